"""The headquarters dashboard and league table over the whole bench (issue 8): 1,000,000 questions, 500,000
follow-up actions, 100,000 enterprises. Times `crm.dashboard.compose` for the department (every unit) and one
regional branch, the API request, and the league of the regional branches (the same figures grouped per region).
The raw SQL is the very queries the dashboard ran, captured once and re-run through a cursor, so the ratio shows what
the ORM, Python and rendering add to the database's own work.

Imported by bench/run.py after django.setup().
"""

import os
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm.dashboard import compose, league
from crm.models import Branch, Enterprise
from crm.periods import parse

ROUNDS = int(os.environ.get("BENCH_DASHBOARD_ROUNDS", "7"))
PERIOD = os.environ.get("BENCH_DASHBOARD_PERIOD", "2026")


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _stats(samples: list[float]) -> list[float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return [_ms(statistics.median(ordered)), _ms(p95)]


def _raw(sqls: list[str]) -> float:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in sqls:
            cursor.execute(sql)
            cursor.fetchall()
    return time.perf_counter() - started


def case(client: Client) -> dict:
    from dialogues.models import FollowUpAction, Question

    today = timezone.localdate()
    period = parse(PERIOD, today=today)
    units = {"headquarters (all units)": Branch.objects.get(depth=0), "Region V": Branch.objects.get(code="KV05")}
    rows = []
    for label, unit in units.items():
        with CaptureQueriesContext(connection) as captured:
            compose(unit=unit, period=period, today=today)
        sqls = [q["sql"] for q in captured.captured_queries]
        app, raw = [], []
        for _round in range(ROUNDS):
            started = time.perf_counter()
            compose(unit=unit, period=period, today=today)
            app.append(time.perf_counter() - started)
            raw.append(_raw(sqls))
        rows.append({"case": f"compose(), {label}", "app": _stats(app), "raw": _stats(raw), "queries": len(sqls)})
    headquarters = units["headquarters (all units)"]
    with CaptureQueriesContext(connection) as captured:
        table = league(parent=headquarters, period=period, today=today)
    sqls = [q["sql"] for q in captured.captured_queries]
    app, raw = [], []
    for _round in range(ROUNDS):
        started = time.perf_counter()
        league(parent=headquarters, period=period, today=today)
        app.append(time.perf_counter() - started)
        raw.append(_raw(sqls))
    rows.append(
        {
            "case": f"league(), headquarters: {len(table.rows)} rows",
            "app": _stats(app),
            "raw": _stats(raw),
            "queries": len(sqls),
        }
    )
    api = []
    for _round in range(ROUNDS):
        started = time.perf_counter()
        response = client.get(f"/api/v1/dashboard/?period={PERIOD}")
        api.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    rows.append(
        {"case": "API /api/v1/dashboard/, headquarters", "app": _stats(api), "raw": rows[0]["raw"], "queries": None}
    )
    return {
        "period": period.key,
        "rounds": ROUNDS,
        "questions": Question.objects.count(),
        "actions": FollowUpAction.objects.count(),
        "enterprises": Enterprise.objects.count(),
        "rows": rows,
    }


def markdown(r: dict) -> list[str]:
    lines = [
        "## Headquarters dashboard",
        "",
        f"{r['questions']:,} questions, {r['actions']:,} follow-up actions, {r['enterprises']:,} enterprises; period "
        f"{r['period']} compared with a year earlier; median and p95 of {r['rounds']} rounds. Raw SQL = the queries "
        "the dashboard ran, re-run through a cursor.",
        "",
        "| case | app median ms | app p95 ms | raw SQL median ms | ratio | queries |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in r["rows"]:
        ratio = round(row["app"][0] / row["raw"][0], 2) if row["raw"][0] else "–"
        queries = row["queries"] if row["queries"] is not None else "–"
        lines.append(f"| {row['case']} | {row['app'][0]} | {row['app'][1]} | {row['raw'][0]} | {ratio}× | {queries} |")
    return [*lines, ""]
