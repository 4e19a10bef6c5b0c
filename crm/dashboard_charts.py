"""The dashboard's charts: the apps' monthly trends (`trends.py`) drawn as SVG for one unit's subtree and period.
A composition point like crm.dashboard: crm imports the apps here. Six queries whatever the data size.

The caller checks the user may see the unit; templates/crm/_dashboard_charts.html shows the list.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from crm.charts import Series, bar_chart, line_chart
from crm.kpi import percent
from crm.models import Branch
from crm.periods import Period


@dataclass(frozen=True)
class Chart:
    key: str  # stable, e.g. "questions.by_month"
    title: str
    svg: SafeString


def month_label(month: date) -> str:
    """A month on a chart's axis, as Vietnamese administration writes it: 05/2026."""
    return f"{month:%m/%Y}"


def charts_for(unit: Branch, period: Period) -> list[Chart]:
    """Questions received, answered and answered on time by month; on-time rates (answers and follow-up actions) by
    month; agreements and pledges signed by month; questions received in the period by category."""
    from dialogues import trends as dialogue_trends
    from partnerships import trends as partnership_trends

    dialogues = dialogue_trends.monthly(unit, period)
    partnerships = partnership_trends.monthly(unit, period)
    labels = [month_label(month) for month in dialogues["months"]]
    actions_rate = [
        percent(done, due)
        for done, due in zip(dialogues["actions_done_on_time"], dialogues["actions_due"], strict=True)
    ]
    titles = {
        "questions.by_month": _("Questions received and answered on time, by month"),
        "on_time_rate.by_month": _("Share done on time, by month"),
        "signed.by_month": _("Agreements and pledges signed, by month"),
        "questions.by_category": _("Questions received by subject, %(period)s") % {"period": period.label},
    }
    svgs = {
        "questions.by_month": line_chart(
            title=titles["questions.by_month"],
            labels=labels,
            series=[
                Series(_("Received"), dialogues["received"]),
                Series(_("Answered"), dialogues["answered"]),
                Series(_("Answered on time"), dialogues["answered_on_time"]),
            ],
        ),
        "on_time_rate.by_month": line_chart(
            title=titles["on_time_rate.by_month"],
            labels=labels,
            series=[
                Series(_("Questions answered on time"), dialogues["on_time_rate"]),
                Series(_("Follow-up actions done on time"), actions_rate),
            ],
            unit="percent",
        ),
        "signed.by_month": line_chart(
            title=titles["signed.by_month"],
            labels=labels,
            series=[
                Series(_("Agreements signed"), partnerships["agreements_signed"]),
                Series(_("Pledges signed"), partnerships["pledges_signed"]),
            ],
        ),
        "questions.by_category": bar_chart(
            title=titles["questions.by_category"], items=dialogue_trends.by_category(unit, period)
        ),
    }
    return [Chart(key, title, svgs[key]) for key, title in titles.items()]
