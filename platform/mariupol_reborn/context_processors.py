from django.conf import settings


def navigation(request):
    """What every public page needs for its header: the languages a visitor can switch to."""
    return {"platform_languages": settings.LANGUAGES}
