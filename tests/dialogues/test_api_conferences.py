from datetime import UTC, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from crm.models import Enterprise
from dialogues.models import (
    ActionStatus,
    Attendee,
    Conference,
    ConferenceStatus,
    FollowUpAction,
    Invitation,
    InvitationChannel,
    Question,
    Recommendation,
    Registration,
    RegistrationStatus,
)
from dialogues.services import actions as action_services
from dialogues.services import conferences as services
from tests import factories
from tests.dialogues.factories import at, make_action, make_conference, people, register, today
from tests.partnerships.factories import make_agreement

pytestmark = pytest.mark.django_db

C = ConferenceStatus
R = RegistrationStatus
LIST = "/api/v1/conferences/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def api(api_for):
    client = api_for("r5_officer")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def portal_a(api_for):
    client = api_for("portal_a")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def url(conference: Conference, move: str = "") -> str:
    return f"{LIST}{conference.pk}/" + (f"{move}/" if move else "")


def snapshot(conference: Conference) -> tuple:
    """What a refused call must leave untouched."""
    row = Conference.objects.get(pk=conference.pk)
    return (
        row.status,
        row.title,
        row.updated_at,
        row.invitations.count(),
        row.registrations.count(),
        row.attendees.count(),
        row.attendees.filter(checked_in_at__isnull=False).count(),
        Question.objects.count(),
        Recommendation.objects.count(),
        FollowUpAction.objects.count(),
    )


def status_of(conference: Conference) -> str:
    return Conference.objects.get(pk=conference.pk).status


# --- List and detail ---------------------------------------------------------------------------------------------


def test_the_list_shows_invited_registered_and_checked_in_counts(world, api):
    conference = make_conference(branch=world.region5, invite=[world.ent_a, world.ent_b])
    register(conference, world.ent_a, "Nguyễn Văn An", "Trần Thị Bình", by=world.r5_officer)
    registration = register(conference, world.ent_b, "Lê Văn Cường", by=world.r5_officer)
    services.check_in(attendee=registration.attendees.get(), by=None)

    response = api.get(LIST)

    assert response.status_code == 200
    assert response.data["count"] == 1
    row = response.data["results"][0]
    assert (row["id"], row["status"], row["branch_code"]) == (conference.pk, C.INVITATIONS_SENT, "KV05")
    assert (row["invited_count"], row["registered_count"], row["checked_in_count"]) == (2, 2, 1)


def test_the_list_is_filtered_by_status_and_holds_only_the_callers_subtree(world, api):
    planned = make_conference(branch=world.region5, title="Đối thoại quý II")
    office = make_conference(branch=world.region5_office, status=C.CANCELLED, title="Đối thoại Yên Phong")
    make_conference(branch=world.region6, title="Đối thoại Lạng Sơn")

    every = api.get(LIST)
    cancelled = api.get(LIST, {"status": C.CANCELLED})

    assert sorted(row["id"] for row in every.data["results"]) == sorted([planned.pk, office.pk])
    assert [row["id"] for row in cancelled.data["results"]] == [office.pk]


def test_the_list_runs_the_same_queries_for_one_or_four_conferences(world, api, django_assert_num_queries):
    make_conference(branch=world.region5, invite=[world.ent_a])
    api.get(LIST)  # the caller's membership is read once and kept on the user
    with CaptureQueriesContext(connection) as one:
        assert api.get(LIST).data["count"] == 1
    for n in range(3):
        conference = make_conference(branch=world.region5, title=f"Hội nghị {n}", invite=[world.ent_a, world.ent_b])
        register(conference, world.ent_a, by=world.r5_officer)
    with django_assert_num_queries(len(one)):
        assert api.get(LIST).data["count"] == 4


def test_the_detail_shows_agenda_partners_segments_agreements_report_recommendations_actions_and_moves(world, api):
    segment = factories.SegmentFactory(name_vi="Gia công, SXXK")
    association = factories.AssociationFactory(name_vi="Hiệp hội Doanh nghiệp Hàn Quốc")
    agreement = make_agreement(branch=world.region5, title="Thỏa thuận hợp tác Đông Á")
    conference = make_conference(
        branch=world.region5,
        status=C.INVITATIONS_SENT,
        starts_at=at(days=-1),
        agenda="Khai mạc\nHỏi đáp",
        co_organisers="VCCI Bắc Ninh",
        target_segments=[segment],
        co_organising_associations=[association],
        agreements=[agreement],
    )
    services.close_conference(
        conference=conference,
        by=None,
        minutes="Biên bản",
        recommendations=[{"text": "Sửa Thông tư 38", "addressed_to": "ministry_of_finance"}],
        actions=[{"type": "written_answer", "title": "Trả lời văn bản", "due_on": today() - timedelta(days=1)}],
    )

    data = api.get(url(conference)).data

    assert data["agenda"] == "Khai mạc\nHỏi đáp"
    assert data["co_organisers"] == "VCCI Bắc Ninh"
    assert data["co_organising_associations"] == [{"id": association.pk, "name": str(association)}]
    assert data["target_segments"] == [{"id": segment.pk, "name": "Gia công, SXXK"}]
    assert data["agreements"] == [{"id": agreement.pk, "doc_number": agreement.doc_number, "title": agreement.title}]
    assert data["report"]["minutes"] == "Biên bản"
    assert data["report"]["attendee_count"] == 0
    assert data["report"]["published_at"] is None
    assert [(r["text"], r["addressed_to"]) for r in data["recommendations"]] == [
        ("Sửa Thông tư 38", "ministry_of_finance")
    ]
    summary = data["actions_summary"]
    assert (summary["total"], summary["open"], summary["overdue"], summary["settled"]) == (1, 1, 1, 0)
    assert summary["items"][0]["title"] == "Trả lời văn bản"
    assert data["status"] == C.HELD
    assert data["allowed"] == ["publish-minutes"]


def test_the_moves_offered_follow_the_status_and_the_start_time(world, api):
    future = make_conference(branch=world.region5)
    started = make_conference(branch=world.region5, starts_at=at(days=-1))

    assert api.get(url(future)).data["allowed"] == [
        "update",
        "invite",
        "register",
        "check-in",
        "undo-check-in",
        "walk-in",
        "cancel",
    ]
    assert "close" in api.get(url(started)).data["allowed"]


# --- Create and update -------------------------------------------------------------------------------------------


def test_an_officer_creates_a_conference_of_their_unit(world, api):
    segment = factories.SegmentFactory()
    response = api.post(
        LIST,
        {
            "title": "Hội nghị đối thoại doanh nghiệp FDI",
            "branch": world.region5.pk,
            "starts_at": "2026-09-10T08:00:00+07:00",
            "ends_at": "2026-09-10T11:30:00+07:00",
            "venue": "Trung tâm Hội nghị tỉnh Bắc Ninh",
            "capacity": 120,
            "target_segments": [segment.pk],
            "status": C.HELD,
        },
        format="json",
    )

    assert response.status_code == 201, response.data
    conference = Conference.objects.get(pk=response.data["id"])
    assert (conference.title, conference.branch, conference.capacity) == (
        "Hội nghị đối thoại doanh nghiệp FDI",
        world.region5,
        120,
    )
    assert conference.status == C.PLANNED  # status is read-only
    assert list(conference.target_segments.all()) == [segment]
    assert response.data["target_segments"] == [{"id": segment.pk, "name": str(segment)}]


def test_a_conference_ending_before_it_starts_is_refused(world, api):
    response = api.post(
        LIST,
        {
            "title": "Hội nghị",
            "branch": world.region5.pk,
            "starts_at": "2026-09-10T08:00:00+07:00",
            "ends_at": "2026-09-09T08:00:00+07:00",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.data == {"ends_at": ["The conference cannot end before it starts."]}
    assert Conference.objects.count() == 0


def test_an_officer_cannot_create_a_conference_for_another_region(world, api):
    response = api.post(
        LIST,
        {"title": "Hội nghị", "branch": world.region6.pk, "starts_at": at(days=3), "ends_at": at(days=3, hours=2)},
        format="json",
    )

    assert response.status_code == 400
    assert "branch" in response.data
    assert Conference.objects.count() == 0


def test_a_planned_conference_is_edited_but_a_held_one_keeps_its_details(world, api):
    planned = make_conference(branch=world.region5)
    held = make_conference(branch=world.region5, status=C.HELD)
    before = snapshot(held)

    ok = api.patch(url(planned), {"venue": "Khách sạn Mường Thanh", "capacity": 80}, format="json")
    refused = api.patch(url(held), {"title": "Đổi tên"}, format="json")

    assert ok.status_code == 200
    assert (ok.data["venue"], ok.data["capacity"]) == ("Khách sạn Mường Thanh", 80)
    assert refused.status_code == 400
    assert refused.data == {"detail": "This conference has been held or cancelled; its details can no longer change."}
    assert snapshot(held) == before


# --- Invitations -------------------------------------------------------------------------------------------------


def test_inviting_enterprises_by_id_sends_the_invitations_once(world, api):
    conference = make_conference(branch=world.region5)

    first = api.post(url(conference, "invite"), {"enterprises": [world.ent_a.pk, world.ent_b.pk]}, format="json")
    again = api.post(url(conference, "invite"), {"enterprises": [world.ent_a.pk]}, format="json")

    assert (first.status_code, first.data) == (200, {"invited": 2})
    assert (again.status_code, again.data) == (200, {"invited": 0})
    assert status_of(conference) == C.INVITATIONS_SENT
    assert set(conference.invitations.values_list("enterprise_id", "channel")) == {
        (world.ent_a.pk, InvitationChannel.SINGLE),
        (world.ent_b.pk, InvitationChannel.SINGLE),
    }


def test_inviting_a_segment_invites_its_enterprises_in_the_callers_scope_only(world, api):
    segment = factories.SegmentFactory()
    for enterprise in (world.ent_a, world.ent_b, world.ent_r6):
        enterprise.segments.add(segment)
    conference = make_conference(branch=world.region5)

    response = api.post(url(conference, "invite"), {"segment": segment.pk}, format="json")

    assert (response.status_code, response.data) == (200, {"invited": 2})
    assert set(conference.invitations.values_list("enterprise_id", flat=True)) == {world.ent_a.pk, world.ent_b.pk}
    assert set(conference.invitations.values_list("channel", flat=True)) == {InvitationChannel.SEGMENT}


def test_inviting_an_association_invites_its_members(world, api):
    association = factories.AssociationFactory()
    world.ent_a.associations.add(association)
    conference = make_conference(branch=world.region5)

    response = api.post(url(conference, "invite"), {"association": association.pk}, format="json")

    assert (response.status_code, response.data) == (200, {"invited": 1})
    assert conference.invitations.get().channel == InvitationChannel.ASSOCIATION


def test_inviting_by_tax_codes_accepts_one_code_per_line(world, api):
    conference = make_conference(branch=world.region5)

    response = api.post(
        url(conference, "invite"), {"tax_codes": f" {world.ent_a.tax_code}\n\n{world.ent_b.tax_code}\n"}, format="json"
    )

    assert (response.status_code, response.data) == (200, {"invited": 2})
    assert set(conference.invitations.values_list("channel", flat=True)) == {InvitationChannel.TAX_CODES}


def test_an_unknown_or_foreign_tax_code_invites_nobody_and_names_the_bad_codes(world, api):
    conference = make_conference(branch=world.region5)
    before = snapshot(conference)

    response = api.post(
        url(conference, "invite"),
        {"tax_codes": f"{world.ent_a.tax_code}\n0100000000\n{world.ent_r6.tax_code}"},
        format="json",
    )

    assert response.status_code == 400
    assert response.data == {
        "tax_codes": [
            "Nothing was invited: these tax codes are not active enterprises of your units: "
            f"0100000000, {world.ent_r6.tax_code}."
        ]
    }
    assert snapshot(conference) == before
    assert Invitation.objects.count() == 0


def test_invite_needs_exactly_one_way_of_choosing(world, api):
    conference = make_conference(branch=world.region5)

    both = api.post(
        url(conference, "invite"), {"enterprises": [world.ent_a.pk], "tax_codes": world.ent_b.tax_code}, format="json"
    )
    none = api.post(url(conference, "invite"), {}, format="json")

    expected = {"non_field_errors": ["Give exactly one of: enterprises, segment, association, tax_codes."]}
    assert (both.status_code, both.data) == (400, expected)
    assert (none.status_code, none.data) == (400, expected)
    assert Invitation.objects.count() == 0


def test_a_foreign_enterprise_id_is_refused_like_a_missing_one(world, api):
    conference = make_conference(branch=world.region5)

    response = api.post(url(conference, "invite"), {"enterprises": [world.ent_r6.pk]}, format="json")

    assert response.status_code == 400
    assert list(response.data) == ["enterprises"]
    assert Invitation.objects.count() == 0


def test_a_cancelled_conference_sends_no_invitations(world, api):
    conference = make_conference(branch=world.region5, status=C.CANCELLED)
    before = snapshot(conference)

    response = api.post(url(conference, "invite"), {"enterprises": [world.ent_a.pk]}, format="json")

    assert response.status_code == 400
    assert response.data == {"detail": "Invitations cannot be sent for a conference that is “Cancelled”."}
    assert snapshot(conference) == before


# --- Registrations: staff, capacity and the waiting list ---------------------------------------------------------


def test_staff_register_an_enterprise_with_attendees_and_advance_questions(world, api):
    conference = make_conference(branch=world.region5, invite=[world.ent_a])

    response = api.post(
        url(conference, "register"),
        {
            "enterprise": world.ent_a.pk,
            "attendees": [
                {"full_name": "Kim Min-jun", "position": "Tổng giám đốc", "email": "minjun@donga.vn"},
                {"full_name": "Nguyễn Thị Hoa", "phone": "0912345678"},
            ],
            "questions": [{"title": "Hoàn thuế", "body": "Thời hạn hoàn thuế GTGT hàng xuất khẩu?"}],
        },
        format="json",
    )

    assert response.status_code == 201, response.data
    assert (response.data["enterprise"], response.data["status"]) == (world.ent_a.pk, R.REGISTERED)
    assert [a["full_name"] for a in response.data["attendees"]] == ["Kim Min-jun", "Nguyễn Thị Hoa"]
    question = Question.objects.get()
    assert (question.conference, question.enterprise, question.title) == (conference, world.ent_a, "Hoàn thuế")


def test_staff_must_name_the_enterprise_to_register(world, api):
    conference = make_conference(branch=world.region5)

    response = api.post(url(conference, "register"), {"attendees": people("Kim Min-jun")}, format="json")

    assert (response.status_code, response.data) == (400, {"enterprise": ["Choose the enterprise to register."]})
    assert Registration.objects.count() == 0


def test_over_capacity_a_registration_waits_on_the_list(world, api):
    conference = make_conference(branch=world.region5, capacity=2, invite=[world.ent_a, world.ent_b])

    first = api.post(
        url(conference, "register"),
        {"enterprise": world.ent_a.pk, "attendees": people("Kim Min-jun", "Nguyễn Thị Hoa")},
        format="json",
    )
    second = api.post(
        url(conference, "register"), {"enterprise": world.ent_b.pk, "attendees": people("Lê Văn Cường")}, format="json"
    )
    listed = api.get(url(conference))

    assert (first.status_code, first.data["status"]) == (201, R.REGISTERED)
    assert (second.status_code, second.data["status"]) == (201, R.WAITLISTED)
    assert listed.data["registered_count"] == 1


def test_registering_twice_is_refused_and_changes_nothing(world, api):
    conference = make_conference(branch=world.region5, invite=[world.ent_a])
    register(conference, world.ent_a, by=world.r5_officer)
    before = snapshot(conference)

    response = api.post(
        url(conference, "register"), {"enterprise": world.ent_a.pk, "attendees": people("Kim Min-jun")}, format="json"
    )

    assert response.status_code == 400
    assert response.data == {"detail": "This enterprise is already registered; change its attendees instead."}
    assert snapshot(conference) == before


def test_the_registrations_list_shows_attendees_and_check_in_times(world, api):
    conference = make_conference(branch=world.region5, invite=[world.ent_a])
    registration = register(conference, world.ent_a, "Kim Min-jun", "Nguyễn Thị Hoa", by=world.r5_officer)
    arrived = services.check_in(attendee=registration.attendees.order_by("id").first(), by=None)

    response = api.get(url(conference, "registrations"))

    assert response.status_code == 200
    assert [(r["enterprise"], r["status"]) for r in response.data] == [(world.ent_a.pk, R.REGISTERED)]
    attendees = response.data[0]["attendees"]
    assert [a["full_name"] for a in attendees] == ["Kim Min-jun", "Nguyễn Thị Hoa"]
    assert attendees[0]["checked_in_at"] is not None
    assert attendees[0]["id"] == arrived.pk
    assert attendees[1]["checked_in_at"] is None


# --- Portal users ------------------------------------------------------------------------------------------------


def test_a_portal_user_registers_their_invited_enterprise(world, portal_a):
    conference = make_conference(branch=world.region5, invite=[world.ent_a])

    response = portal_a.post(
        url(conference, "register"),
        {"attendees": people("Kim Min-jun"), "questions": [{"title": "C/O mẫu E", "body": "Thủ tục C/O?"}]},
        format="json",
    )

    assert response.status_code == 201, response.data
    registration = Registration.objects.get()
    assert (registration.enterprise, registration.status, registration.created_by) == (
        world.ent_a,
        R.REGISTERED,
        world.portal_a,
    )
    assert response.data["enterprise"] == world.ent_a.pk
    assert Question.objects.get().enterprise == world.ent_a


def test_a_portal_user_cannot_register_another_enterprise(world, api_for):
    conference = make_conference(branch=world.region5, invite=[world.ent_a, world.ent_b])

    response = api_for("portal_a").post(
        url(conference, "register"), {"enterprise": world.ent_b.pk, "attendees": people("Kim Min-jun")}, format="json"
    )

    assert response.status_code == 400
    assert list(response.data) == ["enterprise"]
    assert Registration.objects.count() == 0


def test_a_portal_user_whose_enterprise_is_not_invited_is_refused(world, portal_a):
    # Staff registered ent_a without inviting it: the conference is visible to ent_a, but it may not self-register.
    conference = make_conference(branch=world.region5)
    registration = register(conference, world.ent_a, by=world.r5_officer)
    services.cancel_registration(registration=registration, by=world.r5_officer)
    before = snapshot(conference)

    response = portal_a.post(url(conference, "register"), {"attendees": people("Kim Min-jun")}, format="json")

    assert response.status_code == 400
    assert response.data == {"detail": "Your enterprise has not been invited to this conference."}
    assert snapshot(conference) == before


def test_a_conference_the_enterprise_has_nothing_to_do_with_is_not_found_for_the_portal(world, portal_a):
    conference = make_conference(branch=world.region5, invite=[world.ent_b])
    before = snapshot(conference)

    detail = portal_a.get(url(conference))
    registering = portal_a.post(url(conference, "register"), {"attendees": people("Kim Min-jun")}, format="json")

    assert (detail.status_code, registering.status_code) == (404, 404)
    assert snapshot(conference) == before


def test_a_portal_user_lists_only_their_invitations_without_other_enterprises_data(world, portal_a):
    mine = make_conference(branch=world.region5, invite=[world.ent_a, world.ent_b], title="Đối thoại FDI")
    register(mine, world.ent_a, "Kim Min-jun", by=world.r5_officer)
    register(mine, world.ent_b, "Lê Văn Cường", by=world.r5_officer)
    make_conference(branch=world.region5, invite=[world.ent_b], title="Đối thoại Yên Phong")

    listed = portal_a.get(LIST)
    detail = portal_a.get(url(mine))

    assert listed.status_code == 200
    assert [row["id"] for row in listed.data["results"]] == [mine.pk]
    row = listed.data["results"][0]
    assert "invited_count" not in row
    assert "registered_count" not in row
    assert row["registration"]["enterprise"] == world.ent_a.pk
    assert [a["full_name"] for a in row["registration"]["attendees"]] == ["Kim Min-jun"]
    assert detail.status_code == 200
    assert "actions_summary" not in detail.data
    assert "Lê Văn Cường" not in str(detail.data)


def test_a_portal_user_sees_only_their_own_registrations(world, portal_a):
    conference = make_conference(branch=world.region5, invite=[world.ent_a, world.ent_b])
    register(conference, world.ent_a, "Kim Min-jun", by=world.r5_officer)
    register(conference, world.ent_b, "Lê Văn Cường", by=world.r5_officer)

    response = portal_a.get(url(conference, "registrations"))

    assert response.status_code == 200
    assert [(r["enterprise"], [a["full_name"] for a in r["attendees"]]) for r in response.data] == [
        (world.ent_a.pk, ["Kim Min-jun"])
    ]


@pytest.mark.parametrize(
    ("method", "move", "body"),
    [
        ("post", "invite", {"enterprises": []}),
        ("post", "cancel", {"reason": "Hoãn"}),
        ("post", "walk-in", {"full_name": "Kim Min-jun"}),
        ("get", "attendees", None),
        ("get", "ics", None),
        ("patch", "", {"title": "Đổi tên"}),
    ],
)
def test_every_other_route_is_forbidden_to_portal_users(world, portal_a, method, move, body):
    conference = make_conference(branch=world.region5, invite=[world.ent_a])
    before = snapshot(conference)

    response = getattr(portal_a, method)(url(conference, move), body, format="json")

    assert response.status_code == 403
    assert snapshot(conference) == before


# --- The day: attendees, check-in, walk-ins ----------------------------------------------------------------------


def test_the_check_in_search_ignores_diacritics_and_finds_tax_codes(world, api):
    conference = make_conference(branch=world.region5, invite=[world.ent_a, world.ent_b])
    register(conference, world.ent_a, "Nguyễn Văn An", "Đặng Thị Đào", by=world.r5_officer)
    register(conference, world.ent_b, "Lê Văn Cường", by=world.r5_officer)

    by_name = api.get(url(conference, "attendees"), {"q": "dang thi dao"})
    by_tax_code = api.get(url(conference, "attendees"), {"q": world.ent_b.tax_code})
    everyone = api.get(url(conference, "attendees"))

    assert by_name.status_code == 200
    assert [a["full_name"] for a in by_name.data] == ["Đặng Thị Đào"]
    assert by_name.data[0]["enterprise_name"] == world.ent_a.name_vi
    assert [a["full_name"] for a in by_tax_code.data] == ["Lê Văn Cường"]
    assert [a["full_name"] for a in everyone.data] == ["Đặng Thị Đào", "Lê Văn Cường", "Nguyễn Văn An"]


def test_check_in_then_twice_then_undo(world, api):
    conference = make_conference(branch=world.region5, invite=[world.ent_a])
    attendee = register(conference, world.ent_a, "Kim Min-jun", by=world.r5_officer).attendees.get()

    first = api.post(url(conference, "check-in"), {"attendee": attendee.pk}, format="json")
    arrived_at = Attendee.objects.get(pk=attendee.pk).checked_in_at
    before = snapshot(conference)
    twice = api.post(url(conference, "check-in"), {"attendee": attendee.pk}, format="json")
    after_twice = snapshot(conference)
    undone = api.post(url(conference, "undo-check-in"), {"attendee": attendee.pk}, format="json")

    assert first.status_code == 200
    assert first.data["checked_in_at"] is not None
    assert twice.status_code == 400
    local = timezone.localtime(arrived_at).strftime("%H:%M")
    assert twice.data == {"detail": f"Kim Min-jun already checked in at {local}."}
    assert after_twice == before
    assert Attendee.objects.get(pk=attendee.pk).checked_in_at is None
    assert (undone.status_code, undone.data["checked_in_at"]) == (200, None)


def test_an_attendee_of_another_conference_cannot_be_checked_in_here(world, api):
    conference = make_conference(branch=world.region5, invite=[world.ent_a])
    other = make_conference(branch=world.region5, invite=[world.ent_a])
    attendee = register(other, world.ent_a, by=world.r5_officer).attendees.get()

    response = api.post(url(conference, "check-in"), {"attendee": attendee.pk}, format="json")

    assert response.status_code == 400
    assert list(response.data) == ["attendee"]
    assert Attendee.objects.get(pk=attendee.pk).checked_in_at is None


def test_check_in_is_closed_once_the_conference_is_held(world, api):
    conference = make_conference(branch=world.region5, invite=[world.ent_a], starts_at=at(days=-1))
    attendee = register(conference, world.ent_a, by=world.r5_officer).attendees.get()
    services.close_conference(conference=conference, by=None, minutes="Biên bản")
    before = snapshot(conference)

    check_in = api.post(url(conference, "check-in"), {"attendee": attendee.pk}, format="json")
    walk_in = api.post(url(conference, "walk-in"), {"full_name": "Kim Min-jun", "organisation": "VCCI"}, format="json")

    assert (check_in.status_code, check_in.data) == (400, {"detail": "Check-in is closed: the conference is “Held”."})
    assert (walk_in.status_code, walk_in.data) == (400, {"detail": "Check-in is closed: the conference is “Held”."})
    assert snapshot(conference) == before


def test_a_walk_in_is_added_and_checked_in_at_once(world, api):
    conference = make_conference(branch=world.region5, capacity=1)

    response = api.post(
        url(conference, "walk-in"),
        {"full_name": "Phạm Văn Dũng", "position": "Kế toán trưởng", "enterprise": world.ent_b.pk},
        format="json",
    )

    assert response.status_code == 201, response.data
    attendee = Attendee.objects.get()
    assert (attendee.full_name, attendee.registration.enterprise, attendee.registration.walk_in) == (
        "Phạm Văn Dũng",
        world.ent_b,
        True,
    )
    assert attendee.checked_in_at is not None
    assert response.data["enterprise"] == world.ent_b.pk


def test_a_walk_in_without_enterprise_or_organisation_is_refused(world, api):
    conference = make_conference(branch=world.region5)

    response = api.post(url(conference, "walk-in"), {"full_name": "Phạm Văn Dũng"}, format="json")

    assert response.status_code == 400
    assert response.data == {"organisation": ["Choose the enterprise or write the organisation's name."]}
    assert Attendee.objects.count() == 0


# --- Closing -----------------------------------------------------------------------------------------------------


def test_closing_files_the_report_with_recommendations_and_actions(world, api):
    conference = make_conference(branch=world.region5, invite=[world.ent_a], starts_at=at(days=-1))
    attendee = register(conference, world.ent_a, by=world.r5_officer).attendees.get()
    services.check_in(attendee=attendee, by=None)
    due = today() + timedelta(days=30)

    response = api.post(
        url(conference, "close"),
        {
            "minutes": "Biên bản hội nghị đối thoại",
            "answered_on_spot": 5,
            "needing_written_answer": 2,
            "recommendations": [{"text": "Sửa Nghị định 08", "addressed_to": "ministry_of_finance"}],
            "actions": [
                {"type": "written_answer", "title": "Trả lời 2 câu hỏi", "due_on": due.isoformat()},
                {
                    "type": "training",
                    "title": "Tập huấn C/O",
                    "due_on": due.isoformat(),
                    "owner_side": "business",
                    "owner_enterprise": world.ent_a.pk,
                },
            ],
        },
        format="json",
    )

    assert response.status_code == 200, response.data
    assert response.data["status"] == C.HELD
    report = response.data["report"]
    assert (report["attendee_count"], report["enterprise_count"], report["answered_on_spot"]) == (1, 1, 5)
    assert Recommendation.objects.get().text == "Sửa Nghị định 08"
    assert sorted(conference.actions.values_list("title", "owner_enterprise")) == [
        ("Trả lời 2 câu hỏi", None),
        ("Tập huấn C/O", world.ent_a.pk),
    ]
    assert response.data["actions_summary"]["total"] == 2


def test_a_conference_that_has_not_started_cannot_be_closed(world, api):
    conference = make_conference(branch=world.region5)
    before = snapshot(conference)

    response = api.post(url(conference, "close"), {"minutes": "Biên bản"}, format="json")

    assert (response.status_code, response.data) == (
        400,
        {"detail": "A conference can be closed only once it has started."},
    )
    assert snapshot(conference) == before


def test_a_different_attendee_count_needs_its_reason(world, api):
    conference = make_conference(branch=world.region5, starts_at=at(days=-1))
    before = snapshot(conference)

    response = api.post(url(conference, "close"), {"minutes": "Biên bản", "attendee_count": 40}, format="json")

    assert response.status_code == 400
    assert response.data == {
        "attendee_count_reason": ["0 attendees checked in; give the reason for reporting a different number."]
    }
    assert snapshot(conference) == before


def test_minutes_are_published_once_after_the_conference_is_held(world, api):
    held = make_conference(branch=world.region5, status=C.HELD)
    planned = make_conference(branch=world.region5)
    before = snapshot(planned)

    ok = api.post(url(held, "publish-minutes"))
    refused = api.post(url(planned, "publish-minutes"))

    assert (ok.status_code, ok.data["status"]) == (200, C.MINUTES_PUBLISHED)
    assert ok.data["report"]["published_at"] is not None
    assert refused.status_code == 400
    assert refused.data == {"detail": "Minutes can be published only for a held conference (it is “Planned”)."}
    assert snapshot(planned) == before


def test_the_follow_up_closes_only_when_every_action_is_settled(world, api):
    conference = make_conference(branch=world.region5, status=C.MINUTES_PUBLISHED)
    action = make_action(conference=conference)
    before = snapshot(conference)

    refused = api.post(url(conference, "close-follow-up"))
    after_refusal = snapshot(conference)
    action_services.complete_action(action=action, by=None, evidence_note="Công văn số 123/HQ")
    ok = api.post(url(conference, "close-follow-up"))

    assert refused.status_code == 400
    assert refused.data == {"detail": "1 follow-up actions are still open; finish, cancel or refer them first."}
    assert after_refusal == before
    assert (ok.status_code, ok.data["status"], ok.data["allowed"]) == (200, C.FOLLOW_UP_CLOSED, [])
    assert FollowUpAction.objects.get().status == ActionStatus.DONE


def test_a_conference_is_cancelled_with_a_reason_but_not_once_held(world, api):
    planned = make_conference(branch=world.region5)
    held = make_conference(branch=world.region5, status=C.HELD)
    before_held = snapshot(held)
    before_planned = snapshot(planned)

    no_reason = api.post(url(planned, "cancel"), {}, format="json")
    assert snapshot(planned) == before_planned
    ok = api.post(url(planned, "cancel"), {"reason": "Hoãn do bão"}, format="json")
    refused = api.post(url(held, "cancel"), {"reason": "Hoãn"}, format="json")

    assert (no_reason.status_code, list(no_reason.data)) == (400, ["reason"])
    assert (ok.status_code, ok.data["status"]) == (200, C.CANCELLED)
    assert (refused.status_code, refused.data) == (400, {"detail": "A conference that is “Held” cannot be cancelled."})
    assert snapshot(held) == before_held


# --- Calendar ----------------------------------------------------------------------------------------------------


def test_the_ics_route_answers_an_icalendar_file(world, api):
    conference = make_conference(
        branch=world.region5, title="Đối thoại, quý III", venue="Bắc Ninh", starts_at=at(days=7).replace(hour=1)
    )

    response = api.get(url(conference, "ics"))
    calendar = api.get(url(conference, "ics"), HTTP_ACCEPT="text/calendar")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="conference-{conference.pk}.ics"'
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert f"UID:conference-{conference.pk}@testserver\r\n" in body
    assert "SUMMARY:Đối thoại\\, quý III\r\n" in body
    assert "LOCATION:Bắc Ninh\r\n" in body
    assert f"DTSTART:{conference.starts_at.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}\r\n" in body
    assert body.endswith("END:VCALENDAR\r\n")
    assert (calendar.status_code, calendar.content) == (200, response.content)


# --- Outsiders ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "move", "body"),
    [
        ("get", "", None),
        ("patch", "", {"title": "Đổi tên"}),
        ("post", "invite", {"tax_codes": "4982199351"}),
        ("post", "register", {"enterprise": None, "attendees": [{"full_name": "Kim"}]}),
        ("post", "walk-in", {"full_name": "Kim Min-jun", "organisation": "VCCI"}),
        ("post", "cancel", {"reason": "Hoãn"}),
        ("post", "close", {"minutes": "Biên bản"}),
        ("get", "registrations", None),
        ("get", "attendees", None),
        ("get", "ics", None),
    ],
)
def test_a_region6_officer_gets_404_on_a_region5_conference_and_nothing_changes(world, api_for, method, move, body):
    conference = make_conference(branch=world.region5, invite=[world.ent_a], starts_at=at(days=-1))
    register(conference, world.ent_a, by=world.r5_officer)
    before = snapshot(conference)

    response = getattr(api_for("r6_officer"), method)(url(conference, move), body, format="json")

    assert response.status_code == 404
    assert snapshot(conference) == before
    assert Enterprise.objects.get(pk=world.ent_a.pk).invitations.count() == 1


def test_a_region6_officer_cannot_check_in_a_region5_attendee(world, api_for):
    conference = make_conference(branch=world.region5, invite=[world.ent_a])
    attendee = register(conference, world.ent_a, by=world.r5_officer).attendees.get()

    response = api_for("r6_officer").post(url(conference, "check-in"), {"attendee": attendee.pk}, format="json")

    assert response.status_code == 404
    assert Attendee.objects.get(pk=attendee.pk).checked_in_at is None
