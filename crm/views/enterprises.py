"""HTML views: the enterprise register (list, detail, create/edit, deactivate, export), contacts and dependent units."""

import copy
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from crm import exports, selectors
from crm.errors import DomainError
from crm.filters import EnterpriseFilter
from crm.forms.enterprises import (
    ContactForm,
    EnterpriseForm,
    UnitForm,
    add_service_errors,
    polish_enterprise_filter_form,
)
from crm.models import AeoStatus, ComplianceLevel, EnterpriseStatus
from crm.services import enterprises as services
from crm.views.decorators import manager_required, staff_required

AEO_BADGES = {
    AeoStatus.RECOGNISED: (gettext_lazy("AEO"), "badge-ok"),
    AeoStatus.APPLICANT: (gettext_lazy("AEO applicant"), "badge-brand"),
    AeoStatus.SUSPENDED: (gettext_lazy("AEO suspended"), "badge-warn"),
    AeoStatus.REVOKED: (gettext_lazy("AEO revoked"), "badge-danger"),
}
# Filters shown at once above the list; the others sit under "More filters", opened when one of them is in use.
PRIMARY_FILTERS = ("managing_branch", "province", "ownership", "compliance_level")
MORE_FILTERS = ("aeo_status", "is_export_processing", "investor_country", "segment", "type_code", "status")
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# Parameters that do not narrow the list: their presence does not make an empty list "filtered".
NON_FILTER_PARAMS = {"page", "page_size", "as"}


def _enterprise_filter(request) -> EnterpriseFilter:
    """The list's FilterSet over the enterprises this user may see (validated lazily on .qs / .errors)."""
    filterset = EnterpriseFilter(request.GET, queryset=selectors.enterprises_visible_to(request.user), request=request)
    polish_enterprise_filter_form(filterset.form)
    return filterset


def _page_size(request) -> int:
    try:
        size = int(request.GET.get("page_size", PAGE_SIZE))
    except ValueError:
        return PAGE_SIZE
    return min(max(size, 1), MAX_PAGE_SIZE)


def _badges(enterprise) -> list[tuple[str, str, str]]:
    """(text, css class, tooltip) for the status badges shown in the list and on the detail page."""
    badges = []
    if enterprise.deactivated_at is not None:
        badges.append((_("Deactivated"), "badge-danger", _("Hidden from lists; history kept.")))
    if enterprise.status != EnterpriseStatus.ACTIVE:
        badges.append((enterprise.get_status_display(), "badge-warn", _("Business status")))
    if enterprise.is_export_processing:
        badges.append((_("EPE"), "badge-brand", _("Export-processing enterprise")))
    aeo = AEO_BADGES.get(enterprise.aeo_status)
    if aeo is not None:
        badges.append((aeo[0], aeo[1], enterprise.get_aeo_status_display()))
    level = enterprise.compliance_level
    if level is not None:
        css = "badge-ok" if level <= ComplianceLevel.HIGH else "badge-danger" if level >= ComplianceLevel.LOW else ""
        badges.append(
            (_("Level %(n)s") % {"n": level}, css, enterprise.get_compliance_level_display()),
        )
    return badges


def _filter_error_messages(filterset: EnterpriseFilter) -> list[str]:
    form = filterset.form
    return [f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()]


@staff_required
def enterprise_list(request):
    filterset = _enterprise_filter(request)
    is_valid = filterset.is_valid()
    queryset = filterset.qs if is_valid else filterset.queryset.none()
    page_obj = Paginator(queryset, _page_size(request)).get_page(request.GET.get("page"))
    for enterprise in page_obj.object_list:
        enterprise.badges = _badges(enterprise)
    is_filtered = any(value for key, value in request.GET.items() if key not in NON_FILTER_PARAMS)
    form = filterset.form
    context = {
        "filter": filterset,
        "form": form,
        "primary_fields": [form[name] for name in PRIMARY_FILTERS],
        "more_fields": [form[name] for name in (*MORE_FILTERS, "include_inactive")],
        "more_open": any(request.GET.get(name) or name in form.errors for name in (*MORE_FILTERS, "include_inactive")),
        "page_obj": page_obj,
        "enterprises": page_obj.object_list,
        "is_filtered": is_filtered,
        "filter_errors": [] if is_valid else _filter_error_messages(filterset),
    }
    template = "crm/enterprises/_results.html" if request.htmx else "crm/enterprises/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])  # the same URL answers with a page or a fragment
    if request.htmx:
        # Live search sends every filter, empty ones included; keep the address bar to the ones in use.
        query = urlencode([(key, value) for key, value in request.GET.items() if value])
        response["HX-Push-Url"] = f"{request.path}?{query}" if query else request.path
    return response


@staff_required
def enterprise_export(request):
    filterset = _enterprise_filter(request)
    if not filterset.is_valid():
        return HttpResponse(
            _("Cannot export: %(errors)s") % {"errors": "; ".join(_filter_error_messages(filterset))},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    try:
        return exports.enterprise_export_response(filterset.qs, request.GET.get("as", "csv"))
    except DomainError as exc:
        return HttpResponse(exc.message, status=400, content_type="text/plain; charset=utf-8")


@staff_required
def enterprise_detail(request, pk):
    enterprise = get_object_or_404(
        selectors.enterprise_detail_visible_to(request.user).select_related("created_by", "updated_by"), pk=pk
    )
    enterprise.badges = _badges(enterprise)
    return render(request, "crm/enterprises/detail.html", {"enterprise": enterprise})


def _save_enterprise(request, form: EnterpriseForm, enterprise=None):
    """Hand a valid form to the service; return the saved enterprise, or None with the errors put on the form."""
    try:
        if enterprise is None:
            return services.register_enterprise(
                by=request.user, tax_code=form.cleaned_data["tax_code"], **form.service_fields()
            )
        return services.update_enterprise(enterprise=enterprise, by=request.user, **form.service_fields())
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    except ValidationError as exc:
        add_service_errors(form, exc)
    return None


@staff_required
def enterprise_create(request):
    form = EnterpriseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        enterprise = _save_enterprise(request, form)
        if enterprise is not None:
            messages.success(request, _("Enterprise %(name)s registered.") % {"name": enterprise.name_vi})
            return redirect("enterprise-detail", pk=enterprise.pk)
    return render(request, "crm/enterprises/form.html", {"form": form, "enterprise": None})


@staff_required
def enterprise_edit(request, pk):
    enterprise = get_object_or_404(selectors.enterprises_visible_to(request.user), pk=pk)
    # The form and the service work on a copy: a refused save leaves the heading and breadcrumbs as they were.
    form = EnterpriseForm(request.POST or None, instance=copy.copy(enterprise), user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = _save_enterprise(request, form, enterprise=form.instance)
        if saved is not None:
            messages.success(request, _("Changes to %(name)s saved.") % {"name": saved.name_vi})
            return redirect("enterprise-detail", pk=saved.pk)
    return render(request, "crm/enterprises/form.html", {"form": form, "enterprise": enterprise})


@require_POST
@manager_required
def enterprise_deactivate(request, pk):
    enterprise = get_object_or_404(selectors.enterprises_visible_to(request.user), pk=pk)
    try:
        services.deactivate_enterprise(enterprise=enterprise, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(name)s is deactivated: it no longer appears in lists, and its history is kept.")
            % {"name": enterprise.name_vi},
        )
    return redirect("enterprise-detail", pk=enterprise.pk)


@require_POST
@manager_required
def enterprise_reactivate(request, pk):
    enterprise = get_object_or_404(selectors.enterprises_visible_to(request.user), pk=pk)
    try:
        services.reactivate_enterprise(enterprise=enterprise, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(name)s is active again.") % {"name": enterprise.name_vi})
    return redirect("enterprise-detail", pk=enterprise.pk)


def _render_child_form(request, *, form, enterprise, title):
    """The page for the small forms that belong to one enterprise (contacts, dependent units)."""
    return render(request, "crm/enterprises/child_form.html", {"form": form, "enterprise": enterprise, "title": title})


@staff_required
def contact_create(request, pk):
    enterprise = get_object_or_404(selectors.enterprises_visible_to(request.user), pk=pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.add_contact(enterprise=enterprise, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Contact %(name)s added.") % {"name": contact.full_name})
            return redirect("enterprise-detail", pk=enterprise.pk)
    return _render_child_form(request, form=form, enterprise=enterprise, title=_("Add contact"))


@staff_required
def contact_edit(request, pk):
    contact = get_object_or_404(selectors.contacts_visible_to(request.user), pk=pk)
    form = ContactForm(request.POST or None, instance=copy.copy(contact))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_contact(contact=form.instance, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Contact %(name)s saved.") % {"name": form.instance.full_name})
            return redirect("enterprise-detail", pk=contact.enterprise_id)
    return _render_child_form(
        request,
        form=form,
        enterprise=contact.enterprise,
        title=_("Edit contact %(name)s") % {"name": contact.full_name},
    )


@staff_required
def unit_create(request, pk):
    enterprise = get_object_or_404(selectors.enterprises_visible_to(request.user), pk=pk)
    form = UnitForm(request.POST or None, enterprise=enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.add_unit(enterprise=enterprise, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Dependent unit %(code)s added.") % {"code": unit.tax_code})
            return redirect("enterprise-detail", pk=enterprise.pk)
    return _render_child_form(
        request,
        form=form,
        enterprise=enterprise,
        title=_("Add dependent unit"),
    )


@staff_required
def unit_edit(request, pk):
    unit = get_object_or_404(selectors.units_visible_to(request.user), pk=pk)
    form = UnitForm(
        request.POST or None,
        instance=copy.copy(unit),
        enterprise=unit.enterprise,
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "tax_code"}
        try:
            services.update_unit(unit=form.instance, by=request.user, **fields)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Dependent unit %(code)s saved.") % {"code": unit.tax_code})
            return redirect("enterprise-detail", pk=unit.enterprise_id)
    return _render_child_form(
        request,
        form=form,
        enterprise=unit.enterprise,
        title=_("Edit dependent unit %(code)s") % {"code": unit.tax_code},
    )
