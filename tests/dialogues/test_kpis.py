"""The dialogues figures behind targets: answers on time and satisfaction, per subtree and year."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from dialogues import kpis
from dialogues.models import LegalDocument, Question
from dialogues.services import questions as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def circular(world):
    return LegalDocument.objects.create(
        number="38/2015/TT-BTC",
        doc_type="circular",
        title="Thủ tục hải quan",
        issuer="Bộ Tài chính",
        issued_on="2015-03-25",
    )


def _answered(world, circular, *, branch, late=False, score=None):
    question = services.record_question(
        by=world.hq_admin, branch=branch, channel="hotline", title="Hỏi", body="Thủ tục?", enterprise=world.ent_a
    )
    unit = branch
    question = services.assign(question=question, by=world.hq_admin, unit=unit)
    services.draft_answer(question=question, by=world.hq_admin, body="Đáp", citations=[(circular, "")], submit=True)
    if late:
        Question.objects.filter(pk=question.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    answer = services.approve_answer(question=question, by=world.hq_admin)
    if score is not None:
        services.rate_by_token(token=answer.rating.token, score=score)
    return question


def test_on_time_rate_and_satisfaction_count_the_subtree_of_the_year(world, circular):
    year = timezone.localdate().year
    _answered(world, circular, branch=world.region5, score=5)
    _answered(world, circular, branch=world.region5_office, score=4)
    _answered(world, circular, branch=world.region5, late=True, score=2)
    _answered(world, circular, branch=world.region6, late=True)

    assert kpis.answered_on_time_pct(world.region5.path, year) == Decimal("66.7")
    assert kpis.answered_on_time_pct(world.region5_office.path, year) == Decimal("100.0")
    assert kpis.answered_on_time_pct(world.region6.path, year) == Decimal("0.0")
    assert kpis.answered_on_time_pct(world.department.path, year) == Decimal("50.0")
    assert kpis.satisfaction_pct(world.region5.path, year) == Decimal("66.7")
    assert kpis.satisfaction_pct(world.region6.path, year) is None
    assert kpis.answered_on_time_pct(world.region5.path, year - 1) is None
