from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.cases.demo import load_demo_cases
from samverkan.core import commands
from samverkan.demo.volume import generate_cases
from samverkan.funding.demo import load_demo_funding
from samverkan.meetings.demo import load_demo_meetings
from samverkan.structure.demo import DEMO_MODELS, DEMO_PASSWORD, DemoDataError, load_demo
from samverkan.structure.models import Federation


class Command(commands.Command):
    help = gettext_lazy(
        "Lägger in påhittade demodata (enheter, personal, grupper, inloggningskonton, möten, "
        "ärenden och ekonomi) i ett förbund vars referensstruktur redan är inläst; ekonomin kräver "
        "också förbundets insatser och beviljade medel (load_funding). Att köra kommandot igen "
        "skapar inget nytt."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--federation",
            default="gavleborg",
            metavar="KORTNAMN",
            help=_("förbundets kortnamn (standard: gavleborg)"),
        )
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help=_(
                "läs in demodata även när DEBUG är avslaget, t.ex. i en testmiljö som körs "
                "som produktion (demokontona har ett känt lösenord)"
            ),
        )
        parser.add_argument(
            "--without-volume",
            action="store_true",
            help=_("hoppa över de historiska ärendena (flera tusen) som ger uppföljningen siffror"),
        )

    def handle(self, *args, federation, allow_without_debug, without_volume, **options):
        # Demo accounts share a published password: never create them in production by mistake.
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(
                _(
                    "Demodata läses bara in i utvecklingsläge (DEBUG=1), eftersom demokontona har "
                    "ett känt lösenord. Ange --allow-without-debug om det här inte är produktion."
                )
            )
        try:
            summary = load_demo(federation)
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        if summary.changed:
            counts = ", ".join(
                f"{model._meta.verbose_name_plural} {summary.created[model]}"
                for model in DEMO_MODELS
            )
            self.stdout.write(_("Demodata inläst. Nya: %(counts)s.") % {"counts": counts})
        else:
            self.stdout.write(_("Demodata fanns redan; inget nytt skapades."))
        federation = Federation.objects.get(slug=federation)
        steps = [
            (load_demo_meetings, _("Demomöten: %(created)s nya, %(total)s totalt.")),
            (load_demo_cases, _("Demoärenden: %(created)s nya, %(total)s totalt.")),
        ]
        if not without_volume:
            message = _(
                "Historiska demoärenden för uppföljningen: %(created)s nya, %(total)s totalt."
            )
            steps.append((generate_cases, message))
        for load, message in steps:
            try:
                loaded = load(federation)
            except DemoDataError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(message % {"created": loaded.created, "total": loaded.total})
        try:
            money = load_demo_funding(federation)
        except DemoDataError as error:
            # Money builds on the reference funding, which `make run` loads first; without it
            # the rest of the demo is still useful, so say what is missing instead of failing.
            self.stdout.write(_("Demoekonomi: inget inläst. %(reason)s") % {"reason": error})
        else:
            self.stdout.write(
                _("Demoekonomi: %(created)s nya, %(total)s totalt.")
                % {"created": money.created, "total": money.total}
            )
        self.stdout.write("")
        self.stdout.write(self._accounts_table(summary.accounts))

    def _accounts_table(self, accounts):
        headings = (_("Användarnamn"), _("Roll"), _("Person"), _("Lösenord"))
        rows = [
            (account.username, str(account.description), person.full_name, DEMO_PASSWORD)
            for account, person in accounts
        ]
        widths = [max(len(row[i]) for row in [headings, *rows]) for i in range(len(headings))]
        lines = [_("Demokonton (påhittade, endast för test):")]
        for row in [headings, *rows]:
            lines.append(
                "  "
                + "  ".join(
                    cell.ljust(width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )
        return "\n".join(lines)
