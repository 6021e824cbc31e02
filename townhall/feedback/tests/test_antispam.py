from __future__ import annotations

import hashlib
import itertools
from datetime import UTC, datetime, timedelta

import pytest
from django.core import signing
from django.test import RequestFactory, override_settings

from townhall.feedback.antispam import (
    CheckResult,
    FormToken,
    check_submission,
    client_key_for,
    issue_form_token,
    rate_limit,
)

ISSUED = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
LATER = ISSUED + timedelta(minutes=5)


def _leading_zero_bits(digest: bytes) -> int:
    return len(digest) * 8 - int.from_bytes(digest, "big").bit_length()


def _solve(challenge: str, bits: int) -> str:
    for n in itertools.count():
        digest = hashlib.sha256(f"{challenge}:{n}".encode()).digest()
        if _leading_zero_bits(digest) >= bits:
            return str(n)
    raise AssertionError("unreachable")


def _unsolved(challenge: str, bits: int) -> str:
    for n in itertools.count():
        digest = hashlib.sha256(f"{challenge}:{n}".encode()).digest()
        if _leading_zero_bits(digest) < bits:
            return str(n)
    raise AssertionError("unreachable")


def _check(form: FormToken, /, **overrides: object) -> CheckResult:
    values: dict[str, object] = {
        "token": form.value,
        "honeypot": "",
        "pow_nonce": _solve(form.challenge, form.bits),
        "question_answer": "",
        "now": LATER,
    }
    values.update(overrides)
    return check_submission(**values)


@pytest.fixture(autouse=True)
def _easy_pow():
    with override_settings(TOWNHALL_POW_BITS=8):
        yield


def test_token_round_trip() -> None:
    token = issue_form_token(now=ISSUED)
    assert token.bits == 8
    assert len(token.challenge) == 32
    assert token.question.startswith("What is ")
    result = _check(token)
    assert result == CheckResult(
        ok=True, code="ok", message="", idempotency_key=token.idempotency_key
    )


def test_token_does_not_hold_the_answer_in_plain_text() -> None:
    token = issue_form_token(now=ISSUED)
    a, b = (int(word) for word in token.question.rstrip("?").split() if word.isdigit())
    payload = signing.loads(token.value, salt="townhall.feedback.antispam.form-token")
    # Only a digest of the answer travels; "b" (the proof-of-work bits) may equal it by chance.
    assert payload["a"] != str(a + b) and len(payload["a"]) > 16
    assert str(a + b) not in {str(v) for k, v in payload.items() if k != "b"}
    assert token.challenge == payload["c"]


def test_tampered_token_is_bad_token() -> None:
    token = issue_form_token(now=ISSUED)
    value, signature = token.value.rsplit(":", 1)
    forged = FormToken(
        value=f"{value}:{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}",
        challenge=token.challenge,
        bits=token.bits,
        question=token.question,
        idempotency_key=token.idempotency_key,
    )
    result = _check(forged)
    assert (result.ok, result.code, result.idempotency_key) == (False, "bad_token", "")
    assert result.message
    assert _check(token, token="").code == "bad_token"
    assert _check(token, token="not a token").code == "bad_token"
    assert _check(token, token="x" * 5000).code == "bad_token"


def test_token_with_a_lowered_difficulty_is_bad_token() -> None:
    token = issue_form_token(now=ISSUED)
    salt = "townhall.feedback.antispam.form-token"
    payload = signing.loads(token.value, salt=salt)
    payload["b"] = 0
    forged = signing.dumps(payload, salt=salt, key="a-guess-at-the-secret-key")
    assert _check(token, token=forged, pow_nonce="1").code == "bad_token"


def test_token_from_another_signing_salt_is_bad_token() -> None:
    token = issue_form_token(now=ISSUED)
    other = signing.dumps(
        signing.loads(token.value, salt="townhall.feedback.antispam.form-token"), salt="other"
    )
    assert _check(token, token=other).code == "bad_token"


def test_expired_token() -> None:
    token = issue_form_token(now=ISSUED)
    assert _check(token, now=ISSUED + timedelta(hours=23, minutes=59)).ok
    result = _check(token, now=ISSUED + timedelta(hours=24, seconds=1))
    assert (result.ok, result.code) == (False, "expired")
    assert result.idempotency_key == token.idempotency_key
    with override_settings(TOWNHALL_FORM_TOKEN_MAX_AGE=60):
        assert _check(token, now=ISSUED + timedelta(seconds=61)).code == "expired"


def test_too_fast() -> None:
    token = issue_form_token(now=ISSUED)
    result = _check(token, now=ISSUED + timedelta(seconds=2))
    assert (result.ok, result.code) == (False, "too_fast")
    assert result.message == (
        "That was quicker than we expected. Please check your comment and send it again."
    )
    assert _check(token, now=ISSUED + timedelta(seconds=3)).ok
    with override_settings(TOWNHALL_MIN_FILL_SECONDS=10):
        assert _check(token, now=ISSUED + timedelta(seconds=9)).code == "too_fast"


def test_honeypot() -> None:
    token = issue_form_token(now=ISSUED)
    result = _check(token, honeypot="http://spam.example")
    assert (result.ok, result.code) == (False, "honeypot")
    assert result.message
    assert _check(token, honeypot="  ").ok


def test_proof_of_work_valid_and_invalid_nonces() -> None:
    token = issue_form_token(now=ISSUED)
    good = _solve(token.challenge, 8)
    assert _check(token, pow_nonce=good).ok
    bad = _check(token, pow_nonce=_unsolved(token.challenge, 8))
    assert (bad.ok, bad.code) == (False, "challenge")
    assert bad.message
    assert _check(token, pow_nonce="").code == "challenge"
    assert _check(token, pow_nonce=good + "0" * 100).code == "challenge"
    # The nonce is checked against the challenge signed into the token, not one sent along.
    other = issue_form_token(now=ISSUED)
    foreign = next(
        str(n)
        for n in itertools.count()
        if _leading_zero_bits(hashlib.sha256(f"{other.challenge}:{n}".encode()).digest()) >= 8
        and _leading_zero_bits(hashlib.sha256(f"{token.challenge}:{n}".encode()).digest()) < 8
    )
    assert _check(token, pow_nonce=foreign).code == "challenge"


def test_proof_of_work_difficulty_comes_from_the_token() -> None:
    with override_settings(TOWNHALL_POW_BITS=12):
        token = issue_form_token(now=ISSUED)
    assert token.bits == 12
    nonce = _solve(token.challenge, 12)
    assert _check(token, pow_nonce=nonce).ok
    weak = next(
        str(n)
        for n in itertools.count()
        if 8 <= _leading_zero_bits(hashlib.sha256(f"{token.challenge}:{n}".encode()).digest()) < 12
    )
    assert _check(token, pow_nonce=weak).code == "challenge"


@override_settings(TOWNHALL_POW_BITS=99)
def test_unreasonable_difficulty_is_a_configuration_error() -> None:
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        issue_form_token()


def _correct_answers(token: FormToken) -> list[int]:
    return [n for n in range(41) if _check(token, pow_nonce="", question_answer=str(n)).ok]


def test_question_fallback_right_and_wrong_answers() -> None:
    token = issue_form_token(now=ISSUED)
    answers = _correct_answers(token)
    assert len(answers) == 1
    a, b = (int(word) for word in token.question.rstrip("?").split() if word.isdigit())
    assert answers == [a + b]
    assert _check(token, pow_nonce="", question_answer=f" {a + b} ").ok
    wrong = _check(token, pow_nonce="", question_answer=str(a + b + 1))
    assert (wrong.ok, wrong.code) == (False, "challenge")
    assert _check(token, pow_nonce="", question_answer="").code == "challenge"
    assert _check(token, pow_nonce="", question_answer="eleven").code == "challenge"


def test_question_accepts_digits_of_other_scripts() -> None:
    token = issue_form_token(now=ISSUED)
    (answer,) = _correct_answers(token)
    arabic_indic = "".join(chr(0x0660 + int(d)) for d in str(answer))
    assert _check(token, pow_nonce="", question_answer=arabic_indic).ok


def test_question_is_translated() -> None:
    from django.utils import translation

    with translation.override("es"):
        token = issue_form_token(now=ISSUED)
    assert any(ch.isdigit() for ch in token.question)


def test_challenge_can_be_skipped_for_signed_in_members() -> None:
    token = issue_form_token(now=ISSUED)
    assert _check(token, pow_nonce="", require_challenge=False).ok
    # The other checks still apply.
    assert _check(token, pow_nonce="", require_challenge=False, honeypot="x").code == "honeypot"


def test_same_token_twice_gives_the_same_idempotency_key() -> None:
    token = issue_form_token(now=ISSUED)
    first, second = _check(token), _check(token)
    assert first.ok and second.ok
    assert first.idempotency_key == second.idempotency_key == token.idempotency_key
    assert len(token.idempotency_key) == 64
    other = issue_form_token(now=ISSUED)
    assert other.idempotency_key != token.idempotency_key
    assert _check(other).idempotency_key != first.idempotency_key


def test_naive_now_is_read_as_utc() -> None:
    token = issue_form_token(now=ISSUED.replace(tzinfo=None))
    assert _check(token, now=LATER).ok


def test_rate_limit_allows_limit_then_refuses() -> None:
    now = datetime(2026, 3, 2, 15, 0, 10, tzinfo=UTC)
    for _ in range(3):
        assert rate_limit(scope="test", client_key="a", limit=3, window_seconds=60, now=now).allowed
    refused = rate_limit(scope="test", client_key="a", limit=3, window_seconds=60, now=now)
    assert not refused.allowed
    assert refused.retry_after == 50
    # Another client, or another scope, has its own count.
    assert rate_limit(scope="test", client_key="b", limit=3, window_seconds=60, now=now).allowed
    assert rate_limit(scope="other", client_key="a", limit=3, window_seconds=60, now=now).allowed
    # The next window starts afresh.
    next_window = now + timedelta(seconds=50)
    assert rate_limit(
        scope="test", client_key="a", limit=3, window_seconds=60, now=next_window
    ).allowed


def test_rate_limit_on_the_clock() -> None:
    # A window of ~31 years, so the test cannot straddle two windows.
    window = 10**9
    assert rate_limit(scope="test", client_key="c", limit=1, window_seconds=window).allowed
    refused = rate_limit(scope="test", client_key="c", limit=1, window_seconds=window)
    assert not refused.allowed
    assert 0 < refused.retry_after <= window


def test_rate_limit_rejects_nonsense_limits() -> None:
    with pytest.raises(ValueError):
        rate_limit(scope="test", client_key="a", limit=0, window_seconds=60)


def _request(addr: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": addr}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/comment", **extra)


def test_client_key_never_contains_the_address_and_changes_daily() -> None:
    address = "203.0.113.45"
    day_one = client_key_for(_request(address), now=ISSUED)
    assert address not in day_one
    assert len(day_one) == 32
    assert client_key_for(_request(address), now=ISSUED + timedelta(hours=1)) == day_one
    assert client_key_for(_request(address), now=ISSUED + timedelta(days=1)) != day_one
    assert client_key_for(_request("203.0.113.46"), now=ISSUED) != day_one


def test_client_key_uses_x_forwarded_for_only_when_trusted() -> None:
    behind_proxy = _request("10.0.0.1", forwarded="198.51.100.7, 10.0.0.1")
    direct = client_key_for(_request("198.51.100.7"), now=ISSUED)
    proxy = client_key_for(_request("10.0.0.1"), now=ISSUED)
    assert client_key_for(behind_proxy, now=ISSUED) == proxy
    with override_settings(TOWNHALL_TRUST_X_FORWARDED_FOR=True):
        assert client_key_for(behind_proxy, now=ISSUED) == direct
        # No header: the connection's address.
        assert client_key_for(_request("10.0.0.1"), now=ISSUED) == proxy


def test_client_key_groups_an_ipv6_subscriber_by_prefix() -> None:
    one = client_key_for(_request("2001:db8:1:2::1"), now=ISSUED)
    assert one == client_key_for(_request("2001:db8:1:2:ffff::9"), now=ISSUED)
    assert one != client_key_for(_request("2001:db8:1:3::1"), now=ISSUED)
    assert "2001" not in one
    assert client_key_for(_request("::ffff:203.0.113.45"), now=ISSUED) == client_key_for(
        _request("203.0.113.45"), now=ISSUED
    )


def test_client_key_depends_on_the_secret_key() -> None:
    key = client_key_for(_request("203.0.113.45"), now=ISSUED)
    with override_settings(SECRET_KEY="another-secret-key-for-this-test-only-0123456789"):
        assert client_key_for(_request("203.0.113.45"), now=ISSUED) != key
