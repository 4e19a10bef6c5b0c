"""The managers' dashboard: every app's figures (`kpis.dashboard`) for one unit's subtree and one period, with the same
period a year earlier and the unit's targets. A composition point: crm imports the apps here, and only here and in
the URLs.

A fixed number of queries whatever the data size: each app aggregates its figures for both periods at once
(conditional aggregation); the targets are one more query.
"""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils import timezone

from crm.kpi import Kpi, Section
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


def compose(*, unit: Branch, period: Period, today: date | None = None) -> Dashboard:
    """The dashboard of `unit` (its whole subtree) for `period`. The caller checks the user may see the unit."""
    from dialogues import kpis as dialogue_kpis
    from partnerships import kpis as partnership_kpis
    from partnerships.models import Target

    today = today or timezone.localdate()
    periods = [period, period.previous_year()]
    sections = [
        *partnership_kpis.dashboard(unit.path, periods, today),
        *dialogue_kpis.dashboard(unit.path, periods, today),
    ]
    targets = {
        t.metric: t for t in Target.objects.filter(branch=unit, year=period.year).only("metric", "assigned", "striving")
    }
    for section in sections:
        for kpi in section.kpis:
            target = targets.get(kpi.metric) if kpi.metric else None
            if target is not None:
                kpi.target, kpi.striving = target.assigned, target.striving
    return Dashboard(unit=unit, period=period, previous=periods[1], sections=sections)


def unit_for(user, wanted: str | None) -> Branch | None:
    """The unit asked for (by id) if the user may see it, else None; by default the user's own unit (headquarters:
    the whole tree)."""
    from crm import access

    visible = Branch.objects.visible_to(user)
    if wanted:
        return visible.filter(pk=int(wanted)).first() if str(wanted).isdigit() else None
    return access.home_branch(user) or visible.order_by("path").first()
