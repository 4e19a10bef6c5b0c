"""The question bank services on PostgreSQL: writing an entry from answered questions, the anonymisation check,
the second approval, revisions of live entries, the "needs update" notice (legal documents, overdue reviews),
archiving and publishing again, and the public's views, votes and deflections."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from crm.errors import DomainError
from crm.models import Role
from dialogues.models import (
    BankDeflection,
    BankEntry,
    BankStatus,
    BankVote,
    LegalDocumentStatus,
    Question,
    QuestionChannel,
    QuestionStatus,
)
from dialogues.services import bank
from dialogues.services import legal as legal_services
from dialogues.services import questions as question_services
from dialogues.tasks import flag_overdue_bank_reviews
from tests import factories
from tests.dialogues.bank_factories import answered_question, make_document, make_entry

pytestmark = pytest.mark.django_db

S = BankStatus
CLEAN_VI = ("Thủ tục hủy tờ khai hải quan như thế nào?", "Doanh nghiệp nộp văn bản đề nghị hủy tờ khai (Điều 22).")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def r5_manager2(world):
    return factories.make_staff(username="r5_manager2", branch=world.region5, role=Role.MANAGER)


@pytest.fixture
def r6_manager(world):
    return factories.make_staff(username="r6_manager", branch=world.region6, role=Role.MANAGER)


@pytest.fixture
def document(world):
    return make_document(world)


def answered(world, document, *, by=None, manager=None, branch=None, subcategory="", **fields) -> Question:
    """A question recorded with `fields` (contact, asker_name, hs_codes …) and answered with `document` as basis."""
    by, manager, branch = by or world.r5_officer, manager or world.r5_manager, branch or world.region5
    fields.setdefault("enterprise", world.ent_a)
    fields.setdefault("title", "Hủy tờ khai hải quan")
    fields.setdefault("body", "Doanh nghiệp muốn hủy tờ khai đã đăng ký.")
    question = question_services.record_question(by=by, branch=branch, channel=QuestionChannel.EMAIL, **fields)
    question_services.triage(
        question=question, by=manager, category="procedures", priority="normal", subcategory=subcategory
    )
    question_services.assign(question=question, by=manager, unit=branch, assignee=by)
    question_services.draft_answer(
        question=question,
        by=by,
        body="Căn cứ Điều 22 Thông tư 38/2015/TT-BTC, doanh nghiệp nộp văn bản đề nghị hủy tờ khai.",
        citations=[(document, "22")],
    )
    question_services.submit_answer(question=question, by=by)
    question_services.approve_answer(question=question, by=manager, letter_number="123/HQKV5-NV")
    return Question.objects.get(pk=question.pk)


def fresh(entry: BankEntry) -> BankEntry:
    return BankEntry.objects.get(pk=entry.pk)


def citations(entry: BankEntry) -> list[tuple[int, str]]:
    return [(c.document_id, c.article) for c in entry.citations.order_by("id")]


def public_texts(entry: BankEntry) -> tuple[str, str, str, str]:
    return (entry.public_question_vi, entry.public_answer_vi, entry.public_question_en, entry.public_answer_en)


def clean(entry: BankEntry, by) -> BankEntry:
    """Replace the working texts with anonymised ones."""
    return bank.update_entry(entry=entry, by=by, question_vi=CLEAN_VI[0], answer_vi=CLEAN_VI[1])


# ====================================================================================== create_from_question


def test_an_entry_is_prefilled_from_an_answered_question_and_linked_to_it(world, document):
    question = answered(
        world,
        document,
        title="Hủy tờ khai",
        body="Công ty muốn hủy tờ khai 105234567890.",
        hs_codes=["85176259"],
        subcategory="Hủy tờ khai",
    )
    entry = bank.create_from_question(question=question, by=world.r5_officer)

    entry = fresh(entry)
    assert entry.status == S.DRAFT
    assert entry.live is False
    assert entry.branch == world.region5
    assert entry.created_by == world.r5_officer
    assert entry.question_vi == "Hủy tờ khai\n\nCông ty muốn hủy tờ khai 105234567890."
    assert entry.answer_vi == "Căn cứ Điều 22 Thông tư 38/2015/TT-BTC, doanh nghiệp nộp văn bản đề nghị hủy tờ khai."
    assert entry.category == "procedures"
    assert entry.tags == ["Hủy tờ khai", "85176259"]
    assert citations(entry) == [(document.pk, "22")]
    assert list(entry.questions.all()) == [question]
    assert list(question.bank_entries.all()) == [entry]
    assert public_texts(entry) == ("", "", "", "")
    assert not BankEntry.objects.public().filter(pk=entry.pk).exists()


def test_a_closed_question_can_be_published_to_the_bank(world, document):
    question = answered(world, document)
    question_services.close(question=question, by=world.r5_manager)
    assert Question.objects.get(pk=question.pk).status == QuestionStatus.CLOSED

    entry = bank.create_from_question(question=question, by=world.r5_manager)
    assert list(entry.questions.all()) == [question]


def test_headquarters_writes_the_entry_under_the_questions_unit(world, document):
    question = answered(world, document)
    entry = bank.create_from_question(question=question, by=world.hq_admin)
    assert fresh(entry).branch == world.region5


def test_an_unanswered_question_cannot_be_published_to_the_bank(world):
    question = question_services.record_question(
        by=world.r5_officer, branch=world.region5, channel=QuestionChannel.EMAIL, title="Hủy tờ khai", body="?"
    )
    with pytest.raises(DomainError):
        bank.create_from_question(question=question, by=world.r5_officer)
    assert not BankEntry.objects.exists()


def test_a_merged_question_cannot_be_published_to_the_bank(world, document):
    kept = answered(world, document)
    duplicate = question_services.record_question(
        by=world.r5_officer, branch=world.region5, channel=QuestionChannel.EMAIL, title="Hủy tờ khai", body="?"
    )
    question_services.merge(question=duplicate, by=world.r5_manager, into=kept)
    duplicate = Question.objects.get(pk=duplicate.pk)
    assert duplicate.status == QuestionStatus.CLOSED
    with pytest.raises(DomainError):
        bank.create_from_question(question=duplicate, by=world.r5_officer)
    assert not BankEntry.objects.exists()


@pytest.mark.parametrize("persona", ["r6_officer", "r5_office_officer", "portal_a"])
def test_a_question_of_another_unit_cannot_be_published_to_the_bank(world, document, persona):
    question = answered(world, document)
    with pytest.raises(PermissionDenied):
        bank.create_from_question(question=question, by=getattr(world, persona))
    assert not BankEntry.objects.exists()


# ============================================================================================== link_questions


def test_several_questions_can_be_linked_to_one_entry(world, document):
    first = answered(world, document)
    second = answered(world, document, title="Hủy tờ khai xuất khẩu")
    third = answered(world, document, title="Hủy tờ khai nhập khẩu")
    entry = bank.create_from_question(question=first, by=world.r5_officer)

    bank.link_questions(entry=entry, by=world.r5_officer, questions=[second, third.pk])

    assert set(entry.questions.all()) == {first, second, third}
    assert list(second.bank_entries.all()) == [entry]
    assert list(third.bank_entries.all()) == [entry]


def test_a_question_of_another_branch_cannot_be_linked(world, document, r6_manager):
    own = answered(world, document)
    foreign = answered(
        world, document, by=world.r6_officer, manager=r6_manager, branch=world.region6, enterprise=world.ent_r6
    )
    entry = bank.create_from_question(question=own, by=world.r5_officer)

    with pytest.raises(DomainError) as exc:
        bank.link_questions(entry=entry, by=world.r5_officer, questions=[foreign])
    assert exc.value.field == "questions"
    with pytest.raises(DomainError):
        bank.link_questions(entry=entry, by=world.r5_officer, questions=[foreign.pk, 999_999])
    assert list(entry.questions.all()) == [own]


def test_an_officer_cannot_link_questions_to_an_entry_of_another_unit(world, document, r6_manager):
    entry = make_entry(world, status="draft", document=document)
    foreign = answered(
        world, document, by=world.r6_officer, manager=r6_manager, branch=world.region6, enterprise=world.ent_r6
    )
    with pytest.raises(PermissionDenied):
        bank.link_questions(entry=entry, by=world.r6_officer, questions=[foreign])
    assert not entry.questions.exists()


def test_an_unanswered_question_cannot_be_linked(world, document):
    entry = make_entry(world, status="draft", document=document)
    open_question = question_services.record_question(
        by=world.r5_officer, branch=world.region5, channel=QuestionChannel.EMAIL, title="Hủy tờ khai", body="?"
    )
    with pytest.raises(DomainError) as exc:
        bank.link_questions(entry=entry, by=world.r5_officer, questions=[open_question])
    assert exc.value.field == "questions"
    assert not entry.questions.exists()


# ============================================================================================ anonymisation


def test_the_prefilled_entry_is_flagged_for_what_identifies_the_enterprise(world, document):
    question = answered_question(world, document=document)  # names ent_a, its tax code, a declaration, an amount
    entry = bank.create_from_question(question=question, by=world.r5_officer)

    found = {(flag.kind, flag.text, flag.field) for flag in bank.flags(entry)}
    assert found == {
        ("enterprise", "Công ty TNHH Điện tử Đông Á", "question_vi"),
        ("tax_code", "2352601817", "question_vi"),
        ("declaration", "105234567890", "question_vi"),
        ("amount", "1.250.000.000 đồng", "question_vi"),
    }


@pytest.mark.parametrize(
    "written",
    [
        "Công ty TNHH Điện tử Đông Á",
        "cong ty tnhh dien tu dong a",  # no diacritics: only the linked enterprise's name can find it
        "CONG TY TNHH DIEN TU DONG A",
        "dong a electronics co., ltd",  # the foreign name, in lower case
        "DONG A ELEC",  # the short name
        "Đông Á Elec",
    ],
)
def test_the_linked_enterprises_names_are_flagged_with_or_without_diacritics(world, document, written):
    world.ent_a.short_name = "Đông Á Elec"
    world.ent_a.save(update_fields=["short_name"])
    entry = bank.create_from_question(question=answered(world, document), by=world.r5_officer)
    entry = bank.update_entry(
        entry=entry,
        by=world.r5_officer,
        question_vi=f"Hàng của {written} đã thông quan, có được hủy tờ khai không?",
        answer_vi=CLEAN_VI[1],
    )
    assert [(f.kind, f.text, f.field) for f in bank.flags(entry)] == [("enterprise", written, "question_vi")]


def test_names_are_only_looked_for_among_the_linked_questions(world, document):
    text = "Hàng của cong ty tnhh dien tu dong a đã thông quan, có được hủy tờ khai không?"
    unlinked = make_entry(world, status="draft", document=document, question_vi=text)
    assert bank.flags(unlinked) == []
    bank.link_questions(entry=unlinked, by=world.r5_officer, questions=[answered(world, document)])
    assert [f.kind for f in bank.flags(fresh(unlinked))] == ["enterprise"]


def test_the_askers_and_the_contacts_names_are_flagged(world, document):
    contact = factories.make_contact(enterprise=world.ent_a, full_name="Nguyễn Văn An")
    question = answered(world, document, contact=contact, asker_name="Trần Thị Bình")
    entry = bank.create_from_question(question=question, by=world.r5_officer)
    entry = bank.update_entry(
        entry=entry,
        by=world.r5_officer,
        question_vi="Ông nguyen van an hỏi thủ tục hủy tờ khai.",
        answer_en="Ms TRAN THI BINH was told to file a request.",
        question_en="How is a declaration cancelled?",
    )
    found = [(f.kind, f.text, f.field) for f in bank.flags(entry)]
    assert ("person", "nguyen van an", "question_vi") in found
    assert ("person", "TRAN THI BINH", "answer_en") in found


def test_tax_code_declaration_amount_phone_and_email_are_flagged_in_each_text(world, document):
    entry = bank.create_from_question(question=answered(world, document), by=world.r5_officer)
    entry = bank.update_entry(
        entry=entry,
        by=world.r5_officer,
        question_vi="MST 2352601817 hỏi về tờ khai 105234567890.",
        answer_vi="Nộp phạt 5.000.000 đồng theo Thông tư 38/2015/TT-BTC ngày 25/03/2015.",
        question_en="Call 0912 345 678 about HS code 8517.62.59?",
        answer_en="Write to ketoan@dong-a.com.vn under Article 22.",
    )
    assert [(f.kind, f.text, f.field) for f in bank.flags(entry)] == [
        ("tax_code", "2352601817", "question_vi"),
        ("declaration", "105234567890", "question_vi"),
        ("amount", "5.000.000 đồng", "answer_vi"),
        ("phone", "0912 345 678", "question_en"),
        ("email", "ketoan@dong-a.com.vn", "answer_en"),
    ]


def test_submit_is_refused_while_identifying_details_remain(world, document):
    entry = bank.create_from_question(question=answered_question(world, document=document), by=world.r5_officer)
    with pytest.raises(DomainError) as exc:
        bank.submit(entry=entry, by=world.r5_officer)
    assert exc.value.field == "acknowledge_flags"
    entry = fresh(entry)
    assert entry.status == S.DRAFT
    assert entry.submitted_by is None


def test_submit_is_accepted_once_the_details_are_removed(world, document):
    entry = bank.create_from_question(question=answered_question(world, document=document), by=world.r5_officer)
    clean(entry, world.r5_officer)
    assert bank.flags(fresh(entry)) == []

    bank.submit(entry=entry, by=world.r5_officer)

    entry = fresh(entry)
    assert entry.status == S.IN_REVIEW
    assert entry.submitted_by == world.r5_officer
    assert entry.submitted_at is not None
    assert entry.flags_acknowledged is False


def test_submit_with_the_flags_acknowledged_records_it(world, document):
    entry = bank.create_from_question(question=answered_question(world, document=document), by=world.r5_officer)
    bank.submit(entry=entry, by=world.r5_officer, acknowledge_flags=True)
    entry = fresh(entry)
    assert entry.status == S.IN_REVIEW
    assert entry.flags_acknowledged is True


def test_acknowledging_when_nothing_is_flagged_records_nothing(world, document):
    entry = make_entry(world, status="draft", document=document)
    bank.submit(entry=entry, by=world.r5_officer, acknowledge_flags=True)
    assert fresh(entry).flags_acknowledged is False


# ============================================================================================== completeness


@pytest.mark.parametrize(
    ("texts", "field"),
    [
        (("", "", "", ""), "question_vi"),
        (("", "Trả lời", "", ""), "question_vi"),
        (("Câu hỏi", "", "", ""), "answer_vi"),
        (("", "", "Question?", ""), "answer_en"),
        (("Câu hỏi", "Trả lời", "Question?", ""), "answer_en"),
        (("Câu hỏi", "Trả lời", "", "Answer."), "question_en"),
    ],
)
def test_submit_requires_each_question_with_its_answer(world, document, texts, field):
    question_vi, answer_vi, question_en, answer_en = texts
    entry = bank.create_entry(
        by=world.r5_officer,
        question_vi=question_vi,
        answer_vi=answer_vi,
        question_en=question_en,
        answer_en=answer_en,
        citations=[(document, "22")],
    )
    with pytest.raises(DomainError) as exc:
        bank.submit(entry=entry, by=world.r5_officer)
    assert exc.value.field == field
    assert fresh(entry).status == S.DRAFT


def test_submit_requires_a_legal_basis(world):
    entry = bank.create_entry(by=world.r5_officer, question_vi=CLEAN_VI[0], answer_vi=CLEAN_VI[1])
    with pytest.raises(DomainError) as exc:
        bank.submit(entry=entry, by=world.r5_officer)
    assert exc.value.field == "citations"
    assert fresh(entry).status == S.DRAFT


def test_an_english_only_entry_with_a_citation_can_be_submitted(world, document):
    entry = bank.create_entry(
        by=world.r5_officer,
        question_en="How is a declaration cancelled?",
        answer_en="File a request under Article 22.",
        citations=[{"document": document.pk, "article": "22"}],
    )
    bank.submit(entry=entry, by=world.r5_officer)
    assert fresh(entry).status == S.IN_REVIEW


# =========================================================================================== second approval


def test_an_officer_cannot_approve(world, document):
    entry = make_entry(world, status="in_review", document=document, by=world.r5_manager)
    with pytest.raises(PermissionDenied):
        bank.approve(entry=entry, by=world.r5_officer)
    entry = fresh(entry)
    assert entry.status == S.IN_REVIEW
    assert entry.live is False


def test_the_manager_who_submitted_cannot_approve_their_own_submission(world, document):
    entry = make_entry(world, status="in_review", document=document, by=world.r5_manager)
    with pytest.raises(PermissionDenied):
        bank.approve(entry=entry, by=world.r5_manager)
    entry = fresh(entry)
    assert entry.status == S.IN_REVIEW
    assert entry.approved_by is None
    assert "approve" not in bank.allowed_actions(entry, world.r5_manager)


@pytest.mark.parametrize("approver", ["r5_manager2", "hq_admin"])
def test_another_manager_gives_the_second_approval(world, document, r5_manager2, approver):
    by = r5_manager2 if approver == "r5_manager2" else world.hq_admin
    entry = make_entry(world, status="in_review", document=document, by=world.r5_manager)
    assert "approve" in bank.allowed_actions(entry, by)

    bank.approve(entry=entry, by=by)

    entry = fresh(entry)
    assert entry.status == S.PUBLISHED
    assert entry.live is True
    assert entry.approved_by == by


def test_approval_copies_the_texts_to_the_public_and_sets_the_dates(world, document, settings):
    settings.QUESTION_BANK_REVIEW_MONTHS = 6
    entry = make_entry(
        world,
        status="in_review",
        document=document,
        question_vi="Thủ tục HỦY tờ khai hải quan?",
        answer_vi="Doanh nghiệp nộp văn bản đề nghị.",
        question_en="How is a declaration cancelled?",
        answer_en="File a request.",
    )
    before = timezone.now()
    bank.approve(entry=entry, by=world.r5_manager)
    after = timezone.now()

    entry = fresh(entry)
    assert public_texts(entry) == (
        "Thủ tục HỦY tờ khai hải quan?",
        "Doanh nghiệp nộp văn bản đề nghị.",
        "How is a declaration cancelled?",
        "File a request.",
    )
    assert entry.status == S.PUBLISHED
    assert entry.live is True
    assert before <= entry.published_at <= after
    assert entry.first_published_at == entry.published_at
    assert entry.approved_at == entry.published_at
    assert entry.review_due_on == timezone.localdate() + relativedelta(months=6)
    assert "thu tuc huy to khai hai quan" in entry.search_key
    assert "how is a declaration cancelled" in entry.search_key
    assert entry.search_key == entry.search_key.lower()
    assert list(BankEntry.objects.public().filter(pk=entry.pk)) == [entry]
    assert entry.public_text("en") == ("How is a declaration cancelled?", "File a request.", "en")


def test_approval_requires_an_entry_in_review(world, document):
    entry = make_entry(world, status="draft", document=document)
    with pytest.raises(DomainError):
        bank.approve(entry=entry, by=world.r5_manager)
    assert fresh(entry).live is False


@pytest.mark.parametrize(
    ("action", "status"),
    [
        (lambda e, by: bank.approve(entry=e, by=by), "in_review"),
        (lambda e, by: bank.return_entry(entry=e, by=by, note="Sửa lại"), "in_review"),
        (lambda e, by: bank.archive(entry=e, by=by), "published"),
        (lambda e, by: bank.mark_reviewed(entry=e, by=by), "needs_update"),
        (lambda e, by: bank.publish(entry=e, by=by), "archived"),
        (lambda e, by: bank.submit(entry=e, by=by), "draft"),
        (lambda e, by: bank.update_entry(entry=e, by=by, question_vi="Khác?"), "draft"),
        (lambda e, by: bank.unlink_question(entry=e, by=by, question=None), "draft"),
    ],
    ids=["approve", "return", "archive", "mark_reviewed", "publish", "submit", "update", "unlink"],
)
def test_a_manager_of_another_branch_cannot_act_on_the_entry(world, document, r6_manager, action, status):
    entry = make_entry(world, status=status, document=document)
    before = fresh(entry)
    with pytest.raises(PermissionDenied):
        action(entry, r6_manager)
    after = fresh(entry)
    assert (after.status, after.live, after.question_vi, after.updated_at) == (
        before.status,
        before.live,
        before.question_vi,
        before.updated_at,
    )
    assert not BankEntry.objects.visible_to(r6_manager).filter(pk=entry.pk).exists()


@pytest.mark.parametrize("persona", ["r6_officer", "r5_office_officer", "portal_a"])
def test_outsiders_cannot_edit_or_submit(world, document, persona):
    entry = make_entry(world, status="draft", document=document)
    user = getattr(world, persona)
    with pytest.raises(PermissionDenied):
        bank.update_entry(entry=entry, by=user, question_vi="Khác?")
    with pytest.raises(PermissionDenied):
        bank.submit(entry=entry, by=user)
    entry = fresh(entry)
    assert (entry.status, entry.question_vi) == (S.DRAFT, "Thủ tục hủy tờ khai hải quan như thế nào?")


def test_a_portal_user_cannot_archive_a_public_entry(world, document):
    entry = make_entry(world, status="published", document=document)
    with pytest.raises(PermissionDenied):
        bank.archive(entry=entry, by=world.portal_a)
    assert fresh(entry).live is True


# ================================================================================================ revisions


def test_editing_a_live_entry_starts_a_revision_the_public_does_not_see(world, document):
    entry = make_entry(world, status="published", document=document)
    published = fresh(entry)

    bank.update_entry(entry=entry, by=world.r5_officer, question_vi="Câu hỏi mới?", answer_vi="Trả lời mới.")

    entry = fresh(entry)
    assert entry.status == S.DRAFT
    assert entry.live is True
    assert (entry.question_vi, entry.answer_vi) == ("Câu hỏi mới?", "Trả lời mới.")
    assert public_texts(entry) == public_texts(published)
    assert entry.published_at == published.published_at
    assert BankEntry.objects.public().filter(pk=entry.pk).exists()
    assert entry.public_text("vi")[0] == "Thủ tục hủy tờ khai hải quan như thế nào?"

    bank.submit(entry=entry, by=world.r5_officer)
    assert public_texts(fresh(entry)) == public_texts(published)  # still the old text while in review
    bank.approve(entry=entry, by=world.r5_manager)

    entry = fresh(entry)
    assert entry.status == S.PUBLISHED
    assert (entry.public_question_vi, entry.public_answer_vi) == ("Câu hỏi mới?", "Trả lời mới.")
    assert entry.first_published_at == published.first_published_at
    assert entry.published_at > published.published_at


def test_saving_a_live_entry_unchanged_keeps_it_published(world, document):
    entry = make_entry(world, status="published", document=document)
    bank.update_entry(entry=entry, by=world.r5_officer, question_vi=entry.question_vi, answer_vi=entry.answer_vi)
    assert fresh(entry).status == S.PUBLISHED


def test_changing_the_category_of_a_live_entry_starts_a_revision(world, document):
    entry = make_entry(world, status="published", document=document, category="procedures")
    bank.update_entry(entry=entry, by=world.r5_officer, category="duties")
    entry = fresh(entry)
    assert (entry.status, entry.category, entry.live) == (S.DRAFT, "duties", True)


@pytest.mark.parametrize("status", ["in_review"])
def test_an_entry_in_review_cannot_be_edited(world, document, status):
    entry = make_entry(world, status=status, document=document)
    with pytest.raises(DomainError):
        bank.update_entry(entry=entry, by=world.r5_manager, question_vi="Khác?")
    entry = fresh(entry)
    assert (entry.status, entry.question_vi) == (status, "Thủ tục hủy tờ khai hải quan như thế nào?")


def test_returning_an_entry_needs_a_note_and_puts_it_back_to_draft(world, document):
    entry = make_entry(world, status="in_review", document=document)
    with pytest.raises(DomainError) as exc:
        bank.return_entry(entry=entry, by=world.r5_manager, note="   ")
    assert exc.value.field == "note"
    assert fresh(entry).status == S.IN_REVIEW

    bank.return_entry(entry=entry, by=world.r5_manager, note=" Bỏ số điện thoại. ")
    entry = fresh(entry)
    assert (entry.status, entry.review_note) == (S.DRAFT, "Bỏ số điện thoại.")
    assert set(bank.allowed_actions(entry, world.r5_officer)) == {"edit", "submit"}

    bank.submit(entry=entry, by=world.r5_officer)
    assert fresh(entry).review_note == ""


def test_an_officer_cannot_return_an_entry(world, document):
    entry = make_entry(world, status="in_review", document=document, by=world.r5_manager)
    with pytest.raises(PermissionDenied):
        bank.return_entry(entry=entry, by=world.r5_officer, note="Sửa lại")
    assert fresh(entry).status == S.IN_REVIEW


def test_a_revision_can_move_the_entry_within_the_users_units_only(world, document):
    entry = make_entry(world, status="draft", document=document)
    bank.update_entry(entry=entry, by=world.r5_officer, branch=world.region5_office)
    assert fresh(entry).branch == world.region5_office
    with pytest.raises(DomainError) as exc:
        bank.update_entry(entry=entry, by=world.r5_officer, branch=world.region6)
    assert exc.value.field == "branch"
    assert fresh(entry).branch == world.region5_office


# ============================================================================================= needs update


@pytest.mark.parametrize("new_status", [LegalDocumentStatus.AMENDED, LegalDocumentStatus.EXPIRED])
def test_a_cited_document_that_changes_puts_the_notice_on_published_entries(world, new_status):
    cited, other = make_document(world), make_document(world)
    citing = make_entry(world, status="published", document=cited)
    not_citing = make_entry(world, status="published", document=other)
    never_published = make_entry(world, status="draft", document=cited)
    before = timezone.now()

    legal_services.update_legal_document(document=cited, by=world.r5_manager, status=new_status)

    citing = fresh(citing)
    assert citing.status == S.NEEDS_UPDATE
    assert citing.outdated_since >= before
    assert cited.number in citing.outdated_reason
    assert citing.live is True
    assert BankEntry.objects.public().filter(pk=citing.pk).exists()
    not_citing = fresh(not_citing)
    assert (not_citing.status, not_citing.outdated_since, not_citing.outdated_reason) == (S.PUBLISHED, None, "")
    never_published = fresh(never_published)
    assert (never_published.status, never_published.outdated_since) == (S.DRAFT, None)


def test_an_officer_cannot_mark_a_document_amended_and_nothing_is_flagged(world, document):
    entry = make_entry(world, status="published", document=document)
    with pytest.raises(PermissionDenied):
        legal_services.update_legal_document(document=document, by=world.r5_officer, status="amended")
    entry = fresh(entry)
    assert (entry.status, entry.outdated_since) == (S.PUBLISHED, None)


def test_other_changes_to_a_document_flag_nothing(world, document):
    entry = make_entry(world, status="published", document=document)
    legal_services.update_legal_document(document=document, by=world.r5_manager, title="Thông tư sửa tên")
    assert fresh(entry).status == S.PUBLISHED


def test_an_archived_entry_citing_the_document_is_left_alone(world, document):
    entry = make_entry(world, status="archived", document=document)
    legal_services.update_legal_document(document=document, by=world.r5_manager, status="expired")
    entry = fresh(entry)
    assert (entry.status, entry.outdated_since) == (S.ARCHIVED, None)


def test_a_revision_in_draft_keeps_its_status_but_gets_the_notice_until_approved(world, document):
    entry = make_entry(world, status="published", document=document)
    bank.update_entry(entry=entry, by=world.r5_officer, answer_vi="Trả lời đã sửa theo Điều 22.")
    assert fresh(entry).status == S.DRAFT

    legal_services.update_legal_document(document=document, by=world.r5_manager, status="amended")

    entry = fresh(entry)
    assert entry.status == S.DRAFT
    assert entry.outdated_since is not None
    assert entry.live is True

    bank.submit(entry=entry, by=world.r5_officer)
    bank.approve(entry=entry, by=world.r5_manager)
    entry = fresh(entry)
    assert (entry.status, entry.outdated_since, entry.outdated_reason) == (S.PUBLISHED, None, "")
    assert entry.public_answer_vi == "Trả lời đã sửa theo Điều 22."


def test_mark_reviewed_clears_the_notice_and_sets_the_next_review(world, document, settings):
    settings.QUESTION_BANK_REVIEW_MONTHS = 3
    entry = make_entry(world, status="needs_update", document=document)
    published = fresh(entry)
    assert published.outdated_since is not None
    with pytest.raises(PermissionDenied):
        bank.mark_reviewed(entry=entry, by=world.r5_officer)
    assert fresh(entry).status == S.NEEDS_UPDATE

    bank.mark_reviewed(entry=entry, by=world.r5_manager)

    entry = fresh(entry)
    assert (entry.status, entry.outdated_since, entry.outdated_reason) == (S.PUBLISHED, None, "")
    assert entry.review_due_on == timezone.localdate() + relativedelta(months=3)
    assert entry.published_at > published.published_at
    assert public_texts(entry) == public_texts(published)


def test_editing_an_entry_that_needs_updating_keeps_the_notice(world, document):
    entry = make_entry(world, status="needs_update", document=document)
    bank.update_entry(entry=entry, by=world.r5_officer, answer_vi="Trả lời mới theo Điều 22.")
    entry = fresh(entry)
    assert (entry.status, entry.live) == (S.DRAFT, True)
    assert entry.outdated_since is not None


def test_overdue_reviews_are_flagged_once(world, document):
    due = make_entry(world, status="published", document=document)
    later = make_entry(world, status="published", document=document)
    draft = make_entry(world, status="draft", document=document)
    BankEntry.objects.filter(pk=later.pk).update(review_due_on=due.review_due_on + timedelta(days=30))
    day = due.review_due_on

    assert bank.flag_overdue_reviews(today=day) == 0  # due today is not yet overdue
    assert fresh(due).status == S.PUBLISHED

    assert bank.flag_overdue_reviews(today=day + timedelta(days=1)) == 1
    flagged = fresh(due)
    assert flagged.status == S.NEEDS_UPDATE
    assert flagged.outdated_since is not None
    assert flagged.outdated_reason != ""
    assert flagged.live is True
    assert (fresh(later).status, fresh(later).outdated_since) == (S.PUBLISHED, None)
    assert fresh(draft).status == S.DRAFT

    assert bank.flag_overdue_reviews(today=day + timedelta(days=2)) == 0
    again = fresh(due)
    assert (again.status, again.outdated_since, again.outdated_reason, again.updated_at) == (
        flagged.status,
        flagged.outdated_since,
        flagged.outdated_reason,
        flagged.updated_at,
    )


def test_the_celery_task_flags_overdue_reviews(world, document):
    assert settings.CELERY_BEAT_SCHEDULE["flag-overdue-bank-reviews"]["task"] == flag_overdue_bank_reviews.name
    overdue = make_entry(world, status="published", document=document)
    current = make_entry(world, status="published", document=document)
    BankEntry.objects.filter(pk=overdue.pk).update(review_due_on=timezone.localdate() - timedelta(days=1))

    result = flag_overdue_bank_reviews.apply()

    assert result.get() == 1
    assert fresh(overdue).status == S.NEEDS_UPDATE
    assert fresh(current).status == S.PUBLISHED
    assert flag_overdue_bank_reviews.apply().get() == 0


# ========================================================================================== archive / publish


def test_archiving_removes_the_entry_from_the_public_and_publish_brings_it_back(world, document):
    entry = make_entry(world, status="published", document=document)
    published = fresh(entry)
    with pytest.raises(PermissionDenied):
        bank.archive(entry=entry, by=world.r5_officer)

    bank.archive(entry=entry, by=world.r5_manager)
    archived = fresh(entry)
    assert (archived.status, archived.live) == (S.ARCHIVED, False)
    assert archived.archived_at is not None
    assert not BankEntry.objects.public().filter(pk=entry.pk).exists()
    assert bank.allowed_actions(archived, world.r5_manager) == ["edit", "publish"]

    bank.publish(entry=entry, by=world.r5_manager)
    entry = fresh(entry)
    assert (entry.status, entry.live, entry.archived_at) == (S.PUBLISHED, True, None)
    assert public_texts(entry) == public_texts(published)
    assert entry.first_published_at == published.first_published_at
    assert BankEntry.objects.public().filter(pk=entry.pk).exists()


def test_an_archived_entry_changed_since_its_approval_cannot_be_published(world, document):
    entry = make_entry(world, status="published", document=document)
    bank.update_entry(entry=entry, by=world.r5_officer, answer_vi="Trả lời chưa duyệt.")
    bank.archive(entry=entry, by=world.r5_manager)
    assert "publish" not in bank.allowed_actions(fresh(entry), world.r5_manager)

    with pytest.raises(DomainError):
        bank.publish(entry=entry, by=world.r5_manager)

    entry = fresh(entry)
    assert (entry.status, entry.live) == (S.ARCHIVED, False)
    assert entry.public_answer_vi != "Trả lời chưa duyệt."


def test_a_never_approved_entry_cannot_be_published(world, document):
    entry = make_entry(world, status="draft", document=document)
    bank.archive(entry=entry, by=world.r5_manager)
    assert "publish" not in bank.allowed_actions(fresh(entry), world.r5_manager)
    with pytest.raises(DomainError):
        bank.publish(entry=entry, by=world.r5_manager)
    entry = fresh(entry)
    assert (entry.status, entry.live, entry.first_published_at) == (S.ARCHIVED, False, None)


@pytest.mark.parametrize("start", ["draft", "revision"])
def test_an_archived_entry_that_cannot_be_published_can_go_back_to_review(world, document, start):
    entry = make_entry(world, status="published" if start == "revision" else "draft", document=document)
    bank.update_entry(entry=entry, by=world.r5_officer, answer_vi="Trả lời chưa duyệt.")
    bank.archive(entry=entry, by=world.r5_manager)
    assert set(bank.allowed_actions(fresh(entry), world.r5_manager)) & {"edit", "submit"}
    bank.update_entry(entry=entry, by=world.r5_officer, answer_vi="Trả lời đã sửa.")
    entry = fresh(entry)
    assert (entry.status, entry.live) == (S.DRAFT, False)  # back in the workflow, still not public
    bank.submit(entry=entry, by=world.r5_officer, acknowledge_flags=True)
    bank.approve(entry=entry, by=world.r5_manager)
    entry = fresh(entry)
    assert (entry.status, entry.live, entry.public_answer_vi) == (S.PUBLISHED, True, "Trả lời đã sửa.")


@pytest.mark.parametrize(
    ("status", "persona", "expected"),
    [
        ("draft", "r5_officer", {"edit", "submit"}),
        ("draft", "r5_manager", {"edit", "submit", "archive"}),
        ("draft", "hq_admin", {"edit", "submit", "archive"}),
        ("in_review", "r5_officer", set()),
        ("in_review", "r5_manager", {"return", "approve", "archive"}),
        ("published", "r5_officer", {"edit"}),
        ("published", "r5_manager", {"edit", "mark_reviewed", "archive"}),
        ("needs_update", "r5_officer", {"edit"}),
        ("needs_update", "r5_manager", {"edit", "mark_reviewed", "archive"}),
        ("archived", "r5_officer", {"edit"}),
        ("archived", "r5_manager", {"edit", "publish"}),
        ("published", "portal_a", set()),
        ("draft", "portal_a", set()),
    ],
)
def test_allowed_actions_per_status_and_role(world, document, status, persona, expected):
    entry = make_entry(world, status=status, document=document)
    actions = bank.allowed_actions(entry, getattr(world, persona))
    assert set(actions) == expected
    assert len(actions) == len(set(actions))


def test_allowed_actions_for_anonymous_is_empty(world, document):
    entry = make_entry(world, status="published", document=document)
    assert bank.allowed_actions(entry, AnonymousUser()) == []


def test_the_submitter_manager_sees_return_but_not_approve(world, document):
    entry = make_entry(world, status="in_review", document=document, by=world.r5_manager)
    assert set(bank.allowed_actions(entry, world.r5_manager)) == {"return", "archive"}


# ===================================================================================================== votes


def test_a_vote_is_counted_once_per_visitor(world, document):
    entry = make_entry(world, status="published", document=document)
    assert bank.vote(entry=entry, visitor="v1", address="a1", helpful=True) is True
    assert bank.vote(entry=entry, visitor="v1", address="a1", helpful=False) is False
    entry = fresh(entry)
    assert (entry.helpful_count, entry.unhelpful_count) == (1, 0)
    assert BankVote.objects.filter(entry=entry).count() == 1


def test_helpful_and_unhelpful_votes_are_counted_apart(world, document):
    entry = make_entry(world, status="published", document=document)
    other = make_entry(world, status="published", document=document)
    bank.vote(entry=entry, visitor="v1", address="a1", helpful=True)
    bank.vote(entry=entry, visitor="v2", address="a2", helpful=True)
    bank.vote(entry=entry, visitor="v3", address="a3", helpful=False)
    bank.vote(entry=other, visitor="v1", address="a1", helpful=False)  # the same visitor on another entry counts
    entry, other = fresh(entry), fresh(other)
    assert (entry.helpful_count, entry.unhelpful_count) == (2, 1)
    assert (other.helpful_count, other.unhelpful_count) == (0, 1)


def test_votes_are_limited_per_address_and_hour(world, document, settings):
    settings.QUESTION_BANK_VOTES_PER_HOUR = 2
    entry = make_entry(world, status="published", document=document)
    other = make_entry(world, status="published", document=document)
    assert bank.vote(entry=entry, visitor="v1", address="same", helpful=True)
    assert bank.vote(entry=other, visitor="v2", address="same", helpful=True)

    with pytest.raises(bank.RateLimited):
        bank.vote(entry=entry, visitor="v3", address="same", helpful=True)
    assert fresh(entry).helpful_count == 1
    assert BankVote.objects.count() == 2

    assert bank.vote(entry=entry, visitor="v4", address="elsewhere", helpful=False)
    BankVote.objects.filter(address="same").update(at=timezone.now() - timedelta(hours=1, minutes=1))
    assert bank.vote(entry=entry, visitor="v3", address="same", helpful=True)
    entry = fresh(entry)
    assert (entry.helpful_count, entry.unhelpful_count) == (2, 1)


@pytest.mark.parametrize("status", ["draft", "in_review", "archived"])
def test_a_vote_on_an_unpublished_entry_is_refused(world, document, status):
    entry = make_entry(world, status=status, document=document)
    with pytest.raises(DomainError):
        bank.vote(entry=entry, visitor="v1", address="a1", helpful=True)
    assert not BankVote.objects.exists()
    assert fresh(entry).helpful_count == 0


def test_a_vote_on_an_entry_that_needs_updating_is_counted(world, document):
    entry = make_entry(world, status="needs_update", document=document)
    assert bank.vote(entry=entry, visitor="v1", address="a1", helpful=False) is True
    assert fresh(entry).unhelpful_count == 1


# ================================================================================================ deflection


def test_a_deflection_is_recorded_for_the_portal_users_enterprise(world, document):
    entry = make_entry(world, status="published", document=document)
    deflection = bank.record_deflection(entry=entry, by=world.portal_a, query="  hủy tờ khai  ")
    deflection = BankDeflection.objects.get(pk=deflection.pk)
    assert (deflection.entry, deflection.enterprise, deflection.user, deflection.query) == (
        entry,
        world.ent_a,
        world.portal_a,
        "hủy tờ khai",
    )
    bank.record_deflection(entry=entry, by=world.portal_b)
    assert set(BankDeflection.objects.values_list("enterprise_id", flat=True)) == {world.ent_a.pk, world.ent_b.pk}


@pytest.mark.parametrize("persona", ["r5_officer", "r5_manager", "hq_admin", "anonymous"])
def test_only_portal_users_record_deflections(world, document, persona):
    entry = make_entry(world, status="published", document=document)
    user = AnonymousUser() if persona == "anonymous" else getattr(world, persona)
    with pytest.raises(PermissionDenied):
        bank.record_deflection(entry=entry, by=user, query="hủy tờ khai")
    assert not BankDeflection.objects.exists()


@pytest.mark.parametrize("status", ["draft", "in_review", "archived"])
def test_a_deflection_on_an_unpublished_entry_is_refused(world, document, status):
    entry = make_entry(world, status=status, document=document)
    with pytest.raises(DomainError) as exc:
        bank.record_deflection(entry=entry, by=world.portal_a)
    assert exc.value.field == "entry"
    assert not BankDeflection.objects.exists()


def test_record_suggestions_links_only_public_entries(world, document):
    shown = make_entry(world, status="published", document=document)
    outdated = make_entry(world, status="needs_update", document=make_document(world))
    draft = make_entry(world, status="draft", document=document)
    archived = make_entry(world, status="archived", document=document)
    question = answered(world, document)

    bank.record_suggestions(
        question=question, entry_ids=[shown.pk, str(outdated.pk), draft.pk, archived.pk, "x", "-1", 999_999]
    )

    assert set(question.suggested_entries.all()) == {shown, outdated}
    assert list(shown.suggested_for.all()) == [question]
    assert not draft.suggested_for.exists()


# ====================================================================================================== views


def test_record_view_increments_the_count(world, document):
    entry = make_entry(world, status="published", document=document)
    other = make_entry(world, status="published", document=document)
    bank.record_view(entry)
    bank.record_view(entry)
    assert fresh(entry).view_count == 2
    assert fresh(other).view_count == 0
