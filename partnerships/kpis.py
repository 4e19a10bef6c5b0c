"""The partnership figures: actuals for targets (registered in partnerships.progress) and, later, the dashboard."""

from datetime import timedelta

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _

from crm.dates import year_bounds
from crm.kpi import Kpi, Section, date_range, grouped, percent
from crm.models import Enterprise, EnterpriseStatus
from partnerships import progress
from partnerships.models import (
    Agreement,
    AgreementParty,
    AgreementStatus,
    Enrolment,
    Metric,
    Pledge,
    PledgeCampaign,
    PledgeStatus,
)
from partnerships.models.agreements import IN_FORCE


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


# ------------------------------------------------------------------------------------------------ the dashboard

# In force and binding today (a suspended agreement is in force but not active).
ACTIVE_NOW = (AgreementStatus.SIGNED, AgreementStatus.ACTIVE, AgreementStatus.UNDER_REVIEW)
REVIEW_SOON_DAYS = 30


def agreement_kpis(units, periods, today) -> dict[int, list[Kpi]]:
    """Enterprises under management, agreements active / signed / due for review / expired, and coverage."""
    n = range(len(periods))
    figures = {
        "active": Count("pk", filter=Q(status__in=ACTIVE_NOW)),
        "review": Count(
            "pk",
            filter=Q(status__in=IN_FORCE, next_review_on__lte=today + timedelta(days=REVIEW_SOON_DAYS)),
        ),
    }
    for i, period in enumerate(periods):
        figures[f"signed_{i}"] = Count("pk", filter=date_range(period, "signed_on"))
        figures[f"expired_{i}"] = Count(
            "pk", filter=date_range(period, "expires_on") & Q(status=AgreementStatus.EXPIRED)
        )
    counts = grouped(Agreement.objects.all(), "branch__path", units, **figures)
    covered = AgreementParty.objects.filter(agreement__status__in=ACTIVE_NOW, enterprise__isnull=False).values(
        "enterprise_id"
    )
    enterprises = grouped(
        Enterprise.objects.filter(status=EnterpriseStatus.ACTIVE),
        "managing_branch__path",
        units,
        managed=Count("pk"),
        covered=Count("pk", filter=Q(pk__in=covered)),
    )
    return {unit.pk: _agreement_figures(counts[unit.pk], enterprises[unit.pk], n) for unit in units}


def _agreement_figures(counts, enterprise_counts, n) -> list[Kpi]:
    return [
        Kpi(
            "enterprises.managed",
            _("Enterprises under management"),
            [enterprise_counts["managed"]],
            definition=_("Operating enterprises whose managing unit is in the subtree, today."),
            drill="enterprise-list",
        ),
        Kpi(
            "agreements.active",
            _("Agreements active"),
            [counts["active"]],
            definition=_("Agreements signed and in force today (suspended ones excluded)."),
            drill="agreement-list?status=active",
        ),
        Kpi(
            "agreements.signed",
            _("Agreements signed"),
            [counts[f"signed_{i}"] for i in n],
            metric=Metric.AGREEMENTS_SIGNED,
            definition=_("Agreements signed in the period."),
            drill="agreement-list",
        ),
        Kpi(
            "agreements.review_due",
            _("Agreements due for review"),
            [counts["review"]],
            definition=_("Agreements in force whose review date has passed or falls within 30 days, today."),
            drill="agreement-list",
        ),
        Kpi(
            "agreements.expired",
            _("Agreements expired"),
            [counts[f"expired_{i}"] for i in n],
            definition=_("Agreements that reached their expiry date in the period without being renewed."),
            drill="agreement-list?status=expired",
        ),
        Kpi(
            "agreements.coverage",
            _("Agreement coverage"),
            [percent(enterprise_counts["covered"], enterprise_counts["managed"])],
            unit="percent",
            definition=_(
                "Enterprises under management with an active agreement ÷ enterprises under management, today."
            ),
        ),
    ]


def pledge_kpis(units, periods, today) -> dict[int, list[Kpi]]:
    """Pledges signed in the period against the targets of the campaigns running in it; programme members and the
    share keeping or raising their compliance level."""
    n = range(len(periods))
    pledges = Pledge.objects.exclude(status=PledgeStatus.WITHDRAWN)
    signed_by_unit = grouped(
        pledges,
        "campaign__branch__path",
        units,
        **{f"s_{i}": Count("pk", filter=date_range(p, "signed_on")) for i, p in enumerate(periods)},
    )
    targets_by_unit = grouped(
        PledgeCampaign.objects.all(),
        "branch__path",
        units,
        **{
            f"t_{i}": Sum("target_signers", filter=Q(starts_on__lte=p.end, ends_on__gte=p.start))
            for i, p in enumerate(periods)
        },
    )
    member_figures = {}
    for i, period in enumerate(periods):
        member = Q(activated_on__lte=period.end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=period.end))
        member_figures[f"m_{i}"] = Count("pk", filter=member)
        member_figures[f"k_{i}"] = Count(
            "pk",
            filter=member
            & Q(baseline_level__isnull=False, current_level__isnull=False, current_level__lte=F("baseline_level")),
        )
        member_figures[f"l_{i}"] = Count(
            "pk", filter=member & Q(baseline_level__isnull=False, current_level__isnull=False)
        )
    members_by_unit = grouped(Enrolment.objects.all(), "branch__path", units, **member_figures)
    return {
        unit.pk: _pledge_figures(signed_by_unit[unit.pk], targets_by_unit[unit.pk], members_by_unit[unit.pk], n)
        for unit in units
    }


def _pledge_figures(signed, targets, member_counts, n) -> list[Kpi]:
    return [
        Kpi(
            "pledges.signed",
            _("Pledges signed"),
            [signed[f"s_{i}"] for i in n],
            metric=Metric.PLEDGES_COLLECTED,
            definition=_("Pledges signed in the period (withdrawn ones excluded)."),
            drill="campaign-list",
        ),
        Kpi(
            "pledges.campaign_progress",
            _("Pledges vs campaign targets"),
            [percent(signed[f"s_{i}"], targets[f"t_{i}"]) for i in n],
            unit="percent",
            definition=_("Pledges signed in the period ÷ the target signers of the campaigns running in it."),
        ),
        Kpi(
            "programmes.members",
            _("Programme members"),
            [member_counts[f"m_{i}"] for i in n],
            metric=Metric.PROGRAMME_MEMBERS,
            definition=_("Voluntary-compliance members at the end of the period."),
            drill="programme-list",
        ),
        Kpi(
            "programmes.keeping_level",
            _("Members keeping or raising their level"),
            [percent(member_counts[f"k_{i}"], member_counts[f"l_{i}"]) for i in n],
            unit="percent",
            definition=_(
                "Of the members with a baseline and a current compliance level, the share whose level is "
                "the same or better (target above 80%)."
            ),
        ),
    ]


def dashboard(units, periods, today) -> dict[int, list[Section]]:
    """The partnerships app's sections of the dashboard, for each unit's subtree."""
    from partnerships.kpis_statistics import statistic_kpis

    agreements = agreement_kpis(units, periods, today)
    pledges = pledge_kpis(units, periods, today)
    statistics = statistic_kpis(units, periods, today)
    return {
        unit.pk: [
            Section("agreements", _("Enterprises and agreements"), agreements[unit.pk]),
            Section("pledges", _("Pledges and programmes"), pledges[unit.pk]),
            Section("statistics", _("Revenue and trade"), statistics[unit.pk]),
        ]
        for unit in units
    }
