"""Who gets what: every route × every persona, as one table, plus the outsider writes that must change nothing.

How the table works
-------------------
`ACCESS_TABLE` is a list of `Row`s. A row names one URL pattern and one HTTP method:

- `name` is the pattern's url_name (the HTML page and the DRF router share names such as "enterprise-list", so the
  name alone is ambiguous; it is there for the reader and checked by the meta-test);
- `path` is the concrete URL with `{placeholders}` for objects of the `world` fixture, e.g.
  "/enterprises/{ent_a}/edit/". `Refs` fills them: world objects by attribute name ("ent_a", "region6",
  "r5_officer" → their pk) plus a few objects built on demand ("contact_a", "unit_a", "coverage_r5", "province",
  "segment", "association"). Paths starting with "/api/" are sent with `api_for(persona)` (DRF's APIClient, JSON
  bodies), every other path with `client_for(persona)` (Django's test client, form bodies);
- `data` is an optional body: a dict, or a callable taking `Refs` and returning one;
- `before` optionally prepares the world (e.g. deactivate ent_a before testing reactivate);
- `expect` maps EVERY persona of tests.conftest.PERSONAS to an int status or `To(path)`: a 302 whose Location
  starts with `path`. Build it with `expect(anon=…, staff=…, portal=…, <persona>=…)`.

One parametrized test runs every (row, persona) cell. A meta-test walks django.urls.get_resolver() and fails when a
named pattern is neither reached by some row (matched by the resolved route string and view name, so shared names
cannot hide a missing row) nor listed in `EXEMPT` with a reason. Each app adds its routes as rows in its own module
(tests/<app>/access_rows.py, machinery in tests/access.py) and they are joined into ACCESS_TABLE below.

The policy encoded here: anonymous users are sent to the login page (HTML) or get 401 (API); portal users get 403 on
staff pages and staff resources and see only their own enterprise; staff see their branch's subtree and get 404 for
anything outside it; roles (officer < manager < headquarters administrator) give 403 on actions above them. The
OpenAPI schema and its docs page are public (drf-spectacular's SERVE_PERMISSIONS default: AllowAny), so anyone gets
200 there.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, resolve

from crm.models import Contact, Enterprise, Role
from crm.services import enterprises as enterprise_services
from tests import factories
from tests.access import (
    API_ANY_READ,
    API_HQ_CREATE,
    API_HQ_WRITE,
    API_MANAGER_CREATE,
    API_MANAGER_READ,
    API_MANAGER_WRITE,
    API_STAFF_READ,
    ENT_A_PAGE,
    HQ_PAGE,
    LOGIN,
    MANAGER_PAGE,
    ORG_PAGE,
    STAFF_PAGE,
    Refs,
    Row,
    To,
    expect,
)
from tests.conftest import PERSONAS
from tests.crm import (
    access_dashboard,
    access_exports,
    access_notifications,
    access_outbox,
    access_portal_accounts,
    access_reminders,
    access_reports,
)
from tests.dialogues.access_rows import DIALOGUE_ROWS
from tests.partnerships.access_rows import PARTNERSHIP_ROWS

pytestmark = pytest.mark.django_db


def _deactivate_ent_a(world) -> None:
    enterprise_services.deactivate_enterprise(enterprise=world.ent_a, by=None)


def _import_upload(refs) -> dict:
    csv = "tax_code,name_vi\n2352601817,Công ty TNHH Điện tử Đông Á\n".encode()
    return {"file": SimpleUploadedFile("enterprises.csv", csv, content_type="text/csv")}


CRM_ROWS: list[Row] = [
    # --- Public and landing pages -------------------------------------------------------------------------------
    Row("healthz", "GET", "/healthz", expect(anon=200, staff=200, portal=200)),
    Row("login", "GET", "/accounts/login/", expect(anon=200, staff=To("/"), portal=To("/"))),
    Row("logout", "POST", "/accounts/logout/", expect(anon=LOGIN, staff=LOGIN, portal=LOGIN)),
    Row(
        "set_language",
        "POST",
        "/i18n/setlang/",
        expect(anon=To("/healthz"), staff=To("/healthz"), portal=To("/healthz")),
        data={"language": "en", "next": "/healthz"},
    ),
    Row("home", "GET", "/", expect(anon=LOGIN, staff=To("/enterprises/"), portal=To("/portal/"))),
    Row("portal-home", "GET", "/portal/", expect(anon=LOGIN, staff=404, portal=200)),
    # --- Enterprises (HTML) -------------------------------------------------------------------------------------
    Row("enterprise-list", "GET", "/enterprises/", STAFF_PAGE),
    Row("enterprise-create", "GET", "/enterprises/new/", STAFF_PAGE),
    Row("enterprise-export", "GET", "/enterprises/export/", STAFF_PAGE),
    Row("enterprise-import", "GET", "/enterprises/import/", MANAGER_PAGE),
    Row("enterprise-detail", "GET", "/enterprises/{ent_a}/", ENT_A_PAGE),
    Row(
        "enterprise-detail",
        "GET",
        "/enterprises/{ent_b}/",
        expect(anon=LOGIN, staff=200, portal=403, r6_officer=404),
    ),
    Row(
        "enterprise-detail",
        "GET",
        "/enterprises/{ent_r6}/",
        expect(anon=LOGIN, staff=404, portal=403, hq_admin=200, r6_officer=200),
    ),
    Row("enterprise-edit", "GET", "/enterprises/{ent_a}/edit/", ENT_A_PAGE),
    Row(
        "enterprise-edit",
        "GET",
        "/enterprises/{ent_r6}/edit/",
        expect(anon=LOGIN, staff=404, portal=403, hq_admin=200, r6_officer=200),
    ),
    Row(
        "enterprise-deactivate",
        "POST",
        "/enterprises/{ent_a}/deactivate/",
        expect(anon=LOGIN, staff=403, portal=403, hq_admin=302, r5_manager=302),
    ),
    Row(
        "enterprise-deactivate",
        "POST",
        "/enterprises/{ent_r6}/deactivate/",
        expect(anon=LOGIN, staff=403, portal=403, hq_admin=302, r5_manager=404),
    ),
    Row(
        "enterprise-reactivate",
        "POST",
        "/enterprises/{ent_a}/reactivate/",
        expect(anon=LOGIN, staff=403, portal=403, hq_admin=302, r5_manager=302),
        before=_deactivate_ent_a,
        label="(deactivated)",
    ),
    Row("contact-create", "GET", "/enterprises/{ent_a}/contacts/new/", ENT_A_PAGE),
    Row("contact-edit", "GET", "/contacts/{contact_a}/edit/", ENT_A_PAGE),
    Row("unit-create", "GET", "/enterprises/{ent_a}/units/new/", ENT_A_PAGE),
    Row("unit-edit", "GET", "/units/{unit_a}/edit/", ENT_A_PAGE),
    # --- Organisation (HTML) ------------------------------------------------------------------------------------
    Row("branch-list", "GET", "/org/branches/", ORG_PAGE),
    Row("branch-create", "GET", "/org/branches/new/", HQ_PAGE),
    Row("branch-detail", "GET", "/org/branches/{region5}/", ORG_PAGE),
    Row(
        "branch-detail",
        "GET",
        "/org/branches/{region6}/",
        expect(anon=LOGIN, staff=403, portal=403, hq_admin=200, r5_manager=404),
    ),
    Row("branch-edit", "GET", "/org/branches/{region5}/edit/", HQ_PAGE),
    Row("coverage-create", "GET", "/org/branches/{region5}/coverage/new/", HQ_PAGE),
    Row(
        "coverage-end",
        "POST",
        "/org/coverage/{coverage_r5}/end/",
        expect(anon=LOGIN, staff=403, portal=403, hq_admin=302),
        data={"valid_to": "2025-12-31"},
    ),
    Row("province-list", "GET", "/org/provinces/", ORG_PAGE),
    Row("province-create", "GET", "/org/provinces/new/", HQ_PAGE),
    Row("province-edit", "GET", "/org/provinces/{province}/edit/", HQ_PAGE),
    Row("staff-list", "GET", "/org/staff/", ORG_PAGE),
    Row("staff-create", "GET", "/org/staff/new/", HQ_PAGE),
    Row("staff-edit", "GET", "/org/staff/{r5_officer}/edit/", HQ_PAGE),
    # --- Reference lists (HTML) ---------------------------------------------------------------------------------
    Row("segment-list", "GET", "/segments/", STAFF_PAGE),
    Row("segment-create", "GET", "/segments/new/", MANAGER_PAGE),
    Row("segment-edit", "GET", "/segments/{segment}/edit/", MANAGER_PAGE),
    Row("association-list", "GET", "/associations/", STAFF_PAGE),
    Row("association-create", "GET", "/associations/new/", MANAGER_PAGE),
    Row("association-edit", "GET", "/associations/{association}/edit/", MANAGER_PAGE),
    # --- API: auth, root, schema --------------------------------------------------------------------------------
    Row(
        "api-token",
        "POST",
        "/api/v1/auth/token/",
        expect(anon=200, staff=200, portal=200),
        data={"username": "r5_officer", "password": factories.PASSWORD},
    ),
    Row("api-root", "GET", "/api/v1/", API_ANY_READ),
    Row("api-schema", "GET", "/api/schema/", expect(anon=200, staff=200, portal=200)),
    Row("api-docs", "GET", "/api/docs/", expect(anon=200, staff=200, portal=200)),
    # --- API: branches and coverage -----------------------------------------------------------------------------
    Row("branch-list", "GET", "/api/v1/branches/", API_STAFF_READ),
    Row(
        "branch-list",
        "POST",
        "/api/v1/branches/",
        API_HQ_CREATE,
        data=lambda r: {"kind": "office", "parent": r["region5"], "code": "KV05-QV", "name_vi": "Hải quan Quế Võ"},
    ),
    Row(
        "branch-detail",
        "GET",
        "/api/v1/branches/{region5}/",
        expect(anon=401, staff=200, portal=403, r5_office_officer=404, r6_officer=404),
    ),
    Row(
        "branch-detail",
        "GET",
        "/api/v1/branches/{region6}/",
        expect(anon=401, staff=404, portal=403, hq_admin=200, r6_officer=200),
    ),
    Row("branch-detail", "PATCH", "/api/v1/branches/{region5}/", API_HQ_WRITE, data={"phone": "0222 3811 111"}),
    Row("branch-coverage-list", "GET", "/api/v1/branch-coverages/", API_STAFF_READ),
    Row(
        "branch-coverage-list",
        "POST",
        "/api/v1/branch-coverages/",
        API_HQ_CREATE,
        data=lambda r: {"branch": r["region5"], "province": r["province"], "valid_from": "2025-07-01"},
    ),
    Row(
        "branch-coverage-detail",
        "GET",
        "/api/v1/branch-coverages/{coverage_r5}/",
        expect(anon=401, staff=200, portal=403, r5_office_officer=404, r6_officer=404),
    ),
    Row(
        "branch-coverage-end",
        "POST",
        "/api/v1/branch-coverages/{coverage_r5}/end/",
        API_HQ_WRITE,
        data={"valid_to": "2025-12-31"},
    ),
    Row("province-list", "GET", "/api/v1/provinces/", API_ANY_READ),
    Row("province-list", "POST", "/api/v1/provinces/", API_HQ_CREATE, data={"code": "99", "name_vi": "Tỉnh Mới"}),
    Row("province-detail", "GET", "/api/v1/provinces/{province}/", API_ANY_READ),
    Row("province-detail", "PATCH", "/api/v1/provinces/{province}/", API_HQ_WRITE, data={"name_en": "Bac Ninh"}),
    # --- API: enterprises ---------------------------------------------------------------------------------------
    Row("enterprise-list", "GET", "/api/v1/enterprises/", API_ANY_READ),
    Row(
        "enterprise-list",
        "POST",
        "/api/v1/enterprises/",
        # Region V is outside the office's and Region VI's subtree: the branch is a field error, not a 403.
        expect(anon=401, staff=201, portal=403, r5_office_officer=400, r6_officer=400),
        data=lambda r: {
            "tax_code": factories.next_tax_code(),
            "name_vi": "Công ty TNHH Cơ khí Tiên Sơn",
            "managing_branch": r["region5"],
        },
    ),
    Row(
        "enterprise-detail",
        "GET",
        "/api/v1/enterprises/{ent_a}/",
        expect(anon=401, staff=200, r5_office_officer=404, r6_officer=404, portal_a=200, portal_b=404),
    ),
    Row(
        "enterprise-detail",
        "GET",
        "/api/v1/enterprises/{ent_b}/",
        expect(anon=401, staff=200, r6_officer=404, portal_a=404, portal_b=200),
    ),
    Row(
        "enterprise-detail",
        "GET",
        "/api/v1/enterprises/{ent_r6}/",
        expect(anon=401, staff=404, portal=404, hq_admin=200, r6_officer=200),
    ),
    Row(
        "enterprise-detail",
        "PATCH",
        "/api/v1/enterprises/{ent_a}/",
        expect(anon=401, staff=200, portal=403, r5_office_officer=404, r6_officer=404),
        data={"phone": "0222 3699 999"},
    ),
    Row(
        "enterprise-deactivate",
        "POST",
        "/api/v1/enterprises/{ent_a}/deactivate/",
        expect(anon=401, staff=403, portal=403, hq_admin=200, r5_manager=200),
    ),
    Row(
        "enterprise-deactivate",
        "POST",
        "/api/v1/enterprises/{ent_r6}/deactivate/",
        expect(anon=401, staff=403, portal=403, hq_admin=200, r5_manager=404),
    ),
    Row(
        "enterprise-reactivate",
        "POST",
        "/api/v1/enterprises/{ent_a}/reactivate/",
        expect(anon=401, staff=403, portal=403, hq_admin=200, r5_manager=200),
        before=_deactivate_ent_a,
        label="(deactivated)",
    ),
    # Portal users may export what they may list: their own enterprise (asserted in a test below).
    Row("enterprise-export", "GET", "/api/v1/enterprises/export/", API_ANY_READ),
    Row(
        "enterprise-import-file",
        "POST",
        "/api/v1/enterprises/import/",
        expect(anon=401, staff=403, portal=403, hq_admin=200, r5_manager=200),
        data=_import_upload,
        multipart=True,
        label="(dry run)",
    ),
    # --- API: contacts ------------------------------------------------------------------------------------------
    Row("contact-list", "GET", "/api/v1/contacts/", API_ANY_READ),
    Row(
        "contact-list",
        "POST",
        "/api/v1/contacts/",
        expect(anon=401, staff=201, portal=403, r5_office_officer=400, r6_officer=400),
        data=lambda r: {"enterprise": r["ent_a"], "full_name": "Trần Thị Bình"},
    ),
    Row(
        "contact-detail",
        "GET",
        "/api/v1/contacts/{contact_a}/",
        expect(anon=401, staff=200, r5_office_officer=404, r6_officer=404, portal_a=200, portal_b=404),
    ),
    Row(
        "contact-detail",
        "PATCH",
        "/api/v1/contacts/{contact_a}/",
        expect(anon=401, staff=200, portal=403, r5_office_officer=404, r6_officer=404),
        data={"position": "Kế toán trưởng"},
    ),
    # --- API: reference lists -----------------------------------------------------------------------------------
    Row("segment-list", "GET", "/api/v1/segments/", API_STAFF_READ),
    Row(
        "segment-list",
        "POST",
        "/api/v1/segments/",
        API_MANAGER_CREATE,
        data={"code": "epe", "name_vi": "Doanh nghiệp chế xuất"},
    ),
    Row("segment-detail", "GET", "/api/v1/segments/{segment}/", API_STAFF_READ),
    Row("segment-detail", "PATCH", "/api/v1/segments/{segment}/", API_MANAGER_WRITE, data={"name_en": "Processing"}),
    Row("association-list", "GET", "/api/v1/associations/", API_STAFF_READ),
    Row(
        "association-list",
        "POST",
        "/api/v1/associations/",
        API_MANAGER_CREATE,
        data={"name_vi": "Hiệp hội Doanh nghiệp Nhật Bản"},
    ),
    Row("association-detail", "GET", "/api/v1/associations/{association}/", API_STAFF_READ),
    Row(
        "association-detail",
        "PATCH",
        "/api/v1/associations/{association}/",
        API_MANAGER_WRITE,
        data={"short_name": "KoCham"},
    ),
    # --- API: staff accounts ------------------------------------------------------------------------------------
    Row("staff-list", "GET", "/api/v1/staff/", API_MANAGER_READ),
    Row(
        "staff-list",
        "POST",
        "/api/v1/staff/",
        API_HQ_CREATE,
        data=lambda r: {
            "username": "new_officer",
            "branch": r["region5"],
            "role": Role.OFFICER,
            "password": "Quang-trung-1789",
        },
    ),
    Row("staff-detail", "GET", "/api/v1/staff/{r5_officer}/", API_MANAGER_READ),
    Row(
        "staff-detail",
        "GET",
        "/api/v1/staff/{r6_officer}/",
        expect(anon=401, staff=403, portal=403, hq_admin=200, r5_manager=404),
    ),
    Row("staff-detail", "PATCH", "/api/v1/staff/{r5_officer}/", API_HQ_WRITE, data={"title": "Kiểm tra viên"}),
]

ACCESS_TABLE: list[Row] = (
    CRM_ROWS
    + access_portal_accounts.ROWS
    + access_outbox.ROWS
    + access_notifications.ROWS
    + access_reports.ROWS
    + access_reminders.ROWS
    + access_dashboard.ROWS
    + access_exports.ROWS
    + PARTNERSHIP_ROWS
    + DIALOGUE_ROWS
)

# Named patterns no row needs to reach, each with the reason.
EXEMPT = {
    "admin:*": "Django's own admin site: guarded by is_staff/is_superuser and Django's permissions, not by crm.access.",
    "format suffix": "DRF's format-suffix twins (e.g. /api/v1/enterprises.json) of router routes that are in the "
    "table: the same view with the same permissions and querysets.",
}


def _is_exempt(route: str, view_name: str) -> bool:
    return view_name.startswith("admin:") or "(?P<format>" in route or "<drf_format_suffix:format>" in route


def _named_patterns(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    """(route, view_name) of every named pattern, with the route joined the way ResolverMatch.route joins it."""
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if prefix:
            route = route.removeprefix("^")
        route = prefix + route
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_patterns(pattern, route, inner)
        elif pattern.name:
            yield route, f"{namespace}{pattern.name}"


def test_every_named_url_pattern_is_in_the_access_table_or_exempt_with_a_reason():
    covered = set()
    for row in ACCESS_TABLE:
        match = resolve(row.sample_path())
        assert match.url_name == row.name, f"{row.id} resolves to {match.view_name!r}, not {row.name!r}"
        covered.add((match.route, match.view_name))
    missing = [
        f"{view_name}: {route}"
        for route, view_name in _named_patterns(get_resolver())
        if (route, view_name) not in covered and not _is_exempt(route, view_name)
    ]
    assert missing == []


def test_every_row_of_the_access_table_states_every_persona():
    for row in ACCESS_TABLE:
        assert set(row.expect) == set(PERSONAS), row.id
    assert len({row.id for row in ACCESS_TABLE}) == len(ACCESS_TABLE), "two rows share an id; give one a label"


CELLS = [pytest.param(row, persona, id=f"{row.id} | {persona}") for row in ACCESS_TABLE for persona in PERSONAS]


@pytest.mark.parametrize(("row", "persona"), CELLS)
def test_access_table_cell(row, persona, world, client_for, api_for):
    if row.before is not None:
        row.before(world)
    refs = Refs(world)
    url = refs.url(row.path)
    data = row.data(refs) if callable(row.data) else row.data
    client = (api_for if row.api else client_for)(persona)
    send = getattr(client, row.method.lower())
    if row.api and data is not None:
        response = send(url, data, format="multipart" if row.multipart else "json")
    elif data is not None:
        response = send(url, data)
    else:
        response = send(url)

    expected = row.expect[persona]
    if isinstance(expected, To):
        assert response.status_code == 302, f"{persona} {row.id}: {response.status_code}"
        assert response["Location"].startswith(expected.path), f"{persona} {row.id}: → {response['Location']}"
    else:
        assert response.status_code == expected, f"{persona} {row.id}: {response.status_code}"


# --- Outsiders: the refusal AND nothing changed ---------------------------------------------------------------------


def test_a_region6_officer_cannot_rename_a_region5_enterprise_through_the_api(world, api_for):
    response = api_for("r6_officer").patch(f"/api/v1/enterprises/{world.ent_a.pk}/", {"name_vi": "Bị đổi tên"})
    assert response.status_code == 404
    assert Enterprise.objects.get(pk=world.ent_a.pk).name_vi == "Công ty TNHH Điện tử Đông Á"


def test_a_region6_officer_cannot_deactivate_a_region5_enterprise(world, api_for):
    response = api_for("r6_officer").post(f"/api/v1/enterprises/{world.ent_a.pk}/deactivate/")
    # An officer lacks the role whatever the pk (so the 403 reveals nothing); the next test covers the 404.
    assert response.status_code == 403
    assert Enterprise.objects.get(pk=world.ent_a.pk).deactivated_at is None


def test_a_region6_manager_cannot_deactivate_a_region5_enterprise_it_cannot_see(world, api_for):
    r6_manager = factories.make_staff(username="r6_manager", branch=world.region6, role=Role.MANAGER)
    client = api_for("anonymous")
    client.force_authenticate(r6_manager)
    response = client.post(f"/api/v1/enterprises/{world.ent_a.pk}/deactivate/")
    assert response.status_code == 404
    assert Enterprise.objects.get(pk=world.ent_a.pk).deactivated_at is None


def test_the_office_officer_cannot_edit_a_contact_of_a_region5_enterprise(world, api_for):
    contact = factories.make_contact(enterprise=world.ent_a, full_name="Nguyễn Văn An", position="Giám đốc")
    response = api_for("r5_office_officer").patch(
        f"/api/v1/contacts/{contact.pk}/", {"full_name": "Đổi tên", "position": "Thay đổi"}
    )
    assert response.status_code == 404
    contact = Contact.objects.get(pk=contact.pk)
    assert (contact.full_name, contact.position) == ("Nguyễn Văn An", "Giám đốc")


def test_filtering_contacts_by_a_foreign_enterprise_answers_exactly_like_a_missing_one(world, api_for):
    factories.make_contact(enterprise=world.ent_a, full_name="Nguyễn Văn An")
    factories.make_contact(enterprise=world.ent_b, full_name="Lê Thị Cúc")
    foreign = api_for("portal_b").get("/api/v1/contacts/", {"enterprise": world.ent_a.pk})
    missing = api_for("portal_b").get("/api/v1/contacts/", {"enterprise": 99_999_999})
    assert foreign.status_code == missing.status_code == 400
    assert list(foreign.json()) == list(missing.json()) == ["enterprise"]
    assert "Nguyễn Văn An" not in foreign.content.decode()


def test_a_portal_user_lists_only_their_own_enterprises_contacts(world, api_for):
    factories.make_contact(enterprise=world.ent_a, full_name="Nguyễn Văn An")
    factories.make_contact(enterprise=world.ent_b, full_name="Lê Thị Cúc")
    response = api_for("portal_b").get("/api/v1/contacts/")
    assert response.status_code == 200
    assert [row["full_name"] for row in response.json()["results"]] == ["Lê Thị Cúc"]


def test_the_region5_export_holds_region5_and_its_office_but_not_region6(world, api_for):
    response = api_for("r5_officer").get("/api/v1/enterprises/export/", {"as": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "2352601817" in body
    assert "2359083018" in body
    assert "4982199351" not in body


def test_a_portal_users_export_holds_only_their_enterprise(world, api_for):
    response = api_for("portal_a").get("/api/v1/enterprises/export/", {"as": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "2352601817" in body
    assert "2359083018" not in body
    assert "4982199351" not in body


ENTERPRISES_SEEN = {
    "hq_admin": ["2352601817", "2359083018", "4982199351"],
    "r5_manager": ["2352601817", "2359083018"],
    "r5_officer": ["2352601817", "2359083018"],
    "r5_office_officer": ["2359083018"],
    "r6_officer": ["4982199351"],
    "portal_a": ["2352601817"],
    "portal_b": ["2359083018"],
}


@pytest.mark.parametrize(("persona", "tax_codes"), ENTERPRISES_SEEN.items())
def test_enterprise_list_count_and_rows_match_the_personas_scope(persona, tax_codes, world, api_for):
    payload = api_for(persona).get("/api/v1/enterprises/").json()
    assert payload["count"] == len(tax_codes)
    assert sorted(row["tax_code"] for row in payload["results"]) == tax_codes


@pytest.mark.parametrize(("persona", "tax_codes"), ENTERPRISES_SEEN.items())
def test_contact_list_count_matches_the_personas_scope(persona, tax_codes, world, api_for):
    for enterprise in (world.ent_a, world.ent_b, world.ent_r6):
        factories.make_contact(enterprise=enterprise, full_name=f"Liên hệ {enterprise.tax_code}")
    payload = api_for(persona).get("/api/v1/contacts/").json()
    assert payload["count"] == len(tax_codes)
    assert sorted(row["full_name"].removeprefix("Liên hệ ") for row in payload["results"]) == tax_codes


def test_the_region5_manager_sees_only_region5_staff_accounts(world, api_for):
    payload = api_for("r5_manager").get("/api/v1/staff/").json()
    assert sorted(row["username"] for row in payload["results"]) == ["r5_manager", "r5_office_officer", "r5_officer"]
    assert payload["count"] == 3


def test_the_region5_officer_sees_region5_and_its_office_in_the_branch_list(world, api_for):
    payload = api_for("r5_officer").get("/api/v1/branches/").json()
    assert [row["code"] for row in payload["results"]] == ["KV05", "KV05-YP"]
    assert payload["count"] == 2


def test_a_region6_officer_posting_the_edit_form_of_a_region5_enterprise_gets_404_and_changes_nothing(
    world, client_for
):
    response = client_for("r6_officer").post(
        f"/enterprises/{world.ent_a.pk}/edit/",
        {"tax_code": "2352601817", "name_vi": "Bị đổi tên", "managing_branch": world.region6.pk},
    )
    assert response.status_code == 404
    enterprise = Enterprise.objects.get(pk=world.ent_a.pk)
    assert (enterprise.name_vi, enterprise.managing_branch_id) == ("Công ty TNHH Điện tử Đông Á", world.region5.pk)


def test_the_office_officer_posting_a_region5_contact_form_gets_404_and_changes_nothing(world, client_for):
    contact = factories.make_contact(enterprise=world.ent_a, full_name="Nguyễn Văn An")
    response = client_for("r5_office_officer").post(f"/contacts/{contact.pk}/edit/", {"full_name": "Đổi tên"})
    assert response.status_code == 404
    assert Contact.objects.get(pk=contact.pk).full_name == "Nguyễn Văn An"


def test_an_officer_cannot_deactivate_through_the_html_form_and_nothing_changes(world, client_for):
    response = client_for("r5_officer").post(f"/enterprises/{world.ent_a.pk}/deactivate/")
    assert response.status_code == 403
    assert Enterprise.objects.get(pk=world.ent_a.pk).deactivated_at is None


def test_the_html_list_of_the_office_officer_shows_only_the_offices_enterprise(world, client_for):
    html = client_for("r5_office_officer").get("/enterprises/").content.decode()
    assert "Công ty TNHH Quang học Yên Phong" in html
    assert "Công ty TNHH Điện tử Đông Á" not in html
    assert "Công ty CP Nông sản Lạng Sơn" not in html


def test_the_html_search_does_not_find_enterprises_outside_the_scope(world, client_for):
    html = client_for("r5_officer").get("/enterprises/", {"q": "nong san lang son"}).content.decode()
    assert "Công ty CP Nông sản Lạng Sơn" not in html
    assert "4982199351" not in html


def test_the_html_export_of_region5_holds_region5_and_its_office_but_not_region6(world, client_for):
    response = client_for("r5_officer").get("/enterprises/export/", {"as": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "2352601817" in body
    assert "2359083018" in body
    assert "4982199351" not in body
