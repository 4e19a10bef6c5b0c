"""Forms of the reference lists kept by managers: segments and business associations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from crm.forms.org import ANY, ServiceModelForm, province_label
from crm.models import Association, DeclarationType, Province, Segment


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Code, name or description"), required=False, widget=forms.SearchInput)


class AssociationFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, short name or contact"), required=False, widget=forms.SearchInput)
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.order_by("name_vi"), required=False, empty_label=ANY
    )


def _type_code_label(declaration_type: DeclarationType) -> str:
    return f"{declaration_type.code} – {declaration_type.name_vi}"


class SegmentForm(ServiceModelForm):
    class Meta:
        model = Segment
        fields = ["code", "name_vi", "name_en", "description", "declaration_types"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "declaration_types": forms.SelectMultiple(attrs={"size": 10}),
        }
        help_texts = {
            "code": _("Lower-case letters, digits and hyphens, e.g. processing-sxxk."),
            "declaration_types": _("The type codes enterprises of this segment usually declare (Ctrl-click to pick)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = self.fields["declaration_types"]
        types.queryset = DeclarationType.objects.order_by("code")
        types.label_from_instance = _type_code_label


class AssociationForm(ServiceModelForm):
    class Meta:
        model = Association
        fields = ["name_vi", "name_en", "short_name", "province", "contact_person", "email", "phone", "website"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel"})}
        help_texts = {"short_name": _("e.g. VCCI, EuroCham, KoCham.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        province = self.fields["province"]
        province.queryset = Province.objects.order_by("name_vi")
        province.label_from_instance = province_label
