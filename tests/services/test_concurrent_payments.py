"""Two laptops (or windows) recording payments on one database at once: both are saved, each with its own receipt."""

from __future__ import annotations

import threading

from cocommission.db import open_database
from cocommission.services import commissions, participants, payments
from cocommission.services.perform import perform, read


def test_two_payments_recorded_at_once_both_get_a_receipt(database, monkeypatch):
    """Both writers pick the same next receipt number; the second is retried with the next one, not lost."""
    commission_id = perform(database, commissions.create_commission, title="Youth fund").result.id
    person = perform(database, participants.add_participant, commission_id=commission_id, pseudonym="Blaze").result.id
    other = open_database(database.url.render_as_string(hide_password=False))
    # Each writer reads the highest receipt number before either has saved: the race, every time.
    both_read = threading.Barrier(2, timeout=10)
    first_try = threading.local()
    original = payments._next_receipt_number

    def number_then_wait(session, commission_id):
        number = original(session, commission_id)
        if not getattr(first_try, "done", False):
            first_try.done = True
            both_read.wait()
        return number

    monkeypatch.setattr(payments, "_next_receipt_number", number_then_wait)
    failures: list[BaseException] = []

    def pay(where, amount):
        try:
            perform(
                where, payments.record_payment, commission_id=commission_id, participant_id=person,
                amount_minor=amount, currency_code="GBP", method="cash",
            )
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)

    writers = [threading.Thread(target=pay, args=(where, amount)) for where, amount in ((database, 100), (other, 200))]
    try:
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join(30)
    finally:
        other.close()
    assert failures == []
    recorded = read(database, lambda session: payments.list_payments(session, commission_id=commission_id))
    assert sorted(p.receipt_number for p in recorded) == ["R-0001", "R-0002"]
    assert sorted(p.amount_minor for p in recorded) == [100, 200]
