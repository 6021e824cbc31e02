"""The feedback pool, the analysis run, and human review that survives a re-run
(V-D-3, VI-B-5, VII-D-5)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from townhall.core.errors import DomainError, NotAllowed
from townhall.core.models import AuditEvent
from townhall.feedback import analysis, review
from townhall.feedback.models import (
    AnalysisRun,
    Campaign,
    FeedbackItem,
    Theme,
    ThemeAssignment,
)
from townhall.feedback.services import comment_hide, comment_submit
from townhall.feedback.tests.texts import LETTER, SNAP_ELDERLY, SNAP_UTILITIES, YOUTH
from townhall.postings.tests.factories import open_posting

pytestmark = pytest.mark.django_db

OWN = "My son was stopped twice on his way to school last spring and nobody explained why."


@pytest.fixture
def posting(d22_draft):  # type: ignore[no-untyped-def]
    return open_posting(d22_draft)


def _campaign_and_organic(posting) -> None:  # type: ignore[no-untyped-def]
    for name in ("Maria Johnson", "James Nowak", "Aisha Patel", "Wei Chen", "Rosa Garcia"):
        comment_submit(posting=posting, body=LETTER.replace("[NAME]", name), section="V-C-10")
    comment_submit(posting=posting, body=LETTER.replace("[NAME]", "Tomasz Kowalski") + "\n\n" + OWN)
    for text in SNAP_UTILITIES + SNAP_ELDERLY + YOUTH:
        comment_submit(posting=posting, body=text)


def _run(actor, posting) -> AnalysisRun:  # type: ignore[no-untyped-def]
    return analysis.analysis_run_now(actor=actor, posting=posting)


def test_every_comment_joins_the_pool_once_and_hidden_ones_stay_out_V_D_3(persona, posting) -> None:
    kept = comment_submit(posting=posting, body="Posting periods are too short.").comment
    hidden = comment_submit(posting=posting, body="Spam spam spam.").comment
    comment_hide(actor=persona("oee"), comment=hidden, reason="Advertising")
    assert analysis.pool_sync_comments(posting=posting) == 1
    assert analysis.pool_sync_comments(posting=posting) == 0
    item = FeedbackItem.objects.get(posting=posting)
    assert (item.comment_id, item.source, item.text) == (
        kept.pk,
        FeedbackItem.Source.COMMENT,
        "Posting periods are too short.",
    )


def test_the_pool_quotes_the_redacted_text(posting) -> None:  # type: ignore[no-untyped-def]
    comment_submit(posting=posting, body="Write to me at dana.reyes@example.org about this.")
    analysis.pool_sync_comments(posting=posting)
    assert "dana.reyes@example.org" not in FeedbackItem.objects.get(posting=posting).text


def test_other_sources_add_to_the_pool_through_one_service_once(posting) -> None:  # type: ignore[no-untyped-def]
    first = analysis.pool_add(
        posting=posting,
        source=FeedbackItem.Source.FACILITATOR_NOTE,
        text="Residents at the 11th District meeting asked for the policy in Spanish.",
        received_at=timezone.now(),
        source_ref="meetings.Note:1",
    )
    again = analysis.pool_add(
        posting=posting,
        source=FeedbackItem.Source.FACILITATOR_NOTE,
        text="Residents at the 11th District meeting asked for the policy in Spanish.",
        received_at=timezone.now(),
        source_ref="meetings.Note:1",
    )
    assert first.pk == again.pk
    with pytest.raises(DomainError):
        analysis.pool_add(
            posting=posting,
            source=FeedbackItem.Source.COMMENT,
            text="x",
            received_at=timezone.now(),
            source_ref="y",
        )


@pytest.mark.parametrize("role", ["department_member", "pscd", "communications", "ocpr"])
def test_only_reviewing_units_run_the_analysis_V_D_3(persona, posting, role) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotAllowed):
        analysis.analysis_request(actor=persona(role), posting=posting)


def test_one_run_at_a_time_per_posting(persona, posting) -> None:  # type: ignore[no-untyped-def]
    first = analysis.analysis_request(actor=persona("oee"), posting=posting)
    second = analysis.analysis_request(actor=persona("rd"), posting=posting)
    assert first.pk == second.pk
    assert AuditEvent.objects.filter(action="analysis.request").count() == 1


def test_the_analysis_groups_the_campaign_and_finds_themes_V_D_3(persona, posting) -> None:
    _campaign_and_organic(posting)
    run = _run(persona("oee"), posting)
    assert run.status == AnalysisRun.Status.DONE
    assert run.stats["items"] == 18 and run.stats["campaigns"] == 1
    campaign = Campaign.objects.get(posting=posting)
    assert (campaign.size, campaign.with_additions, campaign.unfilled) == (6, 1, [])
    with_own = FeedbackItem.objects.exclude(additions=[]).get(campaign=campaign)
    assert OWN.rstrip(".") in with_own.additions[0]
    themes = list(Theme.objects.filter(posting=posting, status=Theme.Status.ACTIVE))
    assert themes and all(t.label for t in themes)
    # Campaigns count once with their weight: the representative is placed, its copies not.
    placed = ThemeAssignment.objects.filter(item__posting=posting, is_current=True)
    assert placed.count() == 12 + 1
    assert placed.filter(item=campaign.representative).exists()
    assert sum(t.size for t in themes) <= 18
    assert AuditEvent.objects.filter(action="analysis.done").exists()


def test_progress_is_written_and_reported(persona, posting) -> None:  # type: ignore[no-untyped-def]
    _campaign_and_organic(posting)
    run = analysis.analysis_request(actor=persona("oee"), posting=posting)
    stages: list[str] = []
    analysis.analysis_run(run_id=run.pk, progress=lambda s, d, t: stages.append(s))
    run.refresh_from_db()
    assert {"pool", "near copies", "themes"} <= set(stages)
    assert run.total and run.done == run.total


def test_running_a_finished_run_again_does_nothing(persona, posting) -> None:  # type: ignore[no-untyped-def]
    _campaign_and_organic(posting)
    run = _run(persona("oee"), posting)
    assert analysis.analysis_run(run_id=run.pk).finished_at == run.finished_at


def test_rerun_keeps_human_decisions_and_the_machine_result_stays_recoverable(
    persona, posting
) -> None:  # type: ignore[no-untyped-def]
    oee = persona("oee")
    _campaign_and_organic(posting)
    _run(oee, posting)
    themes = list(Theme.objects.filter(posting=posting, status="active").order_by("-size"))
    named = review.theme_rename(actor=oee, theme=themes[0], label="Money for police vs services")
    by_hand = review.theme_create(actor=oee, posting=posting, label="Language access")
    moved = FeedbackItem.objects.get(posting=posting, text=YOUTH[0])
    review.items_assign(actor=oee, items=[moved], theme=by_hand)
    decided = review.theme_decide(
        actor=oee,
        theme=named,
        disposition=Theme.Disposition.ADOPTED,
        revised_version=posting.version,
        revised_section="V-C-10",
    )
    comment_submit(posting=posting, body="Please post the draft in Polish and Arabic as well.")
    _run(oee, posting)

    named.refresh_from_db()
    by_hand.refresh_from_db()
    assert named.label == "Money for police vs services" and named.status == "active"
    assert named.disposition == decided.disposition == "adopted"
    assert by_hand.status == "active"
    current = ThemeAssignment.objects.get(item=moved, is_current=True)
    assert (current.theme, current.by_machine, current.actor) == (by_hand, False, oee)
    # The machine's first placement of that comment is still there to compare.
    assert ThemeAssignment.objects.filter(item=moved, by_machine=True, is_current=False).exists()
    assert ThemeAssignment.objects.filter(item__posting=posting, is_current=True).count() == 14


def test_merge_split_and_off_topic_are_person_decisions(persona, posting) -> None:  # type: ignore[no-untyped-def]
    oee = persona("oee")
    _campaign_and_organic(posting)
    _run(oee, posting)
    first, second, *_ = Theme.objects.filter(posting=posting, status="active").order_by("id")
    merged_items = set(
        ThemeAssignment.objects.filter(theme__in=[first, second], is_current=True).values_list(
            "item_id", flat=True
        )
    )
    into = review.theme_merge(actor=oee, theme=second, into=first)
    second.refresh_from_db()
    assert (second.status, second.merged_into) == ("merged", first)
    assert (
        set(
            ThemeAssignment.objects.filter(theme=into, is_current=True).values_list(
                "item_id", flat=True
            )
        )
        == merged_items
    )
    item = FeedbackItem.objects.get(pk=min(merged_items))
    new = review.theme_split(actor=oee, theme=into, items=[item], label="A theme of its own")
    assert ThemeAssignment.objects.get(item=item, is_current=True).theme == new
    review.items_mark_off_topic(actor=oee, posting=posting, items=[item])
    current = ThemeAssignment.objects.get(item=item, is_current=True)
    assert (current.kind, current.theme) == ("off_topic", None)
    assert FeedbackItem.objects.filter(pk=item.pk).exists()  # still in the record


def test_a_decision_names_the_revision_or_the_reason_VII_D_5(persona, posting) -> None:  # type: ignore[no-untyped-def]
    oee = persona("oee")
    _campaign_and_organic(posting)
    _run(oee, posting)
    theme = Theme.objects.filter(posting=posting, status="active").first()
    with pytest.raises(DomainError, match="revised draft"):
        review.theme_decide(actor=oee, theme=theme, disposition="adopted")
    with pytest.raises(DomainError, match="no item Z-9"):
        review.theme_decide(
            actor=oee,
            theme=theme,
            disposition="partly",
            revised_version=posting.version,
            revised_section="Z-9",
        )
    with pytest.raises(DomainError, match="why"):
        review.theme_decide(actor=oee, theme=theme, disposition="not_adopted")
    decided = review.theme_decide(
        actor=oee, theme=theme, disposition="not_adopted", reason="State law requires it."
    )
    assert (decided.disposition, decided.revised_section) == ("not_adopted", "")
    assert AuditEvent.objects.filter(action="theme.decide", object_id=str(theme.pk)).exists()
    with pytest.raises(NotAllowed):
        review.theme_rename(actor=persona("pscd"), theme=theme, label="x")


def test_agreement_check_is_blind_and_reports_an_interval(persona, posting, client_as) -> None:  # type: ignore[no-untyped-def]
    from townhall.feedback.agreement import (
        agreement_draw,
        agreement_record,
        agreement_result,
        cohen_kappa,
        wilson,
    )

    oee = persona("oee")
    _campaign_and_organic(posting)
    _run(oee, posting)
    sample = agreement_draw(actor=oee, posting=posting, size=10, seed=7)
    labels = list(sample.labels.all())
    assert len(labels) == 10
    # The page does not show the machine's choice: nothing is preselected.
    page = client_as("oee").get(f"/staff/comments/posting/{posting.pk}/analysis/agreement/").text
    assert page.count(" selected") == 1  # the language menu's; no theme is chosen
    for n, label in enumerate(labels):
        if n < 8 and label.machine_theme is not None:
            agreement_record(actor=oee, label=label, theme=label.machine_theme)
        else:
            agreement_record(actor=oee, label=label, theme=None, off_topic=True)
    result = agreement_result(sample)
    assert result.labelled == 10 and result.agreed <= 8
    assert result.low is not None and result.high is not None
    assert result.low <= result.share <= result.high  # type: ignore[operator]
    low, high = wilson(8, 10)
    assert (round(low, 3), round(high, 3)) == (0.490, 0.943)
    assert cohen_kappa([(1, 1), (2, 2), (1, 2), (2, 2)]) == pytest.approx(0.5)
    with pytest.raises(NotAllowed):
        agreement_draw(actor=persona("pscd"), posting=posting)


def test_the_command_runs_the_analysis_with_progress(persona, posting) -> None:  # type: ignore[no-untyped-def]
    import io

    from django.core.management import CommandError, call_command

    oee = persona("oee")
    _campaign_and_organic(posting)
    out, err = io.StringIO(), io.StringIO()
    call_command("analyze_feedback", posting.pk, "--as", oee.username, stdout=out, stderr=err)
    assert "18 items: 12 unique, 6 in 1 campaigns" in out.getvalue()
    assert "near copies" in err.getvalue()  # the progress bars
    with pytest.raises(CommandError, match="cannot run"):
        call_command("analyze_feedback", posting.pk, "--as", persona("pscd").username)


def test_each_recommendation_drawn_from_a_theme_gets_its_own_decision_VII_D_5(
    persona, posting, client_as
) -> None:  # type: ignore[no-untyped-def]
    oee = persona("oee")
    _campaign_and_organic(posting)
    _run(oee, posting)
    theme = Theme.objects.filter(posting=posting, status="active").first()
    with pytest.raises(DomainError):
        review.recommendation_add(actor=oee, theme=theme, text="   ")
    rec = review.recommendation_add(
        actor=oee, theme=theme, text="Keep the comment period at 21 days at least."
    )
    with pytest.raises(DomainError, match="why"):
        review.recommendation_decide(actor=oee, recommendation=rec, disposition="not_adopted")
    decided = review.recommendation_decide(
        actor=oee,
        recommendation=rec,
        disposition="partly",
        revised_version=posting.version,
        revised_section="V-C-10",
    )
    assert (decided.disposition, decided.revised_section) == ("partly", "V-C-10")
    page = client_as("oee").get(f"/staff/comments/themes/{theme.pk}/").text
    assert "Keep the comment period at 21 days" in page and "Partly adopted" in page
    response = client_as("rd").post(
        f"/staff/comments/recommendations/{rec.pk}/decide/",
        {f"rec-{rec.pk}-disposition": "future", f"rec-{rec.pk}-reason": "Next annual review."},
    )
    assert response.status_code == 302
    rec.refresh_from_db()
    assert (rec.disposition, rec.revised_section) == ("future", "")
    assert AuditEvent.objects.filter(action="recommendation.decide").count() == 2


def test_a_campaign_placed_by_a_person_stays_placed_when_more_copies_arrive(
    persona, posting
) -> None:  # type: ignore[no-untyped-def]
    oee = persona("oee")
    _campaign_and_organic(posting)
    _run(oee, posting)
    campaign = Campaign.objects.get(posting=posting)
    by_hand = review.theme_create(actor=oee, posting=posting, label="Police budget letters")
    review.items_assign(actor=oee, items=[campaign.representative], theme=by_hand)
    for name in ("Olga Nowak", "Keisha Brown", "Priya Shah", "Omar Ali"):
        comment_submit(posting=posting, body=LETTER.replace("[NAME]", name))
    _run(oee, posting)
    campaign.refresh_from_db()
    assert campaign.size == 10 and campaign.is_current
    by_hand.refresh_from_db()
    assert by_hand.size == 10  # the whole campaign, through its unchanged representative


def test_a_run_whose_worker_died_does_not_block_the_next(persona, posting) -> None:  # type: ignore[no-untyped-def]
    import datetime

    import time_machine

    comment_submit(posting=posting, body=OWN)
    stuck = analysis.analysis_request(actor=persona("oee"), posting=posting)
    AnalysisRun.objects.filter(pk=stuck.pk).update(status="running", done=1, total=5)
    with time_machine.travel(timezone.now() + analysis.STALE_AFTER + datetime.timedelta(minutes=1)):
        fresh = analysis.analysis_request(actor=persona("oee"), posting=posting)
    assert fresh.pk != stuck.pk
    stuck.refresh_from_db()
    assert stuck.status == "failed" and "stopped" in stuck.error
    from townhall.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="analysis.failed", object_id=str(stuck.pk)).exists()


def test_a_comment_hidden_after_joining_the_pool_leaves_the_analysis(persona, posting) -> None:  # type: ignore[no-untyped-def]
    oee = persona("oee")
    _campaign_and_organic(posting)
    spam = comment_submit(posting=posting, body="Buy cheap watches at this address today!").comment
    _run(oee, posting)
    comment_hide(actor=oee, comment=spam, reason="Advertising")
    run = _run(oee, posting)
    assert run.stats["items"] == 18
    assert FeedbackItem.objects.filter(comment=spam).exists()  # still in the pool and record
    from townhall.feedback.selectors import unreviewed_items

    assert not unreviewed_items(posting).filter(comment=spam).exists()  # nor in the queue


def test_comments_in_hindi_arabic_and_chinese_get_themes(persona, posting) -> None:  # type: ignore[no-untyped-def]
    texts = [
        "पुलिस को बॉडी कैमरा हमेशा चालू रखना चाहिए",
        "बॉडी कैमरा की रिकॉर्डिंग जनता को मिलनी चाहिए",
        "يجب أن تُعقد اجتماعات المجتمع في المساء",
        "اجتماعات المجتمع في المساء أسهل للعائلات",
        "警察应该一直开着执法记录仪",
        "执法记录仪的录像应该公开",
    ]
    for text in texts:
        comment_submit(posting=posting, body=text)
    run = _run(persona("oee"), posting)
    assert run.stats["unassigned"] == 0
    assert all(len(t.label) <= 200 for t in Theme.objects.filter(posting=posting))


def test_texts_without_words_are_never_a_campaign(persona, posting) -> None:  # type: ignore[no-untyped-def]
    for text in ("👍", "👍", "???", "!!!"):
        comment_submit(posting=posting, body=text)
    run = _run(persona("oee"), posting)
    assert run.stats["campaigns"] == 0 and run.stats["unique"] == 4


def test_no_theme_and_off_topic_are_the_same_answer_in_the_agreement_check(
    persona, posting
) -> None:  # type: ignore[no-untyped-def]
    from townhall.feedback.models import AgreementLabel

    label = AgreementLabel(machine_theme=None, human_off_topic=True, labelled_at=timezone.now())
    assert label.agrees is True


def test_moving_a_comment_recounts_both_themes(persona, posting) -> None:  # type: ignore[no-untyped-def]
    oee = persona("oee")
    _campaign_and_organic(posting)
    _run(oee, posting)
    item = FeedbackItem.objects.get(posting=posting, text=SNAP_ELDERLY[0])
    source = ThemeAssignment.objects.get(item=item, is_current=True).theme
    target = review.theme_create(actor=oee, posting=posting, label="Seniors")
    before = source.size
    review.items_assign(actor=oee, items=[item], theme=target)
    source.refresh_from_db()
    target.refresh_from_db()
    assert (source.size, target.size) == (before - 1, 1)
    assert target.quotes == [item.pk]


def test_a_run_in_the_foreground_is_not_also_queued_for_the_worker(
    persona, posting, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _campaign_and_organic(posting)
    with django_capture_on_commit_callbacks() as callbacks:
        run = analysis.analysis_run_now(actor=persona("oee"), posting=posting)
    assert run.status == "done"
    assert not [c for c in callbacks if "to_worker" in getattr(c, "__qualname__", "")]
