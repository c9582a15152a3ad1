"""Test data from factories (factory_boy and wagtail-factories), made through the same model
methods and services that editors and members go through."""

import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from learning.models import CaseStudyPage
from members.models import Membership, Role
from members.services import apply_role
from tests import helpers

PASSWORD = "a-long-test-password"


class CaseStudyFactory(wagtail_factories.PageFactory):
    """A case study under `parent`, its city page, made as an editor makes one: a revision,
    then its publication unless `publish` is False. `themes` and `tags` are lists."""

    title = factory.Sequence(lambda n: f"Case study {n}")
    slug = ""  # Wagtail makes it from the title, as in the editor (Cyrillic included)
    summary = factory.LazyAttribute(lambda page: f"Summary of {page.title}.")
    period_start = 2020
    status = CaseStudyPage.Status.ONGOING

    class Meta:
        model = CaseStudyPage

    @classmethod
    def _create(cls, model_class, *, parent, themes=(), tags=(), publish=True, **fields):
        page = model_class(live=False, **fields)
        page.themes = list(themes)
        page.tags.set(list(tags))
        parent.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        return model_class.objects.get(pk=page.pk)


class MemberFactory(factory.django.DjangoModelFactory):
    """A person of the platform: an account with a verified email address and a membership of
    `city` (a slug), in the groups of its role, as an approval or an invitation leaves it.
    Moderators and administrators have an authenticator app, which the admin asks them for."""

    role = Role.MEMBER
    city = "utrecht"
    status = Membership.Status.ACTIVE
    email = factory.LazyAttribute(
        lambda person: f"{person.role}.{person.city}.{person.status}@example.org"
    )

    class Meta:
        model = get_user_model()

    @classmethod
    def _create(cls, model_class, *, role, city, status, email):
        user = model_class.objects.create_user(email, PASSWORD, first_name=role.title())
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        membership = Membership.objects.create(
            user=user, city=helpers.city(city), role=role, status=status
        )
        apply_role(membership)
        if role in (Role.MODERATOR, Role.ADMINISTRATOR):
            helpers.with_mfa(user)
        return model_class.objects.get(pk=user.pk)
