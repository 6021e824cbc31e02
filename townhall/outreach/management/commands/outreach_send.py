"""Send a dispatch now, in this process, chunk by chunk, with a progress bar (VII-C).

`manage.py outreach_send <dispatch_id>` sends what is left of a dispatch that is sending (a
resume after an outage, or an operator who does not want to wait for the worker);
`--start` first starts a dispatch still scheduled, fixing its recipients now; `--rate N`
sends at most N messages a second instead of settings.TOWNHALL_OUTREACH_RATE (0: no limit).
It takes the same lease as the worker, so running it beside a worker sends nobody twice:
while the worker holds the dispatch, this waits and shows the worker's progress.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from tqdm import tqdm

from townhall.outreach.models import Delivery, Dispatch
from townhall.outreach.sending import ChunkResult, dispatch_send, dispatch_start

# Waiting for another sender's lease: poll this often.
POLL_SECONDS = 1.0


def _counts(dispatch_id: int) -> dict[str, int]:
    rows = (
        Delivery.objects.filter(dispatch_id=dispatch_id)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    found = dict(rows)
    return {
        "sent": found.get(Delivery.Status.SENT, 0),
        "failed": found.get(Delivery.Status.FAILED, 0) + found.get(Delivery.Status.BOUNCED, 0),
        "skipped": found.get(Delivery.Status.SKIPPED, 0),
        "remaining": found.get(Delivery.Status.QUEUED, 0) + found.get(Delivery.Status.SENDING, 0),
    }


class Command(BaseCommand):
    help = "Send a dispatch of an announcement now, with progress (--start to start it first)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("dispatch_id", type=int, help="The dispatch's id.")
        parser.add_argument(
            "--start", action="store_true", help="Start a scheduled dispatch now first."
        )
        parser.add_argument(
            "--rate",
            type=float,
            default=None,
            help="At most this many messages a second (0: no limit); "
            "default settings.TOWNHALL_OUTREACH_RATE.",
        )
        parser.add_argument(
            "--chunk-seconds",
            type=float,
            default=5.0,
            help="Length of each leased chunk; progress is shown after each (default 5).",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        dispatch_id: int = options["dispatch_id"]
        rate: float | None = options["rate"]
        if rate is not None and rate < 0:
            raise CommandError("--rate must be 0 (no limit) or more.")
        dispatch = Dispatch.objects.filter(pk=dispatch_id).first()
        if dispatch is None:
            raise CommandError(f"No dispatch {dispatch_id}.")
        if dispatch.status == Dispatch.Status.SCHEDULED:
            if not options["start"]:
                raise CommandError(
                    f"Dispatch {dispatch_id} is scheduled for {dispatch.send_at:%Y-%m-%d %H:%M}; "
                    "use --start to start it now."
                )
            dispatch_start(dispatch_id=dispatch_id)
            dispatch.refresh_from_db()
            if dispatch.status == Dispatch.Status.SCHEDULED:
                raise CommandError(f"Dispatch {dispatch_id} could not be started.")
            self.stdout.write(f"Started dispatch {dispatch_id}: {dispatch.total} recipients.")
        if dispatch.status == Dispatch.Status.CANCELLED:
            raise CommandError(f"Dispatch {dispatch_id} was cancelled.")
        started = time.monotonic()
        bar = tqdm(
            total=dispatch.total,
            unit="msg",
            disable=options["no_progress"] or options["verbosity"] == 0,
            file=self.stderr._out,
        )
        waited = False
        try:
            while dispatch.status == Dispatch.Status.SENDING:
                try:
                    result = dispatch_send(
                        dispatch_id=dispatch_id, max_seconds=options["chunk_seconds"], rate=rate
                    )
                except OSError as exc:  # no connection to the mail server at all
                    result = ChunkResult(stopped="smtp")
                    bar.write(f"Mail server: {exc}", file=self.stderr._out)
                counts = _counts(dispatch_id)
                bar.n = dispatch.total - counts["remaining"]
                bar.set_postfix(counts, refresh=True)
                if result.stopped == "smtp":
                    raise CommandError(
                        f"The mail server is unavailable; {counts['remaining']} still to send. "
                        "Run this again to resume: nobody is skipped or sent twice."
                    )
                if result.stopped == "lease":
                    if not waited:
                        waited = True
                        bar.write(
                            "Another worker is sending this dispatch; following it.",
                            file=self.stderr._out,
                        )
                    time.sleep(POLL_SECONDS)
                dispatch.refresh_from_db()
        finally:
            bar.close()
        counts = _counts(dispatch_id)
        seconds = time.monotonic() - started
        self.stdout.write(
            f"Dispatch {dispatch_id} {dispatch.get_status_display().lower()}: "
            f"{counts['sent']} sent, {counts['failed']} failed, {counts['skipped']} skipped "
            f"(suppressed), {counts['remaining']} remaining, of {dispatch.total}; "
            f"{seconds:.1f} s."
        )
