"""The analyst's pages: overview, campaign, theme, review queue; every decision through a form
that works without JavaScript (V-D-3, VII-D-5)."""

from __future__ import annotations

import pytest

from townhall.feedback import analysis
from townhall.feedback.models import AnalysisRun, Campaign, FeedbackItem, Theme, ThemeAssignment
from townhall.feedback.services import comment_submit
from townhall.feedback.tests.test_analysis import OWN, _campaign_and_organic
from townhall.postings.tests.factories import open_posting

pytestmark = pytest.mark.django_db


@pytest.fixture
def analysed(d22_draft, persona):  # type: ignore[no-untyped-def]
    posting = open_posting(d22_draft)
    _campaign_and_organic(posting)
    analysis.analysis_run_now(actor=persona("oee"), posting=posting)
    return posting


def test_overview_shows_campaign_themes_quotes_and_the_section_heat_map(
    client_as, analysed
) -> None:  # type: ignore[no-untyped-def]
    page = client_as("oee").get(f"/staff/comments/posting/{analysed.pk}/analysis/").text
    campaign = Campaign.objects.get(posting=analysed)
    assert f"/staff/comments/campaigns/{campaign.pk}/" in page
    assert "6 copies in 1 campaigns" in page or "copies in 1" in page
    for theme in Theme.objects.filter(posting=analysed, status="active"):
        assert theme.label in page
    # The chart has its data table beside it.
    assert 'role="img"' in page and "heat-caption" in page and "V-C-10" in page


def test_campaign_page_shows_what_a_sender_added(client_as, analysed) -> None:  # type: ignore[no-untyped-def]
    campaign = Campaign.objects.get(posting=analysed)
    page = client_as("rd").get(f"/staff/comments/campaigns/{campaign.pk}/").text
    assert "My son was stopped twice" in page and "<ins>" in page


def test_a_reader_sees_the_theme_but_no_decision_forms(client_as, analysed) -> None:  # type: ignore[no-untyped-def]
    theme = Theme.objects.filter(posting=analysed).first()
    page = client_as("pscd").get(f"/staff/comments/themes/{theme.pk}/").text
    assert theme.label in page and "Record the decision" not in page


def test_rename_and_decide_through_the_forms_VII_D_5(client_as, analysed) -> None:  # type: ignore[no-untyped-def]
    client = client_as("oee")
    theme = Theme.objects.filter(posting=analysed, status="active").first()
    base = f"/staff/comments/themes/{theme.pk}/"
    client.post(base + "rename/", {"rename-label": "Heating and utility costs"})
    response = client.post(
        base + "decide/",
        {
            "decision-disposition": "adopted",
            "decision-revised_version": analysed.version_id,
            "decision-revised_section": "V-C-10",
        },
        follow=True,
    )
    theme.refresh_from_db()
    assert (theme.label, theme.disposition, theme.revised_section) == (
        "Heating and utility costs",
        "adopted",
        "V-C-10",
    )
    assert "The decision was recorded." in response.text
    # Adopted links to the revision: the item, in the redline.
    assert f"new={analysed.version_id}#V-C-10" in response.text
    refused = client.post(
        base + "decide/", {"decision-disposition": "not_adopted"}, follow=True
    ).text
    assert "Say why it was not adopted" in refused
    theme.refresh_from_db()
    assert theme.disposition == "adopted"


def test_move_a_comment_and_make_a_theme_by_hand(client_as, analysed) -> None:  # type: ignore[no-untyped-def]
    client = client_as("oee")
    client.post(
        f"/staff/comments/posting/{analysed.pk}/themes/new/", {"new-label": "Language access"}
    )
    by_hand = Theme.objects.get(posting=analysed, label="Language access")
    assert by_hand.origin == "person"
    item = FeedbackItem.objects.filter(posting=analysed, campaign=None).first()
    source = ThemeAssignment.objects.get(item=item, is_current=True).theme
    client.post(
        f"/staff/comments/themes/{source.pk}/items/",
        {"items": [item.pk], "items-action": "move", "items-theme": by_hand.pk},
    )
    current = ThemeAssignment.objects.get(item=item, is_current=True)
    assert (current.theme, current.by_machine) == (by_hand, False)


def test_the_review_queue_confirms_or_corrects_many_at_once(client_as, analysed) -> None:  # type: ignore[no-untyped-def]
    client = client_as("originating_unit")
    url = f"/staff/comments/posting/{analysed.pk}/analysis/review/"
    page = client.get(url).text
    assert "1 · " in page and "Off-topic" in page
    items = list(FeedbackItem.objects.filter(posting=analysed, campaign=None)[:3])
    theme = Theme.objects.filter(posting=analysed, status="active").first()
    data = {"items": [i.pk for i in items], f"theme-{items[0].pk}": theme.pk}
    data[f"theme-{items[1].pk}"] = "off_topic"
    client.post(url, data)
    assert ThemeAssignment.objects.get(item=items[0], is_current=True).by_machine is False
    assert ThemeAssignment.objects.get(item=items[1], is_current=True).kind == "off_topic"
    # Left for later: still the machine's.
    assert ThemeAssignment.objects.get(item=items[2], is_current=True).by_machine is True


def test_start_queues_a_run_and_the_page_shows_progress(client_as, d22_draft) -> None:  # type: ignore[no-untyped-def]
    posting = open_posting(d22_draft)
    comment_submit(posting=posting, body=OWN)
    client = client_as("rd")
    client.post(f"/staff/comments/posting/{posting.pk}/analysis/run/")
    run = AnalysisRun.objects.get(posting=posting)
    assert run.status == "queued"
    page = client.get(f"/staff/comments/posting/{posting.pk}/analysis/").text
    assert "<progress" in page and "data-poll-url" in page
    fragment = client.get(f"/staff/comments/posting/{posting.pk}/analysis/progress/").text
    assert "<progress" in fragment


def test_odd_input_in_the_review_queue_is_ignored_not_a_500(client_as, analysed) -> None:  # type: ignore[no-untyped-def]
    item = FeedbackItem.objects.filter(posting=analysed, campaign=None).first()
    url = f"/staff/comments/posting/{analysed.pk}/analysis/review/"
    for value in ("²", "٣", "-1", "x" * 5000, "999999999"):
        response = client_as("oee").post(
            url, {"items": [item.pk, "²", "abc"], f"theme-{item.pk}": value}
        )
        assert response.status_code == 302
