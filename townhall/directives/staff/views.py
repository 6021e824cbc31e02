"""Staff side of the registry: R&D writes, edits, schedules and publishes drafts."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.accounts.selectors import signed_in_user
from townhall.core.errors import DomainError
from townhall.directives import services
from townhall.directives.forms import DraftForm, EditDraftForm, ScheduleForm
from townhall.directives.models import DirectiveVersion
from townhall.directives.permissions import can_manage_drafts


def _authorized_version(request: HttpRequest, pk: int) -> DirectiveVersion:
    if not can_manage_drafts(request.user):
        raise PermissionDenied
    return get_object_or_404(DirectiveVersion.objects.select_related("directive"), pk=pk)


def draft_list(request: HttpRequest) -> HttpResponse:
    if not can_manage_drafts(request.user):
        raise PermissionDenied
    drafts = (
        DirectiveVersion.objects.filter(status=DirectiveVersion.Status.DRAFT)
        .select_related("directive", "created_by")
        .order_by("-updated_at")
    )
    return render(request, "directives/staff/draft_list.html", {"drafts": drafts})


def draft_new(request: HttpRequest) -> HttpResponse:
    if not can_manage_drafts(request.user):
        raise PermissionDenied
    initial: dict[str, Any] = {}
    based_on = request.GET.get("from")
    if based_on and based_on.isascii() and based_on.isdigit():
        source = (
            DirectiveVersion.objects.filter(pk=int(based_on)).select_related("directive").first()
        )
        if source is not None:
            initial = {
                "number": source.directive.number,
                "title": source.title,
                "index_category": source.index_category,
                "calea": source.calea,
                "text": source.body_text,
                "rescinds_text": source.label if source.status == "current" else "",
            }
    form = DraftForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.draft_create(
                actor=signed_in_user(request),
                number=data["number"],
                title=data["title"],
                text=data["text"],
                index_category=data["index_category"],
                issue_date=data["issue_date"],
                rescinds_text=data["rescinds_text"],
                calea=data["calea"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("staff:directives:edit", pk=version.pk)
    return render(request, "directives/staff/draft_form.html", {"form": form, "creating": True})


def draft_edit(request: HttpRequest, pk: int) -> HttpResponse:
    version = _authorized_version(request, pk)
    if version.is_immutable:
        return render(request, "directives/staff/immutable.html", {"version": version}, status=409)
    initial = {
        "title": version.title,
        "index_category": version.index_category,
        "issue_date": version.issue_date,
        "effective_date": version.effective_date,
        "rescinds_text": version.rescinds_text,
        "calea": version.calea,
        "text": version.body_text,
    }
    form = EditDraftForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.draft_update(
                actor=signed_in_user(request),
                version=version,
                title=data["title"],
                text=data["text"],
                issue_date=data["issue_date"],
                effective_date=data["effective_date"],
                rescinds_text=data["rescinds_text"],
                index_category=data["index_category"],
                calea=data["calea"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("staff:directives:edit", pk=version.pk)
    return render(
        request,
        "directives/staff/draft_form.html",
        {
            "form": form,
            "version": version,
            "schedule_form": ScheduleForm(initial={"publish_at": version.publish_at}),
            "creating": False,
        },
    )


@require_POST
def draft_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    version = _authorized_version(request, pk)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        when: datetime.datetime | None = form.cleaned_data["publish_at"]
        try:
            services.draft_schedule_publication(
                actor=signed_in_user(request),
                version=version,
                publish_at=when,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Publication scheduled.") if when else _("Scheduled publication cleared."),
            )
    else:
        messages.error(request, _("Enter a date and time, e.g. 2026-12-01 09:00."))
    return redirect("staff:directives:edit", pk=version.pk)


@require_POST
def draft_publish(request: HttpRequest, pk: int) -> HttpResponse:
    version = _authorized_version(request, pk)
    try:
        services.draft_publish(actor=signed_in_user(request), version=version)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("staff:directives:edit", pk=version.pk)
    messages.success(request, _("The draft is now the current version."))
    return redirect(version.get_absolute_url())
