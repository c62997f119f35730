from django.utils.translation import gettext_lazy

from samverkan.funding.loader import load_funding_file
from samverkan.structure.management.commands import load_structure


class Command(load_structure.Command):
    help = gettext_lazy(
        "Läser in ett förbunds insatser, mål och beviljade medel från en eller flera YAML-filer. "
        "Strukturen ska vara inläst först. Att läsa in samma fil igen ändrar ingenting."
    )
    load_file = staticmethod(load_funding_file)
