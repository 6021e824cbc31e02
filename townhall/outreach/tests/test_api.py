"""The outreach API: sent announcements as open data, and a dispatch's progress for staff."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from townhall.outreach import sending
from townhall.outreach.tests import factories
from townhall.postings.tests.factories import open_posting

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(d22_draft, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    posting = open_posting(d22_draft)
    factories.subscriber("reader@example.org", follows=(("district", 11),))
    item = factories.scheduled_announcement(
        posting,
        send_at=timezone.now() + datetime.timedelta(minutes=1),
        audience=factories.audience(posting=posting, kinds=["school"]),
    )
    with django_capture_on_commit_callbacks(execute=True):
        sending.dispatches_start_due(now=timezone.now() + datetime.timedelta(minutes=2))
    return item


def test_sent_announcements_are_open_data_in_the_language_asked_VII_C_3(sent, client) -> None:
    body = client.get("/api/v1/outreach/announcements?lang=es&district=11").json()
    assert [a["id"] for a in body] == [sent.pk]
    assert body[0]["language"] == "es"
    assert body[0]["link"].endswith(f"/postings/{sent.posting_id}/")


def test_an_unknown_selection_is_not_found(sent, client) -> None:
    assert client.get("/api/v1/outreach/announcements?district=99").status_code == 404


def test_dispatch_progress_for_those_who_announce_VII_C(sent, client_as) -> None:
    dispatch = sent.dispatches.get()
    url = f"/api/v1/staff/outreach/dispatches/{dispatch.pk}"
    body = client_as("communications").get(url).json()
    assert (body["status"], body["total"], body["sent"], body["percent"]) == ("sent", 1, 1, 100)
    assert client_as("pscd").get(url).status_code == 403
    assert client_as("department_member").get(url).status_code == 401
    assert client_as(None).get(url).status_code == 401
