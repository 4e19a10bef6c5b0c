"""The register of legal documents answers cite: number format, uniqueness, who may change a status, amendments."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from crm.errors import DomainError
from dialogues.models import LegalDocument, LegalDocumentStatus, LegalDocumentType
from dialogues.services import legal as services

pytestmark = pytest.mark.django_db

T = LegalDocumentType
ST = LegalDocumentStatus


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def create(by, number="38/2015/TT-BTC", **fields):
    fields.setdefault("doc_type", T.CIRCULAR)
    fields.setdefault("title", "Thông tư quy định về thủ tục hải quan")
    fields.setdefault("issuer", "Bộ Tài chính")
    fields.setdefault("issued_on", date(2015, 3, 25))
    return services.create_legal_document(by=by, number=number, **fields)


@pytest.mark.parametrize(
    ("value", "number"),
    [
        ("38/2015/TT-BTC", "38/2015/TT-BTC"),
        ("08/2015/NĐ-CP", "08/2015/NĐ-CP"),
        ("08/2015/nđ-cp", "08/2015/NĐ-CP"),  # upper-cased, đ included
        ("2765/TCHQ-TXNK", "2765/TCHQ-TXNK"),
        ("54/2014/QH13", "54/2014/QH13"),
        ("1919/QĐ-TCHQ", "1919/QĐ-TCHQ"),
        (" 39/2018/TT-BTC ", "39/2018/TT-BTC"),
        ("39 / 2018 / TT-BTC", "39/2018/TT-BTC"),
    ],
)
def test_document_numbers_are_cleaned(world, value, number):
    assert services.clean_number(value) == number
    document = create(world.r5_officer, number=value)
    assert LegalDocument.objects.get(pk=document.pk).number == number


@pytest.mark.parametrize(
    "value", ["abc", "", "38", "/2015/TT-BTC", "38/15/TT-BTC", "38/2015/TT_BTC", "38/2015/TT-", "TT-BTC"]
)
def test_a_bad_number_is_refused(world, value):
    with pytest.raises(DomainError) as exc:
        create(world.r5_officer, number=value)
    assert exc.value.field == "number"
    assert not LegalDocument.objects.exists()


def test_a_number_without_its_sign_is_refused(world):
    with pytest.raises(DomainError):
        services.clean_number("38/2015")


def test_a_number_is_registered_once(world):
    create(world.r5_officer, number="38/2015/TT-BTC")
    with pytest.raises(DomainError) as exc:
        create(world.r5_manager, number="38/2015/tt-btc", title="Trùng")
    assert exc.value.field == "number"
    assert LegalDocument.objects.count() == 1


def test_renumbering_onto_an_existing_number_is_refused(world):
    create(world.r5_officer, number="38/2015/TT-BTC")
    other = create(world.r5_officer, number="39/2018/TT-BTC", issued_on=date(2018, 4, 20))
    with pytest.raises(DomainError) as exc:
        services.update_legal_document(document=other, by=world.r5_officer, number="38/2015/TT-BTC")
    assert exc.value.field == "number"
    assert LegalDocument.objects.get(pk=other.pk).number == "39/2018/TT-BTC"


def test_a_document_keeps_its_details(world):
    document = create(
        world.r5_officer,
        number="08/2015/NĐ-CP",
        doc_type=T.DECREE,
        title="  Nghị định quy định chi tiết Luật Hải quan  ",
        issuer="Chính phủ",
        issued_on=date(2015, 1, 21),
        effective_from=date(2015, 3, 15),
        url="https://vbpl.vn/nd-08-2015",
    )
    document = LegalDocument.objects.get(pk=document.pk)
    assert (document.title, document.doc_type, document.status) == (
        "Nghị định quy định chi tiết Luật Hải quan",
        T.DECREE,
        ST.IN_FORCE,
    )
    assert (document.created_by, document.updated_by) == (world.r5_officer, world.r5_officer)


@pytest.mark.parametrize("persona", ["portal_a", "portal_b"])
def test_only_staff_register_or_change_documents(world, persona):
    with pytest.raises(PermissionDenied):
        create(getattr(world, persona))
    document = create(world.r5_officer)
    with pytest.raises(PermissionDenied):
        services.update_legal_document(document=document, by=getattr(world, persona), title="Đổi")
    assert LegalDocument.objects.get(pk=document.pk).title == "Thông tư quy định về thủ tục hải quan"


def test_any_staff_member_edits_the_details(world):
    document = create(world.r5_officer)
    services.update_legal_document(document=document, by=world.r6_officer, title="Thông tư 38")
    document = LegalDocument.objects.get(pk=document.pk)
    assert (document.title, document.updated_by, document.status) == ("Thông tư 38", world.r6_officer, ST.IN_FORCE)


@pytest.mark.parametrize("status", [ST.AMENDED, ST.EXPIRED])
@pytest.mark.parametrize("persona", ["r5_officer", "r5_office_officer", "r6_officer"])
def test_an_officer_cannot_change_the_status(world, persona, status):
    document = create(world.r5_officer)
    with pytest.raises(PermissionDenied):
        services.update_legal_document(document=document, by=getattr(world, persona), status=status)
    assert LegalDocument.objects.get(pk=document.pk).status == ST.IN_FORCE


@pytest.mark.parametrize("persona", ["r5_manager", "hq_admin"])
def test_a_manager_changes_the_status_back_and_forth(world, persona):
    document = create(world.r5_officer)
    services.update_legal_document(document=document, by=getattr(world, persona), status=ST.EXPIRED)
    assert LegalDocument.objects.get(pk=document.pk).status == ST.EXPIRED
    services.update_legal_document(document=document, by=getattr(world, persona), status=ST.IN_FORCE)
    assert LegalDocument.objects.get(pk=document.pk).status == ST.IN_FORCE


def test_amended_by_marks_the_document_amended(world):
    old = create(world.r5_officer, number="38/2015/TT-BTC")
    new = create(world.r5_officer, number="39/2018/TT-BTC", issued_on=date(2018, 4, 20))
    services.update_legal_document(document=old, by=world.r5_manager, amended_by=new)
    old = LegalDocument.objects.get(pk=old.pk)
    assert (old.status, old.amended_by) == (ST.AMENDED, new)
    assert list(new.amends.all()) == [old]


def test_an_officer_cannot_mark_a_document_amended_through_amended_by(world):
    old = create(world.r5_officer, number="38/2015/TT-BTC")
    new = create(world.r5_officer, number="39/2018/TT-BTC", issued_on=date(2018, 4, 20))
    with pytest.raises(PermissionDenied):
        services.update_legal_document(document=old, by=world.r5_officer, amended_by=new)
    old = LegalDocument.objects.get(pk=old.pk)
    assert (old.status, old.amended_by) == (ST.IN_FORCE, None)


def test_a_new_document_registered_as_amended_by_another(world):
    new = create(world.r5_officer, number="39/2018/TT-BTC", issued_on=date(2018, 4, 20))
    old = create(world.r5_manager, number="38/2015/TT-BTC", amended_by=new)
    assert (old.status, old.amended_by) == (ST.AMENDED, new)


def test_an_expired_document_stays_expired_when_its_replacement_is_named(world):
    new = create(world.r5_officer, number="39/2018/TT-BTC", issued_on=date(2018, 4, 20))
    old = create(world.r5_officer, number="38/2015/TT-BTC")
    services.update_legal_document(document=old, by=world.r5_manager, status=ST.EXPIRED, amended_by=new)
    assert LegalDocument.objects.get(pk=old.pk).status == ST.EXPIRED


def test_a_document_cannot_amend_itself(world):
    document = create(world.r5_officer)
    with pytest.raises(DomainError) as exc:
        services.update_legal_document(document=document, by=world.r5_manager, amended_by=document)
    assert exc.value.field == "amended_by"
    document = LegalDocument.objects.get(pk=document.pk)
    assert (document.status, document.amended_by) == (ST.IN_FORCE, None)


def test_the_expiry_cannot_come_before_the_effective_date(world):
    with pytest.raises(DomainError) as exc:
        create(world.r5_officer, effective_from=date(2015, 6, 1), expires_on=date(2015, 5, 31))
    assert exc.value.field == "expires_on"
    assert not LegalDocument.objects.exists()


def test_legal_documents_are_visible_to_every_signed_in_user(world):
    from django.contrib.auth.models import AnonymousUser

    document = create(world.r5_officer)
    for user in (world.r6_officer, world.portal_b, world.hq_admin):
        assert list(LegalDocument.objects.visible_to(user)) == [document]
    assert list(LegalDocument.objects.visible_to(AnonymousUser())) == []
    assert list(LegalDocument.objects.visible_to(None)) == []
