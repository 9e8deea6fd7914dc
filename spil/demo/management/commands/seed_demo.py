from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from spil.demo import (
    api,
    assessments,
    budgets,
    daily_work,
    documents,
    emergency,
    families,
    intake,
    meetings,
    plans,
    portal,
    region,
    reports,
    rights,
    signals,
    sociale_kaart,
    surveys,
    trajectories,
)
from spil.notifications import due as due_notifications


class Command(BaseCommand):
    help = "Vult de database met de demoregio Lindeveen. Twee keer draaien verandert niets."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.SPIL_ENVIRONMENT == "production":
            raise CommandError("seed_demo draait nooit op productie-instellingen.")
        # The e-mails the demo's history would send (a family assigned, a reminder) go to
        # people who do not exist: kept in memory, not printed over the demo's accounts.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            self._seed()

    def _seed(self) -> None:
        users = region.build_region()
        intake.build_programmes()
        intake.build_referrals(users)
        families.build_family_files(users)
        trajectories.build_trajectory_work(users)
        assessments.build_assessments(users)
        plans.build_plans(users)
        daily_work.build_daily_work(users)
        meetings.build_meetings(users)
        portal.build_portal(users)
        documents.build_documents(users)
        api.build_api_clients(users)
        sociale_kaart.build_sociale_kaart(users)
        surveys.build_surveys(users)
        signals.build_signals(users)
        budgets.build_budgets(users)
        reports.build_reports(users)
        rights.build_rights(users)
        # What the daily run of send_due_notifications would tell today (reminders for
        # tomorrow's appointments, overdue promises, …); a second seed sends nothing new.
        due = due_notifications.run()
        self.stdout.write(self.style.SUCCESS("Demoregio Lindeveen staat klaar."))
        self.stdout.write(f"{intake.referral_count()} meldingen in het meldpunt.")
        self.stdout.write(f"{families.family_file_count()} gezinsdossiers met een lopend traject.")
        self.stdout.write(
            f"{assessments.measured_family_count()} gezinnen met metingen van de leefgebieden; "
            f"open zorgen over veiligheid: {assessments.open_concern_count()}."
        )
        self.stdout.write(plans.summary())
        self.stdout.write(daily_work.summary())
        self.stdout.write(
            f"{due.total} berichten over termijnen klaargezet (send_due_notifications)."
        )
        self.stdout.write(portal.summary())
        self.stdout.write(documents.summary())
        self.stdout.write(sociale_kaart.summary())
        self.stdout.write(surveys.summary())
        self.stdout.write(signals.summary())
        self.stdout.write(budgets.summary())
        self.stdout.write(reports.summary())
        self.stdout.write(api.summary())
        self.stdout.write(emergency.summary(users))
        self.stdout.write(rights.summary())
        self.stdout.write(f"Demo-accounts (wachtwoord: {region.DEMO_PASSWORD}):")
        for account in region.ACCOUNTS:
            self.stdout.write(f"  {account.email:<36} {account.role.label:<24} {account.full_name}")
        for family_account in portal.PORTAL_ACCOUNTS:
            self.stdout.write(
                f"  {family_account.email:<36} {family_account.label:<24} "
                f"{family_account.first_name} (gezin Bouali)"
            )
