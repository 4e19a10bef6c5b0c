"""Access rows: the managers' dashboard page and its API (managers and headquarters; a foreign unit is 404), joined
into tests/crm/test_access_table.py."""

from tests.access import API_MANAGER_READ, LOGIN, ORG_PAGE, Row, expect

ROWS: list[Row] = [
    Row("dashboard", "GET", "/dashboard/", ORG_PAGE),
    Row(
        "dashboard",
        "GET",
        "/dashboard/",
        expect(anon=LOGIN, staff=403, portal=403, hq_admin=200, r5_manager=404),
        data=lambda r: {"unit": r["region6"], "period": "2026-H1"},
        label="(Region VI)",
    ),
    Row("dashboard-list", "GET", "/api/v1/dashboard/", API_MANAGER_READ),
    Row(
        "dashboard-list",
        "GET",
        "/api/v1/dashboard/",
        expect(anon=401, staff=403, portal=403, hq_admin=200, r5_manager=404),
        data=lambda r: {"unit": r["region6"]},
        label="(Region VI)",
    ),
    Row(
        "dashboard-list",
        "GET",
        "/api/v1/dashboard/",
        expect(anon=401, staff=403, portal=403, hq_admin=400, r5_manager=400),
        data=lambda r: {"period": "2026-13"},
        label="(bad period)",
    ),
    Row("league-table", "GET", "/dashboard/league/", ORG_PAGE),
    Row(
        "league-table",
        "GET",
        "/dashboard/league/",
        expect(anon=LOGIN, staff=403, portal=403, hq_admin=200, r5_manager=404),
        data=lambda r: {"unit": r["region6"]},
        label="(Region VI)",
    ),
    Row("dashboard-league", "GET", "/api/v1/dashboard/league/", API_MANAGER_READ),
    Row(
        "dashboard-league",
        "GET",
        "/api/v1/dashboard/league/",
        expect(anon=401, staff=403, portal=403, hq_admin=200, r5_manager=404),
        data=lambda r: {"unit": r["region6"]},
        label="(Region VI)",
    ),
]
