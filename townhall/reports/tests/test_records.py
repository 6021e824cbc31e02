"""Records exports (seed 002 VI-B-4, VII-D; VIII): everything the record holds on a posting or
a meeting, hidden comments included, as a ZIP with a checksum manifest, made by the worker
with its progress, claimed once, never redone."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from townhall.core.errors import FieldsInvalid, NotAllowed
from townhall.core.models import AuditEvent
from townhall.feedback import analysis, review
from townhall.feedback.analysis_models import Disposition
from townhall.feedback.models import Comment, FeedbackItem, ThemeAssignment
from townhall.feedback.services import comment_hide, comment_publish, comment_submit
from townhall.feedback.tests.texts import LETTER, SNAP_ELDERLY, SNAP_UTILITIES, YOUTH
from townhall.meetings import minutes as meeting_minutes
from townhall.meetings import registration, services, speaking, written
from townhall.meetings.tests.factories import scheduled_meeting
from townhall.postings import services as postings
from townhall.postings.tests.factories import open_posting
from townhall.reports import records
from townhall.reports.models import RecordsExport
from townhall.reports.records import writing

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HIDDEN = "Cheap watches and handbags at www.example.com, best prices in Chicago, call now."
HIDE_REASON = "Advertising, not a comment on the directive."
NOT_ADOPTED_REASON = (
    "The utility allowance is set by federal rule, not by this directive; it is outside what "
    "the Department can change."
)
PURPOSE = "FOIA request P2025-0417 from the Chicago Reader"


# --- The record ---------------------------------------------------------------------------


@pytest.fixture
def posting_record(persona, d22_draft) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    """An open posting's comments (one with two attachments, one hidden, one published), a
    campaign, the analysis with a person's theme, placements and decisions; then closed and
    compiled."""
    oee, rd = persona("oee"), persona("rd")
    posting = open_posting(d22_draft)
    with_files = comment_submit(
        posting=posting,
        body=SNAP_UTILITIES[0],
        name="Rosa Garcia",
        email="rosa.garcia@example.org",
        attachments=[
            SimpleUploadedFile("../../etc/Memo to R&D: 2025.pdf", PDF),
            SimpleUploadedFile("Memo to R&D: 2025.pdf", PDF + b"\n% second copy\n"),
        ],
    ).comment
    for name in ("Maria Johnson", "James Nowak", "Aisha Patel"):
        comment_submit(posting=posting, body=LETTER.replace("[NAME]", name), section="V-C-10")
    for text in SNAP_UTILITIES[1:] + SNAP_ELDERLY + YOUTH:
        comment_submit(posting=posting, body=text)
    hidden = comment_submit(posting=posting, body=HIDDEN, email="sales@example.com").comment
    comment_hide(actor=oee, comment=hidden, reason=HIDE_REASON)
    published = comment_publish(actor=oee, comment=with_files)
    analysis.analysis_run_now(actor=oee, posting=posting)
    theme = review.theme_create(actor=oee, posting=posting, label="Heating and utility costs")
    placed = list(
        FeedbackItem.objects.filter(posting=posting, text__icontains="utility").order_by("id")[:2]
    )
    review.items_assign(actor=oee, items=placed, theme=theme)
    review.theme_decide(
        actor=oee, theme=theme, disposition=Disposition.NOT_ADOPTED, reason=NOT_ADOPTED_REASON
    )
    recommendation = review.recommendation_add(
        actor=oee, theme=theme, text="Explain in the directive who sets the utility allowance."
    )
    review.recommendation_decide(
        actor=oee,
        recommendation=recommendation,
        disposition=Disposition.FUTURE,
        reason="To be considered with the next revision of the directive.",
    )
    assert posting.closes_at is not None
    with time_machine.travel(posting.closes_at + datetime.timedelta(minutes=1), tick=False):
        postings.postings_tick()
    posting.refresh_from_db()
    compilation = postings.posting_compile(actor=rd, posting=posting)
    posting.refresh_from_db()
    return SimpleNamespace(
        posting=posting,
        with_files=published,
        hidden=hidden,
        theme=theme,
        placed=placed,
        recommendation=recommendation,
        compilation=compilation,
    )


@pytest.fixture
def meeting_record(persona, d22_draft) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    """A meeting with a registration, a request to speak, a written comment, a breakout note,
    an anonymous profile and minutes revised once."""
    oee = persona("oee")
    meeting = scheduled_meeting(persona)
    registered = registration.registration_submit(
        meeting=meeting, name="Dana Reyes", email="dana.reyes@example.org", needs=["asl"]
    )
    speaker = speaking.speaker_request_submit(
        meeting=meeting,
        name="Tanya Brooks",
        email="tanya.brooks@example.org",
        phone="",
        agenda_item_id=meeting.agenda.first().pk,
    )
    comment, _created = written.written_comment_submit(
        meeting=meeting,
        name="Rosa Díaz",
        email="",
        body="Foot pursuits through gangways put bystanders at risk; end them for minor offenses.",
    )
    prompt = services.prompt_add(
        actor=oee, meeting=meeting, text="When should an officer not chase?"
    )
    group = services.breakout_group_add(actor=oee, meeting=meeting, facilitator="Jo Martinez")
    with time_machine.travel(meeting.starts_at + datetime.timedelta(minutes=40), tick=False):
        note = written.breakout_note_add(
            group=group, text="Not for a traffic offense; never into a school.", prompt_id=prompt.pk
        )
        profile = written.profile_submit(
            meeting=meeting, age_band="35_44", race="black", district=2, lived_experience="yes"
        )
    services.meetings_close_past(now=meeting.ends_at)
    meeting.refresh_from_db()
    meeting_minutes.minutes_save(
        actor=oee, meeting=meeting, summary="First draft: residents discussed gangways.", votes=[]
    )
    kept = meeting_minutes.minutes_save(
        actor=oee,
        meeting=meeting,
        summary="Residents discussed gangways and backyards.",
        votes=[{"motion": "Ask for a supervisor's approval", "for": 7, "against": 2}],
    )
    return SimpleNamespace(
        meeting=meeting,
        registration=registered,
        speaker=speaker,
        written=comment,
        group=group,
        note=note,
        profile=profile,
        minutes=kept,
    )


# --- Reading an export back ---------------------------------------------------------------


class Unzipped:
    def __init__(self, export: RecordsExport) -> None:
        export.refresh_from_db()
        with default_storage.open(export.file.name, "rb") as fh:
            self.data = fh.read()
        self.zip = zipfile.ZipFile(io.BytesIO(data := self.data))
        self.root = f"records-export-{export.pk}/"
        self.names = [n[len(self.root) :] for n in self.zip.namelist()]
        assert all(n.startswith(self.root) for n in self.zip.namelist())
        self.size = len(data)

    def read(self, name: str) -> bytes:
        return self.zip.read(self.root + name)

    def text(self, name: str) -> str:
        return self.read(name).decode("utf-8")

    def jsonl(self, name: str) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.text(name).splitlines()]

    def csv(self, name: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(self.read(name).decode("utf-8-sig"))))


def _export(persona, **subject: Any) -> RecordsExport:  # type: ignore[no-untyped-def]
    return records.export_request(actor=persona("pscd"), purpose=PURPOSE, **subject)


def _done(persona, **subject: Any) -> tuple[RecordsExport, Unzipped]:  # type: ignore[no-untyped-def]
    export = _export(persona, **subject)
    assert records.export_run(export_id=export.pk) == "done"
    export.refresh_from_db()
    return export, Unzipped(export)


# --- What a posting's export holds --------------------------------------------------------


def test_posting_export_holds_every_comment_hidden_ones_included_VII_D(
    persona, posting_record
) -> None:
    _export_row, z = _done(persona, posting=posting_record.posting)
    everyone = Comment.objects.filter(posting=posting_record.posting)
    rows = z.jsonl("comments/comments.jsonl")
    assert len(rows) == everyone.count() == len(z.csv("comments/comments.csv"))
    hidden = next(r for r in rows if r["receipt"] == posting_record.hidden.receipt)
    assert hidden["status"] == "hidden"
    assert hidden["body"] == HIDDEN
    assert hidden["email"] == "sales@example.com"  # nothing is withheld: the internal record
    assert hidden["moderation_note"] == HIDE_REASON
    csv_hidden = next(
        r for r in z.csv("comments/comments.csv") if r["receipt"] == posting_record.hidden.receipt
    )
    assert csv_hidden["body"] == HIDDEN and csv_hidden["status"] == "hidden"


def test_posting_export_holds_the_attachments_under_their_receipt_VII_D(
    persona, posting_record
) -> None:
    _export_row, z = _done(persona, posting=posting_record.posting)
    receipt = posting_record.with_files.receipt
    files = sorted(n for n in z.names if n.startswith(f"attachments/{receipt}/"))
    assert len(files) == 2
    # The names are sanitised (no folders, no colon) and a second file of the same name
    # keeps its own place.
    assert all(".." not in n and ":" not in n for n in files)
    assert f"attachments/{receipt}/Memo to R_D_ 2025.pdf" in files
    listed = z.jsonl("comments/attachments.jsonl")
    assert sorted(r["file_in_export"] for r in listed) == files
    for row in listed:
        content = z.read(row["file_in_export"])
        assert hashlib.sha256(content).hexdigest() == row["sha256"]


def test_posting_export_holds_the_directive_versions_and_the_posting_texts(
    persona, posting_record
) -> None:
    posting = posting_record.posting
    _export_row, z = _done(persona, posting=posting)
    version = json.loads(z.text(f"directive/version-{posting.version_id}.json"))
    assert "posted" in version["roles"] and "commented_on" in version["roles"]
    assert version["version"]["body_text"] == posting.version.body_text
    assert len(version["sections"]) == posting.version.sections.count() > 0
    assert {"anchor", "text", "heading"} <= set(version["sections"][0])
    document = json.loads(z.text("posting/posting.json"))
    assert document["posting"]["id"] == posting.pk
    assert {t["language"] for t in document["texts"]} == set(
        posting.texts.values_list("language", flat=True)
    )
    assert "extensions" in document


def test_posting_export_holds_moderation_and_analysis_decisions_VII_D_5(
    persona, posting_record
) -> None:
    _export_row, z = _done(persona, posting=posting_record.posting)
    moderation = z.jsonl("moderation/decisions.jsonl")
    hide = next(r for r in moderation if r["action"] == "comment.hide")
    assert hide["object_id"] == str(posting_record.hidden.pk)
    assert hide["note"] == HIDE_REASON and hide["actor_label"] == "oee.coordinator"
    assert any(r["action"] == "comment.publish" for r in moderation)

    themes = z.jsonl("analysis/themes.jsonl")
    decided = next(t for t in themes if t["id"] == posting_record.theme.pk)
    assert decided["disposition"] == "not_adopted"
    assert decided["disposition_reason"] == NOT_ADOPTED_REASON
    by_people = z.jsonl("analysis/theme_assignments_by_people.jsonl")
    assert by_people and all(r["by_machine"] is False for r in by_people)
    assert {r["item_id"] for r in by_people} == {i.pk for i in posting_record.placed}
    assert {r["actor_username"] for r in by_people} == {"oee.coordinator"}
    assert ThemeAssignment.objects.filter(by_machine=True).exists()  # the machine's stay out
    recommendations = z.jsonl("analysis/recommendations.jsonl")
    assert [r["disposition"] for r in recommendations] == ["future"]
    runs = z.jsonl("analysis/analysis_runs.jsonl")
    assert runs and runs[0]["status"] == "done"
    compilations = z.jsonl("compilations/compilations.jsonl")
    assert [c["id"] for c in compilations] == [posting_record.compilation.pk]
    assert compilations[0]["csv_file_in_export"] in z.names
    assert compilations[0]["xlsx_file_in_export"] in z.names


def test_posting_export_holds_the_audit_trail_of_its_objects(persona, posting_record) -> None:
    posting = posting_record.posting
    _export_row, z = _done(persona, posting=posting)
    trail = z.jsonl("audit/audit_trail.jsonl")
    seen = {(r["object_type"], r["action"]) for r in trail}
    for expected in (
        ("postings.posting", "posting.create"),
        ("postings.posting", "posting.close"),
        ("feedback.comment", "comment.hide"),
        ("feedback.theme", "theme.create"),
        ("feedback.theme", "theme.assign"),
        ("feedback.theme", "theme.decide"),
        ("feedback.recommendation", "recommendation.decide"),
        ("feedback.analysisrun", "analysis.done"),
    ):
        assert expected in seen, expected
    # Nothing about anything else, and in the order it happened.
    assert all(
        r["object_type"] != "postings.posting" or r["object_id"] == str(posting.pk) for r in trail
    )
    when = [(r["occurred_at"], r["id"]) for r in trail]
    assert when == sorted(when)
    assert len(trail) == len(z.csv("audit/audit_trail.csv"))


def test_every_manifest_line_verifies_and_the_row_keeps_the_zip_checksum(
    persona, posting_record, tmp_path
) -> None:
    export, z = _done(persona, posting=posting_record.posting)
    lines = z.text("MANIFEST.txt").splitlines()
    listed = set()
    for line in lines:
        digest, sep, path = line.partition("  ")
        assert sep and len(digest) == 64, line  # sha256sum -c format
        assert hashlib.sha256(z.read(path)).hexdigest() == digest, path
        listed.add(path)
    assert listed == set(z.names) - {"MANIFEST.txt"}
    assert export.sha256 == hashlib.sha256(z.data).hexdigest()
    if shutil.which("sha256sum"):  # what the README tells the requester to run
        z.zip.extractall(tmp_path)
        checked = subprocess.run(
            ["sha256sum", "-c", "MANIFEST.txt"],
            cwd=tmp_path / z.root,
            capture_output=True,
            text=True,
            check=False,
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert checked.stdout.count(": OK") == len(lines)
    assert export.size == z.size
    assert export.file.name.startswith("records/")


def test_readme_names_the_purpose_the_requester_and_how_to_verify(persona, posting_record) -> None:
    export, z = _done(persona, posting=posting_record.posting)
    readme = z.text("README.txt")
    assert PURPOSE in readme
    assert "pscd.analyst" in readme and "Priya Shah" in readme
    assert export.created_at.isoformat() in readme
    assert "sha256sum -c MANIFEST.txt" in readme
    assert "comments/comments.csv, .jsonl" in readme


def test_progress_is_counted_first_and_reaches_the_total(persona, posting_record) -> None:
    export = _export(persona, posting=posting_record.posting)
    seen: list[tuple[str, int, int]] = []
    records.export_run(export_id=export.pk, progress=lambda *p: seen.append(p))
    export.refresh_from_db()
    assert export.status == "done" and export.stage == "done"
    assert export.total > Comment.objects.filter(posting=posting_record.posting).count()
    assert export.done == export.total
    assert export.percent == 100
    assert export.heartbeat is not None and export.finished_at is not None
    totals = {total for _stage, _done, total in seen}
    assert totals == {export.total}  # counted before anything was written
    dones = [done for _stage, done, _total in seen]
    assert dones == sorted(dones)
    assert {"comments", "attachments", "analysis", "audit"} <= {s for s, _d, _t in seen}


def test_progress_is_written_to_the_row_as_it_goes(persona, posting_record, monkeypatch) -> None:
    monkeypatch.setattr(writing, "PROGRESS_EVERY", 3)
    export = _export(persona, posting=posting_record.posting)
    written: list[tuple[str, int, int]] = []

    def peek(stage: str, done: int, total: int) -> None:
        row = RecordsExport.objects.get(pk=export.pk)
        written.append((row.stage, row.done, row.total))

    records.export_run(export_id=export.pk, progress=peek)
    middle = [w for w in written if 0 < w[1] < w[2]]
    assert middle, "no progress was written before the end"
    assert {w[2] for w in written if w[1]} == {written[-1][2]}


# --- Running once -------------------------------------------------------------------------


def test_a_done_export_is_not_done_again(persona, posting_record) -> None:
    export, _z = _done(persona, posting=posting_record.posting)
    before = (export.file.name, export.sha256, export.finished_at)
    events = AuditEvent.objects.filter(action="records.done").count()
    assert records.export_run(export_id=export.pk) == "done"
    export.refresh_from_db()
    assert (export.file.name, export.sha256, export.finished_at) == before
    assert AuditEvent.objects.filter(action="records.done").count() == events


def test_two_claims_one_runs(persona, posting_record, monkeypatch) -> None:
    """The second worker asks while the first is building: it finds the row claimed and
    leaves it."""
    export = _export(persona, posting=posting_record.posting)
    second: list[str] = []
    real_build = writing._build

    def build_and_meanwhile(*args: Any, **kwargs: Any) -> None:
        second.append(records.export_run(export_id=export.pk))
        real_build(*args, **kwargs)

    monkeypatch.setattr(writing, "_build", build_and_meanwhile)
    assert records.export_run(export_id=export.pk) == "done"
    assert second == ["running"]
    assert AuditEvent.objects.filter(action="records.done", object_id=str(export.pk)).count() == 1


def test_a_silent_run_is_claimed_again_after_ten_minutes(persona, posting_record) -> None:
    export = _export(persona, posting=posting_record.posting)
    stale = timezone.now() - records.STALE_AFTER - datetime.timedelta(seconds=5)
    RecordsExport.objects.filter(pk=export.pk).update(
        status="running", started_at=stale, heartbeat=stale
    )
    assert records.export_run(export_id=export.pk) == "done"
    fresh = timezone.now() - datetime.timedelta(minutes=2)
    other = _export(persona, posting=posting_record.posting)
    RecordsExport.objects.filter(pk=other.pk).update(
        status="running", started_at=fresh, heartbeat=fresh
    )
    assert records.export_run(export_id=other.pk) == "running"


def test_a_run_that_lost_its_claim_stops_without_storing(
    persona, posting_record, monkeypatch
) -> None:
    """A worker thought dead comes back after another took the export over: it stops."""
    export = _export(persona, posting=posting_record.posting)
    monkeypatch.setattr(writing, "PROGRESS_EVERY", 1)
    taken = {"done": False}

    def take_over(stage: str, done: int, total: int) -> None:
        if done == 2 and not taken["done"]:
            taken["done"] = True
            later = timezone.now() + datetime.timedelta(seconds=1)
            RecordsExport.objects.filter(pk=export.pk).update(started_at=later, heartbeat=later)

    assert records.export_run(export_id=export.pk, progress=take_over) == "running"
    export.refresh_from_db()
    assert not export.file and export.status == "running"


def test_a_failure_marks_the_export_failed_with_the_error(
    persona, posting_record, monkeypatch
) -> None:
    export = _export(persona, posting=posting_record.posting)

    def broken(*args: Any, **kwargs: Any) -> bool:
        raise OSError("disk full")

    monkeypatch.setattr(writing, "_copy_stored", broken)
    assert records.export_run(export_id=export.pk) == "failed"
    export.refresh_from_db()
    assert export.status == "failed" and "disk full" in export.error
    assert export.finished_at is not None and not export.file
    assert AuditEvent.objects.filter(action="records.failed", object_id=str(export.pk)).exists()
    assert records.export_run(export_id=export.pk) == "failed"  # not retried by itself


def test_a_missing_file_is_listed_not_fatal(persona, posting_record) -> None:
    attachment = posting_record.with_files.attachments.order_by("id").first()
    default_storage.delete(attachment.file.name)
    _export_row, z = _done(persona, posting=posting_record.posting)
    row = next(r for r in z.jsonl("comments/attachments.jsonl") if r["id"] == attachment.pk)
    assert row["file_in_export"] == ""
    assert "Files missing from storage" in z.text("README.txt")


# --- The request --------------------------------------------------------------------------


def test_an_export_is_requested_by_records_keepers_only(persona, posting_record) -> None:
    posting = posting_record.posting
    for key in ("communications", "ocpr", "originating_unit", "department_member"):
        with pytest.raises(NotAllowed):
            records.export_request(actor=persona(key), posting=posting, purpose=PURPOSE)
    for key in ("rd", "oee", "pscd", "admin"):
        export = records.export_request(actor=persona(key), posting=posting, purpose=PURPOSE)
        assert export.status == "queued" and export.requested_by == persona(key)


def test_an_export_has_one_subject_and_a_purpose(persona, posting_record, meeting_record) -> None:
    pscd = persona("pscd")
    with pytest.raises(FieldsInvalid) as none:
        records.export_request(actor=pscd, purpose=PURPOSE)
    assert "subject" in none.value.errors
    with pytest.raises(FieldsInvalid) as both:
        records.export_request(
            actor=pscd,
            posting=posting_record.posting,
            meeting=meeting_record.meeting,
            purpose=PURPOSE,
        )
    assert "subject" in both.value.errors
    with pytest.raises(FieldsInvalid) as blank:
        records.export_request(actor=pscd, posting=posting_record.posting, purpose="  \n ")
    assert set(blank.value.errors) == {"purpose"}
    assert not RecordsExport.objects.exists()


def test_a_request_is_audited_and_queued_for_the_worker_on_commit(
    persona, posting_record, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        export = _export(persona, posting=posting_record.posting)
    assert len(callbacks) == 1
    event = AuditEvent.objects.get(action="records.request", object_id=str(export.pk))
    assert event.after["purpose"] == PURPOSE and event.actor_label == "pscd.analyst"
    export.refresh_from_db()
    assert export.status == "done"  # the test settings run tasks at once


# --- What a meeting's export holds --------------------------------------------------------


def test_meeting_export_holds_everything_said_and_written_at_it(persona, meeting_record) -> None:
    m = meeting_record
    _export_row, z = _done(persona, meeting=m.meeting)
    assert json.loads(z.text("meeting/meeting.json"))["meeting"]["id"] == m.meeting.pk
    agenda = z.jsonl("meeting/agenda_items.jsonl")
    assert [a["title"] for a in agenda] == list(m.meeting.agenda.values_list("title", flat=True))
    registrations = z.jsonl("meeting/registrations.jsonl")
    assert [r["email"] for r in registrations] == ["dana.reyes@example.org"]
    assert "token" not in registrations[0]  # a live secret, not a record
    speakers = z.jsonl("meeting/speaker_requests.jsonl")
    assert speakers[0]["name"] == "Tanya Brooks" and speakers[0]["agenda_item_title"]
    assert z.jsonl("meeting/written_comments.jsonl")[0]["receipt"] == m.written.receipt
    notes = z.jsonl("meeting/breakout_notes.jsonl")
    assert notes[0]["text"] == m.note.text and notes[0]["group_number"] == m.group.number
    assert "token" not in z.jsonl("meeting/breakout_groups.jsonl")[0]
    profiles = z.jsonl("meeting/attendee_profiles.jsonl")
    assert [(p["race"], p["district"]) for p in profiles] == [("black", 2)]
    minutes = json.loads(z.text("meeting/minutes.json"))
    assert [v["summary"] for v in minutes["versions"]] == [
        "First draft: residents discussed gangways.",
        "Residents discussed gangways and backyards.",
    ]
    assert minutes["minutes"]["summary"] == m.minutes.summary
    trail = z.jsonl("audit/audit_trail.jsonl")
    actions = {r["action"] for r in trail}
    assert {"meeting.create", "meeting.publish", "minutes.draft", "minutes.revise"} <= actions
    assert {"registration.submit", "speaker.request", "written.submit"} & actions
    for line in z.text("MANIFEST.txt").splitlines():
        digest, _sep, path = line.partition("  ")
        assert hashlib.sha256(z.read(path)).hexdigest() == digest
