"""The question bank in the portal's ask form: suggestions while the enterprise types, "this answers my question"
(a deflection: nothing is sent) and the suggestions kept with a question submitted anyway."""

import pytest
from django.conf import settings
from django.core.cache import cache

from dialogues.models import BankDeflection, Question
from dialogues.views.public_bank import entry_slug
from tests.dialogues.bank_factories import make_document, make_entry

pytestmark = pytest.mark.django_db

NEW = "/portal/questions/new/"
SUGGESTIONS = "/portal/questions/suggestions/"
DEFLECT = "/portal/questions/deflect/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def browse(client_for):
    def make(persona: str):
        client = client_for(persona)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def entries(world):
    """A published entry about cancelling a declaration, one about C/O, and a draft about cancelling."""
    document = make_document(world)
    return {
        "cancel": make_entry(world, question_vi="Thủ tục hủy tờ khai hải quan như thế nào?", document=document),
        "origin": make_entry(
            world,
            question_vi="C/O mẫu D cấp ở đâu?",
            answer_vi="Phòng quản lý xuất nhập khẩu cấp C/O mẫu D.",
            category="origin",
            document=document,
        ),
        "draft": make_entry(world, status="draft", question_vi="Hủy tờ khai bản nháp", document=document),
    }


def html_of(response) -> str:
    return response.content.decode()


def page_of(entry) -> str:
    return f"/question-bank/{entry.pk}-{entry_slug(entry)}/"


def test_the_ask_form_asks_for_suggestions_as_the_enterprise_types(world, browse):
    html = html_of(browse("portal_a").get(NEW))

    assert f'hx-get="{SUGGESTIONS}"' in html
    assert 'hx-trigger="keyup changed delay:400ms' in html
    assert 'hx-include="#id_title, #id_body"' in html
    assert '<div id="qb-suggestions" aria-live="polite">' in html
    assert f'<form id="qb-deflect" method="post" action="{DEFLECT}">' in html
    assert 'name="suggested_entries"' not in html  # nothing typed yet, nothing suggested


def test_suggestions_list_the_published_entries_like_what_was_typed(world, browse, entries):
    response = browse("portal_a").get(
        SUGGESTIONS, {"title": "Hủy tờ khai", "body": "Chúng tôi khai nhầm, muốn huy to khai"}, **HTMX
    )

    html = html_of(response)
    assert response.status_code == 200
    assert [e.pk for e in response.context["suggestions"]] == [entries["cancel"].pk]
    assert "<html" not in html
    assert f'href="{page_of(entries["cancel"])}" target="_blank" rel="noopener"' in html
    assert "<mark>hủy</mark> <mark>tờ</mark> <mark>khai</mark>" in html
    assert f'<input type="hidden" name="suggested_entries" value="{entries["cancel"].pk}">' in html
    assert f'form="qb-deflect" name="entry" value="{entries["cancel"].pk}"' in html
    assert "This answers my question" in html
    assert "bản nháp" not in html
    assert f'value="{entries["draft"].pk}"' not in html


def test_at_most_five_entries_are_suggested(world, browse):
    document = make_document(world)
    for n in range(7):
        make_entry(world, question_vi=f"Hủy tờ khai trường hợp {n}", document=document)
    response = browse("portal_a").get(SUGGESTIONS, {"title": "hủy tờ khai"})
    assert len(response.context["suggestions"]) == 5


@pytest.mark.parametrize("typed", [{}, {"title": "", "body": "  "}, {"title": "hủ"}, {"title": "!!!", "body": "?"}])
def test_nothing_or_a_few_letters_typed_gives_an_empty_list(world, browse, entries, typed):
    response = browse("portal_a").get(SUGGESTIONS, typed)
    assert response.status_code == 200
    assert html_of(response).strip() == ""


def test_saying_an_entry_answers_the_question_records_a_deflection_and_sends_nothing(world, browse, entries):
    client = browse("portal_a")

    response = client.post(DEFLECT, {"entry": entries["cancel"].pk, "query": "Hủy tờ khai thế nào?"})

    assert (response.status_code, response["Location"]) == (302, "/portal/questions/")
    deflection = BankDeflection.objects.get()
    assert (deflection.entry, deflection.enterprise, deflection.user, deflection.query) == (
        entries["cancel"],
        world.ent_a,
        world.portal_a,
        "Hủy tờ khai thế nào?",
    )
    assert not Question.objects.exists()
    html = html_of(client.get(response["Location"]))
    assert "Glad the question bank helped — nothing was sent" in html
    assert f'<a href="{page_of(entries["cancel"])}" target="_blank" rel="noopener">Read the answer again</a>' in html


def test_a_deflection_on_an_unpublished_or_unknown_entry_is_404_and_records_nothing(world, browse, entries):
    client = browse("portal_a")
    assert client.post(DEFLECT, {"entry": entries["draft"].pk, "query": "x"}).status_code == 404
    assert client.post(DEFLECT, {"entry": "abc"}).status_code == 404
    assert client.post(DEFLECT, {}).status_code == 404
    assert not BankDeflection.objects.exists()


def test_staff_cannot_record_a_deflection(world, browse, entries):
    assert browse("r5_officer").post(DEFLECT, {"entry": entries["cancel"].pk}).status_code == 404
    assert browse("r5_officer").get(SUGGESTIONS, {"title": "hủy tờ khai"}).status_code == 404
    assert not BankDeflection.objects.exists()


def test_a_question_sent_anyway_keeps_the_published_entries_it_was_shown(world, browse, entries):
    response = browse("portal_a").post(
        NEW,
        {
            "title": "Hủy tờ khai nhập khẩu",
            "body": "Tờ khai đã phân luồng vàng, có hủy được không?",
            "suggested_entries": [entries["cancel"].pk, entries["origin"].pk, entries["draft"].pk, "x"],
        },
    )

    question = Question.objects.get()
    assert response.status_code == 302
    assert sorted(question.suggested_entries.values_list("pk", flat=True)) == sorted(
        [entries["cancel"].pk, entries["origin"].pk]
    )
    assert not BankDeflection.objects.exists()


def test_a_form_shown_again_with_errors_keeps_the_suggestions_for_what_was_typed(world, browse, entries):
    response = browse("portal_a").post(NEW, {"title": "Hủy tờ khai", "body": "", "declaration_numbers": "1"})

    html = html_of(response)
    assert response.status_code == 200
    assert not Question.objects.exists()
    assert f'<input type="hidden" name="suggested_entries" value="{entries["cancel"].pk}">' in html
    assert '<input type="hidden" name="query" value="Hủy tờ khai" form="qb-deflect">' in html
