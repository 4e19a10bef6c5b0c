"""Access rows: the API `export` actions of the agreements, targets, campaigns, pledges and enrolments lists (read
like the lists), joined into tests/partnerships/access_rows.py."""

from tests.access import API_STAFF_READ, Row

ROWS: list[Row] = [
    Row("agreement-export", "GET", "/api/v1/agreements/export/", API_STAFF_READ),
    Row("target-export", "GET", "/api/v1/targets/export/", API_STAFF_READ),
    Row("pledge-campaign-export", "GET", "/api/v1/pledge-campaigns/export/", API_STAFF_READ),
    Row("pledge-export", "GET", "/api/v1/pledges/export/", API_STAFF_READ),
    Row("enrolment-export", "GET", "/api/v1/enrolments/export/", API_STAFF_READ),
]
