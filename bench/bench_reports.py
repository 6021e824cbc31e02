"""The "what we heard" report at scale (issue 10): an engagement on the demo's directive
(D22-08, the seed 002 draft) whose posting received 100,000 comments, with 30 themes and 50
recommendations decided and a revised draft with changes, on a fresh SQLite database.

The comments are real text (bench/analysis_corpus.py): 30% are copies of the Defund12 letters
filled in by their senders (the campaigns), 70% organic comments each made of three real
sentences of different commenters (the Sunlight FCC 14-28 sentences, the Polis statements, the
hand-labelled comments). The bench builds the data the way the product stores it, but in bulk
where the product takes one request per row: comments with bulk_create, the pool with the
analysis's own SQL (pool_sync_comments), the campaigns from the letters each copy came from,
30 themes with the comments assigned and their figures counted by the analysis's own
refresh_theme_figures, 50 recommendations, and the dispositions that point at the changed
items of R&D's revised draft. The report is then generated, written, approved and published
through reports.services, as staff do.

Timed in child processes (each one's peak RSS is its own), in one run:

1. build(): the report's data from the record (3 runs).
2. The public report page (GET /reports/<id>/, the whole request), and two baselines in
   their own process: the posting's public page of the same posting and the home page.
3. The tagged PDF (pdf.report_pdf, WeasyPrint) in English, and a baseline: a one-page
   document through the same render_pdf.

Targets: HTML (build + page) <= 5 s, PDF <= 60 s. Ratios are to the baselines of the same run.

  .venv/bin/python bench/bench_reports.py                  # about 10 minutes
  .venv/bin/python bench/bench_reports.py --comments 10000 # a quick look
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, save, summary

TARGETS = {"html_seconds": 5.0, "pdf_seconds": 60.0}
THEMES = 30
RECOMMENDATIONS = 50
CHANGED_ITEMS = 25
COPY_SHARE = 0.3
STATE = "state.json"
STOP = set(
    "the a an and or of to in on for is are be this that with as it by at from not we our "
    "you your they their i my me all will would should can has have was were been more "
    "no do does but if so than them these those there its into about which who what when "
    "also any such only other some very just how why out up one".split()
)


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _rss_mib() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux carries ru_maxrss
    over an exec, so a child started by this (large) parent would report the parent's size."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _env(tmp: Path) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "townhall.settings.dev",
        "DEBUG": "0",
        "TOWNHALL_VAR_DIR": str(tmp),
        "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
        # English only, so R&D's completeness review passes without five translations.
        "TOWNHALL_POSTING_LANGUAGES": "en",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }


def _setup(tmp: Path) -> None:
    os.environ.update(_env(tmp))
    import django

    django.setup()


# --- The comments --------------------------------------------------------------------------


def corpus(*, total: int, copy_share: float, seed: int) -> Iterator[tuple[str, int]]:
    """(text, letter) for `total` comments: a copy of a Defund12 letter names its letter, an
    organic comment -1. As bench.analysis_corpus.scale_corpus, with the letter kept."""
    from bench.analysis_corpus import fill, organic_texts, templates

    rng = random.Random(seed)
    letters = [b for _f, b in templates()]
    sentences = [s for text in organic_texts() for s in re.split(r"(?<=[.!?])\s+", text) if s]
    weights = [1 / (i + 1) ** 0.8 for i in range(len(letters))]
    n_unique = int(total * (1 - copy_share))
    made = unique = 0
    seen: set[tuple[int, ...]] = set()
    while made < total:
        if unique >= n_unique or rng.random() < copy_share:
            letter = rng.choices(range(len(letters)), weights=weights)[0]
            yield fill(letters[letter], rng, sentences), letter
        else:
            picks = tuple(sorted(rng.sample(range(len(sentences)), 3)))
            if any(p in seen for p in (picks[:2], picks[1:], (picks[0], picks[2]))):
                continue
            seen.update((picks[:2], picks[1:], (picks[0], picks[2])))
            unique += 1
            yield " ".join(sentences[i] for i in picks), -1
        made += 1


# --- Building the record (the parent process) ------------------------------------------------


def _revised_text(text: str, rng: random.Random) -> str:
    """R&D's revision: a sentence added to CHANGED_ITEMS items of the posted draft."""
    lines = text.split("\n")
    items = [i for i, line in enumerate(lines) if re.match(r"^\s*(\d+|[a-z])\.\s+\S", line)]
    additions = (
        "The Department reports back to the community on how this was done.",
        "Community members who took part are told of the outcome in writing.",
        "This is done in plain language and in the languages of the community concerned.",
        "The unit records the reasons for its decision and makes them public.",
    )
    for i in sorted(rng.sample(items, min(CHANGED_ITEMS, len(items)))):
        lines[i] = lines[i].rstrip() + " " + rng.choice(additions)
    return "\n".join(lines)


def build_record(comments: int) -> dict[str, Any]:
    import time_machine
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from townhall.accounts.demo import ensure_persona_by_key, load_demo_people
    from townhall.directives.demo import DEMO_DIR
    from townhall.directives.selectors import redline_between
    from townhall.directives.services import directive_version_import, draft_create
    from townhall.engagements import services as engagements
    from townhall.engagements.demo_public import NO_FACTORS
    from townhall.engagements.models import Activity
    from townhall.feedback.analysis import pool_sync_comments, refresh_theme_figures
    from townhall.feedback.analysis_models import (
        AnalysisRun,
        Campaign,
        Disposition,
        FeedbackItem,
        Recommendation,
        Theme,
        ThemeAssignment,
    )
    from townhall.feedback.models import Comment
    from townhall.feedback.themes import stance_of
    from townhall.postings import services as postings
    from townhall.reports import services as reports

    rng = random.Random(2025)
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_demo_people()
    oee, rd = ensure_persona_by_key("oee"), ensure_persona_by_key("rd")
    chief = ensure_persona_by_key("ocpr_chief")
    draft = DEMO_DIR / "D22-08_draft_2025-03-10.txt"
    posted = directive_version_import(
        text=draft.read_text(encoding="utf-8"),
        number_hint="D22-08",
        type_hint="Department Directive",
        source_ref="seed:002",
        status="draft",
    ).version
    _log(f"  {time.perf_counter() - t0:6.1f} s  migrated, D22-08 imported")

    start = timezone.now() - datetime.timedelta(days=60)
    opens = start + datetime.timedelta(days=2)
    closes = opens + datetime.timedelta(days=15)
    with time_machine.travel(start, tick=False):
        engagement = engagements.engagement_create(
            actor=oee,
            title="Community engagement in policy and training development (D22-08)",
            originating_unit="Office of Equity and Engagement",
            directive=posted.directive,
        )
        engagement = engagements.engagement_assess(
            actor=oee, engagement=engagement, **{**NO_FACTORS, "is_new": True}
        )
        engagement = engagements.engagement_determine(
            actor=chief, engagement=engagement, level=3, consulted=["oee", "rd"]
        )
        posting = postings.posting_create(
            actor=rd,
            version=posted,
            narrative="The Department asks the public to comment on its draft directive on "
            "community engagement in policy and training development.",
            summary="How the Department involves the community when it writes policy.",
            opens_at=opens,
            closes_at=closes,
        )
        postings.posting_submit(actor=rd, posting=posting)
        postings.posting_authorize(actor=chief, posting=posting)
        posting = postings.posting_schedule(actor=rd, posting=posting)
        activity = engagements.activity_add(
            actor=rd,
            engagement=engagement,
            method=Activity.Method.PUBLIC_POSTING,
            posting=posting,
            starts_on=opens.date(),
            ends_on=closes.date(),
        )
        engagement = engagements.engagement_start_outreach(actor=oee, engagement=engagement)
        engagement = engagements.engagement_start_engaging(actor=oee, engagement=engagement)
    with time_machine.travel(opens + datetime.timedelta(seconds=30), tick=False):
        posting = postings.posting_open(actor=None, posting=posting)

    # The comments, in bulk.
    anchors = list(posted.sections.values_list("anchor", flat=True))
    letters: dict[int, list[int]] = defaultdict(list)  # letter -> comment receipt numbers
    batch: list[Comment] = []
    span = (closes - opens).total_seconds()
    t = time.perf_counter()
    for n, (text, letter) in enumerate(corpus(total=comments, copy_share=COPY_SHARE, seed=10)):
        at = opens + datetime.timedelta(seconds=span * n / comments)
        email = f"sender{n}@example.org" if letter >= 0 or n % 5 < 2 else ""
        batch.append(
            Comment(
                receipt=f"TH-R{n:015d}",
                posting=posting,
                version=posted,
                section_anchor=rng.choice(anchors) if letter < 0 and n % 5 == 0 else "",
                body=text,
                email=email,
                origin="internal" if n % 37 == 0 else "external",
                status="received",
                language="en",
                submitted_at=at,
                received_on=at.date(),
            )
        )
        if letter >= 0:
            letters[letter].append(n)
        if len(batch) == 2000:
            Comment.objects.bulk_create(batch)
            batch = []
            if (n + 1) % 20000 == 0:
                _log(f"  {time.perf_counter() - t0:6.1f} s  {n + 1:,} comments")
    Comment.objects.bulk_create(batch)
    load_seconds = time.perf_counter() - t
    with time_machine.travel(closes + datetime.timedelta(minutes=1), tick=False):
        posting = postings.posting_close(actor=None, posting=posting)
        engagements.activity_finish(actor=oee, activity=activity, participants=None)

    # The pool (the analysis's own SQL), the campaigns, the themes.
    pool_sync_comments(posting=posting)
    item_of = dict(
        FeedbackItem.objects.filter(posting=posting).values_list("comment__receipt", "pk")
    )
    run = AnalysisRun.objects.create(
        posting=posting,
        status=AnalysisRun.Status.DONE,
        requested_by=oee,
        started_at=closes,
        finished_at=closes,
    )
    representatives: set[int] = set()
    copies: set[int] = set()
    for letter, numbers in sorted(letters.items()):
        ids = [item_of[f"TH-R{n:015d}"] for n in numbers]
        first = FeedbackItem.objects.get(pk=ids[0])
        campaign = Campaign.objects.create(
            posting=posting,
            key=f"letter{letter}",
            representative=first,
            representative_text=first.text,
            size=len(ids),
            variant_count=len(ids),
            first_seen=first.received_at,
            last_seen=first.received_at,
            run=run,
        )
        for i in range(0, len(ids), 500):
            FeedbackItem.objects.filter(pk__in=ids[i : i + 500]).update(campaign=campaign)
        representatives.add(ids[0])
        copies.update(ids)
    units = [pk for pk in item_of.values() if pk not in copies] + sorted(representatives)
    themes = Theme.objects.bulk_create(
        [Theme(posting=posting, label=f"theme {k + 1}", created_at=closes) for k in range(THEMES)]
    )
    weights = [1 / (k + 1) ** 0.7 for k in range(THEMES)]
    assignment = rng.choices(range(THEMES), weights=weights, k=len(units))
    ThemeAssignment.objects.bulk_create(
        [
            ThemeAssignment(item_id=pk, theme=themes[k], run=run, strength=0.5 + rng.random() / 2)
            for pk, k in zip(units, assignment, strict=True)
        ],
        batch_size=2000,
    )
    texts = dict(FeedbackItem.objects.filter(pk__in=units).values_list("pk", "text"))
    by_stance: dict[str, list[int]] = defaultdict(list)
    for pk in units:
        by_stance[stance_of(texts[pk])].append(pk)
    for stance, ids in by_stance.items():
        for i in range(0, len(ids), 500):
            FeedbackItem.objects.filter(pk__in=ids[i : i + 500]).update(stance=stance)
    # Each theme's label and key phrases: its most frequent words, as a reader would name it.
    members: dict[int, list[int]] = defaultdict(list)
    for pk, k in zip(units, assignment, strict=True):
        members[k].append(pk)
    for k, theme in enumerate(themes):
        words: Counter[str] = Counter()
        for pk in members[k][:3000]:
            words.update(w for w in re.findall(r"[a-z]{4,}", texts[pk].lower()) if w not in STOP)
        top = [w for w, _n in words.most_common(6)]
        theme.key_phrases = top
        theme.label = " · ".join(top[:3]) or theme.label
        theme.machine_label = theme.label
    Theme.objects.bulk_update(themes, ["key_phrases", "label", "machine_label"])
    refresh_theme_figures(posting=posting)
    _log(f"  {time.perf_counter() - t0:6.1f} s  pool, {len(letters)} campaigns, {THEMES} themes")

    # R&D's revised draft, and the decisions (VII-D-5) pointing at its changed items.
    with time_machine.travel(closes + datetime.timedelta(days=10), tick=False):
        final = draft_create(
            actor=rd,
            number="D22-08",
            title=posted.title,
            text=_revised_text(posted.body_text, rng),
        )
    changed = [
        c.new_anchor
        for c in redline_between(posted, final).changes
        if c.kind == "changed" and c.new_anchor
    ]
    plan = (
        [Disposition.ADOPTED] * 12
        + [Disposition.PARTLY] * 4
        + [Disposition.NOT_ADOPTED] * 6
        + [Disposition.FUTURE] * 5
        + [Disposition.OUT_OF_SCOPE] * 3
    )

    def decide(obj: Any, disposition: str, n: int) -> None:
        obj.disposition = disposition
        obj.disposition_reason = (
            f"Decided by R&D and OEE after reading the comments (decision {n + 1})."
        )
        if disposition in (Disposition.ADOPTED, Disposition.PARTLY):
            obj.revised_version = final
            obj.revised_section = changed[n % len(changed)]

    themes = list(Theme.objects.filter(posting=posting).order_by("-size", "id"))
    for n, (theme, disposition) in enumerate(zip(themes, plan, strict=True)):
        decide(theme, disposition, n)
    Theme.objects.bulk_update(
        themes, ["disposition", "disposition_reason", "revised_version", "revised_section"]
    )
    recommendations = []
    for n in range(RECOMMENDATIONS):
        theme = themes[n % THEMES]
        rec = Recommendation(
            theme=theme,
            text=f"{texts[theme.quotes[0]][:160] if theme.quotes else theme.label} "
            f"(recommendation {n + 1})",
            created_by=oee,
        )
        decide(rec, plan[(n * 7) % len(plan)], n + THEMES)
        recommendations.append(rec)
    Recommendation.objects.bulk_create(recommendations)
    with time_machine.travel(closes + datetime.timedelta(days=12), tick=False):
        engagement = engagements.engagement_start_follow_up(actor=oee, engagement=engagement)

    # The report, through the services, as staff do.
    t = time.perf_counter()
    with transaction.atomic():
        report = reports.report_create(actor=oee, engagement=engagement, final_version=final)
    create_seconds = time.perf_counter() - t
    sections = (
        "introduction",
        "activities",
        "participation",
        "themes",
        "recommendations",
        "revisions",
        "not_adopted",
        "next_steps",
    )
    for section in sections:
        report = reports.report_narrative_save(
            actor=oee,
            report=report,
            section=section,
            language="en",
            text="The Department posted its draft directive on community engagement for "
            "public comment and read every comment it received. This part of the report "
            "says what we heard and what the Department did with it.",
        )
    report = reports.report_submit(actor=oee, report=report)
    report = reports.report_approve(actor=rd, report=report)
    version = reports.report_publish(actor=oee, report=report)
    data_bytes = len(json.dumps(version.data))
    _log(f"  {time.perf_counter() - t0:6.1f} s  report published (v{version.number})")
    return {
        "engagement": engagement.pk,
        "posting": posting.pk,
        "version": version.pk,
        "comments": Comment.objects.filter(posting=posting).count(),
        "pool": FeedbackItem.objects.filter(posting=posting).count(),
        "campaigns": len(letters),
        "campaign_copies": len(copies),
        "themes": Theme.objects.filter(posting=posting).count(),
        "recommendations": Recommendation.objects.filter(theme__posting=posting).count(),
        "changed_items": len(changed),
        "redline_changes": len((version.data.get("revisions") or {}).get("changes", [])),
        "data_json_bytes": data_bytes,
        "comments_load_seconds": round(load_seconds, 1),
        "report_create_seconds": round(create_seconds, 2),
        "setup_seconds": round(time.perf_counter() - t0, 1),
        "posted_version": posted.pk,
        "final_version": final.pk,
    }


# --- The measurements (child processes) ----------------------------------------------------


def _timed(work: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    values, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        out = work()
        values.append(time.perf_counter() - t)
    return values, out


def child(part: str, state: dict[str, Any], runs: int) -> dict[str, Any]:
    from django.test import Client
    from django.urls import reverse

    from townhall.reports.models import ReportVersion

    if part == "idle":
        from townhall.reports import build, present  # noqa: F401  (what every part imports)

        return {"peak_rss_mib": _rss_mib()}
    if part == "build":
        from townhall.directives.models import DirectiveVersion
        from townhall.engagements.models import Engagement
        from townhall.reports.build import build

        engagement = Engagement.objects.get(pk=state["engagement"])
        final = DirectiveVersion.objects.get(pk=state["final_version"])
        values, data = _timed(lambda: build(engagement, final_version=final), runs)
        return {
            "build": summary(values),
            "themes": len(data["themes"]),
            "peak_rss_mib": _rss_mib(),
        }
    if part == "html":
        client = Client()
        url = reverse("reports:detail", args=[state["engagement"]])

        def get() -> int:
            response = client.get(url)
            assert response.status_code == 200, response.status_code
            return len(response.content)

        cold, size = _timed(get, 1)
        values, size = _timed(get, runs)
        return {
            "page_cold_ms": round(cold[0] * 1000, 1),
            "page": summary(values),
            "page_bytes": size,
            "peak_rss_mib": _rss_mib(),
        }
    if part == "baseline_html":
        client = Client()
        urls = {
            "posting_page": reverse("postings:detail", args=[state["posting"]]),
            "home_page": "/",
        }
        out: dict[str, Any] = {}
        for name, url in urls.items():

            def get(url: str = url) -> int:
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
                return len(response.content)

            cold, size = _timed(get, 1)
            values, size = _timed(get, runs)
            out[name] = summary(values)
            out[f"{name}_cold_ms"] = round(cold[0] * 1000, 1)
            out[f"{name}_bytes"] = size
        out["peak_rss_mib"] = _rss_mib()
        return out
    if part == "pdf":
        from townhall.reports.pdf import report_pdf

        version = ReportVersion.objects.get(pk=state["version"])
        values, pdf = _timed(lambda: report_pdf(version=version, language="en"), runs)
        Path(state["tmp"], "report-en.pdf").write_bytes(pdf)
        return {"pdf": summary(values), "pdf_bytes": len(pdf), "peak_rss_mib": _rss_mib()}
    if part == "baseline_pdf":
        from townhall.reports.pdf import render_pdf

        html = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            "<title>One page</title></head><body><h1>One page</h1>"
            "<p>A plain document of one heading and one paragraph, through the same "
            "render_pdf as the report.</p></body></html>"
        )
        values, pdf = _timed(lambda: render_pdf(html), runs)
        return {"plain_pdf": summary(values), "peak_rss_mib": _rss_mib()}
    raise SystemExit(f"unknown part {part}")


def _child(tmp: Path, part: str, runs: int) -> dict[str, Any]:
    t = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--child", part, "--tmp", str(tmp), "--runs", str(runs)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **_env(tmp)},
    )
    if done.returncode != 0:
        raise RuntimeError(f"{part} failed:\n{done.stderr[-4000:]}")
    out = dict(json.loads(done.stdout.strip().splitlines()[-1]))
    _log(f"  {part}: {time.perf_counter() - t:.1f} s wall, {out}")
    return out


def _pages(pdf: Path) -> int | None:
    try:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    except OSError:
        return None
    found = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return int(found.group(1)) if found else None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pdf-runs", type=int, default=3)
    parser.add_argument("--child", default="")
    parser.add_argument("--tmp", default="")
    args = parser.parse_args()
    if args.child:
        tmp = Path(args.tmp)
        _setup(tmp)
        state = json.loads((tmp / STATE).read_text())
        print(json.dumps(child(args.child, state, args.runs)))
        return

    tmp = Path(tempfile.mkdtemp(prefix="townhall-bench-reports-"))
    _log(
        f"== the record: {args.comments:,} comments, {THEMES} themes, {RECOMMENDATIONS} "
        f"recommendations ({tmp})"
    )
    _setup(tmp)
    state = build_record(args.comments)
    state["tmp"] = str(tmp)
    (tmp / STATE).write_text(json.dumps(state))
    _log("== measurements, each part in its own process")
    parts = {
        "idle": _child(tmp, "idle", 1),
        "build": _child(tmp, "build", 3),
        "html": _child(tmp, "html", args.runs),
        "baseline_html": _child(tmp, "baseline_html", args.runs),
        "pdf": _child(tmp, "pdf", args.pdf_runs),
        "baseline_pdf": _child(tmp, "baseline_pdf", args.pdf_runs),
    }
    build_p50 = parts["build"]["build"]["p50_ms"] / 1000
    page_p50 = parts["html"]["page"]["p50_ms"] / 1000
    pdf_p50 = parts["pdf"]["pdf"]["p50_ms"] / 1000
    html_seconds = round(build_p50 + page_p50, 2)
    posting_p50 = parts["baseline_html"]["posting_page"]["p50_ms"] / 1000
    home_p50 = parts["baseline_html"]["home_page"]["p50_ms"] / 1000
    plain_pdf_p50 = parts["baseline_pdf"]["plain_pdf"]["p50_ms"] / 1000
    result = {
        "targets": TARGETS,
        "record": {k: v for k, v in state.items() if k not in ("tmp",)},
        **parts,
        "html_seconds": html_seconds,
        "html_met": html_seconds <= TARGETS["html_seconds"],
        "pdf_seconds": round(pdf_p50, 2),
        "pdf_met": pdf_p50 <= TARGETS["pdf_seconds"],
        "pdf_pages": _pages(tmp / "report-en.pdf"),
        "ratio_page_to_posting_page_p50": round(page_p50 / max(posting_p50, 1e-6), 2),
        "ratio_page_to_home_page_p50": round(page_p50 / max(home_p50, 1e-6), 2),
        "ratio_build_to_posting_page_p50": round(build_p50 / max(posting_p50, 1e-6), 2),
        "ratio_pdf_to_plain_pdf_p50": round(pdf_p50 / max(plain_pdf_p50, 1e-6), 1),
        "peak_rss_over_idle_mib": {
            name: round(parts[name]["peak_rss_mib"] - parts["idle"]["peak_rss_mib"], 1)
            for name in ("build", "html", "pdf")
        },
    }
    print(save("reports", result))
    for key in (
        "html_seconds",
        "html_met",
        "pdf_seconds",
        "pdf_met",
        "pdf_pages",
        "ratio_page_to_posting_page_p50",
        "ratio_page_to_home_page_p50",
        "ratio_build_to_posting_page_p50",
        "ratio_pdf_to_plain_pdf_p50",
        "peak_rss_over_idle_mib",
    ):
        print(f"{key}: {result[key]}")
    print(
        f"build p50: {parts['build']['build']['p50_ms']} ms; page p50: "
        f"{parts['html']['page']['p50_ms']} ms; posting page p50: "
        f"{parts['baseline_html']['posting_page']['p50_ms']} ms; PDF p50: "
        f"{parts['pdf']['pdf']['p50_ms']} ms; plain PDF p50: "
        f"{parts['baseline_pdf']['plain_pdf']['p50_ms']} ms"
    )
    print(f"record: {json.dumps(result['record'])}")


if __name__ == "__main__":
    main()
