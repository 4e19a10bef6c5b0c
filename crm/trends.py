"""The trend charts' time axis, shared by the apps' `trends.py`: which months a period's trend covers, and a figure
per month from one grouped query (months truncated in the local timezone, on PostgreSQL and on the SQLite demo)."""

from datetime import date

from django.db.models import Case, DateField, DateTimeField, F, Q, QuerySet, When
from django.db.models.functions import TruncMonth

from crm.kpi import date_range, day_range
from crm.periods import Period

SHORTEST = 3  # months: a shorter period is shown within the twelve months ending with it


def window(period: Period) -> Period:
    """The span a trend covers: the period itself when it touches three months or more, else the twelve months
    ending with its last month (a month alone is no trend). The span ends when the period ends, so its last month is
    partial only when the period is a custom range."""
    months = period.months()
    if len(months) >= SHORTEST:
        return period
    last = months[-1]
    index = last.year * 12 + last.month - 1 - 11
    return Period("custom", date(index // 12, index % 12 + 1, 1), period.end)


def in_window(queryset: QuerySet, field: str, span: Period):
    """The Q keeping the rows whose `field` (a date, or a datetime read as a local day) falls in the span."""
    if isinstance(queryset.model._meta.get_field(field), DateTimeField):
        return day_range(span, field)
    return date_range(span, field)


def month_of(field: str, when: Q | None = None) -> TruncMonth:
    """The first day of the (local) month of `field`, as a date. With `when` (`field` must then be a datetime), None
    for the rows not matching it."""
    if when is None:
        return TruncMonth(field, output_field=DateField())
    # The condition goes inside the truncation, so that the conversion of its result to a date still applies.
    return TruncMonth(Case(When(when, then=F(field)), output_field=DateTimeField()), output_field=DateField())


def per_month(queryset: QuerySet, field: str, span: Period, **aggregates) -> list[dict]:
    """`aggregates` of the rows whose `field` falls in the span, per month of `field`: one dict per month of the
    span, oldest first; a month without rows gets the empty aggregate (0 for counts). One query."""
    rows = (
        queryset.filter(in_window(queryset, field, span))
        .annotate(_month=month_of(field))
        .order_by()
        .values("_month")
        .annotate(**aggregates)
    )
    found = {row.pop("_month"): row for row in rows}
    empty = queryset.none().aggregate(**aggregates)
    return [found.get(month) or dict(empty) for month in span.months()]
