"""Standing bodies and the recommendations they make (seed 002 V-C-1, V-C-5, V-C-7, V-C-11;
seed 000, the School Resource Officer Community Working Group).

A body (an advisory committee, a working group, CPAP, a district advisory committee) has seats,
recruits volunteers through a public call, and keeps a roster of members with terms. Members
draft recommendations together (every version kept), vote on them in a ballot, and a forwarded
recommendation gets the Department's official response, approved before it is published.

What the public sends (an application) and what members write and vote is kept for ever: these
models refuse deletion, and a withdrawal or a decision is a status.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from townhall.engagements.models import Engagement, Kept, KeptQuerySet, Topic, Training
from townhall.meetings.models import AttendeeProfile


class Body(Kept):
    """A long-term advisory committee (V-C-1) or a working group with a conclusion date
    (V-C-11), or another standing group the Department meets with."""

    class Kind(models.TextChoices):
        ADVISORY_COMMITTEE = "advisory_committee", _("Advisory committee (V-C-1)")
        WORKING_GROUP = "working_group", _("Working group (V-C-11)")
        CPAP = "cpap", _("Community Policing Advisory Panel (V-C-5)")
        DISTRICT_ADVISORY_COMMITTEE = (
            "district_advisory_committee",
            _("District advisory committee (V-C-7)"),
        )
        OTHER = "other", _("Another standing group")

    class Status(models.TextChoices):
        FORMING = "forming", _("Forming: not yet on the public pages")
        ACTIVE = "active", _("Active")
        CONCLUDED = "concluded", _("Concluded")

    class Threshold(models.TextChoices):
        # Abstentions count towards the quorum, never towards the threshold.
        SIMPLE_MAJORITY = "simple_majority", _("More than half of the votes for or against")
        TWO_THIRDS = "two_thirds", _("At least two-thirds of the votes for or against")
        MAJORITY_OF_MEMBERS = "majority_of_members", _("More than half of all voting members")

    kind = models.CharField(_("kind of body"), max_length=32, choices=Kind.choices)
    other_kind = models.CharField(_("what kind of group"), max_length=120, blank=True)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name for links"), max_length=80, unique=True)
    purpose = models.TextField(_("purpose"))
    topics = models.ManyToManyField(Topic, blank=True, related_name="bodies")
    directive = models.ForeignKey(
        "directives.Directive",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("directive it reviews"),
    )
    training = models.ForeignKey(
        Training,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("training it reviews"),
    )
    engagements = models.ManyToManyField(Engagement, blank=True, related_name="bodies")
    # The unit that convenes it: a Role value, and the unit's name for an originating unit.
    convening_role = models.CharField(_("convening unit"), max_length=32)
    convening_unit = models.CharField(_("name of the convening unit"), max_length=200, blank=True)
    district = models.PositiveSmallIntegerField(_("police district"), null=True, blank=True)
    seats = models.PositiveSmallIntegerField(_("seats"))
    # V-C-11: a working group has an agreed conclusion date.
    concludes_on = models.DateField(_("conclusion date"), null=True, blank=True)
    # V-C-1: an advisory committee rotates its membership on a set timeline.
    term_months = models.PositiveSmallIntegerField(_("term length, months"), null=True, blank=True)
    turnover_seats = models.PositiveSmallIntegerField(
        _("seats that turn over at each rotation"), null=True, blank=True
    )
    turnover_every_months = models.PositiveSmallIntegerField(
        _("months between rotations"), null=True, blank=True
    )
    # Voting.
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum: share of voting members who must vote, per cent"), default=50
    )
    threshold = models.CharField(
        _("threshold to forward"),
        max_length=24,
        choices=Threshold.choices,
        default=Threshold.SIMPLE_MAJORITY,
    )
    votes_openly = models.BooleanField(_("publish how each member voted"), default=False)
    # Its meetings' public comment rules (seed 000), copied to each new meeting of the body.
    comment_total_minutes = models.PositiveSmallIntegerField(_("whole period, minutes"), default=30)
    comment_speaker_minutes = models.PositiveSmallIntegerField(
        _("each speaker, minutes"), default=3
    )
    speak_request_hours = models.PositiveSmallIntegerField(
        _("ask to speak, hours ahead"), default=24
    )
    written_comment_hours = models.PositiveSmallIntegerField(
        _("written comments, hours ahead"), default=1
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.FORMING)
    published_at = models.DateTimeField(null=True, blank=True)
    concluded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = KeptQuerySet["Body"].as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quorum_percent__gte=1, quorum_percent__lte=100),
                name="body_quorum_is_a_share",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="working_group", concludes_on__isnull=True),
                name="working_group_has_conclusion_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        return (
            self.other_kind
            if self.kind == self.Kind.OTHER and self.other_kind
            else str(self.get_kind_display())
        )

    @property
    def rotates(self) -> bool:
        return bool(self.term_months)


class Seat(models.Model):
    """A group of seats: open to anyone, or reserved (youth, lived experience, a district)."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="seat_groups")
    label = models.CharField(_("seat"), max_length=200)
    reserved_for = models.CharField(_("reserved for"), max_length=300, blank=True)
    count = models.PositiveSmallIntegerField(_("how many"))

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.label


class Call(models.Model):
    """A public call for volunteers, with its application form (seed 000: "the initial
    solicitation of volunteers")."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for applications")
        CLOSED = "closed", _("Closed")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="calls")
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("who the body is looking for, and what members commit to"))
    seats_sought = models.PositiveSmallIntegerField(_("seats to fill"))
    closes_at = models.DateTimeField(_("applications close"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Application(Kept):
    """A volunteer's application. Demographics are optional and only ever counted."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Received")
        SELECTED = "selected", _("Selected")
        WAITLISTED = "waitlisted", _("On the waiting list")
        NOT_SELECTED = "not_selected", _("Not selected")

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    receipt = models.CharField(max_length=24, unique=True)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    district = models.PositiveSmallIntegerField(_("police district you live or work in"), null=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    seat = models.ForeignKey(
        Seat, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lived_experience = models.TextField(_("lived experience"), blank=True)
    why = models.TextField(_("why you want to take part"))
    # Optional, only ever counted, for the representativeness of the body (VIII).
    age_band = models.CharField(
        _("age"), max_length=10, choices=AttendeeProfile.AgeBand.choices, blank=True
    )
    race = models.CharField(
        _("race or ethnicity"), max_length=10, choices=AttendeeProfile.Race.choices, blank=True
    )
    language = models.CharField(max_length=10, blank=True)
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.SUBMITTED)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    objects = KeptQuerySet["Application"].as_manager()

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "email"], name="one_application_per_call")
        ]

    def __str__(self) -> str:
        return self.receipt


class Member(Kept):
    """A seat held for a term. Members act through a personal secret link, not an account."""

    class Role(models.TextChoices):
        COMMUNITY = "community", _("Community member")
        DEPARTMENT = "department", _("Department member")
        CO_CHAIR = "co_chair", _("Co-chair")
        FACILITATOR = "facilitator", _("Facilitator")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Serving")
        ENDED = "ended", _("Term ended")
        LEFT = "left", _("Left the body")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="members")
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="member"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    seat = models.ForeignKey(
        Seat, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    term_starts = models.DateField(_("term starts"))
    term_ends = models.DateField(_("term ends"), null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    # What the member agreed to publish on the public roster.
    publish_name = models.BooleanField(_("show my name on the public roster"), default=False)
    publish_organisation = models.BooleanField(_("show my organisation"), default=False)
    token = models.CharField(max_length=64, unique=True)
    rotation_alerted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = KeptQuerySet["Member"].as_manager()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def can_vote(self) -> bool:
        """Facilitators guide the body; they do not vote."""
        return self.role != self.Role.FACILITATOR


class Recommendation(Kept):
    """A recommendation the members draft together; its text lives in its versions."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being drafted")
        VOTING = "voting", _("Being voted on")
        FORWARDED = "forwarded", _("Forwarded to the Department")
        NOT_FORWARDED = "not_forwarded", _("Not forwarded")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="recommendations")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.DRAFT)
    # The directive version current when it was first drafted: what a revision is compared to.
    directive_version = models.ForeignKey(
        "directives.DirectiveVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    forwarded_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = KeptQuerySet["Recommendation"].as_manager()

    class Meta:
        ordering = ["body", "number"]
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="recommendation_number_once")
        ]

    def __str__(self) -> str:
        return f"R-{self.number}"

    @property
    def code(self) -> str:
        return f"R-{self.number}"


class RecommendationVersion(Kept):
    """One version of a recommendation's text: the first draft or an amendment."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField()
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("recommendation"))
    # The item of the directive (an anchor such as "V-C-1") or the part of the training.
    section = models.CharField(_("section it concerns"), max_length=120, blank=True)
    rationale = models.TextField(_("rationale"), blank=True)
    note = models.CharField(_("what this version changes"), max_length=300, blank=True)
    author = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = KeptQuerySet["RecommendationVersion"].as_manager()

    class Meta:
        ordering = ["recommendation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "number"], name="recommendation_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recommendation_id} v{self.number}"


class Ballot(Kept):
    """One vote on one version: in a window on the members' pages, or taken at a meeting and
    recorded by the clerk. Closing it computes the result once."""

    class Method(models.TextChoices):
        WINDOW = "window", _("Members vote on their pages during a window")
        MEETING = "meeting", _("Vote taken at a meeting, recorded by the clerk")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="ballots"
    )
    version = models.ForeignKey(RecommendationVersion, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(max_length=8, choices=Method.choices)
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField(null=True, blank=True)  # a meeting vote closes by hand
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    # The rules and the roll as they stood when it opened, so later changes cannot rewrite it.
    eligible = models.JSONField(default=list)  # Member ids who may vote
    quorum_percent = models.PositiveSmallIntegerField()
    threshold = models.CharField(max_length=24, choices=Body.Threshold.choices)
    # The result, written once on closing.
    votes_for = models.PositiveSmallIntegerField(null=True)
    votes_against = models.PositiveSmallIntegerField(null=True)
    abstentions = models.PositiveSmallIntegerField(null=True)
    quorum_met = models.BooleanField(null=True)
    passed = models.BooleanField(null=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = KeptQuerySet["Ballot"].as_manager()

    class Meta:
        ordering = ["opens_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__isnull=True)
                | models.Q(closes_at__gt=models.F("opens_at")),
                name="ballot_closes_after_opening",
            ),
            models.UniqueConstraint(
                fields=["recommendation"],
                condition=models.Q(status="open"),
                name="one_open_ballot_per_recommendation",
            ),
        ]
        indexes = [models.Index(fields=["status", "closes_at"], name="ballot_due")]

    def __str__(self) -> str:
        return f"Ballot {self.pk} on {self.recommendation_id}"


class Vote(Kept):
    """One member's vote in one ballot. There is never a second: no change, no recount."""

    class Choice(models.TextChoices):
        FOR = "for", _("For")
        AGAINST = "against", _("Against")
        ABSTAIN = "abstain", _("Abstain")

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="votes")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="votes")
    choice = models.CharField(max_length=8, choices=Choice.choices)
    cast_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = KeptQuerySet["Vote"].as_manager()

    class Meta:
        ordering = ["ballot", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "member"], name="one_vote_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.choice}"


class Response(Kept):
    """The Department's official response to a forwarded recommendation. Written by the unit
    that convenes the body or originated the engagement, approved by the unit responsible for
    the directive or training, and only then public. A later response supersedes, never
    rewrites, the published one."""

    class Disposition(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        PARTLY = "partly", _("Adopted in part")
        CONSIDERING = "considering", _("Under consideration")
        NOT_ADOPTED = "not_adopted", _("Not adopted")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for approval")
        PUBLISHED = "published", _("Published")
        SUPERSEDED = "superseded", _("Superseded by a later response")

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="responses"
    )
    disposition = models.CharField(_("decision"), max_length=12, choices=Disposition.choices)
    reasoning = models.TextField(_("the Department's reasoning"))
    # Where adopted: the item of the directive's next version that carries the change.
    revised_version = models.ForeignKey(
        "directives.DirectiveVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revised version"),
    )
    revised_section = models.CharField(_("item of the revised version"), max_length=80, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    return_note = models.TextField(blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    objects = KeptQuerySet["Response"].as_manager()

    class Meta:
        ordering = ["recommendation", "written_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation"],
                condition=models.Q(status__in=["draft", "submitted"]),
                name="one_response_in_progress",
            ),
            models.UniqueConstraint(
                fields=["recommendation"],
                condition=models.Q(status="published"),
                name="one_published_response",
            ),
        ]

    def __str__(self) -> str:
        return f"Response {self.pk} to {self.recommendation_id}"
