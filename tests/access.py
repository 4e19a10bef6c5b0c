"""The machinery of the access table (tests/crm/test_access_table.py): rows, expectations and object references.

Each app keeps its rows next to its tests (e.g. tests/partnerships/access_rows.py) and the one table test runs them
all; see the table module's docstring for how a row reads.
"""

import string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from crm.models import Province
from crm.services import branches as branch_services
from crm.services import enterprises as enterprise_services
from tests import factories
from tests.conftest import PERSONAS

STAFF = ("hq_admin", "r5_manager", "r5_officer", "r5_office_officer", "r6_officer")
PORTAL = ("portal_a", "portal_b")
OFFICERS = ("r5_officer", "r5_office_officer", "r6_officer")


@dataclass(frozen=True)
class To:
    """A 302 redirect whose Location starts with `path`."""

    path: str


LOGIN = To("/accounts/login/")


def expect(*, anon, staff=None, portal=None, **each) -> dict:
    """Expected result per persona: a default for the staff and portal groups, overridden persona by persona."""
    unknown = set(each) - set(PERSONAS)
    if unknown:
        raise ValueError(f"unknown personas {sorted(unknown)}")
    result = {"anonymous": anon}
    result.update(dict.fromkeys(STAFF, staff))
    result.update(dict.fromkeys(PORTAL, portal))
    result.update(each)
    missing = [persona for persona, value in result.items() if value is None]
    if missing:
        raise ValueError(f"no expectation for {missing}")
    return result


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    path: str
    expect: dict
    data: dict | Callable | None = None
    before: Callable | None = None
    multipart: bool = False
    label: str = ""

    @property
    def api(self) -> bool:
        return self.path.startswith("/api/")

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}{' ' + self.label if self.label else ''}"

    def sample_path(self) -> str:
        """The path with every placeholder set to 1: enough to resolve it without a database."""
        keys = [key for _, key, _, _ in string.Formatter().parse(self.path) if key]
        return self.path.format(**dict.fromkeys(keys, 1))


# Objects other apps' rows need, built on first use: name → function(refs) returning a primary key.
BUILDERS: dict[str, Callable[["Refs"], int]] = {}


def builder(name: str):
    """Register how to build the object behind a `{name}` placeholder (used by the apps' access rows)."""

    def decorator(function):
        BUILDERS[name] = function
        return function

    return decorator


class Refs:
    """Primary keys for the placeholders of a row's path and body, building the extra objects on first use."""

    def __init__(self, world):
        self.world = world
        self._cache: dict[str, int] = {}

    def __getitem__(self, key: str) -> int:
        if key not in self._cache:
            self._cache[key] = self._build(key)
        return self._cache[key]

    def _build(self, key: str) -> int:
        world = self.world
        match key:
            case "province":
                return factories.ProvinceFactory(code="27", name_vi="Bắc Ninh").pk
            case "contact_a":
                return factories.make_contact(enterprise=world.ent_a, full_name="Nguyễn Văn An").pk
            case "unit_a":
                return enterprise_services.add_unit(
                    enterprise=world.ent_a, by=None, tax_code="2352601817-001", name="Chi nhánh Bắc Ninh"
                ).pk
            case "coverage_r5":
                province = Province.objects.get(pk=self["province"])
                coverage = branch_services.add_coverage(
                    by=None, branch=world.region5, province=province, valid_from=date(2025, 7, 1)
                )
                return coverage.pk
            case "segment":
                return factories.SegmentFactory(code="processing", name_vi="Gia công, SXXK").pk
            case "association":
                return factories.AssociationFactory(name_vi="Hiệp hội Doanh nghiệp Hàn Quốc").pk
            case _ if key in BUILDERS:
                return BUILDERS[key](self)
            case _:
                return getattr(world, key).pk

    def url(self, template: str) -> str:
        return template.format_map(self)


# Expectations shared by many rows.
STAFF_PAGE = expect(anon=LOGIN, staff=200, portal=403)
MANAGER_PAGE = expect(anon=LOGIN, staff=200, portal=403, **dict.fromkeys(OFFICERS, 403))
ORG_PAGE = MANAGER_PAGE  # hq_admin and managers read the organisation pages
HQ_PAGE = expect(anon=LOGIN, staff=403, portal=403, hq_admin=200)
# An enterprise page of ent_a (Region V): Region V staff and HQ in scope; the office and Region VI → 404.
ENT_A_PAGE = expect(anon=LOGIN, staff=200, portal=403, r5_office_officer=404, r6_officer=404)

API_STAFF_READ = expect(anon=401, staff=200, portal=403)
API_ANY_READ = expect(anon=401, staff=200, portal=200)
API_HQ_CREATE = expect(anon=401, staff=403, portal=403, hq_admin=201)
API_HQ_WRITE = expect(anon=401, staff=403, portal=403, hq_admin=200)
API_MANAGER_CREATE = expect(anon=401, staff=201, portal=403, **dict.fromkeys(OFFICERS, 403))
API_MANAGER_WRITE = expect(anon=401, staff=200, portal=403, **dict.fromkeys(OFFICERS, 403))
API_MANAGER_READ = expect(anon=401, staff=200, portal=403, **dict.fromkeys(OFFICERS, 403))
