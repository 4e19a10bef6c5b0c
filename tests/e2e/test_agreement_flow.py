"""In a real browser: an officer drafts an agreement with two parties and a commitment on each side, takes it to
negotiation, and a manager approves it and records the signature."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from partnerships.models import Agreement, AgreementStatus
from partnerships.services import agreements as services
from tests.e2e.test_smoke import log_in

pytestmark = pytest.mark.e2e

TITLE = "Thỏa thuận hợp tác thông quan điện tử"


def read_in_english(page, live_server) -> None:
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page.on("dialog", lambda dialog: dialog.accept())  # the data-confirm questions before each move


def add_party(page, *, search: str, tax_code: str, signatory: str, title: str) -> None:
    page.fill("#party-q", search)  # live search: htmx swaps in the matching enterprises
    choice = page.locator("#party-choices label.choice", has_text=tax_code)
    expect(choice).to_have_count(1)
    choice.locator("input[type=radio]").check()
    page.fill("#id_signatory_name", signatory)
    page.fill("#id_signatory_title", title)
    page.get_by_role("button", name="Add party").click()
    expect(page.locator(".msg-success")).to_contain_text("added as a party")


def test_an_officer_drafts_an_agreement_and_a_manager_approves_and_signs_it(
    e2e_world, live_server, browser, page, console_errors, screenshots
):
    read_in_english(page, live_server)
    log_in(page, live_server, "r5_officer")
    page.goto(f"{live_server.url}/partnerships/agreements/")
    expect(page.locator(".empty")).to_contain_text("No partnership agreements recorded yet.")
    page.get_by_role("link", name="+ New agreement").first.click()

    page.fill("#id_title", TITLE)
    page.fill("#id_doc_number", "15/TTHT-HQKV5")
    page.fill("#id_customs_signatory_name", "Nguyễn Thị Thu Hà")
    page.fill("#id_customs_signatory_title", "Phó Chi cục trưởng")
    page.fill("#id_expires_on", "2030-12-31")
    page.get_by_role("button", name="Create draft").click()
    expect(page.locator("h1")).to_have_text("Parties and signatories")

    add_party(page, search="dien tu dong a", tax_code="2352601817", signatory="Park Ji-hoon", title="Tổng Giám đốc")
    add_party(page, search="2359083", tax_code="2359083018", signatory="Lê Thị Mai", title="Giám đốc")
    expect(page.locator("table.party-table tbody tr")).to_have_count(2)
    page.set_viewport_size({"width": 820, "height": 1180})
    page.screenshot(path=str(screenshots / "agreement-parties-tablet.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 800})

    page.get_by_role("link", name="Back to the agreement").click()
    page.get_by_role("link", name="+ Add commitment").click()
    page.select_option("#id_side", "customs")
    page.fill("#id_text", "Hướng dẫn, giải đáp vướng mắc trong 5 ngày làm việc.")
    page.get_by_role("button", name="Save and add another").click()
    page.select_option("#id_side", "business")
    page.fill("#id_text", "Khai báo hải quan đầy đủ, chính xác, đúng hạn.")
    page.fill("#id_indicator", "Tỷ lệ tờ khai sửa đổi dưới 2%")
    page.get_by_role("button", name="Save", exact=True).click()
    commitments = page.locator("#commitments tbody tr")
    expect(commitments).to_have_count(2)
    expect(commitments.nth(0)).to_contain_text("Customs")
    expect(commitments.nth(1)).to_contain_text("Business")

    page.get_by_role("button", name="Submit for internal review").click()
    expect(page.locator(".subheading [data-status]")).to_have_text("Internal review")
    page.get_by_role("button", name="Send for negotiation").click()
    expect(page.locator(".subheading [data-status]")).to_have_text("Negotiation")
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)  # officers do not approve
    detail_url = page.url

    manager_context = browser.new_context(viewport={"width": 1366, "height": 800}, locale="vi-VN")
    manager = manager_context.new_page()
    manager.set_default_timeout(10_000)
    manager_errors: list[str] = []
    manager.on("console", lambda message: manager_errors.append(message.text) if message.type == "error" else None)
    read_in_english(manager, live_server)
    log_in(manager, live_server, "r5_manager")
    manager.goto(detail_url)
    manager.get_by_role("button", name="Approve").click()
    expect(manager.locator(".subheading [data-status]")).to_have_text("Approved")
    manager.get_by_role("link", name="Record signature").click()
    expect(manager.locator("#id_signed_on")).not_to_have_value("")
    manager.screenshot(path=str(screenshots / "agreement-sign.png"), full_page=True)
    manager.get_by_role("button", name="Record signature").click()

    expect(manager).to_have_url(re.compile(r"/partnerships/agreements/\d+/$"))
    expect(manager.locator(".subheading [data-status]")).to_have_text("Signed")
    parties = manager.locator("#parties ol.party-list li")
    expect(parties).to_have_count(2)
    expect(parties.nth(0)).to_contain_text("Công ty TNHH Điện tử Đông Á")
    expect(parties.nth(0)).to_contain_text("Park Ji-hoon, Tổng Giám đốc")
    expect(parties.nth(1)).to_contain_text("Công ty TNHH Quang học Yên Phong")
    expect(parties.nth(1)).to_contain_text("Lê Thị Mai, Giám đốc")
    expect(manager.locator("#history")).to_contain_text("Approved → Signed")
    manager.screenshot(path=str(screenshots / "agreement-signed.png"), full_page=True)
    manager.set_viewport_size({"width": 820, "height": 1180})
    manager.screenshot(path=str(screenshots / "agreement-signed-tablet.png"), full_page=True)
    manager_context.close()

    agreement = Agreement.objects.get(title=TITLE)
    assert agreement.status == AgreementStatus.SIGNED
    assert agreement.created_by == e2e_world.r5_officer
    assert list(agreement.parties.order_by("pk").values_list("enterprise__tax_code", flat=True)) == [
        "2352601817",
        "2359083018",
    ]
    assert sorted(agreement.commitments.values_list("side", flat=True)) == ["business", "customs"]
    assert console_errors == []
    assert manager_errors == []


def test_the_agreement_list_searches_live(e2e_world, live_server, page, console_errors, screenshots):
    for title, enterprise in (("Với Đông Á", e2e_world.ent_a), ("Với Yên Phong", e2e_world.ent_b)):
        services.create_agreement(by=None, branch=e2e_world.region5, title=title, parties=[{"enterprise": enterprise}])
    read_in_english(page, live_server)
    log_in(page, live_server, "r5_officer")
    page.goto(f"{live_server.url}/partnerships/agreements/")
    rows = page.locator("#agreement-results table.list tbody tr")
    expect(rows).to_have_count(2)
    page.fill("input[name=q]", "quang hoc")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Với Yên Phong")
    expect(page).to_have_url(re.compile(r"q=quang"))
    page.screenshot(path=str(screenshots / "agreement-list.png"), full_page=True)
    assert console_errors == []
