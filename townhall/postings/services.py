"""The posting workflow (seed 002 VII-A to VII-D). One function per transition, each audited.

draft -> in_review -> authorized -> scheduled -> open -> closed -> compiled
           ^   |
           +---+ returned with a note
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.accounts.models import Role, User
from townhall.core.audit import audit_record, changed_only, snapshot
from townhall.core.errors import DomainError, IllegalTransition, NotAllowed
from townhall.core.mail import emails_for_roles, mail_on_commit
from townhall.directives.models import Directive, DirectiveVersion
from townhall.postings import permissions
from townhall.postings.models import (
    Compilation,
    Posting,
    PostingExtension,
    PostingMaterial,
    PostingText,
)

S = Posting.Status
# What OCPR reviews must not change under it: dates and audience only while in draft.
EDITABLE = (S.DRAFT,)
# VII-B-2: after authorization R&D still assembles what is posted (narrative, materials) and
# reviews it for completeness; dates, audience and the version are fixed by then.
TEXT_EDITABLE = (S.DRAFT, S.IN_REVIEW, S.AUTHORIZED)
_FIELDS = ("status", "title", "audience", "kind", "opens_at", "closes_at", "compilation_due")
# VII-B-1: R&D notifies Communications, OEE, PSCD and OCPR of a directive that requires posting.
INVOLVED_UNITS = (
    Role.RD,
    Role.COMMUNICATIONS,
    Role.OEE,
    Role.PSCD,
    Role.OCPR,
    Role.OCPR_CHIEF,
    Role.OCPR_DESIGNEE,
    Role.ORIGINATING_UNIT,
)


def min_days() -> int:
    """V-C-10: at least 15 days; the setting may raise it, never lower it."""
    return max(15, int(settings.TOWNHALL_POSTING_MIN_DAYS))


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


def _lock(posting: Posting) -> Posting:
    return Posting.objects.select_for_update().get(pk=posting.pk)


def _prepare(actor: User, posting: Posting, *, statuses: tuple[str, ...]) -> Posting:
    """R&D's edits: checks the role, locks the row, and refuses once the posting has moved on."""
    _require(permissions.can_prepare_postings(actor), _("Only R&D prepares postings."))
    posting = _lock(posting)
    if posting.status not in statuses:
        if statuses == EDITABLE:
            message = _("An authorized posting cannot be edited. Return it to draft first.")
        else:
            message = _("A scheduled or open posting cannot be edited.")
        raise IllegalTransition(message)
    return posting


def _move(
    posting: Posting,
    *,
    to: str,
    allowed_from: tuple[str, ...],
    actor: User | None,
    action: str,
    note: str = "",
    extra: Callable[[Posting], None] | None = None,
) -> Posting:
    """Check the current status, change it, write the audit row: the shape of every transition."""
    if posting.status not in allowed_from:
        raise IllegalTransition(
            _("This posting is “%(status)s”; that step is not possible now.")
            % {"status": posting.get_status_display()}
        )
    before = snapshot(posting, _FIELDS)
    posting.status = to
    if extra is not None:
        extra(posting)
    posting.save()
    audit_record(
        actor=actor,
        action=action,
        obj=posting,
        before=before,
        after=snapshot(posting, _FIELDS),
        note=note,
    )
    return posting


def _validate_period(
    *, kind: str, opens_at: datetime.datetime | None, closes_at: datetime.datetime | None
) -> None:
    if opens_at is None:
        return
    if kind == Posting.Kind.CONTINUOUS:
        if closes_at is not None:
            raise DomainError(_("A continuously open posting has no closing date."), code="dates")
        return
    if closes_at is None:
        return
    if closes_at <= opens_at:
        raise DomainError(_("The comment period must close after it opens."), code="dates")
    if closes_at - opens_at < datetime.timedelta(days=min_days()):
        raise DomainError(
            _("The comment period must be at least %(days)d days (V-C-10).") % {"days": min_days()},
            code="too_short",
        )


@transaction.atomic
def posting_create(
    *,
    actor: User,
    version: DirectiveVersion,
    narrative: str,
    summary: str,
    opens_at: datetime.datetime | None = None,
    closes_at: datetime.datetime | None = None,
    audience: str = Posting.Audience.BOTH,
    kind: str = Posting.Kind.PERIOD,
    title: str = "",
) -> Posting:
    """R&D prepares a posting of a draft, or of a current directive for continuous review."""
    _require(permissions.can_prepare_postings(actor), _("Only R&D prepares postings."))
    if version.status == DirectiveVersion.Status.RESCINDED:
        raise DomainError(_("A rescinded version cannot be posted for comment."), code="rescinded")
    _validate_period(kind=kind, opens_at=opens_at, closes_at=closes_at)
    current = (
        version.directive.versions.filter(status=DirectiveVersion.Status.CURRENT)
        .exclude(pk=version.pk)
        .first()
    )
    posting = Posting.objects.create(
        version=version,
        current_version=current,
        kind=kind,
        audience=audience,
        title=(title or version.title)[:300],
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=actor,
    )
    PostingText.objects.create(
        posting=posting, language="en", narrative=narrative.strip(), summary=summary.strip()
    )
    audit_record(
        actor=actor, action="posting.create", obj=posting, after=snapshot(posting, _FIELDS)
    )
    return posting


@transaction.atomic
def posting_update(
    *,
    actor: User,
    posting: Posting,
    title: str,
    audience: str,
    opens_at: datetime.datetime | None,
    closes_at: datetime.datetime | None,
) -> Posting:
    posting = _prepare(actor, posting, statuses=EDITABLE)
    _validate_period(kind=posting.kind, opens_at=opens_at, closes_at=closes_at)
    before = snapshot(posting, _FIELDS)
    posting.title = title.strip()[:300] or posting.version.title
    posting.audience = audience
    posting.opens_at = opens_at
    posting.closes_at = closes_at
    posting.save()
    b, a = changed_only(before, snapshot(posting, _FIELDS))
    audit_record(actor=actor, action="posting.update", obj=posting, before=b, after=a)
    return posting


@transaction.atomic
def posting_text_set(
    *, actor: User, posting: Posting, language: str, narrative: str, summary: str
) -> PostingText:
    """The narrative (VII-B-2-a) and summary in one language. English is required; the others
    are checked by the completeness review (VII-B-3)."""
    posting = _prepare(actor, posting, statuses=TEXT_EDITABLE)
    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("Unknown language."), code="language")
    if language == "en" and not (narrative.strip() and summary.strip()):
        raise DomainError(_("The English narrative and summary are required."), code="required")
    existing = PostingText.objects.filter(posting=posting, language=language).first()
    before = {"narrative": existing.narrative, "summary": existing.summary} if existing else None
    text, _created = PostingText.objects.update_or_create(
        posting=posting,
        language=language,
        defaults={"narrative": narrative.strip(), "summary": summary.strip()},
    )
    audit_record(
        actor=actor,
        action="posting.text_set",
        obj=posting,
        before=before,
        after={"language": language, "narrative": text.narrative, "summary": text.summary},
    )
    return text


@transaction.atomic
def posting_material_add(
    *, actor: User, posting: Posting, title: str, url: str = "", file: UploadedFile | None = None
) -> PostingMaterial:
    posting = _prepare(actor, posting, statuses=TEXT_EDITABLE)
    if not title.strip():
        raise DomainError(_("Give the material a title."), code="required")
    if bool(url) == bool(file):
        raise DomainError(_("Give either a link or a file."), code="required")
    material = PostingMaterial(posting=posting, title=title.strip()[:200], url=url)
    if file is not None:
        from townhall.feedback.uploads import validate_upload

        checked = validate_upload(file)
        material.original_name = (file.name or "material")[:200]
        material.content_type = checked.content_type
        material.file.save(f"{checked.sha256[:16]}.{checked.extension}", file, save=False)
    material.position = posting.materials.count()
    material.save()
    audit_record(
        actor=actor,
        action="posting.material_add",
        obj=posting,
        after={"title": material.title, "url": url, "file": material.original_name},
    )
    return material


@transaction.atomic
def posting_material_remove(*, actor: User, material: PostingMaterial) -> None:
    posting = _prepare(actor, material.posting, statuses=TEXT_EDITABLE)
    audit_record(
        actor=actor,
        action="posting.material_remove",
        obj=posting,
        before={"title": material.title, "url": material.url, "file": material.original_name},
    )
    material.delete()


@transaction.atomic
def posting_submit(*, actor: User, posting: Posting) -> Posting:
    """R&D sends the prepared posting to OCPR for authorization."""
    _require(permissions.can_prepare_postings(actor), _("Only R&D prepares postings."))
    return _move(
        _lock(posting),
        to=S.IN_REVIEW,
        allowed_from=(S.DRAFT,),
        actor=actor,
        action="posting.submit",
    )


@transaction.atomic
def posting_return(*, actor: User, posting: Posting, note: str) -> Posting:
    """OCPR (or R&D, before authorization) sends a posting back to draft with a reason."""
    _require(
        permissions.can_authorize_postings(actor) or permissions.can_prepare_postings(actor),
        _("Only OCPR's Chief or designee, or R&D, can return a posting."),
    )
    if not note.strip():
        raise DomainError(_("Say why the posting is returned."), code="required")

    def keep_note(p: Posting) -> None:
        p.review_note = note.strip()

    return _move(
        _lock(posting),
        to=S.DRAFT,
        allowed_from=(S.IN_REVIEW, S.AUTHORIZED, S.SCHEDULED),
        actor=actor,
        action="posting.return",
        note=note.strip(),
        extra=keep_note,
    )


@transaction.atomic
def posting_authorize(*, actor: User, posting: Posting) -> Posting:
    """VII-A: final authorization to post, by the Chief of OCPR or an authorized designee."""
    _require(
        permissions.can_authorize_postings(actor),
        _("Only the Chief of OCPR or an authorized designee can authorize a posting (VII-A)."),
    )

    def stamp(p: Posting) -> None:
        p.authorized_by = actor
        p.authorized_at = timezone.now()
        p.review_note = ""

    return _move(
        _lock(posting),
        to=S.AUTHORIZED,
        allowed_from=(S.IN_REVIEW,),
        actor=actor,
        action="posting.authorize",
        extra=stamp,
    )


@transaction.atomic
def posting_schedule(*, actor: User, posting: Posting) -> Posting:
    """VII-B-3: R&D reviews the posting for completeness; only a complete one is scheduled."""
    from townhall.postings.checklist import completeness

    _require(permissions.can_prepare_postings(actor), _("Only R&D schedules postings."))
    posting = _lock(posting)
    if posting.is_continuous and (posting.opens_at is None or posting.opens_at < timezone.now()):
        # VII-A-1: a continuous posting opens as soon as it is complete.
        posting.opens_at = timezone.now()
        posting.save(update_fields=["opens_at", "updated_at"])
    missing = [item.label for item in completeness(posting) if not item.ok]
    if missing:
        raise DomainError(
            _("The completeness review has not passed: %(missing)s")
            % {"missing": "; ".join(missing)},
            code="incomplete",
        )
    return _move(
        posting,
        to=S.SCHEDULED,
        allowed_from=(S.AUTHORIZED,),
        actor=actor,
        action="posting.schedule",
    )


def _notify_units(subject: str, body: str, attachment_paths: tuple[str, ...] = ()) -> None:
    mail_on_commit(
        to=emails_for_roles(*INVOLVED_UNITS),
        subject=subject,
        body=body,
        attachment_paths=attachment_paths,
    )


def _public_url(posting: Posting) -> str:
    return f"{settings.TOWNHALL_BASE_URL}{posting.get_absolute_url()}"


def _record_extension(
    posting: Posting,
    *,
    new_closes_at: datetime.datetime,
    reason: str,
    actor: User | None,
    note: str,
) -> PostingExtension:
    """Move the closing time and keep the public, dated record of it (V-C-10)."""
    assert posting.closes_at is not None
    extension = PostingExtension.objects.create(
        posting=posting,
        previous_closes_at=posting.closes_at,
        new_closes_at=new_closes_at,
        reason=reason,
        created_by=actor,
    )
    before = snapshot(posting, ("closes_at",))
    posting.closes_at = new_closes_at
    posting.save(update_fields=["closes_at", "updated_at"])
    audit_record(
        actor=actor,
        action="posting.extend",
        obj=posting,
        before=before,
        after=snapshot(posting, ("closes_at",)),
        note=note,
    )
    return extension


def _keep_minimum_after_late_opening(posting: Posting) -> None:
    """V-C-10: if the period opened late (every worker was down at `opens_at`), the closing
    moves out so the public still gets the full minimum; the extension is public and audited."""
    if posting.is_continuous or posting.closes_at is None or posting.opened_at is None:
        return
    earliest = posting.opened_at + datetime.timedelta(days=min_days())
    if posting.closes_at >= earliest:
        return
    _record_extension(
        posting,
        new_closes_at=earliest,
        reason="The period opened late; it is extended to keep the minimum of "
        f"{min_days()} days (V-C-10).",
        actor=None,
        note="automatic: late opening (V-C-10)",
    )


@transaction.atomic
def posting_open(*, actor: User | None, posting: Posting) -> Posting:
    """The comment period opens (the worker, at `opens_at`); the involved units are told
    (VII-B-1)."""
    posting = _lock(posting)

    def stamp(p: Posting) -> None:
        p.opened_at = timezone.now()

    _move(
        posting,
        to=S.OPEN,
        allowed_from=(S.SCHEDULED,),
        actor=actor,
        action="posting.open",
        extra=stamp,
    )
    _keep_minimum_after_late_opening(posting)
    number = posting.version.directive.number
    closes = (
        timezone.localtime(posting.closes_at).strftime("%d %B %Y %H:%M %Z")
        if posting.closes_at
        else "continuous"
    )
    _notify_units(
        f"[Townhall] Open for comment: {number} {posting.title}",
        f'The posting of {number} "{posting.title}" is now open for comment '
        f"(VII-B-1).\n\nCloses: {closes}\nAudience: {posting.get_audience_display()}\n"
        f"Public page: {_public_url(posting)}\n",
    )
    return posting


def _compilation_due(closed: datetime.datetime) -> datetime.date:
    day = timezone.localtime(closed).date()
    added = 0
    while added < settings.TOWNHALL_COMPILATION_DAYS:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            added += 1
    return day


@transaction.atomic
def posting_close(*, actor: User | None, posting: Posting) -> Posting:
    """VII-D-1/2: close the posting to further comments and tell the involved units, with the
    estimated date for the compilation of the raw comments. The compilation follows."""
    posting = _lock(posting)
    if actor is not None and posting.is_continuous:
        _require(
            permissions.can_mark_continuous(actor),
            _("Only the Chief of OCPR or a designee closes a continuous posting."),
        )
    elif actor is not None:
        _require(permissions.can_prepare_postings(actor), _("Only R&D closes postings."))
    if (
        not posting.is_continuous
        and posting.closes_at is not None
        and timezone.now() < posting.closes_at
    ):
        # V-C-10: a period posting stays open for its whole announced period.
        raise IllegalTransition(
            _("The comment period runs until %(when)s; it cannot be closed early.")
            % {"when": timezone.localtime(posting.closes_at).strftime("%d %B %Y %H:%M")}
        )

    def stamp(p: Posting) -> None:
        p.closed_at = timezone.now()
        p.compilation_due = _compilation_due(p.closed_at)

    _move(
        posting,
        to=S.CLOSED,
        allowed_from=(S.OPEN,),
        actor=actor,
        action="posting.close",
        extra=stamp,
    )
    from townhall.feedback.selectors import comment_counts

    counts = comment_counts(posting)
    number = posting.version.directive.number
    due = posting.compilation_due.strftime("%d %B %Y") if posting.compilation_due else ""
    _notify_units(
        f"[Townhall] Comment period closed: {number} {posting.title}",
        f'The comment period for {number} "{posting.title}" is closed (VII-D-1).\n\n'
        f"Comments received: {counts.external} from the public, {counts.internal} from "
        f"Department members.\nThe compilation of the raw comments is expected by {due} "
        f"(VII-D-2).\n",
    )
    from townhall.postings.tasks import compile_posting_task

    pk = posting.pk
    transaction.on_commit(lambda: compile_posting_task.enqueue(posting_id=pk))
    return posting


@transaction.atomic
def posting_extend(
    *, actor: User, posting: Posting, new_closes_at: datetime.datetime, reason: str
) -> PostingExtension:
    """Extend an open period (V-C-10 "may post the directive for longer"): dated, public, audited."""
    _require(permissions.can_extend_postings(actor), _("Only R&D or OCPR can extend a posting."))
    posting = _lock(posting)
    if posting.status != S.OPEN or posting.closes_at is None:
        raise IllegalTransition(
            _("Only an open comment period with a closing date can be extended.")
        )
    if not reason.strip():
        raise DomainError(
            _("Say why the period is extended; the reason is shown publicly."), code="required"
        )
    if new_closes_at <= posting.closes_at:
        raise DomainError(
            _("The new closing time must be later than the current one."), code="dates"
        )
    return _record_extension(
        posting,
        new_closes_at=new_closes_at,
        reason=reason.strip(),
        actor=actor,
        note=reason.strip(),
    )


@transaction.atomic
def directive_mark_continuous(
    *, actor: User, directive: Directive, narrative: str, summary: str
) -> Posting:
    """VII-A-1: at the direction of the Chief of OCPR or a designee, a directive is made
    continuously available for comment. R&D completes the posting, which then goes through
    the same completeness review before it opens."""
    _require(
        permissions.can_mark_continuous(actor),
        _("Only the Chief of OCPR or a designee makes a directive continuously open (VII-A-1)."),
    )
    # Two requests at once must not make two continuous postings: serialise on the directive.
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    current = directive.versions.filter(status=DirectiveVersion.Status.CURRENT).first()
    if current is None:
        raise DomainError(
            _("The directive has no current version to keep open."), code="no_current"
        )
    if (
        Posting.objects.filter(version__directive=directive, kind=Posting.Kind.CONTINUOUS)
        .exclude(status__in=(S.CLOSED, S.COMPILED))
        .exists()
    ):
        raise DomainError(_("This directive is already continuously open."), code="exists")
    posting = Posting.objects.create(
        version=current,
        current_version=None,
        kind=Posting.Kind.CONTINUOUS,
        status=S.AUTHORIZED,
        title=current.title,
        opens_at=timezone.now(),
        created_by=actor,
        authorized_by=actor,
        authorized_at=timezone.now(),
    )
    PostingText.objects.create(
        posting=posting, language="en", narrative=narrative.strip(), summary=summary.strip()
    )
    audit_record(
        actor=actor,
        action="posting.mark_continuous",
        obj=posting,
        after=snapshot(posting, _FIELDS),
    )
    return posting


def postings_tick(*, now: datetime.datetime | None = None) -> dict[str, list[int]]:
    """The worker's job: open what is due, close what is due. Idempotent: each posting is
    re-read under a row lock and skipped when another worker moved it first; a moment missed
    while no worker ran is caught up on the next tick."""
    now = now or timezone.now()
    done: dict[str, list[int]] = {"opened": [], "closed": []}
    for pk in list(
        Posting.objects.filter(status=S.SCHEDULED, opens_at__lte=now).values_list("pk", flat=True)
    ):
        with transaction.atomic():
            posting = Posting.objects.select_for_update().get(pk=pk)
            if posting.status == S.SCHEDULED and posting.opens_at and posting.opens_at <= now:
                posting_open(actor=None, posting=posting)
                done["opened"].append(pk)
    for pk in list(
        Posting.objects.filter(status=S.OPEN, closes_at__lte=now).values_list("pk", flat=True)
    ):
        with transaction.atomic():
            posting = Posting.objects.select_for_update().get(pk=pk)
            if posting.status == S.OPEN and posting.closes_at and posting.closes_at <= now:
                posting_close(actor=None, posting=posting)
                done["closed"].append(pk)
    return done


@transaction.atomic
def posting_compile(*, actor: User | None, posting: Posting) -> Compilation:
    """VII-D-3: compile the raw comments, internal and external, and email them to the
    involved units. Run after closing; R&D may run it again (each run is kept)."""
    from django.core.files import File

    from townhall.postings import compilation

    if actor is not None:
        _require(permissions.can_compile(actor), _("Only R&D compiles comments."))
    posting = _lock(posting)
    if posting.status not in (S.CLOSED, S.COMPILED):
        raise IllegalTransition(_("Comments are compiled once the period has closed."))
    files = compilation.build(posting)
    record = Compilation(
        posting=posting, external_count=files.external, internal_count=files.internal
    )
    with files.csv_path.open("rb") as fh:
        record.csv_file.save(files.csv_path.name, File(fh), save=False)
    with files.xlsx_path.open("rb") as fh:
        record.xlsx_file.save(files.xlsx_path.name, File(fh), save=False)
    import shutil

    # The temporary copies hold names and emails: gone as soon as the record has its own.
    shutil.rmtree(files.csv_path.parent, ignore_errors=True)
    recipients = emails_for_roles(*INVOLVED_UNITS)
    record.emailed_to = recipients
    record.save()
    if posting.status == S.CLOSED:

        def stamp(p: Posting) -> None:
            p.compiled_at = timezone.now()

        _move(
            posting,
            to=S.COMPILED,
            allowed_from=(S.CLOSED,),
            actor=actor,
            action="posting.compile",
            extra=stamp,
        )
    else:
        audit_record(
            actor=actor, action="posting.recompile", obj=posting, note=f"compilation {record.pk}"
        )
    number = posting.version.directive.number
    mail_on_commit(
        to=recipients,
        subject=f"[Townhall] Compilation of comments: {number} {posting.title}",
        body=(
            f'The raw comments on {number} "{posting.title}" are compiled (VII-D-3): '
            f"{files.external} from the public and {files.internal} from Department members, "
            "internal and external apart.\n\n"
            f"Download: {settings.TOWNHALL_BASE_URL}/staff/postings/{posting.pk}/\n"
        ),
        attachment_paths=(record.csv_file.path, record.xlsx_file.path),
    )
    return record
