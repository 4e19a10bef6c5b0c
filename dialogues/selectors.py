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
    Attendee,
    Conference,
    ConferenceStatus,
    FollowUpAction,
    Invitation,
    PlanItem,
    Question,
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
        .select_related("branch", "owner", "owner_enterprise", "conference", "agreement_review__agreement")
        .order_by("due_on", "id")
    )


def action_detail_visible_to(user) -> QuerySet[FollowUpAction]:
    return actions_visible_to(user).prefetch_related(
        Prefetch("log", queryset=ActionProgress.objects.select_related("by").order_by("-at", "-id"))
    )


def open_actions_of_branch(user) -> QuerySet[FollowUpAction]:
    return actions_visible_to(user).filter(status__in=ACTION_OPEN)


def questions_visible_to(user) -> QuerySet[Question]:
    return (
        Question.objects.visible_to(user).select_related("enterprise", "conference", "branch").order_by("-received_at")
    )


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
