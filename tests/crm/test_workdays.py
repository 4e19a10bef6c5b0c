"""Vietnamese working days: weekends, the statutory holidays from the `holidays` package (Tết included), and the
exceptions an administrator adds (a day off on a weekday, a make-up working Saturday)."""

from datetime import date, timedelta

import pytest

from crm.models import CalendarDay, CalendarDayKind
from crm.workdays import Calendar, add_working_days, working_days_between

pytestmark = pytest.mark.django_db

D = date


def plain() -> Calendar:
    """A calendar without administrator exceptions (no query)."""
    return Calendar(exceptions={})


# --- Which days are working days ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 3, 2), True),  # Monday
        (D(2026, 3, 6), True),  # Friday
        (D(2026, 3, 7), False),  # Saturday
        (D(2026, 3, 8), False),  # Sunday
        (D(2026, 1, 1), False),  # New Year's Day
        # Tết 2026: Monday 16 to Friday 20 February.
        (D(2026, 2, 13), True),
        (D(2026, 2, 16), False),
        (D(2026, 2, 17), False),
        (D(2026, 2, 18), False),
        (D(2026, 2, 19), False),
        (D(2026, 2, 20), False),
        (D(2026, 2, 23), True),
        # Tết 2027: Thursday 4 to Wednesday 10 February.
        (D(2027, 2, 3), True),
        (D(2027, 2, 4), False),
        (D(2027, 2, 5), False),
        (D(2027, 2, 8), False),
        (D(2027, 2, 9), False),
        (D(2027, 2, 10), False),
        (D(2027, 2, 11), True),
        # Hùng Kings (observed on Monday 27 April 2026), 30 April and 1 May.
        (D(2026, 4, 27), False),
        (D(2026, 4, 28), True),
        (D(2026, 4, 30), False),
        (D(2026, 5, 1), False),
        (D(2026, 5, 4), True),
        (D(2027, 4, 30), False),
        (D(2027, 5, 3), False),  # 1 May 2027 is a Saturday: Monday off instead
        # National Day 2026: 1 and 2 September, plus Monday 31 August (swapped with Saturday 22 August).
        (D(2026, 8, 31), False),
        (D(2026, 9, 1), False),
        (D(2026, 9, 2), False),
        (D(2026, 9, 3), True),
        (D(2027, 9, 2), False),
        (D(2027, 9, 3), False),
    ],
)
def test_weekends_and_public_holidays_are_not_working_days(day, working):
    assert plain().is_working_day(day) is working


def test_a_saturday_the_government_made_a_working_day_counts():
    assert plain().is_working_day(D(2026, 8, 22)) is True


def test_an_administrator_day_off_and_make_up_saturday_change_the_week():
    CalendarDay.objects.create(day=D(2026, 3, 4), kind=CalendarDayKind.DAY_OFF, name="Nghỉ bù")
    CalendarDay.objects.create(day=D(2026, 3, 7), kind=CalendarDayKind.WORKING_DAY, name="Làm bù")
    calendar = Calendar()

    assert calendar.is_working_day(D(2026, 3, 4)) is False  # a Wednesday off
    assert calendar.is_working_day(D(2026, 3, 7)) is True  # a Saturday worked
    assert calendar.is_working_day(D(2026, 3, 8)) is False  # Sunday untouched
    # Mon 2 → Tue 3 (1), Sat 7 (2), Mon 9 (3): the Wednesday is skipped, the Saturday counts, Thu/Fri still count.
    assert calendar.add(D(2026, 3, 2), 1) == D(2026, 3, 3)
    assert calendar.add(D(2026, 3, 2), 2) == D(2026, 3, 5)
    assert calendar.add(D(2026, 3, 2), 4) == D(2026, 3, 7)
    assert calendar.add(D(2026, 3, 2), 5) == D(2026, 3, 9)
    assert calendar.between(D(2026, 3, 2), D(2026, 3, 9)) == 5
    # Without the exceptions: Wednesday counts, Saturday does not.
    assert plain().between(D(2026, 3, 2), D(2026, 3, 9)) == 5
    assert plain().add(D(2026, 3, 2), 4) == D(2026, 3, 6)


def test_an_administrator_working_day_overrides_a_statutory_holiday():
    CalendarDay.objects.create(day=D(2026, 9, 1), kind=CalendarDayKind.WORKING_DAY, name="Làm việc")
    assert Calendar().is_working_day(D(2026, 9, 1)) is True
    assert add_working_days(D(2026, 8, 28), 1) == D(2026, 9, 1)
    assert working_days_between(D(2026, 8, 28), D(2026, 9, 3)) == 2


def test_the_exceptions_are_read_in_one_query(django_assert_num_queries):
    CalendarDay.objects.create(day=D(2026, 3, 4), kind=CalendarDayKind.DAY_OFF, name="Nghỉ")
    with django_assert_num_queries(1):
        calendar = Calendar()
        calendar.add(D(2026, 1, 1), 200)
        calendar.between(D(2026, 1, 1), D(2026, 12, 31))


# --- Counting ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2026, 3, 6), 0, D(2026, 3, 6)),  # zero days: the start itself
        (D(2026, 3, 6), 1, D(2026, 3, 9)),  # Friday + 1 → Monday
        (D(2026, 3, 6), 2, D(2026, 3, 10)),  # Friday + 2 → Tuesday (the module's own example)
        (D(2026, 3, 7), 1, D(2026, 3, 9)),  # from a Saturday
        # Friday 13 Feb 2026 + 10: Tết 16–20 skipped; 23,24,25,26,27 Feb, 2,3,4,5,6 Mar.
        (D(2026, 2, 13), 10, D(2026, 3, 6)),
        (D(2026, 2, 13), 7, D(2026, 3, 3)),
        (D(2026, 2, 13), 1, D(2026, 2, 23)),
        # Wednesday 3 Feb 2027 + 3: Tết 4–10 skipped → 11, 12, 15 Feb.
        (D(2027, 2, 3), 3, D(2027, 2, 15)),
        # Wednesday 29 Apr 2026 + 1: 30/4 and 1/5 off, then the weekend → Monday 4 May.
        (D(2026, 4, 29), 1, D(2026, 5, 4)),
        # Friday 24 Apr 2026 + 2: Monday 27 (Hùng Kings) off → 28, 29 Apr.
        (D(2026, 4, 24), 2, D(2026, 4, 29)),
        # Friday 28 Aug 2026 + 1: 31/8, 1/9, 2/9 off → Thursday 3 Sep.
        (D(2026, 8, 28), 1, D(2026, 9, 3)),
        # Across the new year: Wed 31 Dec 2025 + 1 → Fri 2 Jan 2026 (1 Jan off).
        (D(2025, 12, 31), 1, D(2026, 1, 2)),
    ],
)
def test_add_counts_working_days_after_the_start(start, days, expected):
    assert plain().add(start, days) == expected


def test_add_refuses_a_negative_number_of_days():
    with pytest.raises(ValueError, match="negative"):
        plain().add(D(2026, 3, 2), -1)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 3, 2), D(2026, 3, 2), 0),
        (D(2026, 3, 6), D(2026, 3, 2), 0),  # end before start
        (D(2026, 3, 6), D(2026, 3, 8), 0),  # Friday → Sunday: the weekend only
        (D(2026, 3, 6), D(2026, 3, 9), 1),
        (D(2026, 2, 13), D(2026, 2, 22), 0),  # the whole Tết week and its weekends
        (D(2026, 2, 13), D(2026, 2, 23), 1),
        (D(2026, 1, 1), D(2026, 12, 31), 249),  # 260 weekdays after 1 Jan − 12 weekday holidays + Sat 22/8 worked
    ],
)
def test_between_counts_working_days_after_start_up_to_end(start, end, expected):
    assert plain().between(start, end) == expected


def test_the_2026_count_matches_the_holidays_on_weekdays():
    weekdays = sum(1 for n in range(365) if (D(2026, 1, 1) + timedelta(days=n)).weekday() < 5)
    assert weekdays == 261
    # 1/1, 16–20/2, 27/4, 30/4, 1/5, 31/8, 1/9, 2/9, 24/11 = 13 weekday holidays; 1 Jan itself is not "after".
    assert plain().between(D(2025, 12, 31), D(2026, 12, 31)) == 261 - 13 + 1  # Sat 22/8 is worked for Mon 31/8


@pytest.mark.parametrize("start", [D(2026, 2, 13), D(2026, 2, 14), D(2026, 2, 16), D(2027, 2, 3), D(2026, 8, 28)])
@pytest.mark.parametrize("days", [0, 1, 2, 5, 10, 23])
def test_add_and_between_agree(start, days):
    calendar = plain()
    end = calendar.add(start, days)
    assert calendar.between(start, end) == days
    if days:
        assert calendar.is_working_day(end)
        assert calendar.between(start, end - timedelta(days=1)) == days - 1


def test_add_and_between_agree_with_administrator_exceptions():
    CalendarDay.objects.create(day=D(2026, 2, 23), kind=CalendarDayKind.DAY_OFF, name="Nghỉ thêm sau Tết")
    CalendarDay.objects.create(day=D(2026, 2, 28), kind=CalendarDayKind.WORKING_DAY, name="Làm bù")
    calendar = Calendar()
    # Fri 13 Feb + 1: Tết week, then the extra Monday off → Tuesday 24; + 5 → 24,25,26,27, Sat 28.
    assert calendar.add(D(2026, 2, 13), 1) == D(2026, 2, 24)
    assert calendar.add(D(2026, 2, 13), 5) == D(2026, 2, 28)
    for days in range(15):
        assert calendar.between(D(2026, 2, 13), calendar.add(D(2026, 2, 13), days)) == days
