"""Background work for reports: the PDFs of a published version, and records exports. Both
are idempotent: a file already made is not made again, and an export claims its row."""

from __future__ import annotations

from django_tasks import task


@task()
def render_version_task(version_id: int) -> int:
    """Renders the tagged PDF of a published version in each interface language, once."""
    from townhall.reports.pdf import render_version_files

    return render_version_files(version_id=version_id)


@task()
def records_export_task(export_id: int) -> str:
    """Builds one records export (ZIP + checksum manifest), writing its progress as it goes."""
    from townhall.reports.records import export_run

    return export_run(export_id=export_id)
