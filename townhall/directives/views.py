"""Public pages of the directive registry: list, directive, version, redline."""

from __future__ import annotations

import datetime
import itertools

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from townhall.directives.forms import CompareForm, DirectiveSearchForm
from townhall.directives.models import DirectiveVersion
from townhall.directives.selectors import (
    current_version,
    directive_get,
    directive_list,
    directive_versions,
    index_categories,
    redline_page,
    version_get,
    version_sections,
)


def directive_index(request: HttpRequest) -> HttpResponse:
    form = DirectiveSearchForm(request.GET or None, categories=index_categories())
    data = form.cleaned_data if form.is_valid() else {}
    directives = directive_list(
        q=data.get("q", ""),
        doc_type=data.get("type", ""),
        index_category=data.get("category", ""),
        status=data.get("status", ""),
    )
    page = Paginator(directives, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directives/list.html",
        {"form": form, "page": page, "query": query.urlencode(), "searched": bool(data)},
    )


def _version_choices(versions: list) -> list[tuple[int, str]]:  # type: ignore[type-arg]
    return [(v.pk, f"{v.label} ({v.get_status_display()})") for v in versions]


def directive_detail(request: HttpRequest, number: str) -> HttpResponse:
    directive = directive_get(number=number)
    versions = directive_versions(directive)
    pairs = list(itertools.pairwise(versions))
    compare = CompareForm(
        initial={
            "old": versions[-2].pk if len(versions) > 1 else None,
            "new": versions[-1].pk if versions else None,
        },
        versions=_version_choices(versions),
    )
    return render(
        request,
        "directives/detail.html",
        {
            "directive": directive,
            "versions": versions,
            "pairs": pairs,
            "version_rows": list(zip(versions, [None, *versions[:-1]], strict=True)),
            "compare": compare,
            "current": current_version(directive),
        },
    )


def version_detail(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    version = version_get(number=number, pk=pk)
    sections = version_sections(version)
    from townhall.postings.selectors import open_posting_for_version

    return render(
        request,
        "directives/version.html",
        {
            "open_posting": open_posting_for_version(version.pk, request.user),
            "version": version,
            "directive": version.directive,
            "sections": sections,
            "toc": [s for s in sections if s.level == 0],
        },
    )


def _reading_order(version: DirectiveVersion) -> tuple[datetime.date, int]:
    # A draft without an issue date is the newest text there is.
    return (version.issue_date or datetime.date.max, version.pk)


def redline(request: HttpRequest, number: str) -> HttpResponse:
    directive = directive_get(number=number)
    versions = directive_versions(directive)
    form = CompareForm(request.GET or None, versions=_version_choices(versions))
    if not form.is_valid():
        return render(
            request,
            "directives/redline_choose.html",
            {"directive": directive, "compare": form},
            status=400 if request.GET else 200,
        )
    old = version_get(number=number, pk=form.cleaned_data["old"])
    new = version_get(number=number, pk=form.cleaned_data["new"])
    if _reading_order(old) > _reading_order(new):
        # Readers expect earlier-to-later; swap rather than show everything as a reversal.
        return redirect(f"{request.path}?old={new.pk}&new={old.pk}")
    page = redline_page(old, new)
    show_all = request.GET.get("all") == "1"
    from townhall.postings.selectors import open_posting_for_version

    return render(
        request,
        "directives/redline.html",
        {
            "directive": directive,
            "old": old,
            "new": new,
            "rows": page.rows,
            "changed_rows": [r for r in page.rows if r.kind != "unchanged"],
            "summary": page.summary,
            "show_all": show_all,
            # V-C-10-a: while the later version is open for comment, each change links to it.
            "open_posting": open_posting_for_version(new.pk, request.user),
            "compare": form,
        },
    )
