"""What the public reads is the approved snapshot: texts, category, tags and legal basis of a revision wait for the
second approval; the needs-update notice is worded in the reader's language."""

import pytest
from django.utils import translation

from crm.errors import DomainError
from dialogues.models import BankEntry
from dialogues.services import bank
from dialogues.services import legal as legal_services
from tests.dialogues.bank_factories import answered_question, make_document, make_entry

pytestmark = pytest.mark.django_db


def test_a_revision_of_the_classification_and_legal_basis_waits_for_approval(world):
    old_doc, new_doc = make_document(world), make_document(world)
    entry = make_entry(world, document=old_doc, tags=["hủy tờ khai"], category="procedures")
    bank.update_entry(
        entry=entry, by=world.r5_officer, category="duties", tags=["hoàn thuế"], citations=[(new_doc, "Điều 9")]
    )
    entry = BankEntry.objects.get(pk=entry.pk)
    assert (entry.public_category, entry.public_tags) == ("procedures", ["hủy tờ khai"])
    assert [c.document for c in entry.public_citations.all()] == [old_doc]
    assert "publish" not in bank.allowed_actions(entry, world.r5_manager)

    bank.submit(entry=entry, by=world.r5_officer, acknowledge_flags=True)
    bank.approve(entry=entry, by=world.r5_manager)
    entry = BankEntry.objects.get(pk=entry.pk)
    assert (entry.public_category, entry.public_tags) == ("duties", ["hoàn thuế"])
    assert [(c.document, c.article) for c in entry.public_citations.all()] == [(new_doc, "Điều 9")]


def test_an_amended_document_behind_the_public_version_flags_the_entry(world):
    old_doc, new_doc = make_document(world), make_document(world)
    entry = make_entry(world, document=old_doc)
    bank.update_entry(entry=entry, by=world.r5_officer, citations=[(new_doc, "")])  # revision not yet approved
    legal_services.update_legal_document(document=old_doc, by=world.r5_manager, status="expired")
    entry = BankEntry.objects.get(pk=entry.pk)
    assert entry.outdated_since is not None
    assert entry.outdated_document == old_doc
    with translation.override("en"):
        assert entry.outdated_notice == f"Circular {old_doc.number} is now “Expired”."
    with translation.override("vi"):
        assert old_doc.number in entry.outdated_notice
        assert "Expired" not in entry.outdated_notice


def test_an_archived_entry_citing_an_expired_document_cannot_be_published_unchanged(world):
    document = make_document(world)
    entry = make_entry(world, document=document, status="archived")
    legal_services.update_legal_document(document=document, by=world.r5_manager, status="expired")
    with pytest.raises(DomainError):
        bank.publish(entry=entry, by=world.r5_manager)
    assert BankEntry.objects.get(pk=entry.pk).live is False


def test_the_entry_page_links_another_answered_question_by_its_reference(world, client_for):
    entry = make_entry(world, status="draft")
    question = answered_question(world)
    client = client_for("r5_officer")
    url = f"/question-bank-entries/{entry.pk}/link-question/"
    response = client.post(url, {"reference": "VM-2000-999999"})
    assert response.status_code == 400
    assert "VM-2000-999999" in response.content.decode()
    assert not entry.questions.exists()
    assert client.post(url, {"reference": question.reference.lower()}).status_code == 302
    assert list(entry.questions.all()) == [question]
