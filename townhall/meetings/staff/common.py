"""What every staff view of meetings does first: fetch the meeting and authorize."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from townhall.meetings import permissions
from townhall.meetings.models import Meeting


def can_read(request: HttpRequest) -> None:
    if not permissions.can_view_meetings(request.user):
        raise PermissionDenied


def meeting_to_read(request: HttpRequest, pk: int) -> Meeting:
    can_read(request)
    return get_object_or_404(Meeting.objects.select_related("activity__engagement"), pk=pk)


def meeting_to_manage(request: HttpRequest, pk: int) -> Meeting:
    """Scheduling, the agenda, the clerk's screen, the minutes: those who run the meetings of
    the meeting's activity (permissions.can_manage_meeting)."""
    meeting = meeting_to_read(request, pk)
    if not permissions.can_manage_meeting(request.user, meeting):
        raise PermissionDenied
    return meeting
