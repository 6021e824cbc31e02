"""The staff pages of the "what we heard" report, one by one (seed 002 V-D-3, VII-D-5,
VI-D-2): who sees what, which buttons, and refusals that keep what was typed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from townhall.accounts.models import User
from townhall.core.models import AuditEvent
from townhall.engagements import services as engagements
from townhall.engagements.models import Engagement, Level
from townhall.engagements.tests.helpers import determined
from townhall.reports import services
from townhall.reports.models import Report

pytestmark = pytest.mark.django_db

Persona = Callable[[str], User]
ClientAs = Callable[[str | None], Client]

INTRO = (
    "From March to May the Department asked residents how the draft should change. This "
    "report says what we heard and what we did with it."
)
INTRO_ES = (
    "De marzo a mayo el Departamento preguntó a los residentes cómo debía cambiar el "
    "borrador. Este informe dice lo que escuchamos y lo que hicimos."
)


def _in_follow_up(persona: Persona) -> Engagement:
    """An engagement on D22-08 moved through its steps to follow-up (V-D)."""
    engagement = determined(persona, Level.POSTING)
    for move in (
        engagements.engagement_start_outreach,
        engagements.engagement_start_engaging,
        engagements.engagement_start_follow_up,
    ):
        engagement = move(actor=persona("oee"), engagement=engagement)
    return engagement


@pytest.fixture
def engagement(persona: Persona, d22_draft: Any) -> Engagement:
    return _in_follow_up(persona)


@pytest.fixture
def report(persona: Persona, engagement: Engagement) -> Report:
    return services.report_create(actor=persona("oee"), engagement=engagement)


def _written(persona: Persona, report: Report) -> Report:
    return services.report_narrative_save(
        actor=persona("oee"), report=report, section="introduction", language="en", text=INTRO
    )


def _url(report: Report, tail: str = "") -> str:
    return f"/staff/reports/{report.pk}/{tail}"


def _public(report: Report, number: int) -> str:
    return reverse("reports:version", args=[report.engagement_id, number])


# -- The list and starting a report ----------------------------------------------------------


def test_the_list_offers_to_start_the_report_of_an_engagement_in_follow_up_V_D_3(
    client_as: ClientAs, engagement: Engagement
) -> None:
    page = client_as("oee").get("/staff/reports/")
    assert page.status_code == 200
    text = page.text
    assert engagement.title in text
    assert f'action="/staff/reports/new/{engagement.pk}/"' in text
    assert "Start the report" in text


def test_staff_who_do_not_prepare_reports_see_the_list_without_the_button_VII_D_5(
    client_as: ClientAs, engagement: Engagement
) -> None:
    page = client_as("communications").get("/staff/reports/")
    assert page.status_code == 200
    assert engagement.title in page.text
    assert f"/staff/reports/new/{engagement.pk}/" not in page.text


def test_people_without_a_staff_role_never_reach_the_reports(client_as: ClientAs) -> None:
    assert client_as("department_member").get("/staff/reports/").status_code == 403


def test_the_list_filters_reports_by_status_and_refuses_an_unknown_one(
    client_as: ClientAs, report: Report
) -> None:
    client = client_as("oee")
    assert report.engagement.title in client.get("/staff/reports/?status=draft").text
    other = client.get("/staff/reports/?status=published").text
    assert f"/staff/reports/{report.pk}/" not in other
    assert "No report has this status." in other
    assert client.get("/staff/reports/?status=lost").status_code == 400


def test_an_engagement_with_a_report_is_no_longer_waiting_for_one(
    client_as: ClientAs, report: Report
) -> None:
    text = client_as("oee").get("/staff/reports/").text
    assert f"/staff/reports/new/{report.engagement_id}/" not in text
    assert f"/staff/reports/{report.pk}/" in text
    assert "No engagement is waiting for its report." in text


def test_oee_starts_the_report_and_lands_on_its_page_V_D_3(
    client_as: ClientAs, engagement: Engagement
) -> None:
    response = client_as("oee").post(f"/staff/reports/new/{engagement.pk}/")
    report = Report.objects.get(engagement=engagement)
    assert response.status_code == 302
    assert response["Location"] == f"/staff/reports/{report.pk}/"
    assert report.generated_at is not None and report.data["schema"] == 1


def test_starting_a_report_is_refused_to_a_unit_that_does_not_prepare_it_VII_D_5(
    client_as: ClientAs, engagement: Engagement
) -> None:
    response = client_as("communications").post(f"/staff/reports/new/{engagement.pk}/")
    assert response.status_code == 403
    assert "The report is prepared by OEE, R&amp;D" in response.text
    assert not Report.objects.exists()


def test_a_report_waits_for_the_follow_up_step_V_D_3(
    client_as: ClientAs, persona: Persona, d22_draft: Any
) -> None:
    early = determined(persona, Level.POSTING)
    response = client_as("oee").post(f"/staff/reports/new/{early.pk}/")
    assert response.status_code == 409
    assert "once the engagement is in follow-up" in response.text
    assert not Report.objects.exists()


def test_starting_a_report_of_an_unknown_engagement_is_a_404(client_as: ClientAs) -> None:
    assert client_as("oee").post("/staff/reports/new/999999/").status_code == 404


# -- A report's page -------------------------------------------------------------------------


def test_the_report_page_shows_its_workflow_and_the_preparers_moves_V_D_3(
    client_as: ClientAs, report: Report
) -> None:
    page = client_as("oee").get(_url(report))
    assert page.status_code == 200
    text = page.text
    assert "Draft" in text and "Aisha Okafor" in text  # prepared by OEE
    assert f'action="{_url(report, "generate/")}"' in text
    assert f'action="{_url(report, "submit/")}"' in text
    assert f'action="{_url(report, "approve/")}"' not in text
    assert f'action="{_url(report, "publish/")}"' not in text
    # The narrative table: every section, each language a link to edit it.
    assert f'href="{_url(report, "narrative/introduction/")}?language=es"' in text
    assert f'href="{_url(report, "narrative/next_steps/")}?language=ar"' in text
    # The data summary and the audit trail of the report.
    assert "Decisions on the themes and recommendations" in text
    assert "report.create" in text
    # The revised version can be chosen among the directive's versions.
    assert 'name="final_version"' in text


def test_staff_who_neither_prepare_nor_approve_read_the_page_without_buttons(
    client_as: ClientAs, report: Report
) -> None:
    page = client_as("communications").get(_url(report))
    assert page.status_code == 200
    for move in ("generate", "submit", "return", "approve", "publish"):
        assert f'action="{_url(report, move + "/")}"' not in page.text
    assert "you can read it" in page.text


def test_an_unknown_report_is_a_404(client_as: ClientAs) -> None:
    assert client_as("oee").get("/staff/reports/999999/").status_code == 404


def test_the_audit_trail_of_the_report_is_shown_newest_first(
    client_as: ClientAs, persona: Persona, report: Report
) -> None:
    _written(persona, report)
    text = client_as("oee").get(_url(report)).text
    history = text[text.index('id="history"') :]
    assert history.index("report.narrative") < history.index("report.create")


@pytest.mark.parametrize("tail", ["generate/", "submit/", "return/", "approve/", "publish/"])
def test_the_moves_are_post_only(client_as: ClientAs, report: Report, tail: str) -> None:
    assert client_as("oee").get(_url(report, tail)).status_code == 405


def test_starting_a_report_is_post_only(client_as: ClientAs, engagement: Engagement) -> None:
    assert client_as("oee").get(f"/staff/reports/new/{engagement.pk}/").status_code == 405
    assert not Report.objects.exists()


# -- Generating the data -----------------------------------------------------------------------


def test_generating_again_keeps_the_numbers_and_records_it_V_D_3(
    client_as: ClientAs, report: Report
) -> None:
    before = report.data
    response = client_as("oee").post(_url(report, "generate/"), follow=True)
    assert response.redirect_chain[-1][0] == _url(report)
    assert "The data was generated again from the record." in response.text
    report.refresh_from_db()
    assert report.data == before
    assert AuditEvent.objects.filter(action="report.generate", object_id=str(report.pk)).exists()


def test_choosing_a_version_of_the_directive_sets_the_final_version(
    client_as: ClientAs, report: Report, d22_draft: Any
) -> None:
    response = client_as("oee").post(_url(report, "generate/"), {"final_version": d22_draft.pk})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.final_version_id == d22_draft.pk
    # Empty: back to the default.
    client_as("oee").post(_url(report, "generate/"), {"final_version": ""})
    report.refresh_from_db()
    assert report.final_version_id is None


def test_a_version_of_another_directive_is_refused_on_the_form(
    client_as: ClientAs, report: Report, s04_versions: list[Any]
) -> None:
    response = client_as("oee").post(
        _url(report, "generate/"), {"final_version": s04_versions[0].pk}
    )
    assert response.status_code == 400
    assert "There is a problem" in response.text
    report.refresh_from_db()
    assert report.final_version_id is None


def test_generating_is_refused_to_staff_who_do_not_prepare_the_report(
    client_as: ClientAs, report: Report
) -> None:
    response = client_as("communications").post(_url(report, "generate/"))
    assert response.status_code == 403
    assert "The report is prepared by OEE" in response.text


# -- The narrative ---------------------------------------------------------------------------


def test_the_narrative_form_edits_one_section_in_one_language_with_markdown_help(
    client_as: ClientAs, persona: Persona, report: Report
) -> None:
    _written(persona, report)
    client = client_as("oee")
    page = client.get(_url(report, "narrative/introduction/") + "?language=es")
    assert page.status_code == 200
    text = page.text
    assert "Markdown" in text
    assert "The English text, for reference" in text and INTRO in text
    assert 'lang="es"' in text
    assert 'href="?language=ar"' in text  # switch the language
    response = client.post(
        _url(report, "narrative/introduction/"), {"language": "es", "text": INTRO_ES}
    )
    assert response.status_code == 302
    assert response["Location"] == _url(report) + "#narrative"
    report.refresh_from_db()
    assert report.narrative["introduction"] == {"en": INTRO, "es": INTRO_ES}


def test_the_english_form_opens_by_default_without_a_reference(
    client_as: ClientAs, persona: Persona, report: Report
) -> None:
    _written(persona, report)
    text = client_as("oee").get(_url(report, "narrative/introduction/")).text
    assert "The English text, for reference" not in text
    assert INTRO in text  # in the box


def test_an_unknown_section_is_a_404_and_an_unknown_language_a_400(
    client_as: ClientAs, report: Report
) -> None:
    client = client_as("oee")
    assert client.get(_url(report, "narrative/epilogue/")).status_code == 404
    assert client.post(_url(report, "narrative/epilogue/"), {"language": "en"}).status_code == 404
    assert client.get(_url(report, "narrative/introduction/") + "?language=xx").status_code == 400
    response = client.post(
        _url(report, "narrative/introduction/"), {"language": "xx", "text": INTRO}
    )
    assert response.status_code == 400


def test_a_refused_narrative_keeps_what_was_typed_VII_D_5(
    client_as: ClientAs, persona: Persona, report: Report
) -> None:
    typed = "Nuestra respuesta a lo que escuchamos, escrita por Comunicaciones."
    response = client_as("communications").post(
        _url(report, "narrative/themes/"), {"language": "es", "text": typed}
    )
    assert response.status_code == 403
    assert typed in response.text
    assert "The report is prepared by OEE" in response.text
    report.refresh_from_db()
    assert "themes" not in report.narrative


def test_text_cannot_change_while_the_report_waits_for_approval_and_is_kept(
    client_as: ClientAs, persona: Persona, report: Report
) -> None:
    services.report_submit(actor=persona("oee"), report=_written(persona, report))
    client = client_as("oee")
    page = client.get(_url(report, "narrative/introduction/")).text
    assert "waiting for approval" in page and "readonly" in page
    typed = INTRO + " A late addition."
    response = client.post(
        _url(report, "narrative/introduction/"), {"language": "en", "text": typed}
    )
    assert response.status_code == 409
    assert typed in response.text
    report.refresh_from_db()
    assert report.narrative["introduction"]["en"] == INTRO


def test_a_section_too_long_is_refused_with_the_text_kept(
    client_as: ClientAs, report: Report
) -> None:
    typed = "Residents asked for clearer rules. " * 700
    response = client_as("oee").post(
        _url(report, "narrative/themes/"), {"language": "en", "text": typed}
    )
    assert response.status_code == 400
    assert "Residents asked for clearer rules." in response.text
    assert 'aria-describedby="id_text_helptext id_text_error"' in response.text


# -- Submitting, returning, approving, publishing ------------------------------------------


def test_sending_for_approval_needs_the_english_introduction(
    client_as: ClientAs, report: Report
) -> None:
    response = client_as("oee").post(_url(report, "submit/"))
    assert response.status_code == 400
    assert "Write the introduction in English before sending it." in response.text
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT


def test_rd_approves_a_directives_report_but_not_one_it_sent_itself_VI_D_2(
    client_as: ClientAs, persona: Persona, report: Report
) -> None:
    _written(persona, report)
    rd = client_as("rd")
    assert rd.post(_url(report, "submit/")).status_code == 302
    page = rd.get(_url(report)).text
    assert f'action="{_url(report, "approve/")}"' not in page
    assert f'action="{_url(report, "return/")}"' not in page
    response = rd.post(_url(report, "approve/"))
    assert response.status_code == 403
    assert "Someone other than the person who sent it approves a report." in response.text
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED


def test_staff_of_another_unit_cannot_approve_VI_D_2(
    client_as: ClientAs, persona: Persona, report: Report
) -> None:
    services.report_submit(actor=persona("oee"), report=_written(persona, report))
    client = client_as("training")
    assert f'action="{_url(report, "approve/")}"' not in client.get(_url(report)).text
    assert client.post(_url(report, "approve/")).status_code == 403
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED


def test_the_approver_returns_the_report_with_a_note_VI_D_2(
    client_as: ClientAs, persona: Persona, report: Report
) -> None:
    services.report_submit(actor=persona("oee"), report=_written(persona, report))
    rd = client_as("rd")
    page = rd.get(_url(report)).text
    assert f'action="{_url(report, "return/")}"' in page
    assert f'action="{_url(report, "approve/")}"' in page
    note = "Say which districts the conversations were held in."
    response = rd.post(_url(report, "return/"), {"note": note}, follow=True)
    assert "The report was returned with your note." in response.text
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT and report.return_note == note
    page = client_as("oee").get(_url(report)).text
    assert "Returned with this note" in page and note in page
    assert f'action="{_url(report, "submit/")}"' in page


def test_returning_needs_a_note(client_as: ClientAs, persona: Persona, report: Report) -> None:
    services.report_submit(actor=persona("oee"), report=_written(persona, report))
    response = client_as("rd").post(_url(report, "return/"), {"note": "  "})
    assert response.status_code == 400
    assert "Say what should change." in response.text
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED


def test_a_refused_return_keeps_the_note_typed(
    client_as: ClientAs, persona: Persona, report: Report
) -> None:
    services.report_submit(actor=persona("oee"), report=_written(persona, report))
    note = "Add the attendance of the second meeting."
    response = client_as("communications").post(_url(report, "return/"), {"note": note})
    assert response.status_code == 403
    assert note in response.text
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED


def test_publishing_waits_for_the_approval_VI_D_2(
    client_as: ClientAs, persona: Persona, report: Report
) -> None:
    _written(persona, report)
    response = client_as("oee").post(_url(report, "publish/"))
    assert response.status_code == 409
    assert "Only an approved report can be published." in response.text
    assert not report.versions.exists()


def test_the_preparer_publishes_what_was_approved_V_D_3(
    client_as: ClientAs, persona: Persona, report: Report
) -> None:
    report = services.report_submit(actor=persona("oee"), report=_written(persona, report))
    services.report_approve(actor=persona("rd"), report=report)
    client = client_as("oee")
    page = client.get(_url(report)).text
    assert f'action="{_url(report, "publish/")}"' in page
    assert 'name="change_note"' not in page  # the first version needs none
    response = client.post(_url(report, "publish/"), follow=True)
    assert "Version 1 is published." in response.text
    version = report.versions.get()
    assert version.narrative["introduction"]["en"] == INTRO
    assert f'href="{_public(report, 1)}"' in response.text


def test_a_second_version_needs_a_change_note_kept_when_refused_V_D_3(
    client_as: ClientAs, persona: Persona, report: Report
) -> None:
    report = services.report_submit(actor=persona("oee"), report=_written(persona, report))
    report = services.report_approve(actor=persona("rd"), report=report)
    services.report_publish(actor=persona("oee"), report=report)
    client = client_as("oee")
    client.post(
        _url(report, "narrative/introduction/"), {"language": "en", "text": INTRO + " Updated."}
    )
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT
    report = services.report_submit(actor=persona("oee"), report=report)
    services.report_approve(actor=persona("rd"), report=report)
    page = client.get(_url(report)).text
    assert 'name="change_note"' in page and "Publish as version 2" in page
    response = client.post(_url(report, "publish/"), {"change_note": "   "})
    assert response.status_code == 400
    assert "Say what changed since version 1." in response.text
    assert report.versions.count() == 1
    note = "The introduction now says when the comment period ended."
    assert client.post(_url(report, "publish/"), {"change_note": note}).status_code == 302
    latest = report.versions.order_by("-number").first()
    assert latest is not None and latest.number == 2 and latest.change_note == note
    page = client.get(_url(report)).text
    assert note in page and f'href="{_public(report, 2)}"' in page


# -- The staff dashboard ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "shown", "hidden"),
    [
        ("oee", ["reports:index", "evaluation", "annual", "records"], []),
        ("communications", ["reports:index", "annual"], ["evaluation", "records"]),
        ("pscd", ["reports:index", "evaluation", "records"], ["annual"]),
        ("rd", ["reports:index", "evaluation", "records"], ["annual"]),
    ],
)
def test_the_dashboard_links_to_the_reports_pages_each_role_may_open(
    client_as: ClientAs, key: str, shown: list[str], hidden: list[str]
) -> None:
    text = client_as(key).get("/staff/").text
    paths = {
        "reports:index": 'href="/staff/reports/"',
        "evaluation": 'href="/staff/reports/evaluation/"',
        "annual": 'href="/staff/reports/annual/"',
        "records": 'href="/staff/reports/records/"',
    }
    for name in shown:
        assert paths[name] in text, name
    for name in hidden:
        assert paths[name] not in text, name


# -- The preview -----------------------------------------------------------------------------


def test_the_preview_of_a_report_without_postings_shows_the_banner_and_the_intro(
    client_as: ClientAs, persona: Persona, report: Report
) -> None:
    _written(persona, report)
    page = client_as("oee").get(_url(report, "preview/"))
    assert page.status_code == 200
    assert "Preview: not published" in page.text and INTRO in page.text
    assert client_as("oee").post(_url(report, "preview/")).status_code == 405


def test_staff_who_do_not_prepare_read_a_section_without_a_save_button(
    client_as: ClientAs, persona: Persona, report: Report
) -> None:
    _written(persona, report)
    page = client_as("communications").get(_url(report, "narrative/introduction/"))
    assert page.status_code == 200
    assert INTRO in page.text and "readonly" in page.text
    assert ">Save</button>" not in page.text
