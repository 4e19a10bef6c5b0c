"""The question services: the working-day deadline clock (Tết, weekends, pauses, extension), every legal and illegal
status move, answers with their legal basis, merging, ratings, reopening and intake validation.

Time is controlled by passing `received_at` and by freezing `django.utils.timezone.now` (see `frozen`)."""

import itertools
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from crm.errors import DomainError
from crm.models import Notification, NotificationKind, User
from crm.workdays import Calendar
from dialogues import selectors
from dialogues.models import (
    Answer,
    AnswerKind,
    AnswerSource,
    AnswerStatus,
    DeadlinePolicy,
    EventKind,
    LegalDocumentType,
    Question,
    QuestionAttachment,
    QuestionChannel,
    QuestionEvent,
    QuestionSequence,
    QuestionStatus,
    Rating,
)
from dialogues.services import legal as legal_services
from dialogues.services import questions as services
from partnerships.models import Enrolment, EnrolmentStatus, Programme, ProgrammeKind
from tests import factories
from tests.dialogues.factories import JPEG_BYTES, PDF_BYTES, PNG_BYTES

pytestmark = pytest.mark.django_db

S = QuestionStatus
VN = ZoneInfo("Asia/Ho_Chi_Minh")
D = date


def local(y: int, m: int, d: int, h: int = 10, mi: int = 0) -> datetime:
    """An aware datetime in Vietnamese time."""
    return datetime(y, m, d, h, mi, tzinfo=VN)


@contextmanager
def frozen(moment: datetime):
    """Every timezone.now() (services, auto_now_add) returns `moment`."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def doc(world):
    return legal_services.create_legal_document(
        by=world.r5_officer,
        number="38/2015/TT-BTC",
        doc_type=LegalDocumentType.CIRCULAR,
        title="Thông tư quy định về thủ tục hải quan",
        issuer="Bộ Tài chính",
        issued_on=D(2015, 3, 25),
    )


_titles = itertools.count(1)


def record(world, *, by=None, branch=None, enterprise="ent_a", **fields) -> Question:
    fields.setdefault("title", f"Hoàn thuế nhập khẩu nguyên liệu {next(_titles)}")
    fields.setdefault("body", "Thủ tục hoàn thuế đối với nguyên liệu nhập khẩu để sản xuất hàng xuất khẩu?")
    fields.setdefault("channel", QuestionChannel.HOTLINE)
    return services.record_question(
        by=by or world.r5_officer,
        branch=branch or world.region5,
        enterprise=getattr(world, enterprise) if isinstance(enterprise, str) else enterprise,
        **fields,
    )


def reload(question: Question) -> Question:
    return Question.objects.get(pk=question.pk)


# Each step drives the question one move on through the real services (a manager acts, so every move is allowed).
def _step(world, doc, question, name):
    m = world.r5_manager
    if name == "triage":
        services.triage(question=question, by=m, category="valuation", priority="normal")
    elif name == "assign":
        services.assign(question=question, by=m, unit=world.region5, assignee=world.r5_officer)
    elif name == "draft":
        services.draft_answer(question=question, by=world.r5_officer, body="Căn cứ Điều 22…", citations=[(doc, "22")])
    elif name == "submit":
        services.submit_answer(question=question, by=world.r5_officer)
    elif name == "approve":
        services.approve_answer(question=question, by=m, letter_number="123/HQKV5-NV")
    elif name == "close":
        services.close(question=question, by=m)
    elif name == "request_info":
        services.request_info(question=question, by=m, message="Đề nghị gửi tờ khai")
    elif name == "escalate":
        services.escalate(question=question, by=m, level="department", interim_reply="Đang xin ý kiến Cục")
    elif name == "reopen":
        services.reopen(question=question, by=m, reason="Chưa rõ")
    return reload(question)


PATHS = {
    S.RECEIVED: [],
    S.TRIAGED: ["triage"],
    S.ASSIGNED: ["triage", "assign"],
    S.DRAFTING: ["triage", "assign", "draft"],
    S.PENDING_APPROVAL: ["triage", "assign", "draft", "submit"],
    S.ANSWERED: ["triage", "assign", "draft", "submit", "approve"],
    S.CLOSED: ["triage", "assign", "draft", "submit", "approve", "close"],
    S.AWAITING_ENTERPRISE: ["triage", "assign", "request_info"],
    S.ESCALATED: ["triage", "assign", "escalate"],
    S.REOPENED: ["triage", "assign", "draft", "submit", "approve", "reopen"],
}


def question_in(world, doc, status, **fields) -> Question:
    question = record(world, **fields)
    for name in PATHS[status]:
        question = _step(world, doc, question, name)
    assert question.status == status
    return question


def test_every_status_has_a_path():
    assert set(PATHS) == set(QuestionStatus.values)


# --- 1/2. Due dates ----------------------------------------------------------------------------------------------


def test_a_question_received_just_before_tet_is_due_after_it(world):
    # Friday 13 Feb 2026; Tết is Mon 16 – Fri 20 Feb. 10 working days: 23, 24, 25, 26, 27 Feb, 2, 3, 4, 5, 6 Mar.
    # The internal target (7): … 2, 3 Mar.
    question = record(world, received_at=local(2026, 2, 13, 16, 30))
    assert (question.allowed_working_days, question.internal_working_days) == (10, 7)
    assert question.due_on == D(2026, 3, 6)
    assert question.internal_due_on == D(2026, 3, 3)
    assert reload(question).due_on == D(2026, 3, 6)


def test_tet_2027_pushes_an_urgent_question_out(world):
    # Wednesday 3 Feb 2027; Tết Thu 4 – Wed 10 Feb (weekend inside). Urgent: 3 days → 11, 12, 15 Feb; internal 2.
    with frozen(local(2027, 2, 3, 9)):
        question = record(world, priority="urgent")
    assert question.reference.startswith("VM-2027-")
    assert (question.due_on, question.internal_due_on) == (D(2027, 2, 15), D(2027, 2, 12))


def test_a_weekend_pushes_the_due_date_out(world):
    # Wed 25 Nov 2026 + 3 (urgent): 26, 27 Nov, Mon 30 Nov.
    question = record(world, priority="urgent", received_at=local(2026, 11, 25, 9))
    assert (question.due_on, question.internal_due_on) == (D(2026, 11, 30), D(2026, 11, 27))


def test_the_deadline_starts_from_the_vietnamese_date_of_receipt(world):
    # 20:00 UTC on Thursday 12 Feb is 03:00 on Friday 13 Feb in Hà Nội: counted from Friday.
    from datetime import UTC

    question = record(world, received_at=datetime(2026, 2, 12, 20, 0, tzinfo=UTC))
    assert question.due_on == D(2026, 3, 6)


def test_the_national_day_and_30_april_are_skipped(world):
    # Thu 27 Aug 2026 + 3 (urgent): Fri 28, (31/8, 1/9, 2/9 off) Thu 3 Sep, Fri 4 Sep.
    assert record(world, priority="urgent", received_at=local(2026, 8, 27)).due_on == D(2026, 9, 4)
    # Wed 29 Apr 2026 + 3: (30/4, 1/5 off) Mon 4, Tue 5, Wed 6 May.
    assert record(world, priority="urgent", received_at=local(2026, 4, 29)).due_on == D(2026, 5, 6)


def test_an_administrator_day_off_moves_the_due_date(world):
    from crm.models import CalendarDay, CalendarDayKind

    # Mon 2 Mar 2026 + 3 (urgent): 3, 4, 5 Mar; with Wed 4 off: 3, 5, 6 Mar.
    assert record(world, priority="urgent", received_at=local(2026, 3, 2)).due_on == D(2026, 3, 5)
    CalendarDay.objects.create(day=D(2026, 3, 4), kind=CalendarDayKind.DAY_OFF, name="Nghỉ")
    assert record(world, priority="urgent", received_at=local(2026, 3, 2)).due_on == D(2026, 3, 6)
    # Thu 5 Mar + 3: 6, 9, 10 Mar; with a make-up Saturday the 7th: 6, 7, 9 Mar.
    assert record(world, priority="urgent", received_at=local(2026, 3, 5)).due_on == D(2026, 3, 10)
    CalendarDay.objects.create(day=D(2026, 3, 7), kind=CalendarDayKind.WORKING_DAY, name="Làm bù")
    assert record(world, priority="urgent", received_at=local(2026, 3, 5)).due_on == D(2026, 3, 9)


@pytest.fixture
def policies():
    DeadlinePolicy.objects.create(category="", priority="", working_days=15, internal_working_days=12)
    DeadlinePolicy.objects.create(category="", priority="high", working_days=6, internal_working_days=4)
    DeadlinePolicy.objects.create(category="valuation", priority="", working_days=8, internal_working_days=5)
    DeadlinePolicy.objects.create(category="valuation", priority="high", working_days=4, internal_working_days=2)


@pytest.mark.parametrize(
    ("category", "priority", "expected"),
    [
        ("valuation", "high", (4, 2)),  # category + priority
        ("valuation", "urgent", (8, 5)),  # category beats priority-less default
        ("valuation", "normal", (8, 5)),
        ("origin", "high", (6, 4)),  # priority
        ("origin", "normal", (15, 12)),  # the catch-all row
    ],
)
def test_the_most_specific_policy_wins(world, policies, category, priority, expected):
    assert services.deadline_policy(category, priority) == expected
    question = record(world, category=category, priority=priority, received_at=local(2026, 3, 2))
    assert (question.allowed_working_days, question.internal_working_days) == expected
    assert question.due_on == Calendar().add(D(2026, 3, 2), expected[0])


def test_category_beats_priority(world):
    DeadlinePolicy.objects.create(category="", priority="high", working_days=6, internal_working_days=4)
    DeadlinePolicy.objects.create(category="valuation", priority="", working_days=8, internal_working_days=5)
    assert services.deadline_policy("valuation", "high") == (8, 5)


@pytest.mark.parametrize(("priority", "expected"), [("normal", (10, 7)), ("high", (7, 5)), ("urgent", (3, 2))])
def test_without_a_policy_the_settings_default_applies(world, settings, priority, expected):
    assert settings.QUESTION_DEFAULT_WORKING_DAYS[priority] == expected
    DeadlinePolicy.objects.create(category="valuation", priority="", working_days=8, internal_working_days=5)
    assert services.deadline_policy("origin", priority) == expected
    question = record(world, priority=priority, received_at=local(2026, 3, 2))
    assert question.internal_due_on < question.due_on


def test_triage_recomputes_the_deadline_from_receipt(world):
    question = record(world, received_at=local(2026, 2, 13))
    assert question.due_on == D(2026, 3, 6)
    question = services.triage(question=question, by=world.r5_officer, category="origin", priority="urgent")
    # Urgent: 3 days from Fri 13 Feb → 23, 24, 25 Feb; internal 2 → 24 Feb.
    assert (question.category, question.priority) == ("origin", "urgent")
    assert (question.allowed_working_days, question.internal_working_days) == (3, 2)
    assert (reload(question).due_on, reload(question).internal_due_on) == (D(2026, 2, 25), D(2026, 2, 24))


def test_triage_refuses_an_unknown_category_or_priority(world):
    question = record(world)
    with pytest.raises(DomainError) as exc:
        services.triage(question=question, by=world.r5_officer, category="nonsense", priority="normal")
    assert exc.value.field == "category"
    with pytest.raises(DomainError) as exc:
        services.triage(question=question, by=world.r5_officer, category="origin", priority="asap")
    assert exc.value.field == "priority"
    assert reload(question).status == S.RECEIVED


def test_an_extension_moves_only_the_due_date_and_is_given_once(world):
    question = record(world, received_at=local(2026, 2, 13))
    question = services.extend_deadline(question=question, by=world.r5_officer, days=5, reason="Cần xác minh")
    # 10 + 5 working days from Fri 13 Feb: … 6 Mar, 9, 10, 11, 12, 13 Mar.
    assert reload(question).due_on == D(2026, 3, 13)
    assert reload(question).internal_due_on == D(2026, 3, 3)
    assert (question.extension_days, question.extension_reason) == (5, "Cần xác minh")
    event = QuestionEvent.objects.get(question=question, kind=EventKind.EXTENDED)
    assert event.public
    assert event.text == "Cần xác minh"
    assert "extend" not in services.allowed_actions(reload(question), world.r5_officer)

    with pytest.raises(DomainError, match="already been extended"):
        services.extend_deadline(question=question, by=world.r5_officer, days=1, reason="Lần hai")
    assert reload(question).due_on == D(2026, 3, 13)


def test_an_extension_needs_a_reason(world):
    question = record(world)
    with pytest.raises(DomainError) as exc:
        services.extend_deadline(question=question, by=world.r5_officer, days=3, reason="   ")
    assert exc.value.field == "reason"
    assert reload(question).extension_days == 0


@pytest.mark.parametrize("days", [0, -1, 11, 30])
def test_an_extension_outside_the_allowed_range_is_refused(world, settings, days):
    assert settings.QUESTION_MAX_EXTENSION_DAYS == 10
    question = record(world)
    with pytest.raises(DomainError) as exc:
        services.extend_deadline(question=question, by=world.r5_officer, days=days, reason="Lý do")
    assert exc.value.field == "days"
    assert reload(question).extension_days == 0


def test_an_extension_by_a_non_number_is_refused_cleanly(world):
    question = record(world)
    with pytest.raises(DomainError):
        services.extend_deadline(question=question, by=world.r5_officer, days="năm", reason="Lý do")


def _vc_programme(world, enterprise, status=EnrolmentStatus.ACTIVE):
    programme, _ = Programme.objects.get_or_create(
        code="tuan-thu-tu-nguyen",
        defaults={"kind": ProgrammeKind.VOLUNTARY_COMPLIANCE, "name_vi": "Chương trình tuân thủ tự nguyện"},
    )
    return Enrolment.objects.create(programme=programme, enterprise=enterprise, branch=world.region5, status=status)


def test_a_voluntary_compliance_member_must_be_forwarded_within_24_hours(world):
    _vc_programme(world, world.ent_a)
    received = local(2026, 3, 6, 15)
    member = record(world, received_at=received)
    other = record(world, enterprise="ent_b", received_at=received)
    nobody = record(world, enterprise=None, received_at=received)
    assert reload(member).forward_due_at == received + timedelta(hours=24)
    assert reload(other).forward_due_at is None
    assert reload(nobody).forward_due_at is None


@pytest.mark.parametrize("status", [EnrolmentStatus.INVITED, EnrolmentStatus.EXITED, EnrolmentStatus.APPLIED])
def test_only_an_active_voluntary_compliance_member_gets_the_24_hour_target(world, status):
    _vc_programme(world, world.ent_a, status=status)
    assert record(world).forward_due_at is None


def test_an_aeo_member_is_not_a_voluntary_compliance_member(world):
    programme = Programme.objects.create(code="aeo", kind=ProgrammeKind.AEO, name_vi="DN ưu tiên")
    Enrolment.objects.create(
        programme=programme, enterprise=world.ent_a, branch=world.region5, status=EnrolmentStatus.ACTIVE
    )
    assert record(world).forward_due_at is None


# --- 3. Pause and resume -----------------------------------------------------------------------------------------


def test_asking_for_information_pauses_and_the_reply_moves_both_dates_by_the_days_waited(world, doc):
    # Received Mon 2 Mar 2026: due Mon 16 Mar (10), internal Wed 11 Mar (7).
    with frozen(local(2026, 3, 2, 9)):
        question = record(world)
        question = _step(world, doc, question, "triage")
        question = _step(world, doc, question, "assign")
    assert (question.due_on, question.internal_due_on) == (D(2026, 3, 16), D(2026, 3, 11))

    with frozen(local(2026, 3, 3, 11)):
        services.request_info(question=question, by=world.r5_officer, message="Gửi bản sao tờ khai")
    paused = reload(question)
    assert paused.status == S.AWAITING_ENTERPRISE
    assert paused.paused_at == local(2026, 3, 3, 11)
    assert paused.resume_status == S.ASSIGNED
    assert paused.is_paused
    assert paused.first_response_at == local(2026, 3, 3, 11)  # asking is the first response
    assert paused.first_response_working_days == 1

    # Three working days later (Wed 4, Thu 5, Fri 6).
    with frozen(local(2026, 3, 6, 14)):
        services.provide_info(question=paused, by=world.portal_a, text="Đã gửi bản sao tờ khai")
    resumed = reload(question)
    assert resumed.status == S.ASSIGNED
    assert resumed.paused_at is None
    assert resumed.resume_status == ""
    assert resumed.paused_working_days == 3
    calendar = Calendar()
    assert resumed.due_on == calendar.add(D(2026, 3, 16), 3) == D(2026, 3, 19)
    assert resumed.internal_due_on == calendar.add(D(2026, 3, 11), 3) == D(2026, 3, 16)
    kinds = list(QuestionEvent.objects.filter(question=question).values_list("kind", "public"))
    assert (EventKind.INFO_REQUESTED, True) in kinds
    assert (EventKind.ENTERPRISE_REPLY, True) in kinds


def test_a_pause_over_a_weekend_counts_only_working_days(world, doc):
    with frozen(local(2026, 3, 2, 9)):
        question = question_in(world, doc, S.ASSIGNED)
    with frozen(local(2026, 3, 6, 16)):  # Friday
        services.request_info(question=question, by=world.r5_officer, message="Bổ sung hợp đồng")
    with frozen(local(2026, 3, 10, 8)):  # Tuesday: Monday and Tuesday waited
        services.provide_info(question=question, by=world.r5_officer, text="DN gửi qua email")
    question = reload(question)
    assert question.paused_working_days == 2
    assert question.due_on == D(2026, 3, 18)


def test_a_pause_over_tet_counts_only_working_days(world, doc):
    with frozen(local(2026, 2, 10, 9)):
        question = question_in(world, doc, S.ASSIGNED)
    # Due: Tue 10 Feb + 10 → 11, 12, 13, 23, 24, 25, 26, 27 Feb, 2, 3 Mar.
    assert question.due_on == D(2026, 3, 3)
    with frozen(local(2026, 2, 12, 9)):  # Thursday before Tết
        services.request_info(question=question, by=world.r5_officer, message="Bổ sung C/O")
    with frozen(local(2026, 2, 23, 9)):  # Monday after Tết: Fri 13 and Mon 23 waited
        services.provide_info(question=question, by=world.portal_a, text="Đây là C/O")
    question = reload(question)
    assert question.paused_working_days == 2
    assert question.due_on == D(2026, 3, 5)


def test_a_reply_on_the_day_of_the_request_moves_nothing(world, doc):
    with frozen(local(2026, 3, 2, 9)):
        question = question_in(world, doc, S.ASSIGNED)
        services.request_info(question=question, by=world.r5_officer, message="?")
    with frozen(local(2026, 3, 2, 16)):
        services.provide_info(question=question, by=world.portal_a, text="!")
    assert (reload(question).paused_working_days, reload(question).due_on) == (0, D(2026, 3, 16))


@pytest.mark.parametrize("start", [S.RECEIVED, S.TRIAGED, S.ESCALATED, S.REOPENED])
def test_the_reply_returns_the_question_to_where_it_was(world, doc, start):
    question = question_in(world, doc, start)
    services.request_info(question=question, by=world.r5_officer, message="Bổ sung")
    services.provide_info(question=question, by=world.portal_a, text="Đã bổ sung")
    assert reload(question).status == start


def test_two_pauses_add_up(world, doc):
    with frozen(local(2026, 3, 2, 9)):
        question = question_in(world, doc, S.ASSIGNED)
    for ask, reply in ((local(2026, 3, 3), local(2026, 3, 5)), (local(2026, 3, 9), local(2026, 3, 12))):
        with frozen(ask):
            services.request_info(question=question, by=world.r5_officer, message="Bổ sung")
        with frozen(reply):
            services.provide_info(question=question, by=world.portal_a, text="Đây")
    question = reload(question)
    assert question.paused_working_days == 2 + 3
    assert question.due_on == Calendar().add(D(2026, 3, 2), 15)


def test_asking_and_replying_need_text(world, doc):
    question = question_in(world, doc, S.ASSIGNED)
    with pytest.raises(DomainError) as exc:
        services.request_info(question=question, by=world.r5_officer, message=" ")
    assert exc.value.field == "message"
    assert reload(question).status == S.ASSIGNED
    services.request_info(question=question, by=world.r5_officer, message="Bổ sung")
    with pytest.raises(DomainError) as exc:
        services.provide_info(question=question, by=world.portal_a, text="")
    assert exc.value.field == "text"
    assert reload(question).status == S.AWAITING_ENTERPRISE


def test_a_reply_may_be_only_a_file(world, doc):
    question = question_in(world, doc, S.AWAITING_ENTERPRISE)
    upload = SimpleUploadedFile("to-khai.pdf", PDF_BYTES, content_type="application/pdf")
    services.provide_info(question=question, by=world.portal_a, text="", attachments=[upload])
    assert reload(question).status == S.ASSIGNED
    attachment = QuestionAttachment.objects.get(question=question)
    assert (attachment.kind, attachment.internal, attachment.uploaded_by) == ("pdf", False, world.portal_a)


def _answer_on(world, doc, question, when):
    with frozen(when):
        services.draft_answer(
            question=question, by=world.r5_officer, body="Trả lời", citations=[(doc, "Điều 1")], submit=True
        )
        services.approve_answer(question=question, by=world.r5_manager)
    return reload(question)


def test_the_answer_time_excludes_the_days_waiting_for_the_enterprise(world, doc):
    with frozen(local(2026, 3, 2, 9)):
        question = question_in(world, doc, S.ASSIGNED)
    with frozen(local(2026, 3, 3, 9)):
        services.request_info(question=question, by=world.r5_officer, message="Bổ sung")
    with frozen(local(2026, 3, 6, 9)):
        services.provide_info(question=question, by=world.portal_a, text="Đây")
    question = _answer_on(world, doc, reload(question), local(2026, 3, 12, 15))
    # 2 → 12 Mar: 8 working days, 3 of them waiting.
    assert question.answer_working_days == 8 - 3
    assert question.answered_on_time is True
    assert question.first_response_working_days == 1


@pytest.mark.parametrize(
    ("answered", "on_time"),
    [
        (local(2026, 3, 16, 23, 50), True),  # the due date itself, late in the evening (Vietnamese time)
        (local(2026, 3, 17, 0, 10), False),  # the day after
        (local(2026, 3, 13, 9), True),
    ],
)
def test_answered_on_time_compares_the_vietnamese_answer_date_with_the_due_date(world, doc, answered, on_time):
    with frozen(local(2026, 3, 2, 9)):
        question = question_in(world, doc, S.ASSIGNED)
    assert question.due_on == D(2026, 3, 16)
    question = _answer_on(world, doc, question, answered)
    assert question.answered_on_time is on_time
    assert question.answered_at == answered


def test_a_late_answer_after_a_pause_is_on_time_if_within_the_moved_date(world, doc):
    with frozen(local(2026, 3, 2, 9)):
        question = question_in(world, doc, S.ASSIGNED)
    with frozen(local(2026, 3, 3, 9)):
        services.request_info(question=question, by=world.r5_officer, message="Bổ sung")
    with frozen(local(2026, 3, 6, 9)):
        services.provide_info(question=question, by=world.portal_a, text="Đây")
    # Originally due 16 Mar, now 19 Mar.
    question = _answer_on(world, doc, reload(question), local(2026, 3, 18, 9))
    assert question.answered_on_time is True


# --- 4. Every legal and illegal transition -----------------------------------------------------------------------


class Ctx:
    """What some actions need: a question answered earlier (for the bank) and a target to merge into."""

    def __init__(self, world, doc):
        self.world, self.doc = world, doc

    @property
    def bank(self):
        if not hasattr(self, "_bank"):
            self._bank = question_in(self.world, self.doc, S.ANSWERED)
        return self._bank

    @property
    def target(self):
        if not hasattr(self, "_target"):
            self._target = record(self.world)
        return self._target


ACTIONS = {
    "triage": lambda q, by, c: services.triage(question=q, by=by, category="origin", priority="high"),
    "assign": lambda q, by, c: services.assign(question=q, by=by, unit=c.world.region5, assignee=c.world.r5_officer),
    "draft": lambda q, by, c: services.draft_answer(
        question=q, by=by, body="Bản trả lời", citations=[(c.doc, "Điều 5")]
    ),
    "submit": lambda q, by, c: services.submit_answer(question=q, by=by),
    "return": lambda q, by, c: services.return_answer(question=q, by=by, note="Bổ sung căn cứ"),
    "approve": lambda q, by, c: services.approve_answer(question=q, by=by, letter_number="45/HQKV5-NV"),
    "request_info": lambda q, by, c: services.request_info(question=q, by=by, message="Bổ sung hồ sơ"),
    "provide_info": lambda q, by, c: services.provide_info(question=q, by=by, text="Đã bổ sung"),
    "escalate": lambda q, by, c: services.escalate(
        question=q, by=by, level="ministry", interim_reply="Đã xin ý kiến Bộ Tài chính"
    ),
    "extend": lambda q, by, c: services.extend_deadline(question=q, by=by, days=3, reason="Chờ kết quả giám định"),
    "answer_from_bank": lambda q, by, c: services.answer_from_bank(question=q, by=by, source=c.bank),
    "merge": lambda q, by, c: services.merge(question=q, by=by, into=c.target),
    "close": lambda q, by, c: services.close(question=q, by=by),
    "reopen": lambda q, by, c: services.reopen(question=q, by=by, reason="Câu trả lời chưa rõ"),
}


def test_every_move_has_an_action():
    assert set(ACTIONS) == set(services.MOVES)


def _expected_status(name: str, source: str) -> str:
    move = services.MOVES[name]
    if name == "provide_info":
        return S.ASSIGNED  # PATHS ask for information from "assigned"
    if name == "extend":
        return source
    return move.target


@pytest.mark.parametrize("status", QuestionStatus.values)
@pytest.mark.parametrize("name", list(services.MOVES))
def test_each_action_from_each_status(world, doc, name, status):
    question = question_in(world, doc, status)
    events = QuestionEvent.objects.filter(question=question).count()
    legal = status in services.MOVES[name].sources
    assert (name in services.allowed_actions(question, world.r5_manager)) is legal
    if legal:
        ACTIONS[name](question, world.r5_manager, Ctx(world, doc))
        assert reload(question).status == _expected_status(name, status)
        if status != _expected_status(name, status) or name == "extend":
            assert QuestionEvent.objects.filter(question=question).count() > events
    else:
        with pytest.raises(DomainError) as exc:
            ACTIONS[name](question, world.r5_manager, Ctx(world, doc))
        assert exc.value.message
        after = reload(question)
        assert (after.status, after.updated_at) == (status, question.updated_at)
        assert QuestionEvent.objects.filter(question=question).count() == events


@pytest.mark.parametrize("status", QuestionStatus.values)
def test_allowed_actions_follow_the_moves_table_and_the_role(world, doc, status):
    question = question_in(world, doc, status)
    legal = [name for name, move in services.MOVES.items() if status in move.sources]
    assert services.allowed_actions(question, world.r5_manager) == legal
    assert services.allowed_actions(question, world.r5_officer) == [n for n in legal if n not in ("approve", "return")]
    assert services.allowed_actions(question, world.portal_a) == [n for n in legal if n in ("provide_info", "reopen")]


@pytest.mark.parametrize("name", ["approve", "return"])
def test_only_a_manager_approves_or_returns(world, doc, name):
    question = question_in(world, doc, S.PENDING_APPROVAL)
    for user in (world.r5_officer, world.r5_office_officer, world.portal_a):
        with pytest.raises(PermissionDenied):
            ACTIONS[name](question, user, Ctx(world, doc))
    assert reload(question).status == S.PENDING_APPROVAL
    assert Answer.objects.get(question=question).status == AnswerStatus.SUBMITTED


STAFF_ONLY = {
    "triage": S.RECEIVED,
    "assign": S.TRIAGED,
    "draft": S.ASSIGNED,
    "submit": S.DRAFTING,
    "request_info": S.ASSIGNED,
    "escalate": S.ASSIGNED,
    "extend": S.ASSIGNED,
    "answer_from_bank": S.ASSIGNED,
    "merge": S.ASSIGNED,
    "close": S.ANSWERED,
}


@pytest.mark.parametrize(("name", "status"), STAFF_ONLY.items())
def test_portal_users_cannot_work_on_a_question(world, doc, name, status):
    question = question_in(world, doc, status)
    with pytest.raises(PermissionDenied):
        ACTIONS[name](question, world.portal_a, Ctx(world, doc))
    assert reload(question).status == status


def test_portal_users_cannot_add_notes_or_submit_for_staff(world, doc):
    question = record(world)
    with pytest.raises(PermissionDenied):
        services.add_note(question=question, by=world.portal_a, text="Ghi chú")
    with pytest.raises(PermissionDenied):
        services.update_question(question=question, by=world.portal_a, title="Đổi")
    with pytest.raises(PermissionDenied):
        services.bulk_assign(questions=[question], by=world.portal_a, unit=world.region5)
    with pytest.raises(PermissionDenied):
        services.submit_question(by=world.r5_officer, title="x", body="y")


@pytest.mark.parametrize(("name", "status"), [("provide_info", S.AWAITING_ENTERPRISE), ("reopen", S.ANSWERED)])
def test_the_enterprise_replies_and_reopens_only_its_own_questions(world, doc, name, status):
    question = question_in(world, doc, status)
    with pytest.raises(PermissionDenied):
        ACTIONS[name](question, world.portal_b, Ctx(world, doc))
    assert reload(question).status == status
    ACTIONS[name](question, world.portal_a, Ctx(world, doc))
    assert reload(question).status == _expected_status(name, status)


@pytest.mark.parametrize(("name", "status"), [("provide_info", S.AWAITING_ENTERPRISE), ("reopen", S.ANSWERED)])
def test_a_user_without_a_role_cannot_act_on_a_question_without_an_enterprise(world, doc, name, status):
    question = question_in(world, doc, status, enterprise=None, asker_name="Người gọi đường dây nóng")
    nobody = User.objects.create_user(username="nobody", password="x")
    with pytest.raises(PermissionDenied):
        ACTIONS[name](question, nobody, Ctx(world, doc))


@pytest.mark.parametrize("name", list(services.MOVES))
def test_a_merged_question_refuses_every_action(world, doc, name):
    target = record(world)
    duplicate = record(world)
    services.merge(question=duplicate, by=world.r5_officer, into=target)
    duplicate = reload(duplicate)
    assert services.allowed_actions(duplicate, world.r5_manager) == []
    with pytest.raises(DomainError) as exc:
        ACTIONS[name](duplicate, world.r5_manager, Ctx(world, doc))
    if name != "draft":
        assert target.reference in exc.value.message or "cannot be" in exc.value.message
    assert reload(duplicate).status == S.CLOSED


def test_bulk_assign_assigns_all_or_none(world, doc):
    first, second = record(world), record(world)
    answered = question_in(world, doc, S.ANSWERED)
    notified = Notification.objects.filter(kind=NotificationKind.QUESTION_ASSIGNED, recipient=world.r5_officer).count()
    with pytest.raises(DomainError) as exc:
        services.bulk_assign(questions=[first, answered, second], by=world.r5_manager, unit=world.region5)
    assert exc.value.message.startswith(answered.reference)
    assert reload(first).status == S.RECEIVED
    assert (
        services.bulk_assign(
            questions=[first, second], by=world.r5_manager, unit=world.region5, assignee=world.r5_officer
        )
        == 2
    )
    assert {reload(q).assignee for q in (first, second)} == {world.r5_officer}
    assert (
        Notification.objects.filter(kind=NotificationKind.QUESTION_ASSIGNED, recipient=world.r5_officer).count()
        == notified + 2
    )


def test_assignment_stays_inside_the_receiving_unit(world):
    question = record(world, branch=world.region5_office, enterprise="ent_b")
    with pytest.raises(DomainError) as exc:
        services.assign(question=question, by=world.r5_manager, unit=world.region5)  # above the receiving unit
    assert exc.value.field == "unit"
    with pytest.raises(DomainError) as exc:
        services.assign(question=question, by=world.r5_manager, unit=world.region5_office, assignee=world.r5_officer)
    assert exc.value.field == "assignee"
    services.assign(question=question, by=world.r5_manager, unit=world.region5_office, assignee=world.r5_office_officer)
    assert reload(question).assignee == world.r5_office_officer


# --- 5. Answers --------------------------------------------------------------------------------------------------


def test_drafting_again_keeps_the_earlier_version(world, doc):
    question = question_in(world, doc, S.ASSIGNED)
    first = services.draft_answer(question=question, by=world.r5_officer, body="Bản 1")
    second = services.draft_answer(
        question=question, by=world.r5_officer, body="Bản 2", citations=[{"document": doc.pk, "article": "Điều 9"}]
    )
    rows = list(Answer.objects.filter(question=question).values_list("version", "status", "body"))
    assert rows == [(1, AnswerStatus.SUPERSEDED, "Bản 1"), (2, AnswerStatus.DRAFT, "Bản 2")]
    assert (first.version, second.version) == (1, 2)
    assert list(second.citations.values_list("document", "article")) == [(doc.pk, "Điều 9")]
    assert reload(question).status == S.DRAFTING
    services.submit_answer(question=question, by=world.r5_officer)
    assert Answer.objects.get(pk=second.pk).status == AnswerStatus.SUBMITTED
    assert reload(question).status == S.PENDING_APPROVAL


def test_an_answer_without_a_legal_basis_cannot_be_submitted(world, doc):
    question = question_in(world, doc, S.ASSIGNED)
    with pytest.raises(DomainError) as exc:
        services.draft_answer(question=question, by=world.r5_officer, body="Không căn cứ", submit=True)
    assert exc.value.field == "citations"
    assert reload(question).status == S.ASSIGNED
    assert not Answer.objects.filter(question=question).exists()

    services.draft_answer(question=question, by=world.r5_officer, body="Không căn cứ")
    with pytest.raises(DomainError) as exc:
        services.submit_answer(question=question, by=world.r5_officer)
    assert exc.value.field == "citations"
    assert reload(question).status == S.DRAFTING


def test_an_answer_needs_text_and_known_documents(world, doc):
    question = question_in(world, doc, S.ASSIGNED)
    with pytest.raises(DomainError) as exc:
        services.draft_answer(question=question, by=world.r5_officer, body="  ", citations=[(doc, "")])
    assert exc.value.field == "body"
    with pytest.raises(DomainError) as exc:
        services.draft_answer(question=question, by=world.r5_officer, body="Có", citations=[(doc.pk + 999, "")])
    assert exc.value.field == "citations"
    assert not Answer.objects.filter(question=question).exists()


def test_submitting_without_a_draft_is_refused(world, doc):
    question = question_in(world, doc, S.DRAFTING)
    Answer.objects.filter(question=question).update(status=AnswerStatus.SUPERSEDED)
    with pytest.raises(DomainError, match="no draft"):
        services.submit_answer(question=question, by=world.r5_officer)


def test_a_manager_returns_the_answer_with_a_note(world, doc):
    question = question_in(world, doc, S.PENDING_APPROVAL)
    with pytest.raises(DomainError) as exc:
        services.return_answer(question=question, by=world.r5_manager, note=" ")
    assert exc.value.field == "note"
    answer = services.return_answer(question=question, by=world.r5_manager, note="Bổ sung Điều 22")
    answer.refresh_from_db()
    assert (answer.status, answer.review_note, answer.reviewed_by) == (
        AnswerStatus.RETURNED,
        "Bổ sung Điều 22",
        world.r5_manager,
    )
    assert reload(question).status == S.DRAFTING
    event = QuestionEvent.objects.filter(question=question).last()
    assert (event.to_status, event.public) == (S.DRAFTING, False)  # the review stays internal
    services.draft_answer(question=question, by=world.r5_officer, body="Bản sửa", citations=[(doc, "22")], submit=True)
    assert list(Answer.objects.filter(question=question).values_list("status", flat=True)) == [
        AnswerStatus.SUPERSEDED,
        AnswerStatus.SUBMITTED,
    ]


def test_approval_sends_the_answer_and_asks_for_a_rating(world, doc, settings):
    with frozen(local(2026, 3, 2, 9)):
        question = question_in(world, doc, S.PENDING_APPROVAL)
    moment = local(2026, 3, 5, 15)
    with frozen(moment):
        answer = services.approve_answer(question=question, by=world.r5_manager, letter_number=" 123/HQKV5-NV ")
    answer.refresh_from_db()
    assert (answer.status, answer.sent_at, answer.reviewed_by) == (AnswerStatus.APPROVED, moment, world.r5_manager)
    assert (answer.letter_number, answer.letter_date) == ("123/HQKV5-NV", D(2026, 3, 5))
    question = reload(question)
    assert question.status == S.ANSWERED
    assert (question.answered_at, question.first_response_at) == (moment, moment)
    assert (question.answer_working_days, question.first_response_working_days) == (3, 3)
    assert question.answer_source == AnswerSource.DRAFTED
    rating = Rating.objects.get(question=question)
    assert rating.answer == answer
    assert rating.score is None
    assert len(rating.token) >= 30
    assert rating.expires_at == moment + timedelta(days=settings.QUESTION_RATING_LINK_DAYS)
    notification = Notification.objects.get(kind=NotificationKind.QUESTION_ANSWERED, recipient=world.portal_a)
    assert notification.payload["rating_token"] == rating.token
    assert notification.payload["reference"] == question.reference
    assert not Notification.objects.filter(kind=NotificationKind.QUESTION_ANSWERED, recipient=world.portal_b).exists()
    assert [a.pk for a in selectors.sent_answers(question)] == [answer.pk]


def test_a_letter_date_needs_a_letter_number(world, doc):
    question = question_in(world, doc, S.PENDING_APPROVAL)
    with pytest.raises(DomainError) as exc:
        services.approve_answer(question=question, by=world.r5_manager, letter_date=D(2026, 3, 5))
    assert exc.value.field == "letter_number"
    assert reload(question).status == S.PENDING_APPROVAL
    answer = services.approve_answer(question=question, by=world.r5_manager)
    assert (answer.letter_number, answer.letter_date) == ("", None)


def test_an_answer_to_a_caller_without_a_login_is_emailed(world, doc):
    question = question_in(world, doc, S.PENDING_APPROVAL, enterprise=None, asker_email="an@example.vn")
    services.approve_answer(question=question, by=world.r5_manager)
    notification = Notification.objects.get(kind=NotificationKind.QUESTION_ANSWERED)
    assert (notification.email, notification.recipient) == ("an@example.vn", None)


def test_an_interim_reply_on_escalation_is_the_first_response_and_is_sent(world, doc):
    with frozen(local(2026, 3, 2, 9)):
        question = question_in(world, doc, S.ASSIGNED)
    with frozen(local(2026, 3, 4, 9)):
        interim = services.escalate(
            question=question,
            by=world.r5_officer,
            level="other_agency",
            body_name="Bộ Công Thương",
            interim_reply="Chi cục đã xin ý kiến Bộ Công Thương",
        )
    question = reload(question)
    assert question.status == S.ESCALATED
    assert (question.escalated_to, question.escalated_to_name) == ("other_agency", "Bộ Công Thương")
    assert question.first_response_at == local(2026, 3, 4, 9)
    assert question.first_response_working_days == 2
    assert question.answered_at is None
    assert (interim.kind, interim.status, interim.sent_at) == (
        AnswerKind.INTERIM,
        AnswerStatus.APPROVED,
        local(2026, 3, 4, 9),
    )
    assert [a.pk for a in selectors.sent_answers(question)] == [interim.pk]
    assert Notification.objects.filter(kind=NotificationKind.QUESTION_ESCALATED, recipient=world.portal_a).exists()
    assert not Rating.objects.exists()  # an interim reply is not rated

    with frozen(local(2026, 3, 10, 9)):
        services.draft_answer(
            question=question, by=world.r5_officer, body="Trả lời", citations=[(doc, "")], submit=True
        )
        services.approve_answer(question=question, by=world.r5_manager)
    question = reload(question)
    assert question.first_response_at == local(2026, 3, 4, 9)
    assert question.answered_at == local(2026, 3, 10, 9)
    assert [a.kind for a in selectors.sent_answers(question)] == [AnswerKind.INTERIM, AnswerKind.FINAL]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"level": "police", "interim_reply": "Chờ"}, "level"),
        ({"level": "other_agency", "interim_reply": "Chờ"}, "body_name"),
        ({"level": "department", "interim_reply": "  "}, "interim_reply"),
    ],
)
def test_escalation_needs_a_level_an_agency_name_and_an_interim_reply(world, doc, fields, field):
    question = question_in(world, doc, S.ASSIGNED)
    with pytest.raises(DomainError) as exc:
        services.escalate(question=question, by=world.r5_officer, **fields)
    assert exc.value.field == field
    assert reload(question).status == S.ASSIGNED
    assert not Answer.objects.filter(question=question).exists()


def test_an_answer_from_the_bank_copies_the_text_and_legal_basis(world, doc):
    other = legal_services.create_legal_document(
        by=world.r5_officer,
        number="08/2015/NĐ-CP",
        doc_type=LegalDocumentType.DECREE,
        title="Nghị định",
        issuer="Chính phủ",
        issued_on=D(2015, 1, 21),
    )
    source = question_in(world, doc, S.PENDING_APPROVAL)
    Answer.objects.get(question=source).citations.create(document=other, article="Điều 7")
    services.approve_answer(question=source, by=world.r5_manager)
    source = reload(source)
    source_answer = Answer.objects.get(question=source)
    question = record(world, enterprise="ent_b")
    answer = services.answer_from_bank(question=question, by=world.r5_officer, source=source)
    assert (answer.body, answer.status, answer.kind) == (source_answer.body, AnswerStatus.APPROVED, AnswerKind.FINAL)
    assert sorted(answer.citations.values_list("document__number", "article")) == sorted(
        source_answer.citations.values_list("document__number", "article")
    )
    assert answer.citations.count() == 2
    question = reload(question)
    assert question.status == S.ANSWERED
    assert (question.answer_source, question.answered_from) == (AnswerSource.BANK, source)
    assert question.answered_at is not None
    assert Rating.objects.filter(question=question, answer=answer).exists()
    assert Notification.objects.filter(kind=NotificationKind.QUESTION_ANSWERED, recipient=world.portal_b).exists()


@pytest.mark.parametrize("source_status", [S.RECEIVED, S.DRAFTING, S.PENDING_APPROVAL, S.ESCALATED])
def test_the_bank_source_must_have_an_approved_answer(world, doc, source_status):
    source = question_in(world, doc, source_status)
    question = record(world)
    with pytest.raises(DomainError) as exc:
        services.answer_from_bank(question=question, by=world.r5_officer, source=source)
    assert exc.value.field == "source"
    assert reload(question).status == S.RECEIVED
    assert not Answer.objects.filter(question=question).exists()


def test_a_question_cannot_be_answered_from_itself(world, doc):
    question = question_in(world, doc, S.REOPENED)
    with pytest.raises(DomainError) as exc:
        services.answer_from_bank(question=question, by=world.r5_officer, source=question)
    assert exc.value.field == "source"


# --- 6. Merge ----------------------------------------------------------------------------------------------------


def test_merging_closes_the_duplicate_and_shows_the_target_answer(world, doc):
    target = question_in(world, doc, S.PENDING_APPROVAL)
    duplicate = record(world, enterprise="ent_b")
    services.merge(question=duplicate, by=world.r5_officer, into=target)
    duplicate = reload(duplicate)
    assert (duplicate.status, duplicate.merged_into) == (S.CLOSED, target)
    assert duplicate.closed_at is not None
    assert selectors.sent_answers(duplicate) == []
    answer = services.approve_answer(question=target, by=world.r5_manager)
    assert [a.pk for a in selectors.sent_answers(duplicate)] == [answer.pk]
    assert QuestionEvent.objects.filter(question=target, kind=EventKind.MERGED, text=duplicate.reference).exists()


def test_a_question_cannot_be_merged_into_itself(world):
    question = record(world)
    with pytest.raises(DomainError) as exc:
        services.merge(question=question, by=world.r5_officer, into=question)
    assert exc.value.field == "into"
    assert reload(question).status == S.RECEIVED


def test_a_question_cannot_be_merged_into_a_merged_one(world):
    target, middle, question = record(world), record(world), record(world)
    services.merge(question=middle, by=world.r5_officer, into=target)
    with pytest.raises(DomainError) as exc:
        services.merge(question=question, by=world.r5_officer, into=reload(middle))
    assert exc.value.field == "into"
    assert middle.reference in exc.value.message
    assert reload(question).merged_into is None


def test_questions_merged_into_the_duplicate_follow_it(world):
    target, duplicate, earlier = record(world), record(world), record(world)
    services.merge(question=earlier, by=world.r5_officer, into=duplicate)
    services.merge(question=duplicate, by=world.r5_officer, into=target)
    assert reload(earlier).merged_into == target
    assert reload(duplicate).merged_into == target
    assert set(reload(target).duplicates.all()) == {earlier, duplicate}


def test_a_question_of_another_branch_cannot_be_the_target(world):
    foreign = record(world, by=world.r6_officer, branch=world.region6, enterprise="ent_r6")
    question = record(world)
    with pytest.raises(DomainError) as exc:
        services.merge(question=question, by=world.r5_officer, into=foreign)
    assert exc.value.field == "into"
    assert reload(question).status == S.RECEIVED
    # The office officer cannot merge into the region's question either (outside the office's subtree).
    office_question = record(world, by=world.r5_office_officer, branch=world.region5_office, enterprise="ent_b")
    with pytest.raises(DomainError):
        services.merge(question=office_question, by=world.r5_office_officer, into=question)


# --- 7. Ratings --------------------------------------------------------------------------------------------------


@pytest.fixture
def answered(world, doc):
    return question_in(world, doc, S.ANSWERED)


def test_the_enterprise_rates_once_in_the_portal(world, answered):
    rating = services.rate(question=answered, by=world.portal_a, score=4, comment="  Rõ ràng  ")
    rating.refresh_from_db()
    assert (rating.score, rating.comment, rating.rated_by) == (4, "Rõ ràng", world.portal_a)
    assert rating.rated_at is not None
    with pytest.raises(DomainError, match="already been rated"):
        services.rate(question=answered, by=world.portal_a, score=1)
    with pytest.raises(DomainError, match="already been rated"):
        services.rate_by_token(token=rating.token, score=1)
    assert Rating.objects.get(pk=rating.pk).score == 4


@pytest.mark.parametrize("persona", ["portal_b", "r5_officer", "r5_manager"])
def test_only_the_asking_enterprise_rates_in_the_portal(world, answered, persona):
    with pytest.raises(PermissionDenied):
        services.rate(question=answered, by=getattr(world, persona), score=5)
    assert Rating.objects.get(question=answered).score is None


def test_nothing_to_rate_before_the_answer(world, doc):
    question = question_in(world, doc, S.ESCALATED)
    with pytest.raises(DomainError, match="no answer to rate"):
        services.rate(question=question, by=world.portal_a, score=5)


def test_rating_by_token_works_once(world, answered):
    token = Rating.objects.get(question=answered).token
    assert services.rating_for_token(token).question == answered
    rating = services.rate_by_token(token=token, score="5", comment="Cảm ơn")
    assert (rating.score, rating.comment, rating.rated_by) == (5, "Cảm ơn", None)
    with pytest.raises(DomainError, match="already been rated"):
        services.rating_for_token(token)
    with pytest.raises(DomainError, match="already been rated"):
        services.rate_by_token(token=token, score=1)
    assert Rating.objects.get(pk=rating.pk).score == 5


def test_an_expired_rating_link_is_refused(world, doc, settings):
    with frozen(local(2026, 3, 2, 9)):
        question = question_in(world, doc, S.ANSWERED)
    token = Rating.objects.get(question=question).token
    last_day = local(2026, 3, 2, 9) + timedelta(days=settings.QUESTION_RATING_LINK_DAYS)
    with frozen(last_day):
        assert services.rating_for_token(token).question == question
    with frozen(last_day + timedelta(minutes=1)):
        with pytest.raises(DomainError, match="expired"):
            services.rating_for_token(token)
        with pytest.raises(DomainError, match="expired"):
            services.rate_by_token(token=token, score=3)
    assert Rating.objects.get(token=token).score is None


@pytest.mark.parametrize("token", ["", "không-có", "x" * 64])
def test_an_unknown_rating_link_is_refused(world, answered, token):
    with pytest.raises(DomainError, match="not valid"):
        services.rate_by_token(token=token, score=5)


@pytest.mark.parametrize("score", [0, 6, -1, "abc", None, "", "2.5", "6"])
def test_a_score_outside_1_to_5_is_refused(world, answered, score):
    token = Rating.objects.get(question=answered).token
    with pytest.raises(DomainError) as exc:
        services.rate_by_token(token=token, score=score)
    assert exc.value.field == "score"
    with pytest.raises(DomainError) as exc:
        services.rate(question=answered, by=world.portal_a, score=score)
    assert exc.value.field == "score"
    assert Rating.objects.get(question=answered).rated_at is None


def test_a_second_answer_after_reopening_is_rated_separately(world, doc, answered):
    services.rate(question=answered, by=world.portal_a, score=2)
    services.reopen(question=answered, by=world.portal_a, reason="Chưa rõ")
    services.draft_answer(question=answered, by=world.r5_officer, body="Bổ sung", citations=[(doc, "")], submit=True)
    services.approve_answer(question=answered, by=world.r5_manager)
    rating = services.rate(question=answered, by=world.portal_a, score=5)
    assert rating.answer.version == 2
    assert sorted(Rating.objects.filter(question=answered).values_list("score", flat=True)) == [2, 5]


# --- 8. Reopen ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["r5_officer", "portal_a"])
@pytest.mark.parametrize("status", [S.ANSWERED, S.CLOSED])
def test_a_question_reopens_within_the_window(world, doc, settings, persona, status):
    with frozen(local(2026, 3, 2, 9)):
        question = question_in(world, doc, status)
    last_day = local(2026, 3, 2, 9) + timedelta(days=settings.QUESTION_REOPEN_DAYS)
    with frozen(last_day):
        assert "reopen" in services.allowed_actions(question, getattr(world, persona))
        services.reopen(question=question, by=getattr(world, persona), reason="Chưa rõ phần thuế suất")
        question = reload(question)
        assert (question.status, question.reopen_count, question.closed_at) == (S.REOPENED, 1, None)
        # Answered again and reopened again: the count goes on.
        question = _step(world, doc, question, "draft")
        question = _step(world, doc, question, "submit")
        question = _step(world, doc, question, "approve")
        services.reopen(question=question, by=getattr(world, persona), reason="Vẫn chưa rõ")
    assert reload(question).reopen_count == 2


@pytest.mark.parametrize("persona", ["r5_officer", "portal_a"])
@pytest.mark.parametrize("status", [S.ANSWERED, S.CLOSED])
def test_a_question_cannot_reopen_after_the_window(world, doc, settings, persona, status):
    with frozen(local(2026, 3, 2, 9)):
        question = question_in(world, doc, status)
    with frozen(local(2026, 3, 2, 9, 1) + timedelta(days=settings.QUESTION_REOPEN_DAYS)):
        assert "reopen" not in services.allowed_actions(question, getattr(world, persona))
        with pytest.raises(DomainError, match="within 30 days"):
            services.reopen(question=question, by=getattr(world, persona), reason="Chưa rõ")
    assert (reload(question).status, reload(question).reopen_count) == (status, 0)


def test_the_window_counts_from_the_closure(world, doc, settings):
    with frozen(local(2026, 3, 2, 9)):
        question = question_in(world, doc, S.ANSWERED)
    with frozen(local(2026, 3, 20, 9)):
        services.close(question=question, by=world.r5_officer)
    with frozen(local(2026, 4, 15, 9)):  # 44 days after the answer, 26 after the closure
        services.reopen(question=question, by=world.portal_a, reason="Chưa rõ")
    assert reload(question).status == S.REOPENED


def test_the_window_counts_from_the_latest_answer(world, doc):
    with frozen(local(2026, 3, 2, 9)):
        question = question_in(world, doc, S.ANSWERED)
    with frozen(local(2026, 3, 25, 9)):
        services.reopen(question=question, by=world.portal_a, reason="Chưa rõ")
        question = _step(world, doc, reload(question), "draft")
        question = _step(world, doc, question, "submit")
        question = _step(world, doc, question, "approve")
    with frozen(local(2026, 4, 10, 9)):  # 16 days after the second answer
        services.reopen(question=question, by=world.portal_a, reason="Vẫn chưa rõ")
    assert reload(question).reopen_count == 2


def test_reopening_needs_a_reason(world, answered):
    with pytest.raises(DomainError) as exc:
        services.reopen(question=answered, by=world.portal_a, reason="")
    assert exc.value.field == "reason"
    assert reload(answered).status == S.ANSWERED


# --- 9. Intake validation ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("8517.62.59", ["85176259"]),
        ("8517", ["8517"]),
        ("851762", ["851762"]),
        ("85176259", ["85176259"]),
        ("8517, 8517.62; 8517.62.59\n0101", ["8517", "851762", "85176259", "0101"]),
        ("8517 8517", ["8517"]),
        (["8517.62.59", "8471"], ["85176259", "8471"]),
        ("", []),
        (None, []),
    ],
)
def test_hs_codes_are_cleaned(value, expected):
    assert services.parse_hs_codes(value) == expected


@pytest.mark.parametrize("value", ["85176", "8517AB", "8517.62.5", "851762591", "abc", "85-17", "8517.6259.00"])
def test_a_bad_hs_code_is_refused(value):
    with pytest.raises(DomainError) as exc:
        services.parse_hs_codes(value)
    assert exc.value.field == "hs_codes"


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("105234567890", True),
        ("105234567890, 305234567891", True),
        ("10523456789", False),
        ("1052345678901", False),
        ("10523456789A", False),
    ],
)
def test_declaration_numbers_have_12_digits(value, ok):
    if ok:
        assert all(len(n) == 12 for n in services.parse_declaration_numbers(value))
    else:
        with pytest.raises(DomainError) as exc:
            services.parse_declaration_numbers(value)
        assert exc.value.field == "declaration_numbers"


def _nothing_saved(settings):
    assert not Question.objects.exists()
    assert not QuestionAttachment.objects.exists()
    assert not QuestionEvent.objects.exists()
    assert QuestionSequence.objects.filter(last__gt=0).count() == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"hs_codes": "8517.62.59, 85176"}, "hs_codes"),
        ({"hs_codes": "HS8517"}, "hs_codes"),
        ({"declaration_numbers": "10523456789"}, "declaration_numbers"),
        ({"title": " ", "body": " "}, "body"),
    ],
)
def test_intake_refuses_bad_codes_and_saves_nothing(world, settings, fields, field):
    with pytest.raises(DomainError) as exc:
        record(world, **fields)
    assert exc.value.field == field
    _nothing_saved(settings)


def test_intake_keeps_the_cleaned_codes(world):
    question = record(world, hs_codes="8517.62.59; 8471", declaration_numbers=["105234567890"])
    assert reload(question).hs_codes == ["85176259", "8471"]
    assert reload(question).declaration_numbers == ["105234567890"]


def test_a_contact_of_another_enterprise_is_refused(world, settings):
    contact = factories.make_contact(enterprise=world.ent_b)
    with pytest.raises(DomainError) as exc:
        record(world, contact=contact)
    assert exc.value.field == "contact"
    with pytest.raises(DomainError) as exc:
        record(world, enterprise=None, contact=contact)
    assert exc.value.field == "contact"
    _nothing_saved(settings)
    assert record(world, enterprise="ent_b", contact=contact).contact == contact


@pytest.mark.parametrize(
    ("persona", "branch", "ok"),
    [
        ("r5_officer", "region6", False),
        ("r5_office_officer", "region5", False),  # the office cannot log for its parent
        ("r5_officer", "region5_office", True),  # the region logs for its office
        ("r6_officer", "region6", True),
        ("hq_admin", "region6", True),
    ],
)
def test_staff_log_questions_only_for_their_subtree(world, settings, persona, branch, ok):
    call = lambda: record(world, by=getattr(world, persona), branch=getattr(world, branch), enterprise=None)  # noqa: E731
    if ok:
        assert call().branch == getattr(world, branch)
    else:
        with pytest.raises(DomainError) as exc:
            call()
        assert exc.value.field == "branch"
        _nothing_saved(settings)


def test_a_question_cannot_be_received_in_the_future(world, settings):
    with frozen(local(2026, 3, 2, 9)):
        with pytest.raises(DomainError) as exc:
            record(world, received_at=local(2026, 3, 2, 10))
        assert exc.value.field == "received_at"
        assert record(world, received_at=local(2026, 3, 2, 9, 4)).received_at == local(2026, 3, 2, 9, 4)


def test_the_portal_submits_to_the_managing_branch(world):
    question = services.submit_question(by=world.portal_a, title="Hủy tờ khai", body="Thủ tục?", branch=world.region6)
    question = reload(question)
    assert (question.branch, question.enterprise, question.channel) == (world.region5, world.ent_a, "portal")
    assert question.submitted_by == world.portal_a
    assert Notification.objects.filter(kind=NotificationKind.QUESTION_RECEIVED, recipient=world.r5_manager).exists()


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def _media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_scans_are_accepted_by_content(world, settings):
    question = record(
        world,
        attachments=[
            upload("a.pdf", PDF_BYTES),
            upload("b.png", PNG_BYTES, "image/png"),
            upload("c.jpg", JPEG_BYTES, "image/jpeg"),
        ],
    )
    assert list(question.attachments.values_list("name", "kind")) == [
        ("a.pdf", "pdf"),
        ("b.png", "png"),
        ("c.jpg", "jpeg"),
    ]
    assert len(_media_files(settings)) == 3


@pytest.mark.parametrize(
    "make",
    [
        lambda s: [upload("lon.pdf", PDF_BYTES + b"0" * s.QUESTION_ATTACHMENT_MAX_BYTES)],  # too large
        lambda s: [upload("hop-dong.pdf", b"MZ\x90\x00 not a pdf at all")],  # wrong type by content
        lambda s: [upload("trong.pdf", b"")],  # empty
        lambda s: [upload(f"{n}.pdf", PDF_BYTES) for n in range(s.QUESTION_MAX_ATTACHMENTS + 1)],  # too many
    ],
    ids=["too-large", "wrong-type", "empty", "too-many"],
)
def test_bad_attachments_refuse_the_whole_question(world, settings, make):
    settings.QUESTION_ATTACHMENT_MAX_BYTES = 1024
    settings.QUESTION_MAX_ATTACHMENTS = 3
    with pytest.raises(DomainError) as exc:
        record(world, attachments=make(settings))
    assert exc.value.field == "file"
    _nothing_saved(settings)


def test_a_refused_question_leaves_no_files_on_disk(world, settings):
    settings.QUESTION_MAX_ATTACHMENTS = 2
    with pytest.raises(DomainError):
        record(world, attachments=[upload(f"{n}.pdf", PDF_BYTES) for n in range(3)])
    assert _media_files(settings) == []


def test_the_attachment_limit_counts_files_already_there(world, doc, settings):
    settings.QUESTION_MAX_ATTACHMENTS = 2
    question = record(world, attachments=[upload("1.pdf", PDF_BYTES)])
    services.add_attachment(question=question, by=world.portal_a, upload=upload("2.pdf", PDF_BYTES), internal=True)
    assert not QuestionAttachment.objects.filter(question=question, internal=True).exists()  # the enterprise cannot
    with pytest.raises(DomainError) as exc:
        services.add_attachment(question=question, by=world.r5_officer, upload=upload("3.pdf", PDF_BYTES))
    assert exc.value.field == "file"
    assert question.attachments.count() == 2


def test_another_enterprise_cannot_attach_files(world):
    question = record(world)
    with pytest.raises(PermissionDenied):
        services.add_attachment(question=question, by=world.portal_b, upload=upload("x.pdf", PDF_BYTES))
    staff_file = services.add_attachment(
        question=question, by=world.r5_officer, upload=upload("noi-bo.pdf", PDF_BYTES), internal=True
    )
    assert staff_file.internal is True


def test_an_internal_note_is_not_public(world):
    question = record(world)
    note = services.add_note(question=question, by=world.r5_officer, text="  Kiểm tra lại hồ sơ  ")
    assert (note.kind, note.public, note.text) == (EventKind.NOTE, False, "Kiểm tra lại hồ sơ")
    with pytest.raises(DomainError) as exc:
        services.add_note(question=question, by=world.r5_officer, text=" ")
    assert exc.value.field == "text"


def test_an_answered_question_cannot_be_edited(world, doc):
    question = question_in(world, doc, S.ANSWERED)
    with pytest.raises(DomainError):
        services.update_question(question=question, by=world.r5_officer, title="Đổi")
    open_question = record(world)
    with pytest.raises(DomainError) as exc:
        services.update_question(question=open_question, by=world.r5_officer, hs_codes="12")
    assert exc.value.field == "hs_codes"
    services.update_question(question=open_question, by=world.r5_officer, hs_codes="0101.21")
    assert reload(open_question).hs_codes == ["010121"]


def test_triage_again_keeps_the_pause_and_the_extension(world, doc):
    with frozen(local(2026, 3, 2, 9)):
        question = question_in(world, doc, S.TRIAGED)  # valuation/normal: 10 days → Mon 16 Mar
        services.extend_deadline(question=question, by=world.r5_officer, days=2, reason="Chờ giám định")
        services.request_info(question=question, by=world.r5_officer, message="Bổ sung")
    with frozen(local(2026, 3, 5, 9)):  # Tue 3, Wed 4, Thu 5 waited
        services.provide_info(question=question, by=world.portal_a, text="Đây")
    question = reload(question)
    assert question.status == S.TRIAGED
    assert question.due_on == Calendar().add(D(2026, 3, 2), 10 + 2 + 3)
    services.triage(question=question, by=world.r5_officer, category="origin", priority="urgent")
    question = reload(question)
    # Urgent (3, internal 2) + extension 2 + paused 3 → 8 working days; internal 2 + 3 → 5.
    assert question.due_on == D(2026, 3, 12)
    assert question.internal_due_on == D(2026, 3, 9)


# --- Edges found in review ----------------------------------------------------------------------------------------


def test_a_fractional_score_is_refused_not_rounded(world, doc):
    question = question_in(world, doc, S.ANSWERED)
    with pytest.raises(DomainError) as caught:
        services.rate(question=question, by=world.portal_a, score=2.5)
    assert caught.value.field == "score"
    assert not Rating.objects.filter(question=question, rated_at__isnull=False).exists()


def test_a_stale_copy_of_the_target_cannot_make_a_merge_cycle(world, doc):
    first, second = record(world), record(world)
    stale_first = Question.objects.get(pk=first.pk)
    services.merge(question=first, by=world.r5_officer, into=second)
    with pytest.raises(DomainError) as caught:  # `second` into the now-merged `first`, through a copy read before
        services.merge(question=second, by=world.r5_officer, into=stale_first)
    assert caught.value.field == "into"
    assert reload(second).merged_into_id is None


def test_answering_from_a_foreign_branch_question_is_refused(world, doc):
    foreign = question_in(world, doc, S.ANSWERED)  # Region V's
    question = record(world, by=world.r6_officer, branch=world.region6, enterprise="ent_r6")
    with pytest.raises(DomainError) as caught:
        services.answer_from_bank(question=question, by=world.r6_officer, source=foreign)
    assert caught.value.field == "source"
