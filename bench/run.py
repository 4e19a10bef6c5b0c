"""Benchmarks (`make bench`): list and search endpoints at 100,000 enterprises, 20,000 agreements and 200,000
questions, vs raw SQL.

Seeds its own PostgreSQL database (<name>_bench, kept between runs) once, then times each case in-process through
django.test.Client with DEBUG off, interleaving the app request and its raw-SQL baseline (ABAB…) so that both see
the same machine load. Gates are ratios and query counts; absolute milliseconds are logged.
Results: bench/results/latest.json and bench/results/latest.md.
"""

import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

N_ENTERPRISES = int(os.environ.get("BENCH_ENTERPRISES", "100000"))
N_AGREEMENTS = int(os.environ.get("BENCH_AGREEMENTS", "20000"))
N_PLEDGES = int(os.environ.get("BENCH_PLEDGES", "50000"))
N_QUESTIONS = int(os.environ.get("BENCH_QUESTIONS", "200000"))
WARMUP, ROUNDS = 5, int(os.environ.get("BENCH_ROUNDS", "30"))


def _bench_database_url() -> str:
    url = urlparse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/crm"))
    name = url.path.lstrip("/") or "crm"
    return urlunparse(url._replace(path=f"/{name}_bench"))


def _ensure_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    admin = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        name = parsed.path.lstrip("/")
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


os.environ["DATABASE_URL"] = _bench_database_url()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")
os.environ.update(
    DJANGO_DEBUG="0",
    DJANGO_SECURE_SSL_REDIRECT="0",
    DJANGO_SECURE_COOKIES="0",
    DJANGO_STATIC_MANIFEST="0",
    ALLOWED_HOSTS="testserver",
    LOG_LEVEL="WARNING",
)
_ensure_database(os.environ["DATABASE_URL"])

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from crm.models import Branch, BranchKind, DeclarationType, Enterprise, Ownership, Role, User  # noqa: E402
from crm.services import branches as branch_services  # noqa: E402
from crm.services import staff as staff_services  # noqa: E402
from crm.services.enterprises import enterprise_search_text  # noqa: E402
from crm.taxcodes import make_tax_code  # noqa: E402

WORDS = [
    "Điện tử",
    "Quang học",
    "Dệt may",
    "Cơ khí",
    "Thép",
    "Nông sản",
    "Logistics",
    "Bao bì",
    "Nhựa",
    "Gỗ",
    "Thực phẩm",
    "Hóa chất",
    "Linh kiện",
    "Năng lượng",
    "Vận tải",
    "Thương mại",
    "Xuất nhập khẩu",
    "Đồng Nai",
]
PLACES = ["Bắc Ninh", "Yên Phong", "Quế Võ", "Thái Nguyên", "Lạng Sơn", "Hải Phòng", "Hà Nội", "Việt Nam"]
FORMS = ["Công ty TNHH", "Công ty Cổ phần", "CÔNG TY TNHH", "Công ty TNHH MTV"]


def _branch(code, **fields):
    existing = Branch.objects.filter(code=code).first()
    return existing or branch_services.create_branch(by=None, code=code, **fields)


def seed() -> dict:
    call_command("migrate", verbosity=0)
    department = _branch("CHQ", parent=None, kind=BranchKind.DEPARTMENT, name_vi="Cục Hải quan")
    regions = [
        _branch(
            f"KV{n:02d}",
            parent=department,
            kind=BranchKind.REGIONAL,
            roman_numeral=numeral,
            name_vi=f"Chi cục Hải quan khu vực {numeral}",
        )
        for n, numeral in enumerate(["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"], start=1)
    ]
    offices = [
        _branch(f"{region.code}-{k}", parent=region, kind=BranchKind.OFFICE, name_vi=f"Hải quan {region.code} {k}")
        for region in regions
        for k in range(3)
    ]
    for username, branch, role in (("hq_admin", department, Role.HQ_ADMIN), ("r5_officer", regions[4], Role.OFFICER)):
        if not User.objects.filter(username=username).exists():
            staff_services.create_staff_account(by=None, username=username, password=None, branch=branch, role=role)
    codes = list(DeclarationType.objects.order_by("code"))
    have = Enterprise.objects.count()
    started = time.perf_counter()
    if have < N_ENTERPRISES:
        rng = random.Random(42)
        units = regions + offices
        sequence = 10_000_000 + have * 2
        batch, links = [], []
        through = Enterprise.declaration_types.through
        while have < N_ENTERPRISES:
            sequence += 1
            tax_code = make_tax_code(f"{sequence:09d}")
            if tax_code is None:
                continue
            name = f"{rng.choice(FORMS)} {rng.choice(WORDS)} {rng.choice(PLACES)} {sequence % 100000}"
            enterprise = Enterprise(
                tax_code=tax_code,
                name_vi=name,
                managing_branch=rng.choice(units),
                ownership=rng.choice(list(Ownership)),
                compliance_level=rng.choice([None, 1, 2, 3, 4, 5]),
                is_export_processing=rng.random() < 0.1,
            )
            enterprise.search_text = enterprise_search_text(enterprise)
            batch.append(enterprise)
            have += 1
            if len(batch) == 5000 or have == N_ENTERPRISES:
                Enterprise.objects.bulk_create(batch)
                if codes:
                    for created in batch:
                        for code in rng.sample(codes, 2):
                            links.append(through(enterprise_id=created.pk, declarationtype_id=code.pk))
                    through.objects.bulk_create(links, ignore_conflicts=True)
                batch, links = [], []
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return {"enterprises": Enterprise.objects.count(), "seed_seconds": round(time.perf_counter() - started, 1)}


def seed_partnerships() -> dict:
    """20k agreements (1–16 parties, 3–6 commitments each) and 50k pledges in 10 campaigns, bulk-inserted once."""
    from datetime import date, timedelta

    from partnerships.models import (
        Agreement,
        AgreementParty,
        AgreementStatus,
        Commitment,
        CommitmentSide,
        CommitmentStatus,
        Pledge,
        PledgeCampaign,
    )

    started = time.perf_counter()
    rng = random.Random(7)
    units = list(Branch.objects.exclude(kind=BranchKind.DEPARTMENT))
    enterprise_ids = list(Enterprise.objects.order_by("id").values_list("id", flat=True)[:20000])
    have = Agreement.objects.count()
    statuses = list(AgreementStatus)
    while have < N_AGREEMENTS:
        batch = []
        for k in range(min(2000, N_AGREEMENTS - have)):
            signed = date(2022, 1, 1) + timedelta(days=rng.randrange(1400))
            batch.append(
                Agreement(
                    doc_number=f"{have + k}/TTHT-BENCH",
                    title=f"Thỏa thuận hợp tác {rng.choice(WORDS)} {have + k}",
                    branch=rng.choice(units),
                    status=rng.choice(statuses),
                    signed_on=signed,
                    effective_from=signed,
                    expires_on=signed + timedelta(days=365 * 3),
                )
            )
        Agreement.objects.bulk_create(batch)
        parties, commitments = [], []
        for agreement in batch:
            for enterprise_id in rng.sample(enterprise_ids, rng.choice([1, 1, 1, 2, 3, 16])):
                parties.append(AgreementParty(agreement=agreement, enterprise_id=enterprise_id, signatory_name="Kim"))
            for number in range(1, rng.randint(3, 6) + 1):
                commitments.append(
                    Commitment(
                        agreement=agreement,
                        number=number,
                        side=rng.choice(list(CommitmentSide)),
                        text="Cam kết",
                        status=rng.choice(list(CommitmentStatus)),
                    )
                )
        AgreementParty.objects.bulk_create(parties)
        Commitment.objects.bulk_create(commitments)
        have += len(batch)
    r5 = Branch.objects.get(code="KV05")
    campaigns = list(PledgeCampaign.objects.filter(name__startswith="Bench"))
    if not campaigns:
        campaigns = PledgeCampaign.objects.bulk_create(
            PledgeCampaign(
                name=f"Bench campaign {n}",
                branch=r5 if n == 0 else rng.choice(units),
                starts_on=date(2025, 1, 1),
                ends_on=date(2026, 12, 31),
                text_vi="Cam kết không buôn bán hàng giả",
                target_signers=10000,
            )
            for n in range(10)
        )
    have = Pledge.objects.count()
    if have < N_PLEDGES:
        per_campaign = N_PLEDGES // len(campaigns)
        for campaign in campaigns:
            taken = set(Pledge.objects.filter(campaign=campaign).values_list("enterprise_id", flat=True))
            ids = list(Enterprise.objects.order_by("?").values_list("id", flat=True)[: per_campaign * 2])
            ids = [pk for pk in ids if pk not in taken][: max(per_campaign - len(taken), 0)]
            Pledge.objects.bulk_create(
                (
                    Pledge(
                        campaign=campaign,
                        enterprise_id=pk,
                        signed_on=date(2025, 1, 1) + timedelta(days=rng.randrange(600)),
                    )
                    for pk in ids
                ),
                batch_size=5000,
            )
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return {
        "agreements": Agreement.objects.count(),
        "parties": AgreementParty.objects.count(),
        "commitments": Commitment.objects.count(),
        "pledges": Pledge.objects.count(),
        "partnerships_seed_seconds": round(time.perf_counter() - started, 1),
    }


def seed_dialogues() -> dict:
    """One large annual dialogue of Region V: 2,000 invitations, 1,000 registrations, 1,500 attendees (bulk)."""
    import secrets
    from datetime import timedelta

    from django.utils import timezone

    from crm.text import search_key
    from dialogues.models import Attendee, Conference, Invitation, Registration

    r5 = Branch.objects.get(code="KV05")
    conference = Conference.objects.filter(title="Bench annual dialogue").first()
    if conference is None:
        now = timezone.now()
        conference = Conference.objects.create(
            title="Bench annual dialogue",
            branch=r5,
            starts_at=now + timedelta(days=10),
            ends_at=now + timedelta(days=10, hours=4),
        )
        enterprises = list(Enterprise.objects.order_by("id")[:2000])
        Invitation.objects.bulk_create(
            Invitation(conference=conference, enterprise=e, channel="segment", token=secrets.token_urlsafe(32))
            for e in enterprises
        )
        registrations = Registration.objects.bulk_create(
            Registration(conference=conference, enterprise=e) for e in enterprises[:1000]
        )
        rng = random.Random(3)
        Attendee.objects.bulk_create(
            Attendee(
                conference=conference,
                registration=registration,
                full_name=name,
                search_text=search_key(name, registration.enterprise.name_vi, registration.enterprise.tax_code),
            )
            for registration in registrations
            for name in [f"{rng.choice(PERSON_NAMES)} {n}" for n in range(1 + (registration.pk % 2))]
        )
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return {"conference_id": conference.pk, "attendees": conference.attendees.count()}


def seed_questions() -> dict:
    """200k questions over two years in every unit (about a tenth in Region V's subtree), bulk-inserted once: most
    closed, the last month's open in every inbox state, some of Region V's assigned to its officer."""
    from datetime import timedelta

    from django.utils import timezone

    from dialogues.models import (
        QUESTION_OPEN,
        Question,
        QuestionCategory,
        QuestionChannel,
        QuestionPriority,
        QuestionSequence,
        QuestionStatus,
    )

    started = time.perf_counter()
    have = Question.objects.count()
    if have < N_QUESTIONS:
        rng = random.Random(11)
        units = list(Branch.objects.exclude(kind=BranchKind.DEPARTMENT).order_by("id"))
        officer = User.objects.get(username="r5_officer")
        r5 = Branch.objects.get(code="KV05")
        enterprise_ids = list(Enterprise.objects.order_by("id").values_list("id", flat=True)[:20000])
        categories, channels = list(QuestionCategory), list(QuestionChannel)
        open_statuses = list(QUESTION_OPEN)
        last = dict(QuestionSequence.objects.values_list("year", "last"))
        now = timezone.now()
        while have < N_QUESTIONS:
            batch = []
            for _ in range(min(5000, N_QUESTIONS - have)):
                received = now - timedelta(days=730 * rng.random() ** 1.3, minutes=rng.randrange(600))
                recent = now - received < timedelta(days=30)
                status = (
                    rng.choice(open_statuses)
                    if recent and rng.random() < 0.6
                    else (QuestionStatus.CLOSED if rng.random() < 0.9 else QuestionStatus.ANSWERED)
                )
                branch = rng.choice(units)
                year = timezone.localdate(received).year
                last[year] = last.get(year, 0) + 1
                assigned = status not in (QuestionStatus.RECEIVED, QuestionStatus.TRIAGED)
                batch.append(
                    Question(
                        reference=f"VM-{year}-{last[year]:06d}",
                        branch=branch,
                        enterprise_id=rng.choice(enterprise_ids),
                        channel=rng.choice(channels),
                        title=f"Vướng mắc {rng.choice(WORDS)} {have + len(batch)}",
                        body="Doanh nghiệp đề nghị hướng dẫn thủ tục.",
                        category=rng.choice(categories),
                        priority=QuestionPriority.NORMAL,
                        status=status,
                        received_at=received,
                        due_on=timezone.localdate(received) + timedelta(days=14),
                        internal_due_on=timezone.localdate(received) + timedelta(days=9),
                        assigned_unit=branch if assigned else None,
                        assignee=officer if assigned and branch == r5 and rng.random() < 0.5 else None,
                        answered_at=received + timedelta(days=7)
                        if status in (QuestionStatus.ANSWERED, QuestionStatus.CLOSED)
                        else None,
                    )
                )
            Question.objects.bulk_create(batch)
            have += len(batch)
        for year, number in last.items():
            QuestionSequence.objects.update_or_create(year=year, defaults={"last": number})
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return {
        "questions": Question.objects.count(),
        "region5_questions": Question.objects.filter(
            branch__path__startswith=Branch.objects.get(code="KV05").path
        ).count(),
        "questions_seed_seconds": round(time.perf_counter() - started, 1),
    }


PERSON_NAMES = ["Nguyễn Văn Đức", "Trần Thị Hương", "Lê Minh Khánh", "Phạm Thu Trang", "Hoàng Đức Long"]

RAW_CONFERENCES = """
SELECT c.*, b.code, b.name_vi,
  (SELECT count(*) FROM dialogues_invitation i WHERE i.conference_id = c.id),
  (SELECT count(*) FROM dialogues_registration r WHERE r.conference_id = c.id AND r.status = 'registered'),
  (SELECT count(*) FROM dialogues_attendee a WHERE a.conference_id = c.id AND a.checked_in_at IS NOT NULL)
FROM dialogues_conference c JOIN crm_branch b ON b.id = c.branch_id ORDER BY c.starts_at DESC, c.id DESC LIMIT 50
"""
RAW_CHECK_IN = """
SELECT a.*, r.status, e.tax_code, e.name_vi FROM dialogues_attendee a
LEFT JOIN dialogues_registration r ON r.id = a.registration_id LEFT JOIN crm_enterprise e ON e.id = r.enterprise_id
WHERE a.conference_id = %s AND a.search_text LIKE %s ORDER BY a.full_name COLLATE "vi-x-icu", a.id LIMIT 20
"""


RAW_QUESTIONS = """
SELECT q.*, e.tax_code, e.name_vi, c.title, b.code, b.name_vi, u.code, u.name_vi, a.username, a.full_name
FROM dialogues_question q JOIN crm_branch b ON b.id = q.branch_id
LEFT JOIN crm_enterprise e ON e.id = q.enterprise_id LEFT JOIN dialogues_conference c ON c.id = q.conference_id
LEFT JOIN crm_branch u ON u.id = q.assigned_unit_id LEFT JOIN crm_user a ON a.id = q.assignee_id
WHERE {where} ORDER BY q.received_at DESC, q.id DESC LIMIT 50
"""
RAW_QUESTION_COUNT = "SELECT count(*) FROM dialogues_question q JOIN crm_branch b ON b.id = q.branch_id WHERE {where}"
OPEN = (
    "q.status IN ('received', 'triaged', 'assigned', 'drafting', 'pending_approval', 'awaiting_enterprise', "
    "'escalated', 'reopened')"
)
MY_UNIT = "(q.assigned_unit_id = %(unit)s OR (q.assigned_unit_id IS NULL AND q.branch_id = %(unit)s))"
RUNNING = f"{OPEN} AND q.status <> 'awaiting_enterprise'"
RAW_TAB_COUNTS = f"""
SELECT count(*), count(*) FILTER (WHERE {OPEN} AND q.assignee_id = %(user)s),
  count(*) FILTER (WHERE {OPEN} AND {MY_UNIT}),
  count(*) FILTER (WHERE {OPEN} AND q.assignee_id IS NULL),
  count(*) FILTER (WHERE {RUNNING} AND q.due_on >= %(today)s AND q.due_on <= %(soon)s),
  count(*) FILTER (WHERE {RUNNING} AND q.due_on < %(today)s),
  count(*) FILTER (WHERE q.status = 'awaiting_enterprise'),
  count(*) FILTER (WHERE q.status = 'escalated'),
  count(*) FILTER (WHERE q.status = 'pending_approval')
FROM dialogues_question q JOIN crm_branch b ON b.id = q.branch_id WHERE b.path LIKE %(path)s
"""


def raw_questions(where: str, params: dict, tabs: dict | None = None):
    """The question list page as raw SQL: the count, the 50 rows with their joins and, for the HTML inbox, every
    tab's count in one aggregate."""

    def run():
        with connection.cursor() as cursor:
            cursor.execute(RAW_QUESTION_COUNT.format(where=where), params)
            cursor.fetchone()
            cursor.execute(RAW_QUESTIONS.format(where=where), params)
            rows = cursor.fetchall()
            if tabs is not None:
                cursor.execute(RAW_TAB_COUNTS, tabs)
                rows.append(cursor.fetchone())
        return json.dumps(rows, default=str)

    return run


def question_cases(hq: Client, r5: Client) -> list[dict]:
    """The staff inbox (API list and HTML page) at 200k questions; skipped when the question URLs do not exist."""
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from crm.workdays import Calendar

    try:
        api, html = reverse("api:question-list"), reverse("question-list")
    except NoReverseMatch:
        return []
    r5_branch = Branch.objects.get(code="KV05")
    officer = User.objects.get(username="r5_officer")
    today = timezone.localdate()
    scope = {"path": r5_branch.path + "%", "unit": r5_branch.pk, "user": officer.pk, "today": today}
    in_r5 = "b.path LIKE %(path)s"
    unit = f"{in_r5} AND {OPEN} AND {MY_UNIT}"
    overdue = f"{RUNNING} AND q.due_on < %(today)s"
    tabs = {**scope, "soon": Calendar().add(today, 2)}
    return [
        compare(
            "API questions, 50 rows, headquarters (200k visible)",
            get(hq, f"{api}?page_size=50"),
            raw_questions("TRUE", {}),
        ),
        compare(
            "API questions view=unit, 50 rows, Region V officer",
            get(r5, f"{api}?view=unit&page_size=50"),
            raw_questions(unit, scope),
        ),
        compare(
            "API questions view=overdue, 50 rows, headquarters",
            get(hq, f"{api}?view=overdue&page_size=50"),
            raw_questions(overdue, scope),
        ),
        compare(
            "HTML inbox view=mine with tab counts, Region V officer",
            get(r5, f"{html}?view=mine"),
            raw_questions(f"{in_r5} AND {OPEN} AND q.assignee_id = %(user)s", scope, tabs),
        ),
        compare(
            "HTML inbox, all questions with tab counts, Region V officer",
            get(r5, html),
            raw_questions(in_r5, scope, tabs),
        ),
    ]


def raw_sql(sql: str, params=()):
    def run():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM dialogues_conference")
            cursor.execute(sql, params)
            return json.dumps(cursor.fetchall(), default=str)

    return run


RAW_AGREEMENTS = [
    "SELECT count(*) FROM partnerships_agreement a JOIN crm_branch b ON b.id = a.branch_id WHERE b.path LIKE %s",
    """
    SELECT a.*, b.code, b.name_vi,
      (SELECT count(*) FROM partnerships_commitment c WHERE c.agreement_id = a.id),
      (SELECT count(*) FROM partnerships_commitment c WHERE c.agreement_id = a.id AND c.status = 'not_met'),
      (SELECT count(*) FROM partnerships_commitment c WHERE c.agreement_id = a.id AND c.status = 'at_risk')
    FROM partnerships_agreement a JOIN crm_branch b ON b.id = a.branch_id WHERE b.path LIKE %s
    ORDER BY a.created_at DESC, a.id DESC LIMIT 50
    """,
]
RAW_PARTIES = """
SELECT p.*, e.tax_code, e.name_vi, s.name_vi FROM partnerships_agreementparty p
LEFT JOIN crm_enterprise e ON e.id = p.enterprise_id LEFT JOIN crm_association s ON s.id = p.association_id
WHERE p.agreement_id = ANY(%s) ORDER BY p.id
"""


def raw_agreements(path_prefix: str):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(RAW_AGREEMENTS[0], [path_prefix + "%"])
            cursor.fetchone()
            cursor.execute(RAW_AGREEMENTS[1], [path_prefix + "%"])
            rows = cursor.fetchall()
            cursor.execute(RAW_PARTIES, [[row[0] for row in rows]])
            parties = cursor.fetchall()
        return json.dumps([rows, parties], default=str)

    return run


RAW_PLEDGES = [
    "SELECT count(*) FROM partnerships_pledge p WHERE p.campaign_id = %s",
    """
    SELECT p.*, c.name, e.tax_code, e.name_vi FROM partnerships_pledge p
    JOIN partnerships_pledgecampaign c ON c.id = p.campaign_id JOIN crm_enterprise e ON e.id = p.enterprise_id
    WHERE p.campaign_id = %s ORDER BY p.signed_on DESC, e.name_vi COLLATE "vi-x-icu", p.id LIMIT 50
    """,
]


def raw_pledges(campaign_id: int):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(RAW_PLEDGES[0], [campaign_id])
            cursor.fetchone()
            cursor.execute(RAW_PLEDGES[1], [campaign_id])
            return json.dumps(cursor.fetchall(), default=str)

    return run


RAW_LIST = """
SELECT e.id, e.tax_code, e.name_vi, e.name_foreign, e.short_name, e.ownership, e.investor_country,
       e.is_export_processing, e.aeo_status, e.compliance_level, e.managing_branch_id, b.name_vi, e.province_id,
       e.status, e.created_at, e.updated_at
FROM crm_enterprise e JOIN crm_branch b ON b.id = e.managing_branch_id
WHERE e.deactivated_at IS NULL {where}
ORDER BY e.name_vi COLLATE "vi-x-icu", e.id LIMIT 50
"""


def raw_list(where: str = "", params=(), with_count: bool = False):
    def run():
        with connection.cursor() as cursor:
            if with_count:
                cursor.execute(
                    "SELECT count(*) FROM crm_enterprise e JOIN crm_branch b ON b.id = e.managing_branch_id "
                    f"WHERE e.deactivated_at IS NULL {where}",
                    params,
                )
                cursor.fetchone()
            cursor.execute(RAW_LIST.format(where=where), params)
            rows = cursor.fetchall()
        return json.dumps([list(r) for r in rows], default=str)

    return run


RAW_DETAIL = [
    RAW_LIST.format(where=" AND e.id = %s"),
    "SELECT t.code FROM crm_enterprise_declaration_types x JOIN crm_declarationtype t ON t.id = x.declarationtype_id "
    "WHERE x.enterprise_id = %s ORDER BY t.code",
    "SELECT s.id FROM crm_enterprise_segments x JOIN crm_segment s ON s.id = x.segment_id WHERE x.enterprise_id = %s",
    "SELECT a.id FROM crm_enterprise_associations x JOIN crm_association a ON a.id = x.association_id "
    "WHERE x.enterprise_id = %s",
    "SELECT * FROM crm_contact WHERE enterprise_id = %s ORDER BY full_name",
    "SELECT * FROM crm_enterpriseunit WHERE enterprise_id = %s ORDER BY tax_code",
]


def raw_detail(enterprise_id: int):
    """The same rows the detail endpoint reads (enterprise and its five related lists), as raw SQL."""

    def run():
        out = []
        with connection.cursor() as cursor:
            for sql in RAW_DETAIL:
                cursor.execute(sql, [enterprise_id])
                out.append(cursor.fetchall())
        return json.dumps(out, default=str)

    return run


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def compare(name: str, app, baseline) -> dict:
    for _ in range(WARMUP):
        app(), baseline()
    app_ms, base_ms = [], []
    for _ in range(ROUNDS):
        app_ms.append(timed(app))
        base_ms.append(timed(baseline))
    with CaptureQueriesContext(connection) as queries:
        app()
    med_app, med_base = statistics.median(app_ms), statistics.median(base_ms)
    return {
        "case": name,
        "app_median_ms": round(med_app, 2),
        "app_p95_ms": round(sorted(app_ms)[int(len(app_ms) * 0.95) - 1], 2),
        "raw_median_ms": round(med_base, 2),
        "ratio": round(med_app / med_base, 2) if med_base else None,
        "queries": len(queries),
    }


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def get(client: Client, url: str):
    def run():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return run


def main() -> None:
    info = seed()
    info.update(seed_partnerships())
    info.update(seed_dialogues())
    info.update(seed_questions())
    hq, r5 = client_for("hq_admin"), client_for("r5_officer")
    r5_path = Branch.objects.get(code="KV05").path
    first_id = Enterprise.objects.order_by("id").values_list("id", flat=True).first()
    from partnerships.models import PledgeCampaign

    campaign_id = PledgeCampaign.objects.filter(name="Bench campaign 0").values_list("id", flat=True).first()
    scope = " AND b.path LIKE %s"
    results = [
        compare(
            "API list, 50 rows, headquarters (100k visible)",
            get(hq, "/api/v1/enterprises/?page_size=50"),
            raw_list(with_count=True),
        ),
        compare(
            "API list, 50 rows, Region V officer (scoped)",
            get(r5, "/api/v1/enterprises/?page_size=50"),
            raw_list(scope, [r5_path + "%"], with_count=True),
        ),
        compare(
            "HTML list page, 50 rows, headquarters", get(hq, "/enterprises/?page_size=50"), raw_list(with_count=True)
        ),
        compare(
            "API search without diacritics ('dien tu bac ninh'), 50 rows",
            get(hq, "/api/v1/enterprises/?page_size=50&q=dien+tu+bac+ninh"),
            raw_list(" AND e.search_text LIKE %s", ["%dien tu bac ninh%"], with_count=True),
        ),
        compare(
            "API detail",
            get(hq, f"/api/v1/enterprises/{first_id}/"),
            raw_detail(first_id),
        ),
        compare(
            "API agreements, 50 rows with parties and health, headquarters",
            get(hq, "/api/v1/agreements/?page_size=50"),
            raw_agreements(""),
        ),
        compare(
            "API agreements, 50 rows, Region V officer (scoped)",
            get(r5, "/api/v1/agreements/?page_size=50"),
            raw_agreements(r5_path),
        ),
        compare(
            "HTML agreement list, 50 rows, headquarters",
            get(hq, "/partnerships/agreements/?page_size=50"),
            raw_agreements(""),
        ),
        compare(
            "API pledges of one campaign (5k pledges), 50 rows",
            get(hq, f"/api/v1/pledges/?campaign={campaign_id}&page_size=50"),
            raw_pledges(campaign_id),
        ),
        compare(
            "API conferences list (one with 2k invitations, 1k registrations)",
            get(hq, "/api/v1/conferences/?page_size=50"),
            raw_sql(RAW_CONFERENCES),
        ),
        compare(
            "HTML conference page, 2k invitations and 1.5k attendees",
            get(hq, f"/conferences/{info['conference_id']}/"),
            raw_sql(RAW_CONFERENCES),
        ),
        compare(
            "API check-in search without diacritics ('nguyen van duc 1')",
            get(hq, f"/api/v1/conferences/{info['conference_id']}/attendees/?q=nguyen+van+duc+1"),
            raw_sql(RAW_CHECK_IN, [info["conference_id"], "%nguyen van duc 1%"]),
        ),
    ]
    results += question_cases(hq, r5)
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "dataset": info,
        "rounds": ROUNDS,
        "results": results,
    }
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    lines = [
        f"# Benchmarks {report['date']}",
        "",
        f"{report['machine']}; {info['enterprises']:,} enterprises, {info['agreements']:,} agreements "
        f"({info['parties']:,} parties, {info['commitments']:,} commitments), {info['pledges']:,} pledges, "
        f"{info['questions']:,} questions ({info['region5_questions']:,} in Region V); "
        f"median of {ROUNDS} interleaved rounds.",
        "",
        "| case | app median ms | app p95 ms | raw SQL median ms | ratio | queries |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['case']} | {r['app_median_ms']} | {r['app_p95_ms']} | {r['raw_median_ms']} | {r['ratio']}× | "
        f"{r['queries']} |"
        for r in results
    ]
    (out / "latest.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
