"""Vietnamese working days: Monday to Friday, minus the statutory public holidays (Tết included, from the `holidays`
package), plus the Saturdays the Government swaps for a bridge day; then the exceptions an administrator adds
(crm.CalendarDay: extra days off, make-up working days) override both.

Deadlines are counted in working days from the day after the start: a question received on Friday with a 2-day
deadline is due on Tuesday. Callers that count many dates at once pass a `Calendar` built once for the range.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _statutory(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(days off, weekend days worked in exchange) that the Government set for the year."""
    calendar = holidays.country_holidays("VN", years=year)
    return frozenset(calendar.keys()), frozenset(calendar.weekend_workdays)


class Calendar:
    """Working-day arithmetic with the administrator's exceptions read once (one query per Calendar)."""

    def __init__(self, exceptions: dict[date, str] | None = None):
        if exceptions is None:
            from crm.models import CalendarDay

            exceptions = dict(CalendarDay.objects.values_list("day", "kind"))
        self.exceptions = exceptions

    def is_working_day(self, day: date) -> bool:
        kind = self.exceptions.get(day)
        if kind is not None:
            return kind == "working_day"
        days_off, weekend_workdays = _statutory(day.year)
        if day in weekend_workdays:
            return True
        return day.weekday() < 5 and day not in days_off

    def add(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (start itself not counted); `start` when days is 0."""
        if days < 0:
            raise ValueError("days must not be negative")
        day = start
        remaining = days
        while remaining:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


def add_working_days(start: date, days: int) -> date:
    return Calendar().add(start, days)


def working_days_between(start: date, end: date) -> int:
    return Calendar().between(start, end)
