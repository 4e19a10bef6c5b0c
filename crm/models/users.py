"""Users and what they act for: a staff membership in one branch, or a portal membership for one enterprise."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from crm.models.base import TimeStampedModel


class User(AbstractUser):
    """A person who logs in. Deactivate (is_active=False) instead of deleting."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=8, choices=[("vi", "Tiếng Việt"), ("en", "English")], default="vi"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


class Role(models.TextChoices):
    OFFICER = "officer", _("Officer")
    MANAGER = "manager", _("Manager")
    HQ_ADMIN = "hq_admin", _("Headquarters administrator")


class StaffMembership(TimeStampedModel):
    """A customs staff member belongs to exactly one branch, with one role."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="staff_membership")
    branch = models.ForeignKey(
        "crm.Branch", verbose_name=_("customs unit"), on_delete=models.PROTECT, related_name="staff"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role, default=Role.OFFICER)
    title = models.CharField(_("job title"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="crm_staffmembership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.branch_id} ({self.role})"


class PortalMembership(TimeStampedModel):
    """A portal user acts for exactly one enterprise (and may be one of its contacts)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="portal_membership")
    enterprise = models.ForeignKey(
        "crm.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="portal_members",
    )
    contact = models.ForeignKey(
        "crm.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("portal membership")
        verbose_name_plural = _("portal memberships")

    def __str__(self) -> str:
        return f"{self.user_id}→{self.enterprise_id}"


class SignupStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for verification")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class PortalSignup(TimeStampedModel):
    """A business registering itself for the portal. The user stays inactive until staff of the branch managing the
    enterprise check the request against the tax code and approve it (which creates the portal membership)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="portal_signup")
    tax_code = models.CharField(_("tax code"), max_length=14)
    enterprise_name = models.CharField(_("enterprise name"), max_length=255)
    position = models.CharField(_("position"), max_length=120, blank=True)
    enterprise = models.ForeignKey(
        "crm.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="portal_signups",
    )
    status = models.CharField(_("status"), max_length=10, choices=SignupStatus, default=SignupStatus.PENDING)
    reviewed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("portal sign-up")
        verbose_name_plural = _("portal sign-ups")
        indexes = [models.Index(fields=["status", "-created_at"], name="portal_signup_status_idx")]

    def __str__(self) -> str:
        return f"{self.tax_code} ({self.status})"


class FailedLogin(models.Model):
    """A failed sign-in, kept for a short while to throttle password guessing (per username and per address)."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("failed sign-in")
        verbose_name_plural = _("failed sign-ins")

    def __str__(self) -> str:
        return f"{self.username} {self.at:%Y-%m-%d %H:%M}"
