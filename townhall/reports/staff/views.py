"""Staff pages of the "what we heard" report (seed 002 V-D-3, VII-D-5).

- The list: the engagements in follow-up or concluded that have no report yet, with a button
  to start one for those who prepare reports, and every report with its status.
- A report's page is its workflow: the data summary (themes and decisions, the revised
  version the redline uses), the narrative per section and language, the moves the person
  may make now (generate, send for approval, return with a note, approve, publish), the
  published versions and the report's audit trail.
- The preview shows the report as the public will see it, in any language, before it is
  published; the narrative page edits one section in one language.

Every move goes through its service (services.py), which decides; the buttons shown are only
those the person may use. A refusal is shown on the page with what was typed kept.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from townhall.accounts.selectors import signed_in_user
from townhall.bodies.models import Response as BodyResponse
from townhall.core.errors import DomainError, IllegalTransition, NotAllowed
from townhall.core.forms import add_errors
from townhall.core.selectors import audit_events
from townhall.directives.models import DirectiveVersion
from townhall.engagements.models import Engagement
from townhall.feedback.analysis_models import Disposition
from townhall.reports import permissions, services
from townhall.reports.build import default_final_version, dispositions_count
from townhall.reports.forms import (
    FinalVersionForm,
    NarrativeForm,
    PublishForm,
    ReportFilterForm,
    ReturnForm,
    language_choices,
    version_label,
)
from townhall.reports.models import SECTION_KEYS, SECTIONS, Report

AUDIT_ROWS = 100
_LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


# -- Helpers ---------------------------------------------------------------------------------


def _can_view(request: HttpRequest) -> None:
    if not permissions.can_view_reports(request.user):
        raise PermissionDenied


def _report(request: HttpRequest, pk: int) -> Report:
    _can_view(request)
    return get_object_or_404(
        Report.objects.select_related(
            "engagement__directive",
            "engagement__training",
            "final_version__directive",
            "prepared_by",
            "submitted_by",
            "approved_by",
        ),
        pk=pk,
    )


def _status(exc: DomainError) -> int:
    if isinstance(exc, NotAllowed):
        return 403
    if isinstance(exc, IllegalTransition):
        return 409
    return 400


def _direction(code: str) -> str:
    try:
        return "rtl" if translation.get_language_info(code)["bidi"] else "ltr"
    except KeyError:
        return "ltr"


def _language_name(code: str) -> str:
    return dict(language_choices()).get(code, code)


def _current_language() -> str:
    try:
        return translation.get_supported_language_variant(translation.get_language() or "")
    except LookupError:
        return settings.LANGUAGE_CODE


def _language_param(request: HttpRequest, default: str) -> str | None:
    """?language=…: one of the site's languages, the default when absent, None when it is
    not one (a bad request)."""
    code = request.GET.get("language", "").strip() or default
    return code if code in _LANGUAGE_CODES else None


def _person(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def _disposition_label(code: str) -> str:
    if code in Disposition.values:
        return str(Disposition(code).label)
    if code in BodyResponse.Disposition.values:
        return str(BodyResponse.Disposition(code).label)
    return code


def _disposition_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """How many themes and recommendations have each decision, in the order of the choices;
    "not decided" last."""
    counts = dispositions_count(data)
    order = [c for c in Disposition.values if c] + [
        c for c in BodyResponse.Disposition.values if c not in Disposition.values
    ]
    known = [c for c in order if counts.get(c)] + sorted(c for c in counts if c and c not in order)
    rows = [{"label": _disposition_label(c), "count": counts[c]} for c in known]
    if counts.get(""):
        rows.append({"label": str(Disposition.UNDECIDED.label), "count": counts[""]})
    return rows


def _directive_versions(report: Report) -> Any:
    directive_id = report.engagement.directive_id
    if not directive_id:
        return DirectiveVersion.objects.none()
    return DirectiveVersion.objects.filter(directive_id=directive_id).select_related("directive")


def _final_version_form(report: Report, data: Any = None) -> FinalVersionForm:
    form = FinalVersionForm(
        data,
        versions=_directive_versions(report),
        initial={"final_version": report.final_version_id},
    )
    form.describe()
    return form


def _narrative_rows(report: Report, editable: bool) -> list[dict[str, Any]]:
    """The narrative table: each section and, per language, whether it is written."""
    rows = []
    for key, label in SECTIONS:
        texts = report.narrative.get(key, {})
        cells = []
        for code in _LANGUAGE_CODES:
            text = str(texts.get(code, "")).strip()
            cells.append(
                {
                    "code": code,
                    "name": _language_name(code),
                    "written": bool(text),
                    "chars": len(text),
                    "url": reverse("staff:reports:narrative", args=[report.pk, key])
                    + f"?language={code}",
                }
            )
        rows.append({"key": key, "label": str(label), "cells": cells, "editable": editable})
    return rows


def _moves(request: HttpRequest, report: Report) -> dict[str, bool]:
    """The buttons this person may use now (the services decide again on each move)."""
    user = request.user
    engagement = report.engagement
    prepares = permissions.can_prepare_report(user, engagement)
    approves = permissions.can_approve_report(
        user, engagement
    ) and report.submitted_by_id != getattr(user, "pk", None)
    S = Report.Status
    return {
        "can_prepare": prepares,
        "can_edit": prepares and report.status != S.SUBMITTED,
        "can_generate": prepares and report.status != S.SUBMITTED,
        "can_submit": prepares and report.status == S.DRAFT,
        "can_return": approves and report.status == S.SUBMITTED,
        "can_approve": approves and report.status == S.SUBMITTED,
        "can_publish": prepares and report.status == S.APPROVED,
    }


def _error_list(problem: str, at: str, *forms: Any) -> list[dict[str, str]]:
    """The error summary at the top of a report's page: each problem linking to its box, or
    to the part of the page the move belongs to."""
    errors = [{"text": problem, "href": f"#{at or 'actions'}"}] if problem else []
    for form in forms:
        if form is None or not form.is_bound:
            continue
        for message in form.non_field_errors():
            errors.append({"text": str(message), "href": f"#{at or 'actions'}"})
        for bound in form:
            for message in bound.errors:
                errors.append(
                    {"text": f"{bound.label}: {message}", "href": f"#{bound.id_for_label}"}
                )
    return errors


def _detail_page(
    request: HttpRequest,
    report: Report,
    *,
    final_form: FinalVersionForm | None = None,
    return_form: ReturnForm | None = None,
    publish_form: PublishForm | None = None,
    problem: str = "",
    problem_at: str = "",
    status: int = 200,
) -> HttpResponse:
    moves = _moves(request, report)
    data = report.data or {}
    versions = list(report.versions.select_related("published_by", "approved_by"))
    if return_form is None:
        return_form = ReturnForm()
        return_form.describe()
    if publish_form is None:
        publish_form = PublishForm()
        publish_form.describe()
    revisions = data.get("revisions") or {}
    default_final = None
    if report.final_version_id is None and report.engagement.directive_id:
        default_final = default_final_version(report.engagement)
    posted_id, final_id = (
        int((revisions.get(k) or {}).get("id") or 0) for k in ("posted", "final")
    )
    compared = {
        v.pk: version_label(v)
        for v in DirectiveVersion.objects.filter(pk__in=[posted_id, final_id])
    }
    events = list(
        audit_events(object_type=report._meta.label_lower, object_id=str(report.pk)).order_by(
            "-occurred_at", "-id"
        )[: AUDIT_ROWS + 1]
    )
    final_form = final_form or (
        _final_version_form(report) if report.engagement.directive_id else None
    )
    return render(
        request,
        "reports/staff/report_detail.html",
        {
            "report": report,
            "engagement": report.engagement,
            "errors": _error_list(problem, problem_at, final_form, return_form, publish_form),
            "themes_count": len(data.get("themes", [])),
            "body_recommendations_count": len(data.get("body_recommendations", [])),
            "recommendations_count": sum(
                len(t.get("recommendations", [])) for t in data.get("themes", [])
            ),
            "participation": data.get("participation", {}),
            "disposition_rows": _disposition_rows(data),
            "revisions": revisions,
            "posted_label": compared.get(posted_id, ""),
            "final_label": compared.get(final_id, ""),
            "chosen_label": version_label(report.final_version) if report.final_version else "",
            "default_label": version_label(default_final) if default_final else "",
            "final_form": final_form,
            "return_form": return_form,
            "publish_form": publish_form,
            "needs_change_note": bool(versions),
            "narrative_rows": _narrative_rows(report, moves["can_edit"]),
            "languages": language_choices(),
            "versions": versions,
            "events": events[:AUDIT_ROWS],
            "more_events": len(events) > AUDIT_ROWS,
            **moves,
        },
        status=status,
    )


def _refused(
    request: HttpRequest, report: Report, exc: DomainError, *, at: str, **forms: Any
) -> HttpResponse:
    """A move the service refused: the page again, the reason beside the move, what was
    typed kept."""
    report.refresh_from_db()
    form = next((f for f in forms.values() if f is not None), None)
    problem = ""
    if form is not None:
        add_errors(form, exc)
        form.describe()
    else:
        problem = exc.message
    return _detail_page(
        request, report, problem=problem, problem_at=at, status=_status(exc), **forms
    )


# -- The list --------------------------------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The engagements whose report can start, and every report with its status."""
    _can_view(request)
    form = ReportFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(_("Choose one of the statuses."))
    status = form.cleaned_data.get("status", "") if form.is_bound else ""
    return _index_page(request, form, status=status)


def _index_page(
    request: HttpRequest,
    form: ReportFilterForm,
    *,
    status: str = "",
    problem: str = "",
    http_status: int = 200,
) -> HttpResponse:
    reports = (
        Report.objects.select_related("engagement__directive", "engagement__training")
        .annotate(version_count=Count("versions"), last_published=Max("versions__published_at"))
        .order_by("-created_at", "-id")
    )
    if status:
        reports = reports.filter(status=status)
    waiting = (
        Engagement.objects.filter(status__in=services.REPORTABLE, report__isnull=True)
        .select_related("directive", "training")
        .order_by("-step_started_at", "-id")
    )
    rows = [
        {"engagement": e, "can_start": permissions.can_prepare_report(request.user, e)}
        for e in waiting
    ]
    return render(
        request,
        "reports/staff/report_index.html",
        {
            "form": form,
            "status": status,
            "status_label": Report.Status(status).label if status else "",
            "statuses": Report.Status.choices,
            "reports": list(reports[:500]),
            "waiting": rows,
            "problem": problem,
        },
        status=http_status,
    )


@require_POST
def create(request: HttpRequest, engagement_pk: int) -> HttpResponse:
    """V-D-3: starts the report of an engagement in follow-up or concluded."""
    _can_view(request)
    engagement = get_object_or_404(Engagement, pk=engagement_pk)
    try:
        report = services.report_create(actor=signed_in_user(request), engagement=engagement)
    except DomainError as exc:
        return _index_page(
            request, ReportFilterForm(), problem=exc.message, http_status=_status(exc)
        )
    messages.success(request, _("The report is started and its data generated from the record."))
    return redirect("staff:reports:detail", pk=report.pk)


# -- A report --------------------------------------------------------------------------------


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _report(request, pk))


@require_GET
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as the public will see it, from its current data and narrative, in the
    language asked for. The body is rendered in that language; the staff page around it
    stays in the staff member's."""
    from townhall.reports.present import report_context

    report = _report(request, pk)
    language = _language_param(request, _current_language())
    if language is None:
        return HttpResponseBadRequest(_("Choose one of the site's languages."))
    with translation.override(language):
        context = report_context(
            data=report.data or {}, narrative=report.narrative or {}, language=language
        )
        body = render_to_string("reports/_report_body.html", context, request=request)
    return render(
        request,
        "reports/staff/report_preview.html",
        {
            "report": report,
            "engagement": report.engagement,
            "language": language,
            "language_name": _language_name(language),
            "direction": _direction(language),
            "languages": language_choices(),
            # Rendered by the report's own template, which escapes what it shows.
            "body": mark_safe(body),
        },
    )


@require_http_methods(["GET", "POST"])
def narrative(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """One section's text in one language (Markdown), with the English beside it for
    reference when translating."""
    report = _report(request, pk)
    if section not in SECTION_KEYS:
        raise Http404
    status = 200
    if request.method == "POST":
        language = request.POST.get("language", "")
        if language not in _LANGUAGE_CODES:
            return HttpResponseBadRequest(_("Choose one of the site's languages."))
        form = NarrativeForm(request.POST, language=language, direction=_direction(language))
        status = 400
        if form.is_valid():
            try:
                services.report_narrative_save(
                    actor=signed_in_user(request),
                    report=report,
                    section=section,
                    language=language,
                    text=form.cleaned_data["text"],
                )
            except DomainError as exc:
                add_errors(form, exc)
                status = _status(exc)
            else:
                messages.success(
                    request,
                    _("The text of “%(section)s” in %(language)s was saved.")
                    % {"section": dict(SECTIONS)[section], "language": _language_name(language)},
                )
                return redirect(reverse("staff:reports:detail", args=[report.pk]) + "#narrative")
    else:
        language = _language_param(request, "en") or ""
        if not language:
            return HttpResponseBadRequest(_("Choose one of the site's languages."))
        form = NarrativeForm(
            initial={
                "language": language,
                "text": report.narrative.get(section, {}).get(language, ""),
            },
            language=language,
            direction=_direction(language),
        )
    moves = _moves(request, report)
    if not moves["can_edit"]:
        form.fields["text"].widget.attrs["readonly"] = True
    form.describe()
    english = report.narrative.get(section, {}).get("en", "") if language != "en" else ""
    return render(
        request,
        "reports/staff/report_narrative.html",
        {
            "report": report,
            "engagement": report.engagement,
            "form": form,
            "section": section,
            "section_label": dict(SECTIONS)[section],
            "language": language,
            "language_name": _language_name(language),
            "direction": _direction(language),
            "english": english,
            "language_links": [
                {
                    "code": code,
                    "name": name,
                    "written": bool(str(report.narrative.get(section, {}).get(code, "")).strip()),
                }
                for code, name in language_choices()
            ],
            "can_edit": moves["can_edit"],
            "submitted": report.status == Report.Status.SUBMITTED,
        },
        status=status,
    )


# -- The moves (POST only; each calls its one service) ---------------------------------------


def _moved(request: HttpRequest, report: Report, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("staff:reports:detail", pk=report.pk)


@require_POST
def generate(request: HttpRequest, pk: int) -> HttpResponse:
    """Generates the data again from the record; with `final_version` in the form, the
    revised version of the redline changes too (empty: the default)."""
    report = _report(request, pk)
    choosing = "final_version" in request.POST
    form = _final_version_form(report, request.POST) if choosing else None
    if form is not None and not form.is_valid():
        form.describe()
        return _detail_page(request, report, final_form=form, problem_at="data", status=400)
    try:
        services.report_generate(
            actor=signed_in_user(request),
            report=report,
            final_version=form.cleaned_data["final_version"] if form is not None else None,
            keep_final=form is None,
        )
    except DomainError as exc:
        return _refused(request, report, exc, at="data", final_form=form)
    return _moved(request, report, _("The data was generated again from the record."))


@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    try:
        services.report_submit(actor=signed_in_user(request), report=report)
    except DomainError as exc:
        return _refused(request, report, exc, at="actions")
    return _moved(request, report, _("The report was sent to the responsible unit for approval."))


@require_POST
def return_(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        form.describe()
        return _detail_page(request, report, return_form=form, problem_at="actions", status=400)
    try:
        services.report_return(
            actor=signed_in_user(request), report=report, note=form.cleaned_data["note"]
        )
    except DomainError as exc:
        return _refused(request, report, exc, at="actions", return_form=form)
    return _moved(request, report, _("The report was returned with your note."))


@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    try:
        services.report_approve(actor=signed_in_user(request), report=report)
    except DomainError as exc:
        return _refused(request, report, exc, at="actions")
    return _moved(request, report, _("The report is approved: it can be published."))


@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        form.describe()
        return _detail_page(request, report, publish_form=form, problem_at="actions", status=400)
    try:
        version = services.report_publish(
            actor=signed_in_user(request),
            report=report,
            change_note=form.cleaned_data["change_note"],
        )
    except DomainError as exc:
        return _refused(request, report, exc, at="actions", publish_form=form)
    return _moved(
        request,
        report,
        _("Version %(n)d is published. Its PDFs are being made.") % {"n": version.number},
    )
