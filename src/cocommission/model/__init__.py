"""The Qt-free domain: mapped classes for a commission's whole cycle, and pure rules.

A mapped class's module is loaded the first time the class is asked for (``from cocommission.model
import Bid`` loads ``model.bids``), not when this package is. Defining the mapped classes is a good
part of the time the window takes to open, and the first screen needs only a few of them: the
rest load as the pages that use them are made. Each module imports the modules of the tables its
foreign keys name, so whatever is loaded can always be written. Code that needs every table at
once (migrations, the interchange file, finding free text, checking the audit log's rows) asks
``whole_schema()``.
"""

from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING, Any

from sqlalchemy import MetaData

from cocommission.model.base import Base, new_id, utcnow

#: The names each module gives this package: ``model.<module>`` defines them.
_NAMES_IN: dict[str, tuple[str, ...]] = {
    "audit": ("AuditEntry",),
    "bids": ("Bid", "Bidder", "ConflictDeclaration", "InterviewQuestion", "ModeratedScore", "Score"),
    "commission": ("Commission", "Currency", "HonorariumBasis", "Stage"),
    "decision": ("Decision", "FundedBid"),
    "feedback": ("FeedbackQuestion", "FeedbackResponse", "FeedbackSheet", "QuestionKind"),
    "outcomes": ("OutcomeStatement", "OutcomeStatus"),
    "people": (
        "AgendaItem", "Attendance", "Participant", "Payment", "PaymentMethod", "Role", "SpeakingTurn", "Workshop",
    ),
    "room": ("JoinCard", "RoomPhone"),
    "tender": ("EvaluationCriterion", "Tender", "TenderSection", "TenderStatus", "TenderVersion"),
    "voting": (
        "COUNT_METHODS", "Ballot", "BallotChoice", "CountMethod", "PaperTally", "RoundState", "RoundVoter",
        "TieBreak", "Visibility", "VoteMethod", "VoteOption", "VoteRound",
    ),
}  # fmt: skip
_MODULE_OF = {name: module for module, names in _NAMES_IN.items() for name in names}

#: Every module that maps tables.
MAPPED_MODULES: tuple[str, ...] = tuple(_NAMES_IN)


def __getattr__(name: str) -> Any:
    """Load the module that defines ``name`` the first time it is asked for (PEP 562)."""
    try:
        module = _MODULE_OF[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


@cache
def whole_schema() -> MetaData:
    """The metadata with every table mapped: each module is loaded the first time it is asked for.

    Kept after the first call, as audit checks and erasure ask once per record they look at.
    """
    for module in MAPPED_MODULES:
        import_module(f"{__name__}.{module}")
    return Base.metadata


if TYPE_CHECKING:
    from cocommission.model.audit import AuditEntry
    from cocommission.model.bids import (
        Bid,
        Bidder,
        ConflictDeclaration,
        InterviewQuestion,
        ModeratedScore,
        Score,
    )
    from cocommission.model.commission import (
        Commission,
        Currency,
        HonorariumBasis,
        Stage,
    )
    from cocommission.model.decision import Decision, FundedBid
    from cocommission.model.feedback import (
        FeedbackQuestion,
        FeedbackResponse,
        FeedbackSheet,
        QuestionKind,
    )
    from cocommission.model.outcomes import (
        OutcomeStatement,
        OutcomeStatus,
    )
    from cocommission.model.people import (
        AgendaItem,
        Attendance,
        Participant,
        Payment,
        PaymentMethod,
        Role,
        SpeakingTurn,
        Workshop,
    )
    from cocommission.model.room import JoinCard, RoomPhone
    from cocommission.model.tender import (
        EvaluationCriterion,
        Tender,
        TenderSection,
        TenderStatus,
        TenderVersion,
    )
    from cocommission.model.voting import (
        COUNT_METHODS,
        Ballot,
        BallotChoice,
        CountMethod,
        PaperTally,
        RoundState,
        RoundVoter,
        TieBreak,
        Visibility,
        VoteMethod,
        VoteOption,
        VoteRound,
    )

__all__ = [
    "COUNT_METHODS", "MAPPED_MODULES", "AgendaItem", "Attendance", "AuditEntry", "Ballot", "BallotChoice", "Base",
    "Bid", "Bidder", "Commission", "ConflictDeclaration", "CountMethod", "Currency", "Decision",
    "EvaluationCriterion", "FeedbackQuestion", "FeedbackResponse", "FeedbackSheet", "FundedBid",
    "HonorariumBasis", "InterviewQuestion", "JoinCard", "ModeratedScore", "OutcomeStatement", "OutcomeStatus",
    "PaperTally", "Participant", "Payment", "PaymentMethod", "QuestionKind", "Role", "RoomPhone", "RoundState",
    "RoundVoter", "Score", "SpeakingTurn", "Stage", "Tender", "TenderSection", "TenderStatus", "TenderVersion",
    "TieBreak", "Visibility", "VoteMethod", "VoteOption", "VoteRound", "Workshop", "new_id", "utcnow",
    "whole_schema",
]  # fmt: skip
