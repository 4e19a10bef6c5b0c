"""Celery entry points of the partnerships app (thin: each calls one service)."""

from celery import shared_task

from partnerships.services import agreements as agreement_services


@shared_task(name="partnerships.expire_agreements")
def expire_agreements_task() -> dict:
    """Daily: activate signed agreements whose effective date came, expire those whose expiry date passed."""
    return {
        "activated": agreement_services.activate_due_agreements(),
        "expired": agreement_services.expire_due_agreements(),
    }
