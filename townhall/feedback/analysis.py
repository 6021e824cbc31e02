"""Writes of the feedback pool and its analysis: adding to the pool, running the analysis.

The analysis (V-D-3) runs in the worker: it brings new posting comments into the pool, groups
campaigns (feedback.campaigns), finds themes (feedback.themes) and stores both, keeping every
human decision: an item a person has placed keeps its place, a theme a person has named,
created or decided on is never retired, and a machine theme found again keeps its identity.
Decisions on themes are in review.py.
"""

from __future__ import annotations

import datetime
import math
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.accounts.models import User
from townhall.core.audit import audit_record
from townhall.core.errors import DomainError, IllegalTransition, NotAllowed
from townhall.engagements.models import Engagement
from townhall.feedback import campaigns as campaign_detection
from townhall.feedback import permissions
from townhall.feedback import themes as theme_discovery
from townhall.feedback.models import (
    AnalysisRun,
    Campaign,
    Comment,
    FeedbackItem,
    Theme,
    ThemeAssignment,
)
from townhall.feedback.pii import redact
from townhall.feedback.selectors import analysable_items
from townhall.postings.models import Posting

__all__ = [
    "analysis_request",
    "analysis_run",
    "analysis_run_now",
    "pool_add",
    "pool_sync_comments",
]

CHUNK = 5000
# A run that has said nothing for this long is taken to have died with its worker.
STALE_AFTER = datetime.timedelta(minutes=30)


def pool_add(
    *,
    posting: Posting | None,
    source: str,
    text: str,
    received_at: datetime.datetime,
    source_ref: str,
    section: str = "",
    origin: str = Comment.Origin.EXTERNAL,
    channel: str = "",
    engagement: Engagement | None = None,
) -> FeedbackItem:
    """The one way any capability other than posting comments adds feedback to a pool
    (meeting comments, facilitator notes, survey answers, proposals): a posting's, an
    engagement's, or both. `source_ref` names the source row ("meetings.WrittenComment:12");
    adding the same one twice returns the first item."""
    if posting is None and engagement is None:
        raise DomainError(_("Feedback is added to a posting's or an engagement's pool."))
    if source not in FeedbackItem.Source.values or source == FeedbackItem.Source.COMMENT:
        raise DomainError(_("Unknown kind of feedback: %(source)s") % {"source": source})
    if not source_ref:
        raise DomainError(_("Feedback added to the pool must name where it came from."))
    text = text.replace("\x00", "").strip()
    if not text:
        raise DomainError(_("There is no text to add."))
    existing = FeedbackItem.objects.filter(source=source, source_ref=source_ref).first()
    if existing is not None:
        return existing
    redacted, _kinds = redact(text)
    try:
        with transaction.atomic():
            return FeedbackItem.objects.create(
                posting=posting,
                engagement=engagement,
                source=source,
                source_ref=source_ref,
                text=redacted,
                section_anchor=section,
                origin=origin,
                channel=channel,
                received_at=received_at,
            )
    except IntegrityError:  # the same source added concurrently
        return FeedbackItem.objects.get(source=source, source_ref=source_ref)


def pool_sync_comments(*, posting: Posting) -> int:
    """Bring the posting's comments that are not yet in the pool into it, in one statement:
    the text as it may be quoted (redacted where personal information was found). Hidden
    comments stay out of the analysis (they were hidden for a reason staff recorded); they
    stay in the record. Returns how many items were added."""
    table = FeedbackItem._meta.db_table
    comments = Comment._meta.db_table
    sql = (
        f"INSERT INTO {table} (posting_id, source, comment_id, source_ref, text, section_anchor, "  # noqa: S608
        "origin, channel, received_at, additions, stance) "
        f"SELECT c.posting_id, %s, c.id, '', "
        "CASE WHEN c.redacted_body <> '' THEN c.redacted_body ELSE c.body END, "
        "c.section_anchor, c.origin, c.channel, c.submitted_at, '[]', '' "
        f"FROM {comments} c LEFT JOIN {table} f ON f.comment_id = c.id "
        "WHERE c.posting_id = %s AND c.status <> %s AND f.id IS NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [FeedbackItem.Source.COMMENT, posting.pk, Comment.Status.HIDDEN])
        return int(cursor.rowcount or 0)


def analysis_request(*, actor: User, posting: Posting, enqueue: bool = True) -> AnalysisRun:
    """Queue an analysis of the posting's feedback for the worker (`enqueue=False`: for
    the caller to run it, see analysis_run_now). One runs at a time per posting: asking again
    while one waits or runs returns that one."""
    if not permissions.can_review_feedback(actor):
        raise NotAllowed(_("Your role cannot run the analysis."))
    if posting.status in (Posting.Status.DRAFT, Posting.Status.IN_REVIEW):
        raise IllegalTransition(
            _("This posting takes no comments yet; there is nothing to analyse.")
        )
    active = _active_run(posting)
    if active is not None:
        return active
    try:
        with transaction.atomic():
            run = AnalysisRun.objects.create(posting=posting, requested_by=actor)
            audit_record(actor=actor, action="analysis.request", obj=run)
    except IntegrityError:  # a second request at the same moment
        active = _active_run(posting)
        if active is None:
            raise
        return active

    def to_worker() -> None:
        from townhall.feedback.tasks import analysis_task

        analysis_task.enqueue(run.pk)

    if enqueue:
        transaction.on_commit(to_worker, robust=True)
    return run


def analysis_run_now(
    *, actor: User, posting: Posting, progress: Callable[[str, int, int], None] | None = None
) -> AnalysisRun:
    """Request and run an analysis here, in the foreground (the command line, the demo, the
    benchmark), without also queueing it for the worker. A run already waiting or running
    elsewhere is returned as it stands."""
    run = analysis_request(actor=actor, posting=posting, enqueue=False)
    return analysis_run(run_id=run.pk, progress=progress)


def _active_run(posting: Posting) -> AnalysisRun | None:
    """The posting's run that is waiting or running, unless it has gone silent for
    STALE_AFTER (its worker died, or it was never picked up): that one is marked failed."""
    run = AnalysisRun.objects.filter(
        posting=posting, status__in=[AnalysisRun.Status.QUEUED, AnalysisRun.Status.RUNNING]
    ).first()
    if run is None:
        return None
    last = run.heartbeat or run.started_at or run.created_at
    if timezone.now() - last > STALE_AFTER:
        _run_fail(run, "The run stopped reporting progress; its worker probably stopped.")
        return None
    return run


def _run_fail(run: AnalysisRun, error: str) -> None:
    """A waiting or running run fails: its worker died, or the analysis raised. Audited, as
    every move of a run is."""
    failed = AnalysisRun.objects.filter(
        pk=run.pk, status__in=[AnalysisRun.Status.QUEUED, AnalysisRun.Status.RUNNING]
    ).update(status=AnalysisRun.Status.FAILED, finished_at=timezone.now(), error=error[:2000])
    if failed:
        audit_record(actor=None, action="analysis.failed", obj=run, after={"error": error[:200]})


@dataclass
class _Progress:
    run_id: int
    echo: Callable[[str, int, int], None] | None
    last: float = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.echo:
            self.echo(stage, done, total)
        now = time.monotonic()
        if now - self.last >= 0.5 or done >= total:
            self.last = now
            AnalysisRun.objects.filter(pk=self.run_id).update(
                stage=stage[:40],
                done=min(done, 2**31 - 1),
                total=min(total, 2**31 - 1),
                heartbeat=timezone.now(),
            )


def analysis_run(
    *, run_id: int, progress: Callable[[str, int, int], None] | None = None
) -> AnalysisRun:
    """The worker's job: run one queued analysis to the end. Safe to call twice: a run that is
    done or failed is left as it is."""
    now = timezone.now()
    claimed = AnalysisRun.objects.filter(pk=run_id, status=AnalysisRun.Status.QUEUED).update(
        status=AnalysisRun.Status.RUNNING, started_at=now, heartbeat=now
    )
    run = AnalysisRun.objects.select_related("posting").get(pk=run_id)
    if not claimed:
        return run
    report = _Progress(run_id=run.pk, echo=progress)
    timings: dict[str, float] = {}
    try:
        stats = _analyse(run, report, timings)
    except Exception as exc:
        _run_fail(run, repr(exc))
        raise
    stats["seconds"] = {k: round(v, 2) for k, v in timings.items()}
    AnalysisRun.objects.filter(pk=run.pk, status=AnalysisRun.Status.RUNNING).update(
        status=AnalysisRun.Status.DONE, finished_at=timezone.now(), stats=stats
    )
    audit_record(actor=None, action="analysis.done", obj=run, after=_summary(stats))
    run.refresh_from_db()
    return run


def _summary(stats: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in stats.items() if k in ("items", "campaigns", "themes", "unique")}


def _chunks(ids: list[int], size: int = CHUNK) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


@contextmanager
def _timed(timings: dict[str, float], name: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[name] = timings.get(name, 0.0) + time.perf_counter() - start


def _analyse(run: AnalysisRun, report: _Progress, timings: dict[str, float]) -> dict[str, Any]:
    posting = run.posting
    with _timed(timings, "pool"):
        added = pool_sync_comments(posting=posting)
        texts: dict[int, str] = {}
        sections: dict[int, str] = {}
        items: list[campaign_detection.Item] = []
        for pk, text, at, anchor in (
            analysable_items(posting)
            .order_by("id")
            .values_list("id", "text", "received_at", "section_anchor")
            .iterator(chunk_size=CHUNK)
        ):
            texts[pk] = text
            if anchor:
                sections[pk] = anchor
            items.append(campaign_detection.Item(id=pk, text=text, at=at))
    report("pool", len(items), len(items))

    with _timed(timings, "campaigns"):
        preferred = frozenset(
            Campaign.objects.filter(posting=posting, is_current=True).values_list(
                "representative_id", flat=True
            )
        )
        found = campaign_detection.detect(items, progress=report, preferred=preferred)
        del items
        _store_campaigns(run, found, report)

    # Campaigns count once: each campaign's representative with its size as weight.
    docs: list[int] = list(found.unique_ids)
    weights: list[float] = [1.0] * len(docs)
    for campaign in found.campaigns:
        docs.append(campaign.representative.item_ids[0])
        weights.append(float(campaign.size))
    with _timed(timings, "themes"):
        model = theme_discovery.discover([texts[i] for i in docs], weights, progress=report)
        # Worked out before the store, so its regular expressions never run under the lock.
        stances = {item_id: theme_discovery.stance_of(texts[item_id]) for item_id in docs}
    with _timed(timings, "store themes"):
        theme_count = _store_themes(run, posting, model, docs, weights, stances, sections, report)
    return {
        "items": len(texts),
        "added_to_pool": added,
        "unique": len(found.unique_ids),
        "campaigns": len(found.campaigns),
        "campaign_copies": sum(c.size for c in found.campaigns),
        "themes": theme_count,
        "unassigned": sum(1 for a in model.assignment if a < 0),
    }


def _campaign_batches(
    campaigns: list[campaign_detection.Campaign], items: int = 4 * CHUNK
) -> Iterator[list[tuple[int, campaign_detection.Campaign]]]:
    batch: list[tuple[int, campaign_detection.Campaign]] = []
    size = 0
    for n, c in enumerate(campaigns):
        batch.append((n, c))
        size += c.size
        if size >= items or len(batch) >= 50:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _store_campaigns(
    run: AnalysisRun, found: campaign_detection.CampaignResult, report: _Progress
) -> None:
    """Store the campaigns in short transactions, a batch at a time: on SQLite a single
    transaction over a million rows would hold the one write lock for minutes, and comments
    and staff decisions would wait on it."""
    posting = run.posting
    total = len(found.campaigns)
    with transaction.atomic():
        Campaign.objects.filter(posting=posting).update(is_current=False)
        FeedbackItem.objects.filter(posting=posting).exclude(campaign=None, additions=[]).update(
            campaign=None, additions=[]
        )
    for batch in _campaign_batches(found.campaigns):
        with transaction.atomic():
            pending: list[FeedbackItem] = []
            for n, c in batch:
                rep = c.representative
                values = {
                    "representative_id": rep.item_ids[0],
                    "representative_text": rep.text,
                    "size": c.size,
                    "variant_count": len(c.variants),
                    "with_additions": sum(v.count for v in c.variants if v.key in c.additions),
                    "first_seen": c.first_seen,
                    "last_seen": c.last_seen,
                    "unfilled": c.unfilled,
                    "bursts": [{"at": at.isoformat(), "copies": k} for at, k in c.bursts],
                    "run": run,
                    "is_current": True,
                }
                campaign, _created = Campaign.objects.update_or_create(
                    posting=posting, key=rep.key, defaults=values
                )
                for chunk in _chunks(c.item_ids):
                    FeedbackItem.objects.filter(pk__in=chunk).update(campaign=campaign)
                pending.extend(
                    FeedbackItem(pk=item_id, additions=c.additions[v.key])
                    for v in c.variants
                    if v.key in c.additions
                    for item_id in v.item_ids
                )
                report("storing campaigns", n + 1, total)
            FeedbackItem.objects.bulk_update(pending, ["additions"], batch_size=1000)


def lock_posting(posting_id: int) -> None:
    """Serialise writes to a posting's analysis (a row lock on PostgreSQL; SQLite already has
    one writer at a time). FOR NO KEY UPDATE: it still serialises runs and decisions, but
    leaves alone the key-share lock every new comment takes on its posting, so a long store
    of themes never holds up people commenting."""
    Posting.objects.select_for_update(no_key=True).filter(pk=posting_id).values_list("pk").first()


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


MATCH_THEMES_AT = 0.35


def _match_themes(posting: Posting, found: list[theme_discovery.Theme]) -> dict[int, Theme | None]:
    """Pair each theme found now with the existing theme it resembles most (cosine of their
    word weights), one to one, best pairs first. A theme a person merged away is matched too,
    and stands for the theme it was merged into: the merge is a decision the run keeps."""
    existing = list(
        Theme.objects.filter(
            posting=posting, status__in=[Theme.Status.ACTIVE, Theme.Status.MERGED]
        ).exclude(terms={})
    )
    targets = {t.pk: t for t in Theme.objects.filter(posting=posting, status=Theme.Status.ACTIVE)}
    merged_into = {t.pk: t.merged_into_id for t in existing if t.status == Theme.Status.MERGED}

    def resolve(theme: Theme) -> Theme | None:
        pk: int | None = theme.pk
        seen: set[int] = set()
        while pk is not None and pk in merged_into and pk not in seen:
            seen.add(pk)
            pk = merged_into[pk]
        return targets.get(pk) if pk is not None else None

    pairs = sorted(
        ((_cosine(new.terms, old.terms), new.index, old) for new in found for old in existing),
        key=lambda p: -p[0],
    )
    matched: dict[int, Theme | None] = {t.index: None for t in found}
    used: set[int] = set()
    for score, index, old in pairs:
        if score < MATCH_THEMES_AT:
            break
        if matched[index] is None and old.pk not in used:
            used.add(old.pk)
            matched[index] = resolve(old)
    return matched


def _store_themes(
    run: AnalysisRun,
    posting: Posting,
    model: theme_discovery.ThemeModel,
    docs: list[int],
    weights: list[float],
    stances: dict[int, str],
    sections: dict[int, str],
    report: _Progress,
) -> int:
    with transaction.atomic():
        # Staff decisions (review.py) take the same lock: a decision made while the run
        # computed is read here, and none can slip in between this read and the writes.
        lock_posting(posting.pk)
        matched = _match_themes(posting, model.themes)
        by_index: dict[int, Theme] = {}
        stored: set[int] = set()
        for found in model.themes:
            theme = matched[found.index]
            if theme is None:
                theme = Theme.objects.create(
                    posting=posting,
                    label=found.label,
                    machine_label=found.label,
                    key_phrases=found.key_phrases,
                    terms=found.terms,
                )
            elif theme.pk in stored:
                pass  # a second topic found for a theme a person merged: it joins that theme
            else:
                Theme.objects.filter(pk=theme.pk).update(
                    machine_label=found.label, key_phrases=found.key_phrases, terms=found.terms
                )
                Theme.objects.filter(pk=theme.pk, label_by_person=False).update(label=found.label)
            by_index[found.index] = theme
            stored.add(theme.pk)
        person_rows = list(
            ThemeAssignment.objects.filter(
                item__posting=posting, is_current=True, by_machine=False
            ).values_list("item_id", "theme_id")
        )
        placed_by_person = {item_id for item_id, _theme in person_rows}
        person_themes = {theme_id for _item, theme_id in person_rows if theme_id is not None}
        # Themes not found again retire, unless a person made, named, decided on or placed
        # comments in them.
        retired = [
            old.pk
            for old in Theme.objects.filter(posting=posting, status=Theme.Status.ACTIVE).exclude(
                pk__in=stored
            )
            if not old.touched_by_person and old.pk not in person_themes
        ]
        Theme.objects.filter(pk__in=retired).update(status=Theme.Status.RETIRED)

        ThemeAssignment.objects.filter(
            item__posting=posting, is_current=True, by_machine=True
        ).update(is_current=False)
        now = timezone.now()
        new_rows = []
        for n, item_id in enumerate(docs):
            if item_id in placed_by_person:
                continue
            index = model.assignment[n]
            theme = by_index.get(index)
            new_rows.append(
                ThemeAssignment(
                    item_id=item_id,
                    theme=theme,
                    kind=ThemeAssignment.Kind.THEME if theme else ThemeAssignment.Kind.NONE,
                    by_machine=True,
                    run=run,
                    strength=model.strength[n],
                    created_at=now,
                )
            )
        total = len(new_rows)
        for i in range(0, total, CHUNK):
            ThemeAssignment.objects.bulk_create(new_rows[i : i + CHUNK])
            report("storing themes", min(i + CHUNK, total), total)

        by_stance: dict[str, list[int]] = defaultdict(list)
        for item_id, stance in stances.items():
            by_stance[stance].append(item_id)
        for stance, item_ids in by_stance.items():
            for chunk in _chunks(item_ids):
                FeedbackItem.objects.filter(pk__in=chunk).update(stance=stance)
        refresh_theme_figures(
            posting=posting,
            weights=dict(zip(docs, weights, strict=True)),
            sections=sections,
            stances=stances,
        )
    return len(by_index)


def refresh_theme_figures(
    *,
    posting: Posting,
    weights: dict[int, float] | None = None,
    sections: dict[int, str] | None = None,
    stances: dict[int, str] | None = None,
    only: set[int] | None = None,
) -> None:
    """Recount each active theme's size, sections, stance mix and quotes from the current
    assignments (`only` these themes, when given: a decision touches a few). Called after a
    run and after every human decision. A campaign's representative counts with the
    campaign's size."""
    assignments = ThemeAssignment.objects.filter(
        item__posting=posting, is_current=True, kind=ThemeAssignment.Kind.THEME
    )
    themes = Theme.objects.filter(posting=posting, status=Theme.Status.ACTIVE)
    if only is not None:
        assignments = assignments.filter(theme_id__in=only)
        themes = themes.filter(pk__in=only)
    current = list(assignments.values_list("theme_id", "item_id", "strength", "by_machine"))
    item_ids = [r[1] for r in current]
    if weights is None or sections is None or stances is None:
        info = {
            pk: (anchor, stance, campaign_size)
            for pk, anchor, stance, campaign_size in FeedbackItem.objects.filter(pk__in=item_ids)
            .values_list("pk", "section_anchor", "stance", "campaign__size")
            .iterator(chunk_size=CHUNK)
        }
        reps = set(
            Campaign.objects.filter(posting=posting, is_current=True).values_list(
                "representative_id", flat=True
            )
        )
        weights = {
            pk: float(size) if pk in reps and size else 1.0 for pk, (_a, _s, size) in info.items()
        }
        sections = {pk: a for pk, (a, _s, _n) in info.items()}
        stances = {pk: s for pk, (_a, s, _n) in info.items()}
    by_theme: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for theme_id, item_id, strength, by_machine in current:
        by_theme[theme_id].append(
            (item_id, strength if by_machine and strength is not None else 1.0)
        )
    updates = []
    for theme in themes:
        entries = by_theme.get(theme.pk, [])
        section_counter: Counter[str] = Counter()
        stance_counter: Counter[str] = Counter()
        for item_id, _strength in entries:
            w = weights.get(item_id, 1.0)
            section_counter[sections.get(item_id, "") or "-"] += int(w)
            stance_counter[stances.get(item_id, "") or theme_discovery.Stance.UNCLEAR] += int(w)
        theme.size = int(sum(weights.get(i, 1.0) for i, _s in entries))
        theme.unique_count = len(entries)
        theme.sections = dict(section_counter.most_common())
        theme.stance = dict(stance_counter.most_common())
        # Quotes: the strongest members that are not campaign copies first.
        ranked = sorted(entries, key=lambda e: (weights.get(e[0], 1.0) > 1.0, -e[1]))
        theme.quotes = [i for i, _s in ranked[:3]]
        updates.append(theme)
    Theme.objects.bulk_update(
        updates, ["size", "unique_count", "sections", "stance", "quotes"], batch_size=500
    )
