"""Tests for the directive outline parser (pure Python, no database)."""

from __future__ import annotations

import datetime
import gzip
import json
from pathlib import Path

import pytest

from townhall.directives.parsing import (
    ParsedDirective,
    ParsedSection,
    normalize_ws,
    parse_directive,
    rebuild_text,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The checkout sits beside the shared folder: <root>/main/townhall/directives/tests/<this file>.
SHARED = Path(__file__).resolve().parents[4] / "shared"
SHARED_DATA = SHARED / "data"
DEMO_DATA = Path(__file__).resolve().parents[1] / "demo_data"
# The project ships the key versions and the seed itself (demo_data/), so these always run.
KEY_VERSIONS = DEMO_DATA / "key_versions"
ARCHIVE = SHARED_DATA / "cpd_directives" / "all_versions.jsonl.gz"
SEED_002 = DEMO_DATA / "D22-08_draft_2025-03-10.txt"

G03_02_NEW = FIXTURES / "g03-02_2020-12-31_excerpt.txt"
G03_02_OLD = FIXTURES / "g03-02_2020-02-28_excerpt.txt"
SEED_EXCERPT = FIXTURES / "seed002_excerpt.txt"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _by_anchor(parsed: ParsedDirective) -> dict[str, ParsedSection]:
    return {section.anchor: section for section in parsed.sections}


def _assert_lossless(text: str, parsed: ParsedDirective) -> None:
    assert normalize_ws(rebuild_text(parsed)) == normalize_ws(text)


def _outline(text: str) -> list[str]:
    return [section.anchor for section in parse_directive(text).sections]


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def test_normalize_ws_collapses_all_whitespace() -> None:
    assert normalize_ws("  a\t\tb\n\n c \u00a0d ") == "a b c d"
    assert normalize_ws("") == ""


def test_empty_and_marker_free_texts_round_trip() -> None:
    for text in ("", "\n", "Chicago Police Department \ncontent\n", "just a paragraph"):
        parsed = parse_directive(text)
        assert parsed.sections == ()
        assert rebuild_text(parsed) == text


def test_banner_without_fields_takes_only_the_next_line_as_title() -> None:
    parsed = parse_directive("Chicago Police Department \ncontent\n")
    assert parsed.header.title == "content"
    parsed = parse_directive("Chicago Police Department \n\n\nThe Department Directives System is")
    assert parsed.header.title == ""


# --------------------------------------------------------------------------------------------
# Archive format (G03-02, 31 December 2020)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [G03_02_NEW, G03_02_OLD, SEED_EXCERPT], ids=lambda p: p.name)
def test_fixtures_round_trip_exactly(path: Path) -> None:
    text = _read(path)
    parsed = parse_directive(text)
    _assert_lossless(text, parsed)
    assert rebuild_text(parsed) == text


def test_g03_02_header() -> None:
    header = parse_directive(_read(G03_02_NEW)).header
    assert header.doc_type == "General Order"
    assert header.number == "G03-02"
    assert header.title == "De-escalation, Response to Resistance, and Use of Force"
    assert header.issue_date == datetime.date(2020, 12, 31)
    assert header.effective_date == datetime.date(2021, 4, 15)
    assert header.rescinds == "29 February 2020 version"
    assert header.index_category == "Field Operations"
    assert header.calea == ""


def test_g03_02_anchors_and_text() -> None:
    parsed = parse_directive(_read(G03_02_NEW))
    sections = _by_anchor(parsed)
    assert [s.anchor for s in parsed.sections if s.level == 0] == ["I", "II", "III", "IV"]
    assert sections["III"].heading == "Use of Force - When Authorized"
    assert sections["II-D-3"].text.startswith("Nothing in this policy requires members")
    assert sections["III-B-1-e"].text == "the availability of other resources."
    assert sections["IV-A-4"].text.startswith("application of a chokehold")
    assert sections["IV-D-1-b"].parent == "IV-D-1"
    assert sections["IV-D-1-b"].level == 3
    # Unmarked paragraphs belong to the item above them, not to a child.
    assert "For example, when a zone of safety cannot be established" in sections["III-C"].text
    assert "First Amendment rights are not absolute" in sections["III-D-4"].text
    assert sections["IV"].text.splitlines()[1].startswith("Use of Deadly Force: Necessary")
    # "I." as the first Roman heading is Roman, not the ninth letter.
    assert sections["I"].level == 0 and sections["I-A"].level == 1
    assert parsed.unplaced == ()


def test_g03_02_section_raw_is_the_exact_source_lines() -> None:
    text = _read(G03_02_NEW)
    parsed = parse_directive(text)
    section = _by_anchor(parsed)["III-C-1-a"]
    assert section.raw in text.split("\n")
    assert section.raw.startswith("    a. the subject's age")
    assert section.marker == "a."
    assert parsed.preamble.startswith("Chicago Police Department General Order G03-02\n")


def test_revision_note_and_glossary_go_to_trailer() -> None:
    parsed = parse_directive(_read(G03_02_NEW))
    assert parsed.trailer.startswith("(Items identified by italics/double underline")
    assert "Chokehold" in parsed.trailer
    assert "Log Number" not in parsed.sections[-1].text


# --------------------------------------------------------------------------------------------
# Word-processor draft (seed 002, "Community Engagement in Policy and Training Development")
# --------------------------------------------------------------------------------------------


def test_seed_header_uses_number_hint() -> None:
    header = parse_directive(_read(SEED_EXCERPT), number_hint="D22-08").header
    assert header.doc_type == "Department Notice"
    assert header.number == "D22-08"
    assert header.title == "COMMUNITY ENGAGEMENT IN POLICY AND TRAINING DEVELOPMENT"
    assert header.issue_date == datetime.date(2025, 3, 10)
    assert header.effective_date is None
    assert header.rescinds == "31 December 2022 Version of D22-08"
    assert header.index_category == "02 - Human Rights and Community Partnerships"
    assert header.calea == ""


def test_number_hint_forms_and_precedence() -> None:
    text = "TITLE\nISSUE DATE:\t10 March 2025\n\nI. PURPOSE\n"
    assert parse_directive(text, number_hint="Special Order S04-01-02").header.doc_type == (
        "Special Order"
    )
    assert parse_directive(text, number_hint="S04-01-02").header.number == "S04-01-02"
    assert parse_directive(text).header.doc_type == ""
    banner = "Chicago Police Department General Order G03-02\nTitle\nIssue Date: 1 May 2020\n"
    header = parse_directive(banner, number_hint="D22-08").header
    assert (header.doc_type, header.number) == ("General Order", "G03-02")
    assert header.issue_date == datetime.date(2020, 5, 1)


def test_seed_excerpt_anchors() -> None:
    parsed = parse_directive(_read(SEED_EXCERPT), number_hint="D22-08")
    sections = _by_anchor(parsed)
    assert sections["V-C-10-b"].text.startswith("To request or sign-up for a dialogue")
    assert sections["VII-B-2-d"].text == (
        "the beginning and ending dates of the open comment period."
    )
    assert sections["IV-B-4-g"].text.startswith("any community group, organization")
    assert sections["V-D-4"].heading.startswith("Post-Engagement Surveys:")
    assert sections["VIII-B"].text.startswith("a description and review")
    assert sections["VII-D-6"].parent == "VII-D"
    assert "V-C-11" in sections
    # A blank line and a missing indent do not break the list ("2." under III-A).
    assert sections["III-A-2"].text.startswith("investigations and responses to incidents")
    assert sections["IV"].level == 0
    assert sections["IV"].heading == "ASSESSMENT OF LEVELS OF COMMUNITY ENGAGEMENT"


def test_seed_bold_labels_and_continuations() -> None:
    sections = _by_anchor(parse_directive(_read(SEED_EXCERPT)))
    advisory = sections["V-C-1"]
    assert advisory.marker == "1."
    assert advisory.heading.startswith("Advisory Committees: This includes participants")
    assert advisory.text.startswith("**Advisory Committees:**")
    assert "EXAMPLE: *An example is the Training Division" in advisory.text
    assert advisory.raw.startswith("1. **Advisory Committees:**")
    # "- A." keeps its bullet in raw but not in the marker.
    assert sections["V-A"].raw.startswith("- A. ")
    assert sections["V-A"].marker == "A."
    # The NOTE between items 7 and 8 stays with item 7.
    assert sections["IV-B-7"].text.splitlines()[-1].startswith("NOTE: The Department will work")
    assert sections["IV-B-8"].text.startswith("If the policy or training is required")


def test_seed_excerpt_signature_trailer_and_skipped_headings() -> None:
    parsed = parse_directive(_read(SEED_EXCERPT))
    assert parsed.trailer.startswith("Authenticated by MWK")
    assert parsed.trailer.endswith("DRAFT")
    assert "Larry Snelling" not in parsed.sections[-1].text
    # The excerpt leaves out sections II and VI; the next headings are still placed, but flagged.
    assert [(u.line.split(" ", 1)[0], "skips numbers" in u.reason) for u in parsed.unplaced] == [
        ("III.", True),
        ("VII.", True),
    ]
    assert [s.anchor for s in parsed.sections if s.level == 0] == [
        "I",
        "III",
        "IV",
        "V",
        "VII",
        "VIII",
    ]


# --------------------------------------------------------------------------------------------
# Outline disambiguation
# --------------------------------------------------------------------------------------------

LETTERS_PAST_H = """I. Definitions
A. a
B. b
C. c
D. d
E. e
F. f
G. g
H. h
I. the ninth letter
J. j
II. Policy
A. x
"""


def test_i_after_h_is_a_letter_and_ii_is_roman() -> None:
    anchors = _outline(LETTERS_PAST_H)
    assert anchors[8:12] == ["I-H", "I-I", "I-J", "II"]
    assert anchors[-1] == "II-A"


def test_v_after_iv_is_roman_and_c_after_b_is_a_letter() -> None:
    text = "I. One\nII. Two\nIII. Three\nIV. Four\nA. first\nB. second\nC. third\nV. Five\nA. x\n"
    parsed = parse_directive(text)
    assert [(s.anchor, s.level) for s in parsed.sections] == [
        ("I", 0),
        ("II", 0),
        ("III", 0),
        ("IV", 0),
        ("IV-A", 1),
        ("IV-B", 1),
        ("IV-C", 1),
        ("V", 0),
        ("V-A", 1),
    ]


def test_lowercase_roman_under_parenthesised_letters() -> None:
    text = (
        "I. X\nA. Y\n1. one\na. alpha\n(1) p\n(a) q\ni. roman one\nii. roman two\nv. odd\n(b) r\n"
    )
    parsed = parse_directive(text)
    anchors = [(s.anchor, s.level) for s in parsed.sections]
    assert anchors[6:9] == [("I-A-1-a-1-a-i", 6), ("I-A-1-a-1-a-ii", 6), ("I-A-1-a-1-a-v", 6)]
    assert anchors[-1] == ("I-A-1-a-1-b", 5)
    assert [u.line for u in parsed.unplaced] == ["v. odd"]  # ii -> v skips iii and iv


def test_i_after_h_with_indentation_can_start_a_roman_list() -> None:
    text = (
        "I. X\n"
        "A. Y\n"
        "  1. one\n"
        "    a. a\n    b. b\n    c. c\n    d. d\n    e. e\n    f. f\n    g. g\n    h. h\n"
        "      (1) p\n"
        "        (a) q\n"
        "          i. roman one\n"
        "          ii. roman two\n"
        "    i. letter i\n"
    )
    anchors = _outline(text)
    assert anchors[-3:] == ["I-A-1-h-1-a-i", "I-A-1-h-1-a-ii", "I-A-1-i"]


def test_i_after_h_without_indentation_continues_the_letters() -> None:
    text = "I. X\n1. one\n" + "".join(f"- {c}. {c}\n" for c in "abcdefgh") + "- i. nine\n"
    assert _outline(text)[-1] == "I-1-i"


def test_second_roman_outline_after_letters_restarts() -> None:
    # The Police Board rules: a second "I." that directly follows "H." and has its own "A." list.
    letters = "".join(f"{c}. item {c}\n" for c in "ABCDEFGH")
    text = f"I. Rules\n{letters}I. Procedure\n{letters}I. i\nJ. j\nII. Motions\nA. a\n"
    parsed = parse_directive(text)
    anchors = [s.anchor for s in parsed.sections]
    assert "I~2" in anchors and "I~2-J" in anchors
    assert anchors[-2:] == ["II", "II-A"]
    assert [u.reason.split(";")[0] for u in parsed.unplaced] == ["I. restarts a list"]


def test_note_lists_nest_under_the_item_they_annotate() -> None:
    text = (
        "I. X\nA. Y\n1. one\n2. two\n3. three\n4. four\nNOTE:\n1. note one\n2. note two\n5. five\n"
    )
    parsed = parse_directive(text)
    assert [s.anchor for s in parsed.sections][-3:] == ["I-A-4-1", "I-A-4-2", "I-A-5"]
    assert parsed.unplaced == ()


def test_list_restart_gets_a_duplicate_suffix() -> None:
    text = "I. Definitions\nA. one\nB. two\nSome paragraph\nA. again\nB. again two\n"
    parsed = parse_directive(text)
    assert [s.anchor for s in parsed.sections] == ["I", "I-A", "I-B", "I-A~2", "I-B~2"]
    assert len(parsed.unplaced) == 1 and "restarts a list" in parsed.unplaced[0].reason


def test_out_of_sequence_items_are_flagged_but_never_dropped() -> None:
    text = "I. X\nA. Y\n1. one\n  c. orphan\n2. two\nq. stray letter\n7. far jump\n"
    parsed = parse_directive(text)
    sections = _by_anchor(parsed)
    # "c." has no "a."/"b." before it: placed as the first child, and reported.
    assert sections["I-A-1-c"].text == "orphan"
    # "q." and "7." fit nowhere: they stay as text of the item above and are reported.
    assert sections["I-A-2"].text == "two\nq. stray letter\n7. far jump"
    assert [u.line_no for u in parsed.unplaced] == [4, 6, 7]
    assert "kept as text of I-A-2" in parsed.unplaced[1].reason
    assert rebuild_text(parsed) == text


def test_parenthesised_markers_drop_parens_in_anchor() -> None:
    parsed = parse_directive("I. X\nA. Y\n1. one\na. a\n(1) first\n(2) second\n")
    section = _by_anchor(parsed)["I-A-1-a-2"]
    assert (section.marker, section.level, section.parent) == ("(2)", 4, "I-A-1-a")


def test_words_ending_in_a_period_are_not_markers() -> None:
    text = "I. X\nA. Y\nNo. 12 is not an item.\nMr. Smith neither.\n"
    parsed = parse_directive(text)
    assert [s.anchor for s in parsed.sections] == ["I", "I-A"]
    assert parsed.unplaced == ()


def test_documents_without_roman_headings_start_at_letters() -> None:
    parsed = parse_directive("Resources\n\nA. Forms\n  1. CPD-11.000\n  2. CPD-11.143\nB. More\n")
    assert [(s.anchor, s.level) for s in parsed.sections] == [
        ("A", 1),
        ("A-1", 2),
        ("A-2", 2),
        ("B", 1),
    ]


# --------------------------------------------------------------------------------------------
# Real data (skipped when ../shared is not beside the checkout)
# --------------------------------------------------------------------------------------------

needs_shared = pytest.mark.skipif(not KEY_VERSIONS.is_dir(), reason="shared/data not present")


@needs_shared
def test_all_key_versions_round_trip() -> None:
    files = sorted(KEY_VERSIONS.glob("*/*.txt"))
    assert len(files) >= 38
    for path in files:
        text = _read(path)
        parsed = parse_directive(text)
        _assert_lossless(text, parsed)
        assert parsed.header.number == path.parent.name, path.name
        assert parsed.sections, path.name
        anchors = [s.anchor for s in parsed.sections]
        assert len(set(anchors)) == len(anchors), path.name


@needs_shared
def test_g03_02_full_file_matches_fixture_excerpt() -> None:
    path = KEY_VERSIONS / "G03-02" / "G03-02__issued-2020-12-31__effective-2021-04-15.txt"
    sections = _by_anchor(parse_directive(_read(path)))
    assert sections["X-B-4-b"].text.startswith('" Annual Prescribed Weapon Qualification')
    assert sections["VII-C-1-a"].text.startswith("reporting each reportable use of force")
    excerpt = _by_anchor(parse_directive(_read(G03_02_NEW)))
    for anchor, section in excerpt.items():
        assert sections[anchor].text == section.text


@pytest.mark.skipif(not SEED_002.is_file(), reason="shared/seeds not present")
def test_full_seed_002() -> None:
    text = _read(SEED_002)
    parsed = parse_directive(text, number_hint="D22-08")
    _assert_lossless(text, parsed)
    sections = _by_anchor(parsed)
    assert sections["V-C-10-b"].text.startswith("To request or sign-up for a dialogue")
    assert sections["VII-B-2-d"].text.startswith("the beginning and ending dates of the open")
    assert sections["IV-B-4-g"].text.startswith("any community group")
    assert sections["VIII-B"].text.startswith("a description and review")
    assert sections["V-D-4"].heading.startswith("Post-Engagement Surveys")
    assert sections["VI-F-2-b"].text.startswith("the Office of Equity and Engagement")
    assert sections["VI-B"].parent == "VI" and sections["VI-D-3-a"].level == 3
    assert sections["V-C-11"].heading.startswith("Working Group:")
    assert sections["VII-D-6"].text.startswith("draft, review, and revise")
    assert [s.anchor for s in parsed.sections if s.level == 0] == [
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
        "VII",
        "VIII",
    ]
    assert parsed.unplaced == ()
    assert parsed.trailer.startswith("Authenticated by MWK")


@pytest.mark.slow
@pytest.mark.skipif(not ARCHIVE.is_file(), reason="shared/data not present")
def test_whole_archive_round_trips_without_loss() -> None:
    with gzip.open(ARCHIVE, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    assert len(rows) >= 2636
    parsed = [parse_directive(row["text"], number_hint=row["number"]) for row in rows]
    for row, result in zip(rows, parsed, strict=True):
        assert normalize_ws(rebuild_text(result)) == normalize_ws(row["text"]), row["number"]
        if row["issue_date"] and row["issue_date"] != "To Be Determined":
            assert result.header.issue_date is not None, row["number"]
