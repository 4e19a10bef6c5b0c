"""Access rows: the API `export` actions of the crm lists (units, staff, portal sign-ups, notifications, outbox), joined
into tests/crm/test_access_table.py. Each reads like its list: the same permission and the same scope."""

from tests.access import API_MANAGER_READ, API_STAFF_READ, Row, expect

ROWS: list[Row] = [
    Row("branch-export", "GET", "/api/v1/branches/export/", API_STAFF_READ),
    Row("staff-export", "GET", "/api/v1/staff/export/", API_MANAGER_READ),
    Row("portal-signup-export", "GET", "/api/v1/portal-signups/export/", API_STAFF_READ),
    Row("notification-export", "GET", "/api/v1/notifications/export/", expect(anon=401, staff=200, portal=200)),
    Row("outbox-export", "GET", "/api/v1/outbox/export/", expect(anon=401, staff=403, portal=403, hq_admin=200)),
]
