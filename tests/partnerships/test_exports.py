"""CSV/XLSX downloads of the partnerships lists through the API `export` actions (agreements, targets) and the pages'
downloads sharing the same columns: values, the list's filters and scoping, refusals, and a constant query count."""

from datetime import date
from decimal import Decimal

import pytest

from partnerships import exports
from partnerships.models import AgreementStatus, Metric
from partnerships.services import targets as target_services
from tests.export_reading import count_queries, csv_rows, headers, in_english, xlsx_rows
from tests.partnerships.factories import make_agreement, make_draft

pytestmark = pytest.mark.django_db


def as_dicts(rows: list[list]) -> list[dict]:
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_the_agreements_api_export_holds_the_filtered_agreements_with_parties_and_dates(world, api_for):
    make_agreement(
        branch=world.region5,
        status=AgreementStatus.SIGNED,
        by=world.r5_manager,
        parties=[world.ent_a],
        title="Thỏa thuận hợp tác Đông Á",
        doc_number="012/TTHT-KV05",
        signed_on=date(2026, 3, 2),
    )
    make_draft(branch=world.region5, by=world.r5_manager, title="Bản thảo chưa ký")
    make_draft(branch=world.region6, by=world.r6_officer, title="Thỏa thuận Lạng Sơn")
    client = in_english(api_for("r5_officer"))

    rows = csv_rows(client.get("/api/v1/agreements/export/", {"as": "csv", "status": AgreementStatus.SIGNED}))

    assert rows[0] == headers(exports.AGREEMENT_COLUMNS)
    [row] = as_dicts(rows)
    assert row["Document number"] == "012/TTHT-KV05"
    assert row["Title"] == "Thỏa thuận hợp tác Đông Á"
    assert row["Customs unit code"] == "KV05"
    assert row["Parties"] == "2352601817 Công ty TNHH Điện tử Đông Á"
    assert row["Signed on"] == "2026-03-02"
    titles = [
        r["Title"]
        for r in as_dicts(xlsx_rows(in_english(api_for("r6_officer")).get("/api/v1/agreements/export/?as=xlsx")))
    ]
    assert titles == ["Thỏa thuận Lạng Sơn"]


def test_the_agreements_page_download_shares_the_api_columns(world, client_for):
    make_draft(branch=world.region5, by=world.r5_manager, title="Bản thảo chưa ký", doc_number="001/TTHT-KV05")

    rows = xlsx_rows(in_english(client_for("r5_officer")).get("/partnerships/agreements/export/", {"as": "xlsx"}))

    assert rows[0] == headers(exports.AGREEMENT_COLUMNS)
    assert [r["Document number"] for r in as_dicts(rows)] == ["001/TTHT-KV05"]


def test_the_agreements_export_refuses_unknown_formats_and_invalid_filters(world, api_for, client_for):
    assert api_for("r5_officer").get("/api/v1/agreements/export/", {"as": "pdf"}).status_code == 400
    assert api_for("r5_officer").get("/api/v1/agreements/export/", {"status": "nope"}).status_code == 400
    assert client_for("r5_officer").get("/partnerships/agreements/export/", {"as": "pdf"}).status_code == 400
    assert client_for("r5_officer").get("/partnerships/agreements/export/", {"status": "nope"}).status_code == 400
    assert api_for("portal_a").get("/api/v1/agreements/export/").status_code == 403


def test_the_agreements_api_export_runs_as_many_queries_for_30_as_for_3(world, api_for, django_assert_max_num_queries):
    for n in range(3):
        make_draft(branch=world.region5, by=world.r5_manager, title=f"Thỏa thuận {n}")
    client = api_for("r5_officer")
    few = count_queries(client, "/api/v1/agreements/export/", {"as": "csv"})
    for n in range(27):
        make_draft(branch=world.region5, by=world.r5_manager, title=f"Thỏa thuận thêm {n}")
    with django_assert_max_num_queries(few):
        assert len(csv_rows(client.get("/api/v1/agreements/export/", {"as": "csv"}))) == 31


def test_the_targets_api_export_lists_the_targets_in_scope_by_unit_year_and_metric(world, api_for):
    target_services.save_target(
        by=world.r5_manager,
        branch=world.region5,
        year=2026,
        metric=Metric.AGREEMENTS_SIGNED,
        assigned=Decimal(12),
        striving=Decimal(15),
        doc_ref="QĐ 123/QĐ-HQ",
    )
    target_services.save_target(
        by=world.r5_manager, branch=world.region5, year=2025, metric=Metric.AGREEMENTS_SIGNED, assigned=Decimal(10)
    )
    client = in_english(api_for("r5_officer"))

    rows = csv_rows(client.get("/api/v1/targets/export/", {"year": 2026}))

    assert rows[0] == headers(exports.TARGET_COLUMNS)
    assert as_dicts(rows) == [
        {
            "Year": "2026",
            "Customs unit code": "KV05",
            "Customs unit": "Chi cục Hải quan khu vực V",
            "Metric": "Agreements signed",
            "Assigned target": "12.00",
            "Striving target": "15.00",
            "Assigned by (document)": "QĐ 123/QĐ-HQ",
        }
    ]
    assert as_dicts(csv_rows(api_for("r6_officer").get("/api/v1/targets/export/"))) == []
    assert api_for("r5_officer").get("/api/v1/targets/export/", {"as": "ods"}).status_code == 400


# --- Pledge campaigns, pledges and programme enrolments: the API exports share the pages' columns ------------------


def test_the_campaigns_and_pledges_exports_hold_the_callers_rows_with_the_progress(world, api_for):
    from tests.partnerships.test_api_pledges import make_campaign, sign

    campaign = make_campaign(world.region5, name="Không hàng giả 2025", target_signers=4)
    make_campaign(world.region6, name="Chiến dịch Lạng Sơn")
    sign(campaign, world.ent_a, signatory_name="Nguyễn Văn An")
    client = in_english(api_for("r5_officer"))

    campaigns = csv_rows(client.get("/api/v1/pledge-campaigns/export/"))
    assert campaigns[0] == headers(exports.CAMPAIGN_COLUMNS)
    [row] = as_dicts(campaigns)
    assert (row["Campaign"], row["Signed"], row["Progress (%)"]) == ("Không hàng giả 2025", "1", "25.0")

    pledges = as_dicts(xlsx_rows(client.get("/api/v1/pledges/export/", {"as": "xlsx", "campaign": campaign.pk})))
    assert [(p["Campaign"], p["Tax code"], p["Signatory"]) for p in pledges] == [
        ("Không hàng giả 2025", "2352601817", "Nguyễn Văn An")
    ]
    assert as_dicts(csv_rows(in_english(api_for("r6_officer")).get("/api/v1/pledges/export/"))) == []


def test_the_enrolments_export_holds_the_callers_members(world, api_for):
    from tests.partnerships.access_programmes import enrol_through, make_programme

    programme = make_programme()
    enrol_through(programme, world.ent_a, "active")
    enrol_through(programme, world.ent_r6, "active")

    rows = csv_rows(in_english(api_for("r5_officer")).get("/api/v1/enrolments/export/"))

    assert rows[0] == headers(exports.ENROLMENT_COLUMNS)
    assert [row["Tax code"] for row in as_dicts(rows)] == ["2352601817"]
    assert api_for("portal_a").get("/api/v1/enrolments/export/").status_code == 403


@pytest.mark.parametrize("url", ["/api/v1/pledges/export/", "/api/v1/enrolments/export/"])
def test_the_pledges_and_enrolments_exports_run_the_same_queries_for_3_or_30_rows(
    world, api_for, url, django_assert_max_num_queries
):
    from crm.models import Enterprise
    from tests.partnerships.access_programmes import enrol_through, make_programme
    from tests.partnerships.test_api_pledges import enterprises_of, make_campaign, sign

    campaign = make_campaign(world.region5, target_signers=40)
    programme = make_programme()

    def add(enterprises: list[Enterprise]) -> None:
        for enterprise in enterprises:
            sign(campaign, enterprise)
            enrol_through(programme, enterprise, "invited")

    add(enterprises_of(world.region5, 3, prefix="37"))
    client = api_for("r5_officer")
    few = count_queries(client, url, {"as": "csv"})
    add(enterprises_of(world.region5, 27, prefix="38"))
    with django_assert_max_num_queries(few):
        rows = csv_rows(client.get(url, {"as": "csv"}))
    assert len(rows) == 31
