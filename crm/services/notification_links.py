"""Where a notification leads and how it is summed up, for the inbox (HTML and API) and the emails. No query: the
page itself decides whether the user may see the object."""

from django.urls import NoReverseMatch, reverse

from crm.models import Notification, NotificationKind, NotificationMute

# What a notification is about ("<type>:<id>" in `subject`, else the id under the same key in the payload) → the
# page that shows it to staff and to portal users (None: no such page for them).
PAGES: dict[str, tuple[str | None, str | None]] = {
    "question": ("question-detail", "portal-question-detail"),
    "conference": ("conference-detail", "portal-conference-detail"),
    "action": ("action-detail", None),
    "portal_signup": ("portal-signup-detail", None),
    "enterprise": ("enterprise-detail", None),
    "agreement": ("agreement-detail", None),
    "bank_entry": ("bank-entry-detail", None),
}
# Messages about a portal user's own account: their page is the portal's home.
PORTAL_HOME_KINDS = frozenset({NotificationKind.PORTAL_INVITATION, NotificationKind.PORTAL_SIGNUP_DECIDED})


def _about(notification: Notification) -> tuple[str, int] | None:
    kind, _sep, pk = notification.subject.partition(":")
    if kind in PAGES and pk.isdigit():
        return kind, int(pk)
    payload = notification.payload if isinstance(notification.payload, dict) else {}
    for key in PAGES:
        value = payload.get(key)
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            return key, int(value)
    return None


def link_for(notification: Notification, *, is_staff: bool) -> str | None:
    """The path of the page the notification is about, for staff or for a portal user; None when there is none.
    No query: the page itself decides whether the user may see the object."""
    if not is_staff and notification.kind in PORTAL_HOME_KINDS:
        return reverse("portal-home")
    about = _about(notification)
    if about is None:
        # A message about no single record (the weekly digest): the page its payload names, if it is ours.
        url = notification.payload.get("url") if isinstance(notification.payload, dict) else None
        return url if is_staff and isinstance(url, str) and url.startswith("/") and not url.startswith("//") else None
    staff_page, portal_page = PAGES[about[0]]
    name = staff_page if is_staff else portal_page
    if name is None:
        return None
    try:
        return reverse(name, kwargs={"pk": about[1]})
    except NoReverseMatch:
        return None


def summary(notification: Notification) -> str:
    """A short line saying what the notification is about, from its payload: the reference and the title when there
    are both, else a name."""
    payload = notification.payload if isinstance(notification.payload, dict) else {}
    parts = [str(payload[key]) for key in ("reference", "title") if payload.get(key)]
    if parts:
        return " · ".join(dict.fromkeys(parts))
    return str(payload.get("enterprise_name") or "")


def muted_kinds(user) -> set[str]:
    return set(NotificationMute.objects.filter(user=user).values_list("kind", flat=True))
