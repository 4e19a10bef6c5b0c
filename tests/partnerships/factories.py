"""Agreements in any lifecycle status, built through the services exactly as a user would move them.

`make_agreement(branch=…, status=…)` drafts an agreement with one party and two commitments and walks it along the
usual path. Moves are made by `by` (default None, the system, which passes every role check); pass a manager when
the path includes a manager-only move and the events must name a person.
"""

import itertools
from datetime import date, timedelta

from django.utils import timezone

from crm.models import Association, Branch, Enterprise
from partnerships.models import Agreement, AgreementStatus, CommitmentSide
from partnerships.services import agreements as services
from tests import factories

S = AgreementStatus
_numbers = itertools.count(1)


def party(
    target: Enterprise | Association, *, signatory_name: str = "Nguyễn Văn An", signatory_title: str = "Giám đốc"
) -> dict:
    """A party dict as set_parties expects it, for an enterprise or an association."""
    key = "association" if isinstance(target, Association) else "enterprise"
    return {key: target, "signatory_name": signatory_name, "signatory_title": signatory_title}


def make_draft(
    *,
    branch: Branch,
    by=None,
    parties: list | None = None,
    commitments=(CommitmentSide.CUSTOMS, CommitmentSide.BUSINESS),
    title: str = "Thỏa thuận hợp tác Hải quan – Doanh nghiệp",
    **fields,
) -> Agreement:
    """A draft ready to be signed: document number, customs signatory, parties with signatories, commitments.

    `parties` lists enterprises/associations (or party dicts); default: one new enterprise of `branch`.
    """
    if parties is None:
        parties = [factories.make_enterprise(managing_branch=branch)]
    fields.setdefault("doc_number", f"{next(_numbers):03d}/TTHT-{branch.code}")
    fields.setdefault("customs_signatory_name", "Trần Văn Dũng")
    fields.setdefault("customs_signatory_title", "Chi cục trưởng")
    agreement = services.create_agreement(
        by=by,
        branch=branch,
        title=title,
        parties=[p if isinstance(p, dict) else party(p) for p in parties],
        **fields,
    )
    for side in commitments:
        services.add_commitment(agreement=agreement, by=by, side=side, text=f"Cam kết của bên {side}")
    return agreement


def _sign(agreement, by, dates):
    return services.sign_agreement(agreement=agreement, by=by, **dates)


def _expire(agreement, by, dates):
    services.expire_due_agreements(today=agreement.expires_on + timedelta(days=1))


def _succeed(final: AgreementStatus):
    def step(agreement, by, dates):
        draft = (services.renew_agreement if final == S.RENEWED else services.amend_agreement)(
            agreement=agreement, by=by
        )
        services.update_agreement(agreement=draft, by=by, doc_number=f"{next(_numbers):03d}/TTHT-{draft.branch.code}")
        advance(draft, to=S.SIGNED, by=by, signed_on=timezone.localdate())

    return step


# status → (the status it is reached from, the move). Every status of the lifecycle is reachable from a draft.
STEPS = {
    S.INTERNAL_REVIEW: (S.DRAFT, lambda a, by, d: services.submit_for_review(agreement=a, by=by)),
    S.NEGOTIATION: (S.INTERNAL_REVIEW, lambda a, by, d: services.start_negotiation(agreement=a, by=by)),
    S.APPROVED: (S.NEGOTIATION, lambda a, by, d: services.approve_agreement(agreement=a, by=by)),
    S.SIGNED: (S.APPROVED, _sign),
    S.ACTIVE: (S.SIGNED, lambda a, by, d: services.activate_agreement(agreement=a, by=by)),
    S.UNDER_REVIEW: (S.ACTIVE, lambda a, by, d: services.start_review(agreement=a, by=by)),
    S.SUSPENDED: (S.ACTIVE, lambda a, by, d: services.suspend_agreement(agreement=a, by=by, reason="Tạm dừng")),
    S.TERMINATED: (S.ACTIVE, lambda a, by, d: services.terminate_agreement(agreement=a, by=by, reason="Chấm dứt")),
    S.EXPIRED: (S.ACTIVE, _expire),
    S.RENEWED: (S.ACTIVE, _succeed(S.RENEWED)),
    S.AMENDED: (S.ACTIVE, _succeed(S.AMENDED)),
}


def advance(
    agreement: Agreement,
    *,
    to: AgreementStatus,
    by=None,
    signed_on: date | None = None,
    effective_from: date | None = None,
    expires_on: date | None = None,
) -> Agreement:
    """Walk `agreement` from its status to `to` along STEPS; the dates are those given to sign_agreement.

    Expiring runs expire_due_agreements (as the nightly task would), which expires every agreement then due.
    """
    agreement.refresh_from_db()
    if agreement.status == to:
        return agreement
    source, step = STEPS[to]
    advance(agreement, to=source, by=by, signed_on=signed_on, effective_from=effective_from, expires_on=expires_on)
    dates = {"signed_on": signed_on or timezone.localdate() - timedelta(days=30)}
    dates.update(
        {name: value for name, value in (("effective_from", effective_from), ("expires_on", expires_on)) if value}
    )
    step(agreement, by, dates)
    agreement.refresh_from_db()
    return agreement


def make_agreement(
    *,
    branch: Branch,
    status: AgreementStatus = S.DRAFT,
    by=None,
    signed_on: date | None = None,
    effective_from: date | None = None,
    expires_on: date | None = None,
    **draft,
) -> Agreement:
    """An agreement in `status` (see make_draft for `draft`). Signed 30 days ago and open-ended unless dates are given;
    an expired one is signed three years ago and expired yesterday. Renewed/amended ones have a signed successor
    (`agreement.successors.get()`).
    """
    if status == S.EXPIRED and signed_on is None:
        today = timezone.localdate()
        signed_on, expires_on = today - timedelta(days=3 * 365), expires_on or today - timedelta(days=1)
    agreement = make_draft(branch=branch, by=by, **draft)
    return advance(
        agreement, to=status, by=by, signed_on=signed_on, effective_from=effective_from, expires_on=expires_on
    )
