"""The base of the project's management commands.

A command's `help` is a lazy translation, so it is read in the language active when the command
runs. `argparse` formats its texts with regular expressions that take strings only, so the
description is made a string when the parser is created; the arguments' help texts are
translated with `gettext` in `add_arguments`, which runs at that moment too.
"""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs):
        if self.help:
            self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)
