"""A stored, indexed full-text document of each commitment, on PostgreSQL only.

0003 indexed an expression: the index found the matches, but ranking them rebuilt every matched
commitment's vector from its texts (about a second for 8,000 matches among 400,000 commitments).
PostgreSQL now keeps the vector in a generated column, so matching and ranking both read it.

The column is not a model field on purpose: Django never selects it (a commitment's vector is larger
than its texts, and every commitment query would carry it) nor writes it (the database computes it).
`action_plans.search.StoredDocument` is the one reader. SQLite has neither the column nor the index.
"""

from django.db import migrations

TABLE = "action_plans_commitment"
COLUMN = "search_document"
INDEX = "commitment_search_document_idx"
OLD_INDEX = "commitment_search_idx"

# Title first (A), then the description (B), then the rest of the template (C); the 'simple'
# configuration because commitments are written in English, French and Spanish.
DOCUMENT = """
    setweight(to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(short_title, '')), 'A')
    || setweight(to_tsvector('simple', coalesce(description, '')), 'B')
    || setweight(to_tsvector('simple', coalesce(problem, '') || ' ' || coalesce(theory_of_change, '') || ' '
        || coalesce(values_relevance, '') || ' ' || coalesce(additional_information, '')), 'C')
"""


def add_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")
    schema_editor.execute(f"ALTER TABLE {TABLE} ADD COLUMN {COLUMN} tsvector GENERATED ALWAYS AS ({DOCUMENT}) STORED")
    schema_editor.execute(f"CREATE INDEX {INDEX} ON {TABLE} USING gin ({COLUMN})")


def drop_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN {COLUMN}")
    schema_editor.execute(f"CREATE INDEX {OLD_INDEX} ON {TABLE} USING gin (({DOCUMENT}))")


class Migration(migrations.Migration):
    dependencies = [("action_plans", "0003_commitment_search_index")]

    operations = [migrations.RunPython(add_document, drop_document)]
