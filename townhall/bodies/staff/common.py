"""What every staff view of bodies does first (fetch and authorize), and the rows its pages
show."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.forms import Form
from django.http import HttpRequest

from townhall.bodies import permissions, rules, selectors
from townhall.bodies.models import (
    Application,
    Ballot,
    Body,
    Call,
    Member,
    Recommendation,
    RecommendationVersion,
    Response,
    Seat,
    Vote,
)
from townhall.core.errors import DomainError, FieldsInvalid
from townhall.core.forms import add_errors
from townhall.meetings.models import AttendeeProfile


def can_read(request: HttpRequest) -> None:
    if not permissions.can_view_bodies(request.user):
        raise PermissionDenied


def body_to_read(request: HttpRequest, pk: int) -> Body:
    can_read(request)
    return selectors.body_get(pk=pk)


def can_manage(request: HttpRequest, body: Body) -> None:
    """The roster, calls, selection, ballots: OEE, OCPR and the convening unit."""
    if not permissions.can_manage_body(request.user, body):
        raise PermissionDenied


def body_to_manage(request: HttpRequest, pk: int) -> Body:
    body = body_to_read(request, pk)
    can_manage(request, body)
    return body


def refuse(
    request: HttpRequest, form: Form, exc: DomainError, names: dict[str, str] | None = None
) -> None:
    """A service's refusal: field errors beside the fields (the form is shown again with what
    was typed), anything else as a message above the page, which the form may no longer be
    on (a transition refused because the status moved)."""
    if isinstance(exc, FieldsInvalid):
        add_errors(form, exc, names)
    else:
        messages.error(request, exc.message)


# -- The list --------------------------------------------------------------------------------


@dataclass(frozen=True)
class BodyRow:
    body: Body
    serving: int
    open_calls: int
    rotation_due: int


def body_rows() -> list[BodyRow]:
    due = Counter(m.body_id for m in selectors.rotation_due_members())
    bodies = selectors.staff_bodies().annotate(
        n_serving=Count("members", filter=Q(members__status=Member.Status.ACTIVE), distinct=True),
        n_open_calls=Count("calls", filter=Q(calls__status=Call.Status.OPEN), distinct=True),
    )
    return [
        BodyRow(
            body=b,
            serving=b.n_serving,
            open_calls=b.n_open_calls,
            rotation_due=due.get(b.pk, 0),
        )
        for b in bodies
    ]


# -- One body --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeatRow:
    seat: Seat
    serving: int


def seat_rows(body: Body) -> list[SeatRow]:
    seats = body.seat_groups.annotate(
        n_serving=Count("members", filter=Q(members__status=Member.Status.ACTIVE))
    ).order_by("id")
    return [SeatRow(seat=s, serving=s.n_serving) for s in seats]


@dataclass(frozen=True)
class CallRow:
    call: Call
    applications: int
    undecided: int


def call_rows(body: Body) -> list[CallRow]:
    calls = body.calls.annotate(
        n=Count("applications"),
        n_undecided=Count(
            "applications",
            filter=Q(
                applications__status__in=[
                    Application.Status.SUBMITTED,
                    Application.Status.WAITLISTED,
                ]
            ),
        ),
    )
    return [CallRow(call=c, applications=c.n, undecided=c.n_undecided) for c in calls]


@dataclass(frozen=True)
class MemberRow:
    member: Member
    rotation_due: bool
    end_form: Form | None


def member_rows(
    body: Body,
    *,
    today: datetime.date,
    form_for: type[Form] | None,
    bound: tuple[int, Form] | None = None,
) -> list[MemberRow]:
    """The roster with the 60-day rotation flag (V-C-1) and, for those who manage the body,
    each serving member's form to end the membership (the one sent back, if any, bound)."""
    rows = []
    for m in selectors.body_members(body):
        serving = m.status == Member.Status.ACTIVE
        form: Form | None = None
        if form_for is not None and serving:
            form = bound[1] if bound and bound[0] == m.pk else form_for(prefix=f"end{m.pk}")
        rows.append(
            MemberRow(
                member=m,
                rotation_due=serving
                and body.rotates
                and rules.rotation_due(m.term_ends, today=today),
                end_form=form,
            )
        )
    return rows


@dataclass(frozen=True)
class RecommendationRow:
    recommendation: Recommendation
    latest: RecommendationVersion | None
    open_ballot: Ballot | None
    response: Response | None  # the one in progress, or else the published one


def recommendation_rows(body: Body) -> list[RecommendationRow]:
    found = list(body.recommendations.order_by("number"))
    ids = [r.pk for r in found]
    latest: dict[int, RecommendationVersion] = {}
    for v in RecommendationVersion.objects.filter(recommendation_id__in=ids).order_by("number"):
        latest[v.recommendation_id] = v
    ballots = {
        b.recommendation_id: b
        for b in Ballot.objects.filter(recommendation_id__in=ids, status=Ballot.Status.OPEN)
    }
    published: dict[int, Response] = {}
    in_progress: dict[int, Response] = {}
    for x in Response.objects.filter(recommendation_id__in=ids).exclude(
        status=Response.Status.SUPERSEDED
    ):
        into = published if x.status == Response.Status.PUBLISHED else in_progress
        into[x.recommendation_id] = x
    return [
        RecommendationRow(
            recommendation=r,
            latest=latest.get(r.pk),
            open_ballot=ballots.get(r.pk),
            response=in_progress.get(r.pk) or published.get(r.pk),
        )
        for r in found
    ]


# -- One call --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Breakdown:
    """Applicants' optional answers, only ever counted (VIII): never beside a name."""

    label: str
    counts: list[tuple[str, int]]


def demographics(applications: list[Application]) -> list[Breakdown]:
    out = []
    for field, choices in (
        ("age_band", AttendeeProfile.AgeBand.choices),
        ("race", AttendeeProfile.Race.choices),
    ):
        counted = Counter(getattr(a, field) for a in applications)
        out.append(
            Breakdown(
                label=str(getattr(Application._meta.get_field(field), "verbose_name", field)),
                counts=[(str(name), counted.get(value, 0)) for value, name in choices],
            )
        )
    return out


# -- One recommendation ----------------------------------------------------------------------


def votes_of(ballot: Ballot) -> list[Vote]:
    return list(ballot.votes.select_related("member").order_by("member__name", "member_id"))


def roll_of(ballot: Ballot) -> list[Member]:
    """The members who could vote when the ballot opened, as fixed then."""
    return list(Member.objects.filter(pk__in=ballot.eligible).order_by("name", "id"))
