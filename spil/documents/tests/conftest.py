import pytest

from .factories import DocumentWorld


@pytest.fixture(autouse=True)
def documents_dir(settings, tmp_path):
    """The documents alias on a directory of this test's own, so a test sees exactly what
    it stored (and that a refused upload stored nothing)."""
    directory = tmp_path / "documents"
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(directory)},
        },
    }
    return directory


@pytest.fixture
def world(db):
    return DocumentWorld()
