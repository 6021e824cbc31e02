"""Open data (issue 10: "Public API endpoints and CSV/JSON downloads"): the reads behind the
reports API, and the CSV they download as.

Everything here is what the public pages already show, or counts: published comments as the
posting page shows them (date, item, organization, text with personal information removed;
never a name, an email address or a receipt), counts of every comment received, the themes
of a posting once its comment period has closed (while it is open they are staff's working
material), the advisory bodies' forwarded recommendations with the Department's published
response, and the recommendations of published "what we heard" reports as they were
published. Nothing here writes.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, QuerySet
from django.http import StreamingHttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header

from townhall.bodies.models import Body, Recommendation, Response
from townhall.core.text import spreadsheet_safe
from townhall.feedback.analysis_models import Campaign, FeedbackItem, Theme
from townhall.feedback.models import Comment
from townhall.feedback.selectors import published_comments
from townhall.postings.models import Posting
from townhall.postings.selectors import visible_postings
from townhall.reports.models import ReportVersion
from townhall.reports.selectors import published_versions

__all__ = [
    "CSV_TYPE",
    "THEMES_PUBLIC_STATUSES",
    "RecommendationFilter",
    "comment_out",
    "comment_rows",
    "csv_download",
    "link",
    "posting_engagement_id",
    "posting_statistics",
    "posting_themes",
    "public_comments",
    "public_posting",
    "published_reports",
    "recommendation_rows",
    "recommendations",
    "report_ref",
    "report_versions",
    "statistics_rows",
    "theme_rows",
    "themes_public",
    "version_json",
    "version_links",
]

CSV_TYPE = "text/csv; charset=utf-8"

#: A posting's themes are public once its comment period has closed: while it is open the
#: analysis is staff's working material, and its labels and groupings change as comments
#: arrive. A continuous channel never closes, so its themes are shown only in a report.
THEMES_PUBLIC_STATUSES = (Posting.Status.CLOSED, Posting.Status.COMPILED)


# --- Links -------------------------------------------------------------------------------


def link(name: str, **kwargs: Any) -> str:
    """A named page as an absolute address in the site's default language (the pages of
    other languages sit under /<code>/)."""
    with translation.override(settings.LANGUAGE_CODE):
        return settings.TOWNHALL_BASE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def _api(path: str) -> str:
    return settings.TOWNHALL_BASE_URL.rstrip("/") + "/api/v1" + path


def version_links(engagement_id: int, number: int) -> dict[str, Any]:
    """Where a published version can be read: the HTML page, its PDF in each language, the
    data as CSV and JSON, and this API."""
    kw = {"engagement_pk": engagement_id, "number": number}
    return {
        "html": link("reports:version", **kw),
        "pdf": {code: link("reports:pdf", language=code, **kw) for code, _n in settings.LANGUAGES},
        "data_csv": link("reports:csv", **kw),
        "data_json": link("reports:json", **kw),
        "api": _api(f"/reports/{engagement_id}/versions/{number}"),
    }


# --- Published reports -------------------------------------------------------------------


def published_reports() -> list[dict[str, Any]]:
    """Each report with a published version: its latest version, newest first
    (selectors.published_versions). The subject and the title are the version's own, as
    published, not today's; the data itself is not read."""
    counts = dict(ReportVersion.objects.order_by().values_list("report_id").annotate(n=Count("id")))
    versions = published_versions().values(
        "report_id",
        "report__engagement_id",
        "number",
        "published_at",
        "data_hash",
        "data__engagement__title",
        "data__engagement__subject",
        "narrative__introduction",
    )
    rows = []
    for v in versions:
        engagement_id = v["report__engagement_id"]
        subject = v["data__engagement__subject"]
        subject = subject if isinstance(subject, dict) else {}
        intro = v["narrative__introduction"]
        intro = intro if isinstance(intro, dict) else {}
        rows.append(
            {
                "engagement_id": engagement_id,
                "title": str(v["data__engagement__title"] or ""),
                "subject": {
                    "kind": str(subject.get("kind", "")),
                    "number": str(subject.get("number", "")),
                    "title": str(subject.get("title", "")),
                },
                "latest_version": v["number"],
                "versions": counts.get(v["report_id"], 1),
                "published_at": v["published_at"],
                "data_hash": v["data_hash"],
                "languages": [
                    code for code, _n in settings.LANGUAGES if str(intro.get(code, "")).strip()
                ],
                "links": version_links(engagement_id, v["number"]),
            }
        )
    return rows


def report_versions(engagement_id: int) -> QuerySet[ReportVersion]:
    """The published versions of an engagement's report, newest first."""
    return ReportVersion.objects.filter(report__engagement_id=engagement_id).order_by("-number")


def version_json(version: ReportVersion) -> dict[str, Any]:
    """A published version as its JSON download: the data exactly as hashed, and the
    narrative staff wrote, per section and language."""
    return {
        "version": version.number,
        "published_at": version.published_at,
        "data_hash": version.data_hash,
        "data": version.data,
        "narrative": version.narrative,
    }


def report_ref(engagement_id: int | None) -> dict[str, Any] | None:
    """The latest published report of an engagement, as a reference, or None."""
    if engagement_id is None:
        return None
    v = report_versions(engagement_id).values("number", "published_at", "data_hash").first()
    if v is None:
        return None
    return {
        "engagement_id": engagement_id,
        "version": v["number"],
        "published_at": v["published_at"],
        "data_hash": v["data_hash"],
        "links": version_links(engagement_id, v["number"]),
    }


# --- Postings ----------------------------------------------------------------------------


def public_posting(posting_id: int) -> Posting | None:
    """A posting anyone may see (postings.selectors.visible_postings of a reader with no
    account): never a Wire-only one, never one still being prepared."""
    return visible_postings(AnonymousUser()).filter(pk=posting_id).first()


def themes_public(posting: Posting) -> bool:
    return posting.status in THEMES_PUBLIC_STATUSES


def posting_engagement_id(posting: Posting) -> int | None:
    from townhall.engagements.models import Activity

    return (
        Activity.objects.filter(posting=posting)
        .order_by("id")
        .values_list("engagement_id", flat=True)
        .first()
    )


def posting_statistics(posting: Posting) -> dict[str, Any]:
    """Counts of the comments a posting received, hidden ones included (a count says nothing
    of what a comment said): by origin, channel, day received and item; how many are
    published; campaign copies apart from unique comments (as the report counts them); and
    the number of themes once the comment period has closed."""
    comments = Comment.objects.filter(posting=posting).order_by()
    by_origin = dict(comments.values_list("origin").annotate(n=Count("id")))
    by_channel = dict(comments.values_list("channel").annotate(n=Count("id")))
    by_day = sorted(comments.values_list("received_on").annotate(n=Count("id")))
    by_item = sorted(
        comments.values_list("section_anchor").annotate(n=Count("id")),
        key=lambda kv: (kv[0] != "", -kv[1], kv[0]),
    )
    published = comments.filter(status=Comment.Status.PUBLISHED).count()
    pool = FeedbackItem.objects.filter(posting=posting).exclude(
        comment__status=Comment.Status.HIDDEN
    )
    pooled = pool.count()
    copies = pool.filter(campaign__isnull=False, campaign__is_current=True).count()
    campaigns = Campaign.objects.filter(posting=posting, is_current=True).count()
    themes = (
        Theme.objects.filter(posting=posting, status=Theme.Status.ACTIVE).count()
        if themes_public(posting)
        else None
    )
    origins = {o.value: int(by_origin.get(o.value, 0)) for o in Comment.Origin}
    return {
        "posting_id": posting.pk,
        "title": posting.title,
        "status": posting.status,
        "opens_at": posting.opens_at,
        "closes_at": posting.closes_at,
        "url": link("postings:detail", pk=posting.pk),
        "comments": sum(origins.values()),
        "published": published,
        "by_origin": origins,
        "by_channel": {
            c.value: int(by_channel[c.value]) for c in Comment.Channel if c.value in by_channel
        },
        "by_day": [{"date": day, "count": int(n)} for day, n in by_day],
        "by_item": [{"item": anchor or None, "count": int(n)} for anchor, n in by_item],
        "pool": pooled,
        "campaigns": campaigns,
        "campaign_copies": copies,
        "unique_comments": pooled - copies,
        "themes": themes,
        "report": report_ref(posting_engagement_id(posting)),
    }


def statistics_rows(stats: dict[str, Any]) -> Iterator[list[Any]]:
    """The statistics as rows of (measure, key, count) for the CSV download."""
    yield ["measure", "key", "count"]
    yield ["comments", "", stats["comments"]]
    yield ["published", "", stats["published"]]
    for key, n in stats["by_origin"].items():
        yield ["origin", key, n]
    for key, n in stats["by_channel"].items():
        yield ["channel", key, n]
    for row in stats["by_day"]:
        yield ["day", row["date"].isoformat(), row["count"]]
    for row in stats["by_item"]:
        yield ["item", row["item"] or "", row["count"]]
    for key in ("pool", "campaigns", "campaign_copies", "unique_comments"):
        yield [key, "", stats[key]]
    if stats["themes"] is not None:
        yield ["themes", "", stats["themes"]]


def public_comments(posting: Posting) -> QuerySet[Comment]:
    """The published comments, as the posting page lists them, oldest first; only the
    fields the page shows are read."""
    return published_comments(posting).only(
        "id", "submitted_at", "section_anchor", "organization", "body", "redacted_body"
    )


def comment_out(c: Comment) -> dict[str, Any]:
    """A published comment as the posting page shows it: the day, the item, the organization
    the commenter gave, and the text with personal information removed."""
    return {
        "submitted_on": timezone.localdate(c.submitted_at),
        "item": c.section_anchor or None,
        "organization": c.organization,
        "text": c.public_text,
    }


def comment_rows(posting: Posting) -> Iterator[list[Any]]:
    yield ["submitted_on", "item", "organization", "text"]
    for c in public_comments(posting).iterator(chunk_size=2000):
        out = comment_out(c)
        yield [out["submitted_on"].isoformat(), out["item"] or "", out["organization"], out["text"]]


# --- Themes ------------------------------------------------------------------------------


def _decision(obj: Any) -> dict[str, Any]:
    return {
        "disposition": obj.disposition,
        "reason": obj.disposition_reason,
        "revised_version_id": obj.revised_version_id,
        "revised_section": obj.revised_section,
    }


def posting_themes(posting: Posting) -> list[dict[str, Any]]:
    """The active themes, largest first, with staff's decision on each and on the
    recommendations drawn from it. Only call for a posting whose themes are public."""
    themes = (
        Theme.objects.filter(posting=posting, status=Theme.Status.ACTIVE)
        .prefetch_related("recommendations")
        .order_by("-size", "id")
    )
    return [
        {
            "id": t.pk,
            "label": t.label,
            "key_phrases": [str(p) for p in (t.key_phrases or [])],
            "size": t.size,
            "unique_count": t.unique_count,
            "stance": {str(k): int(v) for k, v in sorted((t.stance or {}).items())},
            "items": [
                {"item": str(k), "count": int(v)}
                for k, v in sorted((t.sections or {}).items(), key=lambda kv: (-kv[1], kv[0]))
            ],
            **_decision(t),
            "recommendations": [
                {"id": r.pk, "text": r.text, **_decision(r)}
                for r in sorted(t.recommendations.all(), key=lambda r: r.pk)
            ],
        }
        for t in themes
    ]


def theme_rows(themes: Sequence[dict[str, Any]]) -> Iterator[list[Any]]:
    """A row per theme, then a row per recommendation drawn from it (kind says which)."""
    yield [
        "kind",
        "theme_id",
        "id",
        "label_or_text",
        "size",
        "unique_count",
        "key_phrases",
        "disposition",
        "reason",
        "revised_version_id",
        "revised_section",
    ]
    for t in themes:
        yield [
            "theme",
            t["id"],
            t["id"],
            t["label"],
            t["size"],
            t["unique_count"],
            "; ".join(t["key_phrases"]),
            t["disposition"],
            t["reason"],
            t["revised_version_id"] or "",
            t["revised_section"],
        ]
        for r in t["recommendations"]:
            yield [
                "recommendation",
                t["id"],
                r["id"],
                r["text"],
                "",
                "",
                "",
                r["disposition"],
                r["reason"],
                r["revised_version_id"] or "",
                r["revised_section"],
            ]


# --- Recommendations ---------------------------------------------------------------------


@dataclass(frozen=True)
class RecommendationFilter:
    kind: str = "all"  # "all", "body" or "analysis"
    engagement_id: int | None = None


def _body_link(body: Body, number: int) -> str | None:
    try:
        return link("bodies:recommendation", slug=body.slug, number=number)
    except NoReverseMatch:  # a slug the page's pattern does not take
        return None


def _body_recommendations(engagement_id: int | None) -> list[dict[str, Any]]:
    recs = (
        Recommendation.objects.filter(status=Recommendation.Status.FORWARDED)
        .exclude(body__status=Body.Status.FORMING)
        .select_related("body")
        .prefetch_related("versions", "responses", "body__engagements")
        .order_by("body__name", "body_id", "number")
    )
    if engagement_id is not None:
        recs = recs.filter(body__engagements__id=engagement_id).distinct()
    out = []
    for r in recs:
        version = max(r.versions.all(), key=lambda v: v.number, default=None)
        response = next(
            (x for x in r.responses.all() if x.status == Response.Status.PUBLISHED), None
        )
        out.append(
            {
                "kind": "body",
                "id": r.pk,
                "code": r.code,
                "source": r.body.name,
                "body_slug": r.body.slug,
                "theme_id": None,
                "posting_id": None,
                "engagement_ids": sorted(e.pk for e in r.body.engagements.all()),
                "title": version.title if version else "",
                "text": version.text if version else "",
                "section": version.section if version else "",
                "forwarded_on": timezone.localdate(r.forwarded_at) if r.forwarded_at else None,
                "disposition": response.disposition if response else "",
                "reasoning": response.reasoning if response else "",
                "responded_at": response.published_at if response else None,
                "revised_version_id": response.revised_version_id if response else None,
                "revised_section": response.revised_section if response else "",
                "url": _body_link(r.body, r.number),
                "api_url": _api(f"/bodies/{r.body.slug}/recommendations/{r.number}"),
            }
        )
    return out


def _latest_versions(engagement_id: int | None) -> list[ReportVersion]:
    versions = published_versions()
    if engagement_id is not None:
        versions = versions.filter(report__engagement_id=engagement_id)
    return sorted(versions, key=lambda v: (v.report.engagement_id, v.number))


def _analysis_recommendations(engagement_id: int | None) -> list[dict[str, Any]]:
    out = []
    for version in _latest_versions(engagement_id):
        eid = version.report.engagement_id
        links = version_links(eid, version.number)
        for theme in version.data.get("themes", []):
            for r in theme.get("recommendations", []):
                out.append(
                    {
                        "kind": "analysis",
                        "id": r["id"],
                        "code": "",
                        "source": theme.get("label", ""),
                        "body_slug": None,
                        "theme_id": theme.get("id"),
                        "posting_id": theme.get("posting_id"),
                        "engagement_ids": [eid],
                        "title": "",
                        "text": r.get("text", ""),
                        "section": "",
                        "forwarded_on": None,
                        "disposition": r.get("disposition", ""),
                        "reasoning": r.get("reason", ""),
                        "responded_at": version.published_at,
                        "revised_version_id": r.get("revised_version_id"),
                        "revised_section": r.get("revised_section", ""),
                        "url": links["html"] + "#recommendations",
                        "api_url": links["api"],
                    }
                )
    return out


def recommendations(filters: RecommendationFilter) -> list[dict[str, Any]]:
    """Forwarded recommendations of the advisory bodies with the Department's published
    response (none yet: an empty disposition), then the recommendations staff drew from the
    feedback, as the latest published report of each engagement states them."""
    rows: list[dict[str, Any]] = []
    if filters.kind in ("all", "body"):
        rows += _body_recommendations(filters.engagement_id)
    if filters.kind in ("all", "analysis"):
        rows += _analysis_recommendations(filters.engagement_id)
    return rows


RECOMMENDATION_COLUMNS = (
    "kind",
    "id",
    "code",
    "source",
    "engagement_ids",
    "title",
    "text",
    "section",
    "forwarded_on",
    "disposition",
    "reasoning",
    "responded_at",
    "revised_version_id",
    "revised_section",
    "url",
)


def recommendation_rows(rows: Iterable[dict[str, Any]]) -> Iterator[list[Any]]:
    yield list(RECOMMENDATION_COLUMNS)
    for r in rows:
        out = []
        for key in RECOMMENDATION_COLUMNS:
            value = r[key]
            if key == "engagement_ids":
                value = " ".join(str(i) for i in value)
            elif isinstance(value, datetime.datetime | datetime.date):
                value = value.isoformat()
            out.append("" if value is None else value)
        yield out


# --- CSV ---------------------------------------------------------------------------------


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> Any:
    # Text that a spreadsheet would run as a formula is quoted; numbers stay numbers.
    return spreadsheet_safe(value) if isinstance(value, str) else value


def _lines(rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # spreadsheets read the file as UTF-8
    for row in rows:
        yield writer.writerow([_cell(v) for v in row])


def csv_download(rows: Iterable[Sequence[Any]], *, filename: str) -> StreamingHttpResponse:
    """Rows as a CSV attachment, streamed (a posting may hold 100,000 comments), every text
    cell formula-safe (core.text.spreadsheet_safe)."""
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in _lines(rows)), content_type=CSV_TYPE
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
