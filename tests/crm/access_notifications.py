"""Access rows: the in-app inbox and the notification settings (HTML and API), joined into
tests/crm/test_access_table.py. Every signed-in user has an inbox of their own; another user's notification is a
404 for everyone else."""

from crm.models import Notification, NotificationKind
from tests.access import LOGIN, Row, To, builder, expect


@builder("notif_r5_officer")
def _notification_of_r5_officer(refs) -> int:
    return Notification.objects.create(
        kind=NotificationKind.QUESTION_ASSIGNED,
        recipient=refs.world.r5_officer,
        subject="question:1",
        dedupe_key="access:question_assigned:r5_officer",
        payload={"question": 1, "reference": "VM-2026-000001"},
    ).pk


@builder("notif_portal_a")
def _notification_of_portal_a(refs) -> int:
    return Notification.objects.create(
        kind=NotificationKind.PORTAL_SIGNUP_DECIDED,
        recipient=refs.world.portal_a,
        subject="portal_signup:1",
        dedupe_key="access:portal_signup_decided:portal_a",
        payload={"signup": 1},
    ).pk


SIGNED_IN_PAGE = expect(anon=LOGIN, staff=200, portal=200)
SIGNED_IN_API = expect(anon=401, staff=200, portal=200)
# Opening marks read and goes to the page the notification is about; anyone but the recipient gets 404.
OPEN_R5_OFFICER = expect(anon=LOGIN, staff=404, portal=404, r5_officer=To("/questions/1/"))
OPEN_PORTAL_A = expect(anon=LOGIN, staff=404, portal=404, portal_a=To("/portal/"))
OWN_API_R5_OFFICER = expect(anon=401, staff=404, portal=404, r5_officer=200)
OWN_API_PORTAL_A = expect(anon=401, staff=404, portal=404, portal_a=200)

ROWS: list[Row] = [
    # --- HTML -----------------------------------------------------------------------------------------------------
    Row("notification-list", "GET", "/notifications/", SIGNED_IN_PAGE),
    Row("notification-unread-badge", "GET", "/notifications/unread/", SIGNED_IN_PAGE),
    Row("notification-settings", "GET", "/notifications/settings/", SIGNED_IN_PAGE),
    Row(
        "notification-settings",
        "POST",
        "/notifications/settings/",
        expect(anon=LOGIN, staff=To("/notifications/settings/"), portal=To("/notifications/settings/")),
        data={"email_question_assigned": "on"},
    ),
    Row(
        "notification-mark-all-read",
        "POST",
        "/notifications/mark-all-read/",
        expect(anon=LOGIN, staff=To("/notifications/"), portal=To("/notifications/")),
    ),
    Row("notification-open", "GET", "/notifications/{notif_r5_officer}/open/", OPEN_R5_OFFICER),
    Row("notification-open", "POST", "/notifications/{notif_r5_officer}/open/", OPEN_R5_OFFICER),
    Row(
        "notification-open",
        "GET",
        "/notifications/{notif_portal_a}/open/",
        OPEN_PORTAL_A,
        label="(portal user's own)",
    ),
    # --- API ------------------------------------------------------------------------------------------------------
    Row("notification-list", "GET", "/api/v1/notifications/", SIGNED_IN_API),
    Row("notification-detail", "GET", "/api/v1/notifications/{notif_r5_officer}/", OWN_API_R5_OFFICER),
    Row("notification-detail", "GET", "/api/v1/notifications/{notif_portal_a}/", OWN_API_PORTAL_A),
    Row("notification-unread-count", "GET", "/api/v1/notifications/unread-count/", SIGNED_IN_API),
    Row(
        "notification-mark-read",
        "POST",
        "/api/v1/notifications/mark-read/",
        SIGNED_IN_API,
        data=lambda r: {"ids": [r["notif_r5_officer"]]},
    ),
    Row("notification-mark-all-read", "POST", "/api/v1/notifications/mark-all-read/", SIGNED_IN_API),
    Row("notification-setting-list", "GET", "/api/v1/notification-settings/", SIGNED_IN_API),
    Row(
        "notification-setting-list",
        "PUT",
        "/api/v1/notification-settings/",
        SIGNED_IN_API,
        data={"muted": [NotificationKind.QUESTION_ASSIGNED]},
    ),
    Row(
        "notification-setting-list",
        "POST",
        "/api/v1/notification-settings/",
        expect(anon=401, staff=405, portal=405),
        data={"muted": []},
        label="(not allowed: PUT replaces)",
    ),
]
