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
