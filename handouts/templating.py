"""The Jinja environment (strict, autoescaping) and the filters templates use."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from handouts.errors import HandoutsError
from handouts.qr import qr_svg


def css_string(value: object) -> str:
    """Quote a value as a CSS string, so data can never close the string or the rule."""
    text = str(value)
    escaped = re.sub(r'[\\"\n\r\f<>]', lambda m: f"\\{ord(m.group()):x} ", text)
    return f'"{escaped}"'


def css_url(value: object) -> str:
    """A CSS url() from a path that validation has already kept inside the project."""
    return f"url({css_string(value)})"


def phone_href(phone: str) -> str:
    """tel: link for a phone number."""
    return "tel:+1" + re.sub(r"\D", "", phone)


def url_label(url: str) -> str:
    """A web address as people read it: no scheme, no trailing slash."""
    return re.sub(r"^https?://", "", url).rstrip("/")


def qr_code(url: str, color: str, title: str, background: str) -> Markup:
    """Template filter: an inline SVG QR code for ``url`` (see handouts.qr.qr_svg)."""
    return Markup(qr_svg(url, color, title, background))


def make_environment(templates: Path) -> jinja2.Environment:
    """Jinja environment for one project: missing values are errors and data is escaped."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=jinja2.select_autoescape(["html", "svg", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        css_string=css_string, css_url=css_url, phone_href=phone_href, url_label=url_label
    )
    env.filters.update(qr_code=qr_code)
    return env


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render one template; a template error becomes one line naming the template."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise HandoutsError(
            f"templates/{exc.name or name}:{exc.lineno}: error: {exc.message}"
        ) from exc
    except jinja2.TemplateNotFound as exc:
        raise HandoutsError(f"templates/{exc.name}: error: template not found") from exc
    except jinja2.UndefinedError as exc:
        raise HandoutsError(f"templates/{name}: error: {exc.message}") from exc


def markup(html: str) -> Markup:
    """Mark HTML that our own pipeline produced (sanitised Markdown, SVG) as safe for templates."""
    return Markup(html)
