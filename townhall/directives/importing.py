"""Reading directive texts from files, folders and the archive, for the import command."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_FILE_NAME = re.compile(r"^(?P<number>[A-Z]\d{2}(?:-\d{2})*)__")
_NUMBER_FIELD = re.compile(r"^(?P<type>.*?)\s*(?P<number>[A-Z]{1,2}\s?\d{2}(?:-\d{2})*)?$")


@dataclass(frozen=True)
class SourceText:
    text: str
    number_hint: str
    type_hint: str
    title_hint: str
    index_category_hint: str
    source_ref: str


def split_number_field(value: str) -> tuple[str, str]:
    """'General Order G03-02' -> ('General Order', 'G03-02'); 'Resources' -> ('Resources', '')."""
    match = _NUMBER_FIELD.match(value.strip())
    if not match:
        return value.strip(), ""
    return match.group("type").strip(), (match.group("number") or "").replace(" ", "")


def from_file(path: Path) -> SourceText:
    match = _FILE_NAME.match(path.name)
    return SourceText(
        text=path.read_text(encoding="utf-8"),
        number_hint=match.group("number") if match else "",
        type_hint="",
        title_hint="",
        index_category_hint="",
        source_ref=f"file:{path.name}"[:100],
    )


def count_archive(path: Path) -> int:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return sum(1 for _ in fh)


def from_archive(path: Path) -> Iterator[SourceText]:
    """Rows of `all_versions.jsonl.gz`; rows with no text (site pages) are skipped."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            text = row.get("text") or ""
            if not row.get("number") or not text.strip():
                continue
            doc_type, number = split_number_field(row["number"])
            yield SourceText(
                text=text,
                number_hint=number,
                type_hint=doc_type,
                title_hint=row.get("title") or "",
                index_category_hint=row.get("index_category") or "",
                source_ref=f"blob:{row.get('blob', '')}",
            )


def sources_for(path: Path) -> tuple[int | None, Iterator[SourceText]]:
    """(how many, the texts) for a file, a folder of .txt files, or the .jsonl.gz archive."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.txt"))
        return len(files), (from_file(p) for p in files)
    if path.name.endswith(".jsonl.gz"):
        return count_archive(path), from_archive(path)
    return 1, iter([from_file(path)])
