"""The audit log: record digests, the chain's head, and summaries that hold no typed words."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from sqlalchemy import select

from cocommission.model import AuditEntry
from cocommission.model.audit import GENESIS_HASH, entry_hash
from cocommission.model.money import CurrencyInfo
from cocommission.services import commissions, voting
from cocommission.services.audit import audit_head, list_audit, record, verify_chain


def test_an_entry_without_a_digest_hashes_exactly_as_before_digests_existed():
    """Entries written before record digests keep their hash, so older logs still verify."""
    at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    before = hashlib.sha256(
        json.dumps(["0" * 64, 1, at.isoformat(), "a", "b", "{}"], ensure_ascii=False, separators=(",", ":")).encode()
    ).hexdigest()
    assert entry_hash(previous_hash="0" * 64, sequence=1, at=at, action="a", summary="b", details_json="{}") == before
    with_digest = entry_hash(
        previous_hash="0" * 64, sequence=1, at=at, action="a", summary="b", details_json="{}", record_digest="f" * 64
    )
    assert with_digest != before


def test_the_record_digest_is_part_of_the_entry_hash(session):
    """Changing an entry's record digest breaks the chain at that entry."""
    cid = commissions.create_commission(session, title="Fund").id
    made = voting.create_round(session, commission_id=cid, title="R", method="dots", options=["A", "B"], anonymous=False)
    voting.open_round(session, round_id=made.id)
    entry = record(session, commission_id=cid, action="test", summary="Test", subject=voting_round_row(session, made.id))
    assert entry.record_digest is not None and len(entry.record_digest) == 64
    session.flush()
    session.execute(
        AuditEntry.__table__.update().where(AuditEntry.id == entry.id).values(record_digest="0" * 64)
    )
    session.expire_all()
    assert verify_chain(session, commission_id=cid).first_broken == entry.sequence


def voting_round_row(session, round_id):
    from cocommission.model import VoteRound

    return session.get(VoteRound, round_id)


def test_audit_head_is_the_count_and_last_hash(session):
    """The head is the number of entries and the hash of the last; an empty log has the genesis hash."""
    cid = commissions.create_commission(session, title="Fund").id
    session.flush()
    entries = list(session.scalars(select(AuditEntry).where(AuditEntry.commission_id == cid)))
    head = audit_head(session, commission_id=cid)
    assert (head.entries, head.hash) == (len(entries), entries[-1].entry_hash)
    assert audit_head(session, commission_id="none").hash == GENESIS_HASH
    assert head.line() == f"Audit log: {len(entries)} entries, head {entries[-1].entry_hash}"


def test_audit_entries_hold_no_typed_words_and_the_log_shows_current_names(session):
    """Titles, currency names and where a paper tally came from stay out of the log; the viewer shows current names."""
    cid = commissions.create_commission(session, title="Keisha Campbell's fund").id
    commissions.add_currency(
        session,
        commission_id=cid,
        currency=CurrencyInfo(code="KCP", symbol="K", name="Keisha Pounds", decimals=2),
    )
    made = voting.create_round(session, commission_id=cid, title="Keisha's round", method="dots", options=["A", "B"])
    voting.open_round(session, round_id=made.id)
    voting.record_paper_tally(session, round_id=made.id, totals={made.options[0].id: 2}, source="Keisha's wall")
    session.flush()
    for entry in session.scalars(select(AuditEntry).where(AuditEntry.commission_id == cid)):
        assert "Keisha" not in entry.summary and "Keisha" not in entry.details_json, entry.action
    shown = {line.action: line for line in list_audit(session, commission_id=cid)}
    assert "Keisha's round" in shown["vote_round.created"].about
    assert "Keisha Pounds" in shown["currency.added"].about
