"""The demo questions (dialogues.demo_questions, loaded by manage.py seed_demo): states, references, ent_a's portal
view, answers with their legal basis, the deadline arithmetic and idempotency. Seeded once per module with 400
questions instead of 3,000 (the module's QUESTION_COUNT)."""

import io
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from crm.models import Enterprise, User
from crm.workdays import Calendar
from dialogues import demo_questions
from dialogues.models import (
    QUESTION_OPEN,
    Answer,
    AnswerKind,
    AnswerStatus,
    Citation,
    EventKind,
    LegalDocument,
    LegalDocumentStatus,
    Question,
    QuestionChannel,
    QuestionEvent,
    QuestionSequence,
    QuestionStatus,
    Rating,
)
from dialogues.selectors import question_detail_visible_to, questions_visible_to
from dialogues.services import questions as services

pytestmark = pytest.mark.django_db
S = QuestionStatus
COUNT = 400


@pytest.fixture(scope="module")
def _seeded_module(django_db_setup, django_db_blocker):
    fast_hasher = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with (
        django_db_blocker.unblock(),
        fast_hasher,
        pytest.MonkeyPatch.context() as patch,
        transaction.atomic(),
    ):
        patch.setattr(demo_questions, "QUESTION_COUNT", COUNT)
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_seeded_module, db):
    """Each test runs in a savepoint inside the module's seeded transaction."""


def demo_questions_qs():
    return Question.objects.filter(conference__isnull=True)


def counts() -> dict[str, int]:
    return {
        "questions": Question.objects.count(),
        "answers": Answer.objects.count(),
        "citations": Citation.objects.count(),
        "events": QuestionEvent.objects.count(),
        "ratings": Rating.objects.count(),
        "documents": LegalDocument.objects.count(),
    }


def test_the_demo_has_the_requested_number_of_questions_in_every_main_state(seeded):
    statuses = Counter(demo_questions_qs().values_list("status", flat=True))
    assert demo_questions_qs().count() == COUNT + 11  # and ent_a's eleven
    # ent_a's questions guarantee the rarer states; at 400 questions a few "triaged" ones may be missing.
    assert set(statuses) >= set(S) - {S.TRIAGED}
    assert statuses[S.CLOSED] > statuses[S.ANSWERED] > statuses[S.ASSIGNED]
    assert statuses[S.CLOSED] + statuses[S.ANSWERED] > 0.8 * COUNT
    assert demo_questions_qs().filter(merged_into__isnull=False, status=S.CLOSED).exists()
    assert demo_questions_qs().filter(answered_from__isnull=False, answer_source="bank").exists()
    today = timezone.localdate()
    overdue = (
        demo_questions_qs().filter(status__in=QUESTION_OPEN, due_on__lt=today).exclude(status=S.AWAITING_ENTERPRISE)
    )
    assert 1 <= overdue.count() <= 0.05 * COUNT


def test_questions_span_eighteen_months_every_category_and_channel_in_two_languages(seeded):
    questions = demo_questions_qs()
    oldest = questions.order_by("received_at").first().received_at
    assert 15 * 30 <= (timezone.now() - oldest).days <= 18 * 31
    assert not questions.filter(received_at__gt=timezone.now()).exists()
    assert len(set(questions.values_list("category", flat=True))) >= 14
    assert set(questions.values_list("channel", flat=True)) == set(QuestionChannel)
    titles = list(questions.values_list("title", flat=True))
    english = sum(1 for title in titles if title.isascii())
    assert 0.03 * len(titles) <= english <= 0.3 * len(titles)
    assert questions.filter(branch__code="KV06").exists()
    with_hs = questions.exclude(hs_codes=[]).values_list("hs_codes", flat=True)
    assert with_hs
    assert all(re.fullmatch(r"\d{4}(\d{2}){0,2}", code) for codes in with_hs for code in codes)
    numbers = questions.exclude(declaration_numbers=[]).values_list("declaration_numbers", flat=True)
    assert numbers
    assert all(re.fullmatch(r"\d{12}", n) for group in numbers for n in group)


def test_references_are_unique_and_gapless_per_year_and_new_questions_continue_the_sequence(seeded):
    by_year: dict[int, list[int]] = {}
    for reference in Question.objects.values_list("reference", flat=True):
        match = re.fullmatch(r"VM-(\d{4})-(\d{6})", reference)
        assert match, reference
        by_year.setdefault(int(match[1]), []).append(int(match[2]))
    for year, numbers in by_year.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), year
        assert QuestionSequence.objects.get(year=year).last == len(numbers)
    this_year = timezone.localdate().year
    ordered = list(
        Question.objects.filter(received_at__year=this_year)
        .order_by("received_at", "id")
        .values_list("reference", flat=True)
    )
    assert ordered == sorted(ordered)  # numbered in the order of receipt
    officer = User.objects.get(username="r5_officer")
    question = services.record_question(
        by=officer, branch=officer.staff_membership.branch, channel="hotline", title="Hỏi", body="Nội dung"
    )
    assert question.reference == f"VM-{this_year}-{len(by_year[this_year]) + 1:06d}"


def test_ent_a_sees_its_questions_in_every_state_the_portal_shows(seeded):
    portal = User.objects.get(username="ent_a")
    enterprise = Enterprise.objects.get(tax_code=demo_questions.PORTAL_TAX_CODE)
    visible = questions_visible_to(portal)
    assert set(visible.values_list("enterprise_id", flat=True)) == {enterprise.pk}
    statuses = Counter(visible.values_list("status", flat=True))
    assert 10 <= visible.count() <= 12
    assert {
        S.RECEIVED,
        S.DRAFTING,
        S.PENDING_APPROVAL,
        S.AWAITING_ENTERPRISE,
        S.ESCALATED,
        S.ANSWERED,
        S.REOPENED,
        S.CLOSED,
    } <= set(statuses)
    waiting = visible.get(status=S.AWAITING_ENTERPRISE)
    assert waiting.paused_at is not None
    assert services.allowed_actions(waiting, portal) == ["provide_info"]
    answered = visible.get(status=S.ANSWERED)
    rating = answered.ratings.get()
    assert rating.score is None
    assert rating.expires_at > timezone.now()
    assert rating.answer.status == AnswerStatus.APPROVED
    assert visible.filter(merged_into__isnull=False).exists()
    assert visible.filter(status=S.CLOSED, ratings__score__gte=4).exists()


def test_answered_questions_have_an_approved_answer_with_its_legal_basis(seeded):
    done = demo_questions_qs().filter(status__in=[S.ANSWERED, S.CLOSED], merged_into__isnull=True)
    assert done.exists()
    approved = Answer.objects.filter(question__in=done, status=AnswerStatus.APPROVED, kind=AnswerKind.FINAL)
    assert set(approved.values_list("question_id", flat=True)) == set(done.values_list("id", flat=True))
    assert not approved.filter(citations__isnull=True).exists()
    assert not approved.filter(sent_at__isnull=True).exists()
    assert not done.filter(answered_at__isnull=True).exists()
    assert not done.filter(first_response_at__isnull=True).exists()
    letters = approved.filter(question__channel=QuestionChannel.OFFICIAL_LETTER)
    assert letters.exists()
    assert not letters.filter(letter_number="").exists()
    assert all(
        re.fullmatch(r"\d+/HQKV\d+-NV", n)
        for n in approved.exclude(letter_number="").values_list("letter_number", flat=True)
    )
    pending = demo_questions_qs().filter(status=S.PENDING_APPROVAL)
    for question in pending:
        submitted = question.answers.get(status=AnswerStatus.SUBMITTED)
        assert submitted.citations.exists()
    for question in demo_questions_qs().filter(status=S.ESCALATED):
        assert question.answers.filter(kind=AnswerKind.INTERIM, status=AnswerStatus.APPROVED).exists()
    # One rating request per sent final answer; most scores are 4 or 5.
    assert Rating.objects.count() == Answer.objects.filter(status=AnswerStatus.APPROVED, kind=AnswerKind.FINAL).count()
    scores = Counter(Rating.objects.exclude(score=None).values_list("score", flat=True))
    assert scores[4] + scores[5] > 0.7 * sum(scores.values())
    assert Rating.objects.filter(score=None).exists()
    assert not Rating.objects.filter(score__lte=2, comment="").exists()


def test_due_dates_follow_the_working_day_calendar_and_the_policies(seeded):
    calendar = Calendar()
    for question in demo_questions_qs().order_by("?")[:150]:
        start = timezone.localdate(question.received_at)
        extra = question.paused_working_days
        assert question.due_on == calendar.add(start, question.allowed_working_days + question.extension_days + extra)
        assert question.internal_due_on == calendar.add(start, question.internal_working_days + extra)
        assert (question.allowed_working_days, question.internal_working_days) == services.deadline_policy(
            question.category, question.priority
        )
    assert services.deadline_policy("classification", "normal") == (15, 10)
    assert services.deadline_policy("procedures", "urgent") == (3, 2)


def test_the_timeline_is_in_order_and_internal_notes_are_never_public(seeded):
    assert not QuestionEvent.objects.filter(kind=EventKind.NOTE, public=True).exists()
    assert QuestionEvent.objects.filter(kind=EventKind.NOTE).exists()
    question = demo_questions_qs().filter(status=S.CLOSED, merged_into__isnull=True).order_by("received_at").first()
    events = list(question.events.order_by("id"))
    assert events[0].kind == EventKind.RECEIVED
    assert [e.at for e in events] == sorted(e.at for e in events)
    assert [e for e in events if e.kind == EventKind.STATUS][-1].to_status == S.CLOSED  # a merged duplicate may follow
    portal = User.objects.get(username="ent_a")
    for shown in question_detail_visible_to(portal):
        assert all(e.public for e in shown.visible_events)
        assert all(a.status == AnswerStatus.APPROVED for a in shown.visible_answers)


def test_legal_documents_record_what_amended_them(seeded):
    documents = {d.number: d for d in LegalDocument.objects.select_related("amended_by")}
    assert len(documents) >= 20
    assert documents["38/2015/TT-BTC"].amended_by.number == "39/2018/TT-BTC"
    assert documents["38/2015/TT-BTC"].status == LegalDocumentStatus.AMENDED
    assert documents["08/2015/NĐ-CP"].amended_by.number == "59/2018/NĐ-CP"
    assert documents["38/2018/TT-BTC"].status == LegalDocumentStatus.EXPIRED
    assert documents["54/2014/QH13"].status == LegalDocumentStatus.IN_FORCE


def test_seeding_again_adds_nothing(seeded):
    before = counts()
    assert demo_questions.seed_questions(count=50) == 0
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == before
