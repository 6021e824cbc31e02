"""Reading who holds which role."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from townhall.accounts.models import STAFF_ROLES, Role, RoleAssignment, User

_CACHE_ATTR = "_townhall_roles"


def user_roles(user: Any) -> frozenset[str]:
    """The roles of `user`, cached on the object for the request. Anonymous: none."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = frozenset(
            RoleAssignment.objects.filter(user_id=user.pk).values_list("role", flat=True)
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_role(user: Any, *roles: str) -> bool:
    held = user_roles(user)
    return any(role in held for role in roles)


def is_staff_member(user: Any) -> bool:
    return bool(user_roles(user) & STAFF_ROLES)


def is_department_member(user: Any) -> bool:
    return Role.DEPARTMENT_MEMBER in user_roles(user)


def users_with_roles() -> QuerySet[User]:
    return User.objects.order_by("username").prefetch_related("role_assignments")


def signed_in_user(request: Any) -> User:
    """The signed-in account behind a staff request (the staff middleware has checked it)."""
    user = request.user
    if not isinstance(user, User):
        raise TypeError("a staff view ran without a signed-in user")
    return user
