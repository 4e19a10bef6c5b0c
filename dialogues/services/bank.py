"""The public question bank: writing an entry from answered questions, the second approval, publication, the
"needs update" flag and the public's votes and deflections. Every status change goes through a function here.

Statuses: draft → in review → published → needs update → archived.
- Any staff member of the units in scope writes and edits an entry and submits it for review. Editing a live entry
  starts a revision (status draft): the public keeps reading the last approved text until the revision is approved.
- A manager other than the person who submitted it approves it (the second approval): the working texts are copied
  to the public ones, the entry goes live and its review falls due QUESTION_BANK_REVIEW_MONTHS later.
- An entry citing a legal document that is amended or expires, or whose review date passed, needs updating: it stays
  public with a notice until a manager re-approves it (`mark_reviewed`, or the approval of a revision).
- A manager archives an entry (it leaves the public bank) and may publish it again unchanged (`publish`).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from crm import access
from crm.dates import add_months
from crm.errors import DomainError
from crm.models import Branch
from crm.text import nfc, search_key
from dialogues.anonymise import Flag, detect
from dialogues.models import (
    QUESTION_DONE,
    AnswerKind,
    AnswerStatus,
    BankCitation,
    BankDeflection,
    BankEntry,
    BankPublicCitation,
    BankStatus,
    BankVote,
    LegalDocument,
    LegalDocumentStatus,
    Question,
    QuestionCategory,
)
from dialogues.services import reminders

S = BankStatus
LANGUAGES = ("vi", "en")
TEXT_FIELDS = ("question_vi", "answer_vi", "question_en", "answer_en")
MAX_TAGS = 10
MAX_TAG_LENGTH = 40


class RateLimited(DomainError):
    """Too many requests from one network address (→ 429)."""


@dataclass(frozen=True)
class Move:
    sources: tuple[str, ...]
    target: str
    manager_only: bool = False


MOVES: dict[str, Move] = {
    "submit": Move((S.DRAFT,), S.IN_REVIEW),
    "return": Move((S.IN_REVIEW,), S.DRAFT, manager_only=True),
    "approve": Move((S.IN_REVIEW,), S.PUBLISHED, manager_only=True),
    "publish": Move((S.ARCHIVED,), S.PUBLISHED, manager_only=True),
    "mark_reviewed": Move((S.PUBLISHED, S.NEEDS_UPDATE), S.PUBLISHED, manager_only=True),
    "archive": Move((S.DRAFT, S.IN_REVIEW, S.PUBLISHED, S.NEEDS_UPDATE), S.ARCHIVED, manager_only=True),
}
EDITABLE = (S.DRAFT, S.PUBLISHED, S.NEEDS_UPDATE, S.ARCHIVED)


# ---------------------------------------------------------------------------------------------------------- helpers


def _require_staff(by) -> None:
    if not access.is_staff_member(by):
        raise PermissionDenied(_("Only customs staff can do this."))


def _lock(entry: BankEntry, by) -> BankEntry:
    """The entry, locked, if it is inside the user's units (PermissionDenied otherwise)."""
    locked = BankEntry.objects.visible_to(by).select_for_update().filter(pk=entry.pk).first()
    if locked is None or not access.is_staff_member(by):
        raise PermissionDenied(_("This entry belongs to another unit."))
    return locked


def _check_move(entry: BankEntry, name: str, by) -> Move:
    move = MOVES[name]
    if entry.status not in move.sources:
        raise DomainError(
            _("An entry that is “%(status)s” cannot be %(action)s.")
            % {"status": entry.get_status_display(), "action": _action_label(name)}
        )
    if move.manager_only and not access.is_manager(by):
        raise PermissionDenied(_("Only a manager can approve, publish or archive question bank entries."))
    return move


def _action_label(name: str) -> str:
    return {
        "submit": _("submitted for review"),
        "return": _("returned"),
        "approve": _("approved"),
        "publish": _("published again"),
        "mark_reviewed": _("marked as reviewed"),
        "archive": _("archived"),
    }[name]


def allowed_actions(entry: BankEntry, user) -> list[str]:
    """The actions this user may take on the entry now (for buttons and the API); `edit` included."""
    if not access.is_staff_member(user):
        return []
    manager = access.is_manager(user)
    names = ["edit"] if entry.status in EDITABLE else []
    for name, move in MOVES.items():
        if entry.status not in move.sources or (move.manager_only and not manager):
            continue
        if name == "approve" and entry.submitted_by_id == user.pk:
            continue
        if name == "publish" and (entry.first_published_at is None or _has_unapproved_changes(entry)):
            continue
        names.append(name)
    return names


def _has_unapproved_changes(entry: BankEntry) -> bool:
    """The texts or classification differ from the approved ones (the legal basis: see `_citations_changed`)."""
    return (
        any(getattr(entry, name) != getattr(entry, f"public_{name}") for name in TEXT_FIELDS)
        or entry.category != entry.public_category
        or entry.tags != entry.public_tags
    )


def _citations_changed(entry: BankEntry) -> bool:
    def rows(manager):
        return sorted(manager.values_list("document_id", "article"))

    return rows(entry.citations) != rows(entry.public_citations)


def review_due(today=None):
    return add_months(today or timezone.localdate(), settings.QUESTION_BANK_REVIEW_MONTHS)


# ------------------------------------------------------------------------------------------------ anonymisation


def _identities(entry: BankEntry) -> tuple[list[str], list[str]]:
    """Enterprise names and tax codes, and the askers' names, of the questions the entry answers."""
    names, people = [], []
    for question in entry.questions.select_related("enterprise", "contact"):
        if question.enterprise_id:
            enterprise = question.enterprise
            names += [enterprise.name_vi, enterprise.name_foreign, enterprise.short_name, enterprise.tax_code]
        if question.contact_id:
            people.append(question.contact.full_name)
        people.append(question.asker_name)
    return [n for n in names if n], [p for p in people if p]


def flags(entry: BankEntry) -> list[Flag]:
    """Identifying details left in the working texts (see dialogues.anonymise)."""
    names, people = _identities(entry)
    found = []
    for name in TEXT_FIELDS:
        found += detect(getattr(entry, name), names=names, people=people, field=name)
    return found


# ---------------------------------------------------------------------------------------------------- writing


def _clean_tags(value) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    tags: list[str] = []
    for raw in value or ():
        tag = " ".join(nfc(str(raw)).split()).strip(" #")
        if not tag:
            continue
        if len(tag) > MAX_TAG_LENGTH:
            raise DomainError(
                _("A tag has at most %(n)d characters: “%(tag)s”.") % {"n": MAX_TAG_LENGTH, "tag": tag}, field="tags"
            )
        if tag.lower() not in {t.lower() for t in tags}:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise DomainError(_("Give at most %(n)d tags.") % {"n": MAX_TAGS}, field="tags")
    return tags


def _clean_citations(citations) -> list[tuple[LegalDocument, str]]:
    cleaned = []
    for item in citations or ():
        document, article = item if isinstance(item, tuple | list) else (item.get("document"), item.get("article", ""))
        if not isinstance(document, LegalDocument):
            document = LegalDocument.objects.filter(pk=document).first() if str(document).isdigit() else None
            if document is None:
                raise DomainError(_("Unknown legal document."), field="citations")
        cleaned.append((document, nfc(article or "").strip()[:120]))
    return cleaned


def _apply(entry: BankEntry, fields: dict) -> list[tuple[LegalDocument, str]] | None:
    for name in TEXT_FIELDS:
        if name in fields:
            setattr(entry, name, nfc(fields[name] or "").strip())
    if "category" in fields:
        if fields["category"] not in QuestionCategory.values:
            raise DomainError(_("Choose a category."), field="category")
        entry.category = fields["category"]
    if "tags" in fields:
        entry.tags = _clean_tags(fields["tags"])
    return _clean_citations(fields["citations"]) if "citations" in fields else None


def _save_citations(entry: BankEntry, citations) -> None:
    if citations is None:
        return
    entry.citations.all().delete()
    BankCitation.objects.bulk_create(
        BankCitation(entry=entry, document=document, article=article) for document, article in citations
    )


def _check_branch(by, branch: Branch | None) -> Branch:
    branch = branch or access.home_branch(by)
    if branch is None or not access.can_use_branch(by, branch):
        raise DomainError(_("Choose your own unit or a unit under it."), field="branch")
    return branch


@transaction.atomic
def create_entry(*, by, branch: Branch | None = None, questions=(), **fields) -> BankEntry:
    """A new draft entry written by hand (or from questions: see `create_from_question`)."""
    _require_staff(by)
    entry = BankEntry(branch=_check_branch(by, branch), created_by=by, updated_by=by)
    citations = _apply(entry, fields)
    entry.save()
    _save_citations(entry, citations)
    if questions:
        link_questions(entry=entry, by=by, questions=questions)
    return entry


def prefill(question: Question) -> dict:
    """The starting point of an entry written from an answered question: its text, its approved answer and that
    answer's legal basis. Identifying details are left in place for the editor to see flagged and remove."""
    answer = (
        question.answers.filter(status=AnswerStatus.APPROVED, kind=AnswerKind.FINAL)
        .prefetch_related("citations__document")
        .order_by("-version")
        .first()
    )
    tags = [question.subcategory] if question.subcategory else []
    return {
        "question_vi": f"{question.title}\n\n{question.body}".strip(),
        "answer_vi": answer.body if answer else "",
        "category": question.category,
        "tags": tags + question.hs_codes[:3],
        "citations": [(c.document, c.article) for c in answer.citations.all()] if answer else [],
    }


@transaction.atomic
def create_from_question(*, question: Question, by) -> BankEntry:
    """ "Publish to the question bank" on an answered question: a draft pre-filled from it, linked to it."""
    _require_staff(by)
    question = Question.objects.visible_to(by).filter(pk=question.pk).first()
    if question is None:
        raise PermissionDenied(_("This question belongs to another unit."))
    if question.status not in QUESTION_DONE or question.merged_into_id:
        raise DomainError(_("Only an answered question can be published to the question bank."))
    branch = question.branch if access.can_use_branch(by, question.branch) else None
    return create_entry(by=by, branch=branch, questions=[question], **prefill(question))


@transaction.atomic
def update_entry(*, entry: BankEntry, by, **fields) -> BankEntry:
    """Change the working texts, category, tags or legal basis. A live entry keeps showing its approved text until
    this revision is approved; an entry in review cannot change (return it first)."""
    entry = _lock(entry, by)
    if entry.status not in EDITABLE:
        raise DomainError(
            _("An entry that is “%(status)s” cannot be changed.") % {"status": entry.get_status_display()}
        )
    if "branch" in fields:
        entry.branch = _check_branch(by, fields.pop("branch"))
    citations = _apply(entry, fields)
    changed = citations is not None or _has_unapproved_changes(entry)
    if entry.status in (S.PUBLISHED, S.NEEDS_UPDATE, S.ARCHIVED) and changed:
        # A revision: the public still reads the approved version (an archived entry stays out of sight).
        entry.status = S.DRAFT
    entry.updated_by = by
    entry.save()
    _save_citations(entry, citations)
    return entry


@transaction.atomic
def link_questions(*, entry: BankEntry, by, questions) -> BankEntry:
    """Record that the entry answers these questions (answered questions of the user's own units)."""
    entry = _lock(entry, by)
    ids = [q.pk if isinstance(q, Question) else q for q in questions]
    found = list(Question.objects.visible_to(by).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise DomainError(_("Choose questions of your own units."), field="questions")
    if any(q.status not in QUESTION_DONE for q in found):
        raise DomainError(_("Only answered questions can be linked to an entry."), field="questions")
    entry.questions.add(*found)
    return entry


@transaction.atomic
def unlink_question(*, entry: BankEntry, by, question: Question) -> BankEntry:
    entry = _lock(entry, by)
    entry.questions.remove(question)
    return entry


# ------------------------------------------------------------------------------------------------ the workflow


def _check_complete(entry: BankEntry) -> None:
    if not any(getattr(entry, f"question_{code}") for code in LANGUAGES):
        raise DomainError(_("Write the question in Vietnamese or English."), field="question_vi")
    for code in LANGUAGES:
        question, answer = getattr(entry, f"question_{code}"), getattr(entry, f"answer_{code}")
        if question and not answer:
            raise DomainError(_("Write the answer to go with the question."), field=f"answer_{code}")
        if answer and not question:
            raise DomainError(_("Write the question to go with the answer."), field=f"question_{code}")
    if not entry.citations.exists():
        raise DomainError(_("Cite at least one legal document as the basis of the answer."), field="citations")


@transaction.atomic
def submit(*, entry: BankEntry, by, acknowledge_flags: bool = False) -> BankEntry:
    """Send the entry for the second approval. Identifying details still in the text stop it, unless the editor
    confirms they are not identifying."""
    entry = _lock(entry, by)
    _check_move(entry, "submit", by)
    _check_complete(entry)
    found = flags(entry)
    if found and not acknowledge_flags:
        listed = "; ".join(f"{flag.label}: {flag.text}" for flag in found[:8])
        raise DomainError(
            _("Remove the details that identify a business, or confirm they are not identifying: %(list)s.")
            % {"list": listed},
            field="acknowledge_flags",
        )
    entry.status = S.IN_REVIEW
    entry.submitted_by, entry.submitted_at = by, timezone.now()
    entry.flags_acknowledged = bool(found)
    entry.review_note = ""
    entry.updated_by = by
    entry.save()
    return entry


@transaction.atomic
def return_entry(*, entry: BankEntry, by, note: str) -> BankEntry:
    entry = _lock(entry, by)
    _check_move(entry, "return", by)
    note = nfc(note).strip()
    if not note:
        raise DomainError(_("Say what needs to change."), field="note")
    entry.status, entry.review_note, entry.updated_by = S.DRAFT, note, by
    entry.save()
    return entry


def _go_live(entry: BankEntry, *, by, now) -> None:
    """Copy the working texts, classification and legal basis to what the public reads. Saves the entry."""
    for name in TEXT_FIELDS:
        setattr(entry, f"public_{name}", getattr(entry, name))
    entry.public_category, entry.public_tags = entry.category, list(entry.tags)
    entry.public_citations.all().delete()
    BankPublicCitation.objects.bulk_create(
        BankPublicCitation(entry=entry, document_id=c.document_id, article=c.article) for c in entry.citations.all()
    )
    entry.search_key = search_key(*(getattr(entry, f"public_{name}") for name in TEXT_FIELDS))
    entry.status, entry.live = S.PUBLISHED, True
    entry.published_at = now
    entry.first_published_at = entry.first_published_at or now
    entry.review_due_on = review_due(timezone.localdate(now))
    entry.outdated_since, entry.outdated_reason, entry.outdated_document = None, "", None
    entry.archived_at = None
    entry.updated_by = by
    entry.save()


@transaction.atomic
def approve(*, entry: BankEntry, by) -> BankEntry:
    """The second approval: by a manager who did not submit the entry. The approved text goes public."""
    entry = _lock(entry, by)
    _check_move(entry, "approve", by)
    if entry.submitted_by_id == by.pk:
        raise PermissionDenied(_("The second approval must come from someone other than the person who submitted it."))
    _check_complete(entry)
    now = timezone.now()
    entry.approved_by, entry.approved_at = by, now
    _go_live(entry, by=by, now=now)
    return entry


@transaction.atomic
def publish(*, entry: BankEntry, by) -> BankEntry:
    """Put an archived entry back in the public bank, unchanged since its last approval (a changed one goes through
    review again). Counts as a review: the next one falls due a review period later."""
    entry = _lock(entry, by)
    _check_move(entry, "publish", by)
    if entry.first_published_at is None:
        raise DomainError(_("This entry has never been approved: submit it for review."))
    if _has_unapproved_changes(entry) or _citations_changed(entry):
        raise DomainError(_("This entry changed since it was approved: submit it for review."))
    if entry.public_citations.exclude(document__status=LegalDocumentStatus.IN_FORCE).exists():
        raise DomainError(_("A legal document this entry cites is no longer in force: update the entry first."))
    _go_live(entry, by=by, now=timezone.now())
    return entry


@transaction.atomic
def mark_reviewed(*, entry: BankEntry, by) -> BankEntry:
    """A manager confirms the published text is still right: the notice goes, the next review is a period away."""
    entry = _lock(entry, by)
    _check_move(entry, "mark_reviewed", by)
    entry.status = S.PUBLISHED
    entry.published_at = timezone.now()
    entry.review_due_on = review_due()
    entry.outdated_since, entry.outdated_reason, entry.outdated_document = None, "", None
    entry.updated_by = by
    entry.save()
    return entry


@transaction.atomic
def archive(*, entry: BankEntry, by) -> BankEntry:
    entry = _lock(entry, by)
    _check_move(entry, "archive", by)
    entry.status, entry.live, entry.archived_at, entry.updated_by = S.ARCHIVED, False, timezone.now(), by
    entry.save()
    return entry


# --------------------------------------------------------------------------------------------- needs update


def _flag_outdated(entries, reason: str, now, document: LegalDocument | None = None) -> int:
    """Put the notice on live entries (published → needs update; a revision in progress keeps its status)."""
    count = 0
    for entry in entries.select_for_update():
        entry.outdated_since = entry.outdated_since or now
        entry.outdated_reason, entry.outdated_document = reason, document
        if entry.status == S.PUBLISHED:
            entry.status = S.NEEDS_UPDATE
        entry.save(update_fields=["status", "outdated_since", "outdated_reason", "outdated_document", "updated_at"])
        reminders.notify_entry_outdated(entry)
        count += 1
    return count


@transaction.atomic
def flag_for_document(document: LegalDocument) -> int:
    """Called when a legal document is marked amended or expired: every live entry citing it needs updating."""
    if document.status == LegalDocumentStatus.IN_FORCE:
        return 0
    reason = _("%(document)s is now “%(status)s”.") % {
        "document": f"{document.get_doc_type_display()} {document.number}",
        "status": document.get_status_display(),
    }
    cited = BankEntry.objects.filter(Q(citations__document=document) | Q(public_citations__document=document))
    entries = BankEntry.objects.filter(live=True, pk__in=cited.values("pk")).exclude(status=S.ARCHIVED)
    return _flag_outdated(entries, reason, timezone.now(), document)


@transaction.atomic
def flag_overdue_reviews(today=None) -> int:
    """The daily scan: published entries whose review date has passed need updating. Safe to run twice."""
    today = today or timezone.localdate()
    due = BankEntry.objects.filter(live=True, review_due_on__lt=today, outdated_since__isnull=True).exclude(
        status=S.ARCHIVED
    )
    return _flag_outdated(due, _("The review date has passed."), timezone.now())


# ------------------------------------------------------------------------------------------ the public's part


def record_view(entry: BankEntry) -> None:
    BankEntry.objects.filter(pk=entry.pk).update(view_count=F("view_count") + 1)


@transaction.atomic
def vote(*, entry: BankEntry, visitor: str, address: str, helpful: bool) -> bool:
    """ "Was this helpful?": counted once per visitor (False when this visitor already answered), and at most
    QUESTION_BANK_VOTES_PER_HOUR votes per network address an hour (RateLimited beyond)."""
    if not entry.live:
        raise DomainError(_("This entry is not published."))
    since = timezone.now() - timedelta(hours=1)
    if BankVote.objects.filter(address=address, at__gte=since).count() >= settings.QUESTION_BANK_VOTES_PER_HOUR:
        raise RateLimited(_("Too many votes from your network. Please try again later."))
    try:
        with transaction.atomic():
            BankVote.objects.create(entry=entry, visitor=visitor, address=address, helpful=bool(helpful))
    except IntegrityError:
        return False
    counter = "helpful_count" if helpful else "unhelpful_count"
    BankEntry.objects.filter(pk=entry.pk).update(**{counter: F(counter) + 1})
    return True


@transaction.atomic
def record_deflection(*, entry: BankEntry, by, query: str = "") -> BankDeflection:
    """A portal user found the answer among the suggestions and did not submit the question."""
    enterprise_id = access.portal_enterprise_id(by)
    if enterprise_id is None:
        raise PermissionDenied(_("Only enterprise portal users can do this."))
    if not BankEntry.objects.public().filter(pk=entry.pk).exists():
        raise DomainError(_("This entry is not published."), field="entry")
    return BankDeflection.objects.create(
        entry=entry, enterprise_id=enterprise_id, user=by, query=nfc(query).strip()[:2000]
    )


def record_suggestions(*, question: Question, entry_ids) -> None:
    """The entries the enterprise was shown while typing a question it then submitted."""
    ids = [int(i) for i in entry_ids if str(i).isdigit()][:20]
    if ids:
        question.suggested_entries.add(*BankEntry.objects.public().filter(pk__in=ids))
