"""The pages of `handouts serve`: the front desk's packet form (/), a day's schedule (/schedule),
the editors' preview (/preview) with each file's lines (/source/...), and the sign-in page.

Every form is POST with a CSRF token (a random value in a SameSite=Strict cookie that the form
repeats); a patient's details come in a request body and leave as a PDF in the answer, never in a
URL, a log line or a file. Rendering runs in a worker thread, so the server keeps answering.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from handouts.commands.schedule import (
    MAX_SCHEDULE_BYTES,
    Defaults,
    Schedule,
    ScheduleError,
    decode_schedule,
    language_names,
    read_schedule,
)
from handouts.documents.fonts import unprintable
from handouts.documents.when import check_visit
from handouts.errors import HandoutsError, Problem
from handouts.model import Project
from handouts.render.fetch import RefusedResource, allowed_path
from handouts.web.desk import Choice, Desk, NotReady, PreviewState
from handouts.web.guard import CSRF_COOKIE, SESSION_COOKIE, Sessions, TooLarge
from handouts.web.pages import LARGE_WIDTH, SMALL_WIDTH, PageImages, page_size

LABELS = {
    "name": "Patient's name",
    "day": "Appointment day",
    "time": "Time",
    "location": "Location",
    "lang": "Language",
    "packet": "Packet",
    "file": "Schedule file",
    "password": "Password",
    "form": "Packet",
}
NAV = (
    ("/", "Pre-visit packet"),
    ("/schedule", "A day's schedule"),
    ("/preview", "Editors' preview"),
)
MAX_FIELDS = 20
LONG_POLL_SECONDS = 4.0  # answered before a stopping server gives up on open requests (6 s)
SOURCE_SUFFIXES = (".md", ".yaml", ".yml", ".html", ".jinja", ".css", ".svg", ".txt", ".xml")


@dataclass(frozen=True)
class AppOptions:
    """How the app was started."""

    default_location: str | None = None
    """The location the forms start with (`handouts serve --location`)."""


class BadForm(Exception):
    """A form that is not one of ours (missing or wrong CSRF token, unreadable body)."""


def templates() -> jinja2.Environment:
    """The page's own templates (trusted files of this package; what they print is escaped)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("handouts.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def language_label(code: str) -> str:
    """How the language menu names a language: in itself, then in English when they differ."""
    english, own = language_names(code)
    own = own[:1].upper() + own[1:]
    return own if own == english else f"{own} ({english})"


class Pages:
    """The routes, bound to one desk."""

    def __init__(self, desk: Desk, sessions: Sessions, options: AppOptions) -> None:
        self.desk = desk
        self.sessions = sessions
        self.options = options
        self.env = templates()
        self.images = PageImages()

    # Shared ------------------------------------------------------------------------------------

    def csrf(self, request: Request) -> str:
        """This browser's CSRF token (made on its first page)."""
        token = request.cookies.get(CSRF_COOKIE)
        if not token or len(token) > 100:
            token = request.state.new_csrf = secrets.token_urlsafe(32)
        return token

    def page(self, request: Request, template: str, status: int = 200, **context: Any) -> Response:
        """A page of the app, with what every page shows (clinic, navigation, CSRF token)."""
        loaded = self.desk.loaded
        project = loaded.project
        context.setdefault("title", "")
        context.setdefault("errors", {})
        html = self.env.get_template(template).render(
            clinic=project.brand.name if project is not None else "handouts",
            nav=NAV,
            here=request.url.path,
            csrf=self.csrf(request),
            signed_in=self.sessions.required and SESSION_COOKIE in request.cookies,
            version=loaded.version,
            labels=LABELS,
            **context,
        )
        response = HTMLResponse(html, status_code=status)
        self.set_csrf(request, response)
        return response

    @staticmethod
    def set_csrf(request: Request, response: Response) -> None:
        """Send a CSRF token made for this answer."""
        token = getattr(request.state, "new_csrf", None)
        if token:
            response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")

    async def form(self, request: Request) -> FormData:
        """The posted form, bounded, once its CSRF token matches the cookie's."""
        try:
            form = await request.form(
                max_files=1, max_fields=MAX_FIELDS, max_part_size=MAX_SCHEDULE_BYTES + 1024
            )
        except TooLarge:
            raise  # the guard answers 413
        except Exception:
            raise BadForm from None
        cookie = request.cookies.get(CSRF_COOKIE, "")
        sent = form.get("csrf")
        if not cookie or not isinstance(sent, str) or not hmac.compare_digest(sent, cookie):
            raise BadForm
        return form

    def refused(self, request: Request) -> Response:
        """The answer to a form that is not ours (e.g. an expired page): start again."""
        return self.page(
            request,
            "message.html",
            403,
            title="Please try again",
            message="This form had expired (or came from elsewhere). The page was loaded afresh: "
            "fill it in again.",
            back=request.url.path if request.method == "GET" else "/",
        )

    def not_ready(self) -> str:
        """What the front desk sees while the project has errors ('' when it has none)."""
        try:
            self.desk.project()
        except NotReady as exc:
            return exc.problems[0].message[:1].upper() + exc.problems[0].message[1:] + "."
        return ""

    def choices(self, project: Project | None) -> dict[str, Any]:
        """The menus: locations, languages, packets, and whether large print exists."""
        if project is None:
            return {"locations": [], "languages": [], "packets": [("", "")], "large_print": False}
        return {
            "locations": list(project.locations.items()),
            "languages": [(code, language_label(code)) for code in project.languages],
            "packets": [
                (pid, packet.title[project.default_language])
                for pid, packet in project.packets.items()
            ]
            or [("", "")],
            "large_print": "large-print" in project.settings.variants,
        }

    def initial(self, project: Project | None) -> dict[str, Any]:
        """The form's first values: the server's location, the first language and packet."""
        if project is None or not project.locations:
            return {"location": "", "lang": "", "packet": "", "two_sided": False}
        location = self.options.default_location or next(iter(project.locations))
        return {
            "location": location,
            "lang": project.default_language,
            "packet": next(iter(project.packets), ""),
            "two_sided": project.locations[location].duplex_printer,
            "large_print": False,
            "name": "",
            "day": "",
            "time": "",
        }

    def choice(
        self, form: Mapping[str, Any], project: Project
    ) -> tuple[Choice | None, dict[str, str]]:
        """The packet the form names, or what is wrong with the menus."""
        errors: dict[str, str] = {}
        location, lang, packet = (str(form.get(k, "")) for k in ("location", "lang", "packet"))
        if location not in project.locations:
            errors["location"] = "choose one of the locations"
        if lang not in project.languages:
            errors["lang"] = "choose one of the languages"
        if packet not in project.packets:
            errors["packet"] = "choose one of the packets"
        if errors:
            return None, errors
        two_sided = form.get("two_sided") == "yes"
        large = form.get("large_print") == "yes"
        return Choice(location, lang, packet, two_sided, large), {}

    @staticmethod
    def pdf(data: bytes, pages: int, filename: str) -> Response:
        """A PDF answer: shown in the browser, kept by no cache (see guard.HEADERS)."""
        return Response(
            data,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'inline; filename="{filename}"',
                "X-Pages": str(pages),
            },
        )

    # The front desk ----------------------------------------------------------------------------

    async def desk_page(self, request: Request) -> Response:
        """The packet form."""
        project = self.desk.loaded.project
        return self.desk_form(request, self.initial(project), {})

    def desk_form(
        self,
        request: Request,
        values: Mapping[str, Any],
        errors: Mapping[str, str],
        status: int = 200,
    ) -> Response:
        """The packet form with ``values`` and ``errors`` beside their fields."""
        project = self.desk.loaded.project
        today = self.desk.clock().date()
        return self.page(
            request,
            "desk.html",
            status,
            title="Pre-visit packet",
            values=values,
            errors=errors,
            not_ready=self.not_ready(),
            today=today.isoformat(),
            last_day=(today + dt.timedelta(days=365)).isoformat(),
            **self.choices(project),
        )

    async def make_packet(self, request: Request) -> Response:
        """A patient's packet (or a blank one) as PDF, or the form with what to fix."""
        try:
            form = await self.form(request)
        except BadForm:
            return self.refused(request)
        values: dict[str, Any] = {
            key: str(form.get(key, ""))
            for key in ("location", "lang", "packet", "name", "day", "time")
        }
        values.update(
            two_sided=form.get("two_sided") == "yes", large_print=form.get("large_print") == "yes"
        )
        try:
            project = self.desk.project()
        except NotReady:
            return self.desk_form(request, values, {}, 503)
        choice, errors = self.choice(form, project)
        blank = form.get("intent") == "blank"
        visit = None
        if not blank:
            lang = choice.lang if choice else project.default_language
            checked = check_visit(
                values["name"],
                values["day"],
                values["time"],
                self.desk.clock(),
                partial(unprintable, project, lang),
            )
            errors.update(checked.problems)
            visit = checked.visit
        if choice is None or errors:
            return self.desk_form(request, values, errors, 422)
        try:
            if visit is None:
                pdf = await run_in_threadpool(self.desk.blank, choice)
            else:
                pdf = await run_in_threadpool(self.desk.packet, choice, visit)
        except HandoutsError as exc:
            message = exc.problems[0].message if exc.problems else "the packet could not be made"
            key = "name" if message.startswith("--patient") else "form"
            return self.desk_form(request, values, {key: message.removeprefix("--patient: ")}, 422)
        kind = "blank-packet" if visit is None else "packet"
        return self.pdf(pdf.data, pdf.pages, f"{kind}-{choice.location}.pdf")

    # A day's schedule --------------------------------------------------------------------------

    async def schedule_page(self, request: Request) -> Response:
        """The schedule upload form."""
        values = self.initial(self.desk.loaded.project)
        return self.schedule_form(request, values, {})

    def schedule_form(
        self,
        request: Request,
        values: Mapping[str, Any],
        errors: Mapping[str, str],
        status: int = 200,
    ) -> Response:
        """The upload form with ``errors``."""
        return self.page(
            request,
            "schedule.html",
            status,
            title="A day's schedule",
            values=values,
            errors=errors,
            not_ready=self.not_ready(),
            **self.choices(self.desk.loaded.project),
        )

    def schedule_values(self, form: Mapping[str, Any]) -> dict[str, Any]:
        """The schedule form's choices, to show again."""
        values: dict[str, Any] = {
            key: str(form.get(key, "")) for key in ("location", "lang", "packet")
        }
        values.update(
            two_sided=form.get("two_sided") == "yes", large_print=form.get("large_print") == "yes"
        )
        return values

    async def read(
        self, request: Request, form: Mapping[str, Any], data: bytes
    ) -> tuple[Schedule | None, Choice | None, dict[str, str]]:
        """The schedule in ``data`` with the form's choices, or what to fix."""
        project = self.desk.project()
        choice, errors = self.choice(form, project)
        if choice is None:
            return None, None, errors
        defaults = Defaults(choice.location, choice.lang, choice.large_print, choice.packet)
        try:
            schedule = read_schedule(project, data, defaults, self.desk.clock())
        except ScheduleError as exc:
            where = f"row {exc.line}: " if exc.line else ""
            return None, choice, {"file": where + exc.message}
        return schedule, choice, {}

    async def check_schedule(self, request: Request) -> Response:
        """The uploaded schedule: who is in it, in order, and the rows set aside."""
        try:
            form = await self.form(request)
        except BadForm:
            return self.refused(request)
        values = self.schedule_values(form)
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return self.schedule_form(
                request, values, {"file": "choose the schedule file (CSV)"}, 422
            )
        data = await upload.read(MAX_SCHEDULE_BYTES + 1)
        try:
            schedule, choice, errors = await self.read(request, form, data)
        except NotReady:
            return self.schedule_form(request, values, {}, 503)
        if schedule is None or choice is None:
            return self.schedule_form(request, values, errors, 422)
        # The workers load WeasyPrint while the front desk reads the list.
        await run_in_threadpool(self.desk.start_pool)
        return self.schedule_check(request, schedule, choice, decode_schedule(data))

    def schedule_check(
        self, request: Request, schedule: Schedule, choice: Choice, text: str
    ) -> Response:
        """The check page: the patients as a table, and a form that carries the file on."""
        project = self.desk.project()
        patients = [
            {
                "row": p.row,
                "when": p.visit.start.strftime("%a %b %-d, %-I:%M %p"),
                "name": p.visit.patient,
                "location": project.locations[p.location].name,
                "language": language_label(p.lang),
                "edition": "Large print" if p.variant else "Standard",
            }
            for p in schedule.patients
        ]
        carried = {
            "schedule": text,
            "location": choice.location,
            "lang": choice.lang,
            "packet": choice.packet,
            "two_sided": "yes" if choice.two_sided else "no",
            "large_print": "yes" if choice.large_print else "no",
        }
        options = (
            "Printed on both sides: each packet starts on a new sheet."
            if choice.two_sided
            else "Printed on one side."
        )
        return self.page(
            request,
            "schedule_check.html",
            title="A day's schedule: check it",
            patients=patients,
            set_aside=schedule.set_aside,
            carried=carried,
            options=options,
        )

    async def schedule_packets(self, request: Request) -> Response:
        """Every packet of the checked schedule as one PDF."""
        try:
            form = await self.form(request)
        except BadForm:
            return self.refused(request)
        text = form.get("schedule")
        if not isinstance(text, str):
            return self.refused(request)
        try:
            schedule, choice, errors = await self.read(request, form, text.encode("utf-8"))
        except NotReady:
            return self.schedule_form(request, self.schedule_values(form), {}, 503)
        if schedule is None or choice is None:
            return self.schedule_form(request, self.schedule_values(form), errors, 422)
        try:
            pdf = await run_in_threadpool(self.desk.schedule, schedule, choice.two_sided)
        except HandoutsError as exc:
            message = exc.problems[0].message if exc.problems else "the packets could not be made"
            return self.page(
                request,
                "message.html",
                500,
                title="The packets could not be made",
                message=message,
                back="/schedule",
            )
        return self.pdf(pdf.data, pdf.pages, "packets.pdf")

    # The editors' preview ----------------------------------------------------------------------

    def finding(self, problem: Problem) -> dict[str, Any]:
        """A finding as the preview lists it, linked to its file and line when it has one."""
        where = f"{problem.path}:{problem.line}" if problem.line else problem.path
        href = None
        if self.source_path(problem.path) is not None:
            href = f"/source/{problem.path}" + (f"#L{problem.line}" if problem.line else "")
        text = f"{problem.field}: {problem.message}" if problem.field else problem.message
        return {
            "where": where or "project",
            "href": href,
            "text": text,
            "severity": problem.severity,
            "line": problem.line,
        }

    async def preview_page(self, request: Request) -> Response:
        """Every document with its pages, the check's findings above."""
        state = await run_in_threadpool(self.desk.start_preview)
        loaded = self.desk.loaded
        report = loaded.report
        documents = []
        if state is not None:
            for index, path in enumerate(state.documents):
                item = state.done.get(index)
                entry: dict[str, Any] = {"path": path, "problems": [], "pages": [], "cached": False}
                if item is not None:
                    entry["cached"] = item.cached
                    entry["problems"] = [self.finding(p) for p in item.problems if p.is_error]
                    if item.pdf is not None:
                        base = f"/preview/{state.version}/{index}"
                        width, height = page_size(SMALL_WIDTH)
                        entry["pdf"] = f"{base}/pdf"
                        entry["pages"] = [
                            {
                                "small": f"{base}/page/{n}-{SMALL_WIDTH}.png",
                                "large": f"{base}/page/{n}-{LARGE_WIDTH}.png",
                                "width": width,
                                "height": height,
                            }
                            for n in range(1, item.pdf.pages + 1)
                        ]
                documents.append(entry)
        return self.page(
            request,
            "preview.html",
            title="Editors' preview",
            state_version=state.version if state else loaded.version,
            finished=state.finished if state else True,
            status_line=self.preview_status(state),
            summary=report.summary().replace("check: ", "Check: "),
            findings=[self.finding(p) for p in report.problems],
            blocked=bool(report.errors),
            documents=documents,
        )

    def preview_status(self, state: PreviewState | None) -> str:
        """One line: up to date, or how far the rebuild is."""
        loaded = self.desk.loaded
        at = loaded.loaded_at.strftime("%H:%M:%S")
        if state is None or not state.documents:
            return f"Checked at {at}."
        done, total = state.progress
        if not state.finished:
            return f"Rebuilding: {done} of {total} documents done (files read at {at})."
        return f"Up to date: {total} documents, files read at {at}. This page follows every saved change."

    async def preview_changes(self, request: Request) -> Response:
        """Answer once the preview differs from what the page shows (or after a while)."""
        since = request.query_params.get("since", "")
        finished = request.query_params.get("finished") == "1"
        deadline = asyncio.get_running_loop().time() + LONG_POLL_SECONDS
        while True:
            state = self.desk.preview()
            version = str(state.version if state else self.desk.loaded.version)
            now_finished = state.finished if state else True
            if (
                version != since
                or now_finished != finished
                or asyncio.get_running_loop().time() > deadline
            ):
                break
            await asyncio.sleep(0.25)
        return JSONResponse(
            {"version": version, "finished": now_finished, "progress": self.preview_status(state)}
        )

    def previewed(self, request: Request) -> tuple[str, bytes, int]:
        """The preview document a URL names: (digest, PDF bytes, pages)."""
        state = self.desk.preview()
        version, index = request.path_params["version"], request.path_params["index"]
        if state is None or state.version != version or index not in state.done:
            raise LookupError
        pdf = state.done[index].pdf
        if pdf is None:
            raise LookupError
        import hashlib

        return hashlib.sha256(pdf.data).hexdigest()[:16], pdf.data, pdf.pages

    async def preview_pdf(self, request: Request) -> Response:
        """One preview document as PDF."""
        try:
            _, data, pages = self.previewed(request)
        except LookupError:
            return self.gone(request)
        name = Path(self.desk.preview().documents[request.path_params["index"]]).name  # type: ignore[union-attr]
        return self.pdf(data, pages, name)

    async def preview_image(self, request: Request) -> Response:
        """One page of a preview document as PNG."""
        try:
            digest, data, pages = self.previewed(request)
        except LookupError:
            return self.gone(request)
        page, width = request.path_params["page"], request.path_params["width"]
        if not 1 <= page <= pages or width not in (SMALL_WIDTH, LARGE_WIDTH):
            return self.gone(request)
        image = await run_in_threadpool(self.images.png, digest, data, page - 1, width)
        return Response(image, media_type="image/png")

    def gone(self, request: Request) -> Response:
        """A preview address of an older version: the page has moved on."""
        return self.page(
            request,
            "message.html",
            404,
            title="Not here any more",
            message="The documents changed since this page was made.",
            back="/preview",
        )

    def source_path(self, relative: str) -> Path | None:
        """A project file the preview may show: a text file inside content/ or templates/."""
        root = self.desk.paths.root
        if not relative or not relative.endswith(SOURCE_SUFFIXES):
            return None
        candidate = root / relative
        try:
            path = allowed_path(
                candidate.as_uri(), (self.desk.paths.content, self.desk.paths.templates)
            )
        except (RefusedResource, ValueError):
            return None
        return path if path.is_file() else None

    async def source(self, request: Request) -> Response:
        """A project file's lines, numbered, with the findings at them."""
        relative = request.path_params["path"]
        path = self.source_path(relative)
        if path is None:
            return self.page(
                request,
                "message.html",
                404,
                title="No such file",
                message="That file is not a text file of content/ or templates/.",
                back="/preview",
            )
        text = path.read_text(encoding="utf-8", errors="replace")
        findings = [
            self.finding(p)
            for p in self.desk.loaded.report.problems
            if p.path == relative and p.line
        ]
        return self.page(
            request,
            "source.html",
            title=relative,
            path=relative,
            lines=text.splitlines() or [""],
            findings=findings,
            marked={f["line"] for f in findings},
        )

    # Look --------------------------------------------------------------------------------------

    async def brand_css(self, request: Request) -> Response:
        """The brand's colours and body font, as the page's custom properties."""
        project = self.desk.loaded.project
        if project is None:
            css = ":root{--primary:#1d4e6f;--text:#1f2328;--background:#ffffff;--surface:#edf4f7;--font:system-ui}"
            return Response(css, media_type="text/css")
        colors = project.brand.colors
        family = project.brand.fonts.body
        faces = [
            f'@font-face{{font-family:"{family}";font-weight:{face.weight};font-style:{face.style};'
            f'src:url("/fonts/{Path(face.src).name}")}}'
            for face in project.font_faces
            if face.family == family and face.src.startswith("fonts/") and face.src.count("/") == 1
        ]
        css = "".join(faces) + (
            f":root{{--primary:{colors.primary};--text:{colors.text};--background:{colors.background};"
            f'--surface:{colors.surface};--font:"{family}"}}'
        )
        return Response(css, media_type="text/css")

    async def font(self, request: Request) -> Response:
        """A font file of the brand's body family (templates/fonts/)."""
        project = self.desk.loaded.project
        name = request.path_params["name"]
        if project is not None:
            for face in project.font_faces:
                if face.src == f"fonts/{name}":
                    path = self.desk.paths.templates / face.src
                    if path.is_file():
                        return Response(path.read_bytes(), media_type="font/ttf")
        return Response("no such font", status_code=404, media_type="text/plain")

    # Sign-in -----------------------------------------------------------------------------------

    async def login_page(self, request: Request) -> Response:
        """The sign-in form (or the front desk when no password is set)."""
        if not self.sessions.required:
            return RedirectResponse("/", 303)
        return self.page(request, "login.html", title="Sign in")

    async def login(self, request: Request) -> Response:
        """Check the password; a session cookie for this browser when it is right."""
        if not self.sessions.required:
            return RedirectResponse("/", 303)
        try:
            form = await self.form(request)
        except BadForm:
            return self.refused(request)
        if self.sessions.throttled():
            return self.page(
                request,
                "login.html",
                429,
                title="Sign in",
                errors={"password": "too many wrong passwords; wait a minute, then try again"},
            )
        token = self.sessions.sign_in(str(form.get("password", "")))
        if token is None:
            await asyncio.sleep(0.5)  # slows down guessing
            return self.page(
                request,
                "login.html",
                401,
                title="Sign in",
                errors={"password": "that is not the password"},
            )
        response = RedirectResponse("/", 303)
        response.set_cookie(
            SESSION_COOKIE,
            token,
            httponly=True,
            samesite="strict",
            path="/",
            max_age=int(self.sessions.hours * 3600),
        )
        return response

    async def logout(self, request: Request) -> Response:
        """End this browser's session."""
        try:
            await self.form(request)
        except BadForm:
            return self.refused(request)
        self.sessions.sign_out(request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse("/login", 303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response


def create_app(desk: Desk, sessions: Sessions, options: AppOptions = AppOptions()) -> Starlette:
    """The Starlette app of `handouts serve` (wrap it in guard.Guard to serve it)."""
    pages = Pages(desk, sessions, options)
    routes = [
        Route("/", pages.desk_page),
        Route("/packet", pages.make_packet, methods=["POST"]),
        Route("/schedule", pages.schedule_page),
        Route("/schedule", pages.check_schedule, methods=["POST"]),
        Route("/schedule/packets", pages.schedule_packets, methods=["POST"]),
        Route("/preview", pages.preview_page),
        Route("/preview/changes", pages.preview_changes),
        Route("/preview/{version:int}/{index:int}/pdf", pages.preview_pdf),
        Route(
            "/preview/{version:int}/{index:int}/page/{page:int}-{width:int}.png",
            pages.preview_image,
        ),
        Route("/source/{path:path}", pages.source),
        Route("/brand.css", pages.brand_css),
        Route("/fonts/{name}", pages.font),
        Route("/login", pages.login_page),
        Route("/login", pages.login, methods=["POST"]),
        Route("/logout", pages.logout, methods=["POST"]),
        Mount("/static", StaticFiles(packages=[("handouts.web", "static")]), name="static"),
    ]
    return Starlette(routes=routes)
