"""Staff side of the units' work (VI): each unit's task list, closing a task, and moving an
engagement through the three steps (V-A), which hands out the next duties."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.accounts.selectors import signed_in_user
from townhall.core.errors import DomainError
from townhall.engagements import permissions, selectors, services
from townhall.engagements.forms import StepForm, TaskFilterForm, TaskMoveForm
from townhall.engagements.models import Engagement, UnitTask
from townhall.engagements.staff.views import _engagement
from townhall.engagements.templatetags.engagement_tasks import keep_task_note

_STEP_SERVICES: dict[str, Callable[..., Engagement]] = {
    Engagement.Status.OUTREACH: services.engagement_start_outreach,
    Engagement.Status.ENGAGING: services.engagement_start_engaging,
    Engagement.Status.FOLLOW_UP: services.engagement_start_follow_up,
    Engagement.Status.CONCLUDED: services.engagement_conclude,
}


def task_list(request: HttpRequest) -> HttpResponse:
    """A unit's task list: by default the person's own units and open tasks, soonest due
    first, overdue ones said in words as well as marked."""
    if not permissions.can_view_engagements(request.user):
        raise PermissionDenied
    form = TaskFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    unit = data.get("unit") or ""
    status = data.get("status") or ""
    units = None if unit == "all" or not unit else [unit]
    tasks = selectors.tasks_for(
        units=units,
        where=None if unit else selectors.mine(request.user),
        status=None if status == "all" else status or UnitTask.Status.OPEN,
    )
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "engagements/staff/tasks.html",
        {
            "form": form,
            "page": page,
            "rows": selectors.task_rows(user=request.user, tasks=page.object_list, today=today),
            "query": request.GET.urlencode(),
        },
    )


@require_POST
def task_move(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_view_engagements(request.user):
        raise PermissionDenied
    task = get_object_or_404(UnitTask.objects.select_related("engagement"), pk=pk)
    if not permissions.can_work_task(request.user, task):
        raise PermissionDenied
    form = TaskMoveForm(request.POST, prefix=f"t{task.pk}")
    if form.is_valid():
        actor = signed_in_user(request)
        data = form.cleaned_data
        try:
            if data["action"] == "complete":
                services.task_complete(actor=actor, task=task, note=data["note"])
                messages.success(request, _("The task is done."))
            elif data["action"] == "waive":
                services.task_waive(actor=actor, task=task, reason=data["note"])
                messages.success(request, _("The task was closed as not needed."))
            else:
                services.task_reopen(actor=actor, task=task)
                messages.success(request, _("The task is open again."))
        except DomainError as exc:
            messages.error(request, exc.message)
            if data.get("note"):
                keep_task_note(request, task.pk, data["note"])
    else:
        messages.error(request, _("Choose what to do with the task."))
        typed = str(request.POST.get(f"t{task.pk}-note", ""))[:2000]
        if typed.strip():
            keep_task_note(request, task.pk, typed)
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("staff:engagements:tasks")


@require_POST
def engagement_step(request: HttpRequest, pk: int) -> HttpResponse:
    """V-A: move to the next step; the step's duties are handed out to the units (VI)."""
    engagement = _engagement(request, pk)
    if not permissions.can_move_steps(request.user, engagement):
        raise PermissionDenied
    form = StepForm(request.POST)
    service = _STEP_SERVICES.get(str(form.data.get("to", "")))
    if not form.is_valid() or service is None:
        messages.error(request, _("Choose the step to move to."))
    else:
        try:
            service(actor=signed_in_user(request), engagement=engagement)
            messages.success(
                request,
                _("The engagement moved to “%(stage)s”; the units have their tasks.")
                % {"stage": Engagement.Status(form.cleaned_data["to"]).label},
            )
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect("staff:engagements:detail", pk=engagement.pk)
