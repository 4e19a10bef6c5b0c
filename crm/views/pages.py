"""Landing pages: home (staff go to their work, portal users to the portal) and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render

from crm import access, selectors


@login_required
def home(request):
    if access.is_staff_member(request.user):
        return redirect("enterprise-list")
    if access.portal_enterprise_id(request.user) is not None:
        return redirect("portal-home")
    return render(request, "crm/no_access.html", status=403)


@login_required
def portal_home(request):
    """What a portal user sees of their own enterprise (the full portal comes with the questions issue)."""
    enterprise = (
        selectors.enterprise_detail_visible_to(request.user)
        .filter(pk=access.portal_enterprise_id(request.user))
        .first()
    )
    if enterprise is None:
        raise Http404
    return render(request, "crm/portal_home.html", {"enterprise": enterprise})


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
