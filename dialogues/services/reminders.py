"""The dialogues app's reminder scans: follow-up actions, answer deadlines, questions waiting for the enterprise,
conferences coming up or left without a report, and question-bank entries that need updating.

Each scan reads the due rows in chunks and hands reminders to a `reminders.Writer`, which writes each (kind, subject,
window, recipient) once. The windows and the settings are explained in `crm.services.reminders`.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import islice

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from crm.models import NotificationKind, PortalMembership
from crm.services import reminders
from crm.services.reminders import Policies, Writer, window_after, window_before, window_every
from crm.workdays import Calendar
from dialogues.calendar import to_ics
from dialogues.models import (
    Attendee,
    BankEntry,
    Conference,
    FollowUpAction,
    Question,
    QuestionStatus,
    Registration,
    RegistrationStatus,
)
from dialogues.models.actions import ACTION_OPEN, OwnerSide
from dialogues.models.conferences import OPEN_FOR_REGISTRATION
from dialogues.models.questions import QUESTION_OPEN

K = NotificationKind
R = reminders.R
CHUNK = 2000
# A scan that was down this many days still sends the step it missed; overdue reminders stop after a year (the
# weekly digest keeps listing the action).
CATCH_UP_DAYS = 3
OVERDUE_REMINDER_DAYS = 365


def _chunks(rows: Iterable, size: int = CHUNK) -> Iterator[list]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _portal_users(enterprise_ids) -> dict[int, list[tuple[int, str, str]]]:
    """Each enterprise's active portal users: (user id, language, email)."""
    found: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    ids = {pk for pk in enterprise_ids if pk}
    if ids:
        for enterprise_id, user_id, language, email in (
            PortalMembership.objects.filter(enterprise_id__in=ids, user__is_active=True)
            .order_by("user_id")
            .values_list("enterprise_id", "user_id", "user__language", "user__email")
        ):
            found[enterprise_id].append((user_id, language, email))
    return found


def _scoped(queryset, groups: dict[tuple[int, ...], list[int]], policies: Policies):
    """One queryset per group of branches sharing the same days (no branch filter when every branch agrees)."""
    if len(groups) == 1 and len(next(iter(groups.values()))) == len(policies.policy):
        days = next(iter(groups))
        yield days, queryset
        return
    for days, branch_ids in groups.items():
        yield days, queryset.filter(branch_id__in=branch_ids)


@lru_cache(maxsize=32)
def _url_pattern(name: str) -> str:
    return reverse(name, kwargs={"pk": 987654321})


def _url(name: str, pk: int) -> str:
    """reverse() once per page name (a scan builds thousands of links)."""
    return _url_pattern(name).replace("987654321", str(pk))


# ---------------------------------------------------------------------------------------------- follow-up actions


ACTION_FIELDS = (
    "pk",
    "title",
    "due_on",
    "branch_id",
    "owner_side",
    "owner_id",
    "owner__language",
    "owner__staff_membership__branch_id",
    "owner_enterprise_id",
)


def _action_owners(action: dict, portal: dict, policies: Policies) -> list[tuple[int, str, bool]]:
    """(user id, language, is staff) of whoever must act: the officer, the enterprise's portal users, or — with
    nobody named — the unit's managers."""
    if action["owner_side"] == OwnerSide.BUSINESS and action["owner_enterprise_id"]:
        users = [(uid, lang, False) for uid, lang, _email in portal.get(action["owner_enterprise_id"], [])]
        if users:
            return users
    if action["owner_id"]:
        return [(action["owner_id"], action["owner__language"] or "vi", True)]
    return [(m, policies.language.get(m, "vi"), True) for m in policies.managers.get(action["branch_id"], ())]


def scan_actions(today: date | None = None) -> dict:
    """Due (N days before, on the day), overdue (the day after, then every N days) and escalated (N days overdue:
    the owner's manager)."""
    today = today or timezone.localdate()
    writer = Writer()
    due, overdue, escalation = Policies(R.ACTION_DUE), Policies(R.ACTION_OVERDUE), Policies(R.ACTION_ESCALATION)
    open_actions = FollowUpAction.objects.filter(status__in=ACTION_OPEN).order_by().values(*ACTION_FIELDS)

    for offsets, rows in _scoped(open_actions, due.groups(), due):
        horizon = today + timedelta(days=max(offsets))
        for chunk in _chunks(rows.filter(due_on__gte=today, due_on__lte=horizon).iterator(chunk_size=CHUNK)):
            portal = _portal_users(a["owner_enterprise_id"] for a in chunk)
            for action in chunk:
                days_left = (action["due_on"] - today).days
                window = window_before(days_left, offsets)
                if window is None:
                    continue
                _write_action(writer, K.ACTION_DUE, action, f"{action['due_on']}:{window}d", days_left, portal, due)

    # Overdue and escalation: only the due dates whose next step falls within the last CATCH_UP_DAYS (a scan never
    # rereads every stale action), grouped by each unit's interval and threshold.
    units: dict[tuple, list[int]] = defaultdict(list)
    for branch_id in due.policy:
        units[(overdue.for_branch(branch_id), escalation.for_branch(branch_id))].append(branch_id)
    for (repeat, threshold), branch_ids in units.items():
        dates = _overdue_dates(today, repeat, threshold)
        if not dates:
            continue
        rows = open_actions.filter(due_on__in=dates)
        if len(units) > 1:
            rows = rows.filter(branch_id__in=branch_ids)
        for chunk in _chunks(rows.iterator(chunk_size=CHUNK)):
            portal = _portal_users(a["owner_enterprise_id"] for a in chunk)
            for action in chunk:
                days_over = (today - action["due_on"]).days
                if repeat.enabled:
                    window = window_every(days_over, repeat.days[0])
                    key = f"{action['due_on']}:w{window}"
                    _write_action(writer, K.ACTION_OVERDUE, action, key, -days_over, portal, overdue)
                if threshold.enabled and days_over >= threshold.days[0]:
                    _escalate(writer, action, days_over, escalation)
    return writer.result()


def _overdue_dates(today: date, repeat, threshold) -> list[date]:
    """Due dates of actions with an overdue step to send today: the first day after, each `repeat` days after that
    (for OVERDUE_REMINDER_DAYS), and the escalation day — each with CATCH_UP_DAYS of grace for a scan that was down."""
    ages: set[int] = set()
    if repeat.enabled:
        every = max(repeat.days[0], 1)
        for start in range(1, OVERDUE_REMINDER_DAYS + 1, every):
            ages.update(range(start, start + min(CATCH_UP_DAYS, every)))
    if threshold.enabled:
        ages.update(range(max(threshold.days[0], 1), max(threshold.days[0], 1) + CATCH_UP_DAYS))
    return sorted(today - timedelta(days=age) for age in ages)


def _escalate(writer, action: dict, days_over: int, escalation: Policies) -> None:
    owner_unit = action["owner__staff_membership__branch_id"] or action["branch_id"]
    payload = _action_payload(action, -days_over)
    for manager in escalation.managers_of(owner_unit, above_user=action["owner_id"]):
        writer.add(
            K.ACTION_ESCALATED,
            subject=f"action:{action['pk']}",
            window=str(action["due_on"]),
            payload=payload,
            user_id=manager,
            language=escalation.language.get(manager, "vi"),
        )


def _action_payload(action: dict, days_left: int) -> dict:
    return {
        "action": action["pk"],
        "title": action["title"],
        "due_on": action["due_on"].isoformat(),
        "days_left": max(days_left, 0),
        "days_over": max(-days_left, 0),
        "url": _url("action-detail", action["pk"]),
    }


def _write_action(writer, kind, action, window, days_left, portal, policies: Policies) -> None:
    payload = _action_payload(action, days_left)
    owners = _action_owners(action, portal, policies)
    for user_id, language, is_staff in owners:
        writer.add(
            kind,
            subject=f"action:{action['pk']}",
            window=window,
            payload=payload if is_staff else {**payload, "url": reverse("portal-home")},
            user_id=user_id,
            language=language,
        )
    if policies.for_branch(action["branch_id"]).copy_managers:
        for manager in policies.managers.get(action["branch_id"], ()):
            if all(manager != owner for owner, _lang, _staff in owners):
                writer.add(
                    kind,
                    subject=f"action:{action['pk']}",
                    window=window,
                    payload=payload,
                    user_id=manager,
                    language=policies.language.get(manager, "vi"),
                )


# ------------------------------------------------------------------------------------------------ answer deadlines


QUESTION_FIELDS = (
    "pk",
    "reference",
    "title",
    "due_on",
    "branch_id",
    "assigned_unit_id",
    "assignee_id",
    "assignee__language",
)


def _question_payload(question: dict, **extra) -> dict:
    return {
        "question": question["pk"],
        "reference": question["reference"],
        "title": question["title"],
        "url": _url("question-detail", question["pk"]),
        **extra,
    }


def _to_staff(writer, kind, question: dict, window: str, payload: dict, policies: Policies, *, managers: bool):
    unit = question["assigned_unit_id"] or question["branch_id"]
    sent = set()
    if question["assignee_id"]:
        writer.add(
            kind,
            subject=f"question:{question['pk']}",
            window=window,
            payload=payload,
            user_id=question["assignee_id"],
            language=question["assignee__language"] or "vi",
        )
        sent.add(question["assignee_id"])
    if managers or not question["assignee_id"]:
        for manager in policies.managers.get(unit, ()):
            if manager not in sent:
                writer.add(
                    kind,
                    subject=f"question:{question['pk']}",
                    window=window,
                    payload=payload,
                    user_id=manager,
                    language=policies.language.get(manager, "vi"),
                )


def _working_days_back(calendar: Calendar, today: date, days: int) -> date:
    """The latest day D with at least `days` working days after D up to today (a pause that began on D or before has
    lasted that long)."""
    day, counted = today, 0
    while counted < days:
        if calendar.is_working_day(day):
            counted += 1
        day -= timedelta(days=1)
    return day


def scan_questions(today: date | None = None) -> dict:
    """Deadline approaching (N working days before: the officer), breached (the day after: officer and managers,
    not mutable) and waiting for the enterprise (N working days paused: the enterprise's contacts)."""
    today = today or timezone.localdate()
    writer = Writer()
    calendar = Calendar()
    approaching, breach, waiting = (
        Policies(R.QUESTION_DEADLINE),
        Policies(R.QUESTION_BREACH),
        Policies(R.QUESTION_WAITING),
    )
    running = (
        Question.objects.filter(status__in=QUESTION_OPEN, paused_at__isnull=True, due_on__isnull=False)
        .exclude(status=QuestionStatus.AWAITING_ENTERPRISE)
        .order_by()
        .values(*QUESTION_FIELDS)
    )
    for (days,), rows in _scoped(running, approaching.groups(), approaching):
        horizon = calendar.add(today, days)
        for question in rows.filter(due_on__gte=today, due_on__lte=horizon).iterator(chunk_size=CHUNK):
            payload = _question_payload(question, due_on=question["due_on"].isoformat())
            policy = approaching.for_branch(question["branch_id"])
            _to_staff(
                writer,
                K.QUESTION_DEADLINE_APPROACHING,
                question,
                str(question["due_on"]),
                payload,
                approaching,
                managers=policy.copy_managers,
            )
    for _days, rows in _scoped(running, breach.groups(), breach):
        # Breached within the last CATCH_UP_DAYS: older breaches were told when they happened (and the digest
        # keeps listing them), so a scan never rereads the whole backlog.
        breached = rows.filter(due_on__lt=today, due_on__gte=today - timedelta(days=CATCH_UP_DAYS))
        for question in breached.iterator(chunk_size=CHUNK):
            payload = _question_payload(question, due_on=question["due_on"].isoformat())
            policy = breach.for_branch(question["branch_id"])
            _to_staff(
                writer,
                K.QUESTION_DEADLINE_BREACHED,
                question,
                str(question["due_on"]),
                payload,
                breach,
                managers=policy.copy_managers,
            )
    paused = Question.objects.filter(status=QuestionStatus.AWAITING_ENTERPRISE, paused_at__isnull=False).order_by()
    for (days,), rows in _scoped(paused, waiting.groups(), waiting):
        # Paused long enough, and crossed the threshold within the last CATCH_UP_DAYS working days.
        latest = _working_days_back(calendar, today, days)
        earliest = _working_days_back(calendar, today, days + CATCH_UP_DAYS)
        due = rows.filter(
            paused_at__lt=_local_day_start(latest + timedelta(days=1)),
            paused_at__gte=_local_day_start(earliest + timedelta(days=1)),
        ).select_related("contact")
        for chunk in _chunks(due.iterator(chunk_size=CHUNK)):
            portal = _portal_users(q.enterprise_id for q in chunk)
            for question in chunk:
                _to_enterprise(writer, question, portal, days)
    return writer.result()


def _to_enterprise(writer, question: Question, portal, days: int) -> None:
    window = timezone.localtime(question.paused_at).date().isoformat()
    subject = f"question:{question.pk}"
    payload = {
        "question": question.pk,
        "reference": question.reference,
        "title": question.title,
        "working_days": days,
        "url": _url("portal-question-detail", question.pk),
    }
    emails = set()
    for user_id, language, email in portal.get(question.enterprise_id, []):
        writer.add(
            K.QUESTION_WAITING, subject=subject, window=window, payload=payload, user_id=user_id, language=language
        )
        emails.add((email or "").lower())
    contact = question.contact
    address, name, language = "", "", "vi"
    if contact is not None and contact.email:
        address, name, language = contact.email, contact.full_name, contact.language
    elif contact is None and question.asker_email:
        address, name = question.asker_email, question.asker_name
    if address and address.lower() not in emails:
        writer.add(
            K.QUESTION_WAITING,
            subject=subject,
            window=window,
            payload=payload,
            email=address,
            name=name,
            language=language,
        )


# ---------------------------------------------------------------------------------------------------- conferences


def _local_day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def scan_conferences(today: date | None = None) -> dict:
    """Coming up (N days before: every registered enterprise's people, with the .ics) and left without a report
    (N days after it ended: the organiser)."""
    today = today or timezone.localdate()
    writer = Writer()
    upcoming, unclosed = Policies(R.CONFERENCE_UPCOMING), Policies(R.CONFERENCE_NOT_CLOSED)
    planned = Conference.objects.filter(status__in=OPEN_FOR_REGISTRATION).order_by()
    domain = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "localhost"
    for offsets, rows in _scoped(planned, upcoming.groups(), upcoming):
        window_rows = rows.filter(
            starts_at__gte=_local_day_start(today), starts_at__lt=_local_day_start(today + timedelta(max(offsets) + 1))
        )
        for conference in window_rows.iterator(chunk_size=200):
            days_left = (timezone.localtime(conference.starts_at).date() - today).days
            window = window_before(days_left, offsets)
            if window is not None:
                starts_on = timezone.localtime(conference.starts_at).date()
                _to_attendees(writer, conference, f"{starts_on}:{window}d", days_left, domain)
    for offsets, rows in _scoped(planned, unclosed.groups(), unclosed):
        ended = rows.filter(ends_at__lt=_local_day_start(today - timedelta(days=min(offsets) - 1)))
        for conference in ended.iterator(chunk_size=200):
            days_after = (today - timezone.localtime(conference.ends_at).date()).days
            window = window_after(days_after, offsets)
            if window is None:
                continue
            payload = {
                "conference": conference.pk,
                "title": conference.title,
                "days_after": days_after,
                "url": _url("conference-detail", conference.pk),
            }
            recipients = [conference.created_by_id] if conference.created_by_id else []
            if unclosed.for_branch(conference.branch_id).copy_managers or not recipients:
                recipients += [m for m in unclosed.managers.get(conference.branch_id, ()) if m not in recipients]
            languages = reminders.languages(recipients)
            for user_id in recipients:
                writer.add(
                    K.CONFERENCE_NOT_CLOSED,
                    subject=f"conference:{conference.pk}",
                    window=f"{window}d",
                    payload=payload,
                    user_id=user_id,
                    language=languages.get(user_id, "vi"),
                )
    return writer.result()


def _to_attendees(writer, conference: Conference, window: str, days_left: int, domain: str) -> None:
    registrations = list(
        Registration.objects.filter(conference=conference, status=RegistrationStatus.REGISTERED).values_list(
            "pk", "enterprise_id"
        )
    )
    if not registrations:
        return
    portal = _portal_users(enterprise_id for _pk, enterprise_id in registrations)
    people = defaultdict(list)
    for registration_id, name, email in (
        Attendee.objects.filter(registration_id__in=[pk for pk, _e in registrations])
        .exclude(email="")
        .values_list("registration_id", "full_name", "email")
    ):
        people[registration_id].append((name, email))
    payload = {
        "conference": conference.pk,
        "title": conference.title,
        "starts_at": timezone.localtime(conference.starts_at).isoformat(),
        "venue": conference.venue,
        "days_left": days_left,
        "url": _url("portal-conference-detail", conference.pk),
        "ics": to_ics([conference], domain=domain, name=conference.title),
    }
    subject = f"conference:{conference.pk}"
    for registration_id, enterprise_id in registrations:
        emails = set()
        for user_id, language, email in portal.get(enterprise_id, []):
            writer.add(
                K.CONFERENCE_UPCOMING,
                subject=subject,
                window=window,
                payload=payload,
                user_id=user_id,
                language=language,
            )
            emails.add((email or "").lower())
        for name, email in people.get(registration_id, []):
            if email.lower() not in emails:
                emails.add(email.lower())
                writer.add(
                    K.CONFERENCE_UPCOMING, subject=subject, window=window, payload=payload, email=email, name=name
                )


# ---------------------------------------------------------------------------------------------- the question bank


def notify_entry_outdated(entry: BankEntry) -> None:
    """When an entry flips to "needs update": the people who wrote, submitted and approved it (the publishing
    unit's managers when none of them is still active). Called by dialogues.services.bank, in its transaction."""
    from crm.models import User

    writer = Writer()
    candidates = {entry.created_by_id, entry.submitted_by_id, entry.approved_by_id} - {None}
    editors = dict(
        User.objects.filter(pk__in=candidates, is_active=True, staff_membership__isnull=False).values_list(
            "pk", "language"
        )
    )
    if not editors:
        policies = Policies(R.ACTION_DUE)  # any rule: only the managers are read
        editors = {m: policies.language.get(m, "vi") for m in policies.managers.get(entry.branch_id, ())}
    payload = {
        "bank_entry": entry.pk,
        "title": (entry.question_vi or entry.question_en)[:120],
        "reason": entry.outdated_reason,
        "url": _url("bank-entry-detail", entry.pk),
    }
    window = (entry.outdated_since or timezone.now()).isoformat()
    for user_id, language in sorted(editors.items()):
        writer.add(
            K.BANK_ENTRY_NEEDS_UPDATE,
            subject=f"bank_entry:{entry.pk}",
            window=window,
            payload=payload,
            user_id=user_id,
            language=language,
        )
    writer.flush()


def scan_all(today: date | None = None) -> dict:
    """Every dialogues scan (the beat task)."""
    return {
        "actions": scan_actions(today),
        "questions": scan_questions(today),
        "conferences": scan_conferences(today),
    }
