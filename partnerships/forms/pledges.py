"""Forms of the pledge pages: campaigns, one pledge, many pledges at once, withdrawal, breach and the signed scan."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from crm import access
from crm.forms.org import ANY, DATE_WIDGET, ServiceModelForm, indented_branch_label
from crm.models import Branch, Enterprise, Segment
from crm.taxcodes import normalise_tax_code
from partnerships.models import PledgeCampaign, PledgeStatus

SCAN_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class CampaignForm(ServiceModelForm):
    """Create or edit a campaign; the unit must lie in the user's subtree (checked again by the service)."""

    class Meta:
        model = PledgeCampaign
        fields = [
            "name",
            "kind",
            "branch",
            "partner",
            "starts_on",
            "ends_on",
            "target_signers",
            "target_segment",
            "text_vi",
            "text_en",
        ]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "text_vi": forms.Textarea(attrs={"rows": 6}),
            "text_en": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "partner": _("E.g. the provincial Steering Committee 389, or a business association."),
            "target_signers": _("How many enterprises should sign; progress is measured against it."),
            "target_segment": _("Leave empty to target every enterprise managed by the unit and the units under it."),
            "text_vi": _("The commitment as the enterprise signs it."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        branch = self.fields["branch"]
        branch.queryset = Branch.objects.visible_to(user).order_by("path")
        branch.label_from_instance = indented_branch_label
        self.fields["target_segment"].queryset = Segment.objects.order_by("name_vi")
        self.fields["target_segment"].empty_label = _("All enterprises")
        if not self.instance.pk and not self.is_bound:
            home = access.home_branch(user)
            if home is not None:
                self.initial.setdefault("branch", home.pk)

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The campaign must end on or after the day it starts."))
        return cleaned


def polish_campaign_filter_form(form: forms.Form) -> forms.Form:
    """Make CampaignFilter's generated form read well: empty choices say "Any", units are indented by depth."""
    form.fields["branch"].label_from_instance = indented_branch_label
    for name in ("kind", "branch"):
        field = form.fields[name]
        field.empty_label = ANY  # read when the choices are iterated (django-filter and ModelChoiceField)
        field.widget.choices = field.choices  # the widget keeps its own copy of the choices
    form.fields["q"].widget = forms.SearchInput(attrs={"placeholder": _("Campaign name")})
    form.fields["year"].widget.attrs.update({"min": 2000, "max": 2100, "placeholder": _("e.g. 2025")})
    return form


class PledgeSearchForm(forms.Form):
    """Search and status filter of the pledges table on the campaign page (the query is PledgeFilter's)."""

    q = forms.CharField(label=_("Enterprise name or tax code"), required=False, widget=forms.SearchInput)
    status = forms.ChoiceField(label=_("Status"), choices=[("", ANY), *PledgeStatus.choices], required=False)


class NonSignerSearchForm(forms.Form):
    nq = forms.CharField(label=_("Enterprise name or tax code"), required=False, widget=forms.SearchInput)


class TaxCodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Tax code"))
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "class": "mono"})
        )
        super().__init__(**kwargs)


def _scan_field(required: bool) -> forms.FileField:
    return forms.FileField(
        label=_("Signed scan"),
        required=required,
        help_text=_("PDF, JPEG or PNG of the signed pledge (checked by its content)."),
        widget=forms.ClearableFileInput(attrs={"accept": SCAN_ACCEPT}),
    )


class PledgeForm(forms.Form):
    """One signed pledge: the enterprise by its tax code (in the user's scope), who signed, when, and the scan."""

    tax_code = TaxCodeField(help_text=_("The enterprise's 10-digit tax code."))
    signatory_name = forms.CharField(label=_("Signatory"), max_length=120, required=False)
    signatory_title = forms.CharField(label=_("Signatory's title"), max_length=120, required=False)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE_WIDGET)
    scan = _scan_field(required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.enterprise: Enterprise | None = None

    def clean_tax_code(self):
        try:
            code = normalise_tax_code(self.cleaned_data.get("tax_code", ""))
        except ValidationError as exc:
            raise ValidationError(exc.messages[0]) from exc
        self.enterprise = Enterprise.objects.visible_to(self.user).filter(tax_code=code).first()
        if self.enterprise is None:
            raise ValidationError(_("No enterprise with this tax code is managed by your units."))
        return code


class BulkPledgeForm(forms.Form):
    """Many pledges at once: a pasted list (one per line) or a CSV file, with a default signing date."""

    text = forms.CharField(
        label=_("Tax codes, one per line"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "class": "mono", "spellcheck": "false", "autocomplete": "off"}),
        help_text=_(
            "Optionally: tax code, signatory, title, DD/MM/YYYY — separated by commas, semicolons or tabs "
            "(columns pasted from Excel work)."
        ),
    )
    file = forms.FileField(
        label=_("Or a CSV file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=_(
            "UTF-8 CSV with a header row: tax_code (or Mã số thuế), and optionally signatory (Người ký), "
            "title (Chức vụ), date (Ngày ký)."
        ),
    )
    signed_on = forms.DateField(
        label=_("Signed on"),
        widget=DATE_WIDGET,
        help_text=_("Used for every row that gives no date of its own."),
    )

    def clean(self):
        cleaned = super().clean()
        text, upload = (cleaned.get("text") or "").strip(), cleaned.get("file")
        if not text and upload is None and "file" not in self.errors:
            raise ValidationError(_("Paste the tax codes or choose a CSV file."))
        if text and upload is not None:
            raise ValidationError(_("Paste a list or choose a file, not both."))
        if upload is not None and upload.size > settings.DOCUMENT_MAX_BYTES:
            self.add_error("file", _("The file is too large; split the list."))
        return cleaned


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. the enterprise's letter asking to withdraw, with its number and date."),
    )


class BreachForm(forms.Form):
    reference = forms.CharField(
        label=_("Violation record"),
        max_length=120,
        help_text=_("The number of the record or penalty decision, e.g. 123/QĐ-XPHC."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ScanForm(forms.Form):
    scan = _scan_field(required=True)
