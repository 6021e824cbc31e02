"""Public registry pages and R&D's draft screens."""

from __future__ import annotations

import pytest

from townhall.conftest import demo_text
from townhall.directives.models import DirectiveVersion

pytestmark = pytest.mark.django_db


def test_list_searches_number_title_and_full_text(client, s04_versions, d22_draft) -> None:
    assert "S04-01-02" in client.get("/directives/?q=S04-01-02").text
    page = client.get("/directives/?q=community+engagement").text
    assert "D22-08" in page and "S04-01-02" not in page
    # A phrase only in the body of the 2019 SRO directive.
    assert "S04-01-02" in client.get("/directives/?q=Chicago+Public+Schools").text
    assert "No directive matches" in client.get("/directives/?q=zzzznotaword").text


def test_list_filters_by_type_and_status(client, s04_versions, d22_draft) -> None:
    drafts = client.get("/directives/?status=draft").text
    assert "D22-08" in drafts and "S04-01-02" not in drafts
    orders = client.get("/directives/?type=special_order").text
    assert "S04-01-02" in orders and "D22-08" not in orders


def test_bad_filter_values_do_not_fail(client, s04_versions) -> None:
    response = client.get("/directives/?type=nonsense&status=zzz&page=abc")
    assert response.status_code == 200
    # A NUL character is refused up front (PostgreSQL cannot compare it).
    assert client.get("/directives/?q=%00").status_code == 400
    assert client.get("/receipts/TH%00/").status_code == 400


def test_directive_page_lists_versions_and_links_redlines(client, s04_versions) -> None:
    old, new = s04_versions
    page = client.get("/directives/S04-01-02/").text
    assert f"?old={old.pk}&amp;new={new.pk}" in page
    assert "Rescinded" in page and "Current" in page


def test_version_page_has_a_table_of_contents_and_anchored_items(client, d22_draft) -> None:
    page = client.get(d22_draft.get_absolute_url()).text
    assert 'id="s-V-C-10-b"' in page
    assert 'href="#s-VII"' in page
    assert "This is a draft. It is not in effect." in page


def test_redline_marks_changes_accessibly_with_a_summary(client, s04_versions) -> None:
    old, new = s04_versions
    response = client.get(f"/directives/S04-01-02/redline/?old={old.pk}&new={new.pk}")
    page = response.text
    assert response.status_code == 200
    assert "<ins>" in page and "<del>" in page
    assert '<span class="visually-hidden" lang="en">[inserted: </span>' in page
    assert '<span class="visually-hidden" lang="en">[deleted: </span>' in page
    assert "items changed" in page or "added" in page
    assert f"{new.get_absolute_url()}#s-" in page


def test_redline_in_reverse_order_redirects_to_earlier_to_later(client, s04_versions) -> None:
    old, new = s04_versions
    response = client.get(f"/directives/S04-01-02/redline/?old={new.pk}&new={old.pk}")
    assert response.status_code == 302 and f"old={old.pk}&new={new.pk}" in response["Location"]


def test_redline_with_bad_parameters_is_a_400_with_the_form(client, s04_versions) -> None:
    response = client.get("/directives/S04-01-02/redline/?old=1&new=x")
    assert response.status_code == 400
    assert "Compare versions" in response.text


def test_unknown_directive_is_404(client, db) -> None:
    assert client.get("/directives/Z99-99/").status_code == 404


def test_rd_creates_a_draft_through_the_form(client_as) -> None:
    client = client_as("rd")
    text = demo_text("key_versions/G03-07/G03-07__issued-2021-05-26__effective-2021-06-11.txt")
    response = client.post(
        "/staff/directives/new/", {"number": "G03-07", "title": "Foot Pursuits", "text": text}
    )
    assert response.status_code == 302
    assert DirectiveVersion.objects.get(directive__number="G03-07").status == "draft"


def test_draft_form_error_keeps_what_was_typed(client_as) -> None:
    response = client_as("rd").post(
        "/staff/directives/new/",
        {"number": "G99-01", "title": "My title", "text": "just prose with no outline at all"},
    )
    assert response.status_code == 200
    assert "No outline items were found" in response.text
    assert "just prose with no outline at all" in response.text
    assert 'value="My title"' in response.text


def test_editing_a_current_version_is_refused_with_a_way_forward(client_as, s04_versions) -> None:
    response = client_as("rd").get(f"/staff/directives/versions/{s04_versions[1].pk}/edit/")
    assert response.status_code == 409
    assert f"?from={s04_versions[1].pk}" in response.text


def test_arabic_pages_are_right_to_left(client, s04_versions) -> None:
    page = client.get("/ar/directives/").text
    assert '<html lang="ar" dir="rtl">' in page


def test_language_switcher_works_without_javascript(client, db) -> None:
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/directives/"})
    assert response.status_code == 302 and response["Location"] == "/es/directives/"


def test_search_matches_word_starts_not_word_middles(client, rd) -> None:
    from townhall.directives.services import draft_create

    draft_create(actor=rd, number="G99-01", title="Alpha", text="I. PURPOSE\nA. law enforcement.")
    draft_create(actor=rd, number="G99-02", title="Beta", text="I. PURPOSE\nA. forced entry.")
    page = client.get("/directives/?q=force").text
    assert "G99-02" in page and "G99-01" not in page


def test_redline_against_an_undated_draft_reads_earlier_to_later(client, rd, s04_versions) -> None:
    from townhall.directives.services import draft_create

    draft = draft_create(
        actor=rd, number="S04-01-02", title="SRO", text=s04_versions[1].body_text + "\nZ. new item"
    )
    forward = client.get(f"/directives/S04-01-02/redline/?old={s04_versions[1].pk}&new={draft.pk}")
    assert forward.status_code == 200 and "<ins>" in forward.text
    backward = client.get(f"/directives/S04-01-02/redline/?old={draft.pk}&new={s04_versions[1].pk}")
    assert backward.status_code == 302
