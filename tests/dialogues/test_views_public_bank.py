"""The public question bank pages (no login): browsing, search without diacritics, the entry's permalink page, the
"needs update" notice, "was this helpful?" and the limits on searches and votes; and that nothing unpublished or
internal ever reaches them."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dialogues.models import BankEntry, BankVote
from dialogues.services import bank
from dialogues.views.public_bank import VISITOR_COOKIE, entry_slug
from tests.dialogues.bank_factories import answered_question, make_document, make_entry

pytestmark = pytest.mark.django_db

HOME = "/question-bank/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def english(client: Client | None = None) -> Client:
    """A client reading the pages in English, so assertions do not depend on the Vietnamese catalogue."""
    client = client or Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page_of(entry: BankEntry) -> str:
    return f"/question-bank/{entry.pk}-{entry_slug(entry)}/"


def html_of(response) -> str:
    return response.content.decode()


def refreshed(entry: BankEntry) -> BankEntry:
    return BankEntry.objects.get(pk=entry.pk)


# --- Search ---------------------------------------------------------------------------------------------------------


def test_a_search_typed_without_diacritics_finds_the_entry_and_highlights_the_words(world):
    entry = make_entry(world, question_vi="Thủ tục hủy tờ khai hải quan như thế nào?")
    make_entry(world, question_vi="Cách khai báo trị giá hải quan", answer_vi="Theo Thông tư 39/2015/TT-BTC.")

    response = english().get(HOME, {"q": "thu tuc huy to khai"})

    html = html_of(response)
    assert response.status_code == 200
    assert [e.pk for e in response.context["results"]] == [entry.pk]
    assert "1 answer found for “thu tuc huy to khai”" in html
    assert f'href="{page_of(entry)}"' in html
    assert "<mark>Thủ</mark> <mark>tục</mark> <mark>hủy</mark> <mark>tờ</mark> <mark>khai</mark> hải quan" in html
    assert "<mark>hủy</mark> <mark>tờ</mark> <mark>khai</mark> theo Điều 22" in html  # the answer's snippet


def test_a_search_with_diacritics_finds_the_same_entry(world):
    entry = make_entry(world, question_vi="Thủ tục hủy tờ khai hải quan như thế nào?")
    response = english().get(HOME, {"q": "thủ tục hủy tờ khai"})
    assert [e.pk for e in response.context["results"]] == [entry.pk]


def test_a_search_that_finds_nothing_says_so_with_tips_and_the_way_to_ask(world):
    make_entry(world)

    response = english().get(HOME, {"q": "xe ô tô nhập khẩu nguyên chiếc"})

    html = html_of(response)
    assert response.status_code == 200
    assert "Nothing found for “xe ô tô nhập khẩu nguyên chiếc”." in html
    assert "Try fewer words" in html
    assert 'href="/portal/questions/new/"' in html
    assert "<mark>" not in html


def test_search_results_are_paginated_twenty_a_page_in_a_constant_number_of_queries(world):
    document = make_document(world)
    for n in range(3):
        make_entry(world, question_vi=f"Hủy tờ khai trường hợp {n}", document=document)
    client = english()
    client.get(HOME, {"q": "huy to khai"})  # warm up (session, language)

    with CaptureQueriesContext(connection) as few:
        response = client.get(HOME, {"q": "huy to khai"})
    assert len(response.context["results"]) == 3
    for n in range(3, 25):
        make_entry(world, question_vi=f"Hủy tờ khai trường hợp {n}", document=document)
    with CaptureQueriesContext(connection) as many:
        response = client.get(HOME, {"q": "huy to khai"})

    assert len(response.context["results"]) == 20
    assert len(many) == len(few)
    second = client.get(HOME, {"q": "huy to khai", "page": 2})
    assert len(second.context["results"]) == 5
    assert "25 answers found" in html_of(second)


def test_the_start_page_lists_categories_with_counts_most_viewed_and_recent_in_constant_queries(world):
    document = make_document(world)
    popular = make_entry(world, question_vi="Hủy tờ khai thế nào?", document=document)
    BankEntry.objects.filter(pk=popular.pk).update(view_count=50)
    origin = make_entry(world, question_vi="C/O mẫu D cấp ở đâu?", category="origin", document=document)
    client = english()
    client.get(HOME)

    with CaptureQueriesContext(connection) as few:
        response = client.get(HOME)
    for n in range(12):
        make_entry(world, question_vi=f"Câu hỏi thủ tục số {n}", document=document)
    with CaptureQueriesContext(connection) as many:
        response = client.get(HOME)

    assert len(many) == len(few)
    html = html_of(response)
    assert response.context["most_viewed"][0].pk == popular.pk
    assert len(response.context["most_viewed"]) == 10
    assert response.context["recent"][0].shown_question == "Câu hỏi thủ tục số 11"
    assert [(c["value"], c["count"]) for c in response.context["categories"]] == [("origin", 1), ("procedures", 13)]
    assert f'href="{HOME}?category=origin"' in html
    assert 'id="qb-q"' in html
    assert "autofocus" in html

    by_category = client.get(HOME, {"category": "origin"})
    assert [e.pk for e in by_category.context["results"]] == [origin.pk]


# --- What the public never sees -------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["draft", "in_review", "archived"])
def test_an_entry_that_is_not_published_appears_nowhere_and_its_pages_are_404(world, status):
    shown = make_entry(world, question_vi="Thủ tục hủy tờ khai hải quan như thế nào?")
    hidden = make_entry(world, status=status, question_vi="Hủy tờ khai hàng gia công bị từ chối")
    client = english()

    lists = [
        client.get(HOME, {"q": "huy to khai"}),
        client.get(HOME),
        client.get(HOME, {"category": "procedures"}),
        client.get(page_of(shown)),  # related entries
    ]
    assert [e.pk for e in lists[0].context["results"]] == [shown.pk]
    assert [e.pk for e in lists[1].context["most_viewed"]] == [shown.pk]
    assert [e.pk for e in lists[2].context["results"]] == [shown.pk]
    assert lists[3].context["related"] == []
    for response in lists:
        assert "gia công bị từ chối" not in html_of(response)
        assert f"/question-bank/{hidden.pk}-" not in html_of(response)
    assert client.get(f"/question-bank/{hidden.pk}-{entry_slug(hidden) or 'entry'}/").status_code == 404
    assert client.get(f"/question-bank/{hidden.pk}-entry/").status_code == 404
    assert client.get(f"/question-bank/{hidden.pk}/").status_code == 404
    assert client.post(f"/question-bank/{hidden.pk}/vote/", {"helpful": "yes"}).status_code == 404
    assert not BankVote.objects.exists()


def test_the_working_text_of_a_revision_and_the_people_behind_an_entry_never_reach_the_public(world):
    world.r5_officer.full_name = "Phạm Văn Soạn"
    world.r5_officer.save()
    world.r5_manager.full_name = "Lê Thị Duyệt"
    world.r5_manager.save()
    entry = make_entry(world, question_vi="Thủ tục hủy tờ khai hải quan như thế nào?")
    bank.link_questions(entry=entry, by=world.r5_officer, questions=[answered_question(world)])
    bank.update_entry(
        entry=entry,
        by=world.r5_officer,
        question_vi="Hủy tờ khai của Công ty Đông Á bản sửa chưa duyệt",
        answer_vi="Câu trả lời sửa chưa duyệt",
    )
    client = english()

    pages = [
        client.get(page_of(entry)),
        client.get(HOME),
        client.get(HOME, {"q": "huy to khai"}),
        client.get(HOME, {"category": "procedures"}),
    ]

    assert pages[0].status_code == 200
    assert "Thủ tục hủy tờ khai hải quan như thế nào?" in html_of(pages[0])
    for page in pages:
        html = html_of(page)
        for secret in (
            "chưa duyệt",  # the revision's working text
            "Phạm Văn Soạn",
            "r5_officer",
            "Lê Thị Duyệt",
            "r5_manager",
            "Điện tử Đông Á",  # the enterprise of the question it answers
            "2352601817",
            "105234567890",
        ):
            assert secret not in html, (page.request["PATH_INFO"], secret)


def test_the_tags_of_an_unapproved_revision_do_not_reach_the_public(world):
    entry = make_entry(world, tags=["hủy tờ khai"])
    bank.update_entry(entry=entry, by=world.r5_officer, tags=["Công ty Đông Á"])
    assert "Công ty Đông Á" not in html_of(english().get(page_of(entry)))


# --- The entry page -------------------------------------------------------------------------------------------------


def test_the_entry_page_shows_the_answer_its_legal_basis_and_its_details(world):
    document = make_document(world, number="38/2015/TT-BTC")
    document.url = "https://vbpl.vn/38-2015-tt-btc"
    document.save()
    entry = make_entry(
        world,
        question_vi="Thủ tục hủy tờ khai hải quan như thế nào?",
        answer_vi="Doanh nghiệp nộp văn bản đề nghị.\n\nHải quan xem xét trong 8 giờ làm việc.",
        tags=["hủy tờ khai", "VNACCS"],
        document=document,
    )

    response = english().get(page_of(entry))

    html = html_of(response)
    assert response.status_code == 200
    assert "<p>Doanh nghiệp nộp văn bản đề nghị.</p>\n\n<p>Hải quan xem xét trong 8 giờ làm việc.</p>" in html
    assert "Circular 38/2015/TT-BTC</strong>, 22" in html
    assert 'href="https://vbpl.vn/38-2015-tt-btc"' in html
    assert '<span class="badge doc-in_force">In force</span>' in html
    assert "Declaration procedures" in html
    assert ">hủy tờ khai</a>" in html
    assert ">VNACCS</a>" in html
    assert "Regional Customs Branch V" in html
    assert f'<link rel="canonical" href="http://testserver{page_of(entry)}">' in html
    assert "This answer is being reviewed" not in html
    assert f'action="/question-bank/{entry.pk}/vote/"' in html


def test_an_entry_needing_an_update_stays_public_with_the_notice_and_its_reason(world):
    document = make_document(world, number="38/2015/TT-BTC")
    entry = make_entry(world, status="needs_update", document=document)

    html = html_of(english().get(page_of(entry)))

    assert "This answer is being reviewed" in html
    assert "38/2015/TT-BTC" in html.split("banner-warn", 1)[1].split("</div>", 1)[0]
    assert "check the legal basis below" in html
    assert '<span class="badge doc-amended">Amended</span>' in html


def test_related_entries_of_the_same_category_are_linked(world):
    document = make_document(world)
    entry = make_entry(world, question_vi="Hủy tờ khai thế nào?", tags=["tờ khai"], document=document)
    related = make_entry(world, question_vi="Sửa tờ khai sau thông quan", tags=["tờ khai"], document=document)
    other = make_entry(world, question_vi="C/O mẫu E", category="origin", document=document)

    response = english().get(page_of(entry))

    assert [e.pk for e in response.context["related"]] == [related.pk]
    assert f'href="{page_of(related)}"' in html_of(response)
    assert page_of(other) not in html_of(response)


def test_a_wrong_slug_and_the_short_address_redirect_permanently_to_the_permalink(world):
    entry = make_entry(world, question_vi="Thủ tục hủy tờ khai hải quan như thế nào?")
    assert entry_slug(entry) == "thu-tuc-huy-to-khai-hai-quan-nhu-the-nao"
    client = english()

    wrong = client.get(f"/question-bank/{entry.pk}-something-else/", {"language": "en"})
    short = client.get(f"/question-bank/{entry.pk}/")

    assert (wrong.status_code, wrong["Location"]) == (301, f"{page_of(entry)}?language=en")
    assert (short.status_code, short["Location"]) == (301, page_of(entry))
    assert client.get("/question-bank/999999/").status_code == 404


def test_both_languages_can_be_read_with_the_switch_and_the_page_language_is_the_default(world):
    entry = make_entry(
        world,
        question_vi="Thủ tục hủy tờ khai?",
        answer_vi="Nộp văn bản đề nghị hủy.",
        question_en="How to cancel a customs declaration?",
        answer_en="Submit a written request to cancel it.",
    )

    in_english = english().get(page_of(entry))
    in_vietnamese = english().get(page_of(entry), {"language": "vi"})

    assert "Submit a written request to cancel it." in html_of(in_english)
    assert "Nộp văn bản đề nghị hủy." not in html_of(in_english)
    assert f'href="{page_of(entry)}?language=vi"' in html_of(in_english)
    assert "Nộp văn bản đề nghị hủy." in html_of(in_vietnamese)
    assert f'href="{page_of(entry)}?language=en"' in html_of(in_vietnamese)


def test_an_entry_in_one_language_falls_back_to_it_without_a_switch(world):
    entry = make_entry(world, question_vi="Thủ tục hủy tờ khai?", answer_vi="Nộp văn bản đề nghị hủy.")

    html = html_of(english().get(page_of(entry)))

    assert '<article class="card" aria-labelledby="h-answer" lang="vi">' in html
    assert "Nộp văn bản đề nghị hủy." in html
    assert "?language=" not in html


# --- Views ----------------------------------------------------------------------------------------------------------


def test_a_view_is_counted_once_per_visitor_and_hour(world, client_for):
    entry = make_entry(world)
    visitor = english()

    first = visitor.get(page_of(entry))
    visitor.get(page_of(entry))
    assert refreshed(entry).view_count == 1
    assert first.cookies[VISITOR_COOKIE]["max-age"] > 365 * 24 * 3600

    english().get(page_of(entry))  # someone else
    client_for("portal_a").get(page_of(entry))
    client_for("portal_a").get(page_of(entry))  # the same account on another device
    assert refreshed(entry).view_count == 3

    cache.clear()  # an hour later
    visitor.get(page_of(entry))
    assert refreshed(entry).view_count == 4


# --- Was this helpful? ----------------------------------------------------------------------------------------------


def test_a_visitor_is_counted_once_and_a_second_answer_says_so(world):
    entry = make_entry(world)
    visitor = english()
    visitor.get(page_of(entry))  # gets the visitor cookie

    first = visitor.post(f"/question-bank/{entry.pk}/vote/", {"helpful": "yes"})
    second = visitor.post(f"/question-bank/{entry.pk}/vote/", {"helpful": "no"}, follow=True)

    assert (first.status_code, first["Location"]) == (302, f"{page_of(entry)}#helpful")
    entry = refreshed(entry)
    assert (entry.helpful_count, entry.unhelpful_count) == (1, 0)
    assert BankVote.objects.count() == 1
    assert "You already answered for this entry" in html_of(second)

    english().post(f"/question-bank/{entry.pk}/vote/", {"helpful": "no"})  # another visitor
    assert refreshed(entry).unhelpful_count == 1


def test_voting_with_htmx_returns_the_box_with_the_thanks(world):
    entry = make_entry(world)
    visitor = english()

    response = visitor.post(f"/question-bank/{entry.pk}/vote/", {"helpful": "yes"}, **HTMX)
    again = visitor.post(f"/question-bank/{entry.pk}/vote/", {"helpful": "yes"}, **HTMX)

    html = html_of(response)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="card" id="helpful"')
    assert "Thank you for your answer" in html
    assert "<html" not in html
    assert "You already answered for this entry" in html_of(again)
    assert refreshed(entry).helpful_count == 1


def test_a_signed_in_user_votes_once_whatever_the_device(world, client_for):
    entry = make_entry(world)
    client_for("portal_a").post(f"/question-bank/{entry.pk}/vote/", {"helpful": "yes"})
    client_for("portal_a").post(f"/question-bank/{entry.pk}/vote/", {"helpful": "yes"})
    assert refreshed(entry).helpful_count == 1


def test_a_vote_without_yes_or_no_is_refused_and_nothing_is_counted(world):
    entry = make_entry(world)
    response = english().post(f"/question-bank/{entry.pk}/vote/", {"helpful": "maybe"}, **HTMX)
    assert response.status_code == 400
    assert not BankVote.objects.exists()


def test_too_many_votes_from_one_address_get_429_and_are_not_counted(world, settings):
    settings.QUESTION_BANK_VOTES_PER_HOUR = 2
    entry = make_entry(world)
    for _ in range(2):
        assert english().post(f"/question-bank/{entry.pk}/vote/", {"helpful": "yes"}).status_code == 302

    refused = english().post(f"/question-bank/{entry.pk}/vote/", {"helpful": "yes"})
    refused_htmx = english().post(f"/question-bank/{entry.pk}/vote/", {"helpful": "yes"}, **HTMX)
    elsewhere = english().post(f"/question-bank/{entry.pk}/vote/", {"helpful": "yes"}, REMOTE_ADDR="10.1.2.3")

    assert refused.status_code == 429
    assert "Too many votes from your network" in html_of(refused)
    assert refused_htmx.status_code == 429
    assert "Too many votes from your network" in html_of(refused_htmx)
    assert elsewhere.status_code == 302
    assert refreshed(entry).helpful_count == 3
    assert BankVote.objects.count() == 3


# --- Search limit ---------------------------------------------------------------------------------------------------


def test_too_many_searches_from_one_address_get_429_but_browsing_goes_on(world, settings):
    settings.QUESTION_BANK_SEARCHES_PER_MINUTE = 2
    entry = make_entry(world)
    client = english()
    for text in ("huy", "huy to"):
        assert client.get(HOME, {"q": text}).status_code == 200

    refused = client.get(HOME, {"q": "huy to khai"})

    assert refused.status_code == 429
    assert "Too many searches from your network" in html_of(refused)
    assert client.get(HOME).status_code == 200
    assert client.get(HOME, {"category": "procedures"}).status_code == 200
    assert client.get(page_of(entry)).status_code == 200
    assert client.get(HOME, {"q": "huy"}, REMOTE_ADDR="10.1.2.3").status_code == 200
    cache.clear()  # a minute later
    assert client.get(HOME, {"q": "huy to khai"}).status_code == 200
