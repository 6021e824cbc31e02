"""The public request form (IV-B-7 NOTE) with the comment form's protection, its receipt page,
and the staff pages where OEE and OCPR decide."""

from __future__ import annotations

import datetime
import logging
import re
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from townhall.engagements.models import CommunityRequest, Engagement
from townhall.engagements.requests import community_request_submit
from townhall.feedback.tests.helpers import form_fields, solve

pytestmark = pytest.mark.django_db
URL = "/get-involved/request/"
FIELDS = {
    "kind": "community_led",
    "organization": "Albany Park Neighbors",
    "contact_name": "Sam Rivera",
    "email": "sam@example.org",
    "phone": "773-555-0199",
    "subject": "Crisis intervention",
    "description": "Our group will host a conversation on responses to people in crisis.",
    "districts": ["17"],
}


def _later() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=10)


def post_request(client: Client, *, wait: bool = True, url: str = URL, **data: Any) -> Any:
    """GET the form, then POST it the way a browser without JavaScript does."""
    fields = form_fields(client.get(url).text)
    payload = {**FIELDS, "challenge_answer": solve(fields["form_token"]), **fields, **data}
    if not wait:
        return client.post(url, payload)
    with time_machine.travel(_later(), tick=True):
        return client.post(url, payload)


def test_the_form_works_without_javascript_and_carries_the_protection(client, d22_draft) -> None:  # type: ignore[no-untyped-def]
    page = client.get(URL)
    assert page.status_code == 200
    html = page.text
    for marker in (
        'name="form_token"',
        'name="pow_nonce"',
        'name="website"',
        "data-pow-fallback",
        "What is",
        'list="directive-numbers"',
        '<option value="D22-08">',
        "Community-led engagement",
    ):
        assert marker in html, marker
    assert "<script>" not in html and "style=" not in html  # strict CSP: nothing inline


def test_a_group_sends_a_request_and_sees_its_receipt_after_the_commit_IV_B_7(
    client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        response = post_request(client)
    assert response.status_code == 302
    item = CommunityRequest.objects.get()
    assert response["Location"] == f"{URL}{item.receipt}/?new=1"
    assert item.kind == "community_led" and item.districts == [17] and item.language == "en"
    assert mail.outbox[-1].to == ["sam@example.org"]
    page = client.get(response["Location"]).text
    assert item.receipt in page and "Albany Park Neighbors" in page and "Received" in page
    # Beyond the organization and the status, nothing the group sent is on the receipt page.
    for private in ("Sam Rivera", "sam@example.org", "773-555-0199", "responses to people"):
        assert private not in page


def test_the_receipt_is_shown_only_once_the_request_is_committed(client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The redirect to the receipt is made outside every transaction of the request: the
    service's block has closed (committed) and no request-wide transaction holds it open."""
    from django.conf import settings

    from townhall.engagements import request_views

    assert not settings.DATABASES["default"].get("ATOMIC_REQUESTS")
    baseline = list(connection.savepoint_ids)  # the test's own wrapping transaction
    seen: dict[str, Any] = {}
    original = request_views._to_receipt

    def spy(item: CommunityRequest) -> Any:
        seen["open_blocks"] = list(connection.savepoint_ids) != baseline
        seen["stored"] = CommunityRequest.objects.filter(receipt=item.receipt).exists()
        return original(item)

    monkeypatch.setattr(request_views, "_to_receipt", spy)
    response = post_request(client)
    assert response.status_code == 302
    assert seen == {"open_blocks": False, "stored": True}


def test_the_language_of_the_page_is_recorded(client) -> None:  # type: ignore[no-untyped-def]
    response = post_request(client, url="/es/get-involved/request/")
    item = CommunityRequest.objects.get()
    assert item.language == "es"
    assert response["Location"] == f"/es/get-involved/request/{item.receipt}/?new=1"


def test_double_submitted_form_gives_one_request_and_the_same_receipt(client) -> None:  # type: ignore[no-untyped-def]
    fields = form_fields(client.get(URL).text)
    payload = {**FIELDS, "challenge_answer": solve(fields["form_token"]), **fields}
    with time_machine.travel(_later(), tick=True):
        first = client.post(URL, payload)
        second = client.post(URL, payload)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert CommunityRequest.objects.count() == 1
    assert re.search(r"R-\w{4}-\w{4}-\w{4}", first["Location"])


def test_the_same_form_with_another_request_is_not_taken_for_the_first(client) -> None:  # type: ignore[no-untyped-def]
    fields = form_fields(client.get(URL).text)
    payload = {**FIELDS, "challenge_answer": solve(fields["form_token"]), **fields}
    with time_machine.travel(_later(), tick=True):
        client.post(URL, payload)
        changed = client.post(URL, {**payload, "description": "A different proposal."})
    assert changed.status_code == 409 and "A different proposal." in changed.text
    assert CommunityRequest.objects.count() == 1


def test_honeypot_too_fast_and_missing_challenge_are_refused_with_the_text_kept(client) -> None:  # type: ignore[no-untyped-def]
    honeypot = post_request(client, website="http://spam.example")
    assert honeypot.status_code == 400 and "Albany Park Neighbors" in honeypot.text
    too_fast = post_request(client, wait=False)
    assert too_fast.status_code == 400 and "quicker than we expected" in too_fast.text
    no_answer = post_request(client, challenge_answer="")
    assert no_answer.status_code == 400 and "responses to people in crisis" in no_answer.text
    bad_token = post_request(client, form_token="forged")
    assert bad_token.status_code == 400
    assert not CommunityRequest.objects.exists()


@override_settings(TOWNHALL_REQUEST_RATE_LIMIT=2)
def test_rate_limit_answers_429_with_retry_after_and_keeps_the_text(client) -> None:  # type: ignore[no-untyped-def]
    for i in range(2):
        assert post_request(client, organization=f"Group {i}").status_code == 302
    response = post_request(client, organization="One too many")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "One too many" in response.text


def test_bad_input_shows_every_problem_and_keeps_everything_typed(client) -> None:  # type: ignore[no-untyped-def]
    response = post_request(client, kind="", email="sam at example", directive="Z99-99")
    assert response.status_code == 400
    html = response.text
    assert 'class="error-summary"' in html
    assert "Choose whether your group would lead or co-produce" in html
    assert "Enter a valid email address" in html
    assert "There is no directive Z99-99 in the registry" in html
    for typed in (
        "Albany Park Neighbors",
        "Sam Rivera",
        "sam at example",
        "773-555-0199",
        "Z99-99",
    ):
        assert typed in html, typed
    assert re.search(r'value="17"[^>]*checked', html)  # the district ticked stays ticked
    tampered = post_request(client, districts=["13"])
    assert tampered.status_code == 400 and "Choose districts from the list." in tampered.text
    assert "Albany Park Neighbors" in tampered.text
    assert not CommunityRequest.objects.exists()


def test_no_ip_address_or_user_agent_is_stored_or_logged(client, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    post_request(client, REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="Mozilla/5.0 TestAgent")
    item = CommunityRequest.objects.get()
    stored = " ".join(str(getattr(item, f.attname)) for f in CommunityRequest._meta.concrete_fields)
    for secret in ("203.0.113.77", "TestAgent"):
        assert secret not in stored and secret not in caplog.text


def test_an_unknown_receipt_is_not_found(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get(f"{URL}R-0000-0000-0000/").status_code == 404
    item = community_request_submit(
        kind="co_produced",
        organization="Group",
        contact_name="A",
        email="a@example.org",
        subject="S",
        description="D",
    ).request
    assert client.get(f"{URL}{item.receipt.lower()}/").status_code == 200


# --- Staff ----------------------------------------------------------------------------------


@pytest.fixture
def item() -> CommunityRequest:
    return community_request_submit(
        kind="co_produced",
        organization="Westside Youth Council",
        contact_name="Jordan Ellis",
        email="jordan@example.org",
        subject="Foot pursuits",
        description="Co-produce listening sessions.",
        districts=[11],
    ).request


def test_every_staff_member_reads_the_requests_and_filters_by_status(client_as, item) -> None:  # type: ignore[no-untyped-def]
    client = client_as("training")
    listing = client.get("/staff/engagements/requests/").text
    assert "Westside Youth Council" in listing
    assert (
        "Westside Youth Council"
        not in client.get("/staff/engagements/requests/", {"status": "declined"}).text
    )
    assert client.get("/staff/engagements/requests/", {"status": "nonsense"}).status_code == 200
    detail = client.get(f"/staff/engagements/requests/{item.pk}/").text
    assert "Co-produce listening sessions." in detail
    assert "jordan@example.org" not in detail  # contact details: for those who decide
    assert "Start the review" not in detail  # the Training Division reads, does not decide


def test_oee_reviews_then_accepts_into_a_new_engagement_from_the_page(
    client_as, item, d22_draft
) -> None:  # type: ignore[no-untyped-def]
    client = client_as("oee")
    url = f"/staff/engagements/requests/{item.pk}/"
    page = client.post(url + "review/", follow=True).text
    assert "The request is under review." in page and "Accept the request" in page
    refused = client.post(
        url + "accept/",
        {
            "a-reason": "",
            "a-title": "Foot pursuit engagement",
            "a-directive": "D22-08",
            "a-originating_unit": "Bureau of Patrol",
        },
    )
    assert refused.status_code == 200
    assert "Say why the request is accepted" in refused.text
    assert "Foot pursuit engagement" in refused.text and "Bureau of Patrol" in refused.text
    unknown = client.post(url + "accept/", {"a-reason": "Yes", "a-directive": "Z99-99"})
    assert "There is no directive Z99-99." in unknown.text
    done = client.post(
        url + "accept/",
        {
            "a-reason": "We will co-produce it.",
            "a-title": "Foot pursuit engagement",
            "a-directive": "d22-08",
            "a-originating_unit": "Bureau of Patrol",
        },
        follow=True,
    ).text
    assert "The request was accepted" in done
    item.refresh_from_db()
    engagement = Engagement.objects.get()
    assert item.engagement == engagement and engagement.community_request
    assert "Westside Youth Council" in client.get(f"/staff/engagements/{engagement.pk}/").text


def test_declining_without_a_reason_keeps_the_form_and_with_one_tells_the_requester(
    client_as, item, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = client_as("ocpr_designee")
    url = f"/staff/engagements/requests/{item.pk}/decline/"
    refused = client.post(url, {"d-reason": "   "})
    assert refused.status_code == 200 and "Say why the request is declined" in refused.text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"d-reason": "Already under way with another group."})
    item.refresh_from_db()
    assert item.status == "declined"
    assert "Already under way" in mail.outbox[-1].body
    again = client.post(f"/staff/engagements/requests/{item.pk}/review/", follow=True).text
    assert "it cannot be changed that way" in again


def test_only_those_who_decide_see_the_requesters_contact_details_IV_B_7(
    client_as, persona
) -> None:  # type: ignore[no-untyped-def]
    from townhall.engagements import requests as request_services

    item = request_services.community_request_submit(
        kind="co_produced",
        organization="Austin Coming Together",
        contact_name="Jordan Ellis",
        email="jordan.ellis@example.org",
        subject="Investigatory stops",
        description="Co-produce listening sessions on investigatory stops in Austin.",
    ).request
    url = f"/staff/engagements/requests/{item.pk}/"
    assert "jordan.ellis@example.org" in client_as("oee").get(url).text
    page = client_as("pscd").get(url).text
    assert "Austin Coming Together" in page and "jordan.ellis@example.org" not in page
