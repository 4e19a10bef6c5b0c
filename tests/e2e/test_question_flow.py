"""In a real browser: an enterprise asks a question in the portal, an officer answers it with its legal basis, a
manager approves it, and the enterprise reads the answer and rates it."""

import re

import pytest
from playwright.sync_api import expect

from dialogues.models import LegalDocument, Question, QuestionStatus, Rating
from tests.e2e.test_agreement_flow import read_in_english
from tests.e2e.test_smoke import log_in

pytestmark = pytest.mark.e2e

TITLE = "Hủy tờ khai xuất khẩu khi hàng không xuất được"
ANSWER = (
    "Doanh nghiệp nộp văn bản đề nghị hủy tờ khai kèm lý do; cơ quan hải quan xem xét và hủy trong 08 giờ làm việc."
)


def as_user(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1366, "height": 800}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    read_in_english(page, live_server)
    log_in(page, live_server, username)
    return context, page


def test_a_portal_question_is_answered_with_its_legal_basis_approved_and_rated(
    e2e_world, live_server, browser, page, console_errors, screenshots
):
    circular = LegalDocument.objects.create(
        number="38/2015/TT-BTC",
        doc_type="circular",
        title="Thủ tục hải quan; kiểm tra, giám sát hải quan; thuế xuất khẩu, thuế nhập khẩu",
        issuer="Bộ Tài chính",
        issued_on="2015-03-25",
    )

    # The enterprise asks.
    read_in_english(page, live_server)
    log_in(page, live_server, "ent_a")
    page.goto(f"{live_server.url}/portal/questions/new/")
    page.fill("#id_title", TITLE)
    page.fill("#id_body", "Lô hàng không xuất được do đối tác hủy đơn; thủ tục hủy tờ khai cần hồ sơ gì?")
    page.fill("#id_hs_codes", "8517.62.59")
    page.fill("#id_declaration_numbers", "30123456789")  # 11 digits: refused beside the field, input kept
    page.get_by_role("button", name="Send the question").click()
    expect(page.locator("#id_declaration_numbers")).to_have_value("30123456789")
    expect(page.locator(".field.has-error")).to_contain_text("12 digits")
    page.fill("#id_declaration_numbers", "301234567890")
    page.get_by_role("button", name="Send the question").click()
    expect(page.locator(".msg-success")).to_contain_text("VM-")
    question = Question.objects.get(title=TITLE)
    assert (question.enterprise, question.hs_codes) == (e2e_world.ent_a, ["85176259"])

    # The officer takes it and answers with the legal basis.
    officer_context, officer = as_user(browser, live_server, "r5_officer")
    officer.goto(f"{live_server.url}/questions/?view=unassigned")
    officer.get_by_role("link", name=question.reference).click()
    officer.locator("#move-assign summary").click()
    officer.locator("#move-assign select[name=assignee]").select_option(str(e2e_world.r5_officer.pk))
    officer.locator("#move-assign button[type=submit]").click()
    expect(officer.locator(".msg-success")).to_contain_text("assigned")
    officer.fill("#answer-editor textarea[name=body]", ANSWER)
    officer.locator("#answer-editor select[name=document_0]").select_option(str(circular.pk))
    officer.fill("#answer-editor input[name=article_0]", "Điều 22")
    officer.get_by_role("button", name="Save and submit for approval").click()
    expect(officer.locator(".msg-success")).to_contain_text("approval")
    officer.screenshot(path=str(screenshots / "question-pending-approval.png"), full_page=True)
    # An officer cannot approve: the move is not offered.
    expect(officer.locator("#move-approve")).to_have_count(0)
    officer_context.close()

    # The manager approves and sends it with the official letter number.
    manager_context, manager = as_user(browser, live_server, "r5_manager")
    manager.goto(f"{live_server.url}/questions/?view=approval")
    manager.get_by_role("link", name=question.reference).click()
    manager.locator("#move-approve summary").click()
    manager.locator("#move-approve input[name=letter_number]").fill("1234/HQKV5-NV")
    manager.locator("#move-approve button[type=submit]").click()
    expect(manager.locator(".msg-success")).to_contain_text("sent")
    manager_context.close()
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert question.answered_on_time is True

    # The enterprise reads the answer with its legal basis and rates it.
    page.goto(f"{live_server.url}/portal/questions/{question.pk}/")
    expect(page.locator("body")).to_contain_text(ANSWER)
    expect(page.locator("body")).to_contain_text("38/2015/TT-BTC")
    expect(page.locator("body")).to_contain_text("1234/HQKV5-NV")
    expect(page.locator("body")).not_to_contain_text("r5_officer")
    page.locator("#rate input[name=score][value='5']").check()
    page.fill("#rate textarea[name=comment]", "Trả lời rõ ràng, đúng hạn.")
    page.get_by_role("button", name="Send my rating").click()
    expect(page.locator("body")).to_contain_text(re.compile(r"5/5"))
    page.screenshot(path=str(screenshots / "portal-question-rated.png"), full_page=True)
    assert Rating.objects.get(question=question).score == 5
    assert console_errors == []
