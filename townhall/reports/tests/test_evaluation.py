"""The evaluation measures (seed 002 VI-B-1, VIII-A), each on a small engagement made through
the apps' services. Where a rule's service refuses the broken case (a regular meeting's agenda
less than 48 hours ahead, a posting shorter than 15 days), the record is changed afterwards
with a queryset update, as an imported or older record would hold it: the evaluation measures
what is recorded, whatever made it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from townhall.engagements import content
from townhall.engagements import services as engagements
from townhall.engagements.models import Activity, Engagement, Topic, UnitTask
from townhall.engagements.tests.helpers import assessed, determined
from townhall.feedback.services import comment_submit
from townhall.meetings import services as meetings
from townhall.meetings import written
from townhall.meetings.models import Meeting
from townhall.meetings.tests import factories as meetings_f
from townhall.outreach.models import Delivery, Dispatch, SocialPost
from townhall.outreach.tests import factories as outreach_f
from townhall.postings.models import Posting
from townhall.postings.tests.factories import closed_posting, open_posting
from townhall.reports import baselines, evaluation
from townhall.reports.build import MIN_CELL
from townhall.surveys import responses as survey_responses
from townhall.surveys import services as surveys
from townhall.surveys.models import Question
from townhall.surveys.post_engagement import post_engagement_create

pytestmark = pytest.mark.django_db


# --- Making the cases ------------------------------------------------------------------------


@pytest.fixture
def engagement(persona: Any, d22_draft: Any) -> Engagement:
    """An engagement on D22-08 (seed 002 as its draft), level 2 determined by OCPR, with its
    public page published (meetings are posted only on a public page)."""
    e = determined(persona, 2, unit="Bureau of Patrol")
    content.engagement_text_save(
        actor=persona("oee"),
        engagement=e,
        language="en",
        title="Community engagement in policy: revising D22-08",
        summary="How the Department asks residents and members about its policies.",
    )
    content.engagement_publish(actor=persona("oee"), engagement=e)
    e.refresh_from_db()
    return e


def _activity(persona: Any, engagement: Engagement, method: str, **kwargs: Any) -> Activity:
    return engagements.activity_add(
        actor=persona("oee"), engagement=engagement, method=method, **kwargs
    )


def _posting_activity(persona: Any, engagement: Engagement, posting: Posting) -> Activity:
    return _activity(persona, engagement, Activity.Method.PUBLIC_POSTING, posting=posting)


def _held(persona: Any, activity: Activity, *, special: bool = False, **details: Any) -> Meeting:
    """A meeting of `activity` posted three days ahead (or as a special meeting with its
    reason), then held: the worker marks it held once it has ended."""
    meeting = meetings_f.draft_meeting(
        persona, activity=activity, starts_in=datetime.timedelta(days=3), **details
    )
    if special:
        meeting = meetings.meeting_publish(
            actor=persona("oee"),
            meeting=meeting,
            notice=Meeting.Notice.SPECIAL,
            reason="Moved after the library closed for a water main break.",
        )
    else:
        meeting = meetings.meeting_publish(actor=persona("oee"), meeting=meeting)
    meetings.meetings_close_past(now=meeting.ends_at + datetime.timedelta(hours=1))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    return meeting


def _measures(engagement: Engagement) -> dict[str, Any]:
    return evaluation.engagement_measures(engagement)


# --- Participation ---------------------------------------------------------------------------


def test_unique_commenters_count_each_address_once_and_each_anonymous_comment_VIII_A(
    persona: Any, engagement: Engagement, d22_draft: Any
) -> None:
    posting = open_posting(d22_draft)
    _posting_activity(persona, engagement, posting)
    for body, email in (
        ("Officers should be trained to slow down and call for help first.", "Ana@Example.org"),
        ("Please publish how often force was used after a foot chase.", "ana@example.org"),
        ("Youth workers should be at the table when this is revised.", "ben@example.org"),
        ("The draft does not say who reviews the body camera footage.", ""),
    ):
        comment_submit(posting=posting, body=body, email=email)
    m = _measures(engagement)["participation"]
    assert m["commenters"] == 3  # ana (twice), ben, one anonymous
    assert m["participants"] == 4  # the posting's comments, as build.py counts them


def test_participants_recorded_by_staff_take_the_place_of_counts_V_A(
    persona: Any, engagement: Engagement
) -> None:
    activity = _activity(persona, engagement, Activity.Method.FOCUS_GROUP)
    activity = engagements.activity_start(actor=persona("oee"), activity=activity)
    engagements.activity_finish(actor=persona("oee"), activity=activity, participants=14)
    _activity(persona, engagement, Activity.Method.DELIBERATIVE_DIALOGUE)  # nothing recorded
    assert _measures(engagement)["participation"]["participants"] == 14


def test_participants_count_the_attendance_of_meetings_not_cancelled_V_C(
    persona: Any, engagement: Engagement
) -> None:
    activity = _activity(persona, engagement, Activity.Method.COMMUNITY_CONVERSATION)
    meeting = _held(persona, activity)
    meetings.meeting_record_after(
        actor=persona("oee"), meeting=meeting, recording_url="", attendance_count=37
    )
    assert _measures(engagement)["participation"]["participants"] == 37


# --- Reach -----------------------------------------------------------------------------------


def _dispatch(announcement: Any, *, sent: int, other: dict[str, int], posts: int) -> None:
    dispatch = Dispatch.objects.create(
        announcement=announcement, send_at=timezone.now(), status=Dispatch.Status.SENT
    )
    n = 0
    for status, count in [(Delivery.Status.SENT, sent), *other.items()]:
        for _ in range(count):
            n += 1
            Delivery.objects.create(
                dispatch=dispatch,
                email=f"reader{announcement.pk}-{n}@example.org",
                language="en",
                kind=Delivery.Kind.SUBSCRIBER,
                status=status,
            )
    for channel in ("x", "facebook", "instagram")[:posts]:
        SocialPost.objects.create(
            dispatch=dispatch, channel=channel, posted_by=outreach_f.persona_user("communications")
        )


def test_reach_counts_emails_sent_and_social_posts_of_the_engagements_announcements_V_B_2(
    persona: Any, engagement: Engagement, d22_draft: Any
) -> None:
    posting = open_posting(d22_draft)
    _posting_activity(persona, engagement, posting)
    about_posting = outreach_f.announcement(posting)
    about_engagement = outreach_f.announcement(
        None, engagement=engagement, title="Community conversation on D22-08"
    )
    other = determined(persona, 1, title="Another engagement")
    elsewhere = outreach_f.announcement(None, engagement=other, title="Another engagement")
    _dispatch(
        about_posting,
        sent=3,
        other={Delivery.Status.BOUNCED: 1, Delivery.Status.SKIPPED: 1, Delivery.Status.FAILED: 1},
        posts=2,
    )
    _dispatch(about_engagement, sent=2, other={Delivery.Status.QUEUED: 4}, posts=1)
    _dispatch(elsewhere, sent=9, other={}, posts=3)
    assert _measures(engagement)["reach"] == {"deliveries_sent": 5, "social_posts": 3}
    assert _measures(other)["reach"] == {"deliveries_sent": 9, "social_posts": 3}


# --- Representativeness ----------------------------------------------------------------------


def test_representativeness_index_is_one_when_shares_match_the_baseline_VIII_A() -> None:
    baseline = {"black": 50.0, "white": 30.0, "latino": 20.0}
    assert (
        evaluation.representativeness_index({"black": 10, "white": 6, "latino": 4}, baseline) == 1.0
    )


def test_representativeness_index_is_one_minus_half_the_distance_VIII_A() -> None:
    baseline = {"black": 50.0, "white": 50.0}
    # p = (0.75, 0.25): distance |0.75 - 0.5| + |0.25 - 0.5| = 0.5, index 1 - 0.25.
    assert evaluation.representativeness_index({"black": 15, "white": 5}, baseline) == 0.75
    # Answers outside the baseline's codes ("prefer not to say") are left out.
    assert evaluation.representativeness_index({"black": 15, "white": 5, "": 40}, baseline) == 0.75
    # Nobody in common: 0.
    assert evaluation.representativeness_index({"black": 20}, {"black": 0.0, "white": 100.0}) == 0.0


def test_representativeness_none_when_too_few_answered_VIII_A() -> None:
    baseline = {"black": 50.0, "white": 50.0}
    assert evaluation.representativeness_index({"black": MIN_CELL}, baseline) is None
    assert evaluation.representativeness_index({"black": MIN_CELL + 1}, baseline) is not None


def _profiles(meeting: Meeting, races: list[str]) -> None:
    with time_machine.travel(meeting.starts_at + datetime.timedelta(minutes=30), tick=False):
        for race in races:
            written.profile_submit(
                meeting=meeting, age_band="", race=race, district=7, lived_experience=""
            )


def test_representativeness_compares_attendees_with_the_meetings_district_V_B(
    persona: Any, engagement: Engagement
) -> None:
    activity = _activity(persona, engagement, Activity.Method.COMMUNITY_CONVERSATION)
    meeting = _held(persona, activity, district=7)
    _profiles(meeting, ["black"] * (MIN_CELL + 1) + ["", ""])
    m = _measures(engagement)["representativeness"]
    # Everyone who answered is Black: the index is the district's Black share.
    assert m["index"] == round(baselines.race_shares([7])["black"] / 100, 3)
    assert m["answered"] == MIN_CELL + 1
    assert m["baseline"] == "districts"


def test_representativeness_not_computed_with_ten_answers_VIII_A(
    persona: Any, engagement: Engagement
) -> None:
    activity = _activity(persona, engagement, Activity.Method.COMMUNITY_CONVERSATION)
    meeting = _held(persona, activity, district=7)
    _profiles(meeting, ["white"] * MIN_CELL)
    m = _measures(engagement)["representativeness"]
    assert m["index"] is None
    assert m["answered"] == MIN_CELL


# --- Days to the report, follow-up, satisfaction, level ----------------------------------------


def test_days_to_report_empty_without_a_posting_or_a_report_V_D_3(engagement: Engagement) -> None:
    assert _measures(engagement)["days_to_report"] == {
        "closed_on": None,
        "published_on": None,
        "days": None,
    }


def test_follow_up_counts_step_3_activities_done_of_those_not_cancelled_V_D(
    persona: Any, engagement: Engagement
) -> None:
    oee = persona("oee")
    meeting = _activity(persona, engagement, Activity.Method.FOLLOW_UP_MEETING)
    meeting = engagements.activity_start(actor=oee, activity=meeting)
    engagements.activity_finish(actor=oee, activity=meeting, participants=None)
    _activity(persona, engagement, Activity.Method.REPORTING)
    survey = _activity(persona, engagement, Activity.Method.POST_ENGAGEMENT_SURVEY)
    engagements.activity_cancel(
        actor=oee, activity=survey, reason="The groups asked to be called instead."
    )
    _activity(persona, engagement, Activity.Method.FOCUS_GROUP)  # step 2: not follow-up
    m = _measures(engagement)["follow_up"]
    assert (m["activities_planned"], m["activities_done"], m["activities_share"]) == (2, 1, 0.5)


def test_follow_up_duties_done_of_those_not_waived_V_D_VI_B_3(
    persona: Any, engagement: Engagement
) -> None:
    oee = persona("oee")
    for move in (
        engagements.engagement_start_outreach,
        engagements.engagement_start_engaging,
        engagements.engagement_start_follow_up,
    ):
        engagement = move(actor=oee, engagement=engagement)
    tasks = UnitTask.objects.filter(engagement=engagement, duty__in=evaluation.FOLLOW_UP_DUTIES)
    handed_out = tasks.count()
    assert handed_out >= 3
    engagements.task_complete(actor=oee, task=tasks.get(duty="VI-B-5"), note="Summary sent.")
    engagements.task_waive(
        actor=oee, task=tasks.get(duty="VI-B-6"), reason="The groups were met in person."
    )
    m = _measures(engagement)["follow_up"]
    assert m["tasks_total"] == handed_out - 1
    assert m["tasks_done"] == 1
    assert m["tasks_waived"] == 1
    assert m["tasks_share"] == round(1 / (handed_out - 1), 4)


def _post_engagement_answers(persona: Any, engagement: Engagement, ratings: list[int]) -> None:
    oee = persona("oee")
    activity = _activity(persona, engagement, Activity.Method.POST_ENGAGEMENT_SURVEY)
    survey = post_engagement_create(actor=oee, activity=activity)
    survey = surveys.survey_schedule(actor=oee, survey=survey)
    survey = surveys.survey_open(actor=oee, survey=survey)
    first = survey.questions.filter(kind=Question.Kind.RATING).order_by("position", "id").first()
    assert first is not None
    for value in ratings:
        survey_responses.response_enter(
            actor=oee,
            survey=survey,
            raw={f"q-{first.key}": [str(value)]},
            channel="paper",
            audience="public",
        )


def test_satisfaction_is_the_mean_of_the_first_rating_question_V_D_4(
    persona: Any, engagement: Engagement
) -> None:
    ratings = [5, 4, 4, 3, 5, 2, 4, 5, 3, 4, 4]
    _post_engagement_answers(persona, engagement, ratings)
    m = _measures(engagement)["satisfaction"]
    assert m["responses"] == len(ratings)
    assert m["mean"] == round(sum(ratings) / len(ratings), 2)
    assert m["scale_max"] == 5


def test_satisfaction_hidden_with_ten_answers_or_fewer_V_D_4(
    persona: Any, engagement: Engagement
) -> None:
    _post_engagement_answers(persona, engagement, [5] * MIN_CELL)
    m = _measures(engagement)["satisfaction"]
    assert m["mean"] is None
    assert m["responses"] is None


def test_level_determined_above_recommended_IV_C(persona: Any, d22_draft: Any) -> None:
    e = determined(persona, 3)
    assert e.recommended_level is not None and e.recommended_level < 3
    assert _measures(e)["level"] == {
        "determined": 3,
        "recommended": e.recommended_level,
        "comparison": "above",
    }


def test_level_comparison_same_and_below_IV_D() -> None:
    assert evaluation._level_comparison(2, 2) == "same"
    assert evaluation._level_comparison(1, 3) == "below"
    assert evaluation._level_comparison(None, 2) is None


# --- The rules -----------------------------------------------------------------------------


def test_rule_15_day_minimum_kept_when_posting_lasts_15_days_V_C_10(
    persona: Any, engagement: Engagement, d22_draft: Any
) -> None:
    _posting_activity(persona, engagement, closed_posting(d22_draft))
    rule = _measures(engagement)["rules"]["posting_15_days"]
    assert rule == {"kept": 1, "broken": 0, "status": "kept"}


def test_rule_15_day_minimum_broken_when_posting_shorter_V_C_10_VII_B_2_d(
    persona: Any, engagement: Engagement, d22_draft: Any
) -> None:
    posting = closed_posting(d22_draft)
    assert posting.opens_at is not None
    # An older record: open 14 days and 23 hours.
    Posting.objects.filter(pk=posting.pk).update(
        closes_at=posting.opens_at + datetime.timedelta(days=15) - datetime.timedelta(hours=1)
    )
    _posting_activity(persona, engagement, posting)
    rule = _measures(engagement)["rules"]["posting_15_days"]
    assert rule == {"kept": 0, "broken": 1, "status": "broken"}


def test_rule_15_day_minimum_not_applicable_without_a_posting_V_C_10(
    engagement: Engagement,
) -> None:
    assert _measures(engagement)["rules"]["posting_15_days"]["status"] == "not_applicable"


def test_rule_48_hour_agenda_kept_for_a_regular_meeting_posted_in_time_seed_000(
    persona: Any, engagement: Engagement
) -> None:
    activity = _activity(persona, engagement, Activity.Method.COMMUNITY_CONVERSATION)
    _held(persona, activity)
    rule = _measures(engagement)["rules"]["agenda_48_hours"]
    assert rule == {"kept": 1, "broken": 0, "status": "kept"}


def test_rule_48_hour_agenda_broken_when_posted_47_hours_ahead_seed_000(
    persona: Any, engagement: Engagement
) -> None:
    activity = _activity(persona, engagement, Activity.Method.COMMUNITY_CONVERSATION)
    meeting = _held(persona, activity)
    Meeting.objects.filter(pk=meeting.pk).update(
        agenda_posted_at=meeting.starts_at - datetime.timedelta(hours=47, minutes=59)
    )
    rule = _measures(engagement)["rules"]["agenda_48_hours"]
    assert rule == {"kept": 0, "broken": 1, "status": "broken"}


def test_rule_48_hour_agenda_not_applicable_to_a_special_meeting_seed_000(
    persona: Any, engagement: Engagement
) -> None:
    activity = _activity(persona, engagement, Activity.Method.COMMUNITY_CONVERSATION)
    _held(persona, activity, special=True)
    rule = _measures(engagement)["rules"]["agenda_48_hours"]
    assert rule["status"] == "not_applicable"


def test_rule_24_hour_speaker_requests_kept_with_the_24_hour_deadline_seed_000(
    persona: Any, engagement: Engagement
) -> None:
    activity = _activity(persona, engagement, Activity.Method.COMMUNITY_CONVERSATION)
    _held(persona, activity, speak_request_hours=24)
    _held(persona, activity, speak_request_hours=12)
    rule = _measures(engagement)["rules"]["speak_24_hours"]
    assert rule == {"kept": 2, "broken": 0, "status": "kept"}


def test_rule_24_hour_speaker_requests_broken_when_deadline_earlier_seed_000(
    persona: Any, engagement: Engagement
) -> None:
    activity = _activity(persona, engagement, Activity.Method.COMMUNITY_CONVERSATION)
    _held(persona, activity, speak_request_hours=48)
    _held(persona, activity)
    rule = _measures(engagement)["rules"]["speak_24_hours"]
    assert rule == {"kept": 1, "broken": 1, "status": "broken"}


def test_rule_24_hour_speaker_requests_not_applicable_without_public_comment_seed_000(
    persona: Any, engagement: Engagement
) -> None:
    activity = _activity(persona, engagement, Activity.Method.COMMUNITY_CONVERSATION)
    _held(persona, activity, has_public_comment=False)
    meetings_f.scheduled_meeting(persona, activity=activity)  # not held yet: not counted
    rule = _measures(engagement)["rules"]["speak_24_hours"]
    assert rule["status"] == "not_applicable"


# --- Periods and filters ---------------------------------------------------------------------


def _ids(period: dict[str, Any]) -> set[int]:
    return {r["engagement"]["id"] for r in period["rows"]}


def test_period_lists_engagements_active_in_the_year_with_totals_VIII_A(
    persona: Any, engagement: Engagement
) -> None:
    year = timezone.localdate().year
    waiting = assessed(persona, title="Not yet determined")  # level not determined
    period = evaluation.period_measures(year=year)
    assert engagement.pk in _ids(period)
    assert waiting.pk not in _ids(period)
    assert period["totals"]["engagements"] == len(period["rows"])
    assert evaluation.period_measures(year=year - 1)["rows"] == []


def test_period_counts_an_engagement_in_each_year_its_activities_ran_VIII_A(
    persona: Any, engagement: Engagement
) -> None:
    year = timezone.localdate().year
    _activity(
        persona,
        engagement,
        Activity.Method.FOCUS_GROUP,
        starts_on=datetime.date(year - 2, 11, 3),
        ends_on=datetime.date(year - 2, 11, 3),
    )
    series = evaluation.yearly_series(years=range(year - 3, year + 1))
    counted = {p["year"]: p["engagements"] for p in series}
    assert counted == {year - 3: 0, year - 2: 1, year - 1: 1, year: 1}


def test_period_filters_by_topic_unit_and_district_VIII_A(
    persona: Any, engagement: Engagement
) -> None:
    year = timezone.localdate().year
    schools = Topic.objects.get(slug="schools")
    engagement.topics.add(schools)
    other = determined(persona, 1, unit="OEE", title="Training on crisis response")
    activity = _activity(persona, other, Activity.Method.COMMUNITY_CONVERSATION)
    meetings_f.draft_meeting(persona, activity=activity, district=7)
    assert _ids(evaluation.period_measures(year=year, topic="schools")) == {engagement.pk}
    assert _ids(evaluation.period_measures(year=year, unit="OEE")) == {other.pk}
    assert _ids(evaluation.period_measures(year=year, unit="Bureau of Patrol")) == {engagement.pk}
    assert _ids(evaluation.period_measures(year=year, district=7)) == {other.pk}
    assert _ids(evaluation.period_measures(year=year, district=8)) == set()
    assert _ids(evaluation.period_measures(year=year)) == {engagement.pk, other.pk}


def test_period_totals_pool_the_shares_of_all_items_VIII_A() -> None:
    def row(to_review: int, reviewed: int, days: int | None, index: float | None) -> dict[str, Any]:
        rule = {"kept": 1, "broken": 0, "status": "kept"}
        return {
            "participation": {"participants": 10, "commenters": 4},
            "reach": {"deliveries_sent": 5, "social_posts": 1},
            "representativeness": {"index": index, "answered": 20, "baseline": "city"},
            "review": {
                "analysable": to_review,
                "to_review": to_review,
                "reviewed": reviewed,
                "share": None,
            },
            "dispositions": {"total": 4, "decided": 1, "share": 0.25},
            "days_to_report": {"closed_on": "2025-01-01", "published_on": None, "days": days},
            "follow_up": {
                "activities_planned": 2,
                "activities_done": 1,
                "activities_share": 0.5,
                "tasks_total": 4,
                "tasks_done": 4,
                "tasks_waived": 0,
                "tasks_share": 1.0,
            },
            "satisfaction": {"responses": None, "mean": None, "scale_max": 5},
            "level": {"determined": 2, "recommended": 1, "comparison": "above"},
            "rules": {r: dict(rule) for r in evaluation.RULES},
        }

    totals = evaluation.totals([row(30, 30, 20, 0.8), row(70, 0, None, None)])
    assert totals["review"] == {"to_review": 100, "reviewed": 30, "share": 0.3}
    assert totals["days_to_report"] == {"mean": 20.0, "median": 20, "reported": 1, "pending": 1}
    assert totals["representativeness"] == {"mean": 0.8, "engagements": 1}
    assert totals["participants"] == 20
    assert totals["satisfaction"]["mean"] is None
    assert totals["level"]["above"] == 2
    assert totals["rules"]["posting_15_days"]["kept"] == 2


def test_period_measures_use_grouped_queries_not_one_per_engagement_VIII_A(
    persona: Any, engagement: Engagement, d22_draft: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    year = timezone.localdate().year
    posting = closed_posting(d22_draft)
    _posting_activity(persona, engagement, posting)
    determined(persona, 1, title="Second engagement")
    with CaptureQueriesContext(connection) as few:
        evaluation.period_measures(year=year)
    for n in range(4):
        other = determined(persona, 1, title=f"Engagement {n}")
        _activity(persona, other, Activity.Method.FOCUS_GROUP)
    with CaptureQueriesContext(connection) as many:
        period = evaluation.period_measures(year=year)
    assert len(period["rows"]) == 6
    assert len(many.captured_queries) == len(few.captured_queries)
