"""Access rows: partnerships pledges (joined into tests/crm/test_access_table.py through access_rows.py).

A Region V campaign ({pledge_campaign_r5}) with two pledges: ent_a's ({pledge_r5}, active) and ent_b's with a
signed scan ({pledge_r5_scan}). Region V staff and headquarters see them; the Yen Phong office (under Region V) and
Region VI get 404; portal users 403 on every page and resource; anonymous users the login page or 401.
"""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from partnerships.models import PledgeCampaign, PledgeKind
from partnerships.services import pledges as services
from tests.access import LOGIN, STAFF_PAGE, Row, builder, expect

CAMPAIGN_STARTS, CAMPAIGN_ENDS, SIGNED_ON = date(2025, 1, 1), date(2030, 12, 31), date(2025, 3, 15)
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"

# A page or resource of the Region V campaign: in scope for Region V staff and headquarters only.
R5_PAGE = expect(anon=LOGIN, staff=200, portal=403, r5_office_officer=404, r6_officer=404)
R5_REDIRECT = expect(anon=LOGIN, staff=302, portal=403, r5_office_officer=404, r6_officer=404)
API_READ = expect(anon=401, staff=200, portal=403)
API_R5 = expect(anon=401, staff=200, portal=403, r5_office_officer=404, r6_officer=404)
# Naming a Region V campaign in a body: outside the office's and Region VI's scope it is a field error, not a 404.
API_R5_CREATE = expect(anon=401, staff=201, portal=403, r5_office_officer=400, r6_officer=400)


@builder("pledge_campaign_r5")
def pledge_campaign_r5(refs) -> int:
    return services.create_campaign(
        by=None,
        branch=refs.world.region5,
        name="Không buôn lậu, hàng giả 2025",
        kind=PledgeKind.NO_COUNTERFEIT,
        starts_on=CAMPAIGN_STARTS,
        ends_on=CAMPAIGN_ENDS,
        text_vi="Chúng tôi cam kết không sản xuất, buôn bán hàng giả.",
        target_signers=10,
    ).pk


@builder("pledge_r5")
def pledge_r5(refs) -> int:
    campaign = PledgeCampaign.objects.get(pk=refs["pledge_campaign_r5"])
    return services.record_pledge(campaign=campaign, by=None, enterprise=refs.world.ent_a, signed_on=SIGNED_ON).pk


@builder("pledge_r5_scan")
def pledge_r5_scan(refs) -> int:
    campaign = PledgeCampaign.objects.get(pk=refs["pledge_campaign_r5"])
    scan = SimpleUploadedFile("cam-ket.pdf", PDF, content_type="application/pdf")
    return services.record_pledge(
        campaign=campaign, by=None, enterprise=refs.world.ent_b, signed_on=SIGNED_ON, scan=scan
    ).pk


def _campaign_form(refs) -> dict:
    return {
        "name": "Cam kết tuân thủ pháp luật hải quan",
        "kind": PledgeKind.COMPLIANCE,
        "branch": refs["region5"],
        "starts_on": "2025-01-01",
        "ends_on": "2025-12-31",
        "target_signers": "50",
        "text_vi": "Doanh nghiệp cam kết tuân thủ pháp luật hải quan.",
    }


def _api_pledge(refs) -> dict:
    return {"campaign": refs["pledge_campaign_r5"], "enterprise": refs["ent_a"], "signed_on": "2025-03-15"}


def _api_bulk(refs) -> dict:
    return {"campaign": refs["pledge_campaign_r5"], "signed_on": "2025-03-15", "rows": [{"tax_code": "2352601817"}]}


def _scan_upload(refs) -> dict:
    return {"scan": SimpleUploadedFile("cam-ket.pdf", PDF, content_type="application/pdf")}


CAMPAIGN = "/partnerships/campaigns/{pledge_campaign_r5}"
PLEDGE = "/partnerships/pledges/{pledge_r5}"

HTML_ROWS: list[Row] = [
    Row("campaign-list", "GET", "/partnerships/campaigns/", STAFF_PAGE),
    Row("campaign-list-export", "GET", "/partnerships/campaigns/export/", STAFF_PAGE),
    Row("campaign-create", "GET", "/partnerships/campaigns/new/", STAFF_PAGE),
    Row(
        "campaign-create",
        "POST",
        "/partnerships/campaigns/new/",
        # Region V is not a choice for the office or Region VI: the form comes back with the error (200).
        expect(anon=LOGIN, staff=302, portal=403, r5_office_officer=200, r6_officer=200),
        data=_campaign_form,
    ),
    Row("campaign-detail", "GET", CAMPAIGN + "/", R5_PAGE),
    Row("campaign-edit", "GET", CAMPAIGN + "/edit/", R5_PAGE),
    Row("campaign-edit", "POST", CAMPAIGN + "/edit/", R5_REDIRECT, data=_campaign_form),
    Row("campaign-export", "GET", CAMPAIGN + "/export/", R5_PAGE),
    Row("campaign-non-signers-export", "GET", CAMPAIGN + "/not-signed/export/", R5_PAGE),
    Row("pledge-create", "GET", CAMPAIGN + "/pledges/new/", R5_PAGE),
    Row(
        "pledge-create",
        "POST",
        CAMPAIGN + "/pledges/new/",
        R5_REDIRECT,
        data={"tax_code": "2352601817", "signed_on": "2025-03-15"},
    ),
    Row("pledge-bulk", "GET", CAMPAIGN + "/pledges/bulk/", R5_PAGE),
    Row(
        "pledge-bulk",
        "POST",
        CAMPAIGN + "/pledges/bulk/",
        R5_REDIRECT,
        data={"text": "2352601817\n", "signed_on": "2025-03-15"},
    ),
    Row("pledge-withdraw", "GET", PLEDGE + "/withdraw/", R5_PAGE),
    Row("pledge-withdraw", "POST", PLEDGE + "/withdraw/", R5_REDIRECT, data={"reason": "Doanh nghiệp giải thể"}),
    Row("pledge-breach", "GET", PLEDGE + "/breach/", R5_PAGE),
    Row("pledge-breach", "POST", PLEDGE + "/breach/", R5_REDIRECT, data={"reference": "12/QĐ-XPHC"}),
    Row("pledge-scan", "GET", "/partnerships/pledges/{pledge_r5_scan}/scan/", R5_PAGE),
    Row("pledge-scan-attach", "GET", PLEDGE + "/scan/attach/", R5_PAGE),
    Row("pledge-scan-attach", "POST", PLEDGE + "/scan/attach/", R5_REDIRECT, data=_scan_upload),
]

API_CAMPAIGN = "/api/v1/pledge-campaigns/{pledge_campaign_r5}/"
API_PLEDGE = "/api/v1/pledges/{pledge_r5}/"

API_ROWS: list[Row] = [
    Row("pledge-campaign-list", "GET", "/api/v1/pledge-campaigns/", API_READ),
    Row(
        "pledge-campaign-list",
        "POST",
        "/api/v1/pledge-campaigns/",
        API_R5_CREATE,
        data=_campaign_form,
    ),
    Row("pledge-campaign-detail", "GET", API_CAMPAIGN, API_R5),
    Row("pledge-campaign-detail", "PATCH", API_CAMPAIGN, API_R5, data={"target_signers": 25}),
    Row("pledge-campaign-non-signers", "GET", API_CAMPAIGN + "non-signers/", API_R5),
    Row("pledge-list", "GET", "/api/v1/pledges/", API_READ),
    Row("pledge-list", "POST", "/api/v1/pledges/", API_R5_CREATE, data=_api_pledge),
    Row("pledge-detail", "GET", API_PLEDGE, API_R5),
    Row("pledge-withdraw", "POST", API_PLEDGE + "withdraw/", API_R5, data={"reason": "Doanh nghiệp giải thể"}),
    Row("pledge-breach", "POST", API_PLEDGE + "breach/", API_R5, data={"reference": "12/QĐ-XPHC"}),
    Row("pledge-scan", "GET", "/api/v1/pledges/{pledge_r5_scan}/scan/", API_R5),
    Row("pledge-scan", "POST", API_PLEDGE + "scan/", API_R5, data=_scan_upload, multipart=True),
    Row(
        "pledge-bulk",
        "POST",
        "/api/v1/pledges/bulk/",
        API_R5_CREATE,
        data=_api_bulk,
    ),
]

PLEDGE_ROWS: list[Row] = [*HTML_ROWS, *API_ROWS]
