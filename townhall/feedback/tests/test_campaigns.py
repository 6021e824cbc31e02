"""Campaign detection (ACUS Recommendation 2021-1): copies grouped, additions shown, signals
flagged, nothing dropped."""

from __future__ import annotations

import datetime

from townhall.feedback import campaigns
from townhall.feedback.campaigns import Item, additions, detect, exact_key, unfilled_tokens
from townhall.feedback.tests.texts import LETTER, SNAP_ELDERLY, SNAP_UTILITIES, YOUTH


def _filled(name: str) -> str:
    return LETTER.replace("[NAME]", name)


def test_exact_copies_match_whatever_their_case_spacing_and_punctuation() -> None:
    assert exact_key(LETTER) == exact_key(LETTER.upper().replace(",", "  ").replace(".", "!"))
    assert exact_key(LETTER) != exact_key(LETTER + " Thank you.")


def test_a_form_letter_with_names_filled_and_a_paragraph_added_is_one_campaign() -> None:
    own = "My son was stopped twice on his way to school last spring and nobody explained why."
    texts = [
        _filled("Maria Johnson"),
        _filled("James Nowak"),
        _filled("Aisha Patel"),
        _filled("Wei Chen") + "\n\n" + own,
        _filled("Rosa Garcia").replace("I urge you", "I strongly urge you"),
        *SNAP_UTILITIES,
        *YOUTH,
    ]
    result = detect([Item(id=i, text=t) for i, t in enumerate(texts)])
    assert len(result.campaigns) == 1
    campaign = result.campaigns[0]
    assert sorted(campaign.item_ids) == [0, 1, 2, 3, 4]
    assert campaign.size == 5
    # What the sender added is shown as their own words; a filled-in name is not an addition.
    assert [own.rstrip(".")] in [[a.rstrip(".") for a in v] for v in campaign.additions.values()]
    assert len(campaign.additions) == 1
    # Organic comments stay unique; nothing is dropped.
    assert sorted(result.unique_ids) == list(range(5, len(texts)))


def test_comments_on_one_subject_in_different_words_are_not_a_campaign() -> None:
    texts = SNAP_UTILITIES + SNAP_ELDERLY
    result = detect([Item(id=i, text=t) for i, t in enumerate(texts)])
    assert result.campaigns == []
    assert len(result.unique_ids) == len(texts)


def test_a_campaign_needs_three_comments() -> None:
    result = detect([Item(id=1, text=_filled("A B")), Item(id=2, text=_filled("C D"))])
    assert result.campaigns == [] and sorted(result.unique_ids) == [1, 2]


def test_unfilled_placeholders_are_flagged_but_redaction_marks_are_not() -> None:
    assert unfilled_tokens(LETTER) == ["[NAME]"]
    assert unfilled_tokens("Call me at [phone number removed] or [email removed].") == []
    assert unfilled_tokens("Dear {{ alderman }}, I live at <ADDRESS>.") == [
        "<ADDRESS>",
        "{{ alderman }}",
    ]
    result = detect([Item(id=i, text=LETTER) for i in range(3)])
    assert result.campaigns[0].unfilled == ["[NAME]"]
    assert result.unfilled_by_item[0] == ["[NAME]"]


def test_a_burst_of_identical_copies_is_flagged() -> None:
    start = datetime.datetime(2026, 5, 8, 12, 0, tzinfo=datetime.UTC)
    burst = [
        Item(id=i, text=_filled("Maria Johnson"), at=start + datetime.timedelta(seconds=i))
        for i in range(12)
    ]
    spread = [
        Item(id=100 + i, text=_filled("James Nowak"), at=start + datetime.timedelta(hours=i))
        for i in range(12)
    ]
    result = detect(burst + spread)
    (campaign,) = result.campaigns
    assert campaign.bursts == [(start, 12)]
    assert campaign.size == 24


def test_additions_ignore_a_filled_in_name_and_a_changed_word() -> None:
    changed = _filled("Maria Johnson").replace("I urge you", "I really urge you")
    assert additions(LETTER, changed) == []


def test_pairwise_scores_count_pairs() -> None:
    truth = {1: 1, 2: 1, 3: 1, 4: 2}
    assert campaigns.pairwise_scores(truth, truth) == (1.0, 1.0, 1.0)
    precision, recall, f1 = campaigns.pairwise_scores({1: 1, 2: 1, 3: 3, 4: 4}, truth)
    assert (precision, round(recall, 3)) == (1.0, 0.333)
    assert round(f1, 2) == 0.5


def test_progress_is_reported() -> None:
    seen: list[str] = []
    detect(
        [Item(id=i, text=t) for i, t in enumerate(SNAP_UTILITIES)],
        progress=lambda stage, done, total: seen.append(stage),
    )
    assert {"exact copies", "near copies", "campaigns"} <= set(seen)
