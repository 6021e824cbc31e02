"""Public API: what became of a comment, by its receipt. No personal data."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from townhall.core.schemas import ErrorOut
from townhall.feedback.models import Comment
from townhall.feedback.services import normalize_receipt

router = Router(tags=["receipts"])


class ReceiptStateOut(Schema):
    receipt: str
    state: str
    submitted_at: datetime.datetime
    posting_id: int
    posting_url: str
    directive: str
    section: str | None


@router.get(
    "/{receipt}", response={400: ErrorOut, 200: ReceiptStateOut, 404: ErrorOut, 422: ErrorOut}
)
def get_receipt(request: HttpRequest, receipt: str) -> dict[str, Any]:
    comment = (
        Comment.objects.select_related("posting__version__directive")
        .filter(receipt=normalize_receipt(receipt[:40]))
        .first()
    )
    if comment is None:
        raise HttpError(404, "No comment with that receipt.")
    return {
        "receipt": comment.receipt,
        "state": comment.status,
        "submitted_at": comment.submitted_at,
        "posting_id": comment.posting_id,
        "posting_url": comment.posting.get_absolute_url(),
        "directive": comment.posting.version.directive.number,
        "section": comment.section_anchor or None,
    }
