"""Database helpers that differ between PostgreSQL (production, tests) and SQLite (the demo)."""

from django.db import connection
from django.db.models import F
from django.db.models.functions import Collate

VIETNAMESE_COLLATION = "vi-x-icu"  # ICU collation shipped with PostgreSQL: Đ sorts after D, not after Z


def vietnamese(field: str):
    """An ORDER BY expression that sorts Vietnamese text alphabetically (plain order on SQLite)."""
    if connection.vendor == "postgresql":
        return Collate(F(field), VIETNAMESE_COLLATION)
    return F(field)
