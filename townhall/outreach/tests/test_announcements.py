"""Announcements (seed 002 VII-C): composed once per channel and language, scheduled at the
posting's opening, midway and near closing (VII-C NOTE), cancelled by rule; Communications
records each social post (VII-C-2)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from townhall.core.errors import DomainError, IllegalTransition, NotAllowed
from townhall.core.models import AuditEvent
from townhall.engagements.tests.helpers import assessed
from townhall.outreach import announcements as svc
from townhall.outreach.announcements import AnnouncementInvalid
from townhall.outreach.models import Announcement, Channel, Dispatch, SocialPost
from townhall.outreach.tests import factories as f
from townhall.postings.models import Posting
from townhall.postings.tests.factories import open_posting, scheduled_posting

pytestmark = pytest.mark.django_db
A = Announcement.Status
D = Dispatch.Status
M = Dispatch.Moment
SIX = ["en", "es", "zh-hans", "pl", "ar", "hi"]


@pytest.fixture
def posting(d22_draft: Any) -> Posting:
    return open_posting(d22_draft)


@pytest.fixture
def audience(posting: Posting) -> Any:
    f.organization("Garfield Park Community Council", districts=[11])
    return f.audience(posting=posting, kinds=["community_group"])


def _draft(posting: Posting, **kwargs: Any) -> Announcement:
    return f.announcement(posting, write=False, **kwargs)


# --- Who announces --------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["oee", "rd", "communications", "admin"])
def test_oee_rd_and_communications_announce_VII_C(posting: Posting, persona: Any, key: str) -> None:
    item = _draft(posting, actor=persona(key), channels=[Channel.X])
    assert item.status == A.DRAFT
    assert item.created_by == persona(key)
    assert AuditEvent.objects.filter(action="outreach.announcement_create").exists()


@pytest.mark.parametrize("key", ["department_member", "ocpr", "ocpr_chief", "pscd", "training"])
def test_other_roles_may_not_announce_VII_C(posting: Posting, persona: Any, key: str) -> None:
    with pytest.raises(NotAllowed):
        _draft(posting, actor=persona(key))
    item = _draft(posting, channels=[Channel.X])
    with pytest.raises(NotAllowed):
        svc.announcement_text_set(
            actor=persona(key), announcement=item, channel="x", language="en", subject="", body="x"
        )
    with pytest.raises(NotAllowed):
        svc.dispatch_add(actor=persona(key), announcement=item, moment=M.MIDWAY)
    with pytest.raises(NotAllowed):
        svc.announcement_cancel(actor=persona(key), announcement=item)


def test_an_announcement_is_about_a_posting_or_an_engagement(db: None) -> None:
    with pytest.raises(DomainError):
        f.announcement(None, write=False)


def test_an_announcement_links_to_the_postings_public_page_by_default(posting: Posting) -> None:
    item = _draft(posting)
    assert item.link.endswith(f"/postings/{posting.pk}/")
    assert item.link.startswith("http")


def test_an_announcement_of_an_engagement_links_to_its_page(persona: Any, d22_draft: Any) -> None:
    engagement = assessed(persona)
    item = f.announcement(None, engagement=engagement, write=False)
    assert item.link.endswith(f"/{engagement.pk}/")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"channels": []}, "channels"),
        ({"channels": ["email", "tiktok"]}, "channels"),
        ({"link": "javascript:alert(1)"}, "link"),
    ],
)
def test_a_bad_announcement_is_refused_by_field(
    posting: Posting, values: dict[str, Any], field: str
) -> None:
    data: dict[str, Any] = {
        "actor": f.oee(),
        "title": "Draft D22-08 open for comment",
        "channels": ["email"],
        "posting": posting,
        **values,
    }
    with pytest.raises(AnnouncementInvalid) as caught:
        svc.announcement_create(**data)
    assert field in caught.value.errors


# --- Texts ----------------------------------------------------------------------------------


def test_the_amc_message_is_written_in_english_only_and_the_rest_in_six_languages_VII_C_1(
    posting: Posting,
) -> None:
    assert svc.required_languages(Channel.AMC) == ["en"]
    assert svc.required_languages(Channel.EMAIL) == SIX
    item = _draft(posting, channels=[Channel.AMC, Channel.EMAIL])
    assert svc.missing_texts(item) == [("email", code) for code in SIX] + [("amc", "en")]
    f.write_texts(item)
    assert svc.missing_texts(item) == []
    assert item.texts.count() == 7


def test_every_text_is_required_before_scheduling_VII_C(posting: Posting, audience: Any) -> None:
    item = _draft(posting, channels=[Channel.EMAIL, Channel.X], audience=audience)
    svc.dispatch_add(actor=f.oee(), announcement=item, moment=M.MIDWAY)
    svc.announcement_text_set(
        actor=f.oee(),
        announcement=item,
        channel="email",
        language="en",
        subject=f.TEXTS["en"][0],
        body=f.TEXTS["en"][1],
    )
    with pytest.raises(DomainError) as caught:
        svc.announcement_schedule(actor=f.oee(), announcement=item)
    assert "[es]" in str(caught.value)
    assert "[hi]" in str(caught.value)
    item.refresh_from_db()
    assert item.status == A.DRAFT
    f.write_texts(item)
    assert svc.announcement_schedule(actor=f.oee(), announcement=item).status == A.SCHEDULED


def test_scheduling_needs_a_time_to_send_VII_C_NOTE(posting: Posting) -> None:
    item = f.announcement(posting, channels=[Channel.X])
    with pytest.raises(DomainError, match="at least one time"):
        svc.announcement_schedule(actor=f.oee(), announcement=item)


def test_email_needs_an_audience_VII_C_3_a(posting: Posting) -> None:
    item = f.announcement(posting, channels=[Channel.EMAIL])
    svc.dispatch_add(actor=f.oee(), announcement=item, moment=M.MIDWAY)
    with pytest.raises(DomainError, match="audience"):
        svc.announcement_schedule(actor=f.oee(), announcement=item)


def test_only_a_draft_is_scheduled(posting: Posting, audience: Any) -> None:
    item = f.scheduled_announcement(posting, moments=[M.MIDWAY], audience=audience)
    with pytest.raises(IllegalTransition):
        svc.announcement_schedule(actor=f.oee(), announcement=item)


def test_a_social_post_too_long_with_the_link_is_refused_with_its_counted_length_VII_C_2(
    posting: Posting,
) -> None:
    item = _draft(posting, channels=[Channel.X])
    body = "芝加哥警察局" * 22  # 132 characters weighing 2 each: 264, plus space and link 23
    with pytest.raises(AnnouncementInvalid) as caught:
        svc.announcement_text_set(
            actor=f.oee(), announcement=item, channel="x", language="zh-hans", subject="", body=body
        )
    message = caught.value.errors["body"]
    assert "288" in message and "280" in message and "by 8" in message
    assert not item.texts.exists()


def test_a_social_post_that_fits_is_kept_and_needs_no_subject_VII_C_2(posting: Posting) -> None:
    item = _draft(posting, channels=[Channel.BLUESKY])
    text = svc.announcement_text_set(
        actor=f.oee(),
        announcement=item,
        channel="bluesky",
        language="ar",
        subject="",
        body=f.TEXTS["ar"][2],
    )
    assert text.body == f.TEXTS["ar"][2]


@pytest.mark.parametrize("channel", ["email", "amc", "press"])
def test_email_amc_and_press_need_a_subject(posting: Posting, channel: str) -> None:
    item = _draft(posting, channels=[channel])
    with pytest.raises(AnnouncementInvalid) as caught:
        svc.announcement_text_set(
            actor=f.oee(),
            announcement=item,
            channel=channel,
            language="en",
            subject=" ",
            body="The draft is posted.",
        )
    assert "subject" in caught.value.errors


def test_an_empty_text_is_refused(posting: Posting) -> None:
    item = _draft(posting, channels=[Channel.FACEBOOK])
    with pytest.raises(AnnouncementInvalid) as caught:
        svc.announcement_text_set(
            actor=f.oee(),
            announcement=item,
            channel="facebook",
            language="en",
            subject="",
            body="  \r\n ",
        )
    assert "body" in caught.value.errors


def test_a_text_for_a_channel_not_chosen_or_an_unknown_language_is_refused(
    posting: Posting,
) -> None:
    item = _draft(posting, channels=[Channel.X])
    with pytest.raises(DomainError):
        svc.announcement_text_set(
            actor=f.oee(), announcement=item, channel="email", language="en", subject="s", body="b"
        )
    with pytest.raises(DomainError):
        svc.announcement_text_set(
            actor=f.oee(), announcement=item, channel="x", language="fr", subject="", body="b"
        )


def test_writing_a_text_again_replaces_it(posting: Posting) -> None:
    item = _draft(posting, channels=[Channel.X])
    for body in ("First wording.", "Second wording."):
        svc.announcement_text_set(
            actor=f.oee(), announcement=item, channel="x", language="en", subject="", body=body
        )
    assert list(item.texts.values_list("body", flat=True)) == ["Second wording."]


def test_adding_a_channel_after_scheduling_returns_it_to_draft_until_written(
    posting: Posting, audience: Any
) -> None:
    item = f.scheduled_announcement(posting, moments=[M.MIDWAY], audience=audience)
    item = svc.announcement_update(
        actor=f.oee(),
        announcement=item,
        title=item.title,
        channels=[Channel.EMAIL, Channel.X],
        audience=audience,
        link="",
    )
    assert item.status == A.DRAFT
    assert ("x", "en") in svc.missing_texts(item)


# --- Moments (VII-C NOTE) -------------------------------------------------------------------


def test_moments_follow_the_posting_period_VII_C_NOTE(d22_draft: Any) -> None:
    posting = scheduled_posting(d22_draft)
    assert posting.opens_at is not None and posting.closes_at is not None
    item = f.announcement(posting, channels=[Channel.X])
    times = {
        moment: svc.dispatch_add(actor=f.oee(), announcement=item, moment=moment).send_at
        for moment in (M.OPENING, M.MIDWAY, M.CLOSING)
    }
    assert times[M.OPENING] == posting.opens_at
    assert times[M.MIDWAY] == posting.opens_at + (posting.closes_at - posting.opens_at) / 2
    assert times[M.CLOSING] == posting.closes_at - datetime.timedelta(days=3)


def test_closing_is_never_before_the_opening_of_a_short_period(db: None) -> None:
    opens = timezone.now().replace(microsecond=0)
    short = Posting(opens_at=opens, closes_at=opens + datetime.timedelta(days=2))
    assert svc.moment_time(short, M.CLOSING) == opens + datetime.timedelta(hours=1)
    assert svc.moment_time(Posting(opens_at=opens), M.MIDWAY) is None


def test_opening_of_a_posting_already_open_is_now(posting: Posting) -> None:
    item = f.announcement(posting, channels=[Channel.X])
    dispatch = svc.dispatch_add(actor=f.oee(), announcement=item, moment=M.OPENING)
    assert abs((dispatch.send_at - timezone.now()).total_seconds()) < 5


def test_a_dispatch_after_the_posting_closes_is_refused_VII_C_NOTE(posting: Posting) -> None:
    item = f.announcement(posting, channels=[Channel.X])
    assert posting.closes_at is not None
    with pytest.raises(AnnouncementInvalid) as caught:
        svc.dispatch_add(
            actor=f.oee(),
            announcement=item,
            moment=M.CUSTOM,
            send_at=posting.closes_at + datetime.timedelta(minutes=1),
        )
    assert "closes" in caught.value.errors["send_at"]


def test_a_time_in_the_past_is_refused(posting: Posting) -> None:
    item = f.announcement(posting, channels=[Channel.X])
    with pytest.raises(AnnouncementInvalid, match="passed"):
        svc.dispatch_add(
            actor=f.oee(),
            announcement=item,
            moment=M.CUSTOM,
            send_at=timezone.now() - datetime.timedelta(hours=2),
        )


def test_a_custom_dispatch_needs_a_time(posting: Posting) -> None:
    item = f.announcement(posting, channels=[Channel.X])
    with pytest.raises(AnnouncementInvalid) as caught:
        svc.dispatch_add(actor=f.oee(), announcement=item, moment=M.CUSTOM)
    assert "send_at" in caught.value.errors


def test_the_same_moment_is_not_scheduled_twice_but_custom_times_may_repeat(
    posting: Posting,
) -> None:
    item = f.announcement(posting, channels=[Channel.X])
    svc.dispatch_add(actor=f.oee(), announcement=item, moment=M.MIDWAY)
    with pytest.raises(AnnouncementInvalid, match="already scheduled"):
        svc.dispatch_add(actor=f.oee(), announcement=item, moment=M.MIDWAY)
    when = timezone.now() + datetime.timedelta(days=2)
    svc.dispatch_add(actor=f.oee(), announcement=item, moment=M.CUSTOM, send_at=when)
    svc.dispatch_add(actor=f.oee(), announcement=item, moment=M.CUSTOM, send_at=when)
    assert item.dispatches.count() == 3


def test_an_engagement_has_no_posting_moments(persona: Any, d22_draft: Any) -> None:
    item = f.announcement(None, engagement=assessed(persona), channels=[Channel.X])
    with pytest.raises(AnnouncementInvalid) as caught:
        svc.dispatch_add(actor=f.oee(), announcement=item, moment=M.MIDWAY)
    assert "moment" in caught.value.errors
    dispatch = svc.dispatch_add(
        actor=f.oee(),
        announcement=item,
        moment=M.CUSTOM,
        send_at=timezone.now() + datetime.timedelta(days=1),
    )
    assert dispatch.status == D.SCHEDULED


# --- Cancelling -----------------------------------------------------------------------------


def test_a_scheduled_dispatch_is_cancelled_and_audited(posting: Posting) -> None:
    item = f.announcement(posting, channels=[Channel.X])
    dispatch = svc.dispatch_add(actor=f.oee(), announcement=item, moment=M.MIDWAY)
    dispatch = svc.dispatch_cancel(actor=f.persona_user("rd"), dispatch=dispatch)
    assert dispatch.status == D.CANCELLED
    assert dispatch.cancelled_by == f.persona_user("rd")
    assert AuditEvent.objects.filter(action="outreach.dispatch_cancel").exists()
    with pytest.raises(IllegalTransition):
        svc.dispatch_cancel(actor=f.oee(), dispatch=dispatch)


def test_a_dispatch_already_sending_is_not_cancelled(posting: Posting) -> None:
    item = f.announcement(posting, channels=[Channel.X])
    dispatch = svc.dispatch_add(actor=f.oee(), announcement=item, moment=M.MIDWAY)
    Dispatch.objects.filter(pk=dispatch.pk).update(status=D.SENDING)
    with pytest.raises(IllegalTransition):
        svc.dispatch_cancel(actor=f.oee(), dispatch=dispatch)
    with pytest.raises(IllegalTransition, match="being sent"):
        svc.announcement_cancel(actor=f.oee(), announcement=item)


def test_cancelling_an_announcement_cancels_what_is_to_come_and_keeps_what_was_sent(
    posting: Posting, audience: Any
) -> None:
    item = f.scheduled_announcement(
        posting, moments=[M.MIDWAY, M.CLOSING], audience=audience, channels=[Channel.EMAIL]
    )
    midway = item.dispatches.get(moment=M.MIDWAY)
    Dispatch.objects.filter(pk=midway.pk).update(status=D.SENT)
    item = svc.announcement_cancel(actor=f.oee(), announcement=item)
    assert item.status == A.CANCELLED
    assert dict(item.dispatches.values_list("moment", "status")) == {
        M.MIDWAY: D.SENT,
        M.CLOSING: D.CANCELLED,
    }


def test_a_cancelled_or_finished_announcement_can_no_longer_change(posting: Posting) -> None:
    item = f.announcement(posting, channels=[Channel.X])
    svc.announcement_cancel(actor=f.oee(), announcement=item)
    item.refresh_from_db()
    with pytest.raises(IllegalTransition):
        svc.announcement_cancel(actor=f.oee(), announcement=item)
    with pytest.raises(IllegalTransition):
        svc.dispatch_add(actor=f.oee(), announcement=item, moment=M.MIDWAY)
    with pytest.raises(IllegalTransition):
        svc.announcement_text_set(
            actor=f.oee(), announcement=item, channel="x", language="en", subject="", body="b"
        )
    with pytest.raises(IllegalTransition):
        svc.announcement_update(
            actor=f.oee(), announcement=item, title="t", channels=["x"], audience=None, link=""
        )


# --- Social posts recorded (VII-C-2) --------------------------------------------------------


@pytest.fixture
def sent_dispatch(posting: Posting) -> Dispatch:
    item = f.announcement(posting, channels=[Channel.X, Channel.FACEBOOK])
    dispatch = svc.dispatch_add(actor=f.oee(), announcement=item, moment=M.MIDWAY)
    Dispatch.objects.filter(pk=dispatch.pk).update(status=D.SENT)
    dispatch.refresh_from_db()
    return dispatch


@pytest.mark.parametrize("key", ["communications", "admin"])
def test_communications_records_a_social_post_once_VII_C_2(
    sent_dispatch: Dispatch, persona: Any, key: str
) -> None:
    post = svc.social_post_record(
        actor=persona(key),
        dispatch=sent_dispatch,
        channel="x",
        post_url="https://x.com/Chicago_Police/status/1",
    )
    assert post.posted_by == persona(key)
    assert AuditEvent.objects.filter(action="outreach.social_post_record").exists()
    with pytest.raises(IllegalTransition):
        svc.social_post_record(actor=persona(key), dispatch=sent_dispatch, channel="x")
    assert SocialPost.objects.count() == 1


@pytest.mark.parametrize("key", ["oee", "rd", "department_member"])
def test_only_communications_records_social_posts_VII_C_2(
    sent_dispatch: Dispatch, persona: Any, key: str
) -> None:
    with pytest.raises(NotAllowed):
        svc.social_post_record(actor=persona(key), dispatch=sent_dispatch, channel="x")


def test_a_social_post_is_recorded_after_the_dispatch_went_out_VII_C_2(posting: Posting) -> None:
    item = f.announcement(posting, channels=[Channel.X])
    dispatch = svc.dispatch_add(actor=f.oee(), announcement=item, moment=M.MIDWAY)
    with pytest.raises(IllegalTransition):
        svc.social_post_record(
            actor=f.persona_user("communications"), dispatch=dispatch, channel="x"
        )
    Dispatch.objects.filter(pk=dispatch.pk).update(status=D.SENDING)
    dispatch.refresh_from_db()
    assert svc.social_post_record(
        actor=f.persona_user("communications"), dispatch=dispatch, channel="x"
    ).pk


def test_a_social_post_for_another_platform_or_with_a_bad_link_is_refused(
    sent_dispatch: Dispatch,
) -> None:
    comms = f.persona_user("communications")
    with pytest.raises(DomainError):
        svc.social_post_record(actor=comms, dispatch=sent_dispatch, channel="instagram")
    with pytest.raises(DomainError):
        svc.social_post_record(actor=comms, dispatch=sent_dispatch, channel="email")
    with pytest.raises(AnnouncementInvalid):
        svc.social_post_record(
            actor=comms, dispatch=sent_dispatch, channel="facebook", post_url="http://fb.example"
        )
