"""Search filters and facet counts expressed with the ORM, for the database engine and for
checking the index against the database."""

from django.db.models import Count, Q

from learning.models import CaseStudyPage

ThemeLink = CaseStudyPage.themes.through


def apply_filters(case_studies, query, without=None):
    """Narrows a CaseStudyPage queryset by the query's filters (all but `without`)."""
    filters = query.filters(without=without)
    if "theme" in filters:
        tagged = ThemeLink.objects.filter(theme__slug__in=filters["theme"])
        case_studies = case_studies.filter(id__in=tagged.values("casestudypage_id"))
    if "city" in filters:
        case_studies = case_studies.filter(city__slug__in=filters["city"])
    if "status" in filters:
        case_studies = case_studies.filter(status__in=filters["status"])
    if "locale" in filters:
        case_studies = case_studies.filter(locale__language_code__in=filters["locale"])
    if without != "year":
        if query.year_to:
            case_studies = case_studies.filter(period_start__lte=query.year_to)
        if query.year_from:
            case_studies = case_studies.filter(
                Q(period_end__gte=query.year_from) | Q(period_end__isnull=True)
            )
    return case_studies


FACET_FIELDS = {
    "theme": "themes__slug",
    "city": "city__slug",
    "status": "status",
    "locale": "locale__language_code",
    "year": "period_start",
}


def facet_counts(case_studies, facet):
    """(value, count) pairs for one facet, most frequent first."""
    field = FACET_FIELDS[facet]
    rows = (
        case_studies.order_by()
        .values(field)
        .annotate(count=Count("id", distinct=True))
        .filter(**{f"{field}__isnull": False})
    )
    pairs = [(row[field], row["count"]) for row in rows]
    if facet == "year":
        return sorted(pairs)
    return sorted(pairs, key=lambda pair: (-pair[1], str(pair[0])))
