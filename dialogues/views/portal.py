"""HTML pages of the dialogues app for the enterprise portal: the conferences an enterprise is invited to or
registered for, registering its attendees (with questions sent in advance), cancelling, and the invitation link.

Only portal users reach these pages; anyone else gets 404, as on the portal's home page."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm import access
from crm.errors import DomainError
from crm.models import Enterprise
from dialogues import selectors
from dialogues.forms.portal import AttendeeFormSet, QuestionFormSet, RegistrationNoteForm, attendees_of, questions_of
from dialogues.models import OPEN_FOR_REGISTRATION, Conference, Invitation, RegistrationStatus
from dialogues.services import conferences as services


def portal_required(view):
    """Portal users only (they act for one enterprise); staff and others get 404, anonymous users the login page."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if access.portal_enterprise_id(request.user) is None:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def portal_conferences(user) -> QuerySet[Conference]:
    """The conferences the user's enterprise is invited to or registered for, with its own registration attached as
    `mine` (a list of zero or one). Nothing about other enterprises is read."""
    enterprise_id = access.portal_enterprise_id(user)
    if enterprise_id is None:
        return Conference.objects.none()
    invited = Invitation.objects.filter(enterprise_id=enterprise_id).values("conference_id")
    registered = selectors.registrations_visible_to(user).values("conference_id")
    return (
        Conference.objects.filter(Q(pk__in=invited) | Q(pk__in=registered))
        .select_related("branch")
        .prefetch_related(
            Prefetch("registrations", queryset=selectors.registrations_visible_to(user), to_attr="mine"),
            Prefetch(
                "invitations", queryset=Invitation.objects.filter(enterprise_id=enterprise_id), to_attr="my_invitations"
            ),
        )
        .order_by("-starts_at", "-id")
    )


@portal_required
def conference_list(request):
    conferences = list(portal_conferences(request.user))
    upcoming = [c for c in conferences if c.status in OPEN_FOR_REGISTRATION]
    past = [c for c in conferences if c.status not in OPEN_FOR_REGISTRATION]
    upcoming.reverse()  # soonest first
    return render(request, "dialogues/portal/list.html", {"upcoming": upcoming, "past": past})


def _render_detail(request, conference, *, attendee_formset=None, question_formset=None, note_form=None, errors=()):
    registration = conference.mine[0] if conference.mine else None
    is_registered = registration is not None and registration.status != RegistrationStatus.CANCELLED
    is_open = conference.status in OPEN_FOR_REGISTRATION
    can_register = is_open and not is_registered and bool(conference.my_invitations)
    context = {
        "conference": conference,
        "registration": registration,
        "is_registered": is_registered,
        "is_open": is_open,
        "can_register": can_register,
        "invited": bool(conference.my_invitations),
        "attendee_formset": attendee_formset or AttendeeFormSet(prefix="attendees"),
        "question_formset": question_formset or QuestionFormSet(prefix="questions"),
        "note_form": note_form or RegistrationNoteForm(),
        "register_errors": list(errors),
        "agenda": [line.strip() for line in conference.agenda.splitlines() if line.strip()],
    }
    return render(request, "dialogues/portal/detail.html", context)


@portal_required
def conference_detail(request, pk):
    """The conference as the enterprise sees it; POST registers its attendees (and questions sent in advance)."""
    conference = get_object_or_404(portal_conferences(request.user), pk=pk)
    if request.method != "POST":
        return _render_detail(request, conference)
    attendee_formset = AttendeeFormSet(request.POST, prefix="attendees")
    question_formset = QuestionFormSet(request.POST, prefix="questions")
    note_form = RegistrationNoteForm(request.POST)
    errors = []
    if attendee_formset.is_valid() and question_formset.is_valid() and note_form.is_valid():
        enterprise = get_object_or_404(
            Enterprise.objects.visible_to(request.user), pk=access.portal_enterprise_id(request.user)
        )
        try:
            registration = services.register(
                conference=conference,
                by=request.user,
                enterprise=enterprise,
                attendees=attendees_of(attendee_formset),
                questions=questions_of(question_formset),
                note=note_form.cleaned_data["note"],
            )
        except (DomainError, ValidationError) as exc:
            errors = [exc.message] if isinstance(exc, DomainError) else exc.messages
        else:
            if registration.status == RegistrationStatus.WAITLISTED:
                messages.warning(
                    request,
                    _("The conference is full: your registration is on the waiting list until seats free up."),
                )
            else:
                messages.success(request, _("Your registration is confirmed."))
            return redirect("portal-conference-detail", pk=conference.pk)
    return _render_detail(
        request,
        conference,
        attendee_formset=attendee_formset,
        question_formset=question_formset,
        note_form=note_form,
        errors=errors,
    )


@require_POST
@portal_required
def registration_cancel(request, pk):
    conference = get_object_or_404(portal_conferences(request.user), pk=pk)
    registration = conference.mine[0] if conference.mine else None
    if registration is None:
        raise Http404
    try:
        services.cancel_registration(registration=registration, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect("portal-conference-detail", pk=conference.pk)


@portal_required
def register_by_token(request, token):
    """The link sent with an invitation: it opens the conference's registration for the invited enterprise only."""
    invitation = get_object_or_404(
        Invitation.objects.filter(enterprise_id=access.portal_enterprise_id(request.user)), token=token
    )
    return redirect(reverse("portal-conference-detail", args=[invitation.conference_id]) + "#register")


urlpatterns = [
    path("portal/conferences/", conference_list, name="portal-conference-list"),
    path("portal/conferences/<int:pk>/", conference_detail, name="portal-conference-detail"),
    path("portal/conferences/<int:pk>/cancel/", registration_cancel, name="portal-conference-cancel"),
    path("portal/conferences/register/<str:token>/", register_by_token, name="portal-conference-register-token"),
]
