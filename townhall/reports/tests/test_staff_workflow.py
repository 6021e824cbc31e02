"""The "what we heard" report through the staff pages, start to finish, on an engagement with
comments, a meeting, a survey and a working group's recommendation (seed 002 V-D-3,
VII-D-5, VI-D-2): OEE starts it, writes it, sends it; R&D approves; OEE publishes; the
public sees the version. And the preview, before anything is public."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from townhall.accounts.models import User
from townhall.reports import services
from townhall.reports.models import Report
from townhall.reports.tests.factories import REPORT_INTRO, reported_engagement

pytestmark = pytest.mark.django_db

Persona = Callable[[str], User]
ClientAs = Callable[[str | None], Client]

INTRO_ES = (
    "De marzo a mayo el Departamento preguntó a residentes, estudiantes y familias cómo "
    "seleccionar, capacitar y supervisar a los oficiales escolares. Este informe dice lo que "
    "escuchamos y qué cambió en la Orden Especial S04-01-02."
)
NEXT_STEPS = (
    "The revised Special Order takes effect after the Department's training on it. The "
    "Department will consider a standing youth advisory panel next year."
)


@pytest.fixture
def reported(persona: Persona) -> SimpleNamespace:
    return reported_engagement(persona)


def test_staff_prepare_approve_and_publish_the_report_through_the_pages_V_D_3_VI_D_2(
    client_as: ClientAs, reported: SimpleNamespace
) -> None:
    engagement = reported.engagement
    oee, rd = client_as("oee"), client_as("rd")

    # OEE starts the report from the list.
    assert "Start the report" in oee.get("/staff/reports/").text
    response = oee.post(f"/staff/reports/new/{engagement.pk}/")
    report = Report.objects.get(engagement=engagement)
    detail = f"/staff/reports/{report.pk}/"
    assert response["Location"] == detail

    # The page summarises the data built from the record.
    page = oee.get(detail).text
    themes = report.data["themes"]
    assert len(themes) >= 3
    assert "Adopted" in page and "Not adopted" in page
    assert "Under consideration for the future" in page
    assert "The redline compares the draft posted for comment" in page
    assert "The default is used" in page

    # The narrative: the English introduction, its Spanish translation, the next steps.
    for section, language, text in (
        ("introduction", "en", REPORT_INTRO),
        ("introduction", "es", INTRO_ES),
        ("next_steps", "en", NEXT_STEPS),
    ):
        response = oee.post(f"{detail}narrative/{section}/", {"language": language, "text": text})
        assert response.status_code == 302, response.text
    report.refresh_from_db()
    assert report.narrative["introduction"] == {"en": REPORT_INTRO, "es": INTRO_ES}
    table = oee.get(detail).text
    assert 'Written<span class="visually-hidden">: Introduction, Spanish</span>' in table
    assert 'Write<span class="visually-hidden">: Introduction, Polish</span>' in table

    # Sent for approval: R&D is responsible for a directive (VI-D-2).
    assert oee.post(f"{detail}submit/").status_code == 302
    page = rd.get(detail).text
    assert f'action="{detail}approve/"' in page
    assert rd.post(f"{detail}approve/").status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.APPROVED
    assert report.approved_by is not None and report.approved_by.username == "rd.analyst"

    # OEE publishes; the version is public and frozen.
    response = oee.post(f"{detail}publish/", follow=True)
    assert "Version 1 is published." in response.text
    version = report.versions.get()
    assert version.data == report.data and version.narrative == report.narrative
    public = reverse("reports:version", args=[engagement.pk, 1])
    assert f'href="{public}"' in response.text
    resident = client_as(None).get(public)
    assert resident.status_code == 200
    assert REPORT_INTRO in resident.text

    # The trail of the whole workflow, newest first.
    history = response.text[response.text.index('id="history"') :]
    order = [history.index(f"report.{a}") for a in ("publish", "approve", "submit", "create")]
    assert order == sorted(order)


def test_the_preview_shows_the_unpublished_report_in_the_language_chosen_V_D_3(
    client_as: ClientAs, persona: Persona, reported: SimpleNamespace
) -> None:
    report = services.report_create(actor=persona("oee"), engagement=reported.engagement)
    for language, text in (("en", REPORT_INTRO), ("es", INTRO_ES)):
        report = services.report_narrative_save(
            actor=persona("oee"),
            report=report,
            section="introduction",
            language=language,
            text=text,
        )
    url = f"/staff/reports/{report.pk}/preview/"
    client = client_as("communications")  # every staff member may read it

    page = client.get(url)
    assert page.status_code == 200
    assert "Preview: not published" in page.text
    assert REPORT_INTRO in page.text
    assert page.text.count("<h1") == 1
    assert 'id="introduction"' in page.text

    spanish = client.get(url + "?language=es").text
    assert INTRO_ES in spanish and 'lang="es"' in spanish
    assert "Preview: not published" in spanish  # the staff page stays in the staff language
    assert 'aria-current="page">Spanish' in spanish

    arabic = client.get(url + "?language=ar").text
    assert 'dir="rtl"' in arabic

    assert client.get(url + "?language=tlh").status_code == 400
    assert not report.versions.exists()


def test_the_preview_is_refused_to_people_without_a_staff_role(
    client_as: ClientAs, persona: Persona, reported: SimpleNamespace
) -> None:
    report = services.report_create(actor=persona("oee"), engagement=reported.engagement)
    url = f"/staff/reports/{report.pk}/preview/"
    assert client_as("department_member").get(url).status_code == 403
