"""Import all 2,636 archived CPD directive versions: time and peak memory, SQLite and PostgreSQL.

In the same run it times parsing alone over the same texts, and reports import/parse as a ratio,
so the figure says how much the database side costs on whatever machine runs it.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ARCHIVE, ROOT, save


def parse_only() -> tuple[float, int]:
    from townhall.directives.parsing import parse_directive

    texts = []
    with gzip.open(ARCHIVE, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("number") and (row.get("text") or "").strip():
                texts.append(row["text"])
    start = time.perf_counter()
    sections = sum(len(parse_directive(t).sections) for t in texts)
    return time.perf_counter() - start, sections


def run_import(database_url: str, var: Path) -> dict[str, float | str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "townhall.settings.dev",
        "DEBUG": "0",
        "DATABASE_URL": database_url,
        "TOWNHALL_VAR_DIR": str(var),
    }
    py = sys.executable
    subprocess.run([py, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    # A wrapper process of its own, so the peak RSS read is this import's alone.
    wrapper = (
        "import resource, subprocess, sys, time, json;"
        "t = time.perf_counter();"
        "out = subprocess.run(sys.argv[1:], check=True, capture_output=True, text=True);"
        "print(json.dumps({'seconds': time.perf_counter() - t,"
        " 'rss_kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
        " 'output': out.stdout.strip()}))"
    )
    out = subprocess.run(
        [py, "-c", wrapper, py, "manage.py", "import_directives", str(ARCHIVE), "--no-progress"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    measured = json.loads(out.stdout)
    return {
        "seconds": round(measured["seconds"], 2),
        "peak_rss_mib": round(measured["rss_kb"] / 1024, 1),
        "output": measured["output"],
    }


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townhall.settings.dev")
    django.setup()
    if not ARCHIVE.exists():
        print(f"skip: {ARCHIVE} not found")
        return
    parse_seconds, sections = parse_only()
    results: dict[str, object] = {
        "parse_only_seconds": round(parse_seconds, 2),
        "sections": sections,
    }
    with tempfile.TemporaryDirectory() as tmp:
        var = Path(tmp)
        sqlite = run_import(f"sqlite:///{var / 'bench.sqlite3'}", var)
        results["sqlite"] = {
            **sqlite,
            "ratio_to_parse": round(float(sqlite["seconds"]) / parse_seconds, 1),
        }
        print("sqlite", results["sqlite"])
        pg_url = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/townhall_bench")
        admin = pg_url.rsplit("/", 1)[0] + "/postgres"
        name = pg_url.rsplit("/", 1)[1]
        drop = subprocess.run(
            ["psql", admin, "-c", f"DROP DATABASE IF EXISTS {name}"], capture_output=True
        )
        create = subprocess.run(
            ["psql", admin, "-c", f"CREATE DATABASE {name}"], capture_output=True
        )
        if drop.returncode == 0 and create.returncode == 0:
            pg = run_import(pg_url, var)
            results["postgresql"] = {
                **pg,
                "ratio_to_parse": round(float(pg["seconds"]) / parse_seconds, 1),
            }
            print("postgresql", results["postgresql"])
        else:
            results["postgresql"] = {"skipped": create.stderr.decode()[:200]}
    save("import", results)


if __name__ == "__main__":
    main()
