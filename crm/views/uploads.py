"""Upload → preview (a dry run) → confirm without uploading again, for the spreadsheet imports: a clean file waits
in storage, named in the session, until the user confirms or uploads another."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from crm.errors import DomainError
from crm.services.imports import ZIP_MAGIC, ImportReport, read_upload


@dataclass(frozen=True)
class Confirmed:
    report: ImportReport | None = None
    error: str = ""  # the file as a whole was refused (a DomainError on `file`)
    gone: bool = False  # the stored file expired or the session lost it: upload again


@dataclass(frozen=True)
class StagedImport:
    session_key: str
    prefix: str  # of the stored file's name, under imports/
    run: Callable[..., ImportReport]  # run(upload=, by=, dry_run=) — the import service

    def preview(self, request, form) -> ImportReport | None:
        """Dry-run the form's file; when it is clean, keep its bytes for `confirm`. A refused file is an error on
        the form's `file` field (None returned)."""
        upload = form.cleaned_data["file"]
        self.forget(request)
        try:
            report = self.run(upload=upload, by=request.user, dry_run=True)
        except DomainError as exc:
            form.add_error("file", exc.message)
            return None
        if not report.errors:
            data = read_upload(upload)
            extension = "xlsx" if data.startswith(ZIP_MAGIC) else "csv"
            name = f"imports/{self.prefix}-{uuid.uuid4()}.{extension}"
            request.session[self.session_key] = default_storage.save(name, ContentFile(data))
        return report

    def ready(self, request) -> bool:
        return bool(request.session.get(self.session_key))

    def confirm(self, request) -> Confirmed:
        """Import the stored file for real, then forget it whatever happened (the data may have changed since the
        preview: the report says why, and the user starts over)."""
        name = request.session.get(self.session_key)
        if not name or not default_storage.exists(name):
            request.session.pop(self.session_key, None)
            return Confirmed(gone=True)
        try:
            with default_storage.open(name, "rb") as stored:
                return Confirmed(report=self.run(upload=stored, by=request.user, dry_run=False))
        except DomainError as exc:
            return Confirmed(error=exc.message)
        finally:
            self.forget(request)

    def forget(self, request) -> None:
        name = request.session.pop(self.session_key, None)
        if name and default_storage.exists(name):
            default_storage.delete(name)
