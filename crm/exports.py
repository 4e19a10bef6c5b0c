"""CSV and XLSX exports of lists, with the filters the user applied (CSV streams; XLSX is written in one pass)."""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.errors import DomainError

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
