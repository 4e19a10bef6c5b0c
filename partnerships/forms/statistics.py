"""Forms of the monthly statistics pages: one unit's figures for a month, and the file to import."""

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.dates import add_months
from crm.forms.org import ServiceModelForm, indented_branch_label
from crm.models import Branch
from partnerships.models import MonthlyStatistic
from partnerships.models.statistics import FIGURE_FIELDS
from partnerships.services.statistics import parse_month


class MonthField(forms.DateField):
    """A month picked with <input type="month"> (2026-05); 05/2026 typed by hand is accepted too."""

    widget = forms.DateInput(attrs={"type": "month", "placeholder": "2026-05"}, format="%Y-%m")
    default_error_messages = {"invalid": _("Write the month as 2026-05.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if hasattr(value, "year"):
            return value.replace(day=1)
        month = parse_month(str(value))
        if month is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return month


class MonthlyStatisticForm(ServiceModelForm):
    """A unit's figures for a month. The rules (channels add up, no future month, one level per subtree) are the
    service's, and its errors show beside the field they concern."""

    month = MonthField(label=_("Month"))

    class Meta:
        model = MonthlyStatistic
        fields = ["branch", "month", *FIGURE_FIELDS, "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "budget_revenue_vnd": _("In đồng, e.g. 512000000000 for 512 billion."),
            "channel_red": _("Green + yellow + red must equal import + export declarations."),
            "active_enterprises": _("Enterprises with at least one declaration in the month."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        branch = self.fields["branch"]
        branch.queryset = Branch.objects.visible_to(user).order_by("path")
        branch.label_from_instance = indented_branch_label
        for name in FIGURE_FIELDS:
            field = self.fields[name]
            field.validators.append(MinValueValidator(0))
            field.widget.attrs.update({"min": 0, "inputmode": "decimal" if name.endswith("_usd") else "numeric"})
            if name.endswith("_usd"):
                field.widget.attrs["step"] = "0.01"
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("month", add_months(timezone.localdate().replace(day=1), -1))


class StatisticImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV UTF-8 or Excel .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
