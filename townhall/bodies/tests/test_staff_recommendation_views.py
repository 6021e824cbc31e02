"""The staff page of one recommendation (seed 002 V-C-1, V-C-11, V-D-3): its versions, the
ballots with every result and named vote, the clerk's record of a vote taken at a meeting, and
the Department's response, written by the convening or originating unit and approved by the
unit responsible for the directive or training, never by its writer (VI-C-4, VI-D-2)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from townhall.accounts.models import Role
from townhall.bodies import responses, voting
from townhall.bodies.models import Ballot, Recommendation, Response, Vote
from townhall.bodies.tests import factories as f
from townhall.bodies.tests.staff_helpers import (
    body_meeting,
    forwarded,
    make_world,
    text,
    url,
    with_response,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(persona: Any) -> dict[str, Any]:
    return make_world(persona)


# --- Recommendations and ballots ------------------------------------------------------------


def test_the_recommendation_page_shows_every_version_with_its_author_and_note(
    persona, client_as, world
) -> None:  # type: ignore[no-untyped-def]
    rec = world["recommendation"]
    members = world["members"]
    voting.recommendation_amend(
        member=members[1],
        recommendation=rec,
        title="Trauma-informed training for SROs and their supervisors",
        text="Add trauma-informed practices to the annual refresher training.",
        note="Names the annual refresher training.",
    )
    page = text(client_as("communications").get(url("recommendation", rec.pk)))
    assert "Version 1" in page and "Version 2" in page
    assert f"by {members[0].name}" in page and f"by {members[1].name}" in page
    assert "Names the annual refresher training." in page
    assert "Open the vote" not in page  # Communications reads only


def test_a_window_ballot_opens_in_chicago_time_and_shows_who_voted_not_how(
    persona, client_as, world
) -> None:  # type: ignore[no-untyped-def]
    rec = world["recommendation"]
    client = client_as("oee")
    response = client.post(
        url("ballot-open", rec.pk), {"ballot-method": Ballot.Method.WINDOW, "ballot-closes_at": ""}
    )
    assert response.status_code == 200
    assert "The vote must close in the future." in text(response)
    closes = timezone.localtime() + datetime.timedelta(days=3)
    response = client.post(
        url("ballot-open", rec.pk),
        {
            "ballot-method": Ballot.Method.WINDOW,
            "ballot-closes_at": closes.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    ballot = Ballot.objects.get()
    assert ballot.closes_at == closes.replace(second=0, microsecond=0)
    voting.vote_cast(member=world["members"][0], ballot=ballot, choice=Vote.Choice.AGAINST)
    page = text(client.get(url("recommendation", rec.pk)))
    assert "1 of 3 voting members has voted so far." in page
    open_vote = page.split('id="ballot-h"')[1].split("</section>")[0]
    assert world["members"][0].name in open_vote and "Against" not in open_vote
    # A second ballot while this one is open is refused with its reason, not a 500.
    response = client.post(
        url("ballot-open", rec.pk),
        {
            "ballot-method": Ballot.Method.WINDOW,
            "ballot-closes_at": closes.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 200
    assert "Only a recommendation being drafted can be put to a vote." in text(response)
    # A window closes by itself; the clerk cannot close it.
    response = client.post(url("ballot-close", ballot.pk), follow=True)
    assert "This vote closes by itself" in text(response)


def test_the_clerk_records_a_meeting_vote_member_by_member_and_closes_it(
    persona, client_as, world
) -> None:  # type: ignore[no-untyped-def]
    rec = world["recommendation"]
    members = world["members"]
    meeting = body_meeting(persona, world["body"])
    client = client_as("originating_unit")
    response = client.post(url("ballot-open", rec.pk), {"ballot-method": Ballot.Method.MEETING})
    assert response.status_code == 200 and "Choose one of this body's meetings." in text(response)
    response = client.post(
        url("ballot-open", rec.pk),
        {"ballot-method": Ballot.Method.MEETING, "ballot-meeting": meeting.pk},
    )
    assert response.status_code == 302
    ballot = Ballot.objects.get()
    page = text(client.get(url("recommendation", rec.pk)))
    assert "Record the votes taken at the meeting" in page
    for m in members:
        assert f'name="record-m{m.pk}"' in page
    response = client.post(
        url("ballot-record", ballot.pk),
        {
            f"record-m{members[0].pk}": Vote.Choice.FOR,
            f"record-m{members[1].pk}": Vote.Choice.FOR,
            f"record-m{members[2].pk}": "",
        },
    )
    assert response.status_code == 302
    assert Vote.objects.filter(ballot=ballot).count() == 2
    assert set(Vote.objects.values_list("recorded_by__username", flat=True)) == {"patrol.unit"}
    page = text(client.get(url("recommendation", rec.pk)))
    assert f'name="record-m{members[0].pk}"' not in page  # recorded: no second vote
    assert f'name="record-m{members[2].pk}"' in page
    # A recorded member is off the form: a second vote for them is not taken.
    response = client.post(
        url("ballot-record", ballot.pk), {f"record-m{members[0].pk}": Vote.Choice.AGAINST}
    )
    assert response.status_code == 200
    assert "Record at least one member's vote." in text(response)
    assert Vote.objects.get(ballot=ballot, member=members[0]).choice == Vote.Choice.FOR
    response = client.post(url("ballot-close", ballot.pk), follow=True)
    assert "the recommendation is forwarded to the Department" in text(response)
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.FORWARDED
    # Staff always see how each member voted in a closed ballot.
    page = text(client.get(url("recommendation", rec.pk)))
    closed = page.split('id="ballots"')[1].split('id="response"')[0]
    assert "2 for, 0 against, 0 abstaining" in closed
    assert members[0].name in closed and "the clerk" in closed


def test_withdrawing_needs_a_reason_and_only_a_draft_is_withdrawn(
    persona, client_as, world
) -> None:  # type: ignore[no-untyped-def]
    rec = world["recommendation"]
    client = client_as("oee")
    response = client.post(url("recommendation-withdraw", rec.pk), {"withdraw-reason": ""})
    assert response.status_code == 200 and "Record why it is withdrawn." in text(response)
    response = client.post(
        url("recommendation-withdraw", rec.pk),
        {"withdraw-reason": "The members merged it into R-2."},
    )
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.WITHDRAWN
    response = client.post(url("recommendation-withdraw", rec.pk), {"withdraw-reason": "Again."})
    assert response.status_code == 200
    assert "Only a recommendation that is not voted on or forwarded can be withdrawn." in text(
        response
    )


# --- The Department's response (VI-C-4, VI-D-2) --------------------------------------------


def test_the_convening_unit_writes_the_response_and_rd_approves_it_V_D_3(
    persona, client_as, s04_versions
) -> None:  # type: ignore[no-untyped-def]
    current = s04_versions[1]
    body = f.working_group(persona, directive=current.directive)
    members = f.members(persona, body, 3)
    rec = forwarded(persona, body, members, section="IV-A")
    revised = f.revised_draft(persona, current)
    writer = client_as("originating_unit")
    page = text(writer.get(url("recommendation", rec.pk)))
    assert "Write the response" in page
    data = {
        "response-disposition": Response.Disposition.ADOPTED,
        "response-reasoning": "Trauma-informed practices join the SRO training.",
        "response-revised_version": revised.pk,
        "response-revised_section": "IV-A-99",
    }
    response = writer.post(url("response", rec.pk), data)
    assert response.status_code == 200
    assert "The revised version has no item IV-A-99." in text(response)
    assert "Trauma-informed practices join the SRO training." in text(response)
    response = writer.post(url("response", rec.pk), {**data, "response-revised_section": "IV-A-13"})
    assert response.status_code == 302
    draft = Response.objects.get()
    assert draft.revised_section == "IV-A-13" and draft.status == Response.Status.DRAFT
    # The originating unit writes, but does not approve (VI-D-2).
    assert writer.post(url("response-approve", draft.pk)).status_code == 403
    response = writer.post(url("response-submit", draft.pk), follow=True)
    assert "sent for approval" in text(response)
    response = writer.post(url("response-submit", draft.pk), follow=True)
    assert "Only a draft response can be sent for approval." in text(response)
    approver = client_as("rd")
    page = text(approver.get(url("recommendation", rec.pk)))
    assert "Approve and publish" in page
    response = approver.post(url("response-approve", draft.pk), follow=True)
    assert "approved and published" in text(response)
    draft.refresh_from_db()
    assert draft.status == Response.Status.PUBLISHED
    page = text(approver.get(url("recommendation", rec.pk)))
    assert reverse("bodies:recommendation", args=[body.slug, rec.number]) in page
    assert "The change is in" in page and "IV-A-13" in page


def test_the_approver_returns_a_response_with_a_note(persona, client_as, world) -> None:  # type: ignore[no-untyped-def]
    _ballot, draft = with_response(persona, world)
    responses.response_submit(actor=persona("originating_unit"), response=draft)
    approver = client_as("ocpr_chief")  # no directive or training: OCPR approves (IV-D)
    response = approver.post(url("response-return", draft.pk), {"return-note": ""})
    assert response.status_code == 200 and "Say what should change." in text(response)
    response = approver.post(
        url("response-return", draft.pk), {"return-note": "Name the schools in the pilot."}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Response.Status.DRAFT
    page = text(client_as("originating_unit").get(url("recommendation", draft.recommendation_id)))
    assert "Returned with this note: Name the schools in the pilot." in page
    assert "Send for approval" in page


def test_rd_cannot_approve_the_response_it_wrote_itself_VI_D_2(
    persona, client_as, s04_versions
) -> None:  # type: ignore[no-untyped-def]
    body = f.working_group(
        persona,
        directive=s04_versions[1].directive,
        convening_role=Role.RD,
        convening_unit="",
    )
    members = f.members(persona, body, 3)
    rec = forwarded(persona, body, members)
    client = client_as("rd")
    response = client.post(
        url("response", rec.pk),
        {
            "response-disposition": Response.Disposition.CONSIDERING,
            "response-reasoning": "R&D will consider it in the next revision.",
        },
    )
    assert response.status_code == 302
    draft = Response.objects.get()
    client.post(url("response-submit", draft.pk))
    page = text(client.get(url("recommendation", rec.pk)))
    assert "Someone other than its writer approves a response." in page
    assert "Approve and publish" not in page
    assert client.post(url("response-approve", draft.pk)).status_code == 403
    assert client.post(url("response-return", draft.pk), {"return-note": "x"}).status_code == 403
    assert Response.objects.get().status == Response.Status.SUBMITTED


def test_a_unit_that_does_not_answer_the_body_cannot_write_its_response(
    persona, client_as, world
) -> None:  # type: ignore[no-untyped-def]
    ballot, draft = with_response(persona, world)
    data = {"response-disposition": "adopted", "response-reasoning": "Yes."}
    for key in ("rd", "communications", "training"):
        client = client_as(key)
        assert client.post(url("response", ballot.recommendation_id), data).status_code == 403
        assert client.post(url("response-submit", draft.pk)).status_code == 403


def test_a_draft_recommendation_gets_no_response_yet(persona, client_as, world) -> None:  # type: ignore[no-untyped-def]
    response = client_as("originating_unit").post(
        url("response", world["recommendation"].pk),
        {"response-disposition": "adopted", "response-reasoning": "Yes."},
    )
    assert response.status_code == 200
    assert "Only a recommendation the members forwarded gets an official response." in text(
        response
    )
    assert not Response.objects.exists()
