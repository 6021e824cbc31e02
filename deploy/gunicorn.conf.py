"""Gunicorn for Townhall in production: `gunicorn -c deploy/gunicorn.conf.py townhall.wsgi`.

Sized for the 2-core reference machine (docs/benchmarks.md, "Comment surge"): bench_surge.py
tries several layouts in the same run (2 or 4 sync workers, 2x4, 4x4 and 3x8 threads) and
2 x cores sync workers came out fastest (157 comments/s against 155 for 2 workers x 4
threads, within run-to-run noise; more threads only added latency). The request path is
CPU-bound Python, so threads buy little; a worker per core plus one more to cover the time a
request waits on PostgreSQL or Redis is enough. Each value can be overridden from the
environment (GUNICORN_*) without editing the file. Sync workers need the buffering TLS proxy
in front (slow clients are its job), which production has.

Townhall stores and logs no IP addresses: the access log format below has no client address
(%(h)s), no X-Forwarded-For and no user agent, only time, request line, status, size and
duration. Keep it that way.
"""

from __future__ import annotations

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Processes give real parallelism across cores; threads (GUNICORN_THREADS > 1, gthread) would
# overlap a request's database waits with another's Python, which measured no faster here.
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread" if threads > 1 else "sync")

# Load Django once in the master and fork: faster start, shared memory pages, and a broken
# configuration fails before any worker starts. No database connection is opened at import.
preload_app = True

# A request should never take this long; a stuck worker is killed and replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Bounds on what a client controls.
limit_request_line = 8190
limit_request_fields = 100

# TLS ends at the proxy in front (same host); only it may tell us the scheme.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# No client address in any log line (see docs/decisions.md).
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
access_log_format = '%(t)s "%(r)s" %(s)s %(B)s %(M)sms'
errorlog = os.environ.get("GUNICORN_ERRORLOG", "-")
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
