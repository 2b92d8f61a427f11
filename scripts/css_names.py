#!/usr/bin/env python3
"""Write handouts/checks/css_names.py: the CSS property and descriptor names WeasyPrint accepts.

`handouts check` validates the project's stylesheets without importing WeasyPrint (half a second
that `check` does not otherwise need), so it reads these names from a table made once from the
installed WeasyPrint. Run this after changing WeasyPrint's version pin; tests/test_findings.py
fails while the table and the installed WeasyPrint disagree.

Usage: .venv/bin/python scripts/css_names.py
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "handouts" / "checks" / "css_names.py"


def boxes() -> tuple[list[str], list[str]]:
    """The @page margin boxes (@top-left...) and the pseudo-elements (::before...) WeasyPrint
    knows."""
    from weasyprint.css import PAGE_MARGIN_BOXES, PSEUDO_ELEMENTS

    return sorted(PAGE_MARGIN_BOXES), sorted(p for p in PSEUDO_ELEMENTS if p is not None)


def tables() -> tuple[list[str], dict[str, list[str]]]:
    """The property names WeasyPrint lays out or knowingly skips for print, and the descriptors
    of each at-rule it reads (@font-face, @counter-style...)."""
    import weasyprint
    from weasyprint.css.validation import NOT_PRINT_MEDIA
    from weasyprint.css.validation.descriptors import DESCRIPTORS
    from weasyprint.css.validation.expanders import EXPANDERS
    from weasyprint.css.validation.properties import PROPERTIES

    del weasyprint
    names = sorted(set(PROPERTIES) | set(EXPANDERS) | set(NOT_PRINT_MEDIA))
    return names, {rule: sorted(found) for rule, found in sorted(DESCRIPTORS.items())}


def source() -> str:
    """The module's text."""
    import weasyprint

    names, descriptors = tables()
    lines = [
        f'"""CSS names WeasyPrint {weasyprint.__version__} accepts (made by scripts/css_names.py; '
        'do not edit)."""',
        "",
        "PROPERTIES = frozenset(",
        "    {",
        *(f'        "{name}",' for name in names),
        "    }",
        ")",
        "DESCRIPTORS = {",
        *(
            f'    "{rule}": frozenset({{{", ".join(repr(n).replace(chr(39), chr(34)) for n in found)}}}),'
            for rule, found in descriptors.items()
        ),
        "}",
        *(
            f"{name} = frozenset({{{', '.join(repr(n).replace(chr(39), chr(34)) for n in found)}}})"
            for name, found in zip(("MARGIN_BOXES", "PSEUDO_ELEMENTS"), boxes(), strict=True)
        ),
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    """Write the table."""
    TARGET.write_text(source(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
