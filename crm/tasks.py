"""Celery entry points of the core register (thin: the work is in the services)."""

from celery import shared_task

from crm.services import notifications


@shared_task(name="crm.deliver_notifications")
def deliver_notifications() -> dict:
    """Send the outbox's due messages (beat, every minute). Safe to run twice at once: rows are claimed."""
    with notifications.recording("crm.deliver_notifications") as run:
        result = notifications.deliver_pending()
        run.result = {"sent": result.sent, "failed": result.failed, "dead": result.dead}
    return run.result
