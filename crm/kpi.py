"""The shape of a dashboard figure, shared by the apps' `kpis.py` and the dashboard that composes them.

Each app computes its own figures for a list of units and a list of periods at once — the current one and the same
period a year earlier — with conditional aggregation grouped by branch, then added up per unit's subtree in Python
(`grouped`), so the whole dashboard, or a league of every regional branch, runs a small, fixed number of queries
whatever the data size and the number of units.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
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
    under it."""

    unit: object  # a crm Branch

    @property
    def pk(self) -> int:
        return -self.unit.pk

    @property
    def path(self) -> str:
        return self.unit.path


@dataclass(frozen=True)
class Scope:
    """The rows a figure counts for one unit: the ids of the branches of its subtree (or the unit alone, `own`)."""

    pk: int
    path: str
    members: frozenset[int]
    own: bool = False


def resolve(units) -> list[Scope]:
    """Branches, OwnRecords or Scopes as Scopes: one query on the branch table (a few hundred units at most), none
    when they are Scopes already — resolve once and pass the scopes to every figure."""
    units = list(units)
    if all(isinstance(unit, Scope) for unit in units):
        return units
    from crm.models import Branch

    tree = list(Branch.objects.values_list("pk", "path"))
    scopes = []
    for unit in units:
        if isinstance(unit, Scope):
            scopes.append(unit)
        elif isinstance(unit, OwnRecords):
            scopes.append(Scope(unit.pk, unit.path, frozenset({unit.unit.pk}), own=True))
        else:
            members = frozenset(pk for pk, path in tree if path.startswith(unit.path))
            scopes.append(Scope(unit.pk, unit.path, members))
    return scopes


ADDITIVE = (Count, Sum)


def _per_branch(queryset, field: str, scopes: list[Scope], keys: tuple[str, ...], aggregates: dict):
    """The aggregates per branch (and keys): grouping by the branch's id needs no join with the branch table and no
    pattern match, and the branches' rows add up to any unit's."""
    for name, aggregate in aggregates.items():
        if not isinstance(aggregate, ADDITIVE):
            raise TypeError(f"{name}: only counts and sums add up across branches")
    if not field.endswith("__path"):
        raise ValueError(f"{field}: name the rows' branch path, e.g. branch__path")
    branch = field.removesuffix("__path") + "_id"
    members = sorted(set().union(*(scope.members for scope in scopes)))
    rows = queryset.filter(**{f"{branch}__in": members}).order_by().values(branch, *keys).annotate(**aggregates)
    return branch, rows


def _add(total: dict, row: dict, names) -> None:
    for name in names:
        value = row[name]
        if value is not None:
            total[name] = value if total[name] is None else total[name] + value


def grouped(queryset, field: str, units, **aggregates) -> dict[int, dict]:
    """`aggregates` (counts and sums) of `queryset` for each unit: {unit.pk: {name: value}}. `field` is the rows'
    branch path (e.g. "branch__path", "question__branch__path"); units are Branches (their subtree), OwnRecords or
    Scopes, and may overlap (a unit and the units under it). One query grouped by branch whatever the number of
    units; a unit without rows gets the empty aggregate (0 for counts, None for sums)."""
    scopes = resolve(units)
    empty = queryset.none().aggregate(**aggregates)
    result = {scope.pk: dict(empty) for scope in scopes}
    branch, rows = _per_branch(queryset, field, scopes, (), aggregates)
    for row in rows:
        for scope in scopes:
            if row[branch] in scope.members:
                _add(result[scope.pk], row, aggregates)
    return result


def grouped_by(queryset, field: str, units, *keys: str, **aggregates) -> dict[int, list[dict]]:
    """Like `grouped`, further split by `keys` (e.g. the channel): {unit.pk: [{key: …, name: value}, …]}."""
    scopes = resolve(units)
    empty = queryset.none().aggregate(**aggregates)
    found: dict[int, dict[tuple, dict]] = {scope.pk: {} for scope in scopes}
    branch, rows = _per_branch(queryset, field, scopes, keys, aggregates)
    for row in rows:
        key = tuple(row[k] for k in keys)
        for scope in scopes:
            if row[branch] in scope.members:
                total = found[scope.pk].setdefault(key, {**dict(zip(keys, key, strict=True)), **empty})
                _add(total, row, aggregates)
    return {pk: list(totals.values()) for pk, totals in found.items()}


def medians(queryset, field: str, value: str, units, **conditions: Q) -> dict[str, dict[int, Decimal | None]]:
    """The median of the whole-number `value` (working days) for each unit under each condition (e.g. one per
    period): {condition name: {unit.pk: median}}. One histogram query grouped by branch and value, counting each
    condition apart; exact, like PERCENTILE_CONT(0.5) (the mean of the two middle values for an even count), and the
    same on PostgreSQL and SQLite."""
    counts = {name: Count("pk", filter=condition) for name, condition in conditions.items()}
    histograms = grouped_by(queryset.filter(**{f"{value}__isnull": False}), field, units, value, **counts)
    return {
        name: {pk: median_of((row[value], row[name]) for row in rows) for pk, rows in histograms.items()}
        for name in conditions
    }


def total(rows: list[dict], names, empty=0) -> dict:
    """The rows of `grouped_by` added up over their keys (counts: 0 when there is no row)."""
    result = dict.fromkeys(names, empty)
    for row in rows:
        _add(result, row, names)
    return result


def median_of(histogram) -> Decimal | None:
    """The median of a histogram of (value, count) pairs, one decimal; None when empty."""
    counts = sorted((value, n) for value, n in histogram if n)
    total = sum(n for _value, n in counts)
    if not total:
        return None
    middle = [(total - 1) // 2, total // 2]  # 0-based ranks of the middle value(s)
    picked, seen = [], 0
    for value, n in counts:
        picked += [value for rank in middle if seen <= rank < seen + n]
        seen += n
    return (Decimal(sum(picked)) / len(picked)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


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
