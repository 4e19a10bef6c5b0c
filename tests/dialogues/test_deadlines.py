"""The working calendar and the deadline policy: a change of calendar moves open questions' due dates; rules are
validated; only headquarters administrators change them."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from crm.models import CalendarDay
from crm.workdays import Calendar
from dialogues.models import DeadlinePolicy, Question, QuestionStatus
from dialogues.services import deadlines as services
from dialogues.services import questions as question_services

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def _question(world, *, received: date) -> Question:
    return question_services.record_question(
        by=world.r5_officer,
        branch=world.region5,
        channel="hotline",
        title="Hoàn thuế nhập khẩu",
        body="Hồ sơ hoàn thuế gồm những gì?",
        received_at=datetime(received.year, received.month, received.day, 9, tzinfo=HCM),
    )


def test_a_day_off_added_by_headquarters_moves_the_due_date_of_open_questions_only(world):
    open_question = _question(world, received=date(2026, 3, 2))  # Monday; 10 working days → Mon 16 Mar
    answered = _question(world, received=date(2026, 3, 2))
    Question.objects.filter(pk=answered.pk).update(status=QuestionStatus.ANSWERED)
    assert open_question.due_on == date(2026, 3, 16)

    services.add_calendar_day(by=world.hq_admin, day=date(2026, 3, 10), kind="day_off", name="Nghỉ đột xuất")

    open_question.refresh_from_db()
    answered.refresh_from_db()
    assert open_question.due_on == date(2026, 3, 17)
    assert answered.due_on == date(2026, 3, 16)

    services.remove_calendar_day(by=world.hq_admin, entry=CalendarDay.objects.get())
    open_question.refresh_from_db()
    assert open_question.due_on == date(2026, 3, 16)


def test_a_make_up_working_saturday_counts_as_a_working_day(world):
    services.add_calendar_day(by=world.hq_admin, day=date(2026, 3, 7), kind="working_day", name="Làm bù")
    assert Calendar().add(date(2026, 3, 6), 1) == date(2026, 3, 7)


@pytest.mark.parametrize(
    ("day", "kind", "name", "field"),
    [
        (date(2026, 3, 4), "working_day", "Làm bù", "day"),  # a Wednesday is already a working day
        (date(2026, 3, 7), "day_off", "  ", "name"),
        (date(2026, 3, 7), "holiday", "x", "kind"),
    ],
)
def test_calendar_days_are_validated(world, day, kind, name, field):
    with pytest.raises(services.DomainError) as caught:
        services.add_calendar_day(by=world.hq_admin, day=day, kind=kind, name=name)
    assert caught.value.field == field
    assert not CalendarDay.objects.exists()


def test_the_same_date_twice_is_refused_with_a_message(world):
    services.add_calendar_day(by=world.hq_admin, day=date(2026, 3, 9), kind="day_off", name="Nghỉ")
    with pytest.raises(services.DomainError) as caught:
        services.add_calendar_day(by=world.hq_admin, day=date(2026, 3, 9), kind="day_off", name="Nghỉ lần hai")
    assert caught.value.field == "day"
    assert CalendarDay.objects.count() == 1


@pytest.mark.parametrize("persona", ["r5_manager", "r5_officer", "portal_a"])
def test_only_headquarters_administrators_change_the_rules(world, persona):
    user = getattr(world, persona)
    with pytest.raises(services.PermissionDenied):
        services.add_calendar_day(by=user, day=date(2026, 3, 9), kind="day_off", name="Nghỉ")
    with pytest.raises(services.PermissionDenied):
        services.save_policy(by=user, category="", priority="", working_days=10, internal_working_days=5)


def test_policies_are_validated_and_unique_per_category_and_priority(world):
    services.save_policy(
        by=world.hq_admin, category="valuation", priority="", working_days=15, internal_working_days=10
    )
    with pytest.raises(services.DomainError) as caught:
        services.save_policy(
            by=world.hq_admin, category="valuation", priority="", working_days=12, internal_working_days=8
        )
    assert caught.value.field == "category"
    with pytest.raises(services.DomainError) as caught:
        services.save_policy(by=world.hq_admin, category="origin", priority="", working_days=5, internal_working_days=6)
    assert caught.value.field == "internal_working_days"
    assert list(DeadlinePolicy.objects.values_list("category", "working_days")) == [("valuation", 15)]


def test_a_new_policy_applies_to_questions_received_after_it(world):
    services.save_policy(by=world.hq_admin, category="", priority="", working_days=4, internal_working_days=2)
    question = _question(world, received=date(2026, 3, 2))
    assert (question.allowed_working_days, question.due_on) == (4, date(2026, 3, 6))


def test_the_calendar_page_shows_tet_and_the_form_error_beside_the_field(world, client_for):
    client = client_for("hq_admin")
    page = client.get("/org/working-calendar/")
    assert page.status_code == 200
    assert "Tết" in page.content.decode()
    response = client.post("/org/working-calendar/new/", {"day": "2026-03-04", "kind": "working_day", "name": "Làm bù"})
    assert response.status_code == 400
    assert response.context["form"].errors["day"]
    assert 'value="Làm bù"' in response.content.decode()


def test_a_manager_reads_the_rules_without_the_forms(world, client_for):
    page = client_for("r5_manager").get("/org/deadline-policies/")
    assert page.status_code == 200
    assert b'action="/org/deadline-policies/new/"' not in page.content


def test_the_api_refuses_a_bad_policy_with_400(world, api_for):
    response = api_for("hq_admin").post(
        "/api/v1/deadline-policies/",
        {"category": "origin", "priority": "", "working_days": 5, "internal_working_days": 9},
        format="json",
    )
    assert response.status_code == 400
    assert "internal_working_days" in response.json()
