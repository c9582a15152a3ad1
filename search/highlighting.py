"""Marking the words of a search in a text that was found by them, as the database engine does
for case studies and both engines for knowledge requests."""

from django.utils.html import escape

from .text import WORD, index_forms

SNIPPET_WIDTH = 160


def highlight(text: str, keys: set[str], language: str, width: int | None = SNIPPET_WIDTH) -> str:
    """`text` with the words matching one of the index terms `keys` (as written or in their
    dictionary form) wrapped in <mark>: an excerpt of `width` characters around the first
    match, or the whole text without a width; "" when nothing matches."""
    if not text:
        return ""
    spans = [
        m.span() for m in WORD.finditer(text) if not keys.isdisjoint(index_forms(m[0], language))
    ]
    if not spans:
        return ""
    start, end = 0, len(text)
    if width:
        first = spans[0][0]
        start = max(0, first - width // 3)
        if start:  # begin at a word, not inside one
            start = text.find(" ", start, first) + 1 or first
        end = min(end, start + width)
    html, at = [], start
    for left, right in spans:
        if left >= end:
            break
        html += [escape(text[at:left]), "<mark>", escape(text[left:right]), "</mark>"]
        at = right
    html.append(escape(text[at:end]))
    return ("…" if start else "") + "".join(html) + ("…" if end < len(text) else "")
