"""The in-app inbox (HTML), for staff and portal users alike: the list of one's own notifications, opening one (marks
it read and goes to its page), marking all read, the kinds one does not want by email, and the unread badge that the
bell in the top bar loads with htmx after the page (so no page gains a query)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from crm import access, exports
from crm.forms.notifications import NotificationSettingsForm
from crm.services import notifications as services
from crm.services.notification_links import link_for, muted_kinds, summary

PAGE_SIZE = 30


@login_required
def notification_list(request):
    unread_only = request.GET.get("unread", "") in ("1", "true")
    queryset = services.inbox(request.user)
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    if exports.wants_export(request):
        return exports.export_queryset(
            columns=exports.NOTIFICATION_COLUMNS,
            queryset=queryset,
            file_format=request.GET["as"],
            basename="notifications",
        )
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    is_staff = access.is_staff_member(request.user)
    items = [
        {"n": n, "link": link_for(n, is_staff=is_staff), "summary": summary(n), "open": n.read_at is None}
        for n in page_obj.object_list
    ]
    context = {
        "page_obj": page_obj,
        "items": items,
        "unread_only": unread_only,
        "unread": services.unread_count(request.user),
    }
    return render(request, "crm/notifications/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def notification_open(request, pk):
    """Mark one's own notification read and go to its page (or back to the inbox when it has none)."""
    notification = get_object_or_404(services.inbox(request.user), pk=pk)
    services.mark_read(user=request.user, ids=[notification.pk])
    link = link_for(notification, is_staff=access.is_staff_member(request.user))
    return redirect(link or "notification-list")


@login_required
@require_POST
def notification_mark_all_read(request):
    marked = services.mark_all_read(user=request.user)
    if marked:
        messages.success(
            request,
            ngettext("%(n)d notification marked read.", "%(n)d notifications marked read.", marked) % {"n": marked},
        )
    else:
        messages.info(request, _("There were no unread notifications."))
    return redirect("notification-list")


@login_required
def notification_settings(request):
    # Bound on every POST: unticking every box posts no field at all.
    data = request.POST if request.method == "POST" else None
    form = NotificationSettingsForm(data, muted=muted_kinds(request.user))
    if request.method == "POST":
        if form.is_valid():
            services.set_mutes(user=request.user, kinds=form.muted_kinds())
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notification-settings")
        return render(request, "crm/notifications/settings.html", {"form": form}, status=400)
    return render(request, "crm/notifications/settings.html", {"form": form})


def unread_badge(request):
    """The bell's count (empty when nothing is unread). Rendered without the context processors: three queries
    (session, user, count). A session that expired answers htmx with 204, so the bell is left as it is instead of
    receiving the sign-in page."""
    if not request.user.is_authenticated:
        if request.htmx:
            return HttpResponse(status=204)
        return redirect_to_login(request.get_full_path())
    unread = services.unread_count(request.user)
    response = HttpResponse(render_to_string("crm/notifications/_badge.html", {"unread": unread}))
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path("notifications/", notification_list, name="notification-list"),
    path("notifications/unread/", unread_badge, name="notification-unread-badge"),
    path("notifications/settings/", notification_settings, name="notification-settings"),
    path("notifications/mark-all-read/", notification_mark_all_read, name="notification-mark-all-read"),
    path("notifications/<int:pk>/open/", notification_open, name="notification-open"),
]
