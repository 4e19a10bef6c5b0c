"""Access rows of the question bank (access_bank_api)."""

from tests.access import Row

ROWS: list[Row] = []
