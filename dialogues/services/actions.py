"""Actions on follow-up actions: create from a source, start, log progress, complete with evidence, cancel, refer."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm import access
from crm.errors import DomainError
from crm.files import SCAN, check_document
from crm.models import Enterprise, StaffMembership
from crm.text import nfc
from dialogues.models import ActionProgress, ActionStatus, FollowUpAction, OwnerSide

A = ActionStatus


@dataclass(frozen=True)
class Move:
    sources: tuple[ActionStatus, ...]
    target: ActionStatus


MOVES = {
    "start": Move((A.OPEN,), A.IN_PROGRESS),
    "complete": Move((A.OPEN, A.IN_PROGRESS), A.DONE),
    "cancel": Move((A.OPEN, A.IN_PROGRESS), A.CANCELLED),
    "refer": Move((A.OPEN, A.IN_PROGRESS), A.REFERRED),
}
ACTION_LABELS = {
    "start": gettext_lazy("started"),
    "complete": gettext_lazy("completed"),
    "cancel": gettext_lazy("cancelled"),
    "refer": gettext_lazy("referred"),
    "progress": gettext_lazy("updated"),
}


def allowed_actions(action: FollowUpAction) -> list[str]:
    return [name for name, move in MOVES.items() if action.status in move.sources]


def _check_owner(by, *, branch, owner_side, owner, owner_enterprise) -> None:
    if by is not None and not access.can_use_branch(by, branch):
        raise DomainError(_("You can only give actions to your own unit or the units under it."), field="branch")
    if owner_side == OwnerSide.BUSINESS:
        if owner_enterprise is None:
            raise DomainError(_("Choose the enterprise responsible for this action."), field="owner_enterprise")
        if by is not None and not Enterprise.objects.visible_to(by).filter(pk=owner_enterprise.pk).exists():
            raise DomainError(_("This enterprise is not managed by your units."), field="owner_enterprise")
    elif owner_enterprise is not None:
        raise DomainError(_("A customs-side action has no responsible enterprise."), field="owner_enterprise")
    if owner is not None:
        in_unit = StaffMembership.objects.filter(
            user=owner, user__is_active=True, branch__path__startswith=branch.path
        ).exists()
        if not in_unit:
            raise DomainError(_("The responsible officer must work in the responsible unit."), field="owner")


@transaction.atomic
def create_action(
    *,
    by,
    type: str,
    title: str,
    due_on: date,
    branch=None,
    conference=None,
    agreement_review=None,
    question=None,
    owner_side: str = OwnerSide.CUSTOMS,
    owner=None,
    owner_enterprise=None,
    description: str = "",
    is_public: bool = False,
) -> FollowUpAction:
    """An action from exactly one source. The responsible unit defaults to the source's unit."""
    sources = [source for source in (conference, agreement_review, question) if source is not None]
    if len(sources) != 1:
        raise DomainError(_("An action comes from exactly one conference, agreement review or question."))
    if conference is not None:
        source_branch = conference.branch
    elif agreement_review is not None:
        source_branch = agreement_review.agreement.branch
    else:
        source_branch = question.branch
    branch = branch or source_branch
    _check_owner(by, branch=branch, owner_side=owner_side, owner=owner, owner_enterprise=owner_enterprise)
    action = FollowUpAction(
        conference=conference,
        agreement_review=agreement_review,
        question=question,
        type=type,
        title=nfc(title).strip(),
        description=nfc(description).strip(),
        branch=branch,
        owner_side=owner_side,
        owner=owner,
        owner_enterprise=owner_enterprise,
        due_on=due_on,
        is_public=is_public,
        created_by=by,
        updated_by=by,
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def update_action(*, action: FollowUpAction, by, **fields) -> FollowUpAction:
    action = FollowUpAction.objects.select_for_update().get(pk=action.pk)
    if action.status not in (A.OPEN, A.IN_PROGRESS):
        raise DomainError(_("This action is settled; its details can no longer change."))
    for name, value in fields.items():
        setattr(action, name, nfc(value).strip() if isinstance(value, str) else value)
    _check_owner(
        by,
        branch=action.branch,
        owner_side=action.owner_side,
        owner=action.owner,
        owner_enterprise=action.owner_enterprise,
    )
    action.updated_by = by
    action.full_clean()
    action.save()
    return action


def _move(action: FollowUpAction, name: str, *, by, note: str = "", **changes) -> FollowUpAction:
    move = MOVES[name]
    if action.status not in move.sources:
        raise DomainError(
            _("An action that is “%(status)s” cannot be %(action)s.")
            % {"status": action.get_status_display(), "action": ACTION_LABELS[name]}
        )
    action.status = move.target
    for field, value in changes.items():
        setattr(action, field, value)
    action.updated_by = by
    action.save()
    ActionProgress.objects.create(action=action, by=by, progress=action.progress, status=action.status, note=note)
    return action


def _lock(action: FollowUpAction) -> FollowUpAction:
    return FollowUpAction.objects.select_for_update().get(pk=action.pk)


@transaction.atomic
def start_action(*, action: FollowUpAction, by, note: str = "") -> FollowUpAction:
    return _move(_lock(action), "start", by=by, note=nfc(note).strip())


@transaction.atomic
def log_progress(*, action: FollowUpAction, by, progress: int, note: str = "") -> FollowUpAction:
    """Record progress (0–99%; 100% is reached by completing with evidence). Starts an open action."""
    action = _lock(action)
    if action.status not in (A.OPEN, A.IN_PROGRESS):
        raise DomainError(
            _("An action that is “%(status)s” cannot be %(action)s.")
            % {"status": action.get_status_display(), "action": ACTION_LABELS["progress"]}
        )
    if not 0 <= int(progress) <= 99:
        raise DomainError(_("Progress is a percentage below 100; complete the action to reach 100%."), field="progress")
    note = nfc(note or "").strip()
    if not note:
        raise DomainError(_("Say what was done."), field="note")
    action.progress, action.updated_by = int(progress), by
    if action.status == A.OPEN:
        action.status = A.IN_PROGRESS
    action.save()
    ActionProgress.objects.create(action=action, by=by, progress=action.progress, status=action.status, note=note)
    return action


@transaction.atomic
def complete_action(
    *, action: FollowUpAction, by, evidence_note: str = "", evidence_file=None, completed_on: date | None = None
) -> FollowUpAction:
    """Done needs evidence: a note saying what was delivered and/or a file (PDF, JPEG or PNG)."""
    action = _lock(action)
    evidence_note = nfc(evidence_note or "").strip()
    if not evidence_note and not evidence_file:
        raise DomainError(_("Give the evidence: what was delivered, or attach the document."), field="evidence_note")
    if evidence_file:
        check_document(evidence_file, kinds=SCAN, field="evidence_file")
    completed_on = completed_on or timezone.localdate()
    if completed_on > timezone.localdate():
        raise DomainError(_("The completion date cannot be in the future."), field="completed_on")
    return _move(
        action,
        "complete",
        by=by,
        note=evidence_note,
        progress=100,
        evidence_note=evidence_note,
        evidence_file=evidence_file or "",
        completed_on=completed_on,
    )


@transaction.atomic
def cancel_action(*, action: FollowUpAction, by, reason: str) -> FollowUpAction:
    action = _lock(action)
    reason = nfc(reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason."), field="reason")
    return _move(action, "cancel", by=by, note=reason, status_reason=reason)


@transaction.atomic
def refer_action(*, action: FollowUpAction, by, referred_to: str, reason: str = "") -> FollowUpAction:
    """Hand the action to another body (e.g. the Customs Department or a ministry); it leaves the unit's open list."""
    action = _lock(action)
    referred_to = nfc(referred_to or "").strip()
    if not referred_to:
        raise DomainError(_("Name the body the action is referred to."), field="referred_to")
    return _move(action, "refer", by=by, note=reason, referred_to=referred_to, status_reason=nfc(reason or "").strip())
