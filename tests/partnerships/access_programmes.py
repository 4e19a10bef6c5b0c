"""Access rows: programmes, enrolments and targets (joined into tests/crm/test_access_table.py through access_rows.py).

Programmes are shared by every unit: any staff member reads them, managers edit them. The enrolments here are
ent_a's (Region V) in an AEO programme ({prog_programme}), one per lifecycle step; Region V staff and headquarters
see them, the Yen Phong office (under Region V) and Region VI get 404. Accepting and removing are for managers
(officers get 403 whatever the enrolment). Targets: a Region V target ({prog_target_r5}); managers set and edit.
Portal users get 403 everywhere; anonymous users the login page or 401.

Also holds the helpers the programme and target tests share (building a signed MoU through the services).
"""

from datetime import date

from django.utils import timezone

from crm.models import Branch, Enterprise
from partnerships.models import AgreementKind, Enrolment, Metric, Programme, ProgrammeKind
from partnerships.services import agreements as agreement_services
from partnerships.services import programmes as services
from partnerships.services import targets as target_services
from tests.access import (
    API_MANAGER_CREATE,
    API_MANAGER_WRITE,
    API_STAFF_READ,
    ENT_A_PAGE,
    LOGIN,
    MANAGER_PAGE,
    OFFICERS,
    STAFF_PAGE,
    Row,
    To,
    builder,
    expect,
)

TARGET_YEAR = 2025

# --- Helpers shared by the programme and target tests --------------------------------------------------------------


def make_programme(*, kind=ProgrammeKind.AEO, code="aeo", name_vi="Chương trình doanh nghiệp ưu tiên") -> Programme:
    return services.save_programme(by=None, code=code, kind=kind, name_vi=name_vi)


def signed_mou(*, branch: Branch, enterprise: Enterprise, signed_on: date, doc_number: str = "01/BBGN-KV05"):
    """A voluntary-compliance MoU with `enterprise` as its party, taken through the lifecycle up to signature."""
    agreement = agreement_services.create_agreement(
        by=None,
        branch=branch,
        title=f"Biên bản ghi nhớ tuân thủ tự nguyện với {enterprise.name_vi}",
        kind=AgreementKind.VC_MOU,
        doc_number=doc_number,
        customs_signatory_name="Nguyễn Thị Thu Hà",
        parties=[{"enterprise": enterprise, "signatory_name": "Park Ji-hoon"}],
    )
    agreement_services.submit_for_review(agreement=agreement, by=None)
    agreement_services.start_negotiation(agreement=agreement, by=None)
    agreement_services.approve_agreement(agreement=agreement, by=None)
    return agreement_services.sign_agreement(agreement=agreement, by=None, signed_on=signed_on)


def enrol_through(programme, enterprise, step: str, *, on: date | None = None) -> Enrolment:
    """An enrolment taken up to `step` (invited, applied, accepted or active) by the services."""
    enrolment = services.enrol_enterprise(by=None, programme=programme, enterprise=enterprise, invited_on=on)
    if step in ("applied", "accepted", "active"):
        enrolment = services.mark_applied(enrolment=enrolment, by=None, on=on)
    if step in ("accepted", "active"):
        enrolment = services.accept_enrolment(enrolment=enrolment, by=None, on=on)
    if step == "active":
        enrolment = services.activate_enrolment(enrolment=enrolment, by=None, on=on)
    return enrolment


# --- Objects behind the placeholders ------------------------------------------------------------------------------


@builder("prog_programme")
def prog_programme(refs) -> int:
    return make_programme().pk


def _enrolment(refs, step: str) -> int:
    programme = Programme.objects.get(pk=refs["prog_programme"])
    return enrol_through(programme, refs.world.ent_a, step, on=timezone.localdate()).pk


@builder("prog_enrolment_r5")
def prog_enrolment_r5(refs) -> int:
    return _enrolment(refs, "invited")


@builder("prog_enrolment_applied")
def prog_enrolment_applied(refs) -> int:
    return _enrolment(refs, "applied")


@builder("prog_enrolment_accepted")
def prog_enrolment_accepted(refs) -> int:
    return _enrolment(refs, "accepted")


@builder("prog_enrolment_active")
def prog_enrolment_active(refs) -> int:
    return _enrolment(refs, "active")


@builder("prog_target_r5")
def prog_target_r5(refs) -> int:
    return target_services.save_target(
        by=None, branch=refs.world.region5, year=TARGET_YEAR, metric=Metric.AGREEMENTS_SIGNED, assigned=4
    ).pk


# --- Expectations ------------------------------------------------------------------------------------------------

API_R5 = expect(anon=401, staff=200, portal=403, r5_office_officer=404, r6_officer=404)
API_R5_MANAGER = expect(anon=401, staff=403, portal=403, hq_admin=200, r5_manager=200)
# Naming ent_a in a body: outside the office's and Region VI's scope it is a field error, not a 404.
API_R5_CREATE = expect(anon=401, staff=201, portal=403, r5_office_officer=400, r6_officer=400)
R5_MOVED = expect(anon=LOGIN, staff=To("/partnerships/enrolments/"), portal=403, r5_office_officer=404, r6_officer=404)
MANAGER_MOVED = expect(
    anon=LOGIN,
    staff=403,
    portal=403,
    hq_admin=To("/partnerships/enrolments/"),
    r5_manager=To("/partnerships/enrolments/"),
)
MANAGER_ONLY_PAGE = expect(anon=LOGIN, staff=403, portal=403, hq_admin=200, r5_manager=200)
R5_TARGET_PAGE = expect(anon=LOGIN, staff=200, portal=403, r5_office_officer=404, r6_officer=404)

REASON = {"reason": "Doanh nghiệp ngừng hoạt động xuất nhập khẩu."}


def _today(refs) -> dict:
    return {"reviewed_on": timezone.localdate().isoformat(), "level": 2, "notes": "Đã khắc phục sai sót khai báo."}


def _target_body(refs) -> dict:
    return {"branch": refs["region5"], "year": TARGET_YEAR, "metric": Metric.PLEDGES_COLLECTED, "assigned": "10"}


PROGRAMME_ROWS: list[Row] = [
    # --- API: programmes ----------------------------------------------------------------------------------------
    Row("programme-list", "GET", "/api/v1/programmes/", API_STAFF_READ),
    Row(
        "programme-list",
        "POST",
        "/api/v1/programmes/",
        API_MANAGER_CREATE,
        data={"code": "vc-2026", "kind": ProgrammeKind.VOLUNTARY_COMPLIANCE, "name_vi": "Tuân thủ tự nguyện 2026"},
    ),
    Row("programme-detail", "GET", "/api/v1/programmes/{prog_programme}/", API_STAFF_READ),
    Row(
        "programme-detail",
        "PATCH",
        "/api/v1/programmes/{prog_programme}/",
        API_MANAGER_WRITE,
        data={"legal_basis": "Thông tư 72/2015/TT-BTC"},
    ),
    # --- API: enrolments ----------------------------------------------------------------------------------------
    Row("enrolment-list", "GET", "/api/v1/enrolments/", API_STAFF_READ),
    Row(
        "enrolment-list",
        "POST",
        "/api/v1/enrolments/",
        API_R5_CREATE,
        data=lambda r: {"programme": r["prog_programme"], "enterprise": r["ent_a"], "cohort": "2026"},
    ),
    Row("enrolment-detail", "GET", "/api/v1/enrolments/{prog_enrolment_r5}/", API_R5),
    Row("enrolment-detail", "PATCH", "/api/v1/enrolments/{prog_enrolment_r5}/", API_R5, data={"cohort": "2026"}),
    Row("enrolment-apply", "POST", "/api/v1/enrolments/{prog_enrolment_r5}/apply/", API_R5, data={}),
    Row("enrolment-accept", "POST", "/api/v1/enrolments/{prog_enrolment_applied}/accept/", API_R5_MANAGER, data={}),
    Row("enrolment-activate", "POST", "/api/v1/enrolments/{prog_enrolment_accepted}/activate/", API_R5, data={}),
    Row("enrolment-exit", "POST", "/api/v1/enrolments/{prog_enrolment_r5}/exit/", API_R5, data=REASON),
    Row("enrolment-remove", "POST", "/api/v1/enrolments/{prog_enrolment_r5}/remove/", API_R5_MANAGER, data=REASON),
    Row("enrolment-reviews", "GET", "/api/v1/enrolments/{prog_enrolment_active}/reviews/", API_R5),
    Row(
        "enrolment-reviews",
        "POST",
        "/api/v1/enrolments/{prog_enrolment_active}/reviews/",
        expect(anon=401, staff=201, portal=403, r5_office_officer=404, r6_officer=404),
        data=_today,
    ),
    # --- API: targets -------------------------------------------------------------------------------------------
    Row("target-list", "GET", "/api/v1/targets/", API_STAFF_READ),
    Row("target-list", "POST", "/api/v1/targets/", API_MANAGER_CREATE, data=_target_body),
    Row("target-detail", "GET", "/api/v1/targets/{prog_target_r5}/", API_R5),
    Row(
        "target-detail",
        "PATCH",
        "/api/v1/targets/{prog_target_r5}/",
        API_R5_MANAGER,
        data={"assigned": "5", "striving": "6"},
    ),
    Row("target-progress", "GET", "/api/v1/targets/progress/", API_STAFF_READ, label="(home unit)"),
    Row(
        "target-progress",
        "GET",
        "/api/v1/targets/progress/",
        API_R5,
        data=lambda r: {"branch": r["region5"], "year": TARGET_YEAR},
        label="(Region V)",
    ),
    # --- HTML: programmes ---------------------------------------------------------------------------------------
    Row("programme-list", "GET", "/partnerships/programmes/", STAFF_PAGE),
    Row("programme-create", "GET", "/partnerships/programmes/new/", MANAGER_PAGE),
    Row(
        "programme-create",
        "POST",
        "/partnerships/programmes/new/",
        expect(anon=LOGIN, staff=To("/partnerships/programmes/"), portal=403, **dict.fromkeys(OFFICERS, 403)),
        data={"code": "vc-2026", "kind": ProgrammeKind.VOLUNTARY_COMPLIANCE, "name_vi": "Tuân thủ tự nguyện 2026"},
    ),
    Row("programme-detail", "GET", "/partnerships/programmes/{prog_programme}/", STAFF_PAGE),
    Row("programme-edit", "GET", "/partnerships/programmes/{prog_programme}/edit/", MANAGER_PAGE),
    Row("programme-export", "GET", "/partnerships/programmes/{prog_programme}/export/", STAFF_PAGE),
    # --- HTML: enrolments ---------------------------------------------------------------------------------------
    Row("enrolment-create", "GET", "/partnerships/programmes/{prog_programme}/enrol/", STAFF_PAGE),
    Row(
        "enrolment-create",
        "POST",
        "/partnerships/programmes/{prog_programme}/enrol/",
        # Outside the scope the tax code matches nothing the user may see: the form says so (200), no enrolment.
        expect(anon=LOGIN, staff=To("/partnerships/enrolments/"), portal=403, r5_office_officer=200, r6_officer=200),
        data={"enterprise": "2352601817", "cohort": "2026"},
    ),
    Row("enrolment-detail", "GET", "/partnerships/enrolments/{prog_enrolment_r5}/", ENT_A_PAGE),
    Row("enrolment-edit", "GET", "/partnerships/enrolments/{prog_enrolment_r5}/edit/", ENT_A_PAGE),
    Row("enrolment-move", "GET", "/partnerships/enrolments/{prog_enrolment_r5}/apply/", ENT_A_PAGE),
    Row("enrolment-move", "POST", "/partnerships/enrolments/{prog_enrolment_r5}/apply/", R5_MOVED, data={}),
    Row("enrolment-move", "GET", "/partnerships/enrolments/{prog_enrolment_applied}/accept/", MANAGER_ONLY_PAGE),
    Row("enrolment-move", "POST", "/partnerships/enrolments/{prog_enrolment_applied}/accept/", MANAGER_MOVED, data={}),
    Row("enrolment-move", "POST", "/partnerships/enrolments/{prog_enrolment_r5}/exit/", R5_MOVED, data=REASON),
    Row("enrolment-move", "POST", "/partnerships/enrolments/{prog_enrolment_r5}/remove/", MANAGER_MOVED, data=REASON),
    Row("enrolment-review", "GET", "/partnerships/enrolments/{prog_enrolment_active}/review/", ENT_A_PAGE),
    Row("enrolment-review", "POST", "/partnerships/enrolments/{prog_enrolment_active}/review/", R5_MOVED, data=_today),
    # --- HTML: targets ------------------------------------------------------------------------------------------
    Row("target-list", "GET", "/partnerships/targets/", STAFF_PAGE),
    Row(
        "target-list",
        "GET",
        "/partnerships/targets/",
        R5_TARGET_PAGE,
        data=lambda r: {"branch": r["region5"], "year": TARGET_YEAR},
        label="(Region V)",
    ),
    Row("target-create", "GET", "/partnerships/targets/new/", MANAGER_PAGE),
    Row(
        "target-create",
        "POST",
        "/partnerships/targets/new/",
        expect(anon=LOGIN, staff=To("/partnerships/targets/"), portal=403, **dict.fromkeys(OFFICERS, 403)),
        data=lambda r: {**_target_body(r), "assigned": "10", "striving": "12"},
    ),
    Row("target-edit", "GET", "/partnerships/targets/{prog_target_r5}/edit/", MANAGER_ONLY_PAGE),
    Row("target-export", "GET", "/partnerships/targets/export/", STAFF_PAGE),
]
