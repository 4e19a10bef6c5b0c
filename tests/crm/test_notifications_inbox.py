"""The in-app inbox, HTML and API: one's own notifications only, unread count, marking read, the mutes, the bell's
badge, and a fixed number of queries on the list."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm.models import Notification, NotificationKind, NotificationMute

pytestmark = pytest.mark.django_db

K = NotificationKind


def notify(user, key, *, kind=K.QUESTION_ASSIGNED, subject="question:7", read=False, age_minutes=0, **payload):
    notification = Notification.objects.create(
        kind=kind,
        recipient=user,
        subject=subject,
        dedupe_key=key,
        payload=payload or {"question": 7, "reference": "VM-2026-000007"},
        read_at=timezone.now() if read else None,
    )
    if age_minutes:
        Notification.objects.filter(pk=notification.pk).update(
            created_at=timezone.now() - timedelta(minutes=age_minutes)
        )
    return notification


def checkbox(html: str, kind: str) -> list[str]:
    """The attributes of the settings page's checkbox for `kind`, e.g. ["type=checkbox", …, "checked"]."""
    tag = re.search(rf'<input [^>]*name="email_{kind}"[^>]*>', html).group(0)
    return re.findall(r'([\w-]+)(?:="[^"]*")?', tag.removeprefix("<input"))


def read_at(notification):
    return Notification.objects.values_list("read_at", flat=True).get(pk=notification.pk)


# --- API: own rows only ---------------------------------------------------------------------------------------------


def test_the_api_lists_only_the_callers_notifications_newest_first(world, api_for):
    old = notify(world.r5_officer, "old", age_minutes=60, reference="VM-2026-000001")
    new = notify(world.r5_officer, "new", reference="VM-2026-000002", read=True)
    notify(world.r6_officer, "someone-else")
    payload = api_for("r5_officer").get("/api/v1/notifications/").json()
    assert payload["count"] == 2
    assert [row["id"] for row in payload["results"]] == [new.pk, old.pk]
    first = payload["results"][0]
    assert set(first) == {"id", "kind", "kind_label", "subject", "payload", "created_at", "read_at", "link"}
    assert (first["kind"], first["subject"], first["link"]) == ("question_assigned", "question:7", "/questions/7/")
    assert first["payload"] == {"reference": "VM-2026-000002"}
    assert first["read_at"] is not None
    assert payload["results"][1]["read_at"] is None


def test_the_unread_filter_keeps_only_unread_notifications(world, api_for):
    unread = notify(world.r5_officer, "unread")
    notify(world.r5_officer, "read", read=True)
    payload = api_for("r5_officer").get("/api/v1/notifications/", {"unread": "true"}).json()
    assert [row["id"] for row in payload["results"]] == [unread.pk]


def test_a_portal_user_gets_links_into_the_portal(world, api_for):
    notify(world.portal_a, "answered", kind=K.QUESTION_ANSWERED, question=7)
    notify(world.portal_a, "registered", kind=K.REGISTRATION_CONFIRMED, subject="conference:3", conference=3)
    notify(world.portal_a, "decided", kind=K.PORTAL_SIGNUP_DECIDED, subject="portal_signup:4", signup=4)
    notify(world.portal_a, "unknown", kind=K.QUESTION_ANSWERED, subject="something", note="x")
    rows = api_for("portal_a").get("/api/v1/notifications/").json()["results"]
    assert sorted(row["link"] or "" for row in rows) == [
        "",
        "/portal/",
        "/portal/conferences/3/",
        "/portal/questions/7/",
    ]


def test_staff_get_the_staff_page_of_a_conference(world, api_for):
    notify(world.r5_manager, "conf", kind=K.CONFERENCE_INVITATION, subject="conference:3", conference=3)
    assert api_for("r5_manager").get("/api/v1/notifications/").json()["results"][0]["link"] == "/conferences/3/"


def test_another_users_notification_is_a_404_and_stays_unread(world, api_for):
    theirs = notify(world.r6_officer, "theirs")
    client = api_for("r5_officer")
    assert client.get(f"/api/v1/notifications/{theirs.pk}/").status_code == 404
    response = client.post("/api/v1/notifications/mark-read/", {"ids": [theirs.pk]})
    assert (response.status_code, response.json()) == (200, {"marked": 0})
    assert client.post("/api/v1/notifications/mark-all-read/").json() == {"marked": 0}
    assert read_at(theirs) is None


def test_unread_count_mark_read_and_mark_all_read(world, api_for):
    first, second, third = (notify(world.r5_officer, f"n{n}") for n in range(3))
    notify(world.r5_officer, "already", read=True)
    notify(world.r6_officer, "other")
    client = api_for("r5_officer")
    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 3}
    assert client.post("/api/v1/notifications/mark-read/", {"ids": [first.pk, first.pk]}).json() == {"marked": 1}
    assert client.post("/api/v1/notifications/mark-read/", {"ids": [first.pk]}).json() == {"marked": 0}
    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 2}
    assert client.post("/api/v1/notifications/mark-all-read/").json() == {"marked": 2}
    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 0}
    assert read_at(second) is not None
    assert read_at(third) is not None
    assert api_for("r6_officer").get("/api/v1/notifications/unread-count/").json() == {"unread": 1}


def test_mark_read_needs_a_list_of_ids(world, api_for):
    response = api_for("r5_officer").post("/api/v1/notifications/mark-read/", {"ids": "all"})
    assert response.status_code == 400
    assert list(response.json()) == ["ids"]


def test_anonymous_callers_get_401(world, api_for):
    client = api_for("anonymous")
    assert client.get("/api/v1/notifications/").status_code == 401
    assert client.get("/api/v1/notifications/unread-count/").status_code == 401
    assert client.put("/api/v1/notification-settings/", {"muted": []}).status_code == 401


def test_the_api_list_runs_the_same_queries_for_3_or_40_notifications(world, api_for):
    client = api_for("portal_a")
    for n in range(3):
        notify(world.portal_a, f"few{n}")
    client.get("/api/v1/notifications/")  # the membership is read once per user object
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/v1/notifications/").status_code == 200
    for n in range(37):
        notify(world.portal_a, f"many{n}", kind=K.REGISTRATION_CONFIRMED, subject=f"conference:{n}", conference=n)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/api/v1/notifications/").json()["results"]) == 40
    assert len(many) == len(few)


# --- API: settings --------------------------------------------------------------------------------------------------


def test_the_settings_list_every_kind_and_the_muted_ones(world, api_for):
    NotificationMute.objects.create(user=world.r5_officer, kind=K.QUESTION_RECEIVED)
    NotificationMute.objects.create(user=world.r6_officer, kind=K.QUESTION_ASSIGNED)
    payload = api_for("r5_officer").get("/api/v1/notification-settings/").json()
    assert payload["muted"] == ["question_received"]
    assert [kind["value"] for kind in payload["kinds"]] == K.values
    assert {"value": "question_assigned", "label": str(K.QUESTION_ASSIGNED.label), "mutable": True} in payload["kinds"]


def test_put_replaces_the_mutes(world, api_for):
    client = api_for("portal_a")
    NotificationMute.objects.create(user=world.portal_a, kind=K.QUESTION_RECEIVED)
    response = client.put("/api/v1/notification-settings/", {"muted": [K.QUESTION_ANSWERED, K.CONFERENCE_INVITATION]})
    assert response.status_code == 200
    assert response.json()["muted"] == ["conference_invitation", "question_answered"]
    muted = NotificationMute.objects.filter(user=world.portal_a).values_list("kind", flat=True)
    assert sorted(muted) == ["conference_invitation", "question_answered"]
    assert client.put("/api/v1/notification-settings/", {"muted": []}).json()["muted"] == []
    assert not NotificationMute.objects.filter(user=world.portal_a).exists()


def test_an_unknown_kind_is_a_400_that_changes_nothing(world, api_for):
    NotificationMute.objects.create(user=world.r5_officer, kind=K.QUESTION_RECEIVED)
    response = api_for("r5_officer").put(
        "/api/v1/notification-settings/", {"muted": [K.QUESTION_ANSWERED, "no_such_kind"]}
    )
    assert response.status_code == 400
    assert list(response.json()) == ["muted"]
    assert "no_such_kind" in response.json()["muted"][0]
    muted = NotificationMute.objects.filter(user=world.r5_officer).values_list("kind", flat=True)
    assert list(muted) == ["question_received"]


def test_an_unmutable_kind_cannot_be_muted(world, api_for, monkeypatch):
    from crm.services import notifications as services

    monkeypatch.setattr(services, "UNMUTABLE", frozenset({K.QUESTION_ESCALATED.value}))
    client = api_for("r5_officer")
    kinds = client.get("/api/v1/notification-settings/").json()["kinds"]
    assert [kind["value"] for kind in kinds if not kind["mutable"]] == ["question_escalated"]
    response = client.put("/api/v1/notification-settings/", {"muted": [K.QUESTION_ESCALATED]})
    assert response.status_code == 400
    assert list(response.json()) == ["muted"]
    assert not NotificationMute.objects.exists()


# --- HTML: the inbox ------------------------------------------------------------------------------------------------


def test_the_inbox_shows_only_ones_own_notifications_and_marks_the_unread(world, client_for):
    notify(world.r5_officer, "unread", reference="VM-2026-000011")
    notify(world.r5_officer, "read", read=True, reference="VM-2026-000012")
    notify(world.r6_officer, "other", reference="VM-2026-000099")
    response = client_for("r5_officer").get("/notifications/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "VM-2026-000011" in html
    assert "VM-2026-000012" in html
    assert "VM-2026-000099" not in html
    assert html.count('class="badge badge-brand"') == 1  # the one unread
    assert response.context["unread"] == 1
    assert str(K.QUESTION_ASSIGNED.label) in html


def test_the_inbox_can_show_unread_only(world, client_for):
    notify(world.portal_b, "unread", kind=K.QUESTION_ANSWERED, reference="VM-2026-000021")
    notify(world.portal_b, "read", kind=K.QUESTION_ANSWERED, read=True, reference="VM-2026-000022")
    html = client_for("portal_b").get("/notifications/", {"unread": "1"}).content.decode()
    assert "VM-2026-000021" in html
    assert "VM-2026-000022" not in html


def test_an_empty_inbox_says_so(world, client_for):
    response = client_for("portal_a").get("/notifications/")
    assert response.status_code == 200
    assert response.context["items"] == []
    assert 'class="empty"' in response.content.decode()


def test_the_inbox_pages_by_30(world, client_for):
    for n in range(31):
        notify(world.r5_officer, f"n{n}", age_minutes=n, reference=f"VM-2026-{n:06d}")
    client = client_for("r5_officer")
    first = client.get("/notifications/")
    assert len(first.context["items"]) == 30
    assert "VM-2026-000000" in first.content.decode()  # the newest first
    second = client.get("/notifications/", {"page": 2})
    assert [item["summary"] for item in second.context["items"]] == ["VM-2026-000030"]


def test_the_inbox_runs_the_same_queries_for_3_or_30_notifications(world, client_for):
    client = client_for("r5_officer")
    for n in range(3):
        notify(world.r5_officer, f"few{n}")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/notifications/").status_code == 200
    for n in range(27):
        notify(world.r5_officer, f"many{n}", kind=K.CONFERENCE_INVITATION, subject=f"conference:{n}", conference=n)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/notifications/").context["items"]) == 30
    assert len(many) == len(few)


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(world, client_for):
    notification = notify(world.r5_officer, "q")
    response = client_for("r5_officer").get(f"/notifications/{notification.pk}/open/")
    assert (response.status_code, response["Location"]) == (302, "/questions/7/")
    assert read_at(notification) is not None


def test_opening_a_notification_without_a_page_goes_back_to_the_inbox(world, client_for):
    notification = notify(world.portal_a, "x", kind=K.QUESTION_ANSWERED, subject="other", note="no page")
    response = client_for("portal_a").post(f"/notifications/{notification.pk}/open/")
    assert (response.status_code, response["Location"]) == (302, "/notifications/")
    assert read_at(notification) is not None


def test_opening_another_users_notification_is_a_404_and_leaves_it_unread(world, client_for):
    theirs = notify(world.portal_b, "theirs", kind=K.QUESTION_ANSWERED)
    assert client_for("portal_a").get(f"/notifications/{theirs.pk}/open/").status_code == 404
    assert client_for("r5_manager").post(f"/notifications/{theirs.pk}/open/").status_code == 404
    assert read_at(theirs) is None


def test_mark_all_read_marks_only_ones_own(world, client_for):
    mine = [notify(world.r5_officer, f"m{n}") for n in range(2)]
    theirs = notify(world.r6_officer, "theirs")
    client = client_for("r5_officer")
    response = client.post("/notifications/mark-all-read/", follow=True)
    assert response.redirect_chain == [("/notifications/", 302)]
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1
    assert "2" in messages[0]  # "2 notifications marked read." in the user's language
    assert all(read_at(n) is not None for n in mine)
    assert read_at(theirs) is None
    assert client.get("/notifications/mark-all-read/").status_code == 405


def test_anonymous_visitors_are_sent_to_the_login_page(world, client_for):
    client = client_for("anonymous")
    for url in ("/notifications/", "/notifications/settings/", "/notifications/unread/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


# --- HTML: the settings ---------------------------------------------------------------------------------------------


def test_unticked_kinds_are_muted_and_shown_unticked(world, client_for):
    client = client_for("r5_manager")
    ticked = {f"email_{kind}": "on" for kind in K.values if kind not in (K.QUESTION_RECEIVED, K.ACTION_ASSIGNED)}
    response = client.post("/notifications/settings/", ticked)
    assert (response.status_code, response["Location"]) == (302, "/notifications/settings/")
    muted = NotificationMute.objects.filter(user=world.r5_manager).values_list("kind", flat=True)
    assert sorted(muted) == ["action_assigned", "question_received"]
    form = client.get("/notifications/settings/").context["form"]
    assert form["email_question_received"].value() is False
    assert form["email_action_assigned"].value() is False
    assert form["email_question_assigned"].value() is True
    html = client.get("/notifications/settings/").content.decode()
    assert "checked" not in checkbox(html, "question_received")
    assert "checked" in checkbox(html, "question_assigned")


def test_ticking_a_kind_again_unmutes_it(world, client_for):
    NotificationMute.objects.create(user=world.portal_a, kind=K.QUESTION_ANSWERED)
    client_for("portal_a").post("/notifications/settings/", {f"email_{kind}": "on" for kind in K.values})
    assert not NotificationMute.objects.filter(user=world.portal_a).exists()


def test_an_unmutable_kind_is_ticked_disabled_and_cannot_be_muted_by_the_form(world, client_for):
    client = client_for("r5_officer")
    html = client.get("/notifications/settings/").content.decode()
    assert set(checkbox(html, "question_deadline_breached")) >= {"checked", "disabled"}
    assert "disabled" not in checkbox(html, "question_assigned")
    client.post("/notifications/settings/", {})  # nothing ticked, and the disabled box not sent
    muted = set(NotificationMute.objects.filter(user=world.r5_officer).values_list("kind", flat=True))
    assert muted == set(K.values) - {"question_deadline_breached"}


# --- The bell's badge -----------------------------------------------------------------------------------------------


def test_the_badge_shows_the_unread_count_in_three_queries(world, client_for):
    for n in range(3):
        notify(world.portal_a, f"n{n}", kind=K.QUESTION_ANSWERED)
    notify(world.portal_a, "read", kind=K.QUESTION_ANSWERED, read=True)
    notify(world.portal_b, "other", kind=K.QUESTION_ANSWERED)
    client = client_for("portal_a")
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/notifications/unread/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert ">3</span>" in response.content.decode()
    assert len(captured) == 3  # session, user, count


def test_the_badge_is_empty_when_nothing_is_unread(world, client_for):
    notify(world.r5_officer, "read", read=True)
    response = client_for("r5_officer").get("/notifications/unread/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_the_badge_answers_an_expired_session_with_204_so_the_bell_keeps_its_markup(world, client_for):
    response = client_for("anonymous").get("/notifications/unread/", headers={"HX-Request": "true"})
    assert (response.status_code, response.content) == (204, b"")


@pytest.mark.parametrize("persona", ["r5_officer", "portal_a"])
def test_every_page_carries_the_bell_that_loads_the_badge_lazily(persona, world, client_for):
    page = "/notifications/settings/"
    html = client_for(persona).get(page).content.decode()
    assert 'href="/notifications/"' in html
    assert 'hx-get="/notifications/unread/" hx-trigger="load, every 60s"' in html


def test_the_bell_is_not_shown_to_anonymous_visitors(world, client_for):
    html = client_for("anonymous").get("/accounts/login/").content.decode()
    assert "/notifications/unread/" not in html
