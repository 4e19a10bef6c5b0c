from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from crm.errors import DomainError
from crm.models import ComplianceLevel
from crm.services import enterprises as enterprise_services
from partnerships.models import (
    AgreementKind,
    AgreementStatus,
    Enrolment,
    EnrolmentReview,
    EnrolmentStatus,
    LevelChange,
    Programme,
    ProgrammeKind,
)
from partnerships.services import programmes as services
from tests.partnerships.factories import make_agreement

pytestmark = pytest.mark.django_db

E = EnrolmentStatus
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def aeo(world) -> Programme:
    return services.save_programme(
        by=world.r5_manager,
        code="aeo",
        kind=ProgrammeKind.AEO,
        name_vi="Chương trình doanh nghiệp ưu tiên",
        legal_basis="Thông tư 81/2019/TT-BTC",
    )


@pytest.fixture
def vc(world) -> Programme:
    return services.save_programme(
        by=world.r5_manager,
        code="tuan-thu-tu-nguyen",
        kind=ProgrammeKind.VOLUNTARY_COMPLIANCE,
        name_vi="Chương trình tuân thủ tự nguyện",
    )


def reload(enrolment: Enrolment) -> Enrolment:
    return Enrolment.objects.get(pk=enrolment.pk)


def snapshot(enrolment: Enrolment) -> tuple:
    row = reload(enrolment)
    return (
        row.status,
        row.status_reason,
        row.applied_on,
        row.accepted_on,
        row.activated_on,
        row.ended_on,
        row.updated_at,
    )


def enrol(world, programme, *, enterprise=None, by=None, **fields) -> Enrolment:
    return services.enrol_enterprise(
        by=by or world.r5_officer, programme=programme, enterprise=enterprise or world.ent_a, **fields
    )


ACTIONS = {
    "apply": lambda e, by: services.mark_applied(enrolment=e, by=by),
    "accept": lambda e, by: services.accept_enrolment(enrolment=e, by=by),
    "activate": lambda e, by: services.activate_enrolment(enrolment=e, by=by),
    "exit": lambda e, by: services.exit_enrolment(enrolment=e, by=by, reason="Doanh nghiệp xin rút"),
    "remove": lambda e, by: services.remove_enrolment(enrolment=e, by=by, reason="Vi phạm pháp luật hải quan"),
}
ACTIONS_REASON = {"exit": "Doanh nghiệp xin rút", "remove": "Vi phạm pháp luật hải quan"}
PATH = {E.INVITED: [], E.APPLIED: ["apply"], E.ACCEPTED: ["apply", "accept"], E.ACTIVE: ["apply", "accept", "activate"]}
PATH[E.EXITED] = [*PATH[E.ACTIVE], "exit"]
PATH[E.REMOVED] = ["remove"]


def enrolment_in(world, programme, status) -> Enrolment:
    enrolment = enrol(world, programme)
    for action in PATH[status]:
        ACTIONS[action](enrolment, world.r5_manager)
    return reload(enrolment)


# --- Programmes --------------------------------------------------------------------------------------------------


def test_only_managers_create_or_change_programmes(world, aeo):
    with pytest.raises(PermissionDenied):
        services.save_programme(by=world.r5_officer, programme=aeo, name_vi="Đổi tên")
    with pytest.raises(PermissionDenied):
        services.save_programme(by=world.r5_officer, code="moi", kind=ProgrammeKind.AEO, name_vi="Mới")

    services.save_programme(by=world.hq_admin, programme=aeo, name_en=" AEO programme ")
    aeo.refresh_from_db()
    assert (aeo.name_vi, aeo.name_en) == ("Chương trình doanh nghiệp ưu tiên", "AEO programme")
    assert Programme.objects.count() == 1


# --- Enrolment lifecycle ------------------------------------------------------------------------------------------


def test_an_invitation_starts_from_the_enterprises_unit_and_compliance_level(world, aeo):
    enterprise_services.update_enterprise(enterprise=world.ent_b, by=None, compliance_level=ComplianceLevel.MEDIUM)

    enrolment = enrol(
        world, aeo, enterprise=world.ent_b, cohort=" Đợt 1/2026 ", focal_officers=[world.r5_office_officer]
    )

    enrolment = reload(enrolment)
    assert (enrolment.status, enrolment.branch, enrolment.invited_on, enrolment.cohort) == (
        E.INVITED,
        world.region5_office,
        TODAY,
        "Đợt 1/2026",
    )
    assert (enrolment.baseline_level, enrolment.current_level) == (ComplianceLevel.MEDIUM, ComplianceLevel.MEDIUM)
    assert list(enrolment.focal_officers.all()) == [world.r5_office_officer]


@pytest.mark.parametrize(
    ("persona", "enterprise", "branch", "field", "message"),
    [
        ("r5_officer", "ent_r6", None, "enterprise", "This enterprise is not managed by your units."),
        ("r5_office_officer", "ent_a", None, "enterprise", "This enterprise is not managed by your units."),
        (
            "r5_office_officer",
            "ent_b",
            "region5",
            "branch",
            "You can only enrol enterprises into your own unit or the units under it.",
        ),
    ],
    ids=["enterprise-of-region6", "enterprise-above-the-office", "unit-above-the-office"],
)
def test_an_enrolment_outside_the_users_scope_is_refused(world, aeo, persona, enterprise, branch, field, message):
    with pytest.raises(DomainError) as error:
        services.enrol_enterprise(
            by=getattr(world, persona),
            programme=aeo,
            enterprise=getattr(world, enterprise),
            branch=getattr(world, branch) if branch else None,
        )

    assert (error.value.field, error.value.message) == (field, message)
    assert not Enrolment.objects.exists()


LEGAL = [(name, source) for name, move in services.MOVES.items() for source in move.sources]


@pytest.mark.parametrize(("action", "source"), LEGAL, ids=[f"{a}-from-{s}" for a, s in LEGAL])
def test_an_enrolment_moves_from_each_allowed_status(world, aeo, action, source):
    enrolment = enrolment_in(world, aeo, source)

    ACTIONS[action](enrolment, world.r5_manager)

    enrolment = reload(enrolment)
    assert (enrolment.status, enrolment.updated_by) == (services.MOVES[action].target, world.r5_manager)
    if action in ("exit", "remove"):
        assert (enrolment.ended_on, enrolment.status_reason) == (TODAY, ACTIONS_REASON[action])
    else:
        assert getattr(enrolment, services.DATE_FIELD[action]) == TODAY


@pytest.mark.parametrize("source", list(E))
def test_every_move_an_enrolment_cannot_make_from_its_status_is_refused(world, aeo, source):
    enrolment = enrolment_in(world, aeo, source)
    before = snapshot(enrolment)
    refused = [name for name, move in services.MOVES.items() if source not in move.sources]
    assert refused

    for action in refused:
        with pytest.raises(DomainError) as error:
            ACTIONS[action](enrolment, world.r5_manager)
        assert error.value.message == (
            f"An enrolment that is “{E(source).label}” cannot be {services.ACTION_LABELS[action]}."
        ), action
        assert snapshot(enrolment) == before, action


@pytest.mark.parametrize(("action", "source"), [("accept", E.APPLIED), ("remove", E.ACTIVE), ("remove", E.INVITED)])
def test_an_officer_cannot_accept_or_remove_a_member(world, aeo, action, source):
    enrolment = enrolment_in(world, aeo, source)
    before = snapshot(enrolment)

    with pytest.raises(PermissionDenied):
        ACTIONS[action](enrolment, world.r5_officer)

    assert snapshot(enrolment) == before


def test_allowed_actions_hide_the_manager_only_moves_from_an_officer(world, aeo):
    applied = enrolment_in(world, aeo, E.APPLIED)

    assert services.allowed_actions(applied, world.r5_manager) == ["accept", "exit", "remove"]
    assert services.allowed_actions(applied, world.r5_officer) == ["exit"]
    services.exit_enrolment(enrolment=applied, by=world.r5_officer, reason="Rút")
    assert services.allowed_actions(reload(applied), world.r5_manager) == []


def test_a_move_is_dated_as_given_but_never_in_the_future(world, aeo):
    enrolment = enrol(world, aeo)
    last_week = TODAY - timedelta(days=7)

    services.mark_applied(enrolment=enrolment, by=world.r5_officer, on=last_week)
    with pytest.raises(DomainError) as error:
        services.accept_enrolment(enrolment=enrolment, by=world.r5_manager, on=TODAY + timedelta(days=1))

    assert (error.value.field, error.value.message) == ("on", "The date cannot be in the future.")
    assert (reload(enrolment).status, reload(enrolment).applied_on) == (E.APPLIED, last_week)


@pytest.mark.parametrize("action", ["exit", "remove"])
def test_leaving_a_programme_needs_a_reason(world, aeo, action):
    enrolment = enrolment_in(world, aeo, E.ACTIVE)
    before = snapshot(enrolment)
    service = services.exit_enrolment if action == "exit" else services.remove_enrolment

    with pytest.raises(DomainError) as error:
        service(enrolment=enrolment, by=world.r5_manager, reason="  ")

    assert (error.value.field, error.value.message) == ("reason", "Give the reason.")
    assert snapshot(enrolment) == before


def test_an_ended_enrolment_cannot_be_edited(world, aeo):
    enrolment = enrolment_in(world, aeo, E.EXITED)

    with pytest.raises(DomainError) as error:
        services.update_enrolment(enrolment=enrolment, by=world.r5_officer, cohort="Khác")

    assert error.value.message == "This enrolment has ended; its record can no longer change."
    assert reload(enrolment).cohort == ""


# --- One current enrolment per programme ---------------------------------------------------------------------------


def test_an_enterprise_has_one_current_enrolment_per_programme_and_may_re_enrol_after_leaving(world, aeo, vc):
    first = enrol(world, aeo)
    enrol(world, vc)  # another programme is fine

    with pytest.raises(DomainError) as error:
        enrol(world, aeo)
    assert (error.value.field, error.value.message) == (
        "enterprise",
        "This enterprise is already enrolled in this programme.",
    )

    services.exit_enrolment(enrolment=first, by=world.r5_officer, reason="Rút")
    again = enrol(world, aeo)

    assert sorted(Enrolment.objects.filter(programme=aeo).values_list("pk", "status")) == [
        (first.pk, E.EXITED),
        (again.pk, E.INVITED),
    ]


# --- Voluntary compliance needs the MoU --------------------------------------------------------------------------


def vc_mou(world, status=AgreementStatus.ACTIVE, parties=None):
    return make_agreement(
        branch=world.region5,
        status=status,
        by=world.r5_manager,
        kind=AgreementKind.VC_MOU,
        parties=parties or [world.ent_a],
        title="Biên bản ghi nhớ tuân thủ tự nguyện",
    )


def test_a_voluntary_compliance_member_is_activated_only_with_an_mou_in_force(world, vc):
    enrolment = enrolment_in(world, vc, E.ACCEPTED)

    with pytest.raises(DomainError) as error:
        services.activate_enrolment(enrolment=enrolment, by=world.r5_officer)
    assert (error.value.field, error.value.message) == (
        "mou",
        "Link the member's signed MoU before activating the membership.",
    )

    draft_mou = vc_mou(world, status=AgreementStatus.APPROVED)
    services.update_enrolment(enrolment=enrolment, by=world.r5_officer, mou=draft_mou)
    with pytest.raises(DomainError):
        services.activate_enrolment(enrolment=enrolment, by=world.r5_officer)
    assert reload(enrolment).status == E.ACCEPTED

    services.update_enrolment(enrolment=enrolment, by=world.r5_officer, mou=vc_mou(world))
    services.activate_enrolment(enrolment=enrolment, by=world.r5_officer)
    assert (reload(enrolment).status, reload(enrolment).activated_on) == (E.ACTIVE, TODAY)


@pytest.mark.parametrize("status", [AgreementStatus.EXPIRED, AgreementStatus.TERMINATED, AgreementStatus.RENEWED])
def test_an_mou_that_has_ended_does_not_activate_a_member(world, vc, status):
    enrolment = enrolment_in(world, vc, E.ACCEPTED)
    services.update_enrolment(enrolment=enrolment, by=world.r5_officer, mou=vc_mou(world, status=status))

    with pytest.raises(DomainError) as error:
        services.activate_enrolment(enrolment=enrolment, by=world.r5_officer)

    assert error.value.field == "mou"
    assert reload(enrolment).status == E.ACCEPTED


def test_the_mou_must_be_signed_with_the_enterprise_and_by_a_unit_of_the_users_subtree(world, vc):
    enrolment = enrolment_in(world, vc, E.ACCEPTED)
    with_someone_else = vc_mou(world, parties=[world.ent_b])
    region6_mou = make_agreement(branch=world.region6, status=AgreementStatus.ACTIVE, parties=[world.ent_r6])

    with pytest.raises(DomainError) as error:
        services.update_enrolment(enrolment=enrolment, by=world.r5_officer, mou=with_someone_else)
    assert (error.value.field, error.value.message) == ("mou", "The MoU must be signed with this enterprise.")
    with pytest.raises(DomainError) as error:
        services.update_enrolment(enrolment=enrolment, by=world.r5_officer, mou=region6_mou)
    assert (error.value.field, error.value.message) == ("mou", "This MoU belongs to a unit outside yours.")
    with pytest.raises(DomainError):
        enrol(world, vc, enterprise=world.ent_b, mou=vc_mou(world))

    assert reload(enrolment).mou is None


def test_an_aeo_member_is_activated_without_an_mou(world, aeo):
    enrolment = enrolment_in(world, aeo, E.ACCEPTED)

    services.activate_enrolment(enrolment=enrolment, by=world.r5_officer)

    assert reload(enrolment).status == E.ACTIVE


# --- Annual reviews ----------------------------------------------------------------------------------------------


def test_reviews_compare_each_level_with_the_last_one_a_lower_number_being_better(world, aeo):
    enterprise_services.update_enterprise(enterprise=world.ent_a, by=None, compliance_level=ComplianceLevel.MEDIUM)
    enrolment = enrolment_in(world, aeo, E.ACTIVE)
    day = TODAY

    raised = services.record_enrolment_review(
        enrolment=enrolment, by=world.r5_officer, reviewed_on=day, level=ComplianceLevel.HIGH, notes=" Tốt hơn "
    )
    kept = services.record_enrolment_review(
        enrolment=enrolment, by=world.r5_officer, reviewed_on=day, level=ComplianceLevel.HIGH
    )
    lowered = services.record_enrolment_review(
        enrolment=enrolment, by=world.r5_officer, reviewed_on=day, level=ComplianceLevel.LOW
    )

    assert [(r.previous_level, r.level, r.change) for r in (raised, kept, lowered)] == [
        (3, 2, LevelChange.RAISED),
        (2, 2, LevelChange.KEPT),
        (2, 4, LevelChange.LOWERED),
    ]
    assert (raised.notes, raised.created_by) == ("Tốt hơn", world.r5_officer)
    assert reload(enrolment).current_level == ComplianceLevel.LOW
    assert reload(enrolment).baseline_level == ComplianceLevel.MEDIUM


def test_the_first_review_of_a_member_without_a_known_level_records_no_change(world, aeo):
    enrolment = enrolment_in(world, aeo, E.ACTIVE)  # ent_a has no compliance level in the test world

    review = services.record_enrolment_review(
        enrolment=enrolment, by=world.r5_officer, reviewed_on=TODAY, level=ComplianceLevel.PRIORITY
    )

    assert (review.previous_level, review.change) == (None, "")
    assert reload(enrolment).current_level == ComplianceLevel.PRIORITY


@pytest.mark.parametrize(
    ("status", "day", "field", "message"),
    [
        (E.ACCEPTED, 0, None, "Only active members are reviewed."),
        (E.EXITED, 0, None, "Only active members are reviewed."),
        (E.ACTIVE, 1, "reviewed_on", "The review date cannot be in the future."),
        (E.ACTIVE, -1, "reviewed_on", "The review date cannot be before the membership started."),
    ],
)
def test_a_review_is_refused_for_a_non_member_or_a_date_outside_the_membership(world, aeo, status, day, field, message):
    enrolment = enrolment_in(world, aeo, status)
    before = snapshot(enrolment)

    with pytest.raises(DomainError) as error:
        services.record_enrolment_review(
            enrolment=enrolment, by=world.r5_officer, reviewed_on=TODAY + timedelta(days=day), level=2
        )

    assert (error.value.field, error.value.message) == (field, message)
    assert snapshot(enrolment) == before
    assert not EnrolmentReview.objects.exists()


def test_a_review_with_a_level_outside_the_scale_is_refused(world, aeo):
    enrolment = enrolment_in(world, aeo, E.ACTIVE)

    with pytest.raises(ValidationError):
        services.record_enrolment_review(enrolment=enrolment, by=world.r5_officer, reviewed_on=TODAY, level=6)

    assert not EnrolmentReview.objects.exists()
