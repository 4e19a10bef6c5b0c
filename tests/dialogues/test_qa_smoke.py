import pytest

from dialogues.models import LegalDocumentType, QuestionStatus, QuestionChannel
from dialogues.services import legal, questions as qs

pytestmark = pytest.mark.django_db


def test_happy_path(world):
    doc = legal.create_legal_document(by=world.r5_officer, number="38/2015/tt-btc", doc_type=LegalDocumentType.CIRCULAR,
        title="Thông tư", issuer="Bộ Tài chính", issued_on="2015-03-25")
    q = qs.submit_question(by=world.portal_a, title="Hủy tờ khai", body="Thủ tục hủy tờ khai?", hs_codes="8517.62.59")
    assert q.hs_codes == ["85176259"] and q.due_on
    q = qs.triage(question=q, by=world.r5_officer, category="procedures", priority="high")
    q = qs.assign(question=q, by=world.r5_officer, unit=world.region5, assignee=world.r5_officer)
    q = qs.request_info(question=q, by=world.r5_officer, message="Gửi tờ khai")
    q = qs.provide_info(question=q, by=world.portal_a, text="Đây")
    assert q.status == QuestionStatus.ASSIGNED
    qs.draft_answer(question=q, by=world.r5_officer, body="Trả lời", citations=[(doc, "Điều 22")], submit=True)
    q.refresh_from_db()
    assert q.status == QuestionStatus.PENDING_APPROVAL
    a = qs.approve_answer(question=q, by=world.r5_manager, letter_number="123/HQ-NV")
    q.refresh_from_db()
    assert q.status == QuestionStatus.ANSWERED and q.answered_on_time
    r = qs.rate_by_token(token=a.rating.token, score=5)
    assert r.score == 5
    q2 = qs.record_question(by=world.r5_officer, branch=world.region5, channel=QuestionChannel.HOTLINE, title="x", body="y")
    qs.answer_from_bank(question=q2, by=world.r5_officer, source=q)
    q3 = qs.record_question(by=world.r5_officer, branch=world.region5, channel=QuestionChannel.HOTLINE, title="x", body="y")
    qs.merge(question=q3, by=world.r5_officer, into=q)
    qs.escalate(question=qs.triage(question=qs.record_question(by=world.r5_officer, branch=world.region5, channel="email", title="e", body="e"), by=world.r5_officer, category="origin", priority="normal"), by=world.r5_officer, level="department", interim_reply="wait")
    qs.close(question=q, by=world.r5_officer)
    qs.reopen(question=q, by=world.portal_a, reason="not clear")
