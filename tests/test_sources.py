"""Content a clinician can sign, on the fixture clinic: every statement names its support, every
quote is in its source, no copied runs, clinic policy as data, sign-off that lapses on change,
reading level on three measures, jargon explained, and the sources report.

The fixture clinic (tests/fixtures/clinic) has one made-up source, content/sources/care-notes.txt,
markers on every statement, two policy items and a (fictional) approval on everything, so it
passes with no finding of these rules; each test breaks one thing in a copy and reads the line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from handouts.checks.copying import RUN, Shingles, shingles
from handouts.checks.readability import SMOG_SENTENCES, _familiar, measure, prose
from handouts.checks.report import source_report
from handouts.checks.sources import normalize, support_of
from handouts.cli import main
from handouts.commands.check import check_project
from handouts.commands.sources import report_lines
from handouts.documents.approval import approval_state, section_digest
from handouts.documents.packet import packet_document
from handouts.load import load_project
from handouts.load.support import read_markup
from handouts.model import Project, Reference, ReferenceMeta
from handouts.paths import ProjectPaths
from handouts.render.document import fill
from handouts.render.html import make_environment
from tests.brandutil import line_of
from tests.clinic import TODAY
from tests.pdfutil import page_texts

AFTER_CARE = "content/sections/en/after-care.md"
CHECKLIST = "content/sections/en/checklist.md"
VISIT_DAY = "content/sections/en/visit-day.md"
POLICY = "content/policy.yaml"
CHART = "content/charts/recovery.yaml"
SOURCE_TITLE = "Care notes for test visits"


def findings(project: Path) -> list[str]:
    """Every finding line of a check run."""
    return [str(p) for p in check_project(ProjectPaths(project), TODAY).problems]


TRANSLATION = re.compile(r": warning: (translation\.(status|source): |not built in )")
"""The fixture clinic's translation warnings (its Chinese drafts, a stale Spanish section and a
handout no one has translated)."""
STALE = ": warning: translation.source: stale: "


@pytest.fixture(scope="module")
def placeholders(clinic: Path) -> set[str]:
    """What check finds in the fixture clinic as it is: its locations' placeholders, and its
    translations' state (drafts, a stale one, a handout not translated: tests/test_languages.py)."""
    found = set(findings(clinic))
    assert all(
        "placeholder value" in f or "example" in f or "not set yet" in f or TRANSLATION.search(f)
        for f in found
    ), found
    return found


def added(project: Path, before: set[str]) -> list[str]:
    """The findings an edit added to the fixture clinic's own (besides its translations going
    stale: an edit to an English section does that, tests/test_languages.py)."""
    return [line for line in findings(project) if line not in before and STALE not in line]


def loaded(project: Path) -> Project:
    """The project as loaded, without its checks."""
    result, problems = load_project(ProjectPaths(project))
    assert result is not None and not problems, problems
    return result


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) once."""
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def without_lapsed(lines: list[str]) -> list[str]:
    """Findings other than the approval an edit lapses (tested on its own below)."""
    return [line for line in lines if ": approved: changed since " not in line]


# --- the fixture clinic passes -----------------------------------------------------------------


def test_the_fixture_clinic_has_no_finding_of_these_rules(
    clinic: Path, placeholders: set[str]
) -> None:
    assert added(clinic, placeholders) == []
    project = loaded(clinic)
    assert source_report(project).unsupported == 0
    # Every statement of every section is supported (not merely unreported).
    statements = [s for s in project.sections["en"].values() for s in s.statements]
    assert len(statements) > 20
    assert all(s.keys or s.policies for s in statements)


# --- unsupported statements, quotes, copies: each reported at its line -------------------------


def test_a_planted_unsupported_sentence_is_reported_at_its_line(
    clinic_copy: Path, placeholders: set[str]
) -> None:
    section = clinic_copy / AFTER_CARE
    edit(
        section,
        "- Go to bed early. [@bed]\n",
        "- Go to bed early. [@bed]\n\nKetamine cures colds.\n",
    )
    assert without_lapsed(added(clinic_copy, placeholders)) == [
        f"{AFTER_CARE}:{line_of(section, 'cures colds')}: warning: support: no source for "
        "'Ketamine cures colds.' (add [@key] after it and its source's words under support:)"
    ]


def test_a_sentence_after_the_last_marker_of_a_paragraph_is_unsupported(
    clinic_copy: Path, placeholders: set[str]
) -> None:
    # The marker closes the statement before it; what follows it has no support.
    section = clinic_copy / AFTER_CARE
    edit(
        section,
        "Rest for the rest of the day. [@rest]",
        "Rest for the rest of the day. [@rest] It cures colds.",
    )
    assert without_lapsed(added(clinic_copy, placeholders)) == [
        f"{AFTER_CARE}:{line_of(section, 'cures colds')}: warning: support: no source for "
        "'It cures colds.' (add [@key] after it and its source's words under support:)"
    ]


def test_a_misquoted_source_is_an_error_at_the_quote(
    clinic_copy: Path, placeholders: set[str]
) -> None:
    section = clinic_copy / AFTER_CARE
    edit(section, 'quiet: ["in a quiet room"]', 'quiet: ["in a calm room"]')
    assert without_lapsed(added(clinic_copy, placeholders)) == [
        f"{AFTER_CARE}:{line_of(section, 'calm room')}: error: support.quiet: quote not found in "
        "any source in content/sources/: 'in a calm room' (copy the words exactly as the source "
        "has them)"
    ]


def test_quotes_match_whatever_their_case_spacing_and_quote_marks(
    clinic_copy: Path, placeholders: set[str]
) -> None:
    section = clinic_copy / AFTER_CARE
    # Curly apostrophe for a straight one, another case, a line break and double spaces.
    edit(
        section,
        'stand: ["Patients stand up slowly and ask for help on the stairs"]',
        'stand:\n    - "PATIENTS  stand up slowly\n      and ask for help on the stairs"',
    )
    assert without_lapsed(added(clinic_copy, placeholders)) == []
    assert normalize("It\u2019s  \u201cmild\u201d \u2013 Here") == 'it\'s "mild" - here'


def test_a_quote_in_a_list_is_located_at_its_own_line(
    clinic_copy: Path, placeholders: set[str]
) -> None:
    section = clinic_copy / AFTER_CARE
    edit(
        section,
        'water: ["Water and a light meal help"]',
        'water:\n    - "Water and a light meal help"\n    - "and cake"',
    )
    assert without_lapsed(added(clinic_copy, placeholders)) == [
        f"{AFTER_CARE}:{line_of(section, 'and cake')}: error: support.water: quote not found in "
        "any source in content/sources/: 'and cake' (copy the words exactly as the source has "
        "them)"
    ]


def test_an_eight_word_copy_is_a_warning_at_its_line(
    clinic_copy: Path, placeholders: set[str]
) -> None:
    section = clinic_copy / AFTER_CARE
    copied = "Move slowly and ask for help on the stairs."
    edit(
        section, "- Go to bed early. [@bed]\n", f"- Go to bed early. [@bed]\n- {copied} [@stand]\n"
    )
    assert without_lapsed(added(clinic_copy, placeholders)) == [
        f"{AFTER_CARE}:{line_of(section, copied)}: warning: copy: 8 words in a row are the same "
        f"as in the source '{SOURCE_TITLE}': 'slowly and ask for help on the stairs' (say it in "
        "your own words)"
    ]


def test_the_copy_check_covers_data_files_too(clinic_copy: Path, placeholders: set[str]) -> None:
    brand = clinic_copy / "content/brand.yaml"
    edit(brand, "Calm care, close to home", "After a visit, patients rest for the rest of the day")
    assert added(clinic_copy, placeholders) == [
        f"content/brand.yaml:{line_of(brand, 'patients rest')}: warning: tagline.en: 11 words in "
        f"a row are the same as in the source '{SOURCE_TITLE}': 'after a visit patients rest for "
        "the rest of the day' (say it in your own words)"
    ]


def _shingles(text: str) -> Shingles:
    meta = ReferenceMeta(id="s", title="S", origin="test", text="s.txt")
    return shingles({"s": Reference(meta, text)})


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("one two three four five six seven", None),  # 7 words: an ordinary phrase
        ("one two three four five six seven eight", 8),
        ("Zero one two three four five six seven eight nine", 9),
        # A sentence break in the copy splits the run: two runs of 4 words.
        ("one two three four. five six seven eight", None),
    ],
)
def test_a_copy_is_eight_words_in_a_row_within_a_sentence(text: str, found: int | None) -> None:
    seen = _shingles("One two three four five six seven eight nine ten.")
    result = seen.longest(text)
    assert (result[0] if result else None) == found
    assert RUN == 8


# --- markers -----------------------------------------------------------------------------------


def test_markers_are_taken_out_line_for_line_and_never_printed() -> None:
    body = "A. [@a] B.\n[@b]\n- C [@c; @d]\n\n| X | Y |\n|---|---|\n| 1 | 2 [@e] |\n"
    markup = read_markup(body, first_line=10)
    assert markup.body.count("\n") == body.count("\n")
    assert "[@" not in markup.body.replace("[@b]", "")  # the line alone is refused, kept as is
    assert [(s.line, s.text, s.keys) for s in markup.statements] == [
        (10, "A.", ("a",)),
        (10, "B.", ("b",)),  # reported (below), and still read as written
        (12, "C", ("c", "d")),
        (16, "1 2", ("e",)),
    ]
    assert markup.problems == (
        (
            2,
            "a marker on a line of its own would split the paragraph; put it at the end of "
            "the statement's last line",
        ),
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "Drink water. [@water]",
            "Drink water. [@waters]",
            "support: marker [@waters] names no entry in the front matter's support: (add "
            "'waters:' with its source quote there)",
        ),
        (
            "Drink water. [@water]",
            "Drink water. [@Water Bottle]",
            "marker '[@Water Bottle]' is not a support marker (expected [@key] or [@key; "
            "@other], keys being lowercase words joined by -)",
        ),
        (
            "- Drink water. [@water]",
            "- [@water] Drink water. [@water]",
            "marker '[@water]' follows no statement; put it after the statement it supports",
        ),
    ],
    ids=["unknown key", "malformed", "before its statement"],
)
def test_marker_mistakes_are_errors_at_their_line(
    clinic_copy: Path, old: str, new: str, message: str
) -> None:
    section = clinic_copy / AFTER_CARE
    edit(section, old, new)
    errors = [line for line in findings(clinic_copy) if ": error: " in line]
    assert errors == [f"{AFTER_CARE}:{line_of(section, new)}: error: {message}"]


def test_an_unused_support_entry_is_a_warning(clinic_copy: Path, placeholders: set[str]) -> None:
    section = clinic_copy / AFTER_CARE
    edit(section, "support:\n", 'support:\n  spare: ["Water and a light meal help"]\n')
    assert without_lapsed(added(clinic_copy, placeholders)) == [
        f"{AFTER_CARE}:{line_of(section, 'spare:')}: warning: support.spare: no [@spare] marker "
        "in the text uses it (remove it, or mark the statement it supports)"
    ]


def test_a_translation_cites_its_original_support(clinic: Path) -> None:
    # A section in another language gives no support: of its own and reuses the markers.
    project = loaded(clinic)
    original = project.sections["en"]["after-care"]
    meta = original.meta.model_copy(update={"support": {}})
    from dataclasses import replace

    translated = replace(original, lang="es", meta=meta)
    assert support_of(project, translated) == original.meta.support
    assert support_of(project, original) == original.meta.support


# --- the chart ---------------------------------------------------------------------------------


def test_each_bar_cites_its_start_end_and_note(clinic_copy: Path, placeholders: set[str]) -> None:
    chart = clinic_copy / CHART
    text = chart.read_text()
    start = text.index('    support:\n      starts: "Sleepiness')
    end = text.index("  - name:", start)
    chart.write_text(text[:start] + text[end:])
    assert without_lapsed(added(clinic_copy, placeholders)) == [
        f"{CHART}:{line_of(chart, 'starts: first-hours')}: warning: support: no source for "
        "'Sleepiness: starts first-hours' (add the source's words under the effect's support: "
        "starts)",
        f"{CHART}:{line_of(chart, 'ends: 2 hours')}: warning: support: no source for "
        "'Sleepiness: ends 2 hours' (add the source's words under the effect's support: ends)",
        f"{CHART}:{line_of(chart, 'sleepy for up to 2 hours') - 1}: warning: support: no source for "
        "'Sleepiness: You may feel sleepy for up to 2 hours.' (add the source's words under the "
        "effect's support: note)",
    ]


def test_a_misquoted_bar_is_an_error(clinic_copy: Path, placeholders: set[str]) -> None:
    chart = clinic_copy / CHART
    edit(chart, 'ends: "fades within about an hour"', 'ends: "fades within about two hours"')
    assert without_lapsed(added(clinic_copy, placeholders)) == [
        f"{CHART}:{line_of(chart, 'about two hours')}: error: effects.1.support.ends: quote not found in "
        "any source in content/sources/: 'fades within about two hours' (copy the words exactly "
        "as the source has them)"
    ]


# --- clinic policy -----------------------------------------------------------------------------


def test_policy_prints_as_text_per_location(clinic_copy: Path) -> None:
    policy = clinic_copy / POLICY
    edit(
        policy,
        "      zh-Hans: 请别人开车送您。\n",
        "      zh-Hans: 请别人开车送您。\n    locations:\n      north-shore:\n"
        "        en: <b>Call</b> a cab & go\n",
    )
    project = loaded(clinic_copy)
    env = make_environment(project.paths.templates)
    north = fill(env, project, packet_document(project, "first-visit", "north-shore", "en"), None)
    down = fill(env, project, packet_document(project, "first-visit", "downtown", "en"), None)
    assert "&lt;b&gt;Call&lt;/b&gt; a cab &amp; go" in north.html
    assert "<b>Call" not in north.html and "{policy:" not in north.html
    assert "Ask someone to drive you." in down.html
    assert "Ask someone to drive you." not in north.html


def test_the_built_packet_prints_the_policy_words(clinic_build: object, clinic: Path) -> None:
    # The checklist holds {policy:ride-home}, never the words; the PDF holds the words.
    assert "Ask someone to drive you." not in (clinic / CHECKLIST).read_text()
    pdfs = [p.path for p in clinic_build.pdfs if p.path.name == "first-visit-packet.pdf"]  # type: ignore[attr-defined]
    assert pdfs
    for path in pdfs:
        text = " ".join(page_texts(path))
        assert "Ask someone to drive you." in text
        assert "{policy" not in text and "[@" not in text


def test_policy_placeholders_and_mistakes_are_reported(clinic_copy: Path) -> None:
    policy = clinic_copy / POLICY
    text = policy.read_text()
    text = text.replace(
        "      zh-Hans: 如有紧急情况，请拨打911。\n",
        "      zh-Hans: 如有紧急情况，请拨打911。\n    placeholder: true\n",
    )
    text += (
        "  after-hours:\n    about: who to call at night\n    text:\n      en: Call (555) 010-0199.\n"
        "    locations:\n      uptown:\n        en: Call (555) 010-0198.\n"
    )
    policy.write_text(text)
    section = clinic_copy / CHECKLIST
    edit(section, "{policy:ride-home}", "{policy:ride-home} {policy:taxi}")
    lines = findings(clinic_copy)
    assert (
        f"{CHECKLIST}:{line_of(section, 'policy:taxi')}: error: policy: {{policy:taxi}} names no item of content/policy.yaml (expected one of: emergency, ride-home, after-hours)"
        in lines
    )
    assert (
        f"{POLICY}:{line_of(policy, 'uptown:')}: error: items.after-hours.locations: 'uptown' is not a location (expected one of: downtown, north-shore)"
        in lines
    )
    assert (
        f"{POLICY}:{line_of(policy, '  emergency:')}: warning: items.emergency: placeholder: the "
        "clinic has not set this yet (when to call 911); patients read 'In an emergency, call "
        "911.' until it sets its words, removes 'placeholder: true' and has a clinician approve "
        "them"
    ) in lines
    assert (
        f"{POLICY}:{line_of(policy, '  after-hours:')}: warning: items.after-hours: 'Call (555) "
        "010-0199.' holds a fictional number or example address; set the real one"
    ) in lines
    assert (
        f"{POLICY}:{line_of(policy, '  after-hours:')}: warning: items.after-hours: no section "
        "prints it ({policy:after-hours}) or cites it (policy: after-hours), so patients never "
        "read it"
    ) in lines


def test_a_letter_the_fonts_lack_in_policy_is_an_error(clinic_copy: Path) -> None:
    policy = clinic_copy / POLICY
    # Thai: a script no shipped font covers (Chinese, Korean and Cyrillic have fallback fonts).
    edit(policy, "Ask someone to drive you.", "Ask \u0e01 to drive you.")
    errors = [line for line in findings(clinic_copy) if ": error: " in line]
    assert errors == [
        f"{POLICY}:{line_of(policy, 'to drive you')}: error: items.ride-home.text.en: '\u0e01' "
        "(U+0E01 THAI CHARACTER KO KAI) cannot be printed: the fonts in templates/fonts/ "
        "have no such letter (write it another way, or add a font that has it)"
    ]


# --- sign-off ----------------------------------------------------------------------------------


def test_an_edited_section_loses_its_approval(clinic_copy: Path, placeholders: set[str]) -> None:
    section = clinic_copy / AFTER_CARE
    edit(section, "- Drink water. [@water]", "- Drink a glass of water. [@water]")
    project = loaded(clinic_copy)
    digest = section_digest(project.sections["en"]["after-care"])
    assert added(clinic_copy, placeholders) == [
        f"{AFTER_CARE}:{line_of(section, 'approved:')}: warning: approved: changed since Dr. Test "
        "Reviewer (Medical director (fictional)) approved it on 2026-10-01; once a clinician has "
        f"read it again, record the new date and sha256: {digest}"
    ]
    # Recording what the message says approves it again.
    text = section.read_text()
    section.write_text(re.sub(r"sha256: [0-9a-f]{64}", f"sha256: {digest}", text, count=1))
    assert added(clinic_copy, placeholders) == []


def test_a_new_review_date_keeps_the_approval(clinic_copy: Path, placeholders: set[str]) -> None:
    edit(clinic_copy / AFTER_CARE, "reviewed: 2026-10-01", "reviewed: 2026-11-01")
    assert added(clinic_copy, placeholders) == []


def test_unapproved_content_is_a_warning_and_strict_makes_it_an_error(
    clinic_copy: Path, placeholders: set[str]
) -> None:
    section = clinic_copy / VISIT_DAY
    text = section.read_text()
    section.write_text(re.sub(r"approved: .*\n", "", text))
    digest = section_digest(loaded(clinic_copy).sections["en"]["visit-day"])
    expected = (
        f"{VISIT_DAY}:1: warning: approved: not approved by a clinician yet; once one has read "
        "it, record approved: {by: NAME, role: ROLE, date: YYYY-MM-DD, sha256: "
        f"{digest}}}"
    )
    assert added(clinic_copy, placeholders) == [expected]
    strict = check_project(ProjectPaths(clinic_copy), TODAY, strict=True)
    assert expected.replace(": warning: ", ": error: ") in [str(p) for p in strict.problems]
    assert strict.exit_code == 1


def test_on_as_a_key_gets_a_plain_message(clinic_copy: Path) -> None:
    section = clinic_copy / VISIT_DAY
    text = section.read_text()
    section.write_text(text.replace(", date: 2026-10-01,", ", on: 2026-10-01,"))
    errors = [line for line in findings(clinic_copy) if ": error: " in line]
    assert errors == [
        f"{VISIT_DAY}:{line_of(section, 'approved:')}: error: approved: write the day as "
        "'date: YYYY-MM-DD' ('on:' reads as true in YAML)"
    ]


def test_the_manifest_records_each_pdfs_approval(clinic_build: object, clinic_copy: Path) -> None:
    manifest = json.loads(clinic_build.manifest.read_text())  # type: ignore[attr-defined]
    assert manifest["pdfs"]
    assert all(e["approval"] == {"approved": True, "pending": {}} for e in manifest["pdfs"])
    # An edited chart and an unset policy item hold back every document that prints them.
    edit(clinic_copy / CHART, "You may feel sleepy for up to 2 hours.", "You may feel sleepy.")
    edit(
        clinic_copy / POLICY,
        "      zh-Hans: 请别人开车送您。\n",
        "      zh-Hans: 请别人开车送您。\n    placeholder: true\n",
    )
    project = loaded(clinic_copy)
    packet = approval_state(project, "en", ["checklist", "recovery-timeline"])
    assert packet == {
        "approved": False,
        "pending": {
            "chart recovery": "changed since approval",
            "policy ride-home": "not approved",
        },
    }
    assert approval_state(project, "en", ["visit-day", "call-us"]) == {
        "approved": True,
        "pending": {},
    }


# --- reading level and jargon ------------------------------------------------------------------


def test_three_measures_offline() -> None:
    easy = measure("The cat sat on the mat. The dog ran to the cat.")
    assert easy.flesch_kincaid < 2 and easy.dale_chall < 5 and easy.smog < 5
    hard = measure(
        "Ketamine modulates glutamatergic neurotransmission, enhancing synaptic plasticity "
        "in treatment-resistant depression."
    )
    assert hard.flesch_kincaid > 14 and hard.smog > 14 and hard.dale_chall_band[0] == 16
    assert measure("") == measure("   ")


def test_dale_chall_counts_inflections_of_familiar_words_as_familiar() -> None:
    from textstat.backend import utils

    easy = utils.get_lang_easy_words("en")
    for word in ("hours", "stopped", "helping", "feels", "easier", "cities"):
        assert _familiar(word, easy), word
    for word in ("ketamine", "nausea", "dissociation"):
        assert not _familiar(word, easy), word


def test_smog_counts_from_thirty_sentences() -> None:
    long_words = "Ketamine medicine ketamine medicine."
    short = measure(" ".join([long_words] * (SMOG_SENTENCES - 1)))
    full = measure(" ".join([long_words] * SMOG_SENTENCES))
    assert short.smog > 8 and full.smog > 8
    assert not any(m.startswith("SMOG") for m in short.above(8))
    assert any(m.startswith("SMOG") for m in full.above(8))


def test_headings_and_bullets_end_as_sentences() -> None:
    assert prose(["Dizziness", "Stand up slowly.", "  ", "Call us:"]) == (
        "Dizziness. Stand up slowly. Call us:"
    )


def test_jargon_must_be_explained_where_a_document_first_uses_it(
    clinic_copy: Path, placeholders: set[str]
) -> None:
    settings = clinic_copy / "content/settings.yaml"
    settings.write_text(settings.read_text() + "jargon:\n  BP: [blood pressure]\n  sweater: []\n")
    section = clinic_copy / VISIT_DAY
    shown_bp = (
        f"{VISIT_DAY}:{line_of(section, 'BP</abbr>')}: warning: jargon: 'BP' is not explained "
        "where it is first used (explain it here or in the next paragraph, with 'blood "
        "pressure'); in handout 'visit-guide' and packet 'first-visit'"
    )
    shown_sweater = (
        f"{VISIT_DAY}:{line_of(section, '- a warm sweater')}: warning: jargon: 'sweater' is a word to "
        "avoid (content/settings.yaml, jargon:); use plain words instead; in handout "
        "'visit-guide' and packet 'first-visit'"
    )
    assert added(clinic_copy, placeholders) == [shown_sweater, shown_bp]
    # Explained in the next paragraph: fine.
    edit(
        section,
        "before you leave. [@pressure]",
        "before you leave. [@pressure]\n\nBP means blood pressure. [@pressure]",
    )
    assert without_lapsed(added(clinic_copy, placeholders)) == [shown_sweater]


def test_a_document_too_hard_as_a_whole_is_reported(clinic_copy: Path) -> None:
    settings = clinic_copy / "content/settings.yaml"
    edit(settings, "max_reading_grade: 8", "max_reading_grade: 3")
    lines = [line for line in findings(clinic_copy) if "reading level" in line]
    handout = clinic_copy / "content/handouts/aftercare.yaml"
    assert any(
        line.startswith(
            f"content/handouts/aftercare.yaml:{line_of(handout, 'sections:')}: warning: reading level: as a whole (en)"
        )
        for line in lines
    ), lines


# --- the sources report ------------------------------------------------------------------------


def test_the_report_shows_each_statement_once_with_its_quote(clinic: Path) -> None:
    report = source_report(loaded(clinic))
    lines = report_lines(report)
    text = "\n".join(lines)
    section = clinic / AFTER_CARE
    line = line_of(section, "Rest in a quiet room.")
    assert f'  {line:>4}  Rest in a quiet room.\n          [1] "in a quiet room"' in text
    assert f"[1] {SOURCE_TITLE}. Written for the tests (fictional). 2026-09-01." in text
    # The packet reuses the handout's after-care: shown once, then pointed at.
    assert text.count("Rest in a quiet room.") == 1
    assert "(its statements are shown above, under handout aftercare)" in text
    # Policy in the text, with its state; the chart's bars with their quotes.
    assert "Get a ride home. «Ask someone to drive you.»" in text
    assert "policy (ride-home: approved by Dr. Test Reviewer" in text
    assert (
        'Sleepiness: ends 2 hours after the treatment\n          [1] "Sleepiness can last' in text
    )
    assert lines[-1] == "Statements without support: 0"
    # Every document in every language (its translations carry the same markers).
    kinds = [(d.kind, d.id) for d in report.documents]
    assert kinds == 3 * [
        ("handout", "aftercare"),
        ("handout", "visit-guide"),
        ("packet", "first-visit"),
    ]


def test_cli_sources_prints_the_report_and_writes_a_pdf(clinic: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["sources", "--project", str(clinic)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "Sources and sign-off: Harbor Test Clinic"
    target = tmp_path / "report.pdf"
    result = runner.invoke(
        main, ["sources", "--pdf", "--output", str(target), "--project", str(clinic)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote {target}")
    text = " ".join(page_texts(target))
    assert "Rest in a quiet room." in text and "in a quiet room" in text
    assert "Statements without support: 0" in text
    import page as pdf_validator

    assert pdf_validator.validate_pdf(target, profile="ua1").is_compliant


def test_cli_sources_output_needs_pdf(clinic: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["sources", "--output", str(tmp_path / "r.pdf"), "--project", str(clinic)]
    )
    assert result.exit_code == 2
    assert "only with --pdf" in result.stderr


def test_sources_passes_the_same_gate(clinic_copy: Path) -> None:
    edit(clinic_copy / AFTER_CARE, 'quiet: ["in a quiet room"]', 'quiet: ["in a calm room"]')
    result = CliRunner().invoke(main, ["sources", "--project", str(clinic_copy)])
    assert result.exit_code == 1
    assert "error: support.quiet: quote not found" in result.stderr
