"""Staff decisions on the analysis: rename, merge, split, move, off-topic, add a theme,
decide (VII-D-5), and the review queue of comments no person has placed yet."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.accounts.selectors import signed_in_user
from townhall.core.errors import DomainError
from townhall.feedback import permissions, review, selectors
from townhall.feedback.agreement import agreement_draw, agreement_record, agreement_result
from townhall.feedback.forms import (
    ItemsActionForm,
    ThemeDecisionForm,
    ThemeLabelForm,
    ThemeMergeForm,
)
from townhall.feedback.models import (
    AgreementSample,
    FeedbackItem,
    Recommendation,
    Theme,
    ThemeAssignment,
)
from townhall.postings.models import Posting


def _theme(request: HttpRequest, pk: int) -> Theme:
    """Fetch and authorize in one call: only reviewing units decide on themes."""
    if not permissions.can_review_feedback(request.user):
        raise PermissionDenied
    return get_object_or_404(Theme.objects.select_related("posting__version__directive"), pk=pk)


def _back(theme: Theme) -> str:
    return reverse("staff:feedback:theme", kwargs={"pk": theme.pk})


def _items(theme: Theme, ids: list[int]) -> list[FeedbackItem]:
    return list(FeedbackItem.objects.filter(posting=theme.posting, pk__in=ids))


def _ids(request: HttpRequest) -> list[int]:
    return [int(i) for i in request.POST.getlist("items") if i.isascii() and i.isdigit()]


@require_POST
def theme_rename(request: HttpRequest, pk: int) -> HttpResponse:
    theme = _theme(request, pk)
    form = ThemeLabelForm(request.POST, prefix="rename")
    if not form.is_valid():
        messages.error(request, _("Give the theme a name of at most 200 characters."))
        return redirect(_back(theme))
    try:
        review.theme_rename(
            actor=signed_in_user(request), theme=theme, label=form.cleaned_data["label"]
        )
        messages.success(request, _("The theme was renamed."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(_back(theme))


@require_POST
def theme_merge(request: HttpRequest, pk: int) -> HttpResponse:
    theme = _theme(request, pk)
    others = selectors.active_themes(theme.posting).exclude(pk=theme.pk)
    form = ThemeMergeForm(request.POST, themes=others, prefix="merge")
    if not form.is_valid():
        messages.error(request, _("Choose the theme to merge into."))
        return redirect(_back(theme))
    into = others.get(pk=form.cleaned_data["into"])
    try:
        review.theme_merge(actor=signed_in_user(request), theme=theme, into=into)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(_back(theme))
    messages.success(
        request, _("“%(a)s” was merged into “%(b)s”.") % {"a": theme.label, "b": into.label}
    )
    return redirect(_back(into))


def _decision(
    request: HttpRequest,
    theme: Theme,
    prefix: str,
    decide: Callable[..., object],
    back: str,
) -> HttpResponse:
    """Parse the decision form and hand it to `decide` (a theme's or a recommendation's)."""
    versions = selectors.revision_versions(theme)
    form = ThemeDecisionForm(request.POST, versions=versions, prefix=prefix)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect(back)
    data = form.cleaned_data
    try:
        decide(
            actor=signed_in_user(request),
            disposition=data["disposition"],
            reason=data["reason"],
            revised_version=next(
                (v for v in versions if v.pk == data.get("revised_version")), None
            ),
            revised_section=data["revised_section"].strip(),
        )
        messages.success(request, _("The decision was recorded."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(back)


@require_POST
def theme_decide(request: HttpRequest, pk: int) -> HttpResponse:
    theme = _theme(request, pk)
    return _decision(
        request, theme, "decision", partial(review.theme_decide, theme=theme), _back(theme)
    )


@require_POST
def theme_items(request: HttpRequest, pk: int) -> HttpResponse:
    """Move, split off or mark off-topic the comments chosen on a theme's page."""
    theme = _theme(request, pk)
    themes = selectors.active_themes(theme.posting)
    form = ItemsActionForm(request.POST, themes=themes, prefix="items")
    items = _items(theme, _ids(request))
    if not form.is_valid() or not items:
        messages.error(request, _("Choose one or more comments and an action."))
        return redirect(_back(theme))
    actor = signed_in_user(request)
    action = form.cleaned_data["action"]
    try:
        if action == "move":
            target = themes.filter(pk=form.cleaned_data.get("theme") or 0).first()
            if target is None:
                raise DomainError(_("Choose the theme to move them to."))
            review.items_assign(actor=actor, items=items, theme=target)
        elif action == "split":
            new = review.theme_split(
                actor=actor, theme=theme, items=items, label=form.cleaned_data["label"]
            )
            messages.success(
                request, _("The new theme “%(label)s” was made.") % {"label": new.label}
            )
            return redirect(_back(new))
        else:
            review.items_mark_off_topic(actor=actor, posting=theme.posting, items=items)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(_back(theme))
    messages.success(request, _("Done: %(n)d comments.") % {"n": len(items)})
    return redirect(_back(theme))


@require_POST
def theme_create(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_review_feedback(request.user):
        raise PermissionDenied
    posting = get_object_or_404(Posting, pk=pk)
    form = ThemeLabelForm(request.POST, prefix="new")
    if not form.is_valid():
        messages.error(request, _("Give the theme a name of at most 200 characters."))
        return redirect("staff:feedback:analysis", pk=posting.pk)
    try:
        theme = review.theme_create(
            actor=signed_in_user(request), posting=posting, label=form.cleaned_data["label"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("staff:feedback:analysis", pk=posting.pk)
    return redirect(_back(theme))


def review_queue(request: HttpRequest, pk: int) -> HttpResponse:
    """Comments whose place no person has confirmed, twenty at a time: each has a list of the
    themes, numbered, with the machine's proposal chosen. Saving confirms or corrects them
    all. Keyboard: Tab to a list, type the theme's number, Tab on."""
    if not permissions.can_review_feedback(request.user):
        raise PermissionDenied
    posting = get_object_or_404(Posting.objects.select_related("version__directive"), pk=pk)
    themes = list(selectors.active_themes(posting))
    if request.method == "POST":
        return _review_save(request, posting, themes)
    page = Paginator(selectors.unreviewed_items(posting), 20).get_page(request.GET.get("page"))
    proposals = selectors.current_assignments([i.pk for i in page.object_list])
    rows = [(item, proposals.get(item.pk)) for item in page.object_list]
    return render(
        request,
        "feedback/staff/review_queue.html",
        {"posting": posting, "themes": themes, "page": page, "rows": rows},
    )


def _review_save(request: HttpRequest, posting: Posting, themes: list[Theme]) -> HttpResponse:
    by_pk = {t.pk: t for t in themes}
    chosen: dict[str, list[FeedbackItem]] = {}
    ids = _ids(request)
    items = {i.pk: i for i in FeedbackItem.objects.filter(posting=posting, pk__in=ids)}
    for item_id in ids:
        value = request.POST.get(f"theme-{item_id}", "")
        if item_id in items and value:
            chosen.setdefault(value, []).append(items[item_id])
    actor = signed_in_user(request)
    done = 0
    try:
        for value, group in chosen.items():
            if value == ThemeAssignment.Kind.OFF_TOPIC:
                done += review.items_mark_off_topic(actor=actor, posting=posting, items=group)
            elif value.isascii() and value.isdigit() and int(value) in by_pk:
                done += review.items_assign(actor=actor, items=group, theme=by_pk[int(value)])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)d comments reviewed.") % {"n": done})
    return redirect("staff:feedback:review", pk=posting.pk)


def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    """The blind check: label the sample without seeing the machine's choice, then see how
    often it agreed."""
    if not permissions.can_review_feedback(request.user):
        raise PermissionDenied
    posting = get_object_or_404(Posting.objects.select_related("version__directive"), pk=pk)
    sample = AgreementSample.objects.filter(posting=posting).first()
    themes = list(selectors.active_themes(posting))
    if request.method == "POST" and sample is not None:
        return _agreement_save(request, posting, sample, themes)
    labels = list(sample.labels.select_related("item")) if sample else []
    return render(
        request,
        "feedback/staff/agreement.html",
        {
            "posting": posting,
            "sample": sample,
            "themes": themes,
            "todo": [lb for lb in labels if lb.labelled_at is None],
            "result": agreement_result(sample) if sample else None,
        },
    )


def _agreement_save(
    request: HttpRequest, posting: Posting, sample: AgreementSample, themes: list[Theme]
) -> HttpResponse:
    by_pk = {t.pk: t for t in themes}
    actor = signed_in_user(request)
    saved = 0
    try:
        for label in sample.labels.filter(labelled_at=None):
            value = request.POST.get(f"label-{label.pk}", "")
            if value == "off_topic":
                agreement_record(actor=actor, label=label, theme=None, off_topic=True)
            elif value.isascii() and value.isdigit() and int(value) in by_pk:
                agreement_record(actor=actor, label=label, theme=by_pk[int(value)])
            else:
                continue
            saved += 1
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)d placements saved.") % {"n": saved})
    return redirect("staff:feedback:agreement", pk=posting.pk)


@require_POST
def agreement_new(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_review_feedback(request.user):
        raise PermissionDenied
    posting = get_object_or_404(Posting, pk=pk)
    try:
        agreement_draw(actor=signed_in_user(request), posting=posting)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("staff:feedback:agreement", pk=posting.pk)


@require_POST
def recommendation_new(request: HttpRequest, pk: int) -> HttpResponse:
    theme = _theme(request, pk)
    try:
        review.recommendation_add(
            actor=signed_in_user(request), theme=theme, text=request.POST.get("rec-text", "")
        )
        messages.success(request, _("The recommendation was added."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(_back(theme) + "#recommendations")


@require_POST
def recommendation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_review_feedback(request.user):
        raise PermissionDenied
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("theme__posting__version"), pk=pk
    )
    return _decision(
        request,
        recommendation.theme,
        f"rec-{recommendation.pk}",
        partial(review.recommendation_decide, recommendation=recommendation),
        _back(recommendation.theme) + "#recommendations",
    )
