"""Access rows: the API `export` actions of the dialogues lists, joined into tests/dialogues/access_rows.py. Each reads
like its list, except conferences: portal users list their invitations but do not export (403)."""

from tests.access import API_ANY_READ, API_STAFF_READ, Row, expect

ROWS: list[Row] = [
    Row("question-export", "GET", "/api/v1/questions/export/", expect(anon=401, staff=200, portal=200)),
    Row("conference-export", "GET", "/api/v1/conferences/export/", API_STAFF_READ),
    Row("action-export", "GET", "/api/v1/actions/export/", API_STAFF_READ),
    Row("question-bank-entry-export", "GET", "/api/v1/question-bank-entries/export/", API_STAFF_READ),
    Row("legal-document-export", "GET", "/api/v1/legal-documents/export/", API_ANY_READ),
]
