"""Access rows: dialogues conferences and follow-up actions API (joined into tests/crm/test_access_table.py through
access_rows.py).

Every row works on a Region V conference (ent_a invited unless said otherwise) or an action of one, built through the
services in the state where the move is legal (each cell runs in a fresh database). Portal users are refused by role
(403) before scope on staff routes; on the routes open to them, a conference their enterprise has nothing to do with
is a 404 (portal_b here), like any object outside a staff member's subtree (the office and Region VI).
"""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from dialogues.models import Conference, ConferenceStatus
from dialogues.services import actions as action_services
from tests.access import API_STAFF_READ, Row, builder, expect
from tests.dialogues.factories import PDF_BYTES, at, make_action, make_conference, people, register

C = ConferenceStatus


def _conference(refs, status=C.PLANNED, **fields) -> int:
    world = refs.world
    invite = [world.ent_a] if status != C.PLANNED else None
    return make_conference(branch=world.region5, status=status, invite=invite, **fields).pk


@builder("dapi_conference_planned")
def _planned(refs) -> int:
    return _conference(refs)


@builder("dapi_conference")
def _invited(refs) -> int:
    """Invitations sent (ent_a invited), starting in a week."""
    return _conference(refs, C.INVITATIONS_SENT)


@builder("dapi_conference_started")
def _started(refs) -> int:
    return _conference(refs, C.INVITATIONS_SENT, starts_at=at(days=-1))


@builder("dapi_conference_held")
def _held(refs) -> int:
    return _conference(refs, C.HELD)


@builder("dapi_conference_published")
def _published(refs) -> int:
    return _conference(refs, C.MINUTES_PUBLISHED)


@builder("dapi_attendee")
def _attendee(refs) -> int:
    conference = Conference.objects.get(pk=refs["dapi_conference"])
    return register(conference, refs.world.ent_a, "Kim Min-jun", by=refs.world.r5_officer).attendees.get().pk


@builder("dapi_action")
def _action(refs) -> int:
    return make_action(conference=Conference.objects.get(pk=refs["dapi_conference_held"])).pk


@builder("dapi_action_with_evidence")
def _action_with_evidence(refs) -> int:
    action = make_action(conference=Conference.objects.get(pk=refs["dapi_conference_held"]))
    scan = SimpleUploadedFile("cong-van.pdf", PDF_BYTES, content_type="application/pdf")
    return action_services.complete_action(action=action, by=None, evidence_file=scan).pk


# A Region V conference: Region V staff and headquarters in scope; the office and Region VI → 404; portal → 403.
IN_SCOPE = expect(anon=401, staff=200, portal=403, r5_office_officer=404, r6_officer=404)
IN_SCOPE_CREATED = expect(anon=401, staff=201, portal=403, r5_office_officer=404, r6_officer=404)
# Routes open to portal users: ent_a is invited (portal_a in), ent_b is not (portal_b → 404).
PORTAL_READ = expect(anon=401, staff=200, portal_a=200, portal_b=404, r5_office_officer=404, r6_officer=404)
PORTAL_REGISTER = expect(anon=401, staff=201, portal_a=201, portal_b=404, r5_office_officer=404, r6_officer=404)
# Creating with Region V ids: outside the office's and Region VI's scope they are refused like unknown ids (400).
CREATE_IN_REGION5 = expect(anon=401, staff=201, portal=403, r5_office_officer=400, r6_officer=400)

PLANNED = "/api/v1/conferences/{dapi_conference_planned}/"
INVITED = "/api/v1/conferences/{dapi_conference}/"
STARTED = "/api/v1/conferences/{dapi_conference_started}/"
HELD = "/api/v1/conferences/{dapi_conference_held}/"
PUBLISHED = "/api/v1/conferences/{dapi_conference_published}/"
ACTION = "/api/v1/actions/{dapi_action}/"


def _new_conference(refs) -> dict:
    return {
        "title": "Hội nghị đối thoại doanh nghiệp FDI",
        "branch": refs["region5"],
        "starts_at": at(days=20).isoformat(),
        "ends_at": at(days=20, hours=3).isoformat(),
    }


def _new_action(refs) -> dict:
    due = (at(days=30).date()).isoformat()
    return {"conference": refs["dapi_conference_held"], "type": "written_answer", "title": "Trả lời", "due_on": due}


def _attendee_ref(refs) -> dict:
    return {"attendee": refs["dapi_attendee"]}


ROWS: list[Row] = [
    # --- Conferences ---------------------------------------------------------------------------------------------
    Row("conference-list", "GET", "/api/v1/conferences/", expect(anon=401, staff=200, portal=200)),
    Row("conference-list", "POST", "/api/v1/conferences/", CREATE_IN_REGION5, data=_new_conference),
    Row("conference-detail", "GET", INVITED, PORTAL_READ),
    Row("conference-detail", "PATCH", PLANNED, IN_SCOPE, data={"venue": "Trung tâm Hội nghị tỉnh"}),
    Row("conference-detail", "PUT", PLANNED, IN_SCOPE, data=_new_conference),
    Row("conference-invite", "POST", PLANNED + "invite/", IN_SCOPE, data=lambda r: {"enterprises": [r["ent_a"]]}),
    Row(
        "conference-register",
        "POST",
        INVITED + "register/",
        PORTAL_REGISTER,
        data=lambda r: {"enterprise": r["ent_a"], "attendees": people("Kim Min-jun")},
    ),
    Row("conference-registrations", "GET", INVITED + "registrations/", PORTAL_READ),
    Row("conference-attendees", "GET", INVITED + "attendees/", IN_SCOPE),
    Row("conference-check-in", "POST", INVITED + "check-in/", IN_SCOPE, data=_attendee_ref),
    Row("conference-undo-check-in", "POST", INVITED + "undo-check-in/", IN_SCOPE, data=_attendee_ref),
    Row(
        "conference-walk-in",
        "POST",
        INVITED + "walk-in/",
        IN_SCOPE_CREATED,
        data={"full_name": "Phạm Văn Dũng", "organisation": "VCCI Bắc Ninh"},
    ),
    Row("conference-close", "POST", STARTED + "close/", IN_SCOPE, data={"minutes": "Biên bản hội nghị"}),
    Row("conference-publish-minutes", "POST", HELD + "publish-minutes/", IN_SCOPE),
    Row("conference-close-follow-up", "POST", PUBLISHED + "close-follow-up/", IN_SCOPE),
    Row("conference-cancel", "POST", PLANNED + "cancel/", IN_SCOPE, data={"reason": "Hoãn do bão"}),
    Row("conference-ics", "GET", INVITED + "ics/", IN_SCOPE),
    # --- Follow-up actions (staff only) --------------------------------------------------------------------------
    Row("action-list", "GET", "/api/v1/actions/", API_STAFF_READ),
    Row("action-list", "POST", "/api/v1/actions/", CREATE_IN_REGION5, data=_new_action),
    Row("action-detail", "GET", ACTION, IN_SCOPE),
    Row("action-detail", "PATCH", ACTION, IN_SCOPE, data={"title": "Trả lời bằng văn bản (sửa)"}),
    Row(
        "action-detail",
        "PUT",
        ACTION,
        IN_SCOPE,
        data={"type": "training", "title": "Tập huấn", "due_on": (at(days=40).date() + timedelta(days=1)).isoformat()},
    ),
    Row("action-start", "POST", ACTION + "start/", IN_SCOPE),
    Row("action-complete", "POST", ACTION + "complete/", IN_SCOPE, data={"evidence_note": "Công văn số 123/HQ"}),
    Row("action-cancel", "POST", ACTION + "cancel/", IN_SCOPE, data={"reason": "Không còn cần thiết"}),
    Row("action-refer", "POST", ACTION + "refer/", IN_SCOPE, data={"referred_to": "Cục Hải quan"}),
    Row("action-progress", "GET", ACTION + "progress/", IN_SCOPE),
    Row("action-progress", "POST", ACTION + "progress/", IN_SCOPE, data={"progress": 50, "note": "Đã họp"}),
    Row("action-evidence", "GET", "/api/v1/actions/{dapi_action_with_evidence}/evidence/", IN_SCOPE),
]
