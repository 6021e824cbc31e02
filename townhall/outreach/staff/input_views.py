"""R&D's queue of the input sent on directives (VII-A-2-b): the Research and Development
Division regularly reviews and considers it, in consultation with OCPR and OEE (VII-A-2-a), who
read it. The sender's name, address and organization are for R&D and administrators only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.accounts.selectors import signed_in_user
from townhall.core.errors import DomainError
from townhall.directives.models import Section
from townhall.outreach import inputs, permissions
from townhall.outreach.input_forms import InputConsiderForm, InputFilterForm
from townhall.outreach.models import DirectiveInput

MAX_ROWS = 500


def _can_read(request: HttpRequest) -> None:
    if not permissions.can_view_inputs(request.user):
        raise PermissionDenied


def _can_review(request: HttpRequest) -> None:
    if not permissions.can_review_inputs(request.user):
        raise PermissionDenied


def _get(pk: int) -> DirectiveInput:
    return get_object_or_404(
        DirectiveInput.objects.select_related("directive", "version", "engagement", "reviewed_by"),
        pk=pk,
    )


def _directives_with_input() -> list[tuple[str, str]]:
    return list(
        DirectiveInput.objects.order_by("directive__number")
        .values_list("directive__number", "directive__title")
        .distinct()
    )


def input_list(request: HttpRequest) -> HttpResponse:
    """The queue, oldest waiting first, with how many inputs are at each status."""
    _can_read(request)
    form = InputFilterForm(request.GET or None, directives=_directives_with_input())
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status", "")
    number = data.get("directive", "")
    rows = DirectiveInput.objects.select_related("directive", "engagement")
    if number:
        rows = rows.filter(directive__number=number)
    totals = dict(rows.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    counts = [
        {"value": value, "label": label, "count": totals.get(value, 0)}
        for value, label in DirectiveInput.Status.choices
    ]
    if status:
        rows = rows.filter(status=status)
    rows = rows.order_by("submitted_at", "id")
    return render(
        request,
        "outreach/staff/input_list.html",
        {
            "form": form,
            "inputs": list(rows[:MAX_ROWS]),
            "total": rows.count(),
            "max_rows": MAX_ROWS,
            "counts": counts,
            "status": status,
            "number": number,
        },
    )


def _detail(
    request: HttpRequest, item: DirectiveInput, *, consider_form: InputConsiderForm | None = None
) -> HttpResponse:
    can_review = permissions.can_review_inputs(request.user)
    context: dict[str, Any] = {
        "item": item,
        "section": Section.objects.filter(version=item.version, anchor=item.section_anchor).first()
        if item.section_anchor
        else None,
        # Personal information: R&D, who reviews and may answer, and administrators.
        "sees_sender": can_review,
        "can_review": can_review and item.status == DirectiveInput.Status.RECEIVED,
        "can_consider": can_review
        and item.status in (DirectiveInput.Status.RECEIVED, DirectiveInput.Status.IN_REVIEW),
        "consider_form": consider_form or InputConsiderForm(),
    }
    return render(
        request,
        "outreach/staff/input_detail.html",
        context,
        status=400 if consider_form is not None and consider_form.errors else 200,
    )


def input_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _can_read(request)
    return _detail(request, _get(pk))


def _back(item: DirectiveInput) -> HttpResponse:
    return redirect("staff:outreach:input", pk=item.pk)


@require_POST
def input_review(request: HttpRequest, pk: int) -> HttpResponse:
    _can_review(request)
    item = _get(pk)
    try:
        inputs.directive_input_review_start(actor=signed_in_user(request), directive_input=item)
        messages.success(request, _("The input is in review."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(item)


@require_POST
def input_consider(request: HttpRequest, pk: int) -> HttpResponse:
    _can_review(request)
    item = _get(pk)
    form = InputConsiderForm(request.POST)
    if form.is_valid():
        try:
            inputs.directive_input_consider(
                actor=signed_in_user(request), directive_input=item, note=form.cleaned_data["note"]
            )
        except inputs.InputInvalid as exc:
            form.add_error("note", exc.errors.get("note", exc.message))
        except DomainError as exc:
            messages.error(request, exc.message)
            return _back(item)
        else:
            messages.success(request, _("The input is marked as considered."))
            return _back(item)
    return _detail(request, item, consider_form=form)
