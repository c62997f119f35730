"""Send the automatic pre-read reminders that are due today.

Run daily from the scheduler. A party still missing its pre-read is reminded once, automatically,
in the working days before the deadline (`services.due_reminders`); conveners can remind again
by hand. Reports each meeting and the parties reminded; `--dry-run` reports without sending.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from samverkan.core import commands
from samverkan.meetings import services


class Command(commands.Command):
    help = gettext_lazy(
        "Skickar de automatiska påminnelserna om förhandsinformation till parter som ännu inte "
        "har lämnat sin."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Visa vilka påminnelser som skulle skickas, utan att skicka dem."),
        )

    def handle(self, *args, dry_run=False, **options):
        today = timezone.localdate()
        due = services.due_reminders(today)
        parties_total = 0
        people_total = 0
        for meeting, parties in due:
            local = timezone.localtime(meeting.starts_at)
            self.stdout.write(
                _("%(group)s %(when)s (sista dag %(deadline)s):")
                % {
                    "group": meeting.group.name,
                    "when": f"{local:%Y-%m-%d %H:%M}",
                    "deadline": f"{meeting.pre_read_deadline:%Y-%m-%d}",
                }
            )
            if dry_run:
                for party in parties:
                    self.stdout.write(_("  %(party)s") % {"party": party.name})
                parties_total += len(parties)
                continue
            for reminder in services.send_pre_read_reminders(meeting, by=None, parties=parties):
                parties_total += 1
                people_total += reminder.recipients
                self.stdout.write(
                    ngettext(
                        "  %(party)s: %(count)d mottagare",
                        "  %(party)s: %(count)d mottagare",
                        reminder.recipients,
                    )
                    % {"party": reminder.party.name, "count": reminder.recipients}
                )
        meetings = ngettext("%(count)d möte", "%(count)d möten", len(due)) % {"count": len(due)}
        parties = ngettext("%(count)d part", "%(count)d parter", parties_total) % {
            "count": parties_total
        }
        if dry_run:
            summary = _("Skulle påminna %(parties)s inför %(meetings)s. Inget skickades.")
        else:
            summary = ngettext(
                "Påminde %(parties)s inför %(meetings)s (%(people)d person).",
                "Påminde %(parties)s inför %(meetings)s (%(people)d personer).",
                people_total,
            )
        self.stdout.write(
            summary % {"parties": parties, "meetings": meetings, "people": people_total}
        )
