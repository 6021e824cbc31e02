"""System checks: settings that the directive does not let an operator get wrong."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register()
def posting_minimum_check(app_configs: Any, **kwargs: Any) -> list[Error]:
    if int(settings.TOWNHALL_POSTING_MIN_DAYS) < 15:
        return [
            Error(
                "TOWNHALL_POSTING_MIN_DAYS is below 15.",
                hint="V-C-10: a directive is posted for a minimum of 15 days; raise it, never lower.",
                id="townhall.E001",
            )
        ]
    return []
