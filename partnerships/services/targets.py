"""Setting yearly targets per unit and metric."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from crm import access
from crm.errors import DomainError
from crm.text import nfc
from partnerships.models import PERCENT_METRICS, Target


def _check(by, target: Target) -> None:
    if by is not None and not access.is_manager(by):
        raise PermissionDenied(_("Only a manager can set targets."))
    if by is not None and not access.can_use_branch(by, target.branch):
        raise DomainError(_("You can only set targets for your own unit or the units under it."), field="branch")
    if target.year is not None and not 2000 <= int(target.year) <= 2100:
        raise DomainError(_("Give a year between 2000 and 2100."), field="year")
    for name in ("assigned", "striving"):
        value = getattr(target, name)
        if value is not None and Decimal(value) < 0 and target.metric not in PERCENT_METRICS:
            raise DomainError(_("A target cannot be negative."), field=name)
    if target.metric in PERCENT_METRICS:
        for name in ("assigned", "striving"):
            value = getattr(target, name)
            if value is not None and not Decimal(0) <= Decimal(value) <= Decimal(100):
                raise DomainError(_("A percentage target lies between 0 and 100."), field=name)
    if target.striving is not None and target.assigned is not None and target.striving < target.assigned:
        raise DomainError(_("The striving target cannot be lower than the assigned target."), field="striving")


@transaction.atomic
def save_target(*, by, target: Target | None = None, **fields) -> Target:
    """Create a target (unique per unit, year and metric) or change one."""
    for name in ("doc_ref", "note"):
        if isinstance(fields.get(name), str):
            fields[name] = nfc(fields[name]).strip()
    if target is None:
        target = Target(created_by=by)
    for name, value in fields.items():
        setattr(target, name, value)
    target.updated_by = by
    _check(by, target)
    clash = Target.objects.filter(branch=target.branch_id, year=target.year, metric=target.metric)
    if target.pk:
        clash = clash.exclude(pk=target.pk)
    if clash.exists():
        raise DomainError(
            _("This unit already has a target for this metric and year; change that one instead."), field="metric"
        )
    target.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError as exc:
        raise DomainError(_("This unit already has a target for this metric and year."), field="metric") from exc
    return target
