"""The annual report section (seed 002 VI-B-7, VIII-B): the years that have engagements, and
each year's section as a page, a tagged PDF and a DOCX for the editors of the CPD Annual
Report, all from annual.gather / annual.present.

Read only. permissions.can_view_annual, else 403; a year before annual.FIRST_YEAR or after next
year is 404. WeasyPrint and python-docx are imported only when a file is asked for.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.http import content_disposition_header

from townhall.reports import annual, permissions


def _can_view(request: HttpRequest) -> None:
    if not permissions.can_view_annual(request.user):
        raise PermissionDenied


def _section(request: HttpRequest, year: int) -> annual.SectionView:
    _can_view(request)
    if not annual.year_allowed(year):
        raise Http404
    return annual.present(annual.gather(year), rtl=translation.get_language_bidi())


def _filename(year: int, extension: str) -> str:
    return f"community-engagement-{year}.{extension}"


def index(request: HttpRequest) -> HttpResponse:
    _can_view(request)
    return render(request, "reports/staff/annual_index.html", {"years": annual.years()})


def year(request: HttpRequest, year: int) -> HttpResponse:
    section = _section(request, year)
    return render(
        request,
        "reports/staff/annual_year.html",
        {"section": section, "today": timezone.localdate()},
    )


def pdf(request: HttpRequest, year: int) -> HttpResponse:
    from townhall.reports.pdf import render_pdf

    section = _section(request, year)
    html = render_to_string(
        "reports/annual/print.html",
        {
            "section": section,
            "today": timezone.localdate(),
            "site_name": settings.TOWNHALL_SITE_NAME,
            "department_name": settings.TOWNHALL_DEPARTMENT_NAME,
        },
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, _filename(year, "pdf"))
    return response


def docx(request: HttpRequest, year: int) -> HttpResponse:
    from townhall.reports import docx as word

    section = _section(request, year)
    content = word.section_docx(
        section,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        rtl=translation.get_language_bidi(),
        generated_on=timezone.localdate(),
    )
    response = HttpResponse(content, content_type=word.CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, _filename(year, "docx"))
    return response
