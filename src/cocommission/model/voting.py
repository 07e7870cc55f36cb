"""Vote rounds on the wall: dot voting, ranking, approval and scores.

A round's rules are frozen once it opens, so nobody can change the budget or
the options after people have started voting.
"""

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

# The tables this module's foreign keys name are mapped whenever its own are (see cocommission.model).
from cocommission.model import commission, outcomes, people  # noqa: F401
from cocommission.model.base import Base, enum_column, id_column, utcnow


class VoteMethod(enum.StrEnum):
    """How people express their choices in a round."""

    DOTS = "dots"
    RANKING = "ranking"
    APPROVAL = "approval"
    SCORE = "score"


class CountMethod(enum.StrEnum):
    """How a round's ballots are counted; ranking rounds choose one of three."""

    DOTS = "dots"
    BORDA = "borda"
    SCHULZE = "schulze"
    IRV = "irv"
    APPROVAL = "approval"
    SCORE = "score"


#: The count methods that suit each way of voting; the first is the default.
COUNT_METHODS: dict[VoteMethod, tuple[CountMethod, ...]] = {
    VoteMethod.DOTS: (CountMethod.DOTS,),
    VoteMethod.RANKING: (CountMethod.BORDA, CountMethod.SCHULZE, CountMethod.IRV),
    VoteMethod.APPROVAL: (CountMethod.APPROVAL,),
    VoteMethod.SCORE: (CountMethod.SCORE,),
}


class TieBreak(enum.StrEnum):
    """How an instant-runoff count chooses which option to drop when several tie for fewest.

    Chosen before the round opens and frozen with its other rules, so nobody picks the rule
    after seeing whom it favours.
    """

    #: Drop the one with fewest votes in the earlier counts of this round; if still tied, the lot.
    EARLIER_COUNTS_THEN_LOT = "earlier_counts_then_lot"
    #: Go straight to the lot the facilitator draws.
    LOT = "lot"


class Visibility(enum.StrEnum):
    """Whether the wall shows results as they come in or only after a reveal."""

    LIVE = "live"
    HIDDEN_UNTIL_REVEAL = "hidden_until_reveal"


class RoundState(enum.StrEnum):
    """The life of a round: draft → open → closed → revealed."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    REVEALED = "revealed"


class VoteRound(Base):
    """One vote the group takes, with the rules everyone votes under."""

    __tablename__ = "vote_round"

    id: Mapped[str] = id_column()
    commission_id: Mapped[str] = mapped_column(ForeignKey("commission.id", ondelete="CASCADE"), index=True)
    workshop_id: Mapped[str | None] = mapped_column(ForeignKey("workshop.id", ondelete="SET NULL"), default=None)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    method: Mapped[VoteMethod] = mapped_column(enum_column(VoteMethod, "vote_method"))
    count_method: Mapped[CountMethod] = mapped_column(enum_column(CountMethod, "count_method"))
    dots_per_person: Mapped[int] = mapped_column(Integer, default=5)
    max_dots_per_option: Mapped[int] = mapped_column(Integer, default=3)
    score_min: Mapped[int] = mapped_column(Integer, default=0)
    score_max: Mapped[int] = mapped_column(Integer, default=5)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=True)
    visibility: Mapped[Visibility] = mapped_column(
        enum_column(Visibility, "visibility"), default=Visibility.LIVE
    )
    state: Mapped[RoundState] = mapped_column(enum_column(RoundState, "round_state"), default=RoundState.DRAFT)
    tie_break: Mapped[TieBreak] = mapped_column(
        enum_column(TieBreak, "tie_break"), default=TieBreak.EARLIER_COUNTS_THEN_LOT
    )
    #: The order a lot put the options in, as a JSON list of option ids, luckiest first: drawn
    #: only when a count needs it, then kept so every later count of the round agrees.
    lot_order: Mapped[str | None] = mapped_column(Text, default=None)
    opened_at: Mapped[datetime | None] = mapped_column(default=None)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    revealed_at: Mapped[datetime | None] = mapped_column(default=None)


class VoteOption(Base):
    """One choice on the wall, often an outcome statement."""

    __tablename__ = "vote_option"

    id: Mapped[str] = id_column()
    round_id: Mapped[str] = mapped_column(ForeignKey("vote_round.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(Text)
    outcome_id: Mapped[str | None] = mapped_column(
        ForeignKey("outcome_statement.id", ondelete="SET NULL"), default=None
    )


class RoundVoter(Base):
    """That a participant has voted in a round: turnout, and one ballot each.

    Kept apart from the ballots themselves so that, in an anonymous round, nothing stored
    ties a person to what they chose.
    """

    __tablename__ = "round_voter"
    __table_args__ = (UniqueConstraint("round_id", "participant_id"),)

    id: Mapped[str] = id_column()
    round_id: Mapped[str] = mapped_column(ForeignKey("vote_round.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    voted_at: Mapped[datetime] = mapped_column(default=utcnow)


class Ballot(Base):
    """What was chosen in a round.

    In a named round the ballot names its participant and when it was cast; casting again
    replaces it. In an anonymous round it names no one and keeps no time of its own: it can be
    replaced only through ``handle_hash``, the digest of a secret handle that only the voter's
    device or the console's one-time session holds. Without a rowid (SQLite), ballots are stored
    in the order of their random ids, not in the order they were cast.
    """

    __tablename__ = "ballot"
    __table_args__ = (UniqueConstraint("round_id", "participant_id"), {"sqlite_with_rowid": False})

    id: Mapped[str] = id_column()
    round_id: Mapped[str] = mapped_column(ForeignKey("vote_round.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[str | None] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True, default=None
    )
    cast_at: Mapped[datetime | None] = mapped_column(default=None)
    handle_hash: Mapped[str | None] = mapped_column(String(64), default=None, unique=True)


class BallotChoice(Base):
    """One line of a ballot: dots on an option, its rank (1 = first), approval (1) or score.

    Counting a round reads every line of its ballots; ``ix_ballot_choice_lines`` holds all a
    count reads of a line, so the count never looks the line itself up (a round of thousands of
    voters holds tens of thousands of lines).
    """

    __tablename__ = "ballot_choice"
    __table_args__ = (
        UniqueConstraint("ballot_id", "option_id"),
        Index("ix_ballot_choice_lines", "ballot_id", "option_id", "value"),
        {"sqlite_with_rowid": False},
    )

    id: Mapped[str] = id_column()
    ballot_id: Mapped[str] = mapped_column(ForeignKey("ballot.id", ondelete="CASCADE"), index=True)
    option_id: Mapped[str] = mapped_column(ForeignKey("vote_option.id", ondelete="CASCADE"), index=True)
    value: Mapped[int] = mapped_column(Integer)


class PaperTally(Base):
    """Dots counted off a paper sheet on the wall, where nobody knows who placed them."""

    __tablename__ = "paper_tally"

    id: Mapped[str] = id_column()
    round_id: Mapped[str] = mapped_column(ForeignKey("vote_round.id", ondelete="CASCADE"), index=True)
    option_id: Mapped[str] = mapped_column(ForeignKey("vote_option.id", ondelete="CASCADE"), index=True)
    dots: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(120), default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
