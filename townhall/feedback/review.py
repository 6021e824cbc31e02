"""Human review of themes: the analyst stays in charge (V-D-3, VI-B-5, VII-D-5).

Each function is one decision, by a person who may review feedback, with an audit row. A
person's placement of a comment supersedes the machine's (the machine's row stays, no longer
current), and a later run of the analysis never overrides it (analysis.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.accounts.models import User
from townhall.core.audit import audit_record
from townhall.core.errors import DomainError, IllegalTransition
from townhall.core.text import one_line
from townhall.directives.models import DirectiveVersion
from townhall.feedback import permissions
from townhall.feedback.analysis import lock_posting, refresh_theme_figures
from townhall.feedback.models import FeedbackItem, Recommendation, Theme, ThemeAssignment
from townhall.postings.models import Posting

__all__ = [
    "items_assign",
    "items_mark_off_topic",
    "recommendation_add",
    "recommendation_decide",
    "theme_create",
    "theme_decide",
    "theme_merge",
    "theme_rename",
    "theme_split",
]

LABEL_MAX = 200


def _check(actor: User) -> None:
    permissions.check_reviewer(actor)


def _active(theme: Theme) -> None:
    if theme.status != Theme.Status.ACTIVE:
        raise IllegalTransition(
            _("The theme “%(label)s” is %(status)s; choose an active theme.")
            % {"label": theme.label, "status": theme.get_status_display().lower()}
        )


def _clean_label(label: str) -> str:
    label = one_line(label)
    if not label:
        raise DomainError(_("Give the theme a name."))
    if len(label) > LABEL_MAX:
        raise DomainError(_("The name is too long (200 characters at most)."))
    return label


def theme_rename(*, actor: User, theme: Theme, label: str) -> Theme:
    _check(actor)
    _active(theme)
    label = _clean_label(label)
    before = theme.label
    with transaction.atomic():
        lock_posting(theme.posting_id)
        Theme.objects.filter(pk=theme.pk).update(label=label, label_by_person=True)
        audit_record(
            actor=actor,
            action="theme.rename",
            obj=theme,
            before={"label": before},
            after={"label": label},
        )
    theme.refresh_from_db()
    return theme


def theme_create(*, actor: User, posting: Posting, label: str) -> Theme:
    """A theme a person adds by hand; the analysis never retires it."""
    _check(actor)
    label = _clean_label(label)
    with transaction.atomic():
        theme = Theme.objects.create(
            posting=posting,
            label=label,
            label_by_person=True,
            origin=Theme.Origin.PERSON,
            created_by=actor,
        )
        audit_record(actor=actor, action="theme.create", obj=theme, after={"label": label})
    return theme


def _place(
    *,
    actor: User,
    items: list[FeedbackItem],
    theme: Theme | None,
    kind: str,
) -> set[int]:
    """Place the items; returns the themes touched (where they were, where they go), the
    only ones whose figures need counting again."""
    now = timezone.now()
    ids = [i.pk for i in items]
    if ids and items[0].posting_id is not None:  # callers check every item is the posting's
        lock_posting(items[0].posting_id)
    previous = ThemeAssignment.objects.filter(item_id__in=ids, is_current=True)
    touched = {pk for pk in previous.values_list("theme_id", flat=True) if pk is not None}
    if theme is not None:
        touched.add(theme.pk)
    previous.update(is_current=False)
    ThemeAssignment.objects.bulk_create(
        [
            ThemeAssignment(
                item_id=pk, theme=theme, kind=kind, by_machine=False, actor=actor, created_at=now
            )
            for pk in ids
        ]
    )
    return touched


def _same_posting(items: list[FeedbackItem], posting: Posting) -> None:
    if any(i.posting_id != posting.pk for i in items):
        raise DomainError(_("Those comments belong to another posting."))


def items_assign(*, actor: User, items: Iterable[FeedbackItem], theme: Theme) -> int:
    """Move comments into a theme (or confirm the machine's placement)."""
    _check(actor)
    _active(theme)
    chosen = list(items)
    if not chosen:
        raise DomainError(_("Choose one or more comments."))
    _same_posting(chosen, theme.posting)
    with transaction.atomic():
        touched = _place(actor=actor, items=chosen, theme=theme, kind=ThemeAssignment.Kind.THEME)
        audit_record(
            actor=actor, action="theme.assign", obj=theme, after={"items": [i.pk for i in chosen]}
        )
        refresh_theme_figures(posting=theme.posting, only=touched)
    return len(chosen)


def items_mark_off_topic(*, actor: User, posting: Posting, items: Iterable[FeedbackItem]) -> int:
    """Off-topic comments leave every theme; they stay in the record and in the counts."""
    _check(actor)
    chosen = list(items)
    if not chosen:
        raise DomainError(_("Choose one or more comments."))
    _same_posting(chosen, posting)
    with transaction.atomic():
        touched = _place(actor=actor, items=chosen, theme=None, kind=ThemeAssignment.Kind.OFF_TOPIC)
        audit_record(
            actor=actor,
            action="feedback.off_topic",
            obj=posting,
            after={"items": [i.pk for i in chosen]},
        )
        refresh_theme_figures(posting=posting, only=touched)
    return len(chosen)


def theme_merge(*, actor: User, theme: Theme, into: Theme) -> Theme:
    """Every comment of `theme` moves to `into`, as a person's placement; `theme` is kept,
    marked merged, so the decision can be read back."""
    _check(actor)
    _active(theme)
    _active(into)
    if theme.pk == into.pk or theme.posting_id != into.posting_id:
        raise DomainError(_("Choose another theme of the same posting to merge into."))
    with transaction.atomic():
        lock_posting(theme.posting_id)
        theme.refresh_from_db()
        _active(theme)  # merged or retired meanwhile
        items = list(
            FeedbackItem.objects.filter(assignments__theme=theme, assignments__is_current=True)
        )
        touched = _place(actor=actor, items=items, theme=into, kind=ThemeAssignment.Kind.THEME)
        Theme.objects.filter(pk=theme.pk).update(status=Theme.Status.MERGED, merged_into=into)
        audit_record(
            actor=actor,
            action="theme.merge",
            obj=theme,
            after={"into": into.pk, "items": len(items)},
        )
        refresh_theme_figures(posting=theme.posting, only=touched | {into.pk})
    into.refresh_from_db()
    return into


def theme_split(*, actor: User, theme: Theme, items: Iterable[FeedbackItem], label: str) -> Theme:
    """A new theme, made by a person, takes the chosen comments out of `theme`."""
    _check(actor)
    _active(theme)
    chosen = list(items)
    if not chosen:
        raise DomainError(_("Choose the comments that make the new theme."))
    _same_posting(chosen, theme.posting)
    with transaction.atomic():
        new = theme_create(actor=actor, posting=theme.posting, label=label)
        touched = _place(actor=actor, items=chosen, theme=new, kind=ThemeAssignment.Kind.THEME)
        audit_record(
            actor=actor,
            action="theme.split",
            obj=theme,
            after={"new_theme": new.pk, "items": [i.pk for i in chosen]},
        )
        refresh_theme_figures(posting=theme.posting, only=touched)
    new.refresh_from_db()
    return new


def _checked_decision(
    *,
    theme: Theme,
    disposition: str,
    reason: str,
    revised_version: DirectiveVersion | None,
    revised_section: str,
) -> tuple[str, DirectiveVersion | None, str]:
    """VII-D-5: "adopted" and "partly adopted" name the revision (an item of a version of the
    same directive); "not adopted" gives the reason, which is reported back."""
    if disposition not in Theme.Disposition.values or not disposition:
        raise DomainError(_("Choose a decision."))
    reason = reason.strip()
    if disposition in (Theme.Disposition.ADOPTED, Theme.Disposition.PARTLY):
        if revised_version is None or not revised_section:
            raise DomainError(_("Name the item of the revised draft where the change was made."))
        if revised_version.directive_id != theme.posting.version.directive_id:
            raise DomainError(_("The revision must be a version of the same directive."))
        if not revised_version.sections.filter(anchor=revised_section).exists():
            raise DomainError(
                _("There is no item %(anchor)s in that version.") % {"anchor": revised_section}
            )
    else:
        revised_version, revised_section = None, ""
    if disposition == Theme.Disposition.NOT_ADOPTED and not reason:
        raise DomainError(_("Say why it was not adopted; the reason is reported back."))
    return reason, revised_version, revised_section


def _decide(
    *,
    actor: User,
    target: Theme | Recommendation,
    theme: Theme,
    action: str,
    disposition: str,
    reason: str,
    revised_version: DirectiveVersion | None,
    revised_section: str,
) -> None:
    _check(actor)
    _active(theme)
    reason, revised_version, revised_section = _checked_decision(
        theme=theme,
        disposition=disposition,
        reason=reason,
        revised_version=revised_version,
        revised_section=revised_section,
    )
    before = {"disposition": target.disposition}
    with transaction.atomic():
        # The run's lock: a decision lands before or after a run stores its themes, never on
        # a theme the run is retiring meanwhile.
        lock_posting(theme.posting_id)
        _active(Theme.objects.get(pk=theme.pk))
        type(target).objects.filter(pk=target.pk).update(
            disposition=disposition,
            disposition_reason=reason,
            revised_version=revised_version,
            revised_section=revised_section,
        )
        audit_record(
            actor=actor,
            action=action,
            obj=target,
            before=before,
            after={
                "disposition": disposition,
                "revised_version": revised_version.pk if revised_version else None,
                "revised_section": revised_section,
            },
        )
    target.refresh_from_db()


def theme_decide(
    *,
    actor: User,
    theme: Theme,
    disposition: str,
    reason: str = "",
    revised_version: DirectiveVersion | None = None,
    revised_section: str = "",
) -> Theme:
    """VII-D-5: what the department did with what it heard."""
    _decide(
        actor=actor,
        target=theme,
        theme=theme,
        action="theme.decide",
        disposition=disposition,
        reason=reason,
        revised_version=revised_version,
        revised_section=revised_section,
    )
    return theme


def recommendation_add(*, actor: User, theme: Theme, text: str) -> Recommendation:
    """A recommendation drawn from a theme, in staff's words, to be decided on its own."""
    _check(actor)
    _active(theme)
    text = text.strip()
    if not text:
        raise DomainError(_("Write the recommendation."))
    if len(text) > 2000:
        raise DomainError(_("The recommendation is too long (2,000 characters at most)."))
    with transaction.atomic():
        recommendation = Recommendation.objects.create(theme=theme, text=text, created_by=actor)
        audit_record(
            actor=actor, action="recommendation.add", obj=recommendation, after={"theme": theme.pk}
        )
    return recommendation


def recommendation_decide(
    *,
    actor: User,
    recommendation: Recommendation,
    disposition: str,
    reason: str = "",
    revised_version: DirectiveVersion | None = None,
    revised_section: str = "",
) -> Recommendation:
    """VII-D-5: each recommendation gets its own decision, under the same rules as a theme."""
    _decide(
        actor=actor,
        target=recommendation,
        theme=recommendation.theme,
        action="recommendation.decide",
        disposition=disposition,
        reason=reason,
        revised_version=revised_version,
        revised_section=revised_section,
    )
    return recommendation
