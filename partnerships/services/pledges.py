"""Actions on pledge campaigns and pledges, including recording hundreds of pledges at once (all or nothing)."""

import csv
import io
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm import access
from crm.errors import DomainError
from crm.files import SCAN, check_document
from crm.models import Enterprise
from crm.taxcodes import normalise_tax_code
from crm.text import nfc
from partnerships.models import Pledge, PledgeCampaign, PledgeStatus

CAMPAIGN_TEXT_FIELDS = ("name", "partner", "text_vi", "text_en")
BULK_MAX_ROWS = 5000


class BulkPledgeError(DomainError):
    """The bulk input had errors; nothing was saved. `errors` lists (row number, tax code, message)."""

    def __init__(self, errors: list[tuple[int, str, str]]):
        self.errors = errors
        super().__init__(
            _("%(n)s of the rows have errors; nothing was recorded. Correct them and submit again.")
            % {"n": len({row for row, _code, _msg in errors})},
            field="rows",
        )


def _check_branch(by, branch) -> None:
    if by is not None and not access.can_use_branch(by, branch):
        raise DomainError(_("You can only run campaigns of your own unit or the units under it."), field="branch")


def _clean(fields: dict) -> None:
    for name in CAMPAIGN_TEXT_FIELDS:
        if isinstance(fields.get(name), str):
            fields[name] = nfc(fields[name]).strip()


@transaction.atomic
def create_campaign(*, by, branch, **fields) -> PledgeCampaign:
    _check_branch(by, branch)
    _clean(fields)
    campaign = PledgeCampaign(branch=branch, created_by=by, updated_by=by, **fields)
    _check_period(campaign)
    campaign.full_clean()
    campaign.save()
    return campaign


@transaction.atomic
def update_campaign(*, campaign: PledgeCampaign, by, **fields) -> PledgeCampaign:
    if "branch" in fields:
        _check_branch(by, fields["branch"])
    _clean(fields)
    for name, value in fields.items():
        setattr(campaign, name, value)
    _check_period(campaign)
    outside = campaign.pledges.exclude(signed_on__range=(campaign.starts_on, campaign.ends_on))
    if outside.exists():
        raise DomainError(
            _("Some pledges were signed outside this period; keep the period around them."), field="ends_on"
        )
    campaign.updated_by = by
    campaign.full_clean()
    campaign.save()
    return campaign


def _signable(campaign: PledgeCampaign, by):
    """Enterprises that may sign in this campaign: managed within the campaign unit's subtree and visible to `by`."""
    enterprises = Enterprise.objects.visible_to(by) if by is not None else Enterprise.objects.all()
    return enterprises.filter(managing_branch__path__startswith=campaign.branch.path)


def _check_period(campaign: PledgeCampaign) -> None:
    if campaign.starts_on and campaign.ends_on and campaign.ends_on < campaign.starts_on:
        raise DomainError(_("The campaign must end on or after the day it starts."), field="ends_on")


def _check_signed_on(campaign: PledgeCampaign, signed_on: date, today: date) -> str | None:
    if signed_on > today:
        return _("The signing date cannot be in the future.")
    if not campaign.starts_on <= signed_on <= campaign.ends_on:
        return _("The signing date %(date)s is outside the campaign (%(start)s – %(end)s).") % {
            "date": signed_on.strftime("%d/%m/%Y"),
            "start": campaign.starts_on.strftime("%d/%m/%Y"),
            "end": campaign.ends_on.strftime("%d/%m/%Y"),
        }
    return None


@transaction.atomic
def record_pledge(
    *,
    campaign: PledgeCampaign,
    by,
    enterprise: Enterprise,
    signed_on: date,
    signatory_name: str = "",
    signatory_title: str = "",
    scan=None,
    today: date | None = None,
) -> Pledge:
    today = today or timezone.localdate()
    if by is not None and not Enterprise.objects.visible_to(by).filter(pk=enterprise.pk).exists():
        raise DomainError(_("This enterprise is not managed by your units."), field="enterprise")
    if not _signable(campaign, by).filter(pk=enterprise.pk).exists():
        raise DomainError(_("This enterprise is managed outside the campaign's units."), field="enterprise")
    problem = _check_signed_on(campaign, signed_on, today)
    if problem:
        raise DomainError(problem, field="signed_on")
    if Pledge.objects.filter(campaign=campaign, enterprise=enterprise).exists():
        raise DomainError(_("This enterprise has already signed a pledge in this campaign."), field="enterprise")
    if scan:
        check_document(scan, kinds=SCAN, field="scan")
    try:
        with transaction.atomic():
            return Pledge.objects.create(
                campaign=campaign,
                enterprise=enterprise,
                signed_on=signed_on,
                signatory_name=nfc(signatory_name).strip(),
                signatory_title=nfc(signatory_title).strip(),
                scan=scan or "",
                created_by=by,
                updated_by=by,
            )
    except IntegrityError as exc:
        raise DomainError(
            _("This enterprise has already signed a pledge in this campaign."), field="enterprise"
        ) from exc


def parse_tax_code_list(text: str) -> list[dict]:
    """One pledge per non-empty line: `tax code[, signatory[, title[, DD/MM/YYYY]]]` (comma, semicolon or tab)."""
    rows = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.replace("\t", ",").replace(";", ",").split(",")]
        row = {"row": number, "tax_code": parts[0]}
        for key, value in zip(("signatory_name", "signatory_title", "signed_on"), parts[1:], strict=False):
            row[key] = value
        rows.append(row)
    return rows


CSV_COLUMNS = {
    "tax_code": ("tax_code", "mst", "ma so thue", "mã số thuế"),
    "signatory_name": ("signatory_name", "signatory", "nguoi ky", "người ký"),
    "signatory_title": ("signatory_title", "title", "chuc vu", "chức vụ"),
    "signed_on": ("signed_on", "date", "ngay ky", "ngày ký"),
}


def parse_pledge_csv(data: bytes) -> list[dict]:
    """Rows of a CSV with a header naming at least the tax code column (English or Vietnamese headers)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError(_("The file is not UTF-8 text; save it as “CSV UTF-8”."), field="file") from exc
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise DomainError(_("The file is empty."), field="file")
    aliases = {alias: name for name, names in CSV_COLUMNS.items() for alias in names}
    columns = [aliases.get(nfc(cell).strip().lower()) for cell in header]
    if "tax_code" not in columns:
        raise DomainError(_("The file needs a “tax_code” (or “Mã số thuế”) column."), field="file")
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        row = {"row": number}
        for name, cell in zip(columns, cells, strict=False):
            if name:
                row[name] = cell.strip()
        rows.append(row)
    return rows


def _parse_date(value: str) -> date | None:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return timezone.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


@transaction.atomic
def record_pledges(
    *,
    campaign: PledgeCampaign,
    by,
    rows: list[dict],
    signed_on: date | None = None,
    today: date | None = None,
) -> list[Pledge]:
    """Record many pledges at once. Each row: {"row", "tax_code", optional "signatory_name", "signatory_title",
    "signed_on" (DD/MM/YYYY or a date)}; `signed_on` is the default date for rows without one.

    Every row is checked first; if any has an error, BulkPledgeError lists them all and nothing is saved.
    Costs a constant number of queries whatever the number of rows.
    """
    today = today or timezone.localdate()
    if not rows:
        raise DomainError(_("There are no rows to record."), field="rows")
    if len(rows) > BULK_MAX_ROWS:
        raise DomainError(
            _("At most %(n)s pledges can be recorded at once; split the list.") % {"n": BULK_MAX_ROWS}, field="rows"
        )
    errors: list[tuple[int, str, str]] = []
    parsed: list[tuple[int, dict, str, date]] = []
    first_row_of: dict[str, int] = {}
    for index, row in enumerate(rows, start=1):
        number = row.get("row", index)
        raw = str(row.get("tax_code") or "").strip()
        try:
            code = normalise_tax_code(raw)
        except ValidationError as exc:
            errors.append((number, raw, " ".join(exc.messages)))
            continue
        if code in first_row_of:
            errors.append((number, code, _("Listed twice (also row %(row)s).") % {"row": first_row_of[code]}))
            continue
        first_row_of[code] = number
        when = row.get("signed_on") or signed_on
        if isinstance(when, str):
            when = _parse_date(when.strip())
            if when is None:
                errors.append((number, code, _("The date must be written DD/MM/YYYY.")))
                continue
        if when is None:
            errors.append((number, code, _("Give the signing date.")))
            continue
        problem = _check_signed_on(campaign, when, today)
        if problem:
            errors.append((number, code, problem))
            continue
        parsed.append((number, row, code, when))

    codes = [code for _number, _row, code, _when in parsed]
    signable = _signable(campaign, by).filter(tax_code__in=codes).only("pk", "tax_code", "name_vi")
    enterprises = {e.tax_code: e for e in signable}
    visible = Enterprise.objects.visible_to(by) if by is not None else Enterprise.objects.all()
    elsewhere = set(visible.filter(tax_code__in=set(codes) - set(enterprises)).values_list("tax_code", flat=True))
    signed = dict(
        Pledge.objects.filter(campaign=campaign, enterprise__tax_code__in=codes).values_list(
            "enterprise__tax_code", "signed_on"
        )
    )
    pledges = []
    for number, row, code, when in parsed:
        enterprise = enterprises.get(code)
        if enterprise is None and code in elsewhere:
            errors.append((number, code, _("This enterprise is managed outside the campaign's units.")))
        elif enterprise is None:
            errors.append((number, code, _("No enterprise with this tax code is managed by your units.")))
        elif code in signed:
            errors.append(
                (
                    number,
                    code,
                    _("Already signed in this campaign on %(date)s.") % {"date": signed[code].strftime("%d/%m/%Y")},
                )
            )
        else:
            pledges.append(
                Pledge(
                    campaign=campaign,
                    enterprise=enterprise,
                    signed_on=when,
                    signatory_name=nfc(row.get("signatory_name") or "").strip()[:120],
                    signatory_title=nfc(row.get("signatory_title") or "").strip()[:120],
                    created_by=by,
                    updated_by=by,
                )
            )
    if errors:
        raise BulkPledgeError(errors=sorted(errors, key=lambda e: (e[0] is None, e[0] or 0)))
    try:
        with transaction.atomic():
            return Pledge.objects.bulk_create(pledges)
    except IntegrityError as exc:
        raise DomainError(_("Some of these enterprises signed meanwhile; submit the list again.")) from exc


@transaction.atomic
def withdraw_pledge(*, pledge: Pledge, by, reason: str, today: date | None = None) -> Pledge:
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.status != PledgeStatus.ACTIVE:
        raise DomainError(_("Only an active pledge can be withdrawn."))
    reason = nfc(reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason."), field="reason")
    pledge.status, pledge.status_reason = PledgeStatus.WITHDRAWN, reason
    pledge.status_changed_on, pledge.updated_by = today or timezone.localdate(), by
    pledge.save()
    return pledge


@transaction.atomic
def mark_pledge_breached(*, pledge: Pledge, by, reference: str, note: str = "", today: date | None = None) -> Pledge:
    """Record that the enterprise broke its pledge; `reference` names the violation record (e.g. a decision number)."""
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.status != PledgeStatus.ACTIVE:
        raise DomainError(_("Only an active pledge can be marked as breached."))
    reference = nfc(reference or "").strip()
    if not reference:
        raise DomainError(_("Give the reference of the violation record."), field="reference")
    pledge.status, pledge.breach_reference, pledge.status_reason = PledgeStatus.BREACHED, reference, nfc(note).strip()
    pledge.status_changed_on, pledge.updated_by = today or timezone.localdate(), by
    pledge.save()
    return pledge


@transaction.atomic
def attach_pledge_scan(*, pledge: Pledge, by, scan) -> Pledge:
    check_document(scan, kinds=SCAN, field="scan")
    pledge.scan, pledge.updated_by = scan, by
    pledge.save(update_fields=["scan", "updated_by", "updated_at"])
    return pledge
