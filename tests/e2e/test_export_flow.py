"""In a real browser: an officer filters the questions inbox and downloads exactly what the page shows, as CSV and as
XLSX, from the buttons beside the list."""

import csv
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.dialogues.access_questions_api import make_question
from tests.e2e.test_smoke import log_in

pytestmark = pytest.mark.e2e


def test_an_officer_downloads_the_filtered_inbox_as_csv_and_xlsx(
    e2e_world, live_server, page, console_errors, screenshots
):
    kept = make_question(e2e_world, title="Thủ tục hủy tờ khai")
    make_question(e2e_world, title="Phân loại mã HS linh kiện", enterprise="ent_b")
    log_in(page, live_server, "r5_officer")

    page.goto(f"{live_server.url}/questions/?q={kept.reference}")
    expect(page.locator("table.q-list tbody tr")).to_have_count(1)
    buttons = page.locator(".list-meta .export-links a")
    expect(buttons).to_have_count(2)
    page.screenshot(path=str(screenshots / "exports-questions-inbox.png"), full_page=True)

    with page.expect_download() as csv_download:
        buttons.nth(0).click()
    rows = list(csv.reader(io.StringIO(csv_download.value.path().read_text(encoding="utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == [kept.reference]

    with page.expect_download() as xlsx_download:
        buttons.nth(1).click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes())).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [kept.reference]
    assert console_errors == []
