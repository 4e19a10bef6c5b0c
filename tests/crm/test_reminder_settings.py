"""Reminder settings: a unit's own setting reaches its whole subtree, the service's checks, the settings page
(managers read, headquarters administrators change) and the API with its `effective` action."""

import pytest
from django.contrib.messages import constants as message_levels
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm.errors import DomainError
from crm.models import ReminderRule, ReminderSetting
from crm.services import reminders as services

pytestmark = pytest.mark.django_db

R = ReminderRule
PAGE = "/org/reminders/"
API = "/api/v1/reminder-settings/"


def setting(world, branch, rule=R.CONFERENCE_UPCOMING, *, days=(14, 2), enabled=True, copy_managers=False):
    return services.save_setting(
        branch=branch, rule=rule, enabled=enabled, days=list(days), copy_managers=copy_managers, by=world.hq_admin
    )


def by_rule(rows) -> dict:
    return {row["rule"]: row for row in rows}


def form_data(unit, /, **values) -> dict:
    data = {"branch": unit.pk, "rule": R.CONFERENCE_UPCOMING, "enabled": "on", "days": "14, 2"}
    data.update(values)
    return {name: value for name, value in data.items() if value is not None}


def saved_settings() -> list[tuple]:
    return list(
        ReminderSetting.objects.order_by("branch_id", "rule").values_list(
            "branch_id", "rule", "enabled", "days", "copy_managers"
        )
    )


# --- The service ------------------------------------------------------------------------------------------------


def test_a_regions_setting_applies_to_its_offices_until_an_office_has_its_own(world):
    setting(world, world.region5, days=(14, 2), copy_managers=True)

    office = {rule: (policy, source) for rule, policy, _setting, source in services.effective(world.region5_office)}
    assert office[R.CONFERENCE_UPCOMING][0] == services.Policy(True, (14, 2), True)
    assert office[R.CONFERENCE_UPCOMING][1] == world.region5
    assert office[R.ACTION_DUE] == (services.Policy(True, (3, 0), False), None)
    region6 = {rule: source for rule, _policy, _setting, source in services.effective(world.region6)}
    assert region6[R.CONFERENCE_UPCOMING] is None

    setting(world, world.region5_office, days=(3,), enabled=False)
    office = {rule: (policy, source) for rule, policy, _setting, source in services.effective(world.region5_office)}
    assert office[R.CONFERENCE_UPCOMING] == (services.Policy(False, (3,), False), world.region5_office)
    region = {rule: source for rule, _policy, _setting, source in services.effective(world.region5)}
    assert region[R.CONFERENCE_UPCOMING] == world.region5


def test_the_departments_setting_reaches_every_unit_below_it(world):
    setting(world, world.department, R.AGREEMENT_EXPIRY, days=(60, 10))

    for unit in (world.region5, world.region5_office, world.region6):
        rows = {rule: (policy.days, source) for rule, policy, _s, source in services.effective(unit)}
        assert rows[R.AGREEMENT_EXPIRY] == ((60, 10), world.department)


@pytest.mark.parametrize(
    ("rule", "days", "expected"),
    [
        (R.CONFERENCE_UPCOMING, "7, 1", [7, 1]),
        (R.CONFERENCE_UPCOMING, "1; 7, 7", [7, 1]),
        (R.CONFERENCE_UPCOMING, [0, 366], [366, 0]),
        (R.ACTION_OVERDUE, "3", [3]),
    ],
)
def test_clean_days_reads_a_list_or_text_largest_first(rule, days, expected):
    assert services.clean_days(rule, days) == expected


@pytest.mark.parametrize(
    ("rule", "days"),
    [
        (R.CONFERENCE_UPCOMING, "7, x"),
        (R.CONFERENCE_UPCOMING, ""),
        (R.CONFERENCE_UPCOMING, " , "),
        (R.CONFERENCE_UPCOMING, []),
        (R.CONFERENCE_UPCOMING, "367"),
        (R.CONFERENCE_UPCOMING, "-1"),
        (R.CONFERENCE_UPCOMING, "1.5"),
        (R.CONFERENCE_UPCOMING, "30, 20, 10, 5, 2, 1"),
        (R.ACTION_OVERDUE, "7, 1"),
        (R.ACTION_OVERDUE, "0"),
    ],
)
def test_clean_days_refuses_what_is_not_a_short_series_of_whole_days_on_the_days_field(rule, days):
    with pytest.raises(DomainError) as caught:
        services.clean_days(rule, days)
    assert caught.value.field == "days"


def test_a_second_setting_for_the_same_unit_and_reminder_is_refused_on_rule(world):
    first = setting(world, world.region5, days=(14, 2))
    with pytest.raises(DomainError) as caught:
        setting(world, world.region5, days=(5,))
    assert caught.value.field == "rule"
    assert saved_settings() == [(world.region5.pk, R.CONFERENCE_UPCOMING, True, [14, 2], False)]
    # Saving the same setting again is not a clash with itself.
    services.save_setting(
        setting=first, branch=world.region5, rule=first.rule, enabled=False, days="9", copy_managers=True,
        by=world.hq_admin,
    )  # fmt: skip
    assert saved_settings() == [(world.region5.pk, R.CONFERENCE_UPCOMING, False, [9], True)]


@pytest.mark.parametrize("persona", ["r5_manager", "r5_officer"])
def test_only_a_headquarters_administrator_may_save_or_delete_a_setting(world, persona):
    with pytest.raises(PermissionDenied):
        services.save_setting(
            branch=world.region5, rule=R.ACTION_DUE, enabled=True, days="5", copy_managers=False,
            by=getattr(world, persona),
        )  # fmt: skip
    existing = setting(world, world.region5)
    with pytest.raises(PermissionDenied):
        services.delete_setting(setting=existing, by=getattr(world, persona))
    assert saved_settings() == [(world.region5.pk, R.CONFERENCE_UPCOMING, True, [14, 2], False)]


# --- The page ---------------------------------------------------------------------------------------------------


def test_a_manager_sees_every_reminder_of_their_own_unit_with_where_each_value_comes_from(world, client_for):
    setting(world, world.department, R.AGREEMENT_EXPIRY, days=(60, 10), copy_managers=False)
    setting(world, world.region5, R.CONFERENCE_UPCOMING, days=(14, 2), enabled=False)

    response = client_for("r5_manager").get(PAGE)

    assert response.status_code == 200
    assert response.context["branch"] == world.region5
    rows = by_rule(response.context["rows"])
    assert list(rows) == list(services.RULES)
    assert (rows[R.CONFERENCE_UPCOMING]["source"], rows[R.CONFERENCE_UPCOMING]["days"]) == ("own", [14, 2])
    assert rows[R.CONFERENCE_UPCOMING]["enabled"] is False
    assert rows[R.AGREEMENT_EXPIRY]["source"] == "inherited"
    assert rows[R.AGREEMENT_EXPIRY]["source_branch"] == world.department
    assert (rows[R.AGREEMENT_EXPIRY]["days"], rows[R.AGREEMENT_EXPIRY]["copy_managers"]) == ([60, 10], False)
    assert (rows[R.ACTION_DUE]["source"], rows[R.ACTION_DUE]["days"]) == ("default", [3, 0])
    assert [s.rule for s in response.context["own_settings"]] == [R.CONFERENCE_UPCOMING]
    # Managers read: no form, no edit or delete buttons.
    assert response.context["form"] is None
    html = response.content.decode()
    assert "/org/reminders/new/" not in html
    assert "/edit/" not in html
    assert 'href="/org/reminders/"' in html  # the Organisation tab


def test_a_manager_may_pick_a_unit_below_their_own(world, client_for):
    setting(world, world.region5, days=(14, 2))

    response = client_for("r5_manager").get(PAGE, {"branch": world.region5_office.pk})

    assert response.status_code == 200
    assert response.context["branch"] == world.region5_office
    row = by_rule(response.context["rows"])[R.CONFERENCE_UPCOMING]
    assert (row["source"], row["source_branch"], row["days"]) == ("inherited", world.region5, [14, 2])
    assert response.context["own_settings"] == []
    picker = response.context["unit_form"].fields["branch"].queryset
    assert list(picker) == [world.region5, world.region5_office]


@pytest.mark.parametrize("branch", ["region6", "department", "missing", "text"])
def test_a_regional_manager_gets_404_for_a_unit_outside_their_subtree(world, client_for, branch):
    value = {"missing": "999999", "text": "abc"}.get(branch) or getattr(world, branch).pk
    response = client_for("r5_manager").get(PAGE, {"branch": value})
    assert response.status_code == 404


def test_headquarters_sees_the_new_setting_form_preset_to_the_unit_shown(world, client_for):
    mine = setting(world, world.region6, days=(14, 2))

    response = client_for("hq_admin").get(PAGE, {"branch": world.region6.pk})

    assert response.status_code == 200
    assert response.context["form"].initial == {"branch": world.region6.pk}
    html = response.content.decode()
    assert 'action="/org/reminders/new/"' in html
    assert f"/org/reminders/{mine.pk}/edit/" in html
    assert f"/org/reminders/{mine.pk}/delete/" in html


def test_headquarters_creates_a_setting_and_returns_to_its_units_list(world, client_for):
    response = client_for("hq_admin").post(
        "/org/reminders/new/", form_data(world.region5_office, days="2, 14, 2", copy_managers="on")
    )

    assert response.status_code == 302
    assert response["Location"] == f"/org/reminders/?branch={world.region5_office.pk}"
    assert saved_settings() == [(world.region5_office.pk, R.CONFERENCE_UPCOMING, True, [14, 2], True)]
    created = ReminderSetting.objects.get()
    assert (created.created_by, created.updated_by) == (world.hq_admin, world.hq_admin)
    follow = client_for("hq_admin").get(response["Location"])
    assert by_rule(follow.context["rows"])[R.CONFERENCE_UPCOMING]["source"] == "own"


def test_an_unticked_box_turns_the_reminder_off(world, client_for):
    response = client_for("hq_admin").post("/org/reminders/new/", form_data(world.region5, enabled=None))
    assert response.status_code == 302
    assert saved_settings() == [(world.region5.pk, R.CONFERENCE_UPCOMING, False, [14, 2], False)]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"days": "7, x"}, "days"),
        ({"days": ""}, "days"),
        ({"days": "400"}, "days"),
        ({"rule": R.ACTION_OVERDUE, "days": "7, 1"}, "days"),
        ({"rule": "nonsense"}, "rule"),
        ({"branch": "999999"}, "branch"),
        ({"branch": None}, "branch"),
    ],
)
def test_invalid_input_is_a_400_with_the_error_beside_its_field_and_nothing_saved(world, client_for, values, field):
    response = client_for("hq_admin").post("/org/reminders/new/", form_data(world.region5, **values))

    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert form.data["days"] == form_data(world.region5, **values).get("days", "")  # what was typed stays
    assert f'id="id_{field}_error"' in response.content.decode()
    assert saved_settings() == []


def test_a_duplicate_setting_is_a_400_on_rule_and_changes_nothing(world, client_for):
    setting(world, world.region5, days=(14, 2))

    response = client_for("hq_admin").post("/org/reminders/new/", form_data(world.region5, days="5"))

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["rule"]
    assert response.context["branch"] == world.region5
    assert saved_settings() == [(world.region5.pk, R.CONFERENCE_UPCOMING, True, [14, 2], False)]


def test_headquarters_edits_a_setting(world, client_for):
    mine = setting(world, world.region5, days=(14, 2))
    client = client_for("hq_admin")

    page = client.get(f"/org/reminders/{mine.pk}/edit/")
    assert page.status_code == 200
    assert page.context["editing"] == mine
    assert page.context["form"].initial == {
        "branch": world.region5.pk,
        "rule": R.CONFERENCE_UPCOMING,
        "enabled": True,
        "days": "14, 2",
        "copy_managers": False,
    }
    response = client.post(
        f"/org/reminders/{mine.pk}/edit/", form_data(world.region5, days="10", enabled=None, copy_managers="on")
    )

    assert response.status_code == 302
    assert response["Location"] == f"/org/reminders/?branch={world.region5.pk}"
    assert saved_settings() == [(world.region5.pk, R.CONFERENCE_UPCOMING, False, [10], True)]
    assert any(m.level == message_levels.SUCCESS for m in client.get(response["Location"]).context["messages"])


def test_an_invalid_edit_is_a_400_and_leaves_the_setting_as_it_was(world, client_for):
    mine = setting(world, world.region5, days=(14, 2))
    other = setting(world, world.region5, R.ACTION_DUE, days=(5,))

    bad_days = client_for("hq_admin").post(f"/org/reminders/{mine.pk}/edit/", form_data(world.region5, days="-3"))
    clash = client_for("hq_admin").post(
        f"/org/reminders/{other.pk}/edit/", form_data(world.region5, rule=R.CONFERENCE_UPCOMING, days="4")
    )

    assert (bad_days.status_code, list(bad_days.context["form"].errors)) == (400, ["days"])
    assert bad_days.context["editing"] == mine
    assert (clash.status_code, list(clash.context["form"].errors)) == (400, ["rule"])
    assert saved_settings() == [
        (world.region5.pk, R.ACTION_DUE, True, [5], False),
        (world.region5.pk, R.CONFERENCE_UPCOMING, True, [14, 2], False),
    ]


def test_headquarters_deletes_a_setting_and_the_unit_inherits_again(world, client_for):
    setting(world, world.region5, days=(14, 2))
    mine = setting(world, world.region5_office, days=(1,))

    response = client_for("hq_admin").post(f"/org/reminders/{mine.pk}/delete/")

    assert response.status_code == 302
    assert response["Location"] == f"/org/reminders/?branch={world.region5_office.pk}"
    assert saved_settings() == [(world.region5.pk, R.CONFERENCE_UPCOMING, True, [14, 2], False)]
    page = client_for("hq_admin").get(response["Location"])
    assert by_rule(page.context["rows"])[R.CONFERENCE_UPCOMING]["source"] == "inherited"


@pytest.mark.parametrize("persona", ["r5_manager", "r5_officer", "portal_a"])
def test_no_one_but_headquarters_changes_a_setting_through_the_pages(world, client_for, persona):
    mine = setting(world, world.region5, days=(14, 2))
    client = client_for(persona)

    responses = [
        client.post("/org/reminders/new/", form_data(world.region5, rule=R.ACTION_DUE, days="5")),
        client.post(f"/org/reminders/{mine.pk}/edit/", form_data(world.region5, days="5")),
        client.post(f"/org/reminders/{mine.pk}/delete/"),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    assert saved_settings() == [(world.region5.pk, R.CONFERENCE_UPCOMING, True, [14, 2], False)]


def _page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_settings_page_runs_the_same_queries_for_1_or_5_settings(world, client_for):
    client = client_for("hq_admin")
    url = f"{PAGE}?branch={world.region5_office.pk}"
    setting(world, world.region5_office, R.ACTION_DUE, days=(5,))
    one = _page_queries(client, url)
    for rule in (R.AGREEMENT_REVIEW, R.AGREEMENT_EXPIRY, R.CONFERENCE_NOT_CLOSED):
        setting(world, world.region5_office, rule, days=(9,))
    setting(world, world.region5, R.CONFERENCE_UPCOMING, days=(9,))
    setting(world, world.department, R.QUESTION_WAITING, days=(9,))
    five = _page_queries(client, url)

    assert one == five
    assert ReminderSetting.objects.filter(branch=world.region5_office).count() == 4


# --- The API ----------------------------------------------------------------------------------------------------


def test_staff_list_only_the_settings_of_their_subtree(world, api_for):
    r5 = setting(world, world.region5, days=(14, 2))
    office = setting(world, world.region5_office, R.ACTION_DUE, days=(5,))
    r6 = setting(world, world.region6, days=(3,))

    ids = {persona: [row["id"] for row in api_for(persona).get(API).json()["results"]] for persona in
           ("hq_admin", "r5_officer", "r5_office_officer", "r6_officer")}  # fmt: skip

    assert ids == {
        "hq_admin": [r5.pk, office.pk, r6.pk],
        "r5_officer": [r5.pk, office.pk],
        "r5_office_officer": [office.pk],
        "r6_officer": [r6.pk],
    }
    row = api_for("r5_officer").get(f"{API}{r5.pk}/").json()
    assert row == {
        "id": r5.pk,
        "branch": world.region5.pk,
        "branch_name": world.region5.name_vi,
        "rule": "conference_upcoming",
        "rule_label": row["rule_label"],
        "enabled": True,
        "days": [14, 2],
        "copy_managers": False,
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }
    assert api_for("r6_officer").get(f"{API}{r5.pk}/").status_code == 404
    assert api_for("portal_a").get(API).status_code == 403


def test_the_api_list_filters_by_branch_and_rule(world, api_for):
    r5 = setting(world, world.region5, days=(14, 2))
    r5_due = setting(world, world.region5, R.ACTION_DUE, days=(5,))
    setting(world, world.region5_office, days=(1,))
    client = api_for("r5_manager")

    def ids(**params):
        return [row["id"] for row in client.get(API, params).json()["results"]]

    assert ids(branch=world.region5.pk) == [r5_due.pk, r5.pk]
    assert ids(branch=world.region5.pk, rule="conference_upcoming") == [r5.pk]
    # A unit outside the caller's subtree is refused like one that does not exist.
    assert client.get(API, {"branch": world.region6.pk}).status_code == 400
    assert client.get(API, {"branch": 999999}).status_code == 400


def test_headquarters_creates_updates_and_deletes_through_the_api(world, api_for):
    client = api_for("hq_admin")

    created = client.post(API, {"branch": world.region5.pk, "rule": "action_due", "days": [1, 5]}, format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    assert (created.json()["days"], created.json()["enabled"], created.json()["copy_managers"]) == ([5, 1], True, False)

    patched = client.patch(f"{API}{pk}/", {"copy_managers": True}, format="json")
    assert patched.status_code == 200
    assert saved_settings() == [(world.region5.pk, "action_due", True, [5, 1], True)]

    whole = {"branch": world.region5_office.pk, "rule": "action_due", "enabled": False, "days": [2]}
    put = client.put(f"{API}{pk}/", {**whole, "copy_managers": False}, format="json")
    assert put.status_code == 200
    assert saved_settings() == [(world.region5_office.pk, "action_due", False, [2], False)]

    assert client.delete(f"{API}{pk}/").status_code == 204
    assert saved_settings() == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"days": [7, 1], "rule": "action_overdue"}, "days"),
        ({"days": [400]}, "days"),
        ({"days": []}, "days"),
        ({"days": ["x"]}, "days"),
        ({"rule": "nonsense"}, "rule"),
        ({"rule": "conference_upcoming"}, "rule"),  # a duplicate
        ({"branch": 999999}, "branch"),
    ],
)
def test_the_api_reports_a_bad_setting_as_a_400_on_its_field_and_saves_nothing(world, api_for, body, field):
    setting(world, world.region5, days=(14, 2))
    before = saved_settings()

    response = api_for("hq_admin").post(
        API, {"branch": world.region5.pk, "rule": "action_due", "days": [5], **body}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert saved_settings() == before


@pytest.mark.parametrize("persona", ["r5_manager", "r5_officer", "r6_officer", "portal_a"])
def test_no_one_but_headquarters_writes_through_the_api(world, api_for, persona):
    mine = setting(world, world.region5, days=(14, 2))
    client = api_for(persona)

    responses = [
        client.post(API, {"branch": world.region5.pk, "rule": "action_due", "days": [5]}, format="json"),
        client.patch(f"{API}{mine.pk}/", {"days": [1]}, format="json"),
        client.delete(f"{API}{mine.pk}/"),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    assert saved_settings() == [(world.region5.pk, R.CONFERENCE_UPCOMING, True, [14, 2], False)]


def test_effective_gives_every_reminder_as_it_applies_to_a_unit(world, api_for):
    setting(world, world.region5, days=(14, 2), copy_managers=True)
    setting(world, world.region5_office, R.ACTION_DUE, days=(1,), enabled=False)

    response = api_for("r5_office_officer").get(f"{API}effective/", {"branch": world.region5_office.pk})

    assert response.status_code == 200
    rows = {row["rule"]: row for row in response.json()}
    assert list(rows) == list(services.RULES)
    upcoming = rows["conference_upcoming"]
    assert {key: upcoming[key] for key in ("enabled", "days", "copy_managers", "source", "source_branch")} == {
        "enabled": True,
        "days": [14, 2],
        "copy_managers": True,
        "source": "inherited",
        "source_branch": {"id": world.region5.pk, "code": "KV05", "name": world.region5.name_vi},
    }
    assert (rows["action_due"]["source"], rows["action_due"]["enabled"], rows["action_due"]["days"]) == (
        "own",
        False,
        [1],
    )
    assert {key: rows["agreement_expiry"][key] for key in ("days", "copy_managers", "source", "source_branch")} == {
        "days": [90, 30, 7],
        "copy_managers": True,
        "source": "default",
        "source_branch": None,
    }
    assert set(upcoming) == {
        "rule", "label", "days_help", "enabled", "days", "copy_managers", "source", "source_branch",
    }  # fmt: skip


def test_effective_defaults_to_the_callers_unit_and_hides_units_outside_their_subtree(world, api_for):
    setting(world, world.region5, days=(14, 2))

    own = api_for("r5_officer").get(f"{API}effective/")
    assert own.status_code == 200
    assert {row["rule"]: row["source"] for row in own.json()}["conference_upcoming"] == "own"

    assert api_for("r5_office_officer").get(f"{API}effective/", {"branch": world.region5.pk}).status_code == 404
    assert api_for("r6_officer").get(f"{API}effective/", {"branch": world.region5.pk}).status_code == 404
    assert api_for("r6_officer").get(f"{API}effective/", {"branch": "abc"}).status_code == 400
    assert api_for("portal_a").get(f"{API}effective/").status_code == 403
    assert api_for("anonymous").get(f"{API}effective/").status_code == 401
