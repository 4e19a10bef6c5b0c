"""The targets page: a unit's progress against its targets by year, and setting targets (managers only)."""

import csv
import io
from datetime import date

import pytest
from django.conf import settings
from django.utils import timezone

from partnerships import progress
from partnerships.models import Metric, Target
from partnerships.services import targets as services
from tests import factories
from tests.partnerships.access_programmes import enrol_through, make_programme, signed_mou

pytestmark = pytest.mark.django_db

PAGE = "/partnerships/targets/"
NEW = "/partnerships/targets/new/"


@pytest.fixture
def browse(client_for):
    def make(persona: str):
        client = client_for(persona)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


def set_target(branch, metric, assigned, striving=None, year=2024) -> Target:
    return services.save_target(by=None, branch=branch, year=year, metric=metric, assigned=assigned, striving=striving)


@pytest.fixture
def region5_2024(world):
    """Region V in 2024: 3 agreements signed (target 4, striving 6), 1 member (target 2), revenue assigned."""
    for n, day in enumerate((date(2024, 2, 1), date(2024, 5, 1), date(2024, 11, 30))):
        signed_mou(branch=world.region5, enterprise=world.ent_a, signed_on=day, doc_number=f"{n}/2024")
    enrol_through(make_programme(), world.ent_a, "active", on=date(2024, 4, 1))
    set_target(world.region5, Metric.AGREEMENTS_SIGNED, 4, 6)
    set_target(world.region5, Metric.PROGRAMME_MEMBERS, 2)
    set_target(world.region5, Metric.BUDGET_REVENUE_VND, "12500000000000", "13000000000000")


def rows_by_metric(response) -> dict:
    return {row.metric: row for row in response.context["rows"]}


def test_the_page_shows_every_metric_with_targets_actuals_and_percentages(world, region5_2024, browse):
    response = browse("r5_officer").get(PAGE, {"branch": world.region5.pk, "year": 2024})
    assert response.status_code == 200
    rows = rows_by_metric(response)
    assert list(rows) == list(Metric)
    agreements = rows[Metric.AGREEMENTS_SIGNED]
    assert (agreements.assigned, agreements.striving, agreements.actual_text) == ("4", "6", "3")
    assert (agreements.assigned_pct_text, agreements.striving_pct_text, agreements.bar) == ("75", "50", 75)
    members = rows[Metric.PROGRAMME_MEMBERS]
    assert (members.assigned, members.actual_text, members.assigned_pct_text, members.striving) == ("2", "1", "50", "")
    assert rows[Metric.BUDGET_REVENUE_VND].assigned == "12,500,000,000,000"
    text = response.text
    assert '<progress max="100" value="75.0"' in text
    assert "75%" in text
    assert "50%" in text
    assert "Agreements signed" in text
    assert "Programme members" in text


def test_metrics_whose_data_comes_later_say_not_measured_yet(world, region5_2024, browse):
    response = browse("r5_officer").get(PAGE, {"branch": world.region5.pk, "year": 2024})
    rows = rows_by_metric(response)
    later = [metric for metric in Metric if progress.source(metric) is None]
    assert Metric.BUDGET_REVENUE_VND not in later  # measured from the monthly statistics
    for metric in later:
        assert rows[metric].measured is False
        assert rows[metric].pct_of_assigned is None
    assert response.text.count("not measured yet") == len(later)


def test_a_progress_bar_is_full_once_the_target_is_passed(world, browse):
    for n in range(3):
        signed_mou(branch=world.region5, enterprise=world.ent_a, signed_on=date(2024, 3, 1), doc_number=f"{n}/A")
    set_target(world.region5, Metric.AGREEMENTS_SIGNED, 2)
    response = browse("r5_officer").get(PAGE, {"year": 2024})
    row = rows_by_metric(response)[Metric.AGREEMENTS_SIGNED]
    assert (row.assigned_pct_text, row.bar, row.reached) == ("150", 100, True)


def test_the_page_defaults_to_the_home_unit_and_the_current_year(world, browse):
    this_year = timezone.localdate().year
    set_target(world.region5, Metric.PLEDGES_COLLECTED, 7, year=this_year)
    response = browse("r5_officer").get(PAGE)
    assert (response.context["branch"], response.context["year"]) == (world.region5, this_year)
    assert rows_by_metric(response)[Metric.PLEDGES_COLLECTED].assigned == "7"
    office = browse("r5_office_officer").get(PAGE)
    assert office.context["branch"] == world.region5_office
    assert "No target is set for this unit" in office.text


def test_the_unit_choices_are_the_users_subtree_and_a_foreign_unit_is_404(world, browse):
    client = browse("r5_officer")
    response = client.get(PAGE)
    assert list(response.context["form"].fields["branch"].queryset) == [world.region5, world.region5_office]
    assert client.get(PAGE, {"branch": world.region6.pk}).status_code == 404
    assert client.get(PAGE, {"branch": 999999}).status_code == 404
    assert browse("r6_officer").get(PAGE, {"branch": world.region5.pk}).status_code == 404


def test_an_impossible_year_is_an_error_and_the_current_year_is_shown(world, browse):
    response = browse("r5_officer").get(PAGE, {"year": 1850})
    assert response.context["year"] == timezone.localdate().year
    assert response.context["form"].errors["year"] == ["Ensure this value is greater than or equal to 2000."]


def test_managers_see_the_buttons_to_set_and_edit_targets_and_officers_do_not(world, region5_2024, browse):
    target = Target.objects.get(metric=Metric.AGREEMENTS_SIGNED)
    manager = browse("r5_manager").get(PAGE, {"year": 2024}).text
    officer = browse("r5_officer").get(PAGE, {"year": 2024}).text
    assert f"/partnerships/targets/{target.pk}/edit/" in manager
    assert "metric=pledges_collected" in manager
    assert "Set a target" in manager
    assert f"/partnerships/targets/{target.pk}/edit/" not in officer
    assert "Set a target" not in officer


def test_the_export_holds_the_table(world, region5_2024, browse):
    response = browse("r5_officer").get("/partnerships/targets/export/", {"year": 2024, "as": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == [
        "Metric",
        "Assigned target",
        "Striving target",
        "Actual",
        "% of assigned",
        "% of striving",
        "Assigned by (document)",
    ]
    assert rows[1] == ["Agreements signed", "4.00", "6.00", "3", "75.0", "50.0", ""]
    assert len(rows) == 1 + len(Metric)


# --- Setting targets ------------------------------------------------------------------------------------------------


def form_data(world, **overrides) -> dict:
    data = {"branch": world.region5.pk, "year": 2024, "metric": "agreements_signed", "assigned": "4", "striving": "6"}
    data.update(overrides)
    return data


def test_the_new_target_form_is_prefilled_from_the_page(world, browse):
    response = browse("r5_manager").get(
        NEW, {"branch": world.region5_office.pk, "year": 2024, "metric": "satisfaction_pct"}
    )
    form = response.context["form"]
    assert (form["branch"].value(), form["year"].value(), form["metric"].value()) == (
        world.region5_office.pk,
        2024,
        "satisfaction_pct",
    )


def test_a_manager_sets_a_target_and_returns_to_the_page_of_its_unit_and_year(world, browse):
    response = browse("r5_manager").post(NEW, form_data(world, doc_ref="QĐ 45/QĐ-HQ"))
    target = Target.objects.get()
    assert response["Location"] == f"{PAGE}?branch={world.region5.pk}&year=2024"
    assert (target.assigned, target.striving, target.doc_ref, target.created_by) == (
        4,
        6,
        "QĐ 45/QĐ-HQ",
        world.r5_manager,
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"striving": "3"}, "striving", "The striving target cannot be lower than the assigned target."),
        (
            {"metric": "satisfaction_pct", "assigned": "120", "striving": ""},
            "assigned",
            "A percentage target lies between 0 and 100.",
        ),
        (
            {"metric": "answered_on_time_pct", "assigned": "90", "striving": "101"},
            "striving",
            "A percentage target lies between 0 and 100.",
        ),
        ({"assigned": "-2"}, "assigned", "Ensure this value is greater than or equal to 0."),
    ],
)
def test_a_target_breaking_a_rule_shows_the_error_beside_its_field(overrides, field, message, world, browse):
    response = browse("r5_manager").post(NEW, form_data(world, **overrides))
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert f'value="{overrides.get("assigned", "4")}"' in response.text
    assert not Target.objects.exists()


def test_a_second_target_for_a_unit_year_and_metric_is_an_error_beside_the_metric(world, browse):
    set_target(world.region5, Metric.AGREEMENTS_SIGNED, 4)
    response = browse("r5_manager").post(NEW, form_data(world, assigned="8", striving=""))
    assert response.context["form"].errors == {
        "metric": ["This unit already has a target for this metric and year; change that one instead."]
    }
    assert Target.objects.get().assigned == 4


def test_an_officer_may_not_set_or_edit_targets(world, browse):
    target = set_target(world.region5, Metric.AGREEMENTS_SIGNED, 4)
    client = browse("r5_officer")
    assert client.post(NEW, form_data(world, metric="pledges_collected")).status_code == 403
    assert client.post(f"/partnerships/targets/{target.pk}/edit/", form_data(world, assigned="1")).status_code == 403
    assert list(Target.objects.values_list("metric", "assigned")) == [("agreements_signed", 4)]


def test_a_manager_edits_a_target(world, browse):
    target = set_target(world.region5, Metric.AGREEMENTS_SIGNED, 4)
    response = browse("r5_manager").post(f"/partnerships/targets/{target.pk}/edit/", form_data(world, assigned="5"))
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.assigned, target.striving) == (5, 6)


def test_a_manager_outside_the_subtree_gets_404_on_a_region5_target_and_it_is_unchanged(world, client_for):
    target = set_target(world.region5, Metric.AGREEMENTS_SIGNED, 4)
    region6_manager = factories.make_staff(username="r6_manager", branch=world.region6, role="manager")
    client = client_for("anonymous")
    client.force_login(region6_manager)
    assert client.get(f"/partnerships/targets/{target.pk}/edit/").status_code == 404
    assert client.post(f"/partnerships/targets/{target.pk}/edit/", form_data(world, assigned="1")).status_code == 404
    target.refresh_from_db()
    assert target.assigned == 4
    # Nor may it file a target for Region V through the form: the unit is not among its choices.
    response = client.post(NEW, form_data(world, metric="pledges_collected"))
    assert list(response.context["form"].errors) == ["branch"]
    assert Target.objects.count() == 1
