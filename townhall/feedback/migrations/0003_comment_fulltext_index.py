"""PostgreSQL: a GIN index for full-text search of comments (the staff inbox search).

The expression matches what `SearchVector("body", config="english")` generates, so the planner
uses it. SQLite has no equivalent; the inbox falls back to word matching there.
"""

from django.db import migrations

INDEX = "feedback_comment_body_fts"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON feedback_comment "
            "USING GIN (to_tsvector('english'::regconfig, COALESCE(body, '')))"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("feedback", "0002_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
