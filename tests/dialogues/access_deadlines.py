"""Access rows: the working calendar and the deadline policy (pages and API)."""

from datetime import date

from crm.models import CalendarDay
from dialogues.models import DeadlinePolicy
from tests.access import LOGIN, MANAGER_PAGE, Row, builder, expect

HQ_POST = expect(anon=LOGIN, staff=403, portal=403, hq_admin=302)
HQ_PAGE = expect(anon=LOGIN, staff=403, portal=403, hq_admin=200)
API_READ = expect(anon=401, staff=200, portal=403)


@builder("dl_calendar_day")
def _calendar_day(refs) -> int:
    return CalendarDay.objects.create(day=date(2030, 9, 3), kind="day_off", name="Nghỉ bù Quốc khánh").pk


@builder("dl_policy")
def _policy(refs) -> int:
    return DeadlinePolicy.objects.create(
        category="classification", priority="", working_days=15, internal_working_days=10
    ).pk


ROWS: list[Row] = [
    Row("calendar-day-list", "GET", "/org/working-calendar/", MANAGER_PAGE),
    Row(
        "calendar-day-create",
        "POST",
        "/org/working-calendar/new/",
        HQ_POST,
        data={"day": "2030-09-04", "kind": "day_off", "name": "Nghỉ bù"},
    ),
    Row("calendar-day-delete", "POST", "/org/working-calendar/{dl_calendar_day}/delete/", HQ_POST),
    Row("deadline-policy-list", "GET", "/org/deadline-policies/", MANAGER_PAGE),
    Row(
        "deadline-policy-create",
        "POST",
        "/org/deadline-policies/new/",
        HQ_POST,
        data={"category": "valuation", "priority": "", "working_days": "15", "internal_working_days": "10"},
    ),
    Row("deadline-policy-edit", "GET", "/org/deadline-policies/{dl_policy}/edit/", HQ_PAGE),
    Row("deadline-policy-delete", "POST", "/org/deadline-policies/{dl_policy}/delete/", HQ_POST),
    Row("calendar-day-list", "GET", "/api/v1/calendar-days/", API_READ),
    Row(
        "calendar-day-list",
        "POST",
        "/api/v1/calendar-days/",
        expect(anon=401, staff=403, portal=403, hq_admin=201),
        data={"day": "2030-09-05", "kind": "day_off", "name": "Nghỉ bù"},
    ),
    Row("calendar-day-detail", "GET", "/api/v1/calendar-days/{dl_calendar_day}/", API_READ),
    Row(
        "calendar-day-detail",
        "DELETE",
        "/api/v1/calendar-days/{dl_calendar_day}/",
        expect(anon=401, staff=403, portal=403, hq_admin=204),
    ),
    Row("deadline-policy-list", "GET", "/api/v1/deadline-policies/", API_READ),
    Row(
        "deadline-policy-list",
        "POST",
        "/api/v1/deadline-policies/",
        expect(anon=401, staff=403, portal=403, hq_admin=201),
        data={"category": "valuation", "priority": "", "working_days": 15, "internal_working_days": 10},
    ),
    Row("deadline-policy-detail", "GET", "/api/v1/deadline-policies/{dl_policy}/", API_READ),
    Row(
        "deadline-policy-detail",
        "PATCH",
        "/api/v1/deadline-policies/{dl_policy}/",
        expect(anon=401, staff=403, portal=403, hq_admin=200),
        data={"working_days": 20},
    ),
    Row(
        "deadline-policy-detail",
        "DELETE",
        "/api/v1/deadline-policies/{dl_policy}/",
        expect(anon=401, staff=403, portal=403, hq_admin=204),
    ),
]
