"""Actions on agreements: drafting, parties and commitments, every lifecycle move, reviews, documents, expiry.

Every status change goes through `_move`, which locks the row, checks the transition table and writes a history
event, so an illegal move raises DomainError and changes nothing.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm import access
from crm.dates import add_months
from crm.errors import DomainError
from crm.files import PDF, SCAN, check_document
from crm.models import Association, BranchKind, Enterprise, StaffMembership
from crm.text import nfc
from partnerships.models import (
    FINAL,
    IN_FORCE,
    PRE_SIGNATURE,
    Agreement,
    AgreementDocument,
    AgreementEvent,
    AgreementLevel,
    AgreementParty,
    AgreementReview,
    AgreementStatus,
    Commitment,
    CommitmentStatus,
    DocumentKind,
    ReviewedCommitment,
    ReviewOutcome,
    Succession,
)

S = AgreementStatus


@dataclass(frozen=True)
class Move:
    sources: tuple[AgreementStatus, ...]
    target: AgreementStatus | None  # None: the action records something without changing the status
    manager_only: bool = False
    system_only: bool = False  # only the scheduled scan makes this move; never offered to a user


# The lifecycle. Renewal and amendment create a successor; the predecessor becomes renewed/amended when it is signed.
MOVES: dict[str, Move] = {
    "submit": Move((S.DRAFT,), S.INTERNAL_REVIEW),
    "return_to_draft": Move((S.INTERNAL_REVIEW, S.NEGOTIATION, S.APPROVED), S.DRAFT),
    "negotiate": Move((S.INTERNAL_REVIEW,), S.NEGOTIATION),
    "approve": Move((S.NEGOTIATION,), S.APPROVED, manager_only=True),
    "sign": Move((S.APPROVED,), S.SIGNED),
    "activate": Move((S.SIGNED,), S.ACTIVE),
    "start_review": Move((S.ACTIVE,), S.UNDER_REVIEW),
    "record_review": Move((S.ACTIVE, S.UNDER_REVIEW), S.ACTIVE),
    "suspend": Move((S.ACTIVE, S.UNDER_REVIEW), S.SUSPENDED, manager_only=True),
    "resume": Move((S.SUSPENDED,), S.ACTIVE, manager_only=True),
    "renew": Move((S.SIGNED, S.ACTIVE, S.UNDER_REVIEW, S.SUSPENDED, S.EXPIRED), None),
    "amend": Move((S.SIGNED, S.ACTIVE, S.UNDER_REVIEW, S.SUSPENDED), None),
    "expire": Move(IN_FORCE, S.EXPIRED, system_only=True),
    "terminate": Move((*PRE_SIGNATURE, *IN_FORCE), S.TERMINATED, manager_only=True),
}

ACTION_LABELS = {
    "submit": gettext_lazy("submitted for internal review"),
    "return_to_draft": gettext_lazy("returned to draft"),
    "negotiate": gettext_lazy("sent for negotiation"),
    "approve": gettext_lazy("approved"),
    "sign": gettext_lazy("signed"),
    "activate": gettext_lazy("activated"),
    "start_review": gettext_lazy("put under review"),
    "record_review": gettext_lazy("reviewed"),
    "suspend": gettext_lazy("suspended"),
    "resume": gettext_lazy("resumed"),
    "renew": gettext_lazy("renewed"),
    "amend": gettext_lazy("amended"),
    "expire": gettext_lazy("expired"),
    "terminate": gettext_lazy("terminated"),
}

# Fields that may still change once the agreement is signed; its terms change only through an amendment.
IN_FORCE_EDITABLE = {"focal_officers", "next_review_on", "review_cycle_months"}
TEXT_FIELDS = ("doc_number", "title", "scope", "customs_signatory_name", "customs_signatory_title")
LEVEL_OF_BRANCH = {
    BranchKind.DEPARTMENT: AgreementLevel.DEPARTMENT,
    BranchKind.REGIONAL: AgreementLevel.REGIONAL,
}


def allowed_actions(agreement: Agreement, user) -> list[str]:
    """The lifecycle actions this user may take on this agreement now (for buttons and the API)."""
    return [
        name
        for name, move in MOVES.items()
        if agreement.status in move.sources
        and not move.system_only
        and (not move.manager_only or access.is_manager(user))
    ]


def _require_manager(by) -> None:
    if by is not None and not access.is_manager(by):
        raise PermissionDenied(_("Only a manager can do this."))


def _log(agreement: Agreement, *, by, action: str, from_status: str = "", to_status: str = "", note: str = ""):
    AgreementEvent.objects.create(
        agreement=agreement, by=by, action=action, from_status=from_status, to_status=to_status, note=note
    )


def _locked(agreement: Agreement) -> Agreement:
    """Re-read the agreement under a row lock, so two concurrent moves cannot both pass the status check."""
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def _check_move(agreement: Agreement, action: str, by) -> Move:
    move = MOVES[action]
    if move.manager_only:
        _require_manager(by)
    if agreement.status not in move.sources:
        raise DomainError(
            _("An agreement that is “%(status)s” cannot be %(action)s.")
            % {"status": agreement.get_status_display(), "action": ACTION_LABELS[action]}
        )
    return move


def _move(agreement: Agreement, action: str, *, by, note: str = "", today: date | None = None, **changes) -> Agreement:
    move = _check_move(agreement, action, by)
    previous = agreement.status
    if move.target is not None:
        agreement.status = move.target
        agreement.status_changed_on = today or timezone.localdate()
    for name, value in changes.items():
        setattr(agreement, name, value)
    agreement.updated_by = by
    agreement.save()
    _log(agreement, by=by, action=action, from_status=previous, to_status=agreement.status, note=note)
    return agreement


def _clean_text(fields: dict) -> None:
    for name in TEXT_FIELDS:
        if isinstance(fields.get(name), str):
            fields[name] = nfc(fields[name]).strip()


def _check_branch(by, branch) -> None:
    if by is not None and not access.can_use_branch(by, branch):
        raise DomainError(_("You can only record agreements of your own unit or the units under it."), field="branch")


def _check_doc_number(agreement: Agreement) -> None:
    if not agreement.doc_number:
        return
    clash = Agreement.objects.filter(branch=agreement.branch_id, doc_number=agreement.doc_number)
    if agreement.pk:
        clash = clash.exclude(pk=agreement.pk)
    if clash.exists():
        raise DomainError(
            _("Another agreement of this unit already has document number %(number)s.")
            % {"number": agreement.doc_number},
            field="doc_number",
        )


def _check_focal_officers(by, officers: Iterable) -> list:
    officers = list(officers)
    if by is None or not officers:
        return officers
    visible = set(
        access.scope_by_branch(StaffMembership.objects.all(), by, via="branch")
        .filter(user__in=officers, user__is_active=True)
        .values_list("user_id", flat=True)
    )
    if any(officer.pk not in visible for officer in officers):
        raise DomainError(
            _("Focal officers must be active staff of your own unit or the units under it."), field="focal_officers"
        )
    return officers


def _check_dates(agreement: Agreement) -> None:
    if agreement.effective_from and agreement.expires_on and agreement.expires_on <= agreement.effective_from:
        raise DomainError(_("The expiry date must be after the date the agreement takes effect."), field="expires_on")


@transaction.atomic
def create_agreement(*, by, branch, title: str, parties: list[dict] | None = None, focal_officers=(), **fields):
    """Start a draft agreement of `branch`, optionally with its parties (see set_parties)."""
    _check_branch(by, branch)
    _clean_text(fields)
    fields.setdefault("level", LEVEL_OF_BRANCH.get(branch.kind, AgreementLevel.OFFICE))
    agreement = Agreement(branch=branch, title=nfc(title).strip(), created_by=by, updated_by=by, **fields)
    _check_dates(agreement)
    _check_doc_number(agreement)
    agreement.full_clean()
    agreement.save()
    agreement.focal_officers.set(_check_focal_officers(by, focal_officers))
    _log(agreement, by=by, action="create", to_status=agreement.status)
    if parties:
        _replace_parties(agreement, by=by, parties=parties)
    return agreement


@transaction.atomic
def update_agreement(*, agreement: Agreement, by, **fields) -> Agreement:
    """Change the details of a draft (all fields) or of a signed agreement (focal officers and review dates only)."""
    agreement = _locked(agreement)
    if agreement.status in FINAL:
        raise DomainError(_("This agreement has ended; its record can no longer change."))
    _clean_text(fields)
    if agreement.status not in PRE_SIGNATURE:
        changed = {
            name
            for name, value in fields.items()
            if name not in IN_FORCE_EDITABLE and getattr(agreement, name, None) != value
        }
        if changed:
            raise DomainError(
                _("The agreement is signed; its terms change only through an amendment (fields: %(fields)s).")
                % {"fields": ", ".join(sorted(changed))}
            )
    focal_officers = fields.pop("focal_officers", None)
    if "branch" in fields:
        _check_branch(by, fields["branch"])
    for name, value in fields.items():
        setattr(agreement, name, value)
    _check_dates(agreement)
    _check_doc_number(agreement)
    agreement.updated_by = by
    agreement.full_clean()
    agreement.save()
    if focal_officers is not None:
        agreement.focal_officers.set(_check_focal_officers(by, focal_officers))
    _log(agreement, by=by, action="edit")
    return agreement


def _replace_parties(agreement: Agreement, *, by, parties: list[dict]) -> None:
    seen_enterprises, seen_associations, rows = set(), set(), []
    visible = Enterprise.objects.visible_to(by) if by is not None else Enterprise.objects.all()
    for party in parties:
        enterprise, association = party.get("enterprise"), party.get("association")
        if bool(enterprise) == bool(association):
            raise DomainError(_("Each party is either an enterprise or an association."), field="parties")
        if enterprise is not None:
            if enterprise.pk in seen_enterprises:
                raise DomainError(_("%(party)s is listed twice.") % {"party": enterprise}, field="parties")
            seen_enterprises.add(enterprise.pk)
        else:
            if association.pk in seen_associations:
                raise DomainError(_("%(party)s is listed twice.") % {"party": association}, field="parties")
            seen_associations.add(association.pk)
        rows.append(
            AgreementParty(
                agreement=agreement,
                enterprise=enterprise,
                association=association,
                signatory_name=nfc(party.get("signatory_name") or "").strip(),
                signatory_title=nfc(party.get("signatory_title") or "").strip(),
            )
        )
    if seen_enterprises and visible.filter(pk__in=seen_enterprises).count() != len(seen_enterprises):
        raise DomainError(_("One of the enterprises is not managed by your units."), field="parties")
    if seen_associations and Association.objects.filter(pk__in=seen_associations).count() != len(seen_associations):
        raise DomainError(_("One of the associations does not exist."), field="parties")
    agreement.parties.all().delete()
    AgreementParty.objects.bulk_create(rows)


@transaction.atomic
def set_parties(*, agreement: Agreement, by, parties: list[dict]) -> Agreement:
    """Replace the parties of an agreement that is not yet signed.

    `parties` is a list of {"enterprise": Enterprise | None, "association": Association | None,
    "signatory_name": str, "signatory_title": str}; enterprises must be visible to `by`.
    """
    agreement = _locked(agreement)
    if agreement.status not in PRE_SIGNATURE:
        raise DomainError(_("The parties of a signed agreement cannot change; record an amendment instead."))
    _replace_parties(agreement, by=by, parties=parties)
    _log(
        agreement,
        by=by,
        action="parties",
        note=", ".join(str(p.get("enterprise") or p.get("association")) for p in parties),
    )
    return agreement


# --- Commitments -------------------------------------------------------------------------------------------------


@transaction.atomic
def add_commitment(*, agreement: Agreement, by, side: str, text: str, number: int | None = None, **fields):
    agreement = _locked(agreement)
    if agreement.status not in PRE_SIGNATURE:
        raise DomainError(_("Commitments of a signed agreement cannot change; record an amendment instead."))
    if number is None:
        last = agreement.commitments.order_by("-number").values_list("number", flat=True).first()
        number = (last or 0) + 1
    elif agreement.commitments.filter(number=number).exists():
        raise DomainError(_("Clause %(number)s already exists.") % {"number": number}, field="number")
    commitment = Commitment(
        agreement=agreement, number=number, side=side, text=nfc(text).strip(), created_by=by, updated_by=by, **fields
    )
    commitment.full_clean()
    commitment.save()
    return commitment


@transaction.atomic
def update_commitment(*, commitment: Commitment, by, **fields) -> Commitment:
    agreement = _locked(commitment.agreement)
    if agreement.status not in PRE_SIGNATURE:
        raise DomainError(_("Commitments of a signed agreement cannot change; record an amendment instead."))
    number = fields.get("number")
    if number is not None and number != commitment.number and agreement.commitments.filter(number=number).exists():
        raise DomainError(_("Clause %(number)s already exists.") % {"number": number}, field="number")
    for name, value in fields.items():
        setattr(commitment, name, nfc(value).strip() if name == "text" else value)
    commitment.updated_by = by
    commitment.full_clean()
    commitment.save()
    return commitment


@transaction.atomic
def remove_commitment(*, commitment: Commitment, by) -> None:
    agreement = _locked(commitment.agreement)
    if agreement.status not in PRE_SIGNATURE:
        raise DomainError(_("Commitments of a signed agreement cannot change; record an amendment instead."))
    commitment.delete()


@transaction.atomic
def set_commitment_status(*, commitment: Commitment, by, status: str, note: str = "") -> Commitment:
    """Flag a commitment between reviews (e.g. at risk). Only while the agreement is in force."""
    agreement = _locked(commitment.agreement)
    if agreement.status not in IN_FORCE:
        raise DomainError(_("Commitment statuses are tracked only while the agreement is in force."))
    _check_commitment_status(status, field="status")
    previous = commitment.status
    commitment.status = CommitmentStatus(status)
    commitment.updated_by = by
    commitment.save(update_fields=["status", "updated_by", "updated_at"])
    _log(
        agreement,
        by=by,
        action="commitment",
        note=f"{commitment.number}: {CommitmentStatus(previous).label} → {commitment.get_status_display()}"
        + (f" – {note}" if note else ""),
    )
    return commitment


# --- Lifecycle ---------------------------------------------------------------------------------------------------


@transaction.atomic
def submit_for_review(*, agreement: Agreement, by, note: str = "") -> Agreement:
    agreement = _locked(agreement)
    _check_move(agreement, "submit", by)
    if not agreement.parties.exists():
        raise DomainError(_("Add at least one party before submitting the agreement."))
    return _move(agreement, "submit", by=by, note=note)


@transaction.atomic
def return_to_draft(*, agreement: Agreement, by, note: str = "") -> Agreement:
    return _move(_locked(agreement), "return_to_draft", by=by, note=note)


@transaction.atomic
def start_negotiation(*, agreement: Agreement, by, note: str = "") -> Agreement:
    return _move(_locked(agreement), "negotiate", by=by, note=note)


@transaction.atomic
def approve_agreement(*, agreement: Agreement, by, note: str = "") -> Agreement:
    return _move(_locked(agreement), "approve", by=by, note=note)


@transaction.atomic
def sign_agreement(
    *,
    agreement: Agreement,
    by,
    signed_on: date,
    effective_from: date | None = None,
    expires_on: date | None = None,
    note: str = "",
    today: date | None = None,
) -> Agreement:
    """Record the signature. Needs a document number, a customs signatory, parties with their signatories.

    If the agreement renews or amends another, that one becomes renewed/amended now, in the same transaction.
    """
    today = today or timezone.localdate()
    agreement = _locked(agreement)
    _check_move(agreement, "sign", by)
    if signed_on > today:
        raise DomainError(_("The signing date cannot be in the future."), field="signed_on")
    if not agreement.doc_number:
        raise DomainError(
            _("Give the agreement its document number before recording the signature."), field="doc_number"
        )
    if not agreement.customs_signatory_name:
        raise DomainError(
            _("Name the customs signatory before recording the signature."), field="customs_signatory_name"
        )
    parties = list(agreement.parties.order_by("pk"))
    if not parties:
        raise DomainError(_("An agreement needs at least one party to be signed."))
    unsigned = [str(party) for party in parties if not party.signatory_name]
    if unsigned:
        raise DomainError(_("Name the signatory of %(parties)s.") % {"parties": "; ".join(unsigned)})
    effective_from = effective_from or agreement.effective_from or signed_on
    if effective_from < signed_on:
        raise DomainError(_("An agreement cannot take effect before it is signed."), field="effective_from")
    expires_on = expires_on or agreement.expires_on
    if expires_on is not None and expires_on <= effective_from:
        raise DomainError(_("The expiry date must be after the date the agreement takes effect."), field="expires_on")
    next_review = agreement.next_review_on or add_months(effective_from, agreement.review_cycle_months)
    _move(
        agreement,
        "sign",
        by=by,
        note=note,
        today=today,
        signed_on=signed_on,
        effective_from=effective_from,
        expires_on=expires_on,
        next_review_on=next_review,
    )
    predecessor = agreement.predecessor
    if predecessor is not None:
        predecessor = _locked(predecessor)
        if predecessor.status in (*IN_FORCE, S.EXPIRED):
            final = S.RENEWED if agreement.succession == Succession.RENEWAL else S.AMENDED
            previous = predecessor.status
            predecessor.status, predecessor.status_changed_on, predecessor.updated_by = final, today, by
            predecessor.save()
            _log(
                predecessor,
                by=by,
                action="renew" if final == S.RENEWED else "amend",
                from_status=previous,
                to_status=final,
                note=_("Replaced by %(agreement)s") % {"agreement": agreement},
            )
    return agreement


@transaction.atomic
def activate_agreement(*, agreement: Agreement, by, today: date | None = None) -> Agreement:
    today = today or timezone.localdate()
    agreement = _locked(agreement)
    _check_move(agreement, "activate", by)
    if agreement.effective_from and agreement.effective_from > today:
        raise DomainError(
            _("The agreement takes effect on %(date)s; it becomes active then.")
            % {"date": agreement.effective_from.strftime("%d/%m/%Y")}
        )
    return _move(agreement, "activate", by=by, today=today)


@transaction.atomic
def start_review(*, agreement: Agreement, by, note: str = "") -> Agreement:
    return _move(_locked(agreement), "start_review", by=by, note=note)


@transaction.atomic
def record_review(
    *,
    agreement: Agreement,
    by,
    reviewed_on: date,
    outcome: str,
    notes: str = "",
    statuses: dict[int, str] | None = None,
    today: date | None = None,
) -> AgreementReview:
    """Record a periodic review: set the commitments' statuses, keep a snapshot, schedule the next review.

    `statuses` maps commitment ids of this agreement to a CommitmentStatus; commitments left out keep theirs.
    The agreement returns to active (from under review).
    """
    today = today or timezone.localdate()
    agreement = _locked(agreement)
    _check_move(agreement, "record_review", by)
    if reviewed_on > today:
        raise DomainError(_("The review date cannot be in the future."), field="reviewed_on")
    if agreement.signed_on and reviewed_on < agreement.signed_on:
        raise DomainError(_("The review date cannot be before the signing date."), field="reviewed_on")
    if outcome not in ReviewOutcome.values:
        raise DomainError(_("Choose the outcome of the review."), field="outcome")
    commitments = {c.pk: c for c in agreement.commitments.all()}
    statuses = statuses or {}
    for status in statuses.values():
        _check_commitment_status(status, field="statuses")
    foreign = set(statuses) - set(commitments)
    if foreign:
        raise DomainError(_("Some commitments do not belong to this agreement."), field="statuses")
    for pk, status in statuses.items():
        commitment = commitments[pk]
        if commitment.status != status:
            commitment.status = CommitmentStatus(status)
            commitment.updated_by = by
            commitment.save(update_fields=["status", "updated_by", "updated_at"])
    review = AgreementReview.objects.create(
        agreement=agreement,
        reviewed_on=reviewed_on,
        outcome=outcome,
        notes=nfc(notes).strip(),
        created_by=by,
        updated_by=by,
    )
    ReviewedCommitment.objects.bulk_create(
        ReviewedCommitment(review=review, commitment=c, status=c.status) for c in commitments.values()
    )
    _move(
        agreement,
        "record_review",
        by=by,
        today=today,
        note=review.get_outcome_display(),
        next_review_on=add_months(reviewed_on, agreement.review_cycle_months),
    )
    return review


def _check_commitment_status(status, *, field: str) -> None:
    if status not in CommitmentStatus.values:
        raise DomainError(
            _("“%(status)s” is not a commitment status; use one of: %(choices)s.")
            % {"status": status, "choices": ", ".join(CommitmentStatus.values)},
            field=field,
        )


def _require_reason(reason: str) -> str:
    reason = nfc(reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason."), field="reason")
    return reason


@transaction.atomic
def suspend_agreement(*, agreement: Agreement, by, reason: str) -> Agreement:
    agreement = _locked(agreement)
    _check_move(agreement, "suspend", by)
    reason = _require_reason(reason)
    return _move(agreement, "suspend", by=by, note=reason, status_reason=reason)


@transaction.atomic
def resume_agreement(*, agreement: Agreement, by, note: str = "") -> Agreement:
    return _move(_locked(agreement), "resume", by=by, note=note, status_reason="")


@transaction.atomic
def terminate_agreement(*, agreement: Agreement, by, reason: str, today: date | None = None) -> Agreement:
    agreement = _locked(agreement)
    _check_move(agreement, "terminate", by)
    reason = _require_reason(reason)
    return _move(agreement, "terminate", by=by, note=reason, today=today, status_reason=reason)


def _open_successor(agreement: Agreement) -> Agreement | None:
    return agreement.successors.filter(status__in=PRE_SIGNATURE).first()


@transaction.atomic
def _succeed(*, agreement: Agreement, by, action: str, succession: Succession, title: str = "", note: str = ""):
    agreement = _locked(agreement)
    _check_move(agreement, action, by)
    pending = _open_successor(agreement)
    if pending is not None:
        raise DomainError(
            _("A successor of this agreement is already being prepared (%(agreement)s).") % {"agreement": pending}
        )
    successor = Agreement.objects.create(
        title=nfc(title).strip() or agreement.title,
        kind=agreement.kind,
        level=agreement.level,
        branch=agreement.branch,
        scope=agreement.scope,
        customs_signatory_name=agreement.customs_signatory_name,
        customs_signatory_title=agreement.customs_signatory_title,
        review_cycle_months=agreement.review_cycle_months,
        predecessor=agreement,
        succession=succession,
        created_by=by,
        updated_by=by,
    )
    successor.focal_officers.set(agreement.focal_officers.all())
    AgreementParty.objects.bulk_create(
        AgreementParty(
            agreement=successor,
            enterprise_id=party.enterprise_id,
            association_id=party.association_id,
            signatory_name=party.signatory_name,
            signatory_title=party.signatory_title,
        )
        for party in agreement.parties.order_by("pk")
    )
    Commitment.objects.bulk_create(
        Commitment(
            agreement=successor,
            number=c.number,
            side=c.side,
            text=c.text,
            indicator=c.indicator,
            due_on=None,
            created_by=by,
            updated_by=by,
        )
        for c in agreement.commitments.all()
    )
    _log(
        successor, by=by, action="create", to_status=successor.status, note=_("Prepared from %(a)s") % {"a": agreement}
    )
    _log(agreement, by=by, action=action, note=note or _("Successor drafted: %(a)s") % {"a": successor})
    return successor


def renew_agreement(*, agreement: Agreement, by, title: str = "", note: str = "") -> Agreement:
    """Draft the renewal: a new agreement linked to this one, with its parties and commitments copied.

    This agreement stays in force until the renewal is signed, then becomes "renewed".
    """
    return _succeed(agreement=agreement, by=by, action="renew", succession=Succession.RENEWAL, title=title, note=note)


def amend_agreement(*, agreement: Agreement, by, title: str = "", note: str = "") -> Agreement:
    """Draft an amended version; this agreement becomes "amended" when the new version is signed."""
    return _succeed(agreement=agreement, by=by, action="amend", succession=Succession.AMENDMENT, title=title, note=note)


# --- Documents ---------------------------------------------------------------------------------------------------


@transaction.atomic
def add_document(*, agreement: Agreement, by, file, kind: str = DocumentKind.OTHER, title: str = ""):
    """Attach a document. The signed scan must be a PDF; other documents may also be JPEG or PNG scans."""
    check_document(file, kinds=PDF if kind == DocumentKind.SIGNED_SCAN else SCAN)
    document = AgreementDocument.objects.create(
        agreement=agreement,
        kind=kind,
        title=nfc(title).strip(),
        file=file,
        size=file.size,
        created_by=by,
        updated_by=by,
    )
    _log(agreement, by=by, action="document", note=document.title or document.get_kind_display())
    return document


# --- Scheduled moves ---------------------------------------------------------------------------------------------


def expire_due_agreements(*, today: date | None = None, batch: int = 500) -> int:
    """Expire every agreement in force whose expiry date has passed. Idempotent; safe to run concurrently."""
    today = today or timezone.localdate()
    done = 0
    ids = list(
        Agreement.objects.filter(status__in=IN_FORCE, expires_on__lt=today).order_by("pk").values_list("pk", flat=True)
    )
    for start in range(0, len(ids), batch):
        for pk in ids[start : start + batch]:
            with transaction.atomic():
                agreement = Agreement.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
                if agreement is None or agreement.status not in IN_FORCE or not agreement.expires_on:
                    continue
                if agreement.expires_on >= today:
                    continue
                _move(agreement, "expire", by=None, today=today, note=_("Expiry date passed"))
                done += 1
    return done


def activate_due_agreements(*, today: date | None = None) -> int:
    """Activate signed agreements whose effective date has come. Idempotent."""
    today = today or timezone.localdate()
    done = 0
    for pk in Agreement.objects.filter(status=S.SIGNED, effective_from__lte=today).values_list("pk", flat=True):
        with transaction.atomic():
            agreement = Agreement.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if agreement is None or agreement.status != S.SIGNED:
                continue
            _move(agreement, "activate", by=None, today=today)
            done += 1
    return done
