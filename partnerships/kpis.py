"""The partnership figures: actuals for targets (registered in partnerships.progress) and, later, the dashboard."""

from django.db.models import Q

from crm.dates import year_bounds
from partnerships import progress
from partnerships.models import Agreement, Enrolment, Metric, Pledge, PledgeStatus


@progress.register(Metric.AGREEMENTS_SIGNED)
def agreements_signed(path: str, year: int) -> int:
    """Agreements of the subtree signed in the year, whatever happened to them since."""
    return Agreement.objects.filter(branch__path__startswith=path, signed_on__year=year).count()


@progress.register(Metric.PLEDGES_COLLECTED)
def pledges_collected(path: str, year: int) -> int:
    """Pledges signed in the year in the subtree's campaigns; withdrawn ones do not count."""
    return (
        Pledge.objects.filter(campaign__branch__path__startswith=path, signed_on__year=year)
        .exclude(status=PledgeStatus.WITHDRAWN)
        .count()
    )


@progress.register(Metric.PROGRAMME_MEMBERS)
def programme_members(path: str, year: int) -> int:
    """Members at the end of the year (or today for the current year): active then and not yet ended."""
    _start, end = year_bounds(year)
    return (
        Enrolment.objects.filter(branch__path__startswith=path, activated_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=end))
        .count()
    )
