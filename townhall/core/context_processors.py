from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from townhall.accounts.selectors import is_staff_member


def townhall(request: HttpRequest) -> dict[str, Any]:
    return {
        "site_name": settings.TOWNHALL_SITE_NAME,
        "department_name": settings.TOWNHALL_DEPARTMENT_NAME,
        "is_staff_member": is_staff_member(getattr(request, "user", None)),
        "language_choices": settings.LANGUAGES,
    }
