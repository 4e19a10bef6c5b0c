"""Template context shared by every page: who the user is acting as."""

from crm import access


def membership(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "staff_membership": access.staff_membership(user),
        "portal_membership": access.portal_membership(user),
        "is_hq_admin": access.is_hq_admin(user),
        "is_manager": access.is_manager(user),
    }
