"""Access rows of the partnerships routes, joined into the one access table (tests/crm/test_access_table.py)."""

from tests.access import Row

PARTNERSHIP_ROWS: list[Row] = []
