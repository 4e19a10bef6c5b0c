"""Conferences and follow-up actions in any state, built through the services exactly as a user would move them.

`make_conference(branch=…, status=…)` creates a conference and walks it along the usual path: invitations sent (one
new enterprise of the branch invited, or those in `invite`, which also moves a planned one on), held (a report
filed), minutes published, follow-up closed, or cancelled.
Conferences that reach "held" start yesterday unless `starts_at` is given; the others start in a week.
"""

from datetime import date, datetime, timedelta

from django.utils import timezone

from crm.models import Branch, Enterprise
from dialogues.models import (
    ActionType,
    Conference,
    ConferenceStatus,
    FollowUpAction,
    InvitationChannel,
    Registration,
)
from dialogues.services import actions as action_services
from dialogues.services import conferences as services
from tests import factories

C = ConferenceStatus
PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 64
HELD_PATH = (C.HELD, C.MINUTES_PUBLISHED, C.FOLLOW_UP_CLOSED)


def at(days: int = 0, hours: int = 0) -> datetime:
    """An aware datetime `days` from now (negative: in the past), whole minutes."""
    return (timezone.now() + timedelta(days=days, hours=hours)).replace(second=0, microsecond=0)


def today() -> date:
    return timezone.localdate()


def make_conference(
    *,
    branch: Branch,
    status: ConferenceStatus = C.PLANNED,
    by=None,
    title: str = "Hội nghị đối thoại doanh nghiệp 2026",
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    invite: list[Enterprise] | None = None,
    **fields,
) -> Conference:
    if starts_at is None:
        starts_at = at(days=-1) if status in HELD_PATH else at(days=7)
    ends_at = ends_at or starts_at + timedelta(hours=4)
    conference = services.create_conference(
        by=by, branch=branch, title=title, starts_at=starts_at, ends_at=ends_at, **fields
    )
    if status in (C.INVITATIONS_SENT, *HELD_PATH) or invite:
        enterprises = invite or [factories.make_enterprise(managing_branch=branch)]
        services.invite(conference=conference, by=by, enterprises=enterprises, channel=InvitationChannel.SINGLE)
    if status == C.CANCELLED:
        services.cancel_conference(conference=conference, by=by, reason="Hoãn do thời tiết")
    if status in HELD_PATH:
        services.close_conference(conference=conference, by=by, minutes="Biên bản hội nghị")
    if status in (C.MINUTES_PUBLISHED, C.FOLLOW_UP_CLOSED):
        services.publish_minutes(conference=conference, by=by)
    if status == C.FOLLOW_UP_CLOSED:
        services.close_follow_up(conference=conference, by=by)
    conference.refresh_from_db()
    assert conference.status == (C.INVITATIONS_SENT if status == C.PLANNED and invite else status)
    return conference


def people(*names: str) -> list[dict]:
    """Attendee dicts as `register` expects them."""
    return [{"full_name": name, "position": "Giám đốc"} for name in names]


def register(conference: Conference, enterprise: Enterprise, *names: str, by, **extra) -> Registration:
    """Register `names` (default one person) for `enterprise`."""
    attendees = people(*(names or ("Nguyễn Văn An",)))
    return services.register(conference=conference, by=by, enterprise=enterprise, attendees=attendees, **extra)


def make_action(
    *,
    conference: Conference | None = None,
    agreement_review=None,
    by=None,
    title: str = "Trả lời bằng văn bản về thủ tục hoàn thuế",
    due_on: date | None = None,
    type: str = ActionType.WRITTEN_ANSWER,
    **fields,
) -> FollowUpAction:
    return action_services.create_action(
        by=by,
        conference=conference,
        agreement_review=agreement_review,
        type=type,
        title=title,
        due_on=due_on or today() + timedelta(days=30),
        **fields,
    )
