import unicodedata
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from crm.errors import DomainError
from crm.models import Enterprise
from crm.services import enterprises as enterprise_services
from crm.services.enterprises import enterprise_search_text
from crm.taxcodes import make_tax_code
from partnerships import selectors
from partnerships.models import Pledge, PledgeCampaign, PledgeStatus
from partnerships.services import pledges as services
from tests import factories

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n%%EOF\n"
TODAY = timezone.localdate()
START = TODAY - timedelta(days=60)
END = TODAY + timedelta(days=30)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def make_campaign(world, *, branch=None, by=None, **fields) -> PledgeCampaign:
    fields = {
        "name": "Không sản xuất, buôn bán hàng giả, hàng lậu",
        "starts_on": START,
        "ends_on": END,
        "text_vi": "Doanh nghiệp cam kết không sản xuất, buôn bán hàng giả, hàng lậu.",
        "target_signers": 300,
        **fields,
    }
    return services.create_campaign(by=by or world.r5_manager, branch=branch or world.region5, **fields)


@pytest.fixture
def campaign(world) -> PledgeCampaign:
    return make_campaign(world)


def d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


# --- Campaigns ---------------------------------------------------------------------------------------------------


def test_a_campaign_is_created_for_a_unit_of_the_users_subtree(world):
    campaign = make_campaign(world, by=world.r5_officer, branch=world.region5_office, name="  Cam kết 2026  ")

    assert (campaign.branch, campaign.name, campaign.created_by) == (
        world.region5_office,
        "Cam kết 2026",
        world.r5_officer,
    )

    with pytest.raises(DomainError) as error:
        make_campaign(world, by=world.r5_officer, branch=world.region6)
    assert error.value.field == "branch"
    with pytest.raises(DomainError) as error:
        make_campaign(world, starts_on=END, ends_on=START)
    assert (error.value.field, error.value.message) == (
        "ends_on",
        "The campaign must end on or after the day it starts.",
    )
    assert PledgeCampaign.objects.count() == 1


def test_a_campaigns_period_cannot_shrink_past_its_pledges(world, campaign):
    services.record_pledge(campaign=campaign, by=world.r5_officer, enterprise=world.ent_a, signed_on=START)

    with pytest.raises(DomainError) as error:
        services.update_campaign(campaign=campaign, by=world.r5_officer, starts_on=START + timedelta(days=1))
    assert error.value.field == "ends_on"

    campaign.refresh_from_db()
    services.update_campaign(campaign=campaign, by=world.r5_officer, ends_on=TODAY, partner=" Ban Chỉ đạo 389 ")
    campaign.refresh_from_db()
    assert (campaign.starts_on, campaign.ends_on, campaign.partner) == (START, TODAY, "Ban Chỉ đạo 389")


# --- One pledge --------------------------------------------------------------------------------------------------


def test_a_pledge_is_recorded_once_per_enterprise_and_campaign(world, campaign):
    pledge = services.record_pledge(
        campaign=campaign,
        by=world.r5_officer,
        enterprise=world.ent_b,
        signed_on=TODAY,
        signatory_name=" Lê Thị Mai ",
        signatory_title="Giám đốc",
        scan=SimpleUploadedFile("cam-ket.pdf", PDF_BYTES),
    )

    pledge = Pledge.objects.get(pk=pledge.pk)
    assert (pledge.campaign, pledge.enterprise, pledge.signed_on, pledge.status) == (
        campaign,
        world.ent_b,
        TODAY,
        PledgeStatus.ACTIVE,
    )
    assert (pledge.signatory_name, pledge.signatory_title, pledge.created_by) == (
        "Lê Thị Mai",
        "Giám đốc",
        world.r5_officer,
    )
    assert pledge.scan.read() == PDF_BYTES

    with pytest.raises(DomainError) as error:
        services.record_pledge(campaign=campaign, by=world.r5_officer, enterprise=world.ent_b, signed_on=TODAY)
    assert (error.value.field, error.value.message) == (
        "enterprise",
        "This enterprise has already signed a pledge in this campaign.",
    )
    assert Pledge.objects.count() == 1


@pytest.mark.parametrize(
    ("persona", "enterprise", "signed_on", "scan", "field", "message"),
    [
        ("r5_officer", "ent_r6", TODAY, None, "enterprise", "This enterprise is not managed by your units."),
        ("r5_office_officer", "ent_a", TODAY, None, "enterprise", "This enterprise is not managed by your units."),
        (
            "r5_officer",
            "ent_a",
            TODAY + timedelta(days=1),
            None,
            "signed_on",
            "The signing date cannot be in the future.",
        ),
        (
            "r5_officer",
            "ent_a",
            START - timedelta(days=1),
            None,
            "signed_on",
            f"The signing date {d(START - timedelta(days=1))} is outside the campaign ({d(START)} – {d(END)}).",
        ),
        (
            "r5_officer",
            "ent_a",
            TODAY,
            b"GIF89a not a scan",
            "scan",
            "This file is not a valid PDF, JPEG, PNG document; upload the signed scan as PDF, JPEG, PNG.",
        ),
    ],
    ids=["outside-scope", "above-the-office", "future", "before-the-campaign", "not-a-scan"],
)
def test_a_wrong_pledge_is_refused(world, campaign, persona, enterprise, signed_on, scan, field, message):
    with pytest.raises(DomainError) as error:
        services.record_pledge(
            campaign=campaign,
            by=getattr(world, persona),
            enterprise=getattr(world, enterprise),
            signed_on=signed_on,
            scan=SimpleUploadedFile("scan.pdf", scan) if scan else None,
        )

    assert (error.value.field, error.value.message) == (field, message)
    assert not Pledge.objects.exists()


# --- Many pledges ------------------------------------------------------------------------------------------------


def test_pledges_are_recorded_in_bulk_with_each_rows_date_or_the_default(world, campaign):
    ent_c = factories.make_enterprise(managing_branch=world.region5, tax_code="0100233488")
    rows = [
        {"row": 1, "tax_code": "2352601817", "signatory_name": "Park Ji-hoon", "signatory_title": "Tổng Giám đốc"},
        {"row": 2, "tax_code": " 2359 083 018 ", "signed_on": d(START)},
        {"row": 3, "tax_code": "0100233488", "signed_on": START.isoformat()},
    ]

    created = services.record_pledges(campaign=campaign, by=world.r5_officer, rows=rows, signed_on=TODAY)

    assert len(created) == 3
    pledges = Pledge.objects.filter(campaign=campaign).order_by("enterprise__tax_code")
    assert [(p.enterprise, p.signed_on, p.signatory_name, p.signatory_title, p.created_by) for p in pledges] == [
        (ent_c, START, "", "", world.r5_officer),
        (world.ent_a, TODAY, "Park Ji-hoon", "Tổng Giám đốc", world.r5_officer),
        (world.ent_b, START, "", "", world.r5_officer),
    ]


def test_a_bulk_list_with_errors_records_nothing_and_lists_every_error(world, campaign):
    services.record_pledge(campaign=campaign, by=world.r5_officer, enterprise=world.ent_b, signed_on=START)
    ent_c = factories.make_enterprise(managing_branch=world.region5)
    ent_d = factories.make_enterprise(managing_branch=world.region5_office)
    unknown = make_tax_code("010023349")  # valid, but no such enterprise
    before = START - timedelta(days=1)
    rows = [
        {"row": 2, "tax_code": ent_c.tax_code},  # valid on its own
        {"row": 3, "tax_code": "2352601818"},
        {"row": 4, "tax_code": unknown},
        {"row": 5, "tax_code": "4982199351"},
        {"row": 6, "tax_code": "2352601817"},
        {"row": 7, "tax_code": "2352-601-817"},
        {"row": 8, "tax_code": "2359083018"},
        {"row": 9, "tax_code": ent_d.tax_code, "signed_on": d(before)},
        {"row": 10, "tax_code": "12345"},
        {"row": 11, "tax_code": ent_d.tax_code, "signed_on": d(TODAY + timedelta(days=1))},
        {"row": 12, "tax_code": "0100233488", "signed_on": "31/02/2026"},
        {"row": 13, "tax_code": ""},
    ]

    with pytest.raises(services.BulkPledgeError) as error:
        services.record_pledges(campaign=campaign, by=world.r5_officer, rows=rows, signed_on=TODAY)

    assert error.value.errors == [
        (3, "2352601818", "Tax code 2352601818 has a wrong check digit; check the 10th digit."),
        (4, unknown, "No enterprise with this tax code is managed by your units."),
        (5, "4982199351", "No enterprise with this tax code is managed by your units."),
        (7, "2352601817", "Listed twice (also row 6)."),
        (8, "2359083018", f"Already signed in this campaign on {d(START)}."),
        (9, ent_d.tax_code, f"The signing date {d(before)} is outside the campaign ({d(START)} – {d(END)})."),
        (10, "12345", "Tax code 12345 must have 10 digits, or 13 digits written as NNNNNNNNNN-NNN."),
        (11, ent_d.tax_code, "Listed twice (also row 9)."),
        (12, "0100233488", "The date must be written DD/MM/YYYY."),
        (13, "", "Enter a tax code."),
    ]
    assert (error.value.field, error.value.message) == (
        "rows",
        "10 of the rows have errors; nothing was recorded. Correct them and submit again.",
    )
    assert list(Pledge.objects.values_list("enterprise", flat=True)) == [world.ent_b.pk]


@pytest.mark.parametrize(
    ("signed_on", "message"),
    [
        (None, "Give the signing date."),
        (TODAY + timedelta(days=1), "The signing date cannot be in the future."),
        ("2026-13-45", "The date must be written DD/MM/YYYY."),
    ],
)
def test_a_bulk_row_needs_a_plausible_date(world, campaign, signed_on, message):
    rows = [{"row": 1, "tax_code": "2352601817", **({"signed_on": signed_on} if isinstance(signed_on, str) else {})}]

    with pytest.raises(services.BulkPledgeError) as error:
        services.record_pledges(
            campaign=campaign,
            by=world.r5_officer,
            rows=rows,
            signed_on=None if isinstance(signed_on, str) else signed_on,
        )

    assert error.value.errors == [(1, "2352601817", message)]
    assert not Pledge.objects.exists()


def test_an_empty_or_oversized_bulk_list_is_refused(world, campaign):
    with pytest.raises(DomainError) as error:
        services.record_pledges(campaign=campaign, by=world.r5_officer, rows=[], signed_on=TODAY)
    assert (error.value.field, error.value.message) == ("rows", "There are no rows to record.")

    rows = [{"row": n, "tax_code": "2352601817"} for n in range(services.BULK_MAX_ROWS + 1)]
    with pytest.raises(DomainError) as error:
        services.record_pledges(campaign=campaign, by=world.r5_officer, rows=rows, signed_on=TODAY)
    assert error.value.message == "At most 5000 pledges can be recorded at once; split the list."
    assert not Pledge.objects.exists()


def test_rows_without_a_number_are_reported_by_their_position(world, campaign):
    unknown = make_tax_code("010023349")

    with pytest.raises(services.BulkPledgeError) as error:
        services.record_pledges(
            campaign=campaign,
            by=world.r5_officer,
            rows=[{"tax_code": "2352601817"}, {"tax_code": unknown}],
            signed_on=TODAY,
        )

    assert error.value.errors == [(2, unknown, "No enterprise with this tax code is managed by your units.")]


def many_enterprises(branch, count: int) -> list[Enterprise]:
    """`count` enterprises of `branch` in one INSERT (the service would take thousands of queries to set up)."""
    enterprises, n = [], 0
    while len(enterprises) < count:
        n += 1
        code = make_tax_code(f"26{5_000_000 + n:07d}")
        if code:
            enterprise = Enterprise(tax_code=code, name_vi=f"Công ty TNHH Hàng loạt {n}", managing_branch=branch)
            enterprise.search_text = enterprise_search_text(enterprise)
            enterprises.append(enterprise)
    return Enterprise.objects.bulk_create(enterprises)


def test_recording_740_pledges_costs_no_more_queries_than_recording_one(world, campaign, django_assert_max_num_queries):
    enterprises = many_enterprises(world.region5_office, 741)
    with CaptureQueriesContext(connection) as one:
        services.record_pledges(
            campaign=campaign,
            by=world.r5_officer,
            rows=[{"row": 1, "tax_code": enterprises[0].tax_code}],
            signed_on=TODAY,
        )
    rows = [
        {
            "row": n,
            "tax_code": e.tax_code,
            "signatory_name": f"Người ký {n}",
            "signed_on": d(START + timedelta(days=n % 60)),
        }
        for n, e in enumerate(enterprises[1:], start=2)
    ]

    with django_assert_max_num_queries(len(one)):
        created = services.record_pledges(campaign=campaign, by=world.r5_officer, rows=rows)

    assert len(created) == 740
    assert Pledge.objects.filter(campaign=campaign).count() == 741
    assert Pledge.objects.get(enterprise=enterprises[-1]).signatory_name == "Người ký 741"


# --- Parsing -----------------------------------------------------------------------------------------------------


def test_a_pasted_list_gives_one_row_per_non_empty_line_numbered_by_line():
    text = "2352601817\n\n2359083018, Lê Thị Mai; Giám đốc\t01/11/2026\n  \n0100233488;Nguyễn Văn An\n"

    assert services.parse_tax_code_list(text) == [
        {"row": 1, "tax_code": "2352601817"},
        {
            "row": 3,
            "tax_code": "2359083018",
            "signatory_name": "Lê Thị Mai",
            "signatory_title": "Giám đốc",
            "signed_on": "01/11/2026",
        },
        {"row": 5, "tax_code": "0100233488", "signatory_name": "Nguyễn Văn An"},
    ]
    assert services.parse_tax_code_list("") == []


def test_a_csv_with_vietnamese_headers_and_a_bom_is_read():
    data = (
        "Mã số thuế,Người ký,Chức vụ,Ghi chú,Ngày ký\r\n2352601817,Park Ji-hoon,Tổng Giám đốc,x,01/11/2026\r\n,,,,\r\n"
    )
    data += "2359083018,Lê Thị Mai\r\n"

    assert services.parse_pledge_csv(data.encode("utf-8-sig")) == [
        {
            "row": 2,
            "tax_code": "2352601817",
            "signatory_name": "Park Ji-hoon",
            "signatory_title": "Tổng Giám đốc",
            "signed_on": "01/11/2026",
        },
        {"row": 4, "tax_code": "2359083018", "signatory_name": "Lê Thị Mai"},
    ]


@pytest.mark.parametrize("header", ["tax_code", "MST", "Ma so thue", " MÃ SỐ THUẾ "])
def test_the_tax_code_column_may_be_named_in_english_or_vietnamese(header):
    assert services.parse_pledge_csv(f"{header}\n2352601817\n".encode()) == [{"row": 2, "tax_code": "2352601817"}]


def test_decomposed_vietnamese_headers_are_recognised():
    header = unicodedata.normalize("NFD", "Mã số thuế")
    assert services.parse_pledge_csv(f"{header}\n2352601817\n".encode()) == [{"row": 2, "tax_code": "2352601817"}]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        ("\ufeff".encode(), "The file is empty."),
        ("Tên doanh nghiệp,Người ký\nA,B\n".encode(), "The file needs a “tax_code” (or “Mã số thuế”) column."),
        ("Mã số thuế\n2352601817\n".encode("utf-16"), "The file is not UTF-8 text; save it as “CSV UTF-8”."),
    ],
    ids=["empty", "only-a-bom", "no-tax-code-column", "not-utf8"],
)
def test_an_unusable_csv_is_refused(data, message):
    with pytest.raises(DomainError) as error:
        services.parse_pledge_csv(data)

    assert (error.value.field, error.value.message) == ("file", message)


def test_a_parsed_csv_is_recorded_through_the_bulk_service(world, campaign):
    rows = services.parse_pledge_csv(f"MST,Ngày ký\n2352601817,{d(START)}\n2359083018,\n".encode())

    services.record_pledges(campaign=campaign, by=world.r5_officer, rows=rows, signed_on=TODAY)

    assert sorted(Pledge.objects.values_list("enterprise__tax_code", "signed_on")) == [
        ("2352601817", START),
        ("2359083018", TODAY),
    ]


# --- Withdrawal and breach ---------------------------------------------------------------------------------------


@pytest.fixture
def pledge(world, campaign) -> Pledge:
    return services.record_pledge(campaign=campaign, by=world.r5_officer, enterprise=world.ent_a, signed_on=START)


def test_a_withdrawn_pledge_keeps_its_reason_and_date(world, pledge):
    services.withdraw_pledge(pledge=pledge, by=world.r5_officer, reason=" Doanh nghiệp giải thể ", today=TODAY)

    pledge = Pledge.objects.get(pk=pledge.pk)
    assert (pledge.status, pledge.status_reason, pledge.status_changed_on, pledge.updated_by) == (
        PledgeStatus.WITHDRAWN,
        "Doanh nghiệp giải thể",
        TODAY,
        world.r5_officer,
    )


def test_a_breached_pledge_names_the_violation_record(world, pledge):
    services.mark_pledge_breached(
        pledge=pledge, by=world.r5_officer, reference=" QĐ 123/QĐ-XPHC ", note="Buôn bán hàng giả", today=TODAY
    )

    pledge = Pledge.objects.get(pk=pledge.pk)
    assert (pledge.status, pledge.breach_reference, pledge.status_reason, pledge.status_changed_on) == (
        PledgeStatus.BREACHED,
        "QĐ 123/QĐ-XPHC",
        "Buôn bán hàng giả",
        TODAY,
    )


def test_withdrawal_and_breach_need_a_reason_or_a_reference(world, pledge):
    with pytest.raises(DomainError) as error:
        services.withdraw_pledge(pledge=pledge, by=world.r5_officer, reason="  ")
    assert (error.value.field, error.value.message) == ("reason", "Give the reason.")
    with pytest.raises(DomainError) as error:
        services.mark_pledge_breached(pledge=pledge, by=world.r5_officer, reference="")
    assert (error.value.field, error.value.message) == ("reference", "Give the reference of the violation record.")

    assert Pledge.objects.get(pk=pledge.pk).status == PledgeStatus.ACTIVE


@pytest.mark.parametrize("first", ["withdraw", "breach"])
def test_only_an_active_pledge_can_be_withdrawn_or_marked_as_breached(world, pledge, first):
    withdraw = lambda: services.withdraw_pledge(pledge=pledge, by=world.r5_officer, reason="Lý do")  # noqa: E731
    breach = lambda: services.mark_pledge_breached(pledge=pledge, by=world.r5_officer, reference="QĐ 1")  # noqa: E731
    (withdraw if first == "withdraw" else breach)()
    after = Pledge.objects.get(pk=pledge.pk)

    with pytest.raises(DomainError) as error:
        withdraw()
    assert error.value.message == "Only an active pledge can be withdrawn."
    with pytest.raises(DomainError) as error:
        breach()
    assert error.value.message == "Only an active pledge can be marked as breached."

    again = Pledge.objects.get(pk=pledge.pk)
    assert (again.status, again.status_reason, again.breach_reference, again.updated_at) == (
        after.status,
        after.status_reason,
        after.breach_reference,
        after.updated_at,
    )


def test_a_scan_is_attached_later_only_if_it_is_a_scan(world, pledge):
    services.attach_pledge_scan(pledge=pledge, by=world.r5_officer, scan=SimpleUploadedFile("a.pdf", PDF_BYTES))
    assert Pledge.objects.get(pk=pledge.pk).scan.read() == PDF_BYTES

    with pytest.raises(DomainError) as error:
        services.attach_pledge_scan(pledge=pledge, by=world.r5_officer, scan=SimpleUploadedFile("b.pdf", b"plain text"))
    assert error.value.field == "scan"


# --- Who has not signed yet --------------------------------------------------------------------------------------


def test_non_signers_are_the_active_enterprises_of_the_campaigns_subtree_and_segment_without_a_pledge(world):
    segment = factories.SegmentFactory(code="processing", name_vi="Gia công – SXXK")
    other_segment = factories.SegmentFactory(code="trading", name_vi="Kinh doanh thương mại")
    for enterprise in (world.ent_a, world.ent_b, world.ent_r6):
        enterprise_services.update_enterprise(enterprise=enterprise, by=None, segments=[segment])
    signer = factories.make_enterprise(managing_branch=world.region5, name_vi="Công ty A Đã ký", segments=[segment])
    closed = factories.make_enterprise(managing_branch=world.region5, name_vi="Công ty B Ngừng", segments=[segment])
    enterprise_services.deactivate_enterprise(enterprise=closed, by=None)
    factories.make_enterprise(managing_branch=world.region5, name_vi="Công ty C Thương mại", segments=[other_segment])
    campaign = make_campaign(world, target_segment=segment)
    everyone = make_campaign(world, name="Tuân thủ pháp luật hải quan")
    office = make_campaign(world, branch=world.region5_office, name="Cam kết Yên Phong")
    for target in (campaign, everyone):  # the office campaign only takes enterprises the office manages
        services.record_pledge(campaign=target, by=None, enterprise=signer, signed_on=TODAY)

    def names(user, target):
        return [e.name_vi for e in selectors.campaign_non_signers(user, target)]

    assert names(world.r5_officer, campaign) == ["Công ty TNHH Điện tử Đông Á", "Công ty TNHH Quang học Yên Phong"]
    assert names(world.hq_admin, campaign) == names(world.r5_officer, campaign)  # Region VI is outside the campaign
    assert names(world.r5_officer, everyone) == [
        "Công ty C Thương mại",
        "Công ty TNHH Điện tử Đông Á",
        "Công ty TNHH Quang học Yên Phong",
    ]
    assert names(world.r5_office_officer, everyone) == ["Công ty TNHH Quang học Yên Phong"]
    assert names(world.r5_officer, office) == ["Công ty TNHH Quang học Yên Phong"]
    assert names(world.r6_officer, everyone) == []

    services.record_pledge(campaign=campaign, by=None, enterprise=world.ent_b, signed_on=TODAY)
    assert names(world.r5_officer, campaign) == ["Công ty TNHH Điện tử Đông Á"]
