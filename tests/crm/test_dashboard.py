"""The managers' dashboard: periods, exact figures on known data (on-time answers across Tết, median working days,
coverage, attendance, deflection), scoping (Region V never counts Region VI; headquarters is the sum), a constant
number of queries, the page and the API."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm.dashboard import compose
from crm.errors import DomainError
from crm.periods import parse
from dialogues.models import BankDeflection, QuestionChannel
from partnerships.models import AgreementStatus, Metric, Target
from tests import factories
from tests.dialogues.access_portal_questions import answer, legal_document, log_by_staff
from tests.dialogues.bank_factories import make_entry
from tests.dialogues.factories import make_conference, register
from tests.partnerships.factories import make_agreement

TODAY = date(2026, 12, 4)


def figures(unit, key: str = "2026", today=TODAY) -> dict:
    board = compose(unit=unit, period=parse(key, today=today), today=today)
    return {kpi.key: kpi for kpi in board.kpis()}


# ----------------------------------------------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("key", "start", "end"),
    [
        ("2026-05", date(2026, 5, 1), date(2026, 5, 31)),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-h2", date(2026, 7, 1), date(2026, 12, 31)),
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-01-15..2026-02-10", date(2026, 1, 15), date(2026, 2, 10)),
    ],
)
def test_a_period_is_read_from_its_key(key, start, end):
    period = parse(key, today=TODAY)
    assert (period.start, period.end) == (start, end)
    assert parse(period.key, today=TODAY) == period


def test_the_comparison_is_the_same_period_a_year_earlier():
    assert parse("2024-02", today=TODAY).previous_year().end == date(2023, 2, 28)
    assert parse("2026-H1", today=TODAY).previous_year().key == "2025-H1"
    assert parse("", today=TODAY).key == "2026"


@pytest.mark.parametrize("key", ["2026-13", "2026-Q5", "26", "2026-03-01..2026-02-01", "2020-01-01..2026-01-01", "x"])
def test_a_bad_period_is_refused_on_its_field(key):
    with pytest.raises(DomainError) as refused:
        parse(key, today=TODAY)
    assert refused.value.field == "period"


# ------------------------------------------------------------------------------------------------------ figures


def answered_at(world, question, when: datetime, monkeypatch, document):
    monkeypatch.setattr(timezone, "now", lambda: when)
    try:
        answer(world, question, document=document)
    finally:
        monkeypatch.undo()


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def test_on_time_answers_and_median_working_days_across_tet(world, monkeypatch):
    received = at(date(2026, 2, 12))  # the Thursday before Tết (16–20 February 2026 are days off)
    questions = [log_by_staff(world, title=f"Hỏi trước Tết {n}", received_at=received) for n in range(3)]
    assert questions[0].due_on == date(2026, 3, 5)  # 10 working days: Tết week not counted
    circular = legal_document()
    answered_at(world, questions[0], at(date(2026, 2, 27)), monkeypatch, circular)  # 6 working days
    answered_at(world, questions[1], at(date(2026, 3, 5)), monkeypatch, circular)  # 10: the due date, on time
    answered_at(world, questions[2], at(date(2026, 3, 6)), monkeypatch, circular)  # 11: late
    q1 = figures(world.region5, "2026-Q1")
    assert q1["questions.received"].value == 3
    assert q1["questions.on_time_rate"].value == Decimal("66.7")
    assert q1["questions.median_answer_days"].value == 10
    assert q1["questions.on_time_rate"].previous is None  # nothing answered a year earlier
    # A year later the same period compares with these.
    assert figures(world.region5, "2027-Q1", today=date(2027, 4, 1))["questions.on_time_rate"].previous == (
        Decimal("66.7")
    )


def test_region_v_never_counts_region_vi_and_headquarters_is_the_sum(world):
    log_by_staff(world, title="Câu hỏi Khu vực V")
    log_by_staff(world, title="Câu hỏi thứ hai")
    from dialogues.services import questions as question_services

    question_services.record_question(
        by=world.r6_officer,
        branch=world.region6,
        channel=QuestionChannel.HOTLINE,
        enterprise=world.ent_r6,
        title="Câu hỏi Khu vực VI",
        body="Thủ tục?",
    )
    today = timezone.localdate()
    key = str(today.year)
    r5, r6, hq = (figures(unit, key, today) for unit in (world.region5, world.region6, world.department))
    assert (r5["questions.received"].value, r6["questions.received"].value) == (2, 1)
    for kpi in ("questions.received", "questions.backlog", "enterprises.managed", "agreements.active"):
        assert hq[kpi].value == r5[kpi].value + r6[kpi].value, kpi


def test_coverage_attendance_and_deflection_rates(world):
    today = timezone.localdate()
    # Coverage: ent_a has an active agreement; Region V manages ent_a and ent_b (the office's) → 50%.
    make_agreement(branch=world.region5, status=AgreementStatus.ACTIVE, by=world.r5_manager, parties=[world.ent_a])
    # Attendance: 2 enterprises invited to a held conference, 1 checked in → 50%.
    conference = make_conference(
        branch=world.region5,
        by=world.r5_manager,
        starts_at=timezone.now() - timedelta(hours=3),
        invite=[world.ent_a, world.ent_b],
    )
    registration = register(conference, world.ent_a, "Trần Thị Hương", by=world.portal_a)
    register(conference, world.ent_b, "Lê Minh", by=world.portal_b)
    from dialogues.services import conferences as conference_services

    conference_services.check_in(attendee=registration.attendees.get(), by=world.r5_officer)
    conference_services.close_conference(conference=conference, by=world.r5_manager, minutes="Biên bản")
    # Deflection: 1 question answered by the bank, 3 sent through the portal → 1 ÷ 4 = 25%.
    entry = make_entry(world)
    BankDeflection.objects.create(entry=entry, enterprise=world.ent_a, user=world.portal_a, query="hủy tờ khai")
    from dialogues.services import questions as question_services

    for n in range(3):
        question_services.submit_question(by=world.portal_a, title=f"Câu hỏi {n}", body="Thủ tục?")
    board = figures(world.region5, str(today.year), today)
    assert board["agreements.coverage"].value == 50
    assert board["conferences.invited"].value == 2
    assert board["conferences.attendance_rate"].value == 50
    assert board["bank.deflections"].value == 1
    assert board["bank.deflection_rate"].value == 25


def test_targets_and_progress(world):
    today = timezone.localdate()
    Target.objects.create(
        branch=world.region5, year=today.year, metric=Metric.AGREEMENTS_SIGNED, assigned=4, striving=5
    )
    make_agreement(branch=world.region5, status=AgreementStatus.ACTIVE, by=world.r5_manager)
    signed = figures(world.region5, str(today.year), today)["agreements.signed"]
    assert (signed.value, signed.target, signed.striving, signed.progress) == (1, 4, 5, 25)


def test_the_dashboard_runs_the_same_queries_however_much_data(world):
    today = timezone.localdate()
    period = parse(str(today.year), today=today)
    with CaptureQueriesContext(connection) as empty:
        compose(unit=world.region5, period=period, today=today)
    for n in range(6):
        log_by_staff(world, title=f"Câu hỏi {n}")
        factories.make_enterprise(managing_branch=world.region5)
    make_agreement(branch=world.region5, status=AgreementStatus.ACTIVE, by=world.r5_manager, parties=[world.ent_a])
    with CaptureQueriesContext(connection) as full:
        compose(unit=world.region5, period=period, today=today)
    assert len(full) == len(empty)
    assert len(full) <= 20


# ------------------------------------------------------------------------------------------------ page and API


def test_the_page_shows_every_section_with_links_to_the_lists(world, client_for):
    log_by_staff(world)
    response = client_for("r5_manager").get("/dashboard/", {"period": "2026-H2"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-kpi="questions.on_time_rate"' in html
    assert f"/questions/?branch={world.region5.pk}" in html
    assert 'value="2026-H2" selected' in html


def test_a_custom_range_and_a_bad_one(world, client_for):
    client = client_for("r5_manager")
    assert client.get("/dashboard/", {"start": "2026-01-01", "end": "2026-02-15"}).status_code == 200
    bad = client.get("/dashboard/", {"start": "2026-03-01", "end": "2026-01-01"})
    assert bad.status_code == 400
    assert 'class="field-error"' in bad.content.decode()


def test_the_api_gives_every_figure_with_its_key_and_the_list_behind_it(world, api_for):
    log_by_staff(world)
    response = api_for("r5_manager").get("/api/v1/dashboard/", {"period": "2026"})
    assert response.status_code == 200
    data = response.json()
    assert data["unit"]["id"] == world.region5.pk
    assert data["period"]["key"] == "2026"
    assert data["previous_period"]["key"] == "2025"
    kpis = {kpi["key"]: kpi for section in data["sections"] for kpi in section["kpis"]}
    assert {"questions.on_time_rate", "bank.deflection_rate", "agreements.coverage"} <= set(kpis)
    assert kpis["questions.received"]["drill"].startswith("/questions/")
    assert set(kpis["questions.received"]) >= {"value", "previous", "target", "progress", "definition", "unit"}


def test_the_api_refuses_a_bad_period_on_its_field(world, api_for):
    response = api_for("hq_admin").get("/api/v1/dashboard/", {"period": "2026-Q7"})
    assert response.status_code == 400
    assert "period" in response.json()


def test_the_dashboard_downloads_as_xlsx_and_csv_with_the_period_chosen(world, client_for):
    import io

    from openpyxl import load_workbook

    log_by_staff(world)
    client = client_for("r5_manager")
    today = timezone.localdate()
    response = client.get("/dashboard/", {"period": str(today.year), "as": "xlsx"})
    assert response.status_code == 200
    assert f"dashboard-KV05-{today.year}" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[2]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["questions.received"][3] == 1
    csv = b"".join(client.get("/dashboard/", {"period": str(today.year), "as": "csv"}).streaming_content).decode()
    assert "questions.on_time_rate" in csv
    assert client.get("/dashboard/", {"as": "pdf"}).status_code == 400
