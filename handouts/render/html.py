"""Fill templates: the Jinja environment (sandboxed, strict, autoescaping) and the filters
templates use.

Templates arrive by pull request like content does, so they run in Jinja's immutable sandbox: a
template can read its context and call the filters below, and nothing else (no attributes that
lead to Python's internals, no changing the data it was given).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.filters
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from handouts.documents.wording import fill_in
from handouts.errors import HandoutsError, Problem, error
from handouts.load.budget import Budget, OverBudget
from handouts.render.qr import qr_svg


def css_string(value: object) -> str:
    """Quote a value as a CSS string, so data can never close the string or the rule."""
    text = str(value)
    escaped = re.sub(r'[\\"\n\r\f<>]', lambda m: f"\\{ord(m.group()):x} ", text)
    return f'"{escaped}"'


def css_families(families: object) -> str:
    """A list of font families as a CSS font-family value, each quoted."""
    names = [families] if isinstance(families, str) else list(families)  # type: ignore[call-overload]
    return ", ".join(css_string(name) for name in names)


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


MAX_TEMPLATE_NUMBER = 10_000
"""The largest width or count a template may hand a filter that makes text of that size."""
MAX_TEMPLATE_TEXT = 1_000_000
"""Characters a template may make in one go (``'x' * n``): a whole handout is far less."""
FILL_SECONDS = 10.0
"""CPU seconds filling one template may take (a handout fills in well under a second)."""
SIZED_FILTERS = ("center", "indent", "truncate", "wordwrap", "batch", "slice")
# A width or precision of five digits or more in a format string ('{:>999999999}', '%999999s').
HUGE_FORMAT = re.compile(r"(?:%|\{[^{}]*:)[^a-zA-Z{}%]*\d{5,}")


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox (no attributes that lead to Python's internals, no changing the
    data), also bounded in the work a template can ask for: ``range`` stays within the sandbox's
    100,000 items, multiplying or formatting text cannot make more than MAX_TEMPLATE_TEXT
    characters, and a fill that runs past FILL_SECONDS stops (checked at every call, attribute
    and operator, so a loop that calls anything is stopped)."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._budgets = threading.local()

    def start_budget(self) -> None:
        """Give the next fill on this thread a fresh budget."""
        self._budgets.current = Budget(FILL_SECONDS)

    def _tick(self) -> None:
        budget: Budget | None = getattr(self._budgets, "current", None)
        if budget is not None:
            try:
                budget.check()
            except OverBudget as exc:
                raise SecurityError(f"the template took {exc} to fill; it loops too much") from None

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self._tick()
        if operator == "**" and _is_number(right) and abs(right) > 64:
            raise SecurityError("exponent too big for a template")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if (
                    isinstance(seq, str | list | tuple)
                    and _is_number(times)
                    and len(seq) * times > MAX_TEMPLATE_TEXT
                ):
                    raise SecurityError("the result would be too long for a template")
        if operator == "%" and isinstance(left, str) and HUGE_FORMAT.search(left):
            raise SecurityError("format width too big for a template")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self._tick()
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        self._tick()
        return super().getattr(obj, attribute)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None and HUGE_FORMAT.search(str(value.__self__)):
            raise SecurityError("format width too big for a template")
        return wrapped


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _sized(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """A filter whose numbers (widths, counts) stay within MAX_TEMPLATE_NUMBER."""

    def bounded(*args: Any, **kwargs: Any) -> Any:
        numbers = [v for v in (*args[1:], *kwargs.values()) if _is_number(v)]
        if any(abs(v) > MAX_TEMPLATE_NUMBER for v in numbers):
            raise SecurityError(f"'{name}' was given a number too big for a template")
        return func(*args, **kwargs)

    return functools.update_wrapper(bounded, func)


def _bounded_format(value: Any, *args: Any, **kwargs: Any) -> str:
    if HUGE_FORMAT.search(str(value)):
        raise SecurityError("format width too big for a template")
    return jinja2.filters.do_format(value, *args, **kwargs)


def make_environment(templates: Path) -> jinja2.Environment:
    """Jinja environment for one project: sandboxed and bounded, missing values are errors and
    data is escaped."""
    env = _Sandbox(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=jinja2.select_autoescape(["html", "svg", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        css_string=css_string,
        css_families=css_families,
        css_url=css_url,
        phone_href=phone_href,
        url_label=url_label,
        tick_boxes=tick_boxes,
    )
    env.filters.update(qr_code=qr_code_filter())
    env.filters["fill_in"] = lambda pattern, **values: fill_in(str(pattern), values)
    for name in SIZED_FILTERS:
        env.filters[name] = _sized(name, env.filters[name])
    env.filters["format"] = _bounded_format
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


def _plain(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "the template calls itself without end (a macro or include that recurses)"
    if isinstance(exc, MemoryError):
        return "the template asks for more memory than a handout needs"
    return str(exc).split("\n", 1)[0][:200] or type(exc).__name__


def template_problem(
    exc: jinja2.TemplateError,
    name: str,
    env: jinja2.Environment,
    raised: BaseException | None = None,
) -> Problem:
    """One finding for a template error: the template file and line where it happened
    (``raised``: the Python error whose traceback holds that line, when not ``exc``)."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return error(_shown(exc.name or name), exc.message or "invalid syntax", exc.lineno)
    where = _failing_line(raised or exc, _template_root(env))
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
    if isinstance(env, _Sandbox):
        env.start_budget()
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateError as exc:
        raise TemplateFailed(template_problem(exc, name, env)) from exc
    except (OverflowError, MemoryError, RecursionError, ValueError, TypeError) as exc:
        # What the sandbox lets a template attempt and Python refuses (range(10**9), a macro
        # that calls itself, a filter given the wrong kind of value): one line at its line.
        problem = template_problem(jinja2.TemplateRuntimeError(_plain(exc)), name, env, exc)
        raise TemplateFailed(problem) from None
    except UnicodeDecodeError as exc:
        # An included template, perhaps: `handouts check` compiles each file and names it.
        raise TemplateFailed(error(_shown(name), NOT_UTF8 + " (or one it includes)")) from exc
