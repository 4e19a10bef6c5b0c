"""Search of the public question bank: diacritic-insensitive, with phrases, prefix matching of the last word typed,
exact-diacritic matches ranked first, and highlighting of the matched words.

On PostgreSQL the entry's stored generated column `search_vector` (configuration `crm_unaccent`: `unaccent` then
`simple`) is matched through its GIN index, and `search_exact` (configuration `simple`, diacritics kept) adds to the
rank. The query is parsed by PostgreSQL's own parser (`plainto_tsquery`, `phraseto_tsquery`), so a document number
such as 38/2015/TT-BTC is one token on both sides. On SQLite (the demo) every word must occur in `search_key`, the
published text without diacritics.

Two modes:
- `search`: every word must match (the last one as a prefix, while it is still being typed); "quoted words" must
  appear together in that order.
- `suggest`: for a question being typed: any of its words may match; entries sharing more (and rarer) words rank
  higher.
"""

import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField, Case, F, FloatField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from crm.text import nfc, search_key

CONFIG = "crm_unaccent"
MAX_QUERY_LENGTH = 200
MAX_SUGGEST_WORDS = 16
WORD = re.compile(r"[^\W_]+")  # letters and digits of any script: the words we highlight
PHRASE = re.compile(r'"([^"]*)"')
PREFIX_WORD = re.compile(r"^[^\W_]+$")


@dataclass
class ParsedQuery:
    """What the user typed, split into phrases, plain words and the last word (matched as a prefix)."""

    text: str
    phrases: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    prefix: str = ""

    @property
    def empty(self) -> bool:
        return not (self.phrases or self.words or self.prefix)

    def keys(self) -> tuple[set[str], set[str]]:
        """Diacritic-free keys of the words to highlight: (whole words, prefixes)."""
        whole = {key for part in (*self.phrases, *self.words) for key in WORD.findall(search_key(part))}
        prefixes = set(WORD.findall(search_key(self.prefix)))
        return whole, prefixes


def parse(text: str, *, prefix_last: bool = True) -> ParsedQuery:
    raw = nfc(text or "")[:MAX_QUERY_LENGTH]
    text = raw.strip()
    query = ParsedQuery(text=text)
    query.phrases = [" ".join(p.split()) for p in PHRASE.findall(text) if p.strip()]
    rest = PHRASE.sub(" ", text).replace('"', " ").split()
    if rest and prefix_last and PREFIX_WORD.match(rest[-1]) and not raw.endswith((" ", '"')):
        query.prefix = rest.pop()
    query.words = [w for w in rest if WORD.search(w)]
    return query


def suggestion_words(text: str) -> list[str]:
    """The distinct words of a question being typed (at most MAX_SUGGEST_WORDS, single letters dropped)."""
    seen: dict[str, str] = {}
    for word in WORD.findall(nfc(text or "")[:2000]):
        key = search_key(word)
        if len(key) > 1 and key not in seen:
            seen[key] = word.lower()
    return list(seen.values())[:MAX_SUGGEST_WORDS]


# ------------------------------------------------------------------------------------------------- PostgreSQL


def _tsquery(query: ParsedQuery, config: str) -> tuple[str, list]:
    parts, params = [], []
    for phrase in query.phrases:
        parts.append(f"phraseto_tsquery('{config}'::regconfig, %s)")
        params.append(phrase)
    if query.words:
        parts.append(f"plainto_tsquery('{config}'::regconfig, %s)")
        params.append(" ".join(query.words))
    if query.prefix:
        parts.append(f"to_tsquery('{config}'::regconfig, %s)")
        params.append(f"'{query.prefix}':*")  # PREFIX_WORD: letters and digits only, nothing to escape
    return " && ".join(parts), params


def _any_tsquery(words: list[str], config: str) -> tuple[str, list]:
    sql = " || ".join(f"plainto_tsquery('{config}'::regconfig, %s)" for _ in words)
    return sql, list(words)


def _all_tsquery(words: list[str], config: str) -> tuple[str, list]:
    return f"plainto_tsquery('{config}'::regconfig, %s)", [" ".join(words)]


def _raw(sql: str, params: list, output_field):
    return RawSQL(sql, params, output_field=output_field)


def _column(queryset: QuerySet, name: str) -> str:
    return f'"{queryset.model._meta.db_table}"."{name}"'


def _matches(queryset: QuerySet, match: tuple[str, list]) -> QuerySet:
    """Rows whose accent-insensitive vector matches: the GIN index answers this."""
    sql, params = match
    return queryset.filter(_raw(f"{_column(queryset, 'search_vector')} @@ ({sql})", params, BooleanField()))


def _pg_search(queryset: QuerySet, query: ParsedQuery) -> QuerySet:
    """Every word typed (diacritics ignored) must match. Entries matching with the diacritics as typed come first,
    then by rank (proximity and weight: question before answer), then the most read."""
    match = _tsquery(query, CONFIG)
    exact_sql, exact_params = _tsquery(query, "simple")
    exact = _raw(f"{_column(queryset, 'search_exact')} @@ ({exact_sql})", exact_params, BooleanField())
    rank = _raw(f"ts_rank_cd({_column(queryset, 'search_vector')}, ({match[0]}), 1)", match[1], FloatField())
    result = _matches(queryset, match).annotate(exact=exact, rank=rank)
    return result.order_by("-exact", "-rank", "-view_count", "-id")


# Lexemes in more than this share of the public entries say little about which entry answers a question ("có",
# "hàng", "nhập khẩu" …): suggestions match on the rarer words and only rank with the common ones.
COMMON_SHARE = 0.05
SUGGEST_FILTER_WORDS = 6
LEXEME_CACHE_KEY = "question-bank:lexeme-shares"


def lexeme_shares() -> dict[str, float]:
    """The share of entries containing each of the most common lexemes, from PostgreSQL's statistics on the search
    column (filled by ANALYZE / autovacuum); cached for ten minutes. Empty before the table was first analysed."""
    shares = cache.get(LEXEME_CACHE_KEY)
    if shares is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT u.lexeme, u.share FROM pg_stats, "
                "unnest(most_common_elems::text::text[], most_common_elem_freqs) AS u(lexeme, share) "
                "WHERE schemaname = current_schema() AND tablename = %s AND attname = 'search_vector' "
                "AND u.lexeme IS NOT NULL",
                ["dialogues_bankentry"],
            )
            shares = dict(cursor.fetchall())
        cache.set(LEXEME_CACHE_KEY, shares, 600)
    return shares


def _pg_suggest(queryset: QuerySet, words: list[str]) -> QuerySet:
    shares = lexeme_shares()
    by_rarity = sorted(words, key=lambda w: shares.get(search_key(w), 0.0))
    rare = [w for w in by_rarity if shares.get(search_key(w), 0.0) <= COMMON_SHARE][:SUGGEST_FILTER_WORDS]
    # Candidates: any rare word; when every word is common, all of them together.
    candidates = _matches(
        queryset, _any_tsquery(rare, CONFIG) if rare else _all_tsquery(by_rarity[:SUGGEST_FILTER_WORDS], CONFIG)
    )
    every_sql, every_params = _any_tsquery(words, CONFIG)
    exact_sql, exact_params = _any_tsquery(words, "simple")
    rank = _raw(
        f"ts_rank_cd({_column(queryset, 'search_vector')}, ({every_sql}), 1) + "
        f"ts_rank_cd({_column(queryset, 'search_exact')}, ({exact_sql}), 1)",
        [*every_params, *exact_params],
        FloatField(),
    )
    return candidates.annotate(rank=rank).order_by("-rank", "-view_count", "-id")


# ------------------------------------------------------------------------------------------------- entry points

MAX_COUNTED = 1000


class CappedPaginator(Paginator):
    """Search results are counted up to MAX_COUNTED (counting every match of a broad word such as "hàng" costs more
    than finding the first page); `capped` says there are more. Nobody reads past page 50 of a search."""

    capped = False

    @property
    def count(self) -> int:
        if not hasattr(self, "_capped_count"):
            rows = self.object_list
            # Without the ORDER BY the database stops at the first MAX_COUNTED + 1 matches instead of ranking all.
            found = rows.order_by()[: MAX_COUNTED + 1].count() if hasattr(rows, "order_by") else len(rows)
            self.capped = found > MAX_COUNTED
            self._capped_count = min(found, MAX_COUNTED)
        return self._capped_count


def search(queryset: QuerySet, text: str) -> QuerySet:
    """Entries matching every word typed, best first (`rank` annotated). An empty query matches nothing."""
    query = parse(text)
    if query.empty:
        return queryset.none()
    if connection.vendor == "postgresql":
        return _pg_search(queryset, query)
    for part in (*query.phrases, *query.words, query.prefix):
        if part:
            queryset = queryset.filter(search_key__contains=search_key(part))
    return queryset.annotate(rank=F("view_count")).order_by("-view_count", "-id")


def suggest(queryset: QuerySet, text: str) -> QuerySet:
    """Entries sharing words with a question being typed, those sharing the most first (`rank` annotated)."""
    words = suggestion_words(text)
    if not words:
        return queryset.none()
    if connection.vendor == "postgresql":
        return _pg_suggest(queryset, words)
    keys = [search_key(w) for w in words]
    score = sum((Case(When(search_key__contains=k, then=Value(1)), default=Value(0)) for k in keys), Value(0))
    matched = Q()
    for key in keys:
        matched |= Q(search_key__contains=key)
    return queryset.filter(matched).annotate(rank=score).order_by("-rank", "-view_count", "-id")


def highlight(text: str, query: ParsedQuery | str) -> SafeString:
    """The text, HTML-escaped, with the words the query matched wrapped in <mark> (diacritics ignored)."""
    if isinstance(query, str):
        query = parse(query)
    whole, prefixes = query.keys()
    out, last = [], 0
    for match in WORD.finditer(text):
        key = search_key(match.group())
        if key in whole or any(key.startswith(p) for p in prefixes):
            out.append(escape(text[last : match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # every piece is escaped above


def snippet(text: str, query: ParsedQuery | str, *, length: int = 240) -> SafeString:
    """A window of the text around the first matched word, highlighted; the start of the text when nothing matched."""
    if isinstance(query, str):
        query = parse(query)
    whole, prefixes = query.keys()
    start = 0
    for match in WORD.finditer(text):
        key = search_key(match.group())
        if key in whole or any(key.startswith(p) for p in prefixes):
            start = max(0, match.start() - length // 3)
            break
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    piece = text[start : start + length]
    end = piece.rfind(" ") if start + length < len(text) else -1
    if end > length // 2:
        piece = piece[:end]
    prefix = "… " if start else ""
    suffix = " …" if start + len(piece) < len(text) else ""
    return mark_safe(escape(prefix) + highlight(piece, query) + escape(suffix))
