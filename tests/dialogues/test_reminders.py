"""Reminders: the beat-driven scans write each reminder once per (subject, kind, window, recipient), to the right
people, on the right day, following each branch's settings; the weekly digest; mutes and breaches."""

import threading
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from crm.errors import DomainError
from crm.models import Notification, NotificationKind, ReminderRule, ReminderSetting
from crm.models.users import Role
from crm.services import notifications
from crm.services.reminders import window_after, window_before, window_every
from crm.workdays import Calendar
from dialogues.models import FollowUpAction, Question, QuestionStatus
from dialogues.models.actions import OwnerSide
from dialogues.services import bank as bank_services
from dialogues.services import digest, reminders
from partnerships.models import AgreementStatus
from tests import factories
from tests.dialogues.access_portal_questions import ask, ask_for_info, assign, log_by_staff
from tests.dialogues.factories import make_action, make_conference, register, today
from tests.partnerships.factories import make_agreement

K = NotificationKind


def sent(kind, **filters) -> list[Notification]:
    return list(Notification.objects.filter(kind=kind, **filters).order_by("pk"))


def recipients(kind, **filters) -> list[str]:
    return sorted(n.recipient.username if n.recipient_id else n.email for n in sent(kind, **filters))


@pytest.fixture
def held(world):
    return make_conference(branch=world.region5, status="held", by=world.r5_manager)


def action(world, held, *, due_in: int, owner=None, **fields) -> FollowUpAction:
    created = make_action(conference=held, by=world.r5_manager, owner=owner or world.r5_officer, **fields)
    FollowUpAction.objects.filter(pk=created.pk).update(due_on=today() + timedelta(days=due_in))
    created.refresh_from_db()
    return created


# ---------------------------------------------------------------------------------------------------- windows


def test_the_window_before_is_the_nearest_offset_not_yet_passed():
    assert window_before(3, (3, 0)) == 3
    assert window_before(2, (3, 0)) == 3  # the scan missed the day: the 3-day reminder still goes, once
    assert window_before(0, (3, 0)) == 0
    assert window_before(4, (3, 0)) is None
    assert window_before(-1, (3, 0)) is None
    assert window_before(45, (90, 30, 7)) == 90


def test_the_window_after_is_the_last_offset_reached():
    assert window_after(2, (3, 7)) is None
    assert window_after(3, (3, 7)) == 3
    assert window_after(6, (3, 7)) == 3
    assert window_after(30, (3, 7)) == 7


def test_overdue_windows_start_the_day_after_then_weekly():
    assert window_every(0, 7) is None
    assert [window_every(d, 7) for d in (1, 7, 8, 14, 15)] == [0, 0, 1, 1, 2]


# ----------------------------------------------------------------------------------------------------- actions


def test_an_action_due_in_two_days_gets_one_reminder_then_one_on_the_day(world, held):
    due = action(world, held, due_in=2)
    reminders.scan_actions(today())
    reminders.scan_actions(today())  # a second beat writes nothing
    first = sent(K.ACTION_DUE, subject=f"action:{due.pk}")
    assert [n.recipient for n in first] == [world.r5_officer]
    assert first[0].payload["days_left"] == 2
    assert first[0].payload["due_on"] == due.due_on.isoformat()
    reminders.scan_actions(today() + timedelta(days=1))  # still inside the same window
    assert len(sent(K.ACTION_DUE)) == 1
    reminders.scan_actions(today() + timedelta(days=2))  # the day itself
    assert len(sent(K.ACTION_DUE)) == 2
    assert sent(K.ACTION_DUE)[-1].payload["days_left"] == 0


def test_settled_and_distant_actions_get_nothing(world, held):
    action(world, held, due_in=10)
    done = action(world, held, due_in=1)
    FollowUpAction.objects.filter(pk=done.pk).update(status="cancelled")
    reminders.scan_actions(today())
    assert Notification.objects.filter(kind__startswith="action_").count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_scans_running_at_once_write_one_reminder(world, held):
    action(world, held, due_in=1)
    barrier = threading.Barrier(2)
    errors = []

    def scan():
        try:
            barrier.wait(timeout=10)
            reminders.scan_actions(today())
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert Notification.objects.filter(kind=K.ACTION_DUE).count() == 1


def test_overdue_reminders_the_day_after_then_weekly_and_escalate_after_seven_days(world, held):
    late = action(world, held, due_in=-1)
    reminders.scan_actions(today())
    assert recipients(K.ACTION_OVERDUE) == ["r5_officer"]
    assert sent(K.ACTION_OVERDUE)[0].payload["days_over"] == 1
    assert sent(K.ACTION_ESCALATED) == []

    for day in range(1, 7):  # days 2–7 overdue: same week, nothing new for the owner
        reminders.scan_actions(today() + timedelta(days=day))
    assert len(sent(K.ACTION_OVERDUE)) == 1
    # Seven days overdue: the owner's manager is told, once.
    assert recipients(K.ACTION_ESCALATED) == ["r5_manager"]
    escalation = sent(K.ACTION_ESCALATED)[0]
    assert escalation.payload["action"] == late.pk
    assert escalation.payload["days_over"] == 7

    reminders.scan_actions(today() + timedelta(days=7))  # day 8: the second weekly reminder
    reminders.scan_actions(today() + timedelta(days=20))  # day 21: week 3 started on day 15, beyond the catch-up
    assert len(sent(K.ACTION_OVERDUE)) == 2
    reminders.scan_actions(today() + timedelta(days=16))  # day 17: within the 3 days' catch-up of week 3
    assert len(sent(K.ACTION_OVERDUE)) == 3
    assert len(sent(K.ACTION_ESCALATED)) == 1


def test_a_long_forgotten_action_is_not_reread_by_every_scan(world, held):
    action(world, held, due_in=-400)
    action(world, held, due_in=-10)  # its weekly step (day 8) came 2 days ago: still sent (catch-up)
    action(world, held, due_in=-11)  # 3 days ago: skipped until next week's step
    with CaptureQueriesContext(connection) as queries:
        reminders.scan_actions(today())
    assert [n.payload["days_over"] for n in sent(K.ACTION_OVERDUE)] == [10]
    overdue_read = [q["sql"] for q in queries if "dialogues_followupaction" in q["sql"] and '"due_on" IN' in q["sql"]]
    assert overdue_read  # the overdue pass asks for the dates with a step due, not every past date


def test_a_managers_own_overdue_action_escalates_to_the_unit_above(world, held):
    hq_manager = factories.make_staff(username="hq_manager", branch=world.department, role=Role.MANAGER)
    action(world, held, due_in=-8, owner=world.r5_manager)
    reminders.scan_actions(today())
    assert recipients(K.ACTION_ESCALATED) == [hq_manager.username]


def test_an_enterprise_owned_action_reminds_its_portal_users(world, held):
    action(world, held, due_in=1, owner=None, owner_side=OwnerSide.BUSINESS, owner_enterprise=world.ent_a)
    reminders.scan_actions(today())
    reminder = sent(K.ACTION_DUE)
    assert [n.recipient for n in reminder] == [world.portal_a]
    assert "/actions/" not in reminder[0].payload["url"]  # no staff page in a business's email


def test_a_unit_setting_changes_the_offsets_for_its_subtree_only(world, held):
    ReminderSetting.objects.create(branch=world.region5, rule=ReminderRule.ACTION_DUE, days=[10, 0])
    office_conference = make_conference(branch=world.region5_office, status="held", by=world.r5_manager)
    far = make_action(
        conference=office_conference, by=world.r5_manager, owner=world.r5_office_officer, title="Tập huấn"
    )
    FollowUpAction.objects.filter(pk=far.pk).update(due_on=today() + timedelta(days=9))
    r6_conference = make_conference(branch=world.region6, status="held", by=world.r6_officer)
    r6_action = make_action(conference=r6_conference, by=world.r6_officer, owner=world.r6_officer)
    FollowUpAction.objects.filter(pk=r6_action.pk).update(due_on=today() + timedelta(days=9))
    reminders.scan_actions(today())
    assert recipients(K.ACTION_DUE) == ["r5_office_officer"]  # Region VI keeps the 3-day default


def test_a_disabled_reminder_is_not_written_and_copy_managers_adds_them(world, held):
    ReminderSetting.objects.create(branch=world.region5, rule=ReminderRule.ACTION_OVERDUE, enabled=False)
    ReminderSetting.objects.create(branch=world.region5, rule=ReminderRule.ACTION_DUE, days=[3], copy_managers=True)
    action(world, held, due_in=-1)
    action(world, held, due_in=1)
    reminders.scan_actions(today())
    assert sent(K.ACTION_OVERDUE) == []
    assert recipients(K.ACTION_DUE) == ["r5_manager", "r5_officer"]


# --------------------------------------------------------------------------------------------------- questions


def test_the_assigned_officer_is_reminded_before_the_deadline_and_managers_on_breach(world):
    question = log_by_staff(world)
    assign(world, question)
    question.refresh_from_db()
    Question.objects.filter(pk=question.pk).update(due_on=today() + timedelta(days=1))
    # Whatever the weekday, "tomorrow" is within 2 working days.
    reminders.scan_questions(today())
    reminders.scan_questions(today())
    assert recipients(K.QUESTION_DEADLINE_APPROACHING) == ["r5_officer"]
    assert sent(K.QUESTION_DEADLINE_BREACHED) == []

    reminders.scan_questions(today() + timedelta(days=2))
    assert recipients(K.QUESTION_DEADLINE_BREACHED) == ["r5_manager", "r5_officer"]
    reminders.scan_questions(today() + timedelta(days=3))
    assert len(sent(K.QUESTION_DEADLINE_BREACHED)) == 2  # once per deadline


def test_an_extension_gives_a_new_reminder_for_the_new_date(world):
    question = log_by_staff(world)
    assign(world, question)
    Question.objects.filter(pk=question.pk).update(due_on=today())
    reminders.scan_questions(today())
    Question.objects.filter(pk=question.pk).update(due_on=today() + timedelta(days=1))
    reminders.scan_questions(today())
    assert len(sent(K.QUESTION_DEADLINE_APPROACHING)) == 2


def test_a_paused_or_answered_question_is_not_chased(world):
    paused = ask_for_info(world, ask(world))
    Question.objects.filter(pk=paused.pk).update(due_on=today() - timedelta(days=3))
    closed = log_by_staff(world, title="Đã trả lời")
    Question.objects.filter(pk=closed.pk).update(status=QuestionStatus.CLOSED, due_on=today() - timedelta(days=3))
    reminders.scan_questions(today())
    assert sent(K.QUESTION_DEADLINE_BREACHED) == []
    assert sent(K.QUESTION_DEADLINE_APPROACHING) == []


def test_an_enterprise_that_has_not_replied_for_five_working_days_is_reminded_once(world):
    contact = factories.make_contact(enterprise=world.ent_a, email="an.nguyen@donga.vn")
    question = log_by_staff(world, contact=contact)
    ask_for_info(world, question)
    Question.objects.filter(pk=question.pk).update(paused_at=timezone.now() - timedelta(days=2))
    reminders.scan_questions(today())
    assert sent(K.QUESTION_WAITING) == []
    threshold = reminders._working_days_back(Calendar(), today(), 5)  # paused that day: 5 working days ago
    Question.objects.filter(pk=question.pk).update(paused_at=reminders._local_day_start(threshold))
    reminders.scan_questions(today())
    reminders.scan_questions(today())
    assert recipients(K.QUESTION_WAITING) == ["an.nguyen@donga.vn", "ent_a"]
    # Long forgotten (a month): not reread by every scan.
    Question.objects.filter(pk=question.pk).update(paused_at=timezone.now() - timedelta(days=30))
    Notification.objects.filter(kind=K.QUESTION_WAITING).delete()
    reminders.scan_questions(today())
    assert sent(K.QUESTION_WAITING) == []
    assert all(n.payload["url"].startswith("/portal/") for n in sent(K.QUESTION_WAITING))


# -------------------------------------------------------------------------------------- agreements, conferences


def test_agreement_review_and_expiry_reach_the_focal_officers_and_the_managers(world):
    agreement = make_agreement(
        branch=world.region5,
        status=AgreementStatus.ACTIVE,
        by=world.r5_manager,
        expires_on=today() + timedelta(days=25),
    )
    agreement.focal_officers.set([world.r5_officer])
    type(agreement).objects.filter(pk=agreement.pk).update(next_review_on=today() + timedelta(days=80))
    from partnerships.services import reminders as agreement_reminders

    agreement_reminders.scan_agreements(today())
    agreement_reminders.scan_agreements(today())
    assert recipients(K.AGREEMENT_EXPIRING) == ["r5_manager", "r5_officer"]
    assert {n.dedupe_key.split(":")[4] for n in sent(K.AGREEMENT_EXPIRING)} == {"30d"}
    assert recipients(K.AGREEMENT_REVIEW_DUE) == ["r5_manager", "r5_officer"]
    agreement_reminders.scan_agreements(today() + timedelta(days=20))  # 5 days left: the 7-day reminder
    assert len(sent(K.AGREEMENT_EXPIRING)) == 4


def test_registered_attendees_get_the_conference_reminder_with_the_calendar_file(world, settings):
    conference = make_conference(
        branch=world.region5,
        by=world.r5_manager,
        starts_at=timezone.now() + timedelta(days=6, hours=1),
        invite=[world.ent_a],
    )
    registration = register(conference, world.ent_a, "Trần Thị Hương", by=world.portal_a)
    registration.attendees.update(email="huong.tran@donga.vn")
    world.portal_a.email = "portal@donga.vn"
    world.portal_a.save()
    reminders.scan_conferences(today())
    reminders.scan_conferences(today())
    assert recipients(K.CONFERENCE_UPCOMING) == ["ent_a", "huong.tran@donga.vn"]
    notifications.deliver_pending()
    ics = [a for m in mail.outbox for a in m.attachments if a[0] == "conference.ics"]
    assert len(ics) == 2
    assert "BEGIN:VEVENT" in ics[0][1]


def test_an_organiser_is_reminded_of_a_conference_left_without_a_report(world):
    conference = make_conference(
        branch=world.region5,
        by=world.r5_officer,
        starts_at=timezone.now() - timedelta(days=4, hours=5),
        ends_at=timezone.now() - timedelta(days=4),
    )
    make_conference(
        branch=world.region5, status="held", by=world.r5_officer, title="Đã có báo cáo"
    )  # has its report: not chased
    reminders.scan_conferences(today())
    assert recipients(K.CONFERENCE_NOT_CLOSED) == ["r5_officer"]
    assert sent(K.CONFERENCE_NOT_CLOSED)[0].payload["conference"] == conference.pk
    reminders.scan_conferences(today() + timedelta(days=4))  # 8 days after: the second reminder
    reminders.scan_conferences(today() + timedelta(days=10))
    assert len(sent(K.CONFERENCE_NOT_CLOSED)) == 2


def test_an_entry_that_needs_updating_tells_its_editors(world):
    from tests.dialogues.bank_factories import make_entry

    entry = make_entry(world)
    bank_services.flag_overdue_reviews(today=entry.review_due_on + timedelta(days=1))
    bank_services.flag_overdue_reviews(today=entry.review_due_on + timedelta(days=2))
    people = recipients(K.BANK_ENTRY_NEEDS_UPDATE)
    assert people
    assert set(people) <= {"r5_officer", "r5_manager"}
    assert len(people) == len(set(people))


# ------------------------------------------------------------------------------------------------------ digest


def monday(hour: int) -> datetime:
    day = today() - timedelta(days=today().weekday())
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=hour))


def test_the_weekly_digest_lists_what_each_manager_must_chase(world, held, settings):
    settings.DIGEST_HOUR = 7
    action(world, held, due_in=(monday(0).date() - today()).days - 3, title="Gửi văn bản hướng dẫn C/O")
    r6_conference = make_conference(branch=world.region6, status="held", by=world.r6_officer)
    make_action(conference=r6_conference, by=world.r6_officer, owner=world.r6_officer)
    r6_manager = factories.make_staff(username="r6_manager", branch=world.region6, role=Role.MANAGER)
    FollowUpAction.objects.filter(branch=world.region6).update(due_on=today() - timedelta(days=40))
    assert digest.send_weekly_digest(now=monday(6)) == {"skipped": "not Monday morning yet"}
    assert digest.send_weekly_digest(now=monday(6) - timedelta(days=1))["skipped"]

    digest.send_weekly_digest(now=monday(8))
    digest.send_weekly_digest(now=monday(9))  # once per week
    by_user = {n.recipient: n for n in sent(K.WEEKLY_DIGEST)}
    assert set(by_user) == {world.r5_manager, r6_manager}
    r5 = by_user[world.r5_manager].payload["sections"]
    assert r5["overdue_actions"]["count"] == 1
    assert r5["overdue_actions"]["items"][0]["title"] == "Gửi văn bản hướng dẫn C/O"
    assert by_user[r6_manager].payload["sections"]["overdue_actions"]["count"] == 1  # only Region VI's

    with translation.override("en"):
        _subject, text, html = notifications.render(by_user[world.r5_manager])
    assert "Gửi văn bản hướng dẫn C/O" in text
    assert "/actions/?view=overdue" in text
    assert "<html" in html


def test_a_manager_with_nothing_to_chase_gets_no_digest(world, settings):
    settings.DIGEST_HOUR = 7
    result = digest.send_weekly_digest(now=monday(8))
    assert result["nothing_to_report"] >= 1
    assert sent(K.WEEKLY_DIGEST) == []


# ------------------------------------------------------------------------------------------- mutes and emails


def test_a_muted_reminder_stays_in_the_inbox_but_a_breach_cannot_be_muted(world, held, settings):
    world.r5_officer.email = "officer@customs.gov.vn"
    world.r5_officer.save()
    notifications.set_mutes(user=world.r5_officer, kinds=[K.ACTION_DUE])
    with pytest.raises(DomainError) as refused:
        notifications.set_mutes(user=world.r5_officer, kinds=[K.QUESTION_DEADLINE_BREACHED])
    assert refused.value.field == "kinds"

    action(world, held, due_in=1)
    question = log_by_staff(world)
    assign(world, question)
    Question.objects.filter(pk=question.pk).update(due_on=today() - timedelta(days=1))
    notifications.deliver_pending()  # the assignment's own messages
    mail.outbox.clear()
    reminders.scan_actions(today())
    reminders.scan_questions(today())
    notifications.deliver_pending()
    officer_mail = [m for m in mail.outbox if "officer@customs.gov.vn" in m.to[0]]
    assert len(officer_mail) == 1  # the breach; the muted "due" reminder is not emailed
    assert notifications.inbox(world.r5_officer).filter(kind=K.ACTION_DUE).count() == 1


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_reminder_renders_a_subject_text_and_html(world, language):
    payloads = {
        "due_on": "2026-12-07",
        "date": "2027-01-15",
        "starts_at": "2026-12-10T08:00:00+07:00",
        "days_left": 3,
        "days_over": 8,
        "days_after": 3,
        "working_days": 5,
        "title": "Trả lời về thủ tục hoàn thuế",
        "reference": "VM-2026-000123",
        "reason": "Thông tư 38/2015/TT-BTC đã được sửa đổi.",
        "url": "/questions/1/",
    }
    kinds = [
        K.ACTION_DUE,
        K.ACTION_OVERDUE,
        K.ACTION_ESCALATED,
        K.QUESTION_DEADLINE_APPROACHING,
        K.QUESTION_DEADLINE_BREACHED,
        K.QUESTION_WAITING,
        K.AGREEMENT_REVIEW_DUE,
        K.AGREEMENT_EXPIRING,
        K.CONFERENCE_UPCOMING,
        K.CONFERENCE_NOT_CLOSED,
        K.BANK_ENTRY_NEEDS_UPDATE,
    ]
    for kind in kinds:
        note = Notification(kind=kind, recipient=world.r5_officer, language=language, payload=payloads, dedupe_key=kind)
        subject, text, html = notifications.render(note)
        assert subject, kind
        assert "\n" not in subject, kind
        assert "VM-2026-000123" in subject, kind
        assert "/questions/1/" in text, kind
        assert "/questions/1/" in html, kind
        assert "{{" not in text, kind
        assert "{%" not in text, kind
    due = Notification(kind=K.ACTION_DUE, recipient=world.r5_officer, language=language, payload=payloads)
    assert "07" in notifications.render(due)[1]  # the date is shown


def test_the_beat_runs_the_scans():
    from django.conf import settings

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"dialogues.send_reminders", "partnerships.send_reminders", "dialogues.send_weekly_digest"} <= tasks


@pytest.mark.parametrize(
    ("kind", "payload", "expected"),
    [
        (K.CONFERENCE_INVITATION, {"conference": 3, "token": "abc123"}, "/portal/conferences/register/abc123/"),
        (K.QUESTION_ANSWERED, {"question": 5, "rating_token": "r4t3"}, "/rate/r4t3/"),
        (
            K.PORTAL_INVITATION,
            {"enterprise_name": "Đông Á", "username": "donga", "set_password_url": "https://crm.example/reset/x/y/"},
            "https://crm.example/reset/x/y/",
        ),
        (K.QUESTION_INFO_REQUESTED, {"question": 5, "message": "Gửi catalogue."}, "Gửi catalogue."),
    ],
)
def test_event_emails_carry_the_link_the_reader_needs(world, kind, payload, expected):
    note = Notification(kind=kind, email="an@donga.vn", name="Nguyễn Văn An", language="vi", payload=payload)
    _subject, text, html = notifications.render(note)
    assert expected in text
    assert expected.rstrip("/").rsplit("/", 1)[-1] in html
    assert "Nguyễn Văn An" in text


def test_an_email_to_a_user_greets_them_by_name_and_links_to_their_page(world):
    world.r5_officer.full_name = "Trần Văn Dũng"
    world.r5_officer.save()
    note = Notification(kind=K.QUESTION_ASSIGNED, recipient=world.r5_officer, subject="question:42", payload={})
    _subject, text, html = notifications.render(note)
    assert "Trần Văn Dũng" in text
    assert "/questions/42/" in text
    assert 'href="http' in html


def test_a_breach_is_told_when_it_happens_not_by_every_later_scan(world):
    old = log_by_staff(world, title="Quá hạn từ lâu")
    recent = log_by_staff(world, title="Vừa quá hạn")
    for question in (old, recent):
        assign(world, question)
    Question.objects.filter(pk=old.pk).update(due_on=today() - timedelta(days=30))
    Question.objects.filter(pk=recent.pk).update(due_on=today() - timedelta(days=2))
    reminders.scan_questions(today())
    assert {n.payload["question"] for n in sent(K.QUESTION_DEADLINE_BREACHED)} == {recent.pk}
