"""Browser tests: Playwright's sync API drives Debian's chromium against pytest-django's live server.

Skipped (not failed) where /usr/bin/chromium is missing. Screenshots go to test-results/e2e/ (git-ignored).
"""

import os
from pathlib import Path

import pytest
from django.test.utils import override_settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
E2E_DIR = Path(__file__).resolve().parent
REPO_ROOT = E2E_DIR.parents[1]
SCREENSHOTS = REPO_ROOT / "test-results" / "e2e"

# Playwright's sync API runs an asyncio loop in the test thread; Django refuses ORM calls there unless told it is safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: install it with `apt-get install chromium`")
    for item in items:
        if E2E_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)
            if not CHROMIUM.exists():
                item.add_marker(skip)


@pytest.fixture(scope="session")
def _plain_http_server():
    """The live server's middleware is built once per session, before the per-test `_plain_http` fixture runs:
    switch HTTPS redirects, HSTS and secure cookies off for the whole session."""
    override = override_settings(
        SECURE_SSL_REDIRECT=False,
        SECURE_HSTS_SECONDS=0,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
    )
    override.enable()
    yield
    override.disable()


@pytest.fixture(scope="session")
def live_server(_plain_http_server, live_server):
    return live_server


@pytest.fixture
def e2e_world(django_db_serialized_rollback, transactional_db, live_server, world):
    """The personas' world, committed so that the live server's thread sees it. Data loaded by migrations
    (the type codes) is restored after the flush, so later tests still find it."""
    return world


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 800}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def console_errors(page) -> list[str]:
    """Console errors (CSP violations, failed scripts) and uncaught exceptions seen by the page."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
