"""PostgreSQL: the comment's text-search vector as a stored generated column, indexed by GIN.

With only an expression index (0003), a search that the planner runs along the inbox's
newest-first index computes `to_tsvector` again for every row it looks at: 300 ms for a term
in one comment out of ten over a million comments (docs/benchmarks.md, "Staff reads").
Stored, the vector is computed once, on insert, and both plans read it. The column is not
on the model: the database fills it, and `selectors.text_search` names it. SQLite has no
text search; the inbox matches words there.
"""

from django.db import migrations

COLUMN = "search_vector"
INDEX = "feedback_comment_search_gin"
OLD_INDEX = "feedback_comment_body_fts"


def create_index(schema_editor):
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON feedback_comment USING GIN ({COLUMN})",
        params=None,
    )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE feedback_comment ADD COLUMN IF NOT EXISTS {COLUMN} tsvector "
        "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, COALESCE(body, ''))) STORED",
        params=None,
    )
    create_index(schema_editor)
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}", params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON feedback_comment "
        "USING GIN (to_tsvector('english'::regconfig, COALESCE(body, '')))",
        params=None,
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}", params=None)
    schema_editor.execute(f"ALTER TABLE feedback_comment DROP COLUMN IF EXISTS {COLUMN}", params=None)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0005_comment_tally")]
    operations = [migrations.RunPython(forwards, backwards)]
