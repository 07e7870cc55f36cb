"""Vote rounds: rules, ballots, paper tallies, counting, progress and the audit trail."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import event, func, select

from cocommission.model import (
    AuditEntry,
    Ballot,
    CountMethod,
    OutcomeStatement,
    OutcomeStatus,
    Participant,
    Role,
    RoundState,
    RoundVoter,
    Visibility,
    utcnow,
    whole_schema,
)
from cocommission.services import commissions, voting
from cocommission.services.errors import InvalidInput, NotFound, RuleBroken
from cocommission.services.perform import perform, read


def _commission(session, title="Youth justice fund") -> str:
    return commissions.create_commission(session, title=title).id


def _people(session, commission_id, *pseudonyms, role=Role.YOUNG_PERSON, **fields) -> list[str]:
    people = [
        Participant(
            commission_id=commission_id, pseudonym=name, full_name=f"Full Name {name}", role=role, **fields
        )
        for name in pseudonyms
    ]
    session.add_all(people)
    session.flush()
    return [person.id for person in people]


def _open(session, commission_id, method="dots", labels=("Safe estate", "Jobs", "Music studio"), **rules):
    made = voting.create_round(
        session,
        commission_id=commission_id,
        title="Which matters most?",
        method=method,
        options=labels,
        **rules,
    )
    voting.open_round(session, round_id=made.id)
    return voting.get_round(session, round_id=made.id)


def _ids(vote_round) -> dict[str, str]:
    return {option.label: option.id for option in vote_round.options}


# --------------------------------------------------------------------------- setting up rounds


def test_new_round_takes_the_default_count_method_and_numbered_options(session):
    """A ranking round counts by Borda unless told otherwise, and lists its options in order."""
    cid = _commission(session)
    made = voting.create_round(
        session, commission_id=cid, title=" Rank them ", method="ranking", options=["A", "B"]
    )
    assert made.title == "Rank them"
    assert made.count_method is CountMethod.BORDA
    assert made.state is RoundState.DRAFT
    assert [(o.position, o.label) for o in made.options] == [(1, "A"), (2, "B")]
    assert [r.id for r in voting.list_rounds(session, commission_id=cid)] == [made.id]


def test_round_from_outcomes_uses_live_statements_in_order(session):
    """Options from outcomes are the proposed and agreed statements in order, not merged or dropped ones."""
    cid = _commission(session)
    statements = [
        OutcomeStatement(commission_id=cid, position=2, text="Feel safe", status=OutcomeStatus.AGREED),
        OutcomeStatement(commission_id=cid, position=1, text="Get a job", status=OutcomeStatus.PROPOSED),
        OutcomeStatement(commission_id=cid, position=3, text="Old idea", status=OutcomeStatus.DROPPED),
        OutcomeStatement(commission_id=cid, position=4, text="Duplicate", status=OutcomeStatus.MERGED),
    ]
    session.add_all(statements)
    session.flush()
    made = voting.create_round(
        session, commission_id=cid, title="Outcomes", method="dots", from_outcomes=True
    )
    assert [(o.label, o.outcome_id) for o in made.options] == [
        ("Get a job", statements[1].id),
        ("Feel safe", statements[0].id),
    ]


def test_count_method_that_does_not_suit_the_vote_is_refused(session):
    """Counting a dots round by Schulze is refused, naming the method that does suit it."""
    cid = _commission(session)
    with pytest.raises(InvalidInput, match="cannot be counted by 'schulze'; choose dots"):
        voting.create_round(session, commission_id=cid, title="Dots", method="dots", count_method="schulze")
    assert voting.list_rounds(session, commission_id=cid) == ()


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"dots_per_person": 0}, "at least 1 dot"),
        ({"dots_per_person": 2, "max_dots_per_option": 3}, "between 1 and the 2 dots"),
        ({"max_dots_per_option": 0}, "between 1 and the 5 dots"),
        ({"score_min": 5, "score_max": 5}, "must be below the highest score"),
        ({"title": "   "}, "needs a title"),
        ({"method": "lottery"}, "not a way of voting"),
    ],
)
def test_settings_nobody_could_vote_under_are_refused(session, rules, message):
    """Impossible rules (no dots, a cap above the budget, an empty score range, no title) are refused."""
    cid = _commission(session)
    arguments = {"title": "Round", "method": "dots", **rules}
    with pytest.raises(InvalidInput, match=message):
        voting.create_round(session, commission_id=cid, **arguments)


def test_draft_round_can_be_edited(session):
    """Before opening, options can be added, reworded and removed, and the rules changed."""
    cid = _commission(session)
    made = voting.create_round(
        session, commission_id=cid, title="Round", method="dots", options=["A", "B", "C"]
    )
    ids = _ids(made)
    voting.edit_option(session, option_id=ids["B"], label="Bee")
    voting.remove_option(session, option_id=ids["A"])
    voting.add_option(session, round_id=made.id, label="D")
    changed = voting.update_round_rules(session, round_id=made.id, method="ranking", count_method="irv")
    assert [(o.position, o.label) for o in changed.options] == [(1, "Bee"), (2, "C"), (3, "D")]
    assert changed.count_method is CountMethod.IRV


def test_duplicate_option_is_refused(session):
    """The same words twice on the wall are refused, whatever their capitals."""
    cid = _commission(session)
    made = voting.create_round(session, commission_id=cid, title="Round", method="dots", options=["Jobs"])
    with pytest.raises(RuleBroken, match='"jobs" is already an option'):
        voting.add_option(session, round_id=made.id, label="jobs")
    with pytest.raises(RuleBroken, match='"Jobs" is listed twice'):
        voting.create_round(
            session, commission_id=cid, title="Again", method="dots", options=["Jobs", " Jobs"]
        )
    assert [r.title for r in voting.list_rounds(session, commission_id=cid)] == ["Round"]


def test_rules_and_options_are_frozen_once_the_round_opens(session):
    """After opening, changing rules or options is refused and the round stays as it was."""
    cid = _commission(session)
    opened = _open(session, cid)
    ids = _ids(opened)
    attempts = [
        lambda: voting.add_option(session, round_id=opened.id, label="New"),
        lambda: voting.edit_option(session, option_id=ids["Jobs"], label="Work"),
        lambda: voting.remove_option(session, option_id=ids["Jobs"]),
        lambda: voting.update_round_rules(session, round_id=opened.id, dots_per_person=10),
    ]
    for attempt in attempts:
        with pytest.raises(RuleBroken, match="This round is open, and its rules and options are frozen"):
            attempt()
    assert voting.get_round(session, round_id=opened.id) == opened


def test_round_needs_two_options_and_cannot_reopen(session):
    """A round opens only with two options, reveals only once closed, and never reopens."""
    cid = _commission(session)
    lonely = voting.create_round(session, commission_id=cid, title="Round", method="dots", options=["Only"])
    with pytest.raises(RuleBroken, match="at least 2 options"):
        voting.open_round(session, round_id=lonely.id)
    opened = _open(session, cid, visibility=Visibility.HIDDEN_UNTIL_REVEAL)
    assert not opened.results_visible
    with pytest.raises(RuleBroken, match="Close the round before revealing"):
        voting.reveal_round(session, round_id=opened.id)
    voting.close_round(session, round_id=opened.id)
    with pytest.raises(RuleBroken, match="cannot be reopened"):
        voting.open_round(session, round_id=opened.id)
    revealed = voting.reveal_round(session, round_id=opened.id)
    assert revealed.state is RoundState.REVEALED
    assert revealed.results_visible


# --------------------------------------------------------------------------- ballots


def test_dots_over_the_budget_are_refused(session):
    """Placing 7 dots when each person has 5 is refused with the count and the budget."""
    cid = _commission(session)
    (amir,) = _people(session, cid, "Amir")
    opened = _open(session, cid)
    ids = _ids(opened)
    over = {ids["Safe estate"]: 3, ids["Jobs"]: 3, ids["Music studio"]: 1}
    with pytest.raises(RuleBroken, match=r"That is 7 dots; each person has 5\. Take 2 off\."):
        voting.cast_ballot(session, round_id=opened.id, participant_id=amir, choices=over)
    assert voting.get_round(session, round_id=opened.id).ballots_cast == 0


def test_dots_over_the_per_option_cap_are_refused(session):
    """Putting 4 dots on one option when the cap is 3 is refused, naming the option."""
    cid = _commission(session)
    (amir,) = _people(session, cid, "Amir")
    opened = _open(session, cid)
    with pytest.raises(RuleBroken, match='That is 4 dots on "Jobs"; each option can take at most 3'):
        voting.cast_ballot(
            session, round_id=opened.id, participant_id=amir, choices={_ids(opened)["Jobs"]: 4}
        )
    assert voting.list_ballots(session, round_id=opened.id) == ()


def test_closed_round_refuses_ballots(session):
    """Once the round closes, a ballot is refused with a message saying so."""
    cid = _commission(session)
    (amir,) = _people(session, cid, "Amir")
    opened = _open(session, cid)
    voting.close_round(session, round_id=opened.id)
    with pytest.raises(RuleBroken, match="This round is closed; ballots can no longer be cast."):
        voting.cast_ballot(
            session, round_id=opened.id, participant_id=amir, choices={_ids(opened)["Jobs"]: 1}
        )


def test_ballot_from_someone_who_cannot_vote_is_refused(session):
    """Unknown options, other commissions' participants, withdrawn, erased and staff voters are refused."""
    cid = _commission(session)
    other = _commission(session, "Another fund")
    (amir,) = _people(session, cid, "Amir")
    (stranger,) = _people(session, other, "Stranger")
    (gone,) = _people(session, cid, "Gone", withdrawn_on=date(2024, 5, 1))
    (erased,) = _people(session, cid, "Erased", erased_at=utcnow())
    (worker,) = _people(session, cid, "Worker", role=Role.FACILITATOR)
    opened = _open(session, cid)
    jobs = {_ids(opened)["Jobs"]: 1}
    with pytest.raises(InvalidInput, match="no option with id 'nope' in this round"):
        voting.cast_ballot(session, round_id=opened.id, participant_id=amir, choices={"nope": 1})
    with pytest.raises(NotFound, match="no participant"):
        voting.cast_ballot(session, round_id=opened.id, participant_id=stranger, choices=jobs)
    with pytest.raises(RuleBroken, match="withdrawn"):
        voting.cast_ballot(session, round_id=opened.id, participant_id=gone, choices=jobs)
    with pytest.raises(RuleBroken, match="erased"):
        voting.cast_ballot(session, round_id=opened.id, participant_id=erased, choices=jobs)
    with pytest.raises(RuleBroken, match="Only young people and service users vote"):
        voting.cast_ballot(session, round_id=opened.id, participant_id=worker, choices=jobs)
    assert voting.list_ballots(session, round_id=opened.id) == ()


def test_casting_again_replaces_the_ballot(session):
    """In a named round a second ballot from the same person replaces the first, so they still count once."""
    cid = _commission(session)
    (amir,) = _people(session, cid, "Amir")
    opened = _open(session, cid, anonymous=False)
    ids = _ids(opened)
    voting.cast_ballot(
        session, round_id=opened.id, participant_id=amir, choices={ids["Jobs"]: 3, ids["Safe estate"]: 2}
    )
    again = voting.cast_ballot(
        session, round_id=opened.id, participant_id=amir, choices={ids["Music studio"]: 2, ids["Jobs"]: 0}
    )
    assert again.choices == {ids["Music studio"]: 2}
    assert [b.choices for b in voting.list_ballots(session, round_id=opened.id)] == [{ids["Music studio"]: 2}]
    assert voting.tally_round(session, round_id=opened.id).scores == {
        ids["Safe estate"]: 0.0,
        ids["Jobs"]: 0.0,
        ids["Music studio"]: 2.0,
    }


def test_removing_a_ballot_undoes_it_only_while_open(session):
    """The console can take back a named ballot while the round is open, not after it closes."""
    cid = _commission(session)
    amir, bea = _people(session, cid, "Amir", "Bea")
    opened = _open(session, cid, anonymous=False)
    jobs = {_ids(opened)["Jobs"]: 1}
    voting.cast_ballot(session, round_id=opened.id, participant_id=amir, choices=jobs)
    voting.cast_ballot(session, round_id=opened.id, participant_id=bea, choices=jobs)
    after = voting.remove_ballot(session, round_id=opened.id, participant_id=bea)
    assert after.ballots_cast == 1
    assert [b.participant_id for b in voting.list_ballots(session, round_id=opened.id)] == [amir]
    voting.close_round(session, round_id=opened.id)
    with pytest.raises(RuleBroken, match="only be taken back while the round is open"):
        voting.remove_ballot(session, round_id=opened.id, participant_id=amir)


def test_score_outside_the_range_is_refused(session):
    """A score above the round's highest score is refused, giving the range."""
    cid = _commission(session)
    (amir,) = _people(session, cid, "Amir")
    opened = _open(session, cid, method="score", score_min=1, score_max=5)
    with pytest.raises(RuleBroken, match='"Jobs" is 6; scores go from 1 to 5'):
        voting.cast_ballot(
            session, round_id=opened.id, participant_id=amir, choices={_ids(opened)["Jobs"]: 6}
        )


def test_ranking_with_a_repeat_is_refused(session):
    """Ranking the same option twice is refused, naming it."""
    cid = _commission(session)
    (amir,) = _people(session, cid, "Amir")
    opened = _open(session, cid, method="ranking")
    jobs = _ids(opened)["Jobs"]
    with pytest.raises(InvalidInput, match='"Jobs" is ranked more than once'):
        voting.cast_ballot(session, round_id=opened.id, participant_id=amir, choices=[jobs, jobs])


# --------------------------------------------------------------------------- paper tallies and counting


def test_dot_totals_include_paper_tallies(session):
    """Dots from ballots and from paper sheets add up, and the steps say where they came from."""
    cid = _commission(session)
    amir, bea = _people(session, cid, "Amir", "Bea")
    opened = _open(session, cid)
    ids = _ids(opened)
    voting.cast_ballot(
        session, round_id=opened.id, participant_id=amir, choices={ids["Jobs"]: 3, ids["Safe estate"]: 2}
    )
    voting.cast_ballot(session, round_id=opened.id, participant_id=bea, choices={ids["Safe estate"]: 1})
    voting.close_round(session, round_id=opened.id)
    # Transcribing the wall after the session is normal, so a closed round still takes paper tallies.
    voting.record_paper_tally(
        session, round_id=opened.id, totals={ids["Music studio"]: 4, ids["Jobs"]: 0}, source="Wall sheet"
    )
    voting.record_paper_tally(session, round_id=opened.id, totals={ids["Safe estate"]: 2})
    result = voting.tally_round(session, round_id=opened.id)
    assert result.scores == {ids["Safe estate"]: 5.0, ids["Jobs"]: 3.0, ids["Music studio"]: 4.0}
    assert result.ranking == ((ids["Safe estate"],), (ids["Music studio"],), (ids["Jobs"],))
    assert result.ballots_counted == 2
    assert result.steps[0] == (
        "Counted 6 dots from 2 ballots and 6 dots from 2 paper tallies: 12 dots in total."
    )
    assert "Music studio: 4 dots (0 from ballots, 4 from paper)." in result.steps


def test_paper_tallies_are_refused_after_reveal_and_outside_dots_rounds(session):
    """Paper tallies belong to dots rounds and cannot be added or removed once results are revealed."""
    cid = _commission(session)
    ranked = _open(session, cid, method="ranking")
    with pytest.raises(RuleBroken, match="only be recorded for a dots round"):
        voting.record_paper_tally(session, round_id=ranked.id, totals={_ids(ranked)["Jobs"]: 2})
    opened = _open(session, cid)
    (line,) = voting.record_paper_tally(session, round_id=opened.id, totals={_ids(opened)["Jobs"]: 2})
    voting.close_round(session, round_id=opened.id)
    voting.reveal_round(session, round_id=opened.id)
    with pytest.raises(RuleBroken, match="revealed"):
        voting.record_paper_tally(session, round_id=opened.id, totals={_ids(opened)["Jobs"]: 1})
    with pytest.raises(RuleBroken, match="revealed"):
        voting.remove_paper_tally(session, paper_tally_id=line.id)
    assert voting.list_paper_tallies(session, round_id=opened.id) == (line,)


def test_removed_paper_tally_no_longer_counts(session):
    """A paper tally line keyed in by mistake can be removed and drops out of the count."""
    cid = _commission(session)
    opened = _open(session, cid)
    ids = _ids(opened)
    totals = {ids["Jobs"]: 2, ids["Music studio"]: 9}
    lines = voting.record_paper_tally(session, round_id=opened.id, totals=totals)
    voting.remove_paper_tally(session, paper_tally_id=lines[1].id)
    assert voting.tally_round(session, round_id=opened.id).scores[ids["Music studio"]] == 0.0


def test_a_whole_paper_sheet_is_taken_back_at_once(session):
    """Taking back a sheet removes every line it added, and leaves the other sheets counted."""
    cid = _commission(session)
    opened = _open(session, cid)
    ids = _ids(opened)
    kept = voting.record_paper_tally(session, round_id=opened.id, totals={ids["Jobs"]: 1})
    sheet = voting.record_paper_tally(session, round_id=opened.id, totals={ids["Jobs"]: 2, ids["Music studio"]: 9})
    removed = voting.remove_paper_sheet(session, paper_tally_ids=[line.id for line in sheet])
    assert {line.id for line in removed} == {line.id for line in sheet}
    assert voting.list_paper_tallies(session, round_id=opened.id) == kept
    with pytest.raises(InvalidInput, match="paper tally lines"):
        voting.remove_paper_sheet(session, paper_tally_ids=[])


def _ranked_round(session):
    """Three prefer A>B>C and two B>C>A: A wins head to head, B wins on Borda points."""
    cid = _commission(session)
    voters = _people(session, cid, "P1", "P2", "P3", "P4", "P5")
    opened = _open(session, cid, method="ranking", labels=("A", "B", "C"), count_method="schulze")
    a, b, c = (_ids(opened)[label] for label in "ABC")
    for voter in voters[:3]:
        voting.cast_ballot(session, round_id=opened.id, participant_id=voter, choices=[a, b, c])
    for voter in voters[3:]:
        voting.cast_ballot(session, round_id=opened.id, participant_id=voter, choices=(b, c, a))
    return opened.id, a, b, c


def test_ranking_round_counts_by_schulze(session):
    """A Schulze round ranks the head-to-head winner first, and explains the count with labels."""
    round_id, a, b, c = _ranked_round(session)
    result = voting.tally_round(session, round_id=round_id)
    assert result.method == "schulze"
    assert result.ranking == ((a,), (b,), (c,))
    assert result.ballots_counted == 5
    assert "A beats B and C (2 wins)." in result.steps


def test_ranking_round_can_be_recounted_another_way_but_not_by_dots(session):
    """A ranking round can be recounted by Borda; a method for another kind of vote is refused."""
    round_id, a, b, c = _ranked_round(session)
    assert voting.tally_round(session, round_id=round_id, method="borda").ranking == ((b,), (a,), (c,))
    with pytest.raises(InvalidInput, match="choose borda, schulze, irv"):
        voting.tally_round(session, round_id=round_id, method="dots")


def _split_round(session, **rules):
    """3 for A alone; 2 rank B then C and 2 C then B: whichever of B and C survives beats A 4-3."""
    cid = _commission(session)
    voters = _people(session, cid, *(f"P{n}" for n in range(7)))
    opened = _open(session, cid, method="ranking", labels=("A", "B", "C"), count_method="irv", **rules)
    a, b, c = (_ids(opened)[label] for label in "ABC")
    for voter, ballot in zip(voters, [(a,)] * 3 + [(b, c)] * 2 + [(c, b)] * 2, strict=True):
        voting.cast_ballot(session, round_id=opened.id, participant_id=voter, choices=ballot)
    return cid, opened.id, a, b, c


def test_instant_run_off_waits_for_the_lot_and_then_counts_by_it(session):
    """The tie between B and C decides the winner: no winner until the lot, which is kept and audited."""
    cid, round_id, a, b, c = _split_round(session)
    waiting = voting.tally_round(session, round_id=round_id)
    assert not waiting.winner_known and waiting.lot_needed == (b, c)
    with pytest.raises(RuleBroken, match="Close the round before drawing lots"):
        voting.draw_lots(session, round_id=round_id)
    voting.close_round(session, round_id=round_id)
    drawn = voting.draw_lots(session, round_id=round_id)
    assert sorted(drawn.lot_order) == sorted((a, b, c))
    counted = voting.tally_round(session, round_id=round_id)
    winner = b if drawn.lot_order.index(b) < drawn.lot_order.index(c) else c
    assert counted.winner_known and counted.ranking[0] == (winner,) and counted.ranking[1] == (a,)
    assert voting.tally_round(session, round_id=round_id).ranking == counted.ranking
    with pytest.raises(RuleBroken, match="Lots have already been drawn"):
        voting.draw_lots(session, round_id=round_id)
    entry = _entries(session, cid)[-1]
    assert entry.action == "vote_round.lots_drawn"
    assert json.loads(entry.details_json)["lot_order"] == list(drawn.lot_order)
    assert "P0" not in entry.summary + entry.details_json and "Full Name" not in entry.details_json


def test_a_lot_is_drawn_only_when_the_count_needs_one(session):
    """A round whose count needs no lot refuses the draw and stores nothing."""
    round_id, *_ = _ranked_round(session)
    voting.close_round(session, round_id=round_id)
    with pytest.raises(RuleBroken, match="needs no lot"):
        voting.draw_lots(session, round_id=round_id)
    assert voting.get_round(session, round_id=round_id).lot_order == ()


def test_earlier_counts_rule_needs_no_lot_where_the_lot_rule_does(session):
    """The round's tie-break rule is what the count follows; 'lot' goes to the lot at once."""
    cid = _commission(session)
    made = voting.create_round(
        session, commission_id=cid, title="Rank", method="ranking", count_method="irv", options=["A", "B"],
        tie_break="lot",
    )
    assert made.tie_break == "lot"
    changed = voting.update_round_rules(session, round_id=made.id, tie_break="earlier_counts_then_lot")
    assert changed.tie_break == "earlier_counts_then_lot"
    with pytest.raises(InvalidInput, match="'coin' is not a tie-break rule"):
        voting.update_round_rules(session, round_id=made.id, tie_break="coin")
    voting.open_round(session, round_id=made.id)
    with pytest.raises(RuleBroken, match="frozen once it opens"):
        voting.update_round_rules(session, round_id=made.id, tie_break="lot")
    assert voting.get_round(session, round_id=made.id).tie_break == "earlier_counts_then_lot"


def test_approval_round_counts_each_approval(session):
    """Approval ballots count one per approved option, in wall order."""
    cid = _commission(session)
    amir, bea = _people(session, cid, "Amir", "Bea")
    opened = _open(session, cid, method="approval")
    ids = _ids(opened)
    cast = voting.cast_ballot(
        session, round_id=opened.id, participant_id=amir, choices={ids["Music studio"], ids["Jobs"]}
    )
    assert cast.choices == (ids["Jobs"], ids["Music studio"])
    voting.cast_ballot(session, round_id=opened.id, participant_id=bea, choices=[ids["Jobs"]])
    assert voting.tally_round(session, round_id=opened.id).ranking[0] == (ids["Jobs"],)


# --------------------------------------------------------------------------- progress and audit


def test_progress_counts_only_people_who_can_vote(session):
    """Progress shows who voted by pseudonym, out of the young people and service users still taking part."""
    cid = _commission(session)
    amir, bea, _ = _people(session, cid, "Amir", "Bea", "Cal")
    _people(session, cid, "Dee", role=Role.SERVICE_USER)
    _people(session, cid, "Worker", role=Role.FACILITATOR)
    _people(session, cid, "Gone", withdrawn_on=date(2024, 5, 1))
    opened = _open(session, cid)
    jobs = {_ids(opened)["Jobs"]: 1}
    voting.cast_ballot(session, round_id=opened.id, participant_id=bea, choices=jobs)
    voting.cast_ballot(session, round_id=opened.id, participant_id=amir, choices=jobs)
    progress = voting.round_progress(session, round_id=opened.id)
    assert (progress.ballots_cast, progress.eligible_voters) == (2, 4)
    assert [(v.participant_id, v.pseudonym) for v in progress.voted] == [(amir, "Amir"), (bea, "Bea")]
    assert voting.get_round(session, round_id=opened.id).eligible_voters == 4


def _entries(session, commission_id) -> list[AuditEntry]:
    return list(
        session.scalars(
            select(AuditEntry).where(AuditEntry.commission_id == commission_id).order_by(AuditEntry.sequence)
        )
    )


def test_anonymous_round_audit_records_no_voter_and_no_choices(session):
    """In an anonymous round the audit log says a ballot was cast, never by whom or for what."""
    cid = _commission(session)
    (amir,) = _people(session, cid, "Amir")
    opened = _open(session, cid)
    ids = _ids(opened)
    cast = voting.cast_ballot(session, round_id=opened.id, participant_id=amir, choices={ids["Jobs"]: 2})
    voting.cast_ballot(
        session, round_id=opened.id, participant_id=amir, choices={ids["Safe estate"]: 1}, replace_handle=cast.handle
    )
    (ballot_id,) = session.scalars(select(Ballot.id).where(Ballot.round_id == opened.id))
    voting.remove_ballot(session, round_id=opened.id, participant_id=amir, handle=cast.handle)
    entries = _entries(session, cid)
    ballot_entries = [e for e in entries if e.action.startswith("ballot.")]
    assert [(e.action, e.summary) for e in ballot_entries] == [
        ("ballot.cast", f"Vote cast in round {opened.id}"),
        ("ballot.cast", f"Vote changed in round {opened.id}"),
        ("ballot.removed", f"Vote taken back in round {opened.id}"),
    ]
    for entry in ballot_entries:
        details = json.loads(entry.details_json)
        # The round, and at most that someone voted (the record of their turnout), never their ballot.
        assert details["round_id"] == opened.id
        assert set(details) <= {"round_id", "record", "removed"}
        referred = [details["record"]] if "record" in details else details["removed"]
        assert [table for table, _ in referred] == ["round_voter"]
    for entry in entries:
        for secret in (amir, "Amir", ballot_id, cast.handle):
            assert secret not in entry.summary and secret not in entry.details_json


def test_named_round_audit_records_the_voter_id_but_never_a_name(session):
    """In a round that is not anonymous the audit log names the voter by id only."""
    cid = _commission(session)
    (amir,) = _people(session, cid, "Amir")
    opened = _open(session, cid, anonymous=False)
    voting.cast_ballot(session, round_id=opened.id, participant_id=amir, choices={_ids(opened)["Jobs"]: 1})
    (cast,) = [e for e in _entries(session, cid) if e.action == "ballot.cast"]
    details = json.loads(cast.details_json)
    assert details == {"round_id": opened.id, "participant_id": amir, "record": ["ballot", details["record"][1]]}
    assert cast.record_digest is not None
    assert "Amir" not in cast.summary + cast.details_json


def test_casting_a_ballot_announces_the_round_and_ballot(database):
    """A committed ballot reports that the round and its ballots changed, so the wall refreshes."""
    with database.unit_of_work() as session:
        cid = _commission(session)
        (amir,) = _people(session, cid, "Amir")
        opened = _open(session, cid)
    jobs = {_ids(opened)["Jobs"]: 1}
    performed = perform(database, voting.cast_ballot, round_id=opened.id, participant_id=amir, choices=jobs)
    assert performed.changes.touches("ballot", "vote_round")
    assert performed.changes.by_kind["vote_round"] == frozenset({opened.id})
    with database.unit_of_work() as session:
        progress = voting.round_progress(session, round_id=opened.id)
        assert (progress.ballots_cast, progress.eligible_voters) == (1, 1)


# --------------------------------------------------------------------------- anonymous rounds


def test_anonymous_ballot_names_nobody_keeps_no_time_and_its_handle_is_not_stored(database):
    """An anonymous ballot stores no participant and no cast time; the voter is recorded apart, and
    the secret handle returned to the caller is stored nowhere, only its digest."""
    with database.unit_of_work() as session:
        cid = _commission(session)
        (amir,) = _people(session, cid, "Amir")
        opened = _open(session, cid)
        cast = voting.cast_ballot(session, round_id=opened.id, participant_id=amir, choices={_ids(opened)["Jobs"]: 2})
    assert cast.participant_id is None and cast.cast_at is None
    assert cast.handle and len(cast.handle) >= 32 and cast.handle not in repr(cast)
    with database.unit_of_work() as session:
        (ballot,) = session.scalars(select(Ballot).where(Ballot.round_id == opened.id))
        assert (ballot.participant_id, ballot.cast_at) == (None, None)
        assert ballot.handle_hash is not None and cast.handle not in ballot.handle_hash
        (voter,) = session.scalars(select(RoundVoter).where(RoundVoter.round_id == opened.id))
        assert voter.participant_id == amir and voter.id != ballot.id
        assert [(b.participant_id, b.cast_at) for b in voting.list_ballots(session, round_id=opened.id)] == [(None, None)]
        progress = voting.round_progress(session, round_id=opened.id)
        assert (progress.ballots_cast, progress.eligible_voters) == (1, 1)
        assert voting.get_round(session, round_id=opened.id).ballots_cast == 1
        with database.engine.connect() as raw:
            for table in whole_schema().sorted_tables:
                for row in raw.execute(select(table)):
                    assert all(cast.handle not in str(value) for value in row), table.name


def test_anonymous_ballot_is_replaced_only_through_its_handle(session):
    """Someone who has voted in an anonymous round is refused a second ballot unless the caller holds
    the first one's handle; with it the ballot is replaced and still counts once."""
    cid = _commission(session)
    (amir,) = _people(session, cid, "Amir")
    opened = _open(session, cid)
    ids = _ids(opened)
    first = voting.cast_ballot(session, round_id=opened.id, participant_id=amir, choices={ids["Jobs"]: 3})
    with pytest.raises(RuleBroken, match="Amir has already voted in this anonymous round; their ballot can only be "
                       "changed from the device or console session that cast it"):
        voting.cast_ballot(session, round_id=opened.id, participant_id=amir, choices={ids["Music studio"]: 1})
    with pytest.raises(RuleBroken, match="cannot be changed"):
        voting.cast_ballot(
            session, round_id=opened.id, participant_id=amir, choices={ids["Music studio"]: 1}, replace_handle="guess"
        )
    again = voting.cast_ballot(
        session, round_id=opened.id, participant_id=amir, choices={ids["Music studio"]: 2}, replace_handle=first.handle
    )
    assert again.handle == first.handle and again.choices == {ids["Music studio"]: 2}
    assert [b.choices for b in voting.list_ballots(session, round_id=opened.id)] == [{ids["Music studio"]: 2}]
    assert voting.tally_round(session, round_id=opened.id).scores[ids["Music studio"]] == 2.0
    assert session.scalar(select(func.count()).select_from(RoundVoter)) == 1


def test_anonymous_ballot_lines_are_written_once_per_ballot(session):
    """Casting or changing an anonymous ballot writes the round's lines once, in the shuffled rewrite: not
    first in voting order and then again (the console keys every ballot through this, so it is timed)."""
    cid = _commission(session)
    amir, bea = _people(session, cid, "Amir", "Bea")
    opened = _open(session, cid)
    ids = _ids(opened)
    voting.cast_ballot(session, round_id=opened.id, participant_id=amir, choices={ids["Jobs"]: 2})
    writes: list[str] = []

    def note(_connection, _cursor, statement, _parameters, _context, _executemany) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO BALLOT_CHOICE"):
            writes.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", note)
    try:
        first = voting.cast_ballot(
            session, round_id=opened.id, participant_id=bea, choices={ids["Jobs"]: 1, ids["Music studio"]: 1}
        )
        voting.cast_ballot(
            session, round_id=opened.id, participant_id=bea, choices={ids["Safe estate"]: 3}, replace_handle=first.handle
        )
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert len(writes) == 2
    assert first.choices == {ids["Jobs"]: 1, ids["Music studio"]: 1}
    assert sorted(tuple(b.choices.items()) for b in voting.list_ballots(session, round_id=opened.id)) == sorted(
        [((ids["Jobs"], 2),), ((ids["Safe estate"], 3),)]
    )


def test_the_rewrite_shuffles_every_row_and_loses_none():
    """The order an anonymous round's rows are written in is a fresh secret permutation each time."""
    rows = [{"id": f"row {number:02d}", "value": number % 3} for number in range(50)]
    orders = [voting._shuffled(rows) for _ in range(5)]
    for order in orders:
        assert sorted(order, key=lambda row: row["id"]) == rows
    assert rows not in orders
    assert len({tuple(row["id"] for row in order) for order in orders}) == 5
    assert voting._shuffled([]) == []


def test_anonymous_ballot_is_taken_back_only_through_its_handle(session):
    """Undoing an anonymous ballot needs its handle, and removes both that the person voted and the ballot."""
    cid = _commission(session)
    amir, bea = _people(session, cid, "Amir", "Bea")
    opened = _open(session, cid)
    jobs = {_ids(opened)["Jobs"]: 1}
    voting.cast_ballot(session, round_id=opened.id, participant_id=amir, choices=jobs)
    bea_cast = voting.cast_ballot(session, round_id=opened.id, participant_id=bea, choices={_ids(opened)["Music studio"]: 2})
    with pytest.raises(RuleBroken, match="only be taken back from the device or console session that cast it"):
        voting.remove_ballot(session, round_id=opened.id, participant_id=bea)
    with pytest.raises(NotFound):
        voting.remove_ballot(session, round_id=opened.id, participant_id=bea, handle="guess")
    after = voting.remove_ballot(session, round_id=opened.id, participant_id=bea, handle=bea_cast.handle)
    assert after.ballots_cast == 1
    assert [v.participant_id for v in voting.round_progress(session, round_id=opened.id).voted] == [amir]
    assert [b.choices for b in voting.list_ballots(session, round_id=opened.id)] == [jobs]
    # Bea may vote afresh.
    voting.cast_ballot(session, round_id=opened.id, participant_id=bea, choices=jobs)


def test_anonymous_ballots_are_stored_apart_from_the_order_people_voted_in(database):
    """However the database orders rows it was not asked to order, an anonymous round's ballots do not come
    back in the order their voters voted: all are written again, in a random order, by each vote (on
    PostgreSQL they then share one creating transaction)."""
    with database.unit_of_work() as session:
        cid = _commission(session)
        people = _people(session, cid, *[f"Person {n}" for n in range(12)])
        opened = _open(session, cid, method="score", labels=("A", "B"), score_min=0, score_max=20)
    option = _ids(opened)["A"]
    for score, person in enumerate(people):
        with database.unit_of_work() as session:
            voting.cast_ballot(session, round_id=opened.id, participant_id=person, choices={option: score})
    postgresql = database.engine.dialect.name == "postgresql"
    with database.engine.connect() as raw:
        stored = [
            row[0]
            for row in raw.exec_driver_sql(
                "SELECT ballot_choice.value FROM ballot_choice"
            )
        ]
        assert sorted(stored) == list(range(12))
        assert stored != list(range(12))
        if postgresql:
            creators = {row[0] for row in raw.exec_driver_sql("SELECT xmin::text FROM ballot UNION SELECT xmin::text FROM ballot_choice")}
            assert len(creators) == 1


def test_two_laptops_voting_at_once_on_a_server_keep_both_ballots(database, monkeypatch):
    """On a shared server, a vote cast while another laptop is rewriting the anonymous round waits for it, so
    the rewrite never deletes a ballot the other laptop saved in between."""
    import threading
    import time

    from sqlalchemy import text

    if database.engine.dialect.name != "postgresql":
        pytest.skip("SQLite lets one writer in at a time")

    def setup(session):
        cid = _commission(session)
        people = _people(session, cid, "Amir", "Bea")
        opened = _open(session, cid)
        return opened.id, _ids(opened)["Jobs"], people

    round_id, jobs, (amir, bea) = perform(database, setup).result
    other_laptop_done = threading.Event()
    finished_early = []
    real_shuffle = voting._shuffled

    def other_laptop():
        perform(database, voting.cast_ballot, round_id=round_id, participant_id=bea, choices={jobs: 2})
        other_laptop_done.set()

    worker = threading.Thread(target=other_laptop)

    def other_laptop_waits_on_a_lock() -> bool:
        """Whether a connection to this database is waiting for a lock (the other laptop's cast)."""
        with database.engine.connect() as watcher:
            return bool(
                watcher.scalar(
                    text(
                        "SELECT count(*) FROM pg_stat_activity"
                        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                    )
                )
            )

    def finished_before_it_had_to_wait() -> bool:
        """True once the other laptop's vote is saved, False once it is seen waiting for this laptop's lock."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if other_laptop_done.is_set():
                return True
            if other_laptop_waits_on_a_lock():
                return other_laptop_done.is_set()
            time.sleep(0.01)
        raise AssertionError("the other laptop neither saved its vote nor waited for a lock within 10 seconds")

    def shuffle_after_the_other_laptop_tries(rows):
        # This laptop has read the round's ballots; the other now casts and would commit in between.
        if threading.current_thread() is threading.main_thread() and not worker.is_alive() and not finished_early:
            worker.start()
            finished_early.append(finished_before_it_had_to_wait())
        return real_shuffle(rows)

    monkeypatch.setattr(voting, "_shuffled", shuffle_after_the_other_laptop_tries)
    perform(database, voting.cast_ballot, round_id=round_id, participant_id=amir, choices={jobs: 1})
    worker.join(10)
    assert finished_early == [False]  # it waited for this laptop's vote to be saved
    assert other_laptop_done.is_set()
    ballots = read(database, lambda session: voting.list_ballots(session, round_id=round_id))
    assert sorted(ballot.choices[jobs] for ballot in ballots) == [1, 2]


def test_a_lot_changed_outside_the_app_is_listed_by_the_check_and_refused_by_the_count(session):
    """A lot missing an option, or drawn before voting closed, is a rule break; the count says so plainly."""
    from cocommission.model import VoteRound
    from cocommission.services.integrity import rule_breaks

    cid, round_id, a, b, c = _split_round(session)
    stored = session.get(VoteRound, round_id)
    stored.lot_order = json.dumps([a, b])
    session.flush()
    assert set(rule_breaks(session, commission_id=cid)) == {
        f"round {round_id}: its lot leaves out option {c}",
        f"round {round_id}: a lot is drawn but voting has not closed",
    }
    with pytest.raises(InvalidInput, match="This round cannot be counted: .*its lot leaves out option"):
        voting.tally_round(session, round_id=round_id)
    stored.lot_order = "not a list"
    session.flush()
    with pytest.raises(InvalidInput, match="its lot is not a list of this round's options"):
        voting.tally_round(session, round_id=round_id)
