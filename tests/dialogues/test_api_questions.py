import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from dialogues.models import (
    Answer,
    AnswerStatus,
    EventKind,
    Question,
    QuestionAttachment,
    QuestionEvent,
    QuestionStatus,
    Rating,
)
from dialogues.services import questions as services
from tests import factories
from tests.dialogues.access_questions_api import make_document, make_question, question_in
from tests.dialogues.factories import PDF_BYTES, PNG_BYTES

pytestmark = pytest.mark.django_db

S = QuestionStatus
LIST = "/api/v1/questions/"
STAFF_ONLY_KEYS = {
    "assignee",
    "assignee_name",
    "assigned_unit",
    "assigned_unit_name",
    "internal_due_on",
    "paused_at",
    "paused_working_days",
    "resume_status",
    "submitted_by",
    "internal_working_days",
    "forward_due_at",
}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """The rating link is throttled per address; every test starts with an empty rate cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client(api_for):
    def make(persona: str):
        api = api_for(persona)
        api.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return api

    return make


@pytest.fixture
def officer(client):
    return client("r5_officer")


@pytest.fixture
def manager(client):
    return client("r5_manager")


@pytest.fixture
def portal_a(client):
    return client("portal_a")


@pytest.fixture
def document(world):
    return make_document(by=world.r5_officer)


def url(question: Question, move: str = "") -> str:
    return f"{LIST}{question.pk}/" + (f"{move}/" if move else "")


def snapshot(question: Question) -> tuple:
    """What a refused call must leave untouched."""
    q = Question.objects.get(pk=question.pk)
    return (q.status, q.title, q.assignee_id, q.answers.count(), q.events.count(), q.attachments.count())


def keys_in(payload) -> set[str]:
    """Every key anywhere in a JSON payload."""
    found = set()
    if isinstance(payload, dict):
        for key, value in payload.items():
            found.add(key)
            found |= keys_in(value)
    elif isinstance(payload, list):
        for value in payload:
            found |= keys_in(value)
    return found


def pdf(name="to-khai.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# --- Intake ----------------------------------------------------------------------------------------------------------


def test_staff_log_a_question_naming_the_enterprise_by_tax_code(world, officer):
    response = officer.post(
        LIST,
        {
            "branch": world.region5.pk,
            "channel": "hotline",
            "tax_code": "2352601817",
            "asker_name": "Nguyễn Văn An",
            "title": "Thời hạn nộp C/O mẫu E",
            "body": "Doanh nghiệp được nộp bổ sung C/O trong bao lâu?",
            "category": "origin",
            "priority": "high",
            "hs_codes": ["8517.62.59", "8471"],
            "declaration_numbers": ["105234567890"],
        },
    )

    assert response.status_code == 201, response.data
    data = response.data
    question = Question.objects.get(pk=data["id"])
    assert (question.enterprise, question.channel, question.branch) == (world.ent_a, "hotline", world.region5)
    assert data["reference"] == question.reference
    assert data["reference"].startswith(f"VM-{timezone.localdate().year}-")
    assert (data["status"], data["category"], data["priority"]) == ("received", "origin", "high")
    assert data["hs_codes"] == ["85176259", "8471"]
    assert data["declaration_numbers"] == ["105234567890"]
    assert data["enterprise_tax_code"] == "2352601817"
    assert data["submitted_by"] == world.r5_officer.pk
    assert set(data["allowed_actions"]) >= {"triage", "assign", "request-info", "extend", "merge"}


def test_an_unknown_tax_code_is_a_clear_400_and_nothing_is_logged(world, officer):
    response = officer.post(
        LIST,
        {"branch": world.region5.pk, "channel": "email", "tax_code": "4982199351", "title": "Hỏi", "body": "Hỏi"},
    )

    # 4982199351 is Region VI's enterprise: outside the officer's units it reads as unknown.
    assert response.status_code == 400
    assert response.data == {"tax_code": ["No enterprise of your units has the tax code 4982199351."]}
    assert Question.objects.count() == 0


def test_a_malformed_tax_code_and_a_bad_hs_code_are_400_beside_their_fields(world, officer):
    bad_tax = officer.post(
        LIST, {"branch": world.region5.pk, "channel": "email", "tax_code": "12345", "title": "Hỏi", "body": "Hỏi"}
    )
    bad_hs = officer.post(
        LIST, {"branch": world.region5.pk, "channel": "email", "title": "Hỏi", "body": "Hỏi", "hs_codes": ["85A"]}
    )

    assert bad_tax.status_code == bad_hs.status_code == 400
    assert list(bad_tax.data) == ["tax_code"]
    assert bad_hs.data == {"hs_codes": ["“85A” is not an HS code: give 4, 6 or 8 digits, for example 8517.62.59."]}
    assert Question.objects.count() == 0


def test_staff_cannot_log_into_a_unit_outside_their_subtree(world, client):
    response = client("r5_office_officer").post(
        LIST, {"branch": world.region5.pk, "channel": "email", "title": "Hỏi", "body": "Hỏi"}
    )

    assert response.status_code == 400
    assert list(response.data) == ["branch"]
    assert Question.objects.count() == 0


def test_a_portal_user_asks_for_their_enterprise_and_staff_fields_are_ignored(world, portal_a):
    response = portal_a.post(
        LIST,
        {
            "title": "Hoàn thuế nguyên liệu nhập sản xuất xuất khẩu",
            "body": "Hồ sơ hoàn thuế gồm những gì?",
            "category": "duties",
            "hs_codes": "3901.10; 3902.10",
            "branch": world.region6.pk,
            "channel": "hotline",
            "priority": "urgent",
            "enterprise": world.ent_b.pk,
        },
    )

    assert response.status_code == 201, response.data
    question = Question.objects.get(pk=response.data["id"])
    assert (question.enterprise, question.branch, question.channel) == (world.ent_a, world.region5, "portal")
    assert (question.priority, question.category, question.submitted_by) == ("normal", "duties", world.portal_a)
    assert question.hs_codes == ["390110", "390210"]
    assert keys_in(response.data) & STAFF_ONLY_KEYS == set()
    assert response.data["allowed_actions"] == []


def test_a_portal_question_needs_a_title_and_a_body(world, portal_a):
    response = portal_a.post(LIST, {"category": "duties"})

    assert response.status_code == 400
    assert set(response.data) == {"title", "body"}
    assert Question.objects.count() == 0


# --- Lists -----------------------------------------------------------------------------------------------------------


def test_the_list_runs_the_same_queries_for_5_or_25_questions(world, officer):
    for n in range(5):
        make_question(world, title=f"Câu hỏi {n}", asker_name="Lê Văn Bình")
    question_in(world, S.ASSIGNED)
    officer.get(LIST)
    with CaptureQueriesContext(connection) as five:
        assert officer.get(LIST).data["count"] == 6
    for n in range(20):
        make_question(world, title=f"Câu hỏi thêm {n}", enterprise="ent_b")
    question_in(world, S.ESCALATED)
    with CaptureQueriesContext(connection) as many:
        assert officer.get(LIST).data["count"] == 27
    assert len(many) == len(five)


def test_the_portal_list_runs_the_same_queries_for_5_or_25_questions(world, portal_a):
    for n in range(5):
        services.submit_question(by=world.portal_a, title=f"Câu hỏi {n}", body="Nội dung")
    portal_a.get(LIST)
    with CaptureQueriesContext(connection) as five:
        assert portal_a.get(LIST).data["count"] == 5
    for n in range(20):
        make_question(world, title=f"Câu hỏi thêm {n}")
    with CaptureQueriesContext(connection) as many:
        assert portal_a.get(LIST).data["count"] == 25
    assert len(many) == len(five)


def test_the_list_filters_by_status_and_inbox_view(world, officer):
    received = make_question(world, title="Mới nhận")
    assigned = question_in(world, S.ASSIGNED, title="Đã phân công")

    by_status = officer.get(LIST, {"status": "received"}).data
    mine = officer.get(LIST, {"view": "mine"}).data

    assert [row["id"] for row in by_status["results"]] == [received.pk]
    assert [row["id"] for row in mine["results"]] == [assigned.pk]
    assert mine["results"][0]["assignee_name"] == world.r5_officer.display_name


def test_a_portal_user_sees_every_question_of_their_enterprise_and_nothing_else(world, portal_a):
    colleague = factories.make_portal_user(username="ent_a_2", enterprise=world.ent_a)
    by_staff = make_question(world, title="Ghi nhận qua đường dây nóng")
    by_colleague = services.submit_question(by=colleague, title="Hỏi của đồng nghiệp", body="Nội dung")
    own = services.submit_question(by=world.portal_a, title="Hỏi của tôi", body="Nội dung")
    services.submit_question(by=world.portal_b, title="Câu hỏi của doanh nghiệp B", body="Nội dung")
    make_question(world, title="Câu hỏi khu vực VI", by=world.r6_officer, branch=world.region6, enterprise="ent_r6")

    data = portal_a.get(LIST).data

    assert data["count"] == 3
    assert {row["id"] for row in data["results"]} == {by_staff.pk, by_colleague.pk, own.pk}
    assert keys_in(data) & STAFF_ONLY_KEYS == set()
    assert "doanh nghiệp B" not in json.dumps(data, ensure_ascii=False)


# --- Scoping ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "move", "body"),
    [
        ("get", "", None),
        ("get", "answers", None),
        ("get", "attachments", None),
        ("post", "reply", {"text": "Gửi bổ sung"}),
        ("post", "reopen", {"reason": "Chưa rõ"}),
        ("post", "rate", {"score": 1}),
    ],
)
def test_ent_b_gets_404_on_ent_as_question_and_nothing_changes(world, client, method, move, body):
    question = question_in(world, S.AWAITING_ENTERPRISE)
    before = snapshot(question)

    response = getattr(client("portal_b"), method)(url(question, move), body)

    assert response.status_code == 404
    assert snapshot(question) == before


def test_a_region6_officer_gets_404_on_a_region5_question_and_nothing_changes(world, client):
    question = make_question(world)
    before = snapshot(question)
    api = client("r6_officer")

    assert api.get(url(question)).status_code == 404
    assert api.post(url(question, "triage"), {"category": "origin", "priority": "high"}).status_code == 404
    assert api.patch(url(question), {"title": "Bị đổi"}).status_code == 404
    assert snapshot(question) == before


@pytest.mark.parametrize(
    ("method", "move", "body"),
    [
        ("patch", "", {"title": "Đổi tiêu đề"}),
        ("post", "triage", {"category": "origin", "priority": "urgent"}),
        ("post", "close", {}),
        ("get", "notes", None),
        ("post", "notes", {"text": "Ghi chú"}),
        ("post", "extend", {"days": 3, "reason": "Xin thêm"}),
    ],
)
def test_staff_only_routes_are_403_for_the_enterprises_own_portal_user(world, portal_a, method, move, body):
    question = make_question(world)
    before = snapshot(question)

    response = getattr(portal_a, method)(url(question, move), body)

    assert response.status_code == 403
    assert snapshot(question) == before


def test_no_internal_note_file_or_unsent_version_reaches_any_portal_response(world, portal_a, document):
    question = question_in(world, S.ANSWERED)
    services.add_note(question=question, by=world.r5_officer, text="BÍ MẬT: doanh nghiệp có dấu hiệu rủi ro")
    services.add_attachment(question=question, by=world.r5_officer, upload=pdf("phieu-trinh-noi-bo.pdf"), internal=True)
    services.add_attachment(question=question, by=world.r5_officer, upload=pdf("cong-van-tra-loi.pdf"))
    services.reopen(question=question, by=world.r5_officer, reason="Bổ sung")
    services.draft_answer(
        question=question, by=world.r5_officer, body="DỰ THẢO CHƯA DUYỆT", citations=[(document, "Điều 1")]
    )

    responses = [
        portal_a.get(url(question)),
        portal_a.get(url(question, "answers")),
        portal_a.get(url(question, "attachments")),
        portal_a.get(LIST),
    ]

    for response in responses:
        assert response.status_code == 200
        text = json.dumps(response.data, ensure_ascii=False)
        assert "BÍ MẬT" not in text
        assert "phieu-trinh-noi-bo" not in text
        assert "DỰ THẢO" not in text
        assert "review_note" not in text
        assert keys_in(response.data) & STAFF_ONLY_KEYS == set()
    detail = responses[0].data
    assert [a["version"] for a in detail["answers"]] == [1]
    assert [f["name"] for f in detail["attachments"]] == ["cong-van-tra-loi.pdf"]
    assert EventKind.NOTE not in {e["kind"] for e in detail["events"]}


def test_staff_see_notes_internal_files_and_every_answer_version(world, officer, document):
    question = question_in(world, S.PENDING_APPROVAL)
    services.add_note(question=question, by=world.r5_officer, text="Gọi điện xác minh")
    services.add_attachment(question=question, by=world.r5_officer, upload=pdf("noi-bo.pdf"), internal=True)

    data = officer.get(url(question)).data

    assert [(a["version"], a["status"]) for a in data["answers"]] == [(1, AnswerStatus.SUBMITTED)]
    assert [(f["name"], f["internal"]) for f in data["attachments"]] == [("noi-bo.pdf", True)]
    assert "Gọi điện xác minh" in [e["text"] for e in data["events"]]
    assert data["internal_due_on"] is not None
    assert data["assignee"] == world.r5_officer.pk


# --- The workflow, action by action ----------------------------------------------------------------------------------


def test_triage_sets_category_priority_and_the_deadline(world, officer):
    question = make_question(world)

    response = officer.post(url(question, "triage"), {"category": "valuation", "priority": "urgent"})

    assert response.status_code == 200, response.data
    assert (response.data["status"], response.data["category"], response.data["priority"]) == (
        "triaged",
        "valuation",
        "urgent",
    )
    assert response.data["allowed_working_days"] == 3


def test_assign_gives_the_question_to_a_unit_and_officer(world, officer):
    question = question_in(world, S.TRIAGED)

    response = officer.post(url(question, "assign"), {"unit": world.region5.pk, "assignee": world.r5_officer.pk})

    assert response.status_code == 200, response.data
    assert (response.data["status"], response.data["assigned_unit"], response.data["assignee"]) == (
        "assigned",
        world.region5.pk,
        world.r5_officer.pk,
    )


def test_assigning_an_officer_of_another_unit_is_a_400(world, officer):
    question = question_in(world, S.TRIAGED)
    before = snapshot(question)

    response = officer.post(url(question, "assign"), {"unit": world.region5_office.pk, "assignee": world.r5_manager.pk})

    assert response.status_code == 400
    assert response.data == {"assignee": ["The officer must be a member of the assigned unit."]}
    assert snapshot(question) == before


def test_bulk_assign_assigns_all(world, officer):
    first, second = make_question(world, title="Một"), make_question(world, title="Hai")

    response = officer.post(
        LIST + "bulk-assign/",
        {"ids": [first.pk, second.pk], "unit": world.region5_office.pk, "assignee": world.r5_office_officer.pk},
    )

    assert response.status_code == 200, response.data
    assert response.data == {"assigned": 2}
    assert set(Question.objects.values_list("status", "assigned_unit", "assignee")) == {
        ("assigned", world.region5_office.pk, world.r5_office_officer.pk)
    }


def test_bulk_assign_is_all_or_nothing(world, officer):
    received = make_question(world, title="Một")
    answered = question_in(world, S.ANSWERED, title="Hai")

    response = officer.post(LIST + "bulk-assign/", {"ids": [received.pk, answered.pk], "unit": world.region5.pk})

    assert response.status_code == 400
    assert response.data == {"detail": f"{answered.reference}: A question that is “Answered” cannot be assigned."}
    assert Question.objects.get(pk=received.pk).status == S.RECEIVED


def test_bulk_assign_names_questions_outside_the_units_and_assigns_none(world, officer):
    own = make_question(world)
    foreign = make_question(world, by=world.r6_officer, branch=world.region6, enterprise="ent_r6")

    response = officer.post(LIST + "bulk-assign/", {"ids": [own.pk, foreign.pk], "unit": world.region5.pk})

    assert response.status_code == 400
    assert response.data == {"ids": [f"Nothing was assigned: no such questions in your units: {foreign.pk}."]}
    assert Question.objects.get(pk=own.pk).status == S.RECEIVED


def test_request_info_pauses_and_the_portal_reply_resumes_with_a_file(world, officer, portal_a):
    question = question_in(world, S.ASSIGNED)

    asked = officer.post(url(question, "request-info"), {"message": "Đề nghị gửi bản chụp tờ khai."})
    assert asked.status_code == 200, asked.data
    assert (asked.data["status"], asked.data["paused_at"] is not None) == ("awaiting_enterprise", True)
    assert portal_a.get(url(question)).data["allowed_actions"] == ["reply"]

    replied = portal_a.post(
        url(question, "reply"), {"text": "Gửi kèm tờ khai", "attachments": [pdf("to-khai.pdf")]}, format="multipart"
    )

    assert replied.status_code == 200, replied.data
    assert replied.data["status"] == "assigned"
    assert [f["name"] for f in replied.data["attachments"]] == ["to-khai.pdf"]
    assert "Gửi kèm tờ khai" in [e["text"] for e in replied.data["events"]]
    assert Question.objects.get(pk=question.pk).paused_at is None


def test_a_reply_when_nothing_was_asked_is_a_400(world, portal_a):
    question = make_question(world)

    response = portal_a.post(url(question, "reply"), {"text": "Gửi thêm"})

    assert response.status_code == 400
    assert response.data == {"detail": "A question that is “Received” cannot be resumed."}


def test_answer_saves_a_draft_with_its_legal_basis(world, officer, document):
    question = question_in(world, S.ASSIGNED)

    response = officer.post(
        url(question, "answer"),
        {"body": "Căn cứ Điều 22…", "citations": [{"document": document.pk, "article": "Điều 22"}]},
    )

    assert response.status_code == 200, response.data
    assert response.data["status"] == "drafting"
    answer = response.data["answers"][-1]
    assert (answer["status"], answer["body"]) == ("draft", "Căn cứ Điều 22…")
    assert answer["citations"] == [
        {
            "document": document.pk,
            "number": "38/2015/TT-BTC",
            "doc_type": "circular",
            "title": document.title,
            "document_status": "in_force",
            "article": "Điều 22",
        }
    ]
    assert "submit" in response.data["allowed_actions"]


def test_submitting_an_answer_without_a_legal_basis_is_a_400(world, officer):
    question = question_in(world, S.ASSIGNED)

    response = officer.post(url(question, "answer"), {"body": "Trả lời", "submit": True})

    assert response.status_code == 400
    assert response.data == {"citations": ["Cite at least one legal document as the basis of the answer."]}
    assert Answer.objects.count() == 0


def test_an_unknown_legal_document_is_a_400(world, officer):
    question = question_in(world, S.ASSIGNED)

    response = officer.post(url(question, "answer"), {"body": "Trả lời", "citations": [{"document": 999999}]})

    assert response.status_code == 400
    assert list(response.data) == ["citations"]


def test_submit_sends_the_draft_for_approval(world, officer):
    question = question_in(world, S.DRAFTING)

    response = officer.post(url(question, "submit"))

    assert response.status_code == 200, response.data
    assert response.data["status"] == "pending_approval"
    assert response.data["answers"][-1]["status"] == "submitted"
    assert "approve" not in response.data["allowed_actions"]  # the officer is no manager


def test_submitting_a_received_question_is_a_400(world, officer):
    question = make_question(world)

    response = officer.post(url(question, "submit"))

    assert response.status_code == 400
    assert response.data == {"detail": "A question that is “Received” cannot be submitted for approval."}


def test_the_manager_returns_the_answer_with_a_note(world, manager):
    question = question_in(world, S.PENDING_APPROVAL)

    response = manager.post(url(question, "return"), {"note": "Bổ sung khoản 3."})

    assert response.status_code == 200, response.data
    assert response.data["status"] == "drafting"
    assert (response.data["answers"][-1]["status"], response.data["answers"][-1]["review_note"]) == (
        "returned",
        "Bổ sung khoản 3.",
    )


def test_an_officer_cannot_approve_or_return(world, officer):
    question = question_in(world, S.PENDING_APPROVAL)
    before = snapshot(question)

    approve = officer.post(url(question, "approve"), {})
    give_back = officer.post(url(question, "return"), {"note": "Sửa"})

    assert approve.status_code == give_back.status_code == 403
    assert approve.data == {"detail": "Only a manager can approve or return an answer."}
    assert snapshot(question) == before


def test_the_manager_approves_and_the_enterprise_sees_the_answer(world, manager, portal_a):
    question = question_in(world, S.PENDING_APPROVAL)

    response = manager.post(url(question, "approve"), {"letter_number": "123/HQ-NV", "letter_date": "2026-01-05"})

    assert response.status_code == 200, response.data
    assert response.data["status"] == "answered"
    assert response.data["answers"][-1]["letter_number"] == "123/HQ-NV"
    portal = portal_a.get(url(question)).data
    assert [a["letter_number"] for a in portal["answers"]] == ["123/HQ-NV"]
    assert "rate" in portal["allowed_actions"]


def test_approving_a_letter_date_without_its_number_is_a_400(world, manager):
    question = question_in(world, S.PENDING_APPROVAL)

    response = manager.post(url(question, "approve"), {"letter_date": "2026-01-05"})

    assert response.status_code == 400
    assert response.data == {"letter_number": ["Give the official letter number with its date."]}
    assert Question.objects.get(pk=question.pk).status == S.PENDING_APPROVAL


def test_escalate_sends_an_interim_reply_the_enterprise_sees(world, officer, portal_a):
    question = question_in(world, S.TRIAGED)

    response = officer.post(
        url(question, "escalate"),
        {"level": "other_agency", "body_name": "Bộ Công Thương", "interim_reply": "Đang xin ý kiến Bộ Công Thương."},
    )

    assert response.status_code == 200, response.data
    assert (response.data["status"], response.data["escalated_to"], response.data["escalated_to_name"]) == (
        "escalated",
        "other_agency",
        "Bộ Công Thương",
    )
    portal = portal_a.get(url(question)).data
    assert [(a["kind"], a["body"]) for a in portal["answers"]] == [("interim", "Đang xin ý kiến Bộ Công Thương.")]


def test_escalating_to_another_agency_without_its_name_is_a_400(world, officer):
    question = question_in(world, S.TRIAGED)

    response = officer.post(url(question, "escalate"), {"level": "other_agency", "interim_reply": "Đang xử lý"})

    assert response.status_code == 400
    assert response.data == {"body_name": ["Name the agency."]}


def test_extend_moves_the_deadline_once(world, officer):
    question = make_question(world)
    due = Question.objects.get(pk=question.pk).due_on

    first = officer.post(url(question, "extend"), {"days": 5, "reason": "Cần xác minh với Cục"})
    second = officer.post(url(question, "extend"), {"days": 2, "reason": "Thêm nữa"})

    assert first.status_code == 200, first.data
    assert first.data["extension_days"] == 5
    assert first.data["due_on"] > due.isoformat()
    assert "extend" not in first.data["allowed_actions"]
    assert second.status_code == 400
    assert second.data == {"detail": "The deadline has already been extended once."}
    assert Question.objects.get(pk=question.pk).extension_days == 5


def test_answer_from_bank_reuses_an_earlier_answer(world, officer):
    source = question_in(world, S.ANSWERED, title="Đã trả lời")
    question = make_question(world, title="Câu hỏi tương tự")

    response = officer.post(url(question, "answer-from-bank"), {"source": source.pk})

    assert response.status_code == 200, response.data
    assert (response.data["status"], response.data["answer_source"], response.data["answered_from"]) == (
        "answered",
        "bank",
        source.pk,
    )
    assert response.data["answers"][-1]["citations"][0]["article"] == "Điều 22"


def test_answer_from_bank_refuses_a_source_without_an_answer_and_an_invisible_one(world, officer):
    question = make_question(world)
    unanswered = make_question(world, title="Chưa trả lời")
    foreign = question_in(world, S.RECEIVED, by=world.r6_officer, branch=world.region6, enterprise="ent_r6")

    no_answer = officer.post(url(question, "answer-from-bank"), {"source": unanswered.pk})
    invisible = officer.post(url(question, "answer-from-bank"), {"source": foreign.pk})

    assert no_answer.status_code == invisible.status_code == 400
    assert no_answer.data == {"source": [f"{unanswered.reference} has no approved answer to reuse."]}
    assert list(invisible.data) == ["source"]
    assert Question.objects.get(pk=question.pk).status == S.RECEIVED


def test_merge_closes_the_duplicate(world, officer):
    into = make_question(world, title="Gốc")
    duplicate = make_question(world, title="Trùng")

    response = officer.post(url(duplicate, "merge"), {"into": into.pk})

    assert response.status_code == 200, response.data
    assert (response.data["status"], response.data["merged_into"], response.data["merged_into_reference"]) == (
        "closed",
        into.pk,
        into.reference,
    )
    assert response.data["allowed_actions"] == []


def test_merging_into_itself_or_an_invisible_question_is_a_400(world, officer):
    question = make_question(world)
    foreign = make_question(world, by=world.r6_officer, branch=world.region6, enterprise="ent_r6")

    itself = officer.post(url(question, "merge"), {"into": question.pk})
    invisible = officer.post(url(question, "merge"), {"into": foreign.pk})

    assert itself.status_code == invisible.status_code == 400
    assert itself.data == {"into": ["A question cannot be merged into itself."]}
    assert list(invisible.data) == ["into"]
    assert Question.objects.get(pk=question.pk).merged_into_id is None


def test_close_and_reopen(world, officer, portal_a):
    question = question_in(world, S.ANSWERED)

    closed = officer.post(url(question, "close"), {"note": "Đã trả lời xong"})
    reopened = portal_a.post(url(question, "reopen"), {"reason": "Chưa rõ điểm b khoản 2."})

    assert closed.status_code == 200, closed.data
    assert closed.data["status"] == "closed"
    assert reopened.status_code == 200, reopened.data
    assert reopened.data["status"] == "reopened"
    assert Question.objects.get(pk=question.pk).reopen_count == 1


def test_closing_an_open_question_and_reopening_without_a_reason_are_400(world, officer, portal_a):
    received = make_question(world)
    answered = question_in(world, S.ANSWERED)

    close = officer.post(url(received, "close"), {})
    reopen = portal_a.post(url(answered, "reopen"), {"reason": ""})

    assert close.status_code == reopen.status_code == 400
    assert close.data == {"detail": "A question that is “Received” cannot be closed."}
    assert list(reopen.data) == ["reason"]
    assert Question.objects.get(pk=answered.pk).status == S.ANSWERED


def test_reopening_after_the_window_is_a_400(world, officer, settings):
    question = question_in(world, S.ANSWERED)
    long_ago = timezone.now() - timedelta(days=settings.QUESTION_REOPEN_DAYS + 1)
    Question.objects.filter(pk=question.pk).update(answered_at=long_ago, last_answered_at=long_ago)

    response = officer.post(url(question, "reopen"), {"reason": "Hỏi lại"})

    assert response.status_code == 400
    assert response.data == {
        "detail": f"A question can be reopened within {settings.QUESTION_REOPEN_DAYS} days of its answer; "
        "ask a new question instead."
    }
    assert "reopen" not in officer.get(url(question)).data["allowed_actions"]


def test_partial_update_corrects_the_intake_details(world, officer):
    question = make_question(world)

    response = officer.patch(url(question), {"title": "Hủy tờ khai xuất khẩu", "declaration_numbers": "305234567890"})

    assert response.status_code == 200, response.data
    assert (response.data["title"], response.data["declaration_numbers"]) == (
        "Hủy tờ khai xuất khẩu",
        ["305234567890"],
    )
    assert response.data["status"] == "received"


def test_an_answered_question_cannot_be_edited(world, officer):
    question = question_in(world, S.ANSWERED)

    response = officer.patch(url(question), {"title": "Đổi"})

    assert response.status_code == 400
    assert response.data == {"detail": "An answered question cannot be edited; reopen it first."}


def test_put_is_not_offered(world, officer):
    question = make_question(world)

    assert officer.put(url(question), {"title": "Đổi"}).status_code == 405


# --- Ratings ---------------------------------------------------------------------------------------------------------


def test_the_enterprise_rates_the_answer_once(world, portal_a):
    question = question_in(world, S.ANSWERED)

    first = portal_a.post(url(question, "rate"), {"score": 4, "comment": "Rõ ràng, đầy đủ"})
    again = portal_a.post(url(question, "rate"), {"score": 1})

    assert first.status_code == 200, first.data
    assert (first.data["rating"]["score"], first.data["rating"]["comment"]) == (4, "Rõ ràng, đầy đủ")
    assert "rate" not in first.data["allowed_actions"]
    assert "token" not in json.dumps(first.data)
    assert again.status_code == 400
    assert again.data == {"detail": "This answer has already been rated. Thank you!"}
    assert Rating.objects.get().score == 4


def test_a_score_outside_1_to_5_is_a_400(world, portal_a):
    question = question_in(world, S.ANSWERED)

    response = portal_a.post(url(question, "rate"), {"score": 6})

    assert response.status_code == 400
    assert response.data == {"score": ["Give a score from 1 to 5."]}
    assert Rating.objects.get().rated_at is None


def test_rating_before_any_answer_is_a_400_and_staff_cannot_rate(world, portal_a, officer):
    question = make_question(world)
    answered = question_in(world, S.ANSWERED)

    early = portal_a.post(url(question, "rate"), {"score": 5})
    by_staff = officer.post(url(answered, "rate"), {"score": 5})

    assert early.status_code == 400
    assert early.data == {"detail": "There is no answer to rate yet."}
    assert by_staff.status_code == 403
    assert Rating.objects.get().rated_at is None


def token_of(question: Question) -> str:
    return Rating.objects.get(question=question).token


def test_the_rating_link_shows_only_the_reference_title_and_answer(world, api_for):
    question = question_in(world, S.ANSWERED, title="Mã HS linh kiện")

    response = api_for("anonymous").get(f"/api/v1/question-ratings/{token_of(question)}/")

    assert response.status_code == 200
    assert response.data == {
        "reference": question.reference,
        "title": "Mã HS linh kiện",
        "answer": "Căn cứ Điều 22 Thông tư 38/2015/TT-BTC, doanh nghiệp đề nghị hủy tờ khai.",
    }


def test_the_rating_link_rates_once_without_a_login(world, client):
    question = question_in(world, S.ANSWERED)
    link = f"/api/v1/question-ratings/{token_of(question)}/"
    anonymous = client("anonymous")

    rated = anonymous.post(link, {"score": 5, "comment": "Cảm ơn"})
    reused = anonymous.post(link, {"score": 1})
    shown = anonymous.get(link)

    assert rated.status_code == 200, rated.data
    assert (rated.data["score"], rated.data["comment"]) == (5, "Cảm ơn")
    assert reused.status_code == shown.status_code == 400
    assert reused.data == shown.data == {"detail": "This answer has already been rated. Thank you!"}
    rating = Rating.objects.get()
    assert (rating.score, rating.rated_by) == (5, None)


def test_an_expired_rating_link_is_a_400_and_rates_nothing(world, client):
    question = question_in(world, S.ANSWERED)
    Rating.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    link = f"/api/v1/question-ratings/{token_of(question)}/"

    shown = client("anonymous").get(link)
    posted = client("anonymous").post(link, {"score": 5})

    assert shown.status_code == posted.status_code == 400
    assert posted.data == {"detail": "This rating link has expired."}
    assert Rating.objects.get().rated_at is None


def test_an_unknown_rating_link_is_a_404(world, client):
    response = client("anonymous").post("/api/v1/question-ratings/abcdefghijklmnop/", {"score": 5})

    assert response.status_code == 404
    assert response.data == {"detail": "This rating link is not valid."}


def test_a_bad_score_on_the_link_is_a_400_and_the_link_still_works(world, client):
    question = question_in(world, S.ANSWERED)
    link = f"/api/v1/question-ratings/{token_of(question)}/"

    bad = client("anonymous").post(link, {"score": 0})
    good = client("anonymous").post(link, {"score": 3})

    assert bad.status_code == 400
    assert bad.data == {"score": ["Give a score from 1 to 5."]}
    assert good.status_code == 200


def test_the_rating_link_is_throttled(world, client, settings):
    link = "/api/v1/question-ratings/abcdefghijklmnop/"
    anonymous = client("anonymous")

    codes = [anonymous.get(link).status_code for _ in range(31)]

    assert codes[:30] == [404] * 30
    assert codes[30] == 429


# --- Notes -----------------------------------------------------------------------------------------------------------


def test_staff_add_and_list_internal_notes(world, officer):
    question = make_question(world)

    added = officer.post(url(question, "notes"), {"text": "Gọi lại cho doanh nghiệp chiều nay"})
    listed = officer.get(url(question, "notes"))

    assert added.status_code == 201, added.data
    assert (added.data["kind"], added.data["public"], added.data["by"]) == ("note", False, world.r5_officer.pk)
    assert [n["text"] for n in listed.data] == ["Gọi lại cho doanh nghiệp chiều nay"]


def test_an_empty_note_is_a_400(world, officer):
    question = make_question(world)

    response = officer.post(url(question, "notes"), {"text": "   "})

    assert response.status_code == 400
    assert QuestionEvent.objects.filter(kind=EventKind.NOTE).count() == 0


# --- Answers sub-resource --------------------------------------------------------------------------------------------


def test_answers_staff_see_every_version_portal_only_the_sent_ones(world, officer, portal_a, document):
    question = question_in(world, S.ANSWERED)
    services.reopen(question=question, by=world.r5_officer, reason="Bổ sung")
    services.draft_answer(question=question, by=world.r5_officer, body="Bản nháp mới", citations=[(document, "")])

    staff = officer.get(url(question, "answers")).data
    portal = portal_a.get(url(question, "answers")).data

    assert [(a["version"], a["status"]) for a in staff] == [(1, "approved"), (2, "draft")]
    assert [a["version"] for a in portal] == [1]
    assert set(portal[0]) == {"id", "version", "kind", "body", "citations", "letter_number", "letter_date", "sent_at"}


def test_a_merged_duplicate_shows_the_enterprise_the_answer_of_the_question_it_joined(world, client):
    into = question_in(world, S.ANSWERED, enterprise="ent_b", title="Gốc của doanh nghiệp B")
    duplicate = make_question(world, title="Trùng của doanh nghiệp A")
    services.merge(question=duplicate, by=world.r5_officer, into=into)

    data = client("portal_a").get(url(duplicate)).data

    assert data["merged"] is True
    assert [a["version"] for a in data["answers"]] == [1]
    assert "Gốc của doanh nghiệp B" not in json.dumps(data, ensure_ascii=False)
    assert "merged_into" not in data


# --- Attachments -----------------------------------------------------------------------------------------------------


def test_staff_upload_an_internal_file_the_portal_never_sees(world, officer, portal_a):
    question = make_question(world)

    uploaded = officer.post(
        url(question, "attachments"), {"file": pdf("phieu-trinh.pdf"), "internal": True}, format="multipart"
    )
    portal_list = portal_a.get(url(question, "attachments"))
    download = portal_a.get(f"/api/v1/question-attachments/{uploaded.data['id']}/download/")
    staff_download = officer.get(f"/api/v1/question-attachments/{uploaded.data['id']}/download/")

    assert uploaded.status_code == 201, uploaded.data
    assert (uploaded.data["name"], uploaded.data["kind"], uploaded.data["internal"]) == ("phieu-trinh.pdf", "pdf", True)
    assert portal_list.data == []
    assert download.status_code == 404
    assert staff_download.status_code == 200
    assert b"".join(staff_download.streaming_content) == PDF_BYTES


def test_a_portal_upload_is_never_internal_and_downloads(world, portal_a):
    question = make_question(world)

    uploaded = portal_a.post(
        url(question, "attachments"),
        {"file": SimpleUploadedFile("anh.png", PNG_BYTES), "internal": True},
        format="multipart",
    )
    download = portal_a.get(uploaded.data["download_url"])

    assert uploaded.status_code == 201, uploaded.data
    assert "internal" not in uploaded.data
    assert QuestionAttachment.objects.get().internal is False
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG_BYTES


def test_another_enterprise_cannot_download_the_file(world, client):
    question = make_question(world)
    attachment = services.add_attachment(question=question, by=world.r5_officer, upload=pdf())

    response = client("portal_b").get(f"/api/v1/question-attachments/{attachment.pk}/download/")

    assert response.status_code == 404


def test_a_file_too_large_is_a_400_and_nothing_is_saved(world, officer, settings):
    settings.QUESTION_ATTACHMENT_MAX_BYTES = 1024
    question = make_question(world)

    response = officer.post(
        url(question, "attachments"), {"file": pdf(content=PDF_BYTES + b"0" * 2048)}, format="multipart"
    )

    assert response.status_code == 400
    assert response.data == {"file": ["The file is larger than 1 KB; scan it at a lower resolution."]}
    assert QuestionAttachment.objects.count() == 0


def test_a_file_of_the_wrong_type_by_content_is_a_400_and_nothing_is_saved(world, portal_a):
    question = make_question(world)
    disguised = SimpleUploadedFile("to-khai.pdf", b"MZ\x90\x00 not really a pdf", content_type="application/pdf")

    response = portal_a.post(url(question, "attachments"), {"file": disguised}, format="multipart")

    assert response.status_code == 400
    assert response.data == {
        "file": ["This file is not a valid PDF, JPEG, PNG document; upload the signed scan as PDF, JPEG, PNG."]
    }
    assert QuestionAttachment.objects.count() == 0


def test_one_file_too_many_is_a_400_and_nothing_more_is_saved(world, officer, settings):
    settings.QUESTION_MAX_ATTACHMENTS = 2
    question = make_question(world)
    for n in range(2):
        services.add_attachment(question=question, by=world.r5_officer, upload=pdf(f"{n}.pdf"))

    response = officer.post(url(question, "attachments"), {"file": pdf("3.pdf")}, format="multipart")

    assert response.status_code == 400
    assert response.data == {"file": ["A question can have at most 2 files."]}
    assert QuestionAttachment.objects.count() == 2


def test_a_reply_with_a_bad_file_saves_nothing(world, portal_a):
    question = question_in(world, S.AWAITING_ENTERPRISE)
    disguised = SimpleUploadedFile("x.pdf", b"not a pdf at all", content_type="application/pdf")

    response = portal_a.post(url(question, "reply"), {"text": "Gửi", "attachments": [disguised]}, format="multipart")

    assert response.status_code == 400
    assert list(response.data) == ["file"]
    assert QuestionAttachment.objects.count() == 0
    assert Question.objects.get(pk=question.pk).status == S.AWAITING_ENTERPRISE
