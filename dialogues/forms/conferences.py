"""Forms of the conference pages: the conference, the annual plan, invitations, registration, check-in, closing."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crm import access
from crm.forms.org import ANY, DATE_WIDGET, ServiceModelForm, indented_branch_label
from crm.models import Association, Branch, Enterprise, Segment, User
from crm.taxcodes import normalise_tax_code
from dialogues.models import (
    OPEN_FOR_REGISTRATION,
    ActionType,
    Addressee,
    Conference,
    PlanItem,
)
from partnerships.models import Agreement

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
PDF_ACCEPT = ".pdf,application/pdf"
TAX_CODE_ATTRS = {"inputmode": "numeric", "autocomplete": "off", "class": "mono"}
# Fields of a conference that can still change once it has been held (or cancelled).
CHANGEABLE_AFTER_HOLDING = ("is_public", "target_segments", "agreements", "co_organising_associations")


def _branches(user):
    return Branch.objects.visible_to(user).order_by("path")


def _set_branch_field(field, user) -> None:
    field.queryset = _branches(user)
    field.label_from_instance = indented_branch_label


def _default_branch(form: forms.Form, user) -> None:
    if not form.is_bound and not form.initial.get("branch"):
        home = access.home_branch(user)
        if home is not None:
            form.initial["branch"] = home.pk


def visible_enterprise(user, raw: str) -> Enterprise:
    """The active enterprise with this tax code among those the user's units manage (else a ValidationError)."""
    try:
        code = normalise_tax_code(raw or "")
    except ValidationError as exc:
        raise ValidationError(exc.messages[0]) from exc
    enterprise = Enterprise.objects.visible_to(user).active().filter(tax_code=code).first()
    if enterprise is None:
        raise ValidationError(_("No active enterprise with this tax code is managed by your units."))
    return enterprise


# --- The conference ----------------------------------------------------------------------------------------------


class ConferenceForm(ServiceModelForm):
    """Create or edit a conference. Once held or cancelled only the public flag and the links can change."""

    class Meta:
        model = Conference
        fields = [
            "title",
            "kind",
            "branch",
            "co_organisers",
            "co_organising_associations",
            "plan_item",
            "starts_at",
            "ends_at",
            "format",
            "venue",
            "online_link",
            "agenda",
            "chairs",
            "capacity",
            "target_segments",
            "agreements",
            "is_public",
        ]
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "agenda": forms.Textarea(attrs={"rows": 7}),
            "target_segments": forms.CheckboxSelectMultiple,
            "co_organising_associations": forms.SelectMultiple(attrs={"size": 6}),
            "agreements": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        _set_branch_field(self.fields["branch"], user)
        plan_items = PlanItem.objects.visible_to(user).select_related("branch").order_by("-year", "quarter", "id")
        if self.instance.pk:
            plan_items = plan_items.filter(conference__isnull=True) | plan_items.filter(conference=self.instance)
        else:
            plan_items = plan_items.filter(conference__isnull=True)
        self.fields["plan_item"].queryset = plan_items
        self.fields["plan_item"].label_from_instance = lambda item: f"{item} · {item.branch.short_name or item.branch}"
        self.fields["plan_item"].empty_label = _("Not in the annual plan")
        self.fields["target_segments"].queryset = Segment.objects.order_by("name_vi")
        self.fields["target_segments"].label_from_instance = lambda segment: segment.name_vi
        self.fields["co_organising_associations"].queryset = Association.objects.order_by("name_vi")
        self.fields["co_organising_associations"].label_from_instance = lambda association: association.name_vi
        self.fields["agreements"].queryset = Agreement.objects.visible_to(user).order_by("-id")
        self.fields["agreements"].help_text = _("Agreements signed or reviewed at the conference (hold Ctrl to pick).")
        self.fields["co_organising_associations"].help_text = _("Hold Ctrl (⌘ on a Mac) to pick several.")
        _default_branch(self, user)
        if self.instance.pk and self.instance.status not in OPEN_FOR_REGISTRATION:
            for name, field in self.fields.items():
                if name not in CHANGEABLE_AFTER_HOLDING:
                    field.disabled = True

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at < starts_at:
            self.add_error("ends_at", _("The conference cannot end before it starts."))
        return cleaned

    def service_fields(self) -> dict:
        """What the services take: every field, except those locked once the conference has been held."""
        return {name: value for name, value in self.cleaned_data.items() if not self.fields[name].disabled}


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Invited enterprises will see the conference as cancelled in their calendars."),
    )


# --- The annual plan ---------------------------------------------------------------------------------------------


class PlanPickerForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    branch = forms.ModelChoiceField(label=_("Unit (with its units)"), queryset=Branch.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _set_branch_field(self.fields["branch"], user)
        self.fields["branch"].empty_label = ANY


class PlanItemForm(ServiceModelForm):
    class Meta:
        model = PlanItem
        fields = ["branch", "year", "quarter", "kind", "theme", "target_segments", "note"]
        widgets = {"target_segments": forms.CheckboxSelectMultiple, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _set_branch_field(self.fields["branch"], user)
        self.fields["target_segments"].queryset = Segment.objects.order_by("name_vi")
        self.fields["target_segments"].label_from_instance = lambda segment: segment.name_vi
        self.fields["year"].widget.attrs.update({"min": 2000, "max": 2100})
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("year", timezone.localdate().year)
        _default_branch(self, user)


# --- Invitations -------------------------------------------------------------------------------------------------

TAX_CODE_SPLIT = re.compile(r"[\s,;]+")


class InviteForm(forms.Form):
    """One form per way of inviting; the button pressed (`how`) says which fields count."""

    HOWS = ("segment", "association", "tax_codes", "single")

    segment = forms.ModelChoiceField(label=_("Segment"), queryset=Segment.objects.none(), required=False)
    association = forms.ModelChoiceField(label=_("Association"), queryset=Association.objects.none(), required=False)
    tax_codes = forms.CharField(
        label=_("Tax codes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": "mono", "spellcheck": "false", "autocomplete": "off"}),
        help_text=_("One per line (or separated by commas or spaces), e.g. pasted from Excel."),
    )
    tax_code = forms.CharField(
        label=_("Tax code"), required=False, max_length=20, widget=forms.TextInput(TAX_CODE_ATTRS)
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["segment"].queryset = Segment.objects.order_by("name_vi")
        self.fields["segment"].label_from_instance = lambda segment: segment.name_vi
        self.fields["association"].queryset = Association.objects.order_by("name_vi")
        self.fields["association"].label_from_instance = lambda association: association.name_vi
        self.fields["segment"].empty_label = _("Choose a segment")
        self.fields["association"].empty_label = _("Choose an association")
        self.how = (self.data.get("how") or "") if self.is_bound else ""
        self.enterprises: list[Enterprise] = []
        self.code_errors: list[tuple[str, str]] = []

    def clean(self):
        cleaned = super().clean()
        how = self.how
        if how not in self.HOWS:
            raise ValidationError(_("Choose how to invite."))
        if how == "segment":
            if cleaned.get("segment") is None:
                self.add_error("segment", _("Choose a segment."))
        elif how == "association":
            if cleaned.get("association") is None:
                self.add_error("association", _("Choose an association."))
        elif how == "tax_codes":
            self._clean_tax_codes(cleaned.get("tax_codes") or "")
        elif how == "single":
            try:
                self.enterprises = [visible_enterprise(self.user, cleaned.get("tax_code") or "")]
            except ValidationError as exc:
                self.add_error("tax_code", exc)
        return cleaned

    def _clean_tax_codes(self, text: str) -> None:
        raw_codes = [code for code in TAX_CODE_SPLIT.split(text.strip()) if code]
        if not raw_codes:
            self.add_error("tax_codes", _("Paste at least one tax code."))
            return
        normalised: dict[str, str] = {}
        for raw in raw_codes:
            try:
                normalised[raw] = normalise_tax_code(raw)
            except ValidationError as exc:
                self.code_errors.append((raw, exc.messages[0]))
        found = {
            enterprise.tax_code: enterprise
            for enterprise in Enterprise.objects.visible_to(self.user)
            .active()
            .filter(tax_code__in=set(normalised.values()))
        }
        for raw, code in normalised.items():
            if code not in found:
                self.code_errors.append(
                    (raw, str(_("No active enterprise with this tax code is managed by your units.")))
                )
        if self.code_errors:
            self.add_error(
                "tax_codes",
                _("%(n)s of the codes cannot be invited (listed below); nobody was invited. Fix or remove them.")
                % {"n": len(self.code_errors)},
            )
            return
        self.enterprises = list({enterprise.pk: enterprise for enterprise in found.values()}.values())


# --- Registration ------------------------------------------------------------------------------------------------


class RegistrationForm(forms.Form):
    tax_code = forms.CharField(
        label=_("Enterprise's tax code"),
        max_length=20,
        widget=forms.TextInput(TAX_CODE_ATTRS),
        help_text=_("An enterprise managed by your units."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.enterprise: Enterprise | None = None

    def clean_tax_code(self):
        self.enterprise = visible_enterprise(self.user, self.cleaned_data.get("tax_code", ""))
        return self.enterprise.tax_code


class AttendeeForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=120, required=False)
    position = forms.CharField(label=_("Position"), max_length=120, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("Email"), required=False)

    def clean(self):
        cleaned = super().clean()
        has_details = any(cleaned.get(name) for name in ("position", "phone", "email"))
        if has_details and not (cleaned.get("full_name") or "").strip():
            self.add_error("full_name", _("Give the attendee's name."))
        return cleaned


class BaseAttendeeFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not self.people():
            raise ValidationError(_("Register at least one attendee."))

    def people(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if (form.cleaned_data or {}).get("full_name", "").strip()]


AttendeeFormSet = forms.formset_factory(AttendeeForm, formset=BaseAttendeeFormSet, extra=4, max_num=20)


class AdvanceQuestionForm(forms.Form):
    title = forms.CharField(label=_("Subject"), max_length=255, required=False)
    body = forms.CharField(label=_("Question"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


AdvanceQuestionFormSet = forms.formset_factory(AdvanceQuestionForm, extra=2, max_num=10)


# --- The day: walk-ins -------------------------------------------------------------------------------------------


class WalkInForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=120)
    position = forms.CharField(label=_("Position"), max_length=120, required=False)
    tax_code = forms.CharField(
        label=_("Enterprise's tax code"),
        max_length=20,
        required=False,
        widget=forms.TextInput(TAX_CODE_ATTRS),
        help_text=_("If the enterprise is in the register."),
    )
    organisation = forms.CharField(
        label=_("Or the organisation"), max_length=255, required=False, help_text=_("For anyone else.")
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("Email"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.enterprise: Enterprise | None = None

    def clean_tax_code(self):
        raw = (self.cleaned_data.get("tax_code") or "").strip()
        if raw:
            self.enterprise = visible_enterprise(self.user, raw)
            return self.enterprise.tax_code
        return ""

    def clean(self):
        cleaned = super().clean()
        if "tax_code" not in self.errors and self.enterprise is None and not cleaned.get("organisation", "").strip():
            self.add_error("organisation", _("Give the enterprise's tax code or write the organisation's name."))
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "full_name": data["full_name"],
            "position": data["position"],
            "enterprise": self.enterprise,
            "organisation": data["organisation"],
            "phone": data["phone"],
            "email": data["email"],
        }


# --- Closing -----------------------------------------------------------------------------------------------------


class CloseForm(forms.Form):
    attendee_count = forms.IntegerField(label=_("Attendees"), min_value=0)
    attendee_count_reason = forms.CharField(
        label=_("Why the number differs from the check-ins"),
        max_length=255,
        required=False,
        help_text=_("Needed only when you change the number counted at the door."),
    )
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 8}))
    minutes_pdf = forms.FileField(
        label=_("Signed minutes (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": PDF_ACCEPT}),
    )
    answered_on_spot = forms.IntegerField(label=_("Questions answered on the spot"), min_value=0, initial=0)
    needing_written_answer = forms.IntegerField(label=_("Questions needing a written answer"), min_value=0, initial=0)
    survey_link = forms.URLField(label=_("Satisfaction survey link"), required=False, assume_scheme="https")
    attending_associations = forms.ModelMultipleChoiceField(
        label=_("Attending associations"),
        queryset=Association.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )

    def __init__(self, *args, counted: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.counted = counted
        self.fields["attending_associations"].queryset = Association.objects.order_by("name_vi")
        self.fields["attending_associations"].label_from_instance = lambda association: association.name_vi
        self.fields["attendee_count"].help_text = _("%(n)s checked in at the door.") % {"n": counted}

    def clean(self):
        cleaned = super().clean()
        count = cleaned.get("attendee_count")
        if count is not None and count != self.counted and not cleaned.get("attendee_count_reason", "").strip():
            self.add_error(
                "attendee_count_reason",
                _("%(n)s attendees checked in; give the reason for reporting a different number.")
                % {"n": self.counted},
            )
        return cleaned


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("Recommendation"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    addressed_to = forms.ChoiceField(label=_("Addressed to"), choices=[("", "—"), *Addressee.choices], required=False)
    is_public = forms.BooleanField(label=_("Public"), required=False, initial=True)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("text", "").strip() and not cleaned.get("addressed_to"):
            self.add_error("addressed_to", _("Say who the recommendation goes to."))
        return cleaned


class BaseItemFormSet(forms.BaseFormSet):
    key = "text"

    def items(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if str((form.cleaned_data or {}).get(self.key, "")).strip()]


RecommendationFormSet = forms.formset_factory(RecommendationForm, formset=BaseItemFormSet, extra=3, max_num=30)


class FollowUpForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=[("", "—"), *ActionType.choices], required=False)
    title = forms.CharField(label=pgettext_lazy("follow-up", "Action"), max_length=255, required=False)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE_WIDGET)
    owner = forms.ModelChoiceField(label=_("Responsible officer"), queryset=User.objects.none(), required=False)
    is_public = forms.BooleanField(label=_("Public"), required=False)

    def __init__(self, *args, officers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = officers if officers is not None else User.objects.none()
        self.fields["owner"].label_from_instance = lambda user: user.display_name
        self.fields["owner"].empty_label = _("Not named yet")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("title", "").strip():
            if not cleaned.get("type"):
                self.add_error("type", _("Choose the type of action."))
            if not cleaned.get("due_on"):
                self.add_error("due_on", _("Give the due date."))
        return cleaned


class BaseFollowUpFormSet(BaseItemFormSet):
    key = "title"


FollowUpFormSet = forms.formset_factory(FollowUpForm, formset=BaseFollowUpFormSet, extra=3, max_num=30)


def officers_of(branch: Branch):
    """Active staff of the unit and the units under it: who can be responsible for a follow-up action."""
    return (
        User.objects.filter(is_active=True, staff_membership__branch__path__startswith=branch.path)
        .select_related("staff_membership")
        .order_by("full_name", "username")
    )
