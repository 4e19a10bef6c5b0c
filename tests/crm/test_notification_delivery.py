"""Delivering the notification outbox: claimed batches (two workers never send one message twice), an expired lease
sends again with the same Message-ID, transient failures back off then die, a headquarters administrator retries,
mutes, the recipient's language, the inbox."""

import smtplib
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from crm.errors import DomainError
from crm.models import Notification, NotificationKind, NotificationStatus
from crm.services import notifications as services
from crm.tasks import deliver_notifications

S = NotificationStatus
K = NotificationKind


def notify(user=None, *, key="k1", kind=K.QUESTION_ASSIGNED, email="", language="vi", name="", **payload):
    return Notification.objects.create(
        kind=kind,
        recipient=user,
        email=email,
        name=name,
        language=language,
        subject="question:1",
        dedupe_key=key,
        payload={"reference": "VM-2026-000001", **payload},
    )


@pytest.fixture
def officer(world):
    world.r5_officer.email = "officer@hq.example"
    world.r5_officer.save()
    return world.r5_officer


@pytest.mark.django_db
def test_a_pending_message_is_emailed_once_with_a_stable_message_id(officer):
    notification = notify(officer)
    assert deliver_notifications.apply().get() == {"sent": 1, "failed": 0, "dead": 0}
    assert deliver_notifications.apply().get() == {"sent": 0, "failed": 0, "dead": 0}  # nothing twice
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["officer@hq.example"]
    assert "VM-2026-000001" in message.subject
    assert message.extra_headers["Message-ID"] == services.message_id(notification)
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.claimed_until) == (S.SENT, 1, None)
    assert notification.sent_at is not None


@pytest.mark.django_db
def test_the_email_is_in_the_recipients_language(officer):
    notify(email="contact@ent.example", key="vi", language="vi", name="Nguyễn Văn An")
    notify(email="contact@ent.example", key="en", language="en", name="Nguyen Van An")
    services.deliver_pending()
    vi, en = sorted(mail.outbox, key=lambda m: "Dear" in m.body)  # the Vietnamese one first
    assert "Dear Nguyen Van An" in en.body
    assert "Kính gửi Nguyễn Văn An" in vi.body
    assert en.to == ["Nguyen Van An <contact@ent.example>"]


@pytest.mark.django_db
def test_a_muted_kind_is_not_emailed_but_stays_in_the_inbox(officer):
    services.set_mutes(user=officer, kinds=[K.QUESTION_ASSIGNED])
    notify(officer)
    services.deliver_pending()
    assert mail.outbox == []
    assert services.unread_count(officer) == 1
    assert Notification.objects.get().status == S.SENT  # delivered: to the inbox only
    with pytest.raises(DomainError) as exc:
        services.set_mutes(user=officer, kinds=["no_such_kind"])
    assert exc.value.field == "kinds"


@pytest.mark.django_db
def test_transient_failures_back_off_then_give_up_and_an_admin_retries(officer, world, monkeypatch, settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = 2
    notification = notify(officer)

    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    assert services.deliver_pending().failed == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (S.FAILED, 1)
    assert notification.next_attempt_at > timezone.now()
    assert "SMTPServerDisconnected" in notification.last_error
    assert services.deliver_pending().failed == 0  # not due yet: nothing tried

    Notification.objects.filter(pk=notification.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert services.deliver_pending().dead == 1
    notification.refresh_from_db()
    assert notification.status == S.DEAD

    with pytest.raises(PermissionDenied):
        services.retry(notification=notification, by=world.r5_manager)
    monkeypatch.undo()
    services.retry(notification=notification, by=world.hq_admin)
    assert services.deliver_pending().sent == 1
    assert len(mail.outbox) == 1
    with pytest.raises(DomainError):
        services.retry(notification=Notification.objects.get(pk=notification.pk), by=world.hq_admin)


@pytest.mark.django_db
def test_a_lease_left_by_a_dead_worker_expires_and_the_message_goes_out_again(officer):
    notification = notify(officer)
    assert services.claim(batch=10) == [notification.pk]  # a worker took it, then died before sending
    assert services.claim(batch=10) == []  # leased: nobody else takes it meanwhile
    assert services.deliver_pending().sent == 0
    Notification.objects.filter(pk=notification.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert services.deliver_pending().sent == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == services.message_id(notification)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_claiming_at_once_never_share_a_message(officer):
    for number in range(40):
        notify(officer, key=f"k{number}")
    claimed: list[list[int]] = []
    barrier = threading.Barrier(2)

    def worker():
        try:
            barrier.wait()
            with transaction.atomic():
                claimed.append(services.claim(batch=25))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    first, second = claimed
    assert not set(first) & set(second)
    assert len(first) + len(second) == 40


@pytest.mark.django_db
def test_the_inbox_is_the_users_own_and_marks_read(officer, world):
    mine = [notify(officer, key=f"m{n}") for n in range(3)]
    notify(world.r5_manager, key="theirs")
    assert [n.pk for n in services.inbox(officer)] == [n.pk for n in reversed(mine)]
    assert services.mark_read(user=officer, ids=[mine[0].pk, Notification.objects.get(dedupe_key="theirs").pk]) == 1
    assert services.unread_count(officer) == 2
    assert services.unread_count(world.r5_manager) == 1
    assert services.mark_all_read(user=officer) == 2
    assert services.unread_count(officer) == 0


@pytest.mark.django_db
def test_the_backlog_counts_by_status(officer):
    notify(officer, key="a")
    Notification.objects.filter(pk=notify(officer, key="b").pk).update(status=S.DEAD)
    backlog = services.backlog()
    assert backlog["counts"] == {S.PENDING: 1, S.FAILED: 0, S.DEAD: 1}
    assert backlog["oldest_pending"] is not None
