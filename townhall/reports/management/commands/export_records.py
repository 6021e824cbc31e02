"""Make a records export of a posting or a meeting now, in this process, with a progress bar.

The staff page queues the same work for the worker; this is for operators answering a
public-records request from the command line, and for the benchmark. It prints where the ZIP
is stored and its SHA-256.
"""

from __future__ import annotations

import argparse
from typing import Any

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from townhall.accounts.models import Role, RoleAssignment, User
from townhall.core.errors import DomainError, FieldsInvalid
from townhall.meetings.models import Meeting
from townhall.postings.models import Posting
from townhall.reports import records
from townhall.reports.models import RecordsExport


class Command(BaseCommand):
    help = "Export everything the record holds on one posting or one meeting (ZIP + checksums)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        subject = parser.add_mutually_exclusive_group(required=True)
        subject.add_argument("--posting", type=int, help="The posting's id.")
        subject.add_argument("--meeting", type=int, help="The meeting's id.")
        parser.add_argument(
            "--purpose",
            required=True,
            help="What it is for, e.g. the public-records request's number (in the README).",
        )
        parser.add_argument(
            "--user",
            dest="username",
            help="Who requests it (OEE, R&D, PSCD or an administrator); by default the first "
            "administrator.",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def _actor(self, username: str | None) -> User:
        if username:
            actor = User.objects.filter(username=username, is_active=True).first()
            if actor is None:
                raise CommandError(f"No active user {username}.")
            return actor
        admin = (
            RoleAssignment.objects.filter(role=Role.ADMIN, user__is_active=True)
            .select_related("user")
            .order_by("user_id")
            .first()
        )
        if admin is None:
            raise CommandError("No administrator to request it: name someone with --user.")
        return admin.user

    def handle(self, *args: Any, **options: Any) -> None:
        posting = meeting = None
        if (options["posting"] is None) == (options["meeting"] is None):
            raise CommandError("Give one of --posting or --meeting.")
        if options["posting"] is not None:
            posting = Posting.objects.filter(pk=options["posting"]).first()
            if posting is None:
                raise CommandError(f"No posting {options['posting']}.")
        else:
            meeting = Meeting.objects.filter(pk=options["meeting"]).first()
            if meeting is None:
                raise CommandError(f"No meeting {options['meeting']}.")
        actor = self._actor(options["username"])
        try:
            export = records.export_request(
                actor=actor,
                posting=posting,
                meeting=meeting,
                purpose=options["purpose"],
                enqueue=False,
            )
        except FieldsInvalid as exc:
            raise CommandError(" ".join(exc.errors.values())) from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc

        bar: tqdm[Any] | None = None
        shown = {"stage": ""}

        def progress(stage: str, done: int, total: int) -> None:
            nonlocal bar
            if options["no_progress"]:
                return
            if bar is None:
                bar = tqdm(total=total, unit=" items", file=self.stderr._out, dynamic_ncols=True)
            if stage != shown["stage"]:
                shown["stage"] = stage
                bar.set_description(records.stage_label(stage))
            if total != bar.total:
                bar.total = total
            if done > bar.n:
                bar.update(done - bar.n)

        status = records.export_run(export_id=export.pk, progress=progress)
        if bar is not None:
            bar.close()
        export.refresh_from_db()
        if status != RecordsExport.Status.DONE:
            raise CommandError(f"Export {export.pk} {status}: {export.error}")
        name = str(export.file.name)
        try:
            where = default_storage.path(name)
        except NotImplementedError:  # storage without local paths
            where = name
        self.stdout.write(f"Export {export.pk}: {where}")
        self.stdout.write(f"SHA-256 {export.sha256}  {export.size} bytes")
