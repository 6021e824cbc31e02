"""Demo meetings, from the City's "Get involved" page (seed 000): the Chicago Council on Mental
Health Equity's quarterly meetings with their public comment rules, and a virtual community
conversation on the foot pursuit policy with its prompts and breakout groups. Made through the
services, on the demo engagements' activities; idempotent."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from townhall.accounts.demo import ensure_persona_by_key
from townhall.engagements.models import Activity, Engagement
from townhall.meetings import registration, rules, services, speaking
from townhall.meetings.models import Meeting

CHICAGO = ZoneInfo("America/Chicago")
# Seed 000: the CCMHE's Zoom meeting ID.
ZOOM_URL = "https://cityofchicago.zoom.us/j/83960230482"
ZOOM_CALL_IN = "+1 312 626 6799, meeting ID 839 6023 0482"

CCMHE_AGENDA = (
    ("Welcome, roll call and introductions", "Co-chairs", 10),
    ("Approval of the minutes of the previous quarterly meeting", "Co-chairs", 5),
    (
        "Update on the City's crisis response and the 988 line",
        "Chicago Department of Public Health",
        25,
    ),
    ("Subcommittee reports", "Subcommittee chairs", 20),
    ("Public comment", "", 30),
)
CCMHE_MEMBERS = (
    ("Co-chair, Mayor's Office", "Co-chair"),
    ("Co-chair, Chicago Department of Public Health", "Co-chair"),
    ("Member with lived experience of mental health services", "Member"),
    ("Member, Chicago Police Department Crisis Intervention Team", "Member"),
)
PROMPTS = (
    "When should an officer decide not to start a foot pursuit?",
    "What should a supervisor weigh before ending a pursuit?",
    "How should the Department report foot pursuits to the public?",
)
FACILITATORS = ("Marisol Vega", "Darnell Brooks", "Agnieszka Wójcik", "Farah Haddad")


def load_demo_meetings() -> int:
    """Returns how many meetings it made."""
    return _ccmhe() + _ccmhe_held() + _foot_pursuit_conversation()


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=CHICAGO)


def _ccmhe() -> int:
    engagement = Engagement.objects.filter(
        other_subject="Chicago Council on Mental Health Equity"
    ).first()
    if engagement is None:
        return 0
    oee = ensure_persona_by_key("oee")
    made = 0
    posted = False
    for activity in engagement.activities.filter(method=Activity.Method.ADVISORY_COMMITTEE):
        if activity.meetings.exists() or activity.starts_on is None:
            continue
        start = _at(activity.starts_on, 12, 30)
        meeting = services.meeting_create(
            actor=oee,
            activity=activity,
            details=services.Details(
                kind=Meeting.Kind.ADVISORY_COMMITTEE,
                title=activity.title,
                description=(
                    "The CCMHE serves as the City's main advisory committee on all mental and "
                    "behavioral health topics and is co-chaired by the Mayor's Office and the "
                    "Chicago Department of Public Health."
                ),
                starts_at=start,
                ends_at=start + datetime.timedelta(minutes=90),
                mode=Activity.Mode.ONLINE,
                online_url=ZOOM_URL,
                call_in=ZOOM_CALL_IN,
                languages=("en", "es"),
                interpretation="Spanish interpretation and live captions on Zoom",
                attire=Meeting.Attire.PLAIN_UNARMED,
                attire_agreed_with="The Council's co-chairs and members with lived experience",
            ),
        )
        for title, presenter, minutes in CCMHE_AGENDA:
            services.agenda_item_add(
                actor=oee, meeting=meeting, title=title, presenter=presenter, minutes=minutes
            )
        for name, role in CCMHE_MEMBERS:
            services.member_add(actor=oee, meeting=meeting, name=name, role=role)
        made += 1
        # Seed 000: the agenda is posted no later than 48 hours before the next meeting;
        # the later ones wait for theirs.
        if not posted and start - timezone.now() > datetime.timedelta(hours=49):
            services.meeting_publish(actor=oee, meeting=meeting)
            posted = True
            _speakers(meeting)
    return made


def _ccmhe_held() -> int:
    """A special meeting held 33 days ago, as it happened: the agenda posted, three requests
    to speak, a written comment, the clerk's period, and draft minutes not yet approved, so
    the staff dashboard flags them as overdue (5 ILCS 120/2.06)."""
    import time_machine  # the demo runs the real services at the moments they happened

    from townhall.engagements import services as engagement_services
    from townhall.meetings import minutes, written

    engagement = Engagement.objects.filter(
        other_subject="Chicago Council on Mental Health Equity"
    ).first()
    title = "CCMHE special meeting on the crisis response pilot"
    if engagement is None or Meeting.objects.filter(title=title).exists():
        return 0
    oee = ensure_persona_by_key("oee")
    day = timezone.localdate() - datetime.timedelta(days=33)
    start = _at(day, 12, 30)
    with time_machine.travel(start - datetime.timedelta(days=10), tick=False):
        activity = engagement_services.activity_add(
            actor=oee,
            engagement=engagement,
            method=Activity.Method.ADVISORY_COMMITTEE,
            title=title,
            starts_on=day,
            ends_on=day,
        )
        meeting = services.meeting_create(
            actor=oee,
            activity=activity,
            details=services.Details(
                kind=Meeting.Kind.ADVISORY_COMMITTEE,
                title=title,
                starts_at=start,
                ends_at=start + datetime.timedelta(minutes=90),
                mode=Activity.Mode.ONLINE,
                online_url=ZOOM_URL,
                call_in=ZOOM_CALL_IN,
                languages=("en", "es"),
            ),
        )
        for agenda_title, presenter, length in CCMHE_AGENDA:
            services.agenda_item_add(
                actor=oee,
                meeting=meeting,
                title=agenda_title,
                presenter=presenter,
                minutes=length,
            )
        for name, role in CCMHE_MEMBERS:
            services.member_add(actor=oee, meeting=meeting, name=name, role=role)
        services.meeting_publish(actor=oee, meeting=meeting)
    with time_machine.travel(start - datetime.timedelta(days=3), tick=False):
        _speakers(meeting)
        written.written_comment_submit(
            meeting=meeting,
            name="Southside Mental Health Coalition",
            email="",
            body="Please fund the crisis response pilot in every district, not only four, and "
            "report how often a police officer is still dispatched.",
        )
    with time_machine.travel(start + datetime.timedelta(minutes=50), tick=False):
        speaking.period_start(actor=oee, meeting=meeting)
    for n, presence in enumerate(("remote", "remote", "")):
        with time_machine.travel(start + datetime.timedelta(minutes=50 + 3 * n), tick=False):
            called = speaking.speaker_call(actor=oee, meeting=meeting)
            if presence:
                speaking.speaker_presence_set(actor=oee, speaker=called, presence=presence)
            else:
                speaking.speaker_absent(actor=oee, speaker=called)
    with time_machine.travel(start + datetime.timedelta(minutes=60), tick=False):
        speaking.period_end(actor=oee, meeting=meeting)
        for member, attendance in zip(
            meeting.members.all(), ("remote", "remote", "remote", "absent"), strict=True
        ):
            services.member_attendance_set(actor=oee, member=member, attendance=attendance)
    services.meetings_close_past()
    meeting.refresh_from_db()
    minutes.minutes_save(
        actor=oee,
        meeting=meeting,
        summary="The Department of Public Health reported on the first months of the crisis "
        "response pilot. Members asked for figures by district and for how often a police "
        "officer was still dispatched. Two members of the public spoke on the pilot's reach.",
        votes=[
            {
                "motion": "Ask the Department of Public Health for quarterly figures by district",
                "for": 3,
                "against": 0,
                "abstain": 0,
            },
        ],
    )
    return 1


def _speakers(meeting: Meeting) -> None:
    item = meeting.agenda.get(title__startswith="Update on the City's crisis response")
    for name, email in (
        ("Gloria Ramírez", "gloria.ramirez@example.org"),
        ("Terrence Wallace", "t.wallace@example.org"),
        ("Hana Kowalczyk", "hana.k@example.org"),
    ):
        if rules.in_time(timezone.now(), speaking.request_deadline(meeting)):
            speaking.speaker_request_submit(
                meeting=meeting, name=name, email=email, phone="", agenda_item_id=item.pk
            )


def _foot_pursuit_conversation() -> int:
    activity = (
        Activity.objects.filter(
            engagement__directive__number="G03-07",
            method=Activity.Method.COMMUNITY_CONVERSATION,
        )
        .order_by("starts_on", "id")
        .first()
    )
    if activity is None or activity.meetings.exists() or activity.starts_on is None:
        return 0
    oee = ensure_persona_by_key("oee")
    start = _at(activity.starts_on, 18)
    meeting = services.meeting_create(
        actor=oee,
        activity=activity,
        details=services.Details(
            kind=Meeting.Kind.COMMUNITY_CONVERSATION,
            title=activity.title,
            description=(
                "Participants meet in small groups, each with a facilitator, and work through "
                "the draft foot pursuit policy prompt by prompt. What each group says joins "
                "the feedback CPD reviews before it revises the policy."
            ),
            starts_at=start,
            ends_at=start + datetime.timedelta(minutes=90),
            mode=Activity.Mode.ONLINE,
            online_url=ZOOM_URL,
            call_in=ZOOM_CALL_IN,
            capacity=40,
            languages=("en", "es", "zh-hans", "pl", "ar", "hi"),
            interpretation="Spanish, Mandarin, Polish, Arabic and Hindi interpretation; ASL",
            attire=Meeting.Attire.UNIFORM_UNARMED,
            attire_agreed_with="The district councils of the 7th, 11th and 15th districts",
            has_public_comment=False,
        ),
    )
    for title, presenter, minutes in (
        ("Welcome and the interim foot pursuit policy", "Office of Equity and Engagement", 15),
        ("Small-group conversations", "Facilitators", 50),
        ("What the groups heard", "Facilitators", 20),
        (
            "Next steps: the draft policy and its 15-day comment period",
            "Research and Development Division",
            5,
        ),
    ):
        services.agenda_item_add(
            actor=oee, meeting=meeting, title=title, presenter=presenter, minutes=minutes
        )
    for text in PROMPTS:
        services.prompt_add(actor=oee, meeting=meeting, text=text)
    for name in FACILITATORS:
        services.breakout_group_add(actor=oee, meeting=meeting, facilitator=name)
    if start - timezone.now() > datetime.timedelta(hours=49):
        services.meeting_publish(actor=oee, meeting=meeting)
        for name in ("Keisha Johnson", "Miguel Herrera", "Li Na", "Krzysztof Mazur"):
            email = name.lower().replace(" ", ".") + "@example.org"
            registration.registration_submit(
                meeting=meeting, name=name, email=email, needs=[], language="en"
            )
    return 1
