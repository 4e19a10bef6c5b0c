"""The outbox for headquarters administrators: the operations page (backlog, periodic tasks, warnings when the worker
or beat looks down, failed and dead messages with a Retry button) and the admin API (list, retry, health)."""

import re
from datetime import datetime, timedelta

import pytest
from django.contrib.messages import constants as message_levels
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from crm.models import Notification, NotificationKind, NotificationStatus, TaskRun
from crm.services import notifications as services

pytestmark = pytest.mark.django_db

S = NotificationStatus
K = NotificationKind
PAGE = "/org/outbox/"
API = "/api/v1/outbox/"


@pytest.fixture(autouse=True)
def _english(settings):
    """Assert the English source strings whatever translations exist."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def notify(user=None, *, key, status=S.PENDING, kind=K.QUESTION_ASSIGNED, email="", age=None, **fields):
    notification = Notification.objects.create(
        kind=kind,
        recipient=user,
        email=email,
        subject="question:1",
        dedupe_key=key,
        payload={"reference": "VM-2026-000001", "token": "s3cret-set-password-token"},
        status=status,
        **fields,
    )
    if age is not None:  # created_at is auto_now_add: move it back in time afterwards
        Notification.objects.filter(pk=notification.pk).update(created_at=timezone.now() - age)
        notification.refresh_from_db()
    return notification


def dead(user, key="dead-1", **fields) -> Notification:
    return notify(user, key=key, status=S.DEAD, attempts=5, last_error="SMTPServerDisconnected: closed", **fields)


def ran(name="crm.deliver_notifications", *, ago, result=None) -> TaskRun:
    started = timezone.now() - ago
    return TaskRun.objects.create(
        name=name, started_at=started, finished_at=started + timedelta(seconds=2), result=result or {}
    )


def page_text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def figure(html: str, name: str) -> str:
    match = re.search(rf'data-count="{name}">(.*?)</dd>', html, re.S)
    assert match, name
    return match.group(1).strip()


def warnings_on(html: str) -> set[str]:
    return set(re.findall(r'data-warning="([a-z-]+)"', html))


def messages_of(response) -> list[tuple[int, str]]:
    return [(m.level, m.message) for m in response.context["messages"]]


@pytest.fixture
def officer(world):
    world.r5_officer.email = "officer@hq.example"
    world.r5_officer.save()
    return world.r5_officer


# --------------------------------------------------------------------------------------------------- permissions


@pytest.mark.parametrize("persona", ["r5_manager", "r5_officer", "portal_a"])
def test_only_a_headquarters_administrator_sees_the_outbox(persona, client_for, api_for, officer):
    notification = dead(officer)
    assert client_for(persona).get(PAGE).status_code == 403
    assert client_for(persona).post(f"{PAGE}{notification.pk}/retry/").status_code == 403
    assert api_for(persona).get(API).status_code == 403
    assert api_for(persona).get(f"{API}health/").status_code == 403
    assert api_for(persona).post(f"{API}{notification.pk}/retry/").status_code == 403
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (S.DEAD, 5)  # nothing changed


def test_anonymous_callers_are_sent_to_sign_in_or_get_401(client_for, api_for, officer):
    notification = dead(officer)
    response = client_for("anonymous").post(f"{PAGE}{notification.pk}/retry/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert api_for("anonymous").get(API).status_code == 401
    assert Notification.objects.get().status == S.DEAD


def test_the_outbox_tab_shows_only_to_headquarters_administrators(client_for):
    assert 'href="/org/outbox/"' in page_text(client_for("hq_admin").get("/org/branches/"))
    assert 'href="/org/outbox/"' not in page_text(client_for("r5_manager").get("/org/branches/"))


# ------------------------------------------------------------------------------------------------------ retrying


def test_retrying_a_dead_message_from_the_page_sends_it_at_the_next_delivery_run(client_for, officer):
    notification = dead(officer)
    response = client_for("hq_admin").post(f"{PAGE}{notification.pk}/retry/", follow=True)
    assert response.redirect_chain == [(PAGE, 302)]
    assert messages_of(response) == [
        (message_levels.SUCCESS, "The message is back in the queue; the next delivery run sends it.")
    ]
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.last_error) == (S.PENDING, 0, "")

    assert services.deliver_pending().sent == 1
    notification.refresh_from_db()
    assert notification.status == S.SENT
    assert [message.to for message in mail.outbox] == [["officer@hq.example"]]


def test_retrying_a_message_that_did_not_fail_says_why_and_changes_nothing(client_for, officer):
    notification = notify(officer, key="sent-1", status=S.SENT, attempts=1)
    response = client_for("hq_admin").post(f"{PAGE}{notification.pk}/retry/", follow=True)
    assert response.redirect_chain == [(PAGE, 302)]
    assert messages_of(response) == [(message_levels.ERROR, "Only a failed notification can be retried.")]
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (S.SENT, 1)


def test_retrying_a_missing_message_is_404(client_for):
    assert client_for("hq_admin").post(f"{PAGE}999999/retry/").status_code == 404
    assert client_for("hq_admin").get(f"{PAGE}999999/retry/").status_code in (404, 405)


def test_the_api_retries_a_dead_message_and_refuses_a_pending_one(api_for, officer):
    notification = dead(officer)
    response = api_for("hq_admin").post(f"{API}{notification.pk}/retry/")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["attempts"], response.json()["last_error"]) == (
        "pending",
        0,
        "",
    )
    response = api_for("hq_admin").post(f"{API}{notification.pk}/retry/")
    assert response.status_code == 400
    assert response.json() == {"detail": "Only a failed notification can be retried."}
    assert services.deliver_pending().sent == 1
    assert Notification.objects.get().status == S.SENT


# ------------------------------------------------------------------------------------------------------ the API


def test_the_api_lists_every_users_messages_newest_first_without_their_payload(api_for, officer, world):
    old = dead(officer, age=timedelta(hours=2))
    new = notify(email="contact@ent.example", key="contact-1", kind=K.QUESTION_ANSWERED)
    response = api_for("hq_admin").get(API)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [row["id"] for row in body["results"]] == [new.pk, old.pk]
    assert body["results"][1] == {
        "id": old.pk,
        "kind": "question_assigned",
        "kind_label": "Question assigned",
        "recipient": "r5_officer",
        "email": "",
        "status": "dead",
        "attempts": 5,
        "last_error": "SMTPServerDisconnected: closed",
        "created_at": body["results"][1]["created_at"],
        "next_attempt_at": None,
        "sent_at": None,
    }
    assert body["results"][0]["recipient"] is None
    assert body["results"][0]["email"] == "contact@ent.example"
    assert "s3cret" not in response.content.decode()
    detail = api_for("hq_admin").get(f"{API}{old.pk}/")
    assert detail.status_code == 200
    assert "payload" not in detail.json()
    assert "s3cret" not in detail.content.decode()


def test_the_api_filters_by_status_and_kind(api_for, officer):
    dead_one = dead(officer)
    notify(officer, key="p1")
    answered = notify(officer, key="p2", kind=K.QUESTION_ANSWERED)
    client = api_for("hq_admin")
    assert [row["id"] for row in client.get(API, {"status": "dead"}).json()["results"]] == [dead_one.pk]
    assert [row["id"] for row in client.get(API, {"kind": "question_answered"}).json()["results"]] == [answered.pk]
    assert client.get(API, {"status": "pending", "kind": "question_answered"}).json()["count"] == 1
    assert client.get(API, {"status": "nonsense"}).status_code == 400


def test_the_api_health_gives_the_backlog_and_the_task_runs(api_for, officer):
    oldest = notify(officer, key="p1", age=timedelta(minutes=30))
    notify(officer, key="p2", age=timedelta(minutes=3))
    notify(officer, key="f1", status=S.FAILED, attempts=1)
    dead(officer)
    notify(officer, key="s1", status=S.SENT)
    ran(ago=timedelta(seconds=40), result={"sent": 3, "failed": 0, "dead": 0})
    body = api_for("hq_admin").get(f"{API}health/").json()
    assert body["counts"] == {"pending": 2, "failed": 1, "dead": 1}
    assert datetime.fromisoformat(body["oldest_pending"]) == oldest.created_at
    assert [(run["name"], run["result"]) for run in body["task_runs"]] == [
        ("crm.deliver_notifications", {"sent": 3, "failed": 0, "dead": 0})
    ]
    assert set(body["task_runs"][0]) == {"name", "started_at", "finished_at", "result"}


def test_the_api_health_of_an_empty_outbox(api_for):
    body = api_for("hq_admin").get(f"{API}health/").json()
    assert body == {"counts": {"pending": 0, "failed": 0, "dead": 0}, "oldest_pending": None, "task_runs": []}


# --------------------------------------------------------------------------------------------- the operations page


def test_the_page_shows_the_backlog_and_lists_failed_and_dead_messages(client_for, officer):
    notify(officer, key="p1", age=timedelta(minutes=4))
    failed = notify(officer, key="f1", status=S.FAILED, attempts=2, last_error="TimeoutError: timed out")
    gone = dead(officer)
    notify(officer, key="s1", status=S.SENT)
    ran(ago=timedelta(minutes=1), result={"sent": 7})
    html = page_text(client_for("hq_admin").get(PAGE))
    assert (figure(html, "pending"), figure(html, "failed"), figure(html, "dead")) == ("1", "1", "1")
    assert figure(html, "oldest").startswith("4\xa0minutes ago")
    assert re.findall(r'data-notification="(\d+)"', html) == [str(gone.pk), str(failed.pk)]
    assert html.count('/retry/"') == 2
    assert "TimeoutError: timed out" in html
    assert "crm.deliver_notifications" in html
    assert "sent: 7" in html
    assert warnings_on(html) == set()


def test_an_empty_outbox_says_so(client_for):
    ran(ago=timedelta(seconds=30))
    html = page_text(client_for("hq_admin").get(PAGE))
    assert "Nothing waiting or failed." in html
    assert (figure(html, "pending"), figure(html, "failed"), figure(html, "dead"), figure(html, "oldest")) == (
        "0",
        "0",
        "0",
        "—",
    )
    assert warnings_on(html) == set()


def test_a_message_waiting_over_10_minutes_warns_that_the_worker_is_likely_down(client_for, officer):
    ran(ago=timedelta(seconds=30))
    notify(officer, key="p1", age=timedelta(minutes=9))
    assert warnings_on(page_text(client_for("hq_admin").get(PAGE))) == set()
    notify(officer, key="p2", age=timedelta(minutes=11))
    html = page_text(client_for("hq_admin").get(PAGE))
    assert warnings_on(html) == {"pending-stale"}
    assert "The oldest waiting message has waited 11\xa0minutes. The worker or beat is probably down." in html


def test_a_delivery_task_silent_for_5_minutes_warns(client_for):
    run = ran(ago=timedelta(minutes=4))
    assert warnings_on(page_text(client_for("hq_admin").get(PAGE))) == set()
    TaskRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - timedelta(minutes=6))
    html = page_text(client_for("hq_admin").get(PAGE))
    assert warnings_on(html) == {"delivery-stale"}
    assert "The delivery task crm.deliver_notifications has not run for more than 5 minutes." in html


def test_a_delivery_task_that_never_ran_warns(client_for):
    ran("crm.some_other_scan", ago=timedelta(seconds=10))
    html = page_text(client_for("hq_admin").get(PAGE))
    assert warnings_on(html) == {"delivery-never"}
    assert "The delivery task crm.deliver_notifications has never run." in html


# ---------------------------------------------------------------------------------------------------- query counts


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def many_problems(user, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        status = S.DEAD if i % 2 else S.FAILED
        notify(user, key=f"bulk-{i}", status=status, attempts=3, last_error="OSError: unreachable")


def test_the_page_runs_the_same_queries_for_2_or_40_failed_messages(client_for, officer, world):
    many_problems(officer, 1)
    notify(email="x@ent.example", key="e-1", status=S.DEAD)  # to a contact: no recipient to join
    ran(ago=timedelta(seconds=30))
    client = client_for("hq_admin")
    client.get(PAGE)  # warm-up
    few = count_queries(client, PAGE)
    many_problems(officer, 20, start=10)
    many_problems(world.r5_manager, 18, start=40)
    many = count_queries(client, PAGE)
    assert few == many
    assert many <= 10


def test_the_api_list_runs_the_same_queries_for_5_or_50_rows(api_for, officer, world):
    many_problems(officer, 30)
    many_problems(world.r5_manager, 30, start=30)
    client = api_for("hq_admin")
    client.get(API)
    assert count_queries(client, f"{API}?page_size=5") == count_queries(client, f"{API}?page_size=50")
