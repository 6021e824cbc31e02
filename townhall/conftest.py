"""Shared fixtures: the personas of docs/personas (a resident, a Department member, R&D, OEE,
OCPR and its Chief, ...) as signed-in clients, and small real directives."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from townhall.accounts.demo import ensure_persona_by_key
from townhall.accounts.models import User
from townhall.accounts.personas import PERSONAS

DEMO_DATA = Path(__file__).resolve().parent / "directives" / "demo_data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", help="also run tests marked slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="slow: use --run-slow (make test-slow)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the site's default language: a request to /es/... leaves Spanish
    active in the thread, which would make the next test's messages Spanish."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _make(key: str) -> User:
    return ensure_persona_by_key(key)


@pytest.fixture
def persona(db: None) -> Callable[[str], User]:
    """`persona("rd")` -> the R&D analyst's account (created on first use)."""
    return _make


@pytest.fixture
def all_personas(db: None) -> dict[str, User]:
    return {p.key: _make(p.key) for p in PERSONAS}


@pytest.fixture
def client_as(db: None) -> Callable[[str | None], Client]:
    """`client_as("oee")` -> a client signed in as that persona; `client_as(None)` a resident."""

    def make(key: str | None) -> Client:
        client = Client()
        if key is not None:
            client.force_login(_make(key))
        return client

    return make


@pytest.fixture
def rd(persona: Callable[[str], User]) -> User:
    return persona("rd")


@pytest.fixture
def admin_user(persona: Callable[[str], User]) -> User:
    return persona("admin")


def demo_text(relative: str) -> str:
    return (DEMO_DATA / relative).read_text(encoding="utf-8")


@pytest.fixture
def s04_versions(db: None) -> list[Any]:
    """School Resource Officers (S04-01-02): the 1987 and 2019 versions, real text."""
    from townhall.directives.services import directive_version_import

    out = []
    for name in (
        "key_versions/S04-01-02/S04-01-02__issued-1987-10-19__effective-1987-10-20.txt",
        "key_versions/S04-01-02/S04-01-02__issued-2019-08-29__effective-2019-08-29.txt",
    ):
        out.append(directive_version_import(text=demo_text(name), number_hint="S04-01-02").version)
    return out


@pytest.fixture
def d22_draft(db: None) -> Any:
    """Seed 002 as the draft of D22-08."""
    from townhall.directives.services import directive_version_import

    return directive_version_import(
        text=demo_text("D22-08_draft_2025-03-10.txt"),
        number_hint="D22-08",
        type_hint="Department Directive",
        source_ref="seed:002",
        status="draft",
    ).version
