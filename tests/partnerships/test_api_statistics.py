"""The monthly statistics API: scoped lists and filters, writes through the service, import and export."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partnerships.models import MonthlyStatistic
from partnerships.services import statistics as services

pytestmark = pytest.mark.django_db
URL = "/api/v1/monthly-stats/"


def save(branch, month, **figures) -> MonthlyStatistic:
    return services.save_monthly_statistic(by=None, branch=branch, month=month, **figures)


@pytest.fixture
def rows(world):
    return {
        "r5_2025_12": save(world.region5, date(2025, 12, 1), budget_revenue_vnd=1),
        "office_2026_01": save(world.region5_office, date(2026, 1, 1), budget_revenue_vnd=2),
        "office_2026_02": save(world.region5_office, date(2026, 2, 1), budget_revenue_vnd=3),
        "r6_2026_01": save(world.region6, date(2026, 1, 1), budget_revenue_vnd=4),
    }


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()["results"]]


def test_the_list_holds_the_callers_subtree_newest_month_first(world, rows, api_for):
    assert ids(api_for("r5_officer").get(URL)) == [
        rows["office_2026_02"].pk,
        rows["office_2026_01"].pk,
        rows["r5_2025_12"].pk,
    ]
    assert ids(api_for("r5_office_officer").get(URL)) == [rows["office_2026_02"].pk, rows["office_2026_01"].pk]
    assert len(ids(api_for("hq_admin").get(URL))) == 4


def test_the_list_filters_by_subtree_year_and_month_range(world, rows, api_for):
    client = api_for("hq_admin")
    assert ids(client.get(URL, {"branch": world.region5_office.pk})) == [
        rows["office_2026_02"].pk,
        rows["office_2026_01"].pk,
    ]
    assert ids(client.get(URL, {"year": 2025})) == [rows["r5_2025_12"].pk]
    assert ids(client.get(URL, {"month_from": "2026-01", "month_to": "2026-01"})) == [
        rows["office_2026_01"].pk,
        rows["r6_2026_01"].pk,
    ]
    foreign = api_for("r5_officer").get(URL, {"branch": world.region6.pk})
    assert foreign.status_code == 400
    assert "branch" in foreign.json()


def test_a_row_reads_with_its_unit_and_month(world, rows, api_for):
    payload = api_for("r5_officer").get(f"{URL}{rows['office_2026_01'].pk}/").json()
    assert payload["branch_code"] == "KV05-YP"
    assert payload["month"] == "2026-01"
    assert payload["budget_revenue_vnd"] == "2"
    assert payload["declarations_import"] is None
    assert payload["source"] == "manual"


def test_a_manager_creates_figures_and_the_month_accepts_05_2025(world, api_for):
    response = api_for("r5_manager").post(
        URL,
        {
            "branch": world.region5_office.pk,
            "month": "05/2025",
            "declarations_import": 10,
            "declarations_export": 5,
            "channel_green": 12,
            "channel_yellow": 2,
            "channel_red": 1,
            "trade_import_usd": "1500.25",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    statistic = MonthlyStatistic.objects.get(pk=response.json()["id"])
    assert (statistic.month, statistic.trade_import_usd, statistic.created_by) == (
        date(2025, 5, 1),
        Decimal("1500.25"),
        world.r5_manager,
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"month": "2025-13"}, "month"),
        ({"month": "2999-01"}, "month"),
        ({"month": "2025-05", "budget_revenue_vnd": "-1"}, "budget_revenue_vnd"),
        ({"month": "2025-05", "declarations_import": -1}, "declarations_import"),
        (
            {
                "month": "2025-05",
                "declarations_import": 1,
                "declarations_export": 1,
                "channel_green": 1,
                "channel_yellow": 0,
                "channel_red": 0,
            },
            "channel_red",
        ),
    ],
)
def test_bad_figures_are_a_400_on_the_field(world, api_for, body, field):
    response = api_for("r5_manager").post(URL, {"branch": world.region5.pk, **body}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert MonthlyStatistic.objects.count() == 0


def test_a_month_held_at_another_level_is_a_400_on_the_branch(world, rows, api_for):
    response = api_for("r5_manager").post(
        URL, {"branch": world.region5.pk, "month": "2026-01", "budget_revenue_vnd": "9"}, format="json"
    )
    assert response.status_code == 400
    assert "branch" in response.json()


def test_a_foreign_row_is_a_404_for_update_and_delete_and_nothing_changes(world, rows, api_for):
    client = api_for("r5_manager")
    row = rows["r6_2026_01"]
    assert client.patch(f"{URL}{row.pk}/", {"budget_revenue_vnd": "99"}, format="json").status_code == 404
    assert client.delete(f"{URL}{row.pk}/").status_code == 404
    row.refresh_from_db()
    assert row.budget_revenue_vnd == Decimal(4)


def test_a_manager_updates_and_deletes_a_row_of_the_subtree(world, rows, api_for):
    client = api_for("r5_manager")
    row = rows["office_2026_01"]
    response = client.patch(f"{URL}{row.pk}/", {"active_enterprises": 120}, format="json")
    assert response.status_code == 200
    row.refresh_from_db()
    assert (row.active_enterprises, row.budget_revenue_vnd) == (120, Decimal(2))
    assert client.delete(f"{URL}{row.pk}/").status_code == 204
    assert not MonthlyStatistic.objects.filter(pk=row.pk).exists()


def _file(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("stats.csv", text.encode(), content_type="text/csv")


def test_the_import_is_a_dry_run_by_default_then_writes_all_rows(world, api_for):
    client = api_for("r5_manager")
    text = 'unit code,month,budget revenue (VND)\nKV05,2025-03,"1,000"\nKV05-YP,2025-04,2.000\n'
    response = client.post(f"{URL}import/", {"file": _file(text)}, format="multipart")
    assert response.status_code == 200
    assert response.json()["dry_run"] is True
    assert response.json()["created"] == 2
    assert MonthlyStatistic.objects.count() == 0
    response = client.post(f"{URL}import/", {"file": _file(text), "dry_run": "false"}, format="multipart")
    assert response.status_code == 200
    assert sorted(MonthlyStatistic.objects.values_list("branch__code", "budget_revenue_vnd")) == [
        ("KV05", Decimal(1000)),
        ("KV05-YP", Decimal(2000)),
    ]


def test_an_import_with_row_errors_is_a_400_listing_them_and_writes_nothing(world, api_for):
    text = "unit code,month,budget revenue\nKV05,2025-03,1\nKV06,2025-03,2\n"
    response = api_for("r5_manager").post(
        f"{URL}import/", {"file": _file(text), "dry_run": "false"}, format="multipart"
    )
    assert response.status_code == 400
    assert [(e["row"], e["field"]) for e in response.json()["errors"]] == [(3, "branch")]
    assert MonthlyStatistic.objects.count() == 0


@pytest.mark.parametrize("content", [b"", b"\x00\x01binary\x00" * 30, b"PK\x03\x04broken zip"])
def test_an_unusable_file_is_a_400_on_the_file(world, api_for, content):
    upload = SimpleUploadedFile("stats.xlsx", content)
    response = api_for("r5_manager").post(f"{URL}import/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()


def test_a_file_above_the_size_limit_is_a_400(world, api_for, settings):
    settings.IMPORT_MAX_BYTES = 64
    text = "unit code,month,budget revenue\n" + "KV05,2025-03,1\n" * 10
    response = api_for("r5_manager").post(f"{URL}import/", {"file": _file(text)}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()


def test_the_export_holds_the_filtered_rows_of_the_scope(world, rows, api_for):
    response = api_for("r5_officer").get(f"{URL}export/", {"as": "csv", "year": 2026})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(content)))
    assert [(line[0], line[2], line[3]) for line in lines[1:]] == [
        ("KV05-YP", "2026-02", "3"),
        ("KV05-YP", "2026-01", "2"),
    ]


def test_the_list_runs_a_constant_number_of_queries(world, api_for, django_assert_max_num_queries):
    for month in range(1, 13):
        save(world.region5_office, date(2024, month, 1), budget_revenue_vnd=month)
    with django_assert_max_num_queries(6):
        response = api_for("r5_officer").get(URL)
    assert response.json()["count"] == 12
