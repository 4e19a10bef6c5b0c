"""Reminders: the rules, each branch's settings, and writing a reminder exactly once.

A reminder is found by a beat-driven scan of dates stored in PostgreSQL (the apps' `services/reminders.py`), never by
a Celery ETA. Each one is a Notification row whose deduplication key is (kind, subject, window, recipient) under a
unique constraint: the scan that finds it first writes it, and a second beat, a retried task or a scan running at the
same moment writes nothing (`INSERT … ON CONFLICT DO NOTHING`). The window says which reminder of the series it is
("3 days before", "week 2 overdue"), so a scan that missed a day catches up with the right one and never sends two.

Scans read in chunks (`iterator`) and write in batches, so 500,000 actions never sit in memory at once.

Settings: every rule has a default (RULES); a ReminderSetting on a unit overrides it for the unit's whole subtree,
unless a unit below has its own. `Policies` resolves them once per scan (one query for the settings, one for the
branches, one for the managers).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm import access
from crm.errors import DomainError
from crm.models import Branch, Notification, ReminderRule, ReminderSetting, StaffMembership
from crm.models.users import Role

R = ReminderRule
BATCH = 1000
MAX_DAYS = 366


@dataclass(frozen=True)
class Rule:
    days: tuple[int, ...]
    days_help: str
    copy_managers: bool = False
    working_days: bool = False
    single: bool = False  # one value only (an interval or a threshold), not a series of offsets


RULES: dict[str, Rule] = {
    R.ACTION_DUE: Rule((3, 0), gettext_lazy("Days before the due date (0 = on the day).")),
    R.ACTION_OVERDUE: Rule((7,), gettext_lazy("The day after the due date, then every this many days."), single=True),
    R.ACTION_ESCALATION: Rule(
        (7,), gettext_lazy("Days overdue before the owner's manager is told."), copy_managers=True, single=True
    ),
    R.QUESTION_DEADLINE: Rule(
        (2,), gettext_lazy("Working days before the answer deadline."), working_days=True, single=True
    ),
    R.QUESTION_BREACH: Rule(
        (0,), gettext_lazy("Sent the day after the deadline passes."), copy_managers=True, single=True
    ),
    R.QUESTION_WAITING: Rule(
        (5,), gettext_lazy("Working days without a reply from the enterprise."), working_days=True, single=True
    ),
    R.AGREEMENT_REVIEW: Rule((90, 30, 7), gettext_lazy("Days before the review date."), copy_managers=True),
    R.AGREEMENT_EXPIRY: Rule((90, 30, 7), gettext_lazy("Days before the expiry date."), copy_managers=True),
    R.CONFERENCE_UPCOMING: Rule((7, 1), gettext_lazy("Days before the conference.")),
    R.CONFERENCE_NOT_CLOSED: Rule((3, 7), gettext_lazy("Days after the conference ended, while it has no report.")),
}


@dataclass(frozen=True)
class Policy:
    enabled: bool
    days: tuple[int, ...]
    copy_managers: bool


# ------------------------------------------------------------------------------------------------- the windows


def window_before(days_left: int, offsets: Iterable[int]) -> int | None:
    """The reminder of a "N days before" series that is due `days_left` days ahead: the smallest offset not below
    it (3 days left with offsets 7, 1 → the 7-day one, still unsent if the scan missed that day); None when the date
    is further off than every offset or already past."""
    candidates = [o for o in offsets if o >= days_left]
    return min(candidates) if days_left >= 0 and candidates else None


def window_after(days_after: int, offsets: Iterable[int]) -> int | None:
    """The reminder of an "N days after" series that is due `days_after` days past the date: the largest offset
    reached; None before the first."""
    reached = [o for o in offsets if o <= days_after]
    return max(reached) if reached else None


def window_every(days_after: int, every: int) -> int | None:
    """Repeated reminders: the first the day after the date, then every `every` days (0, 1, 2 … is the window)."""
    return (days_after - 1) // max(every, 1) if days_after >= 1 else None


# ------------------------------------------------------------------------------------------------ the settings


class Policies:
    """Each branch's effective setting for one rule, and each branch's managers (the nearest unit up that has any)."""

    def __init__(self, rule: str):
        self.rule = rule
        default = RULES[rule]
        self.default = Policy(True, default.days, default.copy_managers)
        branches = list(Branch.objects.order_by("path").values_list("pk", "parent_id"))
        own = {
            s.branch_id: Policy(s.enabled, tuple(s.days) or default.days, s.copy_managers)
            for s in ReminderSetting.objects.filter(rule=rule)
        }
        managers: dict[int, list[int]] = defaultdict(list)
        self.language: dict[int, str] = {}
        for user_id, branch_id, language in (
            StaffMembership.objects.filter(role=Role.MANAGER, user__is_active=True)
            .order_by("user_id")
            .values_list("user_id", "branch_id", "user__language")
        ):
            managers[branch_id].append(user_id)
            self.language[user_id] = language
        # Ordered by path, so a parent is resolved before its children.
        self.policy: dict[int, Policy] = {}
        self.managers: dict[int, tuple[int, ...]] = {}
        self.parent: dict[int, int | None] = dict(branches)
        for pk, parent_id in branches:
            self.policy[pk] = own.get(pk) or self.policy.get(parent_id, self.default)
            self.managers[pk] = tuple(managers.get(pk) or self.managers.get(parent_id, ()))

    def for_branch(self, branch_id) -> Policy:
        return self.policy.get(branch_id, self.default)

    def groups(self) -> dict[tuple[int, ...], list[int]]:
        """Enabled branches grouped by their days (a scan runs one query per group; usually one or two)."""
        grouped: dict[tuple[int, ...], list[int]] = defaultdict(list)
        for pk, policy in self.policy.items():
            if policy.enabled:
                grouped[policy.days].append(pk)
        return dict(grouped)

    def managers_of(self, branch_id, *, above_user=None) -> tuple[int, ...]:
        """The unit's managers; for a manager themself, the managers of the unit above."""
        found = self.managers.get(branch_id, ())
        while above_user is not None and above_user in found and branch_id is not None:
            branch_id = self.parent.get(branch_id)
            found = tuple(m for m in self.managers.get(branch_id, ()) if m != above_user) if branch_id else ()
        return found


# ------------------------------------------------------------------------------------------------- the writing


@dataclass
class Writer:
    """Collects reminders and writes them in batches; a key already written is skipped (and the unique key still
    guards a scan running at the same moment: `ON CONFLICT DO NOTHING`)."""

    pending: dict[str, dict] = field(default_factory=dict)
    considered: int = 0
    created: int = 0

    def add(
        self,
        kind: str,
        *,
        subject: str,
        window: str,
        payload: dict,
        user_id: int | None = None,
        language: str = "vi",
        email: str = "",
        name: str = "",
    ) -> None:
        if user_id is None and not email:
            return
        who = f"user:{user_id}" if user_id is not None else f"email:{email.lower()}"
        key = f"{kind}:{subject}:{window}:{who}"[:200]
        self.pending[key] = {
            "kind": kind,
            "recipient_id": user_id,
            "email": "" if user_id is not None else email,
            "name": name,
            "language": language if language in ("vi", "en") else "vi",
            "subject": subject,
            "payload": payload,
        }
        self.considered += 1
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the collected reminders whose key is new (the rows are built only for those)."""
        if not self.pending:
            return
        existing = set(
            Notification.objects.filter(dedupe_key__in=list(self.pending)).values_list("dedupe_key", flat=True)
        )
        new = [Notification(dedupe_key=key, **fields) for key, fields in self.pending.items() if key not in existing]
        if new:
            Notification.objects.bulk_create(new, ignore_conflicts=True, batch_size=BATCH)
        self.created += len(new)
        self.pending = {}

    def result(self) -> dict:
        self.flush()
        return {"considered": self.considered, "created": self.created}


def languages(user_ids: Iterable[int]) -> dict[int, str]:
    from crm.models import User

    ids = set(user_ids)
    return dict(User.objects.filter(pk__in=ids).values_list("pk", "language")) if ids else {}


# ------------------------------------------------------------------------------------------ editing the settings

DEFAULT, OWN, INHERITED = "default", "own", "inherited"


def settings_visible_to(user) -> QuerySet[ReminderSetting]:
    """Reminder settings of the units in the user's subtree (headquarters: all)."""
    return access.scope_by_branch(ReminderSetting.objects.select_related("branch"), user, via="branch")


def effective(branch: Branch) -> list[tuple[str, Policy, ReminderSetting | None, Branch | None]]:
    """For the settings page: every rule as it applies to `branch`, with the setting (own or inherited) behind it."""
    ancestors = Branch.objects.filter(pk__in=_ancestor_ids(branch))
    settings_by_rule: dict[str, ReminderSetting] = {}
    depth = {b.pk: b.depth for b in ancestors}
    for setting in ReminderSetting.objects.filter(branch__in=ancestors).select_related("branch"):
        current = settings_by_rule.get(setting.rule)
        if current is None or depth[setting.branch_id] > depth[current.branch_id]:
            settings_by_rule[setting.rule] = setting
    rows = []
    for rule, default in RULES.items():
        setting = settings_by_rule.get(rule)
        if setting is None:
            rows.append((rule, Policy(True, default.days, default.copy_managers), None, None))
        else:
            policy = Policy(setting.enabled, tuple(setting.days) or default.days, setting.copy_managers)
            rows.append((rule, policy, setting, setting.branch))
    return rows


def effective_rows(branch: Branch) -> list[dict]:
    """Every reminder as it applies to `branch`, with the source of its value (shared by the page and the API)."""
    rows = []
    for rule, policy, setting, source_branch in effective(branch):
        if setting is None:
            source = DEFAULT
        elif source_branch.pk == branch.pk:
            source = OWN
        else:
            source = INHERITED
        rows.append(
            {
                "rule": rule,
                "label": ReminderRule(rule).label,
                "days_help": RULES[rule].days_help,
                "enabled": policy.enabled,
                "days": list(policy.days),
                "copy_managers": policy.copy_managers,
                "source": source,
                "source_branch": source_branch,
                "setting": setting,
            }
        )
    return rows


def _ancestor_ids(branch: Branch) -> list[int]:
    ids, node = [], branch
    while node is not None:
        ids.append(node.pk)
        node = node.parent
    return ids


def clean_days(rule: str, days) -> list[int]:
    """Whole numbers of days, 0–366, at most five (one for an interval or threshold), largest first."""
    if isinstance(days, str):
        days = [part for part in days.replace(";", ",").split(",") if part.strip()]
    try:
        values = sorted({int(str(d).strip()) for d in days or []}, reverse=True)
    except (TypeError, ValueError):
        message = _("Give whole numbers of days separated by commas, for example 7, 1.")
        raise DomainError(message, field="days") from None
    if not values:
        raise DomainError(_("Give at least one number of days."), field="days")
    if any(v < 0 or v > MAX_DAYS for v in values):
        raise DomainError(_("Each number of days must be between 0 and 366."), field="days")
    definition = RULES[rule]
    if definition.single and len(values) > 1:
        raise DomainError(_("This reminder takes a single number of days."), field="days")
    if len(values) > 5:
        raise DomainError(_("At most five reminders in a series."), field="days")
    if rule in (R.ACTION_OVERDUE,) and values[0] < 1:
        raise DomainError(_("Repeat at least every 1 day."), field="days")
    return values


def _check_admin(by) -> None:
    if not access.is_hq_admin(by):
        raise PermissionDenied(_("Only a headquarters administrator can change reminder settings."))


@transaction.atomic
def save_setting(
    *, branch: Branch, rule: str, enabled: bool, days, copy_managers: bool, by, setting: ReminderSetting | None = None
) -> ReminderSetting:
    """Create or change a unit's setting for one reminder (headquarters administrators)."""
    _check_admin(by)
    if rule not in RULES:
        raise DomainError(_("Unknown reminder."), field="rule")
    values = clean_days(rule, days)
    clash = ReminderSetting.objects.filter(branch=branch, rule=rule)
    if setting is not None:
        clash = clash.exclude(pk=setting.pk)
    if clash.exists():
        raise DomainError(_("This unit already has its own setting for this reminder."), field="rule")
    setting = setting or ReminderSetting(created_by=by)
    setting.branch, setting.rule, setting.enabled = branch, rule, bool(enabled)
    setting.days, setting.copy_managers, setting.updated_by = values, bool(copy_managers), by
    setting.save()
    return setting


@transaction.atomic
def delete_setting(*, setting: ReminderSetting, by) -> None:
    """Back to the inherited setting (the unit above, or the default)."""
    _check_admin(by)
    setting.delete()
