"""Staff side of a survey's answers and results (seed 002 V-C-2, V-D-3, V-D-4): the results
page, computed live and suppressed exactly as they would be published, its exports,
publishing, the entry of paper and phone answers, and the single-use invitation links."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.accounts.selectors import signed_in_user
from townhall.core.errors import DomainError, FieldsInvalid
from townhall.core.forms import add_errors
from townhall.core.mail import absolute_url
from townhall.meetings.models import Meeting, Registration
from townhall.surveys import exports, permissions, publishing, responses, selectors
from townhall.surveys.models import InvitationBatch, Question, Response, Survey
from townhall.surveys.rendering import question_rows
from townhall.surveys.results import DIMENSIONS, compute, relabel
from townhall.surveys.staff.common import (
    count_rows,
    refusal_status,
    revisions_of,
    survey_to_manage,
    survey_to_read,
)
from townhall.surveys.staff.results_forms import EntryForm, MakeForm, SendForm

# The suppression solves linear programs; a computed result is kept until an answer arrives
# (its key holds the number of answers) or an hour has passed.
RESULTS_SECONDS = 3600


def _survey_results(request: HttpRequest, pk: int) -> Survey:
    survey = survey_to_read(request, pk)
    if not permissions.can_view_results(request.user, survey):
        raise PermissionDenied
    return survey


def _dimensions(survey: Survey) -> list[str]:
    """The breakdowns this survey can offer: the demographic questions it asks."""
    asked = set(survey.questions.exclude(standard="").values_list("standard", flat=True))
    return [d for d in DIMENSIONS if d in asked]


def _params(request: HttpRequest, survey: Survey, dimensions: list[str]) -> tuple[str, str]:
    audiences = publishing.audiences_of(survey)
    audience = request.GET.get("audience", "")
    if audience not in audiences:
        audience = audiences[0]
    by = request.GET.get("by", "")
    if by not in dimensions:
        by = ""
    return audience, by


def _computed(survey: Survey, audience: str, by: str) -> dict[str, Any]:
    """results.compute in English (relabel puts it in the reader's language), from the cache
    when nothing has changed since."""
    n = survey.responses.filter(audience=audience).count()
    key = f"surveys:results:{survey.pk}:{audience}:{by}:{n}:{survey.min_cell}"
    found: dict[str, Any] | None = cache.get(key)
    if found is None:
        with override("en"):
            found = compute(survey, audience=audience, dimension=by, language="en")
        cache.set(key, found, RESULTS_SECONDS)
    return found


def _query(**params: str) -> str:
    kept = {k: v for k, v in params.items() if v}
    return f"?{urlencode(kept)}" if kept else ""


def results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey_results(request, pk)
    dimensions = _dimensions(survey)
    audience, by = _params(request, survey, dimensions)
    language = get_language() or "en"
    result = relabel(_computed(survey, audience, by), survey, language)
    groups = result.get("groups") or []
    group = request.GET.get("group", "")
    if group not in {g["key"] for g in groups}:
        group = ""
    manages = permissions.can_manage_survey(request.user, survey)
    channels, count_table, answers_total = count_rows(selectors.answer_counts(survey))
    query = _query(audience=audience, by=by)
    audience_labels = dict(Response.Audience.choices)
    return render(
        request,
        "surveys/staff/results.html",
        {
            "survey": survey,
            "result": result,
            "audience": audience,
            "audience_label": audience_labels.get(audience, audience),
            "audiences": [(a, audience_labels.get(a, a)) for a in publishing.audiences_of(survey)],
            "dimensions": [(d, Question.Standard(d).label) for d in dimensions],
            "by": by,
            "by_label": Question.Standard(by).label if by else "",
            "by_unavailable": bool(by)
            and not result.get("too_few")
            and not result.get("dimension_available"),
            "groups": groups,
            "group": group,
            "query": query,
            "channels": channels,
            "count_rows": count_table,
            "answers_total": answers_total,
            "revisions": revisions_of(survey, selectors.questions_of(survey)),
            "can_manage": manages,
            "can_publish": manages and survey.status == Survey.Status.CLOSED,
            "public_results": survey.results_published_at is not None,
        },
    )


def results_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The breakdown on the page as a file: the same protected figures, "hidden" where the
    page says hidden."""
    if fmt not in exports.FORMATS:
        raise Http404("No such format")
    survey = _survey_results(request, pk)
    audience, by = _params(request, survey, _dimensions(survey))
    result = _computed(survey, audience, by)
    with override("en"):
        rows = exports.breakdown_rows(result)
    stem = f"survey-{survey.pk}-results-{audience}"
    if by and result.get("dimension_available"):
        stem += f"-by-{by}"
    return exports.download(rows, fmt=fmt, stem=stem, sheet_name="Results")


def answers_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Every answer, one row each, in no order: for those who manage the survey only."""
    if fmt not in exports.FORMATS:
        raise Http404("No such format")
    survey = survey_to_manage(request, pk)
    responses.answers_exported(actor=signed_in_user(request), survey=survey, fmt=fmt)
    with override("en"):
        rows = exports.answers_rows(survey)
    return exports.download(rows, fmt=fmt, stem=f"survey-{survey.pk}-answers", sheet_name="Answers")


@require_POST
def results_publish(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_to_manage(request, pk)
    try:
        publishing.survey_results_publish(actor=signed_in_user(request), survey=survey)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "The results are published on the survey's public page, with every count from "
                "1 to %(t)d hidden."
            )
            % {"t": survey.min_cell},
        )
    return redirect("staff:surveys:results", pk=survey.pk)


# --- Paper and phone answers --------------------------------------------------------------


def _entry_page(
    request: HttpRequest,
    survey: Survey,
    form: EntryForm,
    raw: dict[str, list[str]],
    errors: dict[str, str],
    status: int = 200,
) -> HttpResponse:
    questions = selectors.questions_of(survey)
    rows = question_rows(questions, get_language() or "en", raw, errors)
    return render(
        request,
        "surveys/staff/enter.html",
        {
            "survey": survey,
            "form": form,
            "questions": rows,
            "question_errors": [r for r in rows if r.error],
            "general_error": errors.get("__all__", ""),
            "can_enter": survey.status in (Survey.Status.OPEN, Survey.Status.CLOSED),
        },
        status=status,
    )


def response_enter(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff type in an answer given on paper or by phone. Saved, the page comes back empty
    for the next one; refused, everything typed is kept."""
    survey = survey_to_manage(request, pk)
    if request.method != "POST":
        form = EntryForm(initial=EntryForm.initial_for(survey, request.GET), survey=survey)
        return _entry_page(request, survey, form, {}, {})
    form = EntryForm(request.POST, survey=survey)
    raw = {k: v for k, v in request.POST.lists() if k.startswith("q-")}
    errors: dict[str, str] = {}
    if not form.is_valid():
        return _entry_page(request, survey, form, raw, errors, status=400)
    data = form.cleaned_data
    try:
        submitted = responses.response_enter(
            actor=signed_in_user(request),
            survey=survey,
            raw=raw,
            channel=data["channel"],
            audience=form.audience_value(),
            language=data["language"],
            received_on=data["received_on"],
            idempotency_key=data["key"] or None,
        )
    except FieldsInvalid as exc:
        for name, message in exc.errors.items():
            if name in form.fields:
                form.add_error(name, message)
            else:
                errors[name if name.startswith("q-") else "__all__"] = message
        return _entry_page(request, survey, form, raw, errors, status=400)
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _entry_page(request, survey, form, raw, errors, status=refusal_status(exc))
    if submitted.created:
        channel = _("paper") if data["channel"] == Response.Channel.PAPER else _("phone")
        messages.success(request, _("Answer saved (%(channel)s)") % {"channel": channel})
    else:
        messages.info(request, _("This answer was already saved: the form was sent twice."))
    keep = {
        "channel": data["channel"],
        "audience": form.audience_value() if "audience" in form.fields else "",
        "language": data["language"],
        "received_on": data["received_on"].isoformat(),
    }
    return redirect(reverse("staff:surveys:enter", kwargs={"pk": survey.pk}) + _query(**keep))


# --- Invitations --------------------------------------------------------------------------


def _meetings(survey: Survey) -> list[tuple[Meeting, int]]:
    """The activity's meetings, each with how many registrants agreed to be contacted and
    have not yet been sent a link to this survey."""
    # Handed-out batches have no registrants: their NULL would empty a NOT IN.
    sent = InvitationBatch.objects.filter(survey=survey, registrations__isnull=False).values(
        "registrations"
    )
    found = (
        Meeting.objects.filter(activity_id=survey.activity_id)
        .annotate(
            waiting=Count(
                "registrations",
                filter=Q(registrations__follow_up_ok=True)
                & ~Q(registrations__status=Registration.Status.CANCELLED)
                & ~Q(registrations__in=sent),
            )
        )
        .order_by("starts_at", "id")
    )
    return [(m, m.waiting) for m in found]


def _invitations_page(
    request: HttpRequest,
    survey: Survey,
    *,
    send_form: SendForm | None = None,
    make_form: MakeForm | None = None,
    meetings: list[tuple[Meeting, int]] | None = None,
    status: int = 200,
) -> HttpResponse:
    if meetings is None:
        meetings = _meetings(survey)
    return render(
        request,
        "surveys/staff/invitations.html",
        {
            "survey": survey,
            "batches": list(selectors.invitation_batches(survey)),
            "meetings": meetings,
            "send_form": send_form or SendForm(meetings=meetings, prefix="send"),
            "make_form": make_form or MakeForm(prefix="make", initial={"count": 50}),
            "closed": survey.status == Survey.Status.CLOSED,
            "can_send": survey.status in (Survey.Status.SCHEDULED, Survey.Status.OPEN),
        },
        status=status,
    )


def _links_csv(survey: Survey, batch: InvitationBatch, tokens: list[str]) -> HttpResponse:
    """The links of a batch, handed over once: only their hashes are kept."""
    links = [[absolute_url("surveys:invited", slug=survey.slug, token=t)] for t in tokens]
    return exports.download(
        [[_("Single-use link")], *links],
        fmt="csv",
        stem=f"survey-{survey.pk}-links-{batch.pk}",
        sheet_name="Links",
    )


def invitations(request: HttpRequest, pk: int) -> HttpResponse:
    """V-D-4: single-use links, emailed to a meeting's registrants who agreed to be contacted,
    or made to hand out (downloaded at once, as a file of links)."""
    survey = survey_to_manage(request, pk)
    if request.method != "POST":
        return _invitations_page(request, survey)
    actor = signed_in_user(request)
    if request.POST.get("action") == "make":
        make_form = MakeForm(request.POST, prefix="make")
        if not make_form.is_valid():
            return _invitations_page(request, survey, make_form=make_form, status=400)
        try:
            batch, tokens = responses.invitations_make(
                actor=actor, survey=survey, count=make_form.cleaned_data["count"]
            )
        except DomainError as exc:
            add_errors(make_form, exc)
            return _invitations_page(
                request, survey, make_form=make_form, status=refusal_status(exc)
            )
        return _links_csv(survey, batch, tokens)
    meetings = _meetings(survey)
    send_form = SendForm(request.POST, meetings=meetings, prefix="send")
    if not send_form.is_valid():
        return _invitations_page(
            request, survey, send_form=send_form, meetings=meetings, status=400
        )
    try:
        batch = responses.invitations_send(
            actor=actor, survey=survey, meeting=send_form.cleaned_data["meeting"]
        )
    except DomainError as exc:
        send_form.add_error(None, exc.message)
        return _invitations_page(
            request, survey, send_form=send_form, meetings=meetings, status=refusal_status(exc)
        )
    messages.success(
        request,
        _(
            "%(n)d invitations are being emailed, one single-use link each. Nobody is told who "
            "else was invited, and the links do not record who got which."
        )
        % {"n": batch.count},
    )
    return redirect("staff:surveys:invitations", pk=survey.pk)
