"""The public side of bodies, under /bodies/ (seed 002 V-C-1, V-C-11; seed 000): the list, each
body's page (purpose, seats, the roster as its members agreed to be shown, meetings, the open
call and the recommendations), the application form with its receipt, and the chain of a
recommendation: recommendation -> vote -> the Department's response -> the revised text.

The application form follows the meetings' forms (meetings/views.py): the anti-abuse screen of
feedback/antispam.py, the token's idempotency key passed to the service so a double click gives
the same application, a redirect to the receipt once the row is committed, and a refusal shown
as a clear message with what was typed kept. Only bodies in selectors.public_bodies() are
shown: never one that is still forming. The members' pages are in member_views.py."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from townhall.accounts.models import Role
from townhall.bodies import recruitment, selectors
from townhall.bodies.forms import ApplicationForm
from townhall.bodies.models import Body, Call, Recommendation, RecommendationVersion, Response
from townhall.core.districts import district
from townhall.core.errors import DomainError, FieldsInvalid
from townhall.core.forms import add_errors
from townhall.engagements import public
from townhall.feedback import antispam

RATE_SCOPE = "bodies.apply"
RATE_LIMIT = 20
RATE_WINDOW = 600

# Receipts (typed in any case, with or without dashes) and secret links hold only these;
# anything else is no such page.
_KEY = re.compile(r"[A-Za-z0-9_-]{1,100}")


def key_or_404(value: str) -> str:
    if not _KEY.fullmatch(value):
        raise Http404("No such link")
    return value


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


# --- The list and the body's page ----------------------------------------------------------


@dataclass(frozen=True)
class BodyCard:
    body: Body
    call: Call | None


def body_list(request: HttpRequest) -> HttpResponse:
    """Every public body, the active ones first, each with its kind, purpose and seats, and
    when a call for volunteers is open, until when."""
    now = timezone.now()
    cards = [BodyCard(b, selectors.open_call(b, now)) for b in selectors.public_bodies()]
    return render(
        request,
        "bodies/public/list.html",
        {
            "active": [c for c in cards if c.body.status == Body.Status.ACTIVE],
            "concluded": [c for c in cards if c.body.status == Body.Status.CONCLUDED],
        },
    )


def convening_label(body: Body) -> str:
    """The unit that convenes the body, by the name the directive gives it."""
    if body.convening_role == Role.ORIGINATING_UNIT and body.convening_unit:
        return body.convening_unit
    try:
        return str(Role(body.convening_role).label)
    except ValueError:
        return body.convening_role


@dataclass(frozen=True)
class RecommendationRow:
    recommendation: Recommendation
    version: RecommendationVersion
    response: Response | None


def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The body's page: what it is for and what it reviews, its seats and rules, who serves
    (as they agreed to be shown), its meetings, the open call and its recommendations."""
    body = selectors.public_body(slug=slug)
    rows = [
        RecommendationRow(
            recommendation=r,
            version=selectors.latest_version(r),
            response=next(iter(getattr(r, "published_responses", [])), None),
        )
        for r in selectors.public_recommendations(body)
    ]
    found = district(body.district) if body.district is not None else None
    return render(
        request,
        "bodies/public/detail.html",
        {
            "body": body,
            "convening": convening_label(body),
            "district_label": public.district_label(found) if found else "",
            "seat_groups": list(body.seat_groups.all()),
            "roster": selectors.public_roster(body),
            "meetings": selectors.body_meetings(body),
            "call": selectors.open_call(body),
            "rows": rows,
            "working_group": body.kind == Body.Kind.WORKING_GROUP,
        },
    )


# --- The application -----------------------------------------------------------------------


def _call_posted(body: Body, form: ApplicationForm | None) -> Call | None:
    """The call the form was for: the open one, or for a form sent after it closed, the
    call it named (so the refusal can say when it closed). Never a draft or another body's."""
    current = selectors.open_call(body)
    pk = getattr(form, "cleaned_data", {}).get("call") if form is not None else None
    if not pk or (current is not None and current.pk == pk):
        return current
    return body.calls.exclude(status=Call.Status.DRAFT).filter(pk=pk).first() or current


def _closed_text(body: Body, call: Call | None) -> str:
    if call is None:
        return _("%(body)s is not looking for volunteers at the moment.") % {"body": body.name}
    if call.status == Call.Status.OPEN and call.closes_at > timezone.now():
        return ""
    return _("Applications to this call closed on %(when)s. What you wrote is kept below.") % {
        "when": timezone.localtime(call.closes_at).strftime("%Y-%m-%d %H:%M")
    }


def _render_apply(
    request: HttpRequest,
    body: Body,
    *,
    call: Call | None,
    form: ApplicationForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "bodies/public/apply.html",
        {
            "body": body,
            "call": call,
            "form": form
            or ApplicationForm(
                seats=body.seat_groups.all(), initial={"call": call.pk if call else None}
            ),
            "token": antispam.issue_form_token(),
            "needs_challenge": not request.user.is_authenticated,
            "problem": problem,
            "closed": _closed_text(body, call),
            "has_seats": body.seat_groups.exists(),
        },
        status=status,
    )


@never_cache
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    """A volunteer applies to the body's open call. The receipt is shown once the
    application is stored; the same form sent twice gives the same application."""
    body = selectors.public_body(slug=slug)
    if request.method != "POST":
        return _render_apply(request, body, call=selectors.open_call(body))
    form = ApplicationForm(request.POST, seats=body.seat_groups.all())
    valid = form.is_valid()
    call = _call_posted(body, form)
    if not valid:
        return _render_apply(request, body, call=call, form=form, status=400)
    closed = _closed_text(body, call)
    rate, check = antispam.screen(
        request, scope=RATE_SCOPE, limit=RATE_LIMIT, window_seconds=RATE_WINDOW
    )
    if check is None:
        response = _render_apply(
            request,
            body,
            call=call,
            form=form,
            problem=_(
                "Too many forms from this connection in a short time. What you wrote is kept "
                "below; please send it again in %(minutes)d minutes."
            )
            % {"minutes": max(1, rate.retry_after // 60)},
            status=429,
        )
        response["Retry-After"] = str(rate.retry_after)
        return response
    if not check.ok:
        problem, status = (closed, 409) if closed else (check.message, 400)
        return _render_apply(request, body, call=call, form=form, problem=problem, status=status)
    if call is None:
        return _render_apply(request, body, call=call, form=form, problem=closed, status=409)
    data = form.cleaned_data
    try:
        result = recruitment.application_submit(
            call=call,
            name=data["name"],
            email=data["email"],
            why=data["why"],
            phone=data["phone"],
            district=data["district"],
            organisation=data["organisation"],
            seat=data["seat"],
            lived_experience=data["lived_experience"],
            age_band=data["age_band"],
            race=data["race"],
            language=_language(),
            idempotency_key=check.idempotency_key,
        )
    except FieldsInvalid as exc:
        add_errors(form, exc)
        return _render_apply(request, body, call=call, form=form, status=400)
    except DomainError as exc:
        return _render_apply(request, body, call=call, form=form, problem=exc.message, status=409)
    url = reverse("bodies:application-receipt", kwargs={"receipt": result.application.receipt})
    return see_other(f"{url}?new=1")


def see_other(url: str) -> HttpResponseRedirect:
    """303 See Other: after a form is stored, the browser fetches the receipt with a GET, and
    going back does not send the form again."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


@never_cache
def application_receipt(request: HttpRequest, receipt: str) -> HttpResponse:
    """Where an application stands. The address may be shared: the receipt, the body, the
    status and the date only, never what the applicant wrote."""
    application = selectors.application_by_receipt(key_or_404(receipt))
    body = application.call.body
    if body.status == Body.Status.FORMING:
        raise Http404("no such application")
    return render(
        request,
        "bodies/public/application_receipt.html",
        {
            "application": application,
            "body": body,
            "is_new": request.GET.get("new") == "1",
        },
    )


# --- The chain of a recommendation ---------------------------------------------------------

#: The tally chart: a label column, then bars up to BAR_MAX wide, then the count.
BAR_X = 110
BAR_MAX = 200
ROW_HEIGHT = 24


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    x: int
    y: int
    width: int
    count_x: int


@dataclass(frozen=True)
class VersionRow:
    version: RecommendationVersion
    author: str


@dataclass(frozen=True)
class NamedRow:
    name: str
    choice_label: str


@dataclass(frozen=True)
class ResultView:
    result: selectors.BallotResult
    bars: tuple[Bar, ...]
    height: int
    threshold_label: str
    named: tuple[NamedRow, ...]


def tally_bars(result: selectors.BallotResult) -> tuple[tuple[Bar, ...], int]:
    """The counts as bars scaled to the voting members on the roll, so a bar's length shows
    the share of the whole body."""
    ballot = result.ballot
    counts = (
        (_("For"), ballot.votes_for or 0),
        (_("Against"), ballot.votes_against or 0),
        (_("Abstain"), ballot.abstentions or 0),
    )
    scale = max(result.eligible, 1)
    bars = []
    for i, (label, count) in enumerate(counts):
        width = round(BAR_MAX * count / scale)
        bars.append(
            Bar(
                label=str(label),
                count=count,
                x=BAR_X,
                y=i * ROW_HEIGHT,
                width=width,
                count_x=BAR_X + width + 6,
            )
        )
    return tuple(bars), len(counts) * ROW_HEIGHT


def result_view(result: selectors.BallotResult) -> ResultView:
    bars, height = tally_bars(result)
    unnamed = _("a member who asked not to be named")
    return ResultView(
        result=result,
        bars=bars,
        height=height,
        threshold_label=str(Body.Threshold(result.ballot.threshold).label)
        if result.ballot.threshold in Body.Threshold.values
        else result.ballot.threshold,
        named=tuple(
            NamedRow(name=n.name or unnamed, choice_label=n.choice_label) for n in result.named
        ),
    )


def author_label(version: RecommendationVersion) -> str:
    """A member is named only where they agreed to be shown on the roster."""
    author = version.author
    return author.name if author.publish_name else _("a member")


def recommendation(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Recommendation -> vote -> the Department's response -> the revised text, each step
    with its status in words."""
    body = selectors.public_body(slug=slug)
    chain = selectors.recommendation_chain(body=body, number=number)
    versions = [
        VersionRow(version=v, author=author_label(v))
        for v in sorted(chain.versions, key=lambda v: v.number, reverse=True)
    ]
    if not versions:
        raise Http404("a recommendation without text")
    return render(
        request,
        "bodies/public/recommendation.html",
        {
            "body": body,
            "chain": chain,
            "rec": chain.recommendation,
            "latest": versions[0].version,
            "versions": versions,
            "results": [result_view(r) for r in chain.ballots],
            "response": chain.response,
            "change": chain.change,
            "changes_text": chain.response is not None
            and chain.response.disposition
            in (Response.Disposition.ADOPTED, Response.Disposition.PARTLY),
        },
    )
