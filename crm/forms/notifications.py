"""Form of the notification settings page: one checkbox per kind, ticked when the user wants it by email."""

from django import forms
from django.utils.translation import gettext_lazy as _

from crm.models import NotificationKind
from crm.services.notifications import UNMUTABLE

PREFIX = "email_"


class NotificationSettingsForm(forms.Form):
    """Unticking a kind mutes it (it still reaches the in-app inbox); kinds that cannot be muted are ticked and
    disabled."""

    def __init__(self, *args, muted=(), **kwargs):
        super().__init__(*args, **kwargs)
        muted = set(muted)
        for value, label in NotificationKind.choices:
            unmutable = value in UNMUTABLE
            self.fields[PREFIX + value] = forms.BooleanField(
                label=label,
                required=False,
                initial=unmutable or value not in muted,
                disabled=unmutable,
                help_text=_("Always sent by email.") if unmutable else "",
            )

    def muted_kinds(self) -> list[str]:
        """The kinds left unticked (call after is_valid())."""
        return [
            value
            for value in NotificationKind.values
            if value not in UNMUTABLE and not self.cleaned_data.get(PREFIX + value)
        ]
