"""Demo dialogues of Region V (manage.py seed_demo): this year's plan, the annual dialogue with 300 invited
businesses and its registrations, and a closed thematic conference with actions in every state.

Deterministic and idempotent: conferences are found by title, plan items by (unit, year, theme); what exists is
skipped. Dates are counted from `now`. Every write goes through dialogues.services as the demo officer.
"""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from crm.models import Association, Branch, Enterprise, Segment, User
from dialogues.demo_bank import seed_bank
from dialogues.demo_questions import seed_questions
from dialogues.models import ActionType, Addressee, Conference, ConferenceFormat, ConferenceKind, PlanItem
from dialogues.services import actions as action_services
from dialogues.services import conferences as services

REGION = "KV05"
FIRST_NAMES = ["Nguyễn Văn", "Trần Thị", "Lê Minh", "Phạm Thu", "Hoàng Đức", "Vũ Thị", "Đặng Quốc", "Bùi Thanh"]
LAST_NAMES = ["An", "Bình", "Cường", "Dung", "Giang", "Hải", "Hương", "Khánh", "Lan", "Long", "Mai", "Nam", "Phúc"]
POSITIONS = ["Giám đốc", "Phó Giám đốc", "Trưởng phòng Xuất nhập khẩu", "Kế toán trưởng", "Nhân viên khai hải quan"]
ADVANCE_QUESTIONS = [
    (
        "Thủ tục hủy tờ khai xuất khẩu",
        "Doanh nghiệp đã đăng ký tờ khai nhưng hàng không xuất được, thủ tục hủy thế nào?",
    ),
    ("Định mức nguyên liệu gia công", "Khi thay đổi định mức sau khi đã thông báo thì cần làm gì?"),
    ("Kiểm tra chuyên ngành linh kiện điện tử", "Linh kiện nhập khẩu để sản xuất có phải kiểm tra chất lượng không?"),
    ("Báo cáo quyết toán năm", "Thời hạn nộp báo cáo quyết toán nguyên liệu, vật tư năm 2026 là khi nào?"),
    ("Xác định trước mã số", "Hồ sơ đề nghị xác định trước mã số hàng hóa gồm những gì?"),
]


def _at(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _person(rng: random.Random) -> dict:
    return {"full_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", "position": rng.choice(POSITIONS)}


def seed_dialogues(*, now: datetime | None = None) -> None:
    """Add the Region V dialogues demo; no-op for what exists (and without the Region V branch or its officer)."""
    now = now or timezone.now()
    region = Branch.objects.filter(code=REGION).first()
    officer = User.objects.filter(username="r5_officer").first()
    if region is None or officer is None:
        return
    seed_questions(now=now)  # first, so that this year's references follow the order of receipt
    seed_bank(now=now)  # the question bank, written from the answered questions
    rng = random.Random(4)
    enterprises = list(
        Enterprise.objects.filter(managing_branch__path__startswith=region.path, deactivated_at__isnull=True).order_by(
            "tax_code"
        )
    )
    year = timezone.localdate(now).year
    plan = _plan(region, officer, year)
    _annual_dialogue(region, officer, enterprises, rng, now, plan.get(4))
    _closed_conference(region, officer, enterprises, rng, now, plan.get(2))


def _plan(region, officer, year) -> dict[int, PlanItem]:
    themes = [
        (1, ConferenceKind.POLICY_BRIEFING, "Phổ biến quy định mới về thủ tục hải quan năm {year}"),
        (2, ConferenceKind.THEMATIC, "Đối thoại chuyên đề loại hình gia công, sản xuất xuất khẩu"),
        (3, ConferenceKind.ASSOCIATION_MEETING, "Gặp gỡ Hiệp hội doanh nghiệp Hàn Quốc (KoCham)"),
        (4, ConferenceKind.ANNUAL_DIALOGUE, "Hội nghị đối thoại Hải quan – Doanh nghiệp năm {year}"),
    ]
    items = {}
    for quarter, kind, theme in themes:
        theme = theme.format(year=year)
        item = PlanItem.objects.filter(branch=region, year=year, theme=theme).first()
        items[quarter] = item or services.save_plan_item(
            by=officer, branch=region, year=year, quarter=quarter, kind=kind, theme=theme
        )
    return items


def _annual_dialogue(region, officer, enterprises, rng, now, plan_item) -> None:
    title = f"Hội nghị đối thoại Hải quan – Doanh nghiệp năm {timezone.localdate(now).year}"
    if Conference.objects.filter(branch=region, title=title).exists():
        return
    day = timezone.localdate(now) + timedelta(days=18)
    conference = services.create_conference(
        by=officer,
        branch=region,
        title=title,
        kind=ConferenceKind.ANNUAL_DIALOGUE,
        starts_at=_at(day, 8),
        ends_at=_at(day, 12),
        format=ConferenceFormat.HYBRID,
        venue="Hội trường Trung tâm Hội nghị tỉnh Bắc Ninh",
        online_link="https://hop.example.gov.vn/doi-thoai",
        agenda="Khai mạc\nBáo cáo kết quả công tác hải quan năm\nPhổ biến quy định mới\nĐối thoại, giải đáp vướng mắc\n"
        "Ký kết thỏa thuận hợp tác\nBế mạc",
        chairs="Lãnh đạo Chi cục Hải quan khu vực V",
        co_organisers="UBND tỉnh Bắc Ninh; VCCI chi nhánh Bắc Ninh",
        capacity=160,
        plan_item=plan_item,
        is_public=True,
    )
    invited = enterprises[:300]
    services.invite(conference=conference, by=officer, enterprises=invited, channel="segment")
    for index, enterprise in enumerate(invited[:130]):
        people = [_person(rng) for _ in range(1 + (index % 3 == 0))]
        questions = [dict(zip(("title", "body"), ADVANCE_QUESTIONS[index % 5], strict=True))] if index % 9 == 0 else []
        services.register(
            conference=conference, by=officer, enterprise=enterprise, attendees=people, questions=questions
        )


def _closed_conference(region, officer, enterprises, rng, now, plan_item) -> None:
    title = "Đối thoại chuyên đề loại hình gia công, sản xuất xuất khẩu"
    if Conference.objects.filter(branch=region, title=title).exists():
        return
    day = timezone.localdate(now) - timedelta(days=75)
    segment = Segment.objects.filter(code="processing").first()
    conference = services.create_conference(
        by=officer,
        branch=region,
        title=title,
        kind=ConferenceKind.THEMATIC,
        starts_at=_at(day, 8),
        ends_at=_at(day, 11),
        venue="Hội trường Chi cục Hải quan khu vực V",
        chairs="Phó Chi cục trưởng phụ trách nghiệp vụ",
        target_segments=[segment] if segment else [],
        plan_item=plan_item,
        is_public=True,
    )
    invited = enterprises[300:360] or enterprises[:60]
    services.invite(conference=conference, by=officer, enterprises=invited, channel="segment")
    for index, enterprise in enumerate(invited[:40]):
        registration = services.register(
            conference=conference, by=officer, enterprise=enterprise, attendees=[_person(rng)]
        )
        if index < 34:
            services.check_in(attendee=registration.attendees.get(), by=officer)
    association = Association.objects.filter(short_name="VCCI").first()
    due = timezone.localdate(now)
    services.close_conference(
        conference=conference,
        by=officer,
        minutes="Hội nghị đã trao đổi về định mức, báo cáo quyết toán và kiểm tra chuyên ngành. Các vướng mắc "
        "chưa trả lời tại chỗ được tổng hợp để trả lời bằng văn bản.",
        answered_on_spot=9,
        needing_written_answer=4,
        survey_link="https://khaosat.example.gov.vn/doi-thoai-gia-cong",
        attending_associations=[association] if association else [],
        recommendations=[
            {
                "text": "Đề nghị hướng dẫn thống nhất việc điều chỉnh định mức sau khi đã thông báo.",
                "addressed_to": Addressee.CUSTOMS_DEPARTMENT,
                "is_public": True,
            },
            {
                "text": "Kiến nghị sửa đổi quy định kiểm tra chuyên ngành đối với linh kiện nhập khẩu để sản xuất.",
                "addressed_to": Addressee.OTHER_MINISTRY,
                "is_public": True,
            },
        ],
        actions=[
            {
                "type": ActionType.WRITTEN_ANSWER,
                "title": "Trả lời bằng văn bản 4 vướng mắc chưa giải đáp tại hội nghị",
                "due_on": due - timedelta(days=30),
                "is_public": True,
                "owner": officer,
            },
            {
                "type": ActionType.INTERNAL_GUIDANCE,
                "title": "Hướng dẫn nội bộ về kiểm tra định mức",
                "due_on": due + timedelta(days=10),
                "is_public": True,
            },
            {
                "type": ActionType.ESCALATE,
                "title": "Báo cáo Cục Hải quan kiến nghị về định mức",
                "due_on": due - timedelta(days=40),
                "is_public": True,
            },
            {
                "type": ActionType.TRAINING,
                "title": "Tập huấn báo cáo quyết toán cho doanh nghiệp gia công",
                "due_on": due - timedelta(days=5),
                "is_public": True,
                "owner": officer,
            },
            {
                "type": ActionType.IT_FIX,
                "title": "Khắc phục lỗi gửi báo cáo quyết toán trên hệ thống",
                "due_on": due + timedelta(days=20),
            },
        ],
    )
    services.publish_minutes(conference=conference, by=officer)
    answer, guidance, escalate, training, it_fix = conference.actions.order_by("id")
    action_services.complete_action(
        action=answer, by=officer, evidence_note="Công văn số 1234/HQKVV-NV trả lời 4 vướng mắc"
    )
    action_services.log_progress(action=guidance, by=officer, progress=60, note="Đã có dự thảo hướng dẫn")
    action_services.refer_action(
        action=escalate, by=officer, referred_to="Cục Hải quan", reason="Vượt thẩm quyền Chi cục"
    )
    action_services.cancel_action(action=it_fix, by=officer, reason="Lỗi đã được Cục khắc phục trên toàn hệ thống")
    # `training` stays open and overdue: the board shows it in red.
    del training
