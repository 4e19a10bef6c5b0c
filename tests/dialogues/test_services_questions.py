from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from dialogues.models import Question, QuestionChannel, QuestionSequence, QuestionStatus
from dialogues.services import questions as services

pytestmark = pytest.mark.django_db


def record(world, **fields):
    fields.setdefault("title", "Hoàn thuế GTGT")
    fields.setdefault("body", "Thời hạn hoàn thuế?")
    return services.record_question(
        by=world.r5_officer, branch=world.region5, channel=QuestionChannel.HOTLINE, **fields
    )


def test_references_are_sequential_per_year_starting_at_one(world):
    year = timezone.localdate().year
    refs = [record(world).reference for _ in range(3)]
    assert refs == [f"VM-{year}-000001", f"VM-{year}-000002", f"VM-{year}-000003"]
    assert QuestionSequence.objects.get(year=year).last == 3


def test_each_year_has_its_own_sequence(world):
    assert services.next_reference(2025) == "VM-2025-000001"
    assert services.next_reference(2026) == "VM-2026-000001"
    assert services.next_reference(2025) == "VM-2025-000002"
    assert dict(QuestionSequence.objects.values_list("year", "last")) == {2025: 2, 2026: 1}


def test_the_number_is_formatted_on_six_digits(world):
    QuestionSequence.objects.create(year=2026, last=999_999)
    assert services.next_reference(2026) == "VM-2026-1000000"


def test_a_rolled_back_question_gives_its_number_back(world):
    year = timezone.localdate().year
    record(world)
    taken = []

    def fail_after_taking_a_number():
        with transaction.atomic():
            taken.append(record(world, title="Bỏ").reference)
            raise RuntimeError("the surrounding action failed")

    with pytest.raises(RuntimeError):
        fail_after_taking_a_number()
    assert taken == [f"VM-{year}-000002"]

    assert Question.objects.count() == 1
    assert QuestionSequence.objects.get(year=year).last == 1
    assert record(world).reference == f"VM-{year}-000002"


def test_a_recorded_question_keeps_its_details(world):
    before = timezone.now()
    question = record(world, title="  Phân loại  ", body="Mã HS?", enterprise=world.ent_a)

    question = Question.objects.get(pk=question.pk)
    assert (question.title, question.body, question.enterprise, question.branch) == (
        "Phân loại",
        "Mã HS?",
        world.ent_a,
        world.region5,
    )
    assert (question.status, question.channel, question.submitted_by) == (
        QuestionStatus.RECEIVED,
        QuestionChannel.HOTLINE,
        world.r5_officer,
    )
    assert before <= question.received_at <= timezone.now() + timedelta(seconds=1)


def test_questions_are_scoped_to_the_receiving_unit_and_the_enterprise(world):
    from dialogues import selectors

    question = record(world, enterprise=world.ent_a)
    assert list(selectors.questions_visible_to(world.r5_manager)) == [question]
    assert list(selectors.questions_visible_to(world.r6_officer)) == []
    assert list(selectors.questions_visible_to(world.r5_office_officer)) == []
    assert list(selectors.questions_visible_to(world.portal_a)) == [question]
    assert list(selectors.questions_visible_to(world.portal_b)) == []
