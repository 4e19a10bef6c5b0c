from datetime import UTC, datetime

import pytest

from dialogues.calendar import to_ics
from dialogues.models import ConferenceStatus
from tests.dialogues.factories import make_conference

pytestmark = pytest.mark.django_db


def unfold(text: str) -> list[str]:
    """The logical lines of an iCalendar text (continuation lines joined back)."""
    lines: list[str] = []
    for physical in text.split("\r\n"):
        if physical.startswith(" "):
            lines[-1] += physical[1:]
        else:
            lines.append(physical)
    return lines


@pytest.fixture
def conference(world):
    return make_conference(
        branch=world.region5,
        title="Hội nghị đối thoại, tháng 5; năm 2026",
        starts_at=datetime(2026, 5, 14, 1, 30, tzinfo=UTC),
        ends_at=datetime(2026, 5, 14, 4, 0, tzinfo=UTC),
        venue="Hội trường UBND tỉnh, Bắc Ninh",
        agenda="Khai mạc\nHỏi đáp; giải đáp",
    )


def test_one_event_per_conference_with_utc_times_and_escaped_text(world, conference):
    text = to_ics([conference], domain="crm.example.vn", name="Chi cục V")
    lines = unfold(text)

    assert lines[:5] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Customs-Business Partnership CRM//Conferences//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    assert lines[5] == "X-WR-CALNAME:Chi cục V"
    event = lines[lines.index("BEGIN:VEVENT") : lines.index("END:VEVENT") + 1]
    assert event[1] == f"UID:conference-{conference.pk}@crm.example.vn"
    assert event[2].startswith("DTSTAMP:")
    assert event[2].endswith("Z")
    assert event[3:] == [
        "DTSTART:20260514T013000Z",
        "DTEND:20260514T040000Z",
        "SUMMARY:Hội nghị đối thoại\\, tháng 5\\; năm 2026",
        "STATUS:CONFIRMED",
        "LOCATION:Hội trường UBND tỉnh\\, Bắc Ninh",
        "DESCRIPTION:Khai mạc\\nHỏi đáp\\; giải đáp",
        "END:VEVENT",
    ]
    assert lines[-2:] == ["END:VCALENDAR", ""]


def test_every_line_ends_with_crlf(world, conference):
    text = to_ics([conference], domain="crm.example.vn")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "\r" not in text.replace("\r\n", "")


def test_long_lines_are_folded_at_75_octets_without_splitting_a_character(world):
    title = "Hội nghị đối thoại giữa Chi cục Hải quan khu vực V và cộng đồng doanh nghiệp tỉnh Bắc Ninh năm 2026"
    conference = make_conference(branch=world.region5, title=title)

    text = to_ics([conference], domain="crm.example.vn")

    physical = text.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in physical)
    summary_start = next(i for i, line in enumerate(physical) if line.startswith("SUMMARY:"))
    assert len(physical[summary_start].encode()) in (73, 74, 75)  # as full as a whole character allows
    assert physical[summary_start + 1].startswith(" ")
    assert f"SUMMARY:{title}" in unfold(text)


def test_an_online_conference_has_its_link_as_location_and_url(world):
    conference = make_conference(branch=world.region5, format="online", online_link="https://meet.example.vn/hn")
    lines = unfold(to_ics([conference], domain="d"))
    assert "LOCATION:https://meet.example.vn/hn" in lines
    assert "URL:https://meet.example.vn/hn" in lines
    assert not any(line.startswith("DESCRIPTION:") for line in lines)


def test_a_cancelled_conference_is_marked_cancelled_and_each_conference_is_one_event(world):
    kept = make_conference(branch=world.region5, title="Giữ")
    dropped = make_conference(branch=world.region5, title="Hoãn", status=ConferenceStatus.CANCELLED)

    lines = unfold(to_ics([kept, dropped], domain="d"))

    assert lines.count("BEGIN:VEVENT") == 2
    assert lines.count("END:VEVENT") == 2
    statuses = [line for line in lines if line.startswith(("SUMMARY:", "STATUS:"))]
    assert statuses == ["SUMMARY:Giữ", "STATUS:CONFIRMED", "SUMMARY:Hoãn", "STATUS:CANCELLED"]


def test_an_empty_feed_is_a_valid_calendar(world):
    assert to_ics([], domain="d").split("\r\n") == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Customs-Business Partnership CRM//Conferences//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "END:VCALENDAR",
        "",
    ]


def test_an_agenda_typed_in_a_browser_with_crlf_keeps_no_bare_cr(world):
    conference = make_conference(branch=world.region5, agenda="Khai mạc\r\nHỏi đáp")
    text = to_ics([conference], domain="d")
    assert "\r" not in text.replace("\r\n", "")
    assert "DESCRIPTION:Khai mạc\\nHỏi đáp" in unfold(text)
