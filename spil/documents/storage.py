"""The storage alias the documents live in (settings.STORAGES["documents"]). Asked for at
each use, not kept on a model field, so a test (or a restore) can point the alias
elsewhere."""

from django.core.files.storage import Storage, storages

ALIAS = "documents"


def documents_storage() -> Storage:
    return storages[ALIAS]
