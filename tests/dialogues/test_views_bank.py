"""The staff question bank pages: the list (tabs, filters, constant queries), writing an entry by hand or from an
answered question, the flagged details, and the second approval driven through the pages' forms."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dialogues.models import BankEntry, BankStatus
from dialogues.services import bank
from dialogues.services import legal as legal_services
from dialogues.services import questions as question_services
from tests.dialogues.bank_factories import answered_question, make_document, make_entry

pytestmark = pytest.mark.django_db

E = "/question-bank-entries"
CLEAN_QUESTION = "Doanh nghiệp muốn hủy tờ khai hải quan đã đăng ký thì làm thế nào?"
CLEAN_ANSWER = "Doanh nghiệp nộp văn bản đề nghị hủy tờ khai theo Điều 22 Thông tư 38/2015/TT-BTC."


@pytest.fixture
def client_for(client_for):
    """The personas' clients reading the pages in English, so assertions do not depend on the Vietnamese catalogue."""

    def make(persona: str):
        client = client_for(persona)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


def entry_form(entry_or_none=None, *, document, branch, **changes) -> dict:
    data = {
        "citation_rows": "3",
        "question_vi": CLEAN_QUESTION,
        "answer_vi": CLEAN_ANSWER,
        "question_en": "",
        "answer_en": "",
        "category": "procedures",
        "tags": "hủy tờ khai, thủ tục",
        "branch": branch.pk,
        "document_0": document.pk,
        "article_0": "Điều 22",
        "intent": "save",
    }
    data.update(changes)
    return data


def ids(response) -> set[int]:
    return {entry.pk for entry in response.context["entries"]}


# --- The list ----------------------------------------------------------------------------------------------------


def test_each_tab_lists_the_entries_of_the_users_units_in_that_status(world, client_for):
    entries = {status: make_entry(world, status=status) for status in BankStatus.values}  # one document each
    elsewhere = make_entry(
        world, status="published", branch=world.region6, by=world.r6_officer, approver=world.hq_admin
    )
    client = client_for("r5_officer")

    def tab(view: str) -> set[int]:
        response = client.get(f"{E}/", {"view": view})
        assert response.status_code == 200
        return ids(response)

    assert tab("review") == {entries["in_review"].pk}
    assert tab("drafts") == {entries["draft"].pk}
    assert tab("needs_update") == {entries["needs_update"].pk}
    assert tab("published") == {entries["published"].pk}
    assert tab("archived") == {entries["archived"].pk}
    assert tab("") == {entry.pk for entry in entries.values()}
    assert elsewhere.pk not in tab("")
    counts = {t["value"]: t["count"] for t in client.get(f"{E}/").context["tabs"]}
    assert counts == {"": 5, "review": 1, "drafts": 1, "needs_update": 1, "published": 1, "archived": 1}
    assert client_for("r6_officer").get(f"{E}/").context["tabs"][0]["count"] == 1


def test_the_list_shows_each_entrys_columns_and_marks_a_live_entry_under_revision(world, client_for):
    entry = make_entry(world, status="published", question_vi="Thủ tục hủy tờ khai hải quan như thế nào?")
    BankEntry.objects.filter(pk=entry.pk).update(view_count=17, helpful_count=5)
    bank.update_entry(entry=entry, by=world.r5_officer, answer_vi="Câu trả lời đã sửa theo Điều 22.")
    html = client_for("r5_officer").get(f"{E}/").content.decode()
    assert "Thủ tục hủy tờ khai hải quan như thế nào?" in html
    assert "Declaration procedures" in html
    assert (world.region5.short_name or world.region5.name_vi) in html
    assert ">Draft</span>" in html
    assert "● Live" in html
    assert "17 / 5" in html
    assert f'href="/question-bank-entries/{entry.pk}/"' in html


def test_the_list_filters_by_category_and_by_words_of_the_working_texts(world, client_for):
    document = make_document(world)
    cancel = make_entry(world, status="draft", document=document, question_vi="Hủy tờ khai hải quan thế nào?")
    refund = make_entry(
        world,
        status="published",
        document=document,
        question_vi="Hoàn thuế nhập khẩu nguyên liệu sản xuất xuất khẩu",
        answer_vi="Hồ sơ hoàn thuế gồm công văn đề nghị và hợp đồng xuất khẩu.",
        category="duties",
    )
    client = client_for("r5_officer")
    assert ids(client.get(f"{E}/", {"q": "hủy tờ"})) == {cancel.pk}
    assert ids(client.get(f"{E}/", {"q": "hoan thue"})) == {refund.pk}  # the published text, without diacritics
    assert ids(client.get(f"{E}/", {"q": f"#{refund.pk}"})) == {refund.pk}
    assert ids(client.get(f"{E}/", {"category": "duties"})) == {refund.pk}
    response = client.get(f"{E}/", {"category": "duties", "q": "hủy"})
    assert ids(response) == set()
    assert "No entry matches these filters." in response.content.decode()
    assert client.get(f"{E}/", {"category": "nonsense"}).context["filter_errors"]


def test_the_list_explains_an_empty_bank_and_an_empty_tab(world, client_for):
    client = client_for("r5_officer")
    html = client.get(f"{E}/").content.decode()
    assert "Your units have no question bank entries yet." in html
    assert 'href="/question-bank-entries/new/"' in html
    make_entry(world, status="draft")
    html = client.get(f"{E}/", {"view": "review"}).content.decode()
    assert "No entry is waiting for review." in html


def test_the_list_runs_the_same_number_of_queries_for_two_and_twelve_entries(world, client_for):
    document = make_document(world)
    client = client_for("r5_officer")
    for _ in range(2):
        make_entry(world, status="published", document=document)
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"{E}/").status_code == 200
    for _ in range(10):
        make_entry(world, status="in_review", document=document)
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"{E}/")
    assert len(ids(response)) == 12
    assert len(many) == len(few)
    # session, user, staff and portal memberships, the tab counts, the page count, the page's rows
    assert len(many) == 7


# --- Writing an entry ------------------------------------------------------------------------------------------


def test_the_create_page_offers_the_users_own_units_and_saves_a_draft(world, client_for):
    document = make_document(world)
    client = client_for("r5_officer")
    form = client.get(f"{E}/new/").context["form"]
    assert set(form.fields["branch"].queryset) == {world.region5, world.region5_office}
    assert form.initial["branch"] == world.region5
    response = client.post(f"{E}/new/", entry_form(document=document, branch=world.region5_office))
    entry = BankEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{E}/{entry.pk}/"
    assert (entry.status, entry.branch, entry.question_vi, entry.tags) == (
        BankStatus.DRAFT,
        world.region5_office,
        CLEAN_QUESTION,
        ["hủy tờ khai", "thủ tục"],
    )
    assert [(c.document, c.article) for c in entry.citations.all()] == [(document, "Điều 22")]


def test_an_outsiders_unit_is_refused_and_the_input_is_kept(world, client_for):
    document = make_document(world)
    response = client_for("r6_officer").post(f"{E}/new/", entry_form(document=document, branch=world.region5))
    assert response.status_code == 400
    assert response.context["form"].errors["branch"]
    assert CLEAN_QUESTION in response.content.decode()
    assert not BankEntry.objects.exists()


def test_bad_input_is_shown_beside_its_field_and_the_typed_text_is_kept(world, client_for):
    document = make_document(world)
    entry = make_entry(world, status="draft", document=document)
    client = client_for("r5_officer")
    data = entry_form(document=document, branch=world.region5, question_vi="Câu hỏi mới đang viết", tags="x" * 41)
    response = client.post(f"{E}/{entry.pk}/edit/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_tags_error"' in html  # the service's error, beside the tags field
    assert "Câu hỏi mới đang viết" in html
    data = entry_form(document=document, branch=world.region5, document_0="", article_0="Điều 5", question_vi="")
    response = client.post(f"{E}/{entry.pk}/edit/", data)
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"document_0", "question_vi"}
    assert 'value="Điều 5"' in response.content.decode()
    entry.refresh_from_db()
    assert entry.question_vi == "Thủ tục hủy tờ khai hải quan như thế nào?"


def test_another_document_row_is_added_without_saving(world, client_for):
    document = make_document(world)
    entry = make_entry(world, status="draft", document=document)
    data = entry_form(document=document, branch=world.region5, question_vi="Chưa lưu", intent="add_row")
    response = client_for("r5_officer").post(f"{E}/{entry.pk}/edit/", data)
    assert response.status_code == 200
    assert response.context["form"].rows == 4
    assert not response.context["form"].errors
    assert "Chưa lưu" in response.content.decode()
    entry.refresh_from_db()
    assert entry.question_vi != "Chưa lưu"


def test_an_entry_in_review_cannot_be_edited_until_it_is_returned(world, client_for):
    entry = make_entry(world, status="in_review")
    client = client_for("r5_officer")
    response = client.get(f"{E}/{entry.pk}/edit/")
    assert response.status_code == 302
    assert response["Location"] == f"{E}/{entry.pk}/"
    assert client.get(f"{E}/{entry.pk}/").context["can_edit"] is False
    document = entry.citations.get().document
    response = client.post(f"{E}/{entry.pk}/edit/", entry_form(document=document, branch=world.region5))
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert CLEAN_QUESTION in response.content.decode()
    assert BankEntry.objects.get(pk=entry.pk).question_vi == "Thủ tục hủy tờ khai hải quan như thế nào?"


def test_an_outsider_cannot_edit_or_move_an_entry_and_nothing_changes(world, client_for):
    document = make_document(world)
    entry = make_entry(world, status="in_review", document=document)
    client = client_for("r6_officer")
    data = entry_form(document=document, branch=world.region6, question_vi="Đổi")
    assert client.post(f"{E}/{entry.pk}/edit/", data).status_code == 404
    assert client.post(f"{E}/{entry.pk}/approve/").status_code == 404
    assert client.get(f"{E}/{entry.pk}/").status_code == 404
    entry.refresh_from_db()
    assert (entry.status, entry.question_vi, entry.live) == (
        BankStatus.IN_REVIEW,
        "Thủ tục hủy tờ khai hải quan như thế nào?",
        False,
    )


def test_an_unknown_move_is_404_and_a_move_needs_a_post(world, client_for):
    entry = make_entry(world, status="draft")
    client = client_for("r5_manager")
    assert client.post(f"{E}/{entry.pk}/delete/").status_code == 404
    assert client.get(f"{E}/{entry.pk}/submit/").status_code == 405
    assert BankEntry.objects.get(pk=entry.pk).status == BankStatus.DRAFT


# --- Flags ---------------------------------------------------------------------------------------------------------


def test_flagged_details_are_highlighted_inline_escaped_and_listed(world, client_for):
    entry = make_entry(
        world,
        status="draft",
        question_vi="Doanh nghiệp <b>MST 2352601817</b> hỏi về tờ khai 105234567890?",
    )
    response = client_for("r5_officer").get(f"{E}/{entry.pk}/")
    html = response.content.decode()
    assert '&lt;b&gt;MST <mark class="flag" title="Tax code">2352601817</mark>&lt;/b&gt;' in html
    assert '<mark class="flag" title="Declaration number">105234567890</mark>' in html
    assert [(item["flag"].kind, item["flag"].text) for item in response.context["flags"]] == [
        ("tax_code", "2352601817"),
        ("declaration", "105234567890"),
    ]
    assert "<b>MST" not in html


def test_the_editor_shows_each_flag_beside_the_field_it_is_in(world, client_for):
    entry = make_entry(world, status="draft", answer_vi="Liên hệ ketoan@dongaelec.vn để biết thêm.")
    response = client_for("r5_officer").get(f"{E}/{entry.pk}/edit/")
    vietnamese = response.context["languages"][0]
    flagged = {field.name: [f.text for f in flags] for field, flags in vietnamese["fields"]}
    assert flagged == {"question_vi": [], "answer_vi": ["ketoan@dongaelec.vn"]}
    assert '<mark class="flag" title="E-mail address">ketoan@dongaelec.vn</mark>' in response.content.decode()


def test_submitting_with_flags_needs_the_confirmation_shown_beside_the_checkbox(world, client_for):
    entry = make_entry(world, status="draft", answer_vi="Nộp phí 20.000 đồng theo Điều 22.")
    client = client_for("r5_officer")
    html = client.get(f"{E}/{entry.pk}/").content.decode()
    assert "I checked the flagged details; they do not identify anyone." in html
    response = client.post(f"{E}/{entry.pk}/submit/", {})
    assert response.status_code == 400
    assert 'id="id_submit_acknowledge_flags_error"' in response.content.decode()
    assert BankEntry.objects.get(pk=entry.pk).status == BankStatus.DRAFT
    response = client.post(f"{E}/{entry.pk}/submit/", {"acknowledge_flags": "on"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.flags_acknowledged, entry.submitted_by) == (
        BankStatus.IN_REVIEW,
        True,
        world.r5_officer,
    )


# --- The workflow --------------------------------------------------------------------------------------------------


def test_the_whole_flow_from_an_answered_question_to_a_live_entry(world, client_for):
    question = answered_question(world)
    officer, manager = client_for("r5_officer"), client_for("r5_manager")
    page = officer.get(f"/questions/{question.pk}/").content.decode()
    assert f'action="/questions/{question.pk}/publish-to-bank/"' in page

    response = officer.post(f"/questions/{question.pk}/publish-to-bank/")
    entry = BankEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{E}/{entry.pk}/edit/"
    assert list(entry.questions.all()) == [question]
    editor = officer.get(response["Location"])
    assert editor.context["flag_count"] >= 3  # the enterprise, its tax code, the declaration number, the amount
    assert '<mark class="flag" title="Enterprise name">' in editor.content.decode()
    assert "Công ty TNHH Điện tử Đông Á" in editor.content.decode()

    document = entry.citations.get().document
    response = officer.post(f"{E}/{entry.pk}/edit/", entry_form(document=document, branch=world.region5))
    assert response.status_code == 302
    assert bank.flags(BankEntry.objects.get(pk=entry.pk)) == []
    detail = officer.get(f"{E}/{entry.pk}/")
    assert "I checked the flagged details" not in detail.content.decode()
    assert [p["slug"] for p in detail.context["panels"]] == ["submit"]
    assert officer.post(f"{E}/{entry.pk}/submit/", {}).status_code == 302

    assert officer.post(f"{E}/{entry.pk}/approve/").status_code == 403  # an officer does not approve
    assert [p["slug"] for p in manager.get(f"{E}/{entry.pk}/").context["panels"]] == ["approve", "return", "archive"]
    assert manager.post(f"{E}/{entry.pk}/approve/").status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.live, entry.approved_by, entry.public_question_vi) == (
        BankStatus.PUBLISHED,
        True,
        world.r5_manager,
        CLEAN_QUESTION,
    )
    html = officer.get(f"{E}/{entry.pk}/").content.decode()
    assert world.r5_manager.display_name in html  # approved by
    page = officer.get(f"/questions/{question.pk}/").content.decode()
    assert f'href="/question-bank-entries/{entry.pk}/"' in page


def test_the_submitter_cannot_give_the_second_approval(world, client_for):
    entry = make_entry(world, status="in_review", by=world.r5_manager)
    client = client_for("r5_manager")
    assert "approve" not in [p["slug"] for p in client.get(f"{E}/{entry.pk}/").context["panels"]]
    assert client.post(f"{E}/{entry.pk}/approve/").status_code == 403
    assert BankEntry.objects.get(pk=entry.pk).status == BankStatus.IN_REVIEW
    assert client_for("hq_admin").post(f"{E}/{entry.pk}/approve/").status_code == 302
    assert BankEntry.objects.get(pk=entry.pk).live is True


def test_returning_needs_a_note_which_the_editor_then_sees(world, client_for):
    entry = make_entry(world, status="in_review")
    manager = client_for("r5_manager")
    response = manager.post(f"{E}/{entry.pk}/return/", {"note": ""})
    assert response.status_code == 400
    assert 'id="id_return_note_error"' in response.content.decode()
    assert BankEntry.objects.get(pk=entry.pk).status == BankStatus.IN_REVIEW
    assert manager.post(f"{E}/{entry.pk}/return/", {"note": "Bỏ số tiền cụ thể"}).status_code == 302
    html = client_for("r5_officer").get(f"{E}/{entry.pk}/").content.decode()
    assert "Returned for changes:" in html
    assert "Bỏ số tiền cụ thể" in html


def test_a_move_refused_by_the_rules_is_explained_on_the_entry_page(world, client_for):
    entry = make_entry(world, status="draft")
    entry.citations.all().delete()
    response = client_for("r5_officer").post(f"{E}/{entry.pk}/submit/", {})
    assert response.status_code == 400
    assert response.context["page_errors"]
    assert "Cite at least one legal document" in response.content.decode()
    assert BankEntry.objects.get(pk=entry.pk).status == BankStatus.DRAFT


def test_archive_and_publish_again_from_the_page(world, client_for):
    entry = make_entry(world, status="published")
    manager = client_for("r5_manager")
    assert manager.post(f"{E}/{entry.pk}/archive/").status_code == 302
    assert BankEntry.objects.get(pk=entry.pk).live is False
    assert [p["slug"] for p in manager.get(f"{E}/{entry.pk}/").context["panels"]] == ["publish"]
    assert manager.post(f"{E}/{entry.pk}/publish/").status_code == 302
    assert BankEntry.objects.get(pk=entry.pk).live is True


def test_a_revision_of_a_live_entry_shows_what_the_public_still_reads(world, client_for):
    entry = make_entry(world, status="published", answer_vi="Câu trả lời đã được duyệt.")
    bank.update_entry(entry=entry, by=world.r5_officer, answer_vi="Câu trả lời sửa đổi chưa duyệt.")
    response = client_for("r5_officer").get(f"{E}/{entry.pk}/")
    html = response.content.decode()
    assert "The public sees the approved version until this revision is approved." in html
    assert "Câu trả lời đã được duyệt." in html
    assert "Câu trả lời sửa đổi chưa duyệt." in html
    slug = "thu-tuc-huy-to-khai-hai-quan-nhu-the-nao"
    assert response.context["public_url"] == f"/question-bank/{entry.pk}-{slug}/"
    assert f'href="/question-bank/{entry.pk}-{slug}/"' in html


def test_an_entry_that_needs_updating_shows_why_and_a_manager_marks_it_reviewed(world, client_for):
    document = make_document(world, number="38/2015/TT-BTC")
    entry = make_entry(world, status="published", document=document)
    legal_services.update_legal_document(document=document, by=world.r5_manager, status="amended")
    html = client_for("r5_officer").get(f"{E}/{entry.pk}/").content.decode()
    assert "Needs update" in html
    assert "38/2015/TT-BTC" in BankEntry.objects.get(pk=entry.pk).outdated_reason
    assert BankEntry.objects.get(pk=entry.pk).outdated_reason in html
    assert client_for("r5_officer").post(f"{E}/{entry.pk}/mark-reviewed/").status_code == 403
    assert client_for("r5_manager").post(f"{E}/{entry.pk}/mark-reviewed/").status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.outdated_since) == (BankStatus.PUBLISHED, None)


def test_publishing_an_open_question_to_the_bank_is_refused_on_the_question_page(world, client_for):
    question = question_services.record_question(
        by=world.r5_officer,
        branch=world.region5,
        enterprise=world.ent_a,
        title="Câu hỏi chưa trả lời",
        body="Thời hạn hoàn thuế?",
        channel="email",
    )
    client = client_for("r5_officer")
    assert "publish-to-bank" not in client.get(f"/questions/{question.pk}/").content.decode()
    response = client.post(f"/questions/{question.pk}/publish-to-bank/", follow=True)
    assert response.redirect_chain == [(f"/questions/{question.pk}/", 302)]
    assert "Only an answered question can be published to the question bank." in response.content.decode()
    assert not BankEntry.objects.exists()
    assert client_for("r6_officer").post(f"/questions/{question.pk}/publish-to-bank/").status_code == 404
