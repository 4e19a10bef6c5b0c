"""Celery entry points of the dialogues app (thin: the work is in the services)."""

from celery import shared_task

from crm.services.notifications import recording
from crm.tasks import SCAN_OPTIONS
from dialogues.services import bank, digest, reminders


@shared_task(name="dialogues.flag_overdue_bank_reviews")
def flag_overdue_bank_reviews() -> int:
    """Published question bank entries past their review date get the "needs update" notice."""
    with recording("dialogues.flag_overdue_bank_reviews") as run:
        run.result = {"flagged": bank.flag_overdue_reviews()}
    return run.result["flagged"]


@shared_task(name="dialogues.send_reminders", **SCAN_OPTIONS)
def send_reminders() -> dict:
    """Follow-up actions, answer deadlines and conferences (beat, every 5 minutes; each reminder is written once)."""
    with recording("dialogues.send_reminders") as run:
        run.result = reminders.scan_all()
    return run.result


@shared_task(name="dialogues.send_weekly_digest", **SCAN_OPTIONS)
def send_weekly_digest() -> dict:
    """Monday morning's digest for managers (beat, every 15 minutes; one per manager and week)."""
    with recording("dialogues.send_weekly_digest") as run:
        run.result = digest.send_weekly_digest()
    return run.result
