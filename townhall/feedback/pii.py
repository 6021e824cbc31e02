"""Personal information in comment text: email addresses, phone numbers, street addresses and
the names of people.

Pure Python (no Django). The comment is kept as sent; ``redact`` makes the text that is
published. Residents write about police encounters, so a comment may hold their own or someone
else's contact details; those should not appear on a public page.

The patterns lean towards precision. A comment about policy is full of numbers (directive
numbers like G03-02-01, dates, case numbers like 17-cv-6260, counts like "15 days" or "2
officers"), and blacking those out would garble what people meant. Addresses therefore need a
house number, a capitalised street name and a street suffix; phone numbers need the North
American shape (area code and exchange starting 2-9) and may not sit inside a longer number.
Names are found only where the text says a name follows: a rank or title ("Officer Ruiz",
"Sgt. Ann Lee", "Mr. Diaz", "Oficial Gómez") or a self-introduction ("my name is Ana Diaz", "me
llamo …"). A bare list of first names would black out street names, directive titles and the
names of public offices, and nothing here may download a model. Title-case policy words after a
rank ("Officer Wellness", "Detective Division") are not names. The title stays, so the
sentence still says who acted: "Officer [name removed] stopped me".
Staff still read the original and can hide a comment that slipped through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["REPLACEMENTS", "PiiKind", "PiiMatch", "find_pii", "names_possible", "redact"]

PiiKind = Literal["email", "phone", "address", "name"]

# English on purpose: the published record of comments is in English whatever the page language.
REPLACEMENTS: dict[PiiKind, str] = {
    "email": "[email removed]",
    "phone": "[phone number removed]",
    "address": "[address removed]",
    "name": "[name removed]",
}


@dataclass(frozen=True)
class PiiMatch:
    kind: PiiKind
    start: int
    end: int


_EMAIL = re.compile(
    r"(?<![\w.+-])"
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
    r"(?![\w-])"
)

_PHONE = re.compile(
    r"""
    # Not the tail of a longer number, an amount ($), an identifier (G03-, #, v.) or an email.
    (?<![\w$#@/.+-])
    (?:\+?1[-.\s]?)?                                   # country code
    (?:\(\s*[2-9]\d{2}\s*\)\s*|[2-9]\d{2}[-.\s]?)      # area code
    [2-9]\d{2}[-.\s]?\d{4}                             # exchange and line
    (?:\s*(?:ext\.?|x|extension)\s*\d{1,5})?           # extension
    (?![\w@]|[-.]\d)
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Addresses stay on one line: a house number at the end of one line and a capitalised word at
# the start of the next is a list or a heading, not an address.
_SP = r"[^\S\n]+"
_DIRECTION = r"(?:[NSEW]|NE|NW|SE|SW|North|South|East|West)\.?"
# Full words that also follow numbers in ordinary prose ("2017 Federal Court ruled", "in 2021
# First Place") are left out; their abbreviations are kept.
_SUFFIX_WORDS = (
    "St Street Ave Av Avenue Blvd Boulevard Rd Road Dr Drive Pl Ct Pkwy Parkway Way Ln Lane"
    " Hwy Highway Ter Cir"
).split()
# Title or upper case only: "2 Officers drive" is a sentence, "2 Officers Drive" may be a street.
_SUFFIX = "(?:" + "|".join(w for word in _SUFFIX_WORDS for w in (word, word.upper())) + ")"
_SUFFIX_ABBREVIATION = r"(?i:st|ave|av|blvd|rd|dr|pl|ct|pkwy|ln|hwy)"
# A unit number has a digit or is a single letter, so "St unit was sent" stays prose.
_UNIT_ID = r"(?:[A-Za-z]{0,2}\d[A-Za-z0-9-]{0,4}|[A-Za-z])(?![\w-])"
_UNIT = (
    rf"\.?(?:,?{_SP}(?i:apt|apartment|unit|suite|ste|fl|floor|rm|room)\.?[^\S\n]*\#?[^\S\n]*"
    rf"{_UNIT_ID}|,?[^\S\n]*\#[^\S\n]*{_UNIT_ID})"
)
_HOUSE_NUMBER = r"(?<![\w$#.,/:-])\d{1,6}"
_NAME_WORD = r"(?:[A-Z][A-Za-z'-]*|\d{1,3}(?:st|nd|rd|th))"

_ADDRESS = re.compile(
    rf"""
    {_HOUSE_NUMBER}{_SP}
    (?:{_DIRECTION}{_SP})?
    {_NAME_WORD}(?:{_SP}{_NAME_WORD}){{0,3}}{_SP}
    {_SUFFIX}\b
    (?:{_UNIT})?
    """,
    re.VERBOSE,
)

# People often type in lower case ("4380 n elston ave"). Without capitals to go on, ask for
# both a direction and an abbreviated suffix, which ordinary sentences ("2 officers drive")
# do not have.
_ADDRESS_LOWER = re.compile(
    rf"""
    {_HOUSE_NUMBER}{_SP}
    (?i:[nsew]|north|south|east|west)\.?{_SP}
    (?i:[a-z][a-z'-]*|\d{{1,3}}(?:st|nd|rd|th))(?:{_SP}(?i:[a-z][a-z'-]*)){{0,2}}{_SP}
    {_SUFFIX_ABBREVIATION}\b
    (?:{_UNIT})?
    """,
    re.VERBOSE,
)

# Ranks and titles that precede a person's name, in English and Spanish. Plural ranks
# ("Officers", "Sergeants") head a sentence about a group, never a name.
_TITLES = (
    r"(?:Police\s+)?Officer|P\.?O\.|Ofc\.?|Off\.|Sergeant|Sgt\.?|Lieutenant|Lt\.?"
    r"|Detective|Det\.?|Captain|Capt\.?|Commander|Cmdr\.?|Deputy|Chief|Agent"
    r"|Investigator|Mr\.?|Mrs\.?|Ms\.?|Miss|Mx\.?|Dr\.?|Oficial|Agente|Sargento|Teniente"
    r"|Sr\.?|Sra\.?|Srta\.?"
)
# Title-case words that follow a rank in policy prose and directive titles.
_NOT_NAMES = frozenset(
    """Safety Wellness Training Division Divisions Support Program Programs Involved Friendly
    Discretion Assistance Bureau Unit Units Section Rank Union Survey Accountability Review
    Conduct Misconduct Report Reports Reporting Response Responsibilities Responsibility Duties
    Duty Body Worn Camera Cameras Use Of Force Powers Evaluation Evaluations Performance Rights
    Order Orders Notice Notices Directive Directives General Special Police Department The And
    Or In On At For To By With From Chicago City Council County State Federal District Districts
    Area Areas Patrol Field Services Service Office Officer Officers Sergeant Sergeants
    Lieutenant Lieutenants Captain Commander Command Staff Team Teams Academy Screening Hiring
    Promotion Promotions Exam Examination Involvement Engagement Community Policing Youth Crisis
    Intervention Mental Health Domestic Violence Traffic Stop Stops Search Searches Arrest
    Arrests Investigatory Investigations Investigation Internal Affairs Professional Standards
    Standard Guidelines Guideline Protocol Protocols Procedure Procedures Policy Policies Pursuit
    Pursuits Foot Vehicle Vehicles Firearm Firearms Weapon Weapons Taser Taser's Canine K9 School
    Schools Resource Of Liaison Liaisons Assignment Assignments Assigned Shift Shifts Watch
    Commanding Supervisor Supervisors Supervision Supervisory Manual Handbook Memo Memorandum
    Mayor President Justice Court Judge Monitor Monitoring Consent Decree Who When Where What How
    Why If This That These Those Should Must May Can Will Shall Would Could Did Does Do Is Are Was
    Were Has Have Had Not No Chief Deputy Drive Street Avenue Road Boulevard Park Jr
    Superintendent Superintendents Administrator Administration Deployment Executive Director
    Operations Inspector Counsel Advisor Commission Board""".split()
)
_NAME_PART = r"[A-Z\u00C0-\u00DE][a-z\u00DF-\u00FF'’-]+"
_PERSON = rf"(?P<pii>{_NAME_PART}(?:[^\S\n]+(?:[A-Z]\.[^\S\n]+)?{_NAME_PART}){{0,2}})"
# Titles chain ("Deputy Chief Ruiz"), so the name is what follows the last one.
_NAME_AFTER_TITLE = re.compile(
    rf"(?<![\w.])(?:{_TITLES})(?:[^\S\n]+(?:{_TITLES}))*[^\S\n]+{_PERSON}"
)
_NAME_INTRODUCED = re.compile(
    rf"(?i:\bmy[^\S\n]+name[^\S\n]+is|\bme[^\S\n]+llamo|\bmi[^\S\n]+nombre[^\S\n]+es)"
    rf"[^\S\n]+{_PERSON}"
)

_PATTERNS: tuple[tuple[PiiKind, re.Pattern[str]], ...] = (
    ("email", _EMAIL),
    ("address", _ADDRESS),
    ("address", _ADDRESS_LOWER),
    ("phone", _PHONE),
    ("name", _NAME_AFTER_TITLE),
    ("name", _NAME_INTRODUCED),
)
_PRIORITY: dict[PiiKind, int] = {"email": 0, "address": 1, "phone": 2, "name": 3}


def _span(kind: PiiKind, match: re.Match[str]) -> tuple[int, int] | None:
    """The characters to remove: a name's words without its title, and only the words up to
    the first one that is a policy word ("Officer Ruiz Training" keeps "Training")."""
    if kind != "name":
        return match.start(), match.end()
    start = match.start("pii")
    end = start
    for word in re.finditer(r"\S+", match.group("pii")):
        if word.group().rstrip(".") in _NOT_NAMES:
            break
        end = match.start("pii") + word.end()
    if end == start:
        return None
    return start, end


def names_possible(text: str) -> bool:
    """Whether ``text`` has a title or self-introduction followed by a capitalised word: the
    cheap test before the other patterns, which a name alone does not trigger."""
    return bool(_NAME_AFTER_TITLE.search(text) or _NAME_INTRODUCED.search(text))


def find_pii(text: str) -> list[PiiMatch]:
    """Every piece of personal information in ``text``, in order and never overlapping.

    Where two patterns claim the same characters (digits before an ``@`` look like a phone
    number), the earlier and then the longer match wins, then email over address over phone.
    """
    candidates = [
        PiiMatch(kind=kind, start=span[0], end=span[1])
        for kind, pattern in _PATTERNS
        for m in pattern.finditer(text)
        if (span := _span(kind, m)) is not None
    ]
    candidates.sort(key=lambda m: (m.start, m.start - m.end, _PRIORITY[m.kind]))
    found: list[PiiMatch] = []
    for match in candidates:
        if found and match.start < found[-1].end:
            continue
        found.append(match)
    return found


def redact(text: str) -> tuple[str, list[str]]:
    """``text`` with each match replaced by a bracketed note, and the sorted kinds found."""
    matches = find_pii(text)
    parts: list[str] = []
    position = 0
    for match in matches:
        parts.append(text[position : match.start])
        parts.append(REPLACEMENTS[match.kind])
        position = match.end
    parts.append(text[position:])
    return "".join(parts), sorted({m.kind for m in matches})
