"""Forms of the working-calendar and deadline-policy pages."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crm.forms.enterprises import DATE_WIDGET
from crm.models import CalendarDayKind
from dialogues.models import QuestionCategory, QuestionPriority


class CalendarDayForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    kind = forms.ChoiceField(label=_("Kind"), choices=CalendarDayKind.choices)
    name = forms.CharField(label=_("Name"), max_length=120)


class DeadlinePolicyForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", pgettext_lazy("category", "Any")), *QuestionCategory.choices], required=False
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=[("", pgettext_lazy("priority", "Any")), *QuestionPriority.choices], required=False
    )
    working_days = forms.IntegerField(label=_("Working days to answer"), min_value=1, max_value=90)
    internal_working_days = forms.IntegerField(label=_("Internal target (working days)"), min_value=1, max_value=90)
