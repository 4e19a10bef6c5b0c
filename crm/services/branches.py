"""Actions on the customs unit tree and on which provinces each unit covers."""

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from crm.errors import DomainError
from crm.models import Branch, BranchCoverage, BranchKind, Province
from crm.models.branches import PATH_STEP

# Which kind of unit may sit under which.
ALLOWED_PARENT_KINDS = {
    BranchKind.DEPARTMENT: (),
    BranchKind.REGIONAL: (BranchKind.DEPARTMENT,),
    BranchKind.OFFICE: (BranchKind.REGIONAL,),
    BranchKind.TEAM: (BranchKind.DEPARTMENT, BranchKind.REGIONAL, BranchKind.OFFICE),
}

BRANCH_FIELDS = (
    "kind",
    "code",
    "name_vi",
    "name_en",
    "short_name",
    "roman_numeral",
    "customs_office_code",
    "hq_province",
    "address",
    "phone",
    "email",
    "active_from",
    "active_to",
)


def _path_for(branch: Branch, parent: Branch | None) -> str:
    return (parent.path if parent else "") + f"{branch.pk:0{PATH_STEP - 1}d}/"


def _check_parent(kind: str, parent: Branch | None) -> None:
    allowed = ALLOWED_PARENT_KINDS[BranchKind(kind)]
    if not allowed:
        if parent is not None:
            raise DomainError(
                _("The Customs Department is the top of the tree and has no parent unit."), field="parent"
            )
        if Branch.objects.filter(kind=BranchKind.DEPARTMENT).exists():
            raise DomainError(_("There is already a Customs Department at the top of the tree."), field="kind")
        return
    if parent is None:
        raise DomainError(_("Choose the unit this one belongs to."), field="parent")
    if parent.kind not in allowed:
        raise DomainError(
            _("A %(kind)s cannot be placed under a %(parent)s.")
            % {"kind": BranchKind(kind).label, "parent": BranchKind(parent.kind).label},
            field="parent",
        )


@transaction.atomic
def create_branch(*, by, parent: Branch | None, **fields) -> Branch:
    kind = fields["kind"]
    _check_parent(kind, parent)
    if kind != BranchKind.REGIONAL:
        fields["roman_numeral"] = ""
    branch = Branch(parent=parent, created_by=by, updated_by=by, **fields)
    branch.full_clean(exclude=["path", "depth"])
    branch.save()
    branch.path = _path_for(branch, parent)
    branch.depth = 0 if parent is None else parent.depth + 1
    branch.save(update_fields=["path", "depth"])
    return branch


@transaction.atomic
def update_branch(*, branch: Branch, by, parent: Branch | None, **fields) -> Branch:
    """Edit a unit (pass its parent even when unchanged); a move rewrites the path of its whole subtree."""
    branch = Branch.objects.select_for_update().get(pk=branch.pk)
    kind = fields.get("kind", branch.kind)
    new_parent = parent
    if new_parent is not None and new_parent.path.startswith(branch.path):
        raise DomainError(_("A unit cannot be moved under itself or one of its own units."), field="parent")
    _check_parent_on_update(kind, new_parent, branch)
    for name, value in fields.items():
        setattr(branch, name, value)
    if kind != BranchKind.REGIONAL:
        branch.roman_numeral = ""
    branch.updated_by = by
    branch.full_clean(exclude=["path", "depth"])
    old_path = branch.path
    moved = new_parent != branch.parent
    branch.parent = new_parent
    branch.save()
    if moved:
        new_path = _path_for(branch, new_parent)
        depth_change = (0 if new_parent is None else new_parent.depth + 1) - branch.depth
        for unit in Branch.objects.select_for_update().filter(path__startswith=old_path):
            unit.path = new_path + unit.path[len(old_path) :]
            unit.depth += depth_change
            unit.save(update_fields=["path", "depth"])
        branch.refresh_from_db()
    return branch


def _check_parent_on_update(kind: str, parent: Branch | None, branch: Branch) -> None:
    allowed = ALLOWED_PARENT_KINDS[BranchKind(kind)]
    if not allowed:
        if parent is not None:
            raise DomainError(
                _("The Customs Department is the top of the tree and has no parent unit."), field="parent"
            )
        if Branch.objects.filter(kind=BranchKind.DEPARTMENT).exclude(pk=branch.pk).exists():
            raise DomainError(_("There is already a Customs Department at the top of the tree."), field="kind")
        return
    _check_parent(kind, parent)


@transaction.atomic
def add_coverage(
    *,
    by,
    branch: Branch,
    province: Province,
    valid_from: date,
    valid_to: date | None = None,
    legal_basis: str = "",
    note: str = "",
) -> BranchCoverage:
    """Record that `branch` covers `province` over a period; periods of the same pair may not overlap."""
    if valid_to is not None and valid_to < valid_from:
        raise DomainError(_("The end date must be on or after the start date."), field="valid_to")
    overlapping = BranchCoverage.objects.filter(branch=branch, province=province).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)
    )
    if valid_to is not None:
        overlapping = overlapping.filter(valid_from__lte=valid_to)
    if overlapping.exists():
        raise DomainError(
            _("%(branch)s already covers %(province)s during part of this period; end that period first.")
            % {"branch": branch.name_vi, "province": province.name_vi},
            field="valid_from",
        )
    return BranchCoverage.objects.create(
        branch=branch,
        province=province,
        valid_from=valid_from,
        valid_to=valid_to,
        legal_basis=legal_basis,
        note=note,
        created_by=by,
        updated_by=by,
    )


@transaction.atomic
def end_coverage(*, by, coverage: BranchCoverage, valid_to: date) -> BranchCoverage:
    """Close an open coverage period (e.g. when a province moves to another unit)."""
    coverage = BranchCoverage.objects.select_for_update().get(pk=coverage.pk)
    if valid_to < coverage.valid_from:
        raise DomainError(_("The end date must be on or after the start date."), field="valid_to")
    if coverage.valid_to is not None and coverage.valid_to < valid_to:
        raise DomainError(_("This period already ended; it cannot be extended from here."), field="valid_to")
    coverage.valid_to = valid_to
    coverage.updated_by = by
    coverage.save(update_fields=["valid_to", "updated_by", "updated_at"])
    return coverage
