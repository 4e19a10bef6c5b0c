"""Vietnamese tax codes (mã số thuế): 10 digits with a check digit, or 13 digits NNNNNNNNNN-NNN for a dependent unit."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.vn import mst


def normalise_tax_code(value: str, *, dependent: bool | None = None) -> str:
    """Return the canonical form ('0100233488' or '0100233488-001') or raise ValidationError saying what is wrong.

    `dependent=True` requires the 13-digit form, `False` the 10-digit form, `None` accepts either.
    """
    raw = (value or "").strip()
    if not raw:
        raise ValidationError(_("Enter a tax code."), code="required")
    digits = raw.replace("-", "").replace(" ", "").replace(".", "")
    if digits.isdigit() and len(digits) not in (10, 13):
        raise ValidationError(
            _("Tax code %(code)s must have 10 digits, or 13 digits written as NNNNNNNNNN-NNN.") % {"code": raw},
            code="length",
        )
    try:
        compact = mst.validate(raw)
    except stdnum_errors.InvalidChecksum as exc:
        raise ValidationError(
            _("Tax code %(code)s has a wrong check digit; check the 10th digit.") % {"code": raw},
            code="checksum",
        ) from exc
    except stdnum_errors.InvalidFormat as exc:
        raise ValidationError(
            _("Tax code %(code)s must contain only digits (and one hyphen before the 3-digit suffix).") % {"code": raw},
            code="format",
        ) from exc
    except stdnum_errors.InvalidLength as exc:
        raise ValidationError(
            _("Tax code %(code)s must have 10 digits, or 13 digits written as NNNNNNNNNN-NNN.") % {"code": raw},
            code="length",
        ) from exc
    except stdnum_errors.ValidationError as exc:
        raise ValidationError(_("Tax code %(code)s is not valid.") % {"code": raw}, code="invalid") from exc
    is_dependent = len(compact) == 13
    if dependent is True and not is_dependent:
        raise ValidationError(
            _("A dependent unit needs a 13-digit tax code (parent code, hyphen, 3-digit suffix)."),
            code="dependent",
        )
    if dependent is False and is_dependent:
        raise ValidationError(_("Enter the enterprise's own 10-digit tax code."), code="independent")
    return mst.format(compact)


def validate_tax_code(value: str) -> None:
    normalise_tax_code(value)


_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def check_digit(first_nine: str) -> int | None:
    """The 10th digit for nine leading digits, or None when no digit makes a valid code (remainder gives 10)."""
    digit = 10 - sum(w * int(d) for w, d in zip(_WEIGHTS, first_nine, strict=True)) % 11
    return None if digit == 10 else digit


def make_tax_code(first_nine: str) -> str | None:
    """A valid 10-digit tax code from nine digits (for demo and test data), or None if none exists."""
    digit = check_digit(first_nine)
    if digit is None:
        return None
    code = f"{first_nine}{digit}"
    try:
        return normalise_tax_code(code)
    except ValidationError:
        return None
