"""Access rows of the staff question bank pages (joined into tests/crm/test_access_table.py through access_rows.py).
Every entry and question here belongs to Region V: Region V staff and headquarters are in scope; the office under V
and Region VI get 404; portal users 403; anonymous users the login page. The workflow moves that need a manager give
Region V's officer 403."""

from dialogues.models import Question
from tests.access import LOGIN, OFFICERS, STAFF_PAGE, Row, builder, expect
from tests.dialogues.bank_factories import answered_question, make_document, make_entry

R5_PAGE = expect(anon=LOGIN, staff=200, portal=403, r5_office_officer=404, r6_officer=404)
R5_POST = expect(anon=LOGIN, staff=302, portal=403, r5_office_officer=404, r6_officer=404)
R5_MANAGER_POST = expect(anon=LOGIN, staff=302, portal=403, **{**dict.fromkeys(OFFICERS, 404), "r5_officer": 403})
# The unit choices are the caller's own units: Region V is refused as invalid for the office and Region VI (400).
R5_FORM_POST = expect(anon=LOGIN, staff=302, portal=403, r5_office_officer=400, r6_officer=400)
UNKNOWN_MOVE = expect(anon=LOGIN, staff=404, portal=403)


@builder("dbh_law")
def _law(refs) -> int:
    return make_document(refs.world, number="38/2015/TT-BTC").pk


def _entry(status: str):
    def build(refs) -> int:
        document = make_document(refs.world)
        return make_entry(refs.world, status=status, document=document).pk

    return build


for _status in ("draft", "in_review", "published", "needs_update", "archived"):
    builder(f"dbh_{_status}")(_entry(_status))


@builder("dbh_answered")
def _answered(refs) -> int:
    return answered_question(refs.world).pk


def _entry_form(refs) -> dict:
    return {
        "citation_rows": "3",
        "question_vi": "Thủ tục hủy tờ khai hải quan như thế nào?",
        "answer_vi": "Doanh nghiệp nộp văn bản đề nghị hủy tờ khai.",
        "question_en": "",
        "answer_en": "",
        "category": "procedures",
        "tags": "hủy tờ khai",
        "branch": refs["region5"],
        "document_0": refs["dbh_law"],
        "article_0": "Điều 22",
        "intent": "save",
    }


E = "/question-bank-entries"

ROWS: list[Row] = [
    Row("bank-entry-list", "GET", f"{E}/", STAFF_PAGE),
    Row("bank-entry-create", "GET", f"{E}/new/", STAFF_PAGE),
    Row("bank-entry-create", "POST", f"{E}/new/", R5_FORM_POST, data=_entry_form),
    Row("bank-entry-detail", "GET", f"{E}/{{dbh_draft}}/", R5_PAGE),
    Row("bank-entry-detail", "GET", f"{E}/{{dbh_published}}/", R5_PAGE, label="(published)"),
    Row("bank-entry-edit", "GET", f"{E}/{{dbh_draft}}/edit/", R5_PAGE),
    Row("bank-entry-edit", "POST", f"{E}/{{dbh_draft}}/edit/", R5_POST, data=_entry_form),
    Row(
        "bank-entry-action",
        "POST",
        f"{E}/{{dbh_draft}}/submit/",
        R5_POST,
        data={"acknowledge_flags": "on"},
        label="(submit)",
    ),
    Row(
        "bank-entry-action",
        "POST",
        f"{E}/{{dbh_in_review}}/return/",
        R5_MANAGER_POST,
        data={"note": "Bỏ số tiền cụ thể"},
        label="(return)",
    ),
    Row(
        "bank-entry-link-question",
        "POST",
        f"{E}/{{dbh_draft}}/link-question/",
        R5_POST,
        data=lambda refs: {"reference": Question.objects.get(pk=refs["dbh_answered"]).reference},
    ),
    Row("bank-entry-action", "POST", f"{E}/{{dbh_in_review}}/approve/", R5_MANAGER_POST, data={}, label="(approve)"),
    Row("bank-entry-action", "POST", f"{E}/{{dbh_archived}}/publish/", R5_MANAGER_POST, data={}, label="(publish)"),
    Row("bank-entry-action", "POST", f"{E}/{{dbh_published}}/archive/", R5_MANAGER_POST, data={}, label="(archive)"),
    Row(
        "bank-entry-action",
        "POST",
        f"{E}/{{dbh_needs_update}}/mark-reviewed/",
        R5_MANAGER_POST,
        data={},
        label="(mark reviewed)",
    ),
    Row("bank-entry-action", "POST", f"{E}/{{dbh_draft}}/delete/", UNKNOWN_MOVE, data={}, label="(unknown move)"),
    Row("question-publish-to-bank", "POST", "/questions/{dbh_answered}/publish-to-bank/", R5_POST, data={}),
]
