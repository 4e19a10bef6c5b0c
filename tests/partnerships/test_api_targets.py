"""The targets API: setting targets (managers only, one per unit, year and metric) and a unit's progress."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnerships import progress
from partnerships.models import Metric, PledgeKind, Target
from partnerships.services import pledges as pledge_services
from partnerships.services import programmes as programme_services
from partnerships.services import targets as services
from tests import factories
from tests.partnerships.access_programmes import enrol_through, make_programme, signed_mou

pytestmark = pytest.mark.django_db

TARGETS = "/api/v1/targets/"
PROGRESS = "/api/v1/targets/progress/"
YEAR = 2024


@pytest.fixture
def api(api_for):
    def make(persona: str):
        client = api_for(persona)
        client.credentials(HTTP_ACCEPT_LANGUAGE="en")
        return client

    return make


def set_target(branch, metric, assigned, striving=None, year=YEAR) -> Target:
    return services.save_target(by=None, branch=branch, year=year, metric=metric, assigned=assigned, striving=striving)


def campaign(branch, name):
    return pledge_services.create_campaign(
        by=None,
        branch=branch,
        name=name,
        kind=PledgeKind.NO_COUNTERFEIT,
        starts_on=date(2024, 1, 1),
        ends_on=date(2024, 12, 31),
        text_vi="Chúng tôi cam kết không buôn bán hàng giả.",
        target_signers=5,
    )


@pytest.fixture
def year_of_work(world):
    """What Region V, its office and Region VI did in 2024, recorded through the services.

    Region V subtree: 2 agreements signed in 2024 (one by the office), 2 pledges (a third withdrawn), 2 members at
    the end of 2024 (a third left in September). Outside the count: an agreement signed in 2023, Region VI's work.
    """
    region5, office, region6 = world.region5, world.region5_office, world.region6
    signed_mou(branch=region5, enterprise=world.ent_a, signed_on=date(2024, 3, 1), doc_number="01/2024")
    signed_mou(branch=office, enterprise=world.ent_b, signed_on=date(2024, 6, 1), doc_number="02/2024")
    signed_mou(branch=region5, enterprise=world.ent_b, signed_on=date(2023, 12, 31), doc_number="09/2023")
    signed_mou(branch=region6, enterprise=world.ent_r6, signed_on=date(2024, 5, 1), doc_number="01/KV06")

    r5_campaign, office_campaign = campaign(region5, "Không hàng giả 2024"), campaign(office, "Yên Phong 2024")
    pledge_services.record_pledge(campaign=r5_campaign, by=None, enterprise=world.ent_a, signed_on=date(2024, 2, 1))
    withdrawn = pledge_services.record_pledge(
        campaign=r5_campaign, by=None, enterprise=world.ent_b, signed_on=date(2024, 3, 1)
    )
    pledge_services.withdraw_pledge(pledge=withdrawn, by=None, reason="Ký nhầm.")
    pledge_services.record_pledge(campaign=office_campaign, by=None, enterprise=world.ent_b, signed_on=date(2024, 4, 1))
    pledge_services.record_pledge(
        campaign=campaign(region6, "Lạng Sơn 2024"), by=None, enterprise=world.ent_r6, signed_on=date(2024, 4, 1)
    )

    aeo = make_programme()
    enrol_through(aeo, world.ent_a, "active", on=date(2024, 2, 1))
    enrol_through(aeo, world.ent_b, "active", on=date(2024, 3, 1))
    leaver = factories.make_enterprise(managing_branch=region5, name_vi="Công ty TNHH Rời Chương Trình")
    left = enrol_through(aeo, leaver, "active", on=date(2024, 3, 1))
    programme_services.exit_enrolment(enrolment=left, by=None, reason="Giải thể.", on=date(2024, 9, 1))
    enrol_through(aeo, world.ent_r6, "active", on=date(2024, 3, 1))

    set_target(region5, Metric.AGREEMENTS_SIGNED, 4, 5)
    set_target(region5, Metric.PLEDGES_COLLECTED, 3)
    set_target(region5, Metric.PROGRAMME_MEMBERS, 2, 4)
    set_target(region5, Metric.BUDGET_REVENUE_VND, "12500000000000.00")
    set_target(region5, Metric.AGREEMENTS_SIGNED, 9, year=2025)  # another year: not shown for 2024


def not_measured(metric) -> bool:
    return progress.source(metric) is None


def test_progress_gives_every_metric_with_exact_actuals_and_percentages(year_of_work, world, api):
    response = api("r5_officer").get(PROGRESS, {"branch": world.region5.pk, "year": YEAR})
    assert response.status_code == 200
    rows = {row["metric"]: row for row in response.json()}
    assert list(rows) == list(Metric.values)
    fields = ("assigned", "striving", "actual", "pct_of_assigned", "pct_of_striving")
    assert {key: rows["agreements_signed"][key] for key in fields} == {
        "assigned": "4.00",
        "striving": "5.00",
        "actual": "2.00",
        "pct_of_assigned": "50.0",
        "pct_of_striving": "40.0",
    }
    assert {key: rows["pledges_collected"][key] for key in fields} == {
        "assigned": "3.00",
        "striving": None,
        "actual": "2.00",
        "pct_of_assigned": "66.7",
        "pct_of_striving": None,
    }
    assert {key: rows["programme_members"][key] for key in fields} == {
        "assigned": "2.00",
        "striving": "4.00",
        "actual": "2.00",
        "pct_of_assigned": "100.0",
        "pct_of_striving": "50.0",
    }
    assert rows["agreements_signed"]["label"] == "Agreements signed"
    assert rows["budget_revenue_vnd"]["assigned"] == "12500000000000.00"
    # Metrics whose data is recorded elsewhere (later) have no actual figure yet, hence no percentage.
    for metric in (m for m in Metric if not_measured(m)):
        assert rows[metric]["actual"] is None, metric
        assert rows[metric]["pct_of_assigned"] is None, metric


def test_the_progress_of_the_office_counts_its_own_work_only(year_of_work, world, api):
    response = api("r5_office_officer").get(PROGRESS, {"branch": world.region5_office.pk, "year": YEAR})
    rows = {row["metric"]: row for row in response.json()}
    assert (rows["agreements_signed"]["actual"], rows["pledges_collected"]["actual"]) == ("1.00", "1.00")
    assert rows["programme_members"]["actual"] == "1.00"
    assert rows["agreements_signed"]["assigned"] is None  # the office has no target of its own


def test_progress_defaults_to_the_home_unit_and_the_current_year(world, api):
    this_year = timezone.localdate().year
    set_target(world.region5, Metric.PLEDGES_COLLECTED, 7, year=this_year)
    set_target(world.region5, Metric.PLEDGES_COLLECTED, 8, year=this_year - 1)
    set_target(world.region6, Metric.PLEDGES_COLLECTED, 9, year=this_year)
    rows = {row["metric"]: row for row in api("r5_officer").get(PROGRESS).json()}
    assert rows["pledges_collected"]["assigned"] == "7.00"


def test_progress_of_a_unit_outside_the_scope_is_404_like_a_missing_one(year_of_work, world, api):
    client = api("r6_officer")
    foreign = client.get(PROGRESS, {"branch": world.region5.pk, "year": YEAR})
    missing = client.get(PROGRESS, {"branch": 999999, "year": YEAR})
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
    assert api("r5_office_officer").get(PROGRESS, {"branch": world.region5.pk}).status_code == 404


def test_progress_refuses_a_malformed_year_or_unit(world, api):
    client = api("r5_officer")
    year = client.get(PROGRESS, {"year": 1850})
    branch = client.get(PROGRESS, {"branch": "KV05"})
    assert (year.status_code, list(year.json())) == (400, ["year"])
    assert (branch.status_code, list(branch.json())) == (400, ["branch"])


# --- Setting targets ------------------------------------------------------------------------------------------------


def body(world, **overrides) -> dict:
    data = {"branch": world.region5.pk, "year": YEAR, "metric": "agreements_signed", "assigned": "4", "striving": "6"}
    data.update(overrides)
    return data


def test_a_manager_sets_a_target_for_a_unit_of_the_subtree(world, api):
    response = api("r5_manager").post(TARGETS, body(world, branch=world.region5_office.pk, doc_ref=" QĐ 45 "))
    assert response.status_code == 201, response.json()
    assert {k: response.json()[k] for k in ("branch_name", "metric_label", "assigned", "striving", "doc_ref")} == {
        "branch_name": "Hải quan Yên Phong",
        "metric_label": "Agreements signed",
        "assigned": "4.00",
        "striving": "6.00",
        "doc_ref": "QĐ 45",
    }


def test_an_officer_cannot_set_or_change_a_target(world, api):
    target = set_target(world.region5, Metric.AGREEMENTS_SIGNED, 4)
    client = api("r5_officer")
    created = client.post(TARGETS, body(world, metric="pledges_collected"))
    changed = client.patch(f"{TARGETS}{target.pk}/", {"assigned": "1"})
    assert (created.status_code, changed.status_code) == (403, 403)
    assert list(Target.objects.values_list("metric", "assigned")) == [("agreements_signed", 4)]


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"striving": "3"}, {"striving": ["The striving target cannot be lower than the assigned target."]}),
        (
            {"metric": "satisfaction_pct", "assigned": "101", "striving": ""},
            {"assigned": ["A percentage target lies between 0 and 100."]},
        ),
        ({"assigned": "-1"}, {"assigned": ["Ensure this value is greater than or equal to 0."]}),
        ({"year": 1999}, {"year": ["Ensure this value is greater than or equal to 2000."]}),
    ],
)
def test_a_target_breaking_a_rule_is_a_field_error(overrides, errors, world, api):
    if overrides.get("striving") == "":
        overrides["striving"] = None
    response = api("r5_manager").post(TARGETS, body(world, **overrides))
    assert response.status_code == 400
    assert response.json() == errors
    assert not Target.objects.exists()


def test_a_second_target_for_the_same_unit_year_and_metric_is_refused(world, api):
    set_target(world.region5, Metric.AGREEMENTS_SIGNED, 4)
    response = api("r5_manager").post(TARGETS, body(world))
    assert response.status_code == 400
    assert response.json() == {
        "metric": ["This unit already has a target for this metric and year; change that one instead."]
    }
    assert Target.objects.count() == 1


def test_a_manager_cannot_set_a_target_for_a_unit_outside_the_subtree(world, api):
    response = api("r5_manager").post(TARGETS, body(world, branch=world.region6.pk))
    assert (response.status_code, list(response.json())) == (400, ["branch"])
    assert not Target.objects.exists()


def test_a_manager_changes_a_target(world, api):
    target = set_target(world.region5, Metric.AGREEMENTS_SIGNED, 4)
    response = api("r5_manager").patch(f"{TARGETS}{target.pk}/", {"assigned": "5", "striving": "7"})
    assert response.status_code == 200
    target.refresh_from_db()
    assert (target.assigned, target.striving, target.updated_by) == (5, 7, world.r5_manager)


def test_region6_staff_get_404_on_a_region5_target_and_it_is_unchanged(world, api):
    target = set_target(world.region5, Metric.AGREEMENTS_SIGNED, 4)
    assert api("r6_officer").get(f"{TARGETS}{target.pk}/").status_code == 404
    region6_manager = factories.make_staff(username="r6_manager", branch=world.region6, role="manager")
    client = api("r6_officer")
    client.force_authenticate(region6_manager)
    assert client.patch(f"{TARGETS}{target.pk}/", {"assigned": "1"}).status_code == 404
    target.refresh_from_db()
    assert target.assigned == 4


def test_the_target_list_filters_by_year_and_metric_within_the_scope(world, api):
    set_target(world.region5, Metric.AGREEMENTS_SIGNED, 4)
    set_target(world.region5, Metric.PLEDGES_COLLECTED, 3)
    set_target(world.region5, Metric.PLEDGES_COLLECTED, 3, year=2025)
    set_target(world.region6, Metric.PLEDGES_COLLECTED, 3)
    client = api("r5_officer")
    listed = client.get(TARGETS, {"year": YEAR, "metric": "pledges_collected"}).json()
    assert [(row["branch_name"], row["year"], row["metric"]) for row in listed["results"]] == [
        ("Chi cục Hải quan khu vực V", 2024, "pledges_collected")
    ]
    assert api("hq_admin").get(TARGETS).json()["count"] == 4


def test_the_target_list_runs_the_same_queries_for_1_or_7_targets(world, api):
    set_target(world.region5, Metric.AGREEMENTS_SIGNED, 4)
    client = api("r5_officer")
    client.get(TARGETS)
    with CaptureQueriesContext(connection) as one:
        client.get(TARGETS)
    for metric in list(Metric)[1:]:
        set_target(world.region5, metric, 50)
    with CaptureQueriesContext(connection) as many:
        assert client.get(TARGETS).json()["count"] == len(Metric)
    assert len(one) == len(many)
