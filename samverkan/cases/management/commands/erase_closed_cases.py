"""Erase the personal data of cases closed longer ago than the retention period.

Run daily from the scheduler. Reports what it erased (case codes, never names);
`--dry-run` reports without erasing.
"""

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from samverkan.cases import services
from samverkan.core import commands


class Command(commands.Command):
    help = gettext_lazy(
        "Gallrar personuppgifter i ärenden som avslutades för längre sedan än gallringsfristen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Visa vad som skulle gallras, utan att radera."),
        )
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help=_("Gallringsfrist i månader efter avslut (standard: CASE_RETENTION_MONTHS)."),
        )

    def handle(self, *args, dry_run=False, months=None, **options):
        months = settings.CASE_RETENTION_MONTHS if months is None else months
        if months < 0:
            raise CommandError(_("Gallringsfristen kan inte vara negativ."))
        today = timezone.localdate()
        report = services.erase_due_cases(today, months, dry_run=dry_run)
        summary = {
            "count": report.count,
            "cut_off": f"{services.retention_cut_off(today, months):%Y-%m-%d}",
            "months": months,
        }
        if dry_run:
            message = ngettext(
                "Skulle gallra %(count)s ärende avslutat senast %(cut_off)s "
                "(gallringsfrist %(months)s månader).",
                "Skulle gallra %(count)s ärenden avslutade senast %(cut_off)s "
                "(gallringsfrist %(months)s månader).",
                report.count,
            )
        else:
            message = ngettext(
                "Gallrade %(count)s ärende avslutat senast %(cut_off)s "
                "(gallringsfrist %(months)s månader).",
                "Gallrade %(count)s ärenden avslutade senast %(cut_off)s "
                "(gallringsfrist %(months)s månader).",
                report.count,
            )
        self.stdout.write(message % summary)
        for case in report.cases:
            # The code, team and dates only: never the name or identity number.
            self.stdout.write(
                _("  %(code)s  %(team)s  avslutat %(closed_on)s  (%(reason)s)")
                % {
                    "code": case.code,
                    "team": case.team.name,
                    "closed_on": f"{case.closed_on:%Y-%m-%d}",
                    "reason": case.get_closure_reason_display(),
                }
            )
