"""The staff pages of audiences, announcements and dispatches (seed 002 VII-B-4, VII-C-1..3,
VII-C NOTE) and the subscribers' overview: who may use them, bad input kept, the schedule's
refusals shown, addresses masked for those who may not see contacts, the progress block
polled while sending, and Communications recording the social posts."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from townhall.outreach import announcements as svc
from townhall.outreach import sending
from townhall.outreach.announcement_selectors import mask_email
from townhall.outreach.models import (
    Announcement,
    Audience,
    Channel,
    Delivery,
    Dispatch,
    SocialPost,
    Suppression,
)
from townhall.outreach.tests import factories as f
from townhall.postings.models import Posting
from townhall.postings.tests.factories import open_posting

pytestmark = pytest.mark.django_db
A = Announcement.Status
D = Dispatch.Status
M = Dispatch.Moment
STAFF = "/staff/outreach/"
PLANNERS = ["oee", "rd", "communications", "admin"]
# Staff who plan nothing here are refused (403); a Department member is not staff (403); a
# resident is sent to sign in.
OTHERS = ["ocpr", "pscd", "training", "originating_unit", "department_member"]


@pytest.fixture
def posting(d22_draft: Any) -> Posting:
    return open_posting(d22_draft)


@pytest.fixture
def partners(posting: Posting) -> Audience:
    """Two community groups with consenting contacts (one reads Spanish), one contact who
    did not consent, and a subscriber who follows everything."""
    f.organization(
        "Garfield Park Community Council",
        districts=[11],
        contacts=(
            ("Denise Walker", "denise.walker@garfieldpark.example.org", "en"),
            ("Luis Ortega", "luis.ortega@garfieldpark.example.org", "es"),
        ),
    )
    org = f.organization("Little Village Environmental Justice Organization", districts=[10])
    f.contact(org, name="Maria Lopez", email="maria.lopez@lvejo.example.org", consent=False)
    f.subscriber("resident.eleven@example.net", language="es")
    return f.audience(posting=posting, kinds=["community_group"])


def _no_inline_code(html: str) -> None:
    """Strict CSP: no inline script or style anywhere."""
    assert "<script>" not in html and "style=" not in html
    assert not re.search(r"<script(?![^>]*\ssrc=)", html)


def _sent_dispatch(posting: Posting, audience: Audience, capture: Any) -> Dispatch:
    """An email announcement sent at the posting's opening to the audience."""
    item = f.scheduled_announcement(posting, audience=audience, channels=[Channel.EMAIL, Channel.X])
    dispatch = item.dispatches.get()
    with capture(execute=True):
        assert sending.dispatch_start(dispatch_id=dispatch.pk)
    dispatch.refresh_from_db()
    return dispatch


def _sending_dispatch(posting: Posting, audience: Audience) -> Dispatch:
    """Started (recipients fixed) but nothing sent yet: the worker has not run."""
    item = f.scheduled_announcement(posting, audience=audience, channels=[Channel.EMAIL, Channel.X])
    dispatch = item.dispatches.get()
    assert sending.dispatch_start(dispatch_id=dispatch.pk)  # its on-commit send never runs
    dispatch.refresh_from_db()
    assert dispatch.status == D.SENDING
    return dispatch


# --- Who may --------------------------------------------------------------------------------


@pytest.mark.parametrize("key", PLANNERS)
def test_planners_build_audiences_VII_B_4(
    client_as: Any, key: str, posting: Posting, partners: Audience
) -> None:
    client = client_as(key)
    assert client.get(f"{STAFF}audiences/").status_code == 200
    page = client.get(f"{STAFF}audiences/new/?posting={posting.pk}")
    assert page.status_code == 200
    _no_inline_code(page.text)
    response = client.post(
        f"{STAFF}audiences/new/?posting={posting.pk}",
        {"name": f"District 11 groups ({key})", "districts": ["11"], "subscribers": "on"},
    )
    assert response.status_code == 302
    made = Audience.objects.get(name=f"District 11 groups ({key})")
    assert made.posting == posting and made.criteria["districts"] == [11]
    assert made.criteria["subscribers"] is True and made.criteria["engaged_before"] is False
    assert response["Location"] == f"{STAFF}audiences/{made.pk}/"
    assert client.get(response["Location"]).status_code == 200
    edit = client.get(f"{STAFF}audiences/{made.pk}/edit/")
    assert edit.status_code == 200 and 'value="11" checked' in re.sub(
        r'\s+id="[^"]*"', "", edit.text
    )
    saved = client.post(
        f"{STAFF}audiences/{made.pk}/edit/",
        {"name": "District 11 and 10 groups", "districts": ["10", "11"]},
    )
    assert saved.status_code == 302
    made.refresh_from_db()
    assert made.name == "District 11 and 10 groups" and made.criteria["districts"] == [10, 11]
    assert made.criteria["subscribers"] is False  # unticked means left out


@pytest.mark.parametrize("key", OTHERS)
def test_other_roles_may_not_use_audiences_announcements_or_dispatches_VII_C(
    client_as: Any, key: str, posting: Posting, partners: Audience
) -> None:
    item = f.announcement(posting, channels=[Channel.X], audience=partners)
    dispatch = svc.dispatch_add(actor=f.oee(), announcement=item, moment=M.MIDWAY)
    client = client_as(key)
    for url in (
        f"{STAFF}audiences/",
        f"{STAFF}audiences/new/",
        f"{STAFF}audiences/{partners.pk}/",
        f"{STAFF}audiences/{partners.pk}/edit/",
        f"{STAFF}announcements/",
        f"{STAFF}announcements/new/?posting={posting.pk}",
        f"{STAFF}announcements/{item.pk}/",
        f"{STAFF}announcements/{item.pk}/edit/",
        f"{STAFF}announcements/{item.pk}/texts/x/",
        f"{STAFF}announcements/{item.pk}/dispatches/new/",
        f"{STAFF}dispatches/{dispatch.pk}/",
        f"{STAFF}dispatches/{dispatch.pk}/progress/",
        f"{STAFF}subscribers/",
    ):
        assert client.get(url).status_code == 403, url
    for url in (
        f"{STAFF}audiences/new/",
        f"{STAFF}announcements/{item.pk}/schedule/",
        f"{STAFF}announcements/{item.pk}/cancel/",
        f"{STAFF}dispatches/{dispatch.pk}/cancel/",
        f"{STAFF}dispatches/{dispatch.pk}/social/x/",
    ):
        assert client.post(url, {"name": "Mine"}).status_code == 403, url
    item.refresh_from_db()
    assert item.status == A.DRAFT and not Audience.objects.filter(name="Mine").exists()


def test_a_resident_is_sent_to_sign_in(client_as: Any, posting: Posting) -> None:
    for url in (f"{STAFF}audiences/", f"{STAFF}announcements/", f"{STAFF}subscribers/"):
        response = client_as(None).get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- Audiences ------------------------------------------------------------------------------


def test_an_audience_without_a_name_keeps_every_choice(client_as: Any, posting: Posting) -> None:
    f.organization("North Lawndale Community Coordinating Council", districts=[10])
    response = client_as("rd").post(
        f"{STAFF}audiences/new/?posting={posting.pk}",
        {"name": "  ", "districts": ["10", "11"], "languages": ["es"], "hard_to_reach": "on"},
    )
    assert response.status_code == 400
    html = re.sub(r'\s+id="[^"]*"', "", response.text)
    assert "Give the audience a name." in response.text
    assert 'href="#id_name"' in response.text  # the summary links to the field
    for kept in ('value="10" checked', 'value="11" checked', 'value="es" checked'):
        assert kept in html, kept
    assert 'name="hard_to_reach" checked' in html
    assert not Audience.objects.exists()


def test_an_unknown_posting_is_not_found(client_as: Any) -> None:
    assert client_as("oee").get(f"{STAFF}audiences/new/?posting=99999").status_code == 404
    assert client_as("oee").get(f"{STAFF}announcements/new/?posting=abc").status_code == 404


def test_the_audience_page_shows_whom_it_reaches_in_counts_and_names_never_addresses_VII_C_3(
    client_as: Any, partners: Audience
) -> None:
    Suppression.objects.create(
        email="luis.ortega@garfieldpark.example.org",
        bounces=2,
        reason=Suppression.Reason.BOUNCED,
        suppressed_at=timezone.now(),
    )
    for key in ("oee", "communications"):
        page = client_as(key).get(f"{STAFF}audiences/{partners.pk}/")
        assert page.status_code == 200
        html = page.text
        _no_inline_code(html)
        assert "Garfield Park Community Council" in html
        assert "Little Village Environmental Justice Organization" in html
        assert "example.org" not in html and "example.net" not in html  # no address at all
        facts = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
        assert "Contact people mailed 2 " in facts  # Denise Walker, LVEJO's coordinator
        assert "Subscribers mailed 1 " in facts
        assert "In all 3 " in facts
        assert "no consent to be contacted, or withdrawn 1 " in facts  # Maria Lopez
        assert "bounced twice or unsubscribed 1 " in facts  # Luis Ortega
        # The languages as bars, with their figures beside them.
        assert '<svg class="survey-chart" role="img"' in html
        assert 'class="chart-bar"' in html
        assert "People reached by language, in figures" in html
        assert re.search(r"<th scope=\"row\">Spanish</th><td class=\"numeric\">1</td>", html)
        assert re.search(r"<th scope=\"row\">English</th><td class=\"numeric\">2</td>", html)


# --- Announcements --------------------------------------------------------------------------


@pytest.mark.parametrize("key", PLANNERS)
def test_planners_announce_a_posting_VII_C(
    client_as: Any, key: str, posting: Posting, partners: Audience
) -> None:
    client = client_as(key)
    page = client.get(f"{STAFF}announcements/new/?posting={posting.pk}")
    assert page.status_code == 200
    _no_inline_code(page.text)
    assert f'<option value="{partners.pk}" selected>' in page.text  # its own audience first
    response = client.post(
        f"{STAFF}announcements/new/?posting={posting.pk}",
        {
            "title": "Draft D22-08 open for comment",
            "channels": ["email", "amc", "x"],
            "audience": str(partners.pk),
            "link": "",
        },
    )
    assert response.status_code == 302
    item = Announcement.objects.get()
    assert item.posting == posting and item.audience == partners
    assert item.channels == ["email", "amc", "x"] and item.link.endswith(f"/postings/{posting.pk}/")
    assert response["Location"] == f"{STAFF}announcements/{item.pk}/"
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    _no_inline_code(detail.text)
    assert client.get(f"{STAFF}announcements/").status_code == 200
    assert client.get(f"{STAFF}announcements/{item.pk}/edit/").status_code == 200
    saved = client.post(
        f"{STAFF}announcements/{item.pk}/edit/",
        {
            "title": "D22-08: comment now",
            "channels": ["email", "amc"],
            "audience": str(partners.pk),
        },
    )
    assert saved.status_code == 302
    item.refresh_from_db()
    assert item.title == "D22-08: comment now" and item.channels == ["email", "amc"]


def test_a_new_announcement_without_its_subject_asks_for_one(
    client_as: Any, posting: Posting
) -> None:
    page = client_as("rd").get(f"{STAFF}announcements/new/")
    assert page.status_code == 200
    assert 'name="posting"' in page.text and 'name="engagement"' in page.text
    assert f'<option value="{posting.pk}">' in page.text


def test_a_bad_announcement_keeps_what_was_typed(client_as: Any, posting: Posting) -> None:
    response = client_as("oee").post(
        f"{STAFF}announcements/new/?posting={posting.pk}",
        {"title": "Draft D22-08 open for comment", "channels": [], "link": "ftp://example.org"},
    )
    assert response.status_code == 400
    assert "Choose at least one channel from the list." in response.text
    assert "The link must start with https://." in response.text
    assert 'value="Draft D22-08 open for comment"' in response.text
    assert 'value="ftp://example.org"' in response.text
    assert 'href="#id_channels_0"' in response.text
    assert not Announcement.objects.exists()


def test_the_list_filters_by_status_and_posting(
    client_as: Any, posting: Posting, partners: Audience
) -> None:
    f.announcement(posting, title="Still a draft", channels=[Channel.X], write=False)
    f.scheduled_announcement(posting, title="Going out", audience=partners)
    client = client_as("communications")
    every = client.get(f"{STAFF}announcements/").text
    assert "Still a draft" in every and "Going out" in every
    scheduled = client.get(f"{STAFF}announcements/", {"status": "scheduled"}).text
    assert "Going out" in scheduled and "Still a draft" not in scheduled
    by_posting = client.get(f"{STAFF}announcements/", {"posting": posting.pk}).text
    assert "Still a draft" in by_posting and "Going out" in by_posting
    other = open_posting(Posting.objects.get(pk=posting.pk).version, days=20)
    none_yet = client.get(f"{STAFF}announcements/", {"posting": other.pk}).text
    assert "No announcement yet." in none_yet and "Still a draft" not in none_yet
    nowhere = client.get(f"{STAFF}announcements/", {"posting": posting.pk + 1000}).text
    assert "Some filters were not understood" in nowhere


# --- Texts ----------------------------------------------------------------------------------


def test_the_texts_page_has_one_fieldset_per_language_arabic_right_to_left_VII_C(
    client_as: Any, posting: Posting
) -> None:
    item = f.announcement(posting, channels=[Channel.EMAIL, Channel.AMC], write=False)
    page = client_as("oee").get(f"{STAFF}announcements/{item.pk}/texts/email/")
    assert page.status_code == 200
    html = page.text
    _no_inline_code(html)
    assert html.count("<fieldset") == 6
    for code in ("en", "es", "zh-hans", "pl", "ar", "hi"):
        assert f'name="{code}-subject"' in html and f'name="{code}-body"' in html
    arabic = re.search(r'<textarea[^>]*name="ar-body"[^>]*>', html)
    assert arabic and 'dir="rtl"' in arabic.group(0) and 'lang="ar"' in arabic.group(0)
    subject = re.search(r'<input[^>]*name="ar-subject"[^>]*>', html)
    assert subject and 'dir="rtl"' in subject.group(0)
    english = re.search(r'<textarea[^>]*name="en-body"[^>]*>', html)
    assert english and 'dir="ltr"' in english.group(0)
    # The AMC message is internal: English only (VII-C-1).
    amc = client_as("oee").get(f"{STAFF}announcements/{item.pk}/texts/amc/").text
    assert amc.count("<fieldset") == 1 and 'name="en-subject"' in amc
    # A channel it does not use has no page.
    assert client_as("oee").get(f"{STAFF}announcements/{item.pk}/texts/x/").status_code == 404


def test_each_language_is_saved_and_an_empty_one_stays_to_write(
    client_as: Any, posting: Posting
) -> None:
    item = f.announcement(posting, channels=[Channel.EMAIL], write=False)
    subject, body = f.TEXTS["ar"][0], f.TEXTS["ar"][1]
    response = client_as("oee").post(
        f"{STAFF}announcements/{item.pk}/texts/email/",
        {
            "en-subject": f.TEXTS["en"][0],
            "en-body": f.TEXTS["en"][1],
            "ar-subject": subject,
            "ar-body": body,
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#texts")
    assert set(item.texts.values_list("language", flat=True)) == {"en", "ar"}
    assert item.texts.get(language="ar").body == body
    detail = client_as("oee").get(f"{STAFF}announcements/{item.pk}/").text
    assert "Missing" in detail and "Polish" in detail  # still to write


def test_a_too_long_x_post_shows_its_counted_length_and_keeps_the_text_VII_C_2(
    client_as: Any, posting: Posting
) -> None:
    item = f.announcement(posting, channels=[Channel.X], write=False)
    # 200 CJK characters count 400 on X, and the link 23 more.
    long_post = "芝加哥警察局" * 34
    response = client_as("communications").post(
        f"{STAFF}announcements/{item.pk}/texts/x/",
        {"en-body": f.TEXTS["en"][2], "zh-hans-body": long_post},
    )
    assert response.status_code == 400
    html = response.text
    used = 2 * len(long_post) + 1 + 23
    assert f"this post is {used} characters long as X (Twitter) post (VII-C-2) counts" in html
    assert f"the limit is 280. Shorten it by {used - 280}." in html
    assert long_post in html  # the text stays in its box
    assert f"With the link: {used} of 280 characters" in html
    assert 'href="#id_zh-hans-body"' in html
    # The English post fitted and was saved; the Chinese one was not.
    assert list(item.texts.values_list("language", flat=True)) == ["en"]
    assert "Saved: English." in html


def test_the_detail_shows_each_social_post_fitted_with_its_length_VII_C_2(
    client_as: Any, posting: Posting
) -> None:
    item = f.announcement(posting, channels=[Channel.X, Channel.BLUESKY])
    html = client_as("rd").get(f"{STAFF}announcements/{item.pk}/").text
    post = item.texts.get(channel=Channel.X, language="en").body
    assert f"{post} {item.link}" in html
    fitted_len = len(post) + 1 + 23
    assert f"{fitted_len} of 280" in html
    assert "of 300" in html  # Bluesky's limit
    assert "Missing" not in html


# --- Dispatches and scheduling --------------------------------------------------------------


def test_the_moments_show_their_times_and_each_ticked_one_is_added_VII_C_NOTE(
    client_as: Any, posting: Posting
) -> None:
    item = f.announcement(posting, channels=[Channel.X])
    client = client_as("rd")
    page = client.get(f"{STAFF}announcements/{item.pk}/dispatches/new/")
    assert page.status_code == 200
    _no_inline_code(page.text)
    for moment in ("At opening", "Midway through the comment period", "Shortly before closing"):
        assert moment in page.text
    midway = svc.moment_time(posting, M.MIDWAY)
    assert midway is not None
    assert timezone.localtime(midway).strftime("%Y") in page.text
    custom = (timezone.localtime() + datetime.timedelta(days=2)).replace(second=0, microsecond=0)
    response = client.post(
        f"{STAFF}announcements/{item.pk}/dispatches/new/",
        {"midway": "on", "closing": "on", "send_at": custom.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    moments = sorted(item.dispatches.values_list("moment", flat=True))
    assert moments == ["closing", "custom", "midway"]
    assert item.dispatches.get(moment="custom").send_at == custom


def test_a_refused_time_adds_none_and_keeps_the_ticks_VII_C_NOTE(
    client_as: Any, posting: Posting
) -> None:
    item = f.announcement(posting, channels=[Channel.X])
    assert posting.closes_at is not None
    late = timezone.localtime(posting.closes_at) + datetime.timedelta(days=1)
    response = client_as("oee").post(
        f"{STAFF}announcements/{item.pk}/dispatches/new/",
        {"midway": "on", "send_at": late.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 400
    assert "send it before then" in response.text
    assert 'name="midway" checked' in re.sub(r'\s+id="[^"]*"', "", response.text)
    assert late.strftime("%Y-%m-%dT%H:%M") in response.text
    assert not item.dispatches.exists()
    empty = client_as("oee").post(f"{STAFF}announcements/{item.pk}/dispatches/new/", {})
    assert empty.status_code == 400 and "Tick at least one moment" in empty.text


def test_scheduling_is_refused_with_every_reason_shown(client_as: Any, posting: Posting) -> None:
    item = f.announcement(posting, channels=[Channel.EMAIL, Channel.X], write=False)
    response = client_as("oee").post(f"{STAFF}announcements/{item.pk}/schedule/")
    assert response.status_code == 400
    html = response.text
    assert "It cannot be scheduled yet" in html
    assert "Texts still to write:" in html
    assert "Add at least one time to send it." in html
    assert "Email needs an audience" in html
    item.refresh_from_db()
    assert item.status == A.DRAFT


def test_a_complete_announcement_is_scheduled_and_can_be_cancelled(
    client_as: Any, posting: Posting, partners: Audience
) -> None:
    item = f.announcement(posting, channels=[Channel.EMAIL, Channel.AMC], audience=partners)
    client = client_as("rd")
    client.post(
        f"{STAFF}announcements/{item.pk}/dispatches/new/", {"midway": "on", "closing": "on"}
    )
    response = client.post(f"{STAFF}announcements/{item.pk}/schedule/")
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == A.SCHEDULED
    again = client.post(f"{STAFF}announcements/{item.pk}/schedule/")
    assert again.status_code == 409 and "Only a draft announcement can be scheduled." in again.text
    midway = item.dispatches.get(moment=M.MIDWAY)
    client.post(f"{STAFF}dispatches/{midway.pk}/cancel/", {"next": "announcement"})
    midway.refresh_from_db()
    assert midway.status == D.CANCELLED
    client.post(f"{STAFF}announcements/{item.pk}/cancel/")
    item.refresh_from_db()
    assert item.status == A.CANCELLED
    assert item.dispatches.get(moment=M.CLOSING).status == D.CANCELLED
    page = client.get(f"{STAFF}announcements/{item.pk}/").text
    assert "Schedule it" not in page and "Cancel the announcement" not in page


# --- A dispatch's page ----------------------------------------------------------------------


@pytest.mark.parametrize("key", ["rd", "communications"])
def test_addresses_are_masked_for_those_who_may_not_see_contacts(
    client_as: Any,
    key: str,
    posting: Posting,
    partners: Audience,
    django_capture_on_commit_callbacks: Any,
) -> None:
    dispatch = _sent_dispatch(posting, partners, django_capture_on_commit_callbacks)
    html = client_as(key).get(f"{STAFF}dispatches/{dispatch.pk}/").text
    assert "denise.walker@garfieldpark.example.org" not in html
    assert "resident.eleven@example.net" not in html
    assert mask_email("denise.walker@garfieldpark.example.org") in html
    assert "d•••@garfieldpark.example.org" in html
    assert "r•••@example.net" in html


def test_oee_sees_the_addresses_and_the_progress_of_a_sent_dispatch(
    client_as: Any, posting: Posting, partners: Audience, django_capture_on_commit_callbacks: Any
) -> None:
    dispatch = _sent_dispatch(posting, partners, django_capture_on_commit_callbacks)
    assert dispatch.status == D.SENT
    assert {m.to[0] for m in mail.outbox} >= {
        "denise.walker@garfieldpark.example.org",
        "resident.eleven@example.net",
    }
    page = client_as("oee").get(f"{STAFF}dispatches/{dispatch.pk}/")
    assert page.status_code == 200
    html = page.text
    _no_inline_code(html)
    assert "denise.walker@garfieldpark.example.org" in html
    n = Delivery.objects.filter(dispatch=dispatch).count()
    assert n == 4  # three contacts and the subscriber
    assert f'<progress id="dispatch-bar" max="{n}" value="{n}">' in html
    assert (
        f"{n} of {n} handled (100%): {n} sent, 0 failed or bounced, 0 not sent (suppressed)" in html
    )
    assert "data-poll-url" not in html  # finished: nothing to poll
    # The status filter.
    queued = client_as("oee").get(f"{STAFF}dispatches/{dispatch.pk}/", {"status": "queued"}).text
    assert "No recipient with this status." in queued


def test_the_progress_block_is_polled_while_sending_with_a_refresh_link(
    client_as: Any, posting: Posting, partners: Audience
) -> None:
    dispatch = _sending_dispatch(posting, partners)
    client = client_as("communications")
    page = client.get(f"{STAFF}dispatches/{dispatch.pk}/").text
    poll = f'data-poll-url="{STAFF}dispatches/{dispatch.pk}/progress/"'
    assert poll in page
    assert "townhall/townhall.js" in page  # the script that polls, from a file
    assert f'<a href="{STAFF}dispatches/{dispatch.pk}/">Refresh</a>' in page
    partial = client.get(f"{STAFF}dispatches/{dispatch.pk}/progress/")
    assert partial.status_code == 200
    assert partial.text.startswith('<div id="dispatch-progress"') and poll in partial.text
    assert "<html" not in partial.text
    assert "0 of 4 handled (0%)" in partial.text and "4 remaining" in partial.text
    first = Delivery.objects.filter(dispatch=dispatch).order_by("id")
    Delivery.objects.filter(pk__in=[d.pk for d in first[:2]]).update(status=Delivery.Status.SENT)
    Delivery.objects.filter(pk=first[2].pk).update(status=Delivery.Status.BOUNCED)
    half = client.get(f"{STAFF}dispatches/{dispatch.pk}/progress/").text
    assert '<progress id="dispatch-bar" max="4" value="3">' in half
    assert (
        "3 of 4 handled (75%): 2 sent, 1 failed or bounced, 0 not sent (suppressed), 1 remaining."
        in half
    )
    Dispatch.objects.filter(pk=dispatch.pk).update(status=D.SENT, finished_at=timezone.now())
    done = client.get(f"{STAFF}dispatches/{dispatch.pk}/progress/").text
    assert "data-poll-url" not in done  # the script reloads the page once


def test_recipients_are_shown_fifty_a_page(
    client_as: Any, posting: Posting, partners: Audience
) -> None:
    dispatch = _sending_dispatch(posting, partners)
    Delivery.objects.bulk_create(
        Delivery(
            dispatch=dispatch,
            email=f"neighbour{n:03d}@example.com",
            language="en",
            kind="subscriber",
        )
        for n in range(60)
    )
    client = client_as("oee")
    first = client.get(f"{STAFF}dispatches/{dispatch.pk}/").text
    assert "64 recipients" in first and "Page 1 of 2" in first
    assert first.count('<th scope="row" dir="ltr">') == 50
    second = client.get(f"{STAFF}dispatches/{dispatch.pk}/", {"page": 2}).text
    assert second.count('<th scope="row" dir="ltr">') == 14


def test_the_social_posts_are_ready_to_copy_and_recorded_by_communications_VII_C_2(
    client_as: Any, posting: Posting, partners: Audience, django_capture_on_commit_callbacks: Any
) -> None:
    dispatch = _sent_dispatch(posting, partners, django_capture_on_commit_callbacks)
    url = f"{STAFF}dispatches/{dispatch.pk}/social/x/"
    # R&D and OEE read the posts but do not record them.
    rd_page = client_as("rd").get(f"{STAFF}dispatches/{dispatch.pk}/").text
    assert "<textarea" in rd_page and "readonly" in rd_page and 'action="' + url not in rd_page
    for key in ("rd", "oee"):
        assert (
            client_as(key).post(url, {"x-post_url": "https://x.com/ChicagoCAPS/1"}).status_code
            == 403
        )
    client = client_as("communications")
    page = client.get(f"{STAFF}dispatches/{dispatch.pk}/").text
    post = dispatch.announcement.texts.get(channel=Channel.X, language="es").body
    assert f"{post} {dispatch.announcement.link}</textarea>" in page
    assert f'action="{url}"' in page
    bad = client.post(url, {"x-post_url": "http://x.com/ChicagoCAPS/1"})
    assert bad.status_code == 400
    assert "The link must start with https://." in bad.text
    assert 'value="http://x.com/ChicagoCAPS/1"' in bad.text
    good = client.post(url, {"x-post_url": "https://x.com/ChicagoCAPS/status/1"})
    assert good.status_code == 302 and good["Location"].endswith("#social")
    post_row = SocialPost.objects.get()
    assert post_row.channel == "x" and post_row.post_url == "https://x.com/ChicagoCAPS/status/1"
    again = client.post(url, {"x-post_url": ""}, follow=True)
    assert "This post was already recorded." in again.text
    assert SocialPost.objects.count() == 1
    admin = client_as("admin").get(f"{STAFF}dispatches/{dispatch.pk}/").text
    assert "https://x.com/ChicagoCAPS/status/1" in admin


def test_a_post_is_not_recorded_before_the_dispatch_goes_out(
    client_as: Any, posting: Posting
) -> None:
    item = f.announcement(posting, channels=[Channel.X])
    dispatch = svc.dispatch_add(actor=f.oee(), announcement=item, moment=M.MIDWAY)
    page = client_as("communications").get(f"{STAFF}dispatches/{dispatch.pk}/").text
    assert "social/x/" not in page and "Not started" in page
    response = client_as("communications").post(
        f"{STAFF}dispatches/{dispatch.pk}/social/x/", {"x-post_url": ""}, follow=True
    )
    assert "Record the post once the dispatch has gone out." in response.text
    assert not SocialPost.objects.exists()


# --- Subscribers ----------------------------------------------------------------------------


def test_the_subscribers_overview_is_for_oee_and_administrators(
    client_as: Any, posting: Posting
) -> None:
    f.subscriber("resident.eleven@example.net", language="es", follows=(("district", 11),))
    f.subscriber("weekly.reader@example.net", frequency="weekly", follows=(("all", None),))
    f.subscriber("pending.person@example.net", status="pending")
    Suppression.objects.create(
        email="gone.away@example.com",
        bounces=2,
        reason=Suppression.Reason.BOUNCED,
        suppressed_at=timezone.now(),
        last_bounce_detail="550 5.1.1 User unknown",
    )
    Suppression.objects.create(email="once.bounced@example.com", bounces=1)
    for key in ("rd", "communications"):
        assert client_as(key).get(f"{STAFF}subscribers/").status_code == 403
    for key in ("oee", "admin"):
        page = client_as(key).get(f"{STAFF}subscribers/")
        assert page.status_code == 200
        html = page.text
        _no_inline_code(html)
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
        assert "3 addresses in all." in text
        assert "Subscribed 2 " in text and "Waiting for confirmation 1 " in text
        assert "A weekly digest 1 " in text and "Spanish 1 " in text
        assert "All postings 1 " in text and "District: 011 Harrison 1 " in text
        assert "gone.away@example.com" in html and "550 5.1.1 User unknown" in html
        assert "once.bounced@example.com" not in html
        assert "1 other address has bounced once" in text


# --- Links from the posting and the engagement ----------------------------------------------


def test_the_posting_and_engagement_pages_link_to_announcing_them(
    client_as: Any, persona: Any, posting: Posting
) -> None:
    from townhall.engagements.tests.helpers import assessed

    engagement = assessed(persona)
    new = f"{STAFF}announcements/new/?posting={posting.pk}"
    audience = f"{STAFF}audiences/new/?posting={posting.pk}"
    page = client_as("rd").get(f"/staff/postings/{posting.pk}/").text
    assert new in page and audience in page
    ocpr = client_as("ocpr").get(f"/staff/postings/{posting.pk}/")
    assert ocpr.status_code == 200 and new not in ocpr.text
    page = client_as("oee").get(f"/staff/engagements/{engagement.pk}/").text
    assert f"{STAFF}announcements/new/?engagement={engagement.pk}" in page
    assert f"{STAFF}audiences/new/?engagement={engagement.pk}" in page
    form = client_as("oee").get(f"{STAFF}announcements/new/?engagement={engagement.pk}")
    assert form.status_code == 200 and engagement.title in form.text


def test_an_engagement_announcement_is_sent_at_a_chosen_time(
    client_as: Any, persona: Any, posting: Posting
) -> None:
    from townhall.engagements.tests.helpers import assessed

    engagement = assessed(persona)
    client = client_as("oee")
    response = client.post(
        f"{STAFF}announcements/new/?engagement={engagement.pk}",
        {"title": "Join the listening session on D22-08", "channels": ["x"]},
    )
    assert response.status_code == 302
    item = Announcement.objects.get(engagement=engagement)
    page = client.get(f"{STAFF}announcements/{item.pk}/dispatches/new/").text
    assert 'name="midway"' not in page and 'name="send_at"' in page
    when = (timezone.localtime() + datetime.timedelta(days=3)).replace(second=0, microsecond=0)
    added = client.post(
        f"{STAFF}announcements/{item.pk}/dispatches/new/",
        {"send_at": when.strftime("%Y-%m-%dT%H:%M")},
    )
    assert added.status_code == 302
    dispatch = item.dispatches.get()
    assert dispatch.moment == M.CUSTOM and dispatch.send_at == when
