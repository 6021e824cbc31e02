"""Meetings of an engagement and the public comment at them (seed 002 V-C, V-D-1; seed 000;
Illinois Open Meetings Act, 5 ILCS 120/2.02 and 2.06).

A meeting belongs to an engagement activity. What the public sends to a meeting (a
registration, a request to speak, a written comment, anonymous demographics) and what
facilitators write (breakout notes) is kept for ever: these models refuse deletion, and a
withdrawal or cancellation is a status.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from townhall.core import demographics
from townhall.engagements.models import Activity, Kept, KeptQuerySet


class Meeting(Kept):
    """One meeting: when and where, who may come, its agenda and its public comment rules."""

    class Kind(models.TextChoices):
        COMMUNITY_CONVERSATION = "community_conversation", _("Community conversation (V-C-4)")
        DELIBERATIVE_DIALOGUE = "deliberative_dialogue", _("Deliberative dialogue (V-C-6)")
        FOCUS_GROUP = "focus_group", _("Focus group (V-C-8)")
        INTERNAL_FOCUS_GROUP = "internal_focus_group", _("Internal focus group (V-C-9)")
        DISTRICT_ADVISORY_COMMITTEE = (
            "district_advisory_committee",
            _("District advisory committee meeting (V-C-7)"),
        )
        ADVISORY_COMMITTEE = "advisory_committee", _("Advisory committee session (V-C-1)")
        WORKING_GROUP = "working_group", _("Working group session (V-C-11)")
        COUNCIL = "council", _("CCPSA or district council meeting (V-C-3)")
        FOLLOW_UP = "follow_up", _("Follow-up meeting (V-D-1)")
        PUBLIC_FORUM = "public_forum", _("Public forum")
        WEBINAR = "webinar", _("Webinar")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled: agenda posted")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    class Notice(models.TextChoices):
        REGULAR = "regular", _("Regular meeting: agenda posted 48 hours ahead")
        SPECIAL = "special", _("Special meeting")
        EMERGENCY = "emergency", _("Emergency meeting")

    class Attire(models.TextChoices):
        UNDECIDED = "", _("Not yet decided with community representatives")
        NONE = "none", _("No Department members attend")
        PLAIN_UNARMED = "plain_unarmed", _("Department members attend in plain clothes, unarmed")
        UNIFORM_UNARMED = "uniform_unarmed", _("Department members attend in uniform, unarmed")
        UNIFORM_ARMED = "uniform_armed", _("Department members attend in uniform, armed")

    class SpeakerOrder(models.TextChoices):
        FIRST_COME = "first_come", _("First come, first served")
        LOTTERY = "lottery", _("A lottery, drawn after the deadline to ask")

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="meetings")
    # A meeting of a standing body: its comment rules, members and minutes' series come from it.
    body = models.ForeignKey(
        "bodies.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("body that meets"),
    )
    kind = models.CharField(_("kind of meeting"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description for the public"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    mode = models.CharField(_("how to take part"), max_length=10, choices=Activity.Mode.choices)
    place = models.CharField(_("place and address"), max_length=300, blank=True)
    venue_access = models.CharField(_("accessibility of the venue"), max_length=500, blank=True)
    online_url = models.URLField(_("link to join online"), blank=True)
    call_in = models.CharField(_("call-in number and meeting ID"), max_length=120, blank=True)
    district = models.PositiveSmallIntegerField(_("police district"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    languages = models.JSONField(default=list, blank=True)  # language codes offered
    interpretation = models.CharField(_("interpretation offered"), max_length=300, blank=True)
    # V-C-9: an internal focus group may be for members of some ranks only.
    ranks = models.CharField(_("ranks invited"), max_length=300, blank=True)
    # III-C NOTE: decided collaboratively with community representatives, and shown.
    attire = models.CharField(
        _("Department members' attendance"), max_length=20, choices=Attire.choices, blank=True
    )
    attire_agreed_with = models.CharField(_("decided with"), max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    notice = models.CharField(max_length=10, choices=Notice.choices, default=Notice.REGULAR)
    notice_reason = models.TextField(blank=True)
    agenda_posted_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)
    # The public comment rules (seed 000), stored per meeting so a body may set its own.
    has_public_comment = models.BooleanField(_("public comment period"), default=True)
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
    speaker_order = models.CharField(
        _("order of speakers"),
        max_length=12,
        choices=SpeakerOrder.choices,
        default=SpeakerOrder.FIRST_COME,
    )
    lottery_seed = models.BigIntegerField(null=True, blank=True)
    lottery_drawn_at = models.DateTimeField(null=True, blank=True)
    period_started_at = models.DateTimeField(null=True, blank=True)
    period_ended_at = models.DateTimeField(null=True, blank=True)
    written_sent_at = models.DateTimeField(null=True, blank=True)
    # After the meeting.
    recording_url = models.URLField(_("recording"), blank=True)
    attendance_count = models.PositiveIntegerField(_("people who attended"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = KeptQuerySet["Meeting"].as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(comment_speaker_minutes__gte=1)
                & models.Q(comment_total_minutes__gte=models.F("comment_speaker_minutes")),
                name="meeting_comment_rules_sane",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="meeting_when")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_internal(self) -> bool:
        return self.kind == self.Kind.INTERNAL_FOCUS_GROUP

    @property
    def join_details(self) -> tuple[str, str]:
        """The online link and the call-in, as the public may see them: none once the
        meeting is cancelled (page, calendar file and API alike)."""
        if self.status == self.Status.CANCELLED:
            return "", ""
        return self.online_url, self.call_in

    @property
    def speaker_slots(self) -> int:
        """How many speakers the period holds at full time: 30 / 3 = 10 by default."""
        return self.comment_total_minutes // max(1, self.comment_speaker_minutes)


class AgendaItem(models.Model):
    """An item of the agenda (5 ILCS 120/2.02): what, who presents, and for how long."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agenda")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("item"), max_length=300)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes"), null=True, blank=True)
    withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class MeetingMember(models.Model):
    """A member of the body that meets (for the minutes' "present and absent" and to receive
    the written comments, seed 000). A body's meeting fills them from its roster."""

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("Not recorded")
        IN_PERSON = "in_person", _("Present in person")
        REMOTE = "remote", _("Present remotely")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="members")
    body_member = models.ForeignKey(
        "bodies.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    role = models.CharField(_("role"), max_length=100, blank=True)
    attendance = models.CharField(
        max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN, blank=True
    )

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Registration(Kept):
    """An RSVP: a place, or a place on the waiting list that is promoted when one frees."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Registered")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    class Need(models.TextChoices):
        INTERPRETATION = "interpretation", _("Spoken-language interpretation")
        ASL = "asl", _("American Sign Language")
        ACCESSIBILITY = "accessibility", _("Wheelchair or other physical access")
        CHILDCARE = "childcare", _("Childcare")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="registrations")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    email_key = models.CharField(max_length=254)  # lower-cased, for one registration each
    language = models.CharField(max_length=10, blank=True)
    needs = models.JSONField(default=list, blank=True)
    needs_note = models.CharField(max_length=500, blank=True)
    # Consent to one follow-up message after the meeting: the post-engagement survey (V-D-4).
    follow_up_ok = models.BooleanField(
        _("you may email me once afterwards to ask how it went"), default=False
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    # The secret of the one-link cancellation; the link is only ever in the registrant's email
    # and receipt page.
    token = models.CharField(max_length=64, unique=True)
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    objects = KeptQuerySet["Registration"].as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "email_key"],
                condition=~models.Q(status="cancelled"),
                name="one_registration_each",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"


class SpeakerRequest(Kept):
    """A request to speak in the public comment period (seed 000), and what became of it at
    the meeting: one opportunity each, on an item of the agenda."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Accepted, waiting to be called")
        SPEAKING = "speaking", _("Speaking")
        SPOKE = "spoke", _("Spoke")
        ABSENT = "absent", _("Not present when called")
        NOT_REACHED = "not_reached", _("Not reached in the time")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Presence(models.TextChoices):
        UNKNOWN = "", _("Not recorded")
        IN_PERSON = "in_person", _("In person")
        REMOTE = "remote", _("Remotely")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="speakers")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # The email (lower-cased) or the phone's digits: one request per person per meeting.
    person_key = models.CharField(max_length=254)
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, related_name="speakers", null=True
    )
    language = models.CharField(max_length=10, blank=True)
    interpretation = models.CharField(_("interpretation needed"), max_length=100, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.WAITING)
    position = models.PositiveIntegerField()  # the order in which speakers are called
    skipped = models.PositiveSmallIntegerField(default=0)
    presence = models.CharField(
        max_length=10, choices=Presence.choices, default=Presence.UNKNOWN, blank=True
    )
    called_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    receipt = models.CharField(max_length=24, unique=True)
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = KeptQuerySet["SpeakerRequest"].as_manager()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person_key"],
                condition=~models.Q(status="withdrawn"),
                name="one_speaker_request_each",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def spoken_seconds(self) -> int | None:
        if self.called_at is None or self.finished_at is None:
            return None
        return int((self.finished_at - self.called_at).total_seconds())


class WrittenComment(Kept):
    """A written public comment for a meeting, by the form or an email staff entered (seed
    000), sent to the members before the meeting and added to the engagement's pool."""

    class Channel(models.TextChoices):
        FORM = "form", _("Form on the meeting page")
        EMAIL = "email", _("Email, entered by staff")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="written")
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, related_name="written", null=True, blank=True
    )
    body = models.TextField(_("comment"))
    language = models.CharField(max_length=10, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.FORM)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_at = models.DateTimeField(default=timezone.now)
    receipt = models.CharField(max_length=24, unique=True)
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True)

    objects = KeptQuerySet["WrittenComment"].as_manager()

    class Meta:
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        return self.receipt


class Prompt(models.Model):
    """A question the breakout groups of a community conversation work through (V-C-4)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="prompts")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(_("prompt"), max_length=500)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class BreakoutGroup(models.Model):
    """A small group with its facilitator (V-C-4, the 21st Century Town Hall model). The
    facilitator writes the group's notes through a secret link, with no account."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="groups")
    number = models.PositiveSmallIntegerField()
    facilitator = models.CharField(_("facilitator"), max_length=200)
    token = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="one_group_number")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.number}"


class BreakoutNote(Kept):
    """What a group said, in general or to one prompt; joins the engagement's pool."""

    group = models.ForeignKey(BreakoutGroup, on_delete=models.PROTECT, related_name="notes")
    prompt = models.ForeignKey(
        Prompt, on_delete=models.PROTECT, null=True, blank=True, related_name="notes"
    )
    text = models.TextField(_("notes"))
    written_by = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    objects = KeptQuerySet["BreakoutNote"].as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.group}: {self.text[:40]}"


class Minutes(Kept):
    """The minutes of a meeting (5 ILCS 120/2.06): drafted, approved, then posted."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        POSTED = "posted", _("Posted")

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    summary = models.TextField(_("summary of the discussion"))
    # [{"motion": str, "for": int, "against": int, "abstain": int, "outcome": str}]
    votes = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_on = models.DateField(null=True, blank=True)
    posted_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = KeptQuerySet["Minutes"].as_manager()

    def __str__(self) -> str:
        return f"{self.meeting} ({self.get_status_display()})"


class AttendeeProfile(Kept):
    """Voluntary, anonymous demographics of someone who attended, for the representativeness
    measures (VIII). Nothing ties it to a registration or a person."""

    # The standard block, shared with surveys and volunteer applications.
    AgeBand = demographics.AgeBand
    Race = demographics.Race
    Lived = demographics.Lived

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="profiles")
    age_band = models.CharField(max_length=10, choices=AgeBand.choices, blank=True)
    race = models.CharField(max_length=10, choices=Race.choices, blank=True)
    district = models.PositiveSmallIntegerField(null=True, blank=True)
    lived_experience = models.CharField(max_length=4, choices=Lived.choices, blank=True)
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # The day only: a time would help tie an answer to a person at a small meeting.
    received_on = models.DateField(default=timezone.localdate)

    objects = KeptQuerySet["AttendeeProfile"].as_manager()

    def __str__(self) -> str:
        return f"{self.meeting} #{self.pk}"
