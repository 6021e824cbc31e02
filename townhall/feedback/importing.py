"""Bulk entry of comments that arrived by email, on paper or at meetings (VII-D-3).

Staff upload a CSV or XLSX file; every row is checked and a preview shows what will be
imported and a per-row error report. Confirming runs the import in the worker, in chunks, with
visible progress. Each row's idempotency key is derived from the batch and row number, so a
restarted import neither skips nor doubles a row.

Speed (docs/benchmarks.md, "Bulk import"): the rows of the next chunk are read, checked and
redacted in a thread while the database stores the current one, and on PostgreSQL a chunk goes
in by COPY into a temporary table and one INSERT ... SELECT ... ON CONFLICT DO NOTHING. Other
databases take the generic bulk_create path. Both keep the same guarantees: one row per
idempotency key, a receipt collision retried with a fresh receipt (never a dropped row), the
redacted text stored, progress written after every chunk.
"""

from __future__ import annotations

import base64
import codecs
import csv
import datetime
import hashlib
import json
import queue
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.accounts.models import User
from townhall.core.audit import audit_record
from townhall.core.errors import DomainError, IllegalTransition, NotAllowed
from townhall.core.receipts import CROCKFORD
from townhall.feedback import pii
from townhall.feedback.models import Comment, ImportBatch
from townhall.feedback.pii import redact
from townhall.postings import permissions
from townhall.postings.models import Posting

CHUNK = 5000
MAX_STORED_ERRORS = 1000
_HEADERS = {
    "comment": "body",
    "body": "body",
    "text": "body",
    "comments": "body",
    "section": "section",
    "item": "section",
    "anchor": "section",
    "name": "name",
    "email": "email",
    "e-mail": "email",
    "organization": "organization",
    "organisation": "organization",
    "org": "organization",
    "date_received": "received_on",
    "received_on": "received_on",
    "date": "received_on",
    "received": "received_on",
    "origin": "origin",
    "from": "origin",
}
_ORIGINS = {
    "": Comment.Origin.EXTERNAL,
    "public": Comment.Origin.EXTERNAL,
    "external": Comment.Origin.EXTERNAL,
    "community": Comment.Origin.EXTERNAL,
    "department": Comment.Origin.INTERNAL,
    "internal": Comment.Origin.INTERNAL,
    "department member": Comment.Origin.INTERNAL,
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _column(header: object) -> str:
    """ "Date received", "date-received" and "DATE_RECEIVED" all name the same column."""
    key = re.sub(r"[\s\-]+", "_", str(header or "").strip().lower())
    return _HEADERS.get(key, _HEADERS.get(key.replace("_", " "), ""))


def _require_body(header: list[str]) -> None:
    if "body" not in header:
        raise DomainError(
            _("The file needs a column named “comment” with the text of each comment."),
            code="no_comment_column",
        )


@dataclass(frozen=True)
class Row:
    number: int
    body: str
    section: str
    name: str
    email: str
    organization: str
    received_on: datetime.date | None
    origin: str


def _read_rows(path: Path) -> Iterator[dict[str, str]]:
    """Rows as dicts with normalised keys, from CSV (any common encoding) or XLSX."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [_column(h) for h in next(rows, ())]
        _require_body(header)
        for values in rows:
            yield {
                key: ""
                if value is None
                else (
                    value.date().isoformat() if isinstance(value, datetime.datetime) else str(value)
                )
                for key, value in zip(header, values, strict=False)
                if key
            }
        workbook.close()
        return
    # Streamed: a file of half a million comments is never held in memory whole.
    with path.open(encoding=_csv_encoding(path), newline="") as fh:
        reader = csv.reader(fh)
        header = [_column(h) for h in next(reader, [])]
        _require_body(header)
        for values in reader:
            yield {key: value for key, value in zip(header, values, strict=False) if key}


def _csv_encoding(path: Path) -> str:
    """The first of UTF-8, Windows-1252 and Latin-1 that decodes the whole file."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as fh:
                while block := fh.read(1 << 20):
                    decoder.decode(block)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"  # decodes any bytes


def _parse_date(value: str) -> datetime.date | None:
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%d %B %Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def _check(
    raw: dict[str, str], number: int, anchors: frozenset[str], today: datetime.date
) -> tuple[Row | None, list[dict[str, Any]]]:
    errors: list[dict[str, Any]] = []
    body = (raw.get("body") or "").strip()
    if not body:
        errors.append({"row": number, "field": "comment", "message": _("The comment is empty.")})
    elif len(body) > settings.TOWNHALL_COMMENT_MAX_CHARS:
        errors.append(
            {
                "row": number,
                "field": "comment",
                "message": _("The comment is longer than %(limit)d characters.")
                % {"limit": settings.TOWNHALL_COMMENT_MAX_CHARS},
            }
        )
    section = (raw.get("section") or "").strip()
    if section and section not in anchors:
        errors.append(
            {
                "row": number,
                "field": "section",
                "message": _("There is no item %(anchor)s in this version.") % {"anchor": section},
            }
        )
    email = (raw.get("email") or "").strip()
    if email and not _EMAIL.match(email):
        errors.append({"row": number, "field": "email", "message": _("Not an email address.")})
    received: datetime.date | None = None
    if (raw.get("received_on") or "").strip():
        try:
            received = _parse_date(raw["received_on"])
        except ValueError:
            errors.append(
                {
                    "row": number,
                    "field": "date_received",
                    "message": _("Write the date as YYYY-MM-DD."),
                }
            )
        else:
            if received is not None and received > today:
                errors.append(
                    {
                        "row": number,
                        "field": "date_received",
                        "message": _("The date is in the future."),
                    }
                )
    origin_text = (raw.get("origin") or "").strip().lower()
    if origin_text not in _ORIGINS:
        errors.append(
            {
                "row": number,
                "field": "origin",
                "message": _("Origin must be “public” or “department”."),
            }
        )
    if errors:
        return None, errors
    return (
        Row(
            number=number,
            body=body,
            section=section,
            name=(raw.get("name") or "").strip()[:200],
            email=email[:254],
            organization=(raw.get("organization") or "").strip()[:200],
            received_on=received,
            origin=_ORIGINS[origin_text],
        ),
        [],
    )


def _rows(batch: ImportBatch) -> Iterator[tuple[Row | None, list[dict[str, Any]]]]:
    anchors = frozenset(batch.posting.version.sections.values_list("anchor", flat=True))
    return _checked_rows(Path(batch.file.path), anchors, timezone.localdate())


def _checked_rows(
    path: Path, anchors: frozenset[str], today: datetime.date
) -> Iterator[tuple[Row | None, list[dict[str, Any]]]]:
    """Every row of the file with its errors. No database access: safe in a thread."""
    for number, raw in enumerate(_read_rows(path), start=2):
        if not any((v or "").strip() for v in raw.values()):
            continue  # blank lines are not rows
        yield _check(raw, number, anchors, today)


def import_preview(
    *, actor: User, posting: Posting, upload: UploadedFile[bytes], channel: str
) -> ImportBatch:
    """Store the file and check every row; nothing is imported until staff confirm."""
    if not permissions.can_enter_comments(actor):
        raise NotAllowed(_("Your role cannot enter comments."))
    if posting.status in (Posting.Status.DRAFT, Posting.Status.IN_REVIEW):
        raise IllegalTransition(
            _("This posting has not been authorized; it takes no comments yet.")
        )
    name = upload.name or "comments.csv"
    if not name.lower().endswith((".csv", ".xlsx", ".txt")):
        raise DomainError(_("Upload a .csv or .xlsx file."), code="format")
    batch = ImportBatch(posting=posting, source_name=name[:255], channel=channel, created_by=actor)
    batch.file.save(f"{timezone.now():%Y%m%d%H%M%S}-{Path(name).name}", upload, save=False)
    total = valid = 0
    errors: list[dict[str, Any]] = []
    error_count = 0
    try:
        for row, row_errors in _rows(batch):
            total += 1
            if row is not None:
                valid += 1
            error_count += len(row_errors)
            if len(errors) < MAX_STORED_ERRORS:
                errors.extend(row_errors[: MAX_STORED_ERRORS - len(errors)])
    except DomainError:
        raise
    except Exception as exc:  # an unreadable file is the uploader's problem to hear about
        raise DomainError(
            _("The file could not be read as CSV or XLSX: %(error)s") % {"error": exc},
            code="format",
        ) from exc
    if total == 0:
        raise DomainError(_("The file has no rows with a comment column."), code="empty")
    batch.total_rows = total
    batch.valid_rows = valid
    batch.errors = errors
    batch.save()
    audit_record(
        actor=actor,
        action="import.preview",
        obj=batch,
        after={"rows": total, "valid": valid, "errors": error_count},
    )
    return batch


def preview_rows(batch: ImportBatch, *, limit: int) -> list[Row]:
    out: list[Row] = []
    for row, _errors in _rows(batch):
        if row is not None:
            out.append(row)
            if len(out) >= limit:
                break
    return out


@transaction.atomic
def import_confirm(*, actor: User, batch: ImportBatch) -> ImportBatch:
    if not permissions.can_enter_comments(actor):
        raise NotAllowed(_("Your role cannot enter comments."))
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.Status.PREVIEWED:
        raise IllegalTransition(_("This import has already started."))
    if batch.valid_rows == 0:
        raise DomainError(_("No row can be imported; fix the file and upload it again."))
    batch.status = ImportBatch.Status.RUNNING
    batch.save(update_fields=["status"])
    audit_record(actor=actor, action="import.confirm", obj=batch, after={"status": batch.status})
    from townhall.feedback.tasks import import_batch_task

    pk = batch.pk
    transaction.on_commit(lambda: import_batch_task.enqueue(batch_id=pk))
    return batch


def _key(batch_id: int, number: int) -> str:
    return hashlib.sha256(f"import:{batch_id}:{number}".encode()).hexdigest()


# Receipts as services.COMMENT_RECEIPTS makes them ("TH-XXXX-XXXX", 8 Crockford base-32 symbols
# from the system's CSPRNG), drawn many at a time: 5 random bytes are exactly 8 symbols.
_B32_TO_CROCKFORD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", CROCKFORD)


def _receipts(n: int) -> list[str]:
    import secrets

    symbols = base64.b32encode(secrets.token_bytes(5 * n)).decode().translate(_B32_TO_CROCKFORD)
    return [f"TH-{symbols[i : i + 4]}-{symbols[i + 4 : i + 8]}" for i in range(0, 8 * n, 8)]


# Redaction is most of the Python time of an import, and half the rows of a real docket hold
# nothing it could match: every pattern in pii.py but the names needs an "@" (email), three
# digits in a row (a phone exchange) or a digit followed by a space (a house number), and a
# name needs a title or "my name is" before it, which pii's own name patterns look for
# quickly. A text with none of these is stored with nothing redacted without running the
# other patterns. The shortcut holds only
# for the patterns it was derived from: if pii.py changes them, the fingerprint differs, the
# shortcut turns itself off, and test_staff.py says to derive it again.
_PII_FINGERPRINT = "59c6cfd0436c28b633238c0bc4d0d158d25dfee5d15e0664219f38279e4eeb1a"
_MAY_HOLD_PII = re.compile(r"@|\d\d\d|\d[^\S\n]")
_ANY_DIGIT_OR_AT = re.compile(r"[\d@]")


def _pii_fingerprint() -> str:
    return hashlib.sha256(
        repr([(k, p.pattern, p.flags) for k, p in pii._PATTERNS]).encode()
    ).hexdigest()


_PII_SHORTCUT = _pii_fingerprint() == _PII_FINGERPRINT


def _redacted(body: str) -> tuple[str, list[str]]:
    """(redacted_body, pii_kinds) as stored: the redacted text only when something was found."""
    if (
        _PII_SHORTCUT
        and not (_ANY_DIGIT_OR_AT.search(body) and _MAY_HOLD_PII.search(body))
        and not pii.names_possible(body)
    ):
        return "", []
    redacted, kinds = redact(body)
    return (redacted if kinds else ""), kinds


@dataclass(frozen=True)
class _Prepared:
    """A checked row with everything but its receipt, which is drawn at insert time."""

    key: str
    row: Row
    redacted_body: str
    pii_kinds: list[str]
    fingerprint: str


def _prepare(batch_id: int, rows: Iterable[Row]) -> list[_Prepared]:
    from townhall.feedback.services import fingerprint

    out = []
    for row in rows:
        redacted, kinds = _redacted(row.body)
        out.append(
            _Prepared(
                _key(batch_id, row.number),
                row,
                redacted,
                kinds,
                fingerprint(body=row.body, section=row.section),
            )
        )
    return out


def _values(
    batch: ImportBatch, p: _Prepared, now: datetime.datetime, today: datetime.date
) -> dict[str, Any]:
    """The fields an import sets, by attribute name; every other field takes its default."""
    return {
        "posting_id": batch.posting_id,
        "version_id": batch.posting.version_id,
        "section_anchor": p.row.section,
        "body": p.row.body,
        "redacted_body": p.redacted_body,
        "pii_kinds": p.pii_kinds,
        "name": p.row.name,
        "email": p.row.email,
        "organization": p.row.organization,
        "origin": p.row.origin,
        "channel": batch.channel,
        "status": Comment.Status.RECEIVED,
        "submitted_at": now,
        "received_on": p.row.received_on or today,
        "idempotency_key": p.key,
        "fingerprint": p.fingerprint,
        "entered_by_id": batch.created_by_id,
        "import_batch_id": batch.pk,
    }


def _insert(batch: ImportBatch, rows: list[Row]) -> int:
    """Insert one chunk; rows already present (a restarted import) are skipped by their key.
    Returns how many rows this call stored."""
    return _insert_prepared(batch, _prepare(batch.pk, rows))


def _insert_prepared(batch: ImportBatch, prepared: list[_Prepared]) -> int:
    if not prepared:
        return 0
    with transaction.atomic():
        if connection.vendor == "postgresql":
            return _insert_copy(batch, prepared)
        return _insert_generic(batch, prepared)


def _insert_generic(batch: ImportBatch, prepared: list[_Prepared]) -> int:
    keys = [p.key for p in prepared]
    present = set(
        Comment.objects.filter(idempotency_key__in=keys).values_list("idempotency_key", flat=True)
    )
    now = timezone.now()
    today = timezone.localdate(now)
    todo = [p for p in prepared if p.key not in present]
    inserted = 0
    while todo:
        objects = [
            Comment(receipt=receipt, **_values(batch, p, now, today))
            for p, receipt in zip(todo, _receipts(len(todo)), strict=True)
        ]
        # A receipt collision must not drop a row: conflicts are ignored, then every key is
        # checked and the missing rows are inserted again with fresh receipts.
        Comment.objects.bulk_create(objects, batch_size=1000, ignore_conflicts=True)
        stored = set(
            Comment.objects.filter(idempotency_key__in=[p.key for p in todo]).values_list(
                "idempotency_key", flat=True
            )
        )
        inserted += len(stored)
        todo = [p for p in todo if p.key not in stored]
    return inserted


# The COPY path writes every column of the model but the primary key, so a column added later
# is never left out (it gets its default unless _values sets it). The statements below name
# only constants of this module and the model's own columns, never input, hence the noqa.
_FIELDS = [f for f in Comment._meta.concrete_fields if not f.primary_key]
_COLUMNS = tuple(str(f.column) for f in _FIELDS)
_TEMP = "feedback_import_rows"
_TABLE = Comment._meta.db_table
_COLUMN_LIST = ", ".join(_COLUMNS)
_SQL_TEMP = (
    f"CREATE TEMPORARY TABLE IF NOT EXISTS {_TEMP} ON COMMIT DROP AS "  # noqa: S608
    f"SELECT {_COLUMN_LIST} FROM {_TABLE} WITH NO DATA"
)
_SQL_COPY = f"COPY {_TEMP} ({_COLUMN_LIST}) FROM STDIN"
_SQL_INSERT = (
    f"INSERT INTO {_TABLE} ({_COLUMN_LIST}) SELECT {_COLUMN_LIST} FROM {_TEMP} "  # noqa: S608
    "{where} ON CONFLICT DO NOTHING RETURNING idempotency_key"
)
_SQL_PRESENT = f"SELECT idempotency_key FROM {_TABLE} WHERE idempotency_key = ANY(%s)"  # noqa: S608
_SQL_REDRAW = (
    f"UPDATE {_TEMP} AS t SET receipt = v.receipt "  # noqa: S608
    "FROM unnest(%s::text[], %s::text[]) AS v(idempotency_key, receipt) "
    "WHERE t.idempotency_key = v.idempotency_key"
)


def _insert_copy(batch: ImportBatch, prepared: list[_Prepared]) -> int:
    """PostgreSQL: COPY the chunk into a temporary table, then one INSERT ... SELECT.

    ON CONFLICT DO NOTHING without a target skips a row whose idempotency key is already
    stored (a restarted import, or two workers on one batch) and also a row whose receipt
    collides; RETURNING tells which rows went in. Of the others, those whose key is stored are
    done; the rest lost a receipt draw and go again with fresh receipts, so no row is dropped.
    """
    now = timezone.now()
    today = timezone.localdate(now)
    rows = [_values(batch, p, now, today) for p in prepared]
    for values, receipt in zip(rows, _receipts(len(rows)), strict=True):
        values["receipt"] = receipt
    # Each value as the database takes it: JSON text for pii_kinds, the model's default for a
    # field the import does not set.
    defaults = {f.attname: f.get_db_prep_save(f.get_default(), connection) for f in _FIELDS}
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor  # the psycopg cursor, for COPY
        cursor.execute(_SQL_TEMP)
        cursor.execute(f"TRUNCATE {_TEMP}")
        with cursor.copy(_SQL_COPY) as copy:
            for values in rows:
                values["pii_kinds"] = json.dumps(values["pii_kinds"])
                copy.write_row([values.get(name, default) for name, default in defaults.items()])
        cursor.execute(_SQL_INSERT.format(where=""))
        stored = {r[0] for r in cursor.fetchall()}
        inserted = len(stored)
        todo = [p.key for p in prepared if p.key not in stored]
        if todo:
            cursor.execute(_SQL_PRESENT, (todo,))
            present = {r[0] for r in cursor.fetchall()}
            todo = [k for k in todo if k not in present]
        while todo:
            cursor.execute(_SQL_REDRAW, (todo, _receipts(len(todo))))
            cursor.execute(_SQL_INSERT.format(where="WHERE idempotency_key = ANY(%s)"), (todo,))
            again = {r[0] for r in cursor.fetchall()}
            inserted += len(again)
            todo = [k for k in todo if k not in again]
    return inserted


_DONE = object()


def _prepared_chunks(batch: ImportBatch) -> Iterator[tuple[int, list[_Prepared]]]:
    """(rows read, prepared valid rows) per chunk, made in a thread one chunk ahead: reading,
    checking and redacting the next chunk (Python) overlaps storing this one (the database)."""
    anchors = frozenset(batch.posting.version.sections.values_list("anchor", flat=True))
    path, today, batch_id = Path(batch.file.path), timezone.localdate(), batch.pk
    ahead: queue.Queue[object] = queue.Queue(maxsize=2)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                ahead.put(item, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            chunk: list[Row] = []
            for row, _errors in _checked_rows(path, anchors, today):
                if row is None:
                    continue
                chunk.append(row)
                if len(chunk) >= CHUNK:
                    if not put((len(chunk), _prepare(batch_id, chunk))):
                        return
                    chunk = []
            if chunk and not put((len(chunk), _prepare(batch_id, chunk))):
                return
            put(_DONE)
        except BaseException as exc:  # handed to the consumer, which raises it
            put(exc)

    thread = threading.Thread(target=produce, name=f"import-{batch_id}-reader", daemon=True)
    thread.start()
    try:
        while True:
            item = ahead.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        thread.join(timeout=5)


def run_import(*, batch_id: int) -> int:
    """The worker's job. Safe to run again after a crash: finished chunks are skipped."""
    batch = ImportBatch.objects.select_related("posting").get(pk=batch_id)
    if batch.status != ImportBatch.Status.RUNNING:
        return 0
    processed = imported = 0
    try:
        for count, prepared in _prepared_chunks(batch):
            imported += _insert_prepared(batch, prepared)
            processed += count
            ImportBatch.objects.filter(pk=batch.pk).update(
                processed_rows=processed, imported_rows=imported
            )
    except Exception:
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.FAILED, processed_rows=processed, imported_rows=imported
        )
        raise
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.DONE,
        processed_rows=processed,
        imported_rows=imported,
        finished_at=timezone.now(),
    )
    audit_record(actor=None, action="import.done", obj=batch, after={"imported": imported})
    return imported
