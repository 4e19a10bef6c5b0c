from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from dialogues.models import ActionProgress, ActionStatus, ConferenceStatus, FollowUpAction, OwnerSide
from dialogues.services import actions as services
from partnerships.models import AgreementStatus
from partnerships.services import agreements as agreement_services
from tests.dialogues.factories import PDF_BYTES, make_action, make_conference, today
from tests.partnerships.factories import make_agreement

pytestmark = pytest.mark.django_db

A = ActionStatus
LIST = "/api/v1/actions/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def api(api_for):
    client = api_for("r5_officer")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def held(world):
    return make_conference(branch=world.region5, status=ConferenceStatus.HELD)


def url(action: FollowUpAction, move: str = "") -> str:
    return f"{LIST}{action.pk}/" + (f"{move}/" if move else "")


def snapshot(action: FollowUpAction) -> tuple:
    row = FollowUpAction.objects.get(pk=action.pk)
    return (
        row.status,
        row.title,
        row.progress,
        row.due_on,
        row.updated_at,
        row.evidence_note,
        row.evidence_file.name,
        row.referred_to,
        row.status_reason,
        row.log.count(),
    )


def pdf(name: str = "cong-van.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def review_of(world):
    agreement = make_agreement(branch=world.region5, status=AgreementStatus.ACTIVE)
    return agreement_services.record_review(
        agreement=agreement, by=None, reviewed_on=today(), outcome="continue", notes="Rà soát năm"
    )


# --- List and detail ---------------------------------------------------------------------------------------------


def test_the_list_holds_the_callers_subtree_and_filters_overdue(world, api):
    late = make_action(conference=make_conference(branch=world.region5), due_on=today() - timedelta(days=2))
    on_time = make_action(conference=make_conference(branch=world.region5_office), title="Tập huấn")
    make_action(conference=make_conference(branch=world.region6), title="Khác")

    every = api.get(LIST)
    overdue = api.get(LIST, {"view": "overdue"})

    assert every.status_code == 200
    assert [row["id"] for row in every.data["results"]] == [late.pk, on_time.pk]
    assert [row["id"] for row in overdue.data["results"]] == [late.pk]
    assert overdue.data["results"][0]["is_overdue"] is True
    assert every.data["results"][1]["branch_code"] == "KV05-YP"


def test_the_list_runs_the_same_queries_for_one_or_four_actions(world, api, django_assert_num_queries):
    conference = make_conference(branch=world.region5)
    make_action(conference=conference)
    api.get(LIST)  # the caller's membership is read once and kept on the user
    with CaptureQueriesContext(connection) as one:
        assert api.get(LIST).data["count"] == 1
    review = review_of(world)
    make_action(conference=conference, owner=world.r5_officer)
    make_action(conference=conference, owner_side=OwnerSide.BUSINESS, owner_enterprise=world.ent_a)
    make_action(agreement_review=review)
    with django_assert_num_queries(len(one)):
        assert api.get(LIST).data["count"] == 4


def test_the_detail_shows_the_progress_log_and_the_allowed_moves(world, api, held):
    action = make_action(conference=held)
    services.log_progress(action=action, by=world.r5_officer, progress=40, note="Đã dự thảo công văn")

    data = api.get(url(action)).data

    assert (data["status"], data["progress"], data["conference"], data["conference_title"]) == (
        A.IN_PROGRESS,
        40,
        held.pk,
        held.title,
    )
    assert [(e["progress"], e["status"], e["note"], e["by"]) for e in data["log"]] == [
        (40, A.IN_PROGRESS, "Đã dự thảo công văn", world.r5_officer.pk)
    ]
    assert data["allowed_actions"] == ["complete", "cancel", "refer", "progress", "update"]


# --- Create and update -------------------------------------------------------------------------------------------


def test_an_action_is_created_from_a_conference_in_the_conferences_unit(world, api, held):
    response = api.post(
        LIST,
        {
            "conference": held.pk,
            "type": "written_answer",
            "title": "Trả lời về hoàn thuế",
            "due_on": "2026-12-31",
            "owner": world.r5_officer.pk,
            "status": A.DONE,
        },
        format="json",
    )

    assert response.status_code == 201, response.data
    action = FollowUpAction.objects.get()
    assert (action.conference, action.branch, action.owner, action.status, action.due_on) == (
        held,
        world.region5,
        world.r5_officer,
        A.OPEN,
        date(2026, 12, 31),
    )


def test_an_action_is_created_from_an_agreement_review(world, api):
    review = review_of(world)

    response = api.post(
        LIST,
        {"agreement_review": review.pk, "type": "working_visit", "title": "Thăm doanh nghiệp", "due_on": "2026-11-30"},
        format="json",
    )

    assert response.status_code == 201, response.data
    assert (response.data["agreement_review"], response.data["agreement"]) == (review.pk, review.agreement_id)
    assert FollowUpAction.objects.get().branch == world.region5


def test_an_action_needs_exactly_one_source(world, api, held):
    review = review_of(world)
    body = {"type": "other", "title": "Việc", "due_on": "2026-12-31"}

    both = api.post(LIST, {**body, "conference": held.pk, "agreement_review": review.pk}, format="json")
    none = api.post(LIST, body, format="json")

    expected = {"non_field_errors": ["Give exactly one source: a conference, an agreement review or a question."]}
    assert (both.status_code, both.data) == (400, expected)
    assert (none.status_code, none.data) == (400, expected)
    assert FollowUpAction.objects.count() == 0


def test_a_conference_of_another_region_is_refused_as_a_source(world, api):
    foreign = make_conference(branch=world.region6)

    response = api.post(
        LIST, {"conference": foreign.pk, "type": "other", "title": "Việc", "due_on": "2026-12-31"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.data) == ["conference"]
    assert FollowUpAction.objects.count() == 0


def test_an_open_action_is_edited_but_a_settled_one_is_not(world, api, held):
    open_ = make_action(conference=held)
    done = make_action(conference=held, title="Đã xong")
    services.complete_action(action=done, by=None, evidence_note="Công văn 12/HQ")
    before = snapshot(done)

    ok = api.patch(url(open_), {"title": "Trả lời bằng văn bản (sửa)", "due_on": "2026-10-01"}, format="json")
    refused = api.patch(url(done), {"title": "Đổi"}, format="json")

    assert ok.status_code == 200
    assert (ok.data["title"], ok.data["due_on"]) == ("Trả lời bằng văn bản (sửa)", "2026-10-01")
    assert refused.status_code == 400
    assert refused.data == {"detail": "This action is settled; its details can no longer change."}
    assert snapshot(done) == before


def test_the_responsible_officer_must_work_in_the_responsible_unit(world, api, held):
    action = make_action(conference=held)
    before = snapshot(action)

    response = api.patch(url(action), {"branch": world.region5_office.pk, "owner": world.r5_officer.pk}, format="json")

    assert response.status_code == 400
    assert response.data == {"owner": ["The responsible officer must work in the responsible unit."]}
    assert snapshot(action) == before


# --- Moves -------------------------------------------------------------------------------------------------------


def test_an_open_action_starts_once(world, api, held):
    action = make_action(conference=held)

    ok = api.post(url(action, "start"), {"note": "Bắt đầu"}, format="json")
    before = snapshot(action)
    again = api.post(url(action, "start"), {}, format="json")

    assert (ok.status_code, ok.data["status"]) == (200, A.IN_PROGRESS)
    assert ActionProgress.objects.get().note == "Bắt đầu"
    assert (again.status_code, again.data) == (
        400,
        {"detail": "An action that is “In progress” cannot be started."},
    )
    assert snapshot(action) == before


def test_completing_needs_evidence(world, api, held):
    action = make_action(conference=held)
    before = snapshot(action)

    refused = api.post(url(action, "complete"), {}, format="json")
    assert snapshot(action) == before
    ok = api.post(url(action, "complete"), {"evidence_note": "Công văn số 123/HQ-KV05"}, format="json")

    assert refused.status_code == 400
    assert refused.data == {"evidence_note": ["Give the evidence: what was delivered, or attach the document."]}
    assert (ok.status_code, ok.data["status"], ok.data["progress"]) == (200, A.DONE, 100)
    assert ok.data["completed_on"] == today().isoformat()
    assert ok.data["evidence_url"] is None


def test_completing_with_a_file_then_downloading_it_through_the_scoped_route(world, api, held):
    action = make_action(conference=held)

    response = api.post(url(action, "complete"), {"evidence_file": pdf()}, format="multipart")
    download = api.get(url(action, "evidence"))

    assert response.status_code == 200, response.data
    assert response.data["evidence_url"] == f"http://testserver{LIST}{action.pk}/evidence/"
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Disposition"].startswith('attachment; filename="cong-van')


def test_a_file_that_is_not_a_document_is_refused(world, api, held):
    action = make_action(conference=held)
    before = snapshot(action)

    response = api.post(
        url(action, "complete"),
        {"evidence_file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", content_type="application/pdf")},
        format="multipart",
    )

    assert response.status_code == 400
    assert list(response.data) == ["evidence_file"]
    assert snapshot(action) == before


def test_an_action_without_a_file_has_nothing_to_download(world, api, held):
    action = make_action(conference=held)

    response = api.get(url(action, "evidence"))

    assert (response.status_code, response.data) == (404, {"detail": "This action has no evidence file."})


def test_an_action_is_cancelled_with_its_reason_and_then_cannot_be_completed(world, api, held):
    action = make_action(conference=held)

    no_reason = api.post(url(action, "cancel"), {}, format="json")
    ok = api.post(url(action, "cancel"), {"reason": "Doanh nghiệp đã giải thể"}, format="json")
    before = snapshot(action)
    refused = api.post(url(action, "complete"), {"evidence_note": "x"}, format="json")

    assert (no_reason.status_code, list(no_reason.data)) == (400, ["reason"])
    assert (ok.status_code, ok.data["status"], ok.data["status_reason"]) == (
        200,
        A.CANCELLED,
        "Doanh nghiệp đã giải thể",
    )
    assert (refused.status_code, refused.data) == (
        400,
        {"detail": "An action that is “Cancelled” cannot be completed."},
    )
    assert snapshot(action) == before


def test_an_action_is_referred_to_another_body_once(world, api, held):
    action = make_action(conference=held)

    ok = api.post(url(action, "refer"), {"referred_to": "Cục Hải quan", "reason": "Vượt thẩm quyền"}, format="json")
    before = snapshot(action)
    again = api.post(url(action, "refer"), {"referred_to": "Bộ Tài chính"}, format="json")

    assert (ok.status_code, ok.data["status"], ok.data["referred_to"]) == (200, A.REFERRED, "Cục Hải quan")
    assert (again.status_code, again.data) == (
        400,
        {"detail": "An action that is “Referred to another body” cannot be referred."},
    )
    assert snapshot(action) == before


def test_progress_is_logged_and_read_back(world, api, held):
    action = make_action(conference=held)

    posted = api.post(url(action, "progress"), {"progress": 60, "note": "Đã họp với doanh nghiệp"}, format="json")
    log = api.get(url(action, "progress"))

    assert (posted.status_code, posted.data["status"], posted.data["progress"]) == (200, A.IN_PROGRESS, 60)
    assert log.status_code == 200
    assert [(e["progress"], e["note"], e["by_name"]) for e in log.data] == [
        (60, "Đã họp với doanh nghiệp", world.r5_officer.display_name)
    ]


def test_progress_of_100_percent_or_without_a_note_is_refused(world, api, held):
    action = make_action(conference=held)
    before = snapshot(action)

    full = api.post(url(action, "progress"), {"progress": 100, "note": "Xong"}, format="json")
    silent = api.post(url(action, "progress"), {"progress": 50}, format="json")

    assert (full.status_code, list(full.data)) == (400, ["progress"])
    assert (silent.status_code, list(silent.data)) == (400, ["note"])
    assert snapshot(action) == before


# --- Who may --------------------------------------------------------------------------------------------------------


def test_portal_users_are_refused_every_action_route(world, api_for, held):
    action = make_action(conference=held)
    before = snapshot(action)
    client = api_for("portal_a")

    assert client.get(LIST).status_code == 403
    assert client.get(url(action)).status_code == 403
    assert client.post(url(action, "start"), {}, format="json").status_code == 403
    assert snapshot(action) == before


@pytest.mark.parametrize(
    ("method", "move", "body"),
    [
        ("get", "", None),
        ("patch", "", {"title": "Đổi"}),
        ("post", "start", {}),
        ("post", "complete", {"evidence_note": "Công văn"}),
        ("post", "cancel", {"reason": "Hủy"}),
        ("post", "refer", {"referred_to": "Cục Hải quan"}),
        ("get", "progress", None),
        ("post", "progress", {"progress": 50, "note": "Tiến độ"}),
        ("get", "evidence", None),
    ],
)
def test_a_region6_officer_gets_404_on_a_region5_action_and_nothing_changes(world, api_for, held, method, move, body):
    action = make_action(conference=held)
    services.complete_action(action=make_action(conference=held, title="Có tệp"), by=None, evidence_file=pdf())
    before = snapshot(action)

    response = getattr(api_for("r6_officer"), method)(url(action, move), body, format="json")

    assert response.status_code == 404
    assert snapshot(action) == before


def test_a_region6_officer_cannot_download_a_region5_evidence_file(world, api_for, held):
    action = services.complete_action(action=make_action(conference=held), by=None, evidence_file=pdf())

    response = api_for("r6_officer").get(url(action, "evidence"))

    assert response.status_code == 404
