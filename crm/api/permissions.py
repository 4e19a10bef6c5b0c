"""DRF permission classes; each asks crm.access, never decides on its own."""

from rest_framework import permissions

from crm import access


class IsStaffMember(permissions.BasePermission):
    """Customs staff only (portal users and strangers get 403 on staff resources)."""

    def has_permission(self, request, view):
        return access.is_staff_member(request.user)


class StaffOrPortal(permissions.BasePermission):
    """Staff read and write; portal users may only read (their querysets are already narrowed to their enterprise)."""

    def has_permission(self, request, view):
        if access.is_staff_member(request.user):
            return True
        return access.portal_enterprise_id(request.user) is not None and request.method in permissions.SAFE_METHODS


class HqAdminWrites(permissions.BasePermission):
    """Staff read; only headquarters administrators write (branch tree, provinces, coverage, staff accounts)."""

    def has_permission(self, request, view):
        if not access.is_staff_member(request.user):
            return False
        return request.method in permissions.SAFE_METHODS or access.is_hq_admin(request.user)


class ManagerWrites(permissions.BasePermission):
    """Staff read; managers (and headquarters) write reference lists such as segments and associations."""

    def has_permission(self, request, view):
        if not access.is_staff_member(request.user):
            return False
        return request.method in permissions.SAFE_METHODS or access.is_manager(request.user)


class ManagerReadsHqAdminWrites(permissions.BasePermission):
    """Managers read (their subtree); headquarters administrators write. Used for staff accounts."""

    def has_permission(self, request, view):
        if not access.is_manager(request.user):
            return False
        return request.method in permissions.SAFE_METHODS or access.is_hq_admin(request.user)
