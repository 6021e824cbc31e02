"""The worker: runs queued background tasks and, beside them, the scheduler of periodic jobs.

`make run` starts one; production may start several (the scheduler's slot claims keep each
periodic job to one run per slot).
"""

from __future__ import annotations

import argparse
import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from townhall.core.scheduling import enqueue_due

logger = logging.getLogger("townhall.scheduler")


class Command(BaseCommand):
    help = "Run the background worker and the scheduler of periodic jobs."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--no-scheduler", action="store_true", help="Only run queued tasks.")
        parser.add_argument("--once", action="store_true", help="Enqueue due jobs, run all, exit.")
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args: Any, **options: Any) -> None:
        logging.getLogger("django.tasks").setLevel(logging.INFO)
        worker_id = get_random_string(24)
        tick = settings.TOWNHALL_SCHEDULER_TICK_SECONDS
        if options["once"]:
            names = enqueue_due(worker=worker_id)
            self.stdout.write(f"Enqueued: {', '.join(names) or 'nothing due'}")
        elif not options["no_scheduler"]:
            threading.Thread(target=self._schedule, args=(worker_id, tick), daemon=True).start()
        worker = Worker(
            queue_names=["*"],
            interval=options["interval"],
            batch=bool(options["once"]),
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        self.stdout.write(f"Worker {worker_id} started (scheduler tick {tick}s).")
        if not options["once"]:
            worker.configure_signals()
        worker.run()

    def _schedule(self, worker_id: str, tick: int) -> None:
        while True:
            try:
                close_old_connections()
                for name in enqueue_due(worker=worker_id):
                    logger.info("Scheduled job enqueued: %s", name)
            except Exception:  # the scheduler must outlive a database restart
                logger.exception("Scheduler tick failed; retrying next tick")
            time.sleep(tick)
