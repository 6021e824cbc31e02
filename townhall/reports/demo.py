"""Demo: the "what we heard" report of the School Resource Officer engagement (seed 000: "The
City of Chicago Report on the CPD SRO Community Working Group documents the process of
community engagement from the initial solicitation of volunteers, through the response from
CPD on the group's final recommendations").

The engagement, the working group with its votes and CPD's responses, and the anonymous survey
come from the other demos (engagements, bodies, surveys). This one adds what the report also
draws on, through each app's services at the moments they happened: the 15-day comment period
on the current S04-01-02 (real public comments, see demo_data/README.md) analysed into themes,
a community conversation held on Zoom with its anonymous attendee profiles, R&D's revised draft
with the changes the feedback led to, and staff's decision on each theme. Then OEE generates
the report and writes its narrative (English, and the introduction in Spanish), R&D approves
it (VI-D-2) and OEE publishes it. Idempotent: nothing is added once the report exists."""

from __future__ import annotations

import datetime
import json
import random
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from townhall.accounts.demo import ensure_persona_by_key
from townhall.bodies.models import Response as BodyResponse
from townhall.directives.models import DirectiveVersion
from townhall.directives.services import draft_update
from townhall.engagements import content
from townhall.engagements import services as engagements
from townhall.engagements.models import Activity, Engagement
from townhall.feedback import review
from townhall.feedback.analysis import analysis_run_now
from townhall.feedback.analysis_models import FeedbackItem, Theme, ThemeAssignment
from townhall.feedback.services import comment_submit
from townhall.meetings import services as meetings
from townhall.meetings import written
from townhall.meetings.models import Meeting
from townhall.postings import services as postings
from townhall.postings.models import Posting
from townhall.reports import demo_texts
from townhall.reports import services as reports
from townhall.reports.models import Report
from townhall.reports.services import REPORTABLE
from townhall.surveys.post_engagement import post_engagement_create

__all__ = ["load_demo_reports"]

NUMBER = "S04-01-02"
CHICAGO = ZoneInfo("America/Chicago")
COMMENTS = Path(__file__).resolve().parent / "demo_data" / "sro_comments.json"
ZOOM_URL = "https://cityofchicago.zoom.us/j/83960230482"
ZOOM_CALL_IN = "+1 312 626 6799, meeting ID 839 6023 0482"
CONVERSATION = "Community conversation on school resource officers"
# Parents who sent the form letter; the names are the kind a form fills in.
CAMPAIGN_SENDERS = (
    "Patricia Moore",
    "Hector Salinas",
    "Denise Harris",
    "Katarzyna Zielinski",
    "Omar Haddad",
    "Linda Nguyen",
)

# R&D's revised draft after the engagement. The bodies demo made it with IV-A-13
# (trauma-informed practices, the working group's first recommendation); the comments led to
# two more changes.
INPUT_OLD = "    b. with input from the Bureau of Patrol and current SROs, when appropriate.\n"
INPUT_NEW = (
    "    b. with input from the Bureau of Patrol, current SROs, students, parents and "
    "guardians, when appropriate.\n"
)
FEEDBACK_OLD = "  2. feedback from school personnel.\n"
FEEDBACK_NEW = "  2. feedback from school personnel, students, parents and guardians.\n"


def load_demo_reports() -> int:
    """Returns how many reports it published."""
    engagement = Engagement.objects.filter(directive__number=NUMBER).order_by("pk").first()
    if (
        engagement is None
        or engagement.status not in REPORTABLE
        or Report.objects.filter(engagement=engagement).exists()
    ):
        return 0
    response = (
        BodyResponse.objects.filter(
            recommendation__body__slug="sro-working-group",
            status=BodyResponse.Status.PUBLISHED,
            revised_version__isnull=False,
        )
        .select_related("revised_version")
        .order_by("pk")
        .first()
    )
    if response is None or response.revised_version is None:
        return 0
    start = timezone.now() - datetime.timedelta(days=236)
    posting = _posting(engagement, start)
    _conversation(engagement, start + datetime.timedelta(days=21))
    _survey_done(engagement)
    with time_machine.travel(start + datetime.timedelta(days=80), tick=False):
        final = _revise(response.revised_version)
    with time_machine.travel(start + datetime.timedelta(days=85), tick=False):
        _decide(posting, final)
    _report(engagement)
    return 1


def _at(moment: datetime.datetime, hour: int, minute: int = 0) -> datetime.datetime:
    local = moment.astimezone(CHICAGO)
    return datetime.datetime(local.year, local.month, local.day, hour, minute, tzinfo=CHICAGO)


# -- The comment period (VII-B, V-C-10) -------------------------------------------------------


def _posting(engagement: Engagement, start: datetime.datetime) -> Posting:
    """R&D posts the current policy for 15 days while the working group reviews it; the
    comments arrive; the worker closes the period; R&D compiles; OEE analyses the feedback."""
    existing = Posting.objects.filter(version__directive__number=NUMBER).order_by("pk").first()
    if existing is not None:
        return existing
    version = DirectiveVersion.objects.get(
        directive__number=NUMBER, status=DirectiveVersion.Status.CURRENT
    )
    rd = ensure_persona_by_key("rd")
    oee = ensure_persona_by_key("oee")
    opens = _at(start + datetime.timedelta(days=4), 9)
    closes = _at(opens + datetime.timedelta(days=15), 17)
    with time_machine.travel(_at(start, 10), tick=False):
        narrative, summary = demo_texts.POSTING_TEXTS["en"]
        posting = postings.posting_create(
            actor=rd,
            version=version,
            narrative=narrative,
            summary=summary,
            opens_at=opens,
            closes_at=closes,
        )
        for language, (narrative, summary) in demo_texts.POSTING_TEXTS.items():
            postings.posting_text_set(
                actor=rd, posting=posting, language=language, narrative=narrative, summary=summary
            )
        postings.posting_submit(actor=rd, posting=posting)
        posting = postings.posting_authorize(
            actor=ensure_persona_by_key("ocpr_chief"), posting=posting
        )
        posting = postings.posting_schedule(actor=rd, posting=posting)
        activity = engagements.activity_add(
            actor=rd,
            engagement=engagement,
            method=Activity.Method.PUBLIC_POSTING,
            title="The School Resource Officer policy, posted for public comment",
            posting=posting,
            starts_on=opens.date(),
            ends_on=closes.date(),
        )
    with time_machine.travel(opens + datetime.timedelta(seconds=30), tick=False):
        posting = postings.posting_open(actor=None, posting=posting)
        activity = engagements.activity_start(actor=oee, activity=activity)
    data = json.loads(COMMENTS.read_text(encoding="utf-8"))
    rng = random.Random(2019)
    moment = opens + datetime.timedelta(hours=2)
    for i, comment in enumerate(data["comments"]):
        moment += datetime.timedelta(minutes=rng.randint(90, 600))
        with time_machine.travel(moment, tick=False):
            comment_submit(
                posting=posting,
                body=comment["text"],
                section=comment["item"],
                internal=i % 11 == 7,
                language="en",
            )
    for i, name in enumerate(CAMPAIGN_SENDERS):
        with time_machine.travel(
            _at(opens + datetime.timedelta(days=9), 20, 14) + datetime.timedelta(minutes=3 * i),
            tick=False,
        ):
            comment_submit(
                posting=posting,
                body=data["campaign"]["text"],
                name=name,
                email=name.lower().replace(" ", ".") + "@example.org",
                language="en",
            )
    with time_machine.travel(closes + datetime.timedelta(minutes=1), tick=False):
        posting = postings.posting_close(actor=None, posting=posting)
        postings.posting_compile(actor=None, posting=posting)
        engagements.activity_finish(actor=oee, activity=activity, participants=None)
    with time_machine.travel(closes + datetime.timedelta(days=2), tick=False):
        analysis_run_now(actor=oee, posting=posting)
    posting.refresh_from_db()
    return posting


# -- A community conversation (V-C-4) ---------------------------------------------------------


def _conversation(engagement: Engagement, day: datetime.datetime) -> None:
    """Held on Zoom with a call-in option (seed 000), while the comment period is open: the
    working group's members present their draft recommendations and listen."""
    if engagement.activities.filter(title=CONVERSATION).exists():
        return
    oee = ensure_persona_by_key("oee")
    starts = _at(day, 18)
    with time_machine.travel(starts - datetime.timedelta(days=10), tick=False):
        activity = engagements.activity_add(
            actor=oee,
            engagement=engagement,
            method=Activity.Method.COMMUNITY_CONVERSATION,
            title=CONVERSATION,
            starts_on=starts.date(),
            ends_on=starts.date(),
        )
        content.activity_describe(
            actor=ensure_persona_by_key("communications"),
            activity=activity,
            is_public=True,
            description="Students, parents and guardians, school staff and community members "
            "hear the working group's draft recommendations and say what the policy should "
            "change. Held on Zoom; anyone unable to join online can call in.",
            mode=Activity.Mode.ONLINE,
            call_in=ZOOM_CALL_IN,
            time_from=datetime.time(18, 0),
            time_to=datetime.time(19, 30),
        )
        meeting = meetings.meeting_create(
            actor=oee,
            activity=activity,
            details=meetings.Details(
                kind=Meeting.Kind.COMMUNITY_CONVERSATION,
                title=CONVERSATION,
                description="The School Resource Officer Community Working Group presents its "
                "draft recommendations on S04-01-02; participants then talk in small groups "
                "about how school resource officers are selected, trained and evaluated.",
                starts_at=starts,
                ends_at=starts + datetime.timedelta(minutes=90),
                mode=Activity.Mode.ONLINE,
                online_url=ZOOM_URL,
                call_in=ZOOM_CALL_IN,
                languages=("en", "es"),
                interpretation="Spanish interpretation and live captions on Zoom",
                has_public_comment=False,
            ),
        )
        for title, presenter, minutes in (
            (
                "Welcome and the School Resource Officer policy",
                "Office of Equity and Engagement",
                10,
            ),
            ("The working group's draft recommendations", "Working group members", 25),
            ("Small-group conversations", "Facilitators", 40),
            ("What the groups heard and next steps", "Research and Development Division", 15),
        ):
            meetings.agenda_item_add(
                actor=oee, meeting=meeting, title=title, presenter=presenter, minutes=minutes
            )
        meeting = meetings.meeting_publish(actor=oee, meeting=meeting)
        activity = engagements.activity_start(actor=oee, activity=activity)
    rng = random.Random(2020)
    with time_machine.travel(starts + datetime.timedelta(minutes=80), tick=False):
        for _ in range(31):
            written.profile_submit(
                meeting=meeting,
                age_band=rng.choices(
                    ["under_18", "18_24", "25_34", "35_44", "45_54", "55_64", "65_up", ""],
                    weights=(26, 8, 12, 22, 16, 8, 3, 5),
                )[0],
                race=rng.choices(
                    ["black", "latino", "white", "asian", "multiple", ""],
                    weights=(40, 32, 14, 6, 4, 4),
                )[0],
                district=rng.choice([2, 3, 4, 7, 8, 9, 10, 11, 12, 15, 25, None]),
                lived_experience=rng.choice(["yes", "no", ""]),
            )
    with time_machine.travel(starts + datetime.timedelta(hours=2), tick=False):
        meetings.meetings_close_past()
        meeting.refresh_from_db()
        meetings.meeting_record_after(
            actor=oee, meeting=meeting, recording_url="", attendance_count=46
        )
        # V-D-4: OEE drafts the post-engagement survey for those who registered.
        post_engagement_create(actor=oee, activity=activity, meeting=meeting)
        engagements.activity_finish(actor=oee, activity=activity, participants=None)


def _survey_done(engagement: Engagement) -> None:
    """The anonymous survey's activity (surveys demo) is over: its survey closed."""
    oee = ensure_persona_by_key("oee")
    for activity in engagement.activities.filter(
        method=Activity.Method.ANONYMOUS_SURVEY,
        status__in=[Activity.Status.PLANNED, Activity.Status.UNDER_WAY],
        surveys__status="closed",
    ).distinct():
        if activity.status == Activity.Status.PLANNED:
            activity = engagements.activity_start(actor=oee, activity=activity)
        engagements.activity_finish(actor=oee, activity=activity, participants=None)


# -- The revision and the decisions (VII-D-5) -------------------------------------------------


def _revise(draft: DirectiveVersion) -> DirectiveVersion:
    """R&D's revised draft: students, parents and guardians give input on the training
    curriculum (IV-B-1-b) and their feedback counts in an officer's evaluation (VI-B-2)."""
    text = draft.body_text
    if INPUT_OLD not in text or FEEDBACK_OLD not in text or draft.status != "draft":
        return draft
    return draft_update(
        actor=ensure_persona_by_key("rd"),
        version=draft,
        title=draft.title,
        text=text.replace(INPUT_OLD, INPUT_NEW, 1).replace(FEEDBACK_OLD, FEEDBACK_NEW, 1),
        issue_date=draft.issue_date,
        effective_date=draft.effective_date,
        rescinds_text=draft.rescinds_text,
        index_category=draft.index_category,
        calea=draft.calea,
    )


def _current_theme(item: FeedbackItem) -> Theme | None:
    assignment = (
        ThemeAssignment.objects.filter(item=item, is_current=True).select_related("theme").first()
    )
    return assignment.theme if assignment else None


def _decide(posting: Posting, final: DirectiveVersion) -> None:
    """OEE reads the machine's themes and makes them its own (VII-D-5): each planned theme
    takes over the machine theme that holds its first comment, renamed, or is split off it
    when that one is taken; the comments that belong to it move in. Then each theme and the
    recommendations drawn from the last one are decided."""
    if Theme.objects.filter(posting=posting).exclude(disposition="").exists():
        return
    oee = ensure_persona_by_key("oee")
    pool = list(FeedbackItem.objects.filter(posting=posting).order_by("pk"))
    placed: set[int] = set()
    claimed: list[Theme] = []
    for label, markers, disposition, reason, item in demo_texts.THEMES:
        mine = [
            i
            for i in pool
            if i.pk not in placed and (markers is None or any(m in i.text for m in markers))
        ]
        if not mine:
            continue
        placed.update(i.pk for i in mine)
        holder = next((t for i in mine if (t := _current_theme(i)) is not None), None)
        if holder is None or any(holder.pk == t.pk for t in claimed):
            theme = review.theme_split(
                actor=oee, theme=holder or claimed[0], items=mine, label=label
            )
        else:
            theme = review.theme_rename(actor=oee, theme=holder, label=label)
            moving = [i for i in mine if _current_theme(i) != theme]
            if moving:
                review.items_assign(actor=oee, items=moving, theme=theme)
        claimed.append(theme)
        review.theme_decide(
            actor=oee,
            theme=theme,
            disposition=disposition,
            reason=reason,
            revised_version=final if item else None,
            revised_section=item,
        )
    # The machine's themes left empty are merged into the last, so none stays undecided.
    for theme in Theme.objects.filter(posting=posting, status=Theme.Status.ACTIVE).exclude(
        pk__in=[t.pk for t in claimed]
    ):
        review.theme_merge(actor=oee, theme=theme, into=claimed[-1])
    for text, disposition, reason, item in demo_texts.RECOMMENDATIONS:
        recommendation = review.recommendation_add(actor=oee, theme=claimed[-1], text=text)
        review.recommendation_decide(
            actor=oee,
            recommendation=recommendation,
            disposition=disposition,
            reason=reason,
            revised_version=final if item else None,
            revised_section=item,
        )


# -- The report (V-D-3) -----------------------------------------------------------------------


def _report(engagement: Engagement) -> None:
    """OEE generates the report and writes its narrative; R&D, responsible for the directive,
    approves it (VI-D-2); OEE publishes it."""
    oee, rd = ensure_persona_by_key("oee"), ensure_persona_by_key("rd")
    report = reports.report_create(actor=oee, engagement=engagement)
    for section, texts in demo_texts.REPORT_NARRATIVE.items():
        for language, text in texts.items():
            report = reports.report_narrative_save(
                actor=oee, report=report, section=section, language=language, text=text
            )
    report = reports.report_submit(actor=oee, report=report)
    report = reports.report_approve(actor=rd, report=report)
    reports.report_publish(actor=oee, report=report)
