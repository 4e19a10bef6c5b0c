"""Access rows: portal accounts (invitations, self-registration and its verification, the set-password link),
joined into tests/crm/test_access_table.py."""

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from crm.models import User
from crm.services import portal_accounts as services
from tests.access import API_STAFF_READ, ENT_A_PAGE, LOGIN, STAFF_PAGE, Row, To, builder, expect

PASSWORD = "Sông-Hồng-1884"
UNREGISTERED_TAX_CODE = "0100233488"  # checksum-valid, not registered in the test world


@builder("pacc_signup_a")
def _signup_a(refs) -> int:
    return services.register_signup(
        tax_code=refs.world.ent_a.tax_code,
        enterprise_name="Điện tử Đông Á",
        full_name="Trần Thị Bình",
        email="binh@donga.example",
        password=PASSWORD,
    ).pk


@builder("pacc_signup_unmatched")
def _signup_unmatched(refs) -> int:
    return services.register_signup(
        tax_code=UNREGISTERED_TAX_CODE,
        enterprise_name="Công ty Chưa Đăng Ký",
        full_name="Lê Văn Cường",
        email="cuong@chuadangky.example",
        password=PASSWORD,
    ).pk


@builder("pacc_invited")
def _invited(refs) -> int:
    return services.invite_portal_user(
        by=None, enterprise=refs.world.ent_a, full_name="Phạm Thu Dung", email="dung@donga.example"
    ).pk


@builder("pacc_uid")
def _uid(refs):
    return urlsafe_base64_encode(force_bytes(refs["pacc_invited"]))


@builder("pacc_token")
def _token(refs):
    return default_token_generator.make_token(User.objects.get(pk=refs["pacc_invited"]))


def _signup_body(refs) -> dict:
    return {
        "tax_code": "2352601817",
        "enterprise_name": "Điện tử Đông Á",
        "full_name": "Hoàng Văn Em",
        "position": "Kế toán trưởng",
        "email": "em@donga.example",
        "phone": "0912 345 678",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }


# Rows about ent_a (Region V): Region V staff and headquarters in scope; the office under V and Region VI → 404.
R5_POST = expect(anon=LOGIN, staff=302, portal=403, r5_office_officer=404, r6_officer=404)
R5_API_READ = expect(anon=401, staff=200, portal=403, r5_office_officer=404, r6_officer=404)
HQ_ONLY_PAGE = expect(anon=LOGIN, staff=404, portal=403, hq_admin=200)
SIGNED_IN_GO_HOME = {"staff": To("/"), "portal": To("/")}

ROWS: list[Row] = [
    # --- Invitation link (Django's set-password view) -------------------------------------------------------------
    Row(
        "password_reset_confirm",
        "GET",
        "/accounts/reset/{pacc_uid}/{pacc_token}/",
        expect(anon=To("/accounts/reset/"), staff=To("/accounts/reset/"), portal=To("/accounts/reset/")),
    ),
    Row(
        "password_reset_confirm",
        "GET",
        "/accounts/reset/{pacc_uid}/wrong-token/",
        expect(anon=200, staff=200, portal=200),
        label="(bad token)",
    ),
    Row("password_reset_complete", "GET", "/accounts/reset/done/", expect(anon=200, staff=200, portal=200)),
    # --- Staff: an enterprise's portal users ----------------------------------------------------------------------
    Row("enterprise-portal-users", "GET", "/enterprises/{ent_a}/portal-users/", ENT_A_PAGE),
    Row(
        "enterprise-portal-users",
        "POST",
        "/enterprises/{ent_a}/portal-users/",
        R5_POST,
        data={"full_name": "Vũ Thị Giang", "email": "giang@donga.example", "language": "vi"},
    ),
    Row("portal-user-deactivate", "POST", "/portal-users/{portal_a}/deactivate/", R5_POST),
    Row("portal-user-resend", "POST", "/portal-users/{pacc_invited}/resend/", R5_POST),
    # --- Self-registration (anonymous) ----------------------------------------------------------------------------
    Row("portal-signup", "GET", "/portal/signup/", expect(anon=200, **SIGNED_IN_GO_HOME)),
    Row(
        "portal-signup",
        "POST",
        "/portal/signup/",
        expect(anon=To("/portal/signup/done/"), **SIGNED_IN_GO_HOME),
        data=_signup_body,
    ),
    Row("portal-signup-done", "GET", "/portal/signup/done/", expect(anon=200, staff=200, portal=200)),
    # --- Staff: the verification queue ----------------------------------------------------------------------------
    Row("portal-signup-list", "GET", "/portal-signups/", STAFF_PAGE),
    Row("portal-signup-detail", "GET", "/portal-signups/{pacc_signup_a}/", ENT_A_PAGE),
    Row(
        "portal-signup-detail",
        "GET",
        "/portal-signups/{pacc_signup_unmatched}/",
        HQ_ONLY_PAGE,
        label="(no registered enterprise)",
    ),
    Row("portal-signup-approve", "POST", "/portal-signups/{pacc_signup_a}/approve/", R5_POST),
    Row(
        "portal-signup-reject",
        "POST",
        "/portal-signups/{pacc_signup_a}/reject/",
        R5_POST,
        data={"reason": "Không xác minh được người đăng ký."},
    ),
    # --- API ------------------------------------------------------------------------------------------------------
    Row("portal-signup-list", "GET", "/api/v1/portal-signups/", API_STAFF_READ),
    Row("portal-signup-detail", "GET", "/api/v1/portal-signups/{pacc_signup_a}/", R5_API_READ),
    Row(
        "portal-signup-detail",
        "GET",
        "/api/v1/portal-signups/{pacc_signup_unmatched}/",
        expect(anon=401, staff=404, portal=403, hq_admin=200),
        label="(no registered enterprise)",
    ),
    Row("portal-signup-approve", "POST", "/api/v1/portal-signups/{pacc_signup_a}/approve/", R5_API_READ, data={}),
    Row(
        "portal-signup-reject",
        "POST",
        "/api/v1/portal-signups/{pacc_signup_a}/reject/",
        R5_API_READ,
        data={"reason": "Không xác minh được người đăng ký."},
    ),
    Row("portal-user-list", "GET", "/api/v1/portal-users/", API_STAFF_READ),
    Row(
        "portal-user-list",
        "POST",
        "/api/v1/portal-users/",
        # An enterprise outside the caller's subtree in the body reads as a missing one: 400.
        expect(anon=401, staff=201, portal=403, r5_office_officer=400, r6_officer=400),
        data=lambda r: {"enterprise": r["ent_a"], "full_name": "Vũ Thị Giang", "email": "giang@donga.example"},
    ),
    Row("portal-user-detail", "GET", "/api/v1/portal-users/{portal_a}/", R5_API_READ),
    Row("portal-user-deactivate", "POST", "/api/v1/portal-users/{portal_a}/deactivate/", R5_API_READ),
]
