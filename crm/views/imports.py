"""HTML view: import enterprises from CSV/XLSX — upload, preview (a dry run), then confirm without re-uploading."""

import csv
import io
import uuid

from django import forms
from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.errors import DomainError
from crm.services import imports as import_services
from crm.views.decorators import manager_required

SESSION_KEY = "enterprise_import"

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
            report = _preview(request, form)
    return render(
        request,
        "crm/enterprises/import.html",
        {
            "form": form,
            "report": report,
            "can_confirm": bool(report and not report.errors and request.session.get(SESSION_KEY)),
            "columns": COLUMNS,
        },
    )


def _preview(request, form):
    """Dry-run the upload; when it is clean, keep the bytes so that "Confirm import" needs no second upload."""
    upload = form.cleaned_data["file"]
    _forget_stored_file(request)
    try:
        report = import_services.import_enterprises_file(upload=upload, by=request.user, dry_run=True)
    except DomainError as exc:
        form.add_error("file", exc.message)
        return None
    if not report.errors:
        data = import_services.read_upload(upload)
        extension = "xlsx" if data.startswith(import_services.ZIP_MAGIC) else "csv"
        name = default_storage.save(f"imports/{uuid.uuid4()}.{extension}", ContentFile(data))
        request.session[SESSION_KEY] = name
    return report


def _confirm(request):
    name = request.session.get(SESSION_KEY)
    if not name or not default_storage.exists(name):
        request.session.pop(SESSION_KEY, None)
        messages.error(request, _("The uploaded file is no longer available; upload it again."))
        return redirect("enterprise-import")
    form = ImportForm()
    try:
        with default_storage.open(name, "rb") as stored:
            report = import_services.import_enterprises_file(upload=stored, by=request.user, dry_run=False)
    except DomainError as exc:
        _forget_stored_file(request)
        form.add_error("file", exc.message)
        report = None
    else:
        if not report.errors:
            _forget_stored_file(request)
            messages.success(
                request,
                _("Import finished: %(created)s enterprises created, %(updated)s updated.")
                % {"created": report.created, "updated": report.updated},
            )
            return redirect("enterprise-list")
        # The register changed since the preview (e.g. someone added one of the tax codes): show why, start over.
        _forget_stored_file(request)
    return render(
        request,
        "crm/enterprises/import.html",
        {"form": form, "report": report, "can_confirm": False, "columns": COLUMNS},
    )


def _forget_stored_file(request) -> None:
    name = request.session.pop(SESSION_KEY, None)
    if name and default_storage.exists(name):
        default_storage.delete(name)


def _template_csv() -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column[0] for column in COLUMNS])
    writer.writerow([column[3] for column in COLUMNS])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="enterprise-import-template.csv"'
    return response
