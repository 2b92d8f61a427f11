"""`handouts serve`: load and check the project once, warm the renderer, then answer on
http://127.0.0.1:8000 (uvicorn) until Ctrl-C, reading the project again whenever a file under
content/ or templates/ changes (watchfiles)."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import sys
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts.paths import ProjectPaths
from handouts.web.app import AppOptions, create_app
from handouts.web.desk import Desk
from handouts.web.guard import LOOPBACK_HOSTS, Guard, Sessions

LOGGER = "handouts.serve"
# uvicorn's own loggers: its access log is off (Guard writes one that names no patient), its
# error log keeps start-up and shut-down lines.
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(message)s", "datefmt": "%H:%M:%S"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "stream": "ext://sys.stderr",
        },
        "null": {"class": "logging.NullHandler"},
    },
    # Everything else goes nowhere, not even Python's last-resort handler on standard error: a
    # library's warning (WeasyPrint's about a page) may quote the page, and so a patient's name.
    # WeasyPrint's warnings still reach the renderer, which turns them into errors.
    "root": {"handlers": ["null"], "level": "WARNING"},
    "loggers": {
        "weasyprint": {"handlers": ["null"], "level": "WARNING", "propagate": False},
        "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        LOGGER: {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}


@dataclass(frozen=True)
class ServeOptions:
    """How `handouts serve` was started."""

    host: str = "127.0.0.1"
    port: int = 8000
    password: str | None = None
    """Required whenever ``host`` is not this computer alone."""
    location: str | None = None
    jobs: int = 1
    watch: bool = True


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this computer only."""
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def make_app(desk: Desk, options: ServeOptions, log: logging.Logger) -> Guard:
    """The app behind its guard."""
    sessions = Sessions(None if is_loopback(options.host) else options.password)
    app = create_app(desk, sessions, AppOptions(options.location))
    hosts = LOOPBACK_HOSTS if is_loopback(options.host) else None
    return Guard(app, sessions, log, hosts)


async def watch(desk: Desk, log: logging.Logger, stop: asyncio.Event) -> None:
    """Read the project again after every change under content/ or templates/."""
    from watchfiles import awatch

    folders = [str(desk.paths.content), str(desk.paths.templates)]
    async for changes in awatch(*folders, stop_event=stop, debounce=200, step=50):
        loaded = await asyncio.to_thread(desk.reload)
        # File names only: project files, never a patient's.
        names = sorted({desk.paths.relative(Path(path)) for _, path in changes})
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        errors = len(loaded.report.errors)
        verdict = f"{errors} error{'s' if errors != 1 else ''}" if errors else "no errors"
        log.info("changed: %s; checked again: %s", shown, verdict)


def serve_project(
    paths: ProjectPaths, options: ServeOptions, announce: Callable[[str], None]
) -> None:
    """Run the server until Ctrl-C (see the module's docstring)."""
    import logging.config

    import uvicorn

    logging.config.dictConfig(LOGGING)
    log = logging.getLogger(LOGGER)
    desk = Desk(paths, jobs=options.jobs)
    threading.Thread(target=desk.warm, daemon=True).start()
    guard = make_app(desk, options, log)
    stop = asyncio.Event()

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        task = asyncio.create_task(watch(desk, log, stop)) if options.watch else None
        try:
            yield
        finally:
            stop.set()
            if task is not None:
                with contextlib.suppress(BaseException):
                    await asyncio.wait_for(task, 2)
            desk.close()

    guard.app.router.lifespan_context = lifespan  # type: ignore[attr-defined]
    config = uvicorn.Config(
        guard,
        host=options.host,
        port=options.port,
        log_config=LOGGING,
        access_log=False,
        server_header=False,
        timeout_graceful_shutdown=6,
        lifespan="on",
    )
    server = uvicorn.Server(config)
    host = f"[{options.host}]" if ":" in options.host else options.host
    report = desk.loaded.report
    announce(f"handouts serve: {report.summary().removeprefix('check: ')} in the project")
    announce(f"  front desk:       http://{host}:{options.port}/")
    announce(f"  editors' preview: http://{host}:{options.port}/preview")
    if not is_loopback(options.host):
        announce("  sign in with the password set in HANDOUTS_SERVE_PASSWORD (or --password-file)")
    announce("Press Ctrl-C to stop.")
    try:
        server.run()
    except KeyboardInterrupt:  # uvicorn stops, then passes Ctrl-C on
        pass
    finally:
        desk.close()
    announce("handouts serve: stopped")
    if server.started is False and not getattr(server, "should_exit", False):
        sys.exit(1)
