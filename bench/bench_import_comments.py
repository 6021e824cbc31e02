"""Bulk import of 475,482 comments (the largest same-second block of the 2017 FCC docket),
through townhall.feedback.importing as staff and the worker use it: import_preview (every row
checked), import_confirm, run_import. On PostgreSQL and on SQLite; seconds, rows/s and the
peak memory of the importing process (a child process of its own).

Baselines measured in the same run, on the same rows:
- Python floor: reading, checking and redacting every row with no database (what the
  import's reader thread does);
- database floor: on PostgreSQL an INSERT ... SELECT of the same rows from a table already in
  the database (no Python, no network), with every index of feedback_comment, and within it
  the cost of to_tsvector('english', body), which the full-text GIN index computes per row.
- a restart: run_import again over the finished batch must add nothing.

  .venv/bin/python bench/bench_import_comments.py            # 475,482 rows
  .venv/bin/python bench/bench_import_comments.py --rows 50000
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, save
from bench.texts import comment_texts, variant

ROWS = 475_482
TARGET_SECONDS = 10.0
PG_DB = "townhall_bench_import_comments"


def build_csv(path: Path, rows: int, texts: list[str]) -> int:
    """Real comment texts cycled with small variations; dates of the FCC docket's May 2017."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["comment", "name", "date_received", "origin"])
        for i in range(rows):
            out.writerow([variant(texts, i), "", f"2017-05-{8 + i % 7:02d}", "public"])
    return path.stat().st_size


def child(csv_path: str) -> None:
    """Runs inside the measured process: settings from the environment, database migrated."""
    import resource

    import django

    django.setup()
    from django.core.files.uploadedfile import UploadedFile
    from django.db import connection, connections

    from townhall.accounts.demo import ensure_persona_by_key
    from townhall.feedback import importing
    from townhall.feedback.models import Comment, ImportBatch
    from townhall.postings.models import Posting

    def rss_mib() -> float:
        return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)

    posting = Posting.objects.filter(status="open", kind="period").select_related("version").first()
    assert posting is not None, "no open posting: load_demo did not run"
    actor = ensure_persona_by_key("oee")
    before_rows = Comment.objects.count()
    out: dict[str, Any] = {"rss_before_mib": rss_mib()}

    def progress(batch_id: int, stop: threading.Event, started: float) -> None:
        while not stop.wait(3):
            b = (
                ImportBatch.objects.filter(pk=batch_id)
                .values_list("processed_rows", flat=True)
                .first()
            )
            print(
                f"    run_import: {b:,} rows after {time.perf_counter() - started:.1f} s",
                flush=True,
            )
        connections.close_all()

    t = time.perf_counter()
    with open(csv_path, "rb") as fh:
        upload = UploadedFile(
            fh, name="fcc-2017-05-08.csv", content_type="text/csv", size=os.path.getsize(csv_path)
        )
        batch = importing.import_preview(
            actor=actor, posting=posting, upload=upload, channel="email"
        )
    out["preview_seconds"] = round(time.perf_counter() - t, 2)
    out["rss_after_preview_mib"] = rss_mib()
    print(
        f"    preview: {batch.valid_rows:,} valid of {batch.total_rows:,} in {out['preview_seconds']} s",
        flush=True,
    )
    importing.import_confirm(actor=actor, batch=batch)
    stop = threading.Event()
    t = time.perf_counter()
    watcher = threading.Thread(target=progress, args=(batch.pk, stop, t), daemon=True)
    watcher.start()
    imported = importing.run_import(batch_id=batch.pk)
    out["import_seconds"] = round(time.perf_counter() - t, 2)
    stop.set()
    watcher.join()
    out["rss_peak_mib"] = rss_mib()
    batch.refresh_from_db()
    stored = Comment.objects.filter(import_batch=batch)
    out.update(
        {
            "rows": batch.total_rows,
            "valid_rows": batch.valid_rows,
            "imported": imported,
            "stored": stored.count(),
            "distinct_receipts": stored.values("receipt").distinct().count(),
            "with_pii": stored.exclude(pii_kinds=[]).count(),
            "redacted_rows": stored.exclude(redacted_body="").count(),
            "status": batch.status,
            "processed_rows": batch.processed_rows,
        }
    )
    print(f"    run_import: {imported:,} rows in {out['import_seconds']} s", flush=True)
    # A restart over the finished batch: nothing may be added, nothing doubled.
    ImportBatch.objects.filter(pk=batch.pk).update(status="running")
    t = time.perf_counter()
    out["restart_imported"] = importing.run_import(batch_id=batch.pk)
    out["restart_seconds"] = round(time.perf_counter() - t, 2)
    out["stored_after_restart"] = Comment.objects.count() - before_rows
    print(f"    restart: {out['restart_imported']} added in {out['restart_seconds']} s", flush=True)

    # Python floor: read, check and redact every row, no database.
    anchors = frozenset(posting.version.sections.values_list("anchor", flat=True))
    from django.utils import timezone

    t = time.perf_counter()
    rows = [
        r for r, _e in importing._checked_rows(Path(csv_path), anchors, timezone.localdate()) if r
    ]
    out["read_check_seconds"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    importing._prepare(batch.pk, rows)
    out["redact_and_keys_seconds"] = round(time.perf_counter() - t, 2)
    out["python_floor_seconds"] = round(
        out["read_check_seconds"] + out["redact_and_keys_seconds"], 2
    )
    sample = rows[:20000]
    from townhall.feedback.pii import redact

    t = time.perf_counter()
    for r in sample:
        redact(r.body)
    full = time.perf_counter() - t
    t = time.perf_counter()
    for r in sample:
        importing._redacted(r.body)
    short = time.perf_counter() - t
    out["redact_us_per_row"] = {
        "pii.redact": round(full / len(sample) * 1e6, 1),
        "with_shortcut": round(short / len(sample) * 1e6, 1),
    }
    del rows
    print(
        f"    python floor: read+check {out['read_check_seconds']} s, redact+keys {out['redact_and_keys_seconds']} s",
        flush=True,
    )

    if connection.vendor == "postgresql":
        cols = ", ".join(c for c in importing._COLUMNS if c not in ("receipt", "idempotency_key"))
        with connection.cursor() as cur:
            cur.execute(
                f"CREATE TEMP TABLE floor_rows AS SELECT {cols} FROM feedback_comment WHERE import_batch_id = %s",
                [batch.pk],
            )
            cur.execute("ANALYZE floor_rows")
            t = time.perf_counter()
            cur.execute(
                "SELECT sum(length(to_tsvector('english', COALESCE(body, '')))) FROM floor_rows"
            )
            out["pg_to_tsvector_seconds"] = round(time.perf_counter() - t, 2)
            floor_sql = (
                f"INSERT INTO feedback_comment (receipt, idempotency_key, {cols}) "
                f"SELECT 'F' || lpad(row_number() OVER ()::text, 19, '0'), "
                f"md5(random()::text) || md5(random()::text), {cols} FROM floor_rows "
                "ON CONFLICT DO NOTHING"
            )
            for key, drop in (
                ("pg_insert_select_seconds", ""),
                (
                    "pg_insert_select_without_fts_index_seconds",
                    "ALTER TABLE feedback_comment DROP COLUMN search_vector",
                ),
            ):
                cur.execute("BEGIN")
                if drop:
                    cur.execute(drop)  # rolled back below: the schema is left as it was
                t = time.perf_counter()
                cur.execute(floor_sql)
                cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred foreign keys, timed too
                out[key] = round(time.perf_counter() - t, 2)
                cur.execute("ROLLBACK")
        print(
            f"    database floor: INSERT ... SELECT {out['pg_insert_select_seconds']} s, without the full-text index {out['pg_insert_select_without_fts_index_seconds']} s; to_tsvector alone {out['pg_to_tsvector_seconds']} s",
            flush=True,
        )
    print("RESULT " + json.dumps(out), flush=True)


def run_child(database_url: str, csv_path: Path, var: Path) -> dict[str, Any]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "townhall.settings.dev",
        "DEBUG": "0",
        "DATABASE_URL": database_url,
        "TOWNHALL_VAR_DIR": str(var),
        "TOWNHALL_MEDIA_ROOT": str(var / "media"),
    }
    py = sys.executable
    for args in (["migrate", "-v0"], ["load_demo"]):
        subprocess.run([py, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)
    proc = subprocess.Popen(
        [py, __file__, "--child", str(csv_path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    result: dict[str, Any] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("RESULT "):
            result = json.loads(line[len("RESULT ") :])
        else:
            print(line, end="", flush=True)
    if proc.wait() != 0:
        raise RuntimeError("the import child failed")
    total = result["preview_seconds"] + result["import_seconds"]
    result["total_seconds"] = round(total, 2)
    result["rows_per_s"] = round(result["valid_rows"] / result["import_seconds"])
    result["rows_per_s_with_preview"] = round(result["valid_rows"] / total)
    result["preview_share"] = round(result["preview_seconds"] / total, 3)
    result["ratio_to_python_floor"] = round(
        result["import_seconds"] / result["python_floor_seconds"], 2
    )
    if "pg_insert_select_seconds" in result:
        result["ratio_to_database_floor"] = round(
            result["import_seconds"] / result["pg_insert_select_seconds"], 2
        )
    result["ok"] = (
        result["imported"]
        == result["valid_rows"]
        == result["stored"]
        == result["distinct_receipts"]
        and result["restart_imported"] == 0
        and result["stored_after_restart"] == result["valid_rows"]
        and result["status"] == "done"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--child")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    texts = comment_texts()
    if texts is None:
        print("skip: ../shared/data/comments not found (the benchmark needs real comment texts)")
        return
    results: dict[str, Any] = {
        "rows": args.rows,
        "target_seconds_postgresql": TARGET_SECONDS,
        "texts": len(texts),
    }
    with tempfile.TemporaryDirectory(prefix="townhall-bench-import-") as tmp:
        var = Path(tmp)
        csv_path = var / "fcc-2017-05-08.csv"
        print(f"== building {csv_path.name}: {args.rows:,} rows of real comment text", flush=True)
        size = build_csv(csv_path, args.rows, texts)
        results["csv_mib"] = round(size / 2**20, 1)
        for db in ("postgresql", "sqlite"):
            if args.only and db != args.only:
                continue
            print(f"== {db}", flush=True)
            if db == "sqlite":
                url = f"sqlite:///{var / 'import.sqlite3'}"
            else:
                admin = "postgres://postgres@127.0.0.1:5432/postgres"
                for sql in (
                    f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)",
                    f"CREATE DATABASE {PG_DB}",
                ):
                    done = subprocess.run(
                        ["psql", admin, "-c", sql], capture_output=True, text=True
                    )
                    if done.returncode != 0:
                        results[db] = {"skipped": done.stderr[:200]}
                        break
                else:
                    url = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
                if db in results:
                    continue
            results[db] = run_child(url, csv_path, var)
            print(f"   {db}: {json.dumps(results[db])}", flush=True)
    pg = results.get("postgresql", {})
    results["target_met"] = bool(pg.get("import_seconds") and pg["total_seconds"] <= TARGET_SECONDS)
    save("import_comments", results)
    print("saved bench/results/import_comments.json")


if __name__ == "__main__":
    main()
