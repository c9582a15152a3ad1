"""Searching across languages through the moderated glossary (learning.GlossaryTerm): a query
word or phrase that names a concept, in any of its forms, also searches the concept's names in
the other languages (and its synonyms), with less weight than the words typed."""

from dataclasses import dataclass

from learning.kept import Kept
from learning.models import GlossaryTerm
from learning.models.glossary import TERM_FIELDS

from .text import fold, lemma, lowered, query_forms, words

# The weight of a match on a glossary name against a match on the words typed, by engine, as
# measured on the relevance suite's cross-language set (docs/search-quality.md). The database
# engine scales both rankings to their best; Elasticsearch adds BM25 scores, and its language
# fields count a word's rarity among one language's case studies, which makes a Dutch or
# Polish name score lower there than the words typed in a larger language.
WEIGHTS = {"database": 0.5, "elasticsearch": 0.7}


@dataclass(frozen=True)
class Term:
    text: str  # as the glossary writes it
    language: str
    forms: tuple  # per word: the forms it matches (as written, folded; and its lemma)

    @property
    def variants(self):
        """The term as index terms: as written, and in dictionary forms."""
        return tuple(
            dict.fromkeys([tuple(f[0] for f in self.forms), tuple(f[-1] for f in self.forms)])
        )


@dataclass(frozen=True)
class Expansion:
    """A concept named in the query: what was typed, and the names searched besides."""

    typed: str
    language: str  # of the name that matched
    terms: tuple  # the concept's other names (Term), all languages
    preferred: tuple  # (language, preferred name) for the languages other than `language`


def expand(text, by_form=None):
    """The concepts the words of `text` name, longest names first, each word used once.
    `by_form` is the glossary as `concepts()` reads it, for many texts at once."""
    typed = [lowered(word) for word in words(text)]
    if not typed:
        return []
    forms = [set(query_forms(word)) for word in typed]
    expansions, position = [], 0
    by_form = concepts() if by_form is None else by_form
    while position < len(typed):
        match = _longest_match(by_form, forms, position)
        if match is None:
            position += 1
            continue
        term, names = match
        length = len(term.forms)
        expansions.append(
            Expansion(
                typed=" ".join(typed[position : position + length]),
                language=term.language,
                terms=tuple(other for other in names if other.forms != term.forms),
                preferred=tuple(
                    (code, next(t.text for t in names if t.language == code))
                    for code in TERM_FIELDS
                    if code != term.language and any(t.language == code for t in names)
                ),
            )
        )
        position += length
    return expansions


def _longest_match(by_form, forms, position):
    """(name, the concept's names) of the longest name that the words from `position` on
    match, each word in one of its forms; None if no name starts there."""
    candidates = {id(names): names for form in forms[position] for names in by_form.get(form, ())}
    best = None
    for names in candidates.values():
        for term in names:
            end = position + len(term.forms)
            if end > len(forms) or (best and len(term.forms) <= len(best[0].forms)):
                continue
            if all(forms[position + i] & set(term.forms[i]) for i in range(len(term.forms))):
                best = (term, names)
    return best


def _build():
    by_form = {}
    for concept in GlossaryTerm.objects.all():
        names = _names(concept)
        for term in names:
            if term.forms:
                for form in term.forms[0]:
                    by_form.setdefault(form, []).append(names)
    return by_form


def _names(concept):
    """A concept's names (Terms), in every language."""
    return tuple(
        Term(text, code, _forms(text, code)) for code in TERM_FIELDS for text in concept.terms(code)
    )


def _forms(text, language):
    plain = [lowered(word) for word in words(text)]
    return tuple(tuple(dict.fromkeys([fold(word), lemma(word, language)])) for word in plain)


# Each process keeps its own copy, built again after a moderator's change (search/signals.py).
_concepts = Kept("search:glossary", _build)


def concepts():
    """first-word form → the names (Terms) of each concept with a name starting with it."""
    return _concepts.get()


def _build_phrases():
    phrases = {}
    for names in {id(names): names for group in concepts().values() for names in group}.values():
        for variant in _phrases_among(names):
            phrases.setdefault(variant[0], set()).add(variant)
    return phrases


def _phrases_among(names):
    return [variant for term in names for variant in term.variants if len(variant) > 1]


# Renewed with the concepts (the same version key).
_phrases = Kept("search:glossary", _build_phrases)


def one_term(variant):
    """A name's variant (Term.variants) as one index term: its words joined by "0", which
    PostgreSQL's parser keeps in one word (`heat0pump`, `тепловий0насос`)."""
    return "0".join(variant)


def names_in(terms):
    """The glossary's names of several words that a sequence of index terms holds, each as
    one_term, in the order found. PostgreSQL's GIN index keeps no word order, so it checks a
    phrase by reading each candidate row's vector again; its index also keeps these names as
    single terms, which searches ask for instead (engines/fulltext.py)."""
    phrases = _phrases.get()
    found = {}
    for position, term in enumerate(terms):
        for variant in phrases.get(term, ()):
            if tuple(terms[position : position + len(variant)]) == variant:
                found[one_term(variant)] = None
    return list(found)


def phrases_of(concept):
    """The variants (tuples of index terms) of a concept's names of several words."""
    return _phrases_among(_names(concept))


def clear():
    _concepts.changed()
