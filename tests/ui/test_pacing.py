"""A burst of changes is read once per gap; a lone change is read in the next turn."""

from __future__ import annotations

from PySide6.QtCore import QObject

from cocommission.ui.pacing import PacedCall


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_lone_change_is_read_in_the_next_turn_and_a_burst_once_per_gap(qtbot):
    owner, clock, calls = QObject(), Clock(), []
    paced = PacedCall(lambda: calls.append(clock.now), owner, gap=0.1, clock=clock)

    paced.request()
    assert paced.timer.isActive() and paced.timer.interval() == 0
    qtbot.waitUntil(lambda: calls == [100.0])

    clock.now = 100.03  # 30 ms later: the next read waits for the rest of the gap
    paced.request()
    paced.request()
    paced.request()
    assert paced.timer.interval() == 70
    qtbot.waitUntil(lambda: len(calls) == 2)

    clock.now = 101.0  # long after: read at once again
    paced.request()
    assert paced.timer.interval() == 0
    paced.stop()
    assert not paced.timer.isActive()
