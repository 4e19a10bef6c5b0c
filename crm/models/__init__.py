"""The core register: users and memberships, the customs branch tree, provinces, enterprises and their people."""

from crm.models.base import AuditedModel, TimeStampedModel
from crm.models.branches import Branch, BranchCoverage, BranchKind, Province
from crm.models.calendar import CalendarDay, CalendarDayKind
from crm.models.enterprises import (
    AeoStatus,
    Association,
    ComplianceLevel,
    Contact,
    ContactLanguage,
    DeclarationType,
    Enterprise,
    EnterpriseStatus,
    EnterpriseUnit,
    Ownership,
    Segment,
    TradeDirection,
    UnitKind,
)
from crm.models.notifications import (
    Notification,
    NotificationKind,
    NotificationMute,
    NotificationStatus,
    ReminderRule,
    ReminderSetting,
    TaskRun,
)
from crm.models.users import FailedLogin, PortalMembership, PortalSignup, Role, SignupStatus, StaffMembership, User

__all__ = [
    "AeoStatus",
    "Association",
    "AuditedModel",
    "Branch",
    "BranchCoverage",
    "BranchKind",
    "CalendarDay",
    "CalendarDayKind",
    "ComplianceLevel",
    "Contact",
    "ContactLanguage",
    "DeclarationType",
    "Enterprise",
    "EnterpriseStatus",
    "EnterpriseUnit",
    "FailedLogin",
    "Notification",
    "NotificationKind",
    "NotificationMute",
    "NotificationStatus",
    "Ownership",
    "PortalMembership",
    "PortalSignup",
    "Province",
    "ReminderRule",
    "ReminderSetting",
    "Role",
    "Segment",
    "SignupStatus",
    "StaffMembership",
    "TaskRun",
    "TimeStampedModel",
    "TradeDirection",
    "UnitKind",
    "User",
]
