"""Who may see what. The one module that decides visibility; every QuerySet's visible_to() is built on it.

- A staff member (officer or manager) sees their branch's subtree.
- Headquarters (the hq_admin role, a member of the Department itself, or a superuser) sees every branch.
- A portal user sees only the enterprise they act for.
- Anyone else sees nothing.
Objects outside the scope are simply absent from querysets, so views return 404 (never 403) for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from crm.models.users import PortalMembership, Role, StaffMembership

if TYPE_CHECKING:
    from crm.models import Branch

_UNSET = object()


def staff_membership(user) -> StaffMembership | None:
    """The user's staff membership (with its branch), read once per request and kept on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    cached = getattr(user, "_crm_staff_membership", _UNSET)
    if cached is _UNSET:
        cached = StaffMembership.objects.select_related("branch").filter(user_id=user.pk).first()
        user._crm_staff_membership = cached
    return cached


def portal_membership(user) -> PortalMembership | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    cached = getattr(user, "_crm_portal_membership", _UNSET)
    if cached is _UNSET:
        cached = PortalMembership.objects.filter(user_id=user.pk).first()
        user._crm_portal_membership = cached
    return cached


def forget(user) -> None:
    """Drop the memberships cached on a user object (after they change within one request)."""
    for attr in ("_crm_staff_membership", "_crm_portal_membership"):
        if hasattr(user, attr):
            delattr(user, attr)


def is_staff_member(user) -> bool:
    return staff_membership(user) is not None or _is_superuser(user)


def is_headquarters(user) -> bool:
    """Sees every branch: superusers, hq_admin staff, and staff of the Department (the root of the tree)."""
    if _is_superuser(user):
        return True
    membership = staff_membership(user)
    return membership is not None and (membership.role == Role.HQ_ADMIN or membership.branch.parent_id is None)


def is_hq_admin(user) -> bool:
    """May manage the branch tree, province coverage and staff accounts."""
    if _is_superuser(user):
        return True
    membership = staff_membership(user)
    return membership is not None and membership.role == Role.HQ_ADMIN


def is_manager(user) -> bool:
    """A branch or headquarters manager (hq_admin included)."""
    if _is_superuser(user):
        return True
    membership = staff_membership(user)
    return membership is not None and membership.role in (Role.MANAGER, Role.HQ_ADMIN)


def portal_enterprise_id(user) -> int | None:
    membership = portal_membership(user)
    return membership.enterprise_id if membership else None


def home_branch(user) -> Branch | None:
    membership = staff_membership(user)
    return membership.branch if membership else None


def branch_path_prefix(user) -> str | None:
    """'' for headquarters (everything), the home branch's path for staff, None for nobody."""
    if is_headquarters(user):
        return ""
    membership = staff_membership(user)
    return membership.branch.path if membership else None


def scope_branches(queryset: QuerySet, user) -> QuerySet:
    prefix = branch_path_prefix(user)
    if prefix is None:
        return queryset.none()
    return queryset if prefix == "" else queryset.filter(path__startswith=prefix)


def scope_by_branch(queryset: QuerySet, user, *, via: str) -> QuerySet:
    """Keep rows whose branch (reached through the lookup `via`) is inside the user's subtree. Staff only."""
    prefix = branch_path_prefix(user)
    if prefix is None:
        return queryset.none()
    return queryset if prefix == "" else queryset.filter(**{f"{via}__path__startswith": prefix})


def scope_enterprises(queryset: QuerySet, user) -> QuerySet:
    prefix = branch_path_prefix(user)
    if prefix is not None:
        return queryset if prefix == "" else queryset.filter(managing_branch__path__startswith=prefix)
    enterprise_id = portal_enterprise_id(user)
    if enterprise_id is not None:
        return queryset.filter(pk=enterprise_id)
    return queryset.none()


def scope_by_enterprise(queryset: QuerySet, user, *, via: str) -> QuerySet:
    """Keep rows that belong to an enterprise the user may see (reached through the lookup `via`)."""
    prefix = branch_path_prefix(user)
    if prefix is not None:
        return queryset if prefix == "" else queryset.filter(**{f"{via}__managing_branch__path__startswith": prefix})
    enterprise_id = portal_enterprise_id(user)
    if enterprise_id is not None:
        return queryset.filter(**{f"{via}_id": enterprise_id})
    return queryset.none()


def can_use_branch(user, branch: Branch | None) -> bool:
    """May this user assign records to `branch` (it lies inside their subtree)?"""
    if branch is None:
        return False
    prefix = branch_path_prefix(user)
    return prefix is not None and branch.path.startswith(prefix)


def _is_superuser(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_superuser)
