"""Tests for the section-aware redline (pure Python, no database)."""

from __future__ import annotations

import csv
import itertools
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from townhall.directives.parsing import parse_directive
from townhall.directives.redline import (
    Redline,
    RedlineSummary,
    SectionChange,
    SectionInput,
    Token,
    compute_redline,
    diff_words,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The project ships key_versions/ in demo_data, so the pair tests always run.
CPD = Path(__file__).resolve().parents[1] / "demo_data"
PAIRS_CSV = CPD / "key_versions" / "redline_pairs.csv"


def _section(anchor: str, text: str, level: int | None = None) -> SectionInput:
    return SectionInput(
        anchor=anchor,
        level=anchor.count("-") if level is None else level,
        heading=text.split("\n", 1)[0],
        text=text,
    )


def _sections_of(text: str) -> list[SectionInput]:
    return [
        SectionInput(s.anchor, s.level, s.heading, s.text) for s in parse_directive(text).sections
    ]


def _old_text(tokens: Sequence[Token]) -> str:
    return "".join(token.text for token in tokens if token.op != "insert")


def _new_text(tokens: Sequence[Token]) -> str:
    return "".join(token.text for token in tokens if token.op != "delete")


def _assert_consistent(
    redline: Redline, old: Sequence[SectionInput], new: Sequence[SectionInput]
) -> None:
    """Every section appears exactly once, tokens rebuild both texts, summary matches kinds."""
    old_by_anchor = {s.anchor: s for s in old}
    new_by_anchor = {s.anchor: s for s in new}
    seen_old = [c.old_anchor for c in redline.changes if c.old_anchor is not None]
    seen_new = [c.new_anchor for c in redline.changes if c.new_anchor is not None]
    assert sorted(seen_old) == sorted(s.anchor for s in old)
    assert seen_new == [s.anchor for s in new]  # new-document order
    for change in redline.changes:
        if change.old_anchor is not None:
            assert _old_text(change.tokens) == old_by_anchor[change.old_anchor].text
        else:
            assert change.kind == "added" and _old_text(change.tokens) == ""
        if change.new_anchor is not None:
            assert _new_text(change.tokens) == new_by_anchor[change.new_anchor].text
        else:
            assert change.kind == "removed" and _new_text(change.tokens) == ""
        assert 0.0 <= change.similarity <= 1.0
    kinds = Counter(change.kind for change in redline.changes)
    summary = redline.summary
    assert (summary.changed, summary.added, summary.removed, summary.moved, summary.unchanged) == (
        kinds["changed"],
        kinds["added"],
        kinds["removed"],
        kinds["moved"],
        kinds["unchanged"],
    )


def _kinds(redline: Redline) -> list[tuple[str, str | None, str | None]]:
    return [(c.kind, c.old_anchor, c.new_anchor) for c in redline.changes]


# --------------------------------------------------------------------------------------------
# Word-level tokens
# --------------------------------------------------------------------------------------------


def test_diff_words_marks_changed_words() -> None:
    tokens = diff_words("members will use force", "members may use minimal force")
    assert tokens == (
        Token("equal", "members "),
        Token("delete", "will "),
        Token("insert", "may "),
        Token("equal", "use "),
        Token("insert", "minimal "),
        Token("equal", "force"),
    )


def test_diff_words_whitespace_only_changes_rebuild_both_texts() -> None:
    old, new = "  a  b\nc", "a b c\n"
    tokens = diff_words(old, new)
    assert _old_text(tokens) == old and _new_text(tokens) == new
    assert {t.text.strip() for t in tokens if t.op != "equal"} == {""}


def test_diff_words_edge_cases() -> None:
    assert diff_words("", "") == ()
    assert diff_words("same", "same") == (Token("equal", "same"),)
    assert diff_words("", "new text") == (Token("insert", "new text"),)
    assert diff_words("old text", "") == (Token("delete", "old text"),)


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="ab \n\t.", max_size=40),
    st.text(alphabet="ab \n\t.", max_size=40),
)
def test_diff_words_always_rebuilds_both_texts(old: str, new: str) -> None:
    tokens = diff_words(old, new)
    assert _old_text(tokens) == old
    assert _new_text(tokens) == new
    assert all(token.text for token in tokens)
    assert all(a.op != b.op for a, b in itertools.pairwise(tokens))


# --------------------------------------------------------------------------------------------
# Section pairing
# --------------------------------------------------------------------------------------------

BASE = [
    _section("I", "Purpose\nThis directive:"),
    _section("I-A", "sets forth Department policy regarding the use of force."),
    _section("I-B", "satisfies CALEA Law Enforcement Standard Chapter 4."),
    _section("II", "Department Policy"),
    _section("II-A", "Sanctity of Human Life. The Department's highest priority is life."),
    _section("II-B", "Public Cooperation. A strong partnership with the public is essential."),
    _section("II-C", "Core Principle. Members will only resort to force when required."),
]


def test_identical_outlines_are_unchanged() -> None:
    redline = compute_redline(BASE, BASE)
    assert {c.kind for c in redline.changes} == {"unchanged"}
    assert redline.summary == RedlineSummary(0, 0, 0, 0, len(BASE))
    assert redline.summary.describe() == "no changes"
    _assert_consistent(redline, BASE, BASE)


def test_edited_item_is_changed_with_word_tokens() -> None:
    new = list(BASE)
    new[4] = _section(
        "II-A", "Sanctity of Human Life. The Department's highest priority is human life."
    )
    redline = compute_redline(BASE, new)
    change = redline.changes[4]
    assert (change.kind, change.old_anchor, change.new_anchor) == ("changed", "II-A", "II-A")
    assert Token("insert", "human ") in change.tokens
    assert 0.6 < change.similarity < 1.0
    assert redline.summary.describe() == "1 item changed"
    _assert_consistent(redline, BASE, new)


def test_rewritten_item_in_the_same_slot_is_changed_not_replaced() -> None:
    new = list(BASE)
    new[5] = _section(
        "II-B",
        "Public Cooperation. Inappropriate or excessive uses of force damage the partnership "
        "and diminish the public trust that is a cornerstone of policing in a free society.",
    )
    redline = compute_redline(BASE, new)
    assert _kinds(redline)[5] == ("changed", "II-B", "II-B")
    assert redline.changes[5].similarity < 0.6
    _assert_consistent(redline, BASE, new)


def test_added_item() -> None:
    new = [*BASE, _section("II-D", "Assessing Uses of Force. Split-second decisions happen.")]
    redline = compute_redline(BASE, new)
    assert _kinds(redline)[-1] == ("added", None, "II-D")
    assert redline.changes[-1].tokens == (Token("insert", new[-1].text),)
    assert redline.summary.added == 1 and redline.summary.unchanged == len(BASE)
    _assert_consistent(redline, BASE, new)


def test_removed_item_stays_where_it_was() -> None:
    new = [s for s in BASE if s.anchor != "I-B"]
    redline = compute_redline(BASE, new)
    assert _kinds(redline)[1:4] == [
        ("unchanged", "I-A", "I-A"),
        ("removed", "I-B", None),
        ("unchanged", "II", "II"),
    ]
    assert redline.changes[2].tokens == (Token("delete", BASE[2].text),)
    assert redline.summary.describe() == "1 item removed"
    _assert_consistent(redline, BASE, new)


def test_removed_first_item_comes_first() -> None:
    redline = compute_redline(BASE, BASE[1:])
    assert _kinds(redline)[0] == ("removed", "I", None)
    _assert_consistent(redline, BASE, BASE[1:])


def test_item_inserted_at_top_of_a_list_renumbers_the_rest_as_moved() -> None:
    old = BASE
    new = [
        *BASE[:4],
        _section("II-A", "Definitions. Terms used in this directive are defined below."),
        _section("II-B", BASE[4].text),
        _section("II-C", BASE[5].text),
        _section("II-D", BASE[6].text),
    ]
    redline = compute_redline(old, new)
    assert _kinds(redline)[4:] == [
        ("added", None, "II-A"),
        ("moved", "II-A", "II-B"),
        ("moved", "II-B", "II-C"),
        ("moved", "II-C", "II-D"),
    ]
    assert all(c.similarity == 1.0 for c in redline.changes[5:])
    assert all(t.op == "equal" for c in redline.changes[5:] for t in c.tokens)
    assert redline.summary.removed == 0
    assert redline.summary.describe() == "1 item added, 3 moved"
    _assert_consistent(redline, old, new)


def test_item_moved_to_another_part_with_word_changes() -> None:
    new = [
        BASE[0],
        BASE[1],
        BASE[3],
        BASE[4],
        BASE[5],
        BASE[6],
        _section("II-D", "satisfies CALEA Law Enforcement Standard Chapters 4 and 41."),
    ]
    redline = compute_redline(BASE, new)
    assert ("moved", "I-B", "II-D") in _kinds(redline)
    moved = redline.changes[-1]
    assert moved.new_anchor == "II-D" and moved.similarity > 0.6
    assert moved.tokens[1:] == (
        Token("delete", "Chapter 4."),
        Token("insert", "Chapters 4 and 41."),
    )
    assert redline.summary.removed == 0 and redline.summary.added == 0
    _assert_consistent(redline, BASE, new)


def test_unrelated_replacement_is_removed_and_added() -> None:
    old = [_section("A", "Members will inventory all recovered firearms promptly.")]
    new = [_section("A", "Helicopter support may be requested through OEMC dispatch.")]
    redline = compute_redline(old, new)
    assert sorted(c.kind for c in redline.changes) == ["added", "removed"]
    _assert_consistent(redline, old, new)


def test_empty_inputs() -> None:
    assert compute_redline([], []).changes == ()
    redline = compute_redline([], BASE)
    assert redline.summary.added == len(BASE)
    _assert_consistent(redline, [], BASE)
    redline = compute_redline(BASE, [])
    assert [c.kind for c in redline.changes] == ["removed"] * len(BASE)
    _assert_consistent(redline, BASE, [])


def test_summary_describe() -> None:
    assert (
        RedlineSummary(12, 3, 1, 2, 40).describe()
        == "12 items changed, 3 added, 1 removed, 2 moved"
    )
    assert RedlineSummary(0, 1, 0, 0, 5).describe() == "1 item added"
    assert RedlineSummary(1, 0, 0, 2, 0).describe() == "1 item changed, 2 moved"


_WORDS = st.sampled_from(["force", "members", "will", "the", "report", "taser", "shall", "not"])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(_WORDS, min_size=0, max_size=8), max_size=8),
    st.lists(st.lists(_WORDS, min_size=0, max_size=8), max_size=8),
)
def test_random_outlines_stay_consistent(
    old_words: list[list[str]], new_words: list[list[str]]
) -> None:
    old = [_section(f"A-{n}", " ".join(words), 2) for n, words in enumerate(old_words, 1)]
    new = [_section(f"A-{n}", " ".join(words), 2) for n, words in enumerate(new_words, 1)]
    _assert_consistent(compute_redline(old, new), old, new)


# --------------------------------------------------------------------------------------------
# Real directive excerpts (always run)
# --------------------------------------------------------------------------------------------


def test_g03_02_excerpts_2020_february_to_december() -> None:
    old = _sections_of((FIXTURES / "g03-02_2020-02-28_excerpt.txt").read_text(encoding="utf-8"))
    new = _sections_of((FIXTURES / "g03-02_2020-12-31_excerpt.txt").read_text(encoding="utf-8"))
    redline = compute_redline(old, new)
    _assert_consistent(redline, old, new)
    by_new = {c.new_anchor: c for c in redline.changes if c.new_anchor}
    # "Use of Deadly Force" was III-C and became its own section IV.
    assert (by_new["IV"].kind, by_new["IV"].old_anchor) == ("moved", "III-C")
    assert (by_new["IV-C-2"].kind, by_new["IV-C-2"].old_anchor) == ("moved", "III-C-3-b")
    # De-escalation examples moved from III-B-4 to III-C-2 when "De-escalation" got its own item.
    assert by_new["III-C-2-a"].old_anchor == "III-B-4-a"
    assert by_new["III-C-2-a"].similarity == 1.0
    # New factors were appended to III-B-1; "Necessary" was rewritten in place.
    assert by_new["III-B-1-d"].kind == "added"
    assert (by_new["III-B-2"].kind, by_new["III-B-2"].old_anchor) == ("changed", "III-B-2")
    assert by_new["I-A"].kind == "changed"
    assert any(t.op == "insert" and "de-escalation" in t.text for t in by_new["I-A"].tokens)
    assert redline.summary.unchanged > 0 and redline.summary.moved > 10


# --------------------------------------------------------------------------------------------
# Every pair in key_versions/redline_pairs.csv (skipped when ../shared is absent)
# --------------------------------------------------------------------------------------------


def _pairs() -> list[dict[str, str]]:
    if not PAIRS_CSV.is_file():
        return []
    with PAIRS_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.skipif(not PAIRS_CSV.is_file(), reason="shared/data not present")
def test_every_redline_pair() -> None:
    rows = _pairs()
    assert len(rows) >= 50
    for row in rows:
        old = _sections_of((CPD / row["old_file"]).read_text(encoding="utf-8"))
        new = _sections_of((CPD / row["new_file"]).read_text(encoding="utf-8"))
        redline = compute_redline(old, new)
        _assert_consistent(redline, old, new)
        if row["old_file"] == row["new_file"]:
            continue
        if row["same_title"] == "True" and row["old_issue"][-4:] == row["new_issue"][-4:]:
            # Same-year reissues of the same subject keep most items (maybe renumbered).
            summary = redline.summary
            assert summary.unchanged + summary.changed + summary.moved > len(new) // 2


def test_section_change_is_a_plain_frozen_value() -> None:
    change = SectionChange("added", None, "A", "", "h", 1, (Token("insert", "h"),), 0.0)
    with pytest.raises(AttributeError):
        change.kind = "removed"  # type: ignore[misc]
