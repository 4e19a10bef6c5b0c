"""Access rows: partnerships agreements_html (joined into tests/crm/test_access_table.py through access_rows.py)."""

from tests.access import Row

AGREEMENT_HTML_ROWS: list[Row] = []
