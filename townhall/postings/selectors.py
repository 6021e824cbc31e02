"""Reads of postings for the public site, the staff screens and the API."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from townhall.accounts.selectors import is_department_member, is_staff_member
from townhall.postings.models import Posting, PostingText

S = Posting.Status
PUBLIC_STATUSES = (S.SCHEDULED, S.OPEN, S.CLOSED, S.COMPILED)


_LARGE = ("body_text", "preamble", "trailer", "parse_warnings")


class Tab:
    OPEN = "open"
    UPCOMING = "upcoming"
    CLOSED = "closed"
    CONTINUOUS = "continuous"


def sees_internal(user: Any) -> bool:
    return is_department_member(user) or is_staff_member(user)


def visible_postings(user: Any) -> QuerySet[Posting]:
    """What a reader may see: scheduled and later; Wire-only postings to Department members."""
    qs = (
        Posting.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("version__directive", "current_version")
        # The versions' full text is large and no posting page or intake needs it from here
        # (sections are read on their own); leaving it out saves ~3 ms per comment (benchmarks).
        .defer(*(f"{v}__{f}" for v in ("version", "current_version") for f in _LARGE))
    )
    if not sees_internal(user):
        qs = qs.exclude(audience=Posting.Audience.INTERNAL)
    return qs


def is_public(posting: Posting) -> bool:
    """What visible_postings shows a reader with no account, for one posting in hand."""
    return posting.status in PUBLIC_STATUSES and posting.audience != Posting.Audience.INTERNAL


def postings_for_tab(user: Any, tab: str) -> QuerySet[Posting]:
    qs = visible_postings(user)
    if tab == Tab.UPCOMING:
        return qs.filter(status=S.SCHEDULED).order_by("opens_at", "id")
    if tab == Tab.CLOSED:
        return qs.filter(status__in=(S.CLOSED, S.COMPILED)).order_by("-closed_at", "-id")
    if tab == Tab.CONTINUOUS:
        return qs.filter(status=S.OPEN, kind=Posting.Kind.CONTINUOUS).order_by("title")
    return qs.filter(status=S.OPEN, kind=Posting.Kind.PERIOD).order_by("closes_at", "id")


def tab_counts(user: Any) -> dict[str, int]:
    qs = visible_postings(user)
    return {
        Tab.OPEN: qs.filter(status=S.OPEN, kind=Posting.Kind.PERIOD).count(),
        Tab.UPCOMING: qs.filter(status=S.SCHEDULED).count(),
        Tab.CLOSED: qs.filter(status__in=(S.CLOSED, S.COMPILED)).count(),
        Tab.CONTINUOUS: qs.filter(status=S.OPEN, kind=Posting.Kind.CONTINUOUS).count(),
    }


def posting_get_visible(*, pk: int, user: Any) -> Posting:
    posting = visible_postings(user).filter(pk=pk).first()
    if posting is None:
        raise Http404("No such posting")
    return posting


def posting_text(posting: Posting, language: str | None = None) -> tuple[PostingText | None, bool]:
    """The narrative in the reader's language, else English. Second value: is it a fallback."""
    language = language or get_language() or "en"
    texts = {t.language: t for t in posting.texts.all()}
    if language in texts:
        return texts[language], False
    return texts.get("en"), language != "en"


def open_posting_for_version(version_id: int, user: Any) -> Posting | None:
    return (
        visible_postings(user)
        .filter(version_id=version_id, status=S.OPEN)
        .order_by("kind", "-opened_at")
        .first()
    )


def open_postings_home(user: Any) -> QuerySet[Posting]:
    return (
        visible_postings(user)
        .filter(
            Q(status=S.OPEN)
            | Q(status=S.SCHEDULED, opens_at__lte=timezone.now() + datetime.timedelta(days=60))
        )
        .order_by("status", "closes_at")
    )


def staff_postings(status: str = "") -> QuerySet[Posting]:
    qs = Posting.objects.select_related("version__directive", "created_by", "authorized_by")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-updated_at")


def postings_opening_soon(user: Any, *, days: int = 7) -> QuerySet[Posting]:
    """For the staff dashboard: scheduled postings that open within `days`."""
    soon = timezone.now() + datetime.timedelta(days=days)
    return postings_for_tab(user, Tab.UPCOMING).filter(opens_at__lte=soon)


def postings_closing_soon(user: Any, *, days: int = 7) -> QuerySet[Posting]:
    """For the staff dashboard: comment periods that close within `days`."""
    soon = timezone.now() + datetime.timedelta(days=days)
    return postings_for_tab(user, Tab.OPEN).filter(closes_at__lte=soon)
