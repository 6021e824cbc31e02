"""Staff side of feedback: the inbox, moderation, entry of comments received another way and
bulk import (seed 002 VI-B-4, VI-C-3, VII-D-3, V-C-10-c)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from townhall.core.errors import NotAllowed
from townhall.core.models import AuditEvent
from townhall.feedback import importing
from townhall.feedback.models import Comment, ImportBatch
from townhall.feedback.services import (
    CommentInvalid,
    comment_enter,
    comment_hide,
    comment_publish,
    comment_submit,
)
from townhall.postings.tests.factories import open_posting

pytestmark = pytest.mark.django_db


@pytest.fixture
def posting(d22_draft):  # type: ignore[no-untyped-def]
    return open_posting(d22_draft)


def test_staff_enter_an_emailed_comment_with_channel_and_date_VII_D_3(persona, posting) -> None:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    comment = comment_enter(
        actor=persona("oee"),
        posting=posting,
        body="Sent to community@chicagopolice.org",
        channel="email",
        received_on=yesterday,
        section="V-C-10-b",
    )
    assert (comment.channel, comment.received_on, comment.entered_by) == (
        "email",
        yesterday,
        persona("oee"),
    )
    assert AuditEvent.objects.filter(action="comment.enter", object_id=str(comment.pk)).exists()


def test_originating_unit_submits_feedback_it_received_VI_C_3(persona, posting) -> None:
    comment = comment_enter(
        actor=persona("originating_unit"),
        posting=posting,
        body="Heard at roll call.",
        channel="meeting",
        received_on=timezone.localdate(),
        origin="internal",
    )
    assert comment.origin == "internal"


def test_staff_entry_checks_its_input(persona, posting) -> None:
    with pytest.raises(CommentInvalid):
        comment_enter(
            actor=persona("oee"),
            posting=posting,
            body="x",
            channel="web",
            received_on=timezone.localdate(),
        )
    with pytest.raises(CommentInvalid):
        comment_enter(
            actor=persona("oee"),
            posting=posting,
            body="x",
            channel="paper",
            received_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    with pytest.raises(NotAllowed):
        comment_enter(
            actor=persona("communications"),
            posting=posting,
            body="x",
            channel="paper",
            received_on=timezone.localdate(),
        )


def test_entry_form_keeps_what_was_typed_on_error(client_as, posting) -> None:
    response = client_as("oee").post(
        f"/staff/comments/posting/{posting.pk}/new/",
        {
            "channel": "paper",
            "received_on": timezone.localdate().isoformat(),
            "origin": "external",
            "section": "Q-9",
            "body": "Handwritten card from a block club.",
        },
    )
    assert response.status_code == 200
    assert "Handwritten card from a block club." in response.text
    assert "There is no item Q-9" in response.text


def test_inbox_filters_by_section_origin_text_and_date(client_as, posting) -> None:
    comment_submit(posting=posting, body="Youth outreach matters.", section="V-B")
    comment_submit(
        posting=posting, body="Posting periods are too short.", section="V-C-10", internal=True
    )
    client = client_as("rd")
    base = f"/staff/comments/posting/{posting.pk}/"
    assert "Youth outreach" in client.get(base, {"section": "V"}).text
    only_internal = client.get(base, {"origin": "internal"}).text
    assert "too short" in only_internal and "Youth outreach" not in only_internal
    assert "Youth outreach" in client.get(base, {"q": "youth"}).text
    assert "No comments match" in client.get(base, {"date_to": "2000-01-01"}).text


def test_mark_read_flag_and_publish_from_the_inbox(client_as, persona, posting) -> None:
    comment = comment_submit(posting=posting, body="Please publish me.").comment
    client = client_as("oee")
    inbox = f"/staff/comments/posting/{posting.pk}/"
    client.post(f"{inbox}moderate/", {"ids": [comment.pk], "action": "read"})
    client.post(f"{inbox}moderate/", {"ids": [comment.pk], "action": "flag"})
    client.post(f"{inbox}moderate/", {"ids": [comment.pk], "action": "publish"})
    comment.refresh_from_db()
    assert comment.is_read and comment.is_flagged and comment.status == "published"
    assert {"comment.mark", "comment.publish"} <= set(
        AuditEvent.objects.filter(object_id=str(comment.pk)).values_list("action", flat=True)
    )


def test_hidden_comment_stays_in_the_record(persona, posting, client) -> None:
    oee = persona("oee")
    comment = comment_submit(posting=posting, body="Off-topic advertisement.").comment
    comment_publish(actor=oee, comment=comment)
    comment_hide(actor=oee, comment=comment, reason="Advertising, not a comment on the policy.")
    assert Comment.objects.filter(pk=comment.pk, status="hidden").exists()
    assert "Off-topic advertisement." not in client.get(posting.get_absolute_url()).text
    assert client.get(f"/api/v1/receipts/{comment.receipt}").json()["state"] == "hidden"


def _csv(rows: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile("comments.csv", ("\n".join(rows) + "\n").encode())


def test_bulk_import_previews_reports_row_errors_and_imports_the_good_rows(
    persona, posting, django_capture_on_commit_callbacks
) -> None:
    upload = _csv(
        [
            "comment,section,name,date_received,origin",
            "From a paper form at the library.,V-C-10,Ana,2024-05-01,public",
            ",V-C-10,Empty,2024-05-01,public",
            "Unknown item.,Z-1,,2024-05-01,public",
            "Bad date.,,," + "01-05-2024x,public",
            "From roll call.,,,2024-05-02,department",
        ]
    )
    batch = importing.import_preview(
        actor=persona("oee"), posting=posting, upload=upload, channel="paper"
    )
    assert (batch.total_rows, batch.valid_rows) == (5, 2)
    assert [(e["row"], e["field"]) for e in batch.errors] == [
        (3, "comment"),
        (4, "section"),
        (5, "date_received"),
    ]
    assert Comment.objects.count() == 0  # nothing imported before confirmation
    with django_capture_on_commit_callbacks(execute=True):
        importing.import_confirm(actor=persona("oee"), batch=batch)
    batch.refresh_from_db()
    assert batch.status == "done" and batch.imported_rows == 2
    rows = list(
        Comment.objects.order_by("received_on").values_list("channel", "origin", "section_anchor")
    )
    assert rows == [("paper", "external", "V-C-10"), ("paper", "internal", "")]


def test_restarted_import_neither_skips_nor_doubles(persona, posting) -> None:
    upload = _csv(["comment"] + [f"Comment number {i}." for i in range(12)])
    batch = importing.import_preview(
        actor=persona("rd"), posting=posting, upload=upload, channel="email"
    )
    ImportBatch.objects.filter(pk=batch.pk).update(status="running")
    importing._insert(batch, [r for r in importing.preview_rows(batch, limit=5)])  # a crash after 5
    assert importing.run_import(batch_id=batch.pk) == 7  # the rerun adds only the rest
    assert Comment.objects.count() == 12


def test_bulk_import_reads_xlsx(persona, posting) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Comment", "Date received"])
    sheet.append(["Typed in from a meeting.", datetime.datetime(2024, 6, 1)])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("meeting.xlsx", buffer.getvalue())
    batch = importing.import_preview(
        actor=persona("rd"), posting=posting, upload=upload, channel="meeting"
    )
    assert batch.valid_rows == 1
    assert importing.preview_rows(batch, limit=1)[0].received_on == datetime.date(2024, 6, 1)


def test_import_refuses_unreadable_files_clearly(persona, posting) -> None:
    from townhall.core.errors import DomainError

    with pytest.raises(DomainError):
        importing.import_preview(
            actor=persona("rd"),
            posting=posting,
            upload=SimpleUploadedFile("x.pdf", b"%PDF"),
            channel="paper",
        )
    with pytest.raises(DomainError):
        importing.import_preview(
            actor=persona("rd"),
            posting=posting,
            upload=_csv(["name", "only names"]),
            channel="paper",
        )


def test_import_progress_page_shows_a_progress_bar(client_as, persona, posting) -> None:
    batch = importing.import_preview(
        actor=persona("rd"), posting=posting, upload=_csv(["comment", "a", "b"]), channel="email"
    )
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", processed_rows=1)
    page = client_as("rd").get(f"/staff/comments/imports/{batch.pk}/").text
    assert "<progress" in page and 'http-equiv="refresh"' in page


def _running_batch(persona, posting, rows: list[str]) -> ImportBatch:  # type: ignore[no-untyped-def]
    batch = importing.import_preview(
        actor=persona("rd"), posting=posting, upload=_csv(rows), channel="email"
    )
    ImportBatch.objects.filter(pk=batch.pk).update(status="running")
    batch.refresh_from_db()
    return batch


def test_import_receipt_collision_never_drops_a_row(persona, posting, monkeypatch) -> None:
    taken = comment_submit(posting=posting, body="Already here.").comment.receipt
    batch = _running_batch(persona, posting, ["comment"] + [f"Row {i}." for i in range(6)])
    real = importing._receipts
    draws: list[int] = []

    def colliding(n: int) -> list[str]:
        # The first draw repeats a stored receipt and repeats itself inside the chunk.
        draws.append(n)
        return [taken] * n if len(draws) == 1 else real(n)

    monkeypatch.setattr(importing, "_receipts", colliding)
    assert importing.run_import(batch_id=batch.pk) == 6
    imported = Comment.objects.filter(import_batch=batch)
    assert imported.count() == 6 and len(set(imported.values_list("receipt", flat=True))) == 6
    assert len(draws) >= 2  # the losers were drawn again
    batch.refresh_from_db()
    assert (batch.status, batch.imported_rows, batch.processed_rows) == ("done", 6, 6)


def test_import_stores_the_redaction(persona, posting) -> None:
    batch = _running_batch(
        persona,
        posting,
        [
            "comment",
            '"Write to me at ana.diaz@example.org or call (312) 555-0142."',
            '"Stop the fast lanes, keep the internet open."',
        ],
    )
    importing.run_import(batch_id=batch.pk)
    rows = dict(Comment.objects.values_list("body", "redacted_body"))
    kinds = dict(Comment.objects.values_list("body", "pii_kinds"))
    with_pii = "Write to me at ana.diaz@example.org or call (312) 555-0142."
    assert rows[with_pii] == "Write to me at [email removed] or call [phone number removed]."
    assert kinds[with_pii] == ["email", "phone"]
    assert rows["Stop the fast lanes, keep the internet open."] == ""
    assert kinds["Stop the fast lanes, keep the internet open."] == []


def test_import_redaction_shortcut_matches_pii_patterns() -> None:
    # If this fails, pii.py's patterns changed: check that each still needs an "@", three
    # digits in a row or a digit followed by a space, then update importing._PII_FINGERPRINT.
    assert importing._PII_SHORTCUT, "re-derive importing._MAY_HOLD_PII for the new pii patterns"


def test_import_redaction_shortcut_skips_only_texts_without_pii() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from townhall.feedback.pii import redact

    pieces = st.sampled_from(
        [
            "4380 N Elston Ave",
            "312-555-0142",
            "a@b.co",
            "12 Main St",
            "G03-02",
            "2017",
            " ",
            "\n",
            "Officer ",
            "Ruiz",
            "my name is ",
        ]
    )

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.one_of(st.text(), pieces), max_size=6).map("".join))
    def check(text: str) -> None:
        expected_text, expected_kinds = redact(text)
        assert importing._redacted(text) == (
            expected_text if expected_kinds else "",
            expected_kinds,
        )

    check()


def test_import_progress_is_written_after_every_chunk(persona, posting, monkeypatch) -> None:
    batch = _running_batch(persona, posting, ["comment"] + [f"Row {i}." for i in range(7)])
    monkeypatch.setattr(importing, "CHUNK", 3)
    seen: list[int] = []
    real = importing._insert_prepared

    def spy(batch_, prepared):  # type: ignore[no-untyped-def]
        seen.append(ImportBatch.objects.get(pk=batch_.pk).processed_rows)
        return real(batch_, prepared)

    monkeypatch.setattr(importing, "_insert_prepared", spy)
    assert importing.run_import(batch_id=batch.pk) == 7
    assert seen == [0, 3, 6]


def test_import_failure_in_the_reader_marks_the_batch_failed(persona, posting, monkeypatch) -> None:
    batch = _running_batch(persona, posting, ["comment", "One.", "Two."])

    def broken(batch_id, rows):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk gone")

    monkeypatch.setattr(importing, "_prepare", broken)
    with pytest.raises(RuntimeError, match="disk gone"):
        importing.run_import(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == "failed" and Comment.objects.count() == 0


def test_import_reads_windows_1252(persona, posting) -> None:
    upload = SimpleUploadedFile(
        "c.csv", "comment\nCaf\u00e9 meeting \u2013 notes\n".encode("cp1252")
    )
    batch = importing.import_preview(
        actor=persona("rd"), posting=posting, upload=upload, channel="paper"
    )
    assert importing.preview_rows(batch, limit=1)[0].body == "Caf\u00e9 meeting \u2013 notes"


def test_imported_rows_carry_the_same_fingerprint_as_other_channels(persona, posting) -> None:
    from townhall.feedback.services import fingerprint

    batch = _running_batch(persona, posting, ["comment,section", "Typed from paper.,V-C-10"])
    importing.run_import(batch_id=batch.pk)
    comment = Comment.objects.get(import_batch=batch)
    assert comment.fingerprint == fingerprint(body="Typed from paper.", section="V-C-10")
