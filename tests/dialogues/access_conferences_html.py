"""Access rows: dialogues conferences_html (joined into tests/crm/test_access_table.py through access_rows.py)."""

from tests.access import Row

ROWS: list[Row] = []
