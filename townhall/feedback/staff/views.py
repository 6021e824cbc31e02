"""Staff side of feedback: the comment inbox, moderation, entry of comments that arrived
another way, and bulk import (VI-B-4, VII-D-3, VII-D-4)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.accounts.selectors import signed_in_user
from townhall.core.downloads import download
from townhall.core.errors import DomainError
from townhall.core.forms import add_errors
from townhall.feedback import importing, services
from townhall.feedback.forms import (
    ImportForm,
    InboxFilterForm,
    ModerationForm,
    StaffCommentForm,
)
from townhall.feedback.models import Attachment, Comment, ImportBatch
from townhall.feedback.selectors import InboxPaginator, comment_counts, inbox
from townhall.postings import permissions
from townhall.postings.models import Posting


def _posting(
    request: HttpRequest, pk: int, policy: object = permissions.can_read_comments
) -> Posting:
    if not policy(request.user):  # type: ignore[operator]
        raise PermissionDenied
    return get_object_or_404(Posting.objects.select_related("version__directive"), pk=pk)


def comment_inbox(request: HttpRequest, pk: int) -> HttpResponse:
    posting = _posting(request, pk)
    form = InboxFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    chosen = {k: v for k, v in filters.items() if v}
    comments = inbox(posting=posting, **chosen)
    counts = comment_counts(posting)
    paginator = InboxPaginator(
        comments,
        20,
        posting=posting,
        filtered=bool(chosen),
        searched=bool(chosen.get("q")),
        counts=counts,
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/staff/inbox.html",
        {
            "posting": posting,
            "form": form,
            "page": page,
            "counts": counts,
            "can_moderate": permissions.can_moderate_comments(request.user),
            "can_enter": permissions.can_enter_comments(request.user),
        },
    )


@require_POST
def comment_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    posting = _posting(request, pk)
    ids = [int(i) for i in request.POST.getlist("ids") if i.isascii() and i.isdigit()]
    form = ModerationForm(request.POST, ids=ids)
    back = _safe_next(request, default=reverse("staff:feedback:inbox", kwargs={"pk": posting.pk}))
    if not form.is_valid() or not ids:
        messages.error(request, _("Choose one or more comments and an action."))
        return redirect(back)
    actor = signed_in_user(request)
    chosen = list(Comment.objects.filter(posting=posting, pk__in=form.cleaned_data["ids"]))
    action = form.cleaned_data["action"]
    try:
        if action == "publish":
            done = 0
            for comment in chosen:
                if comment.status != Comment.Status.PUBLISHED:
                    services.comment_publish(actor=actor, comment=comment)
                    done += 1
        else:
            done = services.comments_mark(
                actor=actor,
                comments=chosen,
                read={"read": True, "unread": False}.get(action),
                flagged={"flag": True, "unflag": False}.get(action),
            )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)d comments updated.") % {"n": done})
    return redirect(back)


def _safe_next(request: HttpRequest, *, default: str) -> str:
    """Back to the filtered inbox page the action came from, if that is a page of this site."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def comment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_read_comments(request.user):
        raise PermissionDenied
    comment = get_object_or_404(
        Comment.objects.select_related("posting__version__directive", "entered_by"), pk=pk
    )
    return render(
        request,
        "feedback/staff/comment.html",
        {
            "comment": comment,
            "posting": comment.posting,
            "attachments": comment.attachments.all(),
            "can_moderate": permissions.can_moderate_comments(request.user),
        },
    )


@require_POST
def comment_hide(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_moderate_comments(request.user):
        raise PermissionDenied
    comment = get_object_or_404(Comment, pk=pk)
    try:
        services.comment_hide(
            actor=signed_in_user(request), comment=comment, reason=request.POST.get("reason", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Comment hidden from the public page. It stays in the record."))
    return redirect("staff:feedback:comment", pk=comment.pk)


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    if not permissions.can_read_comments(request.user):
        raise PermissionDenied
    attachment = get_object_or_404(Attachment, pk=pk)
    return download(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


def comment_new(request: HttpRequest, pk: int) -> HttpResponse:
    posting = _posting(request, pk, permissions.can_enter_comments)
    form = StaffCommentForm(
        request.POST or None, initial={"received_on": timezone.localdate(), "origin": "external"}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            comment = services.comment_enter(
                actor=signed_in_user(request),
                posting=posting,
                body=data["body"],
                channel=data["channel"],
                received_on=data["received_on"],
                section=data["section"],
                name=data["name"],
                email=data["email"],
                organization=data["organization"],
                origin=data["origin"],
            )
        except services.CommentInvalid as exc:
            add_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Comment entered. Receipt %(receipt)s.") % {"receipt": comment.receipt}
            )
            return redirect("staff:feedback:new", pk=posting.pk)
    return render(request, "feedback/staff/comment_new.html", {"posting": posting, "form": form})


def import_new(request: HttpRequest, pk: int) -> HttpResponse:
    posting = _posting(request, pk, permissions.can_enter_comments)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = importing.import_preview(
                actor=signed_in_user(request),
                posting=posting,
                upload=form.cleaned_data["file"],
                channel=form.cleaned_data["channel"],
            )
        except (DomainError, ValidationError) as exc:
            form.add_error("file", getattr(exc, "message", None) or " ".join(exc.messages))  # type: ignore[union-attr]
        else:
            return redirect("staff:feedback:import", pk=batch.pk)
    return render(request, "feedback/staff/import_new.html", {"posting": posting, "form": form})


def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_enter_comments(request.user):
        raise PermissionDenied
    batch = get_object_or_404(
        ImportBatch.objects.select_related("posting__version__directive"), pk=pk
    )
    if request.method == "POST":
        try:
            importing.import_confirm(actor=signed_in_user(request), batch=batch)
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("staff:feedback:import", pk=batch.pk)
    return render(
        request,
        "feedback/staff/import_detail.html",
        {
            "batch": batch,
            "posting": batch.posting,
            "preview": importing.preview_rows(batch, limit=10)
            if batch.status == "previewed"
            else [],
            "errors": batch.errors[:200],
            "refresh": batch.status == ImportBatch.Status.RUNNING,
        },
    )
