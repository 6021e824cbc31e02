"""Records exports on the staff side: the list with a form to request one, an export's page
with its progress, and the download (public-records requests, the monitor).

An export holds hidden comments, names and addresses: only OEE, R&D, PSCD and administrators
see these pages (permissions.can_export_records), everyone else on staff gets 403. The worker
builds the export (records.export_run); the page shows its progress, refreshed every two
seconds by townhall.js while it runs, with a link to refresh the page without JavaScript.
Every download is audited.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from townhall.accounts.selectors import signed_in_user
from townhall.core.downloads import download as file_download
from townhall.core.errors import DomainError, FieldsInvalid, IllegalTransition, NotAllowed
from townhall.core.forms import add_errors
from townhall.meetings.models import Meeting
from townhall.postings.models import Posting
from townhall.reports import permissions, records
from townhall.reports.models import RecordsExport

PAGE_SIZE = 50
_ACTIVE = (RecordsExport.Status.QUEUED, RecordsExport.Status.RUNNING)
_FINISHED_POSTINGS = (Posting.Status.CLOSED, Posting.Status.COMPILED)


def _can_export(request: HttpRequest) -> None:
    if not permissions.can_export_records(request.user):
        raise PermissionDenied


# --- The request form -------------------------------------------------------------------------


def _posting_choices() -> list[tuple[Any, Any]]:
    """Closed and compiled postings first (what is usually requested), then the others."""
    finished: list[tuple[str, str]] = []
    others: list[tuple[str, str]] = []
    postings = Posting.objects.select_related("version__directive").order_by("-opens_at", "-id")
    for p in postings:
        label = f"{p} ({p.get_status_display()})"
        (finished if p.status in _FINISHED_POSTINGS else others).append((str(p.pk), label))
    choices: list[tuple[Any, Any]] = [("", _("No posting"))]
    if finished:
        choices.append((_("Closed or compiled"), finished))
    if others:
        choices.append((_("Other postings"), others))
    return choices


def _meeting_choices() -> list[tuple[Any, Any]]:
    held: list[tuple[str, str]] = []
    others: list[tuple[str, str]] = []
    for m in Meeting.objects.order_by("-starts_at", "-id"):
        when = date_format(timezone.localtime(m.starts_at), "SHORT_DATE_FORMAT")
        label = f"{m.title}, {when} ({m.get_status_display()})"
        (held if m.status == Meeting.Status.HELD else others).append((str(m.pk), label))
    choices: list[tuple[Any, Any]] = [("", _("No meeting"))]
    if held:
        choices.append((_("Held"), held))
    if others:
        choices.append((_("Other meetings"), others))
    return choices


class RecordsExportForm(forms.Form):
    """One posting or one meeting, and why. The service decides (exactly one subject, a
    purpose); the form only parses."""

    posting = forms.ChoiceField(
        label=gettext_lazy("Posting"),
        required=False,
        help_text=gettext_lazy(
            "Its comments (hidden ones too) with their attachments, the directive versions, "
            "the moderation and analysis decisions, the compilations and the audit trail."
        ),
    )
    meeting = forms.ChoiceField(
        label=gettext_lazy("Or a meeting"),
        required=False,
        help_text=gettext_lazy(
            "Its agenda, registrations, speakers, written comments, breakout notes, every "
            "version of the minutes, attendee profiles and the audit trail."
        ),
    )
    purpose = forms.CharField(
        label=gettext_lazy("Request or purpose"),
        required=False,
        max_length=records.PURPOSE_MAX,
        help_text=gettext_lazy(
            "For example the number of the public-records request, or the monitor's request. "
            "It is written in the export's README."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        posting = self.fields["posting"]
        meeting = self.fields["meeting"]
        assert isinstance(posting, forms.ChoiceField) and isinstance(meeting, forms.ChoiceField)
        posting.choices = _posting_choices()
        meeting.choices = _meeting_choices()

    def describe(self) -> None:
        """Ties each box to its help text and its error (WCAG 1.3.1, 3.3.1)."""
        for name, field in self.fields.items():
            bound = self[name]
            ids = [f"{bound.id_for_label}_helptext"] if field.help_text else []
            if self.is_bound and bound.errors:
                ids.append(f"{bound.id_for_label}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def subject(self) -> tuple[Posting | None, Meeting | None]:
        posting_id = self.cleaned_data.get("posting") or ""
        meeting_id = self.cleaned_data.get("meeting") or ""
        posting = Posting.objects.filter(pk=int(posting_id)).first() if posting_id else None
        meeting = Meeting.objects.filter(pk=int(meeting_id)).first() if meeting_id else None
        return posting, meeting


def _errors(form: RecordsExportForm) -> list[dict[str, str]]:
    out = [{"text": str(m), "href": "#id_posting"} for m in form.non_field_errors()]
    for bound in form:
        for message in bound.errors:
            out.append({"text": f"{bound.label}: {message}", "href": f"#{bound.id_for_label}"})
    return out


# --- Pages ------------------------------------------------------------------------------------


def _progress(export: RecordsExport) -> dict[str, Any]:
    total = max(export.total, export.done)
    return {
        "export": export,
        "polling": export.status in _ACTIVE,
        "stage": records.stage_label(export.stage) if export.stage else "",
        "done": export.done,
        "total": total,
        "percent": int(export.done * 100 / total) if total else 0,
    }


def _index_page(
    request: HttpRequest, form: RecordsExportForm, *, status: int = 200
) -> HttpResponse:
    exports = RecordsExport.objects.select_related(
        "posting__version__directive", "meeting", "requested_by"
    ).order_by("-created_at", "-id")
    page = Paginator(exports, PAGE_SIZE).get_page(request.GET.get("page"))
    form.describe()
    return render(
        request,
        "reports/staff/records_index.html",
        {
            "form": form,
            "errors": _errors(form) if form.is_bound else [],
            "page": page,
            "rows": [_progress(e) for e in page.object_list],
        },
        status=status,
    )


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Every export, newest first, with its status and progress; the form to request one."""
    _can_export(request)
    return _index_page(request, RecordsExportForm())


@require_POST
def create(request: HttpRequest) -> HttpResponse:
    _can_export(request)
    form = RecordsExportForm(request.POST)
    if not form.is_valid():
        return _index_page(request, form, status=400)
    posting, meeting = form.subject()
    try:
        export = records.export_request(
            actor=signed_in_user(request),
            posting=posting,
            meeting=meeting,
            purpose=form.cleaned_data.get("purpose") or "",
        )
    except FieldsInvalid as exc:
        add_errors(form, exc, {"subject": "posting"})
        return _index_page(request, form, status=400)
    except NotAllowed as exc:
        raise PermissionDenied(exc.message) from exc
    return redirect("staff:reports:records_detail", pk=export.pk)


def _export(pk: int) -> RecordsExport:
    return get_object_or_404(
        RecordsExport.objects.select_related(
            "posting__version__directive", "meeting", "requested_by"
        ),
        pk=pk,
    )


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An export: what, why, who asked; its progress while the worker builds it; then the
    download with its checksum. ?part=progress: the progress block alone (for townhall.js)."""
    _can_export(request)
    export = _export(pk)
    context = _progress(export)
    if request.GET.get("part") == "progress":
        return render(request, "reports/staff/records_progress.html", context)
    return render(request, "reports/staff/records_detail.html", context)


@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The ZIP as a download; who took it is audited."""
    _can_export(request)
    export = _export(pk)
    if export.status != RecordsExport.Status.DONE:
        return _not_ready(request, export)
    subject = (
        f"posting-{export.posting_id}" if export.posting_id else f"meeting-{export.meeting_id}"
    )
    # Opened first: a file gone from storage is a 404, and no download is recorded.
    response = file_download(
        export.file,
        filename=f"records-export-{export.pk}-{subject}.zip",
        content_type="application/zip",
    )
    try:
        records.export_download(actor=signed_in_user(request), export=export)
    except IllegalTransition:
        response.close()
        return _not_ready(request, export)
    except DomainError as exc:
        response.close()
        raise PermissionDenied(exc.message) from exc
    return response


def _not_ready(request: HttpRequest, export: RecordsExport) -> HttpResponse:
    return render(
        request,
        "reports/staff/records_detail.html",
        {**_progress(export), "problem": _("The export is not ready yet.")},
        status=409,
    )
