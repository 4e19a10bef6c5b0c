"""In a real browser: the Region V manager opens the period report, picks the first half of 2026, reads the
sections, downloads the workbook and prints the page (print media: no navigation, no buttons)."""

import io
from contextlib import contextmanager
from datetime import date

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from dialogues.models import Addressee
from partnerships.models import AgreementStatus
from tests.crm.test_reports import at, held_conference
from tests.e2e.test_question_flow import as_user
from tests.partnerships.factories import make_agreement

pytestmark = pytest.mark.e2e


@pytest.fixture
def on(monkeypatch):
    @contextmanager
    def frozen(day: date, hour: int = 10):
        with monkeypatch.context() as patch:
            patch.setattr(timezone, "now", lambda: at(day, hour))
            yield

    return frozen


def test_a_manager_reads_prints_and_downloads_the_half_year_report(
    e2e_world, on, live_server, browser, console_errors, screenshots
):
    world = e2e_world
    held_conference(
        world,
        on,
        branch=world.region5,
        day=date(2026, 3, 10),
        title="Đối thoại doanh nghiệp FDI 2026",
        checked_in=world.ent_a,
        recommendations=[("Sửa đổi quy định về hoàn thuế", Addressee.MINISTRY_OF_FINANCE)],
    )
    with on(date(2026, 2, 15)):
        make_agreement(
            branch=world.region5,
            status=AgreementStatus.ACTIVE,
            parties=[world.ent_a],
            doc_number="01/2026/TTHT-KV05",
            signed_on=date(2026, 2, 15),
        )
    context, page = as_user(browser, live_server, "r5_manager")
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/reports/")
    page.select_option("#report-period", "2026-H1")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(f"{live_server.url}/reports/?unit={world.region5.pk}&period=2026-H1&start=&end=")
    expect(page.locator("#report-title")).to_have_text(world.region5.name_vi)
    expect(page.locator('table[data-section="conferences"]')).to_contain_text("Đối thoại doanh nghiệp FDI 2026")
    expect(page.locator('table[data-section="agreements"]')).to_contain_text("01/2026/TTHT-KV05")
    expect(page.locator('table[data-section="recommendations"]')).to_contain_text("Sửa đổi quy định về hoàn thuế")
    expect(page.locator(".report-section")).to_have_count(7)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download XLSX").click()
    assert download.value.suggested_filename == "report-KV05-2026-H1.xlsx"
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert len(book.sheetnames) == 7
    assert book.worksheets[1]["B2"].value == "Đối thoại doanh nghiệp FDI 2026"
    page.screenshot(path=str(screenshots / "report.png"), full_page=True)
    page.emulate_media(media="print")
    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.locator(".report-picker")).to_be_hidden()
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    page.screenshot(path="/tmp/qa/report-print.png", full_page=True)
    context.close()
    assert console_errors == []
