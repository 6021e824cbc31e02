"""The annual report section (seed 002 VI-B-7: OEE includes in the CPD Annual Report a
description and review of the Department's community engagement activities during the
previous calendar year; VIII-B): what it lists for a year, its PDF and DOCX, who may read it."""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from townhall.accounts.models import User
from townhall.engagements import services as engagements
from townhall.engagements.models import Activity, Engagement, Level
from townhall.engagements.tests.helpers import determined
from townhall.reports import annual
from townhall.reports.tests import factories

pytestmark = pytest.mark.django_db

Persona = Callable[[str], User]
ClientAs = Callable[[str | None], Client]

OTHER_TITLE = "District 7 strategic plan: community conversations"


def _other_year_engagement(persona: Persona, year: int) -> Engagement:
    """An engagement whose one activity, a focus group, took place in `year`."""
    engagement = determined(
        persona,
        Level.TARGETED,
        about={"other_subject": "The 7th District's strategic plan"},
        title=OTHER_TITLE,
    )
    engagements.activity_add(
        actor=persona("oee"),
        engagement=engagement,
        method=Activity.Method.FOCUS_GROUP,
        title="Focus group with Englewood block clubs",
        starts_on=datetime.date(year, 4, 2),
        ends_on=datetime.date(year, 4, 2),
    )
    return engagement


@pytest.fixture
def published(persona: Persona) -> SimpleNamespace:
    """The reported engagement of the factories with its report published (version 1), and
    the year its posting opened."""
    reported = factories.reported_engagement(persona)
    _report, version = factories.report_published(persona, reported)
    assert reported.posting.opens_at is not None
    reported.version = version
    reported.year = timezone.localdate(reported.posting.opens_at).year
    return reported


def test_annual_section_lists_engagement_with_methods_participation_and_changes_VI_B_7(
    persona: Persona, client_as: ClientAs, published: SimpleNamespace
) -> None:
    year = published.year
    _other_year_engagement(persona, year - 3)

    data = annual.gather(year)
    rows = {r["id"]: r for r in data["engagements"]}
    row = rows[published.engagement.pk]
    methods = {m["method"] for m in row["methods"]}
    assert {
        Activity.Method.PUBLIC_POSTING,
        Activity.Method.COMMUNITY_CONVERSATION,
        Activity.Method.ANONYMOUS_SURVEY,
        Activity.Method.WORKING_GROUP,
    } <= methods
    assert row["participation"]["participants"] >= factories.ATTENDANCE
    assert row["report"]["number"] == published.version.number
    adopted = {o["label"] for o in row["report"]["adopted"]}
    assert published.adopted_theme.label in adopted
    assert row["report"]["revisions"]["summary"]["added"] >= 1
    assert any(c["item"] == factories.ADDED_ITEM for c in row["report"]["revisions"]["changes"])
    assert {"activities", "posting", "report"} >= set(row["because"]) >= {"posting"}
    assert row["measures"]["engagement"]["id"] == published.engagement.pk
    assert all(r["title"] != OTHER_TITLE for r in data["engagements"])
    assert data["totals"]["engagements_reported"] >= 1

    response = client_as("oee").get(reverse("staff:reports:annual_year", args=[year]))
    assert response.status_code == 200
    page = response.content.decode()
    assert published.engagement.title in page
    assert str(Activity.Method.PUBLIC_POSTING.label) in page
    assert str(Activity.Method.COMMUNITY_CONVERSATION.label) in page
    assert "What changed as a result" in page
    assert factories.ADDED_ITEM in page
    assert factories.ADOPTED_REASON in page
    assert "Participants by engagement" in page and 'role="img"' in page
    assert OTHER_TITLE not in page
    assert reverse("staff:reports:annual_pdf", args=[year]) in page
    assert reverse("staff:reports:annual_docx", args=[year]) in page


def test_annual_section_of_another_year_lists_only_its_engagements_VIII_B(
    persona: Persona, client_as: ClientAs
) -> None:
    year = timezone.localdate().year - 3
    other = _other_year_engagement(persona, year)

    data = annual.gather(year)
    assert [r["id"] for r in data["engagements"]] == [other.pk]
    assert data["engagements"][0]["report"] is None
    assert annual.gather(year + 1)["engagements"] == []

    page = (
        client_as("communications")
        .get(reverse("staff:reports:annual_year", args=[year]))
        .content.decode()
    )
    assert OTHER_TITLE in page
    assert str(Activity.Method.FOCUS_GROUP.label) in page
    assert "No report has been published yet." in page

    index = client_as("oee").get(reverse("staff:reports:annual")).content.decode()
    assert reverse("staff:reports:annual_year", args=[year]) in index


def test_annual_index_lists_years_newest_first(persona: Persona, client_as: ClientAs) -> None:
    this = timezone.localdate().year
    _other_year_engagement(persona, this - 5)
    _other_year_engagement(persona, this - 2)
    assert [y for y, _n in annual.years()] == [this - 2, this - 5]
    page = client_as("oee").get(reverse("staff:reports:annual")).content.decode()
    newer = page.index(reverse("staff:reports:annual_year", args=[this - 2]))
    older = page.index(reverse("staff:reports:annual_year", args=[this - 5]))
    assert newer < older


def test_annual_docx_has_headings_tables_and_properties_VIII_B(
    client_as: ClientAs, published: SimpleNamespace
) -> None:
    import docx

    response = client_as("oee").get(reverse("staff:reports:annual_docx", args=[published.year]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = docx.Document(io.BytesIO(response.content))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings[0] == ("Heading 1", f"Community engagement in {published.year}")
    level2 = [text for style, text in headings if style == "Heading 2"]
    assert "The engagements" in level2 and "The year in figures" in level2
    assert ("Heading 3", published.engagement.title) in headings
    assert document.tables
    first = document.tables[0]
    assert first.rows[0]._tr.trPr is not None
    assert "tblHeader" in first.rows[0]._tr.trPr.xml
    cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
    assert factories.ADDED_ITEM in cells
    assert document.core_properties.title == f"Community engagement in {published.year}"
    assert document.core_properties.language == "en-US"


def test_annual_pdf_is_tagged_VIII_B(client_as: ClientAs, published: SimpleNamespace) -> None:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    response = client_as("oee").get(reverse("staff:reports:annual_pdf", args=[published.year]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    info = subprocess.run(
        ["pdfinfo", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), info
    assert f"Community engagement in {published.year}" in info  # the title
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
        ).stdout.decode()
        assert "The engagements" in text and factories.ADDED_ITEM in text


@pytest.mark.parametrize("key", ["oee", "ocpr_chief", "communications", "admin"])
def test_annual_section_open_to_its_editors_VI_B_7(client_as: ClientAs, key: str) -> None:
    year = timezone.localdate().year
    assert client_as(key).get(reverse("staff:reports:annual")).status_code == 200
    assert client_as(key).get(reverse("staff:reports:annual_year", args=[year])).status_code == 200


@pytest.mark.parametrize("key", ["pscd", "rd"])
def test_annual_section_refused_to_other_staff_VI_B_7(client_as: ClientAs, key: str) -> None:
    year = timezone.localdate().year
    client = client_as(key)
    for name, args in (
        ("staff:reports:annual", []),
        ("staff:reports:annual_year", [year]),
        ("staff:reports:annual_pdf", [year]),
        ("staff:reports:annual_docx", [year]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 403, name


def test_annual_year_out_of_range_is_404(client_as: ClientAs) -> None:
    client = client_as("oee")
    next_year = timezone.localdate().year + 1
    for year in (1999, next_year + 1):
        for name in ("annual_year", "annual_pdf", "annual_docx"):
            assert client.get(reverse(f"staff:reports:{name}", args=[year])).status_code == 404
    assert client.get(reverse("staff:reports:annual_year", args=[next_year])).status_code == 200
    assert client.get(reverse("staff:reports:annual_year", args=[2000])).status_code == 200


def test_annual_docx_right_to_left_in_arabic(persona: Persona) -> None:
    import docx
    from django.utils import translation

    from townhall.reports.docx import section_docx

    year = timezone.localdate().year - 1
    _other_year_engagement(persona, year)
    with translation.override("ar"):
        section = annual.present(annual.gather(year), rtl=True)
        content = section_docx(section, language="ar", rtl=True, generated_on=timezone.localdate())
    document = docx.Document(io.BytesIO(content))
    assert document.core_properties.language == "ar-SA"
    defaults = document.styles.element.xml
    assert "<w:rtl/>" in defaults and "<w:bidi/>" in defaults
    assert all("bidiVisual" in t._tbl.tblPr.xml for t in document.tables)
    assert OTHER_TITLE in [p.text for p in document.paragraphs]
