"""Access rows: monthly statistics, HTML and API (joined into tests/crm/test_access_table.py through access_rows.py).

Staff read the figures of their subtree; managers (and headquarters) enter, import, change and delete them. The row
behind {stat_r5} is Region V's figures for March 2025: the Yen Phong office (under Region V) and Region VI get 404
when they may read, officers 403 on writes whatever the row. Portal users get 403 everywhere; anonymous users the
login page or 401.
"""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from partnerships.services import statistics as services
from tests.access import (
    API_MANAGER_CREATE,
    API_MANAGER_READ,
    API_STAFF_READ,
    LOGIN,
    MANAGER_PAGE,
    OFFICERS,
    STAFF_PAGE,
    Row,
    To,
    builder,
    expect,
)

MONTH = date(2025, 3, 1)


@builder("stat_r5")
def stat_r5(refs) -> int:
    return services.save_monthly_statistic(
        by=None, branch=refs.world.region5, month=MONTH, budget_revenue_vnd=1_200_000_000_000
    ).pk


def _body(refs) -> dict:
    return {"branch": refs["region5"], "month": "2025-04", "budget_revenue_vnd": "1150000000000"}


def _upload(refs) -> dict:
    data = "Mã đơn vị,Tháng,Thu ngân sách (VNĐ)\nKV05,04/2025,1.150.000.000.000\n".encode()
    return {"file": SimpleUploadedFile("stats.csv", data, content_type="text/csv")}


API_R5 = expect(anon=401, staff=200, portal=403, r5_office_officer=404, r6_officer=404)
API_R5_MANAGER_WRITE = expect(anon=401, staff=403, portal=403, hq_admin=200, r5_manager=200)
API_R5_MANAGER_DELETE = expect(anon=401, staff=403, portal=403, hq_admin=204, r5_manager=204)
MANAGER_ONLY_PAGE = expect(anon=LOGIN, staff=403, portal=403, hq_admin=200, r5_manager=200)
TO_LIST = To("/partnerships/statistics/")

STATISTIC_ROWS: list[Row] = [
    # --- API ----------------------------------------------------------------------------------------------------
    Row("monthly-statistic-list", "GET", "/api/v1/monthly-stats/", API_STAFF_READ),
    Row("monthly-statistic-list", "POST", "/api/v1/monthly-stats/", API_MANAGER_CREATE, data=_body),
    Row("monthly-statistic-detail", "GET", "/api/v1/monthly-stats/{stat_r5}/", API_R5),
    Row(
        "monthly-statistic-detail",
        "PATCH",
        "/api/v1/monthly-stats/{stat_r5}/",
        API_R5_MANAGER_WRITE,
        data={"declarations_import": 900},
    ),
    Row("monthly-statistic-detail", "DELETE", "/api/v1/monthly-stats/{stat_r5}/", API_R5_MANAGER_DELETE),
    Row("monthly-statistic-export", "GET", "/api/v1/monthly-stats/export/", API_STAFF_READ),
    Row(
        "monthly-statistic-import-file",
        "POST",
        "/api/v1/monthly-stats/import/",
        API_MANAGER_READ,
        data=_upload,
        multipart=True,
    ),
    # --- HTML ---------------------------------------------------------------------------------------------------
    Row("statistic-list", "GET", "/partnerships/statistics/", STAFF_PAGE),
    Row("statistic-create", "GET", "/partnerships/statistics/new/", MANAGER_PAGE),
    Row(
        "statistic-create",
        "POST",
        "/partnerships/statistics/new/",
        expect(anon=LOGIN, staff=TO_LIST, portal=403, **dict.fromkeys(OFFICERS, 403)),
        data=lambda r: {"branch": r["region5"], "month": "2025-04", "budget_revenue_vnd": "1150000000000"},
    ),
    Row("statistic-export", "GET", "/partnerships/statistics/export/", STAFF_PAGE),
    Row("statistic-import", "GET", "/partnerships/statistics/import/", MANAGER_PAGE),
    Row("statistic-edit", "GET", "/partnerships/statistics/{stat_r5}/edit/", MANAGER_ONLY_PAGE),
    Row(
        "statistic-delete",
        "POST",
        "/partnerships/statistics/{stat_r5}/delete/",
        expect(anon=LOGIN, staff=403, portal=403, hq_admin=TO_LIST, r5_manager=TO_LIST),
    ),
]
