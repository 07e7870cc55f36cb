"""The projector's Join scene: a QR code phones can scan from the back of the room, and the address to type."""

from __future__ import annotations

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from cocommission.ui.live.join_scene import JoinScene, shown_address
from cocommission.ui.live.palette import LIGHT

URL = "http://192.168.137.1:49213/"



def _grey(image: QImage) -> Image.Image:
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return Image.frombuffer(
        "L", (grey.width(), grey.height()), bytes(grey.constBits()), "raw", "L", grey.bytesPerLine(), 1
    )


def _decoded(image: QImage) -> list[str]:
    return [code.text for code in zxingcpp.read_barcodes(_grey(image), formats=zxingcpp.BarcodeFormat.QRCode)]


@pytest.mark.parametrize("palette", [None, LIGHT])
def test_the_wall_code_scans_to_the_room_address_even_from_far_away(projector, palette):
    if palette is not None:
        projector.set_palette(palette)
    projector.show_join(url=URL)
    wall = projector.grab_scene(1920, 1080)
    assert _decoded(wall) == [URL]
    # From the back of a room the camera sees the wall small: an eighth of its size still scans.
    far = wall.scaled(240, 135, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    assert _decoded(far) == [URL]


def test_the_wall_says_how_to_join_and_shows_the_address_to_type(projector):
    projector.show_join(url=URL)
    scene = projector.current_scene()
    assert isinstance(scene, JoinScene)
    texts = scene.visible_texts()
    assert "Scan to vote, or type this address" in " ".join(texts)
    # The heading and the address each stay whole on one line, so no one types half of it.
    assert "Vote from your phone" in texts
    assert "192.168.137.1:49213" in texts
    assert shown_address("http://10.0.0.2:8080/") == "10.0.0.2:8080"


def test_the_code_fills_most_of_the_wall_with_whole_pixel_squares(projector):
    projector.show_join(url=URL)
    grey = _grey(projector.grab_scene(1920, 1080))
    (found,) = zxingcpp.read_barcodes(grey, formats=zxingcpp.BarcodeFormat.QRCode)
    corners = found.position
    left, top = corners.top_left.x, corners.top_left.y
    right, bottom = corners.bottom_right.x, corners.bottom_right.y
    # Large enough to scan from the back: well over half the wall's height.
    assert bottom - top >= 1080 * 0.6
    # Crisp: only pure black and pure white inside the code (no smoothing between squares).
    inside = grey.crop((left, top, right + 1, bottom + 1))
    assert {value for _count, value in inside.getcolors()} <= {0, 255}


def test_the_join_scene_leaves_the_wall_for_a_blank_one(projector):
    projector.show_join(url=URL)
    projector.show_blank()
    assert "192.168.137.1:49213" not in " ".join(projector.current_scene().visible_texts())
