import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from dialogues.models import LegalDocument, LegalDocumentStatus
from tests.dialogues.access_questions_api import make_document

pytestmark = pytest.mark.django_db

LIST = "/api/v1/legal-documents/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client(api_for):
    def make(persona: str):
        api = api_for(persona)
        api.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return api

    return make


def new_document(**fields) -> dict:
    return {
        "number": "08/2015/nđ-cp",
        "doc_type": "decree",
        "title": "Nghị định quy định chi tiết và biện pháp thi hành Luật Hải quan",
        "issuer": "Chính phủ",
        "issued_on": "2015-01-21",
        "effective_from": "2015-03-15",
        **fields,
    }


def test_an_officer_registers_a_document_with_its_number_normalised(world, client):
    response = client("r5_officer").post(LIST, new_document())

    assert response.status_code == 201, response.data
    document = LegalDocument.objects.get()
    assert response.data["id"] == document.pk
    assert (response.data["number"], response.data["doc_type"], response.data["status"]) == (
        "08/2015/NĐ-CP",
        "decree",
        "in_force",
    )
    assert document.created_by == world.r5_officer


def test_a_malformed_or_duplicate_number_is_a_400(world, client):
    make_document(by=world.r5_officer, number="08/2015/NĐ-CP")
    api = client("r5_officer")

    malformed = api.post(LIST, new_document(number="Nghị định 08"))
    duplicate = api.post(LIST, new_document())

    assert malformed.status_code == duplicate.status_code == 400
    assert malformed.data == {
        "number": ["“Nghị định 08” is not a document number such as 38/2015/TT-BTC or 2765/TCHQ-TXNK."]
    }
    assert duplicate.data == {"number": ["A document with this number is already registered."]}
    assert LegalDocument.objects.count() == 1


def test_an_expiry_before_the_start_is_a_400(world, client):
    response = client("r5_officer").post(LIST, new_document(expires_on="2015-01-01"))

    assert response.status_code == 400
    assert response.data == {"expires_on": ["The expiry date is before the date it takes effect."]}
    assert LegalDocument.objects.count() == 0


def test_every_signed_in_user_reads_and_filters_the_register(world, client):
    make_document(by=world.r5_officer, number="38/2015/TT-BTC")
    make_document(by=world.r5_officer, number="54/2014/QH13", doc_type="law", title="Luật Hải quan")

    for persona in ("r6_officer", "portal_b"):
        every = client(persona).get(LIST).data
        laws = client(persona).get(LIST, {"doc_type": "law"}).data
        assert every["count"] == 2
        assert [row["number"] for row in laws["results"]] == ["54/2014/QH13"]
    assert client("anonymous").get(LIST).status_code == 401


def test_portal_users_cannot_register_or_change_documents(world, client):
    document = make_document(by=world.r5_officer)
    portal = client("portal_a")

    created = portal.post(LIST, new_document())
    changed = portal.patch(f"{LIST}{document.pk}/", {"title": "Đổi"})

    assert created.status_code == changed.status_code == 403
    assert LegalDocument.objects.get().title == document.title


def test_an_officer_corrects_details_but_only_a_manager_changes_the_status(world, client):
    document = make_document(by=world.r5_officer)
    officer, manager = client("r5_officer"), client("r5_manager")

    corrected = officer.patch(f"{LIST}{document.pk}/", {"url": "https://thuvienphapluat.vn/38-2015-TT-BTC"})
    refused = officer.patch(f"{LIST}{document.pk}/", {"status": "expired"})
    expired = manager.patch(f"{LIST}{document.pk}/", {"status": "expired", "expires_on": "2025-12-31"})

    assert corrected.status_code == 200, corrected.data
    assert corrected.data["url"] == "https://thuvienphapluat.vn/38-2015-TT-BTC"
    assert refused.status_code == 403
    assert refused.data == {"detail": "Only a manager can mark a legal document amended or expired."}
    assert expired.status_code == 200, expired.data
    assert (expired.data["status"], expired.data["expires_on"]) == ("expired", "2025-12-31")
    assert LegalDocument.objects.get().status == LegalDocumentStatus.EXPIRED


def test_naming_the_amending_document_marks_it_amended(world, client):
    old = make_document(by=world.r5_officer)
    new = make_document(by=world.r5_officer, number="39/2018/TT-BTC", title="Thông tư sửa đổi Thông tư 38")

    response = client("r5_manager").patch(f"{LIST}{old.pk}/", {"amended_by": new.pk})

    assert response.status_code == 200, response.data
    assert (response.data["status"], response.data["amended_by_number"]) == ("amended", "39/2018/TT-BTC")


def test_a_document_cannot_amend_itself(world, client):
    document = make_document(by=world.r5_officer)

    response = client("r5_manager").patch(f"{LIST}{document.pk}/", {"amended_by": document.pk})

    assert response.status_code == 400
    assert response.data == {"amended_by": ["A document cannot amend itself."]}
    assert LegalDocument.objects.get().amended_by is None


def test_documents_are_never_deleted_or_replaced_wholesale(world, client):
    document = make_document(by=world.r5_officer)

    assert client("r5_manager").delete(f"{LIST}{document.pk}/").status_code == 405
    assert client("r5_manager").put(f"{LIST}{document.pk}/", new_document()).status_code == 405
    assert LegalDocument.objects.count() == 1


def test_the_list_runs_the_same_queries_for_2_or_12_documents(world, client):
    api = client("r5_officer")
    old = make_document(by=world.r5_officer, number="1/2010/TT-BTC")
    make_document(by=world.r5_officer, number="2/2011/TT-BTC", amended_by=old)
    api.get(LIST)
    with CaptureQueriesContext(connection) as few:
        assert api.get(LIST).data["count"] == 2
    for n in range(10):
        make_document(by=world.r5_officer, number=f"{n + 10}/2020/TT-BTC", amended_by=old)
    with CaptureQueriesContext(connection) as many:
        assert api.get(LIST).data["count"] == 12
    assert len(many) == len(few)
