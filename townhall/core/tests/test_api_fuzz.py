"""Schemathesis over the whole public OpenAPI schema: no input gives a 500 or breaks the schema."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

pytestmark = pytest.mark.django_db(transaction=False)

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection():  # type: ignore[no-untyped-def]
    """A WSGI request closes database connections when it ends; inside a test transaction
    that would close the test's own connection. Django's test client unhooks it the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _data(d22_draft):  # type: ignore[no-untyped-def]
    from townhall.postings.tests.factories import open_posting

    open_posting(d22_draft)


@schema.include(path_regex="^/api/v1/(directives|postings|receipts)").parametrize()
# derandomize: CI must give the same verdict on the same code; widen max_examples locally to explore.
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_public_api_never_fails_and_keeps_its_schema(case) -> None:  # type: ignore[no-untyped-def]
    excluded = [schemathesis.checks.ignored_auth]
    if case.operation.path.endswith("/comments"):
        # A schema-valid comment can still be refused with 422 for reasons no schema can
        # state: the section must name an item of this version, a body of only NULs or
        # spaces is empty, an address must be deliverable. The 422 is documented.
        excluded.append(schemathesis.checks.positive_data_acceptance)
    case.call_and_validate(excluded_checks=excluded)
