"""Forms of the targets page: which unit and year to show, and setting one target."""

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.forms.org import ServiceModelForm, indented_branch_label
from crm.models import Branch
from partnerships.models import Target

YEAR_MIN, YEAR_MAX = 2000, 2100


class TargetPeriodForm(forms.Form):
    """The unit (with the units under it) and the year whose progress the page shows."""

    branch = forms.ModelChoiceField(
        label=_("Customs unit"), queryset=Branch.objects.none(), empty_label=None, required=False
    )
    year = forms.IntegerField(label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        branch = self.fields["branch"]
        branch.queryset = Branch.objects.visible_to(user).order_by("path")
        branch.label_from_instance = indented_branch_label
        self.fields["year"].widget.attrs.update({"min": YEAR_MIN, "max": YEAR_MAX, "step": 1})


class TargetForm(ServiceModelForm):
    """One target; the rules (striving ≥ assigned, percentages 0–100, one per unit, year and metric) are the
    service's, and its errors are shown beside the field they concern."""

    year = forms.IntegerField(label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX)

    class Meta:
        model = Target
        fields = ["branch", "year", "metric", "assigned", "striving", "doc_ref", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "assigned": _("The figure the unit is assigned. Percentages are written 0–100."),
            "striving": _("Optional: the higher figure the unit strives for; not below the assigned target."),
            "doc_ref": _("e.g. Decision 123/QĐ-HQ of 15/01/2025"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        branch = self.fields["branch"]
        branch.queryset = Branch.objects.visible_to(user).order_by("path")
        branch.label_from_instance = indented_branch_label
        for name in ("assigned", "striving"):
            self.fields[name].validators.append(MinValueValidator(0))
            self.fields[name].widget.attrs.update({"min": 0, "step": "any", "inputmode": "decimal"})
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("year", timezone.localdate().year)
