"""Forms of the agreement pages: details, parties, commitments, documents and the lifecycle moves that need input."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm import access
from crm.db import vietnamese
from crm.forms.enterprises import DATE_WIDGET
from crm.models import Association, Branch, Enterprise, User
from crm.text import search_key
from partnerships.models import (
    PRE_SIGNATURE,
    Agreement,
    AgreementLevel,
    Commitment,
    CommitmentStatus,
    DocumentKind,
    ReviewOutcome,
)
from partnerships.services.agreements import IN_FORCE_EDITABLE, LEVEL_OF_BRANCH

_ANY = _("Any")
ENTERPRISE_MATCHES = 20


def _indented(branch: Branch) -> str:
    return "\u2003" * branch.depth + branch.name_vi


def _officer_label(user: User) -> str:
    membership = getattr(user, "staff_membership", None)
    unit = membership.branch.short_name or membership.branch.name_vi if membership else ""
    return f"{user.display_name} · {unit}" if unit else user.display_name


def focal_officer_choices(user):
    """Active staff of the user's own unit and the units under it (the people who may follow an agreement)."""
    staff = User.objects.filter(is_active=True, staff_membership__isnull=False).select_related(
        "staff_membership__branch"
    )
    return access.scope_by_branch(staff, user, via="staff_membership__branch").order_by("full_name", "username")


class AgreementForm(forms.ModelForm):
    """Create or edit an agreement. Once signed, only the focal officers and the review fields stay open."""

    class Meta:
        model = Agreement
        fields = [
            "title",
            "doc_number",
            "kind",
            "level",
            "branch",
            "customs_signatory_name",
            "customs_signatory_title",
            "effective_from",
            "expires_on",
            "review_cycle_months",
            "next_review_on",
            "focal_officers",
            "scope",
        ]
        widgets = {
            "effective_from": DATE_WIDGET,
            "expires_on": DATE_WIDGET,
            "next_review_on": DATE_WIDGET,
            "focal_officers": forms.CheckboxSelectMultiple(attrs={"class": "check-list"}),
            "scope": forms.Textarea(attrs={"rows": 4}),
            "review_cycle_months": forms.NumberInput(attrs={"min": 1, "max": 120}),
        }
        help_texts = {
            "doc_number": _("Required before the agreement is signed, e.g. 125/TTHT-HQKV5."),
            "next_review_on": _("Left empty, it is set at signature from the review cycle."),
            "focal_officers": _("Staff of your unit and the units under it who follow this agreement."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        branch_field = self.fields["branch"]
        branch_field.queryset = Branch.objects.visible_to(user).order_by("path")
        branch_field.label_from_instance = _indented
        officers = self.fields["focal_officers"]
        officers.queryset = focal_officer_choices(user)
        officers.label_from_instance = _officer_label
        if not self.instance.pk and not self.is_bound:
            home = access.home_branch(user)
            if home is not None:
                self.initial.setdefault("branch", home.pk)
                self.initial.setdefault("level", LEVEL_OF_BRANCH.get(home.kind, AgreementLevel.OFFICE))
        self.locked = bool(self.instance.pk) and self.instance.status not in PRE_SIGNATURE
        if self.locked:
            for name, field in self.fields.items():
                if name not in IN_FORCE_EDITABLE:
                    field.disabled = True
                    field.help_text = ""

    def validate_unique(self):
        """Left to the service, which names the clashing document number beside its field."""

    def validate_constraints(self):
        """Left to the service, which puts a wrong expiry date beside its field."""

    def service_fields(self) -> dict:
        """The values to hand to the service; once signed, only the fields that may still change."""
        data = dict(self.cleaned_data)
        data["focal_officers"] = list(data.get("focal_officers") or [])
        if self.locked:
            data = {name: value for name, value in data.items() if name in IN_FORCE_EDITABLE}
        return data


class PartyAddForm(forms.Form):
    """Add one party: an enterprise found by tax code or name, or an association, with its signatory."""

    q = forms.CharField(label=_("Find an enterprise"), required=False, max_length=100)
    enterprise = forms.ModelChoiceField(queryset=Enterprise.objects.none(), required=False, label=_("Enterprise"))
    association = forms.ModelChoiceField(
        queryset=Association.objects.order_by("name_vi"), required=False, label=_("Association")
    )
    signatory_name = forms.CharField(label=_("Signatory"), max_length=120, required=False)
    signatory_title = forms.CharField(label=_("Signatory's title"), max_length=120, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.visible_to(user)
        self.fields["association"].empty_label = _("— none —")
        self.fields["q"].widget.attrs.update(
            {"placeholder": _("Tax code or name — diacritics optional"), "autocomplete": "off", "type": "search"}
        )
        self.fields["signatory_title"].widget.attrs["placeholder"] = _("e.g. General Director")

    def clean(self):
        cleaned = super().clean()
        enterprise, association = cleaned.get("enterprise"), cleaned.get("association")
        if enterprise and association:
            raise ValidationError(_("Choose either an enterprise or an association, not both."))
        if not enterprise and not association and not self.has_error("enterprise"):
            self.add_error("enterprise", _("Find and choose an enterprise, or choose an association."))
        return cleaned


def enterprise_matches(user, query: str, *, exclude=()) -> list[Enterprise]:
    """Active enterprises visible to the user whose tax code starts with, or whose name contains, `query`."""
    key = search_key(query or "")
    if not key:
        return []
    digits = query.replace("-", "").replace(" ", "")
    condition = Q(search_text__contains=key)
    if digits.isdigit():
        condition |= Q(tax_code__startswith=query.strip())
    return list(
        Enterprise.objects.visible_to(user)
        .active()
        .filter(condition)
        .exclude(pk__in=list(exclude))
        .order_by(vietnamese("name_vi"), "pk")[:ENTERPRISE_MATCHES]
    )


class PartyRowForm(forms.Form):
    """One row of the parties table: the signatory of a party already on the agreement."""

    party = forms.IntegerField(widget=forms.HiddenInput)
    signatory_name = forms.CharField(label=_("Signatory"), max_length=120, required=False)
    signatory_title = forms.CharField(label=_("Signatory's title"), max_length=120, required=False)


PartyFormSet = forms.formset_factory(PartyRowForm, extra=0, max_num=500)


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["number", "side", "text", "indicator", "due_on"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "due_on": DATE_WIDGET,
            "number": forms.NumberInput(attrs={"min": 1}),
        }
        help_texts = {
            # xgettext:no-python-format
            "indicator": _("How fulfilment is measured, e.g. “100% e-manifests on time”."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["number"].required = False
            self.fields["number"].help_text = _("Left empty: the next free number.")


class CommitmentStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CommitmentStatus.choices)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices, initial=DocumentKind.SIGNED_SCAN)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("The signed scan must be a PDF; other documents may also be JPEG or PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )


# --- Lifecycle moves that need input ------------------------------------------------------------------------------


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE_WIDGET)
    effective_from = forms.DateField(
        label=_("Effective from"), widget=DATE_WIDGET, required=False, help_text=_("Left empty: the signing date.")
    )
    expires_on = forms.DateField(label=_("Expires on"), widget=DATE_WIDGET, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("signed_on", timezone.localdate())
        self.initial.setdefault("effective_from", agreement.effective_from)
        self.initial.setdefault("expires_on", agreement.expires_on)

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class SuccessorForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the new version"),
        max_length=255,
        required=False,
        help_text=_("Left empty: the current title."),
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs["placeholder"] = agreement.title

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class ReviewForm(forms.Form):
    """The periodic review: outcome, notes, and the status found for every commitment."""

    reviewed_on = forms.DateField(label=_("Reviewed on"), widget=DATE_WIDGET)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReviewOutcome.choices)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("reviewed_on", timezone.localdate())
        self.commitments = list(agreement.commitments.order_by("number"))
        for commitment in self.commitments:
            self.fields[self.status_field(commitment)] = forms.ChoiceField(
                label=_("Clause %(number)s") % {"number": commitment.number},
                choices=CommitmentStatus.choices,
                initial=commitment.status,
            )

    @staticmethod
    def status_field(commitment: Commitment) -> str:
        return f"status_{commitment.pk}"

    def commitment_rows(self):
        """(commitment, bound field of its status) for the template."""
        return [(c, self[self.status_field(c)]) for c in self.commitments]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "reviewed_on": data["reviewed_on"],
            "outcome": data["outcome"],
            "notes": data["notes"],
            "statuses": {c.pk: data[self.status_field(c)] for c in self.commitments},
        }


MOVE_FORMS = {
    "sign": SignForm,
    "suspend": ReasonForm,
    "terminate": ReasonForm,
    "record_review": ReviewForm,
    "renew": SuccessorForm,
    "amend": SuccessorForm,
}


def polish_agreement_filter_form(form: forms.Form) -> forms.Form:
    """Make AgreementFilter's generated form read well on the HTML list."""
    for field in form.fields.values():
        if hasattr(field, "empty_label"):
            field.empty_label = _ANY
            field.widget.choices = field.choices
    if "branch" in form.fields:
        form.fields["branch"].label_from_instance = _indented
    if "status" in form.fields:
        choices = [(value, label) for value, label in form.fields["status"].choices if value]
        form.fields["status"].widget = forms.CheckboxSelectMultiple(choices=choices)
    if "party" in form.fields:
        # Chosen from an enterprise's page, never from a select of every enterprise: kept as a hidden value.
        form.fields["party"].widget = forms.HiddenInput()
    if "expiring_within" in form.fields:
        form.fields["expiring_within"].widget.attrs.update({"min": 0, "max": 3650, "placeholder": _("e.g. 90")})
    if "q" in form.fields:
        form.fields["q"].label = _("Search")
    return form
