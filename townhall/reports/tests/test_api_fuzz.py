"""Schemathesis over the reports' part of the OpenAPI schema (issue 10: "schemathesis finds no
500"): public and staff operations, any input, never a 500 and always the documented shapes.
core/tests/test_api_fuzz.py covers the directives, postings and receipts the same way."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from townhall.accounts.models import User

pytestmark = pytest.mark.django_db(transaction=False)

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """A WSGI request closes database connections when it ends; inside a test transaction
    that would close the test's own connection (as in core/tests/test_api_fuzz.py)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _data(d22_draft, persona: Callable[[str], User]) -> None:  # type: ignore[no-untyped-def]
    """A closed posting with a published comment, one not reviewed, and a decided theme."""
    from townhall.feedback import review
    from townhall.feedback.analysis_models import Disposition
    from townhall.feedback.models import Comment
    from townhall.feedback.services import comment_enter, comment_publish
    from townhall.postings.tests.factories import closed_posting

    posting = closed_posting(d22_draft)
    oee = persona("oee")
    assert posting.closes_at is not None
    for body in (
        "Officers should explain the directive to the student council every year.",
        "=SUM(A1:A9) is not a comment; write to me at reader@example.org.",
    ):
        comment = comment_enter(
            actor=oee,
            posting=posting,
            body=body,
            channel=Comment.Channel.PAPER,
            received_on=posting.closes_at.date(),
            section="I",
        )
    comment_publish(actor=oee, comment=comment)
    theme = review.theme_create(actor=oee, posting=posting, label="Explaining the directive")
    review.theme_decide(
        actor=oee,
        theme=theme,
        disposition=Disposition.FUTURE,
        reason="The Department will consider it when the directive is next reviewed.",
    )


@schema.include(path_regex="^/api/v1/(staff/)?reports").parametrize()
# derandomize: CI must give the same verdict on the same code; widen max_examples locally.
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_reports_api_never_fails_and_keeps_its_schema(case) -> None:  # type: ignore[no-untyped-def]
    # The staff operations answer 401 to a caller with no session: documented, and expected.
    case.call_and_validate(excluded_checks=[schemathesis.checks.ignored_auth])
