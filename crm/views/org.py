"""HTML pages of the organisation: the customs unit tree, province coverage, provinces and staff accounts.

Managers read their own subtree; headquarters administrators see everything and are the only ones who change it.
"""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm import exports, selectors
from crm.errors import DomainError
from crm.forms.org import (
    BranchFilterForm,
    BranchForm,
    CoverageEndForm,
    CoverageForm,
    ProvinceFilterForm,
    ProvinceForm,
    StaffAccountForm,
    StaffFilterForm,
    add_service_error,
)
from crm.models import Enterprise
from crm.services import branches as branch_services
from crm.services import reference as reference_services
from crm.services import staff as staff_services
from crm.text import search_key
from crm.views.decorators import hq_admin_required, manager_required

PROVINCE_PAGE_SIZE = 50
STAFF_PAGE_SIZE = 25


@manager_required
def branch_list(request):
    """The tree, filtered in Python: it holds a few hundred units at most and the search ignores diacritics."""
    units = list(exports.branch_export_queryset(selectors.branch_tree_visible_to(request.user)))
    total = len(units)
    _add_subtree_enterprise_counts(units)
    root_depth = min((unit.depth for unit in units), default=0)
    form = BranchFilterForm(request.GET)
    filtered = False
    if form.is_valid():
        kind, key = form.cleaned_data["kind"], search_key(form.cleaned_data["q"])
        if kind:
            units = [unit for unit in units if unit.kind == kind]
        if key:
            units = [u for u in units if key in search_key(u.code, u.name_vi, u.name_en, u.short_name)]
        filtered = bool(kind or key)
    if exports.wants_export(request):
        return _export_list(request, form, columns=exports.BRANCH_COLUMNS, rows=units, basename="customs-units")
    for unit in units:
        unit.tree_depth = unit.depth - root_depth
    return render(
        request,
        "crm/org/branch_list.html",
        {"form": form, "units": units, "total": total, "filtered": filtered, "subnav": "branches"},
    )


def _export_list(request, form, *, columns, rows, basename):
    """A list already filtered in Python as a download (invalid filters or an unknown format: 400 with a message)."""
    if not form.is_valid():
        return exports.text_error(
            _("Cannot export: %(errors)s") % {"errors": "; ".join(exports.form_error_messages(form))}
        )
    try:
        return exports.export_response(columns=columns, objects=rows, file_format=request.GET["as"], basename=basename)
    except DomainError as exc:
        return exports.text_error(exc.message)


def _add_subtree_enterprise_counts(units) -> None:
    """unit.subtree_enterprise_count: its enterprises and those of every unit under it (units in path order)."""
    by_id = {unit.pk: unit for unit in units}
    for unit in units:
        unit.subtree_enterprise_count = unit.enterprise_count
    for unit in reversed(units):  # children come after their parent in path order, so they are summed first
        parent = by_id.get(unit.parent_id)
        if parent is not None:
            parent.subtree_enterprise_count += unit.subtree_enterprise_count


def _ancestor_ids(branch) -> list[int]:
    """The ids above a unit, read from its materialised path ("0000001/0000004/0000009/" → [1, 4])."""
    return [int(part) for part in branch.path.split("/") if part][:-1]


@manager_required
def branch_detail(request, pk):
    user = request.user
    branch = get_object_or_404(selectors.branch_tree_visible_to(user), pk=pk)
    today = timezone.localdate()
    coverages = list(selectors.coverages_visible_to(user).filter(branch=branch))
    for coverage in coverages:
        if coverage.valid_from > today:
            coverage.state = "upcoming"
        elif coverage.is_current(today):
            coverage.state = "current"
        else:
            coverage.state = "ended"
        coverage.can_end = coverage.valid_to is None or coverage.valid_to >= today
    context = {
        "branch": branch,
        "ancestors": selectors.branches_visible_to(user).filter(pk__in=_ancestor_ids(branch)),
        "children": selectors.branch_tree_visible_to(user).filter(parent=branch),
        "coverages": coverages,
        "staff": selectors.staff_accounts_visible_to(user).filter(staff_membership__branch=branch),
        "subtree_enterprise_count": Enterprise.objects.visible_to(user)
        .filter(managing_branch__path__startswith=branch.path)
        .count(),
        "today": today,
        "subnav": "branches",
    }
    return render(request, "crm/org/branch_detail.html", context)


@hq_admin_required
def branch_create(request):
    initial = {}
    if request.GET.get("parent", "").isdigit():
        initial["parent"] = int(request.GET["parent"])
    form = BranchForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            branch = branch_services.create_branch(
                by=request.user, parent=form.cleaned_data["parent"], **form.service_fields()
            )
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Unit %(name)s created.") % {"name": branch.name_vi})
            return redirect("branch-detail", pk=branch.pk)
    return render(request, "crm/org/branch_form.html", {"form": form, "branch": None, "subnav": "branches"})


@hq_admin_required
def branch_edit(request, pk):
    branch = get_object_or_404(selectors.branches_visible_to(request.user), pk=pk)
    form = BranchForm(request.POST or None, instance=branch, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            branch = branch_services.update_branch(
                branch=branch, by=request.user, parent=form.cleaned_data["parent"], **form.service_fields()
            )
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Unit %(name)s saved.") % {"name": branch.name_vi})
            return redirect("branch-detail", pk=branch.pk)
    return render(request, "crm/org/branch_form.html", {"form": form, "branch": branch, "subnav": "branches"})


@hq_admin_required
def coverage_create(request, pk):
    branch = get_object_or_404(selectors.branches_visible_to(request.user), pk=pk)
    form = CoverageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            coverage = branch_services.add_coverage(by=request.user, branch=branch, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(branch)s now covers %(province)s.")
                % {"branch": branch.name_vi, "province": coverage.province.name_vi},
            )
            return redirect("branch-detail", pk=branch.pk)
    return render(request, "crm/org/coverage_form.html", {"form": form, "branch": branch, "subnav": "branches"})


@hq_admin_required
@require_POST
def coverage_end(request, pk):
    coverage = get_object_or_404(selectors.coverages_visible_to(request.user), pk=pk)
    form = CoverageEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the last day the unit covers the province."))
        return redirect("branch-detail", pk=coverage.branch_id)
    try:
        coverage = branch_services.end_coverage(by=request.user, coverage=coverage, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Coverage of %(province)s ends on %(day)s.")
            % {"province": coverage.province.name_vi, "day": coverage.valid_to.strftime("%d/%m/%Y")},
        )
    return redirect("branch-detail", pk=coverage.branch_id)


@manager_required
def province_list(request):
    provinces = selectors.provinces()
    form = ProvinceFilterForm(request.GET)
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        if query:
            provinces = provinces.filter(Q(search_name__contains=search_key(query)) | Q(code__iexact=query))
        today = timezone.localdate()
        in_force = Q(valid_to__isnull=True) | Q(valid_to__gte=today)
        if form.cleaned_data["state"] == ProvinceFilterForm.CURRENT:
            provinces = provinces.filter(in_force)
        elif form.cleaned_data["state"] == ProvinceFilterForm.ENDED:
            provinces = provinces.exclude(in_force)
    page = Paginator(provinces, PROVINCE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "crm/org/province_list.html", {"form": form, "page_obj": page, "subnav": "provinces"})


def _province_form_page(request, province):
    form = ProvinceForm(request.POST or None, instance=province)
    if request.method == "POST" and form.is_valid():
        try:
            saved = reference_services.save_province(by=request.user, province=province, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Province %(name)s saved.") % {"name": saved.name_vi})
            return redirect("province-list")
    context = {"form": form, "province": province, "subnav": "provinces"}
    return render(request, "crm/org/province_form.html", context)


@hq_admin_required
def province_create(request):
    return _province_form_page(request, None)


@hq_admin_required
def province_edit(request, pk):
    return _province_form_page(request, get_object_or_404(selectors.provinces(), pk=pk))


@manager_required
def staff_list(request):
    accounts = selectors.staff_accounts_visible_to(request.user)
    form = StaffFilterForm(request.GET, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        if query := data["q"].strip():
            accounts = accounts.filter(
                Q(username__icontains=query) | Q(full_name__icontains=query) | Q(email__icontains=query)
            )
        if data["branch"] is not None:
            accounts = accounts.filter(staff_membership__branch__path__startswith=data["branch"].path)
        if data["role"]:
            accounts = accounts.filter(staff_membership__role=data["role"])
        if data["active"]:
            accounts = accounts.filter(is_active=data["active"] == StaffFilterForm.ACTIVE)
    if exports.wants_export(request):
        return exports.export_queryset(
            columns=exports.STAFF_COLUMNS,
            queryset=accounts,
            form=form,
            file_format=request.GET["as"],
            basename="staff-accounts",
        )
    page = Paginator(accounts, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "crm/org/staff_list.html", {"form": form, "page_obj": page, "subnav": "staff"})


@hq_admin_required
def staff_create(request):
    initial = {}
    if request.GET.get("branch", "").isdigit():
        initial["branch"] = int(request.GET["branch"])
    form = StaffAccountForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            account = staff_services.create_staff_account(
                by=request.user,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                **form.membership_fields(),
            )
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Account %(name)s created.") % {"name": account.username})
            return redirect("staff-list")
    return render(request, "crm/org/staff_form.html", {"form": form, "account": None, "subnav": "staff"})


@hq_admin_required
def staff_edit(request, pk):
    account = get_object_or_404(selectors.staff_accounts_visible_to(request.user), pk=pk)
    form = StaffAccountForm(
        request.POST or None, user=request.user, account=account, initial=StaffAccountForm.initial_for(account)
    )
    if request.method == "POST" and form.is_valid():
        try:
            account = staff_services.update_staff_account(
                by=request.user, user=account, is_active=form.cleaned_data["is_active"], **form.membership_fields()
            )
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            if password := form.cleaned_data["password"]:
                staff_services.set_password(by=request.user, user=account, password=password)
                if account.pk == request.user.pk:
                    update_session_auth_hash(request, account)  # changing one's own password keeps this session
            messages.success(request, _("Account %(name)s saved.") % {"name": account.username})
            return redirect("staff-list")
    return render(request, "crm/org/staff_form.html", {"form": form, "account": account, "subnav": "staff"})
