"""In a real browser: the Region V manager opens the dashboard, changes the period and follows a figure to the list
behind it, and downloads the figures as XLSX."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.dialogues.access_portal_questions import log_by_staff
from tests.e2e.test_question_flow import as_user

pytestmark = pytest.mark.e2e


def test_a_manager_reads_the_dashboard_changes_the_period_and_drills_down(
    e2e_world, live_server, browser, console_errors, screenshots
):
    world = e2e_world
    log_by_staff(world, title="Thủ tục hoàn thuế hàng tạm nhập tái xuất")
    year = timezone.localdate().year
    context, page = as_user(browser, live_server, "r5_manager")
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.get_by_role("link", name="Dashboard").click()
    expect(page.locator("h1")).to_contain_text("Partnership dashboard")
    received = page.locator('tr[data-kpi="questions.received"] .kpi-value')
    expect(received).to_have_text("1")
    page.select_option("#dash-period", f"{year - 1}")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/?unit={world.region5.pk}&period={year - 1}&start=&end=")
    expect(received).to_have_text("0")  # nothing was received last year
    page.select_option("#dash-period", f"{year}")
    page.get_by_role("button", name="Show").click()
    page.screenshot(path=str(screenshots / "dashboard.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download XLSX").click()
    assert download.value.suggested_filename.startswith(f"dashboard-KV05-{year}")
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert any(row[2] == "questions.received" and row[3] == 1 for row in sheet.iter_rows(values_only=True))
    page.locator('tr[data-kpi="questions.received"] th a').click()
    expect(page).to_have_url(f"{live_server.url}/questions/?branch={world.region5.pk}")
    expect(page.locator("table.list")).to_contain_text("Thủ tục hoàn thuế hàng tạm nhập tái xuất")
    context.close()
    assert console_errors == []


def test_headquarters_ranks_the_regions_by_a_figure_and_reverses_the_order(
    e2e_world, live_server, browser, console_errors, screenshots
):
    world = e2e_world
    log_by_staff(world, title="Thủ tục hoàn thuế hàng tạm nhập tái xuất")
    context, page = as_user(browser, live_server, "hq_admin")
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/dashboard/")
    page.get_by_role("link", name="League table").click()
    expect(page.locator("h1")).to_contain_text("League table")
    page.select_option("#league-sort", "questions.received")
    page.get_by_role("button", name="Show").click()
    rows = page.locator("table.league tbody tr")
    expect(rows.first).to_have_attribute("data-unit", "KV05")
    expect(rows.first.locator('td[data-kpi="questions.received"]')).to_have_text("1")
    expect(page.locator('[data-chart="league.questions.received"] svg')).to_be_visible()
    page.locator("table.league thead th.sorted a").click()  # the same column again: fewest first
    expect(rows.last).to_have_attribute("data-unit", "KV05")
    page.screenshot(path=str(screenshots / "league.png"), full_page=True)
    context.close()
    assert console_errors == []
