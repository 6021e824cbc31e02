"""The public comment period (seed 000): requests to speak 24 hours ahead, one per person, on
the agenda; the order; and the clerk's run of 30 minutes at 3 minutes a speaker."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail

from townhall.core.errors import IllegalTransition, NotAllowed
from townhall.core.models import AuditEvent
from townhall.meetings import speaking
from townhall.meetings.models import Meeting, SpeakerRequest
from townhall.meetings.selectors import period_state, speaker_counts
from townhall.meetings.tests.factories import scheduled_meeting

pytestmark = pytest.mark.django_db
SECOND = datetime.timedelta(seconds=1)
MINUTE = datetime.timedelta(minutes=1)


def _ask(meeting, n: int, **kw):  # type: ignore[no-untyped-def]
    item = meeting.agenda.first()
    return speaking.speaker_request_submit(
        meeting=meeting,
        name=kw.pop("name", f"Speaker {n}"),
        email=kw.pop("email", f"speaker{n}@example.org"),
        phone=kw.pop("phone", ""),
        agenda_item_id=kw.pop("agenda_item_id", item.pk),
        **kw,
    )


def test_request_at_exactly_24_hours_is_accepted_with_confirmation_seed_000(
    persona, django_capture_on_commit_callbacks
) -> None:
    meeting = scheduled_meeting(persona)
    deadline = meeting.starts_at - datetime.timedelta(hours=24)
    with (
        time_machine.travel(deadline, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = _ask(meeting, 1)
    assert result.created and result.request.status == SpeakerRequest.Status.WAITING
    assert mail.outbox[-1].to == ["speaker1@example.org"]
    assert result.request.receipt in mail.outbox[-1].body


def test_request_a_second_after_24_hours_is_refused_with_the_reason_seed_000(persona) -> None:
    meeting = scheduled_meeting(persona)
    deadline = meeting.starts_at - datetime.timedelta(hours=24)
    with time_machine.travel(deadline + SECOND, tick=False):
        with pytest.raises(IllegalTransition) as exc:
            _ask(meeting, 1)
    assert "24 hours before" in exc.value.message
    assert "written comment" in exc.value.message  # what is still open
    assert not SpeakerRequest.objects.exists()


def test_one_request_per_person_per_meeting_seed_000(persona) -> None:
    meeting = scheduled_meeting(persona)
    _ask(meeting, 1, email="Ana@example.org")
    with pytest.raises(speaking.SpeakerInvalid) as exc:
        _ask(meeting, 2, email="ana@example.org")
    assert "one opportunity" in exc.value.errors["email"]
    _ask(meeting, 3, email="", phone="(312) 555-0100")
    with pytest.raises(speaking.SpeakerInvalid):
        _ask(meeting, 4, email="", phone="312.555.0100")


def test_speakers_keep_to_the_agenda_seed_000(persona) -> None:
    meeting = scheduled_meeting(persona)
    other = scheduled_meeting(persona)
    with pytest.raises(speaking.SpeakerInvalid) as exc:
        _ask(meeting, 1, agenda_item_id=None)
    assert "agenda" in exc.value.errors["agenda_item"]
    with pytest.raises(speaking.SpeakerInvalid):
        _ask(meeting, 1, agenda_item_id=other.agenda.first().pk)


def test_eleventh_request_is_told_there_is_no_assurance_seed_000(
    persona, django_capture_on_commit_callbacks
) -> None:
    meeting = scheduled_meeting(persona)
    for n in range(1, 11):
        assert not _ask(meeting, n).beyond_period
    assert not speaker_counts(meeting).more_than_period_holds
    with django_capture_on_commit_callbacks(execute=True):
        eleventh = _ask(meeting, 11)
    assert eleventh.beyond_period
    assert speaker_counts(meeting).more_than_period_holds
    assert "no assurance" in mail.outbox[-1].body


def test_lottery_is_drawn_once_after_the_deadline_and_reproducible_from_its_seed_seed_000(
    persona,
) -> None:
    meeting = scheduled_meeting(persona, speaker_order=Meeting.SpeakerOrder.LOTTERY)
    requests = [_ask(meeting, n).request for n in range(1, 8)]
    with pytest.raises(IllegalTransition, match="after requests"):
        speaking.speakers_draw(actor=persona("oee"), meeting=meeting)
    with time_machine.travel(meeting.starts_at - datetime.timedelta(hours=20), tick=False):
        drawn = speaking.speakers_draw(actor=persona("oee"), meeting=meeting)
        with pytest.raises(IllegalTransition, match="already"):
            speaking.speakers_draw(actor=persona("oee"), meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.lottery_seed is not None
    expected = speaking.lottery_order(meeting.lottery_seed, [r.pk for r in requests])
    assert [s.pk for s in drawn] == expected
    event = AuditEvent.objects.get(action="meeting.lottery")
    assert event.after["seed"] == meeting.lottery_seed
    assert len(event.after["order"]) == 7


def _open_period(persona, speakers: int):  # type: ignore[no-untyped-def]
    meeting = scheduled_meeting(persona)
    for n in range(1, speakers + 1):
        _ask(meeting, n)
    start = meeting.starts_at + datetime.timedelta(minutes=5)
    with time_machine.travel(start, tick=False):
        speaking.period_start(actor=persona("oee"), meeting=meeting)
    return meeting, start


def test_clerk_runs_30_minutes_at_3_each_and_the_eleventh_is_not_reached_seed_000(
    persona,
) -> None:
    meeting, start = _open_period(persona, 11)
    clerk = persona("oee")
    for n in range(10):
        with time_machine.travel(start + n * 3 * MINUTE, tick=False):
            called = speaking.speaker_call(actor=clerk, meeting=meeting)
            assert called.name == f"Speaker {n + 1}"
    with time_machine.travel(start + 30 * MINUTE, tick=False):
        with pytest.raises(IllegalTransition, match="used up"):
            speaking.speaker_call(actor=clerk, meeting=meeting)
        speaking.period_end(actor=clerk, meeting=meeting)
    statuses = list(meeting.speakers.order_by("position").values_list("status", flat=True))
    assert statuses == ["spoke"] * 10 + ["not_reached"]
    spoken = [s.spoken_seconds for s in meeting.speakers.filter(status="spoke")]
    assert spoken == [180] * 10


def test_speaker_clock_never_runs_past_the_period_seed_000(persona) -> None:
    meeting, start = _open_period(persona, 2)
    with time_machine.travel(start + 29 * MINUTE, tick=False):
        speaking.speaker_call(actor=persona("oee"), meeting=meeting)
        state = period_state(meeting)
    assert state["speaker_left"] == 60 and state["total_left"] == 60
    assert state["reachable"] == 0  # the one waiting cannot be reached


def test_one_opportunity_each_seed_000(persona) -> None:
    meeting, start = _open_period(persona, 2)
    clerk = persona("oee")
    with time_machine.travel(start, tick=False):
        first = speaking.speaker_call(actor=clerk, meeting=meeting)
        speaking.speaker_finish(actor=clerk, speaker=first)
        with pytest.raises(IllegalTransition, match="one opportunity"):
            speaking.speaker_call(actor=clerk, meeting=meeting, speaker=first)
        second = meeting.speakers.get(name="Speaker 2")
        speaking.speaker_absent(actor=clerk, speaker=second)
        with pytest.raises(IllegalTransition):
            speaking.speaker_call(actor=clerk, meeting=meeting, speaker=second)


def test_a_speaker_passed_over_goes_to_the_end_once(persona) -> None:
    meeting, start = _open_period(persona, 3)
    clerk = persona("oee")
    with time_machine.travel(start, tick=False):
        first = meeting.speakers.get(name="Speaker 1")
        speaking.speaker_skip(actor=clerk, speaker=first)
        assert speaking.speaker_call(actor=clerk, meeting=meeting).name == "Speaker 2"
        with pytest.raises(IllegalTransition, match="already passed over"):
            speaking.speaker_skip(actor=clerk, speaker=first)
        speaking.speaker_presence_set(actor=clerk, speaker=first, presence="remote")
    first.refresh_from_db()
    assert first.presence == "remote" and first.position == 4


def test_period_opens_only_once_the_meeting_starts_and_only_for_its_runners(persona) -> None:
    meeting = scheduled_meeting(persona)
    with pytest.raises(IllegalTransition, match="once the meeting starts"):
        speaking.period_start(actor=persona("oee"), meeting=meeting)
    with time_machine.travel(meeting.starts_at, tick=False):
        with pytest.raises(NotAllowed):
            speaking.period_start(actor=persona("communications"), meeting=meeting)
        speaking.period_start(actor=persona("oee"), meeting=meeting)
        with pytest.raises(IllegalTransition, match="already begun"):
            speaking.period_start(actor=persona("oee"), meeting=meeting)


def test_every_clerk_move_is_audited(persona) -> None:
    meeting, start = _open_period(persona, 2)
    clerk = persona("oee")
    with time_machine.travel(start + MINUTE, tick=False):
        called = speaking.speaker_call(actor=clerk, meeting=meeting)
        speaking.speaker_finish(actor=clerk, speaker=called)
        speaking.period_end(actor=clerk, meeting=meeting)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"period.start", "speaker.call", "speaker.finish", "period.end"} <= actions


def test_no_assurance_is_for_those_beyond_the_period_or_anyone_before_a_lottery_seed_000(
    persona,
) -> None:
    first_come = scheduled_meeting(persona)
    asked = [_ask(first_come, n).request for n in range(1, 12)]
    assert not speaking.beyond_period(asked[0], speaking.ahead_of(asked[0]))
    assert speaking.beyond_period(asked[10], speaking.ahead_of(asked[10]))
    lottery = scheduled_meeting(persona, speaker_order=Meeting.SpeakerOrder.LOTTERY)
    drawn = [_ask(lottery, n).request for n in range(1, 12)]
    # Before the draw, the first to ask may be drawn last.
    assert speaking.beyond_period(drawn[0], speaking.ahead_of(drawn[0]))


def test_an_overlong_interpretation_need_is_refused_not_cut(persona) -> None:
    meeting = scheduled_meeting(persona)
    with pytest.raises(speaking.SpeakerInvalid) as exc:
        _ask(meeting, 1, interpretation="Spanish " * 20)
    assert "100 characters" in exc.value.errors["interpretation"]
