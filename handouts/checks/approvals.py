"""Clinical sign-off: a warning for each section, chart and policy item no clinician has approved,
or that changed since it was approved (``--strict`` makes them errors, for a release)."""

from __future__ import annotations

from handouts.documents.approval import Signed, chart_signed, policy_signed, section_signed
from handouts.errors import Problem, warning
from handouts.model import Project, Source


def approval_message(signed: Signed) -> str:
    """What is missing, and the exact line to record once a clinician has read it."""
    if signed.state == "changed since approval" and signed.approval is not None:
        who = signed.approval
        return (
            f"changed since {who.by} ({who.role}) approved it on {who.date.isoformat()}; once a "
            f"clinician has read it again, record the new date and sha256: {signed.digest}"
        )
    return (
        "not approved by a clinician yet; once one has read it, record "
        f"approved: {{by: NAME, role: ROLE, date: YYYY-MM-DD, sha256: {signed.digest}}}"
    )


def _finding(source: Source, signed: Signed, key: tuple[str, ...]) -> Problem:
    line = source.line_of((*key, "approved")) if (*key, "approved") in source.lines else None
    return warning(
        source.path,
        approval_message(signed),
        line or source.line_of(key) or 1,
        ".".join((*key, "approved")),
    )


def approval_problems(project: Project) -> list[Problem]:
    """Every section, chart and (set) policy item that is not approved as it stands."""
    problems = []
    for sections in project.sections.values():
        for section in sections.values():
            signed = section_signed(section)
            if signed.state != "approved":
                problems.append(_finding(section.source, signed, ()))
    for chart_id, chart in project.charts.items():
        signed = chart_signed(project, chart_id)
        if signed.state != "approved":
            problems.append(_finding(chart.source, signed, ()))
    if project.policy is not None:
        for item_id, item in project.policy.items.items():
            if item.placeholder:
                continue  # reported as a placeholder (handouts.checks.clinic_policy)
            signed = policy_signed(project, item_id)
            if signed.state != "approved":
                problems.append(_finding(project.policy.source, signed, ("items", item_id)))
    return problems
