"""Accounts of existing API clients are marked as such (`User.is_api_client`), so they
leave the pickers of colleagues and workers."""

from django.db import migrations


def mark(apps, schema_editor):
    api_client = apps.get_model("api", "ApiClient")
    user = apps.get_model("accounts", "User")
    user.objects.filter(pk__in=api_client.objects.values("user_id")).update(is_api_client=True)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("accounts", "0009_user_is_api_client"),
    ]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
