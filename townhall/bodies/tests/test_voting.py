"""Recommendations and ballots: members draft and amend together, vote once each in a window
or at a meeting, and the result forwards the recommendation to the Department and into the
engagement's feedback pool (seed 002 V-C-1, V-C-11, V-D-3; seed 000, the members' voting
results)."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from townhall.accounts.models import User
from townhall.bodies import services, voting
from townhall.bodies.models import Ballot, Body, Member, Recommendation, Vote
from townhall.bodies.tests import factories as f
from townhall.core.errors import IllegalTransition, NotAllowed
from townhall.core.models import AuditEvent
from townhall.directives.models import DirectiveVersion
from townhall.engagements.models import Training
from townhall.engagements.tests.helpers import determined
from townhall.feedback.analysis_models import FeedbackItem
from townhall.meetings import services as meetings
from townhall.meetings.models import Meeting
from townhall.meetings.tests import factories as mf

pytestmark = pytest.mark.django_db

Persona = Callable[[str], User]
HOUR = datetime.timedelta(hours=1)


def _sro(persona: Persona, current: DirectiveVersion, **overrides: Any) -> Body:
    return f.working_group(persona, directive=current.directive, **overrides)


def _close_window(ballot: Ballot) -> int:
    assert ballot.closes_at is not None
    with time_machine.travel(ballot.closes_at + datetime.timedelta(seconds=1), tick=False):
        return voting.ballots_close_due()


def _vote(ballot: Ballot, members: list[Member], *choices: str) -> None:
    for member, choice in zip(members, choices, strict=False):
        voting.vote_cast(member=member, ballot=ballot, choice=choice)


def _body_meeting(persona: Persona, *, members: int = 3) -> tuple[Body, list[Member], Meeting]:
    activity = mf.public_activity(persona)
    body = f.working_group(persona, engagements=[activity.engagement])
    roster = f.members(persona, body, members)
    meeting = meetings.meeting_create(
        actor=persona("oee"), activity=activity, details=mf.details(), body=body
    )
    return body, roster, meeting


# -- Drafting and amending -----------------------------------------------------------------


def test_recommendations_are_numbered_r_1_r_2_within_each_body(persona: Persona) -> None:
    body = f.working_group(persona)
    author = f.members(persona, body, 1)[0]
    first, second = f.drafted(author), f.drafted(author, title="Second")
    assert (first.code, second.code) == ("R-1", "R-2")
    other = f.advisory_committee(persona)
    elsewhere = f.drafted(f.members(persona, other, 1)[0])
    assert elsewhere.code == "R-1"
    assert first.status == Recommendation.Status.DRAFT and first.created_by == author
    version = first.versions.get()
    assert (version.number, version.author, version.title) == (1, author, f.RECOMMENDATION[0])
    event = AuditEvent.objects.filter(action="recommendation.draft").last()
    assert event is not None and event.actor_label == f"member:{author.pk}"


def test_a_recommendation_keeps_the_directive_version_it_reviews(
    persona: Persona, s04_versions: list[DirectiveVersion]
) -> None:
    current = s04_versions[1]
    body = _sro(persona, current)
    recommendation = f.drafted(f.members(persona, body, 1)[0], section="IV-A")
    assert recommendation.directive_version == current


def test_section_is_an_item_of_the_current_version_written_as_the_directive_writes_it(
    persona: Persona, s04_versions: list[DirectiveVersion]
) -> None:
    body = _sro(persona, s04_versions[1])
    author = f.members(persona, body, 1)[0]
    recommendation = f.drafted(author, section=" iv-a. ")
    assert recommendation.versions.get().section == "IV-A"


def test_an_unknown_item_of_the_directive_is_refused(
    persona: Persona, s04_versions: list[DirectiveVersion]
) -> None:
    body = _sro(persona, s04_versions[1])
    author = f.members(persona, body, 1)[0]
    with pytest.raises(voting.RecommendationInvalid) as excinfo:
        f.drafted(author, section="IX-Z-99")
    assert set(excinfo.value.errors) == {"section"}
    assert "IX-Z-99" in excinfo.value.errors["section"]
    assert not Recommendation.objects.exists()


def test_a_body_without_a_directive_keeps_the_section_as_written(persona: Persona) -> None:
    author = f.members(persona, f.advisory_committee(persona), 1)[0]
    recommendation = f.drafted(author, section="Module 3: de-escalation")
    assert recommendation.versions.get().section == "Module 3: de-escalation"


def test_a_draft_needs_a_title_and_a_text(persona: Persona) -> None:
    author = f.members(persona, f.working_group(persona), 1)[0]
    with pytest.raises(voting.RecommendationInvalid) as excinfo:
        f.drafted(author, title=" ", text="")
    assert set(excinfo.value.errors) == {"title", "text"}


def test_a_former_member_cannot_draft(persona: Persona) -> None:
    member = f.members(persona, f.working_group(persona), 1)[0]
    services.member_end(actor=persona("oee"), member=member, reason="Stepped down.")
    member.refresh_from_db()
    with pytest.raises(NotAllowed):
        f.drafted(member)


def test_another_member_amends_making_version_2_and_version_1_is_kept(persona: Persona) -> None:
    body = f.working_group(persona)
    ana, devon = f.members(persona, body, 2)
    recommendation = f.drafted(ana)
    version = voting.recommendation_amend(
        member=devon,
        recommendation=recommendation,
        title=f.RECOMMENDATION[0],
        text=f.RECOMMENDATION[1] + " Include the supervisors of the Bureau of Patrol.",
        rationale=f.RECOMMENDATION[2],
        note="Adds the supervisors",
    )
    assert (version.number, version.author, version.note) == (2, devon, "Adds the supervisors")
    assert [v.number for v in recommendation.versions.order_by("number")] == [1, 2]
    assert recommendation.versions.get(number=1).text == f.RECOMMENDATION[1]
    event = AuditEvent.objects.filter(action="recommendation.amend").first()
    assert event is not None and event.after == {"version": 2, "status": "draft"}


def test_an_amendment_that_changes_nothing_is_refused(persona: Persona) -> None:
    ana, devon = f.members(persona, f.working_group(persona), 2)
    recommendation = f.drafted(ana)
    title, text, rationale = f.RECOMMENDATION
    with pytest.raises(voting.RecommendationInvalid) as excinfo:
        voting.recommendation_amend(
            member=devon,
            recommendation=recommendation,
            title=title + "  ",
            text=text + "\r\n",
            rationale=rationale,
        )
    assert set(excinfo.value.errors) == {"text"}
    assert recommendation.versions.count() == 1


def test_a_member_of_another_body_cannot_amend(persona: Persona) -> None:
    recommendation = f.drafted(f.members(persona, f.working_group(persona), 1)[0])
    outsider = f.members(persona, f.advisory_committee(persona), 1)[0]
    with pytest.raises(NotAllowed):
        voting.recommendation_amend(
            member=outsider, recommendation=recommendation, title="Mine", text="Mine."
        )


def test_no_amendment_while_the_members_vote_nor_once_forwarded(persona: Persona) -> None:
    body = f.working_group(persona)
    roster = f.members(persona, body, 3)
    recommendation = f.drafted(roster[0])
    ballot = f.voting_window(persona, recommendation)
    with pytest.raises(IllegalTransition, match="voting"):
        voting.recommendation_amend(
            member=roster[1], recommendation=recommendation, title="New", text="New."
        )
    _vote(ballot, roster, "for", "for", "against")
    assert _close_window(ballot) == 1
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.FORWARDED
    with pytest.raises(IllegalTransition, match="forwarded"):
        voting.recommendation_amend(
            member=roster[1], recommendation=recommendation, title="New", text="New."
        )


def test_a_recommendation_not_forwarded_can_be_amended_and_voted_again(persona: Persona) -> None:
    body = f.working_group(persona)
    roster = f.members(persona, body, 3)
    recommendation = f.drafted(roster[0])
    first = f.voting_window(persona, recommendation)
    _vote(first, roster, "for", "against", "against")
    _close_window(first)
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.NOT_FORWARDED
    voting.recommendation_amend(
        member=roster[2],
        recommendation=recommendation,
        title=f.RECOMMENDATION[0],
        text="Item IV-A should add trauma-informed practices to the annual refresher training.",
    )
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.DRAFT
    second = f.voting_window(persona, recommendation)
    assert second.pk != first.pk and second.version.number == 2
    assert first.version.number == 1
    _vote(second, roster, "for", "for", "for")
    _close_window(second)
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.FORWARDED
    assert recommendation.ballots.count() == 2


def test_only_a_draft_is_withdrawn_and_needs_a_reason(persona: Persona) -> None:
    body = f.working_group(persona)
    roster = f.members(persona, body, 3)
    recommendation = f.drafted(roster[0])
    with pytest.raises(voting.RecommendationInvalid):
        voting.recommendation_withdraw(
            actor=persona("oee"), recommendation=recommendation, reason=""
        )
    with pytest.raises(NotAllowed):
        voting.recommendation_withdraw(
            actor=persona("communications"), recommendation=recommendation, reason="No."
        )
    withdrawn = voting.recommendation_withdraw(
        actor=persona("oee"), recommendation=recommendation, reason="The members asked."
    )
    assert withdrawn.status == Recommendation.Status.WITHDRAWN
    event = AuditEvent.objects.filter(action="recommendation.withdraw").get()
    assert event.actor == persona("oee") and event.note == "The members asked."
    with pytest.raises(IllegalTransition, match="withdrawn"):
        voting.recommendation_amend(
            member=roster[1], recommendation=withdrawn, title="New", text="New."
        )


# -- Opening a ballot ----------------------------------------------------------------------


def test_the_roll_is_fixed_when_the_ballot_opens(
    persona: Persona, django_capture_on_commit_callbacks: Any
) -> None:
    body = f.working_group(persona, seats=6)
    roster = f.members(persona, body, 3)
    facilitator = f.members(
        persona,
        body,
        1,
        name="Facilitator Kim",
        email="kim@example.org",
        role=Member.Role.FACILITATOR,
    )[0]
    recommendation = f.drafted(roster[0])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ballot = f.voting_window(persona, recommendation)
    assert ballot.eligible == [m.pk for m in roster]  # facilitators guide; they do not vote
    assert ballot.quorum_percent == 50 and ballot.threshold == Body.Threshold.SIMPLE_MAJORITY
    sent = {message.to[0]: message for message in mail.outbox}
    assert sorted(sent) == sorted(m.email for m in roster)
    for member in roster:
        assert f"/bodies/member/{member.token}/" in sent[member.email].body
        assert "vote on R-1 by" in sent[member.email].subject
    late = f.members(persona, body, 1, name="Late Joiner", email="late@example.org")[0]
    for outsider in (late, facilitator):
        with pytest.raises(NotAllowed, match="roll"):
            voting.vote_cast(member=outsider, ballot=ballot, choice="for")
    event = AuditEvent.objects.filter(action="ballot.open").first()
    assert event is not None and event.after is not None
    assert event.after["eligible"] == ballot.eligible


def test_a_window_needs_a_closing_time_in_the_future(persona: Persona) -> None:
    roster = f.members(persona, f.working_group(persona), 3)
    recommendation = f.drafted(roster[0])
    for closes_at in (None, timezone.now() - HOUR):
        with pytest.raises(voting.RecommendationInvalid) as excinfo:
            voting.ballot_open(
                actor=persona("oee"),
                recommendation=recommendation,
                method=Ballot.Method.WINDOW,
                closes_at=closes_at,
            )
        assert set(excinfo.value.errors) == {"closes_at"}
    with pytest.raises(voting.RecommendationInvalid) as excinfo:
        voting.ballot_open(actor=persona("oee"), recommendation=recommendation, method="hands")
    assert set(excinfo.value.errors) == {"method"}
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.DRAFT


def test_a_ballot_opens_only_on_a_draft_and_once(persona: Persona) -> None:
    roster = f.members(persona, f.working_group(persona), 3)
    recommendation = f.drafted(roster[0])
    f.voting_window(persona, recommendation)
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.VOTING
    with pytest.raises(IllegalTransition):
        f.voting_window(persona, recommendation)


def test_a_body_without_voting_members_cannot_open_a_ballot(persona: Persona) -> None:
    body = f.working_group(persona)
    kim = f.members(persona, body, 1, role=Member.Role.FACILITATOR)[0]
    with pytest.raises(IllegalTransition, match="no serving members"):
        f.voting_window(persona, f.drafted(kim))


def test_only_the_bodys_managers_open_a_ballot(persona: Persona) -> None:
    roster = f.members(persona, f.working_group(persona), 3)
    with pytest.raises(NotAllowed):
        voting.ballot_open(
            actor=persona("communications"),
            recommendation=f.drafted(roster[0]),
            method=Ballot.Method.WINDOW,
            closes_at=timezone.now() + HOUR,
        )


def test_a_meeting_vote_needs_a_meeting_of_this_body(persona: Persona) -> None:
    body, roster, meeting = _body_meeting(persona)
    recommendation = f.drafted(roster[0])
    stranger = mf.draft_meeting(persona)  # an engagement's meeting, of no body
    for wrong in (None, stranger):
        with pytest.raises(voting.RecommendationInvalid) as excinfo:
            voting.ballot_open(
                actor=persona("oee"),
                recommendation=recommendation,
                method=Ballot.Method.MEETING,
                meeting=wrong,
            )
        assert set(excinfo.value.errors) == {"meeting"}
    ballot = voting.ballot_open(
        actor=persona("oee"),
        recommendation=recommendation,
        method=Ballot.Method.MEETING,
        meeting=meeting,
        closes_at=timezone.now() + HOUR,  # ignored: the clerk closes a meeting vote
    )
    assert ballot.meeting == meeting and ballot.closes_at is None
    assert meeting.body == body


# -- Casting votes ---------------------------------------------------------------------------


def test_each_member_votes_once_the_first_vote_stands(persona: Persona) -> None:
    roster = f.members(persona, f.working_group(persona), 3)
    ballot = f.voting_window(persona, f.drafted(roster[0]))
    vote = voting.vote_cast(member=roster[0], ballot=ballot, choice="for")
    assert vote.choice == Vote.Choice.FOR and vote.recorded_by is None
    with pytest.raises(IllegalTransition, match="already voted"):
        voting.vote_cast(member=roster[0], ballot=ballot, choice="against")
    assert list(ballot.votes.values_list("choice", flat=True)) == ["for"]
    with pytest.raises(voting.RecommendationInvalid):
        voting.vote_cast(member=roster[1], ballot=ballot, choice="maybe")
    event = AuditEvent.objects.filter(action="vote.cast").get()
    assert event.actor_label == f"member:{roster[0].pk}"
    assert event.after == {"member": roster[0].pk, "choice": "for"}


def test_a_vote_outside_the_window_is_refused(persona: Persona) -> None:
    roster = f.members(persona, f.working_group(persona), 3)
    ballot = f.voting_window(persona, f.drafted(roster[0]), hours=2)
    assert ballot.closes_at is not None
    with time_machine.travel(ballot.closes_at, tick=False):  # the window has ended
        with pytest.raises(IllegalTransition, match="closed"):
            voting.vote_cast(member=roster[1], ballot=ballot, choice="for")
    with time_machine.travel(ballot.opens_at - datetime.timedelta(seconds=1), tick=False):
        with pytest.raises(IllegalTransition, match="closed"):
            voting.vote_cast(member=roster[1], ballot=ballot, choice="for")
    assert not ballot.votes.exists()


def test_a_vote_after_the_ballot_closed_is_refused(persona: Persona) -> None:
    roster = f.members(persona, f.working_group(persona), 3)
    ballot = f.voting_window(persona, f.drafted(roster[0]))
    _vote(ballot, roster, "for", "for")
    _close_window(ballot)
    with pytest.raises(IllegalTransition):
        voting.vote_cast(member=roster[2], ballot=ballot, choice="against")
    ballot.refresh_from_db()
    assert (ballot.votes_for, ballot.votes_against) == (2, 0)


def test_a_member_whose_term_ended_cannot_vote(persona: Persona) -> None:
    roster = f.members(persona, f.working_group(persona), 3)
    ballot = f.voting_window(persona, f.drafted(roster[0]))
    ended = services.member_end(actor=persona("oee"), member=roster[2], reason="Moved away.")
    with pytest.raises(NotAllowed):
        voting.vote_cast(member=ended, ballot=ballot, choice="for")


def test_members_do_not_cast_a_meeting_vote_on_their_pages(persona: Persona) -> None:
    _body, roster, meeting = _body_meeting(persona)
    ballot = voting.ballot_open(
        actor=persona("oee"),
        recommendation=f.drafted(roster[0]),
        method=Ballot.Method.MEETING,
        meeting=meeting,
    )
    with pytest.raises(IllegalTransition, match="clerk"):
        voting.vote_cast(member=roster[0], ballot=ballot, choice="for")


# -- Meeting votes ---------------------------------------------------------------------------


def test_the_clerk_records_a_meeting_vote_once_per_member_and_closes_it(
    persona: Persona,
) -> None:
    _body, roster, meeting = _body_meeting(persona, members=4)
    recommendation = f.drafted(roster[0])
    ballot = voting.ballot_open(
        actor=persona("oee"),
        recommendation=recommendation,
        method=Ballot.Method.MEETING,
        meeting=meeting,
    )
    votes = voting.vote_record(
        actor=persona("oee"),
        ballot=ballot,
        choices={roster[0].pk: "for", roster[1].pk: "for", roster[2].pk: "abstain"},
    )
    assert {v.recorded_by for v in votes} == {persona("oee")}
    event = AuditEvent.objects.filter(action="vote.record").get()
    assert event.actor == persona("oee") and event.after is not None
    assert event.after["votes"] == {
        str(roster[0].pk): "for",
        str(roster[1].pk): "for",
        str(roster[2].pk): "abstain",
    }
    with pytest.raises(IllegalTransition, match=roster[0].name):
        voting.vote_record(actor=persona("oee"), ballot=ballot, choices={roster[0].pk: "against"})
    with pytest.raises(voting.RecommendationInvalid):
        voting.vote_record(actor=persona("oee"), ballot=ballot, choices={})
    with pytest.raises(voting.RecommendationInvalid):
        voting.vote_record(actor=persona("oee"), ballot=ballot, choices={999999: "for"})
    with pytest.raises(voting.RecommendationInvalid):
        voting.vote_record(actor=persona("oee"), ballot=ballot, choices={roster[3].pk: "maybe"})
    assert voting.ballots_close_due() == 0  # the worker never closes a meeting vote
    closed = voting.ballot_close(actor=persona("originating_unit"), ballot=ballot)
    assert (closed.votes_for, closed.votes_against, closed.abstentions) == (2, 0, 1)
    assert closed.quorum_met and closed.passed
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.FORWARDED
    with pytest.raises(IllegalTransition):
        voting.ballot_close(actor=persona("oee"), ballot=closed)
    with pytest.raises(IllegalTransition, match="closed"):
        voting.vote_record(actor=persona("oee"), ballot=closed, choices={roster[3].pk: "for"})


def test_a_window_ballot_is_not_recorded_or_closed_by_hand(persona: Persona) -> None:
    roster = f.members(persona, f.working_group(persona), 3)
    ballot = f.voting_window(persona, f.drafted(roster[0]))
    with pytest.raises(IllegalTransition):
        voting.vote_record(actor=persona("oee"), ballot=ballot, choices={roster[0].pk: "for"})
    with pytest.raises(IllegalTransition, match="closes by itself"):
        voting.ballot_close(actor=persona("oee"), ballot=ballot)
    with pytest.raises(NotAllowed):
        voting.ballot_close(actor=persona("communications"), ballot=ballot)


# -- Closing and the result ------------------------------------------------------------------


def test_ballots_close_due_closes_each_window_once(persona: Persona) -> None:
    roster = f.members(persona, f.working_group(persona), 3)
    ballot = f.voting_window(persona, f.drafted(roster[0]), hours=2)
    later = f.voting_window(persona, f.drafted(roster[1], title="Another"), hours=72)
    _vote(ballot, roster, "for", "for")
    assert ballot.closes_at is not None
    with time_machine.travel(ballot.closes_at, tick=False):
        assert voting.ballots_close_due() == 1
        assert voting.ballots_close_due() == 0
    ballot.refresh_from_db()
    later.refresh_from_db()
    assert ballot.status == Ballot.Status.CLOSED and later.status == Ballot.Status.OPEN
    assert ballot.closed_at is not None
    event = AuditEvent.objects.filter(action="ballot.close").get()
    assert event.actor is None and event.actor_label == "worker"
    assert event.after is not None and event.after["passed"] is True


def test_the_result_uses_the_quorum_and_threshold_fixed_at_opening(persona: Persona) -> None:
    body = f.working_group(persona)  # 5 seats, quorum 50 %, simple majority
    roster = f.members(persona, body, 5)
    ballot = f.voting_window(persona, f.drafted(roster[0]))
    services.body_update(
        actor=persona("oee"),
        body=body,
        details=dataclasses.replace(
            f.details(concludes_on=body.concludes_on),
            quorum_percent=100,
            threshold=Body.Threshold.MAJORITY_OF_MEMBERS,
        ),
    )
    _vote(ballot, roster, "for", "for", "against", "abstain")
    _close_window(ballot)
    ballot.refresh_from_db()
    assert (ballot.quorum_percent, ballot.threshold) == (50, Body.Threshold.SIMPLE_MAJORITY)
    # 4 of 5 voted (3 needed): 2 for, 1 against. Under the new rules neither the quorum of
    # 100 % nor a majority of the 5 members would be met.
    assert (ballot.votes_for, ballot.votes_against, ballot.abstentions) == (2, 1, 1)
    assert ballot.quorum_met and ballot.passed


def test_without_a_quorum_the_recommendation_is_not_forwarded(persona: Persona) -> None:
    roster = f.members(persona, f.working_group(persona), 5)
    recommendation = f.drafted(roster[0])
    ballot = f.voting_window(persona, recommendation)
    _vote(ballot, roster, "for", "for")  # 2 of 5; 3 needed
    _close_window(ballot)
    ballot.refresh_from_db()
    recommendation.refresh_from_db()
    assert ballot.quorum_met is False and ballot.passed is False
    assert recommendation.status == Recommendation.Status.NOT_FORWARDED
    assert recommendation.forwarded_at is None


def test_the_roll_members_leaving_does_not_change_the_quorum(persona: Persona) -> None:
    roster = f.members(persona, f.working_group(persona), 4)
    ballot = f.voting_window(persona, f.drafted(roster[0]))
    _vote(ballot, roster, "for", "for")
    services.member_end(actor=persona("oee"), member=roster[3], reason="Moved away.")
    _close_window(ballot)
    ballot.refresh_from_db()
    assert len(ballot.eligible) == 4 and ballot.quorum_met and ballot.passed


# -- Forwarding (V-D-3) ------------------------------------------------------------------------


def test_forwarding_adds_the_text_to_each_engagements_feedback_pool_V_D_3(
    persona: Persona,
    s04_versions: list[DirectiveVersion],
    django_capture_on_commit_callbacks: Any,
) -> None:
    persona("rd")
    persona("originating_unit")
    first, second = determined(persona, 3), determined(persona, 3, title="Second engagement")
    body = _sro(persona, s04_versions[1], engagements=[first, second])
    roster = f.members(persona, body, 3)
    recommendation = f.drafted(roster[0], section="IV-A")
    ballot = f.voting_window(persona, recommendation)
    _vote(ballot, roster, "for", "for", "against")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert _close_window(ballot) == 1
    items = FeedbackItem.objects.filter(source=FeedbackItem.Source.BODY_RECOMMENDATION)
    assert sorted(i.engagement_id for i in items) == sorted([first.pk, second.pk])
    for item in items:
        assert f.RECOMMENDATION[0] in item.text and f.RECOMMENDATION[2] in item.text
        assert item.section_anchor == "IV-A" and item.channel == "body"
        assert item.source_ref == f"bodies.Recommendation:{recommendation.pk}:e{item.engagement_id}"
    recommendation.refresh_from_db()
    assert recommendation.forwarded_at is not None
    [told] = mail.outbox
    assert told.to == sorted(
        {persona("originating_unit").email, persona("oee").email, persona("rd").email}
    )
    assert "forwards R-1" in told.subject
    assert "2 for, 1 against, 0 abstaining" in told.body
    assert f"/staff/bodies/recommendations/{recommendation.pk}/" in told.body


def test_a_recommendation_that_did_not_pass_adds_nothing_to_the_pool_V_D_3(
    persona: Persona, django_capture_on_commit_callbacks: Any
) -> None:
    body = f.working_group(persona, engagements=[determined(persona, 3)])
    roster = f.members(persona, body, 3)
    ballot = f.voting_window(persona, f.drafted(roster[0]))
    _vote(ballot, roster, "for", "against")  # a tie does not pass
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _close_window(ballot)
    assert not FeedbackItem.objects.filter(source=FeedbackItem.Source.BODY_RECOMMENDATION).exists()
    assert mail.outbox == []


def test_a_training_body_forwards_to_the_training_division_VI_E_2(
    persona: Persona, django_capture_on_commit_callbacks: Any
) -> None:
    persona("training")
    persona("rd")
    body = f.advisory_committee(
        persona, training=Training.objects.create(title="Crisis Intervention Team training")
    )
    roster = f.members(persona, body, 3)
    ballot = f.voting_window(persona, f.drafted(roster[0]))
    _vote(ballot, roster, "for", "for", "for")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _close_window(ballot)
    [told] = mail.outbox
    assert persona("training").email in told.to and persona("rd").email not in told.to
