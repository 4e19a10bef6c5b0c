"""The question bank API: the public resource (search, suggestions, votes, deflections, no internal data) and the
staff resource (the workflow from an answered question to the public bank, scope, roles, filters)."""

import json
import unicodedata
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from dialogues.models import BankDeflection, BankEntry, BankStatus, Question
from dialogues.services import bank
from dialogues.services import legal as legal_services
from tests.dialogues.bank_factories import answered_question, make_document, make_entry

pytestmark = pytest.mark.django_db

S = BankStatus
PUBLIC = "/api/v1/question-bank/"
STAFF = "/api/v1/question-bank-entries/"
PUBLIC_KEYS = {
    "id",
    "url",
    "category",
    "category_label",
    "tags",
    "question",
    "answer",
    "question_highlighted",
    "snippet",
    "language",
    "languages",
    "branch",
    "first_published_at",
    "published_at",
    "needs_update",
    "needs_update_reason",
    "view_count",
    "helpful_count",
    "unhelpful_count",
}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """Reads, searches and views are throttled and counted in the cache: every test starts with it empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def law(world):
    return make_document(world, number="38/2015/TT-BTC")


def entry_at(response) -> BankEntry:
    return BankEntry.objects.get(pk=response.json()["id"])


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


# --- The workflow, from an answered question to the public bank ----------------------------------------------------


def test_an_answered_question_becomes_a_public_entry_after_a_second_approval(world, api_for, law):
    question = answered_question(world, document=law)
    manager, hq = api_for("r5_manager"), api_for("hq_admin")

    created = manager.post(STAFF + "from-question/", {"question": question.pk})
    assert created.status_code == 201
    draft = created.json()
    assert draft["status"] == "draft"
    assert draft["questions"] == [{"id": question.pk, "reference": question.reference, "title": question.title}]
    assert [(c["number"], c["article"]) for c in draft["citations"]] == [("38/2015/TT-BTC", "22")]
    assert {"enterprise", "tax_code", "declaration", "amount"} <= {flag["kind"] for flag in draft["flags"]}
    assert {"field", "label", "text"} <= set(draft["flags"][0])
    assert draft["allowed_actions"] == ["edit", "submit", "archive"]
    entry_url = f"{STAFF}{draft['id']}/"

    refused = manager.post(entry_url + "submit/", {})
    assert refused.status_code == 400
    assert list(refused.json()) == ["acknowledge_flags"]
    assert BankEntry.objects.get(pk=draft["id"]).status == S.DRAFT

    submitted = manager.post(entry_url + "submit/", {"acknowledge_flags": True})
    assert submitted.status_code == 200
    assert (submitted.json()["status"], submitted.json()["submitted_by_name"]) == ("in_review", "r5_manager")
    assert "approve" not in submitted.json()["allowed_actions"]

    own = manager.post(entry_url + "approve/")
    assert own.status_code == 403
    assert BankEntry.objects.get(pk=draft["id"]).status == S.IN_REVIEW
    assert api_for("anonymous").get(f"{PUBLIC}{draft['id']}/").status_code == 404

    assert "approve" in hq.get(entry_url).json()["allowed_actions"]
    approved = hq.post(entry_url + "approve/")
    assert approved.status_code == 200
    body = approved.json()
    assert (body["status"], body["live"], body["approved_by_name"]) == ("published", True, "hq_admin")
    assert body["public_question_vi"] == draft["question_vi"]
    assert body["public_url"].startswith(f"/question-bank/{draft['id']}-huy-to-khai-hai-quan")

    found = api_for("anonymous").get(PUBLIC, {"q": "huy to khai"})
    assert found.status_code == 200
    assert ids(found) == [draft["id"]]
    assert "<mark>Hủy</mark> <mark>tờ</mark> <mark>khai</mark>" in found.json()["results"][0]["question_highlighted"]


def test_removing_the_flagged_details_clears_the_flags(world, api_for):
    question = answered_question(world)
    officer = api_for("r5_officer")
    draft = officer.post(STAFF + "from-question/", {"question": question.pk}).json()
    assert draft["flags"]

    patched = officer.patch(
        f"{STAFF}{draft['id']}/",
        {
            "question_vi": "Doanh nghiệp muốn hủy tờ khai hải quan đã đăng ký thì làm thế nào?",
            "tags": ["hủy tờ khai", "Hủy tờ khai", "#thủ tục"],
        },
    )
    assert patched.status_code == 200
    assert patched.json()["flags"] == []
    assert patched.json()["tags"] == ["hủy tờ khai", "thủ tục"]
    submitted = officer.post(f"{STAFF}{draft['id']}/submit/", {})
    assert (submitted.status_code, submitted.json()["status"]) == (200, "in_review")
    assert submitted.json()["flags_acknowledged"] is False


def test_staff_write_an_entry_by_hand_with_its_legal_basis_and_questions(world, api_for, law):
    question = answered_question(world)
    response = api_for("r5_officer").post(
        STAFF,
        {
            "question_vi": "Thời hạn nộp bổ sung C/O là bao lâu?",
            "answer_vi": "Trong thời hạn 30 ngày kể từ ngày đăng ký tờ khai.",
            "question_en": "How long may a C/O be submitted later?",
            "answer_en": "Within 30 days of registering the declaration.",
            "category": "origin",
            "tags": ["C/O"],
            "citations": [{"document": law.pk, "article": "Điều 16"}],
            "questions": [question.pk],
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["branch_code"], body["category"], body["tags"]) == ("draft", "KV05", "origin", ["C/O"])
    assert [(c["number"], c["article"]) for c in body["citations"]] == [("38/2015/TT-BTC", "Điều 16")]
    assert [q["id"] for q in body["questions"]] == [question.pk]
    assert body["languages"] == []  # nothing public yet
    assert body["public_url"] is None


def test_a_bad_body_is_a_field_error_and_writes_nothing(world, api_for, law):
    officer = api_for("r5_officer")
    before = BankEntry.objects.count()
    bad_category = officer.post(STAFF, {"question_vi": "Câu hỏi?", "category": "weather"})
    other_unit = officer.post(STAFF, {"question_vi": "Câu hỏi?", "branch": world.region6.pk})
    foreign_question = answered_question(world)
    outsider = api_for("r6_officer").post(STAFF, {"question_vi": "Câu hỏi?", "questions": [foreign_question.pk]})
    assert [r.status_code for r in (bad_category, other_unit, outsider)] == [400, 400, 400]
    assert list(bad_category.json()) == ["category"]
    assert list(other_unit.json()) == ["branch"]
    assert list(outsider.json()) == ["questions"]
    assert BankEntry.objects.count() == before


def test_a_question_not_yet_answered_cannot_be_published(world, api_for):
    from tests.dialogues.access_questions_api import make_question

    question = make_question(world)
    response = api_for("r5_officer").post(STAFF + "from-question/", {"question": question.pk})
    assert response.status_code == 400
    assert not BankEntry.objects.exists()


def test_illegal_moves_are_400_and_change_nothing(world, api_for):
    manager = api_for("r5_manager")
    draft = make_entry(world, status="draft")
    in_review = make_entry(world, status="in_review")
    for route in ("approve", "publish", "return", "mark-reviewed"):
        response = manager.post(f"{STAFF}{draft.pk}/{route}/", {"note": "x"})
        assert response.status_code == 400, route
        assert "detail" in response.json()
    assert manager.post(f"{STAFF}{in_review.pk}/submit/", {}).status_code == 400
    edit = manager.patch(f"{STAFF}{in_review.pk}/", {"question_vi": "Đổi khi đang duyệt"})
    assert edit.status_code == 400
    no_note = manager.post(f"{STAFF}{in_review.pk}/return/", {"note": ""})
    assert (no_note.status_code, list(no_note.json())) == (400, ["note"])
    assert BankEntry.objects.get(pk=draft.pk).status == S.DRAFT
    in_review = BankEntry.objects.get(pk=in_review.pk)
    assert (in_review.status, in_review.question_vi) == (S.IN_REVIEW, "Thủ tục hủy tờ khai hải quan như thế nào?")


def test_an_archived_entry_is_published_again_and_a_manager_returns_one_in_review(world, api_for):
    manager = api_for("r5_manager")
    archived = make_entry(world, status="archived")
    in_review = make_entry(world, status="in_review")
    assert api_for("anonymous").get(f"{PUBLIC}{archived.pk}/").status_code == 404

    again = manager.post(f"{STAFF}{archived.pk}/publish/")
    assert (again.status_code, again.json()["status"], again.json()["live"]) == (200, "published", True)
    assert api_for("anonymous").get(f"{PUBLIC}{archived.pk}/").status_code == 200

    returned = manager.post(f"{STAFF}{in_review.pk}/return/", {"note": "Bỏ số tiền cụ thể."})
    assert (returned.status_code, returned.json()["status"], returned.json()["review_note"]) == (
        200,
        "draft",
        "Bỏ số tiền cụ thể.",
    )


def test_only_managers_approve_archive_or_mark_reviewed(world, api_for):
    officer = api_for("r5_officer")
    in_review = make_entry(world, status="in_review")
    published = make_entry(world, status="published")
    assert officer.post(f"{STAFF}{in_review.pk}/approve/").status_code == 403
    assert officer.post(f"{STAFF}{published.pk}/archive/").status_code == 403
    assert officer.post(f"{STAFF}{published.pk}/mark-reviewed/").status_code == 403
    assert BankEntry.objects.get(pk=in_review.pk).status == S.IN_REVIEW
    assert BankEntry.objects.get(pk=published.pk).live is True


def test_a_manager_marks_an_outdated_entry_reviewed(world, api_for):
    entry = make_entry(world, status="needs_update")
    response = api_for("r5_manager").post(f"{STAFF}{entry.pk}/mark-reviewed/")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["needs_update"], body["outdated_reason"]) == ("published", False, "")
    assert api_for("anonymous").get(f"{PUBLIC}{entry.pk}/").json()["needs_update"] is False


def test_linking_questions_adds_them_to_the_entry(world, api_for):
    entry = make_entry(world, status="published")
    question = answered_question(world)
    response = api_for("r5_officer").post(f"{STAFF}{entry.pk}/link-questions/", {"questions": [question.pk]})
    assert response.status_code == 200
    assert [q["reference"] for q in response.json()["questions"]] == [question.reference]
    assert list(entry.questions.all()) == [question]
    empty = api_for("r5_officer").post(f"{STAFF}{entry.pk}/link-questions/", {"questions": []})
    assert (empty.status_code, list(empty.json())) == (400, ["questions"])


def test_entries_of_another_unit_are_404_and_stay_unchanged(world, api_for, law):
    entry = make_entry(world, status="draft", document=law)
    for persona in ("r6_officer", "r5_office_officer"):
        client = api_for(persona)
        url = f"{STAFF}{entry.pk}/"
        assert client.get(url).status_code == 404
        assert client.patch(url, {"question_vi": "Bị sửa"}).status_code == 404
        assert client.post(url + "submit/", {"acknowledge_flags": True}).status_code == 404
        assert client.post(url + "archive/").status_code == 404
        assert client.get(STAFF).json()["results"] == []
    entry = BankEntry.objects.get(pk=entry.pk)
    assert (entry.status, entry.question_vi) == (S.DRAFT, "Thủ tục hủy tờ khai hải quan như thế nào?")


def test_portal_users_and_strangers_cannot_use_the_staff_resource(world, api_for):
    entry = make_entry(world, status="published")
    assert api_for("portal_a").get(STAFF).status_code == 403
    assert api_for("portal_a").get(f"{STAFF}{entry.pk}/").status_code == 403
    assert api_for("anonymous").get(STAFF).status_code == 401
    assert api_for("r5_manager").delete(f"{STAFF}{entry.pk}/").status_code == 405
    assert BankEntry.objects.filter(pk=entry.pk).exists()


def test_the_staff_list_filters_by_status_category_unit_text_and_needs_update(world, api_for, law):
    draft = make_entry(world, status="draft", document=law, question_vi="Hoàn thuế nhập khẩu", category="duties")
    published = make_entry(world, status="published", document=law)
    outdated = make_entry(world, status="needs_update", question_vi="Tờ khai hàng gia công")
    office = make_entry(world, status="draft", document=law, branch=world.region5_office, by=world.r5_office_officer)
    manager = api_for("r5_manager")

    def listed(**params):
        response = manager.get(STAFF, params)
        assert response.status_code == 200, response.json()
        return sorted(ids(response))

    assert listed() == sorted([draft.pk, published.pk, outdated.pk, office.pk])
    assert listed(status="draft") == sorted([draft.pk, office.pk])
    assert listed(status=["published", "needs_update"]) == sorted([published.pk, outdated.pk])
    assert listed(category="duties") == [draft.pk]
    assert listed(branch=world.region5_office.pk) == [office.pk]
    assert listed(q="hoàn thuế") == [draft.pk]
    assert listed(needs_update="true") == [outdated.pk]
    assert manager.get(STAFF, {"branch": world.region6.pk}).status_code == 400
    assert api_for("r5_office_officer").get(STAFF).json()["count"] == 1


def test_the_staff_list_runs_a_constant_number_of_queries(world, api_for, law):
    manager = api_for("r5_manager")
    question = answered_question(world, document=law)
    for status in ("draft", "in_review", "published", "needs_update", "archived"):
        entry = make_entry(world, status=status, document=make_document(world))
        bank.link_questions(entry=entry, by=world.r5_officer, questions=[question])
    manager.get(STAFF)  # the membership is read once per user object

    with CaptureQueriesContext(connection) as few:
        assert len(manager.get(STAFF).json()["results"]) == 5
    for _ in range(4):
        for status in ("draft", "in_review", "published", "needs_update", "archived"):
            make_entry(world, status=status, document=make_document(world))
    with CaptureQueriesContext(connection) as many:
        assert len(manager.get(STAFF).json()["results"]) == 25
    assert len(few) == len(many) <= 6


# --- Public: what anyone may read ---------------------------------------------------------------------------------


def test_the_public_never_sees_internal_data_or_unpublished_entries(world, api_for, law):
    question = answered_question(world, document=law)
    live = make_entry(world, status="published", document=law)
    bank.link_questions(entry=live, by=world.r5_officer, questions=[question])
    bank.update_entry(entry=live, by=world.r5_officer, answer_vi="BẢN SỬA CHƯA DUYỆT: chờ phê duyệt lại.")
    assert BankEntry.objects.get(pk=live.pk).status == S.DRAFT  # a revision; the public keeps the approved text
    hidden = [
        make_entry(world, status="draft", document=law),
        make_entry(world, status="in_review", document=law),
        make_entry(world, status="archived", document=law),
    ]
    forbidden = [
        "BẢN SỬA CHƯA DUYỆT",
        "r5_officer",
        "r5_manager",
        world.ent_a.name_vi,
        world.ent_a.name_foreign,
        world.ent_a.tax_code,
        question.reference,
    ]

    for persona in ("anonymous", "portal_b", "r5_manager"):
        client = api_for(persona)
        listing = client.get(PUBLIC)
        detail = client.get(f"{PUBLIC}{live.pk}/")
        assert (listing.status_code, detail.status_code) == (200, 200)
        assert ids(listing) == [live.pk]
        assert set(listing.json()["results"][0]) == PUBLIC_KEYS
        assert set(detail.json()) == PUBLIC_KEYS | {"citations"}
        assert (
            detail.json()["answer"]
            == "Doanh nghiệp nộp văn bản đề nghị hủy tờ khai theo Điều 22 Thông tư 38/2015/TT-BTC."
        )
        for response in (listing, detail, client.get(PUBLIC, {"q": "ban sua"})):
            text = json.dumps(response.json(), ensure_ascii=False)
            for secret in forbidden:
                assert secret not in text, (persona, secret)
        assert client.get(PUBLIC, {"q": "chua duyet"}).json()["count"] == 0
        assert ids(client.get(PUBLIC, {"q": "huy to khai"})) == [live.pk]
        for entry in hidden:
            assert client.get(f"{PUBLIC}{entry.pk}/").status_code == 404
            assert client.post(f"{PUBLIC}{entry.pk}/vote/", {"helpful": True}).status_code == 404


def test_an_entry_shows_its_legal_basis_branch_and_permalink(world, api_for, law):
    entry = make_entry(world, status="published", document=law, question_vi="Đăng ký tờ khai tại Đà Nẵng?")
    body = api_for("anonymous").get(f"{PUBLIC}{entry.pk}/", {"language": "en"}).json()
    assert body["language"] == "vi"  # no English version: the Vietnamese one, with its unit's Vietnamese name
    assert body["url"] == f"/question-bank/{entry.pk}-dang-ky-to-khai-tai-da-nang/"
    assert body["branch"] == {"code": "KV05", "name": "Chi cục Hải quan khu vực V"}
    assert body["citations"] == [
        {
            "number": "38/2015/TT-BTC",
            "doc_type": "circular",
            "title": "Thông tư quy định về thủ tục hải quan",
            "status": "in_force",
            "url": "",
            "article": "22",
        }
    ]
    assert (body["category"], body["category_label"], body["tags"]) == (
        "procedures",
        "Declaration procedures",
        ["hủy tờ khai"],
    )


def test_the_language_is_chosen_by_parameter_or_request_and_falls_back(world, api_for, law):
    both = make_entry(
        world,
        status="published",
        document=law,
        question_en="How is a customs declaration cancelled?",
        answer_en="The business files a request under Article 22 of Circular 38/2015/TT-BTC.",
    )
    vi_only = make_entry(world, status="published", document=law, question_vi="Hoàn thuế nhập khẩu thế nào?")
    anonymous = api_for("anonymous")
    assert anonymous.get(f"{PUBLIC}{both.pk}/").json()["language"] == "vi"
    english = anonymous.get(f"{PUBLIC}{both.pk}/", {"language": "en"}).json()
    assert (english["question"], english["language"], english["languages"]) == (
        "How is a customs declaration cancelled?",
        "en",
        ["vi", "en"],
    )
    assert english["branch"]["name"] == "Regional Customs Branch V"
    fallback = anonymous.get(f"{PUBLIC}{vi_only.pk}/", {"language": "en"}).json()
    assert (fallback["question"], fallback["language"]) == ("Hoàn thuế nhập khẩu thế nào?", "vi")
    by_header = api_for("anonymous").get(f"{PUBLIC}{both.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert by_header["language"] == "en"
    assert anonymous.get(PUBLIC, {"language": "fr"}).status_code == 400


def test_the_public_list_browses_by_category_popularity_and_recency(world, api_for, law):
    first = make_entry(world, status="published", document=law)
    second = make_entry(
        world,
        status="published",
        document=law,
        category="duties",
        question_vi="Hoàn thuế?",
        answer_vi="Hồ sơ gồm công văn đề nghị và tờ khai.",
    )
    third = make_entry(
        world, status="published", document=law, question_vi="Kiểm tra thực tế?", answer_vi="Theo quy định."
    )
    BankEntry.objects.filter(pk=second.pk).update(view_count=50)
    BankEntry.objects.filter(pk=third.pk).update(view_count=10, published_at=timezone.now() - timedelta(days=400))
    BankEntry.objects.filter(pk=first.pk).update(published_at=timezone.now() - timedelta(days=1))
    anonymous = api_for("anonymous")
    assert ids(anonymous.get(PUBLIC)) == [second.pk, third.pk, first.pk]
    assert ids(anonymous.get(PUBLIC, {"ordering": "recent"})) == [second.pk, first.pk, third.pk]
    assert ids(anonymous.get(PUBLIC, {"category": "duties"})) == [second.pk]
    assert anonymous.get(PUBLIC, {"category": "weather"}).status_code == 400
    assert ids(anonymous.get(PUBLIC, {"q": "to khai", "ordering": "popular"})) == [second.pk, first.pk]


def test_search_results_highlight_the_words_typed_with_or_without_diacritics(world, api_for, law):
    entry = make_entry(
        world,
        status="published",
        document=law,
        question_vi="Thủ tục hủy tờ khai hải quan đã đăng ký",
        answer_vi="Doanh nghiệp nộp văn bản đề nghị hủy tờ khai trên Hệ thống VNACCS.",
    )
    make_entry(world, status="published", document=law, question_vi="Hoàn thuế nhập khẩu", answer_vi="Nộp hồ sơ.")
    anonymous = api_for("anonymous")
    for typed in ("thu tuc huy", "THỦ TỤC HỦY", unicodedata.normalize("NFD", "thủ tục hủy")):
        response = anonymous.get(PUBLIC, {"q": typed})
        assert ids(response) == [entry.pk], typed
        row = response.json()["results"][0]
        assert row["question_highlighted"].startswith("<mark>Thủ</mark> <mark>tục</mark> <mark>hủy</mark>")
        assert "<mark>hủy</mark>" in row["snippet"]
    escaped = make_entry(world, status="published", document=law, question_vi="Hàng <b>mẫu</b> có phải khai?")
    row = anonymous.get(PUBLIC, {"q": "hang mau"}).json()["results"][0]
    assert row["id"] == escaped.pk
    assert row["question_highlighted"] == "<mark>Hàng</mark> &lt;b&gt;<mark>mẫu</mark>&lt;/b&gt; có phải khai?"


def test_an_outdated_entry_stays_public_with_a_notice(world, api_for, law):
    entry = make_entry(world, status="published", document=law)
    legal_services.update_legal_document(document=law, by=world.r5_manager, status="expired")
    body = api_for("anonymous").get(f"{PUBLIC}{entry.pk}/").json()
    assert body["needs_update"] is True
    assert "38/2015/TT-BTC" in body["needs_update_reason"]
    assert body["citations"][0]["status"] == "expired"


def test_reading_an_entry_counts_one_view_per_visitor(world, api_for):
    entry = make_entry(world, status="published")
    anonymous = api_for("anonymous")
    assert anonymous.get(f"{PUBLIC}{entry.pk}/").json()["view_count"] == 1
    assert anonymous.get(f"{PUBLIC}{entry.pk}/").json()["view_count"] == 1
    assert api_for("portal_a").get(f"{PUBLIC}{entry.pk}/").json()["view_count"] == 2
    assert BankEntry.objects.get(pk=entry.pk).view_count == 2


def test_the_public_list_runs_a_constant_number_of_queries(world, api_for, law):
    anonymous = api_for("anonymous")
    for n in range(5):
        make_entry(world, status="published", document=law, question_vi=f"Thủ tục hủy tờ khai số {n}?")
    with CaptureQueriesContext(connection) as few:
        assert len(anonymous.get(PUBLIC, {"q": "huy to khai"}).json()["results"]) == 5
    for n in range(20):
        make_entry(world, status="published", document=law, question_vi=f"Hủy tờ khai xuất khẩu lần {n}?")
    with CaptureQueriesContext(connection) as many:
        response = anonymous.get(PUBLIC, {"q": "huy to khai"})
    assert (response.json()["count"], len(response.json()["results"])) == (25, 20)
    assert len(few) == len(many) <= 2
    with CaptureQueriesContext(connection) as browse:
        assert len(anonymous.get(PUBLIC).json()["results"]) == 20
    assert len(browse) <= 2


# --- Suggestions, votes, deflections, throttling ------------------------------------------------------------------


def test_suggestions_list_at_most_five_similar_entries(world, api_for, law):
    similar = [
        make_entry(world, status="published", document=law, question_vi=f"Hủy tờ khai nhập khẩu trường hợp {n}")
        for n in range(6)
    ]
    make_entry(world, status="published", document=law, question_vi="Hoàn thuế", answer_vi="Nộp hồ sơ hoàn thuế.")
    make_entry(world, status="draft", document=law, question_vi="Hủy tờ khai bản nháp")
    portal = api_for("portal_a")
    response = portal.get(PUBLIC + "suggest/", {"q": "Làm sao để hủy tờ khai nhập khẩu đã đăng ký"})
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 5
    assert {row["id"] for row in rows} <= {entry.pk for entry in similar}
    assert set(rows[0]) == {"id", "question", "snippet", "url"}
    assert rows[0]["url"].startswith(f"/question-bank/{rows[0]['id']}-huy-to-khai-nhap-khau")
    assert portal.get(PUBLIC + "suggest/", {"q": "   "}).json() == []
    assert portal.get(PUBLIC + "suggest/").json() == []


def test_a_visitor_is_counted_once_and_votes_per_address_are_limited(world, api_for, settings):
    settings.QUESTION_BANK_VOTES_PER_HOUR = 3
    entry = make_entry(world, status="published")
    url = f"{PUBLIC}{entry.pk}/vote/"
    first = api_for("anonymous").post(url, {"helpful": True}, HTTP_USER_AGENT="Browser A")
    assert first.json() == {"counted": True, "helpful_count": 1, "unhelpful_count": 0}
    again = api_for("anonymous").post(url, {"helpful": False}, HTTP_USER_AGENT="Browser A")
    assert again.json() == {"counted": False, "helpful_count": 1, "unhelpful_count": 0}
    signed_in = api_for("portal_a")
    assert signed_in.post(url, {"helpful": False}).json() == {"counted": True, "helpful_count": 1, "unhelpful_count": 1}
    assert signed_in.post(url, {"helpful": True}).json()["counted"] is False
    assert api_for("anonymous").post(url, {"helpful": True}, HTTP_USER_AGENT="Browser B").status_code == 200

    limited = api_for("anonymous").post(url, {"helpful": True}, HTTP_USER_AGENT="Browser C")
    assert limited.status_code == 429
    assert set(limited.json()) == {"detail"}
    entry = BankEntry.objects.get(pk=entry.pk)
    assert (entry.helpful_count, entry.unhelpful_count, entry.votes.count()) == (2, 1, 3)
    assert api_for("anonymous").post(url, {}).status_code == 400


def test_a_portal_user_records_that_an_entry_answered_its_question(world, api_for):
    entry = make_entry(world, status="published")
    url = f"{PUBLIC}{entry.pk}/deflect/"
    response = api_for("portal_a").post(url, {"query": "Làm sao hủy tờ khai đã đăng ký?"})
    assert response.status_code == 201
    deflection = BankDeflection.objects.get()
    assert (deflection.entry, deflection.enterprise, deflection.user, deflection.query) == (
        entry,
        world.ent_a,
        world.portal_a,
        "Làm sao hủy tờ khai đã đăng ký?",
    )
    assert response.json()["id"] == deflection.pk
    assert api_for("r5_officer").post(url, {"query": "x"}).status_code == 403
    assert api_for("anonymous").post(url, {"query": "x"}).status_code == 401
    draft = make_entry(world, status="draft")
    assert api_for("portal_a").post(f"{PUBLIC}{draft.pk}/deflect/", {"query": "x"}).status_code == 404
    assert BankDeflection.objects.count() == 1


def test_a_question_submitted_anyway_keeps_the_published_suggestions_it_was_shown(world, api_for):
    shown = make_entry(world, status="published")
    unpublished = make_entry(world, status="draft")
    response = api_for("portal_a").post(
        "/api/v1/questions/",
        {
            "title": "Hủy tờ khai đã thông quan",
            "body": "Tờ khai đã thông quan có hủy được không?",
            "suggested_entries": [shown.pk, unpublished.pk],
        },
    )
    assert response.status_code == 201
    question = Question.objects.get(pk=response.json()["id"])
    assert list(question.suggested_entries.all()) == [shown]
    without = api_for("portal_a").post("/api/v1/questions/", {"title": "Hỏi", "body": "Nội dung câu hỏi?"})
    assert without.status_code == 201
    assert not Question.objects.get(pk=without.json()["id"]).suggested_entries.exists()


def test_public_reads_and_suggestions_are_throttled_but_votes_are_not(world, api_for, settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "question_bank": "3/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    entry = make_entry(world, status="published")
    anonymous = api_for("anonymous")
    assert anonymous.get(PUBLIC).status_code == 200
    assert anonymous.get(f"{PUBLIC}{entry.pk}/").status_code == 200
    assert anonymous.get(PUBLIC + "suggest/", {"q": "hủy tờ khai"}).status_code == 200
    assert anonymous.get(PUBLIC, {"q": "huy"}).status_code == 429
    assert anonymous.get(PUBLIC + "suggest/", {"q": "hủy"}).status_code == 429
    assert anonymous.post(f"{PUBLIC}{entry.pk}/vote/", {"helpful": True}).status_code == 200
    assert api_for("portal_a").get(PUBLIC).status_code == 200  # signed-in users are counted on their own
