"""Durability under a surge: while API and form clients send comments to the production
setup (as in bench_surge.py), one gunicorn worker is killed with SIGKILL and then PostgreSQL
is restarted. Afterwards:

- every receipt a client was shown must be a stored row with the text that was sent;
- every request that failed must have failed visibly (a 4xx/5xx status or a broken
  connection), never a 2xx without a stored row;
- every failed API submission is sent again with the same Idempotency-Key, as a client
  should: each must now get a receipt, the stored one if the first attempt had been stored,
  and no key may have two rows.

PostgreSQL is started again when the script ends, whatever happens.

  .venv/bin/python bench/bench_durability.py               # 90 s, kill at 20 s, restart at 45 s
  .venv/bin/python bench/bench_durability.py --seconds 40 --kill-at 10 --restart-at 20
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import loadgen, server
from bench.common import RESULTS, save
from bench.texts import comment_texts

DB = "townhall_bench_durability"
REDIS_DB = 6
PORT = 8702


def pg_version() -> str:
    versions = sorted(p.name for p in Path("/etc/postgresql").iterdir() if p.name[:1].isdigit())
    return versions[-1]


def pg_online(version: str) -> bool:
    out = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout
    return any(
        line.split()[:2] == [version, "main"] and "online" in line for line in out.splitlines()
    )


def ensure_pg_running(version: str) -> None:
    if not pg_online(version):
        print(f"  starting PostgreSQL {version} again", flush=True)
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
            check=False,
            timeout=120,
        )
    for _ in range(60):
        if pg_online(version):
            return
        time.sleep(1)
    print(
        "  WARNING: PostgreSQL is not online; start it with "
        f"pg_ctlcluster --skip-systemctl-redirect {version} main start",
        flush=True,
    )


def wait_for_other_clients(max_wait: float = 300) -> int:
    """A restart drops every connection: wait (bounded) until no other database is in use."""
    deadline = time.monotonic() + max_wait
    while True:
        others = int(
            server.psql(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
                f"AND datname IS NOT NULL AND datname NOT IN ('{DB}', 'postgres') "
                "AND pid <> pg_backend_pid()"
            )
        )
        if not others or time.monotonic() >= deadline:
            return others
        print(f"  {others} other PostgreSQL clients connected; waiting before the run", flush=True)
        time.sleep(10)


async def retry_failed(
    g: server.Gunicorn, posting_id: int, failed: list[loadgen.Submission], bodies: dict[str, str]
) -> list[dict[str, Any]]:
    import aiohttp

    url = f"{g.base}/api/v1/postings/{posting_id}/comments"
    out = []
    sem = asyncio.Semaphore(8)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:

        async def one(s: loadgen.Submission) -> None:
            async with sem:
                headers = {"X-Forwarded-Proto": "https", "Idempotency-Key": s.key}
                try:
                    async with session.post(
                        url, json={"body": bodies[s.key]}, headers=headers
                    ) as resp:
                        data = await resp.json(content_type=None)
                        out.append(
                            {"key": s.key, "status": resp.status, "receipt": data.get("receipt")}
                        )
                except (aiohttp.ClientError, TimeoutError, OSError) as exc:
                    out.append(
                        {"key": s.key, "status": f"conn:{type(exc).__name__}", "receipt": None}
                    )

        await asyncio.gather(*(one(s) for s in failed[:5000]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=90)
    parser.add_argument("--kill-at", type=float, default=20)
    parser.add_argument("--restart-at", type=float, default=45)
    parser.add_argument("--api-clients", type=int, default=24)
    parser.add_argument("--form-clients", type=int, default=120)
    args = parser.parse_args()
    texts = comment_texts()
    if texts is None:
        print("skip: ../shared/data/comments not found (the benchmark needs real comment texts)")
        return
    version = pg_version()
    surge = RESULTS / "surge.json"
    layout = json.loads(surge.read_text()).get("gunicorn", {}) if surge.exists() else {}
    workers, threads = layout.get("workers", 4), layout.get("threads", 4)
    results: dict[str, Any] = {
        "postgresql_cluster": f"{version}/main",
        "gunicorn": {"workers": workers, "threads": threads},
        "plan": {
            "seconds": args.seconds,
            "kill_worker_at_s": args.kill_at,
            "restart_postgresql_at_s": args.restart_at,
        },
    }
    try:
        with server.temp_var_dir() as tmp:
            var = Path(tmp)
            env = server.production_env(
                DB,
                var,
                redis_db=REDIS_DB,
                TOWNHALL_COMMENT_RATE_LIMIT="1000000000",
                TOWNHALL_POW_BITS="8",
            )
            print(f"== preparing {DB}", flush=True)
            server.recreate_database(DB)
            server.prepare_site(env)
            posting_id = server.open_posting_id(DB)
            before = int(
                server.psql(
                    f"SELECT count(*) FROM feedback_comment WHERE posting_id={posting_id}", DB
                )
            )
            others = wait_for_other_clients()
            results["other_clients_at_restart"] = others
            with server.Gunicorn(
                env, port=PORT, workers=workers, threads=threads, log=var / "durability.log"
            ) as g:

                def kill_worker() -> dict[str, Any]:
                    victims = g.worker_pids()
                    os.kill(victims[0], signal.SIGKILL)
                    time.sleep(3)
                    return {
                        "killed_pid": victims[0],
                        "workers_before": victims,
                        "workers_after_3s": g.worker_pids(),
                    }

                def restart_pg() -> dict[str, Any]:
                    t = time.monotonic()
                    done = subprocess.run(
                        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
                        capture_output=True,
                        text=True,
                        timeout=120,
                    )
                    return {
                        "returncode": done.returncode,
                        "seconds": round(time.monotonic() - t, 2),
                        "stderr": done.stderr[-300:],
                    }

                events = [
                    loadgen.Event(args.kill_at, "kill -9 one gunicorn worker", kill_worker),
                    loadgen.Event(args.restart_at, "restart PostgreSQL", restart_pg),
                ]
                print(f"-- surge with faults: {args.seconds:.0f} s", flush=True)
                run = asyncio.run(
                    loadgen.run_load(
                        loadgen.Target(g.base, posting_id),
                        seconds=args.seconds,
                        texts=texts,
                        api_clients=args.api_clients,
                        form_clients=args.form_clients,
                        events=events,
                        label="durability",
                        progress_every=5,
                        max_requests=int(args.seconds * 5000),
                    )
                )
                ensure_pg_running(version)
                summary = loadgen.summarize(run)
                results["load"] = summary
                subs = run["recorder"].submissions
                print("== checking every receipt against PostgreSQL", flush=True)
                results["verification"] = loadgen.verify_receipts(
                    subs, f"{server.PG_SERVER}/{DB}", posting_id, before
                )
                print("  ", results["verification"], flush=True)
                # Failures over time: when did they happen relative to the two faults?
                failed = [s for s in subs if not s.receipt]
                start = run["recorder"].started
                results["failures_by_second"] = {}
                for s in failed:
                    second = str(int(s.at - start))
                    results["failures_by_second"][second] = (
                        results["failures_by_second"].get(second, 0) + 1
                    )
                # Clients retry failed API submissions with the same Idempotency-Key.
                api_failed = [s for s in failed if s.channel == "api"]
                bodies = run["recorder"].bodies
                print(
                    f"== retrying {len(api_failed)} failed API submissions with their keys",
                    flush=True,
                )
                retried = asyncio.run(retry_failed(g, posting_id, api_failed, bodies))
                keys = [
                    hashlib.sha256(f"api:{posting_id}:{r['key']}".encode()).hexdigest()
                    for r in retried
                ]
                with psycopg.connect(f"{server.PG_SERVER}/{DB}") as conn:
                    rows = conn.execute(
                        "SELECT idempotency_key, receipt FROM feedback_comment WHERE idempotency_key = ANY(%s)",
                        (keys,),
                    ).fetchall()
                    dupes = conn.execute(
                        "SELECT count(*) FROM (SELECT idempotency_key FROM feedback_comment "
                        "WHERE idempotency_key IS NOT NULL GROUP BY 1 HAVING count(*) > 1) d"
                    ).fetchone()[0]
                stored = dict(rows)
                ok = [
                    r
                    for r, k in zip(retried, keys, strict=True)
                    if r["status"] == 201 and stored.get(k) == r["receipt"]
                ]
                results["retries"] = {
                    "sent": len(retried),
                    "got_stored_receipt": len(ok),
                    "first_attempt_had_been_stored": results["verification"][
                        "failed_api_but_stored"
                    ],
                    "statuses": dict(Counter(str(r["status"]) for r in retried)),
                    "keys_with_two_rows": dupes,
                }
                print("  ", results["retries"], flush=True)
    finally:
        ensure_pg_running(version)
    v = results.get("verification", {})
    retries = results.get("retries", {})
    results["ok"] = (
        bool(v.get("ok"))
        and retries.get("keys_with_two_rows") == 0
        and retries.get("got_stored_receipt") == retries.get("sent")
    )
    save("durability", results)
    print(f"saved bench/results/durability.json; ok: {results['ok']}")


if __name__ == "__main__":
    main()
