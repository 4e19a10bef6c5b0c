"""Access rows: partnerships agreements_api (joined into tests/crm/test_access_table.py through access_rows.py)."""

from tests.access import Row

AGREEMENT_API_ROWS: list[Row] = []
