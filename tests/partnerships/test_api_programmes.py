"""The programme and enrolment API: shared programmes, the enrolment lifecycle, reviews, scoping and query counts."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm.models import ComplianceLevel
from crm.services import enterprises as enterprise_services
from partnerships.models import Enrolment, EnrolmentStatus, Programme, ProgrammeKind
from partnerships.services import programmes as services
from tests import factories
from tests.partnerships.access_programmes import enrol_through, make_programme, signed_mou

pytestmark = pytest.mark.django_db

PROGRAMMES = "/api/v1/programmes/"
ENROLMENTS = "/api/v1/enrolments/"


@pytest.fixture
def api(api_for):
    """api_for, answering in English so that messages can be asserted exactly."""

    def make(persona: str):
        client = api_for(persona)
        client.credentials(HTTP_ACCEPT_LANGUAGE="en")
        return client

    return make


@pytest.fixture
def aeo(world) -> Programme:
    return make_programme()


@pytest.fixture
def vc(world) -> Programme:
    return make_programme(kind=ProgrammeKind.VOLUNTARY_COMPLIANCE, code="vc-2025", name_vi="Tuân thủ tự nguyện 2025")


def url(enrolment, action: str = "") -> str:
    return f"{ENROLMENTS}{enrolment.pk}/{action + '/' if action else ''}"


def status_of(enrolment) -> str:
    return Enrolment.objects.get(pk=enrolment.pk).status


# --- Programmes ----------------------------------------------------------------------------------------------------


@pytest.fixture
def members(world, aeo):
    """ent_a (Region V) active, ent_b (Region V office) invited, ent_r6 (Region VI) active."""
    enrol_through(aeo, world.ent_a, "active")
    enrol_through(aeo, world.ent_b, "invited")
    enrol_through(aeo, world.ent_r6, "active")


@pytest.mark.parametrize(
    ("persona", "member_count", "candidate_count"),
    [("hq_admin", 2, 1), ("r5_officer", 1, 1), ("r5_office_officer", 0, 1), ("r6_officer", 1, 0)],
)
def test_the_programme_list_counts_the_members_and_candidates_of_the_callers_subtree(
    persona, member_count, candidate_count, members, api
):
    response = api(persona).get(PROGRAMMES)
    assert response.status_code == 200
    [programme] = response.json()["results"]
    assert (programme["code"], programme["member_count"], programme["candidate_count"]) == (
        "aeo",
        member_count,
        candidate_count,
    )


def test_a_manager_creates_a_programme_and_the_answer_carries_its_counts(world, api):
    response = api("r5_manager").post(
        PROGRAMMES,
        {"code": "vc-2026", "kind": "voluntary_compliance", "name_vi": " Tuân thủ tự nguyện 2026 ", "legal_basis": ""},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["name_vi"], body["kind"], body["member_count"], body["candidate_count"]) == (
        "Tuân thủ tự nguyện 2026",
        "voluntary_compliance",
        0,
        0,
    )
    assert Programme.objects.get(code="vc-2026").created_by == world.r5_manager


def test_an_officer_cannot_create_or_edit_a_programme(world, aeo, api):
    client = api("r5_officer")
    created = client.post(PROGRAMMES, {"code": "x", "kind": "aeo", "name_vi": "X"})
    edited = client.patch(f"{PROGRAMMES}{aeo.pk}/", {"name_vi": "Đổi tên"})
    assert (created.status_code, edited.status_code) == (403, 403)
    assert list(Programme.objects.values_list("name_vi", flat=True)) == ["Chương trình doanh nghiệp ưu tiên"]


def test_a_manager_edits_a_programme_and_a_duplicate_code_is_a_field_error(world, aeo, vc, api):
    client = api("r5_manager")
    response = client.patch(f"{PROGRAMMES}{aeo.pk}/", {"legal_basis": "Thông tư 72/2015/TT-BTC"})
    assert response.status_code == 200
    assert Programme.objects.get(pk=aeo.pk).legal_basis == "Thông tư 72/2015/TT-BTC"
    clash = client.patch(f"{PROGRAMMES}{aeo.pk}/", {"code": "vc-2025"})
    assert clash.status_code == 400
    assert list(clash.json()) == ["code"]
    assert Programme.objects.get(pk=aeo.pk).code == "aeo"


# --- The enrolment lifecycle --------------------------------------------------------------------------------------


def test_an_officer_enrols_an_enterprise_with_the_baseline_taken_from_its_current_level(world, aeo, api):
    enterprise_services.update_enterprise(enterprise=world.ent_a, by=None, compliance_level=ComplianceLevel.MEDIUM)
    response = api("r5_officer").post(
        ENROLMENTS,
        {
            "programme": aeo.pk,
            "enterprise": world.ent_a.pk,
            "cohort": " 2025 ",
            "target_level": 2,
            "focal_officers": [world.r5_officer.pk],
            "action_plan": "Đào tạo nhân viên khai báo.",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert {key: body[key] for key in ("status", "cohort", "baseline_level", "current_level", "target_level")} == {
        "status": "invited",
        "cohort": "2025",
        "baseline_level": 3,
        "current_level": 3,
        "target_level": 2,
    }
    assert body["branch"] == world.region5.pk
    assert body["invited_on"] == timezone.localdate().isoformat()
    assert body["allowed_actions"] == ["apply", "exit"]
    assert [officer["username"] for officer in body["focal_officers"]] == ["r5_officer"]
    assert body["reviews"] == []


def test_enrolling_an_enterprise_twice_in_a_programme_is_refused(world, aeo, api):
    enrol_through(aeo, world.ent_a, "invited")
    response = api("r5_officer").post(ENROLMENTS, {"programme": aeo.pk, "enterprise": world.ent_a.pk})
    assert response.status_code == 400
    assert response.json() == {"enterprise": ["This enterprise is already enrolled in this programme."]}
    assert Enrolment.objects.count() == 1


def test_an_enterprise_or_focal_officer_outside_the_scope_is_a_plain_400(world, aeo, api):
    client = api("r5_officer")
    foreign = client.post(ENROLMENTS, {"programme": aeo.pk, "enterprise": world.ent_r6.pk})
    officer = client.post(
        ENROLMENTS, {"programme": aeo.pk, "enterprise": world.ent_a.pk, "focal_officers": [world.r6_officer.pk]}
    )
    assert (foreign.status_code, list(foreign.json())) == (400, ["enterprise"])
    assert (officer.status_code, list(officer.json())) == (400, ["focal_officers"])
    assert not Enrolment.objects.exists()


def test_the_whole_lifecycle_runs_through_the_actions(world, aeo, api):
    enrolment = enrol_through(aeo, world.ent_a, "invited")
    officer, manager = api("r5_officer"), api("r5_manager")
    yesterday = timezone.localdate() - timedelta(days=1)

    applied = officer.post(url(enrolment, "apply"), {"on": yesterday.isoformat()})
    assert applied.status_code == 200
    assert (applied.json()["status"], applied.json()["applied_on"]) == ("applied", yesterday.isoformat())
    accepted = manager.post(url(enrolment, "accept"), {})
    assert (accepted.status_code, accepted.json()["status"]) == (200, "accepted")
    assert accepted.json()["accepted_on"] == timezone.localdate().isoformat()
    active = officer.post(url(enrolment, "activate"), {})
    assert (active.status_code, active.json()["status"]) == (200, "active")
    assert active.json()["allowed_actions"] == ["exit"]
    exited = officer.post(url(enrolment, "exit"), {"reason": "Ngừng hoạt động xuất nhập khẩu."})
    assert exited.status_code == 200
    body = exited.json()
    assert (body["status"], body["status_reason"], body["ended_on"], body["allowed_actions"]) == (
        "exited",
        "Ngừng hoạt động xuất nhập khẩu.",
        timezone.localdate().isoformat(),
        [],
    )


def test_an_illegal_move_is_a_clear_400_and_changes_nothing(world, aeo, api):
    enrolment = enrol_through(aeo, world.ent_a, "invited")
    response = api("r5_manager").post(url(enrolment, "accept"), {})
    assert response.status_code == 400
    assert response.json() == {"detail": "An enrolment that is “Invited” cannot be accepted."}
    assert status_of(enrolment) == EnrolmentStatus.INVITED


def test_an_ended_enrolment_can_neither_move_nor_change(world, aeo, api):
    enrolment = enrol_through(aeo, world.ent_a, "invited")
    services.exit_enrolment(enrolment=enrolment, by=None, reason="Không tham gia.")
    client = api("r5_officer")
    moved = client.post(url(enrolment, "apply"), {})
    edited = client.patch(url(enrolment), {"cohort": "2026"})
    assert moved.json() == {"detail": "An enrolment that is “Exited” cannot be marked as applied."}
    assert edited.json() == {"detail": "This enrolment has ended; its record can no longer change."}
    assert (moved.status_code, edited.status_code) == (400, 400)
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.cohort) == (EnrolmentStatus.EXITED, "")


def test_exit_and_remove_need_a_reason_and_a_date_in_the_past(world, aeo, api):
    enrolment = enrol_through(aeo, world.ent_a, "applied")
    client = api("r5_manager")
    no_reason = client.post(url(enrolment, "exit"), {"reason": "  "})
    assert (no_reason.status_code, list(no_reason.json())) == (400, ["reason"])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    future = client.post(url(enrolment, "remove"), {"reason": "Vi phạm.", "on": tomorrow})
    assert future.json() == {"on": ["The date cannot be in the future."]}
    assert status_of(enrolment) == EnrolmentStatus.APPLIED
    removed = client.post(url(enrolment, "remove"), {"reason": "Vi phạm nghiêm trọng."})
    assert (removed.status_code, removed.json()["status"]) == (200, "removed")


@pytest.mark.parametrize("action", ["accept", "remove"])
def test_an_officer_gets_403_on_accept_and_remove_and_nothing_changes(action, world, aeo, api):
    enrolment = enrol_through(aeo, world.ent_a, "applied")
    response = api("r5_officer").post(url(enrolment, action), {"reason": "Vi phạm."})
    assert response.status_code == 403
    assert status_of(enrolment) == EnrolmentStatus.APPLIED


# --- Voluntary compliance: the signed MoU -------------------------------------------------------------------------


def test_a_voluntary_compliance_member_is_activated_only_with_its_signed_mou(world, vc, api):
    enrolment = enrol_through(vc, world.ent_a, "accepted")
    client = api("r5_officer")

    without = client.post(url(enrolment, "activate"), {})
    assert without.status_code == 400
    assert without.json() == {"mou": ["Link the member's signed MoU before activating the membership."]}

    other = signed_mou(branch=world.region5, enterprise=world.ent_b, signed_on=date(2025, 3, 1), doc_number="02/BBGN")
    wrong_party = client.patch(url(enrolment), {"mou": other.pk})
    assert wrong_party.json() == {"mou": ["The MoU must be signed with this enterprise."]}

    mou = signed_mou(branch=world.region5, enterprise=world.ent_a, signed_on=date(2025, 3, 1))
    linked = client.patch(url(enrolment), {"mou": mou.pk})
    assert (linked.status_code, linked.json()["mou"], linked.json()["mou_label"]) == (
        200,
        mou.pk,
        f"01/BBGN-KV05 – {mou.title}",
    )
    active = client.post(url(enrolment, "activate"), {})
    assert (active.status_code, active.json()["status"]) == (200, "active")


def test_a_mou_of_another_region_cannot_be_linked(world, vc, api):
    enrolment = enrol_through(vc, world.ent_a, "accepted")
    foreign = signed_mou(branch=world.region6, enterprise=world.ent_r6, signed_on=date(2025, 3, 1), doc_number="9")
    response = api("r5_officer").patch(url(enrolment), {"mou": foreign.pk})
    assert (response.status_code, list(response.json())) == (400, ["mou"])
    assert Enrolment.objects.get(pk=enrolment.pk).mou_id is None


# --- Reviews ------------------------------------------------------------------------------------------------------


def test_reviews_compare_each_level_with_the_previous_one(world, aeo, api):
    enterprise_services.update_enterprise(enterprise=world.ent_a, by=None, compliance_level=ComplianceLevel.MEDIUM)
    enrolment = enrol_through(aeo, world.ent_a, "active", on=date(2024, 1, 10))
    client = api("r5_officer")
    changes = []
    for day, level in ((date(2024, 12, 1), 2), (date(2025, 6, 1), 2), (date(2025, 12, 1), 4)):
        response = client.post(
            url(enrolment, "reviews"), {"reviewed_on": day.isoformat(), "level": level, "notes": " Ghi chú "}
        )
        assert response.status_code == 201, response.json()
        changes.append((response.json()["previous_level"], response.json()["level"], response.json()["change"]))
    assert changes == [(3, 2, "raised"), (2, 2, "kept"), (2, 4, "lowered")]

    listed = client.get(url(enrolment, "reviews"))
    assert [(r["reviewed_on"], r["change"], r["notes"], r["recorded_by"]) for r in listed.json()] == [
        ("2025-12-01", "lowered", "Ghi chú", "r5_officer"),
        ("2025-06-01", "kept", "Ghi chú", "r5_officer"),
        ("2024-12-01", "raised", "Ghi chú", "r5_officer"),
    ]
    detail = client.get(url(enrolment)).json()
    assert (detail["baseline_level"], detail["current_level"]) == (3, 4)
    assert [r["change"] for r in detail["reviews"]] == ["lowered", "kept", "raised"]


def test_only_active_members_are_reviewed(world, aeo, api):
    enrolment = enrol_through(aeo, world.ent_a, "accepted")
    response = api("r5_officer").post(
        url(enrolment, "reviews"), {"reviewed_on": timezone.localdate().isoformat(), "level": 2}
    )
    assert response.json() == {"detail": "Only active members are reviewed."}
    assert not enrolment.reviews.exists()


# --- Scope ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "tax_codes"),
    [
        ("hq_admin", ["2352601817", "2359083018", "4982199351"]),
        ("r5_officer", ["2352601817", "2359083018"]),
        ("r5_office_officer", ["2359083018"]),
        ("r6_officer", ["4982199351"]),
    ],
)
def test_the_enrolment_list_holds_the_callers_subtree_only(persona, tax_codes, members, api):
    response = api(persona).get(ENROLMENTS)
    assert sorted(row["enterprise_tax_code"] for row in response.json()["results"]) == tax_codes
    assert response.json()["count"] == len(tax_codes)


def test_the_enrolment_list_filters_by_status_search_and_unit(world, members, api):
    client = api("r5_officer")
    active = client.get(ENROLMENTS, {"status": "active"}).json()["results"]
    searched = client.get(ENROLMENTS, {"q": "quang hoc yen phong"}).json()["results"]
    office = client.get(ENROLMENTS, {"branch": world.region5_office.pk}).json()["results"]
    assert [row["enterprise_tax_code"] for row in active] == ["2352601817"]
    assert [row["enterprise_tax_code"] for row in searched] == ["2359083018"]
    assert [row["enterprise_tax_code"] for row in office] == ["2359083018"]
    foreign = client.get(ENROLMENTS, {"branch": world.region6.pk})
    assert (foreign.status_code, list(foreign.json())) == (400, ["branch"])


def test_a_region6_officer_gets_404_on_a_region5_enrolment_and_it_is_unchanged(world, aeo, api):
    enrolment = enrol_through(aeo, world.ent_a, "invited")
    client = api("r6_officer")
    responses = [
        client.get(url(enrolment)),
        client.patch(url(enrolment), {"cohort": "2030"}),
        client.post(url(enrolment, "apply"), {}),
        client.post(url(enrolment, "exit"), {"reason": "Thử."}),
        client.post(url(enrolment, "reviews"), {"reviewed_on": "2025-01-01", "level": 1}),
    ]
    assert [r.status_code for r in responses] == [404] * 5
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.cohort, enrolment.status_reason) == (EnrolmentStatus.INVITED, "", "")


def test_the_office_officer_cannot_see_an_enrolment_of_region5_itself(world, aeo, api):
    enrolment = enrol_through(aeo, world.ent_a, "invited")
    assert api("r5_office_officer").post(url(enrolment, "apply"), {}).status_code == 404
    assert status_of(enrolment) == EnrolmentStatus.INVITED


# --- Query counts ---------------------------------------------------------------------------------------------------


def count_queries(client, path, params=None) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params or {})
    assert response.status_code == 200
    return len(captured), [q["sql"] for q in captured.captured_queries]


def test_the_enrolment_list_runs_the_same_queries_for_1_or_30_rows(world, aeo, vc, api):
    enrol_through(aeo, world.ent_a, "active")
    for n in range(30):
        enterprise = factories.make_enterprise(managing_branch=world.region5, name_vi=f"Công ty TNHH Số {n:02d}")
        enrol_through(vc if n % 2 else aeo, enterprise, "applied")
    client = api("r5_manager")
    client.get(ENROLMENTS)
    one, _ = count_queries(client, ENROLMENTS, {"q": "dong a"})
    many, sql = count_queries(client, ENROLMENTS)
    assert one == many, "\n".join(sql)
    assert many <= 4, "\n".join(sql)


def test_the_programme_list_runs_the_same_queries_for_1_or_10_programmes(world, api):
    make_programme()
    client = api("r5_officer")
    client.get(PROGRAMMES)
    one, _ = count_queries(client, PROGRAMMES)
    for n in range(9):
        make_programme(code=f"p{n}", name_vi=f"Chương trình {n}")
    many, sql = count_queries(client, PROGRAMMES)
    assert one == many, "\n".join(sql)
