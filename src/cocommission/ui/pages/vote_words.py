"""The words the Priorities page uses for ways of voting, counts, tie-breaks and visibility.

Kept in one place so the round list, the rules form and the results say the
same thing in the same words, and so translators meet each phrase once. Round states, places
and "7 of 9 have voted" are shared with the wall and the documents, so they live in
``cocommission.wording``.
"""

from __future__ import annotations

from cocommission.model import CountMethod, TieBreak, Visibility, VoteMethod
from cocommission.wording import translator

_tr = translator("VoteWords")


def method_name(method: VoteMethod) -> str:
    """How people vote, in the facilitator's words."""
    return {
        VoteMethod.DOTS: _tr("Dot voting"),
        VoteMethod.RANKING: _tr("Ranking"),
        VoteMethod.APPROVAL: _tr("Approval (tick all you like)"),
        VoteMethod.SCORE: _tr("Scores"),
    }[method]


def short_method_name(method: VoteMethod) -> str:
    """How people vote, in a word, for lists."""
    return {
        VoteMethod.DOTS: _tr("Dots"),
        VoteMethod.RANKING: _tr("Ranking"),
        VoteMethod.APPROVAL: _tr("Approval"),
        VoteMethod.SCORE: _tr("Scores"),
    }[method]


def count_name(count: CountMethod) -> str:
    """How a round is counted."""
    return {
        CountMethod.DOTS: _tr("Total dots"),
        CountMethod.BORDA: _tr("Borda count (points for each place)"),
        CountMethod.SCHULZE: _tr("Schulze (head-to-head wins)"),
        CountMethod.IRV: _tr("Instant run-off"),
        CountMethod.APPROVAL: _tr("Total approvals"),
        CountMethod.SCORE: _tr("Mean score"),
    }[count]


def short_count_name(count: CountMethod) -> str:
    """The count's name in a few letters, for the round list."""
    return {
        CountMethod.BORDA: _tr("Borda"),
        CountMethod.SCHULZE: _tr("Schulze"),
        CountMethod.IRV: _tr("run-off"),
    }.get(count, "")


def tie_break_name(tie_break: TieBreak) -> str:
    """What an instant run-off count does when options tie for fewest votes."""
    return {
        TieBreak.EARLIER_COUNTS_THEN_LOT: _tr("Look at the earlier rounds, then draw lots"),
        TieBreak.LOT: _tr("Draw lots straight away"),
    }[tie_break]


def visibility_name(visibility: Visibility) -> str:
    """When the results may be seen."""
    return {
        Visibility.LIVE: _tr("Show results live"),
        Visibility.HIDDEN_UNTIL_REVEAL: _tr("Hide results until you reveal them"),
    }[visibility]
