"""Store every e-mail address normalised (no surrounding spaces, lower case), the one
spelling the login form and the lockout use."""

from collections import defaultdict

from django.db import migrations


def lowercase_emails(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    by_address = defaultdict(list)
    for pk, email in User.objects.values_list("pk", "email"):
        by_address[email.strip().lower()].append((pk, email))
    clashes = [sorted(pk for pk, _email in rows) for rows in by_address.values() if len(rows) > 1]
    if clashes:
        # Ids only: the addresses themselves stay out of the deployment log.
        raise RuntimeError(
            "These accounts share an e-mail address apart from capitals or spaces; merge or "
            f"rename them before migrating (user ids): {clashes}"
        )
    for address, rows in by_address.items():
        pk, email = rows[0]
        if email != address:
            User.objects.filter(pk=pk).update(email=address)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_alter_organisation_kind"),
    ]

    operations = [
        migrations.RunPython(lowercase_emails, migrations.RunPython.noop),
    ]
