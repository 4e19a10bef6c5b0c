"""HTML view: import enterprises from CSV/XLSX — upload, preview (a dry run), then confirm without re-uploading."""

import csv
import io

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.services import imports as import_services
from crm.views.decorators import manager_required
from crm.views.uploads import StagedImport

URLS = {"import_url": reverse_lazy("enterprise-import"), "list_url": reverse_lazy("enterprise-list")}
STAGED = StagedImport(
    session_key="enterprise_import",
    prefix="enterprises",
    run=lambda **kwargs: import_services.import_enterprises_file(**kwargs),
)

# (Vietnamese header, English header, required, example, explanation) — the template file uses the Vietnamese row.
COLUMNS = [
    (
        "Mã số thuế",
        "tax_code",
        "yes",
        "2300123454",
        gettext_lazy("10 digits (or 13 as NNNNNNNNNN-NNN); identifies the enterprise."),
    ),
    ("Tên doanh nghiệp", "name_vi", "yes", "Công ty TNHH Điện tử Minh Phát", gettext_lazy("Legal name in Vietnamese.")),
    (
        "Mã đơn vị quản lý",
        "managing unit code",
        "new",
        "KV05",
        gettext_lazy("Code of the managing customs unit; may be left out for enterprises already registered."),
    ),
    ("Tên nước ngoài", "foreign name", "", "Minh Phat Electronics Co., Ltd", ""),
    ("Tên viết tắt", "short_name", "", "MPE", ""),
    (
        "Loại hình sở hữu",
        "ownership",
        "",
        "fdi_100",
        gettext_lazy("state, domestic, fdi_100, fdi_jv — or the Vietnamese label (Nhà nước, Tư nhân, Liên doanh…)."),
    ),
    ("Quốc gia đầu tư", "investor_country", "", "KR", gettext_lazy("Two-letter country code.")),
    ("Doanh nghiệp chế xuất", "EPE", "", "x", gettext_lazy("1 / x / có for yes; 0 / không or blank for no.")),
    ("Khu công nghiệp", "industrial park", "", "KCN Yên Phong", ""),
    (
        "Doanh nghiệp ưu tiên",
        "AEO",
        "",
        "không",
        gettext_lazy("none, applicant, recognised, suspended, revoked — or có / không."),
    ),
    ("Mức độ tuân thủ", "compliance_level", "", "2", gettext_lazy("1 (best) to 5.")),
    ("Tỉnh", "province", "", "Bắc Ninh", gettext_lazy("Province code or name, with or without diacritics.")),
    ("Địa chỉ", "address", "", "Lô A2, KCN Yên Phong, Bắc Ninh", ""),
    ("Điện thoại", "phone", "", "+84 222 3699 888", ""),
    ("Email", "email", "", "xnk@minhphat.com.vn", ""),
    ("Website", "website", "", "https://minhphat.com.vn", ""),
    (
        "Mã loại hình",
        "type_codes",
        "",
        "E31 E62 A12",
        gettext_lazy("Import–export type codes separated by spaces, commas or semicolons."),
    ),
    ("Nhóm doanh nghiệp", "segments", "", "processing", gettext_lazy("Segment codes, separated like type codes.")),
    (
        "Trạng thái",
        "status",
        "",
        "active",
        gettext_lazy("active, suspended, dissolved, closed — or the Vietnamese label."),
    ),
]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (CSV UTF-8 or Excel .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


@manager_required
def enterprise_import(request):
    if request.method == "GET" and request.GET.get("template") == "csv":
        return _template_csv()
    if request.method == "POST" and request.POST.get("action") == "confirm":
        return _confirm(request)
    report = None
    form = ImportForm()
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            report = STAGED.preview(request, form)
    return render(
        request,
        "crm/enterprises/import.html",
        {
            "form": form,
            "report": report,
            "can_confirm": bool(report and not report.errors and STAGED.ready(request)),
            "columns": COLUMNS,
            **URLS,
        },
    )


def _confirm(request):
    outcome = STAGED.confirm(request)
    if outcome.gone:
        messages.error(request, _("The uploaded file is no longer available; upload it again."))
        return redirect("enterprise-import")
    form = ImportForm()
    if outcome.error:
        form.add_error("file", outcome.error)
    elif not outcome.report.errors:
        messages.success(
            request,
            _("Import finished: %(created)s enterprises created, %(updated)s updated.")
            % {"created": outcome.report.created, "updated": outcome.report.updated},
        )
        return redirect("enterprise-list")
    # The register changed since the preview (e.g. someone added one of the tax codes): show why, start over.
    return render(
        request,
        "crm/enterprises/import.html",
        {"form": form, "report": outcome.report, "can_confirm": False, "columns": COLUMNS, **URLS},
    )


def _template_csv() -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column[0] for column in COLUMNS])
    writer.writerow([column[3] for column in COLUMNS])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="enterprise-import-template.csv"'
    return response
