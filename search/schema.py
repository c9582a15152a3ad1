"""The search document, declared once: which fields are searched and with what weight, which
are facets. The Elasticsearch mapping and boosts and the database index's columns and weights
are all derived from here; search/documents.py fills the fields from a case study."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Group:
    """Text fields searched together in the database index, with one weight; in
    Elasticsearch each field gets the group's weight as its boost."""

    name: str
    weight: int
    fields: tuple
    short: bool  # small enough to rank a very large set of matches on (see engines.database)


GROUPS = (
    Group("title", 4, ("title",), short=True),
    Group("summary", 3, ("summary",), short=True),
    Group("about", 2, ("theme_names", "tag_names", "city_name"), short=True),
    Group("text", 1, ("body", "details"), short=False),
)
TEXT_FIELDS = tuple(field for group in GROUPS for field in group.fields)
BOOSTS = {field: group.weight for group in GROUPS for field in group.fields}

# Facets and filters: facet name → document field.
FACET_FIELDS = {
    "theme": "themes",
    "city": "city",
    "status": "status",
    "locale": "locale",
    "year": "period_start",
}

# Knowledge requests (search/request_index.py): the question weighs as a case study's title, its
# text and answers as a body.
REQUEST_WEIGHTS = {"title": 4, "text": 1}
