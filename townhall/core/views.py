"""Public pages of the site as a whole: home, health check, error pages."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


def home(request: HttpRequest) -> HttpResponse:
    from django.utils.translation import get_language

    from townhall.engagements.public import activity_rows
    from townhall.engagements.selectors import opportunities
    from townhall.postings.selectors import Tab, postings_for_tab

    return render(
        request,
        "core/home.html",
        {
            "open_postings": postings_for_tab(request.user, Tab.OPEN)[:6],
            "upcoming": postings_for_tab(request.user, Tab.UPCOMING)[:6],
            "continuous": postings_for_tab(request.user, Tab.CONTINUOUS)[:6],
            # V-B-1: the next opportunities to take part, with the way to all of them.
            "opportunities": activity_rows(opportunities()[:4], get_language() or "en"),
        },
    )


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid CSRF token (an expired page, cookies off): say so in the
    reader's language, and give back any comment text so nothing typed is lost."""
    kept = request.POST.get("body", "") if request.method == "POST" else ""
    return render(request, "core/csrf_failure.html", {"kept": kept}, status=403)
