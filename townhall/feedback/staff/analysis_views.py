"""Staff side of the feedback analysis: the overview (campaigns, themes, section heat map),
its progress, one campaign, one theme (V-D-3, VI-B-5, VII-D-5)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from townhall.accounts.selectors import signed_in_user
from townhall.core.errors import DomainError
from townhall.directives.models import DirectiveVersion
from townhall.feedback import analysis, permissions, selectors
from townhall.feedback.analysis_models import Decision, Disposition
from townhall.feedback.forms import (
    ItemsActionForm,
    ThemeDecisionForm,
    ThemeLabelForm,
    ThemeMergeForm,
)
from townhall.feedback.models import AnalysisRun, Campaign, Theme
from townhall.postings.models import Posting


def _posting(request: HttpRequest, pk: int) -> Posting:
    if not permissions.can_read_analysis(request.user):
        raise PermissionDenied
    return get_object_or_404(Posting.objects.select_related("version__directive"), pk=pk)


def _progress_context(posting: Posting) -> dict[str, object]:
    run = selectors.latest_run(posting)
    return {
        "posting": posting,
        "run": run,
        "running": run is not None
        and run.status in (AnalysisRun.Status.QUEUED, AnalysisRun.Status.RUNNING),
    }


def analysis_overview(request: HttpRequest, pk: int) -> HttpResponse:
    posting = _posting(request, pk)
    themes = list(selectors.active_themes(posting))
    quotes = selectors.quotes_for(themes)
    heat = [
        r
        for r in selectors.section_heatmap(posting, themes)
        if r.comments or r.themes or r.level <= 1
    ]
    peak = max([r.comments for r in heat] + [1])
    return render(
        request,
        "feedback/staff/analysis.html",
        {
            **_progress_context(posting),
            "counts": selectors.pool_counts(posting),
            "campaigns": list(selectors.current_campaigns(posting)[:50]),
            "themes": [(t, quotes[t.pk]) for t in themes],
            "heat": heat,
            "heat_peak": peak,
            "can_review": permissions.can_review_feedback(request.user),
            "unreviewed": selectors.unreviewed_items(posting).count(),
            "theme_form": ThemeLabelForm(prefix="new"),
        },
    )


def analysis_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress block alone, for the page's polling script (and readable by itself)."""
    posting = _posting(request, pk)
    return render(request, "feedback/staff/analysis_progress.html", _progress_context(posting))


@require_POST
def analysis_start(request: HttpRequest, pk: int) -> HttpResponse:
    posting = _posting(request, pk)
    if not permissions.can_review_feedback(request.user):
        raise PermissionDenied
    try:
        analysis.analysis_request(actor=signed_in_user(request), posting=posting)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("staff:feedback:analysis", pk=posting.pk)


def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_read_analysis(request.user):
        raise PermissionDenied
    campaign = get_object_or_404(
        Campaign.objects.select_related("posting__version__directive"), pk=pk
    )
    return render(
        request,
        "feedback/staff/campaign.html",
        {
            "campaign": campaign,
            "posting": campaign.posting,
            "variants": selectors.campaign_variants(campaign),
        },
    )


def _decision_form(
    target: Decision, versions: list[DirectiveVersion], prefix: str
) -> ThemeDecisionForm:
    """The decision form of a theme or a recommendation, filled with its current decision
    (adopted and the newest version proposed when there is none yet)."""
    return ThemeDecisionForm(
        versions=versions,
        prefix=prefix,
        initial={
            "disposition": target.disposition or Disposition.ADOPTED,
            "reason": target.disposition_reason,
            "revised_version": target.revised_version_id or (versions[0].pk if versions else None),
            "revised_section": target.revised_section,
        },
    )


def theme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_read_analysis(request.user):
        raise PermissionDenied
    theme = get_object_or_404(Theme.objects.select_related("posting__version__directive"), pk=pk)
    can_review = permissions.can_review_feedback(request.user)
    others = list(selectors.active_themes(theme.posting).exclude(pk=theme.pk))
    members = Paginator(selectors.theme_members(theme), 25).get_page(request.GET.get("page"))
    versions = selectors.revision_versions(theme) if can_review else []
    return render(
        request,
        "feedback/staff/theme.html",
        {
            "theme": theme,
            "posting": theme.posting,
            "quotes": selectors.quotes_for([theme])[theme.pk],
            "members": members,
            "can_review": can_review and theme.status == Theme.Status.ACTIVE,
            "label_form": ThemeLabelForm(initial={"label": theme.label}, prefix="rename"),
            "merge_form": ThemeMergeForm(themes=others, prefix="merge") if others else None,
            "decision_form": _decision_form(theme, versions, "decision"),
            "items_form": ItemsActionForm(themes=others, prefix="items"),
            "recommendations": [
                (r, _decision_form(r, versions, f"rec-{r.pk}")) for r in theme.recommendations.all()
            ],
        },
    )
