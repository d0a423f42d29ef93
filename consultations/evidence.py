"""Evidence files: checked by content (not by name), size-limited, hashed."""

import hashlib

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

from . import messages as msg
from .models import Evidence

ALLOWED_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def evidence_check(upload) -> str:
    """The content type of an uploaded file, or a ValidationError that names the file."""
    limit = settings.EVIDENCE_MAX_BYTES
    name = getattr(upload, "name", "file")
    if upload.size == 0:
        raise ValidationError(msg.EVIDENCE_EMPTY, params={"name": name}, code="evidence_empty")
    if upload.size > limit:
        raise ValidationError(
            msg.EVIDENCE_TOO_LARGE,
            params={"name": name, "size": round(upload.size / 2**20, 1), "limit": limit // 2**20},
            code="evidence_size",
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise ValidationError(msg.EVIDENCE_TYPE, params={"name": name}, code="evidence_type")
    return kind.mime


def evidence_store(*, project, actor, upload) -> Evidence:
    mime = evidence_check(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return Evidence.objects.create(
        project=project,
        file=upload,
        original_name=upload.name[:255],
        content_type=mime,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
