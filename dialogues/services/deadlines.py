"""The rules of the deadline clock that headquarters administrators keep: the working calendar's exceptions (days
off the Government adds, make-up working Saturdays) and the deadline policy per category and priority.

A calendar change moves the due dates of the questions still open, so the clock always follows the calendar in force;
a policy change applies to questions triaged after it (questions keep the allowance they were given)."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from crm import access
from crm.errors import DomainError
from crm.models import CalendarDay, CalendarDayKind
from crm.text import nfc
from crm.workdays import Calendar
from dialogues.models import QUESTION_OPEN, DeadlinePolicy, Question, QuestionCategory, QuestionPriority

BATCH = 500


def _require_hq_admin(by) -> None:
    if not access.is_hq_admin(by):
        raise PermissionDenied(_("Only headquarters administrators can change the working calendar and deadlines."))


def _reschedule_open_questions(since: date) -> int:
    """Recompute the due dates of open questions that the change can affect (received on or before a due date
    after `since`), in batches."""
    from dialogues.services.questions import _apply_deadlines

    calendar = Calendar()
    changed = 0
    rows = Question.objects.filter(status__in=QUESTION_OPEN).filter(due_on__gte=since).order_by("pk")
    last = 0
    while True:
        batch = list(rows.filter(pk__gt=last)[:BATCH])
        if not batch:
            return changed
        for question in batch:
            before = (question.due_on, question.internal_due_on)
            _apply_deadlines(question, calendar)
            if (question.due_on, question.internal_due_on) != before:
                changed += 1
        Question.objects.bulk_update(batch, ["due_on", "internal_due_on"])
        last = batch[-1].pk


@transaction.atomic
def add_calendar_day(*, by, day: date, kind: str, name: str) -> CalendarDay:
    _require_hq_admin(by)
    name = nfc(name).strip()
    if not name:
        raise DomainError(_("Name the day (for example: Bridge day for National Day)."), field="name")
    if kind not in CalendarDayKind.values:
        raise DomainError(_("Choose whether it is a day off or a working day."), field="kind")
    if kind == CalendarDayKind.WORKING_DAY and day.weekday() < 5:
        raise DomainError(_("A make-up working day falls on a Saturday or Sunday."), field="day")
    try:
        with transaction.atomic():
            entry = CalendarDay.objects.create(day=day, kind=kind, name=name)
    except IntegrityError as exc:
        raise DomainError(_("This date is already in the calendar."), field="day") from exc
    _reschedule_open_questions(day)
    return entry


@transaction.atomic
def remove_calendar_day(*, by, entry: CalendarDay) -> None:
    _require_hq_admin(by)
    day = entry.day
    entry.delete()
    _reschedule_open_questions(day)


@transaction.atomic
def save_policy(
    *, by, category: str, priority: str, working_days: int, internal_working_days: int, policy=None
) -> DeadlinePolicy:
    _require_hq_admin(by)
    if category and category not in QuestionCategory.values:
        raise DomainError(_("Unknown category."), field="category")
    if priority and priority not in QuestionPriority.values:
        raise DomainError(_("Unknown priority."), field="priority")
    if not 1 <= working_days <= 90:
        raise DomainError(_("Allow 1 to 90 working days."), field="working_days")
    if not 1 <= internal_working_days <= working_days:
        raise DomainError(
            _("The internal target must be at least 1 and not longer than the deadline."),
            field="internal_working_days",
        )
    policy = policy or DeadlinePolicy()
    policy.category, policy.priority = category or "", priority or ""
    policy.working_days, policy.internal_working_days = working_days, internal_working_days
    try:
        with transaction.atomic():
            policy.save()
    except IntegrityError as exc:
        raise DomainError(
            _("A policy for this category and priority already exists; edit it."), field="category"
        ) from exc
    return policy


@transaction.atomic
def delete_policy(*, by, policy: DeadlinePolicy) -> None:
    _require_hq_admin(by)
    policy.delete()
