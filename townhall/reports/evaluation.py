"""The evaluation of engagements (seed 002 VI-B-1: OEE evaluates the completed engagements;
VIII-A: the Chief of OCPR ensures reviews that judge the efficiency of the engagement efforts
and whether future engagements should be expanded or modified).

The measures come from the record, never typed, and are plain JSON (numbers, codes, ISO
dates), so a page, a CSV, the annual report and the API read the same figures:

- participation: participants counted per activity as build.py counts them, and the unique
  people who commented (one per email address, across the engagement's postings, plus each
  comment sent without one);
- reach: the announcement emails sent (Delivery rows sent) and the social media posts
  recorded, for the announcements about the engagement or one of its postings (V-B-2, VII-C);
- representativeness: how close the participants' race and ethnicity come to the population
  of the districts concerned (V-A, V-B), as an index from 0 to 1;
- the share of the feedback a person has reviewed, and of the themes and recommendations
  with a disposition (VI-B-5, VII-D-4, VII-D-5);
- the days from the close of comment to the first published report (V-D-3);
- the follow-up done (V-D): step-3 activities and the units' follow-up duties;
- post-engagement satisfaction (V-D-4), hidden under MIN_CELL + 1 ratings;
- the level determined against the level recommended (IV-C, IV-D);
- three rules kept or broken: the 15-day minimum posting (V-C-10, VII-B-2-d), the 48-hour
  agenda of a regular meeting (5 ILCS 120/2.02, seed 000) and the 24-hour deadline to ask
  to speak (seed 000).

Everything is computed for many engagements at once with a fixed number of grouped queries
(plus one per survey question read and per engagement with several postings), so the
dashboard stays fast with many engagements; `engagement_measures` is the same computation
for one. Nothing here writes.
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from townhall.bodies.models import Body, Member
from townhall.bodies.models import Recommendation as BodyRecommendation
from townhall.bodies.models import Response as BodyResponse
from townhall.core.districts import district_numbers
from townhall.engagements import duties
from townhall.engagements.models import Activity, Engagement, Topic, UnitTask
from townhall.feedback.analysis_models import Campaign, FeedbackItem, Theme, ThemeAssignment
from townhall.feedback.analysis_models import Recommendation as ThemeRecommendation
from townhall.feedback.models import Comment
from townhall.meetings import rules as meeting_rules
from townhall.meetings.models import AttendeeProfile, Meeting
from townhall.outreach.models import Announcement, Delivery, SocialPost
from townhall.postings.models import Posting
from townhall.reports import baselines
from townhall.reports.build import MIN_CELL
from townhall.reports.models import ReportVersion
from townhall.surveys.models import Question, Survey
from townhall.surveys.models import Response as SurveyResponse

__all__ = [
    "BROKEN",
    "FOLLOW_UP_DUTIES",
    "KEPT",
    "MEASURES",
    "MEASURES_BY_KEY",
    "NOT_APPLICABLE",
    "POSTING_MINIMUM",
    "RULES",
    "Measure",
    "engagement_measures",
    "engagements_active",
    "filter_choices",
    "measure_how",
    "period_measures",
    "periods",
    "representativeness_index",
    "totals",
    "yearly_series",
]

#: V-C-10: "for a minimum 15 days".
POSTING_MINIMUM = datetime.timedelta(days=15)
#: Seed 000: a request to speak arrives "no less than 24 hours prior to the start".
SPEAK_REQUEST_HOURS = 24
#: The units' duties handed out when an engagement reaches follow-up (V-D): VI-B-3's second
#: half (the follow-up actions), the reviews of the feedback and the lines kept open.
FOLLOW_UP_DUTIES: tuple[str, ...] = tuple(
    d.item for d in duties.DUTIES if d.stage == Engagement.Status.FOLLOW_UP
)
#: The rules, in the order pages list them.
RULES: tuple[str, ...] = ("posting_15_days", "agenda_48_hours", "speak_24_hours")
KEPT, BROKEN, NOT_APPLICABLE = "kept", "broken", "not_applicable"
#: Postings that were really put up for comment (not drafts, not merely scheduled).
_POSTED = (Posting.Status.OPEN, Posting.Status.CLOSED, Posting.Status.COMPILED)
#: build._BODY_KINDS: the activities a standing body carries out, by the body's kind.
_BODY_KINDS: dict[str, str] = {
    Activity.Method.WORKING_GROUP: Body.Kind.WORKING_GROUP,
    Activity.Method.ADVISORY_COMMITTEE: Body.Kind.ADVISORY_COMMITTEE,
    Activity.Method.CPAP: Body.Kind.CPAP,
    Activity.Method.DISTRICT_ADVISORY_COMMITTEE: Body.Kind.DISTRICT_ADVISORY_COMMITTEE,
}


# --- What each measure is --------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    key: str
    label: Promise
    items: str  # the directive items it serves
    how: Promise  # how it is computed, in words


MEASURES: tuple[Measure, ...] = (
    Measure(
        "participants",
        _("Participants"),
        "VI-B-1, VIII-A; V-D-3",
        _(
            "The sum over the engagement's activities of each activity's participants: the "
            "figure staff recorded when the activity was done, or else what the record counts "
            "(comments on its posting, attendance at its meetings, survey responses, members "
            "of the standing body that carries it out), as the “what we heard” report counts "
            "them. One person who took part in two activities counts twice."
        ),
    ),
    Measure(
        "commenters",
        _("Unique commenters"),
        "V-C-10, VIII-A",
        _(
            "The people who commented on the engagement's postings: one per email address "
            "(letter case ignored) across all its postings, plus each comment sent without an "
            "address."
        ),
    ),
    Measure(
        "reach",
        _("Reach of announcements"),
        "V-B-2, VII-C-1, VII-C-2, VII-C-3",
        _(
            "Emails sent (one per address and sending, bounces and suppressed addresses not "
            "counted) and social media posts recorded by Communications, for every "
            "announcement about the engagement or one of its postings."
        ),
    ),
    Measure(
        "representativeness",
        _("Representativeness"),
        "V-A, V-B, VIII-A",
        _(
            "1 − ½ × Σ |p − q| over race and ethnicity, where p is the share of the "
            "participants who gave their race or ethnicity (meeting attendee profiles, survey "
            "demographics and the applications of standing bodies' members) in each group, and "
            "q the share of the 2010 population of the police districts concerned (the city "
            "when none is named). 1 means the participants mirror the population; 0 means no "
            "overlap. Not computed when %(n)s or fewer people answered."
        ),
    ),
    Measure(
        "review",
        _("Feedback reviewed"),
        "VI-B-5, VI-C-4, VI-D-2, VII-D-4",
        _(
            "The share of the feedback to review that a person has placed in a theme (or "
            "marked off topic): the items of the postings' pools, less hidden comments, with "
            "each campaign counted once through its representative copy."
        ),
    ),
    Measure(
        "dispositions",
        _("Dispositions given"),
        "VII-D-5, V-D-3",
        _(
            "The share of the themes and of the recommendations (drawn from the themes, and "
            "forwarded by standing bodies) that have a disposition: adopted, adopted in part, "
            "not adopted, out of scope, or under consideration. A body's recommendation counts "
            "once the Department's response is published."
        ),
    ),
    Measure(
        "days_to_report",
        _("Days to the report"),
        "V-D-3, VII-D-5",
        _(
            "Calendar days (Chicago) from the close of comment (the latest closing of the "
            "engagement's postings) to the publication of the first version of the “what we "
            "heard” report. Empty while no report is published."
        ),
    ),
    Measure(
        "follow_up",
        _("Follow-up done"),
        "V-D-1, V-D-2, V-D-3, V-D-4, VI-B-3",
        _(
            "Step-3 activities done out of those planned and not cancelled, and the units' "
            "follow-up duties (handed out when the engagement reached follow-up) done out of "
            "those not waived."
        ),
    ),
    Measure(
        "satisfaction",
        _("Satisfaction"),
        "V-D-4",
        _(
            "The mean answer to the first rating question of the engagement's post-engagement "
            "surveys. Hidden when %(n)s or fewer people answered it."
        ),
    ),
    Measure(
        "level",
        _("Level determined against recommended"),
        "IV-B, IV-C, IV-D",
        _(
            "The level OCPR determined (IV-D) compared with the level the assessment of the "
            "IV-B factors recommended: above, the same, or below (below only with a reason, "
            "IV-C)."
        ),
    ),
    Measure(
        "posting_15_days",
        _("15-day minimum posting"),
        "V-C-10, VII-B-2-d",
        _(
            "Each posting that was open for comment, with a comment period, is kept when its "
            "period (closing minus opening, elapsed time) lasts at least 15 days. A "
            "continuously open posting is not counted."
        ),
    ),
    Measure(
        "agenda_48_hours",
        _("Agenda 48 hours ahead"),
        "5 ILCS 120/2.02 (seed 000)",
        _(
            "Each regular meeting that was held is kept when its agenda was posted at least "
            "48 hours (elapsed time) before it started. Special and emergency meetings, with "
            "their recorded reason, are not counted."
        ),
    ),
    Measure(
        "speak_24_hours",
        _("Requests to speak until 24 hours ahead"),
        "Seed 000",
        _(
            "Each meeting held with a public comment period is kept when people could ask to "
            "speak until 24 hours before it started: its recorded deadline is at most 24 hours "
            "ahead (the service refuses requests after the deadline)."
        ),
    ),
)
MEASURES_BY_KEY = {m.key: m for m in MEASURES}


def measure_how(key: str) -> str:
    """The explanation of a measure, with the suppression floor filled in."""
    return str(MEASURES_BY_KEY[key].how) % {"n": MIN_CELL}


# --- Pure pieces -------------------------------------------------------------------------------


def representativeness_index(
    counts: dict[str, int], baseline_percent: dict[str, float]
) -> float | None:
    """1 − ½ Σ|p − q| over the codes of the baseline, p from `counts` (answers outside the
    baseline's codes left out), q from `baseline_percent` (percentages). None when MIN_CELL
    or fewer people gave a code."""
    answered = sum(counts.get(code, 0) for code in baseline_percent)
    if answered <= MIN_CELL:
        return None
    distance = sum(
        abs(counts.get(code, 0) / answered - baseline_percent[code] / 100)
        for code in baseline_percent
    )
    return round(1 - distance / 2, 3)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _rule(kept: int, broken: int) -> dict[str, Any]:
    status = BROKEN if broken else (KEPT if kept else NOT_APPLICABLE)
    return {"kept": kept, "broken": broken, "status": status}


def _level_comparison(determined: int | None, recommended: int | None) -> str | None:
    if determined is None or recommended is None:
        return None
    if determined > recommended:
        return "above"
    return "same" if determined == recommended else "below"


def _day(value: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(value) if value else None


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _is_digit_rating(value: Any) -> bool:
    return value is not None and not isinstance(value, bool) and str(value).isdigit()


# --- Which engagements ---------------------------------------------------------------------------


@dataclass
class _Span:
    engagement: Engagement
    start: datetime.date
    end: datetime.date

    def active_in(self, year: int) -> bool:
        return self.start.year <= year <= self.end.year


def _spans(*, topic: str = "", unit: str = "", district: int | None = None) -> list[_Span]:
    """Every engagement whose level is determined, matching the filters, with the dates it
    was active: from the first of its determination, its activities' starts and its postings'
    openings, to its conclusion (the last of the move to concluded, its activities' ends and
    its postings' closings) or, while it is not concluded, today or its last planned date."""
    qs = Engagement.objects.exclude(status=Engagement.Status.ASSESSING)
    if topic:
        qs = qs.filter(
            pk__in=Engagement.topics.through.objects.filter(topic__slug=topic).values(
                "engagement_id"
            )
        )
    if unit:
        qs = qs.filter(originating_unit=unit)
    qs = qs.annotate(
        first_start=Min("activities__starts_on"),
        last_start=Max("activities__starts_on"),
        last_end=Max("activities__ends_on"),
        first_open=Min("activities__posting__opens_at"),
        last_close=Max("activities__posting__closes_at"),
    ).order_by("title", "id")
    engagements = list(qs)
    if district is not None:
        named = _engagements_naming(district, [e.pk for e in engagements])
        engagements = [e for e in engagements if e.pk in named]
    today = timezone.localdate()
    out = []
    for e in engagements:
        a: Any = e  # the annotations
        starts = [
            d for d in (_day(e.determined_at), a.first_start, _day(a.first_open)) if d is not None
        ]
        start = min(starts) if starts else timezone.localdate(e.created_at)
        ends = [d for d in (a.last_end, a.last_start, _day(a.last_close)) if d is not None]
        if e.status == Engagement.Status.CONCLUDED:
            concluded = _day(e.step_started_at)
            end = max([*ends, *([concluded] if concluded else [])], default=start)
        else:
            end = max([*ends, today])
        out.append(_Span(engagement=e, start=start, end=max(start, end)))
    return out


def _engagements_naming(district: int, engagement_ids: Sequence[int]) -> set[int]:
    """The engagements with an activity or a meeting in `district` (citywide ones name none)."""
    named = {
        engagement_id
        for engagement_id, values in Activity.objects.filter(
            engagement_id__in=engagement_ids
        ).values_list("engagement_id", "districts")
        if district in district_numbers(values)
    }
    named.update(
        Meeting.objects.filter(
            activity__engagement_id__in=engagement_ids, district=district
        ).values_list("activity__engagement_id", flat=True)
    )
    return named


def engagements_active(
    *, year: int, topic: str = "", unit: str = "", district: int | None = None
) -> list[Engagement]:
    """The engagements active in the calendar `year` (see _spans), by title."""
    return [
        s.engagement for s in _spans(topic=topic, unit=unit, district=district) if s.active_in(year)
    ]


def filter_choices() -> dict[str, Any]:
    """What the dashboard's filters offer: topics (slug, name), originating units, and the
    years that have an engagement."""
    units = sorted(
        set(
            Engagement.objects.exclude(originating_unit="").values_list(
                "originating_unit", flat=True
            )
        )
    )
    topics = [(t.slug, t.name) for t in Topic.objects.all()]
    spans = _spans()
    years = sorted({y for s in spans for y in range(s.start.year, s.end.year + 1)})
    return {"topics": topics, "units": units, "years": years}


# --- The computation ---------------------------------------------------------------------------


@dataclass
class _Acc:
    """What is gathered for one engagement before it becomes its measures."""

    activities: list[dict[str, Any]] = field(default_factory=list)
    postings: list[int] = field(default_factory=list)
    bodies: list[int] = field(default_factory=list)
    districts: set[int] = field(default_factory=set)
    race: Counter[str] = field(default_factory=Counter)
    commenters: int = 0
    deliveries: int = 0
    social: int = 0
    ratings: list[tuple[int, int]] = field(default_factory=list)  # (value, how many)
    scale_max: set[int] = field(default_factory=set)
    tasks: Counter[str] = field(default_factory=Counter)
    meetings: list[dict[str, Any]] = field(default_factory=list)


def _grouped(rows: Iterable[Any], key: str, value: str = "n") -> dict[Any, int]:
    return {r[key]: int(r[value] or 0) for r in rows}


def _evaluate(engagements: Sequence[Engagement]) -> dict[int, dict[str, Any]]:
    """The measures of each engagement, keyed by its id."""
    ids = [e.pk for e in engagements]
    acc: dict[int, _Acc] = {pk: _Acc() for pk in ids}
    if not ids:
        return {}

    # The plan: activities and their postings.
    activity_rows: list[Any] = list(
        Activity.objects.filter(engagement_id__in=ids)
        .order_by("step", "starts_on", "id")
        .values(
            "id",
            "engagement_id",
            "method",
            "step",
            "status",
            "participants",
            "posting_id",
            "districts",
        )
    )
    activity_engagement: dict[int, int] = {}
    posting_engagements: dict[int, set[int]] = defaultdict(set)
    for a in activity_rows:
        e = acc[a["engagement_id"]]
        e.activities.append(a)
        e.districts.update(district_numbers(a["districts"]))
        activity_engagement[a["id"]] = a["engagement_id"]
        if a["posting_id"] and a["posting_id"] not in e.postings:
            e.postings.append(a["posting_id"])
            posting_engagements[a["posting_id"]].add(a["engagement_id"])
    activity_ids = list(activity_engagement)
    posting_ids = list(posting_engagements)
    postings: dict[int, Any] = {
        p["id"]: p
        for p in Posting.objects.filter(pk__in=posting_ids).values(
            "id", "kind", "status", "opens_at", "closes_at"
        )
    }

    # Standing bodies serving each engagement (build._bodies).
    body_kind: dict[int, str] = {}
    body_engagements: dict[int, set[int]] = defaultdict(set)
    for body_id, kind, engagement_id in Body.objects.filter(engagements__in=ids).values_list(
        "id", "kind", "engagements"
    ):
        body_kind[body_id] = kind
        body_engagements[body_id].add(engagement_id)
        if body_id not in acc[engagement_id].bodies:
            acc[engagement_id].bodies.append(body_id)
    body_ids = list(body_kind)

    # Participation, counted as build._activity_part counts it.
    comments = Comment.objects.filter(posting_id__in=posting_ids)
    comment_counts = _grouped(comments.values("posting_id").annotate(n=Count("id")), "posting_id")
    meetings: list[Any] = list(
        Meeting.objects.filter(activity_id__in=activity_ids).values(
            "id",
            "activity_id",
            "kind",
            "status",
            "notice",
            "starts_at",
            "agenda_posted_at",
            "attendance_count",
            "has_public_comment",
            "speak_request_hours",
            "district",
        )
    )
    meeting_count: Counter[int] = Counter()
    attendance: Counter[int] = Counter()
    for m in meetings:
        engagement_id = activity_engagement[m["activity_id"]]
        acc[engagement_id].meetings.append(m)
        if m["district"]:
            acc[engagement_id].districts.add(int(m["district"]))
        if m["status"] != Meeting.Status.CANCELLED:
            meeting_count[m["activity_id"]] += 1
            attendance[m["activity_id"]] += int(m["attendance_count"] or 0)
    responses = _grouped(
        SurveyResponse.objects.filter(survey__activity_id__in=activity_ids)
        .values("survey__activity_id")
        .annotate(n=Count("pk")),
        "survey__activity_id",
    )
    members = _grouped(
        Member.objects.filter(body_id__in=body_ids).values("body_id").annotate(n=Count("id")),
        "body_id",
    )
    participants: Counter[int] = Counter()
    for a in activity_rows:
        engagement_id = a["engagement_id"]
        if a["participants"] is not None:
            participants[engagement_id] += int(a["participants"])
            continue
        measured = 0
        if a["posting_id"]:
            measured += comment_counts.get(a["posting_id"], 0)
        measured += attendance.get(a["id"], 0) if meeting_count.get(a["id"]) else 0
        measured += responses.get(a["id"], 0)
        if a["method"] in _BODY_KINDS:
            measured += sum(
                members.get(b, 0)
                for b in acc[engagement_id].bodies
                if body_kind[b] == _BODY_KINDS[a["method"]]
            )
        participants[engagement_id] += measured

    _count_commenters(acc, comments)
    _count_reach(acc, ids, posting_engagements)
    _count_race(acc, activity_ids, activity_engagement, body_ids, body_engagements)
    reviewed = _review_counts(posting_ids)
    decided = _disposition_counts(posting_ids, body_ids)
    _count_satisfaction(acc, activity_ids, activity_engagement)
    for engagement_id, status, n in (
        UnitTask.objects.filter(engagement_id__in=ids, duty__in=FOLLOW_UP_DUTIES)
        .values("engagement_id", "status")
        .annotate(n=Count("id"))
        .values_list("engagement_id", "status", "n")
    ):
        acc[engagement_id].tasks[status] += n
    first_versions = dict(
        ReportVersion.objects.filter(report__engagement_id__in=ids, number=1).values_list(
            "report__engagement_id", "published_at"
        )
    )

    out: dict[int, dict[str, Any]] = {}
    for engagement in engagements:
        gathered = acc[engagement.pk]
        out[engagement.pk] = _measures(
            engagement,
            gathered,
            participants=participants[engagement.pk],
            postings=[postings[p] for p in gathered.postings if p in postings],
            reviewed=reviewed,
            decided=decided,
            first_version_at=first_versions.get(engagement.pk),
        )
    return out


def _count_commenters(acc: dict[int, _Acc], comments: Any) -> None:
    """One per email address (lower case) across each engagement's postings, plus each comment
    without one. Grouped by posting for the engagements with one posting; counted apart for
    those with several, so someone who commented on two of them counts once."""
    anonymous = _grouped(
        comments.filter(email="").values("posting_id").annotate(n=Count("id")), "posting_id"
    )
    single = [p for a in acc.values() if len(a.postings) == 1 for p in a.postings]
    with_email = _grouped(
        comments.filter(posting_id__in=single)
        .exclude(email="")
        .values("posting_id")
        .annotate(n=Count(Lower("email"), distinct=True)),
        "posting_id",
    )
    for a in acc.values():
        if not a.postings:
            continue
        if len(a.postings) == 1:
            emails = with_email.get(a.postings[0], 0)
        else:
            emails = int(
                comments.filter(posting_id__in=a.postings)
                .exclude(email="")
                .aggregate(n=Count(Lower("email"), distinct=True))["n"]
                or 0
            )
        a.commenters = emails + sum(anonymous.get(p, 0) for p in a.postings)


def _count_reach(
    acc: dict[int, _Acc], ids: Sequence[int], posting_engagements: dict[int, set[int]]
) -> None:
    announcements: dict[int, set[int]] = {}
    for ann_id, engagement_id, posting_id in Announcement.objects.filter(
        Q(engagement_id__in=ids) | Q(posting_id__in=list(posting_engagements))
    ).values_list("id", "engagement_id", "posting_id"):
        concerned = set(posting_engagements.get(posting_id, set())) if posting_id else set()
        if engagement_id in acc:
            concerned.add(engagement_id)
        announcements[ann_id] = concerned
    sent = _grouped(
        Delivery.objects.filter(
            dispatch__announcement_id__in=list(announcements), status=Delivery.Status.SENT
        )
        .values("dispatch__announcement_id")
        .annotate(n=Count("id")),
        "dispatch__announcement_id",
    )
    posts = _grouped(
        SocialPost.objects.filter(dispatch__announcement_id__in=list(announcements))
        .values("dispatch__announcement_id")
        .annotate(n=Count("id")),
        "dispatch__announcement_id",
    )
    for ann_id, concerned in announcements.items():
        for engagement_id in concerned:
            acc[engagement_id].deliveries += sent.get(ann_id, 0)
            acc[engagement_id].social += posts.get(ann_id, 0)


def _count_race(
    acc: dict[int, _Acc],
    activity_ids: Sequence[int],
    activity_engagement: dict[int, int],
    body_ids: Sequence[int],
    body_engagements: dict[int, set[int]],
) -> None:
    """The race and ethnicity answers build._demographics gathers, uncounted by suppression:
    attendee profiles, the surveys' standard race question, members' applications."""
    for activity_id, race, n in (
        AttendeeProfile.objects.filter(meeting__activity_id__in=activity_ids)
        .values("meeting__activity_id", "race")
        .annotate(n=Count("id"))
        .values_list("meeting__activity_id", "race", "n")
    ):
        acc[activity_engagement[activity_id]].race[race or ""] += n
    for survey_id, key, activity_id in Question.objects.filter(
        survey__activity_id__in=activity_ids, standard=Question.Standard.RACE
    ).values_list("survey_id", "key", "survey__activity_id"):
        counts = acc[activity_engagement[activity_id]].race
        for value, n in (
            SurveyResponse.objects.filter(survey_id=survey_id)
            .values(v=KeyTextTransform(key, "answers"))
            .annotate(n=Count("pk"))
            .values_list("v", "n")
        ):
            counts["" if value is None else str(value)] += n
    for body_id, race, n in (
        Member.objects.filter(body_id__in=body_ids, application__isnull=False)
        .values("body_id", "application__race")
        .annotate(n=Count("id"))
        .values_list("body_id", "application__race", "n")
    ):
        for engagement_id in body_engagements[body_id]:
            acc[engagement_id].race[race or ""] += n


def _review_counts(posting_ids: Sequence[int]) -> dict[int, tuple[int, int, int]]:
    """Per posting: (items to review, reviewed by a person, analysable items). The items to
    review are feedback.selectors.unreviewed_items' universe: the analysable pool with each
    current campaign's copies standing in through its representative."""
    analysable = FeedbackItem.objects.filter(posting_id__in=posting_ids).exclude(
        comment__status=Comment.Status.HIDDEN
    )
    representatives = Campaign.objects.filter(posting_id__in=posting_ids, is_current=True).values(
        "representative_id"
    )
    to_review = analysable.filter(Q(campaign=None) | Q(pk__in=representatives))
    placed = ThemeAssignment.objects.filter(
        item__posting_id__in=posting_ids, is_current=True, by_machine=False
    ).values("item_id")
    all_items = _grouped(analysable.values("posting_id").annotate(n=Count("id")), "posting_id")
    totals = _grouped(to_review.values("posting_id").annotate(n=Count("id")), "posting_id")
    done = _grouped(
        to_review.filter(pk__in=placed).values("posting_id").annotate(n=Count("id")), "posting_id"
    )
    return {
        p: (totals.get(p, 0), done.get(p, 0), all_items.get(p, 0))
        for p in set(all_items) | set(totals)
    }


@dataclass
class _Decided:
    by_posting: dict[int, tuple[int, int]]  # themes and their recommendations: (all, decided)
    by_body: dict[int, tuple[int, int]]  # forwarded recommendations: (all, responded)


def _disposition_counts(posting_ids: Sequence[int], body_ids: Sequence[int]) -> _Decided:
    undecided = Q(disposition="")
    by_posting: Counter[int] = Counter()
    decided_posting: Counter[int] = Counter()
    for posting_id, total, decided in (
        Theme.objects.filter(posting_id__in=posting_ids, status=Theme.Status.ACTIVE)
        .values("posting_id")
        .annotate(total=Count("id"), decided=Count("id", filter=~undecided))
        .values_list("posting_id", "total", "decided")
    ):
        by_posting[posting_id] += total
        decided_posting[posting_id] += decided
    for posting_id, total, decided in (
        ThemeRecommendation.objects.filter(
            theme__posting_id__in=posting_ids, theme__status=Theme.Status.ACTIVE
        )
        .values("theme__posting_id")
        .annotate(total=Count("id"), decided=Count("id", filter=~undecided))
        .values_list("theme__posting_id", "total", "decided")
    ):
        by_posting[posting_id] += total
        decided_posting[posting_id] += decided
    by_body: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    published = BodyResponse.objects.filter(
        recommendation=OuterRef("pk"), status=BodyResponse.Status.PUBLISHED
    )
    for body_id, responded in (
        BodyRecommendation.objects.filter(
            body_id__in=body_ids, status=BodyRecommendation.Status.FORWARDED
        )
        .annotate(responded=Exists(published))
        .values_list("body_id", "responded")
    ):
        by_body[body_id][0] += 1
        by_body[body_id][1] += int(bool(responded))
    return _Decided(
        by_posting={p: (by_posting[p], decided_posting[p]) for p in by_posting},
        by_body={b: (v[0], v[1]) for b, v in by_body.items()},
    )


def _count_satisfaction(
    acc: dict[int, _Acc], activity_ids: Sequence[int], activity_engagement: dict[int, int]
) -> None:
    """build._follow_up: the first rating question (by position) of each post-engagement
    survey, each answer a whole number."""
    surveys = dict(
        Survey.objects.filter(
            activity_id__in=activity_ids, kind=Survey.Kind.POST_ENGAGEMENT
        ).values_list("id", "activity_id")
    )
    first: dict[int, tuple[str, int]] = {}
    for survey_id, key, scale_max in (
        Question.objects.filter(survey_id__in=list(surveys), kind=Question.Kind.RATING)
        .order_by("survey_id", "position", "id")
        .values_list("survey_id", "key", "scale_max")
    ):
        first.setdefault(survey_id, (key, scale_max))
    for survey_id, (key, scale_max) in sorted(first.items()):
        a = acc[activity_engagement[surveys[survey_id]]]
        a.scale_max.add(int(scale_max))
        for value, n in (
            SurveyResponse.objects.filter(survey_id=survey_id)
            .values(v=KeyTextTransform(key, "answers"))
            .annotate(n=Count("pk"))
            .values_list("v", "n")
        ):
            if _is_digit_rating(value):
                a.ratings.append((int(str(value)), int(n)))


def _rules(
    postings: Sequence[dict[str, Any]], meetings: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    posting_kept = posting_broken = 0
    for p in postings:
        if (
            p["kind"] != Posting.Kind.PERIOD
            or p["status"] not in _POSTED
            or p["opens_at"] is None
            or p["closes_at"] is None
        ):
            continue
        if p["closes_at"] - p["opens_at"] >= POSTING_MINIMUM:
            posting_kept += 1
        else:
            posting_broken += 1
    agenda_kept = agenda_broken = speak_kept = speak_broken = 0
    for m in meetings:
        if m["status"] != Meeting.Status.HELD:
            continue
        if m["notice"] == Meeting.Notice.REGULAR:
            posted = m["agenda_posted_at"]
            if posted is not None and meeting_rules.agenda_notice_given(
                posted_at=posted, starts_at=m["starts_at"]
            ):
                agenda_kept += 1
            else:
                agenda_broken += 1
        if m["has_public_comment"] and m["kind"] != Meeting.Kind.INTERNAL_FOCUS_GROUP:
            if m["speak_request_hours"] <= SPEAK_REQUEST_HOURS:
                speak_kept += 1
            else:
                speak_broken += 1
    return {
        "posting_15_days": _rule(posting_kept, posting_broken),
        "agenda_48_hours": _rule(agenda_kept, agenda_broken),
        "speak_24_hours": _rule(speak_kept, speak_broken),
    }


def _measures(
    e: Engagement,
    a: _Acc,
    *,
    participants: int,
    postings: Sequence[dict[str, Any]],
    reviewed: dict[int, tuple[int, int, int]],
    decided: _Decided,
    first_version_at: datetime.datetime | None,
) -> dict[str, Any]:
    race_baseline = baselines.race_shares(sorted(a.districts))
    race_answered = sum(a.race.get(code, 0) for code in baselines.RACE_COLUMNS)
    to_review = sum(reviewed.get(p["id"], (0, 0, 0))[0] for p in postings)
    placed = sum(reviewed.get(p["id"], (0, 0, 0))[1] for p in postings)
    analysable = sum(reviewed.get(p["id"], (0, 0, 0))[2] for p in postings)
    total = sum(decided.by_posting.get(p["id"], (0, 0))[0] for p in postings) + sum(
        decided.by_body.get(b, (0, 0))[0] for b in a.bodies
    )
    given = sum(decided.by_posting.get(p["id"], (0, 0))[1] for p in postings) + sum(
        decided.by_body.get(b, (0, 0))[1] for b in a.bodies
    )
    closes = [p["closes_at"] for p in postings if p["closes_at"] is not None]
    closed_on = _day(max(closes)) if closes else None
    published_on = _day(first_version_at)
    days = (published_on - closed_on).days if closed_on and published_on else None
    step3 = [x for x in a.activities if x["step"] == 3]
    planned = sum(1 for x in step3 if x["status"] != Activity.Status.CANCELLED)
    done = sum(1 for x in step3 if x["status"] == Activity.Status.DONE)
    tasks_done = a.tasks.get(UnitTask.Status.DONE, 0)
    tasks_waived = a.tasks.get(UnitTask.Status.WAIVED, 0)
    tasks_total = sum(a.tasks.values()) - tasks_waived
    ratings = sum(n for _v, n in a.ratings)
    shown = ratings > MIN_CELL
    return {
        "engagement": {
            "id": e.pk,
            "title": e.title,
            "status": e.status,
            "originating_unit": e.originating_unit,
            "subject_kind": e.subject_kind,
            "districts": sorted(a.districts),
        },
        "participation": {"participants": participants, "commenters": a.commenters},
        "reach": {"deliveries_sent": a.deliveries, "social_posts": a.social},
        "representativeness": {
            "index": representativeness_index(dict(a.race), race_baseline),
            "answered": race_answered,
            "baseline": "city" if not a.districts else "districts",
        },
        "review": {
            "analysable": analysable,
            "to_review": to_review,
            "reviewed": placed,
            "share": _share(placed, to_review),
        },
        "dispositions": {"total": total, "decided": given, "share": _share(given, total)},
        "days_to_report": {
            "closed_on": _iso(closed_on),
            "published_on": _iso(published_on),
            "days": days,
        },
        "follow_up": {
            "activities_planned": planned,
            "activities_done": done,
            "activities_share": _share(done, planned),
            "tasks_total": tasks_total,
            "tasks_done": tasks_done,
            "tasks_waived": tasks_waived,
            "tasks_share": _share(tasks_done, tasks_total),
        },
        "satisfaction": {
            "responses": ratings if shown or not ratings else None,
            "mean": round(sum(v * n for v, n in a.ratings) / ratings, 2) if shown else None,
            "scale_max": max(a.scale_max) if a.scale_max else None,
        },
        "level": {
            "determined": e.level,
            "recommended": e.recommended_level,
            "comparison": _level_comparison(e.level, e.recommended_level),
        },
        "rules": _rules(postings, a.meetings),
    }


# --- The interfaces ------------------------------------------------------------------------------


def engagement_measures(engagement: Engagement) -> dict[str, Any]:
    """Every measure of one engagement (JSON: see the module docstring)."""
    return _evaluate([engagement])[engagement.pk]


def totals(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The totals and means of a period over engagement measures (period_measures' "totals")."""

    def total(part: str, key: str) -> int:
        return sum(int(r[part][key] or 0) for r in rows)

    indexes = [r["representativeness"]["index"] for r in rows]
    indexes = [i for i in indexes if i is not None]
    days = [r["days_to_report"]["days"] for r in rows if r["days_to_report"]["days"] is not None]
    pending = sum(
        1
        for r in rows
        if r["days_to_report"]["closed_on"] is not None and r["days_to_report"]["days"] is None
    )
    satisfied = [r["satisfaction"] for r in rows if r["satisfaction"]["mean"] is not None]
    weight = sum(int(s["responses"]) for s in satisfied)
    levels = Counter(r["level"]["comparison"] or "unknown" for r in rows)
    rules: dict[str, Any] = {}
    for rule in RULES:
        kept = sum(r["rules"][rule]["kept"] for r in rows)
        broken = sum(r["rules"][rule]["broken"] for r in rows)
        rules[rule] = {
            **_rule(kept, broken),
            "engagements_broken": sum(1 for r in rows if r["rules"][rule]["status"] == BROKEN),
        }
    to_review, reviewed = total("review", "to_review"), total("review", "reviewed")
    all_d, given = total("dispositions", "total"), total("dispositions", "decided")
    planned, done = total("follow_up", "activities_planned"), total("follow_up", "activities_done")
    tasks, tasks_done = total("follow_up", "tasks_total"), total("follow_up", "tasks_done")
    return {
        "engagements": len(rows),
        "participants": total("participation", "participants"),
        "commenters": total("participation", "commenters"),
        "deliveries_sent": total("reach", "deliveries_sent"),
        "social_posts": total("reach", "social_posts"),
        "representativeness": {
            "mean": round(statistics.fmean(indexes), 3) if indexes else None,
            "engagements": len(indexes),
        },
        "review": {
            "to_review": to_review,
            "reviewed": reviewed,
            "share": _share(reviewed, to_review),
        },
        "dispositions": {"total": all_d, "decided": given, "share": _share(given, all_d)},
        "days_to_report": {
            "mean": round(statistics.fmean(days), 1) if days else None,
            "median": statistics.median(days) if days else None,
            "reported": len(days),
            "pending": pending,
        },
        "follow_up": {
            "activities_planned": planned,
            "activities_done": done,
            "activities_share": _share(done, planned),
            "tasks_total": tasks,
            "tasks_done": tasks_done,
            "tasks_share": _share(tasks_done, tasks),
        },
        "satisfaction": {
            "mean": (
                round(sum(s["mean"] * s["responses"] for s in satisfied) / weight, 2)
                if weight
                else None
            ),
            "engagements": len(satisfied),
            "responses": weight,
        },
        "level": {k: levels.get(k, 0) for k in ("above", "same", "below", "unknown")},
        "rules": rules,
    }


def periods(
    *, years: Iterable[int], topic: str = "", unit: str = "", district: int | None = None
) -> dict[int, dict[str, Any]]:
    """period_measures for several years at once: each engagement is measured once."""
    wanted = sorted(set(years))
    spans = [
        s
        for s in _spans(topic=topic, unit=unit, district=district)
        if any(s.active_in(y) for y in wanted)
    ]
    measures = _evaluate([s.engagement for s in spans])
    out: dict[int, dict[str, Any]] = {}
    for year in wanted:
        rows = [measures[s.engagement.pk] | _span_part(s) for s in spans if s.active_in(year)]
        out[year] = {
            "year": year,
            "filters": {"topic": topic, "unit": unit, "district": district},
            "rows": rows,
            "totals": totals(rows),
        }
    return out


def _span_part(span: _Span) -> dict[str, Any]:
    return {"active": {"from": span.start.isoformat(), "to": span.end.isoformat()}}


def period_measures(
    *, year: int, topic: str = "", unit: str = "", district: int | None = None
) -> dict[str, Any]:
    """The measures of every engagement active in the calendar `year` (its level determined;
    from its determination or first activity to its conclusion), by title, with the totals
    and means of the period. `topic` is a Topic slug, `unit` an originating unit as
    recorded, `district` a police district an activity or meeting names."""
    return periods(years=[year], topic=topic, unit=unit, district=district)[year]


def yearly_series(
    *, years: Iterable[int], topic: str = "", unit: str = "", district: int | None = None
) -> list[dict[str, Any]]:
    """The period totals of each year, oldest first, for charts over time: [{"year": 2024,
    **totals}, ...]. An engagement active in two years counts in both."""
    found = periods(years=years, topic=topic, unit=unit, district=district)
    return [{"year": y, **found[y]["totals"]} for y in sorted(found)]
