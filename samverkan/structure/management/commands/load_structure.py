from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.core import commands
from samverkan.structure.loader import StructureFileError, load_structure_file


class Command(commands.Command):
    """Load reference YAML files, all of them or none. `load_funding` reuses this with its own
    loader."""

    help = gettext_lazy(
        "Läser in ett samordningsförbunds struktur (kommuner, parter, grupper, beslut och regler) "
        "från en eller flera YAML-filer. Att läsa in samma fil igen ändrar ingenting."
    )
    load_file = staticmethod(load_structure_file)

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="FIL", help=_("YAML-fil att läsa in"))

    def handle(self, *args, paths, **options):
        # All files or none: reference data split over files must not be left half loaded.
        try:
            with transaction.atomic():
                summaries = [self.load_file(path) for path in paths]
        except StructureFileError as error:
            raise CommandError(
                _("%(error)s\nIngenting har ändrats i databasen.") % {"error": error}
            ) from error
        for summary in summaries:
            self.stdout.write(summary.as_text())
