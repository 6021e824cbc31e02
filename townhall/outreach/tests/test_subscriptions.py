"""Public subscriptions (issue 9; seed 002 V-B-1, VII-C-3): double opt-in, one link to manage,
one click to stop, the weekly digest. Also the helpers the view and feed tests share."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.utils import timezone

from townhall.accounts.demo import ensure_persona_by_key
from townhall.directives.models import Directive
from townhall.engagements.models import Engagement, Topic
from townhall.engagements.services import engagement_create
from townhall.outreach import announcements, audiences, sending, subscriptions, tokens
from townhall.outreach.models import (
    Announcement,
    Channel,
    Contact,
    Organization,
    Subscriber,
    Subscription,
    Suppression,
)
from townhall.outreach.subscriptions import Selection, SubscriptionInvalid

pytestmark = pytest.mark.django_db

ADDRESS = "rosa.martinez@example.org"
ALL = Selection(Subscription.Kind.ALL)


# --- Shared helpers (imported by test_subscription_views.py and test_feeds.py) ----------------


def district(n: int) -> Selection:
    return Selection(Subscription.Kind.DISTRICT, district=n)


def topic(slug: str) -> Topic:
    return Topic.objects.get(slug=slug)


def force_options() -> Directive:
    return Directive.objects.get_or_create(
        number="G03-02-01", defaults={"title": "Response to Resistance and Force Options"}
    )[0]


def sro_directive() -> Directive:
    return Directive.objects.get_or_create(
        number="S04-01-02",
        defaults={"title": "School Resource Officers and Investigations at Chicago Public Schools"},
    )[0]


def links_in(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


def path_of(url: str) -> str:
    return url.removeprefix(settings.TOWNHALL_BASE_URL.rstrip("/"))


def subscribed(
    email: str = ADDRESS,
    selections: Iterable[Selection] = (ALL,),
    *,
    language: str = "en",
    frequency: str = Subscriber.Frequency.IMMEDIATE,
) -> Subscriber:
    """A confirmed subscriber, made through the services (request, then the link)."""
    subscriptions.subscription_request(
        email=email, language=language, frequency=frequency, selections=list(selections)
    )
    subscriber = Subscriber.objects.get(email=email)
    return subscriptions.subscription_confirm(token=tokens.make("confirm", "s", subscriber.pk))


def engagement_on(directive: Directive, *, title: str, topics: Iterable[Topic] = ()) -> Engagement:
    return engagement_create(
        actor=ensure_persona_by_key("oee"),
        title=title,
        originating_unit="Research and Development Division",
        directive=directive,
        topics=list(topics),
    )


def announce(
    *,
    engagement: Engagement,
    title: str,
    districts: Iterable[int] = (),
    when: datetime.datetime | None = None,
    texts: dict[str, tuple[str, str]] | None = None,
    start: bool = True,
) -> Announcement:
    """An email announcement about an engagement, written in every posting language (or as
    `texts` gives: language -> (subject, body)) and started by the worker at `when` (unless
    `start` is False: then only scheduled). Wrap the call in
    django_capture_on_commit_callbacks(execute=True) to have it sent as well."""
    oee = ensure_persona_by_key("oee")
    when = when or (timezone.now() - datetime.timedelta(hours=1)).replace(microsecond=0)
    with time_machine.travel(when - datetime.timedelta(hours=1), tick=False):
        audience = audiences.audience_create(
            actor=oee,
            name=f"Subscribers for {title}",
            criteria={"districts": list(districts), "subscribers": True},
            engagement=engagement,
        )
        item = announcements.announcement_create(
            actor=oee,
            title=title,
            channels=[Channel.EMAIL],
            engagement=engagement,
            audience=audience,
        )
        for language in settings.TOWNHALL_POSTING_LANGUAGES:
            subject, body = (texts or {}).get(
                language,
                (
                    f"[{language}] {title}",
                    f"[{language}] {title}: tell the Department what you think.",
                ),
            )
            announcements.announcement_text_set(
                actor=oee,
                announcement=item,
                channel=Channel.EMAIL,
                language=language,
                subject=subject,
                body=body,
            )
        dispatch = announcements.dispatch_add(
            actor=oee, announcement=item, moment="custom", send_at=when
        )
        announcements.announcement_schedule(actor=oee, announcement=item)
    if start:
        with time_machine.travel(when + datetime.timedelta(minutes=1), tick=False):
            sending.dispatch_start(dispatch_id=dispatch.pk, now=when)
    item.refresh_from_db()
    return item


# --- Double opt-in ---------------------------------------------------------------------------


def test_subscribing_sends_only_a_confirmation_link_until_it_is_opened(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        subscriptions.subscription_request(
            email="  Rosa.Martinez@Example.org ",
            language="es",
            frequency=Subscriber.Frequency.IMMEDIATE,
            selections=[
                district(11),
                Selection(Subscription.Kind.TOPIC, topic_id=topic("schools").pk),
            ],
        )
    subscriber = Subscriber.objects.get()
    assert subscriber.email == ADDRESS and subscriber.status == Subscriber.Status.PENDING
    assert subscriber.language == "es" and subscriber.confirmed_at is None
    assert {(s.kind, s.district, s.topic_id) for s in subscriber.subscriptions.all()} == {
        ("district", 11, None),
        ("topic", None, topic("schools").pk),
    }
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [ADDRESS]
    [link] = links_in(mail.outbox[0].body)
    assert "/es/subscribe/confirm/" in link and "7" in mail.outbox[0].body
    # A pending address is reached by no announcement.
    subject = audiences.Subject(None, None, frozenset(), frozenset({11}))
    assert audiences.recipients({"subscribers": True}, subject) == []


def test_the_confirmation_link_activates_and_opening_it_twice_is_harmless() -> None:
    subscriptions.subscription_request(
        email=ADDRESS, language="en", frequency="immediate", selections=[ALL]
    )
    token = tokens.make("confirm", "s", Subscriber.objects.get().pk)
    first = subscriptions.subscription_confirm(token=token)
    assert first.status == Subscriber.Status.ACTIVE and first.confirmed_at is not None
    again = subscriptions.subscription_confirm(token=token)
    assert again.status == Subscriber.Status.ACTIVE and again.confirmed_at == first.confirmed_at
    subject = audiences.Subject(None, None, frozenset(), frozenset())
    assert [r.email for r in audiences.recipients({"subscribers": True}, subject)] == [ADDRESS]


def test_the_confirmation_link_expires_after_7_days() -> None:
    subscriptions.subscription_request(
        email=ADDRESS, language="en", frequency="immediate", selections=[ALL]
    )
    token = tokens.make("confirm", "s", Subscriber.objects.get().pk)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        with pytest.raises(tokens.BadToken):
            subscriptions.subscription_confirm(token=token)
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    with time_machine.travel(timezone.now() + datetime.timedelta(days=6, hours=23)):
        assert subscriptions.subscription_confirm(token=token).status == "active"


def test_a_link_altered_or_made_for_another_purpose_is_refused() -> None:
    subscriptions.subscription_request(
        email=ADDRESS, language="en", frequency="immediate", selections=[ALL]
    )
    pk = Subscriber.objects.get().pk
    token = tokens.make("confirm", "s", pk)
    for bad in (token[:-2] + "xx", tokens.make("manage", "s", pk), "nonsense", ""):
        with pytest.raises(tokens.BadToken):
            subscriptions.subscription_confirm(token=bad)
    with pytest.raises(tokens.BadToken):
        subscriptions.subscriber_for_manage(token=tokens.make("unsubscribe", "s", pk))
    with pytest.raises(tokens.BadToken):
        subscriptions.unsubscribe(token=tokens.make("manage", "s", pk))
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_asking_again_within_ten_minutes_sends_no_second_mail(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            subscriptions.subscription_request(
                email=ADDRESS, language="en", frequency="immediate", selections=[district(7)]
            )
    assert len(mail.outbox) == 1
    later = timezone.now() + datetime.timedelta(minutes=11)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        subscriptions.subscription_request(
            email=ADDRESS, language="pl", frequency="weekly", selections=[district(8)]
        )
    assert len(mail.outbox) == 2
    subscriber = Subscriber.objects.get()
    # The latest choices wait for the confirmation; still one subscriber.
    assert subscriber.language == "pl" and subscriber.frequency == "weekly"
    assert [s.district for s in subscriber.subscriptions.all()] == [8]


def test_a_subscribed_address_gets_a_manage_link_and_its_choices_stay_unchanged(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with time_machine.travel(timezone.now() - datetime.timedelta(hours=1)):
        subscriber = subscribed(selections=[district(11)], language="es")
    with django_capture_on_commit_callbacks(execute=True):
        # Someone else types the address with other choices: the same outcome for them.
        result = subscriptions.subscription_request(
            email=ADDRESS, language="en", frequency="weekly", selections=[ALL]
        )
    assert result is None
    subscriber.refresh_from_db()
    assert subscriber.status == "active" and subscriber.language == "es"
    assert subscriber.frequency == "immediate"
    assert [s.district for s in subscriber.subscriptions.all()] == [11]
    assert len(mail.outbox) == 1
    [link] = links_in(mail.outbox[0].body)
    assert "/es/subscribe/manage/" in link


def test_what_to_follow_language_and_frequency_are_checked_with_a_message_each() -> None:
    with pytest.raises(SubscriptionInvalid) as caught:
        subscriptions.subscription_request(
            email="not an address", language="xx", frequency="daily", selections=[]
        )
    assert set(caught.value.errors) == {"email", "language", "frequency", "selections"}
    with pytest.raises(SubscriptionInvalid) as caught:
        subscriptions.subscription_request(
            email="", language="en", frequency="weekly", selections=[district(13)]
        )
    assert set(caught.value.errors) == {"email", "districts"}
    assert not Subscriber.objects.exists()


def test_all_postings_replaces_any_narrower_choice() -> None:
    subscriber = subscribed(selections=[district(11), ALL, district(12)])
    assert [s.kind for s in subscriber.subscriptions.all()] == ["all"]


# --- Manage and unsubscribe ------------------------------------------------------------------


def test_the_manage_link_changes_choices_at_once() -> None:
    subscriber = subscribed(selections=[district(11)])
    token = tokens.make("manage", "s", subscriber.pk)
    found = subscriptions.subscriber_for_manage(token=token)
    assert found == subscriber
    directive = force_options()
    updated = subscriptions.subscription_update(
        subscriber=found,
        language="ar",
        frequency="weekly",
        selections=[Selection(Subscription.Kind.DIRECTIVE, directive_id=directive.pk), district(4)],
    )
    assert updated.language == "ar" and updated.frequency == "weekly"
    assert {(s.kind, s.directive_id, s.district) for s in updated.subscriptions.all()} == {
        ("directive", directive.pk, None),
        ("district", None, 4),
    }
    with pytest.raises(SubscriptionInvalid):
        subscriptions.subscription_update(
            subscriber=updated, language="en", frequency="weekly", selections=[]
        )


def test_one_click_unsubscribes_and_clicking_again_changes_nothing_RFC_8058() -> None:
    subscriber = subscribed(selections=[district(11)])
    token = tokens.make("unsubscribe", "s", subscriber.pk)
    target = subscriptions.unsubscribe(token=token)
    assert isinstance(target, Subscriber) and target.status == Subscriber.Status.UNSUBSCRIBED
    when = target.unsubscribed_at
    again = subscriptions.unsubscribe(token=token)
    assert again.status == "unsubscribed" and again.unsubscribed_at == when  # type: ignore[union-attr]
    # Only this subscription stops: the address is not suppressed for other outreach mail.
    assert not Suppression.objects.exclude(reason="").exists()
    subject = audiences.Subject(None, None, frozenset(), frozenset({11}))
    assert audiences.recipients({"subscribers": True}, subject) == []


def test_saving_choices_from_the_manage_link_subscribes_again() -> None:
    subscriber = subscribed(selections=[district(11)])
    subscriptions.unsubscribe(token=tokens.make("unsubscribe", "s", subscriber.pk))
    again = subscriptions.subscription_update(
        subscriber=subscriber, language="en", frequency="immediate", selections=[district(11)]
    )
    assert again.status == "active" and again.unsubscribed_at is None


def test_unsubscribing_from_everything_suppresses_the_address_for_all_outreach_mail() -> None:
    organization = Organization.objects.create(
        name="Pilsen Neighbors Community Council", kind=Organization.Kind.COMMUNITY_GROUP
    )
    Contact.objects.create(
        organization=organization, name="Rosa Martinez", email=ADDRESS, consent=True
    )
    subscriber = subscribed()
    subscriptions.unsubscribe(token=tokens.make("unsubscribe", "s", subscriber.pk), everything=True)
    assert Suppression.objects.get(email=ADDRESS).reason == Suppression.Reason.UNSUBSCRIBED
    subject = audiences.Subject(None, None, frozenset(), frozenset())
    # Not as a subscriber, and not as the organisation's contact either.
    criteria = {"organizations": [organization.pk], "subscribers": True}
    assert audiences.recipients(criteria, subject) == []
    # A fresh confirmation is a fresh yes.
    subscriptions.subscription_request(
        email=ADDRESS, language="en", frequency="immediate", selections=[ALL]
    )
    subscriptions.subscription_confirm(token=tokens.make("confirm", "s", subscriber.pk))
    assert Suppression.objects.get(email=ADDRESS).reason == ""


def test_an_organisations_contact_unsubscribes_with_the_same_link() -> None:
    organization = Organization.objects.create(
        name="Little Village Environmental Justice Organization",
        kind=Organization.Kind.ADVOCACY,
    )
    contact = Contact.objects.create(
        organization=organization, name="Kim Wasserman", email="kim@example.org", consent=True
    )
    target = subscriptions.unsubscribe(token=tokens.make("unsubscribe", "c", contact.pk))
    assert isinstance(target, Contact) and target.withdrawn_at is not None
    assert not target.mailable


# --- Weekly digest ---------------------------------------------------------------------------


def test_digests_are_due_for_weekly_subscribers_once_a_week() -> None:
    weekly = subscribed("weekly@example.org", frequency="weekly")
    subscribed("immediate@example.org", frequency="immediate")
    subscriptions.subscription_request(
        email="pending@example.org", language="en", frequency="weekly", selections=[ALL]
    )
    assert subscriptions.digests_due() == [weekly.pk]
    now = timezone.now()
    Subscriber.objects.filter(pk=weekly.pk).update(last_digest_at=now - datetime.timedelta(days=3))
    assert subscriptions.digests_due(now=now) == []
    assert subscriptions.digests_due(now=now + datetime.timedelta(days=4)) == [weekly.pk]


def test_the_weekly_digest_lists_what_the_subscriber_follows_and_claims_the_week(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with time_machine.travel(timezone.now() - datetime.timedelta(days=3)):
        subscriber = subscribed(selections=[district(11)], language="es", frequency="weekly")
    harrison = engagement_on(force_options(), title="Force options in District 11")
    elsewhere = engagement_on(sro_directive(), title="School resource officers in District 22")
    with django_capture_on_commit_callbacks(execute=True):
        announce(engagement=harrison, title="Force options: comment now", districts=[11])
        announce(engagement=elsewhere, title="SROs: comment now", districts=[22])
    mail.outbox.clear()  # weekly subscribers get no immediate mail anyway
    assert subscriptions.digest_mail(subscriber_id=subscriber.pk) is True
    # The task run twice in the same hour: one digest.
    assert subscriptions.digest_mail(subscriber_id=subscriber.pk) is False
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [ADDRESS] and "1" in message.subject
    assert "[es] Force options: comment now" in message.body
    assert "SROs" not in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert subscriptions.digests_due() == []


def test_a_week_with_nothing_followed_sends_no_digest() -> None:
    subscriber = subscribed(selections=[district(11)], frequency="weekly")
    assert subscriptions.digest_mail(subscriber_id=subscriber.pk) is False
    assert mail.outbox == []
    subscriber.refresh_from_db()
    assert subscriber.last_digest_at is not None


def test_no_ip_address_or_user_agent_is_stored_with_a_subscription() -> None:
    for model in (Subscriber, Subscription, Suppression):
        for field in model._meta.get_fields():
            name = field.name.lower()
            assert field.get_internal_type() != "GenericIPAddressField", (model, name)
            assert not any(bit in name for bit in ("ip_", "_ip", "address", "agent", "referer")), (
                model,
                name,
            )
