"""Bounces (seed 002 VII-C-3; issue 9): a delivery status notification (RFC 3464) that says a
recipient failed permanently counts a bounce and marks the delivery it answers; two bounces
suppress the address everywhere; delays do not count; a Maildir is read once."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from townhall.outreach import sending
from townhall.outreach.bounces import maildir_process
from townhall.outreach.models import Channel, Delivery, Dispatch, Suppression
from townhall.outreach.tests import factories as f
from townhall.postings.tests.factories import open_posting

pytestmark = pytest.mark.django_db


def dsn(
    recipient: str,
    *,
    delivery: int | None = None,
    action: str = "failed",
    status: str = "5.1.1",
    diagnostic: str = "smtp; 550 5.1.1 Recipient address rejected: User unknown",
    original: str = "text/rfc822-headers",
) -> bytes:
    """A bounce as Postfix writes it: multipart/report with a human part, the
    message/delivery-status, and the returned message's headers."""
    headers = (
        "From: Townhall <townhall@townhall.example.org>\r\n"
        f"To: {recipient}\r\n"
        "Subject: Comment on the draft of D22-08\r\n"
        f"Message-ID: <outreach.1.{delivery or 0}@townhall.example.org>\r\n"
        + (f"X-Townhall-Delivery: {delivery}\r\n" if delivery else "")
    )
    returned = (
        f"Content-Type: text/rfc822-headers\r\n\r\n{headers}"
        if original == "text/rfc822-headers"
        else f"Content-Type: message/rfc822\r\n\r\n{headers}\r\nThe draft is posted.\r\n"
    )
    return (
        "Return-Path: <>\r\n"
        "From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\r\n"
        "To: townhall@townhall.example.org\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B0UND"\r\n'
        "\r\n"
        "--B0UND\r\n"
        "Content-Description: Notification\r\n"
        "Content-Type: text/plain; charset=us-ascii\r\n"
        "\r\n"
        "This is the mail system at host mx.example.org.\r\n"
        "I'm sorry to have to inform you that your message could not\r\n"
        "be delivered to one or more recipients.\r\n"
        "\r\n"
        "--B0UND\r\n"
        "Content-Description: Delivery report\r\n"
        "Content-Type: message/delivery-status\r\n"
        "\r\n"
        "Reporting-MTA: dns; mx.example.org\r\n"
        "X-Postfix-Queue-ID: 4XyZ1k2Lmnz9\r\n"
        "Arrival-Date: Mon, 23 Nov 2026 09:00:01 -0600 (CST)\r\n"
        "\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\n"
        f"Original-Recipient: rfc822;{recipient}\r\n"
        f"Action: {action}\r\n"
        f"Status: {status}\r\n"
        "Remote-MTA: dns; mx2.example.org\r\n"
        f"Diagnostic-Code: {diagnostic}\r\n"
        "\r\n"
        "--B0UND\r\n"
        "Content-Description: Undelivered Message Headers\r\n"
        f"{returned}"
        "\r\n"
        "--B0UND--\r\n"
    ).encode()


@pytest.fixture
def delivery(d22_draft: Any) -> Delivery:
    posting = open_posting(d22_draft)
    item = f.announcement(posting, channels=[Channel.X], write=False)
    dispatch = Dispatch.objects.create(
        announcement=item, send_at=timezone.now(), status=Dispatch.Status.SENT
    )
    return Delivery.objects.create(
        dispatch=dispatch,
        email="li@gpcc.example.org",
        language="zh-hans",
        kind=Delivery.Kind.CONTACT,
        status=Delivery.Status.SENT,
    )


def test_a_permanent_failure_counts_a_bounce_and_marks_the_delivery(delivery: Delivery) -> None:
    assert sending.bounces_process(dsn("li@gpcc.example.org", delivery=delivery.pk)) == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.BOUNCED
    assert delivery.error == "DSN 5.1.1"
    row = Suppression.objects.get(email="li@gpcc.example.org")
    assert (row.bounces, row.reason) == (1, "")
    assert row.last_bounce_detail == "DSN 5.1.1"


def test_the_returned_message_may_be_whole_message_rfc822(delivery: Delivery) -> None:
    raw = dsn("li@gpcc.example.org", delivery=delivery.pk, original="message/rfc822")
    assert sending.bounces_process(raw) == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.BOUNCED


def test_an_address_that_bounces_twice_is_suppressed(delivery: Delivery) -> None:
    sending.bounces_process(dsn("Li@GPCC.example.org"))
    sending.bounces_process(dsn("li@gpcc.example.org"))
    row = Suppression.objects.get(email="li@gpcc.example.org")
    assert (row.bounces, row.reason) == (2, Suppression.Reason.BOUNCED)
    assert row.suppressed_at is not None


def test_a_delayed_notice_does_not_count(delivery: Delivery) -> None:
    raw = dsn(
        "li@gpcc.example.org",
        delivery=delivery.pk,
        action="delayed",
        status="4.4.1",
        diagnostic="smtp; 421 4.4.1 Connection timed out",
    )
    assert sending.bounces_process(raw) == 0
    assert sending.bounces_process(dsn("li@gpcc.example.org", status="4.2.2")) == 0
    assert not Suppression.objects.exists()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT


def test_a_delivery_is_marked_only_when_the_bounce_is_about_its_address(
    delivery: Delivery,
) -> None:
    assert sending.bounces_process(dsn("someone.else@example.org", delivery=delivery.pk)) == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT


def test_a_message_that_is_no_report_counts_nothing(db: None) -> None:
    raw = b"From: a@example.org\r\nTo: b@example.org\r\nSubject: Hello\r\n\r\nOut of office.\r\n"
    assert sending.bounces_process(raw) == 0
    assert sending.bounces_process(b"\x00\xff not mail at all") == 0


def test_record_bounce_counts_one_more_each_time(db: None) -> None:
    first = sending.record_bounce(email=" Ana@Example.org ", detail="550 5.1.1")
    assert (first.email, first.bounces, first.reason) == ("ana@example.org", 1, "")
    second = sending.record_bounce(email="ana@example.org")
    assert (second.bounces, second.reason) == (2, "bounced")
    third = sending.record_bounce(email="ana@example.org")
    assert third.suppressed_at == second.suppressed_at


# --- The Maildir ----------------------------------------------------------------------------


def _maildir(root: Path, messages: dict[str, bytes]) -> Path:
    for folder in ("new", "cur", "tmp"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for name, raw in messages.items():
        (root / "new" / name).write_bytes(raw)
    return root


def test_a_maildir_is_read_once_and_its_messages_move_to_cur(
    delivery: Delivery, tmp_path: Path
) -> None:
    root = _maildir(
        tmp_path / "bounces",
        {
            "1700000000.M1P1.mx": dsn("li@gpcc.example.org", delivery=delivery.pk),
            "1700000001.M2P1.mx": dsn("omar@gpcc.example.org"),
            "1700000002.M3P1.mx": dsn("ana@example.org", action="delayed", status="4.4.1"),
        },
    )
    assert maildir_process(str(root)) == 2
    assert list((root / "new").iterdir()) == []
    assert sorted(p.name for p in (root / "cur").iterdir()) == [
        "1700000000.M1P1.mx:2,S",
        "1700000001.M2P1.mx:2,S",
        "1700000002.M3P1.mx:2,S",
    ]
    assert maildir_process(str(root)) == 0  # each message is read once
    assert Suppression.objects.get(email="li@gpcc.example.org").bounces == 1


def test_a_malformed_message_does_not_block_the_others(
    db: None, tmp_path: Path, monkeypatch: Any
) -> None:
    root = _maildir(
        tmp_path / "bounces",
        {"1.bad": b"broken", "2.good": dsn("omar@gpcc.example.org")},
    )
    calls: list[bytes] = []
    original = sending.bounces_process

    def flaky(raw: bytes) -> int:
        calls.append(raw)
        if raw == b"broken":
            raise ValueError("unreadable")
        return original(raw)

    monkeypatch.setattr("townhall.outreach.bounces.bounces_process", flaky)
    assert maildir_process(str(root)) == 1
    assert len(calls) == 2
    assert len(list((root / "cur").iterdir())) == 2


def test_no_maildir_configured_reads_nothing(db: None, settings: Any, tmp_path: Path) -> None:
    settings.TOWNHALL_BOUNCE_MAILDIR = ""
    assert maildir_process() == 0
    assert maildir_process(str(tmp_path / "missing")) == 0


def test_the_worker_reads_the_configured_maildir(db: None, settings: Any, tmp_path: Path) -> None:
    settings.TOWNHALL_BOUNCE_MAILDIR = str(_maildir(tmp_path / "b", {"1": dsn("a@example.org")}))
    assert maildir_process() == 1


# --- manage.py outreach_bounces -------------------------------------------------------------


def _run(*args: str, **kwargs: Any) -> str:
    out = io.StringIO()
    call_command("outreach_bounces", *args, stdout=out, **kwargs)
    return out.getvalue()


def test_the_command_counts_bounces_in_files(delivery: Delivery, tmp_path: Path) -> None:
    one = tmp_path / "one.eml"
    one.write_bytes(dsn("li@gpcc.example.org", delivery=delivery.pk))
    two = tmp_path / "two.eml"
    two.write_bytes(dsn("li@gpcc.example.org", action="delayed", status="4.4.1"))
    assert _run(str(one), str(two)) == "Counted 1 bounces in 2 messages.\n"
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.BOUNCED


def test_the_command_reads_standard_input(db: None) -> None:
    output = _run("-", stdin=io.BytesIO(dsn("omar@gpcc.example.org")))
    assert output == "Counted 1 bounces in 1 messages.\n"
    assert Suppression.objects.get(email="omar@gpcc.example.org").bounces == 1


def test_the_command_reads_a_maildir_once(db: None, tmp_path: Path) -> None:
    root = _maildir(tmp_path / "m", {"1": dsn("a@example.org"), "2": dsn("b@example.org")})
    assert _run("--maildir", str(root)) == "Counted 2 bounces in 2 messages.\n"
    assert _run("--maildir", str(root)) == "Counted 0 bounces in 0 messages.\n"


def test_the_command_refuses_what_it_cannot_read(db: None, settings: Any, tmp_path: Path) -> None:
    settings.TOWNHALL_BOUNCE_MAILDIR = ""
    with pytest.raises(CommandError, match="Give DSN files"):
        _run()
    with pytest.raises(CommandError, match="does not exist"):
        _run(str(tmp_path / "nothing.eml"))
    with pytest.raises(CommandError, match="not a Maildir"):
        _run("--maildir", str(tmp_path))
