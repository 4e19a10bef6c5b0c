"""The league table: the units under a unit side by side, ranked by any figure; the whole subtree as the total; a
fixed number of queries however many units and rows; the page, its downloads and the API."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Avg
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from crm.dashboard import league
from crm.kpi import grouped, median_of
from crm.models import BranchKind
from crm.periods import parse
from dialogues.models import Question, QuestionChannel
from dialogues.services import questions as question_services
from partnerships.models import AgreementStatus, Metric, Target
from tests import factories
from tests.dialogues.access_portal_questions import log_by_staff
from tests.partnerships.factories import make_agreement


def this_year():
    today = timezone.localdate()
    return today, parse(str(today.year), today=today)


def ask_region6(world, n: int = 1):
    for i in range(n):
        question_services.record_question(
            by=world.r6_officer,
            branch=world.region6,
            channel=QuestionChannel.HOTLINE,
            enterprise=world.ent_r6,
            title=f"Câu hỏi Khu vực VI {i}",
            body="Thủ tục?",
        )


def test_headquarters_ranks_the_regions_and_the_total_is_the_whole_tree(world):
    today, period = this_year()
    for i in range(3):
        log_by_staff(world, title=f"Câu hỏi {i}")
    ask_region6(world)
    make_agreement(branch=world.region6, status=AgreementStatus.ACTIVE, by=world.hq_admin, parties=[world.ent_r6])
    question_services.record_question(
        by=world.hq_admin,
        branch=world.department,
        channel=QuestionChannel.HOTLINE,
        enterprise=world.ent_a,
        title="Câu hỏi gửi Cục",
        body="Thủ tục?",
    )
    table = league(parent=world.department, period=period, sort="questions.received", today=today)
    # The regions, then headquarters' own records (its own staff's questions), beside them.
    assert [(row.unit, row.own) for row in table.rows] == [
        (world.region5, False),
        (world.region6, False),
        (world.department, True),
    ]
    assert [row.rank for row in table.rows] == [1, 2, 2]
    assert [row.kpis["questions.received"].value for row in table.rows] == [3, 1, 1]
    assert table.column("questions.received").value == 5
    assert table.column("agreements.active").value == 1
    for key in ("questions.received", "questions.backlog", "enterprises.managed", "agreements.active"):
        assert table.column(key).value == sum(row.kpis[key].value for row in table.rows), key
    # Reversed: fewest questions first.
    reversed_table = league(
        parent=world.department, period=period, sort="questions.received", descending=False, today=today
    )
    assert [row.unit for row in reversed_table.rows] == [world.region6, world.department, world.region5]


def test_a_figure_where_less_is_better_ranks_the_smallest_first_and_ties_share_a_rank(world):
    today, period = this_year()
    log_by_staff(world)
    ask_region6(world)
    table = league(parent=world.department, period=period, sort="questions.backlog", today=today)
    assert table.descending is False
    assert [(row.unit, row.rank) for row in table.rows] == [
        (world.department, 1),
        (world.region5, 2),
        (world.region6, 2),
    ]  # ties: the units in tree order, the unit's own records after them


def test_units_without_a_value_come_last_and_an_unknown_figure_falls_back(world):
    today, period = this_year()
    table = league(parent=world.department, period=period, sort="no.such.figure", today=today)
    assert table.sort == "questions.on_time_rate"
    assert all(row.kpis["questions.on_time_rate"].value is None for row in table.rows)
    assert [row.rank for row in table.rows] == [None, None, None]
    assert [row.unit for row in table.rows] == [world.region5, world.region6, world.department]


def test_a_regional_manager_ranks_the_offices_under_the_region_with_their_targets(world):
    today, period = this_year()
    Target.objects.create(branch=world.region5_office, year=today.year, metric=Metric.AGREEMENTS_SIGNED, assigned=2)
    make_agreement(branch=world.region5_office, status=AgreementStatus.ACTIVE, by=world.r5_manager)
    table = league(parent=world.region5, period=period, sort="agreements.signed", today=today)
    assert [(row.unit, row.own) for row in table.rows] == [(world.region5_office, False), (world.region5, True)]
    signed = table.rows[0].kpis["agreements.signed"]
    assert (signed.value, signed.target, signed.progress) == (1, 2, 50)


def test_the_league_runs_the_same_queries_however_many_units_and_rows(world):
    today, period = this_year()
    with CaptureQueriesContext(connection) as small:
        league(parent=world.department, period=period, today=today)
    for code, numeral in (("KV07", "VII"), ("KV08", "VIII"), ("KV09", "IX")):
        factories.make_branch(
            kind=BranchKind.REGIONAL, parent=world.department, code=code, roman_numeral=numeral, name_vi=code
        )
    for i in range(5):
        log_by_staff(world, title=f"Câu hỏi {i}")
    ask_region6(world, 3)
    with CaptureQueriesContext(connection) as large:
        league(parent=world.department, period=period, today=today)
    assert len(large) == len(small)
    assert len(large) <= 21  # the dashboard's queries once, and the units under the parent


def test_the_page_ranks_and_switches_sections(world, client_for):
    log_by_staff(world)
    ask_region6(world)
    client = client_for("hq_admin")
    response = client.get("/dashboard/league/", {"sort": "questions.received"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index('data-unit="KV05"') < html.index('data-unit="KV06"')
    assert 'aria-sort="descending"' in html
    section = client.get("/dashboard/league/", {"section": "bank", "sort": "questions.received"})
    assert 'data-kpi="bank.deflection_rate"' in section.content.decode()
    assert 'data-kpi="questions.received"' in section.content.decode()  # the ranked figure stays in view
    bad = client.get("/dashboard/league/", {"period": "2026-Q9"})
    assert bad.status_code == 400


def test_a_unit_without_units_under_it_says_so(world, client_for):
    response = client_for("hq_admin").get("/dashboard/league/", {"unit": world.region5_office.pk})
    assert response.status_code == 200
    assert 'class="empty"' in response.content.decode()


def test_the_league_downloads_every_figure_for_every_unit(world, client_for):
    log_by_staff(world)
    today = timezone.localdate()
    response = client_for("hq_admin").get("/dashboard/league/", {"period": str(today.year), "as": "xlsx"})
    assert response.status_code == 200
    assert f"league-CHQ-{today.year}" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert len(header) > 30
    assert [row[1] for row in body] == ["KV05", "KV06", "CHQ", "CHQ"]
    assert client_for("hq_admin").get("/dashboard/league/", {"as": "pdf"}).status_code == 400


@pytest.mark.parametrize(("params", "field"), [({"sort": "nope"}, "sort"), ({"dir": "up"}, "dir")])
def test_the_api_refuses_an_unknown_figure_or_direction(world, api_for, params, field):
    response = api_for("hq_admin").get("/api/v1/dashboard/league/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_the_api_gives_the_ranked_units_with_every_value(world, api_for):
    log_by_staff(world)
    ask_region6(world, 2)
    response = api_for("hq_admin").get("/api/v1/dashboard/league/", {"sort": "questions.received", "dir": "asc"})
    assert response.status_code == 200
    data = response.json()
    assert data["unit"]["code"] == "CHQ"
    assert (data["sort"], data["descending"]) == ("questions.received", False)
    assert [(row["rank"], row["unit"]["code"], row["own"]) for row in data["rows"]] == [
        (1, "CHQ", True),
        (2, "KV05", False),
        (3, "KV06", False),
    ]
    assert data["rows"][2]["values"]["questions.received"] == 2
    totals = {kpi["key"]: kpi for kpi in data["columns"]}
    assert totals["questions.received"]["value"] == 3


@pytest.mark.parametrize(
    ("histogram", "median"),
    [
        ([], None),
        ([(5, 1)], Decimal("5")),
        ([(1, 1), (2, 1), (3, 1), (10, 1)], Decimal("2.5")),
        ([(3, 2), (1, 1)], Decimal("3")),
        ([(2, 2), (7, 2)], Decimal("4.5")),
        ([(0, 3), (4, 1)], Decimal("0")),
    ],
)
def test_a_median_from_a_histogram_matches_percentile_cont(histogram, median):
    assert median_of(histogram) == median


def test_only_counts_and_sums_add_up_across_branches(world):
    with pytest.raises(TypeError):
        grouped(Question.objects.all(), "branch__path", [world.region5], mean=Avg("answer_working_days"))
