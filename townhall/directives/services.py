"""Writes to the directive registry. One function per state transition; each is audited.

Rules enforced here:
- Current and rescinded versions are immutable; only drafts change (VI-D-3-b: R&D drafts,
  reviews and publishes new or revised directives).
- A directive has at most one current version; publishing a draft rescinds the one before.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from townhall.accounts.models import User
from townhall.core.audit import audit_record, changed_only, snapshot
from townhall.core.errors import DomainError, IllegalTransition, NotAllowed
from townhall.directives.models import Directive, DirectiveType, DirectiveVersion, Section
from townhall.directives.parsing import (
    ParsedDirective,
    normalize_ws,
    parse_directive,
    search_words,
)
from townhall.directives.permissions import can_manage_drafts

_TYPE_BY_LABEL = {
    "general order": DirectiveType.GENERAL_ORDER,
    "special order": DirectiveType.SPECIAL_ORDER,
    "department notice": DirectiveType.DEPARTMENT_NOTICE,
    "employee resource": DirectiveType.EMPLOYEE_RESOURCE,
    "uniform and property": DirectiveType.UNIFORM_AND_PROPERTY,
    "training bulletin": DirectiveType.TRAINING_BULLETIN,
    "department directive": DirectiveType.DEPARTMENT_DIRECTIVE,
    "resources": DirectiveType.RESOURCE,
    "resource": DirectiveType.RESOURCE,
}
_TYPE_BY_PREFIX = {
    "G": DirectiveType.GENERAL_ORDER,
    "S": DirectiveType.SPECIAL_ORDER,
    "D": DirectiveType.DEPARTMENT_NOTICE,
    "E": DirectiveType.EMPLOYEE_RESOURCE,
    "U": DirectiveType.UNIFORM_AND_PROPERTY,
    "T": DirectiveType.TRAINING_BULLETIN,
}
_VERSION_FIELDS = (
    "status",
    "title",
    "issue_date",
    "effective_date",
    "rescinds_text",
    "index_category",
    "calea",
    "content_hash",
    "publish_at",
)


def directive_type_for(label: str, number: str) -> str:
    found = _TYPE_BY_LABEL.get(label.strip().lower())
    if found:
        return found
    return _TYPE_BY_PREFIX.get(number[:1].upper(), DirectiveType.OTHER)


def _content_hash(text: str) -> str:
    return hashlib.sha256(normalize_ws(text).encode()).hexdigest()


def _clean_index_category(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def _write_sections(version: DirectiveVersion, parsed: ParsedDirective) -> None:
    Section.objects.bulk_create(
        [
            Section(
                version=version,
                position=i,
                anchor=s.anchor,
                marker=s.marker,
                level=s.level,
                heading=s.heading,
                text=s.text,
                raw=s.raw,
                parent_anchor=s.parent or "",
            )
            for i, s in enumerate(parsed.sections)
        ],
        batch_size=1000,
    )


def _warnings(parsed: ParsedDirective) -> list[dict[str, object]]:
    return [{"line": u.line_no, "text": u.line, "reason": u.reason} for u in parsed.unplaced]


def _refresh_search_text(directive: Directive) -> None:
    newest = directive.versions.order_by("-issue_date", "-effective_date", "-id").first()
    body = newest.body_text if newest else ""
    directive.search_text = search_words(f"{directive.number} {directive.title} {body}")
    directive.save(update_fields=["search_text", "updated_at"])


def _sort_key(v: DirectiveVersion) -> tuple[datetime.date, datetime.date, int]:
    return (
        v.issue_date or datetime.date.min,
        v.effective_date or datetime.date.min,
        v.pk or 0,
    )


@dataclass(frozen=True)
class ImportResult:
    version: DirectiveVersion
    created: bool
    warnings: tuple[dict[str, object], ...]


def unnumbered_key(title: str) -> str:
    """A stable number for an item the department published without one (its "Resources")."""
    return f"RES-{slugify(title)[:60]}" or "RES-untitled"


@transaction.atomic
def directive_version_import(
    *,
    text: str,
    number_hint: str = "",
    type_hint: str = "",
    title_hint: str = "",
    index_category_hint: str = "",
    source_ref: str = "",
    status: str | None = None,
    actor: User | None = None,
) -> ImportResult:
    """Import one version from its plain text. Idempotent: the same text (or `source_ref`) for
    the same directive is found, not duplicated.

    Without an explicit `status` the newest version by issue and effective date becomes current
    and the others rescinded; a draft is only made when asked for.
    """
    parsed = parse_directive(text, number_hint=number_hint)
    header = parsed.header
    number = (header.number or number_hint).strip()
    title = (header.title or title_hint).strip() or number
    if not number:
        number = unnumbered_key(title)
    doc_type = directive_type_for(header.doc_type or type_hint, number)
    category = _clean_index_category(header.index_category or index_category_hint)

    directive, created_directive = Directive.objects.get_or_create(
        number=number,
        defaults={"title": title[:300], "doc_type": doc_type, "index_category": category},
    )
    if created_directive:
        audit_record(
            actor=actor,
            action="directive.create",
            obj=directive,
            after=snapshot(directive, ("number", "title", "doc_type", "index_category")),
        )
    digest = _content_hash(text)
    existing = directive.versions.filter(content_hash=digest).first()
    if existing is None and source_ref:
        existing = directive.versions.filter(source_ref=source_ref).first()
    if existing is not None:
        return ImportResult(existing, False, tuple(existing.parse_warnings))

    version = DirectiveVersion(
        directive=directive,
        status=DirectiveVersion.Status.RESCINDED,
        title=title[:300],
        issue_date=header.issue_date,
        effective_date=header.effective_date,
        rescinds_text=header.rescinds[:300],
        index_category=category,
        calea=header.calea[:300],
        preamble=parsed.preamble,
        trailer=parsed.trailer,
        body_text=text,
        content_hash=digest,
        parse_warnings=_warnings(parsed),
        source=DirectiveVersion.Source.IMPORT,
        source_ref=source_ref[:100],
        created_by=actor,
    )
    if status == DirectiveVersion.Status.DRAFT:
        version.status = DirectiveVersion.Status.DRAFT
        version.save()
    else:
        current = (
            directive.versions.select_for_update()
            .filter(status=DirectiveVersion.Status.CURRENT)
            .first()
        )
        version.save()
        if current is None or _sort_key(version) >= _sort_key(current):
            if current is not None:
                _rescind(current, by=version, actor=actor)
                version.rescinds = current
            version.status = DirectiveVersion.Status.CURRENT
            version.save(update_fields=["status", "rescinds"])
            if directive.title != version.title or (
                category and directive.index_category != category
            ):
                directive.title = version.title
                directive.index_category = category or directive.index_category
                directive.save(update_fields=["title", "index_category", "updated_at"])
    _write_sections(version, parsed)
    audit_record(
        actor=actor,
        action="directive_version.import",
        obj=version,
        after=snapshot(version, _VERSION_FIELDS),
        note=f"{len(parsed.sections)} sections, {len(parsed.unplaced)} unplaced lines",
    )
    _refresh_search_text(directive)
    return ImportResult(version, True, tuple(version.parse_warnings))


def _rescind(current: DirectiveVersion, *, by: DirectiveVersion | None, actor: User | None) -> None:
    before = snapshot(current, ("status",))
    current.status = DirectiveVersion.Status.RESCINDED
    current.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="directive_version.rescind",
        obj=current,
        before=before,
        after=snapshot(current, ("status",)),
        note=f"rescinded by version {by.pk}" if by else "",
    )


def _require_manager(actor: User | None) -> None:
    if actor is not None and not can_manage_drafts(actor):
        raise NotAllowed(_("Only the Research and Development Division can write drafts."))


def _check_text(text: str) -> ParsedDirective:
    if not text.strip():
        raise DomainError(_("The draft needs its text."), code="text_required")
    parsed = parse_directive(text)
    if not parsed.sections:
        raise DomainError(
            _(
                "No outline items were found. Start items with their markers, e.g. "
                "“I. PURPOSE”, “A.”, “1.”, “a.”."
            ),
            code="no_sections",
        )
    return parsed


@transaction.atomic
def draft_create(
    *,
    actor: User | None,
    number: str,
    title: str,
    text: str,
    doc_type: str = "",
    index_category: str = "",
    issue_date: datetime.date | None = None,
    rescinds_text: str = "",
    calea: str = "",
) -> DirectiveVersion:
    """R&D starts a draft (VI-D-3-b), of an existing directive or of a new one."""
    _require_manager(actor)
    number = number.strip().upper()
    if not number or not re.fullmatch(r"[A-Z0-9][A-Z0-9\-]{0,40}", number):
        raise DomainError(
            _("Give the directive number in the Department's form, e.g. G03-02 or D22-08."),
            code="bad_number",
        )
    if not title.strip():
        raise DomainError(_("The draft needs a title."), code="title_required")
    parsed = _check_text(text)
    directive, created = Directive.objects.get_or_create(
        number=number,
        defaults={
            "title": title.strip()[:300],
            "doc_type": doc_type or directive_type_for("", number),
            "index_category": index_category.strip(),
        },
    )
    if created:
        audit_record(
            actor=actor,
            action="directive.create",
            obj=directive,
            after=snapshot(directive, ("number", "title", "doc_type", "index_category")),
        )
    current = directive.versions.filter(status=DirectiveVersion.Status.CURRENT).first()
    version = DirectiveVersion.objects.create(
        directive=directive,
        status=DirectiveVersion.Status.DRAFT,
        title=title.strip()[:300],
        issue_date=issue_date,
        rescinds_text=rescinds_text.strip()[:300],
        rescinds=current,
        index_category=index_category.strip() or directive.index_category,
        calea=calea.strip()[:300],
        preamble=parsed.preamble,
        trailer=parsed.trailer,
        body_text=text,
        content_hash=_content_hash(text),
        parse_warnings=_warnings(parsed),
        source=DirectiveVersion.Source.STAFF,
        created_by=actor,
    )
    _write_sections(version, parsed)
    audit_record(
        actor=actor,
        action="directive_version.create_draft",
        obj=version,
        after=snapshot(version, _VERSION_FIELDS),
    )
    _refresh_search_text(directive)
    return version


@transaction.atomic
def draft_update(
    *,
    actor: User | None,
    version: DirectiveVersion,
    title: str,
    text: str,
    issue_date: datetime.date | None,
    effective_date: datetime.date | None,
    rescinds_text: str = "",
    index_category: str = "",
    calea: str = "",
) -> DirectiveVersion:
    """Edit a draft. Current and rescinded versions are immutable (the record of what was law)."""
    _require_manager(actor)
    version = DirectiveVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != DirectiveVersion.Status.DRAFT:
        raise IllegalTransition(
            _("This version is %(status)s and can no longer be changed. Start a new draft.")
            % {"status": version.get_status_display().lower()}
        )
    if version.postings.exclude(status="draft").exists():
        # Comments are bound to the exact text posted; once authorized for posting the text
        # is frozen, and a revision is a new draft.
        raise IllegalTransition(
            _("This draft is authorized for posting, so its text is frozen. Start a new draft.")
        )
    if not title.strip():
        raise DomainError(_("The draft needs a title."), code="title_required")
    parsed = _check_text(text)
    before = snapshot(version, _VERSION_FIELDS)
    version.title = title.strip()[:300]
    version.issue_date = issue_date
    version.effective_date = effective_date
    version.rescinds_text = rescinds_text.strip()[:300]
    version.index_category = index_category.strip()
    version.calea = calea.strip()[:300]
    text_changed = version.body_text != text
    if text_changed:
        version.body_text = text
        version.content_hash = _content_hash(text)
        version.preamble = parsed.preamble
        version.trailer = parsed.trailer
        version.parse_warnings = _warnings(parsed)
    version.save()
    if text_changed:
        # Sections of a draft are derived from its text; they are rebuilt, not edited.
        version.sections.all().delete()
        _write_sections(version, parsed)
    b, a = changed_only(before, snapshot(version, _VERSION_FIELDS))
    audit_record(
        actor=actor,
        action="directive_version.update_draft",
        obj=version,
        before=b,
        after=a,
        note="text changed" if text_changed else "",
    )
    _refresh_search_text(version.directive)
    return version


@transaction.atomic
def draft_schedule_publication(
    *, actor: User | None, version: DirectiveVersion, publish_at: datetime.datetime | None
) -> DirectiveVersion:
    """Set (or clear, with None) when the worker makes this draft current."""
    _require_manager(actor)
    version = DirectiveVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != DirectiveVersion.Status.DRAFT:
        raise IllegalTransition(_("Only a draft can be scheduled for publication."))
    if publish_at is not None and publish_at <= timezone.now():
        raise DomainError(_("Choose a time in the future, or publish now."), code="past")
    before = snapshot(version, ("publish_at",))
    version.publish_at = publish_at
    version.save(update_fields=["publish_at", "updated_at"])
    audit_record(
        actor=actor,
        action="directive_version.schedule",
        obj=version,
        before=before,
        after=snapshot(version, ("publish_at",)),
    )
    return version


@transaction.atomic
def draft_publish(*, actor: User | None, version: DirectiveVersion) -> DirectiveVersion:
    """Make a draft the current version; the previous current version is rescinded."""
    _require_manager(actor)
    version = DirectiveVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != DirectiveVersion.Status.DRAFT:
        raise IllegalTransition(_("Only a draft can be published."))
    if version.postings.filter(status__in=("authorized", "scheduled", "open")).exists():
        # VII-D-4..6: the comments are reviewed before the directive is finalized.
        raise IllegalTransition(
            _("This draft is posted for comment; publish it after the comment period closes.")
        )
    directive = version.directive
    current = (
        directive.versions.select_for_update()
        .filter(status=DirectiveVersion.Status.CURRENT)
        .first()
    )
    if current is not None:
        _rescind(current, by=version, actor=actor)
    before = snapshot(version, ("status", "issue_date"))
    version.status = DirectiveVersion.Status.CURRENT
    version.rescinds = current
    version.publish_at = None
    if version.issue_date is None:
        version.issue_date = timezone.localdate()
    if version.effective_date is None:
        version.effective_date = version.issue_date
    version.save()
    audit_record(
        actor=actor,
        action="directive_version.publish",
        obj=version,
        before=before,
        after=snapshot(version, ("status", "issue_date")),
    )
    if directive.title != version.title:
        directive.title = version.title
        directive.save(update_fields=["title", "updated_at"])
    _refresh_search_text(directive)
    return version


def publish_due_drafts(*, now: datetime.datetime | None = None) -> list[int]:
    """The worker's job: publish every draft whose time has come. Safe to run twice at once:
    each draft is re-read under a row lock and skipped if someone else already published it."""
    now = now or timezone.now()
    published: list[int] = []
    due = DirectiveVersion.objects.filter(
        status=DirectiveVersion.Status.DRAFT, publish_at__lte=now
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            version = DirectiveVersion.objects.select_for_update().get(pk=pk)
            if version.status != DirectiveVersion.Status.DRAFT or version.publish_at is None:
                continue
            draft_publish(actor=None, version=version)
            published.append(pk)
    return published
