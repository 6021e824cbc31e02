"""Anonymous by construction (seed 002 V-C-2; the issue's core): the schema has nowhere to put
who answered or when to the minute, and an answer sent through the real public form leaves no
client address, user agent, referrer, cookie, session or audit row behind, in the stored row,
the whole database or the logs."""

from __future__ import annotations

import datetime
import io
import logging
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import models
from django.test import Client, RequestFactory
from django.utils import timezone

from townhall.core.models import AuditEvent
from townhall.feedback import antispam
from townhall.feedback.tests.helpers import solve
from townhall.meetings.models import Registration
from townhall.surveys import responses
from townhall.surveys.models import (
    Answered,
    Invitation,
    InvitationBatch,
    Response,
    SubmissionKey,
    Survey,
)
from townhall.surveys.tests.factories import open_survey

ADDRESS = "203.0.113.77"
AGENT = "UniqueAgent/9.9"
REFERRER = "https://news.example.org/foot-pursuit-story-5521"
ANSWER = "Officer chased my cousin past the Roosevelt Road laundromat, zebra-7781."
IDENTIFYING = re.compile(r"user|session|address|agent|refer|cookie|hash|token|fingerprint")

# --- the schema ---------------------------------------------------------------------------------


def _fields(model: type[models.Model]) -> list[Any]:
    return list(model._meta.get_fields())


def test_response_has_no_link_to_a_user_V_C_2() -> None:
    user_model = get_user_model()
    for field in _fields(Response):
        assert not (field.is_relation and field.related_model is user_model), field.name
    relations = {f.name: f.related_model for f in _fields(Response) if f.is_relation}
    assert relations == {"survey": Survey}


def test_response_has_no_field_for_who_or_where_from_V_C_2() -> None:
    for field in _fields(Response):
        name = field.name.lower()
        assert not IDENTIFYING.search(name), name
        assert "ip" not in name.split("_"), name
        assert not isinstance(field, models.GenericIPAddressField), name


def test_response_keeps_the_day_only_V_C_2() -> None:
    for field in _fields(Response):
        assert not isinstance(field, models.DateTimeField | models.TimeField), field.name
    dates = [f.name for f in _fields(Response) if isinstance(f, models.DateField)]
    assert dates == ["received_on"]


def test_response_key_is_random_so_it_tells_no_order_V_C_2() -> None:
    pk = Response._meta.pk
    assert isinstance(pk, models.UUIDField)
    assert pk.default is uuid.uuid4  # uuid1 would carry the time and the machine
    assert not any(isinstance(f, models.AutoField) for f in _fields(Response))
    assert Response._meta.ordering == ["id"]


def test_answered_says_only_that_a_member_answered_V_C_2() -> None:
    assert {f.name for f in _fields(Answered)} == {"id", "survey", "user"}
    for field in _fields(Answered):
        assert not isinstance(field, models.DateField | models.TimeField), field.name
    assert isinstance(Answered._meta.pk, models.UUIDField)


def test_invitation_holds_no_recipient_V_D_4() -> None:
    names = {f.name for f in _fields(Invitation)}
    assert names == {"id", "survey", "batch", "token_hash", "used"}
    assert not any("email" in n or "registration" in n for n in names)
    for field in _fields(Invitation):
        assert not (field.is_relation and field.related_model in (Registration, get_user_model()))
        assert not isinstance(field, models.DateField | models.TimeField), field.name
    # Nothing links a response to the invitation it used.
    assert not any(f.is_relation and f.related_model is Invitation for f in _fields(Response))
    assert not any(f.is_relation and f.related_model is Response for f in _fields(Invitation))
    assert InvitationBatch._meta.get_field("registrations").related_model is Registration


def test_submission_key_is_kept_apart_from_the_answer() -> None:
    assert {f.name for f in _fields(SubmissionKey)} == {"id", "key"}
    assert not any(f.is_relation for f in _fields(SubmissionKey))
    assert not any(
        isinstance(f, models.DateField | models.TimeField) for f in _fields(SubmissionKey)
    )


# --- an answer through the real form ------------------------------------------------------------


class Collect(logging.Handler):
    """Every log record, with its arguments and extra attributes as text."""

    STANDARD = set(vars(logging.makeLogRecord({})))

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name}: {record.getMessage()} {record.args!r}")
        extras = {k: v for k, v in vars(record).items() if k not in self.STANDARD}
        if extras:
            self.lines.append(repr(extras))
        if record.exc_info:
            self.lines.append(logging.Formatter().formatException(record.exc_info))

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@pytest.fixture
def all_logs() -> Iterator[Collect]:
    """Every logger at DEBUG, those that do not propagate (django.request) included."""
    handler = Collect()
    loggers = [logging.getLogger()] + [
        logging.getLogger(name) for name in list(logging.root.manager.loggerDict)
    ]
    levels = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
    try:
        yield handler
    finally:
        for logger, level in levels:
            logger.setLevel(level)
            logger.removeHandler(handler)


def _later() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=10)


def _form_token(page: str) -> str:
    match = re.search(r'name="form_token" value="([^"]+)"', page)
    assert match, "the survey form has no form token"
    return match.group(1)


def _send(client: Client, url: str, answers: dict[str, str], **headers: str) -> Any:
    """GET the form and POST it back the way a browser without JavaScript does."""
    page = client.get(url, **headers)
    assert page.status_code == 200, page.status_code
    token = _form_token(page.text)
    payload = {**answers, "form_token": token, "pow_nonce": "", "website": ""}
    if 'name="challenge_answer"' in page.text:
        payload["challenge_answer"] = solve(token)
    with time_machine.travel(_later(), tick=True):
        return client.post(url, payload, **headers), page


HEADERS = {"REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": AGENT, "HTTP_REFERER": REFERRER}


def _dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out, indent=None)
    return out.getvalue()


@pytest.mark.django_db
def test_a_web_answer_leaves_no_address_agent_or_referrer_anywhere_V_C_2(persona, all_logs) -> None:
    survey = open_survey(persona)
    audit_before = AuditEvent.objects.count()
    sessions_before = Session.objects.count()
    client = Client()
    response, page = _send(
        client,
        f"/surveys/{survey.slug}/",
        {"q-q1": "yes", "q-q2": ANSWER, "q-q3": "2", "q-q6": "25_34"},
        **HEADERS,
    )
    assert response.status_code == 302, response.content[:2000]
    assert response["Location"] == f"/surveys/{survey.slug}/thanks/"

    stored = Response.objects.get(survey=survey)
    assert stored.answers["q2"] == ANSWER
    assert stored.channel == "web" and stored.audience == "public"
    assert stored.received_on == timezone.localdate()
    values = " ".join(str(getattr(stored, f.attname)) for f in Response._meta.concrete_fields)
    for secret in (ADDRESS, AGENT, REFERRER):
        assert secret not in values

    dump = _dump()
    assert ANSWER in dump  # the dump is the whole database, answer included
    request = RequestFactory().post("/", REMOTE_ADDR=ADDRESS)
    for secret in (ADDRESS, AGENT, REFERRER, "news.example.org", antispam.client_key_for(request)):
        assert secret not in dump, secret

    for secret in (ADDRESS, AGENT, ANSWER, "zebra-7781"):
        assert secret not in all_logs.text, secret

    assert AuditEvent.objects.count() == audit_before
    assert Session.objects.count() == sessions_before
    for sent in (page, response):
        assert set(sent.cookies) <= {"csrftoken"}, set(sent.cookies)
    assert set(client.cookies) <= {"csrftoken"}
    assert "receipt" not in response["Location"] and str(stored.pk) not in response["Location"]


@pytest.mark.django_db
def test_the_thank_you_page_carries_no_id_and_no_receipt_V_C_2(persona) -> None:
    survey = open_survey(persona)
    client = Client()
    response, _page = _send(client, f"/surveys/{survey.slug}/", {"q-q1": "no"}, **HEADERS)
    thanks = client.get(response["Location"], **HEADERS)
    assert thanks.status_code == 200
    stored = Response.objects.get(survey=survey)
    assert str(stored.pk) not in thanks.text and stored.pk.hex not in thanks.text
    assert set(thanks.cookies) <= {"csrftoken"}


@pytest.mark.django_db
def test_survey_pages_are_not_cached_and_send_no_referrer_elsewhere(persona) -> None:
    survey = open_survey(persona)
    client = Client()
    response, page = _send(client, f"/surveys/{survey.slug}/", {"q-q1": "no"}, **HEADERS)
    for sent in (page, response):
        assert sent["Cache-Control"] == "no-store"
        assert sent["Referrer-Policy"] in ("same-origin", "no-referrer")


@pytest.mark.django_db
def test_an_invited_answer_leaves_no_trace_of_its_link_V_D_4(persona, all_logs) -> None:
    survey = open_survey(persona, access=Survey.Access.INVITATION)
    _batch, (token,) = responses.invitations_make(actor=persona("oee"), survey=survey, count=1)
    client = Client()
    url = f"/surveys/{survey.slug}/i/{token}/"
    response, _page = _send(client, url, {"q-q1": "yes", "q-q2": ANSWER}, **HEADERS)
    assert response.status_code == 302
    assert Invitation.objects.get(survey=survey).used
    dump = _dump()
    for secret in (token, ADDRESS, AGENT, REFERRER):
        assert secret not in dump
    for secret in (token, ADDRESS, ANSWER):
        assert secret not in all_logs.text
    assert set(client.cookies) <= {"csrftoken"}
    # The link answers once.
    assert client.get(url, **HEADERS).status_code == 410
    assert Response.objects.filter(survey=survey).count() == 1


@pytest.mark.django_db
def test_a_members_answer_through_the_form_is_stored_unlinked_V_C_2(persona, client_as) -> None:
    member = persona("department_member")
    survey = open_survey(persona, audience=Survey.Audience.DEPARTMENT)
    client = client_as("department_member")
    response, _page = _send(client, f"/surveys/{survey.slug}/", {"q-q1": "no", "q-q3": "5"})
    assert response.status_code == 302
    assert Answered.objects.filter(survey=survey, user=member).exists()
    stored = Response.objects.get(survey=survey)
    assert stored.audience == "department"
    values = [str(getattr(stored, f.attname)) for f in Response._meta.concrete_fields]
    for identifier in (member.username, member.email):
        assert not any(identifier in v for v in values)
    assert not AuditEvent.objects.filter(object_type__icontains="response").exists()


def test_the_survey_script_keeps_nothing_in_the_browser() -> None:
    script = Path(__file__).resolve().parents[2] / "static" / "townhall" / "surveys.js"
    source = script.read_text(encoding="utf-8")
    for storage in ("localStorage", "sessionStorage", "document.cookie", "indexedDB"):
        assert storage not in source, storage
