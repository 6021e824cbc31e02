"""Comment intake: seed 002 VII-B-2 (public and internal), V-C-10 (comment on current and draft
directives), and the promise that nothing sent is lost and a receipt follows the commit."""

from __future__ import annotations

import datetime
import logging

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from townhall.feedback.models import Attachment, Comment
from townhall.feedback.services import comment_submit, normalize_receipt
from townhall.feedback.tests.helpers import post_comment
from townhall.postings.tests.factories import open_posting, scheduled_posting

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def posting(d22_draft):  # type: ignore[no-untyped-def]
    return open_posting(d22_draft)


def test_resident_comments_on_a_section_and_gets_a_receipt_after_the_commit_V_C_10_a(
    client, posting
) -> None:
    response = post_comment(
        client, posting.pk, body="Add youth to the outreach list.", section="V-C-10"
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert response["Location"] == f"/receipts/{comment.receipt}/?new=1"
    assert comment.section_anchor == "V-C-10" and comment.origin == "external"
    assert comment.version_id == posting.version_id
    page = client.get(response["Location"]).text
    assert comment.receipt in page and "Thank you" in page


def test_comment_on_the_whole_posting(client, posting) -> None:
    post_comment(client, posting.pk, body="The whole directive is clear.")
    assert Comment.objects.get().section_anchor == ""


def test_department_member_signed_in_is_recorded_internal_VII_B_2(
    client_as, persona, posting
) -> None:
    client = client_as("department_member")
    response = post_comment(client, posting.pk, body="From the Wire.")
    assert response.status_code == 302
    assert Comment.objects.get().origin == "internal"


def test_receipt_is_emailed_when_an_email_was_given(
    client, posting, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, posting.pk, body="Please reply.", email="resident@example.org")
    comment = Comment.objects.get()
    assert mail.outbox[-1].to == ["resident@example.org"]
    assert comment.receipt in mail.outbox[-1].subject


def test_double_submitted_form_gives_one_comment_and_the_same_receipt(client, posting) -> None:
    import re

    import time_machine

    from townhall.feedback.tests.helpers import _later, form_fields, solve

    fields = form_fields(client.get(f"/postings/{posting.pk}/comment/").text)
    payload = {
        "body": "Sent twice by a double click.",
        "challenge_answer": solve(fields["form_token"]),
        **fields,
    }
    with time_machine.travel(_later(), tick=True):
        first = client.post(f"/postings/{posting.pk}/comment/", payload)
        second = client.post(f"/postings/{posting.pk}/comment/", payload)
    assert first["Location"] == second["Location"]
    assert Comment.objects.count() == 1
    assert re.search(r"TH-\w{4}-\w{4}", first["Location"])


@pytest.mark.parametrize(
    ("body", "section", "message"),
    [
        ("", "", "Write your comment before sending it."),
        ("x" * 5001, "", "the limit is 5000"),
        ("A fine comment.", "Z-99", "There is no item Z-99"),
    ],
)
def test_bad_input_is_refused_clearly_and_keeps_the_text(
    client, posting, body, section, message
) -> None:
    response = post_comment(client, posting.pk, body=body, section=section)
    assert response.status_code == 400
    assert message in response.text
    if body:
        assert body[:200] in response.text
    assert Comment.objects.count() == 0


def _post_after_closing(client, posting, body):  # type: ignore[no-untyped-def]
    """A resident opened the form while the period was open and sends it after it closed."""
    from townhall.feedback.tests.helpers import form_fields, solve
    from townhall.postings.services import postings_tick

    with time_machine.travel(posting.closes_at - datetime.timedelta(minutes=30), tick=False):
        fields = form_fields(client.get(f"/postings/{posting.pk}/comment/").text)
        answer = solve(fields["form_token"])
    with time_machine.travel(posting.closes_at + datetime.timedelta(minutes=5), tick=False):
        postings_tick()
        return client.post(
            f"/postings/{posting.pk}/comment/", {"body": body, "challenge_answer": answer, **fields}
        )


def test_closed_period_refuses_with_the_closing_date_and_keeps_the_text(client, d22_draft) -> None:
    posting = open_posting(d22_draft)
    response = _post_after_closing(client, posting, "Too late, but important.")
    assert response.status_code == 409
    assert "The comment period closed on" in response.text
    assert "Too late, but important." in response.text
    assert "RandD@chicagopolice.org" in response.text
    assert Comment.objects.count() == 0


def test_closed_period_points_to_the_continuous_channel(
    client, persona, rd, d22_draft, s04_versions
) -> None:
    from django.conf import settings

    from townhall.postings import services
    from townhall.postings.tests.factories import NARRATIVE, SUMMARY

    closed = open_posting(s04_versions[1])
    continuous = services.directive_mark_continuous(
        actor=persona("ocpr_chief"),
        directive=s04_versions[1].directive,
        narrative=NARRATIVE,
        summary=SUMMARY,
    )
    for code in settings.TOWNHALL_POSTING_LANGUAGES:
        services.posting_text_set(
            actor=rd, posting=continuous, language=code, narrative="n", summary="s"
        )
    services.posting_schedule(actor=rd, posting=continuous)
    services.postings_tick(now=timezone.now() + datetime.timedelta(minutes=1))
    response = _post_after_closing(client, closed, "Where do I go now?")
    assert continuous.get_absolute_url() in response.text


def test_upcoming_period_says_when_it_opens(d22_draft) -> None:
    from townhall.feedback.services import PeriodNotOpen

    posting = scheduled_posting(d22_draft)
    with pytest.raises(PeriodNotOpen) as err:
        comment_submit(posting=posting, body="Early.")
    assert "opens on" in err.value.message


def test_honeypot_too_fast_and_missing_challenge_are_refused_with_text_kept(
    client, posting
) -> None:
    honeypot = post_comment(client, posting.pk, body="Bot text.", website="http://spam.example")
    assert honeypot.status_code == 400 and "Bot text." in honeypot.text
    too_fast = post_comment(client, posting.pk, body="Very quick typist.", wait=False)
    assert too_fast.status_code == 400 and "Very quick typist." in too_fast.text
    no_answer = post_comment(client, posting.pk, body="No check.", challenge_answer="")
    assert no_answer.status_code == 400 and "No check." in no_answer.text
    assert Comment.objects.count() == 0


@override_settings(TOWNHALL_COMMENT_RATE_LIMIT=2)
def test_rate_limit_answers_429_with_retry_after_and_keeps_the_text(client, posting) -> None:
    for i in range(2):
        assert post_comment(client, posting.pk, body=f"Comment {i}").status_code == 302
    response = post_comment(client, posting.pk, body="One too many.")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "One too many." in response.text


def test_no_ip_address_user_agent_or_cookie_is_stored_or_logged(client, posting, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    post_comment(
        client,
        posting.pk,
        body="Privacy matters.",
        REMOTE_ADDR="203.0.113.77",
        HTTP_USER_AGENT="Mozilla/5.0 TestAgent",
    )
    comment = Comment.objects.get()
    stored = " ".join(str(getattr(comment, f.attname)) for f in Comment._meta.concrete_fields)
    for secret in ("203.0.113.77", "TestAgent", client.cookies.get("csrftoken").value):
        assert secret not in stored
        assert secret not in caplog.text
    names = {f.name for f in Comment._meta.get_fields()}
    assert not names & {"ip", "ip_address", "user_agent", "session", "cookie"}


def test_personal_information_is_flagged_and_redacted_when_published(
    client, posting, persona
) -> None:
    from townhall.feedback.services import comment_publish

    post_comment(client, posting.pk, body="Call me at 312-555-0134 or write jane@example.org.")
    comment = Comment.objects.get()
    assert set(comment.pii_kinds) == {"email", "phone"}
    assert "312-555-0134" in comment.body  # the original stays in the record
    comment_publish(actor=persona("oee"), comment=comment)
    page = client.get(posting.get_absolute_url()).text
    assert "312-555-0134" not in page and "[phone number removed]" in page


def test_attachments_are_checked_by_content_and_stored_outside_the_web_root(
    client, posting, settings
) -> None:
    ok = post_comment(
        client, posting.pk, body="See attached.", attachments=[SimpleUploadedFile("memo.pdf", PDF)]
    )
    assert ok.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.file.path.startswith(str(settings.MEDIA_ROOT))
    assert "memo" not in attachment.file.name  # stored under a random name
    fake = SimpleUploadedFile("photo.pdf", b"<html><script>alert(1)</script></html>")
    bad = post_comment(client, posting.pk, body="Not really a PDF.", attachments=[fake])
    assert bad.status_code == 400 and "Not really a PDF." in bad.text
    assert Comment.objects.count() == 1


def test_attachment_is_served_to_staff_only_as_a_download(client, client_as, posting) -> None:
    post_comment(
        client, posting.pk, body="See attached.", attachments=[SimpleUploadedFile("memo.pdf", PDF)]
    )
    attachment = Attachment.objects.get()
    url = f"/staff/comments/attachments/{attachment.pk}/"
    assert client.get(url).status_code == 302
    response = client_as("oee").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


def test_comments_are_never_deleted(posting) -> None:
    comment = comment_submit(posting=posting, body="Keep me.").comment
    with pytest.raises(TypeError):
        comment.delete()
    with pytest.raises(TypeError):
        Comment.objects.all().delete()


def test_receipt_lookup_forgives_how_people_type_it(client, posting) -> None:
    comment = comment_submit(posting=posting, body="Look me up.").comment
    typed = comment.receipt.lower().replace("-", " ").replace("0", "o")
    assert normalize_receipt(typed) == comment.receipt
    response = client.get("/receipts/", {"receipt": typed})
    assert response.status_code == 302 and comment.receipt in response["Location"]
    assert client.get("/receipts/TH-0000-0000/").status_code == 404


def test_comment_stays_bound_to_the_version_it_was_written_on(rd, posting) -> None:
    from townhall.directives.services import draft_publish
    from townhall.postings.services import postings_tick

    comment = comment_submit(posting=posting, body="On this text.").comment
    with time_machine.travel(posting.closes_at + datetime.timedelta(minutes=1), tick=False):
        postings_tick()
    draft_publish(actor=rd, version=posting.version)
    comment.refresh_from_db()
    assert comment.version_id == posting.version_id


def test_comment_at_the_closing_instant_is_refused(d22_draft) -> None:
    from townhall.feedback.services import PeriodNotOpen
    from townhall.postings.services import postings_tick

    posting = open_posting(d22_draft)
    assert posting.closes_at is not None
    with time_machine.travel(posting.closes_at, tick=False):
        postings_tick()
        posting.refresh_from_db()
        with pytest.raises(PeriodNotOpen):
            comment_submit(posting=posting, body="Right at the deadline.")


def test_same_form_with_different_text_is_not_taken_for_the_first(client, posting) -> None:
    import time_machine

    from townhall.feedback.tests.helpers import _later, form_fields, solve

    fields = form_fields(client.get(f"/postings/{posting.pk}/comment/").text)
    answer = solve(fields["form_token"])
    with time_machine.travel(_later(), tick=True):
        client.post(
            f"/postings/{posting.pk}/comment/",
            {"body": "First text.", "challenge_answer": answer, **fields},
        )
        second = client.post(
            f"/postings/{posting.pk}/comment/",
            {"body": "Edited text.", "challenge_answer": answer, **fields},
        )
    assert second.status_code == 409
    assert "Edited text." in second.text and "already sent, with different text" in second.text
    assert list(Comment.objects.values_list("body", flat=True)) == ["First text."]


def test_comment_after_closing_time_is_refused_before_the_worker_ticks_V_C_10(d22_draft) -> None:
    from townhall.feedback.services import PeriodNotOpen

    posting = open_posting(d22_draft)
    with time_machine.travel(posting.closes_at + datetime.timedelta(hours=6), tick=False):
        with pytest.raises(PeriodNotOpen) as err:
            comment_submit(posting=posting, body="Six hours late.")
    assert "closed on" in err.value.message


def test_the_notice_names_public_records_personal_information_and_copa(client, posting) -> None:
    for lang in ("", "/es"):
        page = client.get(f"{lang}/postings/{posting.pk}/comment/").text
        assert "https://www.chicagocopa.org/" in page
    english = client.get(f"/postings/{posting.pk}/comment/").text
    assert "Comments are public records" in english and "personal information" in english
    assert "documentos públicos" in client.get(f"/es/postings/{posting.pk}/comment/").text


def test_a_csrf_failure_keeps_the_typed_comment(posting) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/postings/{posting.pk}/comment/", {"body": "Typed before the page expired."}
    )
    assert response.status_code == 403
    assert "Typed before the page expired." in response.text
    assert "The form could not be sent" in response.text
