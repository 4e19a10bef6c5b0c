"""Question bank test data, made through the real services: legal documents, answered questions and entries in each
status."""

import itertools
from datetime import date

from dialogues.models import BankEntry, LegalDocument, LegalDocumentType, Question, QuestionChannel
from dialogues.services import bank
from dialogues.services import legal as legal_services
from dialogues.services import questions as services

_numbers = itertools.count(100)


def make_document(world, *, number: str | None = None, title: str = "Thông tư quy định về thủ tục hải quan"):
    return legal_services.create_legal_document(
        by=world.r5_officer,
        number=number or f"{next(_numbers)}/2015/TT-BTC",
        doc_type=LegalDocumentType.CIRCULAR,
        title=title,
        issuer="Bộ Tài chính",
        issued_on=date(2015, 3, 25),
    )


def answered_question(
    world,
    *,
    document: LegalDocument | None = None,
    title: str = "Hủy tờ khai hải quan",
    body: str = (
        "Công ty TNHH Điện tử Đông Á (MST 2352601817) muốn hủy tờ khai 105234567890 trị giá 1.250.000.000 đồng."
    ),
    answer: str = "Căn cứ Điều 22 Thông tư 38/2015/TT-BTC, doanh nghiệp nộp văn bản đề nghị hủy tờ khai.",
    enterprise: str = "ent_a",
) -> Question:
    """A Region V question from ent_a, answered (approved by the Region V manager)."""
    document = document or make_document(world)
    question = services.record_question(
        by=world.r5_officer,
        branch=world.region5,
        enterprise=getattr(world, enterprise),
        title=title,
        body=body,
        channel=QuestionChannel.EMAIL,
    )
    services.triage(question=question, by=world.r5_manager, category="procedures", priority="normal")
    services.assign(question=question, by=world.r5_manager, unit=world.region5, assignee=world.r5_officer)
    services.draft_answer(question=question, by=world.r5_officer, body=answer, citations=[(document, "22")])
    services.submit_answer(question=question, by=world.r5_officer)
    services.approve_answer(question=question, by=world.r5_manager, letter_number="123/HQKV5-NV")
    return Question.objects.get(pk=question.pk)


def make_entry(
    world,
    *,
    status: str = "published",
    question_vi: str = "Thủ tục hủy tờ khai hải quan như thế nào?",
    answer_vi: str = "Doanh nghiệp nộp văn bản đề nghị hủy tờ khai theo Điều 22 Thông tư 38/2015/TT-BTC.",
    question_en: str = "",
    answer_en: str = "",
    category: str = "procedures",
    tags=("hủy tờ khai",),
    document: LegalDocument | None = None,
    branch=None,
    by=None,
    approver=None,
) -> BankEntry:
    """An entry driven to `status` (draft, in_review, published, needs_update, archived) by the real services:
    written and submitted by the Region V officer, approved by the Region V manager."""
    by = by or world.r5_officer
    approver = approver or world.r5_manager
    document = document or make_document(world)
    entry = bank.create_entry(
        by=by,
        branch=branch or world.region5,
        question_vi=question_vi,
        answer_vi=answer_vi,
        question_en=question_en,
        answer_en=answer_en,
        category=category,
        tags=list(tags),
        citations=[(document, "22")],
    )
    if status == "draft":
        return entry
    entry = bank.submit(entry=entry, by=by, acknowledge_flags=True)
    if status == "in_review":
        return entry
    entry = bank.approve(entry=entry, by=approver)
    if status == "needs_update":
        legal_services.update_legal_document(document=document, by=world.r5_manager, status="amended")
    elif status == "archived":
        bank.archive(entry=entry, by=approver)
    entry = BankEntry.objects.get(pk=entry.pk)
    assert entry.status == status, entry.status
    return entry
