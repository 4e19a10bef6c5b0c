"""Run the reminder scans once, as the beat does (for a machine without a beat, and for the demo).

manage.py send_reminders             # write the reminders that are due (the worker sends them)
manage.py send_reminders --deliver   # … and send the outbox now, in this process
manage.py send_reminders --digest    # … and Monday's digest, whatever the day
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from crm.services import notifications
from dialogues.services import digest, reminders
from partnerships.services import reminders as agreement_reminders


class Command(BaseCommand):
    help = "Write the reminders that are due (each once), optionally the weekly digest, and optionally deliver."

    def add_arguments(self, parser):
        parser.add_argument("--deliver", action="store_true", help="Send the outbox now instead of leaving it.")
        parser.add_argument("--digest", action="store_true", help="Write this week's digest even if not Monday.")

    def handle(self, *args, **options):
        results = {**reminders.scan_all(), "agreements": agreement_reminders.scan_agreements()}
        if options["digest"]:
            now = timezone.localtime()
            monday = now - timezone.timedelta(days=now.weekday())
            results["digest"] = digest.send_weekly_digest(now=monday.replace(hour=23, minute=0))
        written = sum(result.get("created", 0) for result in results.values())
        self.stdout.write(f"Reminders: {written} written ({', '.join(f'{k} {v}' for k, v in results.items())}).")
        if options["deliver"]:
            delivered = notifications.deliver_pending()
            self.stdout.write(f"Delivered: {delivered.sent} sent, {delivered.failed} failed, {delivered.dead} dead.")
