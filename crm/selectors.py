"""Reads of the core register. Each takes the user, applies crm.access scoping and fetches what the page shows."""

from django.db.models import Count, Prefetch, QuerySet

from crm import access
from crm.db import vietnamese
from crm.models import (
    Association,
    Branch,
    BranchCoverage,
    Contact,
    DeclarationType,
    Enterprise,
    EnterpriseUnit,
    Province,
    Segment,
    StaffMembership,
    User,
)


def branches_visible_to(user) -> QuerySet[Branch]:
    return Branch.objects.visible_to(user).select_related("parent", "hq_province").order_by("path")


def branch_tree_visible_to(user) -> QuerySet[Branch]:
    """Units in tree order with their counts of enterprises, staff and covered provinces (one query)."""
    return (
        branches_visible_to(user)
        .annotate(
            enterprise_count=Count("enterprises", distinct=True),
            staff_count=Count("staff", distinct=True),
        )
        .order_by("path")
    )


def coverages_visible_to(user) -> QuerySet[BranchCoverage]:
    return (
        access.scope_by_branch(BranchCoverage.objects.all(), user, via="branch")
        .select_related("branch", "province")
        .order_by("branch__path", "province__name_vi", "-valid_from")
    )


def provinces() -> QuerySet[Province]:
    return Province.objects.select_related("merged_into").order_by("name_vi")


def enterprises_visible_to(user) -> QuerySet[Enterprise]:
    """Enterprises for lists and exports: branch and province joined, type codes prefetched."""
    return (
        Enterprise.objects.visible_to(user)
        .select_related("managing_branch", "province")
        .prefetch_related(Prefetch("declaration_types", queryset=DeclarationType.objects.order_by("code")))
        .order_by(vietnamese("name_vi"), "id")
    )


def enterprise_detail_visible_to(user) -> QuerySet[Enterprise]:
    """Enterprises with everything the detail page shows, in a fixed number of queries."""
    return enterprises_visible_to(user).prefetch_related(
        "segments",
        "associations",
        Prefetch("contacts", queryset=Contact.objects.order_by("-is_active", "full_name")),
        Prefetch("units", queryset=EnterpriseUnit.objects.select_related("province").order_by("tax_code")),
    )


def contacts_visible_to(user) -> QuerySet[Contact]:
    return Contact.objects.visible_to(user).select_related("enterprise").order_by("enterprise__name_vi", "full_name")


def units_visible_to(user) -> QuerySet[EnterpriseUnit]:
    return EnterpriseUnit.objects.visible_to(user).select_related("enterprise", "province").order_by("tax_code")


def segments_for(user) -> QuerySet[Segment]:
    """Segments are shared reference data: every staff member sees all of them; nobody else sees any."""
    if not access.is_staff_member(user):
        return Segment.objects.none()
    return Segment.objects.prefetch_related("declaration_types").order_by("name_vi")


def associations_for(user) -> QuerySet[Association]:
    if not access.is_staff_member(user):
        return Association.objects.none()
    return Association.objects.select_related("province").order_by("name_vi")


def declaration_types() -> QuerySet[DeclarationType]:
    return DeclarationType.objects.order_by("code")


def staff_accounts_visible_to(user) -> QuerySet[User]:
    """Staff logins: headquarters administrators see every one, branch managers their subtree, others none."""
    memberships = access.scope_by_branch(StaffMembership.objects.all(), user, via="branch")
    if not access.is_manager(user):
        return User.objects.none()
    return (
        User.objects.filter(staff_membership__in=memberships)
        .select_related("staff_membership__branch")
        .order_by("staff_membership__branch__path", "username")
    )
