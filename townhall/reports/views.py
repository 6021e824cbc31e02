"""The public "what we heard" reports, under /reports/ (seed 002 V-D-3, VII-D-5).

- The list: every published report, newest first, with its engagement, subject, date and
  version.
- A report's page: the newest published version, or any earlier one under its number (a
  published version never changes; an old one says that a newer one exists), with the list
  of versions and what changed in each, in the reader's language (the language switcher of
  every page), and links to the PDF in that language, the CSV and the JSON of the data.
- The PDF: the worker renders it once per language at publishing (pdf.render_version_files);
  a request that finds it missing renders and stores it through the same code.
- The data: CSV (every table of the report, safe to open in a spreadsheet) and JSON (the
  frozen data and narrative, with the hash that lets anyone check the numbers).
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from townhall.core.downloads import download
from townhall.reports import selectors
from townhall.reports.models import ReportVersion

PAGE_SIZE = 25
_LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _language() -> str:
    language = get_language() or settings.LANGUAGE_CODE
    return language if language in _LANGUAGES else settings.LANGUAGE_CODE


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(selectors.published_versions(), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "reports/public/index.html", {"page": page, "versions": page})


def _report_page(request: HttpRequest, version: ReportVersion) -> HttpResponse:
    from townhall.reports.present import report_context

    language = _language()
    versions = selectors.versions_of(version.report.engagement_id)
    newest = versions[0] if versions else version
    context: dict[str, Any] = report_context(
        data=version.data, narrative=version.narrative, language=language
    )
    engagement_pk = version.report.engagement_id
    kwargs = {"engagement_pk": engagement_pk, "number": version.number}
    context.update(
        {
            "version": version,
            "report_engagement": version.report.engagement,
            "versions": versions,
            "newest": newest,
            "is_newest": newest.number == version.number,
            "pdf_url": reverse("reports:pdf", kwargs={**kwargs, "language": language}),
            "csv_url": reverse("reports:csv", kwargs=kwargs),
            "json_url": reverse("reports:json", kwargs=kwargs),
            "written_languages": [
                name for code, name in settings.LANGUAGES if code in version.languages
            ],
        }
    )
    return render(request, "reports/public/report.html", context)


@require_GET
def detail(request: HttpRequest, engagement_pk: int) -> HttpResponse:
    return _report_page(request, selectors.latest_version(engagement_pk))


@require_GET
def version(request: HttpRequest, engagement_pk: int, number: int) -> HttpResponse:
    return _report_page(request, selectors.version_get(engagement_pk, number))


def _filename(version: ReportVersion, suffix: str) -> str:
    return f"report-{version.report.engagement_id}-v{version.number}{suffix}"


@require_GET
def pdf(request: HttpRequest, engagement_pk: int, number: int, language: str) -> HttpResponseBase:
    if language not in _LANGUAGES:
        raise Http404("No such language")
    found = selectors.version_get(engagement_pk, number)
    from townhall.reports.pdf import version_file

    row = version_file(version=found, language=language)
    return download(
        row.file, filename=_filename(found, f"-{language}.pdf"), content_type="application/pdf"
    )


@require_GET
def csv_download(request: HttpRequest, engagement_pk: int, number: int) -> HttpResponse:
    found = selectors.version_get(engagement_pk, number)
    language = _language()
    body = "\ufeff" + selectors.data_csv(found.data, language)  # spreadsheets read UTF-8
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    filename = _filename(found, f"-{language}.csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def json_download(request: HttpRequest, engagement_pk: int, number: int) -> HttpResponse:
    found = selectors.version_get(engagement_pk, number)
    payload = {
        "version": found.number,
        "published_at": found.published_at.isoformat(),
        "data_hash": found.data_hash,
        "data": found.data,
        "narrative": found.narrative,
    }
    body = json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(found, ".json")}"'
    return response
