"""Checks for uploaded documents: size and type decided by the file's content, never by its name or header."""

from django.conf import settings
from django.utils.translation import gettext as _

from crm.errors import DomainError

# Leading bytes of each accepted type.
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
PDF = ("pdf",)
SCAN = ("pdf", "jpeg", "png")
TYPE_NAMES = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG"}


def human_size(limit: int) -> str:
    if limit >= 1024 * 1024:
        return _("%(n)s MB") % {"n": f"{limit / (1024 * 1024):g}"}
    if limit >= 1024:
        return _("%(n)s KB") % {"n": f"{limit / 1024:g}"}
    return _("%(n)s bytes") % {"n": limit}


def sniff(head: bytes) -> str | None:
    for kind, prefixes in SIGNATURES.items():
        if any(head.startswith(prefix) for prefix in prefixes):
            return kind
    return None


def check_document(upload, *, kinds=PDF, field: str = "file", max_bytes: int | None = None) -> str:
    """Refuse an upload that is empty, too large or not one of `kinds` by its content; return the detected kind.

    Leaves the file positioned at its start so it can be saved afterwards.
    """
    limit = max_bytes or settings.DOCUMENT_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise DomainError(
            _("The file is larger than %(size)s; scan it at a lower resolution.") % {"size": human_size(limit)},
            field=field,
        )
    if not size:
        raise DomainError(_("The file is empty."), field=field)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head)
    if kind not in kinds:
        accepted = ", ".join(TYPE_NAMES[k] for k in kinds)
        raise DomainError(
            _("This file is not a valid %(types)s document; upload the signed scan as %(types)s.")
            % {"types": accepted},
            field=field,
        )
    return kind
