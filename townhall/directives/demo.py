"""Demo directives: real CPD texts shipped in demo_data/, and the seed 002 draft of D22-08."""

from __future__ import annotations

from pathlib import Path

from townhall.directives.importing import sources_for
from townhall.directives.services import directive_version_import

DEMO_DIR = Path(__file__).resolve().parent / "demo_data"


def load_demo_directives() -> int:
    created = 0
    _total, sources = sources_for(DEMO_DIR / "key_versions")
    for source in sources:
        result = directive_version_import(
            text=source.text, number_hint=source.number_hint, source_ref=source.source_ref
        )
        created += int(result.created)
    draft = DEMO_DIR / "D22-08_draft_2025-03-10.txt"
    result = directive_version_import(
        text=draft.read_text(encoding="utf-8"),
        number_hint="D22-08",
        type_hint="Department Directive",
        source_ref="seed:002",
        status="draft",
    )
    created += int(result.created)
    return created
