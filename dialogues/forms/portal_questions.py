"""Forms of the enterprise portal's question pages: asking, replying when information is requested, rating the
answer and reopening it. Codes and files are checked by dialogues.services.questions; its errors are put back beside
the matching field (see `put_service_error`)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crm.errors import DomainError
from crm.files import human_size
from dialogues.models import Conference, QuestionCategory

ACCEPTED_FILES = "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks each one's type and size by its content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPTED_FILES}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(MultipleFileField, self).clean(item, initial) for item in files]
        if len(cleaned) > settings.QUESTION_MAX_ATTACHMENTS:
            raise forms.ValidationError(
                _("Attach at most %(n)s files.") % {"n": settings.QUESTION_MAX_ATTACHMENTS}, code="too_many"
            )
        return cleaned


def _files_help() -> str:
    return _("PDF, JPEG or PNG, up to %(size)s each. Choose several files at once if needed.") % {
        "size": human_size(settings.QUESTION_ATTACHMENT_MAX_BYTES)
    }


class AskQuestionForm(forms.Form):
    title = forms.CharField(
        label=_("Subject"),
        max_length=255,
        help_text=_("A short line, for example “Classification of wireless earphones”."),
    )
    body = forms.CharField(
        label=_("Your question"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Describe the goods or the procedure, what you did and what you need to know."),
    )
    category = forms.ChoiceField(
        label=_("Subject area"),
        choices=QuestionCategory.choices,
        initial=QuestionCategory.OTHER,
        required=False,
        help_text=_("Not sure? Leave “Other”: the customs unit will classify it."),
    )
    hs_codes = forms.CharField(
        label=_("HS codes"),
        required=False,
        max_length=500,
        help_text=_("Optional. 4, 6 or 8 digits, separated by commas, for example 8517.62.59, 8518.30."),
    )
    declaration_numbers = forms.CharField(
        label=_("Customs declaration numbers"),
        required=False,
        max_length=1000,
        help_text=_("Optional. 12 digits each, separated by commas."),
    )
    conference = forms.ModelChoiceField(
        label=_("Dialogue conference"),
        queryset=Conference.objects.none(),
        required=False,
        empty_label=_("— Not about a conference —"),
        help_text=_("Only if you are asking about a conference your enterprise registered for."),
    )
    attachments = MultipleFileField(label=_("Documents"))

    def __init__(self, *args, conferences=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _files_help()
        if conferences is None:
            del self.fields["conference"]
        else:
            self.fields["conference"].queryset = conferences
            self.fields["conference"].label_from_instance = lambda c: f"{c.title} ({c.starts_at:%d/%m/%Y})"

    def clean_category(self):
        return self.cleaned_data.get("category") or QuestionCategory.OTHER


class ReplyForm(forms.Form):
    """The enterprise's answer to a request for information."""

    text = forms.CharField(
        label=_("Your reply"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachments = MultipleFileField(label=_("Documents"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _files_help()

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("attachments") and not self.has_error("attachments"):
            self.add_error("text", _("Write your reply or attach a file."))
        return data


SCORES = [
    ("5", _("5 – Very satisfied")),
    ("4", _("4 – Satisfied")),
    ("3", _("3 – Acceptable")),
    ("2", _("2 – Unsatisfied")),
    ("1", _("1 – Very unsatisfied")),
]


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with this answer?"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a score from 1 to 5.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the answer not enough?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the question is reopened.")},
    )


class StatusGroupForm(forms.Form):
    """The filter above the list of the enterprise's questions."""

    OPEN, WAITING, ANSWERED = "open", "waiting", "answered"
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("All questions")),
            (OPEN, pgettext_lazy("questions", "Open")),
            (WAITING, _("Waiting for your reply")),
            (ANSWERED, _("Answered")),
        ],
    )


# Where a service's field errors go on each form (the service names the upload field "file").
FIELD_ALIASES = {"file": "attachments", "message": "text"}


def put_service_error(form: forms.Form, exc: DomainError) -> None:
    """Show a DomainError beside the field it names (or on top of the form)."""
    field = FIELD_ALIASES.get(exc.field, exc.field)
    form.add_error(field if field in form.fields else None, exc.message)
