import csv
import io
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from crm.models import Role
from partnerships.models import (
    Agreement,
    AgreementDocument,
    AgreementEvent,
    AgreementParty,
    AgreementStatus,
    Commitment,
    CommitmentStatus,
    Health,
)
from partnerships.services import agreements as services
from partnerships.services import pledges as pledge_services
from partnerships.services import programmes as programme_services
from tests import factories

pytestmark = pytest.mark.django_db

LIST = "/partnerships/agreements/"
EXPORT = "/partnerships/agreements/export/"
NEW = "/partnerships/agreements/new/"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
S = AgreementStatus


@pytest.fixture
def browse(client_for):
    """client_for, reading the pages in English so that assertions do not depend on the Vietnamese catalogue."""

    def make(persona: str):
        client = client_for(persona)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


def make_agreement(world, *, branch=None, title="Thỏa thuận hợp tác Đông Á", parties=None, **fields) -> Agreement:
    if parties is None:
        parties = [{"enterprise": world.ent_a, "signatory_name": "Nguyễn Văn An", "signatory_title": "Tổng Giám đốc"}]
    return services.create_agreement(by=None, branch=branch or world.region5, title=title, parties=parties, **fields)


def bring_to(agreement: Agreement, status: str, *, signed_on=date(2025, 3, 1)) -> Agreement:
    """Walk a draft (with a party and a signatory) through the lifecycle up to `status`."""
    path = [
        (S.INTERNAL_REVIEW, lambda a: services.submit_for_review(agreement=a, by=None)),
        (S.NEGOTIATION, lambda a: services.start_negotiation(agreement=a, by=None)),
        (S.APPROVED, lambda a: services.approve_agreement(agreement=a, by=None)),
        (S.SIGNED, lambda a: services.sign_agreement(agreement=a, by=None, signed_on=signed_on)),
        (S.ACTIVE, lambda a: services.activate_agreement(agreement=a, by=None)),
    ]
    if status in (S.SIGNED, S.ACTIVE) and not agreement.doc_number:
        agreement = services.update_agreement(
            agreement=agreement, by=None, doc_number=f"{agreement.pk}/TTHT-KV5", customs_signatory_name="Trần Văn Bình"
        )
    for reached, move in path:
        agreement = move(agreement)
        if reached == status:
            return agreement
    raise AssertionError(status)


def active_agreement(world, *, doc_number="01/TTHT-KV5", **fields) -> Agreement:
    agreement = make_agreement(world, doc_number=doc_number, customs_signatory_name="Trần Văn Bình", **fields)
    return bring_to(agreement, S.ACTIVE)


def agreement_form_data(world, **overrides) -> dict:
    data = {
        "title": "Thỏa thuận hợp tác thông quan điện tử",
        "doc_number": "",
        "kind": "cooperation",
        "level": "regional",
        "branch": world.region5.pk,
        "customs_signatory_name": "",
        "customs_signatory_title": "",
        "effective_from": "",
        "expires_on": "",
        "review_cycle_months": "12",
        "next_review_on": "",
        "scope": "",
    }
    data.update(overrides)
    return data


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def move_url(agreement, action: str) -> str:
    return f"/partnerships/agreements/{agreement.pk}/actions/{action}/"


# --- The list ----------------------------------------------------------------------------------------------------


def test_a_region5_officer_lists_the_agreements_of_region5_and_its_office_only(world, browse):
    make_agreement(world, title="Thỏa thuận khu vực V")
    make_agreement(
        world, branch=world.region5_office, title="Thỏa thuận Yên Phong", parties=[{"enterprise": world.ent_b}]
    )
    make_agreement(world, branch=world.region6, title="Thỏa thuận Lạng Sơn", parties=[{"enterprise": world.ent_r6}])
    response = browse("r5_officer").get(LIST)
    assert response.status_code == 200
    assert sorted(a.title for a in response.context["agreements"]) == ["Thỏa thuận Yên Phong", "Thỏa thuận khu vực V"]
    assert "2 agreements" in response.text
    assert "Thỏa thuận Lạng Sơn" not in response.text


def test_the_list_shows_number_title_unit_parties_status_health_and_dates(world, browse):
    agreement = active_agreement(world, title="Thỏa thuận thông quan", expires_on=date(2030, 2, 28))
    response = browse("r5_officer").get(LIST)
    html = response.text
    assert f'<a href="/partnerships/agreements/{agreement.pk}/">Thỏa thuận thông quan</a>' in html
    assert "01/TTHT-KV5" in html
    assert "Chi cục Hải quan khu vực V" in html
    assert "Công ty TNHH Điện tử Đông Á" in html
    assert 'data-status="active">Active</span>' in html
    assert 'data-health="none"' in html
    assert "01/03/2025" in html
    assert "28/02/2030" in html


def test_the_parties_column_shows_two_parties_and_the_count_of_the_others(world, browse):
    extra = [factories.make_enterprise(managing_branch=world.region5, name_vi=f"Công ty Số {n}") for n in range(3)]
    parties = [{"enterprise": world.ent_a}, {"enterprise": world.ent_b}] + [{"enterprise": e} for e in extra]
    make_agreement(world, parties=parties)
    html = browse("r5_officer").get(LIST).text
    assert "Công ty TNHH Điện tử Đông Á" in html
    assert "Công ty TNHH Quang học Yên Phong" in html
    assert "Công ty Số 0" not in html
    assert ">+3</span>" in html


def test_the_status_filter_takes_several_statuses(world, browse):
    make_agreement(world, title="Bản nháp")
    bring_to(make_agreement(world, title="Đang rà soát nội bộ"), S.INTERNAL_REVIEW)
    bring_to(make_agreement(world, title="Đang đàm phán"), S.NEGOTIATION)
    response = browse("r5_officer").get(LIST, {"status": ["draft", "negotiation"]})
    assert sorted(a.title for a in response.context["agreements"]) == ["Bản nháp", "Đang đàm phán"]


def test_the_kind_level_and_unit_filters_narrow_the_list(world, browse):
    make_agreement(world, title="Hợp tác", kind="cooperation")
    make_agreement(
        world,
        branch=world.region5_office,
        title="Quy chế phối hợp",
        kind="coordination",
        parties=[{"enterprise": world.ent_b}],
    )
    client = browse("r5_officer")
    assert [a.title for a in client.get(LIST, {"kind": "coordination"}).context["agreements"]] == ["Quy chế phối hợp"]
    assert [a.title for a in client.get(LIST, {"level": "office"}).context["agreements"]] == ["Quy chế phối hợp"]
    by_unit = client.get(LIST, {"branch": world.region5_office.pk}).context["agreements"]
    assert [a.title for a in by_unit] == ["Quy chế phối hợp"]


def test_a_unit_filter_outside_the_scope_is_a_filter_error_not_a_leak(world, browse):
    make_agreement(world, branch=world.region6, title="Thỏa thuận Lạng Sơn", parties=[{"enterprise": world.ent_r6}])
    response = browse("r5_officer").get(LIST, {"branch": world.region6.pk})
    assert list(response.context["agreements"]) == []
    assert "Some filters are not valid" in response.text
    assert "Thỏa thuận Lạng Sơn" not in response.text


def test_the_expiring_filter_keeps_agreements_in_force_expiring_within_the_days(world, browse):
    today = timezone.localdate()
    soon = active_agreement(world, title="Sắp hết hạn", expires_on=today + timedelta(days=30))
    active_agreement(
        world,
        title="Còn lâu",
        doc_number="02/TTHT-KV5",
        expires_on=today + timedelta(days=400),
        parties=[{"enterprise": world.ent_b, "signatory_name": "Lê Thị Cúc"}],
    )
    response = browse("r5_officer").get(LIST, {"expiring_within": "90"})
    assert [a.pk for a in response.context["agreements"]] == [soon.pk]


def test_the_search_finds_a_party_typed_without_diacritics_and_by_tax_code(world, browse):
    make_agreement(world, title="Với Đông Á")
    make_agreement(world, title="Với Yên Phong", parties=[{"enterprise": world.ent_b}])
    client = browse("r5_officer")
    assert [a.title for a in client.get(LIST, {"q": "dien tu dong a"}).context["agreements"]] == ["Với Đông Á"]
    assert [a.title for a in client.get(LIST, {"q": "2359083"}).context["agreements"]] == ["Với Yên Phong"]


def test_the_party_filter_shows_the_party_as_a_removable_chip(world, browse):
    make_agreement(world, title="Với Đông Á")
    make_agreement(world, title="Với Yên Phong", parties=[{"enterprise": world.ent_b}])
    response = browse("r5_officer").get(LIST, {"party": world.ent_b.pk})
    assert [a.title for a in response.context["agreements"]] == ["Với Yên Phong"]
    assert "Party:" in response.text
    assert "Remove the party filter" in response.text


def test_the_party_filter_cannot_name_an_enterprise_outside_the_scope(world, browse):
    make_agreement(world, branch=world.region6, title="Thỏa thuận Lạng Sơn", parties=[{"enterprise": world.ent_r6}])
    response = browse("hq_admin").get(LIST, {"party": world.ent_r6.pk})
    assert [a.title for a in response.context["agreements"]] == ["Thỏa thuận Lạng Sơn"]
    response = browse("r5_officer").get(LIST, {"party": world.ent_r6.pk})
    assert list(response.context["agreements"]) == []
    assert "Some filters are not valid" in response.text


def test_an_htmx_search_returns_only_the_results_fragment(world, browse):
    make_agreement(world, title="Với Đông Á")
    response = browse("r5_officer").get(LIST, {"q": "dong a", "kind": ""}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Với Đông Á" in response.text
    assert response["HX-Push-Url"] == f"{LIST}?q=dong+a"
    assert "HX-Request" in response["Vary"]


def test_the_search_box_drives_live_search(world, browse):
    html = browse("r5_officer").get(LIST).text
    assert 'hx-get="/partnerships/agreements/"' in html
    assert 'hx-trigger="input changed delay:300ms, search"' in html
    assert 'hx-target="#agreement-results"' in html


def test_a_unit_without_agreements_sees_the_empty_register_text(world, browse):
    response = browse("r5_officer").get(LIST)
    assert "No partnership agreements recorded yet." in response.text
    assert "No agreement matches these filters." not in response.text


def test_a_filtered_empty_list_says_so_and_offers_to_clear(world, browse):
    make_agreement(world)
    response = browse("r5_officer").get(LIST, {"q": "không có"})
    assert "No agreement matches these filters." in response.text
    assert "Clear all filters" in response.text


def test_the_list_paginates(world, browse):
    for n in range(3):
        make_agreement(world, title=f"Thỏa thuận {n}")
    response = browse("r5_officer").get(LIST, {"page_size": "2"})
    assert len(response.context["agreements"]) == 2
    assert "Page 1 of 2" in response.text


def test_the_list_runs_the_same_number_of_queries_for_one_and_many_agreements(world, browse):
    client = browse("r5_officer")
    make_agreement(world, title="Thỏa thuận đầu tiên")
    client.get(LIST)  # warm the session
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(LIST).context["agreements"]) == 1
    for n in range(12):
        agreement = make_agreement(
            world, title=f"Thỏa thuận {n}", parties=[{"enterprise": world.ent_a}, {"enterprise": world.ent_b}]
        )
        services.add_commitment(agreement=agreement, by=None, side="customs", text="Hỗ trợ")
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(LIST).context["agreements"]) == 13
    assert len(one.captured_queries) == len(many.captured_queries)


def test_a_portal_user_is_refused_and_an_anonymous_visitor_is_sent_to_login(world, browse):
    assert browse("portal_a").get(LIST).status_code == 403
    response = browse("anonymous").get(LIST)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={LIST}"


# --- Export ------------------------------------------------------------------------------------------------------


def test_the_csv_export_holds_the_filtered_agreements_of_the_scope(world, browse):
    active_agreement(world, title="Thỏa thuận hiệu lực", expires_on=date(2030, 2, 28))
    make_agreement(world, title="Bản nháp", parties=[{"enterprise": world.ent_b}])
    make_agreement(world, branch=world.region6, title="Lạng Sơn", parties=[{"enterprise": world.ent_r6}])
    response = browse("r5_officer").get(EXPORT, {"as": "csv", "status": "active"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response)
    assert rows[0] == [
        "Document number",
        "Title",
        "Kind",
        "Level",
        "Customs unit code",
        "Customs unit",
        "Parties",
        "Status",
        "Health",
        "Signed on",
        "Effective from",
        "Expires on",
        "Next review",
    ]
    assert rows[1:] == [
        [
            "01/TTHT-KV5",
            "Thỏa thuận hiệu lực",
            "Cooperation agreement",
            "Regional branch",
            "KV05",
            "Chi cục Hải quan khu vực V",
            "2352601817 Công ty TNHH Điện tử Đông Á",
            "Active",
            "No commitments",
            "2025-03-01",
            "2025-03-01",
            "2030-02-28",
            "2026-03-01",
        ]
    ]


def test_the_export_never_holds_agreements_outside_the_scope(world, browse):
    make_agreement(world, title="Khu vực V")
    make_agreement(world, branch=world.region6, title="Lạng Sơn", parties=[{"enterprise": world.ent_r6}])
    rows = csv_rows(browse("r5_officer").get(EXPORT, {"as": "csv"}))
    assert [row[1] for row in rows[1:]] == ["Khu vực V"]


def test_the_xlsx_export_opens_in_excel(world, browse):
    make_agreement(world, title="Khu vực V")
    response = browse("r5_officer").get(EXPORT, {"as": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Document number", "Title")
    assert rows[1][1] == "Khu vực V"


def test_an_export_with_an_unknown_format_or_a_bad_filter_is_a_400(world, browse):
    client = browse("r5_officer")
    assert client.get(EXPORT, {"as": "pdf"}).status_code == 400
    assert client.get(EXPORT, {"branch": world.region6.pk}).status_code == 400


def test_the_export_links_keep_the_current_filters(world, browse):
    make_agreement(world)
    html = browse("r5_officer").get(LIST, {"kind": "cooperation"}).text
    assert f"{EXPORT}?kind=cooperation&amp;as=csv" in html


# --- Create and edit ---------------------------------------------------------------------------------------------


def test_the_new_agreement_form_offers_only_the_officers_units_and_staff(world, browse):
    factories.make_staff(username="r6_manager", branch=world.region6, role=Role.MANAGER, full_name="Lò Văn Sáu")
    response = browse("r5_officer").get(NEW)
    form = response.context["form"]
    assert [b.code for b in form.fields["branch"].queryset] == ["KV05", "KV05-YP"]
    assert form["branch"].value() == world.region5.pk
    officers = sorted(u.username for u in form.fields["focal_officers"].queryset)
    assert officers == ["r5_manager", "r5_office_officer", "r5_officer"]
    assert "Lò Văn Sáu" not in response.text


def test_creating_with_errors_keeps_the_input_and_shows_the_error_beside_the_field(world, browse):
    data = agreement_form_data(world, effective_from="2025-06-01", expires_on="2025-05-01", doc_number="12/TTHT")
    response = browse("r5_officer").post(NEW, data)
    assert response.status_code == 200
    assert response.context["form"].errors["expires_on"] == [
        "The expiry date must be after the date the agreement takes effect."
    ]
    assert 'value="Thỏa thuận hợp tác thông quan điện tử"' in response.text
    assert 'value="12/TTHT"' in response.text
    assert 'id="id_expires_on_error"' in response.text
    assert Agreement.objects.count() == 0


def test_a_missing_title_is_a_field_error(world, browse):
    response = browse("r5_officer").post(NEW, agreement_form_data(world, title=""))
    assert response.context["form"].errors["title"] == ["This field is required."]
    assert Agreement.objects.count() == 0


def test_an_officer_cannot_file_an_agreement_under_another_region(world, browse):
    response = browse("r5_officer").post(NEW, agreement_form_data(world, branch=world.region6.pk))
    assert "branch" in response.context["form"].errors
    assert Agreement.objects.count() == 0


def test_creating_a_draft_redirects_to_its_parties(world, browse):
    data = agreement_form_data(world, focal_officers=[world.r5_officer.pk], customs_signatory_name="Trần Văn Bình")
    response = browse("r5_officer").post(NEW, data)
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/partnerships/agreements/{agreement.pk}/parties/"
    assert (agreement.title, agreement.status, agreement.branch_id) == (
        "Thỏa thuận hợp tác thông quan điện tử",
        S.DRAFT,
        world.region5.pk,
    )
    assert agreement.customs_signatory_name == "Trần Văn Bình"
    assert list(agreement.focal_officers.all()) == [world.r5_officer]
    assert agreement.created_by == world.r5_officer


def test_editing_a_draft_changes_its_details(world, browse):
    agreement = make_agreement(world)
    url = f"/partnerships/agreements/{agreement.pk}/edit/"
    data = agreement_form_data(world, title="Tên mới", doc_number="05/TTHT-KV5", scope="Thông quan điện tử")
    response = browse("r5_officer").post(url, data)
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.title, agreement.doc_number, agreement.scope) == ("Tên mới", "05/TTHT-KV5", "Thông quan điện tử")


def test_a_duplicate_document_number_is_a_field_error_and_the_heading_keeps_the_saved_title(world, browse):
    make_agreement(world, title="Thứ nhất", doc_number="05/TTHT-KV5")
    second = make_agreement(world, title="Thứ hai")
    url = f"/partnerships/agreements/{second.pk}/edit/"
    response = browse("r5_officer").post(url, agreement_form_data(world, title="Đổi tên", doc_number="05/TTHT-KV5"))
    assert response.status_code == 200
    assert response.context["form"].errors["doc_number"]
    assert 'value="Đổi tên"' in response.text
    second.refresh_from_db()
    assert (second.title, second.doc_number) == ("Thứ hai", "")


def test_editing_an_agreement_in_force_changes_only_the_review_fields(world, browse):
    agreement = active_agreement(world, title="Đang hiệu lực")
    url = f"/partnerships/agreements/{agreement.pk}/edit/"
    response = browse("r5_officer").get(url)
    form = response.context["form"]
    assert form.fields["title"].disabled
    assert not form.fields["next_review_on"].disabled
    assert "Its terms change only through an amendment" in response.text
    data = agreement_form_data(
        world,
        title="Bị đổi",
        next_review_on="2026-01-15",
        review_cycle_months="6",
        focal_officers=[world.r5_officer.pk],
    )
    response = browse("r5_officer").post(url, data)
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Đang hiệu lực"
    assert (agreement.next_review_on, agreement.review_cycle_months) == (date(2026, 1, 15), 6)
    assert list(agreement.focal_officers.all()) == [world.r5_officer]


def test_an_ended_agreement_cannot_be_edited(world, browse):
    agreement = active_agreement(world)
    agreement = services.terminate_agreement(agreement=agreement, by=None, reason="Doanh nghiệp giải thể")
    response = browse("r5_manager").get(f"/partnerships/agreements/{agreement.pk}/edit/", follow=True)
    assert "This agreement has ended; its record can no longer change." in messages_of(response)


# --- Detail ------------------------------------------------------------------------------------------------------


def test_the_detail_page_renders_every_section(world, browse):
    agreement = active_agreement(world, title="Thỏa thuận đầy đủ", scope="Thông quan điện tử")
    services.update_agreement(agreement=agreement, by=None, focal_officers=[world.r5_officer])
    commitment = Commitment.objects.create(agreement=agreement, number=1, side="business", text="Khai báo đúng hạn")
    services.record_review(
        agreement=agreement,
        by=None,
        reviewed_on=date(2025, 9, 1),
        outcome="continue",
        notes="Tốt",
        statuses={commitment.pk: "at_risk"},
    )
    services.add_document(
        agreement=agreement,
        by=None,
        file=SimpleUploadedFile("ban-ky.pdf", PDF_BYTES),
        kind="signed_scan",
        title="Bản ký",
    )
    response = browse("r5_officer").get(f"/partnerships/agreements/{agreement.pk}/")
    html = response.text
    assert response.status_code == 200
    assert "<h1>Thỏa thuận đầy đủ</h1>" in html
    for heading in ("Details", "Parties", "Commitments", "Reviews", "Documents", "History"):
        assert f">{heading}" in html, heading
    assert 'data-status="active">Active</span>' in html
    assert 'data-health="attention"' in html
    assert ">Needs attention</span>" in html
    assert "Trần Văn Bình" in html  # customs signatory
    assert "Nguyễn Văn An, Tổng Giám đốc" in html  # the party's signatory
    assert "Khai báo đúng hạn" in html
    assert "1. At risk" in html  # the commitment status found at the review
    assert "Continue as agreed" in html
    assert "r5_officer" in html  # focal officer
    document = AgreementDocument.objects.get()
    assert f'href="/partnerships/agreements/documents/{document.pk}/"' in html
    assert "/media/" not in html
    assert "Approved → Signed" in html
    assert "Signed → Active" in html


def test_the_detail_page_shows_buttons_for_the_moves_the_user_may_take(world, browse):
    agreement = bring_to(make_agreement(world), S.NEGOTIATION)
    officer = browse("r5_officer").get(f"/partnerships/agreements/{agreement.pk}/")
    manager = browse("r5_manager").get(f"/partnerships/agreements/{agreement.pk}/")
    assert [m["name"] for m in officer.context["moves"]] == ["return_to_draft"]
    assert [m["name"] for m in manager.context["moves"]] == ["approve", "return_to_draft", "terminate"]
    assert move_url(agreement, "approve") in manager.text
    assert move_url(agreement, "approve") not in officer.text
    assert 'data-confirm="Approve this agreement for signature?"' in manager.text


def test_the_renewal_chain_links_both_ways(world, browse):
    agreement = active_agreement(world, title="Bản gốc")
    renewal = services.renew_agreement(agreement=agreement, by=None, title="Bản gia hạn")
    old = browse("r5_officer").get(f"/partnerships/agreements/{agreement.pk}/").text
    new = browse("r5_officer").get(f"/partnerships/agreements/{renewal.pk}/").text
    assert f'href="/partnerships/agreements/{renewal.pk}/">Bản gia hạn</a>' in old
    assert "Succeeded by" in old
    assert f'href="/partnerships/agreements/{agreement.pk}/">01/TTHT-KV5 – Bản gốc</a>' in new
    assert "Renews" in new


def test_the_detail_page_runs_a_fixed_number_of_queries(world, browse):
    agreement = active_agreement(world)
    client = browse("r5_officer")
    url = f"/partnerships/agreements/{agreement.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for n in range(4):
        Commitment.objects.create(agreement=agreement, number=n + 1, side="customs", text=f"Cam kết {n}")
        services.add_document(agreement=agreement, by=None, file=SimpleUploadedFile(f"{n}.pdf", PDF_BYTES))
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(before.captured_queries) == len(after.captured_queries)


def test_a_region6_officer_gets_404_on_a_region5_agreement_and_nothing_changes(world, browse):
    agreement = make_agreement(world, title="Khu vực V")
    client = browse("r6_officer")
    base = f"/partnerships/agreements/{agreement.pk}"
    assert client.get(f"{base}/").status_code == 404
    assert client.get(f"{base}/edit/").status_code == 404
    assert client.post(f"{base}/edit/", agreement_form_data(world, title="Bị đổi")).status_code == 404
    assert client.post(move_url(agreement, "submit")).status_code == 404
    assert client.post(f"{base}/parties/add/", {"enterprise": world.ent_r6.pk}).status_code == 404
    assert client.post(f"{base}/commitments/new/", {"side": "customs", "text": "Lén"}).status_code == 404
    agreement.refresh_from_db()
    assert (agreement.title, agreement.status) == ("Khu vực V", S.DRAFT)
    assert list(agreement.parties.values_list("enterprise_id", flat=True)) == [world.ent_a.pk]
    assert agreement.commitments.count() == 0
    assert list(agreement.events.values_list("action", flat=True)) == ["create"]


# --- Parties -----------------------------------------------------------------------------------------------------


def test_adding_an_enterprise_party_with_its_signatory(world, browse):
    agreement = make_agreement(world)
    response = browse("r5_officer").post(
        f"/partnerships/agreements/{agreement.pk}/parties/add/",
        {"enterprise": world.ent_b.pk, "signatory_name": "Lê Thị Cúc", "signatory_title": "Giám đốc"},
    )
    assert response.status_code == 302
    parties = list(agreement.parties.order_by("pk").values_list("enterprise_id", "signatory_name", "signatory_title"))
    assert parties == [(world.ent_a.pk, "Nguyễn Văn An", "Tổng Giám đốc"), (world.ent_b.pk, "Lê Thị Cúc", "Giám đốc")]


def test_adding_an_association_party(world, browse):
    association = factories.AssociationFactory(name_vi="Hiệp hội Doanh nghiệp Hàn Quốc")
    agreement = make_agreement(world)
    browse("r5_officer").post(
        f"/partnerships/agreements/{agreement.pk}/parties/add/",
        {"association": association.pk, "signatory_name": "Kim Min-su"},
    )
    assert agreement.parties.filter(association=association, signatory_name="Kim Min-su").exists()


def test_adding_an_enterprise_outside_the_scope_is_a_field_error_and_changes_nothing(world, browse):
    agreement = make_agreement(world)
    response = browse("r5_officer").post(
        f"/partnerships/agreements/{agreement.pk}/parties/add/",
        {"enterprise": world.ent_r6.pk, "signatory_name": "Giữ lại"},
    )
    assert response.status_code == 200
    assert response.context["add_form"].errors["enterprise"]
    assert 'value="Giữ lại"' in response.text
    assert list(agreement.parties.values_list("enterprise_id", flat=True)) == [world.ent_a.pk]


def test_adding_a_party_twice_shows_the_service_message_beside_the_field(world, browse):
    agreement = make_agreement(world)
    response = browse("r5_officer").post(
        f"/partnerships/agreements/{agreement.pk}/parties/add/", {"enterprise": world.ent_a.pk}
    )
    assert response.context["add_form"].errors["enterprise"] == [
        "Công ty TNHH Điện tử Đông Á (2352601817) is listed twice."
    ]
    assert agreement.parties.count() == 1


def test_adding_nothing_asks_for_an_enterprise_or_an_association(world, browse):
    agreement = make_agreement(world)
    response = browse("r5_officer").post(f"/partnerships/agreements/{agreement.pk}/parties/add/", {})
    assert response.context["add_form"].errors["enterprise"] == [
        "Find and choose an enterprise, or choose an association."
    ]


def test_the_party_search_finds_enterprises_of_the_scope_by_tax_code_or_name(world, browse):
    agreement = make_agreement(world, parties=[])
    url = f"/partnerships/agreements/{agreement.pk}/parties/"
    client = browse("r5_officer")
    fragment = client.get(url, {"q": "2359"}, headers={"HX-Request": "true"})
    assert "<html" not in fragment.text
    assert [e.tax_code for e in fragment.context["matches"]] == ["2359083018"]
    assert [e.tax_code for e in client.get(url, {"q": "quang hoc"}).context["matches"]] == ["2359083018"]
    assert list(client.get(url, {"q": "lang son"}).context["matches"]) == []
    assert list(client.get(url, {"q": "4982"}).context["matches"]) == []


def test_the_party_search_leaves_out_enterprises_already_on_the_agreement(world, browse):
    agreement = make_agreement(world)
    response = browse("r5_officer").get(f"/partnerships/agreements/{agreement.pk}/parties/", {"q": "cong ty"})
    assert [e.tax_code for e in response.context["matches"]] == ["2359083018"]


def test_saving_the_signatories_and_removing_a_party(world, browse):
    agreement = make_agreement(world, parties=[{"enterprise": world.ent_a}, {"enterprise": world.ent_b}])
    first, second = agreement.parties.order_by("pk")
    url = f"/partnerships/agreements/{agreement.pk}/parties/"
    data = {
        "parties-TOTAL_FORMS": "2",
        "parties-INITIAL_FORMS": "2",
        "parties-0-party": first.pk,
        "parties-0-signatory_name": "Nguyễn Văn An",
        "parties-0-signatory_title": "Tổng Giám đốc",
        "parties-1-party": second.pk,
        "parties-1-signatory_name": "Lê Thị Cúc",
        "parties-1-signatory_title": "",
    }
    client = browse("r5_officer")
    assert client.post(url, data).status_code == 302
    rows = list(agreement.parties.order_by("pk").values_list("enterprise_id", "signatory_name", "signatory_title"))
    assert rows == [(world.ent_a.pk, "Nguyễn Văn An", "Tổng Giám đốc"), (world.ent_b.pk, "Lê Thị Cúc", "")]
    current = list(agreement.parties.order_by("pk"))
    data.update({"parties-0-party": current[0].pk, "parties-1-party": current[1].pk, "remove": current[0].pk})
    assert client.post(url, data).status_code == 302
    assert list(agreement.parties.values_list("enterprise_id", "signatory_name")) == [(world.ent_b.pk, "Lê Thị Cúc")]


def test_the_parties_page_handles_sixteen_parties(world, browse):
    enterprises = [
        factories.make_enterprise(managing_branch=world.region5, name_vi=f"Công ty Thành viên {n:02d}")
        for n in range(16)
    ]
    agreement = make_agreement(
        world, parties=[{"enterprise": e, "signatory_name": f"Người {n}"} for n, e in enumerate(enterprises)]
    )
    response = browse("r5_officer").get(f"/partnerships/agreements/{agreement.pk}/parties/")
    assert response.status_code == 200
    assert len(response.context["rows"]) == 16
    assert response.text.count('name="parties-') >= 16 * 3
    assert "Công ty Thành viên 15" in response.text


def test_the_parties_of_a_signed_agreement_cannot_change(world, browse):
    agreement = active_agreement(world)
    response = browse("r5_officer").post(
        f"/partnerships/agreements/{agreement.pk}/parties/add/", {"enterprise": world.ent_b.pk}, follow=True
    )
    assert "The parties of a signed agreement cannot change; record an amendment instead." in response.text
    assert list(agreement.parties.values_list("enterprise_id", flat=True)) == [world.ent_a.pk]


# --- Commitments -------------------------------------------------------------------------------------------------


def test_adding_editing_and_removing_commitments_before_signature(world, browse):
    agreement = make_agreement(world)
    client = browse("r5_officer")
    url = f"/partnerships/agreements/{agreement.pk}/commitments/new/"
    response = client.post(url, {"side": "customs", "text": "Hỗ trợ thủ tục", "indicator": "", "due_on": ""})
    assert response.status_code == 302
    assert response["Location"] == f"/partnerships/agreements/{agreement.pk}/#commitments"
    client.post(url, {"side": "business", "text": "Khai báo đúng", "indicator": "100%", "due_on": "2025-12-31"})
    rows = list(agreement.commitments.values_list("number", "side", "text", "indicator", "due_on"))
    assert rows == [
        (1, "customs", "Hỗ trợ thủ tục", "", None),
        (2, "business", "Khai báo đúng", "100%", date(2025, 12, 31)),
    ]
    first = agreement.commitments.get(number=1)
    edit = f"/partnerships/agreements/commitments/{first.pk}/edit/"
    client.post(edit, {"number": "1", "side": "customs", "text": "Hỗ trợ tận nơi", "indicator": "", "due_on": ""})
    first.refresh_from_db()
    assert first.text == "Hỗ trợ tận nơi"
    assert client.post(f"/partnerships/agreements/commitments/{first.pk}/delete/").status_code == 302
    assert list(agreement.commitments.values_list("number", flat=True)) == [2]


def test_a_commitment_needs_its_text_and_keeps_the_input(world, browse):
    agreement = make_agreement(world)
    response = browse("r5_officer").post(
        f"/partnerships/agreements/{agreement.pk}/commitments/new/", {"side": "customs", "indicator": "Giữ lại"}
    )
    assert response.context["form"].errors["text"] == ["This field is required."]
    assert 'value="Giữ lại"' in response.text


def test_a_taken_clause_number_is_a_field_error(world, browse):
    agreement = make_agreement(world)
    services.add_commitment(agreement=agreement, by=None, side="customs", text="Một")
    response = browse("r5_officer").post(
        f"/partnerships/agreements/{agreement.pk}/commitments/new/", {"number": "1", "side": "customs", "text": "Hai"}
    )
    assert response.context["form"].errors["number"] == ["Clause 1 already exists."]
    assert agreement.commitments.count() == 1


def test_commitments_of_a_signed_agreement_cannot_be_removed(world, browse):
    agreement = make_agreement(world)
    commitment = services.add_commitment(agreement=agreement, by=None, side="customs", text="Một")
    bring_to(agreement, S.SIGNED)
    response = browse("r5_officer").post(f"/partnerships/agreements/commitments/{commitment.pk}/delete/", follow=True)
    assert "Commitments of a signed agreement cannot change; record an amendment instead." in messages_of(response)
    assert Commitment.objects.filter(pk=commitment.pk).exists()


def test_flagging_a_commitment_at_risk_while_in_force_records_the_note(world, browse):
    agreement = make_agreement(world)
    commitment = services.add_commitment(agreement=agreement, by=None, side="business", text="Khai báo")
    bring_to(agreement, S.ACTIVE)
    response = browse("r5_officer").post(
        f"/partnerships/agreements/commitments/{commitment.pk}/status/",
        {"status": "at_risk", "note": "Chậm nộp hồ sơ"},
        follow=True,
    )
    assert "Clause 1 is now “At risk”." in messages_of(response)
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.AT_RISK
    event = AgreementEvent.objects.filter(agreement=agreement, action="commitment").get()
    assert event.note == "1: On track → At risk – Chậm nộp hồ sơ"
    assert Agreement.objects.with_health_counts().get(pk=agreement.pk).health == Health.ATTENTION


def test_a_commitment_status_cannot_change_before_signature(world, browse):
    agreement = make_agreement(world)
    commitment = services.add_commitment(agreement=agreement, by=None, side="business", text="Khai báo")
    response = browse("r5_officer").post(
        f"/partnerships/agreements/commitments/{commitment.pk}/status/", {"status": "met"}, follow=True
    )
    assert "Commitment statuses are tracked only while the agreement is in force." in messages_of(response)
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.ON_TRACK


# --- Lifecycle moves through the pages ---------------------------------------------------------------------------


def test_an_agreement_goes_from_draft_to_active_through_the_buttons_and_forms(world, browse):
    agreement = make_agreement(world, doc_number="09/TTHT-KV5", customs_signatory_name="Trần Văn Bình")
    officer, manager = browse("r5_officer"), browse("r5_manager")
    for client, action, status in (
        (officer, "submit", S.INTERNAL_REVIEW),
        (officer, "negotiate", S.NEGOTIATION),
        (manager, "approve", S.APPROVED),
    ):
        response = client.post(move_url(agreement, action), follow=True)
        agreement.refresh_from_db()
        assert agreement.status == status
        assert f"The agreement is now “{agreement.get_status_display()}”." in messages_of(response)
    form = officer.get(move_url(agreement, "sign"))
    assert form.context["form"]["signed_on"].value() == timezone.localdate()
    response = officer.post(
        move_url(agreement, "sign"), {"signed_on": "2025-03-01", "effective_from": "", "expires_on": "2030-02-28"}
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.status, agreement.signed_on, agreement.effective_from, agreement.expires_on) == (
        S.SIGNED,
        date(2025, 3, 1),
        date(2025, 3, 1),
        date(2030, 2, 28),
    )
    officer.post(move_url(agreement, "activate"))
    agreement.refresh_from_db()
    assert agreement.status == S.ACTIVE


def test_signing_with_a_future_date_keeps_the_input_and_shows_the_error_beside_the_field(world, browse):
    agreement = bring_to(
        make_agreement(world, doc_number="09/TTHT", customs_signatory_name="Trần Văn Bình"), S.APPROVED
    )
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = browse("r5_officer").post(move_url(agreement, "sign"), {"signed_on": future, "expires_on": "2031-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["signed_on"] == ["The signing date cannot be in the future."]
    assert 'value="2031-01-01"' in response.text
    agreement.refresh_from_db()
    assert agreement.status == S.APPROVED


def test_signing_without_a_document_number_shows_the_service_message(world, browse):
    agreement = bring_to(make_agreement(world), S.APPROVED)
    response = browse("r5_officer").post(move_url(agreement, "sign"), {"signed_on": "2025-03-01"})
    assert response.status_code == 200
    assert "Give the agreement its document number before recording the signature." in messages_of(response)
    agreement.refresh_from_db()
    assert (agreement.status, agreement.signed_on) == (S.APPROVED, None)


def test_an_illegal_move_shows_the_service_message_and_changes_nothing(world, browse):
    agreement = make_agreement(world)
    response = browse("r5_manager").post(move_url(agreement, "approve"), follow=True)
    assert "An agreement that is “Draft” cannot be approved." in messages_of(response)
    agreement.refresh_from_db()
    assert agreement.status == S.DRAFT
    assert list(agreement.events.values_list("action", flat=True)) == ["create"]


def test_submitting_without_parties_is_refused_with_the_message(world, browse):
    agreement = make_agreement(world, parties=[])
    response = browse("r5_officer").post(move_url(agreement, "submit"), follow=True)
    assert "Add at least one party before submitting the agreement." in messages_of(response)
    agreement.refresh_from_db()
    assert agreement.status == S.DRAFT


def test_an_officer_cannot_approve(world, browse):
    agreement = bring_to(make_agreement(world), S.NEGOTIATION)
    response = browse("r5_officer").post(move_url(agreement, "approve"))
    assert response.status_code == 403
    agreement.refresh_from_db()
    assert agreement.status == S.NEGOTIATION


def test_an_officer_cannot_open_the_terminate_form(world, browse):
    agreement = active_agreement(world)
    assert browse("r5_officer").get(move_url(agreement, "terminate")).status_code == 403


def test_a_region6_officer_cannot_move_a_region5_agreement(world, browse):
    agreement = bring_to(make_agreement(world), S.INTERNAL_REVIEW)
    client = browse("r6_officer")
    assert client.post(move_url(agreement, "negotiate")).status_code == 404
    assert client.post(move_url(agreement, "return_to_draft")).status_code == 404
    agreement.refresh_from_db()
    assert agreement.status == S.INTERNAL_REVIEW


def test_buttons_refuse_get_and_unknown_moves_are_404(world, browse):
    agreement = make_agreement(world)
    client = browse("r5_manager")
    assert client.get(move_url(agreement, "submit")).status_code == 405
    assert client.post(move_url(agreement, "expire")).status_code == 404
    assert client.post(move_url(agreement, "fly")).status_code == 404


def test_opening_a_move_form_that_is_not_possible_now_returns_to_the_agreement_with_a_message(world, browse):
    agreement = make_agreement(world)
    response = browse("r5_officer").get(move_url(agreement, "sign"), follow=True)
    assert response.redirect_chain == [(f"/partnerships/agreements/{agreement.pk}/", 302)]
    assert "“Record signature” is not possible while the agreement is “Draft”." in messages_of(response)


def test_recording_a_review_sets_every_commitment_status(world, browse):
    agreement = make_agreement(world)
    one = services.add_commitment(agreement=agreement, by=None, side="customs", text="Một")
    two = services.add_commitment(agreement=agreement, by=None, side="business", text="Hai")
    agreement = bring_to(agreement, S.ACTIVE)
    services.start_review(agreement=agreement, by=None)
    client = browse("r5_officer")
    form = client.get(move_url(agreement, "record_review"))
    assert [c.number for c, _ in form.context["form"].commitment_rows()] == [1, 2]
    data = {
        "reviewed_on": "2025-09-01",
        "outcome": "continue",
        "notes": "Đạt yêu cầu",
        f"status_{one.pk}": "met",
        f"status_{two.pk}": "not_met",
    }
    assert client.post(move_url(agreement, "record_review"), data).status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == S.ACTIVE
    review = agreement.reviews.get()
    assert (review.reviewed_on, review.outcome, review.notes) == (date(2025, 9, 1), "continue", "Đạt yêu cầu")
    snapshot = sorted(review.commitment_statuses.values_list("commitment__number", "status"))
    assert snapshot == [(1, "met"), (2, "not_met")]


def test_suspending_needs_a_reason_beside_the_field(world, browse):
    agreement = active_agreement(world)
    response = browse("r5_manager").post(move_url(agreement, "suspend"), {"reason": ""})
    assert response.context["form"].errors["reason"] == ["This field is required."]
    agreement.refresh_from_db()
    assert agreement.status == S.ACTIVE


def test_a_manager_suspends_resumes_and_terminates(world, browse):
    agreement = active_agreement(world)
    manager = browse("r5_manager")
    manager.post(move_url(agreement, "suspend"), {"reason": "Vi phạm nghiêm trọng"})
    agreement.refresh_from_db()
    assert (agreement.status, agreement.status_reason) == (S.SUSPENDED, "Vi phạm nghiêm trọng")
    assert "Vi phạm nghiêm trọng" in manager.get(f"/partnerships/agreements/{agreement.pk}/").text
    manager.post(move_url(agreement, "resume"))
    agreement.refresh_from_db()
    assert agreement.status == S.ACTIVE
    manager.post(move_url(agreement, "terminate"), {"reason": "Doanh nghiệp giải thể"})
    agreement.refresh_from_db()
    assert (agreement.status, agreement.status_reason) == (S.TERMINATED, "Doanh nghiệp giải thể")


def test_renewing_redirects_to_the_new_draft(world, browse):
    agreement = active_agreement(world, title="Bản gốc")
    response = browse("r5_officer").post(move_url(agreement, "renew"), {"title": "Bản gia hạn 2030", "note": ""})
    renewal = Agreement.objects.get(predecessor=agreement)
    assert response["Location"] == f"/partnerships/agreements/{renewal.pk}/"
    assert (renewal.title, renewal.status, renewal.succession) == ("Bản gia hạn 2030", S.DRAFT, "renewal")
    assert list(renewal.parties.values_list("enterprise_id", flat=True)) == [world.ent_a.pk]


def test_amending_twice_shows_the_message_and_drafts_nothing_more(world, browse):
    agreement = active_agreement(world, title="Bản gốc")
    client = browse("r5_officer")
    client.post(move_url(agreement, "amend"), {"title": ""})
    response = client.post(move_url(agreement, "amend"), {"title": "Lần hai"})
    assert response.status_code == 200
    assert any("A successor of this agreement is already being prepared" in m for m in messages_of(response))
    assert Agreement.objects.filter(predecessor=agreement).count() == 1


# --- Documents ---------------------------------------------------------------------------------------------------


def test_a_signed_scan_that_is_not_a_pdf_is_refused_beside_the_field(world, browse):
    agreement = active_agreement(world)
    upload = SimpleUploadedFile("scan.pdf", b"GIF89a not a pdf", content_type="application/pdf")
    response = browse("r5_officer").post(
        f"/partnerships/agreements/{agreement.pk}/documents/new/",
        {"kind": "signed_scan", "title": "Bản ký", "file": upload},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "This file is not a valid PDF document; upload the signed scan as PDF."
    ]
    assert 'value="Bản ký"' in response.text
    assert 'id="id_file_error"' in response.text
    assert not AgreementDocument.objects.exists()


def test_a_pdf_is_attached_and_downloaded_only_by_staff_in_scope(world, browse):
    agreement = active_agreement(world)
    upload = SimpleUploadedFile("ban-ky.pdf", PDF_BYTES, content_type="application/pdf")
    response = browse("r5_officer").post(
        f"/partnerships/agreements/{agreement.pk}/documents/new/",
        {"kind": "signed_scan", "title": "Bản ký", "file": upload},
    )
    assert response.status_code == 302
    document = AgreementDocument.objects.get()
    assert (document.agreement_id, document.kind, document.title, document.size) == (
        agreement.pk,
        "signed_scan",
        "Bản ký",
        len(PDF_BYTES),
    )
    url = f"/partnerships/agreements/documents/{document.pk}/"
    download = browse("r5_manager").get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Disposition"].startswith("attachment;")
    assert browse("r6_officer").get(url).status_code == 404
    assert browse("r5_office_officer").get(url).status_code == 404
    assert browse("portal_a").get(url).status_code == 403


# --- The partnerships panel of an enterprise page ---------------------------------------------------------------


def test_the_enterprise_page_loads_the_partnerships_panel_with_htmx(world, browse):
    html = browse("r5_officer").get(f"/enterprises/{world.ent_a.pk}/").text
    panel = f"/partnerships/enterprises/{world.ent_a.pk}/panel/"
    assert f'hx-get="{panel}" hx-trigger="load"' in html
    assert f'<a href="{panel}">' in html


def test_the_panel_lists_the_enterprises_agreements_pledges_and_enrolments(world, browse):
    agreement = active_agreement(world, title="Thỏa thuận Đông Á")
    make_agreement(world, branch=world.region6, title="Không thấy", parties=[{"enterprise": world.ent_r6}])
    campaign = pledge_services.create_campaign(
        by=None,
        branch=world.region5,
        name="Cam kết không buôn lậu 2025",
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
        text_vi="Chúng tôi cam kết…",
        target_signers=50,
    )
    pledge_services.record_pledge(
        campaign=campaign, by=None, enterprise=world.ent_a, signed_on=date(2025, 2, 1), signatory_name="Nguyễn Văn An"
    )
    programme = programme_services.save_programme(by=None, code="aeo", kind="aeo", name_vi="Chương trình AEO")
    enrolment = programme_services.enrol_enterprise(
        by=None, programme=programme, enterprise=world.ent_a, cohort="Đợt 1"
    )
    response = browse("r5_officer").get(
        f"/partnerships/enterprises/{world.ent_a.pk}/panel/", headers={"HX-Request": "true"}
    )
    html = response.text
    assert response.status_code == 200
    assert "<html" not in html
    assert f'<a href="/partnerships/agreements/{agreement.pk}/">Thỏa thuận Đông Á</a>' in html
    assert f'<a href="/partnerships/campaigns/{campaign.pk}/">Cam kết không buôn lậu 2025</a>' in html
    assert f'<a href="/partnerships/enrolments/{enrolment.pk}/">Chương trình AEO</a>' in html
    assert "Đợt 1" in html
    assert "Không thấy" not in html
    assert f"/partnerships/agreements/?party={world.ent_a.pk}" in html


def test_the_panel_shows_empty_states_and_works_as_a_page_without_javascript(world, browse):
    response = browse("r5_officer").get(f"/partnerships/enterprises/{world.ent_b.pk}/panel/")
    html = response.text
    assert "<html" in html
    assert "No partnership agreement with this enterprise." in html
    assert "This enterprise has not signed any pledge." in html
    assert "This enterprise is not enrolled in any programme." in html


def test_the_panel_of_an_enterprise_outside_the_scope_is_404(world, browse):
    assert browse("r6_officer").get(f"/partnerships/enterprises/{world.ent_a.pk}/panel/").status_code == 404
    assert browse("portal_a").get(f"/partnerships/enterprises/{world.ent_a.pk}/panel/").status_code == 403


def test_a_party_row_keeps_its_signatory_when_the_agreement_is_reloaded(world, browse):
    agreement = make_agreement(world)
    html = browse("r5_officer").get(f"/partnerships/agreements/{agreement.pk}/parties/").text
    party = AgreementParty.objects.get(agreement=agreement)
    assert f'name="parties-0-party" value="{party.pk}"' in html
    assert 'value="Nguyễn Văn An"' in html


def test_no_second_renewal_is_offered_while_one_is_being_drafted(world, browse):
    agreement = active_agreement(world)
    url = f"/partnerships/agreements/{agreement.pk}/"
    assert {"renew", "amend"} <= {m["name"] for m in browse("r5_officer").get(url).context["moves"]}
    services.renew_agreement(agreement=agreement, by=None)
    assert not {"renew", "amend"} & {m["name"] for m in browse("r5_officer").get(url).context["moves"]}


def test_a_refused_party_keeps_the_chosen_enterprise_checked(world, browse):
    agreement = make_agreement(world)
    response = browse("r5_officer").post(
        f"/partnerships/agreements/{agreement.pk}/parties/add/",
        {
            "enterprise": world.ent_b.pk,
            "association": factories.AssociationFactory().pk,
            "signatory_name": "Lê Thị Cúc",
        },
    )
    assert response.context["add_form"].non_field_errors() == [
        "Choose either an enterprise or an association, not both."
    ]
    assert [e.pk for e in response.context["matches"]] == [world.ent_b.pk]
    assert f'value="{world.ent_b.pk}" checked' in response.text
    assert 'value="Lê Thị Cúc"' in response.text
    assert agreement.parties.count() == 1
