"""The public form where a community group asks to lead or co-produce an engagement (IV-B-7
NOTE), and its receipt. The same protection as the comment form (feedback/antispam.py): a
signed one-time token, a proof of work with a question for browsers without JavaScript, a
honeypot, a minimum fill time and a rate limit held only in the cache. No address is stored."""

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
from townhall.engagements.forms import CommunityRequestForm
from townhall.engagements.models import CommunityRequest
from townhall.engagements.requests import (
    RequestInvalid,
    ResubmittedChanged,
    already_received,
    community_request_submit,
)
from townhall.engagements.selectors import community_request_by_receipt, registry_numbers
from townhall.feedback import antispam

RATE_SCOPE = "engagements.request"


def _rate() -> tuple[int, int]:
    return (
        int(getattr(settings, "TOWNHALL_REQUEST_RATE_LIMIT", 5)),
        int(getattr(settings, "TOWNHALL_REQUEST_RATE_WINDOW", 3600)),
    )


def _render_form(
    request: HttpRequest,
    *,
    form: CommunityRequestForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    # A fresh token on every render: a re-shown form is a new submission, while a double
    # click sends the same token twice.
    return render(
        request,
        "engagements/public/request_form.html",
        {
            "form": form or CommunityRequestForm(),
            "token": antispam.issue_form_token(),
            "needs_challenge": not request.user.is_authenticated,
            "problem": problem,
            "directives": registry_numbers(),
        },
        status=status,
    )


def _to_receipt(item: CommunityRequest) -> HttpResponse:
    url = reverse("engagements:request-receipt", kwargs={"receipt": item.receipt})
    return redirect(f"{url}?new=1")


@never_cache
def request_create(request: HttpRequest) -> HttpResponse:
    """IV-B-7 NOTE: a community group asks to lead or co-produce an engagement."""
    if request.method != "POST":
        return _render_form(request)
    form = CommunityRequestForm(request.POST)
    if not form.is_valid():
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
            organization=data["organization"],
            description=data["description"],
        )
    except ResubmittedChanged as exc:
        return _render_form(request, form=form, problem=exc.message, status=409)
    if existing is not None:
        # The same form again (a double click, a retry after a timeout): the same receipt.
        return _to_receipt(existing)
    if not check.ok:
        return _render_form(request, form=form, problem=check.message, status=400)
    try:
        result = community_request_submit(
            kind=data["kind"],
            organization=data["organization"],
            contact_name=data["contact_name"],
            email=data["email"],
            phone=data["phone"],
            subject=data["subject"],
            directive_number=data["directive"],
            description=data["description"],
            districts=data["districts"],
            language=get_language() or "",
            idempotency_key=check.idempotency_key,
        )
    except RequestInvalid as exc:
        add_errors(form, exc)
        return _render_form(request, form=form, status=400)
    except DomainError as exc:  # sent twice with another text, or no receipt could be drawn
        return _render_form(request, form=form, problem=exc.message, status=409)
    # Post/redirect/get: the receipt is shown only once the request is committed.
    return _to_receipt(result.request)


@never_cache
def request_receipt(request: HttpRequest, receipt: str) -> HttpResponse:
    """Where a request stands. Only the organization and the status: no person's details."""
    item = community_request_by_receipt(receipt)
    return render(
        request,
        "engagements/public/request_receipt.html",
        {
            "item": item,
            "is_new": request.GET.get("new") == "1",
        },
    )
