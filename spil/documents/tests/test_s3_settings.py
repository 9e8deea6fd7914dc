"""The S3-compatible storage named in the settings can be built (boto3 is installed);
no bucket is contacted: building the storage reads only its options."""

from django.core.files.storage import storages

from config.settings.base import documents_storage


def test_s3_storage_from_the_environment(monkeypatch):
    monkeypatch.setenv("SPIL_DOCUMENTS_STORAGE", "s3")
    monkeypatch.setenv("SPIL_S3_BUCKET", "spil-dossiers")
    monkeypatch.setenv("SPIL_S3_ENDPOINT_URL", "https://s3.example.nl")
    entry = documents_storage()
    storage = storages.create_storage(entry)
    assert type(storage).__name__ == "S3Storage"
    assert storage.bucket_name == "spil-dossiers"
    assert storage.default_acl == "private" and storage.querystring_auth is True
    assert storage.object_parameters == {"ServerSideEncryption": "AES256"}


def test_the_filesystem_is_the_default(monkeypatch):
    monkeypatch.delenv("SPIL_DOCUMENTS_STORAGE", raising=False)
    assert documents_storage()["BACKEND"] == "django.core.files.storage.FileSystemStorage"
