"""A deleted Document takes its file with it — also when the row goes in a cascade (a family
destroyed by the retention run). The file is removed once the deletion is committed: a
rolled-back deletion keeps both the row and its bytes."""

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete

from .storage import documents_storage

logger = logging.getLogger(__name__)


def _remove(name: str) -> None:
    try:
        documents_storage().delete(name)
    except Exception:
        # The row is gone; a file left behind holds no name and is found by its uuid name.
        logger.exception("documents: stored file %s not removed", name)


def remove_stored_file(sender: Any, instance: Any, using: str, **kwargs: Any) -> None:
    name = instance.stored_name
    if name:
        transaction.on_commit(lambda: _remove(name), using=using)


def connect() -> None:
    from .models import Document

    post_delete.connect(
        remove_stored_file, sender=Document, dispatch_uid="documents.remove_stored_file"
    )
