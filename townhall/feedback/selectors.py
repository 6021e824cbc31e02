"""Reads of comments: counts, the staff inbox, published comments, receipts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from townhall.feedback.models import Comment
from townhall.postings.models import Posting


@dataclass(frozen=True)
class CommentCounts:
    external: int
    internal: int

    @property
    def total(self) -> int:
        return self.external + self.internal


def comment_counts(posting: Posting) -> CommentCounts:
    row = Comment.objects.filter(posting=posting).aggregate(
        external=Count("pk", filter=Q(origin=Comment.Origin.EXTERNAL)),
        internal=Count("pk", filter=Q(origin=Comment.Origin.INTERNAL)),
    )
    return CommentCounts(external=row["external"] or 0, internal=row["internal"] or 0)


def section_counts(posting: Posting) -> dict[str, int]:
    rows = (
        Comment.objects.filter(posting=posting)
        .values("section_anchor")
        .annotate(n=Count("pk"))
        .values_list("section_anchor", "n")
    )
    return dict(rows)


def text_search(qs: QuerySet[Comment], q: str) -> QuerySet[Comment]:
    """Full-text search: PostgreSQL's English text search (a GIN index backs it); elsewhere
    every word must appear."""
    q = q.strip()[:200]
    if not q:
        return qs
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        return qs.annotate(_search=SearchVector("body", config="english")).filter(
            _search=SearchQuery(q, config="english", search_type="websearch")
        )
    for word in q.split()[:8]:
        qs = qs.filter(body__icontains=word)
    return qs


def inbox(
    *,
    posting: Posting,
    section: str = "",
    origin: str = "",
    channel: str = "",
    status: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    q: str = "",
    unread: bool = False,
    flagged: bool = False,
) -> QuerySet[Comment]:
    qs = Comment.objects.filter(posting=posting)
    if section == "-":
        qs = qs.filter(section_anchor="")
    elif section:
        qs = qs.filter(Q(section_anchor=section) | Q(section_anchor__startswith=f"{section}-"))
    if origin:
        qs = qs.filter(origin=origin)
    if channel:
        qs = qs.filter(channel=channel)
    if status:
        qs = qs.filter(status=status)
    if date_from:
        qs = qs.filter(received_on__gte=date_from)
    if date_to:
        qs = qs.filter(received_on__lte=date_to)
    if unread:
        qs = qs.filter(is_read=False)
    if flagged:
        qs = qs.filter(is_flagged=True)
    return text_search(qs, q).order_by("-submitted_at", "-id")


def published_comments(posting: Posting) -> QuerySet[Comment]:
    return Comment.objects.filter(posting=posting, status=Comment.Status.PUBLISHED).order_by(
        "submitted_at", "id"
    )


def comment_by_receipt(receipt: str) -> Comment:
    from townhall.feedback.services import normalize_receipt

    comment = (
        Comment.objects.select_related("posting", "posting__version__directive")
        .filter(receipt=normalize_receipt(receipt))
        .first()
    )
    if comment is None:
        raise Http404("No such receipt")
    return comment
