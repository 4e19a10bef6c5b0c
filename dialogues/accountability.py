"""The public accountability page's summary by unit: a unit and each of its direct child units, with questions
answered this year and the share answered on time, agreements in force today and agreements signed this year.

Aggregates only (nothing about people or enterprises), with the dashboard's definitions (`questions.on_time_rate`,
`agreements.active`, `agreements.signed`). Four queries whatever the number of child units: the children, the
branch tree, and one query per figure family grouped by branch (crm.kpi.grouped adds them up for the unit and for
each child).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q

from crm.kpi import date_range, day_range, grouped, percent, resolve
from crm.models import Branch
from crm.periods import Period
from dialogues.models import Question
from partnerships.kpis import ACTIVE_NOW
from partnerships.models import Agreement


@dataclass(frozen=True)
class UnitFigures:
    branch: Branch
    whole: bool  # the page's own unit: its whole subtree, child units included
    answered: int
    on_time_rate: Decimal | None  # None: nothing answered this year
    agreements_active: int
    agreements_signed: int


def summary(branch: Branch, today: date) -> list[UnitFigures]:
    """The unit (first) then its direct child units active today, by code."""
    children = list(Branch.objects.filter(parent=branch).active_on(today).order_by("code"))
    year = Period("year", date(today.year, 1, 1), date(today.year, 12, 31))
    questions = Question.objects.filter(merged_into__isnull=True).filter(day_range(year, "answered_at"))
    question_figures = {"answered": Count("pk"), "on_time": Count("pk", filter=Q(answered_on_time=True))}
    agreement_figures = {
        "active": Count("pk", filter=Q(status__in=ACTIVE_NOW)),
        "signed": Count("pk", filter=date_range(year, "signed_on")),
    }
    units = resolve([branch, *children])
    answers = grouped(questions, "branch__path", units, **question_figures)
    agreements = grouped(Agreement.objects.all(), "branch__path", units, **agreement_figures)
    return [
        UnitFigures(
            branch=unit,
            whole=unit.pk == branch.pk,
            answered=answers[unit.pk]["answered"],
            on_time_rate=percent(answers[unit.pk]["on_time"], answers[unit.pk]["answered"]),
            agreements_active=agreements[unit.pk]["active"],
            agreements_signed=agreements[unit.pk]["signed"],
        )
        for unit in [branch, *children]
    ]
