"""Public comment intake and receipts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache

from townhall.core.errors import ResubmittedChanged
from townhall.core.forms import add_errors
from townhall.feedback import antispam
from townhall.feedback.forms import CommentForm, ReceiptLookupForm
from townhall.feedback.models import Comment
from townhall.feedback.selectors import comment_by_receipt
from townhall.feedback.services import (
    CommentInvalid,
    PeriodNotOpen,
    already_received,
    comment_submit,
)
from townhall.postings.models import Posting
from townhall.postings.selectors import posting_get_visible, sees_internal


def comment_form_context(
    request: HttpRequest, posting: Posting, *, section: str, form: CommentForm | None = None
) -> dict[str, Any]:
    token = antispam.issue_form_token()
    signed_in = request.user.is_authenticated
    if form is None:
        form = CommentForm(initial={"section": section})
    # The template writes a fresh token (and empty challenge fields) on every render: a
    # re-shown form is a new submission, while a double click sends the same token twice.
    section_obj = posting.version.sections.filter(anchor=section).first() if section else None
    return {
        "form": form,
        "token": token,
        "needs_challenge": not signed_in,
        "is_internal": sees_internal(request.user),
        "section": section_obj,
        "max_chars": settings.TOWNHALL_COMMENT_MAX_CHARS,
        "copa_url": settings.TOWNHALL_COPA_URL,
        "form_action": reverse("feedback:comment", kwargs={"pk": posting.pk}),
    }


def _render_form(
    request: HttpRequest,
    posting: Posting,
    *,
    section: str,
    form: CommentForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "posting": posting,
        "directive": posting.version.directive,
        "problem": problem,
        "accepting": not _closed_message(posting),
    }
    context.update(comment_form_context(request, posting, section=section, form=form))
    return render(request, "feedback/comment_form.html", context, status=status)


@never_cache
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Comment on a whole posting or on one item of it (VII-B-2, V-C-10-a)."""
    posting = posting_get_visible(pk=pk, user=request.user)
    section = (request.POST.get("section") or request.GET.get("section") or "").strip()[:80]
    if request.method != "POST":
        closed = _closed_message(posting)
        if closed:
            return _render_form(request, posting, section=section, problem=closed, status=409)
        return _render_form(request, posting, section=section)

    form = CommentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_form(request, posting, section=section, form=form, status=400)
    data = form.cleaned_data
    limit, check = antispam.screen(
        request,
        scope="comment",
        limit=settings.TOWNHALL_COMMENT_RATE_LIMIT,
        window_seconds=settings.TOWNHALL_COMMENT_RATE_WINDOW,
    )
    if check is None:
        from django.utils.translation import gettext as _

        response = _render_form(
            request,
            posting,
            section=section,
            form=form,
            status=429,
            problem=_(
                "Too many comments from this connection in a short time. Your text is "
                "kept below; please send it again in %(minutes)d minutes."
            )
            % {"minutes": max(1, limit.retry_after // 60)},
        )
        response["Retry-After"] = str(limit.retry_after)
        return response
    try:
        existing = already_received(
            key=check.idempotency_key,
            body=request.POST.get("body", ""),
            section=section,
        )
    except ResubmittedChanged as exc:
        return _render_form(
            request, posting, section=section, form=form, problem=exc.message, status=409
        )
    if existing is not None:
        # The same form again (a double click, a retry after a timeout): the same receipt.
        return _to_receipt(existing)
    closed = _closed_message(posting)
    if closed:
        return _render_form(
            request,
            posting,
            section=section,
            form=form,
            problem=closed,
            status=409,
        )
    if not check.ok:
        return _render_form(
            request, posting, section=section, form=form, problem=check.message, status=400
        )
    try:
        result = comment_submit(
            posting=posting,
            body=request.POST.get("body", ""),
            section=section,
            name=data.get("name", ""),
            email=data.get("email", ""),
            organization=data.get("organization", ""),
            internal=sees_internal(request.user),
            language=get_language() or "",
            idempotency_key=check.idempotency_key,
            attachments=data.get("attachments") or [],
        )
    except CommentInvalid as exc:
        add_errors(form, exc)
        return _render_form(request, posting, section=section, form=form, status=400)
    except ValidationError as exc:
        form.add_error("attachments", exc)
        return _render_form(request, posting, section=section, form=form, status=400)
    except PeriodNotOpen as exc:
        return _render_form(
            request, posting, section=section, form=form, problem=exc.message, status=409
        )
    # Post/redirect/get: the receipt page is shown only once the comment is committed.
    return _to_receipt(result.comment)


def _to_receipt(comment: Comment) -> HttpResponse:
    return redirect(f"{reverse('feedback:receipt', kwargs={'receipt': comment.receipt})}?new=1")


def _closed_message(posting: Posting) -> str:
    from townhall.feedback.services import ensure_accepting

    try:
        ensure_accepting(posting, internal=False)
    except PeriodNotOpen as exc:
        return exc.message
    return ""


@never_cache
def receipt_lookup(request: HttpRequest) -> HttpResponse:
    form = ReceiptLookupForm(request.GET or None)
    if form.is_valid():
        from townhall.feedback.services import normalize_receipt

        return redirect("feedback:receipt", receipt=normalize_receipt(form.cleaned_data["receipt"]))
    return render(request, "feedback/receipt_lookup.html", {"form": form})


@never_cache
def receipt_detail(request: HttpRequest, receipt: str) -> HttpResponse:
    comment = comment_by_receipt(receipt)
    return render(
        request,
        "feedback/receipt.html",
        {"comment": comment, "posting": comment.posting, "is_new": request.GET.get("new") == "1"},
    )
