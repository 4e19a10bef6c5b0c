"""The dialogues app's figures: those behind targets (registered in partnerships.progress: conferences held,
questions answered on time, satisfaction) and its sections of the dashboard (crm.dashboard composes them)."""

import statistics
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Aggregate, Avg, Count, F, FloatField, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.kpi import Kpi, Section, date_range, day_range, percent
from dialogues.models import (
    HELD_STATUSES,
    QUESTION_OPEN,
    ActionStatus,
    Attendee,
    BankDeflection,
    BankEntry,
    BankStatus,
    Conference,
    ConferenceStatus,
    FollowUpAction,
    Invitation,
    Question,
    QuestionChannel,
    QuestionStatus,
    Rating,
    Registration,
    RegistrationStatus,
)
from dialogues.models.actions import ACTION_OPEN
from partnerships import progress
from partnerships.models import Metric


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
    return percent(counts["on_time"], counts["total"])


@progress.register(Metric.SATISFACTION_PCT)
def satisfaction_pct(path: str, year: int) -> Decimal | None:
    """Of the ratings given in the year to the subtree's answers, the share scoring 4 or 5."""
    counts = Rating.objects.filter(question__branch__path__startswith=path, rated_at__year=year).aggregate(
        total=Count("pk"), satisfied=Count("pk", filter=Q(score__gte=4))
    )
    return percent(counts["satisfied"], counts["total"])


# ------------------------------------------------------------------------------------------------ the dashboard


def _median(queryset, field: str) -> Decimal | None:
    """The median of `field` (PERCENTILE_CONT on PostgreSQL; computed in Python on the SQLite demo)."""
    if connection.vendor == "postgresql":
        value = queryset.aggregate(m=Median(field))["m"]
    else:
        values = sorted(v for v in queryset.values_list(field, flat=True) if v is not None)
        value = statistics.median(values) if values else None
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class Median(Aggregate):
    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def question_kpis(path: str, periods, today) -> list[Kpi]:
    """Questions received (by channel), answered on time, working days to first response and to answer (median),
    open backlog by age, open escalations, and satisfaction with answers. Merged duplicates do not count."""
    questions = Question.objects.filter(branch__path__startswith=path, merged_into__isnull=True).order_by()
    received: dict[str, Count] = {}
    for i, period in enumerate(periods):
        in_period = day_range(period, "received_at")
        answered = day_range(period, "answered_at")
        received[f"received_{i}"] = Count("pk", filter=in_period)
        received[f"answered_{i}"] = Count("pk", filter=answered)
        received[f"on_time_{i}"] = Count("pk", filter=answered & Q(answered_on_time=True))
        received[f"escalated_{i}"] = Count("pk", filter=in_period & Q(escalated_at__isnull=False))
    now = timezone.now()
    open_now = Q(status__in=QUESTION_OPEN)
    received.update(
        backlog_7=Count("pk", filter=open_now & Q(received_at__gte=now - timedelta(days=7))),
        backlog_30=Count(
            "pk",
            filter=open_now & Q(received_at__lt=now - timedelta(days=7), received_at__gte=now - timedelta(days=30)),
        ),
        backlog_old=Count("pk", filter=open_now & Q(received_at__lt=now - timedelta(days=30))),
        escalations_open=Count("pk", filter=Q(status=QuestionStatus.ESCALATED)),
    )
    counts = questions.aggregate(**received)
    current = periods[0]
    by_channel = dict(
        questions.filter(day_range(current, "received_at"))
        .values_list("channel")
        .annotate(n=Count("pk"))
        .values_list("channel", "n")
    )
    channel_labels = dict(QuestionChannel.choices)
    first_response = [
        _median(questions.filter(day_range(p, "first_response_at")), "first_response_working_days") for p in periods
    ]
    to_answer = [_median(questions.filter(day_range(p, "answered_at")), "answer_working_days") for p in periods]
    ratings = Rating.objects.filter(question__branch__path__startswith=path).order_by()
    rated = {}
    for i, period in enumerate(periods):
        in_period = day_range(period, "rated_at") & Q(score__isnull=False)
        rated[f"n_{i}"] = Count("pk", filter=in_period)
        rated[f"good_{i}"] = Count("pk", filter=in_period & Q(score__gte=4))
        rated[f"mean_{i}"] = Avg("score", filter=in_period)
    scores = ratings.aggregate(**rated)
    n = range(len(periods))
    return [
        Kpi(
            "questions.received",
            _("Questions received"),
            [counts[f"received_{i}"] for i in n],
            definition=_("Questions received in the period from every channel (merged duplicates excluded)."),
            drill="question-list",
            breakdown=[(str(channel_labels.get(k, k)), v) for k, v in sorted(by_channel.items(), key=lambda x: -x[1])],
        ),
        Kpi(
            "questions.on_time_rate",
            _("Answered on time"),
            [percent(counts[f"on_time_{i}"], counts[f"answered_{i}"]) for i in n],
            unit="percent",
            metric=Metric.ANSWERED_ON_TIME_PCT,
            definition=_(
                "Of the questions answered in the period, the share answered by their due date (working days, "
                "holidays and pauses excluded)."
            ),
            drill="question-list",
        ),
        Kpi(
            "questions.median_first_response_days",
            _("Median working days to first response"),
            first_response,
            unit="days",
            definition=_(
                "Median of the working days from receipt to the first response, for first responses in the period."
            ),
        ),
        Kpi(
            "questions.median_answer_days",
            _("Median working days to answer"),
            to_answer,
            unit="days",
            definition=_(
                "Median of the working days from receipt to the answer (pauses excluded), for answers in the period."
            ),
        ),
        Kpi(
            "questions.backlog",
            _("Open questions"),
            [counts["backlog_7"] + counts["backlog_30"] + counts["backlog_old"]],
            definition=_("Questions still open today, by age since receipt."),
            drill="question-list",
            breakdown=[
                (_("0–7 days"), counts["backlog_7"]),
                (_("8–30 days"), counts["backlog_30"]),
                (_("Over 30 days"), counts["backlog_old"]),
            ],
        ),
        Kpi(
            "questions.escalations_open",
            _("Escalations open"),
            [counts["escalations_open"]],
            definition=_("Questions escalated to a higher level and still waiting for its reply, today."),
            drill="question-list?view=escalated",
        ),
        Kpi(
            "answers.satisfaction_rate",
            _("Satisfied with the answer"),
            [percent(scores[f"good_{i}"], scores[f"n_{i}"]) for i in n],
            unit="percent",
            metric=Metric.SATISFACTION_PCT,
            definition=_("Of the ratings given in the period, the share scoring 4 or 5 out of 5."),
        ),
        Kpi(
            "answers.satisfaction_mean",
            _("Mean rating"),
            [
                None if scores[f"mean_{i}"] is None else Decimal(str(scores[f"mean_{i}"])).quantize(Decimal("0.01"))
                for i in n
            ],
            unit="score",
            definition=_("Mean score (1–5) of the ratings given in the period."),
        ),
    ]


def bank_kpis(path: str, periods, today) -> list[Kpi]:
    """Question-bank entries published and needing an update, views, and deflections: questions the bank answered
    before they were sent, as a share of those plus the portal questions sent."""
    entries = BankEntry.objects.filter(branch__path__startswith=path).order_by()
    figures = {
        "n_live": Count("pk", filter=Q(live=True)),
        "n_stale": Count("pk", filter=Q(status=BankStatus.NEEDS_UPDATE)),
        "n_views": Sum("view_count", filter=Q(live=True)),
    }
    for i, period in enumerate(periods):
        figures[f"published_{i}"] = Count("pk", filter=day_range(period, "first_published_at"))
    counts = entries.aggregate(**figures)
    deflections = BankDeflection.objects.filter(enterprise__managing_branch__path__startswith=path).order_by()
    portal = Question.objects.filter(
        branch__path__startswith=path, channel=QuestionChannel.PORTAL, merged_into__isnull=True
    ).order_by()
    deflected = deflections.aggregate(
        **{f"d_{i}": Count("pk", filter=day_range(p, "at")) for i, p in enumerate(periods)}
    )
    sent = portal.aggregate(
        **{f"q_{i}": Count("pk", filter=day_range(p, "received_at")) for i, p in enumerate(periods)}
    )
    n = range(len(periods))
    return [
        Kpi(
            "bank.published",
            _("Question-bank entries published"),
            [counts[f"published_{i}"] for i in n],
            definition=_("Entries first published in the period."),
            drill="bank-entry-list",
        ),
        Kpi(
            "bank.live",
            _("Entries in the public bank"),
            [counts["n_live"]],
            definition=_("Entries the public can read today."),
            drill="bank-entry-list",
        ),
        Kpi(
            "bank.stale",
            _("Entries needing an update"),
            [counts["n_stale"]],
            definition=_("Public entries flagged because a cited document changed or the review date passed, today."),
            drill="bank-entry-list?tab=needs_update",
        ),
        Kpi(
            "bank.views",
            _("Views of public entries"),
            [counts["n_views"] or 0],
            definition=_("Views of the entries public today, since they were published."),
        ),
        Kpi(
            "bank.deflections",
            _("Questions answered by the bank"),
            [deflected[f"d_{i}"] for i in n],
            definition=_("Times a business found its answer among the suggestions and did not send its question."),
        ),
        Kpi(
            "bank.deflection_rate",
            _("Deflection rate"),
            [percent(deflected[f"d_{i}"], deflected[f"d_{i}"] + sent[f"q_{i}"]) for i in n],
            unit="percent",
            definition=_("Deflections ÷ (deflections + questions sent through the portal) in the period."),
        ),
    ]


def conference_kpis(path: str, periods, today) -> list[Kpi]:
    """Conferences planned, held (report filed) and closed (follow-up closed) among those starting in the period;
    enterprises invited, registered and attending, and the attendance rate (attending ÷ invited)."""
    conferences = Conference.objects.filter(branch__path__startswith=path).order_by()
    figures = {}
    for i, period in enumerate(periods):
        in_period = day_range(period, "starts_at")
        figures[f"planned_{i}"] = Count("pk", filter=in_period & ~Q(status=ConferenceStatus.CANCELLED))
        figures[f"held_{i}"] = Count("pk", filter=in_period & Q(status__in=HELD_STATUSES))
        figures[f"closed_{i}"] = Count("pk", filter=in_period & Q(status=ConferenceStatus.FOLLOW_UP_CLOSED))
    counts = conferences.aggregate(**figures)
    held = {"conference__branch__path__startswith": path, "conference__status__in": HELD_STATUSES}
    ranges = [day_range(period, "conference__starts_at") for period in periods]
    n = range(len(periods))
    invitations = Invitation.objects.filter(**held).order_by()
    invited_counts = invitations.aggregate(**{f"i_{i}": Count("pk", filter=ranges[i]) for i in n})
    registrations = Registration.objects.filter(**held, status=RegistrationStatus.REGISTERED).order_by()
    registered_counts = registrations.aggregate(**{f"r_{i}": Count("pk", filter=ranges[i]) for i in n})
    # An enterprise attended when someone of its registration checked in (walk-ins register on the spot).
    attendees = Attendee.objects.filter(**held, checked_in_at__isnull=False, registration__isnull=False).order_by()
    attending_counts = attendees.aggregate(
        **{f"a_{i}": Count("registration_id", distinct=True, filter=ranges[i]) for i in n}
    )
    invited = [invited_counts[f"i_{i}"] for i in n]
    registered = [registered_counts[f"r_{i}"] for i in n]
    attending = [attending_counts[f"a_{i}"] for i in n]
    return [
        Kpi(
            "conferences.planned",
            _("Conferences planned"),
            [counts[f"planned_{i}"] for i in n],
            definition=_("Conferences starting in the period, not cancelled."),
            drill="conference-list",
        ),
        Kpi(
            "conferences.held",
            _("Conferences held"),
            [counts[f"held_{i}"] for i in n],
            metric=Metric.CONFERENCES_HELD,
            definition=_("Conferences starting in the period whose report is filed."),
            drill="conference-list",
        ),
        Kpi(
            "conferences.closed",
            _("Conferences with follow-up closed"),
            [counts[f"closed_{i}"] for i in n],
            definition=_("Conferences starting in the period whose every follow-up action is settled."),
            drill="conference-list?status=follow_up_closed",
        ),
        Kpi(
            "conferences.invited",
            _("Enterprises invited"),
            invited,
            definition=_("Invitations to the conferences held in the period."),
        ),
        Kpi(
            "conferences.registered",
            _("Registrations"),
            registered,
            definition=_("Confirmed registrations for the conferences held in the period."),
        ),
        Kpi(
            "conferences.attendance_rate",
            _("Attendance rate"),
            [percent(attending[i], invited[i]) for i in n],
            unit="percent",
            definition=_(
                "Invited enterprises with someone checked in ÷ enterprises invited, for the conferences "
                "held in the period."
            ),
        ),
    ]


def action_kpis(path: str, periods, today) -> list[Kpi]:
    """Follow-up actions due in the period and the share done by their due date; actions overdue today by the
    responsible unit."""
    actions = FollowUpAction.objects.filter(branch__path__startswith=path).order_by()
    n = range(len(periods))
    figures = {}
    for i, period in enumerate(periods):
        due = date_range(period, "due_on") & ~Q(status=ActionStatus.CANCELLED)
        figures[f"due_{i}"] = Count("pk", filter=due)
        figures[f"on_time_{i}"] = Count("pk", filter=due & Q(status=ActionStatus.DONE, completed_on__lte=F("due_on")))
    figures["overdue"] = Count("pk", filter=Q(status__in=ACTION_OPEN, due_on__lt=today))
    counts = actions.aggregate(**figures)
    by_unit = (
        actions.filter(status__in=ACTION_OPEN, due_on__lt=today)
        .values_list("branch__short_name", "branch__name_vi")
        .annotate(n=Count("pk"))
        .order_by("-n")[:8]
    )
    return [
        Kpi(
            "actions.done_on_time_rate",
            _("Follow-up actions done on time"),
            [percent(counts[f"on_time_{i}"], counts[f"due_{i}"]) for i in n],
            unit="percent",
            definition=_(
                "Of the actions due in the period (cancelled ones excluded), the share done by their due date."
            ),
            drill="action-list",
        ),
        Kpi(
            "actions.due",
            _("Follow-up actions due"),
            [counts[f"due_{i}"] for i in n],
            definition=_("Actions due in the period, cancelled ones excluded."),
            drill="action-list",
        ),
        Kpi(
            "actions.overdue",
            _("Follow-up actions overdue"),
            [counts["overdue"]],
            definition=_("Open actions past their due date, today, by responsible unit."),
            drill="action-list?view=overdue",
            breakdown=[(short or name, count) for short, name, count in by_unit],
        ),
    ]


def dashboard(path: str, periods, today) -> list[Section]:
    """The dialogues app's sections of the dashboard."""
    return [
        Section("conferences", _("Dialogue conferences"), conference_kpis(path, periods, today)),
        Section("questions", _("Questions and answers"), question_kpis(path, periods, today)),
        Section("bank", _("Question bank"), bank_kpis(path, periods, today)),
        Section("actions", _("Follow-up actions"), action_kpis(path, periods, today)),
    ]
