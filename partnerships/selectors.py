"""Reads of the partnerships app. Each takes the user, scopes through crm.access and fetches what the page shows."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

from crm import access
from crm.db import vietnamese
from crm.models import Branch, Enterprise
from partnerships import progress
from partnerships.models import (
    Agreement,
    AgreementDocument,
    AgreementEvent,
    AgreementParty,
    AgreementReview,
    Commitment,
    Enrolment,
    EnrolmentReview,
    Metric,
    MonthlyStatistic,
    Pledge,
    PledgeCampaign,
    PledgeStatus,
    Programme,
    ReviewedCommitment,
    Target,
)

PARTIES = Prefetch(
    "parties",
    queryset=AgreementParty.objects.select_related("enterprise", "association").order_by("pk"),
)


# --- Agreements --------------------------------------------------------------------------------------------------


def agreements_visible_to(user) -> QuerySet[Agreement]:
    """For lists and exports: unit joined, commitment counts annotated (health), parties prefetched."""
    return (
        Agreement.objects.visible_to(user)
        .select_related("branch")
        .with_health_counts()
        .prefetch_related(PARTIES)
        .order_by("-created_at", "-id")
    )


def agreement_detail_visible_to(user) -> QuerySet[Agreement]:
    """Everything the detail page shows in a fixed number of queries."""
    return (
        Agreement.objects.visible_to(user)
        .select_related("branch", "predecessor", "created_by")
        .prefetch_related(
            PARTIES,
            "focal_officers",
            Prefetch("commitments", queryset=Commitment.objects.order_by("number")),
            Prefetch(
                "reviews",
                queryset=AgreementReview.objects.select_related("created_by").prefetch_related(
                    Prefetch(
                        "commitment_statuses",
                        queryset=ReviewedCommitment.objects.select_related("commitment").order_by("commitment__number"),
                    )
                ),
            ),
            Prefetch("documents", queryset=AgreementDocument.objects.select_related("created_by")),
            Prefetch("events", queryset=AgreementEvent.objects.select_related("by")),
            Prefetch("successors", queryset=Agreement.objects.order_by("created_at")),
        )
    )


def commitments_visible_to(user) -> QuerySet[Commitment]:
    return (
        access.scope_by_branch(Commitment.objects.all(), user, via="agreement__branch")
        .select_related("agreement")
        .order_by("agreement_id", "number")
    )


def agreements_of_enterprise(user, enterprise: Enterprise) -> QuerySet[Agreement]:
    """The enterprise's agreements that the user may see (for the enterprise page)."""
    return (
        Agreement.objects.visible_to(user)
        .filter(parties__enterprise=enterprise)
        .select_related("branch")
        .with_health_counts()
        .order_by("-signed_on", "-created_at")
    )


def agreement_choices_for(user) -> QuerySet[Agreement]:
    """Agreements offered in pickers (e.g. the MoU of an enrolment)."""
    return Agreement.objects.visible_to(user).select_related("branch").order_by("-created_at")


# --- Pledges -----------------------------------------------------------------------------------------------------


def campaigns_visible_to(user) -> QuerySet[PledgeCampaign]:
    """Campaigns with their counts of pledges by status (one query)."""
    return (
        PledgeCampaign.objects.visible_to(user)
        .select_related("branch", "target_segment")
        .annotate(
            signed_count=Count("pledges", filter=~Q(pledges__status=PledgeStatus.WITHDRAWN)),
            withdrawn_count=Count("pledges", filter=Q(pledges__status=PledgeStatus.WITHDRAWN)),
            breached_count=Count("pledges", filter=Q(pledges__status=PledgeStatus.BREACHED)),
        )
        .order_by("-starts_on", "-id")
    )


def pledges_visible_to(user) -> QuerySet[Pledge]:
    return (
        Pledge.objects.visible_to(user)
        .select_related("campaign", "enterprise")
        .order_by("-signed_on", vietnamese("enterprise__name_vi"), "id")
    )


def pledges_of_enterprise(user, enterprise: Enterprise) -> QuerySet[Pledge]:
    return pledges_visible_to(user).filter(enterprise=enterprise)


def campaign_non_signers(user, campaign: PledgeCampaign) -> QuerySet[Enterprise]:
    """Active enterprises of the campaign's unit subtree (and target segment, if any) that have not signed."""
    enterprises = (
        Enterprise.objects.visible_to(user).active().filter(managing_branch__path__startswith=campaign.branch.path)
    )
    if campaign.target_segment_id:
        enterprises = enterprises.filter(segments=campaign.target_segment_id)
    return (
        enterprises.exclude(pledges__campaign=campaign)
        .select_related("managing_branch")
        .order_by(vietnamese("name_vi"), "id")
    )


# --- Programmes --------------------------------------------------------------------------------------------------


def programmes_for(user) -> QuerySet[Programme]:
    """Programmes are shared by every unit; counts of current members are those of the user's subtree."""
    if not access.is_staff_member(user):
        return Programme.objects.none()
    enrolments = access.scope_by_branch(Enrolment.objects.all(), user, via="branch")
    return Programme.objects.annotate(
        member_count=Count("enrolments", filter=Q(enrolments__in=enrolments.filter(status="active"))),
        candidate_count=Count(
            "enrolments", filter=Q(enrolments__in=enrolments.filter(status__in=["invited", "applied", "accepted"]))
        ),
    ).order_by("name_vi")


def enrolments_visible_to(user) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.visible_to(user)
        .select_related("programme", "enterprise", "branch", "mou")
        .order_by(vietnamese("enterprise__name_vi"), "id")
    )


def enrolment_detail_visible_to(user) -> QuerySet[Enrolment]:
    return enrolments_visible_to(user).prefetch_related(
        "focal_officers",
        Prefetch("reviews", queryset=EnrolmentReview.objects.select_related("created_by")),
    )


def enrolments_of_enterprise(user, enterprise: Enterprise) -> QuerySet[Enrolment]:
    return enrolments_visible_to(user).filter(enterprise=enterprise)


# --- Targets -----------------------------------------------------------------------------------------------------


def targets_visible_to(user) -> QuerySet[Target]:
    return Target.objects.visible_to(user).select_related("branch").order_by("branch__path", "-year", "metric")


@dataclass(frozen=True)
class Progress:
    metric: Metric
    target: Target | None
    actual: Decimal | None  # None: the data behind this metric is not recorded yet

    @property
    def assigned(self) -> Decimal | None:
        return self.target.assigned if self.target else None

    @property
    def striving(self) -> Decimal | None:
        return self.target.striving if self.target else None

    @property
    def pct_of_assigned(self) -> Decimal | None:
        return _pct(self.actual, self.assigned)

    @property
    def pct_of_striving(self) -> Decimal | None:
        return _pct(self.actual, self.striving)


def _pct(actual, target) -> Decimal | None:
    if actual is None or not target:
        return None
    return (Decimal(actual) * 100 / Decimal(target)).quantize(Decimal("0.1"))


def target_progress(user, *, branch: Branch, year: int) -> list[Progress]:
    """Actual vs target for every metric of `branch` (its whole subtree) in `year`.

    The caller must be able to see `branch` (else an empty list). One query for the targets plus one per measured
    metric, whatever the amount of data.
    """
    if not access.can_use_branch(user, branch):
        return []
    targets = {t.metric: t for t in Target.objects.filter(branch=branch, year=year)}
    rows = []
    for metric in Metric:
        source = progress.source(metric)
        actual = source(branch.path, year) if source else None
        rows.append(Progress(metric=metric, target=targets.get(metric), actual=actual))
    return rows


# --- Monthly statistics ------------------------------------------------------------------------------------------


def monthly_statistics_visible_to(user) -> QuerySet[MonthlyStatistic]:
    return MonthlyStatistic.objects.visible_to(user).select_related("branch").order_by("-month", "branch__path")
