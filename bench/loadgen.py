"""An asyncio load generator (aiohttp) for the comment-intake benchmarks.

Bounded in time (`seconds`) and in count (`max_requests`), it targets only the 127.0.0.1
server it is given and stops by itself. Three kinds of simulated client:

- API clients POST /api/v1/postings/{id}/comments (JSON) with an Idempotency-Key, closed loop;
- form clients do what a browser does on /postings/{id}/comment/: GET the form (CSRF cookie,
  csrfmiddlewaretoken, signed form_token, proof-of-work challenge), solve the proof of work,
  wait out the minimum fill time (3 s, as a person typing would), then POST multipart/form-data
  and read the receipt from the redirect;
- health clients GET /healthz, the ceiling of the same server stack.

Every receipt a client is shown is kept with a digest of the text sent, for the check against
PostgreSQL afterwards.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import os
import re
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from bench.common import percentile
from bench.texts import variant

MIN_FILL_SECONDS = 3.0  # townhall.feedback.antispam: TOWNHALL_MIN_FILL_SECONDS default
_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_CHALLENGE = re.compile(r'data-pow-challenge="([0-9a-f]+)" data-pow-bits="(\d+)"')
_RECEIPT = re.compile(r"/receipts/(TH-[0-9A-Z]{4}-[0-9A-Z]{4})/")


def solve_pow(challenge: str, bits: int) -> str:
    """The same search as static/townhall/pow.js: sha256("challenge:nonce") with `bits`
    leading zero bits."""
    n = 0
    while True:
        digest = hashlib.sha256(f"{challenge}:{n}".encode()).digest()
        if len(digest) * 8 - int.from_bytes(digest, "big").bit_length() >= bits:
            return str(n)
        n += 1


@dataclass
class Submission:
    channel: str  # "api" or "form"
    body_md5: str
    key: str  # the API Idempotency-Key sent ("" for the form)
    outcome: str  # "201", "302", "500", "conn:ClientOSError"...
    receipt: str | None
    at: float


@dataclass
class Recorder:
    started: float = field(default_factory=time.monotonic)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    outcomes: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    submissions: list[Submission] = field(default_factory=list)
    accepted_at: list[float] = field(default_factory=list)
    requests: int = 0
    text_index: int = 0
    events: list[dict[str, Any]] = field(default_factory=list)
    bodies: dict[str, str] = field(default_factory=dict)  # API Idempotency-Key -> text sent

    def next_text(self, texts: list[str]) -> str:
        self.text_index += 1
        return variant(texts, self.text_index).replace("\r\n", "\n").strip()

    def record(self, what: str, outcome: str, seconds: float | None) -> None:
        self.requests += 1
        self.outcomes[what][outcome] += 1
        if seconds is not None and not outcome.startswith("conn:"):
            self.latencies[what].append(seconds)

    def accepted(self) -> int:
        return len(self.accepted_at)


def _outcome(exc: BaseException) -> str:
    return f"conn:{type(exc).__name__}"


@dataclass
class Target:
    base: str  # http://127.0.0.1:PORT
    posting_id: int

    @property
    def origin(self) -> str:
        return self.base.replace("http://", "https://")

    def headers(self) -> dict[str, str]:
        # TLS ends at the proxy in production; it tells Django the scheme with this header.
        return {"X-Forwarded-Proto": "https"}


async def api_client(
    session: aiohttp.ClientSession,
    t: Target,
    rec: Recorder,
    texts: list[str],
    stop: Callable[[], bool],
) -> None:
    url = f"{t.base}/api/v1/postings/{t.posting_id}/comments"
    while not stop():
        body = rec.next_text(texts)
        key = uuid.uuid4().hex
        rec.bodies[key] = body
        headers = {**t.headers(), "Idempotency-Key": key}
        start = time.monotonic()
        receipt = None
        try:
            async with session.post(url, json={"body": body}, headers=headers) as resp:
                payload = await resp.read()
                outcome = str(resp.status)
                if resp.status == 201:
                    import json

                    receipt = json.loads(payload)["receipt"]
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            outcome = _outcome(exc)
        elapsed = time.monotonic() - start
        rec.record("api_post", outcome, elapsed)
        rec.submissions.append(
            Submission("api", hashlib.md5(body.encode()).hexdigest(), key, outcome, receipt, start)
        )
        if receipt:
            rec.accepted_at.append(time.monotonic())
        elif outcome.startswith("conn:") or outcome.startswith("5"):
            await asyncio.sleep(0.2)  # a client backs off a little after a failure


def _cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


async def form_client(
    session: aiohttp.ClientSession,
    t: Target,
    rec: Recorder,
    texts: list[str],
    stop: Callable[[], bool],
) -> None:
    url = f"{t.base}/postings/{t.posting_id}/comment/"
    jar: dict[str, str] = {}
    while not stop():
        start = time.monotonic()
        try:
            headers = {**t.headers(), **({"Cookie": _cookie_header(jar)} if jar else {})}
            async with session.get(url, headers=headers) as resp:
                page = await resp.text()
                for name, morsel in resp.cookies.items():
                    jar[name] = morsel.value
                status = resp.status
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            rec.record("form_get", _outcome(exc), None)
            await asyncio.sleep(0.5)
            continue
        got = time.monotonic()
        rec.record("form_get", str(status), got - start)
        token, csrf, challenge = _TOKEN.search(page), _CSRF.search(page), _CHALLENGE.search(page)
        if status != 200 or not (token and csrf and challenge):
            await asyncio.sleep(0.5)
            continue
        nonce = solve_pow(challenge.group(1), int(challenge.group(2)))
        body = rec.next_text(texts)
        # A person needs more than the minimum fill time; the script waits just past it.
        await asyncio.sleep(max(0.0, got + MIN_FILL_SECONDS + 0.05 - time.monotonic()))
        if stop():
            return
        form = aiohttp.FormData(default_to_multipart=True)
        for name, value in (
            ("csrfmiddlewaretoken", html.unescape(csrf.group(1))),
            ("section", ""),
            ("form_token", html.unescape(token.group(1))),
            ("pow_nonce", nonce),
            ("body", body),
            ("name", ""),
            ("email", ""),
            ("organization", ""),
            ("website", ""),
            ("challenge_answer", ""),
        ):
            form.add_field(name, value)
        headers = {
            **t.headers(),
            "Cookie": _cookie_header(jar),
            "Origin": t.origin,
            "Referer": f"{t.origin}/postings/{t.posting_id}/comment/",
        }
        start = time.monotonic()
        receipt = None
        try:
            async with session.post(url, data=form, headers=headers, allow_redirects=False) as resp:
                await resp.read()
                outcome = str(resp.status)
                match = _RECEIPT.search(resp.headers.get("Location", ""))
                if resp.status == 302 and match:
                    receipt = match.group(1)
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            outcome = _outcome(exc)
        rec.record("form_post", outcome, time.monotonic() - start)
        rec.submissions.append(
            Submission("form", hashlib.md5(body.encode()).hexdigest(), "", outcome, receipt, start)
        )
        if receipt:
            rec.accepted_at.append(time.monotonic())


async def health_client(
    session: aiohttp.ClientSession,
    t: Target,
    rec: Recorder,
    _texts: list[str],
    stop: Callable[[], bool],
) -> None:
    url = f"{t.base}/healthz"
    while not stop():
        start = time.monotonic()
        try:
            async with session.get(url, headers=t.headers()) as resp:
                await resp.read()
                outcome = str(resp.status)
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            outcome = _outcome(exc)
        rec.record("healthz", outcome, time.monotonic() - start)
        if outcome.startswith("conn:"):
            await asyncio.sleep(0.2)


@dataclass
class Event:
    at: float  # seconds after the start
    name: str
    action: Callable[[], Any]


def _cpu_ticks() -> tuple[int, int]:
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields), idle


def _process_ticks() -> dict[str, int]:
    """CPU ticks per program (gunicorn, postgres, redis, this load generator)."""
    groups: Counter[str] = Counter()
    me = os.getpid()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            raw = stat.read_text()
        except OSError:
            continue
        comm = raw[raw.index("(") + 1 : raw.rindex(")")]
        rest = raw.rsplit(")", 1)[1].split()
        ticks = int(rest[11]) + int(rest[12])
        pid = int(stat.parent.name)
        if pid == me:
            groups["load generator"] += ticks
        elif comm.startswith("gunicorn") or "gunicorn" in _cmdline(pid):
            groups["gunicorn"] += ticks
        elif comm.startswith("postgres"):
            groups["postgres"] += ticks
        elif comm.startswith("redis"):
            groups["redis"] += ticks
    return dict(groups)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


async def run_load(
    target: Target,
    *,
    seconds: float,
    texts: list[str],
    api_clients: int = 0,
    form_clients: int = 0,
    health_clients: int = 0,
    max_requests: int = 2_000_000,
    events: list[Event] | None = None,
    label: str = "load",
    progress_every: float = 10.0,
) -> dict[str, Any]:
    """Run the clients for `seconds` (and at most `max_requests` requests); return figures."""
    rec = Recorder()
    deadline = rec.started + seconds

    def stop() -> bool:
        return time.monotonic() >= deadline or rec.requests >= max_requests

    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    timeout = aiohttp.ClientTimeout(total=30)
    cpu0, proc0, clock0 = _cpu_ticks(), _process_ticks(), time.monotonic()
    async with aiohttp.ClientSession(
        connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()
    ) as session:
        tasks = [
            asyncio.create_task(fn(session, target, rec, texts, stop))
            for fn, n in (
                (api_client, api_clients),
                (form_client, form_clients),
                (health_client, health_clients),
            )
            for _ in range(n)
        ]

        async def fire(event: Event) -> None:
            await asyncio.sleep(max(0.0, rec.started + event.at - time.monotonic()))
            t0 = time.monotonic() - rec.started
            print(f"  [{label}] t={t0:5.1f}s event: {event.name}", flush=True)
            try:
                detail = await asyncio.to_thread(event.action)
                ok = True
            except Exception as exc:  # recorded, the run goes on
                detail, ok = repr(exc), False
            rec.events.append(
                {
                    "name": event.name,
                    "at_s": round(t0, 2),
                    "done_s": round(time.monotonic() - rec.started, 2),
                    "ok": ok,
                    "detail": detail,
                }
            )
            print(
                f"  [{label}] t={time.monotonic() - rec.started:5.1f}s done: {event.name} {detail!r:.120}",
                flush=True,
            )

        event_tasks = [asyncio.create_task(fire(e)) for e in events or []]
        last_n, last_t = 0, rec.started
        while not stop() and not all(t.done() for t in tasks):
            await asyncio.sleep(min(progress_every, max(0.05, deadline - time.monotonic())))
            now = time.monotonic()
            n = rec.accepted()
            errors = sum(
                c
                for what in rec.outcomes.values()
                for o, c in what.items()
                if o.startswith("conn:") or o.startswith("5")
            )
            print(
                f"  [{label}] t={now - rec.started:5.1f}s requests={rec.requests} "
                f"accepted={n} ({(n - last_n) / max(1e-9, now - last_t):.0f}/s now) "
                f"healthz={sum(rec.outcomes['healthz'].values())} errors={errors}",
                flush=True,
            )
            last_n, last_t = n, now
        await asyncio.gather(*tasks, return_exceptions=True)
        for e in event_tasks:
            if not e.done():
                e.cancel()
        await asyncio.gather(*event_tasks, return_exceptions=True)
    wall = time.monotonic() - rec.started
    cpu1, proc1 = _cpu_ticks(), _process_ticks()
    total, idle = cpu1[0] - cpu0[0], cpu1[1] - cpu0[1]
    hz = os.sysconf("SC_CLK_TCK")
    span = time.monotonic() - clock0
    cpu_by = {
        k: round((proc1.get(k, 0) - proc0.get(k, 0)) / hz / span, 2)
        for k in sorted(set(proc0) | set(proc1))
    }
    # Whatever else ran on the machine meanwhile (another job, short-lived processes).
    busy_cores = (total - idle) / hz / span
    cpu_by["other (incl. processes that ended during the run)"] = round(
        max(0.0, busy_cores - sum(cpu_by.values())), 2
    )
    return {
        "recorder": rec,
        "planned_seconds": seconds,
        "wall": wall,
        "machine_busy": round(1 - idle / max(1, total), 3),
        "cpu_cores_by_program": cpu_by,
    }


def summarize(result: dict[str, Any]) -> dict[str, Any]:
    rec: Recorder = result["recorder"]
    wall = result["wall"]
    out: dict[str, Any] = {
        "seconds": round(wall, 1),
        "requests": rec.requests,
        "accepted_comments": rec.accepted(),
        "accepted_per_s": round(rec.accepted() / wall, 1),
        "machine_cpu_busy": result["machine_busy"],
        "cpu_cores_by_program": result["cpu_cores_by_program"],
        "by_request": {},
    }
    for what, counter in sorted(rec.outcomes.items()):
        lat = rec.latencies.get(what, [])
        out["by_request"][what] = {
            "count": sum(counter.values()),
            "per_s": round(sum(counter.values()) / wall, 1),
            "outcomes": dict(sorted(counter.items())),
            **(
                {
                    "p50_ms": round(percentile(lat, 50) * 1000, 1),
                    "p95_ms": round(percentile(lat, 95) * 1000, 1),
                    "p99_ms": round(percentile(lat, 99) * 1000, 1),
                    "max_ms": round(max(lat) * 1000, 1),
                }
                if lat
                else {}
            ),
        }
    # Sustained: accepted comments per whole second of the run, after a 5 s warm-up.
    if rec.accepted_at:
        buckets = Counter(int(t - rec.started) for t in rec.accepted_at)
        # Whole seconds inside the planned run only: the tail after the deadline is drain.
        last = int(min(wall, result.get("planned_seconds", wall)))
        per_second = [buckets.get(s, 0) for s in range(5, max(6, last))]
        per_second.sort()
        out["accepted_per_second_min_median_max"] = (
            [per_second[0], per_second[len(per_second) // 2], per_second[-1]] if per_second else []
        )
    if rec.events:
        out["events"] = rec.events
    return out


def verify_receipts(
    submissions: list[Submission], dsn: str, posting_id: int, rows_before: int
) -> dict[str, Any]:
    """Every receipt a client was shown must be a stored row with the text that was sent, and
    no request that failed may have been answered 2xx. Queries PostgreSQL directly."""
    import psycopg

    shown = [s for s in submissions if s.receipt]
    with psycopg.connect(dsn) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT receipt, md5(body), channel, idempotency_key FROM feedback_comment "
            "WHERE receipt = ANY(%s)",
            ([s.receipt for s in shown],),
        )
        stored = {r[0]: r[1:] for r in cur.fetchall()}
        api_keys = {
            hashlib.sha256(f"api:{posting_id}:{s.key}".encode()).hexdigest(): s
            for s in submissions
            if s.channel == "api"
        }
        cur.execute(
            "SELECT idempotency_key, receipt FROM feedback_comment WHERE idempotency_key = ANY(%s)",
            (list(api_keys),),
        )
        by_key = dict(cur.fetchall())
        cur.execute("SELECT count(*) FROM feedback_comment WHERE posting_id = %s", (posting_id,))
        rows_after = cur.fetchone()[0]  # type: ignore[index]
    missing = [s.receipt for s in shown if s.receipt not in stored]
    wrong_text = [
        s.receipt for s in shown if s.receipt in stored and stored[s.receipt][0] != s.body_md5
    ]
    wrong_key = [
        s.receipt
        for s in shown
        if s.channel == "api"
        and s.receipt in stored
        and stored[s.receipt][2] != hashlib.sha256(f"api:{posting_id}:{s.key}".encode()).hexdigest()
    ]
    ok_without_receipt = [
        s.outcome for s in submissions if s.outcome.startswith("2") and not s.receipt
    ]
    failed = [s for s in submissions if not s.receipt]
    failed_api_stored = sum(1 for k, s in api_keys.items() if not s.receipt and k in by_key)
    unexplained = [
        s.outcome for s in failed if not (s.outcome[:1] in "45" or s.outcome.startswith("conn:"))
    ]
    return {
        "receipts_shown": len(shown),
        "receipts_found_in_db": len(shown) - len(missing),
        "receipts_missing": missing[:20],
        "receipts_missing_count": len(missing),
        "receipts_with_other_text": len(wrong_text),
        "api_receipts_with_other_key": len(wrong_key),
        "answers_2xx_without_receipt": len(ok_without_receipt),
        "failed_submissions": len(failed),
        "failed_by_outcome": dict(Counter(s.outcome for s in failed)),
        "failed_without_explicit_error": len(unexplained),
        "failed_api_but_stored": failed_api_stored,
        "rows_added": rows_after - rows_before,
        "ok": not missing
        and not wrong_text
        and not wrong_key
        and not ok_without_receipt
        and not unexplained,
    }


def machine_busy(seconds: float = 3.0) -> float:
    """Share of all cores busy over `seconds` (before a run: is anything else running?)."""
    a = _cpu_ticks()
    time.sleep(seconds)
    b = _cpu_ticks()
    return round(1 - (b[1] - a[1]) / max(1, b[0] - a[0]), 3)


def wait_for_quiet(max_wait: float = 900, threshold: float = 0.15) -> float:
    """Wait (bounded) until the machine is nearly idle, so that another job does not take the
    cores the benchmark measures; returns the busy share last seen."""
    deadline = time.monotonic() + max_wait
    while True:
        busy = machine_busy()
        if busy <= threshold or time.monotonic() >= deadline:
            if busy > threshold:
                print(
                    f"  machine still {busy:.0%} busy after waiting; measuring anyway", flush=True
                )
            return busy
        print(f"  machine {busy:.0%} busy with other work; waiting for it to settle", flush=True)
        time.sleep(10)
