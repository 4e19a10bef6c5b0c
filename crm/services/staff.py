"""Staff and portal accounts: who logs in, for which branch or enterprise, with which role."""

from django.db import transaction
from django.utils.translation import gettext as _

from crm import access
from crm.errors import DomainError
from crm.models import Branch, Enterprise, PortalMembership, Role, StaffMembership, User


@transaction.atomic
def create_staff_account(
    *,
    by,
    username: str,
    password: str | None,
    branch: Branch,
    role: str,
    full_name: str = "",
    email: str = "",
    title: str = "",
    language: str = "vi",
) -> User:
    """Create a login for a customs officer attached to one branch. A None password leaves it unusable."""
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("The username %(name)s is taken.") % {"name": username}, field="username")
    if role not in Role.values:
        raise DomainError(_("Unknown role."), field="role")
    user = User(username=username, full_name=full_name, email=email, language=language)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    StaffMembership.objects.create(user=user, branch=branch, role=role, title=title)
    return user


@transaction.atomic
def update_staff_account(
    *,
    by,
    user: User,
    branch: Branch,
    role: str,
    full_name: str,
    email: str,
    title: str = "",
    language: str = "vi",
    is_active: bool = True,
) -> User:
    """Move a staff member to another branch or role, edit their details, or deactivate them."""
    if role not in Role.values:
        raise DomainError(_("Unknown role."), field="role")
    if user.pk == by.pk and (not is_active or role != Role.HQ_ADMIN) and access.is_hq_admin(by) and not by.is_superuser:
        raise DomainError(_("You cannot remove your own administrator access; ask another administrator."))
    user.full_name, user.email, user.language, user.is_active = full_name, email, language, is_active
    user.full_clean(exclude=["password"])
    user.save()
    StaffMembership.objects.update_or_create(user=user, defaults={"branch": branch, "role": role, "title": title})
    access.forget(user)
    return user


@transaction.atomic
def create_portal_account(
    *,
    by,
    username: str,
    password: str | None,
    enterprise: Enterprise,
    full_name: str = "",
    email: str = "",
    language: str = "vi",
) -> User:
    """Create a login for a person who acts for one enterprise in the portal."""
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("The username %(name)s is taken.") % {"name": username}, field="username")
    user = User(username=username, full_name=full_name, email=email, language=language)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    PortalMembership.objects.create(user=user, enterprise=enterprise)
    return user


@transaction.atomic
def set_active(*, by, user: User, is_active: bool) -> User:
    """Deactivate (or reactivate) a login; accounts are never deleted so that history keeps its authors."""
    if user.pk == by.pk and not is_active:
        raise DomainError(_("You cannot deactivate your own account."))
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def set_password(*, by, user: User, password: str) -> User:
    """Set a new password; the user's other sessions end because the session hash changes."""
    user.set_password(password)
    user.save(update_fields=["password"])
    return user
