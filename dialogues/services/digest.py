"""The weekly digest: on Monday morning every manager gets what needs chasing in their subtree — overdue follow-up
actions, breached answer deadlines, agreements expiring within 30 days and conferences still without a report.

The beat task runs every 15 minutes; from DIGEST_HOUR on Monday (local time) it writes one digest per manager for
the ISO week (the week is the window, so a second run, a retried task or a beat that restarts writes nothing new).
Managers with nothing to chase get no message. The figures are read when the digest is written; the list behind
each figure is one click away in the application.
"""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from crm.models import Notification, NotificationKind, StaffMembership
from crm.models.users import Role
from crm.services.reminders import Writer
from dialogues.models import Conference, FollowUpAction, Question, QuestionStatus
from dialogues.models.conferences import OPEN_FOR_REGISTRATION
from dialogues.models.questions import QUESTION_OPEN
from partnerships.models import Agreement

TOP = 5
EXPIRING_DAYS = 30


def week_key(today) -> str:
    year, week, _day = today.isocalendar()
    return f"{year}-W{week:02d}"


def digest_for(user, today) -> dict:
    """The four lists (count and the first few items) for what `user` may see."""
    now = timezone.now()
    overdue = FollowUpAction.objects.visible_to(user).overdue(today).order_by("due_on", "pk")
    breached = (
        Question.objects.visible_to(user)
        .filter(status__in=QUESTION_OPEN, paused_at__isnull=True, due_on__lt=today)
        .exclude(status=QuestionStatus.AWAITING_ENTERPRISE)
        .order_by("due_on", "pk")
    )
    expiring = Agreement.objects.visible_to(user).expiring_within(today, EXPIRING_DAYS).order_by("expires_on", "pk")
    unclosed = (
        Conference.objects.visible_to(user)
        .filter(status__in=OPEN_FOR_REGISTRATION, ends_at__lt=now)
        .order_by("ends_at", "pk")
    )
    return {
        "overdue_actions": {
            "count": overdue.count(),
            "items": [
                {"id": pk, "title": title, "date": due.isoformat()}
                for pk, title, due in overdue.values_list("pk", "title", "due_on")[:TOP]
            ],
            "url": reverse("action-list") + "?view=overdue",
        },
        "breached_questions": {
            "count": breached.count(),
            "items": [
                {"id": pk, "title": f"{reference} {title}", "date": due.isoformat()}
                for pk, reference, title, due in breached.values_list("pk", "reference", "title", "due_on")[:TOP]
            ],
            "url": reverse("question-list") + "?view=overdue",
        },
        "expiring_agreements": {
            "count": expiring.count(),
            "items": [
                {"id": pk, "title": title, "date": expires.isoformat()}
                for pk, title, expires in expiring.values_list("pk", "title", "expires_on")[:TOP]
            ],
            "url": reverse("agreement-list") + f"?expiring_within={EXPIRING_DAYS}",
        },
        "conferences_to_close": {
            "count": unclosed.count(),
            "items": [
                {"id": pk, "title": title, "date": timezone.localtime(ends).date().isoformat()}
                for pk, title, ends in unclosed.values_list("pk", "title", "ends_at")[:TOP]
            ],
            "url": reverse("conference-list") + "?status=planned&status=invitations_sent",
        },
    }


def send_weekly_digest(now=None) -> dict:
    """Write this week's digests once Monday's DIGEST_HOUR has come (local time)."""
    now = timezone.localtime(now)
    if now.weekday() != 0 or now.hour < settings.DIGEST_HOUR:
        return {"skipped": "not Monday morning yet"}
    today = now.date()
    week = week_key(today)
    subject = f"digest:{week}"
    done = set(
        Notification.objects.filter(kind=NotificationKind.WEEKLY_DIGEST, subject=subject).values_list(
            "recipient_id", flat=True
        )
    )
    managers = (
        StaffMembership.objects.filter(role=Role.MANAGER, user__is_active=True)
        .exclude(user_id__in=done)
        .select_related("user", "branch")
        .order_by("user_id")
    )
    writer, empty = Writer(), 0
    for membership in managers:
        user = membership.user
        sections = digest_for(user, today)
        if not any(section["count"] for section in sections.values()):
            empty += 1
            continue
        payload = {
            "week": week,
            "branch": membership.branch.short_name or membership.branch.name_vi,
            "since": (today - timedelta(days=7)).isoformat(),
            "sections": sections,
            "url": reverse("home"),
        }
        writer.add(
            NotificationKind.WEEKLY_DIGEST,
            subject=subject,
            window=week,
            payload=payload,
            user_id=user.pk,
            language=user.language,
        )
    return {**writer.result(), "nothing_to_report": empty, "week": week}
