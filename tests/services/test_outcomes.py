"""Outcome statements: adding, editing, ordering, merging with lineage, splitting and agreeing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cocommission.model import AuditEntry, OutcomeStatus
from cocommission.services import commissions, outcomes
from cocommission.services.errors import InvalidInput, NotFound, RuleBroken

SAFE = "Young people feel safe on the estate"
EVENINGS = "Young people have somewhere to go in the evenings"
VOICE = "Young people have a voice"
HEARD = "Young people's ideas are heard by the council"


def _commission(session) -> str:
    return commissions.create_commission(session, title="Youth justice fund").id


def _add(session, commission_id: str, *texts: str) -> list[str]:
    return [outcomes.add_outcome(session, commission_id=commission_id, text=text).id for text in texts]


def _listed(session, commission_id: str, **options) -> list[tuple[int, str, OutcomeStatus]]:
    return [
        (row.position, row.text, row.status)
        for row in outcomes.list_outcomes(session, commission_id=commission_id, **options)
    ]


def test_statements_are_added_at_the_end(session):
    """New statements are proposed and numbered after the ones already there."""
    cid = _commission(session)
    _add(session, cid, SAFE)
    row = outcomes.add_outcome(
        session,
        commission_id=cid,
        text=f"  {EVENINGS} ",
        measure="Evening sessions held each week",
        proposed_by="Blaze",
    )
    assert (row.position, row.text, row.status) == (2, EVENINGS, OutcomeStatus.PROPOSED)
    assert row.proposed_by == "Blaze"
    assert row.measure == "Evening sessions held each week"


def test_blank_statement_is_refused(session):
    """A statement with no words is refused and nothing is added."""
    cid = _commission(session)
    with pytest.raises(InvalidInput, match="Write the outcome"):
        outcomes.add_outcome(session, commission_id=cid, text="   ")
    assert outcomes.list_outcomes(session, commission_id=cid) == ()


def test_audit_names_statements_by_id_only(session):
    """The audit log records statements by id, never their words or who proposed them."""
    cid = _commission(session)
    (sid,) = _add(session, cid, SAFE)
    outcomes.edit_outcome(session, outcome_id=sid, text="Kiki's idea: the estate feels safe")
    text = " ".join(
        e.summary + e.details_json
        for e in session.scalars(select(AuditEntry).where(AuditEntry.commission_id == cid))
    )
    assert sid in text and "estate" not in text and "Kiki" not in text


def test_edit_changes_only_what_is_given(session):
    """Editing the measure leaves the words alone, and a status can be set in the same edit."""
    cid = _commission(session)
    (sid,) = _add(session, cid, SAFE)
    row = outcomes.edit_outcome(
        session, outcome_id=sid, measure=" Fewer say they avoid places ", status="agreed"
    )
    assert (row.text, row.measure, row.status) == (SAFE, "Fewer say they avoid places", OutcomeStatus.AGREED)


@pytest.mark.parametrize(("to_position", "expected"), [(1, ["C", "A", "B", "D"]), (4, ["A", "B", "D", "C"])])
def test_move_keeps_positions_one_to_n(session, to_position, expected):
    """Moving a statement up or down renumbers the list 1..n with no gaps or repeats."""
    cid = _commission(session)
    ids = _add(session, cid, "A", "B", "C", "D")
    moved = outcomes.move_outcome(session, outcome_id=ids[2], to_position=to_position)
    assert [(row.position, row.text) for row in moved] == list(enumerate(expected, start=1))
    assert [text for _, text, _ in _listed(session, cid)] == expected


def test_move_outside_the_list_is_refused(session):
    """A position before the first or after the last is refused, naming the range."""
    cid = _commission(session)
    ids = _add(session, cid, "A", "B")
    for position in (0, 3):
        with pytest.raises(InvalidInput, match="from 1 to 2"):
            outcomes.move_outcome(session, outcome_id=ids[0], to_position=position)


def test_merge_replaces_statements_and_keeps_the_originals(session):
    """Merging makes one new statement in place of the first original; the originals stay, marked merged."""
    cid = _commission(session)
    safe, voice, evenings, heard = _add(session, cid, SAFE, VOICE, EVENINGS, HEARD)
    merged = outcomes.merge_outcomes(
        session,
        outcome_ids=[heard, voice],
        text="Young people's voices shape decisions",
        measure="Decisions changed after hearing young people",
    )
    assert (merged.position, merged.status, merged.merged_from) == (2, OutcomeStatus.PROPOSED, (voice, heard))
    assert _listed(session, cid) == [
        (1, SAFE, OutcomeStatus.PROPOSED),
        (2, "Young people's voices shape decisions", OutcomeStatus.PROPOSED),
        (3, VOICE, OutcomeStatus.MERGED),
        (4, EVENINGS, OutcomeStatus.PROPOSED),
        (5, HEARD, OutcomeStatus.MERGED),
    ]
    assert [text for _, text, _ in _listed(session, cid, include_merged=False)] == [
        SAFE,
        "Young people's voices shape decisions",
        EVENINGS,
    ]
    assert {outcomes.get_outcome(session, outcome_id=i).merged_into_id for i in (voice, heard)} == {merged.id}
    assert outcomes.get_outcome(session, outcome_id=safe).merged_into_id is None


def test_merging_an_already_merged_statement_is_refused(session):
    """A statement already merged cannot be merged again; the message points to the one it went into."""
    cid = _commission(session)
    voice, heard, safe = _add(session, cid, VOICE, HEARD, SAFE)
    outcomes.merge_outcomes(session, outcome_ids=[voice, heard], text="Voices shape decisions")
    before = _listed(session, cid)
    with pytest.raises(RuleBroken, match="“Young people have a voice” has been merged.*statement it was merged into"):
        outcomes.merge_outcomes(session, outcome_ids=[safe, voice], text="Safe and heard")
    assert _listed(session, cid) == before


@pytest.mark.parametrize(
    ("ids", "message"),
    [([0], "at least 2"), ([0, 0], "more than once"), ([], "at least 2")],
)
def test_merge_needs_two_different_statements(session, ids, message):
    """Merging fewer than two statements, or one statement twice, is refused."""
    cid = _commission(session)
    made = _add(session, cid, VOICE, HEARD)
    with pytest.raises(InvalidInput, match=message):
        outcomes.merge_outcomes(session, outcome_ids=[made[i] for i in ids], text="Voices")


def test_merging_a_dropped_statement_is_refused(session):
    """A dropped statement must be set back to proposed before it can be merged."""
    cid = _commission(session)
    voice, heard = _add(session, cid, VOICE, HEARD)
    outcomes.set_outcome_status(session, outcome_id=heard, status=OutcomeStatus.DROPPED)
    with pytest.raises(RuleBroken, match="“Young people's ideas are heard by the c…” has been dropped.*set it back to proposed"):
        outcomes.merge_outcomes(session, outcome_ids=[voice, heard], text="Voices")
    assert outcomes.get_outcome(session, outcome_id=voice).status is OutcomeStatus.PROPOSED


def test_merge_across_commissions_is_refused(session):
    """Statements from two commissions cannot be merged together."""
    (mine,) = _add(session, _commission(session), VOICE)
    (theirs,) = _add(session, _commission(session), HEARD)
    with pytest.raises(InvalidInput, match="same commission"):
        outcomes.merge_outcomes(session, outcome_ids=[mine, theirs], text="Voices")


def test_merge_of_unknown_statement_is_refused(session):
    """Merging a statement that does not exist names the missing id."""
    cid = _commission(session)
    (voice,) = _add(session, cid, VOICE)
    with pytest.raises(NotFound, match="no outcome statement with id 'gone'"):
        outcomes.merge_outcomes(session, outcome_ids=[voice, "gone"], text="Voices")


def test_merged_statement_cannot_be_edited_or_given_a_status(session):
    """Edits to a merged original are refused and point to the statement it was merged into."""
    cid = _commission(session)
    voice, heard = _add(session, cid, VOICE, HEARD)
    merged = outcomes.merge_outcomes(session, outcome_ids=[voice, heard], text="Voices shape decisions")
    with pytest.raises(RuleBroken, match="cannot be edited; work on the statement it was merged into"):
        outcomes.edit_outcome(session, outcome_id=voice, text="Changed")
    with pytest.raises(RuleBroken, match="merged into another"):
        outcomes.set_outcome_status(session, outcome_id=heard, status=OutcomeStatus.AGREED)
    assert outcomes.edit_outcome(session, outcome_id=merged.id, text="Voices count").text == "Voices count"


def test_lineage_goes_back_two_levels(session):
    """A statement merged from a merge shows every statement it came from, level by level."""
    cid = _commission(session)
    voice, heard, listened, safe = _add(session, cid, VOICE, HEARD, "Adults listen to us", SAFE)
    first = outcomes.merge_outcomes(session, outcome_ids=[voice, heard], text="Our voices are heard")
    second = outcomes.merge_outcomes(
        session, outcome_ids=[listened, first.id], text="Our voices shape decisions"
    )
    tree = outcomes.lineage(session, outcome_id=second.id)
    assert (tree.outcome.id, tree.how) == (second.id, "")
    assert [(node.outcome.text, node.how) for node in tree.sources] == [
        ("Our voices are heard", "merged"),
        ("Adults listen to us", "merged"),
    ]
    assert [(node.outcome.id, node.how) for node in tree.sources[0].sources] == [
        (voice, "merged"),
        (heard, "merged"),
    ]
    assert tree.sources[1].sources == () and tree.sources[0].sources[0].sources == ()
    assert safe not in {node.outcome.id for node in tree.sources}


def test_lineage_of_an_original_statement_is_just_itself(session):
    """A statement nobody merged or split has no sources."""
    cid = _commission(session)
    (safe,) = _add(session, cid, SAFE)
    tree = outcomes.lineage(session, outcome_id=safe)
    assert (tree.outcome.text, tree.sources) == (SAFE, ())


def test_split_puts_new_statements_after_the_original(session):
    """Splitting drops the original and places its parts right after it, keeping positions 1..n."""
    cid = _commission(session)
    _, both, _ = _add(session, cid, SAFE, "Somewhere to go and help into work", EVENINGS)
    parts = outcomes.split_outcome(session, outcome_id=both, texts=["Somewhere to go", " Help into work "])
    assert [(p.position, p.text, p.status) for p in parts] == [
        (3, "Somewhere to go", OutcomeStatus.PROPOSED),
        (4, "Help into work", OutcomeStatus.PROPOSED),
    ]
    assert _listed(session, cid) == [
        (1, SAFE, OutcomeStatus.PROPOSED),
        (2, "Somewhere to go and help into work", OutcomeStatus.DROPPED),
        (3, "Somewhere to go", OutcomeStatus.PROPOSED),
        (4, "Help into work", OutcomeStatus.PROPOSED),
        (5, EVENINGS, OutcomeStatus.PROPOSED),
    ]


def test_split_part_traces_back_to_the_original(session):
    """Each part of a split shows, in its lineage, the statement it was split from."""
    cid = _commission(session)
    (both,) = _add(session, cid, "Somewhere to go and help into work")
    parts = outcomes.split_outcome(session, outcome_id=both, texts=["Somewhere to go", "Help into work"])
    tree = outcomes.lineage(session, outcome_id=parts[1].id)
    assert [(node.outcome.id, node.how) for node in tree.sources] == [(both, "split")]


def test_split_needs_two_parts_and_a_live_statement(session):
    """Splitting into fewer than two parts, or splitting a merged statement, is refused."""
    cid = _commission(session)
    voice, heard, safe = _add(session, cid, VOICE, HEARD, SAFE)
    with pytest.raises(InvalidInput, match="at least 2"):
        outcomes.split_outcome(session, outcome_id=safe, texts=["Safe"])
    with pytest.raises(InvalidInput, match="Write the outcome"):
        outcomes.split_outcome(session, outcome_id=safe, texts=["Safe", " "])
    outcomes.merge_outcomes(session, outcome_ids=[voice, heard], text="Voices")
    with pytest.raises(RuleBroken, match="cannot be split"):
        outcomes.split_outcome(session, outcome_id=voice, texts=["A", "B"])
    assert len(outcomes.list_outcomes(session, commission_id=cid)) == 4


def test_agreed_outcomes_are_listed_in_order(session):
    """Only agreed statements appear among the agreed outcomes, in list order."""
    cid = _commission(session)
    safe, evenings, voice = _add(session, cid, SAFE, EVENINGS, VOICE)
    outcomes.set_outcome_status(session, outcome_id=voice, status=OutcomeStatus.AGREED)
    outcomes.set_outcome_status(session, outcome_id=safe, status="agreed")
    outcomes.set_outcome_status(session, outcome_id=evenings, status=OutcomeStatus.DROPPED)
    assert [row.text for row in outcomes.agreed_outcomes(session, commission_id=cid)] == [SAFE, VOICE]


def test_merged_status_cannot_be_set_by_hand(session):
    """Setting the merged status directly, or an unknown status, is refused."""
    cid = _commission(session)
    (safe,) = _add(session, cid, SAFE)
    for status in (OutcomeStatus.MERGED, "finished"):
        with pytest.raises(InvalidInput, match="not a status you can set"):
            outcomes.set_outcome_status(session, outcome_id=safe, status=status)
    assert outcomes.get_outcome(session, outcome_id=safe).status is OutcomeStatus.PROPOSED


def test_only_statements_in_play_are_numbered_with_no_gaps(session):
    """Merged-away and dropped statements have no number; the rest are numbered 1..n in list order, as votes key them."""
    cid = _commission(session)
    safe, evenings, voice, heard = _add(session, cid, SAFE, EVENINGS, VOICE, HEARD)
    merged = outcomes.merge_outcomes(session, outcome_ids=[evenings, voice], text="Somewhere to be heard")
    assert merged.number == 2
    numbered = [(row.number, row.text) for row in outcomes.list_outcomes(session, commission_id=cid)]
    assert numbered == [(1, SAFE), (2, "Somewhere to be heard"), (None, EVENINGS), (None, VOICE), (3, HEARD)]
    outcomes.set_outcome_status(session, outcome_id=safe, status=OutcomeStatus.DROPPED)
    assert [row.number for row in outcomes.list_outcomes(session, commission_id=cid)] == [None, 1, None, None, 2]
    back = outcomes.set_outcome_status(session, outcome_id=safe, status=OutcomeStatus.PROPOSED)
    assert back.number == 1
    summaries = [
        entry.summary
        for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.sequence))
        if entry.action.startswith("outcome.")
    ]
    assert summaries[-3:] == [
        "2 outcome statements merged into statement 2",
        "Outcome statement 1 marked dropped",
        "A dropped outcome statement marked proposed",
    ]
