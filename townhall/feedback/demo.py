"""Demo: the closed foot-pursuit posting's feedback analysed, so a newcomer sees campaigns and
themes at once (postings/demo.py posts the comments)."""

from __future__ import annotations

from townhall.accounts.demo import ensure_persona_by_key
from townhall.feedback.analysis import analysis_run_now
from townhall.feedback.models import AnalysisRun
from townhall.postings.models import Posting


def load_demo_analysis() -> int:
    """Analyse each closed demo posting that has comments and no analysis yet."""
    oee = ensure_persona_by_key("oee")
    done = 0
    for posting in Posting.objects.filter(status__in=["closed", "compiled"]):
        if AnalysisRun.objects.filter(posting=posting).exists() or not posting.comments.exists():
            continue
        analysis_run_now(actor=oee, posting=posting)
        done += 1
    return done
