"""The agreement check: staff place a random sample of comments blind, and the page shows how
often the machine placed them the same way, with a 95% confidence interval and Cohen's kappa.

Writes (draw, record) follow the services' rules: permission, domain errors, an audit row.
The labels are an evaluation only: they do not move anything (review.py does that).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.accounts.models import User
from townhall.core.audit import audit_record
from townhall.core.errors import DomainError
from townhall.feedback import permissions
from townhall.feedback.models import (
    AgreementLabel,
    AgreementSample,
    AnalysisRun,
    Theme,
    ThemeAssignment,
)
from townhall.postings.models import Posting

__all__ = ["Agreement", "agreement_draw", "agreement_record", "agreement_result"]

SAMPLE_SIZE = 40


def agreement_draw(
    *, actor: User, posting: Posting, size: int = SAMPLE_SIZE, seed: int | None = None
) -> AgreementSample:
    """Draw a sample of the latest run's machine placements (unique comments and campaign
    representatives: what the machine placed), remembering each placement."""
    permissions.check_reviewer(actor)
    run = AnalysisRun.objects.filter(posting=posting, status=AnalysisRun.Status.DONE).first()
    if run is None:
        raise DomainError(_("Run the analysis first: there is nothing to compare yet."))
    placed = list(
        ThemeAssignment.objects.filter(run=run, by_machine=True)
        .order_by("id")
        .values_list("item_id", "theme_id")
    )
    if not placed:
        raise DomainError(_("The analysis placed no comments; there is nothing to compare."))
    seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
    # Seeded so that a sample can be drawn again for an audit; not a secret.
    chosen = random.Random(seed).sample(placed, min(size, len(placed)))  # noqa: S311
    with transaction.atomic():
        sample = AgreementSample.objects.create(
            posting=posting, run=run, created_by=actor, seed=seed
        )
        AgreementLabel.objects.bulk_create(
            AgreementLabel(sample=sample, item_id=item_id, machine_theme_id=theme_id)
            for item_id, theme_id in chosen
        )
        audit_record(actor=actor, action="agreement.draw", obj=sample, after={"size": len(chosen)})
    return sample


def agreement_record(
    *, actor: User, label: AgreementLabel, theme: Theme | None, off_topic: bool = False
) -> AgreementLabel:
    """A person's blind placement of one sampled comment."""
    permissions.check_reviewer(actor)
    if theme is None and not off_topic:
        raise DomainError(_("Choose a theme, or mark the comment off-topic."))
    if theme is not None and theme.posting_id != label.sample.posting_id:
        raise DomainError(_("That theme belongs to another posting."))
    with transaction.atomic():
        AgreementLabel.objects.filter(pk=label.pk).update(
            human_theme=None if off_topic else theme,
            human_off_topic=off_topic,
            labelled_by=actor,
            labelled_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action="agreement.label",
            obj=label.sample,
            after={"item": label.item_id, "theme": theme.pk if theme else None},
        )
    label.refresh_from_db()
    return label


@dataclass(frozen=True)
class Agreement:
    labelled: int
    total: int
    agreed: int
    share: float | None
    low: float | None  # 95% Wilson score interval
    high: float | None
    kappa: float | None  # Cohen's kappa: agreement beyond what chance would give


def wilson(agreed: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """The Wilson score interval of a proportion: honest for small samples and near 0 or 1."""
    if n == 0:
        return 0.0, 1.0
    p = agreed / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def cohen_kappa(pairs: list[tuple[object, object]]) -> float | None:
    n = len(pairs)
    if n == 0:
        return None
    observed = sum(1 for a, b in pairs if a == b) / n
    first, second = Counter(a for a, _b in pairs), Counter(b for _a, b in pairs)
    expected = sum(first[k] * second.get(k, 0) for k in first) / (n * n)
    if expected >= 1:
        return 1.0 if observed == 1 else 0.0
    return (observed - expected) / (1 - expected)


def agreement_result(sample: AgreementSample) -> Agreement:
    labels = list(sample.labels.all())
    done = [lb for lb in labels if lb.labelled_at is not None]
    agreed = sum(1 for lb in done if lb.agrees)
    if not done:
        return Agreement(0, len(labels), 0, None, None, None, None)
    low, high = wilson(agreed, len(done))
    # "No theme fits" (the machine) and "off-topic" (a person) are the same answer.
    pairs: list[tuple[object, object]] = [
        (
            lb.machine_theme_id or "none",
            "none" if lb.human_off_topic else lb.human_theme_id,
        )
        for lb in done
    ]
    return Agreement(
        labelled=len(done),
        total=len(labels),
        agreed=agreed,
        share=agreed / len(done),
        low=low,
        high=high,
        kappa=cohen_kappa(pairs),
    )
