"""What every request to `handouts serve` passes before the app sees it, and what every answer
carries: the host check, the size limit, the same-origin rule for anything that changes or makes
something, the sign-in when the server listens beyond this computer, headers that keep a packet
out of caches and other sites' frames, and a log that names no patient.

One ASGI layer, outermost: a request that fails anywhere inside is answered with a plain 500 and
logged as the kind of failure and the path, never with its message (which may quote a page, and
so a name); the server goes on.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY = 512 * 1024
"""The largest request body: a schedule file (256 KiB at most) and its form. Below the 1 MiB at
which the form parser would spill an upload to a temporary file, so nothing reaches the disk."""
SESSION_COOKIE = "handouts_session"
CSRF_COOKIE = "handouts_csrf"
SESSION_HOURS = 12  # a working day: the front desk signs in once a morning
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
OPEN_PATHS = ("/login", "/static/", "/brand.css", "/fonts/")
"""What a browser that has not signed in may fetch: the sign-in page and what draws it."""

HEADERS = [
    # A packet holds health information: no cache (browser, proxy) keeps any answer.
    (b"cache-control", b"no-store"),
    (b"pragma", b"no-cache"),
    (b"x-content-type-options", b"nosniff"),
    # Not no-referrer: with it, Chromium sends `Origin: null` on the page's own form posts and
    # the same-origin rule below would refuse them. No URL of the app carries anything private.
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data: blob:; frame-src 'self' blob:; "
        b"object-src 'self' blob:; script-src 'self'; style-src 'self'; font-src 'self'; "
        b"connect-src 'self' blob:; form-action 'self'; frame-ancestors 'self'; base-uri 'none'",
    ),
    (b"x-frame-options", b"SAMEORIGIN"),
]


@dataclass
class Sessions:
    """Signed-in browsers, in memory only (a restart signs everyone out), and the password they
    signed in with; failed tries are counted to slow down guessing."""

    password: str | None
    hours: float = SESSION_HOURS
    _tokens: dict[str, float] = field(default_factory=dict)
    _failures: list[float] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def required(self) -> bool:
        """Whether requests must come from a signed-in browser."""
        return self.password is not None

    def valid(self, token: str | None) -> bool:
        """Whether ``token`` is a live session."""
        if not self.required:
            return True
        if not token:
            return False
        with self._lock:
            expires = self._tokens.get(token)
            if expires is None or expires < time.monotonic():
                self._tokens.pop(token, None)
                return False
            return True

    def throttled(self) -> bool:
        """Whether too many wrong passwords were typed in the last minute (10)."""
        now = time.monotonic()
        with self._lock:
            self._failures[:] = [t for t in self._failures if now - t < 60]
            return len(self._failures) >= 10

    def sign_in(self, password: str) -> str | None:
        """A new session token when ``password`` is right (compared in constant time)."""
        assert self.password is not None
        if not hmac.compare_digest(password.encode(), self.password.encode()):
            with self._lock:
                self._failures.append(time.monotonic())
            return None
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._tokens[token] = time.monotonic() + self.hours * 3600
        return token

    def sign_out(self, token: str | None) -> None:
        """End a session."""
        with self._lock:
            self._tokens.pop(token or "", None)


def cookies_of(scope: Scope) -> dict[str, str]:
    """The request's cookies."""
    jar: SimpleCookie = SimpleCookie()
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header is no cookie
                continue
    return {key: morsel.value for key, morsel in jar.items()}


def header(scope: Scope, name: bytes) -> str | None:
    """One request header, decoded."""
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


class TooLarge(BaseException):
    """The body is larger than MAX_BODY. A BaseException, so that no handler inside the app
    (Starlette's own answers 500 to any Exception) turns it into something else."""


@dataclass
class Guard:
    """The ASGI layer (see the module's docstring)."""

    app: ASGIApp
    sessions: Sessions
    log: logging.Logger
    hosts: frozenset[str] | None = LOOPBACK_HOSTS
    """Host names requests may name (None: any, for a server signed into on the network);
    on this computer alone, a web page elsewhere cannot reach it by a name of its own that
    points here (DNS rebinding)."""
    max_body: int = MAX_BODY

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        state = {"status": 0}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
                message.setdefault("headers", [])
                known = {name for name, _ in message["headers"]}
                message["headers"] = [
                    *message["headers"],
                    *((name, value) for name, value in HEADERS if name not in known),
                ]
            await send(message)

        try:
            refusal = self.refusal(scope)
            if refusal is not None:
                await self.answer(send_with_headers, *refusal)
                return
            await self.app(scope, self.limited(scope, receive), send_with_headers)
        except TooLarge:
            if not state["status"]:
                await self.answer(send_with_headers, 413, "The file is too large.")
        except Exception as exc:  # one bad request must never take the server down
            # The kind of failure and where, never its message: it may quote a patient's page.
            self.log.error("error: %s while answering %s", type(exc).__name__, scope.get("path"))
            if not state["status"]:
                await self.answer(send_with_headers, 500, "Something went wrong; try again.")
        finally:
            # The path only: query strings and bodies may hold what was typed.
            self.log.info(
                "%s %s %s %.2f s",
                scope.get("method"),
                scope.get("path"),
                state["status"] or "-",
                time.perf_counter() - started,
            )

    def refusal(self, scope: Scope) -> tuple[int, str] | None:
        """Why a request is refused before the app sees it: an unknown host, a body too large,
        another site's form or script, or no sign-in."""
        host = (header(scope, b"host") or "").lower()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if self.hosts is not None and name not in self.hosts:
            return 400, "Unknown host name: open the address handouts serve printed."
        length = header(scope, b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            return 413, "The file is too large (a day's schedule is at most 256 KiB)."
        if scope.get("method") in UNSAFE and not self.same_origin(scope, host):
            return 403, "Refused: the request came from another web page."
        path = str(scope.get("path", ""))
        signed_in = self.sessions.valid(cookies_of(scope).get(SESSION_COOKIE))
        if not signed_in and not path.startswith(OPEN_PATHS):
            return 401, "Sign in first."
        return None

    @staticmethod
    def same_origin(scope: Scope, host: str) -> bool:
        """Whether an unsafe request comes from this server's own pages: its Origin (or, when a
        browser sends none, its Referer) names this host; a browser's Sec-Fetch-Site saying
        cross-site is refused whatever the rest says."""
        if (header(scope, b"sec-fetch-site") or "same-origin") not in ("same-origin", "none"):
            return False
        scheme = scope.get("scheme", "http")
        own = f"{scheme}://{host}"
        origin = header(scope, b"origin")
        if origin is not None:
            return origin == own
        referer = header(scope, b"referer")
        return referer is not None and (referer == own or referer.startswith(own + "/"))

    def limited(self, scope: Scope, receive: Receive) -> Receive:
        """``receive``, stopping once the body passes the limit (a chunked body has no
        Content-Length to refuse it by)."""
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise TooLarge
            return message

        return counted

    async def answer(self, send: Send, status: int, text: str) -> None:
        """A short plain answer; a refused sign-in goes to the sign-in page."""
        headers = [(b"content-type", b"text/plain; charset=utf-8")]
        if status == 401:
            headers.append((b"location", b"/login"))
            status = 303
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": text.encode()})
