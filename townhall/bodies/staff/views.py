"""Staff side of bodies (seed 002 V-C-1, V-C-11; seed 000): the list, a body's details, its
page (status, seats, calls, roster with the 60-day rotation flags, recommendations and
meetings), recruitment (the call, its applications and the selection) and the roster's
changes. Recommendations, ballots and responses are in recommendation_views.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.accounts.models import Role
from townhall.accounts.selectors import signed_in_user
from townhall.bodies import permissions, recruitment, selectors, services
from townhall.bodies.models import Application, Body, Call, Member
from townhall.bodies.staff.common import (
    body_rows,
    body_to_manage,
    body_to_read,
    call_rows,
    can_manage,
    can_read,
    demographics,
    member_rows,
    recommendation_rows,
    refuse,
    seat_rows,
)
from townhall.bodies.staff.forms import (
    BodyForm,
    CallForm,
    ConcludeForm,
    DecisionForm,
    MemberEndForm,
    MemberForm,
    SeatForm,
)
from townhall.core.districts import district
from townhall.core.errors import DomainError


def body_list(request: HttpRequest) -> HttpResponse:
    """Every body, with its seats filled, open calls and terms ending within 60 days."""
    can_read(request)
    return render(
        request,
        "bodies/staff/list.html",
        {"rows": body_rows(), "can_create": permissions.can_create_bodies(request.user)},
    )


def body_new(request: HttpRequest) -> HttpResponse:
    can_read(request)
    if not permissions.can_create_bodies(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = BodyForm(request.POST)
        if form.is_valid():
            try:
                body = services.body_create(actor=signed_in_user(request), details=form.details())
            except DomainError as exc:
                refuse(request, form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "The body was created. Add its seats and members, then publish it to "
                        "show it on the public pages."
                    ),
                )
                return redirect("staff:bodies:detail", pk=body.pk)
    else:
        form = BodyForm(initial=BodyForm.initial_new())
    return render(request, "bodies/staff/form.html", {"form": form, "body": None})


def body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    body = body_to_manage(request, pk)
    if request.method == "POST":
        form = BodyForm(request.POST)
        if form.is_valid():
            try:
                services.body_update(
                    actor=signed_in_user(request), body=body, details=form.details()
                )
            except DomainError as exc:
                refuse(request, form, exc)
            else:
                messages.success(request, _("The body's details were saved."))
                return redirect("staff:bodies:detail", pk=body.pk)
    else:
        form = BodyForm(initial=BodyForm.initial_of(body))
    return render(
        request,
        "bodies/staff/form.html",
        {"form": form, "body": body, "over": body.status == Body.Status.CONCLUDED},
    )


def _role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role


def _detail(
    request: HttpRequest,
    body: Body,
    *,
    conclude_form: ConcludeForm | None = None,
    seat_form: SeatForm | None = None,
    member_form: MemberForm | None = None,
    end_form: tuple[int, MemberEndForm] | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    manages = permissions.can_manage_body(request.user, body)
    concluded = body.status == Body.Status.CONCLUDED
    seats = seat_rows(body)
    context: dict[str, Any] = {
        "body": body,
        "can_manage": manages,
        "can_change": manages and not concluded,
        "can_publish": manages and body.status == Body.Status.FORMING,
        "can_conclude": manages and body.status == Body.Status.ACTIVE,
        "can_create": permissions.can_create_bodies(request.user),
        "is_public": body.status != Body.Status.FORMING,
        "district": district(body.district) if body.district else None,
        "convening_label": _role_label(body.convening_role),
        "seat_rows": seats,
        "seats_grouped": sum(r.seat.count for r in seats),
        "serving": body.members.filter(status=Member.Status.ACTIVE).count(),
        "call_rows": call_rows(body),
        "member_rows": member_rows(
            body,
            today=today,
            form_for=MemberEndForm if manages and not concluded else None,
            bound=end_form,
        ),
        "rotation_due": selectors.rotation_due_members(body, today=today),
        "recommendation_rows": recommendation_rows(body),
        "meetings": selectors.body_meetings(body, public=False),
        "conclude_form": conclude_form or ConcludeForm(prefix="conclude"),
        "seat_form": seat_form or SeatForm(prefix="seat"),
        "member_form": member_form
        or MemberForm(prefix="member", body=body, initial={"term_starts": today}),
    }
    return render(request, "bodies/staff/detail.html", context)


def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, body_to_read(request, pk))


def _back(body: Body, anchor: str = "") -> HttpResponse:
    url = reverse("staff:bodies:detail", kwargs={"pk": body.pk})
    return redirect(url + (f"#{anchor}" if anchor else ""))


@require_POST
def body_publish(request: HttpRequest, pk: int) -> HttpResponse:
    body = body_to_manage(request, pk)
    try:
        services.body_publish(actor=signed_in_user(request), body=body)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("The body is on the public pages, with its purpose, seats and roster.")
        )
    return _back(body)


@require_POST
def body_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    body = body_to_manage(request, pk)
    form = ConcludeForm(request.POST, prefix="conclude")
    if form.is_valid():
        try:
            services.body_conclude(
                actor=signed_in_user(request), body=body, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            refuse(request, form, exc)
        else:
            messages.success(
                request,
                _(
                    "The body has concluded: its open call closed and its members' terms "
                    "ended. Its record stays public."
                ),
            )
            return _back(body)
    return _detail(request, selectors.body_get(pk=body.pk), conclude_form=form)


@require_POST
def seat_add(request: HttpRequest, pk: int) -> HttpResponse:
    body = body_to_manage(request, pk)
    form = SeatForm(request.POST, prefix="seat")
    if form.is_valid():
        data = form.cleaned_data
        try:
            seat = services.seat_add(
                actor=signed_in_user(request),
                body=body,
                label=data["label"],
                reserved_for=data["reserved_for"],
                count=data["count"],
            )
        except DomainError as exc:
            refuse(request, form, exc)
        else:
            messages.success(
                request,
                _("The seats “%(seat)s” were added.") % {"seat": seat.label},
            )
            return _back(body, "seats")
    return _detail(request, body, seat_form=form)


# -- Recruitment -----------------------------------------------------------------------------


def call_new(request: HttpRequest, pk: int) -> HttpResponse:
    body = body_to_manage(request, pk)
    if request.method == "POST":
        form = CallForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                call = recruitment.call_create(
                    actor=signed_in_user(request),
                    body=body,
                    title=data["title"],
                    text=data["text"],
                    seats_sought=data["seats_sought"],
                    closes_at=data["closes_at"],
                )
            except DomainError as exc:
                refuse(request, form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "The call was saved as a draft. Open it to show it on the body's "
                        "public page with its application form."
                    ),
                )
                return redirect("staff:bodies:call", pk=call.pk)
    else:
        form = CallForm(initial={"seats_sought": body.seats})
    return render(request, "bodies/staff/call_form.html", {"form": form, "body": body})


def _call_page(request: HttpRequest, call: Call) -> HttpResponse:
    manages = permissions.can_manage_body(request.user, call.body)
    applications = selectors.call_applications(call)
    return render(
        request,
        "bodies/staff/call.html",
        {
            "call": call,
            "body": call.body,
            "can_manage": manages,
            "can_open": manages and call.status == Call.Status.DRAFT,
            "can_close": manages and call.status == Call.Status.OPEN,
            # Applicants' details are for those who select them; the counts are for everyone.
            "applications": applications if manages else [],
            "count": len(applications),
            "demographics": demographics(applications),
            "is_public": call.status != Call.Status.DRAFT
            and call.body.status == Body.Status.ACTIVE,
        },
    )


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    can_read(request)
    return _call_page(request, selectors.call_get(pk=pk))


def _call_to_manage(request: HttpRequest, pk: int) -> Call:
    can_read(request)
    call = selectors.call_get(pk=pk)
    can_manage(request, call.body)
    return call


@require_POST
def call_open(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call_to_manage(request, pk)
    try:
        recruitment.call_open(actor=signed_in_user(request), call=call)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("The call is open: it is on the body's public page with its form.")
        )
    return redirect("staff:bodies:call", pk=call.pk)


@require_POST
def call_close(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call_to_manage(request, pk)
    try:
        recruitment.call_close(actor=signed_in_user(request), call=call)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The call is closed; it takes no more applications."))
    return redirect("staff:bodies:call", pk=call.pk)


DECIDED = {
    Application.Status.SELECTED: _(
        "%(name)s was selected and is now a member; their personal link was sent."
    ),
    Application.Status.WAITLISTED: _("%(name)s is on the waiting list and was told."),
    Application.Status.NOT_SELECTED: _("%(name)s was not selected and was told."),
}


def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """One application and its decision. What an applicant sent is seen by those who select
    (can_manage_body), not by every member of staff."""
    can_read(request)
    application = selectors.application_get(pk=pk)
    body = application.call.body
    can_manage(request, body)
    if request.method == "POST":
        form = DecisionForm(request.POST, body=body)
        if form.is_valid():
            data = form.cleaned_data
            try:
                recruitment.application_decide(
                    actor=signed_in_user(request),
                    application=application,
                    decision=data["decision"],
                    reason=data["reason"],
                    seat=data["seat"],
                    role=data["role"],
                    term_starts=data["term_starts"],
                    publish_name=data["publish_name"],
                    publish_organisation=data["publish_organisation"],
                )
            except DomainError as exc:
                refuse(request, form, exc)
            else:
                messages.success(
                    request, str(DECIDED[data["decision"]]) % {"name": application.name}
                )
                return redirect("staff:bodies:call", pk=application.call_id)
    else:
        form = DecisionForm(
            body=body,
            initial={"seat": application.seat_id, "role": Member.Role.COMMUNITY},
        )
    member = Member.objects.filter(application=application).first()
    return render(
        request,
        "bodies/staff/application.html",
        {
            "application": application,
            "call": application.call,
            "body": body,
            "member": member,
            "district": district(application.district) if application.district else None,
            "can_decide": application.status
            in (Application.Status.SUBMITTED, Application.Status.WAITLISTED)
            and body.status != Body.Status.CONCLUDED,
            "form": form,
        },
    )


# -- Members ---------------------------------------------------------------------------------


@require_POST
def member_new(request: HttpRequest, pk: int) -> HttpResponse:
    body = body_to_manage(request, pk)
    form = MemberForm(request.POST, prefix="member", body=body)
    if form.is_valid():
        data = form.cleaned_data
        try:
            member = services.member_add(
                actor=signed_in_user(request),
                body=body,
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                role=data["role"],
                seat=data["seat"],
                term_starts=data["term_starts"],
                term_ends=data["term_ends"],
                publish_name=data["publish_name"],
                publish_organisation=data["publish_organisation"],
            )
        except DomainError as exc:
            refuse(request, form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is a member; their personal link was sent.") % {"name": member.name}
                if member.email
                else _("%(name)s is a member. Without an email address, they get no link.")
                % {"name": member.name},
            )
            return _back(body, "members")
    return _detail(request, body, member_form=form)


def _member_to_manage(request: HttpRequest, pk: int) -> Member:
    can_read(request)
    member = selectors.member_get(pk=pk)
    can_manage(request, member.body)
    return member


@require_POST
def member_end(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member_to_manage(request, pk)
    form = MemberEndForm(request.POST, prefix=f"end{member.pk}")
    if form.is_valid():
        try:
            services.member_end(
                actor=signed_in_user(request),
                member=member,
                reason=form.cleaned_data["reason"],
                left=form.cleaned_data["left"],
            )
        except DomainError as exc:
            refuse(request, form, exc)
        else:
            messages.success(
                request,
                _("%(name)s's membership ended; the seat is free.") % {"name": member.name},
            )
            return _back(member.body, "members")
    return _detail(request, selectors.body_get(pk=member.body_id), end_form=(member.pk, form))


@require_POST
def member_link(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member_to_manage(request, pk)
    try:
        services.member_link_send(actor=signed_in_user(request), member=member)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("%(name)s's personal link was sent again.") % {"name": member.name}
        )
    return _back(member.body, "members")
