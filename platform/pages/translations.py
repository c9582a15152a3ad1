from wagtail.models import Page


def ensure_published_translation(page: Page, locale, **fields) -> Page:
    """The live translation of `page` in `locale`, created from a copy and published if missing.

    `fields` are the translated values (title, introduction, …) set on a new translation only;
    an existing translation is left exactly as editors made it.
    """
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translation = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation
