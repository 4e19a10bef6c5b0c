"""Reporting periods: a month, a quarter, a half-year, a year or a custom range, written the same way in URLs, the
API and the reports ("2026-05", "2026-Q2", "2026-H1", "2026", "2026-01-15..2026-03-31"), and the same period a
year earlier for comparison."""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from crm.errors import DomainError

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
HALF = re.compile(r"^(\d{4})-H([12])$", re.IGNORECASE)
YEAR = re.compile(r"^(\d{4})$")
CUSTOM = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")
MAX_CUSTOM_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    kind: str  # month | quarter | half | year | custom
    start: date
    end: date  # inclusive

    @property
    def key(self) -> str:
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "half":
            return f"{self.start.year}-H{1 if self.start.month == 1 else 2}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label(self) -> str:
        if self.kind == "month":
            return _("Month %(month)s/%(year)s") % {"month": f"{self.start.month:02d}", "year": self.start.year}
        if self.kind == "quarter":
            return _("Quarter %(q)s/%(year)s") % {"q": (self.start.month - 1) // 3 + 1, "year": self.start.year}
        if self.kind == "half":
            if self.start.month == 1:
                return _("First six months of %(year)s") % {"year": self.start.year}
            return _("Last six months of %(year)s") % {"year": self.start.year}
        if self.kind == "year":
            return _("Year %(year)s") % {"year": self.start.year}
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    @property
    def year(self) -> int:
        """The year whose targets apply (the year the period ends in)."""
        return self.end.year

    def previous_year(self) -> "Period":
        """The same period a year earlier (29 February becomes the 28th)."""
        return Period(self.kind, _shift_year(self.start, -1), _shift_year(self.end, -1, end=True))

    def months(self) -> list[date]:
        """The first day of every month the period touches (the trend charts' x axis)."""
        found, day = [], self.start.replace(day=1)
        while day <= self.end:
            found.append(day)
            day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        return found

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def _shift_year(day: date, years: int, *, end: bool = False) -> date:
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    if end and day.day == calendar.monthrange(day.year, day.month)[1]:
        return date(year, day.month, last)
    return date(year, day.month, min(day.day, last))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse(value: str | None, *, today: date) -> Period:
    """A period from its key; empty means the year to date's year. A bad key is a DomainError on `period`."""
    value = (value or "").strip()
    if not value:
        return Period("year", date(today.year, 1, 1), date(today.year, 12, 31))
    if match := MONTH.match(value):
        year, month = int(match[1]), int(match[2])
        return Period("month", date(year, month, 1), _month_end(year, month))
    if match := QUARTER.match(value):
        year, quarter = int(match[1]), int(match[2])
        return Period("quarter", date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter))
    if match := HALF.match(value):
        year, half = int(match[1]), int(match[2])
        return Period("half", date(year, 1 if half == 1 else 7, 1), _month_end(year, 6 if half == 1 else 12))
    if match := YEAR.match(value):
        year = int(match[1])
        if 2000 <= year <= 2100:
            return Period("year", date(year, 1, 1), date(year, 12, 31))
    if match := CUSTOM.match(value):
        try:
            start, end = date.fromisoformat(match[1]), date.fromisoformat(match[2])
        except ValueError:
            start = end = None
        if start and end and start <= end and (end - start).days <= MAX_CUSTOM_DAYS:
            return Period("custom", start, end)
    raise DomainError(
        _(
            "“%(value)s” is not a period: use 2026-05 (a month), 2026-Q2, 2026-H1, 2026 or "
            "2026-01-01..2026-03-31 (at most three years)."
        )
        % {"value": value[:40]},
        field="period",
    )
