"""Benchmarks (`make bench`): list and search endpoints at 100,000 enterprises, timed against raw SQL.

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
    hq, r5 = client_for("hq_admin"), client_for("r5_officer")
    r5_path = Branch.objects.get(code="KV05").path
    first_id = Enterprise.objects.order_by("id").values_list("id", flat=True).first()
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
    ]
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
        f"{report['machine']}; {info['enterprises']:,} enterprises; median of {ROUNDS} interleaved rounds.",
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
