"""Erase the personal data of cases closed longer ago than the retention period.

Run daily from the scheduler. Reports what it erased (case codes, never names);
`--dry-run` reports without erasing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from samverkan.cases import services


class Command(BaseCommand):
    help = "Gallrar personuppgifter i ärenden som avslutades för längre sedan än gallringsfristen."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Visa vad som skulle gallras, utan att radera."
        )
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help="Gallringsfrist i månader efter avslut (standard: CASE_RETENTION_MONTHS).",
        )

    def handle(self, *args, dry_run=False, months=None, **options):
        months = settings.CASE_RETENTION_MONTHS if months is None else months
        if months < 0:
            raise CommandError("Gallringsfristen kan inte vara negativ.")
        today = timezone.localdate()
        report = services.erase_due_cases(today, months, dry_run=dry_run)
        verb = "Skulle gallra" if dry_run else "Gallrade"
        cut_off = services.retention_cut_off(today, months)
        self.stdout.write(
            f"{verb} {report.count} ärenden avslutade senast {cut_off:%Y-%m-%d} "
            f"(gallringsfrist {months} månader)."
        )
        for case in report.cases:
            self.stdout.write(
                f"  {case.code}  {case.team.name}  avslutat {case.closed_on:%Y-%m-%d}"
                f"  ({case.get_closure_reason_display()})"
            )
