"""Social media texts ready to post (seed 002 VII-C-2): counted the way each platform counts,
fitted within its limit, with the link always whole."""

from __future__ import annotations

import pytest

from townhall.outreach import social
from townhall.outreach.tests.factories import TEXTS

LINK = "https://townhall.example.org/postings/42/a-rather-long-path-that-t-co-shortens/"


def test_the_limits_are_the_platforms_own() -> None:
    assert social.limit("x") == 280
    assert social.limit("bluesky") == 300
    assert social.limit("instagram") == 2200
    assert social.limit("facebook") == 63206


def test_x_counts_every_link_as_23_whatever_its_length_VII_C_2() -> None:
    assert social.length("x", LINK) == 23
    assert social.length("x", "Read it: https://t.co/x") == len("Read it: ") + 23
    assert social.length("x", f"one {LINK} two {LINK}") == len("one  two ") + 2 * 23


def test_x_counts_chinese_characters_as_2_and_latin_arabic_hindi_as_1_VII_C_2() -> None:
    assert social.length("x", "芝加哥警察局") == 12
    assert social.length("x", "D22-08 草案") == len("D22-08 ") + 4
    assert social.length("x", "شرطة شيكاغو") == len("شرطة شيكاغو")
    assert social.length("x", "शिकागो पुलिस") == len("शिकागो पुलिस")
    assert social.length("x", "Zażółć gęślą jaźń") == 17


def test_other_platforms_count_links_in_full() -> None:
    assert social.length("facebook", LINK) == len(LINK)
    assert social.length("instagram", f"Read: {LINK}") == len(f"Read: {LINK}")
    assert social.length("bluesky", LINK) == len(LINK)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cafe\u0301", 4),  # e + combining acute accent: one grapheme
        ("\U0001f469\u200d\U0001f469\u200d\U0001f467", 1),  # a family joined by ZWJ
        ("\u2764\ufe0f", 1),  # heart + variation selector
        ("مرحبا", 5),
        ("芝加哥", 3),
    ],
)
def test_bluesky_counts_graphemes_not_code_points_VII_C_2(text: str, expected: int) -> None:
    assert social.length("bluesky", text) == expected


def test_compose_puts_the_link_after_the_text_on_one_line() -> None:
    assert social.compose("Read   the\ndraft.", LINK) == f"Read the draft. {LINK}"
    assert social.compose("Read the draft.", "") == "Read the draft."


def test_a_text_that_fits_is_left_whole() -> None:
    fitted = social.fit("x", "Read the draft of D22-08.", LINK)
    assert fitted.text == f"Read the draft of D22-08. {LINK}"
    assert fitted.length == len("Read the draft of D22-08. ") + 23
    assert fitted.shortened is False


@pytest.mark.parametrize("platform", ["x", "bluesky"])
def test_fit_shortens_at_a_word_and_never_cuts_the_link_VII_C_2(platform: str) -> None:
    text = " ".join(["The draft of D22-08 is open for comment until the end of the month."] * 8)
    fitted = social.fit(platform, text, LINK)
    assert fitted.shortened is True
    assert fitted.text.endswith(f"… {LINK}")
    assert fitted.length <= social.limit(platform)
    assert social.length(platform, fitted.text) == fitted.length
    before_ellipsis = fitted.text.split("…")[0]
    assert text.startswith(before_ellipsis)
    assert before_ellipsis.split(" ")[-1] in text.split(" ")  # a whole word


def test_fit_cuts_chinese_by_character_as_it_has_no_spaces_and_keeps_the_link_VII_C_2() -> None:
    text = "芝加哥警察局已公布指令草案征求公众意见" * 10
    fitted = social.fit("x", text, LINK)
    assert fitted.shortened is True
    assert fitted.text.endswith(f"… {LINK}")
    assert fitted.length <= 280
    # Each Chinese character weighs 2: about (280 - 23 - 2) / 2 of them fit.
    assert 120 <= len(fitted.text.split("…")[0]) <= 128


@pytest.mark.parametrize("language", ["ar", "hi", "zh-hans", "es", "pl", "en"])
def test_the_posts_of_every_language_fit_every_platform_with_the_link_VII_C_2(
    language: str,
) -> None:
    post = TEXTS[language][2]
    for platform in social.PLATFORMS:
        fitted = social.fit(platform, post, LINK)
        assert fitted.length <= social.limit(platform)
        assert fitted.text.endswith(LINK)
        assert fitted.shortened is False


@pytest.mark.parametrize("language", ["ar", "hi", "zh-hans"])
def test_long_arabic_hindi_and_chinese_texts_are_shortened_within_x(language: str) -> None:
    text = " ".join([TEXTS[language][1]] * 3)
    fitted = social.fit("x", text, LINK)
    assert fitted.shortened is True
    assert fitted.length <= 280
    assert fitted.text.endswith(LINK)
    assert fitted.text.startswith(TEXTS[language][1][:10])


def test_a_link_alone_is_what_is_left_when_nothing_else_fits() -> None:
    fitted = social.fit("bluesky", "word " * 400, "https://example.org/" + "a" * 298)
    assert fitted.text == "https://example.org/" + "a" * 298
    assert fitted.shortened is True
