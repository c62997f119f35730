"""The lists a case chooses from: income-support sources and gender."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class IncomeSupportSource(models.Model):
    """One entry of the versioned list of income-support sources (försörjningskällor).

    The national code lists are not public (DOMAIN.md §3), so the list is data: an entry is
    retired by ending its validity, never deleted, and old cases keep what they recorded.
    """

    class Direction(models.TextChoices):
        # Gävleborg's goal: fewer on sickness benefit or social assistance, more on activity
        # support, unemployment insurance, study support or wages.
        TOWARDS_SELF_SUPPORT = "towards", _("mot egen försörjning")
        AWAY_FROM_WORK = "away", _("sjukpenning eller försörjningsstöd")
        OTHER = "other", _("övrigt")

    code = models.SlugField(_("kod"), max_length=40, unique=True)
    name = models.CharField(_("namn"), max_length=100)
    direction = models.CharField(
        _("grupp i uppföljningen"), max_length=10, choices=Direction.choices
    )
    excludes_others = models.BooleanField(
        _("kan inte kombineras med andra"),
        default=False,
        help_text=_("Gäller ”ingen offentlig försörjning”."),
    )
    valid_from = models.DateField(_("gäller från"))
    valid_to = models.DateField(_("gäller till och med"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("försörjningskälla")
        verbose_name_plural = _("försörjningskällor")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    @classmethod
    def valid_on(cls, day):
        return cls.objects.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


def check_income_support(sources, field):
    """Refuse "no public support" combined with any other source, as the national list does."""
    sources = list(sources)
    if len(sources) > 1 and any(source.excludes_others for source in sources):
        exclusive = next(source for source in sources if source.excludes_others)
        raise ValidationError(
            {
                field: _("”%(name)s” kan inte kombineras med andra försörjningskällor.")
                % {"name": exclusive.name}
            }
        )


class Gender(models.TextChoices):
    """Gender as the individual states it; reports split women, men, other (DOMAIN.md §3)."""

    WOMAN = "woman", _("kvinna")
    MAN = "man", _("man")
    OTHER = "other", _("annan")
