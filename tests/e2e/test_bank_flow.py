"""In a real browser: an officer publishes an answered question to the question bank, removing the details that
identify the enterprise; a manager gives the second approval; a visitor finds it by typing without diacritics; and a
business sees it suggested while typing a similar question in the portal, and is spared sending it."""

import pytest
from playwright.sync_api import expect

from dialogues.models import BankDeflection, BankEntry, Question
from tests.dialogues.bank_factories import answered_question
from tests.e2e.test_agreement_flow import read_in_english
from tests.e2e.test_question_flow import as_user

pytestmark = pytest.mark.e2e

GENERAL_QUESTION = "Thủ tục hủy tờ khai xuất khẩu khi lô hàng không xuất được"
GENERAL_ANSWER = (
    "Doanh nghiệp nộp văn bản đề nghị hủy tờ khai nêu rõ lý do, kèm chứng từ liên quan; cơ quan hải quan xem xét và "
    "hủy tờ khai trên Hệ thống trong 08 giờ làm việc (Điều 22 Thông tư 38/2015/TT-BTC)."
)


def test_an_answer_is_published_approved_found_without_diacritics_and_suggested_in_the_portal(
    e2e_world, live_server, browser, page, console_errors, screenshots
):
    question = answered_question(e2e_world)  # its text names Đông Á, its tax code, a declaration and an amount

    # The officer publishes it to the bank: the draft is pre-filled and the identifying details are flagged.
    officer_context, officer = as_user(browser, live_server, "r5_officer")
    officer.goto(f"{live_server.url}/questions/{question.pk}/")
    officer.get_by_role("button", name="Publish to the question bank").click()
    expect(officer.locator("#id_question_vi")).to_have_value(f"{question.title}\n\n{question.body}")
    entry = BankEntry.objects.get(questions=question)
    officer.goto(f"{live_server.url}/question-bank-entries/{entry.pk}/")
    expect(officer.locator("mark.flag").first).to_be_visible()
    expect(officer.locator("#h-flags")).to_be_visible()
    officer.screenshot(path=str(screenshots / "bank-entry-flagged.png"), full_page=True)

    # The officer generalises the text, and submits it for the second approval.
    officer.goto(f"{live_server.url}/question-bank-entries/{entry.pk}/edit/")
    officer.fill("#id_question_vi", GENERAL_QUESTION)
    officer.fill("#id_answer_vi", GENERAL_ANSWER)
    officer.get_by_role("button", name="Save changes").click()
    expect(officer.locator(".msg-success")).to_be_visible()
    expect(officer.locator("mark.flag")).to_have_count(0)
    officer.locator("#move-submit button[type=submit]").click()
    expect(officer.locator(".msg-success")).to_contain_text("approval")
    expect(officer.locator("#move-approve")).to_have_count(0)  # not for the officer
    officer_context.close()

    # The manager approves: the entry goes public.
    manager_context, manager = as_user(browser, live_server, "r5_manager")
    manager.goto(f"{live_server.url}/question-bank-entries/?tab=in_review")
    manager.get_by_role("link", name=GENERAL_QUESTION).first.click()
    manager.locator("#move-approve summary").click()
    manager.locator("#move-approve button[type=submit]").click()
    expect(manager.locator(".msg-success")).to_be_visible()
    manager.screenshot(path=str(screenshots / "bank-entry-approved.png"), full_page=True)
    manager_context.close()
    entry.refresh_from_db()
    assert (entry.live, entry.approved_by) == (True, e2e_world.r5_manager)

    # A visitor (not signed in) finds it by typing without diacritics; the matched words are highlighted.
    read_in_english(page, live_server)
    page.goto(f"{live_server.url}/question-bank/")
    page.fill("#qb-q", "thu tuc huy to khai")
    page.press("#qb-q", "Enter")
    result = page.locator("mark", has_text="hủy").first
    expect(result).to_be_visible()
    page.screenshot(path=str(screenshots / "bank-public-search.png"), full_page=True)
    page.get_by_role("link", name="Thủ tục hủy tờ khai").first.click()
    expect(page.locator("main")).to_contain_text("08 giờ làm việc")
    expect(page.locator("main")).not_to_contain_text("Đông Á")
    page.screenshot(path=str(screenshots / "bank-public-entry.png"), full_page=True)

    # A business typing a similar question in the portal sees it suggested, and says it answers its question.
    portal_context, portal = as_user(browser, live_server, "ent_a")
    portal.set_viewport_size({"width": 1024, "height": 768})  # a tablet
    portal.goto(f"{live_server.url}/portal/questions/new/")
    asked_before = Question.objects.count()
    portal.locator("#id_title").press_sequentially("Hủy tờ khai khi hàng không xuất được", delay=20)
    suggestion = portal.locator(".qb-suggestions li", has_text="hủy tờ khai").first
    expect(suggestion).to_be_visible()
    portal.screenshot(path=str(screenshots / "bank-portal-suggestion.png"), full_page=True)
    suggestion.get_by_role("button", name="This answers my question").click()
    portal.wait_for_load_state()
    portal_context.close()
    deflection = BankDeflection.objects.get()
    assert (deflection.entry, deflection.enterprise) == (entry, e2e_world.ent_a)
    assert "tờ khai" in deflection.query
    assert Question.objects.count() == asked_before  # nothing was sent
    assert console_errors == []
