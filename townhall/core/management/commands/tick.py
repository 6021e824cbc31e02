"""Run every periodic job once, now, in this process: what the worker's scheduler does each
minute. `--at` runs them as if it were another moment (tests and demos move time this way)."""

from __future__ import annotations

import argparse
import contextlib
import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from townhall.core.scheduling import registered_jobs


class Command(BaseCommand):
    help = "Run all periodic jobs once (optionally as of --at ISO-8601 time)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--at", help="ISO 8601 moment, e.g. 2026-12-01T09:01:00-06:00")

    def handle(self, *args: Any, **options: Any) -> None:
        travel: Any = contextlib.nullcontext()
        if options["at"]:
            try:
                moment = datetime.datetime.fromisoformat(options["at"])
            except ValueError as exc:
                raise CommandError(f"--at is not an ISO 8601 time: {exc}") from exc
            import time_machine  # a development dependency: moving time is for tests and demos

            travel = time_machine.travel(moment, tick=False)
        with travel:
            for name, job in sorted(registered_jobs().items()):
                self.stdout.write(f"{name}: {job.run()}")
