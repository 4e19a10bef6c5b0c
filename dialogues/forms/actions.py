"""Forms of the follow-up action pages: edit an open action and each move (start, progress, complete, cancel, refer)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from crm import access
from crm.forms.enterprises import DATE_WIDGET
from crm.models import Branch, Enterprise, User
from dialogues.models import FollowUpAction, OwnerSide

ANY = _("Any")


def _indented(branch: Branch) -> str:
    return "\u2003" * branch.depth + branch.name_vi


def _staff_in_scope(user):
    """Active staff of the units this user sees (the people an action can be given to)."""
    prefix = access.branch_path_prefix(user)
    if prefix is None:
        return User.objects.none()
    return (
        User.objects.filter(is_active=True, staff_membership__branch__path__startswith=prefix)
        .select_related("staff_membership__branch")
        .order_by("full_name", "username")
    )


class ActionForm(forms.ModelForm):
    """The details of an open action (status, progress and evidence change only through the moves)."""

    class Meta:
        model = FollowUpAction
        fields = [
            "title",
            "type",
            "description",
            "branch",
            "owner_side",
            "owner",
            "owner_enterprise",
            "due_on",
            "is_public",
        ]
        widgets = {"due_on": DATE_WIDGET, "description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "is_public": _("Shown with its status and progress on the unit's public accountability page."),
            "owner_enterprise": _("Only when the enterprise side is responsible."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        branch = self.fields["branch"]
        branch.queryset = Branch.objects.visible_to(user).order_by("path")
        branch.label_from_instance = _indented
        owner = self.fields["owner"]
        owner.queryset = _staff_in_scope(user)
        owner.label_from_instance = lambda u: f"{u.display_name} · {u.staff_membership.branch.name_vi}"
        self.fields["owner_enterprise"].queryset = Enterprise.objects.visible_to(user).order_by("name_vi")
        self.fields["title"].widget.attrs.setdefault("autocomplete", "off")

    def clean(self):
        data = super().clean()
        if data.get("owner_side") == OwnerSide.BUSINESS:
            if not data.get("owner_enterprise") and "owner_enterprise" not in self.errors:
                self.add_error("owner_enterprise", _("Choose the enterprise responsible for this action."))
        else:
            data["owner_enterprise"] = None  # a customs-side action has no responsible enterprise
        return data

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class StartForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ProgressForm(forms.Form):
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=99,
        help_text=_("0–99%. Reaching 100% means completing the action with its evidence."),
    )
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class CompleteForm(forms.Form):
    evidence_note = forms.CharField(
        label=_("Evidence: what was delivered"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. the number and date of the written answer, or the training held."),
    )
    evidence_file = forms.FileField(
        label=_("Evidence document"),
        required=False,
        help_text=_("PDF, JPEG or PNG. A note, a document or both."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )
    completed_on = forms.DateField(
        label=_("Completed on"), required=False, widget=DATE_WIDGET, help_text=_("Leave empty for today.")
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReferForm(forms.Form):
    referred_to = forms.CharField(
        label=_("Referred to"),
        max_length=255,
        required=False,
        help_text=_("E.g. the Customs Department, the Ministry of Finance."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


# The form of each move (the service gives the clear error when a required value is missing).
MOVE_FORMS = {
    "start": StartForm,
    "progress": ProgressForm,
    "complete": CompleteForm,
    "cancel": CancelForm,
    "refer": ReferForm,
}


def polish_action_filter_form(form: forms.Form) -> forms.Form:
    """ActionFilter's form: 'Any' as the empty choice, the units indented, checkboxes for the statuses."""
    for name in ("type", "branch"):
        if name in form.fields:
            field = form.fields[name]
            field.empty_label = ANY  # read when the choices are iterated (django-filter and ModelChoiceField)
            field.widget.choices = field.choices
    if "branch" in form.fields:
        form.fields["branch"].label_from_instance = _indented
    if "status" in form.fields:
        status = form.fields["status"]
        status.widget = forms.CheckboxSelectMultiple(choices=[c for c in status.choices if c[0]])
    return form
