"""Public API of postings and comment intake (issue: postings v1)."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.params.functions import Query

from townhall.core.errors import DomainError, ResubmittedChanged
from townhall.core.schemas import ErrorOut
from townhall.feedback import antispam
from townhall.feedback.models import Comment
from townhall.feedback.services import (
    CommentInvalid,
    PeriodNotOpen,
    comment_submit,
)
from townhall.postings.models import Posting
from townhall.postings.selectors import (
    posting_text,
    postings_for_tab,
    visible_postings,
)

router = Router(tags=["postings"])


class SectionOut(Schema):
    anchor: str
    marker: str
    level: int
    heading: str
    text: str


class PostingOut(Schema):
    id: int
    status: str
    kind: str
    directive: str
    title: str
    version_id: int
    version_label: str
    opens_at: datetime.datetime | None
    closes_at: datetime.datetime | None
    url: str


class PostingDetailOut(PostingOut):
    narrative: str
    summary: str
    current_directive_url: str | None
    extensions: list[dict[str, Any]]
    sections: list[SectionOut]


class CommentIn(Schema):
    # The limits are stated in the schema for clients, but enforced by comment_submit so that
    # an API client gets the same plain, field-level messages as the web form.
    body: str = Field(
        description="The comment: at least one visible character, at most 5,000 after trimming.",
        json_schema_extra={"minLength": 1, "maxLength": 5000},
    )
    section: str | None = Field(
        None, description="Anchor of an item in the posted version, e.g. `VII-B-2`."
    )
    name: str | None = Field(None, json_schema_extra={"maxLength": 200})
    email: str | None = Field(
        None,
        description="Only to send a receipt; never published.",
        json_schema_extra={"maxLength": 254},
    )
    organization: str | None = Field(None, json_schema_extra={"maxLength": 200})


class ReceiptOut(Schema):
    receipt: str
    submitted_at: datetime.datetime


def _out(p: Posting) -> dict[str, Any]:
    return {
        "id": p.pk,
        "status": p.status,
        "kind": p.kind,
        "directive": p.version.directive.number,
        "title": p.title,
        "version_id": p.version_id,
        "version_label": p.version.label,
        "opens_at": p.opens_at,
        "closes_at": p.closes_at,
        "url": p.get_absolute_url(),
    }


@router.get("", response={400: ErrorOut, 200: list[PostingOut], 422: ErrorOut})
def list_postings(
    request: HttpRequest,
    status: Literal["open", "upcoming", "closed", "continuous"] = "open",
    offset: int = Query(0, ge=0, le=10_000_000),
    limit: int = Query(50, ge=1, le=200),
) -> list[dict[str, Any]]:
    return [_out(p) for p in postings_for_tab(request.user, status)[offset : offset + limit]]


def _visible(request: HttpRequest, posting_id: int) -> Posting:
    posting = visible_postings(request.user).filter(pk=posting_id).first()
    if posting is None:
        raise HttpError(404, "No posting with that id.")
    return posting


@router.get(
    "/{posting_id}", response={400: ErrorOut, 200: PostingDetailOut, 404: ErrorOut, 422: ErrorOut}
)
def get_posting(request: HttpRequest, posting_id: int) -> dict[str, Any]:
    posting = _visible(request, posting_id)
    text, _fallback = posting_text(posting, "en")
    return {
        **_out(posting),
        "narrative": text.narrative if text else "",
        "summary": text.summary if text else "",
        "current_directive_url": (
            posting.current_version.get_absolute_url() if posting.current_version else None
        ),
        "extensions": [
            {
                "previous_closes_at": e.previous_closes_at,
                "new_closes_at": e.new_closes_at,
                "reason": e.reason,
                "extended_at": e.created_at,
            }
            for e in posting.extensions.all()
        ],
        "sections": [
            {
                "anchor": s.anchor,
                "marker": s.marker,
                "level": s.level,
                "heading": s.heading,
                "text": s.text,
            }
            for s in posting.version.sections.order_by("position")
        ],
    }


@router.post(
    "/{posting_id}/comments",
    response={
        201: ReceiptOut,
        400: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
)
def post_comment(
    request: HttpRequest, response: HttpResponse, posting_id: int, payload: CommentIn
) -> Status[dict[str, Any]]:
    """Comment on a posting. Send an `Idempotency-Key` header: the same key again returns the
    same receipt with 201 and stores nothing new."""
    posting = _visible(request, posting_id)
    limit = antispam.rate_limit(
        scope="comment-api",
        client_key=antispam.client_key_for(request),
        limit=settings.TOWNHALL_COMMENT_RATE_LIMIT,
        window_seconds=settings.TOWNHALL_COMMENT_RATE_WINDOW,
    )
    if not limit.allowed:
        response["Retry-After"] = str(limit.retry_after)
        return Status(429, {"message": "Too many comments from this client; try again later."})
    raw_key = request.headers.get("Idempotency-Key", "").strip()
    key = hashlib.sha256(f"api:{posting.pk}:{raw_key}".encode()).hexdigest() if raw_key else None
    try:
        result = comment_submit(
            posting=posting,
            body=payload.body,
            section=payload.section or "",
            name=payload.name or "",
            email=payload.email or "",
            organization=payload.organization or "",
            internal=False,
            channel=Comment.Channel.API,
            language="en",
            idempotency_key=key,
        )
    except CommentInvalid as exc:
        return Status(422, {"message": exc.message, "errors": exc.errors})
    except ResubmittedChanged:
        return Status(
            422, {"message": "This Idempotency-Key was already used for a different comment."}
        )
    except PeriodNotOpen as exc:
        return Status(409, {"message": exc.message})
    except DomainError as exc:
        return Status(409, {"message": exc.message})
    return Status(
        201, {"receipt": result.comment.receipt, "submitted_at": result.comment.submitted_at}
    )
