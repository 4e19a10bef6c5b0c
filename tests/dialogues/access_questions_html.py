"""Access rows: the staff question pages and the legal document register (joined into tests/crm/test_access_table.py
through access_rows.py). Every question here is received by Region V: Region V staff and headquarters are in scope;
the office under V and Region VI get 404; portal users 403; anonymous users the login page."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dialogues.models import LegalDocumentType, Question, QuestionChannel
from dialogues.services import legal as legal_services
from dialogues.services import questions as services
from tests.access import LOGIN, OFFICERS, STAFF_PAGE, Row, builder, expect
from tests.dialogues.factories import PDF_BYTES

R5_PAGE = expect(anon=LOGIN, staff=200, portal=403, r5_office_officer=404, r6_officer=404)
R5_POST = expect(anon=LOGIN, staff=302, portal=403, r5_office_officer=404, r6_officer=404)
# Approve / return: Region V's officer lacks the role (403); the office and Region VI do not see the question (404).
R5_MANAGER_POST = expect(anon=LOGIN, staff=302, portal=403, **{**dict.fromkeys(OFFICERS, 404), "r5_officer": 403})
# Staff forms whose choices are the caller's own units: outsiders' values are refused as invalid (400).
R5_FORM_POST = expect(anon=LOGIN, staff=302, portal=403, r5_office_officer=400, r6_officer=400)


def _ask(refs, title: str = "Thủ tục hoàn thuế GTGT"):
    world = refs.world
    return services.record_question(
        by=world.r5_officer,
        branch=world.region5,
        channel=QuestionChannel.HOTLINE,
        title=title,
        body="Doanh nghiệp hỏi thời hạn hoàn thuế.",
        asker_name="Nguyễn Văn An",
    )


def _assigned(refs):
    question = _ask(refs)
    services.assign(
        question=question, by=refs.world.r5_manager, unit=refs.world.region5, assignee=refs.world.r5_officer
    )
    return question


@builder("dqh_law")
def _law(refs) -> int:
    return legal_services.create_legal_document(
        by=refs.world.r5_manager,
        number="38/2015/TT-BTC",
        doc_type=LegalDocumentType.CIRCULAR,
        title="Quy định về thủ tục hải quan",
        issuer="Bộ Tài chính",
        issued_on=date(2015, 3, 25),
    ).pk


@builder("dqh_received")
def _received(refs) -> int:
    return _ask(refs).pk


@builder("dqh_other")
def _other(refs) -> int:
    return _ask(refs, "Câu hỏi trùng").pk


@builder("dqh_assigned")
def _assigned_pk(refs) -> int:
    return _assigned(refs).pk


@builder("dqh_triaged")
def _triaged(refs) -> int:
    question = _ask(refs)
    return services.triage(question=question, by=refs.world.r5_officer, category="valuation", priority="normal").pk


@builder("dqh_drafting")
def _drafting(refs) -> int:
    question = _assigned(refs)
    services.draft_answer(
        question=question, by=refs.world.r5_officer, body="Trả lời", citations=[(refs["dqh_law"], "")]
    )
    return question.pk


def _pending(refs) -> Question:
    question = _assigned(refs)
    services.draft_answer(
        question=question, by=refs.world.r5_officer, body="Trả lời", citations=[(refs["dqh_law"], "")], submit=True
    )
    return question


@builder("dqh_pending")
def _pending_pk(refs) -> int:
    return _pending(refs).pk


@builder("dqh_answered")
def _answered(refs) -> int:
    question = _pending(refs)
    services.approve_answer(question=question, by=refs.world.r5_manager)
    return question.pk


@builder("dqh_awaiting")
def _awaiting(refs) -> int:
    return services.request_info(question=_ask(refs), by=refs.world.r5_officer, message="Gửi tờ khai").pk


@builder("dqh_attachment")
def _attachment(refs) -> int:
    upload = SimpleUploadedFile("to-khai.pdf", PDF_BYTES, content_type="application/pdf")
    return services.add_attachment(question=_ask(refs), by=refs.world.r5_officer, upload=upload).pk


def _reference(refs, key: str) -> str:
    return Question.objects.get(pk=refs[key]).reference


def _pdf(refs) -> dict:
    return {"file": SimpleUploadedFile("bien-ban.pdf", PDF_BYTES, content_type="application/pdf")}


def _intake(refs) -> dict:
    world = refs.world
    return {
        "channel": QuestionChannel.EMAIL,
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "branch": world.region5.pk,
        "tax_code": world.ent_a.tax_code,
        "title": "Thủ tục nhập khẩu linh kiện",
        "body": "Doanh nghiệp hỏi về thủ tục nhập khẩu.",
        "category": "procedures",
        "priority": "normal",
    }


def _legal(refs, **changes) -> dict:
    data = {
        "number": "39/2018/TT-BTC",
        "doc_type": LegalDocumentType.CIRCULAR,
        "title": "Sửa đổi Thông tư 38/2015/TT-BTC",
        "issuer": "Bộ Tài chính",
        "issued_on": "2018-04-20",
        "status": "in_force",
    }
    data.update(changes)
    return data


Q = "/questions"

ROWS: list[Row] = [
    Row("question-list", "GET", f"{Q}/", STAFF_PAGE),
    Row("question-create", "GET", f"{Q}/new/", STAFF_PAGE),
    Row("question-create", "POST", f"{Q}/new/", R5_FORM_POST, data=_intake),
    Row(
        "question-bulk-assign",
        "POST",
        f"{Q}/bulk-assign/",
        R5_FORM_POST,
        data=lambda r: {"questions": [r["dqh_received"]], "unit": r["region5"]},
    ),
    Row("question-attachment", "GET", f"{Q}/attachments/{{dqh_attachment}}/", R5_PAGE),
    Row("question-detail", "GET", f"{Q}/{{dqh_received}}/", R5_PAGE),
    Row(
        "question-triage",
        "POST",
        f"{Q}/{{dqh_received}}/triage/",
        R5_POST,
        data={"category": "origin", "priority": "high", "subcategory": "", "note": ""},
    ),
    Row("question-assign", "POST", f"{Q}/{{dqh_received}}/assign/", R5_POST, data=lambda r: {"unit": r["region5"]}),
    Row(
        "question-request-info",
        "POST",
        f"{Q}/{{dqh_received}}/request-info/",
        R5_POST,
        data={"message": "Gửi hợp đồng"},
    ),
    Row("question-reply", "POST", f"{Q}/{{dqh_awaiting}}/reply/", R5_POST, data={"text": "Đã gửi qua email"}),
    Row(
        "question-answer",
        "POST",
        f"{Q}/{{dqh_assigned}}/answer/",
        R5_POST,
        data=lambda r: {
            "intent": "save",
            "citation_rows": "3",
            "body": "Theo Điều 16…",
            "document_0": r["dqh_law"],
            "article_0": "Điều 16",
        },
    ),
    Row("question-submit", "POST", f"{Q}/{{dqh_drafting}}/submit/", R5_POST, data={}),
    Row(
        "question-approve",
        "POST",
        f"{Q}/{{dqh_pending}}/approve/",
        R5_MANAGER_POST,
        data={"letter_number": "1234/HQKV5-NV"},
    ),
    Row("question-return", "POST", f"{Q}/{{dqh_pending}}/return/", R5_MANAGER_POST, data={"note": "Bổ sung căn cứ"}),
    Row(
        "question-escalate",
        "POST",
        f"{Q}/{{dqh_triaged}}/escalate/",
        R5_POST,
        data={"level": "department", "body_name": "", "interim_reply": "Đang xin ý kiến Cục"},
    ),
    Row("question-extend", "POST", f"{Q}/{{dqh_received}}/extend/", R5_POST, data={"days": "3", "reason": "Xác minh"}),
    Row(
        "question-answer-from-bank",
        "POST",
        f"{Q}/{{dqh_received}}/answer-from-bank/",
        R5_POST,
        data=lambda r: {"reference": _reference(r, "dqh_answered")},
    ),
    Row(
        "question-merge",
        "POST",
        f"{Q}/{{dqh_received}}/merge/",
        R5_POST,
        data=lambda r: {"reference": _reference(r, "dqh_other")},
    ),
    Row("question-close", "POST", f"{Q}/{{dqh_answered}}/close/", R5_POST, data={"note": ""}),
    Row("question-reopen", "POST", f"{Q}/{{dqh_answered}}/reopen/", R5_POST, data={"reason": "Chưa rõ"}),
    Row("question-note", "POST", f"{Q}/{{dqh_received}}/note/", R5_POST, data={"text": "Ghi chú nội bộ"}),
    Row("question-attachment-add", "POST", f"{Q}/{{dqh_received}}/attachment-add/", R5_POST, data=_pdf),
    # The legal document register: public reference data for every staff member.
    Row("legal-document-list", "GET", "/legal-documents/", STAFF_PAGE),
    Row("legal-document-create", "GET", "/legal-documents/new/", STAFF_PAGE),
    Row(
        "legal-document-create",
        "POST",
        "/legal-documents/new/",
        expect(anon=LOGIN, staff=302, portal=403),
        data=_legal,
    ),
    Row("legal-document-edit", "GET", "/legal-documents/{dqh_law}/edit/", STAFF_PAGE),
    Row(
        "legal-document-edit",
        "POST",
        "/legal-documents/{dqh_law}/edit/",
        expect(anon=LOGIN, staff=302, portal=403),
        data=lambda r: _legal(r, number="38/2015/TT-BTC", issuer="Bộ Tài chính (sửa)"),
    ),
]
