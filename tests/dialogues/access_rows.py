"""Access rows of the dialogues routes, joined into the one access table (tests/crm/test_access_table.py)."""

from tests.access import Row
from tests.dialogues import (
    access_actions,
    access_bank_api,
    access_bank_html,
    access_bank_public,
    access_conferences_api,
    access_conferences_html,
    access_deadlines,
    access_exports,
    access_portal_public,
    access_portal_questions,
    access_questions_api,
    access_questions_html,
)

DIALOGUE_ROWS: list[Row] = [
    *access_conferences_api.ROWS,
    *access_conferences_html.ROWS,
    *access_actions.ROWS,
    *access_portal_public.ROWS,
    *access_deadlines.ROWS,
    *access_questions_api.ROWS,
    *access_questions_html.ROWS,
    *access_portal_questions.ROWS,
    *access_bank_api.ROWS,
    *access_bank_html.ROWS,
    *access_bank_public.ROWS,
    *access_exports.ROWS,
]
