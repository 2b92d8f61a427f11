"""Put the sources report together: every handout and packet, each statement it prints with what
it stands on, each part's approval and reading level (shape: handouts.documents.sourcereport).

A section a packet reuses from a handout is shown once, where it first appears, so a clinician
reads each statement once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace

from handouts.checks.content import document_readability, section_readability
from handouts.checks.readability import measures
from handouts.checks.sources import Corpus, corpus, support_of
from handouts.documents.approval import (
    Signed,
    chart_signed,
    policy_ids,
    policy_signed,
    section_signed,
)
from handouts.documents.packet import packet_section_ids
from handouts.documents.sourcereport import (
    Cited,
    ReportDocument,
    ReportPart,
    ReportSource,
    ReportStatement,
    SourceReport,
)
from handouts.load.support import POLICY
from handouts.model import Project, Section, SupportDetail, Timeline


def _approval(signed: Signed) -> str:
    who = signed.approval
    return "" if who is None else f"{who.by} ({who.role}), {who.date.isoformat()}"


def _policy_state(project: Project, item_id: str) -> str:
    assert project.policy is not None
    item = project.policy.items[item_id]
    if item.placeholder:
        return "placeholder, not set by the clinic"
    signed = policy_signed(project, item_id)
    return f"approved by {_approval(signed)}" if signed.state == "approved" else signed.state


def _policy_words(project: Project, item_id: str, lang: str) -> str:
    if project.policy is None or item_id not in project.policy.items:
        return f"{{policy:{item_id}}}"
    item = project.policy.items[item_id]
    words = item.text.get(lang, "")
    others = {loc: own[lang] for loc, own in item.locations.items() if lang in own}
    if others:
        words += " (" + "; ".join(f"{loc}: {text}" for loc, text in others.items()) + ")"
    return words


def _cited(
    project: Project, entry: SupportDetail, where: Corpus, numbers: Mapping[str, int], lang: str
) -> list[Cited]:
    cited = []
    for quote in entry.quotes:
        reference = where.find(quote)
        if reference is None:
            cited.append(Cited("missing", quote, "not found in any source"))
        else:
            cited.append(Cited("quote", quote, f"[{numbers[reference.id]}]"))
    if entry.policy is not None:
        known = project.policy is not None and entry.policy in project.policy.items
        cited.append(
            Cited(
                "policy",
                _policy_words(project, entry.policy, lang),
                f"{entry.policy}: {_policy_state(project, entry.policy)}" if known else "unknown",
            )
        )
    if entry.gloss is not None:
        cited.append(
            Cited("gloss", entry.gloss, "a plain-language meaning the source does not give")
        )
    if entry.not_medical is not None:
        cited.append(Cited("not medical", entry.not_medical))
    return cited


def _section_part(
    project: Project, section: Section, where: Corpus, numbers: Mapping[str, int]
) -> ReportPart:
    support = support_of(project, section)
    statements = []
    known = project.policy.items if project.policy is not None else {}
    for statement in section.statements:
        cited: list[Cited] = []
        for key in statement.keys:
            entry = support.get(key)
            if entry is None:
                cited.append(Cited("missing", f"[@{key}] names no support entry"))
            else:
                cited += _cited(project, entry, where, numbers, section.lang)
        for item_id in statement.policies:
            state = _policy_state(project, item_id) if item_id in known else "unknown item"
            cited.append(
                Cited(
                    "policy", _policy_words(project, item_id, section.lang), f"{item_id}: {state}"
                )
            )
        if not cited:
            cited.append(Cited("missing", "no support"))
        text = POLICY.sub(
            lambda m: "«" + _policy_words(project, m.group(1).strip(), section.lang) + "»",
            statement.text,
        )
        statements.append(ReportStatement(statement.line, text, tuple(cited)))
    signed = section_signed(section)
    readable = section_readability(project, section).summary() if measures(section.lang) else ""
    return ReportPart(
        "section",
        section.id,
        section.title,
        section.source.path,
        signed.state,
        signed.digest,
        _approval(signed),
        readable,
        tuple(statements),
    )


def _when(chart: Timeline, value: str | float, lang: str) -> str:
    for phase in chart.phases:
        if phase.id == value:
            return phase.label.get(lang, phase.id)
    return f"{value} after the treatment" if isinstance(value, str) else f"{value:g} hours after"


def _chart_part(
    project: Project, chart_id: str, lang: str, where: Corpus, numbers: Mapping[str, int]
) -> ReportPart:
    chart = project.charts[chart_id]
    source = chart.source
    statements = []

    def add(line: int | None, text: str, entry: SupportDetail | None) -> None:
        cited = _cited(project, entry, where, numbers, lang) if entry else []
        statements.append(
            ReportStatement(line or 1, text, tuple(cited or [Cited("missing", "no support")]))
        )

    add(source.line_of(("caption",)), chart.caption.get(lang, ""), chart.support.get("caption"))
    for index, effect in enumerate(chart.effects):
        name = effect.name.get(lang, "")
        key = ("effects", index)
        add(
            source.line_of((*key, "starts")),
            f"{name}: starts {_when(chart, effect.starts, lang)}",
            effect.support.get("starts"),
        )
        add(
            source.line_of((*key, "ends")),
            f"{name}: ends {_when(chart, effect.ends, lang)}",
            effect.support.get("ends"),
        )
        if effect.can_last_longer:
            add(
                source.line_of((*key, "can_last_longer")),
                f"{name}: can last a little longer (striped end)",
                effect.support.get("can_last_longer"),
            )
        add(
            source.line_of((*key, "note")),
            f"{name} (what a screen reader hears): {effect.note.get(lang, '')}",
            effect.support.get("note"),
        )
    signed = chart_signed(project, chart_id)
    return ReportPart(
        "chart",
        chart_id,
        chart.title.get(lang, chart_id),
        source.path,
        signed.state,
        signed.digest,
        _approval(signed),
        "",
        tuple(statements),
    )


def _policy_part(project: Project, item_ids: list[str], lang: str) -> ReportPart:
    assert project.policy is not None
    source = project.policy.source
    statements = []
    for item_id in item_ids:
        item = project.policy.items[item_id]
        statements.append(
            ReportStatement(
                source.line_of(("items", item_id)) or 1,
                _policy_words(project, item_id, lang),
                (Cited("policy", item.about, f"{item_id}: {_policy_state(project, item_id)}"),),
            )
        )
    return ReportPart(
        "policy",
        "policy",
        "Clinic policy it prints",
        source.path,
        "",
        "",
        "",
        "",
        tuple(statements),
    )


def _documents(project: Project) -> Iterator[tuple[str, str, dict[str, str], list[str]]]:
    for handout_id, handout in project.handouts.items():
        yield "handout", handout_id, handout.title, list(handout.sections)
    for packet_id, packet in project.packets.items():
        if all(p.handout is None or p.handout in project.handouts for p in packet.parts):
            yield "packet", packet_id, packet.title, packet_section_ids(project, packet)


def source_report(project: Project) -> SourceReport:
    """The report of every handout and packet in every language."""
    where = corpus(project)
    numbers = {sid: n for n, sid in enumerate(where.references, start=1)}
    sources = tuple(
        ReportSource(
            numbers[ref.id],
            ref.id,
            ref.meta.title,
            ref.meta.origin,
            ref.meta.date.isoformat() if ref.meta.date else "date not known",
        )
        for ref in where.references.values()
    )
    documents = []
    shown: dict[tuple[str, str, str], str] = {}
    for lang in project.languages:
        for kind, doc_id, titles, section_ids in _documents(project):
            name = f"{kind} {doc_id}"
            parts: list[ReportPart] = []
            charts: list[str] = []
            policies: list[str] = []
            for sid in section_ids:
                section = project.sections[lang].get(sid)
                if section is None:
                    continue
                key = ("section", lang, sid)
                part = _section_part(project, section, where, numbers)
                if key in shown:
                    part = replace(part, statements=(), shown_in=shown[key])
                else:
                    shown[key] = name
                parts.append(part)
                chart = section.meta.chart
                if chart and "timeline-chart" in section.meta.include and chart in project.charts:
                    charts.append(chart)
                policies += policy_ids(project, section)
            for chart_id in dict.fromkeys(charts):
                key = ("chart", lang, chart_id)
                part = _chart_part(project, chart_id, lang, where, numbers)
                if key in shown:
                    part = replace(part, statements=(), shown_in=shown[key])
                else:
                    shown[key] = name
                parts.append(part)
            if policies:
                parts.append(_policy_part(project, list(dict.fromkeys(policies)), lang))
            approved = all(p.state == "approved" for p in parts if p.kind != "policy") and all(
                policy_signed(project, pid).state == "approved" for pid in dict.fromkeys(policies)
            )
            readable = (
                document_readability(project, lang, section_ids).summary() if measures(lang) else ""
            )
            documents.append(
                ReportDocument(
                    kind, doc_id, lang, titles.get(lang, doc_id), approved, readable, tuple(parts)
                )
            )
    return SourceReport(project.brand.name, sources, tuple(documents))
