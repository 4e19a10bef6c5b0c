import pytest
from django.core.exceptions import ValidationError

from crm.taxcodes import make_tax_code, normalise_tax_code


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0100233488", "0100233488"),
        (" 2352601817 ", "2352601817"),
        ("0100233488-001", "0100233488-001"),
        ("0100233488001", "0100233488-001"),
    ],
)
def test_valid_tax_codes_are_normalised(raw, expected):
    assert normalise_tax_code(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("0100233489", "checksum"),
        ("01002334", "length"),
        ("010023348800", "length"),
        ("abcdefghij", "format"),
        ("", "required"),
        ("0100233488-000", "invalid"),
    ],
)
def test_invalid_tax_codes_are_rejected_with_a_reason(raw, code):
    with pytest.raises(ValidationError) as excinfo:
        normalise_tax_code(raw)
    assert excinfo.value.code == code


def test_the_wrong_check_digit_message_names_the_tenth_digit():
    with pytest.raises(ValidationError) as excinfo:
        normalise_tax_code("0100233489")
    assert "0100233489" in excinfo.value.messages[0]


def test_dependent_units_need_the_13_digit_form():
    with pytest.raises(ValidationError) as excinfo:
        normalise_tax_code("0100233488", dependent=True)
    assert excinfo.value.code == "dependent"
    with pytest.raises(ValidationError) as excinfo:
        normalise_tax_code("0100233488-001", dependent=False)
    assert excinfo.value.code == "independent"


def test_make_tax_code_computes_the_check_digit():
    assert make_tax_code("010023348") == "0100233488"
    assert make_tax_code("235260181") == "2352601817"
