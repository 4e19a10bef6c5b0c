"""HTML pages of the partnerships app: programmes, the enterprises enrolled in them, their moves and reviews."""

import copy
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm import access, exports
from crm import selectors as crm_selectors
from crm.errors import DomainError
from crm.forms.org import add_service_error
from crm.views.decorators import manager_required, staff_required
from partnerships import selectors
from partnerships.exports import ENROLMENT_COLUMNS
from partnerships.filters import EnrolmentFilter
from partnerships.forms.programmes import (
    EnrolmentForm,
    EnrolmentMoveForm,
    EnrolmentReviewForm,
    ProgrammeForm,
    find_enterprise,
    polish_enrolment_filter_form,
)
from partnerships.models import EnrolmentStatus, LevelChange
from partnerships.services import programmes as services

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
NON_FILTER_PARAMS = {"page", "page_size", "as"}
FILTERS = ("status", "branch", "cohort")

STATUS_BADGES = {
    EnrolmentStatus.INVITED: "",
    EnrolmentStatus.APPLIED: "badge-brand",
    EnrolmentStatus.ACCEPTED: "badge-brand",
    EnrolmentStatus.ACTIVE: "badge-ok",
    EnrolmentStatus.EXITED: "badge-warn",
    EnrolmentStatus.REMOVED: "badge-danger",
}
CHANGE_BADGES = {LevelChange.RAISED: "badge-ok", LevelChange.KEPT: "", LevelChange.LOWERED: "badge-danger"}

# What each move is called on its button and page, what it does, and which need a reason.
MOVE_TEXT = {
    "apply": (gettext_lazy("Mark as applied"), gettext_lazy("The enterprise has applied to join the programme.")),
    "accept": (gettext_lazy("Accept"), gettext_lazy("Accept the application; the membership can then be activated.")),
    "activate": (
        gettext_lazy("Activate membership"),
        gettext_lazy("The enterprise becomes a member. A voluntary-compliance member needs its signed MoU linked."),
    ),
    "exit": (
        gettext_lazy("Record exit"),
        gettext_lazy("The enterprise leaves the programme. The record is kept and can no longer change."),
    ),
    "remove": (
        gettext_lazy("Remove from programme"),
        gettext_lazy("Customs removes the enterprise from the programme. The record is kept and can no longer change."),
    ),
}
REASON_MOVES = ("exit", "remove")


def _page_size(request) -> int:
    try:
        size = int(request.GET.get("page_size", PAGE_SIZE))
    except ValueError:
        return PAGE_SIZE
    return min(max(size, 1), MAX_PAGE_SIZE)


def _decorate(enrolment) -> None:
    """The badge colour of its status and the day it reached it."""
    enrolment.status_badge = STATUS_BADGES.get(enrolment.status, "")
    enrolment.status_since = (
        enrolment.ended_on
        or enrolment.activated_on
        or enrolment.accepted_on
        or enrolment.applied_on
        or enrolment.invited_on
    )


# --- Programmes --------------------------------------------------------------------------------------------------


@staff_required
def programme_list(request):
    programmes = list(selectors.programmes_for(request.user))
    return render(request, "partnerships/programmes/list.html", {"programmes": programmes})


def _save_programme(request, form, programme=None):
    try:
        return services.save_programme(by=request.user, programme=programme, **form.cleaned_data)
    except (DomainError, ValidationError) as exc:
        add_service_error(form, exc)
    return None


@manager_required
def programme_create(request):
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        programme = _save_programme(request, form)
        if programme is not None:
            messages.success(request, _("Programme %(name)s created.") % {"name": programme.name_vi})
            return redirect("programme-detail", pk=programme.pk)
    return render(request, "partnerships/programmes/form.html", {"form": form, "programme": None})


@manager_required
def programme_edit(request, pk):
    programme = get_object_or_404(selectors.programmes_for(request.user), pk=pk)
    form = ProgrammeForm(request.POST or None, instance=copy.copy(programme))
    if request.method == "POST" and form.is_valid():
        saved = _save_programme(request, form, programme=form.instance)
        if saved is not None:
            messages.success(request, _("Changes to %(name)s saved.") % {"name": saved.name_vi})
            return redirect("programme-detail", pk=saved.pk)
    return render(request, "partnerships/programmes/form.html", {"form": form, "programme": programme})


def _enrolment_filter(request, programme) -> EnrolmentFilter:
    queryset = selectors.enrolments_visible_to(request.user).filter(programme=programme)
    filterset = EnrolmentFilter(request.GET, queryset=queryset, request=request)
    polish_enrolment_filter_form(filterset.form)
    return filterset


def _filter_errors(filterset) -> list[str]:
    form = filterset.form
    return [f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()]


@staff_required
def programme_detail(request, pk):
    programme = get_object_or_404(selectors.programmes_for(request.user), pk=pk)
    filterset = _enrolment_filter(request, programme)
    is_valid = filterset.is_valid()
    queryset = filterset.qs if is_valid else filterset.queryset.none()
    page_obj = Paginator(queryset, _page_size(request)).get_page(request.GET.get("page"))
    for enrolment in page_obj.object_list:
        _decorate(enrolment)
    form = filterset.form
    context = {
        "programme": programme,
        "form": form,
        "filter_fields": [form[name] for name in FILTERS],
        "page_obj": page_obj,
        "enrolments": page_obj.object_list,
        "is_filtered": any(value for key, value in request.GET.items() if key not in NON_FILTER_PARAMS),
        "filter_errors": [] if is_valid else _filter_errors(filterset),
    }
    template = (
        "partnerships/programmes/_enrolment_results.html" if request.htmx else "partnerships/programmes/detail.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    if request.htmx:
        query = urlencode([(key, value) for key, values in request.GET.lists() for value in values if value])
        response["HX-Push-Url"] = f"{request.path}?{query}" if query else request.path
    return response


@staff_required
def programme_export(request, pk):
    programme = get_object_or_404(selectors.programmes_for(request.user), pk=pk)
    filterset = _enrolment_filter(request, programme)
    if not filterset.is_valid():
        return HttpResponse(
            _("Cannot export: %(errors)s") % {"errors": "; ".join(_filter_errors(filterset))},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    try:
        return exports.export_response(
            columns=ENROLMENT_COLUMNS,
            objects=filterset.qs.iterator(chunk_size=2000),
            file_format=request.GET.get("as", "csv"),
            basename=f"enrolments-{programme.code}",
        )
    except DomainError as exc:
        return HttpResponse(exc.message, status=400, content_type="text/plain; charset=utf-8")


# --- Enrolments --------------------------------------------------------------------------------------------------


@staff_required
def enrolment_create(request, pk):
    programme = get_object_or_404(selectors.programmes_for(request.user), pk=pk)
    if request.htmx and request.method == "GET":
        return _mou_fragment(request)
    enterprise = None
    if request.method == "GET" and request.GET.get("enterprise_id", "").isdigit():
        # Arriving from an enterprise's page: ?enterprise_id=<id>, if this user may see it.
        enterprise = crm_selectors.enterprises_visible_to(request.user).filter(pk=request.GET["enterprise_id"]).first()
    form = EnrolmentForm(request.POST or None, user=request.user, enterprise=enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.enrol_enterprise(
                by=request.user, programme=programme, enterprise=form.found_enterprise, **form.service_fields()
            )
        except (DomainError, ValidationError) as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("%(enterprise)s is invited to %(programme)s.")
                % {"enterprise": enrolment.enterprise.name_vi, "programme": programme.name_vi},
            )
            return redirect("enrolment-detail", pk=enrolment.pk)
    return render(
        request,
        "partnerships/programmes/enrolment_form.html",
        {"form": form, "programme": programme, "enrolment": None, "creating": True},
    )


def _mou_fragment(request):
    """The enterprise found for what was typed and the MoU choices that go with it (htmx, on change)."""
    form = EnrolmentForm(
        None, user=request.user, enterprise=None, initial={"enterprise": request.GET.get("enterprise")}
    )
    problem = ""
    if request.GET.get("enterprise", "").strip():
        try:
            find_enterprise(request.user, request.GET["enterprise"])
        except ValidationError as exc:
            problem = exc.messages[0]
    return render(
        request,
        "partnerships/programmes/_mou_field.html",
        {"form": form, "found": form.found_enterprise, "problem": problem},
    )


@staff_required
def enrolment_detail(request, pk):
    enrolment = get_object_or_404(
        selectors.enrolment_detail_visible_to(request.user).select_related("created_by", "updated_by"), pk=pk
    )
    _decorate(enrolment)
    reviews = list(enrolment.reviews.all())
    for review in reviews:
        review.change_badge = CHANGE_BADGES.get(review.change, "")
    allowed = services.allowed_actions(enrolment, request.user)
    moves = [
        {"action": name, "label": MOVE_TEXT[name][0], "needs_form": name in REASON_MOVES, "danger": name == "remove"}
        for name in allowed
    ]
    context = {
        "enrolment": enrolment,
        "reviews": reviews,
        "moves": moves,
        "can_review": enrolment.status == EnrolmentStatus.ACTIVE,
        "can_edit": enrolment.status not in (EnrolmentStatus.EXITED, EnrolmentStatus.REMOVED),
    }
    return render(request, "partnerships/programmes/enrolment_detail.html", context)


@staff_required
def enrolment_edit(request, pk):
    enrolment = get_object_or_404(selectors.enrolment_detail_visible_to(request.user), pk=pk)
    form = EnrolmentForm(request.POST or None, instance=copy.copy(enrolment), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_enrolment(enrolment=enrolment, by=request.user, **form.service_fields())
        except (DomainError, ValidationError) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Changes to the enrolment saved."))
            return redirect("enrolment-detail", pk=enrolment.pk)
    return render(
        request,
        "partnerships/programmes/enrolment_form.html",
        {"form": form, "programme": enrolment.programme, "enrolment": enrolment},
    )


MOVE_SERVICES = {
    "apply": services.mark_applied,
    "accept": services.accept_enrolment,
    "activate": services.activate_enrolment,
    "exit": services.exit_enrolment,
    "remove": services.remove_enrolment,
}


@staff_required
def enrolment_move(request, pk, action):
    """A page per move (GET) that records it (POST); illegal moves answer 400 with the reason and change nothing."""
    if action not in services.MOVES:
        raise Http404
    if services.MOVES[action].manager_only and not access.is_manager(request.user):
        raise PermissionDenied
    enrolment = get_object_or_404(selectors.enrolments_visible_to(request.user), pk=pk)
    form = EnrolmentMoveForm(request.POST if request.method == "POST" else None, needs_reason=action in REASON_MOVES)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                MOVE_SERVICES[action](enrolment=enrolment, by=request.user, **form.cleaned_data)
            except DomainError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Done: %(what)s.") % {"what": MOVE_TEXT[action][0]})
                return redirect("enrolment-detail", pk=enrolment.pk)
    _decorate(enrolment)
    label, explanation = MOVE_TEXT[action]
    context = {
        "enrolment": enrolment,
        "form": form,
        "action": action,
        "label": label,
        "explanation": explanation,
        "allowed": action in services.allowed_actions(enrolment, request.user),
        "danger": action in REASON_MOVES,
    }
    return render(request, "partnerships/programmes/enrolment_move.html", context, status=status)


@staff_required
def enrolment_review(request, pk):
    enrolment = get_object_or_404(selectors.enrolments_visible_to(request.user), pk=pk)
    form = EnrolmentReviewForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                review = services.record_enrolment_review(enrolment=enrolment, by=request.user, **form.cleaned_data)
            except (DomainError, ValidationError) as exc:
                add_service_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Review recorded: %(level)s (%(change)s).")
                    % {"level": review.get_level_display(), "change": review.get_change_display() or "—"},
                )
                return redirect("enrolment-detail", pk=enrolment.pk)
    _decorate(enrolment)
    context = {"enrolment": enrolment, "form": form, "is_active": enrolment.status == EnrolmentStatus.ACTIVE}
    return render(request, "partnerships/programmes/enrolment_review.html", context, status=status)


urlpatterns = [
    path("programmes/", programme_list, name="programme-list"),
    path("programmes/new/", programme_create, name="programme-create"),
    path("programmes/<int:pk>/", programme_detail, name="programme-detail"),
    path("programmes/<int:pk>/edit/", programme_edit, name="programme-edit"),
    path("programmes/<int:pk>/export/", programme_export, name="programme-export"),
    path("programmes/<int:pk>/enrol/", enrolment_create, name="enrolment-create"),
    path("enrolments/<int:pk>/", enrolment_detail, name="enrolment-detail"),
    path("enrolments/<int:pk>/edit/", enrolment_edit, name="enrolment-edit"),
    path("enrolments/<int:pk>/review/", enrolment_review, name="enrolment-review"),
    path("enrolments/<int:pk>/<slug:action>/", enrolment_move, name="enrolment-move"),
]
