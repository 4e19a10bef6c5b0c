"""The enterprise portal's question pages (the enterprise's questions, asking, the question page, replying, rating,
reopening, files) and the portal home: what the enterprise sees, what it may do, and what it never sees."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm.workdays import Calendar
from dialogues.models import (
    ConferenceStatus,
    EventKind,
    LegalDocumentStatus,
    Question,
    QuestionChannel,
    QuestionEvent,
    QuestionStatus,
    Rating,
)
from dialogues.services import questions as services
from partnerships.models import AgreementStatus, PledgeKind
from partnerships.services import pledges as pledge_services
from tests import factories
from tests.dialogues.access_portal_questions import (
    answer,
    ask,
    ask_for_info,
    assign,
    legal_document,
    log_by_staff,
    pdf,
)
from tests.dialogues.factories import PNG_BYTES, make_conference, register
from tests.partnerships.factories import make_agreement

pytestmark = pytest.mark.django_db

LIST = "/portal/questions/"
NEW = "/portal/questions/new/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def browse(client_for):
    """client_for, reading the pages in English so assertions do not depend on the Vietnamese catalogue."""

    def make(persona: str):
        client = client_for(persona)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


def page_of(question) -> str:
    return f"/portal/questions/{question.pk}/"


def html_of(response) -> str:
    return response.content.decode()


# --- The list --------------------------------------------------------------------------------------------------------


def test_the_enterprise_sees_all_its_questions_including_those_staff_logged_and_none_of_another_enterprise(
    world, browse
):
    mine = ask(world, title="Phân loại tai nghe")
    colleague = ask(world, by=factories.make_portal_user(username="ent_a_2", enterprise=world.ent_a), title="Hoàn thuế")
    by_phone = log_by_staff(world, title="Gọi đường dây nóng về C/O")
    ask(world, by=world.portal_b, title="Câu hỏi của Yên Phong")

    response = browse("portal_a").get(LIST)

    assert response.status_code == 200
    assert [q.reference for q in response.context["questions"]] == [
        by_phone.reference,
        colleague.reference,
        mine.reference,
    ]
    html = html_of(response)
    assert "Gọi đường dây nóng về C/O" in html
    assert "Câu hỏi của Yên Phong" not in html
    assert [q.title for q in browse("portal_b").get(LIST).context["questions"]] == ["Câu hỏi của Yên Phong"]


def test_the_list_shows_statuses_in_the_enterprises_words_and_never_internal_ones(world, browse):
    received = ask(world, title="Mới gửi")
    working = assign(world, ask(world, title="Đang xử lý"))
    waiting = ask_for_info(world, ask(world, title="Chờ bổ sung"))
    answered = ask(world, title="Đã trả lời")
    answer(world, answered)

    response = browse("portal_a").get(LIST)

    labels = {q.reference: str(q.portal_label) for q in response.context["questions"]}
    assert labels == {
        received.reference: "Received",
        working.reference: "In progress",
        waiting.reference: "Waiting for your reply",
        answered.reference: "Answered",
    }
    html = html_of(response)
    assert "Assigned" not in html
    assert "r5_officer" not in html
    assert html.count("Answer ready") == 1
    assert "Paused until you reply" in html
    assert working.due_on.strftime("%d/%m/%Y") in html


@pytest.mark.parametrize(
    ("group", "titles"),
    [
        ("open", ["Đang xử lý", "Mới gửi"]),
        ("waiting", ["Chờ bổ sung"]),
        ("answered", ["Đã trả lời"]),
        ("", ["Đã trả lời", "Chờ bổ sung", "Đang xử lý", "Mới gửi"]),
        ("nonsense", ["Đã trả lời", "Chờ bổ sung", "Đang xử lý", "Mới gửi"]),
    ],
)
def test_the_list_filters_by_status_group(world, browse, group, titles):
    ask(world, title="Mới gửi")
    assign(world, ask(world, title="Đang xử lý"))
    ask_for_info(world, ask(world, title="Chờ bổ sung"))
    answer(world, ask(world, title="Đã trả lời"))

    response = browse("portal_a").get(LIST, {"status": group})

    assert response.status_code == 200
    assert [q.title for q in response.context["questions"]] == titles


def test_an_enterprise_without_questions_gets_an_empty_state_with_the_ask_button(world, browse):
    html = html_of(browse("portal_a").get(LIST))
    assert "Your enterprise has not asked any question yet." in html
    assert html.count(f'href="{NEW}"') == 2  # the page action and the empty state


def test_an_empty_group_says_so_and_links_back_to_all(world, browse):
    ask(world)
    html = html_of(browse("portal_a").get(LIST, {"status": "waiting"}))
    assert "No question in this group." in html
    assert "Show all questions" in html


def test_the_list_pages_by_twenty(world, browse):
    for n in range(23):
        log_by_staff(world, title=f"Câu hỏi {n:02d}")
    client = browse("portal_a")
    first = client.get(LIST)
    second = client.get(LIST, {"page": 2})
    assert len(first.context["questions"]) == 20
    assert [q.title for q in second.context["questions"]] == ["Câu hỏi 02", "Câu hỏi 01", "Câu hỏi 00"]
    assert "Page 2 of 2" in html_of(second)


def test_the_list_runs_the_same_number_of_queries_whatever_the_number_of_questions(world, browse):
    client = browse("portal_a")
    answer(world, ask(world))
    client.get(LIST)  # warm up the session
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    for n in range(6):
        question = ask(world, title=f"Thêm {n}")
        if n % 2:
            answer(world, question, document=legal_document(number=f"{n}/2024/TT-BTC"))
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)
    assert len(response.context["questions"]) == 7
    assert len(many) == len(few)


def test_the_list_query_count_is_exact(world, browse, django_assert_num_queries):
    client = browse("portal_a")
    for n in range(3):
        ask(world, title=f"Câu {n}")
    client.get(LIST)
    # session, user, portal membership (the guard), staff membership (the menu), count, page
    with django_assert_num_queries(6):
        client.get(LIST)


# --- Who may see the pages ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["r5_officer", "r5_manager", "hq_admin"])
def test_staff_get_404_on_the_portal_question_pages(world, browse, persona):
    question = ask(world)
    client = browse(persona)
    assert client.get(LIST).status_code == 404
    assert client.get(NEW).status_code == 404
    assert client.get(page_of(question)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(world, client_for):
    question = ask(world)
    for url in (LIST, NEW, page_of(question)):
        response = client_for("anonymous").get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_another_enterprise_gets_404_on_every_question_page_and_nothing_changes(world, browse):
    waiting = ask_for_info(world, ask(world, title="Chờ bổ sung", attachments=[pdf()]))
    answered = ask(world, title="Đã trả lời")
    answer(world, answered)
    events_before = QuestionEvent.objects.count()
    client = browse("portal_b")

    assert client.get(page_of(waiting)).status_code == 404
    assert client.post(f"{page_of(waiting)}reply/", {"text": "Chen ngang"}).status_code == 404
    assert client.post(f"{page_of(answered)}rate/", {"score": "1"}).status_code == 404
    assert client.post(f"{page_of(answered)}reopen/", {"reason": "Phá"}).status_code == 404
    attachment = waiting.attachments.get()
    assert client.get(f"/portal/questions/attachments/{attachment.pk}/").status_code == 404

    waiting.refresh_from_db()
    answered.refresh_from_db()
    assert waiting.status == QuestionStatus.AWAITING_ENTERPRISE
    assert answered.status == QuestionStatus.ANSWERED
    assert answered.ratings.get().score is None
    assert QuestionEvent.objects.count() == events_before


# --- The question page ----------------------------------------------------------------------------------------------


def test_staff_only_data_never_reaches_the_question_page(world, browse):
    world.r5_officer.full_name = "Nguyễn Thị Cán Bộ"
    world.r5_officer.save()
    question = ask(world, title="Xuất xứ linh kiện")
    assign(world, question)
    services.add_note(question=question, by=world.r5_officer, text="GHI CHÚ NỘI BỘ: doanh nghiệp rủi ro")
    services.add_attachment(question=question, by=world.r5_officer, upload=pdf("to-trinh-noi-bo.pdf"), internal=True)
    document = legal_document()
    services.draft_answer(
        question=question, by=world.r5_officer, body="DỰ THẢO CHƯA DUYỆT", citations=[(document, "Điều 1")], submit=True
    )
    services.return_answer(question=question, by=world.r5_manager, note="TRẢ LẠI: sửa căn cứ")

    response = browse("portal_a").get(page_of(question))

    assert response.status_code == 200
    html = html_of(response)
    for secret in (
        "GHI CHÚ NỘI BỘ",
        "to-trinh-noi-bo.pdf",
        "Nguyễn Thị Cán Bộ",
        "r5_officer",
        "DỰ THẢO CHƯA DUYỆT",
        "TRẢ LẠI",
        "Drafting",
        "Assigned",
        "Internal note",
        str(question.internal_due_on.strftime("%d/%m/%Y")) if question.internal_due_on != question.due_on else "§",
    ):
        assert secret not in html, secret
    assert "In progress" in html
    assert "Xuất xứ linh kiện" in html


def test_the_question_page_shows_the_question_its_codes_files_and_public_history(world, browse):
    question = ask(
        world,
        title="Phân loại tai nghe",
        body="Tai nghe Bluetooth có micro.",
        hs_codes="8518.30.20, 8517.62",
        declaration_numbers="105234567890",
        attachments=[pdf("catalogue.pdf")],
    )
    ask_for_info(world, question, message="Đề nghị gửi catalogue bản tiếng Việt.")

    response = browse("portal_a").get(page_of(question))

    html = html_of(response)
    assert "Tai nghe Bluetooth có micro." in html
    assert "8518.30.20, 8517.62" in html
    assert "105234567890" in html
    attachment = question.attachments.get()
    assert f'href="/portal/questions/attachments/{attachment.pk}/">catalogue.pdf</a>' in html
    assert [row["title"] for row in response.context["timeline"]] == [
        "Question received",
        "Waiting for your reply",
        "Information requested",
    ]


def test_a_question_waiting_for_the_enterprise_shows_the_request_and_the_reply_form(world, browse):
    question = ask_for_info(world, ask(world), message="Đề nghị gửi catalogue bản tiếng Việt.")
    response = browse("portal_a").get(page_of(question))
    html = html_of(response)
    assert response.context["info_request"] == "Đề nghị gửi catalogue bản tiếng Việt."
    assert "The customs unit needs more information" in html
    assert f'action="{page_of(question)}reply/"' in html
    assert "Rate the answer" not in html


def test_the_answer_shows_its_legal_basis_letter_number_and_marks_amended_documents(world, browse):
    successor = legal_document(number="39/2018/TT-BTC", title="Sửa đổi Thông tư 38")
    amended = legal_document(
        number="38/2015/TT-BTC", status=LegalDocumentStatus.AMENDED, amended_by=successor, title="Thủ tục hải quan"
    )
    question = ask(world)
    answer(world, question, body="Áp dụng mã 8518.30.20 theo quy tắc 1 và 6.", document=amended, letter_number="123/HQ")

    response = browse("portal_a").get(page_of(question))

    html = html_of(response)
    assert "Áp dụng mã 8518.30.20 theo quy tắc 1 và 6." in html
    assert "Circular 38/2015/TT-BTC</strong>, Điều 16" in html
    assert '<span class="badge badge-warn">Amended</span>' in html
    assert "Amended or replaced by 39/2018/TT-BTC" in html
    assert "Official letter No. 123/HQ" in html
    assert f'action="{page_of(question)}rate/"' in html
    assert f'action="{page_of(question)}reopen/"' in html
    assert "r5_manager" not in html


def test_a_merged_duplicate_shows_the_answer_of_the_question_it_was_merged_into(world, browse):
    duplicate = ask(world, title="Hỏi lại lần hai")
    original = log_by_staff(world, enterprise=world.ent_b, title="Câu hỏi gốc")
    services.merge(question=duplicate, by=world.r5_manager, into=original)
    answer(world, original, body="Câu trả lời chung cho cả hai.")

    response = browse("portal_a").get(page_of(duplicate))

    html = html_of(response)
    assert "Câu trả lời chung cho cả hai." in html
    assert "Câu hỏi gốc" not in html
    assert original.reference not in html
    assert f'action="{page_of(duplicate)}rate/"' not in html


def test_the_question_page_runs_a_fixed_number_of_queries(world, browse):
    question = ask(world, attachments=[pdf()])
    answer(world, question)
    client = browse("portal_a")
    client.get(page_of(question))
    with CaptureQueriesContext(connection) as one:
        client.get(page_of(question))
    services.reopen(question=question, by=world.portal_a, reason="Chưa rõ")
    services.draft_answer(
        question=question, by=world.r5_officer, body="Bổ sung", citations=[(legal_document("1/2020/ND-CP"), "")]
    )
    services.submit_answer(question=question, by=world.r5_officer)
    services.approve_answer(question=question, by=world.r5_manager)
    with CaptureQueriesContext(connection) as two:
        response = client.get(page_of(question))
    assert len(response.context["answers"]) == 2
    assert len(two) == len(one)


# --- Asking ---------------------------------------------------------------------------------------------------------


def test_asking_a_question_records_it_for_the_enterprise_and_shows_its_page_with_the_reference(world, browse):
    client = browse("portal_a")
    response = client.post(
        NEW,
        {
            "title": "Tạm nhập tái xuất khuôn mẫu",
            "body": "Hồ sơ gồm những gì?",
            "category": "procedures",
            "hs_codes": "8480.71",
            "declaration_numbers": "105234567890, 105234567891",
            "attachments": [pdf("hop-dong.pdf"), SimpleUploadedFile("anh.png", PNG_BYTES)],
        },
    )

    question = Question.objects.get()
    assert response.status_code == 302
    assert response["Location"] == page_of(question)
    assert (question.enterprise, question.channel, question.submitted_by, question.category) == (
        world.ent_a,
        QuestionChannel.PORTAL,
        world.portal_a,
        "procedures",
    )
    assert question.hs_codes == ["848071"]
    assert question.declaration_numbers == ["105234567890", "105234567891"]
    assert sorted(question.attachments.values_list("name", "kind")) == [("anh.png", "png"), ("hop-dong.pdf", "pdf")]
    page = client.get(response["Location"])
    assert f"Its reference is {question.reference}" in html_of(page)


def test_the_category_defaults_to_other(world, browse):
    browse("portal_a").post(NEW, {"title": "Hỏi chung", "body": "Nội dung", "category": ""})
    assert Question.objects.get().category == "other"


def test_a_bad_hs_code_is_shown_beside_the_field_and_the_input_is_kept(world, browse):
    response = browse("portal_a").post(
        NEW, {"title": "Phân loại máy in", "body": "Máy in 3D dùng cho công nghiệp", "hs_codes": "8485, 84A9"}
    )

    assert response.status_code == 200
    assert not Question.objects.exists()
    assert response.context["form"].errors == {
        "hs_codes": ["“84A9” is not an HS code: give 4, 6 or 8 digits, for example 8517.62.59."]
    }
    html = html_of(response)
    assert 'id="id_hs_codes_error"' in html
    assert 'value="Phân loại máy in"' in html
    assert "Máy in 3D dùng cho công nghiệp</textarea>" in html
    assert 'value="8485, 84A9"' in html


def test_a_bad_declaration_number_is_shown_beside_its_field(world, browse):
    response = browse("portal_a").post(NEW, {"title": "Tờ khai", "body": "Hỏi", "declaration_numbers": "12345"})
    assert list(response.context["form"].errors) == ["declaration_numbers"]
    assert not Question.objects.exists()


def test_a_file_that_is_not_a_pdf_or_image_by_content_is_refused_and_nothing_is_saved(world, browse):
    fake = SimpleUploadedFile("hoa-don.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = browse("portal_a").post(NEW, {"title": "Hoá đơn", "body": "Hỏi", "attachments": [fake]})
    assert response.status_code == 200
    errors = response.context["form"].errors["attachments"]
    assert errors[0].startswith("This file is not a valid PDF, JPEG, PNG document")
    assert not Question.objects.exists()


def test_a_missing_title_and_question_are_required(world, browse):
    response = browse("portal_a").post(NEW, {"title": "", "body": ""})
    assert set(response.context["form"].errors) == {"title", "body"}


def test_the_conference_choice_lists_only_conferences_the_enterprise_registered_for(world, browse):
    registered = make_conference(
        branch=world.region5, status=ConferenceStatus.INVITATIONS_SENT, invite=[world.ent_a], title="Đối thoại 2026"
    )
    register(registered, world.ent_a, by=world.portal_a)
    make_conference(
        branch=world.region5, status=ConferenceStatus.INVITATIONS_SENT, invite=[world.ent_a], title="Chỉ được mời"
    )
    client = browse("portal_a")

    form = client.get(NEW).context["form"]
    assert [c.title for c in form.fields["conference"].queryset] == ["Đối thoại 2026"]

    client.post(NEW, {"title": "Về hội nghị", "body": "Hỏi trước", "conference": registered.pk})
    assert Question.objects.get().conference == registered


def test_without_registrations_the_form_has_no_conference_field(world, browse):
    assert "conference" not in browse("portal_a").get(NEW).context["form"].fields


# --- Replying -------------------------------------------------------------------------------------------------------


def test_replying_resumes_the_question_and_moves_the_due_date_by_the_days_waited(world, browse):
    question = ask_for_info(world, ask(world))
    waited_since = timezone.now() - timedelta(days=14)
    Question.objects.filter(pk=question.pk).update(paused_at=waited_since)
    question.refresh_from_db()
    due_before = question.due_on

    response = browse("portal_a").post(
        f"{page_of(question)}reply/", {"text": "Gửi catalogue.", "attachments": [pdf("catalogue.pdf")]}
    )

    assert response.status_code == 302
    question.refresh_from_db()
    calendar = Calendar()
    waited = calendar.between(timezone.localdate(waited_since), timezone.localdate())
    assert waited >= 8
    assert (question.status, question.paused_at, question.paused_working_days) == (
        QuestionStatus.ASSIGNED,
        None,
        waited,
    )
    assert question.due_on == calendar.add(
        timezone.localdate(question.received_at), question.allowed_working_days + waited
    )
    assert question.due_on > due_before
    assert question.attachments.get().name == "catalogue.pdf"
    assert question.events.filter(kind=EventKind.ENTERPRISE_REPLY, text="Gửi catalogue.", public=True).exists()


def test_an_empty_reply_is_refused_beside_the_field(world, browse):
    question = ask_for_info(world, ask(world))
    response = browse("portal_a").post(f"{page_of(question)}reply/", {"text": "  "})
    assert response.status_code == 200
    assert response.context["reply_form"].errors == {"text": ["Write your reply or attach a file."]}
    question.refresh_from_db()
    assert question.status == QuestionStatus.AWAITING_ENTERPRISE


def test_replying_when_nothing_was_asked_says_so(world, browse):
    question = ask(world)
    client = browse("portal_a")
    response = client.post(f"{page_of(question)}reply/", {"text": "Thêm thông tin"}, follow=True)
    assert "cannot be resumed" in html_of(response)
    question.refresh_from_db()
    assert question.status == QuestionStatus.RECEIVED
    assert not question.events.filter(kind=EventKind.ENTERPRISE_REPLY).exists()


# --- Rating and reopening -------------------------------------------------------------------------------------------


def test_the_enterprise_rates_an_answer_once(world, browse):
    question = ask(world)
    answer(world, question)
    client = browse("portal_a")

    first = client.post(f"{page_of(question)}rate/", {"score": "4", "comment": "Rõ ràng, đầy đủ."}, follow=True)
    assert "Thank you for rating the answer." in html_of(first)
    second = client.post(f"{page_of(question)}rate/", {"score": "1"}, follow=True)
    assert "This answer has already been rated. Thank you!" in html_of(second)

    rating = Rating.objects.get(question=question)
    assert (rating.score, rating.comment, rating.rated_by) == (4, "Rõ ràng, đầy đủ.", world.portal_a)
    html = html_of(client.get(page_of(question)))
    assert "Your rating" in html
    assert "<strong>4/5</strong>" in html
    assert f'action="{page_of(question)}rate/"' not in html


def test_a_rating_without_a_score_is_refused_beside_the_field(world, browse):
    question = ask(world)
    answer(world, question)
    response = browse("portal_a").post(f"{page_of(question)}rate/", {"comment": "Thiếu điểm"})
    assert response.status_code == 200
    assert response.context["rating_form"].errors == {"score": ["Choose a score from 1 to 5."]}
    assert 'id="id_score_error"' in html_of(response)
    assert Rating.objects.get(question=question).score is None


def test_the_enterprise_reopens_an_answer_within_the_window(world, browse):
    question = ask(world)
    answer(world, question)
    response = browse("portal_a").post(f"{page_of(question)}reopen/", {"reason": "Chưa rõ mã 8 số."}, follow=True)
    assert "The question is reopened" in html_of(response)
    question.refresh_from_db()
    assert (question.status, question.reopen_count) == (QuestionStatus.REOPENED, 1)
    assert question.events.filter(to_status=QuestionStatus.REOPENED, text="Chưa rõ mã 8 số.", public=True).exists()


def test_reopening_needs_a_reason(world, browse):
    question = ask(world)
    answer(world, question)
    response = browse("portal_a").post(f"{page_of(question)}reopen/", {"reason": ""})
    assert response.context["reopen_form"].errors == {"reason": ["Say why the question is reopened."]}
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED


def test_after_the_reopen_window_the_form_is_gone_and_a_post_is_refused(world, browse):
    question = ask(world)
    answer(world, question)
    long_ago = timezone.now() - timedelta(days=settings.QUESTION_REOPEN_DAYS + 1)
    Question.objects.filter(pk=question.pk).update(answered_at=long_ago, last_answered_at=long_ago)
    client = browse("portal_a")
    assert f'action="{page_of(question)}reopen/"' not in html_of(client.get(page_of(question)))
    response = client.post(f"{page_of(question)}reopen/", {"reason": "Muộn"}, follow=True)
    assert "ask a new question instead" in html_of(response)
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED


# --- Files ----------------------------------------------------------------------------------------------------------


def test_the_enterprise_downloads_its_files_but_never_internal_ones(world, browse):
    question = ask(world, attachments=[pdf("hop-dong.pdf")])
    internal = services.add_attachment(
        question=question, by=world.r5_officer, upload=pdf("to-trinh.pdf"), internal=True
    )
    client = browse("portal_a")
    response = client.get(f"/portal/questions/attachments/{question.attachments.get(internal=False).pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert 'filename="hop-dong.pdf"' in response["Content-Disposition"]
    assert client.get(f"/portal/questions/attachments/{internal.pk}/").status_code == 404


# --- The portal home ------------------------------------------------------------------------------------------------


def test_the_portal_home_shows_open_questions_conferences_agreements_and_pledges(world, browse):
    for n in range(6):
        ask(world, title=f"Câu hỏi mở {n}")
    ask_for_info(world, ask(world, title="Cần bổ sung"))
    answer(world, ask(world, title="Đã xong"))
    conference = make_conference(
        branch=world.region5, status=ConferenceStatus.INVITATIONS_SENT, invite=[world.ent_a], title="Đối thoại 2026"
    )
    make_agreement(
        branch=world.region5,
        status=AgreementStatus.ACTIVE,
        parties=[world.ent_a],
        title="Thỏa thuận hợp tác Đông Á",
        doc_number="15/TTHT-KV05",
        signed_on=date(2024, 12, 20),
        effective_from=date(2025, 1, 1),
        expires_on=date(2027, 12, 31),
    )
    make_agreement(branch=world.region5, status=AgreementStatus.DRAFT, parties=[world.ent_a], title="Bản nháp nội bộ")
    make_agreement(branch=world.region5, status=AgreementStatus.ACTIVE, parties=[world.ent_b], title="Của Yên Phong")
    campaign = pledge_services.create_campaign(
        by=None,
        branch=world.region5,
        name="Không hàng giả 2025",
        kind=PledgeKind.NO_COUNTERFEIT,
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
        text_vi="Cam kết",
        target_signers=4,
    )
    pledge_services.record_pledge(campaign=campaign, by=None, enterprise=world.ent_a, signed_on=date(2025, 3, 15))

    response = browse("portal_a").get("/portal/")

    assert response.status_code == 200
    assert response.context["question_counts"] == {"open": 7, "waiting": 1, "total": 8}
    assert [q.title for q in response.context["open_questions"]] == [
        "Cần bổ sung",
        "Câu hỏi mở 5",
        "Câu hỏi mở 4",
        "Câu hỏi mở 3",
        "Câu hỏi mở 2",
    ]
    assert [c.pk for c in response.context["conferences"]] == [conference.pk]
    assert [a.title for a in response.context["agreements"]] == ["Thỏa thuận hợp tác Đông Á"]
    html = html_of(response)
    assert "15/TTHT-KV05" in html
    assert "01/01/2025 – 31/12/2027" in html
    assert "Bản nháp nội bộ" not in html
    assert "Của Yên Phong" not in html
    assert "Không hàng giả 2025" in html
    assert "waiting for your reply on 1 question" in html
    assert "Đã xong" not in html


def test_the_portal_home_has_empty_states(world, browse):
    html = html_of(browse("portal_a").get("/portal/"))
    assert "No open question." in html
    assert "No upcoming conference." in html
    assert "Your enterprise has no cooperation agreement with customs yet." in html
    assert "Your enterprise has not signed a pledge yet." in html


def _one_of_each(world, n: int) -> None:
    ask(world, title=f"Câu {n}")
    make_agreement(branch=world.region5, status=AgreementStatus.ACTIVE, parties=[world.ent_a], title=f"TT {n}")
    conference = make_conference(
        branch=world.region5, status=ConferenceStatus.INVITATIONS_SENT, invite=[world.ent_a], title=f"HN {n}"
    )
    register(conference, world.ent_a, by=world.portal_a)


def test_the_portal_home_runs_a_fixed_number_of_queries(world, browse):
    client = browse("portal_a")
    _one_of_each(world, 0)
    client.get("/portal/")
    with CaptureQueriesContext(connection) as one:
        client.get("/portal/")
    for n in range(1, 5):
        _one_of_each(world, n)
    with CaptureQueriesContext(connection) as five:
        response = client.get("/portal/")
    assert len(response.context["agreements"]) == 5
    assert len(response.context["conferences"]) == 5
    assert len(five) == len(one)
