"""Preferences about the window (not the commission), kept in QSettings behind typed properties."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8
#: The smallest and largest wall text the console offers, as a share of the designed size.
WALL_FONT_SCALES = (0.8, 2.0)


class Settings:
    """Typed access to the app's QSettings; commission data never lives here."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store or QSettings("CoCommission", "CoCommission")

    @property
    def window_geometry(self) -> QByteArray | None:
        """The main window's saved geometry."""
        value = self._store.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self._store.setValue("window/geometry", value)

    @property
    def font_scale(self) -> float:
        """How much larger than the system font the window's text is drawn (1.0 = system size)."""
        try:
            return min(2.5, max(0.8, float(self._store.value("view/font_scale", 1.0))))
        except (TypeError, ValueError):
            return 1.0

    @font_scale.setter
    def font_scale(self, value: float) -> None:
        self._store.setValue("view/font_scale", float(value))

    @property
    def wall_font_scale(self) -> float:
        """How much larger than designed the projector draws its text (1.0 = as designed for 1920×1080).

        Apart from ``font_scale``: the laptop's text suits the facilitator's eyes and
        screen, the wall's suits the size of the room, and one should not move the other.
        """
        try:
            value = float(self._store.value("projector/font_scale", 1.0))
        except (TypeError, ValueError):
            return 1.0
        return min(WALL_FONT_SCALES[1], max(WALL_FONT_SCALES[0], value))

    @wall_font_scale.setter
    def wall_font_scale(self, value: float) -> None:
        self._store.setValue("projector/font_scale", float(value))

    @property
    def recent_databases(self) -> list[str]:
        """Database files opened recently, most recent first."""
        value = self._store.value("files/recent_databases", [])
        if isinstance(value, str):
            value = [value]
        return [str(item) for item in (value or [])]

    def remember_database(self, location: str) -> None:
        """Put ``location`` at the top of the recent databases."""
        recent = [location] + [item for item in self.recent_databases if item != location]
        self._store.setValue("files/recent_databases", recent[:MAX_RECENT])

    @property
    def last_commission(self) -> str | None:
        """The commission that was open when the app last closed."""
        value = self._store.value("files/last_commission")
        return str(value) if value else None

    @last_commission.setter
    def last_commission(self, value: str | None) -> None:
        self._store.setValue("files/last_commission", value or "")

    @property
    def save_folder(self) -> str | None:
        """The folder the facilitator last saved a document or spreadsheet into."""
        value = self._store.value("files/save_folder")
        return str(value) if value else None

    @save_folder.setter
    def save_folder(self, value: str | None) -> None:
        self._store.setValue("files/save_folder", value or "")

    def sync(self) -> None:
        """Write pending settings to disk."""
        self._store.sync()
