"""The scheduler: put the daily (and weekly) jobs that are due in the task queue
(spil.core.schedule).

python manage.py run_scheduled           # once (from cron, e.g. every 5 minutes)
python manage.py run_scheduled --loop    # keeps running (the `scheduler` service)
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from spil.core import schedule


class Command(BaseCommand):
    help = (
        "Zet de dagelijkse en wekelijkse taken die aan de beurt zijn in de wachtrij (elke "
        "taak één keer per dag); `db_worker` voert ze uit. Met --loop blijft het draaien."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Blijven draaien.")
        parser.add_argument(
            "--interval", type=int, default=60, help="Seconden tussen twee rondes (met --loop)."
        )
        parser.add_argument("--list", action="store_true", help="Alleen de taken tonen.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["interval"] < 1:
            raise CommandError(_("Het interval is minstens 1 seconde."))
        if options["list"]:
            for job in schedule.jobs():
                # A weekly job: its day first, in the active language (Django's own
                # translation of the weekdays: "maandag 07:00").
                day = "" if job.weekday is None else f"{WEEKDAYS[job.weekday]} "
                self.stdout.write(f"{day}{job.hour:02d}:{job.minute:02d}  {job.name}")
            return
        while True:
            for name in schedule.enqueue_due():
                self.stdout.write(_("In de wachtrij: %(job)s") % {"job": name})
            if not options["loop"]:
                return
            time.sleep(options["interval"])
            # A long-running loop: drop a connection the database closed meanwhile.
            close_old_connections()
