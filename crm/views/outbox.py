"""The outbox's operations page (headquarters administrators): what waits, what failed, what is dead, the last run of
each periodic task with a warning when the worker or beat looks down, and retrying a failed or dead message."""

from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm import exports
from crm.errors import DomainError
from crm.models import Notification, NotificationStatus
from crm.services import notifications as services
from crm.views.decorators import hq_admin_required

PAGE_SIZE = 50
DELIVERY_TASK = "crm.deliver_notifications"
# A message waiting longer than this, or a delivery task silent for longer than that, means the worker or beat is down.
STALE_PENDING = timedelta(minutes=10)
STALE_DELIVERY_RUN = timedelta(minutes=5)


@hq_admin_required
def health(request):
    problems = Notification.objects.filter(status__in=[NotificationStatus.FAILED, NotificationStatus.DEAD])
    problems = problems.select_related("recipient").defer("payload").order_by("-created_at", "-id")
    if exports.wants_export(request):
        return exports.export_queryset(
            columns=exports.OUTBOX_COLUMNS,
            queryset=problems,
            file_format=request.GET["as"],
            basename="outbox-problems",
        )
    now = timezone.now()
    backlog = services.backlog()
    counts, oldest = backlog["counts"], backlog["oldest_pending"]
    runs = services.task_runs()
    delivery = next((run for run in runs if run.name == DELIVERY_TASK), None)
    context = {
        "now": now,
        "pending": counts[NotificationStatus.PENDING],
        "failed": counts[NotificationStatus.FAILED],
        "dead": counts[NotificationStatus.DEAD],
        "oldest_pending": oldest,
        "pending_stale": oldest is not None and now - oldest > STALE_PENDING,
        "runs": runs,
        "delivery_task": DELIVERY_TASK,
        "delivery_missing": delivery is None,
        "delivery_stale": delivery is not None and now - delivery.started_at > STALE_DELIVERY_RUN,
        "page_obj": Paginator(problems, PAGE_SIZE).get_page(request.GET.get("page")),
        "subnav": "outbox",
    }
    return render(request, "crm/outbox/health.html", context)


@hq_admin_required
@require_POST
def retry(request, pk):
    notification = get_object_or_404(Notification, pk=pk)
    try:
        services.retry(notification=notification, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The message is back in the queue; the next delivery run sends it."))
    return redirect("outbox-health")


urlpatterns = [
    path("org/outbox/", health, name="outbox-health"),
    path("org/outbox/<int:pk>/retry/", retry, name="outbox-retry"),
]
