"""Actions on enterprises, their dependent units and contacts."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm import access
from crm.errors import DomainError
from crm.models import Contact, Enterprise, EnterpriseUnit
from crm.taxcodes import normalise_tax_code
from crm.text import nfc, search_key

ENTERPRISE_TEXT_FIELDS = ("name_vi", "name_foreign", "short_name", "address", "industrial_park", "notes")
ENTERPRISE_M2M_FIELDS = ("declaration_types", "segments", "associations")


def enterprise_search_text(enterprise: Enterprise) -> str:
    return search_key(enterprise.name_vi, enterprise.name_foreign, enterprise.short_name, enterprise.tax_code)


def _check_branch(by, branch) -> None:
    if by is not None and not access.can_use_branch(by, branch):
        raise DomainError(
            _("You can only assign enterprises to your own unit or the units under it."),
            field="managing_branch",
        )


def _apply(enterprise: Enterprise, fields: dict) -> dict:
    m2m = {name: fields.pop(name) for name in ENTERPRISE_M2M_FIELDS if name in fields}
    for name, value in fields.items():
        if name in ENTERPRISE_TEXT_FIELDS and isinstance(value, str):
            value = nfc(value).strip()
        setattr(enterprise, name, value)
    if enterprise.investor_country:
        enterprise.investor_country = enterprise.investor_country.upper()
    enterprise.search_text = enterprise_search_text(enterprise)
    return m2m


@transaction.atomic
def register_enterprise(*, by, tax_code: str, **fields) -> Enterprise:
    """Add an enterprise to the register. `by` (None for system imports) must be able to use its managing branch."""
    tax_code = normalise_tax_code(tax_code)
    if Enterprise.objects.filter(tax_code=tax_code).exists():
        raise DomainError(
            _("An enterprise with tax code %(code)s is already registered.") % {"code": tax_code},
            field="tax_code",
        )
    enterprise = Enterprise(tax_code=tax_code, created_by=by, updated_by=by)
    m2m = _apply(enterprise, fields)
    _check_branch(by, enterprise.managing_branch)
    enterprise.full_clean(exclude=["search_text"])
    enterprise.save()
    for name, values in m2m.items():
        getattr(enterprise, name).set(values)
    return enterprise


@transaction.atomic
def update_enterprise(*, enterprise: Enterprise, by, **fields) -> Enterprise:
    """Change an enterprise's details. The tax code is its identity and cannot change here."""
    if "tax_code" in fields and normalise_tax_code(fields.pop("tax_code")) != enterprise.tax_code:
        raise DomainError(_("The tax code identifies the enterprise and cannot be changed."), field="tax_code")
    m2m = _apply(enterprise, fields)
    _check_branch(by, enterprise.managing_branch)
    enterprise.updated_by = by
    enterprise.full_clean(exclude=["search_text"])
    enterprise.save()
    for name, values in m2m.items():
        getattr(enterprise, name).set(values)
    return enterprise


@transaction.atomic
def deactivate_enterprise(*, enterprise: Enterprise, by) -> Enterprise:
    """Hide an enterprise from lists without deleting its history."""
    if enterprise.deactivated_at is not None:
        raise DomainError(_("This enterprise is already deactivated."))
    enterprise.deactivated_at = timezone.now()
    enterprise.updated_by = by
    enterprise.save(update_fields=["deactivated_at", "updated_by", "updated_at"])
    return enterprise


@transaction.atomic
def reactivate_enterprise(*, enterprise: Enterprise, by) -> Enterprise:
    if enterprise.deactivated_at is None:
        raise DomainError(_("This enterprise is already active."))
    enterprise.deactivated_at = None
    enterprise.updated_by = by
    enterprise.save(update_fields=["deactivated_at", "updated_by", "updated_at"])
    return enterprise


@transaction.atomic
def add_unit(*, enterprise: Enterprise, by, tax_code: str, **fields) -> EnterpriseUnit:
    """Register a dependent unit; its 13-digit code must extend the enterprise's own 10-digit code."""
    tax_code = normalise_tax_code(tax_code, dependent=True)
    if tax_code[:10] != enterprise.tax_code[:10]:
        raise DomainError(
            _("A dependent unit's tax code must start with the enterprise's code %(code)s.")
            % {"code": enterprise.tax_code[:10]},
            field="tax_code",
        )
    if EnterpriseUnit.objects.filter(tax_code=tax_code).exists():
        raise DomainError(_("Tax code %(code)s is already registered.") % {"code": tax_code}, field="tax_code")
    unit = EnterpriseUnit(enterprise=enterprise, tax_code=tax_code, created_by=by, updated_by=by, **fields)
    unit.name = nfc(unit.name).strip()
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def update_unit(*, unit: EnterpriseUnit, by, **fields) -> EnterpriseUnit:
    fields.pop("tax_code", None)
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.name = nfc(unit.name).strip()
    unit.updated_by = by
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def add_contact(*, enterprise: Enterprise, by, **fields) -> Contact:
    contact = Contact(enterprise=enterprise, created_by=by, updated_by=by, **fields)
    contact.full_name = nfc(contact.full_name).strip()
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def update_contact(*, contact: Contact, by, **fields) -> Contact:
    """Edit a contact; it stays with its enterprise."""
    fields.pop("enterprise", None)
    for name, value in fields.items():
        setattr(contact, name, value)
    contact.full_name = nfc(contact.full_name).strip()
    contact.updated_by = by
    contact.full_clean()
    contact.save()
    return contact
