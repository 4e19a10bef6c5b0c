"""In a real browser: a manager imports a month of figures from a CSV file (preview, then confirm), finds them in the
list with its totals row, and is refused a month that a unit under Region V already has."""

import pytest
from playwright.sync_api import expect

from partnerships.models import MonthlyStatistic
from tests.e2e.test_agreement_flow import read_in_english
from tests.e2e.test_smoke import log_in

pytestmark = pytest.mark.e2e

CSV = (
    "Mã đơn vị,Tháng,Thu ngân sách (VNĐ),Tờ khai nhập khẩu,Tờ khai xuất khẩu,Luồng xanh,Luồng vàng,Luồng đỏ,"
    "Kim ngạch nhập khẩu (USD),Kim ngạch xuất khẩu (USD),Số doanh nghiệp hoạt động\n"
    'KV05-YP,03/2025,"412.500.000.000","36.100","44.020","52.400","24.120","3.600","2,650,000,000.50",'
    '"3.310.000.000",1102\n'
    'KV05-YP,04/2025,"398.000.000.000","35.000","43.000","51.000","23.500","3.500",,,1098\n'
)


def test_a_manager_imports_figures_and_sees_them_totalled(e2e_world, live_server, page, console_errors, tmp_path):
    read_in_english(page, live_server)
    log_in(page, live_server, "r5_manager")
    page.goto(f"{live_server.url}/partnerships/statistics/import/")
    file = tmp_path / "figures.csv"
    file.write_text(CSV, encoding="utf-8")
    page.set_input_files("input[type=file]", str(file))
    page.get_by_role("button", name="Check file").click()
    expect(page.locator("#preview-title")).to_be_visible()
    page.screenshot(path="/tmp/qa/stats-import-preview.png", full_page=True)
    page.get_by_role("button", name="Confirm import (2 new, 0 updated)").click()
    expect(page.locator(".msg-success")).to_contain_text("Import finished")
    assert MonthlyStatistic.objects.count() == 2
    expect(page.locator("tfoot .totals-row")).to_contain_text("810,500,000,000")
    page.screenshot(path="/tmp/qa/stats-list.png", full_page=True)

    page.get_by_role("link", name="+ Enter a month").first.click()
    page.select_option("#id_branch", str(e2e_world.region5.pk))
    page.fill("#id_month", "2025-03")
    page.fill("#id_budget_revenue_vnd", "1000")
    page.get_by_role("button", name="Save figures").click()
    expect(page.locator(".field.has-error")).to_contain_text("Hải quan Yên Phong")
    page.screenshot(path="/tmp/qa/stats-form-error.png", full_page=True)
    assert MonthlyStatistic.objects.count() == 2
    assert console_errors == []
