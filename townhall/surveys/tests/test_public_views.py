"""The public survey pages (seed 002 V-C-2 anonymous surveys, V-D-4 post-engagement surveys):
the list, the form of every kind of question with and without JavaScript, conditional
questions, single-use invitations, Department members' surveys, the thank-you page without a
receipt, and the published results with their small cells suppressed.

The form is filled in the way a browser without JavaScript does: the arithmetic question
answered instead of the proof of work, and every question shown (a conditional one with its
note)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from townhall.accounts.models import User
from townhall.feedback.tests.helpers import form_fields, solve
from townhall.surveys import publishing, responses, services
from townhall.surveys.answers import LONG_TEXT_MAX
from townhall.surveys.models import Answered, Invitation, Response, Survey
from townhall.surveys.tests import factories as f

pytestmark = pytest.mark.django_db
Persona = Callable[[str], User]

WHAT_HAPPENED = (
    "Two officers chased a teenager down the alley behind our building at night. "
    "The policy should have required them to call for backup and stop once he climbed the fence."
)


def url(survey: Survey, suffix: str = "", *, lang: str = "") -> str:
    prefix = f"/{lang}" if lang else ""
    return f"{prefix}/surveys/{survey.slug}/{suffix}"


def get_form(client: Client, address: str, *, at: datetime.datetime) -> dict[str, str]:
    """GET the form 10 seconds before `at`; its token, with the question answered."""
    with time_machine.travel(at - datetime.timedelta(seconds=10), tick=False):
        page = client.get(address)
    assert page.status_code == 200, page.status_code
    fields = form_fields(page.text)
    return {**fields, "challenge_answer": solve(fields["form_token"])}


def post(client: Client, address: str, data: dict[str, Any], **kwargs: Any) -> Any:
    """GET the form, then send it, as a person without JavaScript would."""
    at = timezone.now() + datetime.timedelta(seconds=10)
    fields = get_form(client, address, at=at)
    with time_machine.travel(at, tick=False):
        return client.post(address, {**data, **fields}, **kwargs)


def full_answers(**overrides: Any) -> dict[str, Any]:
    """Every kind of question answered: yes/no, its conditional free text, a Likert point, a
    ranking, a matrix and the demographics block."""
    data: dict[str, Any] = {
        "q-q1": "yes",
        "q-q2": WHAT_HAPPENED,
        "q-q3": "4",
        "q-q4-life": "1",
        "q-q4-offense": "3",
        "q-q4-alternatives": "2",
        "q-q5-s31": "5",
        "q-q5-s30": "4",
        "q-q5-s34": "2",
        "q-q6": "25_34",
        "q-q7": "black",
        "q-q8": "woman",
        "q-q9": "7",
        "q-q10": "yes",
    }
    data.update(overrides)
    return data


def checked(html: str, name: str, value: str) -> bool:
    pattern = rf'<input type="(radio|checkbox)" id="[^"]+" name="{re.escape(name)}" value="{re.escape(value)}" checked>'
    return re.search(pattern, html) is not None


def selected(html: str, name: str, value: str) -> bool:
    select = re.search(
        rf'<select id="[^"]+" name="{re.escape(name)}"[^>]*>(.*?)</select>', html, re.S
    )
    assert select, name
    return f'<option value="{value}" selected>' in select.group(1)


def only_response(survey: Survey) -> Response:
    (response,) = Response.objects.filter(survey=survey)
    return response


# --- The list and the navigation --------------------------------------------------------------


def test_the_list_shows_open_surveys_with_their_closing_date_and_published_results(
    client: Client, persona: Persona
) -> None:
    survey = f.open_survey(persona)
    draft = f.draft_survey(persona, title={"en": "A draft nobody may see yet"}, languages=["en"])
    invited = f.open_survey(
        persona,
        access=Survey.Access.INVITATION,
        title={"en": "Post-meeting feedback"},
        languages=["en"],
    )
    html = client.get("/surveys/").text
    assert f.TITLE["en"] in html and f'href="{url(survey)}"' in html
    assert "Open until" in html
    assert draft.title["en"] not in html
    # Invitation-only surveys are reached through their links, not listed.
    assert invited.title["en"] not in html
    assert "No survey results are published yet." in html


def test_the_main_navigation_and_the_get_involved_page_link_to_surveys(client: Client) -> None:
    assert 'href="/surveys/"' in client.get("/").text
    assert 'href="/surveys/"' in client.get("/get-involved/").text


def test_every_survey_page_is_never_cached_and_sends_no_referrer_to_other_sites(
    client: Client, persona: Persona
) -> None:
    survey = f.open_survey(persona)
    for address in ("/surveys/", url(survey), url(survey, "thanks/")):
        page = client.get(address)
        assert page.status_code == 200, address
        assert "no-store" in page["Cache-Control"], address
        assert page["Referrer-Policy"] == "same-origin", address


def test_an_unknown_slug_a_draft_and_a_scheduled_survey_are_404(
    client: Client, persona: Persona
) -> None:
    draft = f.draft_survey(persona)
    scheduled = f.draft_survey(persona, title={"en": "Scheduled"}, languages=["en"])
    services.survey_schedule(actor=persona("oee"), survey=scheduled)
    for survey in (draft, scheduled):
        assert client.get(url(survey)).status_code == 404
        assert client.get(url(survey, "thanks/")).status_code == 404
        assert client.get(url(survey, "results/")).status_code == 404
    assert client.get("/surveys/no-such-survey/").status_code == 404


# --- The form: every kind of question ---------------------------------------------------------


def test_the_form_asks_every_kind_of_question_with_fieldsets_and_labels(
    client: Client, persona: Persona
) -> None:
    survey = f.open_survey(persona)
    page = client.get(url(survey))
    html = page.text
    assert page.status_code == 200
    assert f.INTRO["en"] in html
    # Single choice: radios in a fieldset whose legend is the numbered question.
    assert re.search(
        r"<fieldset[^>]*>\s*<legend><span class=\"q-number\">1\.</span> Have you seen", html
    )
    assert 'name="q-q1" value="yes"' in html and 'name="q-q1" value="no"' in html
    # Long text: a labelled textarea with its character limit.
    assert '<label for="q-q2">' in html and '<textarea id="q-q2" name="q-q2"' in html
    assert 'data-max="5000"' in html
    # Likert: the five points.
    assert html.count('name="q-q3"') == 5 and "Neither agree nor disagree" in html
    # Ranking: one labelled select per item.
    for item in ("life", "offense", "alternatives"):
        assert re.search(rf'<select id="q-q4-item-\d" name="q-q4-{item}">', html)
    assert "Not ranked" in html
    # Matrix: one fieldset of radios per statement.
    assert html.count('class="matrix-row"') == 3
    assert html.count('name="q-q5-s31"') == 5
    assert "Global transparency is a must." in html
    # Demographics: radios with "Prefer not to say" as the empty answer; district a select.
    for name in ("q-q6", "q-q7", "q-q8", "q-q10"):
        assert (
            f'name="{name}" value=""> <label for="{name}-opt-0">Prefer not to say</label>' in html
        )
    assert '<select id="q-q9" name="q-q9">' in html
    assert '<option value="" selected>Prefer not to say</option>' in html
    assert "007 Englewood" in html
    # Strict CSP: scripts are files loaded with defer, nothing inline.
    assert '<script src="/static/townhall/surveys.js" defer></script>' in html
    assert "<script>" not in html and "style=" not in html


def test_a_conditional_question_shows_without_javascript_with_its_note_and_data_for_the_script(
    client: Client, persona: Persona
) -> None:
    survey = f.open_survey(persona)
    html = client.get(url(survey)).text
    assert "Answer this only if you answered “Yes” to question 1." in html
    assert 'data-show-if="q-q1" data-show-values="[&quot;yes&quot;]"' in html
    # The note is read with the question.
    assert 'aria-describedby="q-q2-note q-q2-count"' in html


def test_a_complete_answer_of_every_kind_is_stored_and_leads_to_the_thank_you_page_V_C_2(
    client: Client, persona: Persona
) -> None:
    survey = f.open_survey(persona)
    response = post(client, url(survey), full_answers())
    assert response.status_code == 302
    assert response["Location"] == url(survey, "thanks/")
    stored = only_response(survey)
    assert stored.answers == {
        "q1": "yes",
        "q2": WHAT_HAPPENED,
        "q3": "4",
        "q4": ["life", "alternatives", "offense"],
        "q5": {"s31": "5", "s30": "4", "s34": "2"},
        "q6": "25_34",
        "q7": "black",
        "q8": "woman",
        "q9": "7",
        "q10": "yes",
    }
    assert stored.audience == Response.Audience.PUBLIC
    assert stored.channel == Response.Channel.WEB
    assert stored.language == "en"
    assert stored.received_on == timezone.localdate()


def test_prefer_not_to_say_and_unranked_items_store_nothing_for_them(
    client: Client, persona: Persona
) -> None:
    survey = f.open_survey(persona)
    data = full_answers(**{"q-q1": "no", "q-q6": "", "q-q9": "", "q-q4-offense": ""})
    data["q-q4-alternatives"] = ""
    data.pop("q-q2")
    assert post(client, url(survey), data).status_code == 302
    answers = only_response(survey).answers
    assert "q6" not in answers and "q9" not in answers
    assert answers["q4"] == ["life"]


def test_without_javascript_the_conditional_answer_is_dropped_when_q1_is_no_V_C_2(
    client: Client, persona: Persona
) -> None:
    survey = f.open_survey(persona)
    response = post(client, url(survey), full_answers(**{"q-q1": "no"}))
    assert response.status_code == 302
    answers = only_response(survey).answers
    assert answers["q1"] == "no" and "q2" not in answers


def test_the_conditional_question_is_required_when_q1_is_yes_and_every_typed_value_is_kept(
    client: Client, persona: Persona
) -> None:
    survey = f.open_survey(persona)
    data = full_answers(**{"q-q2": "   "})
    page = post(client, url(survey), data)
    assert page.status_code == 400
    html = page.text
    assert not Response.objects.filter(survey=survey).exists()
    # The summary at the top links to the question at fault, described by its error.
    assert 'id="error-summary"' in html and 'href="#q-q2"' in html
    assert "Please answer this question." in html
    assert 'aria-describedby="q-q2-note q-q2-error q-q2-count"' in html
    # Nothing typed is lost.
    assert checked(html, "q-q1", "yes")
    assert checked(html, "q-q3", "4")
    assert selected(html, "q-q4-life", "1") and selected(html, "q-q4-offense", "3")
    assert checked(html, "q-q5-s31", "5") and checked(html, "q-q5-s34", "2")
    assert checked(html, "q-q6", "25_34") and checked(html, "q-q8", "woman")
    assert selected(html, "q-q9", "7")
    assert checked(html, "q-q10", "yes")


def test_an_error_keeps_the_typed_text_and_the_choices_of_a_multiple_choice(
    client: Client, persona: Persona
) -> None:
    survey = f.draft_survey(persona, questions=False)
    oee = persona("oee")
    services.question_add(
        actor=oee,
        survey=survey,
        details=services.QuestionDetails(
            kind="multiple",
            text={"en": "Where have you seen foot pursuits?", "es": "¿Dónde?", "pl": "Gdzie?"},
            options=[
                {
                    "key": "street",
                    "label": {"en": "On the street", "es": "En la calle", "pl": "Na ulicy"},
                },
                {
                    "key": "transit",
                    "label": {"en": "On CTA transit", "es": "En el CTA", "pl": "W CTA"},
                },
                {
                    "key": "school",
                    "label": {
                        "en": "Near a school",
                        "es": "Cerca de una escuela",
                        "pl": "Przy szkole",
                    },
                },
            ],
        ),
    )
    services.question_add(
        actor=oee,
        survey=survey,
        details=services.QuestionDetails(
            kind="short_text",
            text={
                "en": "In one line, what matters most?",
                "es": "¿Qué importa más?",
                "pl": "Co jest najważniejsze?",
            },
            required=True,
        ),
    )
    services.question_add(
        actor=oee,
        survey=survey,
        details=services.QuestionDetails(
            kind="rating",
            text={
                "en": "Rate the interim policy.",
                "es": "Califique la política.",
                "pl": "Oceń zasady.",
            },
            scale_max=5,
        ),
    )
    services.survey_schedule(actor=oee, survey=survey)
    services.survey_open(actor=oee, survey=survey)
    page = client.get(url(survey))
    assert page.text.count('type="checkbox"') == 3 and '<input type="text" id="q-q2"' in page.text
    assert "Up to 300 characters." in page.text
    page = post(
        client,
        url(survey),
        {"q-q1": ["street", "school"], "q-q2": "x" * 301, "q-q3": "4"},
    )
    assert page.status_code == 400
    assert "Please keep this to 300 characters." in page.text
    assert checked(page.text, "q-q1", "street") and checked(page.text, "q-q1", "school")
    assert not checked(page.text, "q-q1", "transit")
    assert 'value="' + "x" * 301 + '"' in page.text
    assert checked(page.text, "q-q3", "4")
    page = post(client, url(survey), {"q-q1": ["street", "school"], "q-q2": "Safety first."})
    assert page.status_code == 302
    assert only_response(survey).answers == {"q1": ["street", "school"], "q2": "Safety first."}


def test_an_empty_form_is_refused_with_a_message(client: Client, persona: Persona) -> None:
    survey = f.draft_survey(persona, questions=False)
    services.question_add(
        actor=persona("oee"),
        survey=survey,
        details=services.QuestionDetails(kind="likert", text=f.SAFETY),
    )
    services.survey_schedule(actor=persona("oee"), survey=survey)
    services.survey_open(actor=persona("oee"), survey=survey)
    page = post(client, url(survey), {})
    assert page.status_code == 400
    assert "Answer at least one question before sending." in page.text


def test_without_javascript_the_question_must_be_answered_and_the_answers_are_kept(
    client: Client, persona: Persona
) -> None:
    survey = f.open_survey(persona)
    at = timezone.now() + datetime.timedelta(seconds=10)
    fields = get_form(client, url(survey), at=at)
    with time_machine.travel(at, tick=False):
        page = client.post(
            url(survey), {**full_answers(**{"q-q2": ""}), **fields, "challenge_answer": "99"}
        )
    assert page.status_code == 400
    assert "so we know a person sent these answers" in page.text
    # The other problems are listed at the same time, so one more try is enough.
    assert 'href="#q-q2"' in page.text
    assert checked(page.text, "q-q3", "4")
    assert not Response.objects.filter(survey=survey).exists()


def test_sending_the_same_form_twice_gives_one_answer(client: Client, persona: Persona) -> None:
    survey = f.open_survey(persona)
    at = timezone.now() + datetime.timedelta(seconds=10)
    fields = get_form(client, url(survey), at=at)
    with time_machine.travel(at, tick=False):
        first = client.post(url(survey), {**full_answers(), **fields})
        second = client.post(url(survey), {**full_answers(), **fields})
    assert first.status_code == second.status_code == 302
    assert second["Location"] == url(survey, "thanks/")
    assert Response.objects.filter(survey=survey).count() == 1


def test_the_thank_you_page_has_no_id_no_receipt_and_sets_no_cookie_but_csrf_V_C_2(
    client: Client, persona: Persona
) -> None:
    survey = f.open_survey(persona)
    sent = post(client, url(survey), full_answers())
    assert sent["Location"] == f"/surveys/{survey.slug}/thanks/"
    assert set(sent.cookies) <= {"csrftoken"}
    thanks = client.get(sent["Location"])
    assert thanks.status_code == 200
    assert set(thanks.cookies) <= {"csrftoken"}
    html = thanks.text
    assert "Why there is no receipt" in html
    assert "would link you to your answers" in html
    assert str(only_response(survey).pk) not in html
    assert "sessionid" not in client.cookies


def test_a_closed_survey_refuses_the_answer_and_keeps_what_was_typed(
    client: Client, persona: Persona
) -> None:
    survey = f.open_survey(persona)
    at = timezone.now() + datetime.timedelta(seconds=10)
    fields = get_form(client, url(survey), at=at)
    services.survey_close(actor=persona("oee"), survey=survey)
    with time_machine.travel(at, tick=False):
        page = client.post(url(survey), {**full_answers(), **fields})
    assert page.status_code == 409
    assert "This survey has closed." in page.text
    assert checked(page.text, "q-q1", "yes") and WHAT_HAPPENED in page.text
    assert not Response.objects.filter(survey=survey).exists()
    # Afterwards, the page says so instead of showing the form.
    page = client.get(url(survey))
    assert page.status_code == 200
    assert "This survey has closed." in page.text and '<form method="post" action' not in page.text


# --- Languages -------------------------------------------------------------------------------


def test_the_polish_page_shows_the_survey_in_polish_and_stores_the_language(
    client: Client, persona: Persona
) -> None:
    survey = f.open_survey(persona)
    page = client.get(url(survey, lang="pl"))
    html = page.text
    assert page.status_code == 200
    assert f.TITLE["pl"] in html and f.SAW["pl"] in html and f.INTRO["pl"] in html
    assert "Tak" in html and "Świętość każdego ludzkiego życia" in html
    assert "Pełna przejrzystość to konieczność." in html
    assert '<html lang="pl"' in html
    response = post(client, url(survey, lang="pl"), full_answers(**{"q-q1": "no"}))
    assert response["Location"] == url(survey, "thanks/", lang="pl")
    assert only_response(survey).language == "pl"


def test_a_page_language_the_survey_does_not_offer_shows_the_languages_it_does(
    client: Client, persona: Persona
) -> None:
    survey = f.open_survey(persona)
    html = client.get(url(survey, lang="ar")).text
    assert '<html lang="ar" dir="rtl">' in html
    assert f'href="{url(survey, lang="pl")}" lang="pl"' in html
    assert f'href="{url(survey, lang="es")}" lang="es"' in html
    # The survey itself is marked as English, left to right, inside the Arabic page.
    assert '<div class="survey" lang="en" dir="ltr">' in html
    assert f.TITLE["en"] in html


# --- Invitations (V-D-4) ----------------------------------------------------------------------


def invitation(persona: Persona, survey: Survey) -> str:
    _batch, (token,) = responses.invitations_make(actor=persona("oee"), survey=survey, count=1)
    return token


def test_an_invitation_link_answers_once_and_a_second_use_is_refused_V_D_4(
    client: Client, persona: Persona
) -> None:
    survey = f.open_survey(persona, access=Survey.Access.INVITATION)
    token = invitation(persona, survey)
    link = url(survey, f"i/{token}/")
    page = client.get(link)
    assert page.status_code == 200 and "noindex" in page["X-Robots-Tag"]
    # No question to answer: the single-use link already stops repeat answers.
    assert 'name="challenge_answer"' not in page.text
    # The link opened in two tabs: the first answer uses it up, the second is refused.
    at = timezone.now() + datetime.timedelta(seconds=10)
    first_tab = get_form(client, link, at=at)
    second_tab = get_form(client, link, at=at)
    with time_machine.travel(at, tick=False):
        assert client.post(link, {**full_answers(), **first_tab}).status_code == 302
        assert Invitation.objects.get().used
        again = client.post(link, {**full_answers(**{"q-q3": "1"}), **second_tab})
    assert again.status_code == 409
    assert "already been used" in again.text
    assert checked(again.text, "q-q3", "1")
    assert Response.objects.filter(survey=survey).count() == 1
    # Opening the used link says so plainly instead of showing the form.
    used = client.get(link)
    assert used.status_code == 410
    assert "This link cannot be used" in used.text and 'name="q-q1"' not in used.text


def test_an_unknown_or_malformed_invitation_link_shows_a_clear_page(
    client: Client, persona: Persona
) -> None:
    survey = f.open_survey(persona, access=Survey.Access.INVITATION)
    invitation(persona, survey)
    for token in ("not-a-real-token", "x" * 150, "bad%20token"):
        page = client.get(url(survey, f"i/{token}/"))
        assert page.status_code == 410, token
        assert "This link cannot be used" in page.text


def test_an_invitation_only_survey_without_a_link_explains_how_to_answer(
    client: Client, persona: Persona
) -> None:
    survey = f.open_survey(persona, access=Survey.Access.INVITATION)
    page = client.get(url(survey))
    assert page.status_code == 200
    assert "single-use links" in page.text and 'name="q-q1"' not in page.text


def test_an_invitation_only_survey_refuses_an_answer_sent_without_a_link(
    client: Client, persona: Persona
) -> None:
    survey = f.open_survey(persona, access=Survey.Access.INVITATION)
    open_form = client.get(url(survey, f"i/{invitation(persona, survey)}/"))
    fields = form_fields(open_form.text)
    at = timezone.now() + datetime.timedelta(seconds=10)
    with time_machine.travel(at, tick=False):
        page = client.post(url(survey), {**full_answers(), **fields})
    assert page.status_code == 409
    assert not Response.objects.filter(survey=survey).exists()


# --- Department members (V-C-2) ---------------------------------------------------------------


def test_a_department_survey_sends_anonymous_visitors_to_sign_in(
    client: Client, persona: Persona
) -> None:
    survey = f.open_survey(persona, audience=Survey.Audience.DEPARTMENT)
    page = client.get(url(survey))
    assert page.status_code == 302
    assert page["Location"].startswith("/accounts/login/?next=")
    assert f"/surveys/{survey.slug}/" in page["Location"]
    assert client.post(url(survey), full_answers()).status_code == 302
    assert not Response.objects.filter(survey=survey).exists()


def test_a_department_members_answer_is_stored_without_link_to_member_V_C_2(
    client_as: Callable[[str | None], Client], persona: Persona
) -> None:
    survey = f.open_survey(persona, audience=Survey.Audience.DEPARTMENT)
    member = persona("department_member")
    client = client_as("department_member")
    page = client.get(url(survey))
    assert page.status_code == 200
    assert "You are signed in as a Department member" in page.text
    # Signed in: no arithmetic question.
    assert 'name="challenge_answer"' not in page.text
    response = post(client, url(survey), full_answers())
    assert response.status_code == 302
    assert Answered.objects.filter(survey=survey, user=member).count() == 1
    stored = only_response(survey)
    assert stored.audience == Response.Audience.DEPARTMENT
    fields = {f.name for f in Response._meta.get_fields()}
    assert not fields & {"user", "member", "answered", "session", "ip", "user_agent", "created_at"}
    assert member.username not in str(stored.answers)
    # A second answer from the same member is refused, with the answers kept.
    again = post(client, url(survey), full_answers(**{"q-q3": "2"}))
    assert again.status_code == 409
    assert "You have already answered this survey." in again.text
    assert checked(again.text, "q-q3", "2")
    assert Response.objects.filter(survey=survey).count() == 1


def test_a_member_who_has_answered_is_told_so_when_opening_the_survey_again_V_C_2(
    client_as: Callable[[str | None], Client], persona: Persona
) -> None:
    survey = f.open_survey(persona, audience=Survey.Audience.DEPARTMENT)
    client = client_as("department_member")
    assert "already answered" not in client.get(url(survey)).text
    assert post(client, url(survey), full_answers()).status_code == 302
    assert "You have already answered this survey." in client.get(url(survey)).text


def test_a_members_survey_of_an_internal_activity_is_reached_by_its_link_V_C_9(
    client_as: Callable[[str | None], Client], persona: Persona
) -> None:
    """An internal focus group's survey is not on the public site, but members answer it."""
    from townhall.engagements.models import Activity

    survey = f.open_survey(persona, audience=Survey.Audience.DEPARTMENT)
    Activity.objects.filter(pk=survey.activity_id).update(is_public=False)
    assert client_as("department_member").get(url(survey)).status_code == 200
    public = f.open_survey(persona)
    Activity.objects.filter(pk=public.activity_id).update(is_public=False)
    assert client_as(None).get(url(public)).status_code == 404


def test_a_signed_in_account_that_is_not_a_department_member_cannot_answer_a_members_survey(
    client: Client, persona: Persona
) -> None:
    survey = f.open_survey(persona, audience=Survey.Audience.DEPARTMENT)
    resident = User.objects.create_user(username="resident.anon", password="not-used-1234!")
    client.force_login(resident)
    page = client.get(url(survey))
    assert page.status_code == 403
    assert "for Department members only" in page.text


def test_a_survey_for_both_keeps_members_and_public_answers_apart(
    client: Client, client_as: Callable[[str | None], Client], persona: Persona
) -> None:
    survey = f.open_survey(persona, audience=Survey.Audience.BOTH)
    assert post(client, url(survey), full_answers()).status_code == 302
    member = client_as("department_member")
    assert post(member, url(survey), full_answers(**{"q-q1": "no"})).status_code == 302
    audiences = sorted(Response.objects.filter(survey=survey).values_list("audience", flat=True))
    assert audiences == ["department", "public"]


# --- Garbage in, no 500 out -------------------------------------------------------------------


@pytest.mark.parametrize(
    "garbage",
    [
        {"q-q4-life": "1", "q-q4-offense": "1"},  # two items share a place
        {"q-q4-life": "abc", "q-q4-offense": "-1"},
        {"q-q4-life": "99999999999999999999999"},
        {"q-q4-life": "2"},  # a gap: no first place
        {"q-q1": "maybe"},  # not one of the choices
        {"q-q1": ["yes", "no", "\x00"]},
        {"q-q3": "6"},
        {"q-q5-s31": "strongly"},
        {"q-q9": "13"},  # district 13 no longer exists
        {"q-q6": "\x00"},
        {"q-q2": "x" * (LONG_TEXT_MAX + 1)},
        {"q-unknown": "1", "q-q4-nobody": "1", "q-": "", "q-q5-": "3"},
    ],
)
def test_garbage_answers_are_refused_with_a_message_never_a_500(
    client: Client, persona: Persona, garbage: dict[str, Any]
) -> None:
    survey = f.open_survey(persona)
    page = post(client, url(survey), full_answers(**garbage))
    if garbage.get("q-unknown"):
        assert page.status_code == 302  # unknown fields are ignored
        return
    assert page.status_code == 400, page.status_code
    assert 'id="error-summary"' in page.text
    assert not Response.objects.filter(survey=survey).exists()


def test_nul_bytes_in_text_are_dropped_and_in_the_form_token_refused_without_a_500(
    client: Client, persona: Persona
) -> None:
    survey = f.open_survey(persona)
    page = post(client, url(survey), full_answers(**{"q-q2": "Backup\x00 first."}))
    assert page.status_code == 302
    assert only_response(survey).answers["q2"] == "Backup first."
    at = timezone.now() + datetime.timedelta(seconds=10)
    with time_machine.travel(at, tick=False):
        page = client.post(
            url(survey), {**full_answers(), "form_token": "abc\x00def", "website": "\x00"}
        )
    assert page.status_code == 400
    assert Response.objects.filter(survey=survey).count() == 1


def test_huge_text_is_refused_with_a_message_and_kept(client: Client, persona: Persona) -> None:
    survey = f.open_survey(persona)
    text = "The chase went on for blocks. " * 400  # about 12,000 characters
    page = post(client, url(survey), full_answers(**{"q-q2": text}))
    assert page.status_code == 400
    assert "Please keep this to 5,000 characters." in page.text
    assert text.strip() in page.text


def test_nothing_about_the_answer_or_the_sender_is_logged(
    client: Client, persona: Persona, caplog: pytest.LogCaptureFixture
) -> None:
    survey = f.open_survey(persona)
    with caplog.at_level("DEBUG"):
        post(client, url(survey), full_answers(), REMOTE_ADDR="203.0.113.77")
        post(client, url(survey), full_answers(**{"q-q2": ""}), REMOTE_ADDR="203.0.113.77")
    logged = caplog.text
    assert "203.0.113.77" not in logged
    assert "teenager" not in logged and "alley" not in logged


# --- Results ----------------------------------------------------------------------------------


def closed_with_answers(persona: Persona) -> Survey:
    """24 answers: 12 aged 25-34 and 12 aged 45-54. Three people disagree with the Likert
    statement: a count of 3, which must never be shown."""
    survey = f.open_survey(persona)
    for i in range(24):
        f.answer(
            survey,
            f.form(
                survey,
                q1="no",
                q3="2" if i in (0, 1, 2) else "4",
                q6="25_34" if i % 2 else "45_54",
                q9="7",
            ),
        )
    return services.survey_close(actor=persona("oee"), survey=survey)


def test_results_are_404_until_published(client: Client, persona: Persona) -> None:
    survey = closed_with_answers(persona)
    assert client.get(url(survey, "results/")).status_code == 404


def test_published_results_show_suppressed_cells_never_a_small_count(
    client: Client, persona: Persona
) -> None:
    survey = closed_with_answers(persona)
    publishing.survey_results_publish(actor=persona("oee"), survey=survey)
    page = client.get(url(survey, "results/"))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    html = page.text
    assert "Results: " + f.TITLE["en"] in html
    # Three people disagreed: the count is hidden, and so is what would give it away.
    assert re.search(r'<th scope="row">Disagree</th><td class="numeric cell-hidden">', html)
    assert re.search(r'<td class="numeric">\s*3\s*[<(]', html) is None
    # The list links to the published results.
    assert f'href="{url(survey, "results/")}"' in client.get("/surveys/").text


def test_results_by_a_demographic_and_one_group_and_garbage_queries_never_500(
    client: Client, persona: Persona
) -> None:
    survey = closed_with_answers(persona)
    publishing.survey_results_publish(actor=persona("oee"), survey=survey)
    by_age = client.get(url(survey, "results/"), {"by": "age"})
    assert by_age.status_code == 200
    assert "25–34" in by_age.text and "45–54" in by_age.text
    assert "?by=age&amp;group=25_34" in by_age.text
    one = client.get(url(survey, "results/"), {"by": "age", "group": "25_34"})
    assert one.status_code == 200
    assert '<strong aria-current="page">25–34</strong>' in one.text
    for query in (
        {"by": "nonsense"},
        {"by": "age", "group": "nonsense"},
        {"group": "25_34"},
        {"by": ["age", "race"]},
    ):
        assert client.get(url(survey, "results/"), query).status_code == 200, query


def test_results_in_polish_are_relabelled(client: Client, persona: Persona) -> None:
    survey = closed_with_answers(persona)
    publishing.survey_results_publish(actor=persona("oee"), survey=survey)
    page = client.get(url(survey, "results/", lang="pl"))
    assert page.status_code == 200
    assert f.SAW["pl"] in page.text
