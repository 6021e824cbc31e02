"""Abuse protection for the anonymous comment form, with no third party and no IP addresses.

Residents comment without an account, so the form has to tell people from scripts on its own.
Four cheap layers, each of which a person never notices:

- a signed form token (``issue_form_token``) that carries everything the check needs, so the
  server keeps no state between showing the form and receiving it;
- a minimum fill time and a honeypot field, which catch the simplest scripts;
- a proof of work solved by ``static/townhall/pow.js`` in the browser, or, for people without
  JavaScript, an arithmetic question whose answer the token holds only as an HMAC;
- a rate limit per client (``rate_limit`` with ``client_key_for``), held only in the cache.

The token is one-time by way of its idempotency key: the caller stores the key on the comment
under a unique constraint, so the same token sent twice (a double click, a replay) finds the
first comment instead of making a second. ``check_submission`` itself stays stateless.

A form that uses this (the field names other than ``pow_nonce`` are the caller's choice)::

    <form method="post" data-pow-challenge="{{ token.challenge }}" data-pow-bits="{{ token.bits }}">
      <input type="hidden" name="form_token" value="{{ token.value }}">
      <input type="hidden" name="pow_nonce" value="">
      <div class="visually-hidden" aria-hidden="true">
        <label>Leave this empty <input name="website" tabindex="-1" autocomplete="off"></label>
      </div>
      <p data-pow-fallback><label>{{ token.question }} <input name="answer" required></label></p>
      <p role="status" data-pow-status data-working="{% translate 'Checking…' %}"></p>
      …
    </form>

The question is there because every page must work without JavaScript; a script can answer it
too, which is why the rate limit stands behind both.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

__all__ = [
    "CheckResult",
    "FormToken",
    "RateResult",
    "check_submission",
    "client_key_for",
    "issue_form_token",
    "rate_limit",
]

_FORM_SALT = "townhall.feedback.antispam.form-token"
_ANSWER_SALT = "townhall.feedback.antispam.answer"
_CLIENT_SALT = "townhall.feedback.antispam.client"
# Bounds on what a sender controls, so a hostile request cannot make the check expensive.
_MAX_TOKEN_LENGTH = 1000
_MAX_NONCE_LENGTH = 64
_MAX_ANSWER_LENGTH = 20
# The question's operands; the answer is then 2..40 and fits any keyboard or input method.
_QUESTION_MIN, _QUESTION_MAX = 1, 20


@dataclass(frozen=True)
class FormToken:
    """What the form template needs: a hidden input value and the two ways to prove effort."""

    value: str
    challenge: str
    bits: int
    question: str
    idempotency_key: str


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    code: str
    message: str
    idempotency_key: str


@dataclass(frozen=True)
class RateResult:
    allowed: bool
    retry_after: int


def _now(now: datetime | None) -> datetime:
    if now is None:
        return timezone.now()
    # A naive datetime's .timestamp() would use the server's local zone; tokens are UTC.
    return now.replace(tzinfo=UTC) if timezone.is_naive(now) else now


def _pow_bits() -> int:
    bits = int(getattr(settings, "TOWNHALL_POW_BITS", 16))
    # Above ~24 bits a phone takes minutes; 0 turns the proof of work into a formality.
    if not 0 <= bits <= 32:
        raise ImproperlyConfigured("TOWNHALL_POW_BITS must be between 0 and 32.")
    return bits


def _seconds(value: object) -> float:
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, int | float | str):
        return float(value)
    raise ImproperlyConfigured(f"Expected a number of seconds or a timedelta, got {value!r}.")


def _answer_digest(*, nonce: str, answer: int) -> str:
    # Keyed and bound to the nonce: the token is only signed, not encrypted, so a plain hash
    # of a number from 2 to 40 would give the answer away to anyone who decodes it.
    return salted_hmac(_ANSWER_SALT, f"{nonce}:{answer}", algorithm="sha256").hexdigest()


def _idempotency_key(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def issue_form_token(*, now: datetime | None = None) -> FormToken:
    """A fresh token for one rendering of the comment form."""
    issued = _now(now)
    nonce = secrets.token_urlsafe(16)
    challenge = secrets.token_hex(16)
    bits = _pow_bits()
    a = _QUESTION_MIN + secrets.randbelow(_QUESTION_MAX - _QUESTION_MIN + 1)
    b = _QUESTION_MIN + secrets.randbelow(_QUESTION_MAX - _QUESTION_MIN + 1)
    payload = {
        "n": nonce,
        "t": int(issued.timestamp() * 1000),
        "c": challenge,
        "b": bits,
        "a": _answer_digest(nonce=nonce, answer=a + b),
    }
    return FormToken(
        value=signing.dumps(payload, salt=_FORM_SALT, compress=False),
        challenge=challenge,
        bits=bits,
        question=_("What is %(a)d plus %(b)d?") % {"a": a, "b": b},
        idempotency_key=_idempotency_key(nonce),
    )


@dataclass(frozen=True)
class _Payload:
    nonce: str
    issued_ms: int
    challenge: str
    bits: int
    answer_digest: str


def _read_token(token: str) -> _Payload | None:
    if not token or len(token) > _MAX_TOKEN_LENGTH:
        return None
    try:
        data = signing.loads(token, salt=_FORM_SALT)
    except signing.BadSignature:
        return None
    # The signature proves we wrote it, but a token from an older release may have another
    # shape; such a token is as unreadable as a forged one.
    if not isinstance(data, dict):
        return None
    nonce, issued, challenge, bits, digest = (data.get(k) for k in ("n", "t", "c", "b", "a"))
    if not (
        isinstance(nonce, str)
        and isinstance(issued, int)
        and isinstance(challenge, str)
        and isinstance(bits, int)
        and isinstance(digest, str)
    ):
        return None
    return _Payload(nonce, issued, challenge, bits, digest)


def _leading_zero_bits(digest: bytes) -> int:
    return len(digest) * 8 - int.from_bytes(digest, "big").bit_length()


def _pow_ok(*, challenge: str, bits: int, nonce: str) -> bool:
    if not nonce or len(nonce) > _MAX_NONCE_LENGTH:
        return False
    digest = hashlib.sha256(f"{challenge}:{nonce}".encode()).digest()
    return _leading_zero_bits(digest) >= bits


def _answer_ok(*, payload: _Payload, answer: str) -> bool:
    cleaned = answer.strip().rstrip(".")
    if not cleaned or len(cleaned) > _MAX_ANSWER_LENGTH:
        return False
    try:
        # int() also reads other scripts' digits (Arabic-Indic, full-width), which people on
        # the translated pages may type.
        value = int(cleaned)
    except ValueError:
        return False
    return constant_time_compare(
        _answer_digest(nonce=payload.nonce, answer=value), payload.answer_digest
    )


def _refuse(code: str, message: str, idempotency_key: str = "") -> CheckResult:
    return CheckResult(ok=False, code=code, message=message, idempotency_key=idempotency_key)


def check_submission(
    *,
    token: str,
    honeypot: str,
    pow_nonce: str,
    question_answer: str,
    now: datetime | None = None,
    require_challenge: bool = True,
) -> CheckResult:
    """Decide whether a comment form submission looks like it came from a person.

    Codes, in the order they are checked: ``bad_token``, ``expired``, ``too_fast``,
    ``honeypot``, ``challenge``, else ``ok``. Every message is translated and written for a
    person who did nothing wrong; the caller shows it and keeps what they typed.
    ``idempotency_key`` is set whenever the token could be read.
    ``require_challenge=False`` skips only the proof of work and the question (signed-in
    Department members); the other checks still apply.
    """
    payload = _read_token(token)
    if payload is None:
        return _refuse(
            "bad_token",
            _("We could not read this form. Please check your comment and send it again."),
        )
    key = _idempotency_key(payload.nonce)
    age = _now(now).timestamp() - payload.issued_ms / 1000
    max_age = _seconds(getattr(settings, "TOWNHALL_FORM_TOKEN_MAX_AGE", 24 * 60 * 60))
    if age > max_age:
        return _refuse(
            "expired",
            _(
                "This form has been open for a long time. "
                "Please check your comment and send it again."
            ),
            key,
        )
    # A negative age (clocks of two servers disagreeing) falls here too, which is harmless.
    if age < _seconds(getattr(settings, "TOWNHALL_MIN_FILL_SECONDS", 3)):
        return _refuse(
            "too_fast",
            _("That was quicker than we expected. Please check your comment and send it again."),
            key,
        )
    if honeypot.strip():
        return _refuse(
            "honeypot",
            _(
                "A field that should stay empty was filled in, perhaps by your browser. "
                "Please check the form and send it again."
            ),
            key,
        )
    if require_challenge and not (
        _pow_ok(challenge=payload.challenge, bits=payload.bits, nonce=pow_nonce)
        or _answer_ok(payload=payload, answer=question_answer)
    ):
        return _refuse(
            "challenge",
            _(
                "Please answer the short question near the end of the form, so we know a "
                "person sent this comment."
            ),
            key,
        )
    return CheckResult(ok=True, code="ok", message="", idempotency_key=key)


def rate_limit(
    *,
    scope: str,
    client_key: str,
    limit: int,
    window_seconds: int,
    now: datetime | None = None,
) -> RateResult:
    """Count one attempt for ``client_key`` in ``scope``; refuse beyond ``limit`` per window.

    A fixed window aligned to the epoch: cheap (one ``add`` and one ``incr``, both atomic on
    Redis) and its ``retry_after`` is exact. The price is that a client can spend two limits
    around a window boundary, which is fine for stopping floods. Refused attempts count too,
    so a script that keeps trying stays refused until the window turns.
    ``scope`` is a short fixed name such as ``"feedback.comment"``.
    """
    if limit < 1 or window_seconds < 1:
        raise ValueError("limit and window_seconds must be positive")
    moment = _now(now).timestamp() if now is not None else time.time()
    window = int(moment // window_seconds)
    cache_key = f"townhall:ratelimit:{scope}:{client_key}:{window}"
    # The slack keeps the counter alive until its window is over, whatever the cache's clock.
    timeout = window_seconds + 5
    cache.add(cache_key, 0, timeout=timeout)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        # The key expired between add and incr (LocMem culls, Redis eviction): start again.
        cache.add(cache_key, 1, timeout=timeout)
        count = 1
    if count <= limit:
        return RateResult(allowed=True, retry_after=0)
    retry_after = max(1, math.ceil((window + 1) * window_seconds - moment))
    return RateResult(allowed=False, retry_after=retry_after)


def _client_address(request: HttpRequest) -> str:
    address = ""
    if getattr(settings, "TOWNHALL_TRUST_X_FORWARDED_FOR", False):
        address = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[0].strip()
    if not address:
        address = request.META.get("REMOTE_ADDR", "")
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        # One IPv6 subscriber usually holds a whole /64, so a per-address key would let one
        # person rotate through billions of keys.
        return str(ipaddress.IPv6Network((parsed, 64), strict=False).network_address)
    return str(parsed)


def client_key_for(request: HttpRequest, *, now: datetime | None = None) -> str:
    """A pseudonymous key for the sender of ``request``, for ``rate_limit`` only.

    The key is HMAC-SHA256 (keyed with ``SECRET_KEY``) of the client address, salted with the
    UTC date and truncated to 128 bits, so it cannot be turned back into the address without
    the secret and no two days' keys can be linked. The address itself is never returned,
    stored or logged, and nothing in the database ever holds it or this key: the key lives
    only in cache entries that expire with their rate-limit window.

    IPv6 addresses are keyed by their /64. With ``TOWNHALL_TRUST_X_FORWARDED_FOR`` the first
    ``X-Forwarded-For`` hop is used instead of ``REMOTE_ADDR``; turn it on only behind a proxy
    that replaces that header, since a client can put anything in a header that is appended to.
    """
    day = _now(now).astimezone(UTC).date().isoformat()
    address = _client_address(request) or "unknown"
    return salted_hmac(f"{_CLIENT_SALT}:{day}", address, algorithm="sha256").hexdigest()[:32]


def screen(
    request: HttpRequest,
    *,
    scope: str,
    limit: int,
    window_seconds: int,
    require_challenge: bool | None = None,
) -> tuple[RateResult, CheckResult | None]:
    """A public form's POST through every check, in order: the rate limit for this
    connection (cache only), then the token, honeypot, fill time and proof of work or
    question. The check is None when the rate limit already refused. The challenge is asked
    of anyone not signed in unless `require_challenge` says otherwise (a survey's
    single-use invitation link proves enough)."""
    rate = rate_limit(
        scope=scope,
        client_key=client_key_for(request),
        limit=limit,
        window_seconds=window_seconds,
    )
    if not rate.allowed:
        return rate, None
    return rate, check_submission(
        token=request.POST.get("form_token", ""),
        honeypot=request.POST.get("website", ""),
        pow_nonce=request.POST.get("pow_nonce", ""),
        question_answer=request.POST.get("challenge_answer", ""),
        require_challenge=(
            not request.user.is_authenticated if require_challenge is None else require_challenge
        ),
    )
