"""Access rows of the question bank (access_bank_html)."""

from tests.access import Row

ROWS: list[Row] = []
