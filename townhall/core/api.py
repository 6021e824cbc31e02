"""Staff API of core: the audit trail."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.params.functions import Query

# Deny by default: the auth on the router applies to every operation added to it.
from townhall.api import StaffSessionAuth
from townhall.core.schemas import ErrorOut
from townhall.core.selectors import audit_events

staff_router = Router(auth=StaffSessionAuth(), tags=["staff"])


class AuditEventOut(Schema):
    occurred_at: datetime.datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    note: str


@staff_router.get(
    "/audit", response={400: ErrorOut, 200: list[AuditEventOut], 401: ErrorOut, 422: ErrorOut}
)
def audit(
    request: HttpRequest,
    object_type: str = Query("", max_length=100),
    object_id: str = Query("", max_length=64),
    limit: int = Query(100, ge=1, le=500),
) -> list[dict[str, Any]]:
    return [
        {
            "occurred_at": e.occurred_at,
            "actor": e.actor_label,
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "object_repr": e.object_repr,
            "before": e.before,
            "after": e.after,
            "note": e.note,
        }
        for e in audit_events(object_type=object_type, object_id=object_id)[:limit]
    ]
