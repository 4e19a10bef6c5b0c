"""(being written)"""

from tests.access import Row

ROWS: list[Row] = []
