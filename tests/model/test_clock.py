"""One clock for "today": every screen, document and service asks it, so a day can be held."""

from __future__ import annotations

import re
import threading
from datetime import UTC, date, datetime
from pathlib import Path

from cocommission.model import HonorariumBasis
from cocommission.model.base import today, today_held, told_as_of
from cocommission.model.money import BRIXTON_POUND
from cocommission.services import commissions, participants

SOURCE = Path(__file__).resolve().parents[2] / "src" / "cocommission"
#: Asking the computer's calendar directly, past the one clock.
DIRECT = re.compile(r"(?<![\w.])date\.today\(\)|QDate\.currentDate\(\)|QDateTime\.currentDateTime\(\)")


def test_a_held_day_is_today_in_every_thread_until_released():
    """A held day is ``today()`` here and in another thread, and the real day comes back after."""
    held = date(2031, 12, 31)
    seen: list[date] = []
    with today_held(held):
        worker = threading.Thread(target=lambda: seen.append(today()))
        worker.start()
        worker.join()
        assert today() == held
    assert seen == [held]
    assert today() != held


def test_the_worked_example_s_story_day_wins_over_a_held_day():
    """Inside ``told_as_of`` the story's day is today, even while a run holds another day."""
    with today_held(date(2031, 12, 31)), told_as_of(datetime(2026, 2, 7, 18, tzinfo=UTC)):
        assert today() == date(2026, 2, 7)


def test_a_withdrawal_without_a_date_is_dated_with_the_held_day(session):
    """Withdrawing someone "today" records the held day, not the computer's calendar."""
    commission_id = commissions.create_commission(
        session,
        title="Youth justice fund",
        honorarium_rate_minor=1000,
        honorarium_currency=BRIXTON_POUND,
        honorarium_basis=HonorariumBasis.HOUR,
    ).id
    person = participants.add_participant(session, commission_id=commission_id, pseudonym="Blaze").id
    with today_held(date(2031, 12, 31)):
        participants.withdraw_participant(session, participant_id=person)
    assert participants.get_participant(session, participant_id=person).withdrawn_on == date(2031, 12, 31)


def test_no_screen_document_or_service_reads_the_calendar_past_the_one_clock():
    """Only ``model/base.py`` asks the computer for today's date; everything else asks ``today()``."""
    direct = [
        f"{path.relative_to(SOURCE)}:{number}"
        for path in sorted(SOURCE.rglob("*.py"))
        if path != SOURCE / "model" / "base.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if DIRECT.search(line)
    ]
    assert direct == []
