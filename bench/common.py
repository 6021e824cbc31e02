"""Helpers shared by the benchmarks: machine facts, timing, results files."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SHARED = ROOT.parent / "shared" / "data"
ARCHIVE = SHARED / "cpd_directives" / "all_versions.jsonl.gz"


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "postgresql": pg,
    }


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50_ms": round(percentile(values, 50) * 1000, 2),
        "p95_ms": round(percentile(values, 95) * 1000, 2),
        "mean_ms": round(statistics.fmean(values) * 1000, 2),
    }


def save(name: str, data: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"machine": machine(), **data}, indent=2))
    return path


# The comment columns the benchmarks COPY straight into PostgreSQL (bulk loads that skip the
# ORM, to reach a million rows in minutes).
COMMENT_COPY_COLUMNS = (
    "receipt, posting_id, version_id, section_anchor, body, redacted_body, pii_kinds, name, "
    "email, organization, origin, channel, status, language, submitted_at, received_on, "
    "is_read, is_flagged, moderation_note, fingerprint"
)


def setup_django(*, database: str, var: Path) -> None:
    """Django in this process, on the benchmark's own PostgreSQL database and files."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "townhall.settings.dev",
            "DEBUG": "0",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
            "TOWNHALL_VAR_DIR": str(var),
        }
    )
    import django

    django.setup()
