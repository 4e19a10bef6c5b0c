from datetime import timedelta

import pytest
from django.utils import timezone

from partnerships.models import Agreement, AgreementStatus
from partnerships.tasks import expire_agreements_task
from tests.partnerships.factories import make_agreement

pytestmark = pytest.mark.django_db

S = AgreementStatus


def test_the_daily_task_activates_and_expires_the_agreements_that_are_due_and_then_finds_nothing_to_do(world):
    today = timezone.localdate()
    took_effect = make_agreement(branch=world.region5, status=S.SIGNED, signed_on=today - timedelta(days=1))
    starts_later = make_agreement(
        branch=world.region5, status=S.SIGNED, signed_on=today, effective_from=today + timedelta(days=10)
    )
    due = make_agreement(
        branch=world.region5,
        status=S.ACTIVE,
        signed_on=today - timedelta(days=800),
        expires_on=today - timedelta(days=1),
    )
    not_yet = make_agreement(branch=world.region5, status=S.ACTIVE, expires_on=today + timedelta(days=1))

    first = expire_agreements_task.apply()
    second = expire_agreements_task.apply()

    assert first.successful()
    assert first.get() == {"activated": 1, "expired": 1}
    assert second.get() == {"activated": 0, "expired": 0}
    statuses = dict(Agreement.objects.values_list("pk", "status"))
    assert [statuses[a.pk] for a in (took_effect, starts_later, due, not_yet)] == [
        S.ACTIVE,
        S.SIGNED,
        S.EXPIRED,
        S.ACTIVE,
    ]
    assert due.events.filter(action="expire").count() == 1


def test_the_task_is_registered_under_the_name_the_beat_schedule_uses(settings):
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert expire_agreements_task.name == "partnerships.expire_agreements"
    assert expire_agreements_task.name in scheduled
