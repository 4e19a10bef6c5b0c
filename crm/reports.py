"""The period report of a unit's subtree (issue 8): key figures against targets, conferences held, agreements signed,
questions answered on time by unit, follow-up actions overdue at the period's end, the top question categories and
the recommendations sent to higher levels; shown as a printable page, downloaded as XLSX and served by the API.

A composition point like crm.dashboard: crm imports the apps here.

Regenerable: every section is computed from dated facts only (received_at, answered_at, starts_at, signed_on,
due_on, completed_on, escalated_at, the progress log's dates) compared with the period's bounds, never from "today",
and the key figures keep only those bound to the period (the dashboard's figures "as of today" are left out). So the
same period gives the same report later, whatever was recorded after it. Corrections of the period's own records
(a report filed late, a category fixed) do show, as they should. Cancelled follow-up actions are left out of the
overdue list whenever they were cancelled: a cancellation carries no date.

A fixed number of queries whatever the data size: the dashboard's figures, then one or two queries per section.
"""

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from crm import dashboard
from crm.exports import XLSX_TYPE
from crm.kpi import OwnRecords, date_range, day_range, grouped, percent
from crm.models import Branch
from crm.periods import Period

TOP_CATEGORIES = 10


@dataclass(frozen=True)
class Column:
    key: str  # stable: the API's field name in each row
    label: str
    kind: str = "text"  # text | date | count | percent | measure (a figure whose unit is the row's `unit`)
    width: int = 14  # characters, for the XLSX column
    on_page: bool = True  # False: in the workbook and the API only (codes a reader of the page does not need)


@dataclass
class Cell:
    value: object
    kind: str
    unit: str = ""


@dataclass
class Table:
    """One section of the report: its columns and its rows (tuples in column order)."""

    key: str
    title: str
    columns: list[Column]
    rows: list[tuple] = field(default_factory=list)
    note: str = ""

    def records(self) -> list[dict]:
        """The rows as {column key: value} (the API's shape)."""
        keys = [column.key for column in self.columns]
        return [dict(zip(keys, row, strict=True)) for row in self.rows]

    def page_columns(self) -> list[Column]:
        return [column for column in self.columns if column.on_page]

    def lines(self) -> list[list[Cell]]:
        """The rows as cells that know how to show themselves (the page's shape)."""
        keys = [column.key for column in self.columns]
        unit_at = keys.index("unit") if "unit" in keys else None
        return [
            [
                Cell(value, column.kind, row[unit_at] if unit_at is not None else "")
                for column, value in zip(self.columns, row, strict=True)
                if column.on_page
            ]
            for row in self.rows
        ]


@dataclass
class Report:
    unit: Branch
    period: Period
    previous: Period
    as_of: date  # the period's last day, or today while the period is still running
    sections: list[Table]

    def section(self, key: str) -> Table:
        return next(table for table in self.sections if table.key == key)


def period_report(unit: Branch, period: Period, *, today: date | None = None) -> Report:
    """The report of `unit` (its whole subtree) for `period`. The caller checks the user may see the unit."""
    today = today or timezone.localdate()
    board = dashboard.compose(unit=unit, period=period, today=period.end)
    sections = [
        key_figures(board),
        conferences_held(unit, period),
        agreements_signed(unit, period),
        answered_on_time(unit, period),
        overdue_actions(unit, period),
        top_categories(unit, period),
        recommendations(unit, period),
    ]
    return Report(unit=unit, period=period, previous=board.previous, as_of=min(period.end, today), sections=sections)


def key_figures(board) -> Table:
    """The dashboard's figures bound to the period (a value for it and one a year earlier), with the targets."""
    rows = [
        (
            section.title,
            kpi.label,
            kpi.key,
            kpi.value,
            kpi.target,
            kpi.striving,
            kpi.progress,
            kpi.previous,
            kpi.unit,
        )
        for section in board.sections
        for kpi in section.kpis
        if len(kpi.values) == 2
    ]
    return Table(
        "key_figures",
        _("Key figures against targets"),
        [
            Column("section", _("Area"), width=26),
            Column("figure", _("Figure"), width=36),
            Column("key", _("Definition key"), width=30, on_page=False),
            Column("value", board.period.label, "measure", 14),
            Column("target", _("Assigned target"), "measure", 14),
            Column("striving", _("Striving target"), "measure", 14),
            Column("progress", _("Progress (%)"), "percent", 12),
            Column("previous", board.previous.label, "measure", 14),
            Column("unit", _("Unit of measure"), width=12, on_page=False),
        ],
        rows,
        note=_("Targets are the unit's assigned and striving targets for %(year)s.") % {"year": board.period.year},
    )


def conferences_held(unit: Branch, period: Period) -> Table:
    from dialogues.models import HELD_STATUSES, Conference

    conferences = (
        Conference.objects.filter(branch__path__startswith=unit.path, status__in=HELD_STATUSES)
        .filter(day_range(period, "starts_at"))
        .select_related("branch", "report")
        .annotate(recommendation_count=Count("recommendations"))
        .order_by("starts_at", "pk")
    )
    rows = [
        (
            timezone.localdate(conference.starts_at),
            conference.title,
            conference.branch.name_vi,
            conference.report.enterprise_count,
            conference.report.attendee_count,
            conference.recommendation_count,
        )
        for conference in conferences
    ]
    return Table(
        "conferences",
        _("Conferences held"),
        [
            Column("date", _("Date"), "date", 12),
            Column("title", _("Conference"), width=48),
            Column("unit", _("Organising unit"), width=32),
            Column("enterprises", _("Attending enterprises"), "count", 12),
            Column("attendees", _("Attendees"), "count", 12),
            Column("recommendations", _("Recommendations"), "count", 12),
        ],
        rows,
        note=_("Conferences starting in the period whose report is filed."),
    )


def agreements_signed(unit: Branch, period: Period) -> Table:
    from partnerships.models import Agreement, AgreementParty

    parties = AgreementParty.objects.select_related("enterprise", "association").order_by("pk")
    agreements = (
        Agreement.objects.filter(branch__path__startswith=unit.path)
        .filter(date_range(period, "signed_on"))
        .select_related("branch")
        .prefetch_related(Prefetch("parties", queryset=parties))
        .order_by("signed_on", "pk")
    )
    rows = [
        (
            agreement.doc_number,
            agreement.get_kind_display(),
            agreement.title,
            "; ".join(str(party) for party in agreement.parties.all()),
            agreement.branch.name_vi,
            agreement.signed_on,
            agreement.expires_on,
        )
        for agreement in agreements
    ]
    return Table(
        "agreements",
        _("Agreements signed"),
        [
            Column("number", _("Number"), width=18),
            Column("kind", _("Kind"), width=24),
            Column("title", _("Title"), width=40),
            Column("parties", _("Parties"), width=48),
            Column("unit", _("Signing unit"), width=32),
            Column("signed_on", _("Signed on"), "date", 12),
            Column("expires_on", _("Expires on"), "date", 12),
        ],
        rows,
        note=_("Agreements signed in the period, whatever happened to them since."),
    )


def answered_on_time(unit: Branch, period: Period) -> Table:
    """Per child unit (its whole subtree) and for the unit's own questions (OwnRecords), then the total: one query
    grouped by branch. Children closed before the period and without answers in it are left out, so later changes to
    the tree do not add empty rows.
    """
    from dialogues.models import Question

    children = list(Branch.objects.filter(parent=unit).order_by("path"))
    answered = Question.objects.filter(merged_into__isnull=True).filter(day_range(period, "answered_at"))
    counts = grouped(
        answered,
        "branch__path",
        [*children, OwnRecords(unit) if children else unit],
        answered=Count("pk"),
        on_time=Count("pk", filter=Q(answered_on_time=True)),
    )

    def row(branch: Branch, name: str, own: bool = False) -> tuple:
        found = counts[-branch.pk if own else branch.pk]
        return (branch.code, name, found["answered"], found["on_time"], percent(found["on_time"], found["answered"]))

    def active_in_period(branch: Branch) -> bool:
        return (branch.active_from is None or branch.active_from <= period.end) and (
            branch.active_to is None or branch.active_to >= period.start
        )

    rows = [row(child, child.name_vi) for child in children if active_in_period(child) or counts[child.pk]["answered"]]
    if children:
        rows.append(row(unit, _("%(unit)s (own questions)") % {"unit": unit.name_vi}, own=True))
        total_answered = sum(r[2] for r in rows)
        total_on_time = sum(r[3] for r in rows)
        rows.append(("", _("Total"), total_answered, total_on_time, percent(total_on_time, total_answered)))
    else:
        rows.append(row(unit, unit.name_vi))
    return Table(
        "answered_on_time",
        _("Questions answered on time"),
        [
            Column("code", _("Unit code"), width=12, on_page=False),
            Column("unit", _("Receiving unit"), width=40),
            Column("answered", _("Answered"), "count", 12),
            Column("on_time", _("On time"), "count", 12),
            Column("rate", _("On-time rate (%)"), "percent", 14),
        ],
        rows,
        note=_(
            "Questions answered in the period (merged duplicates excluded), by the unit that received them; on time "
            "means by the due date in working days."
        ),
    )


def overdue_actions(unit: Branch, period: Period) -> Table:
    """Actions due on or before the period's last day and not settled by then: still open, done after the period,
    or referred after it (the progress log dates the referral). Cancelled ones are excluded."""
    from dialogues.models import ACTION_OPEN, ActionProgress, ActionStatus, FollowUpAction

    end_of_period = timezone.make_aware(datetime.combine(period.end + timedelta(days=1), time.min))
    referred_in_time = ActionProgress.objects.filter(
        action=OuterRef("pk"), status=ActionStatus.REFERRED, at__lt=end_of_period
    )
    actions = (
        FollowUpAction.objects.filter(branch__path__startswith=unit.path, due_on__lte=period.end)
        .exclude(status=ActionStatus.CANCELLED)
        .filter(
            Q(status__in=ACTION_OPEN)
            | Q(status=ActionStatus.DONE, completed_on__gt=period.end)
            | (Q(status=ActionStatus.REFERRED) & ~Exists(referred_in_time))
        )
        .select_related("branch", "conference", "agreement_review__agreement", "question")
        .order_by("due_on", "pk")
    )
    closing = period.end + timedelta(days=1)
    rows = [
        (
            action.due_on,
            (closing - action.due_on).days,
            action.title,
            _source(action),
            action.branch.name_vi,
            action.get_owner_side_display(),
        )
        for action in actions
    ]
    return Table(
        "overdue_actions",
        _("Follow-up actions overdue at the period's end"),
        [
            Column("due_on", _("Due on"), "date", 12),
            Column("days_overdue", _("Days overdue"), "count", 10),
            Column("title", _("Action"), width=48),
            Column("source", _("Arising from"), width=40),
            Column("unit", _("Responsible unit"), width=32),
            Column("owner_side", _("Owner"), width=14),
        ],
        rows,
        note=_(
            "Actions due on or before the period's last day and not done by then; days overdue are counted to the "
            "day after the period. Cancelled actions are excluded."
        ),
    )


def _source(action) -> str:
    if action.conference_id:
        return _("Conference: %(title)s") % {"title": action.conference.title}
    if action.agreement_review_id:
        agreement = action.agreement_review.agreement
        return _("Agreement review: %(agreement)s") % {"agreement": agreement}
    return _("Question %(reference)s") % {"reference": action.question.reference}


def top_categories(unit: Branch, period: Period) -> Table:
    from dialogues.models import Question, QuestionCategory

    counts = list(
        Question.objects.filter(branch__path__startswith=unit.path, merged_into__isnull=True)
        .filter(day_range(period, "received_at"))
        .order_by()
        .values_list("category")
        .annotate(n=Count("pk"))
        .values_list("category", "n")
    )
    total = sum(n for _category, n in counts)
    labels = dict(QuestionCategory.choices)
    counts.sort(key=lambda item: (-item[1], item[0]))
    rows = [
        (rank, str(labels.get(category, category)), n, percent(n, total))
        for rank, (category, n) in enumerate(counts[:TOP_CATEGORIES], start=1)
    ]
    return Table(
        "top_categories",
        _("Top question categories"),
        [
            Column("rank", "#", "count", 5),
            Column("category", _("Category"), width=44),
            Column("questions", _("Questions received"), "count", 14),
            Column("share", _("Share (%)"), "percent", 10),
        ],
        rows,
        note=_("The %(n)s categories with the most questions received in the period (out of %(total)s).")
        % {"n": TOP_CATEGORIES, "total": total},
    )


def recommendations(unit: Branch, period: Period) -> Table:
    """Issues beyond the units' competence passed up: the recommendations of the conferences held in the period and
    the questions escalated in it, by date."""
    from dialogues.models import HELD_STATUSES, EscalationLevel, Question, Recommendation

    raised = (
        Recommendation.objects.filter(
            conference__branch__path__startswith=unit.path, conference__status__in=HELD_STATUSES
        )
        .filter(day_range(period, "conference__starts_at"))
        .select_related("conference__branch")
        .order_by("conference__starts_at", "pk")
    )
    escalated = (
        Question.objects.filter(branch__path__startswith=unit.path)
        .filter(day_range(period, "escalated_at"))
        .select_related("branch")
        .order_by("escalated_at", "pk")
    )
    rows = [
        (
            timezone.localdate(item.conference.starts_at),
            _("Conference recommendation"),
            item.conference.title,
            item.conference.branch.name_vi,
            item.get_addressed_to_display(),
            item.text,
        )
        for item in raised
    ]
    levels = dict(EscalationLevel.choices)
    rows += [
        (
            timezone.localdate(question.escalated_at),
            _("Escalated question"),
            f"{question.reference} {question.title}",
            question.branch.name_vi,
            question.escalated_to_name or str(levels.get(question.escalated_to, question.escalated_to)),
            question.body,
        )
        for question in escalated
    ]
    rows.sort(key=lambda row: row[0])  # stable: conferences before questions on the same day
    return Table(
        "recommendations",
        _("Recommendations sent to higher levels"),
        [
            Column("date", _("Date"), "date", 12),
            Column("kind", _("Kind"), width=24),
            Column("source", _("Raised at / question"), width=40),
            Column("unit", _("Unit"), width=32),
            Column("addressed_to", _("Sent to"), width=28),
            Column("text", _("Content"), width=60),
        ],
        rows,
        note=_("Recommendations of the conferences held in the period and questions escalated in it."),
    )


# ------------------------------------------------------------------------------------------------------------ XLSX


def filename(report: Report) -> str:
    return f"report-{report.unit.code}-{report.period.key.replace('..', '_')}.xlsx"


def xlsx_response(report: Report) -> HttpResponse:
    """The workbook as a download (the page's and the API's `?as=xlsx`)."""
    response = HttpResponse(workbook_bytes(report), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename(report)}"'
    return response


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries carry a fixed date instead of the time of writing, so the same report gives the same
    bytes."""

    fixed: tuple = (1980, 1, 1, 0, 0, 0)

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=self.fixed)
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
            zinfo_or_arcname.external_attr = 0o600 << 16
        return super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):
        """openpyxl writes each sheet to a temporary file first; store its content under the fixed date too."""
        with open(filename, "rb") as source:
            return self.writestr(arcname or str(filename), source.read())


def workbook_bytes(report: Report) -> bytes:
    """The report as an XLSX workbook: one sheet per section with a bold header row, dates as dates, numbers as
    numbers and set column widths. Byte-identical for the same data: the document dates and the zip entries' dates
    are the period's last day, not the time of writing."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for table in report.sections:
        sheet = workbook.create_sheet(_sheet_title(table.title))
        sheet.append([column.label for column in table.columns])
        for cell in sheet[1]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            sheet.append(list(row))
        for index, column in enumerate(table.columns, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = column.width
            number_format = {"date": "DD/MM/YYYY", "percent": "0.0"}.get(column.kind)
            if number_format:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = number_format
        sheet.freeze_panes = "A2"
    stamp = datetime.combine(report.period.end, time.min)
    properties = workbook.properties
    properties.created = properties.modified = stamp
    properties.creator = properties.lastModifiedBy = "customs-partnership-crm"
    properties.title = f"{report.unit.name_vi} · {report.period.label}"
    buffer = io.BytesIO()
    archive = _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED)
    archive.fixed = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
    ExcelWriter(workbook, archive).save()
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    """Excel's limits: 31 characters, none of []:*?/\\."""
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31].strip()
