"""iCalendar (RFC 5545) files: one event per conference and a feed per unit."""

from datetime import UTC

from django.utils import timezone

from dialogues.models import Conference, ConferenceStatus

PRODID = "-//Customs-Business Partnership CRM//Conferences//VI"


def _escape(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _stamp(value) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 §3.1)."""
    data = line.encode()
    if len(data) <= 75:
        return [line]
    parts, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return [parts[0], *(" " + part for part in parts[1:])]


def _event(conference: Conference, *, domain: str, public: bool) -> list[str]:
    online_link = "" if public else conference.online_link  # the meeting link is for those registered
    location = conference.venue or online_link
    lines = [
        "BEGIN:VEVENT",
        f"UID:conference-{conference.pk}@{domain}",
        f"DTSTAMP:{_stamp(conference.updated_at or timezone.now())}",
        f"DTSTART:{_stamp(conference.starts_at)}",
        f"DTEND:{_stamp(conference.ends_at)}",
        f"SUMMARY:{_escape(conference.title)}",
        f"STATUS:{'CANCELLED' if conference.status == ConferenceStatus.CANCELLED else 'CONFIRMED'}",
    ]
    if location:
        lines.append(f"LOCATION:{_escape(location)}")
    if online_link:
        lines.append(f"URL:{online_link}")
    if conference.agenda:
        lines.append(f"DESCRIPTION:{_escape(conference.agenda)}")
    lines.append("END:VEVENT")
    return lines


def to_ics(conferences, *, domain: str, name: str = "", public: bool = False) -> str:
    """An iCalendar file of `conferences`. A public feed leaves out the online meeting link."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    if name:
        lines.append(f"X-WR-CALNAME:{_escape(name)}")
    for conference in conferences:
        lines += _event(conference, domain=domain, public=public)
    lines.append("END:VCALENDAR")
    return "\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n"
