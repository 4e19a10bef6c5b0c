"""Access rows: the questions, question files, rating link and legal documents API (joined into
tests/crm/test_access_table.py through access_rows.py), and the helpers that build questions in each state.

Every row works on a question of ent_a received by Region V, built through the services in the state where the move
is legal (each cell runs in a fresh database). Region V staff and headquarters are in scope; the office under V and
Region VI get 404. Portal users are refused by role (403) on staff routes; on the routes open to them portal_a (ent_a)
is in scope and portal_b (ent_b) gets 404. The rating link needs no login: every persona is treated alike.
"""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from dialogues.models import LegalDocument, LegalDocumentType, Question, QuestionChannel, QuestionStatus
from dialogues.services import legal as legal_services
from dialogues.services import questions as services
from tests.access import API_ANY_READ, Row, builder, expect
from tests.dialogues.factories import PDF_BYTES

S = QuestionStatus


def make_document(*, by, number: str = "38/2015/TT-BTC", **fields) -> LegalDocument:
    defaults = {
        "doc_type": LegalDocumentType.CIRCULAR,
        "title": "Thông tư quy định về thủ tục hải quan; kiểm tra, giám sát hải quan",
        "issuer": "Bộ Tài chính",
        "issued_on": date(2015, 3, 25),
    }
    return legal_services.create_legal_document(by=by, number=number, **{**defaults, **fields})


def make_question(world, *, by=None, branch=None, enterprise="ent_a", title="Thủ tục hủy tờ khai", **fields):
    """A question logged by a Region V officer by email (enterprise: a World attribute name, or None)."""
    return services.record_question(
        by=by or world.r5_officer,
        branch=branch or world.region5,
        channel=fields.pop("channel", QuestionChannel.EMAIL),
        title=title,
        body=fields.pop("body", "Doanh nghiệp cần hủy tờ khai đã đăng ký, thủ tục thế nào?"),
        enterprise=getattr(world, enterprise) if enterprise else None,
        **fields,
    )


def walk(world, question: Question, status: str, *, document: LegalDocument | None = None) -> Question:
    """Move a received question along the usual path to `status`, through the services, as staff would."""
    officer, manager = world.r5_officer, world.r5_manager
    if status == S.RECEIVED:
        return question
    if status == S.AWAITING_ENTERPRISE:
        services.request_info(question=question, by=officer, message="Đề nghị gửi bản chụp tờ khai.")
        return Question.objects.get(pk=question.pk)
    services.triage(question=question, by=officer, category="procedures", priority="normal")
    if status == S.ESCALATED:
        services.escalate(question=question, by=officer, level="department", interim_reply="Đang xin ý kiến Cục.")
    if status in (S.ASSIGNED, S.DRAFTING, S.PENDING_APPROVAL, S.ANSWERED, S.CLOSED):
        services.assign(question=question, by=officer, unit=world.region5, assignee=officer)
    if status in (S.DRAFTING, S.PENDING_APPROVAL, S.ANSWERED, S.CLOSED):
        document = document or LegalDocument.objects.first() or make_document(by=officer)
        services.draft_answer(
            question=question,
            by=officer,
            body="Căn cứ Điều 22 Thông tư 38/2015/TT-BTC, doanh nghiệp đề nghị hủy tờ khai.",
            citations=[(document, "Điều 22")],
            submit=status != S.DRAFTING,
        )
    if status in (S.ANSWERED, S.CLOSED):
        services.approve_answer(question=question, by=manager, letter_number="123/HQ-NV")
    if status == S.CLOSED:
        services.close(question=question, by=officer)
    question = Question.objects.get(pk=question.pk)
    assert question.status == status
    return question


def question_in(world, status: str, **fields) -> Question:
    return walk(world, make_question(world, **fields), status)


# --- Builders --------------------------------------------------------------------------------------------------------


@builder("dq_legal_document")
def _legal_document(refs) -> int:
    return make_document(by=refs.world.r5_officer).pk


@builder("dq_received")
def _received(refs) -> int:
    return make_question(refs.world).pk


@builder("dq_received_other")
def _received_other(refs) -> int:
    return make_question(refs.world, title="Hủy tờ khai nhập khẩu (trùng)").pk


@builder("dq_triaged")
def _triaged(refs) -> int:
    return question_in(refs.world, S.TRIAGED).pk


@builder("dq_assigned")
def _assigned(refs) -> int:
    return question_in(refs.world, S.ASSIGNED).pk


@builder("dq_drafting")
def _drafting(refs) -> int:
    return question_in(refs.world, S.DRAFTING).pk


@builder("dq_pending")
def _pending(refs) -> int:
    return question_in(refs.world, S.PENDING_APPROVAL).pk


@builder("dq_awaiting")
def _awaiting(refs) -> int:
    return question_in(refs.world, S.AWAITING_ENTERPRISE).pk


@builder("dq_answered")
def _answered(refs) -> int:
    return question_in(refs.world, S.ANSWERED, title="Mã HS linh kiện điện tử").pk


@builder("dq_rating_token")
def _rating_token(refs):
    return Question.objects.get(pk=refs["dq_answered"]).ratings.get().token


@builder("dq_attachment")
def _attachment(refs) -> int:
    question = Question.objects.get(pk=refs["dq_received"])
    scan = SimpleUploadedFile("to-khai.pdf", PDF_BYTES, content_type="application/pdf")
    return services.add_attachment(question=question, by=refs.world.r5_officer, upload=scan).pk


@builder("dq_internal_attachment")
def _internal_attachment(refs) -> int:
    question = Question.objects.get(pk=refs["dq_received"])
    scan = SimpleUploadedFile("phieu-trinh.pdf", PDF_BYTES, content_type="application/pdf")
    return services.add_attachment(question=question, by=refs.world.r5_officer, upload=scan, internal=True).pk


# --- Expectations ----------------------------------------------------------------------------------------------------

# Staff routes on a Region V question: Region V staff and HQ in; the office and Region VI → 404; portal → 403.
STAFF_MOVE = expect(anon=401, staff=200, portal=403, r5_office_officer=404, r6_officer=404)
STAFF_CREATED = expect(anon=401, staff=201, portal=403, r5_office_officer=404, r6_officer=404)
MANAGER_MOVE = expect(anon=401, staff=200, portal=403, r5_officer=403, r5_office_officer=404, r6_officer=404)
# Routes open to portal users: ent_a's question (portal_a in, portal_b → 404).
SHARED = expect(anon=401, staff=200, portal_a=200, portal_b=404, r5_office_officer=404, r6_officer=404)
SHARED_CREATED = expect(anon=401, staff=201, portal_a=201, portal_b=404, r5_office_officer=404, r6_officer=404)
# Rating needs the enterprise: staff are refused by the service (403).
PORTAL_ONLY = expect(anon=401, staff=403, portal_a=200, portal_b=404, r5_office_officer=404, r6_officer=404)
# The rating link: no login, the same for everyone.
LINK = expect(anon=200, staff=200, portal=200)

Q = "/api/v1/questions/"
LEGAL = "/api/v1/legal-documents/"


def _new_question(refs) -> dict:
    return {
        "branch": refs["region5"],
        "channel": "hotline",
        "tax_code": "2352601817",
        "title": "Thời hạn nộp C/O mẫu E",
        "body": "Doanh nghiệp được nộp bổ sung C/O trong thời hạn bao lâu?",
        "hs_codes": ["8517.62.59"],
    }


def _upload(refs) -> dict:
    return {"file": SimpleUploadedFile("giay-phep.pdf", PDF_BYTES, content_type="application/pdf")}


def _new_document(refs) -> dict:
    return {
        "number": "08/2015/NĐ-CP",
        "doc_type": "decree",
        "title": "Nghị định quy định chi tiết Luật Hải quan",
        "issuer": "Chính phủ",
        "issued_on": "2015-01-21",
    }


ROWS: list[Row] = [
    # --- Questions -----------------------------------------------------------------------------------------------
    Row("question-list", "GET", Q, expect(anon=401, staff=200, portal=200)),
    Row(
        "question-list",
        "POST",
        Q,
        # Region V and ent_a are outside the office's and Region VI's subtree: field errors. Portal users ask for
        # their own enterprise (the staff fields are ignored).
        expect(anon=401, staff=201, portal=201, r5_office_officer=400, r6_officer=400),
        data=_new_question,
    ),
    Row(
        "question-bulk-assign",
        "POST",
        Q + "bulk-assign/",
        expect(anon=401, staff=200, portal=403, r5_office_officer=400, r6_officer=400),
        data=lambda r: {"ids": [r["dq_received"]], "unit": r["region5"], "assignee": r["r5_officer"]},
    ),
    Row("question-detail", "GET", Q + "{dq_received}/", SHARED),
    Row("question-detail", "PATCH", Q + "{dq_received}/", STAFF_MOVE, data={"title": "Thủ tục hủy tờ khai xuất khẩu"}),
    Row(
        "question-triage",
        "POST",
        Q + "{dq_received}/triage/",
        STAFF_MOVE,
        data={"category": "procedures", "priority": "high"},
    ),
    Row(
        "question-assign",
        "POST",
        Q + "{dq_triaged}/assign/",
        STAFF_MOVE,
        data=lambda r: {"unit": r["region5"], "assignee": r["r5_officer"]},
    ),
    Row(
        "question-request-info",
        "POST",
        Q + "{dq_assigned}/request-info/",
        STAFF_MOVE,
        data={"message": "Đề nghị gửi bản chụp tờ khai."},
    ),
    Row("question-reply", "POST", Q + "{dq_awaiting}/reply/", SHARED, data={"text": "Chúng tôi gửi kèm tờ khai."}),
    Row(
        "question-answer",
        "POST",
        Q + "{dq_assigned}/answer/",
        STAFF_MOVE,
        data=lambda r: {
            "body": "Căn cứ Điều 22 Thông tư 38/2015/TT-BTC…",
            "citations": [{"document": r["dq_legal_document"], "article": "Điều 22"}],
        },
    ),
    Row("question-submit", "POST", Q + "{dq_drafting}/submit/", STAFF_MOVE),
    Row("question-return", "POST", Q + "{dq_pending}/return/", MANAGER_MOVE, data={"note": "Bổ sung căn cứ."}),
    Row("question-approve", "POST", Q + "{dq_pending}/approve/", MANAGER_MOVE, data={"letter_number": "45/HQ-NV"}),
    Row(
        "question-escalate",
        "POST",
        Q + "{dq_triaged}/escalate/",
        STAFF_MOVE,
        data={"level": "department", "interim_reply": "Chi cục đang xin ý kiến Cục Hải quan."},
    ),
    Row("question-extend", "POST", Q + "{dq_received}/extend/", STAFF_MOVE, data={"days": 5, "reason": "Cần xác minh"}),
    Row(
        "question-answer-from-bank",
        "POST",
        Q + "{dq_received}/answer-from-bank/",
        STAFF_MOVE,
        data=lambda r: {"source": r["dq_answered"]},
    ),
    Row(
        "question-merge",
        "POST",
        Q + "{dq_received_other}/merge/",
        STAFF_MOVE,
        data=lambda r: {"into": r["dq_received"]},
    ),
    Row("question-close", "POST", Q + "{dq_answered}/close/", STAFF_MOVE),
    Row("question-reopen", "POST", Q + "{dq_answered}/reopen/", SHARED, data={"reason": "Chưa rõ điểm b."}),
    Row("question-rate", "POST", Q + "{dq_answered}/rate/", PORTAL_ONLY, data={"score": 4, "comment": "Rõ ràng"}),
    Row("question-notes", "GET", Q + "{dq_received}/notes/", STAFF_MOVE),
    Row("question-notes", "POST", Q + "{dq_received}/notes/", STAFF_CREATED, data={"text": "Gọi lại cho DN."}),
    Row("question-answers", "GET", Q + "{dq_answered}/answers/", SHARED),
    Row("question-attachments", "GET", Q + "{dq_received}/attachments/", SHARED),
    Row("question-attachments", "POST", Q + "{dq_received}/attachments/", SHARED_CREATED, data=_upload, multipart=True),
    # --- Files ---------------------------------------------------------------------------------------------------
    Row("question-attachment-download", "GET", "/api/v1/question-attachments/{dq_attachment}/download/", SHARED),
    Row(
        "question-attachment-download",
        "GET",
        "/api/v1/question-attachments/{dq_internal_attachment}/download/",
        expect(anon=401, staff=200, portal=404, r5_office_officer=404, r6_officer=404),
        label="(internal)",
    ),
    # --- The rating link (no login) ------------------------------------------------------------------------------
    Row("question-rating-detail", "GET", "/api/v1/question-ratings/{dq_rating_token}/", LINK),
    Row("question-rating-detail", "POST", "/api/v1/question-ratings/{dq_rating_token}/", LINK, data={"score": 5}),
    Row(
        "question-rating-detail",
        "GET",
        "/api/v1/question-ratings/not-a-real-token/",
        expect(anon=404, staff=404, portal=404),
        label="(unknown)",
    ),
    # --- Legal documents -----------------------------------------------------------------------------------------
    Row("legal-document-list", "GET", LEGAL, API_ANY_READ),
    Row("legal-document-list", "POST", LEGAL, expect(anon=401, staff=201, portal=403), data=_new_document),
    Row("legal-document-detail", "GET", LEGAL + "{dq_legal_document}/", API_ANY_READ),
    Row(
        "legal-document-detail",
        "PATCH",
        LEGAL + "{dq_legal_document}/",
        expect(anon=401, staff=200, portal=403),
        data={"url": "https://thuvienphapluat.vn/van-ban/38-2015-TT-BTC"},
    ),
    Row(
        "legal-document-detail",
        "PATCH",
        LEGAL + "{dq_legal_document}/",
        expect(anon=401, staff=200, portal=403, r5_officer=403, r5_office_officer=403, r6_officer=403),
        data={"status": "expired"},
        label="(status: managers)",
    ),
]
