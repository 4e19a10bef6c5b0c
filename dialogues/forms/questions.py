"""Forms of the staff question pages: the inbox filters and bulk assignment, intake from any channel, and one small
form per workflow action on the question page. The services validate the business rules (codes, limits, moves);
these forms only shape the input and keep what the user typed."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm import access
from crm.errors import DomainError
from crm.models import Branch, Contact, Enterprise, User
from dialogues.models import (
    Conference,
    ConferenceStatus,
    EscalationLevel,
    LegalDocument,
    Question,
    QuestionCategory,
    QuestionChannel,
    QuestionPriority,
)
from dialogues.services.questions import parse_declaration_numbers, parse_hs_codes
from partnerships.forms.programmes import OneChoiceSelect

ANY = _("Any")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ACCEPT_SCANS = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


def indented_branch(branch: Branch) -> str:
    return "\u2003" * branch.depth + branch.name_vi


def staff_label(user: User) -> str:
    membership = getattr(user, "staff_membership", None)
    return f"{user.display_name} · {membership.branch.name_vi}" if membership else user.display_name


def staff_under(path_prefix: str):
    """Active staff whose unit lies under `path_prefix` ('' = everyone)."""
    return (
        User.objects.filter(is_active=True, staff_membership__branch__path__startswith=path_prefix)
        .select_related("staff_membership__branch")
        .order_by("full_name", "username")
    )


def _textarea(rows: int = 3, **attrs) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, **attrs})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content and size in the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_SCANS}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def attachment_help() -> str:
    return _("PDF, JPEG or PNG, at most %(size)s MB each, %(n)s files per question.") % {
        "size": settings.QUESTION_ATTACHMENT_MAX_BYTES // (1024 * 1024),
        "n": settings.QUESTION_MAX_ATTACHMENTS,
    }


# --- The inbox ---------------------------------------------------------------------------------------------------


def polish_question_filter_form(form: forms.Form) -> forms.Form:
    """QuestionFilter's form: 'Any' as the empty choice, the units indented, one status at a time."""
    for name in ("category", "channel", "priority", "branch"):
        field = form.fields[name]
        field.empty_label = ANY
        field.widget.choices = field.choices
    form.fields["branch"].label_from_instance = indented_branch
    status = form.fields["status"]
    status.widget = OneChoiceSelect(choices=[("", ANY), *status.choices])
    return form


class BulkAssignForm(forms.Form):
    questions = forms.ModelMultipleChoiceField(
        queryset=Question.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={"required": _("Tick the questions to assign first.")},
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Branch.objects.none(), empty_label="—")
    assignee = forms.ModelChoiceField(
        label=_("Officer"), queryset=User.objects.none(), required=False, empty_label=_("(the unit only)")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].queryset = Question.objects.visible_to(user)
        unit = self.fields["unit"]
        unit.queryset = Branch.objects.visible_to(user).order_by("path")
        unit.label_from_instance = indented_branch
        prefix = access.branch_path_prefix(user)
        assignee = self.fields["assignee"]
        assignee.queryset = staff_under(prefix) if prefix is not None else User.objects.none()
        assignee.label_from_instance = staff_label


# --- Intake ------------------------------------------------------------------------------------------------------


class QuestionIntakeForm(forms.Form):
    """A question logged by staff from any channel. The enterprise is found by its tax code among the units the
    officer sees; its contacts load once the tax code is known (the "Find" button or a first submit)."""

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[c for c in QuestionChannel.choices if c[0] != QuestionChannel.PORTAL],
        initial=QuestionChannel.HOTLINE,
    )
    received_at = forms.DateTimeField(
        label=_("Received at"),
        widget=DATETIME_WIDGET,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        help_text=_("When the call, letter or email came in; the deadline counts from this day."),
    )
    branch = forms.ModelChoiceField(label=_("Receiving unit"), queryset=Branch.objects.none(), empty_label=None)
    tax_code = forms.CharField(
        label=_("Enterprise tax code"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("10 digits (13 for a dependent unit). Leave empty when the asker is not a known enterprise."),
    )
    contact = forms.ModelChoiceField(
        label=_("Contact"), queryset=Contact.objects.none(), required=False, empty_label="—"
    )
    asker_name = forms.CharField(label=_("Asked by"), max_length=150, required=False)
    asker_email = forms.EmailField(label=_("Asker's email"), required=False)
    asker_phone = forms.CharField(
        label=_("Asker's phone"), max_length=30, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    conference = forms.ModelChoiceField(
        label=_("Conference"), queryset=Conference.objects.none(), required=False, empty_label="—"
    )
    title = forms.CharField(label=_("Title"), max_length=255)
    body = forms.CharField(label=_("Question"), widget=_textarea(7))
    category = forms.ChoiceField(label=_("Category"), choices=QuestionCategory.choices, initial=QuestionCategory.OTHER)
    subcategory = forms.CharField(label=_("Subcategory"), max_length=120, required=False)
    priority = forms.ChoiceField(label=_("Priority"), choices=QuestionPriority.choices, initial=QuestionPriority.NORMAL)
    hs_codes = forms.CharField(
        label=_("HS codes"),
        required=False,
        widget=_textarea(2),
        help_text=_("4, 6 or 8 digits, separated by commas or new lines, e.g. 8517.62.59."),
    )
    declaration_numbers = forms.CharField(
        label=_("Declaration numbers"),
        required=False,
        widget=_textarea(2),
        help_text=_("12 digits each, separated by commas or new lines."),
    )
    attachments = MultipleFileField(label=_("Attachments"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.enterprise: Enterprise | None = None
        branch = self.fields["branch"]
        branch.queryset = Branch.objects.visible_to(user).order_by("path")
        branch.label_from_instance = indented_branch
        self.initial.setdefault("branch", access.home_branch(user))
        self.initial.setdefault("received_at", timezone.localtime().replace(second=0, microsecond=0))
        self.fields["attachments"].help_text = attachment_help()
        conference = self.fields["conference"]
        conference.queryset = (
            Conference.objects.visible_to(user)
            .exclude(status=ConferenceStatus.CANCELLED)
            .filter(starts_at__gte=timezone.now() - timedelta(days=730))
            .order_by("-starts_at")
        )
        conference.label_from_instance = lambda c: f"{timezone.localtime(c.starts_at):%d/%m/%Y} · {c.title}"
        self.lookup_enterprise(self.data.get("tax_code", "") if self.is_bound else "")

    def lookup_enterprise(self, raw: str) -> Enterprise | None:
        """The enterprise with this tax code among those the user sees; its active contacts become the choices."""
        code = "".join(ch for ch in (raw or "") if ch.isdigit() or ch == "-")
        self.enterprise = (
            Enterprise.objects.visible_to(self.user).filter(tax_code=code).first() if len(code) >= 10 else None
        )
        contact = self.fields["contact"]
        if self.enterprise is not None:
            contact.queryset = Contact.objects.filter(enterprise=self.enterprise, is_active=True).order_by("full_name")
            contact.label_from_instance = lambda c: f"{c.full_name} · {c.position}" if c.position else c.full_name
        else:
            contact.queryset = Contact.objects.none()
        return self.enterprise

    def clean_tax_code(self):
        raw = self.cleaned_data["tax_code"].strip()
        if raw and self.enterprise is None:
            raise forms.ValidationError(_("There is no enterprise with this tax code in your units."))
        return raw

    def _codes(self, name: str, parse) -> str:
        """Checked here too (by the service's own parser) so every error shows at once; the service re-checks."""
        value = self.cleaned_data[name]
        try:
            parse(value)
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc
        return value

    def clean_hs_codes(self):
        return self._codes("hs_codes", parse_hs_codes)

    def clean_declaration_numbers(self):
        return self._codes("declaration_numbers", parse_declaration_numbers)

    def clean(self):
        data = super().clean()
        if (
            "tax_code" not in self.errors
            and self.enterprise is None
            and not any(data.get(name) for name in ("asker_name", "asker_email", "asker_phone"))
        ):
            self.add_error(
                "asker_name", _("Give the enterprise's tax code, or the name or contact details of the person asking.")
            )
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "branch": data["branch"],
            "channel": data["channel"],
            "received_at": data["received_at"],
            "enterprise": self.enterprise,
            "contact": data.get("contact"),
            "asker_name": data["asker_name"],
            "asker_email": data["asker_email"],
            "asker_phone": data["asker_phone"],
            "conference": data.get("conference"),
            "title": data["title"],
            "body": data["body"],
            "category": data["category"],
            "subcategory": data["subcategory"],
            "priority": data["priority"],
            "hs_codes": data["hs_codes"],
            "declaration_numbers": data["declaration_numbers"],
            "attachments": data["attachments"],
        }


# --- The question page's action forms -----------------------------------------------------------------------------


class TriageForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=QuestionCategory.choices)
    subcategory = forms.CharField(label=_("Subcategory"), max_length=120, required=False)
    priority = forms.ChoiceField(label=_("Priority"), choices=QuestionPriority.choices)
    note = forms.CharField(label=_("Internal note"), required=False, widget=_textarea(2))

    def __init__(self, *args, question: Question, **kwargs):
        kwargs.setdefault(
            "initial",
            {"category": question.category, "subcategory": question.subcategory, "priority": question.priority},
        )
        super().__init__(*args, **kwargs)


class AssignForm(forms.Form):
    """Units and officers inside the receiving unit's subtree (and the user's own scope)."""

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Branch.objects.none(), empty_label="—")
    assignee = forms.ModelChoiceField(
        label=_("Officer"), queryset=User.objects.none(), required=False, empty_label=_("(the unit only)")
    )
    note = forms.CharField(label=_("Internal note"), required=False, widget=_textarea(2))

    def __init__(self, *args, question: Question, user, **kwargs):
        kwargs.setdefault(
            "initial", {"unit": question.assigned_unit_id or question.branch_id, "assignee": question.assignee_id}
        )
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        unit.queryset = Branch.objects.visible_to(user).filter(path__startswith=question.branch.path).order_by("path")
        unit.label_from_instance = indented_branch
        assignee = self.fields["assignee"]
        assignee.queryset = staff_under(question.branch.path)
        assignee.label_from_instance = staff_label


class RequestInfoForm(forms.Form):
    message = forms.CharField(
        label=_("What the enterprise must send"),
        widget=_textarea(3),
        help_text=_("The enterprise sees this message; the deadline pauses until it replies."),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("The enterprise's reply"),
        required=False,
        widget=_textarea(3),
        help_text=_("Received by phone, letter or email; the deadline resumes."),
    )
    attachments = MultipleFileField(label=_("Files received"))


class AnswerForm(forms.Form):
    """The answer text and a fixed number of legal-basis rows (document + article)."""

    body = forms.CharField(label=_("Answer"), widget=_textarea(10))
    citations = forms.CharField(required=False, widget=forms.HiddenInput)  # carries the service's error
    citation_rows = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=20)

    def __init__(self, *args, documents: list[tuple[int, str]], draft=None, rows: int | None = None, **kwargs):
        existing = list(draft.citations.all()) if draft is not None else []
        rows = rows or max(len(existing) + 2, 3)
        initial = kwargs.setdefault("initial", {})
        initial["citation_rows"] = rows
        if draft is not None:
            initial["body"] = draft.body
            for i, citation in enumerate(existing):
                initial[f"document_{i}"] = citation.document_id
                initial[f"article_{i}"] = citation.article
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.documents = dict(documents)
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

    def citation_rows_bound(self):
        return [(self[f"document_{i}"], self[f"article_{i}"]) for i in range(self.rows)]

    def clean(self):
        data = super().clean()
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


class EmptyForm(forms.Form):
    """Moves that need no input (submit the draft for approval)."""


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("What needs to change"), widget=_textarea(3))


class ApproveForm(forms.Form):
    letter_number = forms.CharField(
        label=_("Official letter number"),
        max_length=60,
        required=False,
        help_text=_("When the answer goes out as an official letter, e.g. 1234/HQKV5-NV."),
    )
    letter_date = forms.DateField(label=_("Letter date"), required=False, widget=DATE_WIDGET)
    note = forms.CharField(label=_("Reviewer's note"), required=False, widget=_textarea(2))


class EscalateForm(forms.Form):
    level = forms.ChoiceField(label=_("Escalate to"), choices=[("", "—"), *EscalationLevel.choices])
    body_name = forms.CharField(
        label=_("Receiving body"),
        max_length=255,
        required=False,
        help_text=_("Required for another agency, e.g. the Ministry of Industry and Trade."),
    )
    interim_reply = forms.CharField(
        label=_("Interim reply to the enterprise"),
        widget=_textarea(3),
        help_text=_("Sent now; the branch keeps the question and answers when the reply comes back."),
    )


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Extra working days"), min_value=1)
    reason = forms.CharField(label=_("Reason (the enterprise sees it)"), widget=_textarea(2))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        most = settings.QUESTION_MAX_EXTENSION_DAYS
        self.fields["days"] = forms.IntegerField(
            label=_("Extra working days"),
            min_value=1,
            max_value=most,
            help_text=_("1 to %(n)s; a deadline can be extended once.") % {"n": most},
        )
        self.order_fields(["days", "reason"])


class ReferenceForm(forms.Form):
    """A question picked by its reference (answer from the bank, merge)."""

    reference = forms.CharField(
        label=_("Question reference"),
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "VM-2026-000123", "autocomplete": "off"}),
    )

    def clean_reference(self):
        return self.cleaned_data["reference"].strip().upper()


class BankSourceForm(forms.Form):
    """What to answer with: an earlier question (its reference) or a published question bank entry (its number)."""

    reference = forms.CharField(
        label=_("Question reference or question bank entry number"),
        max_length=20,
        help_text=_("VM-2026-000123 reuses that question's approved answer; #123 uses question bank entry 123."),
        widget=forms.TextInput(attrs={"placeholder": "VM-2026-000123 / #123", "autocomplete": "off"}),
    )

    def clean_reference(self):
        return self.cleaned_data["reference"].strip().upper()


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=_textarea(2))


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why it is reopened"), widget=_textarea(2))


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note"), widget=_textarea(3), help_text=_("Never shown to the enterprise."))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_SCANS}))
    internal = forms.BooleanField(label=_("Internal (staff only)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = attachment_help()


def legal_document_choices(user) -> list[tuple[int, str]]:
    """Every legal document as (id, label), read once for all the citation rows of the answer form."""
    return [
        (pk, f"{number} · {title[:90]}")
        for pk, number, title in LegalDocument.objects.visible_to(user)
        .order_by("-issued_on", "number")
        .values_list("pk", "number", "title")
    ]
