"""Run the feedback analysis of a posting now, in this process, with a progress bar.

The staff page queues the same work for the worker; this is for operators and benchmarks.
"""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from townhall.accounts.models import Role, User
from townhall.core.errors import DomainError
from townhall.feedback.analysis import analysis_run_now
from townhall.postings.models import Posting


class Command(BaseCommand):
    help = "Analyse a posting's feedback: campaigns and themes (V-D-3)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("posting", type=int, help="The posting's id.")
        parser.add_argument(
            "--as", dest="username", required=True, help="A staff member who may run it (OEE, R&D)."
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        posting = Posting.objects.filter(pk=options["posting"]).first()
        if posting is None:
            raise CommandError(f"No posting {options['posting']}.")
        actor = User.objects.filter(username=options["username"]).first()
        if actor is None:
            raise CommandError(f"No user {options['username']}; roles: {', '.join(Role.values)}.")
        bars: dict[str, tqdm[Any]] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if options["no_progress"]:
                return
            bar = bars.get(stage)
            if bar is None:
                for other in bars.values():
                    other.close()
                bar = bars[stage] = tqdm(total=total, desc=stage, unit="", file=self.stderr._out)
            bar.total = total
            bar.n = done
            bar.refresh()

        try:
            run = analysis_run_now(actor=actor, posting=posting, progress=progress)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        for bar in bars.values():
            bar.close()
        if run.status != run.Status.DONE:
            raise CommandError(f"The analysis {run.get_status_display().lower()}: {run.error}")
        stats = run.stats
        self.stdout.write(
            f"{stats['items']:,} items: {stats['unique']:,} unique, "
            f"{stats['campaign_copies']:,} in {stats['campaigns']:,} campaigns; "
            f"{stats['themes']} themes. Seconds: {stats['seconds']}"
        )
