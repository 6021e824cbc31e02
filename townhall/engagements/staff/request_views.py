"""Staff side of community requests (IV-B-7 NOTE): every staff member reads them; OEE and OCPR
take them under review and accept or decline them, with a reason the requester receives."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.accounts.selectors import signed_in_user
from townhall.core.districts import districts_of
from townhall.core.errors import DomainError
from townhall.core.text import one_line
from townhall.directives.models import Directive
from townhall.engagements import permissions, requests
from townhall.engagements.forms import RequestAcceptForm, RequestDeclineForm, RequestFilterForm
from townhall.engagements.models import CommunityRequest, Engagement
from townhall.engagements.selectors import community_requests


def _can_read(request: HttpRequest) -> None:
    if not permissions.can_view_engagements(request.user):
        raise PermissionDenied


def _can_decide(request: HttpRequest) -> None:
    if not permissions.can_decide_community_requests(request.user):
        raise PermissionDenied


def _get(pk: int) -> CommunityRequest:
    return get_object_or_404(
        CommunityRequest.objects.select_related("directive", "engagement", "decided_by"), pk=pk
    )


def request_list(request: HttpRequest) -> HttpResponse:
    _can_read(request)
    form = RequestFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    return render(
        request,
        "engagements/staff/request_list.html",
        {"form": form, "requests": community_requests(status=status)[:500], "status": status},
    )


def _engagement_choices() -> list[Engagement]:
    return list(Engagement.objects.only("pk", "title").order_by("-created_at", "-id")[:500])


def _detail(
    request: HttpRequest,
    item: CommunityRequest,
    *,
    accept_form: RequestAcceptForm | None = None,
    decline_form: RequestDeclineForm | None = None,
) -> HttpResponse:
    can_decide = permissions.can_decide_community_requests(request.user)
    context: dict[str, Any] = {
        "item": item,
        # The requester's contact details are for those who answer them (IV-B-7 NOTE): the
        # form promises they are used only to answer the request.
        "sees_contact": can_decide,
        "districts": districts_of(item.districts),
        "can_review": can_decide and item.status == CommunityRequest.Status.RECEIVED,
        "can_accept": can_decide and item.status == CommunityRequest.Status.UNDER_REVIEW,
        "can_decline": can_decide
        and item.status in (CommunityRequest.Status.RECEIVED, CommunityRequest.Status.UNDER_REVIEW),
        "accept_form": accept_form
        or RequestAcceptForm(
            prefix="a",
            engagements=_engagement_choices(),
            initial={
                "title": item.subject,
                "directive": item.directive.number if item.directive else "",
            },
        ),
        "decline_form": decline_form or RequestDeclineForm(prefix="d"),
    }
    return render(request, "engagements/staff/request_detail.html", context)


def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _can_read(request)
    return _detail(request, _get(pk))


def _back(item: CommunityRequest) -> HttpResponse:
    return redirect("staff:engagements:request", pk=item.pk)


@require_POST
def request_review(request: HttpRequest, pk: int) -> HttpResponse:
    _can_decide(request)
    item = _get(pk)
    try:
        requests.community_request_review(actor=signed_in_user(request), community_request=item)
        messages.success(request, _("The request is under review."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(item)


@require_POST
def request_accept(request: HttpRequest, pk: int) -> HttpResponse:
    _can_decide(request)
    item = _get(pk)
    choices = _engagement_choices()
    form = RequestAcceptForm(request.POST, prefix="a", engagements=choices)
    if form.is_valid():
        data = form.cleaned_data
        engagement = next((e for e in choices if e.pk == data["engagement"]), None)
        number = one_line(data["directive"]).upper()
        directive = Directive.objects.filter(number=number).first() if number else None
        if engagement is None and number and directive is None:
            form.add_error("directive", _("There is no directive %(n)s.") % {"n": number})
        else:
            try:
                requests.community_request_accept(
                    actor=signed_in_user(request),
                    community_request=item,
                    reason=data["reason"],
                    engagement=engagement,
                    title=data["title"],
                    originating_unit=data["originating_unit"],
                    directive=directive if engagement is None else None,
                    training_title=data["training"] if engagement is None else "",
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request, _("The request was accepted; the requester will be told.")
                )
                return _back(item)
    return _detail(request, item, accept_form=form)


@require_POST
def request_decline(request: HttpRequest, pk: int) -> HttpResponse:
    _can_decide(request)
    item = _get(pk)
    form = RequestDeclineForm(request.POST, prefix="d")
    if form.is_valid():
        try:
            requests.community_request_decline(
                actor=signed_in_user(request),
                community_request=item,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The request was declined; the requester will be told."))
            return _back(item)
    return _detail(request, item, decline_form=form)
