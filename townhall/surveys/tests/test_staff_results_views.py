"""The staff pages of a survey's answers and results (seed 002 V-C-2, V-D-3, V-D-4): results
with small counts hidden for staff too, breakdowns and group filters, publishing, paper and
phone entry, and single-use invitation links."""

from __future__ import annotations

import csv
import datetime
import io
import re
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from townhall.core.errors import IllegalTransition
from townhall.meetings import registration
from townhall.meetings.tests.factories import scheduled_meeting
from townhall.surveys import responses, services
from townhall.surveys.models import Invitation, InvitationBatch, Response, Survey
from townhall.surveys.tests import factories as f
from townhall.surveys.tests.results_helpers import answered_survey

pytestmark = pytest.mark.django_db


def url(name: str, survey: Survey, **kwargs: Any) -> str:
    return reverse(f"staff:surveys:{name}", kwargs={"pk": survey.pk, **kwargs})


def section(html: str, key: str, prefix: str = "staff") -> str:
    """One question's part of the results page."""
    start = html.index(f'id="{prefix}-{key}-heading"')
    return html[start : html.index("</section>", start)]


def cell(html: str, row: str) -> str:
    """The first figure of a table row, by its heading."""
    found = re.search(
        rf'<th scope="row">{re.escape(row)}</th><td class="numeric[^"]*">([^<]*)', html
    )
    assert found, row
    return found.group(1).strip()


@pytest.fixture
def survey(persona: Any) -> Survey:
    return answered_survey(persona)


# --- Results ------------------------------------------------------------------------------


def test_results_hide_counts_from_1_to_10_for_staff_too_and_say_why(
    client_as: Any, survey: Survey
) -> None:
    response = client_as("oee").get(url("results", survey))
    assert response.status_code == 200
    html = response.content.decode()
    assert "style=" not in html and "<script" not in html
    likert = section(html, "q3")
    assert cell(likert, "Disagree") == "hidden"  # 12, hidden to protect the 3 below
    assert cell(likert, "Strongly agree") == "hidden"  # 3 people
    assert cell(likert, "Agree") == "14"
    assert "hidden (1 to 10, or to protect such a count)" in likert
    assert 'class="chart-bar-hidden"' in likert
    assert 'role="img"' in likert and "<title id=" in likert
    assert 'aria-describedby="staff-hidden-note"' in likert
    assert 'id="staff-hidden-note"' in html
    # No mean is shown when a count is hidden: it would let the hidden ones be solved for.
    assert "Average" not in likert
    chose = section(html, "q11")
    assert cell(chose, "Body-worn cameras are always on") == "14"
    assert cell(chose, "Set up a perimeter instead of chasing") == "hidden"
    assert "14 written answers (they go to the feedback pool for themes" in section(html, "q2")
    ranking = section(html, "q4")
    assert "Ranked first" in ranking and "Place 1" in ranking
    matrix = section(html, "q5")
    assert matrix.count('role="img"') == 3  # one chart per statement


def test_the_charts_fit_a_phone_and_mirror_in_arabic(client_as: Any, survey: Survey) -> None:
    html = client_as("oee").get(url("results", survey)).content.decode()
    assert 'viewBox="0 0 320 ' in html and 'width="100%"' in html and 'direction="ltr"' in html
    client = client_as("oee")
    arabic = client.get("/ar" + url("results", survey)).content.decode()
    assert 'direction="rtl"' in arabic


def test_results_broken_down_by_age_merge_small_groups_and_filter_to_one(
    client_as: Any, survey: Survey
) -> None:
    client = client_as("oee")
    html = client.get(url("results", survey), {"by": "age"}).content.decode()
    saw = section(html, "q1")
    assert '<th scope="col" class="numeric">25–34</th>' in saw
    assert "Other groups or not stated" in saw  # 18–24 (3 people) never shows alone
    assert "18–24</th>" not in saw
    one = client.get(url("results", survey), {"by": "age", "group": "25_34"}).content.decode()
    saw = section(one, "q1")
    assert '<th scope="col" class="numeric">25–34</th>' in saw
    assert "Other groups or not stated</th>" not in saw
    assert "the group “25–34”" in saw


def test_a_breakdown_that_cannot_be_shown_says_so(client_as: Any, survey: Survey) -> None:
    html = client_as("oee").get(url("results", survey), {"by": "race"}).content.decode()
    assert 'id="by-unavailable"' in html
    assert "fewer than two groups have more than 10 people" in html


def test_too_few_answers_show_nothing(client_as: Any, persona: Any) -> None:
    survey = f.open_survey(persona)
    for _i in range(10):
        f.answer(survey, f.form(survey, q1="no"))
    html = client_as("oee").get(url("results", survey)).content.decode()
    assert "Fewer than 11 people answered, so nothing is shown" in html
    assert 'role="img"' not in html


def test_the_results_page_counts_answers_by_channel_and_links_the_exports(
    client_as: Any, survey: Survey
) -> None:
    html = client_as("oee").get(url("results", survey), {"by": "age"}).content.decode()
    assert "29 answers in all" in html
    assert url("results-export", survey, fmt="csv") + "?audience=public&amp;by=age" in html
    assert url("answers-export", survey, fmt="xlsx") in html
    rd = client_as("rd").get(url("results", survey)).content.decode()
    assert url("answers-export", survey, fmt="csv") not in rd


def test_wording_fixes_are_listed_beside_the_results(
    client_as: Any, persona: Any, survey: Survey
) -> None:
    question = survey.questions.get(key="q1")
    services.question_fix_wording(
        actor=persona("oee"),
        question=question,
        text={"en": "Have you seen, or been part of, a foot pursuit by Chicago police?"},
        help={},
        option_labels={},
        reason="Commas, as the printed form has them.",
    )
    html = client_as("oee").get(url("results", survey)).content.decode()
    assert "Commas, as the printed form has them." in html


def test_the_department_audience_is_counted_apart(client_as: Any, persona: Any) -> None:
    survey = f.open_survey(persona, audience=Survey.Audience.BOTH)
    for _i in range(12):
        f.answer(survey, f.form(survey, q1="no"))
    client = client_as("oee")
    html = client.get(url("results", survey), {"audience": "department"}).content.decode()
    assert "No answers yet." in html
    html = client.get(url("results", survey), {"audience": "public"}).content.decode()
    assert cell(section(html, "q1"), "No") == "12"


# --- Publishing ---------------------------------------------------------------------------


def test_results_are_published_only_once_closed_and_the_public_page_shows_the_snapshot(
    client_as: Any, persona: Any, survey: Survey
) -> None:
    client = client_as("oee")
    response = client.post(url("publish", survey), follow=True)
    assert "Results are published once the survey has closed." in response.content.decode()
    survey.refresh_from_db()
    assert survey.results_published_at is None
    services.survey_close(actor=persona("oee"), survey=survey)
    response = client.post(url("publish", survey), follow=True)
    assert "The results are published" in response.content.decode()
    survey.refresh_from_db()
    assert survey.results_published_at is not None
    page = client_as(None).get(reverse("surveys:results", kwargs={"slug": survey.slug}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "hidden (1 to 10, or to protect such a count)" in html
    assert 'role="img"' in html
    staff = client.get(url("results", survey)).content.decode()
    assert reverse("surveys:results", kwargs={"slug": survey.slug}) in staff
    assert "Publish the results again" in staff


def test_only_those_who_manage_the_survey_publish(
    client_as: Any, persona: Any, survey: Survey
) -> None:
    services.survey_close(actor=persona("oee"), survey=survey)
    assert client_as("rd").post(url("publish", survey)).status_code == 403
    assert client_as("oee").get(url("publish", survey)).status_code == 405


# --- Paper and phone answers --------------------------------------------------------------


def _paper(survey: Survey, key: str = "k1", **answers: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "channel": "paper",
        "received_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "language": "es",
        "key": key,
    }
    data.update(f.form(survey, **answers))
    return data


def test_a_paper_answer_is_saved_with_its_channel_and_the_form_comes_back_empty(
    client_as: Any, persona: Any
) -> None:
    survey = f.open_survey(persona)
    client = client_as("oee")
    page = client.get(url("enter", survey)).content.decode()
    assert 'name="key"' in page and 'name="q-q1"' in page
    response = client.post(
        url("enter", survey), _paper(survey, q1="yes", q2="Lo persiguieron por el callejón.")
    )
    assert response.status_code == 302
    saved = Response.objects.get(survey=survey)
    assert saved.channel == Response.Channel.PAPER and saved.language == "es"
    assert saved.received_on == timezone.localdate() - datetime.timedelta(days=2)
    assert saved.answers["q2"] == "Lo persiguieron por el callejón."
    fresh = client.get(response["Location"]).content.decode()
    assert "Answer saved (paper)" in fresh
    assert "Lo persiguieron" not in fresh
    # The particulars stay chosen for the next form of the pile; the form has a new key.
    assert re.search(r'value="paper"[^>]*checked', fresh)
    assert 'value="k1"' not in fresh


def test_a_refused_paper_answer_keeps_everything_typed(client_as: Any, persona: Any) -> None:
    survey = f.open_survey(persona)
    data = _paper(survey, q2="Lo persiguieron por el callejón.", q3="4")  # q1 is required
    data["channel"] = "phone"
    response = client_as("oee").post(url("enter", survey), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The answer was not saved" in html and "Please answer this question." in html
    assert "Lo persiguieron por el callejón." in html
    assert re.search(r'value="phone"[^>]*checked', html)
    assert re.search(r'name="q-q3" value="4" checked', html)
    assert 'value="k1"' in html
    assert not Response.objects.filter(survey=survey).exists()


def test_a_paper_answer_sent_twice_is_saved_once(client_as: Any, persona: Any) -> None:
    survey = f.open_survey(persona)
    client = client_as("oee")
    data = _paper(survey, key="same-form", q1="no")
    assert client.post(url("enter", survey), data).status_code == 302
    second = client.post(url("enter", survey), data, follow=True)
    assert "This answer was already saved" in second.content.decode()
    assert Response.objects.filter(survey=survey).count() == 1


def test_a_paper_answer_cannot_be_dated_in_the_future(client_as: Any, persona: Any) -> None:
    survey = f.open_survey(persona)
    data = _paper(survey, q1="no")
    data["received_on"] = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client_as("oee").post(url("enter", survey), data)
    assert response.status_code == 400
    assert "The date cannot be in the future." in response.content.decode()


def test_entry_asks_who_answered_only_when_the_survey_asks_both(
    client_as: Any, persona: Any
) -> None:
    both = f.open_survey(persona, audience=Survey.Audience.BOTH)
    client = client_as("oee")
    assert 'name="audience"' in client.get(url("enter", both)).content.decode()
    data = _paper(both, q1="no")
    data["audience"] = "department"
    assert client.post(url("enter", both), data).status_code == 302
    assert Response.objects.get(survey=both).audience == Response.Audience.DEPARTMENT


def test_answers_cannot_be_entered_before_the_survey_opens(client_as: Any, persona: Any) -> None:
    survey = f.draft_survey(persona)
    client = client_as("oee")
    assert (
        "Answers can be entered once the survey has opened."
        in client.get(url("enter", survey)).content.decode()
    )
    response = client.post(url("enter", survey), _paper(survey, q1="no"))
    assert response.status_code == 409
    assert not Response.objects.filter(survey=survey).exists()


# --- Invitations --------------------------------------------------------------------------


def test_links_to_hand_out_download_once_as_csv_and_each_answers_once_V_D_4(
    client_as: Any, persona: Any
) -> None:
    survey = f.open_survey(persona, access=Survey.Access.INVITATION)
    client = client_as("oee")
    page = client.get(url("invitations", survey)).content.decode()
    assert "The links are shown only once:" in page
    response = client.post(url("invitations", survey), {"action": "make", "make-count": "3"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    links = [r[0] for r in rows[1:]]
    assert len(links) == 3 and len(set(links)) == 3
    tokens = []
    for link in links:
        found = re.search(rf"/surveys/{survey.slug}/i/([^/]+)/$", link)
        assert found and link.startswith("http")
        tokens.append(found.group(1))
    # Only the hashes are kept.
    stored = set(Invitation.objects.filter(survey=survey).values_list("token_hash", flat=True))
    assert stored == {responses.token_hash(t) for t in tokens}
    assert not any(t in h for t in tokens for h in stored)
    first = responses.response_submit(
        survey=survey, raw=f.form(survey, q1="no"), language="en", invitation_token=tokens[0]
    )
    assert first.created
    with pytest.raises(IllegalTransition):
        responses.response_submit(
            survey=survey, raw=f.form(survey, q1="no"), language="en", invitation_token=tokens[0]
        )
    assert responses.response_submit(
        survey=survey,
        raw=f.form(survey, q1="yes", q2="Ran."),
        language="en",
        invitation_token=tokens[1],
    ).created
    batches = client.get(url("invitations", survey)).content.decode()
    assert "Made to hand out" in batches


def test_a_wrong_number_of_links_is_refused_with_the_number_kept(
    client_as: Any, persona: Any
) -> None:
    survey = f.open_survey(persona, access=Survey.Access.INVITATION)
    response = client_as("oee").post(
        url("invitations", survey), {"action": "make", "make-count": "0"}
    )
    assert response.status_code == 400
    assert "Make at least one link." in response.content.decode()
    assert not InvitationBatch.objects.filter(survey=survey).exists()


def test_invitations_are_emailed_only_to_registrants_who_agreed_V_D_4(
    client_as: Any, persona: Any, django_capture_on_commit_callbacks: Any
) -> None:
    meeting = scheduled_meeting(persona)
    for n, agreed in enumerate([True, True, False]):
        registration.registration_submit(
            meeting=meeting,
            name=f"Resident {n}",
            email=f"resident{n}@example.org",
            needs=[],
            follow_up_ok=agreed,
        )
    survey = f.draft_survey(persona, activity=meeting.activity, access=Survey.Access.INVITATION)
    survey = services.survey_schedule(actor=persona("oee"), survey=survey)
    client = client_as("oee")
    page = client.get(url("invitations", survey)).content.decode()
    assert "2 not yet sent a link" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("invitations", survey), {"action": "send", "send-meeting": meeting.pk}
        )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == [
        "resident0@example.org",
        "resident1@example.org",
    ]
    for message in mail.outbox:
        assert f"/surveys/{survey.slug}/i/" in message.body
    assert Invitation.objects.filter(survey=survey).count() == 2
    page = client.get(url("invitations", survey)).content.decode()
    assert "0 not yet sent a link" in page
    again = client.post(url("invitations", survey), {"action": "send", "send-meeting": meeting.pk})
    assert again.status_code == 409
    assert "Nobody left to invite" in again.content.decode()


# --- Who may do what ----------------------------------------------------------------------


def test_permission_refusals(client_as: Any, survey: Survey) -> None:
    member = client_as("department_member")
    for name in ("results", "enter", "invitations"):
        assert member.get(url(name, survey)).status_code == 403, name
    communications = client_as("communications")
    assert communications.get(url("results", survey)).status_code == 403
    rd = client_as("rd")
    assert rd.get(url("results", survey)).status_code == 200
    for name in ("enter", "invitations"):
        assert rd.get(url(name, survey)).status_code == 403, name
    assert rd.post(url("enter", survey), _paper(survey, q1="no")).status_code == 403
    assert (
        rd.post(url("invitations", survey), {"action": "make", "make-count": "2"}).status_code
        == 403
    )
    assert not Response.objects.filter(survey=survey, channel="paper").exists()
    assert client_as(None).get(url("results", survey)).status_code in (302, 403)
