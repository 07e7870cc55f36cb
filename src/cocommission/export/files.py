"""Writing output files so a reader never finds a half-written one at the target path."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

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
        raise InvalidInput(f"Cannot write to {folder}: {exc.strerror}. Choose another place to save.") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise InvalidInput(f"Cannot write {target}: {exc.strerror}.") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
