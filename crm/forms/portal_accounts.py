"""Forms of the portal accounts pages: sign-in, inviting a portal user, self-registration and its verification."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from crm.models import Contact, SignupStatus, User
from crm.taxcodes import normalise_tax_code

LANGUAGE_CHOICES = [("vi", "Tiếng Việt"), ("en", "English")]


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with a clear message (instead of "wrong password") for an account that exists, whose
    password is right, but that cannot sign in yet: a sign-up awaiting verification, a rejected one, a deactivated
    account. Those are not counted as failed attempts (see `credentials_were_wrong`)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "pending": _(
            "Your registration has not been verified yet. Customs officers check it against your enterprise's "
            "tax code; you will be notified by email when it is approved."
        ),
        "rejected": _("Your registration was not approved: %(reason)s"),
        "deactivated": _("This account is deactivated. Contact the customs unit that manages your enterprise."),
    }

    def clean_username(self):
        username = self.cleaned_data.get("username", "").strip()
        # Portal logins are email addresses stored in lower case; staff usernames are kept as typed.
        return username.lower() if "@" in username else username

    def clean(self):
        try:
            return super().clean()
        except ValidationError as exc:
            if exc.code == "invalid_login":
                self._explain_inactive_account()
            raise

    def _explain_inactive_account(self) -> None:
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        user = User.objects.filter(username=username, is_active=False).select_related("portal_signup").first()
        if user is None or not password or not user.check_password(password):
            return
        signup = getattr(user, "portal_signup", None)
        if signup is not None and signup.status == SignupStatus.PENDING:
            raise ValidationError(self.error_messages["pending"], code="pending")
        if signup is not None and signup.status == SignupStatus.REJECTED:
            raise ValidationError(
                self.error_messages["rejected"], code="rejected", params={"reason": signup.review_note}
            )
        raise ValidationError(self.error_messages["deactivated"], code="deactivated")

    def credentials_were_wrong(self) -> bool:
        """True when the username and password did not match (an attempt to count), False for blank fields or a
        right password on an account that may not sign in."""
        return any(error.code == "invalid_login" for error in self.errors.as_data().get("__all__", []))


class InviteForm(forms.Form):
    contact = forms.ModelChoiceField(
        label=_("Contact"),
        queryset=Contact.objects.none(),
        required=False,
        empty_label=_("— Someone not in the contact list —"),
        help_text=_("Choose one of the enterprise's contacts, or leave empty and enter a name and email."),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("Email"),
        max_length=150,
        required=False,
        help_text=_("The person's login; the invitation with a link to choose a password is sent here."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, initial="vi")

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = Contact.objects.filter(enterprise=enterprise, is_active=True).order_by(
            "full_name", "pk"
        )

    def clean(self):
        data = super().clean()
        contact = data.get("contact")
        if contact is None and not data.get("full_name"):
            self.add_error("full_name", _("Enter the person's full name, or choose a contact."))
        if contact is None and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Enter the person's email address, or choose a contact."))
        return data


class SignupForm(forms.Form):
    tax_code = forms.CharField(
        label=_("Tax code"),
        max_length=20,
        help_text=_("The enterprise's 10-digit tax code (13 digits NNNNNNNNNN-NNN for a dependent unit)."),
    )
    enterprise_name = forms.CharField(label=_("Enterprise name"), max_length=255)
    full_name = forms.CharField(label=_("Your full name"), max_length=150)
    position = forms.CharField(label=_("Position"), max_length=120, required=False)
    email = forms.EmailField(label=_("Email"), max_length=150, help_text=_("You will sign in with this address."))
    phone = forms.CharField(label=_("Phone"), max_length=30)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_tax_code(self):
        return normalise_tax_code(self.cleaned_data["tax_code"])

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            probe = User(
                username=data.get("email", ""), email=data.get("email", ""), full_name=data.get("full_name", "")
            )
            try:
                password_validation.validate_password(password1, user=probe)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class ApproveForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. how you checked: called the director, compared with the business registration."),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The applicant is told this reason."),
    )


STATUS_FILTER_CHOICES = [("", _("Any status")), *SignupStatus.choices]


class SignupFilterForm(forms.Form):
    q = forms.CharField(label=_("Tax code, name or email"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_FILTER_CHOICES, required=False)
