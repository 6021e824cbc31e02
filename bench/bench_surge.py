"""Comment surge: accepted comments per second through the API and the HTML form, against the
production setup (gunicorn + deploy/gunicorn.conf.py, production settings, PostgreSQL, Redis).

In the same run, on the same server: the requests per second of /healthz (the ceiling of the
stack: routing, middleware, one SELECT 1), and the ratio of accepted comments to it.

Run settings that differ from production, and why:
- TOWNHALL_COMMENT_RATE_LIMIT=1000000000: every request comes from 127.0.0.1, so the per-client
  limit (20 per 10 minutes) would refuse all but the first 20. The limit is still *checked*
  on every request (two Redis round trips), only never reached.
- TOWNHALL_POW_BITS=8: the form clients solve the proof of work as pow.js does; 16 bits would
  spend the load generator's CPU (it shares the machine) on hashing, not on load.
- The form clients wait the minimum fill time (3 s) between GET and POST, as the check
  requires; a person takes longer.

  .venv/bin/python bench/bench_surge.py                 # full run: sweep + 5 minute surge
  .venv/bin/python bench/bench_surge.py --seconds 30    # smoke run
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import loadgen, server
from bench.common import ROOT, save
from bench.texts import comment_texts

DB = "townhall_bench_surge"
REDIS_DB = 5
PORT = 8701
TARGET_PER_S = 500
TARGET_P99_MS = 250
# (workers, threads) tried before the surge; threads=1 means sync workers.
CONFIGS = [(2, 1), (4, 1), (2, 4), (4, 4), (3, 8)]


def run_env(var: Path) -> dict[str, str]:
    return server.production_env(
        DB,
        var,
        redis_db=REDIS_DB,
        TOWNHALL_COMMENT_RATE_LIMIT="1000000000",
        TOWNHALL_POW_BITS="8",
    )


def rows(posting_id: int) -> int:
    return int(
        server.psql(f"SELECT count(*) FROM feedback_comment WHERE posting_id={posting_id}", DB)
    )


def load(
    g: server.Gunicorn,
    posting_id: int,
    texts: list[str],
    seconds: float,
    label: str,
    **clients: Any,
) -> dict[str, Any]:
    print(f"-- {label}: {seconds:.0f} s, {clients}", flush=True)
    result = asyncio.run(
        loadgen.run_load(
            loadgen.Target(g.base, posting_id),
            seconds=seconds,
            texts=texts,
            label=label,
            progress_every=5 if seconds <= 60 else 15,
            max_requests=int(seconds * 5000),
            **clients,
        )
    )
    summary = loadgen.summarize(result)
    summary["_submissions"] = result["recorder"].submissions
    print(
        f"   {label}: {json.dumps({k: v for k, v in summary.items() if not k.startswith('_')})[:600]}",
        flush=True,
    )
    return summary


def breakdown(env: dict[str, str], posting_id: int) -> dict[str, Any]:
    """bench/surge_breakdown.py in a process with the production environment."""
    out = subprocess.run(
        [server.PY, str(ROOT / "bench" / "surge_breakdown.py"), str(posting_id)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    print(out.stderr[-2000:])
    return {}


def profile_worker(
    g: server.Gunicorn,
    posting_id: int,
    texts: list[str],
    clients: dict[str, int],
    seconds: int = 20,
) -> dict[str, Any]:
    """py-spy on one gunicorn worker during an API-and-form load: where the time goes."""
    pyspy = str(Path(server.PY).parent / "py-spy")
    if not Path(pyspy).exists():
        return {"skipped": "py-spy not installed (requirements-dev.txt)"}
    raw = Path(g.env["TOWNHALL_VAR_DIR"]) / "profile.txt"
    workers = g.worker_pids()
    procs = [
        subprocess.Popen(
            [
                pyspy,
                "record",
                "--pid",
                str(pid),
                "--duration",
                str(seconds - 4),
                "--rate",
                "200",
                "--format",
                "raw",
                "--idle",
                "--nonblocking",
                "-o",
                f"{raw}.{pid}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for pid in workers
    ]
    load(g, posting_id, texts, seconds, "profile", **clients)
    for p in procs:
        p.wait(timeout=60)
    return analyse_profile([Path(f"{raw}.{pid}") for pid in workers])


# Frames whose inclusive share says what a request spends its time on.
BUCKETS = [
    (
        "waiting for PostgreSQL (psycopg execute/commit/connect)",
        ("psycopg/cursor.py", "psycopg/connection.py", "psycopg/pq", "psycopg/waiting.py"),
    ),
    (
        "waiting for Redis (rate limit)",
        ("redis/connection.py", "redis/client.py", "redis/commands"),
    ),
    ("template rendering", ("django/template/",)),
    ("PII redaction (regexes)", ("feedback/pii.py",)),
    ("Django ORM (query building, model init)", ("django/db/models/",)),
    ("form token signing / checking", ("django/core/signing.py", "feedback/antispam.py")),
    (
        "request parsing (multipart, JSON)",
        ("django/http/multipartparser.py", "ninja/parser.py", "pydantic"),
    ),
    (
        "middleware and URL routing",
        (
            "django/core/handlers/",
            "django/urls/",
            "django/middleware/",
            "csp/",
            "axes/",
            "django/contrib/sessions",
            "whitenoise/",
        ),
    ),
    ("gunicorn (accept, parse, write, log)", ("gunicorn/",)),
]


def analyse_profile(files: list[Path]) -> dict[str, Any]:
    total = 0
    idle = 0
    by_bucket: dict[str, int] = {name: 0 for name, _ in BUCKETS}
    self_time: dict[str, int] = {}
    for f in files:
        if not f.exists():
            continue
        for line in f.read_text(errors="replace").splitlines():
            stack, _, count_s = line.rpartition(" ")
            if not count_s.isdigit():
                continue
            n = int(count_s)
            frames = stack.split(";")
            leaf = frames[-1] if frames else ""
            # An idle thread waits in gunicorn's select/queue or a lock with no request on it.
            if any(
                s in leaf
                for s in (
                    "select (selectors.py",
                    "wait (gunicorn/workers/sync.py",
                    "accept (socket.py",
                    "wait (threading.py",
                    "_worker (concurrent",
                    "sleep (gunicorn",
                )
            ) and not any(
                "handle_request" in fr or "handle (gunicorn/workers/sync" in fr for fr in frames
            ):
                idle += n
                continue
            total += n
            for name, needles in BUCKETS:
                if any(any(nd in fr for nd in needles) for fr in frames):
                    by_bucket[name] += n
            self_time[leaf] = self_time.get(leaf, 0) + n
    if not total:
        return {"skipped": "no samples"}
    top = sorted(self_time.items(), key=lambda kv: -kv[1])[:12]
    return {
        "busy_samples": total,
        "idle_samples": idle,
        "inclusive_share": {k: round(v / total, 3) for k, v in by_bucket.items()},
        "top_self": [{"frame": k[:160], "share": round(v / total, 3)} for k, v in top],
    }


def strip(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if not k.startswith("_")}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--seconds", type=float, default=300, help="length of the surge (default 300)"
    )
    parser.add_argument(
        "--sweep-seconds", type=float, default=20, help="length of each configuration trial"
    )
    parser.add_argument("--workers", type=int, help="skip the sweep: gunicorn workers")
    parser.add_argument("--threads", type=int, help="skip the sweep: threads per worker")
    parser.add_argument("--api-clients", type=int, default=24)
    parser.add_argument(
        "--form-clients", type=int, default=120, help="simulated people on the form"
    )
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args()

    texts = comment_texts()
    if texts is None:
        print("skip: ../shared/data/comments not found (the benchmark needs real comment texts)")
        return
    results: dict[str, Any] = {
        "target": {"accepted_per_s": TARGET_PER_S, "p99_ms": TARGET_P99_MS},
        "run_settings": {
            "TOWNHALL_COMMENT_RATE_LIMIT": "1000000000 (single client address; still checked)",
            "TOWNHALL_POW_BITS": "8 (solved by the load generator)",
            "DB_CONN_MAX_AGE": "60",
            "min_fill_wait_s": loadgen.MIN_FILL_SECONDS,
        },
        "texts": len(texts),
    }
    with server.temp_var_dir() as tmp:
        var = Path(tmp)
        env = run_env(var)
        print(f"== preparing {DB} (migrate, demo, collectstatic)", flush=True)
        server.recreate_database(DB)
        server.prepare_site(env)
        posting_id = server.open_posting_id(DB)
        print("== cost of one request and of its parts, in process", flush=True)
        results["breakdown"] = breakdown(env, posting_id)
        print("  ", results["breakdown"], flush=True)

        configs = [(args.workers, args.threads)] if args.workers and args.threads else CONFIGS
        results["machine_busy_before_sweep"] = loadgen.wait_for_quiet(max_wait=300)
        sweep = []
        if len(configs) > 1:
            print("== sweep of gunicorn layouts (API comments, 32 clients)", flush=True)
        for workers, threads in configs:
            if len(configs) == 1:
                break
            with server.Gunicorn(
                env,
                port=PORT,
                workers=workers,
                threads=threads,
                log=var / f"g{workers}x{threads}.log",
            ) as g:
                s = load(
                    g,
                    posting_id,
                    texts,
                    args.sweep_seconds,
                    f"sweep {workers}x{threads}",
                    api_clients=32,
                )
            api = s["by_request"].get("api_post", {})
            sweep.append(
                {
                    "workers": workers,
                    "threads": threads,
                    "accepted_per_s": s["accepted_per_s"],
                    "p50_ms": api.get("p50_ms"),
                    "p99_ms": api.get("p99_ms"),
                    "cpu_cores_by_program": s["cpu_cores_by_program"],
                }
            )
        if sweep:
            results["sweep"] = sweep
            best = max(sweep, key=lambda r: r["accepted_per_s"])
            workers, threads = best["workers"], best["threads"]
        else:
            workers, threads = configs[0]
        results["gunicorn"] = {"workers": workers, "threads": threads}
        print(f"== using {workers} workers x {threads} threads", flush=True)

        clients = {"api_clients": args.api_clients, "form_clients": args.form_clients}
        results["clients"] = clients
        results["machine_busy_before_surge"] = loadgen.wait_for_quiet(max_wait=300)
        with server.Gunicorn(
            env, port=PORT, workers=workers, threads=threads, log=var / "surge.log"
        ) as g:
            ceiling = load(
                g,
                posting_id,
                texts,
                min(30.0, args.seconds),
                "healthz ceiling",
                health_clients=args.api_clients,
            )
            results["healthz"] = strip(ceiling)
            before = rows(posting_id)
            surge = load(g, posting_id, texts, args.seconds, "surge", **clients)
            results["surge"] = strip(surge)
            print("== checking every receipt against PostgreSQL", flush=True)
            results["verification"] = loadgen.verify_receipts(
                surge["_submissions"], f"{server.PG_SERVER}/{DB}", posting_id, before
            )
            print("  ", results["verification"], flush=True)
            api = surge["by_request"].get("api_post", {})
            form = surge["by_request"].get("form_post", {})
            p99 = max(api.get("p99_ms", 0), form.get("p99_ms", 0))
            results["ratio_accepted_to_healthz"] = round(
                surge["accepted_per_s"] / max(1e-9, ceiling["by_request"]["healthz"]["per_s"]), 3
            )
            results["target_met"] = surge["accepted_per_s"] >= TARGET_PER_S and p99 <= TARGET_P99_MS
            results["p99_ms_worst"] = p99
            if not results["target_met"] and not args.no_profile:
                print("== target not met: profiling the workers with py-spy", flush=True)
                results["profile"] = profile_worker(g, posting_id, texts, clients)
                print("  ", json.dumps(results["profile"])[:1500], flush=True)
    save("surge", results)
    print(
        f"saved bench/results/surge.json; accepted {results['surge']['accepted_per_s']}/s, "
        f"healthz {results['healthz']['by_request']['healthz']['per_s']}/s, target met: {results['target_met']}"
    )


if __name__ == "__main__":
    main()
