"""Browser tests: a real server (its own SQLite file, the demo loaded), a real SMTP server
(aiosmtpd) receiving its mail, and Debian's Chromium driven by Playwright. Nothing is
downloaded: the browser is /usr/bin/chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Inbox:
    """What the real SMTP server received."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        message = BytesParser(policy=policy.default).parsebytes(envelope.content)
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 OK"

    def subjects(self) -> list[str]:
        return [str(m["Subject"]) for m in self.messages]


@pytest.fixture(scope="session")
def smtp() -> Iterator[tuple[Inbox, int]]:
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


class Site:
    """The server under test, and management commands that act on its database."""

    def __init__(self, base: str, env: dict[str, str], inbox: Inbox) -> None:
        self.base = base
        self.env = env
        self.inbox = inbox

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout

    def query(self, sql: str, *params: object) -> list[tuple[Any, ...]]:
        import sqlite3

        with sqlite3.connect(self.env["DATABASE_URL"].removeprefix("sqlite:///")) as db:
            return db.execute(sql, params).fetchall()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, smtp: tuple[Inbox, int]) -> Iterator[Site]:
    inbox, smtp_port = smtp
    var = tmp_path_factory.mktemp("var")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "townhall.settings.dev",
        "DEBUG": "0",
        "TOWNHALL_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'browser.sqlite3'}",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        # Two languages keep the walk-through short; the suite checks all six.
        "TOWNHALL_POSTING_LANGUAGES": "en,es",
        # A lighter proof of work keeps the walk-throughs quick; the check itself is the same.
        "TOWNHALL_POW_BITS": "12",
    }
    env.pop("REDIS_URL", None)
    py = sys.executable
    subprocess.run([py, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [py, "manage.py", "load_demo"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    port = _free_port()
    proc = subprocess.Popen(
        [py, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        raise RuntimeError("the test server did not start")
    yield Site(base, env, inbox)
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def server(site: Site) -> str:
    return site.base


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is needed: apt-get install -y chromium")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(20000)
    yield pg
    context.close()


def sign_in(page: Page, username: str, password: str = "townhall-demo") -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]:has-text('Sign in')")


def sign_out(page: Page) -> None:
    page.click("button:has-text('Sign out')")
