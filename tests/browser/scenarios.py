"""Server-side set-up for browser scenarios, run through the real services.

`revised_d22_08`: the 10 March 2025 draft of D22-08 is adopted (made current), and R&D posts a
revision for comment that changes V-C-10, so a resident can read the redline of what would
change and comment on that item.
"""

from __future__ import annotations

import datetime

import time_machine
from django.utils import timezone

from townhall.accounts.demo import ensure_persona_by_key
from townhall.directives.models import DirectiveVersion
from townhall.directives.services import draft_create, draft_publish
from townhall.postings import services
from townhall.postings.models import Posting


def revised_d22_08() -> int:
    rd = ensure_persona_by_key("rd")
    chief = ensure_persona_by_key("ocpr_chief")
    draft = DirectiveVersion.objects.get(directive__number="D22-08", source_ref="seed:002")
    # The demo's open posting of this draft is closed first, as it would be before adoption.
    for posting in Posting.objects.filter(version=draft, status="open"):
        assert posting.closes_at is not None
        with time_machine.travel(posting.closes_at + datetime.timedelta(minutes=1), tick=False):
            services.posting_close(actor=None, posting=posting)
    draft_publish(actor=rd, version=draft)
    revision = draft_create(
        actor=rd,
        number="D22-08",
        title=draft.title,
        text=draft.body_text.replace("for a minimum 15 days", "for a minimum 21 days"),
    )
    opens = (timezone.now() - datetime.timedelta(hours=2)).replace(microsecond=0)
    with time_machine.travel(opens - datetime.timedelta(hours=1), tick=False):
        posting = services.posting_create(
            actor=rd,
            version=revision,
            opens_at=opens,
            closes_at=opens + datetime.timedelta(days=21),
            narrative="R&D proposes a longer minimum comment period (V-C-10).",
            summary="Comment periods would last at least 21 days instead of 15.",
        )
        services.posting_text_set(
            actor=rd,
            posting=posting,
            language="es",
            narrative="Investigación y Desarrollo propone un período mínimo de comentarios más largo (V-C-10).",
            summary="Los períodos de comentarios durarían al menos 21 días en lugar de 15.",
        )
        services.posting_submit(actor=rd, posting=posting)
        services.posting_authorize(actor=chief, posting=posting)
        services.posting_schedule(actor=rd, posting=posting)
    with time_machine.travel(opens + datetime.timedelta(minutes=1), tick=False):
        services.postings_tick()
    return posting.pk


def revised_g03_07() -> str:
    """R&D drafts a revision of G03-07 after the comment period: the version an adopted theme
    points to. Prints "<version id> <an anchor of it>"."""
    rd = ensure_persona_by_key("rd")
    current = DirectiveVersion.objects.filter(directive__number="G03-07").order_by("-id").first()
    assert current is not None
    revision = draft_create(
        actor=rd,
        number="G03-07",
        title=current.title,
        text=current.body_text
        + "\nVIII. COMMUNITY REVIEW\nA. This directive will be reviewed with the community after one year.\n",
    )
    anchor = revision.sections.order_by("-position").values_list("anchor", flat=True).first()
    return f"{revision.pk} {anchor}"
