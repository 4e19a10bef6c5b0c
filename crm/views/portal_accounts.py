"""Portal accounts (HTML): the throttled sign-in page, choosing a password from an invitation link, staff inviting
and deactivating an enterprise's portal users, self-registration, the staff verification queue, and the friendly
pages for a paused sign-up (429) and a failed CSRF check."""

import ipaddress

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm import exports
from crm.errors import DomainError
from crm.forms.portal_accounts import (
    ApproveForm,
    InviteForm,
    RejectForm,
    SignInForm,
    SignupFilterForm,
    SignupForm,
)
from crm.models import Enterprise, PortalSignup, SignupStatus
from crm.services import portal_accounts as services
from crm.views.decorators import staff_required

PAGE_SIZE = 50


def client_ip(request) -> str | None:
    """The caller's address. Behind TRUSTED_PROXY_HOPS reverse proxies, the address the outermost trusted proxy saw
    (the header's last entries are written by our proxies; anything before them is the client's own claim)."""
    hops = getattr(settings, "TRUSTED_PROXY_HOPS", 0)
    if hops:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops and _is_ip(forwarded[-hops]):
            return forwarded[-hops]
    address = request.META.get("REMOTE_ADDR", "")
    return address if _is_ip(address) else None


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _site_url(request) -> str:
    return request.build_absolute_uri("/")


def _put_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


# --- Sign-in with throttling -------------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    """Django's sign-in, refusing every attempt (even with the right password) with 429 while the username or the
    address has LOGIN_FAILURE_LIMIT failures within LOGIN_FAILURE_WINDOW_MINUTES."""

    template_name = "crm/login.html"
    redirect_authenticated_user = True
    authentication_form = SignInForm

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        lock = services.login_lock(username=username, ip=client_ip(request))
        if lock is not None:
            # An unbound form: while locked the password is never checked, so the page reveals nothing about it.
            form = self.get_form_class()(request, initial={"username": username})
            return self._locked(form, lock)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        services.clear_failed_logins(username=form.cleaned_data["username"])
        return super().form_valid(form)

    def form_invalid(self, form):
        if not form.credentials_were_wrong():
            return super().form_invalid(form)
        username, ip = form.cleaned_data.get("username", ""), client_ip(self.request)
        services.record_failed_login(username=username, ip=ip)
        lock = services.login_lock(username=username, ip=ip)
        if lock is not None:
            return self._locked(form, lock)
        left = services.failures_left(username=username, ip=ip)
        return self.render_to_response(self.get_context_data(form=form, failures_left=left))

    def _locked(self, form, lock):
        context = self.get_context_data(form=form, lock=lock, retry_at=timezone.localtime(lock.until))
        response = self.render_to_response(context, status=429)
        response["Retry-After"] = str(max(1, int((lock.until - timezone.now()).total_seconds())))
        return response


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The invitation link: the person chooses a password (Django checks the one-time token), then signs in."""

    template_name = "crm/portal_accounts/set_password.html"


class SetPasswordDoneView(auth_views.PasswordResetCompleteView):
    template_name = "crm/portal_accounts/set_password_done.html"


# --- Staff: an enterprise's portal users -------------------------------------------------------------------------


def _enterprise(request, pk) -> Enterprise:
    return get_object_or_404(Enterprise.objects.visible_to(request.user), pk=pk)


def _render_portal_users(request, enterprise, form, *, status=200):
    users = services.portal_users_visible_to(request.user).filter(portal_membership__enterprise=enterprise)
    signups = services.signups_visible_to(request.user).filter(enterprise=enterprise, status=SignupStatus.PENDING)
    context = {"enterprise": enterprise, "form": form, "portal_users": users, "signups": signups}
    return render(request, "crm/portal_accounts/enterprise_users.html", context, status=status)


@staff_required
def enterprise_portal_users(request, pk):
    enterprise = _enterprise(request, pk)
    if request.method != "POST":
        return _render_portal_users(request, enterprise, InviteForm(enterprise=enterprise))
    form = InviteForm(request.POST, enterprise=enterprise)
    if not form.is_valid():
        return _render_portal_users(request, enterprise, form, status=400)
    data = form.cleaned_data
    try:
        user = services.invite_portal_user(
            by=request.user,
            enterprise=enterprise,
            contact=data["contact"],
            full_name=data["full_name"],
            email=data["email"],
            phone=data["phone"],
            language=data["language"],
            site_url=_site_url(request),
        )
    except DomainError as exc:
        _put_error(form, exc)
        return _render_portal_users(request, enterprise, form, status=400)
    messages.success(
        request,
        _("%(name)s is invited: an email with a link to choose a password is on its way to %(email)s.")
        % {"name": user.display_name, "email": user.email},
    )
    return redirect("enterprise-portal-users", pk=enterprise.pk)


def _portal_user_move(request, pk, move, done: str):
    user = get_object_or_404(services.portal_users_visible_to(request.user), pk=pk)
    enterprise_id = user.portal_membership.enterprise_id
    try:
        move(user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done % {"name": user.display_name})
    return redirect("enterprise-portal-users", pk=enterprise_id)


@staff_required
@require_POST
def portal_user_deactivate(request, pk):
    return _portal_user_move(
        request,
        pk,
        lambda user: services.deactivate_portal_user(by=request.user, user=user),
        _("%(name)s can no longer sign in to the portal."),
    )


@staff_required
@require_POST
def portal_user_resend(request, pk):
    return _portal_user_move(
        request,
        pk,
        lambda user: services.resend_invitation(by=request.user, user=user, site_url=_site_url(request)),
        _("A new link to choose a password is on its way to %(name)s."),
    )


# --- Self-registration -------------------------------------------------------------------------------------------


def too_many_requests(request, *, message: str, retry_minutes: int):
    response = render(request, "429.html", {"message": message, "retry_minutes": retry_minutes}, status=429)
    response["Retry-After"] = str(retry_minutes * 60)
    return response


def signup(request):
    """Anonymous: register an enterprise for the portal. Signed-in people already have an account."""
    if request.user.is_authenticated:
        messages.info(request, _("You are signed in already; registration is for people without an account."))
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        ip = client_ip(request)
        if not services.signup_allowed(ip=ip):
            return too_many_requests(
                request,
                message=_("Too many registrations were sent from your network in the last hour."),
                retry_minutes=60,
            )
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.register_signup(
                    tax_code=data["tax_code"],
                    enterprise_name=data["enterprise_name"],
                    full_name=data["full_name"],
                    position=data["position"],
                    email=data["email"],
                    phone=data["phone"],
                    password=data["password1"],
                    language=getattr(request, "LANGUAGE_CODE", "vi"),
                    ip=ip,
                )
            except DomainError as exc:
                _put_error(form, exc)
            else:
                return redirect("portal-signup-done")
    status = 400 if form.is_bound else 200
    return render(request, "crm/portal_accounts/signup.html", {"form": form}, status=status)


def signup_done(request):
    return render(request, "crm/portal_accounts/signup_done.html")


# --- Staff: the verification queue -------------------------------------------------------------------------------


@staff_required
def signup_list(request):
    data = request.GET.copy()
    data.setdefault("status", SignupStatus.PENDING)  # the queue opens on what waits; "any status" is an explicit ""
    form = SignupFilterForm(data)
    queryset = services.signups_visible_to(request.user)
    if form.is_valid():
        if form.cleaned_data["status"]:
            queryset = queryset.filter(status=form.cleaned_data["status"])
        term = form.cleaned_data["q"].strip()
        if term:
            queryset = queryset.filter(
                Q(tax_code__icontains=term)
                | Q(enterprise_name__icontains=term)
                | Q(user__email__icontains=term)
                | Q(user__full_name__icontains=term)
                | Q(enterprise__name_vi__icontains=term)
            )
    if exports.wants_export(request):
        return exports.export_queryset(
            columns=exports.SIGNUP_COLUMNS,
            queryset=queryset,
            form=form,
            file_format=request.GET["as"],
            basename="portal-signups",
        )
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page_obj, "signups": page_obj.object_list}
    return render(request, "crm/portal_accounts/signup_list.html", context)


def _signup(request, pk) -> PortalSignup:
    return get_object_or_404(services.signups_visible_to(request.user), pk=pk)


def _render_signup(request, signup, *, approve_form=None, reject_form=None, error="", status=200):
    enterprise = None
    if signup.enterprise_id:
        enterprise = (
            Enterprise.objects.visible_to(request.user)
            .select_related("managing_branch", "province")
            .filter(pk=signup.enterprise_id)
            .first()
        )
    candidate = None
    if enterprise is None and signup.status == SignupStatus.PENDING:
        # Registered since the sign-up arrived? Approving matches it again by tax code.
        candidate = services.match_enterprise(signup.tax_code)
    contacts = list(enterprise.contacts.filter(is_active=True).order_by("full_name")) if enterprise else []
    email = signup.user.email.lower()
    context = {
        "signup": signup,
        "enterprise": enterprise,
        "candidate": candidate,
        "contacts": contacts,
        "email_matches": any((c.email or "").lower() == email for c in contacts),
        "existing_users": (
            services.portal_users_visible_to(request.user).filter(portal_membership__enterprise=enterprise)
            if enterprise
            else []
        ),
        "name_matches": enterprise is not None
        and signup.enterprise_name.strip().casefold()
        in {enterprise.name_vi.casefold(), enterprise.name_foreign.casefold(), enterprise.short_name.casefold()},
        "approve_form": approve_form or ApproveForm(),
        "reject_form": reject_form or RejectForm(),
        "error": error,
        "is_pending": signup.status == SignupStatus.PENDING,
    }
    return render(request, "crm/portal_accounts/signup_detail.html", context, status=status)


@staff_required
def signup_detail(request, pk):
    return _render_signup(request, _signup(request, pk))


@staff_required
@require_POST
def signup_approve(request, pk):
    signup = _signup(request, pk)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _render_signup(request, signup, approve_form=form, status=400)
    try:
        signup = services.approve_signup(by=request.user, signup=signup, note=form.cleaned_data["note"])
    except DomainError as exc:
        return _render_signup(request, _signup(request, pk), approve_form=form, error=exc.message, status=400)
    messages.success(
        request,
        _("%(name)s can now sign in to the portal for %(enterprise)s.")
        % {"name": signup.user.display_name, "enterprise": signup.enterprise.name_vi},
    )
    return redirect("portal-signup-detail", pk=signup.pk)


@staff_required
@require_POST
def signup_reject(request, pk):
    signup = _signup(request, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _render_signup(request, signup, reject_form=form, status=400)
    try:
        signup = services.reject_signup(by=request.user, signup=signup, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        if exc.field == "reason":
            form.add_error("reason", exc.message)
            return _render_signup(request, signup, reject_form=form, status=400)
        return _render_signup(request, _signup(request, pk), reject_form=form, error=exc.message, status=400)
    messages.success(request, _("The sign-up is rejected; the applicant is told the reason."))
    return redirect("portal-signup-detail", pk=signup.pk)


# --- Errors ------------------------------------------------------------------------------------------------------


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a page that says what to do (usually: the form was open too long), not Django's debug
    text."""
    return render(request, "403_csrf.html", {"reason": reason}, status=403)


urlpatterns = [
    path("accounts/reset/<uidb64>/<token>/", SetPasswordView.as_view(), name="password_reset_confirm"),
    path("accounts/reset/done/", SetPasswordDoneView.as_view(), name="password_reset_complete"),
    path("enterprises/<int:pk>/portal-users/", enterprise_portal_users, name="enterprise-portal-users"),
    path("portal-users/<int:pk>/deactivate/", portal_user_deactivate, name="portal-user-deactivate"),
    path("portal-users/<int:pk>/resend/", portal_user_resend, name="portal-user-resend"),
    path("portal/signup/", signup, name="portal-signup"),
    path("portal/signup/done/", signup_done, name="portal-signup-done"),
    path("portal-signups/", signup_list, name="portal-signup-list"),
    path("portal-signups/<int:pk>/", signup_detail, name="portal-signup-detail"),
    path("portal-signups/<int:pk>/approve/", signup_approve, name="portal-signup-approve"),
    path("portal-signups/<int:pk>/reject/", signup_reject, name="portal-signup-reject"),
]
