"""Attachments to comments: accepted by what the bytes are, never by name or declared type.

Both the file name and the ``Content-Type`` a browser sends are the sender's to choose, so a
page of HTML called ``report.pdf`` would otherwise be stored and later served to staff as if it
were a PDF. Here the content decides: a handful of magic numbers for PDF, PNG, JPEG, GIF and
WebP, and for DOCX a look inside the ZIP for ``word/document.xml`` (which also turns away
spreadsheets, slides, macro-enabled documents and plain archives). The ``content_type`` and
``extension`` returned are the ones to store and to serve with; the original name is only a
label for people.

No dependency: six formats need a few byte comparisons, and libmagic (python-magic) would be a
system package on every server for that.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import zipfile
from dataclasses import dataclass
from typing import IO, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

__all__ = [
    "ACCEPTED_TYPES",
    "ValidatedUpload",
    "validate_upload",
    "validate_upload_count",
]

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
WEBP = "image/webp"

# content type -> the extension files of that type are stored under (no leading dot).
ACCEPTED_TYPES: dict[str, str] = {
    PDF: "pdf",
    DOCX: "docx",
    PNG: "png",
    JPEG: "jpg",
    GIF: "gif",
    WEBP: "webp",
}

_HEAD_BYTES = 32
# Acrobat looks for the end-of-file marker within the last 1024 bytes; a file without one is
# truncated (an interrupted upload) or not a PDF.
_PDF_TAIL_BYTES = 1024
_CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class ValidatedUpload:
    content_type: str
    extension: str
    size: int
    sha256: str

    def random_name(self) -> str:
        """A fresh random name to store the file under, with the extension its content
        showed: the sender's name is only a label, offered back on download."""
        return f"{secrets.token_hex(16)}.{self.extension}"


def _max_bytes() -> int:
    return int(getattr(settings, "TOWNHALL_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))


def _display_name(f: UploadedFile[bytes]) -> str:
    # Only the last path part, shortened: some browsers send a full client path.
    name = os.path.basename((f.name or "").replace("\\", "/"))
    return name if len(name) <= 80 else name[:77] + "…"


def _too_large(f: UploadedFile[bytes], limit: int) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is larger than %(limit)s. Please attach a smaller file."),
        code="file_too_large",
        params={"name": _display_name(f), "limit": filesizeformat(limit)},
    )


def _hash_and_measure(f: UploadedFile[bytes], limit: int) -> tuple[str, int]:
    """Hash the whole file, stopping as soon as it is over ``limit``: ``f.size`` comes from
    the request and is not trusted on its own."""
    digest = hashlib.sha256()
    size = 0
    f.seek(0)
    for chunk in f.chunks(_CHUNK_BYTES):
        size += len(chunk)
        if size > limit:
            raise _too_large(f, limit)
        digest.update(chunk)
    return digest.hexdigest(), size


def _is_docx(f: UploadedFile[bytes]) -> bool:
    f.seek(0)
    try:
        # Only the central directory is read; nothing is decompressed, so a zip bomb costs
        # nothing here.
        with zipfile.ZipFile(cast(IO[bytes], f)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    # vbaProject.bin means macros (a .docm renamed .docx): staff would open it in Word.
    return "word/document.xml" in names and "word/vbaProject.bin" not in names


def _pdf_has_trailer(f: UploadedFile[bytes], size: int) -> bool:
    f.seek(max(0, size - _PDF_TAIL_BYTES))
    return b"%%EOF" in f.read(_PDF_TAIL_BYTES)


def _sniff(f: UploadedFile[bytes], size: int) -> str | None:
    f.seek(0)
    head = f.read(_HEAD_BYTES)
    if head.startswith(b"%PDF-"):
        return PDF if _pdf_has_trailer(f, size) else None
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04") and _is_docx(f):
        return DOCX
    return None


def validate_upload(f: UploadedFile[bytes]) -> ValidatedUpload:
    """Check one attachment and describe it by its content.

    Raises ``ValidationError`` (translated, with the file's name) when the file is empty,
    larger than ``TOWNHALL_ATTACHMENT_MAX_BYTES`` or not a PDF, DOCX, PNG, JPEG, GIF or WebP.
    Leaves the file positioned at its start, ready to be saved.
    """
    limit = _max_bytes()
    if f.size is not None and f.size > limit:
        raise _too_large(f, limit)
    sha256, size = _hash_and_measure(f, limit)
    if size == 0:
        raise ValidationError(
            _("“%(name)s” is empty. Please attach the file again."),
            code="file_empty",
            params={"name": _display_name(f)},
        )
    content_type = _sniff(f, size)
    f.seek(0)
    if content_type is None:
        raise ValidationError(
            _(
                "We cannot accept “%(name)s”. Please attach a PDF, a Word document (.docx) or "
                "a PNG, JPEG, GIF or WebP image."
            ),
            code="file_type",
            params={"name": _display_name(f)},
        )
    return ValidatedUpload(
        content_type=content_type,
        extension=ACCEPTED_TYPES[content_type],
        size=size,
        sha256=sha256,
    )


def validate_upload_count(n: int) -> None:
    """Refuse more than ``TOWNHALL_ATTACHMENT_MAX_COUNT`` attachments on one comment."""
    limit = int(getattr(settings, "TOWNHALL_ATTACHMENT_MAX_COUNT", 3))
    if n > limit:
        raise ValidationError(
            ngettext(
                "You can attach at most %(limit)d file.",
                "You can attach at most %(limit)d files.",
                limit,
            ),
            code="too_many_files",
            params={"limit": limit},
        )
