"""Recording a ballot that was made somewhere: the page's form, the console's keypad, a phone.

Every place a ballot is made hands the same plain ``BallotSubmission`` to ``record_ballot``,
which casts it through ``voting.cast_ballot`` (the rules, the audit entry, anonymity) in the
caller's one unit of work. A device may give its ballot an id of its own: if the same
submission arrives twice (a phone that lost the answer sends again), the second is recognised
and nothing changes, so a retry can never overwrite a later correction or bring back a ballot
that was taken back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from cocommission.services.voting import BallotRow, Choices, cast_ballot, submission_recorded


@dataclass(frozen=True)
class BallotSubmission:
    """One voter's finished ballot, ready to record.

    ``choices`` is in the shape ``cast_ballot`` takes. ``replace_handle`` is the secret handle of
    the voter's earlier ballot in an anonymous round, when this one replaces it.
    ``submission_id`` is the id the device that made the ballot gave it, if it gave one.
    ``new_handle`` is the handle a device made for its first ballot in an anonymous round
    (``cast_ballot`` makes one when it is None).
    """

    round_id: str
    participant_id: str
    choices: Choices
    replace_handle: str | None = None
    submission_id: str | None = None
    new_handle: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class RecordedBallot:
    """What recording a ballot did.

    ``ballot`` is the ballot as cast (with its secret handle in an anonymous round), or None when
    the submission had been recorded already and nothing changed (``replayed``). ``replaced``
    says the voter had voted before, so this ballot took the place of theirs.
    """

    ballot: BallotRow | None
    replaced: bool = False

    @property
    def replayed(self) -> bool:
        """Whether this submission had been recorded before, so nothing was done this time."""
        return self.ballot is None


def record_ballot(session: Session, *, ballot: BallotSubmission) -> RecordedBallot:
    """Record one voter's ballot in its round, unless this very submission is recorded already."""
    if ballot.submission_id is not None and submission_recorded(
        session, round_id=ballot.round_id, participant_id=ballot.participant_id, submission_id=ballot.submission_id
    ):
        return RecordedBallot(ballot=None)
    cast = cast_ballot(
        session,
        round_id=ballot.round_id,
        participant_id=ballot.participant_id,
        choices=ballot.choices,
        replace_handle=ballot.replace_handle,
        submission_id=ballot.submission_id,
        new_handle=ballot.new_handle,
    )
    return RecordedBallot(ballot=cast, replaced=cast.replaced)
