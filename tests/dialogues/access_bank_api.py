"""Access rows of the question bank API (joined into tests/crm/test_access_table.py through access_rows.py).

The public resource (`question-bank`) needs no login: everyone reads published entries and votes; unpublished ones
are a 404 for everyone, staff included; only portal users record a deflection (staff 403, anonymous 401).
The staff resource (`question-bank-entries`) works on entries of Region V, written and submitted by Region V's
officer: Region V staff and headquarters are in scope, the office under V and Region VI get 404, portal users 403,
anonymous callers 401. The moves that need a manager give Region V's officer 403."""

from tests.access import API_STAFF_READ, OFFICERS, Row, builder, expect
from tests.dialogues.bank_factories import answered_question, make_document, make_entry


@builder("qba_law")
def _law(refs) -> int:
    return make_document(refs.world).pk


def _entry(status: str):
    def build(refs) -> int:
        return make_entry(refs.world, status=status).pk

    return build


for _status in ("draft", "in_review", "published", "needs_update", "archived"):
    builder(f"qba_{_status}")(_entry(_status))


@builder("qba_answered")
def _answered(refs) -> int:
    return answered_question(refs.world).pk


def _new_entry(refs) -> dict:
    return {
        "question_vi": "Thời hạn nộp bổ sung C/O mẫu E là bao lâu?",
        "answer_vi": "Doanh nghiệp nộp bổ sung trong thời hạn 30 ngày kể từ ngày đăng ký tờ khai.",
        "category": "origin",
        "tags": ["C/O", "ưu đãi đặc biệt"],
        "citations": [{"document": refs["qba_law"], "article": "Điều 16"}],
    }


EVERYONE = expect(anon=200, staff=200, portal=200)
NOBODY = expect(anon=404, staff=404, portal=404)
# A Region V entry: Region V staff and headquarters in scope; the office and Region VI → 404; portal → 403.
R5_MOVE = expect(anon=401, staff=200, portal=403, r5_office_officer=404, r6_officer=404)
R5_MANAGER_MOVE = expect(anon=401, staff=200, portal=403, **{**dict.fromkeys(OFFICERS, 404), "r5_officer": 403})

B = "/api/v1/question-bank/"
E = "/api/v1/question-bank-entries/"

ROWS: list[Row] = [
    # --- Public (no login) ---------------------------------------------------------------------------------------
    Row("question-bank-list", "GET", B, EVERYONE),
    Row("question-bank-list", "GET", B, EVERYONE, data={"q": "huy to khai"}, label="(search)"),
    Row("question-bank-detail", "GET", B + "{qba_published}/", EVERYONE),
    Row("question-bank-detail", "GET", B + "{qba_needs_update}/", EVERYONE, label="(needs update)"),
    Row("question-bank-detail", "GET", B + "{qba_draft}/", NOBODY, label="(draft)"),
    Row("question-bank-detail", "GET", B + "{qba_in_review}/", NOBODY, label="(in review)"),
    Row("question-bank-detail", "GET", B + "{qba_archived}/", NOBODY, label="(archived)"),
    Row("question-bank-suggest", "GET", B + "suggest/", EVERYONE, data={"q": "Làm sao hủy tờ khai đã đăng ký?"}),
    Row("question-bank-vote", "POST", B + "{qba_published}/vote/", EVERYONE, data={"helpful": True}),
    Row("question-bank-vote", "POST", B + "{qba_draft}/vote/", NOBODY, data={"helpful": True}, label="(draft)"),
    Row(
        "question-bank-deflect",
        "POST",
        B + "{qba_published}/deflect/",
        expect(anon=401, staff=403, portal=201),
        data={"query": "Làm sao hủy tờ khai đã đăng ký?"},
    ),
    # --- Staff: entries ------------------------------------------------------------------------------------------
    Row("question-bank-entry-list", "GET", E, API_STAFF_READ),
    Row("question-bank-entry-list", "POST", E, expect(anon=401, staff=201, portal=403), data=_new_entry),
    Row(
        "question-bank-entry-from-question",
        "POST",
        E + "from-question/",
        # The question is Region V's: outside the office's and Region VI's units it is an unknown choice (400).
        expect(anon=401, staff=201, portal=403, r5_office_officer=400, r6_officer=400),
        data=lambda r: {"question": r["qba_answered"]},
    ),
    Row("question-bank-entry-detail", "GET", E + "{qba_draft}/", R5_MOVE),
    Row(
        "question-bank-entry-detail",
        "PATCH",
        E + "{qba_draft}/",
        R5_MOVE,
        data={"question_vi": "Thủ tục hủy tờ khai hải quan đã đăng ký như thế nào?"},
    ),
    Row("question-bank-entry-detail", "DELETE", E + "{qba_draft}/", expect(anon=401, staff=405, portal=403)),
    Row("question-bank-entry-submit", "POST", E + "{qba_draft}/submit/", R5_MOVE, data={"acknowledge_flags": True}),
    Row("question-bank-entry-approve", "POST", E + "{qba_in_review}/approve/", R5_MANAGER_MOVE),
    Row(
        "question-bank-entry-return",
        "POST",
        E + "{qba_in_review}/return/",
        R5_MANAGER_MOVE,
        data={"note": "Bỏ số tiền cụ thể."},
    ),
    Row("question-bank-entry-publish", "POST", E + "{qba_archived}/publish/", R5_MANAGER_MOVE),
    Row("question-bank-entry-archive", "POST", E + "{qba_published}/archive/", R5_MANAGER_MOVE),
    Row("question-bank-entry-mark-reviewed", "POST", E + "{qba_needs_update}/mark-reviewed/", R5_MANAGER_MOVE),
    Row(
        "question-bank-entry-link-questions",
        "POST",
        E + "{qba_draft}/link-questions/",
        R5_MOVE,
        data=lambda r: {"questions": [r["qba_answered"]]},
    ),
]
