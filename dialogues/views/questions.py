"""Staff HTML pages for questions: the inbox (tabs, filters, bulk assignment), intake from any channel, and the
question page with its timeline, answer versions, enterprise history and one small form per allowed action."""

import os
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.forms.utils import ErrorDict
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm import access, exports
from crm.errors import DomainError
from crm.forms.enterprises import add_service_errors
from crm.views.decorators import staff_required
from crm.workdays import Calendar
from dialogues import selectors
from dialogues.exports import QUESTION_COLUMNS
from dialogues.filters import QUESTION_VIEWS, QuestionFilter
from dialogues.forms import questions as forms
from dialogues.models import (
    QUESTION_DONE,
    QUESTION_OPEN,
    AnswerStatus,
    BankEntry,
    FollowUpAction,
    Question,
    QuestionAttachment,
    QuestionStatus,
)
from dialogues.services import questions as services

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
FILTER_FIELDS = ("q", "status", "category", "channel", "priority", "branch")


def _page_size(params) -> int:
    try:
        size = int(params.get("page_size", PAGE_SIZE))
    except ValueError:
        return PAGE_SIZE
    return min(max(size, 1), MAX_PAGE_SIZE)


def _question(request, pk, queryset=None) -> Question:
    """A question inside the user's scope (anything else is a 404)."""
    return get_object_or_404(queryset if queryset is not None else selectors.questions_visible_to(request.user), pk=pk)


# --- The inbox ---------------------------------------------------------------------------------------------------


def _tab_conditions(user) -> dict[str, Q]:
    """The same conditions as QuestionFilter.filter_view, as Q objects for one aggregate of every tab's count."""
    today = timezone.localdate()
    open_ = Q(status__in=QUESTION_OPEN)
    running = open_ & ~Q(status=QuestionStatus.AWAITING_ENTERPRISE)
    unit = access.home_branch(user)
    return {
        "mine": open_ & Q(assignee=user),
        "unit": open_ & (Q(assigned_unit=unit) | Q(assigned_unit__isnull=True, branch=unit)) if unit else open_,
        "unassigned": open_ & Q(assignee__isnull=True),
        "due_soon": running & Q(due_on__gte=today, due_on__lte=Calendar().add(today, 2)),
        "overdue": running & Q(due_on__lt=today),
        "awaiting": Q(status=QuestionStatus.AWAITING_ENTERPRISE),
        "escalated": Q(status=QuestionStatus.ESCALATED),
        "approval": Q(status=QuestionStatus.PENDING_APPROVAL),
    }


# Short labels: the nine tabs fit on one line of a laptop screen.
TAB_LABELS = {
    "mine": gettext_lazy("Mine"),
    "unit": gettext_lazy("My unit's"),
    "unassigned": gettext_lazy("Unassigned"),
    "due_soon": gettext_lazy("Due soon"),
    "overdue": gettext_lazy("Overdue"),
    "awaiting": gettext_lazy("Awaiting enterprise"),
    "escalated": gettext_lazy("Escalated"),
    "approval": gettext_lazy("Awaiting approval"),
}

EMPTY_TAB = {
    "": gettext_lazy("No questions have been logged in your units yet."),
    "mine": gettext_lazy("No open question is assigned to you. Well done!"),
    "unit": gettext_lazy("Your unit has no open questions."),
    "unassigned": gettext_lazy("Every open question has an officer."),
    "due_soon": gettext_lazy("Nothing falls due in the next two working days."),
    "overdue": gettext_lazy("No question is overdue."),
    "awaiting": gettext_lazy("No question is waiting for an enterprise's reply."),
    "escalated": gettext_lazy("No question is escalated."),
    "approval": gettext_lazy("No answer is waiting for approval."),
}


def _list_context(request, params: QueryDict, *, bulk_form=None) -> dict:
    user = request.user
    view = params.get("view", "")
    if view not in dict(QUESTION_VIEWS):
        view = ""
    filterset = QuestionFilter(params, queryset=selectors.questions_visible_to(user), request=request)
    forms.polish_question_filter_form(filterset.form)
    is_valid = filterset.is_valid()
    queryset = filterset.qs if is_valid else filterset.queryset.none()
    page_obj = Paginator(queryset, _page_size(params)).get_page(params.get("page"))

    # Every tab's count in one query, over the same filters without the tab.
    counts: dict[str, int] = {}
    if is_valid:
        without_view = params.copy()
        without_view.pop("view", None)
        base = QuestionFilter(without_view, queryset=Question.objects.visible_to(user), request=request)
        if base.is_valid():
            aggregates = {name: Count("pk", filter=cond) for name, cond in _tab_conditions(user).items()}
            counts = base.qs.order_by().aggregate(all=Count("pk"), **aggregates)
    tabs = [{"value": "", "label": _("All"), "title": _("Every question of my units"), "count": counts.get("all")}]
    tabs += [
        {"value": value, "label": TAB_LABELS[value], "title": title, "count": counts.get(value)}
        for value, title in QUESTION_VIEWS
    ]
    for tab in tabs:
        tab["active"] = tab["value"] == view
    form = filterset.form
    return {
        "form": form,
        "page_obj": page_obj,
        "questions": page_obj.object_list,
        "tabs": tabs,
        "view": view,
        "today": timezone.localdate(),
        "open_statuses": QUESTION_OPEN,
        "is_filtered": any(params.get(name) for name in FILTER_FIELDS),
        "filter_errors": (
            []
            if is_valid
            else [f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()]
        ),
        "empty_text": EMPTY_TAB[view],
        "bulk_form": bulk_form or forms.BulkAssignForm(user=user, auto_id="id_bulk_%s"),
        "query": params.urlencode(),
    }


@staff_required
def question_list(request):
    if exports.wants_export(request):
        filterset = QuestionFilter(request.GET, queryset=selectors.questions_visible_to(request.user), request=request)
        forms.polish_question_filter_form(filterset.form)
        return exports.export_queryset(
            columns=QUESTION_COLUMNS,
            queryset=filterset.qs if filterset.is_valid() else filterset.queryset,
            form=filterset.form,
            file_format=request.GET["as"],
            basename="questions",
        )
    return render(request, "dialogues/questions/list.html", _list_context(request, request.GET))


def _back_to_list(request) -> tuple[str, QueryDict]:
    """The inbox URL the bulk form came from (its query string), and those parameters."""
    query = request.POST.get("query", "")
    url = f"{reverse('question-list')}?{query}" if query else reverse("question-list")
    if not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return reverse("question-list"), QueryDict()
    return url, QueryDict(query)


@staff_required
def question_bulk_assign(request):
    if request.method != "POST":
        return redirect("question-list")
    url, params = _back_to_list(request)
    form = forms.BulkAssignForm(request.POST, user=request.user, auto_id="id_bulk_%s")
    if form.is_valid():
        questions = list(form.cleaned_data["questions"].select_related("branch").order_by("received_at", "pk"))
        try:
            count = services.bulk_assign(
                questions=questions,
                by=request.user,
                unit=form.cleaned_data["unit"],
                assignee=form.cleaned_data["assignee"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("%(n)s questions assigned.") % {"n": count})
            return redirect(url)
    context = _list_context(request, params, bulk_form=form)
    context["selected"] = {str(pk) for pk in request.POST.getlist("questions")}
    return render(request, "dialogues/questions/list.html", context, status=400)


# --- Intake ------------------------------------------------------------------------------------------------------


@staff_required
def question_create(request):
    user = request.user
    if request.method != "POST":
        return render(request, "dialogues/questions/form.html", {"form": forms.QuestionIntakeForm(user=user)})
    form = forms.QuestionIntakeForm(request.POST, request.FILES, user=user)
    if "lookup" in request.POST:
        # "Find" next to the tax code: show the enterprise and its contacts, keep the input, save nothing.
        form._errors, form.cleaned_data = ErrorDict(), {}
        if request.POST.get("tax_code", "").strip() and form.enterprise is None:
            form.add_error("tax_code", _("There is no enterprise with this tax code in your units."))
        return render(request, "dialogues/questions/form.html", {"form": form, "looked_up": True})
    if form.is_valid():
        try:
            question = services.record_question(by=user, **form.service_fields())
        except DomainError as exc:
            field = {"file": "attachments"}.get(exc.field, exc.field)
            form.add_error(field if field in form.fields else None, exc.message)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Question %(ref)s recorded.") % {"ref": question.reference})
            return redirect("question-detail", pk=question.pk)
    return render(request, "dialogues/questions/form.html", {"form": form}, status=400)


# --- The question page -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """One action of the question page: the move it needs (None: always open to staff), its form, how it calls the
    service, and which form field a service error names."""

    move: str | None
    form: type
    label: Any
    done: Any
    fields: dict[str, str]
    multipart: bool = False
    danger: bool = False


ACTIONS: dict[str, Action] = {
    "triage": Action("triage", forms.TriageForm, gettext_lazy("Triage"), gettext_lazy("Question triaged."), {}),
    "assign": Action("assign", forms.AssignForm, gettext_lazy("Assign"), gettext_lazy("Question assigned."), {}),
    "request-info": Action(
        "request_info",
        forms.RequestInfoForm,
        gettext_lazy("Ask the enterprise for information"),
        gettext_lazy("Information requested; the deadline is paused."),
        {},
    ),
    "reply": Action(
        "provide_info",
        forms.ReplyForm,
        gettext_lazy("Record the enterprise's reply"),
        gettext_lazy("Reply recorded; the deadline runs again."),
        {"file": "attachments"},
        multipart=True,
    ),
    "answer": Action("draft", forms.AnswerForm, gettext_lazy("Answer"), gettext_lazy("Draft saved."), {}),
    "submit": Action(
        "submit", forms.EmptyForm, gettext_lazy("Submit for approval"), gettext_lazy("Answer sent for approval."), {}
    ),
    "approve": Action(
        "approve",
        forms.ApproveForm,
        gettext_lazy("Approve and send"),
        gettext_lazy("Answer approved and sent to the enterprise."),
        {},
    ),
    "return": Action(
        "return", forms.ReturnForm, gettext_lazy("Return for changes"), gettext_lazy("Answer returned."), {}
    ),
    "escalate": Action(
        "escalate",
        forms.EscalateForm,
        gettext_lazy("Escalate"),
        gettext_lazy("Question escalated; the interim reply was sent."),
        {},
    ),
    "extend": Action(
        "extend", forms.ExtendForm, gettext_lazy("Extend the deadline"), gettext_lazy("Deadline extended."), {}
    ),
    "answer-from-bank": Action(
        "answer_from_bank",
        forms.BankSourceForm,
        gettext_lazy("Answer from the question bank"),
        gettext_lazy("Answered with an approved answer from the question bank."),
        {"source": "reference", "entry": "reference"},
    ),
    "merge": Action(
        "merge",
        forms.ReferenceForm,
        gettext_lazy("Merge into another question"),
        gettext_lazy("Question merged."),
        {"into": "reference"},
        danger=True,
    ),
    "close": Action("close", forms.CloseForm, gettext_lazy("Close"), gettext_lazy("Question closed."), {}),
    "reopen": Action("reopen", forms.ReopenForm, gettext_lazy("Reopen"), gettext_lazy("Question reopened."), {}),
    "note": Action(None, forms.NoteForm, gettext_lazy("Internal note"), gettext_lazy("Note added."), {}),
    "attachment-add": Action(
        None,
        forms.AttachmentForm,
        gettext_lazy("Add a file"),
        gettext_lazy("File attached."),
        {},
        multipart=True,
    ),
}

# The order of the panels on the page (the answer editor lives in the main column).
SIDE_ORDER = (
    "approve",
    "return",
    "triage",
    "assign",
    "submit",
    "request-info",
    "reply",
    "escalate",
    "extend",
    "answer-from-bank",
    "merge",
    "close",
    "reopen",
    "note",
    "attachment-add",
)


def _make_form(slug: str, question: Question, user, data=None, files=None, *, context: dict):
    action = ACTIONS[slug]
    kwargs: dict[str, Any] = {"auto_id": f"id_{slug.replace('-', '_')}_%s"}
    if slug == "triage":
        kwargs["question"] = question
    elif slug == "assign":
        kwargs.update(question=question, user=user)
    elif slug == "answer":
        kwargs.update(documents=context["documents"], draft=context.get("draft"))
        if data is not None:
            try:
                kwargs["rows"] = min(max(int(data.get("citation_rows", 0)), 1), 20)
            except ValueError:
                kwargs["rows"] = None
    if data is not None:
        return action.form(data, files, **kwargs)
    return action.form(**kwargs)


def _by_reference(request, reference: str) -> Question:
    found = Question.objects.visible_to(request.user).filter(reference=reference).first()
    if found is None:
        raise DomainError(_("There is no question %(ref)s in your units.") % {"ref": reference}, field="reference")
    return found


def _bank_source(request, reference: str) -> dict:
    """`#123` / `123`: the published question bank entry 123; otherwise a question reference of the user's units."""
    number = reference.lstrip("#")
    if number.isdigit():
        entry = BankEntry.objects.public().filter(pk=int(number)).first()
        if entry is None:
            raise DomainError(_("There is no published question bank entry #%(n)s.") % {"n": number}, field="reference")
        return {"entry": entry}
    return {"source": _by_reference(request, reference)}


def _call(slug: str, question: Question, request, form) -> None:
    user, data = request.user, form.cleaned_data
    match slug:
        case "triage":
            services.triage(
                question=question,
                by=user,
                category=data["category"],
                priority=data["priority"],
                subcategory=data["subcategory"],
                note=data["note"],
            )
        case "assign":
            services.assign(question=question, by=user, unit=data["unit"], assignee=data["assignee"], note=data["note"])
        case "request-info":
            services.request_info(question=question, by=user, message=data["message"])
        case "reply":
            services.provide_info(question=question, by=user, text=data["text"], attachments=data["attachments"])
        case "answer":
            submit = request.POST.get("intent") == "submit"
            services.draft_answer(question=question, by=user, body=data["body"], citations=form.cited(), submit=submit)
        case "submit":
            services.submit_answer(question=question, by=user)
        case "approve":
            services.approve_answer(
                question=question,
                by=user,
                letter_number=data["letter_number"],
                letter_date=data["letter_date"],
                note=data["note"],
            )
        case "return":
            services.return_answer(question=question, by=user, note=data["note"])
        case "escalate":
            services.escalate(
                question=question,
                by=user,
                level=data["level"],
                body_name=data["body_name"],
                interim_reply=data["interim_reply"],
            )
        case "extend":
            services.extend_deadline(question=question, by=user, days=data["days"], reason=data["reason"])
        case "answer-from-bank":
            services.answer_from_bank(question=question, by=user, **_bank_source(request, data["reference"]))
        case "merge":
            services.merge(question=question, by=user, into=_by_reference(request, data["reference"]))
        case "close":
            services.close(question=question, by=user, note=data["note"])
        case "reopen":
            services.reopen(question=question, by=user, reason=data["reason"])
        case "note":
            services.add_note(question=question, by=user, text=data["text"])
        case "attachment-add":
            services.add_attachment(question=question, by=user, upload=data["file"], internal=data["internal"])


def _detail_context(request, question: Question, *, bound: dict | None = None) -> dict:
    user = request.user
    bound = bound or {}
    allowed = set(services.allowed_actions(question, user))
    answers = question.visible_answers
    draft = next((a for a in reversed(answers) if a.status in (AnswerStatus.DRAFT, AnswerStatus.RETURNED)), None)
    submitted = next((a for a in reversed(answers) if a.status == AnswerStatus.SUBMITTED), None)
    context = {"draft": draft, "documents": []}

    def open_to(slug: str) -> bool:
        move = ACTIONS[slug].move
        if question.merged_into_id and move is None:
            return slug == "note"
        if slug == "submit":
            return move in allowed and draft is not None and draft.status == AnswerStatus.DRAFT
        return move is None or move in allowed

    answer_form = None
    if open_to("answer"):
        context["documents"] = forms.legal_document_choices(user)
        answer_form = bound.get("answer") or _make_form("answer", question, user, context=context)
    panels = [
        {
            "slug": slug,
            "action": ACTIONS[slug],
            "form": bound.get(slug) or _make_form(slug, question, user, context=context),
            "open": slug in bound,
        }
        for slug in SIDE_ORDER
        if open_to(slug)
    ]
    today = timezone.localdate()
    is_open = question.status in QUESTION_OPEN
    attachments = question.visible_attachments
    return {
        "question": question,
        "panels": panels,
        "answer_form": answer_form,
        "documents": context["documents"],
        "answer_open": "answer" in bound,
        "draft": draft,
        "submitted": submitted,
        "answers": answers,
        "sent_answers": [a for a in answers if a.status == AnswerStatus.APPROVED],
        "events": question.visible_events,
        "attachments": attachments,
        "history": selectors.enterprise_history(user, question),
        "follow_ups": list(
            FollowUpAction.objects.visible_to(user)
            .filter(question=question)
            .select_related("owner", "branch")
            .order_by("due_on", "id")
        ),
        "bank_entries": list(
            BankEntry.objects.visible_to(user).filter(questions=question).select_related("branch").order_by("-id")
        ),
        "is_open": is_open,
        "is_done": question.status in QUESTION_DONE,
        "is_overdue": is_open and not question.is_paused and question.due_on is not None and question.due_on < today,
        "is_manager": access.is_manager(user),
        "today": today,
        "now": timezone.now(),
        "page_errors": [error for form in bound.values() for error in form.non_field_errors()],
    }


def _detail_queryset(request):
    return selectors.question_detail_visible_to(request.user)


@staff_required
def question_detail(request, pk):
    question = _question(request, pk, _detail_queryset(request))
    return render(request, "dialogues/questions/detail.html", _detail_context(request, question))


@staff_required
def question_action(request, pk, action):
    if request.method != "POST":
        return redirect("question-detail", pk=pk)
    if action not in ACTIONS:
        raise Http404
    question = _question(request, pk)
    spec = ACTIONS[action]
    context = {"documents": forms.legal_document_choices(request.user) if action == "answer" else [], "draft": None}
    form = _make_form(action, question, request.user, request.POST, request.FILES, context=context)
    if form.is_valid():
        try:
            _call(action, question, request, form)
        except DomainError as exc:
            field = spec.fields.get(exc.field, exc.field)
            form.add_error(field if field in form.fields else None, exc.message)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            done = spec.done
            if action == "answer" and request.POST.get("intent") == "submit":
                done = ACTIONS["submit"].done
            messages.success(request, done)
            return redirect("question-detail", pk=question.pk)
    question = _question(request, pk, _detail_queryset(request))
    return render(
        request, "dialogues/questions/detail.html", _detail_context(request, question, bound={action: form}), status=400
    )


@staff_required
def question_attachment(request, pk):
    """A question's file, after the scope check (media files are never linked directly)."""
    attachment = get_object_or_404(
        QuestionAttachment.objects.filter(question__in=Question.objects.visible_to(request.user)), pk=pk
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=attachment.name or os.path.basename(attachment.file.name))


urlpatterns = [
    path("questions/", question_list, name="question-list"),
    path("questions/new/", question_create, name="question-create"),
    path("questions/bulk-assign/", question_bulk_assign, name="question-bulk-assign"),
    path("questions/attachments/<int:pk>/", question_attachment, name="question-attachment"),
    path("questions/<int:pk>/", question_detail, name="question-detail"),
    *[
        path(f"questions/<int:pk>/{slug}/", question_action, {"action": slug}, name=f"question-{slug}")
        for slug in ACTIONS
    ],
]
