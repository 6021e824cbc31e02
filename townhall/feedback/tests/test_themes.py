"""Theme discovery (V-D-3): offline, deterministic, labelled with the comments' own words."""

from __future__ import annotations

from townhall.feedback import themes
from townhall.feedback.tests.texts import SNAP_ELDERLY, SNAP_UTILITIES


def test_two_subjects_become_two_themes_labelled_with_their_own_words_V_D_3() -> None:
    texts = SNAP_UTILITIES + SNAP_ELDERLY
    model = themes.discover(texts, k=2)
    assert len(model.themes) == 2
    utilities = {model.assignment[i] for i in range(len(SNAP_UTILITIES))}
    elderly = {model.assignment[i] for i in range(len(SNAP_UTILITIES), len(texts))}
    assert len(utilities) == 1 and len(elderly) == 1 and utilities != elderly
    labels = {t.index: t.label for t in model.themes}
    assert any(w in labels[utilities.pop()] for w in ("utility", "heating"))
    assert any(w in labels[elderly.pop()] for w in ("elderly", "disabilities", "fixed incomes"))


def test_the_same_input_gives_the_same_themes() -> None:
    texts = SNAP_UTILITIES + SNAP_ELDERLY
    first, second = themes.discover(texts, k=2), themes.discover(texts, k=2)
    assert first.assignment == second.assignment
    assert [t.label for t in first.themes] == [t.label for t in second.themes]


def test_a_campaign_counts_once_in_the_fit_and_with_its_weight_in_the_size() -> None:
    texts = SNAP_UTILITIES + SNAP_ELDERLY
    weights = [1.0] * len(texts)
    weights[0] = 500.0  # a campaign's representative
    model = themes.discover(texts, weights, k=2)
    biggest = model.themes[0]
    assert 0 in biggest.doc_indexes and biggest.weight >= 500


def test_texts_without_words_to_group_by_are_left_without_a_theme() -> None:
    model = themes.discover(["!!!", "123 456", "..."])
    assert model.themes == [] and model.assignment == [-1, -1, -1]


def test_k_grows_slowly_with_the_number_of_texts() -> None:
    assert themes.choose_k(40) >= 3
    assert themes.choose_k(100_000) <= 40
    assert themes.choose_k(100) <= themes.choose_k(10_000)


def test_stance_reads_plain_words_and_negation() -> None:
    assert themes.stance_of("I strongly oppose this rule.") == "opposes"
    assert themes.stance_of("I do not support this rule.") == "opposes"
    assert themes.stance_of("I support the new reporting requirement.") == "supports"
    assert themes.stance_of("The policy should require body cameras at all times.") == "suggests"
    assert themes.stance_of("Heating bills in January.") == "unclear"
