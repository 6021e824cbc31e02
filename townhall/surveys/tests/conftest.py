import pytest


@pytest.fixture(autouse=True)
def _directive(request: pytest.FixtureRequest) -> None:
    """Survey tests make their engagements on D22-08 (engagements.tests.helpers)."""
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("d22_draft")
