"""Questions and answers: intake, the working-day deadline clock, the answer workflow, escalation, merging and
satisfaction ratings. Every status change goes through a function here; an illegal move raises DomainError (400).

The clock. A question received on day D is due `allowed_working_days` Vietnamese working days after D (the policy for
its category and priority, plus a single extension); the internal target uses the stricter internal figure. While the
question waits for the enterprise the clock is paused: on the reply, the working days spent waiting are added to
`paused_working_days` and both dates move out by that much. Questions from voluntary-compliance members must be
forwarded (assigned) within 24 hours.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from crm import access
from crm.errors import DomainError
from crm.files import SCAN, check_document
from crm.models import Branch, Notification, NotificationKind, StaffMembership
from crm.text import nfc
from crm.workdays import Calendar
from dialogues.models import (
    QUESTION_DONE,
    Answer,
    AnswerKind,
    AnswerSource,
    AnswerStatus,
    BankEntry,
    Citation,
    DeadlinePolicy,
    EscalationLevel,
    EventKind,
    LegalDocument,
    Question,
    QuestionAttachment,
    QuestionCategory,
    QuestionChannel,
    QuestionEvent,
    QuestionPriority,
    QuestionSequence,
    QuestionStatus,
    Rating,
)

S = QuestionStatus

# Which action may start from which status, and where it leads (None: decided by the action itself).
WORKING = (S.TRIAGED, S.ASSIGNED, S.DRAFTING, S.REOPENED, S.ESCALATED)


@dataclass(frozen=True)
class Move:
    sources: tuple[str, ...]
    target: str | None
    manager_only: bool = False


MOVES: dict[str, Move] = {
    "triage": Move((S.RECEIVED, S.TRIAGED), S.TRIAGED),
    "assign": Move((S.RECEIVED, *WORKING), S.ASSIGNED),
    "draft": Move((S.ASSIGNED, S.DRAFTING, S.REOPENED, S.ESCALATED), S.DRAFTING),
    "submit": Move((S.DRAFTING,), S.PENDING_APPROVAL),
    "return": Move((S.PENDING_APPROVAL,), S.DRAFTING, manager_only=True),
    "approve": Move((S.PENDING_APPROVAL,), S.ANSWERED, manager_only=True),
    "request_info": Move((S.RECEIVED, *WORKING), S.AWAITING_ENTERPRISE),
    "provide_info": Move((S.AWAITING_ENTERPRISE,), None),
    "escalate": Move((S.TRIAGED, S.ASSIGNED, S.DRAFTING, S.REOPENED), S.ESCALATED),
    "extend": Move((S.RECEIVED, *WORKING, S.PENDING_APPROVAL, S.AWAITING_ENTERPRISE), None),
    "answer_from_bank": Move((S.RECEIVED, S.TRIAGED, S.ASSIGNED, S.DRAFTING, S.REOPENED), S.ANSWERED),
    "merge": Move((S.RECEIVED, S.TRIAGED, S.ASSIGNED, S.DRAFTING, S.REOPENED), S.CLOSED),
    "close": Move((S.ANSWERED,), S.CLOSED),
    "reopen": Move((S.ANSWERED, S.CLOSED), S.REOPENED),
}

HS_CODE = re.compile(r"^\d{4}(\d{2}){0,2}$")  # heading, subheading or the 8-digit Vietnamese tariff line
DECLARATION_NUMBER = re.compile(r"^\d{12}$")  # VNACCS declaration numbers have 12 digits


# ---------------------------------------------------------------------------------------------------------- helpers


def allowed_actions(question: Question, user) -> list[str]:
    """The actions this user may take on the question now (for buttons and the API)."""
    if question.merged_into_id:
        return []
    staff = access.is_staff_member(user)
    manager = access.is_manager(user)
    names = []
    for name, move in MOVES.items():
        if question.status not in move.sources:
            continue
        if name == "extend" and question.extension_days:
            continue
        if name == "reopen" and not _within_reopen_window(question):
            continue
        if move.manager_only and not manager:
            continue
        if staff or name in ("provide_info", "reopen"):
            names.append(name)
    return names


def _within_reopen_window(question: Question) -> bool:
    """Counted from the latest closure or answer (a question answered again after a reopen gets a new window)."""
    since = max((t for t in (question.closed_at, question.last_answered_at, question.answered_at) if t), default=None)
    return since is not None and timezone.now() - since <= timedelta(days=settings.QUESTION_REOPEN_DAYS)


def _check_move(question: Question, name: str, by) -> Move:
    move = MOVES[name]
    if question.merged_into_id:
        raise DomainError(
            _("This question was merged into %(ref)s; work on that one.") % {"ref": _merged_ref(question)}
        )
    if question.status not in move.sources:
        raise DomainError(
            _("A question that is “%(status)s” cannot be %(action)s.")
            % {"status": question.get_status_display(), "action": _action_label(name)}
        )
    if move.manager_only and not access.is_manager(by):
        raise PermissionDenied(_("Only a manager can approve or return an answer."))
    return move


def _merged_ref(question: Question) -> str:
    return Question.objects.filter(pk=question.merged_into_id).values_list("reference", flat=True).first() or ""


def _action_label(name: str) -> str:
    return {
        "triage": _("triaged"),
        "assign": _("assigned"),
        "draft": _("drafted"),
        "submit": _("submitted for approval"),
        "return": _("returned for changes"),
        "approve": _("approved"),
        "request_info": _("put on hold for information"),
        "provide_info": _("resumed"),
        "escalate": _("escalated"),
        "extend": _("extended"),
        "answer_from_bank": _("answered from the question bank"),
        "merge": _("merged"),
        "close": _("closed"),
        "reopen": _("reopened"),
    }[name]


def _lock(question: Question) -> Question:
    return Question.objects.select_for_update().get(pk=question.pk)


def _require_staff(by) -> None:
    if not access.is_staff_member(by):
        raise PermissionDenied(_("Only customs staff can do this."))


def _staff_or_own_enterprise(by, question: Question, message: str) -> None:
    """Staff in scope, or a portal user of the enterprise that asked (a question without an enterprise has none)."""
    if access.is_staff_member(by):
        return
    enterprise_id = access.portal_enterprise_id(by)
    if enterprise_id is None or question.enterprise_id is None or enterprise_id != question.enterprise_id:
        raise PermissionDenied(message)


def _event(question: Question, kind: str, *, by, text: str = "", public: bool = False, old: str = "") -> None:
    QuestionEvent.objects.create(
        question=question,
        by=by,
        kind=kind,
        from_status=old,
        to_status=question.status if old else "",
        text=text,
        public=public,
    )


def _set_status(question: Question, status: str, *, by, text: str = "", public: bool = True, **changes) -> Question:
    old = question.status
    question.status = status
    for field, value in changes.items():
        setattr(question, field, value)
    question.updated_by = by
    question.save()
    _event(question, EventKind.STATUS, by=by, text=text, public=public, old=old)
    return question


def _local_date(moment):
    return timezone.localdate(moment)


def deadline_policy(category: str, priority: str) -> tuple[int, int]:
    """(working days, internal working days) for a category and priority: the most specific policy row wins."""
    rows = {
        (row.category, row.priority): row
        for row in DeadlinePolicy.objects.filter(category__in=[category, ""], priority__in=[priority, ""])
    }
    for key in ((category, priority), (category, ""), ("", priority), ("", "")):
        if key in rows:
            return rows[key].working_days, rows[key].internal_working_days
    days, internal = settings.QUESTION_DEFAULT_WORKING_DAYS.get(priority, (10, 7))
    return days, internal


def _apply_deadlines(question: Question, calendar: Calendar | None = None) -> None:
    calendar = calendar or Calendar()
    start = question.clock_start or _local_date(question.received_at)
    extra = question.paused_working_days
    question.due_on = calendar.add(start, question.allowed_working_days + question.extension_days + extra)
    question.internal_due_on = calendar.add(start, question.internal_working_days + extra)


def _record_first_response(question: Question, calendar: Calendar, now) -> None:
    if question.first_response_at is None:
        question.first_response_at = now
        question.first_response_working_days = calendar.between(_local_date(question.received_at), _local_date(now))


def _is_vc_member(enterprise) -> bool:
    if enterprise is None:
        return False
    from partnerships.models import Enrolment, EnrolmentStatus, ProgrammeKind

    return Enrolment.objects.filter(
        enterprise=enterprise,
        programme__kind=ProgrammeKind.VOLUNTARY_COMPLIANCE,
        status=EnrolmentStatus.ACTIVE,
    ).exists()


def parse_codes(value, *, pattern: re.Pattern, field: str, message: str) -> list[str]:
    """A list (or text separated by commas, semicolons, spaces or new lines) of codes → cleaned, unique, in order.
    Dots and spaces inside an HS code (8517.62.59) are ignored."""
    if value is None:
        return []
    items = re.split(r"[,;\s]+", value) if isinstance(value, str) else [str(v) for v in value]
    codes: list[str] = []
    for item in items:
        code = item.strip().replace(".", "")
        if not code:
            continue
        if not pattern.match(code):
            raise DomainError(message % {"value": item.strip()}, field=field)
        if code not in codes:
            codes.append(code)
    return codes


def parse_hs_codes(value) -> list[str]:
    return parse_codes(
        value,
        pattern=HS_CODE,
        field="hs_codes",
        message=_("“%(value)s” is not an HS code: give 4, 6 or 8 digits, for example 8517.62.59."),
    )


def parse_declaration_numbers(value) -> list[str]:
    return parse_codes(
        value,
        pattern=DECLARATION_NUMBER,
        field="declaration_numbers",
        message=_("“%(value)s” is not a customs declaration number: it has 12 digits, for example 105234567890."),
    )


def _notify(kind: str, question: Question, *, key: str, recipients=(), emails=(), payload=None) -> None:
    """Outbox rows for the event (delivered after commit by the notifications worker)."""
    base = {"question": question.pk, "reference": question.reference, **(payload or {})}
    rows = [
        Notification(
            kind=kind,
            recipient=user,
            language=getattr(user, "language", "vi") or "vi",
            subject=f"question:{question.pk}",
            dedupe_key=f"{kind}:{question.pk}:{key}:user:{user.pk}",
            payload=base,
        )
        for user in recipients
        if user is not None
    ]
    rows += [
        Notification(
            kind=kind,
            email=email,
            name=name,
            language=language,
            subject=f"question:{question.pk}",
            dedupe_key=f"{kind}:{question.pk}:{key}:email:{email}",
            payload=base,
        )
        for email, name, language in emails
        if email
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)


def _enterprise_recipients(question: Question) -> tuple[list, list]:
    """The enterprise's portal users, and the question's contact or asker by email when they have no login."""
    from crm.models import PortalMembership

    users = []
    if question.enterprise_id:
        users = [
            m.user
            for m in PortalMembership.objects.filter(enterprise_id=question.enterprise_id, user__is_active=True)
            .select_related("user")
            .order_by("pk")
        ]
    user_emails = {u.email.lower() for u in users if u.email}
    emails = []
    contact = question.contact
    if contact is not None and contact.email and contact.email.lower() not in user_emails:
        emails.append(
            (contact.email, contact.full_name, contact.language if contact.language in ("vi", "en") else "vi")
        )
    elif contact is None and question.asker_email and question.asker_email.lower() not in user_emails:
        emails.append((question.asker_email, question.asker_name, "vi"))
    return users, emails


# ------------------------------------------------------------------------------------------------------------ intake


def next_reference(year: int) -> str:
    """Take the next number of `year` (VM-2026-000123). Must run inside the transaction that saves the question, so
    a rolled-back question gives its number back; the sequence row lock serialises concurrent takers."""
    QuestionSequence.objects.get_or_create(year=year)
    sequence = QuestionSequence.objects.select_for_update().get(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"VM-{year}-{sequence.last:06d}"


@transaction.atomic
def record_question(
    *,
    by,
    branch,
    channel: str,
    title: str,
    body: str,
    enterprise=None,
    contact=None,
    conference=None,
    category: str = QuestionCategory.OTHER,
    subcategory: str = "",
    priority: str = QuestionPriority.NORMAL,
    hs_codes=None,
    declaration_numbers=None,
    asker_name: str = "",
    asker_email: str = "",
    asker_phone: str = "",
    attachments=(),
    received_at=None,
) -> Question:
    """Log a question from any channel. Staff may only log into their own subtree; the deadline starts now (or at
    `received_at` when staff back-date a letter or a hotline call received earlier)."""
    if access.is_staff_member(by) and not access.can_use_branch(by, branch):
        raise DomainError(_("You can only log questions for your own unit or the units under it."), field="branch")
    if contact is not None and (enterprise is None or contact.enterprise_id != enterprise.pk):
        raise DomainError(_("This contact does not belong to the enterprise."), field="contact")
    if (
        conference is not None
        and conference.branch_id != branch.pk
        and not branch.path.startswith(conference.branch.path)
    ):
        raise DomainError(_("The conference belongs to another unit."), field="conference")
    title, body = nfc(title).strip(), nfc(body).strip()
    if not title and not body:
        raise DomainError(_("Write the question."), field="body")
    now = timezone.now()
    received_at = received_at or now
    if received_at > now + timedelta(minutes=5):
        raise DomainError(_("The question cannot be received in the future."), field="received_at")
    days, internal = deadline_policy(category, priority)
    question = Question(
        reference=next_reference(_local_date(received_at).year),
        branch=branch,
        channel=channel,
        title=title or body[:255],
        body=body or title,
        category=category,
        subcategory=nfc(subcategory).strip(),
        priority=priority,
        hs_codes=parse_hs_codes(hs_codes),
        declaration_numbers=parse_declaration_numbers(declaration_numbers),
        enterprise=enterprise,
        contact=contact,
        asker_name=nfc(asker_name).strip(),
        asker_email=asker_email.strip(),
        asker_phone=asker_phone.strip(),
        conference=conference,
        status=QuestionStatus.RECEIVED,
        received_at=received_at,
        allowed_working_days=days,
        internal_working_days=internal,
        submitted_by=by,
        created_by=by,
        updated_by=by,
    )
    check_uploads(attachments)
    if _is_vc_member(enterprise):
        question.forward_due_at = received_at + timedelta(hours=settings.QUESTION_VC_FORWARD_HOURS)
    _apply_deadlines(question)
    question.full_clean()
    question.save()
    _event(question, EventKind.RECEIVED, by=by, text=question.get_channel_display(), public=True)
    for upload in attachments or ():
        add_attachment(question=question, by=by, upload=upload)
    return question


@transaction.atomic
def submit_question(*, by, title: str, body: str, **fields) -> Question:
    """A portal user asks on behalf of their enterprise; the enterprise's managing branch receives it."""
    membership = access.portal_membership(by)
    if membership is None:
        raise PermissionDenied(_("Only enterprise portal users can submit questions here."))
    enterprise = membership.enterprise
    allowed = {"category", "subcategory", "hs_codes", "declaration_numbers", "attachments", "conference"}
    extra = {k: v for k, v in fields.items() if k in allowed}
    question = record_question(
        by=by,
        branch=enterprise.managing_branch,
        channel=QuestionChannel.PORTAL,
        title=title,
        body=body,
        enterprise=enterprise,
        contact=membership.contact,
        **extra,
    )
    managers = _unit_managers(question.branch)
    _notify(NotificationKind.QUESTION_RECEIVED, question, key="received", recipients=managers)
    return question


def _unit_managers(branch: Branch) -> list:
    return [
        m.user
        for m in StaffMembership.objects.filter(branch=branch, role="manager", user__is_active=True)
        .select_related("user")
        .order_by("pk")
    ]


def check_uploads(uploads, *, existing: int = 0) -> list[str]:
    """Check every upload (count, size, type by content) before any is saved, so a refused file leaves nothing
    behind; return the detected kinds."""
    uploads = list(uploads or ())
    if existing + len(uploads) > settings.QUESTION_MAX_ATTACHMENTS:
        raise DomainError(
            _("A question can have at most %(n)s files.") % {"n": settings.QUESTION_MAX_ATTACHMENTS}, field="file"
        )
    return [
        check_document(upload, kinds=SCAN, field="file", max_bytes=settings.QUESTION_ATTACHMENT_MAX_BYTES)
        for upload in uploads
    ]


def add_attachment(*, question: Question, by, upload, internal: bool = False) -> QuestionAttachment:
    """Attach a PDF, JPEG or PNG (checked by content) within the size and count limits. Enterprises cannot add
    internal files; their files are always visible to both sides."""
    staff = access.is_staff_member(by)
    _staff_or_own_enterprise(by, question, _("You cannot add files to this question."))
    kind = check_uploads([upload], existing=question.attachments.count())[0]
    name = (getattr(upload, "name", "") or "file").rsplit("/", 1)[-1][:255]
    return QuestionAttachment.objects.create(
        question=question,
        file=upload,
        name=name,
        size=upload.size,
        kind=kind,
        uploaded_by=by,
        internal=internal and staff,
    )


# ---------------------------------------------------------------------------------------------------------- workflow


@transaction.atomic
def update_question(*, question: Question, by, **fields) -> Question:
    """Staff correct the intake details (title, text, asker, codes) without changing the status."""
    _require_staff(by)
    question = _lock(question)
    if question.status in QUESTION_DONE:
        raise DomainError(_("An answered question cannot be edited; reopen it first."))
    for name in ("title", "body", "subcategory", "asker_name", "asker_phone"):
        if name in fields:
            setattr(question, name, nfc(fields[name]).strip())
    if "asker_email" in fields:
        question.asker_email = fields["asker_email"].strip()
    if "hs_codes" in fields:
        question.hs_codes = parse_hs_codes(fields["hs_codes"])
    if "declaration_numbers" in fields:
        question.declaration_numbers = parse_declaration_numbers(fields["declaration_numbers"])
    question.updated_by = by
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def triage(
    *, question: Question, by, category: str, priority: str, subcategory: str | None = None, note: str = ""
) -> Question:
    """Classify the question; the deadline follows the policy for its category and priority (counted from receipt)."""
    _require_staff(by)
    question = _lock(question)
    _check_move(question, "triage", by)
    if category not in QuestionCategory.values:
        raise DomainError(_("Choose a category."), field="category")
    if priority not in QuestionPriority.values:
        raise DomainError(_("Choose a priority."), field="priority")
    question.category, question.priority = category, priority
    if subcategory is not None:
        question.subcategory = nfc(subcategory).strip()
    question.allowed_working_days, question.internal_working_days = deadline_policy(category, priority)
    _apply_deadlines(question)
    return _set_status(question, S.TRIAGED, by=by, text=nfc(note).strip(), public=False)


@transaction.atomic
def assign(*, question: Question, by, unit: Branch, assignee=None, note: str = "") -> Question:
    """Give the question to a unit inside the receiving unit's subtree and, optionally, one of its officers."""
    _require_staff(by)
    question = _lock(question)
    _check_move(question, "assign", by)
    _check_assignment(question, by, unit, assignee)
    old_assignee = question.assignee_id
    now = timezone.now()
    question = _set_status(
        question,
        S.ASSIGNED,
        by=by,
        text=nfc(note).strip(),
        public=False,
        assigned_unit=unit,
        assignee=assignee,
        assigned_at=now,
    )
    if assignee is not None and assignee.pk != old_assignee and assignee.pk != getattr(by, "pk", None):
        _notify(NotificationKind.QUESTION_ASSIGNED, question, key=f"assigned:{now.timestamp()}", recipients=[assignee])
    return question


def _check_assignment(question: Question, by, unit: Branch | None, assignee) -> None:
    if unit is None:
        raise DomainError(_("Choose the unit that will answer."), field="unit")
    if not unit.path.startswith(question.branch.path) or not access.can_use_branch(by, unit):
        raise DomainError(_("Choose a unit inside the receiving unit."), field="unit")
    if assignee is not None:
        membership = StaffMembership.objects.filter(user=assignee).select_related("branch").first()
        if membership is None or not assignee.is_active or not membership.branch.path.startswith(unit.path):
            raise DomainError(_("The officer must be a member of the assigned unit."), field="assignee")


@transaction.atomic
def bulk_assign(*, questions, by, unit: Branch, assignee=None) -> int:
    """Assign several questions at once: all of them or none (the first that cannot be assigned is named)."""
    count = 0
    for question in questions:
        try:
            assign(question=question, by=by, unit=unit, assignee=assignee)
        except DomainError as exc:
            raise DomainError(f"{question.reference}: {exc.message}", field=exc.field) from exc
        count += 1
    return count


def _clean_citations(citations) -> list[tuple[LegalDocument, str]]:
    cleaned = []
    for item in citations or ():
        document, article = (item["document"], item.get("article", "")) if isinstance(item, dict) else item
        if not isinstance(document, LegalDocument):
            document = LegalDocument.objects.filter(pk=document).first()
            if document is None:
                raise DomainError(_("Unknown legal document."), field="citations")
        cleaned.append((document, nfc(article or "").strip()[:120]))
    return cleaned


def _new_version(
    question: Question, *, by, body: str, kind: str, status: str, citations=(), sent_at=None, supersede: bool = True
) -> Answer:
    """A new version of the answer; the open drafts before it are superseded. `sent_at` marks it approved and sent
    by `by` at once (an interim reply, an answer reused from the bank)."""
    latest = question.answers.aggregate(v=Max("version"))["v"] or 0
    if supersede:
        question.answers.filter(status__in=[AnswerStatus.DRAFT, AnswerStatus.RETURNED, AnswerStatus.SUBMITTED]).update(
            status=AnswerStatus.SUPERSEDED
        )
    answer = Answer.objects.create(
        question=question,
        version=latest + 1,
        kind=kind,
        body=body,
        status=status,
        drafted_by=by,
        reviewed_by=by if sent_at else None,
        reviewed_at=sent_at,
        sent_at=sent_at,
    )
    Citation.objects.bulk_create(
        [Citation(answer=answer, document=document, article=article) for document, article in citations]
    )
    return answer


@transaction.atomic
def draft_answer(*, question: Question, by, body: str, citations=(), submit: bool = False) -> Answer:
    """Save a new version of the answer (earlier drafts are kept as superseded); `submit` sends it for approval.
    An answer needs at least one legal basis before it is submitted."""
    _require_staff(by)
    question = _lock(question)
    body = nfc(body).strip()
    if not body:
        raise DomainError(_("Write the answer."), field="body")
    cleaned = _clean_citations(citations)
    if submit and not cleaned:
        raise DomainError(_("Cite at least one legal document as the basis of the answer."), field="citations")
    if question.status != S.DRAFTING:
        _check_move(question, "draft", by)
        _set_status(question, S.DRAFTING, by=by, public=False)
    status = AnswerStatus.SUBMITTED if submit else AnswerStatus.DRAFT
    answer = _new_version(question, by=by, body=body, kind=AnswerKind.FINAL, status=status, citations=cleaned)
    if submit:
        _check_move(question, "submit", by)
        _set_status(question, S.PENDING_APPROVAL, by=by, public=False)
        _notify(
            NotificationKind.QUESTION_AWAITING_APPROVAL,
            question,
            key=f"v{answer.version}",
            recipients=[u for u in _unit_managers(question.assigned_unit or question.branch) if u.pk != by.pk],
        )
    return answer


@transaction.atomic
def submit_answer(*, question: Question, by) -> Answer:
    """Send the latest draft for approval."""
    _require_staff(by)
    question = _lock(question)
    _check_move(question, "submit", by)
    answer = question.answers.filter(status=AnswerStatus.DRAFT).order_by("-version").first()
    if answer is None:
        raise DomainError(_("There is no draft answer to submit."))
    if not answer.citations.exists():
        raise DomainError(_("Cite at least one legal document as the basis of the answer."), field="citations")
    answer.status = AnswerStatus.SUBMITTED
    answer.save(update_fields=["status"])
    _set_status(question, S.PENDING_APPROVAL, by=by, public=False)
    return answer


def _submitted_answer(question: Question) -> Answer:
    answer = question.answers.filter(status=AnswerStatus.SUBMITTED).order_by("-version").first()
    if answer is None:
        raise DomainError(_("There is no answer waiting for approval."))
    return answer


@transaction.atomic
def return_answer(*, question: Question, by, note: str) -> Answer:
    """The manager sends the draft back to the officer with what to change."""
    question = _lock(question)
    _check_move(question, "return", by)
    note = nfc(note).strip()
    if not note:
        raise DomainError(_("Say what needs to change."), field="note")
    answer = _submitted_answer(question)
    answer.status, answer.reviewed_by, answer.reviewed_at, answer.review_note = (
        AnswerStatus.RETURNED,
        by,
        timezone.now(),
        note,
    )
    answer.save()
    _set_status(question, S.DRAFTING, by=by, text=note, public=False)
    return answer


def _send_answer(question: Question, answer: Answer, *, by, now, source: str) -> Question:
    """Mark the question answered with `answer` (already approved), record the times and ask for a rating."""
    calendar = Calendar()
    _record_first_response(question, calendar, now)
    start = _local_date(question.received_at)
    answered = _local_date(now)
    if question.answered_at is None:
        question.answer_working_days = max(calendar.between(start, answered) - question.paused_working_days, 0)
        question.answered_on_time = question.due_on is None or answered <= question.due_on
    question.answered_at = question.answered_at or now
    question.last_answered_at = now
    question.answer_source = source
    question.paused_at = None
    _set_status(question, S.ANSWERED, by=by, public=True)
    Rating.objects.create(
        question=question, answer=answer, expires_at=now + timedelta(days=settings.QUESTION_RATING_LINK_DAYS)
    )
    users, emails = _enterprise_recipients(question)
    _notify(
        NotificationKind.QUESTION_ANSWERED,
        question,
        key=f"v{answer.version}",
        recipients=users,
        emails=emails,
        payload={"answer": answer.pk, "rating_token": answer.rating.token},
    )
    return question


@transaction.atomic
def approve_answer(*, question: Question, by, letter_number: str = "", letter_date=None, note: str = "") -> Answer:
    """The manager approves the submitted version; it is sent to the enterprise (with the official letter number
    when the answer goes out in writing) and the question counts as answered."""
    question = _lock(question)
    _check_move(question, "approve", by)
    answer = _submitted_answer(question)
    now = timezone.now()
    letter_number = letter_number.strip()
    if letter_date is not None and not letter_number:
        raise DomainError(_("Give the official letter number with its date."), field="letter_number")
    answer.status, answer.reviewed_by, answer.reviewed_at, answer.sent_at = AnswerStatus.APPROVED, by, now, now
    answer.review_note = nfc(note).strip()
    answer.letter_number, answer.letter_date = (
        letter_number,
        letter_date or (_local_date(now) if letter_number else None),
    )
    answer.save()
    _send_answer(question, answer, by=by, now=now, source=AnswerSource.DRAFTED)
    return answer


@transaction.atomic
def answer_from_bank(*, question: Question, by, source: Question | None = None, entry=None) -> Answer:
    """Answer with what is already known (counted as answered from the bank): either the approved answer of an earlier
    question of the user's units on the same point (`source`) or a published question bank entry (`entry`, which then
    records that it answers this question too). The text and legal basis are copied into a new version, approved as it
    is sent."""
    _require_staff(by)
    if (source is None) == (entry is None):
        raise DomainError(_("Choose an answered question or a question bank entry."), field="source")
    question = _lock(question)
    _check_move(question, "answer_from_bank", by)
    if entry is not None:
        body, citations = _bank_entry_answer(entry)
    else:
        body, citations = _earlier_answer(question, source, by)
    now = timezone.now()
    answer = _new_version(
        question,
        by=by,
        body=body,
        kind=AnswerKind.FINAL,
        status=AnswerStatus.APPROVED,
        citations=citations,
        sent_at=now,
    )
    if entry is not None:
        entry.questions.add(question)
    else:
        question.answered_from = source
    _send_answer(question, answer, by=by, now=now, source=AnswerSource.BANK)
    return answer


def _earlier_answer(question: Question, source: Question, by) -> tuple[str, list]:
    if source.pk == question.pk:
        raise DomainError(_("Choose another question."), field="source")
    source = Question.objects.visible_to(by).filter(pk=source.pk).first()
    if source is None:
        raise DomainError(_("Choose a question of your own units."), field="source")
    original = (
        source.answers.filter(status=AnswerStatus.APPROVED, kind=AnswerKind.FINAL)
        .prefetch_related("citations")
        .order_by("-version")
        .first()
    )
    if original is None or source.status not in QUESTION_DONE:
        raise DomainError(_("%(ref)s has no approved answer to reuse.") % {"ref": source.reference}, field="source")
    return original.body, [(c.document, c.article) for c in original.citations.all()]


def _bank_entry_answer(entry) -> tuple[str, list]:
    """The published answer of a live entry (Vietnamese first) with its legal basis."""
    entry = BankEntry.objects.public().filter(pk=entry.pk).prefetch_related("public_citations__document").first()
    if entry is None:
        raise DomainError(_("Choose a published question bank entry."), field="entry")
    body = entry.public_answer_vi or entry.public_answer_en
    return body, [(c.document, c.article) for c in entry.public_citations.all()]


@transaction.atomic
def request_info(*, question: Question, by, message: str) -> Question:
    """Ask the enterprise for information; the clock stops until it replies."""
    _require_staff(by)
    question = _lock(question)
    _check_move(question, "request_info", by)
    message = nfc(message).strip()
    if not message:
        raise DomainError(_("Say what information is needed."), field="message")
    now = timezone.now()
    calendar = Calendar()
    _record_first_response(question, calendar, now)
    question.resume_status = question.status
    question.paused_at = now
    question = _set_status(question, S.AWAITING_ENTERPRISE, by=by, public=True)
    _event(question, EventKind.INFO_REQUESTED, by=by, text=message, public=True)
    users, emails = _enterprise_recipients(question)
    _notify(
        NotificationKind.QUESTION_INFO_REQUESTED,
        question,
        key=f"info:{now.timestamp()}",
        recipients=users,
        emails=emails,
        payload={"message": message},
    )
    return question


@transaction.atomic
def provide_info(*, question: Question, by, text: str, attachments=()) -> Question:
    """The enterprise replies (in the portal, or staff record a reply received by phone or letter); the clock
    resumes and the deadline moves out by the working days spent waiting."""
    _staff_or_own_enterprise(by, question, _("You cannot reply to this question."))
    question = _lock(question)
    _check_move(question, "provide_info", by)
    text = nfc(text).strip()
    if not text and not attachments:
        raise DomainError(_("Write your reply or attach a file."), field="text")
    check_uploads(attachments, existing=question.attachments.count())
    calendar = Calendar()
    now = timezone.now()
    waited = calendar.between(_local_date(question.paused_at), _local_date(now)) if question.paused_at else 0
    question.paused_working_days += waited
    question.paused_at = None
    _apply_deadlines(question, calendar)
    target = question.resume_status or S.ASSIGNED
    question.resume_status = ""
    _event(question, EventKind.ENTERPRISE_REPLY, by=by, text=text, public=True)
    question = _set_status(question, target, by=by, public=True)
    for upload in attachments or ():
        add_attachment(question=question, by=by, upload=upload)
    if question.assignee_id:
        _notify(
            NotificationKind.QUESTION_INFO_REQUESTED,
            question,
            key=f"reply:{now.timestamp()}",
            recipients=[question.assignee],
            payload={"reply": True},
        )
    return question


@transaction.atomic
def escalate(*, question: Question, by, level: str, interim_reply: str, body_name: str = "") -> Answer:
    """Refer the question to a higher level or another agency. The enterprise gets an interim reply now; the branch
    keeps the question on its books and answers it when the reply comes back."""
    _require_staff(by)
    question = _lock(question)
    _check_move(question, "escalate", by)
    if level not in EscalationLevel.values:
        raise DomainError(_("Choose where the question is escalated to."), field="level")
    body_name = nfc(body_name).strip()
    if level == EscalationLevel.OTHER_AGENCY and not body_name:
        raise DomainError(_("Name the agency."), field="body_name")
    interim_reply = nfc(interim_reply).strip()
    if not interim_reply:
        raise DomainError(_("Write the interim reply to the enterprise."), field="interim_reply")
    now = timezone.now()
    _record_first_response(question, Calendar(), now)
    answer = _new_version(
        question,
        by=by,
        body=interim_reply,
        kind=AnswerKind.INTERIM,
        status=AnswerStatus.APPROVED,
        sent_at=now,
        supersede=False,  # a draft of the final answer in progress stays a draft
    )
    label = body_name or EscalationLevel(level).label
    _set_status(
        question,
        S.ESCALATED,
        by=by,
        text=str(label),
        public=True,
        escalated_to=level,
        escalated_to_name=body_name,
        escalated_at=now,
    )
    users, emails = _enterprise_recipients(question)
    _notify(NotificationKind.QUESTION_ESCALATED, question, key=f"v{answer.version}", recipients=users, emails=emails)
    return answer


@transaction.atomic
def extend_deadline(*, question: Question, by, days: int, reason: str) -> Question:
    """One extension per question, with a reason the enterprise sees."""
    _require_staff(by)
    question = _lock(question)
    _check_move(question, "extend", by)
    if question.extension_days:
        raise DomainError(_("The deadline has already been extended once."))
    reason = nfc(reason).strip()
    if not reason:
        raise DomainError(_("Give the reason for the extension."), field="reason")
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= settings.QUESTION_MAX_EXTENSION_DAYS:
        raise DomainError(
            _("Extend by 1 to %(n)s working days.") % {"n": settings.QUESTION_MAX_EXTENSION_DAYS}, field="days"
        )
    question.extension_days = days
    question.extension_reason = reason
    _apply_deadlines(question)
    question.updated_by = by
    question.save()
    _event(question, EventKind.EXTENDED, by=by, text=reason, public=True)
    return question


@transaction.atomic
def merge(*, question: Question, by, into: Question) -> Question:
    """Close a duplicate in favour of another question; the duplicate's enterprise sees the answer of the question
    it was merged into. Questions already merged into the duplicate follow it."""
    _require_staff(by)
    if into.pk == question.pk:
        raise DomainError(_("A question cannot be merged into itself."), field="into")
    # Both rows locked in id order: two opposite merges at the same moment wait for each other instead of making a
    # cycle (or a deadlock), and each sees the other's result.
    locked = {
        q.pk: q for q in Question.objects.select_for_update().filter(pk__in=[question.pk, into.pk]).order_by("pk")
    }
    question, into = locked[question.pk], locked[into.pk]
    _check_move(question, "merge", by)
    if into.merged_into_id:
        raise DomainError(
            _("%(ref)s was itself merged; choose the question it was merged into.") % {"ref": into.reference},
            field="into",
        )
    if not Question.objects.visible_to(by).filter(pk=into.pk).exists():
        raise DomainError(_("Choose a question of your own units."), field="into")
    Question.objects.filter(merged_into=question).update(merged_into=into)
    now = timezone.now()
    question = _set_status(question, S.CLOSED, by=by, public=True, merged_into=into, closed_at=now, paused_at=None)
    _event(question, EventKind.MERGED, by=by, text=into.reference, public=False)
    _event(into, EventKind.MERGED, by=by, text=question.reference, public=False)
    return question


@transaction.atomic
def close(*, question: Question, by, note: str = "") -> Question:
    _require_staff(by)
    question = _lock(question)
    _check_move(question, "close", by)
    return _set_status(question, S.CLOSED, by=by, text=nfc(note).strip(), public=True, closed_at=timezone.now())


@transaction.atomic
def reopen(*, question: Question, by, reason: str) -> Question:
    """Reopen within settings.QUESTION_REOPEN_DAYS of the answer or closure (staff, or the enterprise itself)."""
    _staff_or_own_enterprise(by, question, _("You cannot reopen this question."))
    question = _lock(question)
    _check_move(question, "reopen", by)
    if not _within_reopen_window(question):
        raise DomainError(
            _("A question can be reopened within %(n)s days of its answer; ask a new question instead.")
            % {"n": settings.QUESTION_REOPEN_DAYS}
        )
    reason = nfc(reason).strip()
    if not reason:
        raise DomainError(_("Say why the question is reopened."), field="reason")
    # The clock starts again from today with the question's full allowance.
    question.clock_start = timezone.localdate()
    question.paused_working_days = 0
    question.paused_at = None
    _apply_deadlines(question)
    return _set_status(
        question, S.REOPENED, by=by, text=reason, public=True, closed_at=None, reopen_count=question.reopen_count + 1
    )


@transaction.atomic
def add_note(*, question: Question, by, text: str) -> QuestionEvent:
    """An internal note: never shown to the enterprise."""
    _require_staff(by)
    text = nfc(text).strip()
    if not text:
        raise DomainError(_("Write the note."), field="text")
    return QuestionEvent.objects.create(question=question, by=by, kind=EventKind.NOTE, text=text, public=False)


# ------------------------------------------------------------------------------------------------------------ rating


def _check_score(score, comment: str) -> tuple[int, str]:
    try:
        score = int(score) if not isinstance(score, float) or score.is_integer() else 0
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise DomainError(_("Give a score from 1 to 5."), field="score")
    return score, nfc(comment or "").strip()[:2000]


def _save_rating(rating: Rating, *, score, comment: str, by) -> Rating:
    if rating.rated_at is not None:
        raise DomainError(_("This answer has already been rated. Thank you!"))
    rating.score, rating.comment = _check_score(score, comment)
    rating.rated_at, rating.rated_by = timezone.now(), by
    rating.save()
    return rating


@transaction.atomic
def rate(*, question: Question, by, score, comment: str = "") -> Rating:
    """A portal user rates the latest answer to their enterprise's question."""
    if access.portal_enterprise_id(by) != question.enterprise_id or question.enterprise_id is None:
        raise PermissionDenied(_("Only the enterprise that asked can rate the answer."))
    rating = Rating.objects.select_for_update().filter(question=question).order_by("-answer__version").first()
    if rating is None:
        raise DomainError(_("There is no answer to rate yet."))
    return _save_rating(rating, score=score, comment=comment, by=by)


def rating_for_token(token: str) -> Rating:
    """The rating a one-time link stands for, or DomainError when the link is unknown, used or expired."""
    rating = Rating.objects.select_related("question", "answer").filter(token=token).first()
    if rating is None:
        raise DomainError(_("This rating link is not valid."))
    if rating.rated_at is not None:
        raise DomainError(_("This answer has already been rated. Thank you!"))
    if rating.expires_at < timezone.now():
        raise DomainError(_("This rating link has expired."))
    return rating


@transaction.atomic
def rate_by_token(*, token: str, score, comment: str = "") -> Rating:
    """Rate from the link in the answer email; no login. The link works once and expires."""
    rating_for_token(token)
    rating = Rating.objects.select_for_update().get(token=token)
    if rating.expires_at < timezone.now():
        raise DomainError(_("This rating link has expired."))
    return _save_rating(rating, score=score, comment=comment, by=None)
