"""A body's meetings (seed 002 V-C-1, V-C-11; 5 ILCS 120/2.06): the roster, the comment rules
and the minutes' series come from the body."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from townhall.bodies import services
from townhall.bodies.models import Member
from townhall.bodies.tests import factories as f
from townhall.core.errors import FieldsInvalid
from townhall.engagements.models import Activity
from townhall.meetings import selectors as meeting_selectors
from townhall.meetings import services as meetings
from townhall.meetings.models import Meeting
from townhall.meetings.staff.forms import MeetingForm
from townhall.meetings.tests.factories import details, public_activity

pytestmark = pytest.mark.django_db


def _body_with_activity(persona, **overrides):
    activity = public_activity(persona, method=Activity.Method.WORKING_GROUP)
    body = f.working_group(persona, engagements=[activity.engagement], **overrides)
    return body, activity


def test_body_meeting_takes_serving_members_who_receive_its_papers_V_C_11(persona):
    body, activity = _body_with_activity(persona)
    serving = f.members(persona, body, 3)
    services.member_end(actor=persona("oee"), member=serving[2], reason="Moved away")
    meeting = meetings.meeting_create(
        actor=persona("oee"), activity=activity, details=details(), body=body
    )
    listed = {m.body_member_id: m for m in meeting.members.all()}
    assert set(listed) == {serving[0].pk, serving[1].pk}
    assert listed[serving[0].pk].email == serving[0].email
    assert listed[serving[0].pk].role == str(Member.Role.COMMUNITY.label)


def test_members_who_join_before_the_agenda_is_posted_are_added_once(persona):
    body, activity = _body_with_activity(persona)
    first = f.members(persona, body, 1)
    meeting = meetings.meeting_create(
        actor=persona("oee"), activity=activity, details=details(), body=body
    )
    meetings.agenda_item_add(actor=persona("oee"), meeting=meeting, title="Recommendations")
    later = services.member_add(
        actor=persona("oee"),
        body=body,
        name="Grace Liu",
        email="grace@example.org",
        role=Member.Role.CO_CHAIR,
        term_starts=timezone.localdate(),
    )
    meetings.meeting_publish(actor=persona("oee"), meeting=meeting)
    ids = sorted(meeting.members.values_list("body_member_id", flat=True))
    assert ids == sorted([first[0].pk, later.pk])


def test_a_body_meets_only_in_engagements_it_serves(persona):
    body = f.working_group(persona)
    activity = public_activity(persona, method=Activity.Method.WORKING_GROUP)
    with pytest.raises(FieldsInvalid) as refused:
        meetings.meeting_create(
            actor=persona("oee"), activity=activity, details=details(), body=body
        )
    assert "body" in refused.value.errors


def test_a_concluded_body_holds_no_more_meetings_V_C_11(persona):
    body, activity = _body_with_activity(persona)
    services.body_conclude(actor=persona("oee"), body=body, reason="Final report delivered.")
    body.refresh_from_db()
    with pytest.raises(FieldsInvalid):
        meetings.meeting_create(
            actor=persona("oee"), activity=activity, details=details(), body=body
        )


def test_new_meeting_form_starts_from_the_body_comment_rules(persona):
    body, activity = _body_with_activity(
        persona, comment_total_minutes=20, comment_speaker_minutes=2, speak_request_hours=48
    )
    initial = MeetingForm.initial_for(activity, body)
    assert initial["comment_total_minutes"] == 20
    assert initial["comment_speaker_minutes"] == 2
    assert initial["speak_request_hours"] == 48
    assert initial["body"] == body
    form = MeetingForm(activity=activity, initial=initial)
    assert list(form.fields["body"].queryset) == [body]


def test_minutes_count_the_body_regular_meetings_across_engagements_2_06_b(persona):
    """The "second subsequent regular meeting" is the body's, whatever engagement the later
    meetings serve."""
    body, activity = _body_with_activity(persona)
    other = public_activity(persona, method=Activity.Method.WORKING_GROUP)
    services.body_update(
        actor=persona("oee"),
        body=body,
        details=f.details(engagements=[activity.engagement, other.engagement]),
    )
    first = meetings.meeting_create(
        actor=persona("oee"), activity=activity, details=details(), body=body
    )
    for days, where in ((24, other), (38, other)):
        meetings.meeting_create(
            actor=persona("oee"),
            activity=where,
            details=details(starts_in=datetime.timedelta(days=days)),
            body=body,
        )
    # A meeting of the same activity but of no body is another series.
    meetings.meeting_create(
        actor=persona("oee"),
        activity=activity,
        details=details(starts_in=datetime.timedelta(days=12)),
    )
    later = meeting_selectors.later_regular_dates(first)
    starts = sorted(
        timezone.localdate(m.starts_at)
        for m in Meeting.objects.filter(body=body).exclude(pk=first.pk)
    )
    assert later == starts
