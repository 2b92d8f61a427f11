"""`handouts serve` as a user runs it, for the browser tests and scripts/screenshots.py: the
installed command in its own process, on a free port, with a home, temporary folder and cache of
its own (so every file it writes can be found and read afterwards), and Debian's Chromium driven
by Playwright, with axe-core injected to check a page."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("HANDOUTS_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "tests" / "_vendor" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "_artifacts"
# What the probe of this machine found Chromium needs to start quietly as root, offline.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING_BROWSER = (
    "Debian's Chromium is needed for the browser tests: run scripts/setup test as root, or "
    "sudo apt-get install -y --no-install-recommends chromium"
)


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A running `handouts serve` and the folders it may write to."""

    process: subprocess.Popen[bytes]
    url: str
    project: Path
    home: Path
    log: Path
    folders: list[Path] = field(default_factory=list)
    """Every folder the server could write to: its home, temporary folder, cache, the current
    folder and the project."""
    started: float = field(default_factory=time.time)

    def stop(self) -> str:
        """Stop it as Ctrl-C does; its log."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.log.read_text(encoding="utf-8", errors="replace")

    def written(self) -> list[Path]:
        """Every file under its folders changed since it started."""
        found = []
        for folder in self.folders:
            for path in folder.rglob("*"):
                if path.is_file() and path.stat().st_mtime >= self.started - 1:
                    found.append(path)
        return found


def start_server(
    project: Path, scratch: Path, *args: str, env: dict[str, str] | None = None
) -> Server:
    """Start `handouts serve --project PROJECT` with a home, TMPDIR and cache under ``scratch``;
    return once it answers."""
    home, tmp, cwd = scratch / "home", scratch / "tmp", scratch / "cwd"
    for folder in (home, tmp, cwd):
        folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = scratch / "serve.log"
    environ = {
        **os.environ,
        "HOME": str(home),
        "TMPDIR": str(tmp),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "HANDOUTS_CACHE_DIR": str(home / ".cache" / "handouts"),
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    command = [str(Path(sys.executable).parent / "handouts"), "serve", "--project", str(project)]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, "--port", str(port), *args],
            cwd=cwd,
            env=environ,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    server = Server(process, url, project, home, log, [home, tmp, cwd, project])
    deadline = time.time() + 60
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError("handouts serve stopped:\n" + log.read_text(errors="replace"))
        try:
            with urllib.request.urlopen(url + "/login", timeout=2):
                return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError("handouts serve did not answer within 60 s:\n" + log.read_text())


@contextmanager
def chromium() -> Iterator[Any]:
    """Playwright's Chromium: Debian's, headless."""
    if not CHROMIUM.is_file():
        raise RuntimeError(MISSING_BROWSER)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """What axe-core (WCAG 2.x A and AA, and best practices) finds wrong with the page now."""
    if not AXE.is_file():
        raise RuntimeError("axe-core is missing: run scripts/setup test (it fetches it)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Added as a script element's text: the page's Content-Security-Policy allows scripts of
        # its own origin only, and Playwright's evaluate is not subject to it.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => JSON.stringify((await axe.run(document, {resultTypes: ['violations']}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help, "
        "nodes: v.nodes.map(n => n.target.join(' '))})))"
    )
    return list(json.loads(result))


def screenshot(page: Any, name: str, folder: Path = ARTIFACTS) -> Path:
    """Save the whole page as PNG for a person to look at."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
