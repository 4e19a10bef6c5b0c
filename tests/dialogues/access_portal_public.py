"""Access rows: dialogues portal_public (joined into tests/crm/test_access_table.py through access_rows.py).

Portal pages follow the portal home's policy: portal users only, anyone else signed in gets 404. Public pages need
no login at all."""

from dialogues.models import ConferenceStatus, Invitation
from tests.access import LOGIN, Row, To, builder, expect
from tests.dialogues.factories import make_conference, register

PORTAL_A_ONLY = expect(anon=LOGIN, staff=404, portal=404, portal_a=200)
ANYONE = expect(anon=200, staff=200, portal=200)


@builder("dact_conference_invited_a")
def _conference_invited_a(refs) -> int:
    world = refs.world
    return make_conference(
        branch=world.region5, status=ConferenceStatus.INVITATIONS_SENT, invite=[world.ent_a], title="Đối thoại 2026"
    ).pk


@builder("dact_conference_registered_a")
def _conference_registered_a(refs) -> int:
    world = refs.world
    conference = make_conference(
        branch=world.region5, status=ConferenceStatus.INVITATIONS_SENT, invite=[world.ent_a], title="Tập huấn 2026"
    )
    register(conference, world.ent_a, "Nguyễn Văn An", by=world.portal_a)
    return conference.pk


@builder("dact_token_a")
def _token_a(refs):
    return Invitation.objects.get(conference_id=refs["dact_conference_invited_a"], enterprise=refs.world.ent_a).token


@builder("dact_public_conference_r5")
def _public_conference_r5(refs) -> int:
    return make_conference(
        branch=refs.world.region5,
        status=ConferenceStatus.MINUTES_PUBLISHED,
        is_public=True,
        title="Đối thoại công khai",
    ).pk


def _registration(refs) -> dict:
    return {
        "attendees-TOTAL_FORMS": "1",
        "attendees-INITIAL_FORMS": "0",
        "attendees-0-full_name": "Trần Thị Bình",
        "attendees-0-position": "Kế toán trưởng",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
    }


PORTAL = "/portal/conferences"

ROWS: list[Row] = [
    Row("portal-conference-list", "GET", f"{PORTAL}/", expect(anon=LOGIN, staff=404, portal=200)),
    Row("portal-conference-detail", "GET", f"{PORTAL}/{{dact_conference_invited_a}}/", PORTAL_A_ONLY),
    Row(
        "portal-conference-detail",
        "POST",
        f"{PORTAL}/{{dact_conference_invited_a}}/",
        expect(anon=LOGIN, staff=404, portal=404, portal_a=302),
        data=_registration,
    ),
    Row(
        "portal-conference-cancel",
        "POST",
        f"{PORTAL}/{{dact_conference_registered_a}}/cancel/",
        expect(anon=LOGIN, staff=404, portal=404, portal_a=302),
    ),
    Row(
        "portal-conference-register-token",
        "GET",
        f"{PORTAL}/register/{{dact_token_a}}/",
        expect(anon=LOGIN, staff=404, portal=404, portal_a=To(f"{PORTAL}/")),
    ),
    Row("public-accountability", "GET", "/public/units/{dact_region5_code}/", ANYONE),
    Row("public-accountability", "GET", "/public/units/NO-SUCH-UNIT/", expect(anon=404, staff=404, portal=404)),
    Row("public-calendar", "GET", "/public/units/{dact_region5_code}/calendar.ics", ANYONE),
]


@builder("dact_region5_code")
def _region5_code(refs):
    assert refs["dact_public_conference_r5"]  # something public to show
    return refs.world.region5.code
