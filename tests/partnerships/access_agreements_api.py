"""Access rows: partnerships agreements_api (joined into tests/crm/test_access_table.py through access_rows.py).

Every row works on a Region V agreement with ent_a as party, built through the services in the state where the move
is legal (each cell runs in a fresh database, so each cell gets a fresh agreement). Scope comes before role: an
agreement outside the caller's subtree is a 404 on every route, manager-only moves included (the viewset fetches the
scoped object first, then checks the role), so a 403 only ever tells an in-scope officer that a manager is needed.
"""

import itertools
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from partnerships.models import Agreement, AgreementStatus, CommitmentSide, DocumentKind
from partnerships.services import agreements as services
from tests.access import API_STAFF_READ, Row, builder, expect

S = AgreementStatus
SIGNED_ON = date(2026, 1, 15)
REVIEWED_ON = date(2026, 6, 1)
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
COMMITMENTS = [
    (CommitmentSide.BUSINESS, "Khai báo hải quan đầy đủ, chính xác, đúng thời hạn."),
    (CommitmentSide.CUSTOMS, "Hỗ trợ, giải đáp vướng mắc về thủ tục hải quan trong 5 ngày làm việc."),
    (CommitmentSide.BUSINESS, "Tham gia hội nghị đối thoại doanh nghiệp hằng năm."),
]
_doc_numbers = itertools.count(1)


def _sign(agreement, by):
    services.sign_agreement(agreement=agreement, by=by, signed_on=SIGNED_ON)


# The moves that bring a fresh draft to each status (each list continues the one before it).
_TO_ACTIVE = [
    lambda a, by: services.submit_for_review(agreement=a, by=by),
    lambda a, by: services.start_negotiation(agreement=a, by=by),
    lambda a, by: services.approve_agreement(agreement=a, by=by),
    _sign,
    lambda a, by: services.activate_agreement(agreement=a, by=by),
]
PATHS = {
    S.DRAFT: [],
    S.INTERNAL_REVIEW: _TO_ACTIVE[:1],
    S.NEGOTIATION: _TO_ACTIVE[:2],
    S.APPROVED: _TO_ACTIVE[:3],
    S.SIGNED: _TO_ACTIVE[:4],
    S.ACTIVE: _TO_ACTIVE,
    S.UNDER_REVIEW: [*_TO_ACTIVE, lambda a, by: services.start_review(agreement=a, by=by)],
    S.SUSPENDED: [*_TO_ACTIVE, lambda a, by: services.suspend_agreement(agreement=a, by=by, reason="Tạm dừng")],
    S.TERMINATED: [*_TO_ACTIVE, lambda a, by: services.terminate_agreement(agreement=a, by=by, reason="Chấm dứt")],
}


def make_agreement(
    world,
    status: str = S.DRAFT,
    *,
    branch=None,
    enterprises=None,
    title: str = "Thỏa thuận hợp tác Hải quan – Doanh nghiệp",
    commitments: int = 1,
    signatory: str = "Kim Min-jun",
    by=None,
) -> Agreement:
    """An agreement of `branch` (Region V) with `enterprises` (ent_a) as parties, moved through the services."""
    branch = branch or world.region5
    enterprises = [world.ent_a] if enterprises is None else enterprises
    agreement = services.create_agreement(
        by=by,
        branch=branch,
        title=title,
        doc_number=f"{next(_doc_numbers):03d}/2026/TTHT-{branch.code}",
        customs_signatory_name="Nguyễn Văn Hùng",
        customs_signatory_title="Phó Chi cục trưởng",
        parties=[
            {"enterprise": enterprise, "signatory_name": signatory, "signatory_title": "Tổng giám đốc"}
            for enterprise in enterprises
        ],
    )
    for side, text in COMMITMENTS[:commitments]:
        services.add_commitment(agreement=agreement, by=by, side=side, text=text)
    for move in PATHS[status]:
        move(agreement, by)
    agreement.refresh_from_db()
    return agreement


def pdf_upload(name: str = "scan.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _register_agreement_builder(status: str) -> None:
    builder(f"api_agreement_{status}")(lambda refs: make_agreement(refs.world, status).pk)


for _status in PATHS:
    _register_agreement_builder(_status)


@builder("api_commitment_draft")
def _commitment_of_a_draft(refs) -> int:
    return Agreement.objects.get(pk=refs[f"api_agreement_{S.DRAFT}"]).commitments.get().pk


@builder("api_commitment_active")
def _commitment_of_an_active_agreement(refs) -> int:
    return Agreement.objects.get(pk=refs[f"api_agreement_{S.ACTIVE}"]).commitments.get().pk


@builder("api_document")
def _document_of_a_draft(refs) -> int:
    agreement = Agreement.objects.get(pk=refs[f"api_agreement_{S.DRAFT}"])
    return services.add_document(agreement=agreement, by=None, file=pdf_upload(), kind=DocumentKind.SIGNED_SCAN).pk


# Expectations on a Region V agreement: Region V staff and headquarters in scope; the office and Region VI → 404.
IN_SCOPE = expect(anon=401, staff=200, portal=403, r5_office_officer=404, r6_officer=404)
IN_SCOPE_CREATED = expect(anon=401, staff=201, portal=403, r5_office_officer=404, r6_officer=404)
IN_SCOPE_DELETED = expect(anon=401, staff=204, portal=403, r5_office_officer=404, r6_officer=404)
MANAGER_MOVE = expect(anon=401, staff=200, portal=403, r5_officer=403, r5_office_officer=404, r6_officer=404)

DRAFT = "/api/v1/agreements/{api_agreement_draft}/"
INTERNAL_REVIEW = "/api/v1/agreements/{api_agreement_internal_review}/"
NEGOTIATION = "/api/v1/agreements/{api_agreement_negotiation}/"
APPROVED = "/api/v1/agreements/{api_agreement_approved}/"
SIGNED = "/api/v1/agreements/{api_agreement_signed}/"
ACTIVE = "/api/v1/agreements/{api_agreement_active}/"
SUSPENDED = "/api/v1/agreements/{api_agreement_suspended}/"
COMMITMENT = "/api/v1/commitments/{api_commitment_draft}/"


def _new_agreement(refs) -> dict:
    return {
        "branch": refs["region5"],
        "title": "Thỏa thuận hợp tác về thủ tục hải quan điện tử",
        "parties": [{"enterprise": refs["ent_a"], "signatory_name": "Kim Min-jun"}],
    }


def _upload(refs) -> dict:
    return {"file": pdf_upload(), "kind": DocumentKind.SIGNED_SCAN, "title": "Bản ký"}


AGREEMENT_API_ROWS: list[Row] = [
    Row("agreement-list", "GET", "/api/v1/agreements/", API_STAFF_READ),
    Row(
        "agreement-list",
        "POST",
        "/api/v1/agreements/",
        # Region V and ent_a are outside the office's and Region VI's scope: refused like unknown ids (400).
        expect(anon=401, staff=201, portal=403, r5_office_officer=400, r6_officer=400),
        data=_new_agreement,
    ),
    Row("agreement-detail", "GET", DRAFT, IN_SCOPE),
    Row("agreement-detail", "PATCH", DRAFT, IN_SCOPE, data={"scope": "Thủ tục hải quan điện tử"}),
    Row(
        "agreement-detail",
        "PUT",
        DRAFT,
        IN_SCOPE,
        data=lambda r: {"title": "Thỏa thuận hợp tác (sửa đổi)", "branch": r["region5"]},
    ),
    Row("agreement-submit", "POST", DRAFT + "submit/", IN_SCOPE),
    Row("agreement-return-to-draft", "POST", INTERNAL_REVIEW + "return-to-draft/", IN_SCOPE),
    Row("agreement-negotiate", "POST", INTERNAL_REVIEW + "negotiate/", IN_SCOPE),
    Row("agreement-approve", "POST", NEGOTIATION + "approve/", MANAGER_MOVE),
    Row("agreement-sign", "POST", APPROVED + "sign/", IN_SCOPE, data={"signed_on": "2026-01-15"}),
    Row("agreement-activate", "POST", SIGNED + "activate/", IN_SCOPE),
    Row("agreement-start-review", "POST", ACTIVE + "start-review/", IN_SCOPE),
    Row("agreement-suspend", "POST", ACTIVE + "suspend/", MANAGER_MOVE, data={"reason": "Doanh nghiệp vi phạm"}),
    Row("agreement-resume", "POST", SUSPENDED + "resume/", MANAGER_MOVE),
    Row("agreement-terminate", "POST", ACTIVE + "terminate/", MANAGER_MOVE, data={"reason": "Doanh nghiệp giải thể"}),
    Row("agreement-renew", "POST", ACTIVE + "renew/", IN_SCOPE_CREATED),
    Row("agreement-amend", "POST", ACTIVE + "amend/", IN_SCOPE_CREATED),
    Row("agreement-commitments", "GET", DRAFT + "commitments/", IN_SCOPE),
    Row(
        "agreement-commitments",
        "POST",
        DRAFT + "commitments/",
        IN_SCOPE_CREATED,
        data={"side": CommitmentSide.CUSTOMS, "text": "Ưu tiên kiểm tra chuyên ngành."},
    ),
    Row("agreement-reviews", "GET", ACTIVE + "reviews/", IN_SCOPE),
    Row(
        "agreement-reviews",
        "POST",
        ACTIVE + "reviews/",
        IN_SCOPE_CREATED,
        data={"reviewed_on": REVIEWED_ON.isoformat(), "outcome": "continue"},
    ),
    Row("agreement-documents", "GET", DRAFT + "documents/", IN_SCOPE),
    Row("agreement-documents", "POST", DRAFT + "documents/", IN_SCOPE_CREATED, data=_upload, multipart=True),
    Row("agreement-document-download", "GET", DRAFT + "documents/{api_document}/download/", IN_SCOPE),
    Row("commitment-list", "GET", "/api/v1/commitments/", API_STAFF_READ),
    Row("commitment-detail", "GET", COMMITMENT, IN_SCOPE),
    Row("commitment-detail", "PATCH", COMMITMENT, IN_SCOPE, data={"indicator": "Tỷ lệ tờ khai đúng hạn"}),
    Row(
        "commitment-detail",
        "PUT",
        COMMITMENT,
        IN_SCOPE,
        data={"side": CommitmentSide.BUSINESS, "text": "Khai báo hải quan đúng hạn."},
    ),
    Row("commitment-detail", "DELETE", COMMITMENT, IN_SCOPE_DELETED),
    Row(
        "commitment-set-status",
        "POST",
        "/api/v1/commitments/{api_commitment_active}/set-status/",
        IN_SCOPE,
        data={"status": "at_risk"},
    ),
]
