"""The public pages of bodies (seed 002 V-C-1, V-C-11; seed 000, the School Resource Officer
Community Working Group): the list and each body's page, the roster as its members agreed to
be shown, the application form with its receipt, and the chain of a recommendation:
recommendation -> the members' vote -> the Department's response -> the revised text."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from townhall.accounts.models import User
from townhall.bodies import recruitment, responses, services, voting
from townhall.bodies.models import Application, Body, Member, Recommendation, Response
from townhall.bodies.tests import factories as f
from townhall.directives.models import DirectiveVersion
from townhall.feedback.tests.helpers import form_fields, solve

pytestmark = pytest.mark.django_db
Persona = Callable[[str], User]


def get_form(client: Client, url: str, *, at: datetime.datetime | None = None) -> dict[str, str]:
    """GET the form (10 seconds before `at`) and return its token with the question answered,
    the way a browser without JavaScript fills it in."""
    at = at or timezone.now() + datetime.timedelta(seconds=10)
    with time_machine.travel(at - datetime.timedelta(seconds=10), tick=False):
        page = client.get(url)
        assert page.status_code == 200, page.status_code
        fields = form_fields(page.text)
        return {**fields, "challenge_answer": solve(fields["form_token"])}


def submit(client: Client, url: str, data: dict[str, Any], **kwargs: Any) -> Any:
    at = timezone.now() + datetime.timedelta(seconds=10)
    fields = get_form(client, url, at=at)
    with time_machine.travel(at, tick=False):
        return client.post(url, {**data, **fields})


def application_data(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "Jasmine Carter",
        "email": "jasmine.carter@example.org",
        "phone": "773-555-0142",
        "district": "7",
        "organisation": "Englewood Parents United",
        "lived_experience": "My son was arrested at school in tenth grade.",
        "why": "I am a parent of two students at a South Side high school with an SRO.",
        "age_band": "35_44",
        "race": "black",
        **overrides,
    }


# --- Which bodies the public sees -----------------------------------------------------------


def test_the_list_and_pages_show_only_public_bodies_a_forming_body_is_404(
    client: Client, persona: Persona
) -> None:
    forming = f.working_group(persona, publish=False, name="Use of Force Working Group", slug="uof")
    body = f.working_group(persona)
    f.open_call(persona, body)
    listing = client.get("/bodies/")
    assert listing.status_code == 200
    html = listing.text
    assert body.name in html and "Working group (V-C-11)" in html
    assert "A community-focused policy working group" in html  # the purpose's excerpt
    assert "applications open until" in html
    assert forming.name not in html
    for url in ("/bodies/uof/", "/bodies/uof/apply/", "/bodies/uof/recommendations/1/"):
        assert client.get(url).status_code == 404, url
    assert client.get("/bodies/no-such-body/").status_code == 404
    assert "<script>" not in html and "style=" not in html  # strict CSP: nothing inline


def test_a_concluded_body_is_listed_apart_and_keeps_its_page_V_C_11(
    client: Client, persona: Persona
) -> None:
    body = f.working_group(persona)
    services.body_conclude(actor=persona("oee"), body=body, reason="Its report is delivered.")
    html = client.get("/bodies/").text
    assert html.index("No advisory body is active") < html.index(body.name)
    page = client.get(f"/bodies/{body.slug}/")
    assert page.status_code == 200 and "Concluded on" in page.text


def test_the_main_navigation_links_to_the_advisory_bodies(client: Client) -> None:
    assert 'href="/bodies/"' in client.get("/bodies/").text


def test_a_working_group_page_gives_purpose_directive_conclusion_date_and_voting_rules_V_C_11(
    client: Client, persona: Persona, s04_versions: list[DirectiveVersion]
) -> None:
    directive = s04_versions[1].directive
    body = f.working_group(persona, directive=directive, quorum_percent=60)
    services.seat_add(
        actor=persona("oee"),
        body=body,
        label="Students",
        reserved_for="Chicago Public Schools students, ages 16 to 24",
        count=2,
    )
    html = client.get(f"/bodies/{body.slug}/").text
    assert f.SRO_PURPOSE in html
    assert "Bureau of Patrol" in html  # the convening unit
    assert f'href="{directive.get_absolute_url()}"' in html
    assert "Conclusion date" in html and "V-C-11" in html
    assert "Chicago Public Schools students, ages 16 to 24" in html
    assert "at least 60% of the voting members" in html
    assert "More than half of the votes for or against" in html
    assert "How each member voted is published" in html
    assert "No recommendation has been put to a vote yet." in html


def test_an_advisory_committee_page_gives_its_rotation_rule_V_C_1(
    client: Client, persona: Persona
) -> None:
    body = f.advisory_committee(persona, votes_openly=False)
    html = client.get(f"/bodies/{body.slug}/").text
    assert "Advisory committee (V-C-1)" in html and "Training Division" in html
    assert "Members serve terms of 24 months." in html
    assert "6 seats turn over every 12 months." in html
    assert "Conclusion date" not in html
    assert "Only the counts of each vote are published" in html


def test_the_roster_names_only_members_who_consented_and_counts_the_others(
    client: Client, persona: Persona
) -> None:
    body = f.working_group(persona)
    services.member_add(
        actor=persona("oee"),
        body=body,
        name="Ana Morales",
        email="ana@example.org",
        organisation="Brighton Park Neighborhood Council",
        role=Member.Role.CO_CHAIR,
        term_starts=timezone.localdate(),
        publish_name=True,
        publish_organisation=False,
    )
    services.member_add(
        actor=persona("oee"),
        body=body,
        name="Devon Price",
        email="devon@example.org",
        organisation="Youth Justice Collective",
        role=Member.Role.COMMUNITY,
        term_starts=timezone.localdate(),
        publish_name=False,
        publish_organisation=True,
    )
    html = client.get(f"/bodies/{body.slug}/").text
    assert "Ana Morales" in html and "Co-chair" in html
    assert "Brighton Park Neighborhood Council" not in html  # her organisation: not agreed
    assert "Devon Price" not in html and "Youth Justice Collective" not in html
    assert "1 member chose not to be named." in html
    assert "2 members serve, of 5 seats." in html
    assert "ana@example.org" not in html


def test_the_body_page_lists_its_public_meetings_never_a_draft_or_internal_one_V_C_9(
    client: Client, persona: Persona
) -> None:
    from townhall.engagements import services as engagements
    from townhall.engagements.models import Activity
    from townhall.meetings import services as meetings
    from townhall.meetings.models import Meeting
    from townhall.meetings.tests import factories as mf

    activity = mf.public_activity(persona)
    internal = engagements.activity_add(
        actor=persona("oee"),
        engagement=activity.engagement,
        method=Activity.Method.INTERNAL_FOCUS_GROUP,
    )
    body = f.working_group(persona, engagements=[activity.engagement])

    def meeting(title: str, on: Activity, *, post: bool = True, **kwargs: Any) -> Meeting:
        created = meetings.meeting_create(
            actor=persona("oee"),
            activity=on,
            details=mf.details(title=title, **kwargs),
            body=body,
        )
        meetings.agenda_item_add(
            actor=persona("oee"), meeting=created, title="The SRO policy", minutes=60
        )
        return meetings.meeting_publish(actor=persona("oee"), meeting=created) if post else created

    posted = meeting("Working group session 1", activity)
    meeting("Working group session 2", activity, post=False)
    meeting("Department members only", internal, kind=Meeting.Kind.INTERNAL_FOCUS_GROUP)
    html = client.get(f"/bodies/{body.slug}/").text
    assert "Working group session 1" in html and f'href="/meetings/{posted.pk}/"' in html
    assert "Working group session 2" not in html
    assert "Department members only" not in html


# --- The application -------------------------------------------------------------------------


def test_an_application_is_stored_and_only_then_its_receipt_shown(
    client: Client, persona: Persona
) -> None:
    body = f.working_group(persona)
    call = f.open_call(persona, body)
    form = client.get(f"/bodies/{body.slug}/apply/").text
    assert call.title in form and "About you (optional, only ever counted)" in form
    assert 'name="idempotency_key"' not in form and 'name="form_token"' in form
    response = submit(client, f"/bodies/{body.slug}/apply/", application_data())
    assert response.status_code == 303
    application = Application.objects.get()
    assert response["Location"] == f"/bodies/application/{application.receipt}/?new=1"
    assert application.call == call and application.district == 7
    assert application.age_band == "35_44" and application.race == "black"
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.text
    assert "Your application is received" in html and application.receipt in html
    assert body.name in html and "Received" in html and "What happens next" in html
    assert 'content="noindex"' in html
    # The address may be shared: nothing the applicant wrote.
    for typed in ("Jasmine", "jasmine.carter@example.org", "773-555-0142", "Englewood Parents"):
        assert typed not in html
    assert client.get("/bodies/application/A-NOPE0000/").status_code == 404
    assert client.get("/bodies/application/%20x%3B/").status_code == 404


def test_a_refused_application_keeps_every_typed_value_and_stores_nothing(
    client: Client, persona: Persona
) -> None:
    body = f.working_group(persona)
    seat = services.seat_add(
        actor=persona("oee"), body=body, label="Parents", reserved_for="", count=2
    )
    f.open_call(persona, body)
    data = application_data(why="", seat=str(seat.pk))
    response = submit(client, f"/bodies/{body.slug}/apply/", data)
    assert response.status_code == 400
    html = response.text
    assert "Tell us why you would like to take part." in html
    assert 'id="id_why_error"' in html and 'aria-describedby="id_why_error"' in html
    for value in ("Jasmine Carter", "jasmine.carter@example.org", "773-555-0142"):
        assert f'value="{value}"' in html
    assert "Englewood Parents United" in html
    assert "My son was arrested at school in tenth grade." in html
    assert re.search(r'<option value="7" selected>', html)
    assert re.search(rf'<option value="{seat.pk}" selected>', html)
    assert re.search(r'value="35_44"[^>]*checked', html)
    assert re.search(r'value="black"[^>]*checked', html)
    assert not Application.objects.exists()


def test_a_tampered_choice_is_a_field_error_not_a_server_error(
    client: Client, persona: Persona
) -> None:
    body = f.working_group(persona)
    f.open_call(persona, body)
    data = application_data(district="99", race="martian")
    response = submit(client, f"/bodies/{body.slug}/apply/", data)
    assert response.status_code == 400
    assert response.text.count("Choose from the answers listed.") >= 2
    assert not Application.objects.exists()


def test_without_an_open_call_the_form_says_so_and_a_late_post_keeps_the_text(
    client: Client, persona: Persona
) -> None:
    body = f.working_group(persona)
    page = client.get(f"/bodies/{body.slug}/apply/")
    assert page.status_code == 200
    assert "is not looking for volunteers at the moment" in page.text
    assert 'name="why"' not in page.text
    refused = client.post(f"/bodies/{body.slug}/apply/", application_data())
    assert refused.status_code == 409
    assert "is not looking for volunteers at the moment" in refused.text
    assert "I am a parent of two students" in refused.text
    call = f.open_call(persona, body)
    url = f"/bodies/{body.slug}/apply/"
    at = timezone.now() + datetime.timedelta(seconds=10)
    fields = get_form(client, url, at=at)
    recruitment.call_close(actor=persona("oee"), call=call)
    with time_machine.travel(at, tick=False):
        response = client.post(url, {**application_data(), **fields, "call": str(call.pk)})
    assert response.status_code == 409
    assert "Applications to this call closed on" in response.text
    assert "What you wrote is kept below." in response.text
    assert "I am a parent of two students" in response.text
    assert not Application.objects.exists()


def test_a_second_application_with_the_same_email_is_refused_beside_the_email(
    client: Client, persona: Persona
) -> None:
    body = f.working_group(persona)
    call = f.open_call(persona, body)
    f.apply(call, email="jasmine.carter@example.org")
    response = submit(client, f"/bodies/{body.slug}/apply/", application_data())
    assert response.status_code == 400
    assert 'id="id_email_error"' in response.text
    assert "This email address has already applied to this call." in response.text
    assert Application.objects.count() == 1


def test_the_same_form_sent_twice_gives_one_application(client: Client, persona: Persona) -> None:
    body = f.working_group(persona)
    call = f.open_call(persona, body)
    url = f"/bodies/{body.slug}/apply/"
    at = timezone.now() + datetime.timedelta(seconds=10)
    fields = get_form(client, url, at=at)
    payload = {**application_data(), **fields, "call": str(call.pk)}
    with time_machine.travel(at, tick=False):
        first = client.post(url, payload)
        second = client.post(url, payload)
    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"]
    assert Application.objects.count() == 1


# --- The chain: recommendation -> vote -> response -> revision -------------------------------


def voted(
    persona: Persona,
    body: Body,
    choices: tuple[str, ...] = ("for", "for", "against"),
    *,
    named: tuple[bool, ...] = (True, False, True),
) -> tuple[Recommendation, list[Member]]:
    """Three members: the first drafts, the second amends, all vote; the window closes."""
    ms = [
        services.member_add(
            actor=persona("oee"),
            body=body,
            name=name,
            email=f"m{i}@example.org",
            role=Member.Role.COMMUNITY,
            term_starts=timezone.localdate(),
            publish_name=publish,
        )
        for i, (name, publish) in enumerate(zip(f.NAMES, named, strict=False))
    ]
    rec = f.drafted(ms[0], section="IV-A" if body.directive_id else "")
    title, text, rationale = f.RECOMMENDATION
    voting.recommendation_amend(
        member=ms[1],
        recommendation=rec,
        title=title,
        text=text + " The training is given every year.",
        section="IV-A" if body.directive_id else "",
        rationale=rationale,
        note="Adds the annual refresher",
    )
    ballot = f.voting_window(persona, rec)
    for member, choice in zip(ms, choices, strict=False):
        voting.vote_cast(member=member, ballot=ballot, choice=choice)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=49)):
        assert voting.ballots_close_due() == 1
    rec.refresh_from_db()
    return rec, ms


def answered(
    persona: Persona, rec: Recommendation, current: DirectiveVersion, *, approve: bool = True
) -> Response:
    draft = f.revised_draft(persona, current)
    response = responses.response_save(
        actor=persona("originating_unit"),
        recommendation=rec,
        disposition=Response.Disposition.ADOPTED,
        reasoning="The Department adds trauma-informed practices to the SRO training.",
        revised_version=draft,
        revised_section="IV-A-13",
    )
    response = responses.response_submit(actor=persona("originating_unit"), response=response)
    if approve:
        response = responses.response_approve(actor=persona("rd"), response=response)
    return response


def test_the_chain_shows_versions_tally_named_votes_response_and_the_change(
    client: Client, persona: Persona, s04_versions: list[DirectiveVersion]
) -> None:
    current = s04_versions[1]
    body = f.working_group(persona, directive=current.directive)
    rec, _ms = voted(persona, body)
    assert rec.status == Recommendation.Status.FORWARDED
    url = f"/bodies/{body.slug}/recommendations/{rec.number}/"
    html = client.get(url).text
    # Step 1: the latest version and the history, authors named only with consent.
    assert "Step 1 of 4: the recommendation" in html
    assert "The training is given every year." in html and "Adds the annual refresher" in html
    assert "Version history" in html and "First draft" in html
    assert "Devon Price" not in html and "a member" in html  # the amendment's author
    assert f'href="{current.get_absolute_url()}#s-IV-A"' in html
    # Step 2: the tally with its table, and each vote by name where agreed.
    assert 'role="img"' in html and "<caption" in html
    assert "Votes as bars: 2 for, 1 against, 0 abstaining." in html
    assert "Votes needed for a quorum" in html and "Passed: forwarded to the Department" in html
    assert "Result of the vote on version 2" in html
    assert "How each member voted" in html
    assert "Ana Morales" in html and "Grace Liu" in html
    assert "a member who asked not to be named" in html
    # Step 3: the response awaited until it is published.
    assert "the Department's official response is awaited" in html
    assert "Step 4 of 4: the revision" in html
    assert "<script>" not in html and "style=" not in html


def test_a_response_is_public_only_once_approved_and_links_the_change(
    client: Client, persona: Persona, s04_versions: list[DirectiveVersion]
) -> None:
    current = s04_versions[1]
    body = f.working_group(persona, directive=current.directive)
    rec, _ms = voted(persona, body)
    url = f"/bodies/{body.slug}/recommendations/{rec.number}/"
    response = answered(persona, rec, current, approve=False)
    assert response.status == Response.Status.SUBMITTED
    html = client.get(url).text
    assert "adds trauma-informed practices to the SRO training" not in html
    assert "Adopted" not in html
    response = responses.response_approve(actor=persona("rd"), response=response)
    html = client.get(url).text
    assert "The Department adds trauma-informed practices to the SRO training." in html
    assert "<strong>Adopted</strong>" in html
    revised = response.revised_version
    assert revised is not None
    assert f'href="{revised.get_absolute_url()}#s-IV-A-13"' in html
    assert 'class="rl-text"' in html and "<ins>" in html and "trauma-informed practices" in html
    detail = client.get(f"/bodies/{body.slug}/").text
    assert f"{rec.code}:" in detail and "Adopted" in detail


def test_a_later_response_supersedes_the_published_one_which_stays_as_history(
    client: Client, persona: Persona, s04_versions: list[DirectiveVersion]
) -> None:
    current = s04_versions[1]
    body = f.working_group(persona, directive=current.directive)
    rec, _ms = voted(persona, body)
    first = responses.response_save(
        actor=persona("originating_unit"),
        recommendation=rec,
        disposition=Response.Disposition.CONSIDERING,
        reasoning="The Department is studying the cost of the training.",
    )
    responses.response_submit(actor=persona("originating_unit"), response=first)
    responses.response_approve(actor=persona("rd"), response=first)
    answered(persona, rec, current)
    html = client.get(f"/bodies/{body.slug}/recommendations/{rec.number}/").text
    assert "Earlier responses, superseded" in html
    assert "The Department is studying the cost of the training." in html
    assert "Superseded by a later response" in html
    assert html.index("adds trauma-informed practices") < html.index("studying the cost")


def test_votes_are_not_named_when_the_body_does_not_vote_openly(
    client: Client, persona: Persona
) -> None:
    body = f.working_group(persona, votes_openly=False)
    rec, _ms = voted(persona, body)
    html = client.get(f"/bodies/{body.slug}/recommendations/{rec.number}/").text
    assert "Votes as bars: 2 for, 1 against, 0 abstaining." in html
    assert "How each member voted" not in html
    assert "Grace Liu" not in html and "a member who asked not to be named" not in html


def test_an_open_vote_shows_its_closing_time_and_no_running_tally(
    client: Client, persona: Persona
) -> None:
    body = f.working_group(persona)
    ms = f.members(persona, body, 3)
    rec = f.drafted(ms[0])
    ballot = f.voting_window(persona, rec)
    voting.vote_cast(member=ms[0], ballot=ballot, choice="for")
    html = client.get(f"/bodies/{body.slug}/recommendations/{rec.number}/").text
    assert "Being voted on until" in html
    assert "Votes as bars" not in html and "How each member voted" not in html
    assert "Not yet: the members are voting." in html


def test_a_draft_is_not_public_until_it_is_put_to_a_vote(client: Client, persona: Persona) -> None:
    body = f.working_group(persona)
    ms = f.members(persona, body, 2)
    rec = f.drafted(ms[0])
    assert client.get(f"/bodies/{body.slug}/recommendations/{rec.number}/").status_code == 404
    assert f.RECOMMENDATION[0] not in client.get(f"/bodies/{body.slug}/").text


def test_the_public_pages_render_in_spanish(client: Client, persona: Persona) -> None:
    body = f.working_group(persona)
    f.open_call(persona, body)
    rec, _ms = voted(persona, body)
    for url in (
        "/es/bodies/",
        f"/es/bodies/{body.slug}/",
        f"/es/bodies/{body.slug}/apply/",
        f"/es/bodies/{body.slug}/recommendations/{rec.number}/",
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        assert '<html lang="es"' in page.text, url
