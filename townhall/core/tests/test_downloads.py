"""Stored files leave as downloads; a file gone from the disk is a 404, not an error page."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.http import Http404

from townhall.core.downloads import download
from townhall.engagements.models import Resource

pytestmark = pytest.mark.django_db


def test_a_stored_file_is_an_attachment_with_its_recorded_type(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    resource = Resource()
    resource.file.save("report.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    response = download(resource.file, filename="report.pdf", content_type="application/pdf")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    response.close()


def test_a_missing_file_is_not_found(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    resource = Resource()
    resource.file.save("gone.pdf", ContentFile(b"x"), save=False)
    resource.file.storage.delete(resource.file.name)
    with pytest.raises(Http404):
        download(resource.file, filename="gone.pdf")
    with pytest.raises(Http404):
        download(Resource().file, filename="none.pdf")
