"""Reading bounce messages (RFC 3464 delivery status notifications) from a Maildir, where the
mail server delivers what comes back to the sending address. Each message is read once: it
moves from new/ to cur/ after it is counted."""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings

from townhall.outreach.sending import bounces_process

__all__ = ["maildir_process"]

logger = logging.getLogger("townhall.outreach")


def maildir_process(path: str | None = None) -> int:
    """Count the bounces in every new message of the Maildir; returns how many."""
    root = Path(path or getattr(settings, "TOWNHALL_BOUNCE_MAILDIR", "") or "")
    if not str(root) or not (root / "new").is_dir():
        return 0
    (root / "cur").mkdir(exist_ok=True)
    counted = 0
    for item in sorted((root / "new").iterdir()):
        if not item.is_file():
            continue
        try:
            counted += bounces_process(item.read_bytes())
        except Exception:  # a malformed message must not block the ones after it
            logger.exception("outreach: could not read bounce %s", item.name)
        item.rename(root / "cur" / f"{item.name}:2,S")
    return counted
