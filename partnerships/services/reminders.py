"""The partnerships app's reminder scan: agreements whose review date or expiry date comes near (by default 90, 30
and 7 days before), to the focal officers and the branch's managers. See crm.services.reminders."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from crm.models import NotificationKind
from crm.services import reminders
from crm.services.reminders import Policies, Writer, window_before
from partnerships.models import Agreement
from partnerships.models.agreements import IN_FORCE

R = reminders.R
SCANS = (
    (R.AGREEMENT_REVIEW, NotificationKind.AGREEMENT_REVIEW_DUE, "next_review_on"),
    (R.AGREEMENT_EXPIRY, NotificationKind.AGREEMENT_EXPIRING, "expires_on"),
)


def scan_agreements(today: date | None = None) -> dict:
    today = today or timezone.localdate()
    writer = Writer()
    in_force = Agreement.objects.filter(status__in=IN_FORCE).order_by()
    for rule, kind, field in SCANS:
        policies = Policies(rule)
        for offsets, branch_ids in policies.groups().items():
            horizon = today + timedelta(days=max(offsets))
            rows = in_force.filter(branch_id__in=branch_ids, **{f"{field}__gte": today, f"{field}__lte": horizon})
            for agreement in rows.prefetch_related("focal_officers").iterator(chunk_size=500):
                when = getattr(agreement, field)
                days_left = (when - today).days
                window = window_before(days_left, offsets)
                if window is None:
                    continue
                recipients = {u.pk: u.language for u in agreement.focal_officers.all() if u.is_active}
                if policies.for_branch(agreement.branch_id).copy_managers or not recipients:
                    for manager in policies.managers.get(agreement.branch_id, ()):
                        recipients.setdefault(manager, policies.language.get(manager, "vi"))
                payload = {
                    "agreement": agreement.pk,
                    "title": agreement.title,
                    "reference": agreement.doc_number,
                    "date": when.isoformat(),
                    "days_left": days_left,
                    "url": reverse("agreement-detail", kwargs={"pk": agreement.pk}),
                }
                for user_id, language in sorted(recipients.items()):
                    writer.add(
                        kind,
                        subject=f"agreement:{agreement.pk}",
                        window=f"{when}:{window}d",
                        payload=payload,
                        user_id=user_id,
                        language=language,
                    )
    return writer.result()
