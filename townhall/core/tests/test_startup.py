"""What a web process loads: resolving a URL must not import the analysis's heavy
libraries (scikit-learn and scipy take about a second), which only the worker needs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_a_web_process_does_not_import_scikit_learn_or_scipy() -> None:
    code = (
        "import sys, django; django.setup();"
        "from django.urls import resolve; resolve('/'); resolve('/staff/');"
        "print(sorted(m for m in ('sklearn', 'scipy') if m in sys.modules))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "townhall.settings.test",
        "PYTHONPATH": str(ROOT),
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
