"""The staff pages of records exports and the export_records command: who may use them (OEE,
R&D, PSCD, administrators), the request form, the progress page with and without
JavaScript, the audited download."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile

import pytest
from django.core.management import CommandError, call_command

from townhall.core.models import AuditEvent
from townhall.reports import records
from townhall.reports.models import RecordsExport
from townhall.reports.tests.test_records import PURPOSE, meeting_record, posting_record

__all__ = ["meeting_record", "posting_record"]  # the fixtures, shared with test_records

pytestmark = pytest.mark.django_db

INDEX = "/staff/reports/records/"
CREATE = "/staff/reports/records/new/"
KEEPERS = ("rd", "oee", "pscd", "admin")


def _detail(export: RecordsExport) -> str:
    return f"/staff/reports/records/{export.pk}/"


def _queued(persona, posting) -> RecordsExport:  # type: ignore[no-untyped-def]
    return records.export_request(actor=persona("pscd"), posting=posting, purpose=PURPOSE)


def _done(persona, posting) -> RecordsExport:  # type: ignore[no-untyped-def]
    export = _queued(persona, posting)
    assert records.export_run(export_id=export.pk) == "done"
    export.refresh_from_db()
    return export


def _csp_clean(html: str) -> None:
    assert "style=" not in html and "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"


# --- Who may ------------------------------------------------------------------------------


@pytest.mark.parametrize("key", KEEPERS)
def test_records_keepers_see_the_exports(client_as, key) -> None:
    response = client_as(key).get(INDEX)
    assert response.status_code == 200
    assert "<h1>Records exports</h1>" in response.text


def test_communications_and_others_on_staff_are_refused(client_as, persona, posting_record) -> None:
    export = _done(persona, posting_record.posting)
    for key in ("communications", "ocpr", "training", "originating_unit"):
        client = client_as(key)
        assert client.get(INDEX).status_code == 403, key
        assert client.post(CREATE, {"posting": posting_record.posting.pk}).status_code == 403
        assert client.get(_detail(export)).status_code == 403
        assert client.get(_detail(export) + "download/").status_code == 403
    assert client_as("department_member").get(INDEX).status_code == 403
    assert client_as(None).get(INDEX).status_code == 302  # to sign in
    assert not AuditEvent.objects.filter(action="records.download").exists()
    assert RecordsExport.objects.count() == 1


# --- The list and the request -------------------------------------------------------------


def test_the_list_offers_postings_and_meetings_and_lists_exports_newest_first(
    client_as, persona, posting_record, meeting_record
) -> None:
    first = _done(persona, posting_record.posting)
    second = _queued(persona, posting_record.posting)
    html = client_as("pscd").get(INDEX).text
    _csp_clean(html)
    assert '<optgroup label="Closed or compiled">' in html
    assert f'<option value="{posting_record.posting.pk}">' in html
    assert f'<option value="{meeting_record.meeting.pk}">' in html
    assert html.index(f"Export {second.pk}<") < html.index(f"Export {first.pk}<")
    assert "Queued" in html and "Ready" in html
    assert f"{first.total} of {first.total} (100%)" in html
    assert 'aria-describedby="id_purpose_helptext"' in html


def test_a_request_makes_the_export_and_shows_its_page(
    client_as, persona, posting_record, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("oee").post(
            CREATE, {"posting": posting_record.posting.pk, "meeting": "", "purpose": PURPOSE}
        )
    export = RecordsExport.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(export)
    assert export.requested_by == persona("oee") and export.purpose == PURPOSE
    export.refresh_from_db()
    assert export.status == "done"  # the test settings run the worker's task at once


def test_a_request_is_only_posted(client_as) -> None:
    assert client_as("pscd").get(CREATE).status_code == 405


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"purpose": PURPOSE}, "posting", "Choose one posting or one meeting"),
        ({"posting": "", "purpose": ""}, "purpose", "Say what the export is for"),
        ({"posting": "999999", "purpose": PURPOSE}, "posting", "Select a valid choice"),
    ],
)
def test_a_refused_request_keeps_what_was_typed(
    client_as, posting_record, data, field, message
) -> None:
    if field == "purpose":
        data = {**data, "posting": str(posting_record.posting.pk)}
    response = client_as("pscd").post(CREATE, data)
    assert response.status_code == 400
    html = response.text
    assert message in html
    assert 'id="error-summary"' in html and f'href="#id_{field}"' in html
    assert f'id="id_{field}_error"' in html
    assert f"id_{field}_helptext id_{field}_error" in html
    if data.get("purpose"):
        assert f'value="{PURPOSE}"' in html
    assert not RecordsExport.objects.exists()


def test_both_a_posting_and_a_meeting_is_refused(client_as, posting_record, meeting_record) -> None:
    response = client_as("pscd").post(
        CREATE,
        {
            "posting": posting_record.posting.pk,
            "meeting": meeting_record.meeting.pk,
            "purpose": PURPOSE,
        },
    )
    assert response.status_code == 400
    assert "Choose one posting or one meeting" in response.text
    assert not RecordsExport.objects.exists()


# --- Progress -----------------------------------------------------------------------------


def test_progress_polls_with_javascript_and_refreshes_without(
    client_as, persona, posting_record
) -> None:
    export = _queued(persona, posting_record.posting)
    RecordsExport.objects.filter(pk=export.pk).update(
        status="running", stage="comments", done=40, total=160
    )
    client = client_as("rd")
    html = client.get(_detail(export)).text
    _csp_clean(html)
    assert f'data-poll-url="{_detail(export)}?part=progress"' in html
    assert 'src="/static/townhall/townhall.js"' in html
    assert '<progress id="records-bar" max="160" value="40">25%</progress>' in html
    assert "40 of 160 items written (25%)" in html and "Comments" in html
    assert f'<a href="{_detail(export)}">Refresh</a>' in html  # without JavaScript
    assert PURPOSE in html
    fragment = client.get(_detail(export) + "?part=progress").text
    assert fragment.startswith('<div id="records-progress"') and "<html" not in fragment
    assert 'value="40"' in fragment


def test_a_finished_export_shows_its_download_checksum_and_size(
    client_as, persona, posting_record
) -> None:
    export = _done(persona, posting_record.posting)
    html = client_as("admin").get(_detail(export)).text
    assert "data-poll-url" not in html and "townhall.js" not in html
    assert f'href="{_detail(export)}download/"' in html
    assert export.sha256 in html
    assert f"{export.size} bytes" in html
    assert f'<progress id="records-bar" max="{export.total}" value="{export.total}">' in html


def test_a_failed_export_says_so(client_as, persona, posting_record) -> None:
    export = _queued(persona, posting_record.posting)
    RecordsExport.objects.filter(pk=export.pk).update(status="failed", error="OSError: disk full")
    html = client_as("pscd").get(_detail(export)).text
    assert "It failed" in html and "OSError: disk full" in html
    assert "download/" not in html


def test_an_unknown_export_is_404(client_as) -> None:
    assert client_as("pscd").get("/staff/reports/records/999999/").status_code == 404
    assert client_as("pscd").get("/staff/reports/records/999999/download/").status_code == 404


# --- Download -----------------------------------------------------------------------------


def test_the_download_streams_the_zip_and_is_audited(client_as, persona, posting_record) -> None:
    export = _done(persona, posting_record.posting)
    response = client_as("oee").get(_detail(export) + "download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert (
        f"records-export-{export.pk}-posting-{posting_record.posting.pk}.zip"
        in (response["Content-Disposition"])
    )
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == export.sha256
    assert zipfile.ZipFile(io.BytesIO(body)).testzip() is None
    event = AuditEvent.objects.get(action="records.download", object_id=str(export.pk))
    assert event.actor_label == "oee.coordinator" and event.after["sha256"] == export.sha256


def test_an_export_not_ready_is_not_downloaded(client_as, persona, posting_record) -> None:
    export = _queued(persona, posting_record.posting)
    response = client_as("pscd").get(_detail(export) + "download/")
    assert response.status_code == 409
    assert "not ready yet" in response.text
    assert not AuditEvent.objects.filter(action="records.download").exists()


# --- The command --------------------------------------------------------------------------


def test_the_command_exports_a_posting_and_prints_where_and_its_checksum(
    persona, posting_record
) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "export_records",
        posting=posting_record.posting.pk,
        purpose=PURPOSE,
        user="rd.analyst",
        stdout=out,
        stderr=err,
    )
    export = RecordsExport.objects.get()
    assert export.status == "done" and export.requested_by == persona("rd")
    assert export.done == export.total > 0
    text = out.getvalue()
    assert f"Export {export.pk}: " in text and export.file.name in text
    assert f"SHA-256 {export.sha256}  {export.size} bytes" in text
    assert "items" in err.getvalue()  # the progress bar
    assert not AuditEvent.objects.filter(action="records.download").exists()


def test_the_command_exports_a_meeting_as_the_first_administrator(persona, meeting_record) -> None:
    persona("admin")
    call_command(
        "export_records",
        meeting=meeting_record.meeting.pk,
        purpose=PURPOSE,
        no_progress=True,
        stdout=io.StringIO(),
    )
    export = RecordsExport.objects.get()
    assert export.meeting == meeting_record.meeting and export.requested_by == persona("admin")
    assert export.status == "done"


def test_the_command_refuses_what_the_service_refuses(persona, posting_record) -> None:
    persona("communications")
    with pytest.raises(CommandError, match="OEE, R&D, PSCD"):
        call_command(
            "export_records",
            posting=posting_record.posting.pk,
            purpose=PURPOSE,
            user="comms.officer",
            stdout=io.StringIO(),
        )
    with pytest.raises(CommandError, match="Say what the export is for"):
        call_command(
            "export_records",
            posting=posting_record.posting.pk,
            purpose=" ",
            user="rd.analyst",
            stdout=io.StringIO(),
        )
    with pytest.raises(CommandError, match="No posting"):
        call_command("export_records", posting=999999, purpose=PURPOSE, user="rd.analyst")
    assert not RecordsExport.objects.exists()


def test_the_pages_lay_out_right_to_left_in_arabic(client_as, persona, posting_record) -> None:
    export = _done(persona, posting_record.posting)
    client = client_as("pscd")
    for path in ("/ar" + INDEX, "/ar" + _detail(export)):
        response = client.get(path)
        assert response.status_code == 200, path
        assert 'dir="rtl"' in response.text
    # The checksum reads left to right inside the right-to-left page.
    assert f'<code dir="ltr" lang="en">{export.sha256}</code>' in response.text
