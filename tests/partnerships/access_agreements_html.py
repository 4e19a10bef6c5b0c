"""Access rows: partnerships agreements_html (joined into tests/crm/test_access_table.py through access_rows.py)."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from partnerships.models import Agreement
from partnerships.services import agreements as services
from tests.access import LOGIN, STAFF_PAGE, Row, builder, expect

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# An agreement of Region V: Region V staff and HQ in scope; the office under V and Region VI → 404.
R5_PAGE = expect(anon=LOGIN, staff=200, portal=403, r5_office_officer=404, r6_officer=404)
R5_POST = expect(anon=LOGIN, staff=302, portal=403, r5_office_officer=404, r6_officer=404)
# Manager-only moves: officers in scope get 403; outsiders still 404 (the object is looked up first).
R5_MANAGER_POST = expect(anon=LOGIN, staff=302, portal=403, r5_officer=403, r5_office_officer=404, r6_officer=404)
R5_MANAGER_PAGE = expect(anon=LOGIN, staff=200, portal=403, r5_officer=403, r5_office_officer=404, r6_officer=404)


@builder("html_agreement_r5")
def _agreement_r5(refs) -> int:
    world = refs.world
    agreement = services.create_agreement(
        by=None,
        branch=world.region5,
        title="Thỏa thuận hợp tác Hải quan – Doanh nghiệp Đông Á",
        parties=[{"enterprise": world.ent_a, "signatory_name": "Nguyễn Văn An", "signatory_title": "Tổng Giám đốc"}],
    )
    return agreement.pk


@builder("html_agreement_r5_active")
def _agreement_r5_active(refs) -> int:
    world = refs.world
    agreement = services.create_agreement(
        by=None,
        branch=world.region5,
        title="Thỏa thuận hợp tác đang hiệu lực",
        doc_number="01/TTHT-KV5",
        customs_signatory_name="Trần Văn Bình",
        parties=[{"enterprise": world.ent_a, "signatory_name": "Nguyễn Văn An"}],
    )
    for move in (services.submit_for_review, services.start_negotiation, services.approve_agreement):
        agreement = move(agreement=agreement, by=None)
    agreement = services.sign_agreement(agreement=agreement, by=None, signed_on=date(2025, 3, 1))
    return services.activate_agreement(agreement=agreement, by=None).pk


@builder("html_commitment_r5")
def _commitment_r5(refs) -> int:
    agreement = Agreement.objects.get(pk=refs["html_agreement_r5"])
    return services.add_commitment(agreement=agreement, by=None, side="customs", text="Hỗ trợ thủ tục").pk


@builder("html_document_r5")
def _document_r5(refs) -> int:
    agreement = Agreement.objects.get(pk=refs["html_agreement_r5"])
    upload = SimpleUploadedFile("ban-ky.pdf", PDF_BYTES, content_type="application/pdf")
    return services.add_document(agreement=agreement, by=None, file=upload, kind="signed_scan").pk


BASE = "/partnerships/agreements"

AGREEMENT_HTML_ROWS: list[Row] = [
    Row("agreement-list", "GET", f"{BASE}/", STAFF_PAGE),
    Row("agreement-export", "GET", f"{BASE}/export/", STAFF_PAGE),
    Row("agreement-create", "GET", f"{BASE}/new/", STAFF_PAGE),
    Row("agreement-detail", "GET", f"{BASE}/{{html_agreement_r5}}/", R5_PAGE),
    Row("agreement-edit", "GET", f"{BASE}/{{html_agreement_r5}}/edit/", R5_PAGE),
    Row("agreement-parties", "GET", f"{BASE}/{{html_agreement_r5}}/parties/", R5_PAGE),
    Row(
        "agreement-party-add",
        "POST",
        f"{BASE}/{{html_agreement_r5}}/parties/add/",
        R5_POST,
        data=lambda r: {"enterprise": r["ent_b"], "signatory_name": "Lê Thị Cúc"},
    ),
    Row("agreement-commitment-create", "GET", f"{BASE}/{{html_agreement_r5}}/commitments/new/", R5_PAGE),
    Row("agreement-commitment-edit", "GET", f"{BASE}/commitments/{{html_commitment_r5}}/edit/", R5_PAGE),
    Row("agreement-commitment-delete", "POST", f"{BASE}/commitments/{{html_commitment_r5}}/delete/", R5_POST),
    Row(
        "agreement-commitment-status",
        "POST",
        f"{BASE}/commitments/{{html_commitment_r5}}/status/",
        R5_POST,
        data={"status": "at_risk", "note": "Chậm tiến độ"},
    ),
    Row("agreement-move", "POST", f"{BASE}/{{html_agreement_r5}}/actions/submit/", R5_POST),
    Row("agreement-move", "POST", f"{BASE}/{{html_agreement_r5}}/actions/approve/", R5_MANAGER_POST),
    Row("agreement-move", "GET", f"{BASE}/{{html_agreement_r5_active}}/actions/record_review/", R5_PAGE),
    Row("agreement-move", "GET", f"{BASE}/{{html_agreement_r5_active}}/actions/terminate/", R5_MANAGER_PAGE),
    Row("agreement-move", "GET", f"{BASE}/{{html_agreement_r5_active}}/actions/renew/", R5_PAGE),
    Row("agreement-document-upload", "GET", f"{BASE}/{{html_agreement_r5}}/documents/new/", R5_PAGE),
    Row("agreement-document-download", "GET", f"{BASE}/documents/{{html_document_r5}}/", R5_PAGE),
    Row("enterprise-partnerships-panel", "GET", "/partnerships/enterprises/{ent_a}/panel/", R5_PAGE),
    Row(
        "enterprise-partnerships-panel",
        "GET",
        "/partnerships/enterprises/{ent_r6}/panel/",
        expect(anon=LOGIN, staff=404, portal=403, hq_admin=200, r6_officer=200),
    ),
]
