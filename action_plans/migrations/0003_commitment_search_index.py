"""A GIN index on the commitments' weighted full-text document, on PostgreSQL only.

SQLite has no such index (the explorer's fallback search does not need one). The expression is a
frozen copy of `action_plans.search.commitment_vector()`: the planner uses the index only when the
search's expression is the same, which test_explorer_postgres.py checks with EXPLAIN.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "commitment_search_idx"


def search_index() -> GinIndex:
    vector = (
        SearchVector("title", "short_title", config="simple", weight="A")
        + SearchVector("description", config="simple", weight="B")
        + SearchVector(
            "problem", "theory_of_change", "values_relevance", "additional_information", config="simple", weight="C"
        )
    )
    return GinIndex(vector, name=INDEX_NAME)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("action_plans", "Commitment"), search_index())


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("action_plans", "Commitment"), search_index())


class Migration(migrations.Migration):
    dependencies = [("action_plans", "0002_finding_kinds_for_procedural_review")]

    operations = [migrations.RunPython(create_index, drop_index)]
