"""Benchmarks (`make bench`): list and search endpoints at 100,000 enterprises, 20,000 agreements and 1,000,000
questions, and the public question bank's search at 20,000 published entries, vs raw SQL.

Seeds its own PostgreSQL database (<name>_bench, kept between runs) once, then times each case in-process through
django.test.Client with DEBUG off, interleaving the app request and its raw-SQL baseline (ABAB…) so that both see
the same machine load. Gates are ratios and query counts; absolute milliseconds are logged.
The question bank cases are also gated on absolute p95 targets (selective searches and suggestions under 50 ms, a
broad term under 300 ms) and on EXPLAIN showing the GIN index; the run exits 1 when a gate fails.
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
N_BANK_QUESTIONS = int(os.environ.get("BENCH_BANK_QUESTIONS", "1000000"))  # the first 200k copied up to this
N_BANK_ENTRIES = int(os.environ.get("BENCH_BANK_ENTRIES", "20000"))
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
    QUESTION_BANK_SEARCHES_PER_MINUTE="1000000000",  # the public search's rate limit must not stop the rounds
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


def top_up_questions() -> dict:
    """The bank benchmark's 1,000,000 questions: copies of the questions seeded above, made by set-based SQL (200k
    rows a statement, received up to ten hours earlier than their source, titles varied) with references that
    continue each year's sequence. Only when the table holds fewer than BENCH_BANK_QUESTIONS."""
    from django.conf import settings

    from dialogues.models import Question

    started = time.perf_counter()
    have = Question.objects.count()
    if have < N_BANK_QUESTIONS:
        columns = [f.column for f in Question._meta.concrete_fields if not f.primary_key]
        computed = {
            "reference": "'VM-' || n.year || '-' || lpad(n.number::text, greatest(6, length(n.number::text)), '0')",
            "title": "'Vướng mắc ' || (%(words)s::text[])[1 + n.g %% %(n_words)s] || ' ' || n.g",
            "received_at": "n.received_at",
        }
        insert = TOP_UP_QUESTIONS.format(
            columns=", ".join(f'"{c}"' for c in columns),
            values=", ".join(computed.get(c, f's."{c}"') for c in columns),
        )
        with connection.cursor() as cursor:
            n_source = min(have, N_QUESTIONS)  # the questions seeded above are the ones copied
            cursor.execute("SELECT max(id) FROM (SELECT id FROM dialogues_question ORDER BY id LIMIT %s) s", [n_source])
            source_last = cursor.fetchone()[0]
            while have < N_BANK_QUESTIONS:
                count = min(200_000, N_BANK_QUESTIONS - have)
                cursor.execute(
                    insert,
                    {
                        "first": have + 1,
                        "last": have + count,
                        "source_last": source_last,
                        "n_source": n_source,
                        "tz": settings.TIME_ZONE,
                        "words": WORDS,
                        "n_words": len(WORDS),
                    },
                )
                cursor.execute(SYNC_QUESTION_SEQUENCES)
                have += count
                print(f"questions: {have:,} after {time.perf_counter() - started:.0f}s", file=sys.stderr)
            cursor.execute("VACUUM ANALYZE dialogues_question")
    return {
        "questions": Question.objects.count(),
        "region5_questions": Question.objects.filter(
            branch__path__startswith=Branch.objects.get(code="KV05").path
        ).count(),
        "questions_top_up_seconds": round(time.perf_counter() - started, 1),
    }


TOP_UP_QUESTIONS = """
WITH source AS (
    SELECT id, row_number() OVER (ORDER BY id) AS rn FROM dialogues_question WHERE id <= %(source_last)s
), copies AS (
    SELECT g, q.id AS source_id, q.received_at - make_interval(mins => ((g::bigint * 7919) %% 600)::int) AS received_at
    FROM generate_series(%(first)s, %(last)s) AS g
    JOIN source ON source.rn = 1 + g %% %(n_source)s JOIN dialogues_question q ON q.id = source.id
), numbered AS (
    SELECT copies.*, y.year,
        coalesce(seq.last, 0) + row_number() OVER (PARTITION BY y.year ORDER BY copies.received_at, copies.g) AS number
    FROM copies
    CROSS JOIN LATERAL (SELECT extract(year FROM copies.received_at AT TIME ZONE %(tz)s)::int AS year) y
    LEFT JOIN dialogues_questionsequence seq ON seq.year = y.year
)
INSERT INTO dialogues_question ({columns})
SELECT {values} FROM numbered n JOIN dialogues_question s ON s.id = n.source_id
"""
SYNC_QUESTION_SEQUENCES = r"""
INSERT INTO dialogues_questionsequence (year, last)
SELECT split_part(reference, '-', 2)::int, max(split_part(reference, '-', 3)::int) FROM dialogues_question
WHERE reference ~ '^VM-\d{4}-\d+$' GROUP BY 1
ON CONFLICT (year) DO UPDATE SET last = greatest(dialogues_questionsequence.last, EXCLUDED.last)
"""

# The bank's 20,000 entries: the demo bank's ~300 generalised questions and answers (dialogues.demo_bank), each made
# specific with goods, origins and border gates (Zipf-distributed: a few goods are everywhere, most are rare) and
# padded with common procedural sentences, so that words have realistic frequencies: "hàng hóa" is in about two
# entries in three (in one in two of the hand-written demo texts), the RARE goods in about a dozen each. Four in ten
# also in English, like the demo.
BANK_GOODS = [
    ("linh kiện điện tử", "electronic components"),
    ("máy móc, thiết bị", "machinery and equipment"),
    ("nguyên liệu nhựa", "plastic raw materials"),
    ("vải may mặc", "garment fabrics"),
    ("thép cán nóng", "hot-rolled steel"),
    ("điện thoại di động", "mobile phones"),
    ("bao bì carton", "cardboard packaging"),
    ("hóa chất công nghiệp", "industrial chemicals"),
    ("phụ tùng ô tô", "car parts"),
    ("thực phẩm đóng gói", "packaged food"),
    ("gỗ và sản phẩm gỗ", "wood and wood products"),
    ("trái cây tươi", "fresh fruit"),
    ("mỹ phẩm", "cosmetics"),
    ("thiết bị y tế", "medical devices"),
    ("phân bón", "fertilisers"),
    ("giày dép", "footwear"),
    ("đồ nội thất", "furniture"),
    ("sợi tổng hợp", "synthetic yarn"),
    ("cáp quang", "optical fibre cable"),
    ("pin lithium", "lithium batteries"),
    ("máy biến áp", "transformers"),
    ("camera giám sát", "surveillance cameras"),
    ("thủy sản đông lạnh", "frozen seafood"),
    ("hạt điều", "cashew nuts"),
    ("dược liệu", "medicinal herbs"),
    ("thức ăn chăn nuôi", "animal feed"),
    ("xe nâng hàng", "forklifts"),
    ("khuôn đúc kim loại", "metal casting moulds"),
    ("giấy in", "printing paper"),
    ("kính xây dựng", "construction glass"),
    ("gạch ốp lát", "ceramic tiles"),
    ("đồ chơi trẻ em", "toys"),
    ("rượu vang", "wine"),
    ("thuốc lá nguyên liệu", "raw tobacco"),
    ("cao su thiên nhiên", "natural rubber"),
    ("tấm pin năng lượng mặt trời", "solar panels"),
    ("máy in công nghiệp", "industrial printers"),
    ("robot hàn", "welding robots"),
    ("thiết bị phòng cháy", "fire protection equipment"),
    ("nhạc cụ", "musical instruments"),
]
BANK_RARE = [  # each in about a dozen entries: the selective searches
    ("máy rang cà phê công nghiệp", "industrial coffee roasters"),
    ("đàn tranh thủ công", "handmade zithers"),
    ("kính hiển vi điện tử quét", "scanning electron microscopes"),
    ("tàu ngầm mini du lịch", "tourist mini submarines"),
]
BANK_ORIGINS = [
    ("Hàn Quốc", "Korea"),
    ("Trung Quốc", "China"),
    ("Nhật Bản", "Japan"),
    ("Đài Loan", "Taiwan"),
    ("Thái Lan", "Thailand"),
    ("Đức", "Germany"),
    ("Hoa Kỳ", "the United States"),
    ("Singapore", "Singapore"),
    ("Ấn Độ", "India"),
    ("Malaysia", "Malaysia"),
]
BANK_GATES = [
    ("cảng Hải Phòng", "Hai Phong port"),
    ("cảng Cát Lái", "Cat Lai port"),
    ("sân bay Nội Bài", "Noi Bai airport"),
    ("cửa khẩu Hữu Nghị", "Huu Nghi border gate"),
    ("ICD Tiên Sơn", "Tien Son ICD"),
    ("ga Đồng Đăng", "Dong Dang station"),
    ("cảng Cái Mép", "Cai Mep port"),
]
BANK_SENTENCES = [
    "Doanh nghiệp chịu trách nhiệm trước pháp luật về tính chính xác của nội dung khai báo.",
    "Hàng hóa phải được khai đúng tên hàng, số lượng, trị giá và xuất xứ.",
    "Trường hợp còn vướng mắc, doanh nghiệp liên hệ chi cục hải quan nơi làm thủ tục để được hướng dẫn.",
    "Chứng từ liên quan được lưu giữ tại doanh nghiệp và xuất trình khi cơ quan hải quan yêu cầu.",
    "Thời hạn giải quyết tính theo ngày làm việc, không kể ngày nghỉ lễ.",
    "Thông tin chi tiết được công khai trên Cổng thông tin điện tử hải quan.",
    "Đối với hàng hóa thuộc diện quản lý chuyên ngành, doanh nghiệp thực hiện thêm thủ tục theo quy định riêng.",
    "Người khai hải quan thực hiện khai báo trên Hệ thống xử lý dữ liệu điện tử hải quan.",
    "Quy định này áp dụng thống nhất tại các chi cục hải quan.",
    "Hồ sơ nộp dưới dạng điện tử có giá trị như bản giấy.",
]
BANK_SENTENCES_EN = [
    "The declarant is responsible for the accuracy of the declaration.",
    "Goods must be declared with the right description, quantity, value and origin.",
    "For further questions, contact the customs branch where the goods are cleared.",
    "Keep the supporting documents and produce them when customs asks.",
    "Time limits count working days, excluding public holidays.",
]


def _zipf(items: list, exponent: float = 1.1) -> list[float]:
    return [1 / (rank**exponent) for rank in range(1, len(items) + 1)]


def _bank_entry(rng: random.Random, number: int, text, units, officer, approver):
    from datetime import timedelta

    from django.utils import timezone

    from crm.text import search_key
    from dialogues.models import BankEntry, BankStatus

    rare = number % 1600 < len(BANK_RARE) * 3 and number % 1600 % 3 == 0  # 4 phrases × 20000/1600 ≈ 12 entries each
    goods = BANK_RARE[number % 1600 // 3] if rare else rng.choices(BANK_GOODS, _zipf(BANK_GOODS))[0]
    origin = rng.choices(BANK_ORIGINS, _zipf(BANK_ORIGINS, 0.8))[0]
    gate = rng.choice(BANK_GATES)
    question_vi = f"{text.question_vi.rstrip('?')} đối với {goods[0]}?"
    context_vi = rng.choice(
        [
            f"Trường hợp cụ thể: {goods[0]} nhập khẩu từ {origin[0]} qua {gate[0]}.",
            f"Áp dụng đối với {goods[0]} có xuất xứ {origin[0]}.",
            f"Doanh nghiệp nhập khẩu {goods[0]} làm thủ tục tại {gate[0]}.",
        ]
    )
    extra = rng.sample(BANK_SENTENCES, rng.choice([0, 1, 1, 2, 3]))
    answer_vi = " ".join([text.answer_vi, context_vi, *extra])
    question_en = answer_en = ""
    if text.question_en:
        question_en = f"{text.question_en.rstrip('?')} ({goods[1]})"
        context_en = f"This applies to {goods[1]} from {origin[1]} cleared at {gate[1]}."
        answer_en = " ".join([text.answer_en, context_en, *rng.sample(BANK_SENTENCES_EN, rng.choice([0, 1, 2]))])
    now = timezone.now()
    first = now - timedelta(days=rng.uniform(1, 1000))
    published = max(first, now - timedelta(days=rng.uniform(1, 360)))
    views = int(min(50000, rng.paretovariate(1.2) * 15))
    return BankEntry(
        branch=rng.choice(units),
        category=text.category,
        tags=text.tags,
        status=BankStatus.PUBLISHED,
        question_vi=question_vi,
        answer_vi=answer_vi,
        question_en=question_en,
        answer_en=answer_en,
        public_question_vi=question_vi,
        public_answer_vi=answer_vi,
        public_question_en=question_en,
        public_answer_en=answer_en,
        public_category=text.category,
        public_tags=text.tags,
        search_key=search_key(question_vi, answer_vi, question_en, answer_en),
        live=True,
        submitted_by=officer,
        submitted_at=first - timedelta(days=2),
        approved_by=approver,
        approved_at=first,
        first_published_at=first,
        published_at=published,
        review_due_on=timezone.localdate(published) + timedelta(days=365),
        view_count=views,
        helpful_count=int(views * rng.uniform(0.02, 0.2)),
        unhelpful_count=int(views * rng.uniform(0, 0.03)),
        created_by=officer,
        updated_by=approver,
    )


def seed_bank() -> dict:
    """20,000 live published entries (bulk, 2,000 a batch) with their legal basis; the stored generated search
    columns fill themselves. Only when fewer are there. Also reports how broad the broad term is."""
    from dialogues.demo_bank import texts as bank_texts
    from dialogues.demo_questions import LEGAL_DOCUMENTS
    from dialogues.models import BankCitation, BankEntry, BankPublicCitation, LegalDocument
    from dialogues.services import legal as legal_services

    started = time.perf_counter()
    hq, officer = User.objects.get(username="hq_admin"), User.objects.get(username="r5_officer")
    documents = {d.number: d for d in LegalDocument.objects.all()}
    for number, doc_type, title, issuer, issued_on, effective_from, _amended_by, _status in LEGAL_DOCUMENTS:
        if number not in documents:
            documents[number] = legal_services.create_legal_document(
                by=hq,
                number=number,
                doc_type=doc_type,
                title=title,
                issuer=issuer,
                issued_on=issued_on,
                effective_from=effective_from,
            )
    have = BankEntry.objects.filter(live=True).count()
    if have < N_BANK_ENTRIES:
        rng = random.Random(17 + have)
        texts = bank_texts()
        units = list(Branch.objects.exclude(kind=BranchKind.DEPARTMENT).order_by("id"))
        while have < N_BANK_ENTRIES:
            chosen = [rng.choice(texts) for _ in range(min(2000, N_BANK_ENTRIES - have))]
            batch = [_bank_entry(rng, have + k, text, units, officer, hq) for k, text in enumerate(chosen)]
            BankEntry.objects.bulk_create(batch)
            cited = [
                (entry, documents[number], article)
                for entry, text in zip(batch, chosen, strict=True)
                for number, article in text.cites
            ]
            BankCitation.objects.bulk_create(BankCitation(entry=e, document=d, article=a) for e, d, a in cited)
            BankPublicCitation.objects.bulk_create(
                BankPublicCitation(entry=e, document=d, article=a) for e, d, a in cited
            )
            have += len(batch)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE dialogues_bankentry")
            cursor.execute("VACUUM ANALYZE dialogues_bankcitation")
            cursor.execute("VACUUM ANALYZE dialogues_bankpubliccitation")
    with connection.cursor() as cursor:
        cursor.execute(BANK_TERM_SHARE, [BANK_BROAD, BANK_SELECTIVE])
        live, broad, selective = cursor.fetchone()
    return {
        "bank_entries": live,
        "bank_broad_matches": broad,
        "bank_selective_matches": selective,
        "bank_seed_seconds": round(time.perf_counter() - started, 1),
    }


BANK_SELECTIVE = "may rang ca phe"  # typed without diacritics: "máy rang cà phê", a dozen entries
BANK_BROAD = "hàng hóa"
BANK_PREFIX = "thu tuc huy to"  # the last word still being typed
BANK_SUGGEST = "Doanh nghiệp nhập khẩu máy rang cà phê đã qua sử dụng có phải xin giấy phép không"
BANK_TERM_SHARE = """
SELECT count(*), count(*) FILTER (WHERE search_vector @@ phraseto_tsquery('crm_unaccent', %s)),
    count(*) FILTER (WHERE search_vector @@ plainto_tsquery('crm_unaccent', %s))
FROM dialogues_bankentry WHERE live
"""


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
    """The staff inbox (API list and HTML page) at 1M questions; skipped when the question URLs do not exist."""
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from crm.workdays import Calendar
    from dialogues.models import Question

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
            f"API questions, 50 rows, headquarters ({Question.objects.count() // 1000:,}k visible)",
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


def raw_bank(text: str, *, suggest: bool = False, limit: int = 20):
    """The baseline of a bank search: the very SQL the app's queryset runs (the capped count, not for suggestions,
    and the page of rows, ranked as the app ranks), executed raw: what is left is the app's own overhead."""
    from dialogues import search, selectors

    rows = selectors.public_bank_entries()
    queryset = search.suggest(rows, text) if suggest else search.search(rows, text)
    page_sql = queryset[:limit].query.sql_with_params()
    count_sql = queryset.order_by()[: search.MAX_COUNTED + 1].query.sql_with_params()

    def run():
        with connection.cursor() as cursor:
            if not suggest:
                cursor.execute(f"SELECT count(*) FROM ({count_sql[0]}) AS counted", count_sql[1])
                cursor.fetchone()
            cursor.execute(*page_sql)
            return json.dumps(cursor.fetchall(), default=str)

    return run


def bank_explain() -> dict:
    """EXPLAIN ANALYZE of the app's querysets: the selective search and the suggestion must use the GIN index."""
    from dialogues import search, selectors

    plans = {
        "selective": search.search(selectors.public_bank_entries(), BANK_SELECTIVE)[:20],
        "prefix": search.search(selectors.public_bank_entries(), BANK_PREFIX)[:20],
        "suggest": search.suggest(selectors.public_bank_entries(), BANK_SUGGEST)[:5],
        "broad": search.search(selectors.public_bank_entries(), BANK_BROAD)[:20],
    }
    out = {}
    for name, queryset in plans.items():
        lines = queryset.explain(analyze=True).splitlines()
        out[name] = {
            "uses_gin": any("bank_search_vector_gin" in line for line in lines),
            "lines": [
                line.strip()
                for number, line in enumerate(lines)
                if number == 0 or "bank_search_vector_gin" in line or "Execution Time" in line
            ],
        }
    return out


BANK_TARGET_MS = {"selective": 50, "broad": 300}


def bank_cases() -> list[dict]:
    """The public question bank (anonymous): API search (selective, broad, prefix), suggestions and the HTML page,
    each vs the same tsquery in raw SQL. A case whose URL does not exist yet is skipped."""
    from urllib.parse import urlencode

    from django.urls import NoReverseMatch, reverse

    def url(name: str, **params) -> str | None:
        try:
            return f"{reverse(name)}?{urlencode(params)}"
        except NoReverseMatch:
            return None

    anonymous = Client()
    cases = [
        ("API search, selective, no diacritics", "selective", "api:question-bank-list", BANK_SELECTIVE, False),
        ("API search, broad term", "broad", "api:question-bank-list", BANK_BROAD, False),
        ("API search, last word a prefix", "selective", "api:question-bank-list", BANK_PREFIX, False),
        ("API suggestions for a typed question (5)", "selective", "api:question-bank-suggest", BANK_SUGGEST, True),
        ("HTML public search page, selective", "selective", "public-bank", BANK_SELECTIVE, False),
        ("HTML public search page, broad term", "broad", "public-bank", BANK_BROAD, False),
    ]
    results = []
    for label, kind, name, text, suggest in cases:
        address = url(name, q=text)
        if address is None:
            continue
        result = compare(
            f"{label} ('{text}')", get(anonymous, address), raw_bank(text, suggest=suggest, limit=5 if suggest else 20)
        )
        result["target_p95_ms"] = BANK_TARGET_MS[kind]
        result["pass"] = result["app_p95_ms"] < BANK_TARGET_MS[kind]
        results.append(result)
    return results


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


SECTIONS = ("lists", "questions", "bank", "reminders", "dashboard")


def _sections() -> tuple[str, ...]:
    """BENCH_ONLY=reminders (or a comma-separated list of SECTIONS) runs only those cases, seeding only what they
    read, and writes bench/results/latest-<sections>.*; without it every case runs and writes latest.*."""
    wanted = tuple(s.strip() for s in os.environ.get("BENCH_ONLY", "").split(",") if s.strip())
    if unknown := sorted(set(wanted) - set(SECTIONS)):
        sys.exit(f"BENCH_ONLY: unknown {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    return tuple(s for s in SECTIONS if s in wanted) or SECTIONS


def list_cases(hq: Client, r5: Client, info: dict) -> list[dict]:
    """Enterprises, agreements, pledges and conferences: API and HTML lists vs raw SQL."""
    from partnerships.models import PledgeCampaign

    r5_path = Branch.objects.get(code="KV05").path
    first_id = Enterprise.objects.order_by("id").values_list("id", flat=True).first()
    campaign_id = PledgeCampaign.objects.filter(name="Bench campaign 0").values_list("id", flat=True).first()
    scope = " AND b.path LIKE %s"
    return [
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


def main() -> None:
    import dashboard  # bench/dashboard.py
    import reminders  # bench/reminders.py

    sections = _sections()
    info = seed()
    if "lists" in sections:
        info.update(seed_partnerships())
    info.update(seed_dialogues())
    info.update(seed_questions())
    if {"lists", "questions", "bank", "dashboard"} & set(sections):
        info.update(top_up_questions())
    if "bank" in sections:
        info.update(seed_bank())
    if {"reminders", "dashboard"} & set(sections):
        info.update(reminders.seed())
    hq, r5 = client_for("hq_admin"), client_for("r5_officer")
    results = list_cases(hq, r5, info) if "lists" in sections else []
    if "questions" in sections:
        results += question_cases(hq, r5)
    bank, plans, gates = [], {}, []
    if "bank" in sections:
        bank, plans = bank_cases(), bank_explain()
        gates = [f"{r['case']}: p95 {r['app_p95_ms']} ms ≥ {r['target_p95_ms']} ms" for r in bank if not r["pass"]]
        gates += [
            f"EXPLAIN {name}: no bank_search_vector_gin"
            for name in ("selective", "suggest")
            if not plans[name]["uses_gin"]
        ]
    reminder = reminders.case() if "reminders" in sections else None
    board = dashboard.case(hq) if "dashboard" in sections else None
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "sections": list(sections),
        "dataset": info,
        "rounds": ROUNDS,
        "results": results,
        "bank": bank,
        "bank_plans": plans,
        "reminders": reminder,
        "dashboard": board,
        "failed_gates": gates,
    }
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stem = "latest" if sections == SECTIONS else f"latest-{'-'.join(sections)}"
    (out / f"{stem}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    lines = [f"# Benchmarks {report['date']}", ""]
    if results:
        lines += [
            f"{report['machine']}; {info['enterprises']:,} enterprises, {info.get('agreements', 0):,} agreements "
            f"({info.get('parties', 0):,} parties, {info.get('commitments', 0):,} commitments), "
            f"{info.get('pledges', 0):,} pledges, {info['questions']:,} questions "
            f"({info['region5_questions']:,} in Region V); median of {ROUNDS} interleaved rounds.",
            "",
            "| case | app median ms | app p95 ms | raw SQL median ms | ratio | queries |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {r['case']} | {r['app_median_ms']} | {r['app_p95_ms']} | {r['raw_median_ms']} | {r['ratio']}× | "
            f"{r['queries']} |"
            for r in results
        ]
        lines.append("")
    else:
        lines += [report["machine"] + ".", ""]
    if "bank" in sections:
        lines += [
            "## Question bank search",
            "",
            f"{info['bank_entries']:,} live entries ({info['bank_broad_matches']:,} contain '{BANK_BROAD}', "
            f"{info['bank_selective_matches']:,} '{BANK_SELECTIVE}'), {info['questions']:,} questions; anonymous "
            f"requests; seeded in {info['bank_seed_seconds']} s (questions topped up in "
            f"{info['questions_top_up_seconds']} s). Targets: p95 under 50 ms for selective searches and "
            "suggestions, under 300 ms for a broad term.",
            "",
            "| case | app median ms | app p95 ms | raw SQL median ms | ratio | queries | target p95 ms | gate |",
            "|---|---:|---:|---:|---:|---:|---:|---|",
        ]
        lines += [
            f"| {r['case']} | {r['app_median_ms']} | {r['app_p95_ms']} | {r['raw_median_ms']} | {r['ratio']}× | "
            f"{r['queries']} | {r['target_p95_ms']} | {'pass' if r['pass'] else 'FAIL'} |"
            for r in bank
        ]
        lines += ["", "EXPLAIN ANALYZE of the app's querysets:", ""]
        for name, plan in plans.items():
            lines.append(f"- {name} ({'GIN index' if plan['uses_gin'] else 'no GIN index'}):")
            lines += [f"    - `{line}`" for line in plan["lines"]]
        lines.append("")
    if reminder is not None:
        lines += reminders.markdown(info, reminder)
    if board is not None:
        lines += dashboard.markdown(board)
    if gates:
        lines += ["Failed gates:", "", *[f"- {gate}" for gate in gates], ""]
    (out / f"{stem}.md").write_text("\n".join(lines).rstrip() + "\n")
    print("\n".join(lines))
    if gates:
        sys.exit(1)


if __name__ == "__main__":
    main()
