"""The one-time rating link sent with an answer: no login, one use, an expiry, a clear page for every bad link and a
limit on attempts per address."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from dialogues.models import Rating
from tests.dialogues.access_portal_questions import answer, ask

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def anonymous(client_for):
    client = client_for("anonymous")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def rating(world) -> Rating:
    question = ask(world, title="Xuất xứ linh kiện điện tử")
    answer(world, question, body="Hàng hoá đáp ứng tiêu chí RVC 40%.", letter_number="456/HQ")
    return Rating.objects.get(question=question)


def link(rating) -> str:
    return f"/rate/{rating.token}/"


def test_the_link_shows_the_question_and_the_answer_without_signing_in(rating, anonymous):
    response = anonymous.get(link(rating))
    assert response.status_code == 200
    html = response.content.decode()
    assert rating.question.reference in html
    assert "Xuất xứ linh kiện điện tử" in html
    assert "Hàng hoá đáp ứng tiêu chí RVC 40%." in html
    assert "Official letter No. 456/HQ" in html
    assert "Circular 38/2015/TT-BTC</strong>, Điều 16" in html
    assert 'type="radio" name="score" value="5"' in html
    assert "r5_officer" not in html


def test_rating_from_the_link_records_the_score_and_thanks(rating, anonymous):
    response = anonymous.post(link(rating), {"score": "5", "comment": "Nhanh và rõ."})
    assert response.status_code == 200
    assert "Thank you for your rating" in response.content.decode()
    rating.refresh_from_db()
    assert (rating.score, rating.comment, rating.rated_by) == (5, "Nhanh và rõ.", None)
    assert rating.rated_at is not None


def test_a_used_link_gets_a_clear_400_page_and_the_rating_stays(rating, anonymous):
    anonymous.post(link(rating), {"score": "4"})
    for response in (anonymous.get(link(rating)), anonymous.post(link(rating), {"score": "1"})):
        assert response.status_code == 400
        html = response.content.decode()
        assert "This answer has already been rated. Thank you!" in html
        assert "sign in" in html
    rating.refresh_from_db()
    assert rating.score == 4


def test_an_expired_link_gets_a_clear_400_page_and_nothing_is_saved(rating, anonymous):
    Rating.objects.filter(pk=rating.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert anonymous.get(link(rating)).status_code == 400
    response = anonymous.post(link(rating), {"score": "5"})
    assert response.status_code == 400
    assert "This rating link has expired." in response.content.decode()
    rating.refresh_from_db()
    assert rating.score is None


def test_an_unknown_link_gets_a_404_page_that_says_what_to_do(world, anonymous):
    response = anonymous.get("/rate/not-a-real-token/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "This rating link is not valid." in html
    assert 'href="/portal/questions/"' in html


def test_a_rating_without_a_score_shows_the_form_again_with_the_error(rating, anonymous):
    response = anonymous.post(link(rating), {"score": "9", "comment": "Điểm sai"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "score": ["Select a valid choice. 9 is not one of the available choices."]
    }
    assert "Điểm sai</textarea>" in response.content.decode()
    rating.refresh_from_db()
    assert rating.score is None


def test_attempts_from_one_address_are_limited(rating, anonymous, settings):
    settings.QUESTION_RATING_ATTEMPT_LIMIT = 3
    for _ in range(3):
        assert anonymous.post(link(rating), {"score": ""}).status_code == 200
    response = anonymous.post(link(rating), {"score": "5"})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    rating.refresh_from_db()
    assert rating.score is None
    other = anonymous.post(link(rating), {"score": "5"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
    rating.refresh_from_db()
    assert rating.score == 5


def test_guessing_unknown_links_is_limited_too(world, anonymous, settings):
    settings.QUESTION_RATING_ATTEMPT_LIMIT = 2
    assert [anonymous.get(f"/rate/guess-{n}/").status_code for n in range(3)] == [404, 404, 429]


def test_the_portal_rating_after_the_link_was_used_is_refused(rating, world, client_for):
    client_for("anonymous").post(link(rating), {"score": "3"})
    client = client_for("portal_a")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(f"/portal/questions/{rating.question_id}/rate/", {"score": "5"}, follow=True)
    assert "This answer has already been rated. Thank you!" in response.content.decode()
    rating.refresh_from_db()
    assert rating.score == 3
