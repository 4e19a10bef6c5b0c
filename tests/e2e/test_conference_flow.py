"""In a real browser, issue 4's story: a Region V officer plans a conference, creates it from the annual plan and
invites a segment; an invited enterprise registers an attendee with a question sent in advance; the officer checks the
attendee in at the door (typed without diacritics), closes the conference with two public follow-up actions, publishes
the minutes and completes one action; anyone then sees the unit's "You said, we did" page without personal data."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dialogues.models import ActionStatus, Conference, ConferenceStatus, FollowUpAction, Question, QuestionChannel
from tests import factories
from tests.e2e.test_agreement_flow import read_in_english
from tests.e2e.test_smoke import ENT_A_NAME, log_in

pytestmark = pytest.mark.e2e

THEME = "Đối thoại doanh nghiệp về thủ tục hải quan điện tử"
TITLE = "Hội nghị đối thoại doanh nghiệp Khu vực V"
ATTENDEE = "Nguyễn Văn Đức"
QUESTION_TITLE = "Thời hạn hoàn thuế nhập khẩu"
DONE_ACTION = "Gửi văn bản trả lời vướng mắc hoàn thuế"
OPEN_ACTION = "Tổ chức tập huấn khai báo hải quan"


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()


def datetime_local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def test_an_officer_runs_a_conference_from_the_plan_to_the_public_accountability_page(
    e2e_world, live_server, browser, page, console_errors, screenshots
):
    segment = factories.SegmentFactory(name_vi="Doanh nghiệp chế xuất Khu vực V")
    e2e_world.ent_a.segments.add(segment)
    e2e_world.ent_b.segments.add(segment)
    now = timezone.localtime()
    quarter = (now.month - 1) // 3 + 1

    # 1. Plan the conference for this year, create it from the plan, make it public.
    read_in_english(page, live_server)
    log_in(page, live_server, "r5_officer")
    page.goto(f"{live_server.url}/conferences/plan/")
    expect(page.locator("h1")).to_have_text(f"Annual plan {now.year}")
    page.get_by_role("link", name="+ Plan a conference").first.click()
    page.fill("#id_theme", THEME)
    page.select_option("#id_kind", "annual_dialogue")
    expect(page.locator("#id_year")).to_have_value(str(now.year))
    page.select_option("#id_quarter", str(quarter))
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".msg-success")).to_contain_text("Planned conference")
    plan_row = page.locator("ul.conf-plan-list li", has_text=THEME)
    expect(plan_row.locator(".badge")).to_have_text("Not yet")
    plan_row.get_by_role("link", name="+ Create the conference").click()

    expect(page.locator("#id_title")).to_have_value(THEME)
    page.fill("#id_title", TITLE)
    page.fill("#id_starts_at", datetime_local(now - timedelta(hours=1)))
    page.fill("#id_ends_at", datetime_local(now + timedelta(hours=3)))
    page.fill("#id_venue", "Hội trường Chi cục Hải quan Khu vực V")
    page.check("#id_is_public")
    page.get_by_role("button", name="Create conference").click()
    expect(page).to_have_url(re.compile(r"/conferences/\d+/$"))
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".subheading")).to_contain_text("Public")
    conference = Conference.objects.get(title=TITLE)
    assert conference.plan_item.theme == THEME
    assert conference.is_public is True

    # 2. Invite the segment.
    page.get_by_role("link", name="Invite", exact=True).click()
    page.select_option("#id_segment", str(segment.pk))
    page.get_by_role("button", name="Invite the segment").click()
    expect(page.locator(".msg-success")).to_contain_text("2 enterprises invited.")
    expect(page.get_by_role("link", name="2 invited so far")).to_be_visible()

    # 3. The invited enterprise registers one attendee with a question sent in advance.
    log_out(page)
    log_in(page, live_server, e2e_world.portal_a.username)
    page.goto(f"{live_server.url}/portal/conferences/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("h1")).to_have_text(TITLE)
    page.fill("#id_attendees-0-full_name", ATTENDEE)
    page.fill("#id_attendees-0-position", "Trưởng phòng xuất nhập khẩu")
    page.fill("#id_questions-0-title", QUESTION_TITLE)
    page.fill("#id_questions-0-body", "Hồ sơ hoàn thuế nộp đủ thì bao lâu được giải quyết?")
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page.locator(".msg-success")).to_contain_text("Your registration is confirmed.")
    expect(page.locator("#h-mine + ol.said-list")).to_contain_text(ATTENDEE)

    # 4. At the door: typed without diacritics, one click checks the attendee in.
    log_out(page)
    log_in(page, live_server, "r5_officer")
    page.goto(f"{live_server.url}/conferences/{conference.pk}/check-in/")
    expect(page.locator("#door-count .conf-door-n")).to_have_text("0")
    page.fill("#desk-q", "nguyen van duc")
    row = page.locator("#desk-results li.conf-desk-row")
    expect(row).to_have_count(1)
    expect(row.locator(".conf-desk-name")).to_have_text(ATTENDEE)
    row.get_by_role("button", name="Check in").click()
    expect(page.locator("#door-count .conf-door-n")).to_have_text("1")
    expect(row.locator(".conf-desk-done")).to_contain_text("Checked in at")
    page.screenshot(path=str(screenshots / "conference-check-in.png"), full_page=True)

    # 5. Close with the report and two public follow-up actions, then publish the minutes.
    page.goto(f"{live_server.url}/conferences/{conference.pk}/")
    page.get_by_role("link", name="Close with the report").click()
    expect(page.locator("#id_attendee_count")).to_have_value("1")
    page.fill("#id_minutes", "Doanh nghiệp nêu vướng mắc về hoàn thuế và khai báo; đơn vị ghi nhận và cam kết xử lý.")
    due = (now + timedelta(days=30)).strftime("%Y-%m-%d")
    for index, (title, kind) in enumerate(((DONE_ACTION, "written_answer"), (OPEN_ACTION, "training"))):
        page.fill(f"#id_actions-{index}-title", title)
        page.select_option(f"#id_actions-{index}-type", kind)
        page.fill(f"#id_actions-{index}-due_on", due)
        page.check(f"#id_actions-{index}-is_public")
    page.get_by_role("button", name="File the report").click()
    expect(page.locator(".msg-success")).to_contain_text("its report is filed with 2 follow-up actions")
    page.get_by_role("button", name="Publish the minutes").click()  # read_in_english accepts the confirmation
    expect(page.locator(".msg-success")).to_contain_text("The minutes are published.")
    expect(page.locator("#report")).to_contain_text("Minutes published on")
    expect(page.locator("#actions ul.conf-actions li")).to_have_count(2)
    expect(page.locator("#questions")).to_contain_text(QUESTION_TITLE)
    page.screenshot(path=str(screenshots / "conference-detail-closed.png"), full_page=True)

    # 6. Complete one action with an evidence note.
    page.locator("#actions").get_by_role("link", name=DONE_ACTION).click()
    expect(page.locator("h1")).to_have_text(DONE_ACTION)
    page.locator("#move-complete summary").click()
    page.fill("#id_complete_evidence_note", "Công văn số 1234/HQKV5-NV ngày hôm nay trả lời doanh nghiệp.")
    page.locator("#move-complete").get_by_role("button", name="Complete with evidence").click()
    expect(page.locator(".msg-success")).to_contain_text("Action completed.")
    expect(page.locator(".subheading .badge").first).to_have_text("Done")
    expect(page.locator(".evidence")).to_contain_text("1234/HQKV5-NV")

    # 7. Anyone sees the unit's page: the conference and its actions, no enterprise and no person.
    anonymous_context = browser.new_context(viewport={"width": 1366, "height": 800}, locale="vi-VN")
    anonymous = anonymous_context.new_page()
    anonymous.set_default_timeout(10_000)
    anonymous_errors: list[str] = []
    anonymous.on("console", lambda m: anonymous_errors.append(m.text) if m.type == "error" else None)
    anonymous.on("pageerror", lambda error: anonymous_errors.append(str(error)))
    read_in_english(anonymous, live_server)
    anonymous.goto(f"{live_server.url}/public/units/{e2e_world.region5.code}/")
    expect(anonymous.locator("h1")).to_have_text("You said, we did")
    article = anonymous.locator("article.public-conf")
    expect(article).to_have_count(1)
    expect(article.locator("h2")).to_have_text(TITLE)
    done_row = article.locator("table.did-list tbody tr", has_text=DONE_ACTION)
    open_row = article.locator("table.did-list tbody tr", has_text=OPEN_ACTION)
    expect(done_row.locator(".badge")).to_have_text("Done")
    expect(open_row.locator(".badge")).to_have_text("Open")
    expect(anonymous.locator(".public-summary")).to_contain_text("1/2")
    body = anonymous.locator("body")
    expect(body).not_to_contain_text(ENT_A_NAME)
    expect(body).not_to_contain_text(ATTENDEE)
    expect(body).not_to_contain_text(QUESTION_TITLE)
    anonymous.screenshot(path=str(screenshots / "conference-public-page.png"), full_page=True)
    anonymous_context.close()

    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.MINUTES_PUBLISHED
    question = Question.objects.get(conference=conference)
    assert (question.channel, question.title, question.enterprise) == (
        QuestionChannel.CONFERENCE_ADVANCE,
        QUESTION_TITLE,
        e2e_world.ent_a,
    )
    actions = {a.title: a for a in FollowUpAction.objects.filter(conference=conference)}
    assert {title: a.status for title, a in actions.items()} == {
        DONE_ACTION: ActionStatus.DONE,
        OPEN_ACTION: ActionStatus.OPEN,
    }
    assert all(a.is_public for a in actions.values())
    assert actions[DONE_ACTION].evidence_note == "Công văn số 1234/HQKV5-NV ngày hôm nay trả lời doanh nghiệp."
    assert conference.attendees.get().checked_in_at is not None
    assert console_errors == []
    assert anonymous_errors == []
