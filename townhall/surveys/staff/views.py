"""Staff survey builder (seed 002 V-C-2, V-D-4): the list, a new survey for an activity or
from the post-engagement template, the builder page (details, status and its moves, the
questions in order, wording fixes once answers exist, answer counts), each question's form,
the preview in every offered language, and copying. Answers, invitations and results are in
results_views.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_POST

from townhall.accounts.selectors import signed_in_user
from townhall.core.errors import DomainError
from townhall.core.forms import add_errors
from townhall.meetings.models import Meeting
from townhall.surveys import permissions, rendering, selectors, services
from townhall.surveys.answers import AnswersInvalid, clean_answers
from townhall.surveys.models import Question, Survey
from townhall.surveys.post_engagement import post_engagement_create
from townhall.surveys.staff.common import (
    AUTHORED,
    activity_to_build,
    buildable_activities,
    can_read,
    count_rows,
    direction,
    language_links,
    language_name,
    missing_in,
    question_rows,
    question_to_manage,
    refusal_messages,
    refusal_status,
    revisions_of,
    survey_to_manage,
    survey_to_read,
)
from townhall.surveys.staff.forms import (
    QUESTION_FIELD_NAMES,
    SURVEY_FIELD_NAMES,
    CopyForm,
    QuestionFixForm,
    QuestionForm,
    SurveyForm,
)


def _back(survey: Survey, anchor: str = "") -> HttpResponse:
    url = reverse("staff:surveys:detail", kwargs={"pk": survey.pk})
    return redirect(url + (f"#{anchor}" if anchor else ""))


# -- The list and new surveys ----------------------------------------------------------------


def survey_list(request: HttpRequest) -> HttpResponse:
    """Every survey with its status, activity and answers; a survey starts from an activity."""
    can_read(request)
    status = request.GET.get("status", "")
    if status not in Survey.Status.values:
        status = ""
    return render(
        request,
        "surveys/staff/list.html",
        {
            "surveys": selectors.staff_surveys(status=status),
            "status": status,
            "status_label": dict(Survey.Status.choices).get(status, ""),
            "statuses": Survey.Status.choices,
            "activities": buildable_activities(request.user),
            "can_create": permissions.can_create_surveys(request.user),
        },
    )


def survey_new(request: HttpRequest) -> HttpResponse:
    can_read(request)
    if not permissions.can_create_surveys(request.user):
        raise PermissionDenied
    activity_id = request.GET.get("activity") or request.POST.get("activity")
    if not activity_id:
        messages.info(request, _("Choose the activity the survey is for."))
        return redirect(reverse("staff:surveys:list") + "#new")
    activity = activity_to_build(request, activity_id)
    status = 200
    if request.method == "POST":
        form = SurveyForm(request.POST)
        if form.is_valid():
            try:
                survey = services.survey_create(
                    actor=signed_in_user(request), activity=activity, details=form.details()
                )
            except DomainError as exc:
                add_errors(form, exc, SURVEY_FIELD_NAMES)
                status = refusal_status(exc)
            else:
                messages.success(
                    request,
                    _(
                        "The survey was saved as a draft. Add its questions, check the preview "
                        "in every language, then schedule it."
                    ),
                )
                return _back(survey)
        else:
            status = 400
    else:
        form = SurveyForm(initial=SurveyForm.initial_for(activity))
    return render(
        request,
        "surveys/staff/form.html",
        {"form": form, "survey": None, "activity": activity},
        status=status,
    )


def _number(value: Any) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise Http404 from None


@require_POST
def post_engagement_new(request: HttpRequest) -> HttpResponse:
    """V-D-4: a draft from the post-engagement template, about a meeting or a whole activity,
    in every language; staff review it, then send its one link to the registrants."""
    activity = activity_to_build(
        request, request.POST.get("activity") or request.GET.get("activity") or ""
    )
    meeting_id = request.POST.get("meeting") or request.GET.get("meeting")
    meeting = None
    if meeting_id:
        meeting = get_object_or_404(Meeting, pk=_number(meeting_id), activity=activity)
    try:
        survey = post_engagement_create(
            actor=signed_in_user(request), activity=activity, meeting=meeting
        )
    except DomainError as exc:
        refusal_messages(request, exc)
        if meeting is not None:
            return redirect("staff:meetings:detail", pk=meeting.pk)
        return redirect(reverse("staff:engagements:detail", args=[activity.engagement_id]))
    messages.success(
        request,
        _(
            "The post-engagement survey was made from the template in every language. Review "
            "it, schedule it, then send its link to the registrants who agreed to be contacted."
        ),
    )
    return _back(survey)


# -- The builder -----------------------------------------------------------------------------


def _detail(
    request: HttpRequest,
    survey: Survey,
    *,
    copy_form: CopyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    questions = selectors.questions_of(survey)
    answered = selectors.has_answers(survey)
    manages = permissions.can_manage_survey(user, survey)
    editable = services.questions_editable(survey, has_answers=answered)
    channels, counts, total = count_rows(selectors.answer_counts(survey))
    activities = buildable_activities(user)
    present = {q.standard for q in questions if q.standard}
    can_copy = permissions.can_create_surveys(user) and (
        manages or permissions.can_view_results(user, survey)
    )
    is_draft = survey.status == Survey.Status.DRAFT
    is_scheduled = survey.status == Survey.Status.SCHEDULED
    context: dict[str, Any] = {
        "survey": survey,
        "activity": survey.activity,
        "engagement": survey.activity.engagement,
        "rows": question_rows(survey, questions),
        "answered": answered,
        "can_manage": manages,
        "editable": manages and editable,
        "can_fix": manages and not editable,
        "can_edit_details": manages,
        "can_schedule": manages and is_draft,
        "can_unschedule": manages and is_scheduled,
        "can_open": manages and is_scheduled,
        "can_close": manages and survey.status == Survey.Status.OPEN,
        "can_copy": can_copy,
        "copy_form": copy_form
        or CopyForm(activities=activities, current=survey.activity, prefix="copy"),
        "can_view_results": permissions.can_view_results(user, survey),
        "kinds": Question.Kind.choices,
        "needs_demographics": any(s not in present for s in Question.Standard.values if s),
        "language_links": language_links(survey, questions),
        "language_names": [language_name(code) for code in survey.languages],
        "revisions": revisions_of(survey, questions),
        "channels": channels,
        "count_rows": counts,
        "count_total": total,
        "public_url": reverse("surveys:detail", kwargs={"slug": survey.slug})
        if survey.status in (Survey.Status.OPEN, Survey.Status.CLOSED)
        and survey.for_public
        and survey.access == Survey.Access.OPEN
        else "",
    }
    return render(request, "surveys/staff/detail.html", context, status=status)


def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, survey_to_read(request, pk))


def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_to_manage(request, pk)
    status = 200
    if request.method == "POST":
        form = SurveyForm(request.POST, survey=survey)
        if form.is_valid():
            try:
                services.survey_update(
                    actor=signed_in_user(request), survey=survey, details=form.details()
                )
            except DomainError as exc:
                add_errors(form, exc, SURVEY_FIELD_NAMES)
                status = refusal_status(exc)
            else:
                messages.success(request, _("The survey's details were saved."))
                return _back(survey)
        else:
            status = 400
    else:
        form = SurveyForm(initial=SurveyForm.initial_of(survey), survey=survey)
    return render(
        request,
        "surveys/staff/form.html",
        {
            "form": form,
            "survey": survey,
            "activity": survey.activity,
            "opened": survey.status in (Survey.Status.OPEN, Survey.Status.CLOSED),
        },
        status=status,
    )


def _move(request: HttpRequest, pk: int, move: Any, done: str) -> HttpResponse:
    """A button on the builder (schedule, open now…): on a refusal the page comes back with
    the reasons above it."""
    survey = survey_to_manage(request, pk)
    try:
        move(actor=signed_in_user(request), survey=survey)
    except DomainError as exc:
        refusal_messages(request, exc)
        return _detail(request, survey_to_read(request, pk), status=refusal_status(exc))
    messages.success(request, done)
    return _back(survey)


@require_POST
def survey_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    return _move(
        request,
        pk,
        services.survey_schedule,
        _("The survey is scheduled: it opens and closes by itself at its times."),
    )


@require_POST
def survey_unschedule(request: HttpRequest, pk: int) -> HttpResponse:
    return _move(
        request,
        pk,
        services.survey_unschedule,
        _("The survey is a draft again: it will not open until it is scheduled."),
    )


@require_POST
def survey_open(request: HttpRequest, pk: int) -> HttpResponse:
    return _move(request, pk, services.survey_open, _("The survey is open now."))


@require_POST
def survey_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _move(
        request,
        pk,
        services.survey_close,
        _("The survey is closed; its free-text answers joined the engagement's feedback."),
    )


@require_POST
def survey_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """A new draft with the same words and questions, conditions included, for this or
    another activity; never the answers."""
    survey = survey_to_read(request, pk)
    activities = buildable_activities(request.user)
    form = CopyForm(request.POST, activities=activities, current=survey.activity, prefix="copy")
    if not form.is_valid():
        return _detail(request, survey, copy_form=form, status=400)
    chosen = form.cleaned_data["activity"]
    target = next((a for a in activities if str(a.pk) == chosen), None)
    try:
        copy = services.survey_copy(actor=signed_in_user(request), survey=survey, activity=target)
    except DomainError as exc:
        add_errors(form, exc)
        return _detail(request, survey, copy_form=form, status=refusal_status(exc))
    messages.success(
        request, _("This is the copy, a new draft. Check its dates before scheduling it.")
    )
    return _back(copy)


@require_POST
def demographics_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_to_manage(request, pk)
    try:
        added = services.demographics_add(actor=signed_in_user(request), survey=survey)
    except DomainError as exc:
        refusal_messages(request, exc)
        return _detail(request, survey, status=refusal_status(exc))
    if added:
        messages.success(
            request,
            _(
                "The optional demographics block was added at the end: age, race or ethnicity, "
                "gender, police district and lived experience."
            ),
        )
    else:
        messages.info(request, _("The survey already has the demographics block."))
    return _back(survey, "questions")


# -- Questions -------------------------------------------------------------------------------


def _question_page(
    request: HttpRequest,
    survey: Survey,
    form: QuestionForm,
    *,
    kind: str,
    question: Question | None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "surveys/staff/question_form.html",
        {
            "survey": survey,
            "question": question,
            "form": form,
            "kind": kind,
            "kind_label": Question.Kind(kind).label,
            "editable": services.questions_editable(
                survey, has_answers=selectors.has_answers(survey)
            ),
        },
        status=status,
    )


def question_new(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_to_manage(request, pk)
    kind = request.GET.get("kind") or request.POST.get("kind") or ""
    if kind not in Question.Kind.values:
        raise Http404
    questions = selectors.questions_of(survey)
    status = 200
    if request.method == "POST":
        form = QuestionForm(request.POST, survey=survey, questions=questions, kind=kind)
        if form.is_valid():
            try:
                question = services.question_add(
                    actor=signed_in_user(request), survey=survey, details=form.details()
                )
            except DomainError as exc:
                add_errors(form, exc, QUESTION_FIELD_NAMES)
                status = refusal_status(exc)
            else:
                messages.success(request, _("The question was added."))
                return _back(survey, f"question-{question.key}")
        else:
            status = 400
    else:
        form = QuestionForm(
            initial=QuestionForm.initial_new(), survey=survey, questions=questions, kind=kind
        )
    return _question_page(request, survey, form, kind=kind, question=None, status=status)


def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_to_manage(request, pk)
    survey = question.survey
    if question.standard:
        messages.info(request, _("The standard demographic questions keep their words."))
        return _back(survey, f"question-{question.key}")
    questions = selectors.questions_of(survey)
    status = 200
    if request.method == "POST":
        form = QuestionForm(
            request.POST, survey=survey, questions=questions, kind=question.kind, question=question
        )
        if form.is_valid():
            try:
                services.question_update(
                    actor=signed_in_user(request), question=question, details=form.details()
                )
            except DomainError as exc:
                add_errors(form, exc, QUESTION_FIELD_NAMES)
                status = refusal_status(exc)
            else:
                messages.success(request, _("The question was saved."))
                return _back(survey, f"question-{question.key}")
        else:
            status = 400
    else:
        form = QuestionForm(
            initial=QuestionForm.initial_of(question),
            survey=survey,
            questions=questions,
            kind=question.kind,
            question=question,
        )
    return _question_page(
        request, survey, form, kind=question.kind, question=question, status=status
    )


def question_fix(request: HttpRequest, pk: int) -> HttpResponse:
    """Once answers exist: the words only, with the reason recorded (QuestionRevision)."""
    question = question_to_manage(request, pk)
    survey = question.survey
    if question.standard:
        messages.info(request, _("The standard demographic questions keep their words."))
        return _back(survey, f"question-{question.key}")
    status = 200
    if request.method == "POST":
        form = QuestionFixForm(request.POST, question=question)
        if form.is_valid():
            try:
                services.question_fix_wording(
                    actor=signed_in_user(request), question=question, **form.wording()
                )
            except DomainError as exc:
                add_errors(form, exc, {"text": "text_en"})
                status = refusal_status(exc)
            else:
                messages.success(
                    request, _("The wording was fixed; the change and its reason are recorded.")
                )
                return _back(survey, "revisions")
        else:
            status = 400
    else:
        form = QuestionFixForm(initial=QuestionFixForm.initial_of(question), question=question)
    number = next(
        (n for n, q in enumerate(selectors.questions_of(survey), start=1) if q.pk == question.pk),
        0,
    )
    return render(
        request,
        "surveys/staff/question_fix.html",
        {"survey": survey, "question": question, "number": number, "form": form},
        status=status,
    )


@require_POST
def question_remove(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_to_manage(request, pk)
    survey = question.survey
    try:
        services.question_remove(actor=signed_in_user(request), question=question)
    except DomainError as exc:
        refusal_messages(request, exc)
        return _detail(request, survey, status=refusal_status(exc))
    messages.success(request, _("The question was removed."))
    return _back(survey, "questions")


@require_POST
def question_move(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_to_manage(request, pk)
    survey = question.survey
    try:
        services.question_move(
            actor=signed_in_user(request),
            question=question,
            up=request.POST.get("direction") != "down",
        )
    except DomainError as exc:
        refusal_messages(request, exc)
        return _detail(request, survey, status=refusal_status(exc))
    return _back(survey, f"question-{question.key}")


# -- Preview ---------------------------------------------------------------------------------


def survey_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The survey as a resident sees it in one language, with the interface in that language
    too. Answers sent from it are checked, as the real form would, and never saved."""
    survey = survey_to_read(request, pk)
    language = request.GET.get("lang") or AUTHORED
    if language not in survey.languages:
        language = AUTHORED
    questions = selectors.questions_of(survey)
    raw: dict[str, list[str]] = {}
    errors: dict[str, str] = {}
    checked = request.method == "POST"
    if checked:
        raw = {k: v for k, v in request.POST.lists() if k.startswith("q-")}
    # Reversed before switching language: the page stays in the staff member's language.
    action = reverse("staff:surveys:preview", kwargs={"pk": survey.pk}) + f"?lang={language}"
    with override(language):
        if checked:
            try:
                clean_answers(questions, raw)
            except AnswersInvalid as exc:
                errors = dict(exc.errors)
        region = render_to_string(
            "surveys/staff/_preview_region.html",
            {
                "survey": survey,
                "title": survey.text("title", language),
                "intro": survey.text("intro", language),
                "questions": rendering.question_rows(questions, language, raw, errors),
                "errors": errors,
                "general_error": errors.get("__all__", ""),
                "language": language,
                "action": action,
            },
            request=request,
        )
    return render(
        request,
        "surveys/staff/preview.html",
        {
            "survey": survey,
            "language": language,
            "language_name": language_name(language),
            "direction": direction(language),
            "language_links": language_links(survey, questions),
            "missing": missing_in(survey, questions, language),
            "region": region,
            "accepted": checked and not errors,
        },
        status=400 if errors else 200,
    )
