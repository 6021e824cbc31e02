"""Reads of bodies: the public pages (roster, calls, the recommendation chain), the members'
pages and the staff's lists, including the rotation flags."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from townhall.bodies import rules
from townhall.bodies.models import (
    Application,
    Ballot,
    Body,
    Call,
    Member,
    Recommendation,
    RecommendationVersion,
    Response,
    Vote,
)
from townhall.directives.redline_view import RedlineRow
from townhall.directives.selectors import redline_page

#: What the public sees of a body's recommendations: once they are put to a vote. Drafts are
#: the members' working space.
PUBLIC_RECOMMENDATION = (
    Recommendation.Status.VOTING,
    Recommendation.Status.FORWARDED,
    Recommendation.Status.NOT_FORWARDED,
)


def public_bodies() -> QuerySet[Body]:
    return (
        Body.objects.exclude(status=Body.Status.FORMING)
        .prefetch_related("topics")
        .order_by("status", "name")
    )


def public_body(*, slug: str) -> Body:
    body = (
        Body.objects.exclude(status=Body.Status.FORMING)
        .select_related("directive", "training")
        .filter(slug=slug)
        .first()
    )
    if body is None:
        raise Http404("no such body")
    return body


def open_call(body: Body, now: datetime.datetime | None = None) -> Call | None:
    now = now or timezone.now()
    return (
        body.calls.filter(status=Call.Status.OPEN, closes_at__gt=now).order_by("closes_at").first()
    )


@dataclass(frozen=True)
class RosterRow:
    name: str  # "" when the member did not agree to publish it
    organisation: str
    role: str
    seat: str
    term_starts: datetime.date
    term_ends: datetime.date | None


@dataclass(frozen=True)
class Roster:
    rows: tuple[RosterRow, ...]
    unnamed: int
    serving: int
    seats: int


def public_roster(body: Body) -> Roster:
    """The serving members as they agreed to be shown: a name only with consent, an
    organisation only with consent; those who did not are counted, never named."""
    rows: list[RosterRow] = []
    unnamed = 0
    members = body.members.filter(status=Member.Status.ACTIVE).select_related("seat")
    for m in members:
        if not m.publish_name:
            unnamed += 1
            continue
        rows.append(
            RosterRow(
                name=m.name,
                organisation=m.organisation if m.publish_organisation else "",
                role=str(m.get_role_display()),
                seat=m.seat.label if m.seat else "",
                term_starts=m.term_starts,
                term_ends=m.term_ends,
            )
        )
    return Roster(rows=tuple(rows), unnamed=unnamed, serving=len(members), seats=body.seats)


def public_recommendations(body: Body) -> list[Recommendation]:
    """Each with its versions and, as `published_responses`, its published response."""
    published = Prefetch(
        "responses",
        queryset=Response.objects.filter(status=Response.Status.PUBLISHED),
        to_attr="published_responses",
    )
    versions = Prefetch("versions", queryset=RecommendationVersion.objects.order_by("number"))
    return list(
        Recommendation.objects.filter(body=body, status__in=PUBLIC_RECOMMENDATION)
        # django-stubs cannot type a Prefetch over the Kept managers' querysets.
        .prefetch_related(versions, published)  # type: ignore[type-var]
        .order_by("number")
    )


def latest_version(recommendation: Recommendation) -> RecommendationVersion:
    versions = list(recommendation.versions.all())
    version = max(versions, key=lambda v: v.number) if versions else None
    if version is None:
        raise Http404("a recommendation without text")
    return version


@dataclass(frozen=True)
class NamedVote:
    name: str  # "" for a member who did not agree to be named
    choice: str
    choice_label: str


@dataclass(frozen=True)
class BallotResult:
    ballot: Ballot
    version_number: int
    quorum_needed: int
    eligible: int
    named: tuple[NamedVote, ...]  # empty unless the body votes openly


@dataclass(frozen=True)
class Chain:
    """Recommendation -> vote -> response -> revision, as the public follows it."""

    recommendation: Recommendation
    versions: tuple[RecommendationVersion, ...]
    ballots: tuple[BallotResult, ...]
    open_ballot: Ballot | None
    response: Response | None
    earlier_responses: tuple[Response, ...]
    change: RedlineRow | None


def _results(body: Body, ballots: list[Ballot], versions: dict[int, int]) -> list[BallotResult]:
    out = []
    for ballot in ballots:
        named: tuple[NamedVote, ...] = ()
        if body.votes_openly:
            named = tuple(
                NamedVote(
                    name=v.member.name if v.member.publish_name else "",
                    choice=v.choice,
                    choice_label=str(v.get_choice_display()),
                )
                for v in ballot.votes.select_related("member").order_by("member__name")
            )
        out.append(
            BallotResult(
                ballot=ballot,
                version_number=versions.get(ballot.version_id, 0),
                quorum_needed=rules.quorum_needed(len(ballot.eligible), ballot.quorum_percent),
                eligible=len(ballot.eligible),
                named=named,
            )
        )
    return out


def section_change(recommendation: Recommendation, response: Response) -> RedlineRow | None:
    """The item of the revised version a response points to, as a redline against the
    version the body reviewed (the directive pages' cached redline of the two versions)."""
    if not (response.revised_version_id and response.revised_section):
        return None
    old = recommendation.directive_version
    new = response.revised_version
    if old is None or new is None:
        return None
    return next(
        (row for row in redline_page(old, new).rows if row.new_anchor == response.revised_section),
        None,
    )


def recommendation_chain(*, body: Body, number: int) -> Chain:
    recommendation = (
        body.recommendations.filter(number=number, status__in=PUBLIC_RECOMMENDATION)
        .select_related("body", "directive_version__directive")
        .first()
    )
    if recommendation is None:
        raise Http404("no such recommendation")
    return _chain(recommendation)


def _chain(recommendation: Recommendation) -> Chain:
    body = recommendation.body
    versions = tuple(recommendation.versions.order_by("number"))
    numbers = {v.pk: v.number for v in versions}
    ballots = list(recommendation.ballots.order_by("opens_at", "id"))
    closed = [b for b in ballots if b.status == Ballot.Status.CLOSED]
    open_ballot = next((b for b in ballots if b.status == Ballot.Status.OPEN), None)
    responses = list(
        recommendation.responses.filter(
            status__in=[Response.Status.PUBLISHED, Response.Status.SUPERSEDED]
        )
        .select_related("revised_version__directive")
        .order_by("-published_at")
    )
    current = next((r for r in responses if r.status == Response.Status.PUBLISHED), None)
    return Chain(
        recommendation=recommendation,
        versions=versions,
        ballots=tuple(_results(body, closed, numbers)),
        open_ballot=open_ballot,
        response=current,
        earlier_responses=tuple(r for r in responses if r is not current),
        change=section_change(recommendation, current) if current else None,
    )


# -- The members' pages ---------------------------------------------------------------------


def member_by_token(token: str) -> Member:
    member = Member.objects.select_related("body").filter(token=token).first()
    if member is None:
        raise Http404("no such member link")
    return member


def member_recommendations(member: Member) -> list[Recommendation]:
    """Every recommendation of the member's body, drafts included, newest first."""
    return list(
        member.body.recommendations.prefetch_related(
            Prefetch("versions", queryset=RecommendationVersion.objects.order_by("number"))
        ).order_by("-number")
    )


def member_recommendation(member: Member, number: int) -> Recommendation:
    recommendation = (
        member.body.recommendations.filter(number=number).select_related("body").first()
    )
    if recommendation is None:
        raise Http404("no such recommendation")
    return recommendation


def open_ballot(recommendation: Recommendation) -> Ballot | None:
    return recommendation.ballots.filter(status=Ballot.Status.OPEN).first()


def member_vote(member: Member, ballot: Ballot | None) -> Vote | None:
    if ballot is None:
        return None
    return ballot.votes.filter(member=member).first()


# -- Staff -------------------------------------------------------------------------------------


def staff_bodies() -> QuerySet[Body]:
    return Body.objects.order_by("status", "name")


def body_get(*, pk: int) -> Body:
    body = Body.objects.select_related("directive", "training").filter(pk=pk).first()
    if body is None:
        raise Http404("no such body")
    return body


def body_members(body: Body) -> list[Member]:
    return list(body.members.select_related("seat").order_by("status", "name"))


def rotation_due_members(
    body: Body | None = None, *, today: datetime.date | None = None
) -> list[Member]:
    """V-C-1: serving members of rotating bodies whose terms end within the next 60 days."""
    today = today or timezone.localdate()
    found = Member.objects.filter(
        status=Member.Status.ACTIVE,
        body__term_months__isnull=False,
        term_ends__gte=today,
        term_ends__lte=today + datetime.timedelta(days=rules.ROTATION_NOTICE_DAYS),
    ).select_related("body", "seat")
    if body is not None:
        found = found.filter(body=body)
    return list(found.order_by("term_ends", "name"))


def call_get(*, pk: int) -> Call:
    call = Call.objects.select_related("body").filter(pk=pk).first()
    if call is None:
        raise Http404("no such call")
    return call


def call_applications(call: Call) -> list[Application]:
    return list(call.applications.select_related("seat").order_by("submitted_at", "id"))


def application_get(*, pk: int) -> Application:
    application = Application.objects.select_related("call__body", "seat").filter(pk=pk).first()
    if application is None:
        raise Http404("no such application")
    return application


def application_by_receipt(receipt: str) -> Application:
    from townhall.bodies.recruitment import APPLICATION_RECEIPT

    application = (
        Application.objects.select_related("call__body")
        .filter(receipt=APPLICATION_RECEIPT.normalize(receipt))
        .first()
    )
    if application is None:
        raise Http404("no such application")
    return application


def member_get(*, pk: int) -> Member:
    member = Member.objects.select_related("body").filter(pk=pk).first()
    if member is None:
        raise Http404("no such member")
    return member


def recommendation_get(*, pk: int) -> Recommendation:
    recommendation = (
        Recommendation.objects.select_related("body", "directive_version__directive")
        .filter(pk=pk)
        .first()
    )
    if recommendation is None:
        raise Http404("no such recommendation")
    return recommendation


def staff_chain(recommendation: Recommendation) -> Chain:
    return _chain(recommendation)


def response_in_progress(recommendation: Recommendation) -> Response | None:
    return recommendation.responses.filter(
        status__in=[Response.Status.DRAFT, Response.Status.SUBMITTED]
    ).first()


def ballot_get(*, pk: int) -> Ballot:
    ballot = Ballot.objects.select_related("recommendation__body").filter(pk=pk).first()
    if ballot is None:
        raise Http404("no such ballot")
    return ballot


def response_get(*, pk: int) -> Response:
    response = Response.objects.select_related("recommendation__body").filter(pk=pk).first()
    if response is None:
        raise Http404("no such response")
    return response


def body_meetings(body: Body, *, public: bool = True) -> list[object]:
    # The public sees what the meetings' own pages show (a posted agenda of a public
    # activity, never an internal focus group), so every link opens.
    from townhall.meetings.selectors import public_meetings

    meetings = public_meetings().filter(body=body) if public else body.meetings.all()
    return list(meetings.order_by("starts_at"))
