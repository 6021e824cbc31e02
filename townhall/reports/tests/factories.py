"""An engagement with everything a "what we heard" report shows, made through each app's
services (seed 002 V-D-3, VII-D-5), for the reports tests.

The subject is Special Order S04-01-02, School Resource Officers (the 2019 text, real), the
directive the School Resource Officer Community Working Group of seed 000 reviewed. R&D posts
a draft of it for comment; the comments are real public text: the statements of the Polis
conversation of London youth on police scrutiny (CC BY 4.0, The Computational Democracy
Project) and a small campaign of the 2020 Chicago defund12 letter (MIT, defund12.org) with the
senders' names and addresses filled in. A community conversation is held in districts 2 and 3
with anonymous attendee profiles, an anonymous survey (V-C-2) closes with the demographics
block, the working group forwards a recommendation that the Department adopts, the analysis
finds themes that staff decide (adopted, not adopted, for the future), and R&D's revised
draft adds item IV-A-13 and changes IV-B-1-b.

Time moves with time-machine through the weeks of the engagement; statuses are never
written directly. `reported_engagement(persona)` returns the pieces as a SimpleNamespace;
`report_published(persona)` a published report on it, `(report, version)`.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import time_machine
from django.conf import settings
from django.utils import timezone

from townhall.accounts.models import User
from townhall.bodies import responses as body_responses
from townhall.bodies import voting
from townhall.bodies.models import Recommendation as BodyRecommendation
from townhall.bodies.models import Response as BodyResponse
from townhall.bodies.tests import factories as bodies_f
from townhall.directives.models import Directive, DirectiveVersion
from townhall.directives.services import directive_version_import, draft_create
from townhall.engagements import content
from townhall.engagements import services as engagements
from townhall.engagements.models import Activity, Engagement
from townhall.feedback import analysis, review
from townhall.feedback.analysis_models import Disposition, FeedbackItem, Theme, ThemeAssignment
from townhall.feedback.models import Comment
from townhall.feedback.services import comment_submit
from townhall.meetings import services as meetings
from townhall.meetings import written
from townhall.meetings.tests import factories as meetings_f
from townhall.postings import services as postings
from townhall.postings.tests.factories import NARRATIVE, SUMMARY
from townhall.reports import services as reports
from townhall.reports.models import Report, ReportVersion
from townhall.surveys import responses as survey_responses
from townhall.surveys import services as surveys
from townhall.surveys.models import Question, Survey
from townhall.surveys.tests import factories as surveys_f

Persona = Callable[[str], User]

NUMBER = "S04-01-02"
_HERE = Path(__file__).resolve()
_TOWNHALL = _HERE.parents[2]
S04_2019 = (
    _TOWNHALL
    / "directives/demo_data/key_versions/S04-01-02"
    / "S04-01-02__issued-2019-08-29__effective-2019-08-29.txt"
)
POLIS = _TOWNHALL / "feedback/demo_data/polis_london_youth_policing.json"
LETTER = _TOWNHALL / "feedback/demo_data/defund12_chicago_letter_2020-06-11.txt"

# The revision R&D makes after the engagement: an added item and a changed one.
ITEM_12 = "  12. Chicago Public Schools Student Code of Conduct Manual.\n"
ADDED_ITEM = "IV-A-13"
ADDED_TEXT = "  13. trauma-informed practices.\n"
CHANGED_ITEM = "IV-B-1-b"
CHANGED_OLD = "    b. with input from the Bureau of Patrol and current SROs, when appropriate.\n"
CHANGED_NEW = (
    "    b. with input from the Bureau of Patrol, current SROs, students, parents and "
    "guardians, when appropriate.\n"
)
UNCHANGED_ITEM = "VI-B"

# Polis statements (by id) used as comments, in the order they are sent: the
# conversation's statements about what should change, not its demographic questions.
POLIS_IDS = [str(i) for i in range(15, 39) if i != 29]
# Where a comment names an item of the directive (the comment form's "item" field).
ON_ITEM = {"16": "IV-B-1-b", "26": "IV-A", "21": "VII-A", "27": "VII-A", "33": "III-B"}
# A commenter who leaves a telephone number and an address in the text (redacted in quotes).
PII_COMMENT = (
    "Have community police officers in schools create a rapport with the young people to build "
    "up trust. I run a youth program in Grand Crossing; call me at (773) 555-0142 or write to "
    "tanya.brooks@example.org."
)
CAMPAIGN = [
    ("Maria Johnson", "Bronzeville", "maria.johnson@example.org", "(312) 555-0187"),
    ("James Nowak", "Avondale", "james.nowak@example.org", "(773) 555-0110"),
    ("Aisha Patel", "Rogers Park", "aisha.patel@example.org", "(773) 555-0163"),
    ("Wei Chen", "Chinatown", "wei.chen@example.org", "(312) 555-0129"),
    ("Rosa Garcia", "Pilsen", "rosa.garcia@example.org", "(312) 555-0144"),
]
CAMPAIGN_ADDITION = (
    "My younger brother was arrested at his high school last year; the officer never called "
    "our mother first."
)

NOT_ADOPTED_REASON = (
    "Incentives and a standing say for young people in police oversight go beyond this "
    "directive on school resource officers; they belong to the Department's community "
    "policing strategy."
)
FUTURE_REASON = (
    "The Department will consider a standing youth advisory panel when it reviews the "
    "community policing directives next year."
)
ADOPTED_REASON = (
    "Item IV-A-13 adds trauma-informed practices to the training of school resource officers."
)
BODY_REASONING = (
    "The Department agrees. The revised S04-01-02 adds trauma-informed practices to the "
    "specialized initial and annual refresher training of school resource officers (IV-A-13)."
)
REPORT_INTRO = (
    "From March to May the Department asked residents, students and parents how school "
    "resource officers should be selected, trained and supervised. This report says what we "
    "heard and what changed in Special Order S04-01-02 as a result."
)

# Who answered the anonymous profile at the meeting and the survey: (race, age band, district).
# Together one group is large enough to show (black: 13), the rest fall between 1 and 10.
MEETING_PROFILES: list[tuple[str, str, int | None]] = [
    ("black", "25_34", 2),
    ("black", "25_34", 2),
    ("black", "35_44", 2),
    ("black", "35_44", 3),
    ("black", "55_64", 2),
    ("black", "65_up", 2),
    ("latino", "25_34", 2),
    ("latino", "25_34", 3),
    ("latino", "35_44", 3),
    ("latino", "55_64", None),
    ("white", "35_44", 2),
    ("white", "55_64", 3),
    ("asian", "25_34", 2),
    ("", "", None),
]
SURVEY_PROFILES: list[tuple[str, str, int | None]] = [
    ("black", "18_24", 2),
    ("black", "18_24", 2),
    ("black", "25_34", 2),
    ("black", "25_34", 3),
    ("black", "25_34", 2),
    ("black", "45_54", 7),
    ("black", "45_54", 2),
    ("latino", "25_34", 3),
    ("latino", "25_34", 2),
    ("latino", "45_54", 3),
    ("latino", "18_24", 7),
    ("latino", "65_up", 3),
    ("white", "25_34", 7),
    ("white", "45_54", 2),
    ("multiple", "65_up", 3),
]
# The Likert answer of each survey response (5 strongly agree .. 1 strongly disagree).
SURVEY_LIKERT = ["5", "5", "4", "4", "4", "5", "3", "4", "2", "5", "4", "4", "1", "5", "4"]
ATTENDANCE = 40
MEETING_DISTRICT = 2
ACTIVITY_DISTRICTS = [2, 3]


def _polis() -> dict[str, str]:
    return {row["id"]: row["body"] for row in json.loads(POLIS.read_text(encoding="utf-8"))}


def _letter(name: str, place: str, email: str, phone: str) -> str:
    text = LETTER.read_text(encoding="utf-8")
    for old, new in (
        ("[NEIGHBORHOOD/CITY]", place),
        ("[YOUR NAME]", name),
        ("[NAME]", name),
        ("[YOUR ADDRESS]", f"{place}, Chicago"),
        ("[YOUR EMAIL]", email),
        ("[YOUR PHONE NUMBER]", phone),
    ):
        text = text.replace(old, new)
    return text.strip()


def _s04_current() -> DirectiveVersion:
    existing = DirectiveVersion.objects.filter(
        directive__number=NUMBER, status=DirectiveVersion.Status.CURRENT
    ).first()
    if existing is not None:
        return existing
    return directive_version_import(
        text=S04_2019.read_text(encoding="utf-8"), number_hint=NUMBER
    ).version


def _revised(persona: Persona, posted: DirectiveVersion) -> DirectiveVersion:
    """R&D's revision of the posted draft: IV-A-13 added, IV-B-1-b changed."""
    text = posted.body_text
    assert ITEM_12 in text and CHANGED_OLD in text
    text = text.replace(ITEM_12, ITEM_12 + ADDED_TEXT, 1).replace(CHANGED_OLD, CHANGED_NEW, 1)
    return draft_create(actor=persona("rd"), number=NUMBER, title=posted.title, text=text)


def _engagement(persona: Persona, directive: Directive) -> Engagement:
    oee = persona("oee")
    engagement = engagements.engagement_create(
        actor=oee,
        title="School resource officers: revising S04-01-02",
        originating_unit="Bureau of Patrol",
        directive=directive,
    )
    engagement = engagements.engagement_assess(
        actor=oee,
        engagement=engagement,
        is_new=False,
        populations=["Chicago Public Schools students", "Parents and guardians"],
        prior_engagement_note="",
        national_attention=True,
        command_request=False,
        community_request=True,
        consent_decree=False,
    )
    engagement = engagements.engagement_determine(
        actor=persona("ocpr_chief"),
        engagement=engagement,
        level=3,
        consulted=["oee", "rd", "originating_unit"],
    )
    content.engagement_text_save(
        actor=oee,
        engagement=engagement,
        language="en",
        title="School resource officers: tell us what should change",
        summary="How officers in Chicago Public Schools are selected, trained and supervised.",
    )
    return content.engagement_publish(actor=oee, engagement=engagement)


def _posting(persona: Persona, version: DirectiveVersion, opens_at: datetime.datetime) -> Any:
    rd = persona("rd")
    posting = postings.posting_create(
        actor=rd,
        version=version,
        narrative=NARRATIVE,
        summary=SUMMARY,
        opens_at=opens_at,
        closes_at=opens_at + datetime.timedelta(days=15),
    )
    for code in settings.TOWNHALL_POSTING_LANGUAGES:
        if code != "en":
            postings.posting_text_set(
                actor=rd,
                posting=posting,
                language=code,
                narrative=f"[{code}] {NARRATIVE}",
                summary=f"[{code}] {SUMMARY}",
            )
    postings.posting_submit(actor=rd, posting=posting)
    postings.posting_authorize(actor=persona("ocpr_chief"), posting=posting)
    return postings.posting_schedule(actor=rd, posting=posting)


def _comments(posting: Any, persona: Persona) -> list[Comment]:
    out: list[Comment] = []
    statements = _polis()
    for n, key in enumerate(POLIS_IDS):
        out.append(
            comment_submit(
                posting=posting,
                body=statements[key],
                section=ON_ITEM.get(key, ""),
                email=f"youth{n}@example.org" if n % 3 == 0 else "",
            ).comment
        )
    out.append(comment_submit(posting=posting, body=PII_COMMENT, section="V-B").comment)
    for i, (name, place, email, phone) in enumerate(CAMPAIGN):
        body = _letter(name, place, email, phone)
        if i == 0:
            body += "\n\n" + CAMPAIGN_ADDITION
        out.append(comment_submit(posting=posting, body=body, name=name, email=email).comment)
    # A Department member's own comment (internal, VII-B-2).
    out.append(
        comment_submit(
            posting=posting,
            body=statements["16"] + " Officers assigned to schools should be trained with them.",
            section="IV-A",
            internal=True,
        ).comment
    )
    return out


def _activity(persona: Persona, engagement: Engagement, method: str, **kwargs: Any) -> Activity:
    return engagements.activity_add(
        actor=persona("oee"), engagement=engagement, method=method, **kwargs
    )


def _survey(persona: Persona, activity: Activity) -> Survey:
    oee = persona("oee")
    now = timezone.now()
    survey = surveys_f.draft_survey(
        persona,
        activity=activity,
        questions=False,
        title={
            "en": "School resource officers: tell us anonymously what you think",
            "es": "Oficiales de recursos escolares: díganos de forma anónima lo que piensa",
            "pl": "Funkcjonariusze w szkołach: powiedz nam anonimowo, co myślisz",
        },
        opens_at=now + datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=15),
    )
    surveys.question_add(
        actor=oee,
        survey=survey,
        details=surveys.QuestionDetails(
            kind=Question.Kind.LIKERT,
            text={
                "en": "School resource officers should receive training in trauma-informed "
                "practices.",
                "es": "Los oficiales de recursos escolares deberían recibir capacitación en "
                "prácticas informadas sobre el trauma.",
                "pl": "Funkcjonariusze w szkołach powinni przejść szkolenie z praktyk "
                "uwzględniających traumę.",
            },
        ),
    )
    surveys.demographics_add(actor=oee, survey=survey)
    survey = surveys.survey_schedule(actor=oee, survey=survey)
    return surveys.survey_open(actor=oee, survey=survey)


def _survey_answers(survey: Survey) -> None:
    keys = {q.standard or q.kind: q.key for q in survey.questions.order_by("position", "id").all()}
    for (race, age, district), likert in zip(SURVEY_PROFILES, SURVEY_LIKERT, strict=True):
        answers = {
            keys[Question.Kind.LIKERT]: likert,
            keys[Question.Standard.RACE]: race,
            keys[Question.Standard.AGE]: age,
            keys[Question.Standard.DISTRICT]: str(district) if district else "",
        }
        survey_responses.response_submit(
            survey=survey,
            raw=surveys_f.form(survey, **{k: v for k, v in answers.items() if v}),
            language="en",
        )


def _body(persona: Persona, engagement: Engagement) -> tuple[Any, BodyRecommendation]:
    body = bodies_f.working_group(persona, directive=engagement.directive, engagements=[engagement])
    roster = bodies_f.members(persona, body, 5)
    recommendation = bodies_f.drafted(roster[0], section="IV-A")
    ballot = bodies_f.voting_window(persona, recommendation)
    for member, choice in zip(roster, ("for", "for", "for", "against", "abstain"), strict=True):
        voting.vote_cast(member=member, ballot=ballot, choice=choice)
    assert ballot.closes_at is not None
    with time_machine.travel(ballot.closes_at, tick=False):
        voting.ballots_close_due()
    recommendation.refresh_from_db()
    assert recommendation.status == BodyRecommendation.Status.FORWARDED
    return body, recommendation


def _decide(persona: Persona, posting: Any, final: DirectiveVersion) -> dict[str, Any]:
    """Staff's decisions on the three largest themes (VII-D-5), and two recommendations drawn
    from the first: one partly adopted in the changed item, one naming an item the revision
    left as it was (listed as unmatched)."""
    oee = persona("oee")
    themes = list(
        Theme.objects.filter(posting=posting, status=Theme.Status.ACTIVE).order_by("-size", "id")
    )
    assert len(themes) >= 3, [t.label for t in themes]
    # Adopted: the theme the working group's recommendation landed in (trauma-informed
    # training), else the largest; the next two by size are not adopted and for the future.
    holding = ThemeAssignment.objects.filter(
        item__posting=posting,
        item__source=FeedbackItem.Source.BODY_RECOMMENDATION,
        is_current=True,
        theme__in=themes,
    ).first()
    adopted = next((t for t in themes if holding and t.pk == holding.theme_id), themes[0])
    not_adopted, future = [t for t in themes if t.pk != adopted.pk][:2]
    review.theme_decide(
        actor=oee,
        theme=adopted,
        disposition=Disposition.ADOPTED,
        reason=ADOPTED_REASON,
        revised_version=final,
        revised_section=ADDED_ITEM,
    )
    review.theme_decide(
        actor=oee, theme=not_adopted, disposition=Disposition.NOT_ADOPTED, reason=NOT_ADOPTED_REASON
    )
    review.theme_decide(
        actor=oee, theme=future, disposition=Disposition.FUTURE, reason=FUTURE_REASON
    )
    partly = review.recommendation_add(
        actor=oee,
        theme=adopted,
        text="Ask students, parents and guardians for input when the training curriculum is "
        "developed.",
    )
    review.recommendation_decide(
        actor=oee,
        recommendation=partly,
        disposition=Disposition.PARTLY,
        reason="Students, parents and guardians are named in item IV-B-1-b; community groups "
        "are not.",
        revised_version=final,
        revised_section=CHANGED_ITEM,
    )
    unmatched = review.recommendation_add(
        actor=oee,
        theme=adopted,
        text="Consider feedback from students when evaluating school resource officers.",
    )
    review.recommendation_decide(
        actor=oee,
        recommendation=unmatched,
        disposition=Disposition.ADOPTED,
        reason="Item VI-B already lets evaluating supervisors consider feedback.",
        revised_version=final,
        revised_section=UNCHANGED_ITEM,
    )
    for t in themes:
        t.refresh_from_db()
    partly.refresh_from_db()
    unmatched.refresh_from_db()
    return {
        "themes": themes,
        "adopted_theme": adopted,
        "not_adopted_theme": not_adopted,
        "future_theme": future,
        "partly_recommendation": partly,
        "unmatched_recommendation": unmatched,
    }


def reported_engagement(persona: Persona) -> SimpleNamespace:
    """An engagement on S04-01-02 in follow-up (V-D), with everything a report shows; see the
    module docstring. Takes a few seconds."""
    start = (timezone.now() - datetime.timedelta(days=60)).replace(microsecond=0)
    oee = persona("oee")
    rd = persona("rd")

    # Week 0: the draft, the engagement and its plan, the working group, the posting.
    with time_machine.travel(start, tick=False):
        current = _s04_current()
        posted = draft_create(actor=rd, number=NUMBER, title=current.title, text=current.body_text)
        engagement = _engagement(persona, current.directive)
        opens_at = start + datetime.timedelta(days=1)
        posting = _posting(persona, posted, opens_at)
        posting_activity = _activity(
            persona,
            engagement,
            Activity.Method.PUBLIC_POSTING,
            posting=posting,
            starts_on=opens_at.date(),
            ends_on=(opens_at + datetime.timedelta(days=15)).date(),
        )
        conversation = _activity(
            persona,
            engagement,
            Activity.Method.COMMUNITY_CONVERSATION,
            title="Community conversation on school resource officers",
        )
        content.activity_describe(
            actor=oee,
            activity=conversation,
            is_public=True,
            districts=ACTIVITY_DISTRICTS,
            mode=Activity.Mode.IN_PERSON,
            place="Harold Washington Cultural Center, 4701 S. King Dr.",
        )
        survey_activity = _activity(persona, engagement, Activity.Method.ANONYMOUS_SURVEY)
        group_activity = _activity(persona, engagement, Activity.Method.WORKING_GROUP)
        reporting = _activity(persona, engagement, Activity.Method.REPORTING)
        engagement = engagements.engagement_start_outreach(actor=oee, engagement=engagement)
        engagement = engagements.engagement_start_engaging(actor=oee, engagement=engagement)
        meeting = meetings_f.draft_meeting(
            persona,
            activity=conversation,
            starts_in=datetime.timedelta(days=10),
            mode=Activity.Mode.IN_PERSON,
            place="Harold Washington Cultural Center, 4701 S. King Dr.",
            online_url="",
            call_in="",
            district=MEETING_DISTRICT,
            title="Community conversation on school resource officers",
            description="Residents, students and parents discuss the draft S04-01-02 in small "
            "groups.",
        )
        meeting = meetings.meeting_publish(actor=oee, meeting=meeting)
        body, body_recommendation = _body(persona, engagement)

    # The posting opens; the comments arrive.
    with time_machine.travel(opens_at, tick=False):
        postings.postings_tick()
    with time_machine.travel(opens_at + datetime.timedelta(days=2), tick=False):
        posting.refresh_from_db()
        comments = _comments(posting, persona)
        survey = _survey(persona, survey_activity)

    # The meeting: profiles during it, held after it, attendance recorded.
    with time_machine.travel(meeting.starts_at + datetime.timedelta(minutes=30), tick=False):
        for i, (race, age, district) in enumerate(MEETING_PROFILES):
            written.profile_submit(
                meeting=meeting,
                age_band=age,
                race=race,
                district=district,
                lived_experience="yes" if i % 2 else "no",
            )
    with time_machine.travel(meeting.ends_at + datetime.timedelta(hours=1), tick=False):
        meetings.meetings_close_past()
        meeting.refresh_from_db()
        meeting = meetings.meeting_record_after(
            actor=oee,
            meeting=meeting,
            recording_url="https://www.youtube.com/watch?v=ChicagoPoliceSRO",
            attendance_count=ATTENDANCE,
        )
        _survey_answers(survey)

    # The posting and the survey close.
    closes_at = posting.closes_at
    assert closes_at is not None
    with time_machine.travel(closes_at + datetime.timedelta(minutes=1), tick=False):
        postings.postings_tick()
        survey = surveys.survey_close(actor=oee, survey=survey)

    # Follow-up: the revision, the responses, the analysis and its decisions.
    with time_machine.travel(closes_at + datetime.timedelta(days=5), tick=False):
        posting.refresh_from_db()
        final = _revised(persona, posted)
        response = body_responses.response_save(
            actor=persona("originating_unit"),
            recommendation=body_recommendation,
            disposition=BodyResponse.Disposition.ADOPTED,
            reasoning=BODY_REASONING,
            revised_version=final,
            revised_section=ADDED_ITEM,
        )
        body_responses.response_submit(actor=persona("originating_unit"), response=response)
        response = body_responses.response_approve(actor=rd, response=response)
        run = analysis.analysis_run_now(actor=oee, posting=posting)
        decided = _decide(persona, posting, final)
        for activity in (posting_activity, conversation, survey_activity, group_activity):
            activity = engagements.activity_start(actor=oee, activity=activity)
            engagements.activity_finish(actor=oee, activity=activity, participants=None)
        engagement = engagements.engagement_start_follow_up(actor=oee, engagement=engagement)

    for obj in (posting, survey, meeting, body, body_recommendation, engagement):
        obj.refresh_from_db()
    return SimpleNamespace(
        engagement=engagement,
        directive=current.directive,
        current_version=current,
        posted_version=posted,
        final_version=final,
        posting=posting,
        comments=comments,
        run=run,
        meeting=meeting,
        survey=survey,
        body=body,
        recommendation=body_recommendation,
        response=response,
        activities={
            "posting": posting_activity,
            "conversation": conversation,
            "survey": survey_activity,
            "working_group": group_activity,
            "reporting": reporting,
        },
        **decided,
    )


def report_draft(persona: Persona, reported: SimpleNamespace | None = None) -> Report:
    """The report of a reported engagement, created by OEE, with its English introduction."""
    reported = reported or reported_engagement(persona)
    report = reports.report_create(actor=persona("oee"), engagement=reported.engagement)
    return reports.report_narrative_save(
        actor=persona("oee"),
        report=report,
        section="introduction",
        language="en",
        text=REPORT_INTRO,
    )


def report_published(
    persona: Persona, reported: SimpleNamespace | None = None
) -> tuple[Report, ReportVersion]:
    """The report created and written by OEE, submitted, approved by R&D (VI-D-2) and
    published as version 1."""
    report = report_draft(persona, reported)
    report = reports.report_submit(actor=persona("oee"), report=report)
    report = reports.report_approve(actor=persona("rd"), report=report)
    version = reports.report_publish(actor=persona("oee"), report=report)
    report.refresh_from_db()
    return report, version
