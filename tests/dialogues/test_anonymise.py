"""Identifying details found in question bank texts: known enterprises and people (case and diacritics ignored),
company names, tax codes, declaration numbers, amounts, phones and e-mails, and what must never be flagged (legal
document numbers, dates, HS codes, article numbers, the word "doanh nghiệp")."""

import unicodedata

import pytest

from dialogues.anonymise import KIND_LABELS, detect

NAME_VI = "Công ty TNHH Điện tử Đông Á"
SHORT_NAME = "Điện tử Đông Á"
NAME_EN = "Dong A Electronics Co., Ltd"
TAX_CODE = "2352601817"
PERSON = "Nguyễn Văn An"


def found(text: str, **known) -> list[tuple[str, str]]:
    return [(flag.kind, flag.text) for flag in detect(text, **known)]


# ------------------------------------------------------------------------------------------- known identities


@pytest.mark.parametrize(
    "written",
    [
        "Điện tử Đông Á",
        "điện tử đông á",
        "ĐIỆN TỬ ĐÔNG Á",
        "Dien tu Dong A",
        "dien tu dong a",
        "DIEN TU DONG A",
    ],
)
def test_a_known_enterprise_name_is_found_whatever_the_case_and_diacritics(written):
    text = f"Hàng nhập khẩu của {written} được miễn kiểm tra."
    assert found(text, names=[SHORT_NAME]) == [("enterprise", written)]


def test_a_decomposed_text_still_finds_the_name_and_reports_it_composed():
    text = unicodedata.normalize("NFD", f"Hàng của {SHORT_NAME} đã thông quan.")
    flags = detect(text, names=[SHORT_NAME])
    assert [(f.kind, f.text) for f in flags] == [("enterprise", SHORT_NAME)]
    composed = unicodedata.normalize("NFC", text)
    assert composed[flags[0].start : flags[0].end] == SHORT_NAME


def test_a_known_name_is_not_found_inside_another_word():
    assert found("Đông Anh là một huyện; dong ax là tên khác.", names=["Đông A"]) == []


def test_a_known_foreign_name_in_lower_case_is_found_through_the_names():
    text = "we asked dong a electronics co., ltd about the parts."
    assert found(text) == []  # the generic pattern needs capitals
    assert found(text, names=[NAME_EN]) == [("enterprise", "dong a electronics co., ltd")]


def test_a_known_tax_code_among_the_names_is_labelled_a_tax_code():
    flags = detect(f"Mã số thuế {TAX_CODE}.", names=[NAME_VI, TAX_CODE], field="answer_vi")
    assert [(f.kind, f.text, f.field) for f in flags] == [("tax_code", TAX_CODE, "answer_vi")]
    assert flags[0].label == str(KIND_LABELS["tax_code"])


@pytest.mark.parametrize("written", ["Nguyễn Văn An", "nguyen van an", "NGUYỄN VĂN AN", "Nguyen Van An"])
def test_the_askers_name_is_found_whatever_the_case_and_diacritics(written):
    assert found(f"Ông {written} hỏi về thủ tục.", people=[PERSON]) == [("person", written)]


def test_names_shorter_than_three_characters_are_ignored():
    assert found("An hỏi về thủ tục; An trả lời.", people=["An"], names=["Á"]) == []


def test_the_longest_known_name_wins_over_a_shorter_one_inside_it():
    text = f"Câu hỏi của {NAME_VI} về tờ khai."
    assert found(text, names=[SHORT_NAME, NAME_VI]) == [("enterprise", NAME_VI)]


# ------------------------------------------------------------------------------------------- patterns


def test_the_vietnamese_question_of_an_enterprise_is_fully_flagged():
    text = (
        "Công ty TNHH Điện tử Đông Á (MST 2352601817) muốn hủy tờ khai 105234567890 "
        "trị giá 1.250.000.000 đồng. Liên hệ 0912 345 678 hoặc an.nguyen@dong-a.com.vn."
    )
    flags = detect(text, field="question_vi")
    assert [(f.kind, f.text) for f in flags] == [
        ("enterprise", "Công ty TNHH Điện tử Đông Á"),
        ("tax_code", "2352601817"),
        ("declaration", "105234567890"),
        ("amount", "1.250.000.000 đồng"),
        ("phone", "0912 345 678"),
        ("email", "an.nguyen@dong-a.com.vn"),
    ]
    assert {f.field for f in flags} == {"question_vi"}
    for flag in flags:
        assert text[flag.start : flag.end] == flag.text


def test_the_english_question_of_an_enterprise_is_fully_flagged():
    text = (
        "Dong A Electronics Co., Ltd (tax code 2352601817-001) wants to cancel declaration 105234567890 "
        "worth 5,000 USD. Call +84 912 345 678 or write to import@dong-a.vn."
    )
    assert found(text) == [
        ("enterprise", "Dong A Electronics Co., Ltd"),
        ("tax_code", "2352601817-001"),
        ("declaration", "105234567890"),
        ("amount", "5,000 USD"),
        ("phone", "+84 912 345 678"),
        ("email", "import@dong-a.vn"),
    ]


@pytest.mark.parametrize(
    ("text", "kind", "flagged"),
    [
        ("Công ty cổ phần Thép Việt nhập phôi", "enterprise", "Công ty cổ phần Thép Việt nhập phôi"),
        ("CTCP Thép Việt nhập phôi", "enterprise", "CTCP Thép Việt nhập phôi"),
        ("Hàng của DNTN Minh Anh", "enterprise", "DNTN Minh Anh"),
        ("Hàng của Cty CP Hòa Phát", "enterprise", "Cty CP Hòa Phát"),
        ("Goods of ABC Trading JSC arrived", "enterprise", "ABC Trading JSC"),
        ("Goods of Acme Corporation arrived", "enterprise", "Acme Corporation"),
        ("Mã số thuế chi nhánh 0101234567-001", "tax_code", "0101234567-001"),
        ("Tờ khai số 305123456789 đã thông quan", "declaration", "305123456789"),
        ("Phí 10 triệu đồng", "amount", "10 triệu đồng"),
        ("Thuế 2 tỷ đồng", "amount", "2 tỷ đồng"),
        ("Trị giá 500 USD", "amount", "500 USD"),
        ("Trị giá 1.500.000 VNĐ", "amount", "1.500.000 VNĐ"),
        ("A fine of 3 million VND", "amount", "3 million VND"),
        ("Gọi 024 3825 1234", "phone", "024 3825 1234"),
        ("Gọi 0912.345.678", "phone", "0912.345.678"),
        ("Email KeToan@Example.com.vn", "email", "KeToan@Example.com.vn"),
    ],
)
def test_each_kind_of_detail_is_found(text, kind, flagged):
    assert found(text) == [(kind, flagged)]


def test_a_ten_digit_mobile_number_is_flagged():
    # Written without spaces it cannot be told from a tax code; flagged either way.
    flags = detect("Gọi 0912345678 để hỏi.")
    assert [f.text for f in flags] == ["0912345678"]
    assert flags[0].kind in {"phone", "tax_code"}


def test_flags_come_in_reading_order_with_their_positions():
    text = "an@x.vn; 105234567890; 2352601817"
    flags = detect(text)
    assert [f.kind for f in flags] == ["email", "declaration", "tax_code"]
    assert [f.start for f in flags] == sorted(f.start for f in flags)
    assert all(text[f.start : f.end] == f.text for f in flags)


def test_an_eleven_or_thirteen_digit_number_is_neither_tax_code_nor_declaration():
    kinds = {f.kind for f in detect("Số 12345678901 và 1234567890123 và 23526018170")}
    assert not kinds & {"tax_code", "declaration"}


# ------------------------------------------------------------------------------------------- never flagged


@pytest.mark.parametrize(
    "text",
    [
        "Căn cứ Điều 22 Thông tư 38/2015/TT-BTC ngày 25/03/2015, doanh nghiệp nộp văn bản đề nghị hủy tờ khai.",
        "Theo khoản 1 Điều 58 Nghị định 08/2015/NĐ-CP và Luật Hải quan 54/2014/QH13.",
        "Quyết định 1919/QĐ-TCHQ và công văn 2765/TCHQ-TXNK hướng dẫn thủ tục.",
        "Mặt hàng thuộc mã HS 8517.62.59, thuế suất nhập khẩu 10%.",
        "Mã HS 85176259 hoặc 0301.11.10, ngày 2015-03-25, năm 2024.",
        "Doanh nghiệp được hoàn thuế khi xuất khẩu sản phẩm.",
        "doanh nghiệp chế xuất; DOANH NGHIỆP ƯU TIÊN",
        "Under Article 22 of Circular 38/2015/TT-BTC dated 25/03/2015, the enterprise files a request.",
        "Goods under HS code 8517.62.59 pay 0% under the ATIGA schedule; see clause 3, Article 16.",
    ],
)
def test_legal_references_dates_hs_codes_and_plain_words_are_not_flagged(text):
    assert found(text) == []


def test_legal_references_beside_a_flagged_amount_stay_unflagged():
    text = "Theo Thông tư 38/2015/TT-BTC ngày 25/03/2015, mức phạt 5.000.000 đồng (Điều 7)."
    assert found(text) == [("amount", "5.000.000 đồng")]


def test_an_empty_text_has_no_flags():
    assert detect("", names=[NAME_VI], people=[PERSON]) == []
