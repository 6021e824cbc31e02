"""Preparing, approving and publishing the "what we heard" report (seed 002 V-D-3, VII-D-5,
VI-D-2, VI-E-2): every move legal and illegal, its audit row and its mail, who approves, and
published versions that never change."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail

from townhall.accounts.demo import ensure_persona
from townhall.accounts.models import Role, User
from townhall.accounts.personas import Persona as PersonaSpec
from townhall.core.errors import FieldsInvalid, IllegalTransition, NotAllowed
from townhall.core.models import AuditEvent
from townhall.engagements import services as engagements
from townhall.engagements.models import Engagement
from townhall.engagements.tests.helpers import determined
from townhall.reports import services
from townhall.reports.build import build, data_hash
from townhall.reports.models import SECTION_KEYS, Report, ReportVersion
from townhall.reports.tests import factories as f

pytestmark = pytest.mark.django_db

Persona = Callable[[str], User]
SPANISH = "De marzo a mayo el Departamento preguntó a residentes, estudiantes y familias."


@pytest.fixture
def world(reported_module: SimpleNamespace, db: None) -> SimpleNamespace:
    return reported_module


@pytest.fixture
def draft(world: SimpleNamespace, persona: Persona) -> Report:
    """The report created by OEE, with its English introduction."""
    return f.report_draft(persona, world)


@pytest.fixture
def submitted(draft: Report, persona: Persona) -> Report:
    return services.report_submit(actor=persona("oee"), report=draft)


@pytest.fixture
def approved(submitted: Report, persona: Persona) -> Report:
    return services.report_approve(actor=persona("rd"), report=submitted)


@pytest.fixture
def no_pdf(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Publishing queues the PDFs on commit; here the renderer only notes the version."""
    rendered: list[int] = []

    def render_version_files(*, version_id: int) -> int:
        rendered.append(version_id)
        return 0

    fake = types.ModuleType("townhall.reports.pdf")
    fake.render_version_files = render_version_files  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "townhall.reports.pdf", fake)
    return rendered


def _actions(report: Report) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="reports.report", object_id=str(report.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def _in_follow_up(persona: Persona, **kwargs: Any) -> Engagement:
    engagement = determined(persona, 2, **kwargs)
    for move in (
        engagements.engagement_start_outreach,
        engagements.engagement_start_engaging,
        engagements.engagement_start_follow_up,
    ):
        engagement = move(actor=persona("oee"), engagement=engagement)
    return engagement


def _detectives() -> User:
    """Staff of another originating unit than the engagement's (Bureau of Patrol)."""
    return ensure_persona(
        PersonaSpec(
            "detectives",
            "detectives.unit",
            "Paul",
            "Novak",
            (Role.ORIGINATING_UNIT, Role.DEPARTMENT_MEMBER),
            unit_name="Bureau of Detectives",
        )
    )


# -- Creating: only after the engagement (V-D-3) -------------------------------------------------


def test_report_is_created_with_its_data_generated_from_the_record_V_D_3(
    world: SimpleNamespace, persona: Persona
) -> None:
    report = services.report_create(actor=persona("oee"), engagement=world.engagement)
    assert (report.status, report.prepared_by, report.final_version) == (
        Report.Status.DRAFT,
        persona("oee"),
        None,
    )
    assert report.data == build(world.engagement)
    assert report.data["revisions"]["final"]["id"] == world.final_version.pk
    assert report.generated_at is not None and report.narrative == {}
    event = AuditEvent.objects.get(action="report.create", object_id=str(report.pk))
    assert (event.actor, event.after) == (persona("oee"), {"status": "draft"})


def test_report_is_written_only_in_follow_up_or_once_concluded_V_D_3(
    persona: Persona, d22_draft: Any
) -> None:
    engagement = determined(persona, 2)
    for move in (
        None,
        engagements.engagement_start_outreach,
        engagements.engagement_start_engaging,
    ):
        if move is not None:
            engagement = move(actor=persona("oee"), engagement=engagement)
        with pytest.raises(IllegalTransition, match="follow-up"):
            services.report_create(actor=persona("oee"), engagement=engagement)
    engagement = engagements.engagement_start_follow_up(actor=persona("oee"), engagement=engagement)
    engagement = engagements.engagement_conclude(actor=persona("oee"), engagement=engagement)
    report = services.report_create(actor=persona("oee"), engagement=engagement)
    assert report.engagement.status == Engagement.Status.CONCLUDED
    assert (
        not AuditEvent.objects.filter(action="report.create")
        .exclude(object_id=str(report.pk))
        .exists()
    )


def test_an_engagement_has_one_report(draft: Report, persona: Persona) -> None:
    with pytest.raises(IllegalTransition, match="already"):
        services.report_create(actor=persona("rd"), engagement=draft.engagement)
    assert Report.objects.filter(engagement=draft.engagement).count() == 1


def test_the_revised_version_must_be_of_the_engagements_directive(
    world: SimpleNamespace, persona: Persona, d22_draft: Any
) -> None:
    with pytest.raises(FieldsInvalid) as excinfo:
        services.report_create(
            actor=persona("oee"), engagement=world.engagement, final_version=d22_draft
        )
    assert set(excinfo.value.errors) == {"final_version"}
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "key", ["department_member", "ocpr", "ocpr_chief", "ocpr_designee", "pscd", "communications"]
)
def test_only_the_preparing_units_create_a_report_VII_D_5(
    world: SimpleNamespace, persona: Persona, key: str
) -> None:
    with pytest.raises(NotAllowed):
        services.report_create(actor=persona(key), engagement=world.engagement)
    assert not Report.objects.exists()


def test_another_originating_unit_does_not_prepare_the_report_VII_D_5(
    world: SimpleNamespace,
) -> None:
    with pytest.raises(NotAllowed):
        services.report_create(actor=_detectives(), engagement=world.engagement)


@pytest.mark.parametrize("key", ["oee", "rd", "training", "admin", "originating_unit"])
def test_oee_rd_and_the_engagements_own_unit_prepare_the_report_VII_D_5(
    world: SimpleNamespace, persona: Persona, key: str
) -> None:
    report = services.report_create(actor=persona(key), engagement=world.engagement)
    assert report.prepared_by == persona(key)


# -- Regenerating ---------------------------------------------------------------------------------


def test_regenerating_rebuilds_the_data_and_audits_both_hashes(
    draft: Report, world: SimpleNamespace, persona: Persona
) -> None:
    before = data_hash(draft.data)
    report = services.report_generate(
        actor=persona("rd"), report=draft, final_version=world.posted_version, keep_final=False
    )
    assert report.final_version == world.posted_version and report.data["revisions"] is None
    event = AuditEvent.objects.filter(action="report.generate").latest("id")
    assert event.before == {"data_hash": before}
    assert event.after == {
        "data_hash": data_hash(report.data),
        "final_version": world.posted_version.pk,
    }
    # keep_final keeps the chosen version; keep_final=False with none goes back to the default.
    report = services.report_generate(actor=persona("rd"), report=report)
    assert report.final_version == world.posted_version
    report = services.report_generate(actor=persona("rd"), report=report, keep_final=False)
    assert report.final_version is None
    assert report.data["revisions"]["final"]["id"] == world.final_version.pk


def test_regenerating_refuses_another_directives_version(
    draft: Report, persona: Persona, d22_draft: Any
) -> None:
    with pytest.raises(FieldsInvalid):
        services.report_generate(
            actor=persona("oee"), report=draft, final_version=d22_draft, keep_final=False
        )


# -- The narrative ----------------------------------------------------------------------------


def test_narrative_is_saved_per_section_and_language_and_audited(
    draft: Report, persona: Persona
) -> None:
    report = services.report_narrative_save(
        actor=persona("oee"),
        report=draft,
        section="themes",
        language="es",
        text="  " + SPANISH.replace(" a residentes", "\r\na residentes") + "\r\n",
    )
    assert report.narrative["themes"] == {"es": SPANISH.replace(" a residentes", "\na residentes")}
    assert report.narrative["introduction"] == {"en": f.REPORT_INTRO}
    event = AuditEvent.objects.filter(action="report.narrative").latest("id")
    assert event.before is not None and event.after is not None
    assert (event.before["text"], event.after["section"], event.after["language"]) == (
        "",
        "themes",
        "es",
    )
    # The same text again changes nothing and writes no row; an empty text removes it.
    count = AuditEvent.objects.filter(action="report.narrative").count()
    services.report_narrative_save(
        actor=persona("oee"),
        report=report,
        section="themes",
        language="es",
        text=report.narrative["themes"]["es"],
    )
    assert AuditEvent.objects.filter(action="report.narrative").count() == count
    report = services.report_narrative_save(
        actor=persona("oee"), report=report, section="themes", language="es", text="   "
    )
    assert report.narrative["themes"] == {}


@pytest.mark.parametrize(
    ("section", "language", "text", "field"),
    [
        ("summary", "en", "A section the report does not have.", "section"),
        ("themes", "de", "Eine Sprache, die die Website nicht hat.", "language"),
        ("themes", "en", "x" * (services.NARRATIVE_MAX + 1), "text"),
    ],
)
def test_narrative_is_refused_field_by_field(
    draft: Report, persona: Persona, section: str, language: str, text: str, field: str
) -> None:
    with pytest.raises(FieldsInvalid) as excinfo:
        services.report_narrative_save(
            actor=persona("oee"), report=draft, section=section, language=language, text=text
        )
    assert set(excinfo.value.errors) == {field}
    draft.refresh_from_db()
    assert set(draft.narrative) == {"introduction"}


def test_every_section_takes_a_narrative_in_every_site_language(
    draft: Report, persona: Persona
) -> None:
    from django.conf import settings

    for section in SECTION_KEYS:
        for code, _name in settings.LANGUAGES:
            draft = services.report_narrative_save(
                actor=persona("rd"),
                report=draft,
                section=section,
                language=code,
                text=f"{section} ({code}): {f.REPORT_INTRO}",
            )
    assert set(draft.narrative) == set(SECTION_KEYS)
    assert all(len(v) == len(settings.LANGUAGES) for v in draft.narrative.values())


def test_only_preparers_write_the_narrative(draft: Report, persona: Persona) -> None:
    for key in ("communications", "pscd", "ocpr"):
        with pytest.raises(NotAllowed):
            services.report_narrative_save(
                actor=persona(key), report=draft, section="themes", language="en", text="Words."
            )


# -- Submitting, returning, approving (VI-D-2, VI-E-2) ------------------------------------------


def test_submitting_needs_the_english_introduction(
    world: SimpleNamespace, persona: Persona
) -> None:
    report = services.report_create(actor=persona("oee"), engagement=world.engagement)
    report = services.report_narrative_save(
        actor=persona("oee"), report=report, section="introduction", language="es", text=SPANISH
    )
    with pytest.raises(FieldsInvalid) as excinfo:
        services.report_submit(actor=persona("oee"), report=report)
    assert set(excinfo.value.errors) == {"introduction"}
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT


def test_submitting_asks_rd_to_approve_by_mail_on_commit_VI_D_2(
    draft: Report, persona: Persona, django_capture_on_commit_callbacks: Any
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_submit(actor=persona("oee"), report=draft)
    assert (report.status, report.submitted_by) == (Report.Status.SUBMITTED, persona("oee"))
    assert report.submitted_at is not None
    (message,) = mail.outbox
    assert message.to == [persona("rd").email]
    assert draft.engagement.title in message.subject
    assert f"/staff/reports/{report.pk}/" in message.body
    assert _actions(report)[-1] == "report.submit"


def test_approval_by_rd_tells_the_submitter_VI_D_2(
    submitted: Report, persona: Persona, django_capture_on_commit_callbacks: Any
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_approve(actor=persona("rd"), report=submitted)
    assert (report.status, report.approved_by) == (Report.Status.APPROVED, persona("rd"))
    assert report.approved_at is not None
    (message,) = mail.outbox
    assert message.to == [persona("oee").email] and "approved" in message.subject
    event = AuditEvent.objects.filter(action="report.approve").latest("id")
    assert event.after == {"status": "approved", "data_hash": data_hash(report.data)}


@pytest.mark.parametrize(
    "key",
    ["training", "ocpr", "ocpr_chief", "oee", "pscd", "originating_unit", "department_member"],
)
def test_a_directives_report_is_approved_by_rd_alone_VI_D_2(
    submitted: Report, persona: Persona, key: str
) -> None:
    with pytest.raises(NotAllowed):
        services.report_approve(actor=persona(key), report=submitted)
    submitted.refresh_from_db()
    assert submitted.status == Report.Status.SUBMITTED


def test_report_approved_by_someone_other_than_the_submitter(
    draft: Report, persona: Persona
) -> None:
    report = services.report_submit(actor=persona("rd"), report=draft)
    with pytest.raises(NotAllowed, match="other than"):
        services.report_approve(actor=persona("rd"), report=report)
    with pytest.raises(NotAllowed, match="other than"):
        services.report_return(actor=persona("rd"), report=report, note="Shorten the themes.")
    # An administrator who did not send it may.
    report = services.report_approve(actor=persona("admin"), report=report)
    assert report.approved_by == persona("admin")


def test_the_submitter_is_read_from_the_report_as_it_stands(
    draft: Report, persona: Persona
) -> None:
    """A stale copy must not let the person who sent the report approve it."""
    stale = Report.objects.get(pk=draft.pk)
    services.report_submit(actor=persona("rd"), report=draft)
    stale.status = Report.Status.SUBMITTED
    with pytest.raises(NotAllowed, match="other than"):
        services.report_approve(actor=persona("rd"), report=stale)


def test_report_approved_by_the_training_division_for_a_training_VI_E_2(
    persona: Persona, d22_draft: Any
) -> None:
    engagement = _in_follow_up(
        persona,
        unit="Education and Training Division",
        about={"training_title": "School resource officer annual refresher training"},
        title="Engagement on the SRO refresher training",
    )
    report = f.report_draft(persona, SimpleNamespace(engagement=engagement))
    report = services.report_submit(actor=persona("oee"), report=report)
    for key in ("rd", "ocpr_chief"):
        with pytest.raises(NotAllowed):
            services.report_approve(actor=persona(key), report=report)
    report = services.report_approve(actor=persona("training"), report=report)
    assert report.status == Report.Status.APPROVED


@pytest.mark.parametrize("approver", ["ocpr", "ocpr_chief", "ocpr_designee"])
def test_report_approved_by_ocpr_for_another_subject_IV_D(
    persona: Persona, d22_draft: Any, approver: str
) -> None:
    engagement = _in_follow_up(
        persona,
        about={"other_subject": "The Department's language access plan"},
        title="Engagement on language access",
    )
    report = f.report_draft(persona, SimpleNamespace(engagement=engagement))
    report = services.report_submit(actor=persona("oee"), report=report)
    for key in ("rd", "training"):
        with pytest.raises(NotAllowed):
            services.report_approve(actor=persona(key), report=report)
    report = services.report_approve(actor=persona(approver), report=report)
    assert report.status == Report.Status.APPROVED


def test_returning_needs_a_note_and_takes_the_report_back_to_draft(
    submitted: Report, persona: Persona, django_capture_on_commit_callbacks: Any
) -> None:
    with pytest.raises(FieldsInvalid) as excinfo:
        services.report_return(actor=persona("rd"), report=submitted, note="  \r\n ")
    assert set(excinfo.value.errors) == {"note"}
    note = "Say in the introduction how many people came to the meeting."
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_return(actor=persona("rd"), report=submitted, note=note)
    assert (report.status, report.return_note) == (Report.Status.DRAFT, note)
    (message,) = mail.outbox
    assert (message.to, message.body) == ([persona("oee").email], note)
    assert AuditEvent.objects.filter(action="report.return").latest("id").note == note
    # Sent again, the note is cleared.
    report = services.report_submit(actor=persona("oee"), report=report)
    assert report.return_note == ""


# -- Illegal moves --------------------------------------------------------------------------------


def test_a_draft_cannot_be_approved_returned_or_published(draft: Report, persona: Persona) -> None:
    with pytest.raises(IllegalTransition):
        services.report_approve(actor=persona("rd"), report=draft)
    with pytest.raises(IllegalTransition):
        services.report_return(actor=persona("rd"), report=draft, note="Too early.")
    with pytest.raises(IllegalTransition):
        services.report_publish(actor=persona("oee"), report=draft)
    assert not ReportVersion.objects.exists()


def test_a_report_waiting_for_approval_is_not_changed_or_sent_twice(
    submitted: Report, persona: Persona
) -> None:
    with pytest.raises(IllegalTransition):
        services.report_submit(actor=persona("oee"), report=submitted)
    with pytest.raises(IllegalTransition, match="returned"):
        services.report_narrative_save(
            actor=persona("oee"), report=submitted, section="themes", language="en", text="More."
        )
    with pytest.raises(IllegalTransition, match="returned"):
        services.report_generate(actor=persona("oee"), report=submitted)
    with pytest.raises(IllegalTransition):
        services.report_publish(actor=persona("oee"), report=submitted)
    submitted.refresh_from_db()
    assert submitted.status == Report.Status.SUBMITTED
    assert submitted.narrative == {"introduction": {"en": f.REPORT_INTRO}}


def test_an_approved_report_is_not_approved_or_returned_again(
    approved: Report, persona: Persona
) -> None:
    with pytest.raises(IllegalTransition):
        services.report_approve(actor=persona("admin"), report=approved)
    with pytest.raises(IllegalTransition):
        services.report_return(actor=persona("admin"), report=approved, note="Too late.")
    with pytest.raises(IllegalTransition):
        services.report_submit(actor=persona("oee"), report=approved)


def test_only_preparers_publish(approved: Report, persona: Persona) -> None:
    for key in ("communications", "ocpr_chief", "pscd"):
        with pytest.raises(NotAllowed):
            services.report_publish(actor=persona(key), report=approved)


# -- Edits after approval or publication --------------------------------------------------------


def test_an_edit_after_approval_returns_the_report_to_draft(
    approved: Report, persona: Persona
) -> None:
    report = services.report_narrative_save(
        actor=persona("oee"),
        report=approved,
        section="next_steps",
        language="en",
        text="R&D will publish the revised directive after the 30-day review.",
    )
    assert (report.status, report.approved_by, report.approved_at) == (
        Report.Status.DRAFT,
        None,
        None,
    )
    with pytest.raises(IllegalTransition):
        services.report_publish(actor=persona("oee"), report=report)


def test_regenerating_after_approval_returns_the_report_to_draft(
    approved: Report, persona: Persona
) -> None:
    report = services.report_generate(actor=persona("oee"), report=approved)
    assert (report.status, report.approved_by) == (Report.Status.DRAFT, None)


# -- Publishing (V-D-3) ---------------------------------------------------------------------------


def test_publishing_freezes_the_approved_report_as_version_1_V_D_3(
    approved: Report,
    persona: Persona,
    no_pdf: list[int],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        version = services.report_publish(actor=persona("oee"), report=approved)
    approved.refresh_from_db()
    assert approved.status == Report.Status.PUBLISHED
    assert (version.number, version.change_note) == (1, "")
    assert version.data == approved.data and version.narrative == approved.narrative
    assert version.data_hash == data_hash(approved.data)
    assert (version.published_by, version.approved_by) == (persona("oee"), persona("rd"))
    assert version.languages == ["en"]
    # The PDFs are rendered by the worker once the version is committed.
    assert no_pdf == [version.pk]
    event = AuditEvent.objects.filter(action="report.publish").latest("id")
    assert event.after == {"version": 1, "data_hash": version.data_hash}
    assert _actions(approved) == [
        "report.create",
        "report.narrative",
        "report.submit",
        "report.approve",
        "report.publish",
    ]


def test_an_edit_after_publication_leaves_the_published_version_as_it_was(
    approved: Report, world: SimpleNamespace, persona: Persona
) -> None:
    version = services.report_publish(actor=persona("oee"), report=approved)
    frozen = (dict(version.data), dict(version.narrative), version.data_hash)
    report = services.report_narrative_save(
        actor=persona("oee"),
        report=approved,
        section="introduction",
        language="en",
        text=f.REPORT_INTRO + " Corrected: 40 people came to the meeting.",
    )
    assert (report.status, report.approved_by) == (Report.Status.DRAFT, None)
    report = services.report_generate(
        actor=persona("oee"), report=report, final_version=world.posted_version, keep_final=False
    )
    version = ReportVersion.objects.get(pk=version.pk)
    assert (version.data, version.narrative, version.data_hash) == frozen
    assert report.narrative != version.narrative and report.data != version.data
    assert version.data["revisions"] is not None and report.data["revisions"] is None


def test_a_second_version_says_what_changed_V_D_3(approved: Report, persona: Persona) -> None:
    first = services.report_publish(actor=persona("oee"), report=approved)
    report = services.report_narrative_save(
        actor=persona("oee"),
        report=approved,
        section="next_steps",
        language="en",
        text="R&D will publish the revised directive after the 30-day review.",
    )
    report = services.report_submit(actor=persona("oee"), report=report)
    report = services.report_approve(actor=persona("rd"), report=report)
    with pytest.raises(FieldsInvalid) as excinfo:
        services.report_publish(actor=persona("oee"), report=report, change_note=" \r\n ")
    assert set(excinfo.value.errors) == {"change_note"}
    note = "Added what comes next."
    second = services.report_publish(actor=persona("oee"), report=report, change_note=note)
    assert (second.number, second.change_note) == (2, note)
    assert "next_steps" in second.narrative and "next_steps" not in first.narrative
    assert list(report.versions.values_list("number", flat=True)) == [2, 1]


def test_a_published_version_never_changes(approved: Report, persona: Persona) -> None:
    version = services.report_publish(actor=persona("oee"), report=approved)
    version.change_note = "Rewritten."
    with pytest.raises(TypeError):
        version.save()
    with pytest.raises(TypeError):
        ReportVersion.objects.filter(pk=version.pk).update(change_note="Rewritten.")
    with pytest.raises(TypeError):
        version.delete()
    with pytest.raises(TypeError):
        ReportVersion.objects.filter(pk=version.pk).delete()
    with pytest.raises(TypeError):
        approved.delete()
    assert ReportVersion.objects.get(pk=version.pk).change_note == ""


def test_publishing_again_without_a_new_approval_is_refused(
    approved: Report, persona: Persona
) -> None:
    services.report_publish(actor=persona("oee"), report=approved)
    with pytest.raises(IllegalTransition):
        services.report_publish(actor=persona("oee"), report=approved, change_note="Again.")
    assert ReportVersion.objects.count() == 1
