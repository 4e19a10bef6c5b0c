"""API conventions: token auth, pagination, the enterprise filters, error shapes and the self-hosted OpenAPI docs."""

import re
from datetime import date

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from rest_framework.test import APIClient

from crm.models import (
    AeoStatus,
    ComplianceLevel,
    Contact,
    Enterprise,
    EnterpriseStatus,
    Ownership,
)
from crm.services import enterprises as enterprise_services
from crm.taxcodes import make_tax_code
from tests import factories

pytestmark = pytest.mark.django_db

ENT_A, ENT_B, ENT_R6 = "2352601817", "2359083018", "4982199351"


@pytest.fixture
def fresh_throttle():
    """The token endpoint is throttled per client; start every test with an empty rate cache."""
    cache.clear()
    yield
    cache.clear()


def tax_codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(row["tax_code"] for row in response.json()["results"])


# --- Token authentication ---------------------------------------------------------------------------------------


def test_posting_valid_credentials_returns_a_token(world, fresh_throttle):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "r5_officer", "password": factories.PASSWORD}, format="json"
    )
    assert response.status_code == 200
    assert set(response.json()) == {"token"}
    assert len(response.json()["token"]) == 40


def test_posting_a_wrong_password_is_a_400_without_a_token(world, fresh_throttle):
    response = APIClient().post("/api/v1/auth/token/", {"username": "r5_officer", "password": "wrong"}, format="json")
    assert response.status_code == 400
    assert "token" not in response.json()


def test_a_token_in_the_authorization_header_lists_the_users_enterprises(world, fresh_throttle):
    token = (
        APIClient()
        .post("/api/v1/auth/token/", {"username": "r5_officer", "password": factories.PASSWORD}, format="json")
        .json()["token"]
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert tax_codes(client.get("/api/v1/enterprises/")) == [ENT_A, ENT_B]


def test_a_bad_token_is_a_401(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
    response = client.get("/api/v1/enterprises/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_no_credentials_is_a_401_that_names_the_token_scheme(world):
    response = APIClient().get("/api/v1/enterprises/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


# --- Pagination -------------------------------------------------------------------------------------------------


def test_a_list_is_paginated_with_count_next_previous_and_results(world, api_for):
    payload = api_for("hq_admin").get("/api/v1/enterprises/", {"page_size": 2}).json()
    assert set(payload) == {"count", "next", "previous", "results"}
    assert payload["count"] == 3
    assert len(payload["results"]) == 2
    assert payload["previous"] is None
    assert "page=2" in payload["next"]
    second = api_for("hq_admin").get("/api/v1/enterprises/", {"page_size": 2, "page": 2}).json()
    assert len(second["results"]) == 1
    assert second["next"] is None


def test_page_size_is_capped_at_200(world, api_for):
    codes = [code for n in range(300) if (code := make_tax_code(f"36{1_000_000 + n:07d}"))][:210]
    Enterprise.objects.bulk_create(
        Enterprise(tax_code=code, name_vi=f"Công ty Số {n:03d}", managing_branch=world.region5)
        for n, code in enumerate(codes)
    )
    payload = api_for("hq_admin").get("/api/v1/enterprises/", {"page_size": 500}).json()
    assert payload["count"] == 213
    assert len(payload["results"]) == 200


def test_a_page_past_the_end_is_a_404_not_a_500(world, api_for):
    response = api_for("hq_admin").get("/api/v1/enterprises/", {"page": 999})
    assert response.status_code == 404
    assert "detail" in response.json()


# --- Filters on /api/v1/enterprises/ ----------------------------------------------------------------------------


@pytest.fixture
def catalogue(world):
    """Shape the three world enterprises through the services, and add a deactivated one in Region VI."""
    bac_ninh = factories.ProvinceFactory(code="27", name_vi="Bắc Ninh")
    lang_son = factories.ProvinceFactory(code="20", name_vi="Lạng Sơn")
    processing = factories.SegmentFactory(code="processing", name_vi="Gia công, sản xuất xuất khẩu")
    e31 = factories.DeclarationTypeFactory(code="E31", direction="import")
    a12 = factories.DeclarationTypeFactory(code="A12", direction="import")
    enterprise_services.update_enterprise(
        enterprise=world.ent_a,
        by=None,
        ownership=Ownership.FDI_100,
        investor_country="KR",
        is_export_processing=True,
        aeo_status=AeoStatus.RECOGNISED,
        compliance_level=ComplianceLevel.PRIORITY,
        province=bac_ninh,
        segments=[processing],
        declaration_types=[e31],
    )
    enterprise_services.update_enterprise(
        enterprise=world.ent_b,
        by=None,
        ownership=Ownership.FDI_JV,
        investor_country="JP",
        compliance_level=ComplianceLevel.HIGH,
        province=bac_ninh,
        declaration_types=[a12],
    )
    enterprise_services.update_enterprise(
        enterprise=world.ent_r6,
        by=None,
        ownership=Ownership.DOMESTIC,
        compliance_level=ComplianceLevel.MEDIUM,
        province=lang_son,
        status=EnterpriseStatus.SUSPENDED,
    )
    old = factories.make_enterprise(
        managing_branch=world.region6, name_vi="Công ty CP Vận tải Đồng Đăng", tax_code="4900102227"
    )
    enterprise_services.deactivate_enterprise(enterprise=old, by=None)
    return {"bac_ninh": bac_ninh, "lang_son": lang_son, "processing": processing, "old": old}


def test_search_ignores_diacritics_both_ways(catalogue, api_for):
    client = api_for("hq_admin")
    assert tax_codes(client.get("/api/v1/enterprises/", {"q": "dien tu dong a"})) == [ENT_A]
    assert tax_codes(client.get("/api/v1/enterprises/", {"q": "Điện Tử ĐÔNG Á"})) == [ENT_A]
    assert tax_codes(client.get("/api/v1/enterprises/", {"q": "quang hoc"})) == [ENT_B]
    assert tax_codes(client.get("/api/v1/enterprises/", {"q": "nong san lang son"})) == [ENT_R6]


def test_search_matches_a_tax_code_prefix(catalogue, api_for):
    client = api_for("hq_admin")
    assert tax_codes(client.get("/api/v1/enterprises/", {"q": "23526"})) == [ENT_A]
    assert tax_codes(client.get("/api/v1/enterprises/", {"q": "235"})) == [ENT_A, ENT_B]
    assert tax_codes(client.get("/api/v1/enterprises/", {"q": "498219"})) == [ENT_R6]


def test_the_managing_branch_filter_includes_the_offices_under_the_branch(world, catalogue, api_for):
    client = api_for("hq_admin")
    assert tax_codes(client.get("/api/v1/enterprises/", {"managing_branch": world.region5.pk})) == [ENT_A, ENT_B]
    assert tax_codes(client.get("/api/v1/enterprises/", {"managing_branch": world.region5_office.pk})) == [ENT_B]
    assert tax_codes(client.get("/api/v1/enterprises/", {"managing_branch": world.region6.pk})) == [ENT_R6]


def test_the_province_filter(catalogue, api_for):
    client = api_for("hq_admin")
    assert tax_codes(client.get("/api/v1/enterprises/", {"province": catalogue["bac_ninh"].pk})) == [ENT_A, ENT_B]
    assert tax_codes(client.get("/api/v1/enterprises/", {"province": catalogue["lang_son"].pk})) == [ENT_R6]


def test_the_ownership_filter_groups_both_fdi_kinds(catalogue, api_for):
    client = api_for("hq_admin")
    assert tax_codes(client.get("/api/v1/enterprises/", {"ownership": "fdi"})) == [ENT_A, ENT_B]
    assert tax_codes(client.get("/api/v1/enterprises/", {"ownership": Ownership.FDI_JV})) == [ENT_B]
    assert tax_codes(client.get("/api/v1/enterprises/", {"ownership": Ownership.DOMESTIC})) == [ENT_R6]


def test_the_investor_country_filter_ignores_case(catalogue, api_for):
    client = api_for("hq_admin")
    assert tax_codes(client.get("/api/v1/enterprises/", {"investor_country": "kr"})) == [ENT_A]
    assert tax_codes(client.get("/api/v1/enterprises/", {"investor_country": "JP"})) == [ENT_B]


def test_the_export_processing_filter(catalogue, api_for):
    client = api_for("hq_admin")
    assert tax_codes(client.get("/api/v1/enterprises/", {"is_export_processing": "true"})) == [ENT_A]
    assert tax_codes(client.get("/api/v1/enterprises/", {"is_export_processing": "false"})) == [ENT_B, ENT_R6]


def test_the_aeo_status_and_compliance_level_filters(catalogue, api_for):
    client = api_for("hq_admin")
    assert tax_codes(client.get("/api/v1/enterprises/", {"aeo_status": AeoStatus.RECOGNISED})) == [ENT_A]
    assert tax_codes(client.get("/api/v1/enterprises/", {"aeo_status": AeoStatus.NONE})) == [ENT_B, ENT_R6]
    assert tax_codes(client.get("/api/v1/enterprises/", {"compliance_level": 1})) == [ENT_A]
    assert tax_codes(client.get("/api/v1/enterprises/", {"compliance_level": 3})) == [ENT_R6]


def test_the_segment_and_type_code_filters(catalogue, api_for):
    client = api_for("hq_admin")
    assert tax_codes(client.get("/api/v1/enterprises/", {"segment": catalogue["processing"].pk})) == [ENT_A]
    assert tax_codes(client.get("/api/v1/enterprises/", {"type_code": "E31"})) == [ENT_A]
    assert tax_codes(client.get("/api/v1/enterprises/", {"type_code": "A12"})) == [ENT_B]


def test_the_business_status_filter(catalogue, api_for):
    client = api_for("hq_admin")
    assert tax_codes(client.get("/api/v1/enterprises/", {"status": EnterpriseStatus.SUSPENDED})) == [ENT_R6]
    assert tax_codes(client.get("/api/v1/enterprises/", {"status": EnterpriseStatus.ACTIVE})) == [ENT_A, ENT_B]


def test_deactivated_enterprises_are_hidden_unless_asked_for(catalogue, api_for):
    client = api_for("hq_admin")
    assert tax_codes(client.get("/api/v1/enterprises/")) == [ENT_A, ENT_B, ENT_R6]
    assert tax_codes(client.get("/api/v1/enterprises/", {"include_inactive": "true"})) == [
        ENT_A,
        ENT_B,
        "4900102227",
        ENT_R6,
    ]


def test_filters_never_widen_the_scope(catalogue, api_for):
    client = api_for("r5_officer")
    assert tax_codes(client.get("/api/v1/enterprises/", {"include_inactive": "true"})) == [ENT_A, ENT_B]
    assert tax_codes(client.get("/api/v1/enterprises/", {"q": "lang son"})) == []
    assert tax_codes(client.get("/api/v1/enterprises/", {"province": catalogue["lang_son"].pk})) == []


def test_a_deactivated_enterprise_still_has_a_detail_page(catalogue, api_for):
    response = api_for("hq_admin").get(f"/api/v1/enterprises/{catalogue['old'].pk}/")
    assert response.status_code == 200
    assert response.json()["is_active"] is False


# --- Errors -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"compliance_level": "abc"}, "compliance_level"),
        ({"managing_branch": "999999"}, "managing_branch"),
        ({"ownership": "pirate"}, "ownership"),
        ({"province": "abc"}, "province"),
        ({"type_code": "ZZZ"}, "type_code"),
    ],
)
def test_an_invalid_filter_value_is_a_400_naming_the_field(params, field, world, api_for):
    response = api_for("hq_admin").get("/api/v1/enterprises/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_filtering_by_a_branch_outside_the_scope_is_a_400_like_an_unknown_branch(world, api_for):
    response = api_for("r5_officer").get("/api/v1/enterprises/", {"managing_branch": world.region6.pk})
    assert response.status_code == 400
    assert "managing_branch" in response.json()


def test_a_wrong_check_digit_is_a_tax_code_field_error_and_nothing_is_created(world, api_for):
    response = api_for("r5_officer").post(
        "/api/v1/enterprises/",
        {"tax_code": "0100233489", "name_vi": "Công ty TNHH Sai Mã", "managing_branch": world.region5.pk},
    )
    assert response.status_code == 400
    assert list(response.json()) == ["tax_code"]
    assert isinstance(response.json()["tax_code"], list)
    assert not Enterprise.objects.filter(name_vi="Công ty TNHH Sai Mã").exists()


def test_deactivating_twice_is_a_400_with_a_detail_message(world, api_for):
    client = api_for("r5_manager")
    assert client.post(f"/api/v1/enterprises/{world.ent_a.pk}/deactivate/").status_code == 200
    first = Enterprise.objects.get(pk=world.ent_a.pk).deactivated_at
    response = client.post(f"/api/v1/enterprises/{world.ent_a.pk}/deactivate/")
    assert response.status_code == 400
    assert set(response.json()) == {"detail"}
    assert Enterprise.objects.get(pk=world.ent_a.pk).deactivated_at == first


def test_reactivating_a_deactivated_enterprise_through_the_api(world, api_for):
    enterprise_services.deactivate_enterprise(enterprise=world.ent_a, by=None)
    response = api_for("r5_manager").post(f"/api/v1/enterprises/{world.ent_a.pk}/reactivate/")
    assert response.status_code == 200
    assert response.json()["is_active"] is True
    assert Enterprise.objects.get(pk=world.ent_a.pk).deactivated_at is None


def test_moving_a_contact_to_an_enterprise_of_another_scope_is_a_400(world, api_for):
    contact = factories.make_contact(enterprise=world.ent_a, full_name="Nguyễn Văn An")
    response = api_for("r5_officer").patch(f"/api/v1/contacts/{contact.pk}/", {"enterprise": world.ent_r6.pk})
    assert response.status_code == 400
    assert "enterprise" in response.json()
    assert Contact.objects.get(pk=contact.pk).enterprise_id == world.ent_a.pk


@pytest.mark.parametrize("path", ["/api/v1/enterprises/", "/api/v1/contacts/", "/api/v1/auth/token/"])
def test_a_garbage_json_body_is_a_400_not_a_500(path, world, api_for, fresh_throttle):
    response = api_for("r5_officer").generic("POST", path, b'{"tax_code": ', content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_a_garbage_json_patch_changes_nothing(world, api_for):
    response = api_for("r5_officer").generic(
        "PATCH", f"/api/v1/enterprises/{world.ent_a.pk}/", b"{name_vi: x", content_type="application/json"
    )
    assert response.status_code == 400
    assert Enterprise.objects.get(pk=world.ent_a.pk).name_vi == "Công ty TNHH Điện tử Đông Á"


def test_an_unknown_export_format_is_a_400(world, api_for):
    response = api_for("r5_officer").get("/api/v1/enterprises/export/", {"as": "pdf"})
    assert response.status_code == 400
    assert "detail" in response.json()


def test_an_xlsx_export_is_a_spreadsheet(world, api_for):
    response = api_for("r5_officer").get("/api/v1/enterprises/export/", {"as": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.content[:2] == b"PK"


# --- Schema and docs --------------------------------------------------------------------------------------------


def test_the_openapi_schema_lists_the_enterprise_and_token_paths(world, api_for):
    response = api_for("r5_officer").get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/v1/enterprises/:" in text
    assert "/api/v1/auth/token/:" in text
    assert "/api/v1/enterprises/{id}/deactivate/:" in text


def _asset_urls(html: str) -> list[str]:
    return re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)


def test_the_api_docs_load_their_assets_from_our_own_static_files(world, client_for):
    client = client_for("r5_officer")
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    urls = _asset_urls(html)
    assert [url for url in urls if url.startswith(("http://", "https://", "//"))] == []
    static = [url.split("?")[0] for url in urls if url.startswith("/static/")]
    assert any(url.endswith("swagger-ui-bundle.js") for url in static), urls
    assert any(url.endswith(".css") for url in static), urls
    for url in static:
        assert finders.find(url.removeprefix("/static/")) is not None, url
        asset = client.get(url)
        assert asset.status_code == 200, url
        body = b"".join(asset.streaming_content) if asset.streaming else asset.content
        assert len(body) > 0, url


def test_the_api_docs_script_is_served_from_our_origin_too(world, client_for):
    """The split view moves the Swagger UI initialiser into a same-origin script (the CSP forbids inline ones)."""
    client = client_for("r5_officer")
    html = client.get("/api/docs/").content.decode()
    assert "<script>" not in html.replace(" ", "")
    local_scripts = [url for url in re.findall(r'<script[^>]+src="([^"]+)"', html) if not url.startswith("/static/")]
    assert local_scripts, html
    for url in local_scripts:
        response = client.get(url.replace("&amp;", "&"))
        assert response.status_code == 200, url
        assert "SwaggerUIBundle" in response.content.decode()


def test_the_schema_date_fields_are_iso_dates(world, api_for):
    """Dates travel as ISO 8601 (YYYY-MM-DD) in the API; only HTML shows DD/MM/YYYY."""
    enterprise_services.update_enterprise(enterprise=world.ent_a, by=None, compliance_assessed_on=date(2025, 3, 31))
    payload = api_for("r5_officer").get(f"/api/v1/enterprises/{world.ent_a.pk}/").json()
    assert payload["compliance_assessed_on"] == "2025-03-31"
