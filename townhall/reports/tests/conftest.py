"""Fixtures of the reports tests: an engagement in follow-up with everything a report shows
(factories.reported_engagement), and a published report on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import transaction

from townhall.accounts.demo import ensure_persona_by_key
from townhall.accounts.models import User
from townhall.reports.models import Report, ReportVersion
from townhall.reports.tests.factories import report_published, reported_engagement


@pytest.fixture
def reported(persona: Callable[[str], User]) -> SimpleNamespace:
    """S04-01-02 in follow-up: posting, comments and campaign, themes decided, meeting,
    survey, working group with its response, and the revised draft."""
    return reported_engagement(persona)


@pytest.fixture
def published(
    persona: Callable[[str], User], reported: SimpleNamespace
) -> tuple[Report, ReportVersion]:
    """The report on `reported`, approved by R&D and published as version 1."""
    return report_published(persona, reported)


@pytest.fixture(scope="module")
def reported_module(django_db_setup: None, django_db_blocker: Any) -> Iterator[SimpleNamespace]:
    """The same engagement made once for a whole test module (it takes a few seconds). Each
    test still runs in its own transaction, so what a test changes is rolled back after it;
    the module's engagement is rolled back at the end of the module. Use it with the `db`
    fixture (or the django_db mark), not with transactional tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield reported_engagement(ensure_persona_by_key)
        transaction.set_rollback(True)
