"""The services Undo calls: each takes back one action in its own unit of work, or says why it cannot."""

from __future__ import annotations

from datetime import date

import pytest

from cocommission.model import OutcomeStatus, PaymentMethod, new_id
from cocommission.services import (
    agenda,
    commissions,
    feedback,
    interview_questions,
    outcomes,
    participants,
    payments,
    tender,
    voting,
    workshops,
)
from cocommission.services.audit import verify_chain
from cocommission.services.errors import InvalidInput, RuleBroken


def _commission(session) -> str:
    return commissions.create_commission(session, title="Youth justice fund").id


def _statements(session, cid) -> list[tuple[str, OutcomeStatus]]:
    return [(row.text, row.status) for row in outcomes.list_outcomes(session, commission_id=cid)]


def test_an_outcome_taken_back_is_added_again_with_the_same_id(session):
    """remove_outcome takes a new statement away; add_outcome with its id puts the very statement back."""
    cid = _commission(session)
    first = outcomes.add_outcome(session, commission_id=cid, text="Feel safe").id
    wanted = new_id()
    outcomes.add_outcome(session, commission_id=cid, text="Somewhere to go", outcome_id=wanted)
    outcomes.remove_outcome(session, outcome_id=wanted)
    assert _statements(session, cid) == [("Feel safe", OutcomeStatus.PROPOSED)]
    again = outcomes.add_outcome(session, commission_id=cid, text="Somewhere to go", outcome_id=wanted)
    assert (again.id, again.position) == (wanted, 2)
    with pytest.raises(InvalidInput, match="already in the list"):
        outcomes.add_outcome(session, commission_id=cid, text="Twice", outcome_id=first)


def test_a_merge_taken_back_gives_the_originals_their_statuses_again(session):
    """unmerge_outcomes removes the merged statement and puts back each original's status, in place."""
    cid = _commission(session)
    safe, go, talk = (outcomes.add_outcome(session, commission_id=cid, text=t).id
                      for t in ("Feel safe", "Somewhere to go", "Someone to talk to"))
    outcomes.set_outcome_status(session, outcome_id=go, status="agreed")
    merged = outcomes.merge_outcomes(session, outcome_ids=[safe, go], text="Safe places", merged_id=new_id())
    with pytest.raises(RuleBroken, match="undo the merge first"):
        outcomes.remove_outcome(session, outcome_id=safe)
    outcomes.unmerge_outcomes(
        session, outcome_id=merged.id, statuses={safe: "proposed", go: "agreed"}
    )
    assert _statements(session, cid) == [
        ("Feel safe", OutcomeStatus.PROPOSED),
        ("Somewhere to go", OutcomeStatus.AGREED),
        ("Someone to talk to", OutcomeStatus.PROPOSED),
    ]
    assert talk
    assert verify_chain(session, commission_id=cid).sound


def test_a_split_taken_back_restores_the_original_and_an_option_holds_a_statement(session):
    """unsplit_outcome removes the parts; a statement used as a vote option is never taken away."""
    cid = _commission(session)
    original = outcomes.add_outcome(session, commission_id=cid, text="Safe and somewhere to go").id
    parts = [new_id(), new_id()]
    outcomes.split_outcome(session, outcome_id=original, texts=["Safe", "Somewhere to go"], part_ids=parts)
    outcomes.unsplit_outcome(session, outcome_id=original, part_ids=parts, status="proposed")
    assert _statements(session, cid) == [("Safe and somewhere to go", OutcomeStatus.PROPOSED)]
    outcomes.split_outcome(session, outcome_id=original, texts=["Safe", "Somewhere to go"], part_ids=parts)
    voting.create_round(session, commission_id=cid, title="Which first?", method="dots",
                        from_outcomes=True)
    with pytest.raises(RuleBroken, match="option in a vote round"):
        outcomes.unsplit_outcome(session, outcome_id=original, part_ids=parts, status="proposed")


def test_a_removed_option_comes_back_in_its_place(session):
    """add_option with a removed option's id and position puts it back where it was in the draft round."""
    cid = _commission(session)
    made = voting.create_round(session, commission_id=cid, title="Which first?", method="dots",
                               options=["Jobs", "Music", "Sport"])
    music = made.options[1]
    voting.remove_option(session, option_id=music.id)
    voting.add_option(session, round_id=made.id, label=music.label, option_id=music.id, position=2)
    assert [(o.id, o.label) for o in voting.get_round(session, round_id=made.id).options] == [
        (o.id, o.label) for o in made.options
    ]


def test_a_paper_sheet_is_taken_back_whole_and_not_after_the_reveal(session):
    """remove_paper_sheet takes every line of a sheet back in one entry; after the reveal it is refused."""
    cid = _commission(session)
    for name in ("Blaze", "Zo"):
        participants.add_participant(session, commission_id=cid, pseudonym=name)
    made = voting.create_round(session, commission_id=cid, title="Which first?", method="dots",
                               options=["Jobs", "Music"])
    voting.open_round(session, round_id=made.id)
    ids = {option.id: new_id() for option in made.options}
    voting.record_paper_tally(session, round_id=made.id, totals=dict.fromkeys(ids, 3), line_ids=ids)
    voting.remove_paper_sheet(session, paper_tally_ids=list(ids.values()))
    assert voting.list_paper_tallies(session, round_id=made.id) == ()
    lines = voting.record_paper_tally(session, round_id=made.id, totals=dict.fromkeys(ids, 3), line_ids=ids)
    assert {line.id for line in lines} == set(ids.values())
    voting.close_round(session, round_id=made.id)
    voting.reveal_round(session, round_id=made.id)
    with pytest.raises(RuleBroken):
        voting.remove_paper_sheet(session, paper_tally_ids=list(ids.values()))


def test_a_payment_is_taken_back_only_while_due_and_latest(session):
    """cancel_payment refuses a payment handed over or followed by another; mark_payment_unpaid makes it due again."""
    cid = _commission(session)
    pid = participants.add_participant(session, commission_id=cid, pseudonym="Blaze").id

    def pay(**extra):
        return payments.record_payment(session, commission_id=cid, participant_id=pid, amount_minor=500,
                                     currency_code="GBP", method=PaymentMethod.CASH, **extra)

    first, second = pay(), pay()
    with pytest.raises(RuleBroken, match="leave a gap"):
        payments.cancel_payment(session, payment_id=first.id)
    payments.mark_payment_paid(session, payment_id=second.id, paid_on=date(2026, 4, 2))
    with pytest.raises(RuleBroken, match="handed over"):
        payments.cancel_payment(session, payment_id=second.id)
    payments.mark_payment_unpaid(session, payment_id=second.id)
    payments.cancel_payment(session, payment_id=second.id)
    assert [p.receipt_number for p in payments.list_payments(session, commission_id=cid)] == [first.receipt_number]
    assert pay(payment_id=second.id).receipt_number == second.receipt_number
    assert verify_chain(session, commission_id=cid).sound


def test_removed_list_items_come_back_in_their_place(session):
    """Agenda items, criteria, interview and sheet questions and sections return with their id and place."""
    cid = _commission(session)
    workshop = workshops.add_workshop(session, commission_id=cid, title="First").id
    items = [agenda.add_agenda_item(session, workshop_id=workshop, title=t) for t in ("Welcome", "Games", "Close")]
    agenda.remove_agenda_item(session, item_id=items[1].id)
    agenda.add_agenda_item(session, workshop_id=workshop, title="Games", item_id=items[1].id, position=2)
    assert [i.id for i in workshops.get_workshop(session, workshop_id=workshop).agenda] == [i.id for i in items]

    criteria = [tender.add_criterion(session, commission_id=cid, name=n, weight=w) for n, w in (("Cost", 40), ("Reach", 60))]
    tender.remove_criterion(session, criterion_id=criteria[0].id)
    tender.add_criterion(session, commission_id=cid, name="Cost", weight=40, criterion_id=criteria[0].id, position=1)
    assert [c.id for c in tender.list_criteria(session, commission_id=cid)] == [c.id for c in criteria]

    asked = [interview_questions.add_question(session, commission_id=cid, text=t) for t in ("Why you?", "How?")]
    interview_questions.remove_question(session, question_id=asked[0].id)
    interview_questions.add_question(session, commission_id=cid, text="Why you?", question_id=asked[0].id, position=1)
    assert [q.id for q in interview_questions.list_questions(session, commission_id=cid)] == [q.id for q in asked]

    sheet = [feedback.add_question(session, commission_id=cid, text=t, kind="text") for t in ("Best?", "Worst?")]
    feedback.remove_question(session, question_id=sheet[0].id)
    feedback.add_question(session, commission_id=cid, text="Best?", kind="text", question_id=sheet[0].id, position=1)
    assert [q.id for q in feedback.list_questions(session, commission_id=cid)] == [q.id for q in sheet]
    assert verify_chain(session, commission_id=cid).sound
