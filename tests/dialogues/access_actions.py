"""Access rows: dialogues actions (joined into tests/crm/test_access_table.py through access_rows.py)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from dialogues.models import ConferenceStatus
from dialogues.services import actions as action_services
from dialogues.services import questions as question_services
from tests.access import LOGIN, STAFF_PAGE, Row, builder, expect
from tests.dialogues.factories import PDF_BYTES, make_action, make_conference

# An action of Region V: Region V staff and headquarters in scope; the office under V and Region VI → 404.
R5_PAGE = expect(anon=LOGIN, staff=200, portal=403, r5_office_officer=404, r6_officer=404)
R5_POST = expect(anon=LOGIN, staff=302, portal=403, r5_office_officer=404, r6_officer=404)


@builder("dact_action_r5")
def _action_r5(refs) -> int:
    conference = make_conference(branch=refs.world.region5, status=ConferenceStatus.HELD, title="Đối thoại quý I")
    return make_action(conference=conference, title="Hướng dẫn thủ tục gia công").pk


@builder("dact_action_r5_done")
def _action_r5_done(refs) -> int:
    action = make_action(
        conference=make_conference(branch=refs.world.region5, status=ConferenceStatus.HELD, title="Đối thoại quý II"),
        title="Tập huấn khai báo điện tử",
    )
    evidence = SimpleUploadedFile("bien-ban.pdf", PDF_BYTES, content_type="application/pdf")
    return action_services.complete_action(action=action, by=None, evidence_file=evidence).pk


@builder("dact_question_r5")
def _question_r5(refs) -> int:
    return question_services.record_question(
        by=None, branch=refs.world.region5, channel="hotline", title="Hoàn thuế", body="Hồ sơ hoàn thuế gồm gì?"
    ).pk


BASE = "/actions"

ROWS: list[Row] = [
    Row("question-action-create", "GET", "/questions/{dact_question_r5}/actions/new/", R5_PAGE),
    Row(
        "question-action-create",
        "POST",
        "/questions/{dact_question_r5}/actions/new/",
        R5_POST,
        data=lambda r: {
            "title": "Gửi công văn trả lời",
            "type": "written_answer",
            "branch": r["region5"],
            "owner_side": "customs",
            "due_on": "2030-06-30",
        },
    ),
    Row("action-list", "GET", f"{BASE}/", STAFF_PAGE),
    Row("action-export", "GET", f"{BASE}/export/", STAFF_PAGE),
    Row("action-detail", "GET", f"{BASE}/{{dact_action_r5}}/", R5_PAGE),
    Row("action-edit", "GET", f"{BASE}/{{dact_action_r5}}/edit/", R5_PAGE),
    Row(
        "action-edit",
        "POST",
        f"{BASE}/{{dact_action_r5}}/edit/",
        R5_POST,
        data=lambda r: {
            "title": "Hướng dẫn thủ tục gia công (sửa)",
            "type": "training",
            "branch": r["region5"],
            "owner_side": "customs",
            "due_on": "2030-06-30",
        },
    ),
    Row("action-evidence", "GET", f"{BASE}/{{dact_action_r5_done}}/evidence/", R5_PAGE),
    Row("action-move", "POST", f"{BASE}/{{dact_action_r5}}/moves/start/", R5_POST, data={"note": "Bắt đầu"}),
    Row(
        "action-move",
        "POST",
        f"{BASE}/{{dact_action_r5}}/moves/progress/",
        R5_POST,
        data={"progress": "40", "note": "Đã gửi dự thảo"},
    ),
    Row(
        "action-move",
        "POST",
        f"{BASE}/{{dact_action_r5}}/moves/complete/",
        expect(anon=LOGIN, staff=200, portal=403, r5_office_officer=404, r6_officer=404),
        data={"evidence_note": ""},
        label="(no evidence: the form again)",
    ),
    Row(
        "action-move",
        "POST",
        f"{BASE}/{{dact_action_r5}}/moves/refer/",
        R5_POST,
        data={"referred_to": "Cục Hải quan", "reason": "Vượt thẩm quyền"},
    ),
]
