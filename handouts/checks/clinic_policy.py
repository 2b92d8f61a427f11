"""Clinic policy (content/policy.yaml): every item in every language, for known locations, used
by some section, and reported while it is still a placeholder."""

from __future__ import annotations

from handouts.checks.placeholders import is_example_address, is_fictional_phone
from handouts.checks.sources import shorten
from handouts.documents.approval import policy_ids
from handouts.errors import Problem, error, warning
from handouts.model import Project


def policy_problems(project: Project) -> list[Problem]:
    """Missing words, unknown locations, unused items, placeholders and fictional numbers."""
    policy = project.policy
    if policy is None:
        return []
    source = policy.source
    path = source.path
    used = {
        pid
        for sections in project.sections.values()
        for section in sections.values()
        for pid in policy_ids(project, section)
    }
    problems: list[Problem] = []
    for item_id, item in policy.items.items():
        key = ("items", item_id)
        field = f"items.{item_id}"
        for lang in project.languages[:1]:  # other languages: see handouts.checks.translations
            if lang not in item.text:
                problems.append(
                    error(
                        path,
                        f"no text for language '{lang}'",
                        source.line_of((*key, "text")),
                        f"{field}.text",
                    )
                )
        for location in item.locations:
            if location not in project.locations:
                known = ", ".join(project.locations)
                problems.append(
                    error(
                        path,
                        f"'{location}' is not a location (expected one of: {known})",
                        source.line_of((*key, "locations", location)),
                        f"{field}.locations",
                    )
                )
        if item.placeholder:
            shown = next(iter(item.text.values()), "")
            problems.append(
                warning(
                    path,
                    f"placeholder: the clinic has not set this yet ({item.about}); patients read "
                    f"'{shorten(shown)}' until it sets its words, removes 'placeholder: true' and "
                    "has a clinician approve them",
                    source.line_of(key),
                    field,
                )
            )
        else:
            texts = [
                *item.text.values(),
                *(t for own in item.locations.values() for t in own.values()),
            ]
            for text in texts:
                if is_fictional_phone(text) or is_example_address(text):
                    problems.append(
                        warning(
                            path,
                            f"'{shorten(text)}' holds a fictional number or example address; set "
                            "the real one",
                            source.line_of(key),
                            field,
                        )
                    )
        if item_id not in used:
            problems.append(
                warning(
                    path,
                    "no section prints it ({policy:"
                    + item_id
                    + "}) or cites it (policy: "
                    + item_id
                    + "), so patients never read it",
                    source.line_of(key),
                    field,
                )
            )
    return problems
