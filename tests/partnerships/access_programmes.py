"""Access rows: partnerships programmes (joined into tests/crm/test_access_table.py through access_rows.py)."""

from tests.access import Row

PROGRAMME_ROWS: list[Row] = []
