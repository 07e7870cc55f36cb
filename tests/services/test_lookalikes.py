"""Lookalike names and statements: found ignoring case, accents, spaces (and, for statements, punctuation)."""

from __future__ import annotations

from datetime import date

from cocommission.services import commissions, outcomes, participants
from cocommission.services.lookalikes import (
    lookalike_participants,
    outcomes_like,
    participants_like,
    similar_names,
    similar_statements,
)
from cocommission.services.text import folded


def test_names_are_alike_whatever_their_case_accents_and_spaces():
    """zoe reads as Zoë, luk asz as Łukasz, SIAN as Siân; Zoey and Zo are different names."""
    assert similar_names("zoe", ["Zoë", "Zoey", "Zo", "Kai"]) == ("Zoë",)
    assert similar_names("luk asz", ["Łukasz"]) == ("Łukasz",)
    assert similar_names(" SIAN ", ["Siân"]) == ("Siân",)
    assert similar_names("", ["", "Kai"]) == ()
    assert folded("Strauß Øre") == "strauss ore"
    assert similar_names("  Strauß   Øre ", ["strauss ore"]) == ("strauss ore",)


def test_statements_are_alike_when_their_words_are_the_same():
    """Case, accents, punctuation and spacing aside, the words must match; other words are another."""
    existing = ["Young people feel safe on the estate.", "More youth clubs"]
    assert similar_statements("young  people feel SAFE on the estate!", existing) == (existing[0],)
    assert similar_statements("Young people feel safe on the estate at night", existing) == ()
    assert similar_statements("Mōre youth-clubs", existing) == (existing[1],)


def test_a_participant_like_one_already_there_is_found_by_pseudonym_or_full_name(session):
    """A new "zoe" finds Zoë, as does a full name like hers; the person being renamed is left out."""
    cid = commissions.create_commission(session, title="Youth fund").id
    zoe = participants.add_participant(session, commission_id=cid, pseudonym="Zoë", full_name="Zoë Smith")
    kai = participants.add_participant(session, commission_id=cid, pseudonym="Kai", consent_on=date(2026, 1, 5))
    found = participants_like(session, commission_id=cid, pseudonym="zoe")
    assert [(row.id, row.shown) for row in found] == [(zoe.id, "Zoë")]
    found = participants_like(session, commission_id=cid, pseudonym="Z", full_name="zoe  smith")
    assert [row.shown for row in found] == ["Zoë"]
    assert participants_like(session, commission_id=cid, pseudonym="Zoe", leaving_out=zoe.id) == ()
    assert participants_like(session, commission_id=cid, pseudonym="Sam") == ()
    # The very same pseudonym is refused by add_participant with its own reason, so it is no hint.
    assert participants_like(session, commission_id=cid, pseudonym="kai") == ()
    assert kai.id


def test_an_import_reports_each_lookalike_pair_once(session):
    """Among imported people, zoe and Zoë are one pair, named by pseudonym."""
    cid = commissions.create_commission(session, title="Youth fund").id
    participants.add_participant(session, commission_id=cid, pseudonym="Zoë")
    zoe = participants.add_participant(session, commission_id=cid, pseudonym="zoe ")
    sam = participants.add_participant(session, commission_id=cid, pseudonym="Sam")
    pairs = lookalike_participants(session, commission_id=cid, participant_ids=[zoe.id, sam.id])
    assert [(new.shown, old.shown) for new, old in pairs] == [("zoe", "Zoë")]


def test_a_statement_like_one_already_there_is_found_but_not_the_one_being_edited(session):
    """A statement typed again is found; merged statements and the statement being edited are not."""
    cid = commissions.create_commission(session, title="Youth fund").id
    safe = outcomes.add_outcome(session, commission_id=cid, text="Young people feel safe")
    found = outcomes_like(session, commission_id=cid, text="young people, feel safe!")
    assert [(row.id, row.shown) for row in found] == [(safe.id, "Young people feel safe")]
    assert outcomes_like(session, commission_id=cid, text="Young people feel safe", leaving_out=safe.id) == ()
