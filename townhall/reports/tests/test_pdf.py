"""The PDF of a published report (seed 002 V-D-3): tagged (PDF/UA-1), titled, in the reader's
language, with the same sections as the page; made once per language and stored, by the
worker or by the first request, never twice for the same language.

The checks read the PDF with poppler (pdfinfo, pdftotext, pdftoppm), as a reader's tools
would; they are skipped where poppler is not installed (Debian: poppler-utils)."""

from __future__ import annotations

import hashlib
import html as html_lib
import re
import shutil
import subprocess
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import translation

from townhall.accounts.models import User
from townhall.reports import pdf
from townhall.reports.models import SECTION_KEYS, ReportFile
from townhall.reports.tests.test_pages_public import publish_version

pytestmark = pytest.mark.django_db

Persona = Callable[[str], User]

needs_poppler = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdfinfo", "pdftotext", "pdftoppm")),
    reason="poppler-utils (pdfinfo, pdftotext, pdftoppm) is not installed",
)


def _info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return {
        k.strip(): v.strip()
        for k, _sep, v in (line.partition(":") for line in out.stdout.splitlines())
    }


def _text(path: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(out.stdout.split())


def _catalog_language(content: bytes) -> str | None:
    """The /Lang of the document catalog, wherever the PDF's compressed streams put it."""
    chunks = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", content, flags=re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    for chunk in chunks:
        found = re.search(rb"/Lang \(([^)]*)\)", chunk)
        if found:
            return found.group(1).decode()
    return None


def _h2_texts(html: str) -> list[str]:
    heads = re.findall(r"<h2[^>]*>(.*?)</h2>", html, flags=re.S)
    return [" ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", h)).split()) for h in heads]


@needs_poppler
def test_render_pdf_makes_a_tagged_pdf_with_title_and_language(tmp_path: Path) -> None:
    content = pdf.render_pdf(
        '<!doctype html><html lang="es"><head><meta charset="utf-8">'
        "<title>Lo que escuchamos</title></head><body><h1>Lo que escuchamos</h1>"
        "<p>Informe sobre la participación comunitaria.</p></body></html>"
    )
    path = tmp_path / "t.pdf"
    path.write_bytes(content)
    info = _info(path)
    assert info["Tagged"] == "yes"
    assert info["Title"] == "Lo que escuchamos"
    assert _catalog_language(content) == "es"


def test_render_pdf_fetches_nothing_but_the_sites_static_files() -> None:
    assert pdf._static_path("/static/townhall/reports.css") is not None
    assert pdf._static_path(settings.TOWNHALL_BASE_URL + "/static/townhall/townhall.css")
    assert pdf._static_path("https://example.org/static/townhall/reports.css") is None
    assert pdf._static_path("/static/../settings/base.py") is None
    assert pdf._static_path("file:///etc/passwd") is None
    fetcher = pdf._fetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("http://169.254.169.254/latest/meta-data/")


@needs_poppler
def test_report_pdf_is_tagged_with_the_pages_headings_and_renders_V_D_3(
    persona: Persona, client_as: Callable[[str | None], Client], tmp_path: Path
) -> None:
    version = publish_version(persona)
    content = pdf.report_pdf(version=version, language="en")
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    info = _info(path)
    assert info["Tagged"] == "yes"
    assert info["Title"] == "What we heard: School resource officers: revising S04-01-02"
    assert "letter" in info["Page size"]
    assert _catalog_language(content) == "en"
    # The same h2 headings as the page (the eight sections and "About this report").
    page = client_as(None).get(
        reverse("reports:detail", kwargs={"engagement_pk": version.report.engagement_id})
    )
    headings = _h2_texts(page.content.decode())
    assert len(headings) == len(SECTION_KEYS) + 1
    text = _text(path)
    for heading in headings:
        assert heading in text, heading
    assert "hidden: fewer than 11" in text  # the hidden cells say so in the PDF too
    assert version.data_hash in text.replace(" ", "")
    # Page 1 renders as an image.
    subprocess.run(
        ["pdftoppm", "-f", "1", "-l", "1", "-r", "40", "-png", str(path), str(tmp_path / "p")],
        check=True,
        capture_output=True,
    )
    pages = list(tmp_path.glob("p*.png"))
    assert len(pages) == 1 and pages[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@needs_poppler
def test_arabic_pdf_is_tagged_and_in_arabic(persona: Persona, tmp_path: Path) -> None:
    version = publish_version(persona)
    content = pdf.report_pdf(version=version, language="ar")
    path = tmp_path / "ar.pdf"
    path.write_bytes(content)
    assert _info(path)["Tagged"] == "yes"
    assert _catalog_language(content) == "ar"
    assert re.search("[\u0600-\u06ff]", _text(path))  # Arabic letters, from the Noto fonts


def _fake_pdf(monkeypatch: pytest.MonkeyPatch, calls: list[str]) -> None:
    def fake(*, version: Any, language: str) -> bytes:
        calls.append(language)
        return f"%PDF-1.7 report {version.pk} {language}".encode()

    monkeypatch.setattr(pdf, "report_pdf", fake)


def test_render_version_files_makes_one_pdf_per_language_once(
    persona: Persona, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    _fake_pdf(monkeypatch, calls)
    version = publish_version(persona)
    assert pdf.render_version_files(version_id=version.pk) == len(settings.LANGUAGES)
    files = ReportFile.objects.filter(version=version)
    assert sorted(files.values_list("language", flat=True)) == sorted(
        code for code, _name in settings.LANGUAGES
    )
    for row in files:
        content = row.file.read()
        assert row.file.name.startswith("reports/")
        assert row.sha256 == hashlib.sha256(content).hexdigest()
        assert row.size == len(content)
    assert pdf.render_version_files(version_id=version.pk) == 0  # idempotent
    assert len(calls) == len(settings.LANGUAGES)


def test_pdf_view_serves_the_stored_file_and_makes_a_missing_one_once(
    persona: Persona, client_as: Callable[[str | None], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    _fake_pdf(monkeypatch, calls)
    version = publish_version(persona)
    with translation.override("es"):
        url = reverse(
            "reports:pdf",
            kwargs={"engagement_pk": version.report.engagement_id, "number": 1, "language": "es"},
        )
    client = client_as(None)
    for _attempt in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        assert body == f"%PDF-1.7 report {version.pk} es".encode()
    assert calls == ["es"]
    assert ReportFile.objects.filter(version=version, language="es").count() == 1
    # The worker then makes only the others.
    assert pdf.render_version_files(version_id=version.pk) == len(settings.LANGUAGES) - 1


def test_two_makers_of_the_same_pdf_leave_one_file(
    persona: Persona, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process stores the file while this one renders: its row stays, this one's
    file is removed, and no error reaches the reader."""
    version = publish_version(persona)

    def racing(*, version: Any, language: str) -> bytes:
        winner = ReportFile(version=version, language=language, sha256="0" * 64, size=3)
        winner.file.save("winner.pdf", ContentFile(b"%PD"), save=True)
        return b"%PDF-1.7 loser"

    monkeypatch.setattr(pdf, "report_pdf", racing)
    before = (
        set(default_storage.listdir("reports")[1]) if default_storage.exists("reports") else set()
    )
    row = pdf.version_file(version=version, language="pl")
    assert row.sha256 == "0" * 64
    assert ReportFile.objects.filter(version=version, language="pl").count() == 1
    after = set(default_storage.listdir("reports")[1])
    made = after - before
    assert len(made) == 1 and made == {Path(row.file.name).name}
