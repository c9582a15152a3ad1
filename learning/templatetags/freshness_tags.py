from django import template

from ..freshness import checks_for, may_confirm, period_text

register = template.Library()


@register.inclusion_tag("learning/still_accurate_button.html", takes_context=True)
def still_accurate_button(context, page, next_url=""):
    """A button confirming that the case study is still accurate, for those who may edit it;
    nothing for others. After it, the person comes back to `next_url` (default: here)."""
    request = context["request"]
    user = request.user
    show = (
        user.is_authenticated
        and user.has_perm("wagtailadmin.access_admin")  # no page permissions without it
        and may_confirm(user, page)
    )
    return {
        "show": show,
        "page": page,
        "next": next_url or request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def freshness_period(months=None):
    """How long a case study may go unverified, in the active language: "18 months"."""
    return period_text(months)


@register.simple_tag(takes_context=True)
def case_studies_to_check(context):
    """For the account page: what the person is asked to check (see `checks_for`)."""
    return checks_for(context["request"].user)
