"""Open data of reporting back (issue 10, seed 002 V-D-3, VII-D-5): published "what we heard"
reports, comment statistics, published comments, themes with their dispositions and
recommendations with the Department's responses, as JSON and CSV. And, for staff, the
progress of a records export and the evaluation measures of a year.

What is public already is not repeated here: postings (`/api/v1/postings`), meetings
(`/api/v1/meetings`), the advisory bodies and each recommendation's full chain
(`/api/v1/bodies`), and what became of a comment (`/api/v1/receipts`). The reads are in
reports/opendata.py.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponseBase
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.params.functions import Path, Query

from townhall.api import StaffSessionAuth
from townhall.core.schemas import ErrorOut
from townhall.feedback.analysis_models import Disposition
from townhall.postings.models import Posting
from townhall.reports import opendata, selectors
from townhall.reports.models import RecordsExport, ReportVersion

router = Router(tags=["reports"])
staff_router = Router(auth=StaffSessionAuth(), tags=["staff"])

#: Ids are database keys: 64-bit at most. A larger number is refused with 422, not tried.
MAX_ID = 2**63 - 1
MAX_PAGE = 500

_DISPOSITIONS = ", ".join(f"`{d.value}`" for d in Disposition if d.value) + " (empty: not decided)"
_BODY_DISPOSITIONS = "`adopted`, `partly`, `considering`, `not_adopted` (empty: no response yet)"


def _csv_extra(description: str) -> dict[str, Any]:
    return {
        "responses": {
            "200": {
                "description": description,
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    }


def _id(description: str) -> Any:
    return Path(..., ge=1, le=MAX_ID, description=description)


def _limit(default: int = 100) -> Any:
    return Query(default, ge=1, le=MAX_PAGE, description=f"At most {MAX_PAGE}.")


def _offset() -> Any:
    return Query(0, ge=0, le=10_000_000, description="Rows to skip.")


# --- Schemas -----------------------------------------------------------------------------


class SubjectOut(Schema):
    kind: str  # directive, training or other
    number: str
    title: str


class LinksOut(Schema):
    """Where a published version can be read. `pdf` has one link per interface language:
    the narrative is in the languages staff wrote it in, the tables in every language."""

    html: str
    pdf: dict[str, str]
    data_csv: str
    data_json: str
    api: str


class ReportOut(Schema):
    engagement_id: int
    title: str
    subject: SubjectOut
    latest_version: int
    versions: int
    published_at: datetime.datetime
    data_hash: str
    languages: list[str]
    links: LinksOut


class ReportVersionSummaryOut(Schema):
    version: int
    published_at: datetime.datetime
    data_hash: str
    change_note: str
    links: LinksOut


class ReportVersionOut(Schema):
    """A published version, as its JSON download: `data` is what `data_hash` is the SHA-256
    of (canonical JSON: sorted keys, no spaces); `narrative` is {section: {language: text}}."""

    version: int
    published_at: datetime.datetime
    data_hash: str
    data: dict[str, Any]
    narrative: dict[str, Any]


class ReportRefOut(Schema):
    engagement_id: int
    version: int
    published_at: datetime.datetime
    data_hash: str
    links: LinksOut


class DayCountOut(Schema):
    date: datetime.date
    count: int


class ItemCountOut(Schema):
    item: str | None  # the directive item; null for comments on the whole directive
    count: int


class StatisticsOut(Schema):
    posting_id: int
    title: str
    status: str
    opens_at: datetime.datetime | None
    closes_at: datetime.datetime | None
    url: str
    comments: int
    published: int
    by_origin: dict[str, int]
    by_channel: dict[str, int]
    by_day: list[DayCountOut]
    by_item: list[ItemCountOut]
    pool: int
    campaigns: int
    campaign_copies: int
    unique_comments: int
    themes: int | None
    report: ReportRefOut | None


class CommentOut(Schema):
    submitted_on: datetime.date
    item: str | None
    organization: str
    text: str


class CommentPageOut(Schema):
    posting_id: int
    count: int
    limit: int
    offset: int
    results: list[CommentOut]


class DecisionOut(Schema):
    disposition: str
    reason: str
    revised_version_id: int | None
    revised_section: str


class ThemeRecommendationOut(DecisionOut):
    id: int
    text: str


class ThemeOut(DecisionOut):
    id: int
    label: str
    key_phrases: list[str]
    size: int
    unique_count: int
    stance: dict[str, int]
    items: list[ItemCountOut]
    recommendations: list[ThemeRecommendationOut]


class ThemesOut(Schema):
    posting_id: int
    status: str
    closes_at: datetime.datetime | None
    report: ReportRefOut | None
    themes: list[ThemeOut]


class RecommendationOut(Schema):
    kind: Literal["body", "analysis"]
    id: int
    code: str
    source: str
    body_slug: str | None
    theme_id: int | None
    posting_id: int | None
    engagement_ids: list[int]
    title: str
    text: str
    section: str
    forwarded_on: datetime.date | None
    disposition: str
    reasoning: str
    responded_at: datetime.datetime | None
    revised_version_id: int | None
    revised_section: str
    url: str | None
    api_url: str | None


class RecommendationPageOut(Schema):
    count: int
    limit: int
    offset: int
    results: list[RecommendationOut]


class ExportProgressOut(Schema):
    id: int
    posting_id: int | None
    meeting_id: int | None
    purpose: str
    status: str
    stage: str
    stage_label: str
    done: int
    total: int
    percent: int
    sha256: str
    size: int
    error: str
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    heartbeat: datetime.datetime | None
    finished_at: datetime.datetime | None
    page_url: str
    download_url: str | None


class EvaluationOut(Schema):
    year: int
    filters: dict[str, Any]
    rows: list[dict[str, Any]]
    totals: dict[str, Any]


# --- Helpers -----------------------------------------------------------------------------


def _posting(posting_id: int) -> Posting:
    posting = opendata.public_posting(posting_id)
    if posting is None:
        raise HttpError(404, "No public posting with that id.")
    return posting


def _themed_posting(posting_id: int) -> Posting:
    posting = _posting(posting_id)
    if not opendata.themes_public(posting):
        raise HttpError(
            404,
            "The themes of a posting are published once its comment period has closed.",
        )
    return posting


def _themes(posting: Posting) -> dict[str, Any]:
    return {
        "posting_id": posting.pk,
        "status": posting.status,
        "closes_at": posting.closes_at,
        "report": opendata.report_ref(opendata.posting_engagement_id(posting)),
        "themes": opendata.posting_themes(posting),
    }


_ERRORS: dict[int, Any] = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut}


# --- Public: postings' open data (declared before /{engagement_id}: routes match in order) --


@router.get(
    "/postings/{posting_id}/statistics",
    response={200: StatisticsOut, **_ERRORS},
    summary="Comment statistics of a posting",
)
def posting_statistics(
    request: HttpRequest, posting_id: int = _id("A public posting's id.")
) -> dict[str, Any]:
    """Counts only, never what a comment said: every comment received (hidden ones included),
    by origin (`external`: the public, `internal`: Department members, VII-D-3), by channel,
    by day received and by directive item; how many are published; the analysis pool, the
    campaigns found in it and their copies apart from unique comments; and the number of
    themes once the comment period has closed (`null` before). `report` is the engagement's
    published report, if any. The posting itself: `/api/v1/postings/{posting_id}`. CSV:
    `statistics.csv`."""
    return opendata.posting_statistics(_posting(posting_id))


@router.get(
    "/postings/{posting_id}/statistics.csv",
    response=_ERRORS,
    summary="Comment statistics of a posting, as CSV",
    openapi_extra=_csv_extra("Rows of measure, key and count."),
)
def posting_statistics_csv(
    request: HttpRequest, posting_id: int = _id("A public posting's id.")
) -> HttpResponseBase:
    """The statistics of `statistics` as rows: `measure` (comments, published, origin, channel,
    day, item, pool, campaigns, campaign_copies, unique_comments, themes), `key` and
    `count`."""
    stats = opendata.posting_statistics(_posting(posting_id))
    return opendata.csv_download(
        opendata.statistics_rows(stats), filename=f"posting-{posting_id}-statistics.csv"
    )


@router.get(
    "/postings/{posting_id}/comments",
    response={200: CommentPageOut, **_ERRORS},
    summary="Published comments of a posting (personal information removed)",
)
def posting_comments(
    request: HttpRequest,
    posting_id: int = _id("A public posting's id."),
    limit: int = _limit(),
    offset: int = _offset(),
) -> dict[str, Any]:
    """The comments published on the posting's page, oldest first, as the page shows them:
    the day it was sent, the item it is on (`null`: the whole directive), the organization
    the commenter gave, and the text with personal information (email addresses, telephone
    numbers, street addresses, a name after a rank or title) removed. Commenters' names, email
    addresses and receipts are never published; hidden comments and comments not yet reviewed are not listed. All of them at
    once: `comments.csv`."""
    posting = _posting(posting_id)
    comments = opendata.public_comments(posting)
    return {
        "posting_id": posting.pk,
        "count": comments.count(),
        "limit": limit,
        "offset": offset,
        "results": [opendata.comment_out(c) for c in comments[offset : offset + limit]],
    }


@router.get(
    "/postings/{posting_id}/comments.csv",
    response=_ERRORS,
    summary="Published comments of a posting, as CSV",
    openapi_extra=_csv_extra("Every published comment: submitted_on, item, organization, text."),
)
def posting_comments_csv(
    request: HttpRequest, posting_id: int = _id("A public posting's id.")
) -> HttpResponseBase:
    """Every published comment, as in `comments`, streamed. Text that a spreadsheet would
    run as a formula starts with an apostrophe."""
    posting = _posting(posting_id)
    return opendata.csv_download(
        opendata.comment_rows(posting), filename=f"posting-{posting_id}-comments.csv"
    )


_THEMES_DOC = f"""The themes the analysis found in the feedback and staff reviewed, largest first: size
(all items) and unique items (campaign copies counted once), key phrases, stance, the
items of the directive they concern, and the Department's decision (VII-D-5):
`disposition` ({_DISPOSITIONS}), the reason, and for an adopted theme the item of the
revised directive version. Each theme's recommendations carry their own decision.

Published once the comment period has closed: while it is open the themes are staff's
working material (404 with a message). Decisions may still change until the engagement's
report is published; `report` then links the version that states them. CSV:
`themes.csv`."""


@router.get(
    "/postings/{posting_id}/themes",
    response={200: ThemesOut, **_ERRORS},
    summary="Themes of a closed posting, with dispositions",
    description=_THEMES_DOC,
)
def posting_themes(
    request: HttpRequest, posting_id: int = _id("A public posting's id.")
) -> dict[str, Any]:
    return _themes(_themed_posting(posting_id))


@router.get(
    "/postings/{posting_id}/themes.csv",
    response=_ERRORS,
    summary="Themes of a closed posting, as CSV",
    openapi_extra=_csv_extra("A row per theme, then a row per recommendation drawn from it."),
)
def posting_themes_csv(
    request: HttpRequest, posting_id: int = _id("A public posting's id.")
) -> HttpResponseBase:
    """The themes of `themes` as rows: `kind` is `theme` or `recommendation`;
    `label_or_text` the theme's name or the recommendation's text; key phrases joined with
    "; "."""
    posting = _themed_posting(posting_id)
    return opendata.csv_download(
        opendata.theme_rows(opendata.posting_themes(posting)),
        filename=f"posting-{posting_id}-themes.csv",
    )


# --- Public: recommendations -------------------------------------------------------------


def _recommendations(kind: str, engagement_id: int | None) -> list[dict[str, Any]]:
    return opendata.recommendations(
        opendata.RecommendationFilter(kind=kind, engagement_id=engagement_id)
    )


_RECOMMENDATIONS_DOC = f"""Recommendations with the Department's responses: `kind` `body`
are the recommendations advisory committees and working groups forwarded, with the
Department's published response ({_BODY_DISPOSITIONS}; `reasoning`, `responded_at`); the
full chain with versions and votes is at `api_url` (`/api/v1/bodies/{{slug}}/recommendations/{{number}}`).
`kind` `analysis` are the recommendations staff drew from the public's feedback, with their
disposition ({_DISPOSITIONS}) as the latest published report of the engagement states it
(`responded_at` is when it was published). Filter with `kind` and `engagement_id`."""


@router.get(
    "/recommendations",
    response={200: RecommendationPageOut, **_ERRORS},
    summary="Recommendations with responses",
    description=_RECOMMENDATIONS_DOC + " CSV: `/api/v1/reports/recommendations.csv`.",
)
def recommendations(
    request: HttpRequest,
    kind: Literal["all", "body", "analysis"] = "all",
    engagement_id: int | None = Query(None, ge=1, le=MAX_ID),
    limit: int = _limit(),
    offset: int = _offset(),
) -> dict[str, Any]:
    rows = _recommendations(kind, engagement_id)
    return {
        "count": len(rows),
        "limit": limit,
        "offset": offset,
        "results": rows[offset : offset + limit],
    }


@router.get(
    "/recommendations.csv",
    response=_ERRORS,
    summary="Recommendations with responses, as CSV",
    description=_RECOMMENDATIONS_DOC + " Every row at once; `engagement_ids` space-separated.",
    openapi_extra=_csv_extra("A row per recommendation."),
)
def recommendations_csv(
    request: HttpRequest,
    kind: Literal["all", "body", "analysis"] = "all",
    engagement_id: int | None = Query(None, ge=1, le=MAX_ID),
) -> HttpResponseBase:
    return opendata.csv_download(
        opendata.recommendation_rows(_recommendations(kind, engagement_id)),
        filename="recommendations.csv",
    )


# --- Public: published reports -----------------------------------------------------------


@router.get(
    "",
    response={200: list[ReportOut], **_ERRORS},
    summary="Published reports",
)
def reports(
    request: HttpRequest, limit: int = _limit(), offset: int = _offset()
) -> list[dict[str, Any]]:
    """Every engagement's published "what we heard" report (V-D-3, VII-D-5), latest version,
    most recently published first, with links to the page (HTML), the PDF in each language,
    and the data as CSV and JSON. `data_hash` is the SHA-256 of the version's data: build
    the report again from the record and the hash is the same."""
    return opendata.published_reports()[offset : offset + limit]


def _version_or_404(engagement_id: int, number: int | None = None) -> ReportVersion:
    try:
        if number is None:
            return selectors.latest_version(engagement_id)
        return selectors.version_get(engagement_id, number)
    except Http404:
        raise HttpError(
            404,
            "No published report for that engagement."
            if number is None
            else "No published version with that number.",
        ) from None


@router.get(
    "/{engagement_id}",
    response={200: ReportVersionOut, **_ERRORS},
    summary="An engagement's published report (latest version)",
)
def report(
    request: HttpRequest, engagement_id: int = _id("The engagement's id.")
) -> dict[str, Any]:
    """The latest published version: its data (codes and numbers; labels are looked up in
    the reader's language on the pages) and the narrative staff wrote, as the page's JSON
    download."""
    return opendata.version_json(_version_or_404(engagement_id))


@router.get(
    "/{engagement_id}/versions",
    response={200: list[ReportVersionSummaryOut], **_ERRORS},
    summary="Published versions of an engagement's report",
)
def report_versions(
    request: HttpRequest, engagement_id: int = _id("The engagement's id.")
) -> list[dict[str, Any]]:
    """Every published version, newest first, with what changed since the one before. A
    published version never changes; a correction is a new version."""
    versions = list(
        opendata.report_versions(engagement_id).only(
            "number", "published_at", "data_hash", "change_note", "report_id"
        )
    )
    if not versions:
        raise HttpError(404, "No published report for that engagement.")
    return [
        {
            "version": v.number,
            "published_at": v.published_at,
            "data_hash": v.data_hash,
            "change_note": v.change_note,
            "links": opendata.version_links(engagement_id, v.number),
        }
        for v in versions
    ]


@router.get(
    "/{engagement_id}/versions/{number}",
    response={200: ReportVersionOut, **_ERRORS},
    summary="One published version of an engagement's report",
)
def report_version(
    request: HttpRequest,
    engagement_id: int = _id("The engagement's id."),
    number: int = Path(..., ge=1, le=2_147_483_647, description="The version's number."),
) -> dict[str, Any]:
    """As `/api/v1/reports/{engagement_id}`, for the version with that number."""
    return opendata.version_json(_version_or_404(engagement_id, number))


# --- Staff -------------------------------------------------------------------------------

_STAFF_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, **_ERRORS}


@staff_router.get(
    "/exports/{export_id}",
    response={200: ExportProgressOut, **_STAFF_ERRORS},
    summary="Progress of a records export",
)
def export_progress(
    request: HttpRequest, export_id: int = _id("The records export's id.")
) -> dict[str, Any]:
    """How far a records export has got (for OEE, R&D, PSCD and administrators): status
    (`queued`, `running`, `done`, `failed`), stage, items done of the total, and once done
    the SHA-256 and size of the ZIP and where to download it (the download is audited)."""
    from townhall.reports.permissions import can_export_records
    from townhall.reports.records import stage_label

    if not can_export_records(request.user):
        raise HttpError(403, "Records exports are made by OEE, R&D, PSCD and administrators.")
    export = RecordsExport.objects.filter(pk=export_id).first()
    if export is None:
        raise HttpError(404, "No records export with that id.")
    done = export.status == RecordsExport.Status.DONE and bool(export.file)
    return {
        "id": export.pk,
        "posting_id": export.posting_id,
        "meeting_id": export.meeting_id,
        "purpose": export.purpose,
        "status": export.status,
        "stage": export.stage,
        "stage_label": stage_label(export.stage) if export.stage else "",
        "done": export.done,
        "total": export.total,
        "percent": 100 if export.status == RecordsExport.Status.DONE else export.percent,
        "sha256": export.sha256,
        "size": export.size,
        "error": export.error,
        "created_at": export.created_at,
        "started_at": export.started_at,
        "heartbeat": export.heartbeat,
        "finished_at": export.finished_at,
        "page_url": opendata.link("staff:reports:records_detail", pk=export.pk),
        "download_url": (
            opendata.link("staff:reports:records_download", pk=export.pk) if done else None
        ),
    }


@staff_router.get(
    "/evaluation",
    response={200: EvaluationOut, **_STAFF_ERRORS},
    summary="Evaluation measures of a calendar year",
)
def evaluation(
    request: HttpRequest,
    year: int = Query(..., ge=1900, le=2100, description="The calendar year."),
    topic: str = Query("", max_length=100, description="A topic's slug."),
    unit: str = Query("", max_length=200, description="An originating unit, as recorded."),
    district: int | None = Query(None, ge=1, le=99, description="A police district."),
) -> dict[str, Any]:
    """The evaluation measures (VI-B-1, VIII-A) of every engagement active in the year, one
    row each, with the period's totals and means, as the evaluation dashboard shows them.
    For OEE, OCPR's Chief and designee, R&D, the Training Division, PSCD and
    administrators."""
    from townhall.reports.evaluation import period_measures
    from townhall.reports.permissions import can_view_evaluation

    if not can_view_evaluation(request.user):
        raise HttpError(403, "Your role cannot see the evaluation.")
    return period_measures(year=year, topic=topic.strip(), unit=unit.strip(), district=district)
