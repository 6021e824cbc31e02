"""The limits of a records export, and the stages its row records."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy

#: A running export that has not reported for this long died with its worker.
STALE_AFTER = datetime.timedelta(minutes=10)
#: Rows read from the database at a time.
CHUNK = 2000
#: Progress is written every this many items (and at least every few seconds).
PROGRESS_EVERY = 500
PROGRESS_SECONDS = 5.0
PURPOSE_MAX = 300
#: Fields that are keys, not records: never exported (see the module's docstring).
SECRETS = frozenset({"token"})

#: What the page shows for each stage the row records.
STAGES: dict[str, Any] = {
    "counting": gettext_lazy("Counting what to export"),
    "posting": gettext_lazy("The posting"),
    "versions": gettext_lazy("Directive versions"),
    "comments": gettext_lazy("Comments"),
    "attachments": gettext_lazy("Attachments"),
    "moderation": gettext_lazy("Moderation decisions"),
    "analysis": gettext_lazy("Analysis decisions"),
    "compilations": gettext_lazy("Compilations"),
    "meeting": gettext_lazy("The meeting"),
    "audit": gettext_lazy("Audit trail"),
    "manifest": gettext_lazy("Checksums"),
    "storing": gettext_lazy("Storing the file"),
    "done": gettext_lazy("Done"),
}

#: (stage, done, total): what the command line shows while an export runs here.
Progress = Callable[[str, int, int], None]


def stage_label(stage: str) -> str:
    return str(STAGES.get(stage, stage))
