"""The staff conference pages: list, annual plan, form, conference page, invitations, registration, the check-in
desk, closing with the report and the steps after it."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm.models import Enterprise
from dialogues.models import (
    ActionType,
    Addressee,
    Attendee,
    Conference,
    ConferenceKind,
    ConferenceStatus,
    FollowUpAction,
    Invitation,
    InvitationChannel,
    PlanItem,
    Question,
    Recommendation,
    Registration,
    RegistrationStatus,
)
from dialogues.services import conferences as services
from tests import factories
from tests.dialogues.factories import at, make_action, make_conference, register

pytestmark = pytest.mark.django_db

C = ConferenceStatus
LIST = "/conferences/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def browse(client_for):
    """client_for, reading the pages in English so that assertions do not depend on the Vietnamese catalogue."""

    def make(persona: str):
        client = client_for(persona)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


def page(conference: Conference, rest: str = "") -> str:
    return f"/conferences/{conference.pk}/{rest}"


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def snapshot(conference: Conference) -> tuple:
    row = Conference.objects.get(pk=conference.pk)
    return (
        row.status,
        row.title,
        row.starts_at,
        Invitation.objects.filter(conference=row).count(),
        Registration.objects.filter(conference=row).count(),
        Attendee.objects.filter(conference=row, checked_in_at__isnull=False).count(),
        FollowUpAction.objects.filter(conference=row).count(),
    )


@pytest.fixture
def desk(world):
    """A Region V conference under way: ent_a registered two people, ent_b one."""
    conference = make_conference(
        branch=world.region5,
        status=C.INVITATIONS_SENT,
        starts_at=at(hours=-1),
        invite=[world.ent_a, world.ent_b],
        title="Đối thoại doanh nghiệp Bắc Ninh",
    )
    register(conference, world.ent_a, "Nguyễn Văn Đức", "Phạm Thị Hoa", by=world.r5_officer)
    register(conference, world.ent_b, "Lê Minh Tuấn", by=world.r5_officer)
    return conference


def attendee(conference: Conference, name: str) -> Attendee:
    return Attendee.objects.get(conference=conference, full_name=name)


# --- List ----------------------------------------------------------------------------------------------------------


def test_the_list_shows_only_conferences_in_scope_with_their_counts(world, desk, browse):
    services.check_in(attendee=attendee(desk, "Nguyễn Văn Đức"), by=world.r5_officer)
    make_conference(branch=world.region6, title="Hội nghị khu vực VI")
    response = browse("r5_officer").get(LIST)
    assert response.status_code == 200
    rows = [(c.title, c.invited_count, c.registered_count, c.checked_in_count) for c in response.context["conferences"]]
    assert rows == [("Đối thoại doanh nghiệp Bắc Ninh", 2, 2, 1)]
    assert "1 conference" in response.text
    assert [c.title for c in browse("r6_officer").get(LIST).context["conferences"]] == ["Hội nghị khu vực VI"]
    assert len(browse("hq_admin").get(LIST).context["conferences"]) == 2


def test_the_list_filters_by_status_and_exports_the_same_rows(world, desk, browse):
    make_conference(branch=world.region5, title="Hội nghị đã hủy", status=C.CANCELLED)
    client = browse("r5_manager")
    assert [c.title for c in client.get(LIST, {"status": "cancelled"}).context["conferences"]] == ["Hội nghị đã hủy"]
    response = client.get("/conferences/export/", {"status": "invitations_sent", "as": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Title", "Kind", "Organising unit"]
    assert [(row[0], row[7], row[8], row[9], row[10]) for row in rows[1:]] == [
        ("Đối thoại doanh nghiệp Bắc Ninh", "Invitations sent", "2", "2", "0")
    ]


def test_an_empty_list_explains_what_to_do(world, browse):
    response = browse("r5_officer").get(LIST)
    assert "No conferences yet." in response.text


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_runs_the_same_number_of_queries_for_one_or_many_conferences(world, desk, browse):
    client = browse("r5_officer")
    one = _count_queries(client, LIST)
    for n in range(4):
        make_conference(branch=world.region5_office, title=f"Hội nghị {n}", status=C.INVITATIONS_SENT)
    assert len(client.get(LIST).context["conferences"]) == 5
    assert _count_queries(client, LIST) == one


# --- Create / edit -------------------------------------------------------------------------------------------------


def _form(world, **changes) -> dict:
    data = {
        "title": "Hội nghị đối thoại về hoàn thuế",
        "kind": ConferenceKind.THEMATIC,
        "branch": world.region5.pk,
        "starts_at": "2030-05-20T08:00",
        "ends_at": "2030-05-20T11:30",
        "format": "onsite",
        "venue": "Hội trường Chi cục",
        "capacity": "120",
    }
    data.update(changes)
    return data


def test_creating_a_conference_with_an_end_before_its_start_keeps_the_input_and_shows_the_error(world, browse):
    response = browse("r5_officer").post("/conferences/new/", _form(world, ends_at="2030-05-20T07:00"))
    assert response.status_code == 200
    assert response.context["form"].errors == {"ends_at": ["The conference cannot end before it starts."]}
    assert 'value="Hội nghị đối thoại về hoàn thuế"' in response.text
    assert 'value="2030-05-20T07:00"' in response.text
    assert Conference.objects.count() == 0


def test_creating_a_conference_saves_it_and_opens_its_page(world, browse):
    response = browse("r5_officer").post("/conferences/new/", _form(world))
    conference = Conference.objects.get()
    assert response.status_code == 302
    assert response["Location"] == page(conference)
    assert (conference.title, conference.capacity, conference.branch, conference.status) == (
        "Hội nghị đối thoại về hoàn thuế",
        120,
        world.region5,
        C.PLANNED,
    )
    assert timezone.localtime(conference.starts_at).strftime("%d/%m/%Y %H:%M") == "20/05/2030 08:00"


def test_a_region6_officer_cannot_choose_region5_for_a_conference(world, browse):
    response = browse("r6_officer").post("/conferences/new/", _form(world))
    assert response.status_code == 200
    assert "branch" in response.context["form"].errors
    assert Conference.objects.count() == 0


# --- Annual plan ---------------------------------------------------------------------------------------------------


def test_the_plan_shows_held_not_yet_and_slipped_items_by_quarter(world, browse):
    year = timezone.localdate().year - 1
    held_item = PlanItem.objects.create(branch=world.region5, year=year, quarter=1, kind="thematic", theme="Hoàn thuế")
    PlanItem.objects.create(
        branch=world.region5, year=year, quarter=3, kind="thematic", theme="Kiểm tra sau thông quan"
    )
    make_conference(branch=world.region5, status=C.HELD, plan_item=held_item, title="Hội nghị hoàn thuế")
    future = PlanItem.objects.create(branch=world.region5, year=year + 2, quarter=4, kind="training", theme="Tập huấn")
    response = browse("r5_officer").get("/conferences/plan/", {"year": year})
    quarters = response.context["quarters"]
    assert [(q["number"], [(r.item.theme, r.state) for r in q["rows"]]) for q in quarters] == [
        (1, [("Hoàn thuế", "held")]),
        (2, []),
        (3, [("Kiểm tra sau thông quan", "slipped")]),
        (4, []),
    ]
    assert "Hội nghị hoàn thuế" in response.text
    later = browse("r5_officer").get("/conferences/plan/", {"year": year + 2}).context["quarters"]
    assert [(r.item.pk, r.state) for r in later[3]["rows"]] == [(future.pk, "not_yet")]
    assert browse("r6_officer").get("/conferences/plan/", {"year": year}).context["total"] == 0


def test_a_plan_item_is_added_from_the_plan_page(world, browse):
    response = browse("r5_officer").post(
        "/conferences/plan/new/",
        {"branch": world.region5.pk, "year": "2027", "quarter": "2", "kind": "thematic", "theme": "Thủ tục C/O"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/conferences/plan/?year=2027"
    assert list(PlanItem.objects.values_list("theme", "quarter", "branch")) == [("Thủ tục C/O", 2, world.region5.pk)]


# --- Invitations ---------------------------------------------------------------------------------------------------


def test_inviting_a_segment_invites_its_enterprises_in_scope_and_skips_those_already_invited(world, browse):
    segment = factories.SegmentFactory(code="processing", name_vi="Gia công, SXXK")
    for enterprise in (world.ent_a, world.ent_b, world.ent_r6):
        enterprise.segments.add(segment)
    conference = make_conference(branch=world.region5, invite=[world.ent_a], status=C.INVITATIONS_SENT)
    client = browse("r5_officer")
    response = client.post(page(conference, "invite/"), {"how": "segment", "segment": segment.pk})
    assert response.status_code == 302
    assert set(conference.invitations.values_list("enterprise__tax_code", "channel")) == {
        ("2352601817", InvitationChannel.SINGLE),
        ("2359083018", InvitationChannel.SEGMENT),
    }
    assert messages_of(client.get(response["Location"])) == ["1 enterprise invited; 1 skipped (already invited)."]


def test_inviting_a_list_of_tax_codes_with_a_bad_or_foreign_code_invites_nobody(world, browse):
    conference = make_conference(branch=world.region5)
    response = browse("r5_officer").post(
        page(conference, "invite/"), {"how": "tax_codes", "tax_codes": "2352601817\n12345\n4982199351\n2359083018"}
    )
    assert response.status_code == 200
    assert [code for code, _message in response.context["code_errors"]] == ["12345", "4982199351"]
    assert response.context["form"].errors["tax_codes"] == [
        "2 of the codes cannot be invited (listed below); nobody was invited. Fix or remove them."
    ]
    assert "No active enterprise with this tax code is managed by your units." in response.text
    assert "2352601817\n12345" in response.text  # the pasted list is kept
    assert Invitation.objects.count() == 0
    assert Conference.objects.get(pk=conference.pk).status == C.PLANNED


def test_inviting_a_list_of_tax_codes_in_scope_invites_each(world, browse):
    conference = make_conference(branch=world.region5)
    response = browse("r5_officer").post(
        page(conference, "invite/"), {"how": "tax_codes", "tax_codes": "2352601817, 2359083018"}
    )
    assert response.status_code == 302
    assert sorted(conference.invitations.values_list("enterprise__tax_code", flat=True)) == [
        "2352601817",
        "2359083018",
    ]
    assert Conference.objects.get(pk=conference.pk).status == C.INVITATIONS_SENT


# --- Registration on behalf of an enterprise -----------------------------------------------------------------------


def test_staff_register_an_enterprise_with_attendees_and_an_advance_question(world, browse):
    conference = make_conference(branch=world.region5, status=C.INVITATIONS_SENT, invite=[world.ent_a])
    data = {
        "tax_code": "2352601817",
        "attendees-TOTAL_FORMS": "3",
        "attendees-INITIAL_FORMS": "0",
        "attendees-0-full_name": "Nguyễn Văn An",
        "attendees-0-position": "Giám đốc",
        "attendees-1-full_name": "Trần Thị Bình",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-0-title": "Hoàn thuế GTGT",
        "questions-0-body": "Thời hạn hoàn thuế là bao lâu?",
    }
    response = browse("r5_officer").post(page(conference, "register/"), data)
    assert response.status_code == 302
    registration = Registration.objects.get(conference=conference)
    assert registration.status == RegistrationStatus.REGISTERED
    assert list(registration.attendees.order_by("id").values_list("full_name", "position")) == [
        ("Nguyễn Văn An", "Giám đốc"),
        ("Trần Thị Bình", ""),
    ]
    assert list(Question.objects.values_list("title", "conference", "enterprise")) == [
        ("Hoàn thuế GTGT", conference.pk, world.ent_a.pk)
    ]


def test_registering_without_attendees_keeps_the_input_and_says_why(world, browse):
    conference = make_conference(branch=world.region5)
    data = {
        "tax_code": "2352601817",
        "note": "Gọi trước",
        "attendees-TOTAL_FORMS": "2",
        "attendees-INITIAL_FORMS": "0",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
    }
    response = browse("r5_officer").post(page(conference, "register/"), data)
    assert response.status_code == 200
    assert response.context["attendees"].non_form_errors() == ["Register at least one attendee."]
    assert 'value="2352601817"' in response.text
    assert Registration.objects.count() == 0


# --- The check-in desk ---------------------------------------------------------------------------------------------


def test_the_desk_search_finds_people_without_diacritics_by_name_enterprise_or_tax_code(world, desk, browse):
    client = browse("r5_officer")
    url = page(desk, "check-in/search/")
    by_name = client.get(url, {"q": "nguyen van duc"}, **HTMX)
    assert by_name.status_code == 200
    assert [a.full_name for a in by_name.context["results"]] == ["Nguyễn Văn Đức"]
    assert "Nguyễn Văn Đức" in by_name.text
    assert 'hx-post="/conferences/' in by_name.text
    by_enterprise = client.get(url, {"q": "dien tu dong a"}, **HTMX)
    assert [a.full_name for a in by_enterprise.context["results"]] == ["Nguyễn Văn Đức", "Phạm Thị Hoa"]
    by_tax_code = client.get(url, {"q": "2359083018"}, **HTMX)
    assert [a.full_name for a in by_tax_code.context["results"]] == ["Lê Minh Tuấn"]
    assert "Nobody matches" in client.get(url, {"q": "zzz"}, **HTMX).text


def test_checking_in_updates_the_row_and_the_count_and_a_second_click_says_when(world, desk, browse):
    client = browse("r5_officer")
    person = attendee(desk, "Phạm Thị Hoa")
    url = page(desk, f"check-in/{person.pk}/")
    response = client.post(url, **HTMX)
    assert response.status_code == 200
    person.refresh_from_db()
    time = timezone.localtime(person.checked_in_at).strftime("%H:%M")
    assert person.checked_in_by == world.r5_officer
    assert f"Checked in at {time}" in response.text
    assert 'id="door-count" class="conf-door-count" hx-swap-oob="true"' in response.text
    assert response.context["counts"] == {"expected": 3, "checked_in": 1}
    again = client.post(url, **HTMX)
    assert again.status_code == 200
    assert f"Phạm Thị Hoa already checked in at {time}." in again.text
    person.refresh_from_db()
    assert timezone.localtime(person.checked_in_at).strftime("%H:%M") == time


def test_a_walk_in_is_added_and_checked_in_at_once(world, desk, browse):
    response = browse("r5_officer").post(
        page(desk, "check-in/"), {"full_name": "Võ Thị Lan", "organisation": "Báo Bắc Ninh"}
    )
    assert response.status_code == 302
    walk_in = Attendee.objects.get(full_name="Võ Thị Lan")
    assert (walk_in.organisation, walk_in.registration, walk_in.checked_in_at is not None) == (
        "Báo Bắc Ninh",
        None,
        True,
    )


def test_the_desk_page_lists_results_without_javascript(world, desk, browse):
    response = browse("r5_officer").get(page(desk, "check-in/"), {"q": "hoa"})
    assert response.status_code == 200
    assert [a.full_name for a in response.context["results"]] == ["Phạm Thị Hoa"]
    assert response.context["counts"] == {"expected": 3, "checked_in": 0}


# --- Closing with the report ---------------------------------------------------------------------------------------


def _close_data(world, **changes) -> dict:
    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    data = {
        "attendee_count": "1",
        "minutes": "Doanh nghiệp nêu 3 vướng mắc về hoàn thuế.",
        "answered_on_spot": "2",
        "needing_written_answer": "1",
        "survey_link": "https://khaosat.example.vn/hn-2026",
        "recommendations-TOTAL_FORMS": "2",
        "recommendations-INITIAL_FORMS": "0",
        "recommendations-0-text": "Sửa quy định về thời hạn hoàn thuế",
        "recommendations-0-addressed_to": Addressee.MINISTRY_OF_FINANCE,
        "recommendations-0-is_public": "on",
        "actions-TOTAL_FORMS": "3",
        "actions-INITIAL_FORMS": "0",
        "actions-0-title": "Trả lời bằng văn bản câu hỏi về hoàn thuế",
        "actions-0-type": ActionType.WRITTEN_ANSWER,
        "actions-0-due_on": due,
        "actions-0-owner": world.r5_officer.pk,
        "actions-1-title": "Tập huấn về C/O",
        "actions-1-type": ActionType.TRAINING,
        "actions-1-due_on": due,
        "actions-1-is_public": "on",
    }
    data.update(changes)
    return data


def test_closing_with_the_report_files_it_and_creates_the_follow_up_actions(world, desk, browse):
    services.check_in(attendee=attendee(desk, "Lê Minh Tuấn"), by=world.r5_officer)
    client = browse("r5_officer")
    form_page = client.get(page(desk, "close/"))
    assert form_page.context["form"]["attendee_count"].value() == 1
    response = client.post(page(desk, "close/"), _close_data(world))
    assert response.status_code == 302
    desk.refresh_from_db()
    assert desk.status == C.HELD
    report = desk.report
    assert (report.attendee_count, report.enterprise_count, report.answered_on_spot, report.needing_written_answer) == (
        1,
        1,
        2,
        1,
    )
    assert list(Recommendation.objects.values_list("text", "addressed_to", "is_public")) == [
        ("Sửa quy định về thời hạn hoàn thuế", Addressee.MINISTRY_OF_FINANCE, True)
    ]
    assert list(
        FollowUpAction.objects.filter(conference=desk).order_by("id").values_list("title", "type", "owner", "is_public")
    ) == [
        ("Trả lời bằng văn bản câu hỏi về hoàn thuế", ActionType.WRITTEN_ANSWER, world.r5_officer.pk, False),
        ("Tập huấn về C/O", ActionType.TRAINING, None, True),
    ]
    detail = client.get(response["Location"])
    assert messages_of(detail) == ["The conference is held; its report is filed with 2 follow-up actions."]
    assert "Trả lời bằng văn bản câu hỏi về hoàn thuế" in detail.text
    assert "Publish the minutes" in detail.text


def test_reporting_a_different_attendee_count_needs_the_reason(world, desk, browse):
    before = snapshot(desk)
    response = browse("r5_officer").post(page(desk, "close/"), _close_data(world, attendee_count="40"))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "attendee_count_reason": ["0 attendees checked in; give the reason for reporting a different number."]
    }
    assert "Doanh nghiệp nêu 3 vướng mắc về hoàn thuế." in response.text
    assert snapshot(desk) == before


# --- Illegal moves and the steps after holding ---------------------------------------------------------------------


def test_publishing_the_minutes_of_a_conference_not_held_shows_why_and_changes_nothing(world, desk, browse):
    before = snapshot(desk)
    client = browse("r5_officer")
    response = client.post(page(desk, "publish-minutes/"))
    assert response.status_code == 302
    assert messages_of(client.get(response["Location"])) == [
        "Minutes can be published only for a held conference (it is “Invitations sent”)."
    ]
    assert snapshot(desk) == before


def test_closing_the_follow_up_with_open_actions_is_refused(world, browse):
    conference = make_conference(branch=world.region5, status=C.MINUTES_PUBLISHED)
    make_action(conference=conference)
    client = browse("r5_manager")
    response = client.post(page(conference, "close-follow-up/"))
    assert messages_of(client.get(response["Location"])) == [
        "1 follow-up actions are still open; finish, cancel or refer them first."
    ]
    assert Conference.objects.get(pk=conference.pk).status == C.MINUTES_PUBLISHED


def test_a_held_conference_cannot_be_cancelled_closed_again_or_checked_in(world, browse):
    conference = make_conference(branch=world.region5, status=C.HELD)
    before = snapshot(conference)
    client = browse("r5_officer")
    for rest in ("cancel/", "close/", "check-in/", "invite/", "register/"):
        response = client.get(page(conference, rest))
        assert response.status_code == 302, rest
        assert response["Location"] == page(conference)
    response = client.post(page(conference, "cancel/"), {"reason": "Nhầm"})
    assert messages_of(client.get(page(conference))) == [
        "A conference that is “Held” cannot be cancelled.",
        "A conference that is “Held” cannot be closed.",
        "Check-in is closed: the conference is “Held”.",
        "Invitations cannot be sent for a conference that is “Held”.",
        "Registration is closed: the conference is “Held”.",
        "A conference that is “Held” cannot be cancelled.",
    ]
    assert snapshot(conference) == before


def test_publishing_then_closing_the_follow_up_moves_the_conference_along(world, browse):
    conference = make_conference(branch=world.region5, status=C.HELD)
    client = browse("r5_officer")
    client.post(page(conference, "publish-minutes/"))
    assert Conference.objects.get(pk=conference.pk).status == C.MINUTES_PUBLISHED
    client.post(page(conference, "close-follow-up/"))
    assert Conference.objects.get(pk=conference.pk).status == C.FOLLOW_UP_CLOSED


def test_cancelling_needs_a_reason_and_then_cancels(world, browse):
    conference = make_conference(branch=world.region5)
    client = browse("r5_officer")
    response = client.post(page(conference, "cancel/"), {"reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    assert client.post(page(conference, "cancel/"), {"reason": "Hoãn do bão"}).status_code == 302
    assert Conference.objects.get(pk=conference.pk).status == C.CANCELLED


# --- The conference page and its calendar file ---------------------------------------------------------------------


def test_the_conference_page_shows_sections_and_next_steps(world, desk, browse):
    response = browse("r5_officer").get(page(desk))
    assert response.status_code == 200
    assert [step.name for step in response.context["steps"]] == [
        "conference-invite",
        "conference-register",
        "conference-check-in",
        "conference-close",
        "conference-edit",
        "conference-cancel",
    ]
    assert response.context["invitation_page"].paginator.count == 2
    assert response.context["people_count"] == 3
    assert "Công ty TNHH Quang học Yên Phong" in response.text


def test_the_calendar_file_describes_the_conference(world, desk, browse):
    response = browse("r5_officer").get(page(desk, "calendar.ics"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="conference-{desk.pk}.ics"'
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert f"UID:conference-{desk.pk}@testserver\r\n" in body
    assert "SUMMARY:Đối thoại doanh nghiệp Bắc Ninh\r\n" in body


# --- Outsiders -----------------------------------------------------------------------------------------------------


def test_a_region6_officer_gets_404_on_a_region5_conference_and_nothing_changes(world, desk, browse):
    before = snapshot(desk)
    client = browse("r6_officer")
    person = attendee(desk, "Nguyễn Văn Đức")
    assert client.get(page(desk)).status_code == 404
    assert client.post(page(desk, "edit/"), _form(world, title="Bị đổi tên")).status_code == 404
    assert client.post(page(desk, "cancel/"), {"reason": "Không"}).status_code == 404
    assert client.post(page(desk, f"check-in/{person.pk}/"), **HTMX).status_code == 404
    assert client.post(page(desk, "invite/"), {"how": "single", "tax_code": "4982199351"}).status_code == 404
    assert client.post(page(desk, "close/"), _close_data(world)).status_code == 404
    assert client.get(page(desk, "check-in/search/"), {"q": "duc"}, **HTMX).status_code == 404
    assert snapshot(desk) == before


def test_a_region6_officer_cannot_check_in_an_attendee_of_another_conference_through_their_own(world, desk, browse):
    own = make_conference(branch=world.region6, status=C.INVITATIONS_SENT, starts_at=at(hours=-1))
    person = attendee(desk, "Nguyễn Văn Đức")
    response = browse("r6_officer").post(page(own, f"check-in/{person.pk}/"), **HTMX)
    assert response.status_code == 404
    person.refresh_from_db()
    assert person.checked_in_at is None


def test_the_region5_enterprises_stay_out_of_region6_invitations(world, browse):
    conference = make_conference(branch=world.region6)
    response = browse("r6_officer").post(page(conference, "invite/"), {"how": "single", "tax_code": "2352601817"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "tax_code": ["No active enterprise with this tax code is managed by your units."]
    }
    assert Invitation.objects.count() == 0
    assert Enterprise.objects.filter(tax_code="2352601817").exists()


def test_the_plan_item_of_another_region_is_not_found(world, browse):
    item = PlanItem.objects.create(branch=world.region5, year=2026, quarter=1, kind="thematic", theme="Hoàn thuế")
    response = browse("r6_officer").post(
        f"/conferences/plan/{item.pk}/edit/",
        {"branch": world.region6.pk, "year": "2026", "quarter": "2", "kind": "thematic", "theme": "Đổi"},
    )
    assert response.status_code == 404
    item.refresh_from_db()
    assert (item.theme, item.quarter, item.branch) == ("Hoàn thuế", 1, world.region5)


def test_plan_items_of_past_quarters_show_as_slipped_only_after_the_quarter_ends():
    from dialogues.views.conferences import plan_row, quarter_end

    assert quarter_end(2026, 1) == date(2026, 3, 31)
    assert quarter_end(2026, 2) == date(2026, 6, 30)
    item = PlanItem(year=2026, quarter=2, kind="thematic", theme="x")
    assert plan_row(item, date(2026, 6, 30)).state == "not_yet"
    assert plan_row(item, date(2026, 7, 1)).state == "slipped"


def test_staff_undo_a_mistaken_check_in_from_the_conference_page(world, client_for):
    conference = make_conference(branch=world.region5, status=C.INVITATIONS_SENT, invite=[world.ent_a])
    registration = register(conference, world.ent_a, "Nguyễn Văn An", by=world.r5_officer)
    attendee = registration.attendees.get()
    services.check_in(attendee=attendee, by=world.r5_officer)

    outsider = client_for("r6_officer").post(f"/conferences/{conference.pk}/check-in/{attendee.pk}/undo/")
    assert outsider.status_code == 404
    assert Attendee.objects.get(pk=attendee.pk).checked_in_at is not None

    response = client_for("r5_officer").post(f"/conferences/{conference.pk}/check-in/{attendee.pk}/undo/")
    assert response.status_code == 302
    assert Attendee.objects.get(pk=attendee.pk).checked_in_at is None


def test_cancelling_a_registration_on_the_page_gives_its_seat_to_the_waiting_list(world, client_for):
    conference = make_conference(branch=world.region5, status=C.INVITATIONS_SENT, invite=[world.ent_a, world.ent_b])
    services.update_conference(conference=conference, by=world.r5_officer, capacity=1)
    first = register(conference, world.ent_a, "Nguyễn Văn An", by=world.r5_officer)
    waiting = register(conference, world.ent_b, "Lê Thị Cúc", by=world.r5_officer)
    assert Registration.objects.get(pk=waiting.pk).status == RegistrationStatus.WAITLISTED

    outsider = client_for("r6_officer").post(f"/conferences/{conference.pk}/registrations/{first.pk}/cancel/")
    assert outsider.status_code == 404
    assert Registration.objects.get(pk=first.pk).status == RegistrationStatus.REGISTERED

    response = client_for("r5_officer").post(f"/conferences/{conference.pk}/registrations/{first.pk}/cancel/")
    assert response.status_code == 302
    assert Registration.objects.get(pk=first.pk).status == RegistrationStatus.CANCELLED
    assert Registration.objects.get(pk=waiting.pk).status == RegistrationStatus.REGISTERED
