from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from crm import access
from crm.errors import DomainError
from partnerships import progress, selectors
from partnerships.models import AgreementStatus, Metric, ProgrammeKind, Target
from partnerships.services import pledges as pledge_services
from partnerships.services import programmes as programme_services
from partnerships.services import targets as services
from tests import factories
from tests.partnerships.factories import make_agreement

pytestmark = pytest.mark.django_db

S = AgreementStatus
TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def save(world, *, by=None, **fields) -> Target:
    fields = {"branch": world.region5, "year": YEAR, "metric": Metric.AGREEMENTS_SIGNED, "assigned": 70, **fields}
    return services.save_target(by=by or world.r5_manager, **fields)


# --- Setting targets ---------------------------------------------------------------------------------------------


def test_a_manager_sets_a_target_for_a_unit_of_their_subtree(world):
    target = save(
        world, branch=world.region5_office, assigned=Decimal(20), striving=Decimal(25), doc_ref=" 123/QĐ-CHQ "
    )

    target = Target.objects.get(pk=target.pk)
    assert (target.branch, target.year, target.metric, target.assigned, target.striving, target.doc_ref) == (
        world.region5_office,
        YEAR,
        Metric.AGREEMENTS_SIGNED,
        Decimal("20.00"),
        Decimal("25.00"),
        "123/QĐ-CHQ",
    )
    assert (target.created_by, target.updated_by) == (world.r5_manager, world.r5_manager)


def test_a_target_is_changed_in_place(world):
    target = save(world, assigned=70)

    services.save_target(by=world.hq_admin, target=target, assigned=72, striving=80, note="Điều chỉnh")

    target = Target.objects.get()
    assert (target.assigned, target.striving, target.note, target.created_by, target.updated_by) == (
        Decimal("72.00"),
        Decimal("80.00"),
        "Điều chỉnh",
        world.r5_manager,
        world.hq_admin,
    )


def test_an_officer_cannot_set_targets(world):
    with pytest.raises(PermissionDenied):
        save(world, by=world.r5_officer)
    assert not Target.objects.exists()


def test_a_unit_outside_the_managers_subtree_is_refused(world):
    with pytest.raises(DomainError) as error:
        save(world, branch=world.region6)

    assert (error.value.field, error.value.message) == (
        "branch",
        "You can only set targets for your own unit or the units under it.",
    )
    assert not Target.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"assigned": 70, "striving": 69}, "striving", "The striving target cannot be lower than the assigned target."),
        (
            {"metric": Metric.SATISFACTION_PCT, "assigned": Decimal("100.5")},
            "assigned",
            "A percentage target lies between 0 and 100.",
        ),
        (
            {"metric": Metric.ANSWERED_ON_TIME_PCT, "assigned": 95, "striving": 101},
            "striving",
            "A percentage target lies between 0 and 100.",
        ),
        (
            {"metric": Metric.SATISFACTION_PCT, "assigned": -1},
            "assigned",
            "A percentage target lies between 0 and 100.",
        ),
    ],
    ids=["striving-below-assigned", "percent-above-100", "striving-percent-above-100", "negative-percent"],
)
def test_implausible_figures_are_refused(world, fields, field, message):
    with pytest.raises(DomainError) as error:
        save(world, **fields)

    assert (error.value.field, error.value.message) == (field, message)
    assert not Target.objects.exists()


def test_percentages_may_be_exactly_0_or_100_and_striving_may_equal_assigned(world):
    save(world, metric=Metric.SATISFACTION_PCT, assigned=0, striving=100)
    save(world, metric=Metric.ANSWERED_ON_TIME_PCT, assigned=100, striving=100)
    save(world, metric=Metric.BUDGET_REVENUE_VND, assigned=Decimal("12500000000000"))

    assert Target.objects.count() == 3


def test_a_unit_has_one_target_per_metric_and_year(world):
    save(world)
    save(world, year=YEAR - 1)
    save(world, branch=world.region5_office)

    with pytest.raises(DomainError) as error:
        save(world, assigned=80)

    assert (error.value.field, error.value.message) == (
        "metric",
        "This unit already has a target for this metric and year; change that one instead.",
    )
    assert Target.objects.count() == 3


def test_a_negative_target_is_refused_on_its_own_field(world):
    with pytest.raises(DomainError) as error:
        save(world, assigned=-5)

    assert error.value.field == "assigned"


def test_an_implausible_year_is_refused_on_its_own_field(world):
    with pytest.raises(DomainError) as error:
        save(world, year=1999)

    assert error.value.field == "year"


# --- Progress against the targets ---------------------------------------------------------------------------------


def by_metric(rows) -> dict:
    return {row.metric: row for row in rows}


def test_agreements_signed_in_the_year_count_in_the_subtree_whatever_happened_to_them_since(world):
    this_year = min(date(YEAR, 1, 15), TODAY)
    last_year = date(YEAR - 1, 12, 31)
    make_agreement(branch=world.region5, status=S.ACTIVE, signed_on=this_year)
    make_agreement(branch=world.region5_office, status=S.SIGNED, signed_on=this_year)
    make_agreement(branch=world.region5, status=S.TERMINATED, signed_on=this_year)
    make_agreement(branch=world.region5, status=S.RENEWED, signed_on=this_year)  # and its successor, signed today
    make_agreement(branch=world.region5, status=S.ACTIVE, signed_on=last_year)
    make_agreement(branch=world.region5, status=S.APPROVED)
    make_agreement(branch=world.region6, status=S.ACTIVE, signed_on=this_year)

    region5 = by_metric(selectors.target_progress(world.r5_manager, branch=world.region5, year=YEAR))
    office = by_metric(selectors.target_progress(world.r5_manager, branch=world.region5_office, year=YEAR))
    region6 = by_metric(selectors.target_progress(world.hq_admin, branch=world.region6, year=YEAR))
    before = by_metric(selectors.target_progress(world.r5_manager, branch=world.region5, year=YEAR - 1))

    assert region5[Metric.AGREEMENTS_SIGNED].actual == 5
    assert office[Metric.AGREEMENTS_SIGNED].actual == 1
    assert region6[Metric.AGREEMENTS_SIGNED].actual == 1
    assert before[Metric.AGREEMENTS_SIGNED].actual == 1


def test_pledges_signed_in_the_year_count_unless_withdrawn(world):
    start = date(YEAR, 1, 1)
    campaign = pledge_services.create_campaign(
        by=None,
        branch=world.region5,
        name="Cam kết",
        starts_on=date(YEAR - 1, 12, 1),
        ends_on=date(YEAR, 12, 31),
        text_vi="Cam kết",
        target_signers=10,
    )
    office_campaign = pledge_services.create_campaign(
        by=None,
        branch=world.region5_office,
        name="Cam kết YP",
        starts_on=start,
        ends_on=TODAY,
        text_vi="x",
        target_signers=5,
    )
    region6_campaign = pledge_services.create_campaign(
        by=None, branch=world.region6, name="Cam kết VI", starts_on=start, ends_on=TODAY, text_vi="x", target_signers=5
    )
    record = pledge_services.record_pledge
    record(campaign=campaign, by=None, enterprise=world.ent_a, signed_on=start)
    breached = record(campaign=campaign, by=None, enterprise=world.ent_b, signed_on=TODAY)
    pledge_services.mark_pledge_breached(pledge=breached, by=None, reference="QĐ 1")
    withdrawn = record(
        campaign=campaign, by=None, enterprise=factories.make_enterprise(managing_branch=world.region5), signed_on=TODAY
    )
    pledge_services.withdraw_pledge(pledge=withdrawn, by=None, reason="Rút")
    record(
        campaign=campaign,
        by=None,
        enterprise=factories.make_enterprise(managing_branch=world.region5),
        signed_on=date(YEAR - 1, 12, 20),
    )
    record(campaign=office_campaign, by=None, enterprise=world.ent_b, signed_on=TODAY)
    record(campaign=region6_campaign, by=None, enterprise=world.ent_r6, signed_on=TODAY)

    region5 = by_metric(selectors.target_progress(world.r5_manager, branch=world.region5, year=YEAR))
    office = by_metric(selectors.target_progress(world.r5_manager, branch=world.region5_office, year=YEAR))

    assert region5[Metric.PLEDGES_COLLECTED].actual == 3  # ent_a, the breached one, the office's
    assert office[Metric.PLEDGES_COLLECTED].actual == 1
    assert (
        by_metric(selectors.target_progress(world.r5_manager, branch=world.region5, year=YEAR - 1))[
            Metric.PLEDGES_COLLECTED
        ].actual
        == 1
    )


def test_programme_members_are_those_active_at_the_end_of_the_year(world):
    programme = programme_services.save_programme(by=None, code="aeo", kind=ProgrammeKind.AEO, name_vi="AEO")
    other = programme_services.save_programme(by=None, code="aeo-2", kind=ProgrammeKind.AEO, name_vi="AEO 2")

    def member(enterprise, prog=programme, *, exit_on=None, activate=True):
        enrolment = programme_services.enrol_enterprise(by=None, programme=prog, enterprise=enterprise)
        if activate:
            for step in (programme_services.mark_applied, programme_services.accept_enrolment):
                step(enrolment=enrolment, by=None, on=date(YEAR - 1, 6, 1))
            programme_services.activate_enrolment(enrolment=enrolment, by=None, on=date(YEAR - 1, 7, 1))
        if exit_on:
            programme_services.exit_enrolment(enrolment=enrolment, by=None, reason="Rút", on=exit_on)
        return enrolment

    member(world.ent_a)  # active since last year
    member(world.ent_b)  # the office's member
    member(world.ent_a, other, exit_on=TODAY)  # ended this year, before the year's end
    member(world.ent_b, other, exit_on=date(YEAR - 1, 12, 31))  # ended last year on the last day
    member(factories.make_enterprise(managing_branch=world.region5), activate=False)  # only invited
    member(world.ent_r6)

    def members(branch, year, user=world.r5_manager):
        return by_metric(selectors.target_progress(user, branch=branch, year=year))[Metric.PROGRAMME_MEMBERS].actual

    assert members(world.region5, YEAR) == 2
    assert members(world.region5_office, YEAR) == 1
    assert members(world.region5, YEAR - 1) == 3  # ent_a twice and ent_b; the one ended on 31/12 counts no more
    assert members(world.region5, YEAR - 2) == 0
    assert members(world.region6, YEAR, world.hq_admin) == 1


def test_progress_lists_every_metric_with_its_target_and_percentages(world):
    save(world, metric=Metric.AGREEMENTS_SIGNED, assigned=4, striving=5)
    save(world, metric=Metric.BUDGET_REVENUE_VND, assigned=Decimal("12500000000000"))
    save(world, metric=Metric.PLEDGES_COLLECTED, assigned=0)
    make_agreement(branch=world.region5, status=S.ACTIVE, signed_on=TODAY)
    make_agreement(branch=world.region5, status=S.ACTIVE, signed_on=TODAY)
    make_agreement(branch=world.region5, status=S.ACTIVE, signed_on=TODAY)

    rows = selectors.target_progress(world.r5_officer, branch=world.region5, year=YEAR)

    assert [row.metric for row in rows] == list(Metric)
    row = by_metric(rows)
    signed = row[Metric.AGREEMENTS_SIGNED]
    assert (signed.actual, signed.assigned, signed.striving, signed.pct_of_assigned, signed.pct_of_striving) == (
        3,
        Decimal("4.00"),
        Decimal("5.00"),
        Decimal("75.0"),
        Decimal("60.0"),
    )
    revenue = row[Metric.BUDGET_REVENUE_VND]
    assert (revenue.actual, revenue.assigned, revenue.pct_of_assigned) == (None, Decimal("12500000000000.00"), None)
    pledges = row[Metric.PLEDGES_COLLECTED]
    assert (pledges.actual, pledges.pct_of_assigned, pledges.pct_of_striving) == (0, None, None)  # no division by 0
    members = row[Metric.PROGRAMME_MEMBERS]
    assert (members.target, members.actual, members.assigned, members.pct_of_assigned) == (None, 0, None, None)
    for metric in Metric:
        if progress.source(metric) is None:
            assert row[metric].actual is None, metric


def test_progress_is_empty_for_a_unit_outside_the_users_subtree(world):
    save(world)

    assert selectors.target_progress(world.r6_officer, branch=world.region5, year=YEAR) == []
    assert selectors.target_progress(world.r5_office_officer, branch=world.region5, year=YEAR) == []


def test_progress_costs_one_query_for_the_targets_and_one_per_measured_metric(world):
    def count_queries() -> int:
        user = world.r5_manager
        access.staff_membership(user)  # read once per request elsewhere
        with CaptureQueriesContext(connection) as queries:
            selectors.target_progress(user, branch=world.region5, year=YEAR)
        return len(queries)

    empty = count_queries()
    for metric in (Metric.AGREEMENTS_SIGNED, Metric.PLEDGES_COLLECTED, Metric.PROGRAMME_MEMBERS):
        save(world, metric=metric, assigned=10)
    for _ in range(3):
        make_agreement(branch=world.region5, status=S.ACTIVE, signed_on=TODAY - timedelta(days=1))

    assert count_queries() == empty == 1 + sum(1 for metric in Metric if progress.source(metric))
