"""Access rows: the notification outbox's operations page and API (headquarters administrators only), joined into
tests/crm/test_access_table.py."""

from crm.models import Notification, NotificationKind, NotificationStatus
from tests.access import HQ_PAGE, LOGIN, Row, To, builder, expect


@builder("outbox_dead")
def _dead(refs) -> int:
    return Notification.objects.create(
        kind=NotificationKind.QUESTION_ASSIGNED,
        recipient=refs.world.r5_officer,
        subject="question:1",
        dedupe_key="access-outbox-dead",
        status=NotificationStatus.DEAD,
        attempts=5,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    ).pk


HQ_API = expect(anon=401, staff=403, portal=403, hq_admin=200)

ROWS: list[Row] = [
    Row("outbox-health", "GET", "/org/outbox/", HQ_PAGE),
    Row(
        "outbox-retry",
        "POST",
        "/org/outbox/{outbox_dead}/retry/",
        expect(anon=LOGIN, staff=403, portal=403, hq_admin=To("/org/outbox/")),
    ),
    Row("outbox-list", "GET", "/api/v1/outbox/", HQ_API),
    Row("outbox-detail", "GET", "/api/v1/outbox/{outbox_dead}/", HQ_API),
    Row("outbox-retry", "POST", "/api/v1/outbox/{outbox_dead}/retry/", HQ_API),
    Row("outbox-health", "GET", "/api/v1/outbox/health/", HQ_API),
]
