"""Staff side of dialogue requests (seed 002 V-C-10-b): the queue with its status filter and
counts, each request, and OEE's decisions: schedule into a meeting, refer, or decline with a
reason. OEE and administrators decide and see the requester's contact details; OCPR reads
the queue. Every decision is audited and mailed to the requester by the services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.accounts.selectors import signed_in_user
from townhall.core.districts import district
from townhall.core.errors import DomainError, IllegalTransition
from townhall.core.forms import add_errors
from townhall.meetings.models import Meeting
from townhall.outreach import dialogues, permissions
from townhall.outreach.dialogue_forms import (
    DialogueDeclineForm,
    DialogueFilterForm,
    DialogueReferForm,
    DialogueScheduleForm,
)
from townhall.outreach.models import DialogueRequest

S = DialogueRequest.Status


def _can_read(request: HttpRequest) -> None:
    if not permissions.can_view_dialogues(request.user):
        raise PermissionDenied


def _can_triage(request: HttpRequest) -> None:
    if not permissions.can_triage_dialogues(request.user):
        raise PermissionDenied


def _get(pk: int) -> DialogueRequest:
    return get_object_or_404(
        DialogueRequest.objects.select_related("directive", "topic", "meeting", "decided_by"),
        pk=pk,
    )


def dialogue_list(request: HttpRequest) -> HttpResponse:
    """The queue: newest first, filtered by status, with how many are in each."""
    _can_read(request)
    form = DialogueFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    counts = dialogues.dialogue_status_counts()
    return render(
        request,
        "outreach/staff/dialogue_list.html",
        {
            "form": form,
            "status": status,
            "status_label": dict(S.choices).get(status, ""),
            "counts": [(value, label, counts[value]) for value, label in S.choices],
            "total": sum(counts.values()),
            "items": dialogues.dialogue_requests(status=status)[:500],
        },
    )


def _meetings() -> list[Meeting]:
    return list(dialogues.meetings_to_offer().select_related("activity__engagement")[:200])


def _detail(
    request: HttpRequest,
    item: DialogueRequest,
    *,
    schedule_form: DialogueScheduleForm | None = None,
    refer_form: DialogueReferForm | None = None,
    decline_form: DialogueDeclineForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_triage = permissions.can_triage_dialogues(request.user)
    meetings = _meetings() if can_triage else []
    context: dict[str, Any] = {
        "item": item,
        # Contact details are for those who answer: the form promises they are used only to
        # answer the request.
        "sees_contact": can_triage,
        "district": district(item.district) if item.district else None,
        "meeting_url": dialogues.meeting_public_path(item.meeting),
        "can_schedule": can_triage and item.status in (S.RECEIVED, S.REFERRED),
        "can_refer": can_triage and item.status == S.RECEIVED,
        "can_decline": can_triage and item.status == S.RECEIVED,
        "meetings": meetings,
        "schedule_form": schedule_form or DialogueScheduleForm(prefix="s", meetings=meetings),
        "refer_form": refer_form or DialogueReferForm(prefix="r"),
        "decline_form": decline_form or DialogueDeclineForm(prefix="d"),
    }
    return render(request, "outreach/staff/dialogue_detail.html", context, status=status)


def dialogue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _can_read(request)
    return _detail(request, _get(pk))


def _back(item: DialogueRequest) -> HttpResponse:
    return redirect("staff:outreach:dialogue", pk=item.pk)


@require_POST
def dialogue_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    _can_triage(request)
    item = _get(pk)
    meetings = _meetings()
    form = DialogueScheduleForm(request.POST, prefix="s", meetings=meetings)
    if form.is_valid():
        chosen = form.cleaned_data["meeting"]
        meeting = next((m for m in meetings if m.pk == chosen), None)
        if meeting is None:
            form.add_error("meeting", _("Choose the meeting where the dialogue takes place."))
        else:
            try:
                dialogues.dialogue_request_schedule(
                    actor=signed_in_user(request),
                    dialogue_request=item,
                    meeting=meeting,
                    note=form.cleaned_data["note"],
                )
            except IllegalTransition as exc:  # decided meanwhile: the page says how
                messages.error(request, exc.message)
                return _back(item)
            except DomainError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request, _("The meeting is scheduled; the requester will be told.")
                )
                return _back(item)
    return _detail(request, item, schedule_form=form, status=400)


@require_POST
def dialogue_refer(request: HttpRequest, pk: int) -> HttpResponse:
    _can_triage(request)
    item = _get(pk)
    form = DialogueReferForm(request.POST, prefix="r")
    if form.is_valid():
        try:
            dialogues.dialogue_request_refer(
                actor=signed_in_user(request),
                dialogue_request=item,
                referred_to=form.cleaned_data["referred_to"],
                note=form.cleaned_data["note"],
            )
        except IllegalTransition as exc:  # decided meanwhile: the page says how
            messages.error(request, exc.message)
            return _back(item)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The request was referred; the requester will be told."))
            return _back(item)
    return _detail(request, item, refer_form=form, status=400)


@require_POST
def dialogue_decline(request: HttpRequest, pk: int) -> HttpResponse:
    _can_triage(request)
    item = _get(pk)
    form = DialogueDeclineForm(request.POST, prefix="d")
    if form.is_valid():
        try:
            dialogues.dialogue_request_decline(
                actor=signed_in_user(request),
                dialogue_request=item,
                reason=form.cleaned_data["reason"],
            )
        except IllegalTransition as exc:  # decided meanwhile: the page says how
            messages.error(request, exc.message)
            return _back(item)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The request was declined; the requester will be told."))
            return _back(item)
    return _detail(request, item, decline_form=form, status=400)
