"""The public "Get involved" pages (V-B-1): what is open for comment, the published
engagements, the upcoming opportunities to take part (by topic, district, method and how),
the 22 districts, and the same as calendar files and a feed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language

from townhall.core.districts import DISTRICTS, district
from townhall.core.downloads import download
from townhall.engagements import ical, public, selectors
from townhall.engagements.forms import OpportunityFilterForm
from townhall.engagements.models import (
    Activity,
    Engagement,
    Level,
    Resource,
)
from townhall.meetings.selectors import public_meetings_by_activity
from townhall.postings.selectors import Tab, postings_for_tab

PER_PAGE = 20


def _language() -> str:
    return get_language() or "en"


def home(request: HttpRequest) -> HttpResponse:
    language = _language()
    return render(
        request,
        "engagements/public/home.html",
        {
            "open_postings": postings_for_tab(request.user, Tab.OPEN)[:6],
            "upcoming_postings": postings_for_tab(request.user, Tab.UPCOMING)[:6],
            "engagements": [
                public.engagement_card(e, language) for e in selectors.public_engagements()[:12]
            ],
            "opportunities": public.activity_rows(selectors.opportunities()[:5], language),
            "districts": DISTRICTS,
        },
    )


def engagement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = selectors.public_engagement_get(pk)
    language = _language()
    card = public.engagement_card(engagement, language)
    rows = public.activity_rows(
        selectors.public_activities(engagement),
        language,
        meetings=public_meetings_by_activity(engagement),
    )
    return render(
        request,
        "engagements/public/engagement.html",
        {
            "engagement": engagement,
            "card": card,
            "narrative": public.render_markdown(card.text.narrative if card.text else ""),
            "steps": public.steps_of(rows),
            "resources": public.resources_by_kind(selectors.public_resources(engagement), language),
            "recommended": Level(engagement.recommended_level).label
            if engagement.recommended_level
            else "",
            "consulted": public.consulted_labels(engagement),
            "materials": selectors.public_materials(engagement),
        },
    )


def opportunity_list(request: HttpRequest) -> HttpResponse:
    form = OpportunityFilterForm(request.GET)
    form.is_valid()  # a field with a value not on the list is ignored; the others apply
    chosen: dict[str, Any] = form.cleaned_data
    found = selectors.opportunities(
        topic=chosen.get("topic") or "",
        district=chosen.get("district"),
        method=chosen.get("method") or "",
        mode=chosen.get("mode") or "",
    )
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "engagements/public/opportunities.html",
        {
            "form": form,
            "filtered": any(chosen.get(k) for k in ("topic", "district", "method", "mode")),
            "page": page,
            "rows": public.activity_rows(page.object_list, _language()),
        },
    )


def district_list(request: HttpRequest) -> HttpResponse:
    counts = selectors.opportunity_counts_by_district()
    return render(
        request,
        "engagements/public/districts.html",
        {"districts": [(d, counts.get(d.number, 0)) for d in DISTRICTS]},
    )


def district_detail(request: HttpRequest, number: int) -> HttpResponse:
    found = district(number)
    if found is None:
        raise Http404("Not one of the 22 police districts")
    language = _language()
    return render(
        request,
        "engagements/public/district.html",
        {
            "district": found,
            "label": public.district_label(found),
            "local": public.activity_rows(selectors.opportunities(district=number), language),
            "citywide": public.activity_rows(selectors.opportunities(citywide=True), language),
        },
    )


def resource_download(request: HttpRequest, pk: int, resource_id: int) -> FileResponse:
    engagement = selectors.public_engagement_get(pk)
    resource = get_object_or_404(
        Resource, pk=resource_id, engagement=engagement, withdrawn_at__isnull=True
    )
    if not resource.file:
        raise Http404("This resource is a link")
    return download(
        resource.file,
        filename=Path(resource.file.name or "resource").name,
        content_type=resource.content_type or "application/octet-stream",
    )


def material_download(request: HttpRequest, pk: int, version_id: int) -> FileResponse:
    """III-A: a version of a course material staff made public, from the page of a published
    engagement about its training."""
    engagement = selectors.public_engagement_get(pk)
    # What the page lists is what may be downloaded: a public material's latest version (an
    # earlier one may hold what the new one removed).
    listed = {v.pk: v for _material, v in selectors.public_materials(engagement)}
    version = listed.get(version_id)
    if version is None:
        raise Http404("Not a public material of this engagement")
    return download(
        version.file,
        filename=version.original_name or f"material-v{version.number}",
        content_type=version.content_type,
    )


def _ics(request: HttpRequest, activities: Any, name: str, filename: str) -> HttpResponse:
    def url_of(activity: Activity) -> str:
        path = reverse("engagements:detail", kwargs={"pk": activity.engagement_id})
        return request.build_absolute_uri(f"{path}#activity-{activity.pk}")

    body = ical.calendar_bytes(activities, name=name, language=_language(), url_of=url_of)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def calendar(request: HttpRequest) -> HttpResponse:
    return _ics(
        request,
        selectors.calendar_activities(),
        public.get_involved_title(),
        "get-involved.ics",
    )


def engagement_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    engagement: Engagement = selectors.public_engagement_get(pk)
    card = public.engagement_card(engagement, _language())
    return _ics(
        request,
        selectors.calendar_activities(engagement=engagement),
        card.title,
        f"engagement-{engagement.pk}.ics",
    )
