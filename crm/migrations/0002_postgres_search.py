"""PostgreSQL-only search support: trigram and unaccent extensions, and the indexes the scoped searches use.

On SQLite (the `make run` demo) this migration does nothing; searches there fall back to plain LIKE.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    # Enterprise list search: search_text LIKE '%key%' (name without diacritics or tax code).
    "CREATE INDEX IF NOT EXISTS crm_ent_search_trgm ON crm_enterprise USING gin (search_text gin_trgm_ops)",
    # Subtree scoping: branch.path LIKE 'prefix%' under any collation.
    "CREATE INDEX IF NOT EXISTS crm_branch_path_pattern ON crm_branch (path text_pattern_ops)",
    # Enterprise lists in Vietnamese alphabetical order (crm.db.vietnamese("name_vi"), then id).
    'CREATE INDEX IF NOT EXISTS crm_ent_name_vi_order ON crm_enterprise ((name_vi COLLATE "vi-x-icu"), id)',
    # Tax-code prefix search in lists.
    "CREATE INDEX IF NOT EXISTS crm_ent_tax_code_pattern ON crm_enterprise (tax_code text_pattern_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS crm_ent_name_vi_order",
    "DROP INDEX IF EXISTS crm_ent_tax_code_pattern",
    "DROP INDEX IF EXISTS crm_branch_path_pattern",
    "DROP INDEX IF EXISTS crm_ent_search_trgm",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("crm", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
