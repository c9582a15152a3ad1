"""The moderation workflow: every case study (and city page) under a cities index goes to the
moderators for review before it is published. Wagtail emails the moderators when something is
submitted and the submitter when it is approved or sent back with a comment."""

from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from cities.models import CityIndexPage

from .roles import MODERATORS_GROUP

WORKFLOW_NAME = "Case study review"
TASK_NAME = "Moderator review"


def ensure_moderation_workflow():
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.set([Group.objects.get_or_create(name=MODERATORS_GROUP)[0]])
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for index in CityIndexPage.objects.all():
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow
