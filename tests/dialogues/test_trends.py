"""Monthly trends behind the dashboard's charts: the trend window, exact monthly values on known data (local months,
the dashboard's definitions, the unit's subtree only), questions by category, and one query per figure family."""

from datetime import date, datetime
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.utils import timezone, translation

from crm.dashboard_charts import charts_for
from crm.periods import Period, parse
from crm.trends import window
from dialogues import trends
from dialogues.models import ActionStatus, ConferenceStatus, FollowUpAction, Question, QuestionCategory
from dialogues.services import questions as question_services
from partnerships import trends as partnership_trends
from partnerships.models import AgreementStatus, Pledge, PledgeStatus
from partnerships.services import pledges as pledge_services
from tests import factories
from tests.dialogues.factories import make_action, make_conference
from tests.partnerships.factories import make_agreement

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 4)
Q3 = parse("2026-Q3", today=TODAY)
JUL, AUG, SEP = date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1)


def local(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.get_current_timezone())


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# ------------------------------------------------------------------------------------------------------ window


@pytest.mark.parametrize(
    ("key", "start", "end", "months"),
    [
        ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30), 3),
        ("2026", date(2026, 1, 1), date(2026, 12, 31), 12),
        ("2026-09", date(2025, 10, 1), date(2026, 9, 30), 12),
        ("2026-01-15..2026-02-10", date(2025, 3, 1), date(2026, 2, 10), 12),
        ("2026-01-15..2026-03-10", date(2026, 1, 15), date(2026, 3, 10), 3),
    ],
)
def test_the_trend_window_is_the_period_or_the_twelve_months_ending_with_a_short_one(key, start, end, months):
    span = window(parse(key, today=TODAY))
    assert (span.start, span.end, len(span.months())) == (start, end, months)


# ------------------------------------------------------------------------------------------------ known data


def question(world, *, branch=None, received, answered=None, on_time=None, category="other", merged_into=None):
    """A question of `branch` (Region V by default) received and answered at the given local times."""
    branch = branch or world.region5
    by = world.r6_officer if branch == world.region6 else world.r5_officer
    made = question_services.record_question(
        by=by, branch=branch, channel="hotline", title="Hỏi về thủ tục", body="Thủ tục?", enterprise=world.ent_a
    )
    Question.objects.filter(pk=made.pk).update(
        received_at=received, answered_at=answered, answered_on_time=on_time, category=category, merged_into=merged_into
    )
    return made


@pytest.fixture
def questions(world):
    first = question(
        world, received=local(2026, 7, 10, 9), answered=local(2026, 7, 20, 15), on_time=True, category="classification"
    )
    question(
        world, received=local(2026, 7, 15, 9), answered=local(2026, 10, 1, 9), on_time=False, category="classification"
    )
    # Just after midnight on 1 August in Hà Nội: still 31 July in UTC, an August question here.
    question(
        world,
        branch=world.region5_office,
        received=local(2026, 8, 1, 0, 30),
        answered=local(2026, 9, 2, 10),
        on_time=False,
        category="origin",
    )
    question(world, received=local(2026, 6, 25, 9), answered=local(2026, 7, 5, 9), on_time=True, category="valuation")
    question(world, received=local(2026, 9, 30, 23, 50))
    question(world, received=local(2026, 8, 5, 9), merged_into=first, category="origin")  # a merged duplicate
    question(world, branch=world.region6, received=local(2026, 8, 10, 9), answered=local(2026, 8, 11, 9), on_time=True)


@pytest.fixture
def conferences(world):
    make_conference(branch=world.region5, status=ConferenceStatus.HELD, starts_at=local(2026, 8, 12, 8))
    make_conference(
        branch=world.region5_office, status=ConferenceStatus.FOLLOW_UP_CLOSED, starts_at=local(2026, 8, 20, 8)
    )
    held = make_conference(
        branch=world.region5, status=ConferenceStatus.MINUTES_PUBLISHED, starts_at=local(2026, 7, 1, 0, 30)
    )
    cancelled = make_conference(branch=world.region5, status=ConferenceStatus.CANCELLED)
    cancelled.__class__.objects.filter(pk=cancelled.pk).update(starts_at=local(2026, 8, 15, 8))
    make_conference(branch=world.region6, status=ConferenceStatus.HELD, starts_at=local(2026, 9, 3, 8))
    return held


@pytest.fixture
def actions(world, conferences):
    for due, status, done in [
        (date(2026, 7, 20), ActionStatus.DONE, date(2026, 7, 18)),
        (date(2026, 7, 25), ActionStatus.DONE, date(2026, 7, 30)),  # late
        (date(2026, 8, 10), ActionStatus.IN_PROGRESS, None),
        (date(2026, 9, 5), ActionStatus.CANCELLED, None),
        (date(2026, 9, 15), ActionStatus.DONE, date(2026, 9, 15)),
    ]:
        action = make_action(conference=conferences, due_on=date(2027, 1, 1))
        FollowUpAction.objects.filter(pk=action.pk).update(
            due_on=due, status=status, completed_on=done, evidence_note="Công văn trả lời" if done else ""
        )


@pytest.fixture
def partnerships(world):
    for branch, signed_on in [
        (world.region5, date(2026, 7, 3)),
        (world.region5_office, date(2026, 9, 29)),
        (world.region5, date(2026, 6, 30)),
        (world.region6, date(2026, 8, 1)),
    ]:
        make_agreement(branch=branch, status=AgreementStatus.ACTIVE, by=world.hq_admin, signed_on=signed_on)
    campaign = pledge_services.create_campaign(
        by=world.r5_manager,
        branch=world.region5,
        name="Không buôn bán hàng giả",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        text_vi="Doanh nghiệp cam kết.",
        target_signers=100,
    )
    for signed_on in (date(2026, 7, 10), date(2026, 7, 11), date(2026, 8, 20), date(2026, 9, 1)):
        pledge_services.record_pledge(
            campaign=campaign,
            by=world.r5_manager,
            enterprise=factories.make_enterprise(managing_branch=world.region5),
            signed_on=signed_on,
        )
    Pledge.objects.filter(signed_on=date(2026, 8, 20)).update(status=PledgeStatus.WITHDRAWN)


def test_questions_by_month_count_local_months_of_the_subtree_without_merged_duplicates(world, questions):
    figures = trends.monthly(world.region5, Q3)
    assert figures["months"] == [JUL, AUG, SEP]
    assert figures["received"] == [2, 1, 1]
    assert figures["answered"] == [2, 0, 1]  # in the month of the answer, whenever received
    assert figures["answered_on_time"] == [2, 0, 0]
    assert figures["on_time_rate"] == [Decimal("100.0"), None, Decimal("0.0")]
    region6 = trends.monthly(world.region6, Q3)
    assert (region6["received"], region6["answered"]) == ([0, 1, 0], [0, 1, 0])
    office = trends.monthly(world.region5_office, Q3)
    assert (office["received"], office["answered"]) == ([0, 1, 0], [0, 0, 1])
    department = trends.monthly(world.department, Q3)
    assert department["received"] == [2, 2, 1]


def test_conferences_held_and_actions_due_by_month(world, actions):
    figures = trends.monthly(world.region5, Q3)
    assert figures["conferences_held"] == [1, 2, 0]  # cancelled and Region VI ones do not count
    assert figures["actions_due"] == [2, 1, 1]  # the cancelled action does not count
    assert figures["actions_done_on_time"] == [1, 0, 1]
    assert trends.monthly(world.region6, Q3)["conferences_held"] == [0, 0, 1]


def test_a_month_is_shown_within_its_twelve_months(world, questions):
    figures = trends.monthly(world.region5, parse("2026-09", today=TODAY))
    assert len(figures["months"]) == 12
    assert figures["months"][0] == date(2025, 10, 1)
    assert figures["received"] == [0] * 8 + [1, 2, 1, 1]  # June's early question now counts too
    assert figures["answered"] == [0] * 9 + [2, 0, 1]


def test_agreements_and_pledges_signed_by_month(world, partnerships):
    figures = partnership_trends.monthly(world.region5, Q3)
    assert figures["months"] == [JUL, AUG, SEP]
    assert figures["agreements_signed"] == [1, 0, 1]
    assert figures["pledges_signed"] == [2, 0, 1]  # the withdrawn pledge does not count
    assert partnership_trends.monthly(world.region6, Q3)["agreements_signed"] == [0, 1, 0]
    assert partnership_trends.monthly(world.region6, Q3)["pledges_signed"] == [0, 0, 0]


def test_questions_by_category_most_asked_first_and_the_rest_added_up(world, questions):
    assert trends.by_category(world.region5, Q3) == [
        (str(QuestionCategory.CLASSIFICATION.label), 2),
        (str(QuestionCategory.ORIGIN.label), 1),
        (str(QuestionCategory.OTHER.label), 1),
    ]
    assert trends.by_category(world.region5, Q3, limit=2) == [
        (str(QuestionCategory.CLASSIFICATION.label), 2),
        ("Other subjects (2)", 2),
    ]
    assert trends.by_category(world.region6, Period("year", date(2025, 1, 1), date(2025, 12, 31))) == []


def test_each_figure_family_is_one_query(world, actions, partnerships, questions, django_assert_num_queries):
    with django_assert_num_queries(3):
        trends.monthly(world.department, Q3)
    with django_assert_num_queries(2):
        partnership_trends.monthly(world.department, Q3)
    with django_assert_num_queries(1):
        trends.by_category(world.department, Q3)


def test_the_dashboard_charts_draw_the_trends_in_six_queries(
    world, actions, partnerships, questions, django_assert_num_queries
):
    with django_assert_num_queries(6):
        charts = charts_for(world.region5, Q3)
    assert [chart.key for chart in charts] == [
        "questions.by_month",
        "on_time_rate.by_month",
        "signed.by_month",
        "questions.by_category",
    ]
    for chart in charts:
        root = ElementTree.fromstring(chart.svg)
        assert root[0].text == chart.title
    received = ElementTree.fromstring(charts[0].svg)[1].text
    assert received.startswith("Received: 07/2026 2; 08/2026 1; 09/2026 1. Answered: 07/2026 2; 08/2026 0; 09/2026 1.")
    rates = ElementTree.fromstring(charts[1].svg)[1].text
    assert "Follow-up actions done on time: 07/2026 50%; 08/2026 0%; 09/2026 100%." in rates
