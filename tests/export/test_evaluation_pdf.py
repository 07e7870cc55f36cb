"""The printed bid evaluation report: what a commissioner reading the PDF finds in it."""

from __future__ import annotations

from datetime import date

import pytest

from cocommission.export.evaluation_pdf import evaluation_pdf
from cocommission.services import bids, commissions, panellists, participants, scores, tender
from cocommission.services.demo import BIDS, CRITERIA, YOUNG_PEOPLE
from cocommission.services.errors import InvalidInput
from cocommission.services.evaluation import evaluate
from cocommission.services.perform import perform, read
from cocommission.wording import number_text


def _report(database, commission_id: str) -> bytes:
    return read(database, lambda s: evaluation_pdf(s, commission_id=commission_id))


def _small_commission(session, *, criteria: bool = True, shortlisted: bool = True) -> str:
    """Two bids a one-person panel scored identically, so their totals tie."""
    commission = commissions.create_commission(session, title="Summer holiday scheme")
    if criteria:
        tender.set_criteria(
            session,
            commission_id=commission.id,
            criteria=[("Led by young people", "", 60), ("Value for money", "", 40)],
        )
    panellist = participants.add_participant(
        session,
        commission_id=commission.id,
        pseudonym="River",
        full_name="Rivka Złotowska",
        consent_on=date(2026, 1, 5),
    )
    panellists.set_panellist(session, participant_id=panellist.id, is_panellist=True)
    for bidder in ("Arches Arts", "Boxing Club"):
        bid = bids.add_bid_with_bidder(
            session,
            commission_id=commission.id,
            bidder_name=bidder,
            title=f"{bidder} summer",
            amount_minor=500_000,
        )
        if shortlisted:
            bids.set_shortlisted(session, bid_id=bid.id, shortlisted=True)
            for criterion in tender.list_criteria(session, commission_id=commission.id):
                scores.record_score(
                    session, bid_id=bid.id, criterion_id=criterion.id, panellist_id=panellist.id, value=4
                )
    return commission.id


def test_report_lists_every_criterion_weight_bid_total_and_the_ranking(database, example, pages):
    """Every criterion with its weight, every shortlisted bid's weighted total and the ranking are printed."""
    text = " ".join(pages(_report(database, example)))
    evaluation = read(database, lambda s: evaluate(s, commission_id=example))
    shortlisted = read(database, lambda s: bids.list_bids(s, commission_id=example, shortlisted_only=True))
    titles = {bid.id: bid.title for bid in shortlisted}

    for name, description, weight in CRITERIA:
        assert f"{name} {description} {weight}%" in text  # the criteria table
        assert f"{name} ({weight}%)" in text  # a score table's column
    assert len(evaluation.result.bids) == 3
    for result in evaluation.result.bids:
        assert f"{number_text(round(result.weighted_total, 2))} / 100" in text
    talent, mentoring, sport = (bid[2] for bid in BIDS[:3])
    assert f"1st {talent} Southside Youth Collective £19,500.00 78.6 / 100" in text
    assert f"2nd {mentoring} Pathways Mentoring CIC £20,000.00 72 / 100" in text
    assert f"3rd {sport} Active Estates Trust £18,000.00 69.75 / 100" in text
    assert f"Final order: 1st {talent}; 2nd {mentoring}; 3rd {sport}." in text  # the steps
    assert "Online Skills for Life" not in text  # not shortlisted, so not scored
    assert set(titles.values()) == {talent, mentoring, sport}


def test_report_shows_each_panellists_scores_by_pseudonym_and_each_moderation_with_its_reason(
    database, example, pages
):
    """Individual scores appear under panellists' pseudonyms; moderated scores show the mean they replaced and why."""
    text = " ".join(pages(_report(database, example)))

    assert "Blaze 5 4 3 3 3" in text  # Blaze's five scores for the talent show, criterion by criterion
    assert "Ngozi 1 4 5 4 5" in text  # Ngozi's for mentoring
    assert "Moderated 2 — — — —" in text
    assert "the panel agreed 2 in place of the mean of 2.2" in text
    assert "Reason: The panel agreed young people advise the mentors but do not lead anything." in text
    assert "Score used 2 4.2 4.6 3.8 4.6" in text
    assert "Points 12 21 18.4 11.4 9.2" in text


def test_report_lists_conflicts_by_pseudonym_with_the_bid_the_nature_and_no_score(database, example, pages):
    """A declared conflict shows who (by pseudonym), for which bid, its nature, and that they did not score it."""
    text = " ".join(pages(_report(database, example)))

    assert (
        "Kiki Friday Night Street Sport Active Estates Trust A close family member coaches for this organisation."
        in text
    )
    assert "Did not score this bid" in text
    assert "Kiki has declared a conflict of interest with this bid and did not score it" in text
    sport_section = text[text.index("3rd: Friday Night Street Sport") :]
    assert "Kiki" not in sport_section[: sport_section.index("Mean")]  # no row of scores for Kiki


def test_a_wide_spread_of_scores_is_flagged(database, example, pages):
    """When panellists' scores differ by more than 40% of the scale, the spread is marked wide and explained."""

    def disagree(session):
        sport = next(
            bid
            for bid in bids.list_bids(session, commission_id=example, shortlisted_only=True)
            if bid.title == BIDS[2][2]
        )
        value_for_money = tender.list_criteria(session, commission_id=example)[3]
        blaze = next(
            p for p in panellists.list_panellists(session, commission_id=example) if p.pseudonym == "Blaze"
        )
        scores.record_score(
            session, bid_id=sport.id, criterion_id=value_for_money.id, panellist_id=blaze.id, value=0
        )

    perform(database, disagree)
    text = " ".join(pages(_report(database, example)))

    assert "Spread 1 1 1 5 (wide) 1" in text
    assert "Wide disagreement on “Value for money”: scores ranged from 0 to 5, a spread of 5" in text
    assert "Wide disagreement on 1 criterion" in text  # the ranking's notes


def test_tied_bids_share_a_place(database, pages):
    """Two bids with equal weighted totals are both shown as "=1st", not split."""
    commission_id = perform(database, _small_commission).result
    text = " ".join(pages(_report(database, commission_id)))

    assert "=1st Arches Arts summer Arches Arts £5,000.00 80 / 100" in text
    assert "=1st Boxing Club summer Boxing Club £5,000.00 80 / 100" in text
    assert "Tie between" in text


def test_report_names_nobody(database, example, pages):
    """Panellists appear only by pseudonym: no young person's full name is printed."""
    text = " ".join(pages(_report(database, example)))

    for _, full_name, *_ in YOUNG_PEOPLE:
        assert full_name not in text
    for name in ("Zoë", "Łukasz", "Ахмед", "Marcus"):
        assert name not in text
    assert "Blaze" in text


@pytest.mark.parametrize(
    "setup, message",
    [
        ({"criteria": False}, "no evaluation criteria"),
        ({"shortlisted": False}, "No bids are shortlisted"),
    ],
)
def test_report_refused_without_criteria_or_a_shortlist(database, setup, message):
    """With no criteria, or no bid shortlisted, the report is refused with a clear reason, not printed empty."""
    commission_id = perform(database, lambda s: _small_commission(s, **setup)).result

    with pytest.raises(InvalidInput, match=message):
        _report(database, commission_id)
