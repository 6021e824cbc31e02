"""Reads of engagements and of the level rule."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from townhall.core.districts import district_numbers
from townhall.engagements import levels
from townhall.engagements.models import Engagement, LevelRule, UnitTask


def current_rule() -> LevelRule | None:
    return LevelRule.objects.first()


def rule_values(rule: LevelRule | None) -> levels.RuleValues:
    if rule is None:
        return levels.DEFAULT_RULE
    return levels.RuleValues(
        points=dict(rule.points),
        per_entity=rule.per_entity,
        entity_cap=rule.entity_cap,
        targeted_at=rule.targeted_at,
        enhanced_at=rule.enhanced_at,
    )


def factors_of(engagement: Engagement) -> levels.Factors:
    return levels.Factors(
        new=engagement.is_new,
        populations=tuple(engagement.populations or ()),
        prior_engagement=bool(
            engagement.prior_engagement_note.strip() or engagement.prior_engagements.exists()
        ),
        entities=tuple(
            engagement.external_comments.order_by("id").values_list("entity", flat=True)
        ),
        national_attention=engagement.national_attention,
        command_request=engagement.command_request,
        community_request=engagement.community_request,
        consent_decree=engagement.consent_decree,
    )


# --- The units' tasks (VI) and the staff dashboard -------------------------------------------


def task_recipients(*, engagement: Engagement, unit: str) -> list[str]:
    """Who is told of a unit's task: the holders of the unit's role; for the originating
    unit, those of the unit the engagement names, or every holder if none is named so."""
    from townhall.core.mail import emails_for_unit

    return emails_for_unit(unit, engagement.originating_unit)


def tasks_for(
    *,
    units: Iterable[str] | None = None,
    where: Q | None = None,
    status: str | None = "open",
    engagement_id: int | None = None,
) -> QuerySet[UnitTask]:
    tasks = UnitTask.objects.select_related("engagement", "done_by")
    if units is not None:
        tasks = tasks.filter(unit__in=list(units))
    if where is not None:
        tasks = tasks.filter(where)
    if status:
        tasks = tasks.filter(status=status)
    if engagement_id is not None:
        tasks = tasks.filter(engagement_id=engagement_id)
    return tasks.order_by("due_on", "id")


def units_of(user: Any) -> list[str]:
    """The units whose tasks a person works: their roles; the OCPR chief and designee work
    OCPR's."""
    from townhall.accounts.models import Role
    from townhall.accounts.selectors import user_roles

    held = set(user_roles(user))
    if held & {Role.OCPR_CHIEF, Role.OCPR_DESIGNEE}:
        held.add(Role.OCPR)
    return sorted(held)


def task_rows(
    *, user: Any, tasks: Iterable[UnitTask], today: datetime.date | None = None
) -> list[dict[str, Any]]:
    """Tasks as the staff pages show them: the duty's text, the unit's name, how many days
    overdue (said in words, not only by colour), and whether this person can work it."""
    from townhall.accounts.models import Role
    from townhall.engagements import duties, permissions

    today = today or timezone.localdate()
    rows = []
    for task in tasks:
        item = duties.duty(task.duty)
        late = (today - task.due_on).days if task.status == UnitTask.Status.OPEN else 0
        rows.append(
            {
                "task": task,
                "text": item.text if item else "",
                "unit_label": Role(task.unit).label if task.unit in Role.values else task.unit,
                "overdue_days": max(late, 0),
                "can_work": permissions.can_work_task(user, task),
            }
        )
    return rows


def mine(user: Any) -> Q:
    """The tasks a person's units work: their roles' tasks, and an originating unit's only
    for the engagements of the unit they belong to (VI-C)."""
    from townhall.accounts.models import Role
    from townhall.engagements.permissions import originating_units_of

    units = units_of(user)
    other = [u for u in units if u != Role.ORIGINATING_UNIT]
    q = Q(unit__in=other)
    if Role.ORIGINATING_UNIT in units:
        names = originating_units_of(user)
        own = Q(unit=Role.ORIGINATING_UNIT)
        if "" not in names:
            own &= Q(engagement__originating_unit__in=sorted(names))
        q |= own
    return q


@dataclass(frozen=True)
class Dashboard:
    by_stage: list[tuple[str, str, list[int], int]]  # status, label, count per level, total
    levels: list[str]
    overdue: list[UnitTask]
    overdue_total: int
    due_soon: list[UnitTask]


def dashboard(*, user: Any, today: datetime.date | None = None) -> Dashboard:
    """VI: engagements by step and level; overdue tasks (the person's units first, then
    everyone's count); tasks due within a week for the person's units."""
    from townhall.engagements.models import Level

    today = today or timezone.localdate()
    counts: dict[tuple[str, int | None], int] = {}
    for row in Engagement.objects.values("status", "level").annotate(n=Count("id")):
        counts[(row["status"], row["level"])] = row["n"]
    level_values: list[int | None] = [None, *Level.values]
    rows = []
    for status in Engagement.Status:
        per = [counts.get((status.value, lv), 0) for lv in level_values]
        rows.append((status.value, str(status.label), per, sum(per)))
    my_tasks = mine(user)
    open_tasks = UnitTask.objects.filter(status=UnitTask.Status.OPEN).select_related("engagement")
    overdue_all = open_tasks.filter(due_on__lt=today)
    return Dashboard(
        by_stage=rows,
        levels=[str(_("Not determined")), *(str(label) for label in Level.labels)],
        overdue=list(overdue_all.filter(my_tasks).order_by("due_on", "id")[:20]),
        overdue_total=overdue_all.count(),
        due_soon=list(
            open_tasks.filter(
                my_tasks, due_on__gte=today, due_on__lte=today + datetime.timedelta(days=7)
            ).order_by("due_on", "id")[:20]
        ),
    )


# --- The public "Get involved" pages (V-B-1) --------------------------------------------------
# Only published engagements (is_public) and their public activities are ever read here.


def public_engagements() -> QuerySet[Engagement]:
    return (
        Engagement.objects.filter(is_public=True)
        .select_related("directive", "training")
        .prefetch_related("texts", "topics")
        .order_by("-published_at", "-id")
    )


def public_engagement_get(pk: int) -> Engagement:
    from django.http import Http404

    engagement = public_engagements().filter(pk=pk).first()
    if engagement is None:
        raise Http404("No such engagement")
    return engagement


def public_activities(engagement: Engagement) -> QuerySet[Any]:
    """Every public activity of the engagement, cancelled ones included (shown as such)."""
    from django.db.models import F

    return (
        engagement.activities.filter(is_public=True)
        .select_related("posting", "engagement")
        .order_by("step", F("starts_on").asc(nulls_last=True), "time_from", "id")
    )


def public_resources(engagement: Engagement) -> QuerySet[Any]:
    return engagement.resources.filter(withdrawn_at__isnull=True).order_by("position", "id")


def _public_dated(today: datetime.date) -> QuerySet[Any]:
    """Public activities of published engagements that end (or, undated end, start) today or
    later."""
    from django.db.models.functions import Coalesce

    from townhall.engagements.models import Activity

    return (
        Activity.objects.filter(is_public=True, engagement__is_public=True)
        .annotate(
            last_day=Coalesce("ends_on", "starts_on"), first_day=Coalesce("starts_on", "ends_on")
        )
        .filter(last_day__gte=today)
    )


def _where_districts(qs: QuerySet[Any], keep: Any) -> QuerySet[Any]:
    """Districts are a JSON list, which SQLite cannot search inside: the few upcoming rows are
    read and matched here."""
    pks = [pk for pk, ds in qs.values_list("pk", "districts") if keep(district_numbers(ds))]
    return qs.filter(pk__in=pks)


def opportunities(
    *,
    today: datetime.date | None = None,
    topic: str = "",
    district: int | None = None,
    citywide: bool = False,
    method: str = "",
    mode: str = "",
    engagement: Engagement | None = None,
) -> QuerySet[Any]:
    """V-B-1: upcoming opportunities, soonest first: public activities of published
    engagements, not cancelled or done, whose last day is today or later. Filters: a topic
    (slug), a district (its activities; `citywide` those for no district in particular), a
    method, and online or in person (an activity both in person and online counts for
    either)."""
    from townhall.engagements.models import Activity

    qs = _public_dated(today or timezone.localdate()).exclude(
        status__in=(Activity.Status.CANCELLED, Activity.Status.DONE)
    )
    if engagement is not None:
        qs = qs.filter(engagement=engagement)
    if topic:
        qs = qs.filter(engagement__topics__slug=topic)
    if method:
        qs = qs.filter(method=method)
    if mode in (Activity.Mode.ONLINE, Activity.Mode.IN_PERSON):
        qs = qs.filter(mode__in=(mode, Activity.Mode.HYBRID))
    if district is not None:
        qs = _where_districts(qs, lambda ds: district in ds)
    if citywide:
        qs = _where_districts(qs, lambda ds: not ds)
    return (
        qs.select_related("engagement", "posting")
        .prefetch_related("engagement__texts")
        .order_by("first_day", "time_from", "id")
    )


def opportunity_counts_by_district(today: datetime.date | None = None) -> dict[int, int]:
    counts: dict[int, int] = {}
    for ds in opportunities(today=today).values_list("districts", flat=True):
        for number in set(district_numbers(ds)):
            counts[number] = counts.get(number, 0) + 1
    return counts


def calendar_activities(
    *, engagement: Engagement | None = None, today: datetime.date | None = None
) -> QuerySet[Any]:
    """What the iCalendar files hold: an engagement's public dated activities (past ones too),
    or every upcoming one. Cancelled ones stay, so calendars that subscribed drop them."""
    from django.db.models.functions import Coalesce

    from townhall.engagements.models import Activity

    if engagement is not None:
        qs = (
            Activity.objects.filter(engagement=engagement, is_public=True)
            .annotate(first_day=Coalesce("starts_on", "ends_on"))
            .filter(first_day__isnull=False)
        )
    else:
        qs = _public_dated(today or timezone.localdate())
    return (
        qs.select_related("engagement")
        .prefetch_related("engagement__texts")
        .order_by("first_day", "time_from", "id")
    )


# --- Staff: public content, community requests, training materials ---------------------------


def public_content_of(engagement: Engagement) -> dict[str, Any]:
    """What the staff "Public page" section shows: texts by language, resources (withdrawn
    ones too, marked) and the activities with their public details."""
    return {
        "texts": {t.language: t for t in engagement.texts.select_related("updated_by")},
        "resources": list(engagement.resources.order_by("withdrawn_at", "position", "id")),
        "activities": list(engagement.activities.order_by("step", "starts_on", "id")),
    }


def community_requests(*, status: str = "") -> QuerySet[Any]:
    from townhall.engagements.models import CommunityRequest

    qs = CommunityRequest.objects.select_related("directive", "engagement", "decided_by")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def community_request_by_receipt(receipt: str) -> Any:
    """The request behind a receipt, or 404: what the public receipt page reads."""
    from django.shortcuts import get_object_or_404

    from townhall.engagements.models import CommunityRequest
    from townhall.engagements.requests import normalize_receipt

    return get_object_or_404(CommunityRequest, receipt=normalize_receipt(receipt))


def registry_numbers() -> list[tuple[str, str]]:
    """Directive numbers and titles, for the request form's suggestions."""
    from townhall.directives.models import Directive

    return list(Directive.objects.order_by("number").values_list("number", "title")[:2000])


def trainings_with_counts() -> QuerySet[Any]:
    from townhall.engagements.models import Training

    return Training.objects.annotate(
        material_count=Count("materials", distinct=True),
        engagement_count=Count("engagements", distinct=True),
    ).order_by("title", "id")


def training_materials(training: Any) -> list[Any]:
    """A training's materials, each with its versions newest first."""
    return list(
        training.materials.prefetch_related("versions__uploaded_by").order_by("title", "id")
    )


def public_materials(engagement: Engagement) -> list[tuple[Any, Any]]:
    """III-A: the course materials of the engagement's training that staff made public, each
    with its latest version."""
    from townhall.engagements.models import TrainingMaterial

    if engagement.training_id is None:
        return []
    out = []
    for material in TrainingMaterial.objects.filter(
        training_id=engagement.training_id, is_public=True
    ).prefetch_related("versions"):
        versions = sorted(material.versions.all(), key=lambda v: v.number)
        if versions:
            out.append((material, versions[-1]))
    return out
