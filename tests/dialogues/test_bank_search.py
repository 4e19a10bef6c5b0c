"""Search of the public question bank on PostgreSQL: diacritics ignored both ways (đ/Đ included), decomposed input,
prefix and phrase matching, exact-diacritic matches ranked first, highlighting, and the GIN index in the plan."""

import unicodedata

import pytest
from django.core.cache import cache
from django.db import connection

from dialogues import search
from dialogues.models import BankEntry
from tests.dialogues.bank_factories import make_document, make_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(world):
    doc = make_document(world)
    return {
        "cancel": make_entry(
            world,
            document=doc,
            question_vi="Thủ tục hủy tờ khai hải quan đã đăng ký",
            answer_vi="Doanh nghiệp nộp văn bản đề nghị hủy tờ khai trên Hệ thống.",
        ),
        "refund": make_entry(
            world,
            document=doc,
            question_vi="Hoàn thuế nhập khẩu nguyên liệu sản xuất hàng xuất khẩu",
            answer_vi="Hồ sơ hoàn thuế gồm công văn đề nghị hoàn thuế và tờ khai.",
            category="duties",
        ),
        "danang": make_entry(
            world,
            document=doc,
            question_vi="Đăng ký tờ khai tại Đà Nẵng",
            answer_vi="Đơn vị tiếp nhận là Hải quan cửa khẩu cảng Đà Nẵng.",
        ),
        "tu": make_entry(
            world,
            document=doc,
            question_vi="Tư vấn thủ tục nhập khẩu",
            answer_vi="Doanh nghiệp tự khai báo trên hệ thống.",
            question_en="Advice on import procedures",
            answer_en="The business declares on the system itself.",
        ),
        "draft": make_entry(world, document=doc, status="draft", question_vi="Thủ tục hủy tờ khai nháp"),
    }


def ids(queryset):
    return [e.pk for e in queryset]


def public():
    return BankEntry.objects.public()


def test_without_diacritics_finds_the_same_entries(entries):
    with_marks = ids(search.search(public(), "thủ tục hủy tờ khai"))
    without = ids(search.search(public(), "thu tuc huy to khai"))
    decomposed = ids(search.search(public(), unicodedata.normalize("NFD", "thủ tục hủy tờ khai")))
    upper = ids(search.search(public(), "THỦ TỤC HỦY TỜ KHAI"))
    assert with_marks == without == decomposed == upper == [entries["cancel"].pk]


def test_d_with_stroke_matches_plain_d(entries):
    assert ids(search.search(public(), "da nang")) == [entries["danang"].pk]
    assert ids(search.search(public(), "ĐÀ NẴNG")) == [entries["danang"].pk]


def test_the_last_word_matches_as_a_prefix(entries):
    assert ids(search.search(public(), "hoan thu")) == [entries["refund"].pk]
    assert ids(search.search(public(), "hoan thu ")) == []  # a finished word is a whole word


def test_phrases_must_appear_together(entries):
    assert ids(search.search(public(), '"hủy tờ khai"')) == [entries["cancel"].pk]
    assert ids(search.search(public(), '"khai tờ"')) == []


def test_unpublished_entries_are_never_found(entries):
    assert entries["draft"].pk not in ids(search.search(BankEntry.objects.public(), "nhap"))


def test_exact_diacritics_rank_first(entries):
    # "tư" (advice) vs "tự" (self) and "thủ tục": the entry with the exact word comes first.
    ranked = ids(search.search(public(), "tư"))
    assert ranked[0] == entries["tu"].pk
    assert set(ranked) >= {entries["tu"].pk}


def test_suggestions_rank_entries_sharing_more_words_first(entries):
    text = "Xin hỏi thủ tục hoàn thuế đối với nguyên liệu nhập khẩu để sản xuất hàng xuất khẩu"
    suggested = ids(search.suggest(public(), text)[:3])
    assert suggested[0] == entries["refund"].pk


def test_highlight_marks_matched_words_whatever_the_diacritics():
    html = search.highlight("Thủ tục hủy tờ khai <b>", "thu tuc huy")
    assert html == "<mark>Thủ</mark> <mark>tục</mark> <mark>hủy</mark> tờ khai &lt;b&gt;"
    assert search.highlight("Hoàn thuế", "hoan thu") == "<mark>Hoàn</mark> <mark>thuế</mark>"


def test_selective_search_and_suggestions_use_the_gin_index(entries):
    # A few thousand other live entries, so that the planner has a real choice to make.
    columns = [
        f.column
        for f in BankEntry._meta.concrete_fields
        if f.column not in ("id", "public_question_vi", "public_answer_vi")
    ]
    listed = ", ".join(columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO dialogues_bankentry ({listed}, public_question_vi, public_answer_vi) "
            f"SELECT {listed}, 'Câu hỏi số ' || n, 'Trả lời số ' || n "
            "FROM dialogues_bankentry, generate_series(1, 3000) AS n "
            "WHERE id = %s",
            [entries["refund"].pk],
        )
        cursor.execute("ANALYZE dialogues_bankentry")
    cache.delete(search.LEXEME_CACHE_KEY)
    # The filler's words are in nearly every entry: suggestions match on the rarer words typed.
    assert search.lexeme_shares()["hoi"] > 0.9
    queries = (search.search(public(), "thu tuc huy"), search.suggest(public(), "Xin hỏi về hủy tờ khai hải quan"))
    for queryset in queries:
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "bank_search_vector_gin" in plan, plan
    assert [e.pk for e in queries[1][:1]] == [entries["cancel"].pk]
    cache.delete(search.LEXEME_CACHE_KEY)
