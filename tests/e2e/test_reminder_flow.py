"""In a real browser: a headquarters administrator gives Region V its own "action due" offsets (a bad value is
refused beside the field), the beat's scan writes the reminder, and the officer finds it under the bell and opens
the action from it."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from crm.models import ReminderSetting
from dialogues.models import FollowUpAction
from dialogues.services import reminders
from tests.dialogues.factories import make_action, make_conference, today
from tests.e2e.test_question_flow import as_user

pytestmark = pytest.mark.e2e


def test_a_unit_setting_drives_the_reminder_the_officer_opens_from_the_bell(
    e2e_world, live_server, browser, console_errors, screenshots
):
    world = e2e_world
    conference = make_conference(branch=world.region5, status="held", by=world.r5_manager)
    action = make_action(conference=conference, by=world.r5_manager, owner=world.r5_officer, title="Tập huấn C/O")
    FollowUpAction.objects.filter(pk=action.pk).update(due_on=today() + timedelta(days=9))

    admin_context, admin = as_user(browser, live_server, "hq_admin")
    admin.goto(f"{live_server.url}/org/reminders/?branch={world.region5.pk}")
    expect(admin.locator("h1")).to_contain_text("Reminders")
    admin.select_option("#id_rule", "action_due")
    admin.fill("#id_days", "ten")
    admin.get_by_role("button", name="Save").click()
    expect(admin.locator(".field.has-error")).to_contain_text("whole numbers")
    expect(admin.locator("#id_days")).to_have_value("ten")
    assert not ReminderSetting.objects.exists()
    admin.fill("#id_days", "10, 0")
    admin.get_by_role("button", name="Save").click()
    expect(admin.locator(".msg-success")).to_be_visible()
    row = admin.locator("tr", has_text="Follow-up action due")
    expect(row.first).to_contain_text("10, 0")
    expect(row.first).to_contain_text("This unit")
    admin.screenshot(path=str(screenshots / "reminder-settings.png"), full_page=True)
    admin_context.close()
    assert ReminderSetting.objects.get().days == [10, 0]

    reminders.scan_actions(today())  # what the beat does every five minutes

    officer_context, officer = as_user(browser, live_server, "r5_officer")
    officer.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    officer.goto(f"{live_server.url}/")
    expect(officer.locator('a[href="/notifications/"] .badge-danger')).to_have_text("1")
    officer.goto(f"{live_server.url}/notifications/")
    item = officer.get_by_role("link", name="Follow-up action due")
    expect(item).to_have_count(1)
    officer.screenshot(path=str(screenshots / "reminder-inbox.png"), full_page=True)
    item.click()
    expect(officer).to_have_url(f"{live_server.url}/actions/{action.pk}/")
    expect(officer.locator("h1")).to_contain_text("Tập huấn C/O")
    officer_context.close()
    assert console_errors == []
