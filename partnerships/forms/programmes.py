"""Forms of the programme pages: programmes, enrolling an enterprise, its moves and its annual reviews."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm import access
from crm.db import vietnamese
from crm.forms.enterprises import DATE_WIDGET, polish_enterprise_filter_form
from crm.forms.org import ServiceModelForm, indented_branch_label
from crm.models import Branch, ComplianceLevel, Enterprise, User
from crm.templatetags.crm_tags import vn_date
from crm.text import search_key
from partnerships import selectors
from partnerships.models import Agreement, Enrolment, Programme

# A tax code at the start of what was typed: "2352601817", "2352601817-001", or "2352601817 – Công ty …".
_TAX_CODE = re.compile(r"^\s*(\d{10}(?:-\d{3})?)\b")
MAX_CANDIDATES_SHOWN = 5


def focal_officer_choices(user):
    """Active staff of the user's subtree, the people who may be named focal officers."""
    staff = User.objects.filter(is_active=True, staff_membership__isnull=False)
    return (
        access.scope_by_branch(staff, user, via="staff_membership__branch")
        .select_related("staff_membership__branch")
        .order_by("staff_membership__branch__path", "full_name", "username")
    )


def officer_label(user: User) -> str:
    branch = user.staff_membership.branch
    return f"{user.display_name} · {branch.short_name or branch.name_vi}"


def enterprise_label(enterprise: Enterprise) -> str:
    return f"{enterprise.tax_code} – {enterprise.name_vi}"


def mou_label(agreement: Agreement) -> str:
    signed = _("signed %(day)s") % {"day": vn_date(agreement.signed_on)} if agreement.signed_on else ""
    details = ", ".join(str(part) for part in (agreement.get_status_display(), signed) if part)
    return f"{agreement} ({details})"


def find_enterprise(user, text: str) -> Enterprise:
    """The one enterprise visible to `user` that `text` names (a tax code, or part of the name, diacritics optional).

    Raises ValidationError saying what to type when none or several match.
    """
    text = (text or "").strip()
    visible = Enterprise.objects.visible_to(user).active()
    code = _TAX_CODE.match(text)
    if code:
        found = visible.filter(tax_code=code.group(1)).first()
        if found is None:
            raise ValidationError(
                _("No enterprise managed by your units has tax code %(code)s.") % {"code": code.group(1)}
            )
        return found
    key = search_key(text)
    if len(key) < 2:
        raise ValidationError(_("Type the tax code or a part of the enterprise's name."))
    matches = list(
        visible.filter(Q(search_text__contains=key) | Q(tax_code__startswith=text)).order_by(
            vietnamese("name_vi"), "id"
        )[: MAX_CANDIDATES_SHOWN + 1]
    )
    if not matches:
        raise ValidationError(_("No enterprise managed by your units matches “%(text)s”.") % {"text": text})
    if len(matches) > 1:
        names = "; ".join(enterprise_label(e) for e in matches[:MAX_CANDIDATES_SHOWN])
        more = "; …" if len(matches) > MAX_CANDIDATES_SHOWN else ""
        raise ValidationError(
            _("Several enterprises match “%(text)s”; type the tax code of the one you mean: %(names)s%(more)s")
            % {"text": text, "names": names, "more": more}
        )
    return matches[0]


class ProgrammeForm(ServiceModelForm):
    class Meta:
        model = Programme
        fields = ["code", "kind", "name_vi", "name_en", "legal_basis", "started_on", "description"]
        widgets = {"started_on": DATE_WIDGET, "description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "code": _("A short identifier in lower case, e.g. vc-2025 or aeo."),
            "legal_basis": _("e.g. Decision 2566/QĐ-TCHQ"),
        }


class EnrolmentForm(ServiceModelForm):
    """Enrol an enterprise (create) or change an enrolment's record (edit: the enterprise is fixed).

    The MoU list holds the agreements visible to the user that have the enterprise as a party.
    """

    enterprise = forms.CharField(
        label=_("Enterprise"),
        help_text=_("Tax code, or a part of the name (diacritics optional)."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    class Meta:
        model = Enrolment
        fields = [
            "cohort",
            "branch",
            "invited_on",
            "mou",
            "baseline_level",
            "target_level",
            "focal_officers",
            "action_plan",
        ]
        widgets = {
            "invited_on": DATE_WIDGET,
            "action_plan": forms.Textarea(attrs={"rows": 4}),
            "cohort": forms.TextInput(attrs={"placeholder": _("e.g. 2025")}),
        }
        help_texts = {
            "cohort": _("The intake the enterprise belongs to, e.g. 2025 or 2025-2."),
            "focal_officers": _("Hold Ctrl (⌘ on a Mac) to choose several."),
            "action_plan": _("What the enterprise and customs will do to reach the target level."),
        }

    def __init__(self, *args, user, enterprise: Enterprise | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        creating = self.instance.pk is None
        if creating:
            enterprise = enterprise or self._enterprise_from_data()
            if enterprise is not None and not self.is_bound:
                self.initial.setdefault("enterprise", enterprise_label(enterprise))
        else:
            del self.fields["enterprise"]
            enterprise = self.instance.enterprise
        self.found_enterprise = enterprise
        branch = self.fields["branch"]
        branch.queryset = Branch.objects.visible_to(user).order_by("path")
        branch.label_from_instance = indented_branch_label
        if creating:
            branch.required = False
            branch.empty_label = _("The enterprise's managing unit")
        mou = self.fields["mou"]
        mou.queryset = (
            selectors.agreement_choices_for(user).filter(parties__enterprise=enterprise)
            if enterprise is not None
            else Agreement.objects.none()
        )
        mou.label_from_instance = mou_label
        mou.empty_label = _("None yet")
        mou.help_text = (
            _("Agreements of your units signed with this enterprise.")
            if enterprise is not None
            else _("Choose the enterprise first: the agreements signed with it are listed here.")
        )
        levels = self.fields["baseline_level"], self.fields["target_level"]
        empty = _("The enterprise's current level") if creating else _("Not known")
        for field, empty_label in zip(levels, (empty, _("Not set")), strict=True):
            field.choices = [("", empty_label), *ComplianceLevel.choices]
        officers = self.fields["focal_officers"]
        officers.queryset = focal_officer_choices(user)
        officers.label_from_instance = officer_label
        if creating and not self.is_bound:
            self.initial.setdefault("invited_on", timezone.localdate())

    def _enterprise_from_data(self) -> Enterprise | None:
        text = (self.data or self.initial).get("enterprise")
        if not text:
            return None
        try:
            return find_enterprise(self.user, text)
        except ValidationError:
            return None

    def clean_enterprise(self):
        enterprise = find_enterprise(self.user, self.cleaned_data.get("enterprise", ""))
        self.found_enterprise = enterprise
        return enterprise

    def service_fields(self) -> dict:
        """Cleaned values for enrol_enterprise / update_enrolment; an empty unit means the managing unit."""
        fields = {name: value for name, value in self.cleaned_data.items() if name != "enterprise"}
        if self.instance.pk is None and fields.get("branch") is None:
            fields.pop("branch", None)
        if fields.get("baseline_level") is None and self.instance.pk is None:
            fields.pop("baseline_level", None)  # the service defaults it to the enterprise's current level
        return fields


class EnrolmentMoveForm(forms.Form):
    """The day a move happened and, when the enterprise leaves, the reason."""

    on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Leave empty for today."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, needs_reason: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_reason:
            del self.fields["reason"]


class EnrolmentReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=_("Reviewed on"), widget=DATE_WIDGET)
    level = forms.TypedChoiceField(
        label=_("Compliance level found"), choices=[("", "—"), *ComplianceLevel.choices], coerce=int
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("reviewed_on", timezone.localdate())


class OneChoiceSelect(forms.SelectMultiple):
    """A single <select> for a multiple-choice filter: the page picks one status, the API may send several."""

    allow_multiple_selected = False

    def value_from_datadict(self, data, files, name):
        return [value for value in data.getlist(name) if value] if hasattr(data, "getlist") else []


def polish_enrolment_filter_form(form: forms.Form) -> forms.Form:
    """'Any' as the empty choice, one status at a time, the unit tree indented."""
    polish_enterprise_filter_form(form)
    status = form.fields["status"]
    status.widget = OneChoiceSelect(choices=[("", _("Any")), *status.choices])
    form.fields["branch"].label_from_instance = indented_branch_label
    form.fields["cohort"].widget.attrs.setdefault("placeholder", _("e.g. 2025"))
    return form
