"""The columns of the dialogues lists' CSV/XLSX downloads, shared by the HTML pages and the API `export` actions.

Each column reads only what the list's selector joins (no query per row). Dates are dates in local time so a
spreadsheet sorts and filters them; statuses are their labels.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.exports import Column
from dialogues.models import OwnerSide


def local_date(moment):
    """The local calendar day of a timestamp (None stays empty)."""
    return timezone.localtime(moment).date() if moment else None


def local_minute(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


# --- Questions ---------------------------------------------------------------------------------------------------

QUESTION_COLUMNS = [
    Column(gettext_lazy("Reference"), lambda q: q.reference),
    Column(gettext_lazy("Title"), lambda q: q.title),
    Column(gettext_lazy("Tax code"), lambda q: q.enterprise.tax_code if q.enterprise_id else ""),
    Column(gettext_lazy("Enterprise"), lambda q: q.enterprise.name_vi if q.enterprise_id else q.asker_name),
    Column(gettext_lazy("Channel"), lambda q: q.get_channel_display()),
    Column(gettext_lazy("Category"), lambda q: q.get_category_display()),
    Column(gettext_lazy("Priority"), lambda q: q.get_priority_display()),
    Column(gettext_lazy("Status"), lambda q: q.get_status_display()),
    Column(gettext_lazy("Received on"), lambda q: local_date(q.received_at)),
    Column(gettext_lazy("Customs unit code"), lambda q: q.branch.code),
    Column(gettext_lazy("Customs unit"), lambda q: q.branch.name_vi),
    Column(gettext_lazy("Assigned unit"), lambda q: q.assigned_unit.name_vi if q.assigned_unit_id else ""),
    Column(gettext_lazy("Assigned to"), lambda q: q.assignee.display_name if q.assignee_id else ""),
    Column(gettext_lazy("Due on"), lambda q: q.due_on),
    Column(gettext_lazy("Answered on"), lambda q: local_date(q.answered_at)),
    Column(gettext_lazy("Answered on time"), lambda q: q.answered_on_time),
    Column(gettext_lazy("Conference"), lambda q: q.conference.title if q.conference_id else ""),
]


def _portal_status(question) -> str:
    # The portal's wording lives with its pages; imported here to avoid a cycle (the pages import this module).
    from dialogues.views.portal_questions import portal_status

    return str(portal_status(question.status)[0])


# What an enterprise sees of its own questions: no officer, no internal unit or deadline, statuses in its words.
PORTAL_QUESTION_COLUMNS = [
    Column(gettext_lazy("Reference"), lambda q: q.reference),
    Column(gettext_lazy("Title"), lambda q: q.title),
    Column(gettext_lazy("Status"), _portal_status),
    Column(gettext_lazy("Received on"), lambda q: local_date(q.received_at)),
    Column(gettext_lazy("Answer due"), lambda q: q.due_on),
    Column(gettext_lazy("Answered on"), lambda q: local_date(q.answered_at)),
]

# --- Conferences -------------------------------------------------------------------------------------------------

# The first twelve columns keep the order of the first version of this export (spreadsheets built on it still work).
CONFERENCE_COLUMNS = [
    Column(gettext_lazy("Title"), lambda c: c.title),
    Column(gettext_lazy("Kind"), lambda c: c.get_kind_display()),
    Column(gettext_lazy("Organising unit"), lambda c: c.branch.name_vi),
    Column(gettext_lazy("Starts at"), lambda c: local_minute(c.starts_at)),
    Column(gettext_lazy("Ends at"), lambda c: local_minute(c.ends_at)),
    Column(gettext_lazy("Format"), lambda c: c.get_format_display()),
    Column(gettext_lazy("Venue or link"), lambda c: c.venue or c.online_link),
    Column(gettext_lazy("Status"), lambda c: c.get_status_display()),
    Column(gettext_lazy("Invited"), lambda c: c.invited_count),
    Column(gettext_lazy("Registered"), lambda c: c.registered_count),
    Column(gettext_lazy("Checked in"), lambda c: c.checked_in_count),
    Column(gettext_lazy("Public"), lambda c: c.is_public),
    Column(gettext_lazy("Organising unit code"), lambda c: c.branch.code),
    Column(gettext_lazy("Date"), lambda c: local_date(c.starts_at)),
]

# --- Follow-up actions -------------------------------------------------------------------------------------------


def _action_source(action) -> str:
    if action.conference_id:
        return action.conference.title
    if action.question_id:
        return f"{action.question.reference} {action.question.title}"
    review = action.agreement_review
    if review is None:
        return ""
    return _("Review of %(agreement)s on %(date)s") % {
        "agreement": review.agreement.title,
        "date": review.reviewed_on.strftime("%d/%m/%Y"),
    }


def _action_responsible(action) -> str:
    parts = [action.branch.name_vi]
    if action.owner_id:
        parts.append(action.owner.display_name)
    if action.owner_side == OwnerSide.BUSINESS and action.owner_enterprise_id:
        parts.append(action.owner_enterprise.name_vi)
    return " · ".join(parts)


ACTION_COLUMNS = [
    Column(gettext_lazy("Title"), lambda a: a.title),
    Column(gettext_lazy("Type"), lambda a: a.get_type_display()),
    Column(gettext_lazy("Source"), _action_source),
    Column(gettext_lazy("Responsible unit code"), lambda a: a.branch.code),
    Column(gettext_lazy("Responsible"), _action_responsible),
    Column(gettext_lazy("Owner"), lambda a: a.get_owner_side_display()),
    Column(gettext_lazy("Due on"), lambda a: a.due_on),
    Column(gettext_lazy("Status"), lambda a: a.get_status_display()),
    Column(gettext_lazy("Progress (%)"), lambda a: a.progress),
    Column(gettext_lazy("Completed on"), lambda a: a.completed_on),
    Column(gettext_lazy("Referred to"), lambda a: a.referred_to),
    Column(gettext_lazy("Public"), lambda a: a.is_public),
]

# --- Question bank and legal documents ---------------------------------------------------------------------------

BANK_ENTRY_COLUMNS = [
    Column(gettext_lazy("Number"), lambda e: e.pk),
    Column(gettext_lazy("Question (Vietnamese)"), lambda e: e.question_vi),
    Column(gettext_lazy("Category"), lambda e: e.get_category_display()),
    Column(gettext_lazy("Tags"), lambda e: ", ".join(e.tags or [])),
    Column(gettext_lazy("Status"), lambda e: e.get_status_display()),
    Column(gettext_lazy("Shown to the public"), lambda e: e.live),
    Column(gettext_lazy("Customs unit code"), lambda e: e.branch.code),
    Column(gettext_lazy("Customs unit"), lambda e: e.branch.name_vi),
    Column(gettext_lazy("Submitted by"), lambda e: e.submitted_by.display_name if e.submitted_by_id else ""),
    Column(gettext_lazy("Approved by"), lambda e: e.approved_by.display_name if e.approved_by_id else ""),
    Column(gettext_lazy("First published on"), lambda e: local_date(e.first_published_at)),
    Column(gettext_lazy("Review due on"), lambda e: e.review_due_on),
    Column(gettext_lazy("Views"), lambda e: e.view_count),
    Column(gettext_lazy("Found it helpful"), lambda e: e.helpful_count),
    Column(gettext_lazy("Did not find it helpful"), lambda e: e.unhelpful_count),
    Column(gettext_lazy("Last changed on"), lambda e: local_date(e.updated_at)),
]

LEGAL_DOCUMENT_COLUMNS = [
    Column(gettext_lazy("Number"), lambda d: d.number),
    Column(gettext_lazy("Type"), lambda d: d.get_doc_type_display()),
    Column(gettext_lazy("Title"), lambda d: d.title),
    Column(gettext_lazy("Issuer"), lambda d: d.issuer),
    Column(gettext_lazy("Issued on"), lambda d: d.issued_on),
    Column(gettext_lazy("Effective from"), lambda d: d.effective_from),
    Column(gettext_lazy("Expires on"), lambda d: d.expires_on),
    Column(gettext_lazy("Status"), lambda d: d.get_status_display()),
    Column(gettext_lazy("Amended by"), lambda d: d.amended_by.number if d.amended_by_id else ""),
    Column(gettext_lazy("Link to the text"), lambda d: d.url),
]
