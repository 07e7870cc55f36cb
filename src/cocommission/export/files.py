"""Writing output files so a reader never finds a half-written one at the target path."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from cocommission.db.storage import storage_problem
from cocommission.services.errors import InvalidInput


def write_atomically(target: Path, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``target``, flush it to disk, then rename it into place."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise InvalidInput(f"{target} is a folder; give a file name to write to.")
    if not folder.is_dir():
        raise InvalidInput(f"The folder {folder} does not exist; create it or choose another place to save.")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=folder)
    except OSError as exc:
        raise InvalidInput(_why_not_written(exc, folder)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise InvalidInput(_why_not_written(exc, target)) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def _why_not_written(error: OSError, where: Path) -> str:
    """A full disk, read-only storage or a folder one may not write to, each in its own words."""
    if not isinstance(error.filename, str) or Path(error.filename).name.endswith(".partial"):
        error = OSError(error.errno, error.strerror, str(where))  # name the place asked for, not a temporary file
    problem = storage_problem(error)
    if problem is not None:
        return str(problem)
    return f"Cannot write {where}: {error.strerror}. Choose another place to save."
