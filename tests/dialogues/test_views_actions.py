"""The follow-up action pages: the board (tabs, filters, overdue, export), an action's page with its progress log and
moves (start, progress, complete with evidence, cancel, refer), the evidence download, editing, and the outsiders."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from dialogues.models import ActionProgress, ActionStatus, ActionType, ConferenceStatus, FollowUpAction, OwnerSide
from dialogues.services import actions as services
from partnerships.models import AgreementStatus
from partnerships.services import agreements as agreement_services
from tests.dialogues.factories import PDF_BYTES, PNG_BYTES, make_action, make_conference, today
from tests.partnerships.factories import make_agreement

pytestmark = pytest.mark.django_db

BOARD = "/actions/"


@pytest.fixture
def browse(client_for):
    """client_for, reading the pages in English so that assertions do not depend on the Vietnamese catalogue."""

    def make(persona: str):
        client = client_for(persona)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def conference_r5(world):
    return make_conference(branch=world.region5, status=ConferenceStatus.HELD, title="Đối thoại doanh nghiệp quý I")


@pytest.fixture
def action_r5(conference_r5):
    return make_action(conference=conference_r5, title="Hướng dẫn thủ tục gia công", due_on=today() + timedelta(10))


def page_of(action) -> str:
    return f"/actions/{action.pk}/"


def move_url(action, move: str) -> str:
    return f"/actions/{action.pk}/moves/{move}/"


def titles_on(response) -> list[str]:
    return [action.title for action in response.context["actions"]]


# --- The board -----------------------------------------------------------------------------------------------------


def test_the_board_lists_the_actions_of_the_officers_units_with_source_owner_due_date_status_and_progress(
    world, browse, conference_r5
):
    make_action(
        conference=conference_r5,
        title="Tập huấn khai báo điện tử",
        owner=world.r5_officer,
        due_on=date(2030, 5, 31),
    )
    make_action(
        conference=make_conference(branch=world.region6, status=ConferenceStatus.HELD),
        title="Việc của khu vực VI",
    )
    response = browse("r5_officer").get(BOARD)
    assert response.status_code == 200
    assert titles_on(response) == ["Tập huấn khai báo điện tử"]
    html = response.content.decode()
    assert "Đối thoại doanh nghiệp quý I" in html
    assert world.r5_officer.display_name in html
    assert "31/05/2030" in html
    assert '<span class="badge action-open">Open</span>' in html
    assert '<rect class="act-bar-fill" width="0" height="10">' in html
    assert "Việc của khu vực VI" not in html


def test_the_office_under_region5_sees_only_its_own_actions_on_the_board(world, browse, conference_r5):
    make_action(conference=conference_r5, title="Việc của khu vực V")
    make_action(conference=conference_r5, title="Việc giao Hải quan Yên Phong", branch=world.region5_office)
    assert titles_on(browse("r5_office_officer").get(BOARD)) == ["Việc giao Hải quan Yên Phong"]
    assert titles_on(browse("r5_manager").get(BOARD)) == ["Việc của khu vực V", "Việc giao Hải quan Yên Phong"]


def test_the_tabs_show_mine_overdue_and_due_this_week(world, browse, conference_r5):
    make_action(conference=conference_r5, title="Của tôi", owner=world.r5_officer, due_on=today() + timedelta(30))
    overdue = make_action(conference=conference_r5, title="Quá hạn", due_on=today() - timedelta(2))
    make_action(conference=conference_r5, title="Tuần này", due_on=today() + timedelta(3))
    settled = make_action(conference=conference_r5, title="Quá hạn nhưng đã xong", due_on=today() - timedelta(5))
    services.complete_action(action=settled, by=None, evidence_note="Đã gửi công văn số 12/HQ")
    client = browse("r5_officer")
    assert titles_on(client.get(BOARD, {"view": "mine"})) == ["Của tôi"]
    assert titles_on(client.get(BOARD, {"view": "overdue"})) == ["Quá hạn"]
    assert titles_on(client.get(BOARD, {"view": "week"})) == ["Tuần này"]
    assert len(titles_on(client.get(BOARD))) == 4
    html = client.get(BOARD, {"view": "overdue"}).content.decode()
    assert 'class="is-overdue"' in html
    assert f'<span class="overdue">{overdue.due_on:%d/%m/%Y}</span>' in html
    assert '<a href="?view=overdue" class="active" aria-current="page">Overdue</a>' in html


def test_the_board_filters_by_status_type_unit_and_words(world, browse, conference_r5):
    started = make_action(conference=conference_r5, title="Sửa lỗi hệ thống VNACCS", type=ActionType.IT_FIX)
    services.start_action(action=started, by=None)
    make_action(conference=conference_r5, title="Tập huấn", type=ActionType.TRAINING, description="Về xuất xứ")
    make_action(conference=conference_r5, title="Việc của Yên Phong", branch=world.region5_office)
    client = browse("r5_manager")
    assert titles_on(client.get(BOARD, {"status": "in_progress"})) == ["Sửa lỗi hệ thống VNACCS"]
    assert titles_on(client.get(BOARD, {"type": "training"})) == ["Tập huấn"]
    assert titles_on(client.get(BOARD, {"q": "xuất xứ"})) == ["Tập huấn"]
    assert titles_on(client.get(BOARD, {"branch": world.region5_office.pk})) == ["Việc của Yên Phong"]
    empty = client.get(BOARD, {"q": "không có"})
    assert "No action matches." in empty.content.decode()


def test_a_unit_outside_the_scope_is_a_filter_error_not_a_leak(world, browse, conference_r5):
    make_action(conference=conference_r5, title="Việc của khu vực V")
    response = browse("r5_officer").get(BOARD, {"branch": world.region6.pk})
    assert response.status_code == 200
    assert titles_on(response) == []
    assert "Some filters are not valid" in response.content.decode()


def test_the_board_with_no_actions_explains_what_it_will_hold(browse, world):
    html = browse("r5_officer").get(BOARD).content.decode()
    assert "No follow-up actions yet." in html


def test_the_board_links_an_agreement_review_to_its_agreement(world, browse):
    agreement = make_agreement(branch=world.region5, status=AgreementStatus.UNDER_REVIEW, title="Thỏa thuận Đông Á")
    review = agreement_services.record_review(
        agreement=agreement, by=None, reviewed_on=today() - timedelta(1), outcome="continue"
    )
    make_action(agreement_review=review, title="Bổ sung cam kết về C/O")
    html = browse("r5_officer").get(BOARD).content.decode()
    assert f'<a href="/partnerships/agreements/{agreement.pk}/">Thỏa thuận Đông Á</a>' in html


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_board_runs_the_same_number_of_queries_for_one_action_or_many(world, browse, conference_r5):
    agreement = make_agreement(branch=world.region5, status=AgreementStatus.UNDER_REVIEW)
    review = agreement_services.record_review(agreement=agreement, by=None, reviewed_on=today(), outcome="continue")
    client = browse("r5_officer")
    make_action(conference=conference_r5, owner=world.r5_officer)
    one = _count_queries(client, BOARD)
    for n in range(6):
        make_action(
            conference=conference_r5 if n % 2 else None,
            agreement_review=None if n % 2 else review,
            title=f"Việc số {n}",
            owner=world.r5_officer,
            owner_side=OwnerSide.BUSINESS,
            owner_enterprise=world.ent_a,
        )
    assert _count_queries(client, BOARD) == one


def test_the_export_holds_the_filtered_actions_as_csv_and_xlsx(world, browse, conference_r5):
    make_action(
        conference=conference_r5,
        title="Trả lời vướng mắc C/O",
        owner=world.r5_officer,
        due_on=date(2030, 3, 31),
        owner_side=OwnerSide.BUSINESS,
        owner_enterprise=world.ent_a,
    )
    make_action(conference=conference_r5, title="Tập huấn", type=ActionType.TRAINING)
    client = browse("r5_officer")
    response = client.get("/actions/export/", {"as": "csv", "type": "written_answer"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Title", "Type", "Source"]
    assert rows[1] == [
        "Trả lời vướng mắc C/O",
        "Send a written answer",
        "Đối thoại doanh nghiệp quý I",
        "KV05",
        f"Chi cục Hải quan khu vực V · {world.r5_officer.display_name} · Công ty TNHH Điện tử Đông Á",
        "Enterprise",
        "2030-03-31",
        "Open",
        "0",
        "",
        "",
        "",
    ]
    assert len(rows) == 2
    xlsx = client.get("/actions/export/", {"as": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True)) == [
        "Trả lời vướng mắc C/O",
        "Tập huấn",
    ]


def test_the_export_of_a_region6_officer_holds_nothing_of_region5(browse, action_r5):
    response = browse("r6_officer").get("/actions/export/", {"as": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Hướng dẫn thủ tục gia công" not in body


def test_a_portal_user_cannot_open_the_board(browse, action_r5):
    assert browse("portal_a").get(BOARD).status_code == 403
    assert browse("portal_a").get(page_of(action_r5)).status_code == 403


# --- One action ----------------------------------------------------------------------------------------------------


def test_the_action_page_offers_the_moves_of_an_open_action(browse, action_r5):
    response = browse("r5_officer").get(page_of(action_r5))
    assert response.status_code == 200
    assert [move["name"] for move in response.context["moves"]] == ["start", "progress", "complete", "cancel", "refer"]
    html = response.content.decode()
    assert "Nothing logged yet." in html
    assert f'href="/actions/{action_r5.pk}/edit/"' in html


def test_starting_and_logging_progress_fill_the_log(world, browse, action_r5):
    client = browse("r5_officer")
    assert client.post(move_url(action_r5, "start"), {"note": "Đã phân công"}).status_code == 302
    response = client.post(move_url(action_r5, "progress"), {"progress": "60", "note": "Đã gửi dự thảo"})
    assert response.status_code == 302
    action_r5.refresh_from_db()
    assert (action_r5.status, action_r5.progress) == (ActionStatus.IN_PROGRESS, 60)
    assert list(action_r5.log.order_by("id").values_list("status", "progress", "note", "by")) == [
        ("in_progress", 0, "Đã phân công", world.r5_officer.pk),
        ("in_progress", 60, "Đã gửi dự thảo", world.r5_officer.pk),
    ]
    html = client.get(page_of(action_r5)).content.decode()
    assert "Đã gửi dự thảo" in html
    assert '<span class="act-pct">60%</span>' in html


def test_progress_of_100_percent_is_refused_beside_the_field(browse, action_r5):
    response = browse("r5_officer").post(move_url(action_r5, "progress"), {"progress": "100", "note": "Xong"})
    assert response.status_code == 200
    form = next(move["form"] for move in response.context["moves"] if move["name"] == "progress")
    assert form.errors == {"progress": ["Ensure this value is less than or equal to 99."]}
    action_r5.refresh_from_db()
    assert (action_r5.status, action_r5.progress) == (ActionStatus.OPEN, 0)


def test_progress_without_a_note_is_refused_beside_the_note(browse, action_r5):
    response = browse("r5_officer").post(move_url(action_r5, "progress"), {"progress": "30", "note": ""})
    form = next(move["form"] for move in response.context["moves"] if move["name"] == "progress")
    assert form.errors == {"note": ["Say what was done."]}
    assert '<p class="error" id="id_progress_note_error">Say what was done.</p>' in response.content.decode()


def test_completing_without_evidence_is_refused_with_the_error_beside_the_evidence_field(browse, action_r5):
    response = browse("r5_officer").post(move_url(action_r5, "complete"), {"evidence_note": "  "})
    assert response.status_code == 200
    form = next(move["form"] for move in response.context["moves"] if move["name"] == "complete")
    message = "Give the evidence: what was delivered, or attach the document."
    assert form.errors == {"evidence_note": [message]}
    html = response.content.decode()
    assert f'<p class="error" id="id_complete_evidence_note_error">{message}</p>' in html
    assert '<details class="move" id="move-complete" open>' in html
    action_r5.refresh_from_db()
    assert (action_r5.status, action_r5.progress, action_r5.completed_on) == (ActionStatus.OPEN, 0, None)
    assert not ActionProgress.objects.filter(action=action_r5).exists()


def test_completing_with_a_note_closes_the_action_at_100_percent(browse, action_r5):
    response = browse("r5_officer").post(
        move_url(action_r5, "complete"), {"evidence_note": "Công văn số 125/HQKV5-NV ngày 02/03"}
    )
    assert response.status_code == 302
    action_r5.refresh_from_db()
    assert (action_r5.status, action_r5.progress, action_r5.completed_on) == (ActionStatus.DONE, 100, today())
    assert action_r5.evidence_note == "Công văn số 125/HQKV5-NV ngày 02/03"
    page = browse("r5_officer").get(page_of(action_r5))
    assert page.context["moves"] == []
    assert "Công văn số 125/HQKV5-NV ngày 02/03" in page.content.decode()


def test_completing_with_a_scan_stores_it_and_serves_it_only_in_scope(browse, action_r5):
    scan = SimpleUploadedFile("cong-van.png", PNG_BYTES, content_type="image/png")
    response = browse("r5_officer").post(move_url(action_r5, "complete"), {"evidence_file": scan})
    assert response.status_code == 302
    action_r5.refresh_from_db()
    assert action_r5.status == ActionStatus.DONE
    download = browse("r5_manager").get(f"/actions/{action_r5.pk}/evidence/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG_BYTES
    assert "cong-van" in download["Content-Disposition"]
    assert browse("r6_officer").get(f"/actions/{action_r5.pk}/evidence/").status_code == 404
    assert browse("r5_office_officer").get(f"/actions/{action_r5.pk}/evidence/").status_code == 404


def test_a_file_that_is_not_a_pdf_jpeg_or_png_by_its_content_is_refused(browse, action_r5):
    fake = SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00 not really a pdf", content_type="application/pdf")
    response = browse("r5_officer").post(move_url(action_r5, "complete"), {"evidence_file": fake})
    form = next(move["form"] for move in response.context["moves"] if move["name"] == "complete")
    assert form.errors == {
        "evidence_file": ["This file is not a valid PDF, JPEG, PNG document; upload the signed scan as PDF, JPEG, PNG."]
    }
    action_r5.refresh_from_db()
    assert action_r5.status == ActionStatus.OPEN


def test_an_action_without_a_file_has_no_evidence_download(browse, action_r5):
    assert browse("r5_officer").get(f"/actions/{action_r5.pk}/evidence/").status_code == 404


def test_cancelling_needs_a_reason(browse, action_r5):
    client = browse("r5_officer")
    refused = client.post(move_url(action_r5, "cancel"), {"reason": ""})
    form = next(move["form"] for move in refused.context["moves"] if move["name"] == "cancel")
    assert form.errors == {"reason": ["Give the reason."]}
    assert client.post(move_url(action_r5, "cancel"), {"reason": "Doanh nghiệp đã tự khắc phục"}).status_code == 302
    action_r5.refresh_from_db()
    assert (action_r5.status, action_r5.status_reason) == (ActionStatus.CANCELLED, "Doanh nghiệp đã tự khắc phục")
    html = client.get(page_of(action_r5)).content.decode()
    assert "Doanh nghiệp đã tự khắc phục" in html
    assert "it is settled and no longer changes" in html


def test_referring_names_the_body_and_shows_it(browse, action_r5):
    client = browse("r5_officer")
    refused = client.post(move_url(action_r5, "refer"), {"referred_to": "", "reason": "Vượt thẩm quyền"})
    form = next(move["form"] for move in refused.context["moves"] if move["name"] == "refer")
    assert form.errors == {"referred_to": ["Name the body the action is referred to."]}
    response = client.post(move_url(action_r5, "refer"), {"referred_to": "Cục Hải quan", "reason": "Vượt thẩm quyền"})
    assert response.status_code == 302
    action_r5.refresh_from_db()
    assert (action_r5.status, action_r5.referred_to) == (ActionStatus.REFERRED, "Cục Hải quan")
    assert "Cục Hải quan" in client.get(page_of(action_r5)).content.decode()


def test_a_settled_action_refuses_another_move_with_a_clear_message(browse, action_r5):
    services.cancel_action(action=action_r5, by=None, reason="Trùng lặp")
    client = browse("r5_officer")
    response = client.post(move_url(action_r5, "start"), {"note": ""})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.context["moves"] == []
    assert "An action that is “Cancelled” cannot be started." in page.content.decode()
    action_r5.refresh_from_db()
    assert action_r5.status == ActionStatus.CANCELLED


def test_an_unknown_move_is_404(browse, action_r5):
    assert browse("r5_officer").post(move_url(action_r5, "delete")).status_code == 404


def test_editing_an_open_action_saves_its_details(world, browse, action_r5):
    response = browse("r5_officer").post(
        f"/actions/{action_r5.pk}/edit/",
        {
            "title": "Hướng dẫn thủ tục gia công, SXXK",
            "type": "internal_guidance",
            "description": "Ban hành hướng dẫn nội bộ",
            "branch": world.region5_office.pk,
            "owner": world.r5_office_officer.pk,
            "owner_side": "customs",
            "due_on": "2030-06-30",
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    action_r5.refresh_from_db()
    assert (action_r5.title, action_r5.type, action_r5.branch, action_r5.owner, action_r5.due_on) == (
        "Hướng dẫn thủ tục gia công, SXXK",
        "internal_guidance",
        world.region5_office,
        world.r5_office_officer,
        date(2030, 6, 30),
    )
    assert action_r5.is_public is True


def test_an_enterprise_side_action_needs_its_enterprise_beside_the_field(world, browse, action_r5):
    response = browse("r5_officer").post(
        f"/actions/{action_r5.pk}/edit/",
        {
            "title": "Doanh nghiệp bổ sung hồ sơ",
            "type": "other",
            "branch": world.region5.pk,
            "owner_side": "business",
            "due_on": "2030-06-30",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "owner_enterprise": ["Choose the enterprise responsible for this action."]
    }
    action_r5.refresh_from_db()
    assert action_r5.title == "Hướng dẫn thủ tục gia công"


def test_an_officer_from_another_unit_cannot_be_made_responsible(world, browse, action_r5):
    response = browse("r5_officer").post(
        f"/actions/{action_r5.pk}/edit/",
        {
            "title": "Hướng dẫn",
            "type": "other",
            "branch": world.region5_office.pk,
            "owner": world.r5_manager.pk,
            "owner_side": "customs",
            "due_on": "2030-06-30",
        },
    )
    assert response.context["form"].errors == {"owner": ["The responsible officer must work in the responsible unit."]}
    action_r5.refresh_from_db()
    assert action_r5.branch == world.region5


def test_a_settled_action_cannot_be_edited(browse, action_r5):
    services.complete_action(action=action_r5, by=None, evidence_note="Đã xong")
    response = browse("r5_officer").get(f"/actions/{action_r5.pk}/edit/")
    assert response.status_code == 302
    assert response["Location"] == page_of(action_r5)


# --- Outsiders -----------------------------------------------------------------------------------------------------


def test_a_region6_officer_gets_404_on_a_region5_action_and_changes_nothing(world, browse, action_r5):
    client = browse("r6_officer")
    assert client.get(page_of(action_r5)).status_code == 404
    assert client.get(f"/actions/{action_r5.pk}/edit/").status_code == 404
    edit = client.post(
        f"/actions/{action_r5.pk}/edit/",
        {
            "title": "Bị sửa",
            "type": "other",
            "branch": world.region6.pk,
            "owner_side": "customs",
            "due_on": "2030-01-01",
        },
    )
    assert edit.status_code == 404
    for move, data in [
        ("start", {"note": "x"}),
        ("progress", {"progress": "50", "note": "x"}),
        ("complete", {"evidence_note": "x"}),
        ("cancel", {"reason": "x"}),
        ("refer", {"referred_to": "x"}),
    ]:
        assert client.post(move_url(action_r5, move), data).status_code == 404, move
    unchanged = FollowUpAction.objects.get(pk=action_r5.pk)
    assert (unchanged.title, unchanged.status, unchanged.progress, unchanged.branch) == (
        "Hướng dẫn thủ tục gia công",
        ActionStatus.OPEN,
        0,
        world.region5,
    )
    assert not ActionProgress.objects.filter(action=action_r5).exists()


def test_the_evidence_of_a_pdf_scan_downloads_for_headquarters(browse, action_r5):
    scan = SimpleUploadedFile("bien-ban.pdf", PDF_BYTES, content_type="application/pdf")
    services.complete_action(action=action_r5, by=None, evidence_file=scan)
    response = browse("hq_admin").get(f"/actions/{action_r5.pk}/evidence/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
