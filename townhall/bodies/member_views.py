"""The members' pages, under /bodies/member/<token>/: a member drafts and amends the body's
recommendations with the others (every version kept) and votes once in a window (seed 002
V-C-1, V-C-11). No account: the personal link they were sent is the key, as the meetings'
facilitators' notes page (meetings/views.py `notes`). So these pages are never cached, never
indexed and send no Referer, and a member who no longer serves finds the link closed."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.bodies import selectors, voting
from townhall.bodies.forms import AmendForm, RecommendationForm, VoteForm
from townhall.bodies.models import Ballot, Body, Member, Recommendation, Vote
from townhall.bodies.views import author_label, key_or_404, result_view
from townhall.core.errors import DomainError, FieldsInvalid, NotAllowed
from townhall.core.forms import add_errors

View = Callable[..., HttpResponse]


def secret_link(view: View) -> View:
    """The token is in the address: keep it out of caches, search engines and the Referer
    sent to the next site. "same-origin", not "no-referrer": under "no-referrer" the browser
    sends `Origin: null` with the page's own forms, and the CSRF check refuses them."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


def _member(token: str) -> Member:
    return selectors.member_by_token(key_or_404(token))


def _closed(request: HttpRequest, member: Member) -> HttpResponse:
    """A member whose term ended, or who left: the link no longer acts for them."""
    return render(request, "bodies/public/member_closed.html", {"member": member})


def _serving(member: Member) -> bool:
    return member.status == Member.Status.ACTIVE


def _can_act(member: Member) -> bool:
    return member.body.status == Body.Status.ACTIVE


# --- Which vote the member can cast ---------------------------------------------------------


@dataclass(frozen=True)
class VoteState:
    """Where this member stands in the recommendation's open ballot."""

    ballot: Ballot | None
    vote: Vote | None
    can_vote: bool
    why_not: str


def vote_state(member: Member, recommendation: Recommendation) -> VoteState:
    ballot = selectors.open_ballot(recommendation)
    vote = selectors.member_vote(member, ballot)
    if ballot is None or vote is not None:
        return VoteState(ballot, vote, False, "")
    now = timezone.now()
    why_not = ""
    if ballot.method == Ballot.Method.MEETING:
        why_not = _("This vote is taken at the body's meeting and recorded by the clerk.")
    elif ballot.closes_at is not None and ballot.closes_at <= now:
        why_not = _("This vote is closed; the result is counted shortly.")
    elif not member.can_vote:
        why_not = _("Facilitators guide the body; they do not vote.")
    elif member.pk not in ballot.eligible:
        why_not = _("You were not on the roll of voting members when this vote opened.")
    return VoteState(ballot, None, not why_not and _can_act(member), why_not)


@dataclass(frozen=True)
class HomeRow:
    recommendation: Recommendation
    title: str
    needs_vote: bool
    ballot: Ballot | None


# --- The pages ------------------------------------------------------------------------------


@secret_link
def home(request: HttpRequest, token: str) -> HttpResponse:
    """The member's page: the body, their role and term, every recommendation of the body
    (drafts included) and the votes still waiting for them."""
    member = _member(token)
    if not _serving(member):
        return _closed(request, member)
    rows = []
    for r in selectors.member_recommendations(member):
        versions = list(r.versions.all())
        state = (
            vote_state(member, r)
            if r.status == Recommendation.Status.VOTING
            else VoteState(None, None, False, "")
        )
        rows.append(
            HomeRow(
                recommendation=r,
                title=versions[-1].title if versions else "",
                needs_vote=state.can_vote,
                ballot=state.ballot,
            )
        )
    return render(
        request,
        "bodies/public/member_home.html",
        {
            "member": member,
            "body": member.body,
            "rows": rows,
            "waiting": [row for row in rows if row.needs_vote],
            "can_act": _can_act(member),
        },
    )


def _render_draft(
    request: HttpRequest,
    member: Member,
    *,
    form: RecommendationForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "bodies/public/member_draft.html",
        {
            "member": member,
            "body": member.body,
            "form": form or RecommendationForm(),
            "problem": problem,
            "can_act": _can_act(member),
        },
        status=status,
    )


@secret_link
def draft(request: HttpRequest, token: str) -> HttpResponse:
    """A member starts a recommendation: its first version."""
    member = _member(token)
    if not _serving(member):
        return _closed(request, member)
    if request.method != "POST":
        return _render_draft(request, member)
    form = RecommendationForm(request.POST)
    if not form.is_valid():
        return _render_draft(request, member, form=form, status=400)
    data = form.cleaned_data
    try:
        recommendation = voting.recommendation_draft(
            member=member,
            title=data["title"],
            text=data["text"],
            section=data["section"],
            rationale=data["rationale"],
        )
    except FieldsInvalid as exc:
        add_errors(form, exc)
        return _render_draft(request, member, form=form, status=400)
    except DomainError as exc:
        return _render_draft(request, member, form=form, problem=exc.message, status=409)
    messages.success(
        request,
        _("%(code)s is saved as a draft. The other members can read and amend it.")
        % {"code": recommendation.code},
    )
    return redirect(
        "bodies:member-recommendation", token=member.token, number=recommendation.number
    )


def _amend_initial(recommendation: Recommendation) -> dict[str, str]:
    latest = selectors.latest_version(recommendation)
    return {
        "title": latest.title,
        "text": latest.text,
        "section": latest.section,
        "rationale": latest.rationale,
    }


def _render_recommendation(
    request: HttpRequest,
    member: Member,
    recommendation: Recommendation,
    *,
    amend_form: AmendForm | None = None,
    vote_form: VoteForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    versions = sorted(recommendation.versions.all(), key=lambda v: v.number, reverse=True)
    state = vote_state(member, recommendation)
    amendable = recommendation.status in voting.AMENDABLE and _can_act(member)
    # The closed ballots' results and the published response: nothing the public would not
    # see once the recommendation is put to a vote.
    chain = selectors.staff_chain(recommendation)
    return render(
        request,
        "bodies/public/member_recommendation.html",
        {
            "member": member,
            "body": member.body,
            "rec": recommendation,
            "latest": versions[0],
            "earlier": [(v, author_label(v)) for v in versions[1:]],
            "latest_author": author_label(versions[0]),
            "amendable": amendable,
            "amend_form": amend_form
            or (AmendForm(initial=_amend_initial(recommendation)) if amendable else None),
            "state": state,
            "vote_form": vote_form
            or (
                VoteForm(initial={"ballot": state.ballot.pk})
                if state.can_vote and state.ballot
                else None
            ),
            "results": [result_view(r) for r in chain.ballots],
            "response": chain.response,
            "problem": problem,
            "public": recommendation.status in selectors.PUBLIC_RECOMMENDATION,
        },
        status=status,
    )


@secret_link
def recommendation(request: HttpRequest, token: str, number: int) -> HttpResponse:
    """The recommendation with every version, the amend form while it can change, and the
    vote form while a window is open and the member has not voted."""
    member = _member(token)
    if not _serving(member):
        return _closed(request, member)
    rec = selectors.member_recommendation(member, number)
    return _render_recommendation(request, member, rec)


@secret_link
@require_POST
def amend(request: HttpRequest, token: str, number: int) -> HttpResponse:
    """Any member amends the text: a new version, the earlier ones kept."""
    member = _member(token)
    if not _serving(member):
        return _closed(request, member)
    rec = selectors.member_recommendation(member, number)
    form = AmendForm(request.POST)
    if not form.is_valid():
        return _render_recommendation(request, member, rec, amend_form=form, status=400)
    data = form.cleaned_data
    try:
        version = voting.recommendation_amend(
            member=member,
            recommendation=rec,
            title=data["title"],
            text=data["text"],
            section=data["section"],
            rationale=data["rationale"],
            note=data["note"],
        )
    except FieldsInvalid as exc:
        add_errors(form, exc)
        return _render_recommendation(request, member, rec, amend_form=form, status=400)
    except DomainError as exc:
        status = 403 if isinstance(exc, NotAllowed) else 409
        return _render_recommendation(
            request, member, rec, amend_form=form, problem=exc.message, status=status
        )
    messages.success(
        request,
        _("Version %(number)d of %(code)s is saved; the earlier versions are kept.")
        % {"number": version.number, "code": rec.code},
    )
    return redirect("bodies:member-recommendation", token=member.token, number=rec.number)


@secret_link
@require_POST
def vote(request: HttpRequest, token: str, number: int) -> HttpResponse:
    """The member's vote, once: a second is refused and the first stands."""
    member = _member(token)
    if not _serving(member):
        return _closed(request, member)
    rec = selectors.member_recommendation(member, number)
    form = VoteForm(request.POST)
    if not form.is_valid():
        return _render_recommendation(request, member, rec, vote_form=form, status=400)
    ballot = selectors.open_ballot(rec)
    sent = form.cleaned_data["ballot"]
    if ballot is None or (sent and sent != ballot.pk):
        return _render_recommendation(
            request,
            member,
            rec,
            problem=_("The vote you were answering has closed; nothing was recorded."),
            status=409,
        )
    try:
        voting.vote_cast(member=member, ballot=ballot, choice=form.cleaned_data["choice"])
    except FieldsInvalid as exc:
        add_errors(form, exc)
        return _render_recommendation(request, member, rec, vote_form=form, status=400)
    except DomainError as exc:
        status = 403 if isinstance(exc, NotAllowed) else 409
        return _render_recommendation(request, member, rec, problem=exc.message, status=status)
    messages.success(request, _("Your vote is recorded. Thank you."))
    return redirect("bodies:member-recommendation", token=member.token, number=rec.number)
