"""The managers' dashboard: every app's figures (`kpis.dashboard`) for one unit's subtree and one period, with the same
period a year earlier and the unit's targets. A composition point: crm imports the apps here, and only here and in
the URLs.

A fixed number of queries whatever the data size: each app aggregates its figures for both periods at once
(conditional aggregation); the targets are one more query.
"""

from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils import timezone

from crm.kpi import Kpi, OwnRecords, Section, resolve
from crm.models import Branch
from crm.periods import Period

# Lists whose filters take the unit (with its subtree) as `branch`; the enterprises list calls it managing_branch.
UNIT_PARAM = {
    "question-list": "branch",
    "conference-list": "branch",
    "action-list": "branch",
    "agreement-list": "branch",
    "campaign-list": "branch",
    "programme-list": "branch",
    "enterprise-list": "managing_branch",
    "statistic-list": "branch",
}


@dataclass
class Dashboard:
    unit: Branch
    period: Period
    previous: Period
    sections: list[Section]

    def kpis(self) -> list[Kpi]:
        return [kpi for section in self.sections for kpi in section.kpis]


def drill_url(kpi: Kpi, unit: Branch) -> str:
    """The staff list behind a figure, filtered to the unit's subtree ("" when there is none)."""
    if not kpi.drill:
        return ""
    name, _sep, query = kpi.drill.partition("?")
    url = reverse(name)
    params = [query] if query else []
    if name in UNIT_PARAM and unit.depth > 0:
        params.append(f"{UNIT_PARAM[name]}={unit.pk}")
    return f"{url}?{'&'.join(params)}" if params else url


def _sections(units: list[Branch], periods: list[Period], today: date) -> dict[int, list[Section]]:
    """Every app's sections for each unit (a Branch's subtree, or OwnRecords), with the units' targets: one set of
    queries grouped by branch whatever the number of units."""
    from dialogues import kpis as dialogue_kpis
    from partnerships import kpis as partnership_kpis
    from partnerships.models import Target

    scopes = resolve(units)
    partnership = partnership_kpis.dashboard(scopes, periods, today)
    dialogue = dialogue_kpis.dashboard(scopes, periods, today)
    targets: dict[tuple[int, str], Target] = {
        (t.branch_id, t.metric): t
        for t in Target.objects.filter(
            branch__in=[u for u in units if isinstance(u, Branch)], year=periods[0].year
        ).only("branch_id", "metric", "assigned", "striving")
    }
    result = {}
    for unit in units:
        sections = [*partnership[unit.pk], *dialogue[unit.pk]]
        for section in sections:
            for kpi in section.kpis:
                target = targets.get((unit.pk, kpi.metric)) if kpi.metric else None
                if target is not None:
                    kpi.target, kpi.striving = target.assigned, target.striving
        result[unit.pk] = sections
    return result


def compose(*, unit: Branch, period: Period, today: date | None = None) -> Dashboard:
    """The dashboard of `unit` (its whole subtree) for `period`. The caller checks the user may see the unit."""
    today = today or timezone.localdate()
    periods = [period, period.previous_year()]
    return Dashboard(unit=unit, period=period, previous=periods[1], sections=_sections([unit], periods, today)[unit.pk])


@dataclass
class LeagueRow:
    unit: Branch
    kpis: dict[str, Kpi]
    rank: int | None = None
    own: bool = False  # the unit's own records (its staff), not its subtree


@dataclass
class League:
    """The units directly under `parent`, and the parent's own records (its own staff's work), side by side, ranked
    by one figure."""

    parent: Branch
    period: Period
    previous: Period
    columns: list[Kpi]  # the parent's own figures: the columns' labels, units and the total row
    rows: list[LeagueRow]
    sort: str
    descending: bool

    sections: list[Section] = field(default_factory=list)  # the parent's, for grouping the columns

    def column(self, key: str) -> Kpi | None:
        return next((kpi for kpi in self.columns if kpi.key == key), None)

    def section_of(self, key: str) -> str:
        return next((s.key for s in self.sections for kpi in s.kpis if kpi.key == key), "")


# Figures where less is better: a league sorted by them puts the smallest first by default.
LOWER_IS_BETTER = {
    "questions.median_first_response_days",
    "questions.median_answer_days",
    "questions.backlog",
    "questions.escalations_open",
    "actions.overdue",
    "agreements.expired",
    "bank.stale",
}
DEFAULT_SORT = "questions.on_time_rate"


def league(
    *, parent: Branch, period: Period, sort: str = "", descending: bool | None = None, today: date | None = None
) -> League:
    """The league of the units under `parent` (for headquarters: the regional branches) for `period`, sorted by the
    figure `sort` (unknown keys fall back to the on-time answer rate). Units without a value for the figure come
    last, in tree order. The same queries as one dashboard (grouped by branch, added up per unit), whatever the
    number of units."""
    today = today or timezone.localdate()
    periods = [period, period.previous_year()]
    children = list(Branch.objects.filter(parent=parent).order_by("path"))
    if children:
        children.append(OwnRecords(parent))
    sections = _sections([parent, *children], periods, today)
    parent_sections = sections[parent.pk]
    columns = [kpi for section in parent_sections for kpi in section.kpis]
    keys = {kpi.key for kpi in columns}
    if sort not in keys:
        sort = DEFAULT_SORT
    if descending is None:
        descending = sort not in LOWER_IS_BETTER
    rows = [
        LeagueRow(
            unit=child.unit if isinstance(child, OwnRecords) else child,
            own=isinstance(child, OwnRecords),
            kpis={kpi.key: kpi for section in sections[child.pk] for kpi in section.kpis},
        )
        for child in children
    ]
    valued = [row for row in rows if row.kpis[sort].value is not None]
    valued.sort(key=lambda row: (row.own, row.unit.path))
    valued.sort(key=lambda row: row.kpis[sort].value, reverse=descending)
    previous_value, rank = object(), 0
    for position, row in enumerate(valued, start=1):
        if row.kpis[sort].value != previous_value:
            rank, previous_value = position, row.kpis[sort].value
        row.rank = rank
    missing = sorted((row for row in rows if row.kpis[sort].value is None), key=lambda row: (row.own, row.unit.path))
    return League(
        parent=parent,
        period=period,
        previous=periods[1],
        columns=columns,
        rows=valued + missing,
        sort=sort,
        descending=descending,
        sections=parent_sections,
    )


def unit_for(user, wanted: str | None) -> Branch | None:
    """The unit asked for (by id) if the user may see it, else None; by default the user's own unit (headquarters:
    the whole tree)."""
    from crm import access

    visible = Branch.objects.visible_to(user)
    if wanted:
        return visible.filter(pk=int(wanted)).first() if str(wanted).isdigit() else None
    return access.home_branch(user) or visible.order_by("path").first()
