"""The Qt-free domain: mapped classes for a commission's whole cycle, and pure rules.

Importing this package registers every mapped class on ``Base.metadata``.
"""

from cocommission.model.audit import AuditEntry
from cocommission.model.base import Base, new_id, utcnow
from cocommission.model.bids import Bid, Bidder, ConflictDeclaration, InterviewQuestion, ModeratedScore, Score
from cocommission.model.commission import Commission, Currency, HonorariumBasis, Stage
from cocommission.model.decision import Decision, FundedBid
from cocommission.model.feedback import FeedbackQuestion, FeedbackResponse, FeedbackSheet, QuestionKind
from cocommission.model.outcomes import OutcomeStatement, OutcomeStatus
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
from cocommission.model.tender import EvaluationCriterion, Tender, TenderSection, TenderStatus, TenderVersion
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
    "COUNT_METHODS", "AgendaItem", "Attendance", "AuditEntry", "Ballot", "BallotChoice", "Base", "Bid",
    "Bidder", "Commission", "ConflictDeclaration", "CountMethod", "Currency", "Decision",
    "EvaluationCriterion", "FeedbackQuestion", "FeedbackResponse", "FeedbackSheet", "FundedBid",
    "HonorariumBasis", "InterviewQuestion", "JoinCard", "ModeratedScore", "OutcomeStatement", "OutcomeStatus",
    "PaperTally", "Participant", "Payment", "PaymentMethod", "QuestionKind", "Role", "RoomPhone", "RoundState", "RoundVoter",
    "Score", "SpeakingTurn", "Stage", "Tender", "TenderSection", "TenderStatus", "TenderVersion",
    "TieBreak", "Visibility", "VoteMethod", "VoteOption", "VoteRound", "Workshop", "new_id", "utcnow",
]
