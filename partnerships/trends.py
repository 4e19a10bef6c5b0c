"""The partnership figures month by month, for the dashboard's trend charts (crm.dashboard_charts draws them).

Definitions are the dashboard's (partnerships.kpis): an agreement counts in the month it was signed whatever happened
to it since; a pledge counts in the month it was signed unless withdrawn.
"""

from django.db.models import Count

from crm import trends
from crm.models import Branch
from crm.periods import Period
from partnerships.models import Agreement, Pledge, PledgeStatus


def monthly(unit: Branch, period: Period) -> dict:
    """The unit's subtree month by month over the trend window (crm.trends.window): `months` (first days, oldest
    first) and, aligned with them, `agreements_signed` and `pledges_signed`. Two queries."""
    span = trends.window(period)
    agreements = trends.per_month(
        Agreement.objects.filter(branch__path__startswith=unit.path), "signed_on", span, n=Count("pk")
    )
    pledges = trends.per_month(
        Pledge.objects.filter(campaign__branch__path__startswith=unit.path).exclude(status=PledgeStatus.WITHDRAWN),
        "signed_on",
        span,
        n=Count("pk"),
    )
    return {
        "months": span.months(),
        "agreements_signed": [month["n"] for month in agreements],
        "pledges_signed": [month["n"] for month in pledges],
    }
