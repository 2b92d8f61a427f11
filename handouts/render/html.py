"""Fill templates: the Jinja environment (sandboxed, strict, autoescaping) and the filters
templates use.

Templates arrive by pull request like content does, so they run in Jinja's immutable sandbox: a
template can read its context and call the filters below, and nothing else (no attributes that
lead to Python's internals, no changing the data it was given).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from handouts.errors import HandoutsError, Problem, error
from handouts.render.qr import qr_svg


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


LIST_ITEM = re.compile(r"<li>")


def tick_boxes(html: str, words: str, color: str) -> Markup:
    """Template filter: a section's checked HTML with a tick box before each list item (a
    checklist). The box is a small picture whose text alternative is ``words`` ("tick box"), so
    a screen reader announces it where the text says "check each box"; ``color`` is a brand
    colour (#rrggbb, validated when the brand loads)."""
    box = (
        '<svg class="tick-box" xmlns="http://www.w3.org/2000/svg" role="img" '
        'viewBox="0 0 12 12">'
        f"<title>{escape(words)}</title>"
        f'<rect x="0.75" y="0.75" width="10.5" height="10.5" fill="none" '
        f'stroke="{escape(color)}" stroke-width="1.5"/></svg>'
    )
    return Markup(LIST_ITEM.sub(lambda _: "<li>" + box, str(html)))


def qr_code_filter() -> Callable[[str, str, str, str], Markup]:
    """Template filter: an inline SVG QR code for ``url`` (see handouts.render.qr.qr_svg). Each
    environment keeps the codes it made: a build prints the same few codes on many pages, and
    encoding one is the costliest step of filling a template."""
    made: dict[tuple[str, str, str, str], Markup] = {}

    def qr_code(url: str, color: str, title: str, background: str) -> Markup:
        key = (url, color, title, background)
        if key not in made:
            made[key] = Markup(qr_svg(url, color, title, background))
        return made[key]

    return qr_code


def make_environment(templates: Path) -> jinja2.Environment:
    """Jinja environment for one project: missing values are errors and data is escaped."""
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=jinja2.select_autoescape(["html", "svg", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        css_string=css_string,
        css_url=css_url,
        phone_href=phone_href,
        url_label=url_label,
        tick_boxes=tick_boxes,
    )
    env.filters.update(qr_code=qr_code_filter())
    return env


NOT_UTF8 = "the file is not UTF-8 text (save it as UTF-8 in your editor)"


class TemplateFailed(HandoutsError):
    """A template that cannot be compiled or filled, located at the template's own line."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self.problem = problem


def _template_root(env: jinja2.Environment) -> Path | None:
    loader = env.loader
    if isinstance(loader, jinja2.FileSystemLoader) and loader.searchpath:
        return Path(loader.searchpath[0])
    return None


def _shown(name: str) -> str:
    return f"templates/{Path(name).as_posix()}"


def _failing_line(exc: BaseException, root: Path | None) -> tuple[str, int] | None:
    """The innermost template frame of a render error (Jinja rewrites tracebacks to them)."""
    if root is None:
        return None
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = Path(tb.tb_frame.f_code.co_filename)
        if filename.is_absolute() and filename.resolve().is_relative_to(root.resolve()):
            found = (filename.resolve().relative_to(root.resolve()).as_posix(), tb.tb_lineno)
        tb = tb.tb_next
    return found


def template_problem(exc: jinja2.TemplateError, name: str, env: jinja2.Environment) -> Problem:
    """One finding for a template error: the template file and line where it happened."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return error(_shown(exc.name or name), exc.message or "invalid syntax", exc.lineno)
    where = _failing_line(exc, _template_root(env))
    if isinstance(exc, jinja2.TemplateNotFound):
        if where is None:
            return error(_shown(str(exc.name or name)), "template not found")
        return error(_shown(where[0]), f"template '{exc.name}' not found", where[1])
    if where is None:
        return error(_shown(name), exc.message or str(exc))
    return error(_shown(where[0]), exc.message or str(exc), where[1])


def compile_template(env: jinja2.Environment, name: str) -> Problem | None:
    """Compile one template without filling it; the syntax error found, if any."""
    try:
        env.get_template(name)
    except jinja2.TemplateError as exc:
        return template_problem(exc, name, env)
    except UnicodeDecodeError:
        return error(_shown(name), NOT_UTF8)
    return None


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render one template; a template error becomes one line naming the template and line."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateError as exc:
        raise TemplateFailed(template_problem(exc, name, env)) from exc
    except UnicodeDecodeError as exc:
        # An included template, perhaps: `handouts check` compiles each file and names it.
        raise TemplateFailed(error(_shown(name), NOT_UTF8 + " (or one it includes)")) from exc
