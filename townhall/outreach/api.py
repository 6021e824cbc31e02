"""Outreach in the API: the announcements sent, as open data with the feeds' selections
(public), and a dispatch's progress for the staff who sent it (VII-C)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError

from townhall.api import StaffSessionAuth
from townhall.core.schemas import ErrorOut
from townhall.outreach import permissions
from townhall.outreach.announcement_selectors import dispatch_progress
from townhall.outreach.models import Dispatch
from townhall.outreach.selectors import feed_entries, selection_from_query

router = Router(tags=["outreach"])
staff_router = Router(auth=StaffSessionAuth(), tags=["staff"])
LANGUAGES = {code for code, _name in settings.LANGUAGES}


class AnnouncementOut(Schema):
    id: int
    title: str
    body: str
    link: str
    language: str
    first_sent_at: datetime.datetime


class ProgressOut(Schema):
    dispatch: int
    status: str
    total: int
    sent: int
    failed: int
    skipped: int
    remaining: int
    percent: int


@router.get("/announcements", response={200: list[AnnouncementOut], 404: ErrorOut, 422: ErrorOut})
def announcements(request: HttpRequest, lang: str = "en") -> list[dict[str, Any]]:
    """Announcements sent by email, newest first. Filter as the feeds do: `district`,
    `topic` (id) and `directive` (number), each repeatable; none means everything."""
    selections, unknown = selection_from_query(request.GET)
    if unknown:
        raise HttpError(404, f"Unknown: {', '.join(unknown)}")
    language = lang if lang in LANGUAGES else settings.LANGUAGE_CODE
    return [
        {
            "id": e.announcement_id,
            "title": e.title,
            "body": e.body,
            "link": e.link,
            "language": e.language,
            "first_sent_at": e.published,
        }
        for e in feed_entries(selections=selections, language=language)
    ]


@staff_router.get(
    "/dispatches/{dispatch_id}",
    response={200: ProgressOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def dispatch(request: HttpRequest, dispatch_id: int) -> dict[str, Any]:
    """How far a dispatch has got, counted from its recipients' rows."""
    if not permissions.can_announce(request.user):
        raise HttpError(403, "Your role cannot see announcements.")
    item = get_object_or_404(Dispatch, pk=dispatch_id)
    progress = dispatch_progress(item)
    return {
        "dispatch": item.pk,
        "status": item.status,
        "total": progress.total,
        "sent": progress.sent,
        "failed": progress.failed,
        "skipped": progress.skipped,
        "remaining": progress.remaining,
        "percent": progress.percent,
    }
