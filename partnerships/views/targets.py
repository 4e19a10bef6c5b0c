"""HTML pages of the partnerships app: a unit's yearly targets and its progress against them."""

import copy
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from crm import access, exports
from crm.errors import DomainError
from crm.forms.org import add_service_error
from crm.models import Branch
from crm.views.decorators import manager_required, staff_required
from partnerships import progress, selectors
from partnerships.exports import PROGRESS_COLUMNS
from partnerships.forms.targets import TargetForm, TargetPeriodForm
from partnerships.models import PERCENT_METRICS, Metric, Target
from partnerships.services import targets as services


def _number(value) -> str:
    """A figure as people read it: grouped thousands, no trailing zero decimals (10.00 → 10, 12.50 → 12.5)."""
    if value is None:
        return ""
    value = Decimal(value)
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return formats.number_format(value, use_l10n=True, force_grouping=True)


@dataclass
class Row:
    """One metric of the progress table, ready to show."""

    metric: Metric
    target: Target | None
    actual: Decimal | None
    pct_of_assigned: Decimal | None
    pct_of_striving: Decimal | None

    @property
    def label(self) -> str:
        return self.metric.label

    @property
    def is_percent(self) -> bool:
        return self.metric in PERCENT_METRICS

    @property
    def measured(self) -> bool:
        return self.actual is not None

    @property
    def has_source(self) -> bool:
        """Measured here, though possibly with no data in the year (e.g. no answer rated yet)."""
        return progress.source(self.metric) is not None

    @property
    def assigned(self) -> str:
        return _number(self.target.assigned) if self.target else ""

    @property
    def striving(self) -> str:
        return _number(self.target.striving) if self.target else ""

    @property
    def actual_text(self) -> str:
        return _number(self.actual)

    @property
    def assigned_pct_text(self) -> str:
        return _number(self.pct_of_assigned)

    @property
    def striving_pct_text(self) -> str:
        return _number(self.pct_of_striving)

    @property
    def bar(self) -> Decimal:
        """How full the bar of % of assigned is (capped at 100)."""
        return min(self.pct_of_assigned or Decimal(0), Decimal(100))

    @property
    def bar_value(self) -> str:
        """`bar` for the value attribute of <progress>: a dot as decimal separator whatever the language."""
        return f"{self.bar:.1f}"

    @property
    def reached(self) -> bool:
        return self.pct_of_assigned is not None and self.pct_of_assigned >= 100


def _progress_rows(user, branch: Branch, year: int) -> list[Row]:
    return [
        Row(
            metric=p.metric,
            target=p.target,
            actual=p.actual,
            pct_of_assigned=p.pct_of_assigned,
            pct_of_striving=p.pct_of_striving,
        )
        for p in selectors.target_progress(user, branch=branch, year=year)
    ]


def _period(request) -> tuple[TargetPeriodForm, Branch, int]:
    """The unit and year asked for (default: home unit, this year). A unit outside the user's subtree is a 404."""
    user = request.user
    branches = Branch.objects.visible_to(user)
    raw_branch = request.GET.get("branch", "")
    if raw_branch:
        if not raw_branch.isdigit():
            raise Http404
        branch = get_object_or_404(branches, pk=raw_branch)
    else:
        branch = access.home_branch(user) or branches.order_by("path").first()
        if branch is None:
            raise Http404
    year = timezone.localdate().year
    form = TargetPeriodForm({"branch": branch.pk, "year": request.GET.get("year") or year}, user=user)
    if form.is_valid():
        year = form.cleaned_data["year"]
    return form, branch, year


@staff_required
def target_list(request):
    form, branch, year = _period(request)
    rows = _progress_rows(request.user, branch, year)
    context = {
        "form": form,
        "branch": branch,
        "year": year,
        "rows": rows,
        "set_count": sum(1 for row in rows if row.target),
        "can_set": access.is_manager(request.user),
    }
    return render(request, "partnerships/targets/list.html", context)


@staff_required
def target_export(request):
    _form, branch, year = _period(request)
    try:
        return exports.export_response(
            columns=PROGRESS_COLUMNS,
            objects=_progress_rows(request.user, branch, year),
            file_format=request.GET.get("as", "csv"),
            basename=f"targets-{branch.code}-{year}",
        )
    except DomainError as exc:
        return HttpResponse(exc.message, status=400, content_type="text/plain; charset=utf-8")


def _list_url(target: Target) -> str:
    return f"{reverse('target-list')}?branch={target.branch_id}&year={target.year}"


@manager_required
def target_create(request):
    initial = {}
    branches = Branch.objects.visible_to(request.user)
    if request.GET.get("branch", "").isdigit() and branches.filter(pk=request.GET["branch"]).exists():
        initial["branch"] = int(request.GET["branch"])
    elif access.home_branch(request.user) is not None:
        initial["branch"] = access.home_branch(request.user).pk
    if request.GET.get("year", "").isdigit():
        initial["year"] = int(request.GET["year"])
    if request.GET.get("metric") in Metric.values:
        initial["metric"] = request.GET["metric"]
    form = TargetForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            target = services.save_target(by=request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Target set: %(metric)s, %(year)s.") % {"metric": target.get_metric_display(), "year": target.year},
            )
            return redirect(_list_url(target))
    return render(request, "partnerships/targets/form.html", {"form": form, "target": None})


@manager_required
def target_edit(request, pk):
    target = get_object_or_404(selectors.targets_visible_to(request.user), pk=pk)
    form = TargetForm(request.POST or None, user=request.user, instance=copy.copy(target))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_target(by=request.user, target=form.instance, **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Target saved: %(metric)s, %(year)s.") % {"metric": saved.get_metric_display(), "year": saved.year},
            )
            return redirect(_list_url(saved))
    return render(request, "partnerships/targets/form.html", {"form": form, "target": target})


urlpatterns = [
    path("targets/", target_list, name="target-list"),
    path("targets/new/", target_create, name="target-create"),
    path("targets/export/", target_export, name="target-export"),
    path("targets/<int:pk>/edit/", target_edit, name="target-edit"),
]
