"""The period report (issue 8): exact figures in each section on a known first half of 2026 (Regions V and VI, an
office under V), scoping, regeneration (same content and same XLSX bytes after later data), a constant number of
queries, the workbook read back, the page and the API."""

import io
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from crm.api.reports import as_json
from crm.periods import parse
from crm.reports import period_report, workbook_bytes
from dialogues.models import Addressee, EscalationLevel, QuestionCategory, QuestionChannel
from dialogues.services import actions as action_services
from dialogues.services import conferences as conference_services
from dialogues.services import questions as question_services
from partnerships.models import AgreementStatus, Metric, Target
from tests.dialogues.access_portal_questions import answer, legal_document
from tests.dialogues.factories import make_action, make_conference, register
from tests.partnerships.factories import make_agreement

H1 = parse("2026-H1", today=date(2026, 12, 4))
JULY_FIRST = date(2026, 7, 1)


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def on(monkeypatch):
    """`with on(date(2026, 3, 10)):` runs the services as if it were that day (10:00)."""

    @contextmanager
    def frozen(day: date, hour: int = 10):
        with monkeypatch.context() as patch:
            patch.setattr(timezone, "now", lambda: at(day, hour))
            yield

    return frozen


def question(world, *, branch, received: date, category: str, title: str, by=None, enterprise=None):
    return question_services.record_question(
        by=by or world.r5_officer,
        branch=branch,
        channel=QuestionChannel.HOTLINE,
        enterprise=enterprise or world.ent_a,
        title=title,
        body=f"Nội dung: {title}",
        category=category,
        received_at=at(received),
    )


def held_conference(world, on, *, branch, day: date, title: str, recommendations=(), checked_in=None, by=None):
    """A conference held on `day` (its report filed that afternoon), with `checked_in` enterprise attending."""
    by = by or world.r5_manager
    with on(day, 8):
        conference = make_conference(
            branch=branch, by=by, title=title, starts_at=at(day, 8), invite=[checked_in] if checked_in else None
        )
    with on(day, 15):
        if checked_in is not None:
            registration = register(conference, checked_in, "Trần Thị Hương", by=by)
            conference_services.check_in(attendee=registration.attendees.get(), by=by)
        conference_services.close_conference(
            conference=conference,
            by=by,
            minutes="Biên bản hội nghị",
            recommendations=[{"text": text, "addressed_to": to} for text, to in recommendations],
        )
    conference.refresh_from_db()
    return conference


def answer_in_office(world, question, document):
    """The office answers a question it received (its officer drafts, the Region V manager approves)."""
    office = world.region5_office
    question_services.assign(question=question, by=world.r5_manager, unit=office, assignee=world.r5_office_officer)
    question_services.draft_answer(
        question=question, by=world.r5_office_officer, body="Trả lời.", citations=[(document, "Điều 1")], submit=True
    )
    return question_services.approve_answer(question=question, by=world.r5_manager)


def escalate(question, *, by, unit, assignee, level=EscalationLevel.MINISTRY, body_name: str = ""):
    """Assign the question (escalation starts from a working status), then pass it up."""
    question_services.assign(question=question, by=by, unit=unit, assignee=assignee)
    question_services.escalate(
        question=question, by=by, level=level, body_name=body_name, interim_reply="Đã xin ý kiến cấp trên."
    )


@pytest.fixture
def h1(world, on):
    """The first half of 2026 in Region V (and the office under it), with Region VI rows that must never show."""
    doc = legal_document()
    office, r5, r6 = world.region5_office, world.region5, world.region6
    # --- questions ------------------------------------------------------------------------------------------------
    with on(date(2025, 12, 22)):
        q_december = question(world, branch=r5, received=date(2025, 12, 22), category="duties", title="Hoàn thuế")
    with on(date(2026, 1, 2)):
        answer(world, q_december, document=doc)  # answered in the period: counted; received before it: no category
    with on(date(2026, 2, 2)):
        q1 = question(world, branch=r5, received=date(2026, 2, 2), category="classification", title="Mã HS tai nghe")
    with on(date(2026, 2, 5)):
        answer(world, q1, document=doc)  # on time
    with on(date(2026, 3, 2)):
        q2 = question(world, branch=r5, received=date(2026, 3, 2), category="classification", title="Mã HS loa")
    with on(date(2026, 4, 1)):
        answer(world, q2, document=doc)  # late: 22 working days
    with on(date(2026, 4, 1)):
        q3 = question(
            world, branch=office, received=date(2026, 4, 1), category="valuation", title="Trị giá phí bản quyền"
        )
    with on(date(2026, 4, 3)):
        answer_in_office(world, q3, doc)  # on time
    with on(date(2026, 5, 4)):
        q4 = question(world, branch=r5, received=date(2026, 5, 4), category="origin", title="C/O mẫu E cộng gộp")
    with on(date(2026, 5, 5)):
        escalate(q4, by=world.r5_manager, unit=r5, assignee=world.r5_officer)
    with on(date(2026, 6, 15)):
        q7 = question(world, branch=r5, received=date(2026, 6, 15), category="classification", title="Mã HS pin")
    with on(date(2026, 3, 3)):
        q_r6 = question(
            world,
            by=world.r6_officer,
            branch=r6,
            enterprise=world.ent_r6,
            received=date(2026, 3, 3),
            category="classification",
            title="Câu hỏi Khu vực VI",
        )
        escalate(
            q_r6,
            by=world.hq_admin,
            unit=r6,
            assignee=world.r6_officer,
            level=EscalationLevel.OTHER_AGENCY,
            body_name="Bộ Công Thương",
        )
    # --- conferences ----------------------------------------------------------------------------------------------
    c1 = held_conference(
        world,
        on,
        branch=r5,
        day=date(2026, 3, 10),
        title="Đối thoại doanh nghiệp FDI 2026",
        checked_in=world.ent_a,
        recommendations=[
            ("Sửa đổi quy định về hoàn thuế", Addressee.MINISTRY_OF_FINANCE),
            ("Hướng dẫn thống nhất mã HS linh kiện", Addressee.CUSTOMS_DEPARTMENT),
        ],
    )
    c2 = held_conference(world, on, branch=office, day=date(2026, 5, 20), title="Gặp gỡ doanh nghiệp Yên Phong")
    with on(date(2026, 6, 1)):
        make_conference(
            branch=r5,
            by=world.r5_manager,
            title="Hội nghị bị hoãn",
            status="cancelled",
            starts_at=at(date(2026, 6, 25)),
        )
    held_conference(
        world,
        on,
        branch=r6,
        day=date(2026, 4, 1),
        by=world.hq_admin,
        title="Hội nghị Khu vực VI",
        recommendations=[("Kiến nghị của Khu vực VI", Addressee.PROVINCE)],
    )
    # --- agreements -----------------------------------------------------------------------------------------------
    with on(date(2026, 2, 15)):
        a1 = make_agreement(
            branch=r5,
            status=AgreementStatus.ACTIVE,
            parties=[world.ent_a],
            doc_number="01/2026/TTHT-KV05",
            signed_on=date(2026, 2, 15),
            expires_on=date(2029, 2, 14),
        )
    with on(date(2026, 6, 30)):
        a2 = make_agreement(
            branch=office,
            status=AgreementStatus.SIGNED,
            parties=[world.ent_b],
            doc_number="02/2026/TTHT-YP",
            signed_on=date(2026, 6, 30),
        )
    with on(date(2025, 12, 31)):
        make_agreement(branch=r5, status=AgreementStatus.SIGNED, parties=[world.ent_a], signed_on=date(2025, 12, 31))
    with on(date(2026, 3, 1)):
        make_agreement(branch=r6, status=AgreementStatus.SIGNED, parties=[world.ent_r6], signed_on=date(2026, 3, 1))
    # --- follow-up actions (from the March conference) --------------------------------------------------------------
    with on(date(2026, 3, 11)):
        f1 = make_action(conference=c1, title="Trả lời văn bản về hoàn thuế", due_on=date(2026, 4, 30))
        f2 = make_action(conference=c1, title="Tập huấn mã HS", due_on=date(2026, 5, 31))
        f3 = make_action(conference=c1, title="Sửa lỗi VNACCS", due_on=date(2026, 6, 15))
        f4 = make_action(conference=c1, title="Việc đã hủy", due_on=date(2026, 6, 10))
        make_action(conference=c1, title="Chưa đến hạn", due_on=date(2026, 7, 15))
        f6 = make_action(conference=c1, title="Chuyển Cục trong kỳ", due_on=date(2026, 6, 20))
        f7 = make_action(conference=c1, title="Chuyển Cục sau kỳ", due_on=date(2026, 6, 1))
        make_action(conference=c2, title="Khảo sát kho ngoại quan", due_on=date(2026, 6, 30))
    with on(date(2026, 5, 20)):
        action_services.complete_action(action=f2, by=None, evidence_note="Đã tập huấn 40 người")
    with on(date(2026, 6, 5)):
        action_services.cancel_action(action=f4, by=None, reason="Không còn cần thiết")
    with on(date(2026, 6, 25)):
        action_services.refer_action(action=f6, by=None, referred_to="Cục Hải quan")
    with on(date(2026, 7, 2)):
        action_services.refer_action(action=f7, by=None, referred_to="Cục Hải quan")
    with on(date(2026, 7, 5)):
        action_services.complete_action(action=f3, by=None, evidence_note="Đã sửa")
    c_r6 = held_conference(world, on, branch=r6, day=date(2026, 2, 10), by=world.hq_admin, title="Hội nghị VI tháng 2")
    with on(date(2026, 2, 11)):
        make_action(conference=c_r6, title="Việc của Khu vực VI", due_on=date(2026, 3, 1))
    # --- targets ------------------------------------------------------------------------------------------------
    Target.objects.create(branch=r5, year=2026, metric=Metric.AGREEMENTS_SIGNED, assigned=4, striving=5)
    return SimpleNamespace(q1=q1, q2=q2, q3=q3, q4=q4, q7=q7, c1=c1, c2=c2, a1=a1, a2=a2, f1=f1, doc=doc)


def report_of(unit, today=JULY_FIRST):
    return period_report(unit, H1, today=today)


def rows(report, key: str) -> list[tuple]:
    return report.section(key).rows


# ------------------------------------------------------------------------------------------------- the sections


def test_key_figures_keep_only_the_figures_of_the_period_with_their_targets(world, h1):
    report = report_of(world.region5)
    figures = {row[2]: row for row in rows(report, "key_figures")}
    assert "questions.backlog" not in figures  # "today" figures would change when regenerated
    assert "agreements.active" not in figures
    # section, figure, key, value, target, striving, progress, previous, unit
    assert figures["agreements.signed"][3:] == (2, 4, 5, Decimal("50.0"), 0, "count")
    assert figures["conferences.held"][3] == 2
    assert figures["questions.received"][3] == 5
    assert figures["questions.on_time_rate"][3] == Decimal("75.0")
    assert figures["questions.on_time_rate"][8] == "percent"
    assert report.previous.key == "2025-H1"
    assert report.as_of == date(2026, 6, 30)


def test_conferences_held_in_the_period(world, h1):
    assert rows(report_of(world.region5), "conferences") == [
        (date(2026, 3, 10), "Đối thoại doanh nghiệp FDI 2026", "Chi cục Hải quan khu vực V", 1, 1, 2),
        (date(2026, 5, 20), "Gặp gỡ doanh nghiệp Yên Phong", "Hải quan Yên Phong", 0, 0, 0),
    ]


def test_agreements_signed_in_the_period(world, h1):
    number, kind, _title, parties, unit, signed_on, expires_on = rows(report_of(world.region5), "agreements")[0]
    assert (number, parties, unit, signed_on, expires_on) == (
        "01/2026/TTHT-KV05",
        "Công ty TNHH Điện tử Đông Á (2352601817)",
        "Chi cục Hải quan khu vực V",
        date(2026, 2, 15),
        date(2029, 2, 14),
    )
    assert kind == h1.a1.get_kind_display()
    assert [row[0] for row in rows(report_of(world.region5), "agreements")] == ["01/2026/TTHT-KV05", "02/2026/TTHT-YP"]


def test_questions_answered_on_time_by_child_unit_the_unit_itself_and_in_total(world, h1):
    table = rows(report_of(world.region5), "answered_on_time")
    assert [(row[0], *row[2:]) for row in table] == [
        ("KV05-YP", 1, 1, Decimal("100.0")),
        ("KV05", 3, 2, Decimal("66.7")),  # the questions Region V received itself
        ("", 4, 3, Decimal("75.0")),  # the total
    ]
    assert table[0][1] == "Hải quan Yên Phong"
    # An office has no children: one row for itself.
    office = rows(report_of(world.region5_office), "answered_on_time")
    assert office == [("KV05-YP", "Hải quan Yên Phong", 1, 1, Decimal("100.0"))]


def test_headquarters_sees_one_row_per_region(world, h1):
    table = rows(report_of(world.department), "answered_on_time")
    assert [(row[0], *row[2:]) for row in table] == [
        ("KV05", 4, 3, Decimal("75.0")),
        ("KV06", 0, 0, None),
        ("CHQ", 0, 0, None),
        ("", 4, 3, Decimal("75.0")),
    ]


def test_overdue_actions_at_the_periods_end(world, h1):
    table = rows(report_of(world.region5), "overdue_actions")
    assert [(row[0], row[1], row[2], row[4]) for row in table] == [
        (date(2026, 4, 30), 62, "Trả lời văn bản về hoàn thuế", "Chi cục Hải quan khu vực V"),  # still open
        (date(2026, 6, 1), 30, "Chuyển Cục sau kỳ", "Chi cục Hải quan khu vực V"),  # referred after the period
        (date(2026, 6, 15), 16, "Sửa lỗi VNACCS", "Chi cục Hải quan khu vực V"),  # done after the period
        (date(2026, 6, 30), 1, "Khảo sát kho ngoại quan", "Hải quan Yên Phong"),
    ]
    assert "Đối thoại doanh nghiệp FDI 2026" in table[0][3]


def test_top_categories_received_in_the_period(world, h1):
    labels = dict(QuestionCategory.choices)
    assert rows(report_of(world.region5), "top_categories") == [
        (1, labels["classification"], 3, Decimal("60.0")),
        (2, labels["origin"], 1, Decimal("20.0")),
        (3, labels["valuation"], 1, Decimal("20.0")),
    ]


def test_recommendations_and_escalations_sent_up_in_the_period(world, h1):
    table = rows(report_of(world.region5), "recommendations")
    assert [(row[0], row[2], row[4], row[5]) for row in table] == [
        (
            date(2026, 3, 10),
            "Đối thoại doanh nghiệp FDI 2026",
            str(Addressee.MINISTRY_OF_FINANCE.label),
            "Sửa đổi quy định về hoàn thuế",
        ),
        (
            date(2026, 3, 10),
            "Đối thoại doanh nghiệp FDI 2026",
            str(Addressee.CUSTOMS_DEPARTMENT.label),
            "Hướng dẫn thống nhất mã HS linh kiện",
        ),
        (
            date(2026, 5, 5),
            f"{h1.q4.reference} C/O mẫu E cộng gộp",
            str(EscalationLevel.MINISTRY.label),
            "Nội dung: C/O mẫu E cộng gộp",
        ),
    ]


def test_region_v_never_includes_region_vi_rows(world, h1):
    report = as_json(report_of(world.region5))
    text = repr(report)
    for foreign in ("Khu vực VI", "Chi cục Hải quan khu vực VI", "Bộ Công Thương", world.ent_r6.name_vi):
        assert foreign not in text
    r6 = report_of(world.region6)
    assert [row[1] for row in rows(r6, "conferences")] == ["Hội nghị VI tháng 2", "Hội nghị Khu vực VI"]
    assert [row[2] for row in rows(r6, "overdue_actions")] == ["Việc của Khu vực VI"]
    assert [row[4] for row in rows(r6, "recommendations")] == ["Bộ Công Thương", str(Addressee.PROVINCE.label)]


# --------------------------------------------------------------------------------------------------- regeneration


def test_regenerating_the_report_later_gives_the_same_content_and_the_same_xlsx_bytes(world, h1, on):
    first = report_of(world.region5, today=JULY_FIRST)
    first_json, first_xlsx = as_json(first), workbook_bytes(first)
    # Everything below happens after the period.
    with on(date(2026, 7, 10)):
        answer(world, h1.q7, document=h1.doc)
        late = question(world, branch=world.region5, received=date(2026, 7, 10), category="penalties", title="Phạt")
    with on(date(2026, 8, 3)):
        escalate(
            late,
            by=world.r5_manager,
            unit=world.region5,
            assignee=world.r5_officer,
            level=EscalationLevel.DEPARTMENT,
        )
        make_agreement(
            branch=world.region5, status=AgreementStatus.ACTIVE, parties=[world.ent_a], signed_on=date(2026, 8, 3)
        )
        make_action(conference=h1.c1, title="Việc mới sau kỳ", due_on=date(2026, 8, 30))
        action_services.complete_action(action=h1.f1, by=None, evidence_note="Đã trả lời bằng văn bản")
    held_conference(
        world,
        on,
        branch=world.region5,
        day=date(2026, 8, 12),
        title="Hội nghị tháng 8",
        recommendations=[("Kiến nghị sau kỳ", Addressee.MINISTRY_OF_FINANCE)],
    )
    again = report_of(world.region5, today=date(2026, 12, 4))
    assert as_json(again) == first_json
    assert workbook_bytes(again) == first_xlsx
    # …while the period after it does see the new facts.
    h2 = period_report(world.region5, parse("2026-H2", today=date(2026, 12, 4)), today=date(2026, 12, 4))
    assert [row[1] for row in rows(h2, "conferences")] == ["Hội nghị tháng 8"]


def test_the_report_runs_the_same_queries_however_much_data(world, h1, on):
    with CaptureQueriesContext(connection) as small:
        report_of(world.region5)
    for n in range(3):
        held_conference(
            world,
            on,
            branch=world.region5_office,
            day=date(2026, 2, 16 + n),
            title=f"Hội nghị thêm {n}",
            recommendations=[(f"Kiến nghị {n}", Addressee.PROVINCE)],
        )
        with on(date(2026, 3, 2 + n)):
            make_agreement(
                branch=world.region5, status=AgreementStatus.SIGNED, parties=[world.ent_a], signed_on=date(2026, 3, 2)
            )
            q = question(
                world, branch=world.region5_office, received=date(2026, 3, 2), category="aeo", title=f"AEO {n}"
            )
            escalate(q, by=world.r5_manager, unit=world.region5_office, assignee=world.r5_office_officer)
            make_action(conference=h1.c2, title=f"Việc thêm {n}", due_on=date(2026, 4, 1))
    with CaptureQueriesContext(connection) as large:
        report = report_of(world.region5)
    assert len(rows(report, "conferences")) == 5
    assert len(large) == len(small)
    assert len(large) <= 32


# ----------------------------------------------------------------------------------------------------------- XLSX


def test_the_workbook_has_one_sheet_per_section_with_dates_and_numbers_typed(world, h1):
    book = load_workbook(io.BytesIO(workbook_bytes(report_of(world.region5))))
    assert len(book.sheetnames) == 7
    conferences = book.worksheets[1]
    assert len(conferences[1]) == 6  # the header row
    assert conferences["A2"].value.date() == date(2026, 3, 10)
    assert conferences["A2"].is_date
    assert conferences["F2"].value == 2  # recommendations, a number
    assert conferences.column_dimensions["B"].width == 48
    on_time = book.worksheets[3]
    assert [c.value for c in on_time[4]][2:] == [4, 3, 75]
    assert book.properties.created.date() == book.properties.modified.date() == date(2026, 6, 30)


# ----------------------------------------------------------------------------------------------------- page and API


def test_the_page_shows_every_section_and_downloads_the_workbook(world, h1, client_for):
    client = client_for("r5_manager")
    response = client.get("/reports/", {"period": "2026-H1"})
    assert response.status_code == 200
    html = response.content.decode()
    for key in ("conferences", "agreements", "answered_on_time", "overdue_actions", "top_categories"):
        assert f'data-section="{key}"' in html
    assert "Đối thoại doanh nghiệp FDI 2026" in html
    assert "30/06/2026" in html  # the data's as-of date
    assert 'value="2026-H1" selected' in html
    download = client.get("/reports/", {"period": "2026-H1", "as": "xlsx"})
    assert download.status_code == 200
    assert 'filename="report-KV05-2026-H1.xlsx"' in download["Content-Disposition"]
    assert client.get("/reports/", {"period": "2026-H1", "as": "pdf"}).status_code == 400


def test_the_page_refuses_a_bad_period_beside_the_field(world, client_for):
    response = client_for("r5_manager").get("/reports/", {"start": "2026-03-01", "end": "2026-01-01"})
    assert response.status_code == 400
    assert 'class="field-error"' in response.content.decode()
    assert "data-section" not in response.content.decode()


def test_the_api_gives_the_report_as_json_and_xlsx(world, h1, api_for):
    client = api_for("r5_manager")
    response = client.get("/api/v1/reports/period/", {"period": "2026-H1"})
    assert response.status_code == 200
    data = response.json()
    assert (data["unit"]["code"], data["period"]["key"], data["as_of"]) == ("KV05", "2026-H1", "2026-06-30")
    sections = {section["key"]: section for section in data["sections"]}
    assert list(sections) == [
        "key_figures",
        "conferences",
        "agreements",
        "answered_on_time",
        "overdue_actions",
        "top_categories",
        "recommendations",
    ]
    assert sections["conferences"]["rows"][0] == {
        "date": "2026-03-10",
        "title": "Đối thoại doanh nghiệp FDI 2026",
        "unit": "Chi cục Hải quan khu vực V",
        "enterprises": 1,
        "attendees": 1,
        "recommendations": 2,
    }
    total = sections["answered_on_time"]["rows"][-1]
    assert {key: total[key] for key in ("code", "answered", "on_time", "rate")} == {
        "code": "",
        "answered": 4,
        "on_time": 3,
        "rate": 75.0,
    }
    workbook = client.get("/api/v1/reports/period/", {"period": "2026-H1", "as": "xlsx"})
    assert workbook.status_code == 200
    assert workbook.content == workbook_bytes(report_of(world.region5, today=timezone.localdate()))
    assert client.get("/api/v1/reports/period/", {"period": "2026-H1", "as": "pdf"}).status_code == 400


def test_the_api_refuses_a_bad_period_on_its_field_and_a_foreign_unit(world, api_for):
    bad = api_for("r5_manager").get("/api/v1/reports/period/", {"period": "2026-H3"})
    assert bad.status_code == 400
    assert list(bad.json()) == ["period"]
    assert api_for("r5_manager").get("/api/v1/reports/period/", {"unit": world.region6.pk}).status_code == 404
