"""`handouts serve`'s rules, request by request (Starlette's test client, in this process, on the
fixture clinic): the guard's host, size, same-origin and sign-in rules, the CSRF token, no-store
on every answer, a failing request that leaves the server answering and logs no message, and the
front desk's errors beside their fields. The pages in a real browser: test_serve_browser.py."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from handouts.cli import main
from handouts.paths import ProjectPaths
from handouts.web.app import create_app
from handouts.web.desk import Desk
from handouts.web.guard import CSRF_COOKIE, Guard, Sessions
from handouts.web.server import is_loopback

BASE = "http://127.0.0.1:8000"
ORIGIN = {"Origin": BASE}
NOW = dt.datetime(2026, 12, 2, 8, 0)


class Lines(logging.Handler):
    """A log kept as lines, on a logger of its own (the suite fails on logged warnings)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture(scope="module")
def log() -> Iterator[Lines]:
    """The guard's log for this module."""
    logger = logging.getLogger("tests.serve")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    handler = Lines()
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


@pytest.fixture(scope="module")
def desk(clinic: Path) -> Iterator[Desk]:
    """The fixture clinic, loaded and checked once, with a clock fixed on 2026-12-02 8:00."""
    loaded = Desk(ProjectPaths(clinic), clock=lambda: NOW)
    yield loaded
    loaded.close()


def client(desk: Desk, log: Lines, password: str | None = None) -> TestClient:
    """A browser talking to the guarded app."""
    sessions = Sessions(password)
    hosts = None if password else frozenset({"127.0.0.1"})
    guard = Guard(create_app(desk, sessions), sessions, logging.getLogger("tests.serve"), hosts)
    return TestClient(guard, base_url=BASE)


def csrf_of(response_text: str) -> str:
    """The CSRF token a page's form carries."""
    match = re.search(r'name="csrf" value="([^"]+)"', response_text)
    assert match is not None
    return match[1]


def test_every_answer_is_kept_by_no_cache_and_framed_by_no_other_site(
    desk: Desk, log: Lines
) -> None:
    browser = client(desk, log)
    for path in ("/", "/schedule", "/static/desk.css", "/brand.css", "/nowhere"):
        response = browser.get(path)
        assert response.headers["cache-control"] == "no-store", path
        assert "frame-ancestors 'self'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"
    page = browser.get("/")
    cookie = browser.cookies[CSRF_COOKIE]
    assert csrf_of(page.text) == cookie
    fresh = client(desk, log).get("/")
    assert "samesite=strict" in fresh.headers["set-cookie"].lower()
    assert "httponly" in fresh.headers["set-cookie"].lower()


def test_requests_from_elsewhere_are_refused(desk: Desk, log: Lines) -> None:
    browser = client(desk, log)
    token = csrf_of(browser.get("/").text)
    form = {"csrf": token, "location": "downtown", "lang": "en", "packet": "first-visit"}
    assert (
        browser.post("/packet", data=form, headers={"Origin": "http://evil.example"}).status_code
        == 403
    )
    assert browser.post("/packet", data=form).status_code == 403  # no Origin, no Referer
    cross = {**ORIGIN, "Sec-Fetch-Site": "cross-site"}
    assert browser.post("/packet", data=form, headers=cross).status_code == 403
    # Another host name pointing here (DNS rebinding) is refused before anything runs.
    assert browser.get("/", headers={"Host": "attacker.example"}).status_code == 400
    # A form without this browser's token (an old page, or a forged one) is refused in words.
    refused = browser.post("/packet", data={**form, "csrf": "forged"}, headers=ORIGIN)
    assert refused.status_code == 403 and "fill it in again" in refused.text


def test_bodies_are_bounded(desk: Desk, log: Lines) -> None:
    browser = client(desk, log)
    token = csrf_of(browser.get("/schedule").text)
    big = b"Name,Appointment\n" + b"x" * (600 * 1024)
    response = browser.post(
        "/schedule", data={"csrf": token}, files={"file": ("day.csv", big)}, headers=ORIGIN
    )
    assert response.status_code == 413, response.text

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(40):
            yield b"y" * 32 * 1024

    form = {**ORIGIN, "Content-Type": "application/x-www-form-urlencoded"}
    streamed = browser.post("/packet", content=chunks(), headers=form)
    assert streamed.status_code == 413
    assert browser.get("/").status_code == 200


def test_a_failing_request_is_answered_logged_without_its_message_and_the_server_goes_on(
    log: Lines, caplog: pytest.LogCaptureFixture
) -> None:
    def explode(request: Request) -> PlainTextResponse:
        raise ValueError("could not draw 'Siobhán O'Connor' on page 1")

    def fine(request: Request) -> PlainTextResponse:
        return PlainTextResponse("fine")

    app = Starlette(routes=[Route("/explode", explode), Route("/fine", fine)])
    guard = Guard(app, Sessions(None), logging.getLogger("tests.serve"), frozenset({"127.0.0.1"}))
    browser = TestClient(guard, base_url=BASE, raise_server_exceptions=False)
    before = len(log.lines)
    assert browser.get("/explode?name=Siobh%C3%A1n").status_code == 500
    assert browser.get("/fine").text == "fine"
    lines = log.lines[before:]
    assert lines[0] == "error: ValueError while answering /explode"
    assert lines[1].startswith("GET /explode 500 ")
    assert not [line for line in lines if "Siob" in line or "?" in line or "name=" in line]
    caplog.clear()  # the error line above is what this test expects, not a failure


def test_a_network_server_asks_for_the_password_first(desk: Desk, log: Lines) -> None:
    browser = client(desk, log, password="correct horse")
    first = browser.get("/", follow_redirects=False)
    assert (first.status_code, first.headers["location"]) == (303, "/login")
    assert browser.get("/preview", follow_redirects=False).status_code == 303
    login = browser.get("/login")
    assert login.status_code == 200 and 'type="password"' in login.text
    token = csrf_of(login.text)
    wrong = browser.post("/login", data={"csrf": token, "password": "wrong"}, headers=ORIGIN)
    assert wrong.status_code == 401 and "that is not the password" in wrong.text
    right = browser.post(
        "/login",
        data={"csrf": token, "password": "correct horse"},
        headers=ORIGIN,
        follow_redirects=False,
    )
    assert right.status_code == 303
    assert "httponly" in right.headers["set-cookie"].lower()
    assert browser.get("/").status_code == 200
    out = browser.post("/logout", data={"csrf": token}, headers=ORIGIN, follow_redirects=False)
    assert out.headers["location"] == "/login"
    assert browser.get("/", follow_redirects=False).status_code == 303


def test_guessing_the_password_is_slowed_down() -> None:
    sessions = Sessions("correct horse")
    for _ in range(10):
        assert sessions.sign_in("guess") is None
    assert sessions.throttled()


def test_the_front_desks_errors_beside_their_fields(desk: Desk, log: Lines) -> None:
    browser = client(desk, log)
    token = csrf_of(browser.get("/").text)
    form = {
        "csrf": token,
        "location": "downtown",
        "lang": "en",
        "packet": "first-visit",
        "name": "สมชาย",
        "day": "2026-12-01",
        "time": "02:30",
        "intent": "preview",
    }
    page = browser.post("/packet", data=form, headers=ORIGIN)
    assert page.status_code == 422 and page.headers["content-type"].startswith("text/html")
    errors = dict(re.findall(r'<p class="error" id="(\w+)-error">.*?</span>(.*?)</p>', page.text))
    assert set(errors) == {"name", "day", "time"}
    assert "no shipped font covers (Thai)" in errors["name"]
    assert errors["day"] == "that day has already passed"
    assert errors["time"].startswith("that time is at night")
    for field in ("name", "day", "time"):
        tag = re.search(rf'<input [^>]*id="{field}"[^>]*>', page.text)
        assert tag is not None
        assert 'aria-invalid="true"' in tag[0] and f"{field}-error" in tag[0]
    unknown = browser.post("/packet", data={**form, "location": "brooklyn"}, headers=ORIGIN)
    assert "choose one of the locations" in unknown.text


def test_serve_on_the_network_needs_a_real_password(tmp_path: Path, clinic: Path) -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.10")
    short = tmp_path / "password.txt"
    short.write_text("short\n")
    result = CliRunner().invoke(
        main,
        ["serve", "--project", str(clinic), "--host", "0.0.0.0", "--password-file", str(short)],
    )
    assert result.exit_code == 2
    assert "expected a password of 8 characters or more" in result.output
