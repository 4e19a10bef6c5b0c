import csv
import io

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from crm.models import Contact, Enterprise, EnterpriseUnit, Ownership, Role
from crm.services import enterprises as enterprise_services
from tests import factories

pytestmark = pytest.mark.django_db

LIST = "/enterprises/"
EXPORT = "/enterprises/export/"
NEW = "/enterprises/new/"


@pytest.fixture
def browse(client_for):
    """client_for, reading the pages in English so that assertions do not depend on the Vietnamese catalogue."""

    def make(persona: str):
        client = client_for(persona)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


def enterprise_form_data(**overrides) -> dict:
    data = {
        "tax_code": "0100233488",
        "name_vi": "Công ty TNHH Cơ khí Bắc Ninh",
        "ownership": Ownership.DOMESTIC,
        "aeo_status": "none",
        "status": "active",
    }
    data.update(overrides)
    return data


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


# The list


def test_a_region5_officer_lists_the_enterprises_of_region5_and_its_offices_only(world, browse):
    response = browse("r5_officer").get(LIST)
    assert response.status_code == 200
    assert sorted(e.tax_code for e in response.context["enterprises"]) == ["2352601817", "2359083018"]
    assert "2 enterprises" in response.text
    assert "Nông sản Lạng Sơn" not in response.text


def test_the_list_links_each_name_to_its_detail_page_with_the_foreign_name_under_it(world, browse):
    response = browse("r5_officer").get(LIST)
    assert f'<a href="/enterprises/{world.ent_a.pk}/">Công ty TNHH Điện tử Đông Á</a>' in response.text
    assert "Dong A Electronics Co., Ltd" in response.text


def test_search_finds_a_name_typed_without_diacritics(world, browse):
    response = browse("r5_officer").get(LIST, {"q": "dien tu dong a"})
    assert [e.tax_code for e in response.context["enterprises"]] == ["2352601817"]
    assert "1 enterprise" in response.text


def test_search_by_the_start_of_a_tax_code(world, browse):
    response = browse("hq_admin").get(LIST, {"q": "49821"})
    assert [e.tax_code for e in response.context["enterprises"]] == ["4982199351"]


def test_search_never_reveals_an_enterprise_outside_the_officers_scope(world, browse):
    response = browse("r5_officer").get(LIST, {"q": "lang son"})
    assert list(response.context["enterprises"]) == []
    assert "No enterprise matches these filters" in response.text


def test_the_ownership_filter_narrows_the_list_to_fdi_enterprises(world, browse):
    enterprise_services.update_enterprise(
        enterprise=world.ent_b, by=None, ownership=Ownership.FDI_100, investor_country="kr"
    )
    response = browse("r5_officer").get(LIST, {"ownership": "fdi"})
    assert [e.tax_code for e in response.context["enterprises"]] == ["2359083018"]
    assert "100% foreign-invested" in response.text


def test_the_managing_unit_filter_includes_the_units_under_it(world, browse):
    response = browse("r5_officer").get(LIST, {"managing_branch": world.region5_office.pk})
    assert [e.tax_code for e in response.context["enterprises"]] == ["2359083018"]


def test_a_filter_on_a_branch_outside_the_scope_is_a_form_error_not_a_leak(world, browse):
    response = browse("r5_officer").get(LIST, {"managing_branch": world.region6.pk})
    assert response.status_code == 200
    assert list(response.context["enterprises"]) == []
    assert "Select a valid choice" in response.text
    assert "Nông sản Lạng Sơn" not in response.text


def test_an_invalid_compliance_level_shows_the_filter_error(world, browse):
    response = browse("r5_officer").get(LIST, {"compliance_level": "abc"})
    assert response.status_code == 200
    assert "Compliance level: Select a valid choice. abc is not one of the available choices." in response.text


def test_deactivated_enterprises_are_hidden_unless_asked_for(world, browse):
    enterprise_services.deactivate_enterprise(enterprise=world.ent_b, by=None)
    client = browse("r5_officer")
    assert [e.tax_code for e in client.get(LIST).context["enterprises"]] == ["2352601817"]
    shown = client.get(LIST, {"include_inactive": "true"}).context["enterprises"]
    assert sorted(e.tax_code for e in shown) == ["2352601817", "2359083018"]


def test_the_list_shows_status_badges(world, browse):
    enterprise_services.update_enterprise(
        enterprise=world.ent_a, by=None, is_export_processing=True, aeo_status="recognised", compliance_level=2
    )
    response = browse("r5_officer").get(LIST)
    assert '<span class="badge badge-brand" title="Export-processing enterprise">EPE</span>' in response.text
    assert '<span class="badge badge-ok" title="Priority enterprise (AEO)">AEO</span>' in response.text
    assert '<span class="badge badge-ok" title="Level 2 – high compliance">Level 2</span>' in response.text


def test_an_htmx_search_returns_only_the_results_fragment(world, browse):
    response = browse("r5_officer").get(LIST, {"q": "dong a", "province": ""}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "1 enterprise" in response.text
    assert "Công ty TNHH Điện tử Đông Á" in response.text
    assert "HX-Request" in response["Vary"]
    assert response["HX-Push-Url"] == "/enterprises/?q=dong+a"


def test_the_search_box_drives_live_search(world, browse):
    response = browse("r5_officer").get(LIST)
    assert 'name="q"' in response.text
    assert 'hx-trigger="input changed delay:300ms, search"' in response.text
    assert 'hx-target="#enterprise-results"' in response.text


def test_export_links_keep_the_current_filters(world, browse):
    response = browse("r5_officer").get(LIST, {"q": "dong a", "page": "1"})
    assert 'href="/enterprises/export/?q=dong+a&amp;as=csv"' in response.text
    assert 'href="/enterprises/export/?q=dong+a&amp;as=xlsx"' in response.text


def test_only_managers_see_the_import_button(world, browse):
    assert "/enterprises/import/" not in browse("r5_officer").get(LIST).text
    assert "/enterprises/import/" in browse("r5_manager").get(LIST).text


def test_a_unit_without_enterprises_sees_the_empty_register_text(world, browse):
    region7 = factories.make_branch(parent=world.department, code="KV07", roman_numeral="VII")
    client = browse("anonymous")
    client.force_login(factories.make_staff(username="r7_officer", branch=region7))
    response = client.get(LIST)
    assert "No enterprises registered yet." in response.text
    assert "No enterprise matches these filters" not in response.text


def test_page_size_is_capped_and_paginates(world, browse):
    response = browse("hq_admin").get(LIST, {"page_size": "2"})
    assert len(response.context["enterprises"]) == 2
    assert "Page 1 of 2" in response.text
    assert browse("hq_admin").get(LIST, {"page_size": "5000"}).context["page_obj"].paginator.per_page == 200


def test_the_list_runs_the_same_number_of_queries_for_5_and_50_rows(world, browse):
    type_code = factories.DeclarationTypeFactory(code="E31")
    for n in range(60):
        enterprise = factories.make_enterprise(managing_branch=world.region5, name_vi=f"Công ty Số {n:02d}")
        enterprise.declaration_types.add(type_code)
    client = browse("r5_officer")
    client.get(LIST)  # warm the session
    with CaptureQueriesContext(connection) as small:
        assert len(client.get(LIST, {"page_size": "5"}).context["enterprises"]) == 5
    with CaptureQueriesContext(connection) as large:
        assert len(client.get(LIST, {"page_size": "50"}).context["enterprises"]) == 50
    assert len(small.captured_queries) == len(large.captured_queries)


def test_a_portal_user_is_refused_the_staff_list(world, browse):
    assert browse("portal_a").get(LIST).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(world, browse):
    response = browse("anonymous").get(LIST)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/enterprises/"


# Detail


def test_the_detail_page_shows_the_enterprise_its_contacts_and_units(world, browse):
    factories.make_contact(enterprise=world.ent_a, full_name="Trần Thị Bình", email="binh@donga.vn")
    enterprise_services.add_unit(enterprise=world.ent_a, by=None, tax_code="2352601817-001", name="Nhà máy Quế Võ")
    response = browse("r5_officer").get(f"/enterprises/{world.ent_a.pk}/")
    assert response.status_code == 200
    assert "<h1>Công ty TNHH Điện tử Đông Á</h1>" in response.text
    assert "Trần Thị Bình" in response.text
    assert "2352601817-001" in response.text
    assert "Nhà máy Quế Võ" in response.text
    assert "Agreements, dialogues, questions and follow-up actions with this enterprise will appear here." in (
        response.text
    )


def test_the_detail_page_runs_a_fixed_number_of_queries(world, browse):
    client = browse("r5_officer")
    url = f"/enterprises/{world.ent_a.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for n in range(5):
        factories.make_contact(enterprise=world.ent_a, full_name=f"Người {n}")
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(before.captured_queries) == len(after.captured_queries)


def test_only_managers_see_the_deactivate_button(world, browse):
    url = f"/enterprises/{world.ent_a.pk}/"
    assert f"/enterprises/{world.ent_a.pk}/deactivate/" not in browse("r5_officer").get(url).text
    assert f"/enterprises/{world.ent_a.pk}/deactivate/" in browse("r5_manager").get(url).text


def test_a_deactivated_enterprise_shows_a_warning_and_a_reactivate_button(world, browse):
    enterprise_services.deactivate_enterprise(enterprise=world.ent_a, by=None)
    response = browse("r5_manager").get(f"/enterprises/{world.ent_a.pk}/")
    assert "This enterprise is deactivated." in response.text
    assert f"/enterprises/{world.ent_a.pk}/reactivate/" in response.text


def test_an_officer_of_another_region_gets_404_for_the_detail_page(world, browse):
    assert browse("r6_officer").get(f"/enterprises/{world.ent_a.pk}/").status_code == 404


# Create and edit


def test_the_new_enterprise_form_defaults_to_the_officers_own_unit(world, browse):
    response = browse("r5_officer").get(NEW)
    assert response.context["form"]["managing_branch"].value() == world.region5.pk
    assert "Chi cục Hải quan khu vực VI" not in response.text


def test_creating_with_a_wrong_check_digit_keeps_the_input_and_shows_the_error_beside_the_field(world, browse):
    response = browse("r5_officer").post(
        NEW, enterprise_form_data(tax_code="0100233489", managing_branch=world.region5.pk)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["tax_code"] == [
        "Tax code 0100233489 has a wrong check digit; check the 10th digit."
    ]
    assert (
        '<p class="error" id="id_tax_code_error">Tax code 0100233489 has a wrong check digit; check the 10th digit.</p>'
        in response.text
    )
    assert 'value="Công ty TNHH Cơ khí Bắc Ninh"' in response.text
    assert not Enterprise.objects.filter(name_vi="Công ty TNHH Cơ khí Bắc Ninh").exists()


def test_creating_a_valid_enterprise_redirects_to_its_page(world, browse):
    response = browse("r5_officer").post(
        NEW,
        enterprise_form_data(
            managing_branch=world.region5_office.pk, investor_country="jp", ownership=Ownership.FDI_JV
        ),
    )
    enterprise = Enterprise.objects.get(tax_code="0100233488")
    assert response.status_code == 302
    assert response["Location"] == f"/enterprises/{enterprise.pk}/"
    assert enterprise.name_vi == "Công ty TNHH Cơ khí Bắc Ninh"
    assert enterprise.managing_branch == world.region5_office
    assert enterprise.investor_country == "JP"
    assert enterprise.created_by == world.r5_officer


def test_creating_a_duplicate_tax_code_is_a_field_error(world, browse):
    response = browse("r5_officer").post(
        NEW, enterprise_form_data(tax_code="2352601817", managing_branch=world.region5.pk)
    )
    assert response.status_code == 200
    assert "tax_code" in response.context["form"].errors
    assert Enterprise.objects.filter(tax_code="2352601817").count() == 1


def test_an_officer_cannot_file_an_enterprise_under_another_region(world, browse):
    response = browse("r5_officer").post(NEW, enterprise_form_data(managing_branch=world.region6.pk))
    assert response.status_code == 200
    assert "managing_branch" in response.context["form"].errors
    assert not Enterprise.objects.filter(tax_code="0100233488").exists()


def test_an_investor_country_must_be_two_letters(world, browse):
    response = browse("r5_officer").post(
        NEW, enterprise_form_data(managing_branch=world.region5.pk, investor_country="K1")
    )
    assert response.context["form"].errors["investor_country"] == ["Enter a two-letter country code such as KR or JP."]
    assert not Enterprise.objects.filter(tax_code="0100233488").exists()


def test_editing_changes_the_details_and_keeps_the_tax_code(world, browse):
    url = f"/enterprises/{world.ent_a.pk}/edit/"
    client = browse("r5_officer")
    assert "disabled" in str(client.get(url).context["form"]["tax_code"])
    response = client.post(
        url,
        enterprise_form_data(
            tax_code="0100233488", name_vi="Công ty TNHH Điện tử Đông Á Việt Nam", managing_branch=world.region5.pk
        ),
    )
    assert response.status_code == 302
    world.ent_a.refresh_from_db()
    assert world.ent_a.tax_code == "2352601817"
    assert world.ent_a.name_vi == "Công ty TNHH Điện tử Đông Á Việt Nam"
    assert world.ent_a.updated_by == world.r5_officer


def test_an_officer_of_another_region_cannot_open_or_post_the_edit_form(world, browse):
    url = f"/enterprises/{world.ent_a.pk}/edit/"
    client = browse("r6_officer")
    assert client.get(url).status_code == 404
    response = client.post(url, enterprise_form_data(name_vi="Bị đổi tên", managing_branch=world.region6.pk))
    assert response.status_code == 404
    world.ent_a.refresh_from_db()
    assert world.ent_a.name_vi == "Công ty TNHH Điện tử Đông Á"
    assert world.ent_a.managing_branch == world.region5


# Deactivate and reactivate


def test_an_officer_cannot_deactivate_an_enterprise(world, browse):
    response = browse("r5_officer").post(f"/enterprises/{world.ent_a.pk}/deactivate/")
    assert response.status_code == 403
    world.ent_a.refresh_from_db()
    assert world.ent_a.deactivated_at is None


def test_a_manager_deactivates_and_reactivates_an_enterprise(world, browse):
    client = browse("r5_manager")
    response = client.post(f"/enterprises/{world.ent_a.pk}/deactivate/")
    assert response.status_code == 302
    assert response["Location"] == f"/enterprises/{world.ent_a.pk}/"
    world.ent_a.refresh_from_db()
    assert world.ent_a.deactivated_at is not None
    client.post(f"/enterprises/{world.ent_a.pk}/reactivate/")
    world.ent_a.refresh_from_db()
    assert world.ent_a.deactivated_at is None


def test_deactivating_twice_is_a_message_not_an_error(world, browse):
    enterprise_services.deactivate_enterprise(enterprise=world.ent_a, by=None)
    response = browse("r5_manager").post(f"/enterprises/{world.ent_a.pk}/deactivate/", follow=True)
    assert response.status_code == 200
    assert "This enterprise is already deactivated." in response.text


def test_deactivate_refuses_get(world, browse):
    response = browse("r5_manager").get(f"/enterprises/{world.ent_a.pk}/deactivate/")
    assert response.status_code == 405
    world.ent_a.refresh_from_db()
    assert world.ent_a.deactivated_at is None


def test_a_manager_of_another_region_gets_404_when_deactivating(world, browse):
    r6_manager = factories.make_staff(username="r6_manager", branch=world.region6, role=Role.MANAGER)
    client = browse("anonymous")
    client.force_login(r6_manager)
    assert client.post(f"/enterprises/{world.ent_a.pk}/deactivate/").status_code == 404
    world.ent_a.refresh_from_db()
    assert world.ent_a.deactivated_at is None


# Export


def test_the_csv_export_holds_the_officers_enterprises_with_a_header_row(world, browse):
    response = browse("r5_officer").get(EXPORT, {"as": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response)
    assert rows[0][:3] == ["Tax code", "Legal name (Vietnamese)", "Foreign name"]
    assert sorted((row[0], row[1]) for row in rows[1:]) == [
        ("2352601817", "Công ty TNHH Điện tử Đông Á"),
        ("2359083018", "Công ty TNHH Quang học Yên Phong"),
    ]
    assert "4982199351" not in {row[0] for row in rows}


def test_the_csv_export_applies_the_list_filters(world, browse):
    response = browse("r5_officer").get(EXPORT, {"as": "csv", "q": "quang hoc"})
    assert [row[0] for row in csv_rows(response)[1:]] == ["2359083018"]


def test_the_xlsx_export_opens_in_excel(world, browse):
    response = browse("r5_officer").get(EXPORT, {"as": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Tax code", "Legal name (Vietnamese)")
    assert sorted((row[0], row[1]) for row in rows[1:]) == [
        ("2352601817", "Công ty TNHH Điện tử Đông Á"),
        ("2359083018", "Công ty TNHH Quang học Yên Phong"),
    ]


def test_an_unknown_export_format_is_a_400(world, browse):
    response = browse("r5_officer").get(EXPORT, {"as": "pdf"})
    assert response.status_code == 400
    assert response.text == "Unknown export format pdf; use csv or xlsx."


def test_an_export_with_an_invalid_filter_is_a_400(world, browse):
    response = browse("r5_officer").get(EXPORT, {"as": "csv", "managing_branch": world.region6.pk})
    assert response.status_code == 400
    assert response.text.startswith("Cannot export: ")


def test_a_portal_user_cannot_export(world, browse):
    assert browse("portal_a").get(EXPORT).status_code == 403


# Contacts and dependent units


def test_adding_a_contact_with_an_invalid_email_shows_the_field_error(world, browse):
    response = browse("r5_officer").post(
        f"/enterprises/{world.ent_a.pk}/contacts/new/",
        {"full_name": "Lê Văn Cường", "email": "cuong@", "language": "vi"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]
    assert 'value="Lê Văn Cường"' in response.text
    assert not Contact.objects.filter(enterprise=world.ent_a).exists()


def test_adding_a_contact_returns_to_the_enterprise(world, browse):
    response = browse("r5_officer").post(
        f"/enterprises/{world.ent_a.pk}/contacts/new/",
        {
            "full_name": "Lê Văn Cường",
            "email": "cuong@donga.vn",
            "language": "ko",
            "is_legal_representative": "on",
            "consent_date": "2025-03-01",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/enterprises/{world.ent_a.pk}/"
    contact = Contact.objects.get(enterprise=world.ent_a)
    assert (contact.full_name, contact.language, contact.is_legal_representative) == ("Lê Văn Cường", "ko", True)
    assert str(contact.consent_date) == "2025-03-01"


def test_editing_a_contact(world, browse):
    contact = factories.make_contact(enterprise=world.ent_a, full_name="Phạm Thu Hà")
    response = browse("r5_officer").post(
        f"/contacts/{contact.pk}/edit/", {"full_name": "Phạm Thu Hà", "position": "Kế toán trưởng", "language": "vi"}
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.position == "Kế toán trưởng"
    assert contact.is_active is False  # an unchecked box means inactive


def test_an_officer_of_another_region_cannot_edit_a_contact(world, browse):
    contact = factories.make_contact(enterprise=world.ent_a, full_name="Phạm Thu Hà")
    client = browse("r6_officer")
    assert client.get(f"/contacts/{contact.pk}/edit/").status_code == 404
    response = client.post(f"/contacts/{contact.pk}/edit/", {"full_name": "X", "language": "vi"})
    assert response.status_code == 404
    contact.refresh_from_db()
    assert contact.full_name == "Phạm Thu Hà"
    assert client.post(f"/enterprises/{world.ent_a.pk}/contacts/new/", {"full_name": "X"}).status_code == 404
    assert Contact.objects.filter(enterprise=world.ent_a).count() == 1


def test_a_unit_tax_code_with_another_enterprises_prefix_is_a_field_error(world, browse):
    response = browse("r5_officer").post(
        f"/enterprises/{world.ent_a.pk}/units/new/",
        {"tax_code": "2359083018-001", "name": "Chi nhánh Hà Nội", "kind": "branch"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["tax_code"] == [
        "A dependent unit's tax code must start with the enterprise's code 2352601817."
    ]
    assert 'value="Chi nhánh Hà Nội"' in response.text
    assert not EnterpriseUnit.objects.exists()


def test_a_unit_needs_a_13_digit_tax_code(world, browse):
    response = browse("r5_officer").post(
        f"/enterprises/{world.ent_a.pk}/units/new/", {"tax_code": "2352601817", "name": "Chi nhánh", "kind": "branch"}
    )
    assert response.context["form"].errors["tax_code"] == [
        "A dependent unit needs a 13-digit tax code (parent code, hyphen, 3-digit suffix)."
    ]
    assert not EnterpriseUnit.objects.exists()


def test_adding_and_editing_a_dependent_unit(world, browse):
    client = browse("r5_officer")
    response = client.post(
        f"/enterprises/{world.ent_a.pk}/units/new/",
        {"tax_code": "2352601817001", "name": "Chi nhánh Hà Nội", "kind": "branch"},
    )
    assert response.status_code == 302
    unit = EnterpriseUnit.objects.get(enterprise=world.ent_a)
    assert unit.tax_code == "2352601817-001"
    response = client.post(
        f"/units/{unit.pk}/edit/",
        {"tax_code": "2352601817-999", "name": "Nhà máy Quế Võ", "kind": "factory", "address": "KCN Quế Võ"},
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.tax_code, unit.name, unit.kind, unit.address) == (
        "2352601817-001",
        "Nhà máy Quế Võ",
        "factory",
        "KCN Quế Võ",
    )


def test_an_officer_of_another_region_cannot_edit_a_unit(world, browse):
    unit = enterprise_services.add_unit(enterprise=world.ent_a, by=None, tax_code="2352601817-001", name="Chi nhánh")
    client = browse("r6_officer")
    response = client.post(f"/units/{unit.pk}/edit/", {"name": "X", "kind": "branch"})
    assert response.status_code == 404
    unit.refresh_from_db()
    assert unit.name == "Chi nhánh"
