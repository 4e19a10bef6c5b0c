"""Portal accounts: staff invitations (and the set-password link), self-registration, the staff verification queue
with its scoping, the API equivalents, and the friendly error pages."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from crm.models import (
    FailedLogin,
    Notification,
    NotificationKind,
    PortalMembership,
    PortalSignup,
    SignupStatus,
    User,
)
from crm.services import portal_accounts as services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """Assert the English source strings whatever translations exist."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


PASSWORD = "Sông-Hồng-1884"
UNREGISTERED = "0100233488"


def signup_data(**overrides) -> dict:
    data = {
        "tax_code": "2352601817",
        "enterprise_name": "Công ty TNHH Điện tử Đông Á",
        "full_name": "Trần Thị Bình",
        "position": "Trưởng phòng xuất nhập khẩu",
        "email": "Binh@DongA.example",
        "phone": "0912 345 678",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def make_signup(*, tax_code="2352601817", email="binh@donga.example", full_name="Trần Thị Bình") -> PortalSignup:
    return services.register_signup(
        tax_code=tax_code, enterprise_name="Đông Á", full_name=full_name, email=email, password=PASSWORD
    )


def notifications(kind) -> list[Notification]:
    return list(Notification.objects.filter(kind=kind).order_by("pk"))


# --- Invitations -------------------------------------------------------------------------------------------------


def test_inviting_a_contact_creates_an_active_user_without_password_a_membership_and_an_invitation(world, client_for):
    contact = factories.make_contact(
        enterprise=world.ent_a, full_name="Nguyễn Văn An", email="An@DongA.example", phone="0904 111 222", language="en"
    )
    response = client_for("r5_officer").post(
        f"/enterprises/{world.ent_a.pk}/portal-users/", {"contact": contact.pk, "language": "en"}
    )
    assert response.status_code == 302
    user = User.objects.get(email="an@donga.example")
    assert (user.username, user.full_name, user.phone, user.language) == (
        "an@donga.example",
        "Nguyễn Văn An",
        "0904 111 222",
        "en",
    )
    assert user.is_active
    assert not user.has_usable_password()
    membership = PortalMembership.objects.get(user=user)
    assert (membership.enterprise_id, membership.contact_id) == (world.ent_a.pk, contact.pk)
    [note] = notifications(NotificationKind.PORTAL_INVITATION)
    assert (note.recipient_id, note.email, note.language, note.dedupe_key) == (
        user.pk,
        "an@donga.example",
        "en",
        f"portal_invitation:{user.pk}",
    )
    assert note.payload["enterprise"] == world.ent_a.pk
    assert note.payload["set_password_url"] == (
        f"http://testserver/accounts/reset/{note.payload['uid']}/{note.payload['token']}/"
    )


def test_the_invitation_link_lets_the_person_choose_a_password_once_and_sign_in(world, client_for):
    client_for("r5_officer").post(
        f"/enterprises/{world.ent_a.pk}/portal-users/",
        {"full_name": "Phạm Thu Dung", "email": "dung@donga.example", "language": "vi"},
    )
    [note] = notifications(NotificationKind.PORTAL_INVITATION)
    link = note.payload["set_password_url"].removeprefix("http://testserver")
    anonymous = Client()
    first = anonymous.get(link)
    assert first.status_code == 302
    form_url = first["Location"]
    assert form_url.endswith("/set-password/")
    assert "Choose your password" in anonymous.get(form_url).content.decode()
    saved = anonymous.post(form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert saved.status_code == 302
    assert saved["Location"] == "/accounts/reset/done/"

    login = Client().post("/accounts/login/", {"username": "DUNG@donga.example", "password": PASSWORD})
    assert login.status_code == 302
    assert Client().get(link).content.decode().count("This link no longer works") == 1


def test_inviting_an_email_already_used_by_any_account_is_refused_beside_the_email(world, client_for):
    world.r6_officer.email = "chung@donga.example"
    world.r6_officer.save()
    response = client_for("r5_officer").post(
        f"/enterprises/{world.ent_a.pk}/portal-users/",
        {"full_name": "Đỗ Văn Chung", "email": "Chung@DongA.example", "language": "vi"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r'id="id_email_error">An account with the email chung@donga.example already exists', html)
    assert 'value="Đỗ Văn Chung"' in html
    assert User.objects.filter(email__iexact="chung@donga.example").count() == 1
    assert notifications(NotificationKind.PORTAL_INVITATION) == []


def test_inviting_without_a_contact_needs_a_name_and_an_email(world, client_for):
    response = client_for("r5_officer").post(f"/enterprises/{world.ent_a.pk}/portal-users/", {"language": "vi"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_full_name_error"' in html
    assert 'id="id_email_error"' in html


def test_a_contact_of_another_enterprise_cannot_be_invited_for_this_one(world, client_for):
    other = factories.make_contact(enterprise=world.ent_b, full_name="Lê Thị Cúc", email="cuc@yenphong.example")
    response = client_for("r5_officer").post(
        f"/enterprises/{world.ent_a.pk}/portal-users/", {"contact": other.pk, "language": "vi"}
    )
    assert response.status_code == 400
    assert 'id="id_contact_error"' in response.content.decode()
    assert not User.objects.filter(email="cuc@yenphong.example").exists()


def test_a_region6_officer_cannot_invite_for_a_region5_enterprise_and_nothing_is_created(world, client_for):
    response = client_for("r6_officer").post(
        f"/enterprises/{world.ent_a.pk}/portal-users/",
        {"full_name": "Vũ Thị Giang", "email": "giang@donga.example", "language": "vi"},
    )
    assert response.status_code == 404
    assert not User.objects.filter(email="giang@donga.example").exists()
    assert notifications(NotificationKind.PORTAL_INVITATION) == []


def test_the_portal_users_page_lists_users_and_pending_sign_ups_of_that_enterprise_only(world, client_for):
    make_signup()
    make_signup(tax_code="2359083018", email="yen@yenphong.example", full_name="Đinh Thị Yến")
    html = client_for("r5_officer").get(f"/enterprises/{world.ent_a.pk}/portal-users/").content.decode()
    assert "ent_a" in html
    assert "ent_b" not in html
    assert "Trần Thị Bình" in html
    assert "Đinh Thị Yến" not in html


def test_the_portal_users_page_runs_a_constant_number_of_queries(world, client_for, django_assert_num_queries):
    client = client_for("r5_officer")
    url = f"/enterprises/{world.ent_a.pk}/portal-users/"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(4):
        contact = factories.make_contact(enterprise=world.ent_a, full_name=f"Người {n}")
        services.invite_portal_user(by=None, enterprise=world.ent_a, contact=contact, email=f"nguoi{n}@donga.example")
        make_signup(email=f"dk{n}@donga.example")
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)


def test_staff_deactivate_a_portal_user_of_their_scope(world, client_for):
    response = client_for("r5_officer").post(f"/portal-users/{world.portal_a.pk}/deactivate/")
    assert response.status_code == 302
    assert response["Location"] == f"/enterprises/{world.ent_a.pk}/portal-users/"
    assert User.objects.get(pk=world.portal_a.pk).is_active is False
    again = client_for("r5_officer").post(f"/portal-users/{world.portal_a.pk}/deactivate/", follow=True)
    assert "already deactivated" in again.content.decode()


def test_an_outsider_cannot_deactivate_a_portal_user_and_nothing_changes(world, client_for):
    assert client_for("r6_officer").post(f"/portal-users/{world.portal_a.pk}/deactivate/").status_code == 404
    assert client_for("r5_office_officer").post(f"/portal-users/{world.portal_a.pk}/deactivate/").status_code == 404
    assert client_for("portal_b").post(f"/portal-users/{world.portal_a.pk}/deactivate/").status_code == 403
    assert User.objects.get(pk=world.portal_a.pk).is_active is True


def test_resending_an_invitation_queues_a_new_link_until_a_password_is_chosen(world, client_for):
    user = services.invite_portal_user(by=None, enterprise=world.ent_a, full_name="Phạm Thu Dung", email="d@a.example")
    client_for("r5_officer").post(f"/portal-users/{user.pk}/resend/")
    assert len(notifications(NotificationKind.PORTAL_INVITATION)) == 2
    refused = client_for("r5_officer").post(f"/portal-users/{world.portal_a.pk}/resend/", follow=True)
    assert "already chosen a password" in refused.content.decode()
    assert len(notifications(NotificationKind.PORTAL_INVITATION)) == 2


# --- Self-registration -------------------------------------------------------------------------------------------


def test_a_bad_tax_code_is_shown_beside_the_field_and_the_input_is_kept(world):
    response = Client().post("/portal/signup/", signup_data(tax_code="2352601818"))
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r'id="id_tax_code_error">Tax code 2352601818 has a wrong check digit', html)
    assert 'value="2352601818"' in html
    assert 'value="Trần Thị Bình"' in html
    assert 'value="Trưởng phòng xuất nhập khẩu"' in html
    assert not User.objects.filter(email="binh@donga.example").exists()


def test_password_problems_are_shown_beside_the_password_fields(world):
    mismatch = Client().post("/portal/signup/", signup_data(password2="Sông-Hồng-1885")).content.decode()
    assert re.search(r'id="id_password2_error">The two passwords differ', mismatch)
    weak = Client().post("/portal/signup/", signup_data(password1="12345678", password2="12345678")).content.decode()
    assert 'id="id_password1_error"' in weak
    assert PortalSignup.objects.count() == 0


def test_a_registration_creates_an_inactive_user_and_a_pending_sign_up_matched_by_tax_code(world):
    response = Client().post("/portal/signup/", signup_data())
    assert response.status_code == 302
    assert response["Location"] == "/portal/signup/done/"
    signup = PortalSignup.objects.select_related("user").get()
    assert (signup.tax_code, signup.enterprise_id, signup.status, signup.position) == (
        "2352601817",
        world.ent_a.pk,
        SignupStatus.PENDING,
        "Trưởng phòng xuất nhập khẩu",
    )
    assert (signup.user.username, signup.user.email, signup.user.is_active) == (
        "binh@donga.example",
        "binh@donga.example",
        False,
    )
    assert signup.user.check_password(PASSWORD)
    assert "will verify your registration" in Client().get("/portal/signup/done/").content.decode()


def test_the_applicant_is_told_the_registration_is_not_verified_yet_and_it_is_not_a_failure(world):
    Client().post("/portal/signup/", signup_data())
    response = Client().post("/accounts/login/", {"username": "binh@donga.example", "password": PASSWORD})
    assert response.status_code == 200
    assert "has not been verified yet" in response.content.decode()
    assert not FailedLogin.objects.exclude(username=services.SIGNUP_MARK).exists()


def test_a_dependent_units_tax_code_is_matched_to_its_enterprise_and_an_unknown_one_to_none(world):
    factories.enterprise_services.add_unit(
        enterprise=world.ent_a, by=None, tax_code="2352601817-001", name="Chi nhánh Bắc Ninh"
    )
    assert make_signup(tax_code="2352601817-001").enterprise_id == world.ent_a.pk
    assert make_signup(tax_code=UNREGISTERED, email="x@y.example").enterprise_id is None


def test_registering_with_an_email_that_has_an_account_is_refused_beside_the_email(world):
    make_signup()
    response = Client().post("/portal/signup/", signup_data())
    assert response.status_code == 400
    assert 'id="id_email_error"' in response.content.decode()
    assert PortalSignup.objects.count() == 1


def test_sign_ups_are_limited_per_address_with_a_429_page(world, settings):
    settings.PORTAL_SIGNUP_LIMIT_PER_HOUR = 2
    for n in range(2):
        assert Client().post("/portal/signup/", signup_data(email=f"n{n}@donga.example")).status_code == 302
    refused = Client().post("/portal/signup/", signup_data(email="n2@donga.example"))
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert "Too many registrations were sent from your network" in refused.content.decode()
    assert PortalSignup.objects.count() == 2
    other = Client().post("/portal/signup/", signup_data(email="n3@donga.example"), REMOTE_ADDR="198.51.100.3")
    assert other.status_code == 302


def test_signed_in_people_are_sent_home_from_the_registration_page(world, client_for):
    assert client_for("portal_a").get("/portal/signup/")["Location"] == "/"


# --- Verification by staff ---------------------------------------------------------------------------------------


def test_approving_activates_the_user_for_the_enterprise_and_notifies(world, client_for):
    contact = factories.make_contact(enterprise=world.ent_a, full_name="Trần Thị Bình", email="binh@donga.example")
    signup = make_signup()
    response = client_for("r5_officer").post(f"/portal-signups/{signup.pk}/approve/", {"note": "Đã gọi điện xác nhận"})
    assert response.status_code == 302
    signup.refresh_from_db()
    assert (signup.status, signup.reviewed_by_id, signup.review_note) == (
        SignupStatus.APPROVED,
        world.r5_officer.pk,
        "Đã gọi điện xác nhận",
    )
    membership = PortalMembership.objects.get(user_id=signup.user_id)
    assert (membership.enterprise_id, membership.contact_id) == (world.ent_a.pk, contact.pk)
    [note] = notifications(NotificationKind.PORTAL_SIGNUP_DECIDED)
    assert (note.recipient_id, note.payload["decision"], note.payload["enterprise"]) == (
        signup.user_id,
        "approved",
        world.ent_a.pk,
    )
    portal = Client()
    assert portal.post("/accounts/login/", {"username": "binh@donga.example", "password": PASSWORD}).status_code == 302
    assert portal.get("/portal/").status_code == 200


def test_deciding_twice_is_a_clear_400(world, client_for):
    signup = make_signup()
    client = client_for("r5_officer")
    client.post(f"/portal-signups/{signup.pk}/approve/")
    again = client.post(f"/portal-signups/{signup.pk}/reject/", {"reason": "Nhầm"})
    assert again.status_code == 400
    assert "already decided" in again.content.decode()
    assert PortalSignup.objects.get(pk=signup.pk).status == SignupStatus.APPROVED
    assert len(notifications(NotificationKind.PORTAL_SIGNUP_DECIDED)) == 1


def test_rejecting_needs_a_reason_and_the_applicant_is_told_it_at_sign_in(world, client_for):
    signup = make_signup()
    client = client_for("r5_manager")
    blank = client.post(f"/portal-signups/{signup.pk}/reject/", {"reason": "  "})
    assert blank.status_code == 400
    assert 'id="id_reason_error"' in blank.content.decode()
    assert client.post(f"/portal-signups/{signup.pk}/reject/", {"reason": "Không phải nhân viên"}).status_code == 302
    signup.refresh_from_db()
    assert (signup.status, signup.review_note) == (SignupStatus.REJECTED, "Không phải nhân viên")
    assert User.objects.get(pk=signup.user_id).is_active is False
    [note] = notifications(NotificationKind.PORTAL_SIGNUP_DECIDED)
    assert (note.payload["decision"], note.payload["note"]) == ("rejected", "Không phải nhân viên")
    login = Client().post("/accounts/login/", {"username": "binh@donga.example", "password": PASSWORD})
    assert "was not approved: Không phải nhân viên" in login.content.decode()


def test_a_region6_officer_gets_404_on_a_region5_sign_up_and_nothing_changes(world, client_for):
    signup = make_signup()
    client = client_for("r6_officer")
    assert client.get(f"/portal-signups/{signup.pk}/").status_code == 404
    assert client.post(f"/portal-signups/{signup.pk}/approve/").status_code == 404
    assert PortalSignup.objects.get(pk=signup.pk).status == SignupStatus.PENDING
    assert User.objects.get(pk=signup.user_id).is_active is False
    assert "Trần Thị Bình" not in client.get("/portal-signups/").content.decode()


def test_the_detail_page_shows_the_request_beside_the_registered_enterprise(world, client_for):
    factories.make_contact(
        enterprise=world.ent_a, full_name="Nguyễn Văn An", position="Giám đốc", email="binh@donga.example"
    )
    signup = make_signup()
    html = client_for("r5_officer").get(f"/portal-signups/{signup.pk}/").content.decode()
    assert "Công ty TNHH Điện tử Đông Á" in html
    assert "Nguyễn Văn An · Giám đốc" in html
    assert "a contact has this email" in html
    assert "ent_a" in html  # the enterprise's current portal user


def test_unmatched_sign_ups_are_for_headquarters_who_approve_once_the_enterprise_is_registered(world, client_for):
    signup = make_signup(tax_code=UNREGISTERED, email="cuong@moi.example", full_name="Lê Văn Cường")
    assert "Lê Văn Cường" not in client_for("r5_officer").get("/portal-signups/").content.decode()
    hq = client_for("hq_admin")
    assert "Lê Văn Cường" in hq.get("/portal-signups/").content.decode()
    refused = hq.post(f"/portal-signups/{signup.pk}/approve/")
    assert refused.status_code == 400
    assert "No enterprise with tax code 0100233488 is registered" in refused.content.decode()

    enterprise = factories.make_enterprise(managing_branch=world.region5, tax_code=UNREGISTERED)
    assert hq.post(f"/portal-signups/{signup.pk}/approve/").status_code == 302
    signup.refresh_from_db()
    assert (signup.status, signup.enterprise_id) == (SignupStatus.APPROVED, enterprise.pk)


def test_the_office_officer_sees_only_sign_ups_of_the_offices_enterprises(world, client_for):
    make_signup()
    make_signup(tax_code="2359083018", email="yen@yenphong.example", full_name="Đinh Thị Yến")
    html = client_for("r5_office_officer").get("/portal-signups/").content.decode()
    assert "Đinh Thị Yến" in html
    assert "Trần Thị Bình" not in html


def test_the_queue_opens_on_pending_sign_ups_and_keeps_that_filter_across_pages(world, client_for):
    decided = make_signup(email="old@donga.example", full_name="Người Đã Duyệt")
    make_signup()
    services.approve_signup(by=world.r5_officer, signup=decided)
    client = client_for("r5_officer")
    for query in ({}, {"page": "1"}):
        html = client.get("/portal-signups/", query).content.decode()
        assert "Trần Thị Bình" in html
        assert "Người Đã Duyệt" not in html
    assert "Người Đã Duyệt" in client.get("/portal-signups/", {"status": ""}).content.decode()


def test_the_sign_up_queue_runs_a_constant_number_of_queries(world, client_for, django_assert_num_queries):
    client = client_for("hq_admin")
    make_signup()
    client.get("/portal-signups/")
    with CaptureQueriesContext(connection) as one:
        client.get("/portal-signups/")
    for n in range(5):
        make_signup(email=f"dk{n}@donga.example")
        make_signup(tax_code=UNREGISTERED, email=f"moi{n}@moi.example")
    with django_assert_num_queries(len(one.captured_queries)):
        client.get("/portal-signups/")


# --- API ---------------------------------------------------------------------------------------------------------


def test_api_lists_sign_ups_in_scope(world, api_for):
    make_signup()
    make_signup(tax_code=UNREGISTERED, email="cuong@moi.example", full_name="Lê Văn Cường")
    r5 = api_for("r5_officer").get("/api/v1/portal-signups/").json()
    assert [row["full_name"] for row in r5["results"]] == ["Trần Thị Bình"]
    assert r5["results"][0]["registered_name"] == "Công ty TNHH Điện tử Đông Á"
    hq = api_for("hq_admin").get("/api/v1/portal-signups/", {"status": "pending"}).json()
    assert hq["count"] == 2
    assert api_for("r6_officer").get("/api/v1/portal-signups/").json()["count"] == 0


def test_api_approve_then_repeat_is_400(world, api_for):
    signup = make_signup()
    client = api_for("r5_officer")
    approved = client.post(f"/api/v1/portal-signups/{signup.pk}/approve/", {"note": "OK"})
    assert approved.status_code == 200
    assert (approved.json()["status"], approved.json()["enterprise"]) == ("approved", world.ent_a.pk)
    again = client.post(f"/api/v1/portal-signups/{signup.pk}/approve/", {})
    assert again.status_code == 400
    assert "already decided" in again.json()["detail"]
    assert PortalMembership.objects.filter(user_id=signup.user_id).count() == 1


def test_api_reject_needs_a_reason(world, api_for):
    signup = make_signup()
    client = api_for("r5_manager")
    blank = client.post(f"/api/v1/portal-signups/{signup.pk}/reject/", {"reason": ""})
    assert blank.status_code == 400
    assert list(blank.json()) == ["reason"]
    done = client.post(f"/api/v1/portal-signups/{signup.pk}/reject/", {"reason": "Sai người"})
    assert (done.status_code, done.json()["status"], done.json()["review_note"]) == (200, "rejected", "Sai người")


def test_api_outsider_cannot_approve_and_nothing_changes(world, api_for):
    signup = make_signup()
    assert api_for("r6_officer").post(f"/api/v1/portal-signups/{signup.pk}/approve/", {}).status_code == 404
    assert api_for("portal_a").post(f"/api/v1/portal-signups/{signup.pk}/approve/", {}).status_code == 403
    assert api_for("anonymous").post(f"/api/v1/portal-signups/{signup.pk}/approve/", {}).status_code == 401
    assert PortalSignup.objects.get(pk=signup.pk).status == SignupStatus.PENDING
    assert not PortalMembership.objects.filter(user_id=signup.user_id).exists()


def test_api_invites_a_portal_user_and_refuses_a_taken_email(world, api_for):
    client = api_for("r5_officer")
    created = client.post(
        "/api/v1/portal-users/",
        {"enterprise": world.ent_a.pk, "full_name": "Vũ Thị Giang", "email": "Giang@DongA.example", "language": "en"},
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["username"], body["enterprise"], body["has_password"], body["is_active"], body["language"]) == (
        "giang@donga.example",
        world.ent_a.pk,
        False,
        True,
        "en",
    )
    assert len(notifications(NotificationKind.PORTAL_INVITATION)) == 1
    taken = client.post(
        "/api/v1/portal-users/", {"enterprise": world.ent_a.pk, "full_name": "Khác", "email": "giang@donga.example"}
    )
    assert taken.status_code == 400
    assert list(taken.json()) == ["email"]


def test_api_invite_for_an_enterprise_outside_the_scope_reads_as_a_missing_one(world, api_for):
    response = api_for("r6_officer").post(
        "/api/v1/portal-users/", {"enterprise": world.ent_a.pk, "full_name": "Vũ Thị Giang", "email": "g@a.example"}
    )
    assert response.status_code == 400
    assert list(response.json()) == ["enterprise"]
    assert not User.objects.filter(email="g@a.example").exists()


def test_api_lists_portal_users_in_scope_and_deactivates_one(world, api_for):
    office = api_for("r5_office_officer").get("/api/v1/portal-users/").json()
    assert [row["username"] for row in office["results"]] == ["ent_b"]
    r5 = api_for("r5_officer").get("/api/v1/portal-users/", {"enterprise": world.ent_a.pk}).json()
    assert [row["username"] for row in r5["results"]] == ["ent_a"]
    assert api_for("r6_officer").post(f"/api/v1/portal-users/{world.portal_a.pk}/deactivate/").status_code == 404
    assert User.objects.get(pk=world.portal_a.pk).is_active is True
    done = api_for("r5_officer").post(f"/api/v1/portal-users/{world.portal_a.pk}/deactivate/")
    assert (done.status_code, done.json()["is_active"]) == (200, False)
    again = api_for("r5_officer").post(f"/api/v1/portal-users/{world.portal_a.pk}/deactivate/")
    assert again.status_code == 400


def test_api_portal_user_list_runs_a_constant_number_of_queries(world, api_for, django_assert_num_queries):
    client = api_for("hq_admin")
    client.get("/api/v1/portal-users/")
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/portal-users/")
    for n in range(5):
        contact = factories.make_contact(enterprise=world.ent_a, full_name=f"Người {n}")
        services.invite_portal_user(by=None, enterprise=world.ent_a, contact=contact, email=f"nguoi{n}@donga.example")
    with django_assert_num_queries(len(one.captured_queries)):
        client.get("/api/v1/portal-users/")


# --- Error pages -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("failure_view", ["crm.views.portal_accounts.csrf_failure", "django.views.csrf.csrf_failure"])
def test_a_csrf_failure_shows_a_friendly_page(world, settings, failure_view):
    settings.CSRF_FAILURE_VIEW = failure_view
    response = Client(enforce_csrf_checks=True).post("/portal/signup/", signup_data())
    assert response.status_code == 403
    html = response.content.decode()
    assert "The form has expired" in html
    assert "reload the page" in html
    assert PortalSignup.objects.count() == 0
