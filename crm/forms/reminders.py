"""Forms of the reminder settings page: the unit picker and a unit's own setting for one reminder."""

from django import forms
from django.utils.translation import gettext_lazy as _

from crm.errors import DomainError
from crm.forms.org import add_service_error, indented_branch_label
from crm.models import Branch, ReminderRule, ReminderSetting
from crm.services import reminders as services


class ReminderUnitForm(forms.Form):
    """Which unit's reminders to show (a GET form; the units are those the user may see)."""

    branch = forms.ModelChoiceField(label=_("Customs unit"), queryset=Branch.objects.none(), empty_label=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = Branch.objects.visible_to(user).order_by("path")
        self.fields["branch"].label_from_instance = indented_branch_label


class ReminderSettingForm(forms.Form):
    """A unit's own setting for one reminder; it applies to the unit's whole subtree unless a unit below has its own.

    The days are read as text ("7, 1") and checked with the service's own rule, so a mistake shows beside the field
    together with the others; crm.services.reminders.save_setting checks again (and refuses a duplicate)."""

    branch = forms.ModelChoiceField(label=_("Customs unit"), queryset=Branch.objects.none())
    rule = forms.ChoiceField(label=_("Reminder"), choices=ReminderRule.choices)
    enabled = forms.BooleanField(label=_("Send this reminder"), required=False, initial=True)
    days = forms.CharField(
        label=_("Days"),
        max_length=100,
        help_text=_("Whole numbers separated by commas, for example 7, 1 (what they mean depends on the reminder)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    copy_managers = forms.BooleanField(label=_("Also send to the unit's managers"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        branch = self.fields["branch"]
        branch.queryset = Branch.objects.visible_to(user).order_by("path")
        branch.label_from_instance = indented_branch_label

    @classmethod
    def initial_for(cls, setting: ReminderSetting) -> dict:
        return {
            "branch": setting.branch_id,
            "rule": setting.rule,
            "enabled": setting.enabled,
            "days": ", ".join(str(day) for day in setting.days),
            "copy_managers": setting.copy_managers,
        }

    def clean(self):
        data = super().clean()
        rule, days = data.get("rule"), data.get("days")
        if rule and days:
            try:
                data["days"] = services.clean_days(rule, days)
            except DomainError as exc:
                add_service_error(self, exc)
        return data
