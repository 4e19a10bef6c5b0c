"""Forms of the staff question bank pages: the list's filters, the entry editor (texts in both languages, category,
tags, unit and legal-basis rows) and the small forms of the workflow moves. The services check the rules; these
forms shape the input and keep what the user typed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from crm import access
from crm.models import Branch
from dialogues import selectors
from dialogues.forms.questions import indented_branch
from dialogues.models import BankEntry, QuestionCategory

ANY = _("Any")
MAX_CITATION_ROWS = 20
TEXT_FIELDS = ("question_vi", "answer_vi", "question_en", "answer_en")


def _textarea(rows: int, **attrs) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, **attrs})


class BankFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    category = forms.ChoiceField(label=_("Category"), required=False, choices=[("", ANY), *QuestionCategory.choices])


def legal_document_choices(user) -> list[tuple[int, str]]:
    """The legal documents the user may cite, as (id, label), read once for every citation row."""
    return [
        (pk, f"{number} · {title[:90]}")
        for pk, number, title in selectors.legal_documents_visible_to(user)
        .order_by("-issued_on", "number")
        .values_list("pk", "number", "title")
    ]


def citation_rows(data, default: int) -> int:
    """How many citation rows the posted form had (one more when the editor asked for another row)."""
    try:
        rows = int(data.get("citation_rows", default))
    except (TypeError, ValueError):
        rows = default
    if data.get("intent") == "add_row":
        rows += 1
    return min(max(rows, 1), MAX_CITATION_ROWS)


class BankEntryForm(forms.Form):
    """A question bank entry: the working texts (Vietnamese and/or English), category, tags, the publishing unit and
    a number of legal-basis rows (document + article), like the answer form of the question page."""

    question_vi = forms.CharField(label=_("Question (Vietnamese)"), required=False, widget=_textarea(4))
    answer_vi = forms.CharField(label=_("Answer (Vietnamese)"), required=False, widget=_textarea(10))
    question_en = forms.CharField(label=_("Question (English)"), required=False, widget=_textarea(4))
    answer_en = forms.CharField(label=_("Answer (English)"), required=False, widget=_textarea(10))
    category = forms.ChoiceField(label=_("Category"), choices=QuestionCategory.choices)
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas, e.g. cancel declaration, e-manifest."),
    )
    branch = forms.ModelChoiceField(label=_("Publishing unit"), queryset=Branch.objects.none(), empty_label=None)
    citations = forms.CharField(required=False, widget=forms.HiddenInput)  # carries the service's error
    citation_rows = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_CITATION_ROWS)

    def __init__(
        self,
        *args,
        user,
        documents: list[tuple[int, str]],
        entry: BankEntry | None = None,
        rows: int | None = None,
        **kwargs,
    ):
        existing = list(entry.citations.all()) if entry is not None else []
        rows = rows or max(len(existing) + 1, 3)
        initial = kwargs.setdefault("initial", {})
        initial["citation_rows"] = rows
        if entry is not None:
            initial.update({name: getattr(entry, name) for name in TEXT_FIELDS})
            initial.update(category=entry.category, tags=", ".join(entry.tags), branch=entry.branch_id)
            for i, citation in enumerate(existing):
                initial[f"document_{i}"] = citation.document_id
                initial[f"article_{i}"] = citation.article
        else:
            initial.setdefault("branch", access.home_branch(user))
            initial.setdefault("category", QuestionCategory.OTHER)
        super().__init__(*args, **kwargs)
        branch = self.fields["branch"]
        branch.queryset = Branch.objects.visible_to(user).order_by("path")
        branch.label_from_instance = indented_branch
        self.rows = rows
        choices = [("", "—"), *documents]
        for i in range(rows):
            self.fields[f"document_{i}"] = forms.TypedChoiceField(
                label=_("Legal document"), choices=choices, coerce=int, required=False, empty_value=None
            )
            self.fields[f"article_{i}"] = forms.CharField(
                label=_("Article / clause"),
                max_length=120,
                required=False,
                widget=forms.TextInput(attrs={"placeholder": _("e.g. Article 16, clause 2")}),
            )
        self.fields["citation_rows"].initial = rows

    def citation_rows_bound(self):
        return [(self[f"document_{i}"], self[f"article_{i}"]) for i in range(self.rows)]

    def clean(self):
        data = super().clean()
        if not (data.get("question_vi", "").strip() or data.get("question_en", "").strip()) and not (
            self.has_error("question_vi") or self.has_error("question_en")
        ):
            self.add_error("question_vi", _("Write the question in Vietnamese or English."))
        for i in range(self.rows):
            if data.get(f"article_{i}") and not data.get(f"document_{i}"):
                self.add_error(f"document_{i}", _("Choose the document this article belongs to."))
        return data

    def cited(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {"document": data[f"document_{i}"], "article": data.get(f"article_{i}", "")}
            for i in range(self.rows)
            if data.get(f"document_{i}")
        ]

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            **{name: data[name] for name in TEXT_FIELDS},
            "category": data["category"],
            "tags": data["tags"],
            "branch": data["branch"],
            "citations": self.cited(),
        }


# --- The workflow moves on the entry page ------------------------------------------------------------------------


class SubmitForm(forms.Form):
    acknowledge_flags = forms.BooleanField(
        label=_("I checked the flagged details; they do not identify anyone."), required=False
    )

    def __init__(self, *args, flagged: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not flagged:
            del self.fields["acknowledge_flags"]


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("What needs to change"),
        widget=_textarea(3),
        help_text=_("The editor sees this note on the entry."),
    )


class EmptyForm(forms.Form):
    """Moves that need no input (approve, publish again, archive, mark as reviewed)."""


class LinkQuestionForm(forms.Form):
    """Another answered question this entry answers, by its reference."""

    reference = forms.CharField(
        label=_("Question reference"),
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "VM-2026-000123", "autocomplete": "off"}),
    )

    def clean_reference(self):
        return self.cleaned_data["reference"].strip().upper()
