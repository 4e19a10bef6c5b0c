"""The period report page: a unit's subtree (headquarters picks any unit) for a period, as a clean page to print on
A4 and as an XLSX workbook (`?as=xlsx`)."""

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from crm import dashboard, reports
from crm.models import Branch
from crm.views.dashboard import period_choices, requested_period
from crm.views.decorators import manager_required


@manager_required
def report_page(request):
    today = timezone.localdate()
    unit = dashboard.unit_for(request.user, request.GET.get("unit"))
    if unit is None:
        raise Http404
    context = {
        "unit": unit,
        "units": Branch.objects.visible_to(request.user).order_by("path").only("pk", "name_vi", "depth", "code"),
        "period_choices": period_choices(today),
        "title": _("Period report"),
    }
    period, error = requested_period(request, today)
    if error:
        context.update(period_error=error)
        return render(request, "crm/reports/period.html", context, status=400)
    file_format = request.GET.get("as", "")
    if file_format and file_format != "xlsx":
        return HttpResponseBadRequest(_("Unknown format %(fmt)s; use xlsx.") % {"fmt": file_format[:10]})
    report = reports.period_report(unit, period, today=today)
    if file_format:
        return reports.xlsx_response(report)
    context.update(report=report, period=period, custom=period.kind == "custom")
    return render(request, "crm/reports/period.html", context)


urlpatterns = [path("reports/", report_page, name="report-period")]
