"""The public pages of dialogue requests (seed 002 V-C-10-b): the form where anyone asks for a
dialogue with the Department, the receipt page that shows where a request stands, and the
lookup where someone types a receipt to follow it. The form has the comment form's
protection (feedback/antispam.py): a signed one-time token, a proof of work with a question
for browsers without JavaScript, a honeypot, a minimum fill time and a rate limit held only
in the cache. No address of the sender is stored."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from townhall.core.errors import DomainError
from townhall.core.forms import add_errors
from townhall.engagements.selectors import registry_numbers
from townhall.feedback import antispam
from townhall.outreach.dialogue_forms import DialogueLookupForm, DialogueRequestForm
from townhall.outreach.dialogues import (
    DialogueInvalid,
    ResubmittedChanged,
    already_received,
    dialogue_request_by_receipt,
    dialogue_request_check,
    dialogue_request_submit,
    find_by_receipt,
    meeting_public_path,
)
from townhall.outreach.models import DialogueRequest

RATE_SCOPE = "outreach.dialogue"


def _rate() -> tuple[int, int]:
    return (
        int(getattr(settings, "TOWNHALL_DIALOGUE_RATE_LIMIT", 5)),
        int(getattr(settings, "TOWNHALL_DIALOGUE_RATE_WINDOW", 3600)),
    )


def _render_form(
    request: HttpRequest,
    *,
    form: DialogueRequestForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    # A fresh token on every render: a re-shown form is a new submission, while a double
    # click sends the same token twice.
    return render(
        request,
        "outreach/public/dialogue_form.html",
        {
            "form": form or DialogueRequestForm(initial={"dialogue_language": get_language()}),
            "token": antispam.issue_form_token(),
            "needs_challenge": not request.user.is_authenticated,
            "problem": problem,
            "directives": registry_numbers(),
        },
        status=status,
    )


def _to_receipt(item: DialogueRequest) -> HttpResponse:
    url = reverse("outreach:dialogue-receipt", kwargs={"receipt": item.receipt})
    return redirect(f"{url}?new=1")


def _also_the_rest(form: DialogueRequestForm) -> None:
    """A form refused for one field (a district not on the list, a size that is not a
    number) lists the service's other problems too, each beside its field."""
    data = form.cleaned_data
    try:
        dialogue_request_check(
            group_name=data.get("group_name", ""),
            contact_name=data.get("contact_name", ""),
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            subject=data.get("subject", ""),
            directive_number=data.get("directive", ""),
            topic=data.get("topic"),
            group_size=data.get("group_size"),
            district=data.get("district"),
            preferred_dates=data.get("preferred_dates", ""),
            dialogue_language=data.get("dialogue_language") or get_language() or "en",
            details=data.get("details", ""),
        )
    except DialogueInvalid as exc:
        for name, message in exc.errors.items():
            if name in form.fields and name not in form.errors:
                form.add_error(name, message)


@never_cache
def dialogue_create(request: HttpRequest) -> HttpResponse:
    """V-C-10-b: ask for a dialogue with members of the Department on a topic or directive."""
    if request.method != "POST":
        return _render_form(request)
    form = DialogueRequestForm(request.POST)
    if not form.is_valid():
        _also_the_rest(form)
        return _render_form(request, form=form, status=400)
    data = form.cleaned_data
    limit, window = _rate()
    rate, check = antispam.screen(request, scope=RATE_SCOPE, limit=limit, window_seconds=window)
    if check is None:
        response = _render_form(
            request,
            form=form,
            status=429,
            problem=_(
                "Too many requests from this connection in a short time. Your text is kept "
                "below; please send it again in %(minutes)d minutes."
            )
            % {"minutes": max(1, rate.retry_after // 60)},
        )
        response["Retry-After"] = str(rate.retry_after)
        return response
    try:
        existing = already_received(
            key=check.idempotency_key,
            contact_name=data["contact_name"],
            email=data["email"],
            details=data["details"],
        )
    except ResubmittedChanged as exc:
        return _render_form(request, form=form, problem=exc.message, status=409)
    if existing is not None:
        # The same form again (a double click, a retry after a timeout): the same receipt.
        return _to_receipt(existing)
    if not check.ok:
        return _render_form(request, form=form, problem=check.message, status=400)
    try:
        result = dialogue_request_submit(
            group_name=data["group_name"],
            contact_name=data["contact_name"],
            email=data["email"],
            phone=data["phone"],
            subject=data["subject"],
            directive_number=data["directive"],
            topic=data["topic"],
            group_size=data["group_size"],
            district=data["district"],
            preferred_dates=data["preferred_dates"],
            dialogue_language=data["dialogue_language"] or get_language() or "en",
            details=data["details"],
            language=get_language() or "",
            idempotency_key=check.idempotency_key,
        )
    except DialogueInvalid as exc:
        add_errors(form, exc)
        return _render_form(request, form=form, status=400)
    except DomainError as exc:  # sent twice with another text, or no receipt could be drawn
        return _render_form(request, form=form, problem=exc.message, status=409)
    # Post/redirect/get: the receipt is shown only once the request is committed.
    return _to_receipt(result.request)


@never_cache
def dialogue_receipt(request: HttpRequest, receipt: str) -> HttpResponse:
    """Where a request stands, and once decided: the meeting, where it was referred, or the
    reason it was declined. Nothing about the person who sent it."""
    item = dialogue_request_by_receipt(receipt)
    return render(
        request,
        "outreach/public/dialogue_receipt.html",
        {
            "item": item,
            "is_new": request.GET.get("new") == "1",
            "meeting_url": meeting_public_path(item.meeting),
        },
    )


@never_cache
def dialogue_lookup(request: HttpRequest) -> HttpResponse:
    """Type a receipt number to see where a request stands."""
    form = DialogueLookupForm(request.GET or None)
    status = 200
    if form.is_valid():
        item = find_by_receipt(form.cleaned_data["receipt"])
        if item is not None:
            return redirect("outreach:dialogue-receipt", receipt=item.receipt)
        form.add_error(
            "receipt",
            _("No request has this receipt number. Check it against the email we sent you."),
        )
        status = 404
    elif form.is_bound:
        status = 400
    return render(request, "outreach/public/dialogue_lookup.html", {"form": form}, status=status)
