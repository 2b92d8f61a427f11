"""QR codes as inline SVG (vector, so they print sharp at any size), drawn with segno."""

from __future__ import annotations

import segno

from handouts.colors import is_darker

# Four modules of empty margin around the code: the quiet zone the QR standard asks for.
QUIET_ZONE = 4


def qr_svg(url: str, color: str, title: str, background: str = "#ffffff") -> str:
    """An inline <svg> QR code for ``url`` with a <title> (its alt text in a tagged PDF).

    Dark modules take ``color`` and the square behind them ``background``; when the brand draws
    light text on a dark page the two swap, because most phone cameras only read dark-on-light codes.
    """
    dark, light = (color, background) if is_darker(color, background) else (background, color)
    # Error level M at least (segno raises it when the code has room): survives a smudge or fold.
    code = segno.make(url, error="m", micro=False)
    return code.svg_inline(
        dark=dark,
        light=light,
        border=QUIET_ZONE,
        title=title,
        omitsize=True,
        svgclass="qr-code",
        lineclass=None,
    )
