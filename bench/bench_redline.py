"""Render the largest redline among the key-version pairs: p50/p95 of the whole page, cold
(no cache) and warm, and as a ratio to rendering the later version's own page in the same run."""

from __future__ import annotations

import csv
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, save, summary

PAIRS = ROOT / "townhall" / "directives" / "demo_data" / "key_versions" / "redline_pairs.csv"
RUNS = 30


def main() -> None:
    tmp = tempfile.mkdtemp()
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "townhall.settings.dev",
            "DEBUG": "0",
            "TOWNHALL_VAR_DIR": tmp,
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
        }
    )
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from townhall.directives.demo import load_demo_directives
    from townhall.directives.models import DirectiveVersion
    from townhall.directives.redline import compute_redline
    from townhall.directives.selectors import _inputs

    call_command("migrate", verbosity=0)
    load_demo_directives()

    def version_for(number: str, file: str) -> DirectiveVersion:
        name = Path(file).name
        return DirectiveVersion.objects.get(directive__number=number, source_ref=f"file:{name}")

    # "Largest" = the most text shown as changed: every pair is diffed once to find it.
    candidates = []
    for row in csv.DictReader(PAIRS.open()):
        a = version_for(row["directive"], row["old_file"])
        b = version_for(row["directive"], row["new_file"])
        changes = compute_redline(_inputs(a), _inputs(b)).changes
        shown = sum(len(c.tokens) for c in changes if c.kind != "unchanged")
        candidates.append((shown, row, a, b))
    _shown, largest, old, new = max(candidates, key=lambda c: c[0])
    number = largest["directive"]
    client = Client()
    url = f"/directives/{number}/redline/?old={old.pk}&new={new.pk}"
    page_url = new.get_absolute_url()
    client.get(url)
    client.get(page_url)
    cold, warm, version_page, engine = [], [], [], []
    for _ in range(RUNS):
        cache.clear()
        t = time.perf_counter()
        assert client.get(url).status_code == 200
        cold.append(time.perf_counter() - t)
        t = time.perf_counter()
        client.get(url)
        warm.append(time.perf_counter() - t)
        t = time.perf_counter()
        client.get(page_url)
        version_page.append(time.perf_counter() - t)
        a, b = _inputs(old), _inputs(new)
        t = time.perf_counter()
        result = compute_redline(a, b)
        engine.append(time.perf_counter() - t)
    s = result.summary
    data = {
        "pair": f"{number}: {largest['old_issue']} -> {largest['new_issue']}",
        "old_chars": len(old.body_text),
        "new_chars": len(new.body_text),
        "sections": [old.sections.count(), new.sections.count()],
        "summary": {"changed": s.changed, "added": s.added, "removed": s.removed, "moved": s.moved},
        "redline_page_cold": summary(cold),
        "redline_page_warm": summary(warm),
        "redline_engine_only": summary(engine),
        "version_page": summary(version_page),
    }
    data["ratio_cold_to_version_page_p50"] = round(
        data["redline_page_cold"]["p50_ms"] / data["version_page"]["p50_ms"], 2
    )
    print(data)
    save("redline", data)


if __name__ == "__main__":
    main()
