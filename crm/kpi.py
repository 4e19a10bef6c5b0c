"""The shape of a dashboard figure, shared by the apps' `kpis.py` and the dashboard that composes them.

Each app computes its own figures for a subtree (a branch path prefix) and a list of periods at once — the current
one and the same period a year earlier — with conditional aggregation, so the whole dashboard runs a small, fixed
number of queries whatever the data size.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

Number = int | Decimal | None


def percent(part, whole) -> Decimal | None:
    """part ÷ whole as a percentage with one decimal; None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(100) * Decimal(part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def ratio(part, whole, places: str = "0.01") -> Decimal | None:
    if not whole or part is None:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def day_range(period, field: str) -> Q:
    """`field` (a datetime) within the period's local days."""
    start = timezone.make_aware(datetime.combine(period.start, time.min))
    end = timezone.make_aware(datetime.combine(period.end + timedelta(days=1), time.min))
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def date_range(period, field: str) -> Q:
    """`field` (a date) within the period."""
    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


@dataclass(frozen=True)
class OwnRecords:
    """A unit's own records without its subtree's: in a league, the row of the unit's own staff beside the units
    under it (disjoint from their subtrees)."""

    unit: object  # a crm Branch

    @property
    def pk(self) -> int:
        return -self.unit.pk

    @property
    def path(self) -> str:
        return self.unit.path


def _lookup(field: str, unit) -> dict:
    if isinstance(unit, OwnRecords):
        return {field: unit.path}
    return {f"{field}__startswith": unit.path}


def holds(unit, path: str) -> bool:
    """Whether a row whose branch path is `path` counts for `unit` (a Branch's subtree, or OwnRecords)."""
    return path == unit.path if isinstance(unit, OwnRecords) else path.startswith(unit.path)


def unit_of(field: str, units) -> Case:
    """The pk of the unit whose subtree holds the row (`field` is a branch path), for grouping by unit. The units'
    subtrees must not overlap (siblings, or a single unit)."""
    whens = [When(**_lookup(field, unit), then=Value(unit.pk)) for unit in units]
    return Case(*whens, default=None, output_field=IntegerField())


def in_units(field: str, units) -> Q:
    condition = Q(pk__in=[])
    for unit in units:
        condition |= Q(**_lookup(field, unit))
    return condition


def grouped(queryset, field: str, units, **aggregates) -> dict[int, dict]:
    """`aggregates` of `queryset` per unit's subtree (`field` is the rows' branch path): {unit.pk: {name: value}}.
    One query whatever the number of units; a unit without rows gets the empty aggregate (0 for counts, None else).
    """
    units = list(units)
    empty = queryset.none().aggregate(**aggregates)
    if len(units) == 1:
        unit = units[0]
        return {unit.pk: queryset.filter(**_lookup(field, unit)).order_by().aggregate(**aggregates)}
    rows = (
        queryset.filter(in_units(field, units))
        .annotate(_unit=unit_of(field, units))
        .order_by()
        .values("_unit")
        .annotate(**aggregates)
    )
    found = {row.pop("_unit"): row for row in rows}
    return {unit.pk: found.get(unit.pk) or dict(empty) for unit in units}


def grouped_by(queryset, field: str, units, *keys: str, **aggregates) -> dict[int, list[dict]]:
    """Like `grouped`, further split by `keys` (e.g. the channel): {unit.pk: [{key: …, name: value}, …]}."""
    units = list(units)
    rows = (
        queryset.filter(in_units(field, units))
        .annotate(_unit=unit_of(field, units))
        .order_by()
        .values("_unit", *keys)
        .annotate(**aggregates)
    )
    result: dict[int, list[dict]] = {unit.pk: [] for unit in units}
    for row in rows:
        result[row.pop("_unit")].append(row)
    return result


@dataclass
class Kpi:
    """One figure: its value for each period asked (current first), its unit, and where the list behind it is."""

    key: str  # stable, e.g. "questions.on_time_rate": the API's definition key
    label: str
    values: list[Number]
    unit: str = "count"  # count | percent | days | score | vnd | usd
    definition: str = ""
    drill: str = ""  # the staff list behind the number, with its filters (no unit or period: the page adds them)
    metric: str = ""  # the target metric (partnerships.Metric) when targets exist for it
    target: Decimal | None = None
    striving: Decimal | None = None
    breakdown: list[tuple[str, Number]] = field(default_factory=list)  # e.g. by channel, by age

    @property
    def value(self) -> Number:
        return self.values[0] if self.values else None

    @property
    def previous(self) -> Number:
        return self.values[1] if len(self.values) > 1 else None

    @property
    def progress(self) -> Decimal | None:
        """Value ÷ assigned target, as a percentage."""
        if self.target is None or self.value is None:
            return None
        return percent(self.value, self.target)

    @property
    def change(self) -> Decimal | None:
        """Change from the same period last year, as a percentage of last year's value (counts and amounts);
        percentage points for rates."""
        if self.value is None or self.previous is None:
            return None
        if self.unit == "percent":
            return Decimal(self.value) - Decimal(self.previous)
        if not self.previous:
            return None
        return percent(Decimal(self.value) - Decimal(self.previous), self.previous)


@dataclass
class Section:
    key: str
    title: str
    kpis: list[Kpi]
