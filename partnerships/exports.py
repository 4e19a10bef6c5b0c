"""The columns of the partnerships lists' CSV/XLSX downloads, shared by the HTML pages and the API `export` actions.

Each column reads only what the list's selector joins or prefetches (no query per row).
"""

from django.utils.translation import gettext_lazy, pgettext_lazy

from crm.exports import Column
from partnerships.models.pledges import progress_of


def _parties_text(agreement) -> str:
    return "; ".join(
        f"{p.enterprise.tax_code} {p.enterprise.name_vi}" if p.enterprise else p.association.name_vi
        for p in agreement.parties.all()
    )


# Rows of selectors.agreements_visible_to: unit joined, health counts annotated, parties prefetched.
AGREEMENT_COLUMNS = [
    Column(gettext_lazy("Document number"), lambda a: a.doc_number),
    Column(gettext_lazy("Title"), lambda a: a.title),
    Column(gettext_lazy("Kind"), lambda a: a.get_kind_display()),
    Column(pgettext_lazy("agreement level", "Level"), lambda a: a.get_level_display()),
    Column(gettext_lazy("Customs unit code"), lambda a: a.branch.code),
    Column(gettext_lazy("Customs unit"), lambda a: a.branch.name_vi),
    Column(gettext_lazy("Parties"), _parties_text),
    Column(gettext_lazy("Status"), lambda a: a.get_status_display()),
    Column(gettext_lazy("Health"), lambda a: str(a.health.label)),
    Column(gettext_lazy("Signed on"), lambda a: a.signed_on),
    Column(gettext_lazy("Effective from"), lambda a: a.effective_from),
    Column(gettext_lazy("Expires on"), lambda a: a.expires_on),
    Column(gettext_lazy("Next review"), lambda a: a.next_review_on),
]

# Rows of the progress table (one per metric of one unit and year).
PROGRESS_COLUMNS = [
    Column(gettext_lazy("Metric"), lambda row: str(row.label)),
    Column(gettext_lazy("Assigned target"), lambda row: row.target.assigned if row.target else None),
    Column(gettext_lazy("Striving target"), lambda row: row.target.striving if row.target else None),
    Column(gettext_lazy("Actual"), lambda row: row.actual),
    # xgettext:no-python-format
    Column(gettext_lazy("% of assigned"), lambda row: row.pct_of_assigned),
    # xgettext:no-python-format
    Column(gettext_lazy("% of striving"), lambda row: row.pct_of_striving),
    Column(gettext_lazy("Assigned by (document)"), lambda row: row.target.doc_ref if row.target else ""),
]

# Rows of selectors.targets_visible_to (the API list of targets: every unit and year in scope).
TARGET_COLUMNS = [
    Column(gettext_lazy("Year"), lambda t: t.year),
    Column(gettext_lazy("Customs unit code"), lambda t: t.branch.code),
    Column(gettext_lazy("Customs unit"), lambda t: t.branch.name_vi),
    Column(gettext_lazy("Metric"), lambda t: t.get_metric_display()),
    Column(gettext_lazy("Assigned target"), lambda t: t.assigned),
    Column(gettext_lazy("Striving target"), lambda t: t.striving),
    Column(gettext_lazy("Assigned by (document)"), lambda t: t.doc_ref),
]

# Rows of selectors.monthly_statistics_visible_to (unit joined). Blank cells: the figure is not known.
STATISTIC_COLUMNS = [
    Column(gettext_lazy("Customs unit code"), lambda s: s.branch.code),
    Column(gettext_lazy("Customs unit"), lambda s: s.branch.name_vi),
    Column(gettext_lazy("Month"), lambda s: f"{s.month:%Y-%m}"),
    Column(gettext_lazy("Budget revenue (VND)"), lambda s: s.budget_revenue_vnd),
    Column(gettext_lazy("Import declarations"), lambda s: s.declarations_import),
    Column(gettext_lazy("Export declarations"), lambda s: s.declarations_export),
    Column(gettext_lazy("Green channel"), lambda s: s.channel_green),
    Column(gettext_lazy("Yellow channel"), lambda s: s.channel_yellow),
    Column(gettext_lazy("Red channel"), lambda s: s.channel_red),
    Column(gettext_lazy("Import value (USD)"), lambda s: s.trade_import_usd),
    Column(gettext_lazy("Export value (USD)"), lambda s: s.trade_export_usd),
    Column(gettext_lazy("Active enterprises"), lambda s: s.active_enterprises),
    Column(gettext_lazy("Source"), lambda s: s.get_source_display()),
    Column(gettext_lazy("Note"), lambda s: s.note),
]


# Rows of selectors.campaigns_visible_to: unit and segment joined, pledge counts annotated.
CAMPAIGN_COLUMNS = [
    Column(gettext_lazy("Campaign"), lambda c: c.name),
    Column(gettext_lazy("Kind"), lambda c: c.get_kind_display()),
    Column(gettext_lazy("Customs unit"), lambda c: c.branch.name_vi),
    Column(gettext_lazy("Run with"), lambda c: c.partner),
    Column(gettext_lazy("Starts on"), lambda c: c.starts_on.strftime("%d/%m/%Y")),
    Column(gettext_lazy("Ends on"), lambda c: c.ends_on.strftime("%d/%m/%Y")),
    Column(gettext_lazy("Target segment"), lambda c: c.target_segment.name_vi if c.target_segment else ""),
    Column(gettext_lazy("Target signers"), lambda c: c.target_signers),
    Column(gettext_lazy("Signed"), lambda c: c.signed_count),
    Column(gettext_lazy("Withdrawn"), lambda c: c.withdrawn_count),
    Column(gettext_lazy("Breached"), lambda c: c.breached_count),
    Column(gettext_lazy("Progress (%)"), lambda c: progress_of(c).percent),
]


# Rows of selectors.pledges_visible_to: campaign and enterprise joined.
PLEDGE_COLUMNS = [
    Column(gettext_lazy("Tax code"), lambda p: p.enterprise.tax_code),
    Column(gettext_lazy("Enterprise"), lambda p: p.enterprise.name_vi),
    Column(gettext_lazy("Signatory"), lambda p: p.signatory_name),
    Column(gettext_lazy("Signatory's title"), lambda p: p.signatory_title),
    Column(gettext_lazy("Signed on"), lambda p: p.signed_on.strftime("%d/%m/%Y")),
    Column(gettext_lazy("Status"), lambda p: p.get_status_display()),
    Column(
        gettext_lazy("Status changed on"),
        lambda p: p.status_changed_on.strftime("%d/%m/%Y") if p.status_changed_on else "",
    ),
    Column(gettext_lazy("Breach reference"), lambda p: p.breach_reference),
    Column(gettext_lazy("Reason or note"), lambda p: p.status_reason),
    Column(gettext_lazy("Signed scan"), lambda p: bool(p.scan)),
]


# Rows of selectors.enrolments_visible_to: programme, enterprise, unit and MoU joined.
ENROLMENT_COLUMNS = [
    Column(gettext_lazy("Tax code"), lambda e: e.enterprise.tax_code),
    Column(gettext_lazy("Enterprise"), lambda e: e.enterprise.name_vi),
    Column(gettext_lazy("Programme"), lambda e: e.programme.name_vi),
    Column(gettext_lazy("Managing unit"), lambda e: e.branch.name_vi),
    Column(gettext_lazy("Cohort"), lambda e: e.cohort),
    Column(gettext_lazy("Status"), lambda e: e.get_status_display()),
    Column(gettext_lazy("Invited on"), lambda e: e.invited_on),
    Column(gettext_lazy("Applied on"), lambda e: e.applied_on),
    Column(gettext_lazy("Accepted on"), lambda e: e.accepted_on),
    Column(gettext_lazy("Member since"), lambda e: e.activated_on),
    Column(gettext_lazy("Ended on"), lambda e: e.ended_on),
    Column(gettext_lazy("Reason"), lambda e: e.status_reason),
    Column(gettext_lazy("Baseline level"), lambda e: e.baseline_level),
    Column(gettext_lazy("Current level"), lambda e: e.current_level),
    Column(gettext_lazy("Target level"), lambda e: e.target_level),
    Column(gettext_lazy("MoU"), lambda e: str(e.mou) if e.mou else ""),
]

# The pledges of every campaign (the API's export): which campaign first.
PLEDGE_LIST_COLUMNS = [Column(gettext_lazy("Campaign"), lambda p: p.campaign.name), *PLEDGE_COLUMNS]
