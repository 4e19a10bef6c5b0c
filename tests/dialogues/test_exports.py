"""CSV/XLSX downloads of the dialogues lists: the questions inbox, the portal's "my questions", the question bank, the
legal documents, and the API `export` actions of questions, conferences, follow-up actions, bank entries and legal
documents — their columns and values, the list's filters and scoping, the refusals, and a constant query count."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from dialogues import exports, selectors
from dialogues.models import LegalDocumentStatus, LegalDocumentType, Question
from dialogues.services import legal as legal_services
from tests.dialogues.access_questions_api import make_question
from tests.dialogues.bank_factories import make_document, make_entry
from tests.dialogues.factories import make_action, make_conference
from tests.export_reading import count_queries, csv_rows, headers, in_english, xlsx_rows

pytestmark = pytest.mark.django_db


def as_dicts(rows: list[list]) -> list[dict]:
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def back_dated(world, days: int, **fields) -> Question:
    return make_question(world, received_at=timezone.now() - timedelta(days=days), **fields)


# --- The questions inbox (HTML) ----------------------------------------------------------------------------------


def test_the_inbox_downloads_its_filtered_questions_as_csv_with_dates_units_and_labels(world, client_for):
    kept = back_dated(world, 2, title="Thủ tục hủy tờ khai")
    make_question(world, title="Phân loại mã HS linh kiện", enterprise="ent_b")
    client = in_english(client_for("r5_officer"))

    rows = csv_rows(client.get("/questions/", {"as": "csv", "q": "thủ tục hủy"}))

    assert rows[0] == headers(exports.QUESTION_COLUMNS)
    [row] = as_dicts(rows)
    received = timezone.localtime(kept.received_at).date()
    assert row["Reference"] == kept.reference
    assert row["Title"] == "Thủ tục hủy tờ khai"
    assert row["Tax code"] == "2352601817"
    assert row["Enterprise"] == "Công ty TNHH Điện tử Đông Á"
    assert row["Channel"] == "Email"
    assert row["Status"] == "Received"
    assert row["Received on"] == received.isoformat()
    assert row["Customs unit code"] == "KV05"
    assert row["Customs unit"] == "Chi cục Hải quan khu vực V"
    assert row["Due on"] == (kept.due_on.isoformat() if kept.due_on else "")


def test_the_inbox_xlsx_holds_dates_as_dates_and_the_tab_applies(world, client_for):
    question = back_dated(world, 1, title="Thủ tục hủy tờ khai")
    client = in_english(client_for("r5_officer"))

    rows = xlsx_rows(client.get("/questions/", {"as": "xlsx"}))
    assert rows[0] == headers(exports.QUESTION_COLUMNS)
    [row] = as_dicts(rows)
    assert row["Reference"] == question.reference
    assert row["Received on"].date() == timezone.localtime(question.received_at).date()

    # The "awaiting the enterprise" tab holds none of them.
    assert xlsx_rows(client.get("/questions/", {"as": "xlsx", "view": "awaiting"})) == [
        headers(exports.QUESTION_COLUMNS)
    ]


def test_a_region6_officer_never_downloads_region5_questions(world, client_for):
    make_question(world)
    make_question(world, by=world.r6_officer, branch=world.region6, enterprise="ent_r6", title="Kiểm dịch nông sản")

    rows = csv_rows(in_english(client_for("r6_officer")).get("/questions/", {"as": "csv"}))

    assert [row["Title"] for row in as_dicts(rows)] == ["Kiểm dịch nông sản"]


@pytest.mark.parametrize(
    ("url", "persona"),
    [
        ("/questions/", "r5_officer"),
        ("/question-bank-entries/", "r5_officer"),
        ("/legal-documents/", "r5_officer"),
        ("/portal/questions/", "portal_a"),
    ],
)
def test_an_unknown_format_is_a_400_with_a_message(world, client_for, url, persona):
    response = client_for(persona).get(url, {"as": "pdf"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert b"pdf" in response.content


@pytest.mark.parametrize(
    ("url", "params", "persona"),
    [
        ("/questions/", {"status": "no_such_status"}, "r5_officer"),
        ("/questions/", {"received_from": "31/02/2026"}, "r5_officer"),
        ("/question-bank-entries/", {"category": "no_such_category"}, "r5_officer"),
        ("/legal-documents/", {"doc_type": "no_such_type"}, "r5_officer"),
        ("/portal/questions/", {"status": "no_such_group"}, "portal_a"),
    ],
)
def test_invalid_filters_refuse_the_download_with_a_400(world, client_for, url, params, persona):
    response = client_for(persona).get(url, {**params, "as": "csv"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")


def test_the_inbox_download_runs_as_many_queries_for_30_questions_as_for_3(
    world, client_for, django_assert_max_num_queries
):
    for n in range(3):
        make_question(world, title=f"Câu hỏi {n}")
    client = client_for("r5_officer")
    few = {file_format: count_queries(client, "/questions/", {"as": file_format}) for file_format in ("csv", "xlsx")}
    for n in range(27):
        make_question(world, title=f"Câu hỏi thêm {n}")
    with django_assert_max_num_queries(few["csv"]):
        assert len(csv_rows(client.get("/questions/", {"as": "csv"}))) == 31
    with django_assert_max_num_queries(few["xlsx"]):
        assert len(xlsx_rows(client.get("/questions/", {"as": "xlsx"}))) == 31


# --- The portal's "my questions" -----------------------------------------------------------------------------------


def test_the_portal_download_holds_the_enterprises_own_questions_without_staff_fields(world, client_for):
    own = make_question(world, title="Thủ tục hủy tờ khai")
    make_question(world, title="Câu hỏi của doanh nghiệp khác", enterprise="ent_b")
    client = in_english(client_for("portal_a"))

    rows = csv_rows(client.get("/portal/questions/", {"as": "csv"}))

    assert rows[0] == headers(exports.PORTAL_QUESTION_COLUMNS)
    assert not {"Assigned to", "Assigned unit", "Customs unit", "Priority"} & set(rows[0])
    [row] = as_dicts(rows)
    assert row["Reference"] == own.reference
    assert row["Title"] == "Thủ tục hủy tờ khai"
    assert row["Status"] == "Received"
    # The status group applies: nothing of ent_a waits for its reply.
    assert len(csv_rows(client.get("/portal/questions/", {"as": "csv", "status": "waiting"}))) == 1


def test_the_portal_download_runs_as_many_queries_for_30_questions_as_for_3(
    world, client_for, django_assert_max_num_queries
):
    for n in range(3):
        make_question(world, title=f"Câu hỏi {n}")
    client = client_for("portal_a")
    few = count_queries(client, "/portal/questions/", {"as": "xlsx"})
    for n in range(27):
        make_question(world, title=f"Câu hỏi thêm {n}")
    with django_assert_max_num_queries(few):
        rows = xlsx_rows(client.get("/portal/questions/", {"as": "xlsx"}))
    assert len(rows) == 31


# --- The question bank and the legal documents ---------------------------------------------------------------------


def test_the_bank_download_follows_the_tab_and_the_search(world, client_for):
    document = make_document(world)
    published = make_entry(world, document=document, question_vi="Thủ tục hủy tờ khai hải quan như thế nào?")
    make_entry(world, status="draft", document=document, question_vi="Hoàn thuế nhập khẩu nguyên liệu")
    client = in_english(client_for("r5_officer"))

    rows = csv_rows(client.get("/question-bank-entries/", {"as": "csv", "view": "published"}))

    assert rows[0] == headers(exports.BANK_ENTRY_COLUMNS)
    [row] = as_dicts(rows)
    assert row["Number"] == str(published.pk)
    assert row["Question (Vietnamese)"] == "Thủ tục hủy tờ khai hải quan như thế nào?"
    assert row["Status"] == "Published"
    assert row["Shown to the public"] == "x"
    assert row["Customs unit code"] == "KV05"
    assert row["Approved by"] == world.r5_manager.display_name
    assert row["Tags"] == "hủy tờ khai"
    searched = csv_rows(client.get("/question-bank-entries/", {"as": "csv", "q": "hoàn thuế"}))
    assert [r["Question (Vietnamese)"] for r in as_dicts(searched)] == ["Hoàn thuế nhập khẩu nguyên liệu"]
    assert len(csv_rows(in_english(client_for("r6_officer")).get("/question-bank-entries/", {"as": "csv"}))) == 1


def test_the_legal_documents_download_holds_the_filtered_register(world, client_for):
    make_document(world, number="38/2015/TT-BTC", title="Thông tư quy định về thủ tục hải quan")
    legal_services.create_legal_document(
        by=world.r5_officer,
        number="08/2015/NĐ-CP",
        doc_type=LegalDocumentType.DECREE,
        title="Nghị định quy định chi tiết Luật Hải quan",
        issuer="Chính phủ",
        issued_on=date(2015, 1, 21),
        effective_from=date(2015, 3, 15),
    )
    client = in_english(client_for("r5_officer"))

    rows = xlsx_rows(client.get("/legal-documents/", {"as": "xlsx", "doc_type": LegalDocumentType.DECREE}))

    assert rows[0] == headers(exports.LEGAL_DOCUMENT_COLUMNS)
    [row] = as_dicts(rows)
    assert row["Number"] == "08/2015/NĐ-CP"
    assert row["Issuer"] == "Chính phủ"
    assert row["Issued on"].date() == date(2015, 1, 21)
    assert row["Effective from"].date() == date(2015, 3, 15)
    assert row["Status"] == str(LegalDocumentStatus.IN_FORCE.label)


# --- The API export actions ----------------------------------------------------------------------------------------


def test_the_questions_api_export_uses_the_lists_filters_and_scope(world, api_for):
    kept = make_question(world, title="Thủ tục hủy tờ khai")
    make_question(world, title="Phân loại mã HS", enterprise="ent_b")
    make_question(world, by=world.r6_officer, branch=world.region6, enterprise="ent_r6", title="Kiểm dịch")
    client = in_english(api_for("r5_officer"))

    rows = csv_rows(client.get("/api/v1/questions/export/", {"as": "csv", "enterprise": world.ent_a.pk}))

    assert rows[0] == headers(exports.QUESTION_COLUMNS)
    assert [(r["Reference"], r["Title"]) for r in as_dicts(rows)] == [(kept.reference, "Thủ tục hủy tờ khai")]
    everything = csv_rows(in_english(api_for("r6_officer")).get("/api/v1/questions/export/"))
    assert [r["Title"] for r in as_dicts(everything)] == ["Kiểm dịch"]


def test_a_portal_user_exports_their_own_questions_in_the_portals_columns_through_the_api(world, api_for):
    own = make_question(world, title="Thủ tục hủy tờ khai")
    make_question(world, title="Phân loại mã HS", enterprise="ent_b")

    rows = xlsx_rows(in_english(api_for("portal_a")).get("/api/v1/questions/export/", {"as": "xlsx"}))

    assert rows[0] == headers(exports.PORTAL_QUESTION_COLUMNS)
    assert [r["Reference"] for r in as_dicts(rows)] == [own.reference]


def test_the_api_export_refuses_an_unknown_format_and_invalid_filters_with_a_400(world, api_for):
    client = api_for("r5_officer")
    unknown = client.get("/api/v1/questions/export/", {"as": "ods"})
    assert unknown.status_code == 400
    assert "detail" in unknown.json()
    invalid = client.get("/api/v1/questions/export/", {"status": "no_such_status"})
    assert invalid.status_code == 400
    assert "status" in invalid.json()


def test_the_conferences_api_export_counts_invitations_and_stays_in_scope(world, api_for):
    conference = make_conference(branch=world.region5, title="Đối thoại doanh nghiệp quý I", invite=[world.ent_a])
    make_conference(branch=world.region6, title="Đối thoại Lạng Sơn")
    client = in_english(api_for("r5_officer"))

    rows = csv_rows(client.get("/api/v1/conferences/export/", {"as": "csv"}))

    assert rows[0] == headers(exports.CONFERENCE_COLUMNS)
    [row] = as_dicts(rows)
    assert row["Title"] == "Đối thoại doanh nghiệp quý I"
    assert row["Organising unit code"] == "KV05"
    assert row["Date"] == timezone.localtime(conference.starts_at).date().isoformat()
    assert row["Invited"] == "1"
    assert row["Registered"] == "0"
    assert api_for("portal_a").get("/api/v1/conferences/export/").status_code == 403


def test_the_actions_api_export_holds_the_filtered_actions(world, api_for):
    conference = make_conference(branch=world.region5, title="Đối thoại doanh nghiệp quý I")
    make_action(conference=conference, title="Trả lời vướng mắc C/O", due_on=date(2030, 3, 31))
    make_action(conference=conference, title="Tập huấn", type="training")

    rows = csv_rows(in_english(api_for("r5_officer")).get("/api/v1/actions/export/", {"type": "written_answer"}))

    assert rows[0] == headers(exports.ACTION_COLUMNS)
    [row] = as_dicts(rows)
    assert (row["Title"], row["Source"], row["Due on"]) == (
        "Trả lời vướng mắc C/O",
        "Đối thoại doanh nghiệp quý I",
        "2030-03-31",
    )
    assert len(csv_rows(api_for("r6_officer").get("/api/v1/actions/export/"))) == 1


def test_the_bank_and_legal_api_exports_hold_the_filtered_rows(world, api_for):
    document = make_document(world, number="38/2015/TT-BTC")
    make_entry(world, document=document)
    make_entry(world, status="draft", document=document, question_vi="Hoàn thuế nhập khẩu")
    client = in_english(api_for("r5_officer"))

    entries = as_dicts(csv_rows(client.get("/api/v1/question-bank-entries/export/", {"status": "draft"})))
    assert [e["Question (Vietnamese)"] for e in entries] == ["Hoàn thuế nhập khẩu"]
    documents = as_dicts(xlsx_rows(client.get("/api/v1/legal-documents/export/", {"as": "xlsx", "q": "38/2015"})))
    assert [d["Number"] for d in documents] == ["38/2015/TT-BTC"]
    assert api_for("r6_officer").get("/api/v1/question-bank-entries/export/").status_code == 200
    assert len(csv_rows(api_for("r6_officer").get("/api/v1/question-bank-entries/export/"))) == 1


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("/api/v1/questions/export/", lambda world, n: make_question(world, title=f"Câu hỏi {n}")),
        (
            "/api/v1/question-bank-entries/export/",
            lambda world, n: make_entry(world, question_vi=f"Câu hỏi {n}", document=make_document(world)),
        ),
        (
            "/api/v1/actions/export/",
            lambda world, n: make_action(
                conference=make_conference(branch=world.region5, title=f"Hội nghị {n}"), title=f"Việc {n}"
            ),
        ),
        ("/api/v1/conferences/export/", lambda world, n: make_conference(branch=world.region5, invite=[world.ent_a])),
    ],
)
def test_an_api_export_runs_as_many_queries_for_30_rows_as_for_3(
    world, api_for, django_assert_max_num_queries, url, make
):
    for n in range(3):
        make(world, n)
    client = api_for("r5_officer")
    few = count_queries(client, url, {"as": "csv"})
    for n in range(3, 30):
        make(world, n)
    with django_assert_max_num_queries(few):
        rows = csv_rows(client.get(url, {"as": "csv"}))
    assert len(rows) == 31


def test_the_question_columns_read_nothing_the_selector_does_not_join(world, django_assert_num_queries):
    make_question(world, title="Thủ tục hủy tờ khai")
    [row] = list(selectors.questions_visible_to(world.r5_officer))
    with django_assert_num_queries(0):
        values = [column.value(row) for column in exports.QUESTION_COLUMNS]
    assert values[:2] == [row.reference, "Thủ tục hủy tờ khai"]


def test_the_bank_and_legal_page_downloads_run_as_many_queries_for_30_rows_as_for_3(
    world, client_for, django_assert_max_num_queries
):
    document = make_document(world)
    for n in range(3):
        make_entry(world, status="draft", question_vi=f"Câu hỏi {n}", document=document)
        make_document(world)
    client = client_for("r5_officer")
    few = {url: count_queries(client, url, {"as": "xlsx"}) for url in ("/question-bank-entries/", "/legal-documents/")}
    for n in range(3, 30):
        make_entry(world, status="draft", question_vi=f"Câu hỏi {n}", document=document)
        make_document(world)
    with django_assert_max_num_queries(few["/question-bank-entries/"]):
        assert len(xlsx_rows(client.get("/question-bank-entries/", {"as": "xlsx"}))) == 31
    with django_assert_max_num_queries(few["/legal-documents/"]):
        assert len(xlsx_rows(client.get("/legal-documents/", {"as": "xlsx"}))) == 32  # and the entries' document
