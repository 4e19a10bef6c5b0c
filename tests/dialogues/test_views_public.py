"""The public pages (no login): a unit's "You said, we did" page and its calendar feed, and everything they must not
show (non-public conferences, recommendations and actions, officers, enterprises, personal data); the page's figures
by unit (the unit and its child units, their own subtrees only, in a constant number of queries)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dialogues.models import ActionType, Addressee, ConferenceStatus, InvitationChannel, Question
from dialogues.services import actions as action_services
from dialogues.services import conferences as services
from dialogues.services import questions as question_services
from partnerships.models import AgreementStatus
from tests import factories
from tests.dialogues.factories import at, make_conference, register, today
from tests.partnerships.factories import make_agreement

pytestmark = pytest.mark.django_db

PAGE = "/public/units/KV05/"
FEED = "/public/units/KV05/calendar.ics"


@pytest.fixture
def visitor(client_for):
    client = client_for("anonymous")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def held_conference(world, *, title, is_public=True, publish=True, recommendations=(), actions=()):
    """A Region V conference attended by ent_a, closed with its report (and published unless told otherwise)."""
    conference = services.create_conference(
        by=None,
        branch=world.region5,
        title=title,
        starts_at=at(days=-3),
        ends_at=at(days=-3, hours=4),
        is_public=is_public,
        chairs="Trần Văn Dũng",
    )
    services.invite(conference=conference, by=None, enterprises=[world.ent_a], channel=InvitationChannel.SINGLE)
    register(conference, world.ent_a, "Nguyễn Văn An", by=world.r5_officer)
    services.close_conference(
        conference=conference,
        by=None,
        minutes="Biên bản có tên Nguyễn Văn An",
        attendee_count=42,
        attendee_count_reason="Đếm tại hội trường",
        recommendations=list(recommendations),
        actions=list(actions),
    )
    if publish:
        services.publish_minutes(conference=conference, by=None)
    return conference


@pytest.fixture
def published(world):
    return held_conference(
        world,
        title="Đối thoại doanh nghiệp khu công nghiệp Yên Phong",
        recommendations=[
            {"text": "Sửa quy định về thời hạn nộp C/O", "addressed_to": Addressee.MINISTRY_OF_FINANCE},
            {
                "text": "Kiến nghị nội bộ không công khai",
                "addressed_to": Addressee.CUSTOMS_DEPARTMENT,
                "is_public": False,
            },
        ],
        actions=[
            {
                "type": ActionType.TRAINING,
                "title": "Tập huấn khai báo xuất xứ",
                "due_on": today() + timedelta(days=30),
                "owner": world.r5_officer,
                "is_public": True,
            },
            {
                "type": ActionType.WRITTEN_ANSWER,
                "title": "Việc nội bộ không công khai",
                "due_on": today() + timedelta(days=30),
                "owner_side": "business",
                "owner_enterprise": world.ent_a,
            },
        ],
    )


def test_the_public_page_needs_no_login_and_shows_what_you_said_and_what_we_did(world, visitor, published):
    action = published.actions.get(title="Tập huấn khai báo xuất xứ")
    action_services.log_progress(action=action, by=world.r5_officer, progress=40, note="Đã mời giảng viên")
    response = visitor.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chi cục Hải quan khu vực V" in html or "Regional Customs Branch V" in html
    assert "Đối thoại doanh nghiệp khu công nghiệp Yên Phong" in html
    assert timezone.localtime(published.starts_at).strftime("%d/%m/%Y") in html
    assert "42 attendees" in html
    assert "Sửa quy định về thời hạn nộp C/O" in html
    assert "→ Ministry of Finance" in html
    assert "Tập huấn khai báo xuất xứ" in html
    assert '<span class="badge action-in_progress">In progress</span>' in html
    assert '<span class="act-pct">40%</span>' in html
    assert [c.pk for c in response.context["conferences"]] == [published.pk]


def test_the_public_page_leaks_nothing_that_is_not_public(world, visitor, published):
    held_conference(
        world,
        title="Hội nghị kín về chống buôn lậu",
        is_public=False,
        recommendations=[{"text": "Kiến nghị của hội nghị kín", "addressed_to": Addressee.PROVINCE}],
        actions=[
            {"type": "other", "title": "Việc của hội nghị kín", "due_on": today(), "is_public": True},
        ],
    )
    held_conference(world, title="Hội nghị chưa công bố biên bản", publish=False)
    make_conference(branch=world.region6, status=ConferenceStatus.MINUTES_PUBLISHED, is_public=True, title="Khu vực VI")
    html = visitor.get(PAGE).content.decode()
    for secret in (
        "Hội nghị kín về chống buôn lậu",
        "Kiến nghị của hội nghị kín",
        "Việc của hội nghị kín",
        "Hội nghị chưa công bố biên bản",
        "Khu vực VI",
        "Kiến nghị nội bộ không công khai",
        "Việc nội bộ không công khai",
        world.r5_officer.display_name,
        "r5_officer",
        world.ent_a.name_vi,
        world.ent_a.tax_code,
        "Dong A Electronics",
        "Nguyễn Văn An",
        "Trần Văn Dũng",
        "Biên bản có tên",
    ):
        assert secret not in html, secret


def test_an_unknown_unit_code_is_404(visitor):
    assert visitor.get("/public/units/NO-SUCH-UNIT/").status_code == 404
    assert visitor.get("/public/units/NO-SUCH-UNIT/calendar.ics").status_code == 404


def test_a_unit_with_nothing_published_says_so(world, visitor):
    response = visitor.get("/public/units/KV06/")
    assert response.status_code == 200
    assert "Nothing published yet." in response.content.decode()


def test_signed_in_people_see_the_same_public_page(world, client_for, published):
    for persona in ("r6_officer", "portal_b"):
        response = client_for(persona).get(PAGE)
        assert response.status_code == 200
        assert [c.pk for c in response.context["conferences"]] == [published.pk]


def test_the_calendar_feed_lists_the_units_public_conferences_only(world, visitor, published):
    upcoming = make_conference(branch=world.region5, is_public=True, title="Hội nghị sắp tới", starts_at=at(days=14))
    cancelled = make_conference(
        branch=world.region5, status=ConferenceStatus.CANCELLED, is_public=True, title="Hội nghị đã hoãn"
    )
    make_conference(branch=world.region5, title="Hội nghị nội bộ")
    make_conference(branch=world.region6, is_public=True, title="Hội nghị khu vực VI")
    response = visitor.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    summaries = [line.removeprefix("SUMMARY:") for line in body.split("\r\n") if line.startswith("SUMMARY:")]
    assert sorted(summaries) == sorted(
        ["Đối thoại doanh nghiệp khu công nghiệp Yên Phong", "Hội nghị sắp tới", "Hội nghị đã hoãn"]
    )
    assert f"UID:conference-{cancelled.pk}@testserver\r\nDTSTAMP" in body
    cancelled_event = body[body.index(f"UID:conference-{cancelled.pk}@") :].split("END:VEVENT")[0]
    assert "STATUS:CANCELLED" in cancelled_event
    assert f"UID:conference-{upcoming.pk}@testserver" in body
    assert "Hội nghị nội bộ" not in body


# ------------------------------------------------------------------------------------------- figures by unit


def answered_question(world, *, branch, on_time=True, answered_at=None, merged_into=None) -> Question:
    by = world.r6_officer if branch == world.region6 else world.r5_officer
    question = question_services.record_question(
        by=by, branch=branch, channel="hotline", title="Hỏi về C/O", body="Thủ tục?", enterprise=world.ent_a
    )
    Question.objects.filter(pk=question.pk).update(
        answered_at=answered_at or timezone.now(), answered_on_time=on_time, merged_into=merged_into
    )
    return question


@pytest.fixture
def figures(world):
    """This year: Region V answers 2 (1 on time), its office 1 on time, Region VI 1 late; a merged duplicate and an
    answer of last year do not count. Agreements: Region V one active and one suspended, both signed this year; the
    office one active signed last year; Region VI one active signed this year."""
    year = today().year
    first = answered_question(world, branch=world.region5)
    answered_question(world, branch=world.region5, on_time=False)
    answered_question(world, branch=world.region5_office)
    answered_question(world, branch=world.region6, on_time=False)
    answered_question(world, branch=world.region5, merged_into=first)
    last_year = timezone.make_aware(timezone.datetime(year - 1, 12, 20, 10))
    answered_question(world, branch=world.region5, answered_at=last_year)
    this_january, last_january = date(year, 1, 1), date(year - 1, 1, 1)
    for branch, status, signed_on in [
        (world.region5, AgreementStatus.ACTIVE, this_january),
        (world.region5, AgreementStatus.SUSPENDED, this_january),
        (world.region5_office, AgreementStatus.ACTIVE, last_january),
        (world.region6, AgreementStatus.ACTIVE, this_january),
    ]:
        make_agreement(branch=branch, status=status, by=world.hq_admin, signed_on=signed_on)


def rows(response) -> list[tuple]:
    return [
        (row.branch.code, row.whole, row.answered, row.on_time_rate, row.agreements_active, row.agreements_signed)
        for row, _name in response.context["units"]
    ]


def test_the_public_page_sums_up_the_unit_and_its_child_units_with_the_dashboards_definitions(world, visitor, figures):
    response = visitor.get(PAGE)
    assert rows(response) == [
        ("KV05", True, 3, Decimal("66.7"), 2, 2),  # the suspended agreement is in force but not active
        ("KV05-YP", False, 1, Decimal("100.0"), 1, 0),
    ]
    html = response.content.decode()
    assert '<tr data-unit="KV05-YP">' in html
    assert "66.7%" in html
    assert "Regional Customs Branch V" in html
    assert "Yen Phong Customs Office" in html
    assert "Regional Customs Branch VI" not in html  # nothing from another region's subtree


def test_the_departments_page_has_a_row_per_region_and_a_region_without_answers_shows_a_dash(world, visitor, figures):
    assert rows(visitor.get("/public/units/CHQ/")) == [
        ("CHQ", True, 4, Decimal("50.0"), 3, 3),
        ("KV05", False, 3, Decimal("66.7"), 2, 2),
        ("KV06", False, 1, Decimal("0.0"), 1, 1),
    ]
    response = visitor.get("/public/units/KV05-YP/")
    assert rows(response) == [("KV05-YP", True, 1, Decimal("100.0"), 1, 0)]
    Question.objects.filter(branch=world.region6).delete()
    empty = visitor.get("/public/units/KV06/")
    assert rows(empty) == [("KV06", True, 0, None, 1, 1)]
    assert "—" in empty.content.decode()


def test_the_figures_by_unit_cost_the_same_queries_whatever_the_number_of_child_units(world, visitor, figures):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert visitor.get("/public/units/CHQ/").status_code == 200
        return len(queries)

    two_regions = count()
    for number, numeral in ((7, "VII"), (8, "VIII"), (9, "IX")):
        factories.make_branch(parent=world.department, code=f"KV{number:02d}", roman_numeral=numeral)
    assert len(visitor.get("/public/units/CHQ/").context["units"]) == 6
    assert count() == two_regions
