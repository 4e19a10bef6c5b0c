import pytest

pytestmark = pytest.mark.django_db


def test_region5_officer_lists_enterprises_of_region5_and_its_offices_only(world, api_for):
    response = api_for("r5_officer").get("/api/v1/enterprises/")
    assert response.status_code == 200
    assert sorted(row["tax_code"] for row in response.json()["results"]) == ["2352601817", "2359083018"]


def test_headquarters_lists_every_enterprise(world, api_for):
    response = api_for("hq_admin").get("/api/v1/enterprises/")
    assert response.json()["count"] == 3


def test_portal_user_sees_only_their_enterprise(world, api_for):
    response = api_for("portal_a").get("/api/v1/enterprises/")
    assert [row["tax_code"] for row in response.json()["results"]] == ["2352601817"]
    assert api_for("portal_a").get(f"/api/v1/enterprises/{world.ent_b.pk}/").status_code == 404


def test_search_finds_a_name_typed_without_diacritics(world, api_for):
    response = api_for("hq_admin").get("/api/v1/enterprises/", {"q": "dien tu dong a"})
    assert [row["tax_code"] for row in response.json()["results"]] == ["2352601817"]


def test_creating_an_enterprise_with_a_wrong_check_digit_is_a_field_error(world, api_for):
    response = api_for("r5_officer").post(
        "/api/v1/enterprises/",
        {"tax_code": "0100233489", "name_vi": "Công ty A", "managing_branch": world.region5.pk},
    )
    assert response.status_code == 400
    assert "tax_code" in response.json()


def test_an_officer_cannot_file_an_enterprise_under_a_foreign_branch(world, api_for):
    response = api_for("r5_officer").post(
        "/api/v1/enterprises/",
        {"tax_code": "0100233488", "name_vi": "Công ty A", "managing_branch": world.region6.pk},
    )
    assert response.status_code == 400
    assert "managing_branch" in response.json()
