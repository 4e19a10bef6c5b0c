"""HTML pages of the monthly statistics: the list with its totals and export, the form, and the file import."""

import copy
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from crm import access, exports
from crm.errors import DomainError
from crm.forms.org import add_service_error
from crm.views.decorators import manager_required, staff_required
from crm.views.uploads import StagedImport
from partnerships import selectors
from partnerships.exports import STATISTIC_COLUMNS
from partnerships.filters import MonthlyStatisticFilter
from partnerships.forms.statistics import MonthlyStatisticForm, StatisticImportForm
from partnerships.models.statistics import FIGURE_FIELDS
from partnerships.services import statistics as services

PAGE_SIZE = 50
STAGED = StagedImport(
    session_key="statistic_import",
    prefix="statistics",
    run=lambda **kwargs: services.import_statistics_file(**kwargs),
)
LIST_FILTERS = ("branch", "year")
# Active enterprises are a head count per month: adding months up would mean nothing.
SUMMED_FIELDS = [name for name in FIGURE_FIELDS if name != "active_enterprises"]

# (Vietnamese header, English header, required, example, explanation): the template file uses the Vietnamese row.
COLUMNS = [
    ("Mã đơn vị", "unit code", True, "KV05-YP", gettext_lazy("Code of the customs unit.")),
    ("Tháng", "month", True, "2026-05", gettext_lazy("2026-05 or 05/2026.")),
    (
        "Thu ngân sách (VNĐ)",
        "budget revenue (VND)",
        False,
        512_345_000_000,
        gettext_lazy("Whole đồng; 1.234.567 and 1,234,567 are read alike."),
    ),
    ("Tờ khai nhập khẩu", "import declarations", False, 10_250, ""),
    ("Tờ khai xuất khẩu", "export declarations", False, 12_480, ""),
    ("Luồng xanh", "green channel", False, 15_900, ""),
    ("Luồng vàng", "yellow channel", False, 5_830, ""),
    (
        "Luồng đỏ",
        "red channel",
        False,
        1_000,
        gettext_lazy("Green + yellow + red must equal import + export declarations."),
    ),
    (
        "Kim ngạch nhập khẩu (USD)",
        "import value (USD)",
        False,
        1_250_000_000.5,
        gettext_lazy("USD with up to two decimals: 1,234,567.89 or 1.234.567,89."),
    ),
    ("Kim ngạch xuất khẩu (USD)", "export value (USD)", False, 1_480_000_000, ""),
    (
        "Số doanh nghiệp hoạt động",
        "active enterprises",
        False,
        1_245,
        gettext_lazy("Enterprises with at least one declaration in the month."),
    ),
    ("Ghi chú", "note", False, "", ""),
]


def _filter(request) -> MonthlyStatisticFilter:
    return MonthlyStatisticFilter(
        request.GET, queryset=selectors.monthly_statistics_visible_to(request.user), request=request
    )


def _filter_errors(filterset) -> list[str]:
    form = filterset.form
    return [f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()]


@staff_required
def statistic_list(request):
    filterset = _filter(request)
    is_valid = filterset.is_valid()
    queryset = filterset.qs if is_valid else filterset.queryset.none()
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    totals = queryset.order_by().aggregate(**{name: Sum(name) for name in SUMMED_FIELDS})
    context = {
        "form": filterset.form,
        "filter_fields": [filterset.form[name] for name in LIST_FILTERS],
        "page_obj": page_obj,
        "statistics": page_obj.object_list,
        "totals": totals,
        "is_filtered": any(request.GET.get(name) for name in filterset.form.fields),
        "filter_errors": [] if is_valid else _filter_errors(filterset),
        "can_write": access.is_manager(request.user),
    }
    return render(request, "partnerships/statistics/list.html", context)


@staff_required
def statistic_export(request):
    filterset = _filter(request)
    if not filterset.is_valid():
        return HttpResponse(
            _("Cannot export: %(errors)s") % {"errors": "; ".join(_filter_errors(filterset))},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    try:
        return exports.export_response(
            columns=STATISTIC_COLUMNS,
            objects=filterset.qs.iterator(chunk_size=1000),
            file_format=request.GET.get("as", "csv"),
            basename="monthly-statistics",
        )
    except DomainError as exc:
        return HttpResponse(exc.message, status=400, content_type="text/plain; charset=utf-8")


def _list_url(statistic) -> str:
    return f"{reverse('statistic-list')}?branch={statistic.branch_id}&year={statistic.month.year}"


def _save(request, form, statistic=None):
    """Save through the service; a refused save shows its message beside the field and keeps what was typed."""
    try:
        saved = services.save_monthly_statistic(by=request.user, statistic=statistic, **form.cleaned_data)
    except (DomainError, ValidationError) as exc:
        add_service_error(form, exc)
        return None
    messages.success(
        request,
        _("Figures saved: %(unit)s, %(month)s.") % {"unit": saved.branch.name_vi, "month": f"{saved.month:%m/%Y}"},
    )
    return redirect(_list_url(saved))


@manager_required
def statistic_create(request):
    initial = {}
    home = access.home_branch(request.user)
    if home is not None:
        initial["branch"] = home.pk
    form = MonthlyStatisticForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid() and (response := _save(request, form)):
        return response
    return render(request, "partnerships/statistics/form.html", {"form": form, "statistic": None})


@manager_required
def statistic_edit(request, pk):
    statistic = get_object_or_404(selectors.monthly_statistics_visible_to(request.user), pk=pk)
    form = MonthlyStatisticForm(request.POST or None, user=request.user, instance=copy.copy(statistic))
    if request.method == "POST" and form.is_valid() and (response := _save(request, form, form.instance)):
        return response
    return render(request, "partnerships/statistics/form.html", {"form": form, "statistic": statistic})


@manager_required
@require_POST
def statistic_delete(request, pk):
    statistic = get_object_or_404(selectors.monthly_statistics_visible_to(request.user), pk=pk)
    services.delete_monthly_statistic(by=request.user, statistic=statistic)
    messages.success(
        request,
        _("Figures deleted: %(unit)s, %(month)s.")
        % {"unit": statistic.branch.name_vi, "month": f"{statistic.month:%m/%Y}"},
    )
    return redirect(_list_url(statistic))


# --- Import -------------------------------------------------------------------------------------------------------


@manager_required
def statistic_import(request):
    if request.method == "GET" and request.GET.get("template") == "xlsx":
        return _template_xlsx()
    if request.method == "POST" and request.POST.get("action") == "confirm":
        return _confirm(request)
    report = None
    form = StatisticImportForm()
    if request.method == "POST":
        form = StatisticImportForm(request.POST, request.FILES)
        if form.is_valid():
            report = STAGED.preview(request, form)
    return _import_page(request, form, report, can_confirm=bool(report and not report.errors))


def _import_page(request, form, report, *, can_confirm: bool):
    return render(
        request,
        "partnerships/statistics/import.html",
        {
            "form": form,
            "report": report,
            "can_confirm": can_confirm and STAGED.ready(request),
            "columns": COLUMNS,
            "import_url": reverse("statistic-import"),
            "list_url": reverse("statistic-list"),
        },
    )


def _confirm(request):
    outcome = STAGED.confirm(request)
    if outcome.gone:
        messages.error(request, _("The uploaded file is no longer available; upload it again."))
        return redirect("statistic-import")
    form = StatisticImportForm()
    if outcome.error:
        form.add_error("file", outcome.error)
    elif not outcome.report.errors:
        messages.success(
            request,
            _("Import finished: %(created)s months added, %(updated)s updated.")
            % {"created": outcome.report.created, "updated": outcome.report.updated},
        )
        return redirect("statistic-list")
    # The figures changed since the preview (e.g. someone entered one of the months): show why, start over.
    return _import_page(request, form, outcome.report, can_confirm=False)


def _template_xlsx() -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Số liệu tháng")
    sheet.append([column[0] for column in COLUMNS])
    sheet.append([column[3] for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="monthly-statistics-template.xlsx"'
    return response


urlpatterns = [
    path("statistics/", statistic_list, name="statistic-list"),
    path("statistics/new/", statistic_create, name="statistic-create"),
    path("statistics/export/", statistic_export, name="statistic-export"),
    path("statistics/import/", statistic_import, name="statistic-import"),
    path("statistics/<int:pk>/edit/", statistic_edit, name="statistic-edit"),
    path("statistics/<int:pk>/delete/", statistic_delete, name="statistic-delete"),
]
