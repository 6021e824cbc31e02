"""The compilation of raw comments (VII-D-3): CSV and XLSX, internal and external apart.

Written to temporary files row by row, so a posting with a million comments compiles in
bounded memory.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone
from openpyxl import Workbook

from townhall.core.text import spreadsheet_safe
from townhall.feedback.models import Comment
from townhall.postings.models import Posting

HEADER = [
    "receipt",
    "origin",
    "channel",
    "submitted_at",
    "date_received",
    "directive",
    "version",
    "version_id",
    "section",
    "name",
    "email",
    "organization",
    "comment",
    "status",
    "personal_information_flags",
]


@dataclass(frozen=True)
class CompiledFiles:
    csv_path: Path
    xlsx_path: Path
    external: int
    internal: int


def _rows(posting: Posting, origin: str) -> Iterator[list[str]]:
    number = posting.version.directive.number
    labels: dict[int, str] = {}
    qs = (
        Comment.objects.filter(posting=posting, origin=origin)
        .order_by("submitted_at", "id")
        .values_list(
            "receipt",
            "origin",
            "channel",
            "submitted_at",
            "received_on",
            "version_id",
            "section_anchor",
            "name",
            "email",
            "organization",
            "body",
            "status",
            "pii_kinds",
        )
    )
    for (
        receipt,
        orig,
        channel,
        submitted,
        received,
        version_id,
        section,
        name,
        email,
        org,
        body,
        status,
        pii,
    ) in qs.iterator(chunk_size=5000):
        if version_id not in labels:
            labels[version_id] = posting.version.__class__.objects.get(pk=version_id).label
        yield [
            receipt,
            orig,
            channel,
            timezone.localtime(submitted).isoformat(timespec="seconds"),
            received.isoformat(),
            number,
            labels[version_id],
            str(version_id),
            section or "(whole posting)",
            name,
            email,
            org,
            body,
            status,
            ",".join(pii or []),
        ]


def build(posting: Posting) -> CompiledFiles:
    folder = Path(tempfile.mkdtemp(prefix="compilation-"))
    stem = f"{posting.version.directive.number}-posting-{posting.pk}-comments"
    csv_path = folder / f"{stem}.csv"
    xlsx_path = folder / f"{stem}.xlsx"
    workbook = Workbook(write_only=True)
    counts = {}
    with csv_path.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for origin, sheet_name in (
            (Comment.Origin.EXTERNAL, "External (public)"),
            (Comment.Origin.INTERNAL, "Internal (Department)"),
        ):
            sheet = workbook.create_sheet(sheet_name)
            sheet.append(HEADER)
            n = 0
            for raw in _rows(posting, origin):
                row = [spreadsheet_safe(cell) for cell in raw]
                writer.writerow(row)
                sheet.append(row)
                n += 1
            counts[origin] = n
    workbook.save(xlsx_path)
    return CompiledFiles(
        csv_path=csv_path,
        xlsx_path=xlsx_path,
        external=counts[Comment.Origin.EXTERNAL],
        internal=counts[Comment.Origin.INTERNAL],
    )
