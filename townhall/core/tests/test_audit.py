"""The audit trail: every change leaves a row; nobody can edit or delete a row."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from townhall.core.audit import audit_record
from townhall.core.models import AuditEvent


@pytest.fixture
def event(rd):  # type: ignore[no-untyped-def]
    return audit_record(actor=rd, action="test.event", obj=rd, before={"a": 1}, after={"a": 2})


def test_audit_row_records_who_what_object_before_after_and_utc_time(event, rd) -> None:
    row = AuditEvent.objects.get(pk=event.pk)
    assert row.actor == rd and row.actor_label == rd.username
    assert row.action == "test.event"
    assert row.object_type == "accounts.user" and row.object_id == str(rd.pk)
    assert row.before == {"a": 1} and row.after == {"a": 2}
    assert row.occurred_at.utcoffset().total_seconds() == 0


def test_audit_row_cannot_be_saved_again_through_the_orm(event) -> None:
    event.note = "tampered"
    with pytest.raises(TypeError):
        event.save()


def test_audit_rows_cannot_be_deleted_or_bulk_updated_through_the_orm(event) -> None:
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(note="x")


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditevent SET note = 'tampered'",
        "DELETE FROM core_auditevent",
    ],
)
def test_database_refuses_raw_update_and_delete_of_audit_rows(event, sql: str) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AuditEvent.objects.get(pk=event.pk).note == ""


def test_system_actions_are_attributed_to_system(rd) -> None:
    row = audit_record(actor=None, action="test.system", obj=rd)
    assert row.actor is None and row.actor_label == "system"
