from __future__ import annotations

import hashlib
import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import override_settings

from townhall.feedback.uploads import validate_upload, validate_upload_count

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _pdf() -> bytes:
    return (
        b"%PDF-1.4\n"
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
        b"trailer << /Size 3 /Root 1 0 R >>\nstartxref\n110\n%%EOF\n"
    )


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def _gif() -> bytes:
    return (
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    )


def _webp() -> bytes:
    body = b"WEBPVP8L" + struct.pack("<I", 5) + b"\x2f\x00\x00\x00\x00\x00"
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            # A fixed date keeps the bytes (and so the test ids) the same in every process.
            archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def _docx() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": b"<?xml version='1.0'?><Types/>",
            "word/document.xml": b"<?xml version='1.0'?><w:document/>",
        }
    )


def _upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "content", "content_type", "extension"),
    [
        ("comment.pdf", _pdf(), "application/pdf", "pdf"),
        ("photo.png", _png(), "image/png", "png"),
        ("photo.jpeg", _jpeg(), "image/jpeg", "jpg"),
        ("animation.gif", _gif(), "image/gif", "gif"),
        ("picture.webp", _webp(), "image/webp", "webp"),
        ("letter.docx", _docx(), DOCX, "docx"),
    ],
)
def test_accepted_types(name: str, content: bytes, content_type: str, extension: str) -> None:
    upload = _upload(name, content)
    result = validate_upload(upload)
    assert result.content_type == content_type
    assert result.extension == extension
    assert result.size == len(content)
    assert result.sha256 == hashlib.sha256(content).hexdigest()
    # Ready to be saved from the start.
    assert upload.read() == content


def test_type_comes_from_the_content_not_the_name() -> None:
    result = validate_upload(_upload("photo.jpg", _pdf(), "image/jpeg"))
    assert (result.content_type, result.extension) == ("application/pdf", "pdf")
    assert validate_upload(_upload("no-extension", _png())).content_type == "image/png"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64),
        ("image.png", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>"),
        ("archive.docx", _zip({"readme.txt": b"hello"})),
        ("sheet.docx", _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"})),
        (
            "macros.docx",
            _zip({"word/document.xml": b"<w:document/>", "word/vbaProject.bin": b"\x00"}),
        ),
        ("broken.docx", b"PK\x03\x04" + b"\x00" * 40),
        ("truncated.pdf", _pdf()[:-7]),
        ("notes.txt", b"just some text"),
    ],
)
def test_rejected_content(name: str, content: bytes) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_upload(_upload(name, content, "application/pdf"))
    assert caught.value.code == "file_type"
    message = caught.value.messages[0]
    assert name in message
    assert "PDF" in message


def test_empty_file_is_rejected() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_upload(_upload("empty.pdf", b""))
    assert caught.value.code == "file_empty"


def test_only_the_base_name_is_shown() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_upload(_upload("C:\\Users\\me\\evil.pdf", b"<html></html>"))
    message = caught.value.messages[0]
    assert "evil.pdf" in message
    assert "Users" not in message


@override_settings(TOWNHALL_ATTACHMENT_MAX_BYTES=100)
def test_oversize_file_is_rejected() -> None:
    assert validate_upload(_upload("small.png", _png())).size <= 100
    with pytest.raises(ValidationError) as caught:
        validate_upload(_upload("big.pdf", _pdf() + b"%" * 200 + b"\n%%EOF\n"))
    assert caught.value.code == "file_too_large"
    assert "100" in caught.value.messages[0]


@override_settings(TOWNHALL_ATTACHMENT_MAX_BYTES=100)
def test_declared_size_is_not_trusted() -> None:
    upload = _upload("big.pdf", _pdf() + b"%" * 200 + b"\n%%EOF\n")
    upload.size = 10
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload)
    assert caught.value.code == "file_too_large"


def test_default_limit_is_ten_mebibytes() -> None:
    padding = b"%" * (10 * 1024 * 1024)
    with pytest.raises(ValidationError) as caught:
        validate_upload(_upload("big.pdf", _pdf() + padding + b"\n%%EOF\n"))
    assert caught.value.code == "file_too_large"


def test_a_file_spooled_to_disk_is_read_the_same_way(tmp_path, settings) -> None:
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    content = _docx()
    upload = TemporaryUploadedFile("letter.docx", "application/zip", len(content), None)
    upload.write(content)
    upload.seek(0)
    try:
        result = validate_upload(upload)
    finally:
        upload.close()
    assert result.content_type == DOCX


def test_upload_count() -> None:
    validate_upload_count(0)
    validate_upload_count(3)
    with pytest.raises(ValidationError) as caught:
        validate_upload_count(4)
    assert caught.value.code == "too_many_files"
    assert caught.value.messages == ["You can attach at most 3 files."]


@override_settings(TOWNHALL_ATTACHMENT_MAX_COUNT=1)
def test_upload_count_from_settings() -> None:
    validate_upload_count(1)
    with pytest.raises(ValidationError) as caught:
        validate_upload_count(2)
    assert caught.value.messages == ["You can attach at most 1 file."]
