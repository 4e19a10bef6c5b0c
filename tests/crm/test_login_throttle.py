"""Sign-in throttling: failures per username and per address, the 429 lock (even with the right password), the window,
clearing on success, and the messages on the sign-in page."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from crm.models import FailedLogin
from crm.services import portal_accounts as services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """Assert the English source strings whatever translations exist."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


LOGIN = "/accounts/login/"
HOME_IP = "203.0.113.7"


def attempt(username, password, *, ip=HOME_IP, client=None):
    client = client or Client(REMOTE_ADDR=ip)
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def signed_in(response) -> bool:
    return "_auth_user_id" in response.wsgi_request.session


def test_four_wrong_passwords_are_refused_with_200_and_counted(world):
    for _ in range(4):
        response = attempt("r5_officer", "wrong-password")
        assert response.status_code == 200
    assert FailedLogin.objects.filter(username="r5_officer", ip=HOME_IP).count() == 4
    assert "One more failed attempt will pause signing in" in response.content.decode()


def test_the_fifth_failure_locks_the_username_and_then_the_right_password_is_refused_with_429(world):
    for _ in range(4):
        attempt("r5_officer", "wrong-password")
    fifth = attempt("r5_officer", "wrong-password")
    assert fifth.status_code == 429
    assert "Signing in is paused." in fifth.content.decode()

    right = attempt("r5_officer", factories.PASSWORD, ip="198.51.100.20")
    assert right.status_code == 429
    assert not signed_in(right)
    assert "Signing in is paused." in right.content.decode()
    # Refused attempts are not failures: the lock is not extended by the owner's retries.
    assert FailedLogin.objects.filter(username="r5_officer").count() == 5


def test_while_locked_the_password_is_not_checked_so_right_and_wrong_look_the_same(world):
    for _ in range(5):
        attempt("r5_officer", "wrong-password")
    wrong, right = attempt("r5_officer", "another-guess"), attempt("r5_officer", factories.PASSWORD)
    assert wrong.status_code == right.status_code == 429
    for response in (wrong, right):
        html = response.content.decode()
        assert "Please enter a correct" not in html
        assert 'value="r5_officer"' in html
    assert FailedLogin.objects.count() == 5


def test_the_lock_page_says_when_to_retry_and_sends_retry_after(world):
    now = timezone.now()
    # Six failures; the lock ends when the fifth most recent (4 minutes old) leaves the 15-minute window.
    for minutes in (1, 2, 3, 3, 4, 9):
        row = FailedLogin.objects.create(username="r5_officer", ip="192.0.2.1")
        FailedLogin.objects.filter(pk=row.pk).update(at=now - timedelta(minutes=minutes))
    response = attempt("r5_officer", factories.PASSWORD)
    assert response.status_code == 429
    until = timezone.localtime(now - timedelta(minutes=4) + timedelta(minutes=15))
    assert f"after {until:%H:%M}" in response.content.decode()
    assert 600 <= int(response["Retry-After"]) <= 660


def test_five_failures_from_one_address_lock_every_username_from_that_address(world):
    for name in ("an", "binh", "cuong", "dung", "em"):
        attempt(name, "guess", ip="203.0.113.99")
    from_there = attempt("r5_officer", factories.PASSWORD, ip="203.0.113.99")
    assert from_there.status_code == 429
    assert not signed_in(from_there)

    elsewhere = attempt("r5_officer", factories.PASSWORD, ip="198.51.100.20")
    assert elsewhere.status_code == 302
    assert signed_in(elsewhere)


def test_failures_older_than_the_window_no_longer_count(world, settings):
    for _ in range(5):
        attempt("r5_officer", "wrong-password")
    assert attempt("r5_officer", factories.PASSWORD).status_code == 429

    FailedLogin.objects.update(at=timezone.now() - timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES, seconds=1))
    response = attempt("r5_officer", factories.PASSWORD)
    assert response.status_code == 302
    assert signed_in(response)


def test_the_limit_and_window_come_from_settings(world, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    attempt("r5_officer", "wrong-password")
    assert attempt("r5_officer", "wrong-password").status_code == 429
    assert attempt("r5_officer", factories.PASSWORD).status_code == 429


def test_a_successful_sign_in_clears_that_usernames_failures_only(world):
    for _ in range(3):
        attempt("r5_officer", "wrong-password")
    attempt("r6_officer", "wrong-password")
    response = attempt("r5_officer", factories.PASSWORD)
    assert response.status_code == 302
    assert list(FailedLogin.objects.values_list("username", flat=True)) == ["r6_officer"]


def test_usernames_are_counted_without_regard_to_case(world):
    for n, name in enumerate(("R5_OFFICER", "r5_Officer", "r5_officer ", "R5_officer", "r5_OFFICER")):
        attempt(name, "wrong-password", ip=f"192.0.2.{n + 1}")
    assert FailedLogin.objects.filter(username="r5_officer").count() == 5
    assert attempt("r5_officer", factories.PASSWORD, ip="198.51.100.20").status_code == 429


def test_blank_fields_are_not_counted_as_failures(world):
    response = attempt("r5_officer", "")
    assert response.status_code == 200
    assert FailedLogin.objects.count() == 0


def test_rows_older_than_a_day_are_deleted_when_a_failure_is_recorded(world):
    old = FailedLogin.objects.create(username="someone", ip="192.0.2.50")
    FailedLogin.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=1, minutes=1))
    recent = FailedLogin.objects.create(username="someone", ip="192.0.2.50")
    attempt("r5_officer", "wrong-password")
    assert set(FailedLogin.objects.values_list("pk", flat=True)) == {
        recent.pk,
        FailedLogin.objects.get(username="r5_officer").pk,
    }


def test_portal_sign_ups_counted_per_address_do_not_lock_sign_in_from_that_address(world):
    for n in range(5):
        services.register_signup(
            tax_code="2352601817",
            enterprise_name="Đông Á",
            full_name=f"Người {n}",
            email=f"nguoi{n}@donga.example",
            password="Sông-Hồng-1884",
            ip=HOME_IP,
        )
    assert attempt("r5_officer", factories.PASSWORD).status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(world, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    client = Client()
    client.post(
        LOGIN,
        {"username": "r5_officer", "password": "wrong"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.44",
    )
    assert list(FailedLogin.objects.values_list("ip", flat=True)) == ["203.0.113.44"]


def test_a_malformed_forwarded_address_falls_back_to_the_peer_address(world, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    response = Client().post(
        LOGIN, {"username": "r5_officer", "password": "wrong"}, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="unknown"
    )
    assert response.status_code == 200
    assert list(FailedLogin.objects.values_list("ip", flat=True)) == ["10.0.0.2"]


def test_without_trusted_proxies_a_forged_forwarded_header_is_ignored(world):
    Client().post(
        LOGIN, {"username": "r5_officer", "password": "wrong"}, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6"
    )
    assert list(FailedLogin.objects.values_list("ip", flat=True)) == ["10.0.0.2"]


def test_the_login_page_links_to_enterprise_registration(world):
    html = Client().get(LOGIN).content.decode()
    assert 'href="/portal/signup/"' in html
