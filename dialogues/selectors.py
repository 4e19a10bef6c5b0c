"""Reads of the dialogues app. Each takes the user, scopes through crm.access and fetches what the page shows."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from crm import access
from crm.db import vietnamese
from crm.models import Branch
from crm.text import search_key
from dialogues.models import (
    ACTION_OPEN,
    ActionProgress,
    Answer,
    AnswerStatus,
    Attendee,
    BankCitation,
    BankEntry,
    BankPublicCitation,
    Citation,
    Conference,
    ConferenceStatus,
    FollowUpAction,
    Invitation,
    LegalDocument,
    PlanItem,
    Question,
    QuestionAttachment,
    QuestionEvent,
    Rating,
    Recommendation,
    Registration,
    RegistrationStatus,
)


def _count(rows: QuerySet):
    """A correlated count per conference. Joining three one-to-many tables and counting distinct rows would multiply
    them (300 invitations × 130 registrations × 170 attendees); each subquery reads one index range instead."""
    counted = rows.filter(conference=OuterRef("pk")).order_by().values("conference").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def conferences_visible_to(user) -> QuerySet[Conference]:
    """For lists: unit joined; invited / registered / checked-in counts annotated (one query)."""
    return (
        Conference.objects.visible_to(user)
        .select_related("branch")
        .annotate(
            invited_count=_count(Invitation.objects.all()),
            registered_count=_count(Registration.objects.filter(status=RegistrationStatus.REGISTERED)),
            checked_in_count=_count(Attendee.objects.filter(checked_in_at__isnull=False)),
        )
        .order_by("-starts_at", "-id")
    )


def conference_detail_visible_to(user) -> QuerySet[Conference]:
    return (
        conferences_visible_to(user)
        .select_related("plan_item", "report")
        .prefetch_related(
            "target_segments",
            "co_organising_associations",
            "agreements",
            Prefetch("recommendations", queryset=Recommendation.objects.order_by("id")),
            Prefetch(
                "actions",
                queryset=FollowUpAction.objects.select_related("owner", "owner_enterprise").order_by("due_on", "id"),
            ),
        )
    )


def registrations_visible_to(user) -> QuerySet[Registration]:
    return (
        Registration.objects.visible_to(user)
        .select_related("conference", "enterprise")
        .prefetch_related(Prefetch("attendees", queryset=Attendee.objects.order_by("id")))
        .order_by("created_at", "id")
    )


def attendees_of(conference: Conference) -> QuerySet[Attendee]:
    return conference.attendees.select_related("registration__enterprise").order_by(vietnamese("full_name"), "id")


def check_in_search(conference: Conference, query: str, *, limit: int = 20) -> QuerySet[Attendee]:
    """Attendees whose name, organisation, enterprise name or tax code contains the query (diacritics optional)."""
    attendees = attendees_of(conference)
    key = search_key(query)
    if not key:
        return attendees.none()
    return attendees.filter(search_text__contains=key)[:limit]


def plan_visible_to(user, *, year: int, branch: Branch | None = None) -> QuerySet[PlanItem]:
    items = PlanItem.objects.visible_to(user).filter(year=year)
    if branch is not None:
        items = items.filter(branch__path__startswith=branch.path)
    return (
        items.select_related("branch", "conference")
        .prefetch_related("target_segments")
        .order_by("quarter", "branch__path", "id")
    )


def actions_visible_to(user) -> QuerySet[FollowUpAction]:
    return (
        FollowUpAction.objects.visible_to(user)
        .select_related("branch", "owner", "owner_enterprise", "conference", "agreement_review__agreement", "question")
        .order_by("due_on", "id")
    )


def action_detail_visible_to(user) -> QuerySet[FollowUpAction]:
    return actions_visible_to(user).prefetch_related(
        Prefetch("log", queryset=ActionProgress.objects.select_related("by").order_by("-at", "-id"))
    )


def open_actions_of_branch(user) -> QuerySet[FollowUpAction]:
    return actions_visible_to(user).filter(status__in=ACTION_OPEN)


def questions_visible_to(user) -> QuerySet[Question]:
    """For lists and the inbox: enterprise, units and assignee joined (one query per page)."""
    return (
        Question.objects.visible_to(user)
        .select_related("enterprise", "conference", "branch", "assigned_unit", "assignee")
        .order_by("-received_at", "-id")
    )


def question_detail_visible_to(user) -> QuerySet[Question]:
    """One question with everything its page shows. For a portal user, internal events and files and unsent answer
    versions are left out here, so no template or serializer can leak them."""
    staff = access.is_staff_member(user)
    answers = Answer.objects.select_related("drafted_by", "reviewed_by").prefetch_related(
        Prefetch("citations", queryset=Citation.objects.select_related("document"))
    )
    events = QuestionEvent.objects.select_related("by")
    attachments = QuestionAttachment.objects.all()
    if not staff:
        answers = answers.filter(status=AnswerStatus.APPROVED)
        events = events.filter(public=True)
        attachments = attachments.filter(internal=False)
    return (
        questions_visible_to(user)
        .select_related("contact", "merged_into", "answered_from")
        .prefetch_related(
            Prefetch("answers", queryset=answers.order_by("version"), to_attr="visible_answers"),
            Prefetch("events", queryset=events.order_by("at", "id"), to_attr="visible_events"),
            Prefetch("attachments", queryset=attachments.order_by("uploaded_at", "id"), to_attr="visible_attachments"),
            Prefetch("ratings", queryset=Rating.objects.order_by("answer__version"), to_attr="all_ratings"),
        )
    )


def sent_answers(question: Question) -> list[Answer]:
    """The approved answers the enterprise sees: the question's own, or, for a merged duplicate, those of the
    question it was merged into."""
    source = question.merged_into_id or question.pk
    return list(
        Answer.objects.filter(question_id=source, status=AnswerStatus.APPROVED)
        .prefetch_related(Prefetch("citations", queryset=Citation.objects.select_related("document")))
        .order_by("version")
    )


def enterprise_history(user, question: Question) -> dict:
    """The asking enterprise's background for the question page: its other questions, its agreements and the
    conferences it attended (each list short and scoped)."""
    if question.enterprise_id is None or not access.is_staff_member(user):
        return {"questions": [], "agreements": [], "conferences": []}
    from partnerships.models import Agreement, AgreementParty

    questions = list(
        Question.objects.visible_to(user)
        .filter(enterprise_id=question.enterprise_id)
        .exclude(pk=question.pk)
        .only("id", "reference", "title", "status", "received_at")
        .order_by("-received_at")[:10]
    )
    agreements = list(
        Agreement.objects.visible_to(user)
        .filter(pk__in=AgreementParty.objects.filter(enterprise_id=question.enterprise_id).values("agreement_id"))
        .only("id", "doc_number", "title", "status", "kind")
        .order_by("-id")[:10]
    )
    conferences = list(
        Conference.objects.visible_to(user)
        .filter(
            pk__in=Attendee.objects.filter(
                registration__enterprise_id=question.enterprise_id, checked_in_at__isnull=False
            ).values("conference_id")
        )
        .only("id", "title", "starts_at", "status")
        .order_by("-starts_at")[:10]
    )
    return {"questions": questions, "agreements": agreements, "conferences": conferences}


def legal_documents_visible_to(user) -> QuerySet[LegalDocument]:
    return LegalDocument.objects.visible_to(user).select_related("amended_by")


# --- Public ("you said, we did") ---------------------------------------------------------------------------------

PUBLISHED = (ConferenceStatus.MINUTES_PUBLISHED, ConferenceStatus.FOLLOW_UP_CLOSED)


def public_conferences(branch: Branch) -> QuerySet[Conference]:
    """What the public sees of a unit: public conferences whose minutes are out, their public recommendations and
    the progress of their public actions. No people, no enterprises."""
    return (
        Conference.objects.filter(branch=branch, is_public=True, status__in=PUBLISHED)
        .select_related("report")
        .prefetch_related(
            Prefetch("recommendations", queryset=Recommendation.objects.filter(is_public=True).order_by("id")),
            Prefetch("actions", queryset=FollowUpAction.objects.filter(is_public=True).order_by("due_on", "id")),
        )
        .order_by("-starts_at")
    )


def is_visible_branch(user, branch: Branch) -> bool:
    return access.can_use_branch(user, branch)


# ---------------------------------------------------------------------------------------------- question bank

PUBLIC_ENTRY_FIELDS = (
    "id",
    "branch__name_vi",
    "branch__name_en",
    "branch__code",
    "public_category",
    "public_tags",
    "public_question_vi",
    "public_answer_vi",
    "public_question_en",
    "public_answer_en",
    "live",
    "first_published_at",
    "published_at",
    "outdated_since",
    "outdated_document__number",
    "outdated_document__doc_type",
    "outdated_document__status",
    "view_count",
    "helpful_count",
    "unhelpful_count",
)


def bank_entries_visible_to(user) -> QuerySet[BankEntry]:
    """Staff lists: the entries of the user's units, with who submitted and approved them."""
    return BankEntry.objects.visible_to(user).select_related("branch", "submitted_by", "approved_by", "updated_by")


def bank_entry_detail_visible_to(user) -> QuerySet[BankEntry]:
    return (
        BankEntry.objects.visible_to(user)
        .select_related("branch", "submitted_by", "approved_by", "created_by", "updated_by")
        .prefetch_related(
            Prefetch("citations", queryset=BankCitation.objects.select_related("document").order_by("id")),
            Prefetch("questions", queryset=Question.objects.select_related("enterprise").order_by("-received_at")),
        )
    )


def public_bank_entries() -> QuerySet[BankEntry]:
    """What anyone may read: live entries, their published texts only (never the working drafts or who wrote them)."""
    return BankEntry.objects.public().select_related("branch", "outdated_document").only(*PUBLIC_ENTRY_FIELDS)


def public_bank_entry() -> QuerySet[BankEntry]:
    """One public entry with its approved legal basis (`public_citations`)."""
    return public_bank_entries().prefetch_related(
        Prefetch("public_citations", queryset=BankPublicCitation.objects.select_related("document").order_by("id"))
    )


def related_bank_entries(entry: BankEntry, *, limit: int = 5) -> list[BankEntry]:
    """Other public entries of the same category, those sharing the most tags first, then the most read."""
    candidates = list(
        public_bank_entries()
        .filter(public_category=entry.public_category)
        .exclude(pk=entry.pk)
        .order_by("-view_count", "-id")[:50]
    )
    tags = {t.lower() for t in entry.public_tags}
    candidates.sort(key=lambda e: -len(tags & {t.lower() for t in e.public_tags}))
    return candidates[:limit]


def bank_category_counts() -> dict[str, int]:
    rows = BankEntry.objects.public().order_by().values("public_category").annotate(n=Count("pk"))
    return {row["public_category"]: row["n"] for row in rows}
