"""Access rows: the enterprise portal's question pages and the rating link (joined into
tests/crm/test_access_table.py through access_rows.py), and the helpers that walk a question through the services.

Portal pages: portal users only; staff get 404 like on the portal home; another enterprise's question is 404.
The rating link needs no login: anyone holding it may use it."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from dialogues.models import LegalDocument, LegalDocumentType, Question, QuestionChannel
from dialogues.services import questions as services
from tests.access import LOGIN, Row, builder, expect
from tests.dialogues.factories import PDF_BYTES


def pdf(name: str = "hop-dong.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def ask(world, *, by=None, title: str = "Phân loại tai nghe không dây", body: str = "Mã HS nào áp dụng?", **fields):
    """A question sent through the portal (by portal_a unless `by` says otherwise)."""
    return services.submit_question(by=by or world.portal_a, title=title, body=body, **fields)


def log_by_staff(world, *, enterprise=None, title: str = "Gọi đường dây nóng về C/O", **fields) -> Question:
    """A question a Region V officer logged from the hotline for ent_a (or `enterprise`)."""
    return services.record_question(
        by=world.r5_officer,
        branch=world.region5,
        channel=QuestionChannel.HOTLINE,
        enterprise=enterprise or world.ent_a,
        title=title,
        body=fields.pop("body", "Thủ tục cấp C/O mẫu D?"),
        **fields,
    )


def legal_document(number: str = "38/2015/TT-BTC", **fields) -> LegalDocument:
    fields.setdefault("doc_type", LegalDocumentType.CIRCULAR)
    fields.setdefault("title", "Thông tư quy định về thủ tục hải quan")
    fields.setdefault("issuer", "Bộ Tài chính")
    fields.setdefault("issued_on", date(2015, 3, 25))
    return LegalDocument.objects.create(number=number, **fields)


def assign(world, question: Question) -> Question:
    return services.assign(question=question, by=world.r5_manager, unit=world.region5, assignee=world.r5_officer)


def answer(world, question: Question, *, body: str = "Áp dụng mã 8518.30.20.", document=None, letter_number: str = ""):
    """Assign, draft with a legal basis, submit and approve: the question is answered."""
    assign(world, question)
    document = document or legal_document()
    services.draft_answer(
        question=question, by=world.r5_officer, body=body, citations=[(document, "Điều 16")], submit=True
    )
    return services.approve_answer(question=question, by=world.r5_manager, letter_number=letter_number)


def ask_for_info(world, question: Question, message: str = "Đề nghị gửi catalogue sản phẩm.") -> Question:
    assign(world, question)
    return services.request_info(question=question, by=world.r5_officer, message=message)


@builder("pq_question_a")
def _question_a(refs) -> int:
    return ask(refs.world).pk


@builder("pq_awaiting_a")
def _awaiting_a(refs) -> int:
    question = ask(refs.world, title="Hoàn thuế nhập khẩu")
    return ask_for_info(refs.world, question).pk


@builder("pq_answered_a")
def _answered_a(refs) -> int:
    question = ask(refs.world, title="Xuất xứ hàng hoá")
    answer(refs.world, question)
    return question.pk


@builder("pq_attachment_a")
def _attachment_a(refs) -> int:
    question = ask(refs.world, title="Kèm hợp đồng", attachments=[pdf()])
    return question.attachments.get().pk


@builder("pq_internal_attachment_a")
def _internal_attachment_a(refs) -> int:
    question = ask(refs.world, title="Có tệp nội bộ")
    return services.add_attachment(
        question=question, by=refs.world.r5_officer, upload=pdf("to-trinh.pdf"), internal=True
    ).pk


@builder("pq_rating_token_a")
def _rating_token_a(refs) -> str:
    return Question.objects.get(pk=refs["pq_answered_a"]).ratings.get().token


PORTAL_A_ONLY = expect(anon=LOGIN, staff=404, portal=404, portal_a=200)
PORTAL_A_POST = expect(anon=LOGIN, staff=404, portal=404, portal_a=302)
ANYONE = expect(anon=200, staff=200, portal=200)

BASE = "/portal/questions"

ROWS: list[Row] = [
    Row("portal-question-list", "GET", f"{BASE}/", expect(anon=LOGIN, staff=404, portal=200)),
    Row("portal-question-create", "GET", f"{BASE}/new/", expect(anon=LOGIN, staff=404, portal=200)),
    Row(
        "portal-question-create",
        "POST",
        f"{BASE}/new/",
        expect(anon=LOGIN, staff=404, portal=302),
        data={"title": "Thủ tục tạm nhập tái xuất", "body": "Hồ sơ gồm những gì?", "category": "procedures"},
    ),
    Row(
        "portal-question-create",
        "POST",
        f"{BASE}/new/",
        expect(anon=LOGIN, staff=404, portal=200),
        data={"title": "Mã HS", "body": "Mã nào?", "hs_codes": "85A7"},
        label="(bad HS code: the form again)",
    ),
    Row("portal-question-detail", "GET", f"{BASE}/{{pq_question_a}}/", PORTAL_A_ONLY),
    Row("portal-question-detail", "GET", f"{BASE}/999999/", expect(anon=LOGIN, staff=404, portal=404)),
    Row(
        "portal-question-reply",
        "POST",
        f"{BASE}/{{pq_awaiting_a}}/reply/",
        PORTAL_A_POST,
        data={"text": "Đã gửi catalogue."},
    ),
    Row("portal-question-rate", "POST", f"{BASE}/{{pq_answered_a}}/rate/", PORTAL_A_POST, data={"score": "4"}),
    Row(
        "portal-question-reopen",
        "POST",
        f"{BASE}/{{pq_answered_a}}/reopen/",
        PORTAL_A_POST,
        data={"reason": "Chưa rõ mã HS 8 số."},
    ),
    Row("portal-question-attachment", "GET", f"{BASE}/attachments/{{pq_attachment_a}}/", PORTAL_A_ONLY),
    Row(
        "portal-question-attachment",
        "GET",
        f"{BASE}/attachments/{{pq_internal_attachment_a}}/",
        expect(anon=LOGIN, staff=404, portal=404),
        label="(internal file)",
    ),
    Row("question-rate-link", "GET", "/rate/{pq_rating_token_a}/", ANYONE),
    Row(
        "question-rate-link",
        "POST",
        "/rate/{pq_rating_token_a}/",
        ANYONE,
        data={"score": "5", "comment": "Rõ ràng"},
        label="(thank-you page)",
    ),
    Row("question-rate-link", "GET", "/rate/no-such-token/", expect(anon=404, staff=404, portal=404)),
]
