"""Public pages of the dialogues app (no login): a unit's "You said, we did" accountability page and its calendar.

Only what is public is read: public conferences with published minutes, their public recommendations and the status
and progress of their public actions, and aggregate figures for the unit and its child units (answers on time,
agreements). No people, no enterprises."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import get_language

from crm.models import Branch
from dialogues import accountability as figures
from dialogues import selectors
from dialogues.calendar import to_ics
from dialogues.models import ACTION_SETTLED, ActionStatus, Conference


def _branch(code: str) -> Branch:
    return get_object_or_404(Branch, code=code)


def _branch_name(branch: Branch) -> str:
    return branch.name_en if get_language() == "en" and branch.name_en else branch.name_vi


def accountability(request, code):
    branch = _branch(code)
    conferences = list(selectors.public_conferences(branch))
    actions = [action for conference in conferences for action in conference.actions.all()]
    summary = {
        "conferences": len(conferences),
        "recommendations": sum(len(c.recommendations.all()) for c in conferences),
        "actions": len(actions),
        "done": sum(1 for a in actions if a.status == ActionStatus.DONE),
        "settled": sum(1 for a in actions if a.status in ACTION_SETTLED),
    }
    today = timezone.localdate()
    units = [(row, _branch_name(row.branch)) for row in figures.summary(branch, today)]
    context = {
        "branch": branch,
        "branch_name": _branch_name(branch),
        "conferences": conferences,
        "summary": summary,
        "units": units,
        "year": today.year,
    }
    return render(request, "dialogues/public/accountability.html", context)


def calendar(request, code):
    """The unit's public conferences as an iCalendar feed (cancelled ones stay in it, marked CANCELLED)."""
    branch = _branch(code)
    conferences = Conference.objects.filter(branch=branch, is_public=True).order_by("starts_at", "id")
    body = to_ics(conferences, domain=request.get_host().split(":")[0], name=_branch_name(branch), public=True)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{branch.code.lower()}-conferences.ics"'
    return response


urlpatterns = [
    path("public/units/<str:code>/", accountability, name="public-accountability"),
    path("public/units/<str:code>/calendar.ics", calendar, name="public-calendar"),
]
