"""HTML pages of the partnerships app: agreements (list, export, detail, drafting, parties, commitments, documents,
every lifecycle move) and the partnerships panel of an enterprise page."""

import copy
import os
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from crm import access, exports
from crm.errors import DomainError
from crm.forms.enterprises import add_service_errors
from crm.models import Enterprise
from crm.views.decorators import staff_required
from partnerships import selectors
from partnerships.exports import AGREEMENT_COLUMNS
from partnerships.filters import AgreementFilter
from partnerships.forms.agreements import (
    MOVE_FORMS,
    AgreementForm,
    CommitmentForm,
    CommitmentStatusForm,
    DocumentForm,
    PartyAddForm,
    PartyFormSet,
    enterprise_matches,
    polish_agreement_filter_form,
)
from partnerships.models import FINAL, IN_FORCE, PRE_SIGNATURE, Agreement, AgreementDocument
from partnerships.services import agreements as services

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
NON_FILTER_PARAMS = {"page", "page_size", "as"}
PRIMARY_FILTERS = ("kind", "branch", "expiring_within")
MORE_FILTERS = ("level",)
PANEL_ROWS = 20

# The lifecycle moves offered on the pages (expiry is the nightly scan's, never a button), with their wording.
MOVE_LABELS = {
    "submit": gettext_lazy("Submit for internal review"),
    "return_to_draft": gettext_lazy("Return to draft"),
    "negotiate": gettext_lazy("Send for negotiation"),
    "approve": gettext_lazy("Approve"),
    "sign": gettext_lazy("Record signature"),
    "activate": gettext_lazy("Activate"),
    "start_review": gettext_lazy("Start review"),
    "record_review": gettext_lazy("Record review"),
    "suspend": gettext_lazy("Suspend"),
    "resume": gettext_lazy("Resume"),
    "renew": gettext_lazy("Draft renewal"),
    "amend": gettext_lazy("Draft amendment"),
    "terminate": gettext_lazy("Terminate"),
}
MOVE_CONFIRMS = {
    "submit": gettext_lazy("Submit this agreement for internal review?"),
    "return_to_draft": gettext_lazy("Return this agreement to draft?"),
    "negotiate": gettext_lazy("Send this agreement for negotiation with the parties?"),
    "approve": gettext_lazy("Approve this agreement for signature?"),
    "activate": gettext_lazy("Activate this agreement now?"),
    "start_review": gettext_lazy("Put this agreement under periodic review?"),
    "resume": gettext_lazy("Resume this suspended agreement?"),
}
MOVE_INTROS = {
    "sign": gettext_lazy(
        "Record the date both sides signed. The agreement needs a document number, a customs signatory and a "
        "signatory for every party."
    ),
    "suspend": gettext_lazy("A suspended agreement stays on record and can be resumed by a manager."),
    "terminate": gettext_lazy("Termination ends the agreement for good; its history is kept."),
    "record_review": gettext_lazy(
        "Record the outcome of the periodic review and the status found for each commitment. "
        "The next review is scheduled from the review cycle."
    ),
    "renew": gettext_lazy(
        "A new draft is prepared with the same parties and commitments. This agreement stays in force until the "
        "renewal is signed."
    ),
    "amend": gettext_lazy(
        "A new draft is prepared with the same parties and commitments. This agreement becomes “amended” when the "
        "new version is signed."
    ),
}
SIMPLE_MOVES = {
    "submit": services.submit_for_review,
    "return_to_draft": services.return_to_draft,
    "negotiate": services.start_negotiation,
    "approve": services.approve_agreement,
    "activate": services.activate_agreement,
    "start_review": services.start_review,
    "resume": services.resume_agreement,
}
FORM_MOVES = {
    "sign": services.sign_agreement,
    "suspend": services.suspend_agreement,
    "terminate": services.terminate_agreement,
    "record_review": services.record_review,
    "renew": services.renew_agreement,
    "amend": services.amend_agreement,
}
DANGER_MOVES = {"terminate", "suspend"}
# The moves that take the agreement forward: the first one allowed is the page's primary button.
FORWARD_MOVES = ("submit", "negotiate", "approve", "sign", "activate", "start_review", "record_review", "resume")


def _page_size(request) -> int:
    try:
        size = int(request.GET.get("page_size", PAGE_SIZE))
    except ValueError:
        return PAGE_SIZE
    return min(max(size, 1), MAX_PAGE_SIZE)


def _put_service_error(form, exc: DomainError | ValidationError, request=None) -> None:
    """A refused save: beside the field it names, else on top of the form (or as a message when `request`)."""
    if isinstance(exc, ValidationError):
        add_service_errors(form, exc)
    elif exc.field in form.fields:
        form.add_error(exc.field, exc.message)
    elif request is not None:
        messages.error(request, exc.message)
    else:
        form.add_error(None, exc.message)


def _agreement(request, pk, queryset=None):
    """The agreement if this user may see it, else 404."""
    if queryset is None:
        queryset = Agreement.objects.visible_to(request.user).select_related("branch")
    return get_object_or_404(queryset, pk=pk)


def agreement_url(agreement) -> str:
    return reverse("agreement-detail", args=[agreement.pk])


# --- List and export ---------------------------------------------------------------------------------------------


def _agreement_filter(request) -> AgreementFilter:
    filterset = AgreementFilter(request.GET, queryset=selectors.agreements_visible_to(request.user), request=request)
    polish_agreement_filter_form(filterset.form)
    return filterset


def _filter_error_messages(filterset) -> list[str]:
    form = filterset.form
    return [f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()]


@staff_required
def agreement_list(request):
    filterset = _agreement_filter(request)
    is_valid = filterset.is_valid()
    queryset = filterset.qs if is_valid else filterset.queryset.none()
    page_obj = Paginator(queryset, _page_size(request)).get_page(request.GET.get("page"))
    form = filterset.form
    party = form.cleaned_data.get("party") if is_valid else None
    statuses = request.GET.getlist("status")
    context = {
        "filter": filterset,
        "form": form,
        "primary_fields": [form[name] for name in PRIMARY_FILTERS],
        "more_fields": [form[name] for name in MORE_FILTERS],
        "more_open": any(request.GET.get(name) for name in MORE_FILTERS),
        "status_count": len([s for s in statuses if s]),
        "party": party,
        "page_obj": page_obj,
        "agreements": page_obj.object_list,
        "is_filtered": any(value for key, value in request.GET.items() if key not in NON_FILTER_PARAMS),
        "filter_errors": [] if is_valid else _filter_error_messages(filterset),
    }
    template = "partnerships/agreements/_results.html" if request.htmx else "partnerships/agreements/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    if request.htmx:
        query = urlencode([(key, value) for key, values in request.GET.lists() for value in values if value])
        response["HX-Push-Url"] = f"{request.path}?{query}" if query else request.path
    return response


@staff_required
def agreement_export(request):
    filterset = _agreement_filter(request)
    return exports.export_queryset(
        columns=AGREEMENT_COLUMNS,
        queryset=filterset.qs if filterset.is_valid() else filterset.queryset,
        form=filterset.form,
        file_format=request.GET.get("as", "csv"),
        basename="agreements",
    )


# --- Detail ------------------------------------------------------------------------------------------------------


def _moves_for(agreement, user) -> list[dict]:
    """The buttons of the detail page: the moves this user may take now (from the service), in lifecycle order."""
    moves = []
    # A successor already being drafted: another renewal or amendment would be refused, so offer neither.
    drafting_successor = any(s.status in PRE_SIGNATURE for s in agreement.successors.all())
    for name in services.allowed_actions(agreement, user):
        if name not in MOVE_LABELS or (drafting_successor and name in ("renew", "amend")):
            continue
        moves.append(
            {
                "name": name,
                "label": MOVE_LABELS[name],
                "confirm": MOVE_CONFIRMS.get(name, ""),
                "needs_form": name in FORM_MOVES,
                "danger": name in DANGER_MOVES,
                "primary": False,
            }
        )
    forward = [move for move in moves if move["name"] in FORWARD_MOVES]
    if forward:
        forward[0]["primary"] = True
    # Primary first, then the others in lifecycle order, the destructive ones last.
    return sorted(moves, key=lambda move: 0 if move["primary"] else 2 if move["danger"] else 1)


@staff_required
def agreement_detail(request, pk):
    agreement = _agreement(request, pk, selectors.agreement_detail_visible_to(request.user))
    commitments = list(agreement.commitments.all())
    context = {
        "agreement": agreement,
        "moves": _moves_for(agreement, request.user),
        "commitments": commitments,
        "parties": list(agreement.parties.all()),
        "in_force": agreement.status in IN_FORCE,
        "is_final": agreement.status in FINAL,
        "status_form": CommitmentStatusForm(),
        "document_form": DocumentForm(),
    }
    return render(request, "partnerships/agreements/detail.html", context)


# --- Create and edit ---------------------------------------------------------------------------------------------


@staff_required
def agreement_create(request):
    form = AgreementForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            agreement = services.create_agreement(
                by=request.user, branch=fields.pop("branch"), title=fields.pop("title"), **fields
            )
        except (DomainError, ValidationError) as exc:
            _put_service_error(form, exc)
        else:
            messages.success(
                request, _("Draft agreement “%(title)s” created. Add its parties next.") % {"title": agreement.title}
            )
            return redirect("agreement-parties", pk=agreement.pk)
    return render(request, "partnerships/agreements/form.html", {"form": form, "agreement": None})


@staff_required
def agreement_edit(request, pk):
    agreement = _agreement(request, pk)
    if agreement.status in FINAL:
        messages.error(request, _("This agreement has ended; its record can no longer change."))
        return redirect("agreement-detail", pk=agreement.pk)
    # The form works on a copy: a refused save leaves the heading and breadcrumbs as they were.
    form = AgreementForm(request.POST or None, instance=copy.copy(agreement), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_agreement(agreement=agreement, by=request.user, **form.service_fields())
        except (DomainError, ValidationError) as exc:
            _put_service_error(form, exc)
        else:
            messages.success(request, _("Changes to the agreement saved."))
            return redirect("agreement-detail", pk=agreement.pk)
    return render(request, "partnerships/agreements/form.html", {"form": form, "agreement": agreement})


# --- Parties -----------------------------------------------------------------------------------------------------


def _party_rows(agreement, formset) -> list[tuple]:
    forms_by_party = {}
    for row in formset.forms:
        value = row["party"].value()
        forms_by_party[str(value)] = row
    return [(party, forms_by_party.get(str(party.pk))) for party in agreement.parties.all()]


def _render_parties(request, agreement, *, formset=None, add_form=None, status=200):
    parties = list(agreement.parties.all())
    if formset is None:
        formset = PartyFormSet(
            prefix="parties",
            initial=[
                {"party": p.pk, "signatory_name": p.signatory_name, "signatory_title": p.signatory_title}
                for p in parties
            ],
        )
    query = request.GET.get("q", "") if request.method == "GET" else ""
    if add_form is None:
        add_form = PartyAddForm(initial={"enterprise": request.GET.get("enterprise")}, user=request.user)
    taken = [p.enterprise_id for p in parties if p.enterprise_id]
    matches = enterprise_matches(request.user, query, exclude=taken)
    chosen = str(add_form["enterprise"].value() or "")
    if chosen.isdigit() and chosen not in {str(e.pk) for e in matches}:
        # Keep the enterprise the user chose on the page (a refused add, a new search) so the choice is not lost.
        kept = Enterprise.objects.visible_to(request.user).filter(pk=chosen).exclude(pk__in=taken).first()
        if kept is not None:
            matches.insert(0, kept)
    context = {
        "agreement": agreement,
        "editable": agreement.is_editable,
        "formset": formset,
        "rows": _party_rows(agreement, formset),
        "add_form": add_form,
        "query": query,
        "matches": matches,
        "chosen": chosen if chosen else (str(matches[0].pk) if len(matches) == 1 else ""),
    }
    if request.htmx and request.method == "GET":
        response = render(request, "partnerships/agreements/_enterprise_choices.html", context)
    else:
        response = render(request, "partnerships/agreements/parties.html", context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@staff_required
def agreement_parties(request, pk):
    """The parties and their signatories. GET (with ?q=) also finds enterprises to add; htmx gets only the choices."""
    agreement = _agreement(request, pk, Agreement.objects.visible_to(request.user).prefetch_related(selectors.PARTIES))
    if request.method != "POST":
        return _render_parties(request, agreement)
    formset = PartyFormSet(request.POST, prefix="parties")
    if not formset.is_valid():
        return _render_parties(request, agreement, formset=formset)
    posted = {row.cleaned_data["party"]: row.cleaned_data for row in formset.forms if row.cleaned_data}
    remove = request.POST.get("remove", "")
    parties = []
    for party in agreement.parties.all():
        if str(party.pk) == remove:
            continue
        row = posted.get(party.pk, {})
        parties.append(
            {
                "enterprise": party.enterprise,
                "association": party.association,
                "signatory_name": row.get("signatory_name", party.signatory_name),
                "signatory_title": row.get("signatory_title", party.signatory_title),
            }
        )
    try:
        services.set_parties(agreement=agreement, by=request.user, parties=parties)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _render_parties(request, agreement, formset=formset)
    messages.success(request, _("Party removed.") if remove else _("Parties and signatories saved."))
    return redirect("agreement-parties", pk=agreement.pk)


@require_POST
@staff_required
def agreement_party_add(request, pk):
    agreement = _agreement(request, pk, Agreement.objects.visible_to(request.user).prefetch_related(selectors.PARTIES))
    form = PartyAddForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        parties = [
            {
                "enterprise": p.enterprise,
                "association": p.association,
                "signatory_name": p.signatory_name,
                "signatory_title": p.signatory_title,
            }
            for p in agreement.parties.all()
        ]
        new = {name: data[name] for name in ("enterprise", "association", "signatory_name", "signatory_title")}
        try:
            services.set_parties(agreement=agreement, by=request.user, parties=[*parties, new])
        except DomainError as exc:
            if exc.field == "parties":
                form.add_error("enterprise" if data["enterprise"] else "association", exc.message)
            else:
                messages.error(request, exc.message)
        else:
            messages.success(
                request, _("%(party)s added as a party.") % {"party": data["enterprise"] or data["association"]}
            )
            return redirect("agreement-parties", pk=agreement.pk)
    return _render_parties(request, agreement, add_form=form)


# --- Commitments -------------------------------------------------------------------------------------------------


def _commitment(request, pk):
    return get_object_or_404(selectors.commitments_visible_to(request.user), pk=pk)


def _render_commitment_form(request, *, form, agreement, commitment=None):
    return render(
        request,
        "partnerships/agreements/commitment_form.html",
        {"form": form, "agreement": agreement, "commitment": commitment},
    )


@staff_required
def commitment_create(request, pk):
    agreement = _agreement(request, pk)
    form = CommitmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            commitment = services.add_commitment(agreement=agreement, by=request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            _put_service_error(form, exc, request)
        else:
            messages.success(request, _("Clause %(number)s added.") % {"number": commitment.number})
            if "add_another" in request.POST:
                return redirect("agreement-commitment-create", pk=agreement.pk)
            return redirect(f"{agreement_url(agreement)}#commitments")
    return _render_commitment_form(request, form=form, agreement=agreement)


@staff_required
def commitment_edit(request, pk):
    commitment = _commitment(request, pk)
    form = CommitmentForm(request.POST or None, instance=copy.copy(commitment))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_commitment(commitment=commitment, by=request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            _put_service_error(form, exc, request)
        else:
            messages.success(request, _("Clause %(number)s saved.") % {"number": commitment.number})
            return redirect(f"{agreement_url(commitment.agreement)}#commitments")
    return _render_commitment_form(request, form=form, agreement=commitment.agreement, commitment=commitment)


@require_POST
@staff_required
def commitment_delete(request, pk):
    commitment = _commitment(request, pk)
    try:
        services.remove_commitment(commitment=commitment, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Clause %(number)s removed.") % {"number": commitment.number})
    return redirect(f"{agreement_url(commitment.agreement)}#commitments")


@require_POST
@staff_required
def commitment_status(request, pk):
    commitment = _commitment(request, pk)
    form = CommitmentStatusForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    else:
        try:
            services.set_commitment_status(commitment=commitment, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Clause %(number)s is now “%(status)s”.")
                % {"number": commitment.number, "status": commitment.get_status_display()},
            )
    return redirect(f"{agreement_url(commitment.agreement)}#commitments")


# --- Lifecycle moves ---------------------------------------------------------------------------------------------


@staff_required
def agreement_move(request, pk, action):
    """Every lifecycle move. Moves without input are POST buttons; the others show their form on GET."""
    if action not in SIMPLE_MOVES and action not in FORM_MOVES:
        raise Http404
    agreement = _agreement(request, pk)
    move = services.MOVES[action]
    if move.manager_only and not access.is_manager(request.user):
        raise PermissionDenied
    if action in SIMPLE_MOVES:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            agreement = SIMPLE_MOVES[action](agreement=agreement, by=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("The agreement is now “%(status)s”.") % {"status": agreement.get_status_display()}
            )
        return redirect("agreement-detail", pk=agreement.pk)

    form_class = MOVE_FORMS[action]
    if request.method != "POST" and action not in services.allowed_actions(agreement, request.user):
        messages.error(
            request,
            _("“%(move)s” is not possible while the agreement is “%(status)s”.")
            % {"move": MOVE_LABELS[action], "status": agreement.get_status_display()},
        )
        return redirect("agreement-detail", pk=agreement.pk)
    form = form_class(request.POST or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            result = FORM_MOVES[action](agreement=agreement, by=request.user, **form.service_kwargs())
        except DomainError as exc:
            _put_service_error(form, exc, request)
        else:
            if action in ("renew", "amend"):
                messages.success(
                    request,
                    _("Draft “%(title)s” prepared from the agreement; complete it and take it through signature.")
                    % {"title": result.title},
                )
                return redirect("agreement-detail", pk=result.pk)
            agreement.refresh_from_db()
            messages.success(
                request, _("The agreement is now “%(status)s”.") % {"status": agreement.get_status_display()}
            )
            return redirect("agreement-detail", pk=agreement.pk)
    context = {
        "agreement": agreement,
        "form": form,
        "action": action,
        "title": MOVE_LABELS[action],
        "intro": MOVE_INTROS.get(action, ""),
        "danger": action in DANGER_MOVES,
    }
    return render(request, "partnerships/agreements/move_form.html", context)


# --- Documents ---------------------------------------------------------------------------------------------------


@staff_required
def document_upload(request, pk):
    agreement = _agreement(request, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.add_document(agreement=agreement, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            _put_service_error(form, exc)
        else:
            messages.success(request, _("Document “%(title)s” attached.") % {"title": document})
            return redirect(f"{agreement_url(agreement)}#documents")
    return render(request, "partnerships/agreements/document_form.html", {"form": form, "agreement": agreement})


@staff_required
def document_download(request, pk):
    """Serve an attached document after the scope check (media files are never linked directly)."""
    documents = AgreementDocument.objects.filter(agreement__in=Agreement.objects.visible_to(request.user))
    document = get_object_or_404(documents, pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=os.path.basename(document.file.name))


# --- The partnerships panel of an enterprise page ----------------------------------------------------------------


@staff_required
def enterprise_panel(request, pk):
    """The enterprise's agreements, pledges and programme enrolments; a fragment for htmx, else a whole page."""
    enterprise = get_object_or_404(Enterprise.objects.visible_to(request.user), pk=pk)
    agreements = list(selectors.agreements_of_enterprise(request.user, enterprise)[: PANEL_ROWS + 1])
    pledges = list(selectors.pledges_of_enterprise(request.user, enterprise)[: PANEL_ROWS + 1])
    enrolments = list(selectors.enrolments_of_enterprise(request.user, enterprise)[: PANEL_ROWS + 1])
    context = {
        "enterprise": enterprise,
        "agreements": agreements[:PANEL_ROWS],
        "more_agreements": len(agreements) > PANEL_ROWS,
        "pledges": pledges[:PANEL_ROWS],
        "more_pledges": len(pledges) > PANEL_ROWS,
        "enrolments": enrolments[:PANEL_ROWS],
        "more_enrolments": len(enrolments) > PANEL_ROWS,
    }
    template = "partnerships/_enterprise_panel.html" if request.htmx else "partnerships/enterprise_panel_page.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


urlpatterns = [
    path("agreements/", agreement_list, name="agreement-list"),
    path("agreements/export/", agreement_export, name="agreement-export"),
    path("agreements/new/", agreement_create, name="agreement-create"),
    path("agreements/<int:pk>/", agreement_detail, name="agreement-detail"),
    path("agreements/<int:pk>/edit/", agreement_edit, name="agreement-edit"),
    path("agreements/<int:pk>/parties/", agreement_parties, name="agreement-parties"),
    path("agreements/<int:pk>/parties/add/", agreement_party_add, name="agreement-party-add"),
    path("agreements/<int:pk>/commitments/new/", commitment_create, name="agreement-commitment-create"),
    path("agreements/commitments/<int:pk>/edit/", commitment_edit, name="agreement-commitment-edit"),
    path("agreements/commitments/<int:pk>/delete/", commitment_delete, name="agreement-commitment-delete"),
    path("agreements/commitments/<int:pk>/status/", commitment_status, name="agreement-commitment-status"),
    path("agreements/<int:pk>/actions/<slug:action>/", agreement_move, name="agreement-move"),
    path("agreements/<int:pk>/documents/new/", document_upload, name="agreement-document-upload"),
    path("agreements/documents/<int:pk>/", document_download, name="agreement-document-download"),
    path("enterprises/<int:pk>/panel/", enterprise_panel, name="enterprise-partnerships-panel"),
]
