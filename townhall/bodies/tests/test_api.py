"""The bodies' open data (seed 000: the members' voting results and the official response)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from townhall.bodies import responses, voting
from townhall.bodies.tests import factories as f

pytestmark = pytest.mark.django_db


def test_api_lists_public_bodies_only(persona):
    f.working_group(persona)
    f.advisory_committee(persona)
    f.working_group(persona, publish=False, name="Forming group", slug="forming")
    listed = Client().get("/api/v1/bodies").json()
    assert sorted(b["slug"] for b in listed) == ["sro-working-group", "tcac"]
    assert Client().get("/api/v1/bodies/forming").status_code == 404


def test_api_roster_names_only_members_who_agreed(persona):
    body = f.working_group(persona)
    f.members(persona, body, 2)
    f.members(persona, body, 1, publish_name=False, email="quiet@example.org")
    data = Client().get("/api/v1/bodies/sro-working-group").json()
    assert [m["name"] for m in data["roster"]] == ["Ana Morales", "Devon Price"]
    assert data["members_not_named"] == 1
    assert data["serving"] == 3


def test_api_recommendation_chain_has_tally_names_and_published_response(persona, s04_versions):
    current = s04_versions[1]
    body = f.working_group(persona, directive=current.directive)
    members = f.members(persona, body, 3)
    recommendation = f.drafted(members[0], section="IV-A")
    ballot = f.voting_window(persona, recommendation)
    for member, choice in zip(members, ("for", "for", "against"), strict=True):
        voting.vote_cast(member=member, ballot=ballot, choice=choice)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=49)):
        voting.ballots_close_due()
    url = f"/api/v1/bodies/sro-working-group/recommendations/{recommendation.number}"
    before = Client().get(url).json()
    assert before["status"] == "forwarded"
    assert before["ballots"][0]["votes_for"] == 2
    assert {v["name"] for v in before["ballots"][0]["votes"]} == {
        "Ana Morales",
        "Devon Price",
        "Grace Liu",
    }
    assert before["response"] is None
    draft = f.revised_draft(persona, current)
    response = responses.response_save(
        actor=persona("originating_unit"),
        recommendation=recommendation,
        disposition="adopted",
        reasoning="The Education and Training Division adds the topic to the SRO curriculum.",
        revised_version=draft,
        revised_section="IV-A-13",
    )
    responses.response_submit(actor=persona("originating_unit"), response=response)
    assert Client().get(url).json()["response"] is None  # not public before approval
    responses.response_approve(actor=persona("rd"), response=response)
    after = Client().get(url).json()
    assert after["response"]["disposition"] == "adopted"
    assert after["response"]["revised_section"] == "IV-A-13"


def test_api_hides_drafted_recommendations(persona):
    body = f.working_group(persona)
    members = f.members(persona, body, 1)
    recommendation = f.drafted(members[0])
    url = f"/api/v1/bodies/sro-working-group/recommendations/{recommendation.number}"
    assert Client().get(url).status_code == 404
