"""Import directive versions from a text file, a folder of them, or the archive (.jsonl.gz)."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from townhall.directives.importing import sources_for
from townhall.directives.services import directive_version_import

T = TypeVar("T")


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Command(BaseCommand):
    help = "Import directive versions (file, folder of .txt, or all_versions.jsonl.gz)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--number", default="", help="Directive number for a single file.")
        parser.add_argument("--draft", action="store_true", help="Import as a draft.")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        total, sources = sources_for(path)
        created = skipped = warned = 0
        warnings_out: list[str] = []
        bar = tqdm(
            sources,
            total=total,
            unit="version",
            disable=options["no_progress"] or options["verbosity"] == 0,
            file=self.stderr._out,
        )
        # One commit per 200 versions rather than per version: the archive import is bound by
        # commits (fsync) otherwise. Each version is still its own savepoint inside.
        for chunk in _chunks(bar, 200):
            with transaction.atomic():
                for source in chunk:
                    result = directive_version_import(
                        text=source.text,
                        number_hint=options["number"] or source.number_hint,
                        type_hint=source.type_hint,
                        title_hint=source.title_hint,
                        index_category_hint=source.index_category_hint,
                        source_ref=source.source_ref,
                        status="draft" if options["draft"] else None,
                    )
                    if result.created:
                        created += 1
                    else:
                        skipped += 1
                    if result.warnings:
                        warned += 1
                        for w in result.warnings[:3]:
                            warnings_out.append(
                                f"{result.version.directive.number} line {w['line']}: "
                                f"{w['reason']}: {w['text']}"
                            )
        self.stdout.write(
            f"Imported {created} versions, {skipped} already present; "
            f"{warned} with lines the outline could not place."
        )
        if options["verbosity"] > 1:
            for line in warnings_out:
                self.stdout.write(f"  {line}")
