"""Writing the ZIP: the progress, the hashed members, the README and manifest, and the
worker's run that claims, builds and stores one export."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import os
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from townhall.core.audit import audit_record
from townhall.reports.models import RecordsExport
from townhall.reports.records.constants import (
    CHUNK,
    PROGRESS_EVERY,
    PROGRESS_SECONDS,
    STALE_AFTER,
    Progress,
)
from townhall.reports.records.parts import (
    _Cutoff,
    _Document,
    _meeting_parts,
    _Part,
    _posting_parts,
    _Table,
)
from townhall.reports.records.values import _cell, _json_line, _plain

# ---------------------------------------------------------------------------------------
# Writing the ZIP


class _LostClaim(Exception):
    """Another worker took the export over (this one was silent too long)."""


@dataclass
class _Reporter:
    """Writes the progress to the row in its own short statement, every PROGRESS_EVERY items
    or PROGRESS_SECONDS, only while this run still holds its claim."""

    export_id: int
    claim: datetime.datetime
    total: int = 0
    done: int = 0
    stage: str = "counting"
    echo: Progress | None = None
    _last_done: int = 0
    _last_time: float = field(default_factory=time.monotonic)

    def begin(self, stage: str) -> None:
        self.stage = stage
        self.flush()

    def step(self, n: int = 1) -> None:
        self.done += n
        if self.echo is not None:
            self.echo(self.stage, self.done, max(self.total, self.done))
        if (
            self.done - self._last_done >= PROGRESS_EVERY
            or time.monotonic() - self._last_time >= PROGRESS_SECONDS
        ):
            self.flush()

    def flush(self, **more: Any) -> None:
        self.total = max(self.total, self.done)
        updated = RecordsExport.objects.filter(
            pk=self.export_id, status=RecordsExport.Status.RUNNING, started_at=self.claim
        ).update(
            stage=self.stage[:60],
            done=self.done,
            total=self.total,
            heartbeat=timezone.now(),
            **more,
        )
        if not updated:
            raise _LostClaim
        self._last_done, self._last_time = self.done, time.monotonic()
        if self.echo is not None:
            self.echo(self.stage, self.done, self.total)


class _Hashing(io.RawIOBase):
    """Passes bytes to a ZIP member while counting them and hashing them for the manifest."""

    def __init__(self, target: IO[bytes]) -> None:
        self.target = target
        self.sha = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.target.write(chunk)
        self.sha.update(chunk)
        self.size += len(chunk)
        return len(chunk)


@dataclass
class _Written:
    path: str
    about: str
    rows: int | None


class _Zip:
    """The ZIP being written: one member at a time, each hashed into the manifest (kept on
    disk, not in memory)."""

    def __init__(self, fileobj: IO[bytes], root: str, when: datetime.datetime) -> None:
        self.zip = zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)
        self.root = root
        local = timezone.localtime(when)
        self.stamp = (local.year, local.month, local.day, local.hour, local.minute, local.second)
        self.manifest = tempfile.TemporaryFile()  # closed in close()
        self.paths: set[str] = set()
        self.files = 0

    def _info(self, path: str) -> zipfile.ZipInfo:
        if path in self.paths:
            raise ValueError(f"{path} is written twice")
        self.paths.add(path)
        info = zipfile.ZipInfo(f"{self.root}/{path}", date_time=self.stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    def add_stream(self, path: str, source: IO[bytes]) -> tuple[str, int]:
        with self.zip.open(self._info(path), "w", force_zip64=True) as member:
            hashing = _Hashing(member)
            shutil.copyfileobj(source, hashing, 1024 * 1024)
        return self._listed(path, hashing)

    def add_bytes(self, path: str, data: bytes) -> tuple[str, int]:
        return self.add_stream(path, io.BytesIO(data))

    def _listed(self, path: str, hashing: _Hashing) -> tuple[str, int]:
        digest = hashing.sha.hexdigest()
        self.manifest.write(f"{digest}  {path}\n".encode())
        self.files += 1
        return digest, hashing.size

    def abort(self) -> None:
        """After a failure: let go of the temporary files (the ZIP is thrown away)."""
        self.manifest.close()
        try:
            self.zip.close()
        except (OSError, ValueError):
            pass

    def close(self) -> None:
        self.manifest.seek(0)
        self.add_stream("MANIFEST.txt", self.manifest)
        self.manifest.close()
        self.zip.close()


def _copy_stored(zf: _Zip, stored_name: str, path: str) -> bool:
    """Copies a stored file into the ZIP; False when it is gone from storage."""
    try:
        handle = default_storage.open(stored_name, "rb")
    except (FileNotFoundError, OSError, ValueError):
        return False
    with handle:
        zf.add_stream(path, handle)
    return True


def _write_table(zf: _Zip, part: _Table, report: _Reporter, missing: list[str]) -> int:
    names = [name for name, _lookup in part.columns]
    lookups = [lookup for _name, lookup in part.columns]
    header = names + [f"{f}_in_export" for f in part.files]
    rows = 0
    with tempfile.TemporaryFile() as csv_file, tempfile.TemporaryFile() as jsonl_file:
        text = io.TextIOWrapper(csv_file, encoding="utf-8-sig", newline="")
        writer = csv.writer(text)
        writer.writerow(header)
        for values in part.queryset.values_list(*lookups).iterator(chunk_size=CHUNK):
            row = {name: _plain(value) for name, value in zip(names, values, strict=True)}
            for file_field in part.files:
                stored = str(row.get(file_field) or "")
                where = ""
                if stored and part.place is not None:
                    where = part.place(row, file_field)
                    if not _copy_stored(zf, stored, where):
                        missing.append(where)
                        where = ""
                row[f"{file_field}_in_export"] = where
            writer.writerow([_cell(row[name]) for name in header])
            jsonl_file.write(_json_line(row))
            rows += 1
            report.step()
        text.flush()
        text.detach()
        csv_file.seek(0)
        zf.add_stream(f"{part.path}.csv", csv_file)
        jsonl_file.seek(0)
        zf.add_stream(f"{part.path}.jsonl", jsonl_file)
    return rows


def _readme(
    export: RecordsExport,
    written: list[_Written],
    missing: list[str],
    when: datetime.datetime,
    files: int,
) -> str:
    requester = export.requested_by
    who = requester.get_full_name().strip()
    who = f"{who} ({requester.username})" if who else requester.username
    if export.posting_id is not None:
        assert export.posting is not None
        subject = _("Posting %(id)d: %(name)s (status: %(status)s)") % {
            "id": export.posting.pk,
            "name": str(export.posting),
            "status": export.posting.get_status_display(),
        }
    else:
        assert export.meeting is not None
        subject = _("Meeting %(id)d: %(name)s (%(when)s)") % {
            "id": export.meeting.pk,
            "name": str(export.meeting),
            "when": timezone.localtime(export.meeting.starts_at).isoformat(),
        }
    lines = [
        _("Records export %(id)d") % {"id": export.pk},
        "",
        _("Of: %(subject)s") % {"subject": subject},
        _("Purpose: %(purpose)s") % {"purpose": export.purpose},
        _("Requested by: %(who)s") % {"who": who},
        _("Requested at: %(when)s") % {"when": export.created_at.isoformat()},
        _("Made at: %(when)s (the record as it stood then)") % {"when": when.isoformat()},
        "",
        _("What it holds"),
        "",
        _(
            "This is the internal record, not a public page: nothing is withheld. Hidden "
            "comments, names, email addresses and the original text of redacted comments are "
            "included. Only live secrets (registration cancellation links, facilitators' notes "
            "links) are left out: they are keys, not records."
        ),
        _(
            "Each table is given twice: as CSV (UTF-8; a cell that would start a spreadsheet "
            "formula starts with an apostrophe) and as JSON Lines (one JSON object per line, "
            "the exact values). Times are ISO 8601 in UTC."
        ),
        "",
    ]
    for item in written:
        count = (
            ngettext("%(n)d row", "%(n)d rows", item.rows) % {"n": item.rows}
            if item.rows is not None
            else _("one document")
        )
        suffix = ".csv, .jsonl" if item.rows is not None else ""
        lines.append(f"- {item.path}{suffix} ({count}): {item.about}")
    if missing:
        lines += ["", _("Files missing from storage when the export was made:")]
        lines += [f"- {path}" for path in missing]
    lines += [
        "",
        _("How to check it"),
        "",
        _(
            "MANIFEST.txt lists the SHA-256 checksum of every other file (%(n)d files). In "
            "the folder that holds this README, run:"
        )
        % {"n": files},
        "",
        "    sha256sum -c MANIFEST.txt",
        "",
        _("Every line must end in OK. The site keeps the SHA-256 of the whole ZIP as well."),
        "",
    ]
    return "\n".join(lines)


def _build(export: RecordsExport, report: _Reporter, target: IO[bytes]) -> None:
    cut = _Cutoff.now()
    when = timezone.now()
    if export.posting is not None:
        parts = _posting_parts(export.posting, cut)
    else:
        assert export.meeting is not None
        parts = _meeting_parts(export.meeting, cut)
    report.total = sum(part.count() for part in parts)
    report.begin("counting")
    zf = _Zip(target, f"records-export-{export.pk}", when)
    try:
        _write_parts(export, parts, zf, report, when)
    except BaseException:
        zf.abort()
        raise


def _write_parts(
    export: RecordsExport,
    parts: list[_Part],
    zf: _Zip,
    report: _Reporter,
    when: datetime.datetime,
) -> None:
    written: list[_Written] = []
    missing: list[str] = []
    for part in parts:
        if part.stage != report.stage:
            report.begin(part.stage)
        if isinstance(part, _Document):
            body = json.dumps(_plain(part.build()), ensure_ascii=False, indent=2, sort_keys=True)
            zf.add_bytes(part.path, (body + "\n").encode("utf-8"))
            written.append(_Written(part.path, part.about, None))
            report.step()
        else:
            rows = _write_table(zf, part, report, missing)
            written.append(_Written(part.path, part.about, rows))
    report.begin("manifest")
    with translation.override(settings.LANGUAGE_CODE):
        readme = _readme(export, written, missing, when, zf.files + 1)
    zf.add_bytes("README.txt", readme.encode("utf-8"))
    zf.close()


def _claim(export_id: int) -> datetime.datetime | None:
    """queued -> running, or a running one whose worker went silent: one conditional update,
    so of two workers only one gets it. Returns the claim's instant (the run's token)."""
    now = timezone.now()
    stale = now - STALE_AFTER
    claimed = (
        RecordsExport.objects.filter(pk=export_id)
        .filter(
            Q(status=RecordsExport.Status.QUEUED)
            | Q(status=RecordsExport.Status.RUNNING, heartbeat__lt=stale)
            | Q(status=RecordsExport.Status.RUNNING, heartbeat__isnull=True, started_at__lt=stale)
        )
        .update(
            status=RecordsExport.Status.RUNNING,
            started_at=now,
            heartbeat=now,
            stage="counting",
            done=0,
            total=0,
            error="",
        )
    )
    return now if claimed else None


def _sha256_of(path: str) -> tuple[str, int]:
    sha = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1024 * 1024):
            sha.update(chunk)
            size += len(chunk)
    return sha.hexdigest(), size


def export_run(*, export_id: int, progress: Progress | None = None) -> str:
    """The worker's job: builds one export to the end and returns its status. A done or
    failed export, or one another worker is running, is left as it is. An error marks it
    failed (with the error) and is not raised again."""
    claim = _claim(export_id)
    export = RecordsExport.objects.select_related(
        "posting__version__directive", "meeting__activity", "requested_by"
    ).get(pk=export_id)
    if claim is None:
        return str(export.status)
    report = _Reporter(export_id=export.pk, claim=claim, echo=progress)
    fd, temp_path = tempfile.mkstemp(prefix=f"records-{export.pk}-", suffix=".zip")
    stored = ""
    try:
        with os.fdopen(fd, "wb") as target:
            _build(export, report, target)
        report.begin("storing")
        digest, size = _sha256_of(temp_path)
        subject = (
            f"posting-{export.posting_id}" if export.posting_id else f"meeting-{export.meeting_id}"
        )
        with open(temp_path, "rb") as fh:
            stored = default_storage.save(
                f"records/records-export-{export.pk}-{subject}-{claim:%Y%m%d%H%M%S}.zip", File(fh)
            )
        report.stage = "done"
        report.flush(
            status=RecordsExport.Status.DONE,
            file=stored,
            sha256=digest,
            size=size,
            finished_at=timezone.now(),
        )
        name, stored = stored, ""  # the row names it now: kept whatever happens next
        audit_record(
            actor=None,
            action="records.done",
            obj=export,
            after={"file": name, "sha256": digest, "size": size, "items": report.done},
        )
        return str(RecordsExport.Status.DONE)
    except _LostClaim:
        if stored:
            default_storage.delete(stored)
        export.refresh_from_db()
        return str(export.status)
    except Exception as exc:  # any failure is recorded on the row
        if stored:
            default_storage.delete(stored)
        error = f"{type(exc).__name__}: {exc}"
        failed = RecordsExport.objects.filter(
            pk=export.pk, status=RecordsExport.Status.RUNNING, started_at=claim
        ).update(
            status=RecordsExport.Status.FAILED,
            error=error[:2000],
            finished_at=timezone.now(),
            heartbeat=timezone.now(),
        )
        if failed:
            audit_record(
                actor=None, action="records.failed", obj=export, after={"error": error[:200]}
            )
        export.refresh_from_db()
        return str(export.status)
    finally:
        if os.path.exists(temp_path):
            os.remove(temp_path)
