"""The posting workflow: seed 002 VII-A (authorization), VII-B (posting, completeness review),
VII-C/VII-D (notifications, closing, compilation) and V-C-10 (the 15-day minimum)."""

from __future__ import annotations

import csv
import datetime

import pytest
import time_machine
from django.core import mail
from django.core.checks import run_checks
from django.test import override_settings
from django.utils import timezone
from openpyxl import load_workbook

from townhall.core.errors import DomainError, IllegalTransition, NotAllowed
from townhall.core.models import AuditEvent
from townhall.directives.services import draft_update
from townhall.feedback.models import Comment
from townhall.feedback.services import comment_submit
from townhall.postings import services
from townhall.postings.checklist import completeness
from townhall.postings.models import Posting
from townhall.postings.tests.factories import (
    NARRATIVE,
    SUMMARY,
    closed_posting,
    open_posting,
    prepared_posting,
    scheduled_posting,
)

pytestmark = pytest.mark.django_db
S = Posting.Status


def _in(days: float) -> datetime.datetime:
    return (timezone.now() + datetime.timedelta(days=days)).replace(microsecond=0)


def test_posting_links_the_existing_current_directive_VII_B_2_c(rd, s04_versions) -> None:
    from townhall.directives.services import draft_create

    draft = draft_create(
        actor=rd, number="S04-01-02", title="SRO", text=s04_versions[1].body_text + "\nZ. new"
    )
    posting = prepared_posting(draft)
    assert posting.current_version == s04_versions[1]
    assert posting.status == S.DRAFT


def test_comment_period_is_at_least_15_days_V_C_10(rd, d22_draft) -> None:
    with pytest.raises(DomainError) as err:
        services.posting_create(
            actor=rd,
            version=d22_draft,
            narrative=NARRATIVE,
            summary=SUMMARY,
            opens_at=_in(1),
            closes_at=_in(15.9),
        )
    assert err.value.code == "too_short"
    services.posting_create(
        actor=rd,
        version=d22_draft,
        narrative=NARRATIVE,
        summary=SUMMARY,
        opens_at=_in(1),
        closes_at=_in(16),
    )


@override_settings(TOWNHALL_POSTING_MIN_DAYS=21)
def test_minimum_can_be_raised_V_C_10(rd, d22_draft) -> None:
    assert services.min_days() == 21
    with pytest.raises(DomainError):
        services.posting_create(
            actor=rd,
            version=d22_draft,
            narrative=NARRATIVE,
            summary=SUMMARY,
            opens_at=_in(1),
            closes_at=_in(20),
        )


@override_settings(TOWNHALL_POSTING_MIN_DAYS=10)
def test_minimum_is_never_below_15_V_C_10() -> None:
    assert services.min_days() == 15
    assert "townhall.E001" in [e.id for e in run_checks()]


@pytest.mark.parametrize("key", ["oee", "ocpr_chief", "communications", "department_member"])
def test_only_rd_prepares_postings_VII_B(persona, key, d22_draft) -> None:
    with pytest.raises(NotAllowed):
        services.posting_create(
            actor=persona(key), version=d22_draft, narrative=NARRATIVE, summary=SUMMARY
        )


@pytest.mark.parametrize("key", ["rd", "ocpr", "oee", "pscd", "admin"])
def test_only_the_chief_of_ocpr_or_a_designee_authorizes_VII_A(persona, key, rd, d22_draft) -> None:
    posting = prepared_posting(d22_draft)
    services.posting_submit(actor=rd, posting=posting)
    with pytest.raises(NotAllowed):
        services.posting_authorize(actor=persona(key), posting=posting)


@pytest.mark.parametrize("key", ["ocpr_chief", "ocpr_designee"])
def test_chief_or_designee_authorizes_and_it_is_recorded_VII_A(persona, key, rd, d22_draft) -> None:
    posting = prepared_posting(d22_draft)
    services.posting_submit(actor=rd, posting=posting)
    posting = services.posting_authorize(actor=persona(key), posting=posting)
    assert posting.status == S.AUTHORIZED and posting.authorized_by == persona(key)
    assert AuditEvent.objects.filter(action="posting.authorize", object_id=str(posting.pk)).exists()


def test_authorization_needs_review_first(persona, d22_draft) -> None:
    posting = prepared_posting(d22_draft)
    with pytest.raises(IllegalTransition):
        services.posting_authorize(actor=persona("ocpr_chief"), posting=posting)


def test_posting_needs_completeness_review_before_scheduling_VII_B_3(
    persona, rd, d22_draft
) -> None:
    posting = prepared_posting(d22_draft, all_languages=False)
    services.posting_submit(actor=rd, posting=posting)
    services.posting_authorize(actor=persona("ocpr_chief"), posting=posting)
    with pytest.raises(DomainError) as err:
        services.posting_schedule(actor=rd, posting=posting)
    assert err.value.code == "incomplete"
    assert "every configured language" in err.value.message
    assert Posting.objects.get(pk=posting.pk).status == S.AUTHORIZED


def test_completeness_lists_what_is_missing_VII_B_3(rd, d22_draft) -> None:
    posting = services.posting_create(
        actor=rd, version=d22_draft, narrative=NARRATIVE, summary=SUMMARY
    )
    failing = {item.code for item in completeness(posting) if not item.ok}
    assert failing == {"dates", "translations"}
    with override_settings(TOWNHALL_POSTING_LANGUAGES=["en"]):
        posting = prepared_posting(d22_draft, all_languages=False)
        assert all(item.ok for item in completeness(posting))


def test_completeness_catches_an_opening_time_in_the_past_VII_B_3(d22_draft) -> None:
    posting = prepared_posting(d22_draft)
    with time_machine.travel(posting.opens_at + datetime.timedelta(hours=2), tick=False):
        dates = next(i for i in completeness(posting) if i.code == "dates")
    assert not dates.ok


def test_comment_field_check_leaves_no_trace_VII_B_3(d22_draft) -> None:
    posting = prepared_posting(d22_draft)
    items = {i.code: i for i in completeness(posting)}
    assert items["comment_fields"].ok and items["page"].ok
    assert Comment.objects.count() == 0


def test_text_is_frozen_once_authorized(persona, rd, d22_draft) -> None:
    scheduled_posting(d22_draft)
    with pytest.raises(IllegalTransition):
        draft_update(
            actor=rd,
            version=d22_draft,
            title="x",
            text=d22_draft.body_text + "\nZ. x",
            issue_date=None,
            effective_date=None,
        )


def test_return_to_draft_needs_a_reason(persona, rd, d22_draft) -> None:
    posting = prepared_posting(d22_draft)
    services.posting_submit(actor=rd, posting=posting)
    with pytest.raises(DomainError):
        services.posting_return(actor=persona("ocpr_chief"), posting=posting, note=" ")
    posting = services.posting_return(
        actor=persona("ocpr_chief"), posting=posting, note="Fix the summary."
    )
    assert posting.status == S.DRAFT and posting.review_note == "Fix the summary."


def test_period_opens_and_closes_on_time_exactly_once(
    d22_draft, django_capture_on_commit_callbacks
) -> None:
    posting = scheduled_posting(d22_draft)
    assert (
        services.postings_tick(now=posting.opens_at - datetime.timedelta(seconds=1))["opened"] == []
    )
    with time_machine.travel(posting.opens_at, tick=False):
        assert services.postings_tick()["opened"] == [posting.pk]
        assert services.postings_tick()["opened"] == []  # a second worker finds nothing to do
    assert posting.closes_at is not None
    # The worker was down at closing time; the next tick, days later, catches up once.
    with time_machine.travel(posting.closes_at + datetime.timedelta(days=2), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.postings_tick()["closed"] == [posting.pk]
        assert services.postings_tick()["closed"] == []
    posting.refresh_from_db()
    assert posting.status == S.COMPILED  # the compilation followed the closing
    actions = list(
        AuditEvent.objects.filter(object_type="postings.posting", object_id=str(posting.pk))
        .order_by("occurred_at", "id")
        .values_list("action", flat=True)
    )
    assert actions.count("posting.open") == 1 and actions.count("posting.close") == 1


def test_opening_notifies_the_involved_units_VII_B_1(
    all_personas, d22_draft, django_capture_on_commit_callbacks
) -> None:
    posting = scheduled_posting(d22_draft)
    with (
        time_machine.travel(posting.opens_at, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.postings_tick()
    message = next(m for m in mail.outbox if "Open for comment" in m.subject)
    for key in ("communications", "oee", "pscd", "ocpr", "ocpr_chief", "rd"):
        assert f"{all_personas[key].username}@example.org" in message.to
    assert f"{all_personas['department_member'].username}@example.org" not in message.to


def test_closing_notifies_units_with_the_estimated_compilation_date_VII_D_2(
    all_personas, d22_draft, django_capture_on_commit_callbacks
) -> None:
    posting = open_posting(d22_draft)
    assert posting.closes_at is not None
    with (
        time_machine.travel(posting.closes_at, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.postings_tick()
    posting.refresh_from_db()
    message = next(m for m in mail.outbox if "Comment period closed" in m.subject)
    assert posting.compilation_due is not None
    assert posting.compilation_due.strftime("%d %B %Y") in message.body
    assert "VII-D-2" in message.body


def test_compilation_keeps_internal_and_external_apart_and_reaches_units_VII_D_3(
    all_personas, d22_draft, django_capture_on_commit_callbacks
) -> None:
    posting = open_posting(d22_draft)
    comment_submit(posting=posting, body="From a resident.", name="Resident")
    comment_submit(posting=posting, body="From an officer.", internal=True, section="V-C-10")
    assert posting.closes_at is not None
    with (
        time_machine.travel(posting.closes_at, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.postings_tick()
    compilation = Posting.objects.get(pk=posting.pk).compilations.get()
    assert (compilation.external_count, compilation.internal_count) == (1, 1)
    with compilation.csv_file.open("rb") as fh:
        rows = list(csv.DictReader(fh.read().decode("utf-8-sig").splitlines()))
    assert [r["origin"] for r in rows] == ["external", "internal"]
    assert rows[1]["section"] == "V-C-10" and rows[1]["version_id"] == str(d22_draft.pk)
    book = load_workbook(compilation.xlsx_file.path, read_only=True)
    assert book.sheetnames == ["External (public)", "Internal (Department)"]
    message = next(m for m in mail.outbox if "Compilation of comments" in m.subject)
    assert len(message.attachments) == 2
    assert f"{all_personas['rd'].username}@example.org" in message.to


def test_extension_is_dated_public_and_audited(rd, d22_draft, client) -> None:
    posting = open_posting(d22_draft)
    assert posting.closes_at is not None
    later = posting.closes_at + datetime.timedelta(days=7)
    with pytest.raises(DomainError):
        services.posting_extend(actor=rd, posting=posting, new_closes_at=later, reason="")
    with pytest.raises(DomainError):
        services.posting_extend(
            actor=rd, posting=posting, new_closes_at=posting.closes_at, reason="x"
        )
    services.posting_extend(
        actor=rd, posting=posting, new_closes_at=later, reason="Requested by community groups."
    )
    assert Posting.objects.get(pk=posting.pk).closes_at == later
    page = client.get(posting.get_absolute_url()).text
    assert "Requested by community groups." in page and "Extended on" in page
    assert AuditEvent.objects.filter(action="posting.extend").exists()


def test_the_same_directive_can_be_posted_again_V_C_10(d22_draft) -> None:
    first = closed_posting(d22_draft)
    second = open_posting(d22_draft)
    assert first.version == second.version and first.pk != second.pk


def test_continuous_posting_is_marked_by_the_chief_and_has_no_end_VII_A_1(
    persona, rd, s04_versions
) -> None:
    directive = s04_versions[1].directive
    with pytest.raises(NotAllowed):
        services.directive_mark_continuous(
            actor=rd, directive=directive, narrative=NARRATIVE, summary=SUMMARY
        )
    posting = services.directive_mark_continuous(
        actor=persona("ocpr_designee"), directive=directive, narrative=NARRATIVE, summary=SUMMARY
    )
    assert posting.kind == Posting.Kind.CONTINUOUS and posting.closes_at is None
    assert posting.version == s04_versions[1]
    with pytest.raises(DomainError):
        services.directive_mark_continuous(
            actor=persona("ocpr_chief"), directive=directive, narrative=NARRATIVE, summary=SUMMARY
        )
    with pytest.raises(DomainError):
        services.posting_update(
            actor=rd,
            posting=posting,
            title="t",
            audience="both",
            opens_at=_in(1),
            closes_at=_in(20),
        )


def test_only_authorizers_close_a_continuous_posting(persona, rd, s04_versions) -> None:
    from django.conf import settings

    chief = persona("ocpr_chief")
    posting = services.directive_mark_continuous(
        actor=chief, directive=s04_versions[1].directive, narrative=NARRATIVE, summary=SUMMARY
    )
    for code in settings.TOWNHALL_POSTING_LANGUAGES:
        services.posting_text_set(
            actor=rd, posting=posting, language=code, narrative="n", summary="s"
        )
    services.posting_schedule(actor=rd, posting=posting)
    services.postings_tick(now=timezone.now() + datetime.timedelta(minutes=1))
    with pytest.raises(NotAllowed):
        services.posting_close(actor=rd, posting=posting)
    assert services.posting_close(actor=chief, posting=posting).status == S.CLOSED


def test_supporting_materials_are_added_served_as_downloads_and_removed_VII_B_2(
    rd, d22_draft, client
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    posting = prepared_posting(d22_draft)
    link = services.posting_material_add(
        actor=rd, posting=posting, title="Consent decree", url="https://www.cpdmonitoringteam.com/"
    )
    pdf = services.posting_material_add(
        actor=rd,
        posting=posting,
        title="Briefing",
        file=SimpleUploadedFile(
            "briefing.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
        ),
    )
    with pytest.raises(DomainError):
        services.posting_material_add(actor=rd, posting=posting, title="Neither")
    scheduled = scheduled_posting(d22_draft)
    services.posting_material_add(
        actor=rd, posting=Posting.objects.get(pk=posting.pk), title="x", url="https://example.org/"
    )
    response = client.get(f"/postings/{scheduled.pk}/")
    assert response.status_code == 200
    services.posting_material_remove(actor=rd, material=link)
    assert list(posting.materials.values_list("title", flat=True)) == ["Briefing", "x"]
    assert AuditEvent.objects.filter(action="posting.material_remove").exists()
    assert pdf.content_type == "application/pdf"


def test_a_period_posting_cannot_be_closed_early_V_C_10(rd, d22_draft) -> None:
    posting = open_posting(d22_draft)
    with pytest.raises(IllegalTransition):
        services.posting_close(actor=rd, posting=posting)


def test_a_late_opening_keeps_the_full_minimum_V_C_10(d22_draft) -> None:
    posting = scheduled_posting(d22_draft)
    assert posting.opens_at is not None
    with time_machine.travel(posting.opens_at + datetime.timedelta(days=10), tick=False):
        services.postings_tick()
        posting.refresh_from_db()
        assert posting.closes_at is not None
        assert posting.closes_at - timezone.now() >= datetime.timedelta(days=15)
    assert posting.extensions.get().reason.startswith("The period opened late")


def test_a_posted_draft_is_not_published_while_comments_are_open_VII_D(rd, d22_draft) -> None:
    from townhall.directives.services import draft_publish

    open_posting(d22_draft)
    with pytest.raises(IllegalTransition):
        draft_publish(actor=rd, version=d22_draft)


def test_compilation_never_lets_a_comment_run_as_a_formula(
    d22_draft, django_capture_on_commit_callbacks
) -> None:
    posting = open_posting(d22_draft)
    comment_submit(posting=posting, body='=HYPERLINK("http://evil.example","click")')
    assert posting.closes_at is not None
    with (
        time_machine.travel(posting.closes_at, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.postings_tick()
    compilation = Posting.objects.get(pk=posting.pk).compilations.get()
    sheet = load_workbook(compilation.xlsx_file.path).worksheets[0]
    cell = sheet.cell(row=2, column=13)
    assert cell.data_type == "s" and cell.value.startswith("'=")


def test_a_continuous_posting_can_be_completed_days_later_VII_A_1(
    persona, rd, s04_versions
) -> None:
    from django.conf import settings

    posting = services.directive_mark_continuous(
        actor=persona("ocpr_chief"),
        directive=s04_versions[1].directive,
        narrative=NARRATIVE,
        summary=SUMMARY,
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3), tick=False):
        for code in settings.TOWNHALL_POSTING_LANGUAGES:
            services.posting_text_set(
                actor=rd, posting=posting, language=code, narrative="n", summary="s"
            )
        scheduled = services.posting_schedule(actor=rd, posting=posting)
        assert scheduled.status == S.SCHEDULED
