"""Assets shipped with the app: fonts (DejaVu, openly licensed) and other resources."""

from importlib import resources
from pathlib import Path


def font_files() -> list[Path]:
    """The TrueType fonts shipped with CoCommission, so text renders the same on every laptop."""
    folder = resources.files(__name__).joinpath("fonts")
    return sorted(Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".ttf"))
