"""Demo partnerships of Region V (manage.py seed_demo): agreements in every status, pledges, programmes, targets.

Deterministic (fixed tables, random.Random(42) over enterprises ordered by tax code) and idempotent: agreements are
found by title, campaigns by name, programmes by code, enrolments by programme, targets by unit/year/metric, and
what exists is skipped. Dates are counted back from `today`, so every status holds on the day the seed runs. Every
write goes through partnerships.services, as a demo officer or manager. The people and numbers are invented.
"""

import itertools
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from crm.dates import add_months
from crm.models import Association, Branch, Contact, Enterprise, EnterpriseStatus, Segment, User
from partnerships.models import (
    PRE_SIGNATURE,
    Agreement,
    AgreementKind,
    AgreementStatus,
    CommitmentSide,
    CommitmentStatus,
    Metric,
    MonthlyStatistic,
    PledgeCampaign,
    PledgeKind,
    Programme,
    ProgrammeKind,
    ReviewOutcome,
    Target,
)
from partnerships.services import agreements as agreement_services
from partnerships.services import pledges as pledge_services
from partnerships.services import programmes as programme_services
from partnerships.services import statistics as statistic_services
from partnerships.services import targets as target_services

S = AgreementStatus
C = CommitmentStatus
REGION = "KV05"
VC_MOU_TITLE = "Biên bản ghi nhớ tham gia Chương trình doanh nghiệp tuân thủ tự nguyện"

CUSTOMS_SIGNATORIES = {
    "KV05": ("Nguyễn Văn Hùng", "Chi cục trưởng Chi cục Hải quan khu vực V"),
    "KV05-BN": ("Đỗ Thị Thanh Huyền", "Trưởng Hải quan Bắc Ninh"),
    "KV05-YP": ("Phạm Quang Vinh", "Trưởng Hải quan Yên Phong"),
    "KV05-TN": ("Lý Minh Khánh", "Trưởng Hải quan Thái Nguyên"),
}
CUSTOMS_COMMITMENTS = [
    (
        "Hướng dẫn, giải đáp vướng mắc về thủ tục hải quan trong 05 ngày làm việc kể từ khi nhận được đề nghị",
        "100% vướng mắc được trả lời đúng hạn",
    ),
    ("Tổ chức hội nghị đối thoại với doanh nghiệp ít nhất 02 lần mỗi năm", "02 hội nghị/năm"),
    ("Cử công chức đầu mối theo dõi, hỗ trợ doanh nghiệp trong suốt thời gian thực hiện thỏa thuận", ""),
    (
        "Bố trí kiểm tra thực tế hàng hóa ngoài giờ hành chính, ngày nghỉ khi doanh nghiệp có yêu cầu",
        "Đáp ứng 100% yêu cầu hợp lệ",
    ),
    ("Cung cấp kịp thời văn bản pháp luật mới về hải quan qua thư điện tử và Cổng thông tin của đơn vị", ""),
]
BUSINESS_COMMITMENTS = [
    (
        "Chấp hành nghiêm pháp luật về hải quan, thuế; khai báo đầy đủ, chính xác, trung thực",
        "Không bị xử phạt vi phạm hành chính về hải quan",
    ),
    ("Nộp thuế đầy đủ, đúng hạn; không để phát sinh nợ thuế quá hạn", "Nợ thuế quá hạn: 0 đồng"),
    (
        "Nộp báo cáo quyết toán nguyên liệu, vật tư, thành phẩm đúng thời hạn",
        "Nộp trong 90 ngày kể từ khi kết thúc năm tài chính",
    ),
    ("Phối hợp cung cấp thông tin phục vụ phòng, chống buôn lậu, gian lận thương mại và hàng giả", ""),
    ("Cử đại diện tham gia đầy đủ các hội nghị đối thoại, tập huấn do cơ quan hải quan tổ chức", ""),
]
ASSOCIATION_SIGNATORIES = {
    "KoCham": ("Kim Jae-won", "Chủ tịch"),
    "VCCI Bắc Ninh": ("Nguyễn Thị Thu Hương", "Giám đốc"),
    "HHDN Bắc Ninh": ("Trần Quốc Tuấn", "Chủ tịch Hiệp hội"),
}


@dataclass
class Spec:
    """One demo agreement. Days count back from today; `pool` names a group of enterprises (see _pools)."""

    title: str
    status: AgreementStatus
    branch: str = REGION
    kind: AgreementKind = AgreementKind.COOPERATION
    pool: str = "any"
    parties: int = 1
    association: str = ""
    commitments: tuple[int, int] = (3, 3)  # customs, business
    signed: int | None = None  # days ago
    effective: date | None = None
    years: int = 3
    reviews: list[tuple[int, ReviewOutcome, dict[int, str]]] = field(default_factory=list)  # days ago
    flags: dict[int, str] = field(default_factory=dict)  # commitment statuses set between reviews
    reason: str = ""
    successor: "Spec | None" = None
    scope: str = ""


def _specs(today: date) -> list[Spec]:
    next_month = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    scope = "Hợp tác thực hiện thủ tục hải quan, quản lý thuế và phòng, chống buôn lậu, gian lận thương mại"
    return [
        Spec(
            "Thỏa thuận hợp tác Hải quan – Doanh nghiệp KCN Yên Phong",
            S.ACTIVE,
            "KV05-YP",
            pool="yp",
            parties=12,
            association="KoCham",
            commitments=(4, 4),
            signed=300,
            flags={2: C.AT_RISK, 7: C.AT_RISK},
            scope=scope,
        ),
        Spec(
            VC_MOU_TITLE,
            S.ACTIVE,
            kind=AgreementKind.VC_MOU,
            pool="vc",
            parties=10,
            association="VCCI Bắc Ninh",
            commitments=(3, 4),
            signed=250,
            years=2,
            scope="Hỗ trợ doanh nghiệp tự đánh giá và nâng cao mức độ tuân thủ pháp luật hải quan",
        ),
        Spec(
            "Thỏa thuận hợp tác với Công ty TNHH Điện tử Hanwon Việt Nam",
            S.ACTIVE,
            "KV05-YP",
            pool="2352601817",
            commitments=(5, 5),
            signed=420,
            years=5,
            reviews=[(55, ReviewOutcome.CONTINUE, {1: C.MET, 2: C.MET, 6: C.MET, 7: C.MET})],
        ),
        Spec(
            "Thỏa thuận hợp tác với Công ty TNHH Quang học Hoshino Việt Nam",
            S.UNDER_REVIEW,
            "KV05-BN",
            pool="2359083018",
            signed=380,
        ),
        Spec(
            "Thỏa thuận hợp tác Hải quan – Doanh nghiệp KCN Quế Võ",
            S.SIGNED,
            "KV05-BN",
            pool="bn",
            parties=5,
            association="HHDN Bắc Ninh",
            signed=6,
            effective=next_month,
        ),
        Spec(
            "Thỏa thuận hợp tác với Công ty TNHH Linh kiện Điện tử Seojin Việt Nam",
            S.APPROVED,
            "KV05-BN",
            pool="2348757498",
        ),
        Spec(
            "Thỏa thuận hợp tác với các doanh nghiệp năng lượng mặt trời KCN Quang Châu",
            S.NEGOTIATION,
            pool="solar",
            parties=4,
        ),
        Spec(
            "Quy chế phối hợp với Hiệp hội Doanh nghiệp tỉnh Bắc Ninh",
            S.INTERNAL_REVIEW,
            kind=AgreementKind.COORDINATION,
            pool="none",
            parties=0,
            association="HHDN Bắc Ninh",
            commitments=(2, 2),
        ),
        Spec(
            "Thỏa thuận hợp tác Hải quan – Doanh nghiệp KCN VSIP Bắc Ninh",
            S.DRAFT,
            "KV05-BN",
            pool="bn",
            parties=16,
            association="VCCI Bắc Ninh",
            scope=scope,
        ),
        Spec(
            "Thỏa thuận hợp tác Hải quan – Doanh nghiệp tỉnh Thái Nguyên",
            S.RENEWED,
            "KV05-TN",
            pool="tn",
            parties=6,
            commitments=(4, 4),
            signed=1090,
            reviews=[
                (725, ReviewOutcome.CONTINUE, {2: C.AT_RISK}),
                (360, ReviewOutcome.RENEW, {2: C.MET, 5: C.NOT_MET}),
            ],
            successor=Spec(
                "Thỏa thuận hợp tác Hải quan – Doanh nghiệp tỉnh Thái Nguyên (gia hạn)", S.ACTIVE, signed=12
            ),
        ),
        Spec(
            "Thỏa thuận hợp tác với Công ty Cổ phần May Kinh Bắc",
            S.AMENDED,
            pool="2366131865",
            signed=560,
            reviews=[(195, ReviewOutcome.AMEND, {4: C.AT_RISK})],
            successor=Spec(
                "Thỏa thuận hợp tác với Công ty Cổ phần May Kinh Bắc (sửa đổi, bổ sung lần 1)", S.ACTIVE, signed=45
            ),
        ),
        Spec(
            "Thỏa thuận hợp tác với Công ty TNHH Thương mại Thép Thái Nguyên Phát",
            S.SUSPENDED,
            "KV05-TN",
            pool="4646281948",
            signed=400,
            reviews=[(30, ReviewOutcome.CONTINUE, {4: C.NOT_MET, 5: C.NOT_MET})],
            reason="Doanh nghiệp bị xử phạt vi phạm hành chính về khai sai mã số hàng hóa (QĐ 45/QĐ-XPHC); "
            "tạm dừng thỏa thuận để rà soát việc thực hiện cam kết",
        ),
        Spec(
            "Thỏa thuận hợp tác với các doanh nghiệp kinh doanh thương mại Bắc Ninh",
            S.EXPIRED,
            pool="trading",
            parties=3,
            signed=1200,
            reviews=[(835, ReviewOutcome.CONTINUE, {}), (470, ReviewOutcome.CONTINUE, {1: C.MET})],
        ),
        Spec(
            "Thỏa thuận hợp tác với Công ty TNHH Năng lượng mặt trời Longsheng Việt Nam",
            S.TERMINATED,
            pool="2496030829",
            signed=650,
            reason="Doanh nghiệp chuyển sang doanh nghiệp chế xuất, đề nghị chấm dứt để ký thỏa thuận theo mô hình mới",
        ),
    ]


# Bilateral agreements signed this year with one enterprise each, spread over the units (the bulk of the year's count).
BILATERAL = 30
BILATERAL_FLAGS = [{}, {}, {1: C.MET}, {2: C.AT_RISK}, {}, {1: C.MET, 3: C.MET}, {}, {4: C.NOT_MET}, {}]


@dataclass
class Context:
    today: date
    officer: User | None
    manager: User | None
    branches: dict[str, Branch]
    pools: dict[str, list[Enterprise]]
    associations: dict[str, Association]
    rng: random.Random
    numbers: dict[str, itertools.count]

    def doc_number(self, branch: Branch) -> str:
        counter = self.numbers.setdefault(branch.code, itertools.count(1))
        return f"{next(counter):02d}/TTHT-{branch.code}"


def seed_partnerships(*, today: date | None = None) -> None:
    """Add the Region V partnerships demo; no-op for what exists (and entirely without the Region V branch)."""
    today = today or timezone.localdate()
    region = Branch.objects.filter(code=REGION).first()
    if region is None:
        return
    users = {u.username: u for u in User.objects.filter(username__in=("r5_officer", "r5_manager"))}
    ctx = Context(
        today=today,
        officer=users.get("r5_officer"),
        manager=users.get("r5_manager"),
        branches={b.code: b for b in Branch.objects.filter(path__startswith=region.path)},
        pools=_pools(region),
        associations={a.short_name: a for a in Association.objects.all()},
        rng=random.Random(42),
        numbers={},
    )
    vc_mou = _agreements(ctx)
    _campaigns(ctx, region)
    _programmes(ctx, vc_mou)
    _targets(ctx)
    _statistics(ctx)


# Enterprises -----------------------------------------------------------------------------------------------------


def _pools(region: Branch) -> dict[str, list[Enterprise]]:
    """Operating Region V enterprises by group, in tax-code order (the same lists on every run)."""
    enterprises = list(
        Enterprise.objects.filter(
            managing_branch__path__startswith=region.path,
            status=EnterpriseStatus.ACTIVE,
            deactivated_at__isnull=True,
        )
        .select_related("managing_branch")
        .prefetch_related(
            Prefetch("contacts", queryset=Contact.objects.filter(is_legal_representative=True), to_attr="heads"),
            Prefetch("segments", queryset=Segment.objects.only("code"), to_attr="segment_list"),
        )
        .order_by("tax_code")
    )
    fdi = [e for e in enterprises if e.ownership in ("fdi_100", "fdi_jv")]

    def in_segment(code):
        return [e for e in enterprises if code in {s.code for s in e.segment_list}]

    pools = {e.tax_code: [e] for e in enterprises}
    pools.update(
        {
            "any": enterprises,
            "none": [],
            "yp": [e for e in fdi if e.managing_branch.code == "KV05-YP" and e.tax_code != "2352601817"],
            "bn": [e for e in enterprises if e.managing_branch.code == "KV05-BN" and e.compliance_level in (1, 2, 3)],
            "tn": [e for e in enterprises if e.managing_branch.code == "KV05-TN" and e.tax_code != "4646281948"],
            "solar": [e for e in fdi if e.investor_country == "CN" and e.is_export_processing],
            "trading": in_segment("trading"),
            "vc": [e for e in enterprises if e.compliance_level in (2, 3) and not e.is_export_processing],
            "fdi": fdi,
        }
    )
    return pools


def _signatory(enterprise: Enterprise) -> tuple[str, str]:
    head = enterprise.heads[0] if enterprise.heads else None
    return (head.full_name, head.position or "Giám đốc") if head else ("Nguyễn Văn Minh", "Giám đốc")


def _take(ctx: Context, pool: str, n: int, used: set[int]) -> list[Enterprise]:
    """n enterprises of the pool not used yet by another demo agreement (sampled deterministically)."""
    candidates = [e for e in ctx.pools[pool] if e.pk not in used]
    chosen = sorted(ctx.rng.sample(candidates, k=min(n, len(candidates))), key=lambda e: e.tax_code)
    used.update(e.pk for e in chosen)
    return chosen


# Agreements ------------------------------------------------------------------------------------------------------


def _agreements(ctx: Context) -> Agreement | None:
    """Create the agreements that are missing; return the voluntary-compliance MoU (for the programme)."""
    region = ctx.branches[REGION]
    existing = {a.title: a for a in Agreement.objects.filter(branch__path__startswith=region.path)}
    used: set[int] = set()
    for spec in _specs(ctx.today):
        parties = _take(ctx, spec.pool, spec.parties, used)
        number = ctx.doc_number(ctx.branches[spec.branch])
        successor_number = ctx.doc_number(ctx.branches[spec.branch]) if spec.successor else ""
        if spec.title not in existing:
            existing[spec.title] = _build(ctx, spec, parties, number, successor_number)
    bilateral_pool = [e for e in ctx.pools["any"] if e.pk not in used and e.compliance_level in (1, 2, 3)]
    chosen = sorted(ctx.rng.sample(bilateral_pool, k=min(BILATERAL, len(bilateral_pool))), key=lambda e: e.tax_code)
    this_year = max((ctx.today - date(ctx.today.year, 1, 1)).days, 1)
    for index, enterprise in enumerate(chosen):
        branch = enterprise.managing_branch
        spec = Spec(
            f"Thỏa thuận hợp tác với {enterprise.name_vi}",
            S.ACTIVE,
            branch.code,
            commitments=(2 + index % 2, 2 + index % 3),
            signed=10 + ((len(chosen) - 1 - index) * this_year) // len(chosen),  # spread over the year so far
            flags=BILATERAL_FLAGS[index % len(BILATERAL_FLAGS)],
        )
        number = ctx.doc_number(branch)
        if spec.title not in existing:
            existing[spec.title] = _build(ctx, spec, [enterprise], number, "")
    return existing.get(VC_MOU_TITLE)


def _draft(ctx: Context, spec: Spec, parties: list[Enterprise], doc_number: str) -> Agreement:
    branch = ctx.branches[spec.branch]
    signatory, signatory_title = CUSTOMS_SIGNATORIES[branch.code]
    rows = []
    for enterprise in parties:
        name, title = _signatory(enterprise)
        rows.append({"enterprise": enterprise, "signatory_name": name, "signatory_title": title})
    if spec.association:
        name, title = ASSOCIATION_SIGNATORIES[spec.association]
        rows.append(
            {"association": ctx.associations[spec.association], "signatory_name": name, "signatory_title": title}
        )
    agreement = agreement_services.create_agreement(
        by=ctx.officer,
        branch=branch,
        title=spec.title,
        kind=spec.kind,
        doc_number=doc_number if spec.status not in (S.DRAFT, S.INTERNAL_REVIEW) else "",
        scope=spec.scope,
        customs_signatory_name=signatory,
        customs_signatory_title=signatory_title,
        focal_officers=[ctx.officer] if ctx.officer else [],
        parties=rows,
    )
    customs, business = spec.commitments
    for side, texts, count in (
        (CommitmentSide.CUSTOMS, CUSTOMS_COMMITMENTS, customs),
        (CommitmentSide.BUSINESS, BUSINESS_COMMITMENTS, business),
    ):
        for text, indicator in texts[:count]:
            agreement_services.add_commitment(
                agreement=agreement, by=ctx.officer, side=side, text=text, indicator=indicator
            )
    return agreement


def _to_approved(ctx: Context, agreement: Agreement, status: AgreementStatus) -> Agreement:
    """Walk a draft through internal review and negotiation up to `status` (approved at most)."""
    moves = {
        S.DRAFT: (agreement_services.submit_for_review, ctx.officer),
        S.INTERNAL_REVIEW: (agreement_services.start_negotiation, ctx.officer),
        S.NEGOTIATION: (agreement_services.approve_agreement, ctx.manager),
    }
    while agreement.status != status:
        move, by = moves[agreement.status]
        agreement = move(agreement=agreement, by=by)
    return agreement


def _sign(ctx: Context, agreement: Agreement, spec: Spec, expires_on: date | None = None) -> Agreement:
    _to_approved(ctx, agreement, S.APPROVED)
    signed_on = ctx.today - timedelta(days=spec.signed)
    effective = spec.effective or signed_on
    if expires_on is None:
        expires_on = add_months(effective, 12 * spec.years) - timedelta(days=1)
    agreement = agreement_services.sign_agreement(
        agreement=agreement,
        by=ctx.officer,
        signed_on=signed_on,
        effective_from=effective,
        expires_on=expires_on,
        today=signed_on,
    )
    if effective <= ctx.today:
        agreement = agreement_services.activate_agreement(agreement=agreement, by=ctx.officer, today=effective)
    return agreement


def _statuses(agreement: Agreement, by_number: dict[int, str]) -> dict[int, str]:
    numbers = dict(agreement.commitments.values_list("number", "pk"))
    return {numbers[n]: status for n, status in by_number.items() if n in numbers}


def _build(ctx: Context, spec: Spec, parties: list[Enterprise], number: str, successor_number: str) -> Agreement:
    agreement = _draft(ctx, spec, parties, number)
    if spec.status in PRE_SIGNATURE:
        _to_approved(ctx, agreement, spec.status)
        return agreement
    agreement = _sign(ctx, agreement, spec)
    for days_ago, outcome, statuses in spec.reviews:
        reviewed_on = ctx.today - timedelta(days=days_ago)
        agreement_services.record_review(
            agreement=agreement,
            by=ctx.officer,
            reviewed_on=reviewed_on,
            outcome=outcome,
            notes="Hai bên đánh giá việc thực hiện các cam kết trong kỳ.",
            statuses=_statuses(agreement, statuses),
            today=reviewed_on,
        )
    for commitment in agreement.commitments.filter(number__in=spec.flags):
        agreement_services.set_commitment_status(
            commitment=commitment, by=ctx.officer, status=spec.flags[commitment.number]
        )
    match spec.status:
        case S.UNDER_REVIEW:
            agreement_services.start_review(agreement=agreement, by=ctx.officer, note="Đến kỳ đánh giá hằng năm")
        case S.SUSPENDED:
            agreement_services.suspend_agreement(agreement=agreement, by=ctx.manager, reason=spec.reason)
        case S.TERMINATED:
            agreement_services.terminate_agreement(agreement=agreement, by=ctx.manager, reason=spec.reason)
        case S.EXPIRED:
            agreement_services.expire_due_agreements(today=ctx.today)
        case S.RENEWED | S.AMENDED:
            _succeed(ctx, agreement, spec, successor_number)
    agreement.refresh_from_db()
    return agreement


def _succeed(ctx: Context, agreement: Agreement, spec: Spec, doc_number: str) -> None:
    successor_spec = spec.successor
    draft = (agreement_services.renew_agreement if spec.status == S.RENEWED else agreement_services.amend_agreement)(
        agreement=agreement, by=ctx.officer, title=successor_spec.title
    )
    draft = agreement_services.update_agreement(agreement=draft, by=ctx.officer, doc_number=doc_number)
    signed_on = ctx.today - timedelta(days=successor_spec.signed)
    expires_on = agreement.expires_on if spec.status == S.AMENDED else add_months(signed_on, 36) - timedelta(days=1)
    _sign(ctx, draft, successor_spec, expires_on=expires_on)


# Pledge campaigns ------------------------------------------------------------------------------------------------

PLEDGE_TEXT_VI = (
    "Doanh nghiệp cam kết: không sản xuất, buôn bán, vận chuyển, tàng trữ hàng giả, hàng nhập lậu, hàng xâm phạm "
    "quyền sở hữu trí tuệ; chấp hành nghiêm quy định về xuất xứ và nhãn hàng hóa; kịp thời cung cấp cho cơ quan hải "
    "quan thông tin về hành vi buôn lậu, gian lận thương mại mà doanh nghiệp biết được."
)
PLEDGE_TEXT_EN = (
    "The enterprise pledges not to produce, trade, carry or store counterfeit, smuggled or IP-infringing goods; to "
    "comply with the rules on origin and labelling; and to inform customs of smuggling or trade fraud it learns of."
)
COMPLIANCE_TEXT_VI = (
    "Doanh nghiệp cam kết chấp hành nghiêm pháp luật về hải quan, thuế; khai báo trung thực, chính xác; nộp thuế "
    "đầy đủ, đúng hạn và phối hợp với cơ quan hải quan trong công tác quản lý."
)


def _campaigns(ctx: Context, region: Branch) -> None:
    starts = ctx.today - timedelta(days=240)
    current = {
        "name": f"Không sản xuất, buôn bán hàng giả, hàng lậu {starts.year}",
        "kind": PledgeKind.NO_COUNTERFEIT,
        "branch": region,
        "partner": "Ban Chỉ đạo 389 tỉnh Bắc Ninh",
        "starts_on": starts,
        "ends_on": max(date(starts.year, 12, 31), ctx.today + timedelta(days=30)),
        "text_vi": PLEDGE_TEXT_VI,
        "text_en": PLEDGE_TEXT_EN,
        "target_signers": 350,
        "target_segment": Segment.objects.filter(code="trading").first(),
    }
    previous_start = ctx.today - timedelta(days=610)
    previous = {
        "name": f"Cam kết tuân thủ pháp luật hải quan {previous_start.year}",
        "kind": PledgeKind.COMPLIANCE,
        "branch": ctx.branches["KV05-TN"],
        "partner": "Hiệp hội Doanh nghiệp tỉnh Thái Nguyên",
        "starts_on": previous_start,
        "ends_on": previous_start + timedelta(days=150),
        "text_vi": COMPLIANCE_TEXT_VI,
        "target_signers": 60,
    }
    enterprises = ctx.pools["any"]
    trading = {e.pk for e in ctx.pools["trading"]}
    rng = random.Random(42)
    signers = [e for e in enterprises if (rng.random() < 0.9 if e.pk in trading else rng.random() < 0.6)]
    thai_nguyen = [e for e in enterprises if e.managing_branch.code == "KV05-TN" and rng.random() < 0.8]
    existing = set(PledgeCampaign.objects.filter(branch__in=ctx.branches.values()).values_list("branch", "name"))
    for fields, group, withdrawn, breached in ((current, signers, 2, 1), (previous, thai_nguyen, 1, 1)):
        if (fields["branch"].pk, fields["name"]) in existing:
            continue
        campaign = pledge_services.create_campaign(by=ctx.manager, **fields)
        ceremony = campaign.starts_on + timedelta(days=7)
        last = min(campaign.ends_on, ctx.today)
        span = (last - campaign.starts_on).days
        rows = []
        for number, enterprise in enumerate(group, start=1):
            day = ceremony if rng.random() < 0.55 else campaign.starts_on + timedelta(days=rng.randint(0, span))
            name, title = _signatory(enterprise)
            rows.append(
                {
                    "row": number,
                    "tax_code": enterprise.tax_code,
                    "signatory_name": name,
                    "signatory_title": title,
                    "signed_on": day,
                }
            )
        pledges = pledge_services.record_pledges(campaign=campaign, by=ctx.officer, rows=rows, today=ctx.today)
        for pledge in pledges[:withdrawn]:
            pledge_services.withdraw_pledge(
                pledge=pledge, by=ctx.officer, reason="Doanh nghiệp giải thể, chấm dứt hoạt động kinh doanh"
            )
        for pledge in pledges[withdrawn : withdrawn + breached]:
            pledge_services.mark_pledge_breached(
                pledge=pledge,
                by=ctx.officer,
                reference="QĐ 112/QĐ-XPHC",
                note="Kinh doanh hàng hóa giả mạo nhãn hiệu bị lực lượng quản lý thị trường xử phạt",
            )


# Programmes ------------------------------------------------------------------------------------------------------

PROGRAMMES = [
    {
        "code": "tuan-thu-tu-nguyen",
        "kind": ProgrammeKind.VOLUNTARY_COMPLIANCE,
        "name_vi": "Chương trình hỗ trợ doanh nghiệp tuân thủ tự nguyện pháp luật hải quan",
        "name_en": "Voluntary-compliance support programme",
        "description": "Doanh nghiệp ký biên bản ghi nhớ, tự đánh giá tuân thủ và được hải quan hỗ trợ nâng hạng.",
    },
    {
        "code": "doanh-nghiep-uu-tien",
        "kind": ProgrammeKind.AEO,
        "name_vi": "Chương trình doanh nghiệp ưu tiên (AEO)",
        "name_en": "Authorised economic operator (AEO) programme",
        "legal_basis": "Thông tư 72/2015/TT-BTC",
    },
]

# Enrolment plan per programme, in the order candidates are taken: (status, how many, days since the invitation,
# the levels an annual review may find, one tuple per year of membership; a lower level is better).
VC_PLAN = [
    ("active", 8, 420, [(2, 2, 3)]),
    ("exited", 2, 400, []),
    ("accepted", 3, 120, []),
    ("applied", 3, 60, []),
    ("invited", 4, 20, []),
    ("removed", 1, 200, []),
]
AEO_PLAN = [
    ("active", 3, 700, [(1,), (1, 1, 2)]),
    ("applied", 2, 90, []),
    ("active", 1, 500, [(1, 2)]),
    ("exited", 1, 600, []),
    ("accepted", 1, 150, []),
    ("invited", 3, 30, []),
    ("removed", 1, 300, []),
]
MOVES_TO = {"invited": 0, "applied": 1, "removed": 1, "accepted": 2, "active": 3, "exited": 3}


def _programmes(ctx: Context, vc_mou: Agreement | None) -> None:
    existing = {p.code: p for p in Programme.objects.all()}
    for fields in PROGRAMMES:
        if fields["code"] not in existing:
            existing[fields["code"]] = programme_services.save_programme(by=None, **fields)
    region = ctx.branches[REGION]
    vc, aeo = existing[PROGRAMMES[0]["code"]], existing[PROGRAMMES[1]["code"]]
    rng = random.Random(42)
    if vc_mou is not None and not vc.enrolments.filter(branch__path__startswith=region.path).exists():
        members = sorted(
            (p.enterprise for p in vc_mou.parties.select_related("enterprise") if p.enterprise),
            key=lambda e: e.tax_code,
        )
        others = [e for e in ctx.pools["vc"] if e not in members]
        _enrol(ctx, vc, VC_PLAN, members + rng.sample(others, k=min(len(others), 11)), rng, mou=vc_mou)
    if not aeo.enrolments.filter(branch__path__startswith=region.path).exists():
        fdi = ctx.pools["fdi"]
        recognised = [e for e in fdi if e.aeo_status == "recognised"]
        applicants = [e for e in fdi if e.aeo_status == "applicant"]
        level_two = [e for e in fdi if e.compliance_level == 2 and e.aeo_status == "none"]
        candidates = recognised[:3] + applicants[:2] + rng.sample(level_two, k=min(len(level_two), 10))
        _enrol(ctx, aeo, AEO_PLAN, list(dict.fromkeys(candidates)), rng, mou=None)


def _enrol(ctx: Context, programme: Programme, plan, candidates: list[Enterprise], rng, *, mou) -> None:
    queue = iter(candidates)
    moves = [
        (programme_services.mark_applied, ctx.officer),
        (programme_services.accept_enrolment, ctx.manager),
        (programme_services.activate_enrolment, ctx.officer),
    ]
    for status, count, invited_days, reviews in plan:
        for enterprise in itertools.islice(queue, count):
            invited = ctx.today - timedelta(days=invited_days + rng.randint(0, 20))
            enrolment = programme_services.enrol_enterprise(
                by=ctx.officer,
                programme=programme,
                enterprise=enterprise,
                invited_on=invited,
                cohort=f"Đợt {invited.year}",
                mou=mou if status in ("active", "exited") else None,
                target_level=1 if programme.kind == ProgrammeKind.AEO else 2,
                focal_officers=[ctx.officer] if ctx.officer else [],
            )
            day = invited
            for move, by in moves[: MOVES_TO[status]]:
                day = min(day + timedelta(days=10 + rng.randint(0, 15)), ctx.today)
                move(enrolment=enrolment, by=by, on=day)
            for year, levels in enumerate(reviews, start=1):
                programme_services.record_enrolment_review(
                    enrolment=enrolment,
                    by=ctx.officer,
                    reviewed_on=min(day + timedelta(days=365 * year - 30), ctx.today),
                    level=rng.choice(levels),
                    notes="Đánh giá mức độ tuân thủ hằng năm.",
                )
            if status == "exited":
                programme_services.exit_enrolment(
                    enrolment=enrolment,
                    by=ctx.officer,
                    reason="Doanh nghiệp đề nghị dừng tham gia do tái cơ cấu hoạt động sản xuất",
                    on=min(day + timedelta(days=200), ctx.today),
                )
            elif status == "removed":
                programme_services.remove_enrolment(
                    enrolment=enrolment,
                    by=ctx.manager,
                    reason="Không đáp ứng điều kiện về tuân thủ pháp luật hải quan",
                    on=min(day + timedelta(days=40), ctx.today),
                )


# Targets ---------------------------------------------------------------------------------------------------------

# (unit, metric, assigned, striving). Budget revenue in VND: Region V collects some 14,500 billion a year.
TARGETS = [
    ("KV05", Metric.AGREEMENTS_SIGNED, 70, 80),
    ("KV05", Metric.CONFERENCES_HELD, 12, 15),
    ("KV05", Metric.PLEDGES_COLLECTED, 350, 400),
    ("KV05", Metric.PROGRAMME_MEMBERS, 15, 20),
    ("KV05", Metric.ANSWERED_ON_TIME_PCT, 95, 100),
    ("KV05", Metric.SATISFACTION_PCT, 90, 95),
    ("KV05", Metric.BUDGET_REVENUE_VND, 14_500 * 10**9, 15_500 * 10**9),
    ("KV05", Metric.DECLARATIONS, 2_200_000, 2_400_000),
    ("KV05", Metric.TRADE_VALUE_USD, 165 * 10**9, 175 * 10**9),
    ("KV05-BN", Metric.AGREEMENTS_SIGNED, 20, 25),
    ("KV05-YP", Metric.AGREEMENTS_SIGNED, 20, 25),
    ("KV05-TN", Metric.AGREEMENTS_SIGNED, 10, 12),
    ("KV05-BN", Metric.BUDGET_REVENUE_VND, 6_200 * 10**9, 6_600 * 10**9),
    ("KV05-YP", Metric.BUDGET_REVENUE_VND, 5_100 * 10**9, 5_500 * 10**9),
    ("KV05-TN", Metric.BUDGET_REVENUE_VND, 2_400 * 10**9, 2_600 * 10**9),
]


def _targets(ctx: Context) -> None:
    year = ctx.today.year
    existing = set(Target.objects.filter(year=year).values_list("branch__code", "metric"))
    for code, metric, assigned, striving in TARGETS:
        if (code, metric) in existing or code not in ctx.branches:
            continue
        target_services.save_target(
            by=ctx.manager,
            branch=ctx.branches[code],
            year=year,
            metric=metric,
            assigned=Decimal(assigned),
            striving=Decimal(striving),
            doc_ref=f"Quyết định giao chỉ tiêu năm {year} của Cục Hải quan",
        )


# Monthly statistics -------------------------------------------------------------------------------------------

# Per office, a typical month: (revenue in billion VND, declarations, share of imports, trade in million USD,
# active enterprises). Bắc Ninh and Yên Phong clear the electronics parks, Thái Nguyên the Yên Bình/Sông Công ones.
STATISTIC_BASE = {
    "KV05-BN": (500, 70_000, 0.48, 3_000, 1_900),
    "KV05-YP": (410, 80_000, 0.45, 6_000, 1_100),
    "KV05-TN": (195, 30_000, 0.42, 5_000, 800),
}
STATISTIC_MONTHS = 18
SEASON = {1: 0.92, 2: 0.74, 3: 1.02, 4: 0.98, 5: 1.0, 6: 1.03, 7: 1.01, 8: 1.04, 9: 1.05, 10: 1.06, 11: 1.08, 12: 1.12}


def _statistics(ctx: Context) -> None:
    """The last 18 complete months of each office, entered at office level (so the region adds them up)."""
    rng = random.Random(7)
    first = add_months(ctx.today.replace(day=1), -STATISTIC_MONTHS)
    months = [add_months(first, i) for i in range(STATISTIC_MONTHS)]
    offices = [ctx.branches[code] for code in STATISTIC_BASE if code in ctx.branches]
    existing = set(
        MonthlyStatistic.objects.filter(branch__in=offices, month__gte=first).values_list("branch_id", "month")
    )
    for office in offices:
        revenue, declarations, import_share, trade, active = STATISTIC_BASE[office.code]
        for month in months:
            # Every factor is drawn whether or not the month exists, so a re-run gives the same figures.
            growth = 1 + 0.08 * (month.year - ctx.today.year) + 0.006 * month.month
            factor = SEASON[month.month] * growth * rng.uniform(0.94, 1.06)
            total = round(declarations * factor)
            imports = round(total * import_share)
            red = round(total * rng.uniform(0.05, 0.08))
            yellow = round(total * rng.uniform(0.28, 0.34))
            value = Decimal(trade * 10**6) * Decimal(str(round(factor * rng.uniform(0.97, 1.03), 4)))
            if (office.pk, month) in existing:
                continue
            statistic_services.save_monthly_statistic(
                by=ctx.manager,
                today=ctx.today,
                branch=office,
                month=month,
                budget_revenue_vnd=Decimal(round(revenue * factor, 1) * 10**9).quantize(Decimal(1)),
                declarations_import=imports,
                declarations_export=total - imports,
                channel_green=total - yellow - red,
                channel_yellow=yellow,
                channel_red=red,
                trade_import_usd=(value * Decimal(str(import_share + 0.04))).quantize(Decimal("0.01")),
                trade_export_usd=(value * Decimal(str(0.96 - import_share))).quantize(Decimal("0.01")),
                active_enterprises=round(active * (0.97 + 0.03 * factor)),
                note="Số liệu từ Hệ thống VNACCS/VCIS và Hệ thống kế toán thuế tập trung (dữ liệu minh họa)",
            )
