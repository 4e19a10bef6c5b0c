"""Access rows: dialogues conferences_html (joined into tests/crm/test_access_table.py through access_rows.py).

A Region V conference that started an hour ago ({dui_conf_r5}, invitations sent to ent_a, who registered one person,
{dui_attendee_r5}), a held one ({dui_conf_r5_held}, its signed minutes attached), one whose minutes are out
({dui_conf_r5_published}) and a Region V plan item ({dui_plan_item_r5}). Region V staff and headquarters see them;
the Yen Phong office (under Region V) and Region VI get 404; portal users 403; anonymous users the login page.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from dialogues.models import ConferenceKind, ConferenceStatus, PlanItem
from dialogues.services import conferences as services
from tests.access import LOGIN, STAFF_PAGE, Row, builder, expect
from tests.dialogues.factories import PDF_BYTES, at, make_conference, register

C = ConferenceStatus
R5_PAGE = expect(anon=LOGIN, staff=200, portal=403, r5_office_officer=404, r6_officer=404)
R5_REDIRECT = expect(anon=LOGIN, staff=302, portal=403, r5_office_officer=404, r6_officer=404)
# Naming Region V in a form: not a choice for the office or Region VI, so the form comes back with the error.
R5_CREATE = expect(anon=LOGIN, staff=302, portal=403, r5_office_officer=200, r6_officer=200)


@builder("dui_conf_r5")
def dui_conf_r5(refs) -> int:
    world = refs.world
    conference = make_conference(
        branch=world.region5, status=C.INVITATIONS_SENT, starts_at=at(hours=-1), invite=[world.ent_a]
    )
    register(conference, world.ent_a, "Nguyễn Văn An", by=world.r5_officer)
    return conference.pk


@builder("dui_attendee_r5")
def dui_attendee_r5(refs) -> int:
    from dialogues.models import Attendee

    return Attendee.objects.get(conference_id=refs["dui_conf_r5"]).pk


@builder("dui_registration_r5")
def dui_registration_r5(refs) -> int:
    from dialogues.models import Registration

    return Registration.objects.get(conference_id=refs["dui_conf_r5"]).pk


@builder("dui_conf_r5_held")
def dui_conf_r5_held(refs) -> int:
    conference = make_conference(branch=refs.world.region5, status=C.INVITATIONS_SENT, starts_at=at(days=-1))
    services.close_conference(
        conference=conference,
        by=None,
        minutes="Biên bản hội nghị",
        minutes_pdf=SimpleUploadedFile("bien-ban.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    return conference.pk


@builder("dui_conf_r5_published")
def dui_conf_r5_published(refs) -> int:
    return make_conference(branch=refs.world.region5, status=C.MINUTES_PUBLISHED).pk


@builder("dui_plan_item_r5")
def dui_plan_item_r5(refs) -> int:
    return PlanItem.objects.create(
        branch=refs.world.region5, year=2026, quarter=2, kind=ConferenceKind.ANNUAL_DIALOGUE, theme="Đối thoại 2026"
    ).pk


def _conference_form(refs) -> dict:
    return {
        "title": "Hội nghị đối thoại về thủ tục hoàn thuế",
        "kind": ConferenceKind.THEMATIC,
        "branch": refs["region5"],
        "starts_at": "2030-05-20T08:00",
        "ends_at": "2030-05-20T11:30",
        "format": "onsite",
        "venue": "Hội trường Chi cục",
    }


def _plan_form(refs) -> dict:
    return {"branch": refs["region5"], "year": "2026", "quarter": "3", "kind": "thematic", "theme": "Hoàn thuế"}


def _management(prefix: str, total: int) -> dict:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}


def _register_form(refs) -> dict:
    return {
        "tax_code": "2359083018",
        **_management("attendees", 1),
        "attendees-0-full_name": "Trần Thị Bình",
        **_management("questions", 0),
    }


def _close_form(refs) -> dict:
    return {
        "attendee_count": "0",
        "minutes": "Biên bản: doanh nghiệp nêu 3 vướng mắc.",
        "answered_on_spot": "2",
        "needing_written_answer": "1",
        **_management("recommendations", 0),
        **_management("actions", 0),
    }


CONF = "/conferences/{dui_conf_r5}"

ROWS: list[Row] = [
    Row("conference-list", "GET", "/conferences/", STAFF_PAGE),
    Row("conference-list-export", "GET", "/conferences/export/", STAFF_PAGE),
    Row("conference-plan", "GET", "/conferences/plan/", STAFF_PAGE),
    Row("conference-plan-item-create", "GET", "/conferences/plan/new/", STAFF_PAGE),
    Row("conference-plan-item-create", "POST", "/conferences/plan/new/", R5_CREATE, data=_plan_form),
    Row("conference-plan-item-edit", "GET", "/conferences/plan/{dui_plan_item_r5}/edit/", R5_PAGE),
    Row(
        "conference-plan-item-edit", "POST", "/conferences/plan/{dui_plan_item_r5}/edit/", R5_REDIRECT, data=_plan_form
    ),
    Row("conference-create", "GET", "/conferences/new/", STAFF_PAGE),
    Row("conference-create", "POST", "/conferences/new/", R5_CREATE, data=_conference_form),
    Row("conference-detail", "GET", CONF + "/", R5_PAGE),
    Row("conference-edit", "GET", CONF + "/edit/", R5_PAGE),
    Row("conference-edit", "POST", CONF + "/edit/", R5_REDIRECT, data=_conference_form),
    Row("conference-ics", "GET", CONF + "/calendar.ics", R5_PAGE),
    Row("conference-minutes", "GET", "/conferences/{dui_conf_r5_held}/minutes.pdf", R5_PAGE),
    Row("conference-invite", "GET", CONF + "/invite/", R5_PAGE),
    Row("conference-invite", "POST", CONF + "/invite/", R5_REDIRECT, data={"how": "single", "tax_code": "2359083018"}),
    Row("conference-register", "GET", CONF + "/register/", R5_PAGE),
    Row("conference-register", "POST", CONF + "/register/", R5_REDIRECT, data=_register_form),
    Row("conference-check-in", "GET", CONF + "/check-in/", R5_PAGE),
    Row(
        "conference-check-in",
        "POST",
        CONF + "/check-in/",
        R5_REDIRECT,
        data={"full_name": "Lê Văn Cường", "organisation": "Báo Bắc Ninh"},
        label="walk-in",
    ),
    # Without htmx the search sends the browser to the desk page with the query.
    Row("conference-check-in-search", "GET", CONF + "/check-in/search/", R5_REDIRECT),
    Row("conference-check-in-attendee", "POST", CONF + "/check-in/{dui_attendee_r5}/", R5_REDIRECT),
    Row("conference-check-in-undo", "POST", CONF + "/check-in/{dui_attendee_r5}/undo/", R5_REDIRECT),
    Row("conference-registration-cancel", "POST", CONF + "/registrations/{dui_registration_r5}/cancel/", R5_REDIRECT),
    Row("conference-close", "GET", CONF + "/close/", R5_PAGE),
    Row("conference-close", "POST", CONF + "/close/", R5_REDIRECT, data=_close_form),
    Row("conference-cancel", "GET", CONF + "/cancel/", R5_PAGE),
    Row("conference-cancel", "POST", CONF + "/cancel/", R5_REDIRECT, data={"reason": "Hoãn do bão"}),
    Row("conference-publish-minutes", "POST", "/conferences/{dui_conf_r5_held}/publish-minutes/", R5_REDIRECT),
    Row("conference-close-follow-up", "POST", "/conferences/{dui_conf_r5_published}/close-follow-up/", R5_REDIRECT),
]
