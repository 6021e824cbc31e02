"""Reads of comments: counts, the staff inbox, published comments, receipts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField, Count, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils.functional import cached_property

from townhall.directives.models import DirectiveVersion
from townhall.feedback.models import (
    AnalysisRun,
    Campaign,
    Comment,
    CommentTally,
    FeedbackItem,
    Theme,
    ThemeAssignment,
)
from townhall.postings.models import Posting


@dataclass(frozen=True)
class CommentCounts:
    external: int
    internal: int

    @property
    def total(self) -> int:
        return self.external + self.internal


def comment_counts(posting: Posting) -> CommentCounts:
    """Every comment the posting holds, by origin, from the tally the database keeps
    (CommentTally): a few rows read, however many comments there are."""
    rows = (
        CommentTally.objects.filter(posting=posting)
        .values("origin")
        .annotate(total=Sum("n"))
        .values_list("origin", "total")
    )
    by_origin = dict(rows)
    return CommentCounts(
        external=int(by_origin.get(Comment.Origin.EXTERNAL, 0)),
        internal=int(by_origin.get(Comment.Origin.INTERNAL, 0)),
    )


# A search matching more comments than this says "more than 10,000" rather than counting
# them all: an exact count of 300,000 matches costs more than the page itself, and nobody
# pages that far; they narrow the search.
SEARCH_COUNT_CAP = 10_000


class InboxPaginator(Paginator):  # type: ignore[type-arg]
    """The inbox's pages. Unfiltered, the count is the posting's tally; a text search counts
    at most SEARCH_COUNT_CAP + 1 rows (`capped` then says there are more); any other
    filter counts exactly (the posting's indexes serve those)."""

    def __init__(
        self,
        object_list: QuerySet[Comment],
        per_page: int,
        *,
        posting: Posting,
        filtered: bool,
        searched: bool,
        counts: CommentCounts | None = None,
    ) -> None:
        super().__init__(object_list, per_page)
        self._comments = object_list
        self._posting, self._filtered, self._searched = posting, filtered, searched
        self._counts = counts  # the page's own, when it has read them already
        self.capped = False

    @cached_property
    def count(self) -> int:
        if not self._filtered:
            return (self._counts or comment_counts(self._posting)).total
        if self._searched:
            n = self._comments.order_by()[: SEARCH_COUNT_CAP + 1].count()
            self.capped = n > SEARCH_COUNT_CAP
            return min(n, SEARCH_COUNT_CAP)
        return self._comments.count()


def section_counts(posting: Posting) -> dict[str, int]:
    rows = (
        Comment.objects.filter(posting=posting)
        .values("section_anchor")
        .annotate(n=Count("pk"))
        .values_list("section_anchor", "n")
    )
    return dict(rows)


def text_search(qs: QuerySet[Comment], q: str) -> QuerySet[Comment]:
    """Full-text search: PostgreSQL's English text search (a stored vector, GIN-indexed); elsewhere
    every word must appear."""
    q = q.strip()[:200]
    if not q:
        return qs
    if connection.vendor == "postgresql":
        # The stored, GIN-indexed vector of migration feedback/0006 (not a model field).
        matches = RawSQL(
            "feedback_comment.search_vector @@ websearch_to_tsquery('english'::regconfig, %s)",
            (q,),
            output_field=BooleanField(),
        )
        return qs.alias(_search=matches).filter(_search=True)
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


# --- The pool and its analysis -------------------------------------------------------------


@dataclass(frozen=True)
class PoolCounts:
    items: int
    unique: int
    campaign_copies: int
    campaigns: int


def latest_run(posting: Posting) -> AnalysisRun | None:
    return AnalysisRun.objects.filter(posting=posting).first()


def pool_counts(posting: Posting) -> PoolCounts:
    """The pool as the latest finished analysis saw it: the figures the campaigns and themes
    on the page were made from, read from the run rather than counted again over a pool that
    can hold a million items."""
    run = AnalysisRun.objects.filter(posting=posting, status=AnalysisRun.Status.DONE).first()
    stats = run.stats if run else {}
    return PoolCounts(
        items=int(stats.get("items", 0)),
        unique=int(stats.get("unique", 0)),
        campaign_copies=int(stats.get("campaign_copies", 0)),
        campaigns=int(stats.get("campaigns", 0)),
    )


def current_campaigns(posting: Posting) -> QuerySet[Campaign]:
    return Campaign.objects.filter(posting=posting, is_current=True).order_by("-size", "id")


def campaign_variants(campaign: Campaign, *, limit: int = 50) -> list[dict[str, object]]:
    """The campaign's texts other than the representative, with what each added, most-sent
    first; one row per distinct addition."""
    rows = (
        FeedbackItem.objects.filter(campaign=campaign)
        .exclude(additions=[])
        .values_list("additions")
        .annotate(n=Count("pk"))
        .order_by("-n")[:limit]
    )
    return [{"additions": additions, "count": n} for additions, n in rows]


def active_themes(posting: Posting) -> QuerySet[Theme]:
    return Theme.objects.filter(posting=posting, status=Theme.Status.ACTIVE).order_by("-size", "id")


def quotes_for(themes: list[Theme]) -> dict[int, list[FeedbackItem]]:
    ids = {i for t in themes for i in t.quotes}
    items = FeedbackItem.objects.in_bulk(list(ids))
    return {t.pk: [items[i] for i in t.quotes if i in items] for t in themes}


@dataclass(frozen=True)
class HeatRow:
    anchor: str
    heading: str
    level: int
    comments: int
    themes: int


def section_heatmap(posting: Posting, themes: list[Theme]) -> list[HeatRow]:
    """Each item of the posted draft with how many comments and how many themes are about it
    (comments on the whole posting under "—"), in the draft's order."""
    comments = section_counts(posting)
    theme_counts: dict[str, int] = {}
    for theme in themes:
        for anchor in theme.sections:
            theme_counts[anchor] = theme_counts.get(anchor, 0) + 1
    rows = [
        HeatRow(
            anchor="",
            heading="",
            level=0,
            comments=comments.get("", 0),
            themes=theme_counts.get("-", 0),
        )
    ]
    for anchor, heading, level in posting.version.sections.order_by("position").values_list(
        "anchor", "heading", "level"
    ):
        rows.append(
            HeatRow(
                anchor=anchor,
                heading=heading,
                level=level,
                comments=comments.get(anchor, 0),
                themes=theme_counts.get(anchor, 0),
            )
        )
    return rows


def analysable_items(posting: Posting) -> QuerySet[FeedbackItem]:
    """The pool the analysis reads and people review: a comment hidden after it joined the
    pool stays in the pool (and the record), but out of the analysis, as one hidden before."""
    return FeedbackItem.objects.filter(posting=posting).exclude(
        comment__status=Comment.Status.HIDDEN
    )


def unreviewed_items(posting: Posting) -> QuerySet[FeedbackItem]:
    """Items that are placed by the machine only (or not at all): campaign copies stand in
    for their campaign through its representative, so they are not listed one by one."""
    reviewed = ThemeAssignment.objects.filter(
        item__posting=posting, is_current=True, by_machine=False
    ).values("item_id")
    representatives = Campaign.objects.filter(posting=posting, is_current=True).values(
        "representative_id"
    )
    return (
        analysable_items(posting)
        .filter(Q(campaign=None) | Q(pk__in=representatives))
        .exclude(pk__in=reviewed)
        .order_by("received_at", "id")
    )


def current_assignments(item_ids: list[int]) -> dict[int, ThemeAssignment]:
    return {
        a.item_id: a for a in ThemeAssignment.objects.filter(item_id__in=item_ids, is_current=True)
    }


def revision_versions(theme: Theme) -> list[DirectiveVersion]:
    """The versions of the theme's directive a decision can point to, newest first."""
    return list(
        DirectiveVersion.objects.filter(directive_id=theme.posting.version.directive_id)
        .select_related("directive")
        .order_by("-id")[:20]
    )


def theme_members(theme: Theme) -> QuerySet[FeedbackItem]:
    return FeedbackItem.objects.filter(
        assignments__theme=theme, assignments__is_current=True
    ).order_by("id")
