import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm.models import Branch, BranchCoverage, BranchKind, Province, Role, StaffMembership, User
from crm.services import branches as branch_services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """Pages render in English so that the assertions read the source strings, whatever the catalogue holds."""
    settings.LANGUAGE_CODE = "en"


def branch_form(**values):
    data = {
        "parent": "",
        "kind": "",
        "code": "",
        "name_vi": "",
        "name_en": "",
        "short_name": "",
        "roman_numeral": "",
        "customs_office_code": "",
        "hq_province": "",
        "address": "",
        "phone": "",
        "email": "",
        "active_from": "",
        "active_to": "",
    }
    data.update(values)
    return data


def staff_form(world, **values):
    data = {
        "username": "new_officer",
        "full_name": "Trần Thị Bình",
        "email": "binh@customs.gov.vn",
        "branch": world.region5_office.pk,
        "role": Role.OFFICER,
        "title": "Công chức",
        "language": "vi",
        "password": "Hq-Partnership-2025!",
        "password_confirm": "Hq-Partnership-2025!",
    }
    data.update(values)
    return data


# The unit tree


def test_headquarters_sees_every_unit_in_the_tree(world, client_for):
    response = client_for("hq_admin").get("/org/branches/")
    assert response.status_code == 200
    assert [unit.code for unit in response.context["units"]] == ["CHQ", "KV05", "KV05-YP", "KV06"]
    assert [unit.tree_depth for unit in response.context["units"]] == [0, 1, 2, 1]
    assert b'href="/org/branches/new/"' in response.content


def test_a_regional_manager_sees_their_region_and_its_office_but_not_another_region(world, client_for):
    response = client_for("r5_manager").get("/org/branches/")
    assert response.status_code == 200
    assert [unit.code for unit in response.context["units"]] == ["KV05", "KV05-YP"]
    assert [unit.tree_depth for unit in response.context["units"]] == [0, 1]
    assert "Chi cục Hải quan khu vực VI" not in response.content.decode()
    assert b'href="/org/branches/new/"' not in response.content


@pytest.mark.parametrize("persona", ["r5_officer", "r6_officer", "portal_a"])
def test_officers_and_portal_users_are_refused_the_organisation_pages(world, client_for, persona):
    client = client_for(persona)
    for url in ("/org/branches/", f"/org/branches/{world.region5.pk}/", "/org/provinces/", "/org/staff/"):
        assert client.get(url).status_code == 403, url


def test_an_anonymous_visitor_is_sent_to_the_login_page(world, client_for):
    response = client_for("anonymous").get("/org/branches/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/org/branches/"


def test_the_tree_lists_the_provinces_covered_today_and_the_counts(world, client_for):
    bac_ninh = factories.ProvinceFactory(code="27", name_vi="Bắc Ninh")
    ha_bac = factories.ProvinceFactory(code="99", name_vi="Hà Bắc")
    today = timezone.localdate()
    branch_services.add_coverage(by=None, branch=world.region5, province=bac_ninh, valid_from=datetime.date(2025, 3, 1))
    branch_services.add_coverage(
        by=None,
        branch=world.region5,
        province=ha_bac,
        valid_from=datetime.date(2020, 1, 1),
        valid_to=today - datetime.timedelta(days=1),
    )
    response = client_for("hq_admin").get("/org/branches/")
    region5 = next(unit for unit in response.context["units"] if unit.code == "KV05")
    assert [coverage.province.name_vi for coverage in region5.current_coverages] == ["Bắc Ninh"]
    assert (region5.enterprise_count, region5.subtree_enterprise_count, region5.staff_count) == (1, 2, 2)


def test_the_tree_search_ignores_diacritics_and_the_kind_filter_narrows_it(world, client_for):
    client = client_for("hq_admin")
    response = client.get("/org/branches/", {"q": "yen phong"})
    assert [unit.code for unit in response.context["units"]] == ["KV05-YP"]
    response = client.get("/org/branches/", {"kind": BranchKind.REGIONAL})
    assert [unit.code for unit in response.context["units"]] == ["KV05", "KV06"]
    response = client.get("/org/branches/", {"q": "kv06"})
    assert [unit.code for unit in response.context["units"]] == ["KV06"]


def test_a_search_without_results_says_so(world, client_for):
    response = client_for("hq_admin").get("/org/branches/", {"q": "nowhere"})
    assert response.context["units"] == []
    assert "No units match." in response.content.decode()


def test_the_tree_page_costs_the_same_number_of_queries_for_5_or_25_more_offices(world):
    client = Client()
    client.force_login(world.hq_admin)
    province = factories.ProvinceFactory(code="27", name_vi="Bắc Ninh")

    def add_offices(count):
        for _ in range(count):
            office = factories.make_branch(kind=BranchKind.OFFICE, parent=world.region5)
            branch_services.add_coverage(
                by=None, branch=office, province=province, valid_from=datetime.date(2025, 1, 1)
            )

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/org/branches/").status_code == 200
        return len(queries)

    add_offices(5)
    with_5 = count_queries()
    add_offices(20)
    with_25 = count_queries()
    assert with_25 == with_5


# Unit detail


def test_a_manager_opening_a_unit_of_another_region_gets_404(world, client_for):
    assert client_for("r5_manager").get(f"/org/branches/{world.region6.pk}/").status_code == 404
    assert client_for("r5_manager").get(f"/org/branches/{world.department.pk}/").status_code == 404


def test_the_unit_page_shows_coverage_history_staff_and_the_enterprise_link(world, client_for):
    bac_ninh = factories.ProvinceFactory(code="27", name_vi="Bắc Ninh")
    branch_services.add_coverage(
        by=None,
        branch=world.region5,
        province=bac_ninh,
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2025, 2, 28),
        legal_basis="1500/QĐ-BTC",
    )
    branch_services.add_coverage(
        by=None, branch=world.region5, province=bac_ninh, valid_from=datetime.date(2025, 3, 1), legal_basis="382/QĐ-BTC"
    )
    response = client_for("r5_manager").get(f"/org/branches/{world.region5.pk}/")
    assert response.status_code == 200
    assert [(c.legal_basis, c.state) for c in response.context["coverages"]] == [
        ("382/QĐ-BTC", "current"),
        ("1500/QĐ-BTC", "ended"),
    ]
    assert sorted(account.username for account in response.context["staff"]) == ["r5_manager", "r5_officer"]
    assert [child.code for child in response.context["children"]] == ["KV05-YP"]
    page = response.content.decode()
    assert f'href="/enterprises/?managing_branch={world.region5.pk}"' in page
    assert "01/03/2025" in page
    assert "End coverage" not in page  # managers read; only headquarters administrators change coverage


# Creating and editing units


def test_a_manager_cannot_create_a_unit(world, client_for):
    before = Branch.objects.count()
    response = client_for("r5_manager").post(
        "/org/branches/new/",
        branch_form(parent=world.region5.pk, kind=BranchKind.OFFICE, code="KV05-BG", name_vi="Hải quan Bắc Giang"),
    )
    assert response.status_code == 403
    assert Branch.objects.count() == before


def test_an_office_directly_under_the_department_is_refused_beside_the_parent_field(world, client_for):
    before = Branch.objects.count()
    response = client_for("hq_admin").post(
        "/org/branches/new/",
        branch_form(parent=world.department.pk, kind=BranchKind.OFFICE, code="BG", name_vi="Hải quan Bắc Giang"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "parent": ["A Customs office cannot be placed under a Customs Department."]
    }
    assert Branch.objects.count() == before


def test_a_second_department_is_refused(world, client_for):
    response = client_for("hq_admin").post(
        "/org/branches/new/", branch_form(kind=BranchKind.DEPARTMENT, code="CHQ2", name_vi="Cục Hải quan 2")
    )
    assert response.context["form"].errors == {
        "kind": ["There is already a Customs Department at the top of the tree."]
    }
    assert not Branch.objects.filter(code="CHQ2").exists()


def test_a_duplicate_code_and_region_number_are_shown_beside_their_fields(world, client_for):
    response = client_for("hq_admin").post(
        "/org/branches/new/",
        branch_form(
            parent=world.department.pk, kind=BranchKind.REGIONAL, code="KV05", roman_numeral="V", name_vi="Trùng"
        ),
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"code", "roman_numeral"}
    assert not Branch.objects.filter(name_vi="Trùng").exists()


def test_headquarters_creates_a_regional_branch_under_the_department(world, client_for):
    bac_giang = factories.ProvinceFactory(code="24", name_vi="Bắc Giang")
    response = client_for("hq_admin").post(
        "/org/branches/new/",
        branch_form(
            parent=world.department.pk,
            kind=BranchKind.REGIONAL,
            code="KV07",
            roman_numeral="VII",
            name_vi="Chi cục Hải quan khu vực VII",
            name_en="Regional Customs Branch VII",
            hq_province=bac_giang.pk,
            active_from="2025-03-01",
        ),
    )
    branch = Branch.objects.get(code="KV07")
    assert response.status_code == 302
    assert response["Location"] == f"/org/branches/{branch.pk}/"
    assert branch.parent == world.department
    assert branch.path.startswith(world.department.path)
    assert branch.depth == 1
    assert (branch.roman_numeral, branch.hq_province, branch.active_from) == (
        "VII",
        bac_giang,
        datetime.date(2025, 3, 1),
    )
    assert branch.created_by == world.hq_admin


def test_a_unit_cannot_be_moved_under_its_own_office(world, client_for):
    response = client_for("hq_admin").post(
        f"/org/branches/{world.region5.pk}/edit/",
        branch_form(
            parent=world.region5_office.pk,
            kind=BranchKind.REGIONAL,
            code="KV05",
            roman_numeral="V",
            name_vi="Chi cục Hải quan khu vực V",
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "parent": ["A unit cannot be moved under itself or one of its own units."]
    }
    world.region5.refresh_from_db()
    assert world.region5.parent == world.department


def test_headquarters_moves_an_office_to_another_region_and_its_path_follows(world, client_for):
    response = client_for("hq_admin").post(
        f"/org/branches/{world.region5_office.pk}/edit/",
        branch_form(parent=world.region6.pk, kind=BranchKind.OFFICE, code="KV05-YP", name_vi="Hải quan Yên Phong"),
    )
    assert response.status_code == 302
    world.region5_office.refresh_from_db()
    assert world.region5_office.parent == world.region6
    assert world.region5_office.path.startswith(world.region6.path)


def test_a_manager_cannot_edit_a_unit(world, client_for):
    response = client_for("r5_manager").post(
        f"/org/branches/{world.region5.pk}/edit/",
        branch_form(parent=world.department.pk, kind=BranchKind.REGIONAL, code="KV05", name_vi="Đổi tên"),
    )
    assert response.status_code == 403
    world.region5.refresh_from_db()
    assert world.region5.name_vi == "Chi cục Hải quan khu vực V"


# Province coverage


def test_headquarters_adds_a_province_coverage(world, client_for):
    bac_ninh = factories.ProvinceFactory(code="27", name_vi="Bắc Ninh")
    response = client_for("hq_admin").post(
        f"/org/branches/{world.region5.pk}/coverage/new/",
        {"province": bac_ninh.pk, "valid_from": "2025-03-01", "valid_to": "", "legal_basis": "382/QĐ-BTC", "note": ""},
    )
    assert response.status_code == 302
    coverage = BranchCoverage.objects.get(branch=world.region5)
    assert (coverage.province, coverage.valid_from, coverage.valid_to, coverage.legal_basis) == (
        bac_ninh,
        datetime.date(2025, 3, 1),
        None,
        "382/QĐ-BTC",
    )


def test_a_coverage_overlapping_an_existing_period_is_refused(world, client_for):
    bac_ninh = factories.ProvinceFactory(code="27", name_vi="Bắc Ninh")
    branch_services.add_coverage(by=None, branch=world.region5, province=bac_ninh, valid_from=datetime.date(2025, 3, 1))
    response = client_for("hq_admin").post(
        f"/org/branches/{world.region5.pk}/coverage/new/",
        {"province": bac_ninh.pk, "valid_from": "2025-06-01", "valid_to": "", "legal_basis": "", "note": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "valid_from": [
            "Chi cục Hải quan khu vực V already covers Bắc Ninh during part of this period; end that period first."
        ]
    }
    assert BranchCoverage.objects.filter(branch=world.region5).count() == 1


def test_a_manager_cannot_add_coverage(world, client_for):
    bac_ninh = factories.ProvinceFactory(code="27", name_vi="Bắc Ninh")
    response = client_for("r5_manager").post(
        f"/org/branches/{world.region5.pk}/coverage/new/",
        {"province": bac_ninh.pk, "valid_from": "2025-03-01"},
    )
    assert response.status_code == 403
    assert not BranchCoverage.objects.exists()


def test_ending_a_coverage_sets_its_last_day(world, client_for):
    bac_ninh = factories.ProvinceFactory(code="27", name_vi="Bắc Ninh")
    coverage = branch_services.add_coverage(
        by=None, branch=world.region5, province=bac_ninh, valid_from=datetime.date(2025, 3, 1)
    )
    response = client_for("hq_admin").post(f"/org/coverage/{coverage.pk}/end/", {"valid_to": "2025-06-30"})
    assert response.status_code == 302
    assert response["Location"] == f"/org/branches/{world.region5.pk}/"
    coverage.refresh_from_db()
    assert coverage.valid_to == datetime.date(2025, 6, 30)
    assert coverage.updated_by == world.hq_admin


def test_ending_a_coverage_before_it_started_is_reported_and_changes_nothing(world, client_for):
    bac_ninh = factories.ProvinceFactory(code="27", name_vi="Bắc Ninh")
    coverage = branch_services.add_coverage(
        by=None, branch=world.region5, province=bac_ninh, valid_from=datetime.date(2025, 3, 1)
    )
    response = client_for("hq_admin").post(f"/org/coverage/{coverage.pk}/end/", {"valid_to": "2025-01-31"}, follow=True)
    assert "The end date must be on or after the start date." in response.content.decode()
    coverage.refresh_from_db()
    assert coverage.valid_to is None


def test_a_manager_cannot_end_a_coverage(world, client_for):
    bac_ninh = factories.ProvinceFactory(code="27", name_vi="Bắc Ninh")
    coverage = branch_services.add_coverage(
        by=None, branch=world.region5, province=bac_ninh, valid_from=datetime.date(2025, 3, 1)
    )
    response = client_for("r5_manager").post(f"/org/coverage/{coverage.pk}/end/", {"valid_to": "2025-06-30"})
    assert response.status_code == 403
    coverage.refresh_from_db()
    assert coverage.valid_to is None


# Provinces


def test_the_province_search_ignores_diacritics(world, client_for):
    from crm.services import reference

    reference.save_province(by=None, code="27", name_vi="Bắc Ninh", name_en="Bac Ninh")
    reference.save_province(by=None, code="01", name_vi="Hà Nội", name_en="Hanoi")
    response = client_for("r5_manager").get("/org/provinces/", {"q": "bac ninh"})
    assert [province.code for province in response.context["page_obj"]] == ["27"]


def test_the_province_list_hides_merged_provinces_when_asked_for_those_in_force(world, client_for):
    from crm.services import reference

    bac_ninh = reference.save_province(by=None, code="27", name_vi="Bắc Ninh")
    reference.save_province(
        by=None, code="24", name_vi="Bắc Giang", valid_to=datetime.date(2025, 6, 30), merged_into=bac_ninh
    )
    response = client_for("hq_admin").get("/org/provinces/", {"state": "current"})
    assert [province.code for province in response.context["page_obj"]] == ["27"]
    response = client_for("hq_admin").get("/org/provinces/", {"state": "ended"})
    assert [province.code for province in response.context["page_obj"]] == ["24"]


def test_headquarters_creates_and_edits_a_province(world, client_for):
    client = client_for("hq_admin")
    response = client.post(
        "/org/provinces/new/",
        {
            "code": "27",
            "name_vi": "Bắc Ninh",
            "name_en": "Bac Ninh",
            "valid_from": "",
            "valid_to": "",
            "merged_into": "",
        },
    )
    assert response.status_code == 302
    province = Province.objects.get(code="27")
    assert province.search_name == "bac ninh bac ninh"
    response = client.post(
        f"/org/provinces/{province.pk}/edit/",
        {"code": "27", "name_vi": "Bắc Ninh", "name_en": "Bac Ninh Province", "valid_from": "2025-07-01"},
    )
    assert response.status_code == 302
    province.refresh_from_db()
    assert (province.name_en, province.valid_from) == ("Bac Ninh Province", datetime.date(2025, 7, 1))


def test_a_duplicate_province_code_is_shown_beside_the_code(world, client_for):
    factories.ProvinceFactory(code="27", name_vi="Bắc Ninh")
    response = client_for("hq_admin").post("/org/provinces/new/", {"code": "27", "name_vi": "Bắc Ninh mới"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["code"]
    assert Province.objects.filter(code="27").count() == 1


def test_a_manager_cannot_create_a_province(world, client_for):
    response = client_for("r5_manager").post("/org/provinces/new/", {"code": "27", "name_vi": "Bắc Ninh"})
    assert response.status_code == 403
    assert not Province.objects.exists()


# Staff accounts


def test_a_regional_manager_sees_only_the_staff_of_their_region(world, client_for):
    response = client_for("r5_manager").get("/org/staff/")
    assert response.status_code == 200
    assert [account.username for account in response.context["page_obj"]] == [
        "r5_manager",
        "r5_officer",
        "r5_office_officer",
    ]
    assert "r6_officer" not in response.content.decode()


def test_the_staff_list_filters_by_unit_role_and_search(world, client_for):
    client = client_for("hq_admin")
    response = client.get("/org/staff/", {"branch": world.region5_office.pk})
    assert [account.username for account in response.context["page_obj"]] == ["r5_office_officer"]
    response = client.get("/org/staff/", {"role": Role.MANAGER})
    assert [account.username for account in response.context["page_obj"]] == ["r5_manager"]
    response = client.get("/org/staff/", {"q": "r6_"})
    assert [account.username for account in response.context["page_obj"]] == ["r6_officer"]


def test_a_manager_cannot_filter_by_a_unit_outside_their_region(world, client_for):
    response = client_for("r5_manager").get("/org/staff/", {"branch": world.region6.pk})
    assert "branch" in response.context["form"].errors
    assert "r6_officer" not in response.content.decode()


def test_a_weak_password_is_shown_beside_the_password_field(world, client_for):
    response = client_for("hq_admin").post(
        "/org/staff/new/", staff_form(world, password="12345678", password_confirm="12345678")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["password"]
    assert "This password is entirely numeric." in errors["password"]
    assert not User.objects.filter(username="new_officer").exists()


def test_two_different_passwords_are_refused(world, client_for):
    response = client_for("hq_admin").post("/org/staff/new/", staff_form(world, password_confirm="Something-else-9"))
    assert response.context["form"].errors == {"password_confirm": ["The two passwords differ."]}
    assert not User.objects.filter(username="new_officer").exists()


def test_a_taken_username_is_shown_beside_the_username_with_the_other_mistakes(world, client_for):
    response = client_for("hq_admin").post(
        "/org/staff/new/", staff_form(world, username="R5_Officer", password="12345678", password_confirm="12345678")
    )
    errors = response.context["form"].errors
    assert errors["username"] == ["The username R5_Officer is taken."]
    assert "This password is entirely numeric." in errors["password"]
    assert User.objects.filter(username__iexact="r5_officer").count() == 1


def test_headquarters_creates_a_staff_account_that_can_log_in(world, client_for):
    response = client_for("hq_admin").post("/org/staff/new/", staff_form(world, role=Role.MANAGER))
    assert response.status_code == 302
    account = User.objects.get(username="new_officer")
    membership = StaffMembership.objects.get(user=account)
    assert (membership.branch, membership.role, membership.title) == (world.region5_office, Role.MANAGER, "Công chức")
    assert (account.full_name, account.email, account.language) == ("Trần Thị Bình", "binh@customs.gov.vn", "vi")
    assert Client().login(username="new_officer", password="Hq-Partnership-2025!")


def test_a_manager_cannot_create_a_staff_account(world, client_for):
    response = client_for("r5_manager").post("/org/staff/new/", staff_form(world))
    assert response.status_code == 403
    assert not User.objects.filter(username="new_officer").exists()


def test_deactivating_a_staff_account_stops_the_login(world, client_for):
    assert Client().login(username="r5_officer", password=factories.PASSWORD)
    response = client_for("hq_admin").post(
        f"/org/staff/{world.r5_officer.pk}/edit/",
        {
            "full_name": "Lê Văn Cường",
            "email": "",
            "branch": world.region5.pk,
            "role": Role.OFFICER,
            "title": "",
            "language": "en",
            # is_active left out: an unticked checkbox
        },
    )
    assert response.status_code == 302
    world.r5_officer.refresh_from_db()
    assert (world.r5_officer.is_active, world.r5_officer.full_name, world.r5_officer.language) == (
        False,
        "Lê Văn Cường",
        "en",
    )
    assert not Client().login(username="r5_officer", password=factories.PASSWORD)


def test_editing_a_staff_account_can_set_a_new_password(world, client_for):
    response = client_for("hq_admin").post(
        f"/org/staff/{world.r6_officer.pk}/edit/",
        {
            "full_name": "",
            "branch": world.region6.pk,
            "role": Role.OFFICER,
            "language": "vi",
            "is_active": "on",
            "password": "Another-Secret-2025",
            "password_confirm": "Another-Secret-2025",
        },
    )
    assert response.status_code == 200  # full name is required
    assert list(response.context["form"].errors) == ["full_name"]
    response = client_for("hq_admin").post(
        f"/org/staff/{world.r6_officer.pk}/edit/",
        {
            "full_name": "Phạm Thị Dung",
            "branch": world.region6.pk,
            "role": Role.OFFICER,
            "language": "vi",
            "is_active": "on",
            "password": "Another-Secret-2025",
            "password_confirm": "Another-Secret-2025",
        },
    )
    assert response.status_code == 302
    assert Client().login(username="r6_officer", password="Another-Secret-2025")


def test_an_administrator_cannot_remove_their_own_admin_role(world, client_for):
    response = client_for("hq_admin").post(
        f"/org/staff/{world.hq_admin.pk}/edit/",
        {
            "full_name": "Quản trị",
            "branch": world.department.pk,
            "role": Role.OFFICER,
            "language": "vi",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "You cannot remove your own administrator access; ask another administrator."
    ]
    assert StaffMembership.objects.get(user=world.hq_admin).role == Role.HQ_ADMIN


def test_a_portal_login_cannot_be_opened_as_a_staff_account(world, client_for):
    assert client_for("hq_admin").get(f"/org/staff/{world.portal_a.pk}/edit/").status_code == 404


def test_a_manager_cannot_open_the_staff_edit_page(world, client_for):
    assert client_for("r5_manager").get(f"/org/staff/{world.r5_officer.pk}/edit/").status_code == 403


def test_an_empty_staff_search_says_so(world, client_for):
    response = client_for("hq_admin").get("/org/staff/", {"q": "nobody-here"})
    assert "No staff accounts match." in response.content.decode()


def test_every_organisation_form_opens_for_headquarters_with_the_current_values(world, client_for):
    client = client_for("hq_admin")
    province = factories.ProvinceFactory(code="27", name_vi="Bắc Ninh")
    pages = {
        f"/org/branches/new/?parent={world.region5.pk}": "New customs unit",
        f"/org/branches/{world.region5.pk}/edit/": 'value="Chi cục Hải quan khu vực V"',
        f"/org/branches/{world.region5.pk}/coverage/new/": "Add province coverage to Chi cục Hải quan khu vực V",
        "/org/provinces/new/": "New province",
        f"/org/provinces/{province.pk}/edit/": 'value="Bắc Ninh"',
        "/org/staff/new/": "New staff account",
        f"/org/staff/{world.r5_officer.pk}/edit/": "Edit account r5_officer",
    }
    for url, expected in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert expected in response.content.decode(), url
    assert client.get(f"/org/branches/new/?parent={world.region5.pk}").context["form"].initial == {
        "parent": world.region5.pk
    }
