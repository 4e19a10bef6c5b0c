"""Real processes for the outbox tests: a throwaway redis-server and a Celery worker on the test database."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisProcess:
    """A throwaway redis-server on its own port, stopped and started by process id."""

    def __init__(self, port: int):
        self.port, self.process = port, None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def child_database_url() -> str:
    """The URL of the database this test runs on, for a child process."""
    database = settings.DATABASES["default"]
    return (
        f"postgres://{database['USER'] or 'postgres'}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/"
        f"{connection.settings_dict['NAME']}"
    )


class WorkerProcess:
    """A Celery worker in its own process group, so a test can kill the main process and its children at once."""

    def __init__(self, *, broker_url: str, mail_dir: Path, log: Path, env: dict[str, str] | None = None):
        self.broker_url, self.mail_dir, self.log, self.extra_env = broker_url, mail_dir, log, env or {}
        self.process: subprocess.Popen | None = None

    def start(self, *options: str) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": child_database_url(),
            "REDIS_URL": self.broker_url,
            "EMAIL_FILE_PATH": str(self.mail_dir),
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_DEBUG": "0",
            **self.extra_env,
        }
        command = [sys.executable, "-m", "celery", "-A", "crm", "worker", "--loglevel=WARNING", *options]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and pool children): nothing gets to clean up or acknowledge."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):  # already gone
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        """A warm shutdown, then a kill if it takes too long."""
        if self.process is None:
            return
        self.process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=15)
        self.kill()


def wait_until(condition, what: str, *, seconds: float = 40, step: float = 0.1) -> None:
    """Poll `condition` until it holds; fail after `seconds` saying what never happened."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(step)
    raise AssertionError(f"timed out waiting for {what}")


def queue_notification(key: str, email: str = "an@ent.example"):
    """A committed outbox row for an enterprise contact (the message the worker tests send)."""
    from crm.models import Notification, NotificationKind

    return Notification.objects.create(
        kind=NotificationKind.QUESTION_ANSWERED,
        email=email,
        name="Nguyễn Văn An",
        language="vi",
        subject="question:1",
        dedupe_key=key,
        payload={"reference": "VM-2026-000123"},
    )
