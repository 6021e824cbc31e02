"""Outreach sending (issue 9): an announcement to 20,000 recipients through the real Django
SMTP backend to a local SMTP sink (aiosmtpd), on a fresh SQLite database. In one run:

1. Throughput. One dispatch of 20,000 is sent unthrottled (rate 0) by `manage.py outreach_send`
   in its own process (the same chunks, lease and per-recipient rows as the worker), against two
   baselines sent from this process over one SMTP connection to the same sink: the same number of
   plain EmailMessage objects (one text part, no database), and the same messages as the
   dispatch builds them (message_for: templates, HTML part, signed unsubscribe links) without the
   database. Reported as ratios of messages a second; the sender's peak RSS beside the RSS of the
   same command with nothing to send.
2. A worker killed mid-send. The real worker (`manage.py run_worker`: django-tasks db_worker and
   the scheduler) starts a second dispatch of 20,000 when it is due and sends it at a modest rate;
   at a quarter it is killed with SIGKILL and a new worker started, which resumes once the lease
   lapsed. Every Message-ID must arrive (none skipped); a message may arrive twice only if it was
   the one in flight, with the same Message-ID; every delivery row ends "sent".
3. A graceful stop. A third dispatch: the worker gets SIGTERM at a quarter; db_worker finishes
   the task it is running (one chunk of up to 50 s), which hands over to a new task before it
   exits; a new worker carries on at once.

The sink runs in a child process of this script, so neither the sender nor the baselines share
a Python interpreter (and its GIL) with it; its CPU time is reported, to show it was not the
limit.

  .venv/bin/python bench/bench_outreach_send.py                    # about 12 minutes
  .venv/bin/python bench/bench_outreach_send.py --recipients 2000 --rate 100   # a quick look
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, save

LANGUAGES = ["en", "es", "zh-hans", "pl", "ar", "hi"]
MAIL_DOMAIN = "townhall.example.org"
_MESSAGE_ID = re.compile(rb"^Message-ID:[ \t]*(<[^>\r\n]+>)", re.IGNORECASE | re.MULTILINE)


# --- The SMTP sink (a child process) ------------------------------------------------------


class _Counting:
    """aiosmtpd handler: accepts everything, counts each Message-ID."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ids: Counter[str] = Counter()
        self.by_prefix: Counter[str] = Counter()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content: bytes = envelope.original_content or envelope.content
        match = _MESSAGE_ID.search(content.split(b"\r\n\r\n", 1)[0])
        message_id = match.group(1).decode() if match else "<none>"
        with self.lock:
            self.ids[message_id] += 1
            self.by_prefix[_prefix(message_id)] += 1
        return "250 2.0.0 Ok: queued"


def _prefix(message_id: str) -> str:
    """<outreach.5.123@domain> -> outreach.5; <baseline.plain.7@domain> -> baseline.plain."""
    return message_id.strip("<>").split("@")[0].rsplit(".", 1)[0]


def _sink_main(port: int, conn: Connection) -> None:
    from aiosmtpd.controller import Controller

    handler = _Counting()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    conn.send("ready")
    while True:
        command = conn.recv()
        if command == "stop":
            controller.stop()
            conn.send("stopped")
            return
        with handler.lock:
            if command == "cpu":
                usage = resource.getrusage(resource.RUSAGE_SELF)
                conn.send(usage.ru_utime + usage.ru_stime)
            elif command[0] == "count":
                conn.send(handler.by_prefix[command[1]])
            elif command[0] == "ids":
                conn.send({k: v for k, v in handler.ids.items() if _prefix(k) == command[1]})


class Sink:
    def __init__(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_sink_main, args=(self.port, child), daemon=True)
        self.process.start()
        assert self.conn.recv() == "ready"

    def ask(self, command: Any) -> Any:
        self.conn.send(command)
        return self.conn.recv()

    def count(self, prefix: str) -> int:
        return int(self.ask(("count", prefix)))

    def ids(self, prefix: str) -> dict[str, int]:
        return dict(self.ask(("ids", prefix)))

    def cpu(self) -> float:
        return float(self.ask("cpu"))

    def stop(self) -> None:
        self.ask("stop")
        self.process.join(10)


# --- Processes of the project -------------------------------------------------------------


def _env(base: dict[str, str], **extra: str) -> dict[str, str]:
    return {**os.environ, **base, **extra}


def _peak_rss_mib(pid: int) -> float:
    """The process's own high-water RSS (VmHWM). Not ru_maxrss: after fork and exec, Linux
    reports the parent's peak there, and this process holds 20,000 rows."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _manage(env: dict[str, str], *args: str, log: Path) -> tuple[int, float, str]:
    """Run a manage.py command; (exit code, peak RSS in MiB, its output)."""
    peak = 0.0
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=out, stderr=out
        )
        while True:
            peak = max(peak, _peak_rss_mib(process.pid))
            pid, status, _usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                process.returncode = os.waitstatus_to_exitcode(status)
                break
            time.sleep(0.05)
    return process.returncode, peak, log.read_text(errors="replace")


class Worker:
    """`manage.py run_worker`, as `make run` starts it."""

    started_here: list[Worker] = []

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.log = log
        self.out = log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker"],
            cwd=ROOT,
            env=env,
            stdout=self.out,
            stderr=self.out,
        )
        self.started = time.monotonic()
        self.rss_mib = 0.0
        Worker.started_here.append(self)

    def sample(self) -> None:
        self.rss_mib = max(self.rss_mib, _peak_rss_mib(self.process.pid))

    def signal(self, signum: int) -> None:
        os.kill(self.process.pid, signum)

    def wait(self, timeout: float) -> float:
        """Seconds until it exited (waiting at most `timeout`); -1 if it did not."""
        began = time.monotonic()
        while time.monotonic() - began < timeout:
            self.sample()
            pid, status, _usage = os.wait4(self.process.pid, os.WNOHANG)
            if pid:
                self.process.returncode = os.waitstatus_to_exitcode(status)
                self.out.close()
                return time.monotonic() - began
            time.sleep(0.05)
        return -1.0

    def tail(self, lines: int = 15) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def _wait_for(what: str, check: Callable[[], bool], timeout: float, worker: Worker) -> float:
    began = time.monotonic()
    while not check():
        worker.sample()
        if worker.process.poll() is not None:
            raise SystemExit(f"the worker exited while waiting for {what}:\n{worker.tail()}")
        if time.monotonic() - began > timeout:
            raise SystemExit(f"timed out waiting for {what}:\n{worker.tail()}")
        time.sleep(0.1)
    return time.monotonic() - began


# --- Setting up ---------------------------------------------------------------------------


def setup(recipients: int) -> dict[str, Any]:
    """Personas, D22-08's draft open for comment, an announcement to `recipients` subscribers
    following all postings (languages spread over the six), and three dispatches."""
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    from townhall.accounts.demo import ensure_persona_by_key, load_demo_people
    from townhall.directives.services import directive_version_import
    from townhall.outreach import announcements, audiences
    from townhall.outreach.models import Channel, Subscriber, Subscription
    from townhall.outreach.tests.factories import write_texts
    from townhall.postings.tests.factories import open_posting

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_demo_people()
    text = (ROOT / "townhall/directives/demo_data/D22-08_draft_2025-03-10.txt").read_text()
    version = directive_version_import(
        text=text,
        number_hint="D22-08",
        type_hint="Department Directive",
        source_ref="seed:002",
        status="draft",
    ).version
    posting = open_posting(version)
    rows_started = time.perf_counter()
    now = timezone.now()
    people = Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=f"resident{n:05d}@example.org",
                language=LANGUAGES[n % len(LANGUAGES)],
                status=Subscriber.Status.ACTIVE,
                frequency=Subscriber.Frequency.IMMEDIATE,
                confirmed_at=now,
            )
            for n in range(1, recipients + 1)
        ],
        batch_size=2000,
    )
    Subscription.objects.bulk_create(
        [Subscription(subscriber=p, kind=Subscription.Kind.ALL) for p in people], batch_size=2000
    )
    rows_seconds = time.perf_counter() - rows_started
    oee = ensure_persona_by_key("oee")
    audience = audiences.audience_create(
        actor=oee,
        name="Everyone who follows all postings",
        criteria={"subscribers": True},
        posting=posting,
    )
    item = announcements.announcement_create(
        actor=oee,
        title="Draft D22-08 open for comment",
        channels=[Channel.EMAIL],
        posting=posting,
        audience=audience,
    )
    write_texts(item, actor=oee)
    soon = timezone.now()
    later = soon + datetime.timedelta(days=1)  # started by hand for the graceful stop
    dispatches = [
        announcements.dispatch_add(actor=oee, announcement=item, moment="custom", send_at=when)
        for when in (soon, soon, later)
    ]
    announcements.announcement_schedule(actor=oee, announcement=item)
    return {
        "announcement": item,
        "dispatches": [d.pk for d in dispatches],
        "setup_seconds": round(time.perf_counter() - started, 1),
        "rows_seconds": round(rows_seconds, 1),
    }


def start_dispatch(dispatch_id: int) -> float:
    """Fix the recipients now (what the minute job does when the dispatch is due)."""
    from townhall.outreach.sending import dispatch_start

    began = time.perf_counter()
    assert dispatch_start(dispatch_id=dispatch_id)
    return time.perf_counter() - began


def statuses(dispatch_id: int) -> dict[str, int]:
    from django.db.models import Count

    from townhall.outreach.models import Delivery

    return dict(
        Delivery.objects.filter(dispatch_id=dispatch_id)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )


def check(sink: Sink, dispatch_id: int, expected: int) -> dict[str, Any]:
    """None skipped (every delivery's Message-ID arrived), duplicates (and that each was the
    same Message-ID), every row "sent"."""
    from townhall.outreach.models import Delivery, Dispatch

    ids = sink.ids(f"outreach.{dispatch_id}")
    arrived = {int(k.strip("<>").split("@")[0].rsplit(".", 1)[1]) for k in ids}
    rows = set(Delivery.objects.filter(dispatch_id=dispatch_id).values_list("pk", flat=True))
    dispatch = Dispatch.objects.get(pk=dispatch_id)
    return {
        "deliveries": len(rows),
        "messages_received": sum(ids.values()),
        "unique_message_ids": len(ids),
        "none_skipped": arrived == rows and len(rows) == expected,
        "duplicates": sum(n - 1 for n in ids.values() if n > 1),
        "rows": statuses(dispatch_id),
        "all_rows_sent": statuses(dispatch_id) == {"sent": expected},
        "dispatch_status": dispatch.status,
    }


# --- 1. Throughput ------------------------------------------------------------------------


def baseline_plain(n: int) -> float:
    """n plain messages over one SMTP connection: no templates, no database."""
    from django.conf import settings
    from django.core.mail import EmailMessage, get_connection

    from townhall.outreach.tests.factories import TEXTS

    link = "https://townhall.example.org/postings/1/"
    connection = get_connection(fail_silently=False)
    connection.open()
    began = time.perf_counter()
    for i in range(1, n + 1):
        subject, body = TEXTS[LANGUAGES[i % 6]][:2]
        EmailMessage(
            subject=subject,
            body=f"{body}\n\n{link}\n",
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[f"resident{i:05d}@example.org"],
            headers={"Message-ID": f"<baseline.plain.{i}@{MAIL_DOMAIN}>"},
            connection=connection,
        ).send()
    seconds = time.perf_counter() - began
    connection.close()
    return seconds


def baseline_rendered(announcement: Any, dispatch_id: int) -> float:
    """The dispatch's own messages (message_for) over one connection, without the database:
    unsaved deliveries with the same addresses and languages, Message-IDs outreach.0.*."""
    from django.core.mail import get_connection

    from townhall.outreach.models import Delivery
    from townhall.outreach.sending import message_for

    rows = list(
        Delivery.objects.filter(dispatch_id=dispatch_id).values_list(
            "pk", "email", "language", "kind", "subscriber_id"
        )
    )
    deliveries = [
        Delivery(pk=pk, dispatch_id=0, email=e, language=lang, kind=k, subscriber_id=s)
        for pk, e, lang, k, s in rows
    ]
    texts = {(t.channel, t.language): t for t in announcement.texts.all()}
    connection = get_connection(fail_silently=False)
    connection.open()
    began = time.perf_counter()
    for delivery in deliveries:
        message_for(delivery, announcement, texts, connection).send()
    seconds = time.perf_counter() - began
    connection.close()
    return seconds


def throughput(
    ctx: dict[str, Any], sink: Sink, env: dict[str, str], var: Path, n: int
) -> dict[str, Any]:
    dispatch_id = ctx["dispatches"][0]
    start_seconds = start_dispatch(dispatch_id)
    print(f"  dispatch {dispatch_id} started: {n:,} recipients fixed in {start_seconds:.1f} s")
    cpu0 = sink.cpu()
    plain = baseline_plain(n)
    cpu1 = sink.cpu()
    print(f"  baseline, plain EmailMessage: {n / plain:,.0f}/s")
    rendered = baseline_rendered(ctx["announcement"], dispatch_id)
    cpu2 = sink.cpu()
    print(f"  baseline, the dispatch's messages without the database: {n / rendered:,.0f}/s")
    began = time.perf_counter()
    code, rss, output = _manage(
        _env(env, TOWNHALL_OUTREACH_RATE="0"),
        "outreach_send",
        str(dispatch_id),
        "--rate",
        "0",
        "--chunk-seconds",
        "50",
        "--no-progress",
        log=var / "outreach_send.log",
    )
    wall = time.perf_counter() - began
    cpu3 = sink.cpu()
    if code != 0:
        raise SystemExit(f"outreach_send failed:\n{output}")
    match = re.search(r"; ([0-9.]+) s\.", output)
    seconds = float(match.group(1)) if match else wall
    print(f"  dispatch (outreach_send, rate 0): {n / seconds:,.0f}/s; peak RSS {rss:.0f} MiB")
    _code, idle_rss, _ = _manage(
        env, "outreach_send", str(dispatch_id), "--no-progress", log=var / "outreach_idle.log"
    )
    checked = check(sink, dispatch_id, n)
    assert sink.count("baseline.plain") == n and sink.count("outreach.0") == n
    per_s = {"plain": n / plain, "rendered": n / rendered, "dispatch": n / seconds}
    return {
        "messages": n,
        "start_seconds": round(start_seconds, 2),
        "baseline_plain": {
            "seconds": round(plain, 2),
            "per_s": round(per_s["plain"]),
            "sink_cpu_seconds": round(cpu1 - cpu0, 2),
        },
        "baseline_rendered": {
            "seconds": round(rendered, 2),
            "per_s": round(per_s["rendered"]),
            "sink_cpu_seconds": round(cpu2 - cpu1, 2),
        },
        "dispatch": {
            "seconds": round(seconds, 2),
            "process_wall_seconds": round(wall, 2),
            "per_s": round(per_s["dispatch"]),
            "peak_rss_mib": round(rss, 1),
            "idle_command_rss_mib": round(idle_rss, 1),
            "sink_cpu_seconds": round(cpu3 - cpu2, 2),
            **checked,
        },
        "ratio_plain_to_dispatch": round(per_s["plain"] / per_s["dispatch"], 2),
        "ratio_rendered_to_dispatch": round(per_s["rendered"] / per_s["dispatch"], 2),
        "ratio_plain_to_rendered": round(per_s["plain"] / per_s["rendered"], 2),
    }


# --- 2. A worker killed mid-send ----------------------------------------------------------


def killed(
    ctx: dict[str, Any], sink: Sink, env: dict[str, str], var: Path, n: int, rate: int, at: float
) -> dict[str, Any]:
    from django.utils import timezone

    from townhall.outreach.models import Dispatch

    dispatch_id = ctx["dispatches"][1]
    prefix = f"outreach.{dispatch_id}"
    worker_env = _env(env, TOWNHALL_OUTREACH_RATE=str(rate), TOWNHALL_SCHEDULER_TICK_SECONDS="1")
    first = Worker(worker_env, var / "worker1.log")
    began = time.monotonic()
    started_after = _wait_for(
        "the worker to start the due dispatch",
        lambda: Dispatch.objects.filter(pk=dispatch_id, status="sending").exists(),
        300,
        first,
    )
    first_message = _wait_for("the first message", lambda: sink.count(prefix) > 0, 300, first)
    print(f"  worker 1 started dispatch {dispatch_id} after {started_after:.1f} s; sending")
    # Not a round number: every 100th message the sender fetches the next 100 rows, and a
    # kill timed on a round count lands in that pause, between two messages, every time.
    rng = random.Random(n)
    target = int(n * at) + rng.randrange(1, 100)
    _wait_for(f"{target:,} messages", lambda: sink.count(prefix) >= target, 3600, first)
    sending_for = time.monotonic() - began - started_after - first_message
    time.sleep(rng.uniform(0, 0.05))  # not just after a message arrived
    first.signal(signal.SIGKILL)
    first.wait(30)
    at_kill = sink.count(prefix)
    rows_at_kill = statuses(dispatch_id)
    lease = Dispatch.objects.get(pk=dispatch_id).lease_until
    lease_left = (lease - timezone.now()).total_seconds() if lease else None
    print(f"  SIGKILL at {at_kill:,} received; rows then: {rows_at_kill}")
    second = Worker(worker_env, var / "worker2.log")
    resumed_after = _wait_for("the resumed send", lambda: sink.count(prefix) > at_kill, 900, second)
    print(f"  worker 2 resumed after {resumed_after:.0f} s (the lease lapses, then the minute job)")
    finish = _wait_for(
        "the dispatch to be sent",
        lambda: Dispatch.objects.filter(pk=dispatch_id, status="sent").exists(),
        3600,
        second,
    )
    second.signal(signal.SIGTERM)  # idle now: it exits at once
    second.wait(60)
    result = {
        "rate_per_s": rate,
        "kill_after_received": at_kill,
        "rows_at_kill": rows_at_kill,
        "lease_left_at_kill_seconds": round(lease_left) if lease_left is not None else None,
        "measured_rate_before_kill_per_s": round(at_kill / sending_for) if sending_for else None,
        "resume_delay_seconds": round(resumed_after, 1),
        "rest_sent_in_seconds": round(finish, 1),
        "worker_peak_rss_mib": round(max(first.rss_mib, second.rss_mib), 1),
        **check(sink, dispatch_id, n),
    }
    print(
        f"  unique {result['unique_message_ids']:,}, duplicates {result['duplicates']}, "
        f"rows {result['rows']}"
    )
    return result


# --- 3. A graceful stop -------------------------------------------------------------------


def stopped(
    ctx: dict[str, Any], sink: Sink, env: dict[str, str], var: Path, n: int, rate: int, at: float
) -> dict[str, Any]:
    from townhall.outreach.models import Dispatch

    dispatch_id = ctx["dispatches"][2]
    prefix = f"outreach.{dispatch_id}"
    start_seconds = start_dispatch(dispatch_id)  # its send task waits in the queue
    worker_env = _env(env, TOWNHALL_OUTREACH_RATE=str(rate), TOWNHALL_SCHEDULER_TICK_SECONDS="1")
    third = Worker(worker_env, var / "worker3.log")
    _wait_for("the first message", lambda: sink.count(prefix) > 0, 300, third)
    target = int(n * at)
    _wait_for(f"{target:,} messages", lambda: sink.count(prefix) >= target, 3600, third)
    at_term = sink.count(prefix)
    third.signal(signal.SIGTERM)
    exited_after = third.wait(180)
    at_exit = sink.count(prefix)
    rows_at_exit = statuses(dispatch_id)
    print(
        f"  SIGTERM at {at_term:,}; the worker exited {exited_after:.1f} s later at {at_exit:,} "
        f"(exit code {third.process.returncode}); rows then: {rows_at_exit}"
    )
    resumed_after = finish = 0.0
    if not Dispatch.objects.filter(pk=dispatch_id, status="sent").exists():
        fourth = Worker(worker_env, var / "worker4.log")
        resumed_after = _wait_for(
            "the next worker to carry on", lambda: sink.count(prefix) > at_exit, 900, fourth
        )
        finish = _wait_for(
            "the dispatch to be sent",
            lambda: Dispatch.objects.filter(pk=dispatch_id, status="sent").exists(),
            3600,
            fourth,
        )
        fourth.signal(signal.SIGTERM)
        fourth.wait(60)
    else:
        print("  the stopping worker's last chunk was the rest of the dispatch")
    result = {
        "rate_per_s": rate,
        "start_seconds": round(start_seconds, 2),
        "term_after_received": at_term,
        "worker_exit_seconds_after_term": round(exited_after, 1),
        "worker_exit_code": third.process.returncode,
        "received_at_exit": at_exit,
        "rows_at_exit": rows_at_exit,
        "finished_by_the_stopping_worker": at_exit == n,
        "next_worker_first_message_seconds": round(resumed_after, 1),
        "worker_peak_rss_mib": round(third.rss_mib, 1),
        "rest_sent_in_seconds": round(finish, 1),
        **check(sink, dispatch_id, n),
    }
    print(
        f"  unique {result['unique_message_ids']:,}, duplicates {result['duplicates']}, "
        f"rows {result['rows']}"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=20000)
    parser.add_argument("--rate", type=int, default=500, help="worker rate for the kill part")
    parser.add_argument(
        "--term-rate",
        type=int,
        default=200,
        help="worker rate for the graceful stop: slow enough that a 50 s chunk is not the rest",
    )
    parser.add_argument("--at", type=float, default=0.25, help="kill/stop at this fraction")
    parser.add_argument("--skip-restart", action="store_true")
    args = parser.parse_args()
    n = args.recipients
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[attr-defined]

    sink = Sink()  # forked before Django opens any database connection
    var = Path(tempfile.mkdtemp(prefix="townhall-bench-outreach-"))
    env = {
        "DJANGO_SETTINGS_MODULE": "townhall.settings.dev",
        "DEBUG": "0",
        "TOWNHALL_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var}/bench.sqlite3",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "TOWNHALL_MAIL_DOMAIN": MAIL_DOMAIN,
        "TOWNHALL_OUTREACH_RATE": "0",
        "TOWNHALL_BASE_URL": "https://townhall.example.org",
    }
    os.environ.update(env)
    import django

    django.setup()
    try:
        print(f"setting up {n:,} recipients in {var}", flush=True)
        ctx = setup(n)
        print(f"  set up in {ctx['setup_seconds']} s (bulk rows {ctx['rows_seconds']} s)")
        print("1. throughput", flush=True)
        # The machine may be shared: the load average beside each part says how much.
        result: dict[str, Any] = {
            "recipients": n,
            "database": "sqlite",
            "setup_seconds": ctx["setup_seconds"],
            "bulk_rows_seconds": ctx["rows_seconds"],
            "load_average_before": os.getloadavg()[0],
            "throughput": throughput(ctx, sink, env, var, n),
        }
        result["throughput"]["load_average_after"] = os.getloadavg()[0]
        if not args.skip_restart:
            print(f"2. worker killed (SIGKILL) mid-send, rate {args.rate}/s", flush=True)
            result["sigkill"] = killed(ctx, sink, env, var, n, args.rate, args.at)
            result["sigkill"]["load_average_after"] = os.getloadavg()[0]
            print(f"3. worker stopped (SIGTERM) mid-send, rate {args.term_rate}/s", flush=True)
            result["sigterm"] = stopped(ctx, sink, env, var, n, args.term_rate, args.at)
            result["sigterm"]["load_average_after"] = os.getloadavg()[0]
    finally:
        for worker in Worker.started_here:  # left running by an error: stop ours only
            if worker.process.poll() is None:
                worker.signal(signal.SIGKILL)
                worker.process.wait(30)
        sink.stop()
    shutil.rmtree(var, ignore_errors=True)
    name = "outreach_send" if n == 20000 else f"outreach_send_{n}"
    print(save(name, result))
    t = result["throughput"]
    print(
        f"throughput: dispatch {t['dispatch']['per_s']:,}/s, plain {t['baseline_plain']['per_s']:,}/s "
        f"(ratio {t['ratio_plain_to_dispatch']}×), rendered without DB "
        f"{t['baseline_rendered']['per_s']:,}/s (ratio {t['ratio_rendered_to_dispatch']}×); "
        f"sender peak RSS {t['dispatch']['peak_rss_mib']} MiB "
        f"(idle command {t['dispatch']['idle_command_rss_mib']} MiB)"
    )
    for part in ("sigkill", "sigterm"):
        if part in result:
            r = result[part]
            print(
                f"{part}: none skipped {r['none_skipped']}, duplicates {r['duplicates']}, "
                f"all rows sent {r['all_rows_sent']}"
            )


if __name__ == "__main__":
    main()
