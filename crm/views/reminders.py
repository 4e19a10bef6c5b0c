"""The reminder settings page (managers read their units; headquarters administrators change them): every reminder as
it applies to one unit, where each value comes from, and the unit's own settings."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm import access
from crm.errors import DomainError
from crm.forms.org import add_service_error
from crm.forms.reminders import ReminderSettingForm, ReminderUnitForm
from crm.models import Branch, ReminderSetting
from crm.services import reminders as services
from crm.services.reminders import effective_rows, settings_visible_to
from crm.views.decorators import hq_admin_required, manager_required


def _unit(request) -> Branch:
    """The unit asked for with ?branch=<id> (one the user may see, else 404), by default the user's own."""
    visible = Branch.objects.visible_to(request.user)
    wanted = request.GET.get("branch", "")
    if wanted:
        if not wanted.isdigit():
            raise Http404
        return get_object_or_404(visible, pk=int(wanted))
    home = access.home_branch(request.user)
    unit = home if home is not None else visible.order_by("path").first()
    if unit is None:
        raise Http404
    return unit


def _page(request, branch: Branch, form=None, editing=None, status=200):
    is_hq_admin = access.is_hq_admin(request.user)
    if form is None and is_hq_admin:
        form = ReminderSettingForm(user=request.user, initial={"branch": branch.pk})
    context = {
        "branch": branch,
        # Its own ids: the setting form below has a `branch` field too.
        "unit_form": ReminderUnitForm(initial={"branch": branch.pk}, user=request.user, auto_id="unit_%s"),
        "rows": effective_rows(branch),
        "own_settings": list(ReminderSetting.objects.filter(branch=branch).order_by("rule")),
        "form": form,
        "editing": editing,
        "subnav": "reminders",
    }
    return render(request, "crm/reminders/settings.html", context, status=status)


def _list_url(branch_id: int) -> str:
    return f"{reverse('reminder-settings')}?branch={branch_id}"


@manager_required
def setting_list(request):
    return _page(request, _unit(request))


def _save(request, setting: ReminderSetting | None = None):
    form = ReminderSettingForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            saved = services.save_setting(by=request.user, setting=setting, **form.cleaned_data)
        except DomainError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Reminder “%(rule)s” saved for %(unit)s.")
                % {"rule": saved.get_rule_display(), "unit": saved.branch.name_vi},
            )
            return redirect(_list_url(saved.branch_id))
    # Back to the page of the setting's unit, or of the unit picked in the form (else the user's own).
    branch = setting.branch if setting is not None else (form.cleaned_data.get("branch") or _unit(request))
    return _page(request, branch, form=form, editing=setting, status=400)


@hq_admin_required
@require_POST
def setting_create(request):
    return _save(request)


@hq_admin_required
def setting_edit(request, pk):
    setting = get_object_or_404(settings_visible_to(request.user), pk=pk)
    if request.method == "POST":
        return _save(request, setting)
    form = ReminderSettingForm(user=request.user, initial=ReminderSettingForm.initial_for(setting))
    return _page(request, setting.branch, form=form, editing=setting)


@hq_admin_required
@require_POST
def setting_delete(request, pk):
    setting = get_object_or_404(settings_visible_to(request.user), pk=pk)
    branch_id, label = setting.branch_id, setting.get_rule_display()
    services.delete_setting(setting=setting, by=request.user)
    messages.success(request, _("Reminder “%(rule)s” now follows the unit above or the default.") % {"rule": label})
    return redirect(_list_url(branch_id))


urlpatterns = [
    path("org/reminders/", setting_list, name="reminder-settings"),
    path("org/reminders/new/", setting_create, name="reminder-setting-create"),
    path("org/reminders/<int:pk>/edit/", setting_edit, name="reminder-setting-edit"),
    path("org/reminders/<int:pk>/delete/", setting_delete, name="reminder-setting-delete"),
]
