"""The sociale kaart's offers, their categories and the interventions (issue 16).

Ships the categories a sociale kaart needs, and on PostgreSQL a GIN index over the offers'
search vector (SQLite has no GIN: there the index step does nothing; docs/adr/0020)."""

import django.contrib.postgres.search
import django.core.validators
import django.db.models.deletion
import uuid
from django.db import migrations, models


CATEGORIES = [
    ("schuldhulp", "Schuldhulp"),
    ("werk_inkomen", "Werk en inkomen"),
    ("wonen", "Wonen"),
    ("opvoedondersteuning", "Opvoedondersteuning"),
    ("jeugdhulp", "Jeugdhulp"),
    ("ggz", "GGZ"),
    ("verslavingszorg", "Verslavingszorg"),
    ("gezondheid", "Gezondheid"),
    ("onderwijs", "Onderwijs"),
    ("vrije_tijd", "Vrije tijd"),
    ("welzijn", "Welzijn"),
    ("veiligheid", "Veiligheid"),
    ("juridisch", "Juridisch"),
    ("taal_integratie", "Taal en integratie"),
    ("anders", "Anders"),
]
INDEX = "directory_offer_search_gin"


def add_categories(apps, schema_editor):
    category = apps.get_model("directory", "OfferCategory")
    for order, (code, label) in enumerate(CATEGORIES, start=1):
        category.objects.get_or_create(code=code, defaults={"label": label, "order": order * 10})


def remove_categories(apps, schema_editor):
    category = apps.get_model("directory", "OfferCategory")
    category.objects.filter(code__in=[c for c, _l in CATEGORIES], offers__isnull=True).delete()


def add_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {INDEX} ON directory_offer USING gin (search_vector)"
        )


def remove_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0007_user_is_family_account_and_more'),
        ('directory', '0004_programme_work_budget_per_coach'),
    ]

    operations = [
        migrations.CreateModel(
            name='Intervention',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, help_text='De sleutel die in adressen en de API wordt gebruikt.', unique=True, verbose_name='publieke sleutel')),
                ('created_at', models.DateTimeField(auto_now_add=True, help_text='Wanneer dit is vastgelegd.', verbose_name='aangemaakt op')),
                ('updated_at', models.DateTimeField(auto_now=True, help_text='Wanneer dit het laatst is gewijzigd.', verbose_name='gewijzigd op')),
                ('revision', models.PositiveIntegerField(default=1, editable=False, help_text='Telt op bij elke wijziging; gaat mee in het bewerkformulier (en de ETag van de API) zodat een wijziging op een verouderde versie wordt geweigerd.', verbose_name='revisie')),
                ('name', models.CharField(help_text='Bijv. Signs of Safety.', max_length=200, unique=True, verbose_name='naam')),
                ('description', models.TextField(blank=True, help_text='Wat de methode is en hoe ze werkt.', verbose_name='beschrijving')),
                ('target_group', models.CharField(blank=True, help_text='Voor wie, bijv. gezinnen met kinderen van 0–12 jaar.', max_length=300, verbose_name='doelgroep')),
                ('recognition', models.CharField(blank=True, choices=[('geen', 'Niet erkend'), ('goed_onderbouwd', 'Goed onderbouwd'), ('eerste_aanwijzingen', 'Effectief volgens eerste aanwijzingen'), ('goede_aanwijzingen', 'Effectief volgens goede aanwijzingen'), ('sterke_aanwijzingen', 'Effectief volgens sterke aanwijzingen')], help_text='Het niveau in de Databank Effectieve Jeugdinterventies van het NJI; leeg als het niet bekend is.', max_length=30, verbose_name='erkenning (NJI)')),
            ],
            options={
                'verbose_name': 'interventie',
                'verbose_name_plural': 'interventies',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='OfferCategory',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, help_text='De sleutel die in adressen en de API wordt gebruikt.', unique=True, verbose_name='publieke sleutel')),
                ('created_at', models.DateTimeField(auto_now_add=True, help_text='Wanneer dit is vastgelegd.', verbose_name='aangemaakt op')),
                ('updated_at', models.DateTimeField(auto_now=True, help_text='Wanneer dit het laatst is gewijzigd.', verbose_name='gewijzigd op')),
                ('revision', models.PositiveIntegerField(default=1, editable=False, help_text='Telt op bij elke wijziging; gaat mee in het bewerkformulier (en de ETag van de API) zodat een wijziging op een verouderde versie wordt geweigerd.', verbose_name='revisie')),
                ('code', models.SlugField(help_text='Kort en vast, kleine letters, bijv. schuldhulp. Gebruikt bij importeren.', max_length=40, unique=True, verbose_name='code')),
                ('label', models.CharField(help_text='Zoals de coach hem leest.', max_length=100, unique=True, verbose_name='naam')),
                ('order', models.PositiveSmallIntegerField(default=0, help_text='Lager staat eerder in de lijst.', verbose_name='volgorde')),
                ('is_active', models.BooleanField(default=True, help_text='Uitzetten in plaats van verwijderen.', verbose_name='actief')),
            ],
            options={
                'verbose_name': 'categorie van aanbod',
                'verbose_name_plural': 'categorieën van aanbod',
                'ordering': ['order', 'label'],
            },
        ),
        migrations.CreateModel(
            name='Offer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, help_text='De sleutel die in adressen en de API wordt gebruikt.', unique=True, verbose_name='publieke sleutel')),
                ('created_at', models.DateTimeField(auto_now_add=True, help_text='Wanneer dit is vastgelegd.', verbose_name='aangemaakt op')),
                ('updated_at', models.DateTimeField(auto_now=True, help_text='Wanneer dit het laatst is gewijzigd.', verbose_name='gewijzigd op')),
                ('revision', models.PositiveIntegerField(default=1, editable=False, help_text='Telt op bij elke wijziging; gaat mee in het bewerkformulier (en de ETag van de API) zodat een wijziging op een verouderde versie wordt geweigerd.', verbose_name='revisie')),
                ('name', models.CharField(help_text='Bijv. Schuldhulpverlening voor gezinnen.', max_length=200, verbose_name='naam')),
                ('description', models.TextField(blank=True, help_text='Wat het aanbod is, voor wie en hoe het gaat.', verbose_name='beschrijving')),
                ('age_from', models.PositiveSmallIntegerField(blank=True, help_text='Jongste leeftijd in jaren; leeg: geen ondergrens.', null=True, validators=[django.core.validators.MaxValueValidator(120)], verbose_name='leeftijd vanaf')),
                ('age_to', models.PositiveSmallIntegerField(blank=True, help_text='Oudste leeftijd in jaren; leeg: geen bovengrens.', null=True, validators=[django.core.validators.MaxValueValidator(120)], verbose_name='leeftijd tot en met')),
                ('voluntary', models.BooleanField(default=True, help_text='Kan het gezin zelf kiezen (ja) of niet (nee)?', verbose_name='vrijwillig')),
                ('duration_weeks', models.PositiveSmallIntegerField(blank=True, help_text='Hoe lang het aanbod gewoonlijk duurt.', null=True, validators=[django.core.validators.MaxValueValidator(520)], verbose_name='duur in weken')),
                ('waiting_weeks', models.PositiveSmallIntegerField(blank=True, help_text='De wachttijd nu; 0 is geen wachttijd, leeg is onbekend.', null=True, validators=[django.core.validators.MaxValueValidator(520)], verbose_name='wachttijd in weken')),
                ('request', models.TextField(blank=True, help_text='Hoe het gezin of de coach zich aanmeldt: wie belt, wat is nodig.', verbose_name='aanmelden')),
                ('phone', models.CharField(blank=True, help_text='Om aan te melden of te vragen.', max_length=30, verbose_name='telefoon')),
                ('email', models.EmailField(blank=True, help_text='Om aan te melden.', max_length=254, verbose_name='e-mailadres')),
                ('website', models.URLField(blank=True, help_text='Meer informatie.', verbose_name='website')),
                ('municipalities', models.CharField(blank=True, help_text="Gescheiden door komma's; leeg: de hele regio.", max_length=300, verbose_name='gemeenten')),
                ('districts', models.CharField(blank=True, help_text="Gescheiden door komma's; leeg: alle wijken.", max_length=300, verbose_name='wijken')),
                ('is_active', models.BooleanField(default=True, help_text='Uitzetten als het aanbod er niet meer is.', verbose_name='actief')),
                ('checked_on', models.DateField(blank=True, help_text='Wanneer iemand de gegevens voor het laatst naliep.', null=True, verbose_name='laatst gecontroleerd')),
                ('search_stems', models.TextField(blank=True, editable=False, help_text='De stammen van de woorden van het aanbod, voor het zoeken.', verbose_name='zoekwoorden')),
                ('search_vector', django.contrib.postgres.search.SearchVectorField(blank=True, editable=False, help_text='PostgreSQL: de zoekindex van het aanbod.', null=True, verbose_name='zoekindex')),
                ('intervention', models.ForeignKey(blank=True, help_text='De methode die het aanbod toepast, als die er is.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='offers', to='directory.intervention', verbose_name='interventie')),
                ('organisation', models.ForeignKey(help_text='Wie het aanbod geeft.', on_delete=django.db.models.deletion.PROTECT, related_name='offers', to='accounts.organisation', verbose_name='organisatie')),
                ('category', models.ForeignKey(help_text='Soort hulp.', on_delete=django.db.models.deletion.PROTECT, related_name='offers', to='directory.offercategory', verbose_name='categorie')),
            ],
            options={
                'verbose_name': 'aanbod',
                'verbose_name_plural': 'aanbod',
                'ordering': ['name'],
                'constraints': [models.UniqueConstraint(fields=('organisation', 'name'), name='offer_name_once_per_organisation'), models.CheckConstraint(condition=models.Q(('age_from__isnull', True), ('age_to__isnull', True), ('age_from__lte', models.F('age_to')), _connector='OR'), name='offer_age_from_le_age_to', violation_error_message='De leeftijd vanaf is hoger dan de leeftijd tot.')],
            },
        ),
        migrations.RunPython(add_categories, remove_categories),
        migrations.RunPython(add_search_index, remove_search_index),
    ]
