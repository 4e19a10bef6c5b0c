"""Access rows: the reminder settings page (managers read, headquarters administrators change) and its API (staff
read their subtree, headquarters administrators write), joined into tests/crm/test_access_table.py."""

from crm.models import ReminderRule
from crm.services import reminders as services
from tests.access import (
    API_HQ_CREATE,
    API_HQ_WRITE,
    API_STAFF_READ,
    HQ_PAGE,
    LOGIN,
    ORG_PAGE,
    Row,
    To,
    builder,
    expect,
)


@builder("reminder_setting_r5")
def _r5_setting(refs) -> int:
    world = refs.world
    return services.save_setting(
        branch=world.region5,
        rule=ReminderRule.CONFERENCE_UPCOMING,
        enabled=True,
        days=[14, 2],
        copy_managers=False,
        by=world.hq_admin,
    ).pk


def _new_setting(refs) -> dict:
    return {"branch": refs["region5"], "rule": ReminderRule.ACTION_DUE, "enabled": "on", "days": "5, 1"}


def _new_api_setting(refs) -> dict:
    return {"branch": refs["region5"], "rule": ReminderRule.ACTION_DUE, "days": [5, 1]}


HQ_POST = expect(anon=LOGIN, staff=403, portal=403, hq_admin=To("/org/reminders/?branch="))
R5_SETTING = expect(anon=401, staff=200, portal=403, r5_office_officer=404, r6_officer=404)

ROWS: list[Row] = [
    Row("reminder-settings", "GET", "/org/reminders/", ORG_PAGE),
    Row(
        "reminder-settings",
        "GET",
        "/org/reminders/",
        expect(anon=LOGIN, staff=403, portal=403, hq_admin=200, r5_manager=404),
        data=lambda r: {"branch": r["region6"]},
        label="(Region VI)",
    ),
    Row("reminder-setting-create", "POST", "/org/reminders/new/", HQ_POST, data=_new_setting),
    Row("reminder-setting-edit", "GET", "/org/reminders/{reminder_setting_r5}/edit/", HQ_PAGE),
    Row(
        "reminder-setting-edit",
        "POST",
        "/org/reminders/{reminder_setting_r5}/edit/",
        HQ_POST,
        data=lambda r: {"branch": r["region5"], "rule": ReminderRule.CONFERENCE_UPCOMING, "days": "7"},
    ),
    Row("reminder-setting-delete", "POST", "/org/reminders/{reminder_setting_r5}/delete/", HQ_POST),
    Row("reminder-settings-list", "GET", "/api/v1/reminder-settings/", API_STAFF_READ),
    Row("reminder-settings-list", "POST", "/api/v1/reminder-settings/", API_HQ_CREATE, data=_new_api_setting),
    Row("reminder-settings-detail", "GET", "/api/v1/reminder-settings/{reminder_setting_r5}/", R5_SETTING),
    Row(
        "reminder-settings-detail",
        "PATCH",
        "/api/v1/reminder-settings/{reminder_setting_r5}/",
        API_HQ_WRITE,
        data={"days": [7]},
    ),
    Row(
        "reminder-settings-detail",
        "PUT",
        "/api/v1/reminder-settings/{reminder_setting_r5}/",
        API_HQ_WRITE,
        data=lambda r: {"branch": r["region5"], "rule": ReminderRule.CONFERENCE_UPCOMING, "days": [7]},
    ),
    Row(
        "reminder-settings-detail",
        "DELETE",
        "/api/v1/reminder-settings/{reminder_setting_r5}/",
        expect(anon=401, staff=403, portal=403, hq_admin=204),
    ),
    Row("reminder-settings-effective", "GET", "/api/v1/reminder-settings/effective/", API_STAFF_READ),
    Row(
        "reminder-settings-effective",
        "GET",
        "/api/v1/reminder-settings/effective/",
        expect(anon=401, staff=404, portal=403, hq_admin=200, r6_officer=200),
        data=lambda r: {"branch": r["region6"]},
        label="(Region VI)",
    ),
]
