"""The enterprise portal's conference pages: the conferences an enterprise is invited to or registered for, registering
its attendees with questions in advance, cancelling, the invitation link, and what other people cannot see."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dialogues.models import Attendee, ConferenceStatus, Invitation, Question, Registration, RegistrationStatus
from dialogues.services import conferences as services
from tests.dialogues.factories import make_conference, register

pytestmark = pytest.mark.django_db

LIST = "/portal/conferences/"


@pytest.fixture
def browse(client_for):
    def make(persona: str):
        client = client_for(persona)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def invited_a(world):
    """A Region V conference that ent_a and ent_b are invited to (ent_b registered two people)."""
    conference = make_conference(
        branch=world.region5,
        status=ConferenceStatus.INVITATIONS_SENT,
        invite=[world.ent_a, world.ent_b],
        title="Đối thoại doanh nghiệp 2026",
        venue="Hội trường Chi cục Hải quan khu vực V",
        online_link="https://meet.example.vn/doi-thoai",
        agenda="Khai mạc\nHỏi đáp",
    )
    register(conference, world.ent_b, "Lê Thị Cúc", "Phạm Văn Đức", by=world.portal_b)
    return conference


def page_of(conference) -> str:
    return f"/portal/conferences/{conference.pk}/"


def registration_form(*people, questions=()) -> dict:
    data = {
        "attendees-TOTAL_FORMS": str(max(len(people), 3)),
        "attendees-INITIAL_FORMS": "0",
        "questions-TOTAL_FORMS": str(max(len(questions), 2)),
        "questions-INITIAL_FORMS": "0",
        "note": "",
    }
    for n, (name, position, phone, email) in enumerate(people):
        data.update(
            {
                f"attendees-{n}-full_name": name,
                f"attendees-{n}-position": position,
                f"attendees-{n}-phone": phone,
                f"attendees-{n}-email": email,
            }
        )
    for n, (title, body) in enumerate(questions):
        data.update({f"questions-{n}-title": title, f"questions-{n}-body": body})
    return data


def test_the_portal_lists_the_conferences_the_enterprise_is_invited_to_with_its_registration_status(
    world, browse, invited_a
):
    make_conference(branch=world.region5, status=ConferenceStatus.INVITATIONS_SENT, title="Không mời Đông Á")
    response = browse("portal_a").get(LIST)
    assert response.status_code == 200
    assert [c.title for c in response.context["upcoming"]] == ["Đối thoại doanh nghiệp 2026"]
    html = response.content.decode()
    assert '<span class="badge badge-brand">Invited</span>' in html
    assert "Không mời Đông Á" not in html
    listing_b = browse("portal_b").get(LIST).content.decode()
    assert '<span class="badge badge-ok">Registered</span>' in listing_b


def test_the_conference_page_shows_the_details_but_no_other_enterprise(world, browse, invited_a):
    response = browse("portal_a").get(page_of(invited_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hội trường Chi cục Hải quan khu vực V" in html
    assert "<li>Khai mạc</li>" in html
    assert response.context["can_register"] is True
    for secret in ("Lê Thị Cúc", "Phạm Văn Đức", world.ent_b.name_vi, world.ent_b.tax_code):
        assert secret not in html
    assert "https://meet.example.vn/doi-thoai" not in html  # the link is for registered enterprises


def test_registering_attendees_and_questions_in_advance(world, browse, invited_a):
    client = browse("portal_a")
    response = client.post(
        page_of(invited_a),
        registration_form(
            ("Nguyễn Văn An", "Giám đốc", "0912345678", "an@donga.vn"),
            ("Trần Thị Bình", "Kế toán trưởng", "", ""),
            questions=[("Thủ tục hoàn thuế", "Hồ sơ hoàn thuế nhập khẩu cần những gì?")],
        ),
    )
    assert response.status_code == 302
    registration = Registration.objects.get(conference=invited_a, enterprise=world.ent_a)
    assert (registration.status, registration.created_by) == (RegistrationStatus.REGISTERED, world.portal_a)
    assert list(registration.attendees.order_by("id").values_list("full_name", "position", "phone", "email")) == [
        ("Nguyễn Văn An", "Giám đốc", "0912345678", "an@donga.vn"),
        ("Trần Thị Bình", "Kế toán trưởng", "", ""),
    ]
    question = Question.objects.get(conference=invited_a)
    assert (question.title, question.body, question.enterprise, question.branch) == (
        "Thủ tục hoàn thuế",
        "Hồ sơ hoàn thuế nhập khẩu cần những gì?",
        world.ent_a,
        world.region5,
    )
    page = client.get(page_of(invited_a))
    html = page.content.decode()
    assert "Your registration is confirmed." in html
    assert "<strong>Nguyễn Văn An</strong>" in html
    assert "https://meet.example.vn/doi-thoai" in html
    assert page.context["can_register"] is False
    assert "Lê Thị Cúc" not in html


def test_registering_nobody_is_refused_with_a_clear_message(browse, invited_a, world):
    response = browse("portal_a").post(page_of(invited_a), registration_form())
    assert response.status_code == 200
    assert response.context["register_errors"] == ["Register at least one attendee."]
    assert not Registration.objects.filter(conference=invited_a, enterprise=world.ent_a).exists()


def test_a_bad_email_keeps_the_input_and_shows_the_error_beside_it(browse, invited_a, world):
    response = browse("portal_a").post(
        page_of(invited_a), registration_form(("Nguyễn Văn An", "Giám đốc", "", "khong-phai-email"))
    )
    assert response.status_code == 200
    assert response.context["attendee_formset"].errors[0] == {"email": ["Enter a valid email address."]}
    assert 'value="Nguyễn Văn An"' in response.content.decode()
    assert not Registration.objects.filter(conference=invited_a, enterprise=world.ent_a).exists()


def test_a_question_without_its_text_is_refused_beside_the_field(browse, invited_a):
    response = browse("portal_a").post(
        page_of(invited_a),
        registration_form(("Nguyễn Văn An", "", "", ""), questions=[("Thủ tục hoàn thuế", "")]),
    )
    assert response.context["question_formset"].errors[0] == {"body": ["Write the question."]}


def test_over_capacity_the_registration_waits_on_the_list(world, browse):
    conference = make_conference(
        branch=world.region5, status=ConferenceStatus.INVITATIONS_SENT, invite=[world.ent_a], capacity=1
    )
    response = browse("portal_a").post(
        page_of(conference), registration_form(("Nguyễn Văn An", "", "", ""), ("Trần Thị Bình", "", "", ""))
    )
    assert response.status_code == 302
    assert Registration.objects.get(conference=conference).status == RegistrationStatus.WAITLISTED
    html = browse("portal_a").get(page_of(conference)).content.decode()
    assert "you are on the waiting list" in html


def test_cancelling_the_registration(world, browse, invited_a):
    register(invited_a, world.ent_a, "Nguyễn Văn An", by=world.portal_a)
    client = browse("portal_a")
    response = client.post(f"/portal/conferences/{invited_a.pk}/cancel/")
    assert response.status_code == 302
    registration = Registration.objects.get(conference=invited_a, enterprise=world.ent_a)
    assert registration.status == RegistrationStatus.CANCELLED
    page = client.get(page_of(invited_a))
    assert "Your registration was cancelled." in page.content.decode()
    assert page.context["can_register"] is True


def test_a_portal_user_cannot_cancel_another_enterprises_registration(world, browse, invited_a):
    other = make_conference(branch=world.region5, status=ConferenceStatus.INVITATIONS_SENT, invite=[world.ent_b])
    register(other, world.ent_b, "Lê Thị Cúc", by=world.portal_b)
    assert browse("portal_a").post(f"/portal/conferences/{other.pk}/cancel/").status_code == 404
    assert Registration.objects.get(conference=other).status == RegistrationStatus.REGISTERED


def test_a_portal_user_sees_only_their_own_registration_on_a_shared_conference(world, browse, invited_a):
    register(invited_a, world.ent_a, "Nguyễn Văn An", by=world.portal_a)
    response = browse("portal_a").get(page_of(invited_a))
    assert response.context["registration"].enterprise == world.ent_a
    html = response.content.decode()
    assert "Nguyễn Văn An" in html
    assert "Lê Thị Cúc" not in html
    assert "Phạm Văn Đức" not in html


def test_a_conference_the_enterprise_is_not_invited_to_is_404_and_cannot_be_registered(world, browse):
    conference = make_conference(branch=world.region5, status=ConferenceStatus.INVITATIONS_SENT, invite=[world.ent_b])
    client = browse("portal_a")
    assert client.get(page_of(conference)).status_code == 404
    assert client.post(page_of(conference), registration_form(("Nguyễn Văn An", "", "", ""))).status_code == 404
    assert not Registration.objects.filter(enterprise=world.ent_a).exists()
    assert not Attendee.objects.filter(full_name="Nguyễn Văn An").exists()


def test_a_conference_the_enterprise_was_registered_for_by_staff_is_listed(world, browse):
    conference = make_conference(branch=world.region5, title="Tập huấn C/O")
    register(conference, world.ent_a, "Nguyễn Văn An", by=world.r5_officer)
    response = browse("portal_a").get(LIST)
    assert [c.title for c in response.context["upcoming"]] == ["Tập huấn C/O"]


def test_registration_closes_once_the_conference_is_held(world, browse):
    conference = make_conference(branch=world.region5, status=ConferenceStatus.HELD, invite=[world.ent_a])
    response = browse("portal_a").get(page_of(conference))
    assert response.context["can_register"] is False
    assert "Registration is closed: the conference is “Held”." in response.content.decode()
    listing = browse("portal_a").get(LIST)
    assert [c.pk for c in listing.context["past"]] == [conference.pk]


def test_the_invitation_link_opens_the_registration_for_the_invited_enterprise_only(world, browse, invited_a):
    token_a = Invitation.objects.get(conference=invited_a, enterprise=world.ent_a).token
    response = browse("portal_a").get(f"/portal/conferences/register/{token_a}/")
    assert response.status_code == 302
    assert response["Location"] == f"/portal/conferences/{invited_a.pk}/#register"
    assert browse("portal_b").get(f"/portal/conferences/register/{token_a}/").status_code == 404
    assert browse("portal_a").get("/portal/conferences/register/not-a-token/").status_code == 404
    anonymous = browse("anonymous").get(f"/portal/conferences/register/{token_a}/")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/?next=/portal/conferences/register/")


def test_staff_get_404_on_the_portal_pages(browse, invited_a):
    for persona in ("r5_officer", "hq_admin"):
        client = browse(persona)
        assert client.get(LIST).status_code == 404
        assert client.get(page_of(invited_a)).status_code == 404


def test_a_cancelled_conference_cannot_be_registered_and_says_so(world, browse):
    conference = make_conference(branch=world.region5, status=ConferenceStatus.INVITATIONS_SENT, invite=[world.ent_a])
    services.cancel_conference(conference=conference, by=None, reason="Hoãn")
    response = browse("portal_a").get(page_of(conference))
    assert response.context["can_register"] is False
    refused = browse("portal_a").post(page_of(conference), registration_form(("Nguyễn Văn An", "", "", "")))
    assert refused.context["register_errors"] == ["Registration is closed: the conference is “Cancelled”."]
    assert not Registration.objects.filter(conference=conference).exists()


def test_the_portal_list_runs_the_same_number_of_queries_for_one_conference_or_many(world, browse):
    first = make_conference(branch=world.region5, status=ConferenceStatus.INVITATIONS_SENT, invite=[world.ent_a])
    register(first, world.ent_a, "Nguyễn Văn An", by=world.portal_a)
    client = browse("portal_a")
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    for n in range(4):
        conference = make_conference(
            branch=world.region5, status=ConferenceStatus.INVITATIONS_SENT, invite=[world.ent_a], title=f"Hội nghị {n}"
        )
        register(conference, world.ent_a, "Nguyễn Văn An", by=world.portal_a)
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)
    assert len(response.context["upcoming"]) == 5
    assert len(many) == len(one)


def test_an_attendee_row_without_a_name_is_refused_beside_the_name(browse, invited_a, world):
    response = browse("portal_a").post(page_of(invited_a), registration_form(("", "Giám đốc", "0912345678", "")))
    assert response.status_code == 200
    assert response.context["attendee_formset"].errors[0] == {"full_name": ["Give the name of this attendee."]}
    assert 'value="0912345678"' in response.content.decode()
    assert not Registration.objects.filter(conference=invited_a, enterprise=world.ent_a).exists()
