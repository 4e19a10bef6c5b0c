"""manage.py import_enterprises FILE [--dry-run] [--user USERNAME]: import enterprises from a CSV or XLSX file."""

from django.core.management.base import BaseCommand, CommandError

from crm.errors import DomainError
from crm.models import User
from crm.services import imports


class Command(BaseCommand):
    help = "Import enterprises from a CSV (UTF-8) or XLSX file: every row is written, or none is."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the CSV or XLSX file.")
        parser.add_argument("--dry-run", action="store_true", help="Validate and count, write nothing.")
        parser.add_argument(
            "--user",
            help="Import as this user (restricted to their customs unit's subtree). Without it: a system import.",
        )

    def handle(self, *args, **options):
        by = None
        if options["user"]:
            by = User.objects.filter(username=options["user"], is_active=True).first()
            if by is None:
                raise CommandError(f"No active user named {options['user']}.")
        try:
            rows = imports.parse_path(options["file"])
            report = imports.import_enterprises_rows(rows=rows, by=by, dry_run=options["dry_run"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        written = not (report.dry_run or report.errors)
        self.stdout.write(
            f"{report.total_rows} rows: {'created' if written else 'would create'} {report.created}, "
            f"{'updated' if written else 'would update'} {report.updated}"
            + (" (dry run, nothing written)" if report.dry_run else "")
        )
        if report.errors:
            lines = [f"row {e.row}, {e.field or 'row'}: {e.message}" for e in report.errors]
            raise CommandError("\n".join([f"{len(report.errors)} error(s); nothing was written.", *lines]))
