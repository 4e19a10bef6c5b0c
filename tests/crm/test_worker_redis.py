"""The outbox with the real parts: a Redis server and a Celery worker started by this module (not eager mode).

- A committed notification goes out once through the worker, even when two delivery runs race on two processes.
- With Redis stopped, a business can still submit a question (a request never talks to the broker); its
  notifications wait in PostgreSQL and go out once Redis is back.
- A transaction that rolls back leaves nothing to send.

Redis runs on a free port under this module's control: the test stops and restarts only that process."""

import os
import shutil
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from crm.models import Notification, NotificationKind, NotificationStatus, TaskRun
from tests.support.celery_worker import RedisProcess, queue_notification, wait_until
from tests.support.celery_worker import free_port as _free_port

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed"),
]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def redis_server():
    server = RedisProcess(_free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_dir(tmp_path) -> Path:
    path = tmp_path / "mail"
    path.mkdir()
    return path


@pytest.fixture
def worker(redis_server, mail_dir):
    """A Celery worker (two processes) on the test database, writing emails as files into `mail_dir`."""
    database = settings.DATABASES["default"]
    url = (
        f"postgres://{database['USER'] or 'postgres'}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/"
        f"{connection.settings_dict['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": redis_server.url,
        "EMAIL_FILE_PATH": str(mail_dir),
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_DEBUG": "0",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "crm",
            "worker",
            "--pool=prefork",
            "--concurrency=2",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def _client(redis_server) -> Celery:
    """A Celery client on the real broker (the test process itself runs tasks eagerly)."""
    return Celery("test-client", broker=redis_server.url)


def _mails(mail_dir: Path) -> list[str]:
    return [path.read_text() for path in sorted(mail_dir.iterdir())]


def test_the_worker_sends_each_notification_once_even_when_two_runs_race(redis_server, worker, mail_dir):
    for number in range(30):
        queue_notification(f"race:{number}", email=f"n{number}@ent.example")
    client = _client(redis_server)
    for _ in range(4):  # two processes, four runs at once
        client.send_task("crm.deliver_notifications")
    wait_until(
        lambda: not Notification.objects.exclude(status=NotificationStatus.SENT).exists(), "every notification sent"
    )
    time.sleep(1)  # let any duplicate surface
    sent = "".join(_mails(mail_dir))
    assert all(sent.count(f"n{number}@ent.example") == 1 for number in range(30))
    assert sent.count("Message-ID:") == 30


def test_with_redis_down_a_business_still_asks_and_is_notified_once_redis_is_back(
    redis_server, worker, mail_dir, client_for, world
):
    world.r5_manager.email = "manager@hq.example"
    world.r5_manager.save()
    portal = client_for("portal_a")
    redis_server.stop()
    try:
        started = time.monotonic()
        response = portal.post(
            "/portal/questions/new/",
            {"title": "Hủy tờ khai", "body": "Thủ tục hủy tờ khai xuất khẩu?", "category": "procedures"},
        )
        elapsed = time.monotonic() - started
        assert response.status_code == 302, response.content[:500]
        assert elapsed < 5  # nothing waited on the broker (a dead broker costs its connect timeouts)
        waiting = Notification.objects.filter(status=NotificationStatus.PENDING)
        assert waiting.filter(recipient=world.r5_manager).exists()
    finally:
        redis_server.start()
    _client(redis_server).send_task("crm.deliver_notifications")
    wait_until(lambda: not waiting.exists(), "the backlog to drain")
    assert sum(text.count("manager@hq.example") for text in _mails(mail_dir)) == 1


def test_a_rolled_back_transaction_leaves_nothing_to_send(redis_server, worker, mail_dir):
    def failing_action():
        with transaction.atomic():
            queue_notification("rolled-back")
            raise RuntimeError("the action failed")

    with pytest.raises(RuntimeError):
        failing_action()
    queue_notification("kept")
    _client(redis_server).send_task("crm.deliver_notifications")
    wait_until(lambda: Notification.objects.filter(status=NotificationStatus.SENT).exists(), "the kept one sent")
    assert list(Notification.objects.values_list("dedupe_key", flat=True)) == ["kept"]
    assert len(_mails(mail_dir)) == 1


def test_two_reminder_scans_racing_on_the_worker_write_one_reminder(redis_server, worker, world):
    from dialogues.models import FollowUpAction
    from tests.dialogues.factories import make_action, make_conference, today

    conference = make_conference(branch=world.region5, status="held", by=world.r5_manager)
    due = make_action(conference=conference, by=world.r5_manager, owner=world.r5_officer)
    FollowUpAction.objects.filter(pk=due.pk).update(due_on=today() + timedelta(days=1))  # due tomorrow
    client = _client(redis_server)
    for _ in range(4):  # two worker processes, four scans at once
        client.send_task("dialogues.send_reminders")
    reminders = Notification.objects.filter(kind=NotificationKind.ACTION_DUE)
    wait_until(reminders.exists, "the reminder")
    wait_until(
        lambda: TaskRun.objects.filter(name="dialogues.send_reminders", finished_at__isnull=False).exists(),
        "a scan to finish",
    )
    time.sleep(3)  # let the other scans finish and any duplicate surface
    assert list(reminders.values_list("recipient_id", flat=True)) == [world.r5_officer.pk]


def test_with_redis_down_staff_answer_and_check_in_without_waiting(redis_server, worker, mail_dir, api_for, world):
    from dialogues.models import Attendee
    from dialogues.services import questions as question_services
    from tests.dialogues.access_portal_questions import legal_document
    from tests.dialogues.factories import make_conference, register

    world.portal_a.email = "portal@ent.example"
    world.portal_a.save()
    question = question_services.submit_question(by=world.portal_a, title="Hủy tờ khai", body="Thủ tục hủy?")
    conference = make_conference(
        branch=world.region5,
        by=world.r5_manager,
        starts_at=timezone.now() - timedelta(minutes=30),
        invite=[world.ent_a],
    )
    register(conference, world.ent_a, "Trần Thị Hương", by=world.portal_a)
    attendee = Attendee.objects.get(conference=conference)
    manager, officer = api_for("r5_manager"), api_for("r5_officer")
    citation = {"document": legal_document().pk, "article": "Điều 22"}
    answer = {"body": "Nộp văn bản đề nghị hủy.", "citations": [citation], "submit": True}
    steps = [
        (
            manager,
            f"/api/v1/questions/{question.pk}/assign/",
            {"unit": world.region5.pk, "assignee": world.r5_officer.pk},
        ),
        (officer, f"/api/v1/questions/{question.pk}/answer/", answer),
        (manager, f"/api/v1/questions/{question.pk}/approve/", {}),
        (officer, f"/api/v1/conferences/{conference.pk}/check-in/", {"attendee": attendee.pk}),
    ]
    redis_server.stop()
    try:
        for client, url, data in steps:
            started = time.monotonic()
            response = client.post(url, data, format="json")
            elapsed = time.monotonic() - started
            assert response.status_code == 200, (url, response.content[:500])
            assert elapsed < 5, url  # nothing waited on the broker (a dead broker costs its connect timeouts)
        answered = Notification.objects.filter(kind=NotificationKind.QUESTION_ANSWERED, recipient=world.portal_a)
        assert answered.filter(status=NotificationStatus.PENDING).exists()
    finally:
        redis_server.start()
    _client(redis_server).send_task("crm.deliver_notifications")
    wait_until(lambda: not answered.exclude(status=NotificationStatus.SENT).exists(), "the answer's email")
    assert sum(text.count("portal@ent.example") for text in _mails(mail_dir)) >= 1
