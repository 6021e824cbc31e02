"""The data of a "what we heard" report, built from the record, never typed (seed 002 V-D-3,
VII-D-5).

`build(engagement, final_version=...)` returns plain JSON: codes and numbers rather than
words, so the same data renders in every interface language, and people's own words (quotes,
recommendations, reasons) as they were written. It is deterministic: the same record gives the
same data, key for key, which is what publishing hashes (`data_hash`) and what the
reproducibility test checks. Nothing here writes.

Sections:
- engagement: subject, level determined and recommended, and why (IV-C, IV-D);
- activities: each with its method, step, dates and participation (V-B, V-C, V-D);
- participation: totals, and who took part against the city or the districts concerned,
  with small counts hidden (surveys.disclosure);
- campaigns: copies of a campaign counted apart from unique comments;
- themes: sizes, quotes with personal information redacted, dispositions and reasons;
- recommendations: from the analysis and from advisory bodies, with the Department's
  response;
- revisions: the redline of the revised directive against the posted draft, each change
  linked to the themes and recommendations that led to it;
- not_adopted and future: what was not adopted and why, and what is being considered.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Sum
from django.db.models.functions import Lower

from townhall.bodies.models import Body, Member, Recommendation, Response
from townhall.directives.models import DirectiveVersion
from townhall.engagements.models import Activity, Engagement
from townhall.feedback.analysis_models import Campaign, Disposition, FeedbackItem, Theme
from townhall.feedback.models import Comment
from townhall.feedback.pii import redact
from townhall.meetings.models import AttendeeProfile, Meeting
from townhall.postings.models import Posting
from townhall.reports import baselines
from townhall.surveys.models import Question, Survey
from townhall.surveys.models import Response as SurveyResponse

__all__ = [
    "MIN_CELL",
    "SCHEMA",
    "build",
    "data_hash",
    "default_final_version",
    "engagement_postings",
]

SCHEMA = 1
#: Counts from 1 to MIN_CELL are hidden in the participation tables (the surveys' floor).
MIN_CELL = 10
QUOTES_PER_THEME = 3
QUOTE_CHARS = 600
CAMPAIGNS_LISTED = 10

#: Dispositions that changed the text (VII-D-5), on a theme or any recommendation.
CHANGED = {Disposition.ADOPTED.value, Disposition.PARTLY.value}
NOT_ADOPTED = {Disposition.NOT_ADOPTED.value, Disposition.OUT_OF_SCOPE.value}
FUTURE = {Disposition.FUTURE.value, Response.Disposition.CONSIDERING.value}


def data_hash(data: dict[str, Any]) -> str:
    """The hash a published version keeps of its data: canonical JSON, so equal data always
    gives the same hash."""
    raw = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


def _day(value: Any) -> str | None:
    return value.isoformat()[:10] if value else None


def _instant(value: Any) -> str | None:
    return value.isoformat() if value else None


def _quote(text: str) -> str:
    redacted, _kinds = redact(text)
    redacted = " ".join(redacted.split())
    if len(redacted) > QUOTE_CHARS:
        redacted = redacted[: QUOTE_CHARS - 1].rstrip() + "…"
    return redacted


def engagement_postings(engagement: Engagement) -> list[Posting]:
    """The postings of the engagement's activities, oldest first."""
    return list(
        Posting.objects.filter(
            pk__in=Activity.objects.filter(engagement=engagement, posting__isnull=False).values(
                "posting_id"
            )
        ).order_by("opens_at", "id")
    )


def _bodies(engagement: Engagement) -> list[Body]:
    return list(Body.objects.filter(engagements=engagement).order_by("id"))


def _posted_version(postings: Sequence[Posting]) -> DirectiveVersion | None:
    return postings[-1].version if postings else None


def default_final_version(
    engagement: Engagement, postings: Sequence[Posting] | None = None
) -> DirectiveVersion | None:
    """The revised directive: the version the adopted dispositions point to most often, else
    the newest version of the directive made after the posted draft."""
    if not engagement.directive_id:
        return None
    postings = engagement_postings(engagement) if postings is None else postings
    posted = _posted_version(postings)
    votes: Counter[int] = Counter()
    themes = Theme.objects.filter(posting__in=postings, revised_version__isnull=False)
    votes.update(themes.values_list("revised_version_id", flat=True))
    from townhall.feedback.analysis_models import Recommendation as Rec

    votes.update(
        Rec.objects.filter(theme__posting__in=postings, revised_version__isnull=False).values_list(
            "revised_version_id", flat=True
        )
    )
    votes.update(
        Response.objects.filter(
            recommendation__body__engagements=engagement,
            status=Response.Status.PUBLISHED,
            revised_version__isnull=False,
        ).values_list("revised_version_id", flat=True)
    )
    if posted is not None:
        votes.pop(posted.pk, None)
    if votes:
        best = sorted(votes.items(), key=lambda kv: (-kv[1], -kv[0]))[0][0]
        return DirectiveVersion.objects.get(pk=best)
    later = DirectiveVersion.objects.filter(directive_id=engagement.directive_id)
    if posted is not None:
        later = later.filter(created_at__gt=posted.created_at).exclude(pk=posted.pk)
    return later.order_by("-created_at", "-id").first()


# --- The parts --------------------------------------------------------------------------


def _engagement(engagement: Engagement) -> dict[str, Any]:
    subject: dict[str, Any] = {"kind": "other", "number": "", "title": engagement.other_subject}
    if engagement.directive is not None:
        d = engagement.directive
        subject = {"kind": "directive", "number": d.number, "title": d.title}
    elif engagement.training is not None:
        subject = {"kind": "training", "number": "", "title": engagement.training.title}
    return {
        "id": engagement.pk,
        "title": engagement.title,
        "subject": subject,
        "originating_unit": engagement.originating_unit,
        "topics": sorted(t.slug for t in engagement.topics.all()),
        "level": engagement.level,
        "recommended_level": engagement.recommended_level,
        "recommended_reasons": list(engagement.recommended_reasons or []),
        "level_reason": engagement.level_reason,
        "determined_on": _day(engagement.determined_at),
        "status": engagement.status,
    }


def _posting_part(posting: Posting) -> dict[str, Any]:
    comments = Comment.objects.filter(posting=posting)
    by_origin = dict(comments.values_list("origin").annotate(n=Count("id")))
    with_email = (
        comments.exclude(email="").annotate(e=Lower("email")).values("e").distinct().count()
    )
    anonymous = comments.filter(email="").count()
    pool = FeedbackItem.objects.filter(posting=posting).exclude(
        comment__status=Comment.Status.HIDDEN
    )
    campaigns = Campaign.objects.filter(posting=posting, is_current=True)
    in_campaigns = pool.filter(campaign__isnull=False, campaign__is_current=True).count()
    pooled = pool.count()
    days_open = None
    if posting.opens_at and posting.closes_at:
        days_open = round((posting.closes_at - posting.opens_at).total_seconds() / 86400, 1)
    return {
        "id": posting.pk,
        "title": posting.title,
        "version_id": posting.version_id,
        "opens_at": _instant(posting.opens_at),
        "closes_at": _instant(posting.closes_at),
        "days_open": days_open,
        "extended": posting.extensions.exists(),
        "comments_external": int(by_origin.get(Comment.Origin.EXTERNAL, 0)),
        "comments_internal": int(by_origin.get(Comment.Origin.INTERNAL, 0)),
        "commenters": with_email + anonymous,
        "pool": pooled,
        "campaign_copies": in_campaigns,
        "unique_comments": pooled - in_campaigns,
        "campaigns": campaigns.count(),
    }


def _activity_part(
    activity: Activity, postings: dict[int, dict[str, Any]], bodies: Sequence[Body]
) -> dict[str, Any]:
    measured: dict[str, int] = {}
    if activity.posting_id and activity.posting_id in postings:
        p = postings[activity.posting_id]
        measured["comments"] = p["comments_external"] + p["comments_internal"]
    meetings = Meeting.objects.filter(activity=activity).exclude(status=Meeting.Status.CANCELLED)
    if meetings.exists():
        measured["meetings"] = meetings.count()
        measured["attendance"] = int(meetings.aggregate(n=Sum("attendance_count"))["n"] or 0)
    surveys = Survey.objects.filter(activity=activity)
    if surveys.exists():
        measured["survey_responses"] = SurveyResponse.objects.filter(survey__in=surveys).count()
    if activity.method in _BODY_KINDS:
        serving = [b for b in bodies if _body_matches(b, activity)]
        if serving:
            measured["members"] = Member.objects.filter(body__in=serving).count()
            measured["recommendations"] = Recommendation.objects.filter(
                body__in=serving, status=Recommendation.Status.FORWARDED
            ).count()
    participants = activity.participants
    if participants is None:
        participants = (
            measured.get("comments", 0)
            + measured.get("attendance", 0)
            + measured.get("survey_responses", 0)
            + measured.get("members", 0)
        ) or None
    return {
        "id": activity.pk,
        "method": activity.method,
        "step": activity.step,
        "title": activity.title,
        "status": activity.status,
        "cancel_reason": activity.cancel_reason,
        "starts_on": _day(activity.starts_on),
        "ends_on": _day(activity.ends_on),
        "districts": sorted(activity.districts or []),
        "participants": participants,
        "measured": measured,
    }


#: The activities a standing body carries out, by the body's kind.
_BODY_KINDS: dict[str, str] = {
    Activity.Method.WORKING_GROUP: Body.Kind.WORKING_GROUP,
    Activity.Method.ADVISORY_COMMITTEE: Body.Kind.ADVISORY_COMMITTEE,
    Activity.Method.CPAP: Body.Kind.CPAP,
    Activity.Method.DISTRICT_ADVISORY_COMMITTEE: Body.Kind.DISTRICT_ADVISORY_COMMITTEE,
}


def _body_matches(body: Body, activity: Activity) -> bool:
    return body.kind == _BODY_KINDS[activity.method]


def _protected_table(
    counts: dict[str, int], baseline: dict[str, float] | None, not_said: int
) -> dict[str, Any]:
    """One demographic table, protected as a whole: the "prefer not to say" answers are a cell
    of it like any other, so that a hidden count can be recovered neither from the other cells
    and the total nor from the number of people (`people`), which every table shares. The
    total is everyone in the table, those who did not say included, and each percentage is of
    that total: a share of only those who said would give a hidden "not said" count away."""
    # Imported here: scipy is heavy, and only reports and surveys need it.
    from townhall.surveys.disclosure import protect

    codes = list(counts)
    total = sum(counts.values()) + not_said

    def base(code: str) -> float | None:
        return round(baseline[code], 1) if baseline else None

    if not total:
        return {
            "rows": [{"code": c, "count": 0, "percent": None, "baseline": base(c)} for c in codes],
            "total": 0,
            "not_said": 0,
            "not_said_percent": None,
        }
    protected = protect([[counts[c]] for c in codes] + [[not_said]], min_cell=MIN_CELL)

    def pct(i: int) -> float | None:
        value = protected.percent(i, 0)
        return round(value, 1) if value is not None else None

    return {
        "rows": [
            {
                "code": code,
                "count": protected.cells[i][0],
                "percent": pct(i),
                "baseline": base(code),
            }
            for i, code in enumerate(codes)
        ],
        "total": protected.col_totals[0],
        "not_said": protected.cells[len(codes)][0],
        "not_said_percent": pct(len(codes)),
    }


def _demographics(
    engagement: Engagement, activities: Sequence[Activity], bodies: Sequence[Body]
) -> dict[str, Any]:
    """Who took part, from the voluntary, anonymous answers: meeting attendee profiles,
    survey demographics and the applications of the bodies' members."""
    race: Counter[str] = Counter()
    age: Counter[str] = Counter()
    district: Counter[str] = Counter()
    people = 0
    profiles = AttendeeProfile.objects.filter(meeting__activity__in=activities).values_list(
        "age_band", "race", "district"
    )
    for a, r, d in profiles:
        people += 1
        age[a] += 1
        race[r] += 1
        district[str(d) if d else ""] += 1
    standard = dict(
        Question.objects.filter(survey__activity__in=activities)
        .exclude(standard="")
        .values_list("id", "standard")
    )
    keys = list(
        Question.objects.filter(pk__in=standard).values_list("survey_id", "key", "standard")
    )
    by_survey: dict[int, list[tuple[str, str]]] = {}
    for survey_id, key, std in keys:
        by_survey.setdefault(survey_id, []).append((key, std))
    for survey_id, answers in (
        SurveyResponse.objects.filter(survey_id__in=by_survey)
        .order_by("survey_id", "pk")
        .values_list("survey_id", "answers")
        .iterator(chunk_size=2000)
    ):
        people += 1
        for key, std in by_survey[survey_id]:
            value = answers.get(key) if isinstance(answers, dict) else None
            value = "" if value in (None, []) else str(value)
            if std == Question.Standard.RACE:
                race[value] += 1
            elif std == Question.Standard.AGE:
                age[value] += 1
            elif std == Question.Standard.DISTRICT:
                district[value] += 1
    members = Member.objects.filter(body__in=bodies, application__isnull=False).values_list(
        "application__age_band", "application__race", "application__district"
    )
    for a, r, d in members:
        people += 1
        age[a or ""] += 1
        race[r or ""] += 1
        district[str(d) if d else ""] += 1

    meeting_districts: set[int] = {
        int(n)
        for n in Meeting.objects.filter(
            activity__in=activities, district__isnull=False
        ).values_list("district", flat=True)
        if n is not None
    }
    concerned = sorted(
        {int(n) for a in activities for n in (a.districts or [])} | meeting_districts
    )
    race_codes = list(baselines.RACE_COLUMNS)
    race_counts = {c: race.get(c, 0) for c in race_codes}
    age_counts = {
        group: sum(age.get(b, 0) for b in bands)
        for group, (bands, _bins) in baselines.AGE_GROUPS.items()
    }
    district_baseline = baselines.district_shares()
    district_counts = {code: district.get(code, 0) for code in district_baseline}
    return {
        "min_cell": MIN_CELL,
        "people": people,
        "districts_concerned": concerned,
        "race": _protected_table(
            race_counts,
            baselines.race_shares(concerned),
            sum(v for k, v in race.items() if k not in race_counts),
        ),
        "age": _protected_table(
            age_counts,
            baselines.age_shares(),
            sum(
                v
                for k, v in age.items()
                if not any(k in b for b, _ in baselines.AGE_GROUPS.values())
            ),
        ),
        "district": _protected_table(
            district_counts,
            district_baseline,
            sum(v for k, v in district.items() if k not in district_counts),
        ),
    }


def _campaigns(postings: Sequence[Posting]) -> list[dict[str, Any]]:
    rows = Campaign.objects.filter(posting__in=postings, is_current=True).order_by("-size", "id")
    return [
        {
            "posting_id": c.posting_id,
            "size": c.size,
            "variants": c.variant_count,
            "with_additions": c.with_additions,
            "text": _quote(c.representative_text),
            "first_seen": _day(c.first_seen),
            "last_seen": _day(c.last_seen),
        }
        for c in rows[:CAMPAIGNS_LISTED]
    ]


def _decision(obj: Any) -> dict[str, Any]:
    return {
        "disposition": obj.disposition,
        "reason": obj.disposition_reason,
        "revised_version_id": obj.revised_version_id,
        "revised_section": obj.revised_section,
    }


def _themes(postings: Sequence[Posting]) -> list[dict[str, Any]]:
    themes = list(
        Theme.objects.filter(posting__in=postings, status=Theme.Status.ACTIVE)
        .prefetch_related("recommendations")
        .order_by("-size", "id")
    )
    quote_ids = {i for t in themes for i in t.quotes[:QUOTES_PER_THEME]}
    texts = dict(FeedbackItem.objects.filter(pk__in=quote_ids).values_list("id", "text"))
    out = []
    for t in themes:
        out.append(
            {
                "id": t.pk,
                "posting_id": t.posting_id,
                "label": t.label,
                "key_phrases": list(t.key_phrases[:6]),
                "size": t.size,
                "unique_count": t.unique_count,
                "stance": dict(sorted((t.stance or {}).items())),
                # Lists, not tuples: the data compares equal to itself read back from JSON.
                "sections": [
                    [anchor, n]
                    for anchor, n in sorted(
                        (t.sections or {}).items(), key=lambda kv: (-kv[1], kv[0])
                    )[:5]
                ],
                "quotes": [_quote(texts[i]) for i in t.quotes[:QUOTES_PER_THEME] if i in texts],
                **_decision(t),
                "recommendations": [
                    {"id": r.pk, "text": r.text, **_decision(r)}
                    for r in sorted(t.recommendations.all(), key=lambda r: r.pk)
                ],
            }
        )
    return out


def _body_recommendations(bodies: Sequence[Body]) -> list[dict[str, Any]]:
    recs = (
        Recommendation.objects.filter(body__in=bodies, status=Recommendation.Status.FORWARDED)
        .select_related("body")
        .prefetch_related("versions", "ballots", "responses")
        .order_by("body_id", "number")
    )
    out = []
    for r in recs:
        version = max(r.versions.all(), key=lambda v: v.number, default=None)
        ballot = max(
            (b for b in r.ballots.all() if b.passed is not None),
            key=lambda b: (b.closed_at or b.opens_at, b.pk),
            default=None,
        )
        response = next(
            (x for x in r.responses.all() if x.status == Response.Status.PUBLISHED), None
        )
        out.append(
            {
                "id": r.pk,
                "code": r.code,
                "body": r.body.name,
                "body_id": r.body_id,
                "title": version.title if version else "",
                "text": version.text if version else "",
                "section": version.section if version else "",
                "forwarded_on": _day(r.forwarded_at),
                "vote": (
                    {
                        "for": ballot.votes_for,
                        "against": ballot.votes_against,
                        "abstentions": ballot.abstentions,
                    }
                    if ballot
                    else None
                ),
                "disposition": response.disposition if response else "",
                "reason": response.reasoning if response else "",
                "revised_version_id": response.revised_version_id if response else None,
                "revised_section": response.revised_section if response else "",
            }
        )
    return out


def _version_ref(v: DirectiveVersion) -> dict[str, Any]:
    return {
        "id": v.pk,
        "title": v.title,
        "status": v.status,
        "issue_date": _day(v.issue_date),
        "effective_date": _day(v.effective_date),
    }


def _revisions(
    posted: DirectiveVersion | None,
    final: DirectiveVersion | None,
    themes: Sequence[dict[str, Any]],
    body_recs: Sequence[dict[str, Any]],
    postings: Sequence[Posting],
) -> dict[str, Any] | None:
    if posted is None or final is None or posted.pk == final.pk:
        return None
    from townhall.directives.selectors import redline_between

    redline = redline_between(posted, final)
    because: dict[str, list[dict[str, Any]]] = {}

    def link(anchor: str, ref: dict[str, Any]) -> None:
        because.setdefault(anchor.upper(), []).append(ref)

    for t in themes:
        if t["revised_version_id"] == final.pk and t["revised_section"]:
            link(t["revised_section"], {"kind": "theme", "id": t["id"], "label": t["label"]})
        for r in t["recommendations"]:
            if r["revised_version_id"] == final.pk and r["revised_section"]:
                link(
                    r["revised_section"],
                    {"kind": "recommendation", "id": r["id"], "label": r["text"][:200]},
                )
    for r in body_recs:
        if r["revised_version_id"] == final.pk and r["revised_section"]:
            link(
                r["revised_section"],
                {
                    "kind": "body_recommendation",
                    "id": r["id"],
                    "label": f"{r['body']} {r['code']}: {r['title']}",
                },
            )
    on_item = dict(
        Comment.objects.filter(posting__in=postings)
        .exclude(section_anchor="")
        .values_list("section_anchor")
        .annotate(n=Count("id"))
    )
    changes = []
    for change in redline.changes:
        if change.kind == "unchanged":
            continue
        anchor = change.new_anchor or change.old_anchor or ""
        tokens: list[list[str]] = []
        for token in change.tokens:
            if tokens and tokens[-1][0] == token.op:
                tokens[-1][1] += token.text
            else:
                tokens.append([token.op, token.text])
        changes.append(
            {
                "kind": change.kind,
                "old_anchor": change.old_anchor or "",
                "new_anchor": change.new_anchor or "",
                "heading": change.new_heading or change.old_heading,
                "level": change.level,
                "tokens": tokens,
                "because": because.pop(anchor.upper(), []),
                "comments_on_item": int(on_item.get(change.old_anchor or "", 0)),
            }
        )
    s = redline.summary
    return {
        "posted": _version_ref(posted),
        "final": _version_ref(final),
        "summary": {
            "changed": s.changed,
            "added": s.added,
            "removed": s.removed,
            "moved": s.moved,
            "unchanged": s.unchanged,
        },
        "changes": changes,
        # A disposition naming an item the redline shows unchanged: listed, not lost.
        "unmatched": [ref | {"anchor": a} for a, refs in sorted(because.items()) for ref in refs],
    }


def _outcomes(
    themes: Sequence[dict[str, Any]], body_recs: Sequence[dict[str, Any]], wanted: set[str]
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for t in themes:
        if t["disposition"] in wanted:
            out.append({"kind": "theme", "id": t["id"], "label": t["label"], **_pick(t)})
        for r in t["recommendations"]:
            if r["disposition"] in wanted:
                out.append(
                    {"kind": "recommendation", "id": r["id"], "label": r["text"], **_pick(r)}
                )
    for r in body_recs:
        if r["disposition"] in wanted:
            out.append(
                {
                    "kind": "body_recommendation",
                    "id": r["id"],
                    "label": f"{r['body']} {r['code']}: {r['title']}",
                    **_pick(r),
                }
            )
    return out


def _pick(d: dict[str, Any]) -> dict[str, Any]:
    return {"disposition": d["disposition"], "reason": d["reason"]}


def _follow_up(activities: Sequence[Activity]) -> dict[str, Any]:
    steps = [a for a in activities if a.step == 3]
    surveys = Survey.objects.filter(activity__in=activities, kind=Survey.Kind.POST_ENGAGEMENT)
    ratings: list[int] = []
    for survey in surveys.order_by("id"):
        question = survey.questions.filter(kind=Question.Kind.RATING).order_by("position", "id")
        first = question.first()
        if first is None:
            continue
        for answers in SurveyResponse.objects.filter(survey=survey).values_list(
            "answers", flat=True
        ):
            value = answers.get(first.key) if isinstance(answers, dict) else None
            if isinstance(value, int | str) and str(value).isdigit():
                ratings.append(int(value))
    shown = len(ratings) > MIN_CELL
    return {
        "planned": sum(1 for a in steps if a.status != Activity.Status.CANCELLED),
        "done": sum(1 for a in steps if a.status == Activity.Status.DONE),
        "satisfaction_responses": len(ratings) if shown or not ratings else None,
        "satisfaction_mean": round(sum(ratings) / len(ratings), 2) if shown else None,
    }


def build(
    engagement: Engagement, *, final_version: DirectiveVersion | None = None
) -> dict[str, Any]:
    """Everything the report shows that is not narrative, as JSON (see the module docstring).
    `final_version` defaults to default_final_version()."""
    postings = engagement_postings(engagement)
    activities = list(
        Activity.objects.filter(engagement=engagement).order_by("step", "starts_on", "id")
    )
    bodies = _bodies(engagement)
    posting_parts = [_posting_part(p) for p in postings]
    by_posting = {p["id"]: p for p in posting_parts}
    activity_parts = [_activity_part(a, by_posting, bodies) for a in activities]
    themes = _themes(postings)
    body_recs = _body_recommendations(bodies)
    if final_version is None:
        final_version = default_final_version(engagement, postings)
    posted = _posted_version(postings)
    comments = sum(p["comments_external"] + p["comments_internal"] for p in posting_parts)
    measured = [a["measured"] for a in activity_parts]
    participation = {
        "comments": comments,
        "commenters": sum(p["commenters"] for p in posting_parts),
        "campaign_copies": sum(p["campaign_copies"] for p in posting_parts),
        "unique_comments": sum(p["unique_comments"] for p in posting_parts),
        "campaigns": sum(p["campaigns"] for p in posting_parts),
        "meetings": sum(m.get("meetings", 0) for m in measured),
        "attendance": sum(m.get("attendance", 0) for m in measured),
        "survey_responses": sum(m.get("survey_responses", 0) for m in measured),
        "members": sum(m.get("members", 0) for m in measured),
        "participants": sum(a["participants"] or 0 for a in activity_parts),
    }
    return {
        "schema": SCHEMA,
        "engagement": _engagement(engagement),
        "postings": posting_parts,
        "activities": activity_parts,
        "participation": participation,
        "demographics": _demographics(engagement, activities, bodies),
        "campaigns": _campaigns(postings),
        "themes": themes,
        "body_recommendations": body_recs,
        "revisions": _revisions(posted, final_version, themes, body_recs, postings),
        "not_adopted": _outcomes(themes, body_recs, NOT_ADOPTED),
        "future": _outcomes(themes, body_recs, FUTURE),
        "follow_up": _follow_up(activities),
    }


def dispositions_count(data: dict[str, Any]) -> Counter[str]:
    """How many themes and recommendations have each disposition ("" for none yet)."""
    counts: Counter[str] = Counter()
    for t in data.get("themes", []):
        counts[t["disposition"]] += 1
        counts.update(r["disposition"] for r in t["recommendations"])
    counts.update(r["disposition"] for r in data.get("body_recommendations", []))
    return counts
