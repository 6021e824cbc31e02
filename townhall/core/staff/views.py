"""Staff side of core: the dashboard and the audit trail."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from townhall.accounts.selectors import user_roles
from townhall.core.forms import AuditFilterForm
from townhall.core.permissions import can_read_audit
from townhall.core.selectors import audit_events, audit_object_types
from townhall.directives.models import DirectiveVersion


def staff_home(request: HttpRequest) -> HttpResponse:
    """The dashboard (VI): engagements by step and level, overdue tasks, postings opening
    and closing soon and the bodies' terms ending soon, beside the drafts in progress."""
    from townhall.bodies.selectors import rotation_due_members
    from townhall.engagements.selectors import dashboard, task_rows
    from townhall.meetings.selectors import minutes_flags
    from townhall.postings.selectors import postings_closing_soon, postings_opening_soon

    drafts = DirectiveVersion.objects.filter(status="draft").select_related("directive")[:20]
    board = dashboard(user=request.user)
    peak = max([total for *_, total in board.by_stage] + [1])
    return render(
        request,
        "core/staff/home.html",
        {
            "roles": sorted(user_roles(request.user)),
            "drafts": drafts,
            "board": board,
            "stage_bars": [
                {"label": label, "total": total, "y": n * 24, "width": int(240 * total / peak)}
                for n, (_status, label, _per, total) in enumerate(board.by_stage)
            ],
            "overdue_rows": task_rows(user=request.user, tasks=board.overdue),
            "soon_rows": task_rows(user=request.user, tasks=board.due_soon),
            "opening": postings_opening_soon(request.user)[:10],
            "closing": postings_closing_soon(request.user)[:10],
            "minutes_flags": minutes_flags(),
            # V-C-1: members of rotating bodies whose terms end within 60 days.
            "rotation_due": rotation_due_members(),
        },
    )


def audit_list(request: HttpRequest) -> HttpResponse:
    if not can_read_audit(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None, object_types=audit_object_types())
    filters = form.cleaned_data if form.is_valid() else {}
    events = audit_events(**{k: v for k, v in filters.items() if v})
    page = Paginator(events.select_related("actor"), 50).get_page(request.GET.get("page"))
    return render(request, "core/staff/audit_list.html", {"form": form, "page": page})
