"""A Celery worker killed in the middle of sending an outbox message (a real Redis, real prefork workers).

- Killed before the mail server saw the message: the row stays claimed until its lease expires, then the next run
  sends it exactly once.
- Killed after the mail server took it but before the row was marked: the next run sends it again (at least once),
  and every copy carries the same Message-ID, so the receiving mail system keeps one.

The workers run with NOTIFICATION_LEASE_SECONDS=3 and `tests.support.slow_mail`, which hangs at the chosen moment."""

import re
import shutil
import time
from datetime import timedelta
from pathlib import Path

import pytest
from celery import Celery
from django.utils import timezone

from crm.celery import app
from crm.models import Notification, NotificationStatus
from crm.services.notifications import claim, message_id
from tests.support.celery_worker import RedisProcess, WorkerProcess, free_port, queue_notification, wait_until

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed"),
]
S = NotificationStatus
LEASE_SECONDS = 3
MESSAGE_ID = re.compile(r"^Message-ID: (.+?)\s*$", re.MULTILINE)


@pytest.fixture(scope="module")
def redis_server():
    server = RedisProcess(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_dir(tmp_path) -> Path:
    path = tmp_path / "mail"
    path.mkdir()
    return path


@pytest.fixture
def start_worker(redis_server, mail_dir, tmp_path):
    """Starts a worker (one prefork child, fair scheduling) with a short lease and the slow backend; every worker
    started is stopped at the end, even when the test fails."""
    started: list[WorkerProcess] = []

    def start() -> WorkerProcess:
        worker = WorkerProcess(
            broker_url=redis_server.url,
            mail_dir=mail_dir,
            log=tmp_path / "worker.log",
            env={
                "NOTIFICATION_LEASE_SECONDS": str(LEASE_SECONDS),
                "EMAIL_FILE_BACKEND": "tests.support.slow_mail.EmailBackend",
            },
        )
        started.append(worker)
        worker.start(
            "--pool=prefork",
            "--concurrency=1",
            "-O",
            "fair",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        )
        return worker

    yield start
    for marker in mail_dir.glob("block-*"):
        marker.unlink()  # let a hanging send finish so the warm shutdown is quick
    for worker in started:
        worker.stop()


def _deliver(redis_server) -> None:
    """What beat does every minute: queue one delivery run on the real broker."""
    Celery("test-client", broker=redis_server.url).send_task("crm.deliver_notifications")


def _mail_files(mail_dir: Path) -> list[Path]:
    return sorted(mail_dir.glob("*.log"))


def _message_ids(mail_dir: Path) -> list[str]:
    return [found for path in _mail_files(mail_dir) for found in MESSAGE_ID.findall(path.read_text())]


def _kill_while_blocked(worker: WorkerProcess, mail_dir: Path, point: str) -> None:
    wait_until(lambda: (mail_dir / f"reached-{point}").exists(), f"the worker to hang {point} the send")
    worker.kill()


def _redeliver_after_the_lease(redis_server, notification: Notification) -> None:
    """Wait out the dead worker's lease, run delivery again and wait for the row to be sent."""
    notification.refresh_from_db()
    time.sleep(max((notification.claimed_until - timezone.now()).total_seconds(), 0) + 0.2)
    _deliver(redis_server)
    wait_until(lambda: Notification.objects.filter(pk=notification.pk, status=S.SENT).exists(), "the message sent")
    notification.refresh_from_db()


def _assert_claimed_and_unsent(notification: Notification) -> None:
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.sent_at) == (S.PENDING, 0, None)
    # Leased, for NOTIFICATION_LEASE_SECONDS and not the five-minute default.
    assert notification.claimed_until is not None
    assert notification.claimed_until <= timezone.now() + timedelta(seconds=LEASE_SECONDS)


def test_tasks_are_acknowledged_after_they_run_and_requeued_when_the_worker_is_lost():
    assert (app.conf.task_acks_late, app.conf.task_reject_on_worker_lost) == (True, True)
    assert app.conf.worker_prefetch_multiplier == 1


def test_a_claim_leases_the_message_for_notification_lease_seconds(settings):
    settings.NOTIFICATION_LEASE_SECONDS = 7
    notification, now = queue_notification("leased"), timezone.now()

    assert claim(batch=10, now=now) == [notification.pk]
    notification.refresh_from_db()
    assert notification.claimed_until == now + timedelta(seconds=7)


def test_a_worker_killed_before_the_send_leaves_the_message_to_the_next_run_which_sends_it_once(
    redis_server, start_worker, mail_dir
):
    notification = queue_notification("killed-before")
    (mail_dir / "block-before").touch()
    first = start_worker()
    _deliver(redis_server)
    _kill_while_blocked(first, mail_dir, "before")

    _assert_claimed_and_unsent(notification)
    assert _mail_files(mail_dir) == []

    (mail_dir / "block-before").unlink()
    start_worker()
    _redeliver_after_the_lease(redis_server, notification)

    assert (notification.status, notification.attempts, notification.claimed_until) == (S.SENT, 1, None)
    assert len(_mail_files(mail_dir)) == 1
    assert _message_ids(mail_dir) == [message_id(notification)]


def test_a_worker_killed_after_the_mail_server_took_the_message_sends_it_again_with_the_same_message_id(
    redis_server, start_worker, mail_dir
):
    notification = queue_notification("killed-after")
    (mail_dir / "block-after").touch()
    first = start_worker()
    _deliver(redis_server)
    _kill_while_blocked(first, mail_dir, "after")

    _assert_claimed_and_unsent(notification)
    assert _message_ids(mail_dir) == [message_id(notification)]

    (mail_dir / "block-after").unlink()
    start_worker()
    _redeliver_after_the_lease(redis_server, notification)

    assert (notification.status, notification.attempts, notification.claimed_until) == (S.SENT, 1, None)
    assert len(_mail_files(mail_dir)) == 2
    assert _message_ids(mail_dir) == [message_id(notification)] * 2
