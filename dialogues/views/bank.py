"""Staff pages of the question bank: entries of the user's units, writing one from an answered question, the
second approval and publication."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.forms.utils import ErrorDict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from crm import exports
from crm.errors import DomainError
from crm.forms.enterprises import add_service_errors
from crm.text import nfc, search_key
from crm.views.decorators import staff_required
from dialogues import selectors
from dialogues.anonymise import Flag
from dialogues.exports import BANK_ENTRY_COLUMNS
from dialogues.forms import bank as forms
from dialogues.models import BankEntry, BankStatus, Question
from dialogues.services import bank as services

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
TEXT_FIELDS = forms.TEXT_FIELDS
MAX_SEARCH_WORDS = 8

# --- The list ----------------------------------------------------------------------------------------------------

# Tab value → the status it shows ("" = every entry).
TABS: list[tuple[str, str | None, Any]] = [
    ("", None, gettext_lazy("All")),
    ("review", BankStatus.IN_REVIEW, gettext_lazy("To review")),
    ("drafts", BankStatus.DRAFT, gettext_lazy("Drafts")),
    ("needs_update", BankStatus.NEEDS_UPDATE, gettext_lazy("Needs update")),
    ("published", BankStatus.PUBLISHED, gettext_lazy("Published")),
    ("archived", BankStatus.ARCHIVED, gettext_lazy("Archived")),
]
EMPTY_TAB = {
    "": gettext_lazy("Your units have no question bank entries yet."),
    "review": gettext_lazy("No entry is waiting for review."),
    "drafts": gettext_lazy("No entry is being written."),
    "needs_update": gettext_lazy("No published entry needs updating."),
    "published": gettext_lazy("No entry is published yet."),
    "archived": gettext_lazy("No entry is archived."),
}


def _page_size(params) -> int:
    try:
        size = int(params.get("page_size", PAGE_SIZE))
    except ValueError:
        return PAGE_SIZE
    return min(max(size, 1), MAX_PAGE_SIZE)


def _search(queryset, text: str):
    """Every word typed must occur in a working text (any case) or, without diacritics, in the published text. "#12"
    finds entry 12 alone; a number alone also finds the entry with that id."""
    text = nfc(text).strip()
    if text.startswith("#") and text[1:].isdigit():
        return queryset.filter(pk=int(text[1:]))
    words = text.split()[:MAX_SEARCH_WORDS]
    for word in words:
        condition = Q(search_key__contains=search_key(word)) if search_key(word) else Q()
        for name in TEXT_FIELDS:
            condition |= Q(**{f"{name}__icontains": word})
        if word.isdigit() and len(words) == 1:
            condition |= Q(pk=int(word))
        queryset = queryset.filter(condition)
    return queryset


@staff_required
def bank_entry_list(request):
    params = request.GET
    tab = params.get("view", "")
    statuses = {value: status for value, status, _label in TABS}
    if tab not in statuses:
        tab = ""
    form = forms.BankFilterForm(params)
    is_valid = form.is_valid()
    base = selectors.bank_entries_visible_to(request.user)
    if is_valid:
        if form.cleaned_data["q"]:
            base = _search(base, form.cleaned_data["q"])
        if form.cleaned_data["category"]:
            base = base.filter(category=form.cleaned_data["category"])
    else:
        base = base.none()
    if exports.wants_export(request):
        rows = base.filter(status=statuses[tab]) if statuses[tab] else base
        return exports.export_queryset(
            columns=BANK_ENTRY_COLUMNS,
            queryset=rows.order_by("-updated_at", "-id"),
            form=form,
            file_format=params["as"],
            basename="question-bank-entries",
        )
    # Every tab's count in one query, over the same filters.
    aggregates = {value: Count("pk", filter=Q(status=status)) for value, status, _label in TABS if value}
    counts = base.order_by().aggregate(all=Count("pk"), **aggregates) if is_valid else {}
    queryset = base.filter(status=statuses[tab]) if statuses[tab] else base
    page_obj = Paginator(queryset.order_by("-updated_at", "-id"), _page_size(params)).get_page(params.get("page"))
    tabs = [
        {"value": value, "label": label, "count": counts.get(value or "all"), "active": value == tab}
        for value, _status, label in TABS
    ]
    context = {
        "form": form,
        "tabs": tabs,
        "view": tab,
        "page_obj": page_obj,
        "entries": page_obj.object_list,
        "is_filtered": any(params.get(name) for name in ("q", "category")),
        "filter_errors": [] if is_valid else [e for errors in form.errors.values() for e in errors],
        "empty_text": EMPTY_TAB[tab],
        "today": timezone.localdate(),
    }
    return render(request, "dialogues/bank/list.html", context)


# --- Writing an entry ----------------------------------------------------------------------------------------------


def _entry_form(request, *, entry: BankEntry | None = None, data=None) -> forms.BankEntryForm:
    documents = forms.legal_document_choices(request.user)
    if data is None:
        return forms.BankEntryForm(user=request.user, documents=documents, entry=entry)
    default = max(len(entry.citations.all()) + 1, 3) if entry is not None else 3
    rows = forms.citation_rows(data, default)
    return forms.BankEntryForm(data, user=request.user, documents=documents, entry=entry, rows=rows)


def _save(request, form, entry: BankEntry | None = None) -> BankEntry | None:
    try:
        if entry is None:
            return services.create_entry(by=request.user, **form.service_fields())
        return services.update_entry(entry=entry, by=request.user, **form.service_fields())
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    except ValidationError as exc:
        add_service_errors(form, exc)
    return None


def _field_flags(form, found: list[Flag]) -> list[dict]:
    """The text fields of the editor by language, each with the details flagged in it."""
    by_field: dict[str, list[Flag]] = {name: [] for name in TEXT_FIELDS}
    for flag in found:
        by_field[flag.field].append(flag)
    return [
        {
            "code": code,
            "label": label,
            "fields": [(form[f"{part}_{code}"], by_field[f"{part}_{code}"]) for part in ("question", "answer")],
        }
        for code, label in (("vi", _("Vietnamese")), ("en", _("English")))
    ]


def _form_page(request, form, *, entry: BankEntry | None = None, status: int = 200):
    found = services.flags(entry) if entry is not None else []
    context = {
        "form": form,
        "entry": entry,
        "languages": _field_flags(form, found),
        "flag_count": len(found),
        "has_documents": len(form.fields["document_0"].choices) > 1,
        "questions": _linked_questions(request, entry) if entry is not None else [],
    }
    return render(request, "dialogues/bank/form.html", context, status=status)


@staff_required
def bank_entry_create(request):
    if request.method != "POST":
        return _form_page(request, _entry_form(request))
    form = _entry_form(request, data=request.POST)
    if request.POST.get("intent") == "add_row":
        form._errors, form.cleaned_data = ErrorDict(), {}  # the input back, one more row, nothing checked yet
        return _form_page(request, form)
    if form.is_valid() and (entry := _save(request, form)) is not None:
        messages.success(request, _("Entry #%(id)s saved as a draft.") % {"id": entry.pk})
        if request.POST.get("intent") == "continue":
            return redirect("bank-entry-edit", pk=entry.pk)
        return redirect("bank-entry-detail", pk=entry.pk)
    return _form_page(request, form, status=400)


@staff_required
def bank_entry_edit(request, pk):
    entry = get_object_or_404(selectors.bank_entry_detail_visible_to(request.user), pk=pk)
    if request.method != "POST":
        if "edit" not in services.allowed_actions(entry, request.user):
            messages.warning(
                request,
                _("An entry that is “%(status)s” cannot be changed.") % {"status": entry.get_status_display()},
            )
            return redirect("bank-entry-detail", pk=entry.pk)
        return _form_page(request, _entry_form(request, entry=entry), entry=entry)
    form = _entry_form(request, entry=entry, data=request.POST)
    if request.POST.get("intent") == "add_row":
        form._errors, form.cleaned_data = ErrorDict(), {}  # the input back, one more row, nothing checked yet
        return _form_page(request, form, entry=entry)
    if form.is_valid() and (saved := _save(request, form, entry)) is not None:
        remaining = len(services.flags(saved))
        if remaining:
            messages.warning(
                request,
                _("Changes saved. %(n)s details are still flagged as possibly identifying.") % {"n": remaining},
            )
        else:
            messages.success(request, _("Changes saved. No identifying details found."))
        if request.POST.get("intent") == "continue":
            return redirect("bank-entry-edit", pk=saved.pk)
        return redirect("bank-entry-detail", pk=saved.pk)
    return _form_page(request, form, entry=entry, status=400)


@staff_required
@require_POST
def question_publish_to_bank(request, pk):
    """ "Publish to the question bank" on an answered question: a draft pre-filled from it, opened for editing."""
    question = get_object_or_404(selectors.questions_visible_to(request.user), pk=pk)
    try:
        entry = services.create_from_question(question=question, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("question-detail", pk=question.pk)
    messages.success(
        request,
        _("Draft entry #%(id)s written from %(ref)s. Remove the flagged details, then submit it for review.")
        % {"id": entry.pk, "ref": question.reference},
    )
    return redirect("bank-entry-edit", pk=entry.pk)


# --- The entry page ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    """One workflow move of the entry page: the service's move name, its form, labels and the service call."""

    name: str
    form: type
    label: Any
    done: Any
    hint: Any = ""
    danger: bool = False


MOVES: dict[str, Move] = {
    "approve": Move(
        "approve",
        forms.EmptyForm,
        gettext_lazy("Approve and publish"),
        gettext_lazy("Entry approved: the public now reads this version."),
        gettext_lazy("The second approval: the working texts become the public version now."),
    ),
    "return": Move(
        "return", forms.ReturnForm, gettext_lazy("Return for changes"), gettext_lazy("Entry returned to its editor.")
    ),
    "submit": Move(
        "submit",
        forms.SubmitForm,
        gettext_lazy("Submit for review"),
        gettext_lazy("Entry sent for the second approval."),
        gettext_lazy("A manager other than you approves it before the public sees it."),
    ),
    "mark-reviewed": Move(
        "mark_reviewed",
        forms.EmptyForm,
        gettext_lazy("Mark as reviewed"),
        gettext_lazy("Entry marked as reviewed."),
        gettext_lazy("The published text is still right: the notice goes and the next review falls due later."),
    ),
    "publish": Move(
        "publish",
        forms.EmptyForm,
        gettext_lazy("Publish again"),
        gettext_lazy("Entry published again."),
        gettext_lazy("Puts the last approved version back in the public bank."),
    ),
    "archive": Move(
        "archive",
        forms.EmptyForm,
        gettext_lazy("Archive"),
        gettext_lazy("Entry archived: it left the public bank."),
        gettext_lazy("The entry leaves the public bank; it can be published again later."),
        danger=True,
    ),
}


def highlight_flags(text: str, found: list[Flag]) -> SafeString:
    """The text, HTML-escaped, with each flagged detail wrapped in <mark class="flag" title="kind">."""
    text = nfc(text)
    out, last = [], 0
    for flag in sorted(found, key=lambda f: (f.start, f.end)):
        if flag.start < last:
            continue
        out.append(escape(text[last : flag.start]))
        out.append(format_html('<mark class="flag" title="{}">{}</mark>', flag.label, text[flag.start : flag.end]))
        last = flag.end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # every piece is escaped above


def public_url(entry: BankEntry) -> str | None:
    """The entry's public page (its permalink, slugged like dialogues.views.public_bank.entry_slug)."""
    question = entry.public_question_vi or entry.public_question_en
    slug = slugify(search_key(question)[:80]) or "entry"
    try:
        return reverse("public-bank-entry", kwargs={"pk": entry.pk, "slug": slug})
    except NoReverseMatch:
        return None


def _linked_questions(request, entry: BankEntry) -> list[Question]:
    """The questions the entry answers, those of the user's units only."""
    return list(
        Question.objects.visible_to(request.user)
        .filter(bank_entries=entry)
        .select_related("enterprise")
        .order_by("-received_at")
    )


def _make_form(slug: str, *, flagged: bool, data=None):
    move = MOVES[slug]
    kwargs: dict[str, Any] = {"auto_id": f"id_{slug.replace('-', '_')}_%s"}
    if move.form is forms.SubmitForm:
        kwargs["flagged"] = flagged
    return move.form(data, **kwargs) if data is not None else move.form(**kwargs)


def _columns(entry: BankEntry, found: list[Flag], prefix: str = "") -> list[dict]:
    by_field: dict[str, list[Flag]] = {name: [] for name in TEXT_FIELDS}
    for flag in found:
        by_field[flag.field].append(flag)
    columns = []
    for code, label in (("vi", _("Vietnamese")), ("en", _("English"))):
        question, answer = getattr(entry, f"{prefix}question_{code}"), getattr(entry, f"{prefix}answer_{code}")
        columns.append(
            {
                "code": code,
                "label": label,
                "question": highlight_flags(question, [] if prefix else by_field[f"question_{code}"]),
                "answer": highlight_flags(answer, [] if prefix else by_field[f"answer_{code}"]),
                "empty": not (question or answer),
            }
        )
    return columns


def _detail_context(request, entry: BankEntry, *, bound: dict | None = None) -> dict:
    user = request.user
    bound = bound or {}
    found = services.flags(entry)
    allowed = services.allowed_actions(entry, user)
    panels = [
        {
            "slug": slug,
            "move": move,
            "form": bound.get(slug) or _make_form(slug, flagged=bool(found)),
            "open": slug in bound,
        }
        for slug, move in MOVES.items()
        if move.name in allowed
    ]
    revised = any(getattr(entry, name) != getattr(entry, f"public_{name}") for name in TEXT_FIELDS)
    labels = {name: str(BankEntry._meta.get_field(name).verbose_name) for name in TEXT_FIELDS}
    return {
        "entry": entry,
        "columns": _columns(entry, found),
        "public_columns": _columns(entry, [], prefix="public_") if entry.live and revised else None,
        "flags": [{"flag": flag, "field": labels[flag.field]} for flag in found],
        "citations": list(entry.citations.all()),
        "questions": _linked_questions(request, entry),
        "panels": panels,
        "can_edit": "edit" in allowed,
        "link_form": forms.LinkQuestionForm(),
        "public_url": public_url(entry) if entry.live else None,
        "page_errors": [error for form in bound.values() for error in form.non_field_errors()],
    }


@staff_required
def bank_entry_detail(request, pk):
    entry = get_object_or_404(selectors.bank_entry_detail_visible_to(request.user), pk=pk)
    return render(request, "dialogues/bank/detail.html", _detail_context(request, entry))


def _call(move: Move, entry: BankEntry, user, data: dict) -> BankEntry:
    match move.name:
        case "submit":
            return services.submit(entry=entry, by=user, acknowledge_flags=data.get("acknowledge_flags", False))
        case "return":
            return services.return_entry(entry=entry, by=user, note=data["note"])
        case "approve":
            return services.approve(entry=entry, by=user)
        case "publish":
            return services.publish(entry=entry, by=user)
        case "mark_reviewed":
            return services.mark_reviewed(entry=entry, by=user)
        case "archive":
            return services.archive(entry=entry, by=user)
    raise Http404


@staff_required
@require_POST
def bank_entry_action(request, pk, action):
    if action not in MOVES:
        raise Http404
    move = MOVES[action]
    entry = get_object_or_404(selectors.bank_entries_visible_to(request.user), pk=pk)
    flagged = move.form is forms.SubmitForm and bool(services.flags(entry))
    form = _make_form(action, flagged=flagged, data=request.POST)
    if form.is_valid():
        try:
            _call(move, entry, request.user, form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, move.done)
            return redirect("bank-entry-detail", pk=entry.pk)
    entry = get_object_or_404(selectors.bank_entry_detail_visible_to(request.user), pk=pk)
    context = _detail_context(request, entry, bound={action: form})
    return render(request, "dialogues/bank/detail.html", context, status=400)


@staff_required
@require_POST
def bank_entry_link_question(request, pk):
    """Record that the entry also answers another answered question of the user's units (by its reference)."""
    entry = get_object_or_404(selectors.bank_entries_visible_to(request.user), pk=pk)
    form = forms.LinkQuestionForm(request.POST)
    if form.is_valid():
        reference = form.cleaned_data["reference"]
        question = Question.objects.visible_to(request.user).filter(reference=reference).first()
        try:
            if question is None:
                raise DomainError(
                    _("There is no question %(ref)s in your units.") % {"ref": reference}, field="reference"
                )
            services.link_questions(entry=entry, by=request.user, questions=[question])
        except DomainError as exc:
            form.add_error("reference", exc.message)
        else:
            messages.success(request, _("%(ref)s is linked to this entry.") % {"ref": reference})
            return redirect("bank-entry-detail", pk=entry.pk)
    entry = get_object_or_404(selectors.bank_entry_detail_visible_to(request.user), pk=pk)
    context = _detail_context(request, entry)
    context["link_form"] = form
    return render(request, "dialogues/bank/detail.html", context, status=400)


E = "question-bank-entries"

urlpatterns = [
    path(f"{E}/", bank_entry_list, name="bank-entry-list"),
    path(f"{E}/new/", bank_entry_create, name="bank-entry-create"),
    path(f"{E}/<int:pk>/", bank_entry_detail, name="bank-entry-detail"),
    path(f"{E}/<int:pk>/edit/", bank_entry_edit, name="bank-entry-edit"),
    path(f"{E}/<int:pk>/link-question/", bank_entry_link_question, name="bank-entry-link-question"),
    path(f"{E}/<int:pk>/<str:action>/", bank_entry_action, name="bank-entry-action"),
    path("questions/<int:pk>/publish-to-bank/", question_publish_to_bank, name="question-publish-to-bank"),
]
