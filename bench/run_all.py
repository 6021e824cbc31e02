"""`make bench`: run every benchmark, then write docs/benchmarks.md from the results.

.venv/bin/python bench/run_all.py                      # all of them (about 40 minutes)
.venv/bin/python bench/run_all.py bench_surge.py       # one (or several) by name
.venv/bin/python bench/run_all.py surge -- --seconds 30   # arguments after -- go to each script
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = [
    "bench_redline.py",
    "bench_import.py",
    "bench_import_comments.py",
    "bench_reads.py",
    "bench_surge.py",
    "bench_durability.py",
    "bench_analysis.py",
    "bench_survey_results.py",
    "bench_outreach_send.py",
    "bench_reports.py",
]


def _name(arg: str) -> str:
    name = arg if arg.endswith(".py") else f"{arg}.py"
    return name if name.startswith("bench_") else f"bench_{name}"


def main() -> None:
    argv = sys.argv[1:]
    extra: list[str] = []
    if "--" in argv:
        extra = argv[argv.index("--") + 1 :]
        argv = argv[: argv.index("--")]
    only = {_name(a) for a in argv}
    unknown = only - set(SCRIPTS)
    if unknown:
        sys.exit(f"unknown benchmark(s): {', '.join(sorted(unknown))}; choose from {SCRIPTS}")
    for script in SCRIPTS:
        if only and script not in only:
            continue
        print(f"== {script}", flush=True)
        subprocess.run([sys.executable, str(ROOT / "bench" / script), *extra], cwd=ROOT, check=True)
    subprocess.run([sys.executable, str(ROOT / "bench" / "report.py")], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
