"""Staff side of one recommendation (seed 002 V-C-1, V-C-11, V-D-3; VI-C-4, VI-D-2, VI-E-2):
its versions, its ballots with every result and named vote, the clerk's record of a vote taken
at a meeting, and the Department's official response, written by the convening or
originating unit and approved by the unit responsible for the directive or training."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.accounts.selectors import signed_in_user
from townhall.bodies import permissions, responses, selectors, voting
from townhall.bodies.models import Ballot, Body, Recommendation, Response
from townhall.bodies.staff.common import can_manage, can_read, refuse, roll_of, votes_of
from townhall.bodies.staff.forms import (
    BallotForm,
    RecordForm,
    ResponseForm,
    ReturnForm,
    WithdrawForm,
)
from townhall.core.errors import DomainError

MANAGE_BALLOT = (Recommendation.Status.DRAFT,)


def _recommendation(request: HttpRequest, pk: int) -> Recommendation:
    can_read(request)
    return selectors.recommendation_get(pk=pk)


def _record_form(ballot: Ballot, recorded: set[int], data: Any = None) -> RecordForm:
    members = [m for m in roll_of(ballot) if m.pk not in recorded]
    return RecordForm(data, prefix="record", members=members)


def _page(
    request: HttpRequest,
    recommendation: Recommendation,
    *,
    ballot_form: BallotForm | None = None,
    withdraw_form: WithdrawForm | None = None,
    record_form: RecordForm | None = None,
    response_form: ResponseForm | None = None,
    return_form: ReturnForm | None = None,
) -> HttpResponse:
    user = request.user
    body = recommendation.body
    chain = selectors.staff_chain(recommendation)
    manages = permissions.can_manage_body(user, body)
    writes = permissions.can_write_response(user, recommendation)
    approves = permissions.can_approve_response(user, recommendation)
    status = recommendation.status
    ballot = chain.open_ballot
    votes = votes_of(ballot) if ballot else []
    recorded = {v.member_id for v in votes}
    roll = roll_of(ballot) if ballot else []
    in_progress = selectors.response_in_progress(recommendation)
    is_meeting_ballot = ballot is not None and ballot.method == Ballot.Method.MEETING
    submitted = in_progress is not None and in_progress.status == Response.Status.SUBMITTED
    wrote_it = in_progress is not None and in_progress.written_by_id == user.pk
    context: dict[str, Any] = {
        "recommendation": recommendation,
        "body": body,
        "chain": chain,
        "closed_ballots": [(result, votes_of(result.ballot)) for result in chain.ballots],
        "ballot": ballot,
        "votes": votes,
        "not_voted": [m for m in roll if m.pk not in recorded],
        "is_meeting_ballot": is_meeting_ballot,
        "can_manage": manages,
        "can_open_ballot": manages
        and status in MANAGE_BALLOT
        and body.status == Body.Status.ACTIVE,
        "can_withdraw": manages and status in voting.AMENDABLE,
        "can_record": manages and is_meeting_ballot,
        "can_write": writes and status == Recommendation.Status.FORWARDED,
        "in_progress": in_progress,
        "can_edit_response": writes
        and status == Recommendation.Status.FORWARDED
        and (in_progress is None or in_progress.status == Response.Status.DRAFT),
        "can_submit": writes
        and in_progress is not None
        and in_progress.status == Response.Status.DRAFT,
        "submitted": submitted,
        "can_approve": approves and submitted and not wrote_it,
        "wrote_it": wrote_it,
        "is_public": status in selectors.PUBLIC_RECOMMENDATION
        and body.status != Body.Status.FORMING,
        "ballot_form": ballot_form or BallotForm(prefix="ballot", body=body),
        "withdraw_form": withdraw_form or WithdrawForm(prefix="withdraw"),
        "record_form": record_form
        or (_record_form(ballot, recorded) if ballot and is_meeting_ballot else None),
        "response_form": response_form
        or ResponseForm(prefix="response", body=body, initial=ResponseForm.initial_of(in_progress)),
        "return_form": return_form or ReturnForm(prefix="return"),
    }
    return render(request, "bodies/staff/recommendation.html", context)


def recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _recommendation(request, pk))


def _back(recommendation: Recommendation, anchor: str = "") -> HttpResponse:
    url = reverse("staff:bodies:recommendation", kwargs={"pk": recommendation.pk})
    return redirect(url + (f"#{anchor}" if anchor else ""))


def _fresh(recommendation: Recommendation) -> Recommendation:
    """The recommendation as it stands after a refused write, to show the page again."""
    return selectors.recommendation_get(pk=recommendation.pk)


# -- Ballots ---------------------------------------------------------------------------------


@require_POST
def ballot_open(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _recommendation(request, pk)
    can_manage(request, recommendation.body)
    form = BallotForm(request.POST, prefix="ballot", body=recommendation.body)
    if form.is_valid():
        data = form.cleaned_data
        try:
            voting.ballot_open(
                actor=signed_in_user(request),
                recommendation=recommendation,
                method=data["method"],
                closes_at=data["closes_at"],
                meeting=data["meeting"],
            )
        except DomainError as exc:
            refuse(request, form, exc)
        else:
            messages.success(
                request,
                _("The vote is open; the members were sent their links to vote.")
                if data["method"] == Ballot.Method.WINDOW
                else _(
                    "The vote is open; record each member's vote as it is taken at the meeting."
                ),
            )
            return _back(recommendation, "ballot")
    return _page(request, _fresh(recommendation), ballot_form=form)


@require_POST
def recommendation_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _recommendation(request, pk)
    can_manage(request, recommendation.body)
    form = WithdrawForm(request.POST, prefix="withdraw")
    if form.is_valid():
        try:
            voting.recommendation_withdraw(
                actor=signed_in_user(request),
                recommendation=recommendation,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            refuse(request, form, exc)
        else:
            messages.success(
                request, _("The recommendation was withdrawn; it stays in the record.")
            )
            return _back(recommendation)
    return _page(request, _fresh(recommendation), withdraw_form=form)


def _ballot(request: HttpRequest, pk: int) -> Ballot:
    can_read(request)
    ballot = selectors.ballot_get(pk=pk)
    can_manage(request, ballot.recommendation.body)
    return ballot


@require_POST
def ballot_record(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = _ballot(request, pk)
    recommendation = ballot.recommendation
    recorded = set(ballot.votes.values_list("member_id", flat=True))
    form = _record_form(ballot, recorded, request.POST)
    if form.is_valid():
        try:
            votes = voting.vote_record(
                actor=signed_in_user(request), ballot=ballot, choices=form.choices()
            )
        except DomainError as exc:
            refuse(request, form, exc)
        else:
            messages.success(
                request,
                _("%(n)d vote was recorded.") % {"n": len(votes)}
                if len(votes) == 1
                else _("%(n)d votes were recorded.") % {"n": len(votes)},
            )
            return _back(recommendation, "ballot")
    return _page(request, _fresh(recommendation), record_form=form)


@require_POST
def ballot_close(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = _ballot(request, pk)
    try:
        closed = voting.ballot_close(actor=signed_in_user(request), ballot=ballot)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The vote is closed: the recommendation is forwarded to the Department.")
            if closed.passed
            else _("The vote is closed: the recommendation is not forwarded."),
        )
    return _back(ballot.recommendation, "ballots")


# -- The Department's response ---------------------------------------------------------------


@require_POST
def response_save(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _recommendation(request, pk)
    if not permissions.can_write_response(request.user, recommendation):
        raise PermissionDenied
    form = ResponseForm(request.POST, prefix="response", body=recommendation.body)
    if form.is_valid():
        try:
            responses.response_save(
                actor=signed_in_user(request), recommendation=recommendation, **form.values()
            )
        except DomainError as exc:
            refuse(request, form, exc)
        else:
            messages.success(
                request,
                _("The draft response was saved. Send it for approval when it is ready."),
            )
            return _back(recommendation, "response")
    return _page(request, _fresh(recommendation), response_form=form)


def _response(request: HttpRequest, pk: int) -> Response:
    can_read(request)
    return selectors.response_get(pk=pk)


def _to_approve(request: HttpRequest, pk: int) -> Response:
    """The unit responsible for the directive or training approves (VI-D-2, VI-E-2), and
    never the response's own writer."""
    response = _response(request, pk)
    if not permissions.can_approve_response(request.user, response.recommendation):
        raise PermissionDenied
    if response.written_by_id == request.user.pk:
        raise PermissionDenied
    return response


@require_POST
def response_submit(request: HttpRequest, pk: int) -> HttpResponse:
    response = _response(request, pk)
    if not permissions.can_write_response(request.user, response.recommendation):
        raise PermissionDenied
    try:
        responses.response_submit(actor=signed_in_user(request), response=response)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "The response was sent for approval to the unit responsible for the directive or training."
            ),
        )
    return _back(response.recommendation, "response")


@require_POST
def response_approve(request: HttpRequest, pk: int) -> HttpResponse:
    response = _to_approve(request, pk)
    try:
        responses.response_approve(actor=signed_in_user(request), response=response)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("The response is approved and published; the members were told.")
        )
    return _back(response.recommendation, "response")


@require_POST
def response_return(request: HttpRequest, pk: int) -> HttpResponse:
    response = _to_approve(request, pk)
    form = ReturnForm(request.POST, prefix="return")
    if form.is_valid():
        try:
            responses.response_return(
                actor=signed_in_user(request), response=response, note=form.cleaned_data["note"]
            )
        except DomainError as exc:
            refuse(request, form, exc)
        else:
            messages.success(request, _("The response was returned to its writer with your note."))
            return _back(response.recommendation, "response")
    return _page(request, _fresh(response.recommendation), return_form=form)
