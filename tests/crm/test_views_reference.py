import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm.models import Association, Segment
from crm.services import enterprises as enterprise_services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """Pages render in English so that the assertions read the source strings, whatever the catalogue holds."""
    settings.LANGUAGE_CODE = "en"


def segment_form(**values):
    data = {"code": "processing", "name_vi": "Gia công", "name_en": "Processing", "description": ""}
    data.update(values)
    return data


def association_form(**values):
    data = {
        "name_vi": "Hiệp hội Doanh nghiệp Hàn Quốc",
        "name_en": "Korean Chamber of Business",
        "short_name": "KoCham",
        "province": "",
        "contact_person": "",
        "email": "",
        "phone": "",
        "website": "",
    }
    data.update(values)
    return data


# Segments


def test_every_staff_member_reads_the_segment_list_and_portal_users_do_not(world, client_for):
    factories.SegmentFactory(code="processing", name_vi="Gia công")
    assert client_for("r5_officer").get("/segments/").status_code == 200
    assert client_for("r6_officer").get("/segments/").status_code == 200
    assert client_for("portal_a").get("/segments/").status_code == 403
    assert client_for("anonymous").get("/segments/").status_code == 302


def test_the_segment_list_counts_the_enterprises_the_reader_may_see(world, client_for):
    segment = factories.SegmentFactory(code="processing", name_vi="Gia công")
    world.ent_a.segments.add(segment)
    world.ent_b.segments.add(segment)
    world.ent_r6.segments.add(segment)
    hq = client_for("hq_admin").get("/segments/")
    assert [(row.code, row.enterprise_count) for row in hq.context["page_obj"]] == [("processing", 3)]
    assert f'href="/enterprises/?segment={segment.pk}">3</a>' in hq.content.decode()
    r5 = client_for("r5_officer").get("/segments/")
    assert [(row.code, row.enterprise_count) for row in r5.context["page_obj"]] == [("processing", 2)]


def test_the_segment_count_leaves_out_deactivated_enterprises(world, client_for):
    segment = factories.SegmentFactory(code="processing", name_vi="Gia công")
    world.ent_a.segments.add(segment)
    world.ent_b.segments.add(segment)
    enterprise_services.deactivate_enterprise(enterprise=world.ent_b, by=world.hq_admin)
    response = client_for("hq_admin").get("/segments/")
    assert [row.enterprise_count for row in response.context["page_obj"]] == [1]


def test_the_segment_list_costs_the_same_queries_for_2_or_12_segments(world, client_for):
    client = client_for("r5_officer")
    type_code = factories.DeclarationTypeFactory(code="E31")

    def add_segments(count):
        for _ in range(count):
            factories.SegmentFactory().declaration_types.add(type_code)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            client.get("/segments/")
        return len(queries)

    add_segments(2)
    with_2 = count_queries()
    add_segments(10)
    assert count_queries() == with_2


def test_the_segment_search_ignores_diacritics(world, client_for):
    factories.SegmentFactory(code="processing", name_vi="Gia công")
    factories.SegmentFactory(code="epe", name_vi="Doanh nghiệp chế xuất")
    response = client_for("r5_officer").get("/segments/", {"q": "che xuat"})
    assert [row.code for row in response.context["page_obj"]] == ["epe"]
    response = client_for("r5_officer").get("/segments/", {"q": "nothing like it"})
    assert "No segments match." in response.content.decode()


def test_an_officer_cannot_create_a_segment(world, client_for):
    response = client_for("r5_officer").post("/segments/new/", segment_form())
    assert response.status_code == 403
    assert not Segment.objects.exists()


def test_a_manager_creates_a_segment_with_its_typical_type_codes(world, client_for):
    e31 = factories.DeclarationTypeFactory(code="E31")
    e52 = factories.DeclarationTypeFactory(code="E52")
    response = client_for("r5_manager").post("/segments/new/", segment_form(declaration_types=[e31.pk, e52.pk]))
    assert response.status_code == 302
    segment = Segment.objects.get(code="processing")
    assert (segment.name_vi, segment.name_en, segment.created_by) == ("Gia công", "Processing", world.r5_manager)
    assert sorted(segment.declaration_types.values_list("code", flat=True)) == ["E31", "E52"]


def test_a_duplicate_segment_code_is_shown_beside_the_code(world, client_for):
    factories.SegmentFactory(code="processing", name_vi="Gia công")
    response = client_for("r5_manager").post("/segments/new/", segment_form(name_vi="Gia công 2"))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["code"]
    assert Segment.objects.count() == 1


def test_a_manager_edits_a_segment(world, client_for):
    segment = factories.SegmentFactory(code="processing", name_vi="Gia công")
    response = client_for("r5_manager").post(
        f"/segments/{segment.pk}/edit/", segment_form(name_vi="Gia công xuất khẩu", description="Hợp đồng gia công")
    )
    assert response.status_code == 302
    segment.refresh_from_db()
    assert (segment.name_vi, segment.description, segment.updated_by) == (
        "Gia công xuất khẩu",
        "Hợp đồng gia công",
        world.r5_manager,
    )


# Associations


def test_the_association_list_counts_visible_members_and_searches_without_diacritics(world, client_for):
    kocham = factories.AssociationFactory(name_vi="Hiệp hội Doanh nghiệp Hàn Quốc", short_name="KoCham")
    factories.AssociationFactory(name_vi="Phòng Thương mại và Công nghiệp Việt Nam", short_name="VCCI")
    world.ent_a.associations.add(kocham)
    world.ent_r6.associations.add(kocham)
    response = client_for("r5_officer").get("/associations/", {"q": "han quoc"})
    assert [(row.short_name, row.member_count) for row in response.context["page_obj"]] == [("KoCham", 1)]


def test_the_association_list_filters_by_province(world, client_for):
    bac_ninh = factories.ProvinceFactory(code="27", name_vi="Bắc Ninh")
    factories.AssociationFactory(name_vi="Hiệp hội Doanh nghiệp tỉnh Bắc Ninh", province=bac_ninh)
    factories.AssociationFactory(name_vi="Hiệp hội Doanh nghiệp Hàn Quốc")
    response = client_for("r5_officer").get("/associations/", {"province": bac_ninh.pk})
    assert [row.name_vi for row in response.context["page_obj"]] == ["Hiệp hội Doanh nghiệp tỉnh Bắc Ninh"]


def test_an_empty_association_list_says_so(world, client_for):
    response = client_for("r5_officer").get("/associations/")
    assert "No associations yet." in response.content.decode()


def test_a_manager_records_an_association(world, client_for):
    response = client_for("r5_manager").post(
        "/associations/new/", association_form(email="info@kocham.kr", website="https://kocham.kr")
    )
    assert response.status_code == 302
    association = Association.objects.get()
    assert (association.short_name, association.email, association.website) == (
        "KoCham",
        "info@kocham.kr",
        "https://kocham.kr",
    )


def test_a_duplicate_vietnamese_association_name_is_shown_beside_the_name(world, client_for):
    factories.AssociationFactory(name_vi="Hiệp hội Doanh nghiệp Hàn Quốc")
    response = client_for("r5_manager").post("/associations/new/", association_form())
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["name_vi"]
    assert Association.objects.count() == 1


def test_an_officer_cannot_record_or_edit_an_association(world, client_for):
    association = factories.AssociationFactory(name_vi="Hiệp hội Doanh nghiệp Hàn Quốc")
    assert client_for("r5_officer").post("/associations/new/", association_form(name_vi="Khác")).status_code == 403
    response = client_for("r5_officer").post(f"/associations/{association.pk}/edit/", association_form(short_name="X"))
    assert response.status_code == 403
    association.refresh_from_db()
    assert association.short_name == ""
    assert Association.objects.count() == 1


def test_the_reference_forms_open_for_a_manager_with_the_current_values(world, client_for):
    client = client_for("r5_manager")
    segment = factories.SegmentFactory(code="processing", name_vi="Gia công")
    association = factories.AssociationFactory(name_vi="Hiệp hội Doanh nghiệp Hàn Quốc")
    pages = {
        "/segments/new/": "New segment",
        f"/segments/{segment.pk}/edit/": 'value="processing"',
        "/associations/new/": "New association",
        f"/associations/{association.pk}/edit/": 'value="Hiệp hội Doanh nghiệp Hàn Quốc"',
    }
    for url, expected in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert expected in response.content.decode(), url
