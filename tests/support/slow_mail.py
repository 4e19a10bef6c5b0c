"""A file-based email backend that can be made to hang, so a test can kill the worker at a chosen moment.

Marker files in the mail folder steer it: while `block-before` exists it waits before writing anything (the
"SMTP server" never saw the message); while `block-after` exists it writes the message, then waits (the server
accepted it, the outbox row is not marked yet). On reaching either point it creates `reached-before` or
`reached-after` so the test knows when to kill. Messages are the `*.log` files, as with Django's backend."""

import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend as FileBackend

POLL_SECONDS = 0.05


class EmailBackend(FileBackend):
    def _hold(self, point: str) -> None:
        folder = Path(self.file_path)
        if not (folder / f"block-{point}").exists():
            return
        (folder / f"reached-{point}").touch()
        while (folder / f"block-{point}").exists():
            time.sleep(POLL_SECONDS)

    def send_messages(self, email_messages):
        self._hold("before")
        return super().send_messages(email_messages)

    def write_message(self, message):
        super().write_message(message)
        self.stream.flush()
        self._hold("after")
