"""Clinical sign-off: what a clinician approved, and whether it is still what a document prints.

An approval (``approved: {by, role, on, sha256}``) records the hash of what was approved: a
section's front matter and Markdown (its ``reviewed`` date aside), a chart's data, a policy item.
Any later change gives another hash, so the approval lapses until someone signs again. The hash
is a check against forgetting, not a signature: whoever edits the file could update it, and the
git history shows who did.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from handouts.model import Approval, Project, Record, Section

State = Literal["approved", "not approved", "changed since approval"]


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def section_digest(section: Section) -> str:
    """The hash an approval of ``section`` records: its front matter (without ``approved``,
    ``reviewed`` and a translation's record, which a translator's review changes) and its
    Markdown as written, markers included."""
    # What the file says, not the schema's defaults: a key added to the front matter's schema
    # later must not lapse every approval.
    meta = section.meta.model_dump(
        mode="json", exclude={"approved", "reviewed", "translation"}, exclude_unset=True
    )
    return _digest({"section": meta, "lang": section.lang, "body": section.body})


def record_digest(kind: str, record_id: str, record: Record) -> str:
    """The hash an approval of a chart or a policy item records: all its data but ``approved``."""
    data = record.model_dump(mode="json", exclude={"approved"}, exclude_unset=True)
    return _digest({kind: record_id, "data": data})


def state_of(approval: Approval | None, digest: str) -> State:
    """Whether ``approval`` covers what now hashes to ``digest``."""
    if approval is None:
        return "not approved"
    return "approved" if approval.sha256 == digest else "changed since approval"


@dataclass(frozen=True)
class Signed:
    """One thing a clinician signs, as the manifest and the checks name it."""

    name: str
    """e.g. 'section what-is-ketamine (en)', 'chart side-effect-timeline', 'policy driving'."""
    state: State
    digest: str
    approval: Approval | None


def section_signed(section: Section) -> Signed:
    """A section's sign-off."""
    digest = section_digest(section)
    approval = section.meta.approved
    return Signed(
        f"section {section.id} ({section.lang})", state_of(approval, digest), digest, approval
    )


def chart_signed(project: Project, chart_id: str) -> Signed:
    """A chart's sign-off."""
    chart = project.charts[chart_id]
    digest = record_digest("chart", chart_id, chart)
    return Signed(f"chart {chart_id}", state_of(chart.approved, digest), digest, chart.approved)


def policy_signed(project: Project, item_id: str) -> Signed:
    """A policy item's sign-off (a placeholder is never approved, whatever it records)."""
    assert project.policy is not None
    item = project.policy.items[item_id]
    digest = record_digest("policy", item_id, item)
    state: State = "not approved" if item.placeholder else state_of(item.approved, digest)
    return Signed(f"policy {item_id}", state, digest, item.approved)


def policy_ids(project: Project, section: Section) -> list[str]:
    """The policy items a section prints or cites."""
    english = project.sections.get(project.default_language, {}).get(section.id)
    support = section.meta.support or (english.meta.support if english is not None else {})
    cited = [entry.policy for entry in support.values() if entry.policy]
    ids = [*(pid for _, pid in section.policies), *cited]
    known = project.policy.items if project.policy is not None else {}
    return [pid for pid in dict.fromkeys(ids) if pid in known]


def signed_parts(project: Project, lang: str, section_ids: Iterable[str]) -> list[Signed]:
    """Everything a document made of these sections prints that a clinician signs: each section,
    each chart they draw, each policy item they print, once each, in order."""
    parts: list[Signed] = []
    charts: list[str] = []
    policies: list[str] = []
    for sid in section_ids:
        section = project.sections.get(lang, {}).get(sid)
        if section is None:
            continue
        parts.append(section_signed(section))
        chart = section.meta.chart
        if chart and "timeline-chart" in section.meta.include and chart in project.charts:
            charts.append(chart)
        policies += policy_ids(project, section)
    parts += [chart_signed(project, cid) for cid in dict.fromkeys(charts)]
    parts += [policy_signed(project, pid) for pid in dict.fromkeys(policies)]
    return parts


def approval_state(project: Project, lang: str, section_ids: Iterable[str]) -> dict[str, Any]:
    """A document's approval as the manifest records it: approved when every part is, else what
    is still waiting and why."""
    pending = {p.name: p.state for p in signed_parts(project, lang, section_ids)}
    pending = {name: state for name, state in pending.items() if state != "approved"}
    return {"approved": not pending, "pending": dict(sorted(pending.items()))}
