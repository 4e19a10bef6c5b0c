"""Days off an administrator adds on top of the statutory public holidays (the `holidays` package): a bridge day the
Government announces, or a Saturday worked in exchange (ngày làm bù)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from crm.models.base import TimeStampedModel


class CalendarDayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Day off")
    WORKING_DAY = "working_day", _("Working day (make-up)")


class CalendarDay(TimeStampedModel):
    """An exception to the normal week: a day off on a weekday, or a working Saturday/Sunday."""

    day = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=CalendarDayKind, default=CalendarDayKind.DAY_OFF)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.name}"
