"""One way of writing dates in every printed document: "7 February 2026"."""

from __future__ import annotations

from datetime import UTC, date, datetime

from cocommission.export.pdf_style import day_text, moment_text


def test_a_day_is_written_out_in_full():
    assert day_text(date(2026, 2, 7)) == "7 February 2026"
    assert day_text(date(2026, 12, 25)) == "25 December 2026"


def test_a_moment_is_written_in_this_computers_time():
    """Moments are stored in UTC; people read them in the time of the room they were in."""
    moment = datetime(2026, 2, 21, 23, 30, tzinfo=UTC)
    local = moment.astimezone()
    assert day_text(moment) == day_text(local.date())
    assert moment_text(moment) == f"{day_text(local.date())}, {local:%H:%M}"
