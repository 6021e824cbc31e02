"""The staff survey builder (seed 002 V-C-2, V-D-4): who may read and build, a survey's form
(words per language, Chicago times, the small-cell threshold), the builder page and its
buttons, questions with translations and conditions, the rule that questions freeze once
answers exist while wording fixes are recorded, the preview in every language, copying, and
the post-engagement survey made from a meeting's page."""

from __future__ import annotations

import datetime
import html
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from townhall.engagements.models import Activity
from townhall.meetings import services as meetings
from townhall.meetings.staff.forms import CHICAGO
from townhall.meetings.tests import factories as mf
from townhall.surveys import services
from townhall.surveys.models import Question, QuestionRevision, Response, Survey
from townhall.surveys.tests import factories as sf

pytestmark = pytest.mark.django_db


def url(name: str, *args: Any) -> str:
    return reverse(f"staff:surveys:{name}", args=args)


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def survey_data(**overrides: Any) -> dict[str, Any]:
    day = timezone.localdate() + datetime.timedelta(days=3)
    data: dict[str, Any] = {
        "title_en": "Foot pursuits: tell us anonymously what you think",
        "intro_en": "The Department is revising its interim foot pursuit policy (G03-07).",
        "title_es": "Persecuciones a pie: díganos de forma anónima lo que piensa",
        "intro_es": "",
        "title_pl": "Pościgi piesze: powiedz nam anonimowo, co myślisz",
        "audience": Survey.Audience.PUBLIC,
        "access": Survey.Access.OPEN,
        "offered": ["es", "pl"],
        "opens_day": day.isoformat(),
        "opens_time": "09:00",
        "closes_day": (day + datetime.timedelta(days=21)).isoformat(),
        "closes_time": "17:00",
        "min_cell": "10",
    }
    data.update(overrides)
    return data


@pytest.fixture
def survey(persona: Any) -> Survey:
    return sf.draft_survey(persona)


def q(survey: Survey, key: str) -> Question:
    return survey.questions.get(key=key)


def answered(persona: Any) -> Survey:
    """The foot pursuit survey, open, with one answer."""
    survey = sf.open_survey(persona)
    sf.answer(survey, sf.form(survey, q1="no"))
    return survey


def pages(survey: Survey) -> list[str]:
    first = q(survey, "q1")
    return [
        url("list"),
        url("new") + f"?activity={survey.activity_id}",
        url("detail", survey.pk),
        url("edit", survey.pk),
        url("question-new", survey.pk) + "?kind=single",
        url("question-edit", first.pk),
        url("question-fix", first.pk),
        url("preview", survey.pk),
    ]


def posts(survey: Survey) -> list[str]:
    first = q(survey, "q3")
    return [
        url("post-engagement"),
        url("schedule", survey.pk),
        url("unschedule", survey.pk),
        url("open", survey.pk),
        url("close", survey.pk),
        url("copy", survey.pk),
        url("demographics", survey.pk),
        url("question-remove", first.pk),
        url("question-move", first.pk),
    ]


# --- Who may read and build ----------------------------------------------------------------


def test_every_builder_page_renders_for_oee_without_inline_style_or_script(
    survey, client_as
) -> None:  # type: ignore[no-untyped-def]
    client = client_as("oee")
    extra = [url("question-new", survey.pk) + f"?kind={k}" for k in Question.Kind.values]
    extra += [url("preview", survey.pk) + f"?lang={code}" for code in survey.languages]
    for page in pages(survey) + extra:
        response = client.get(page)
        assert response.status_code == 200, page
        assert "style=" not in response.text, page
        assert not re.search(r"<script(?![^>]*\bsrc=)", response.text), page


def test_a_department_member_is_refused_every_builder_page_and_action(survey, client_as) -> None:  # type: ignore[no-untyped-def]
    client = client_as("department_member")
    for page in pages(survey):
        assert client.get(page).status_code == 403, page
    for action in posts(survey):
        assert client.post(action, {}).status_code == 403, action


def test_communications_reads_surveys_but_cannot_build_them_V_C_2(survey, client_as) -> None:  # type: ignore[no-untyped-def]
    client = client_as("communications")
    for page in (url("list"), url("detail", survey.pk), url("preview", survey.pk)):
        assert client.get(page).status_code == 200, page
    for page in pages(survey)[1:]:
        if "preview" in page or page == url("detail", survey.pk):
            continue
        assert client.get(page).status_code == 403, page
    for action in posts(survey):
        assert client.post(action, {"activity": survey.activity_id}).status_code == 403, action
    detail = text(client.get(url("detail", survey.pk)))
    assert url("question-new", survey.pk) not in detail and url("schedule", survey.pk) not in detail
    assert "Start a survey" not in text(client.get(url("list")))


def test_the_engagements_originating_unit_builds_its_own_surveys_not_another_units_VI_C(
    persona, survey, client_as
) -> None:  # type: ignore[no-untyped-def]
    own = mf.public_activity(
        persona, method=Activity.Method.ANONYMOUS_SURVEY, unit="Bureau of Patrol"
    )
    client = client_as("originating_unit")  # the Bureau of Patrol
    assert client.get(url("new") + f"?activity={own.pk}").status_code == 200
    response = client.post(url("new") + f"?activity={own.pk}", survey_data())
    made = Survey.objects.get(activity=own)
    assert response.status_code == 302 and response["Location"] == url("detail", made.pk)
    assert client.get(url("edit", made.pk)).status_code == 200
    # OEE's engagement: readable, not buildable.
    assert client.get(url("detail", survey.pk)).status_code == 200
    assert client.get(url("new") + f"?activity={survey.activity_id}").status_code == 403
    assert client.get(url("edit", survey.pk)).status_code == 403
    assert client.post(url("schedule", survey.pk)).status_code == 403
    # The list offers only the activities it may build for.
    page = text(client.get(url("list")))
    assert f'<option value="{own.pk}">' in page
    assert f'<option value="{survey.activity_id}">' not in page


def test_post_only_actions_refuse_get(survey, client_as) -> None:  # type: ignore[no-untyped-def]
    client = client_as("oee")
    for action in posts(survey):
        assert client.get(action).status_code == 405, action


def test_unknown_ids_are_not_found(client_as) -> None:  # type: ignore[no-untyped-def]
    client = client_as("admin")
    for name in ("detail", "edit", "preview", "question-edit", "question-fix"):
        assert client.get(url(name, 999999)).status_code == 404, name
    for name in ("schedule", "copy", "question-remove", "question-move"):
        assert client.post(url(name, 999999)).status_code == 404, name
    assert client.get(url("new") + "?activity=999999").status_code == 404
    assert client.get(url("new") + "?activity=abc").status_code == 404
    assert client.post(url("post-engagement"), {"activity": "999999"}).status_code == 404


# --- The list and a new survey -------------------------------------------------------------


def test_the_list_shows_status_activity_and_answers_and_filters_by_status(
    persona, client_as
) -> None:  # type: ignore[no-untyped-def]
    open_one = answered(persona)
    draft = sf.draft_survey(persona, title={"en": "Training on de-escalation: your views"})
    client = client_as("oee")
    page = text(client.get(url("list")))
    assert str(open_one) in page and str(draft) in page
    assert "Open" in page and "Draft" in page
    assert '<td class="numeric">1</td>' in page
    drafts = text(client.get(url("list") + "?status=draft"))
    assert str(draft) in drafts and str(open_one) not in drafts
    assert "Start a survey" in page and "New survey" in page


def test_a_new_survey_needs_an_activity(client_as) -> None:  # type: ignore[no-untyped-def]
    response = client_as("oee").get(url("new"))
    assert response.status_code == 302 and response["Location"] == url("list") + "#new"


def test_a_new_survey_is_a_draft_with_its_times_read_as_chicago_time_V_C_2(
    persona, client_as
) -> None:  # type: ignore[no-untyped-def]
    activity = sf.survey_activity(persona)
    client = client_as("oee")
    form = text(client.get(url("new") + f"?activity={activity.pk}"))
    assert f'value="{activity.title}"' in form  # starts from the activity's title
    assert 'lang="ar" dir="rtl"' in form and "<details" in form
    response = client.post(url("new") + f"?activity={activity.pk}", survey_data())
    survey = Survey.objects.get()
    assert response.status_code == 302 and response["Location"] == url("detail", survey.pk)
    assert survey.status == Survey.Status.DRAFT and survey.activity == activity
    assert survey.languages == ["en", "es", "pl"]
    assert survey.title["es"].startswith("Persecuciones") and "es" not in survey.intro
    opens = survey.opens_at.astimezone(CHICAGO)
    assert (opens.hour, opens.minute) == (9, 0)
    assert opens.date() == timezone.localdate() + datetime.timedelta(days=3)
    assert survey.min_cell == 10 and survey.created_by == persona("oee")


def test_the_survey_form_keeps_every_typed_value_when_refused(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    activity = sf.survey_activity(persona)
    data = survey_data(
        title_en="",
        title_pl="Pościgi piesze",
        intro_es="Sus respuestas son anónimas.",
        closes_day=(timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
        min_cell="9",
    )
    response = client_as("oee").post(url("new") + f"?activity={activity.pk}", data)
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert "Give the survey a title in English." in page
    assert "never below 10" in page or "greater than or equal to 10" in page
    assert 'value="Pościgi piesze"' in page and "Sus respuestas son anónimas." in page
    assert 'value="9"' in page
    assert re.search(r'value="pl" id="id_offered_\d" checked', page)
    assert not Survey.objects.exists()
    # The service's own checks come back beside the fields too.
    data = survey_data(
        closes_day=(timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
        closes_time="08:00",
    )
    response = client_as("oee").post(url("new") + f"?activity={activity.pk}", data)
    assert response.status_code == 400
    page = text(response)
    assert "The survey must close after it opens." in page
    assert 'aria-describedby="id_closes_day_error"' in page
    assert f'value="{data["title_en"]}"' in page


def test_a_date_without_its_time_is_refused(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    activity = sf.survey_activity(persona)
    response = client_as("oee").post(
        url("new") + f"?activity={activity.pk}", survey_data(opens_time="")
    )
    assert response.status_code == 400
    assert "Give the time as well as the date." in text(response)


def test_the_details_are_edited_from_the_form(survey, client_as) -> None:  # type: ignore[no-untyped-def]
    client = client_as("oee")
    form = text(client.get(url("edit", survey.pk)))
    assert 'value="Pościgi piesze: powiedz nam anonimowo, co myślisz"' in form
    response = client.post(
        url("edit", survey.pk),
        survey_data(title_en="Foot pursuits: your views", min_cell="15", offered=["es"]),
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.title["en"] == "Foot pursuits: your views"
    assert survey.min_cell == 15 and survey.languages == ["en", "es"]


# --- The builder page and its buttons ------------------------------------------------------


def test_the_builder_shows_questions_conditions_languages_and_links(survey, client_as) -> None:  # type: ignore[no-untyped-def]
    page = text(client_as("oee").get(url("detail", survey.pk)))
    assert sf.SAW["en"] in page and sf.WHAT_HAPPENED["en"] in page
    assert "Shown only if the answer to question 1 is “Yes”." in page
    for kind_label in ("Single choice", "Matrix of statements", "Ranking", "Long text"):
        assert kind_label in page
    for code, name in (("en", "English"), ("es", "Spanish"), ("pl", "Polish")):
        assert url("preview", survey.pk) + f"?lang={code}" in page
        assert f"Preview in {name}" in page
    for name in ("results", "enter", "invitations"):
        assert url(name, survey.pk) in page
    assert url("question-new", survey.pk) + "?kind=matrix" in page
    assert "Move up" in page and "Remove" in page and "Fix the wording" not in page
    assert "Add the demographics block" not in page  # it has the block already
    assert "Schedule" in page


def test_schedule_open_and_close_from_the_builder(survey, client_as) -> None:  # type: ignore[no-untyped-def]
    client = client_as("oee")
    assert client.post(url("schedule", survey.pk)).status_code == 302
    survey.refresh_from_db()
    assert survey.status == Survey.Status.SCHEDULED
    assert client.post(url("unschedule", survey.pk)).status_code == 302
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT
    client.post(url("schedule", survey.pk))
    assert client.post(url("open", survey.pk)).status_code == 302
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN and survey.opens_at <= timezone.now()
    assert "Close now" in text(client.get(url("detail", survey.pk)))
    assert client.post(url("close", survey.pk)).status_code == 302
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED


def test_scheduling_is_refused_while_an_offered_language_is_incomplete(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    survey = sf.draft_survey(persona, languages=("en", "es", "pl", "ar"))
    response = client_as("oee").post(url("schedule", survey.pk))
    assert response.status_code == 400
    page = text(response)
    assert "These languages are offered but not complete: ar." in page
    assert "Preview in Arabic" in page
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT
    # A move the status no longer allows is a conflict, never a 500.
    assert client_as("oee").post(url("close", survey.pk)).status_code == 409


def test_the_demographics_block_is_added_by_its_button(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    survey = sf.draft_survey(persona, questions=False)
    client = client_as("oee")
    assert "Add the demographics block" in text(client.get(url("detail", survey.pk)))
    assert client.post(url("demographics", survey.pk)).status_code == 302
    assert sorted(survey.questions.values_list("standard", flat=True)) == sorted(
        s for s in Question.Standard.values if s
    )


# --- Questions -----------------------------------------------------------------------------


def test_a_choice_question_is_added_with_its_translations_by_position(survey, client_as) -> None:  # type: ignore[no-untyped-def]
    response = client_as("oee").post(
        url("question-new", survey.pk) + "?kind=single",
        {
            "kind": "single",
            "text_en": "Where did the foot pursuit you saw take place?",
            "text_es": "¿Dónde ocurrió la persecución a pie que vio?",
            "options_en": "On a street\r\nIn an alley or gangway\r\n\r\nInside a building\r\n",
            "options_es": "En una calle\r\n\r\nDentro de un edificio",
            "required": "on",
            "show_if": "",
        },
    )
    assert response.status_code == 302
    added = survey.questions.order_by("-position").first()
    assert added is not None and added.kind == Question.Kind.SINGLE and added.required
    assert [o["label"]["en"] for o in added.options] == [
        "On a street",
        "In an alley or gangway",
        "Inside a building",
    ]
    # Spanish lines translate the English lines at the same place; an empty line is a gap.
    assert [o["label"].get("es") for o in added.options] == [
        "En una calle",
        None,
        "Dentro de un edificio",
    ]
    assert len({o["key"] for o in added.options}) == 3
    assert response["Location"].endswith(f"#question-{added.key}")


def test_a_conditional_question_is_shown_on_an_earlier_answer(survey, client_as) -> None:  # type: ignore[no-untyped-def]
    saw = q(survey, "q1")
    client = client_as("oee")
    form = text(client.get(url("question-new", survey.pk) + "?kind=short_text"))
    # Without JavaScript every earlier choice question's answers are on the page.
    assert 'value="q1:yes"' in form and 'value="q1:no"' in form
    assert "Answers to question 1" in form
    response = client.post(
        url("question-new", survey.pk) + "?kind=short_text",
        {
            "kind": "short_text",
            "text_en": "Which police district was it in?",
            "show_if": str(saw.pk),
            # A tick of another question's answers does not count.
            "show_if_values": ["q1:yes", "q3:5"],
        },
    )
    assert response.status_code == 302
    added = survey.questions.order_by("-position").first()
    assert added is not None and added.show_if == saw and added.show_if_values == ["yes"]


def test_the_question_form_keeps_every_typed_value_when_refused(survey, client_as) -> None:  # type: ignore[no-untyped-def]
    saw = q(survey, "q1")
    response = client_as("oee").post(
        url("question-new", survey.pk) + "?kind=multiple",
        {
            "kind": "multiple",
            "text_en": "",
            "text_pl": "Co widziałeś?",
            "help_en": "Choose all that apply.",
            "options_en": "Only one line",
            "options_pl": "Tylko jedna\nDwie\nTrzy",
            "show_if": str(saw.pk),
        },
    )
    assert response.status_code == 400
    page = text(response)
    assert "Write the question in English." in page
    assert "There are more lines here than in English" in page
    assert "Co widziałeś?" in page and "Choose all that apply." in page
    assert ">\nTylko jedna\nDwie\nTrzy</textarea>" in page
    assert f'<option value="{saw.pk}" selected>' in page
    assert survey.questions.count() == 10
    # The service's checks: two choices at least, and the answers that show it.
    response = client_as("oee").post(
        url("question-new", survey.pk) + "?kind=multiple",
        {
            "kind": "multiple",
            "text_en": "What did you see?",
            "options_en": "Only one line",
            "show_if": str(saw.pk),
        },
    )
    assert response.status_code == 400
    page = text(response)
    assert "Give at least two choices, one per line." in page
    assert "Choose the answers that show this question." in page
    assert ">\nWhat did you see?</textarea>" in page


def test_an_unknown_kind_of_question_is_not_found(survey, client_as) -> None:  # type: ignore[no-untyped-def]
    assert client_as("oee").get(url("question-new", survey.pk) + "?kind=essay").status_code == 404


def test_editing_a_question_keeps_its_choices_keys_so_conditions_survive(survey, client_as) -> None:  # type: ignore[no-untyped-def]
    saw = q(survey, "q1")
    client = client_as("oee")
    form = text(client.get(url("question-edit", saw.pk)))
    assert ">\nTak\nNie</textarea>" in form
    response = client.post(
        url("question-edit", saw.pk),
        {
            "kind": "single",
            "text_en": saw.text["en"],
            "text_es": saw.text["es"],
            "text_pl": saw.text["pl"],
            "options_en": "Yes, I have\nNo",
            "options_es": "Sí\nNo",
            "options_pl": "Tak\nNie",
            "required": "on",
        },
    )
    assert response.status_code == 302
    saw.refresh_from_db()
    assert [(o["key"], o["label"]["en"]) for o in saw.options] == [
        ("yes", "Yes, I have"),
        ("no", "No"),
    ]
    assert q(survey, "q2").show_if_values == ["yes"]


def test_questions_move_and_are_removed_while_nobody_has_answered(survey, client_as) -> None:  # type: ignore[no-untyped-def]
    client = client_as("oee")
    safety, ranking = q(survey, "q3"), q(survey, "q4")
    assert client.post(url("question-move", ranking.pk), {"direction": "up"}).status_code == 302
    safety.refresh_from_db()
    ranking.refresh_from_db()
    assert ranking.position < safety.position
    # A question cannot move above the one it depends on.
    response = client.post(url("question-move", q(survey, "q2").pk), {"direction": "up"})
    assert response.status_code == 409
    assert "must stay after it" in text(response)
    assert client.post(url("question-remove", safety.pk)).status_code == 302
    assert not survey.questions.filter(key="q3").exists()
    # One that others depend on stays until they change.
    response = client.post(url("question-remove", q(survey, "q1").pk))
    assert response.status_code == 409 and "change them first" in text(response)


def test_questions_freeze_once_answers_exist_but_their_wording_is_fixed_and_recorded(
    persona, client_as
) -> None:  # type: ignore[no-untyped-def]
    survey = answered(persona)
    saw = q(survey, "q1")
    client = client_as("oee")
    page = text(client.get(url("detail", survey.pk)))
    assert "Fix the wording" in page and "Move up" not in page and "Add a question" not in page
    assert "cannot change now" in text(client.get(url("question-edit", saw.pk)))
    refused = client.post(
        url("question-edit", saw.pk),
        {"kind": "single", "text_en": "Changed", "options_en": "Yes\nNo\nMaybe"},
    )
    assert refused.status_code == 409 and "cannot change now" in text(refused)
    assert client.post(url("question-remove", saw.pk)).status_code == 409
    assert (
        client.post(
            url("question-new", survey.pk) + "?kind=long_text",
            {"kind": "long_text", "text_en": "Anything else?"},
        ).status_code
        == 409
    )
    saw.refresh_from_db()
    assert saw.text == sf.SAW and len(saw.options) == 2
    # The wording: a reason is required, and what was typed stays.
    fix = url("question-fix", saw.pk)
    form = text(client.get(fix))
    assert f'value="{sf.YES_NO[0]["label"]["es"]}"' in form
    data = {
        "text_en": sf.SAW["en"],
        "text_es": "¿Ha visto una persecución a pie de la policía de Chicago, o participado en ella?",
        "text_pl": sf.SAW["pl"],
        "opt_yes_en": "Yes",
        "opt_yes_es": "Sí",
        "opt_yes_pl": "Tak",
        "opt_no_en": "No",
        "opt_no_es": "No",
        "opt_no_pl": "Nie",
        "reason": "",
    }
    refused = client.post(fix, data)
    assert refused.status_code == 400
    assert "Say why the wording changes" in text(refused)
    assert "o participado en ella?" in text(refused)
    response = client.post(fix, {**data, "reason": "A clearer Spanish translation."})
    assert response.status_code == 302
    revision = QuestionRevision.objects.get()
    assert (revision.question, revision.language, revision.field) == (saw, "es", "text")
    assert revision.before == sf.SAW["es"] and revision.reason == "A clearer Spanish translation."
    assert revision.made_by == persona("oee")
    page = text(client.get(url("detail", survey.pk)))
    assert "A clearer Spanish translation." in page and "Wording fixes" in page
    # Nothing changed is not a fix.
    assert client.post(fix, {**data, "text_es": "", "reason": "Again"}).status_code == 400


# --- Preview -------------------------------------------------------------------------------


def test_the_preview_in_polish_shows_the_survey_as_a_resident_sees_it(survey, client_as) -> None:  # type: ignore[no-untyped-def]
    response = client_as("oee").get(url("preview", survey.pk) + "?lang=pl")
    assert response.status_code == 200
    page = text(response)
    assert "Preview: answers are not saved." in page
    assert 'class="survey-preview" lang="pl" dir="ltr"' in page
    assert sf.TITLE["pl"] in page and sf.SAW["pl"] in page and "Tak" in page
    assert 'data-show-if="q-q1"' in page  # the conditional question, for surveys.js
    assert 'aria-current="page">Polish' in page
    assert "Missing in" not in page
    # The staff page around it stays in the staff member's language.
    assert '<html lang="en"' in page


def test_the_preview_in_arabic_is_right_to_left_and_lists_what_is_missing(
    persona, client_as
) -> None:  # type: ignore[no-untyped-def]
    survey = sf.draft_survey(persona, languages=("en", "es", "pl", "ar"))
    page = text(client_as("oee").get(url("preview", survey.pk) + "?lang=ar"))
    assert 'class="survey-preview" lang="ar" dir="rtl"' in page
    assert "Missing in Arabic" in page
    assert "The survey's title" in page and "Question 1: its text" in page
    assert "Question 1: “Yes”" in page
    # English fills the gaps, as residents would see it.
    assert sf.SAW["en"] in page


def test_the_preview_checks_answers_and_saves_nothing(survey, client_as) -> None:  # type: ignore[no-untyped-def]
    client = client_as("oee")
    response = client.post(url("preview", survey.pk) + "?lang=es", {"q-q1": "yes"})
    assert response.status_code == 400
    page = text(response)
    # The problems are told as the resident would read them, in Spanish.
    assert "Hay un problema" in page and '<a href="#q-q2">2.' in page
    assert 'value="yes" checked' in page
    assert 'action="/staff/surveys/' in page  # the staff page stays in its own language
    response = client.post(
        url("preview", survey.pk) + "?lang=es", {"q-q1": "yes", "q-q2": "I saw one."}
    )
    assert response.status_code == 200
    assert "These answers would be accepted. Nothing was saved." in text(response)
    assert not Response.objects.exists()


def test_a_language_not_offered_previews_in_english(survey, client_as) -> None:  # type: ignore[no-untyped-def]
    page = text(client_as("oee").get(url("preview", survey.pk) + "?lang=hi"))
    assert 'class="survey-preview" lang="en" dir="ltr"' in page


# --- Copy ----------------------------------------------------------------------------------


def test_a_copy_keeps_the_questions_and_their_conditions(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    original = answered(persona)
    response = client_as("oee").post(url("copy", original.pk), {"copy-activity": ""})
    copy = Survey.objects.exclude(pk=original.pk).get()
    assert response.status_code == 302 and response["Location"] == url("detail", copy.pk)
    assert copy.status == Survey.Status.DRAFT and copy.copied_from == original
    assert copy.activity == original.activity and copy.title == original.title
    assert [(x.key, x.kind, x.standard) for x in copy.questions.all()] == [
        (x.key, x.kind, x.standard) for x in original.questions.all()
    ]
    happened = q(copy, "q2")
    assert happened.show_if == q(copy, "q1") and happened.show_if_values == ["yes"]
    assert not copy.responses.exists()


def test_a_copy_can_go_to_another_survey_activity(persona, survey, client_as) -> None:  # type: ignore[no-untyped-def]
    other = sf.survey_activity(persona)
    client = client_as("oee")
    assert f'<option value="{other.pk}">' in text(client.get(url("detail", survey.pk)))
    response = client.post(url("copy", survey.pk), {"copy-activity": str(other.pk)})
    assert response.status_code == 302
    assert Survey.objects.get(activity=other).copied_from == survey


# --- Post-engagement surveys and the other pages' links ------------------------------------


def test_a_post_engagement_survey_is_made_from_a_meetings_page_V_D_4(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    activity = mf.public_activity(persona)
    meeting = meetings.meeting_create(actor=persona("oee"), activity=activity, details=mf.details())
    client = client_as("oee")
    page = text(client.get(reverse("staff:meetings:detail", args=[meeting.pk])))
    assert "Post-engagement survey (V-D-4)" in page and url("post-engagement") in page
    response = client.post(url("post-engagement"), {"activity": activity.pk, "meeting": meeting.pk})
    survey = Survey.objects.get()
    assert response.status_code == 302 and response["Location"] == url("detail", survey.pk)
    assert survey.kind == Survey.Kind.POST_ENGAGEMENT and survey.meeting == meeting
    assert survey.access == Survey.Access.INVITATION and len(survey.languages) == 6
    assert survey.questions.filter(show_if__isnull=False).exists()
    page = text(client.get(reverse("staff:meetings:detail", args=[meeting.pk])))
    assert url("detail", survey.pk) in page
    # Communications reads the meeting but is not offered the button.
    page = text(
        client_as("communications").get(reverse("staff:meetings:detail", args=[meeting.pk]))
    )
    assert url("post-engagement") not in page


def test_a_post_engagement_survey_refuses_another_activitys_meeting(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    activity = mf.public_activity(persona)
    meeting = meetings.meeting_create(actor=persona("oee"), activity=activity, details=mf.details())
    other = sf.survey_activity(persona)
    response = client_as("oee").post(
        url("post-engagement"), {"activity": other.pk, "meeting": meeting.pk}
    )
    assert response.status_code == 404 and not Survey.objects.exists()


def test_the_engagement_plan_links_new_surveys_and_lists_each_activitys_surveys(
    survey, client_as
) -> None:  # type: ignore[no-untyped-def]
    engagement = survey.activity.engagement
    page = text(client_as("oee").get(reverse("staff:engagements:detail", args=[engagement.pk])))
    assert url("new") + f"?activity={survey.activity_id}" in page
    assert url("detail", survey.pk) in page
    page = text(
        client_as("communications").get(reverse("staff:engagements:detail", args=[engagement.pk]))
    )
    assert url("new") + f"?activity={survey.activity_id}" not in page


def test_the_post_engagement_activity_offers_the_template(persona, client_as) -> None:  # type: ignore[no-untyped-def]
    activity = mf.public_activity(persona, method=Activity.Method.POST_ENGAGEMENT_SURVEY)
    page = text(
        client_as("oee").get(reverse("staff:engagements:detail", args=[activity.engagement_id]))
    )
    assert url("post-engagement") in page and f'name="activity" value="{activity.pk}"' in page
    response = client_as("oee").post(url("post-engagement"), {"activity": activity.pk})
    survey = Survey.objects.get()
    assert response.status_code == 302 and survey.meeting is None
    assert survey.kind == Survey.Kind.POST_ENGAGEMENT


def test_the_staff_home_links_surveys(client_as) -> None:  # type: ignore[no-untyped-def]
    page = text(client_as("oee").get(reverse("staff:core:home")))
    assert url("list") in page


def test_a_question_of_another_survey_cannot_be_a_condition(persona, survey, client_as) -> None:  # type: ignore[no-untyped-def]
    other = sf.draft_survey(persona)
    response = client_as("oee").post(
        url("question-new", survey.pk) + "?kind=short_text",
        {"kind": "short_text", "text_en": "Anything else?", "show_if": str(q(other, "q1").pk)},
    )
    assert response.status_code == 400
    assert services.MIN_CELL_FLOOR == 10  # the floor the form and the service share
