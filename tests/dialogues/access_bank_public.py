"""Access rows of the question bank (access_bank_public)."""

from tests.access import Row

ROWS: list[Row] = []
