"""The public form for feedback or a proposed revision on any directive in effect (III-B-3,
VII-A-1, V-C-10-c), and its receipt. The same protection as the comment form
(feedback/antispam.py): a signed one-time token, a proof of work with a question for browsers
without JavaScript, a honeypot, a minimum fill time and a rate limit held only in the cache.
No address is stored."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from townhall.core.errors import DomainError
from townhall.core.forms import add_errors
from townhall.directives.models import Directive, DirectiveVersion, Section
from townhall.directives.selectors import directive_get, version_sections
from townhall.feedback import antispam
from townhall.outreach.input_forms import FIELD_NAMES, DirectiveInputForm
from townhall.outreach.inputs import (
    InputInvalid,
    ResubmittedChanged,
    already_received,
    current_version_of,
    directive_input_submit,
    input_by_receipt,
)
from townhall.outreach.models import DirectiveInput

RATE_SCOPE = "outreach.input"


def _rate() -> tuple[int, int]:
    return (
        int(getattr(settings, "TOWNHALL_INPUT_RATE_LIMIT", 10)),
        int(getattr(settings, "TOWNHALL_INPUT_RATE_WINDOW", 3600)),
    )


@dataclass(frozen=True)
class _Page:
    directive: Directive
    version: DirectiveVersion
    sections: list[Section]


def _directive_in_effect(number: str) -> _Page:
    directive = directive_get(number=number)
    version = current_version_of(directive)
    if version is None:
        raise Http404("No version in effect")
    return _Page(directive, version, version_sections(version))


def _render_form(
    request: HttpRequest,
    page: _Page,
    *,
    form: DirectiveInputForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    sections = page.sections
    if form is None:
        wanted = request.GET.get("item", "").strip()
        kind = request.GET.get("kind", "")
        initial = {
            "item": wanted if any(s.anchor == wanted for s in sections) else "",
            "kind": kind if kind in DirectiveInput.Kind.values else DirectiveInput.Kind.FEEDBACK,
        }
        form = DirectiveInputForm(initial=initial, sections=sections)
    chosen = form["item"].value() or ""
    # A fresh token on every render: a re-shown form is a new submission, while a double
    # click sends the same token twice.
    return render(
        request,
        "outreach/public/input_form.html",
        {
            "form": form,
            "directive": page.directive,
            "version": page.version,
            "section": next((s for s in sections if s.anchor == chosen), None),
            "token": antispam.issue_form_token(),
            "needs_challenge": not request.user.is_authenticated,
            "problem": problem,
            "copa_url": settings.TOWNHALL_COPA_URL,
        },
        status=status,
    )


def _to_receipt(item: DirectiveInput) -> HttpResponse:
    url = reverse("outreach:input-receipt", kwargs={"receipt": item.receipt})
    return redirect(f"{url}?new=1")


@never_cache
def input_create(request: HttpRequest, number: str) -> HttpResponse:
    """III-B-3, V-C-10-c: feedback on a directive, or a proposed revision of one of its items,
    at any time, whether or not it is posted for comment."""
    page = _directive_in_effect(number)
    if request.method != "POST":
        return _render_form(request, page)
    form = DirectiveInputForm(request.POST, sections=page.sections)
    if not form.is_valid():
        return _render_form(request, page, form=form, status=400)
    data = form.cleaned_data
    limit, window = _rate()
    rate, check = antispam.screen(request, scope=RATE_SCOPE, limit=limit, window_seconds=window)
    if check is None:
        response = _render_form(
            request,
            page,
            form=form,
            status=429,
            problem=_(
                "Too many messages from this connection in a short time. Your text is kept "
                "below; please send it again in %(minutes)d minutes."
            )
            % {"minutes": max(1, rate.retry_after // 60)},
        )
        response["Retry-After"] = str(rate.retry_after)
        return response
    try:
        existing = already_received(
            key=check.idempotency_key,
            kind=data["kind"],
            body=data["body"],
            proposed_text=data["proposed_text"],
            section_anchor=data["item"],
        )
    except ResubmittedChanged as exc:
        return _render_form(request, page, form=form, problem=exc.message, status=409)
    if existing is not None:
        # The same form again (a double click, a retry after a timeout): the same receipt.
        return _to_receipt(existing)
    if not check.ok:
        return _render_form(request, page, form=form, problem=check.message, status=400)
    try:
        result = directive_input_submit(
            directive=page.directive,
            section_anchor=data["item"],
            kind=data["kind"],
            body=data["body"],
            proposed_text=data["proposed_text"],
            name=data["name"],
            email=data["email"],
            organization=data["organization"],
            language=get_language() or "",
            idempotency_key=check.idempotency_key,
        )
    except InputInvalid as exc:
        add_errors(form, exc, FIELD_NAMES)
        return _render_form(request, page, form=form, status=400)
    except DomainError as exc:  # sent twice with another text, or no receipt could be drawn
        return _render_form(request, page, form=form, problem=exc.message, status=409)
    # Post/redirect/get: the receipt is shown only once the input is committed.
    return _to_receipt(result.item)


@never_cache
def input_receipt(request: HttpRequest, receipt: str) -> HttpResponse:
    """What was sent and where it stands. Never the sender's name, address or organization."""
    item = input_by_receipt(receipt)
    if item is None:
        raise Http404("No such receipt")
    section = (
        Section.objects.filter(version=item.version, anchor=item.section_anchor).first()
        if item.section_anchor
        else None
    )
    return render(
        request,
        "outreach/public/input_receipt.html",
        {"item": item, "section": section, "is_new": request.GET.get("new") == "1"},
    )
