from __future__ import annotations

import itertools

import pytest

from townhall.feedback.pii import PiiMatch, find_pii, redact


def _kinds(text: str) -> list[str]:
    return [m.kind for m in find_pii(text)]


@pytest.mark.parametrize(
    "email",
    [
        "jane.doe@example.org",
        "j.doe+cpd@mail.example.com",
        "RESIDENT_42@Example.CO",
        "o'brien@example.net",
    ],
)
def test_email_addresses_are_found(email: str) -> None:
    text = f"Write to me at {email}, thanks."
    (match,) = find_pii(text)
    assert match.kind == "email"
    assert text[match.start : match.end] == email


@pytest.mark.parametrize(
    "phone",
    [
        "(312) 555-0134",
        "(312)555-0134",
        "312-555-0134",
        "312.555.0134",
        "312 555 0134",
        "+1 312 555 0134",
        "+1 (312) 555-0134",
        "1-312-555-0134",
        "+13125550134",
        "3125550134",
        "312-555-0134 ext. 12",
    ],
)
def test_phone_numbers_are_found(phone: str) -> None:
    text = f"Call me on {phone}."
    (match,) = find_pii(text)
    assert match.kind == "phone"
    assert text[match.start : match.end] == phone


@pytest.mark.parametrize(
    "address",
    [
        # Real Chicago addresses from the city's pages.
        "4380 N Elston Ave",
        "100 N Central Park Ave",
        "6301 S Halsted St",
        "3510 S Michigan Ave",
        "3510 S MICHIGAN AVE",
        "4380 N. Elston Ave.",
        "1200 W 111th St",
        "100 North Ave",
        "2452 W Belmont Ave, Apt 2R",
        "2452 W Belmont Ave #3",
        "5555 N Sheridan Road Unit 1204",
        "4380 n elston ave",
    ],
)
def test_street_addresses_are_found(address: str) -> None:
    text = f"It happened outside {address} last night."
    (match,) = find_pii(text)
    assert match.kind == "address"
    assert text[match.start : match.end] == address.rstrip(".")


@pytest.mark.parametrize(
    "text",
    [
        "Officers must file the report within 15 days.",
        "See Chapter 4 and Section III-B of G03-02-01.",
        "2 officers drive to the scene in separate cars.",
        "In 2017 Federal Court ruled on the consent decree.",
        "The case is 17-cv-6260 in the Northern District of Illinois.",
        "Docket 1:17-cv-06260 was filed in 2017.",
        "It took effect on 2024-01-15, and again on 12/15/2023.",
        "The city paid $3,125,550,134 over 10 years, or $3125550134 in total.",
        "Between 2019 and 2020 there were 312 complaints and 555 reviews.",
        "Call 911 in an emergency or 311 for city services.",
        "Record #3125550134 was closed.",
        "Items V-C-10-b and VII-B-3 conflict.",
        "The 2 Officers drove off.",
        "Section 5 Way of working",
    ],
)
def test_policy_prose_is_left_alone(text: str) -> None:
    assert find_pii(text) == []
    assert redact(text) == (text, [])


def test_redact_a_real_looking_comment() -> None:
    comment = (
        "I live at 6301 S Halsted St, Apt 2R and on March 3 two officers stopped me for 15 "
        "minutes without explaining why. Section III.B of G03-02-01 says they must. "
        "You can reach me at 312-555-0134 or jane.doe@example.org."
    )
    text, kinds = redact(comment)
    assert text == (
        "I live at [address removed] and on March 3 two officers stopped me for 15 "
        "minutes without explaining why. Section III.B of G03-02-01 says they must. "
        "You can reach me at [phone number removed] or [email removed]."
    )
    assert kinds == ["address", "email", "phone"]


def test_redact_keeps_the_text_when_nothing_is_found() -> None:
    comment = (
        "The draft of S04-01-02 gives supervisors 30 days to review body-worn camera video; "
        "that is too long. The 2 officers in my case waited 45 days."
    )
    assert redact(comment) == (comment, [])


def test_kinds_are_sorted_and_unique() -> None:
    _, kinds = redact("a@example.org, b@example.org, (312) 555-0134, 773-555-0199")
    assert kinds == ["email", "phone"]


def test_digits_before_an_at_sign_are_an_email_not_a_phone() -> None:
    assert find_pii("3125550134@example.com") == [PiiMatch(kind="email", start=0, end=22)]


def test_matches_are_ordered_and_do_not_overlap() -> None:
    text = "Call (773) 555-0199 or visit 4380 N Elston Ave; mail x@example.org"
    matches = find_pii(text)
    assert _kinds(text) == ["phone", "address", "email"]
    for before, after in itertools.pairwise(matches):
        assert before.end <= after.start


def test_an_address_does_not_run_across_lines() -> None:
    assert find_pii("Recommendations: 1\nOfficers St") == []


def test_a_unit_word_without_a_number_is_not_part_of_the_address() -> None:
    text = "The 6301 S Halsted St unit was sent."
    (match,) = find_pii(text)
    assert text[match.start : match.end] == "6301 S Halsted St"


# --- Names (the "what we heard" quotes, V-D-3 and VII-D-5, publish them) ----------------------


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("Officer Ruiz stopped me on Tuesday.", "Officer [name removed] stopped me on Tuesday."),
        (
            "Sgt. Ann Lee and P.O. Mark T. Jones were there.",
            "Sgt. [name removed] and P.O. [name removed] were there.",
        ),
        ("Deputy Chief Maria Gomez spoke.", "Deputy Chief [name removed] spoke."),
        (
            "Hi, my name is Ana Diaz and I live in the 11th District.",
            "Hi, my name is [name removed] and I live in the 11th District.",
        ),
        ("Me llamo José Pérez.", "Me llamo [name removed]."),
        ("El Oficial Gómez me detuvo.", "El Oficial [name removed] me detuvo."),
        (
            "Mr. Diaz, Mrs Lee and Dr. Smith",
            "Mr. [name removed], Mrs [name removed] and Dr. [name removed]",
        ),
        ("Officer Ruiz Training records", "Officer [name removed] Training records"),
    ],
)
def test_names_after_a_title_or_introduction_are_removed_but_the_title_stays(
    text: str, published: str
) -> None:
    assert redact(text) == (published, ["name"])


@pytest.mark.parametrize(
    "text",
    [
        "Officer Wellness Program matters.",
        "Officers Should wear cameras.",
        "The Detective Division reviewed it.",
        "Officer Safety comes first.",
        "Chief of Police",
        "The First Deputy Superintendent will ensure it.",
        "Report to the Chief Administrator.",
        "Capsaicin II Powder Agent Deployment",
        "officer ruiz",
    ],
)
def test_rank_and_office_words_are_not_names(text: str) -> None:
    assert redact(text) == (text, [])


def test_names_possible_is_true_whenever_a_name_is_found() -> None:
    from townhall.feedback.pii import names_possible

    assert names_possible("Officer Ruiz")
    assert not names_possible("Officers must file the report within 15 days.")
