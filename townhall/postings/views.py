"""Public pages of postings: what is open, upcoming, closed and continuously open, and each
posting with its narrative, dates, the text under review and the comment form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from townhall.core.downloads import download
from townhall.directives.selectors import version_sections
from townhall.feedback.selectors import comment_counts, published_comments, section_counts
from townhall.postings.models import Posting, PostingMaterial
from townhall.postings.selectors import (
    Tab,
    posting_get_visible,
    posting_text,
    postings_for_tab,
    tab_counts,
)


def posting_list(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("status", Tab.OPEN)
    if tab not in (Tab.OPEN, Tab.UPCOMING, Tab.CLOSED, Tab.CONTINUOUS):
        tab = Tab.OPEN
    postings = postings_for_tab(request.user, tab)
    page = Paginator(postings, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "postings/list.html",
        {"tab": tab, "page": page, "counts": tab_counts(request.user)},
    )


def detail_context(request: HttpRequest, posting: Posting) -> dict[str, Any]:
    """Everything the posting page shows; also used by the completeness review (VII-B-3)."""
    from townhall.feedback.views import comment_form_context

    text, is_fallback = posting_text(posting)
    sections = version_sections(posting.version)
    counts = section_counts(posting)
    comments = Paginator(published_comments(posting), 25).get_page(request.GET.get("cpage"))
    context = {
        "posting": posting,
        "directive": posting.version.directive,
        "version": posting.version,
        "text": text,
        "text_is_fallback": is_fallback,
        "sections": sections,
        "section_counts": counts,
        "toc": [s for s in sections if s.level == 0],
        "materials": list(posting.materials.all()),
        "extensions": list(posting.extensions.all()),
        "counts": comment_counts(posting),
        "comments": comments,
    }
    if posting.is_open:
        context.update(comment_form_context(request, posting, section=""))
    return context


@never_cache  # the page carries a one-time form token
def posting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    posting = posting_get_visible(pk=pk, user=request.user)
    return render(request, "postings/detail.html", detail_context(request, posting))


def material_download(request: HttpRequest, pk: int, material_id: int) -> FileResponse:
    posting = posting_get_visible(pk=pk, user=request.user)
    material = get_object_or_404(PostingMaterial, pk=material_id, posting=posting)
    if not material.file:
        raise Http404("This material is a link")
    return download(
        material.file,
        filename=material.original_name or Path(material.file.name or "material").name,
        content_type=material.content_type or "application/octet-stream",
    )
