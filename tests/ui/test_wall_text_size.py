"""The wall text size: chosen in the console, drawn by the projector at once, and kept for the next time it opens."""

from __future__ import annotations

from PySide6.QtCore import Qt

from cocommission.services import commissions, outcomes
from cocommission.ui.live.projector_window import ProjectorWindow
from cocommission.ui.main_window import MainWindow
from cocommission.ui.stage_pages import STAGE_PAGES


def _ink_rows(image) -> int:
    """How many pixel rows hold something other than the background (a rough measure of text size)."""
    background = image.pixel(0, 0)
    return sum(
        1
        for y in range(0, image.height(), 2)
        if any(image.pixel(x, y) != background for x in range(0, image.width(), 4))
    )


def _open_live(qtbot, window: MainWindow):
    window.live_action.trigger()
    assert window.console is not None and window.projector is not None
    qtbot.addWidget(window.console)
    qtbot.addWidget(window.projector)
    return window.console, window.projector


def test_the_wall_text_control_reaches_the_projector_now_and_next_time(qtbot, database, settings):
    """Typing 150 % in the console's wall text box draws the wall larger at once; closing and reopening keeps 150 %."""
    window = MainWindow(database, settings, STAGE_PAGES)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    cid = window.commander.run(commissions.create_commission, title="Youth fund").id
    window.commander.run(outcomes.add_outcome, commission_id=cid, text="Young people feel safe on the estate")
    window.open_commission(cid)

    console, projector = _open_live(qtbot, window)
    assert projector.font_scale == 1.0
    assert console.scenes.show_scene("outcomes")
    before = _ink_rows(projector.grab_scene(960, 540))
    box = console.scenes.wall_text
    assert box.value() == 100
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "150")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert projector.font_scale == 1.5
    assert _ink_rows(projector.grab_scene(960, 540)) > before
    assert settings.wall_font_scale == 1.5

    window.close_live_console()
    console, projector = _open_live(qtbot, window)
    assert projector.font_scale == 1.5
    assert console.scenes.wall_text.value() == 150


def test_a_stored_wall_text_size_out_of_range_is_brought_back_into_it(settings, qtbot, commander):
    """A settings file holding 9 or nonsense opens the wall at the largest size offered, or as designed."""
    settings.wall_font_scale = 9
    assert settings.wall_font_scale == 2.0
    settings._store.setValue("projector/font_scale", "big")
    assert settings.wall_font_scale == 1.0
    settings.wall_font_scale = 1.2
    window = ProjectorWindow(commander, settings=settings)
    qtbot.addWidget(window)
    assert window.font_scale == 1.2
