"""HTML pages of the dialogues app: conferences (list, annual plan, form, page, invitations, registration on behalf
of an enterprise, the check-in desk, the closing report and the next steps after it)."""

import copy
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from crm.errors import DomainError
from crm.exports import export_queryset
from crm.files import sniff
from crm.forms.org import ANY, add_service_error, indented_branch_label
from crm.views.decorators import staff_required
from dialogues import selectors
from dialogues.calendar import to_ics
from dialogues.exports import CONFERENCE_COLUMNS
from dialogues.filters import ConferenceFilter
from dialogues.forms.conferences import (
    AdvanceQuestionFormSet,
    AttendeeFormSet,
    CancelForm,
    CloseForm,
    ConferenceForm,
    FollowUpFormSet,
    InviteForm,
    PlanItemForm,
    PlanPickerForm,
    RecommendationFormSet,
    RegistrationForm,
    WalkInForm,
    officers_of,
)
from dialogues.models import (
    HELD_STATUSES,
    OPEN_FOR_REGISTRATION,
    Attendee,
    Conference,
    ConferenceReport,
    ConferenceStatus,
    InvitationChannel,
    PlanItem,
    Registration,
    RegistrationStatus,
)
from dialogues.services import conferences as services

C = ConferenceStatus
PAGE_SIZE = 50
SECTION_PAGE_SIZE = 25
NON_FILTER_PARAMS = {"page", "as"}
CHECK_IN_STATUSES = services.CHECK_IN_STATUSES


def _conference(request, pk) -> Conference:
    return get_object_or_404(selectors.conferences_visible_to(request.user), pk=pk)


def _refuse(request, conference: Conference, message: str):
    """An illegal step: say why on the conference page and change nothing."""
    messages.error(request, message % {"status": conference.get_status_display()})
    return redirect("conference-detail", pk=conference.pk)


def _text_response(message: str, status: int = 400) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _filter_errors(form) -> list[str]:
    return [f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()]


def has_started(conference: Conference) -> bool:
    return conference.starts_at <= timezone.now()


# --- List ----------------------------------------------------------------------------------------------------------


def _conference_filter(request) -> ConferenceFilter:
    filterset = ConferenceFilter(request.GET, queryset=selectors.conferences_visible_to(request.user), request=request)
    form = filterset.form
    form.fields["branch"].label_from_instance = indented_branch_label
    form.fields["branch"].label = _("Unit")
    form.fields["branch"].help_text = ""
    for name in ("kind", "branch"):
        field = form.fields[name]
        field.empty_label = ANY
        field.widget.choices = field.choices
    form.fields["status"].widget = forms.CheckboxSelectMultiple(choices=form.fields["status"].choices)
    form.fields["q"].widget = forms.SearchInput(attrs={"placeholder": _("Conference title")})
    form.fields["year"].widget.attrs.update({"min": 2000, "max": 2100, "placeholder": _("e.g. 2026")})
    return filterset


@staff_required
def conference_list(request):
    filterset = _conference_filter(request)
    is_valid = filterset.is_valid()
    queryset = filterset.qs if is_valid else filterset.queryset.none()
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    chosen_status = request.GET.getlist("status")
    context = {
        "form": filterset.form,
        "page_obj": page_obj,
        "conferences": page_obj.object_list,
        "is_filtered": any(value for key, value in request.GET.items() if key not in NON_FILTER_PARAMS),
        "filter_errors": [] if is_valid else _filter_errors(filterset.form),
        "status_summary": ", ".join(str(label) for value, label in C.choices if value in chosen_status),
    }
    return render(request, "dialogues/conferences/list.html", context)


@staff_required
def conference_list_export(request):
    filterset = _conference_filter(request)
    return export_queryset(
        columns=CONFERENCE_COLUMNS,
        queryset=filterset.qs if filterset.is_valid() else filterset.queryset,
        form=filterset.form,
        file_format=request.GET.get("as", "csv"),
        basename="conferences",
    )


# --- The annual plan ---------------------------------------------------------------------------------------------


def quarter_end(year: int, quarter: int) -> date:
    month = quarter * 3
    return date(year, month, 31 if month in (3, 12) else 30)


@dataclass(frozen=True)
class PlanRow:
    item: PlanItem
    conference: Conference | None
    state: str  # held / not_yet / slipped
    label: str
    badge: str


def plan_row(item: PlanItem, today: date) -> PlanRow:
    conference = getattr(item, "conference", None)
    if conference is not None and conference.status in HELD_STATUSES:
        return PlanRow(item, conference, "held", _("Held"), "badge-ok")
    if today > quarter_end(item.year, item.quarter):
        return PlanRow(item, conference, "slipped", _("Slipped"), "badge-danger")
    return PlanRow(item, conference, "not_yet", _("Not yet"), "badge-brand")


@staff_required
def conference_plan(request):
    today = timezone.localdate()
    data = {"year": request.GET.get("year") or today.year, "branch": request.GET.get("branch") or ""}
    form = PlanPickerForm(data, user=request.user)
    quarters = []
    if form.is_valid():
        year, branch = form.cleaned_data["year"], form.cleaned_data["branch"]
        items = list(selectors.plan_visible_to(request.user, year=year, branch=branch))
        for quarter in range(1, 5):
            rows = [plan_row(item, today) for item in items if item.quarter == quarter]
            quarters.append(
                {
                    "number": quarter,
                    "rows": rows,
                    "held": sum(row.state == "held" for row in rows),
                    "is_over": today > quarter_end(year, quarter),
                }
            )
    else:
        items = []
    context = {
        "form": form,
        "quarters": quarters,
        "total": len(items),
        "held": sum(q["held"] for q in quarters),
        "year": form.cleaned_data.get("year") if form.is_valid() else None,
    }
    return render(request, "dialogues/conferences/plan.html", context)


def _plan_item_form_page(request, item: PlanItem | None):
    form = PlanItemForm(request.POST or None, instance=copy.copy(item) if item else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        segments = fields.pop("target_segments")
        try:
            saved = services.save_plan_item(by=request.user, item=item, target_segments=segments, **fields)
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Planned conference “%(theme)s” saved.") % {"theme": saved.theme})
            return redirect(f"{reverse('conference-plan')}?year={saved.year}")
    return render(request, "dialogues/conferences/plan_item_form.html", {"form": form, "item": item})


@staff_required
def plan_item_create(request):
    return _plan_item_form_page(request, None)


@staff_required
def plan_item_edit(request, pk):
    return _plan_item_form_page(request, get_object_or_404(PlanItem.objects.visible_to(request.user), pk=pk))


# --- Create / edit -----------------------------------------------------------------------------------------------


def _initial_from_plan(request) -> dict:
    raw = request.GET.get("plan_item", "")
    if not raw.isdigit():
        return {}
    item = PlanItem.objects.visible_to(request.user).filter(pk=raw, conference__isnull=True).first()
    if item is None:
        return {}
    return {
        "plan_item": item.pk,
        "title": item.theme,
        "kind": item.kind,
        "branch": item.branch_id,
        "target_segments": list(item.target_segments.values_list("pk", flat=True)),
    }


def _conference_form_page(request, conference: Conference | None):
    instance = copy.copy(conference) if conference is not None else None
    initial = _initial_from_plan(request) if conference is None else {}
    form = ConferenceForm(request.POST or None, instance=instance, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            if conference is None:
                saved = services.create_conference(
                    by=request.user,
                    branch=fields.pop("branch"),
                    title=fields.pop("title"),
                    starts_at=fields.pop("starts_at"),
                    ends_at=fields.pop("ends_at"),
                    **fields,
                )
            else:
                saved = services.update_conference(conference=conference, by=request.user, **fields)
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Conference “%(title)s” saved.") % {"title": saved.title})
            return redirect("conference-detail", pk=saved.pk)
    context = {
        "form": form,
        "conference": conference,
        "locked": conference and conference.status not in OPEN_FOR_REGISTRATION,
    }
    return render(request, "dialogues/conferences/form.html", context)


@staff_required
def conference_create(request):
    return _conference_form_page(request, None)


@staff_required
def conference_edit(request, pk):
    return _conference_form_page(request, _conference(request, pk))


# --- The conference page -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    name: str  # the route of the step
    label: str
    method: str = "get"  # "post": a button that acts at once
    style: str = ""
    confirm: str = ""


def next_steps(conference: Conference) -> list[Step]:
    """The buttons of the conference page, in the order a unit usually takes them."""
    status = conference.status
    if status in OPEN_FOR_REGISTRATION:
        steps = [
            Step("conference-invite", _("Invite"), style="btn-primary" if status == C.PLANNED else ""),
            Step("conference-register", _("Register an enterprise")),
            Step("conference-check-in", _("Check-in desk")),
        ]
        if has_started(conference):
            steps.append(Step("conference-close", _("Close with the report"), style="btn-primary"))
        steps += [Step("conference-edit", _("Edit")), Step("conference-cancel", _("Cancel"), style="btn-danger")]
        return steps
    if status == C.HELD:
        return [
            Step(
                "conference-publish-minutes",
                _("Publish the minutes"),
                method="post",
                style="btn-primary",
                confirm=_("Publish the minutes? Public conferences then appear on the unit's public page."),
            ),
            Step("conference-edit", _("Edit")),
        ]
    if status == C.MINUTES_PUBLISHED:
        return [
            Step(
                "conference-close-follow-up",
                _("Close the follow-up"),
                method="post",
                style="btn-primary",
                confirm=_("Close the follow-up of this conference?"),
            ),
            Step("conference-edit", _("Edit")),
        ]
    return [Step("conference-edit", _("Edit"))]


def _action_url(pk: int) -> str | None:
    """The follow-up action's page when the actions pages are installed."""
    try:
        return reverse("action-detail", kwargs={"pk": pk})
    except NoReverseMatch:
        return None


def _report_of(conference: Conference) -> ConferenceReport | None:
    try:
        return conference.report
    except ConferenceReport.DoesNotExist:
        return None


@staff_required
def conference_detail(request, pk):
    conference = get_object_or_404(selectors.conference_detail_visible_to(request.user), pk=pk)
    registration_status = Registration.objects.filter(
        conference=OuterRef("conference"), enterprise=OuterRef("enterprise")
    ).values("status")[:1]
    invitations = (
        conference.invitations.select_related("enterprise")
        .annotate(registration_status=Subquery(registration_status))
        .order_by("enterprise__name_vi", "id")
    )
    registrations = selectors.registrations_visible_to(request.user).filter(conference=conference)
    registered = registrations.filter(status=RegistrationStatus.REGISTERED)
    actions = list(conference.actions.all())
    for action in actions:
        action.url = _action_url(action.pk)
    questions = selectors.questions_visible_to(request.user).filter(conference=conference)
    report = _report_of(conference)
    context = {
        "conference": conference,
        "steps": next_steps(conference),
        "report": report,
        "associations": report.attending_associations.order_by("name_vi") if report else [],
        "invitation_page": Paginator(invitations, SECTION_PAGE_SIZE).get_page(request.GET.get("ipage")),
        "registration_page": Paginator(registered, SECTION_PAGE_SIZE).get_page(request.GET.get("rpage")),
        "waiting": list(registrations.filter(status=RegistrationStatus.WAITLISTED)),
        "cancelled_count": registrations.filter(status=RegistrationStatus.CANCELLED).count(),
        "people_count": Attendee.objects.filter(
            registration__conference=conference, registration__status=RegistrationStatus.REGISTERED
        ).count(),
        "actions": actions,
        "questions": questions[:50],
        "question_count": questions.count(),
        "agenda_items": [line.strip() for line in conference.agenda.splitlines() if line.strip()],
        "can_register": conference.status in OPEN_FOR_REGISTRATION,
    }
    return render(request, "dialogues/conferences/detail.html", context)


@staff_required
def conference_ics(request, pk):
    conference = _conference(request, pk)
    body = to_ics([conference], domain=request.get_host().split(":")[0] or "localhost", name=conference.title)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="conference-{conference.pk}.ics"'
    return response


@staff_required
def conference_minutes(request, pk):
    """The signed minutes PDF, served only through the scoped conference (never as a raw media URL)."""
    report = _report_of(_conference(request, pk))
    if report is None or not report.minutes_pdf:
        raise Http404
    try:
        handle = report.minutes_pdf.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    is_pdf = sniff(handle.read(16)) == "pdf"
    handle.seek(0)
    response = FileResponse(
        handle,
        as_attachment=not is_pdf,
        filename=f"minutes-{pk}.pdf",
        content_type="application/pdf" if is_pdf else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Next steps: cancel, publish the minutes, close the follow-up ------------------------------------------------


@staff_required
def conference_cancel(request, pk):
    conference = _conference(request, pk)
    if conference.status not in OPEN_FOR_REGISTRATION and request.method != "POST":
        return _refuse(request, conference, _("A conference that is “%(status)s” cannot be cancelled."))
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_conference(conference=conference, by=request.user, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            if exc.field not in form.fields:
                messages.error(request, exc.message)
                return redirect("conference-detail", pk=conference.pk)
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("The conference is cancelled."))
            return redirect("conference-detail", pk=conference.pk)
    return render(request, "dialogues/conferences/cancel.html", {"conference": conference, "form": form})


def _simple_move(request, pk, move, done: str):
    conference = _conference(request, pk)
    try:
        move(conference=conference, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("conference-detail", pk=conference.pk)


@staff_required
@require_POST
def conference_publish_minutes(request, pk):
    return _simple_move(request, pk, services.publish_minutes, _("The minutes are published."))


@staff_required
@require_POST
def conference_close_follow_up(request, pk):
    return _simple_move(request, pk, services.close_follow_up, _("The follow-up of the conference is closed."))


# --- Invitations -------------------------------------------------------------------------------------------------

CHANNELS = {
    "segment": InvitationChannel.SEGMENT,
    "association": InvitationChannel.ASSOCIATION,
    "tax_codes": InvitationChannel.TAX_CODES,
    "single": InvitationChannel.SINGLE,
}


@staff_required
def conference_invite(request, pk):
    conference = _conference(request, pk)
    if conference.status not in OPEN_FOR_REGISTRATION:
        return _refuse(request, conference, _("Invitations cannot be sent for a conference that is “%(status)s”."))
    form = InviteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data, how = form.cleaned_data, form.how
        if how == "segment":
            enterprises = list(services.segment_enterprises(request.user, data["segment"]))
        elif how == "association":
            enterprises = list(services.association_enterprises(request.user, data["association"]))
        else:
            enterprises = form.enterprises
        try:
            new = services.invite(
                conference=conference, by=request.user, enterprises=enterprises, channel=CHANNELS[how]
            )
        except DomainError as exc:
            target = {"segment": "segment", "association": "association", "tax_codes": "tax_codes"}.get(how, "tax_code")
            form.add_error(target if exc.field == "enterprises" or not exc.field else None, exc.message)
        else:
            skipped = len(enterprises) - len(new)
            message = ngettext("%(n)s enterprise invited", "%(n)s enterprises invited", len(new)) % {"n": len(new)}
            if skipped:
                message += "; " + ngettext(
                    "%(n)s skipped (already invited).", "%(n)s skipped (already invited).", skipped
                ) % {"n": skipped}
            else:
                message += "."
            messages.success(request, message)
            return redirect("conference-invite", pk=conference.pk)
    context = {
        "conference": conference,
        "form": form,
        "how": form.how,
        "code_errors": form.code_errors,
    }
    return render(request, "dialogues/conferences/invite.html", context)


# --- Registration on behalf of an enterprise ---------------------------------------------------------------------


@staff_required
def conference_register(request, pk):
    conference = _conference(request, pk)
    if conference.status not in OPEN_FOR_REGISTRATION:
        return _refuse(request, conference, _("Registration is closed: the conference is “%(status)s”."))
    post = request.POST if request.method == "POST" else None
    form = RegistrationForm(post, user=request.user, initial={"tax_code": request.GET.get("tax_code", "")})
    attendees = AttendeeFormSet(post, prefix="attendees")
    questions = AdvanceQuestionFormSet(post, prefix="questions")
    if post is not None and all([form.is_valid(), attendees.is_valid(), questions.is_valid()]):
        asked = [q.cleaned_data for q in questions.forms if q.cleaned_data.get("title") or q.cleaned_data.get("body")]
        try:
            registration = services.register(
                conference=conference,
                by=request.user,
                enterprise=form.enterprise,
                attendees=attendees.people(),
                questions=asked,
                note=form.cleaned_data["note"],
            )
        except (DomainError, ValidationError) as error:
            if isinstance(error, DomainError) and error.field == "enterprise":
                form.add_error("tax_code", error.message)
            elif isinstance(error, DomainError) and error.field == "attendees":
                attendees._non_form_errors.append(error.message)
            else:
                add_service_error(form, error)
        else:
            if registration.status == RegistrationStatus.WAITLISTED:
                messages.warning(
                    request,
                    _("The conference is full: %(name)s is on the waiting list.")
                    % {"name": registration.enterprise.name_vi},
                )
            else:
                messages.success(request, _("%(name)s is registered.") % {"name": registration.enterprise.name_vi})
            return redirect("conference-detail", pk=conference.pk)
    context = {"conference": conference, "form": form, "attendees": attendees, "questions": questions}
    return render(request, "dialogues/conferences/register.html", context)


# --- The check-in desk -------------------------------------------------------------------------------------------


def door_counts(conference: Conference) -> dict:
    """People expected (confirmed registrations and walk-ins) and people checked in, in one query."""
    expected = Q(registration__isnull=True) | Q(registration__status=RegistrationStatus.REGISTERED)
    return Attendee.objects.filter(conference=conference).aggregate(
        expected=Count("id", filter=expected),
        checked_in=Count("id", filter=Q(checked_in_at__isnull=False)),
    )


def _open_desk(request, pk):
    conference = _conference(request, pk)
    if conference.status not in CHECK_IN_STATUSES:
        return conference, _refuse(request, conference, _("Check-in is closed: the conference is “%(status)s”."))
    return conference, None


def _desk_url(conference: Conference, query: str) -> str:
    url = reverse("conference-check-in", kwargs={"pk": conference.pk})
    return f"{url}?{urlencode({'q': query})}" if query else url


def _results(conference: Conference, query: str) -> list[Attendee]:
    return list(selectors.check_in_search(conference, query)) if query.strip() else []


@staff_required
def conference_check_in(request, pk):
    conference, refused = _open_desk(request, pk)
    if refused:
        return refused
    form = WalkInForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            attendee = services.walk_in(conference=conference, by=request.user, **form.service_kwargs())
        except DomainError as exc:
            field = "tax_code" if exc.field == "enterprise" else exc.field
            form.add_error(field if field in form.fields else None, exc.message)
        else:
            messages.success(request, _("%(name)s added and checked in.") % {"name": attendee.full_name})
            return redirect("conference-check-in", pk=conference.pk)
    query = request.GET.get("q", "")
    context = {
        "conference": conference,
        "query": query,
        "results": _results(conference, query),
        "counts": door_counts(conference),
        "walk_in_form": form,
        "show_walk_in": request.method == "POST",
    }
    return render(request, "dialogues/conferences/check_in.html", context)


@staff_required
def conference_check_in_search(request, pk):
    """The results as you type (htmx); without htmx, the desk page itself."""
    conference = _conference(request, pk)
    query = request.GET.get("q", "")
    if not request.htmx:
        return redirect(_desk_url(conference, query))
    return render(
        request,
        "dialogues/conferences/_check_in_results.html",
        {"conference": conference, "query": query, "results": _results(conference, query)},
    )


@staff_required
@require_POST
def conference_check_in_attendee(request, pk, attendee_pk):
    """One click at the door. The row comes back in place (with the running count); a second click says when."""
    conference = _conference(request, pk)
    attendee = get_object_or_404(selectors.attendees_of(conference), pk=attendee_pk)
    problem = ""
    try:
        attendee = services.check_in(attendee=attendee, by=request.user)
    except DomainError as exc:
        problem = exc.message
        attendee = selectors.attendees_of(conference).get(pk=attendee_pk)
    if not request.htmx:
        if problem:
            messages.error(request, problem)
        else:
            messages.success(request, _("%(name)s checked in.") % {"name": attendee.full_name})
        query = request.POST.get("q", "")
        return redirect(_desk_url(conference, query))
    context = {
        "conference": conference,
        "attendee": attendee,
        "problem": problem,
        "just_checked_in": not problem,
        "counts": door_counts(conference),
        "oob": True,
    }
    return render(request, "dialogues/conferences/_check_in_row_response.html", context)


@staff_required
@require_POST
def conference_check_in_undo(request, pk, attendee_pk):
    """A check-in made by mistake: the attendee is expected again."""
    conference = _conference(request, pk)
    attendee = get_object_or_404(selectors.attendees_of(conference), pk=attendee_pk)
    try:
        services.undo_check_in(attendee=attendee, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Check-in of %(name)s undone.") % {"name": attendee.full_name})
    return redirect(f"{reverse('conference-detail', args=[conference.pk])}#registrations")


@staff_required
@require_POST
def conference_registration_cancel(request, pk, registration_pk):
    """Cancel an enterprise's registration on its behalf; freed seats go to the waiting list in order."""
    conference = _conference(request, pk)
    registration = get_object_or_404(conference.registrations.select_related("enterprise"), pk=registration_pk)
    try:
        services.cancel_registration(registration=registration, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("The registration of %(enterprise)s is cancelled.") % {"enterprise": registration.enterprise}
        )
    return redirect(f"{reverse('conference-detail', args=[conference.pk])}#registrations")


# --- Closing with the report -------------------------------------------------------------------------------------


@staff_required
def conference_close(request, pk):
    conference = _conference(request, pk)
    if conference.status not in CHECK_IN_STATUSES:
        return _refuse(request, conference, _("A conference that is “%(status)s” cannot be closed."))
    if not has_started(conference):
        messages.error(request, _("A conference can be closed only once it has started."))
        return redirect("conference-detail", pk=conference.pk)
    counted = services.checked_in_count(conference)
    post = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = CloseForm(post, files, counted=counted, initial={"attendee_count": counted})
    recommendations = RecommendationFormSet(post, prefix="recommendations")
    officers = officers_of(conference.branch)
    actions = FollowUpFormSet(post, prefix="actions", form_kwargs={"officers": officers})
    if post is not None and all([form.is_valid(), recommendations.is_valid(), actions.is_valid()]):
        data = form.cleaned_data
        follow_ups = [
            {
                "type": item["type"],
                "title": item["title"],
                "due_on": item["due_on"],
                "owner": item["owner"],
                "is_public": item["is_public"],
            }
            for item in actions.items()
        ]
        try:
            services.close_conference(
                conference=conference,
                by=request.user,
                minutes=data["minutes"],
                attendee_count=data["attendee_count"],
                attendee_count_reason=data["attendee_count_reason"],
                answered_on_spot=data["answered_on_spot"],
                needing_written_answer=data["needing_written_answer"],
                survey_link=data["survey_link"],
                minutes_pdf=data["minutes_pdf"],
                attending_associations=data["attending_associations"],
                recommendations=recommendations.items(),
                actions=follow_ups,
            )
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "The conference is held; its report is filed with %(n)s follow-up action.",
                    "The conference is held; its report is filed with %(n)s follow-up actions.",
                    len(follow_ups),
                )
                % {"n": len(follow_ups)},
            )
            return redirect("conference-detail", pk=conference.pk)
    context = {
        "conference": conference,
        "form": form,
        "recommendations": recommendations,
        "actions": actions,
        "counted": counted,
    }
    return render(request, "dialogues/conferences/close.html", context)


urlpatterns = [
    path("conferences/", conference_list, name="conference-list"),
    path("conferences/export/", conference_list_export, name="conference-list-export"),
    path("conferences/plan/", conference_plan, name="conference-plan"),
    path("conferences/plan/new/", plan_item_create, name="conference-plan-item-create"),
    path("conferences/plan/<int:pk>/edit/", plan_item_edit, name="conference-plan-item-edit"),
    path("conferences/new/", conference_create, name="conference-create"),
    path("conferences/<int:pk>/", conference_detail, name="conference-detail"),
    path("conferences/<int:pk>/edit/", conference_edit, name="conference-edit"),
    path("conferences/<int:pk>/calendar.ics", conference_ics, name="conference-ics"),
    path("conferences/<int:pk>/minutes.pdf", conference_minutes, name="conference-minutes"),
    path("conferences/<int:pk>/invite/", conference_invite, name="conference-invite"),
    path("conferences/<int:pk>/register/", conference_register, name="conference-register"),
    path("conferences/<int:pk>/check-in/", conference_check_in, name="conference-check-in"),
    path("conferences/<int:pk>/check-in/search/", conference_check_in_search, name="conference-check-in-search"),
    path(
        "conferences/<int:pk>/check-in/<int:attendee_pk>/",
        conference_check_in_attendee,
        name="conference-check-in-attendee",
    ),
    path(
        "conferences/<int:pk>/check-in/<int:attendee_pk>/undo/",
        conference_check_in_undo,
        name="conference-check-in-undo",
    ),
    path(
        "conferences/<int:pk>/registrations/<int:registration_pk>/cancel/",
        conference_registration_cancel,
        name="conference-registration-cancel",
    ),
    path("conferences/<int:pk>/close/", conference_close, name="conference-close"),
    path("conferences/<int:pk>/cancel/", conference_cancel, name="conference-cancel"),
    path("conferences/<int:pk>/publish-minutes/", conference_publish_minutes, name="conference-publish-minutes"),
    path("conferences/<int:pk>/close-follow-up/", conference_close_follow_up, name="conference-close-follow-up"),
]
