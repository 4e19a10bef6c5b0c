"""Delivering the notification outbox, the in-app inbox and the user's mutes.

The outbox row is written by the action that notifies, in its own transaction (see the services that call
`Notification.objects.create`). Delivery is a beat-driven task (`crm.deliver_notifications`, every minute): a
request never talks to the broker. Each run claims a batch with `SELECT … FOR UPDATE SKIP LOCKED` and puts a lease on
it, so two workers never send the same message at once. A worker killed mid-send leaves its lease to expire and the
message is sent again, with the same Message-ID (derived from the deduplication key), which mail systems treat as
one message. Transient failures retry with exponential backoff; after NOTIFICATION_MAX_ATTEMPTS the row is dead
and a headquarters administrator can retry it.

Messages to a user also appear in their in-app inbox whatever happens to the email; a muted kind is not emailed.
"""

import hashlib
import logging
import smtplib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from crm import access
from crm.errors import DomainError
from crm.models import Notification, NotificationKind, NotificationMute, NotificationStatus, TaskRun

log = logging.getLogger(__name__)
S = NotificationStatus
LEASE = timedelta(minutes=5)  # the default of NOTIFICATION_LEASE_SECONDS
TRANSIENT = (smtplib.SMTPException, OSError, TimeoutError)
# Kinds a user may not mute: deadline breaches.
UNMUTABLE: frozenset[str] = frozenset({NotificationKind.QUESTION_DEADLINE_BREACHED})
# Payload values shown as dates or times in the messages (stored as ISO text).
DATE_KEYS = ("due_on", "date", "starts_at")


@dataclass
class Delivered:
    sent: int = 0
    failed: int = 0
    dead: int = 0


def _max_attempts() -> int:
    return getattr(settings, "NOTIFICATION_MAX_ATTEMPTS", 5)


def _lease() -> timedelta:
    """How long a claimed message is this worker's; a worker killed mid-send holds it that long."""
    return timedelta(seconds=getattr(settings, "NOTIFICATION_LEASE_SECONDS", LEASE.total_seconds()))


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes, at most six hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def message_id(notification: Notification) -> str:
    digest = hashlib.sha256(notification.dedupe_key.encode()).hexdigest()[:32]
    return f"<{digest}@{getattr(settings, 'NOTIFICATION_MESSAGE_ID_DOMAIN', 'crm.customs.local')}>"


# ---------------------------------------------------------------------------------------------------- delivery


def _due(now) -> QuerySet[Notification]:
    return Notification.objects.filter(
        Q(status=S.PENDING) | Q(status=S.FAILED),
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
    )


def claim(*, batch: int, now=None) -> list[int]:
    """Lease up to `batch` due messages to this worker (others skip the locked rows and the leased ones)."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            _due(now)
            .select_for_update(skip_locked=True)
            .order_by("created_at", "id")
            .values_list("id", flat=True)[:batch]
        )
        if ids:
            Notification.objects.filter(pk__in=ids).update(claimed_until=now + _lease())
    return ids


def _address(notification: Notification) -> str:
    if notification.email:
        return notification.email
    user = notification.recipient
    return user.email if user is not None else ""


def _muted(notification: Notification) -> bool:
    return (
        notification.recipient_id is not None
        and notification.kind not in UNMUTABLE
        and NotificationMute.objects.filter(user_id=notification.recipient_id, kind=notification.kind).exists()
    )


def _dates(payload: dict) -> dict:
    found = {}
    for key in DATE_KEYS:
        value = payload.get(key)
        if isinstance(value, str):
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                continue
            found[key] = parsed if "T" in value else parsed.date()
    return found


def _path_for(notification: Notification, payload: dict) -> str:
    """The page the email links to: the one the payload names, else the record's page for this recipient."""
    from crm.services.notification_links import link_for

    url = payload.get("url")
    if isinstance(url, str) and url.startswith("/") and not url.startswith("//"):
        return url
    is_staff = notification.recipient_id is not None and access.is_staff_member(notification.recipient)
    return link_for(notification, is_staff=is_staff) or "/"


def render(notification: Notification) -> tuple[str, str, str]:
    """(subject, text, html) in the recipient's language: `emails/<kind>.txt` (first line: the subject), else the
    generic `emails/notification.txt`; the HTML twin is `emails/<kind>.html`, else the text in the generic HTML
    layout."""
    payload = notification.payload if isinstance(notification.payload, dict) else {}
    context = {
        "n": notification,
        "payload": payload,
        "dates": _dates(payload),
        "site_url": settings.SITE_URL,
        "url": _path_for(notification, payload),
        "greeting_name": notification.name
        or (notification.recipient.display_name if notification.recipient_id is not None else ""),
    }
    language = notification.language if notification.language in ("vi", "en") else settings.LANGUAGE_CODE
    with translation.override(language):
        kind_label = str(NotificationKind(notification.kind).label) if notification.kind in NotificationKind else ""
        context["kind_label"] = kind_label
        try:
            text = render_to_string(f"emails/{notification.kind}.txt", context)
        except TemplateDoesNotExist:
            text = render_to_string("emails/notification.txt", context)
        subject, _sep, body = text.strip().partition("\n")
        subject, body = subject.strip()[:200] or kind_label, body.strip() + "\n"
        main, _sep, footer = body.partition("\n-- \n")
        context.update(subject=subject, body=main.strip(), footer=footer.strip(), language=language)
        try:
            html = render_to_string(f"emails/{notification.kind}.html", context)
        except TemplateDoesNotExist:
            html = render_to_string("emails/notification.html", context)
    return subject, body, html


def send_one(notification: Notification, *, now=None) -> str:
    """Send one claimed message; returns its new status. Raises nothing for transient errors (they are recorded)."""
    now = now or timezone.now()
    address = _address(notification)
    try:
        if address and not _muted(notification):
            subject, text, html = render(notification)
            message = EmailMultiAlternatives(
                subject=subject,
                body=text,
                to=[f"{notification.name} <{address}>" if notification.name else address],
                headers={"Message-ID": message_id(notification)},
            )
            message.attach_alternative(html, "text/html")
            if isinstance(notification.payload, dict) and notification.payload.get("ics"):
                message.attach("conference.ics", notification.payload["ics"], "text/calendar; method=PUBLISH")
            message.send()
    except TRANSIENT as exc:
        attempts = notification.attempts + 1
        status = S.DEAD if attempts >= _max_attempts() else S.FAILED
        Notification.objects.filter(pk=notification.pk).update(
            status=status,
            attempts=attempts,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            next_attempt_at=now + backoff(attempts),
            claimed_until=None,
        )
        log.warning("notification %s: %s (attempt %s, now %s)", notification.pk, exc, attempts, status)
        return status
    Notification.objects.filter(pk=notification.pk).update(
        status=S.SENT, sent_at=now, attempts=notification.attempts + 1, last_error="", claimed_until=None
    )
    return S.SENT


def deliver_pending(*, batch: int = 200, max_batches: int = 50) -> Delivered:
    """Send what is due, batch after batch (bounded, so one run never holds a worker for long)."""
    result = Delivered()
    for _round in range(max_batches):
        ids = claim(batch=batch)
        if not ids:
            break
        for notification in Notification.objects.filter(pk__in=ids).select_related("recipient").order_by("id"):
            status = send_one(notification)
            result.sent += status == S.SENT
            result.failed += status == S.FAILED
            result.dead += status == S.DEAD
    return result


@transaction.atomic
def retry(*, notification: Notification, by) -> Notification:
    """A headquarters administrator puts a failed or dead message back in the queue."""
    if not access.is_hq_admin(by):
        raise PermissionDenied(_("Only a headquarters administrator can retry notifications."))
    notification = Notification.objects.select_for_update().get(pk=notification.pk)
    if notification.status not in (S.FAILED, S.DEAD):
        raise DomainError(_("Only a failed notification can be retried."))
    notification.status, notification.attempts = S.PENDING, 0
    notification.next_attempt_at, notification.claimed_until, notification.last_error = None, None, ""
    notification.save()
    return notification


def backlog() -> dict:
    """For the operations page: what waits, what failed, what is dead, and the oldest waiting message."""
    rows = Notification.objects.filter(status__in=[S.PENDING, S.FAILED, S.DEAD]).order_by()
    counts = dict.fromkeys((S.PENDING, S.FAILED, S.DEAD), 0)
    counts.update(dict(rows.values_list("status").annotate(n=Count("pk")).values_list("status", "n")))
    oldest = rows.filter(status=S.PENDING).order_by("created_at").values_list("created_at", flat=True).first()
    return {"counts": counts, "oldest_pending": oldest}


@contextmanager
def recording(name: str):
    """Record a periodic task's start, finish and result in TaskRun (set `run.result` inside the block)."""
    run, _created = TaskRun.objects.update_or_create(
        name=name, defaults={"started_at": timezone.now(), "finished_at": None}
    )
    run.result = {}
    yield run
    run.finished_at = timezone.now()
    run.save(update_fields=["finished_at", "result"])


def task_runs() -> list[TaskRun]:
    return list(TaskRun.objects.order_by("name"))


# ------------------------------------------------------------------------------------------------------- inbox


def inbox(user) -> QuerySet[Notification]:
    """The user's own messages, newest first."""
    if user is None or not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user) -> int:
    return inbox(user).filter(read_at__isnull=True).count()


def mark_read(*, user, ids) -> int:
    return inbox(user).filter(pk__in=list(ids), read_at__isnull=True).update(read_at=timezone.now())


def mark_all_read(*, user) -> int:
    return inbox(user).filter(read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def set_mutes(*, user, kinds) -> list[str]:
    """The kinds this user does not want by email (replaces the previous choice)."""
    kinds = set(kinds)
    unknown = kinds - set(NotificationKind.values)
    if unknown:
        raise DomainError(_("Unknown kind of notification: %(kind)s.") % {"kind": sorted(unknown)[0]}, field="kinds")
    if kinds & UNMUTABLE:
        raise DomainError(_("Deadline breaches cannot be muted."), field="kinds")
    NotificationMute.objects.filter(user=user).exclude(kind__in=kinds).delete()
    existing = set(NotificationMute.objects.filter(user=user).values_list("kind", flat=True))
    NotificationMute.objects.bulk_create(NotificationMute(user=user, kind=kind) for kind in kinds - existing)
    return sorted(kinds)
