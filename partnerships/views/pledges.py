"""HTML pages of the partnerships app: pledge campaigns, their pledges, who has not signed yet, and bulk recording."""

import copy
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from crm.errors import DomainError
from crm.exports import Column, export_response
from crm.files import sniff
from crm.forms.org import add_service_error
from crm.text import search_key
from crm.views.decorators import staff_required
from partnerships import selectors
from partnerships.exports import CAMPAIGN_COLUMNS, PLEDGE_COLUMNS
from partnerships.filters import CampaignFilter, PledgeFilter
from partnerships.forms.pledges import (
    BreachForm,
    BulkPledgeForm,
    CampaignForm,
    NonSignerSearchForm,
    PledgeForm,
    PledgeSearchForm,
    ScanForm,
    WithdrawForm,
    polish_campaign_filter_form,
)
from partnerships.models import Pledge, PledgeCampaign, PledgeStatus
from partnerships.models.pledges import progress_of
from partnerships.services import pledges as services

PAGE_SIZE = 50
TABLE_PAGE_SIZE = 25  # each of the two tables on a campaign page
NON_FILTER_PARAMS = {"page", "as"}
STATUS_BADGES = {
    PledgeStatus.ACTIVE: "badge-ok",
    PledgeStatus.WITHDRAWN: "",
    PledgeStatus.BREACHED: "badge-danger",
}


def phase_of(campaign: PledgeCampaign, today: date) -> tuple[str, str]:
    """(label, badge class): whether the campaign has not started, is running or has ended."""
    if today < campaign.starts_on:
        return _("Not started"), "badge-brand"
    if today > campaign.ends_on:
        return _("Ended"), ""
    return _("Running"), "badge-ok"


def default_signing_date(campaign: PledgeCampaign, today: date) -> date:
    """Today when it falls inside the campaign, else the nearest day of the campaign."""
    return min(max(today, campaign.starts_on), campaign.ends_on)


# --- Campaign list -----------------------------------------------------------------------------------------------


def _campaign_filter(request) -> CampaignFilter:
    filterset = CampaignFilter(request.GET, queryset=selectors.campaigns_visible_to(request.user), request=request)
    polish_campaign_filter_form(filterset.form)
    return filterset


def _filter_errors(form) -> list[str]:
    return [f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()]


def _text_response(message: str, status: int = 400) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


@staff_required
def campaign_list(request):
    filterset = _campaign_filter(request)
    is_valid = filterset.is_valid()
    queryset = filterset.qs if is_valid else filterset.queryset.none()
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for campaign in page_obj.object_list:
        campaign.progress = progress_of(campaign)
        campaign.phase = phase_of(campaign, today)
    context = {
        "form": filterset.form,
        "page_obj": page_obj,
        "campaigns": page_obj.object_list,
        "is_filtered": any(value for key, value in request.GET.items() if key not in NON_FILTER_PARAMS),
        "filter_errors": [] if is_valid else _filter_errors(filterset.form),
    }
    return render(request, "partnerships/pledges/campaign_list.html", context)


@staff_required
def campaign_list_export(request):
    filterset = _campaign_filter(request)
    if not filterset.is_valid():
        return _text_response(_("Cannot export: %(errors)s") % {"errors": "; ".join(_filter_errors(filterset.form))})
    try:
        return export_response(
            columns=CAMPAIGN_COLUMNS,
            objects=filterset.qs.iterator(chunk_size=2000),
            file_format=request.GET.get("as", "csv"),
            basename="pledge-campaigns",
        )
    except DomainError as exc:
        return _text_response(exc.message)


# --- Campaign create / edit --------------------------------------------------------------------------------------


def _campaign_form_page(request, campaign: PledgeCampaign | None):
    instance = copy.copy(campaign) if campaign is not None else None
    form = CampaignForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            if campaign is None:
                saved = services.create_campaign(by=request.user, branch=fields.pop("branch"), **fields)
            else:
                saved = services.update_campaign(campaign=form.instance, by=request.user, **fields)
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Campaign “%(name)s” saved.") % {"name": saved.name})
            return redirect("campaign-detail", pk=saved.pk)
    return render(request, "partnerships/pledges/campaign_form.html", {"form": form, "campaign": campaign})


@staff_required
def campaign_create(request):
    return _campaign_form_page(request, None)


@staff_required
def campaign_edit(request, pk):
    return _campaign_form_page(request, get_object_or_404(selectors.campaigns_visible_to(request.user), pk=pk))


# --- Campaign page -----------------------------------------------------------------------------------------------


def _campaign_pledges(request, campaign: PledgeCampaign):
    """The campaign's pledges narrowed by the page's search form (q, status), and that form."""
    form = PledgeSearchForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    filterset = PledgeFilter(
        {"q": data.get("q", ""), "status": data.get("status", "")},
        queryset=selectors.pledges_visible_to(request.user).filter(campaign=campaign),
        request=request,
    )
    return filterset.qs, form


def _non_signers(request, campaign: PledgeCampaign):
    form = NonSignerSearchForm(request.GET)
    enterprises = selectors.campaign_non_signers(request.user, campaign)
    query = form.cleaned_data["nq"].strip() if form.is_valid() else ""
    if query:
        enterprises = enterprises.filter(Q(search_text__contains=search_key(query)) | Q(tax_code__startswith=query))
    return enterprises, form


@staff_required
def campaign_detail(request, pk):
    campaign = get_object_or_404(selectors.campaigns_visible_to(request.user), pk=pk)
    pledges, pledge_form = _campaign_pledges(request, campaign)
    non_signers, non_signer_form = _non_signers(request, campaign)
    pledge_page = Paginator(pledges, TABLE_PAGE_SIZE).get_page(request.GET.get("page"))
    for pledge in pledge_page.object_list:
        pledge.badge = STATUS_BADGES[pledge.status]
    context = {
        "campaign": campaign,
        "progress": progress_of(campaign),
        "phase": phase_of(campaign, timezone.localdate()),
        "pledge_form": pledge_form,
        "pledge_page": pledge_page,
        "pledges_filtered": bool(request.GET.get("q") or request.GET.get("status")),
        "non_signer_form": non_signer_form,
        "non_signer_page": Paginator(non_signers, TABLE_PAGE_SIZE).get_page(request.GET.get("npage")),
        "non_signers_filtered": bool(request.GET.get("nq")),
    }
    return render(request, "partnerships/pledges/campaign_detail.html", context)


def _export(request, *, columns, objects, basename):
    try:
        return export_response(
            columns=columns, objects=objects, file_format=request.GET.get("as", "csv"), basename=basename
        )
    except DomainError as exc:
        return _text_response(exc.message)


@staff_required
def campaign_export(request, pk):
    campaign = get_object_or_404(selectors.campaigns_visible_to(request.user), pk=pk)
    pledges, _form = _campaign_pledges(request, campaign)
    return _export(
        request, columns=PLEDGE_COLUMNS, objects=pledges.iterator(chunk_size=2000), basename=f"pledges-{campaign.pk}"
    )


NON_SIGNER_COLUMNS = [
    Column(gettext_lazy("Tax code"), lambda e: e.tax_code),
    Column(gettext_lazy("Enterprise"), lambda e: e.name_vi),
    Column(gettext_lazy("Short name"), lambda e: e.short_name),
    Column(gettext_lazy("Managing unit"), lambda e: e.managing_branch.name_vi),
    Column(gettext_lazy("Address"), lambda e: e.address),
    Column(gettext_lazy("Phone"), lambda e: e.phone),
    Column(gettext_lazy("Email"), lambda e: e.email),
]


@staff_required
def non_signers_export(request, pk):
    campaign = get_object_or_404(selectors.campaigns_visible_to(request.user), pk=pk)
    enterprises, _form = _non_signers(request, campaign)
    return _export(
        request,
        columns=NON_SIGNER_COLUMNS,
        objects=enterprises.iterator(chunk_size=2000),
        basename=f"not-signed-{campaign.pk}",
    )


# --- Recording pledges -------------------------------------------------------------------------------------------


def _campaign_for_writing(request, pk) -> PledgeCampaign:
    return get_object_or_404(selectors.campaigns_visible_to(request.user), pk=pk)


@staff_required
def pledge_create(request, pk):
    campaign = _campaign_for_writing(request, pk)
    initial = {
        "tax_code": request.GET.get("tax_code", ""),
        "signed_on": default_signing_date(campaign, timezone.localdate()),
    }
    form = PledgeForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pledge = services.record_pledge(
                campaign=campaign,
                by=request.user,
                enterprise=form.enterprise,
                signed_on=data["signed_on"],
                signatory_name=data["signatory_name"],
                signatory_title=data["signatory_title"],
                scan=data["scan"],
            )
        except DomainError as exc:
            field = "tax_code" if exc.field == "enterprise" else exc.field
            form.add_error(field if field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Pledge of %(name)s recorded.") % {"name": pledge.enterprise.name_vi})
            return redirect("campaign-detail", pk=campaign.pk)
    return render(request, "partnerships/pledges/pledge_form.html", {"form": form, "campaign": campaign})


@staff_required
def pledge_bulk(request, pk):
    campaign = _campaign_for_writing(request, pk)
    initial = {"signed_on": default_signing_date(campaign, timezone.localdate())}
    form = BulkPledgeForm(request.POST or None, request.FILES or None, initial=initial)
    row_errors = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["file"] is not None:
                rows = services.parse_pledge_csv(data["file"].read())
            else:
                rows = services.parse_tax_code_list(data["text"])
            created = services.record_pledges(
                campaign=campaign, by=request.user, rows=rows, signed_on=data["signed_on"]
            )
        except services.BulkPledgeError as exc:
            row_errors = exc.errors
            form.add_error(None, exc.message)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            count = len(created)
            messages.success(
                request,
                ngettext("%(n)s pledge recorded.", "%(n)s pledges recorded.", count) % {"n": count},
            )
            return redirect("campaign-detail", pk=campaign.pk)
    return render(
        request,
        "partnerships/pledges/pledge_bulk.html",
        {"form": form, "campaign": campaign, "row_errors": row_errors, "max_rows": services.BULK_MAX_ROWS},
    )


# --- One pledge: withdraw, breach, scan --------------------------------------------------------------------------


def _pledge(request, pk) -> Pledge:
    return get_object_or_404(selectors.pledges_visible_to(request.user), pk=pk)


def _status_form_page(request, pk, *, form_class, move, title: str, hint: str, done: str):
    """GET shows the form; POST asks the service. An illegal move (the pledge is no longer active) is a message on
    the campaign page and changes nothing. `done` is the success message, with %(name)s for the enterprise."""
    pledge = _pledge(request, pk)
    if pledge.status != PledgeStatus.ACTIVE and request.method == "GET":
        messages.error(
            request,
            _("The pledge of %(name)s is no longer active (%(status)s); it cannot change.")
            % {"name": pledge.enterprise.name_vi, "status": pledge.get_status_display()},
        )
        return redirect("campaign-detail", pk=pledge.campaign_id)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            move(pledge=pledge, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            if exc.field not in form.fields:
                messages.error(request, exc.message)
                return redirect("campaign-detail", pk=pledge.campaign_id)
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, done % {"name": pledge.enterprise.name_vi})
            return redirect("campaign-detail", pk=pledge.campaign_id)
    return render(
        request,
        "partnerships/pledges/pledge_status_form.html",
        {"form": form, "pledge": pledge, "title": title, "hint": hint},
    )


@staff_required
def pledge_withdraw(request, pk):
    return _status_form_page(
        request,
        pk,
        form_class=WithdrawForm,
        move=services.withdraw_pledge,
        title=_("Withdraw pledge"),
        hint=_("A withdrawn pledge no longer counts towards the campaign's target; it stays listed with its reason."),
        done=_("The pledge of %(name)s is withdrawn."),
    )


@staff_required
def pledge_breach(request, pk):
    return _status_form_page(
        request,
        pk,
        form_class=BreachForm,
        move=services.mark_pledge_breached,
        title=_("Record a breach of the pledge"),
        hint=_("The pledge stays counted as signed; the breach and its reference show on the campaign and in exports."),
        done=_("The pledge of %(name)s is marked as breached."),
    )


SCAN_TYPES = {"pdf": ("application/pdf", ".pdf"), "jpeg": ("image/jpeg", ".jpg"), "png": ("image/png", ".png")}


def scan_response(pledge: Pledge, *, inline: bool = False) -> FileResponse:
    """The pledge's signed scan. The caller found the pledge through a scoped queryset (so access is checked).

    The type is decided by the file's content (as when it was uploaded), never by the stored name, so a scan can
    never be served as HTML.
    """
    if not pledge.scan:
        raise Http404
    try:
        handle = pledge.scan.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    head = handle.read(16)
    handle.seek(0)
    content_type, extension = SCAN_TYPES.get(sniff(head), ("application/octet-stream", ""))
    response = FileResponse(
        handle,
        as_attachment=not inline or not extension,
        filename=f"pledge-{pledge.enterprise.tax_code}-{pledge.pk}{extension}",
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_required
def pledge_scan(request, pk):
    return scan_response(_pledge(request, pk), inline=True)


@staff_required
def pledge_scan_attach(request, pk):
    pledge = _pledge(request, pk)
    form = ScanForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attach_pledge_scan(pledge=pledge, by=request.user, scan=form.cleaned_data["scan"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request, _("Signed scan of %(name)s's pledge saved.") % {"name": pledge.enterprise.name_vi}
            )
            return redirect("campaign-detail", pk=pledge.campaign_id)
    title = _("Replace the signed scan") if pledge.scan else _("Attach the signed scan")
    return render(
        request, "partnerships/pledges/pledge_scan_form.html", {"form": form, "pledge": pledge, "title": title}
    )


urlpatterns = [
    path("campaigns/", campaign_list, name="campaign-list"),
    path("campaigns/export/", campaign_list_export, name="campaign-list-export"),
    path("campaigns/new/", campaign_create, name="campaign-create"),
    path("campaigns/<int:pk>/", campaign_detail, name="campaign-detail"),
    path("campaigns/<int:pk>/edit/", campaign_edit, name="campaign-edit"),
    path("campaigns/<int:pk>/export/", campaign_export, name="campaign-export"),
    path("campaigns/<int:pk>/not-signed/export/", non_signers_export, name="campaign-non-signers-export"),
    path("campaigns/<int:pk>/pledges/new/", pledge_create, name="pledge-create"),
    path("campaigns/<int:pk>/pledges/bulk/", pledge_bulk, name="pledge-bulk"),
    path("pledges/<int:pk>/withdraw/", pledge_withdraw, name="pledge-withdraw"),
    path("pledges/<int:pk>/breach/", pledge_breach, name="pledge-breach"),
    path("pledges/<int:pk>/scan/", pledge_scan, name="pledge-scan"),
    path("pledges/<int:pk>/scan/attach/", pledge_scan_attach, name="pledge-scan-attach"),
]
