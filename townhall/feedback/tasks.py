"""Background jobs of feedback: bulk imports."""

from __future__ import annotations

from django_tasks import task


@task()
def import_batch_task(batch_id: int) -> int:
    from townhall.feedback.importing import run_import

    return run_import(batch_id=batch_id)
