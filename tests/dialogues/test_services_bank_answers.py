"""Answering a question from a published question bank entry."""

import pytest

from crm.errors import DomainError
from dialogues.models import AnswerSource, AnswerStatus, Question, QuestionChannel, QuestionStatus
from dialogues.services import questions as services
from tests.dialogues.bank_factories import make_entry

pytestmark = pytest.mark.django_db


def _question(world):
    return services.record_question(
        by=world.r5_officer,
        branch=world.region5,
        enterprise=world.ent_a,
        title="Hủy tờ khai",
        body="Thủ tục hủy tờ khai?",
        channel=QuestionChannel.EMAIL,
    )


def test_a_question_is_answered_with_a_published_entry_and_linked_to_it(world):
    entry = make_entry(world)
    question = _question(world)
    answer = services.answer_from_bank(question=question, by=world.r5_officer, entry=entry)
    question = Question.objects.get(pk=question.pk)
    assert (question.status, question.answer_source) == (QuestionStatus.ANSWERED, AnswerSource.BANK)
    assert answer.status == AnswerStatus.APPROVED
    assert answer.body == entry.public_answer_vi
    assert [c.document_id for c in answer.citations.all()] == [c.document_id for c in entry.citations.all()]
    assert list(entry.questions.all()) == [question]


@pytest.mark.parametrize("status", ["draft", "in_review", "archived"])
def test_an_unpublished_entry_cannot_answer(world, status):
    entry = make_entry(world, status=status)
    question = _question(world)
    with pytest.raises(DomainError) as exc:
        services.answer_from_bank(question=question, by=world.r5_officer, entry=entry)
    assert exc.value.field == "entry"
    assert Question.objects.get(pk=question.pk).status == QuestionStatus.RECEIVED


def test_exactly_one_source_is_needed(world):
    question = _question(world)
    with pytest.raises(DomainError) as exc:
        services.answer_from_bank(question=question, by=world.r5_officer)
    assert exc.value.field == "source"


def test_the_api_answers_from_a_published_entry(world, api_for):
    entry = make_entry(world)
    draft = make_entry(world, status="draft")
    question = _question(world)
    officer = api_for("r5_officer")
    url = f"/api/v1/questions/{question.pk}/answer-from-bank/"
    assert officer.post(url, {"entry": draft.pk}, format="json").status_code == 400
    assert officer.post(url, {}, format="json").status_code == 400
    response = officer.post(url, {"entry": entry.pk}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "answered"
    assert list(entry.questions.all()) == [question]


def test_the_question_page_answers_with_a_bank_entry_number(world, client_for):
    entry = make_entry(world)
    question = _question(world)
    client = client_for("r5_officer")
    response = client.post(f"/questions/{question.pk}/answer-from-bank/", {"reference": "#999999"})
    assert response.status_code == 400
    assert Question.objects.get(pk=question.pk).status == QuestionStatus.RECEIVED
    response = client.post(f"/questions/{question.pk}/answer-from-bank/", {"reference": f"#{entry.pk}"})
    assert response.status_code == 302
    assert Question.objects.get(pk=question.pk).status == QuestionStatus.ANSWERED
    assert list(entry.questions.all()) == [question]
