"""Survey results: the cost of protecting small cells. A closed survey of 5,000 answers (the
demo's school resource officer survey, grown with the same seeded generator) is counted three
ways in one run: plain counts with no protection (the baseline), the protected results of one
audience overall and by age (what the staff results page computes), and the whole published
snapshot (every audience and every breakdown, what publishing stores). Reported as ratios to
the baseline."""

from __future__ import annotations

import datetime
import os
import random
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import save, summary

ANSWERS = 5000
RUNS = 5


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
    from django.core.management import call_command
    from django.utils import timezone

    from townhall.accounts.demo import load_demo_people
    from townhall.directives.demo import load_demo_directives
    from townhall.engagements.demo import load_demo_engagements
    from townhall.surveys import demo
    from townhall.surveys.models import Response, Survey
    from townhall.surveys.publishing import results_snapshot
    from townhall.surveys.results import compute

    call_command("migrate", verbosity=0)
    load_demo_people()
    load_demo_directives()
    load_demo_engagements()
    demo._sro()
    survey = Survey.objects.get(results_published_at__isnull=False)
    template = list(Response.objects.filter(survey=survey))
    rng = random.Random(5000)
    extra = []
    for _i in range(ANSWERS - len(template)):
        source = rng.choice(template)
        answers = dict(source.answers)
        for key, value in list(answers.items()):
            if isinstance(value, str) and len(value) == 1 and value.isdigit():
                answers[key] = str(min(5, max(1, int(value) + rng.choice((-1, 0, 0, 1)))))
        extra.append(
            Response(
                survey=survey,
                audience=source.audience,
                channel=source.channel,
                language="en",
                received_on=timezone.localdate() - datetime.timedelta(days=rng.randint(2, 39)),
                answers=answers,
            )
        )
    Response.objects.bulk_create(extra, batch_size=1000)
    questions = list(survey.questions.all())
    public = list(survey.responses.filter(audience="public").only("id", "answers"))

    def plain() -> None:
        for question in questions:
            Counter(str(r.answers.get(question.key)) for r in public if question.key in r.answers)

    timings: dict[str, list[float]] = {"plain": [], "overall": [], "by_age": [], "snapshot": []}
    for _run in range(RUNS):
        for name, work in (
            ("plain", plain),
            ("overall", lambda: compute(survey, audience="public", responses=public)),
            (
                "by_age",
                lambda: compute(survey, audience="public", dimension="age", responses=public),
            ),
            ("snapshot", lambda: results_snapshot(survey)),
        ):
            started = time.perf_counter()
            work()
            timings[name].append(time.perf_counter() - started)
    tracemalloc.start()
    results_snapshot(survey)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    stats = {name: summary(values) for name, values in timings.items()}
    base = stats["plain"]["p50_ms"] or 0.01
    result = {
        "answers": ANSWERS,
        "questions": len(questions),
        **stats,
        "ratio_overall_to_plain_p50": round(stats["overall"]["p50_ms"] / base, 1),
        "ratio_by_age_to_plain_p50": round(stats["by_age"]["p50_ms"] / base, 1),
        "ratio_snapshot_to_plain_p50": round(stats["snapshot"]["p50_ms"] / base, 1),
        "snapshot_peak_mib": round(peak / 1024 / 1024, 1),
    }
    print(save("survey_results", result))
    for key, value in result.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
