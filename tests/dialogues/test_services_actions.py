from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import translation

from crm.errors import DomainError
from dialogues.models import (
    ActionProgress,
    ActionStatus,
    ActionType,
    ConferenceStatus,
    FollowUpAction,
    OwnerSide,
)
from dialogues.services import actions as services
from partnerships.models import AgreementStatus, ReviewOutcome
from partnerships.services import agreements as agreement_services
from tests.dialogues.factories import JPEG_BYTES, PDF_BYTES, PNG_BYTES, make_action, make_conference, today
from tests.partnerships.factories import make_agreement

pytestmark = pytest.mark.django_db

A = ActionStatus


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def conference(world):
    return make_conference(branch=world.region5, status=ConferenceStatus.HELD)


@pytest.fixture
def review(world):
    agreement = make_agreement(branch=world.region5, status=AgreementStatus.ACTIVE)
    return agreement_services.record_review(
        agreement=agreement, by=world.r5_officer, reviewed_on=today(), outcome=ReviewOutcome.AMEND
    )


def reload(action: FollowUpAction) -> FollowUpAction:
    return FollowUpAction.objects.get(pk=action.pk)


def snapshot(action: FollowUpAction) -> tuple:
    row = reload(action)
    return (
        row.status,
        row.progress,
        row.evidence_note,
        row.evidence_file.name,
        row.completed_on,
        row.referred_to,
        row.status_reason,
        row.updated_at,
        row.log.count(),
    )


# --- Exactly one source ------------------------------------------------------------------------------------------


def test_an_action_from_a_conference_defaults_to_the_conference_unit(world, conference):
    action = make_action(conference=conference, by=world.r5_officer, due_on=today() + timedelta(days=14))

    action = reload(action)
    assert (action.conference, action.agreement_review, action.branch) == (conference, None, world.region5)
    assert (action.status, action.progress, action.owner_side, action.owner) == (A.OPEN, 0, OwnerSide.CUSTOMS, None)
    assert (action.due_on, action.created_by) == (today() + timedelta(days=14), world.r5_officer)


def test_an_action_from_an_agreement_review_defaults_to_the_agreement_unit(world, review):
    action = make_action(agreement_review=review, by=world.r5_officer, owner=world.r5_officer)

    action = reload(action)
    assert (action.conference, action.agreement_review, action.branch) == (None, review, world.region5)
    assert action.owner == world.r5_officer
    assert list(review.actions.all()) == [action]


def test_an_action_with_both_sources_or_none_is_refused(world, conference, review):
    for sources in ({"conference": conference, "agreement_review": review}, {}):
        with pytest.raises(DomainError) as error:
            make_action(by=world.r5_officer, **sources)
        assert str(error.value) == "An action comes from exactly one conference, agreement review or question."
    assert FollowUpAction.objects.count() == 0


@pytest.mark.parametrize("sources", ["both", "neither"])
def test_the_database_refuses_an_action_with_both_sources_or_none(world, conference, review, sources):
    links = {"both": {"conference": conference, "agreement_review": review}, "neither": {}}[sources]
    with pytest.raises(IntegrityError, match="action_has_exactly_one_source"), transaction.atomic():
        FollowUpAction.objects.create(type=ActionType.OTHER, title="X", branch=world.region5, due_on=today(), **links)
    assert FollowUpAction.objects.count() == 0


def test_the_database_refuses_a_done_action_without_evidence(world, conference):
    with pytest.raises(IntegrityError, match="action_done_has_evidence"), transaction.atomic():
        FollowUpAction.objects.create(
            conference=conference, type=ActionType.OTHER, title="X", branch=world.region5, due_on=today(), status="done"
        )


# --- Owner and responsible unit ----------------------------------------------------------------------------------


def test_the_responsible_unit_must_be_in_the_creators_scope(world, conference):
    with pytest.raises(DomainError) as error:
        make_action(conference=conference, by=world.r5_officer, branch=world.region6)
    assert error.value.field == "branch"
    with pytest.raises(DomainError):
        make_action(conference=conference, by=world.r6_officer)  # the conference's unit is not theirs
    assert FollowUpAction.objects.count() == 0


def test_an_office_can_be_given_an_action_of_a_region_conference(world, conference):
    action = make_action(
        conference=conference, by=world.r5_officer, branch=world.region5_office, owner=world.r5_office_officer
    )
    assert (reload(action).branch, reload(action).owner) == (world.region5_office, world.r5_office_officer)


def test_an_officer_of_the_unit_or_a_unit_under_it_may_own_the_action(world, conference):
    action = make_action(conference=conference, by=world.r5_officer, owner=world.r5_office_officer)
    assert reload(action).owner == world.r5_office_officer


@pytest.mark.parametrize(
    ("branch", "owner"),
    [("region5", "r6_officer"), ("region5_office", "r5_officer"), ("region5", "portal_a")],
)
def test_the_owner_must_work_in_the_responsible_unit(world, conference, branch, owner):
    with pytest.raises(DomainError) as error:
        make_action(
            conference=conference, by=world.r5_manager, branch=getattr(world, branch), owner=getattr(world, owner)
        )
    assert (error.value.field, str(error.value)) == (
        "owner",
        "The responsible officer must work in the responsible unit.",
    )
    assert FollowUpAction.objects.count() == 0


def test_an_inactive_officer_cannot_own_an_action(world, conference):
    world.r5_office_officer.is_active = False
    world.r5_office_officer.save(update_fields=["is_active"])
    with pytest.raises(DomainError):
        make_action(conference=conference, by=world.r5_officer, owner=world.r5_office_officer)


def test_a_business_side_action_needs_a_visible_enterprise(world, conference):
    with pytest.raises(DomainError) as error:
        make_action(conference=conference, by=world.r5_officer, owner_side=OwnerSide.BUSINESS)
    assert error.value.field == "owner_enterprise"
    with pytest.raises(DomainError) as error:
        make_action(
            conference=conference, by=world.r5_officer, owner_side=OwnerSide.BUSINESS, owner_enterprise=world.ent_r6
        )
    assert str(error.value) == "This enterprise is not managed by your units."
    assert FollowUpAction.objects.count() == 0

    action = make_action(
        conference=conference, by=world.r5_officer, owner_side=OwnerSide.BUSINESS, owner_enterprise=world.ent_b
    )
    assert (reload(action).owner_side, reload(action).owner_enterprise) == (OwnerSide.BUSINESS, world.ent_b)


def test_a_customs_side_action_has_no_enterprise(world, conference):
    with pytest.raises(DomainError) as error:
        make_action(conference=conference, by=world.r5_officer, owner_enterprise=world.ent_a)
    assert (error.value.field, str(error.value)) == (
        "owner_enterprise",
        "A customs-side action has no responsible enterprise.",
    )
    assert FollowUpAction.objects.count() == 0


def test_updating_an_action_rechecks_the_owner(world, conference):
    action = make_action(conference=conference, by=world.r5_officer)
    before = snapshot(action)
    with pytest.raises(DomainError):
        services.update_action(action=action, by=world.r5_officer, owner=world.r6_officer)
    assert (snapshot(action), reload(action).owner) == (before, None)

    services.update_action(action=action, by=world.r5_officer, title=" Trả lời lại ", owner=world.r5_manager)
    assert (reload(action).title, reload(action).owner) == ("Trả lời lại", world.r5_manager)


def test_a_settled_action_cannot_be_edited(world, conference):
    action = make_action(conference=conference, by=world.r5_officer)
    services.cancel_action(action=action, by=world.r5_officer, reason="Trùng")
    with pytest.raises(DomainError):
        services.update_action(action=action, by=world.r5_officer, title="Khác")
    assert reload(action).title == "Trả lời bằng văn bản về thủ tục hoàn thuế"


# --- Moves -------------------------------------------------------------------------------------------------------

MOVES = {
    "start": lambda a, by: services.start_action(action=a, by=by, note="Bắt đầu"),
    "complete": lambda a, by: services.complete_action(action=a, by=by, evidence_note="Công văn số 12/HQ"),
    "cancel": lambda a, by: services.cancel_action(action=a, by=by, reason="Doanh nghiệp rút kiến nghị"),
    "refer": lambda a, by: services.refer_action(
        action=a, by=by, referred_to="Bộ Tài chính", reason="Ngoài thẩm quyền"
    ),
}
REACH = {  # how to bring a fresh (open) action to each status
    A.OPEN: (),
    A.IN_PROGRESS: ("start",),
    A.DONE: ("complete",),
    A.CANCELLED: ("cancel",),
    A.REFERRED: ("refer",),
}


def action_in(status, world, conference) -> FollowUpAction:
    action = make_action(conference=conference, by=world.r5_officer)
    for name in REACH[status]:
        MOVES[name](action, world.r5_officer)
    action = reload(action)
    assert action.status == status
    return action


LEGAL = [(name, source) for name, move in services.MOVES.items() for source in move.sources]
ILLEGAL = [(name, source) for name, move in services.MOVES.items() for source in A if source not in move.sources]


def test_the_move_table_is_the_documented_lifecycle():
    assert {name: ([str(s) for s in m.sources], str(m.target)) for name, m in services.MOVES.items()} == {
        "start": (["open"], "in_progress"),
        "complete": (["open", "in_progress"], "done"),
        "cancel": (["open", "in_progress"], "cancelled"),
        "refer": (["open", "in_progress"], "referred"),
    }
    assert len(ILLEGAL) == 13


@pytest.mark.parametrize(("name", "source"), LEGAL)
def test_every_legal_move_changes_the_status_and_logs_it(world, conference, name, source):
    action = action_in(source, world, conference)
    entries = action.log.count()

    MOVES[name](action, world.r5_manager)

    action = reload(action)
    assert action.status == services.MOVES[name].target
    assert action.updated_by == world.r5_manager
    assert action.log.count() == entries + 1
    entry = action.log.first()
    assert (entry.status, entry.by, entry.progress) == (action.status, world.r5_manager, action.progress)


@pytest.mark.parametrize(("name", "source"), ILLEGAL)
def test_every_illegal_move_is_refused_and_nothing_changes(world, conference, name, source):
    action = action_in(source, world, conference)
    before = snapshot(action)

    with pytest.raises(DomainError) as error:
        MOVES[name](action, world.r5_manager)
    label = services.ACTION_LABELS[name]
    assert str(error.value) == f"An action that is “{action.get_status_display()}” cannot be {label}."
    assert snapshot(action) == before


def test_completing_with_a_note_sets_progress_and_the_completion_date(world, conference):
    action = make_action(conference=conference, by=world.r5_officer)
    services.complete_action(action=action, by=world.r5_officer, evidence_note="  Công văn 45/HQ-NV  ")

    action = reload(action)
    assert (action.status, action.progress, action.completed_on) == (A.DONE, 100, today())
    assert (action.evidence_note, action.evidence_file.name) == ("Công văn 45/HQ-NV", "")
    entry = action.log.get()
    assert (entry.status, entry.progress, entry.note) == (A.DONE, 100, "Công văn 45/HQ-NV")


def test_completing_needs_evidence(world, conference):
    action = make_action(conference=conference, by=world.r5_officer)
    before = snapshot(action)
    with pytest.raises(DomainError) as error:
        services.complete_action(action=action, by=world.r5_officer, evidence_note="   ")
    assert error.value.field == "evidence_note"
    assert snapshot(action) == before


@pytest.mark.parametrize(("name", "content"), [("cv.pdf", PDF_BYTES), ("anh.jpg", JPEG_BYTES), ("anh.png", PNG_BYTES)])
def test_completing_with_a_scan_keeps_the_file(world, conference, name, content):
    action = make_action(conference=conference, by=world.r5_officer)
    services.complete_action(
        action=action,
        by=world.r5_officer,
        evidence_file=SimpleUploadedFile(name, content),
        completed_on=today() - timedelta(days=2),
    )
    action = reload(action)
    assert (action.status, action.progress, action.completed_on, action.evidence_note) == (
        A.DONE,
        100,
        today() - timedelta(days=2),
        "",
    )
    with action.evidence_file.open("rb") as stored:
        assert stored.read() == content


def test_an_evidence_file_is_checked_by_its_content_not_its_name(world, conference):
    action = make_action(conference=conference, by=world.r5_officer)
    before = snapshot(action)
    with pytest.raises(DomainError) as error:
        services.complete_action(
            action=action, by=world.r5_officer, evidence_file=SimpleUploadedFile("cv.pdf", b"MZ\x90\x00not a pdf")
        )
    assert error.value.field == "evidence_file"
    assert snapshot(action) == before


def test_the_completion_date_cannot_be_in_the_future(world, conference):
    action = make_action(conference=conference, by=world.r5_officer)
    before = snapshot(action)
    with pytest.raises(DomainError) as error:
        services.complete_action(
            action=action, by=world.r5_officer, evidence_note="Xong", completed_on=today() + timedelta(days=1)
        )
    assert error.value.field == "completed_on"
    assert snapshot(action) == before


def test_cancelling_and_referring_need_their_reason_and_body(world, conference):
    action = make_action(conference=conference, by=world.r5_officer)
    before = snapshot(action)
    with pytest.raises(DomainError) as error:
        services.cancel_action(action=action, by=world.r5_officer, reason=" ")
    assert error.value.field == "reason"
    with pytest.raises(DomainError) as error:
        services.refer_action(action=action, by=world.r5_officer, referred_to="")
    assert error.value.field == "referred_to"
    assert snapshot(action) == before

    services.refer_action(action=action, by=world.r5_officer, referred_to=" Bộ Công Thương ", reason="Thẩm quyền")
    action = reload(action)
    assert (action.status, action.referred_to, action.status_reason) == (A.REFERRED, "Bộ Công Thương", "Thẩm quyền")
    assert action.log.get().note == "Thẩm quyền"


def test_cancelling_keeps_the_reason(world, conference):
    action = make_action(conference=conference, by=world.r5_officer)
    services.cancel_action(action=action, by=world.r5_officer, reason="Trùng với kiến nghị khác")
    action = reload(action)
    assert (action.status, action.status_reason, action.completed_on) == (A.CANCELLED, "Trùng với kiến nghị khác", None)


# --- Progress log ------------------------------------------------------------------------------------------------


def test_logging_progress_starts_an_open_action_and_writes_the_log(world, conference):
    action = make_action(conference=conference, by=world.r5_officer)
    services.log_progress(action=action, by=world.r5_officer, progress=40, note=" Đã có dự thảo ")
    services.log_progress(action=action, by=world.r5_manager, progress=99, note="Chờ ký")

    action = reload(action)
    assert (action.status, action.progress, action.updated_by) == (A.IN_PROGRESS, 99, world.r5_manager)
    assert list(action.log.values_list("progress", "status", "note", "by")) == [
        (99, A.IN_PROGRESS, "Chờ ký", world.r5_manager.pk),
        (40, A.IN_PROGRESS, "Đã có dự thảo", world.r5_officer.pk),
    ]


@pytest.mark.parametrize("progress", [-1, 100, 150])
def test_progress_is_a_percentage_below_100(world, conference, progress):
    action = make_action(conference=conference, by=world.r5_officer)
    before = snapshot(action)
    with pytest.raises(DomainError) as error:
        services.log_progress(action=action, by=world.r5_officer, progress=progress, note="X")
    assert error.value.field == "progress"
    assert snapshot(action) == before


def test_progress_needs_a_note(world, conference):
    action = make_action(conference=conference, by=world.r5_officer)
    before = snapshot(action)
    with pytest.raises(DomainError) as error:
        services.log_progress(action=action, by=world.r5_officer, progress=10, note="  ")
    assert error.value.field == "note"
    assert snapshot(action) == before


@pytest.mark.parametrize("status", [A.DONE, A.CANCELLED, A.REFERRED])
def test_a_settled_action_logs_no_progress(world, conference, status):
    action = action_in(status, world, conference)
    before = snapshot(action)
    with pytest.raises(DomainError):
        services.log_progress(action=action, by=world.r5_officer, progress=10, note="Thêm")
    assert snapshot(action) == before


def test_allowed_actions_follow_the_table(world, conference):
    action = make_action(conference=conference, by=world.r5_officer)
    assert services.allowed_actions(action) == ["start", "complete", "cancel", "refer"]
    services.start_action(action=action, by=world.r5_officer)
    assert services.allowed_actions(reload(action)) == ["complete", "cancel", "refer"]
    services.cancel_action(action=action, by=world.r5_officer, reason="X")
    assert services.allowed_actions(reload(action)) == []


def test_an_action_of_an_agreement_review_runs_the_same_lifecycle(world, review):
    action = make_action(agreement_review=review, by=world.r5_officer)
    services.log_progress(action=action, by=world.r5_officer, progress=50, note="Đã làm việc với doanh nghiệp")
    services.complete_action(action=action, by=world.r5_officer, evidence_note="Biên bản làm việc")
    action = reload(action)
    assert (action.status, action.progress, action.log.count()) == (A.DONE, 100, 2)


def test_an_invalid_type_is_refused_by_validation(world, conference):
    with pytest.raises(ValidationError):
        make_action(conference=conference, by=world.r5_officer, type="nonsense")
    assert FollowUpAction.objects.count() == 0
    assert ActionProgress.objects.count() == 0
