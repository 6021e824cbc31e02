"""Granting and revoking roles; creating staff accounts. Every change is audited."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from townhall.accounts.models import Role, RoleAssignment, User
from townhall.accounts.permissions import can_manage_roles
from townhall.accounts.selectors import forget_roles
from townhall.core.audit import audit_record
from townhall.core.errors import DomainError, NotAllowed


def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    roles: tuple[str, ...] = (),
    unit_name: str = "",
) -> User:
    """Create a sign-in account. `actor` None means a management command run by an operator."""
    if actor is not None and not can_manage_roles(actor):
        raise NotAllowed(_("Only a system administrator can create accounts."))
    if User.objects.filter(username=username).exists():
        raise DomainError(_("An account with this username already exists."))
    with transaction.atomic():
        user = User.objects.create_user(
            username=username,
            password=password,
            email=email,
            first_name=first_name,
            last_name=last_name,
        )
        audit_record(
            actor=actor,
            action="user.create",
            obj=user,
            after={"username": username, "email": email},
            actor_label=None if actor else "operator",
        )
        for role in roles:
            role_grant(actor=actor, user=user, role=role, unit_name=unit_name)
    return user


def role_grant(*, actor: User | None, user: User, role: str, unit_name: str = "") -> RoleAssignment:
    if actor is not None and not can_manage_roles(actor):
        raise NotAllowed(_("Only a system administrator can grant roles."))
    if role not in Role.values:
        raise DomainError(_("Unknown role."))
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(
            user=user, role=role, defaults={"unit_name": unit_name}
        )
        if created:
            audit_record(
                actor=actor,
                action="role.grant",
                obj=user,
                after={"role": role, "unit_name": unit_name},
                actor_label=None if actor else "operator",
            )
    forget_roles(user)
    return assignment


def role_revoke(*, actor: User, user: User, role: str) -> None:
    if not can_manage_roles(actor):
        raise NotAllowed(_("Only a system administrator can revoke roles."))
    if actor.pk == user.pk and role == Role.ADMIN:
        raise DomainError(_("You cannot remove your own administrator role."))
    with transaction.atomic():
        deleted, _unused = RoleAssignment.objects.filter(user=user, role=role).delete()
        if deleted:
            audit_record(actor=actor, action="role.revoke", obj=user, before={"role": role})
    forget_roles(user)
