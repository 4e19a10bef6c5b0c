"""Actions on conferences: plan, invite, register (capacity and waiting list), check in, close with a report.

Status: planned → invitations sent → held (needs the report) → minutes published → follow-up closed (needs every
action settled); a conference that has not been held can be cancelled.
"""

import secrets
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm import access
from crm.errors import DomainError
from crm.models import Contact, Enterprise, Notification, NotificationKind
from crm.text import nfc, search_key
from dialogues.models import (
    ACTION_SETTLED,
    OPEN_FOR_REGISTRATION,
    Addressee,
    Attendee,
    Conference,
    ConferenceReport,
    ConferenceStatus,
    Invitation,
    PlanItem,
    QuestionChannel,
    Recommendation,
    Registration,
    RegistrationStatus,
)
from dialogues.services import actions as action_services
from dialogues.services import questions as question_services
from partnerships.models import Agreement

C = ConferenceStatus
TEXT_FIELDS = ("title", "co_organisers", "venue", "agenda", "chairs")
M2M_FIELDS = ("target_segments", "agreements", "co_organising_associations")


def _check_branch(by, branch) -> None:
    if by is not None and not access.can_use_branch(by, branch):
        raise DomainError(
            _("You can only organise conferences of your own unit or the units under it."), field="branch"
        )


def _locked(conference: Conference) -> Conference:
    return Conference.objects.select_for_update().get(pk=conference.pk)


def _require_status(conference: Conference, allowed, message: str) -> None:
    if conference.status not in allowed:
        raise DomainError(message % {"status": conference.get_status_display()})


# --- The annual plan ---------------------------------------------------------------------------------------------


@transaction.atomic
def save_plan_item(*, by, item: PlanItem | None = None, target_segments=None, **fields) -> PlanItem:
    item = item or PlanItem(created_by=by)
    for name, value in fields.items():
        setattr(item, name, nfc(value).strip() if isinstance(value, str) else value)
    _check_branch(by, item.branch)
    item.updated_by = by
    item.full_clean()
    item.save()
    if target_segments is not None:
        item.target_segments.set(target_segments)
    return item


# --- Conferences -------------------------------------------------------------------------------------------------


def _apply(conference: Conference, by, fields: dict) -> dict:
    m2m = {name: fields.pop(name) for name in M2M_FIELDS if name in fields}
    for name, value in fields.items():
        setattr(conference, name, nfc(value).strip() if name in TEXT_FIELDS and isinstance(value, str) else value)
    if conference.starts_at and conference.ends_at and conference.ends_at < conference.starts_at:
        raise DomainError(_("The conference cannot end before it starts."), field="ends_at")
    if "agreements" in m2m and by is not None:
        agreements = list(m2m["agreements"])
        visible = Agreement.objects.visible_to(by).filter(pk__in=[a.pk for a in agreements]).count()
        if visible != len(agreements):
            raise DomainError(_("One of the agreements belongs to a unit outside yours."), field="agreements")
    return m2m


@transaction.atomic
def create_conference(*, by, branch, title: str, starts_at: datetime, ends_at: datetime, **fields) -> Conference:
    _check_branch(by, branch)
    conference = Conference(branch=branch, created_by=by, updated_by=by)
    m2m = _apply(conference, by, {"title": title, "starts_at": starts_at, "ends_at": ends_at, **fields})
    plan_item = conference.plan_item
    if plan_item is not None and plan_item.branch_id != branch.pk:
        raise DomainError(_("The planned item belongs to another unit."), field="plan_item")
    conference.full_clean()
    conference.save()
    for name, values in m2m.items():
        getattr(conference, name).set(values)
    return conference


@transaction.atomic
def update_conference(*, conference: Conference, by, **fields) -> Conference:
    """Change the details of a conference that has not been held yet (after that only `is_public` changes)."""
    conference = _locked(conference)
    if conference.status not in OPEN_FOR_REGISTRATION:
        changed = {
            name for name, value in fields.items() if name not in AFTER_HELD and _differs(conference, name, value)
        }
        if changed:
            raise DomainError(_("This conference has been held or cancelled; its details can no longer change."))
    if "branch" in fields:
        _check_branch(by, fields["branch"])
    capacity_before = conference.capacity
    m2m = _apply(conference, by, dict(fields))
    if conference.plan_item is not None and conference.plan_item.branch_id != conference.branch_id:
        raise DomainError(_("The planned item belongs to another unit."), field="plan_item")
    conference.updated_by = by
    conference.full_clean()
    conference.save()
    for name, values in m2m.items():
        getattr(conference, name).set(values)
    if conference.capacity != capacity_before and conference.status in OPEN_FOR_REGISTRATION:
        promote_waiting_list(conference)
    return conference


# Once held, only these may still change: whether it is public, and which agreements were signed or reviewed there.
AFTER_HELD = {"is_public", "agreements"}


def _differs(conference: Conference, name: str, value) -> bool:
    if name in M2M_FIELDS:
        return set(getattr(conference, name).values_list("pk", flat=True)) != {item.pk for item in value}
    return getattr(conference, name) != value


@transaction.atomic
def cancel_conference(*, conference: Conference, by, reason: str) -> Conference:
    conference = _locked(conference)
    _require_status(conference, OPEN_FOR_REGISTRATION, _("A conference that is “%(status)s” cannot be cancelled."))
    if not nfc(reason or "").strip():
        raise DomainError(_("Give the reason."), field="reason")
    conference.status, conference.updated_by = C.CANCELLED, by
    conference.save()
    return conference


# --- Invitations -------------------------------------------------------------------------------------------------


def _notify_contacts(conference: Conference, invitations: list[Invitation]) -> int:
    """Write one outbox row per active contact with an email of each invited enterprise (delivered later)."""
    contacts = Contact.objects.filter(enterprise__in=[i.enterprise_id for i in invitations], is_active=True).exclude(
        email=""
    )
    token_of = {i.enterprise_id: i.token for i in invitations}
    rows = [
        Notification(
            kind=NotificationKind.CONFERENCE_INVITATION,
            email=contact.email,
            name=contact.full_name,
            language=contact.language if contact.language in ("vi", "en") else "vi",
            subject=f"conference:{conference.pk}",
            dedupe_key=f"conference_invitation:{conference.pk}:contact:{contact.pk}",
            payload={
                "conference": conference.pk,
                "enterprise": contact.enterprise_id,
                "token": token_of[contact.enterprise_id],
            },
        )
        for contact in contacts
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


@transaction.atomic
def invite(*, conference: Conference, by, enterprises, channel: str) -> list[Invitation]:
    """Invite enterprises (already invited ones are skipped) and queue an invitation to each one's contacts.

    Enterprises must be visible to `by`; the conference moves to "invitations sent". Returns the new invitations.
    """
    conference = _locked(conference)
    _require_status(
        conference, OPEN_FOR_REGISTRATION, _("Invitations cannot be sent for a conference that is “%(status)s”.")
    )
    ids = {e.pk for e in enterprises}
    if not ids:
        raise DomainError(_("No enterprise to invite."))
    visible = Enterprise.objects.visible_to(by) if by is not None else Enterprise.objects.all()
    if visible.filter(pk__in=ids).count() != len(ids):
        raise DomainError(_("One of the enterprises is not managed by your units."), field="enterprises")
    already = set(conference.invitations.filter(enterprise_id__in=ids).values_list("enterprise_id", flat=True))
    new = [
        Invitation(
            conference=conference,
            enterprise_id=pk,
            channel=channel,
            token=secrets.token_urlsafe(32),
            created_by=by,
            updated_by=by,
        )
        for pk in sorted(ids - already)
    ]
    Invitation.objects.bulk_create(new)
    _notify_contacts(conference, new)
    if conference.status == C.PLANNED:
        conference.status, conference.updated_by = C.INVITATIONS_SENT, by
        conference.save()
    return new


def segment_enterprises(by, segment):
    return Enterprise.objects.visible_to(by).active().filter(segments=segment)


def association_enterprises(by, association):
    return Enterprise.objects.visible_to(by).active().filter(associations=association)


# --- Registrations -----------------------------------------------------------------------------------------------


def _seats_taken(conference: Conference) -> int:
    return Attendee.objects.filter(
        registration__conference=conference, registration__status=RegistrationStatus.REGISTERED
    ).count()


def _check_can_register(by, conference: Conference, enterprise: Enterprise) -> None:
    if by is None:  # the system (demo data, imports)
        return
    if access.is_staff_member(by):
        if not Enterprise.objects.visible_to(by).filter(pk=enterprise.pk).exists():
            raise DomainError(_("This enterprise is not managed by your units."), field="enterprise")
        return
    if access.portal_enterprise_id(by) != enterprise.pk:
        raise PermissionDenied(_("You can only register your own enterprise."))
    if not conference.invitations.filter(enterprise=enterprise).exists():
        raise DomainError(_("Your enterprise has not been invited to this conference."))


def _attendee_search_text(attendee: Attendee, enterprise: Enterprise | None) -> str:
    parts = [attendee.full_name, attendee.organisation]
    if enterprise is not None:
        parts += [enterprise.name_vi, enterprise.short_name, enterprise.tax_code]
    return search_key(*parts)


def _add_attendees(conference, registration, enterprise, people: list[dict]) -> list[Attendee]:
    rows = []
    for person in people:
        name = nfc(person.get("full_name") or "").strip()
        if not name:
            raise DomainError(_("Give the name of every attendee."), field="attendees")
        attendee = Attendee(
            conference=conference,
            registration=registration,
            contact=person.get("contact"),
            full_name=name,
            position=nfc(person.get("position") or "").strip(),
            phone=(person.get("phone") or "").strip(),
            email=(person.get("email") or "").strip(),
            organisation=nfc(person.get("organisation") or "").strip(),
        )
        attendee.search_text = _attendee_search_text(attendee, enterprise)
        rows.append(attendee)
    return Attendee.objects.bulk_create(rows)


@transaction.atomic
def register(
    *, conference: Conference, by, enterprise: Enterprise, attendees: list[dict], questions: list[dict] = (), note=""
) -> Registration:
    """Register the people who will attend; over capacity the registration waits on the list.

    Questions sent in advance ({"title", "body"}) become questions of the conference's unit. A portal user may
    register only their own, invited enterprise; staff any enterprise they see.
    """
    conference = _locked(conference)  # serialises registrations so two cannot take the last seat
    _check_can_register(by, conference, enterprise)
    _require_status(conference, OPEN_FOR_REGISTRATION, _("Registration is closed: the conference is “%(status)s”."))
    if not attendees:
        raise DomainError(_("Register at least one attendee."), field="attendees")
    existing = Registration.objects.filter(conference=conference, enterprise=enterprise).first()
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        raise DomainError(_("This enterprise is already registered; change its attendees instead."))
    # First come, first served: while anyone waits, newcomers queue behind them even if seats are free.
    someone_waits = Registration.objects.filter(conference=conference, status=RegistrationStatus.WAITLISTED).exists()
    full = conference.capacity is not None and (
        someone_waits or _seats_taken(conference) + len(attendees) > conference.capacity
    )
    status = RegistrationStatus.WAITLISTED if full else RegistrationStatus.REGISTERED
    if existing is not None:
        registration = existing
        registration.attendees.all().delete()
        registration.status, registration.note, registration.updated_by = status, nfc(note).strip(), by
        registration.queued_at = timezone.now()  # a new place in the queue, behind those already waiting
        registration.save()
    else:
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    conference=conference,
                    enterprise=enterprise,
                    status=status,
                    note=nfc(note).strip(),
                    created_by=by,
                    updated_by=by,
                )
        except IntegrityError as exc:
            raise DomainError(_("This enterprise is already registered; change its attendees instead.")) from exc
    _add_attendees(conference, registration, enterprise, attendees)
    for question in questions or ():
        if not (question.get("title") or question.get("body")):
            continue
        question_services.record_question(
            by=by,
            branch=conference.branch,
            channel=QuestionChannel.CONFERENCE_ADVANCE,
            title=question.get("title") or question.get("body", "")[:120],
            body=question.get("body") or question.get("title"),
            enterprise=enterprise,
            conference=conference,
        )
    if by is not None and not access.is_staff_member(by):
        Notification.objects.create(
            kind=NotificationKind.REGISTRATION_WAITLISTED if full else NotificationKind.REGISTRATION_CONFIRMED,
            recipient=by,
            subject=f"conference:{conference.pk}",
            dedupe_key=f"registration:{registration.pk}:{status}:{timezone.now().timestamp()}",
            payload={"conference": conference.pk, "registration": registration.pk},
        )
    return registration


@transaction.atomic
def cancel_registration(*, registration: Registration, by) -> Registration:
    """Cancel, and give the freed seats to the waiting list in order of arrival."""
    conference = _locked(registration.conference)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not access.is_staff_member(by) and access.portal_enterprise_id(by) != registration.enterprise_id:
        raise PermissionDenied(_("You can only cancel your own registration."))
    if registration.status == RegistrationStatus.CANCELLED:
        raise DomainError(_("This registration is already cancelled."))
    _require_status(conference, OPEN_FOR_REGISTRATION, _("Registration is closed: the conference is “%(status)s”."))
    registration.status, registration.updated_by = RegistrationStatus.CANCELLED, by
    registration.save()
    promote_waiting_list(conference)
    return registration


def promote_waiting_list(conference: Conference) -> list[Registration]:
    """Move waiting registrations (oldest first) to registered while their attendees fit. Call under the lock."""
    promoted = []
    if conference.capacity is None:
        waiting = Registration.objects.filter(conference=conference, status=RegistrationStatus.WAITLISTED)
        promoted = list(waiting)
        waiting.update(status=RegistrationStatus.REGISTERED)
        return promoted
    free = conference.capacity - _seats_taken(conference)
    for registration in (
        Registration.objects.filter(conference=conference, status=RegistrationStatus.WAITLISTED)
        .order_by("queued_at", "pk")
        .prefetch_related("attendees")
    ):
        size = len(registration.attendees.all())
        if size > free:
            break
        registration.status = RegistrationStatus.REGISTERED
        registration.save(update_fields=["status", "updated_at"])
        free -= size
        promoted.append(registration)
    return promoted


# --- The day: check-in and walk-ins ------------------------------------------------------------------------------

CHECK_IN_STATUSES = (C.PLANNED, C.INVITATIONS_SENT)


@transaction.atomic
def check_in(*, attendee: Attendee, by) -> Attendee:
    """Mark an attendee as arrived. Checking in twice is refused with the time of the first check-in."""
    attendee = (
        Attendee.objects.select_for_update(of=("self",))
        .select_related("conference", "registration")
        .get(pk=attendee.pk)
    )
    _require_status(attendee.conference, CHECK_IN_STATUSES, _("Check-in is closed: the conference is “%(status)s”."))
    if attendee.registration is not None and attendee.registration.status != RegistrationStatus.REGISTERED:
        raise DomainError(_("This attendee's registration is not confirmed (waiting list or cancelled)."))
    if attendee.checked_in_at is not None:
        raise DomainError(
            _("%(name)s already checked in at %(time)s.")
            % {"name": attendee.full_name, "time": timezone.localtime(attendee.checked_in_at).strftime("%H:%M")}
        )
    attendee.checked_in_at, attendee.checked_in_by = timezone.now(), by
    attendee.save(update_fields=["checked_in_at", "checked_in_by"])
    return attendee


@transaction.atomic
def undo_check_in(*, attendee: Attendee, by) -> Attendee:
    attendee = Attendee.objects.select_for_update(of=("self",)).select_related("conference").get(pk=attendee.pk)
    _require_status(attendee.conference, CHECK_IN_STATUSES, _("Check-in is closed: the conference is “%(status)s”."))
    attendee.checked_in_at, attendee.checked_in_by = None, None
    attendee.save(update_fields=["checked_in_at", "checked_in_by"])
    return attendee


@transaction.atomic
def walk_in(
    *,
    conference: Conference,
    by,
    full_name: str,
    position: str = "",
    enterprise: Enterprise | None = None,
    organisation: str = "",
    phone: str = "",
    email: str = "",
) -> Attendee:
    """Someone who arrives without registering: added and checked in at once (over capacity if need be)."""
    conference = _locked(conference)
    _require_status(conference, CHECK_IN_STATUSES, _("Check-in is closed: the conference is “%(status)s”."))
    registration = None
    if enterprise is not None:
        if not Enterprise.objects.visible_to(by).filter(pk=enterprise.pk).exists():
            raise DomainError(_("This enterprise is not managed by your units."), field="enterprise")
        registration, _created = Registration.objects.get_or_create(
            conference=conference,
            enterprise=enterprise,
            defaults={"walk_in": True, "created_by": by, "updated_by": by},
        )
        if registration.status != RegistrationStatus.REGISTERED:
            registration.status = RegistrationStatus.REGISTERED
            registration.save(update_fields=["status", "updated_at"])
    elif not nfc(organisation).strip():
        raise DomainError(_("Choose the enterprise or write the organisation's name."), field="organisation")
    (attendee,) = _add_attendees(
        conference,
        registration,
        enterprise,
        [{"full_name": full_name, "position": position, "organisation": organisation, "phone": phone, "email": email}],
    )
    attendee.checked_in_at, attendee.checked_in_by = timezone.now(), by
    attendee.save(update_fields=["checked_in_at", "checked_in_by"])
    return attendee


# --- Closing: the report, minutes, follow-up ---------------------------------------------------------------------


@transaction.atomic
def close_conference(
    *,
    conference: Conference,
    by,
    minutes: str,
    attendee_count: int | None = None,
    attendee_count_reason: str = "",
    answered_on_spot: int = 0,
    needing_written_answer: int = 0,
    survey_link: str = "",
    minutes_pdf=None,
    attending_associations=(),
    recommendations: list[dict] = (),
    actions: list[dict] = (),
) -> ConferenceReport:
    """File the report; the conference then counts as held. The attendee count comes from check-ins unless an
    edited figure is given with its reason. Recommendations and follow-up actions are created with it."""
    conference = _locked(conference)
    _require_status(conference, CHECK_IN_STATUSES, _("A conference that is “%(status)s” cannot be closed."))
    if conference.starts_at > timezone.now():
        raise DomainError(_("A conference can be closed only once it has started."))
    if not nfc(minutes or "").strip():
        raise DomainError(
            _("Write the minutes (a summary is enough; attach the signed PDF if there is one)."), field="minutes"
        )
    checked_in = conference.attendees.filter(checked_in_at__isnull=False)
    counted = checked_in.count()
    if attendee_count is None:
        attendee_count = counted
    elif attendee_count != counted and not nfc(attendee_count_reason or "").strip():
        raise DomainError(
            _("%(n)s attendees checked in; give the reason for reporting a different number.") % {"n": counted},
            field="attendee_count_reason",
        )
    if minutes_pdf:
        from crm.files import PDF, check_document

        check_document(minutes_pdf, kinds=PDF, field="minutes_pdf")
    report = ConferenceReport(
        conference=conference,
        attendee_count=attendee_count,
        attendee_count_reason=nfc(attendee_count_reason or "").strip(),
        enterprise_count=checked_in.exclude(registration=None).values("registration__enterprise").distinct().count(),
        minutes=nfc(minutes).strip(),
        minutes_pdf=minutes_pdf or "",
        answered_on_spot=answered_on_spot,
        needing_written_answer=needing_written_answer,
        survey_link=survey_link,
        created_by=by,
        updated_by=by,
    )
    report.full_clean()
    report.save()
    report.attending_associations.set(attending_associations)
    for item in recommendations or ():
        text = nfc(item.get("text") or "").strip()
        if not text:
            continue
        if item.get("addressed_to") not in Addressee.values:
            raise DomainError(_("Choose who each recommendation is addressed to."), field="recommendations")
        Recommendation.objects.create(
            conference=conference,
            text=text,
            addressed_to=item["addressed_to"],
            is_public=item.get("is_public", True),
            created_by=by,
            updated_by=by,
        )
    conference.status, conference.updated_by = C.HELD, by
    conference.save()
    for item in actions or ():
        action_services.create_action(by=by, conference=conference, **item)
    return report


@transaction.atomic
def publish_minutes(*, conference: Conference, by) -> Conference:
    conference = _locked(conference)
    _require_status(
        conference, (C.HELD,), _("Minutes can be published only for a held conference (it is “%(status)s”).")
    )
    report = conference.report
    report.published_at, report.updated_by = timezone.now(), by
    report.save(update_fields=["published_at", "updated_by", "updated_at"])
    conference.status, conference.updated_by = C.MINUTES_PUBLISHED, by
    conference.save()
    return conference


@transaction.atomic
def close_follow_up(*, conference: Conference, by) -> Conference:
    """Only when every action of the conference is done, cancelled or referred."""
    conference = _locked(conference)
    _require_status(
        conference,
        (C.HELD, C.MINUTES_PUBLISHED),
        _("The follow-up of a conference that is “%(status)s” cannot be closed."),
    )
    if conference.status == C.HELD:
        raise DomainError(_("Publish the minutes before closing the follow-up."))
    open_count = conference.actions.exclude(status__in=ACTION_SETTLED).count()
    if open_count:
        raise DomainError(
            _("%(n)s follow-up actions are still open; finish, cancel or refer them first.") % {"n": open_count}
        )
    conference.status, conference.updated_by = C.FOLLOW_UP_CLOSED, by
    conference.save()
    return conference


def checked_in_count(conference: Conference) -> int:
    return conference.attendees.filter(checked_in_at__isnull=False).count()
