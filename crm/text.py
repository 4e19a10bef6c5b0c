"""Text helpers for Vietnamese: NFC normalisation and the diacritic-free search key."""

import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "ð": "d"})


def nfc(value: str) -> str:
    """Compose decomposed input (e.g. from macOS or some keyboards) so that equal text compares equal."""
    return unicodedata.normalize("NFC", value or "")


def search_key(*parts: str) -> str:
    """Lower-case, strip diacritics (đ → d included) and collapse spaces: 'Đồng  Nai' → 'dong nai'."""
    text = " ".join(p for p in parts if p)
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
