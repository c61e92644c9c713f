"""Files answered to ``file`` questions: size-checked, stored outside the public media folder
(``CLUSTERA_DATA_DIR/private/survey-uploads``), read back only through the organisers' and
analysts' download page, deleted with their response."""

from __future__ import annotations

import re
import secrets
import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from clustera.questionnaires import Question
from clustera.questionnaires.validation import DEFAULT_MAX_FILE_MB

_MEGABYTE = 1024 * 1024
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def root() -> Path:
    """The private folder of survey uploads (never served as static or media files)."""
    return Path(settings.DATA_DIR) / "private" / "survey-uploads"


def limit_mb(question: Question) -> float:
    """The question's upload limit in MB (``max-file-size`` parameter, else the default)."""
    return question.max_file_size_mb or DEFAULT_MAX_FILE_MB


def _human(size: float) -> str:
    """A size for people: ``19.5 KB``, ``6.2 MB``."""
    if size < _MEGABYTE:
        return _("%(n)s KB") % {"n": f"{size / 1024:.3g}"}
    return _("%(n)s MB") % {"n": f"{size / _MEGABYTE:.3g}"}


def too_large(question: Question, upload: UploadedFile) -> str | None:
    """The error to show when ``upload`` is over the question's limit, else ``None``."""
    limit = limit_mb(question)
    if (upload.size or 0) <= limit * _MEGABYTE:
        return None
    return _("The file “%(name)s” is %(size)s; at most %(limit)s is accepted.") % {
        "name": upload.name,
        "size": _human(upload.size or 0),
        "limit": _human(limit * _MEGABYTE),
    }


def store(response_pk: int, question: str, upload: UploadedFile) -> dict[str, Any]:
    """Write the upload privately; return the answer ``{"name", "size", "key"}``."""
    name = Path(upload.name or "file").name[:120] or "file"
    key = f"{response_pk}/{_SAFE.sub('_', question)}/{secrets.token_hex(8)}-{_SAFE.sub('_', name)}"
    path = root() / key
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return {"name": name, "size": int(upload.size or 0), "key": key}


def path_of(response_pk: int, answer: Any) -> Path | None:
    """The stored file of a file answer of this response, if it is there (and inside the
    response's own folder: a key cannot point elsewhere)."""
    if not isinstance(answer, dict) or not isinstance(answer.get("key"), str):
        return None
    folder = (root() / str(response_pk)).resolve()
    path = (root() / answer["key"]).resolve()
    if not path.is_relative_to(folder) or not path.is_file():
        return None
    return path


def delete_response_files(response_pk: int) -> None:
    """Remove every file of a response (erasure, retention purge, deleted survey)."""
    shutil.rmtree(root() / str(response_pk), ignore_errors=True)
