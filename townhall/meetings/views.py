"""The public side of meetings, under /meetings/: the list and the meeting's page, registration
with its one-link cancellation, requests to speak and written comments (seed 000), the
anonymous attendee profile (VIII), the calendar file, and the facilitators' notes page (V-C-4).

Every form follows the community request form (engagements/request_views.py): the anti-abuse
screen of feedback/antispam.py, the token's idempotency key passed to the service so a double
click gives the same receipt, a redirect to the receipt once the row is committed, and a
refusal shown as a clear message with what was typed kept. A form that has closed says so
before any other check, with its deadline. Only meetings in selectors.public_meetings() are
shown: never a draft, never an internal focus group (V-C-9)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from townhall.core.districts import district
from townhall.core.errors import DomainError, FieldsInvalid
from townhall.core.forms import add_errors
from townhall.engagements import public
from townhall.feedback import antispam
from townhall.feedback.antispam import CheckResult
from townhall.meetings import registration as registrations
from townhall.meetings import selectors, speaking, written
from townhall.meetings.forms import NoteForm, ProfileForm, RegistrationForm, SpeakForm, WrittenForm
from townhall.meetings.ical import meeting_calendar_bytes
from townhall.meetings.models import (
    BreakoutGroup,
    Meeting,
    Minutes,
    Registration,
    SpeakerRequest,
    WrittenComment,
)

PER_PAGE = 20
# Forms per connection in ten minutes, held only in the cache (feedback/antispam.py). The
# attendee profile is filled in at the venue, where a whole room shares one connection.
RATE_WINDOW = 600
RATE_LIMITS = {
    "meetings.register": 20,
    "meetings.speak": 20,
    "meetings.write": 20,
    "meetings.profile": 100,
}


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def meeting_or_404(pk: int) -> Meeting:
    meeting = selectors.public_meetings().filter(pk=pk).first()
    if meeting is None:
        raise Http404("No such public meeting")
    return meeting


# Secret links (secrets.token_urlsafe) and receipts (typed in any case, with or without
# dashes) hold only these; anything else (a NUL, which PostgreSQL refuses in a query) is no
# such page.
_KEY = re.compile(r"[A-Za-z0-9_-]{1,100}")


def _key(value: str) -> str:
    if not _KEY.fullmatch(value):
        raise Http404("No such link")
    return value


def _live_items(meeting: Meeting) -> list[Any]:
    return list(meeting.agenda.filter(withdrawn=False))


def _is_over(meeting: Meeting, now: datetime.datetime) -> bool:
    return meeting.status == Meeting.Status.HELD or now >= meeting.ends_at


# --- When each form closes: the services' own rules and words ----------------------------------


def _register_closed(meeting: Meeting) -> str:
    return registrations.registration_closed(meeting, timezone.now())


def _speak_closed(meeting: Meeting) -> str:
    return speaking.speak_closed(meeting, timezone.now())


def _written_closed(meeting: Meeting, *, typed: bool) -> str:
    return written.written_closed(meeting, timezone.now(), typed=typed)


def _profile_closed(meeting: Meeting) -> str:
    return written.profile_closed(meeting, timezone.now())


# --- The shared screening of a public form's POST ----------------------------------------------

Renderer = Callable[[str, int], HttpResponse]


def _screen(
    request: HttpRequest, *, scope: str, closed: str, render_form: Renderer
) -> HttpResponse | CheckResult:
    """The rate limit, then a closed form (its deadline, before anything else), then the
    token, honeypot, fill time and question: a refusal to return, or the check that passed.
    A closed form whose check passed still goes to the service: it gives back the first
    submission of this token (a double click at the deadline) or refuses with its reason."""
    rate, check = antispam.screen(
        request, scope=scope, limit=RATE_LIMITS[scope], window_seconds=RATE_WINDOW
    )
    if check is None:
        response = render_form(
            _(
                "Too many forms from this connection in a short time. What you wrote is kept "
                "below; please send it again in %(minutes)d minutes."
            )
            % {"minutes": max(1, rate.retry_after // 60)},
            429,
        )
        response["Retry-After"] = str(rate.retry_after)
        return response
    if not check.ok:
        return render_form(closed, 409) if closed else render_form(check.message, 400)
    return check


# --- The list and the meeting's page -----------------------------------------------------------


def meeting_list(request: HttpRequest) -> HttpResponse:
    """The upcoming public meetings, soonest first, in Chicago time."""
    page = Paginator(selectors.upcoming_public_meetings(), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "meetings/public/list.html",
        {
            "page": page,
            "rows": [(m, _district_label(m)) for m in page.object_list],
        },
    )


def _district_label(meeting: Meeting) -> str:
    found = district(meeting.district) if meeting.district is not None else None
    return public.district_label(found) if found else ""


def _language_names(meeting: Meeting) -> list[tuple[str, str]]:
    names = getattr(settings, "LANGUAGE_NAMES_EN", {})
    return [(code, str(names.get(code, code))) for code in meeting.languages or ()]


def _posted_minutes(meeting: Meeting) -> Minutes | None:
    try:
        minutes = meeting.minutes
    except ObjectDoesNotExist:
        return None
    return minutes if minutes.status == Minutes.Status.POSTED else None


@dataclass(frozen=True)
class VoteRow:
    motion: str
    yes: int
    no: int
    abstain: int
    outcome: str


def _vote_rows(minutes: Minutes | None) -> list[VoteRow]:
    if minutes is None:
        return []
    return [
        VoteRow(
            motion=str(v.get("motion", "")),
            yes=int(v.get("for") or 0),
            no=int(v.get("against") or 0),
            abstain=int(v.get("abstain") or 0),
            outcome=str(v.get("outcome", "")),
        )
        for v in minutes.votes or ()
        if isinstance(v, dict)
    ]


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting's page: when, where, how to join; the notice (5 ILCS 120/2.02); the
    agenda; how Department members attend (III-C NOTE); registration; the public comment
    rules with this meeting's numbers (seed 000); after it, the recording and the minutes."""
    meeting = meeting_or_404(pk)
    now = timezone.now()
    cancelled = meeting.status == Meeting.Status.CANCELLED
    minutes = _posted_minutes(meeting)
    speak_closed = _speak_closed(meeting)
    written_closed = _written_closed(meeting, typed=False)
    counts = selectors.speaker_counts(meeting)
    return render(
        request,
        "meetings/public/detail.html",
        {
            "meeting": meeting,
            "card": public.engagement_card(meeting.activity.engagement, _language()),
            "district_label": _district_label(meeting),
            "languages": _language_names(meeting),
            "agenda": list(meeting.agenda.all()),
            "cancelled": cancelled,
            "over": _is_over(meeting, now),
            "places": selectors.places(meeting),
            "registration_open": registrations.is_open_for_registration(meeting, now),
            "public_comment": meeting.has_public_comment
            and not cancelled
            and not _is_over(meeting, now),
            "speak_deadline": speaking.request_deadline(meeting),
            "written_deadline": speaking.written_deadline(meeting),
            "speak_closed": speak_closed,
            "written_closed": written_closed,
            "counts": counts,
            "no_assurance": speaking.no_assurance_text(meeting)
            if counts.more_than_period_holds
            else "",
            "profile_open": not written.profile_closed(meeting, now),
            "minutes": minutes,
            "votes": _vote_rows(minutes),
        },
    )


# --- The calendar file (RFC 5545) --------------------------------------------------------------


def meeting_ical(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(pk)
    url = request.build_absolute_uri(reverse("meetings:detail", kwargs={"pk": meeting.pk}))
    response = HttpResponse(
        meeting_calendar_bytes(meeting, url), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="meeting-{meeting.pk}.ics"'
    return response


# --- Registration ------------------------------------------------------------------------------


def _render_register(
    request: HttpRequest,
    meeting: Meeting,
    *,
    form: RegistrationForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "meetings/public/register.html",
        {
            "meeting": meeting,
            "form": form or RegistrationForm(),
            "token": antispam.issue_form_token(),
            "needs_challenge": not request.user.is_authenticated,
            "problem": problem,
            "closed": _register_closed(meeting),
            "places": selectors.places(meeting),
        },
        status=status,
    )


@never_cache
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """RSVP: a place while there is one, else the waiting list."""
    meeting = meeting_or_404(pk)
    if request.method != "POST":
        return _render_register(request, meeting)
    form = RegistrationForm(request.POST)
    if not form.is_valid():
        return _render_register(request, meeting, form=form, status=400)
    check = _screen(
        request,
        scope="meetings.register",
        closed=_register_closed(meeting),
        render_form=lambda problem, status: _render_register(
            request, meeting, form=form, problem=problem, status=status
        ),
    )
    if isinstance(check, HttpResponse):
        return check
    data = form.cleaned_data
    try:
        result = registrations.registration_submit(
            meeting=meeting,
            name=data["name"],
            email=data["email"],
            needs=list(data["needs"]),
            needs_note=data["needs_note"],
            language=_language(),
            follow_up_ok=data["follow_up_ok"],
            idempotency_key=check.idempotency_key,
        )
    except FieldsInvalid as exc:
        add_errors(form, exc)
        return _render_register(request, meeting, form=form, status=400)
    except DomainError as exc:
        return _render_register(request, meeting, form=form, problem=exc.message, status=409)
    url = reverse("meetings:registration", kwargs={"token": result.registration.token})
    return redirect(f"{url}?new=1")


def _registration(token: str) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("meeting"),
        token=_key(token),
        meeting__in=selectors.public_meetings(),
    )


@never_cache
def registration_detail(request: HttpRequest, token: str) -> HttpResponse:
    """The registrant's page, reached by the secret link: where the registration stands."""
    item = _registration(token)
    meeting = item.meeting
    return render(
        request,
        "meetings/public/registration.html",
        {
            "item": item,
            "meeting": meeting,
            "position": registrations.waiting_position(item),
            "is_new": request.GET.get("new") == "1",
            "can_cancel": registrations.can_cancel(item, timezone.now()),
        },
    )


@never_cache
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (a link scanner that opens the email's link cancels nothing);
    POST cancels, and the first on the waiting list gets the place."""
    item = _registration(token)
    problem = ""
    status = 200
    if request.method == "POST":
        try:
            registrations.registration_cancel(registration=item)
        except DomainError as exc:
            problem, status = exc.message, 409
        else:
            messages.success(
                request, _("Your registration is cancelled. Thank you for telling us.")
            )
            return redirect("meetings:registration", token=item.token)
    return render(
        request,
        "meetings/public/registration_cancel.html",
        {
            "item": item,
            "meeting": item.meeting,
            "problem": problem,
            "can_cancel": registrations.can_cancel(item, timezone.now()),
        },
        status=status,
    )


# --- Requests to speak (seed 000) --------------------------------------------------------------


def _render_speak(
    request: HttpRequest,
    meeting: Meeting,
    *,
    form: SpeakForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    closed = _speak_closed(meeting)
    return render(
        request,
        "meetings/public/speak.html",
        {
            "meeting": meeting,
            "form": form or SpeakForm(items=_live_items(meeting)),
            "token": antispam.issue_form_token(),
            "needs_challenge": not request.user.is_authenticated,
            "problem": problem,
            "closed": closed,
            "written_closed": _written_closed(meeting, typed=False),
            "speak_deadline": speaking.request_deadline(meeting),
            "counts": selectors.speaker_counts(meeting),
        },
        status=status,
    )


@never_cache
def speak(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask to speak in the public comment period: one opportunity, on an item of the agenda,
    no less than 24 hours (the meeting's own number) before the start."""
    meeting = meeting_or_404(pk)
    if request.method != "POST":
        return _render_speak(request, meeting)
    form = SpeakForm(request.POST, items=_live_items(meeting))
    if not form.is_valid():
        return _render_speak(request, meeting, form=form, status=400)
    check = _screen(
        request,
        scope="meetings.speak",
        closed=_speak_closed(meeting),
        render_form=lambda problem, status: _render_speak(
            request, meeting, form=form, problem=problem, status=status
        ),
    )
    if isinstance(check, HttpResponse):
        return check
    data = form.cleaned_data
    try:
        result = speaking.speaker_request_submit(
            meeting=meeting,
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            agenda_item_id=data["agenda_item"],
            interpretation=data["interpretation"],
            language=_language(),
            idempotency_key=check.idempotency_key,
        )
    except FieldsInvalid as exc:
        add_errors(form, exc)
        return _render_speak(request, meeting, form=form, status=400)
    except DomainError as exc:
        return _render_speak(request, meeting, form=form, problem=exc.message, status=409)
    url = reverse("meetings:speak-receipt", kwargs={"receipt": result.request.receipt})
    return redirect(f"{url}?new=1")


@never_cache
def speak_receipt(request: HttpRequest, receipt: str) -> HttpResponse:
    """Where a request to speak stands. No one's name or address: only the receipt's
    holder reads it, but anyone might."""
    item = get_object_or_404(
        SpeakerRequest.objects.select_related("meeting", "agenda_item"),
        receipt=speaking.SPEAKER_RECEIPTS.normalize(_key(receipt)),
        meeting__in=selectors.public_meetings(),
    )
    meeting = item.meeting
    ahead = speaking.ahead_of(item)
    waiting = item.status == SpeakerRequest.Status.WAITING
    beyond = speaking.beyond_period(item, ahead)
    return render(
        request,
        "meetings/public/speak_receipt.html",
        {
            "item": item,
            "meeting": meeting,
            "is_new": request.GET.get("new") == "1",
            "waiting": waiting,
            "ahead": ahead,
            "lottery": meeting.speaker_order == Meeting.SpeakerOrder.LOTTERY,
            "speak_deadline": speaking.request_deadline(meeting),
            "no_assurance": speaking.no_assurance_text(meeting) if beyond else "",
        },
    )


# --- Written comments (seed 000) ---------------------------------------------------------------


def _render_write(
    request: HttpRequest,
    meeting: Meeting,
    *,
    form: WrittenForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "meetings/public/write.html",
        {
            "meeting": meeting,
            "form": form or WrittenForm(items=_live_items(meeting)),
            "token": antispam.issue_form_token(),
            "needs_challenge": not request.user.is_authenticated,
            "problem": problem,
            "closed": _written_closed(meeting, typed=form is not None),
            "written_deadline": speaking.written_deadline(meeting),
            "max_chars": written.MAX_CHARS,
        },
        status=status,
    )


@never_cache
def write(request: HttpRequest, pk: int) -> HttpResponse:
    """A written comment, no later than one hour (the meeting's own number) before the start;
    it goes to the members before the meeting and into the engagement's pool."""
    meeting = meeting_or_404(pk)
    if request.method != "POST":
        return _render_write(request, meeting)
    form = WrittenForm(request.POST, items=_live_items(meeting))
    if not form.is_valid():
        return _render_write(request, meeting, form=form, status=400)
    check = _screen(
        request,
        scope="meetings.write",
        closed=_written_closed(meeting, typed=True),
        render_form=lambda problem, status: _render_write(
            request, meeting, form=form, problem=problem, status=status
        ),
    )
    if isinstance(check, HttpResponse):
        return check
    data = form.cleaned_data
    try:
        comment, _created = written.written_comment_submit(
            meeting=meeting,
            name=data["name"],
            email=data["email"],
            body=data["body"],
            agenda_item_id=data["agenda_item"],
            language=_language(),
            idempotency_key=check.idempotency_key,
        )
    except FieldsInvalid as exc:
        add_errors(form, exc)
        return _render_write(request, meeting, form=form, status=400)
    except DomainError as exc:
        return _render_write(request, meeting, form=form, problem=exc.message, status=409)
    url = reverse("meetings:written-receipt", kwargs={"receipt": comment.receipt})
    return redirect(f"{url}?new=1")


@never_cache
def written_receipt(request: HttpRequest, receipt: str) -> HttpResponse:
    item = get_object_or_404(
        WrittenComment.objects.select_related("meeting", "agenda_item"),
        receipt=written.WRITTEN_RECEIPTS.normalize(_key(receipt)),
        meeting__in=selectors.public_meetings(),
    )
    return render(
        request,
        "meetings/public/written_receipt.html",
        {"item": item, "meeting": item.meeting, "is_new": request.GET.get("new") == "1"},
    )


# --- The anonymous attendee profile (VIII) -----------------------------------------------------


def _render_profile(
    request: HttpRequest,
    meeting: Meeting,
    *,
    form: ProfileForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "meetings/public/profile.html",
        {
            "meeting": meeting,
            "form": form or ProfileForm(),
            "token": antispam.issue_form_token(),
            "needs_challenge": not request.user.is_authenticated,
            "problem": problem,
            "closed": _profile_closed(meeting),
            "thanks": request.method == "GET" and request.GET.get("thanks") == "1",
        },
        status=status,
    )


@never_cache
def profile(request: HttpRequest, pk: int) -> HttpResponse:
    """Voluntary and anonymous: nothing ties the answers to a person or a registration."""
    meeting = meeting_or_404(pk)
    if request.method != "POST":
        return _render_profile(request, meeting)
    form = ProfileForm(request.POST)
    if not form.is_valid():
        return _render_profile(request, meeting, form=form, status=400)
    check = _screen(
        request,
        scope="meetings.profile",
        closed=_profile_closed(meeting),
        render_form=lambda problem, status: _render_profile(
            request, meeting, form=form, problem=problem, status=status
        ),
    )
    if isinstance(check, HttpResponse):
        return check
    data = form.cleaned_data
    try:
        written.profile_submit(
            meeting=meeting,
            age_band=data["age_band"],
            race=data["race"],
            district=data["district"],
            lived_experience=data["lived_experience"],
            idempotency_key=check.idempotency_key,
        )
    except DomainError as exc:
        return _render_profile(request, meeting, form=form, problem=exc.message, status=409)
    url = reverse("meetings:profile", kwargs={"pk": meeting.pk})
    return redirect(f"{url}?thanks=1")


# --- The facilitators' notes (V-C-4) -----------------------------------------------------------


def _render_notes(
    request: HttpRequest,
    group: BreakoutGroup,
    *,
    form: NoteForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    meeting = group.meeting
    return render(
        request,
        "meetings/public/notes.html",
        {
            "group": group,
            "meeting": meeting,
            "form": form or NoteForm(prompts=meeting.prompts.all()),
            "problem": problem,
            "notes": group.notes.select_related("prompt").order_by("-created_at", "-id"),
            "not_yet": timezone.now() < meeting.starts_at,
        },
        status=status,
    )


@never_cache
def notes(request: HttpRequest, token: str) -> HttpResponse:
    """A facilitator writes the group's notes on a phone, through the secret link: no
    account, no anti-abuse checks (the link is the key). Notes join the engagement's pool."""
    group = get_object_or_404(
        BreakoutGroup.objects.select_related("meeting"),
        token=_key(token),
        meeting__in=selectors.public_meetings(),
    )
    if request.method != "POST":
        return _render_notes(request, group)
    form = NoteForm(request.POST, prompts=group.meeting.prompts.all())
    if not form.is_valid():
        return _render_notes(request, group, form=form, status=400)
    try:
        written.breakout_note_add(
            group=group, text=form.cleaned_data["text"], prompt_id=form.cleaned_data["prompt"]
        )
    except FieldsInvalid as exc:
        add_errors(form, exc)
        return _render_notes(request, group, form=form, status=400)
    except DomainError as exc:
        return _render_notes(request, group, form=form, problem=exc.message, status=409)
    messages.success(request, _("Your notes are saved. Thank you."))
    return redirect("meetings:notes", token=group.token)
