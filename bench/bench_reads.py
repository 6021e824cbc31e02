"""Staff reads over 1,000,000 comments on one posting (PostgreSQL): the inbox's newest-20 page
(townhall.feedback.selectors.inbox with the view's Paginator, and the whole view through the
Django test client signed in as the OEE persona) and full-text search (the selector's
PostgreSQL search, backed by the GIN index of migration feedback/0003).

Baseline in the same run: the same page for a posting with the demo's handful of comments,
so the ratio says what a million comments cost. EXPLAIN ANALYZE of each query is kept, to
show which index the planner uses and which node takes the time.

The comments are loaded with COPY (real texts from ../shared/data/comments, cycled with small
variations; dates spread over a 30-day period); the GIN index is dropped for the load and
built again afterwards with the migration's own function, then VACUUM ANALYZE, as a table in
steady state would be.

  .venv/bin/python bench/bench_reads.py                # 1,000,000 comments
  .venv/bin/python bench/bench_reads.py --rows 100000  # smoke run
"""

from __future__ import annotations

import argparse
import base64
import datetime
import importlib
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import COMMENT_COPY_COLUMNS, save, setup_django, summary
from bench.texts import comment_texts, variant

DB = "townhall_bench_reads"
ROWS = 1_000_000
RUNS = 30
TARGET_INBOX_P95_MS = 50
TARGET_SEARCH_P95_MS = 300
# Words residents wrote in these dockets: some in many comments, some in few.
SEARCHES = ["net neutrality", "SNAP benefits", "police budget", "mental health", "youth"]


def _receipt(i: int) -> str:
    # Unique by construction (i in 40 bits), same shape as real receipts.
    symbols = base64.b32encode(i.to_bytes(5, "big")).decode()
    symbols = symbols.translate(
        str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    )
    return f"TH-{symbols[:4]}-{symbols[4:]}"


def load_comments(posting: Any, rows: int, texts: list[str]) -> float:
    from django.db import connection

    from townhall.feedback.models import Comment

    fts = importlib.import_module("townhall.feedback.migrations.0006_comment_search_vector")
    anchors = list(posting.version.sections.values_list("anchor", flat=True))
    rng = random.Random(2017)
    opens = posting.opens_at or (datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=30))
    span = 30 * 24 * 3600
    start = time.perf_counter()
    with connection.cursor() as wrapper:
        cur = wrapper.cursor
        cur.execute(f"DROP INDEX IF EXISTS {fts.INDEX}")
        with cur.copy(f"COPY feedback_comment ({COMMENT_COPY_COLUMNS}) FROM STDIN") as copy:
            for i in range(rows):
                at = opens + datetime.timedelta(seconds=span * i / rows + rng.random())
                status = rng.choices(["received", "published", "hidden"], [90, 8, 2])[0]
                copy.write_row(
                    (
                        _receipt(10_000_000 + i),
                        posting.pk,
                        posting.version_id,
                        rng.choice(anchors) if anchors and rng.random() < 0.3 else "",
                        variant(texts, i),
                        "",
                        "[]",
                        "",
                        "",
                        "",
                        "internal" if rng.random() < 0.05 else "external",
                        rng.choices(["web", "api", "email", "paper"], [70, 20, 8, 2])[0],
                        status,
                        "en",
                        at,
                        at.date(),
                        rng.random() < 0.3,
                        rng.random() < 0.01,
                        "",
                        "",
                    )
                )
                if i and i % 200_000 == 0:
                    print(f"  copied {i:,} rows in {time.perf_counter() - start:.0f} s", flush=True)
        print(
            f"  copied {rows:,} rows in {time.perf_counter() - start:.0f} s; building the GIN index",
            flush=True,
        )
        cur.execute("SET maintenance_work_mem = '1GB'")  # build memory only; same index
        with connection.schema_editor() as editor:
            fts.create_index(editor)
        print(f"  index built at {time.perf_counter() - start:.0f} s; VACUUM ANALYZE", flush=True)
    with connection.cursor() as cur:  # autocommit: VACUUM cannot run in a transaction
        cur.execute("VACUUM ANALYZE feedback_comment")
    assert Comment.objects.filter(posting=posting).count() >= rows
    return time.perf_counter() - start


def timed(fn: Any, runs: int = RUNS) -> dict[str, float]:
    t = time.perf_counter()
    fn()  # warm: plans, caches
    if time.perf_counter() - t > 2:
        runs = 3  # a query this slow says enough in three runs; the run stays bounded
    values = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        values.append(time.perf_counter() - t)
    return summary(values)


def explain(run: Any) -> list[str]:
    """EXPLAIN (ANALYZE, BUFFERS) of the SQL statement `run` makes Django execute (the last
    one), exactly as Django sends it. EXPLAIN's own per-row timing makes a plan over a million
    rows slower than the timed figures; the plan's shape is what it is for."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run()
    sql = captured.captured_queries[-1]["sql"]
    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return [r[0] for r in cur.fetchall()]


def uses(plan: list[str], index: str) -> bool:
    return any(index in line for line in plan)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the loaded database if it has the rows"
    )
    args = parser.parse_args()
    texts = comment_texts()
    if texts is None:
        print("skip: ../shared/data/comments not found (the benchmark needs real comment texts)")
        return
    from bench import server

    var = Path(tempfile.mkdtemp(prefix="townhall-bench-reads-"))
    fresh = True
    if args.reuse:
        try:
            have = int(server.psql("SELECT count(*) FROM feedback_comment", DB))
            fresh = have < args.rows
        except RuntimeError:
            fresh = True
    if fresh:
        print(f"== preparing {DB}", flush=True)
        server.recreate_database(DB)
    setup_django(database=DB, var=var)
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from townhall.accounts.demo import ensure_persona_by_key
    from townhall.feedback.models import Comment
    from townhall.feedback.selectors import (
        SEARCH_COUNT_CAP,
        InboxPaginator,
        comment_counts,
        inbox,
    )
    from townhall.postings.models import Posting

    results: dict[str, Any] = {
        "rows": args.rows,
        "target": {"inbox_p95_ms": TARGET_INBOX_P95_MS, "search_p95_ms": TARGET_SEARCH_P95_MS},
        "runs": RUNS,
    }
    if fresh:
        call_command("migrate", verbosity=0)
        call_command("load_demo", stdout=open(os.devnull, "w"))
    big = Posting.objects.filter(status="open", kind="period").select_related("version").first()
    small = (
        Posting.objects.filter(status="compiled").first()
        or Posting.objects.exclude(pk=big.pk).first()
    )
    assert big is not None and small is not None
    if fresh:
        print(f"== loading {args.rows:,} comments on posting {big.pk} with COPY", flush=True)
        results["load_seconds"] = round(load_comments(big, args.rows, texts), 1)
    results["comments_on_posting"] = Comment.objects.filter(posting=big).count()
    results["baseline_posting_comments"] = Comment.objects.filter(posting=small).count()
    results["table_mib"] = round(
        int(server.psql("SELECT pg_total_relation_size('feedback_comment')", DB)) / 2**20
    )

    def inbox_page(posting: Posting, **filters: Any) -> list[Comment]:
        paginator = InboxPaginator(
            inbox(posting=posting, **filters),
            20,
            posting=posting,
            filtered=bool(filters),
            searched=bool(filters.get("q")),
        )
        page = paginator.get_page(1)
        return [*page.object_list, page.paginator.count]  # type: ignore[list-item]

    print("== inbox, newest 20", flush=True)
    qs = inbox(posting=big)
    r: dict[str, Any] = {
        "page_with_count": timed(lambda: inbox_page(big)),
        "page_query_only": timed(lambda: list(qs[:20])),
        "count_only": timed(lambda: qs.count()),
        "comment_counts_aggregate": timed(lambda: comment_counts(big)),
        "baseline_small_posting_page_with_count": timed(lambda: inbox_page(small)),
    }
    r["ratio_to_baseline_p95"] = round(
        r["page_with_count"]["p95_ms"]
        / max(0.01, r["baseline_small_posting_page_with_count"]["p95_ms"]),
        1,
    )
    r["explain_page"] = explain(lambda: list(qs[:20]))
    r["explain_count"] = explain(qs.count)
    r["explain_comment_counts"] = explain(lambda: comment_counts(big))
    print("  ", {k: v for k, v in r.items() if not k.startswith("explain")}, flush=True)

    client = Client()
    client.force_login(ensure_persona_by_key("oee"))
    url = f"/staff/comments/posting/{big.pk}/"
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    r["view_queries"] = len(captured.captured_queries)
    r["view"] = timed(lambda: client.get(url), runs=15)
    r["view_baseline_small_posting"] = timed(
        lambda: client.get(f"/staff/comments/posting/{small.pk}/"), runs=15
    )
    print("   view:", r["view"], "baseline:", r["view_baseline_small_posting"], flush=True)
    results["inbox"] = r

    print("== full-text search", flush=True)
    fts_index = importlib.import_module(
        "townhall.feedback.migrations.0006_comment_search_vector"
    ).INDEX
    searches = {}
    for term in SEARCHES:
        sqs = inbox(posting=big, q=term)
        s: dict[str, Any] = {
            "matches": sqs.count(),
            "count_cap": SEARCH_COUNT_CAP,
            "page_with_count": timed(lambda t=term: inbox_page(big, q=t), runs=10),
            "page_query_only": timed(lambda q=sqs: list(q[:20]), runs=10),
        }
        s["explain_page"] = explain(lambda q=sqs: list(q[:20]))
        s["explain_count"] = explain(sqs.count)
        s["page_uses_gin_index"] = uses(s["explain_page"], fts_index)
        s["count_uses_gin_index"] = uses(s["explain_count"], fts_index)
        s["uses_gin_index"] = s["page_uses_gin_index"] or s["count_uses_gin_index"]
        searches[term] = s
        print(
            f"   {term!r}: {s['matches']:,} matches, page+count p95 {s['page_with_count']['p95_ms']} ms, page only p95 {s['page_query_only']['p95_ms']} ms, GIN for the rows: {s['page_uses_gin_index']}, for the count: {s['count_uses_gin_index']}",
            flush=True,
        )
        reset_queries()
    results["search"] = searches
    worst_search = max(s["page_with_count"]["p95_ms"] for s in searches.values())
    results["search_worst_p95_ms"] = worst_search
    results["inbox_target_met"] = r["page_with_count"]["p95_ms"] <= TARGET_INBOX_P95_MS
    results["search_target_met"] = worst_search <= TARGET_SEARCH_P95_MS
    save("reads", results)
    print(
        f"saved bench/results/reads.json; inbox p95 {r['page_with_count']['p95_ms']} ms, search worst p95 {worst_search} ms"
    )


if __name__ == "__main__":
    main()
