import csv
import io

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from crm.errors import DomainError
from crm.models import Enterprise
from crm.services import reference as reference_services
from crm.services.imports import import_enterprises_file
from crm.taxcodes import make_tax_code
from tests import factories

pytestmark = pytest.mark.django_db

NEW_A = make_tax_code("230000001")  # 2300000011
NEW_B = make_tax_code("230000002")  # 2300000029
NEW_C = make_tax_code("230000003")
WRONG_CHECK_DIGIT = NEW_A[:9] + str((int(NEW_A[9]) + 1) % 10)

VI_HEADER = ["Mã số thuế", "Tên doanh nghiệp", "Mã đơn vị quản lý", "Tỉnh", "Mã loại hình", "Nhóm doanh nghiệp"]


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English (the source language); the site's default language is Vietnamese."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def reference(world):
    province = reference_services.save_province(by=None, code="27", name_vi="Bắc Ninh", name_en="Bac Ninh")
    segment = factories.SegmentFactory(code="processing", name_vi="Gia công – SXXK")
    return province, segment


def csv_bytes(rows, *, delimiter=";", bom=True) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for cells in rows:
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name="enterprises.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


GOOD_ROWS = [
    VI_HEADER,
    [NEW_A, "Công ty TNHH Điện tử Hanwon Việt Nam", "KV05", "bac ninh", "E31 E62", "processing"],
    [NEW_B, "Công ty Cổ phần May Kinh Bắc", "KV05-YP", "27", "E21, E52", ""],
]


def test_a_semicolon_csv_with_vietnamese_headers_and_a_bom_creates_the_enterprises(world, reference):
    province, segment = reference
    report = import_enterprises_file(upload=upload(csv_bytes(GOOD_ROWS)), by=world.r5_manager, dry_run=False)

    assert (report.total_rows, report.created, report.updated, report.errors) == (2, 2, 0, [])
    first = Enterprise.objects.get(tax_code=NEW_A)
    assert first.name_vi == "Công ty TNHH Điện tử Hanwon Việt Nam"
    assert first.managing_branch == world.region5
    assert first.province == province
    assert sorted(first.declaration_types.values_list("code", flat=True)) == ["E31", "E62"]
    assert list(first.segments.all()) == [segment]
    assert first.search_text == f"cong ty tnhh dien tu hanwon viet nam {NEW_A}"
    assert first.created_by == world.r5_manager
    second = Enterprise.objects.get(tax_code=NEW_B)
    assert second.managing_branch == world.region5_office
    assert sorted(second.declaration_types.values_list("code", flat=True)) == ["E21", "E52"]
    assert list(second.segments.all()) == []


def test_the_same_rows_as_an_xlsx_workbook_create_the_same_enterprises(world, reference):
    province, _segment = reference
    content = xlsx_bytes(GOOD_ROWS)
    report = import_enterprises_file(upload=upload(content, "a.xlsx"), by=world.r5_manager, dry_run=False)

    assert (report.created, report.updated, report.errors) == (2, 0, [])
    first = Enterprise.objects.get(tax_code=NEW_A)
    assert (first.managing_branch, first.province) == (world.region5, province)
    assert sorted(first.declaration_types.values_list("code", flat=True)) == ["E31", "E62"]


def test_a_tax_code_typed_as_a_number_in_excel_gets_its_leading_zero_back(world, reference):
    code = make_tax_code("010000001")
    content = xlsx_bytes([["tax_code", "legal name", "managing unit code"], [int(code), "Công ty A", "KV05"]])
    report = import_enterprises_file(upload=upload(content), by=None, dry_run=False)
    assert report.errors == []
    assert Enterprise.objects.filter(tax_code=code).exists()


def test_every_bad_row_is_reported_with_its_row_and_field_and_nothing_is_written(world, reference):
    before = Enterprise.objects.count()
    rows = [
        VI_HEADER,
        [NEW_A, "Công ty A", "KV05", "", "", ""],  # row 2: fine
        [WRONG_CHECK_DIGIT, "Công ty B", "KV05", "", "", ""],  # row 3
        [NEW_B, "Công ty C", "KV99", "", "", ""],  # row 4
        [NEW_A, "Công ty D", "KV05", "", "", ""],  # row 5: duplicate of row 2
        [NEW_C, "", "KV05", "", "", ""],  # row 6
    ]
    report = import_enterprises_file(upload=upload(csv_bytes(rows)), by=world.r5_manager, dry_run=False)

    assert [(e.row, e.field) for e in report.errors] == [
        (3, "tax_code"),
        (4, "managing_branch"),
        (5, "tax_code"),
        (6, "name_vi"),
    ]
    assert report.errors[0].message == f"Tax code {WRONG_CHECK_DIGIT} has a wrong check digit; check the 10th digit."
    assert report.errors[1].message == "No customs unit has the code KV99."
    assert report.errors[2].message == f"Tax code {NEW_A} already appears in row 2 of this file."
    assert report.errors[3].message == "Enter the enterprise's legal name."
    assert Enterprise.objects.count() == before


def test_unknown_values_of_every_kind_are_row_errors(world, reference):
    rows = [
        [*VI_HEADER, "Loại hình sở hữu", "Mức độ tuân thủ", "DNCX", "Quốc gia đầu tư"],
        [NEW_A, "Công ty A", "KV05", "Sao Hỏa", "Z99", "nope", "alien", "7", "maybe", "Korea Republic"],
    ]
    report = import_enterprises_file(upload=upload(csv_bytes(rows)), by=None, dry_run=True)
    assert sorted(e.field for e in report.errors) == [
        "compliance_level",
        "investor_country",
        "is_export_processing",
        "ownership",
        "province",
        "segments",
        "type_codes",
    ]
    assert all(e.row == 2 for e in report.errors)


def test_labels_and_yes_no_words_are_read_in_vietnamese_or_english(world, reference):
    rows = [
        ["MST", "Ten doanh nghiep", "Don vi quan ly", "Loại hình sở hữu", "Doanh nghiệp chế xuất", "AEO", "Trạng thái"],
        [NEW_A, "Công ty A", "kv05", "Liên doanh", "có", "không", "Tạm ngừng kinh doanh"],
        [NEW_B, "Công ty B", "KV05", "100% foreign-invested", "x", "recognised", "operating"],
    ]
    report = import_enterprises_file(upload=upload(csv_bytes(rows, delimiter=",")), by=None, dry_run=False)
    assert report.errors == []
    a, b = Enterprise.objects.get(tax_code=NEW_A), Enterprise.objects.get(tax_code=NEW_B)
    assert (a.ownership, a.is_export_processing, a.aeo_status, a.status) == ("fdi_jv", True, "none", "suspended")
    assert (b.ownership, b.is_export_processing, b.aeo_status, b.status) == ("fdi_100", True, "recognised", "active")


def test_reimporting_a_changed_name_updates_the_enterprise_and_keeps_blank_cells_unchanged(world, reference):
    province, _segment = reference
    import_enterprises_file(upload=upload(csv_bytes(GOOD_ROWS)), by=world.r5_manager, dry_run=False)
    rows = [
        ["Mã số thuế", "Tên doanh nghiệp", "Tỉnh", "Mã loại hình"],
        [NEW_A, "Công ty TNHH Điện tử Hanwon Vina", "", ""],
    ]
    report = import_enterprises_file(upload=upload(csv_bytes(rows)), by=world.r5_officer, dry_run=False)

    assert (report.created, report.updated, report.errors) == (0, 1, [])
    assert report.preview == [
        {"row": 2, "tax_code": NEW_A, "name_vi": "Công ty TNHH Điện tử Hanwon Vina", "action": "update"}
    ]
    assert Enterprise.objects.filter(tax_code=NEW_A).count() == 1
    enterprise = Enterprise.objects.get(tax_code=NEW_A)
    assert enterprise.name_vi == "Công ty TNHH Điện tử Hanwon Vina"
    assert enterprise.search_text == f"cong ty tnhh dien tu hanwon vina {NEW_A}"
    assert (enterprise.managing_branch, enterprise.province) == (world.region5, province)
    assert sorted(enterprise.declaration_types.values_list("code", flat=True)) == ["E31", "E62"]
    assert enterprise.updated_by == world.r5_officer


def test_a_dry_run_counts_creates_and_updates_but_writes_nothing(world, reference):
    rows = [VI_HEADER[:3], [NEW_A, "Công ty A", "KV05"], [world.ent_a.tax_code, "Tên mới", ""]]
    before = list(Enterprise.objects.order_by("pk").values_list("tax_code", "name_vi"))
    report = import_enterprises_file(upload=upload(csv_bytes(rows)), by=world.r5_manager, dry_run=True)

    assert (report.dry_run, report.total_rows, report.created, report.updated) == (True, 2, 1, 1)
    assert [p["action"] for p in report.preview] == ["create", "update"]
    assert list(Enterprise.objects.order_by("pk").values_list("tax_code", "name_vi")) == before


def test_a_region5_manager_cannot_import_a_row_for_region6(world, reference):
    rows = [VI_HEADER[:3], [NEW_A, "Công ty A", "KV06"], [world.ent_r6.tax_code, "Tên mới", ""]]
    report = import_enterprises_file(upload=upload(csv_bytes(rows)), by=world.r5_manager, dry_run=False)

    assert [(e.row, e.field) for e in report.errors] == [(2, "managing_branch"), (3, "tax_code")]
    assert not Enterprise.objects.filter(tax_code=NEW_A).exists()
    assert Enterprise.objects.get(pk=world.ent_r6.pk).name_vi == "Công ty CP Nông sản Lạng Sơn"


def test_a_missing_managing_unit_is_an_error_only_for_new_tax_codes(world, reference):
    rows = [["tax_code", "name_vi"], [world.ent_a.tax_code, "Tên mới"], [NEW_A, "Công ty A"]]
    report = import_enterprises_file(upload=upload(csv_bytes(rows)), by=None, dry_run=True)
    assert [(e.row, e.field) for e in report.errors] == [(3, "managing_branch")]


def test_unknown_columns_are_ignored_and_listed_as_warnings(world, reference):
    rows = [[*VI_HEADER[:3], "Ghi chú nội bộ"], [NEW_A, "Công ty A", "KV05", "xyz"]]
    report = import_enterprises_file(upload=upload(csv_bytes(rows)), by=None, dry_run=True)
    assert report.errors == []
    assert report.warnings == ["Column “Ghi chú nội bộ” is not recognised and was ignored."]
    assert report.as_dict()["warnings"] == report.warnings


def test_a_file_without_a_tax_code_column_is_refused_naming_the_column(world, reference):
    with pytest.raises(DomainError) as caught:
        import_enterprises_file(upload=upload(csv_bytes([["Tên", "KV"], ["A", "B"]])), by=None, dry_run=True)
    assert "mã số thuế" in caught.value.message
    assert caught.value.field == "file"


def test_a_picture_named_csv_is_refused_with_a_clear_message(world, reference):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    with pytest.raises(DomainError) as caught:
        import_enterprises_file(upload=upload(png, "enterprises.csv"), by=None, dry_run=True)
    assert caught.value.message == (
        "The file is neither an Excel workbook (.xlsx) nor a UTF-8 CSV file. "
        "In Excel choose “Save as → CSV UTF-8”, or upload the .xlsx file."
    )


def test_a_broken_workbook_is_refused_with_a_clear_message(world, reference):
    with pytest.raises(DomainError) as caught:
        import_enterprises_file(upload=upload(b"PK\x03\x04garbage", "a.xlsx"), by=None, dry_run=True)
    assert "cannot be opened" in caught.value.message


def test_a_file_above_the_size_limit_is_refused(world, reference, settings):
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(DomainError) as caught:
        import_enterprises_file(upload=upload(csv_bytes(GOOD_ROWS * 5)), by=None, dry_run=True)
    assert caught.value.message == "The file is larger than 100 bytes; split it into smaller files."


def test_a_file_above_the_row_limit_is_refused(world, reference, settings):
    settings.IMPORT_MAX_ROWS = 1
    with pytest.raises(DomainError) as caught:
        import_enterprises_file(upload=upload(csv_bytes(GOOD_ROWS)), by=None, dry_run=True)
    assert caught.value.message == "The file has more than 1 rows; split it into smaller files."


def test_a_large_import_takes_a_fixed_number_of_queries(world, reference, django_assert_max_num_queries):
    rows = [VI_HEADER]
    for n in range(1500):
        code = make_tax_code(f"23{n:07d}")
        if code:
            rows.append([code, f"Công ty số {n}", "KV05", "27", "E31", "processing"])
    with django_assert_max_num_queries(40):
        report = import_enterprises_file(upload=upload(csv_bytes(rows)), by=world.r5_manager, dry_run=False)
    assert report.errors == []
    assert report.created == len(rows) - 1
    assert Enterprise.objects.filter(tax_code__startswith="23", managing_branch=world.region5).count() >= 1000


def test_the_command_imports_a_good_file(world, reference, tmp_path, capsys):
    path = tmp_path / "good.csv"
    path.write_bytes(csv_bytes(GOOD_ROWS))
    call_command("import_enterprises", str(path))
    assert "2 rows: created 2, updated 0" in capsys.readouterr().out
    assert Enterprise.objects.filter(tax_code__in=[NEW_A, NEW_B]).count() == 2


def test_the_command_fails_listing_the_bad_row(world, reference, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([VI_HEADER[:3], [NEW_A, "Công ty A", "KV05"], [NEW_B, "Công ty B", "KV99"]]))
    with pytest.raises(CommandError) as caught:
        call_command("import_enterprises", str(path))
    assert "row 3, managing_branch: No customs unit has the code KV99." in str(caught.value)
    assert not Enterprise.objects.filter(tax_code=NEW_A).exists()


def test_the_command_as_a_user_is_limited_to_their_units(world, reference, tmp_path):
    path = tmp_path / "r6.csv"
    path.write_bytes(csv_bytes([VI_HEADER[:3], [NEW_A, "Công ty A", "KV06"]]))
    with pytest.raises(CommandError, match="row 2, managing_branch"):
        call_command("import_enterprises", str(path), "--user", "r5_manager")
    call_command("import_enterprises", str(path), "--dry-run")
    assert not Enterprise.objects.filter(tax_code=NEW_A).exists()


def test_an_officer_cannot_open_the_import_page(world, client_for):
    assert client_for("r5_officer").get("/enterprises/import/").status_code == 403
    assert client_for("portal_a").get("/enterprises/import/").status_code == 403


def test_the_import_page_explains_the_columns_and_offers_a_template(world, client_for):
    client = client_for("r5_manager")
    page = client.get("/enterprises/import/")
    assert page.status_code == 200
    assert 'accept=".csv,.xlsx"' in page.content.decode()
    assert "Mã đơn vị quản lý" in page.content.decode()
    template = client.get("/enterprises/import/", {"template": "csv"})
    assert template["Content-Type"] == "text/csv; charset=utf-8"
    lines = template.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Mã số thuế,Tên doanh nghiệp,Mã đơn vị quản lý")
    assert len(lines) == 2


def test_a_manager_previews_then_confirms_an_import(world, reference, client_for):
    client = client_for("r5_manager")
    preview = client.post("/enterprises/import/", {"file": upload(csv_bytes(GOOD_ROWS))})

    assert preview.status_code == 200
    report = preview.context["report"]
    assert (report.created, report.updated, report.errors) == (2, 0, [])
    assert preview.context["can_confirm"] is True
    assert not Enterprise.objects.filter(tax_code=NEW_A).exists()
    stored = client.session["enterprise_import"]
    assert stored.startswith("imports/")
    assert stored.endswith(".csv")

    confirmed = client.post("/enterprises/import/", {"action": "confirm"})
    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/enterprises/"
    assert Enterprise.objects.filter(tax_code__in=[NEW_A, NEW_B]).count() == 2
    assert not default_storage.exists(stored)
    assert "enterprise_import" not in client.session


def test_a_preview_with_errors_offers_no_confirmation(world, reference, client_for):
    client = client_for("r5_manager")
    rows = [VI_HEADER[:3], [NEW_A, "Công ty A", "KV05"], [WRONG_CHECK_DIGIT, "Công ty B", "KV05"]]
    response = client.post("/enterprises/import/", {"file": upload(csv_bytes(rows))})
    assert response.status_code == 200
    assert response.context["can_confirm"] is False
    assert "enterprise_import" not in client.session
    assert [(e.row, e.field) for e in response.context["report"].errors] == [(3, "tax_code")]
    assert WRONG_CHECK_DIGIT in response.content.decode()
    assert client.post("/enterprises/import/", {"action": "confirm"}).status_code == 302
    assert not Enterprise.objects.filter(tax_code=NEW_A).exists()


def test_an_unreadable_file_is_shown_beside_the_file_field(world, reference, client_for):
    response = client_for("r5_manager").post("/enterprises/import/", {"file": upload(b"\x89PNG\x00\x01", "x.csv")})
    assert response.status_code == 200
    assert len(response.context["form"].errors["file"]) == 1
    assert response.context["report"] is None


def test_the_api_imports_a_file_and_reports_the_created_count(world, reference, api_for):
    response = api_for("r5_manager").post(
        "/api/v1/enterprises/import/",
        {"file": upload(csv_bytes(GOOD_ROWS)), "dry_run": "false"},
        format="multipart",
    )
    assert response.status_code == 200
    assert (response.json()["created"], response.json()["errors"]) == (2, [])
    assert Enterprise.objects.filter(tax_code__in=[NEW_A, NEW_B]).count() == 2


def test_the_api_refuses_a_bad_file_and_writes_nothing(world, reference, api_for):
    rows = [VI_HEADER[:3], [NEW_A, "Công ty A", "KV05"], [NEW_B, "Công ty B", "KV99"]]
    response = api_for("r5_manager").post(
        "/api/v1/enterprises/import/",
        {"file": upload(csv_bytes(rows)), "dry_run": "false"},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"row": 3, "field": "managing_branch", "message": "No customs unit has the code KV99."}
    ]
    assert not Enterprise.objects.filter(tax_code__in=[NEW_A, NEW_B]).exists()
