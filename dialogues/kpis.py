"""The dialogues app's figures: those behind targets (registered in partnerships.progress: conferences held,
questions answered on time, satisfaction) and its sections of the dashboard (crm.dashboard composes them)."""

from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.kpi import Kpi, Section, date_range, day_range, grouped, grouped_by, medians, percent, ratio, total
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


BACKLOG = ("backlog_7", "backlog_30", "backlog_old", "escalations_open")


def question_counts(units, periods, today) -> dict[int, list[dict]]:
    """The questions' counts per unit and channel, both periods at once (merged duplicates excluded): one query
    shared by the questions' figures (by channel and in all) and the bank's deflection rate (the portal's)."""
    figures: dict[str, Count] = {}
    for i, period in enumerate(periods):
        in_period = day_range(period, "received_at")
        answered = day_range(period, "answered_at")
        figures[f"received_{i}"] = Count("pk", filter=in_period)
        figures[f"answered_{i}"] = Count("pk", filter=answered)
        figures[f"on_time_{i}"] = Count("pk", filter=answered & Q(answered_on_time=True))
        figures[f"escalated_{i}"] = Count("pk", filter=in_period & Q(escalated_at__isnull=False))
    now = timezone.now()
    open_now = Q(status__in=QUESTION_OPEN)
    figures.update(
        backlog_7=Count("pk", filter=open_now & Q(received_at__gte=now - timedelta(days=7))),
        backlog_30=Count(
            "pk",
            filter=open_now & Q(received_at__lt=now - timedelta(days=7), received_at__gte=now - timedelta(days=30)),
        ),
        backlog_old=Count("pk", filter=open_now & Q(received_at__lt=now - timedelta(days=30))),
        escalations_open=Count("pk", filter=Q(status=QuestionStatus.ESCALATED)),
    )
    questions = Question.objects.filter(merged_into__isnull=True)
    return grouped_by(questions, "branch__path", units, "channel", **figures)


def question_kpis(units, periods, today, by_channel=None) -> dict[int, list[Kpi]]:
    """Questions received (by channel), answered on time, working days to first response and to answer (median),
    open backlog by age, open escalations, and satisfaction with answers. Merged duplicates do not count."""
    by_channel = by_channel or question_counts(units, periods, today)
    questions = Question.objects.filter(merged_into__isnull=True)
    first_response = medians(
        questions,
        "branch__path",
        "first_response_working_days",
        units,
        **{f"p_{i}": day_range(p, "first_response_at") for i, p in enumerate(periods)},
    )
    to_answer = medians(
        questions,
        "branch__path",
        "answer_working_days",
        units,
        **{f"p_{i}": day_range(p, "answered_at") for i, p in enumerate(periods)},
    )
    rated = {}
    for i, period in enumerate(periods):
        in_period = day_range(period, "rated_at") & Q(score__isnull=False)
        rated[f"n_{i}"] = Count("pk", filter=in_period)
        rated[f"good_{i}"] = Count("pk", filter=in_period & Q(score__gte=4))
        rated[f"sum_{i}"] = Sum("score", filter=in_period)
    scores = grouped(Rating.objects.all(), "question__branch__path", units, **rated)
    n = range(len(periods))
    names = [*(f"{k}_{i}" for i in n for k in ("received", "answered", "on_time", "escalated")), *BACKLOG]
    return {
        unit.pk: _question_figures(
            total(by_channel[unit.pk], names),
            by_channel[unit.pk],
            [first_response[f"p_{i}"][unit.pk] for i in n],
            [to_answer[f"p_{i}"][unit.pk] for i in n],
            scores[unit.pk],
            n,
        )
        for unit in units
    }


def _question_figures(counts, by_channel, first_response, to_answer, scores, n) -> list[Kpi]:
    channel_labels = dict(QuestionChannel.choices)
    return [
        Kpi(
            "questions.received",
            _("Questions received"),
            [counts[f"received_{i}"] for i in n],
            definition=_("Questions received in the period from every channel (merged duplicates excluded)."),
            drill="question-list",
            breakdown=[
                (str(channel_labels.get(row["channel"], row["channel"])), row["received_0"])
                for row in sorted(by_channel, key=lambda row: -row["received_0"])
                if row["received_0"]
            ],
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
            [ratio(scores[f"sum_{i}"], scores[f"n_{i}"]) for i in n],
            unit="score",
            definition=_("Mean score (1–5) of the ratings given in the period."),
        ),
    ]


def bank_kpis(units, periods, today, by_channel=None) -> dict[int, list[Kpi]]:
    """Question-bank entries published and needing an update, views, and deflections: questions the bank answered
    before they were sent, as a share of those plus the portal questions sent."""
    figures = {
        "n_live": Count("pk", filter=Q(live=True)),
        "n_stale": Count("pk", filter=Q(status=BankStatus.NEEDS_UPDATE)),
        "n_views": Sum("view_count", filter=Q(live=True)),
    }
    for i, period in enumerate(periods):
        figures[f"published_{i}"] = Count("pk", filter=day_range(period, "first_published_at"))
    counts = grouped(BankEntry.objects.all(), "branch__path", units, **figures)
    deflected = grouped(
        BankDeflection.objects.all(),
        "enterprise__managing_branch__path",
        units,
        **{f"d_{i}": Count("pk", filter=day_range(p, "at")) for i, p in enumerate(periods)},
    )
    by_channel = by_channel or question_counts(units, periods, today)
    names = [f"received_{i}" for i in range(len(periods))]
    sent = {
        unit.pk: total([row for row in by_channel[unit.pk] if row["channel"] == QuestionChannel.PORTAL], names)
        for unit in units
    }
    n = range(len(periods))
    return {unit.pk: _bank_figures(counts[unit.pk], deflected[unit.pk], sent[unit.pk], n) for unit in units}


def _bank_figures(counts, deflected, sent, n) -> list[Kpi]:
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
            [percent(deflected[f"d_{i}"], deflected[f"d_{i}"] + sent[f"received_{i}"]) for i in n],
            unit="percent",
            definition=_("Deflections ÷ (deflections + questions sent through the portal) in the period."),
        ),
    ]


def conference_kpis(units, periods, today) -> dict[int, list[Kpi]]:
    """Conferences planned, held (report filed) and closed (follow-up closed) among those starting in the period;
    enterprises invited, registered and attending, and the attendance rate (attending ÷ invited)."""
    figures = {}
    for i, period in enumerate(periods):
        in_period = day_range(period, "starts_at")
        figures[f"planned_{i}"] = Count("pk", filter=in_period & ~Q(status=ConferenceStatus.CANCELLED))
        figures[f"held_{i}"] = Count("pk", filter=in_period & Q(status__in=HELD_STATUSES))
        figures[f"closed_{i}"] = Count("pk", filter=in_period & Q(status=ConferenceStatus.FOLLOW_UP_CLOSED))
    counts = grouped(Conference.objects.all(), "branch__path", units, **figures)
    held = {"conference__status__in": HELD_STATUSES}
    path = "conference__branch__path"
    ranges = [day_range(period, "conference__starts_at") for period in periods]
    n = range(len(periods))
    invited = grouped(
        Invitation.objects.filter(**held), path, units, **{f"i_{i}": Count("pk", filter=ranges[i]) for i in n}
    )
    registered = grouped(
        Registration.objects.filter(**held, status=RegistrationStatus.REGISTERED),
        path,
        units,
        **{f"r_{i}": Count("pk", filter=ranges[i]) for i in n},
    )
    # An enterprise attended when someone of its registration checked in (walk-ins register on the spot).
    attending = grouped(
        Attendee.objects.filter(**held, checked_in_at__isnull=False, registration__isnull=False),
        path,
        units,
        **{f"a_{i}": Count("registration_id", distinct=True, filter=ranges[i]) for i in n},
    )
    return {
        unit.pk: _conference_figures(
            counts[unit.pk],
            [invited[unit.pk][f"i_{i}"] for i in n],
            [registered[unit.pk][f"r_{i}"] for i in n],
            [attending[unit.pk][f"a_{i}"] for i in n],
            n,
        )
        for unit in units
    }


def _conference_figures(counts, invited, registered, attending, n) -> list[Kpi]:
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


def action_kpis(units, periods, today) -> dict[int, list[Kpi]]:
    """Follow-up actions due in the period and the share done by their due date; actions overdue today by the
    responsible unit."""
    n = range(len(periods))
    figures = {}
    for i, period in enumerate(periods):
        due = date_range(period, "due_on") & ~Q(status=ActionStatus.CANCELLED)
        figures[f"due_{i}"] = Count("pk", filter=due)
        figures[f"on_time_{i}"] = Count("pk", filter=due & Q(status=ActionStatus.DONE, completed_on__lte=F("due_on")))
    figures["overdue"] = Count("pk", filter=Q(status__in=ACTION_OPEN, due_on__lt=today))
    counts = grouped(FollowUpAction.objects.all(), "branch__path", units, **figures)
    by_owner = grouped_by(
        FollowUpAction.objects.filter(status__in=ACTION_OPEN, due_on__lt=today),
        "branch__path",
        units,
        "branch__short_name",
        "branch__name_vi",
        n=Count("pk"),
    )
    return {unit.pk: _action_figures(counts[unit.pk], by_owner[unit.pk], n) for unit in units}


def _action_figures(counts, by_owner, n) -> list[Kpi]:
    by_owner = sorted(by_owner, key=lambda row: (-row["n"], row["branch__name_vi"]))[:8]
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
            breakdown=[(row["branch__short_name"] or row["branch__name_vi"], row["n"]) for row in by_owner],
        ),
    ]


def dashboard(units, periods, today) -> dict[int, list[Section]]:
    """The dialogues app's sections of the dashboard, for each unit's subtree."""
    conferences = conference_kpis(units, periods, today)
    by_channel = question_counts(units, periods, today)
    questions = question_kpis(units, periods, today, by_channel)
    bank = bank_kpis(units, periods, today, by_channel)
    actions = action_kpis(units, periods, today)
    return {
        unit.pk: [
            Section("conferences", _("Dialogue conferences"), conferences[unit.pk]),
            Section("questions", _("Questions and answers"), questions[unit.pk]),
            Section("bank", _("Question bank"), bank[unit.pk]),
            Section("actions", _("Follow-up actions"), actions[unit.pk]),
        ]
        for unit in units
    }
