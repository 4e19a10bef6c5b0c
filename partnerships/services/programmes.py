"""Actions on programmes and enrolments: invite → apply → accept → active → exited/removed, and annual reviews."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm import access
from crm.errors import DomainError
from crm.models import Enterprise, StaffMembership
from crm.text import nfc
from partnerships.models import (
    ENROLMENT_ENDED,
    AgreementStatus,
    Enrolment,
    EnrolmentReview,
    EnrolmentStatus,
    LevelChange,
    Programme,
    ProgrammeKind,
)

E = EnrolmentStatus
CURRENT = (E.INVITED, E.APPLIED, E.ACCEPTED, E.ACTIVE)
# A membership starts only on an MoU that binds both sides now (not a suspended one).
MOU_USABLE = (AgreementStatus.SIGNED, AgreementStatus.ACTIVE, AgreementStatus.UNDER_REVIEW)


@dataclass(frozen=True)
class Move:
    sources: tuple[EnrolmentStatus, ...]
    target: EnrolmentStatus
    manager_only: bool = False


MOVES = {
    "apply": Move((E.INVITED,), E.APPLIED),
    "accept": Move((E.APPLIED,), E.ACCEPTED, manager_only=True),
    "activate": Move((E.ACCEPTED,), E.ACTIVE),
    "exit": Move(CURRENT, E.EXITED),
    "remove": Move(CURRENT, E.REMOVED, manager_only=True),
}
ACTION_LABELS = {
    "apply": gettext_lazy("marked as applied"),
    "accept": gettext_lazy("accepted"),
    "activate": gettext_lazy("activated"),
    "exit": gettext_lazy("exited"),
    "remove": gettext_lazy("removed"),
}
DATE_FIELD = {"apply": "applied_on", "accept": "accepted_on", "activate": "activated_on"}


def allowed_actions(enrolment: Enrolment, user) -> list[str]:
    return [
        name
        for name, move in MOVES.items()
        if enrolment.status in move.sources and (not move.manager_only or access.is_manager(user))
    ]


def _require_manager(by) -> None:
    if by is not None and not access.is_manager(by):
        raise PermissionDenied(_("Only a manager can do this."))


# --- Programmes --------------------------------------------------------------------------------------------------

PROGRAMME_TEXT_FIELDS = ("name_vi", "name_en", "legal_basis", "description")


@transaction.atomic
def save_programme(*, by, programme: Programme | None = None, **fields) -> Programme:
    """Create or change a programme. Programmes are shared by every unit, so only managers edit them."""
    _require_manager(by)
    for name in PROGRAMME_TEXT_FIELDS:
        if isinstance(fields.get(name), str):
            fields[name] = nfc(fields[name]).strip()
    if programme is None:
        programme = Programme(created_by=by)
    for name, value in fields.items():
        setattr(programme, name, value)
    programme.updated_by = by
    programme.full_clean()
    programme.save()
    return programme


# --- Enrolments --------------------------------------------------------------------------------------------------


def _check_focal_officers(by, officers) -> list:
    officers = list(officers or [])
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


def _check_mou(enrolment: Enrolment, by) -> None:
    mou = enrolment.mou
    if mou is None:
        return
    if by is not None and not access.can_use_branch(by, mou.branch):
        raise DomainError(_("This MoU belongs to a unit outside yours."), field="mou")
    if not mou.parties.filter(enterprise_id=enrolment.enterprise_id).exists():
        raise DomainError(_("The MoU must be signed with this enterprise."), field="mou")


@transaction.atomic
def enrol_enterprise(
    *,
    by,
    programme: Programme,
    enterprise: Enterprise,
    branch=None,
    focal_officers=(),
    invited_on: date | None = None,
    **fields,
) -> Enrolment:
    """Invite an enterprise into a programme. Its managing unit owns the enrolment unless `branch` says otherwise.

    The baseline compliance level defaults to the enterprise's current level.
    """
    if by is not None and not Enterprise.objects.visible_to(by).filter(pk=enterprise.pk).exists():
        raise DomainError(_("This enterprise is not managed by your units."), field="enterprise")
    branch = branch or enterprise.managing_branch
    if by is not None and not access.can_use_branch(by, branch):
        raise DomainError(_("You can only enrol enterprises into your own unit or the units under it."), field="branch")
    if Enrolment.objects.current().filter(programme=programme, enterprise=enterprise).exists():
        raise DomainError(_("This enterprise is already enrolled in this programme."), field="enterprise")
    fields.setdefault("baseline_level", enterprise.compliance_level)
    enrolment = Enrolment(
        programme=programme,
        enterprise=enterprise,
        branch=branch,
        invited_on=invited_on or timezone.localdate(),
        created_by=by,
        updated_by=by,
        **fields,
    )
    enrolment.current_level = enrolment.baseline_level
    if "cohort" in fields:
        enrolment.cohort = nfc(enrolment.cohort).strip()
    _check_mou(enrolment, by)
    enrolment.full_clean()
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError as exc:
        raise DomainError(_("This enterprise is already enrolled in this programme."), field="enterprise") from exc
    enrolment.focal_officers.set(_check_focal_officers(by, focal_officers))
    return enrolment


@transaction.atomic
def update_enrolment(*, enrolment: Enrolment, by, **fields) -> Enrolment:
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status in ENROLMENT_ENDED:
        raise DomainError(_("This enrolment has ended; its record can no longer change."))
    focal_officers = fields.pop("focal_officers", None)
    if "branch" in fields and by is not None and not access.can_use_branch(by, fields["branch"]):
        raise DomainError(_("You can only enrol enterprises into your own unit or the units under it."), field="branch")
    for name, value in fields.items():
        setattr(enrolment, name, nfc(value).strip() if isinstance(value, str) else value)
    _check_mou(enrolment, by)
    enrolment.updated_by = by
    enrolment.full_clean()
    enrolment.save()
    if focal_officers is not None:
        enrolment.focal_officers.set(_check_focal_officers(by, focal_officers))
    return enrolment


def _move(enrolment: Enrolment, action: str, *, by, on: date | None = None, reason: str = "") -> Enrolment:
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    move = MOVES[action]
    if move.manager_only:
        _require_manager(by)
    if enrolment.status not in move.sources:
        raise DomainError(
            _("An enrolment that is “%(status)s” cannot be %(action)s.")
            % {"status": enrolment.get_status_display(), "action": ACTION_LABELS[action]}
        )
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."), field="on")
    needs_mou = action == "activate" and enrolment.programme.kind == ProgrammeKind.VOLUNTARY_COMPLIANCE
    if needs_mou and (enrolment.mou is None or enrolment.mou.status not in MOU_USABLE):
        raise DomainError(_("Link the member's signed MoU before activating the membership."), field="mou")
    if action in ("exit", "remove"):
        reason = nfc(reason or "").strip()
        if not reason:
            raise DomainError(_("Give the reason."), field="reason")
        enrolment.status_reason, enrolment.ended_on = reason, on
    else:
        setattr(enrolment, DATE_FIELD[action], on)
    enrolment.status = move.target
    enrolment.updated_by = by
    enrolment.save()
    return enrolment


@transaction.atomic
def mark_applied(*, enrolment: Enrolment, by, on: date | None = None) -> Enrolment:
    return _move(enrolment, "apply", by=by, on=on)


@transaction.atomic
def accept_enrolment(*, enrolment: Enrolment, by, on: date | None = None) -> Enrolment:
    return _move(enrolment, "accept", by=by, on=on)


@transaction.atomic
def activate_enrolment(*, enrolment: Enrolment, by, on: date | None = None) -> Enrolment:
    return _move(enrolment, "activate", by=by, on=on)


@transaction.atomic
def exit_enrolment(*, enrolment: Enrolment, by, reason: str, on: date | None = None) -> Enrolment:
    return _move(enrolment, "exit", by=by, on=on, reason=reason)


@transaction.atomic
def remove_enrolment(*, enrolment: Enrolment, by, reason: str, on: date | None = None) -> Enrolment:
    return _move(enrolment, "remove", by=by, on=on, reason=reason)


def level_change(previous: int | None, level: int) -> str:
    """Compliance levels: a lower number is better, so going from 3 to 2 is "raised"."""
    if previous is None:
        return ""
    if level < previous:
        return LevelChange.RAISED
    if level > previous:
        return LevelChange.LOWERED
    return LevelChange.KEPT


@transaction.atomic
def record_enrolment_review(
    *, enrolment: Enrolment, by, reviewed_on: date, level: int, notes: str = ""
) -> EnrolmentReview:
    """The annual review of an active member: the level found now, compared with the last known level."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status != E.ACTIVE:
        raise DomainError(_("Only active members are reviewed."))
    if reviewed_on > timezone.localdate():
        raise DomainError(_("The review date cannot be in the future."), field="reviewed_on")
    if enrolment.activated_on and reviewed_on < enrolment.activated_on:
        raise DomainError(_("The review date cannot be before the membership started."), field="reviewed_on")
    previous = enrolment.current_level if enrolment.current_level is not None else enrolment.baseline_level
    review = EnrolmentReview(
        enrolment=enrolment,
        reviewed_on=reviewed_on,
        previous_level=previous,
        level=level,
        change=level_change(previous, level),
        notes=nfc(notes).strip(),
        created_by=by,
        updated_by=by,
    )
    review.full_clean()
    review.save()
    enrolment.current_level, enrolment.updated_by = level, by
    enrolment.save(update_fields=["current_level", "updated_by", "updated_at"])
    return review
