"""Background jobs of feedback: bulk imports and the analysis."""

from __future__ import annotations

from django_tasks import task


@task()
def import_batch_task(batch_id: int) -> int:
    from townhall.feedback.importing import run_import

    return run_import(batch_id=batch_id)


@task()
def analysis_task(run_id: int) -> int:
    from townhall.feedback.analysis import analysis_run

    return analysis_run(run_id=run_id).pk
