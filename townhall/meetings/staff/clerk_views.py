"""The clerk's screen during the meeting (seed 000): open the public comment period, call the
speakers in order with their 3 minutes each within the 30 minutes overall, and keep the
record. Every action is a POST form that comes back to the screen, so it works without
JavaScript; with it, meeting-clock.js counts the clocks down from clerk-state."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.accounts.models import User
from townhall.accounts.selectors import signed_in_user
from townhall.core.errors import DomainError
from townhall.meetings import selectors, speaking
from townhall.meetings.models import Meeting, SpeakerRequest
from townhall.meetings.staff.common import meeting_to_manage


def clerk(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_to_manage(request, pk)
    state = selectors.period_state(meeting)
    waiting = state["waiting"]
    reachable = state["reachable"]
    return render(
        request,
        "meetings/staff/clerk.html",
        {
            "meeting": meeting,
            "state": state,
            "queue": [(s, n < reachable) for n, s in enumerate(waiting)],
            "unreachable": len(waiting) - reachable,
            "next_names": [s.name for s in waiting[: selectors.NEXT_SHOWN]],
            "presence_choices": [
                (value, label) for value, label in SpeakerRequest.Presence.choices if value
            ],
            "no_assurance": speaking.no_assurance_text(meeting),
        },
    )


def clerk_state(request: HttpRequest, pk: int) -> JsonResponse:
    """The period as JSON for the screen's clocks; never cached, it changes every second."""
    meeting = meeting_to_manage(request, pk)
    response = JsonResponse(selectors.period_state_json(meeting))
    response["Cache-Control"] = "no-store"
    return response


def _speaker(request: HttpRequest, meeting: Meeting) -> SpeakerRequest | None:
    value = request.POST.get("speaker", "")
    if not value.isdigit():
        return None
    return meeting.speakers.filter(pk=int(value)).first()


def _chosen(request: HttpRequest, meeting: Meeting) -> SpeakerRequest:
    speaker = _speaker(request, meeting)
    if speaker is None:
        raise DomainError(_("Choose a speaker of this meeting."))
    return speaker


def _start(request: HttpRequest, actor: User, meeting: Meeting) -> str:
    speaking.period_start(actor=actor, meeting=meeting)
    return _("The public comment period is open: %(total)d minutes from now.") % {
        "total": meeting.comment_total_minutes
    }


def _call(request: HttpRequest, actor: User, meeting: Meeting) -> str:
    called = speaking.speaker_call(actor=actor, meeting=meeting, speaker=_speaker(request, meeting))
    return _("Now speaking: %(name)s.") % {"name": called.name}


def _finish(request: HttpRequest, actor: User, meeting: Meeting) -> str:
    speaker = (
        _speaker(request, meeting)
        or meeting.speakers.filter(status=SpeakerRequest.Status.SPEAKING).first()
    )
    if speaker is None:
        raise DomainError(_("Nobody is speaking."))
    done = speaking.speaker_finish(actor=actor, speaker=speaker)
    return _("%(name)s has finished.") % {"name": done.name}


def _skip(request: HttpRequest, actor: User, meeting: Meeting) -> str:
    passed = speaking.speaker_skip(actor=actor, speaker=_chosen(request, meeting))
    return _("%(name)s was passed over for now and goes to the end of the queue.") % {
        "name": passed.name
    }


def _absent(request: HttpRequest, actor: User, meeting: Meeting) -> str:
    gone = speaking.speaker_absent(actor=actor, speaker=_chosen(request, meeting))
    return _("%(name)s was recorded as not present.") % {"name": gone.name}


def _presence(request: HttpRequest, actor: User, meeting: Meeting) -> str:
    speaker = speaking.speaker_presence_set(
        actor=actor, speaker=_chosen(request, meeting), presence=request.POST.get("presence", "")
    )
    return _("%(name)s: %(presence)s.") % {
        "name": speaker.name,
        "presence": speaker.get_presence_display(),
    }


def _end(request: HttpRequest, actor: User, meeting: Meeting) -> str:
    speaking.period_end(actor=actor, meeting=meeting)
    return _(
        "The public comment period has ended; anyone still waiting is recorded as not reached."
    )


ACTIONS: dict[str, Callable[[HttpRequest, User, Meeting], str]] = {
    "start": _start,
    "call": _call,
    "finish": _finish,
    "skip": _skip,
    "absent": _absent,
    "presence": _presence,
    "end": _end,
}


@require_POST
def clerk_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    meeting = meeting_to_manage(request, pk)
    run = ACTIONS.get(action)
    if run is None:
        raise Http404("No such action")
    try:
        messages.success(request, run(request, signed_in_user(request), meeting))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("staff:meetings:clerk", pk=meeting.pk)
