"""The public form for feedback or a proposed revision on any directive (III-B-3, VII-A-1,
V-C-10-c) with the comment form's protection, its receipt page, the links from the directive
pages, and R&D's queue (VII-A-2-b)."""

from __future__ import annotations

import datetime
import logging
import re
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from townhall.directives.models import Directive
from townhall.outreach import inputs
from townhall.outreach.models import DirectiveInput

pytestmark = pytest.mark.django_db

URL = "/directives/S04-01-02/input/"
FIELDS = {
    "kind": "feedback",
    "item": "",
    "body": "Publish how often schools call the police to remove a student.",
    "proposed_text": "",
    "name": "Dana Whitfield",
    "email": "dana@example.org",
    "organization": "Bronzeville Parents United",
}


@pytest.fixture
def s04(s04_versions: list[Any]) -> Directive:
    return Directive.objects.get(number="S04-01-02")


def _later() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=10)


def post_input(client: Client, *, wait: bool = True, url: str = URL, **data: Any) -> Any:
    """GET the form, then POST it the way a browser without JavaScript does."""
    from townhall.feedback.tests.helpers import form_fields, solve

    fields = form_fields(client.get(url).text)
    payload = {**FIELDS, "challenge_answer": solve(fields["form_token"]), **fields, **data}
    if not wait:
        return client.post(url, payload)
    with time_machine.travel(_later(), tick=True):
        return client.post(url, payload)


# --- The public form ------------------------------------------------------------------------


def test_the_form_lists_the_items_and_works_without_javascript(client, s04) -> None:  # type: ignore[no-untyped-def]
    page = client.get(URL)
    assert page.status_code == 200
    html = page.text
    for marker in (
        'name="form_token"',
        'name="pow_nonce"',
        'name="website"',
        "data-pow-fallback",
        '<option value="II-C-1-d">II-C-1-d — NOT contact CPD merely to request removal',
        "<legend>What you would like to send</legend>",
        "Proposed revision",
        'aria-describedby="id_item_helptext"',
    ):
        assert marker in html, marker
    assert "<script>" not in html and "style=" not in html  # strict CSP: nothing inline


def test_an_item_and_the_kind_are_preselected_from_the_link(client, s04) -> None:  # type: ignore[no-untyped-def]
    html = client.get(URL, {"item": "II-C-1-d", "kind": "revision"}).text
    assert re.search(r'<option value="II-C-1-d"[^>]*selected', html)
    assert re.search(r'value="revision"[^>]*checked', html)
    assert "NOT contact CPD merely to request removal" in html  # the item as it reads now
    unknown = client.get(URL, {"item": "XIV-Z"}).text
    chosen = re.findall(r'<option value="([^"]*)" selected', unknown)
    assert chosen == [""]  # an unknown item: the whole directive


def test_an_unknown_directive_or_one_not_in_effect_is_not_found(client, d22_draft) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/directives/Z99-99/input/").status_code == 404
    assert client.get("/directives/D22-08/input/").status_code == 404  # a draft only


def test_a_resident_sends_feedback_and_sees_the_receipt_after_the_commit_VII_A_1(
    client, s04, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        response = post_input(client)
    assert response.status_code == 302
    item = DirectiveInput.objects.get()
    assert response["Location"] == f"/directives/input/{item.receipt}/?new=1"
    assert item.kind == "feedback" and item.language == "en" and item.name == "Dana Whitfield"
    assert mail.outbox[-1].to == ["dana@example.org"]
    page = client.get(response["Location"]).text
    assert item.receipt in page and "Thank you: your input was received" in page
    assert "Publish how often schools call the police" in page  # what was sent
    assert "reviews the input on directives regularly" in page  # VII-A-2-b
    assert "join the feedback of the directive's next community engagement" in page
    for private in ("Dana Whitfield", "dana@example.org", "Bronzeville Parents United"):
        assert private not in page


def test_a_resident_proposes_a_revision_of_an_item_with_wording_V_C_10_c(client, s04) -> None:  # type: ignore[no-untyped-def]
    response = post_input(
        client,
        kind="revision",
        item="II-C-1-d",
        body="Say when a call is an emergency.",
        proposed_text="NOT contact CPD to remove a student unless someone is in danger.",
        email="",
    )
    assert response.status_code == 302
    item = DirectiveInput.objects.get()
    assert item.kind == "revision" and item.section_anchor == "II-C-1-d"
    page = client.get(response["Location"]).text
    assert "Item II-C-1-d" in page and "unless someone is in danger" in page
    assert "The wording you proposed" in page


def test_a_revision_without_wording_is_refused_and_everything_typed_stays_V_C_10_c(
    client, s04
) -> None:  # type: ignore[no-untyped-def]
    response = post_input(client, kind="revision", item="II-C-1-d", body="Why I propose it.")
    assert response.status_code == 400
    html = response.text
    assert 'class="error-summary"' in html and "Write the wording you propose" in html
    assert 'href="#id_proposed_text"' in html
    assert 'aria-describedby="id_proposed_text_helptext id_proposed_text_error"' in html
    for typed in ("Why I propose it.", "Dana Whitfield", "dana@example.org", "Bronzeville"):
        assert typed in html, typed
    assert re.search(r'<option value="II-C-1-d"[^>]*selected', html)
    assert not DirectiveInput.objects.exists()


def test_an_unknown_item_and_a_missing_kind_are_refused_with_the_text_kept(client, s04) -> None:  # type: ignore[no-untyped-def]
    response = post_input(client, item="XIV-Z-9")
    assert response.status_code == 400 and "There is no item XIV-Z-9" in response.text
    assert "Publish how often schools call the police" in response.text
    no_kind = post_input(client, kind="")
    assert no_kind.status_code == 400
    assert "Choose whether you send feedback or propose a revision" in no_kind.text
    assert 'href="#id_kind_0"' in no_kind.text
    assert not DirectiveInput.objects.exists()


def test_the_language_of_the_page_is_recorded(client, s04) -> None:  # type: ignore[no-untyped-def]
    response = post_input(client, url="/es/directives/S04-01-02/input/")
    item = DirectiveInput.objects.get()
    assert item.language == "es"
    assert response["Location"] == f"/es/directives/input/{item.receipt}/?new=1"


def test_a_double_submitted_form_gives_one_input_and_the_same_receipt(client, s04) -> None:  # type: ignore[no-untyped-def]
    from townhall.feedback.tests.helpers import form_fields, solve

    fields = form_fields(client.get(URL).text)
    payload = {**FIELDS, "challenge_answer": solve(fields["form_token"]), **fields}
    with time_machine.travel(_later(), tick=True):
        first = client.post(URL, payload)
        second = client.post(URL, payload)
        changed = client.post(URL, {**payload, "body": "A different message."})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert changed.status_code == 409 and "A different message." in changed.text
    assert DirectiveInput.objects.count() == 1


def test_honeypot_too_fast_and_missing_challenge_are_refused_with_the_text_kept(
    client, s04
) -> None:  # type: ignore[no-untyped-def]
    honeypot = post_input(client, website="http://spam.example")
    assert honeypot.status_code == 400 and "Publish how often" in honeypot.text
    too_fast = post_input(client, wait=False)
    assert too_fast.status_code == 400 and "Publish how often" in too_fast.text
    no_answer = post_input(client, challenge_answer="")
    assert no_answer.status_code == 400
    assert not DirectiveInput.objects.exists()


@override_settings(TOWNHALL_INPUT_RATE_LIMIT=2)
def test_rate_limit_answers_429_with_retry_after_and_keeps_the_text(client, s04) -> None:  # type: ignore[no-untyped-def]
    for i in range(2):
        assert post_input(client, body=f"Message {i}").status_code == 302
    response = post_input(client, body="One too many")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "One too many" in response.text


def test_no_ip_address_or_user_agent_is_stored_or_logged(client, s04, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    post_input(client, REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="Mozilla/5.0 TestAgent")
    item = DirectiveInput.objects.get()
    stored = " ".join(str(getattr(item, f.attname)) for f in DirectiveInput._meta.concrete_fields)
    for secret in ("203.0.113.77", "TestAgent"):
        assert secret not in stored and secret not in caplog.text


def test_a_receipt_is_found_as_typed_and_an_unknown_one_is_not(client, s04) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/directives/input/I-0000-0000-0000/").status_code == 404
    item = inputs.directive_input_submit(directive=s04, kind="feedback", body="Hello").item
    assert client.get(f"/directives/input/{item.receipt.lower()}/").status_code == 200
    later = client.get(f"/directives/input/{item.receipt}/").text
    assert "Input receipt" in later and "Thank you" not in later


def test_the_directive_pages_link_to_the_form_and_each_item_to_a_revision(client, s04) -> None:  # type: ignore[no-untyped-def]
    detail = client.get("/directives/S04-01-02/").text
    assert 'href="/directives/S04-01-02/input/"' in detail
    assert "Send feedback or propose a revision" in detail
    current = s04.versions.get(status="current")
    version = client.get(current.get_absolute_url()).text
    assert 'href="/directives/S04-01-02/input/?item=II-C-1-d&amp;kind=revision"' in version
    rescinded = s04.versions.exclude(status="current").first()
    assert "/input/?item=" not in client.get(rescinded.get_absolute_url()).text


# --- R&D's queue (VII-A-2-b) --------------------------------------------------------------------

STAFF = "/staff/outreach/inputs/"


@pytest.fixture
def item(s04) -> DirectiveInput:  # type: ignore[no-untyped-def]
    return inputs.directive_input_submit(
        directive=s04,
        kind="revision",
        section_anchor="II-C-1-d",
        body="Say when a call is an emergency.",
        proposed_text="NOT contact CPD unless someone is in danger.",
        name="Jordan Ellis",
        email="jordan.ellis@example.org",
        organization="Westside Youth Council",
    ).item


@pytest.mark.parametrize("role", ["rd", "admin", "oee", "ocpr", "ocpr_chief"])
def test_rd_oee_ocpr_and_administrators_read_the_queue_VII_A_2_a(client_as, item, role) -> None:  # type: ignore[no-untyped-def]
    client = client_as(role)
    listing = client.get(STAFF)
    assert listing.status_code == 200 and item.receipt in listing.text
    detail = client.get(f"{STAFF}{item.pk}/")
    assert detail.status_code == 200
    assert "NOT contact CPD unless someone is in danger." in detail.text


@pytest.mark.parametrize("role", ["communications", "department_member", "pscd", "training"])
def test_other_roles_cannot_see_the_queue(client_as, item, role) -> None:  # type: ignore[no-untyped-def]
    client = client_as(role)
    for url in (STAFF, f"{STAFF}{item.pk}/"):
        assert client.get(url).status_code == 403
    assert client.post(f"{STAFF}{item.pk}/review/").status_code == 403


def test_a_resident_is_sent_to_sign_in(client_as, item) -> None:  # type: ignore[no-untyped-def]
    response = client_as(None).get(STAFF)
    assert response.status_code == 302 and "/accounts/" in response["Location"]


@pytest.mark.parametrize("role", ["oee", "ocpr"])
def test_oee_and_ocpr_read_but_do_not_act_nor_see_the_sender_VII_A_2_b(
    client_as, item, role
) -> None:  # type: ignore[no-untyped-def]
    client = client_as(role)
    detail = client.get(f"{STAFF}{item.pk}/").text
    for private in ("Jordan Ellis", "jordan.ellis@example.org", "Westside Youth Council"):
        assert private not in detail
    assert "Start the review" not in detail and "Mark as considered" not in detail
    assert client.post(f"{STAFF}{item.pk}/review/").status_code == 403
    assert client.post(f"{STAFF}{item.pk}/consider/", {"note": "x"}).status_code == 403
    item.refresh_from_db()
    assert item.status == "received"


def test_rd_sees_the_sender_and_reviews_then_considers_from_the_page_VII_A_2_b(
    client_as, item
) -> None:  # type: ignore[no-untyped-def]
    client = client_as("rd")
    detail = client.get(f"{STAFF}{item.pk}/").text
    assert "jordan.ellis@example.org" in detail and "Westside Youth Council" in detail
    page = client.post(f"{STAFF}{item.pk}/review/", follow=True).text
    assert "The input is in review." in page
    refused = client.post(f"{STAFF}{item.pk}/consider/", {"note": "  "})
    assert refused.status_code == 400 and "Write what was made of this input." in refused.text
    done = client.post(
        f"{STAFF}{item.pk}/consider/", {"note": "For the 2026 review of S04-01-02."}, follow=True
    ).text
    assert "The input is marked as considered." in done and "For the 2026 review" in done
    item.refresh_from_db()
    assert item.status == "considered"
    again = client.post(f"{STAFF}{item.pk}/review/", follow=True).text
    assert "it cannot be changed that way" in again


def test_the_queue_filters_by_status_and_directive_and_counts_VII_A_2_b(
    client_as, item, persona, d22_draft
) -> None:  # type: ignore[no-untyped-def]
    s03 = inputs.directive_input_submit(
        directive=item.directive, kind="feedback", body="Second input."
    ).item
    inputs.directive_input_review_start(actor=persona("rd"), directive_input=s03)
    client = client_as("rd")
    listing = client.get(STAFF).text
    assert "Received: <strong>1</strong>" in listing and "In review: <strong>1</strong>" in listing
    received = client.get(STAFF, {"status": "received"}).text
    assert item.receipt in received and s03.receipt not in received
    by_directive = client.get(STAFF, {"directive": "S04-01-02"}).text
    assert item.receipt in by_directive and s03.receipt in by_directive
    assert client.get(STAFF, {"status": "nonsense"}).status_code == 200
    assert client.get(STAFF, {"directive": "D22-08"}).status_code == 200  # no input: ignored
