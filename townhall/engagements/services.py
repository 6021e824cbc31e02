"""Writes of engagements: create, assess (IV-B), determine the level (IV-C, IV-D), and change
the level rule. One function per move, each with an audit row."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.accounts.models import Role, User
from townhall.core.audit import audit_record
from townhall.core.errors import DomainError, IllegalTransition, NotAllowed
from townhall.core.mail import mail_on_commit
from townhall.core.text import one_line
from townhall.directives.models import Directive
from townhall.engagements import duties, levels, permissions, plan, selectors
from townhall.engagements.models import (
    Activity,
    Engagement,
    ExternalComment,
    Level,
    LevelRule,
    Topic,
    Training,
    UnitTask,
)
from townhall.engagements.selectors import current_rule, factors_of, rule_values
from townhall.postings.models import Posting

__all__ = [
    "activity_add",
    "activity_cancel",
    "activity_finish",
    "activity_start",
    "engagement_assess",
    "engagement_conclude",
    "engagement_create",
    "engagement_determine",
    "engagement_start_engaging",
    "engagement_start_follow_up",
    "engagement_start_outreach",
    "external_comment_add",
    "level_rule_change",
    "plan_from_template",
    "task_complete",
    "task_reopen",
    "task_waive",
    "tasks_hand_out",
    "tasks_remind",
]

# IV-D: OCPR determines in consultation with these units.
CONSULTABLE = (Role.PSCD, Role.OEE, Role.ORIGINATING_UNIT, Role.RD, Role.TRAINING)


def engagement_create(
    *,
    actor: User,
    title: str,
    originating_unit: str,
    directive: Directive | None = None,
    training: Training | None = None,
    training_title: str = "",
    other_subject: str = "",
    topics: Iterable[Topic] = (),
) -> Engagement:
    """III-A: an engagement is about a directive or a training; VI-A: or, beyond policy and
    training, about another named subject. Exactly one, never none. A training not yet in
    Townhall is made from its title."""
    if not permissions.can_assess(actor):
        raise NotAllowed(_("Your role cannot start an engagement."))
    title = one_line(title)
    if not title:
        raise DomainError(_("Give the engagement a title."))
    training_title = one_line(training_title)
    other_subject = one_line(other_subject)
    has_training = training is not None or bool(training_title)
    if [directive is not None, has_training, bool(other_subject)].count(True) != 1:
        raise DomainError(
            _("An engagement is about one directive, one training or one other subject.")
        )
    if not originating_unit.strip():
        raise DomainError(_("Name the originating unit."))
    with transaction.atomic():
        if training is None and training_title:
            training = Training.objects.create(title=training_title[:300])
        engagement = Engagement.objects.create(
            title=title[:300],
            directive=directive,
            training=training,
            other_subject=other_subject[:300],
            originating_unit=originating_unit.strip()[:200],
            created_by=actor,
        )
        engagement.topics.set(list(topics))
        audit_record(actor=actor, action="engagement.create", obj=engagement)
    return engagement


def external_comment_add(
    *,
    actor: User,
    engagement: Engagement,
    entity: str,
    summary: str,
    name: str = "",
    received_on: datetime.date | None = None,
) -> ExternalComment:
    """IV-B-4: a previous comment from an external entity, kept with the assessment."""
    if not permissions.can_assess(actor):
        raise NotAllowed(_("Your role cannot assess engagements."))
    if entity not in ExternalComment.Entity.values:
        raise DomainError(_("Choose who made the comment."))
    if not summary.strip():
        raise DomainError(_("Say what they commented."))
    with transaction.atomic():
        comment = ExternalComment.objects.create(
            engagement=engagement,
            entity=entity,
            name=name.strip()[:200],
            summary=summary.strip(),
            received_on=received_on,
        )
        audit_record(
            actor=actor,
            action="engagement.external_comment",
            obj=engagement,
            after={"entity": entity},
        )
    return comment


def engagement_assess(
    *,
    actor: User,
    engagement: Engagement,
    is_new: bool,
    populations: Sequence[str],
    prior_engagement_note: str,
    national_attention: bool,
    command_request: bool,
    community_request: bool,
    consent_decree: bool,
    consent_decree_paragraph: str = "",
) -> Engagement:
    """IV-A, IV-B: record the factors; the rule in force recommends a level and says why.
    A determined engagement is reassessed only after its determination is withdrawn."""
    if not permissions.can_assess(actor):
        raise NotAllowed(_("Your role cannot assess engagements."))
    if engagement.status != Engagement.Status.ASSESSING:
        raise IllegalTransition(_("The level has been determined; the assessment is closed."))
    cleaned = [p.strip()[:120] for p in populations if p.strip()]
    if consent_decree and not consent_decree_paragraph.strip():
        raise DomainError(_("Give the consent decree paragraph that requires the review."))
    factors = {
        "is_new": is_new,
        "populations": cleaned,
        "prior_engagement_note": prior_engagement_note.strip(),
        "national_attention": national_attention,
        "command_request": command_request,
        "community_request": community_request,
        "consent_decree": consent_decree,
        "consent_decree_paragraph": consent_decree_paragraph.strip()[:40] if consent_decree else "",
    }
    for name, value in factors.items():  # in memory, so the rule reads what is being recorded
        setattr(engagement, name, value)
    rule = current_rule()
    result = levels.recommend(factors_of(engagement), rule_values(rule))
    with transaction.atomic():
        Engagement.objects.filter(pk=engagement.pk).update(
            **factors,
            assessed_at=timezone.now(),
            recommended_level=int(result.level),
            recommended_score=result.score,
            recommended_reasons=[
                {"factor": k, "item": item, "points": p} for k, item, p in result.reasons
            ],
            rule=rule,
        )
        audit_record(
            actor=actor,
            action="engagement.assess",
            obj=engagement,
            after={"recommended_level": int(result.level), "score": result.score},
        )
    engagement.refresh_from_db()
    return engagement


def engagement_determine(
    *,
    actor: User,
    engagement: Engagement,
    level: int,
    consulted: Sequence[str],
    reason: str = "",
) -> Engagement:
    """IV-D: OCPR determines the type and degree of engagement, in consultation with the units
    it names. IV-C: above the recommendation is encouraged; below it needs a written reason."""
    if not permissions.can_determine_level(actor):
        raise NotAllowed(_("Only OCPR determines the level of engagement."))
    if engagement.status != Engagement.Status.ASSESSING:
        raise IllegalTransition(_("The level has already been determined."))
    if engagement.recommended_level is None:
        raise IllegalTransition(_("Record the assessment first: there is no recommendation yet."))
    if level not in Level.values:
        raise DomainError(_("Choose a level of engagement."))
    reason = reason.strip()
    if level < engagement.recommended_level and not reason:
        raise DomainError(
            _(
                "This is below the recommended level (%(level)s). Say why in writing; "
                "going beyond the minimum needs no reason (IV-C)."
            )
            % {"level": Level(engagement.recommended_level).label}
        )
    unknown = set(consulted) - {r.value for r in CONSULTABLE}
    if unknown:
        raise DomainError(_("Choose the consulted units from the list."))
    with transaction.atomic():
        updated = Engagement.objects.filter(
            pk=engagement.pk, status=Engagement.Status.ASSESSING
        ).update(
            status=Engagement.Status.DETERMINED,
            level=level,
            level_reason=reason,
            consulted=sorted(set(consulted)),
            determined_by=actor,
            determined_at=timezone.now(),
        )
        if not updated:
            raise IllegalTransition(_("The level has already been determined."))
        audit_record(
            actor=actor,
            action="engagement.determine",
            obj=engagement,
            before={"recommended_level": engagement.recommended_level},
            after={"level": level, "reason": reason, "consulted": sorted(set(consulted))},
        )
        engagement.status = Engagement.Status.DETERMINED
        tasks_hand_out(engagement=engagement, stage=Engagement.Status.DETERMINED)
    engagement.refresh_from_db()
    return engagement


def level_rule_change(
    *,
    actor: User,
    points: dict[str, int],
    per_entity: int,
    entity_cap: int,
    targeted_at: int,
    enhanced_at: int,
    note: str,
) -> LevelRule:
    """An administrator changes the rule: a new row, the old ones kept as its history."""
    if not permissions.can_change_level_rule(actor):
        raise NotAllowed(_("Only a system administrator changes the level rule."))
    try:
        levels.RuleValues(
            points=points,
            per_entity=per_entity,
            entity_cap=entity_cap,
            targeted_at=targeted_at,
            enhanced_at=enhanced_at,
        )
    except ValueError as exc:
        raise DomainError(_("The rule is not valid: %(why)s") % {"why": exc}) from exc
    if not note.strip():
        raise DomainError(_("Say why the rule changes; the note stays with it."))
    with transaction.atomic():
        rule = LevelRule.objects.create(
            points=points,
            per_entity=per_entity,
            entity_cap=entity_cap,
            targeted_at=targeted_at,
            enhanced_at=enhanced_at,
            note=note.strip(),
            created_by=actor,
        )
        audit_record(actor=actor, action="level_rule.change", obj=rule, after=dict(points))
    return rule


# --- The plan: three steps (V-A) --------------------------------------------------------------

# Who usually owns each method: OEE conducts the engagements and follow-up (VI-B-3), R&D
# posts directives (VII-B), Communications speaks to the public (VI-F, VII-C-2).
_DEFAULT_OWNER = {
    "public_website": Role.COMMUNICATIONS,
    "digital_media": Role.COMMUNICATIONS,
    "awareness_campaign": Role.COMMUNICATIONS,
    "media_communications": Role.COMMUNICATIONS,
    "advertisement": Role.COMMUNICATIONS,
    "public_posting": Role.RD,
}


def _check_plan(actor: User, engagement: Engagement) -> None:
    if not permissions.can_assess(actor):
        raise NotAllowed(_("Your role cannot plan engagements."))
    if engagement.status == Engagement.Status.ASSESSING:
        raise IllegalTransition(
            _("OCPR determines the level of engagement before the plan starts.")
        )
    if engagement.status == Engagement.Status.CONCLUDED:
        raise IllegalTransition(_("The engagement has concluded; its plan is closed."))


def activity_add(
    *,
    actor: User,
    engagement: Engagement,
    method: str,
    title: str = "",
    owner: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    posting: Posting | None = None,
) -> Activity:
    """V-A: an activity in the step its method belongs to. A public posting (V-C-10) may link
    to the posting that runs it, of the engagement's own directive."""
    _check_plan(actor, engagement)
    if method not in Activity.Method.values:
        raise DomainError(_("Choose a method of engagement."))
    if owner and owner not in Role.values:
        raise DomainError(_("Choose the unit that owns the activity."))
    if starts_on and ends_on and ends_on < starts_on:
        raise DomainError(_("The activity cannot end before it starts."))
    if posting is not None:
        if method != Activity.Method.PUBLIC_POSTING:
            raise DomainError(_("Only a public posting (V-C-10) links to a posting."))
        if (
            engagement.directive_id is None
            or posting.version.directive_id != engagement.directive_id
        ):
            raise DomainError(_("The posting must be of the engagement's directive."))
    label = Activity.Method(method).label
    with transaction.atomic():
        activity = Activity.objects.create(
            engagement=engagement,
            method=method,
            step=plan.method(method).step,
            title=one_line(title)[:300] or str(label),
            owner=owner or _DEFAULT_OWNER.get(method, Role.OEE),
            starts_on=starts_on,
            ends_on=ends_on,
            posting=posting,
            # V-C-9: an internal focus group is for Department members; not a public event.
            is_public=method != Activity.Method.INTERNAL_FOCUS_GROUP,
        )
        audit_record(actor=actor, action="activity.add", obj=activity, after={"method": method})
        if ends_on is not None:
            tasks_reschedule(engagement=engagement)
    return activity


def plan_from_template(*, actor: User, engagement: Engagement) -> list[Activity]:
    """Start the plan from the determined level's typical activities; methods already in the
    plan are not added twice, so pressing it again adds nothing."""
    _check_plan(actor, engagement)
    present = set(engagement.activities.values_list("method", flat=True))
    assert engagement.level is not None  # determined
    return [
        activity_add(actor=actor, engagement=engagement, method=m)
        for m in plan.TYPICAL[engagement.level]
        if m not in present
    ]


_MOVES = {
    "start": ({Activity.Status.PLANNED}, Activity.Status.UNDER_WAY),
    "finish": ({Activity.Status.PLANNED, Activity.Status.UNDER_WAY}, Activity.Status.DONE),
    "cancel": ({Activity.Status.PLANNED, Activity.Status.UNDER_WAY}, Activity.Status.CANCELLED),
}


def _activity_move(*, actor: User, activity: Activity, move: str, **values: object) -> Activity:
    _check_plan(actor, activity.engagement)
    allowed, target = _MOVES[move]
    if activity.status not in allowed:
        raise IllegalTransition(
            _("This activity is %(status)s; it cannot be changed that way.")
            % {"status": activity.get_status_display().lower()}
        )
    with transaction.atomic():
        updated = Activity.objects.filter(pk=activity.pk, status=activity.status).update(
            status=target, **values
        )
        if not updated:
            raise IllegalTransition(_("Someone changed this activity meanwhile; look again."))
        audit_record(
            actor=actor,
            action=f"activity.{move}",
            obj=activity,
            before={"status": activity.status},
            after={"status": target, **{k: str(v) for k, v in values.items()}},
        )
    activity.refresh_from_db()
    return activity


def activity_start(*, actor: User, activity: Activity) -> Activity:
    return _activity_move(actor=actor, activity=activity, move="start")


def activity_finish(
    *, actor: User, activity: Activity, participants: int | None, notes: str = ""
) -> Activity:
    """Done, with its participation figures (V-A: who took part is reported)."""
    if participants is not None and participants < 0:
        raise DomainError(_("Participants cannot be fewer than none."))
    return _activity_move(
        actor=actor,
        activity=activity,
        move="finish",
        participants=participants,
        notes=notes.strip() or activity.notes,
    )


def activity_cancel(*, actor: User, activity: Activity, reason: str) -> Activity:
    """Cancelled activities stay in the plan, with the reason."""
    if not reason.strip():
        raise DomainError(_("Say why the activity is cancelled; the reason stays with it."))
    return _activity_move(
        actor=actor, activity=activity, move="cancel", cancel_reason=reason.strip()
    )


# --- The steps (V-A) and the units' tasks (VI) -----------------------------------------------

# An engagement moves forward one stage at a time; each move hands out that stage's duties.
_NEXT_STAGE = {
    Engagement.Status.DETERMINED: Engagement.Status.OUTREACH,
    Engagement.Status.OUTREACH: Engagement.Status.ENGAGING,
    Engagement.Status.ENGAGING: Engagement.Status.FOLLOW_UP,
    Engagement.Status.FOLLOW_UP: Engagement.Status.CONCLUDED,
}


def tasks_hand_out(*, engagement: Engagement, stage: str) -> list[UnitTask]:
    """VI: give each unit its duties for `stage`. Idempotent: a duty already handed out for
    this engagement is not handed out again (one task per duty and engagement)."""
    subject = engagement.subject_kind
    today = timezone.localdate()
    ends = _activity_ends(engagement, stage)
    present = set(engagement.tasks.values_list("duty", flat=True))
    made = [
        UnitTask(
            engagement=engagement,
            duty=d.item,
            unit=d.unit,
            due_on=duties.due_on(d, entered_on=today, activity_ends=ends),
        )
        for d in duties.duties_for(stage, subject=subject)
        if d.item not in present
    ]
    UnitTask.objects.bulk_create(made, ignore_conflicts=True)
    if made:
        _tell_units_of_tasks(engagement, made)
    return made


def tasks_reschedule(*, engagement: Engagement) -> int:
    """Open duties that follow the current step's activities (VI-B-3, VI-B-4, VI-C-3) move
    with them: an activity dated, or added later, pushes the due date. Returns how many moved."""
    ends = _activity_ends(engagement, engagement.status)
    moved = 0
    for task in engagement.tasks.filter(status=UnitTask.Status.OPEN):
        item = duties.duty(task.duty)
        if item is None or not item.after_activities or item.stage != engagement.status:
            continue
        entered = timezone.localdate(engagement.step_started_at or task.created_at)
        due = duties.due_on(item, entered_on=entered, activity_ends=ends)
        if due != task.due_on:
            moved += UnitTask.objects.filter(pk=task.pk).update(due_on=due, reminded_on=None)
    return moved


_STEP_OF_STAGE: dict[str, int] = {
    Engagement.Status.OUTREACH: 1,
    Engagement.Status.ENGAGING: 2,
    Engagement.Status.FOLLOW_UP: 3,
}


def _activity_ends(engagement: Engagement, stage: str) -> list[datetime.date | None]:
    """The planned ends of the stage's activities, cancelled ones aside: what the duties that
    follow the activities count from."""
    return list(
        engagement.activities.filter(step=_STEP_OF_STAGE.get(stage, 0))
        .exclude(status=Activity.Status.CANCELLED)
        .values_list("ends_on", flat=True)
    )


def _task_lines(tasks: Sequence[UnitTask], today: datetime.date) -> list[str]:
    """One line per task for the units' emails: the item, the duty, when it is due."""
    lines = []
    for t in tasks:
        item = duties.duty(t.duty)
        when = _("overdue since %(date)s") if t.due_on < today else _("due %(date)s")
        text = item.text if item else ""
        lines.append(f"- {t.duty}: {text} ({when % {'date': t.due_on.isoformat()}})")
    return lines


def _tell_units_of_tasks(engagement: Engagement, made: Sequence[UnitTask]) -> None:
    today = timezone.localdate()
    for unit in sorted({t.unit for t in made}):
        lines = _task_lines([t for t in made if t.unit == unit], today)
        mail_on_commit(
            to=selectors.task_recipients(engagement=engagement, unit=unit),
            subject=_("New tasks for the engagement “%(title)s”") % {"title": engagement.title},
            body="\n".join(
                [_("Your unit has new tasks (seed 002, VI):"), "", *lines, "", _staff_link()]
            ),
        )


def _staff_link() -> str:
    return settings.TOWNHALL_BASE_URL.rstrip("/") + reverse("staff:engagements:tasks")


def _engagement_move(*, actor: User, engagement: Engagement, to: str) -> Engagement:
    if not permissions.can_move_steps(actor, engagement):
        raise NotAllowed(_("Your role cannot move engagements between steps."))
    current = Engagement.Status(engagement.status)
    if _NEXT_STAGE.get(current) != to:
        raise IllegalTransition(
            _("This engagement is at “%(stage)s”; it cannot move to “%(target)s”.")
            % {"stage": current.label, "target": Engagement.Status(to).label}
        )
    if to == Engagement.Status.CONCLUDED:
        open_activities = engagement.activities.filter(
            status__in=[Activity.Status.PLANNED, Activity.Status.UNDER_WAY]
        ).count()
        if open_activities:
            raise IllegalTransition(
                _(
                    "Finish or cancel the %(count)s activities still planned or under way "
                    "before concluding."
                )
                % {"count": open_activities}
            )
    with transaction.atomic():
        updated = Engagement.objects.filter(pk=engagement.pk, status=current).update(
            status=to, step_started_at=timezone.now()
        )
        if not updated:
            raise IllegalTransition(_("Someone moved this engagement meanwhile; look again."))
        audit_record(
            actor=actor,
            action="engagement.step",
            obj=engagement,
            before={"status": current.value},
            after={"status": to},
        )
        engagement.status = to
        tasks_hand_out(engagement=engagement, stage=to)
    engagement.refresh_from_db()
    return engagement


def engagement_start_outreach(*, actor: User, engagement: Engagement) -> Engagement:
    """V-A step 1: outreach and public sentiment assessment (V-B)."""
    return _engagement_move(actor=actor, engagement=engagement, to=Engagement.Status.OUTREACH)


def engagement_start_engaging(*, actor: User, engagement: Engagement) -> Engagement:
    """V-A step 2: engagement (V-C)."""
    return _engagement_move(actor=actor, engagement=engagement, to=Engagement.Status.ENGAGING)


def engagement_start_follow_up(*, actor: User, engagement: Engagement) -> Engagement:
    """V-A step 3: follow-up (V-D)."""
    return _engagement_move(actor=actor, engagement=engagement, to=Engagement.Status.FOLLOW_UP)


def engagement_conclude(*, actor: User, engagement: Engagement) -> Engagement:
    """After follow-up: concluded, once no activity is left planned or under way; OEE's
    evaluation (VI-B-1) is handed out."""
    return _engagement_move(actor=actor, engagement=engagement, to=Engagement.Status.CONCLUDED)


def _task_move(
    *, actor: User, task: UnitTask, allowed: set[str], target: str, action: str, note: str
) -> UnitTask:
    if not permissions.can_work_task(actor, task):
        raise NotAllowed(_("This task belongs to another unit."))
    if task.status not in allowed:
        raise IllegalTransition(
            _("This task is %(status)s; it cannot be changed that way.")
            % {"status": task.get_status_display().lower()}
        )
    done = target != UnitTask.Status.OPEN
    with transaction.atomic():
        updated = UnitTask.objects.filter(pk=task.pk, status=task.status).update(
            status=target,
            note=note,
            done_by=actor if done else None,
            done_at=timezone.now() if done else None,
        )
        if not updated:
            raise IllegalTransition(_("Someone changed this task meanwhile; look again."))
        audit_record(
            actor=actor,
            action=action,
            obj=task,
            before={"status": task.status},
            after={"status": target, "note": note},
        )
    task.refresh_from_db()
    return task


def task_complete(*, actor: User, task: UnitTask, note: str = "") -> UnitTask:
    """VI: the unit records that it did its duty, with what it did."""
    return _task_move(
        actor=actor,
        task=task,
        allowed={UnitTask.Status.OPEN},
        target=UnitTask.Status.DONE,
        action="task.complete",
        note=note.strip(),
    )


def task_waive(*, actor: User, task: UnitTask, reason: str) -> UnitTask:
    """A duty that does not apply to this engagement is closed with a written reason."""
    if not reason.strip():
        raise DomainError(_("Say why the task is not needed; the reason stays with it."))
    return _task_move(
        actor=actor,
        task=task,
        allowed={UnitTask.Status.OPEN},
        target=UnitTask.Status.WAIVED,
        action="task.waive",
        note=reason.strip(),
    )


def task_reopen(*, actor: User, task: UnitTask) -> UnitTask:
    """Undo a task closed by mistake; the audit trail keeps both moves."""
    return _task_move(
        actor=actor,
        task=task,
        allowed={UnitTask.Status.DONE, UnitTask.Status.WAIVED},
        target=UnitTask.Status.OPEN,
        action="task.reopen",
        note=task.note,
    )


def tasks_remind(*, today: datetime.date | None = None) -> int:
    """The worker's daily reminder (VI): one email per unit and engagement listing its open
    tasks that are overdue or due within two days. Each task is claimed for today with a
    conditional update, so two workers, or a rerun, never send the same reminder twice.
    Returns how many emails were queued."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=REMIND_DAYS_BEFORE)
    due = (
        UnitTask.objects.filter(status=UnitTask.Status.OPEN, due_on__lte=soon)
        .exclude(reminded_on__gte=today)
        .select_related("engagement")
        .order_by("engagement_id", "unit", "due_on", "id")
    )
    groups: dict[tuple[int, str], list[UnitTask]] = {}
    for task in due:
        groups.setdefault((task.engagement_id, task.unit), []).append(task)
    sent = 0
    for (_engagement_id, unit), tasks in groups.items():
        with transaction.atomic():
            claimed = [
                t
                for t in tasks
                if UnitTask.objects.filter(pk=t.pk, status=UnitTask.Status.OPEN)
                .exclude(reminded_on__gte=today)
                .update(reminded_on=today)
            ]
            if not claimed:
                continue
            engagement = claimed[0].engagement
            overdue = any(t.due_on < today for t in claimed)
            subject = (
                _("Overdue tasks for “%(title)s”")
                if overdue
                else _("Tasks due soon for “%(title)s”")
            ) % {"title": engagement.title}
            lines = _task_lines(claimed, today)
            mail_on_commit(
                to=selectors.task_recipients(engagement=engagement, unit=unit),
                subject=subject,
                body="\n".join([*lines, "", _staff_link()]),
            )
            sent += 1
    return sent


REMIND_DAYS_BEFORE = 2
