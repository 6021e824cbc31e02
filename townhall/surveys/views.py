"""The public side of surveys, under /surveys/ (seed 002 V-C-2, V-D-4): the open surveys and
the published results, each survey's form (for anyone, through a single-use invitation link,
or for a signed-in Department member), the thank-you page, and the results.

Anonymous by construction: these views store and log nothing about who answered. No client
address reaches the database (the rate limit's key lives only in the cache), no session or
cookie is written for an answer, the thank-you address carries no id, and no receipt is given.
Every page here is sent with `Cache-Control: no-store`, so a shared computer's back button
shows no one's answers, and `Referrer-Policy: same-origin`, so an invitation link never leaks
to another site.

The form follows the meetings' forms (meetings/views.py): the anti-abuse screen of
feedback/antispam.py, the token's idempotency key passed to the service so a double click
gives one answer, a redirect once the answer is committed, and a refusal shown as a clear
message with every typed answer kept."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from townhall.core.errors import DomainError, FieldsInvalid, NotAllowed
from townhall.feedback import antispam
from townhall.feedback.forms import AntiSpamForm
from townhall.surveys import permissions, rendering, responses, selectors
from townhall.surveys.answers import clean_answers
from townhall.surveys.models import Question, Response, Survey
from townhall.surveys.results import DIMENSIONS, relabel

# Answers per connection in ten minutes, held only in the cache. Generous: a survey handed
# out at a meeting is answered by a whole room on one connection.
RATE_SCOPE = "surveys.answer"
RATE_LIMIT = 60
RATE_WINDOW = 600

# Invitation tokens (secrets.token_urlsafe) hold only these.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,100}")

View = Callable[..., HttpResponse]


def survey_page(view: View) -> View:
    """No cache may keep a survey page (a shared computer's back button would show someone's
    answers), and no other site learns of an invitation link through the Referer.
    "same-origin", not "no-referrer": under "no-referrer" the browser sends `Origin: null`
    with the page's own form, and the CSRF check refuses it."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "same-origin"
        if kwargs.get("token"):
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


def _page_language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def content_language(survey: Survey) -> str:
    """The survey's words in the page's language when it is offered, else in its first
    language (English)."""
    offered = list(survey.languages or ["en"])
    page = _page_language()
    return page if page in offered else offered[0]


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    current: bool


def _language_links(survey: Survey, url_name: str, kwargs: dict[str, str]) -> list[LanguageLink]:
    """The survey in each of its languages: plain links (not the language form), so that
    switching sets no cookie."""
    names = dict(settings.LANGUAGES)
    current = content_language(survey)
    out = []
    for code in survey.languages or ["en"]:
        with override(code):
            url = reverse(url_name, kwargs=kwargs)
        out.append(LanguageLink(code, str(names.get(code, code)), url, code == current))
    return out


def _survey_or_404(slug: str) -> Survey:
    survey = selectors.public_survey(slug)
    if survey is None:
        raise Http404("No such survey")
    return survey


# --- The list --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyCard:
    survey: Survey
    title: str
    # The title is in English because the survey is not offered in the page's language.
    title_is_english: bool


def _card(survey: Survey) -> SurveyCard:
    language = content_language(survey)
    return SurveyCard(
        survey=survey,
        title=survey.text("title", language),
        title_is_english=language != _page_language(),
    )


@survey_page
def survey_list(request: HttpRequest) -> HttpResponse:
    """The surveys anyone can answer now, soonest closing first, and the surveys whose
    results are published."""
    return render(
        request,
        "surveys/public/list.html",
        {
            "open": [_card(s) for s in selectors.open_public_surveys()],
            "published": [_card(s) for s in selectors.published_surveys()],
        },
    )


# --- The form --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answering:
    """Who is answering, as the form and the service need it."""

    member: Any  # the signed-in Department member answering as one, or None
    invitation_needed: bool
    needs_challenge: bool


def _answering(request: HttpRequest, survey: Survey) -> Answering:
    member = (
        request.user
        if survey.for_department and permissions.can_answer_as_member(request.user)
        else None
    )
    invitation_needed = member is None and survey.access == Survey.Access.INVITATION
    return Answering(
        member=member,
        invitation_needed=invitation_needed,
        # The proof of work is for anonymous open surveys; a single-use link, or a sign-in,
        # already stops repeat answers.
        needs_challenge=not request.user.is_authenticated and not invitation_needed,
    )


def _render_form(
    request: HttpRequest,
    survey: Survey,
    who: Answering,
    *,
    token: str,
    raw: dict[str, list[str]] | None = None,
    errors: dict[str, str] | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    language = content_language(survey)
    url_name, kwargs = (
        ("surveys:invited", {"slug": survey.slug, "token": token})
        if token
        else ("surveys:detail", {"slug": survey.slug})
    )
    errors = errors or {}
    if raw is None and not problem and who.member is not None:
        if selectors.member_has_answered(survey, who.member):
            # Said before they fill it in again for nothing; the service refuses a second one.
            with override(language):
                problem = _("You have already answered this survey. Thank you.")
    with override(language):
        rows = rendering.question_rows(selectors.questions_of(survey), language, raw, errors)
    closed = responses.closed_message(survey)
    return render(
        request,
        "surveys/public/form.html",
        {
            "survey": survey,
            "card": _card(survey),
            "intro": survey.text("intro", language),
            "content_language": language,
            "language_offered": language == _page_language(),
            "languages": _language_links(survey, url_name, kwargs),
            "action": reverse(url_name, kwargs=kwargs),
            "questions": rows,
            "errors": [row for row in rows if row.error],
            "general_error": errors.get("__all__", ""),
            "problem": problem,
            "closed": closed,
            "bound": raw is not None,
            "as_member": who.member is not None,
            "invitation_only": who.invitation_needed and not token,
            "needs_challenge": who.needs_challenge,
            "token": antispam.issue_form_token(),
            "form": AntiSpamForm(),
            "results_published": survey.results_published_at is not None,
        },
        status=status,
    )


def _render_link_refused(request: HttpRequest, survey: Survey) -> HttpResponse:
    return render(
        request,
        "surveys/public/link_used.html",
        {"survey": survey, "card": _card(survey)},
        status=410,
    )


@survey_page
def survey_form(request: HttpRequest, slug: str, token: str = "") -> HttpResponse:
    """A survey's page and form. Department members sign in to prove membership (V-C-2); the
    answer is stored apart from them. An invitation-only survey needs its single-use link."""
    survey = _survey_or_404(slug)
    if survey.audience == Survey.Audience.DEPARTMENT:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not permissions.can_answer_as_member(request.user):
            return render(
                request,
                "surveys/public/members_only.html",
                {"survey": survey, "card": _card(survey)},
                status=403,
            )
    who = _answering(request, survey)
    if token and not _TOKEN.fullmatch(token):
        token = ""
        if who.invitation_needed:
            return _render_link_refused(request, survey)
    if request.method != "POST":
        if (
            who.invitation_needed
            and token
            and not responses.closed_message(survey)
            and not responses.invitation_valid(survey=survey, token=token)
        ):
            return _render_link_refused(request, survey)
        return _render_form(request, survey, who, token=token)
    return _submit(request, survey, who, token)


def _refusal(code: str) -> str:
    """The anti-abuse checks' refusals in a survey's words (antispam's speak of comments)."""
    messages = {
        "bad_token": _(
            "We could not read this form. Please check your answers and send them again."
        ),
        "expired": _(
            "This form has been open for a long time. Please check your answers and send them "
            "again."
        ),
        "too_fast": _(
            "That was quicker than we expected. Please check your answers and send them again."
        ),
        "honeypot": _(
            "A field that should stay empty was filled in, perhaps by your browser. Please "
            "check the form and send it again."
        ),
        "challenge": _(
            "Please answer the short question near the end of the form, so we know a person "
            "sent these answers."
        ),
    }
    return messages.get(code, "")


def _submit(request: HttpRequest, survey: Survey, who: Answering, token: str) -> HttpResponse:
    language = content_language(survey)
    raw = dict(request.POST.lists())

    def again(
        problem: str = "", status: int = 400, errors: dict[str, str] | None = None
    ) -> HttpResponse:
        return _render_form(
            request,
            survey,
            who,
            token=token,
            raw=raw,
            errors=errors,
            problem=problem,
            status=status,
        )

    with override(language):
        rate, check = antispam.screen(
            request,
            scope=RATE_SCOPE,
            limit=RATE_LIMIT,
            window_seconds=RATE_WINDOW,
            require_challenge=who.needs_challenge,
        )
        if check is None:
            response = again(
                _(
                    "Too many answers from this connection in a short time. Your answers are "
                    "kept below; please send them again in %(minutes)d minutes."
                )
                % {"minutes": max(1, rate.retry_after // 60)},
                429,
            )
            response["Retry-After"] = str(rate.retry_after)
            return response
        if not check.ok:
            closed = responses.closed_message(survey)
            if closed:
                return again(closed, 409)
            # Say what else needs fixing at the same time, so it takes one more try, not two.
            try:
                clean_answers(selectors.questions_of(survey), raw)
                errors = None
            except FieldsInvalid as exc:
                errors = exc.errors
            return again(_refusal(check.code) or check.message, 400, errors)
        try:
            responses.response_submit(
                survey=survey,
                raw=raw,
                language=language,
                member=who.member,
                invitation_token=token,
                idempotency_key=check.idempotency_key,
            )
        except FieldsInvalid as exc:
            return again(errors=exc.errors)
        except NotAllowed as exc:
            return again(exc.message, 403)
        except DomainError as exc:
            return again(exc.message, 409)
    # The address names the survey, never the answer: there is no receipt to look up.
    return redirect("surveys:thanks", slug=survey.slug)


@survey_page
def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    """After answering: no receipt, and why."""
    survey = _survey_or_404(slug)
    return render(
        request,
        "surveys/public/thanks.html",
        {
            "survey": survey,
            "card": _card(survey),
            "results_published": survey.results_published_at is not None,
        },
    )


# --- Results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    url: str
    current: bool


@dataclass(frozen=True)
class AudienceResult:
    audience: str
    label: str
    result: dict[str, Any]
    # The breakdown asked for is not published for this audience: the overall is shown.
    by_missing: bool


def _query(by: str = "", group: str = "") -> str:
    from urllib.parse import urlencode

    params = {k: v for k, v in (("by", by), ("group", group)) if v}
    return f"?{urlencode(params)}" if params else "?"


@survey_page
def results(request: HttpRequest, slug: str) -> HttpResponse:
    """The published snapshot (publishing.py), small cells already suppressed: each audience
    apart, in the page's language, overall or broken down by one demographic question, or
    one group's column of that breakdown."""
    survey = _survey_or_404(slug)
    if survey.results_published_at is None:
        raise Http404("Results not published")
    language = content_language(survey)
    audiences: dict[str, Any] = (survey.results or {}).get("audiences") or {}
    published = {d for entry in audiences.values() for d in (entry.get("by") or {})}
    dimensions = [d for d in DIMENSIONS if d in published]
    by = request.GET.get("by", "")
    by = by if by in dimensions else ""
    group = request.GET.get("group", "") if by else ""
    sections: list[AudienceResult] = []
    groups: dict[str, str] = {}
    with override(language):
        for audience, entry in audiences.items():
            base = (entry.get("by") or {}).get(by) if by else None
            result = relabel(base or entry.get("overall") or {}, survey, language)
            for g in result.get("groups", []):
                groups.setdefault(g["key"], g["label"])
            sections.append(
                AudienceResult(
                    audience=audience,
                    label=str(Response.Audience(audience).label)
                    if audience in Response.Audience.values
                    else audience,
                    result=result,
                    by_missing=bool(by) and base is None,
                )
            )
        dimension_links = [
            Choice("", _("Everyone"), _query(), not by),
            *(Choice(d, str(Question.Standard(d).label), _query(d), d == by) for d in dimensions),
        ]
    group = group if group in groups else ""
    group_links = (
        [Choice("", _("All groups"), _query(by), not group)]
        + [Choice(k, label, _query(by, k), k == group) for k, label in groups.items()]
        if by
        else []
    )
    return render(
        request,
        "surveys/public/results.html",
        {
            "survey": survey,
            "card": _card(survey),
            "content_language": language,
            "language_offered": language == _page_language(),
            "sections": sections,
            "dimension_links": dimension_links,
            "group_links": group_links,
            "group": group,
            "min_cell": (survey.results or {}).get("min_cell", survey.min_cell),
            "published_at": survey.results_published_at,
        },
    )
