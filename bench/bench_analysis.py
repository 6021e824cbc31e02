"""Feedback analysis: quality of campaign grouping and themes, against a baseline, and speed
and memory at a million comments (issue 4).

1. Campaigns: the labelled corpus of bench/analysis_corpus.py (Defund12 letters filled in
   by senders, mixed with organic comments): pairwise precision, recall and F1. The GSA
   regulations.gov clusters too, reported apart (silver labels made by another algorithm).
2. Themes: the hand-labelled comments of bench/data/themes (318 comments, 17 topics in three
   dockets): NMI and adjusted Rand of Townhall's themes, and of BERTopic with
   all-MiniLM-L6-v2 run side by side in the same run (bench/baseline_bertopic.py, in its own
   environment), with time and memory for both.
3. Scale, in child processes so that each peak memory is its own: campaigns over 1,000,000
   texts of which 90% are campaign copies; themes over 100,000 unique texts.
4. The whole analysis as the worker runs it (`analysis_run`), on PostgreSQL, over 1,000,000
   comments on one posting.

  .venv/bin/python bench/bench_analysis.py                # all (about 40 minutes)
  .venv/bin/python bench/bench_analysis.py --rows 100000  # a smaller scale run
  .venv/bin/python bench/bench_analysis.py --skip-whole   # without part 4
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.analysis_corpus import THEMES_CSV, campaign_corpus, gsa_clusters, scale_corpus
from bench.common import COMMENT_COPY_COLUMNS, ROOT, save, setup_django

BASELINE_PY = ROOT / "bench" / ".venv-baseline" / "bin" / "python"
DB = "townhall_bench_analysis"
TARGETS = {
    "campaign_f1": 0.95,
    "campaigns_1m_seconds": 300,
    "themes_100k_seconds": 180,
    "whole_1m_seconds": 1800,
    "peak_gib": 8,
}


def _rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _grouping(result: Any, n: int) -> dict[int, int]:
    predicted = {}
    for index, campaign in enumerate(result.campaigns):
        for item_id in campaign.item_ids:
            predicted[item_id] = index
    for i in range(n):
        predicted.setdefault(i, -1 - i)
    return predicted


def campaigns_quality() -> dict[str, Any]:
    from townhall.feedback import campaigns

    out: dict[str, Any] = {}
    for name, corpus in (
        ("defund12", campaign_corpus(copies=20_000, organic=5_000)),
        ("gsa_silver", gsa_clusters()),
    ):
        if not corpus:
            continue
        start = time.perf_counter()
        result = campaigns.detect([campaigns.Item(id=i, text=x.text) for i, x in enumerate(corpus)])
        seconds = time.perf_counter() - start
        truth = {i: hash(x.group) for i, x in enumerate(corpus)}
        precision, recall, f1 = campaigns.pairwise_scores(_grouping(result, len(corpus)), truth)
        groups = {x.group for x in corpus}
        out[name] = {
            "items": len(corpus),
            "labelled_groups": len(groups),
            "labelled_campaigns": len({g for g in groups if not g.startswith("organic:")}),
            "found_campaigns": len(result.campaigns),
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "seconds": round(seconds, 2),
            "with_additions": sum(len(c.additions) for c in result.campaigns),
        }
        print(f"   campaigns {name}: {out[name]}", flush=True)
    return out


def themes_quality() -> dict[str, Any]:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    from townhall.feedback import themes

    with THEMES_CSV.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    texts, labels = [r["text"] for r in rows], [r["topic"] for r in rows]
    out: dict[str, Any] = {
        "comments": len(texts),
        "topics": len(set(labels)),
        "dockets": sorted({r["docket"] for r in rows}),
    }
    start = time.perf_counter()
    model = themes.discover(texts)
    seconds = time.perf_counter() - start
    out["townhall"] = {
        "themes": len(model.themes),
        "unassigned": sum(1 for a in model.assignment if a < 0),
        "nmi": round(float(normalized_mutual_info_score(labels, model.assignment)), 4),
        "ari": round(float(adjusted_rand_score(labels, model.assignment)), 4),
        "seconds": round(seconds, 2),
        "labels": [t.label for t in model.themes],
    }
    print(f"   themes townhall: {out['townhall']}", flush=True)
    if BASELINE_PY.exists():
        t = time.perf_counter()
        baseline = _bertopic(texts, labels)
        if "error" not in baseline:
            baseline.pop("assignment", None)
            baseline["seconds_wall_with_startup"] = round(time.perf_counter() - t, 2)
        out["bertopic"] = baseline
        print(f"   themes bertopic: {out['bertopic']}", flush=True)
    else:
        out["bertopic"] = {"skipped": "no bench/.venv-baseline; run make bench-baseline-env"}
    # Townhall's own peak is measured for the same texts in a child process.
    out["townhall"]["peak_rss_mib"] = _child("themes-labelled")["peak_rss_mib"]
    return out


def scale_side_by_side(rows: int) -> dict[str, Any]:
    """Both on the same unique texts: BERTopic cannot be timed on 100,000 here in a bounded
    run (embedding alone runs at about 30 texts a second on these two cores)."""
    texts = list(scale_corpus(total=rows, copy_share=0.0, seed=2))
    baseline = _bertopic(texts, [0] * len(texts))
    if "error" in baseline:
        return baseline
    for key in ("assignment", "nmi", "ari"):
        baseline.pop(key, None)
    return {
        "rows": rows,
        "bertopic": baseline,
        "townhall": _child("themes-scale", "--rows", str(rows)),
    }


def _bertopic(texts: list[str], labels: list[Any]) -> dict[str, Any]:
    """The BERTopic baseline on these texts, in its own virtualenv (bench/.venv-baseline)."""
    with tempfile.TemporaryDirectory() as tmp:
        source, result = Path(tmp) / "in.json", Path(tmp) / "out.json"
        source.write_text(json.dumps({"texts": texts, "labels": labels}))
        run = subprocess.run(
            [
                str(BASELINE_PY),
                str(ROOT / "bench" / "baseline_bertopic.py"),
                str(source),
                str(result),
            ],
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            return {"error": run.stderr[-2000:]}
        return dict(json.loads(result.read_text()))


def _child(part: str, *args: str) -> dict[str, Any]:
    run = subprocess.run(
        [sys.executable, __file__, "--child", part, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if run.returncode != 0:
        raise RuntimeError(f"{part} failed:\n{run.stderr[-4000:]}")
    for line in run.stderr.splitlines()[-5:]:
        print(f"     {line}", flush=True)
    return dict(json.loads(run.stdout.strip().splitlines()[-1]))


def child(part: str, rows: int) -> dict[str, Any]:
    if part == "themes-labelled":
        from townhall.feedback import themes

        with THEMES_CSV.open(newline="", encoding="utf-8") as f:
            texts = [r["text"] for r in csv.DictReader(f)]
        themes.discover(texts)
        return {"peak_rss_mib": _rss_mib()}
    if part == "campaigns-scale":
        from townhall.feedback import campaigns

        t = time.perf_counter()
        texts = list(scale_corpus(total=rows, copy_share=0.9))
        built = time.perf_counter() - t
        rss_texts = _rss_mib()
        t = time.perf_counter()
        result = campaigns.detect(campaigns.Item(id=i, text=x) for i, x in enumerate(texts))
        return {
            "rows": rows,
            "corpus_build_seconds": round(built, 1),
            "rss_with_texts_mib": rss_texts,
            "seconds": round(time.perf_counter() - t, 1),
            "variants": len(result.variants),
            "campaigns": len(result.campaigns),
            "campaign_copies": sum(c.size for c in result.campaigns),
            "unique": len(result.unique_ids),
            "peak_rss_mib": _rss_mib(),
        }
    if part == "themes-scale":
        from townhall.feedback import themes

        texts = list(scale_corpus(total=rows, copy_share=0.0, seed=2))
        rss_texts = _rss_mib()
        t = time.perf_counter()
        model = themes.discover(texts)
        return {
            "rows": rows,
            "rss_with_texts_mib": rss_texts,
            "seconds": round(time.perf_counter() - t, 1),
            "themes": len(model.themes),
            "peak_rss_mib": _rss_mib(),
        }
    if part == "whole":
        return whole(rows)
    raise SystemExit(f"unknown part {part}")


def whole(rows: int) -> dict[str, Any]:
    """Load `rows` comments (90% campaign copies) on one posting with COPY, then run the
    analysis exactly as the worker does."""
    import datetime

    from bench import server

    server.recreate_database(DB)
    var = Path(tempfile.mkdtemp(prefix="townhall-bench-analysis-"))
    setup_django(database=DB, var=var)
    from django.core.management import call_command
    from django.db import connection

    from townhall.accounts.demo import ensure_persona_by_key
    from townhall.feedback.analysis import analysis_run_now
    from townhall.postings.models import Posting

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))
    posting = Posting.objects.filter(status="open", kind="period").first()
    assert posting is not None
    opens = posting.opens_at or datetime.datetime.now(datetime.UTC)
    t = time.perf_counter()
    with connection.cursor() as wrapper:
        with wrapper.cursor.copy(
            f"COPY feedback_comment ({COMMENT_COPY_COLUMNS}) FROM STDIN"
        ) as copy:
            for i, text in enumerate(scale_corpus(total=rows, copy_share=0.9, seed=3)):
                at = opens + datetime.timedelta(seconds=i * 2)
                copy.write_row(
                    (
                        f"TH-B{i:015d}",
                        posting.pk,
                        posting.version_id,
                        "",
                        text,
                        "",
                        "[]",
                        "",
                        "",
                        "",
                        "external",
                        "web",
                        "received",
                        "en",
                        at,
                        at.date(),
                        False,
                        False,
                        "",
                        "",
                    )
                )
    loaded = time.perf_counter() - t
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    actor = ensure_persona_by_key("oee")
    stages: dict[str, float] = {}
    started = time.perf_counter()

    def progress(stage: str, done: int, total: int) -> None:
        if stage not in stages:
            stages[stage] = round(time.perf_counter() - started, 1)
            print(f"  {stages[stage]:>7.1f} s  {stage} ({total:,})", file=sys.stderr, flush=True)

    run = analysis_run_now(actor=actor, posting=posting, progress=progress)
    seconds = time.perf_counter() - started
    return {
        "rows": rows,
        "load_seconds": round(loaded, 1),
        "seconds": round(seconds, 1),
        "status": run.status,
        "stats": run.stats,
        "stage_starts": stages,
        "peak_rss_mib": _rss_mib(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--theme-rows", type=int, default=100_000)
    parser.add_argument("--skip-whole", action="store_true")
    parser.add_argument(
        "--baseline-rows",
        type=int,
        default=10_000,
        help="unique texts for BERTopic's speed beside Townhall's (0: skip)",
    )
    parser.add_argument("--child", default="")
    args = parser.parse_args()
    if args.child:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townhall.settings.dev")
        print(json.dumps(child(args.child, args.rows)))
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townhall.settings.dev")
    results: dict[str, Any] = {"targets": TARGETS}
    print("== campaign grouping quality", flush=True)
    results["campaigns"] = campaigns_quality()
    print("== themes quality, Townhall and the BERTopic baseline", flush=True)
    results["themes"] = themes_quality()
    print(f"== campaigns over {args.rows:,} texts (90% copies)", flush=True)
    results["campaigns_scale"] = _child("campaigns-scale", "--rows", str(args.rows))
    print(f"   {results['campaigns_scale']}", flush=True)
    print(f"== themes over {args.theme_rows:,} unique texts", flush=True)
    results["themes_scale"] = _child("themes-scale", "--rows", str(args.theme_rows))
    print(f"   {results['themes_scale']}", flush=True)
    if BASELINE_PY.exists() and args.baseline_rows:
        print(
            f"== BERTopic and Townhall on the same {args.baseline_rows:,} unique texts", flush=True
        )
        results["themes_scale_side_by_side"] = scale_side_by_side(args.baseline_rows)
        print(f"   {results['themes_scale_side_by_side']}", flush=True)
    if not args.skip_whole:
        print(f"== the whole analysis of {args.rows:,} comments on PostgreSQL", flush=True)
        results["whole"] = _child("whole", "--rows", str(args.rows))
        print(f"   {results['whole']}", flush=True)
    save("analysis", results)
    print("saved bench/results/analysis.json")


if __name__ == "__main__":
    main()
