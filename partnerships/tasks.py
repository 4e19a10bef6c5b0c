"""Celery entry points of the partnerships app (thin: each calls one service)."""

from celery import shared_task

from crm.tasks import SCAN_OPTIONS
from partnerships.services import agreements as agreement_services


@shared_task(name="partnerships.expire_agreements")
def expire_agreements_task() -> dict:
    """Daily: activate signed agreements whose effective date came, expire those whose expiry date passed."""
    return {
        "activated": agreement_services.activate_due_agreements(),
        "expired": agreement_services.expire_due_agreements(),
    }


@shared_task(name="partnerships.send_reminders", **SCAN_OPTIONS)
def send_reminders() -> dict:
    """Agreement reviews and expiries coming near (beat, every 15 minutes; each reminder is written once)."""
    from crm.services.notifications import recording
    from partnerships.services import reminders

    with recording("partnerships.send_reminders") as run:
        run.result = reminders.scan_agreements()
    return run.result
