"""The reminder scan at 500,000 follow-up actions (issue 7): the seed (set-based SQL) and the timed case.

Imported by bench/run.py after django.setup(). Every due date is placed relative to a fixed bench day (TODAY) and the
scan is called with `today=TODAY`, so the figures do not drift with the calendar.
"""

import math
import os
import statistics
import time
import tracemalloc
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm.models import Branch, BranchKind, Enterprise, NotificationKind, PortalMembership, Role, StaffMembership, User
from dialogues.models import Conference, FollowUpAction, Question
from dialogues.models.actions import ACTION_OPEN, ActionType
from dialogues.services.reminders import ACTION_FIELDS, scan_actions

N_ACTIONS = int(os.environ.get("BENCH_ACTIONS", "500000"))
N_DUE = 10_000  # open, due 0–3 days after TODAY: the "due" window of the default rule (3 days before, on the day)
N_OVERDUE = 3_000  # open, 1–90 days past due: overdue reminders, and escalations from 7 days
N_LATER = 37_000  # open, due after the window
# The rest are settled (70 % done, 20 % cancelled, 10 % referred), due dates spread over three years before TODAY
# and one after, so a few hundred settled ones also fall inside the window and must be skipped by the status filter.
TODAY = date(2026, 6, 1)
DUE_DAYS = 3
ROUNDS = int(os.environ.get("BENCH_REMINDER_ROUNDS", "5"))
KINDS = [NotificationKind.ACTION_DUE, NotificationKind.ACTION_OVERDUE, NotificationKind.ACTION_ESCALATED]
OFFICERS_PER_UNIT, N_PORTAL_USERS, N_BUSINESS_ENTERPRISES = 3, 2_000, 5_000
STEP = 7919  # a prime: g × STEP mod N spreads each bucket over the whole table instead of one block of pages

SEED_ACTIONS = """
WITH s AS (
    SELECT g, (g::bigint * %(step)s) %% %(total)s AS k FROM generate_series(%(first)s, %(last)s - 1) AS g
), r AS (
    SELECT s.*, 1 + (g * 31) %% %(n_officers)s AS o,
        CASE WHEN k < %(due)s THEN %(today)s::date + (k %% 4)::int
             WHEN k < %(due)s + %(overdue)s THEN %(today)s::date - 1 - (k %% 90)::int
             WHEN k < %(due)s + %(overdue)s + %(later)s THEN %(today)s::date + 4 + (k %% 360)::int
             ELSE %(today)s::date - 1095 + (k %% 1460)::int END AS due_on,
        CASE WHEN k < %(due)s + %(overdue)s + %(later)s THEN (CASE WHEN g %% 5 = 0 THEN 'in_progress' ELSE 'open' END)
             WHEN g %% 10 < 7 THEN 'done' WHEN g %% 10 < 9 THEN 'cancelled' ELSE 'referred' END AS status
    FROM s
)
INSERT INTO dialogues_followupaction (
    conference_id, agreement_review_id, question_id, type, title, description, branch_id, owner_side, owner_id,
    owner_enterprise_id, due_on, status, progress, is_public, referred_to, status_reason, evidence_note,
    evidence_file, completed_on, created_at, updated_at, created_by_id, updated_by_id
)
SELECT
    CASE WHEN g %% 50 = 0 THEN (%(conferences)s::bigint[])[1 + g %% %(n_conferences)s] END,
    NULL,
    CASE WHEN g %% 50 <> 0 THEN (%(questions)s::bigint[])[1 + g %% %(n_questions)s] END,
    (%(types)s::text[])[1 + g %% %(n_types)s],
    'Hành động sau đối thoại số ' || g,
    '',
    (%(officer_branches)s::bigint[])[o],
    CASE WHEN g %% 10 = 3 THEN 'business' ELSE 'customs' END,
    CASE WHEN g %% 10 <> 7 THEN (%(officers)s::bigint[])[o] END,  -- one in ten names nobody: the unit's managers
    CASE WHEN g %% 10 = 3 THEN (%(enterprises)s::bigint[])[1 + g %% %(n_enterprises)s] END,
    due_on,
    status,
    CASE status WHEN 'done' THEN 100 WHEN 'in_progress' THEN 10 * (1 + g %% 9) ELSE 0 END,
    g %% 4 = 0,
    CASE WHEN status = 'referred' THEN 'Bộ Tài chính' ELSE '' END,
    CASE WHEN status IN ('cancelled', 'referred') THEN 'Không còn phù hợp' ELSE '' END,
    CASE WHEN status = 'done' THEN 'Đã hoàn thành, có văn bản trả lời' ELSE '' END,
    '',
    CASE WHEN status = 'done' THEN due_on - (g %% 5)::int END,
    ((due_on - 30) + time '09:00') AT TIME ZONE %(tz)s,
    ((due_on - 30) + time '09:00') AT TIME ZONE %(tz)s,
    (%(officers)s::bigint[])[o],
    (%(officers)s::bigint[])[o]
FROM r
"""

COUNTS = """
SELECT count(*),
    count(*) FILTER (WHERE status IN ('open', 'in_progress') AND due_on BETWEEN %(today)s AND %(horizon)s),
    count(*) FILTER (WHERE status IN ('open', 'in_progress') AND due_on < %(today)s),
    count(*) FILTER (WHERE status IN ('open', 'in_progress') AND due_on > %(horizon)s),
    count(*) FILTER (WHERE status NOT IN ('open', 'in_progress')),
    count(*) FILTER (WHERE status NOT IN ('open', 'in_progress') AND due_on BETWEEN %(today)s AND %(horizon)s)
FROM dialogues_followupaction
"""


def _users(prefixed: dict[str, dict]) -> dict[str, User]:
    """Create the users not there yet (bulk, unusable passwords); return every one by username."""
    have = {u.username: u for u in User.objects.filter(username__in=prefixed)}
    new = [
        User(username=name, password=make_password(None), email=f"{name}@bench.invalid", **fields)
        for name, fields in prefixed.items()
        if name not in have
    ]
    User.objects.bulk_create(new, batch_size=1000)
    return {u.username: u for u in User.objects.filter(username__in=prefixed)}


def seed_people() -> dict:
    """A manager at headquarters and in every region (offices inherit their region's), three officers in every
    region and office (one in ten reading English), and one portal user for each of 2,000 enterprises."""
    units = list(Branch.objects.exclude(kind=BranchKind.DEPARTMENT).order_by("code"))
    managed = list(Branch.objects.exclude(kind=BranchKind.OFFICE).order_by("code"))
    staff = {f"bench_mgr_{b.code}": (b, Role.MANAGER) for b in managed}
    staff |= {f"bench_off_{b.code}_{n}": (b, Role.OFFICER) for b in units for n in range(OFFICERS_PER_UNIT)}
    users = _users({name: {"language": "en" if i % 10 == 9 else "vi"} for i, name in enumerate(staff)})
    StaffMembership.objects.bulk_create(
        [StaffMembership(user=users[name], branch=branch, role=role) for name, (branch, role) in staff.items()],
        ignore_conflicts=True,
    )
    enterprise_ids = list(Enterprise.objects.order_by("id").values_list("id", flat=True)[:N_PORTAL_USERS])
    portal = _users({f"bench_portal_{n}": {} for n in range(len(enterprise_ids))})
    PortalMembership.objects.bulk_create(
        [PortalMembership(user=portal[f"bench_portal_{n}"], enterprise_id=pk) for n, pk in enumerate(enterprise_ids)],
        ignore_conflicts=True,
    )
    with connection.cursor() as cursor:  # the scan's joins are planned on these tables' row counts
        cursor.execute("ANALYZE crm_user, crm_staffmembership, crm_portalmembership")
    return {
        "reminder_managers": StaffMembership.objects.filter(role=Role.MANAGER).count(),
        "reminder_officers": StaffMembership.objects.filter(role=Role.OFFICER).count(),
        "reminder_portal_users": PortalMembership.objects.count(),
    }


def seed() -> dict:
    """Top up dialogues_followupaction to BENCH_ACTIONS rows with one INSERT … SELECT generate_series (idempotent:
    only the missing rows g = have … N-1 are added, and which bucket a row falls in depends on g alone)."""
    started = time.perf_counter()
    info = seed_people()
    have = FollowUpAction.objects.count()
    if have < N_ACTIONS:
        officers = list(
            StaffMembership.objects.filter(role=Role.OFFICER, user__username__startswith="bench_off_")
            .order_by("user__username")
            .values_list("user_id", "branch_id")
        )
        params = {
            "first": have,
            "last": N_ACTIONS,
            "total": N_ACTIONS,
            "step": STEP if math.gcd(STEP, N_ACTIONS) == 1 else 1,
            "due": N_DUE,
            "overdue": N_OVERDUE,
            "later": N_LATER,
            "today": TODAY,
            "tz": settings.TIME_ZONE,
            "officers": [user_id for user_id, _branch in officers],
            "officer_branches": [branch_id for _user, branch_id in officers],
            "n_officers": len(officers),
            "questions": list(Question.objects.order_by("id").values_list("id", flat=True)[:20000]),
            "conferences": list(Conference.objects.order_by("id").values_list("id", flat=True)),
            "enterprises": list(
                Enterprise.objects.order_by("id").values_list("id", flat=True)[:N_BUSINESS_ENTERPRISES]
            ),
            "types": list(ActionType.values),
            "n_types": len(ActionType.values),
        }
        params |= {
            "n_questions": len(params["questions"]),
            "n_conferences": len(params["conferences"]),
            "n_enterprises": len(params["enterprises"]),
        }
        with connection.cursor() as cursor:
            cursor.execute(SEED_ACTIONS, params)
            cursor.execute("VACUUM ANALYZE dialogues_followupaction")
    with connection.cursor() as cursor:
        cursor.execute(COUNTS, {"today": TODAY, "horizon": TODAY + timedelta(days=DUE_DAYS)})
        total, due, overdue, later, settled, settled_in_window = cursor.fetchone()
    return info | {
        "actions": total,
        "actions_due": due,
        "actions_overdue": overdue,
        "actions_open_later": later,
        "actions_settled": settled,
        "actions_settled_in_window": settled_in_window,
        "actions_seed_seconds": round(time.perf_counter() - started, 1),
    }


# ------------------------------------------------------------------------------------------------------ the case


def _clear() -> None:
    """Forget the action reminders, so the next scan is a first scan that writes them all."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM crm_notification WHERE kind = ANY(%s)", [KINDS])
        cursor.execute("VACUUM ANALYZE crm_notification")


def _written() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT kind, count(*) FROM crm_notification WHERE kind = ANY(%s) GROUP BY kind", [KINDS])
        return dict(cursor.fetchall())


def _querysets():
    """The scan's two reads as the app builds them (dialogues.services.reminders.scan_actions)."""
    open_actions = FollowUpAction.objects.filter(status__in=ACTION_OPEN).order_by().values(*ACTION_FIELDS)
    due = open_actions.filter(due_on__gte=TODAY, due_on__lte=TODAY + timedelta(days=DUE_DAYS))
    return {"due": due, "overdue": open_actions.filter(due_on__lt=TODAY)}


def _raw(querysets) -> dict:
    """The same SQL, run raw and fetched whole: the floor under the scan's reads."""
    statements = [qs.query.sql_with_params() for qs in querysets]

    def run() -> int:
        rows = 0
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                rows += len(cursor.fetchall())
        return rows

    return run


def _ms(fn):
    start = time.perf_counter()
    value = fn()
    return (time.perf_counter() - start) * 1000, value


def _p95(values: list[float]) -> float:
    """Nearest rank: with 5 rounds, the slowest."""
    return sorted(values)[math.ceil(len(values) * 0.95) - 1]


def _stats(values: list[float]) -> tuple[float, float]:
    return round(statistics.median(values), 1), round(_p95(values), 1)


def _peak_mb(fn) -> tuple[float, object]:
    tracemalloc.start()
    try:
        value = fn()
        return round(tracemalloc.get_traced_memory()[1] / 2**20, 1), value
    finally:
        tracemalloc.stop()


def explain() -> dict:
    out = {}
    for name, queryset in _querysets().items():
        lines = queryset.explain(analyze=True, buffers=True).splitlines()
        out[name] = {
            "uses_index": any("action_status_due_idx" in line for line in lines),
            "lines": [line.rstrip() for line in lines],
        }
    return out


def case() -> dict:
    """Rounds of: delete the action reminders, time a first scan (writes them), time a re-scan (writes nothing), time
    the raw reads (due + overdue) and the due query alone. Then, untimed, a first scan's query count and its peak
    Python memory, against the memory of loading every action's row at once."""
    load = round(os.getloadavg()[0], 1)
    querysets = _querysets()
    raw_both, raw_due = _raw(querysets.values()), _raw([querysets["due"]])
    first, again, both, due_only = [], [], [], []
    _clear()
    scan_actions(TODAY)  # warm-up
    for _ in range(ROUNDS):
        _clear()
        ms, result = _ms(lambda: scan_actions(TODAY))
        first.append(ms)
        written = _written()
        ms, rescan = _ms(lambda: scan_actions(TODAY))
        again.append(ms)
        ms, rows = _ms(raw_both)
        both.append(ms)
        ms, due_rows = _ms(raw_due)
        due_only.append(ms)
    assert rescan["created"] == 0, rescan
    _clear()
    with CaptureQueriesContext(connection) as queries:
        scan_actions(TODAY)
    first_queries = len(queries)
    with CaptureQueriesContext(connection) as queries:
        scan_actions(TODAY)
    rescan_queries = len(queries)
    _clear()
    scan_peak, _result = _peak_mb(lambda: scan_actions(TODAY))
    rescan_peak, _result = _peak_mb(lambda: scan_actions(TODAY))
    all_rows = FollowUpAction.objects.order_by().values(*ACTION_FIELDS)
    everything_peak, loaded = _peak_mb(lambda: len(list(all_rows)))
    _clear()  # leave no pending reminders in the bench database for a worker to pick up
    return {
        "today": TODAY.isoformat(),
        "rounds": ROUNDS,
        "load_average": load,
        "first_scan_ms": _stats(first),
        "rescan_ms": _stats(again),
        "raw_reads_ms": _stats(both),
        "raw_due_ms": _stats(due_only),
        "rows_read": rows,
        "due_rows": due_rows,
        "considered": result["considered"],
        "created": result["created"],
        "written_by_kind": {str(kind): written.get(kind, 0) for kind in KINDS},
        "queries_first_scan": first_queries,
        "queries_rescan": rescan_queries,
        "peak_mb_first_scan": scan_peak,
        "peak_mb_rescan": rescan_peak,
        "peak_mb_all_rows": everything_peak,
        "all_rows": loaded,
        "plans": explain(),
    }


def markdown(info: dict, r: dict) -> list[str]:
    first, rescan, raw_both, raw_due = r["first_scan_ms"], r["rescan_ms"], r["raw_reads_ms"], r["raw_due_ms"]
    kinds = ", ".join(f"{kind} {count:,}" for kind, count in r["written_by_kind"].items())
    lines = [
        "## Reminder scan (follow-up actions)",
        "",
        f"{info['actions']:,} actions: {info['actions_due']:,} open and due within 0–{DUE_DAYS} days of "
        f"{r['today']}, {info['actions_overdue']:,} open and overdue (1–90 days), {info['actions_open_later']:,} "
        f"open and due later, {info['actions_settled']:,} done/cancelled/referred "
        f"({info['actions_settled_in_window']:,} of them due inside the window); {info['reminder_officers']:,} "
        f"officers, {info['reminder_managers']:,} managers, {info['reminder_portal_users']:,} portal users; seeded "
        f"in {info['actions_seed_seconds']} s. `scan_actions(today={r['today']})` end to end; before each first "
        f"scan the action reminders are deleted; median and p95 (nearest rank) of {r['rounds']} interleaved rounds "
        f"(load average {r['load_average']} when the case started).",
        "",
        "| case | app median ms | app p95 ms | raw SQL median ms | ratio | queries |",
        "|---|---:|---:|---:|---:|---:|",
        f"| First scan: writes {r['created']:,} reminders ({r['rows_read']:,} rows read) | {first[0]} | {first[1]} | "
        f"{raw_both[0]} | {round(first[0] / raw_both[0], 1)}× | {r['queries_first_scan']} |",
        f"| Re-scan: nothing new to write | {rescan[0]} | {rescan[1]} | {raw_both[0]} | "
        f"{round(rescan[0] / raw_both[0], 1)}× | {r['queries_rescan']} |",
        f"| The due query alone ({r['due_rows']:,} rows), raw SQL | {raw_due[0]} | {raw_due[1]} | {raw_due[0]} | "
        "1.0× | 1 |",
        "",
        f"Written by a first scan: {kinds} ({r['considered']:,} considered). Raw SQL = the scan's two reads (due and "
        "overdue, as the app builds them) fetched whole.",
        f"Peak Python memory (tracemalloc): first scan {r['peak_mb_first_scan']} MB, re-scan "
        f"{r['peak_mb_rescan']} MB; loading all {r['all_rows']:,} actions' rows at once (the same columns) "
        f"{r['peak_mb_all_rows']} MB.",
        "",
        "EXPLAIN (ANALYZE, BUFFERS) of the scan's reads:",
        "",
    ]
    for name, plan in r["plans"].items():
        lines.append(f"- {name} ({'action_status_due_idx' if plan['uses_index'] else 'no action_status_due_idx'}):")
        lines += ["", "```", *plan["lines"], "```", ""]
    return lines
