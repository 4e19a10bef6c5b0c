"""Personas and clients shared by every test: the people who use the product, by role and branch."""

from dataclasses import dataclass

import pytest
from django.test import Client
from rest_framework.test import APIClient

from crm.models import Branch, BranchKind, Enterprise, Role, User
from tests import factories


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded scans and documents go to a per-test directory, never into the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _plain_http(settings):
    """Tests talk plain HTTP to the test client and the live server; production keeps HTTPS-only settings."""
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0
    # No hashed manifest in tests (nothing ran collectstatic); whitenoise serves from the finders instead.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    # A fast hasher: the personas are created for every test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    """A small customs world: the Department, Regions V and VI, an office under V, and enterprises in each."""

    department: Branch
    region5: Branch
    region5_office: Branch
    region6: Branch
    ent_a: Enterprise  # Region V, portal user ent_a
    ent_b: Enterprise  # Region V office, portal user ent_b
    ent_r6: Enterprise  # Region VI
    hq_admin: User
    r5_manager: User
    r5_officer: User
    r5_office_officer: User
    r6_officer: User
    portal_a: User
    portal_b: User


@pytest.fixture
def world(db) -> World:
    department = factories.make_branch(
        kind=BranchKind.DEPARTMENT, code="CHQ", name_vi="Cục Hải quan", name_en="Customs Department"
    )
    region5 = factories.make_branch(
        parent=department,
        code="KV05",
        roman_numeral="V",
        name_vi="Chi cục Hải quan khu vực V",
        name_en="Regional Customs Branch V",
    )
    region5_office = factories.make_branch(
        kind=BranchKind.OFFICE,
        parent=region5,
        code="KV05-YP",
        name_vi="Hải quan Yên Phong",
        name_en="Yen Phong Customs Office",
    )
    region6 = factories.make_branch(
        parent=department,
        code="KV06",
        roman_numeral="VI",
        name_vi="Chi cục Hải quan khu vực VI",
        name_en="Regional Customs Branch VI",
    )
    ent_a = factories.make_enterprise(
        managing_branch=region5,
        name_vi="Công ty TNHH Điện tử Đông Á",
        name_foreign="Dong A Electronics Co., Ltd",
        tax_code="2352601817",
    )
    ent_b = factories.make_enterprise(
        managing_branch=region5_office, name_vi="Công ty TNHH Quang học Yên Phong", tax_code="2359083018"
    )
    ent_r6 = factories.make_enterprise(
        managing_branch=region6, name_vi="Công ty CP Nông sản Lạng Sơn", tax_code="4982199351"
    )
    return World(
        department=department,
        region5=region5,
        region5_office=region5_office,
        region6=region6,
        ent_a=ent_a,
        ent_b=ent_b,
        ent_r6=ent_r6,
        hq_admin=factories.make_staff(username="hq_admin", branch=department, role=Role.HQ_ADMIN),
        r5_manager=factories.make_staff(username="r5_manager", branch=region5, role=Role.MANAGER),
        r5_officer=factories.make_staff(username="r5_officer", branch=region5, role=Role.OFFICER),
        r5_office_officer=factories.make_staff(username="r5_office_officer", branch=region5_office),
        r6_officer=factories.make_staff(username="r6_officer", branch=region6, role=Role.OFFICER),
        portal_a=factories.make_portal_user(username="ent_a", enterprise=ent_a),
        portal_b=factories.make_portal_user(username="ent_b", enterprise=ent_b),
    )


PERSONAS = (
    "anonymous",
    "hq_admin",
    "r5_manager",
    "r5_officer",
    "r5_office_officer",
    "r6_officer",
    "portal_a",
    "portal_b",
)


def persona_user(world: World, persona: str) -> User | None:
    return None if persona == "anonymous" else getattr(world, persona)


@pytest.fixture
def client_for(world):
    """client_for("r5_officer") → a logged-in django.test.Client for that persona (anonymous: logged out)."""

    def make(persona: str) -> Client:
        client = Client()
        user = persona_user(world, persona)
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def api_for(world):
    """api_for("r5_officer") → an APIClient authenticated as that persona."""

    def make(persona: str) -> APIClient:
        client = APIClient()
        user = persona_user(world, persona)
        if user is not None:
            client.force_authenticate(user)
        return client

    return make
