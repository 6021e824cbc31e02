"""Staff side of engagements: the list, a new engagement, and its assessment (IV-B) and
determination (IV-C, IV-D)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.accounts.selectors import signed_in_user
from townhall.core.errors import DomainError
from townhall.directives.models import Directive
from townhall.engagements import permissions, plan, selectors, services
from townhall.engagements.forms import (
    ActivityForm,
    ActivityMoveForm,
    AssessmentForm,
    DeterminationForm,
    EngagementForm,
    ExternalCommentForm,
)
from townhall.engagements.models import Activity, Engagement, Level
from townhall.postings.models import Posting

# The plan stays open from the determination through follow-up (V-A).
PLANNABLE = (
    Engagement.Status.DETERMINED,
    Engagement.Status.OUTREACH,
    Engagement.Status.ENGAGING,
    Engagement.Status.FOLLOW_UP,
)


def _engagement(request: HttpRequest, pk: int) -> Engagement:
    if not permissions.can_view_engagements(request.user):
        raise PermissionDenied
    return get_object_or_404(
        Engagement.objects.select_related("directive", "training", "rule", "determined_by"), pk=pk
    )


def engagement_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_engagements(request.user):
        raise PermissionDenied
    engagements = Engagement.objects.select_related("directive", "training").prefetch_related(
        "topics"
    )
    return render(
        request,
        "engagements/staff/list.html",
        {"engagements": engagements, "can_assess": permissions.can_assess(request.user)},
    )


def engagement_new(request: HttpRequest) -> HttpResponse:
    if not permissions.can_assess(request.user):
        raise PermissionDenied
    form = EngagementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        number = data["directive"].strip().upper()
        directive = Directive.objects.filter(number=number).first() if number else None
        if number and directive is None:
            form.add_error("directive", _("There is no directive %(n)s.") % {"n": number})
        else:
            try:
                engagement = services.engagement_create(
                    actor=signed_in_user(request),
                    title=data["title"],
                    originating_unit=data["originating_unit"],
                    directive=directive,
                    training_title=data["training"],
                    other_subject=data["other_subject"],
                    topics=data["topics"],
                )
                return redirect("staff:engagements:detail", pk=engagement.pk)
            except DomainError as exc:
                form.add_error(None, exc.message)
    return render(request, "engagements/staff/new.html", {"form": form})


def engagement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    assessing = engagement.status == Engagement.Status.ASSESSING
    return render(
        request,
        "engagements/staff/detail.html",
        {
            "engagement": engagement,
            "external_comments": engagement.external_comments.order_by("id"),
            "reasons": engagement.recommended_reasons,
            "assessment_form": AssessmentForm(
                initial={
                    "is_new": engagement.is_new,
                    "populations": "\n".join(engagement.populations or []),
                    "prior_engagement_note": engagement.prior_engagement_note,
                    "national_attention": engagement.national_attention,
                    "command_request": engagement.command_request,
                    "community_request": engagement.community_request,
                    "consent_decree": engagement.consent_decree,
                    "consent_decree_paragraph": engagement.consent_decree_paragraph,
                },
                prefix="a",
            ),
            "external_form": ExternalCommentForm(prefix="x"),
            "determination_form": DeterminationForm(
                initial={"level": engagement.recommended_level}, prefix="d"
            ),
            "can_assess": assessing and permissions.can_assess(request.user),
            "can_determine": assessing
            and engagement.recommended_level is not None
            and permissions.can_determine_level(request.user),
            "levels": Level,
            **_plan_context(request, engagement),
            **_work_context(request, engagement),
        },
    )


def _work_context(request: HttpRequest, engagement: Engagement) -> dict[str, object]:
    """The step the engagement is at, the next one, and its units' tasks (V-A, VI)."""
    order = list(Engagement.Status)
    at = order.index(Engagement.Status(engagement.status))
    following = order[at + 1] if at + 1 < len(order) and at >= 1 else None
    tasks = selectors.tasks_for(engagement_id=engagement.pk, status=None)
    return {
        "next_stage": following,
        "can_step": following is not None and permissions.can_move_steps(request.user, engagement),
        "task_rows": selectors.task_rows(user=request.user, tasks=tasks),
    }


def _postings_of(engagement: Engagement) -> list[Posting]:
    if engagement.directive_id is None:
        return []
    return list(
        Posting.objects.filter(version__directive_id=engagement.directive_id)
        .select_related("version__directive")
        .order_by("-id")[:20]
    )


def _plan_context(request: HttpRequest, engagement: Engagement) -> dict[str, object]:
    """The plan by step, the level's expected methods planned and done, and a timeline (bars
    as an SVG chart beside the same figures in the table)."""
    # Each activity's meetings come along: the plan lists them (meetings' template tag).
    activities = list(
        engagement.activities.select_related("posting").prefetch_related("meetings", "surveys")
    )
    expected = plan.TYPICAL.get(engagement.level or 0, ())
    planned = {a.method for a in activities if a.status != Activity.Status.CANCELLED}
    done = {a.method for a in activities if a.status == Activity.Status.DONE}
    dated = [a for a in activities if a.starts_on]
    bars = []
    if dated:
        first = min(a.starts_on for a in dated if a.starts_on)
        last = max((a.ends_on or a.starts_on) for a in dated if a.starts_on)
        span = max((last - first).days, 1)
        for n, a in enumerate(dated):
            assert a.starts_on is not None
            end = a.ends_on or a.starts_on
            bars.append(
                {
                    "y": n * 20,
                    "x": 160 + int(300 * (a.starts_on - first).days / span),
                    "width": max(4, int(300 * ((end - a.starts_on).days) / span)),
                    "activity": a,
                }
            )
    return {
        "steps": [
            (step, item, [a for a in activities if a.step == step])
            for step, item in plan.STEPS.items()
        ],
        "expected": [(Activity.Method(m).label, m in planned, m in done) for m in expected],
        "bars": bars,
        "timeline_height": max(20, 20 * len(bars)),
        "can_plan": engagement.status in PLANNABLE and permissions.can_assess(request.user),
        "activity_form": ActivityForm(prefix="act", postings=_postings_of(engagement)),
    }


@require_POST
def plan_template(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    if not permissions.can_assess(request.user):
        raise PermissionDenied
    try:
        made = services.plan_from_template(actor=signed_in_user(request), engagement=engagement)
        messages.success(request, _("%(n)d activities added to the plan.") % {"n": len(made)})
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(engagement)


@require_POST
def activity_add(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    if not permissions.can_assess(request.user):
        raise PermissionDenied
    postings = _postings_of(engagement)
    form = ActivityForm(request.POST, prefix="act", postings=postings)
    if not form.is_valid():
        messages.error(request, _("Check the activity: choose a method and valid dates."))
        return _back(engagement)
    data = form.cleaned_data
    try:
        services.activity_add(
            actor=signed_in_user(request),
            engagement=engagement,
            method=data["method"],
            title=data["title"],
            owner=data["owner"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            posting=next((p for p in postings if p.pk == data.get("posting")), None),
        )
        messages.success(request, _("The activity was added to the plan."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(engagement)


@require_POST
def activity_move(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_assess(request.user):
        raise PermissionDenied
    activity = get_object_or_404(Activity.objects.select_related("engagement"), pk=pk)
    form = ActivityMoveForm(request.POST, prefix=f"m{activity.pk}")
    if not form.is_valid():
        messages.error(request, _("Check the figures: participants are a whole number."))
        return _back(activity.engagement)
    data = form.cleaned_data
    actor = signed_in_user(request)
    try:
        if data["action"] == "start":
            services.activity_start(actor=actor, activity=activity)
        elif data["action"] == "finish":
            services.activity_finish(
                actor=actor, activity=activity, participants=data["participants"]
            )
        else:
            services.activity_cancel(actor=actor, activity=activity, reason=data["reason"])
        messages.success(request, _("The activity was updated."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(activity.engagement)


def _back(engagement: Engagement) -> HttpResponse:
    return redirect("staff:engagements:detail", pk=engagement.pk)


@require_POST
def engagement_assess(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    if not permissions.can_assess(request.user):
        raise PermissionDenied
    form = AssessmentForm(request.POST, prefix="a")
    if not form.is_valid():
        messages.error(request, _("Check the assessment: some answers are not valid."))
        return _back(engagement)
    data = form.cleaned_data
    try:
        services.engagement_assess(
            actor=signed_in_user(request),
            engagement=engagement,
            is_new=data["is_new"],
            populations=data["populations"].splitlines(),
            prior_engagement_note=data["prior_engagement_note"],
            national_attention=data["national_attention"],
            command_request=data["command_request"],
            community_request=data["community_request"],
            consent_decree=data["consent_decree"],
            consent_decree_paragraph=data["consent_decree_paragraph"],
        )
        messages.success(request, _("The assessment was recorded."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(engagement)


@require_POST
def engagement_external(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    if not permissions.can_assess(request.user):
        raise PermissionDenied
    form = ExternalCommentForm(request.POST, prefix="x")
    if not form.is_valid():
        messages.error(request, _("Choose who commented and say what they said."))
        return _back(engagement)
    try:
        services.external_comment_add(
            actor=signed_in_user(request), engagement=engagement, **form.cleaned_data
        )
        messages.success(
            request, _("The comment was added; record the assessment again to count it.")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(engagement)


@require_POST
def engagement_determine(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    if not permissions.can_determine_level(request.user):
        raise PermissionDenied
    form = DeterminationForm(request.POST, prefix="d")
    if not form.is_valid():
        messages.error(request, _("Choose a level of engagement."))
        return _back(engagement)
    try:
        services.engagement_determine(
            actor=signed_in_user(request),
            engagement=engagement,
            level=form.cleaned_data["level"],
            consulted=form.cleaned_data["consulted"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("The level of engagement was determined."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(engagement)
