"""Forms of the enterprise portal's conference pages: who will attend, and questions sent in advance."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AttendeeForm(forms.Form):
    """One person; a row left empty is skipped (at least one person is required, see services.register)."""

    full_name = forms.CharField(label=_("Full name"), max_length=120, required=False)
    position = forms.CharField(label=_("Position"), max_length=120, required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=30, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    email = forms.EmailField(label=_("Email"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("full_name") and any(data.get(name) for name in ("position", "phone", "email")):
            self.add_error("full_name", _("Give the name of this attendee."))
        return data


class QuestionForm(forms.Form):
    title = forms.CharField(label=_("Subject"), max_length=255, required=False)
    body = forms.CharField(label=_("Question"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("body") and not data.get("title"):
            self.add_error("title", _("Give the question a short subject."))
        elif data.get("title") and not data.get("body"):
            self.add_error("body", _("Write the question."))
        return data


AttendeeFormSet = forms.formset_factory(AttendeeForm, extra=3, max_num=20)
QuestionFormSet = forms.formset_factory(QuestionForm, extra=2, max_num=10)


class RegistrationNoteForm(forms.Form):
    note = forms.CharField(label=_("Note to the organisers"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


def attendees_of(formset) -> list[dict]:
    """The filled-in attendee rows, as services.register expects them."""
    return [
        {name: row.cleaned_data.get(name, "") for name in ("full_name", "position", "phone", "email")}
        for row in formset.forms
        if row.has_changed() and row.cleaned_data.get("full_name")
    ]


def questions_of(formset) -> list[dict]:
    return [
        {"title": row.cleaned_data["title"], "body": row.cleaned_data["body"]}
        for row in formset.forms
        if row.has_changed() and row.cleaned_data.get("title")
    ]
