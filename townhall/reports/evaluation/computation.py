"""The computation of the measures of many engagements at once, in grouped queries."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Lower

from townhall.bodies.models import Body, Member
from townhall.bodies.models import Recommendation as BodyRecommendation
from townhall.bodies.models import Response as BodyResponse
from townhall.core.districts import district_numbers
from townhall.engagements.models import Activity, Engagement, UnitTask
from townhall.feedback.analysis_models import Campaign, FeedbackItem, Theme, ThemeAssignment
from townhall.feedback.analysis_models import Recommendation as ThemeRecommendation
from townhall.feedback.models import Comment
from townhall.meetings import rules as meeting_rules
from townhall.meetings.models import AttendeeProfile, Meeting
from townhall.outreach.models import Announcement, Delivery, SocialPost
from townhall.postings.models import Posting
from townhall.reports import baselines
from townhall.reports.build import MIN_CELL
from townhall.reports.evaluation.definitions import (
    _BODY_KINDS,
    _POSTED,
    FOLLOW_UP_DUTIES,
    POSTING_MINIMUM,
    SPEAK_REQUEST_HOURS,
)
from townhall.reports.evaluation.pieces import (
    _day,
    _is_digit_rating,
    _iso,
    _level_comparison,
    _rule,
    _share,
    representativeness_index,
)
from townhall.reports.models import ReportVersion
from townhall.surveys.models import Question, Survey
from townhall.surveys.models import Response as SurveyResponse

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
