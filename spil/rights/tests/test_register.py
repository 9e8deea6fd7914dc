"""The processing register cannot fall behind the code (issue 18, AVG art. 30)."""

from django.apps import apps
from django.conf import settings

from spil.core.retention import RetentionCategory

REGISTER = settings.BASE_DIR / "docs" / "privacy" / "register.md"


def _spil_models():
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("spil.") and not model._meta.abstract
    ]


def test_every_model_declares_its_retention_category():
    missing = [
        model._meta.label
        for model in _spil_models()
        if not isinstance(getattr(model, "retention_category", None), RetentionCategory)
    ]
    assert not missing, f"declare retention_category (spil/core/retention.py): {missing}"


def test_every_category_is_in_the_register():
    text = REGISTER.read_text(encoding="utf-8")
    used = {model.retention_category for model in _spil_models()}
    assert used <= set(RetentionCategory)
    absent = [c.value for c in RetentionCategory if f"`{c.value}`" not in text]
    assert not absent, f"docs/privacy/register.md names no retention for: {absent}"


def test_the_family_file_is_destroyable_and_the_trail_is_kept():
    """The categories that drive destruction: the family and its members are the file;
    the audit trail and the monitoring's facts are never destroyed."""
    label = {m._meta.label: m.retention_category for m in _spil_models()}
    assert label["families.Family"] == label["families.Member"] == RetentionCategory.DOSSIER
    assert label["core.AuditEvent"] == RetentionCategory.AUDIT
    assert label["reports.TrajectoryRecord"] == RetentionCategory.ANONIEM
    assert label["intake.Referral"] == RetentionCategory.MELDING
