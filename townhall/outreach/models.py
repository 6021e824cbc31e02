"""Outreach (seed 002 V-A, V-B, V-D-2, VI-B-2, VI-B-6, VII-B-4, VII-C, V-C-10-b, III-B-3).

- The stakeholder directory: organisations, their contact people (personal information: OEE and
  administrators only), and the log of every contact with them (V-D-2).
- Target audiences (VII-B-4, VII-C-3-a): a saved selection of organisations and subscribers.
- Announcements composed once per channel and language (VII-C-1..3), sent at scheduled times
  through the posting period (VII-C NOTE); each sending is a Dispatch with one Delivery row per
  recipient, so a restart resumes where it stopped.
- Subscriptions: the public's own selections, confirmed by email (double opt-in), managed by
  one link; an address that bounces twice or unsubscribes is suppressed everywhere.
- Dialogue requests (V-C-10-b) and continuous input on any directive (VII-A-1, V-C-10-c).

What the public sends (subscriptions, dialogue requests, directive input) is never deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from townhall.engagements.models import ExternalComment, Kept, KeptQuerySet

LANGUAGE_CHOICES = settings.LANGUAGES


class Organization(models.Model):
    """A group the Department keeps in touch with (V-B-3, V-B-4, VI-B-2)."""

    class Kind(models.TextChoices):
        COMMUNITY_GROUP = "community_group", _("Community group")
        ADVOCACY = "advocacy", _("Advocacy organization")
        FAITH = "faith", _("Faith community")
        SCHOOL = "school", _("School")
        BUSINESS = "business", _("Business")
        LIBRARY = "library", _("Library")
        PARK = "park", _("Park")
        SOCIAL_SERVICE = "social_service", _("Social service provider")
        CITY_DEPARTMENT = "city_department", _("City department")
        SISTER_AGENCY = "sister_agency", _("Sister agency")
        BARGAINING_UNIT = "bargaining_unit", _("Collective bargaining unit")
        OVERSIGHT_BODY = "oversight_body", _("Oversight body")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # IV-B-4 a-g: the external entities whose earlier comments raise the level of engagement.
    entity = models.CharField(
        _("external entity (IV-B-4)"),
        max_length=20,
        choices=ExternalComment.Entity.choices,
        blank=True,
    )
    districts = models.JSONField(_("districts served"), default=list, blank=True)  # ints
    community_areas = models.JSONField(_("community areas served"), default=list, blank=True)
    topics = models.ManyToManyField(
        "engagements.Topic", blank=True, related_name="organizations", verbose_name=_("topics")
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)  # language codes
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    # V-A: traditionally hard-to-reach or marginalized communities, youth, people impacted by
    # the criminal justice system: an audience can ask for these first.
    reaches_hard_to_reach = models.BooleanField(
        _("reaches hard-to-reach or marginalized communities (V-A, V-B)"), default=False
    )
    is_archived = models.BooleanField(_("archived"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """A person at an organisation. Personal information: OEE and administrators only. Mail
    goes only to a contact who consented and has not withdrawn (or unsubscribed)."""

    class Method(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone")
        TEXT = "text", _("Text message")
        MAIL = "mail", _("Post")
        IN_PERSON = "in_person", _("In person")

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    role_title = models.CharField(_("role or title"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_method = models.CharField(
        _("preferred way to be contacted"), max_length=10, choices=Method.choices, default="email"
    )
    language = models.CharField(
        _("language"), max_length=10, choices=LANGUAGE_CHOICES, default="en"
    )
    consent = models.BooleanField(_("agreed to be contacted"), default=False)
    consent_note = models.CharField(_("how consent was given"), max_length=300, blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    # Withdrawn by the person (told OEE, or used an unsubscribe link): never mailed again.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization.name})"

    @property
    def mailable(self) -> bool:
        return bool(self.email) and self.consent and self.withdrawn_at is None


class ContactLog(models.Model):
    """One contact with an organisation (V-D-2, VI-B-6): when, who, how, what, what next."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone call")
        MEETING = "meeting", _("Meeting")
        EVENT = "event", _("At an event")
        LETTER = "letter", _("Letter")
        OTHER = "other", _("Other")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="log")
    contact = models.ForeignKey(
        Contact, on_delete=models.PROTECT, null=True, blank=True, related_name="log"
    )
    engagement = models.ForeignKey(
        "engagements.Engagement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contact_log",
    )
    occurred_on = models.DateField(_("date"))
    channel = models.CharField(_("how"), max_length=10, choices=Channel.choices)
    summary = models.TextField(_("summary"))
    follow_up = models.CharField(_("follow-up"), max_length=300, blank=True)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    follow_up_done_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["follow_up_due", "follow_up_done_at"])]

    def __str__(self) -> str:
        return f"{self.organization.name} {self.occurred_on}"


class Subscriber(Kept):
    """A member of the public who asked for mail: no account, one address, one language.
    Confirmed by a link sent to the address (double opt-in); managed by a signed link."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        ACTIVE = "active", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("As each announcement is sent")
        WEEKLY = "weekly", _("A weekly digest")

    email = models.EmailField(_("email"), unique=True)  # stored lower-cased
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGE_CHOICES)
    frequency = models.CharField(
        _("how often"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    objects = KeptQuerySet["Subscriber"].as_manager()

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email


class Subscription(models.Model):
    """One selection a subscriber follows: everything, a topic, a district or a directive."""

    class Kind(models.TextChoices):
        ALL = "all", _("All postings")
        TOPIC = "topic", _("A topic")
        DISTRICT = "district", _("A police district")
        DIRECTIVE = "directive", _("A directive")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    topic = models.ForeignKey(
        "engagements.Topic", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    district = models.PositiveSmallIntegerField(null=True, blank=True)
    directive = models.ForeignKey(
        "directives.Directive", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "id"]
        # One row per thing followed; conditional, so they hold on SQLite too (which has no
        # NULLS NOT DISTINCT).
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber"], condition=models.Q(kind="all"), name="subscription_all"
            ),
            models.UniqueConstraint(
                fields=["subscriber", "topic"],
                condition=models.Q(kind="topic"),
                name="subscription_topic",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "district"],
                condition=models.Q(kind="district"),
                name="subscription_district",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "directive"],
                condition=models.Q(kind="directive"),
                name="subscription_directive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subscriber_id}: {self.kind}"


class Suppression(models.Model):
    """An address that must not be mailed by outreach: it bounced twice, or its owner
    unsubscribed. Checked for every recipient at the moment of sending, whoever they are."""

    class Reason(models.TextChoices):
        BOUNCED = "bounced", _("Bounced")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    email = models.EmailField(unique=True)  # lower-cased
    bounces = models.PositiveSmallIntegerField(default=0)
    last_bounce_at = models.DateTimeField(null=True, blank=True)
    last_bounce_detail = models.CharField(max_length=300, blank=True)
    # Empty while the address is still mailed (one bounce so far).
    reason = models.CharField(max_length=14, choices=Reason.choices, blank=True)
    suppressed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return f"{self.email} ({self.reason or self.bounces})"


class Audience(models.Model):
    """A saved selection for outreach (VII-B-4, VII-C-3-a). `criteria` holds lists: kinds,
    districts, topics (ids), languages, organizations (ids always in), excluded (ids never
    in); and flags: engaged_before, hard_to_reach, subscribers. Resolved when sent, so an
    organisation added later is reached by the next dispatch."""

    name = models.CharField(_("name"), max_length=200)
    posting = models.ForeignKey(
        "postings.Posting", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    engagement = models.ForeignKey(
        "engagements.Engagement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audiences",
    )
    criteria = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    """The channels VII-C names: the internal AMC message (C-1), social media (C-2), a press
    release and email to the target audience and subscribers (C-3)."""

    EMAIL = "email", _("Email to the audience and subscribers (VII-C-3)")
    AMC = "amc", _("Administrative Message Center message (VII-C-1)")
    X = "x", _("X (Twitter) post (VII-C-2)")
    FACEBOOK = "facebook", _("Facebook post (VII-C-2)")
    INSTAGRAM = "instagram", _("Instagram caption (VII-C-2)")
    BLUESKY = "bluesky", _("Bluesky post (VII-C-2)")
    PRESS = "press", _("Press release (VII-C-3-c)")


class Announcement(models.Model):
    """One message about a posting or an engagement, composed once per channel and language
    and sent at each of its scheduled dispatches (VII-C NOTE: repeated through the period)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        DONE = "done", _("All sent")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200)
    posting = models.ForeignKey(
        "postings.Posting", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    engagement = models.ForeignKey(
        "engagements.Engagement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="announcements",
    )
    audience = models.ForeignKey(
        Audience, on_delete=models.PROTECT, null=True, blank=True, related_name="announcements"
    )
    channels = models.JSONField(default=list)  # Channel values
    # The link every text carries: the posting's or engagement's public page by default.
    link = models.URLField(_("link"), max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class AnnouncementText(models.Model):
    """What one channel says in one language. `subject` is used by email, AMC and press."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="texts")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    language = models.CharField(max_length=10, choices=LANGUAGE_CHOICES)
    subject = models.CharField(_("subject or headline"), max_length=300, blank=True)
    body = models.TextField(_("text"))

    class Meta:
        ordering = ["channel", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "channel", "language"], name="announcement_text_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.announcement_id} {self.channel} [{self.language}]"


class Dispatch(models.Model):
    """One scheduled sending of an announcement. The worker starts it when due: the email
    recipients are fixed as Delivery rows in one transaction, then sent in throttled chunks;
    the AMC message goes to the Department; Communications is asked to post the social texts
    and records each post."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    class Moment(models.TextChoices):
        OPENING = "opening", _("At opening")
        MIDWAY = "midway", _("Midway through the period")
        CLOSING = "closing", _("Before closing")
        CUSTOM = "custom", _("At a chosen time")

    announcement = models.ForeignKey(
        Announcement, on_delete=models.PROTECT, related_name="dispatches"
    )
    moment = models.CharField(max_length=10, choices=Moment.choices, default=Moment.CUSTOM)
    send_at = models.DateTimeField(_("send at"))
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.SCHEDULED, db_index=True
    )
    total = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # A worker holds the dispatch while it sends a chunk; a lease that lapsed (the worker died)
    # lets the next run resume.
    lease_until = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["send_at", "id"]
        verbose_name_plural = _("dispatches")

    def __str__(self) -> str:
        return f"{self.announcement_id} @ {self.send_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self) -> int:
        done = self.sent + self.failed + self.skipped
        return int(100 * done / self.total) if self.total else (100 if self.finished_at else 0)


class Delivery(models.Model):
    """One recipient of one dispatch. Unique per address, so fixing the list twice adds no
    one twice; `sending` marks the one message in flight, resent after a crash with the same
    Message-ID so a mailbox keeps one copy."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        BOUNCED = "bounced", _("Bounced")
        SKIPPED = "skipped", _("Not sent: suppressed")

    class Kind(models.TextChoices):
        CONTACT = "contact", _("Organization contact")
        SUBSCRIBER = "subscriber", _("Subscriber")
        DEPARTMENT = "department", _("Department (AMC)")

    dispatch = models.ForeignKey(Dispatch, on_delete=models.PROTECT, related_name="deliveries")
    email = models.EmailField()
    language = models.CharField(max_length=10)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    contact = models.ForeignKey(
        Contact, on_delete=models.PROTECT, null=True, blank=True, related_name="deliveries"
    )
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.PROTECT, null=True, blank=True, related_name="deliveries"
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["dispatch", "email"], name="delivery_once")]
        indexes = [models.Index(fields=["dispatch", "status", "id"])]
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.dispatch_id} -> {self.email}: {self.status}"


class SocialPost(models.Model):
    """Communications' record that a dispatch's text went out on a platform (VII-C-2): the
    Department's accounts are posted to by people, and this is their log."""

    dispatch = models.ForeignKey(Dispatch, on_delete=models.PROTECT, related_name="social_posts")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    post_url = models.URLField(_("link to the post"), max_length=500, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    posted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["posted_at"]
        constraints = [
            models.UniqueConstraint(fields=["dispatch", "channel"], name="social_post_once")
        ]

    def __str__(self) -> str:
        return f"{self.dispatch_id} {self.channel}"


class DialogueRequest(Kept):
    """V-C-10-b: anyone may ask for a dialogue with Department members on a topic or a
    directive. OEE schedules a meeting, refers it, or declines it with a reason; the
    requester hears of each step and can look it up by receipt."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        SCHEDULED = "scheduled", _("Meeting scheduled")
        REFERRED = "referred", _("Referred")
        DECLINED = "declined", _("Declined")

    receipt = models.CharField(max_length=20, unique=True)
    idempotency_key = models.CharField(max_length=64, unique=True, null=True)  # noqa: DJ001
    group_name = models.CharField(_("group or organization"), max_length=200, blank=True)
    contact_name = models.CharField(_("your name"), max_length=200)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    subject = models.CharField(_("topic or directive"), max_length=300)
    directive = models.ForeignKey(
        "directives.Directive", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    topic = models.ForeignKey(
        "engagements.Topic", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    group_size = models.PositiveIntegerField(_("how many people"), null=True, blank=True)
    district = models.PositiveSmallIntegerField(_("district"), null=True, blank=True)
    preferred_dates = models.TextField(_("preferred dates and times"), blank=True)
    dialogue_language = models.CharField(
        _("language for the dialogue"), max_length=10, choices=LANGUAGE_CHOICES, default="en"
    )
    details = models.TextField(_("what you would like to discuss"), blank=True)
    language = models.CharField(max_length=10, blank=True)  # of the page it was sent from
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referred_to = models.CharField(_("referred to"), max_length=300, blank=True)
    decision_note = models.TextField(_("reason or note for the requester"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = KeptQuerySet["DialogueRequest"].as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.receipt}: {self.subject}"


class DirectiveInput(Kept):
    """III-B-3, VII-A-1, V-C-10-c: feedback on any directive in the registry, or a proposed
    revision of one of its items, at any time. It joins the feedback pool of the directive's
    next engagement; R&D reviews the queue regularly (VII-A-2-b)."""

    class Kind(models.TextChoices):
        FEEDBACK = "feedback", _("Feedback")
        REVISION = "revision", _("Proposed revision")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_REVIEW = "in_review", _("In review")
        CONSIDERED = "considered", _("Considered")

    receipt = models.CharField(max_length=20, unique=True)
    idempotency_key = models.CharField(max_length=64, unique=True, null=True)  # noqa: DJ001
    directive = models.ForeignKey(
        "directives.Directive", on_delete=models.PROTECT, related_name="inputs"
    )
    # The version read when writing: the item numbers belong to it.
    version = models.ForeignKey(
        "directives.DirectiveVersion", on_delete=models.PROTECT, related_name="+"
    )
    section_anchor = models.CharField(_("item"), max_length=80, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    body = models.TextField(_("your feedback"))
    proposed_text = models.TextField(_("proposed wording"), blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    language = models.CharField(max_length=10, blank=True)
    received_on = models.DateField()
    submitted_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # The engagement whose pool it joined: set when one exists, by submission or by the worker.
    engagement = models.ForeignKey(
        "engagements.Engagement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directive_inputs",
    )
    pooled_at = models.DateTimeField(null=True, blank=True)

    objects = KeptQuerySet["DirectiveInput"].as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return self.receipt
