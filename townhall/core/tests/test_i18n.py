"""Language access: six interface languages, none missing a message (a requirement, not polish)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
LOCALE = ROOT / "townhall" / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != "en"]


def _po_dir(code: str) -> str:
    from django.utils.translation import to_locale

    return to_locale(code)


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated(code: str) -> None:
    po = polib.pofile(str(LOCALE / _po_dir(code) / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or e.fuzzy)]
    assert not missing, f"{code}: {len(missing)} messages untranslated, e.g. {missing[:5]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_compiled_catalog_matches_the_po_file(code: str) -> None:
    base = LOCALE / _po_dir(code) / "LC_MESSAGES"
    po = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
        for e in polib.pofile(str(base / "django.po"))
        if e.translated()
    }
    mo = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
        for e in polib.mofile(str(base / "django.mo"))
    }
    mo.pop((None, ""), None)
    assert po == mo, f"{code}: django.mo is stale; run make messages"


def test_catalogs_contain_every_message_in_the_code(tmp_path: Path) -> None:
    """Extract the messages afresh (as `make messages` does) and compare with the catalogs."""
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is needed to check translations: apt-get install gettext")
    work = tmp_path / "src"
    shutil.copytree(
        ROOT / "townhall",
        work / "townhall",
        ignore=shutil.ignore_patterns("__pycache__", "demo_data", "fixtures"),
    )
    shutil.copy(ROOT / "manage.py", work / "manage.py")
    subprocess.run(
        [
            sys.executable,
            "../manage.py",
            "makemessages",
            "-l",
            "es",
            "--no-location",
            "--ignore",
            "*/tests/*",
        ],
        cwd=work / "townhall",
        check=True,
        capture_output=True,
        env={
            "DJANGO_SETTINGS_MODULE": "townhall.settings.test",
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(work),
        },
    )
    fresh = {
        e.msgid
        for e in polib.pofile(str(work / "townhall/locale/es/LC_MESSAGES/django.po"))
        if not e.obsolete
    }
    for code in TRANSLATED:
        committed = {
            e.msgid
            for e in polib.pofile(str(LOCALE / _po_dir(code) / "LC_MESSAGES" / "django.po"))
            if not e.obsolete
        }
        missing = fresh - committed
        assert not missing, f"{code}: run make messages and translate: {sorted(missing)[:5]}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "direction"),
    [("es", "ltr"), ("zh-hans", "ltr"), ("pl", "ltr"), ("ar", "rtl"), ("hi", "ltr")],
)
def test_pages_declare_language_and_direction(client, code: str, direction: str) -> None:
    page = client.get(f"/{code}/directives/").text
    assert f'<html lang="{code}" dir="{direction}">' in page
    assert "Department directives" not in page  # the heading is translated
