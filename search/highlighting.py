"""Marking the words of a search in a text that was found by them, as the database engine does
for case studies and both engines for knowledge requests."""

from itertools import takewhile

from django.utils.html import escape

from .text import WORD, index_forms

SNIPPET_WIDTH = 160


def highlight(text: str, keys: set[str], language: str, width: int | None = SNIPPET_WIDTH) -> str:
    """`text` with the words matching one of the index terms `keys` (as written or in their
    dictionary form) wrapped in <mark>: an excerpt of `width` characters around the first
    match, or the whole text without a width; "" when nothing matches."""
    if not text:
        return ""
    found = (
        m.span() for m in WORD.finditer(text) if not keys.isdisjoint(index_forms(m[0], language))
    )
    first = next(found, None)
    if first is None:
        return ""
    start, end = 0, len(text)
    if width:
        start = max(0, first[0] - width // 3)
        if start:  # begin at a word, not inside one
            start = text.find(" ", start, first[0]) + 1 or first[0]
        end = min(end, start + width)
    # The words past the excerpt are not looked at: a body has thousands.
    spans = [first, *takewhile(lambda span: span[0] < end, found)]
    html, at = [], start
    for left, right in spans:
        html += [escape(text[at:left]), "<mark>", escape(text[left:right]), "</mark>"]
        at = right
    html.append(escape(text[at:end]))
    return ("…" if start else "") + "".join(html) + ("…" if end < len(text) else "")
