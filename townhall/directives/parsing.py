"""Outline parser for Chicago Police Department directive texts.

Pure Python (no Django) so it can run in management commands, workers and tests alike.

CPD directives are outlines: ``I.`` (upper-case Roman) headings, then ``A.``, ``1.``, ``a.``,
``(1)``, ``(a)`` and occasionally ``i.``/``i)`` levels. Item numbers such as ``V-C-10-b`` are
how people cite a rule, so the parser's job is to recover them reliably from two kinds of text:

* the archive export (``key_versions/*.txt``, ``all_versions.jsonl.gz``) where nesting is shown by
  two spaces per depth, except that Roman headings and ``A.`` items both sit in column 0;
* drafts pasted from word processors (seed 002) with ``- `` bullets and indentation that means
  nothing.

Letters such as ``I``, ``V``, ``X``, ``C`` (and ``i``, ``v``, ``x``) are both letters and Roman
numerals, so a marker is read as whatever *continues* an open list ("I." after "H." is a letter,
"V." after "IV." is Roman); indentation only breaks ties, and only when the document's
indentation looks meaningful.

The parser never drops text: every input line ends up in exactly one of ``preamble``, a
section's ``raw`` or ``trailer``, in order, so :func:`rebuild_text` gives the text back.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass, field
from typing import NamedTuple

__all__ = [
    "ParsedDirective",
    "ParsedHeader",
    "ParsedSection",
    "UnplacedLine",
    "normalize_ws",
    "parse_directive",
    "rebuild_text",
]


@dataclass(frozen=True)
class ParsedHeader:
    doc_type: str
    number: str
    title: str
    issue_date: datetime.date | None
    effective_date: datetime.date | None
    rescinds: str
    index_category: str
    calea: str


@dataclass(frozen=True)
class ParsedSection:
    anchor: str  # "V-C-10-b"; "(1)" contributes "1"; repeats get "~2", "~3"
    marker: str  # as written: "V.", "b.", "(1)"
    level: int  # 0 Roman, 1 "A.", 2 "1.", 3 "a.", 4 "(1)", 5 "(a)", 6 "i."; never above parent
    heading: str  # text after the marker on the item's first line, without "**"
    text: str  # own text (first line after the marker + continuation lines), no children
    raw: str  # the exact source lines of this section's own part
    parent: str | None


@dataclass(frozen=True)
class UnplacedLine:
    line_no: int  # 1-based, counted in the full input text
    line: str
    reason: str


@dataclass(frozen=True)
class ParsedDirective:
    header: ParsedHeader
    preamble: str
    sections: tuple[ParsedSection, ...]
    trailer: str
    unplaced: tuple[UnplacedLine, ...]


# --- Small helpers --------------------------------------------------------------------------------

_WS_RE = re.compile(r"\s+")


_NON_WORD = re.compile(r"[\W_]+")


def search_words(text: str) -> str:
    """Lower-cased words separated by single spaces, padded with a space at each end.

    Searching this for " term" matches words that start with the term ("force" finds
    "forced" but not "enforcement"), with a plain LIKE that both SQLite and PostgreSQL run.
    """
    return f" {_NON_WORD.sub(' ', text.lower()).strip()} "


def normalize_ws(text: str) -> str:
    """Collapse every whitespace run to one space and strip the ends."""
    return _WS_RE.sub(" ", text).strip()


def rebuild_text(parsed: ParsedDirective) -> str:
    """Join preamble, section raws and trailer back into the document text.

    Empty preamble/trailer are skipped rather than contributing a blank line, so a document that
    starts directly with an item round-trips exactly.
    """
    parts: list[str] = []
    if parsed.preamble:
        parts.append(parsed.preamble)
    parts.extend(section.raw for section in parsed.sections)
    if parsed.trailer:
        parts.append(parsed.trailer)
    return "\n".join(parts)


_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES.split(), start=1)}
_DATE_DMY_RE = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})")
_DATE_MDY_RE = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})")


def _parse_date(value: str) -> datetime.date | None:
    for regex, day_group, month_group in ((_DATE_DMY_RE, 1, 2), (_DATE_MDY_RE, 2, 1)):
        match = regex.search(value)
        if match is None:
            continue
        month = _MONTHS.get(match.group(month_group).lower())
        if month is None:
            continue
        try:
            return datetime.date(int(match.group(3)), month, int(match.group(day_group)))
        except ValueError:
            return None
    return None


# --- Header ---------------------------------------------------------------------------------------

_DOC_TYPES = (
    "Uniform and Property",
    "Employee Resource",
    "Department Notice",
    "Training Bulletin",
    "General Order",
    "Special Order",
    "Resources",
)
# CPD numbers start with a letter naming the series (G03-02, S04-01-02, D22-08, ...).
_PREFIX_TYPES = {
    "G": "General Order",
    "S": "Special Order",
    "D": "Department Notice",
    "DN": "Department Notice",
    "E": "Employee Resource",
    "U": "Uniform and Property",
    "T": "Training Bulletin",
}
_CPD_LINE_RE = re.compile(r"^Chicago Police Department\b\s*(?P<rest>.*)$", re.IGNORECASE)
_FIELD_RE = re.compile(
    r"(?P<label>ISSUE\s+DATE|EFFECTIVE\s+DATE|RESCINDS|INDEX\s+CATEGORY|CALEA)\s*:",
    re.IGNORECASE,
)
_NUMBER_PREFIX_RE = re.compile(r"^([A-Z]{1,2})\s*\d")
_TRAILING_NUMBER_RE = re.compile(
    r"^(?P<type>.*?)\s*(?P<number>[A-Z]{0,2}\s?\d{1,3}-\d{2}(?:-\d{2})*)$"
)
_HEADER_SCAN_LINES = 40
_MAX_TITLE = 150


def _split_type_number(value: str) -> tuple[str, str]:
    value = normalize_ws(value)
    if not value:
        return "", ""
    for doc_type in _DOC_TYPES:
        if value.lower().startswith(doc_type.lower()):
            return doc_type, value[len(doc_type) :].strip()
    match = _TRAILING_NUMBER_RE.match(value)
    if match is None:
        return value, ""
    number = match.group("number")
    doc_type = match.group("type").strip()
    if not doc_type:
        prefix = _NUMBER_PREFIX_RE.match(number)
        doc_type = _PREFIX_TYPES.get(prefix.group(1), "") if prefix else ""
    return doc_type, number


def _parse_header(lines: list[str], number_hint: str) -> tuple[ParsedHeader, int]:
    """Return the header and the index of the first line after the header block."""
    doc_type = number = ""
    title_lines: list[str] = []
    fields: dict[str, str] = {}
    cpd_line = -1
    last_field_line = -1
    for index, line in enumerate(lines[:_HEADER_SCAN_LINES]):
        stripped = line.strip()
        if not stripped:
            continue
        matches = list(_FIELD_RE.finditer(stripped))
        if matches and matches[0].start() == 0:
            for position, match in enumerate(matches):
                end = matches[position + 1].start() if position + 1 < len(matches) else None
                label = normalize_ws(match.group("label")).lower()
                fields.setdefault(label, stripped[match.end() : end].strip())
            last_field_line = index
            continue
        if last_field_line >= 0:
            break
        cpd = _CPD_LINE_RE.match(stripped)
        if cpd is not None and cpd_line < 0 and not title_lines:
            cpd_line = index
            doc_type, number = _split_type_number(cpd.group("rest"))
            continue
        if _classify(line) is not None:
            break
        title_lines.append(stripped)

    if last_field_line >= 0:
        header_end = last_field_line + 1
    else:
        # Without field lines we cannot tell a title from body text, so only a short line
        # directly under a "Chicago Police Department ..." banner is taken as the title.
        title_lines = []
        header_end = cpd_line + 1
        if 0 <= cpd_line < len(lines) - 1:
            candidate = lines[cpd_line + 1].strip()
            if candidate and len(candidate) <= _MAX_TITLE and _classify(candidate) is None:
                title_lines = [candidate]
                header_end += 1

    hint_type, hint_number = _split_type_number(number_hint)
    header = ParsedHeader(
        doc_type=doc_type or hint_type,
        number=number or hint_number,
        title=" ".join(title_lines),
        issue_date=_parse_date(fields.get("issue date", "")),
        effective_date=_parse_date(fields.get("effective date", "")),
        rescinds=fields.get("rescinds", ""),
        index_category=fields.get("index category", ""),
        calea=fields.get("calea", ""),
    )
    return header, header_end


# --- Markers --------------------------------------------------------------------------------------

# A style is a marker family plus its punctuation ("1." and "(1)" are different levels even
# though both count 1, 2, 3), named by its first marker. CPD's canonical depth for each style;
# styles not listed just nest one below their parent.
_LEVEL_LADDER = ("I.", "A.", "1.", "a.", "(1) 1)", "(a) a)", "i. (i) i)")
_CANONICAL_LEVEL = {style: level for level, ss in enumerate(_LEVEL_LADDER) for style in ss.split()}

_MARKER_RE = re.compile(
    r"^(?P<bullets>(?:[-*\u2022\u25cf\u25aa]\s+)*)"  # word-processor bullets before a marker
    r"(?P<bold>\*\*)?"
    r"(?:\((?P<paren>[A-Za-z]{1,7}|\d{1,3})\)|(?P<token>[A-Za-z]{1,7}|\d{1,3})(?P<delim>[.)]))"
    r"(?(bold)\*\*|)"
    r"(?:\s|$)"
)
_ROMAN_RE = re.compile(r"^M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_NOTE_RE = re.compile(r"^(?:[-*]\s+)?\**\s*NOTES?\b", re.IGNORECASE)


def _roman_value(token: str) -> int:
    total = 0
    upper = token.upper()
    for position, char in enumerate(upper):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[upper[position + 1]] if position + 1 < len(upper) else 0
        total += -value if value < following else value
    return total


class _Marker(NamedTuple):
    written: str  # as it appears, e.g. "(1)" or "b."
    label: str  # anchor component: "1", "b"
    readings: tuple[tuple[str, int], ...]  # possible (style, ordinal) interpretations
    rest: str
    indent: int
    bulleted: bool


@functools.lru_cache(maxsize=4096)
def _readings(token: str, opener: str, closer: str) -> tuple[tuple[str, int], ...]:
    if token.isdigit():
        return ((f"{opener}1{closer}", int(token)),)
    lower = token.islower()
    if not (lower or token.isupper()):
        return ()
    found: list[tuple[str, int]] = []
    if len(set(token)) == 1:
        # Letter lists run A..Z then AA, BB, ...
        base = ord("a") if lower else ord("A")
        found.append(
            (
                f"{opener}{'a' if lower else 'A'}{closer}",
                ord(token[0]) - base + 1 + 26 * (len(token) - 1),
            )
        )
    if _ROMAN_RE.match(token.upper()):
        found.append((f"{opener}{'i' if lower else 'I'}{closer}", _roman_value(token)))
    return tuple(found)


def _classify(line: str) -> _Marker | None:
    stripped = line.lstrip()
    if not stripped:
        return None
    match = _MARKER_RE.match(stripped)
    if match is None:
        return None
    paren = match.group("paren")
    if paren is not None:
        token, opener, closer, written = paren, "(", ")", f"({paren})"
    else:
        token, delim = match.group("token"), match.group("delim")
        token, opener, closer, written = token, "", delim, token + delim
    readings = _readings(token, opener, closer)
    if not readings:
        return None
    return _Marker(
        written=written,
        label=token,
        readings=readings,
        rest=stripped[match.end() :].strip(),
        indent=len(line) - len(stripped),
        bulleted=bool(match.group("bullets")),
    )


# --- Trailer --------------------------------------------------------------------------------------

_SIGNATURE_RE = re.compile(r"^\s*Authenticated\s+by\b", re.IGNORECASE)
_SUPERINTENDENT_RE = re.compile(
    r"^\s*(?:Interim\s+)?Superintendent\s+of\s+Police\s*$", re.IGNORECASE
)
# The archive ends many versions with "(Items indicated by italics/double underline were
# added or revised)" followed by the glossary pop-ups of the web page; none of it is body text.
_REVISION_NOTE_RE = re.compile(
    r"^\W*(?:new\s+or\s+revised\s+|revised\s+)?items?\b.{0,120}?(?:italic|underlin)",
    re.IGNORECASE,
)
_SIGNATURE_WINDOW = 15


def _find_trailer(lines: list[str], body_start: int) -> int:
    end = len(lines)
    candidates: list[int] = []
    for index in range(max(body_start, end - _SIGNATURE_WINDOW), end):
        line = lines[index]
        if _SIGNATURE_RE.match(line):
            candidates.append(index)
            break
        if _SUPERINTENDENT_RE.match(line):
            name = index - 1
            while name > body_start and not lines[name].strip():
                name -= 1
            looks_like_name = 0 < len(lines[name].strip()) <= 60 and _classify(lines[name]) is None
            candidates.append(name if name > body_start and looks_like_name else index)
            break
    for index in range(end - 1, body_start, -1):
        line = lines[index]
        if len(line) < 200 and _REVISION_NOTE_RE.match(line):
            candidates.append(index)
            break
    return min(candidates) if candidates else end


# --- Outline --------------------------------------------------------------------------------------


@dataclass
class _Open:
    """One open list level on the outline stack (mutable while parsing)."""

    style: str
    ordinal: int
    indent: int
    section: int  # index into the builder list
    note_seen: bool = False


@dataclass
class _Builder:
    anchor: str
    marker: str
    level: int
    heading: str
    parent: str | None
    start: int
    text_lines: list[str] = field(default_factory=list)


class _Placement(NamedTuple):
    depth: int  # stack depth the new item occupies
    style: str
    ordinal: int
    reason: str  # non-empty when the placement is suspicious and goes to ``unplaced``


_MAX_GAP = 3  # an item may skip at most this many numbers and still be taken as a sibling


def _indent_is_meaningful(markers: list[_Marker | None]) -> bool:
    # The archive export indents two spaces per depth; word-processor drafts use "- " bullets
    # and stray single spaces, where indentation must be ignored.
    deep = False
    for marker in markers:
        if marker is None:
            continue
        if marker.bulleted or marker.indent % 2:
            return False
        deep = deep or marker.indent >= 2
    return deep


def _choose(
    marker: _Marker, stack: list[_Open], meaningful: bool, following: _Following
) -> _Placement | None:
    """Decide where an item line goes; ``None`` means keep it as continuation text."""
    if not stack:
        style, ordinal = min(marker.readings, key=lambda reading: reading[1])
        reason = "" if ordinal == 1 else f"first item {marker.written} does not start a list"
        return _Placement(0, style, ordinal, reason)

    deepest = stack[-1]
    firsts = [reading for reading in marker.readings if reading[1] == 1]
    continuations = [
        (depth, style, ordinal)
        for depth in range(len(stack) - 1, -1, -1)
        for style, ordinal in marker.readings
        if stack[depth].style == style and ordinal == stack[depth].ordinal + 1
    ]
    if continuations:
        chosen = continuations[0]
        if meaningful:
            aligned = [c for c in continuations if stack[c[0]].indent == marker.indent]
            if aligned:
                chosen = aligned[0]
            elif firsts and marker.indent > deepest.indent:
                # "i." below "(a)" and indented past it starts a Roman list instead of
                # continuing some shallower "h." list.
                return _Placement(len(stack), firsts[0][0], 1, "")
        restart = _ambiguous_restart(marker, stack, chosen, following)
        if restart is not None:
            return restart
        return _Placement(chosen[0], chosen[1], chosen[2], "")

    open_styles = {entry.style for entry in stack}
    fresh = [reading for reading in firsts if reading[0] not in open_styles]
    if fresh:
        return _Placement(len(stack), fresh[0][0], 1, "")

    gaps = [
        (depth, style, ordinal)
        for depth in range(len(stack) - 1, -1, -1)
        for style, ordinal in marker.readings
        if stack[depth].style == style
        and stack[depth].ordinal <= ordinal <= stack[depth].ordinal + _MAX_GAP
    ]
    small_gaps = [gap for gap in gaps if gap[2] <= stack[gap[0]].ordinal + 2]
    if meaningful:
        small_gaps = [gap for gap in small_gaps if stack[gap[0]].indent == marker.indent]
    if small_gaps and not (firsts and meaningful and marker.indent > deepest.indent):
        return _gap_placement(small_gaps[0], stack, marker)

    if firsts:
        style = firsts[0][0]
        depth = max(d for d, entry in enumerate(stack) if entry.style == style)
        nested = deepest.note_seen
        if meaningful:
            nested = marker.indent > deepest.indent or (
                marker.indent != stack[depth].indent and deepest.note_seen
            )
        if nested:
            # Lists inside NOTE blocks restart at 1 under the item they annotate.
            return _Placement(len(stack), style, 1, "")
        return _Placement(depth, style, 1, f"{marker.written} restarts a list")

    if gaps:
        return _gap_placement(gaps[0], stack, marker)

    starts = [reading for reading in marker.readings if 1 < reading[1] <= _MAX_GAP]
    starts = [reading for reading in starts if reading[0] not in open_styles]
    if starts:
        return _Placement(
            len(stack), starts[0][0], starts[0][1], f"{marker.written} starts a list without 1/a"
        )
    return None


_LOOKAHEAD = 400
# The markers list plus the slice still ahead, passed unsliced so the common case copies nothing.
_Following = tuple[list[_Marker | None], int, int]


def _ambiguous_restart(
    marker: _Marker,
    stack: list[_Open],
    chosen: tuple[int, str, int],
    following: _Following,
) -> _Placement | None:
    """Handle an "I." that could continue a letter list or restart the Roman outline.

    The Police Board rules (a "Resources" document) put a second Roman outline after the
    first, so its "I." directly follows an "H." item. Read as a letter, such an "I." would need
    its own nested "A." list, which CPD never does; read as Roman it is followed by "A." and,
    later, "II.". Only when both hold is the restart taken; otherwise the letter wins.
    """
    if not any(ordinal == 1 and style != chosen[1] for style, ordinal in marker.readings):
        return None
    markers, start, stop = following
    upcoming = (later for later in markers[start : min(stop, start + _LOOKAHEAD)] if later)
    next_marker = next(upcoming, None)
    if next_marker is None or (chosen[1], 1) not in next_marker.readings:
        return None
    for style, ordinal in marker.readings:
        if ordinal != 1 or style == chosen[1]:
            continue
        depths = [d for d, entry in enumerate(stack) if entry.style == style and d < chosen[0]]
        if depths and any((style, 2) in later.readings for later in upcoming):
            return _Placement(depths[0], style, 1, f"{marker.written} restarts a list")
    return None


def _gap_placement(gap: tuple[int, str, int], stack: list[_Open], marker: _Marker) -> _Placement:
    depth, style, ordinal = gap
    previous = stack[depth].ordinal
    what = "repeats the previous number" if ordinal == previous else "skips numbers"
    return _Placement(depth, style, ordinal, f"{marker.written} {what} in its list")


def _level(style: str, parent_level: int | None) -> int:
    canonical = _CANONICAL_LEVEL.get(style)
    if parent_level is None:
        return canonical if canonical is not None else 0
    if canonical is None or canonical <= parent_level:
        return parent_level + 1
    return canonical


def parse_directive(text: str, *, number_hint: str = "") -> ParsedDirective:
    """Parse a directive's text into header, outline sections and leftovers.

    ``number_hint`` (e.g. "Department Notice D22-08" or just "D22-08") fills the document type
    and number when the text has no "Chicago Police Department <Type> <Number>" banner.
    """
    lines = text.split("\n")
    header, header_end = _parse_header(lines, number_hint)

    markers: list[_Marker | None] = [None] * len(lines)
    first_item = len(lines)
    for index in range(header_end, len(lines)):
        marker = _classify(lines[index])
        markers[index] = marker
        if marker is not None and first_item == len(lines):
            first_item = index
    trailer_start = _find_trailer(lines, first_item) if first_item < len(lines) else len(lines)
    meaningful = _indent_is_meaningful(markers[header_end:trailer_start])

    builders: list[_Builder] = []
    stack: list[_Open] = []
    seen_anchors: dict[str, int] = {}
    unplaced: list[UnplacedLine] = []

    for index in range(first_item, trailer_start):
        line = lines[index]
        marker = markers[index]
        placement = None
        if marker is not None:
            placement = _choose(marker, stack, meaningful, (markers, index + 1, trailer_start))
        if placement is None:
            stripped = line.strip()
            if stripped:
                builders[-1].text_lines.append(stripped)
                if _NOTE_RE.match(stripped):
                    stack[-1].note_seen = True
            if marker is not None:
                reason = (
                    f"{marker.written} fits no open list; kept as text of {builders[-1].anchor}"
                )
                unplaced.append(UnplacedLine(index + 1, line, reason))
            continue

        assert marker is not None
        del stack[placement.depth :]
        parent = builders[stack[-1].section] if stack else None
        base = f"{parent.anchor}-{marker.label}" if parent else marker.label
        count = seen_anchors.get(base, 0) + 1
        seen_anchors[base] = count
        anchor = base if count == 1 else f"{base}~{count}"
        if placement.reason:
            unplaced.append(
                UnplacedLine(index + 1, line, f"{placement.reason}; placed as {anchor}")
            )
        builders.append(
            _Builder(
                anchor=anchor,
                marker=marker.written,
                level=_level(placement.style, parent.level if parent else None),
                heading=marker.rest.replace("**", "").strip(),
                parent=parent.anchor if parent else None,
                start=index,
                text_lines=[marker.rest] if marker.rest else [],
            )
        )
        stack.append(_Open(placement.style, placement.ordinal, marker.indent, len(builders) - 1))

    sections: list[ParsedSection] = []
    for position, builder in enumerate(builders):
        end = builders[position + 1].start if position + 1 < len(builders) else trailer_start
        sections.append(
            ParsedSection(
                anchor=builder.anchor,
                marker=builder.marker,
                level=builder.level,
                heading=builder.heading,
                text="\n".join(builder.text_lines),
                raw="\n".join(lines[builder.start : end]),
                parent=builder.parent,
            )
        )

    body_start = builders[0].start if builders else trailer_start
    return ParsedDirective(
        header=header,
        preamble="\n".join(lines[:body_start]),
        sections=tuple(sections),
        trailer="\n".join(lines[trailer_start:]) if trailer_start < len(lines) else "",
        unplaced=tuple(unplaced),
    )
