"""The pledge API: campaigns and their progress, who has not signed, pledges, status actions, bulk recording."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.generators import SchemaGenerator

from crm.models import Enterprise
from crm.services import enterprises as enterprise_services
from crm.taxcodes import make_tax_code
from partnerships.models import Pledge, PledgeCampaign, PledgeKind, PledgeStatus
from partnerships.services import pledges as services
from tests import factories

pytestmark = pytest.mark.django_db

ENT_A, ENT_B, ENT_R6 = "2352601817", "2359083018", "4982199351"
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
CAMPAIGNS, PLEDGES, BULK = "/api/v1/pledge-campaigns/", "/api/v1/pledges/", "/api/v1/pledges/bulk/"


def make_campaign(branch, **fields) -> PledgeCampaign:
    values = {
        "name": "Không hàng giả 2025",
        "kind": PledgeKind.NO_COUNTERFEIT,
        "starts_on": date(2025, 1, 1),
        "ends_on": date(2025, 12, 31),
        "text_vi": "Chúng tôi cam kết không sản xuất, buôn bán hàng giả, hàng xâm phạm quyền sở hữu trí tuệ.",
        "target_signers": 4,
    }
    values.update(fields)
    return services.create_campaign(by=None, branch=branch, **values)


def sign(campaign, enterprise, signed_on=date(2025, 3, 15), **fields) -> Pledge:
    return services.record_pledge(campaign=campaign, by=None, enterprise=enterprise, signed_on=signed_on, **fields)


@pytest.fixture
def api_for(api_for):
    """api_for, asking for English answers so that assertions do not depend on the Vietnamese catalogue."""

    def make(persona: str):
        client = api_for(persona)
        client.credentials(HTTP_ACCEPT_LANGUAGE="en")
        return client

    return make


@pytest.fixture
def campaign(world) -> PledgeCampaign:
    return make_campaign(world.region5, partner="Ban Chỉ đạo 389 tỉnh Bắc Ninh")


def enterprises_of(branch, count: int, prefix: str = "36") -> list[Enterprise]:
    codes = [code for n in range(count * 2) if (code := make_tax_code(f"{prefix}{1_000_000 + n:07d}"))][:count]
    return Enterprise.objects.bulk_create(
        Enterprise(tax_code=code, name_vi=f"Công ty TNHH Số {n:03d}", managing_branch=branch)
        for n, code in enumerate(codes)
    )


def count_queries(client, method, url, data=None, **kwargs) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data, **kwargs)
    return len(captured), response


# --- Campaigns --------------------------------------------------------------------------------------------------


def test_the_campaign_list_counts_signed_withdrawn_and_breached_pledges_and_the_progress(world, campaign, api_for):
    sign(campaign, world.ent_a)
    services.mark_pledge_breached(pledge=sign(campaign, world.ent_b), by=None, reference="12/QĐ-XPHC")
    third = factories.make_enterprise(managing_branch=world.region5)
    services.withdraw_pledge(pledge=sign(campaign, third), by=None, reason="Giải thể")

    payload = api_for("r5_officer").get(CAMPAIGNS).json()

    assert payload["count"] == 1
    row = payload["results"][0]
    assert (row["signed_count"], row["withdrawn_count"], row["breached_count"]) == (2, 1, 1)
    assert row["target_signers"] == 4
    assert row["progress_percent"] == 50.0
    assert row["branch_name"] == "Chi cục Hải quan khu vực V"
    assert row["partner"] == "Ban Chỉ đạo 389 tỉnh Bắc Ninh"


def test_a_region5_officer_does_not_see_region6_campaigns(world, campaign, api_for):
    make_campaign(world.region6, name="Chiến dịch khu vực VI")
    names = [row["name"] for row in api_for("r5_officer").get(CAMPAIGNS).json()["results"]]
    assert names == ["Không hàng giả 2025"]
    assert api_for("hq_admin").get(CAMPAIGNS).json()["count"] == 2


def test_the_campaign_filters_by_year_kind_and_name(world, campaign, api_for):
    make_campaign(world.region5, name="Tuân thủ 2026", kind=PledgeKind.COMPLIANCE, **_year(2026))
    client = api_for("r5_officer")

    def names(params):
        return [row["name"] for row in client.get(CAMPAIGNS, params).json()["results"]]

    assert names({"year": 2025}) == ["Không hàng giả 2025"]
    assert names({"kind": PledgeKind.COMPLIANCE}) == ["Tuân thủ 2026"]
    assert names({"q": "tuân thủ"}) == ["Tuân thủ 2026"]


def _year(year: int) -> dict:
    return {"starts_on": date(year, 1, 1), "ends_on": date(year, 12, 31)}


def test_the_campaign_list_runs_the_same_queries_for_1_or_20_campaigns(world, campaign, api_for):
    client = api_for("r5_officer")
    client.get(CAMPAIGNS)
    one, _ = count_queries(client, "get", CAMPAIGNS)
    for n in range(19):
        sign(make_campaign(world.region5, name=f"Chiến dịch {n}"), world.ent_a)
    many, response = count_queries(client, "get", CAMPAIGNS)
    assert response.json()["count"] == 20
    assert one == many


def test_creating_a_campaign_returns_it_with_zero_counts(world, api_for):
    response = api_for("r5_officer").post(
        CAMPAIGNS,
        {
            "name": "Cam kết tuân thủ 2025",
            "kind": PledgeKind.COMPLIANCE,
            "branch": world.region5.pk,
            "starts_on": "2025-01-01",
            "ends_on": "2025-12-31",
            "text_vi": "Doanh nghiệp cam kết tuân thủ pháp luật hải quan.",
            "target_signers": 200,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["signed_count"], body["withdrawn_count"], body["breached_count"]) == (0, 0, 0)
    assert body["progress_percent"] == 0.0
    campaign = PledgeCampaign.objects.get(pk=body["id"])
    assert (campaign.name, campaign.branch, campaign.created_by) == (
        "Cam kết tuân thủ 2025",
        world.region5,
        world.r5_officer,
    )


def test_a_campaign_of_a_unit_outside_the_scope_is_a_branch_error(world, api_for):
    response = api_for("r5_officer").post(
        CAMPAIGNS,
        {
            "name": "Chiến dịch lạ",
            "branch": world.region6.pk,
            "starts_on": "2025-01-01",
            "ends_on": "2025-12-31",
            "text_vi": "…",
            "target_signers": 5,
        },
    )
    assert response.status_code == 400
    assert list(response.json()) == ["branch"]
    assert not PledgeCampaign.objects.exists()


def test_a_campaign_that_ends_before_it_starts_is_refused(world, api_for):
    response = api_for("r5_officer").post(
        CAMPAIGNS,
        {
            "name": "Sai ngày",
            "branch": world.region5.pk,
            "starts_on": "2025-06-01",
            "ends_on": "2025-05-31",
            "text_vi": "…",
            "target_signers": 5,
        },
    )
    assert response.status_code == 400
    assert response.json() == {"ends_on": ["The campaign must end on or after the day it starts."]}


def test_updating_a_campaign_goes_through_the_service(world, campaign, api_for):
    sign(campaign, world.ent_a)
    response = api_for("r5_officer").patch(f"{CAMPAIGNS}{campaign.pk}/", {"target_signers": 2, "name": " Đổi tên "})
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["progress_percent"]) == ("Đổi tên", 50.0)
    campaign.refresh_from_db()
    assert (campaign.target_signers, campaign.updated_by) == (2, world.r5_officer)


def test_shrinking_the_period_around_existing_pledges_is_refused(world, campaign, api_for):
    sign(campaign, world.ent_a, signed_on=date(2025, 11, 20))
    response = api_for("r5_officer").patch(f"{CAMPAIGNS}{campaign.pk}/", {"ends_on": "2025-06-30"})
    assert response.status_code == 400
    assert list(response.json()) == ["ends_on"]
    campaign.refresh_from_db()
    assert campaign.ends_on == date(2025, 12, 31)


def test_a_region6_officer_cannot_edit_a_region5_campaign(world, campaign, api_for):
    response = api_for("r6_officer").patch(f"{CAMPAIGNS}{campaign.pk}/", {"name": "Bị đổi", "target_signers": 1})
    assert response.status_code == 404
    campaign.refresh_from_db()
    assert (campaign.name, campaign.target_signers) == ("Không hàng giả 2025", 4)


# --- Who has not signed ------------------------------------------------------------------------------------------


def test_non_signers_are_the_active_enterprises_of_the_subtree_that_have_not_signed(world, campaign, api_for):
    sign(campaign, world.ent_a)
    gone = factories.make_enterprise(managing_branch=world.region5, name_vi="Công ty TNHH Đã Giải Thể")
    enterprise_services.deactivate_enterprise(enterprise=gone, by=None)
    payload = api_for("r5_officer").get(f"{CAMPAIGNS}{campaign.pk}/non-signers/").json()
    assert payload["count"] == 1
    assert [row["tax_code"] for row in payload["results"]] == [ENT_B]
    assert payload["results"][0]["managing_branch_name"] == "Hải quan Yên Phong"


def test_non_signers_are_limited_to_the_target_segment(world, api_for):
    segment = factories.SegmentFactory(code="processing", name_vi="Gia công, SXXK")
    enterprise_services.update_enterprise(enterprise=world.ent_b, by=None, segments=[segment])
    campaign = make_campaign(world.region5, target_segment=segment)
    payload = api_for("r5_officer").get(f"{CAMPAIGNS}{campaign.pk}/non-signers/").json()
    assert [row["tax_code"] for row in payload["results"]] == [ENT_B]


def test_non_signers_can_be_searched_without_diacritics_and_are_paginated(world, campaign, api_for):
    client = api_for("r5_officer")
    url = f"{CAMPAIGNS}{campaign.pk}/non-signers/"
    assert [row["tax_code"] for row in client.get(url, {"q": "quang hoc"}).json()["results"]] == [ENT_B]
    assert [row["tax_code"] for row in client.get(url, {"q": "23526"}).json()["results"]] == [ENT_A]
    page = client.get(url, {"page_size": 1}).json()
    assert (page["count"], len(page["results"]), page["previous"]) == (2, 1, None)
    assert "page=2" in page["next"]


def test_non_signers_of_a_foreign_campaign_are_a_404(world, campaign, api_for):
    assert api_for("r6_officer").get(f"{CAMPAIGNS}{campaign.pk}/non-signers/").status_code == 404


def test_the_non_signer_list_runs_the_same_queries_for_2_or_40_enterprises(world, campaign, api_for):
    client = api_for("r5_officer")
    url = f"{CAMPAIGNS}{campaign.pk}/non-signers/"
    client.get(url)
    few, _ = count_queries(client, "get", url)
    enterprises_of(world.region5_office, 38)
    many, response = count_queries(client, "get", url)
    assert response.json()["count"] == 40
    assert few == many


# --- Pledges ----------------------------------------------------------------------------------------------------


def test_recording_a_pledge(world, campaign, api_for):
    response = api_for("r5_officer").post(
        PLEDGES,
        {
            "campaign": campaign.pk,
            "enterprise": world.ent_a.pk,
            "signed_on": "2025-03-15",
            "signatory_name": "Nguyễn Văn An",
            "signatory_title": "Giám đốc",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "active"
    assert (body["enterprise_tax_code"], body["campaign_name"]) == (ENT_A, "Không hàng giả 2025")
    assert (body["has_scan"], body["scan_url"]) == (False, None)
    pledge = Pledge.objects.get(pk=body["id"])
    assert (pledge.signatory_name, pledge.signed_on, pledge.created_by) == (
        "Nguyễn Văn An",
        date(2025, 3, 15),
        world.r5_officer,
    )


def test_recording_the_same_enterprise_twice_is_an_enterprise_error(world, campaign, api_for):
    sign(campaign, world.ent_a)
    response = api_for("r5_officer").post(
        PLEDGES, {"campaign": campaign.pk, "enterprise": world.ent_a.pk, "signed_on": "2025-04-01"}
    )
    assert response.status_code == 400
    assert response.json() == {"enterprise": ["This enterprise has already signed a pledge in this campaign."]}
    assert Pledge.objects.count() == 1


def test_a_pledge_of_an_enterprise_outside_the_scope_is_refused(world, campaign, api_for):
    response = api_for("r5_officer").post(
        PLEDGES, {"campaign": campaign.pk, "enterprise": world.ent_r6.pk, "signed_on": "2025-04-01"}
    )
    assert response.status_code == 400
    assert list(response.json()) == ["enterprise"]
    assert not Pledge.objects.exists()


def test_a_pledge_signed_outside_the_campaign_is_refused(world, campaign, api_for):
    response = api_for("r5_officer").post(
        PLEDGES, {"campaign": campaign.pk, "enterprise": world.ent_a.pk, "signed_on": "2026-01-10"}
    )
    assert response.status_code == 400
    assert response.json() == {
        "signed_on": ["The signing date 10/01/2026 is outside the campaign (01/01/2025 – 31/12/2025)."]
    }
    assert not Pledge.objects.exists()


def test_a_pledge_with_its_scan_in_multipart_and_the_scan_download(world, campaign, api_for):
    client = api_for("r5_officer")
    response = client.post(
        PLEDGES,
        {
            "campaign": campaign.pk,
            "enterprise": world.ent_a.pk,
            "signed_on": "2025-03-15",
            "scan": SimpleUploadedFile("cam-ket.pdf", PDF, content_type="application/pdf"),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["has_scan"] is True
    assert body["scan_url"] == f"http://testserver/api/v1/pledges/{body['id']}/scan/"
    download = client.get(body["scan_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF
    assert api_for("r6_officer").get(body["scan_url"]).status_code == 404


def test_a_scan_that_is_not_a_pdf_or_image_is_refused_and_nothing_is_saved(world, campaign, api_for):
    response = api_for("r5_officer").post(
        PLEDGES,
        {
            "campaign": campaign.pk,
            "enterprise": world.ent_a.pk,
            "signed_on": "2025-03-15",
            "scan": SimpleUploadedFile(
                "cam-ket.pdf", b"<html><script>alert(1)</script>", content_type="application/pdf"
            ),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["scan"]
    assert not Pledge.objects.exists()


def test_the_scan_of_a_pledge_without_one_is_a_404(world, campaign, api_for):
    pledge = sign(campaign, world.ent_a)
    assert api_for("r5_officer").get(f"{PLEDGES}{pledge.pk}/scan/").status_code == 404


def test_attaching_a_scan_later(world, campaign, api_for):
    pledge = sign(campaign, world.ent_a)
    response = api_for("r5_officer").post(
        f"{PLEDGES}{pledge.pk}/scan/",
        {"scan": SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, content_type="image/png")},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    assert response.json()["has_scan"] is True
    pledge.refresh_from_db()
    assert pledge.scan.name.startswith("pledges/")


def test_the_pledge_list_filters_by_campaign_status_and_search(world, campaign, api_for):
    other = make_campaign(world.region5, name="Tuân thủ 2025")
    sign(campaign, world.ent_a)
    services.withdraw_pledge(pledge=sign(campaign, world.ent_b), by=None, reason="Giải thể")
    sign(other, world.ent_a)
    client = api_for("r5_officer")

    def codes(params):
        response = client.get(PLEDGES, params)
        assert response.status_code == 200, response.content
        return [(row["campaign"], row["enterprise_tax_code"]) for row in response.json()["results"]]

    assert codes({"campaign": campaign.pk, "status": PledgeStatus.ACTIVE}) == [(campaign.pk, ENT_A)]
    assert codes({"status": PledgeStatus.WITHDRAWN}) == [(campaign.pk, ENT_B)]
    assert sorted(codes({"q": "dien tu dong a"})) == sorted([(campaign.pk, ENT_A), (other.pk, ENT_A)])


def test_a_region6_officer_lists_no_region5_pledges_and_cannot_filter_by_their_campaign(world, campaign, api_for):
    sign(campaign, world.ent_a)
    client = api_for("r6_officer")
    assert client.get(PLEDGES).json()["count"] == 0
    response = client.get(PLEDGES, {"campaign": campaign.pk})
    assert response.status_code == 400
    assert list(response.json()) == ["campaign"]


def test_the_pledge_list_runs_the_same_queries_for_1_or_30_pledges(world, campaign, api_for):
    sign(campaign, world.ent_a)
    client = api_for("r5_officer")
    client.get(PLEDGES)
    one, _ = count_queries(client, "get", PLEDGES)
    for enterprise in enterprises_of(world.region5, 29):
        sign(campaign, enterprise)
    many, response = count_queries(client, "get", PLEDGES)
    assert response.json()["count"] == 30
    assert one == many


# --- Status actions ----------------------------------------------------------------------------------------------


def test_withdrawing_a_pledge_records_the_reason(world, campaign, api_for):
    pledge = sign(campaign, world.ent_a)
    response = api_for("r5_officer").post(f"{PLEDGES}{pledge.pk}/withdraw/", {"reason": "Doanh nghiệp giải thể"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["status_reason"]) == ("withdrawn", "Doanh nghiệp giải thể")
    pledge.refresh_from_db()
    assert (pledge.status, pledge.updated_by) == (PledgeStatus.WITHDRAWN, world.r5_officer)


def test_withdrawing_twice_is_a_400_and_changes_nothing(world, campaign, api_for):
    pledge = services.withdraw_pledge(pledge=sign(campaign, world.ent_a), by=None, reason="Lần một")
    response = api_for("r5_officer").post(f"{PLEDGES}{pledge.pk}/withdraw/", {"reason": "Lần hai"})
    assert response.status_code == 400
    assert response.json() == {"detail": "Only an active pledge can be withdrawn."}
    pledge.refresh_from_db()
    assert pledge.status_reason == "Lần một"


def test_marking_a_breach_needs_the_reference(world, campaign, api_for):
    pledge = sign(campaign, world.ent_a)
    client = api_for("r5_officer")
    assert list(client.post(f"{PLEDGES}{pledge.pk}/breach/", {"reference": ""}).json()) == ["reference"]
    response = client.post(f"{PLEDGES}{pledge.pk}/breach/", {"reference": "12/QĐ-XPHC", "note": "Hàng giả nhãn hiệu"})
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["breach_reference"], body["status_reason"]) == (
        "breached",
        "12/QĐ-XPHC",
        "Hàng giả nhãn hiệu",
    )


def test_a_breached_pledge_cannot_be_withdrawn(world, campaign, api_for):
    pledge = services.mark_pledge_breached(pledge=sign(campaign, world.ent_a), by=None, reference="12/QĐ-XPHC")
    response = api_for("r5_officer").post(f"{PLEDGES}{pledge.pk}/withdraw/", {"reason": "Xin rút"})
    assert response.status_code == 400
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.BREACHED


def test_a_region6_officer_cannot_withdraw_or_breach_a_region5_pledge(world, campaign, api_for):
    pledge = sign(campaign, world.ent_a)
    client = api_for("r6_officer")
    assert client.post(f"{PLEDGES}{pledge.pk}/withdraw/", {"reason": "x"}).status_code == 404
    assert client.post(f"{PLEDGES}{pledge.pk}/breach/", {"reference": "x"}).status_code == 404
    pledge.refresh_from_db()
    assert (pledge.status, pledge.status_reason, pledge.breach_reference) == (PledgeStatus.ACTIVE, "", "")


# --- Bulk -------------------------------------------------------------------------------------------------------


def test_bulk_rows_are_recorded_together(world, campaign, api_for):
    response = api_for("r5_officer").post(
        BULK,
        {
            "campaign": campaign.pk,
            "signed_on": "2025-03-15",
            "rows": [
                {"tax_code": ENT_A, "signatory_name": "Nguyễn Văn An", "signatory_title": "Giám đốc"},
                {"tax_code": "2359083018", "signed_on": "20/03/2025"},
            ],
        },
    )
    assert response.status_code == 201, response.content
    assert response.json() == {"created": 2}
    rows = Pledge.objects.order_by("enterprise__tax_code").values_list(
        "enterprise__tax_code", "signed_on", "signatory_name", "created_by"
    )
    assert list(rows) == [
        (ENT_A, date(2025, 3, 15), "Nguyễn Văn An", world.r5_officer.pk),
        (ENT_B, date(2025, 3, 20), "", world.r5_officer.pk),
    ]


def test_bulk_text_takes_one_tax_code_per_line(world, campaign, api_for):
    text = f"{ENT_A}, Nguyễn Văn An, Giám đốc, 01/04/2025\n\n{ENT_B}\n"
    response = api_for("r5_officer").post(BULK, {"campaign": campaign.pk, "signed_on": "2025-03-15", "text": text})
    assert response.status_code == 201, response.content
    assert response.json() == {"created": 2}
    assert dict(Pledge.objects.values_list("enterprise__tax_code", "signed_on")) == {
        ENT_A: date(2025, 4, 1),
        ENT_B: date(2025, 3, 15),
    }


def test_bulk_accepts_a_csv_with_a_vietnamese_header(world, campaign, api_for):
    data = f"Mã số thuế,Người ký,Chức vụ,Ngày ký\n{ENT_A},Nguyễn Văn An,Giám đốc,15/03/2025\n{ENT_B},,,\n"
    upload = SimpleUploadedFile("cam-ket.csv", ("\ufeff" + data).encode(), content_type="text/csv")
    response = api_for("r5_officer").post(
        BULK, {"campaign": campaign.pk, "signed_on": "2025-03-20", "file": upload}, format="multipart"
    )
    assert response.status_code == 201, response.content
    assert response.json() == {"created": 2}
    pledge = Pledge.objects.get(enterprise=world.ent_a)
    assert (pledge.signatory_name, pledge.signatory_title, pledge.signed_on) == (
        "Nguyễn Văn An",
        "Giám đốc",
        date(2025, 3, 15),
    )
    assert Pledge.objects.get(enterprise=world.ent_b).signed_on == date(2025, 3, 20)


def test_bulk_with_bad_rows_lists_every_error_and_saves_nothing(world, campaign, api_for):
    sign(campaign, world.ent_b, signed_on=date(2025, 2, 1))
    fresh = factories.make_enterprise(managing_branch=world.region5)
    rows = [
        {"tax_code": fresh.tax_code},  # 1: fine on its own
        {"tax_code": "0100233489"},  # 2: wrong check digit
        {"tax_code": ENT_R6},  # 3: a Region VI enterprise, unknown to a Region V officer
        {"tax_code": ENT_A},  # 4: fine on its own
        {"tax_code": ENT_A},  # 5: listed twice
        {"tax_code": ENT_B},  # 6: already signed
        {"tax_code": "0100233488", "signed_on": "2026-02-01"},  # 7: after the campaign (and not registered)
    ]
    response = api_for("r5_officer").post(BULK, {"campaign": campaign.pk, "signed_on": "2025-03-15", "rows": rows})

    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "5 of the rows have errors; nothing was recorded. Correct them and submit again."
    assert body["errors"] == [
        {
            "row": 2,
            "tax_code": "0100233489",
            "message": "Tax code 0100233489 has a wrong check digit; check the 10th digit.",
        },
        {"row": 3, "tax_code": ENT_R6, "message": "No enterprise with this tax code is managed by your units."},
        {"row": 5, "tax_code": ENT_A, "message": "Listed twice (also row 4)."},
        {"row": 6, "tax_code": ENT_B, "message": "Already signed in this campaign on 01/02/2025."},
        {
            "row": 7,
            "tax_code": "0100233488",
            "message": "The signing date 01/02/2026 is outside the campaign (01/01/2025 – 31/12/2025).",
        },
    ]
    assert list(Pledge.objects.values_list("enterprise__tax_code", flat=True)) == [ENT_B]


def test_bulk_needs_exactly_one_source(world, campaign, api_for):
    client = api_for("r5_officer")
    both = client.post(BULK, {"campaign": campaign.pk, "text": ENT_A, "rows": [{"tax_code": ENT_B}]})
    neither = client.post(BULK, {"campaign": campaign.pk, "signed_on": "2025-03-15"})
    assert both.status_code == neither.status_code == 400
    assert both.json() == neither.json() == {"rows": ["Send exactly one of rows, text or file."]}
    assert not Pledge.objects.exists()


def test_bulk_into_a_campaign_outside_the_scope_is_refused_and_saves_nothing(world, campaign, api_for):
    response = api_for("r6_officer").post(
        BULK, {"campaign": campaign.pk, "signed_on": "2025-03-15", "rows": [{"tax_code": ENT_R6}]}
    )
    assert response.status_code == 400
    assert list(response.json()) == ["campaign"]
    assert not Pledge.objects.exists()


def test_bulk_of_300_rows_runs_a_constant_number_of_queries(world, campaign, api_for):
    campaign = services.update_campaign(campaign=campaign, by=None, target_signers=300)
    enterprises = enterprises_of(world.region5, 300)
    client = api_for("r5_officer")
    client.get(CAMPAIGNS)
    rows = [{"tax_code": e.tax_code} for e in enterprises]
    few, response = count_queries(
        client, "post", BULK, {"campaign": campaign.pk, "signed_on": "2025-03-15", "rows": rows[:3]}
    )
    assert response.json() == {"created": 3}
    many, response = count_queries(
        client, "post", BULK, {"campaign": campaign.pk, "signed_on": "2025-03-15", "rows": rows[3:]}
    )
    assert response.json() == {"created": 297}
    assert few == many
    assert Pledge.objects.filter(campaign=campaign).count() == 300


# --- Schema -----------------------------------------------------------------------------------------------------


def test_the_schema_documents_the_pledge_endpoints(world, api_for):
    text = api_for("r5_officer").get("/api/schema/").content.decode()
    for path in (
        "/api/v1/pledge-campaigns/:",
        "/api/v1/pledge-campaigns/{id}/non-signers/:",
        "/api/v1/pledges/:",
        "/api/v1/pledges/{id}/withdraw/:",
        "/api/v1/pledges/{id}/breach/:",
        "/api/v1/pledges/{id}/scan/:",
        "/api/v1/pledges/bulk/:",
    ):
        assert path in text, path


def test_the_pledge_endpoints_generate_a_schema_without_warnings():
    """Only this module's router (the whole schema also holds other apps' endpoints, checked by `spectacular`)."""
    from django.urls import include, path
    from drf_spectacular.drainage import GENERATOR_STATS
    from rest_framework.routers import DefaultRouter

    from partnerships.api import pledges as pledges_api

    router = DefaultRouter()
    pledges_api.register(router)
    GENERATOR_STATS.reset()
    SchemaGenerator(patterns=[path("api/v1/", include((router.urls, "api"), namespace="api"))]).get_schema(
        request=None, public=True
    )
    assert (dict(GENERATOR_STATS._warn_cache), dict(GENERATOR_STATS._error_cache)) == ({}, {})
