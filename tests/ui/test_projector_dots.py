"""Dots on the wall stay big enough to count from the back of the room, however many one option gets."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from cocommission.model import Role
from cocommission.services import commissions, participants, voting
from cocommission.ui.live.dot_layout import SMALLEST_DOT, plan_dots
from cocommission.ui.live.palette import DARK
from cocommission.ui.live.projector_window import ProjectorWindow
from cocommission.ui.live.vote_scene import VoteScene

WALL = (1920, 1080)
OPTIONS = (
    "Somewhere to go in the evenings",
    "Help into work or training",
    "Feeling safe on the estate",
    "An adult they trust",
    "Parents and carers involved",
    "Young people run parts of it",
)


@pytest.mark.parametrize("largest", [1, 10, 20, 42, 60, 90])
@pytest.mark.parametrize("width", [700.0, 1000.0, 1500.0])
def test_planned_dots_are_never_smaller_than_the_smallest(largest, width):
    """Whatever the largest total, the planned dots are at least 28 px across and fit the width, or there are none."""
    layout = plan_dots(largest, width, smallest=SMALLEST_DOT, biggest=42)
    if layout is None:
        return
    assert layout.diameter >= SMALLEST_DOT
    assert (layout.per_line - 1) * layout.step + layout.diameter <= width + 1e-6
    assert layout.per_line * layout.lines >= largest


def test_forty_two_dots_wrap_rather_than_shrink():
    """42 dots in 800 px do not fit one line at 28 px: they go onto two lines of 28 px or more."""
    layout = plan_dots(42, 800.0, smallest=SMALLEST_DOT, biggest=42)
    assert layout is not None
    assert layout.lines == 2
    assert layout.diameter >= SMALLEST_DOT


def test_dots_that_cannot_fit_give_way_to_a_bar():
    """With no room for even three lines of 28 px dots, there is no dot layout (the scene draws a bar and the number)."""
    assert plan_dots(200, 800.0, smallest=SMALLEST_DOT, biggest=42) is None


def _dot_sizes(image: QImage, colour: str) -> list[tuple[int, int]]:
    """The width and height of every blob of ``colour`` drawn in ``image`` (each dot is one blob)."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    width, height = image.width(), image.height()
    data = bytes(image.constBits())
    stride = image.bytesPerLine()
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))

    def matches(offset: int) -> bool:
        b, g, r = data[offset], data[offset + 1], data[offset + 2]
        return abs(r - red) + abs(g - green) + abs(b - blue) < 90

    # Runs of matching pixels per row, joined into blobs where they touch a run in the row above.
    parent: list[int] = []
    boxes: list[list[int]] = []

    def find(blob: int) -> int:
        while parent[blob] != blob:
            parent[blob] = parent[parent[blob]]
            blob = parent[blob]
        return blob

    previous: list[tuple[int, int, int]] = []
    for y in range(height):
        row = y * stride
        runs: list[tuple[int, int, int]] = []
        x = 0
        while x < width:
            if matches(row + 4 * x):
                start = x
                while x < width and matches(row + 4 * x):
                    x += 1
                blob = len(parent)
                parent.append(blob)
                boxes.append([start, y, x - 1, y])
                for left, right, above in previous:
                    if left <= x - 1 and right >= start:
                        root, other = find(blob), find(above)
                        if root != other:
                            parent[other] = root
                            box, merged = boxes[root], boxes[other]
                            box[0], box[1] = min(box[0], merged[0]), min(box[1], merged[1])
                            box[2], box[3] = max(box[2], merged[2]), max(box[3], merged[3])
                runs.append((start, x - 1, blob))
            x += 1
        previous = runs
    sizes = []
    for blob in range(len(parent)):
        if find(blob) == blob:
            left, top, right, bottom = boxes[blob]
            sizes.append((right - left + 1, bottom - top + 1))
    return sizes


def _wall_with_paper_dots(qtbot, commander, counts: tuple[int, ...]) -> tuple[ProjectorWindow, dict[str, int]]:
    """A 1920×1080 wall showing a live dots round whose options got ``counts`` dots off a paper chart."""
    cid = commander.run(commissions.create_commission, title="Youth fund").id
    commander.run(participants.add_participant, commission_id=cid, pseudonym="Blaze", role=Role.YOUNG_PERSON)
    made = commander.run(
        voting.create_round, commission_id=cid, title="Which matters most?", method="dots", options=OPTIONS
    )
    commander.run(voting.open_round, round_id=made.id)
    totals = dict(zip((option.id for option in made.options), counts, strict=True))
    commander.run(voting.record_paper_tally, round_id=made.id, totals=totals, source="Wall chart")
    window = ProjectorWindow(commander)
    qtbot.addWidget(window)
    window.resize(*WALL)
    window.show_vote(round_id=made.id)
    return window, totals


def test_a_forty_two_dot_option_keeps_every_dot_countable_on_a_1080p_wall(qtbot, commander):
    """One option at 42 dots and five with a few: every dot drawn on a 1920×1080 wall is at least 28 px across."""
    window, totals = _wall_with_paper_dots(qtbot, commander, (42, 3, 7, 1, 12, 5))
    image = window.grab_scene(*WALL)

    sizes = _dot_sizes(image, DARK.bar)
    assert len(sizes) == sum(totals.values())
    assert min(min(size) for size in sizes) >= SMALLEST_DOT - 1
    scene = window.current_scene()
    assert isinstance(scene, VoteScene)
    assert scene.dot_layout is not None and scene.dot_layout.diameter >= SMALLEST_DOT
    assert {"42", "3", "7", "1", "12", "5"} <= set(scene.visible_texts())


def test_more_dots_than_can_be_counted_become_bars_with_their_numbers(qtbot, commander):
    """At 150 dots on one option there is no room for 28 px dots: every option is a bar, its number beside it."""
    window, totals = _wall_with_paper_dots(qtbot, commander, (150, 3, 7, 1, 12, 5))
    image = window.grab_scene(*WALL)
    scene = window.current_scene()
    assert scene.dot_layout is None
    assert {"150", "3", "7", "1", "12", "5"} <= set(scene.visible_texts())
    # Six bars, no dots: six blobs of the bar colour, the longest far wider than tall.
    sizes = _dot_sizes(image, DARK.bar)
    assert len(sizes) == len(totals)
    widest = max(sizes)
    assert widest[0] > 10 * widest[1]
