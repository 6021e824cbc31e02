"""Count bounces from delivery status notifications (RFC 3464): each recipient that failed
permanently counts one bounce, and an address that bounced twice is no longer mailed.

    manage.py outreach_bounces dsn1.eml dsn2.eml     # files
    manage.py outreach_bounces - < dsn.eml            # standard input
    manage.py outreach_bounces --maildir /var/mail/bounces   # every new message, read once

With no argument, the Maildir of settings.TOWNHALL_BOUNCE_MAILDIR (what the worker reads every
five minutes).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from townhall.outreach.bounces import maildir_process
from townhall.outreach.sending import bounces_process


class Command(BaseCommand):
    help = "Count bounces from DSN files, standard input (-) or a Maildir (--maildir)."
    stealth_options = ("stdin",)

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("files", nargs="*", help="DSN messages; - for standard input.")
        parser.add_argument(
            "--maildir", help="A Maildir: its new/ messages are read and moved to cur/."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        files: list[str] = options["files"]
        maildir: str | None = options["maildir"]
        if not files and not maildir:
            maildir = getattr(settings, "TOWNHALL_BOUNCE_MAILDIR", "") or None
            if maildir is None:
                raise CommandError(
                    "Give DSN files, - for standard input, or --maildir "
                    "(or set TOWNHALL_BOUNCE_MAILDIR)."
                )
        counted = 0
        messages = 0
        if maildir:
            root = Path(maildir)
            if not (root / "new").is_dir():
                raise CommandError(f"{root} is not a Maildir (it has no new/ folder).")
            messages += sum(1 for item in (root / "new").iterdir() if item.is_file())
            counted += maildir_process(str(root))
        for name in files:
            if name == "-":
                stream = options.get("stdin") or sys.stdin.buffer
                raw = stream.read()
            else:
                path = Path(name)
                if not path.is_file():
                    raise CommandError(f"{path} does not exist.")
                raw = path.read_bytes()
            if isinstance(raw, str):
                raw = raw.encode("utf-8", "surrogateescape")
            messages += 1
            counted += bounces_process(raw)
        self.stdout.write(f"Counted {counted} bounces in {messages} messages.")
