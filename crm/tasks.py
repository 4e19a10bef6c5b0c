"""Celery entry points of the core register (thin: the work is in the services)."""

from celery import shared_task
from django.db import OperationalError

from crm.services import notifications

# The reminder scans: longer than the default time limit (a scan over 500,000 actions), and retried with backoff
# when the database is briefly unreachable; any other error is a bug and is not retried.
SCAN_OPTIONS = {
    "soft_time_limit": 15 * 60,
    "time_limit": 16 * 60,
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "max_retries": 3,
}


@shared_task(name="crm.deliver_notifications")
def deliver_notifications() -> dict:
    """Send the outbox's due messages (beat, every minute). Safe to run twice at once: rows are claimed."""
    with notifications.recording("crm.deliver_notifications") as run:
        result = notifications.deliver_pending()
        run.result = {"sent": result.sent, "failed": result.failed, "dead": result.dead}
    return run.result
