"""The open data of reporting back (issue 10): published reports, comment statistics,
published comments (redacted), themes with dispositions and recommendations with responses,
as JSON and CSV; and the staff's export progress and evaluation measures."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from townhall.accounts.models import User
from townhall.feedback import review
from townhall.feedback.analysis_models import Disposition, Theme
from townhall.feedback.models import Comment
from townhall.feedback.services import (
    comment_enter,
    comment_hide,
    comment_publish,
    comment_submit,
)
from townhall.postings.tests.factories import open_posting, prepared_posting
from townhall.reports import build
from townhall.reports.models import Report, ReportVersion
from townhall.reports.tests import factories as f

pytestmark = pytest.mark.django_db

API = "/api/v1/reports"
STAFF = "/api/v1/staff/reports"
UNKNOWN = 987654321


def _csv(response: Any) -> list[list[str]]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _missing(response: Any) -> str:
    assert response.status_code == 404, response.content[:300]
    body = response.json()
    assert set(body) <= {"message", "errors"}
    return str(body["message"])


# --- Published reports -------------------------------------------------------------------


def test_published_reports_listed_with_their_downloads_V_D_3(
    client: Client, published: tuple[Report, ReportVersion]
) -> None:
    report, version = published
    body = client.get(API).json()
    assert len(body) == 1
    row = body[0]
    engagement = report.engagement
    assert row["engagement_id"] == engagement.pk
    assert row["title"] == engagement.title
    assert row["subject"] == {
        "kind": "directive",
        "number": f.NUMBER,
        "title": engagement.directive.title,
    }
    assert (row["latest_version"], row["versions"]) == (1, 1)
    assert row["data_hash"] == version.data_hash
    assert row["languages"] == ["en"]
    links = row["links"]
    assert links["html"].endswith(f"/reports/{engagement.pk}/v1/")
    assert links["data_csv"].endswith(f"/reports/{engagement.pk}/v1/data.csv")
    assert links["data_json"].endswith(f"/reports/{engagement.pk}/v1/data.json")
    assert links["pdf"]["es"].endswith(f"/reports/{engagement.pk}/v1/report-es.pdf")
    assert links["api"].endswith(f"/api/v1/reports/{engagement.pk}/versions/1")
    # The links lead where they say (the JSON download is the same document as the API's).
    base = "http://127.0.0.1:8000"
    download = client.get(links["data_json"].removeprefix(base)).json()
    api = client.get(links["api"].removeprefix(base)).json()
    assert download["data"] == api["data"] and download["data_hash"] == api["data_hash"]
    assert client.get(links["html"].removeprefix(base)).status_code == 200
    assert client.get(API + "?limit=1&offset=1").json() == []


def test_no_report_listed_before_one_is_published_V_D_3(
    client: Client, persona: Callable[[str], User], reported: SimpleNamespace
) -> None:
    f.report_draft(persona, reported)
    assert client.get(API).json() == []
    assert "No published report" in _missing(client.get(f"{API}/{reported.engagement.pk}"))


def test_a_published_version_is_its_frozen_data_and_narrative_V_D_3(
    client: Client, published: tuple[Report, ReportVersion]
) -> None:
    report, version = published
    eid = report.engagement_id
    latest = client.get(f"{API}/{eid}").json()
    first = client.get(f"{API}/{eid}/versions/1").json()
    assert latest == first
    assert set(latest) == {"version", "published_at", "data_hash", "data", "narrative"}
    assert latest["data"] == version.data
    # Reproducible: the hash is the data's, and anyone can check it.
    assert latest["data_hash"] == build.data_hash(latest["data"]) == version.data_hash
    assert latest["narrative"]["introduction"]["en"] == f.REPORT_INTRO
    versions = client.get(f"{API}/{eid}/versions").json()
    assert [v["version"] for v in versions] == [1]
    assert versions[0]["links"]["html"].endswith(f"/reports/{eid}/v1/")


def test_unknown_reports_and_versions_are_404_and_bad_ids_422(
    client: Client, published: tuple[Report, ReportVersion]
) -> None:
    eid = published[0].engagement_id
    _missing(client.get(f"{API}/{UNKNOWN}"))
    _missing(client.get(f"{API}/{UNKNOWN}/versions"))
    assert "No published version" in _missing(client.get(f"{API}/{eid}/versions/2"))
    for bad in ("abc", "0", "-3", str(2**64)):
        response = client.get(f"{API}/{bad}")
        assert response.status_code == 422, bad
        assert response.json()["message"]
    assert client.get(f"{API}/{eid}/versions/0").status_code == 422
    assert client.get(API + "?limit=501").status_code == 422


# --- Comment statistics ------------------------------------------------------------------


def test_comment_statistics_of_a_posting_count_by_origin_channel_day_and_item_VII_D_3(
    client: Client, published: tuple[Report, ReportVersion], reported: SimpleNamespace
) -> None:
    posting = reported.posting
    stats = client.get(f"{API}/postings/{posting.pk}/statistics").json()
    comments = Comment.objects.filter(posting=posting)
    assert stats["comments"] == comments.count() == len(reported.comments)
    assert stats["by_origin"] == {"external": comments.count() - 1, "internal": 1}
    assert stats["by_channel"] == {"web": comments.count()}
    assert sum(d["count"] for d in stats["by_day"]) == comments.count()
    by_item = {row["item"]: row["count"] for row in stats["by_item"]}
    on_iv_a = comments.filter(section_anchor="IV-A").count()
    assert by_item["IV-A"] == on_iv_a >= 2
    assert by_item[None] == comments.filter(section_anchor="").count()
    assert stats["published"] == 0
    # The campaign is counted apart from unique comments, as the report counts it.
    part = next(p for p in published[1].data["postings"] if p["id"] == posting.pk)
    assert stats["campaigns"] == part["campaigns"] >= 1
    assert stats["campaign_copies"] == part["campaign_copies"] >= len(f.CAMPAIGN) - 1
    assert stats["unique_comments"] == part["unique_comments"]
    assert stats["themes"] == Theme.objects.filter(posting=posting, status="active").count()
    assert stats["report"]["engagement_id"] == reported.engagement.pk
    assert stats["report"]["version"] == 1
    # Counts only: nothing anyone wrote.
    raw = str(stats)
    assert "example.org" not in raw and "Maria" not in raw

    rows = _csv(client.get(f"{API}/postings/{posting.pk}/statistics.csv"))
    assert rows[0] == ["measure", "key", "count"]
    assert ["comments", "", str(stats["comments"])] in rows
    assert ["origin", "internal", "1"] in rows
    assert ["item", "IV-A", str(on_iv_a)] in rows
    assert ["themes", "", str(stats["themes"])] in rows


def test_statistics_only_of_postings_the_public_may_see(client: Client, d22_draft: Any) -> None:
    draft = prepared_posting(d22_draft)
    for path in ("statistics", "statistics.csv", "comments", "comments.csv"):
        assert "No public posting" in _missing(client.get(f"{API}/postings/{draft.pk}/{path}"))
        _missing(client.get(f"{API}/postings/{UNKNOWN}/{path}"))
        assert client.get(f"{API}/postings/nope/{path}").status_code == 422


# --- Published comments ------------------------------------------------------------------

NAMED_BODY = (
    "Officers assigned to schools should meet the student council at the start of each "
    "semester, so students know who they are."
)
FORMULA_BODY = '=HYPERLINK("http://evil.example","Click for the full directive")'


@pytest.fixture
def moderated(persona: Callable[[str], User], reported: SimpleNamespace) -> SimpleNamespace:
    """The PII comment, a named commenter's comment, a formula and a campaign letter
    published; another letter published then hidden; the rest not reviewed."""
    posting = reported.posting
    oee = persona("oee")
    pii = next(c for c in reported.comments if c.body == f.PII_COMMENT)
    letters = [c for c in reported.comments if c.name]
    received_on = posting.closes_at.date()
    # Letters that arrived on paper and by email, entered by staff after the close.
    named = comment_enter(
        actor=oee,
        posting=posting,
        body=NAMED_BODY,
        channel=Comment.Channel.PAPER,
        received_on=received_on,
        section="IV-B",
        name="Delores Whitfield",
        email="delores.whitfield@example.net",
        organization="Hyde Park Parents Council",
    )
    formula = comment_enter(
        actor=oee,
        posting=posting,
        body=FORMULA_BODY,
        channel=Comment.Channel.EMAIL,
        received_on=received_on,
    )
    for c in (pii, named, formula, letters[1], letters[2]):
        comment_publish(actor=oee, comment=c)
    comment_hide(actor=oee, comment=letters[2], reason="Names a private person.")
    return SimpleNamespace(
        posting=posting, pii=pii, named=named, formula=formula, hidden=letters[2], letter=letters[1]
    )


def test_published_comments_are_redacted_and_never_name_or_email_VII_B(
    client: Client, moderated: SimpleNamespace
) -> None:
    posting = moderated.posting
    page = client.get(f"{API}/postings/{posting.pk}/comments").json()
    assert page["count"] == 4 and page["posting_id"] == posting.pk
    texts = [c["text"] for c in page["results"]]
    assert len(texts) == 4
    for row in page["results"]:
        assert set(row) == {"submitted_on", "item", "organization", "text"}
    raw = str(page)
    # Personal information in the text is removed; names and addresses given are never shown.
    assert "555-0142" not in raw and "tanya.brooks@example.org" not in raw
    assert "[phone number removed]" in raw and "[email removed]" in raw
    assert "Delores" not in raw and "delores.whitfield" not in raw
    assert moderated.letter.email not in raw
    # What the posting page shows: the day, the item, the organization, the text.
    named = next(c for c in page["results"] if c["text"] == NAMED_BODY)
    assert named["organization"] == "Hyde Park Parents Council"
    assert named["item"] == "IV-B"
    assert named["submitted_on"] == moderated.named.submitted_at.date().isoformat()
    second = client.get(f"{API}/postings/{posting.pk}/comments?limit=2&offset=2").json()
    assert [c["text"] for c in second["results"]] == texts[2:]
    assert client.get(f"{API}/postings/{posting.pk}/comments?limit=0").status_code == 422
    assert client.get(f"{API}/postings/{posting.pk}/comments?limit=501").status_code == 422


def test_hidden_and_unreviewed_comments_never_appear(
    client: Client, moderated: SimpleNamespace
) -> None:
    posting = moderated.posting
    page = client.get(f"{API}/postings/{posting.pk}/comments?limit=500").json()
    rows = _csv(client.get(f"{API}/postings/{posting.pk}/comments.csv"))
    hidden = moderated.hidden.public_text[:80]
    unreviewed = next(
        c for c in Comment.objects.filter(posting=posting, status=Comment.Status.RECEIVED)
    ).public_text
    for text in (hidden, unreviewed[:80]):
        assert text not in str(page)
        assert not any(text in cell for row in rows for cell in row)
    assert len(rows) == 1 + page["count"] == 5


def test_comments_csv_is_formula_safe_and_redacted(
    client: Client, moderated: SimpleNamespace
) -> None:
    rows = _csv(client.get(f"{API}/postings/{moderated.posting.pk}/comments.csv"))
    assert rows[0] == ["submitted_on", "item", "organization", "text"]
    texts = [row[3] for row in rows[1:]]
    assert "'" + FORMULA_BODY in texts
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    joined = "\n".join(texts)
    assert "555-0142" not in joined and "Delores" not in joined
    assert any(row[1:] == ["IV-B", "Hyde Park Parents Council", NAMED_BODY] for row in rows)


# --- Themes ------------------------------------------------------------------------------


def test_themes_of_a_closed_posting_with_dispositions_and_recommendations_VII_D_5(
    client: Client, published: tuple[Report, ReportVersion], reported: SimpleNamespace
) -> None:
    posting = reported.posting
    body = client.get(f"{API}/postings/{posting.pk}/themes").json()
    assert body["posting_id"] == posting.pk and body["status"] == posting.status
    assert body["report"]["version"] == 1
    themes = {t["id"]: t for t in body["themes"]}
    active = Theme.objects.filter(posting=posting, status=Theme.Status.ACTIVE)
    assert set(themes) == set(active.values_list("pk", flat=True))
    sizes = [t["size"] for t in body["themes"]]
    assert sizes == sorted(sizes, reverse=True)
    adopted = themes[reported.adopted_theme.pk]
    assert adopted["disposition"] == Disposition.ADOPTED
    assert adopted["reason"] == f.ADOPTED_REASON
    assert adopted["revised_version_id"] == reported.final_version.pk
    assert adopted["revised_section"] == f.ADDED_ITEM
    assert adopted["key_phrases"] == list(reported.adopted_theme.key_phrases)
    recs = {r["id"]: r for r in adopted["recommendations"]}
    partly = recs[reported.partly_recommendation.pk]
    assert (partly["disposition"], partly["revised_section"]) == ("partly", f.CHANGED_ITEM)
    not_adopted = themes[reported.not_adopted_theme.pk]
    assert (not_adopted["disposition"], not_adopted["reason"]) == (
        "not_adopted",
        f.NOT_ADOPTED_REASON,
    )
    assert not_adopted["revised_version_id"] is None

    rows = _csv(client.get(f"{API}/postings/{posting.pk}/themes.csv"))
    assert rows[0][:4] == ["kind", "theme_id", "id", "label_or_text"]
    theme_rows = [r for r in rows[1:] if r[0] == "theme"]
    rec_rows = [r for r in rows[1:] if r[0] == "recommendation"]
    assert len(theme_rows) == len(themes)
    assert len(rec_rows) == sum(len(t["recommendations"]) for t in body["themes"])
    assert [
        "recommendation",
        str(adopted["id"]),
        str(partly["id"]),
        partly["text"],
        "",
        "",
        "",
        "partly",
        partly["reason"],
        str(reported.final_version.pk),
        f.CHANGED_ITEM,
    ] in rec_rows
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_themes_of_an_open_posting_are_staff_work_not_published_VII_D_5(
    client: Client, persona: Callable[[str], User], d22_draft: Any
) -> None:
    posting = open_posting(d22_draft)
    comment_submit(posting=posting, body="Body cameras should record every school visit.")
    review.theme_create(actor=persona("oee"), posting=posting, label="Body cameras in schools")
    for path in ("themes", "themes.csv"):
        message = _missing(client.get(f"{API}/postings/{posting.pk}/{path}"))
        assert "once its comment period has closed" in message
    stats = client.get(f"{API}/postings/{posting.pk}/statistics").json()
    assert stats["themes"] is None and stats["comments"] == 1 and stats["report"] is None
    assert "Body cameras" not in str(stats)
    _missing(client.get(f"{API}/postings/{UNKNOWN}/themes"))


# --- Recommendations ---------------------------------------------------------------------


def test_recommendations_with_the_departments_responses_VII_D_5(
    client: Client, published: tuple[Report, ReportVersion], reported: SimpleNamespace
) -> None:
    page = client.get(f"{API}/recommendations").json()
    body_rows = [r for r in page["results"] if r["kind"] == "body"]
    analysis = [r for r in page["results"] if r["kind"] == "analysis"]
    assert page["count"] == len(page["results"]) == len(body_rows) + len(analysis)
    (forwarded,) = body_rows
    rec = reported.recommendation
    assert forwarded["id"] == rec.pk and forwarded["code"] == rec.code
    assert forwarded["source"] == reported.body.name
    assert forwarded["engagement_ids"] == [reported.engagement.pk]
    assert (forwarded["disposition"], forwarded["reasoning"]) == ("adopted", f.BODY_REASONING)
    assert forwarded["revised_section"] == f.ADDED_ITEM
    assert forwarded["responded_at"] is not None
    assert forwarded["api_url"].endswith(f"/api/v1/bodies/{reported.body.slug}/recommendations/1")
    assert client.get(forwarded["api_url"].removeprefix("http://127.0.0.1:8000")).status_code == 200
    # The recommendations drawn from the feedback, as the published report states them.
    frozen = [r for t in published[1].data["themes"] for r in t["recommendations"]]
    assert sorted(r["id"] for r in analysis) == sorted(r["id"] for r in frozen)
    partly = next(r for r in analysis if r["id"] == reported.partly_recommendation.pk)
    assert partly["disposition"] == "partly" and partly["theme_id"] == reported.adopted_theme.pk
    assert partly["engagement_ids"] == [reported.engagement.pk]
    assert partly["responded_at"] is not None and partly["url"].endswith("#recommendations")

    only_body = client.get(f"{API}/recommendations?kind=body").json()
    assert [r["kind"] for r in only_body["results"]] == ["body"]
    assert client.get(f"{API}/recommendations?engagement_id={UNKNOWN}").json()["count"] == 0
    assert client.get(f"{API}/recommendations?kind=nope").status_code == 422
    paged = client.get(f"{API}/recommendations?limit=1&offset=1").json()
    assert paged["results"] == page["results"][1:2]

    rows = _csv(client.get(f"{API}/recommendations.csv"))
    assert rows[0][0] == "kind" and len(rows) == 1 + page["count"]
    assert any(r[:3] == ["body", str(rec.pk), rec.code] for r in rows)
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_analysis_recommendations_wait_for_the_published_report_VII_D_5(
    client: Client, reported: SimpleNamespace
) -> None:
    page = client.get(f"{API}/recommendations").json()
    assert [r["kind"] for r in page["results"]] == ["body"]


# --- Staff: export progress --------------------------------------------------------------


def test_export_progress_for_the_records_keepers(
    client_as: Callable[[str | None], Client], persona: Callable[[str], User], d22_draft: Any
) -> None:
    from townhall.reports import records

    posting = open_posting(d22_draft)
    comment_submit(posting=posting, body="Officers should knock before entering classrooms.")
    export = records.export_request(
        actor=persona("pscd"), posting=posting, purpose="FOIA request 2025-117", enqueue=False
    )
    url = f"{STAFF}/exports/{export.pk}"
    queued = client_as("oee").get(url).json()
    assert (queued["status"], queued["percent"], queued["download_url"]) == ("queued", 0, None)
    assert queued["posting_id"] == posting.pk and queued["purpose"] == "FOIA request 2025-117"
    records.export_run(export_id=export.pk)
    export.refresh_from_db()
    done = client_as("pscd").get(url).json()
    assert (done["status"], done["percent"]) == ("done", 100)
    assert done["sha256"] == export.sha256 and len(done["sha256"]) == 64
    assert done["size"] == export.size > 0
    assert done["download_url"].endswith(f"/staff/reports/records/{export.pk}/download/")
    assert done["done"] == done["total"]
    _missing(client_as("oee").get(f"{STAFF}/exports/{UNKNOWN}"))
    assert client_as("oee").get(f"{STAFF}/exports/abc").status_code == 422
    # Refused: the public and non-staff (401), staff without the role (403).
    assert client_as(None).get(url).status_code == 401
    assert client_as("department_member").get(url).status_code == 401
    for key in ("communications", "ocpr", "training"):
        response = client_as(key).get(url)
        assert response.status_code == 403, key
        assert response.json()["message"]


# --- Staff: evaluation -------------------------------------------------------------------


def test_evaluation_measures_of_a_year_for_the_evaluators_VIII_A(
    client_as: Callable[[str | None], Client], reported: SimpleNamespace
) -> None:
    from townhall.reports.evaluation import period_measures

    year = reported.engagement.determined_at.year
    url = f"{STAFF}/evaluation?year={year}"
    body = client_as("oee").get(url).json()
    assert body["year"] == year
    assert reported.engagement.pk in [r["engagement"]["id"] for r in body["rows"]]
    assert len(body["rows"]) == len(period_measures(year=year)["rows"])
    filtered = client_as("rd").get(f"{url}&district=25").json()
    assert filtered["filters"]["district"] == 25 and filtered["rows"] == []
    assert client_as("oee").get(f"{STAFF}/evaluation").status_code == 422
    assert client_as("oee").get(f"{STAFF}/evaluation?year=nineteen").status_code == 422
    assert client_as("oee").get(f"{STAFF}/evaluation?year=3000").status_code == 422
    assert client_as(None).get(url).status_code == 401
    assert client_as("department_member").get(url).status_code == 401
    for key in ("communications", "originating_unit"):
        response = client_as(key).get(url)
        assert response.status_code == 403, key
        assert response.json()["message"]


# --- The schema --------------------------------------------------------------------------


def test_every_endpoint_is_documented_with_csv_as_text_csv(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    paths = {p: ops for p, ops in schema["paths"].items() if "/reports" in p}
    assert {
        "/api/v1/reports",
        "/api/v1/reports/{engagement_id}",
        "/api/v1/reports/{engagement_id}/versions",
        "/api/v1/reports/{engagement_id}/versions/{number}",
        "/api/v1/reports/postings/{posting_id}/statistics",
        "/api/v1/reports/postings/{posting_id}/statistics.csv",
        "/api/v1/reports/postings/{posting_id}/comments",
        "/api/v1/reports/postings/{posting_id}/comments.csv",
        "/api/v1/reports/postings/{posting_id}/themes",
        "/api/v1/reports/postings/{posting_id}/themes.csv",
        "/api/v1/reports/recommendations",
        "/api/v1/reports/recommendations.csv",
        "/api/v1/staff/reports/exports/{export_id}",
        "/api/v1/staff/reports/evaluation",
    } <= set(paths)
    for path, ops in paths.items():
        op = ops["get"]
        assert op["summary"] and len(op["description"]) > 40, path
        assert "404" in op["responses"] or path.endswith("/evaluation"), path
        if path.endswith(".csv"):
            assert "text/csv" in op["responses"]["200"]["content"], path
        if "/staff/" in path:
            assert {"401", "403"} <= set(op["responses"]), path
