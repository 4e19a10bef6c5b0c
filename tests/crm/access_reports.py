"""Access rows: the period report page and its API action (managers and headquarters; a foreign unit is 404; a bad
period is 400), joined into tests/crm/test_access_table.py."""

from tests.access import API_MANAGER_READ, LOGIN, ORG_PAGE, Row, expect

ROWS: list[Row] = [
    Row("report-period", "GET", "/reports/", ORG_PAGE),
    Row(
        "report-period",
        "GET",
        "/reports/",
        expect(anon=LOGIN, staff=403, portal=403, hq_admin=200, r5_manager=404),
        data=lambda r: {"unit": r["region6"], "period": "2026-H1"},
        label="(Region VI)",
    ),
    Row(
        "report-period",
        "GET",
        "/reports/",
        expect(anon=LOGIN, staff=403, portal=403, hq_admin=400, r5_manager=400),
        data={"period": "2026-H3"},
        label="(bad period)",
    ),
    Row("report-period", "GET", "/api/v1/reports/period/", API_MANAGER_READ),
    Row(
        "report-period",
        "GET",
        "/api/v1/reports/period/",
        expect(anon=401, staff=403, portal=403, hq_admin=200, r5_manager=404),
        data=lambda r: {"unit": r["region6"], "period": "2026-H1"},
        label="(Region VI)",
    ),
    Row(
        "report-period",
        "GET",
        "/api/v1/reports/period/",
        expect(anon=401, staff=403, portal=403, hq_admin=400, r5_manager=400),
        data={"period": "2026-H3"},
        label="(bad period)",
    ),
    Row(
        "report-period",
        "GET",
        "/api/v1/reports/period/",
        expect(anon=401, staff=403, portal=403, hq_admin=200, r5_manager=200),
        data={"period": "2026-H1", "as": "xlsx"},
        label="(xlsx)",
    ),
]
