"""Records exports: everything the record holds on one posting or one meeting, for a
public-records request or the monitor (seed 002 VI-B-4, VII-D; VIII).

`export_request` queues one; the worker's `export_run` builds it. The export is the internal
record, so nothing is withheld: hidden comments, names and email addresses, the original text
of redacted comments, every moderation and analysis decision and the audit trail. The one
thing left out is a live secret (the one-link cancellation of a registration, a facilitator's
notes link): a key is not a record, and releasing it would let anyone act with it.

The ZIP is written row by row to a temporary file, tables through temporary files on disk,
so memory stays flat whatever the number of comments. Each table is written twice, as CSV
(spreadsheet-safe, UTF-8 with a byte-order mark) and as JSON Lines (the exact values).
MANIFEST.txt holds the SHA-256 of every file in `sha256sum -c` format; the row keeps the
SHA-256 and size of the ZIP itself.

A run claims its row with a conditional update, so two workers never build the same export;
a run that stopped reporting for STALE_AFTER (its worker died) may be claimed again. Progress
(stage, done, total, heartbeat) is written in short transactions every PROGRESS_EVERY items.

Submodules: constants (the limits and the stages), request (asking for an export and
taking a copy), values (values as they are written), parts (what an export holds) and
writing (writing the ZIP, and the worker's run).
"""

from __future__ import annotations

from townhall.reports.records.constants import (
    CHUNK,
    PROGRESS_EVERY,
    PURPOSE_MAX,
    STALE_AFTER,
    Progress,
    stage_label,
)
from townhall.reports.records.request import export_download, export_request
from townhall.reports.records.values import safe_name
from townhall.reports.records.writing import export_run

__all__ = [
    "CHUNK",
    "PROGRESS_EVERY",
    "PURPOSE_MAX",
    "STALE_AFTER",
    "Progress",
    "export_download",
    "export_request",
    "export_run",
    "safe_name",
    "stage_label",
]
