"""The dialogues app's figures month by month, for the dashboard's trend charts (crm.dashboard_charts draws them).

Definitions are the dashboard's (dialogues.kpis): merged duplicate questions never count; a question counts as
answered, and answered on time or not, in the month of its answer; a conference counts as held in the month it
starts once its report is filed; a follow-up action counts in the month it is due, cancelled ones excluded, and as
done on time when done by its due date.
"""

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from crm import trends
from crm.kpi import day_range, percent
from crm.models import Branch
from crm.periods import Period
from dialogues.models import HELD_STATUSES, ActionStatus, Conference, FollowUpAction, Question, QuestionCategory


def _questions(unit: Branch, span: Period) -> tuple[list[int], list[int], list[int]]:
    """Received, answered and answered on time per month of the span, in one query: the rows are grouped by the pair
    (month received, month answered), each side kept only when it falls in the span, and summed on each side."""
    months = {month: i for i, month in enumerate(span.months())}
    received_in, answered_in = day_range(span, "received_at"), day_range(span, "answered_at")
    rows = (
        Question.objects.filter(branch__path__startswith=unit.path, merged_into__isnull=True)
        .filter(received_in | answered_in)
        .annotate(
            received_month=trends.month_of("received_at", when=received_in),
            answered_month=trends.month_of("answered_at", when=answered_in),
        )
        .order_by()
        .values("received_month", "answered_month")
        .annotate(n=Count("pk"), on_time=Count("pk", filter=Q(answered_on_time=True)))
    )
    received, answered, on_time = ([0] * len(months) for _i in range(3))
    for row in rows:
        if row["received_month"] in months:
            received[months[row["received_month"]]] += row["n"]
        if row["answered_month"] in months:
            answered[months[row["answered_month"]]] += row["n"]
            on_time[months[row["answered_month"]]] += row["on_time"]
    return received, answered, on_time


def monthly(unit: Branch, period: Period) -> dict:
    """The unit's subtree month by month over the trend window (crm.trends.window): `months` (first days, oldest
    first) and, aligned with them, questions `received`, `answered`, `answered_on_time` and `on_time_rate` (a
    percentage, None in a month without answers), `conferences_held`, follow-up `actions_due` and
    `actions_done_on_time`. Three queries."""
    span = trends.window(period)
    received, answered, on_time = _questions(unit, span)
    conferences = trends.per_month(
        Conference.objects.filter(branch__path__startswith=unit.path, status__in=HELD_STATUSES),
        "starts_at",
        span,
        n=Count("pk"),
    )
    actions = trends.per_month(
        FollowUpAction.objects.filter(branch__path__startswith=unit.path).exclude(status=ActionStatus.CANCELLED),
        "due_on",
        span,
        due=Count("pk"),
        on_time=Count("pk", filter=Q(status=ActionStatus.DONE, completed_on__lte=F("due_on"))),
    )
    return {
        "months": span.months(),
        "received": received,
        "answered": answered,
        "answered_on_time": on_time,
        "on_time_rate": [percent(part, whole) for part, whole in zip(on_time, answered, strict=True)],
        "conferences_held": [month["n"] for month in conferences],
        "actions_due": [month["due"] for month in actions],
        "actions_done_on_time": [month["on_time"] for month in actions],
    }


def by_category(unit: Branch, period: Period, limit: int = 10) -> list[tuple[str, int]]:
    """Questions received in the period by the unit's subtree, per category, most asked first (ties by label); past
    `limit` categories the rest are added up in a last line. One query."""
    labels = dict(QuestionCategory.choices)
    rows = (
        Question.objects.filter(branch__path__startswith=unit.path, merged_into__isnull=True)
        .filter(day_range(period, "received_at"))
        .order_by()
        .values_list("category")
        .annotate(n=Count("pk"))
        .values_list("category", "n")
    )
    counted = sorted(((str(labels.get(key, key)), n) for key, n in rows), key=lambda item: (-item[1], item[0]))
    if len(counted) <= limit:
        return counted
    head, rest = counted[: limit - 1], counted[limit - 1 :]
    return [*head, (_("Other subjects (%(count)s)") % {"count": len(rest)}, sum(n for _label, n in rest))]
