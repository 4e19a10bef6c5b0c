"""Importing enterprises from CSV or XLSX: validate every row, then write all rows or none (one transaction)."""

from dataclasses import dataclass, field


@dataclass
class RowError:
    row: int
    field: str
    message: str


@dataclass
class ImportReport:
    dry_run: bool
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "total_rows": self.total_rows,
            "created": self.created,
            "updated": self.updated,
            "errors": [vars(e) for e in self.errors],
            "preview": self.preview,
        }


def import_enterprises_file(*, upload, by, dry_run: bool) -> ImportReport:
    raise NotImplementedError  # implemented in the import task (in progress)
