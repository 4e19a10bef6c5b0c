"""Factories that build the minimum valid object; tests pass every value they assert."""

import itertools

import factory

from crm.models import (
    Association,
    Branch,
    BranchKind,
    Contact,
    DeclarationType,
    Enterprise,
    Province,
    Role,
    Segment,
    TradeDirection,
    User,
)
from crm.services import branches as branch_services
from crm.services import enterprises as enterprise_services
from crm.services import staff as staff_services
from crm.taxcodes import make_tax_code

PASSWORD = "demo12345"
_tax_sequence = itertools.count(1)


def next_tax_code(prefix: str = "23") -> str:
    """A fresh checksum-valid 10-digit tax code."""
    while True:
        code = make_tax_code(f"{prefix}{7_000_000 + next(_tax_sequence):07d}")
        if code and not Enterprise.objects.filter(tax_code=code).exists():
            return code


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"P{n:03d}")
    name_vi = factory.Sequence(lambda n: f"Tỉnh {n}")


def make_branch(*, kind=BranchKind.REGIONAL, parent=None, code=None, name_vi=None, roman_numeral="", **extra) -> Branch:
    n = next(_tax_sequence)
    return branch_services.create_branch(
        by=None,
        parent=parent,
        kind=kind,
        code=code or f"B{n}",
        name_vi=name_vi or f"Đơn vị {n}",
        roman_numeral=roman_numeral,
        **extra,
    )


def make_staff(*, username: str, branch: Branch, role: str = Role.OFFICER, **extra) -> User:
    return staff_services.create_staff_account(
        by=None, username=username, password=PASSWORD, branch=branch, role=role, **extra
    )


def make_portal_user(*, username: str, enterprise: Enterprise, **extra) -> User:
    return staff_services.create_portal_account(
        by=None, username=username, password=PASSWORD, enterprise=enterprise, **extra
    )


def make_enterprise(
    *, managing_branch: Branch, name_vi: str | None = None, tax_code: str | None = None, **fields
) -> Enterprise:
    return enterprise_services.register_enterprise(
        by=None,
        tax_code=tax_code or next_tax_code(),
        name_vi=name_vi or f"Công ty TNHH Thử nghiệm {next(_tax_sequence)}",
        managing_branch=managing_branch,
        **fields,
    )


def make_contact(*, enterprise: Enterprise, full_name: str = "Nguyễn Văn An", **fields) -> Contact:
    return enterprise_services.add_contact(enterprise=enterprise, by=None, full_name=full_name, **fields)


class DeclarationTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeclarationType
        django_get_or_create = ("code",)

    code = "E31"
    direction = TradeDirection.IMPORT
    name_vi = factory.LazyAttribute(lambda o: f"Loại hình {o.code}")


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Segment

    code = factory.Sequence(lambda n: f"segment-{n}")
    name_vi = factory.Sequence(lambda n: f"Nhóm {n}")


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association

    name_vi = factory.Sequence(lambda n: f"Hiệp hội {n}")
