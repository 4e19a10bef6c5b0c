"""Details that identify a business, found in a text meant for the public question bank.

The editor removes them before submitting (or confirms they are not identifying: a fee set by a decree is an amount
too). Found: the names and tax codes of the enterprises whose questions the entry answers, their contacts' names, any
company name ("Công ty TNHH …", "… Co., Ltd"), tax codes (10 digits, or 10-3 for a branch), customs declaration
numbers (12 digits), amounts of money, e-mail addresses and phone numbers. Matching ignores case and diacritics."""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from crm.text import nfc

KIND_LABELS = {
    "enterprise": _("Enterprise name"),
    "person": _("Person's name"),
    "tax_code": _("Tax code"),
    "declaration": _("Declaration number"),
    "amount": _("Amount"),
    "email": _("E-mail address"),
    "phone": _("Phone number"),
}

_COMPANY_FORM = (
    r"(?:công\s+ty|cty|company|tổng\s+công\s+ty)\s+(?:tnhh|cổ\s+phần|cp|trách\s+nhiệm\s+hữu\s+hạn|hợp\s+danh)"
)
PATTERNS: list[tuple[str, re.Pattern]] = [
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("declaration", re.compile(r"(?<![\d-])\d{12}(?![\d-])")),
    ("tax_code", re.compile(r"(?<![\d-])\d{10}(?:-\d{3})?(?![\d-])")),
    ("phone", re.compile(r"(?<![\w+])(?:\+84|0)(?:[\s.]?\d){9,10}(?!\d)")),
    (
        "enterprise",
        re.compile(
            rf"(?i:{_COMPANY_FORM}|ctcp|dntn)(?:\s+[^\W\d_][\w&.-]*){{1,6}}"
            r"|(?:\b[A-Z][\w&-]*\s+){1,5}(?:Co\.,?\s*Ltd\.?|JSC|Corporation|Corp\.|Inc\.|LLC)"
        ),
    ),
    (
        "amount",
        re.compile(
            r"(?i)(?<![\w./-])\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?(?:\s*(?:đồng|vnđ|vnd|usd|eur|đ\b))?"
            r"|(?<![\w./-])\d+(?:[.,]\d+)?\s*(?:triệu|tỷ|nghìn|million|billion)?\s*(?:đồng|vnđ|vnd|usd|eur|\$)(?!\w)"
            r"|\$\s?\d[\d.,]*"
        ),
    ),
]


@dataclass(frozen=True)
class Flag:
    kind: str
    text: str
    field: str
    start: int
    end: int

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])


def _fold(text: str) -> str:
    """Lower case without diacritics, one character for one character (so positions map back to the text)."""
    out = []
    for ch in text:
        if ch in "đĐ":
            out.append("d")
            continue
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        out.append((base[:1] or ch).lower())
    return "".join(out)


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def detect(text: str, *, names=(), people=(), field: str = "") -> list[Flag]:
    """Identifying details in `text` (NFC), in reading order. `names`: enterprise names and tax codes known to be
    behind the entry; `people`: names of the people who asked."""
    text = nfc(text)
    folded = _fold(text)
    flags: list[Flag] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, start: int, end: int) -> None:
        if end > start and not _overlaps((start, end), taken):
            taken.append((start, end))
            flags.append(Flag(kind, text[start:end], field, start, end))

    for kind, values in (("enterprise", names), ("person", people)):
        for value in sorted({nfc(v).strip() for v in values if v and len(v.strip()) >= 3}, key=len, reverse=True):
            needle = _fold(value)
            for match in re.finditer(rf"(?<!\w){re.escape(needle)}(?!\w)", folded):
                add("tax_code" if value.replace("-", "").isdigit() else kind, match.start(), match.end())
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            add(kind, match.start(), match.end())
    return sorted(flags, key=lambda f: (f.start, f.end))
