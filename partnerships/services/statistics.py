"""Monthly statistics: a unit's figures entered by hand, imported from CSV/XLSX, or deleted.

The same rules hold for a form, an API call and every imported row:
- the month has begun (no future months); it is stored as its first day;
- figures are never negative, and blank means not known (never 0);
- green + yellow + red channel = import + export declarations, when all five are given;
- a month is entered at one level of a subtree only: a unit cannot have a month that one of its ancestors or one of
  the units under it already has, since the dashboard adds a subtree's rows up and would count it twice.
Writes lock the units' chains of ancestors first, so two writes that could break the last rule run one after another.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from crm import access
from crm.errors import DomainError
from crm.models import Branch
from crm.services.imports import ImportReport, RowError, header_key, map_columns, parse_spreadsheet, read_upload
from crm.text import nfc, search_key
from partnerships.models import MonthlyStatistic, StatisticSource
from partnerships.models.statistics import CHANNEL_FIELDS, COUNT_FIELDS, DECLARATION_FIELDS, FIGURE_FIELDS, USD_FIELDS

PREVIEW_ROWS = 50


# --- Months and numbers as people write them --------------------------------------------------------------------

_MONTH_PATTERNS = (
    re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})$"),  # 2026-05
    re.compile(r"^(?P<month>\d{1,2})[/.-](?P<year>\d{4})$"),  # 05/2026, 5.2026
    re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-\d{2}(?:[t ][\d:.]+)?$"),  # a date cell of a workbook
)
_MONTH_WORDS = re.compile(r"^(?:thang|month)\s*")
_SPACES = re.compile(r"[\s\u00a0\u202f']")
_DIGITS = re.compile(r"^\d+$")
_GROUPED = {sep: re.compile(rf"^\d{{1,3}}(?:\{sep}\d{{3}})+$") for sep in ",."}
CENT = Decimal("0.01")


def parse_month(text: str) -> date | None:
    """The first day of the month written as 2026-05, 05/2026, "tháng 5/2026" or a date; None if it is not one."""
    value = _MONTH_WORDS.sub("", search_key(str(text or "")))
    for pattern in _MONTH_PATTERNS:
        if match := pattern.match(value):
            year, month = int(match["year"]), int(match["month"])
            if 2000 <= year <= 2100 and 1 <= month <= 12:
                return date(year, month, 1)
    return None


def month_label(month: date) -> str:
    return f"{month:%m/%Y}"


class _NotANumber(ValueError):
    pass


class _Negative(ValueError):
    pass


def parse_whole(text: str) -> int:
    """A whole number written 1234567, 1.234.567, 1,234,567 or 1 234 567."""
    value = _SPACES.sub("", text)
    if value.startswith("-"):
        raise _Negative(value)
    if _DIGITS.match(value):
        return int(value)
    for sep, pattern in _GROUPED.items():
        if pattern.match(value):
            return int(value.replace(sep, ""))
    raise _NotANumber(value)


def parse_amount(text: str) -> Decimal:
    """An amount with cents, rounded to 2 places: 1,234,567.89 (English), 1.234.567,89 (Vietnamese), 1234567.89.

    With a single separator followed by exactly three digits after at most three digits ("12.345") the separator
    groups thousands: USD figures have two decimals, so 12.345 is read as twelve thousand three hundred forty-five.
    """
    value = _SPACES.sub("", text)
    if value.startswith("-"):
        raise _Negative(value)
    if _DIGITS.match(value):
        return Decimal(value)
    if "," in value and "." in value:
        decimal_sep = "," if value.rfind(",") > value.rfind(".") else "."
        group_sep = "." if decimal_sep == "," else ","
        whole, cents = value.rsplit(decimal_sep, 1)
        if not (_DIGITS.match(cents) and (_DIGITS.match(whole) or _GROUPED[group_sep].match(whole))):
            raise _NotANumber(value)
        number = whole.replace(group_sep, "") + "." + cents
    else:
        sep = "," if "," in value else "."
        parts = value.split(sep)
        if len(parts) > 2 or (len(parts[1]) == 3 and len(parts[0]) <= 3):
            if not _GROUPED[sep].match(value):
                raise _NotANumber(value)
            number = value.replace(sep, "")
        elif _DIGITS.match(parts[0]) and _DIGITS.match(parts[1]):
            number = f"{parts[0]}.{parts[1]}"
        else:
            raise _NotANumber(value)
    try:
        return Decimal(number).quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:
        raise _NotANumber(value) from exc


# --- The rules ----------------------------------------------------------------------------------------------------


def _ancestor_ids(branch: Branch) -> list[int]:
    """The ids of the units above `branch`, read from its materialised path."""
    return [int(part) for part in branch.path.split("/") if part][:-1]


def _in_tree_of(branch: Branch) -> Q:
    """Rows of `branch`'s ancestors or of the units under it (not its own)."""
    return (Q(branch__path__startswith=branch.path) | Q(branch_id__in=_ancestor_ids(branch))) & ~Q(branch=branch)


def _related(a: Branch, b: Branch) -> bool:
    return a.pk != b.pk and (a.path.startswith(b.path) or b.path.startswith(a.path))


def _level_message(branch: Branch, other: Branch, month: date) -> str:
    if other.path.startswith(branch.path):
        text = _(
            "%(other)s, a unit under %(unit)s, already has figures for %(month)s. A month is entered at one level "
            "only: edit or delete those figures, or enter this month there."
        )
    else:
        text = _(
            "%(other)s, a unit above %(unit)s, already has figures for %(month)s. A month is entered at one level "
            "only: edit or delete those figures, or enter this month there."
        )
    return text % {"other": other.name_vi, "unit": branch.name_vi, "month": month_label(month)}


def _rule_errors(values: dict, month: date | None, today: date) -> list[tuple[str, str]]:
    """(field, message) for each broken rule about the figures themselves."""
    errors = []
    if month is not None and month > today.replace(day=1):
        errors.append(
            (
                "month",
                _("%(month)s has not begun yet; figures are entered for past months and the current one.")
                % {"month": month_label(month)},
            )
        )
    for name in FIGURE_FIELDS:
        value = values.get(name)
        if value is not None and value < 0:
            errors.append((name, _("A figure cannot be negative.")))
    channels = [values.get(name) for name in CHANNEL_FIELDS]
    declarations = [values.get(name) for name in DECLARATION_FIELDS]
    if None not in channels and None not in declarations and sum(channels) != sum(declarations):
        errors.append(
            (
                "channel_red",
                _(
                    "Green, yellow and red channel add up to %(channels)s, but import and export declarations add "
                    "up to %(declarations)s; the two totals must be equal."
                )
                % {"channels": f"{sum(channels):,}", "declarations": f"{sum(declarations):,}"},
            )
        )
    return errors


def _check_writer(by, branch: Branch | None) -> None:
    if by is not None and not access.is_manager(by):
        raise PermissionDenied(_("Only a manager can enter monthly statistics."))
    if by is not None and not access.can_use_branch(by, branch):
        raise DomainError(_("You can only enter figures for your own unit or the units under it."), field="branch")


def _lock_trees(branches) -> None:
    """Lock every unit on the way up from `branches` (ordered by path, so concurrent writers never deadlock)."""
    ids = set()
    for branch in branches:
        ids.update(_ancestor_ids(branch))
        ids.add(branch.pk)
    list(Branch.objects.select_for_update().filter(pk__in=ids).order_by("path").values_list("pk", flat=True))


def _model_errors(statistic: MonthlyStatistic, *, exclude: list[str]) -> dict[str, list[str]]:
    """The model's own field checks (ranges, digits), without queries."""
    try:
        statistic.full_clean(
            exclude=[*exclude, "branch", "created_by", "updated_by"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        return exc.message_dict
    return {}


# --- By hand --------------------------------------------------------------------------------------------------------


@transaction.atomic
def save_monthly_statistic(*, by, statistic: MonthlyStatistic | None = None, today: date | None = None, **fields):
    """Create a unit's figures for a month, or change them (any date in the month stands for the month)."""
    today = today or timezone.localdate()
    if isinstance(fields.get("note"), str):
        fields["note"] = nfc(fields["note"]).strip()
    if isinstance(fields.get("month"), date):
        fields["month"] = fields["month"].replace(day=1)
    if statistic is None:
        statistic = MonthlyStatistic(created_by=by)
    for name, value in fields.items():
        setattr(statistic, name, value)
    statistic.source = StatisticSource.MANUAL
    statistic.updated_by = by
    branch = statistic.branch if statistic.branch_id else None
    _check_writer(by, branch)
    if branch is None:
        raise DomainError(_("Choose the customs unit."), field="branch")
    if statistic.month is None:
        raise DomainError(_("Give the month."), field="month")
    for name, message in _rule_errors({n: getattr(statistic, n) for n in FIGURE_FIELDS}, statistic.month, today):
        raise DomainError(message, field=name)
    problems = _model_errors(statistic, exclude=[])
    if problems:
        raise ValidationError(problems)
    _lock_trees([branch])
    same = MonthlyStatistic.objects.filter(branch=branch, month=statistic.month).exclude(pk=statistic.pk)
    if same.exists():
        raise DomainError(
            _("%(unit)s already has figures for %(month)s; edit them instead.")
            % {"unit": branch.name_vi, "month": month_label(statistic.month)},
            field="month",
        )
    clash = (
        MonthlyStatistic.objects.filter(_in_tree_of(branch), month=statistic.month)
        .select_related("branch")
        .order_by("branch__path")
        .first()
    )
    if clash is not None:
        raise DomainError(_level_message(branch, clash.branch, statistic.month), field="branch")
    try:
        with transaction.atomic():
            statistic.save()
    except IntegrityError as exc:
        raise DomainError(
            _("These figures changed while you were saving them; reload the page and try again."), field="month"
        ) from exc
    return statistic


@transaction.atomic
def delete_monthly_statistic(*, by, statistic: MonthlyStatistic) -> None:
    _check_writer(by, statistic.branch)
    statistic.delete()


# --- From a file ----------------------------------------------------------------------------------------------------

# Column headers each field accepts, compared after header_key() with any "(…)" unit note removed.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "branch": ("unit code", "unit", "branch", "mã đơn vị", "đơn vị", "mã hải quan", "mã đơn vị hải quan"),
    "month": ("month", "period", "kỳ", "tháng", "kỳ báo cáo"),
    "budget_revenue_vnd": (
        "budget revenue",
        "budget_revenue_vnd",
        "revenue",
        "thu ngân sách",
        "số thu ngân sách",
        "thu nsnn",
    ),
    "declarations_import": (
        "import declarations",
        "declarations import",
        "declarations_import",
        "tờ khai nhập khẩu",
        "số tờ khai nhập khẩu",
        "tờ khai nk",
    ),
    "declarations_export": (
        "export declarations",
        "declarations export",
        "declarations_export",
        "tờ khai xuất khẩu",
        "số tờ khai xuất khẩu",
        "tờ khai xk",
    ),
    "channel_green": ("green channel", "green", "channel_green", "luồng xanh"),
    "channel_yellow": ("yellow channel", "yellow", "channel_yellow", "luồng vàng"),
    "channel_red": ("red channel", "red", "channel_red", "luồng đỏ"),
    "trade_import_usd": (
        "import value",
        "trade import",
        "trade_import_usd",
        "kim ngạch nhập khẩu",
        "kim ngạch nk",
    ),
    "trade_export_usd": (
        "export value",
        "trade export",
        "trade_export_usd",
        "kim ngạch xuất khẩu",
        "kim ngạch xk",
    ),
    "active_enterprises": (
        "active enterprises",
        "active_enterprises",
        "doanh nghiệp hoạt động",
        "số doanh nghiệp hoạt động",
        "số dn hoạt động",
    ),
    "note": ("note", "ghi chú"),
}
REQUIRED_COLUMNS = ("branch", "month")
_UNIT_NOTE = re.compile(r"\([^)]*\)")


def column_key(header: str) -> str:
    return header_key(_UNIT_NOTE.sub(" ", str(header)))


HEADER_FIELDS = {column_key(alias): name for name, aliases in COLUMN_ALIASES.items() for alias in aliases}


@dataclass
class _Row:
    number: int
    branch: Branch
    month: date
    values: dict = field(default_factory=dict)  # the non-blank cells, parsed
    statistic: MonthlyStatistic | None = None


def import_statistics_file(*, upload, by, dry_run: bool, today: date | None = None) -> ImportReport:
    """Import an uploaded CSV/XLSX file. Raises DomainError (field "file") when the file itself is unusable."""
    return import_statistics_rows(rows=parse_spreadsheet(read_upload(upload)), by=by, dry_run=dry_run, today=today)


def import_statistics_rows(*, rows: list[dict], by, dry_run: bool, today: date | None = None) -> ImportReport:
    """Validate every row and, unless dry_run or any row has an error, write all of them in one transaction.

    `rows[i]` is spreadsheet row i + 2. A (unit, month) that exists is updated in the columns the file has; a blank
    cell keeps the current figure. `by` is the importing manager (None: a system import, any unit). Costs a fixed
    number of queries whatever the number of rows.
    """
    today = today or timezone.localdate()
    if by is not None and not access.is_manager(by):
        raise PermissionDenied(_("Only a manager can import monthly statistics."))
    report = ImportReport(dry_run=dry_run)
    columns = _map_columns(rows, report)
    units = Branch.objects.visible_to(by) if by is not None else Branch.objects.all()
    branches = {branch.code.upper(): branch for branch in units}
    parsed: list[_Row] = []
    for index, raw in enumerate(rows):
        cells = {name: nfc(str(raw.get(header) or "")).strip() for name, header in columns.items()}
        if not any(cells.values()):
            continue
        report.total_rows += 1
        row = _parse_row(index + 2, cells, branches, report.errors)
        if row is not None:
            parsed.append(row)
    if report.total_rows == 0:
        raise DomainError(_("The file has a header row but no figures under it."), field="file")
    with transaction.atomic():
        if not dry_run and not report.errors:
            _lock_trees({row.branch.pk: row.branch for row in parsed}.values())
        _check_rows(parsed, by, today, report)
        report.created = sum(1 for row in parsed if row.statistic.pk is None)
        report.updated = len(parsed) - report.created
        if report.errors or dry_run:
            return report
        _write(parsed)
    return report


def _map_columns(rows: list[dict], report: ImportReport) -> dict[str, str]:
    """{field name: header as written in the file}; unknown headers become warnings; a file needs a column of
    figures."""
    columns = map_columns(rows, report, aliases=COLUMN_ALIASES, required=REQUIRED_COLUMNS, key=column_key, label_at=3)
    if not any(name in columns for name in FIGURE_FIELDS):
        raise DomainError(
            _("The file has no column of figures (budget revenue, declarations, channels, trade value…)."),
            field="file",
        )
    return columns


def _parse_row(number: int, cells: dict, branches: dict[str, Branch], errors: list[RowError]) -> _Row | None:
    row_errors: list[RowError] = []

    def error(name: str, message: str) -> None:
        row_errors.append(RowError(row=number, field=name, message=message))

    branch = branches.get(cells["branch"].upper()) if cells["branch"] else None
    if not cells["branch"]:
        error("branch", _("Give the unit code."))
    elif branch is None:
        error(
            "branch",
            _("No unit with code “%(code)s” among your unit and the units under it.") % {"code": cells["branch"]},
        )
    month = parse_month(cells["month"]) if cells["month"] else None
    if not cells["month"]:
        error("month", _("Give the month."))
    elif month is None:
        error("month", _("“%(value)s” is not a month: write 2026-05 or 05/2026.") % {"value": cells["month"][:20]})
    values = {}
    for name in FIGURE_FIELDS:
        text = cells.get(name, "")
        if not text:
            continue
        try:
            values[name] = parse_amount(text) if name in USD_FIELDS else parse_whole(text)
        except _Negative:
            error(name, _("A figure cannot be negative."))
        except _NotANumber:
            if name == "budget_revenue_vnd":
                message = _("“%(value)s” is not an amount in whole đồng (e.g. 1.234.567.000).")
            elif name in COUNT_FIELDS:
                message = _("“%(value)s” is not a whole number.")
            else:
                message = _("“%(value)s” is not an amount in USD (e.g. 1,234,567.89).")
            error(name, message % {"value": text[:30]})
    if cells.get("note"):
        values["note"] = cells["note"]
    errors.extend(row_errors)
    if row_errors:
        return None
    return _Row(number=number, branch=branch, month=month, values=values)


def _check_rows(parsed: list[_Row], by, today: date, report: ImportReport) -> None:
    """Apply each row to its (new or existing) record and check the rules against the file and the database."""
    months = {row.month for row in parsed}
    existing = list(MonthlyStatistic.objects.filter(month__in=months).select_related("branch"))
    by_key = {(s.branch_id, s.month): s for s in existing}
    seen: dict[tuple[int, date], _Row] = {}
    for row in parsed:
        row_errors: list[RowError] = []
        key = (row.branch.pk, row.month)
        if key in seen:
            row_errors.append(
                RowError(
                    row.number,
                    "month",
                    _("Row %(other)s already has %(unit)s for %(month)s.")
                    % {"other": seen[key].number, "unit": row.branch.code, "month": month_label(row.month)},
                )
            )
        else:
            seen[key] = row
        clash = next(
            (s.branch for s in existing if s.month == row.month and _related(row.branch, s.branch)),
            None,
        )
        if clash is not None:
            row_errors.append(RowError(row.number, "branch", _level_message(row.branch, clash, row.month)))
        earlier = next(
            (other for other in seen.values() if other.month == row.month and _related(row.branch, other.branch)),
            None,
        )
        if clash is None and earlier is not None:
            row_errors.append(
                RowError(
                    row.number,
                    "branch",
                    _("Row %(other)s has %(month)s for %(unit)s; a month is entered at one level of a subtree only.")
                    % {"other": earlier.number, "unit": earlier.branch.name_vi, "month": month_label(row.month)},
                )
            )
        statistic = by_key.get(key) or MonthlyStatistic(branch=row.branch, month=row.month, created_by=by)
        for name, value in row.values.items():
            setattr(statistic, name, value)
        statistic.source = StatisticSource.IMPORT
        statistic.updated_by = by
        row.statistic = statistic
        figures = {name: getattr(statistic, name) for name in FIGURE_FIELDS}
        rules = _rule_errors(figures, row.month, today)
        row_errors.extend(RowError(row.number, name, message) for name, message in rules)
        for name, messages in _model_errors(statistic, exclude=["month"]).items():
            row_errors.extend(RowError(row.number, name, message) for message in messages)
        report.errors.extend(row_errors)
        if not row_errors and len(report.preview) < PREVIEW_ROWS:
            report.preview.append(_preview(row, figures))


def _preview(row: _Row, figures: dict) -> dict:
    declarations = [figures[name] for name in DECLARATION_FIELDS if figures[name] is not None]
    trade = [figures[name] for name in USD_FIELDS if figures[name] is not None]
    revenue = figures["budget_revenue_vnd"]
    return {
        "row": row.number,
        "branch": row.branch.code,
        "branch_name": row.branch.name_vi,
        "month": f"{row.month:%Y-%m}",
        "action": "create" if row.statistic.pk is None else "update",
        "budget_revenue_vnd": str(revenue) if revenue is not None else None,
        "declarations": sum(declarations) if declarations else None,
        "trade_value_usd": str(sum(trade)) if trade else None,
    }


def _write(rows: list[_Row]) -> None:
    now = timezone.now()
    new = [row.statistic for row in rows if row.statistic.pk is None]
    changed = [row.statistic for row in rows if row.statistic.pk is not None]
    for statistic in changed:
        statistic.updated_at = now
    try:
        with transaction.atomic():
            MonthlyStatistic.objects.bulk_create(new, batch_size=500)
            MonthlyStatistic.objects.bulk_update(
                changed, [*FIGURE_FIELDS, "note", "source", "updated_by", "updated_at"], batch_size=500
            )
    except IntegrityError as exc:
        raise DomainError(
            _("Another change to the same figures happened while importing; nothing was written. Try again."),
            field="file",
        ) from exc
