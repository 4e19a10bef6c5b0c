"""The register of legal documents that answers cite. Any staff member may add one; changing the status of a
document in force (amended, expired) is for managers, since answers citing it may need revisiting."""

import re

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from crm import access
from crm.errors import DomainError
from crm.text import nfc
from dialogues.models import LegalDocument, LegalDocumentStatus
from dialogues.services import bank

# 38/2015/TT-BTC, 08/2015/NĐ-CP, 54/2014/QH13, 1919/QĐ-TCHQ, 2765/TCHQ-TXNK …
NUMBER = re.compile(r"^[0-9]+(/[0-9]{4})?/[A-ZĐ][0-9A-ZĐ]*(-[0-9A-ZĐ]+)*$")
FIELDS = ("doc_type", "title", "issuer", "issued_on", "effective_from", "expires_on", "status", "amended_by", "url")


def clean_number(value: str) -> str:
    number = nfc(value).strip().upper().replace(" ", "")
    if not NUMBER.match(number):
        raise DomainError(
            _("“%(value)s” is not a document number such as 38/2015/TT-BTC or 2765/TCHQ-TXNK.") % {"value": value},
            field="number",
        )
    return number


def _apply(document: LegalDocument, fields: dict) -> None:
    for name in FIELDS:
        if name in fields:
            value = fields[name]
            setattr(document, name, nfc(value).strip() if isinstance(value, str) and name != "url" else value)
    if document.amended_by_id and document.amended_by_id == document.pk:
        raise DomainError(_("A document cannot amend itself."), field="amended_by")
    if document.effective_from and document.expires_on and document.expires_on < document.effective_from:
        raise DomainError(_("The expiry date is before the date it takes effect."), field="expires_on")
    if document.status == LegalDocumentStatus.IN_FORCE and document.amended_by_id:
        document.status = LegalDocumentStatus.AMENDED


def _save(document: LegalDocument) -> LegalDocument:
    document.full_clean(exclude=["number"])
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError as exc:
        raise DomainError(_("A document with this number is already registered."), field="number") from exc
    return document


@transaction.atomic
def create_legal_document(*, by, number: str, **fields) -> LegalDocument:
    if not access.is_staff_member(by):
        raise PermissionDenied(_("Only customs staff can register legal documents."))
    document = LegalDocument(number=clean_number(number), created_by=by, updated_by=by)
    _apply(document, fields)
    return _save(document)


@transaction.atomic
def update_legal_document(*, document: LegalDocument, by, **fields) -> LegalDocument:
    if not access.is_staff_member(by):
        raise PermissionDenied(_("Only customs staff can change legal documents."))
    document = LegalDocument.objects.select_for_update().get(pk=document.pk)
    old_status = document.status
    if "number" in fields:
        document.number = clean_number(fields.pop("number"))
    _apply(document, fields)
    if document.status != old_status and not access.is_manager(by):
        raise PermissionDenied(_("Only a manager can mark a legal document amended or expired."))
    document.updated_by = by
    document = _save(document)
    if document.status != old_status:
        bank.flag_for_document(document)  # entries citing it get the "needs update" notice
    return document
