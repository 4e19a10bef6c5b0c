"""The programme and enrolment pages: lists with filters and exports, the enrol form, moves, reviews and scope."""

import csv
import io
from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from crm.models import ComplianceLevel
from crm.services import enterprises as enterprise_services
from partnerships.models import Enrolment, EnrolmentStatus, Programme, ProgrammeKind
from partnerships.services import programmes as services
from tests import factories
from tests.partnerships.access_programmes import enrol_through, make_programme, signed_mou

pytestmark = pytest.mark.django_db


@pytest.fixture
def browse(client_for):
    """client_for, reading the pages in English so that assertions do not depend on the Vietnamese catalogue."""

    def make(persona: str):
        client = client_for(persona)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def aeo(world) -> Programme:
    return make_programme()


@pytest.fixture
def vc(world) -> Programme:
    return make_programme(kind=ProgrammeKind.VOLUNTARY_COMPLIANCE, code="vc-2025", name_vi="Tuân thủ tự nguyện 2025")


def detail(enrolment) -> str:
    return f"/partnerships/enrolments/{enrolment.pk}/"


def move(enrolment, action) -> str:
    return f"/partnerships/enrolments/{enrolment.pk}/{action}/"


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


# --- Programme list and pages ---------------------------------------------------------------------------------------


def test_the_programme_list_shows_the_counts_of_the_users_units(world, aeo, browse):
    enrol_through(aeo, world.ent_a, "active")
    enrol_through(aeo, world.ent_b, "applied")
    enrol_through(aeo, world.ent_r6, "active")
    response = browse("r5_office_officer").get("/partnerships/programmes/")
    assert response.status_code == 200
    [programme] = response.context["programmes"]
    assert (programme.member_count, programme.candidate_count) == (0, 1)
    assert "Chương trình doanh nghiệp ưu tiên" in response.text
    assert "New programme" not in response.text
    assert "New programme" in browse("r5_manager").get("/partnerships/programmes/").text


def test_an_empty_programme_list_tells_the_officer_who_creates_programmes(world, browse):
    response = browse("r5_officer").get("/partnerships/programmes/")
    assert "No programmes yet." in response.text
    assert "A manager creates the programmes" in response.text


def test_a_manager_creates_a_programme_and_an_officer_may_not(world, browse):
    data = {"code": "vc-2026", "kind": "voluntary_compliance", "name_vi": "Tuân thủ tự nguyện 2026"}
    assert browse("r5_officer").post("/partnerships/programmes/new/", data).status_code == 403
    assert not Programme.objects.exists()
    response = browse("r5_manager").post("/partnerships/programmes/new/", data)
    programme = Programme.objects.get(code="vc-2026")
    assert response["Location"] == f"/partnerships/programmes/{programme.pk}/"
    assert programme.created_by == world.r5_manager


def test_the_programme_form_keeps_the_input_and_shows_a_duplicate_code_beside_it(world, aeo, browse):
    response = browse("r5_manager").post(
        "/partnerships/programmes/new/", {"code": "aeo", "kind": "aeo", "name_vi": "Chương trình mới"}
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["code"]
    assert 'value="Chương trình mới"' in response.text
    assert Programme.objects.count() == 1


def test_a_manager_edits_a_programme(world, aeo, browse):
    response = browse("r5_manager").post(
        f"/partnerships/programmes/{aeo.pk}/edit/",
        {"code": "aeo", "kind": "aeo", "name_vi": "Doanh nghiệp ưu tiên", "legal_basis": "Thông tư 72/2015/TT-BTC"},
    )
    assert response.status_code == 302
    aeo.refresh_from_db()
    assert (aeo.name_vi, aeo.legal_basis) == ("Doanh nghiệp ưu tiên", "Thông tư 72/2015/TT-BTC")


@pytest.fixture
def cohort(world, aeo):
    """ent_a active (cohort 2024), ent_b invited (2025, office), ent_r6 active (Region VI)."""
    a = enrol_through(aeo, world.ent_a, "active")
    services.update_enrolment(enrolment=a, by=None, cohort="2024")
    b = enrol_through(aeo, world.ent_b, "invited")
    services.update_enrolment(enrolment=b, by=None, cohort="2025")
    enrol_through(aeo, world.ent_r6, "active")
    return a, b


def names(response) -> list[str]:
    return [e.enterprise.tax_code for e in response.context["enrolments"]]


def test_the_programme_page_lists_the_enrolments_of_the_users_subtree_with_filters(world, aeo, cohort, browse):
    client = browse("r5_officer")
    page = f"/partnerships/programmes/{aeo.pk}/"
    assert names(client.get(page)) == ["2352601817", "2359083018"]
    assert names(client.get(page, {"status": "active"})) == ["2352601817"]
    assert names(client.get(page, {"cohort": "2025"})) == ["2359083018"]
    assert names(client.get(page, {"branch": world.region5_office.pk})) == ["2359083018"]
    assert names(client.get(page, {"q": "dien tu dong a"})) == ["2352601817"]
    response = client.get(page)
    assert "2 enrolments" in response.text
    assert "Nông sản Lạng Sơn" not in response.text


def test_a_filter_matching_nothing_says_so_and_offers_to_clear(world, aeo, cohort, browse):
    response = browse("r5_officer").get(f"/partnerships/programmes/{aeo.pk}/", {"q": "không có"})
    assert "No enrolment matches these filters." in response.text


def test_a_foreign_unit_in_the_filter_is_an_error_not_a_leak(world, aeo, cohort, browse):
    response = browse("r5_officer").get(f"/partnerships/programmes/{aeo.pk}/", {"branch": world.region6.pk})
    assert response.status_code == 200
    assert list(response.context["enrolments"]) == []
    assert response.context["filter_errors"]


def test_the_programme_page_paginates(world, aeo, browse):
    for n in range(3):
        enterprise = factories.make_enterprise(managing_branch=world.region5, name_vi=f"Công ty TNHH Trang {n}")
        enrol_through(aeo, enterprise, "invited")
    response = browse("r5_officer").get(f"/partnerships/programmes/{aeo.pk}/", {"page_size": 2, "page": 2})
    assert len(response.context["enrolments"]) == 1
    assert "Page 2 of 2" in response.text


def test_the_export_holds_the_filtered_enrolments_as_csv_and_xlsx(world, aeo, cohort, browse):
    client = browse("r5_officer")
    export = f"/partnerships/programmes/{aeo.pk}/export/"
    rows = csv_rows(client.get(export, {"as": "csv"}))
    assert rows[0][:6] == ["Tax code", "Enterprise", "Programme", "Managing unit", "Cohort", "Status"]
    assert [row[:2] + row[4:6] for row in rows[1:]] == [
        ["2352601817", "Công ty TNHH Điện tử Đông Á", "2024", "Active"],
        ["2359083018", "Công ty TNHH Quang học Yên Phong", "2025", "Invited"],
    ]
    active = csv_rows(client.get(export, {"status": "active"}))
    assert [row[0] for row in active[1:]] == ["2352601817"]
    xlsx = client.get(export, {"as": "xlsx", "cohort": "2025"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["2359083018"]
    assert client.get(export, {"as": "pdf"}).status_code == 400


# --- Enrolling ----------------------------------------------------------------------------------------------------


def test_an_officer_enrols_an_enterprise_by_its_tax_code(world, aeo, browse):
    enterprise_services.update_enterprise(enterprise=world.ent_a, by=None, compliance_level=ComplianceLevel.MEDIUM)
    response = browse("r5_officer").post(
        f"/partnerships/programmes/{aeo.pk}/enrol/",
        {
            "enterprise": "2352601817",
            "cohort": "2025",
            "target_level": "2",
            "focal_officers": [world.r5_officer.pk],
            "action_plan": "Đào tạo nhân viên khai báo.",
        },
    )
    enrolment = Enrolment.objects.get()
    assert response["Location"] == detail(enrolment)
    assert (enrolment.enterprise, enrolment.branch, enrolment.status) == (world.ent_a, world.region5, "invited")
    assert (enrolment.baseline_level, enrolment.target_level, enrolment.cohort) == (3, 2, "2025")
    assert list(enrolment.focal_officers.all()) == [world.r5_officer]


def test_the_enterprise_can_be_named_by_part_of_its_name_without_diacritics(world, aeo, browse):
    response = browse("r5_officer").post(f"/partnerships/programmes/{aeo.pk}/enrol/", {"enterprise": "quang hoc"})
    assert response.status_code == 302
    assert Enrolment.objects.get().enterprise == world.ent_b


def test_an_ambiguous_or_foreign_enterprise_is_an_error_beside_the_field(world, aeo, browse):
    client = browse("r5_officer")
    ambiguous = client.post(f"/partnerships/programmes/{aeo.pk}/enrol/", {"enterprise": "cong ty tnhh"})
    assert ambiguous.context["form"].errors["enterprise"] == [
        "Several enterprises match “cong ty tnhh”; type the tax code of the one you mean: "
        "2352601817 – Công ty TNHH Điện tử Đông Á; 2359083018 – Công ty TNHH Quang học Yên Phong"
    ]
    foreign = client.post(f"/partnerships/programmes/{aeo.pk}/enrol/", {"enterprise": "4982199351"})
    assert foreign.context["form"].errors["enterprise"] == [
        "No enterprise managed by your units has tax code 4982199351."
    ]
    assert 'value="4982199351"' in foreign.text
    assert not Enrolment.objects.exists()


def test_the_mou_choices_are_the_users_agreements_with_that_enterprise(world, vc, browse):
    own = signed_mou(branch=world.region5, enterprise=world.ent_a, signed_on=date(2025, 3, 1))
    signed_mou(branch=world.region5, enterprise=world.ent_b, signed_on=date(2025, 3, 1), doc_number="02/BBGN")
    client = browse("r5_officer")
    page = client.get(f"/partnerships/programmes/{vc.pk}/enrol/", {"enterprise_id": world.ent_a.pk})
    assert list(page.context["form"].fields["mou"].queryset) == [own]
    fragment = client.get(
        f"/partnerships/programmes/{vc.pk}/enrol/", {"enterprise": "2352601817"}, headers={"HX-Request": "true"}
    )
    assert list(fragment.context["form"].fields["mou"].queryset) == [own]
    assert "Found: Công ty TNHH Điện tử Đông Á · 2352601817" in fragment.text
    assert "<html" not in fragment.text
    unknown = client.get(
        f"/partnerships/programmes/{vc.pk}/enrol/", {"enterprise": "không có"}, headers={"HX-Request": "true"}
    )
    assert "No enterprise managed by your units matches “không có”." in unknown.text


def test_enrolling_with_the_mou_links_it(world, vc, browse):
    mou = signed_mou(branch=world.region5, enterprise=world.ent_a, signed_on=date(2025, 3, 1))
    response = browse("r5_officer").post(
        f"/partnerships/programmes/{vc.pk}/enrol/", {"enterprise": "2352601817", "mou": mou.pk}
    )
    assert response.status_code == 302
    assert Enrolment.objects.get().mou == mou


def test_enrolling_an_enterprise_already_in_the_programme_shows_the_service_error(world, aeo, browse):
    enrol_through(aeo, world.ent_a, "invited")
    response = browse("r5_officer").post(f"/partnerships/programmes/{aeo.pk}/enrol/", {"enterprise": "2352601817"})
    assert response.context["form"].errors["enterprise"] == ["This enterprise is already enrolled in this programme."]
    assert Enrolment.objects.count() == 1


# --- The enrolment page and its moves -----------------------------------------------------------------------------


def test_the_enrolment_page_shows_levels_mou_reviews_and_the_moves_allowed(world, vc, browse):
    enterprise_services.update_enterprise(enterprise=world.ent_a, by=None, compliance_level=ComplianceLevel.MEDIUM)
    mou = signed_mou(branch=world.region5, enterprise=world.ent_a, signed_on=date(2024, 3, 1))
    enrolment = enrol_through(vc, world.ent_a, "accepted", on=date(2024, 3, 10))
    services.update_enrolment(enrolment=enrolment, by=None, mou=mou, target_level=1)
    services.activate_enrolment(enrolment=enrolment, by=None, on=date(2024, 3, 15))
    services.record_enrolment_review(enrolment=enrolment, by=world.r5_officer, reviewed_on=date(2025, 3, 1), level=2)
    services.record_enrolment_review(enrolment=enrolment, by=None, reviewed_on=date(2025, 9, 1), level=2)
    services.record_enrolment_review(enrolment=enrolment, by=None, reviewed_on=date(2025, 10, 1), level=4)

    response = browse("r5_officer").get(detail(enrolment))
    assert response.status_code == 200
    text = response.text
    assert f'href="{reverse("agreement-detail", args=[mou.pk])}"' in text
    assert "01/BBGN-KV05" in text
    assert "Member since" in text
    assert "15/03/2024" in text
    assert [r.get_change_display() for r in response.context["reviews"]] == ["Lowered", "Kept", "Raised"]
    assert "Level 3 – medium compliance" in text  # baseline
    assert "Level 4 – low compliance" in text  # current
    assert "Level 1 – priority enterprise" in text  # target
    assert [m["action"] for m in response.context["moves"]] == ["exit"]
    assert "Record annual review" in text
    manager = browse("r5_manager").get(detail(enrolment))
    assert [m["action"] for m in manager.context["moves"]] == ["exit", "remove"]


def test_an_officer_sees_no_accept_button_and_a_manager_does(world, aeo, browse):
    enrolment = enrol_through(aeo, world.ent_a, "applied")
    officer = browse("r5_officer").get(detail(enrolment)).text
    manager = browse("r5_manager").get(detail(enrolment)).text
    assert move(enrolment, "accept") not in officer
    assert move(enrolment, "accept") in manager


def test_the_lifecycle_runs_through_the_pages(world, aeo, browse):
    enrolment = enrol_through(aeo, world.ent_a, "invited")
    officer, manager = browse("r5_officer"), browse("r5_manager")
    assert officer.post(move(enrolment, "apply"), {"on": "2025-01-02"})["Location"] == detail(enrolment)
    assert manager.post(move(enrolment, "accept"), {})["Location"] == detail(enrolment)
    assert officer.post(move(enrolment, "activate"), {})["Location"] == detail(enrolment)
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.applied_on, enrolment.activated_on) == (
        EnrolmentStatus.ACTIVE,
        date(2025, 1, 2),
        timezone.localdate(),
    )
    response = officer.post(move(enrolment, "exit"), {"reason": "Ngừng xuất nhập khẩu."}, follow=True)
    assert "Left the programme" in response.text
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.status_reason) == (EnrolmentStatus.EXITED, "Ngừng xuất nhập khẩu.")


def test_an_illegal_move_answers_400_with_the_reason_and_changes_nothing(world, aeo, browse):
    enrolment = enrol_through(aeo, world.ent_a, "invited")
    response = browse("r5_manager").post(move(enrolment, "accept"), {})
    assert response.status_code == 400
    assert "An enrolment that is “Invited” cannot be accepted." in response.text
    assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.INVITED


def test_the_page_of_a_move_not_possible_now_says_so_and_offers_no_button(world, aeo, browse):
    enrolment = enrol_through(aeo, world.ent_a, "invited")
    response = browse("r5_officer").get(move(enrolment, "activate"))
    assert "This step is not possible now: the enrolment is “Invited”." in response.text
    assert "Activate membership</button>" not in response.text


def test_exit_without_a_reason_is_an_error_beside_the_reason(world, aeo, browse):
    enrolment = enrol_through(aeo, world.ent_a, "applied")
    response = browse("r5_officer").post(move(enrolment, "exit"), {"reason": ""})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["reason"]
    assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.APPLIED


@pytest.mark.parametrize("action", ["accept", "remove"])
def test_an_officer_gets_403_on_accept_and_remove_pages_and_nothing_changes(action, world, aeo, browse):
    enrolment = enrol_through(aeo, world.ent_a, "applied")
    client = browse("r5_officer")
    assert client.get(move(enrolment, action)).status_code == 403
    assert client.post(move(enrolment, action), {"reason": "Vi phạm."}).status_code == 403
    assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.APPLIED


def test_an_unknown_move_is_404(world, aeo, browse):
    enrolment = enrol_through(aeo, world.ent_a, "applied")
    assert browse("r5_manager").post(move(enrolment, "promote"), {}).status_code == 404


def test_a_voluntary_compliance_member_needs_its_signed_mou_to_be_activated(world, vc, browse):
    enrolment = enrol_through(vc, world.ent_a, "accepted")
    client = browse("r5_officer")
    refused = client.post(move(enrolment, "activate"), {})
    assert refused.status_code == 400
    assert "Link the member&#x27;s signed MoU before activating the membership." in refused.text
    assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.ACCEPTED

    mou = signed_mou(branch=world.region5, enterprise=world.ent_a, signed_on=date(2025, 3, 1))
    edited = client.post(f"/partnerships/enrolments/{enrolment.pk}/edit/", {"branch": world.region5.pk, "mou": mou.pk})
    assert edited.status_code == 302
    assert client.post(move(enrolment, "activate"), {}).status_code == 302
    assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.ACTIVE


def test_the_edit_form_offers_only_the_enterprises_agreements_and_refuses_an_ended_enrolment(world, vc, browse):
    own = signed_mou(branch=world.region5, enterprise=world.ent_a, signed_on=date(2025, 3, 1))
    signed_mou(branch=world.region5, enterprise=world.ent_b, signed_on=date(2025, 3, 1), doc_number="02/BBGN")
    enrolment = enrol_through(vc, world.ent_a, "applied")
    client = browse("r5_officer")
    assert list(
        client.get(f"/partnerships/enrolments/{enrolment.pk}/edit/").context["form"].fields["mou"].queryset
    ) == [own]
    services.exit_enrolment(enrolment=enrolment, by=None, reason="Rút lui.")
    response = client.post(
        f"/partnerships/enrolments/{enrolment.pk}/edit/", {"branch": world.region5.pk, "cohort": "X"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["This enrolment has ended; its record can no longer change."]
    assert Enrolment.objects.get(pk=enrolment.pk).cohort == ""


# --- Reviews ------------------------------------------------------------------------------------------------------


def test_a_review_recorded_on_the_page_says_raised(world, aeo, browse):
    enterprise_services.update_enterprise(enterprise=world.ent_a, by=None, compliance_level=ComplianceLevel.MEDIUM)
    enrolment = enrol_through(aeo, world.ent_a, "active", on=date(2025, 1, 10))
    response = browse("r5_officer").post(
        f"/partnerships/enrolments/{enrolment.pk}/review/",
        {"reviewed_on": "2025-06-30", "level": "2", "notes": "Khắc phục sai sót."},
        follow=True,
    )
    assert "Review recorded: Level 2 – high compliance (Raised)." in response.text
    review = enrolment.reviews.get()
    assert (review.previous_level, review.level, review.change) == (3, 2, "raised")


def test_a_review_of_a_member_not_yet_active_is_refused_with_400(world, aeo, browse):
    enrolment = enrol_through(aeo, world.ent_a, "accepted")
    response = browse("r5_officer").post(
        f"/partnerships/enrolments/{enrolment.pk}/review/", {"reviewed_on": "2025-06-30", "level": "2"}
    )
    assert response.status_code == 400
    assert "Only active members are reviewed." in response.text
    assert not enrolment.reviews.exists()


def test_a_review_dated_before_the_membership_is_an_error_beside_the_date(world, aeo, browse):
    enrolment = enrol_through(aeo, world.ent_a, "active", on=date(2025, 1, 10))
    response = browse("r5_officer").post(
        f"/partnerships/enrolments/{enrolment.pk}/review/", {"reviewed_on": "2024-06-30", "level": "2"}
    )
    assert response.context["form"].errors["reviewed_on"] == [
        "The review date cannot be before the membership started."
    ]


# --- Outsiders ------------------------------------------------------------------------------------------------------


def test_a_region6_officer_gets_404_on_every_page_of_a_region5_enrolment_and_it_is_unchanged(world, aeo, browse):
    enrolment = enrol_through(aeo, world.ent_a, "active")
    client = browse("r6_officer")
    responses = [
        client.get(detail(enrolment)),
        client.post(f"/partnerships/enrolments/{enrolment.pk}/edit/", {"branch": world.region6.pk, "cohort": "X"}),
        client.post(move(enrolment, "exit"), {"reason": "Thử."}),
        client.post(f"/partnerships/enrolments/{enrolment.pk}/review/", {"reviewed_on": "2025-01-01", "level": "1"}),
    ]
    assert [r.status_code for r in responses] == [404] * 4
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.cohort, enrolment.branch) == (EnrolmentStatus.ACTIVE, "", world.region5)
    assert not enrolment.reviews.exists()


# --- Query counts ---------------------------------------------------------------------------------------------------


def test_the_programme_page_runs_the_same_queries_for_1_or_30_enrolments(world, aeo, browse):
    enrol_through(aeo, world.ent_a, "active")
    client = browse("r5_officer")
    page = f"/partnerships/programmes/{aeo.pk}/"
    client.get(page)
    with CaptureQueriesContext(connection) as one:
        assert client.get(page).status_code == 200
    for n in range(30):
        enterprise = factories.make_enterprise(managing_branch=world.region5, name_vi=f"Công ty TNHH Số {n:02d}")
        enrol_through(aeo, enterprise, "applied")
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(page).context["enrolments"]) == 31
    assert len(one) == len(many), "\n".join(q["sql"] for q in many.captured_queries)


def test_the_enrolment_page_runs_a_fixed_number_of_queries(world, aeo, browse):
    enrolment = enrol_through(aeo, world.ent_a, "active", on=date(2024, 1, 1))
    client = browse("r5_officer")
    client.get(detail(enrolment))
    with CaptureQueriesContext(connection) as few:
        client.get(detail(enrolment))
    for month in range(1, 7):
        services.record_enrolment_review(
            enrolment=enrolment, by=world.r5_officer, reviewed_on=date(2025, month, 1), level=2
        )
    services.update_enrolment(enrolment=enrolment, by=None, focal_officers=[world.r5_officer, world.r5_manager])
    with CaptureQueriesContext(connection) as many:
        client.get(detail(enrolment))
    assert len(few) == len(many), "\n".join(q["sql"] for q in many.captured_queries)
