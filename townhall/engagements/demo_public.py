"""Demo of the public "Get involved" site (V-B-1), from the City's page (seed 000): the foot
pursuit engagement on G03-07 (six languages), the School Resource Officer Community Working
Group on S04-01-02 with its three documents, and the district strategic plan conversations in
all 22 districts. Made through the services; dates are relative to today, so there is always
something upcoming. Safe to run again."""

from __future__ import annotations

import datetime
import textwrap
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from townhall.accounts.demo import ensure_persona_by_key
from townhall.core.districts import DISTRICTS
from townhall.directives.models import Directive
from townhall.engagements import content, services
from townhall.engagements.demo_public_texts import (
    CCMHE,
    COPA_FORUMS,
    FOOT_PURSUITS,
    SRO_WORKING_GROUP,
    STRATEGIC_PLANS,
    Texts,
)
from townhall.engagements.models import Activity, Engagement, Topic
from townhall.postings.models import Posting

__all__ = ["load_public_demo"]

# V-C-10-b: "email CPD at community@chicagopolice.org" to sign up for a dialogue (seed 002).
COMMUNITY_EMAIL = "community@chicagopolice.org"
# Zoom's published Chicago dial-in number; the meeting ID comes with each conversation.
ZOOM_CALL_IN = "+1 312 626 6799 (Zoom); meeting ID posted 48 hours before"


def load_public_demo() -> int:
    """Returns how many engagements it published."""
    return (
        _foot_pursuits()
        + _sro_working_group()
        + _strategic_plans()
        + _copa_forums()
        + _ccmhe_meetings()
    )


def _day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def pdf_note(title: str, paragraphs: list[str]) -> bytes:
    """A one-page PDF holding a short note: the demo's stand-in for a document that is not
    part of the demo data (it says so), so the download works end to end."""

    def literal(line: str) -> bytes:
        raw = line.encode("cp1252", "replace")
        return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"

    lines = [(title, 14)]
    for paragraph in paragraphs:
        lines.append(("", 11))
        lines += [(w, 11) for w in textwrap.wrap(paragraph, 90)]
    ops = [b"BT", b"72 740 Td", b"15 TL"]
    for text, size in lines:
        ops += [b"/F1 %d Tf" % size, literal(text) + b" '"]
    ops.append(b"ET")
    stream = b"\n".join(ops)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _note_file(name: str, title: str, paragraphs: list[str]) -> SimpleUploadedFile:
    note = "Demo copy: the full document is not part of Townhall's demo data."
    return SimpleUploadedFile(name, pdf_note(title, [*paragraphs, note]), "application/pdf")


def _texts(engagement: Engagement, texts: Texts) -> None:
    editor = ensure_persona_by_key("communications")
    for language, (title, summary, narrative) in texts.items():
        content.engagement_text_save(
            actor=editor,
            engagement=engagement,
            language=language,
            title=title,
            summary=summary,
            narrative=narrative,
        )


def _add(
    engagement: Engagement,
    method: str,
    title: str,
    starts: int | None,
    ends: int | None = None,
    **public: object,
) -> Activity:
    activity = services.activity_add(
        actor=ensure_persona_by_key("oee"),
        engagement=engagement,
        method=method,
        title=title,
        starts_on=_day(starts) if starts is not None else None,
        ends_on=_day(ends if ends is not None else starts) if starts is not None else None,
    )
    return content.activity_describe(
        actor=ensure_persona_by_key("communications"),
        activity=activity,
        is_public=True,
        **public,  # type: ignore[arg-type]
    )


def determine(engagement: Engagement, level: int, reason: str = "") -> Engagement:
    return services.engagement_determine(
        actor=ensure_persona_by_key("ocpr_chief"),
        engagement=engagement,
        level=level,
        consulted=["pscd", "oee", "originating_unit", "rd"],
        reason=reason,
    )


# The IV-B factors of an assessment where none applies; demo and tests name only the others.
NO_FACTORS: dict[str, Any] = {
    "is_new": False,
    "populations": [],
    "prior_engagement_note": "",
    "national_attention": False,
    "command_request": False,
    "community_request": False,
    "consent_decree": False,
}


def assess(engagement: Engagement, **factors: Any) -> Engagement:
    return services.engagement_assess(
        actor=ensure_persona_by_key("oee"), engagement=engagement, **{**NO_FACTORS, **factors}
    )


def _publish(engagement: Engagement, contact: str = COMMUNITY_EMAIL) -> None:
    editor = ensure_persona_by_key("communications")
    content.engagement_contact_set(actor=editor, engagement=engagement, email=contact)
    content.engagement_publish(actor=editor, engagement=engagement)


def start_on_directive(number: str, *, title: str, unit: str, topic: str = "") -> Engagement | None:
    """A demo engagement on a directive of the registry, started by OEE; None when the
    directive is not loaded or already has its engagement (the demo loads twice safely)."""
    directive = Directive.objects.filter(number=number).first()
    if directive is None or Engagement.objects.filter(directive=directive).exists():
        return None
    return services.engagement_create(
        actor=ensure_persona_by_key("oee"),
        title=title,
        originating_unit=unit,
        directive=directive,
        topics=Topic.objects.filter(slug=topic) if topic else (),
    )


def _foot_pursuits() -> int:
    engagement = start_on_directive(
        "G03-07", title="Foot pursuits (G03-07)", unit="Bureau of Patrol", topic="use-of-force"
    )
    if engagement is None:
        return 0
    directive = engagement.directive
    oee = ensure_persona_by_key("oee")
    services.external_comment_add(
        actor=oee,
        engagement=engagement,
        entity="monitor",
        summary="On March 5, 2021, upon review of the data, the IMT determined a foot pursuit "
        "policy was necessary.",
        received_on=datetime.date(2021, 3, 5),
    )
    engagement = assess(
        engagement,
        is_new=True,
        populations=["Youth", "Residents of the districts with the most foot pursuits"],
        national_attention=True,
    )
    engagement = determine(engagement, 3)
    _texts(engagement, FOOT_PURSUITS)
    posting = Posting.objects.filter(version__directive=directive).order_by("opens_at").first()
    posted = services.activity_add(
        actor=ensure_persona_by_key("rd"),
        engagement=engagement,
        method="public_posting",
        title="The interim foot pursuit policy, posted for public comment",
        posting=posting,
        starts_on=datetime.date(2021, 6, 14),
        ends_on=datetime.date(2021, 7, 16),
    )
    services.activity_finish(actor=oee, activity=posted, participants=None)
    for starts, hour in ((9, 18), (16, 12)):
        _add(
            engagement,
            "community_conversation",
            "Virtual community conversation on the foot pursuit policy",
            starts,
            description="Held on Zoom: the link is posted here 48 hours before. Anyone unable "
            "to join online can call in.",
            mode=Activity.Mode.ONLINE,
            call_in=ZOOM_CALL_IN,
            time_from=datetime.time(hour, 0),
            time_to=datetime.time(hour + 1, 30),
        )
    _add(
        engagement,
        "deliberative_dialogue",
        "Deliberative dialogues with community groups and organizations",
        5,
        40,
        description=f"Community groups and organizations can sign up for a dialogue with "
        f"Department members: write to {COMMUNITY_EMAIL}.",
    )
    _add(
        engagement,
        "anonymous_survey",
        "Anonymous survey on foot pursuits",
        2,
        30,
        description="Give your views anonymously; the link to the survey is posted here when it "
        "opens.",
    )
    _add(
        engagement,
        "reporting",
        "Public report: the engagement, what was heard and what changed",
        None,
        description="CPD will release a public report detailing the engagement process, a "
        "summary of community feedback and the steps taken to inform the policy revisions.",
    )
    content.resource_add(
        actor=ensure_persona_by_key("communications"),
        engagement=engagement,
        kind="webinar",
        title="Virtual webinar on the foot pursuit policy, June 1, 2021",
        titles={
            "es": "Seminario web sobre la política de persecuciones a pie, 1 de junio de 2021",
            "zh-hans": "徒步追捕政策线上研讨会，2021 年 6 月 1 日",
            "pl": "Webinar o polityce dotyczącej pościgów pieszych, 1 czerwca 2021 r.",
            "ar": "ندوة عبر الإنترنت حول سياسة المطاردات على الأقدام، 1 يونيو 2021",
            "hi": "पैदल पीछा नीति पर ऑनलाइन वेबिनार, 1 जून 2021",
        },
        file=_note_file(
            "webinar.pdf",
            "Virtual webinar, June 1, 2021",
            [
                "CPD held a live webinar to review the foot pursuit policy and answer "
                "questions from the public on June 1, 2021."
            ],
        ),
        language="en",
    )
    _publish(engagement)
    _move(engagement, to_step=2)
    return 1


def _sro_working_group() -> int:
    engagement = start_on_directive(
        "S04-01-02",
        title="School Resource Officer Community Working Group (S04-01-02)",
        unit="Research and Development Division",
        topic="schools",
    )
    if engagement is None:
        return 0
    oee = ensure_persona_by_key("oee")
    engagement = assess(
        engagement,
        populations=["Students", "Parents and guardians", "Chicago Public Schools staff"],
    )
    engagement = determine(engagement, 3)
    _texts(engagement, SRO_WORKING_GROUP)
    group = services.activity_add(
        actor=oee,
        engagement=engagement,
        method="working_group",
        title="School Resource Officer Community Working Group",
        starts_on=_day(-240),
        ends_on=_day(-60),
    )
    content.activity_describe(
        actor=ensure_persona_by_key("communications"),
        activity=group,
        is_public=True,
        description="Volunteer members from all over the City of Chicago, to ensure diverse "
        "representation.",
    )
    services.activity_finish(actor=oee, activity=group, participants=None)
    report = services.activity_add(
        actor=oee,
        engagement=engagement,
        method="reporting",
        title="The City's report, CPD's response and the members' votes published",
        starts_on=_day(-30),
        ends_on=_day(-30),
    )
    services.activity_finish(actor=oee, activity=report, participants=None)
    _add(
        engagement,
        "follow_up_meeting",
        "Follow-up meeting with the working group: what CPD changed",
        21,
        description="CPD shares what it heard from the working group and where it revised the "
        "policy.",
        mode=Activity.Mode.ONLINE,
        call_in=ZOOM_CALL_IN,
        time_from=datetime.time(17, 30),
        time_to=datetime.time(19, 0),
    )
    editor = ensure_persona_by_key("communications")
    documents = (
        (
            "report",
            "City of Chicago report on the CPD SRO Community Working Group",
            "Informe de la Ciudad de Chicago sobre el Grupo de Trabajo Comunitario SRO del CPD",
            "The City of Chicago Report on the CPD SRO Community Working Group documents the "
            "process of community engagement from the initial solicitation of volunteers, "
            "through the response from CPD on the group's final recommendations.",
        ),
        (
            "official_response",
            "Official CPD response to the working group's recommendations",
            "Respuesta oficial del CPD a las recomendaciones del grupo de trabajo",
            "Official CPD response to the working group's recommendations.",
        ),
        (
            "voting_results",
            "Working group members' voting results on the recommendations",
            "Resultados de las votaciones de los miembros del grupo sobre las recomendaciones",
            "Working group members' voting results of the recommendations to move forward to CPD.",
        ),
    )
    for kind, title, spanish, about in documents:
        content.resource_add(
            actor=editor,
            engagement=engagement,
            kind=kind,
            title=title,
            titles={"es": spanish},
            file=_note_file(f"{kind}.pdf", title, [about]),
            language="en",
        )
    _publish(engagement)
    _move(engagement, to_step=3)
    return 1


def _strategic_plans() -> int:
    """The district plans carry out G02-03, Community Policing Mission and Vision: the
    engagement "beyond policy and training" that VI-A points to, so it is about that
    directive."""
    engagement = start_on_directive(
        "G02-03",
        title="District strategic plans: community conversations",
        unit="Office of Community Policing",
    )
    if engagement is None:
        return 0
    engagement = assess(
        engagement,
        populations=["Residents of each police district"],
    )
    engagement = determine(engagement, 2)
    _texts(engagement, STRATEGIC_PLANS)
    for i, d in enumerate(DISTRICTS):
        _add(
            engagement,
            "community_conversation",
            f"District {d.number} ({d.name}): community conversation on the district plan",
            2 + i,
            description="Held on Zoom: the link is posted here 48 hours before. Anyone unable "
            "to join online can call in.",
            mode=Activity.Mode.ONLINE,
            call_in=ZOOM_CALL_IN,
            districts=[d.number],
            time_from=datetime.time(18, 0),
            time_to=datetime.time(19, 30),
        )
    _publish(engagement)
    _move(engagement, to_step=2)
    return 1


def _copa_forums() -> int:
    """Seed 000: four public forums with places and dates, and an address for written input;
    beyond policy and training (VI-A). The dates are the real ones of August 2021, so the
    forums show as held and the engagement as in follow-up."""
    subject = "Selection of the Chief Administrator of COPA"
    if Engagement.objects.filter(other_subject=subject).exists():
        return 0
    engagement = services.engagement_create(
        actor=ensure_persona_by_key("oee"),
        title="COPA Chief Administrator search: public forums",
        originating_unit="Mayor's Office of Community Engagement",
        other_subject=subject,
        topics=Topic.objects.filter(slug="accountability"),
    )
    engagement = determine(
        assess(engagement, populations=["Residents of every side of the city"]), 2
    )
    _texts(engagement, COPA_FORUMS)
    forums = (
        (17, "Muslim Community Center", "4380 N Elston Ave, Chicago, IL 60641 (North Side)", 17),
        (
            18,
            "Garfield Park Golden Dome Field House",
            "100 N Central Park Ave, Chicago, IL 60624 (West Side)",
            11,
        ),
        (
            24,
            "Kennedy King Community College",
            "6301 S Halsted St, Chicago, IL 60621 (South Side)",
            7,
        ),
    )
    oee = ensure_persona_by_key("oee")
    for day, name, address, district_number in forums:
        activity = services.activity_add(
            actor=oee,
            engagement=engagement,
            method="community_conversation",
            title=f"Public forum at {name}",
            starts_on=datetime.date(2021, 8, day),
            ends_on=datetime.date(2021, 8, day),
        )
        content.activity_describe(
            actor=ensure_persona_by_key("communications"),
            activity=activity,
            is_public=True,
            mode=Activity.Mode.IN_PERSON,
            place=address,
            districts=[district_number],
            time_from=datetime.time(18, 30),
            time_to=datetime.time(20, 0),
        )
        services.activity_finish(actor=oee, activity=activity, participants=None)
    virtual = services.activity_add(
        actor=oee,
        engagement=engagement,
        method="community_conversation",
        title="Virtual public forum via Zoom",
        starts_on=datetime.date(2021, 8, 26),
        ends_on=datetime.date(2021, 8, 26),
    )
    content.activity_describe(
        actor=ensure_persona_by_key("communications"),
        activity=virtual,
        is_public=True,
        mode=Activity.Mode.ONLINE,
        call_in=ZOOM_CALL_IN,
        time_from=datetime.time(18, 30),
        time_to=datetime.time(20, 0),
    )
    services.activity_finish(actor=oee, activity=virtual, participants=None)
    _publish(engagement, contact="COPAsearch@cityofchicago.org")
    _move(engagement, to_step=3)
    return 1


def _ccmhe_meetings() -> int:
    """Seed 000: a council's meeting schedule with its public comment rules (quarterly, on a
    Monday at 12:30 pm in February, April, July and November; the next four from today)."""
    subject = "Chicago Council on Mental Health Equity"
    if Engagement.objects.filter(other_subject=subject).exists():
        return 0
    engagement = services.engagement_create(
        actor=ensure_persona_by_key("oee"),
        title="Chicago Council on Mental Health Equity: quarterly meetings",
        originating_unit="Chicago Department of Public Health",
        other_subject=subject,
        topics=Topic.objects.filter(slug="people-in-crisis"),
    )
    engagement = determine(assess(engagement, populations=["People in crisis"]), 1)
    _texts(engagement, CCMHE)
    for day in _quarterly_mondays(4):
        _add(
            engagement,
            "advisory_committee",
            f"CCMHE quarterly meeting, {day:%B} {day.year}",
            (day - timezone.localdate()).days,
            description="Agenda and Zoom link posted no later than 48 hours before. Requests "
            "to speak by email no less than 24 hours before; written comments no later than "
            "one hour before.",
            mode=Activity.Mode.ONLINE,
            call_in=ZOOM_CALL_IN,
            time_from=datetime.time(12, 30),
            time_to=datetime.time(14, 0),
        )
    _publish(engagement, contact="CCMHE@cityofchicago.org")
    _move(engagement, to_step=2)
    return 1


def _quarterly_mondays(count: int) -> list[datetime.date]:
    """The last Monday of February, April, July and November, from today on."""
    today = timezone.localdate()
    out: list[datetime.date] = []
    year = today.year
    while len(out) < count:
        for month in (2, 4, 7, 11):
            last = datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
            monday = last - datetime.timedelta(days=last.weekday())
            if monday >= today and len(out) < count:
                out.append(monday)
        year += 1
    return out


def _move(engagement: Engagement, *, to_step: int) -> None:
    """Into the step of V-A the engagement has reached."""
    oee = ensure_persona_by_key("oee")
    moves = (
        services.engagement_start_outreach,
        services.engagement_start_engaging,
        services.engagement_start_follow_up,
    )
    for move in moves[:to_step]:
        engagement = move(actor=oee, engagement=engagement)
