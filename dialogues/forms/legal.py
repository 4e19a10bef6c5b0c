"""The form of the legal document register (create and edit). The service normalises the number and enforces who
may change the status; the form shapes the input and keeps it on error."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dialogues.models import LegalDocument, LegalDocumentStatus

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FIELDS = [
    "number",
    "doc_type",
    "title",
    "issuer",
    "issued_on",
    "effective_from",
    "expires_on",
    "status",
    "amended_by",
    "url",
]


class LegalDocumentForm(forms.ModelForm):
    class Meta:
        model = LegalDocument
        fields = FIELDS
        widgets = {
            "issued_on": DATE_WIDGET,
            "effective_from": DATE_WIDGET,
            "expires_on": DATE_WIDGET,
            "title": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, manager: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.manager = manager
        amended_by = self.fields["amended_by"]
        others = LegalDocument.objects.order_by("-issued_on", "number")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        amended_by.queryset = others
        amended_by.label_from_instance = lambda d: f"{d.number} · {d.title[:80]}"
        amended_by.empty_label = "—"
        self.fields["number"].widget.attrs.update({"autocomplete": "off", "placeholder": "38/2015/TT-BTC"})
        self.fields["issuer"].widget.attrs.setdefault("placeholder", _("e.g. Ministry of Finance"))
        if not manager:
            status = self.fields["status"]
            status.disabled = True
            status.help_text = _("Only a manager marks a document amended or expired.")

    def _post_clean(self):
        # The service validates and saves (number format, uniqueness, dates); nothing is written to the instance here.
        pass

    def clean(self):
        data = super().clean()
        in_force = (self.instance.status if self.instance.pk else LegalDocumentStatus.IN_FORCE) == (
            LegalDocumentStatus.IN_FORCE
        )
        if not self.manager and self.instance.pk and in_force and data.get("amended_by"):
            self.add_error(
                "amended_by",
                _("Marking a document in force as amended is for a manager; ask your manager to record it."),
            )
        return data

    def service_fields(self) -> dict:
        fields = {name: self.cleaned_data.get(name) for name in FIELDS}
        fields["url"] = fields["url"] or ""
        if not self.manager:
            fields.pop("status")
        return fields
