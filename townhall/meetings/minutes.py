"""The minutes of a meeting (5 ILCS 120/2.06): written after it, approved within 30 days or at
the second subsequent regular meeting (whichever is later), posted within 10 days of approval,
and kept. The deadlines are in selectors.minutes_deadlines; the staff dashboard flags the
overdue ones."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.accounts.models import User
from townhall.core.audit import audit_record
from townhall.core.errors import FieldsInvalid, IllegalTransition, NotAllowed
from townhall.core.text import one_line
from townhall.meetings import permissions
from townhall.meetings.models import Meeting, Minutes

__all__ = ["MinutesInvalid", "minutes_approve", "minutes_post", "minutes_save"]


class MinutesInvalid(FieldsInvalid):
    """Field-level problems with the minutes."""


def _check(actor: User, meeting: Meeting) -> None:
    if not permissions.can_manage_meeting(actor, meeting):
        raise NotAllowed(_("Your role cannot keep this meeting's minutes."))


def _clean_votes(votes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """2.06(b): a record of the votes taken: the motion, the counts and the outcome."""
    cleaned = []
    for vote in votes:
        motion = one_line(str(vote.get("motion", "")))
        if not motion:
            continue
        counts = {}
        for key in ("for", "against", "abstain"):
            try:
                counts[key] = max(0, int(vote.get(key) or 0))
            except (TypeError, ValueError):
                raise MinutesInvalid({"votes": _("Votes are counted in whole numbers.")}) from None
        outcome = one_line(str(vote.get("outcome", "")))[:100] or (
            _("Carried") if counts["for"] > counts["against"] else _("Failed")
        )
        cleaned.append({"motion": motion[:500], **counts, "outcome": outcome})
    return cleaned


def minutes_save(
    *, actor: User, meeting: Meeting, summary: str, votes: list[dict[str, Any]]
) -> Minutes:
    """Write or revise the draft minutes of a meeting that was held. Approved minutes are
    not rewritten."""
    _check(actor, meeting)
    if meeting.status != Meeting.Status.HELD:
        raise IllegalTransition(_("Minutes are written for a meeting that was held."))
    summary = summary.replace("\r\n", "\n").strip()
    if not summary:
        raise MinutesInvalid({"summary": _("Summarise the discussion.")})
    clean = _clean_votes(votes)
    now = timezone.now()
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
        if minutes is None:
            minutes = Minutes.objects.create(
                meeting=meeting, summary=summary, votes=clean, updated_by=actor, updated_at=now
            )
            audit_record(actor=actor, action="minutes.draft", obj=minutes, after={"votes": clean})
            return minutes
        if minutes.status != Minutes.Status.DRAFT:
            raise IllegalTransition(_("These minutes are approved; they are kept as approved."))
        before = {"summary": minutes.summary, "votes": minutes.votes}
        Minutes.objects.filter(pk=minutes.pk).update(
            summary=summary, votes=clean, updated_by=actor, updated_at=now
        )
        audit_record(
            actor=actor,
            action="minutes.revise",
            obj=minutes,
            before=before,
            after={"summary": summary, "votes": clean},
        )
    minutes.refresh_from_db()
    return minutes


def minutes_approve(*, actor: User, minutes: Minutes, approved_on: datetime.date) -> Minutes:
    """Record the body's approval of the minutes, on the day it approved them."""
    _check(actor, minutes.meeting)
    if minutes.status != Minutes.Status.DRAFT:
        raise IllegalTransition(_("These minutes are already approved."))
    held_on = timezone.localdate(minutes.meeting.starts_at)
    if approved_on < held_on or approved_on > timezone.localdate():
        raise MinutesInvalid(
            {"approved_on": _("The approval date falls between the meeting and today.")}
        )
    with transaction.atomic():
        updated = Minutes.objects.filter(pk=minutes.pk, status=Minutes.Status.DRAFT).update(
            status=Minutes.Status.APPROVED, approved_on=approved_on
        )
        if not updated:
            raise IllegalTransition(_("Someone changed these minutes meanwhile; look again."))
        audit_record(
            actor=actor,
            action="minutes.approve",
            obj=minutes,
            before={"status": Minutes.Status.DRAFT},
            after={"status": Minutes.Status.APPROVED, "approved_on": approved_on},
        )
    minutes.refresh_from_db()
    return minutes


def minutes_post(*, actor: User, minutes: Minutes) -> Minutes:
    """Make the approved minutes public on the meeting's page (2.06(b)); kept there."""
    _check(actor, minutes.meeting)
    if minutes.status != Minutes.Status.APPROVED:
        raise IllegalTransition(_("Minutes are posted once they are approved."))
    now = timezone.now()
    with transaction.atomic():
        updated = Minutes.objects.filter(pk=minutes.pk, status=Minutes.Status.APPROVED).update(
            status=Minutes.Status.POSTED, posted_at=now
        )
        if not updated:
            raise IllegalTransition(_("Someone changed these minutes meanwhile; look again."))
        audit_record(
            actor=actor,
            action="minutes.post",
            obj=minutes,
            before={"status": Minutes.Status.APPROVED},
            after={"status": Minutes.Status.POSTED},
        )
    minutes.refresh_from_db()
    return minutes
