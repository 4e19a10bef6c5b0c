from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from crm.errors import DomainError
from crm.models import Notification, NotificationKind
from dialogues import selectors
from dialogues.models import (
    ActionStatus,
    ActionType,
    Addressee,
    Attendee,
    Conference,
    ConferenceReport,
    ConferenceStatus,
    FollowUpAction,
    Invitation,
    InvitationChannel,
    PlanItem,
    Question,
    QuestionChannel,
    QuestionSequence,
    Recommendation,
    Registration,
    RegistrationStatus,
)
from dialogues.services import actions as action_services
from dialogues.services import conferences as services
from partnerships.models import AgreementStatus
from tests import factories
from tests.dialogues.factories import PDF_BYTES, PNG_BYTES, at, make_action, make_conference, people, register, today
from tests.partnerships.factories import make_agreement

pytestmark = pytest.mark.django_db

C = ConferenceStatus
R = RegistrationStatus


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def reload(conference: Conference) -> Conference:
    return Conference.objects.get(pk=conference.pk)


def snapshot(conference: Conference) -> tuple:
    """What a refused move must leave untouched."""
    row = reload(conference)
    return (
        row.status,
        row.title,
        row.starts_at,
        row.ends_at,
        row.updated_at,
        row.invitations.count(),
        row.registrations.count(),
        row.attendees.count(),
        Notification.objects.count(),
        Question.objects.count(),
    )


# --- The annual plan ---------------------------------------------------------------------------------------------


def test_a_plan_item_is_saved_for_a_unit_in_scope_with_its_target_segments(world):
    segment = factories.SegmentFactory()
    item = services.save_plan_item(
        by=world.r5_officer,
        branch=world.region5,
        year=2026,
        quarter=2,
        kind="thematic",
        theme="  Hoàn thuế GTGT  ",
        target_segments=[segment],
    )

    item = PlanItem.objects.get(pk=item.pk)
    assert (item.branch, item.year, item.quarter, item.theme) == (world.region5, 2026, 2, "Hoàn thuế GTGT")
    assert list(item.target_segments.all()) == [segment]
    assert item.created_by == world.r5_officer


def test_a_plan_item_for_a_unit_outside_scope_is_refused(world):
    with pytest.raises(DomainError) as error:
        services.save_plan_item(
            by=world.r6_officer, branch=world.region5, year=2026, quarter=1, kind="thematic", theme="X"
        )
    assert error.value.field == "branch"
    assert PlanItem.objects.count() == 0


def test_a_plan_item_needs_a_quarter_between_1_and_4(world):
    with pytest.raises(ValidationError):
        services.save_plan_item(
            by=world.r5_officer, branch=world.region5, year=2026, quarter=5, kind="thematic", theme="X"
        )
    assert PlanItem.objects.count() == 0


# --- Create, update, cancel --------------------------------------------------------------------------------------


def test_an_officer_creates_a_conference_of_their_unit(world):
    starts = at(days=10)
    conference = services.create_conference(
        by=world.r5_officer,
        branch=world.region5,
        title="  Hội nghị đối thoại  ",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        venue="Hội trường A",
        capacity=80,
    )

    conference = reload(conference)
    assert conference.title == "Hội nghị đối thoại"
    assert (conference.status, conference.capacity, conference.venue) == (C.PLANNED, 80, "Hội trường A")
    assert (conference.created_by, conference.updated_by) == (world.r5_officer, world.r5_officer)


def test_a_conference_of_a_unit_outside_scope_is_refused(world):
    with pytest.raises(DomainError) as error:
        services.create_conference(
            by=world.r6_officer, branch=world.region5, title="X", starts_at=at(days=1), ends_at=at(days=1, hours=2)
        )
    assert error.value.field == "branch"
    assert Conference.objects.count() == 0


def test_an_office_officer_cannot_organise_for_the_region_above(world):
    with pytest.raises(DomainError):
        services.create_conference(
            by=world.r5_office_officer,
            branch=world.region5,
            title="X",
            starts_at=at(days=1),
            ends_at=at(days=1, hours=2),
        )
    assert Conference.objects.count() == 0


def test_a_conference_that_ends_before_it_starts_is_refused(world):
    with pytest.raises(DomainError) as error:
        services.create_conference(
            by=world.r5_officer, branch=world.region5, title="X", starts_at=at(days=2), ends_at=at(days=1)
        )
    assert error.value.field == "ends_at"
    assert str(error.value) == "The conference cannot end before it starts."
    assert Conference.objects.count() == 0


def test_updating_the_end_before_the_start_is_refused_and_nothing_changes(world):
    conference = make_conference(branch=world.region5)
    before = snapshot(conference)

    with pytest.raises(DomainError):
        services.update_conference(
            conference=conference, by=world.r5_officer, ends_at=conference.starts_at - timedelta(hours=1)
        )
    assert snapshot(conference) == before


def test_agreements_of_a_unit_outside_scope_are_refused(world):
    agreement_r6 = make_agreement(branch=world.region6, status=AgreementStatus.ACTIVE)
    with pytest.raises(DomainError) as error:
        services.create_conference(
            by=world.r5_officer,
            branch=world.region5,
            title="X",
            starts_at=at(days=1),
            ends_at=at(days=1, hours=2),
            agreements=[agreement_r6],
        )
    assert error.value.field == "agreements"
    assert Conference.objects.count() == 0


def test_agreements_in_scope_are_linked(world):
    agreement = make_agreement(branch=world.region5, status=AgreementStatus.ACTIVE)
    conference = services.create_conference(
        by=world.r5_officer,
        branch=world.region5,
        title="X",
        starts_at=at(days=1),
        ends_at=at(days=1, hours=2),
        agreements=[agreement],
    )
    assert list(reload(conference).agreements.all()) == [agreement]


def test_a_plan_item_of_another_unit_is_refused_when_creating(world):
    item = services.save_plan_item(
        by=None, branch=world.region5_office, year=2026, quarter=1, kind="thematic", theme="Kho ngoại quan"
    )
    with pytest.raises(DomainError) as error:
        make_conference(branch=world.region5, by=world.r5_officer, plan_item=item)
    assert error.value.field == "plan_item"
    assert Conference.objects.count() == 0


def test_a_plan_item_of_another_unit_is_refused_when_updating(world):
    conference = make_conference(branch=world.region5)
    item_r6 = services.save_plan_item(
        by=None, branch=world.region6, year=2026, quarter=1, kind="thematic", theme="Nông sản"
    )
    with pytest.raises(DomainError):
        services.update_conference(conference=conference, by=world.r5_officer, plan_item=item_r6)
    assert reload(conference).plan_item is None


def test_details_change_before_the_conference_is_held(world):
    conference = make_conference(branch=world.region5, status=C.INVITATIONS_SENT)
    services.update_conference(conference=conference, by=world.r5_officer, title="Đối thoại quý II", capacity=50)

    conference = reload(conference)
    assert (conference.title, conference.capacity, conference.status) == ("Đối thoại quý II", 50, C.INVITATIONS_SENT)


@pytest.mark.parametrize("status", [C.HELD, C.MINUTES_PUBLISHED, C.CANCELLED])
def test_details_are_frozen_once_held_or_cancelled(world, status):
    conference = make_conference(branch=world.region5, status=status)
    before = snapshot(conference)

    with pytest.raises(DomainError) as error:
        services.update_conference(conference=conference, by=world.r5_officer, title="Đổi tên")
    assert str(error.value) == "This conference has been held or cancelled; its details can no longer change."
    assert snapshot(conference) == before


def test_is_public_still_changes_after_the_conference_is_held(world):
    conference = make_conference(branch=world.region5, status=C.MINUTES_PUBLISHED)
    services.update_conference(conference=conference, by=world.r5_officer, is_public=True)
    assert reload(conference).is_public is True


def test_resubmitting_unchanged_details_with_is_public_is_accepted_after_held(world):
    conference = make_conference(branch=world.region5, status=C.HELD)
    services.update_conference(conference=conference, by=world.r5_officer, title=conference.title, is_public=True)
    assert (reload(conference).title, reload(conference).is_public) == (conference.title, True)


def test_target_segments_are_frozen_once_held(world):
    conference = make_conference(branch=world.region5, status=C.HELD)
    segment = factories.SegmentFactory()
    with pytest.raises(DomainError):
        services.update_conference(conference=conference, by=world.r5_officer, target_segments=[segment])
    assert list(reload(conference).target_segments.all()) == []


def test_cancelling_needs_a_reason_and_nothing_changes_without_one(world):
    conference = make_conference(branch=world.region5)
    before = snapshot(conference)

    with pytest.raises(DomainError) as error:
        services.cancel_conference(conference=conference, by=world.r5_officer, reason="   ")
    assert error.value.field == "reason"
    assert snapshot(conference) == before


@pytest.mark.parametrize("status", [C.PLANNED, C.INVITATIONS_SENT])
def test_a_conference_not_yet_held_can_be_cancelled(world, status):
    conference = make_conference(branch=world.region5, status=status)
    services.cancel_conference(conference=conference, by=world.r5_officer, reason="Hoãn")
    conference = reload(conference)
    assert (conference.status, conference.updated_by) == (C.CANCELLED, world.r5_officer)


@pytest.mark.parametrize("status", [C.HELD, C.MINUTES_PUBLISHED, C.FOLLOW_UP_CLOSED, C.CANCELLED])
def test_a_held_or_cancelled_conference_cannot_be_cancelled(world, status):
    conference = make_conference(branch=world.region5, status=status)
    before = snapshot(conference)
    with pytest.raises(DomainError) as error:
        services.cancel_conference(conference=conference, by=world.r5_officer, reason="Hoãn")
    assert str(error.value) == f"A conference that is “{reload(conference).get_status_display()}” cannot be cancelled."
    assert snapshot(conference) == before


# --- Invitations -------------------------------------------------------------------------------------------------


@pytest.fixture
def contacts(world):
    """ent_a: two active contacts with email, one without, one inactive; ent_b: one with email."""
    return {
        "an": factories.make_contact(enterprise=world.ent_a, full_name="Nguyễn Văn An", email="an@donga.vn"),
        "binh": factories.make_contact(
            enterprise=world.ent_a, full_name="Trần Thị Bình", email="binh@donga.vn", language="en"
        ),
        "no_email": factories.make_contact(enterprise=world.ent_a, full_name="Lê Văn Cường"),
        "inactive": factories.make_contact(
            enterprise=world.ent_a, full_name="Phạm Văn Dũng", email="dung@donga.vn", is_active=False
        ),
        "b": factories.make_contact(enterprise=world.ent_b, full_name="Hoàng Thị Em", email="em@yp.vn"),
    }


def test_inviting_a_list_creates_invitations_and_one_outbox_row_per_active_contact_with_email(world, contacts):
    conference = make_conference(branch=world.region5)

    new = services.invite(
        conference=conference, by=world.r5_officer, enterprises=[world.ent_a, world.ent_b], channel="tax_codes"
    )

    assert sorted(i.enterprise_id for i in new) == sorted([world.ent_a.pk, world.ent_b.pk])
    invitations = {i.enterprise_id: i for i in Invitation.objects.filter(conference=conference)}
    assert set(invitations) == {world.ent_a.pk, world.ent_b.pk}
    assert {i.channel for i in invitations.values()} == {InvitationChannel.TAX_CODES}
    assert all(len(i.token) == 43 for i in invitations.values())
    rows = {n.email: n for n in Notification.objects.all()}
    assert set(rows) == {"an@donga.vn", "binh@donga.vn", "em@yp.vn"}
    an = rows["an@donga.vn"]
    assert (an.kind, an.name, an.language, an.subject) == (
        NotificationKind.CONFERENCE_INVITATION,
        "Nguyễn Văn An",
        "vi",
        f"conference:{conference.pk}",
    )
    assert an.dedupe_key == f"conference_invitation:{conference.pk}:contact:{contacts['an'].pk}"
    assert an.payload == {
        "conference": conference.pk,
        "enterprise": world.ent_a.pk,
        "token": invitations[world.ent_a.pk].token,
    }
    assert rows["binh@donga.vn"].language == "en"
    assert reload(conference).status == C.INVITATIONS_SENT


def test_inviting_twice_skips_the_invited_and_writes_no_duplicate_notification(world, contacts):
    conference = make_conference(branch=world.region5)
    services.invite(conference=conference, by=world.r5_officer, enterprises=[world.ent_a], channel="single")
    token = Invitation.objects.get(conference=conference).token

    new = services.invite(
        conference=conference, by=world.r5_officer, enterprises=[world.ent_a, world.ent_b], channel="single"
    )

    assert [i.enterprise_id for i in new] == [world.ent_b.pk]
    assert Invitation.objects.get(conference=conference, enterprise=world.ent_a).token == token
    assert sorted(Notification.objects.values_list("email", flat=True)) == [
        "an@donga.vn",
        "binh@donga.vn",
        "em@yp.vn",
    ]


def test_the_outbox_dedupe_key_makes_a_repeated_notification_a_no_op(world, contacts):
    conference = make_conference(branch=world.region5)
    new = services.invite(conference=conference, by=world.r5_officer, enterprises=[world.ent_a], channel="single")

    services._notify_contacts(conference, new)

    assert Notification.objects.count() == 2


def test_inviting_by_segment_invites_the_visible_active_members(world):
    segment = factories.SegmentFactory()
    member = factories.make_enterprise(managing_branch=world.region5, segments=[segment])
    factories.make_enterprise(managing_branch=world.region6, segments=[segment])  # outside Region V
    gone = factories.make_enterprise(managing_branch=world.region5, segments=[segment])
    gone.deactivated_at = timezone.now()
    gone.save(update_fields=["deactivated_at"])
    conference = make_conference(branch=world.region5)

    enterprises = services.segment_enterprises(world.r5_officer, segment)
    services.invite(conference=conference, by=world.r5_officer, enterprises=enterprises, channel="segment")

    assert list(conference.invitations.values_list("enterprise_id", "channel")) == [(member.pk, "segment")]


def test_inviting_by_association_invites_its_visible_members(world):
    association = factories.AssociationFactory()
    member = factories.make_enterprise(managing_branch=world.region5_office, associations=[association])
    factories.make_enterprise(managing_branch=world.region6, associations=[association])
    conference = make_conference(branch=world.region5)

    enterprises = services.association_enterprises(world.r5_officer, association)
    services.invite(conference=conference, by=world.r5_officer, enterprises=enterprises, channel="association")

    assert list(conference.invitations.values_list("enterprise_id", flat=True)) == [member.pk]


def test_inviting_an_enterprise_outside_scope_is_refused_and_nothing_is_created(world, contacts):
    factories.make_contact(enterprise=world.ent_r6, full_name="Vũ Văn Giang", email="giang@ls.vn")
    conference = make_conference(branch=world.region5)
    before = snapshot(conference)

    with pytest.raises(DomainError) as error:
        services.invite(
            conference=conference, by=world.r5_officer, enterprises=[world.ent_a, world.ent_r6], channel="tax_codes"
        )
    assert error.value.field == "enterprises"
    assert snapshot(conference) == before
    assert reload(conference).status == C.PLANNED


def test_inviting_nobody_is_refused(world):
    conference = make_conference(branch=world.region5)
    with pytest.raises(DomainError):
        services.invite(conference=conference, by=world.r5_officer, enterprises=[], channel="segment")
    assert reload(conference).status == C.PLANNED


@pytest.mark.parametrize("status", [C.HELD, C.MINUTES_PUBLISHED, C.FOLLOW_UP_CLOSED, C.CANCELLED])
def test_invitations_are_refused_for_a_held_or_cancelled_conference(world, contacts, status):
    conference = make_conference(branch=world.region5, status=status)
    before = snapshot(conference)
    with pytest.raises(DomainError):
        services.invite(conference=conference, by=world.r5_officer, enterprises=[world.ent_a], channel="single")
    assert snapshot(conference) == before


# --- Registration ------------------------------------------------------------------------------------------------


@pytest.fixture
def invited(world):
    """A Region V conference (capacity 4) with ent_a and ent_b invited."""
    conference = make_conference(branch=world.region5, capacity=4)
    services.invite(conference=conference, by=None, enterprises=[world.ent_a, world.ent_b], channel="single")
    return reload(conference)


def test_a_portal_user_registers_their_invited_enterprise(world, invited):
    registration = services.register(
        conference=invited,
        by=world.portal_a,
        enterprise=world.ent_a,
        attendees=[{"full_name": " Nguyễn Văn Đức ", "position": "Giám đốc", "email": "duc@donga.vn"}],
        note="Cần chỗ đỗ xe",
    )

    registration = Registration.objects.get(pk=registration.pk)
    assert (registration.status, registration.walk_in, registration.note) == (R.REGISTERED, False, "Cần chỗ đỗ xe")
    attendee = registration.attendees.get()
    assert (attendee.full_name, attendee.email, attendee.conference_id) == (
        "Nguyễn Văn Đức",
        "duc@donga.vn",
        invited.pk,
    )
    assert attendee.search_text == "nguyen van duc cong ty tnhh dien tu dong a 2352601817"
    notification = Notification.objects.get(recipient=world.portal_a)
    assert notification.kind == NotificationKind.REGISTRATION_CONFIRMED
    assert notification.payload == {"conference": invited.pk, "registration": registration.pk}


def test_a_portal_user_whose_enterprise_was_not_invited_is_refused(world):
    conference = make_conference(branch=world.region5)
    services.invite(conference=conference, by=None, enterprises=[world.ent_b], channel="single")
    before = snapshot(conference)

    with pytest.raises(DomainError) as error:
        register(conference, world.ent_a, by=world.portal_a)
    assert str(error.value) == "Your enterprise has not been invited to this conference."
    assert snapshot(conference) == before


def test_a_portal_user_cannot_register_another_enterprise(world, invited):
    before = snapshot(invited)
    with pytest.raises(PermissionDenied):
        register(invited, world.ent_b, by=world.portal_a)
    assert snapshot(invited) == before


def test_staff_register_any_visible_enterprise_even_uninvited(world):
    conference = make_conference(branch=world.region5)
    registration = register(conference, world.ent_b, by=world.r5_officer)
    assert registration.status == R.REGISTERED
    assert Notification.objects.count() == 0  # staff registering on the phone: no portal notice


def test_staff_cannot_register_an_enterprise_outside_scope(world):
    conference = make_conference(branch=world.region5)
    with pytest.raises(DomainError) as error:
        register(conference, world.ent_r6, by=world.r5_officer)
    assert error.value.field == "enterprise"
    assert Registration.objects.count() == 0


def test_registration_needs_at_least_one_named_attendee(world, invited):
    with pytest.raises(DomainError):
        services.register(conference=invited, by=world.portal_a, enterprise=world.ent_a, attendees=[])
    with pytest.raises(DomainError) as error:
        services.register(
            conference=invited, by=world.portal_a, enterprise=world.ent_a, attendees=[{"full_name": "  "}]
        )
    assert error.value.field == "attendees"
    assert Registration.objects.count() == 0


def test_registering_twice_is_refused(world, invited):
    register(invited, world.ent_a, by=world.portal_a)
    with pytest.raises(DomainError) as error:
        register(invited, world.ent_a, "Trần Văn Bảo", by=world.portal_a)
    assert str(error.value) == "This enterprise is already registered; change its attendees instead."
    assert list(Attendee.objects.values_list("full_name", flat=True)) == ["Nguyễn Văn An"]


@pytest.mark.parametrize("status", [C.HELD, C.CANCELLED])
def test_registration_is_closed_once_held_or_cancelled(world, status):
    conference = make_conference(branch=world.region5, status=status, invite=[world.ent_a])
    before = snapshot(conference)
    with pytest.raises(DomainError):
        register(conference, world.ent_a, by=world.portal_a)
    assert snapshot(conference) == before


def test_capacity_counts_people_and_over_capacity_the_registration_waits(world, invited):
    first = register(invited, world.ent_a, "A1", "A2", "A3", by=world.portal_a)
    second = register(invited, world.ent_b, "B1", "B2", by=world.portal_b)

    assert (first.status, second.status) == (R.REGISTERED, R.WAITLISTED)  # 3 + 2 people > 4
    assert services._seats_taken(invited) == 3
    assert Notification.objects.get(recipient=world.portal_b).kind == NotificationKind.REGISTRATION_WAITLISTED


def test_exactly_filling_the_capacity_is_still_registered(world, invited):
    register(invited, world.ent_a, "A1", "A2", by=world.portal_a)
    second = register(invited, world.ent_b, "B1", "B2", by=world.portal_b)
    assert second.status == R.REGISTERED


def test_without_a_capacity_everyone_is_registered(world):
    conference = make_conference(branch=world.region5)
    registration = register(conference, world.ent_a, *[f"P{n}" for n in range(30)], by=world.r5_officer)
    assert registration.status == R.REGISTERED


def test_cancelling_promotes_the_waiting_list_oldest_first_while_attendees_fit(world, invited):
    ent_c = factories.make_enterprise(managing_branch=world.region5)
    ent_d = factories.make_enterprise(managing_branch=world.region5)
    big = register(invited, world.ent_a, "A1", "A2", "A3", "A4", by=world.r5_officer)  # full
    one = register(invited, world.ent_b, "B1", by=world.r5_officer)  # waits
    two = register(invited, ent_c, "C1", "C2", by=world.r5_officer)  # waits
    three = register(invited, ent_d, "D1", "D2", by=world.r5_officer)  # waits

    services.cancel_registration(registration=big, by=world.r5_officer)

    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses == {big.pk: R.CANCELLED, one.pk: R.REGISTERED, two.pk: R.REGISTERED, three.pk: R.WAITLISTED}
    assert services._seats_taken(invited) == 3


def test_a_big_waiting_registration_blocks_smaller_later_ones(world, invited):
    """The waiting list is strictly first come, first served: a seat freed is not given past a bigger registration."""
    ent_c = factories.make_enterprise(managing_branch=world.region5)
    taken = register(invited, world.ent_a, "A1", "A2", by=world.r5_officer)
    small = register(invited, ent_c, "C1", "C2", by=world.r5_officer)  # 4 seats taken
    big = register(invited, world.ent_b, "B1", "B2", "B3", by=world.r5_officer)  # waits (3)
    ent_d = factories.make_enterprise(managing_branch=world.region5)
    later = register(invited, ent_d, "D1", by=world.r5_officer)  # waits (1)

    services.cancel_registration(registration=taken, by=world.r5_officer)  # 2 free: big (3) does not fit

    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses == {taken.pk: R.CANCELLED, small.pk: R.REGISTERED, big.pk: R.WAITLISTED, later.pk: R.WAITLISTED}
    assert services._seats_taken(invited) == 2


def test_a_newcomer_queues_behind_the_waiting_list_even_when_seats_are_free(world, invited):
    """First come, first served: while anyone waits, a new registration waits too."""
    ent_c = factories.make_enterprise(managing_branch=world.region5)
    register(invited, world.ent_a, "A1", "A2", by=world.r5_officer)
    waiting = register(invited, world.ent_b, "B1", "B2", "B3", by=world.r5_officer)
    newcomer = register(invited, ent_c, "C1", by=world.r5_officer)

    assert (waiting.status, newcomer.status) == (R.WAITLISTED, R.WAITLISTED)


def test_a_portal_user_cancels_only_their_own_registration(world, invited):
    registration = register(invited, world.ent_a, by=world.portal_a)
    with pytest.raises(PermissionDenied):
        services.cancel_registration(registration=registration, by=world.portal_b)
    assert Registration.objects.get(pk=registration.pk).status == R.REGISTERED

    services.cancel_registration(registration=registration, by=world.portal_a)
    assert Registration.objects.get(pk=registration.pk).status == R.CANCELLED
    with pytest.raises(DomainError) as error:
        services.cancel_registration(registration=registration, by=world.portal_a)
    assert str(error.value) == "This registration is already cancelled."


def test_re_registering_after_cancelling_replaces_the_attendees(world, invited):
    registration = register(invited, world.ent_a, "Cũ Một", "Cũ Hai", by=world.portal_a)
    services.cancel_registration(registration=registration, by=world.portal_a)

    again = register(invited, world.ent_a, "Mới", by=world.portal_a)

    assert again.pk == registration.pk
    assert Registration.objects.get(pk=registration.pk).status == R.REGISTERED
    assert list(Attendee.objects.filter(conference=invited).values_list("full_name", flat=True)) == ["Mới"]


def test_re_registering_joins_the_end_of_the_waiting_list(world, invited):
    ent_c = factories.make_enterprise(managing_branch=world.region5)
    ent_d = factories.make_enterprise(managing_branch=world.region5)
    early = register(invited, ent_c, "C1", by=world.r5_officer)
    services.cancel_registration(registration=early, by=world.r5_officer)
    register(invited, world.ent_a, "A1", "A2", by=world.r5_officer)
    leaving = register(invited, ent_d, "D1", "D2", by=world.r5_officer)  # full (4)
    waiting = register(invited, world.ent_b, "B1", "B2", by=world.r5_officer)  # waits first
    late = register(invited, ent_c, "C1", "C2", by=world.r5_officer)  # waits second (re-registration)
    assert (waiting.status, late.status) == (R.WAITLISTED, R.WAITLISTED)

    services.cancel_registration(registration=leaving, by=world.r5_officer)  # 2 seats: one of the two fits

    assert Registration.objects.get(pk=waiting.pk).status == R.REGISTERED
    assert Registration.objects.get(pk=late.pk).status == R.WAITLISTED


def test_raising_the_capacity_promotes_the_waiting_list(world, invited):
    register(invited, world.ent_a, "A1", "A2", "A3", "A4", by=world.r5_officer)
    waiting = register(invited, world.ent_b, "B1", by=world.r5_officer)

    services.update_conference(conference=invited, by=world.r5_officer, capacity=5)

    assert Registration.objects.get(pk=waiting.pk).status == R.REGISTERED


# --- Questions sent in advance -----------------------------------------------------------------------------------


def test_advance_questions_become_questions_of_the_conference_with_gap_free_references(world, invited):
    year = timezone.localdate().year
    register(
        invited,
        world.ent_a,
        by=world.portal_a,
        questions=[
            {"title": "Hoàn thuế", "body": "Thời hạn hoàn thuế GTGT?"},
            {"title": "", "body": ""},  # skipped
            {"body": "Thủ tục kho ngoại quan thế nào?"},
        ],
    )
    register(invited, world.ent_b, by=world.portal_b, questions=[{"title": "Phân loại", "body": "Mã HS 8471?"}])

    rows = list(Question.objects.order_by("reference").values_list("reference", "title", "body", "enterprise_id"))
    assert rows == [
        (f"VM-{year}-000001", "Hoàn thuế", "Thời hạn hoàn thuế GTGT?", world.ent_a.pk),
        (f"VM-{year}-000002", "Thủ tục kho ngoại quan thế nào?", "Thủ tục kho ngoại quan thế nào?", world.ent_a.pk),
        (f"VM-{year}-000003", "Phân loại", "Mã HS 8471?", world.ent_b.pk),
    ]
    question = Question.objects.get(reference=f"VM-{year}-000001")
    assert (question.channel, question.conference, question.branch, question.submitted_by) == (
        QuestionChannel.CONFERENCE_ADVANCE,
        invited,
        world.region5,
        world.portal_a,
    )
    assert QuestionSequence.objects.get(year=year).last == 3


def test_a_registration_that_fails_after_taking_a_number_gives_it_back(world, invited):
    year = timezone.localdate().year
    with pytest.raises(ValidationError):  # the second title is too long, after the first took VM-…-000001
        register(
            invited,
            world.ent_a,
            by=world.portal_a,
            questions=[{"title": "Hoàn thuế", "body": "?"}, {"title": "x" * 300, "body": "?"}],
        )
    assert (Registration.objects.count(), Attendee.objects.count(), Question.objects.count()) == (0, 0, 0)
    assert QuestionSequence.objects.filter(year=year, last__gt=0).count() == 0

    register(invited, world.ent_a, by=world.portal_a, questions=[{"title": "Hoàn thuế", "body": "?"}])
    assert list(Question.objects.values_list("reference", flat=True)) == [f"VM-{year}-000001"]


# --- Check-in ----------------------------------------------------------------------------------------------------


@pytest.fixture
def day(world, invited):
    """The conference day: ent_a registered Nguyễn Văn Đức and Trần Thị Hoa; ent_b is waiting (capacity 2)."""
    services.update_conference(conference=invited, by=None, capacity=2)
    register(invited, world.ent_a, "Nguyễn Văn Đức", "Trần Thị Hoa", by=world.portal_a)
    register(invited, world.ent_b, "Lê Văn Khoa", by=world.portal_b)
    return invited


def attendee(name: str) -> Attendee:
    return Attendee.objects.get(full_name=name)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nguyen van duc", ["Nguyễn Văn Đức"]),
        ("NGUYỄN văn đức", ["Nguyễn Văn Đức"]),
        ("dien tu dong a", ["Nguyễn Văn Đức", "Trần Thị Hoa"]),
        ("235260", ["Nguyễn Văn Đức", "Trần Thị Hoa"]),
        ("quang hoc", ["Lê Văn Khoa"]),
        ("khong ai", []),
        ("   ", []),
    ],
)
def test_check_in_search_ignores_diacritics_and_matches_enterprise_and_tax_code(world, day, query, expected):
    assert [a.full_name for a in selectors.check_in_search(day, query)] == expected


def test_checking_in_records_the_time_and_the_officer(world, day):
    before = timezone.now()
    row = services.check_in(attendee=attendee("Nguyễn Văn Đức"), by=world.r5_officer)

    row = Attendee.objects.get(pk=row.pk)
    assert before <= row.checked_in_at <= timezone.now()
    assert row.checked_in_by == world.r5_officer
    assert services.checked_in_count(day) == 1


def test_checking_in_twice_is_refused_with_the_time_of_the_first(world, day):
    first = services.check_in(attendee=attendee("Nguyễn Văn Đức"), by=world.r5_officer)
    time = timezone.localtime(first.checked_in_at).strftime("%H:%M")

    with pytest.raises(DomainError) as error:
        services.check_in(attendee=attendee("Nguyễn Văn Đức"), by=world.r5_manager)
    assert str(error.value) == f"Nguyễn Văn Đức already checked in at {time}."
    row = attendee("Nguyễn Văn Đức")
    assert (row.checked_in_at, row.checked_in_by) == (first.checked_in_at, world.r5_officer)


def test_a_waitlisted_attendee_cannot_check_in(world, day):
    with pytest.raises(DomainError) as error:
        services.check_in(attendee=attendee("Lê Văn Khoa"), by=world.r5_officer)
    assert str(error.value) == "This attendee's registration is not confirmed (waiting list or cancelled)."
    assert attendee("Lê Văn Khoa").checked_in_at is None


def test_undoing_a_check_in_clears_it(world, day):
    services.check_in(attendee=attendee("Trần Thị Hoa"), by=world.r5_officer)
    services.undo_check_in(attendee=attendee("Trần Thị Hoa"), by=world.r5_officer)
    row = attendee("Trần Thị Hoa")
    assert (row.checked_in_at, row.checked_in_by) == (None, None)
    assert services.checked_in_count(day) == 0


def test_a_walk_in_from_a_known_enterprise_gets_a_walk_in_registration(world, day):
    ent_c = factories.make_enterprise(managing_branch=world.region5, name_vi="Công ty CP Thép Bắc Ninh")

    row = services.walk_in(conference=day, by=world.r5_officer, full_name="Đỗ Văn Minh", enterprise=ent_c)

    registration = Registration.objects.get(conference=day, enterprise=ent_c)
    assert (registration.status, registration.walk_in) == (R.REGISTERED, True)
    row = Attendee.objects.get(pk=row.pk)
    assert (row.registration, row.checked_in_by) == (registration, world.r5_officer)
    assert row.checked_in_at is not None
    assert [a.full_name for a in selectors.check_in_search(day, "thep bac ninh")] == ["Đỗ Văn Minh"]


def test_a_walk_in_from_a_waiting_enterprise_confirms_its_registration(world, day):
    services.walk_in(conference=day, by=world.r5_officer, full_name="Lê Văn Khoa 2", enterprise=world.ent_b)
    registration = Registration.objects.get(conference=day, enterprise=world.ent_b)
    assert (registration.status, registration.walk_in) == (R.REGISTERED, False)


def test_a_walk_in_from_outside_the_register_needs_the_organisation(world, day):
    with pytest.raises(DomainError) as error:
        services.walk_in(conference=day, by=world.r5_officer, full_name="Khách")
    assert error.value.field == "organisation"
    assert Attendee.objects.filter(conference=day).count() == 3

    row = services.walk_in(conference=day, by=world.r5_officer, full_name="Khách", organisation="Báo Bắc Ninh")
    row = Attendee.objects.get(pk=row.pk)
    assert (row.registration, row.organisation, row.search_text) == (None, "Báo Bắc Ninh", "khach bao bac ninh")


def test_a_walk_in_from_an_enterprise_outside_scope_is_refused(world, day):
    with pytest.raises(DomainError):
        services.walk_in(conference=day, by=world.r5_officer, full_name="X", enterprise=world.ent_r6)
    assert Attendee.objects.filter(conference=day).count() == 3


def test_check_in_closes_once_the_report_is_filed(world, invited):
    register(invited, world.ent_a, "Nguyễn Văn Đức", by=world.portal_a)
    services.update_conference(conference=invited, by=None, starts_at=at(days=-1), ends_at=at(hours=-20))
    services.close_conference(conference=invited, by=world.r5_officer, minutes="Biên bản")
    row = attendee("Nguyễn Văn Đức")

    for move in (services.check_in, services.undo_check_in):
        with pytest.raises(DomainError) as error:
            move(attendee=row, by=world.r5_officer)
        assert str(error.value) == "Check-in is closed: the conference is “Held”."
    with pytest.raises(DomainError):
        services.walk_in(conference=invited, by=world.r5_officer, full_name="Muộn", organisation="VCCI")
    assert attendee("Nguyễn Văn Đức").checked_in_at is None
    assert Attendee.objects.count() == 1


# --- Closing: report, minutes, follow-up -------------------------------------------------------------------------


@pytest.fixture
def started(world):
    """A Region V conference that started an hour ago: ent_a (2 people) and ent_b (1) registered, 2 of ent_a and
    1 of ent_b checked in, plus an outside walk-in."""
    conference = make_conference(branch=world.region5, starts_at=at(hours=-1), ends_at=at(hours=3))
    register(conference, world.ent_a, "Nguyễn Văn Đức", "Trần Thị Hoa", by=world.r5_officer)
    register(conference, world.ent_b, "Lê Văn Khoa", by=world.r5_officer)
    for name in ("Nguyễn Văn Đức", "Trần Thị Hoa", "Lê Văn Khoa"):
        services.check_in(attendee=attendee(name), by=world.r5_officer)
    services.walk_in(conference=conference, by=world.r5_officer, full_name="Phóng viên", organisation="Báo Bắc Ninh")
    return reload(conference)


def report_snapshot(conference):
    row = reload(conference)
    return (
        row.status,
        ConferenceReport.objects.filter(conference=row).count(),
        Recommendation.objects.count(),
        FollowUpAction.objects.count(),
    )


def test_closing_files_the_report_with_counts_recommendations_and_actions(world, started):
    report = services.close_conference(
        conference=started,
        by=world.r5_manager,
        minutes="  Biên bản: 12 ý kiến  ",
        answered_on_spot=8,
        needing_written_answer=4,
        recommendations=[
            {"text": "Sửa Thông tư 38 về kiểm tra chuyên ngành", "addressed_to": Addressee.MINISTRY_OF_FINANCE},
            {"text": "  ", "addressed_to": Addressee.PROVINCE},  # skipped
            {"text": "Nội bộ", "addressed_to": Addressee.CUSTOMS_DEPARTMENT, "is_public": False},
        ],
        actions=[
            {"type": ActionType.WRITTEN_ANSWER, "title": "Trả lời Công ty Đông Á", "due_on": today()},
            {
                "type": ActionType.TRAINING,
                "title": "Tập huấn",
                "due_on": today(),
                "owner": world.r5_office_officer,
                "branch": world.region5_office,
            },
        ],
    )

    report = ConferenceReport.objects.get(pk=report.pk)
    assert (report.attendee_count, report.enterprise_count, report.attendee_count_reason) == (4, 2, "")
    assert (report.minutes, report.answered_on_spot, report.needing_written_answer) == ("Biên bản: 12 ý kiến", 8, 4)
    assert report.published_at is None
    conference = reload(started)
    assert (conference.status, conference.updated_by) == (C.HELD, world.r5_manager)
    assert list(conference.recommendations.values_list("addressed_to", "is_public")) == [
        (Addressee.MINISTRY_OF_FINANCE, True),
        (Addressee.CUSTOMS_DEPARTMENT, False),
    ]
    actions = list(conference.actions.order_by("id").values_list("title", "branch_id", "owner_id", "status"))
    assert actions == [
        ("Trả lời Công ty Đông Á", world.region5.pk, None, ActionStatus.OPEN),
        ("Tập huấn", world.region5_office.pk, world.r5_office_officer.pk, ActionStatus.OPEN),
    ]


def test_closing_needs_minutes(world, started):
    before = report_snapshot(started)
    with pytest.raises(DomainError) as error:
        services.close_conference(conference=started, by=world.r5_officer, minutes="   ")
    assert error.value.field == "minutes"
    assert report_snapshot(started) == before == (C.PLANNED, 0, 0, 0)


def test_closing_needs_the_conference_to_have_started(world):
    conference = make_conference(branch=world.region5, starts_at=at(hours=1))
    with pytest.raises(DomainError) as error:
        services.close_conference(conference=conference, by=world.r5_officer, minutes="Biên bản")
    assert str(error.value) == "A conference can be closed only once it has started."
    assert report_snapshot(conference) == (C.PLANNED, 0, 0, 0)


def test_a_different_attendee_count_needs_a_reason(world, started):
    with pytest.raises(DomainError) as error:
        services.close_conference(conference=started, by=world.r5_officer, minutes="Biên bản", attendee_count=40)
    assert error.value.field == "attendee_count_reason"
    assert str(error.value) == "4 attendees checked in; give the reason for reporting a different number."
    assert report_snapshot(started) == (C.PLANNED, 0, 0, 0)

    report = services.close_conference(
        conference=started,
        by=world.r5_officer,
        minutes="Biên bản",
        attendee_count=40,
        attendee_count_reason="Nhiều người không quét mã",
    )
    assert (report.attendee_count, report.attendee_count_reason) == (40, "Nhiều người không quét mã")


def test_an_invalid_action_rolls_the_whole_closing_back(world, started):
    with pytest.raises(DomainError):
        services.close_conference(
            conference=started,
            by=world.r5_officer,
            minutes="Biên bản",
            recommendations=[{"text": "Đề xuất", "addressed_to": Addressee.PROVINCE}],
            actions=[
                {"type": ActionType.OTHER, "title": "Hợp lệ", "due_on": today()},
                {"type": ActionType.OTHER, "title": "Sai", "due_on": today(), "owner": world.r6_officer},
            ],
        )
    assert report_snapshot(started) == (C.PLANNED, 0, 0, 0)


def test_a_recommendation_to_an_unknown_addressee_is_refused(world, started):
    with pytest.raises((DomainError, ValidationError)):
        services.close_conference(
            conference=started,
            by=world.r5_officer,
            minutes="Biên bản",
            recommendations=[{"text": "Đề xuất", "addressed_to": "nobody"}],
        )
    assert report_snapshot(started) == (C.PLANNED, 0, 0, 0)


def test_the_minutes_pdf_is_checked_by_its_content(world, started):
    fake = SimpleUploadedFile("bien-ban.pdf", PNG_BYTES, content_type="application/pdf")
    with pytest.raises(DomainError) as error:
        services.close_conference(conference=started, by=world.r5_officer, minutes="Biên bản", minutes_pdf=fake)
    assert error.value.field == "minutes_pdf"
    assert report_snapshot(started) == (C.PLANNED, 0, 0, 0)

    pdf = SimpleUploadedFile("bien-ban.pdf", PDF_BYTES, content_type="application/pdf")
    report = services.close_conference(conference=started, by=world.r5_officer, minutes="Biên bản", minutes_pdf=pdf)
    report = ConferenceReport.objects.get(pk=report.pk)
    with report.minutes_pdf.open("rb") as stored:
        assert stored.read() == PDF_BYTES


@pytest.mark.parametrize("status", [C.HELD, C.MINUTES_PUBLISHED, C.CANCELLED])
def test_only_a_conference_not_yet_held_can_be_closed(world, status):
    conference = make_conference(branch=world.region5, status=status, starts_at=at(days=-2))
    before = report_snapshot(conference)
    with pytest.raises(DomainError):
        services.close_conference(conference=conference, by=world.r5_officer, minutes="Lại")
    assert report_snapshot(conference) == before


def test_publishing_the_minutes_needs_a_held_conference(world):
    planned = make_conference(branch=world.region5)
    with pytest.raises(DomainError) as error:
        services.publish_minutes(conference=planned, by=world.r5_officer)
    assert str(error.value) == "Minutes can be published only for a held conference (it is “Planned”)."

    held = make_conference(branch=world.region5, status=C.HELD)
    services.publish_minutes(conference=held, by=world.r5_manager)
    held = reload(held)
    assert (held.status, held.updated_by) == (C.MINUTES_PUBLISHED, world.r5_manager)
    assert held.report.published_at is not None
    with pytest.raises(DomainError):
        services.publish_minutes(conference=held, by=world.r5_manager)


def test_the_follow_up_cannot_close_before_the_minutes_are_published(world):
    held = make_conference(branch=world.region5, status=C.HELD)
    with pytest.raises(DomainError) as error:
        services.close_follow_up(conference=held, by=world.r5_officer)
    assert str(error.value) == "Publish the minutes before closing the follow-up."
    assert reload(held).status == C.HELD


@pytest.mark.parametrize("status", [C.PLANNED, C.CANCELLED, C.FOLLOW_UP_CLOSED])
def test_the_follow_up_of_a_conference_not_held_or_already_closed_cannot_close(world, status):
    conference = make_conference(branch=world.region5, status=status)
    with pytest.raises(DomainError):
        services.close_follow_up(conference=conference, by=world.r5_officer)
    assert reload(conference).status == status


def test_the_follow_up_closes_only_when_every_action_is_settled(world):
    conference = make_conference(branch=world.region5, status=C.MINUTES_PUBLISHED)
    done = make_action(conference=conference)
    cancelled = make_action(conference=conference)
    referred = make_action(conference=conference)
    open_ = make_action(conference=conference)
    in_progress = make_action(conference=conference)
    action_services.complete_action(action=done, by=world.r5_officer, evidence_note="Công văn 123")
    action_services.cancel_action(action=cancelled, by=world.r5_officer, reason="Trùng")
    action_services.refer_action(action=referred, by=world.r5_officer, referred_to="Cục Hải quan")
    action_services.start_action(action=in_progress, by=world.r5_officer)

    with pytest.raises(DomainError) as error:
        services.close_follow_up(conference=conference, by=world.r5_officer)
    assert str(error.value) == "2 follow-up actions are still open; finish, cancel or refer them first."
    assert reload(conference).status == C.MINUTES_PUBLISHED

    action_services.complete_action(action=open_, by=world.r5_officer, evidence_note="Đã trả lời")
    with pytest.raises(DomainError):
        services.close_follow_up(conference=conference, by=world.r5_officer)
    action_services.cancel_action(action=in_progress, by=world.r5_officer, reason="Không còn cần")
    services.close_follow_up(conference=conference, by=world.r5_manager)
    conference = reload(conference)
    assert (conference.status, conference.updated_by) == (C.FOLLOW_UP_CLOSED, world.r5_manager)


def test_people_registered_are_listed_in_vietnamese_order(world):
    conference = make_conference(branch=world.region5)
    register(conference, world.ent_a, "Đinh Văn Bốn", "Dương Văn Ba", "Bùi Văn Hai", by=world.r5_officer)
    assert [a.full_name for a in selectors.attendees_of(conference)] == ["Bùi Văn Hai", "Dương Văn Ba", "Đinh Văn Bốn"]


def test_people_helper_builds_attendee_dicts():
    assert people("A") == [{"full_name": "A", "position": "Giám đốc"}]
