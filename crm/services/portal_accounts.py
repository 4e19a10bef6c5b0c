"""Portal accounts: staff invitations, self-registration verified by staff, and sign-in throttling.

Reads used by the views and the API (scoped through crm.access) sit at the end: `signups_visible_to`,
`portal_users_visible_to`.
"""

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from crm import access
from crm.errors import DomainError
from crm.models import (
    Contact,
    Enterprise,
    EnterpriseUnit,
    FailedLogin,
    Notification,
    NotificationKind,
    PortalMembership,
    PortalSignup,
    SignupStatus,
    User,
)
from crm.taxcodes import normalise_tax_code

# FailedLogin rows with this "username" count portal sign-ups per address (see `signup_allowed`). Django usernames
# cannot contain "#", so no real account's failures are ever mixed with them.
SIGNUP_MARK = "#portal-signup"
SIGNUP_WINDOW = timedelta(hours=1)
KEEP_FAILURES = timedelta(days=1)
_USERNAME_CHARS = re.compile(r"^[\w.@+-]+\Z")


# --- Sign-in throttling ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lock:
    """Sign-in is refused until `until` (aware datetime) for the username or the address."""

    until: datetime

    @property
    def minutes_left(self) -> int:
        return max(1, math.ceil((self.until - timezone.now()).total_seconds() / 60))


def _window() -> timedelta:
    return timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


def throttle_key(username: str) -> str:
    """Failures are counted per case-folded username, so 'Admin' and 'admin' share one budget."""
    return (username or "").strip().lower()[:150]


def login_lock(*, username: str, ip: str | None) -> Lock | None:
    """The lock in force for this username or address, or None. A lock lasts until the LIMIT-th most recent
    failure in the window leaves the window. Costs two indexed queries."""
    limit = settings.LOGIN_FAILURE_LIMIT
    since = timezone.now() - _window()
    ends = []
    recent = FailedLogin.objects.filter(at__gte=since).order_by("-at").values_list("at", flat=True)
    key = throttle_key(username)
    if key:
        ends += list(recent.filter(username=key)[limit - 1 : limit])
    if ip:
        ends += list(recent.filter(ip=ip).exclude(username=SIGNUP_MARK)[limit - 1 : limit])
    if not ends:
        return None
    return Lock(until=max(ends) + _window())


def failures_left(*, username: str, ip: str | None) -> int:
    """How many more failures the username and the address may have before sign-in is paused."""
    limit = settings.LOGIN_FAILURE_LIMIT
    since = timezone.now() - _window()
    recent = FailedLogin.objects.filter(at__gte=since)
    by_name = recent.filter(username=throttle_key(username)).count()
    by_ip = recent.filter(ip=ip).exclude(username=SIGNUP_MARK).count() if ip else 0
    return max(0, limit - max(by_name, by_ip))


def record_failed_login(*, username: str, ip: str | None) -> FailedLogin:
    """Write one failure and delete rows older than a day (cheap: `at` is indexed), so the table stays small."""
    FailedLogin.objects.filter(at__lt=timezone.now() - KEEP_FAILURES).delete()
    return FailedLogin.objects.create(username=throttle_key(username), ip=ip or None)


def clear_failed_logins(*, username: str) -> int:
    """After a successful sign-in: forget the username's failures (the address's stay until they expire)."""
    deleted, _rows = FailedLogin.objects.filter(username=throttle_key(username)).delete()
    return deleted


# --- Invitations by staff ----------------------------------------------------------------------------------------


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not email:
        raise DomainError(_("Enter an email address: it is the portal user's login."), field="email")
    if len(email) > 150 or not _USERNAME_CHARS.match(email):
        raise DomainError(
            _("This email address cannot be used as a login (too long or unusual characters); use another one."),
            field="email",
        )
    if User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
        raise DomainError(
            _("An account with the email %(email)s already exists; each person has one account.") % {"email": email},
            field="email",
        )
    return email


def _save_new_user(user: User) -> User:
    """Save inside a savepoint: a concurrent request that took the same email turns into a clear error."""
    try:
        user.full_clean(exclude=["password", "username"])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(" ".join(messages), field=None if field == "__all__" else field) from exc
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise DomainError(
            _("An account with the email %(email)s already exists; each person has one account.")
            % {"email": user.email},
            field="email",
        ) from exc
    return user


def set_password_link(user: User, *, site_url: str = "") -> dict:
    """uid, token and the link to Django's set-password page (valid PASSWORD_RESET_TIMEOUT, used once)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return {"uid": uid, "token": token, "set_password_url": f"{site_url.rstrip('/')}{path}"}


def _queue_invitation(*, user: User, enterprise: Enterprise, by, site_url: str, dedupe_key: str) -> Notification:
    return Notification.objects.create(
        kind=NotificationKind.PORTAL_INVITATION,
        recipient=user,
        email=user.email,
        name=user.display_name,
        language=user.language,
        subject=f"enterprise:{enterprise.pk}",
        dedupe_key=dedupe_key,
        payload={
            "enterprise": enterprise.pk,
            "enterprise_name": enterprise.name_vi,
            "username": user.username,
            "invited_by": getattr(by, "pk", None),
            **set_password_link(user, site_url=site_url),
        },
    )


@transaction.atomic
def invite_portal_user(
    *,
    by,
    enterprise: Enterprise,
    email: str = "",
    full_name: str = "",
    contact: Contact | None = None,
    language: str = "",
    phone: str = "",
    site_url: str = "",
) -> User:
    """Create an active portal login for a person of `enterprise` (one of its contacts, or a name and email) with no
    password yet, and queue an invitation carrying a set-password link.

    The enterprise (and the contact) must be visible to `by`. The login (username) is the email address.
    """
    if by is not None:
        if not access.is_staff_member(by):
            raise PermissionDenied(_("Only customs staff invite portal users."))
        if not Enterprise.objects.visible_to(by).filter(pk=enterprise.pk).exists():
            raise DomainError(_("This enterprise is not managed by your units."), field="enterprise")
    if not enterprise.is_active:
        raise DomainError(_("This enterprise is deactivated; reactivate it before inviting its people."))
    if contact is not None:
        if contact.enterprise_id != enterprise.pk:
            raise DomainError(_("This contact belongs to another enterprise."), field="contact")
        email = email or contact.email
        full_name = full_name or contact.full_name
        phone = phone or contact.phone
        language = language or contact.language
        if not email:
            raise DomainError(_("This contact has no email address; enter one."), field="email")
    full_name = (full_name or "").strip()
    if not full_name:
        raise DomainError(_("Enter the person's full name."), field="full_name")
    email = _clean_email(email)
    user = User(
        username=email,
        email=email,
        full_name=full_name,
        phone=(phone or "").strip(),
        language=language if language in ("vi", "en") else "vi",
        is_active=True,
    )
    user.set_unusable_password()
    _save_new_user(user)
    PortalMembership.objects.create(user=user, enterprise=enterprise, contact=contact)
    _queue_invitation(
        user=user, enterprise=enterprise, by=by, site_url=site_url, dedupe_key=f"portal_invitation:{user.pk}"
    )
    return user


def _portal_user_in_scope(by, user: User) -> User:
    found = portal_users_visible_to(by).filter(pk=user.pk).select_for_update(of=("self",)).first()
    if found is None:
        raise DomainError(_("This portal user does not belong to an enterprise of your units."))
    return found


@transaction.atomic
def resend_invitation(*, by, user: User, site_url: str = "") -> Notification:
    """Queue a fresh set-password link for an invited user who has not chosen a password yet (links expire)."""
    user = _portal_user_in_scope(by, user)
    if not user.is_active:
        raise DomainError(_("This portal user is deactivated."))
    if user.has_usable_password():
        raise DomainError(_("This person has already chosen a password and can sign in."))
    membership = PortalMembership.objects.select_related("enterprise").get(user=user)
    return _queue_invitation(
        user=user,
        enterprise=membership.enterprise,
        by=by,
        site_url=site_url,
        dedupe_key=f"portal_invitation:{user.pk}:{timezone.now().timestamp()}",
    )


@transaction.atomic
def deactivate_portal_user(*, by, user: User) -> User:
    """Stop a portal user signing in (their questions and history stay). The user must be visible to `by`."""
    user = _portal_user_in_scope(by, user)
    if not user.is_active:
        raise DomainError(_("This portal user is already deactivated."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    access.forget(user)
    return user


# --- Self-registration and its verification ----------------------------------------------------------------------


def match_enterprise(tax_code: str) -> Enterprise | None:
    """The registered enterprise with this tax code, or the parent of a dependent unit with it."""
    enterprise = Enterprise.objects.filter(tax_code=tax_code).first()
    if enterprise is None:
        unit = EnterpriseUnit.objects.select_related("enterprise").filter(tax_code=tax_code).first()
        enterprise = unit.enterprise if unit else None
    return enterprise


def signup_allowed(*, ip: str | None) -> bool:
    """Fewer than PORTAL_SIGNUP_LIMIT_PER_HOUR sign-ups from this address in the last hour."""
    if not ip:
        return True
    limit = getattr(settings, "PORTAL_SIGNUP_LIMIT_PER_HOUR", 5)
    since = timezone.now() - SIGNUP_WINDOW
    return FailedLogin.objects.filter(username=SIGNUP_MARK, ip=ip, at__gte=since).count() < limit


@transaction.atomic
def register_signup(
    *,
    tax_code: str,
    enterprise_name: str,
    full_name: str,
    email: str,
    password: str,
    position: str = "",
    phone: str = "",
    language: str = "vi",
    ip: str | None = None,
) -> PortalSignup:
    """A business asks for a portal account: an inactive user and a pending sign-up, matched to the registered
    enterprise by tax code when there is one. The password must already have passed the password validators."""
    try:
        tax_code = normalise_tax_code(tax_code)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="tax_code") from exc
    if not (enterprise_name or "").strip():
        raise DomainError(_("Enter the enterprise's name."), field="enterprise_name")
    if not (full_name or "").strip():
        raise DomainError(_("Enter your full name."), field="full_name")
    email = _clean_email(email)
    user = User(
        username=email,
        email=email,
        full_name=full_name.strip(),
        phone=(phone or "").strip(),
        language=language if language in ("vi", "en") else "vi",
        is_active=False,
    )
    user.set_password(password)
    _save_new_user(user)
    signup = PortalSignup.objects.create(
        user=user,
        tax_code=tax_code,
        enterprise_name=enterprise_name.strip(),
        position=(position or "").strip(),
        enterprise=match_enterprise(tax_code),
    )
    if ip:
        FailedLogin.objects.create(username=SIGNUP_MARK, ip=ip)
    return signup


def _locked_signup(by, signup: PortalSignup) -> PortalSignup:
    if not access.is_staff_member(by):
        raise PermissionDenied(_("Only customs staff verify portal sign-ups."))
    locked = signups_visible_to(by).select_for_update(of=("self",)).filter(pk=signup.pk).first()
    if locked is None:
        raise DomainError(_("This sign-up is not for an enterprise of your units."))
    if locked.status != SignupStatus.PENDING:
        raise DomainError(
            _("This sign-up was already decided (%(status)s); it cannot be decided again.")
            % {"status": locked.get_status_display()}
        )
    return locked


def _queue_decision(signup: PortalSignup) -> Notification:
    user = signup.user
    return Notification.objects.create(
        kind=NotificationKind.PORTAL_SIGNUP_DECIDED,
        recipient=user,
        email=user.email,
        name=user.display_name,
        language=user.language,
        subject=f"portal_signup:{signup.pk}",
        dedupe_key=f"portal_signup_decided:{signup.pk}",
        payload={
            "signup": signup.pk,
            "decision": signup.status,
            "enterprise": signup.enterprise_id,
            "enterprise_name": signup.enterprise.name_vi if signup.enterprise_id else signup.enterprise_name,
            "username": user.username,
            "note": signup.review_note,
        },
    )


@transaction.atomic
def approve_signup(*, by, signup: PortalSignup, note: str = "") -> PortalSignup:
    """Staff checked the request against the registered enterprise: activate the user as its portal user.

    A sign-up without a matched enterprise is matched again by tax code (the enterprise may have been registered
    since); if none is registered, register it first. Deciding twice is refused.
    """
    signup = _locked_signup(by, signup)
    if signup.enterprise_id is None:
        signup.enterprise = match_enterprise(signup.tax_code)
    if signup.enterprise is None:
        raise DomainError(
            _("No enterprise with tax code %(code)s is registered. Register the enterprise first, then approve.")
            % {"code": signup.tax_code}
        )
    if not Enterprise.objects.visible_to(by).filter(pk=signup.enterprise_id).exists():
        raise DomainError(_("The enterprise with this tax code is managed by another unit; it decides."))
    user = User.objects.select_for_update().get(pk=signup.user_id)
    if PortalMembership.objects.filter(user=user).exists():
        raise DomainError(_("This person already has a portal account."))
    contact = (
        Contact.objects.filter(enterprise_id=signup.enterprise_id, is_active=True, email__iexact=user.email)
        .order_by("pk")
        .first()
    )
    PortalMembership.objects.create(user=user, enterprise_id=signup.enterprise_id, contact=contact)
    user.is_active = True
    user.save(update_fields=["is_active"])
    signup.status, signup.reviewed_by, signup.reviewed_at = SignupStatus.APPROVED, by, timezone.now()
    signup.review_note = (note or "").strip()
    signup.save(update_fields=["status", "enterprise", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
    signup.user = user
    _queue_decision(signup)
    return signup


@transaction.atomic
def reject_signup(*, by, signup: PortalSignup, reason: str) -> PortalSignup:
    """Refuse a sign-up with a reason the applicant is told; the user stays inactive. Deciding twice is refused."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason; the applicant is told."), field="reason")
    signup = _locked_signup(by, signup)
    signup.status, signup.reviewed_by, signup.reviewed_at = SignupStatus.REJECTED, by, timezone.now()
    signup.review_note = reason
    signup.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
    _queue_decision(signup)
    return signup


# --- Reads -------------------------------------------------------------------------------------------------------


def signups_visible_to(user) -> QuerySet[PortalSignup]:
    """Staff: sign-ups matched to an enterprise of their subtree; headquarters also the unmatched ones.
    Portal users and strangers: none. Newest first, with the user, enterprise and reviewer joined."""
    queryset = PortalSignup.objects.select_related("user", "enterprise__managing_branch", "reviewed_by").order_by(
        "-created_at", "-pk"
    )
    prefix = access.branch_path_prefix(user)
    if prefix is None:
        return queryset.none()
    if prefix == "":
        return queryset
    return queryset.filter(enterprise__managing_branch__path__startswith=prefix)


def portal_users_visible_to(user) -> QuerySet[User]:
    """Staff: portal users of the enterprises of their subtree (active or not). Others: none."""
    if access.branch_path_prefix(user) is None:
        return User.objects.none()
    queryset = User.objects.filter(portal_membership__isnull=False).select_related(
        "portal_membership__enterprise", "portal_membership__contact"
    )
    return access.scope_by_enterprise(queryset, user, via="portal_membership__enterprise").order_by(
        "portal_membership__enterprise__name_vi", "full_name", "pk"
    )
