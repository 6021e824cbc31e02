"""Every stored file leaves the site the same way: as a download, never shown inline, with
the type recorded when its content was checked, and a 404 (not an error page) when the file
is gone from the disk. `SECURE_CONTENT_TYPE_NOSNIFF` adds nosniff to every response."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

__all__ = ["download"]


def download(file: FieldFile, *, filename: str, content_type: str | None = None) -> FileResponse:
    """`content_type` None: guessed from the file name (our own exports, CSV and XLSX)."""
    if not file:
        raise Http404("No file")
    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("The file is missing") from exc
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
