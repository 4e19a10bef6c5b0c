"""Dialogue conferences: the annual plan, invitations, registrations with attendees, check-in and the closing report."""

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crm.models import Association, AuditedModel, Branch, Contact, Enterprise, Segment
from partnerships.models import Agreement


class ConferenceKind(models.TextChoices):
    ANNUAL_DIALOGUE = "annual_dialogue", _("Annual customs–business dialogue")
    THEMATIC = "thematic", _("Thematic consultation")
    SEGMENT_MEETING = "segment_meeting", _("Meeting with a group of enterprises")
    ASSOCIATION_MEETING = "association_meeting", _("Meeting with an association")
    FIELD_VISIT = "field_visit", _("Field visit")
    POLICY_BRIEFING = "policy_briefing", _("Policy briefing")
    TRAINING = "training", _("Training")


class ConferenceFormat(models.TextChoices):
    ONSITE = "onsite", _("On site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class ConferenceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    INVITATIONS_SENT = "invitations_sent", _("Invitations sent")
    HELD = "held", _("Held")
    MINUTES_PUBLISHED = "minutes_published", _("Minutes published")
    FOLLOW_UP_CLOSED = "follow_up_closed", _("Follow-up closed")
    CANCELLED = "cancelled", pgettext_lazy("conference status", "Cancelled")


# A conference counts as held only once its report is filed (held and after).
HELD_STATUSES = (ConferenceStatus.HELD, ConferenceStatus.MINUTES_PUBLISHED, ConferenceStatus.FOLLOW_UP_CLOSED)
OPEN_FOR_REGISTRATION = (ConferenceStatus.PLANNED, ConferenceStatus.INVITATIONS_SENT)


class PlanItemQuerySet(models.QuerySet["PlanItem"]):
    def visible_to(self, user) -> Self:
        from crm import access

        return access.scope_by_branch(self, user, via="branch")


class PlanItem(AuditedModel):
    """One conference a unit plans for the year (theme, quarter, target segments); linked to the conference held."""

    branch = models.ForeignKey(Branch, verbose_name=_("customs unit"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=[(q, f"Q{q}") for q in range(1, 5)])
    kind = models.CharField(_("kind"), max_length=24, choices=ConferenceKind)
    theme = models.CharField(_("theme"), max_length=255)
    target_segments = models.ManyToManyField(Segment, verbose_name=_("target segments"), blank=True, related_name="+")
    note = models.TextField(_("note"), blank=True)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("planned conference")
        verbose_name_plural = _("annual plan")
        ordering = ["branch", "year", "quarter", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="plan_item_quarter_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.year} Q{self.quarter}: {self.theme}"


class ConferenceQuerySet(models.QuerySet["Conference"]):
    def visible_to(self, user) -> Self:
        from crm import access

        return access.scope_by_branch(self, user, via="branch")


class Conference(AuditedModel):
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=24, choices=ConferenceKind, default=ConferenceKind.ANNUAL_DIALOGUE)
    branch = models.ForeignKey(
        Branch, verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="conferences"
    )
    co_organisers = models.CharField(
        _("co-organisers"), max_length=500, blank=True, help_text=_("e.g. the provincial People's Committee, VCCI")
    )
    co_organising_associations = models.ManyToManyField(
        Association, verbose_name=_("co-organising associations"), blank=True, related_name="+"
    )
    plan_item = models.OneToOneField(
        PlanItem,
        verbose_name=_("planned as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conference",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    format = models.CharField(_("format"), max_length=8, choices=ConferenceFormat, default=ConferenceFormat.ONSITE)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("One item per line."))
    chairs = models.CharField(_("chaired by"), max_length=255, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity (people)"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    target_segments = models.ManyToManyField(Segment, verbose_name=_("target segments"), blank=True, related_name="+")
    agreements = models.ManyToManyField(
        Agreement, verbose_name=_("agreements signed or reviewed there"), blank=True, related_name="conferences"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ConferenceStatus, default=ConferenceStatus.PLANNED, editable=False
    )
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Show on the unit's public accountability page once minutes are out.")
    )

    objects = ConferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="conference_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__isnull=True) | Q(capacity__gte=1), name="conference_capacity"),
        ]
        indexes = [
            # Lists and calendar feeds: a unit's conferences by date.
            models.Index(fields=["branch", "-starts_at"], name="conference_branch_start_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class InvitationChannel(models.TextChoices):
    SEGMENT = "segment", _("By segment")
    TAX_CODES = "tax_codes", _("By list of tax codes")
    ASSOCIATION = "association", _("By association")
    SINGLE = "single", _("One by one")


class Invitation(AuditedModel):
    """An enterprise invited to a conference; its token is the registration link sent to the contacts."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="invitations")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="invitations")
    channel = models.CharField(_("invited"), max_length=12, choices=InvitationChannel)
    token = models.CharField(_("registration token"), max_length=43, unique=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["conference", "enterprise"], name="invitation_once_per_enterprise"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} → {self.conference}"


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("Waiting list")
    CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def visible_to(self, user) -> Self:
        """Staff: registrations of their units' conferences; a portal user: their own enterprise's."""
        from crm import access

        if access.is_staff_member(user):
            return access.scope_by_branch(self, user, via="conference__branch")
        enterprise_id = access.portal_enterprise_id(user)
        return self.filter(enterprise_id=enterprise_id) if enterprise_id else self.none()


class Registration(AuditedModel):
    """An enterprise's registration: the people who will attend. Over capacity it waits on the list."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="registrations")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="registrations")
    status = models.CharField(
        _("status"), max_length=12, choices=RegistrationStatus, default=RegistrationStatus.REGISTERED, editable=False
    )
    walk_in = models.BooleanField(_("walk-in"), default=False, editable=False)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now, editable=False)
    note = models.TextField(_("note"), blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["conference", "enterprise"], name="registration_once_per_enterprise"),
        ]
        indexes = [
            # The waiting list in order of arrival.
            models.Index(fields=["conference", "status", "queued_at"], name="registration_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} @ {self.conference}"


class Attendee(models.Model):
    """A person who registered (or walked in); checked in on the day. Walk-ins from outside the register have
    no registration and name their organisation in text."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="attendees")
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.CASCADE, related_name="attendees"
    )
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    full_name = models.CharField(_("full name"), max_length=120)
    position = models.CharField(_("position"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    search_text = models.TextField(editable=False, default="")
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True, editable=False)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        indexes = [
            # Check-in counts and the list of who arrived.
            models.Index(fields=["conference", "checked_in_at"], name="attendee_checkin_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name


class Addressee(models.TextChoices):
    CUSTOMS_DEPARTMENT = "customs_department", _("Customs Department")
    MINISTRY_OF_FINANCE = "ministry_of_finance", _("Ministry of Finance")
    OTHER_MINISTRY = "other_ministry", _("Another ministry or agency")
    PROVINCE = "province", _("Provincial People's Committee")


class ConferenceReport(AuditedModel):
    """The closing report; a conference counts as held only once it is filed."""

    conference = models.OneToOneField(Conference, on_delete=models.CASCADE, related_name="report")
    attendee_count = models.PositiveIntegerField(_("attendees"))
    attendee_count_reason = models.CharField(_("why the count differs from check-ins"), max_length=255, blank=True)
    enterprise_count = models.PositiveIntegerField(_("attending enterprises"), default=0)
    attending_associations = models.ManyToManyField(
        Association, verbose_name=_("attending associations"), blank=True, related_name="+"
    )
    minutes = models.TextField(_("minutes"))
    minutes_pdf = models.FileField(_("minutes (PDF)"), upload_to="conferences/%Y/", blank=True)
    answered_on_spot = models.PositiveIntegerField(_("questions answered on the spot"), default=0)
    needing_written_answer = models.PositiveIntegerField(_("questions needing a written answer"), default=0)
    survey_link = models.URLField(_("satisfaction survey link"), blank=True)
    published_at = models.DateTimeField(_("minutes published at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("conference report")
        verbose_name_plural = _("conference reports")

    def __str__(self) -> str:
        return f"{self.conference}"


class Recommendation(AuditedModel):
    """An issue beyond the unit's competence, raised at the conference and passed to a higher level."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField(_("recommendation"))
    addressed_to = models.CharField(_("addressed to"), max_length=24, choices=Addressee)
    is_public = models.BooleanField(_("public"), default=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["conference", "id"]

    def __str__(self) -> str:
        return self.text[:60]
