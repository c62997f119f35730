from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.structure.demo import DEMO_MODELS, DEMO_PASSWORD, DemoDataError, load_demo


class Command(BaseCommand):
    help = gettext_lazy(
        "Lägger in påhittade demodata (enheter, personal, grupper och inloggningskonton) i ett "
        "förbund vars referensstruktur redan är inläst. Att köra kommandot igen skapar inget nytt."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--federation",
            default="gavleborg",
            metavar="KORTNAMN",
            help=gettext_lazy("förbundets kortnamn (standard: gavleborg)"),
        )

    def handle(self, *args, federation, **options):
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
