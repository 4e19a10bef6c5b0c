"""CSV and XLSX exports of lists, with the filters the user applied (CSV streams; XLSX is written in one pass)."""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.errors import DomainError
from crm.models import BranchCoverage
from crm.services.notification_links import summary

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[object], object]


class _Echo:
    def write(self, value):
        return value


def _cell(value) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    return value


def _csv_rows(columns: list[Column], objects: Iterable) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # byte-order mark so that Excel opens Vietnamese text as UTF-8
    yield writer.writerow([str(c.header) for c in columns])
    for obj in objects:
        yield writer.writerow([_cell(c.value(obj)) for c in columns])


def wants_export(request) -> bool:
    """A list page answers with a download instead of HTML when `?as=` is in its query string."""
    return "as" in request.GET


def text_error(message: str, status: int = 400) -> HttpResponse:
    """The body of a refused download: plain text the browser shows as it is."""
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def form_error_messages(form) -> list[str]:
    """ "Label: error" for each invalid filter of a list's form (a non-field error without a label)."""
    messages = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = f"{field.label}: " if field is not None and field.label else ""
        messages.append(f"{label}{' '.join(errors)}")
    return messages


def export_queryset(
    *, columns: list[Column], queryset, file_format: str, basename: str, form=None
) -> HttpResponse | StreamingHttpResponse:
    """A list page's download: the queryset the page shows (its filters applied), iterated in chunks so a large list
    neither loads at once nor runs one query per row (prefetches run once per chunk). An invalid filter `form` or an
    unknown format is a 400 with a message, never an empty or partial file."""
    if form is not None and not form.is_valid():
        return text_error(_("Cannot export: %(errors)s") % {"errors": "; ".join(form_error_messages(form))})
    try:
        return export_response(
            columns=columns, objects=queryset.iterator(chunk_size=2000), file_format=file_format, basename=basename
        )
    except DomainError as exc:
        return text_error(exc.message)


def export_response(*, columns: list[Column], objects: Iterable, file_format: str, basename: str):
    """A download of `objects` as CSV (streamed) or XLSX. Unknown formats are a DomainError (→ 400)."""
    file_format = (file_format or "csv").lower()
    if file_format not in FORMATS:
        raise DomainError(_("Unknown export format %(fmt)s; use csv or xlsx.") % {"fmt": file_format})
    filename = f"{basename}-{timezone.localdate():%Y%m%d}.{file_format}"
    if file_format == "csv":
        response = StreamingHttpResponse(_csv_rows(columns, objects), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(basename[:31])
        sheet.append([str(c.header) for c in columns])
        for obj in objects:
            sheet.append([_cell(c.value(obj)) for c in columns])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


ENTERPRISE_COLUMNS = [
    Column(gettext_lazy("Tax code"), lambda e: e.tax_code),
    Column(gettext_lazy("Legal name (Vietnamese)"), lambda e: e.name_vi),
    Column(gettext_lazy("Foreign name"), lambda e: e.name_foreign),
    Column(gettext_lazy("Short name"), lambda e: e.short_name),
    Column(gettext_lazy("Ownership"), lambda e: e.get_ownership_display()),
    Column(gettext_lazy("Investor country"), lambda e: e.investor_country),
    Column(gettext_lazy("Export-processing"), lambda e: e.is_export_processing),
    Column(gettext_lazy("Industrial park"), lambda e: e.industrial_park),
    Column(gettext_lazy("AEO status"), lambda e: e.get_aeo_status_display()),
    Column(gettext_lazy("Compliance level"), lambda e: e.compliance_level),
    Column(gettext_lazy("Managing unit code"), lambda e: e.managing_branch.code),
    Column(gettext_lazy("Managing unit"), lambda e: e.managing_branch.name_vi),
    Column(gettext_lazy("Province"), lambda e: e.province.name_vi if e.province else ""),
    Column(gettext_lazy("Address"), lambda e: e.address),
    Column(
        gettext_lazy("Import–export type codes"),
        lambda e: " ".join(t.code for t in e.declaration_types.all()),
    ),
    Column(gettext_lazy("Business status"), lambda e: e.get_status_display()),
    Column(gettext_lazy("Deactivated"), lambda e: e.deactivated_at is not None),
]


def enterprise_export_response(queryset, file_format: str):
    return export_response(
        columns=ENTERPRISE_COLUMNS,
        objects=queryset.iterator(chunk_size=2000),
        file_format=file_format,
        basename="enterprises",
    )


def local_date(moment):
    """The local calendar day of a timestamp, so that a spreadsheet sorts and filters it as a date."""
    return timezone.localtime(moment).date() if moment else None


def local_minute(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


# --- The organisation ----------------------------------------------------------------------------------------------

# Rows need `enterprise_count` and `staff_count` (selectors.branch_tree_visible_to), `parent` joined and
# `current_coverages` prefetched (branch_export_queryset).
BRANCH_COLUMNS = [
    Column(gettext_lazy("Code"), lambda b: b.code),
    Column(gettext_lazy("Customs unit"), lambda b: b.name_vi),
    Column(gettext_lazy("English name"), lambda b: b.name_en),
    Column(gettext_lazy("Short name"), lambda b: b.short_name),
    Column(gettext_lazy("Kind"), lambda b: b.get_kind_display()),
    Column(gettext_lazy("Parent unit code"), lambda b: b.parent.code if b.parent_id else ""),
    Column(gettext_lazy("Region"), lambda b: b.roman_numeral),
    Column(gettext_lazy("Customs office code"), lambda b: b.customs_office_code),
    Column(gettext_lazy("Provinces today"), lambda b: ", ".join(c.province.name_vi for c in b.current_coverages)),
    Column(gettext_lazy("Enterprises managed directly"), lambda b: b.enterprise_count),
    Column(gettext_lazy("Staff"), lambda b: b.staff_count),
    Column(gettext_lazy("Active from"), lambda b: b.active_from),
    Column(gettext_lazy("Active to"), lambda b: b.active_to),
    Column(gettext_lazy("Active"), lambda b: b.is_active),
]


def branch_export_queryset(queryset):
    """What BRANCH_COLUMNS read, joined: the parent and the provinces each unit covers today (one query)."""
    today = timezone.localdate()
    current = (
        BranchCoverage.objects.filter(valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .select_related("province")
        .order_by("province__name_vi")
    )
    return queryset.select_related("parent").prefetch_related(
        Prefetch("coverages", queryset=current, to_attr="current_coverages")
    )


STAFF_COLUMNS = [
    Column(gettext_lazy("Username"), lambda u: u.username),
    Column(gettext_lazy("Full name"), lambda u: u.full_name),
    Column(gettext_lazy("Email"), lambda u: u.email),
    Column(gettext_lazy("Customs unit code"), lambda u: u.staff_membership.branch.code),
    Column(gettext_lazy("Customs unit"), lambda u: u.staff_membership.branch.name_vi),
    Column(gettext_lazy("Role"), lambda u: u.staff_membership.get_role_display()),
    Column(gettext_lazy("Job title"), lambda u: u.staff_membership.title),
    Column(gettext_lazy("Active"), lambda u: u.is_active),
    Column(gettext_lazy("Last login"), lambda u: local_date(u.last_login)),
]

# --- Portal sign-ups, notifications and the outbox -----------------------------------------------------------------

SIGNUP_COLUMNS = [
    Column(gettext_lazy("Received on"), lambda s: local_date(s.created_at)),
    Column(gettext_lazy("Tax code"), lambda s: s.tax_code),
    Column(gettext_lazy("Enterprise name (as typed)"), lambda s: s.enterprise_name),
    Column(gettext_lazy("Matched enterprise"), lambda s: s.enterprise.name_vi if s.enterprise_id else ""),
    Column(gettext_lazy("Managing unit code"), lambda s: s.enterprise.managing_branch.code if s.enterprise_id else ""),
    Column(gettext_lazy("Applicant"), lambda s: s.user.full_name),
    Column(gettext_lazy("Email"), lambda s: s.user.email),
    Column(gettext_lazy("Position"), lambda s: s.position),
    Column(gettext_lazy("Status"), lambda s: s.get_status_display()),
    Column(gettext_lazy("Reviewed by"), lambda s: s.reviewed_by.display_name if s.reviewed_by_id else ""),
    Column(gettext_lazy("Reviewed on"), lambda s: local_date(s.reviewed_at)),
    Column(gettext_lazy("Note"), lambda s: s.review_note),
]


# One's own inbox: what it is about and when, nothing of the delivery machinery.
NOTIFICATION_COLUMNS = [
    Column(gettext_lazy("Received"), lambda n: local_minute(n.created_at)),
    Column(gettext_lazy("Kind"), lambda n: n.get_kind_display()),
    Column(gettext_lazy("About"), summary),
    Column(gettext_lazy("Read on"), lambda n: local_date(n.read_at)),
]

# The outbox (headquarters administrators): delivery state, without the message payload.
OUTBOX_COLUMNS = [
    Column(gettext_lazy("Written"), lambda n: local_minute(n.created_at)),
    Column(gettext_lazy("Kind"), lambda n: n.get_kind_display()),
    Column(gettext_lazy("Recipient"), lambda n: n.recipient.username if n.recipient_id else ""),
    Column(gettext_lazy("Email"), lambda n: n.email),
    Column(gettext_lazy("About"), lambda n: n.subject),
    Column(gettext_lazy("Status"), lambda n: n.get_status_display()),
    Column(gettext_lazy("Attempts"), lambda n: n.attempts),
    Column(gettext_lazy("Next attempt"), lambda n: local_minute(n.next_attempt_at)),
    Column(gettext_lazy("Sent"), lambda n: local_minute(n.sent_at)),
    Column(gettext_lazy("Last error"), lambda n: n.last_error),
]
