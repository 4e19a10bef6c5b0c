"""Smoke tests in a real browser: log in, search live, open an enterprise, switch the language."""

import re
from urllib.request import urlopen

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.e2e

ENT_A_NAME = "Công ty TNHH Điện tử Đông Á"


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", factories.PASSWORD)
    page.locator("form:has(#id_username) button[type=submit]").click()
    page.wait_for_load_state()


def test_the_live_server_serves_our_stylesheet(e2e_world, live_server):
    with urlopen(f"{live_server.url}/static/css/app.css") as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/css")


def test_an_officer_logs_in_searches_live_and_opens_an_enterprise(
    e2e_world, live_server, page, console_errors, screenshots
):
    log_in(page, live_server, "r5_officer")
    expect(page).to_have_url(re.compile(r"/enterprises/$"))
    rows = page.locator("#enterprise-results table.list tbody tr")
    expect(rows).to_have_count(2)

    search = page.locator("input[name=q]")
    search.fill("dien tu dong a")  # live search: htmx replaces the results as the user types
    expect(rows).to_have_count(1)
    link = page.get_by_role("link", name=ENT_A_NAME)
    expect(link).to_be_visible()
    expect(page).to_have_url(re.compile(r"q=dien"))
    page.screenshot(path=str(screenshots / "enterprise-list.png"), full_page=True)

    link.click()
    expect(page.locator("h1")).to_contain_text(ENT_A_NAME)
    page.screenshot(path=str(screenshots / "enterprise-detail.png"), full_page=True)
    assert console_errors == []


def test_pressing_enter_in_the_search_box_filters_the_list_too(e2e_world, live_server, page, console_errors):
    log_in(page, live_server, "r5_officer")
    search = page.locator("input[name=q]")
    search.fill("quang hoc")
    search.press("Enter")
    rows = page.locator("#enterprise-results table.list tbody tr")
    expect(rows).to_have_count(1)
    expect(page.get_by_role("link", name="Công ty TNHH Quang học Yên Phong")).to_be_visible()
    assert console_errors == []


def test_the_language_buttons_switch_the_interface_language(e2e_world, live_server, page, console_errors):
    log_in(page, live_server, "r5_officer")
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    page.locator("form.langswitch button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("nav.mainnav")).to_contain_text("Enterprises")
    expect(page).to_have_url(re.compile(r"/enterprises/"))

    page.locator("form.langswitch button[value=vi]").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    assert console_errors == []


def test_the_api_docs_render_from_our_own_static_files_under_the_csp(
    e2e_world, live_server, page, console_errors, screenshots
):
    external: list[str] = []
    page.on(
        "request", lambda request: None if request.url.startswith(live_server.url) else external.append(request.url)
    )
    log_in(page, live_server, "r5_officer")
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Customs-business partnership CRM API")
    # With this many operations Swagger UI renders a virtual list (no .opblock-tag-section); the tags are there.
    expect(page.locator(".opblock-tag").first).to_be_visible(timeout=20_000)
    expect(page.locator("#operations-tag-actions")).to_be_visible()
    page.screenshot(path=str(screenshots / "api-docs.png"))
    assert external == []
    assert console_errors == []
