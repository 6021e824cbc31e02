"""The staff pages of bodies (seed 002 V-C-1, V-C-11; seed 000): who may read and act, the
body's form, its page (seats, calls, roster with the 60-day rotation flags), recruitment and
selection, the roster's changes, and the staff home's rotation table. Recommendations, ballots
and responses: test_staff_recommendation_views.py."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from townhall.accounts.models import Role
from townhall.bodies import recruitment, services, voting
from townhall.bodies.models import Application, Body, Call, Member, Seat
from townhall.bodies.tests import factories as f
from townhall.bodies.tests.staff_helpers import (
    body_data,
    body_meeting,
    make_world,
    pages,
    posts,
    text,
    url,
    with_response,
)
from townhall.engagements.models import Topic

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture
def world(persona: Any) -> dict[str, Any]:
    return make_world(persona)


# --- Who may read and act ------------------------------------------------------------------


def test_every_staff_page_renders_for_oee_without_inline_style_or_script(
    persona, client_as, world
) -> None:  # type: ignore[no-untyped-def]
    client = client_as("oee")
    for page in pages(world):
        response = client.get(page)
        assert response.status_code == 200, page
        assert "style=" not in response.text and "<script" not in response.text, page


def test_a_department_member_is_refused_every_staff_page(persona, client_as, world) -> None:  # type: ignore[no-untyped-def]
    client = client_as("department_member")
    for page in pages(world):
        assert client.get(page).status_code == 403, page


def test_communications_reads_bodies_but_cannot_manage_them_V_C_1(
    persona, client_as, world
) -> None:  # type: ignore[no-untyped-def]
    ballot, response = with_response(persona, world)
    client = client_as("communications")
    for page in (
        url("list"),
        url("detail", world["body"].pk),
        url("call", world["call"].pk),
        url("recommendation", world["recommendation"].pk),
        url("recommendation", ballot.recommendation_id),
    ):
        assert client.get(page).status_code == 200, page
    for page in (
        url("new"),
        url("edit", world["body"].pk),
        url("call-new", world["body"].pk),
        url("application", world["application"].pk),  # what an applicant sent
    ):
        assert client.get(page).status_code == 403, page
    for action in posts(world, ballot, response):
        assert client.post(action, {}).status_code == 403, action
    # The call's page counts the applications; the applicants' details are not on it.
    page = client.get(url("call", world["call"].pk)).text
    assert "1 application" in page and "jasmine.carter@example.org" not in page
    assert "Create a body" not in client.get(url("list")).text


def test_another_originating_unit_cannot_manage_a_body_it_does_not_convene_V_C_1(
    persona, client_as
) -> None:  # type: ignore[no-untyped-def]
    detectives = f.working_group(
        persona, convening_unit="Bureau of Detectives", slug="detectives-group"
    )
    tcac = f.advisory_committee(persona)
    client = client_as("originating_unit")  # the Bureau of Patrol
    for body in (detectives, tcac):
        assert client.get(url("detail", body.pk)).status_code == 200
        assert client.get(url("edit", body.pk)).status_code == 403
        assert client.post(url("publish", body.pk)).status_code == 403
        assert client.post(url("seat-add", body.pk), {"seat-count": "1"}).status_code == 403
    # Its own body it manages.
    patrol = f.working_group(persona)
    assert client.get(url("edit", patrol.pk)).status_code == 200


def test_post_only_actions_refuse_get(persona, client_as, world) -> None:  # type: ignore[no-untyped-def]
    ballot, response = with_response(persona, world)
    client = client_as("oee")
    for action in posts(world, ballot, response):
        assert client.get(action).status_code == 405, action


def test_unknown_ids_are_not_found(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    client = client_as("admin")
    for name in ("detail", "edit", "call-new", "call", "application", "recommendation"):
        assert client.get(url(name, 999999)).status_code == 404, name
    for name in (
        "publish",
        "conclude",
        "seat-add",
        "call-open",
        "call-close",
        "member-new",
        "member-end",
        "member-link",
        "ballot-open",
        "recommendation-withdraw",
        "ballot-record",
        "ballot-close",
        "response",
        "response-submit",
        "response-approve",
        "response-return",
    ):
        assert client.post(url(name, 999999)).status_code == 404, name


# --- The list -------------------------------------------------------------------------------


def test_the_list_shows_seats_filled_open_calls_and_terms_ending_within_60_days_V_C_1(
    persona, client_as
) -> None:  # type: ignore[no-untyped-def]
    tcac = f.advisory_committee(persona)
    today = timezone.localdate()
    f.members(persona, tcac, 2, term_ends=today + datetime.timedelta(days=30))
    f.members(persona, tcac, 1, name="Rafael Ortiz", email="rafael@example.org")
    f.open_call(persona, tcac)
    f.working_group(persona, publish=False)
    page = text(client_as("oee").get(url("list")))
    assert "Training Community Advisory Committee" in page
    assert "School Resource Officer Community Working Group" in page
    assert "3 of 12" in page and "0 of 5" in page
    assert 'badge badge-overdue">2<' in page
    assert "Forming: not yet on the public pages" in page
    assert "Create a body" in page


# --- Creating and editing a body -----------------------------------------------------------


def test_a_body_is_created_from_the_form_as_forming(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    topic = Topic.objects.create(slug="training", name="Training", item="III-A-5")
    response = client_as("oee").post(url("new"), body_data(topics=[topic.pk], district="7"))
    body = Body.objects.get()
    assert response.status_code == 302 and response["Location"] == url("detail", body.pk)
    assert body.status == Body.Status.FORMING
    assert (body.kind, body.term_months, body.turnover_seats, body.seats) == (
        Body.Kind.ADVISORY_COMMITTEE,
        24,
        6,
        12,
    )
    assert body.votes_openly and body.district == 7
    assert list(body.topics.all()) == [topic]


def test_working_group_needs_conclusion_date_V_C_11_and_the_form_keeps_input(
    persona, client_as
) -> None:  # type: ignore[no-untyped-def]
    response = client_as("oee").post(
        url("new"),
        body_data(
            kind=Body.Kind.WORKING_GROUP,
            name="Foot Pursuit Working Group",
            slug="",
            term_months="",
            turnover_seats="",
            turnover_every_months="",
        ),
    )
    assert response.status_code == 200
    page = text(response)
    assert "A working group has an agreed conclusion date (V-C-11)." in page
    assert 'value="Foot Pursuit Working Group"' in page
    assert 'aria-describedby="id_concludes_on_helptext id_concludes_on_error"' in page
    assert not Body.objects.exists()


def test_an_advisory_committee_has_no_conclusion_date_V_C_1(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    response = client_as("oee").post(url("new"), body_data(concludes_on="2027-01-01"))
    assert response.status_code == 200
    assert "An advisory committee has no conclusion date (V-C-1)." in text(response)


def test_a_unit_creates_only_bodies_it_convenes(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    response = client_as("originating_unit").post(url("new"), body_data())
    assert response.status_code == 200
    assert "Your unit can only create bodies that it convenes." in text(response)
    response = client_as("originating_unit").post(
        url("new"), body_data(convening_role=Role.ORIGINATING_UNIT, convening_unit="")
    )
    assert "Name the originating unit that convenes the body." in text(response)
    assert not Body.objects.exists()


def test_communications_cannot_create_a_body(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    client = client_as("communications")
    assert client.get(url("new")).status_code == 403
    assert client.post(url("new"), body_data()).status_code == 403
    assert not Body.objects.exists()


def test_the_edit_form_starts_from_the_body_and_saves_it(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    tcac = f.advisory_committee(persona)
    client = client_as("training")
    page = text(client.get(url("edit", tcac.pk)))
    assert 'value="Training Community Advisory Committee"' in page and 'value="24"' in page
    response = client.post(url("edit", tcac.pk), body_data(seats="14", turnover_seats="7"))
    assert response.status_code == 302
    tcac.refresh_from_db()
    assert (tcac.seats, tcac.turnover_seats) == (14, 7)
    response = client.post(url("edit", tcac.pk), body_data(turnover_seats="20"))
    assert response.status_code == 200
    assert "The seats that turn over are at most all the seats." in text(response)


def test_a_concluded_body_is_not_edited(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    body = f.working_group(persona)
    services.body_conclude(actor=persona("oee"), body=body, reason="Recommendations delivered.")
    client = client_as("oee")
    assert "its record is kept as it was" in text(client.get(url("edit", body.pk)))
    response = client.post(
        url("edit", body.pk),
        body_data(
            kind=Body.Kind.WORKING_GROUP,
            term_months="",
            turnover_seats="",
            turnover_every_months="",
            concludes_on="2030-01-01",
        ),
    )
    assert response.status_code == 200
    assert "This body has concluded; its record is kept as it was." in text(response)


# --- The body's page ------------------------------------------------------------------------


def test_the_body_page_flags_terms_ending_within_60_days_V_C_1(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    tcac = f.advisory_committee(persona)
    today = timezone.localdate()
    f.members(persona, tcac, 1, name="Ana Morales", term_ends=today + datetime.timedelta(days=45))
    f.members(persona, tcac, 1, name="Devon Price", email="devon@example.org")
    page = text(client_as("communications").get(url("detail", tcac.pk)))
    assert "Terms ending within 60 days" in page
    assert page.count("ends within 60 days</strong>") == 1
    rotation = page.split('id="rotation"')[1].split('id="recommendations"')[0]
    assert "Ana Morales" in rotation and "Devon Price" not in rotation
    assert "End the membership" not in page  # read only for Communications


def test_the_body_page_lists_recommendations_and_the_bodys_meetings(
    persona, client_as, world
) -> None:  # type: ignore[no-untyped-def]
    meeting = body_meeting(persona, world["body"])
    page = text(client_as("oee").get(url("detail", world["body"].pk)))
    assert url("recommendation", world["recommendation"].pk) in page
    assert "R-1: " + f.RECOMMENDATION[0] in page and "Being drafted" in page
    assert reverse("staff:meetings:detail", args=[meeting.pk]) in page
    assert "Students" in page and "Chicago Public Schools students" in page


def test_publishing_a_body_and_the_refusal_to_publish_it_twice(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    body = f.working_group(persona, publish=False)
    client = client_as("originating_unit")
    response = client.post(url("publish", body.pk), follow=True)
    body.refresh_from_db()
    assert body.status == Body.Status.ACTIVE
    assert "The body is on the public pages" in text(response)
    response = client.post(url("publish", body.pk), follow=True)
    assert response.status_code == 200
    assert "This body is already on the public pages." in text(response)


def test_concluding_a_working_group_needs_a_reason_V_C_11(persona, client_as, world) -> None:  # type: ignore[no-untyped-def]
    client = client_as("oee")
    body = world["body"]
    voting.recommendation_withdraw(
        actor=persona("oee"), recommendation=world["recommendation"], reason="Merged into R-2."
    )
    response = client.post(url("conclude", body.pk), {"conclude-reason": ""})
    assert response.status_code == 200
    assert "Say why the body concludes." in text(response)
    response = client.post(
        url("conclude", body.pk), {"conclude-reason": "The group delivered its report."}
    )
    assert response.status_code == 302
    body.refresh_from_db()
    assert body.status == Body.Status.CONCLUDED
    assert not Member.objects.filter(body=body, status=Member.Status.ACTIVE).exists()
    assert Call.objects.get(pk=world["call"].pk).status == Call.Status.CLOSED
    response = client.post(url("conclude", body.pk), {"conclude-reason": "Again."})
    assert response.status_code == 200
    assert "Only an active body can conclude." in text(response)


def test_seats_are_grouped_never_beyond_the_bodys_seats(persona, client_as, world) -> None:  # type: ignore[no-untyped-def]
    client = client_as("oee")
    body = world["body"]
    response = client.post(
        url("seat-add", body.pk),
        {"seat-label": "Parents and guardians", "seat-reserved_for": "", "seat-count": "2"},
    )
    assert response.status_code == 302 and Seat.objects.filter(body=body).count() == 2
    response = client.post(
        url("seat-add", body.pk),
        {"seat-label": "Lived experience", "seat-reserved_for": "", "seat-count": "3"},
    )
    assert response.status_code == 200
    page = text(response)
    assert "The body has 5 seats and 1 are not yet grouped." in page
    assert 'value="Lived experience"' in page


# --- Members --------------------------------------------------------------------------------


def test_a_department_member_is_added_and_sent_a_personal_link(
    persona, client_as, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    body = f.working_group(persona)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("oee").post(
            url("member-new", body.pk),
            {
                "member-name": "Sgt. Lena Ortiz",
                "member-email": "lena.ortiz@example.org",
                "member-organisation": "School Safety Unit",
                "member-role": Member.Role.DEPARTMENT,
                "member-seat": "",
                "member-term_starts": timezone.localdate().isoformat(),
                "member-term_ends": "",
                "member-publish_name": "on",
            },
        )
    assert response.status_code == 302
    member = Member.objects.get(name="Sgt. Lena Ortiz")
    assert member.role == Member.Role.DEPARTMENT and member.publish_name
    assert not member.publish_organisation
    assert member.term_ends == body.concludes_on  # a working group's term: until it concludes
    assert [m.to for m in mail.outbox] == [["lena.ortiz@example.org"]]


def test_adding_a_member_keeps_what_was_typed_on_an_error(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    body = f.working_group(persona)
    response = client_as("oee").post(
        url("member-new", body.pk),
        {
            "member-name": "Lena Ortiz",
            "member-email": "not-an-address",
            "member-role": Member.Role.FACILITATOR,
            "member-term_starts": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    page = text(response)
    assert "Enter a valid email address" in page and 'value="Lena Ortiz"' in page
    # A community member joins through a call, not this form.
    response = client_as("oee").post(
        url("member-new", body.pk),
        {
            "member-name": "Lena Ortiz",
            "member-role": Member.Role.COMMUNITY,
            "member-term_starts": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200 and not Member.objects.exists()


def test_a_full_body_takes_no_more_members(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    body = f.working_group(persona, seats=1)
    f.members(persona, body, 1)
    response = client_as("oee").post(
        url("member-new", body.pk),
        {
            "member-name": "Lena Ortiz",
            "member-role": Member.Role.CO_CHAIR,
            "member-term_starts": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    assert "All 1 seats are filled." in text(response)


def test_ending_a_membership_needs_a_reason_and_frees_the_seat(persona, client_as, world) -> None:  # type: ignore[no-untyped-def]
    member = world["members"][1]
    client = client_as("oee")
    prefix = f"end{member.pk}"
    response = client.post(url("member-end", member.pk), {f"{prefix}-reason": ""})
    assert response.status_code == 200
    assert "Record why the membership ends." in text(response)
    response = client.post(
        url("member-end", member.pk),
        {f"{prefix}-reason": "Moved out of Chicago.", f"{prefix}-left": "on"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == Member.Status.LEFT and member.end_reason == "Moved out of Chicago."
    response = client.post(url("member-end", member.pk), {f"{prefix}-reason": "Again."})
    assert response.status_code == 200
    assert "This member no longer serves." in text(response)


def test_the_personal_link_is_sent_again(
    persona, client_as, world, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    member = world["members"][0]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("oee").post(url("member-link", member.pk), follow=True)
    assert "personal link was sent again" in text(response)
    assert mail.outbox[0].to == [member.email] and member.token in mail.outbox[0].body
    silent = f.members(persona, world["body"], 1, name="No Email", email="")[0]
    response = client_as("oee").post(url("member-link", silent.pk), follow=True)
    assert "This member has no email address." in text(response)


# --- Calls and applications -----------------------------------------------------------------


def test_a_call_is_written_in_chicago_time_as_a_draft(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime.datetime(2026, 5, 1, 12, tzinfo=UTC), tick=False):
        body = f.working_group(persona)
        response = client_as("oee").post(
            url("call-new", body.pk),
            {
                "title": "Volunteers wanted",
                "text": f.CALL_TEXT,
                "seats_sought": "5",
                "closes_at": "2026-06-01T17:00",
            },
        )
    call = Call.objects.get()
    assert response.status_code == 302 and response["Location"] == url("call", call.pk)
    assert call.status == Call.Status.DRAFT
    assert call.closes_at == datetime.datetime(2026, 6, 1, 22, tzinfo=UTC)  # 17:00 CDT


def test_a_call_refuses_a_past_or_skipped_closing_time_and_keeps_the_text(
    persona, client_as
) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime.datetime(2026, 2, 1, 12, tzinfo=UTC), tick=False):
        body = f.working_group(persona)
        client = client_as("oee")
        data = {"title": "Volunteers wanted", "text": f.CALL_TEXT, "seats_sought": "5"}
        response = client.post(url("call-new", body.pk), {**data, "closes_at": "2026-01-15T17:00"})
        assert response.status_code == 200
        assert "Applications must close in the future." in text(response)
        assert 'value="Volunteers wanted"' in text(response)
        response = client.post(url("call-new", body.pk), {**data, "closes_at": "2026-03-08T02:30"})
        assert "does not exist on that day in Chicago" in text(response)
        response = client.post(url("call-new", body.pk), {**data, "seats_sought": "9"})
        assert "Give the date and time applications close." in text(response)
    assert not Call.objects.exists()


def test_the_call_page_shows_applicants_to_those_who_select_and_only_counts_demographics(
    persona, client_as, world
) -> None:  # type: ignore[no-untyped-def]
    f.apply(world["call"], name="Marcus Green", email="marcus@example.org", race="latino")
    page = text(client_as("oee").get(url("call", world["call"].pk)))
    assert "jasmine.carter@example.org" in page and "Youth Council" in page
    assert url("application", world["application"].pk) in page
    demographics = page.split('id="demographics"')[1]
    assert 'Black or African American</th><td class="numeric">1<' in demographics
    assert 'Hispanic or Latino</th><td class="numeric">1<' in demographics
    applications = page.split('id="applications"')[1].split('id="demographics"')[0]
    assert "Black or African American" not in applications  # never beside a name


def test_a_call_opens_only_once_the_body_is_published_and_closes_once(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    body = f.working_group(persona, publish=False)
    call = recruitment.call_create(
        actor=persona("oee"),
        body=body,
        title="Volunteers wanted",
        text=f.CALL_TEXT,
        seats_sought=5,
        closes_at=timezone.now() + datetime.timedelta(days=10),
    )
    client = client_as("oee")
    response = client.post(url("call-open", call.pk), follow=True)
    assert "Publish the body first" in text(response)
    services.body_publish(actor=persona("oee"), body=body)
    client.post(url("call-open", call.pk))
    assert Call.objects.get(pk=call.pk).status == Call.Status.OPEN
    client.post(url("call-close", call.pk))
    assert Call.objects.get(pk=call.pk).status == Call.Status.CLOSED
    response = client.post(url("call-close", call.pk), follow=True)
    assert "This call is not open." in text(response)


def test_selecting_an_applicant_makes_them_a_member_on_a_seat(persona, client_as, world) -> None:  # type: ignore[no-untyped-def]
    application = world["application"]
    client = client_as("originating_unit")
    page = text(client.get(url("application", application.pk)))
    assert "I am a parent of two students" in page and "Record the decision" in page
    response = client.post(
        url("application", application.pk),
        {
            "decision": Application.Status.SELECTED,
            "reason": "A parent of students at a school with an SRO.",
            "seat": world["seat"].pk,
            "role": Member.Role.COMMUNITY,
            "term_starts": timezone.localdate().isoformat(),
            "publish_name": "on",
        },
    )
    assert response.status_code == 302 and response["Location"] == url("call", world["call"].pk)
    member = Member.objects.get(application=application)
    assert member.seat == world["seat"] and member.publish_name
    assert Application.objects.get(pk=application.pk).status == Application.Status.SELECTED
    # Decided once: the form is gone, and a second decision is refused with its reason.
    page = text(client.get(url("application", application.pk)))
    assert "Record the decision" not in page
    response = client.post(
        url("application", application.pk),
        {"decision": Application.Status.NOT_SELECTED, "reason": "Again.", "role": "community"},
    )
    assert response.status_code == 200
    assert "This application has already been decided." in text(response)


def test_a_decision_needs_its_reason_and_keeps_the_choice(persona, client_as, world) -> None:  # type: ignore[no-untyped-def]
    application = world["application"]
    response = client_as("oee").post(
        url("application", application.pk),
        {"decision": Application.Status.WAITLISTED, "reason": "", "role": "community"},
    )
    assert response.status_code == 200
    page = text(response)
    assert "Record the reason for the decision." in page
    assert re.search(r'<input[^>]*value="waitlisted"[^>]*checked', page)
    assert Application.objects.get(pk=application.pk).status == Application.Status.SUBMITTED
    response = client_as("oee").post(
        url("application", application.pk),
        {
            "decision": Application.Status.WAITLISTED,
            "reason": "All seats filled.",
            "role": "community",
        },
        follow=True,
    )
    assert "is on the waiting list and was told" in text(response)


def test_another_unit_cannot_decide_an_application(persona, client_as, world) -> None:  # type: ignore[no-untyped-def]
    client = client_as("training")
    application = world["application"]
    assert client.get(url("application", application.pk)).status_code == 403
    response = client.post(
        url("application", application.pk),
        {"decision": Application.Status.NOT_SELECTED, "reason": "No.", "role": "community"},
    )
    assert response.status_code == 403
    assert Application.objects.get(pk=application.pk).status == Application.Status.SUBMITTED


# --- The staff home -------------------------------------------------------------------------


def test_the_staff_home_links_bodies_and_lists_terms_ending_within_60_days_V_C_1(
    persona, client_as
) -> None:  # type: ignore[no-untyped-def]
    client = client_as("oee")
    page = text(client.get("/staff/"))
    assert url("list") in page and "Advisory bodies" in page
    assert "Terms ending within 60 days" not in page  # none yet
    tcac = f.advisory_committee(persona)
    ends = timezone.localdate() + datetime.timedelta(days=20)
    f.members(persona, tcac, 1, name="Grace Liu", term_ends=ends)
    f.members(persona, tcac, 1, name="Omar Haddad", email="omar@example.org")
    page = text(client.get("/staff/"))
    rotation = page.split('id="rotation"')[1].split("</table>")[0]
    assert "Grace Liu" in rotation and "Training Community Advisory Committee" in rotation
    assert "Omar Haddad" not in rotation
    assert url("detail", tcac.pk) + "#rotation" in rotation
