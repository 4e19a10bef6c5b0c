"""Monthly statistics: the rules of the service, the CSV/XLSX import, the KPIs and targets they feed, and the pages."""

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm.errors import DomainError
from crm.kpi import resolve
from crm.periods import Period
from partnerships import progress
from partnerships.kpis_statistics import statistic_kpis
from partnerships.models import Metric, MonthlyStatistic, StatisticSource
from partnerships.services import statistics as services

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 20)


def save(branch, month, *, by=None, **figures) -> MonthlyStatistic:
    return services.save_monthly_statistic(by=by, branch=branch, month=month, today=TODAY, **figures)


def upload(text: str, name: str = "stats.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def xlsx(rows: list[list]) -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("stats.xlsx", buffer.getvalue())


# --- Numbers and months as people write them ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1234567", 1234567), ("1.234.567", 1234567), ("1,234,567", 1234567), ("1 234 567", 1234567), ("0", 0)],
)
def test_whole_numbers_are_read_with_dots_commas_or_spaces_between_thousands(text, expected):
    assert services.parse_whole(text) == expected


@pytest.mark.parametrize("text", ["12.5", "1.23.456", "abc", "1,2345"])
def test_a_whole_number_with_decimals_or_odd_grouping_is_refused(text):
    with pytest.raises(ValueError, match=r"."):
        services.parse_whole(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234,567.89", "1234567.89"),
        ("1.234.567,89", "1234567.89"),
        ("1234567.89", "1234567.89"),
        ("1234567,5", "1234567.50"),
        ("1,234,567", "1234567.00"),
        ("12.345", "12345.00"),
        ("1234.5678", "1234.57"),
        ("250000", "250000.00"),
    ],
)
def test_usd_amounts_accept_english_and_vietnamese_separators(text, expected):
    assert services.parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-05", date(2026, 5, 1)),
        ("05/2026", date(2026, 5, 1)),
        ("5/2026", date(2026, 5, 1)),
        ("Tháng 5/2026", date(2026, 5, 1)),
        ("2026-05-01", date(2026, 5, 1)),
        ("2026-05-01T00:00:00", date(2026, 5, 1)),
        ("13/2026", None),
        ("May 2026", None),
    ],
)
def test_months_are_read_as_2026_05_or_05_2026(text, expected):
    assert services.parse_month(text) == expected


# --- The rules ------------------------------------------------------------------------------------------------------


def test_a_month_is_stored_as_its_first_day_with_unknown_figures_left_blank(world):
    statistic = save(world.region5, date(2026, 4, 17), budget_revenue_vnd=Decimal(1_200_000_000_000))
    statistic.refresh_from_db()
    assert statistic.month == date(2026, 4, 1)
    assert statistic.budget_revenue_vnd == Decimal(1_200_000_000_000)
    assert statistic.declarations_import is None
    assert statistic.source == StatisticSource.MANUAL


def test_channels_must_add_up_to_the_declarations_when_all_five_are_given(world):
    with pytest.raises(DomainError) as caught:
        save(
            world.region5,
            date(2026, 4, 1),
            declarations_import=100,
            declarations_export=50,
            channel_green=120,
            channel_yellow=20,
            channel_red=5,
        )
    assert caught.value.field == "channel_red"
    assert MonthlyStatistic.objects.count() == 0
    saved = save(
        world.region5,
        date(2026, 4, 1),
        declarations_import=100,
        declarations_export=50,
        channel_green=120,
        channel_yellow=25,
    )
    assert saved.channel_red is None  # four of five given: nothing to compare yet


def test_a_future_month_is_refused_but_the_current_one_is_accepted(world):
    with pytest.raises(DomainError) as caught:
        save(world.region5, date(2026, 6, 1), budget_revenue_vnd=1)
    assert caught.value.field == "month"
    assert save(world.region5, date(2026, 5, 1), budget_revenue_vnd=1).month == date(2026, 5, 1)


def test_a_unit_has_one_row_per_month(world):
    save(world.region5, date(2026, 4, 1), budget_revenue_vnd=1)
    with pytest.raises(DomainError) as caught:
        save(world.region5, date(2026, 4, 1), budget_revenue_vnd=2)
    assert caught.value.field == "month"


def test_a_month_is_refused_below_a_unit_that_has_it_naming_that_unit(world):
    save(world.region5, date(2026, 4, 1), budget_revenue_vnd=1)
    with pytest.raises(DomainError) as caught:
        save(world.region5_office, date(2026, 4, 1), budget_revenue_vnd=2)
    assert caught.value.field == "branch"
    assert world.region5.name_vi in caught.value.message
    assert save(world.region5_office, date(2026, 3, 1), budget_revenue_vnd=2).branch == world.region5_office


def test_a_month_is_refused_above_a_unit_that_has_it_naming_that_unit(world):
    save(world.region5_office, date(2026, 4, 1), budget_revenue_vnd=1)
    for unit in (world.region5, world.department):
        with pytest.raises(DomainError) as caught:
            save(unit, date(2026, 4, 1), budget_revenue_vnd=2)
        assert caught.value.field == "branch"
        assert world.region5_office.name_vi in caught.value.message
    assert save(world.region6, date(2026, 4, 1), budget_revenue_vnd=3).branch == world.region6


def test_only_managers_enter_figures_and_only_for_their_subtree(world):
    with pytest.raises(PermissionDenied):
        save(world.region5, date(2026, 4, 1), by=world.r5_officer, budget_revenue_vnd=1)
    with pytest.raises(DomainError) as caught:
        save(world.region6, date(2026, 4, 1), by=world.r5_manager, budget_revenue_vnd=1)
    assert caught.value.field == "branch"
    assert MonthlyStatistic.objects.count() == 0
    assert save(world.region5_office, date(2026, 4, 1), by=world.r5_manager, budget_revenue_vnd=1).created_by == (
        world.r5_manager
    )


# --- Import ---------------------------------------------------------------------------------------------------------

CSV_OK = (
    "Mã đơn vị,Tháng,Thu ngân sách (VNĐ),Tờ khai nhập khẩu,Tờ khai xuất khẩu,Luồng xanh,Luồng vàng,Luồng đỏ,"
    "Kim ngạch nhập khẩu (USD),Kim ngạch xuất khẩu (USD),Số doanh nghiệp hoạt động\n"
    'KV05-YP,03/2026,"512.345.000.000","10.250","12.480","15.900","5.830","1.000","1,250,000,000.50",'
    '"1.480.000.000",1245\n'
    "KV06,2026-03,98000000000,300,200,400,80,20,,,\n"
)


def test_a_clean_csv_previews_then_writes_every_row(world):
    report = services.import_statistics_file(upload=upload(CSV_OK), by=world.hq_admin, dry_run=True, today=TODAY)
    assert (report.total_rows, report.created, report.updated, report.errors) == (2, 2, 0, [])
    assert [p["branch"] for p in report.preview] == ["KV05-YP", "KV06"]
    assert MonthlyStatistic.objects.count() == 0

    report = services.import_statistics_file(upload=upload(CSV_OK), by=world.hq_admin, dry_run=False, today=TODAY)
    assert (report.created, report.errors) == (2, [])
    office = MonthlyStatistic.objects.get(branch=world.region5_office)
    assert office.month == date(2026, 3, 1)
    assert office.budget_revenue_vnd == Decimal(512_345_000_000)
    assert (office.declarations_import, office.declarations_export) == (10_250, 12_480)
    assert (office.channel_green, office.channel_yellow, office.channel_red) == (15_900, 5_830, 1_000)
    assert office.trade_import_usd == Decimal("1250000000.50")
    assert office.trade_export_usd == Decimal("1480000000.00")
    assert office.active_enterprises == 1245
    assert office.source == StatisticSource.IMPORT
    assert office.created_by == world.hq_admin
    region6 = MonthlyStatistic.objects.get(branch=world.region6)
    assert region6.trade_import_usd is None


def test_an_xlsx_file_with_english_headers_and_numeric_cells_is_imported(world):
    file = xlsx(
        [
            ["unit code", "month", "budget revenue (VND)", "import declarations", "export declarations"],
            ["KV05", date(2026, 2, 1), 1_150_000_000_000, 41_000, 52_000],
            ["kv05-yp", "01/2026", None, 9_000, 11_000],
        ]
    )
    report = services.import_statistics_file(upload=file, by=world.r5_manager, dry_run=False, today=TODAY)
    assert report.errors == []
    assert report.created == 2
    region5 = MonthlyStatistic.objects.get(branch=world.region5)
    assert (region5.month, region5.budget_revenue_vnd, region5.declarations_export) == (
        date(2026, 2, 1),
        Decimal(1_150_000_000_000),
        52_000,
    )
    office = MonthlyStatistic.objects.get(branch=world.region5_office)
    assert (office.month, office.budget_revenue_vnd, office.declarations_import) == (date(2026, 1, 1), None, 9_000)


def test_a_file_with_any_bad_row_writes_nothing_and_reports_each_row(world):
    text = (
        "unit code,month,budget revenue,import declarations,export declarations,green,yellow,red\n"
        "KV05,2026-03,1000,10,10,20,0,0\n"  # fine
        "KV06,2026-03,-5,,,,,\n"  # outside Region V: reported as unknown; negative revenue
        "KV05-YP,2026-13,abc,,,,,\n"  # bad month, bad amount
        "KV05-YP,2026-07,1,,,,,\n"  # future month
        "KV05,2026-04,1,10,10,5,5,5\n"  # channels do not add up
        "KV05,2026-03,2,,,,,\n"  # the same unit and month twice
    )
    report = services.import_statistics_file(upload=upload(text), by=world.r5_manager, dry_run=False, today=TODAY)
    assert [(e.row, e.field) for e in report.errors] == [
        (3, "branch"),
        (3, "budget_revenue_vnd"),
        (4, "month"),
        (4, "budget_revenue_vnd"),
        (5, "month"),
        (6, "channel_red"),
        (7, "month"),
    ]
    assert MonthlyStatistic.objects.count() == 0


def test_an_import_refuses_a_month_held_at_another_level_in_the_file_or_the_database(world):
    save(world.region5_office, date(2026, 3, 1), budget_revenue_vnd=1)
    text = "unit code,month,budget revenue\nKV05,2026-03,5\nKV05,2026-02,5\nKV05-YP,2026-02,7\n"
    report = services.import_statistics_file(upload=upload(text), by=world.r5_manager, dry_run=False, today=TODAY)
    assert [(e.row, e.field) for e in report.errors] == [(2, "branch"), (4, "branch")]
    assert world.region5_office.name_vi in report.errors[0].message
    assert MonthlyStatistic.objects.count() == 1


def test_an_import_updates_an_existing_month_in_the_columns_it_has(world):
    save(world.region5, date(2026, 3, 1), budget_revenue_vnd=1, active_enterprises=900, note="Số liệu tạm tính")
    text = "unit code,month,budget revenue,active enterprises\nKV05,2026-03,2.000,\n"
    report = services.import_statistics_file(upload=upload(text), by=world.r5_manager, dry_run=False, today=TODAY)
    assert (report.created, report.updated, report.errors) == (0, 1, [])
    statistic = MonthlyStatistic.objects.get()
    assert (statistic.budget_revenue_vnd, statistic.active_enterprises) == (Decimal(2000), 900)
    assert statistic.source == StatisticSource.IMPORT
    assert statistic.updated_by == world.r5_manager


@pytest.mark.parametrize(
    "text",
    [
        "",
        "month,budget revenue\n2026-03,5\n",  # no unit column
        "unit code,month,note\nKV05,2026-03,x\n",  # no figures
        "unit code,month,budget revenue\n",  # nothing under the header
    ],
)
def test_an_unusable_file_is_a_file_error(world, text):
    with pytest.raises(DomainError) as caught:
        services.import_statistics_file(upload=upload(text), by=world.r5_manager, dry_run=True, today=TODAY)
    assert caught.value.field == "file"


def test_officers_cannot_import(world):
    with pytest.raises(PermissionDenied):
        services.import_statistics_file(upload=upload(CSV_OK), by=world.r5_officer, dry_run=True, today=TODAY)


# --- KPIs and targets ---------------------------------------------------------------------------------------------


@pytest.fixture
def figures(world):
    """Region V: March and April 2026 at the office, May 2026 at the region; Region VI: March 2026 and March 2025."""
    save(
        world.region5_office,
        date(2026, 3, 1),
        budget_revenue_vnd=100,
        declarations_import=10,
        declarations_export=20,
        channel_green=25,
        channel_yellow=4,
        channel_red=1,
        trade_import_usd=Decimal("1.50"),
        trade_export_usd=Decimal("2.25"),
        active_enterprises=40,
    )
    save(world.region5_office, date(2026, 4, 1), budget_revenue_vnd=200, declarations_import=5, active_enterprises=42)
    save(world.region5, date(2026, 5, 1), budget_revenue_vnd=300, trade_export_usd=Decimal(10))
    save(world.region6, date(2026, 3, 1), budget_revenue_vnd=7, declarations_export=3, active_enterprises=9)
    save(world.region6, date(2025, 3, 1), budget_revenue_vnd=5, active_enterprises=8)
    save(world.region5_office, date(2025, 4, 1), budget_revenue_vnd=50)


def test_statistic_kpis_sum_each_units_subtree_for_both_periods_in_one_query(world, figures, django_assert_num_queries):
    current = Period("half", date(2026, 1, 1), date(2026, 6, 30))
    periods = [current, current.previous_year()]
    units = resolve([world.region5, world.region6])  # the dashboard resolves the subtrees once for every figure
    with django_assert_num_queries(1):
        result = statistic_kpis(units, periods, TODAY)
    r5 = {kpi.key: kpi for kpi in result[world.region5.pk]}
    r6 = {kpi.key: kpi for kpi in result[world.region6.pk]}
    assert r5["statistics.budget_revenue"].values == [Decimal(600), Decimal(50)]
    assert r5["statistics.budget_revenue"].metric == Metric.BUDGET_REVENUE_VND
    assert r5["statistics.budget_revenue"].unit == "vnd"
    assert r5["statistics.budget_revenue"].drill == "statistic-list"
    assert r5["statistics.declarations"].values == [35, None]
    assert [value for _label, value in r5["statistics.declarations"].breakdown] == [25, 4, 1, 15, 20]
    assert r5["statistics.trade_value"].values == [Decimal("13.75"), None]
    assert [value for _label, value in r5["statistics.trade_value"].breakdown] == [Decimal("1.50"), Decimal("12.25")]
    assert r5["statistics.active_enterprises"].values == [42, None]
    assert r6["statistics.budget_revenue"].values == [Decimal(7), Decimal(5)]
    assert r6["statistics.declarations"].values == [3, None]
    assert r6["statistics.trade_value"].values == [None, None]
    assert r6["statistics.active_enterprises"].values == [9, 8]


def test_a_period_counts_every_month_it_overlaps(world, figures):
    custom = Period("custom", date(2026, 3, 15), date(2026, 4, 2))
    result = statistic_kpis([world.region5], [custom], TODAY)[world.region5.pk]
    assert result[0].values == [Decimal(300)]


def test_the_revenue_declaration_and_trade_targets_measure_the_subtrees_year(world, figures):
    path = world.region5.path
    assert progress.source(Metric.BUDGET_REVENUE_VND)(path, 2026) == Decimal(600)
    assert progress.source(Metric.DECLARATIONS)(path, 2026) == 35
    assert progress.source(Metric.TRADE_VALUE_USD)(path, 2026) == Decimal("13.75")
    assert progress.source(Metric.TRADE_VALUE_USD)(path, 2024) is None
    assert progress.source(Metric.BUDGET_REVENUE_VND)(world.department.path, 2026) == Decimal(607)


# --- Pages --------------------------------------------------------------------------------------------------------


def _rows(world, months: range) -> None:
    for i in months:
        save(world.region5_office, date(2020 + i // 12, i % 12 + 1, 1), budget_revenue_vnd=1000 + i)


def test_the_list_runs_the_same_number_of_queries_for_3_or_30_rows(world, client_for, django_assert_max_num_queries):
    client = client_for("r5_officer")
    _rows(world, range(3))
    client.get("/partnerships/statistics/")  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get("/partnerships/statistics/")
    _rows(world, range(3, 30))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/partnerships/statistics/")
    assert response.context["page_obj"].paginator.count == 30


def test_the_list_shows_the_subtree_with_a_totals_row_over_every_page(world, client_for, figures):
    response = client_for("r5_officer").get("/partnerships/statistics/", {"year": 2026})
    assert response.status_code == 200
    assert [s.branch.code for s in response.context["statistics"]] == ["KV05", "KV05-YP", "KV05-YP"]
    assert response.context["totals"]["budget_revenue_vnd"] == Decimal(600)
    assert response.context["totals"]["declarations_import"] == 15
    office = client_for("r5_office_officer").get("/partnerships/statistics/", {"branch": world.region5.pk})
    assert office.context["filter_errors"]  # Region V lies above the office's scope: refused like a missing unit


def test_the_export_holds_the_filtered_rows_of_the_scope(world, client_for, figures):
    response = client_for("r5_officer").get("/partnerships/statistics/export/", {"as": "csv", "year": 2026})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [(row[0], row[2], row[3]) for row in rows[1:]] == [
        ("KV05", "2026-05", "300"),
        ("KV05-YP", "2026-04", "200"),
        ("KV05-YP", "2026-03", "100"),
    ]
    response = client_for("hq_admin").get(
        "/partnerships/statistics/export/", {"as": "xlsx", "branch": world.region6.pk}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [(row[0], row[2], row[3]) for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        ("KV06", "2026-03", 7),
        ("KV06", "2025-03", 5),
    ]


def test_the_form_shows_a_refused_rule_beside_its_field_and_keeps_the_input(world, client_for):
    response = client_for("r5_manager").post(
        "/partnerships/statistics/new/",
        {
            "branch": world.region5.pk,
            "month": "2025-03",
            "declarations_import": "10",
            "declarations_export": "10",
            "channel_green": "10",
            "channel_yellow": "1",
            "channel_red": "1",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["channel_red"]
    assert form["channel_green"].value() == "10"
    assert MonthlyStatistic.objects.count() == 0


def test_a_manager_edits_and_deletes_figures_of_the_subtree(world, client_for):
    statistic = save(world.region5_office, date(2025, 3, 1), budget_revenue_vnd=1)
    client = client_for("r5_manager")
    response = client.post(
        f"/partnerships/statistics/{statistic.pk}/edit/",
        {"branch": world.region5_office.pk, "month": "2025-03", "budget_revenue_vnd": "5", "note": "Đã đối chiếu"},
    )
    assert response.status_code == 302
    statistic.refresh_from_db()
    assert (statistic.budget_revenue_vnd, statistic.note) == (Decimal(5), "Đã đối chiếu")
    assert client.post(f"/partnerships/statistics/{statistic.pk}/delete/").status_code == 302
    assert MonthlyStatistic.objects.count() == 0


def test_an_outsider_posting_the_edit_form_gets_404_and_nothing_changes(world, client_for):
    statistic = save(world.region6, date(2025, 3, 1), budget_revenue_vnd=1)
    response = client_for("r5_manager").post(
        f"/partnerships/statistics/{statistic.pk}/edit/",
        {"branch": world.region5.pk, "month": "2025-03", "budget_revenue_vnd": "5"},
    )
    assert response.status_code == 404
    assert client_for("r5_manager").post(f"/partnerships/statistics/{statistic.pk}/delete/").status_code == 404
    statistic.refresh_from_db()
    assert statistic.budget_revenue_vnd == Decimal(1)


def test_the_import_page_previews_then_confirms_without_a_second_upload(world, client_for):
    client = client_for("r5_manager")
    text = "Mã đơn vị,Tháng,Thu ngân sách\nKV05,2025-03,1.000\nKV05-YP,2025-04,2.000\n"
    response = client.post("/partnerships/statistics/import/", {"file": upload(text)})
    assert response.status_code == 200
    assert response.context["can_confirm"] is True
    assert [p["branch"] for p in response.context["report"].preview] == ["KV05", "KV05-YP"]
    assert MonthlyStatistic.objects.count() == 0
    response = client.post("/partnerships/statistics/import/", {"action": "confirm"})
    assert response.status_code == 302
    assert sorted(MonthlyStatistic.objects.values_list("branch__code", "budget_revenue_vnd")) == [
        ("KV05", Decimal(1000)),
        ("KV05-YP", Decimal(2000)),
    ]


def test_the_import_page_lists_row_errors_and_offers_no_confirmation(world, client_for):
    text = "Mã đơn vị,Tháng,Thu ngân sách\nKV06,2025-03,1.000\n"
    response = client_for("r5_manager").post("/partnerships/statistics/import/", {"file": upload(text)})
    assert [(e.row, e.field) for e in response.context["report"].errors] == [(2, "branch")]
    assert response.context["can_confirm"] is False


def test_a_file_that_is_not_a_spreadsheet_is_shown_beside_the_file_field(world, client_for):
    file = SimpleUploadedFile("stats.csv", b"\x00\x01\x02binary\x00" * 20)
    response = client_for("r5_manager").post("/partnerships/statistics/import/", {"file": file})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["file"]


def test_the_template_file_is_an_xlsx_whose_headers_the_import_reads(world, client_for):
    response = client_for("r5_manager").get("/partnerships/statistics/import/", {"template": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    headers = list(next(sheet.iter_rows(values_only=True)))
    assert {services.HEADER_FIELDS[services.column_key(h)] for h in headers} == set(services.COLUMN_ALIASES)
