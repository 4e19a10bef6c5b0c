"""Forms of the organisation pages: customs units, province coverage, provinces and staff accounts."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from crm.errors import DomainError
from crm.models import Branch, BranchCoverage, BranchKind, Province, Role, User
from crm.templatetags.crm_tags import vn_date

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ANY = _("Any")


def indented_branch_label(branch: Branch) -> str:
    """A unit's name indented by its depth, so that a flat <select> still reads as the tree."""
    return "\u2003" * branch.depth + branch.name_vi


def province_label(province: Province) -> str:
    if province.valid_to:
        return _("%(name)s (until %(day)s)") % {"name": province.name_vi, "day": vn_date(province.valid_to)}
    return province.name_vi


class ServiceModelForm(forms.ModelForm):
    """A ModelForm whose model constraints are left to the service that saves.

    Field types and uniqueness are checked here, so a duplicate code shows beside its field together with other
    mistakes. Constraints are not: the service checks the rules first and raises a DomainError sentence a user can
    act on, where a constraint would only say that it "is violated".
    """

    def validate_constraints(self):
        pass


def add_service_error(form: forms.Form, error: DomainError | ValidationError) -> None:
    """Show a service's DomainError or a model ValidationError beside the field it concerns, else above the form."""
    if isinstance(error, DomainError):
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    by_field: dict[str, list] = {}
    for name, errors in error.error_dict.items():
        by_field.setdefault(name if name in form.fields else NON_FIELD_ERRORS, []).extend(errors)
    form.add_error(None, ValidationError(by_field))


def _check_date_range(form: forms.Form, start: str, end: str) -> None:
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first and last and last < first:
        form.add_error(end, _("The end date must be on or after the start date."))


class BranchFilterForm(forms.Form):
    q = forms.CharField(label=_("Code or name"), required=False, widget=forms.SearchInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", ANY), *BranchKind.choices], required=False)


class BranchForm(ServiceModelForm):
    """Create or edit a customs unit; where it may sit in the tree is checked by crm.services.branches."""

    class Meta:
        model = Branch
        fields = [
            "parent",
            "kind",
            "code",
            "name_vi",
            "name_en",
            "short_name",
            "roman_numeral",
            "customs_office_code",
            "hq_province",
            "address",
            "phone",
            "email",
            "active_from",
            "active_to",
        ]
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel"}),
            "active_from": DATE_WIDGET,
            "active_to": DATE_WIDGET,
        }
        help_texts = {
            "parent": _("A regional branch sits under the Department; an office under a regional branch."),
            "code": _("A unique internal code, e.g. KV05 or KV05-YP."),
            "roman_numeral": _("Regional branches only, e.g. V."),
            "customs_office_code": _("The office code used on declarations, e.g. 18A3."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        parent.queryset = Branch.objects.visible_to(user).order_by("path")
        parent.label_from_instance = indented_branch_label
        parent.empty_label = _("— none (the Department itself) —")
        province = self.fields["hq_province"]
        province.queryset = Province.objects.order_by("name_vi")
        province.label_from_instance = province_label

    def clean_roman_numeral(self):
        return self.cleaned_data["roman_numeral"].strip().upper()

    def clean(self):
        data = super().clean()
        _check_date_range(self, "active_from", "active_to")
        numeral = data.get("roman_numeral")
        # The database constraint is conditional, so its own message would not name the field.
        taken = Branch.objects.filter(roman_numeral=numeral).exclude(pk=self.instance.pk)
        if numeral and data.get("kind") == BranchKind.REGIONAL and taken.exists():
            self.add_error(
                "roman_numeral", _("Another regional branch already has the number %(numeral)s.") % {"numeral": numeral}
            )
        return data

    def service_fields(self) -> dict:
        """Keyword arguments for create_branch / update_branch, the parent apart."""
        return {name: value for name, value in self.cleaned_data.items() if name != "parent"}


class CoverageForm(ServiceModelForm):
    class Meta:
        model = BranchCoverage
        fields = ["province", "valid_from", "valid_to", "legal_basis", "note"]
        widgets = {"valid_from": DATE_WIDGET, "valid_to": DATE_WIDGET}
        help_texts = {
            "valid_to": _("Leave empty while the coverage continues."),
            "legal_basis": _("The decision that assigns the province, e.g. 382/QĐ-BTC."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        province = self.fields["province"]
        province.queryset = Province.objects.order_by("name_vi")
        province.label_from_instance = province_label

    def clean(self):
        data = super().clean()
        _check_date_range(self, "valid_from", "valid_to")
        return data


class CoverageEndForm(forms.Form):
    valid_to = forms.DateField(label=_("Last day covered"), widget=DATE_WIDGET)


class ProvinceFilterForm(forms.Form):
    CURRENT, ENDED = "current", "ended"

    q = forms.CharField(label=_("Code or name"), required=False, widget=forms.SearchInput)
    state = forms.ChoiceField(
        label=_("Validity"),
        choices=[("", ANY), (CURRENT, _("In force today")), (ENDED, _("Ended or merged"))],
        required=False,
    )


class ProvinceForm(ServiceModelForm):
    class Meta:
        model = Province
        fields = ["code", "name_vi", "name_en", "valid_from", "valid_to", "merged_into"]
        widgets = {"valid_from": DATE_WIDGET, "valid_to": DATE_WIDGET}
        help_texts = {"merged_into": _("For a province merged away: the province it became part of.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        merged_into = self.fields["merged_into"]
        merged_into.queryset = Province.objects.exclude(pk=self.instance.pk).order_by("name_vi")
        merged_into.label_from_instance = province_label

    def clean(self):
        data = super().clean()
        _check_date_range(self, "valid_from", "valid_to")
        return data


class StaffFilterForm(forms.Form):
    ACTIVE, INACTIVE = "yes", "no"

    q = forms.CharField(label=_("Username, name or email"), required=False, widget=forms.SearchInput)
    branch = forms.ModelChoiceField(
        label=_("Customs unit (with its units)"), queryset=Branch.objects.none(), required=False, empty_label=ANY
    )
    role = forms.ChoiceField(label=_("Role"), choices=[("", ANY), *Role.choices], required=False)
    active = forms.ChoiceField(
        label=_("Active"),
        choices=[("", ANY), (ACTIVE, _("Active")), (INACTIVE, _("Deactivated"))],
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = Branch.objects.visible_to(user).order_by("path")
        self.fields["branch"].label_from_instance = indented_branch_label


class StaffAccountForm(forms.Form):
    """A staff login and its membership. Creating asks for a username and a password; editing may reset it."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and @ . + - _ only; used to log in."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Email"), required=False)
    branch = forms.ModelChoiceField(label=_("Customs unit"), queryset=Branch.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.OFFICER)
    title = forms.CharField(label=_("Job title"), max_length=120, required=False)
    language = forms.ChoiceField(
        label=_("Preferred language"), choices=User._meta.get_field("language").choices, initial="vi"
    )
    is_active = forms.BooleanField(
        label=_("Active (may log in)"),
        required=False,
        help_text=_("Accounts are deactivated, never deleted, so that history keeps its authors."),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=lazy(lambda: " ".join(password_validation.password_validators_help_texts()), str)(),
    )
    password_confirm = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user, account: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account
        branch = self.fields["branch"]
        branch.queryset = Branch.objects.visible_to(user).order_by("path")
        branch.label_from_instance = indented_branch_label
        if account is None:
            del self.fields["is_active"]
        else:
            del self.fields["username"]
            for name in ("password", "password_confirm"):
                self.fields[name].required = False
            self.fields["password"].label = _("New password")
            self.fields["password"].help_text = _("Leave empty to keep the current password.")
            self.fields["password_confirm"].label = _("New password (again)")

    PASSWORD_FIELDS = ("password", "password_confirm")

    def account_fields(self) -> list:
        return [self[name] for name in self.fields if name not in self.PASSWORD_FIELDS]

    def password_fields(self) -> list:
        return [self[name] for name in self.PASSWORD_FIELDS]

    @classmethod
    def initial_for(cls, account: User) -> dict:
        membership = account.staff_membership
        return {
            "full_name": account.full_name,
            "email": account.email,
            "branch": membership.branch_id,
            "role": membership.role,
            "title": membership.title,
            "language": account.language,
            "is_active": account.is_active,
        }

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        # Said here too so that it shows with the other mistakes; the service still refuses a taken name.
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("The username %(name)s is taken.") % {"name": username})
        return username

    def clean(self):
        data = super().clean()
        password, confirm = data.get("password"), data.get("password_confirm")
        if not password:
            return data
        if password != confirm:
            self.add_error("password_confirm", _("The two passwords differ."))
            return data
        # Judge the password against the account as it will be (a transient copy: nothing is saved here).
        candidate = User(
            username=self.account.username if self.account else data.get("username", ""),
            full_name=data.get("full_name", ""),
            email=data.get("email", ""),
        )
        try:
            password_validation.validate_password(password, candidate)
        except ValidationError as error:
            self.add_error("password", error)
        return data

    def membership_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "branch": data["branch"],
            "role": data["role"],
            "full_name": data["full_name"],
            "email": data["email"],
            "title": data["title"],
            "language": data["language"],
        }
