"""Celery entry points of the dialogues app (thin: the work is in the services)."""

from celery import shared_task

from dialogues.services import bank


@shared_task(name="dialogues.flag_overdue_bank_reviews")
def flag_overdue_bank_reviews() -> int:
    """Published question bank entries past their review date get the "needs update" notice."""
    return bank.flag_overdue_reviews()
