"""The production server setup for load benchmarks: a fresh PostgreSQL database with the demo,
collected static files, and gunicorn with deploy/gunicorn.conf.py and production settings.

Only 127.0.0.1 is ever bound or targeted.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.common import ROOT

PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
GUNICORN = str(Path(PY).parent / "gunicorn")
HOST = "127.0.0.1"


def psql(sql: str, db: str = "postgres", *, check: bool = True) -> str:
    out = subprocess.run(
        ["psql", f"{PG_SERVER}/{db}", "-v", "ON_ERROR_STOP=1", "-At", "-c", sql],
        capture_output=True,
        text=True,
    )
    if check and out.returncode != 0:
        raise RuntimeError(f"psql failed: {out.stderr.strip()}")
    return out.stdout.strip()


def recreate_database(name: str) -> None:
    psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    psql(f"CREATE DATABASE {name}")


def production_env(db: str, var_dir: Path, *, redis_db: int, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "townhall.settings.production",
        "SECRET_KEY": "bench-" + secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": HOST,
        "REDIS_URL": f"redis://127.0.0.1:6379/{redis_db}",
        "DATABASE_URL": f"{PG_SERVER}/{db}",
        "DB_CONN_MAX_AGE": "60",
        "TOWNHALL_VAR_DIR": str(var_dir),
        "TOWNHALL_MEDIA_ROOT": str(var_dir / "media"),
        # Mail goes to files under the temp folder, never to a server.
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.update(extra)
    return env


def prepare_site(env: dict[str, str]) -> None:
    """Migrate, load the demo (open posting D22-08), collect static files."""
    for args in (
        # Static files first: the demo's completeness review renders pages, which under
        # CompressedManifestStaticFilesStorage need the manifest.
        ["collectstatic", "--noinput", "-v0"],
        ["migrate", "--noinput", "-v0"],
        ["load_demo"],
    ):
        print("  manage.py", " ".join(args), flush=True)
        out = subprocess.run(
            [PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if out.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{out.stderr[-3000:]}")
    subprocess.run(
        ["redis-cli", "-n", env["REDIS_URL"].rsplit("/", 1)[1], "FLUSHDB"],
        check=True,
        capture_output=True,
    )


def open_posting_id(db: str) -> int:
    return int(
        psql(
            "SELECT id FROM postings_posting WHERE status='open' AND audience IN ('both','public') "
            "AND kind='period' ORDER BY id LIMIT 1",
            db,
        )
    )


def children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return sorted(out)


class Gunicorn:
    """gunicorn -c deploy/gunicorn.conf.py townhall.wsgi, stopped on exit whatever happens."""

    def __init__(
        self, env: dict[str, str], *, port: int, workers: int, threads: int, log: Path
    ) -> None:
        self.port = port
        self.env = {
            **env,
            "GUNICORN_BIND": f"{HOST}:{port}",
            "GUNICORN_WORKERS": str(workers),
            "GUNICORN_THREADS": str(threads),
            "GUNICORN_ACCESSLOG": str(log.with_suffix(".access.log")),
            "GUNICORN_ERRORLOG": str(log),
        }
        self.workers, self.threads = workers, threads
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def __enter__(self) -> Gunicorn:
        # Django logs a traceback for every 500 to the process's stderr: keep it in the log
        # file with gunicorn's own lines, not on the benchmark's console.
        self._log = Path(self.env["GUNICORN_ERRORLOG"]).open("ab")
        self.proc = subprocess.Popen(
            [GUNICORN, "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "townhall.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=self._log,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}")
            try:
                req = urllib.request.Request(
                    f"{self.base}/healthz", headers={"X-Forwarded-Proto": "https"}
                )
                with urllib.request.urlopen(req, timeout=2) as resp:
                    if resp.status == 200 and len(self.worker_pids()) >= self.workers:
                        return self
            except OSError:
                pass
            time.sleep(0.3)
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not become healthy in 60 s")

    def worker_pids(self) -> list[int]:
        return children(self.proc.pid) if self.proc else []

    def __exit__(self, *exc: object) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if getattr(self, "_log", None):
            self._log.close()


def temp_var_dir() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="townhall-bench-")
