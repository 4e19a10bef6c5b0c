"""In a real browser: the dashboard's SVG charts keep readable text at a card's width on screen and in print, and the
public accountability page shows its figures by unit."""

from datetime import date

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from playwright.sync_api import expect

from crm.dashboard_charts import charts_for
from crm.periods import parse
from tests.dialogues.test_trends import local, question
from tests.dialogues.test_views_public import answered_question

pytestmark = pytest.mark.e2e

# The smallest text any chart draws, as rendered: its font size × the SVG's scale on the page.
SMALLEST_TEXT = """() => [...document.querySelectorAll('svg.chart')].map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize));
  return Math.min(...sizes) * scale;
})"""


def chart_page(charts, path) -> str:
    """The charts' partial in a page with the site's, the dashboard's and the charts' stylesheets inlined."""
    css = "".join((settings.BASE_DIR / "static" / "css" / name).read_text() for name in ("app.css", "dashboard.css"))
    css += (settings.BASE_DIR / "static" / "css" / "charts.css").read_text()
    body = render_to_string("crm/_dashboard_charts.html", {"charts": charts})
    path.write_text(f'<!doctype html><html lang="vi"><meta charset="utf-8"><style>{css}</style><main>{body}</main>')
    return path.as_uri()


@pytest.mark.django_db
def test_the_charts_text_stays_readable_on_screen_and_in_print(world, browser, screenshots, tmp_path):
    for month, count in ((2, 2), (3, 3), (5, 1), (8, 4), (11, 2)):
        for n in range(count):
            question(
                world,
                received=local(2026, month, 3 + n, 9),
                answered=local(2026, month, 12 + n, 9),
                on_time=n % 3 != 2,
                category=("classification", "origin", "valuation")[n % 3],
            )
    with translation.override("vi"):
        charts = charts_for(world.region5, parse("2026", today=date(2026, 12, 4)))
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.goto(chart_page(charts, tmp_path / "charts.html"))
    expect(page.locator("svg.chart")).to_have_count(4)
    assert min(page.evaluate(SMALLEST_TEXT)) >= 11
    page.screenshot(path=str(screenshots / "charts-screen.png"), full_page=True)
    page.emulate_media(media="print")
    assert min(page.evaluate(SMALLEST_TEXT)) >= 11
    page.screenshot(path=str(screenshots / "charts-print.png"), full_page=True)
    context.close()


def test_the_public_page_shows_figures_by_unit(e2e_world, live_server, page, console_errors, screenshots):
    world = e2e_world
    answered_question(world, branch=world.region5)
    answered_question(world, branch=world.region5_office, on_time=False)
    page.goto(f"{live_server.url}/public/units/KV05/")
    table = page.locator("section.public-units table")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table.locator('tr[data-unit="KV05"] td').nth(1)).to_have_text("50%")
    expect(table.locator('tr[data-unit="KV05-YP"] td').nth(1)).to_have_text("0%")
    page.screenshot(path=str(screenshots / "public-units.png"), full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=str(screenshots / "public-units-print.png"), full_page=True)
    assert console_errors == []
