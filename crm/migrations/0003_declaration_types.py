"""The import–export type codes (mã loại hình) of Decision 1357/QĐ-TCHQ of 18 May 2021.

Names are paraphrased from memory of the decision's annex; verify each name against the decision's text (and any
later amendment) before relying on them in official correspondence. Safe to run on a database that already holds
some codes: rows are matched by code and updated.
"""

from django.db import migrations

IMPORT = "import"
EXPORT = "export"

# (code, direction, name_vi, name_en)
TYPE_CODES = [
    # Import (24 codes)
    ("A11", IMPORT, "Nhập kinh doanh tiêu dùng", "Import for domestic consumption"),
    ("A12", IMPORT, "Nhập kinh doanh sản xuất", "Import for production"),
    ("A21", IMPORT, "Chuyển tiêu thụ nội địa từ nguồn tạm nhập", "Temporary imports released for domestic use"),
    ("A31", IMPORT, "Nhập khẩu hàng hóa đã xuất khẩu", "Re-import of goods previously exported"),
    (
        "A41",
        IMPORT,
        "Nhập kinh doanh của doanh nghiệp thực hiện quyền nhập khẩu",
        "Import by an enterprise exercising trading (import) rights",
    ),
    ("A42", IMPORT, "Chuyển tiêu thụ nội địa khác", "Other goods released for domestic use"),
    (
        "A43",
        IMPORT,
        "Nhập khẩu hàng hóa thuộc Chương trình ưu đãi thuế",
        "Import under a tax incentive programme",
    ),
    ("A44", IMPORT, "Nhập vào khu phi thuế quan từ nội địa", "Entry into a non-tariff zone from the inland"),
    (
        "E11",
        IMPORT,
        "Nhập nguyên liệu của doanh nghiệp chế xuất",
        "Materials imported by an export-processing enterprise",
    ),
    (
        "E13",
        IMPORT,
        "Nhập tạo tài sản cố định của doanh nghiệp chế xuất",
        "Fixed assets of an export-processing enterprise",
    ),
    (
        "E15",
        IMPORT,
        "Nhập nguyên liệu của doanh nghiệp chế xuất từ nội địa",
        "Materials bought inland by an export-processing enterprise",
    ),
    (
        "E21",
        IMPORT,
        "Nhập nguyên liệu để gia công cho thương nhân nước ngoài",
        "Materials imported for processing for a foreign trader",
    ),
    (
        "E23",
        IMPORT,
        "Nhập nguyên liệu gia công từ hợp đồng khác chuyển sang",
        "Processing materials transferred from another contract",
    ),
    ("E31", IMPORT, "Nhập nguyên liệu sản xuất xuất khẩu", "Materials imported for export production (SXXK)"),
    (
        "E33",
        IMPORT,
        "Nhập nguyên liệu, vật tư vào kho bảo thuế",
        "Materials entered into a bonded (tax-suspension) warehouse",
    ),
    ("E41", IMPORT, "Nhập sản phẩm thuê gia công ở nước ngoài", "Products processed abroad on commission"),
    ("G11", IMPORT, "Tạm nhập hàng kinh doanh tạm nhập tái xuất", "Temporary import for re-export business"),
    (
        "G12",
        IMPORT,
        "Tạm nhập máy móc, thiết bị phục vụ dự án có thời hạn",
        "Temporary import of machinery for a time-limited project",
    ),
    ("G13", IMPORT, "Tạm nhập miễn thuế", "Duty-free temporary import"),
    ("G14", IMPORT, "Tạm nhập khác", "Other temporary import"),
    ("G51", IMPORT, "Tái nhập hàng đã tạm xuất", "Re-import of goods temporarily exported"),
    ("C11", IMPORT, "Hàng gửi kho ngoại quan", "Goods entered into a bonded warehouse"),
    ("C21", IMPORT, "Hàng đưa vào khu phi thuế quan", "Goods entered into a non-tariff zone"),
    ("H11", IMPORT, "Hàng nhập khẩu khác", "Other imports"),
    # Export (18 codes)
    ("B11", EXPORT, "Xuất kinh doanh", "Commercial export"),
    ("B12", EXPORT, "Xuất sau khi đã tạm xuất", "Export after temporary export"),
    ("B13", EXPORT, "Xuất khẩu hàng đã nhập khẩu", "Export of goods previously imported"),
    (
        "E42",
        EXPORT,
        "Xuất khẩu sản phẩm của doanh nghiệp chế xuất",
        "Export of an export-processing enterprise's products",
    ),
    (
        "E52",
        EXPORT,
        "Xuất sản phẩm gia công cho thương nhân nước ngoài",
        "Export of products processed for a foreign trader",
    ),
    (
        "E54",
        EXPORT,
        "Xuất nguyên liệu gia công từ hợp đồng này sang hợp đồng khác",
        "Processing materials transferred to another contract",
    ),
    ("E56", EXPORT, "Xuất sản phẩm gia công vào nội địa", "Processed products delivered inland"),
    ("E62", EXPORT, "Xuất sản phẩm sản xuất xuất khẩu", "Export of export-production (SXXK) products"),
    ("E64", EXPORT, "Xuất sản phẩm sản xuất xuất khẩu vào nội địa", "Export-production products delivered inland"),
    (
        "E82",
        EXPORT,
        "Xuất nguyên liệu, vật tư thuê gia công ở nước ngoài",
        "Materials sent abroad for processing on commission",
    ),
    ("G21", EXPORT, "Tái xuất hàng kinh doanh tạm nhập tái xuất", "Re-export of temporary-import-for-re-export goods"),
    (
        "G22",
        EXPORT,
        "Tái xuất máy móc, thiết bị đã tạm nhập để phục vụ dự án có thời hạn",
        "Re-export of machinery temporarily imported for a project",
    ),
    ("G23", EXPORT, "Tái xuất miễn thuế hàng tạm nhập", "Duty-free re-export of temporary imports"),
    ("G24", EXPORT, "Tái xuất khác", "Other re-export"),
    ("G61", EXPORT, "Tạm xuất hàng hóa", "Temporary export"),
    ("C12", EXPORT, "Hàng hóa từ kho ngoại quan xuất đi nước ngoài", "Goods leaving a bonded warehouse for abroad"),
    ("C22", EXPORT, "Hàng hóa từ khu phi thuế quan xuất đi nước ngoài", "Goods leaving a non-tariff zone for abroad"),
    ("H21", EXPORT, "Hàng xuất khẩu khác", "Other exports"),
]


def add_type_codes(apps, schema_editor):
    DeclarationType = apps.get_model("crm", "DeclarationType")
    for code, direction, name_vi, name_en in TYPE_CODES:
        DeclarationType.objects.update_or_create(
            code=code, defaults={"direction": direction, "name_vi": name_vi, "name_en": name_en}
        )


def remove_type_codes(apps, schema_editor):
    """Remove the codes this migration added, except those still used by an enterprise or a segment."""
    DeclarationType = apps.get_model("crm", "DeclarationType")
    DeclarationType.objects.filter(
        code__in=[row[0] for row in TYPE_CODES], enterprises__isnull=True, segments__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("crm", "0002_postgres_search")]

    operations = [migrations.RunPython(add_type_codes, remove_type_codes)]
