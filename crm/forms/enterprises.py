"""Forms for enterprises, their contacts and dependent units, and the polish of the enterprise filter form."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from crm import access
from crm.models import Branch, Contact, Enterprise, EnterpriseUnit
from crm.taxcodes import normalise_tax_code

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


def _indented(branch: Branch) -> str:
    return "\u2003" * branch.depth + branch.name_vi


def _type_code_label(type_code) -> str:
    return f"{type_code.code} – {type_code.name_vi}"


class EnterpriseForm(forms.ModelForm):
    """Create or edit an enterprise. On edit the tax code is shown but cannot change (it is the identity)."""

    class Meta:
        model = Enterprise
        fields = [
            "tax_code",
            "name_vi",
            "name_foreign",
            "short_name",
            "ownership",
            "investor_country",
            "is_export_processing",
            "industrial_park",
            "aeo_status",
            "aeo_decision",
            "aeo_decision_date",
            "compliance_level",
            "compliance_assessed_on",
            "managing_branch",
            "province",
            "address",
            "phone",
            "email",
            "website",
            "status",
            "declaration_types",
            "segments",
            "associations",
            "notes",
        ]
        widgets = {
            "tax_code": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "investor_country": forms.TextInput(attrs={"maxlength": 2, "size": 2, "autocomplete": "off"}),
            "aeo_decision_date": DATE_WIDGET,
            "compliance_assessed_on": DATE_WIDGET,
            "phone": forms.TextInput(attrs={"type": "tel"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "tax_code": _("10 digits, e.g. 0100233488. The last digit is a check digit."),
            "investor_country": _("Two-letter country code, e.g. KR, JP, CN."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        branch_field = self.fields["managing_branch"]
        branch_field.queryset = Branch.objects.visible_to(user).order_by("path")
        branch_field.label_from_instance = _indented
        self.fields["province"].queryset = self.fields["province"].queryset.order_by("name_vi")
        self.fields["declaration_types"].queryset = self.fields["declaration_types"].queryset.order_by("code")
        self.fields["declaration_types"].label_from_instance = _type_code_label
        for name in ("declaration_types", "segments", "associations"):
            self.fields[name].help_text = _("Hold Ctrl (⌘ on a Mac) to choose several.")
        if self.instance.pk:
            self.fields["tax_code"].disabled = True
            self.fields["tax_code"].help_text = _("The tax code identifies the enterprise and cannot be changed.")
        elif not self.is_bound:
            home = access.home_branch(user)
            if home is not None:
                self.initial.setdefault("managing_branch", home.pk)

    def clean_tax_code(self):
        if self.instance.pk:
            return self.instance.tax_code
        try:
            return normalise_tax_code(self.cleaned_data.get("tax_code", ""))
        except ValidationError as exc:
            raise ValidationError(exc.messages[0], code=getattr(exc, "code", None)) from exc

    def clean_investor_country(self):
        value = (self.cleaned_data.get("investor_country") or "").strip().upper()
        if value and not _COUNTRY.match(value):
            raise ValidationError(_("Enter a two-letter country code such as KR or JP."))
        return value

    def service_fields(self) -> dict:
        """The cleaned values to hand to crm.services.enterprises, without the tax code."""
        return {name: value for name, value in self.cleaned_data.items() if name != "tax_code"}


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = [
            "full_name",
            "position",
            "phone",
            "email",
            "language",
            "is_legal_representative",
            "consent_date",
            "is_active",
        ]
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel"}),
            "consent_date": DATE_WIDGET,
        }
        help_texts = {
            "consent_date": _("When this person agreed to be contacted by customs."),
        }


class UnitForm(forms.ModelForm):
    """A dependent unit; its 13-digit tax code must extend the enterprise's own code (checked by the service)."""

    class Meta:
        model = EnterpriseUnit
        fields = ["tax_code", "name", "kind", "province", "address"]
        widgets = {"tax_code": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})}
        help_texts = {"tax_code": _("13 digits written as NNNNNNNNNN-NNN: the enterprise's code and a suffix.")}

    def __init__(self, *args, enterprise: Enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.enterprise = enterprise
        self.fields["province"].queryset = self.fields["province"].queryset.order_by("name_vi")
        if self.instance.pk:
            self.fields["tax_code"].disabled = True
            self.fields["tax_code"].help_text = ""
        else:
            self.fields["tax_code"].widget.attrs["placeholder"] = f"{enterprise.tax_code[:10]}-001"

    def clean_tax_code(self):
        if self.instance.pk:
            return self.instance.tax_code
        try:
            return normalise_tax_code(self.cleaned_data.get("tax_code", ""), dependent=True)
        except ValidationError as exc:
            raise ValidationError(exc.messages[0], code=getattr(exc, "code", None)) from exc


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a ValidationError raised by a service's full_clean() beside the matching fields of `form`."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


_ANY = _("Any")


def polish_enterprise_filter_form(form: forms.Form) -> forms.Form:
    """Make EnterpriseFilter's generated form read well: 'Any' as the empty choice, Yes/No selects, hints."""
    for name, field in form.fields.items():
        if isinstance(field, forms.NullBooleanField):
            if name == "include_inactive":
                choices = [("", _("No")), ("true", _("Yes"))]
            else:
                choices = [("", _("Any")), ("true", _("Yes")), ("false", _("No"))]
            field.widget = forms.Select(choices=choices)
        elif hasattr(field, "empty_label"):
            field.empty_label = _ANY  # read when the choices are iterated (django-filter and ModelChoiceField)
            field.widget.choices = field.choices  # the widget's copy of the choices still points at the base field
    if "managing_branch" in form.fields:
        form.fields["managing_branch"].label_from_instance = _indented
    if "investor_country" in form.fields:
        form.fields["investor_country"].widget.attrs.update({"maxlength": 2, "placeholder": _("e.g. KR")})
    return form
