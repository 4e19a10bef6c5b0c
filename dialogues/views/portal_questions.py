"""HTML pages of the enterprise portal for questions: the enterprise's questions (all of them, whoever asked), asking a
new one, the question page with its public timeline and sent answers, replying when information is requested,
rating the answer, reopening it, and downloading the files the enterprise may see.

While the enterprise types a new question, the most similar published question bank entries are suggested
(`question_suggestions`, fetched by htmx); "this answers my question" records a deflection and sends nothing
(`question_deflect`); a question submitted anyway keeps the entries it was shown (`bank.record_suggestions`).

Only portal users reach these pages; anyone else signed in gets 404. Questions of another enterprise are 404 too.
Staff-only data (internal notes and files, unsent drafts, officers, internal targets) never reaches the templates:
the detail selector filters it out and the status is shown in the enterprise's words (`portal_status`)."""

import os

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, QuerySet, prefetch_related_objects
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm import access, exports
from crm.errors import DomainError
from crm.forms.enterprises import add_service_errors
from crm.text import search_key
from dialogues import search, selectors
from dialogues.exports import PORTAL_QUESTION_COLUMNS
from dialogues.forms.portal_questions import (
    AskQuestionForm,
    RatingForm,
    ReopenForm,
    ReplyForm,
    StatusGroupForm,
    put_service_error,
)
from dialogues.models import (
    AnswerKind,
    Citation,
    Conference,
    EventKind,
    LegalDocumentStatus,
    Question,
    QuestionAttachment,
    QuestionStatus,
    Rating,
    Registration,
    RegistrationStatus,
)
from dialogues.services import bank
from dialogues.services import questions as services
from dialogues.views.portal import portal_required
from dialogues.views.public_bank import entry_url, present

PAGE_SIZE = 20
SUGGESTIONS = 5
SUGGEST_MIN_CHARACTERS = 4  # letters and digits typed (diacritics ignored) before anything is suggested
S = QuestionStatus

# The statuses an enterprise sees: the branch's internal steps all read "In progress".
IN_PROGRESS = (S.TRIAGED, S.ASSIGNED, S.DRAFTING, S.PENDING_APPROVAL)
PORTAL_STATUS = {
    S.RECEIVED: (gettext_lazy("Received"), "badge-brand"),
    S.TRIAGED: (gettext_lazy("In progress"), "badge-brand"),
    S.ASSIGNED: (gettext_lazy("In progress"), "badge-brand"),
    S.DRAFTING: (gettext_lazy("In progress"), "badge-brand"),
    S.PENDING_APPROVAL: (gettext_lazy("In progress"), "badge-brand"),
    S.REOPENED: (gettext_lazy("Reopened"), "badge-brand"),
    S.ESCALATED: (gettext_lazy("Referred to a higher authority"), "badge-warn"),
    S.AWAITING_ENTERPRISE: (gettext_lazy("Waiting for your reply"), "badge-danger"),
    S.ANSWERED: (gettext_lazy("Answered"), "badge-ok"),
    S.CLOSED: (gettext_lazy("Closed"), ""),
}
STATUS_GROUPS = {
    StatusGroupForm.OPEN: (S.RECEIVED, *IN_PROGRESS, S.REOPENED, S.ESCALATED),
    StatusGroupForm.WAITING: (S.AWAITING_ENTERPRISE,),
    StatusGroupForm.ANSWERED: (S.ANSWERED, S.CLOSED),
}


def portal_status(status: str) -> tuple[str, str]:
    """(label, badge class) of a status in words an enterprise understands."""
    return PORTAL_STATUS.get(status, (gettext_lazy("In progress"), "badge-brand"))


def _questions(user) -> QuerySet[Question]:
    """The enterprise's questions for the list: only the columns the page shows, with `unrated` (an answer waits
    for the enterprise's rating)."""
    unrated = Rating.objects.filter(question=OuterRef("pk"), rated_at__isnull=True)
    return (
        Question.objects.visible_to(user)
        .only("id", "reference", "title", "status", "received_at", "due_on", "paused_at", "merged_into_id")
        .annotate(unrated=Exists(unrated))
        .order_by("-received_at", "-id")
    )


def _registered_conferences(user) -> QuerySet[Conference]:
    """The conferences the user's enterprise registered for (a question may be about one of them)."""
    registered = Registration.objects.filter(enterprise_id=access.portal_enterprise_id(user)).exclude(
        status=RegistrationStatus.CANCELLED
    )
    return Conference.objects.filter(pk__in=registered.values("conference_id")).order_by("-starts_at", "-id")


@portal_required
def question_list(request):
    questions = _questions(request.user)
    filters = StatusGroupForm(request.GET or None)
    group = filters.cleaned_data["status"] if filters.is_valid() else ""
    if group:
        questions = questions.filter(status__in=STATUS_GROUPS[group])
    if exports.wants_export(request):
        return exports.export_queryset(
            columns=PORTAL_QUESTION_COLUMNS,
            queryset=questions.only("id", "reference", "title", "status", "received_at", "due_on", "answered_at"),
            form=filters,
            file_format=request.GET["as"],
            basename="my-questions",
        )
    page = Paginator(questions, PAGE_SIZE).get_page(request.GET.get("page"))
    for question in page.object_list:
        question.portal_label, question.portal_badge = portal_status(question.status)
    context = {"page_obj": page, "questions": page.object_list, "filters": filters, "group": group}
    return render(request, "dialogues/portal/questions_list.html", context)


def typed_text(data) -> str:
    """The subject and the question as typed so far (GET of the suggestions, POST of the form)."""
    return "\n".join(part.strip() for part in (data.get("title", ""), data.get("body", "")) if part.strip())


def bank_suggestions(text: str) -> list:
    """The published entries most like what the enterprise typed (none for a few letters), ready for the list."""
    if len(search_key(text).replace(" ", "")) < SUGGEST_MIN_CHARACTERS:
        return []
    words = search.suggestion_words(text)
    if not words:
        return []
    query = search.ParsedQuery(text=text, words=words)
    language = get_language()
    entries = search.suggest(selectors.public_bank_entries(), text)[:SUGGESTIONS]
    return [present(entry, language, query) for entry in entries]


@portal_required
def question_create(request):
    conferences = _registered_conferences(request.user)
    posted = request.method == "POST"
    form = AskQuestionForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        conferences=conferences if conferences.exists() else None,
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        files = data["attachments"]
        try:
            question = services.submit_question(
                by=request.user,
                title=data["title"],
                body=data["body"],
                category=data["category"],
                hs_codes=data["hs_codes"],
                declaration_numbers=data["declaration_numbers"],
                conference=data.get("conference"),
                attachments=files,
            )
        except DomainError as exc:
            put_service_error(form, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            bank.record_suggestions(question=question, entry_ids=request.POST.getlist("suggested_entries"))
            messages.success(
                request,
                _("Your question was sent. Its reference is %(ref)s; quote it when you contact the customs unit.")
                % {"ref": question.reference},
            )
            return redirect("portal-question-detail", pk=question.pk)
        if files and not form.has_error("attachments"):
            form.add_error("attachments", _("Please choose your files again."))
    text = typed_text(request.POST) if posted else ""
    context = {"form": form, "suggestions": bank_suggestions(text), "typed": text}
    return render(request, "dialogues/portal/questions_form.html", context)


@portal_required
def question_suggestions(request):
    """The list of suggested entries under the question being typed (an htmx partial; empty for a short text)."""
    text = typed_text(request.GET)
    context = {"suggestions": bank_suggestions(text), "typed": text}
    return render(request, "dialogues/portal/_bank_suggestions.html", context)


@require_POST
@portal_required
def question_deflect(request):
    """ "This answers my question": the deflection is recorded and nothing is sent to the customs unit."""
    entry_id = request.POST.get("entry", "")
    if not entry_id.isdigit():
        raise Http404
    entry = get_object_or_404(selectors.public_bank_entries(), pk=int(entry_id))
    query = request.POST.get("query") or typed_text(request.POST)
    bank.record_deflection(entry=entry, by=request.user, query=query)
    messages.success(
        request,
        format_html(
            '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
            _("Glad the question bank helped — nothing was sent to the customs unit."),
            entry_url(entry),
            _("Read the answer again"),
        ),
    )
    return redirect("portal-question-list")


def _question(request, pk) -> Question:
    """The question with everything its page shows, or 404 outside the user's enterprise."""
    return get_object_or_404(selectors.question_detail_visible_to(request.user), pk=pk)


def _timeline(question: Question) -> list[dict]:
    """The public events in the enterprise's words. Internal steps (assigned → drafting) that do not change what
    the enterprise sees are left out, and so is who did what on the customs side."""
    rows = []
    shown = None
    for event in question.visible_events:
        if event.kind == EventKind.NOTE:  # never public; guarded anyway
            continue
        if event.kind == EventKind.STATUS:
            label, badge = portal_status(event.to_status)
            if label == shown:
                continue
            shown = label
            rows.append({"at": event.at, "title": label, "badge": badge, "text": event.text})
        elif event.kind == EventKind.RECEIVED:
            shown = portal_status(S.RECEIVED)[0]
            rows.append({"at": event.at, "title": _("Question received"), "badge": "", "text": ""})
        elif event.kind == EventKind.INFO_REQUESTED:
            rows.append({"at": event.at, "title": _("Information requested"), "badge": "", "text": event.text})
        elif event.kind == EventKind.ENTERPRISE_REPLY:
            rows.append({"at": event.at, "title": _("Your reply"), "badge": "", "text": event.text})
        elif event.kind == EventKind.EXTENDED:
            rows.append({"at": event.at, "title": _("Deadline extended"), "badge": "", "text": event.text})
    return rows


def dotted_hs_code(code: str) -> str:
    """85183020 → 8518.30.20, the way HS codes are written on declarations."""
    return ".".join([code[:4], *(code[i : i + 2] for i in range(4, len(code), 2))])


def _info_request(question: Question) -> str:
    """The message of the latest request for information (shown while the question waits for the enterprise)."""
    requests = [e.text for e in question.visible_events if e.kind == EventKind.INFO_REQUESTED]
    return requests[-1] if requests else ""


def _sent_answers(question: Question) -> list:
    """The sent answers with each legal document's successor (to say what amended it), one query more."""
    answers = selectors.sent_answers(question)
    prefetch_related_objects(
        answers, Prefetch("citations", queryset=Citation.objects.select_related("document__amended_by"))
    )
    return answers


def _render_detail(request, question, *, reply_form=None, rating_form=None, reopen_form=None, status=200):
    actions = services.allowed_actions(question, request.user)
    rating = question.all_ratings[-1] if question.all_ratings else None
    label, badge = portal_status(question.status)
    context = {
        "question": question,
        "status_label": label,
        "status_badge": badge,
        "answers": _sent_answers(question),
        "attachments": question.visible_attachments,
        "hs_codes": [dotted_hs_code(code) for code in question.hs_codes],
        "timeline": _timeline(question),
        "info_request": _info_request(question) if question.status == S.AWAITING_ENTERPRISE else "",
        "can_reply": "provide_info" in actions,
        "can_reopen": "reopen" in actions,
        "rating": rating,
        "can_rate": rating is not None and rating.rated_at is None,
        "reply_form": reply_form or ReplyForm(),
        "rating_form": rating_form or RatingForm(),
        "reopen_form": reopen_form or ReopenForm(),
        "interim": AnswerKind.INTERIM,
        "amended": LegalDocumentStatus.AMENDED,
        "expired": LegalDocumentStatus.EXPIRED,
        "is_merged": question.merged_into_id is not None,
        "settled": question.status in (S.ANSWERED, S.CLOSED),
    }
    return render(request, "dialogues/portal/questions_detail.html", context, status=status)


@portal_required
def question_detail(request, pk):
    return _render_detail(request, _question(request, pk))


@require_POST
@portal_required
def question_reply(request, pk):
    """The enterprise answers a request for information; the deadline clock resumes."""
    question = _question(request, pk)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.provide_info(
                question=question,
                by=request.user,
                text=form.cleaned_data["text"],
                attachments=form.cleaned_data["attachments"],
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except DomainError as exc:
            if exc.field is None:
                messages.error(request, exc.message)
                return redirect("portal-question-detail", pk=question.pk)
            put_service_error(form, exc)
        else:
            messages.success(request, _("Thank you: your reply was sent and the customs unit resumes work on it."))
            return redirect("portal-question-detail", pk=question.pk)
    return _render_detail(request, question, reply_form=form)


@require_POST
@portal_required
def question_rate(request, pk):
    question = _question(request, pk)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.rate(
                question=question,
                by=request.user,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Thank you for rating the answer."))
        return redirect("portal-question-detail", pk=question.pk)
    return _render_detail(request, question, rating_form=form)


@require_POST
@portal_required
def question_reopen(request, pk):
    question = _question(request, pk)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.reopen(question=question, by=request.user, reason=form.cleaned_data["reason"])
        except PermissionDenied as exc:
            raise Http404 from exc
        except DomainError as exc:
            if exc.field is None:
                messages.error(request, exc.message)
                return redirect("portal-question-detail", pk=question.pk)
            put_service_error(form, exc)
        else:
            messages.success(request, _("The question is reopened; the customs unit will answer again."))
            return redirect("portal-question-detail", pk=question.pk)
    return _render_detail(request, question, reopen_form=form)


@portal_required
def question_attachment(request, pk):
    """A file of the enterprise's question that it may see (never an internal one); media is never linked
    directly."""
    attachment = get_object_or_404(
        QuestionAttachment.objects.filter(internal=False, question__in=Question.objects.visible_to(request.user)),
        pk=pk,
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=attachment.name or os.path.basename(attachment.file.name))


urlpatterns = [
    path("portal/questions/", question_list, name="portal-question-list"),
    path("portal/questions/new/", question_create, name="portal-question-create"),
    path("portal/questions/suggestions/", question_suggestions, name="portal-question-suggestions"),
    path("portal/questions/deflect/", question_deflect, name="portal-question-deflect"),
    path("portal/questions/<int:pk>/", question_detail, name="portal-question-detail"),
    path("portal/questions/<int:pk>/reply/", question_reply, name="portal-question-reply"),
    path("portal/questions/<int:pk>/rate/", question_rate, name="portal-question-rate"),
    path("portal/questions/<int:pk>/reopen/", question_reopen, name="portal-question-reopen"),
    path("portal/questions/attachments/<int:pk>/", question_attachment, name="portal-question-attachment"),
]
