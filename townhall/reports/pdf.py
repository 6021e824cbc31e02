"""The tagged PDF of a published report, per language (seed 002 V-D-3: the report is also a
document people keep and print).

`render_pdf` turns HTML into a tagged PDF (PDF/UA-1: a structure tree of headings, tables,
lists and figures for screen readers, the document's title shown in the window and its
language) with WeasyPrint. `report_pdf` renders a version's report in one language from the
same `_report_body.html` the page uses, so both say the same thing. `render_version_files`,
run by the worker when a version is published, stores the PDF of every interface language
once (`ReportFile`); `version_file` is the one code path that makes a missing file, used by
the worker and by a request that arrives first. Two of them racing for the same file: one
row wins (its unique constraint), the other's file is removed and the winner is returned.

WeasyPrint fetches nothing from the network: only the site's own static files load (the
stylesheets); a link or image in staff's narrative is never fetched.
"""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from townhall.reports.models import ReportFile, ReportVersion

__all__ = ["render_pdf", "render_version_files", "report_pdf", "version_file"]

PDF_VARIANT = "pdf/ua-1"  # tagged, with the title displayed and the language set


def _base_url() -> str:
    return settings.TOWNHALL_BASE_URL.rstrip("/") + "/"


def _static_path(url: str) -> Path | None:
    """The file of a static URL (relative or under the site's base URL), else None."""
    base = _base_url().rstrip("/")
    if url.startswith(base):
        url = url[len(base) :]
    static = (
        settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
    )
    if not url.startswith(static):
        return None
    name = url[len(static) :].split("?", 1)[0].split("#", 1)[0]
    if not name or ".." in Path(name).parts:
        return None
    found = finders.find(name)
    if isinstance(found, list):
        found = found[0] if found else None
    if found:
        return Path(found)
    try:
        path = Path(staticfiles_storage.path(name))
    except NotImplementedError:
        return None
    return path if path.is_file() else None


def _fetcher() -> Any:
    """WeasyPrint's fetcher for a report: the site's static files only; anything else (a link
    or an image in staff's narrative, any other address) is refused and left out."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            path = _static_path(url)
            if path is None:
                raise ValueError(f"Not fetched in a PDF: {url[:200]}")
            mime_type, _encoding = mimetypes.guess_type(path.name)
            return URLFetcherResponse(
                url,
                path.read_bytes(),
                {"Content-Type": mime_type or "application/octet-stream"},
            )

    return StaticOnly()


def render_pdf(html: str) -> bytes:
    """A tagged PDF (PDF/UA-1) of `html`. The title comes from its <title>, the language
    from <html lang>."""
    from weasyprint import HTML  # heavy: loaded only when a PDF is made

    document = HTML(string=html, base_url=_base_url(), url_fetcher=_fetcher())
    return bytes(document.write_pdf(pdf_variant=PDF_VARIANT))


def report_pdf(*, version: ReportVersion, language: str) -> bytes:
    """The report of `version` in `language`, as the page shows it, for print."""
    from townhall.reports.present import for_print, report_context

    with translation.override(language):
        context = for_print(
            report_context(data=version.data, narrative=version.narrative, language=language)
        )
        engagement = version.report.engagement
        context.update(
            {
                "version": version,
                "report_engagement": engagement,
                "direction": "rtl" if language in settings.LANGUAGES_BIDI else "ltr",
                "site_name": getattr(settings, "TOWNHALL_SITE_NAME", ""),
                "page_url": settings.TOWNHALL_BASE_URL.rstrip("/") + _report_path(version),
                # The versions as they stood when this one was published: the file never
                # changes once made, whenever it is made.
                "versions": list(
                    ReportVersion.objects.filter(
                        report_id=version.report_id, number__lte=version.number
                    ).order_by("-number")
                ),
                "written_languages": [
                    name for code, name in settings.LANGUAGES if code in version.languages
                ],
            }
        )
        html = render_to_string("reports/pdf/report.html", context)
    return render_pdf(html)


def _report_path(version: ReportVersion) -> str:
    from django.urls import reverse

    return reverse(
        "reports:version",
        kwargs={"engagement_pk": version.report.engagement_id, "number": version.number},
    )


def version_file(*, version: ReportVersion, language: str) -> ReportFile:
    """The stored PDF of `version` in `language`, rendered and stored now if it is missing."""
    return _ensure_file(version, language)[0]


def _ensure_file(version: ReportVersion, language: str) -> tuple[ReportFile, bool]:
    """(the file, whether it was made here). Safe when two processes make it at once: the
    first row stays, and the other's stored file is removed."""
    existing = ReportFile.objects.filter(
        version=version, kind=ReportFile.Kind.PDF, language=language
    ).first()
    if existing is not None:
        return existing, False
    content = report_pdf(version=version, language=language)
    row = ReportFile(
        version=version,
        kind=ReportFile.Kind.PDF,
        language=language,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
    )
    name = f"report-{version.report.engagement_id}-v{version.number}-{language}.pdf"
    row.file.save(name, ContentFile(content), save=False)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        row.file.delete(save=False)
        winner = ReportFile.objects.get(
            version=version, kind=ReportFile.Kind.PDF, language=language
        )
        return winner, False
    return row, True


def render_version_files(*, version_id: int) -> int:
    """Makes the missing PDFs of a published version, one per interface language. Idempotent:
    returns how many it made (0 when all exist)."""
    version = ReportVersion.objects.select_related("report__engagement").get(pk=version_id)
    have = set(
        ReportFile.objects.filter(version=version, kind=ReportFile.Kind.PDF).values_list(
            "language", flat=True
        )
    )
    made = 0
    for code, _name in settings.LANGUAGES:
        if code not in have and _ensure_file(version, code)[1]:
            made += 1
    return made
