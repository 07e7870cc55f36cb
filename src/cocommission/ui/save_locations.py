"""Where the app suggests saving a file: a readable name in the folder the facilitator last used."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from PySide6.QtCore import QStandardPaths

from cocommission.ui.settings import Settings


def slug(text: str) -> str:
    """A file-name-safe version of a title: lower case, words joined by hyphens, letters of any script kept."""
    normal = unicodedata.normalize("NFKC", text).lower()
    joined = re.sub(r"[^\w]+|_+", "-", normal).strip("-")
    return joined or "commission"


def save_folder(settings: Settings) -> Path:
    """The folder last saved into, if it still exists; otherwise the person's Documents folder."""
    remembered = settings.save_folder
    if remembered and Path(remembered).is_dir():
        return Path(remembered)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def suggested_path(settings: Settings, file_stem: str, commission_title: str, suffix: str) -> Path:
    """``<file_stem>-<commission title slug><suffix>`` in the folder last saved into."""
    return save_folder(settings) / f"{file_stem}-{slug(commission_title)}{suffix}"


def with_suffix(path: str, suffix: str) -> Path:
    """``path`` ending in ``suffix`` (added when the person typed a name without it)."""
    chosen = Path(path)
    return chosen if chosen.suffix.lower() == suffix else chosen.with_name(chosen.name + suffix)
