"""The public "what we heard" pages (seed 002 V-D-3, VII-D-5): the list, a report's newest
version and its earlier ones, what the body shows (levels, activities, who took part with
small counts hidden, themes, recommendations, the redline linked to the feedback), the
reader's language, and the CSV and JSON of the data.

Most tests publish a version directly from a hand-made data dict that follows build.py's
shape (fast); one goes through the whole record with factories.report_published."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from townhall.accounts.models import User
from townhall.core.demographics import Race
from townhall.engagements.models import Activity, Engagement, Level
from townhall.reports.build import data_hash
from townhall.reports.models import SECTION_KEYS, Report, ReportVersion
from townhall.reports.present import report_context, visual_rtl

pytestmark = pytest.mark.django_db

Persona = Callable[[str], User]

# The statements are from the Polis conversation of London youth on police scrutiny (CC BY
# 4.0, The Computational Democracy Project), as the reports factory uses them.
QUOTE_1 = "We need more changes to policy and police engage more with young people"
QUOTE_2 = "Involve them more in training. Involve them more in spaces were policy’s are made."
QUOTE_3 = "give them the autonomy and power to influence decisions made regarding policing"
INTRO_EN = (
    "From March to May the Department asked residents, students and parents how school "
    "resource officers should be selected, trained and supervised."
)
INTRO_ES = (
    "De marzo a mayo el Departamento preguntó a residentes, estudiantes y padres cómo "
    "seleccionar, capacitar y supervisar a los oficiales escolares."
)


def report_data() -> dict[str, Any]:
    """A report's data in build.py's shape: one posting with a campaign, a meeting, a survey,
    a working group; themes adopted, not adopted and for the future; a redline of two
    changes."""
    return {
        "schema": 1,
        "engagement": {
            "id": 1,
            "title": "School resource officers: revising S04-01-02",
            "subject": {
                "kind": "directive",
                "number": "S04-01-02",
                "title": "School Resource Officers and Investigations at Chicago Public Schools",
            },
            "originating_unit": "Bureau of Patrol",
            "topics": [],
            "level": 3,
            "recommended_level": 3,
            "recommended_reasons": [
                {"factor": "populations", "item": "IV-B-2", "points": 2},
                {"factor": "national_attention", "item": "IV-B-5", "points": 2},
                {"factor": "community_request", "item": "IV-B-7", "points": 3},
            ],
            "level_reason": "",
            "determined_on": "2026-09-24",
            "status": "follow_up",
        },
        "postings": [
            {
                "id": 1,
                "title": "School Resource Officers and Investigations at Chicago Public Schools",
                "version_id": 2,
                "opens_at": "2026-09-25T11:12:53+00:00",
                "closes_at": "2026-10-10T11:13:23+00:00",
                "days_open": 15.0,
                "extended": True,
                "comments_external": 29,
                "comments_internal": 1,
                "commenters": 30,
                "pool": 31,
                "campaign_copies": 5,
                "unique_comments": 26,
                "campaigns": 1,
            }
        ],
        "activities": [
            {
                "id": 2,
                "method": "community_conversation",
                "step": 2,
                "title": "Community conversation on school resource officers",
                "status": "done",
                "cancel_reason": "",
                "starts_on": "2026-09-30",
                "ends_on": "2026-09-30",
                "districts": [2, 3],
                "participants": 40,
                "measured": {"meetings": 1, "attendance": 40},
            },
            {
                "id": 1,
                "method": "public_posting",
                "step": 2,
                "title": "Public posting of the policy (V-C-10)",
                "status": "done",
                "cancel_reason": "",
                "starts_on": "2026-09-25",
                "ends_on": "2026-10-10",
                "districts": [],
                "participants": 30,
                "measured": {"comments": 30},
            },
        ],
        "participation": {
            "comments": 30,
            "commenters": 30,
            "campaign_copies": 5,
            "unique_comments": 26,
            "campaigns": 1,
            "meetings": 1,
            "attendance": 40,
            "survey_responses": 15,
            "members": 5,
            "participants": 90,
        },
        "demographics": {
            "min_cell": 10,
            "people": 29,
            "districts_concerned": [2, 3],
            "race": {
                "rows": [
                    {"code": "black", "count": 13, "percent": 46.4, "baseline": 80.3},
                    {"code": "latino", "count": None, "percent": None, "baseline": 2.6},
                    {"code": "white", "count": None, "percent": None, "baseline": 11.3},
                    {"code": "asian", "count": 0, "percent": 0.0, "baseline": 3.6},
                ],
                "total": 28,
                "not_said": None,
            },
            "age": {
                "rows": [
                    {"code": "under_20", "count": 0, "percent": 0.0, "baseline": 22.9},
                    {"code": "20_34", "count": 14, "percent": 50.0, "baseline": 27.5},
                    {"code": "35_64", "count": None, "percent": None, "baseline": 37.0},
                    {"code": "65_up", "count": None, "percent": None, "baseline": 12.7},
                ],
                "total": 28,
                "not_said": 0,
            },
            "district": {
                "rows": [
                    {"code": "1", "count": 0, "percent": 0.0, "baseline": 2.3},
                    {"code": "2", "count": 15, "percent": 55.6, "baseline": 3.5},
                    {"code": "3", "count": None, "percent": None, "baseline": 2.8},
                ],
                "total": 27,
                "not_said": None,
            },
        },
        "campaigns": [
            {
                "posting_id": 1,
                "size": 5,
                "variants": 5,
                "with_additions": 1,
                "text": (
                    "I am writing to demand that the City Council vote to reapportion funds "
                    "allocated to the CPD to support evidence-based programs and services."
                ),
                "first_seen": "2026-09-27",
                "last_seen": "2026-09-28",
            }
        ],
        "themes": [
            {
                "id": 11,
                "posting_id": 1,
                "label": "police officers · young build trust · training involve spaces",
                "key_phrases": ["police officers", "young build trust"],
                "size": 15,
                "unique_count": 11,
                "stance": {"suggests": 3, "supports": 3, "unclear": 9},
                "sections": [["IV-A", 4]],
                "quotes": [QUOTE_1, QUOTE_2],
                "disposition": "adopted",
                "reason": (
                    "Item IV-A-13 adds trauma-informed practices to the training of school "
                    "resource officers."
                ),
                "revised_version_id": 3,
                "revised_section": "IV-A-13",
                "recommendations": [
                    {
                        "id": 21,
                        "text": (
                            "Ask students, parents and guardians for input when the training "
                            "curriculum is developed."
                        ),
                        "disposition": "partly",
                        "reason": "Students, parents and guardians are named in item IV-B-1-b.",
                        "revised_version_id": 3,
                        "revised_section": "IV-B-1-b",
                    }
                ],
            },
            {
                "id": 12,
                "posting_id": 1,
                "label": "policing · power · young",
                "key_phrases": ["policing", "power"],
                "size": 6,
                "unique_count": 6,
                "stance": {"unclear": 6},
                "sections": [],
                "quotes": [QUOTE_3],
                "disposition": "future",
                "reason": (
                    "The Department will consider a standing youth advisory panel when it "
                    "reviews the community policing directives next year."
                ),
                "revised_version_id": None,
                "revised_section": "",
                "recommendations": [],
            },
            {
                "id": 13,
                "posting_id": 1,
                "label": "hiring · background checks",
                "key_phrases": ["hiring"],
                "size": 4,
                "unique_count": 4,
                "stance": {"suggests": 4},
                "sections": [],
                "quotes": [],
                "disposition": "not_adopted",
                "reason": (
                    "Hiring and background checks are set by the Department's personnel "
                    "rules and the collective bargaining agreement, not by this directive."
                ),
                "revised_version_id": None,
                "revised_section": "",
                "recommendations": [],
            },
        ],
        "body_recommendations": [
            {
                "id": 31,
                "code": "R-1",
                "body": "School Resource Officer Community Working Group",
                "body_id": 1,
                "title": (
                    "Add trauma-informed practices to the training of school resource officers"
                ),
                "text": (
                    "Item IV-A should add training in trauma-informed practices to the "
                    "specialized initial and annual refresher training of school resource "
                    "officers and their supervisors."
                ),
                "section": "IV-A",
                "forwarded_on": "2026-09-26",
                "vote": {"for": 3, "against": 1, "abstentions": 1},
                "disposition": "adopted",
                "reason": "The revised S04-01-02 adds trauma-informed practices (IV-A-13).",
                "revised_version_id": 3,
                "revised_section": "IV-A-13",
            }
        ],
        "revisions": {
            "posted": {
                "id": 2,
                "title": "School Resource Officers and Investigations at Chicago Public Schools",
                "status": "draft",
                "issue_date": None,
                "effective_date": None,
            },
            "final": {
                "id": 3,
                "title": "School Resource Officers and Investigations at Chicago Public Schools",
                "status": "draft",
                "issue_date": None,
                "effective_date": None,
            },
            "summary": {"changed": 1, "added": 1, "removed": 0, "moved": 0, "unchanged": 155},
            "changes": [
                {
                    "kind": "added",
                    "old_anchor": "",
                    "new_anchor": "IV-A-13",
                    "heading": "trauma-informed practices.",
                    "level": 2,
                    "tokens": [["insert", "trauma-informed practices."]],
                    "because": [
                        {"kind": "theme", "id": 11, "label": "police officers · young build"},
                        {
                            "kind": "body_recommendation",
                            "id": 31,
                            "label": "School Resource Officer Community Working Group R-1",
                        },
                    ],
                    "comments_on_item": 0,
                },
                {
                    "kind": "changed",
                    "old_anchor": "IV-B-1-b",
                    "new_anchor": "IV-B-1-b",
                    "heading": "with input from the Bureau of Patrol, current SROs.",
                    "level": 3,
                    "tokens": [
                        ["equal", "with input from the Bureau of "],
                        ["delete", "Patrol and "],
                        ["insert", "Patrol, "],
                        ["equal", "current SROs, "],
                        ["insert", "students, parents and guardians, "],
                        ["equal", "when appropriate."],
                    ],
                    "because": [
                        {
                            "kind": "recommendation",
                            "id": 21,
                            "label": "Ask students, parents and guardians for input",
                        }
                    ],
                    "comments_on_item": 2,
                },
            ],
            "unmatched": [],
        },
        "not_adopted": [
            {
                "kind": "theme",
                "id": 13,
                "label": "hiring · background checks",
                "disposition": "not_adopted",
                "reason": (
                    "Hiring and background checks are set by the Department's personnel "
                    "rules and the collective bargaining agreement, not by this directive."
                ),
            }
        ],
        "future": [
            {
                "kind": "theme",
                "id": 12,
                "label": "policing · power · young",
                "disposition": "future",
                "reason": "The Department will consider a standing youth advisory panel.",
            }
        ],
        "follow_up": {
            "planned": 1,
            "done": 0,
            "satisfaction_responses": None,
            "satisfaction_mean": None,
        },
    }


def publish_version(
    persona: Persona,
    *,
    data: dict[str, Any] | None = None,
    narrative: dict[str, Any] | None = None,
    report: Report | None = None,
    number: int = 1,
    change_note: str = "",
) -> ReportVersion:
    """A published version, made directly (the workflow's own tests go through services)."""
    data = report_data() if data is None else data
    if report is None:
        engagement = Engagement.objects.create(
            title=data["engagement"]["title"],
            other_subject=data["engagement"]["subject"]["title"],
            originating_unit="Bureau of Patrol",
            created_by=persona("oee"),
        )
        report = Report.objects.create(
            engagement=engagement,
            status=Report.Status.PUBLISHED,
            prepared_by=persona("oee"),
            data=data,
        )
    return ReportVersion.objects.create(
        report=report,
        number=number,
        data=data,
        narrative={"introduction": {"en": INTRO_EN}} if narrative is None else narrative,
        data_hash=data_hash(data),
        change_note=change_note,
        published_by=persona("oee"),
        approved_by=persona("rd"),
    )


def _url(name: str, lang: str = "en", **kwargs: Any) -> str:
    with translation.override(lang):
        return reverse(f"reports:{name}", kwargs=kwargs)


def _h2_ids(html: str) -> list[str]:
    return re.findall(r'<h2 id="([^"]+)"', html)


# --- The list and the versions --------------------------------------------------------------


def test_index_lists_published_reports_with_subject_date_version_V_D_3(
    persona: Persona, client_as: Callable[[str | None], Client]
) -> None:
    v1 = publish_version(persona)
    publish_version(persona, report=v1.report, number=2, change_note="A theme's reason corrected.")
    Report.objects.create(  # prepared, never published: not listed
        engagement=Engagement.objects.create(
            title="Body-worn cameras",
            other_subject="Body-worn cameras",
            originating_unit="Bureau of Patrol",
            created_by=persona("oee"),
        ),
        prepared_by=persona("oee"),
    )
    response = client_as(None).get(_url("index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "School resource officers: revising S04-01-02" in html
    assert "School Resource Officers and Investigations at Chicago Public Schools" in html
    assert "Body-worn cameras" not in html
    rows = re.findall(r"<tr>.*?</tr>", html, flags=re.S)
    assert len([r for r in rows if "revising S04-01-02" in r]) == 1  # one line per report
    assert "<td>2</td>" in html  # its newest version
    assert _url("detail", engagement_pk=v1.report.engagement_id) in html


def test_detail_shows_the_newest_version_with_every_section_in_order_V_D_3(
    persona: Persona, client_as: Callable[[str | None], Client]
) -> None:
    v1 = publish_version(persona)
    publish_version(persona, report=v1.report, number=2, change_note="A theme's reason corrected.")
    response = client_as(None).get(_url("detail", engagement_pk=v1.report.engagement_id))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["version"].number == 2
    ids = _h2_ids(html)
    assert [i for i in ids if i in SECTION_KEYS] == list(SECTION_KEYS)
    assert html.count("<h1") == 1
    assert "A newer version of this report exists" not in html
    assert "A theme&#x27;s reason corrected." in html
    for name in ("pdf", "csv", "json"):
        kwargs: dict[str, Any] = {"engagement_pk": v1.report.engagement_id, "number": 2}
        if name == "pdf":
            kwargs["language"] = "en"
        assert _url(name, **kwargs) in html
    assert data_hash(report_data()) in html


def test_an_earlier_version_stays_public_and_says_a_newer_one_exists_V_D_3(
    persona: Persona, client_as: Callable[[str | None], Client]
) -> None:
    v1 = publish_version(persona)
    publish_version(persona, report=v1.report, number=2, change_note="Totals corrected.")
    pk = v1.report.engagement_id
    html = client_as(None).get(_url("version", engagement_pk=pk, number=1)).content.decode()
    assert "A newer version of this report exists" in html
    assert _url("version", engagement_pk=pk, number=2) in html  # the list of versions
    assert "Totals corrected." in html


@pytest.mark.parametrize("path", ["detail", "version", "csv", "json", "pdf"])
def test_unknown_report_or_version_is_404(
    persona: Persona, client_as: Callable[[str | None], Client], path: str
) -> None:
    version = publish_version(persona)
    pk = version.report.engagement_id
    client = client_as(None)
    if path == "detail":
        urls = [_url("detail", engagement_pk=pk + 1000)]
    elif path == "pdf":
        urls = [_url("pdf", engagement_pk=pk, number=9, language="en")]
    else:
        urls = [
            _url(path, engagement_pk=pk, number=9),
            _url(path, engagement_pk=pk + 1000, number=1),
        ]
    for url in urls:
        assert client.get(url).status_code == 404


def test_pdf_in_an_unknown_language_is_404(
    persona: Persona, client_as: Callable[[str | None], Client]
) -> None:
    version = publish_version(persona)
    url = _url("pdf", engagement_pk=version.report.engagement_id, number=1, language="xx")
    assert client_as(None).get(url).status_code == 404


def test_engagement_without_published_report_is_404(
    persona: Persona, client_as: Callable[[str | None], Client]
) -> None:
    engagement = Engagement.objects.create(
        title="Body-worn cameras",
        other_subject="Body-worn cameras",
        originating_unit="Bureau of Patrol",
        created_by=persona("oee"),
    )
    Report.objects.create(engagement=engagement, prepared_by=persona("oee"))
    response = client_as(None).get(_url("detail", engagement_pk=engagement.pk))
    assert response.status_code == 404


# --- What the body shows --------------------------------------------------------------------


def test_small_counts_are_shown_as_hidden_VIII_A(
    persona: Persona, client_as: Callable[[str | None], Client]
) -> None:
    version = publish_version(persona)
    html = client_as(None).get(_url("detail", engagement_pk=version.report.engagement_id))
    text = html.content.decode()
    hidden = '<span aria-hidden="true">–</span><span class="visually-hidden">hidden: fewer than 11</span>'
    # race: 2 rows x (count, percent); age: 2 x 2; district: 1 x 2; not said: race, district
    assert text.count(hidden) == 4 + 4 + 2 + 2
    # The chart says so too, in its own words, and has its table beside it.
    assert text.count('class="chart-bar-hidden"') == 2 + 2 + 1
    assert 'role="img"' in text and '<title id="chart-race-title">' in text
    assert 'id="race-caption"' in text
    assert "The comparison by age is approximate" in text
    assert "Population of the districts concerned (2010 census)" in text


def test_report_shows_level_activities_campaigns_and_themes_V_D_3_VII_D_5(
    persona: Persona, client_as: Callable[[str | None], Client]
) -> None:
    version = publish_version(persona)
    html = (
        client_as(None)
        .get(_url("detail", engagement_pk=version.report.engagement_id))
        .content.decode()
    )
    assert str(Level.ENHANCED.label) in html
    assert "Specific populations it affects significantly (IV-B-2)" in html
    assert str(Activity.Method.COMMUNITY_CONVERSATION.label) in html
    assert "40 people attended" in html
    assert "District 2 (Wentworth)" in html
    assert "5 copies of 1 campaign were counted apart from the 26 unique comments" in html
    assert f'<blockquote class="report-quote" dir="auto">{QUOTE_1}</blockquote>' in html
    assert 'id="theme-11"' in html and 'id="rec-21"' in html and 'id="bodyrec-31"' in html
    assert "For: 3, against: 1, abstentions: 1" in html
    assert 'id="chart-themes-title"' in html
    # The adopted theme links to its change in the redline of the same page.
    assert '<a href="#change-IV-A-13">Revised item IV-A-13</a>' in html
    # Not adopted, with the reason; the future; follow-up with the satisfaction hidden.
    assert "collective bargaining agreement" in html
    assert "standing youth advisory panel" in html
    assert "hidden, because fewer than 11 people answered" in html


def test_redline_changes_link_to_the_feedback_that_led_to_them_VII_D_5(
    persona: Persona, client_as: Callable[[str | None], Client]
) -> None:
    version = publish_version(persona)
    html = (
        client_as(None)
        .get(_url("detail", engagement_pk=version.report.engagement_id))
        .content.decode()
    )
    added = html[html.index('id="change-IV-A-13"') : html.index('id="change-IV-B-1-b"')]
    assert "Why it changed:" in added
    assert 'href="#theme-11"' in added and 'href="#bodyrec-31"' in added
    assert "0 comments were made on this item of the posted draft." in added
    changed = html[html.index('id="change-IV-B-1-b"') :]
    assert 'href="#rec-21"' in changed
    assert "2 comments were made on this item of the posted draft." in changed
    assert "<del>" in changed and "<ins>" in changed
    assert '<span class="visually-hidden" lang="en">[deleted: </span>Patrol and ' in changed
    assert "1 item changed, 1 added" in html


def test_arabic_page_is_right_to_left_with_translated_labels_and_english_narrative(
    persona: Persona, client_as: Callable[[str | None], Client]
) -> None:
    version = publish_version(persona)
    response = client_as(None).get(
        _url("detail", lang="ar", engagement_pk=version.report.engagement_id)
    )
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    with translation.override("ar"):
        black = str(Race.BLACK.label)
        level = str(Level.ENHANCED.label)
        method = str(Activity.Method.COMMUNITY_CONVERSATION.label)
    assert black != "Black or African American"  # the catalogue has it
    for label in (black, level, method):
        assert label in html
    # The introduction was written in English only: shown in English, marked, and said so.
    assert f'<div class="report-narrative" lang="en" dir="ltr">\n<p>{INTRO_EN}</p>' in html
    assert 'class="report-untranslated"' in html


def test_narrative_in_the_readers_language_when_staff_wrote_it(
    persona: Persona, client_as: Callable[[str | None], Client]
) -> None:
    version = publish_version(persona, narrative={"introduction": {"en": INTRO_EN, "es": INTRO_ES}})
    html = (
        client_as(None)
        .get(_url("detail", lang="es", engagement_pk=version.report.engagement_id))
        .content.decode()
    )
    assert INTRO_ES in html and INTRO_EN not in html
    assert 'class="report-untranslated"' not in html


def test_narrative_markdown_never_passes_raw_html(persona: Persona) -> None:
    context = report_context(
        data=report_data(),
        narrative={"themes": {"en": "## Heard\n\n<script>alert(1)</script> **bold**"}},
        language="en",
    )
    html = str(context["sections"]["themes"].narrative.html)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<h3>Heard</h3>" in html and "<strong>bold</strong>" in html


def test_report_context_of_empty_data_renders_every_section() -> None:
    from django.template.loader import render_to_string

    context = report_context(data={}, narrative={}, language="en")
    html = render_to_string("reports/_report_body.html", context)
    assert _h2_ids(html) == list(SECTION_KEYS)


def test_chart_words_in_visual_order_for_the_pdf_in_arabic() -> None:
    assert visual_rtl("من أصل إسباني أو لاتيني") == "لاتيني أو إسباني أصل من"
    assert visual_rtl("المنطقة 2 (Grand Crossing)") == "(Grand Crossing) 2 المنطقة"
    assert visual_rtl("District 2 (Wentworth)") == "District 2 (Wentworth)"


# --- The data -------------------------------------------------------------------------------


def test_csv_has_every_table_and_cannot_start_a_formula(
    persona: Persona, client_as: Callable[[str | None], Client]
) -> None:
    data = report_data()
    data["themes"][1]["label"] = '=HYPERLINK("http://example.org","x")'
    data["future"][0]["label"] = '=HYPERLINK("http://example.org","x")'
    version = publish_version(persona, data=data)
    response = client_as(None).get(
        _url("csv", engagement_pk=version.report.engagement_id, number=1)
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["section", "table", "row", "column", "value"]
    assert set(SECTION_KEYS) <= {r[0] for r in rows[1:]}
    assert not any(cell.startswith("=") for row in rows for cell in row)
    assert any(r[2] == '\'=HYPERLINK("http://example.org","x")' for r in rows)
    race = [r for r in rows if r[1] == "Race and ethnicity"]
    latino = {r[3]: r[4] for r in race if r[2] == "Hispanic or Latino"}
    assert latino["People who took part"] == "hidden"
    assert latino["Percent of the population"] == "2.6"
    black = {r[3]: r[4] for r in race if r[2] == "Black or African American"}
    assert black["People who took part"] == "13"


def test_csv_labels_follow_the_page_language(
    persona: Persona, client_as: Callable[[str | None], Client]
) -> None:
    version = publish_version(persona)
    response = client_as(None).get(
        _url("csv", lang="ar", engagement_pk=version.report.engagement_id, number=1)
    )
    with translation.override("ar"):
        black = str(Race.BLACK.label)
    assert black in response.content.decode("utf-8-sig")


def test_json_has_the_frozen_data_and_its_hash(
    persona: Persona, client_as: Callable[[str | None], Client]
) -> None:
    version = publish_version(persona)
    response = client_as(None).get(
        _url("json", engagement_pk=version.report.engagement_id, number=1)
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    payload = json.loads(response.content)
    assert set(payload) == {"version", "published_at", "data_hash", "data", "narrative"}
    assert payload["version"] == 1
    assert payload["data"] == report_data()
    assert payload["data_hash"] == data_hash(payload["data"])  # anyone can check it
    assert payload["narrative"] == {"introduction": {"en": INTRO_EN}}


def test_views_never_change_a_published_version(
    persona: Persona, client_as: Callable[[str | None], Client]
) -> None:
    version = publish_version(persona)
    before = copy.deepcopy(ReportVersion.objects.get(pk=version.pk).data)
    client = client_as(None)
    for name in ("csv", "json", "version"):
        client.get(_url(name, engagement_pk=version.report.engagement_id, number=1))
    assert ReportVersion.objects.get(pk=version.pk).data == before


# --- Through the whole record ---------------------------------------------------------------


def test_published_report_of_a_real_engagement_shows_its_record_V_D_3(
    persona: Persona, client_as: Callable[[str | None], Client]
) -> None:
    from townhall.reports.tests.factories import report_published

    report, version = report_published(persona)
    html = client_as(None).get(_url("detail", engagement_pk=report.engagement_id)).content.decode()
    assert [i for i in _h2_ids(html) if i in SECTION_KEYS] == list(SECTION_KEYS)
    data = version.data
    for theme in data["themes"]:
        assert f'id="theme-{theme["id"]}"' in html
    changes = data["revisions"]["changes"]
    assert changes and all(
        f'id="change-{c["new_anchor"] or c["old_anchor"]}"' in html for c in changes
    )
    linked = [b for c in changes for b in c["because"]]
    assert linked and "Why it changed:" in html
    assert 'class="visually-hidden">hidden: fewer than 11</span>' in html
    assert "tanya.brooks@example.org" not in html  # quotes are redacted
