"""The room's (or the stream's) display of the public comment period (seed 000): who speaks,
on which item, the speaker's 3 minutes and the period's 30 counting down, and who is next.

Without JavaScript the page shows the state when it loaded, with a link to refresh it (no
meta refresh: it moves people's place on the page and fails WCAG 2.2.1). With JavaScript,
static/townhall/meeting-clock.js polls display_state every second and counts down in
between; the clerk's screen uses the same script with its own JSON of the same shape."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from townhall.meetings import selectors
from townhall.meetings.views import meeting_or_404


@never_cache
def display(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(pk)
    return render(
        request,
        "meetings/public/display.html",
        {
            "meeting": meeting,
            "state": selectors.period_state_json(meeting),
            "state_url": reverse("meetings:display-state", kwargs={"pk": meeting.pk}),
        },
    )


@never_cache
def display_state(request: HttpRequest, pk: int) -> JsonResponse:
    """selectors.period_state_json: phase, total_left, speaker_left (seconds or null), over,
    speaker, item, next (up to three names), waiting. Never cached: it changes every second."""
    meeting = meeting_or_404(pk)
    return JsonResponse(selectors.period_state_json(meeting))
