"""Every route of the product, and the one API router."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from crm.api import dashboard as dashboard_api
from crm.api import notifications as notifications_api
from crm.api import outbox as outbox_api
from crm.api import portal_accounts as portal_accounts_api
from crm.api import reminders as reminders_api
from crm.api import reports as reports_api
from crm.api import views as api
from crm.views import (
    dashboard,
    enterprises,
    imports,
    notifications,
    org,
    outbox,
    pages,
    portal_accounts,
    reference,
    reminders,
    reports,
)
from dialogues.api import actions as actions_api
from dialogues.api import bank as bank_api
from dialogues.api import conferences as conferences_api
from dialogues.api import deadlines as deadlines_api
from dialogues.api import legal as legal_api
from dialogues.api import questions as questions_api
from partnerships.api import agreements as agreements_api
from partnerships.api import pledges as pledges_api
from partnerships.api import programmes as programmes_api
from partnerships.api import statistics as statistics_api
from partnerships.api import targets as targets_api

router = DefaultRouter()
router.register("branches", api.BranchViewSet, basename="branch")
router.register("branch-coverages", api.BranchCoverageViewSet, basename="branch-coverage")
router.register("provinces", api.ProvinceViewSet, basename="province")
router.register("enterprises", api.EnterpriseViewSet, basename="enterprise")
router.register("contacts", api.ContactViewSet, basename="contact")
router.register("segments", api.SegmentViewSet, basename="segment")
router.register("associations", api.AssociationViewSet, basename="association")
router.register("staff", api.StaffAccountViewSet, basename="staff")
portal_accounts_api.register(router)
notifications_api.register(router)
outbox_api.register(router)
reminders_api.register(router)
dashboard_api.register(router)
reports_api.register(router)
for module in (
    agreements_api,
    pledges_api,
    programmes_api,
    targets_api,
    statistics_api,
    conferences_api,
    actions_api,
    questions_api,
    legal_api,
    deadlines_api,
    bank_api,
):
    module.register(router)

urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz", pages.healthz, name="healthz"),
    path("accounts/login/", portal_accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("portal/", pages.portal_home, name="portal-home"),
    # Enterprises
    path("enterprises/", enterprises.enterprise_list, name="enterprise-list"),
    path("enterprises/new/", enterprises.enterprise_create, name="enterprise-create"),
    path("enterprises/export/", enterprises.enterprise_export, name="enterprise-export"),
    path("enterprises/import/", imports.enterprise_import, name="enterprise-import"),
    path("enterprises/<int:pk>/", enterprises.enterprise_detail, name="enterprise-detail"),
    path("enterprises/<int:pk>/edit/", enterprises.enterprise_edit, name="enterprise-edit"),
    path("enterprises/<int:pk>/deactivate/", enterprises.enterprise_deactivate, name="enterprise-deactivate"),
    path("enterprises/<int:pk>/reactivate/", enterprises.enterprise_reactivate, name="enterprise-reactivate"),
    path("enterprises/<int:pk>/contacts/new/", enterprises.contact_create, name="contact-create"),
    path("contacts/<int:pk>/edit/", enterprises.contact_edit, name="contact-edit"),
    path("enterprises/<int:pk>/units/new/", enterprises.unit_create, name="unit-create"),
    path("units/<int:pk>/edit/", enterprises.unit_edit, name="unit-edit"),
    # Organisation (headquarters administration)
    path("org/branches/", org.branch_list, name="branch-list"),
    path("org/branches/new/", org.branch_create, name="branch-create"),
    path("org/branches/<int:pk>/", org.branch_detail, name="branch-detail"),
    path("org/branches/<int:pk>/edit/", org.branch_edit, name="branch-edit"),
    path("org/branches/<int:pk>/coverage/new/", org.coverage_create, name="coverage-create"),
    path("org/coverage/<int:pk>/end/", org.coverage_end, name="coverage-end"),
    path("org/provinces/", org.province_list, name="province-list"),
    path("org/provinces/new/", org.province_create, name="province-create"),
    path("org/provinces/<int:pk>/edit/", org.province_edit, name="province-edit"),
    path("org/staff/", org.staff_list, name="staff-list"),
    path("org/staff/new/", org.staff_create, name="staff-create"),
    path("org/staff/<int:pk>/edit/", org.staff_edit, name="staff-edit"),
    # Reference lists
    path("segments/", reference.segment_list, name="segment-list"),
    path("segments/new/", reference.segment_create, name="segment-create"),
    path("segments/<int:pk>/edit/", reference.segment_edit, name="segment-edit"),
    path("associations/", reference.association_list, name="association-list"),
    path("associations/new/", reference.association_create, name="association-create"),
    path("associations/<int:pk>/edit/", reference.association_edit, name="association-edit"),
    # Partnerships: agreements, pledges, programmes, targets (flat route names, see partnerships/urls.py)
    *portal_accounts.urlpatterns,
    *notifications.urlpatterns,
    *outbox.urlpatterns,
    *reminders.urlpatterns,
    *dashboard.urlpatterns,
    *reports.urlpatterns,
    path("partnerships/", include("partnerships.urls")),
    # Dialogues: conferences, follow-up actions, the portal's registrations, public pages (see dialogues/urls.py)
    path("", include("dialogues.urls")),
    # API
    path("api/v1/auth/token/", api.TokenView.as_view(), name="api-token"),
    path("api/v1/", include((router.urls, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI sets inline style attributes; only this page relaxes style-src (scripts stay 'self' only).
    path(
        "api/docs/",
        csp_override({**settings.SECURE_CSP, "style-src": ["'self'", "'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
    path("admin/", admin.site.urls),
]

# Uploaded files are never served as raw media: each is streamed by a view that checks the record's scope.
