from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from dialogues import selectors
from dialogues.filters import ActionFilter, ConferenceFilter
from dialogues.models import Addressee, ConferenceStatus, FollowUpAction
from dialogues.services import actions as action_services
from dialogues.services import conferences as services
from tests import factories
from tests.dialogues.factories import at, make_action, make_conference, register, today

pytestmark = pytest.mark.django_db

C = ConferenceStatus


def titles(queryset) -> list[str]:
    return [c.title for c in queryset]


@pytest.fixture
def three_units(world):
    """A conference of Region V (yesterday), of its office (in 3 days) and of Region VI (in 5 days)."""
    return {
        "r5": make_conference(branch=world.region5, title="V", starts_at=at(days=-1)),
        "office": make_conference(branch=world.region5_office, title="Yên Phong", starts_at=at(days=3)),
        "r6": make_conference(branch=world.region6, title="VI", starts_at=at(days=5)),
    }


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("hq_admin", ["VI", "Yên Phong", "V"]),
        ("r5_manager", ["Yên Phong", "V"]),
        ("r5_officer", ["Yên Phong", "V"]),
        ("r5_office_officer", ["Yên Phong"]),
        ("r6_officer", ["VI"]),
        ("portal_a", []),
    ],
)
def test_conferences_are_scoped_to_the_unit_subtree_newest_first(world, three_units, persona, expected):
    assert titles(selectors.conferences_visible_to(getattr(world, persona))) == expected


def test_the_list_counts_invited_registered_and_checked_in(world):
    ent_c = factories.make_enterprise(managing_branch=world.region5)
    conference = make_conference(branch=world.region5, capacity=3)
    services.invite(conference=conference, by=None, enterprises=[world.ent_a, world.ent_b, ent_c], channel="single")
    register(conference, world.ent_a, "Nguyễn Văn Đức", "Trần Thị Hoa", by=world.portal_a)
    register(conference, world.ent_b, "Lê Văn Khoa", by=world.portal_b)
    register(conference, ent_c, "Waiting One", "Waiting Two", by=world.r5_officer)  # waitlisted
    for attendee in conference.attendees.filter(registration__enterprise=world.ent_a):
        services.check_in(attendee=attendee, by=world.r5_officer)
    services.walk_in(conference=conference, by=world.r5_officer, full_name="Khách", organisation="VCCI")
    make_conference(branch=world.region5, title="Empty")

    rows = {c.title: c for c in selectors.conferences_visible_to(world.r5_officer)}

    row = rows[conference.title]
    assert (row.invited_count, row.registered_count, row.checked_in_count) == (3, 2, 3)
    assert (rows["Empty"].invited_count, rows["Empty"].registered_count, rows["Empty"].checked_in_count) == (0, 0, 0)


def count(callable_) -> int:
    with CaptureQueriesContext(connection) as captured:
        callable_()
    return len(captured)


def test_the_conference_list_runs_one_query_for_1_or_5_conferences(world):
    seen = []

    def read():
        for row in selectors.conferences_visible_to(world.r5_officer):
            seen.append((row.branch.name_vi, row.invited_count, row.registered_count, row.checked_in_count))

    make_conference(branch=world.region5, invite=[world.ent_a])
    read()  # warms the cached membership
    one = count(read)
    for n in range(4):
        conference = make_conference(branch=world.region5, title=f"H{n}", invite=[world.ent_a, world.ent_b])
        register(conference, world.ent_a, "A", "B", by=world.r5_officer)
    assert one == count(read) == 1
    assert seen[2] == ("Chi cục Hải quan khu vực V", 2, 1, 0)  # the newest first
    assert seen[-1] == ("Chi cục Hải quan khu vực V", 1, 0, 0)
    assert len(seen) == 1 + 1 + 5


def test_the_conference_detail_runs_the_same_queries_whatever_it_holds(world):
    def read(pk):
        row = selectors.conference_detail_visible_to(world.r5_officer).get(pk=pk)
        (getattr(row, "report", None), list(row.target_segments.all()), list(row.agreements.all()))
        [(a.owner, a.owner_enterprise) for a in row.actions.all()]
        list(row.recommendations.all())

    small = make_conference(branch=world.region5, status=C.HELD)
    read(small.pk)
    before = count(lambda: read(small.pk))
    big = make_conference(branch=world.region5, starts_at=at(hours=-1), target_segments=[factories.SegmentFactory()])
    services.close_conference(
        conference=big,
        by=world.r5_officer,
        minutes="Biên bản",
        recommendations=[{"text": f"Đề xuất {n}", "addressed_to": Addressee.PROVINCE} for n in range(3)],
        actions=[
            {"type": "other", "title": f"Việc {n}", "due_on": today(), "owner": world.r5_officer} for n in range(3)
        ],
    )
    assert count(lambda: read(big.pk)) == before


def test_registrations_are_the_portal_users_own(world):
    conference = make_conference(branch=world.region5, invite=[world.ent_a, world.ent_b])
    mine = register(conference, world.ent_a, by=world.portal_a)
    theirs = register(conference, world.ent_b, by=world.portal_b)

    assert list(selectors.registrations_visible_to(world.portal_a)) == [mine]
    assert list(selectors.registrations_visible_to(world.r5_officer)) == [mine, theirs]
    assert list(selectors.registrations_visible_to(world.r5_office_officer)) == []
    assert list(selectors.registrations_visible_to(world.r6_officer)) == []


def test_the_plan_is_scoped_and_filtered_by_year_and_unit(world):
    def plan(branch, year, quarter, theme):
        return services.save_plan_item(by=None, branch=branch, year=year, quarter=quarter, kind="thematic", theme=theme)

    plan(world.region5, 2026, 3, "Q3 V")
    plan(world.region5_office, 2026, 1, "Q1 YP")
    plan(world.region6, 2026, 2, "Q2 VI")
    plan(world.region5, 2025, 1, "Cũ")

    assert [i.theme for i in selectors.plan_visible_to(world.r5_officer, year=2026)] == ["Q1 YP", "Q3 V"]
    office = selectors.plan_visible_to(world.r5_officer, year=2026, branch=world.region5_office)
    assert [i.theme for i in office] == ["Q1 YP"]
    assert [i.theme for i in selectors.plan_visible_to(world.hq_admin, year=2026)] == ["Q1 YP", "Q2 VI", "Q3 V"]


# --- Public page -------------------------------------------------------------------------------------------------


def test_the_public_page_shows_public_conferences_with_published_minutes_and_public_items_only(world):
    shown = make_conference(branch=world.region5, title="Công khai", starts_at=at(hours=-2), is_public=True)
    services.close_conference(
        conference=shown,
        by=world.r5_officer,
        minutes="Biên bản",
        recommendations=[
            {"text": "Công khai", "addressed_to": Addressee.MINISTRY_OF_FINANCE},
            {"text": "Nội bộ", "addressed_to": Addressee.CUSTOMS_DEPARTMENT, "is_public": False},
        ],
        actions=[
            {"type": "it_fix", "title": "Sửa VNACCS", "due_on": today(), "is_public": True},
            {"type": "other", "title": "Việc nội bộ", "due_on": today()},
        ],
    )
    services.publish_minutes(conference=shown, by=world.r5_officer)
    held_only = make_conference(branch=world.region5, title="Chưa công bố", status=C.HELD, is_public=True)
    private = make_conference(branch=world.region5, title="Riêng", status=C.MINUTES_PUBLISHED)
    closed = make_conference(branch=world.region5, title="Đã đóng", status=C.FOLLOW_UP_CLOSED)
    services.update_conference(conference=closed, by=None, is_public=True)
    make_conference(branch=world.region5_office, title="Văn phòng", status=C.MINUTES_PUBLISHED, is_public=True)
    assert (held_only.is_public, private.is_public) == (True, False)

    rows = list(selectors.public_conferences(world.region5))

    assert sorted(titles(rows)) == ["Công khai", "Đã đóng"]
    row = next(r for r in rows if r.title == "Công khai")
    assert [r.text for r in row.recommendations.all()] == ["Công khai"]
    assert [a.title for a in row.actions.all()] == ["Sửa VNACCS"]


# --- Action lists and filters ------------------------------------------------------------------------------------


@pytest.fixture
def board(world):
    """Region V actions: overdue (mine), due in 3 days, due in 8 days (mine), done though overdue; one of Region VI."""
    conference = make_conference(branch=world.region5, status=C.HELD)
    conference_r6 = make_conference(branch=world.region6, status=C.HELD)
    actions = {
        "overdue": make_action(
            conference=conference, title="Quá hạn", due_on=today() - timedelta(days=1), owner=world.r5_officer
        ),
        "soon": make_action(conference=conference, title="Sắp đến", due_on=today() + timedelta(days=3)),
        "later": make_action(
            conference=conference, title="Tuần sau", due_on=today() + timedelta(days=8), owner=world.r5_officer
        ),
        "done": make_action(conference=conference, title="Xong", due_on=today() - timedelta(days=5)),
        "edge": make_action(conference=conference, title="Đúng 7 ngày", due_on=today() + timedelta(days=7)),
        "r6": make_action(conference=conference_r6, title="Khu vực VI", due_on=today() - timedelta(days=1)),
    }
    action_services.complete_action(action=actions["done"], by=None, evidence_note="Đã gửi công văn")
    return actions


def filtered(world, persona, **data) -> list[str]:
    request = RequestFactory().get("/")
    request.user = getattr(world, persona)
    queryset = selectors.actions_visible_to(request.user)
    return [a.title for a in ActionFilter(data, queryset=queryset, request=request).qs]


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        ("", ["Xong", "Quá hạn", "Sắp đến", "Đúng 7 ngày", "Tuần sau"]),
        ("mine", ["Quá hạn", "Tuần sau"]),
        ("overdue", ["Quá hạn"]),
        ("week", ["Sắp đến", "Đúng 7 ngày"]),
    ],
)
def test_the_action_views_mine_overdue_and_week(world, board, view, expected):
    assert filtered(world, "r5_officer", view=view) == expected


def test_actions_are_scoped_to_the_responsible_unit(world, board):
    assert filtered(world, "r6_officer") == ["Khu vực VI"]
    assert filtered(world, "r6_officer", view="overdue") == ["Khu vực VI"]
    assert filtered(world, "r5_office_officer") == []
    assert filtered(world, "portal_a") == []
    assert len(filtered(world, "hq_admin")) == 6


def test_the_action_filter_by_status_and_text(world, board):
    assert filtered(world, "r5_officer", status=["done"]) == ["Xong"]
    assert filtered(world, "r5_officer", q="tuần") == ["Tuần sau"]


def test_open_actions_of_the_unit_and_overdue(world, board):
    assert [a.title for a in selectors.open_actions_of_branch(world.r5_officer)] == [
        "Quá hạn",
        "Sắp đến",
        "Đúng 7 ngày",
        "Tuần sau",
    ]
    assert sorted(FollowUpAction.objects.overdue(today()).values_list("title", flat=True)) == ["Khu vực VI", "Quá hạn"]


def test_the_action_list_runs_one_query_for_1_or_5_actions(world):
    conference = make_conference(branch=world.region5, status=C.HELD)
    make_action(conference=conference, owner=world.r5_officer)

    seen = []

    def read():
        for a in selectors.actions_visible_to(world.r5_officer):
            seen.append((a.branch.code, a.owner, a.owner_enterprise, a.conference, a.agreement_review))

    read()
    one = count(read)
    for _ in range(4):
        make_action(conference=conference, owner=world.r5_officer)
    assert one == count(read) == 1
    assert len(seen) == 1 + 1 + 5


def test_the_conference_filter_by_unit_subtree_and_status(world, three_units):
    request = RequestFactory().get("/")
    request.user = world.hq_admin
    queryset = selectors.conferences_visible_to(world.hq_admin)

    by_unit = ConferenceFilter({"branch": world.region5.pk}, queryset=queryset, request=request).qs
    assert titles(by_unit) == ["Yên Phong", "V"]
    by_status = ConferenceFilter({"status": ["planned"], "q": "phong"}, queryset=queryset, request=request).qs
    assert titles(by_status) == ["Yên Phong"]
