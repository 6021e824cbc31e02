from __future__ import annotations

from django.db.models import QuerySet

from townhall.core.models import AuditEvent


def audit_events(
    *, object_type: str = "", object_id: str = "", actor: str = "", action: str = ""
) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.all()
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if actor:
        qs = qs.filter(actor_label__icontains=actor)
    if action:
        qs = qs.filter(action__startswith=action)
    return qs


def audit_object_types() -> list[str]:
    return list(
        AuditEvent.objects.order_by("object_type").values_list("object_type", flat=True).distinct()
    )
