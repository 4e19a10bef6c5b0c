"""The dialogues figures behind targets (registered in partnerships.progress): conferences held, questions answered
on time and satisfaction with answers. The dashboard issue composes these with the other apps' figures."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from dialogues.models import HELD_STATUSES, Conference, Question, Rating
from partnerships import progress
from partnerships.models import Metric


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@progress.register(Metric.CONFERENCES_HELD)
def conferences_held(path: str, year: int) -> int:
    return Conference.objects.filter(
        branch__path__startswith=path, status__in=HELD_STATUSES, starts_at__year=year
    ).count()


@progress.register(Metric.ANSWERED_ON_TIME_PCT)
def answered_on_time_pct(path: str, year: int) -> Decimal | None:
    """Of the questions of the subtree answered in the year (merged duplicates excluded), the share answered by their
    due date; None when none was answered."""
    counts = Question.objects.filter(
        branch__path__startswith=path, answered_at__year=year, merged_into__isnull=True
    ).aggregate(total=Count("pk"), on_time=Count("pk", filter=Q(answered_on_time=True)))
    return _percent(counts["on_time"], counts["total"])


@progress.register(Metric.SATISFACTION_PCT)
def satisfaction_pct(path: str, year: int) -> Decimal | None:
    """Of the ratings given in the year to the subtree's answers, the share scoring 4 or 5."""
    counts = Rating.objects.filter(question__branch__path__startswith=path, rated_at__year=year).aggregate(
        total=Count("pk"), satisfied=Count("pk", filter=Q(score__gte=4))
    )
    return _percent(counts["satisfied"], counts["total"])
