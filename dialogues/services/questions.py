"""Recording questions. References are sequential per year with no gaps, even under concurrent submissions."""

from django.db import transaction
from django.utils import timezone

from crm.text import nfc
from dialogues.models import Question, QuestionSequence, QuestionStatus


def next_reference(year: int) -> str:
    """Take the next number of `year` (VM-2026-000123). Must run inside the transaction that saves the question, so
    a rolled-back question gives its number back; the sequence row lock serialises concurrent takers."""
    QuestionSequence.objects.get_or_create(year=year)
    sequence = QuestionSequence.objects.select_for_update().get(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"VM-{year}-{sequence.last:06d}"


@transaction.atomic
def record_question(*, by, branch, channel: str, title: str, body: str, enterprise=None, contact=None, conference=None):
    received_at = timezone.now()
    question = Question(
        reference=next_reference(timezone.localdate(received_at).year),
        branch=branch,
        channel=channel,
        title=nfc(title).strip(),
        body=nfc(body).strip(),
        enterprise=enterprise,
        contact=contact,
        conference=conference,
        status=QuestionStatus.RECEIVED,
        received_at=received_at,
        submitted_by=by,
        created_by=by,
        updated_by=by,
    )
    question.full_clean()
    question.save()
    return question
