"""Lists and detail pages run a fixed number of queries, whatever the page size or the number of related rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db

API_LIST_MAX_QUERIES = 5  # count, page, type codes (+ the membership on a cold user)
HTML_LIST_MAX_QUERIES = 12  # + session, user, memberships and the filter form's choices
DETAIL_MAX_QUERIES = 10


@pytest.fixture
def sixty_enterprises(world):
    """60 more Region V enterprises, each with two contacts and two import–export type codes."""
    e31 = factories.DeclarationTypeFactory(code="E31", direction="import")
    e52 = factories.DeclarationTypeFactory(code="E52", direction="export")
    for n in range(60):
        enterprise = factories.make_enterprise(
            managing_branch=world.region5,
            name_vi=f"Công ty TNHH Linh kiện {n:02d}",
            declaration_types=[e31, e52],
        )
        factories.make_contact(enterprise=enterprise, full_name=f"Nguyễn Văn {n:02d}")
        factories.make_contact(enterprise=enterprise, full_name=f"Trần Thị {n:02d}")


def count_queries(client, url) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(captured), [query["sql"] for query in captured.captured_queries]


def test_the_api_enterprise_list_runs_the_same_queries_for_5_or_50_rows(sixty_enterprises, api_for):
    client = api_for("r5_officer")
    client.get("/api/v1/enterprises/")  # warm-up: membership and content-type caches
    small, _ = count_queries(client, "/api/v1/enterprises/?page_size=5")
    large, sql = count_queries(client, "/api/v1/enterprises/?page_size=50")
    assert small == large, "\n".join(sql)
    assert large <= API_LIST_MAX_QUERIES, "\n".join(sql)


def test_the_api_enterprise_export_runs_the_same_queries_for_3_or_62_rows(sixty_enterprises, api_for):
    client = api_for("r5_officer")
    client.get("/api/v1/enterprises/")
    few, _ = count_queries(client, "/api/v1/enterprises/export/?q=dong+a")
    many, sql = count_queries(client, "/api/v1/enterprises/export/")
    assert few == many, "\n".join(sql)


def test_the_api_contact_list_runs_the_same_queries_for_5_or_50_rows(sixty_enterprises, api_for):
    client = api_for("r5_officer")
    client.get("/api/v1/contacts/")
    small, _ = count_queries(client, "/api/v1/contacts/?page_size=5")
    large, sql = count_queries(client, "/api/v1/contacts/?page_size=50")
    assert small == large, "\n".join(sql)
    assert large <= API_LIST_MAX_QUERIES, "\n".join(sql)


def test_the_html_enterprise_list_runs_the_same_queries_for_5_or_50_rows(sixty_enterprises, client_for):
    client = client_for("r5_officer")
    client.get("/enterprises/")
    small, _ = count_queries(client, "/enterprises/?page_size=5")
    large, sql = count_queries(client, "/enterprises/?page_size=50")
    assert small == large, "\n".join(sql)
    assert large <= HTML_LIST_MAX_QUERIES, "\n".join(sql)


@pytest.fixture
def one_and_ten_contacts(world):
    one = factories.make_enterprise(managing_branch=world.region5, name_vi="Công ty TNHH Một Liên Hệ")
    factories.make_contact(enterprise=one, full_name="Phạm Văn Một")
    ten = factories.make_enterprise(managing_branch=world.region5, name_vi="Công ty TNHH Mười Liên Hệ")
    for n in range(10):
        factories.make_contact(enterprise=ten, full_name=f"Phạm Văn {n}")
    return one, ten


def test_the_api_enterprise_detail_runs_the_same_queries_for_1_or_10_contacts(one_and_ten_contacts, api_for):
    one, ten = one_and_ten_contacts
    client = api_for("r5_officer")
    client.get(f"/api/v1/enterprises/{one.pk}/")
    few, _ = count_queries(client, f"/api/v1/enterprises/{one.pk}/")
    many, sql = count_queries(client, f"/api/v1/enterprises/{ten.pk}/")
    assert few == many, "\n".join(sql)
    assert many <= DETAIL_MAX_QUERIES, "\n".join(sql)


def test_the_html_enterprise_detail_runs_the_same_queries_for_1_or_10_contacts(one_and_ten_contacts, client_for):
    one, ten = one_and_ten_contacts
    client = client_for("r5_officer")
    client.get(f"/enterprises/{one.pk}/")
    few, _ = count_queries(client, f"/enterprises/{one.pk}/")
    many, sql = count_queries(client, f"/enterprises/{ten.pk}/")
    assert few == many, "\n".join(sql)
    assert many <= DETAIL_MAX_QUERIES + 2, "\n".join(sql)
