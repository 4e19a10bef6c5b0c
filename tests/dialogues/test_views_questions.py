"""The staff question pages: the inbox tabs and bulk assignment, intake from any channel, the question page and the
workflow driven through its forms."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dialogues.models import (
    AnswerStatus,
    EventKind,
    LegalDocumentType,
    Question,
    QuestionAttachment,
    QuestionChannel,
    QuestionEvent,
    QuestionStatus,
)
from dialogues.services import legal as legal_services
from dialogues.services import questions as services
from tests import factories
from tests.dialogues.factories import PDF_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for(client_for):
    """The personas' clients reading the pages in English, so assertions do not depend on the Vietnamese catalogue."""

    def make(persona: str):
        client = client_for(persona)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


def ask(world, *, branch=None, by=None, days_ago: int = 0, title="Hoàn thuế GTGT hàng xuất khẩu", **fields):
    received_at = timezone.now() - timedelta(days=days_ago)
    return services.record_question(
        by=by or world.r5_officer,
        branch=branch or world.region5,
        channel=QuestionChannel.HOTLINE,
        title=title,
        body=fields.pop("body", "Thời hạn hoàn thuế là bao lâu?"),
        received_at=received_at,
        **fields,
    )


def law(world, number="38/2015/TT-BTC"):
    return legal_services.create_legal_document(
        by=world.r5_officer,
        number=number,
        doc_type=LegalDocumentType.CIRCULAR,
        title="Quy định về thủ tục hải quan; kiểm tra, giám sát hải quan",
        issuer="Bộ Tài chính",
        issued_on=date(2015, 3, 25),
    )


def refs(response) -> set[str]:
    return {q.reference for q in response.context["questions"]}


# --- The inbox ---------------------------------------------------------------------------------------------------


def test_each_inbox_tab_shows_its_own_questions(world, client_for):
    fresh = ask(world, title="Chưa giao")
    mine = ask(world, title="Của tôi")
    services.assign(question=mine, by=world.r5_manager, unit=world.region5, assignee=world.r5_officer)
    late = ask(world, title="Quá hạn", days_ago=40)
    services.assign(question=late, by=world.r5_manager, unit=world.region5, assignee=world.r5_manager)
    waiting = ask(world, title="Chờ doanh nghiệp", days_ago=40)
    services.request_info(question=waiting, by=world.r5_officer, message="Gửi tờ khai")
    up = ask(world, title="Chuyển lên Cục")
    services.triage(question=up, by=world.r5_officer, category="valuation", priority="normal")
    services.assign(question=up, by=world.r5_manager, unit=world.region5, assignee=world.r5_manager)
    services.escalate(question=up, by=world.r5_officer, level="department", interim_reply="Đang xin ý kiến Cục")
    elsewhere = ask(world, branch=world.region6, by=world.r6_officer, title="Khu vực VI")
    client = client_for("r5_officer")

    def tab(view):
        response = client.get("/questions/", {"view": view})
        assert response.status_code == 200
        return refs(response)

    assert tab("mine") == {mine.reference}
    assert tab("unassigned") == {fresh.reference, waiting.reference}
    assert tab("overdue") == {late.reference}  # the paused one is not overdue
    assert tab("awaiting") == {waiting.reference}
    assert tab("escalated") == {up.reference}
    assert elsewhere.reference not in tab("")
    assert tab("") == {q.reference for q in (fresh, mine, late, waiting, up)}

    counts = {t["value"]: t["count"] for t in client.get("/questions/").context["tabs"]}
    assert counts == {
        "": 5,
        "mine": 1,
        "unit": 5,
        "unassigned": 2,
        "due_soon": 0,
        "overdue": 1,
        "awaiting": 1,
        "escalated": 1,
        "approval": 0,
    }


def test_the_inbox_marks_overdue_and_paused_due_dates(world, client_for):
    late = ask(world, title="Quá hạn", days_ago=40)
    waiting = ask(world, title="Chờ doanh nghiệp", days_ago=40)
    services.request_info(question=waiting, by=world.r5_officer, message="Gửi tờ khai")
    html = client_for("r5_officer").get("/questions/").content.decode()
    assert html.count('class="is-overdue"') == 1
    assert "Paused" in html
    assert late.reference in html


def test_the_inbox_filters_narrow_the_tab_counts_too(world, client_for):
    ask(world, title="Phân loại linh kiện", category="classification")
    ask(world, title="Trị giá hải quan", category="valuation")
    response = client_for("r5_officer").get("/questions/", {"category": "valuation"})
    assert [q.title for q in response.context["questions"]] == ["Trị giá hải quan"]
    assert response.context["tabs"][0]["count"] == 1


def test_an_empty_tab_says_so(world, client_for):
    response = client_for("r5_officer").get("/questions/", {"view": "overdue"})
    assert response.status_code == 200
    assert "No question is overdue." in response.content.decode()


def test_a_bad_filter_is_reported_not_a_500(world, client_for):
    response = client_for("r5_officer").get("/questions/", {"category": "nonsense", "page": "x"})
    assert response.status_code == 200
    assert response.context["filter_errors"]


def test_the_inbox_runs_the_same_number_of_queries_for_3_or_30_questions(world, client_for):
    client = client_for("r5_officer")

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/questions/").status_code == 200
        return len(ctx.captured_queries)

    for i in range(3):
        question = ask(world, title=f"Câu hỏi {i}", enterprise=world.ent_a)
        services.assign(question=question, by=world.r5_manager, unit=world.region5, assignee=world.r5_officer)
    few = queries()
    for i in range(27):
        question = ask(world, title=f"Câu hỏi thêm {i}", enterprise=world.ent_b)
        services.assign(question=question, by=world.r5_manager, unit=world.region5_office)
    assert queries() == few


def test_bulk_assign_gives_every_ticked_question_to_the_unit_and_officer(world, client_for):
    first, second, left = ask(world, title="Một"), ask(world, title="Hai"), ask(world, title="Ba")
    response = client_for("r5_manager").post(
        "/questions/bulk-assign/",
        {
            "questions": [first.pk, second.pk],
            "unit": world.region5_office.pk,
            "assignee": world.r5_office_officer.pk,
            "query": "view=unassigned",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/questions/?view=unassigned"
    rows = Question.objects.in_bulk([first.pk, second.pk, left.pk])
    assert [(rows[q.pk].status, rows[q.pk].assignee, rows[q.pk].assigned_unit) for q in (first, second)] == [
        (QuestionStatus.ASSIGNED, world.r5_office_officer, world.region5_office)
    ] * 2
    assert rows[left.pk].status == QuestionStatus.RECEIVED


def test_bulk_assign_refuses_a_question_outside_the_scope_and_changes_nothing(world, client_for):
    mine = ask(world, title="Một")
    foreign = ask(world, branch=world.region6, by=world.r6_officer, title="Khu vực VI")
    response = client_for("r5_manager").post(
        "/questions/bulk-assign/", {"questions": [mine.pk, foreign.pk], "unit": world.region5.pk}
    )
    assert response.status_code == 400
    assert set(Question.objects.values_list("status", flat=True)) == {QuestionStatus.RECEIVED}


def test_bulk_assign_names_the_question_that_cannot_be_assigned(world, client_for):
    good = ask(world, title="Một")
    answered = ask(world, title="Đã trả lời")
    services.merge(question=answered, by=world.r5_officer, into=good)
    response = client_for("r5_manager").post(
        "/questions/bulk-assign/", {"questions": [good.pk, answered.pk], "unit": world.region5.pk}
    )
    assert response.status_code == 400
    assert answered.reference in response.content.decode()
    assert Question.objects.get(pk=good.pk).status == QuestionStatus.RECEIVED


# --- Intake ------------------------------------------------------------------------------------------------------


def intake(world, **changes):
    data = {
        "channel": QuestionChannel.HOTLINE,
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "branch": world.region5.pk,
        "tax_code": world.ent_a.tax_code,
        "title": "Thủ tục nhập khẩu linh kiện",
        "body": "Doanh nghiệp hỏi về thủ tục nhập khẩu linh kiện điện tử.",
        "category": "procedures",
        "priority": "normal",
        "hs_codes": "8517.62.59, 8542",
        "declaration_numbers": "105234567890",
    }
    data.update(changes)
    return data


def test_staff_log_a_question_for_the_enterprise_found_by_its_tax_code(world, client_for):
    contact = factories.make_contact(enterprise=world.ent_a, full_name="Trần Thị Bình")
    upload = SimpleUploadedFile("to-khai.pdf", PDF_BYTES, content_type="application/pdf")
    response = client_for("r5_officer").post(
        "/questions/new/", {**intake(world, contact=contact.pk), "attachments": [upload]}
    )
    question = Question.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/questions/{question.pk}/"
    assert (question.enterprise, question.contact, question.branch, question.channel) == (
        world.ent_a,
        contact,
        world.region5,
        QuestionChannel.HOTLINE,
    )
    assert (question.hs_codes, question.declaration_numbers) == (["85176259", "8542"], ["105234567890"])
    assert list(question.attachments.values_list("name", flat=True)) == ["to-khai.pdf"]


def test_find_shows_the_enterprise_and_its_contacts_without_saving(world, client_for):
    factories.make_contact(enterprise=world.ent_a, full_name="Trần Thị Bình")
    response = client_for("r5_officer").post("/questions/new/", {**intake(world, title=""), "lookup": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert world.ent_a.name_vi in html
    assert "Trần Thị Bình" in html
    assert "This field is required" not in html
    assert Question.objects.count() == 0


def test_a_tax_code_outside_the_units_is_refused_beside_the_field(world, client_for):
    response = client_for("r5_office_officer").post("/questions/new/", intake(world))  # ent_a is Region V's
    assert response.status_code == 400
    assert response.context["form"].errors["tax_code"] == ["There is no enterprise with this tax code in your units."]
    assert Question.objects.count() == 0


def test_a_bad_hs_code_is_shown_beside_the_field_and_the_input_is_kept(world, client_for):
    response = client_for("r5_officer").post("/questions/new/", intake(world, hs_codes="8517.62.59, 85X"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["hs_codes"]
    assert "“85X” is not an HS code" in errors["hs_codes"][0]
    html = response.content.decode()
    assert 'id="id_hs_codes_error"' in html
    assert "Thủ tục nhập khẩu linh kiện" in html
    assert "8517.62.59, 85X" in html
    assert Question.objects.count() == 0


def test_an_attachment_too_big_is_refused_and_nothing_is_saved(world, client_for, settings):
    settings.QUESTION_ATTACHMENT_MAX_BYTES = 40
    upload = SimpleUploadedFile("to-khai.pdf", PDF_BYTES, content_type="application/pdf")
    response = client_for("r5_officer").post("/questions/new/", {**intake(world), "attachments": [upload]})
    assert response.status_code == 400
    assert "larger than" in response.context["form"].errors["attachments"][0]
    assert (Question.objects.count(), QuestionAttachment.objects.count()) == (0, 0)


def test_without_an_enterprise_the_asker_must_be_named(world, client_for):
    client = client_for("r5_officer")
    response = client.post("/questions/new/", intake(world, tax_code=""))
    assert response.status_code == 400
    assert "asker_name" in response.context["form"].errors
    response = client.post("/questions/new/", intake(world, tax_code="", asker_name="Anh Dũng", asker_phone="0912"))
    assert response.status_code == 302
    assert Question.objects.get().asker_name == "Anh Dũng"


def test_the_receiving_unit_must_be_inside_the_officers_subtree(world, client_for):
    response = client_for("r5_office_officer").post(
        "/questions/new/", intake(world, tax_code=world.ent_b.tax_code, branch=world.region5.pk)
    )
    assert response.status_code == 400
    assert "branch" in response.context["form"].errors
    assert Question.objects.count() == 0


# --- The question page and its workflow ---------------------------------------------------------------------------


def test_a_question_goes_from_triage_to_an_approved_answer_through_the_pages(world, client_for):
    document = law(world)
    question = ask(world, asker_name="Anh Dũng")
    officer, manager = client_for("r5_officer"), client_for("r5_manager")
    base = f"/questions/{question.pk}"

    response = officer.post(f"{base}/triage/", {"category": "duties", "priority": "high", "subcategory": "Hoàn thuế"})
    assert response.status_code == 302
    response = officer.post(f"{base}/assign/", {"unit": world.region5.pk, "assignee": world.r5_officer.pk})
    assert response.status_code == 302
    response = officer.post(
        f"{base}/answer/",
        {
            "intent": "save",
            "citation_rows": "3",
            "body": "Theo Điều 16, hồ sơ hoàn thuế gồm…",
            "document_0": document.pk,
            "article_0": "Điều 16",
        },
    )
    assert response.status_code == 302
    page = officer.get(f"{base}/").content.decode()
    assert "Theo Điều 16, hồ sơ hoàn thuế gồm…" in page
    assert f'action="{base}/submit/"' in page

    assert officer.post(f"{base}/submit/").status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.PENDING_APPROVAL

    response = manager.post(f"{base}/approve/", {"letter_number": "1234/HQKV5-NV", "letter_date": "", "note": ""})
    assert response.status_code == 302
    question.refresh_from_db()
    answer = question.answers.get(status=AnswerStatus.APPROVED)
    assert (question.status, question.category, question.priority, question.assignee) == (
        QuestionStatus.ANSWERED,
        "duties",
        "high",
        world.r5_officer,
    )
    assert (answer.letter_number, [(c.document, c.article) for c in answer.citations.all()]) == (
        "1234/HQKV5-NV",
        [(document, "Điều 16")],
    )
    assert "1234/HQKV5-NV" in officer.get(f"{base}/").content.decode()


def test_submitting_without_a_legal_basis_is_refused_beside_the_citations(world, client_for):
    question = ask(world)
    services.assign(question=question, by=world.r5_manager, unit=world.region5, assignee=world.r5_officer)
    response = client_for("r5_officer").post(
        f"/questions/{question.pk}/answer/", {"intent": "submit", "citation_rows": "3", "body": "Trả lời"}
    )
    assert response.status_code == 400
    assert response.context["answer_form"].errors["citations"] == [
        "Cite at least one legal document as the basis of the answer."
    ]
    assert "Trả lời" in response.content.decode()
    assert question.answers.count() == 0


def pending(world):
    document = law(world)
    question = ask(world)
    services.assign(question=question, by=world.r5_manager, unit=world.region5, assignee=world.r5_officer)
    services.draft_answer(
        question=question, by=world.r5_officer, body="Trả lời", citations=[(document, "Điều 1")], submit=True
    )
    return question


def test_an_officer_sees_no_approve_button_and_cannot_approve(world, client_for):
    question = pending(world)
    officer = client_for("r5_officer")
    page = officer.get(f"/questions/{question.pk}/").content.decode()
    assert f"/questions/{question.pk}/approve/" not in page
    assert f"/questions/{question.pk}/return/" not in page
    assert officer.post(f"/questions/{question.pk}/approve/", {"letter_number": ""}).status_code == 403
    question.refresh_from_db()
    assert question.status == QuestionStatus.PENDING_APPROVAL
    manager_page = client_for("r5_manager").get(f"/questions/{question.pk}/").content.decode()
    assert f"/questions/{question.pk}/approve/" in manager_page


def test_a_manager_returns_the_answer_with_what_to_change(world, client_for):
    question = pending(world)
    manager = client_for("r5_manager")
    response = manager.post(f"/questions/{question.pk}/return/", {"note": ""})
    assert response.status_code == 400
    assert response.context["panels"][1]["slug"] == "return"
    response = manager.post(f"/questions/{question.pk}/return/", {"note": "Bổ sung căn cứ"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.DRAFTING


def test_an_illegal_move_is_a_400_with_the_reason_on_top(world, client_for):
    question = ask(world)
    response = client_for("r5_officer").post(f"/questions/{question.pk}/close/", {"note": ""})
    assert response.status_code == 400
    assert response.context["page_errors"] == ["A question that is “Received” cannot be closed."]


def test_a_question_of_another_region_is_a_404_and_nothing_changes(world, client_for):
    question = ask(world)
    client = client_for("r6_officer")
    assert client.get(f"/questions/{question.pk}/").status_code == 404
    assert client.post(f"/questions/{question.pk}/note/", {"text": "Ghi chú"}).status_code == 404
    assert (
        client.post(f"/questions/{question.pk}/triage/", {"category": "aeo", "priority": "urgent"}).status_code == 404
    )
    question.refresh_from_db()
    assert (question.status, question.category) == (QuestionStatus.RECEIVED, "other")
    assert not QuestionEvent.objects.filter(kind=EventKind.NOTE).exists()


def test_an_internal_note_is_marked_internal_on_the_timeline(world, client_for):
    question = ask(world)
    client = client_for("r5_officer")
    assert client.post(f"/questions/{question.pk}/note/", {"text": "Cần hỏi ý kiến phòng Thuế"}).status_code == 302
    response = client.get(f"/questions/{question.pk}/")
    html = response.content.decode()
    note = [e for e in response.context["events"] if e.kind == EventKind.NOTE]
    assert [(e.text, e.public) for e in note] == [("Cần hỏi ý kiến phòng Thuế", False)]
    start = html.index("Cần hỏi ý kiến phòng Thuế")
    item = html[html.rindex("<li", 0, start) : start]
    assert "is-internal" in item
    assert "Internal" in item


def test_only_the_allowed_actions_are_offered(world, client_for):
    question = ask(world)
    panels = [p["slug"] for p in client_for("r5_officer").get(f"/questions/{question.pk}/").context["panels"]]
    assert panels == [
        "triage",
        "assign",
        "request-info",
        "extend",
        "answer-from-bank",
        "merge",
        "note",
        "attachment-add",
    ]


def test_request_info_pauses_and_a_recorded_reply_resumes(world, client_for):
    question = ask(world)
    client = client_for("r5_officer")
    assert client.post(f"/questions/{question.pk}/request-info/", {"message": "Gửi hợp đồng"}).status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.AWAITING_ENTERPRISE
    assert "Paused since" in client.get(f"/questions/{question.pk}/").content.decode()
    upload = SimpleUploadedFile("hop-dong.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(f"/questions/{question.pk}/reply/", {"text": "Đã gửi qua email", "attachments": [upload]})
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.status, question.paused_at, question.attachments.count()) == (QuestionStatus.RECEIVED, None, 1)


def test_merge_and_answer_from_bank_pick_questions_by_reference(world, client_for):
    duplicate, original = ask(world, title="Trùng"), ask(world, title="Gốc")
    foreign = ask(world, branch=world.region6, by=world.r6_officer)
    client = client_for("r5_officer")
    response = client.post(f"/questions/{duplicate.pk}/merge/", {"reference": foreign.reference})
    assert response.status_code == 400
    assert response.context["panels"][-3]["form"].errors["reference"] == [
        f"There is no question {foreign.reference} in your units."
    ]
    response = client.post(f"/questions/{duplicate.pk}/merge/", {"reference": original.reference.lower()})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == original
    response = client.post(f"/questions/{original.pk}/answer-from-bank/", {"reference": duplicate.reference})
    assert response.status_code == 400
    assert "has no approved answer to reuse" in response.content.decode()


def test_extend_escalate_and_attach_an_internal_file(world, client_for):
    question = ask(world)
    services.triage(question=question, by=world.r5_officer, category="origin", priority="normal")
    client = client_for("r5_officer")
    base = f"/questions/{question.pk}"
    assert client.post(f"{base}/extend/", {"days": "99", "reason": "Chờ Bộ"}).status_code == 400
    assert client.post(f"{base}/extend/", {"days": "5", "reason": "Chờ xác minh C/O"}).status_code == 302
    response = client.post(f"{base}/escalate/", {"level": "other_agency", "interim_reply": "Đang xin ý kiến"})
    assert response.status_code == 400
    escalate_form = next(p["form"] for p in response.context["panels"] if p["slug"] == "escalate")
    assert escalate_form.errors["body_name"] == ["Name the agency."]
    response = client.post(
        f"{base}/escalate/",
        {"level": "other_agency", "body_name": "Bộ Công Thương", "interim_reply": "Đang xin ý kiến"},
    )
    assert response.status_code == 302
    upload = SimpleUploadedFile("ghi-chu.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
    assert client.post(f"{base}/attachment-add/", {"file": upload, "internal": "on"}).status_code == 302
    question.refresh_from_db()
    assert (question.status, question.extension_days, question.escalated_to_name) == (
        QuestionStatus.ESCALATED,
        5,
        "Bộ Công Thương",
    )
    attachment = question.attachments.get()
    assert attachment.internal is True
    html = client.get(f"{base}/").content.decode()
    assert "Chờ xác minh C/O" in html
    assert "Bộ Công Thương" in html


def test_attachments_stream_to_staff_in_scope_only(world, client_for):
    upload = SimpleUploadedFile("to-khai.pdf", PDF_BYTES, content_type="application/pdf")
    question = ask(world, attachments=[upload])
    attachment = question.attachments.get()
    response = client_for("r5_officer").get(f"/questions/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert client_for("r6_officer").get(f"/questions/attachments/{attachment.pk}/").status_code == 404
    assert client_for("portal_a").get(f"/questions/attachments/{attachment.pk}/").status_code == 403


def test_the_page_shows_the_enterprise_history(world, client_for):
    earlier = ask(world, enterprise=world.ent_a, title="Câu hỏi năm ngoái")
    question = ask(world, enterprise=world.ent_a)
    response = client_for("r5_officer").get(f"/questions/{question.pk}/")
    assert response.status_code == 200
    assert [q.reference for q in response.context["history"]["questions"]] == [earlier.reference]
