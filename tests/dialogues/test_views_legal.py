"""The legal document register's staff pages: list with filters, create and edit (status for managers only)."""

from datetime import date

import pytest
from django.conf import settings

from dialogues.models import LegalDocument, LegalDocumentStatus, LegalDocumentType
from dialogues.services import legal as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for(client_for):
    """The personas' clients reading the pages in English, so assertions do not depend on the Vietnamese catalogue."""

    def make(persona: str):
        client = client_for(persona)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


def register(world, number, *, doc_type=LegalDocumentType.CIRCULAR, title="Thủ tục hải quan", **fields):
    return services.create_legal_document(
        by=world.r5_manager,
        number=number,
        doc_type=doc_type,
        title=title,
        issuer=fields.pop("issuer", "Bộ Tài chính"),
        issued_on=fields.pop("issued_on", date(2015, 3, 25)),
        **fields,
    )


def form_data(**changes):
    data = {
        "number": "39/2018/tt-btc",
        "doc_type": LegalDocumentType.CIRCULAR,
        "title": "Sửa đổi Thông tư 38/2015/TT-BTC",
        "issuer": "Bộ Tài chính",
        "issued_on": "2018-04-20",
        "effective_from": "2018-06-05",
        "expires_on": "",
        "status": LegalDocumentStatus.IN_FORCE,
        "amended_by": "",
        "url": "",
    }
    data.update(changes)
    return data


def test_the_list_filters_by_words_type_and_status_and_links_the_amending_document(world, client_for):
    newer = register(world, "39/2018/TT-BTC", title="Sửa đổi, bổ sung thủ tục hải quan", issued_on=date(2018, 4, 20))
    older = register(world, "38/2015/TT-BTC", amended_by=newer)
    decree = register(world, "08/2015/NĐ-CP", doc_type=LegalDocumentType.DECREE, title="Nghị định thủ tục hải quan")
    client = client_for("r5_officer")

    def numbers(**params):
        response = client.get("/legal-documents/", params)
        assert response.status_code == 200
        return [d.number for d in response.context["documents"]]

    assert numbers() == [newer.number, decree.number, older.number]
    assert numbers(q="nghị định") == [decree.number]
    assert numbers(doc_type="decree") == [decree.number]
    assert numbers(status="amended") == [older.number]
    html = client.get("/legal-documents/", {"status": "amended"}).content.decode()
    assert "/legal-documents/?q=39/2018/TT-BTC" in html


def test_an_empty_register_says_what_to_do(world, client_for):
    html = client_for("r5_officer").get("/legal-documents/").content.decode()
    assert "No legal documents registered yet." in html


def test_an_officer_registers_a_document_with_its_number_normalised(world, client_for):
    response = client_for("r5_officer").post("/legal-documents/new/", form_data())
    assert response.status_code == 302
    document = LegalDocument.objects.get()
    assert (document.number, document.status, document.created_by) == (
        "39/2018/TT-BTC",
        LegalDocumentStatus.IN_FORCE,
        world.r5_officer,
    )


def test_a_bad_number_is_shown_beside_the_field_and_the_input_kept(world, client_for):
    response = client_for("r5_officer").post("/legal-documents/new/", form_data(number="Thông tư 39"))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["number"]
    html = response.content.decode()
    assert 'id="id_number_error"' in html
    assert "Sửa đổi Thông tư 38/2015/TT-BTC" in html
    assert LegalDocument.objects.count() == 0


def test_a_duplicate_number_is_refused_beside_the_field(world, client_for):
    register(world, "39/2018/TT-BTC")
    response = client_for("r5_officer").post("/legal-documents/new/", form_data())
    assert response.status_code == 400
    assert response.context["form"].errors["number"] == ["A document with this number is already registered."]
    assert LegalDocument.objects.count() == 1


def test_only_a_manager_changes_the_status(world, client_for):
    document = register(world, "38/2015/TT-BTC")
    edit = f"/legal-documents/{document.pk}/edit/"
    officer_form = client_for("r5_officer").get(edit).context["form"]
    assert officer_form.fields["status"].disabled is True

    # An officer's posted status is ignored (the field is disabled); the other changes are saved.
    response = client_for("r5_officer").post(edit, form_data(number="38/2015/TT-BTC", status="expired", issuer="BTC"))
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.status, document.issuer) == (LegalDocumentStatus.IN_FORCE, "BTC")

    response = client_for("r5_manager").post(edit, form_data(number="38/2015/TT-BTC", status="expired"))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == LegalDocumentStatus.EXPIRED


def test_an_officer_cannot_mark_a_document_in_force_amended(world, client_for):
    document = register(world, "38/2015/TT-BTC")
    newer = register(world, "39/2018/TT-BTC")
    response = client_for("r5_officer").post(
        f"/legal-documents/{document.pk}/edit/", form_data(number="38/2015/TT-BTC", amended_by=newer.pk)
    )
    assert response.status_code == 400
    assert "amended_by" in response.context["form"].errors
    document.refresh_from_db()
    assert (document.status, document.amended_by) == (LegalDocumentStatus.IN_FORCE, None)


def test_expiry_before_effect_is_refused_beside_the_field(world, client_for):
    response = client_for("r5_manager").post(
        "/legal-documents/new/", form_data(effective_from="2018-06-05", expires_on="2018-01-01")
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["expires_on"]


def test_legal_documents_are_for_staff(world, client_for):
    assert client_for("portal_a").get("/legal-documents/").status_code == 403
    assert client_for("anonymous").get("/legal-documents/").status_code == 302
