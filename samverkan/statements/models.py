"""The two texts a Swedish public-sector digital service owes the public, one of each per förbund,
and the reports of accessibility problems that the public sends in.

The statements are created with default texts the first time they are needed
(`services.accessibility_statement_of`, `services.privacy_notice_of`); the förbund's
administrators then change them through the product's own forms, one version at a time.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.core.models import VersionedModel
from samverkan.structure.models import Federation

# Long enough for a whole statement section; short enough that nothing pastes a book into it.
TEXT_MAX_LENGTH = 10_000
DESCRIPTION_MAX_LENGTH = 5_000
PAGE_ADDRESS_MAX_LENGTH = 500
NAME_MAX_LENGTH = 200


class AccessibilityStatement(VersionedModel):
    """The förbund's tillgänglighetsredogörelse, after DIGG's model text (lag 2018:1937)."""

    class Conformance(models.TextChoices):
        FULL = "full", _("helt förenlig med lagen")
        PARTIAL = "partial", _("delvis förenlig med lagen")
        NONE = "none", _("inte förenlig med lagen")

    federation = models.OneToOneField(
        Federation,
        on_delete=models.PROTECT,
        related_name="accessibility_statement",
        verbose_name=_("förbund"),
    )
    conformance = models.CharField(
        _("förenlighet med kraven (WCAG 2.1 AA, EN 301 549)"),
        max_length=10,
        choices=Conformance.choices,
        default=Conformance.PARTIAL,
    )
    non_conformities = models.TextField(
        _("innehåll som inte är tillgängligt"),
        max_length=TEXT_MAX_LENGTH,
        blank=True,
        help_text=_(
            "Vad som inte uppfyller kraven, och varför. Skriv ett stycke per brist; en tomrad "
            "skiljer styckena åt."
        ),
    )
    review_method = models.TextField(
        _("hur tjänsten har granskats"),
        max_length=TEXT_MAX_LENGTH,
        help_text=_("Till exempel självskattning, automatisk kontroll och tangentbordstester."),
    )
    reviewed_on = models.DateField(_("senaste granskningen"), null=True, blank=True)
    contact = models.TextField(
        _("kontaktuppgifter för tillgänglighet"),
        max_length=TEXT_MAX_LENGTH,
        blank=True,
        help_text=_(
            "E-postadress och telefonnummer dit man kan vända sig för att få innehåll i en "
            "tillgänglig form, och hur snabbt förbundet svarar. Visas bredvid formuläret."
        ),
    )
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("tillgänglighetsredogörelse")
        verbose_name_plural = _("tillgänglighetsredogörelser")

    def __str__(self):
        return str(_("Tillgänglighetsredogörelse för %(federation)s")) % {
            "federation": self.federation
        }


class PrivacyNotice(VersionedModel):
    """What the förbund tells the public about the personal data in the service (GDPR art. 13–14).

    Who is controller, what is shared and the rights are the page's fixed text; the parts each
    förbund decides for itself (legal basis as its lawyer words it, retention, contacts) are here.
    """

    federation = models.OneToOneField(
        Federation,
        on_delete=models.PROTECT,
        related_name="privacy_notice",
        verbose_name=_("förbund"),
    )
    legal_basis = models.TextField(
        _("rättslig grund"), max_length=TEXT_MAX_LENGTH, help_text=_("Med stöd av vilka lagar.")
    )
    retention = models.TextField(
        _("hur länge uppgifterna sparas"),
        max_length=TEXT_MAX_LENGTH,
        help_text=_("Ska stämma med parternas överenskommelse och förbundets gallringsbeslut."),
    )
    federation_contact = models.TextField(
        _("kontaktuppgifter till förbundet"),
        max_length=TEXT_MAX_LENGTH,
        blank=True,
        help_text=_("Postadress, e-postadress och telefonnummer."),
    )
    dpo_contact = models.TextField(
        _("kontaktuppgifter till dataskyddsombudet"),
        max_length=TEXT_MAX_LENGTH,
        blank=True,
        help_text=_("Förbundets dataskyddsombud: namn eller funktion och e-postadress."),
    )
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("information om personuppgifter")
        verbose_name_plural = _("information om personuppgifter")

    def __str__(self):
        return str(_("Information om personuppgifter för %(federation)s")) % {
            "federation": self.federation
        }


class AccessibilityReport(models.Model):
    """A problem with the service's accessibility, reported through the public form.

    Sent without signing in; the name and e-mail address are given only by those who want an
    answer. The förbund's administrators read the reports and mark each one handled.
    """

    federation = models.ForeignKey(
        Federation,
        on_delete=models.PROTECT,
        related_name="accessibility_reports",
        verbose_name=_("förbund"),
    )
    created_at = models.DateTimeField(_("inkom"), default=timezone.now, db_index=True)
    description = models.TextField(_("beskrivning"), max_length=DESCRIPTION_MAX_LENGTH)
    page_address = models.CharField(
        _("sidans adress"), max_length=PAGE_ADDRESS_MAX_LENGTH, blank=True
    )
    name = models.CharField(_("namn"), max_length=NAME_MAX_LENGTH, blank=True)
    email = models.EmailField(_("e-postadress"), blank=True)
    handled = models.BooleanField(_("hanterad"), default=False)
    handled_at = models.DateTimeField(_("hanterad den"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hanterad av"),
    )

    class Meta:
        verbose_name = _("rapport om bristande tillgänglighet")
        verbose_name_plural = _("rapporter om bristande tillgänglighet")
        ordering = ["handled", "-created_at", "-pk"]
        indexes = [
            models.Index(fields=["federation", "handled", "created_at"], name="report_queue")
        ]

    def __str__(self):
        return f"{timezone.localtime(self.created_at):%Y-%m-%d %H:%M} {self.description[:40]}"
