from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_api_lists_and_shows_directives_with_sections(client, s04_versions) -> None:
    listing = client.get("/api/v1/directives?q=S04").json()
    assert [d["number"] for d in listing] == ["S04-01-02"]
    detail = client.get("/api/v1/directives/S04-01-02").json()
    assert [v["status"] for v in detail["versions"]] == ["rescinded", "current"]
    assert detail["versions"][1]["sections"][0]["anchor"] == "I"


def test_api_unknown_directive_is_404_json(client, db) -> None:
    response = client.get("/api/v1/directives/Z00-00")
    assert response.status_code == 404
    assert response.json()["message"]


def test_api_bad_parameters_are_422_json(client, db) -> None:
    response = client.get("/api/v1/directives?limit=notanumber")
    assert response.status_code == 422
    assert "message" in response.json()


def test_openapi_schema_is_served(client, db) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/directives" in schema["paths"]
