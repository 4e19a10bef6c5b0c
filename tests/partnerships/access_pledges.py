"""Access rows: partnerships pledges (joined into tests/crm/test_access_table.py through access_rows.py)."""

from tests.access import Row

PLEDGE_ROWS: list[Row] = []
