"""What the staff views' tests of bodies share: URLs, the body form's data, and a working
group with one of everything a staff page can point at, made through the services."""

from __future__ import annotations

import datetime
import html
from typing import Any

from django.urls import reverse
from django.utils import timezone

from townhall.accounts.models import Role
from townhall.bodies import responses, services, voting
from townhall.bodies.models import Ballot, Body, Member, Recommendation, Response, Vote
from townhall.bodies.tests import factories as f
from townhall.meetings import services as meetings
from townhall.meetings.tests import factories as mf


def url(name: str, *args: Any) -> str:
    return reverse(f"staff:bodies:{name}", args=args)


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def body_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": Body.Kind.ADVISORY_COMMITTEE,
        "other_kind": "",
        "name": "Training Community Advisory Committee",
        "slug": "tcac",
        "purpose": f.TCAC_PURPOSE,
        "convening_role": Role.TRAINING,
        "convening_unit": "",
        "directive": "",
        "training": "",
        "district": "",
        "seats": "12",
        "concludes_on": "",
        "term_months": "24",
        "turnover_seats": "6",
        "turnover_every_months": "12",
        "quorum_percent": "50",
        "threshold": Body.Threshold.SIMPLE_MAJORITY,
        "votes_openly": "on",
        "comment_total_minutes": "30",
        "comment_speaker_minutes": "3",
        "speak_request_hours": "24",
        "written_comment_hours": "1",
    }
    data.update(overrides)
    return data


def forwarded(persona: Any, body: Body, members: list[Member], **draft: Any) -> Recommendation:
    """Drafted, voted on in a window by every member, and forwarded when the window closed."""
    recommendation = f.drafted(members[0], **draft)
    ballot = f.voting_window(persona, recommendation)
    for m in members:
        voting.vote_cast(member=m, ballot=ballot, choice=Vote.Choice.FOR)
    assert voting.ballots_close_due(now=timezone.now() + datetime.timedelta(hours=49)) == 1
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.FORWARDED
    return recommendation


def body_meeting(persona: Any, body: Body) -> Any:
    """A meeting of the body, on an activity of an engagement the body takes part in."""
    activity = mf.public_activity(persona)
    body.engagements.add(activity.engagement)
    return meetings.meeting_create(
        actor=persona("oee"), activity=activity, details=mf.details(), body=body
    )


def make_world(persona: Any) -> dict[str, Any]:
    """A working group with a seat group, an open call with an application, three members and
    a recommendation being drafted."""
    body = f.working_group(persona)
    seat = services.seat_add(
        actor=persona("oee"),
        body=body,
        label="Students",
        reserved_for="Chicago Public Schools students",
        count=2,
    )
    call = f.open_call(persona, body)
    application = f.apply(call, age_band="18_24", race="black", organisation="Youth Council")
    members = f.members(persona, body, 3)
    recommendation = f.drafted(members[0])
    return {
        "body": body,
        "seat": seat,
        "call": call,
        "application": application,
        "members": members,
        "recommendation": recommendation,
    }


def pages(w: dict[str, Any]) -> list[str]:
    return [
        url("list"),
        url("new"),
        url("detail", w["body"].pk),
        url("edit", w["body"].pk),
        url("call-new", w["body"].pk),
        url("call", w["call"].pk),
        url("application", w["application"].pk),
        url("recommendation", w["recommendation"].pk),
    ]


def posts(w: dict[str, Any], ballot: Ballot, response: Response) -> list[str]:
    body, member = w["body"].pk, w["members"][0].pk
    return [
        url("publish", body),
        url("conclude", body),
        url("seat-add", body),
        url("call-open", w["call"].pk),
        url("call-close", w["call"].pk),
        url("member-new", body),
        url("member-end", member),
        url("member-link", member),
        url("ballot-open", w["recommendation"].pk),
        url("recommendation-withdraw", w["recommendation"].pk),
        url("ballot-record", ballot.pk),
        url("ballot-close", ballot.pk),
        url("response", ballot.recommendation_id),
        url("response-submit", response.pk),
        url("response-approve", response.pk),
        url("response-return", response.pk),
    ]


def with_response(persona: Any, w: dict[str, Any]) -> tuple[Ballot, Response]:
    """A forwarded recommendation with a draft response, beside `world`."""
    rec = forwarded(persona, w["body"], w["members"], title="Publish the SRO roster")
    response = responses.response_save(
        actor=persona("originating_unit"),
        recommendation=rec,
        disposition=Response.Disposition.CONSIDERING,
        reasoning="The Bureau of Patrol is reviewing this with Chicago Public Schools.",
    )
    return rec.ballots.get(), response
