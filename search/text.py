"""Words as the database index sees them: normalised, and with their dictionary form (lemma), the
same for documents and queries.

Normalising: Unicode NFC, lower case, the Ukrainian apostrophes (’ ʼ ') made one and dropped
inside words, Latin letters without diacritics (so *zrodla* finds *źródła*, *lodz* finds
*Łódź*), while Cyrillic letters such as й and ї stay as they are.

Lemmas: Ukrainian through pymorphy3's morphological dictionary, Polish through Morfeusz 2's,
English and Dutch through simplemma. They load their data on first use and lemmas are kept per
process, so a word is looked up once.
"""

import re
import unicodedata
from functools import cache, lru_cache

from django.conf import settings

WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
APOSTROPHES = re.compile(r"['’ʼ]")
LATIN_EXTRA = str.maketrans({"ł": "l", "ß": "ss", "ø": "o", "đ": "d", "æ": "ae", "œ": "oe"})


def lowered(word):
    """A word in lower case (NFC) without apostrophes: what the lemmatisers are given."""
    return APOSTROPHES.sub("", unicodedata.normalize("NFC", word).lower())


def fold(word):
    """A lowered word as the index stores it: Latin letters without their diacritics."""
    return word if word.isascii() else "".join(_fold(char) for char in word)


def normalise(word):
    """One word as the index stores it."""
    return fold(lowered(word))


@cache
def _fold(char):
    """A Latin letter without its diacritics; any other character as it is."""
    if "LATIN" not in unicodedata.name(char, ""):
        return char
    decomposed = unicodedata.normalize("NFD", char.translate(LATIN_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def one_apostrophe(text):
    """Text with every apostrophe as U+0027: the form of the Ukrainian hunspell dictionary, for
    Elasticsearch, whose node has no character filters to do it."""
    return APOSTROPHES.sub("'", text)


def words(text):
    """The words of a text, as written."""
    return WORD.findall(text or "")


@lru_cache(maxsize=500_000)
def lemma(word, language):
    """The dictionary form of a lowered word in a language, as the index stores it (the word
    itself in a language without a lemmatiser, or for a number). Diacritics are folded after
    finding it: the lemmatisers know dzielnicach and szkołach, not szkolach."""
    lemmatise = LEMMATISERS.get(language)
    return normalise(lemmatise(word)) if lemmatise and word.isalpha() else fold(word)


@cache
def _ukrainian():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="uk")


def _ukrainian_lemma(word):
    return _ukrainian().parse(word)[0].normal_form


@cache
def _polish():
    import morfeusz2

    return morfeusz2.Morfeusz(generate=False, case_handling=morfeusz2.IGNORE_CASE)


def _polish_lemma(word):
    """The lemma of Morfeusz's first reading as a noun, else of its first reading, without
    qualifiers (dach for dachy, Gdańsk for Gdańsku, miasto for mieście); the word itself when
    Morfeusz does not know it. Searches are mostly nouns, so a noun's forms must meet."""
    readings = [reading for _start, _end, reading in _polish().analyse(word)]
    nouns = [reading for reading in readings if reading[2].startswith("subst")]
    return (nouns or readings)[0][1].split(":")[0] if readings else word


def _simplemma(language):
    def lemmatise(word):
        import simplemma

        return simplemma.lemmatize(word, lang=language)

    return lemmatise


LEMMATISERS = {
    "uk": _ukrainian_lemma,
    "en": _simplemma("en"),
    "nl": _simplemma("nl"),
    "pl": _polish_lemma,
}


@lru_cache(maxsize=500_000)
def index_forms(word, language):
    """A word as written in a text of this language, as the index has it: normalised, and its
    lemma. Kept per process: a text's words are mostly words seen before."""
    plain = lowered(word)
    return fold(plain), lemma(plain, language)


def language_of(text, default):
    """The content language `text` is written in, as simplemma's word lists tell; `default`
    when they cannot (too few known words)."""
    import simplemma

    codes = tuple(code for code, _name in settings.LANGUAGES)
    best, share = simplemma.langdetect(text, lang=codes)[0]
    return best if best in codes and share > 0 else default


def analyse(text, language):
    """The text as index terms: every word normalised, in order, then every word's lemma, in
    order. Keeping both sequences in order lets phrases match either as written or in their
    dictionary forms, and a word as written counts twice, so exact words rank first."""
    pairs = [index_forms(word, language) for word in words(text)]
    return " ".join([surface for surface, _ in pairs] + [lemma for _, lemma in pairs])


def query_forms(word):
    """The index terms a query word may match: the word itself and its lemma in each content
    language, since a query's language is not known (a Ukrainian query on the English
    interface)."""
    plain = lowered(word)
    forms = [fold(plain)] + [lemma(plain, code) for code, _ in settings.LANGUAGES]
    return list(dict.fromkeys(forms))


def query_words(text):
    """The lowered words of a query, duplicates dropped."""
    return list(dict.fromkeys(lowered(word) for word in words(text)))
