"""The wording every PDF needs beyond its pages (content/strings/<lang>.yaml): the language tag a
screen reader picks its voice by, what links, blanks and tick boxes say, the footer's date
pattern and the chart table's headings. One line per missing or unusable value, at its line."""

from __future__ import annotations

import datetime as dt
import re

from handouts.errors import Problem, error
from handouts.model import Project, Strings

# Each key the finishing step, the page furniture and the templates read, with an example.
REQUIRED = {
    "language_tag": "en-US",
    "link_phone": "Call {number}",
    "link_web": "Open {address} in a web browser",
    "link_email": "Write to {address}",
    "blank_line": "blank line, to be filled in by staff",
    "tick_box": "tick box",
    "month_format": "MMMM y",
    "chart_table_follows": "The table below the chart gives the same information.",
    "chart_effect": "Side effect",
    "chart_note": "What to expect",
    "page_number": "Page {page} of {pages}",
    "reviewed_on": "Reviewed {date}",
    "label": "{label}:",
    "time_on_date": "{time} on {date}",
}
PLACEHOLDERS = {
    "link_phone": ("{number}",),
    "link_web": ("{address}",),
    "link_email": ("{address}",),
    "page_number": ("{page}", "{pages}"),
    "reviewed_on": ("{date}",),
    "label": ("{label}",),
    "time_on_date": ("{time}", "{date}"),
}
# A BCP 47 tag as PDF readers use it: language, optional script, optional region.
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?$")
SAMPLE_DAY = dt.date(2026, 11, 20)


def wording_problems(project: Project) -> list[Problem]:
    """Every language's print wording: present, and usable."""
    problems: list[Problem] = []
    for lang, strings in project.strings.items():
        problems += _wording(lang, strings)
    return problems


def _wording(lang: str, strings: Strings) -> list[Problem]:
    path, values = strings.source.path, strings.values
    problems = []
    for key, example in REQUIRED.items():
        if key not in values:
            problems.append(
                error(path, f"missing (every PDF needs it, e.g. {key}: {example})", None, key)
            )
    tag = values.get("language_tag")
    line = strings.source.line_of(("language_tag",))
    if tag is not None and not LANGUAGE_TAG.match(tag):
        problems.append(
            error(
                path,
                f"'{tag}' is not a language tag (expected e.g. en-US, es-US or zh-Hans)",
                line,
                "language_tag",
            )
        )
    elif tag is not None and tag.split("-")[0] != lang.split("-")[0]:
        problems.append(
            error(
                path,
                f"'{tag}' is not a tag for language '{lang}' (expected it to start with "
                f"'{lang.split('-')[0]}', e.g. {lang.split('-')[0]}-US)",
                line,
                "language_tag",
            )
        )
    for key, blanks in PLACEHOLDERS.items():
        words = values.get(key)
        lacking = [blank for blank in blanks if words is not None and blank not in words]
        if lacking:
            problems.append(
                error(
                    path,
                    f"'{words}' lacks {' and '.join(lacking)} (expected e.g. {REQUIRED[key]})",
                    strings.source.line_of((key,)),
                    key,
                )
            )
    pattern = values.get("month_format")
    if pattern is not None:
        problems += _date_pattern(strings, lang, pattern)
    return problems


def _date_pattern(strings: Strings, lang: str, pattern: str) -> list[Problem]:
    from babel.dates import format_date

    try:
        format_date(SAMPLE_DAY, pattern, locale=lang.replace("-", "_"))
    except (ValueError, KeyError, AttributeError) as exc:
        return [
            error(
                strings.source.path,
                f"'{pattern}' is not a date pattern ({exc}; expected e.g. MMMM y)",
                strings.source.line_of(("month_format",)),
                "month_format",
            )
        ]
    return []
