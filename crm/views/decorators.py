"""Access decorators for HTML views. They ask crm.access; object scoping stays in the selectors (→ 404)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from crm import access


def _requires(check):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = _requires(access.is_staff_member)
"""Customs staff of any role; portal users get 403, anonymous users the login page."""

manager_required = _requires(access.is_manager)
"""Branch or headquarters managers (and headquarters administrators)."""

hq_admin_required = _requires(access.is_hq_admin)
"""Headquarters administrators: the branch tree, coverage and staff accounts."""
