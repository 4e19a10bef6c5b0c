"""The pledge pages: campaign list and page (progress, pledges, who has not signed, exports), recording one pledge or
hundreds at once, withdrawal, breach and the signed scan."""

import csv
import io
from datetime import date

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from crm.models import Enterprise
from crm.taxcodes import make_tax_code
from partnerships.models import Pledge, PledgeCampaign, PledgeKind, PledgeStatus
from partnerships.services import pledges as services
from tests import factories

pytestmark = pytest.mark.django_db

ENT_A, ENT_B, ENT_R6 = "2352601817", "2359083018", "4982199351"
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
LIST = "/partnerships/campaigns/"


@pytest.fixture
def browse(client_for):
    """client_for, reading the pages in English so that assertions do not depend on the Vietnamese catalogue."""

    def make(persona: str):
        client = client_for(persona)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


def make_campaign(branch, **fields) -> PledgeCampaign:
    values = {
        "name": "Không hàng giả 2025",
        "kind": PledgeKind.NO_COUNTERFEIT,
        "starts_on": date(2025, 1, 1),
        "ends_on": date(2025, 12, 31),
        "text_vi": "Chúng tôi cam kết không sản xuất, buôn bán hàng giả.",
        "text_en": "We pledge not to make or trade counterfeit goods.",
        "target_signers": 4,
    }
    values.update(fields)
    return services.create_campaign(by=None, branch=branch, **values)


def sign(campaign, enterprise, signed_on=date(2025, 3, 15), **fields) -> Pledge:
    return services.record_pledge(campaign=campaign, by=None, enterprise=enterprise, signed_on=signed_on, **fields)


@pytest.fixture
def campaign(world) -> PledgeCampaign:
    return make_campaign(world.region5, partner="Ban Chỉ đạo 389 tỉnh Bắc Ninh")


def page_of(campaign) -> str:
    return f"/partnerships/campaigns/{campaign.pk}/"


def enterprises_of(branch, count: int, prefix: str = "36") -> list[Enterprise]:
    codes = [code for n in range(count * 2) if (code := make_tax_code(f"{prefix}{1_000_000 + n:07d}"))][:count]
    return Enterprise.objects.bulk_create(
        Enterprise(tax_code=code, name_vi=f"Công ty TNHH Số {n:03d}", managing_branch=branch)
        for n, code in enumerate(codes)
    )


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(captured)


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- Campaign list ----------------------------------------------------------------------------------------------


def test_the_campaign_list_shows_progress_against_the_target(world, campaign, browse):
    sign(campaign, world.ent_a)
    services.mark_pledge_breached(pledge=sign(campaign, world.ent_b), by=None, reference="12/QĐ-XPHC")
    response = browse("r5_officer").get(LIST)
    assert response.status_code == 200
    assert [c.name for c in response.context["campaigns"]] == ["Không hàng giả 2025"]
    text = response.text
    assert "1 campaign" in text
    assert f'<a href="/partnerships/campaigns/{campaign.pk}/">Không hàng giả 2025</a>' in text
    assert "<strong>2</strong> of 4 signed" in text
    assert "50.0%" in text
    assert '<rect class="pledge-bar-kept" width="25.00" height="10">' in text
    assert '<rect class="pledge-bar-breached" x="25.00" width="25.00" height="10">' in text
    assert "01/01/2025 – 31/12/2025" in text


def test_the_campaign_list_hides_campaigns_of_other_regions(world, campaign, browse):
    make_campaign(world.region6, name="Chiến dịch khu vực VI")
    assert [c.name for c in browse("r5_officer").get(LIST).context["campaigns"]] == ["Không hàng giả 2025"]
    assert [c.name for c in browse("r6_officer").get(LIST).context["campaigns"]] == ["Chiến dịch khu vực VI"]


def test_the_campaign_list_filters_by_kind_and_year(world, campaign, browse):
    make_campaign(
        world.region5,
        name="Tuân thủ 2026",
        kind=PledgeKind.COMPLIANCE,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 6, 30),
    )
    client = browse("r5_officer")
    assert [c.name for c in client.get(LIST, {"year": 2026}).context["campaigns"]] == ["Tuân thủ 2026"]
    assert [c.name for c in client.get(LIST, {"kind": "no_counterfeit"}).context["campaigns"]] == [
        "Không hàng giả 2025"
    ]


def test_the_empty_campaign_list_invites_to_create_one(world, browse):
    text = browse("r5_officer").get(LIST).text
    assert "No pledge campaigns yet." in text
    assert 'href="/partnerships/campaigns/new/"' in text


def test_a_filter_that_matches_nothing_says_so(world, campaign, browse):
    text = browse("r5_officer").get(LIST, {"q": "không có"}).text
    assert "No campaign matches these filters." in text


def test_the_campaign_list_export_holds_the_counts(world, campaign, browse):
    sign(campaign, world.ent_a)
    rows = csv_rows(browse("r5_officer").get("/partnerships/campaigns/export/", {"as": "csv"}))
    assert rows[0][:2] == ["Campaign", "Kind"]
    assert rows[1][0] == "Không hàng giả 2025"
    assert rows[1][-4:] == ["1", "0", "0", "25.0"]


def test_the_campaign_list_runs_the_same_queries_for_1_or_15_campaigns(world, campaign, browse):
    client = browse("r5_officer")
    client.get(LIST)
    one = count_queries(client, LIST)
    for n in range(14):
        sign(make_campaign(world.region5, name=f"Chiến dịch {n:02d}"), world.ent_a)
    assert count_queries(client, LIST) == one


# --- Creating and editing a campaign ----------------------------------------------------------------------------


def campaign_form(world, **overrides) -> dict:
    data = {
        "name": "Cam kết tuân thủ pháp luật hải quan 2025",
        "kind": PledgeKind.COMPLIANCE,
        "branch": world.region5.pk,
        "partner": "Hiệp hội Doanh nghiệp Hàn Quốc",
        "starts_on": "2025-01-01",
        "ends_on": "2025-12-31",
        "target_signers": "120",
        "text_vi": "Doanh nghiệp cam kết tuân thủ pháp luật hải quan.",
        "text_en": "",
    }
    data.update(overrides)
    return data


def test_creating_a_campaign_opens_its_page(world, browse):
    response = browse("r5_officer").post("/partnerships/campaigns/new/", campaign_form(world))
    campaign = PledgeCampaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/partnerships/campaigns/{campaign.pk}/"
    assert (campaign.target_signers, campaign.created_by, campaign.branch) == (120, world.r5_officer, world.region5)


def test_the_new_campaign_form_proposes_the_officers_unit(world, browse):
    form = browse("r5_office_officer").get("/partnerships/campaigns/new/").context["form"]
    assert form.initial["branch"] == world.region5_office.pk
    assert list(form.fields["branch"].queryset) == [world.region5_office]


def test_a_campaign_ending_before_it_starts_keeps_the_input_and_shows_the_error(world, browse):
    response = browse("r5_officer").post(
        "/partnerships/campaigns/new/", campaign_form(world, starts_on="2025-06-01", ends_on="2025-05-01")
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"ends_on": ["The campaign must end on or after the day it starts."]}
    assert 'value="Cam kết tuân thủ pháp luật hải quan 2025"' in response.text
    assert not PledgeCampaign.objects.exists()


def test_a_campaign_cannot_be_given_to_a_unit_outside_the_scope(world, browse):
    response = browse("r6_officer").post("/partnerships/campaigns/new/", campaign_form(world))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["branch"]
    assert not PledgeCampaign.objects.exists()


def test_editing_a_campaign(world, campaign, browse):
    response = browse("r5_officer").post(
        f"/partnerships/campaigns/{campaign.pk}/edit/", campaign_form(world, name="Không hàng giả (sửa)")
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.name, campaign.target_signers, campaign.updated_by) == (
        "Không hàng giả (sửa)",
        120,
        world.r5_officer,
    )


def test_shrinking_the_period_around_pledges_is_an_error_and_the_heading_is_unchanged(world, campaign, browse):
    sign(campaign, world.ent_a, signed_on=date(2025, 11, 20))
    response = browse("r5_officer").post(
        f"/partnerships/campaigns/{campaign.pk}/edit/", campaign_form(world, name="Đổi", ends_on="2025-06-30")
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "ends_on": ["Some pledges were signed outside this period; keep the period around them."]
    }
    assert response.context["campaign"].name == "Không hàng giả 2025"
    campaign.refresh_from_db()
    assert (campaign.name, campaign.ends_on) == ("Không hàng giả 2025", date(2025, 12, 31))


def test_a_region6_officer_cannot_edit_a_region5_campaign(world, campaign, browse):
    response = browse("r6_officer").post(
        f"/partnerships/campaigns/{campaign.pk}/edit/", campaign_form(world, branch=world.region6.pk, name="Bị đổi")
    )
    assert response.status_code == 404
    campaign.refresh_from_db()
    assert (campaign.name, campaign.branch) == ("Không hàng giả 2025", world.region5)


# --- The campaign page ------------------------------------------------------------------------------------------


def test_the_campaign_page_shows_the_text_the_target_and_the_progress(world, campaign, browse):
    segment = factories.SegmentFactory(code="processing", name_vi="Gia công, SXXK")
    campaign = services.update_campaign(campaign=campaign, by=None, target_segment=segment)
    sign(campaign, world.ent_a)
    services.withdraw_pledge(pledge=sign(campaign, world.ent_b), by=None, reason="Giải thể")
    text = browse("r5_officer").get(page_of(campaign)).text
    assert "Chúng tôi cam kết không sản xuất, buôn bán hàng giả." in text
    assert "We pledge not to make or trade counterfeit goods." in text
    assert "Ban Chỉ đạo 389 tỉnh Bắc Ninh" in text
    assert "Gia công, SXXK" in text
    assert "<strong>1</strong> of 4 signed" in text
    assert "25.0%" in text
    assert "1 withdrawn (not counted)" in text
    assert "3 more to reach the target" in text


def test_the_pledges_table_searches_without_diacritics_and_filters_by_status(world, campaign, browse):
    sign(campaign, world.ent_a, signatory_name="Nguyễn Văn An", signatory_title="Giám đốc")
    services.withdraw_pledge(pledge=sign(campaign, world.ent_b), by=None, reason="Giải thể")
    client = browse("r5_officer")

    def codes(params):
        return [p.enterprise.tax_code for p in client.get(page_of(campaign), params).context["pledge_page"]]

    assert sorted(codes({})) == [ENT_A, ENT_B]
    assert codes({"q": "dien tu dong a"}) == [ENT_A]
    assert codes({"q": "23590"}) == [ENT_B]
    assert codes({"status": PledgeStatus.WITHDRAWN}) == [ENT_B]
    text = client.get(page_of(campaign), {"q": "không có"}).text
    assert "No pledge matches this search." in text


def test_an_active_pledge_offers_withdraw_and_breach_and_a_withdrawn_one_does_not(world, campaign, browse):
    active = sign(campaign, world.ent_a)
    withdrawn = services.withdraw_pledge(pledge=sign(campaign, world.ent_b), by=None, reason="Giải thể")
    text = browse("r5_officer").get(page_of(campaign)).text
    assert f'href="/partnerships/pledges/{active.pk}/withdraw/"' in text
    assert f'href="/partnerships/pledges/{active.pk}/breach/"' in text
    assert f"/partnerships/pledges/{withdrawn.pk}/withdraw/" not in text


def test_the_not_signed_list_names_who_to_chase(world, campaign, browse):
    sign(campaign, world.ent_a)
    response = browse("r5_officer").get(page_of(campaign))
    page = response.context["non_signer_page"]
    assert page.paginator.count == 1
    assert [e.tax_code for e in page] == [ENT_B]
    assert f'href="/partnerships/campaigns/{campaign.pk}/pledges/new/?tax_code={ENT_B}"' in response.text
    assert "Nông sản Lạng Sơn" not in response.text


def test_the_not_signed_list_is_paginated_and_searchable_apart_from_the_pledges(world, campaign, browse):
    enterprises_of(world.region5, 30)
    client = browse("r5_officer")
    second = client.get(page_of(campaign), {"npage": 2}).context["non_signer_page"]
    assert (second.paginator.count, second.number, len(second)) == (32, 2, 7)
    found = client.get(page_of(campaign), {"nq": "quang hoc"}).context["non_signer_page"]
    assert [e.tax_code for e in found] == [ENT_B]


def test_when_everyone_has_signed_the_page_says_so(world, campaign, browse):
    sign(campaign, world.ent_a)
    sign(campaign, world.ent_b)
    assert "Every targeted enterprise has signed." in browse("r5_officer").get(page_of(campaign)).text


def test_the_pledges_export_as_csv_and_xlsx(world, campaign, browse):
    sign(campaign, world.ent_a, signatory_name="Nguyễn Văn An", signatory_title="Giám đốc")
    services.mark_pledge_breached(pledge=sign(campaign, world.ent_b), by=None, reference="12/QĐ-XPHC")
    client = browse("r5_officer")
    url = f"/partnerships/campaigns/{campaign.pk}/export/"
    rows = csv_rows(client.get(url, {"as": "csv", "status": "active"}))
    assert rows[0][:5] == ["Tax code", "Enterprise", "Signatory", "Signatory's title", "Signed on"]
    assert rows[1:] == [
        [ENT_A, "Công ty TNHH Điện tử Đông Á", "Nguyễn Văn An", "Giám đốc", "15/03/2025", "Active", "", "", "", ""]
    ]
    workbook = load_workbook(io.BytesIO(client.get(url, {"as": "xlsx"}).content))
    assert sorted(row[0] for row in list(workbook.active.values)[1:]) == [ENT_A, ENT_B]


def test_the_not_signed_export_lists_the_enterprises_to_chase(world, campaign, browse):
    sign(campaign, world.ent_a)
    rows = csv_rows(browse("r5_officer").get(f"/partnerships/campaigns/{campaign.pk}/not-signed/export/"))
    assert [row[:2] for row in rows[1:]] == [[ENT_B, "Công ty TNHH Quang học Yên Phong"]]


def test_an_unknown_export_format_is_a_400(world, campaign, browse):
    assert browse("r5_officer").get(f"/partnerships/campaigns/{campaign.pk}/export/", {"as": "pdf"}).status_code == 400


def test_the_campaign_page_runs_the_same_queries_for_few_or_many_pledges(world, campaign, browse):
    sign(campaign, world.ent_a)
    client = browse("r5_officer")
    client.get(page_of(campaign))
    few = count_queries(client, page_of(campaign))
    for enterprise in enterprises_of(world.region5, 60)[:40]:
        sign(campaign, enterprise)
    assert count_queries(client, page_of(campaign)) == few


def test_the_exports_run_the_same_queries_for_few_or_many_rows(world, campaign, browse):
    client = browse("r5_officer")
    pledges_url = f"/partnerships/campaigns/{campaign.pk}/export/"
    others_url = f"/partnerships/campaigns/{campaign.pk}/not-signed/export/"
    client.get(page_of(campaign))
    few = (count_queries(client, pledges_url), count_queries(client, others_url))
    for enterprise in enterprises_of(world.region5, 60)[:30]:
        sign(campaign, enterprise)
    assert (count_queries(client, pledges_url), count_queries(client, others_url)) == few


def test_a_region6_officer_gets_404_on_a_region5_campaign(world, campaign, browse):
    assert browse("r6_officer").get(page_of(campaign)).status_code == 404
    assert browse("r6_officer").get(f"/partnerships/campaigns/{campaign.pk}/export/").status_code == 404


# --- Recording one pledge ---------------------------------------------------------------------------------------


def test_recording_a_pledge_with_its_scan(world, campaign, browse):
    response = browse("r5_officer").post(
        f"/partnerships/campaigns/{campaign.pk}/pledges/new/",
        {
            "tax_code": "2352601817",
            "signatory_name": "Nguyễn Văn An",
            "signatory_title": "Giám đốc",
            "signed_on": "2025-03-15",
            "scan": SimpleUploadedFile("cam-ket.pdf", PDF, content_type="application/pdf"),
        },
        follow=True,
    )
    assert response.redirect_chain == [(page_of(campaign), 302)]
    assert messages_of(response) == ["Pledge of Công ty TNHH Điện tử Đông Á recorded."]
    pledge = Pledge.objects.get()
    assert (pledge.enterprise, pledge.signatory_name, pledge.signed_on, pledge.created_by) == (
        world.ent_a,
        "Nguyễn Văn An",
        date(2025, 3, 15),
        world.r5_officer,
    )
    assert pledge.scan.read() == PDF


def test_the_pledge_form_is_prefilled_from_the_not_signed_list(world, campaign, browse):
    form = (
        browse("r5_officer").get(f"/partnerships/campaigns/{campaign.pk}/pledges/new/?tax_code={ENT_B}").context["form"]
    )
    assert form.initial == {"tax_code": ENT_B, "signed_on": date(2025, 12, 31)}


@pytest.mark.parametrize(
    ("tax_code", "field", "message"),
    [
        ("0100233489", "tax_code", "Tax code 0100233489 has a wrong check digit; check the 10th digit."),
        (ENT_R6, "tax_code", "No enterprise with this tax code is managed by your units."),
        ("0100233488", "tax_code", "No enterprise with this tax code is managed by your units."),
    ],
)
def test_a_tax_code_that_is_wrong_or_not_ours_is_an_error_beside_it(tax_code, field, message, world, campaign, browse):
    response = browse("r5_officer").post(
        f"/partnerships/campaigns/{campaign.pk}/pledges/new/", {"tax_code": tax_code, "signed_on": "2025-03-15"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert not Pledge.objects.exists()


def test_signing_twice_or_outside_the_period_is_an_error_beside_the_field(world, campaign, browse):
    sign(campaign, world.ent_a)
    client = browse("r5_officer")
    url = f"/partnerships/campaigns/{campaign.pk}/pledges/new/"
    twice = client.post(url, {"tax_code": ENT_A, "signed_on": "2025-04-01"})
    assert twice.context["form"].errors == {
        "tax_code": ["This enterprise has already signed a pledge in this campaign."]
    }
    late = client.post(url, {"tax_code": ENT_B, "signed_on": "2026-01-05"})
    assert late.context["form"].errors == {
        "signed_on": ["The signing date 05/01/2026 is outside the campaign (01/01/2025 – 31/12/2025)."]
    }
    assert Pledge.objects.count() == 1


def test_a_scan_is_checked_by_its_content_not_its_name(world, campaign, browse):
    response = browse("r5_officer").post(
        f"/partnerships/campaigns/{campaign.pk}/pledges/new/",
        {
            "tax_code": ENT_A,
            "signed_on": "2025-03-15",
            "scan": SimpleUploadedFile("cam-ket.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"),
        },
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["scan"]
    assert not Pledge.objects.exists()


# --- Recording many pledges -------------------------------------------------------------------------------------


def bulk_url(campaign) -> str:
    return f"/partnerships/campaigns/{campaign.pk}/pledges/bulk/"


def test_pasting_tax_codes_records_them_all_and_says_how_many(world, campaign, browse):
    text = f"{ENT_A}, Nguyễn Văn An, Giám đốc, 01/04/2025\n\n{ENT_B}\t Trần Thị Bình\t Kế toán trưởng\n"
    response = browse("r5_officer").post(bulk_url(campaign), {"text": text, "signed_on": "2025-03-15"}, follow=True)
    assert response.redirect_chain == [(page_of(campaign), 302)]
    assert messages_of(response) == ["2 pledges recorded."]
    assert sorted(Pledge.objects.values_list("enterprise__tax_code", "signed_on", "signatory_title")) == [
        (ENT_A, date(2025, 4, 1), "Giám đốc"),
        (ENT_B, date(2025, 3, 15), "Kế toán trưởng"),
    ]


def test_a_csv_with_a_vietnamese_header_is_recorded(world, campaign, browse):
    data = f"Mã số thuế;Người ký\n{ENT_A};Nguyễn Văn An\n".replace(";", ",")
    upload = SimpleUploadedFile("danh-sach.csv", ("\ufeff" + data).encode(), content_type="text/csv")
    response = browse("r5_officer").post(bulk_url(campaign), {"file": upload, "signed_on": "2025-03-15"}, follow=True)
    assert messages_of(response) == ["1 pledge recorded."]
    pledge = Pledge.objects.get()
    assert (pledge.enterprise, pledge.signatory_name, pledge.signed_on) == (
        world.ent_a,
        "Nguyễn Văn An",
        date(2025, 3, 15),
    )


def test_a_csv_without_a_tax_code_column_is_a_file_error(world, campaign, browse):
    upload = SimpleUploadedFile("danh-sach.csv", b"name\nABC\n", content_type="text/csv")
    response = browse("r5_officer").post(bulk_url(campaign), {"file": upload, "signed_on": "2025-03-15"})
    assert response.context["form"].errors == {"file": ["The file needs a “tax_code” (or “Mã số thuế”) column."]}
    assert not Pledge.objects.exists()


def test_bad_rows_are_listed_the_text_is_kept_and_nothing_is_saved(world, campaign, browse):
    sign(campaign, world.ent_b, signed_on=date(2025, 2, 1))
    fresh = factories.make_enterprise(managing_branch=world.region5)
    lines = [
        fresh.tax_code,  # 1: fine
        "0100233489",  # 2: wrong check digit
        ENT_R6,  # 3: Region VI, unknown to a Region V officer
        ENT_A,  # 4: fine
        ENT_A,  # 5: listed twice
        ENT_B,  # 6: already signed
        f"{ENT_A[:-1]}x",  # 7: not digits
        "0100233488, , , 02/01/2026",  # 8: after the campaign
    ]
    text = "\n".join(lines)
    response = browse("r5_officer").post(bulk_url(campaign), {"text": text, "signed_on": "2025-03-15"})

    assert response.status_code == 200
    assert [(row, code) for row, code, _ in response.context["row_errors"]] == [
        (2, "0100233489"),
        (3, ENT_R6),
        (5, ENT_A),
        (6, ENT_B),
        (7, f"{ENT_A[:-1]}x"),
        (8, "0100233488"),
    ]
    html = response.text
    assert "6 of the rows have errors; nothing was recorded. Correct them and submit again." in html
    assert "No enterprise with this tax code is managed by your units." in html
    assert "Listed twice (also row 4)." in html
    assert "Already signed in this campaign on 01/02/2025." in html
    assert "The signing date 02/01/2026 is outside the campaign (01/01/2025 – 31/12/2025)." in html
    assert response.context["form"]["text"].value() == text
    assert "0100233488, , , 02/01/2026</textarea>" in html
    assert list(Pledge.objects.values_list("enterprise__tax_code", flat=True)) == [ENT_B]


def test_an_empty_submission_asks_for_the_list(world, campaign, browse):
    response = browse("r5_officer").post(bulk_url(campaign), {"text": "  \n ", "signed_on": "2025-03-15"})
    assert response.context["form"].non_field_errors() == ["Paste the tax codes or choose a CSV file."]


def test_recording_300_pledges_is_one_submit_with_a_constant_number_of_queries(
    world, campaign, browse, django_assert_max_num_queries
):
    codes = [e.tax_code for e in enterprises_of(world.region5, 300)]
    client = browse("r5_officer")
    client.get(bulk_url(campaign))
    # session, user, membership, campaign; the service: savepoints, enterprises, signed ones, one INSERT (11 today)
    with django_assert_max_num_queries(12):
        response = client.post(bulk_url(campaign), {"text": "\n".join(codes), "signed_on": "2025-03-15"})
    assert response.status_code == 302
    assert Pledge.objects.filter(campaign=campaign).count() == 300


def test_a_region6_officer_cannot_record_pledges_in_a_region5_campaign(world, campaign, browse):
    client = browse("r6_officer")
    assert client.post(bulk_url(campaign), {"text": ENT_A, "signed_on": "2025-03-15"}).status_code == 404
    response = client.post(
        f"/partnerships/campaigns/{campaign.pk}/pledges/new/", {"tax_code": ENT_A, "signed_on": "2025-03-15"}
    )
    assert response.status_code == 404
    assert not Pledge.objects.exists()


# --- Withdraw, breach, scan -------------------------------------------------------------------------------------


def test_withdrawing_a_pledge(world, campaign, browse):
    pledge = sign(campaign, world.ent_a)
    response = browse("r5_officer").post(
        f"/partnerships/pledges/{pledge.pk}/withdraw/", {"reason": "Doanh nghiệp giải thể"}, follow=True
    )
    assert response.redirect_chain == [(page_of(campaign), 302)]
    assert messages_of(response) == ["The pledge of Công ty TNHH Điện tử Đông Á is withdrawn."]
    pledge.refresh_from_db()
    assert (pledge.status, pledge.status_reason) == (PledgeStatus.WITHDRAWN, "Doanh nghiệp giải thể")


def test_a_withdrawal_needs_a_reason(world, campaign, browse):
    pledge = sign(campaign, world.ent_a)
    response = browse("r5_officer").post(f"/partnerships/pledges/{pledge.pk}/withdraw/", {"reason": ""})
    assert list(response.context["form"].errors) == ["reason"]
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.ACTIVE


def test_marking_a_breach(world, campaign, browse):
    pledge = sign(campaign, world.ent_a)
    response = browse("r5_officer").post(
        f"/partnerships/pledges/{pledge.pk}/breach/", {"reference": "12/QĐ-XPHC", "note": "Hàng giả nhãn hiệu"}
    )
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert (pledge.status, pledge.breach_reference, pledge.status_reason) == (
        PledgeStatus.BREACHED,
        "12/QĐ-XPHC",
        "Hàng giả nhãn hiệu",
    )


def test_withdrawing_a_breached_pledge_is_refused_with_a_message_and_changes_nothing(world, campaign, browse):
    pledge = services.mark_pledge_breached(pledge=sign(campaign, world.ent_a), by=None, reference="12/QĐ-XPHC")
    client = browse("r5_officer")
    response = client.post(f"/partnerships/pledges/{pledge.pk}/withdraw/", {"reason": "Xin rút"}, follow=True)
    assert response.redirect_chain == [(page_of(campaign), 302)]
    assert messages_of(response) == ["Only an active pledge can be withdrawn."]
    pledge.refresh_from_db()
    assert (pledge.status, pledge.status_reason) == (PledgeStatus.BREACHED, "")
    again = client.get(f"/partnerships/pledges/{pledge.pk}/breach/", follow=True)
    assert messages_of(again) == [
        "The pledge of Công ty TNHH Điện tử Đông Á is no longer active (Breached); it cannot change."
    ]


def test_a_region6_officer_cannot_withdraw_or_breach_a_region5_pledge(world, campaign, browse):
    pledge = sign(campaign, world.ent_a)
    client = browse("r6_officer")
    assert client.post(f"/partnerships/pledges/{pledge.pk}/withdraw/", {"reason": "x"}).status_code == 404
    assert client.post(f"/partnerships/pledges/{pledge.pk}/breach/", {"reference": "x"}).status_code == 404
    pledge.refresh_from_db()
    assert (pledge.status, pledge.status_reason, pledge.breach_reference) == (PledgeStatus.ACTIVE, "", "")


def test_the_scan_is_served_by_its_content_type_whatever_its_name(world, campaign, browse):
    pledge = sign(campaign, world.ent_a)
    services.attach_pledge_scan(
        pledge=pledge, by=None, scan=SimpleUploadedFile("trang.html", PDF, content_type="text/html")
    )
    response = browse("r5_officer").get(f"/partnerships/pledges/{pledge.pk}/scan/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="pledge-{ENT_A}-{pledge.pk}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    assert browse("r6_officer").get(f"/partnerships/pledges/{pledge.pk}/scan/").status_code == 404


def test_attaching_a_scan_afterwards(world, campaign, browse):
    pledge = sign(campaign, world.ent_a)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    response = browse("r5_officer").post(
        f"/partnerships/pledges/{pledge.pk}/scan/attach/",
        {"scan": SimpleUploadedFile("scan.png", png, content_type="image/png")},
    )
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.scan.read() == png


def test_a_region6_officer_cannot_attach_a_scan_to_a_region5_pledge(world, campaign, browse):
    pledge = sign(campaign, world.ent_a)
    response = browse("r6_officer").post(
        f"/partnerships/pledges/{pledge.pk}/scan/attach/",
        {"scan": SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")},
    )
    assert response.status_code == 404
    pledge.refresh_from_db()
    assert not pledge.scan
