"""System administrators manage who holds which role."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.accounts import services
from townhall.accounts.forms import RoleChangeForm
from townhall.accounts.models import User
from townhall.accounts.permissions import can_manage_roles
from townhall.accounts.selectors import signed_in_user, users_with_roles
from townhall.core.errors import DomainError


def user_list(request: HttpRequest) -> HttpResponse:
    if not can_manage_roles(request.user):
        raise PermissionDenied
    return render(
        request,
        "accounts/staff/user_list.html",
        {"users": users_with_roles(), "form": RoleChangeForm()},
    )


@require_POST
def user_roles_change(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_manage_roles(request.user):
        raise PermissionDenied
    target = get_object_or_404(User, pk=pk)
    form = RoleChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role and an action."))
        return redirect("staff:accounts:users")
    data = form.cleaned_data
    try:
        if data["action"] == "grant":
            services.role_grant(
                actor=signed_in_user(request),
                user=target,
                role=data["role"],
                unit_name=data["unit_name"],
            )
        else:
            services.role_revoke(actor=signed_in_user(request), user=target, role=data["role"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Roles updated."))
    return redirect("staff:accounts:users")
