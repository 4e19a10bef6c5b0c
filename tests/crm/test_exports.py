"""CSV/XLSX downloads of the organisation lists (customs units, staff), the portal sign-up queue, one's notifications
and the outbox, as `?as=` on the list page and as the API `export` actions: values, filters, scoping, refusals and a
constant query count."""

import pytest
from django.utils import timezone

from crm import exports
from crm.models import Notification, NotificationKind, NotificationStatus, Role, SignupStatus
from crm.services import portal_accounts as portal_services
from tests import factories
from tests.export_reading import count_queries, csv_rows, headers, in_english, xlsx_rows

pytestmark = pytest.mark.django_db


def as_dicts(rows: list[list]) -> list[dict]:
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def notify(user, n: int, *, status=NotificationStatus.SENT, read=False) -> Notification:
    return Notification.objects.create(
        kind=NotificationKind.QUESTION_ASSIGNED,
        recipient=user,
        email=user.email,
        subject=f"question:{n}",
        dedupe_key=f"export-test-{user.pk}-{n}",
        payload={"reference": f"VM-2026-{n:06d}", "title": "Thủ tục hủy tờ khai"},
        status=status,
        last_error="SMTPServerDisconnected" if status == NotificationStatus.DEAD else "",
    )


# --- Customs units and staff ---------------------------------------------------------------------------------------


def test_the_unit_tree_downloads_with_parent_codes_counts_and_the_search_applied(world, client_for):
    client = in_english(client_for("r5_manager"))

    rows = csv_rows(client.get("/org/branches/", {"as": "csv"}))

    assert rows[0] == headers(exports.BRANCH_COLUMNS)
    units = {row["Code"]: row for row in as_dicts(rows)}
    assert set(units) == {"KV05", "KV05-YP"}  # a manager of Region V: its subtree only
    assert units["KV05-YP"]["Parent unit code"] == "KV05"
    assert units["KV05"]["Enterprises managed directly"] == "1"
    assert units["KV05"]["Staff"] == "2"
    searched = xlsx_rows(client.get("/org/branches/", {"as": "xlsx", "q": "yen phong"}))
    assert [row["Code"] for row in as_dicts(searched)] == ["KV05-YP"]


def test_the_staff_list_downloads_its_filtered_accounts_in_scope(world, client_for):
    client = in_english(client_for("r5_manager"))

    rows = csv_rows(client.get("/org/staff/", {"as": "csv", "role": Role.MANAGER}))

    assert rows[0] == headers(exports.STAFF_COLUMNS)
    [row] = as_dicts(rows)
    assert (row["Username"], row["Customs unit code"], row["Role"], row["Active"]) == (
        "r5_manager",
        "KV05",
        "Manager",
        "x",
    )
    everyone = {row["Username"] for row in as_dicts(csv_rows(client.get("/org/staff/", {"as": "csv"})))}
    assert everyone == {"r5_manager", "r5_officer", "r5_office_officer"}


def test_the_staff_and_unit_api_exports_follow_the_api_filters_and_scope(world, api_for):
    client = in_english(api_for("r5_manager"))
    staff = as_dicts(xlsx_rows(client.get("/api/v1/staff/export/", {"as": "xlsx"})))
    assert {row["Username"] for row in staff} == {"r5_manager", "r5_officer", "r5_office_officer"}
    units = as_dicts(csv_rows(client.get("/api/v1/branches/export/", {"kind": "office"})))
    assert [(row["Code"], row["Parent unit code"]) for row in units] == [("KV05-YP", "KV05")]
    assert api_for("r5_officer").get("/api/v1/staff/export/").status_code == 403


PAGES = ["/org/staff/", "/org/branches/", "/portal-signups/", "/notifications/", "/org/outbox/"]


@pytest.mark.parametrize("url", PAGES)
def test_an_unknown_format_is_a_400_with_a_message(world, client_for, url):
    response = client_for("hq_admin").get(url, {"as": "ods"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/org/staff/", {"role": "captain"}),
        ("/org/branches/", {"kind": "galaxy"}),
        ("/portal-signups/", {"status": "maybe"}),
    ],
)
def test_invalid_filters_refuse_the_download_with_a_400(world, client_for, url, params):
    response = client_for("hq_admin").get(url, {**params, "as": "csv"})
    assert response.status_code == 400


def test_the_staff_download_runs_as_many_queries_for_30_accounts_as_for_3(
    world, client_for, django_assert_max_num_queries
):
    client = client_for("hq_admin")
    few = count_queries(client, "/org/staff/", {"as": "csv"})  # the five of the world
    for n in range(25):
        factories.make_staff(username=f"officer{n}", branch=world.region5)
    with django_assert_max_num_queries(few):
        assert len(csv_rows(client.get("/org/staff/", {"as": "csv"}))) == 31


# --- Portal sign-ups -----------------------------------------------------------------------------------------------


def make_signup(n: int, tax_code: str = "2352601817"):
    return portal_services.register_signup(
        tax_code=tax_code,
        enterprise_name="Đông Á",
        full_name=f"Trần Thị Bình {n}",
        email=f"binh{n}@donga.example",
        password="Sông-Hồng-1884",
    )


def test_the_signup_queue_downloads_with_the_matched_enterprise_and_its_unit(world, client_for, api_for):
    make_signup(1)
    make_signup(2, tax_code="4982199351")  # Region VI's enterprise
    client = in_english(client_for("r5_officer"))

    rows = csv_rows(client.get("/portal-signups/", {"as": "csv"}))

    assert rows[0] == headers(exports.SIGNUP_COLUMNS)
    [row] = as_dicts(rows)
    assert row["Tax code"] == "2352601817"
    assert row["Matched enterprise"] == "Công ty TNHH Điện tử Đông Á"
    assert row["Managing unit code"] == "KV05"
    assert row["Email"] == "binh1@donga.example"
    assert row["Status"] == str(SignupStatus.PENDING.label)
    assert as_dicts(csv_rows(client.get("/portal-signups/", {"as": "csv", "status": SignupStatus.APPROVED}))) == []
    api_rows = as_dicts(csv_rows(in_english(api_for("r6_officer")).get("/api/v1/portal-signups/export/")))
    assert [row["Tax code"] for row in api_rows] == ["4982199351"]


def test_the_signup_download_runs_as_many_queries_for_30_as_for_3(world, client_for, django_assert_max_num_queries):
    for n in range(3):
        make_signup(n)
    client = client_for("r5_officer")
    few = count_queries(client, "/portal-signups/", {"as": "xlsx"})
    for n in range(3, 30):
        make_signup(n)
    with django_assert_max_num_queries(few):
        assert len(xlsx_rows(client.get("/portal-signups/", {"as": "xlsx"}))) == 31


# --- Notifications and the outbox ----------------------------------------------------------------------------------


def test_ones_own_notifications_download_without_anyone_elses(world, client_for, api_for):
    notify(world.portal_a, 1)
    notify(world.portal_b, 2)
    client = in_english(client_for("portal_a"))

    rows = csv_rows(client.get("/notifications/", {"as": "csv"}))

    assert rows[0] == headers(exports.NOTIFICATION_COLUMNS)
    [row] = as_dicts(rows)
    assert row["Kind"] == "Question assigned"
    assert row["About"] == "VM-2026-000001 · Thủ tục hủy tờ khai"
    assert row["Read on"] == ""
    Notification.objects.filter(recipient=world.portal_a).update(read_at=timezone.now())
    assert as_dicts(csv_rows(api_for("portal_a").get("/api/v1/notifications/export/", {"unread": "true"}))) == []
    assert len(xlsx_rows(api_for("portal_a").get("/api/v1/notifications/export/", {"as": "xlsx"}))) == 2


def test_the_outbox_downloads_its_failed_and_dead_messages_for_headquarters_only(world, client_for, api_for):
    notify(world.r5_officer, 1, status=NotificationStatus.DEAD)
    notify(world.r5_officer, 2, status=NotificationStatus.SENT)

    rows = csv_rows(in_english(client_for("hq_admin")).get("/org/outbox/", {"as": "csv"}))

    assert rows[0] == headers(exports.OUTBOX_COLUMNS)
    [row] = as_dicts(rows)
    assert (row["Recipient"], row["About"], row["Last error"]) == ("r5_officer", "question:1", "SMTPServerDisconnected")
    api_rows = as_dicts(csv_rows(in_english(api_for("hq_admin")).get("/api/v1/outbox/export/", {"status": "sent"})))
    assert [row["About"] for row in api_rows] == ["question:2"]
    assert api_for("r5_manager").get("/api/v1/outbox/export/").status_code == 403
    assert client_for("r5_manager").get("/org/outbox/", {"as": "csv"}).status_code == 403


def test_the_notification_download_runs_as_many_queries_for_30_as_for_3(
    world, client_for, django_assert_max_num_queries
):
    for n in range(3):
        notify(world.r5_officer, n)
    client = client_for("r5_officer")
    few = count_queries(client, "/notifications/", {"as": "csv"})
    for n in range(3, 30):
        notify(world.r5_officer, n)
    with django_assert_max_num_queries(few):
        assert len(csv_rows(client.get("/notifications/", {"as": "csv"}))) == 31
