"""Sending announcements (seed 002 VII-C): started once when due and only while the posting is
open, recipients fixed at the start, each in their language with a one-click unsubscribe,
suppression checked at the moment of sending, bounces counted, and a send that stops (SMTP
outage, worker restart) resumed without skipping or doubling anyone."""

from __future__ import annotations

import datetime
import io
import smtplib
import time
from collections.abc import Iterator, Sequence
from email import message_from_bytes
from typing import Any, ClassVar

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from townhall.outreach import announcements, sending, social, subscriptions
from townhall.outreach.models import (
    Announcement,
    Channel,
    Delivery,
    Dispatch,
    Organization,
    Suppression,
)
from townhall.outreach.tests import factories as f
from townhall.postings import services as posting_services
from townhall.postings.models import Posting
from townhall.postings.tests.factories import open_posting, scheduled_posting

pytestmark = pytest.mark.django_db
D = Dispatch.Status
R = Delivery.Status
M = Dispatch.Moment
FAKE = "townhall.outreach.tests.test_sending.FakeSMTP"


class FakeSMTP(BaseEmailBackend):
    """An SMTP server with faults on demand: per-address refusals at RCPT (SMTPRecipientsRefused,
    as smtplib raises it), a refusal of the message at DATA, and a connection that drops after
    the n-th message was accepted (before the client heard the reply)."""

    refuse: ClassVar[dict[str, tuple[int, bytes]]] = {}
    reject_data: ClassVar[dict[str, tuple[int, bytes]]] = {}
    drop_after: ClassVar[int | None] = None
    down: ClassVar[bool] = False
    received: ClassVar[list[EmailMessage]] = []
    opened: ClassVar[int] = 0

    @classmethod
    def reset(cls) -> None:
        cls.refuse, cls.reject_data, cls.drop_after, cls.down = {}, {}, None, False
        cls.received, cls.opened = [], 0

    def open(self) -> bool:
        if FakeSMTP.down:
            raise ConnectionRefusedError(111, "Connection refused")
        FakeSMTP.opened += 1
        return True

    def close(self) -> None:
        return None

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            address = message.to[0]
            if FakeSMTP.down:
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            if address in FakeSMTP.refuse:
                raise smtplib.SMTPRecipientsRefused({address: FakeSMTP.refuse[address]})
            if address in FakeSMTP.reject_data:
                code, detail = FakeSMTP.reject_data[address]
                raise smtplib.SMTPDataError(code, detail)
            FakeSMTP.received.append(message)
            if FakeSMTP.drop_after is not None and len(FakeSMTP.received) >= FakeSMTP.drop_after:
                FakeSMTP.down = True
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return len(email_messages)


@pytest.fixture
def fake_smtp(settings: Any) -> Iterator[type[FakeSMTP]]:
    settings.EMAIL_BACKEND = FAKE
    FakeSMTP.reset()
    yield FakeSMTP
    FakeSMTP.reset()


@pytest.fixture
def posting(d22_draft: Any) -> Posting:
    return open_posting(d22_draft)


@pytest.fixture
def people(db: None) -> Organization:
    """A council with contacts in four languages, and two subscribers."""
    org = f.organization(
        "Garfield Park Community Council",
        districts=[11],
        contacts=[
            ("Ana Ruiz", "ana@gpcc.example.org", "es"),
            ("Ben Cole", "ben@gpcc.example.org", "en"),
            ("Li Wei", "li@gpcc.example.org", "zh-hans"),
            ("Omar Haddad", "omar@gpcc.example.org", "ar"),
        ],
    )
    f.subscriber("resident00001@example.org", language="pl")
    f.subscriber("resident00002@example.org", language="hi", follows=[("district", 11)])
    return org


@pytest.fixture
def announcement(posting: Posting, people: Organization) -> Announcement:
    audience = f.audience(posting=posting, kinds=["community_group"])
    return f.scheduled_announcement(posting, moments=[M.OPENING], audience=audience)


def _start(announcement: Announcement, **kwargs: Any) -> Dispatch:
    assert sending.dispatches_start_due(**kwargs) == 1
    return announcement.dispatches.get(status=D.SENDING)


def _statuses(dispatch: Dispatch) -> dict[str, str]:
    return dict(dispatch.deliveries.values_list("email", "status"))


def _message_ids(messages: Sequence[EmailMessage]) -> list[str]:
    return [str(m.message()["Message-ID"]) for m in messages]


# --- Starting -------------------------------------------------------------------------------


def test_a_due_dispatch_starts_once_even_when_the_job_runs_twice_VII_C_NOTE(
    announcement: Announcement,
) -> None:
    dispatch = _start(announcement)
    assert sending.dispatches_start_due() == 0
    assert sending.dispatch_start(dispatch_id=dispatch.pk) is False
    dispatch.refresh_from_db()
    assert dispatch.status == D.SENDING
    assert dispatch.total == 6 == dispatch.deliveries.count()
    assert dispatch.started_at is not None


def test_a_dispatch_waits_for_its_time(posting: Posting, people: Organization) -> None:
    audience = f.audience(posting=posting, kinds=["community_group"])
    item = f.scheduled_announcement(posting, moments=[M.MIDWAY], audience=audience)
    assert sending.dispatches_start_due() == 0
    dispatch = item.dispatches.get()
    assert sending.dispatches_start_due(now=dispatch.send_at + datetime.timedelta(seconds=1)) == 1


def test_a_draft_announcements_dispatch_does_not_start(
    posting: Posting, people: Organization
) -> None:
    item = f.announcement(posting, channels=[Channel.X])
    announcements.dispatch_add(actor=f.oee(), announcement=item, moment=M.OPENING)
    assert sending.dispatches_start_due() == 0


def test_an_announcement_waits_while_its_posting_is_not_yet_open_VII_C(
    d22_draft: Any, people: Organization
) -> None:
    posting = scheduled_posting(d22_draft)
    assert posting.opens_at is not None
    audience = f.audience(posting=posting, kinds=["community_group"])
    item = f.scheduled_announcement(posting, moments=[M.OPENING], audience=audience)
    after = posting.opens_at + datetime.timedelta(minutes=1)
    with time_machine.travel(after, tick=False):
        assert sending.dispatches_start_due() == 0  # due, but the posting is not open yet
        assert item.dispatches.get().status == D.SCHEDULED
        posting_services.postings_tick()
        assert sending.dispatches_start_due() == 1


def test_a_dispatch_is_cancelled_when_the_posting_closed_before_it_VII_C(
    announcement: Announcement, posting: Posting
) -> None:
    closing = announcements.dispatch_add(actor=f.oee(), announcement=announcement, moment=M.CLOSING)
    first = _start(announcement)
    sending.dispatch_send(dispatch_id=first.pk)
    assert posting.closes_at is not None
    # The worker was down from before the closing dispatch's time until after the closing.
    with time_machine.travel(posting.closes_at + datetime.timedelta(minutes=1), tick=False):
        posting_services.postings_tick()
        assert sending.dispatches_start_due() == 0
    closing.refresh_from_db()
    assert closing.status == D.CANCELLED
    assert not Delivery.objects.filter(dispatch=closing).exists()
    announcement.refresh_from_db()
    assert announcement.status == Announcement.Status.DONE


def test_recipients_are_fixed_at_the_start_and_a_later_organization_waits_for_the_next(
    announcement: Announcement,
) -> None:
    midway = announcements.dispatch_add(actor=f.oee(), announcement=announcement, moment=M.MIDWAY)
    first = _start(announcement)
    f.organization(
        "North Lawndale Community Coordinating Council",
        contacts=[("Dee Harris", "dee@nlccc.example.org", "en")],
    )
    sending.dispatch_send(dispatch_id=first.pk)
    assert "dee@nlccc.example.org" not in _statuses(first)
    assert len(mail.outbox) == 6
    sending.dispatches_start_due(now=midway.send_at + datetime.timedelta(seconds=1))
    midway.refresh_from_db()
    assert midway.status == D.SENDING
    assert "dee@nlccc.example.org" in _statuses(midway)
    assert midway.total == 7


# --- The messages ---------------------------------------------------------------------------


def test_everyone_is_sent_once_in_their_own_language_VII_C_3_a(
    announcement: Announcement,
) -> None:
    dispatch = _start(announcement)
    result = sending.dispatch_send(dispatch_id=dispatch.pk)
    assert (result.sent, result.failed, result.skipped, result.finished) == (6, 0, 0, True)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert len(by_address) == 6 == len(mail.outbox)
    for address, language in [
        ("ana@gpcc.example.org", "es"),
        ("ben@gpcc.example.org", "en"),
        ("li@gpcc.example.org", "zh-hans"),
        ("omar@gpcc.example.org", "ar"),
        ("resident00001@example.org", "pl"),
        ("resident00002@example.org", "hi"),
    ]:
        message = by_address[address]
        assert message.subject == f.TEXTS[language][0]
        assert f.TEXTS[language][1] in message.body
        assert announcement.link in message.body
    dispatch.refresh_from_db()
    assert (dispatch.status, dispatch.sent, dispatch.percent) == (D.SENT, 6, 100)
    assert set(_statuses(dispatch).values()) == {R.SENT}
    assert dispatch.deliveries.filter(sent_at__isnull=True).count() == 0


def test_a_language_without_a_text_gets_english(
    settings: Any, posting: Posting, people: Organization
) -> None:
    settings.TOWNHALL_POSTING_LANGUAGES = ["en", "es"]
    audience = f.audience(posting=posting, kinds=["community_group"])
    item = f.scheduled_announcement(posting, moments=[M.OPENING], audience=audience)
    dispatch = _start(item)
    sending.dispatch_send(dispatch_id=dispatch.pk)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects["ana@gpcc.example.org"] == f.TEXTS["es"][0]
    assert subjects["li@gpcc.example.org"] == f.TEXTS["en"][0]
    assert subjects["resident00001@example.org"] == f.TEXTS["en"][0]


def test_each_message_has_a_plain_text_part_an_html_part_and_one_click_unsubscribe_VII_C_3(
    announcement: Announcement,
) -> None:
    dispatch = _start(announcement)
    sending.dispatch_send(dispatch_id=dispatch.pk)
    by_address = {m.to[0]: m for m in mail.outbox}
    message = by_address["resident00001@example.org"]
    parsed = message_from_bytes(message.message().as_bytes())
    assert parsed.get_content_type() == "multipart/alternative"
    types = [part.get_content_type() for part in parsed.walk()]
    assert types[1:] == ["text/plain", "text/html"]
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = "".join(str(parsed["List-Unsubscribe"]).split())  # unfolded
    assert header.startswith("<http") and header.endswith(">")
    url = header[1:-1]
    assert url in message.body  # the same link is in the text, for people
    token = url.rstrip("/").split("/")[-1]
    target = subscriptions.unsubscribe_target(token=token)
    assert target.email == "resident00001@example.org"
    assert "/subscribe/manage/" in message.body  # a subscriber can change what they receive
    html = message.alternatives[0][0]  # type: ignore[index]
    assert f'href="{url}"' in html.replace("&amp;", "&")
    contact_message = by_address["omar@gpcc.example.org"]
    assert 'dir="rtl"' in contact_message.alternatives[0][0]  # type: ignore[index]
    assert "Garfield Park Community Council" in contact_message.body
    assert "/subscribe/manage/" not in contact_message.body
    contact_token = (
        contact_message.extra_headers["List-Unsubscribe"][1:-1].rstrip("/").split("/")[-1]
    )
    assert subscriptions.unsubscribe_target(token=contact_token).email == "omar@gpcc.example.org"


def test_a_deliverys_message_id_is_stable_so_a_resend_is_the_same_message(
    announcement: Announcement, settings: Any
) -> None:
    settings.TOWNHALL_MAIL_DOMAIN = "townhall.example.org"
    dispatch = _start(announcement)
    delivery = dispatch.deliveries.first()
    assert delivery is not None
    texts = {(t.channel, t.language): t for t in announcement.texts.all()}
    first = sending.message_for(delivery, announcement, texts).message()["Message-ID"]
    again = sending.message_for(delivery, announcement, texts).message()["Message-ID"]
    assert first == again == f"<outreach.{dispatch.pk}.{delivery.pk}@townhall.example.org>"


# --- Suppression and bounces ----------------------------------------------------------------


def test_an_address_suppressed_after_the_start_is_skipped_at_send_time(
    announcement: Announcement,
) -> None:
    dispatch = _start(announcement)
    Suppression.objects.create(email="ben@gpcc.example.org", bounces=2, reason="bounced")
    result = sending.dispatch_send(dispatch_id=dispatch.pk)
    assert (result.sent, result.skipped) == (5, 1)
    assert _statuses(dispatch)["ben@gpcc.example.org"] == R.SKIPPED
    assert "ben@gpcc.example.org" not in [m.to[0] for m in mail.outbox]
    dispatch.refresh_from_db()
    assert (dispatch.status, dispatch.sent, dispatch.skipped) == (D.SENT, 5, 1)


def test_a_permanent_refusal_counts_a_bounce_and_the_second_suppresses(
    announcement: Announcement, fake_smtp: type[FakeSMTP]
) -> None:
    fake_smtp.refuse["li@gpcc.example.org"] = (550, b"5.1.1 <li@gpcc.example.org>: User unknown")
    midway = announcements.dispatch_add(actor=f.oee(), announcement=announcement, moment=M.MIDWAY)
    closing = announcements.dispatch_add(actor=f.oee(), announcement=announcement, moment=M.CLOSING)
    first = _start(announcement)
    result = sending.dispatch_send(dispatch_id=first.pk)
    assert (result.sent, result.bounced) == (5, 1)
    assert first.deliveries.get(email="li@gpcc.example.org").status == R.BOUNCED
    assert "550" in first.deliveries.get(email="li@gpcc.example.org").error
    row = Suppression.objects.get(email="li@gpcc.example.org")
    assert (row.bounces, row.reason) == (1, "")  # one bounce: still mailed
    first.refresh_from_db()
    assert (first.status, first.failed) == (D.SENT, 1)

    sending.dispatches_start_due(now=midway.send_at + datetime.timedelta(seconds=1))
    sending.dispatch_send(dispatch_id=midway.pk)
    row.refresh_from_db()
    assert (row.bounces, row.reason) == (2, Suppression.Reason.BOUNCED)
    assert row.suppressed_at is not None

    sending.dispatches_start_due(now=closing.send_at + datetime.timedelta(seconds=1))
    assert "li@gpcc.example.org" not in _statuses(closing)  # left out when the list is fixed


def test_a_temporary_refusal_is_retried_then_failed_after_max_attempts(
    announcement: Announcement, fake_smtp: type[FakeSMTP]
) -> None:
    fake_smtp.refuse["ana@gpcc.example.org"] = (450, b"4.2.1 Mailbox busy, try again later")
    dispatch = _start(announcement)
    result = sending.dispatch_send(dispatch_id=dispatch.pk)
    assert (result.sent, result.failed, result.finished) == (5, 1, True)
    ana = dispatch.deliveries.get(email="ana@gpcc.example.org")
    assert (ana.status, ana.attempts) == (R.FAILED, sending.MAX_ATTEMPTS)
    assert "450" in ana.error
    assert not Suppression.objects.exists()  # a temporary refusal is no bounce


def test_a_message_refused_at_data_fails_alone_and_the_rest_are_sent(
    announcement: Announcement, fake_smtp: type[FakeSMTP]
) -> None:
    fake_smtp.reject_data["ben@gpcc.example.org"] = (554, b"5.7.1 Message rejected as spam")
    dispatch = _start(announcement)
    result = sending.dispatch_send(dispatch_id=dispatch.pk)
    assert (result.sent, result.failed, result.finished) == (5, 1, True)
    assert dispatch.deliveries.get(email="ben@gpcc.example.org").status == R.FAILED
    dispatch.refresh_from_db()
    assert dispatch.status == D.SENT


# --- Stopping and resuming ------------------------------------------------------------------


def test_an_smtp_outage_stops_the_chunk_and_the_resumed_send_skips_and_doubles_no_one(
    announcement: Announcement, fake_smtp: type[FakeSMTP]
) -> None:
    fake_smtp.drop_after = 3  # the 3rd message is accepted, then the connection drops
    dispatch = _start(announcement)
    result = sending.dispatch_send(dispatch_id=dispatch.pk)
    assert (result.sent, result.stopped, result.finished) == (2, "smtp", False)
    in_flight = dispatch.deliveries.get(status=R.SENDING)
    assert in_flight.email == fake_smtp.received[2].to[0]
    assert dispatch.deliveries.filter(status=R.QUEUED).count() == 3
    dispatch.refresh_from_db()
    assert dispatch.status == D.SENDING

    fake_smtp.down, fake_smtp.drop_after = False, None
    result = sending.dispatch_send(dispatch_id=dispatch.pk)
    assert (result.resent, result.finished) == (1, True)
    ids = _message_ids(fake_smtp.received)
    assert len(ids) == 7 and len(set(ids)) == 6  # the one in flight went twice ...
    assert ids.count(ids[2]) == 2  # ... with the same Message-ID, so a mailbox keeps one
    assert set(_statuses(dispatch).values()) == {R.SENT}
    assert {m.to[0] for m in fake_smtp.received} == set(_statuses(dispatch))


def test_a_server_that_refuses_connections_leaves_the_dispatch_to_resume(
    announcement: Announcement, fake_smtp: type[FakeSMTP]
) -> None:
    dispatch = _start(announcement)
    fake_smtp.down = True
    with pytest.raises(OSError):
        sending.dispatch_send(dispatch_id=dispatch.pk)
    dispatch.refresh_from_db()
    assert dispatch.status == D.SENDING
    assert dispatch.lease_until is not None and dispatch.lease_until <= timezone.now()
    assert set(_statuses(dispatch).values()) == {R.QUEUED}
    fake_smtp.down = False
    assert sending.dispatch_send(dispatch_id=dispatch.pk).sent == 6


def test_the_lease_keeps_a_second_sender_out(announcement: Announcement) -> None:
    dispatch = _start(announcement)
    Dispatch.objects.filter(pk=dispatch.pk).update(
        lease_until=timezone.now() + datetime.timedelta(minutes=1)
    )
    result = sending.dispatch_send(dispatch_id=dispatch.pk)
    assert (result.stopped, result.sent, result.finished) == ("lease", 0, False)
    assert mail.outbox == []
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2), tick=False):
        assert sending.dispatch_send(dispatch_id=dispatch.pk).sent == 6


def test_a_sender_that_meets_another_in_the_middle_gets_nothing_to_send(
    announcement: Announcement, fake_smtp: type[FakeSMTP]
) -> None:
    """Two workers on the same dispatch: the second, started while the first sends, is kept
    out by the lease; every message goes once."""
    dispatch = _start(announcement)
    seen: list[str] = []
    original = FakeSMTP.send_messages

    def send_and_meet_another(self: FakeSMTP, messages: Sequence[EmailMessage]) -> int:
        if not seen:
            seen.append(sending.dispatch_send(dispatch_id=dispatch.pk).stopped)
        return original(self, messages)

    FakeSMTP.send_messages = send_and_meet_another  # type: ignore[method-assign]
    try:
        sending.dispatch_send(dispatch_id=dispatch.pk)
    finally:
        FakeSMTP.send_messages = original  # type: ignore[method-assign]
    assert seen == ["lease"]
    assert len(_message_ids(fake_smtp.received)) == len(set(_message_ids(fake_smtp.received))) == 6


def test_a_chunk_hands_over_after_max_messages_and_the_next_continues(
    announcement: Announcement,
) -> None:
    dispatch = _start(announcement)
    first = sending.dispatch_send(dispatch_id=dispatch.pk, max_messages=4)
    assert (first.sent, first.remaining, first.finished) == (4, 2, False)
    dispatch.refresh_from_db()
    assert dispatch.status == D.SENDING
    assert dispatch.sent == 4
    assert dispatch.lease_until is not None and dispatch.lease_until <= timezone.now()
    second = sending.dispatch_send(dispatch_id=dispatch.pk, max_messages=4)
    assert (second.sent, second.remaining, second.finished) == (2, 0, True)
    assert len(set(_message_ids(mail.outbox))) == len(mail.outbox) == 6


def test_a_chunk_out_of_time_hands_over(announcement: Announcement) -> None:
    dispatch = _start(announcement)
    result = sending.dispatch_send(dispatch_id=dispatch.pk, max_seconds=0)
    assert (result.sent, result.finished, result.remaining) == (0, False, 6)


def test_sending_is_throttled_to_the_rate(announcement: Announcement) -> None:
    dispatch = _start(announcement)
    started = time.monotonic()
    sending.dispatch_send(dispatch_id=dispatch.pk, rate=25)
    assert time.monotonic() - started >= 5 / 25 * 0.9  # 6 messages: 5 intervals of 40 ms


def test_dispatches_left_by_a_stopped_worker_are_found_to_resume(
    announcement: Announcement,
) -> None:
    dispatch = _start(announcement)
    now = timezone.now()
    Dispatch.objects.filter(pk=dispatch.pk).update(lease_until=now + datetime.timedelta(seconds=30))
    assert sending.dispatches_resume(now=now) == []  # a worker holds it
    assert sending.dispatches_resume(now=now + datetime.timedelta(seconds=60)) == []
    assert sending.dispatches_resume(now=now + datetime.timedelta(seconds=91)) == [dispatch.pk]
    Dispatch.objects.filter(pk=dispatch.pk).update(lease_until=None, started_at=now)
    assert sending.dispatches_resume(now=now) == []  # just started; its task is queued
    assert sending.dispatches_resume(now=now + datetime.timedelta(minutes=2)) == [dispatch.pk]


def test_the_whole_send_runs_through_the_worker_task_after_the_start_commits(
    announcement: Announcement, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        sending.dispatches_start_due()
    dispatch = announcement.dispatches.get()
    assert dispatch.status == D.SENT
    assert len(mail.outbox) == 6


def test_the_announcement_is_done_when_its_last_dispatch_is_sent_VII_C_NOTE(
    announcement: Announcement,
) -> None:
    midway = announcements.dispatch_add(actor=f.oee(), announcement=announcement, moment=M.MIDWAY)
    first = _start(announcement)
    sending.dispatch_send(dispatch_id=first.pk)
    announcement.refresh_from_db()
    assert announcement.status == Announcement.Status.SCHEDULED
    sending.dispatches_start_due(now=midway.send_at + datetime.timedelta(seconds=1))
    sending.dispatch_send(dispatch_id=midway.pk)
    announcement.refresh_from_db()
    assert announcement.status == Announcement.Status.DONE


# --- The AMC message and the social posts ---------------------------------------------------


def test_the_amc_message_reaches_department_members_and_the_message_desk_VII_C_1(
    settings: Any, posting: Posting, all_personas: Any
) -> None:
    settings.TOWNHALL_AMC_ADDRESS = "AMC.Desk@chicagopolice.example.org"
    item = f.scheduled_announcement(posting, moments=[M.OPENING], channels=[Channel.AMC])
    dispatch = _start(item)
    deliveries = list(dispatch.deliveries.all())
    assert {d.kind for d in deliveries} == {Delivery.Kind.DEPARTMENT}
    addresses = {d.email for d in deliveries}
    assert "amc.desk@chicagopolice.example.org" in addresses
    assert "officer.member@example.org" in addresses
    assert "rd.analyst@example.org" in addresses
    assert "comms.officer@example.org" not in addresses  # not a Department member persona
    sending.dispatch_send(dispatch_id=dispatch.pk)
    assert len(mail.outbox) == len(addresses)
    message = mail.outbox[0]
    assert message.subject == f.AMC_TEXT[0]
    assert "List-Unsubscribe" not in message.extra_headers
    assert "Administrative Message Center" in message.body


def test_communications_gets_every_social_text_fitted_and_ready_to_post_VII_C_2(
    posting: Posting, persona: Any, django_capture_on_commit_callbacks: Any
) -> None:
    persona("communications")
    item = f.scheduled_announcement(
        posting, moments=[M.OPENING], channels=[Channel.X, Channel.BLUESKY, Channel.PRESS]
    )
    with django_capture_on_commit_callbacks(execute=True):
        sending.dispatches_start_due()
    dispatch = item.dispatches.get()
    assert (dispatch.status, dispatch.total) == (D.SENT, 0)  # nobody to mail: done at once
    ready = [m for m in mail.outbox if m.subject.startswith("Ready to post")]
    assert len(ready) == 1
    assert ready[0].to == ["comms.officer@example.org"]
    body = ready[0].body
    assert f"/staff/outreach/announcements/{item.pk}/" in body
    blocks = body.split("--- ")[1:]
    assert len(blocks) == 3 * 6  # X, Bluesky and the press release, in six languages
    for block in blocks:
        header, text = block.split(" ---\n", 1)
        text = text.strip()
        assert text.endswith(item.link)
        if header.startswith("X "):
            assert social.length("x", text) <= 280
        elif header.startswith("Bluesky"):
            assert social.length("bluesky", text) <= 300
    assert f.TEXTS["zh-hans"][2] in body
    assert f.TEXTS["ar"][4] in body


# --- manage.py outreach_send ----------------------------------------------------------------


def _send_command(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("outreach_send", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_starts_a_scheduled_dispatch_and_sends_it_with_progress(
    posting: Posting, people: Organization
) -> None:
    audience = f.audience(posting=posting, kinds=["community_group"])
    item = f.scheduled_announcement(posting, moments=[M.MIDWAY], audience=audience)
    dispatch = item.dispatches.get()
    out, err = _send_command(str(dispatch.pk), "--start", "--rate", "0")
    assert f"Started dispatch {dispatch.pk}: 6 recipients." in out
    assert (
        f"Dispatch {dispatch.pk} sent: 6 sent, 0 failed, 0 skipped (suppressed), 0 remaining, "
        "of 6" in out
    )
    assert "6/6" in err and "remaining=0" in err  # the tqdm bar
    dispatch.refresh_from_db()
    assert dispatch.status == D.SENT
    assert len(mail.outbox) == 6


def test_the_command_refuses_a_dispatch_not_started_without_start(
    posting: Posting, people: Organization
) -> None:
    audience = f.audience(posting=posting, kinds=["community_group"])
    item = f.scheduled_announcement(posting, moments=[M.MIDWAY], audience=audience)
    with pytest.raises(CommandError, match="--start"):
        _send_command(str(item.dispatches.get().pk))
    with pytest.raises(CommandError, match="No dispatch"):
        _send_command("999999")
    assert mail.outbox == []


def test_the_command_resumes_after_an_outage_and_reports_what_is_left(
    announcement: Announcement, fake_smtp: type[FakeSMTP]
) -> None:
    dispatch = _start(announcement)
    fake_smtp.drop_after = 2
    with pytest.raises(CommandError, match="5 still to send"):
        _send_command(str(dispatch.pk), "--no-progress")
    fake_smtp.down, fake_smtp.drop_after = True, None
    with pytest.raises(CommandError, match="Run this again"):
        _send_command(str(dispatch.pk), "--no-progress")
    fake_smtp.down = False
    out, _err = _send_command(str(dispatch.pk), "--no-progress")
    assert "6 sent, 0 failed, 0 skipped (suppressed), 0 remaining" in out
    ids = _message_ids(fake_smtp.received)
    assert len(set(ids)) == 6 and len(ids) == 7  # the one in flight at the outage, again


def test_the_command_follows_another_worker_and_takes_over_when_its_lease_lapses(
    announcement: Announcement, monkeypatch: Any
) -> None:
    from townhall.outreach.management.commands import outreach_send

    monkeypatch.setattr(outreach_send, "POLL_SECONDS", 0.05)
    dispatch = _start(announcement)
    Dispatch.objects.filter(pk=dispatch.pk).update(
        lease_until=timezone.now() + datetime.timedelta(seconds=0.3)
    )
    out, err = _send_command(str(dispatch.pk), "--no-progress")
    assert "Another worker is sending this dispatch" in err
    assert "6 sent" in out
    assert len(mail.outbox) == 6


def test_the_command_says_a_dispatch_is_already_sent_or_cancelled(
    announcement: Announcement,
) -> None:
    dispatch = _start(announcement)
    sending.dispatch_send(dispatch_id=dispatch.pk)
    out, _err = _send_command(str(dispatch.pk))
    assert f"Dispatch {dispatch.pk} sent: 6 sent" in out
    Dispatch.objects.filter(pk=dispatch.pk).update(status=D.CANCELLED)
    with pytest.raises(CommandError, match="cancelled"):
        _send_command(str(dispatch.pk))
