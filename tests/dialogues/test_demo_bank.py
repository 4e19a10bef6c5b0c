"""The demo question bank (dialogues.demo_bank, loaded by manage.py seed_demo): entries in every status and category,
both languages, legal basis, the public snapshot and its search key, search without diacritics, nothing identifying,
the workflow fields the services would have set, links to questions, deflections and idempotency. Seeded once per
module (with 400 demo questions instead of 3,000)."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from crm.models import User
from crm.text import search_key
from dialogues import demo_bank, demo_questions, search
from dialogues.anonymise import detect
from dialogues.models import (
    QUESTION_DONE,
    BankCitation,
    BankDeflection,
    BankEntry,
    BankPublicCitation,
    BankStatus,
    QuestionCategory,
)
from dialogues.services import bank

pytestmark = pytest.mark.django_db
S = BankStatus
TEXT_FIELDS = ("question_vi", "answer_vi", "question_en", "answer_en")


@pytest.fixture(scope="module")
def _seeded_module(django_db_setup, django_db_blocker):
    fast_hasher = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with (
        django_db_blocker.unblock(),
        fast_hasher,
        pytest.MonkeyPatch.context() as patch,
        transaction.atomic(),
    ):
        patch.setattr(demo_questions, "QUESTION_COUNT", 400)
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_seeded_module, db):
    """Each test runs in a savepoint inside the module's seeded transaction."""


def public():
    return BankEntry.objects.public()


def rows(citations) -> list[tuple[int, str]]:
    return sorted(citations.values_list("document_id", "article"))


def test_the_bank_has_about_three_hundred_public_entries_and_a_few_in_every_other_status(seeded):
    statuses = Counter(BankEntry.objects.values_list("status", flat=True))
    # 302 written cases: 15 through the services (6 approved, 5 in review, 3 drafts, 1 returned), the rest bulk;
    # of those 4 archived, 4 overdue for review and 3 citing the expired circular need updating, 1 is being revised;
    # plus one draft written from an answered question.
    assert statuses == {S.PUBLISHED: 281, S.NEEDS_UPDATE: 7, S.DRAFT: 6, S.IN_REVIEW: 5, S.ARCHIVED: 4}
    assert public().count() == 281 + 7 + 1  # the revision stays public with its approved text
    assert set(public().values_list("public_category", flat=True)) == set(QuestionCategory)
    assert not public().filter(status__in=[S.IN_REVIEW, S.ARCHIVED]).exists()
    assert not BankEntry.objects.filter(status=S.ARCHIVED, live=True).exists()


def test_public_entries_are_in_vietnamese_and_four_in_ten_also_in_english(seeded):
    assert not public().filter(public_question_vi="").exists()
    assert not public().filter(public_answer_vi="").exists()
    english = public().exclude(public_question_en="")
    assert not english.filter(public_answer_en="").exists()
    assert 0.3 * public().count() <= english.count() <= 0.5 * public().count()
    entry = english.first()
    assert entry.languages == ["vi", "en"]
    assert entry.public_text("en")[2] == "en"


def test_every_public_entry_cites_a_demo_legal_document(seeded):
    cited = set(BankPublicCitation.objects.values_list("entry_id", flat=True))
    assert set(public().values_list("id", flat=True)) <= cited
    numbers = set(BankPublicCitation.objects.values_list("document__number", flat=True))
    assert numbers <= {row[0] for row in demo_questions.LEGAL_DOCUMENTS}
    assert len(numbers) >= 25


def test_the_public_snapshot_and_search_key_are_what_the_approval_would_have_written(seeded):
    today = timezone.localdate()
    for entry in public().exclude(status=S.DRAFT):
        assert [getattr(entry, f"public_{name}") for name in TEXT_FIELDS] == [
            getattr(entry, name) for name in TEXT_FIELDS
        ]
        assert (entry.public_category, entry.public_tags) == (entry.category, entry.tags)
        assert rows(entry.public_citations) == rows(entry.citations)
        assert entry.search_key == search_key(*(getattr(entry, f"public_{name}") for name in TEXT_FIELDS))
        assert entry.first_published_at <= entry.published_at <= timezone.now()
        assert entry.submitted_by_id is not None
        assert entry.approved_by_id not in (None, entry.submitted_by_id)
        assert entry.created_at <= entry.submitted_at <= entry.approved_at
        assert entry.review_due_on > today or entry.status == S.NEEDS_UPDATE
    revision = public().get(status=S.DRAFT)
    assert revision.answer_vi == revision.public_answer_vi + demo_bank.REVISION
    views = list(public().values_list("view_count", "helpful_count", "unhelpful_count"))
    assert len({v for v, _h, _u in views}) > 100
    assert all(h + u <= v for v, h, u in views)


def test_typing_without_diacritics_finds_the_demo_entries(seeded):
    found = list(search.search(public(), "thu tuc huy to khai"))
    assert len(found) >= 4
    assert [e.pk for e in search.search(public(), "thủ tục hủy tờ khai")] == [e.pk for e in found]
    assert "hủy tờ khai" in found[0].public_question_vi.lower()
    english = search.search(public(), "advance ruling")
    assert english.exists()
    assert search.suggest(public(), "Hàng mẫu tạm nhập để tham dự hội chợ có phải tái xuất không").exists()


def test_no_public_text_identifies_a_business(seeded):
    for entry in public():
        for name in TEXT_FIELDS:
            assert detect(getattr(entry, f"public_{name}")) == [], (entry.pk, name)


def test_entries_in_review_wait_for_the_manager_and_the_manager_can_approve_them(seeded):
    officer, manager = User.objects.get(username="r5_officer"), User.objects.get(username="r5_manager")
    waiting = BankEntry.objects.filter(status=S.IN_REVIEW)
    assert set(waiting.values_list("submitted_by", flat=True)) == {officer.pk}
    entry = waiting.order_by("id").first()
    assert "approve" in bank.allowed_actions(entry, manager)
    assert "approve" not in bank.allowed_actions(entry, officer)
    bank.approve(entry=entry, by=manager)
    assert public().filter(pk=entry.pk, status=S.PUBLISHED).exists()


def test_the_other_statuses_carry_their_reasons(seeded):
    outdated = BankEntry.objects.filter(status=S.NEEDS_UPDATE)
    assert all(e.live and e.outdated_since and e.outdated_reason for e in outdated)
    assert outdated.filter(citations__document__number=demo_bank.OLD_ORIGIN_CIRCULAR).distinct().count() == 3
    assert outdated.exclude(citations__document__number=demo_bank.OLD_ORIGIN_CIRCULAR).count() == 4
    returned = BankEntry.objects.get(status=S.DRAFT, live=False, review_note__gt="")
    assert returned.review_note == demo_bank.RETURN_NOTE
    from_question = BankEntry.objects.get(status=S.DRAFT, questions__isnull=False, live=False)
    # The declaration numbers of the question are still there for the editor to remove.
    assert "declaration" in {flag.kind for flag in bank.flags(from_question)}
    assert all(e.archived_at for e in BankEntry.objects.filter(status=S.ARCHIVED))


def test_entries_link_answered_questions_and_portal_users_were_deflected(seeded):
    linked = public().filter(questions__isnull=False).distinct()
    assert linked.count() >= 20
    through = BankEntry.questions.through.objects.filter(bankentry__in=linked)
    assert not through.exclude(question__status__in=QUESTION_DONE).exists()
    deflections = BankDeflection.objects.select_related("user", "entry")
    assert len(deflections) == len(demo_bank.DEFLECTIONS)
    assert {d.user.username for d in deflections} == {"ent_a", "ent_b"}
    assert all(d.entry.live and d.enterprise_id and d.at < timezone.now() for d in deflections)


def test_seeding_again_adds_nothing(seeded):
    before = (BankEntry.objects.count(), BankCitation.objects.count(), BankDeflection.objects.count())
    assert demo_bank.seed_bank() == 0
    call_command("seed_demo", stdout=io.StringIO())
    assert (BankEntry.objects.count(), BankCitation.objects.count(), BankDeflection.objects.count()) == before
