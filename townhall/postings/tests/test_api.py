"""Public API v1 for postings, comments and receipts."""

from __future__ import annotations

import pytest

from townhall.feedback.models import Comment
from townhall.postings.tests.factories import closed_posting, open_posting, scheduled_posting

pytestmark = pytest.mark.django_db


@pytest.fixture
def posting(d22_draft):  # type: ignore[no-untyped-def]
    return open_posting(d22_draft)


def _post(client, posting_id, payload, **headers):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/postings/{posting_id}/comments",
        payload,
        content_type="application/json",
        **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()},
    )


def test_lists_postings_by_status(client, posting, s04_versions) -> None:
    scheduled_posting(s04_versions[1])
    assert [p["id"] for p in client.get("/api/v1/postings?status=open").json()] == [posting.pk]
    upcoming = client.get("/api/v1/postings?status=upcoming").json()
    assert upcoming[0]["directive"] == "S04-01-02"
    assert client.get("/api/v1/postings?status=whatever").status_code == 422


def test_posting_detail_has_narrative_dates_sections_and_current_link(client, posting) -> None:
    data = client.get(f"/api/v1/postings/{posting.pk}").json()
    assert data["narrative"] and data["closes_at"] and data["status"] == "open"
    assert any(s["anchor"] == "V-C-10-b" for s in data["sections"])
    assert client.get("/api/v1/postings/999999").status_code == 404


def test_comment_gives_201_with_receipt_and_idempotency_key_repeats_it(client, posting) -> None:
    first = _post(
        client, posting.pk, {"body": "By API.", "section": "V-C-10"}, **{"Idempotency-Key": "k1"}
    )
    again = _post(
        client, posting.pk, {"body": "By API.", "section": "V-C-10"}, **{"Idempotency-Key": "k1"}
    )
    assert first.status_code == again.status_code == 201
    assert first.json()["receipt"] == again.json()["receipt"]
    assert Comment.objects.count() == 1
    assert Comment.objects.get().channel == "api"


def test_comment_errors_are_json_with_messages(client, posting, d22_draft, s04_versions) -> None:
    invalid = _post(client, posting.pk, {"body": "", "section": "Q-1"})
    assert invalid.status_code == 422
    assert set(invalid.json()["errors"]) == {"body", "section"}
    assert _post(client, 999999, {"body": "x"}).status_code == 404
    closed = closed_posting(s04_versions[1])
    refused = _post(client, closed.pk, {"body": "Late."})
    assert refused.status_code == 409 and "closed" in refused.json()["message"]
    malformed = client.post(
        f"/api/v1/postings/{posting.pk}/comments", "not json", content_type="application/json"
    )
    assert malformed.status_code in (400, 422) and "message" in malformed.json()


def test_receipt_state_has_no_personal_data(client, posting) -> None:
    receipt = _post(
        client, posting.pk, {"body": "Mine.", "name": "Jane Q", "email": "j@example.org"}
    ).json()["receipt"]
    data = client.get(f"/api/v1/receipts/{receipt}").json()
    assert data["state"] == "received" and data["posting_id"] == posting.pk
    assert "Jane" not in str(data) and "example.org" not in str(data)
    assert client.get("/api/v1/receipts/TH-0000-0000").status_code == 404


def test_api_rate_limit_is_429_with_retry_after(client, posting, settings) -> None:
    settings.TOWNHALL_COMMENT_RATE_LIMIT = 1
    assert _post(client, posting.pk, {"body": "One."}).status_code == 201
    response = _post(client, posting.pk, {"body": "Two."})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0


def test_an_idempotency_key_reused_for_a_different_comment_is_422(client, posting) -> None:
    assert (
        _post(client, posting.pk, {"body": "One."}, **{"Idempotency-Key": "k2"}).status_code == 201
    )
    response = _post(client, posting.pk, {"body": "Another."}, **{"Idempotency-Key": "k2"})
    assert response.status_code == 422
    assert Comment.objects.count() == 1
