"""Staff side of postings: R&D prepares, OCPR authorizes, R&D reviews completeness and
schedules; the worker opens and closes; the compilation reaches the units (VII)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.accounts.selectors import signed_in_user
from townhall.core.downloads import download
from townhall.core.errors import DomainError
from townhall.directives.models import Directive, DirectiveVersion
from townhall.feedback.selectors import comment_counts
from townhall.postings import permissions, services
from townhall.postings.checklist import completeness
from townhall.postings.forms import (
    ContinuousForm,
    ExtendForm,
    MaterialForm,
    NewPostingForm,
    PostingForm,
    PostingTextForm,
    TransitionForm,
)
from townhall.postings.models import Compilation, Posting, PostingMaterial
from townhall.postings.selectors import staff_postings


def _posting(request: HttpRequest, pk: int, policy: Any = permissions.can_view_postings) -> Posting:
    if not policy(request.user):
        raise PermissionDenied
    return get_object_or_404(Posting.objects.select_related("version__directive"), pk=pk)


def posting_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_postings(request.user):
        raise PermissionDenied
    status = request.GET.get("status", "")
    if status not in Posting.Status.values:
        status = ""
    return render(
        request,
        "postings/staff/list.html",
        {
            "postings": staff_postings(status)[:200],
            "status": status,
            "statuses": Posting.Status.choices,
            "can_prepare": permissions.can_prepare_postings(request.user),
            "can_mark_continuous": permissions.can_mark_continuous(request.user),
            "continuous_form": ContinuousForm(),
            "drafts": DirectiveVersion.objects.filter(status="draft").select_related("directive"),
        },
    )


def posting_new(request: HttpRequest) -> HttpResponse:
    if not permissions.can_prepare_postings(request.user):
        raise PermissionDenied
    version_id = request.GET.get("version") or request.POST.get("version")
    version = get_object_or_404(
        DirectiveVersion.objects.select_related("directive"),
        pk=int(version_id) if version_id and version_id.isascii() and version_id.isdigit() else 0,
    )
    form = NewPostingForm(request.POST or None, initial={"title": version.title})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            posting = services.posting_create(
                actor=signed_in_user(request),
                version=version,
                title=data["title"],
                audience=data["audience"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                narrative=data["narrative"],
                summary=data["summary"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Posting prepared."))
            return redirect("staff:postings:detail", pk=posting.pk)
    return render(request, "postings/staff/new.html", {"form": form, "version": version})


def posting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    posting = _posting(request, pk)
    texts = {t.language: t for t in posting.texts.all()}
    text_forms = [
        (
            code,
            name,
            PostingTextForm(
                initial={
                    "language": code,
                    "narrative": texts[code].narrative if code in texts else "",
                    "summary": texts[code].summary if code in texts else "",
                },
                prefix=f"t-{code}",
                language=code,
            ),
        )
        for code, name in settings.LANGUAGES
    ]
    user = request.user
    return render(
        request,
        "postings/staff/detail.html",
        {
            "posting": posting,
            "form": PostingForm(
                initial={
                    "title": posting.title,
                    "audience": posting.audience,
                    "opens_at": posting.opens_at,
                    "closes_at": posting.closes_at,
                }
            ),
            "text_forms": text_forms,
            "material_form": MaterialForm(),
            "extend_form": ExtendForm(),
            # The functional checks run the real intake; only worth it when scheduling is next.
            "checklist": completeness(
                posting, functional=posting.status == Posting.Status.AUTHORIZED
            ),
            "counts": comment_counts(posting),
            "compilations": posting.compilations.all()[:10],
            "editable": posting.status in services.EDITABLE,
            "text_editable": posting.status in services.TEXT_EDITABLE,
            "can_prepare": permissions.can_prepare_postings(user),
            "can_authorize": permissions.can_authorize_postings(user),
            "can_extend": permissions.can_extend_postings(user),
            "can_read_comments": permissions.can_read_comments(user),
            "can_compile": permissions.can_compile(user),
            "can_close_continuous": posting.is_continuous and permissions.can_mark_continuous(user),
        },
    )


def _done(request: HttpRequest, posting: Posting, call: Any, success: str) -> HttpResponse:
    try:
        call()
    except (DomainError, ValidationError) as exc:
        messages.error(request, getattr(exc, "message", None) or " ".join(exc.messages))  # type: ignore[union-attr]
    else:
        messages.success(request, success)
    return redirect("staff:postings:detail", pk=posting.pk)


@require_POST
def posting_update(request: HttpRequest, pk: int) -> HttpResponse:
    posting = _posting(request, pk, permissions.can_prepare_postings)
    form = PostingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the dates: use the date and time fields."))
        return redirect("staff:postings:detail", pk=posting.pk)
    data = form.cleaned_data
    return _done(
        request,
        posting,
        lambda: services.posting_update(
            actor=signed_in_user(request),
            posting=posting,
            title=data["title"],
            audience=data["audience"],
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
        ),
        _("Posting saved."),
    )


@require_POST
def posting_text(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    posting = _posting(request, pk, permissions.can_prepare_postings)
    form = PostingTextForm(request.POST, prefix=f"t-{language}", language=language)
    if not form.is_valid():
        messages.error(request, _("The text could not be read."))
        return redirect("staff:postings:detail", pk=posting.pk)
    data = form.cleaned_data
    return _done(
        request,
        posting,
        lambda: services.posting_text_set(
            actor=signed_in_user(request),
            posting=posting,
            language=language,
            narrative=data["narrative"],
            summary=data["summary"],
        ),
        _("Text saved."),
    )


@require_POST
def material_add(request: HttpRequest, pk: int) -> HttpResponse:
    posting = _posting(request, pk, permissions.can_prepare_postings)
    form = MaterialForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Give the material a title and a valid link or file."))
        return redirect("staff:postings:detail", pk=posting.pk)
    data = form.cleaned_data
    return _done(
        request,
        posting,
        lambda: services.posting_material_add(
            actor=signed_in_user(request),
            posting=posting,
            title=data["title"],
            url=data["url"] or "",
            file=data["file"],
        ),
        _("Material added."),
    )


@require_POST
def material_remove(request: HttpRequest, pk: int, material_id: int) -> HttpResponse:
    posting = _posting(request, pk, permissions.can_prepare_postings)
    material = get_object_or_404(PostingMaterial, pk=material_id, posting=posting)
    return _done(
        request,
        posting,
        lambda: services.posting_material_remove(actor=signed_in_user(request), material=material),
        _("Material removed."),
    )


@require_POST
def posting_transition(request: HttpRequest, pk: int) -> HttpResponse:
    posting = _posting(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown action."))
        return redirect("staff:postings:detail", pk=posting.pk)
    actor = signed_in_user(request)
    action = form.cleaned_data["action"]
    note = form.cleaned_data["note"]
    calls = {
        "submit": (
            lambda: services.posting_submit(actor=actor, posting=posting),
            _("Sent to OCPR for authorization."),
        ),
        "return": (
            lambda: services.posting_return(actor=actor, posting=posting, note=note),
            _("Returned to draft."),
        ),
        "authorize": (
            lambda: services.posting_authorize(actor=actor, posting=posting),
            _("Posting authorized (VII-A)."),
        ),
        "schedule": (
            lambda: services.posting_schedule(actor=actor, posting=posting),
            _("Scheduled: it opens by itself at the opening time."),
        ),
        "close": (
            lambda: services.posting_close(actor=actor, posting=posting),
            _("Posting closed."),
        ),
        "compile": (
            lambda: services.posting_compile(actor=actor, posting=posting),
            _("Comments compiled and sent to the involved units."),
        ),
    }
    call, success = calls[action]
    return _done(request, posting, call, success)


@require_POST
def posting_extend(request: HttpRequest, pk: int) -> HttpResponse:
    posting = _posting(request, pk, permissions.can_extend_postings)
    form = ExtendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a new closing date and time, and a reason."))
        return redirect("staff:postings:detail", pk=posting.pk)
    data = form.cleaned_data
    return _done(
        request,
        posting,
        lambda: services.posting_extend(
            actor=signed_in_user(request),
            posting=posting,
            new_closes_at=data["new_closes_at"],
            reason=data["reason"],
        ),
        _("Comment period extended."),
    )


@require_POST
def mark_continuous(request: HttpRequest) -> HttpResponse:
    if not permissions.can_mark_continuous(request.user):
        raise PermissionDenied
    form = ContinuousForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the directive number, a narrative and a summary."))
        return redirect("staff:postings:list")
    data = form.cleaned_data
    directive = Directive.objects.filter(number=data["number"].strip().upper()).first()
    if directive is None:
        messages.error(request, _("No directive has that number."))
        return redirect("staff:postings:list")
    try:
        posting = services.directive_mark_continuous(
            actor=signed_in_user(request),
            directive=directive,
            narrative=data["narrative"],
            summary=data["summary"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("staff:postings:list")
    messages.success(
        request, _("The directive is marked continuously open; R&D completes the posting.")
    )
    return redirect("staff:postings:detail", pk=posting.pk)


def compilation_download(
    request: HttpRequest, pk: int, compilation_id: int, fmt: str
) -> FileResponse:
    posting = _posting(request, pk, permissions.can_read_comments)
    compilation = get_object_or_404(Compilation, pk=compilation_id, posting=posting)
    file = {"csv": compilation.csv_file, "xlsx": compilation.xlsx_file}.get(fmt)
    if not file:
        raise Http404("Unknown format")
    return download(file, filename=Path(file.name or "compilation").name)
