"""The members' pages behind their personal links (seed 002 V-C-1, V-C-11): drafting and
amending a recommendation together (every version kept), voting once in a window, and a link
that closes when the member no longer serves. The token is in the address, so the pages are
never cached, never indexed and send no Referer."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from townhall.accounts.models import User
from townhall.bodies import services
from townhall.bodies.models import Body, Member, Recommendation, RecommendationVersion, Vote
from townhall.bodies.tests import factories as f

pytestmark = pytest.mark.django_db
Persona = Callable[[str], User]


def page_of(member: Member, suffix: str = "") -> str:
    return f"/bodies/member/{member.token}/{suffix}"


def assert_private(response: object) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    assert headers["Referrer-Policy"] == "same-origin"
    assert "no-store" in headers["Cache-Control"] and "private" in headers["Cache-Control"]
    assert "noindex" in headers["X-Robots-Tag"]


def body_with_members(persona: Persona, count: int = 3) -> tuple[Body, list[Member]]:
    body = f.working_group(persona)
    return body, f.members(persona, body, count)


# --- The member's page -----------------------------------------------------------------------


def test_the_member_page_shows_role_term_every_recommendation_and_votes_waiting(
    client: Client, persona: Persona
) -> None:
    body, ms = body_with_members(persona)
    draft = f.drafted(ms[1], title="Keep SROs out of school discipline")
    voted_on = f.drafted(ms[0])
    f.voting_window(persona, voted_on)
    response = client.get(page_of(ms[0]))
    assert response.status_code == 200
    html = response.text
    assert body.name in html and "Ana Morales" in html and "Community member" in html
    assert "Keep SROs out of school discipline" in html  # a draft: members see it
    assert draft.code in html and "Being drafted" in html
    assert "Votes waiting for you" in html and "Waiting for your vote" in html
    assert page_of(ms[0], "new/") in html
    assert '<meta name="robots" content="noindex">' in html
    assert "<script>" not in html and "style=" not in html
    assert_private(response)


def test_an_unknown_or_malformed_link_is_404(client: Client, persona: Persona) -> None:
    body_with_members(persona, 1)
    for url in ("/bodies/member/not-a-token/", "/bodies/member/a%3Bb/", "/bodies/member/x/1/"):
        assert client.get(url).status_code == 404, url


def test_a_member_whose_term_ended_finds_the_link_closed_and_no_forms(
    client: Client, persona: Persona
) -> None:
    _body, ms = body_with_members(persona, 2)
    rec = f.drafted(ms[0])
    ballot = f.voting_window(persona, rec)
    services.member_end(actor=persona("oee"), member=ms[0], reason="Moved out of Chicago.")
    for url in (page_of(ms[0]), page_of(ms[0], "new/"), page_of(ms[0], f"{rec.number}/")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Your link is closed" in response.text
        assert f'action="/bodies/member/{ms[0].token}' not in response.text
        assert rec.versions.get().text not in response.text
        assert_private(response)
    response = client.post(page_of(ms[0], f"{rec.number}/vote/"), {"choice": "for"})
    assert response.status_code == 200 and "Your link is closed" in response.text
    assert not Vote.objects.filter(ballot=ballot).exists()


# --- Drafting and amending -------------------------------------------------------------------


def test_a_member_drafts_a_recommendation(client: Client, persona: Persona) -> None:
    body, ms = body_with_members(persona)
    form = client.get(page_of(ms[0], "new/"))
    assert form.status_code == 200 and 'name="title"' in form.text
    assert_private(form)
    title, text, rationale = f.RECOMMENDATION
    response = client.post(
        page_of(ms[0], "new/"), {"title": title, "text": text, "rationale": rationale}
    )
    rec = Recommendation.objects.get(body=body)
    assert response.status_code == 302
    assert response["Location"] == page_of(ms[0], f"{rec.number}/")
    assert_private(response)
    assert rec.status == Recommendation.Status.DRAFT and rec.created_by == ms[0]
    page = client.get(response["Location"])
    assert "is saved as a draft" in page.text and text in page.text
    assert "Amend the text" in page.text  # a draft can change


def test_a_draft_with_a_problem_keeps_what_was_typed(client: Client, persona: Persona) -> None:
    _body, ms = body_with_members(persona)
    response = client.post(
        page_of(ms[0], "new/"),
        {"title": "", "text": "Officers should not handle school discipline.", "section": "X-9"},
    )
    assert response.status_code == 400
    assert "Give the recommendation a title." in response.text
    assert "Officers should not handle school discipline." in response.text
    assert 'value="X-9"' in response.text
    assert not Recommendation.objects.exists()
    assert_private(response)


def test_another_member_amends_and_version_2_is_kept_beside_version_1(
    client: Client, persona: Persona
) -> None:
    _body, ms = body_with_members(persona)
    rec = f.drafted(ms[0])
    title, text, rationale = f.RECOMMENDATION
    page = client.get(page_of(ms[1], f"{rec.number}/")).text
    assert f'value="{title}"' in page and text in page  # the form holds the latest version
    response = client.post(
        page_of(ms[1], f"{rec.number}/amend/"),
        {
            "title": title,
            "text": text + " Supervisors take the same training.",
            "rationale": rationale,
            "note": "Adds supervisors",
        },
    )
    assert response.status_code == 302
    versions = list(RecommendationVersion.objects.filter(recommendation=rec).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].author == ms[1] and versions[1].note == "Adds supervisors"
    assert versions[0].text == text  # the first version is kept as it was
    html = client.get(response["Location"]).text
    assert "Version 2 of R-1 is saved" in html
    assert "Earlier versions" in html and "Version 1," in html


def test_an_amendment_that_changes_nothing_is_refused_beside_the_text(
    client: Client, persona: Persona
) -> None:
    _body, ms = body_with_members(persona)
    rec = f.drafted(ms[0])
    title, text, rationale = f.RECOMMENDATION
    response = client.post(
        page_of(ms[1], f"{rec.number}/amend/"),
        {"title": title, "text": text, "rationale": rationale, "note": "Same"},
    )
    assert response.status_code == 400 and "Nothing was changed." in response.text
    assert rec.versions.count() == 1


def test_the_text_cannot_be_amended_while_it_is_voted_on(client: Client, persona: Persona) -> None:
    _body, ms = body_with_members(persona)
    rec = f.drafted(ms[0])
    f.voting_window(persona, rec)
    page = client.get(page_of(ms[1], f"{rec.number}/")).text
    assert "Amend the text" not in page
    response = client.post(
        page_of(ms[1], f"{rec.number}/amend/"),
        {"title": "A new title", "text": "A new text", "note": "Late change"},
    )
    assert response.status_code == 409
    assert "The members are voting on this text" in response.text
    assert "A new text" in response.text  # what was typed is kept
    assert rec.versions.count() == 1


# --- Voting ----------------------------------------------------------------------------------


def test_a_member_votes_once_and_a_second_vote_is_refused_with_a_message(
    client: Client, persona: Persona
) -> None:
    _body, ms = body_with_members(persona)
    rec = f.drafted(ms[0])
    ballot = f.voting_window(persona, rec)
    url = page_of(ms[2], f"{rec.number}/")
    page = client.get(url)
    assert 'name="choice"' in page.text and f'value="{ballot.pk}"' in page.text
    response = client.post(
        page_of(ms[2], f"{rec.number}/vote/"), {"ballot": ballot.pk, "choice": "against"}
    )
    assert response.status_code == 302 and response["Location"] == url
    assert_private(response)
    after = client.get(url).text
    assert "Your vote is recorded." in after and "You voted: Against on" in after
    assert 'name="choice"' not in after
    again = client.post(
        page_of(ms[2], f"{rec.number}/vote/"), {"ballot": ballot.pk, "choice": "for"}
    )
    assert again.status_code == 409
    assert "You have already voted on this recommendation." in again.text
    assert "You voted: Against on" in again.text
    assert_private(again)
    assert list(Vote.objects.filter(ballot=ballot).values_list("choice", flat=True)) == ["against"]


def test_a_vote_without_a_choice_is_a_field_error(client: Client, persona: Persona) -> None:
    _body, ms = body_with_members(persona)
    rec = f.drafted(ms[0])
    ballot = f.voting_window(persona, rec)
    response = client.post(page_of(ms[1], f"{rec.number}/vote/"), {"ballot": ballot.pk})
    assert response.status_code == 400
    assert "Choose for, against or abstain." in response.text
    assert not Vote.objects.exists()


def test_a_member_who_joined_after_the_vote_opened_cannot_vote(
    client: Client, persona: Persona
) -> None:
    body, ms = body_with_members(persona)
    rec = f.drafted(ms[0])
    ballot = f.voting_window(persona, rec)
    late = services.member_add(
        actor=persona("oee"),
        body=body,
        name="Malik Johnson",
        email="malik@example.org",
        role=Member.Role.COMMUNITY,
        term_starts=timezone.localdate(),
    )
    page = client.get(page_of(late, f"{rec.number}/")).text
    assert 'name="choice"' not in page
    assert "You were not on the roll of voting members when this vote opened." in page
    response = client.post(
        page_of(late, f"{rec.number}/vote/"), {"ballot": ballot.pk, "choice": "for"}
    )
    assert response.status_code == 403
    assert "You were not on the roll of voting members" in response.text
    assert not Vote.objects.filter(member=late).exists()


def test_a_vote_after_the_window_closed_is_refused(client: Client, persona: Persona) -> None:
    _body, ms = body_with_members(persona)
    rec = f.drafted(ms[0])
    ballot = f.voting_window(persona, rec, hours=2)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=3)):
        page = client.get(page_of(ms[1], f"{rec.number}/")).text
        assert 'name="choice"' not in page and "This vote is closed" in page
        response = client.post(
            page_of(ms[1], f"{rec.number}/vote/"), {"ballot": ballot.pk, "choice": "for"}
        )
    assert response.status_code == 409 and "This vote is closed." in response.text
    assert not Vote.objects.exists()


def test_the_vote_and_amend_addresses_take_only_post(client: Client, persona: Persona) -> None:
    _body, ms = body_with_members(persona)
    rec = f.drafted(ms[0])
    for suffix in ("amend/", "vote/"):
        response = client.get(page_of(ms[0], f"{rec.number}/{suffix}"))
        assert response.status_code == 405
        assert_private(response)
    assert client.get(page_of(ms[0], "99/")).status_code == 404


def test_the_member_pages_render_in_spanish(client: Client, persona: Persona) -> None:
    _body, ms = body_with_members(persona)
    rec = f.drafted(ms[0])
    f.voting_window(persona, rec)
    for suffix in ("", "new/", f"{rec.number}/"):
        response = client.get("/es" + page_of(ms[1], suffix))
        assert response.status_code == 200, suffix
        assert '<html lang="es"' in response.text
        assert_private(response)
