"""Reads of the published "what we heard" reports (seed 002 V-D-3), for the public pages, the
open data and the annual report section, and the report's data as CSV.

Only published versions are ever read here: a `ReportVersion` exists only once a report is
published, and it never changes. A correction is a new version; the old ones stay public.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils import translation

from townhall.core.text import spreadsheet_safe
from townhall.reports.models import ReportVersion

__all__ = [
    "CSV_HEADER",
    "data_csv",
    "data_rows",
    "latest_version",
    "published_versions",
    "version_get",
    "versions_of",
]


def _versions() -> QuerySet[ReportVersion]:
    return ReportVersion.objects.select_related(
        "report__engagement__directive", "report__engagement__training"
    )


def published_versions() -> QuerySet[ReportVersion]:
    """The newest published version of every report, newest publication first: what the
    public list shows (one line per engagement). Older versions: versions_of()."""
    newest = (
        ReportVersion.objects.filter(report_id=OuterRef("report_id"))
        .order_by("-number")
        .values("number")[:1]
    )
    return _versions().filter(number=Subquery(newest)).order_by("-published_at", "-id")


def versions_of(engagement_pk: int) -> list[ReportVersion]:
    """Every published version of the engagement's report, newest first."""
    return list(
        ReportVersion.objects.filter(report__engagement_id=engagement_pk)
        .select_related("report")
        .order_by("-number")
    )


def latest_version(engagement_pk: int) -> ReportVersion:
    """The newest published version of the engagement's report; 404 when none is published."""
    version = _versions().filter(report__engagement_id=engagement_pk).order_by("-number").first()
    if version is None:
        raise Http404("No published report")
    return version


def version_get(engagement_pk: int, number: int) -> ReportVersion:
    """Version `number` of the engagement's report; 404 when there is no such version."""
    version = _versions().filter(report__engagement_id=engagement_pk, number=number).first()
    if version is None:
        raise Http404("No such version")
    return version


# --- The data as CSV ------------------------------------------------------------------------

CSV_HEADER = ("section", "table", "row", "column", "value")


def data_rows(data: dict[str, Any], language: str) -> Iterator[tuple[str, str, str, str, str]]:
    """Every table of the report as (section key, table, row label, column, value), with the
    labels in `language`: the same tables the page shows, one value a line."""
    from townhall.reports.present import report_tables

    with translation.override(language):
        for table in report_tables(data):
            for row in table.rows:
                for column, value in zip(table.columns, row.values, strict=True):
                    yield (
                        table.section,
                        str(table.caption),
                        str(row.label),
                        str(column),
                        "" if value is None else str(value),
                    )


def data_csv(data: dict[str, Any], language: str) -> str:
    """The report's tables as CSV (see data_rows), with a header line. Every cell is made
    safe to open in a spreadsheet: none can start a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for row in data_rows(data, language):
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return buffer.getvalue()
