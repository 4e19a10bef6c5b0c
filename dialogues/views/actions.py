"""HTML pages of the dialogues app: the follow-up action board (tabs, filters, export), an action's page with its
progress log and moves (start, progress, complete with evidence, cancel, refer), the evidence download and edit."""

import copy
import os

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from crm import exports
from crm.errors import DomainError
from crm.forms.enterprises import add_service_errors
from crm.views.decorators import staff_required
from dialogues import selectors
from dialogues.exports import ACTION_COLUMNS
from dialogues.filters import ActionFilter
from dialogues.forms.actions import MOVE_FORMS, ActionForm, polish_action_filter_form
from dialogues.models import ACTION_OPEN, FollowUpAction, Question
from dialogues.services import actions as services

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
NON_FILTER_PARAMS = {"page", "page_size", "as", "view"}

TABS = [
    ("", gettext_lazy("My unit's")),
    ("mine", gettext_lazy("Mine")),
    ("overdue", gettext_lazy("Overdue")),
    ("week", gettext_lazy("Due this week")),
]

MOVE_LABELS = {
    "start": gettext_lazy("Start"),
    "progress": gettext_lazy("Log progress"),
    "complete": gettext_lazy("Complete with evidence"),
    "cancel": gettext_lazy("Cancel the action"),
    "refer": gettext_lazy("Refer to another body"),
}
MOVE_DONE = {
    "start": gettext_lazy("Action started."),
    "progress": gettext_lazy("Progress recorded."),
    "complete": gettext_lazy("Action completed."),
    "cancel": gettext_lazy("Action cancelled."),
    "refer": gettext_lazy("Action referred."),
}


def _call_move(name, action, user, data: dict):
    if name == "start":
        return services.start_action(action=action, by=user, note=data.get("note", ""))
    if name == "progress":
        return services.log_progress(action=action, by=user, progress=data["progress"], note=data.get("note", ""))
    if name == "complete":
        return services.complete_action(
            action=action,
            by=user,
            evidence_note=data.get("evidence_note", ""),
            evidence_file=data.get("evidence_file"),
            completed_on=data.get("completed_on"),
        )
    if name == "cancel":
        return services.cancel_action(action=action, by=user, reason=data.get("reason", ""))
    return services.refer_action(
        action=action, by=user, referred_to=data.get("referred_to", ""), reason=data.get("reason", "")
    )


def _page_size(request) -> int:
    try:
        size = int(request.GET.get("page_size", PAGE_SIZE))
    except ValueError:
        return PAGE_SIZE
    return min(max(size, 1), MAX_PAGE_SIZE)


def _put_service_error(form, exc: DomainError | ValidationError) -> None:
    """A refused save: beside the field it names, else on top of the form."""
    if isinstance(exc, ValidationError):
        add_service_errors(form, exc)
    elif exc.field in form.fields:
        form.add_error(exc.field, exc.message)
    else:
        form.add_error(None, exc.message)


def _reverse_or_empty(name: str, pk) -> str:
    """A link to a page another part of the product may or may not provide yet."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


def _action(request, pk, queryset=None) -> FollowUpAction:
    return get_object_or_404(queryset if queryset is not None else selectors.actions_visible_to(request.user), pk=pk)


# --- The board ---------------------------------------------------------------------------------------------------


def _action_filter(request) -> ActionFilter:
    filterset = ActionFilter(request.GET, queryset=selectors.actions_visible_to(request.user), request=request)
    polish_action_filter_form(filterset.form)
    return filterset


def _filter_errors(filterset) -> list[str]:
    form = filterset.form
    return [f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()]


@staff_required
def action_list(request):
    filterset = _action_filter(request)
    is_valid = filterset.is_valid()
    queryset = filterset.qs if is_valid else filterset.queryset.none()
    page_obj = Paginator(queryset, _page_size(request)).get_page(request.GET.get("page"))
    view = request.GET.get("view", "")
    context = {
        "form": filterset.form,
        "page_obj": page_obj,
        "actions": page_obj.object_list,
        "tabs": [{"value": value, "label": label, "active": value == view} for value, label in TABS],
        "view": view,
        "today": timezone.localdate(),
        "open_statuses": ACTION_OPEN,
        "is_filtered": any(value for key, value in request.GET.items() if key not in NON_FILTER_PARAMS),
        "filter_errors": [] if is_valid else _filter_errors(filterset),
    }
    return render(request, "dialogues/actions/list.html", context)


@staff_required
def action_export(request):
    filterset = _action_filter(request)
    return exports.export_queryset(
        columns=ACTION_COLUMNS,
        queryset=filterset.qs if filterset.is_valid() else filterset.queryset,
        form=filterset.form,
        file_format=request.GET.get("as", "csv"),
        basename="follow-up-actions",
    )


# --- One action --------------------------------------------------------------------------------------------------


def _render_detail(request, action, *, bound: dict | None = None, status=200):
    bound = bound or {}
    allowed = set(services.allowed_actions(action))
    is_open = action.status in ACTION_OPEN
    moves = []
    for name, form_class in MOVE_FORMS.items():
        if name == "progress" and not is_open:
            continue
        if name != "progress" and name not in allowed:
            continue
        form = bound.get(name) or form_class(auto_id=f"id_{name}_%s")
        moves.append({"name": name, "label": MOVE_LABELS[name], "form": form, "open": name in bound})
    context = {
        "action": action,
        "moves": moves,
        "is_open": is_open,
        "log": list(action.log.all()),
        "today": timezone.localdate(),
        "conference_url": _reverse_or_empty("conference-detail", action.conference_id) if action.conference_id else "",
        "agreement_url": (
            _reverse_or_empty("agreement-detail", action.agreement_review.agreement_id)
            if action.agreement_review_id
            else ""
        ),
    }
    return render(request, "dialogues/actions/detail.html", context, status=status)


@staff_required
def action_detail(request, pk):
    action = _action(request, pk, selectors.action_detail_visible_to(request.user))
    return _render_detail(request, action)


@require_POST
@staff_required
def action_move(request, pk, move):
    if move not in MOVE_FORMS:
        raise Http404
    action = _action(request, pk, selectors.action_detail_visible_to(request.user))
    form = MOVE_FORMS[move](request.POST, request.FILES or None, auto_id=f"id_{move}_%s")
    if form.is_valid():
        try:
            _call_move(move, action, request.user, form.cleaned_data)
        except DomainError as exc:
            if exc.field not in form.fields:
                # Not about what was typed (e.g. the action was settled meanwhile): say so above the page.
                messages.error(request, exc.message)
                return redirect("action-detail", pk=action.pk)
            form.add_error(exc.field, exc.message)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, MOVE_DONE[move])
            return redirect("action-detail", pk=action.pk)
    return _render_detail(request, action, bound={move: form})


@staff_required
def action_edit(request, pk):
    action = _action(request, pk)
    if action.status not in ACTION_OPEN:
        messages.error(request, _("This action is settled; its details can no longer change."))
        return redirect("action-detail", pk=action.pk)
    form = ActionForm(request.POST or None, instance=copy.copy(action), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_action(action=action, by=request.user, **form.service_fields())
        except (DomainError, ValidationError) as exc:
            _put_service_error(form, exc)
        else:
            messages.success(request, _("Changes to the action saved."))
            return redirect("action-detail", pk=action.pk)
    return render(request, "dialogues/actions/form.html", {"form": form, "action": action})


@staff_required
def action_evidence(request, pk):
    """The evidence document, after the scope check (media files are never linked directly)."""
    action = _action(request, pk)
    if not action.evidence_file:
        raise Http404
    try:
        handle = action.evidence_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=os.path.basename(action.evidence_file.name))


@staff_required
def question_action_create(request, pk):
    """A follow-up action promised in answering a question (its responsible unit defaults to the question's)."""
    question = get_object_or_404(Question.objects.visible_to(request.user).select_related("branch"), pk=pk)
    initial = {"branch": question.assigned_unit_id or question.branch_id, "owner": request.user.pk}
    form = ActionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.create_action(by=request.user, question=question, **form.service_fields())
        except (DomainError, ValidationError) as exc:
            _put_service_error(form, exc)
        else:
            messages.success(request, _("Follow-up action added."))
            return redirect("action-detail", pk=action.pk)
    return render(request, "dialogues/actions/form.html", {"form": form, "action": None, "question": question})


urlpatterns = [
    path("questions/<int:pk>/actions/new/", question_action_create, name="question-action-create"),
    path("actions/", action_list, name="action-list"),
    path("actions/export/", action_export, name="action-export"),
    path("actions/<int:pk>/", action_detail, name="action-detail"),
    path("actions/<int:pk>/edit/", action_edit, name="action-edit"),
    path("actions/<int:pk>/evidence/", action_evidence, name="action-evidence"),
    path("actions/<int:pk>/moves/<slug:move>/", action_move, name="action-move"),
]
