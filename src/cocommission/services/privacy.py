"""A participant's rights over their data: erasure, and seeing everything held about them.

Erasure (the right to be forgotten) removes what identifies the person — full name, contact,
pseudonym, age band, consent dates, language, access needs — and the words they wrote that may
identify them (score comments, the wording of a declared conflict, payment notes). Their name
wherever others typed it is found first (``find_name_mentions``: every free-text column of the
commission, read from the model, and the audit log's summaries) so the facilitator can review
each place; the ones chosen (all, unless said otherwise) get "[name removed]" in its place, and
each record changed that way gets its own audit entry. What they contributed stays, as an
anonymous "Erased participant N": their ballots still count and their scores still add up, so
every tally and total is unchanged and the decision stays accountable. Their named feedback
sheets become anonymous ones.

The audit log is append-only and hash-chained, and older versions wrote typed titles into its
summaries. A name found there cannot be taken out without breaking the chain that proves the
log is untouched, so it is reported, not changed: the facilitator sees each such entry, and the
erasure says how many remain. New entries hold ids only.

Erasing rows is not enough on its own: old copies linger in free pages of the file, in the
write-ahead log and in backups. ``db.scrub.forget_erased_data`` runs after the erasure is
committed to clear those.

The subject access record gathers everything held about one participant, with names of
bids, rounds and workshops spelled out and feedback answers in the words on the sheet, so the
person can read it. Every list in it is sorted, by date and then by name, so it reads the
same whichever order the records were stored or imported in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from cocommission.model import (
    AuditEntry,
    Ballot,
    BallotChoice,
    Base,
    Bid,
    Commission,
    ConflictDeclaration,
    EvaluationCriterion,
    FeedbackQuestion,
    FeedbackResponse,
    FeedbackSheet,
    InterviewQuestion,
    JoinCard,
    Participant,
    Payment,
    RoomPhone,
    RoundVoter,
    Score,
    SpeakingTurn,
    VoteMethod,
    VoteOption,
    VoteRound,
    Workshop,
    utcnow,
    whole_schema,
)
from cocommission.model.base import today as todays_date
from cocommission.model.money import format_money
from cocommission.model.people import Attendance
from cocommission.services.audit import TRACKED_TABLES, record, record_reference
from cocommission.services.commissions import currency_info
from cocommission.services.errors import RuleBroken
from cocommission.services.feedback import answer_in_words
from cocommission.services.free_text import commission_free_text
from cocommission.services.lookup import fetch
from cocommission.services.name_scrubbing import REMOVED, name_pattern, scrub
from cocommission.services.participants import ParticipantRow, get_participant

# Asked on every opening, so it lives on its own; found here with the other privacy services.
from cocommission.services.retention import retention_passed as retention_passed

#: What an erased person's conflict declaration says instead of its original words.
ERASED_CONFLICT = "A conflict of interest was declared (the details were erased with the person's data)."
ERASED_PREFIX = "Erased participant"


def _erased_pseudonym(session: Session, commission_id: str) -> str:
    taken = set(
        session.scalars(
            select(Participant.pseudonym).where(
                Participant.commission_id == commission_id, Participant.pseudonym.like(f"{ERASED_PREFIX} %")
            )
        )
    )
    number = len(taken) + 1
    while f"{ERASED_PREFIX} {number}" in taken:
        number += 1
    return f"{ERASED_PREFIX} {number}"


#: Which record a mention is in: (table, column, row id).
MentionKey = tuple[str, str, str]


@dataclass(frozen=True)
class NameMention:
    """A place where a participant's name or pseudonym was typed, found before erasing them.

    ``spans`` are the (start, end) of each match in ``text``. An audit-log mention (``in_audit``)
    is the summary or details of entry ``sequence`` and cannot be changed.
    """

    table: str
    column: str
    record_id: str
    text: str
    spans: tuple[tuple[int, int], ...]
    in_audit: bool = False
    sequence: int | None = None

    @property
    def key(self) -> MentionKey:
        return (self.table, self.column, self.record_id)

    @property
    def redacted(self) -> str:
        """The text as it reads once the name is taken out."""
        pieces, last = [], 0
        for start, end in self.spans:
            pieces += [self.text[last:start], REMOVED]
            last = end
        return "".join([*pieces, self.text[last:]])

    def line(self) -> str:
        """One line naming where it is, by table, column and id, and the text once redacted (never the name)."""
        where = f"audit entry {self.sequence} ({self.column})" if self.in_audit else f"{self.table}.{self.column} {self.record_id}"
        return f"{where}: {_one_line(self.redacted)}"


def _one_line(text: str, limit: int = 100) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _person_pattern(participant: Participant) -> re.Pattern[str] | None:
    return name_pattern([(participant.pseudonym, participant.full_name)])


def find_name_mentions(session: Session, *, participant_id: str) -> tuple[NameMention, ...]:
    """Every place in the participant's commission where their name, a part of it, or their pseudonym was typed.

    Looks in every free-text column (read from the model, so new columns are covered), other than
    the person's own identity, and in the audit log's summaries and details.
    """
    participant = fetch(session, Participant, participant_id, what="participant")
    pattern = _person_pattern(participant)
    if pattern is None:
        return ()
    found = []
    for column, record_id, text in commission_free_text(session, participant.commission_id):
        if column.table.name == "participant" and record_id == participant.id:
            continue
        spans = tuple(match.span() for match in pattern.finditer(text))
        if spans:
            found.append(NameMention(column.table.name, column.column.name, record_id, text, spans))
    for entry in session.scalars(
        select(AuditEntry).where(AuditEntry.commission_id == participant.commission_id).order_by(AuditEntry.sequence)
    ):
        for column_name, text in (("summary", entry.summary), ("details_json", entry.details_json)):
            spans = tuple(match.span() for match in pattern.finditer(text or ""))
            if spans:
                found.append(
                    NameMention("audit_entry", column_name, entry.id, text, spans, in_audit=True, sequence=entry.sequence)
                )
    return tuple(found)


def _redact(session: Session, commission_id: str, pattern: re.Pattern[str], mentions: Iterable[NameMention]) -> int:
    """Put "[name removed]" in place of the name in each mention's record; one audit entry per record changed."""
    changed = 0
    for mention in mentions:
        if mention.in_audit:
            continue
        table = whole_schema().tables[mention.table]
        current = session.scalar(select(table.c[mention.column]).where(table.c.id == mention.record_id))
        scrubbed, count = scrub(current or "", pattern)
        if not count:
            continue
        if scrubbed.strip() == REMOVED:
            # A field that held nothing but the name (who proposed an outcome) is left empty.
            scrubbed = ""
        session.execute(update(table).where(table.c.id == mention.record_id).values({mention.column: scrubbed}))
        record(
            session,
            commission_id=commission_id,
            action="text.redacted",
            summary=f"A name was taken out of {mention.table}.{mention.column}",
            details={"table": mention.table, "column": mention.column, "record_id": mention.record_id},
            subject=(mention.table, mention.record_id) if mention.table in TRACKED_TABLES else None,
        )
        changed += 1
    # The rows were changed behind the ORM's back: reload them before anyone reads them again.
    session.flush()
    session.expire_all()
    return changed


def _vouch_for(session: Session, commission_id: str, rows: Iterable[Base], summary: str) -> None:
    """An entry for each of the person's own records whose words erasure changed, so the log matches them."""
    for row in rows:
        record(
            session,
            commission_id=commission_id,
            action="text.erased",
            summary=summary,
            details=dict(zip(("table", "record_id"), record_reference(row), strict=True)),
            subject=row,
        )


def _erase(session: Session, participant: Participant, redact: Iterable[MentionKey] | None = None) -> None:
    # Their names are taken out of what others wrote first, while the names are still known.
    pattern = _person_pattern(participant)
    mentions = find_name_mentions(session, participant_id=participant.id)
    chosen = None if redact is None else set(redact)
    if pattern is not None:  # without a name there is nothing of theirs to take out
        _redact(
            session,
            participant.commission_id,
            pattern,
            [mention for mention in mentions if chosen is None or mention.key in chosen],
        )
    participant.pseudonym = _erased_pseudonym(session, participant.commission_id)
    participant.full_name = None
    participant.contact = None
    participant.under_18 = False
    participant.consent_on = None
    participant.guardian_consent_on = None
    participant.language = ""
    participant.access_needs = ""
    participant.withdrawn_on = participant.withdrawn_on or todays_date()
    participant.erased_at = utcnow()
    who = participant.id
    scores = [row for row in session.scalars(select(Score).where(Score.panellist_id == who)) if row.comment]
    for score in scores:
        score.comment = ""
    conflicts = [
        row
        for row in session.scalars(select(ConflictDeclaration).where(ConflictDeclaration.panellist_id == who))
        if row.nature != ERASED_CONFLICT
    ]
    for conflict in conflicts:
        conflict.nature = ERASED_CONFLICT
    payments = [row for row in session.scalars(select(Payment).where(Payment.participant_id == who)) if row.note]
    for payment in payments:
        payment.note = ""
    _vouch_for(
        session,
        participant.commission_id,
        [*scores, *conflicts, *payments],
        "An erased participant's own words were taken out",
    )
    for sheet in session.scalars(select(FeedbackSheet).where(FeedbackSheet.participant_id == who)):
        sheet.participant_id = None
    for question in session.scalars(select(InterviewQuestion).where(InterviewQuestion.asked_by_id == who)):
        question.asked_by_id = None
    # Their join cards and phones say only that they took part by phone; nothing of them need stay.
    for row in [*session.scalars(select(JoinCard).where(JoinCard.participant_id == who)),
                *session.scalars(select(RoomPhone).where(RoomPhone.participant_id == who))]:
        session.delete(row)


def erase_participant(
    session: Session, *, participant_id: str, redact: Iterable[MentionKey] | None = None
) -> ParticipantRow:
    """Erase a participant's personal data, keeping their ballots and scores as anonymous contributions.

    ``redact`` are the keys of the mentions (``find_name_mentions``) the facilitator chose to have
    the name taken out of; None takes it out of all of them.
    """
    participant = fetch(session, Participant, participant_id, what="participant")
    if participant.erased_at is not None:
        raise RuleBroken("This participant's personal details have already been erased.")
    _erase(session, participant, redact)
    record(
        session,
        commission_id=participant.commission_id,
        action="participant.erased",
        summary="A participant's personal details were erased; their votes and scores stay, anonymously",
        details={"participant_id": participant.id},
        changed=("participant", participant.id),
    )
    return get_participant(session, participant_id=participant.id)


def erase_personal_data(session: Session, *, commission_id: str) -> int:
    """Erase every participant of a commission (when its retention date has passed); returns how many."""
    fetch(session, Commission, commission_id, what="commission")
    people = list(
        session.scalars(
            select(Participant).where(Participant.commission_id == commission_id, Participant.erased_at.is_(None))
        )
    )
    for participant in people:
        _erase(session, participant)
    record(
        session,
        commission_id=commission_id,
        action="commission.personal_data_erased",
        summary=f"Personal details of {len(people)} participants erased at the end of the retention period",
        details={"participant_ids": [participant.id for participant in people]},
        changed=("commission", commission_id),
    )
    return len(people)


# --------------------------------------------------------------------------- subject access


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _by_date_then_name(rows: Iterable[dict[str, Any]], when: str, *names: str) -> list[dict[str, Any]]:
    """``rows`` by their ``when`` (an ISO date or time; undated ones last), then by ``names`` in turn.

    The database hands rows back in whatever order they were stored, and an imported file may
    hold them in any order: the record must read the same either way.
    """

    def key(row: dict[str, Any]) -> tuple[Any, ...]:
        return (row[when] is None, row[when] or "", *(_name_key(row[name]) for name in names))

    return sorted(rows, key=key)


def _name_key(value: Any) -> tuple[bool, Any]:
    if value is None or isinstance(value, str):
        return (value is None, (value or "").casefold())
    return (False, value)


#: What a subject access record says in place of choices it cannot hold.
ANONYMOUS_BALLOT_NOTE = "An anonymous round: that you voted is held, but your ballot is not linked to you."


def _ballots(session: Session, who: str) -> list[dict[str, Any]]:
    """The rounds the person voted in; what they chose only in named rounds, where it is theirs.

    In an anonymous round nothing links them to a ballot, so the record says only that they voted.
    """
    found = []
    for voter, vote_round in session.execute(
        select(RoundVoter, VoteRound)
        .join(VoteRound, VoteRound.id == RoundVoter.round_id)
        .where(RoundVoter.participant_id == who)
        .order_by(VoteRound.position)
    ):
        entry: dict[str, Any] = {
            "round": vote_round.title,
            "method": str(vote_round.method),
            "anonymous_round": vote_round.anonymous,
            "cast_at": voter.voted_at.isoformat(),
            "choices": [],
        }
        if vote_round.method is VoteMethod.SCORE:
            entry["scale"] = {"lowest": vote_round.score_min, "highest": vote_round.score_max}
        if vote_round.anonymous:
            entry["note"] = ANONYMOUS_BALLOT_NOTE
        else:
            ballot = session.scalar(
                select(Ballot).where(Ballot.round_id == vote_round.id, Ballot.participant_id == who)
            )
            if ballot is not None:
                if ballot.cast_at is not None:
                    entry["cast_at"] = ballot.cast_at.isoformat()
                entry["choices"] = [
                    {"option": label, "value": value}
                    for label, value in session.execute(
                        select(VoteOption.label, BallotChoice.value)
                        .join(VoteOption, VoteOption.id == BallotChoice.option_id)
                        .where(BallotChoice.ballot_id == ballot.id)
                        .order_by(VoteOption.position)
                    )
                ]
        found.append(entry)
    return _by_date_then_name(found, "cast_at", "round")


def subject_access(session: Session, *, participant_id: str) -> dict[str, Any]:
    """Everything held about one participant, as plain data ready to save as JSON or print."""
    person = fetch(session, Participant, participant_id, what="participant")
    who = person.id
    commission = fetch(session, Commission, person.commission_id, what="commission")
    workshops = {w.id: w for w in session.scalars(select(Workshop).where(Workshop.commission_id == commission.id))}
    bids = {b.id: b.title for b in session.scalars(select(Bid).where(Bid.commission_id == commission.id))}

    def workshop_name(workshop_id: str | None) -> str | None:
        workshop = workshops.get(workshop_id) if workshop_id else None
        return workshop.title if workshop else None

    scored = select(Score.criterion_id).where(Score.panellist_id == who)
    criteria = {c.id: c for c in session.scalars(select(EvaluationCriterion).where(EvaluationCriterion.id.in_(scored)))}
    questions = {
        q.id: q for q in session.scalars(select(FeedbackQuestion).where(FeedbackQuestion.commission_id == commission.id))
    }
    # Audit entries name people by id only, inside their JSON details.
    mentions = AuditEntry.details_json.like(f'%"{who}"%')
    return {
        "about": "Everything CoCommission holds about one participant (a subject access record).",
        "produced_at": utcnow().isoformat(),
        "commission": {"id": commission.id, "title": commission.title},
        "participant": {
            "id": who,
            "pseudonym": person.pseudonym,
            "full_name": person.full_name,
            "contact": person.contact,
            "role": str(person.role),
            "under_18": person.under_18,
            "consent_on": _day(person.consent_on),
            "guardian_consent_on": _day(person.guardian_consent_on),
            "language": person.language,
            "access_needs": person.access_needs,
            "interview_panellist": person.is_panellist,
            "withdrawn_on": _day(person.withdrawn_on),
            "erased_at": person.erased_at.isoformat() if person.erased_at else None,
            "added_at": person.created_at.isoformat(),
        },
        "attendance": _by_date_then_name(
            (
                {
                    "workshop": workshop_name(row.workshop_id),
                    "date": _day(workshops[row.workshop_id].held_on if row.workshop_id in workshops else None),
                    "minutes": row.minutes,
                }
                for row in session.scalars(select(Attendance).where(Attendance.participant_id == who))
            ),
            "date",
            "workshop",
            "minutes",
        ),
        "payments": _by_date_then_name(
            (
                {
                    "receipt_number": row.receipt_number,
                    "amount_minor": row.amount_minor,
                    "currency": row.currency_code,
                    "amount": format_money(
                        row.amount_minor,
                        currency_info(session, commission_id=commission.id, code=row.currency_code),
                    ),
                    "method": str(row.method),
                    "paid_on": _day(row.paid_on),
                    "workshop": workshop_name(row.workshop_id),
                    "note": row.note,
                }
                for row in session.scalars(select(Payment).where(Payment.participant_id == who))
            ),
            "paid_on",
            "receipt_number",
        ),
        "ballots": _ballots(session, who),
        # Scores carry no date worth showing: grouped by bid, criteria in the evaluation's order.
        "scores": sorted(
            (
                {
                    "bid": bids.get(row.bid_id),
                    "criterion": criteria[row.criterion_id].name,
                    "criterion_position": criteria[row.criterion_id].position,
                    "score": row.value,
                    "comment": row.comment,
                }
                for row in session.scalars(select(Score).where(Score.panellist_id == who))
            ),
            key=lambda row: (_name_key(row["bid"]), row["criterion_position"], _name_key(row["criterion"])),
        ),
        "conflicts_declared": _by_date_then_name(
            (
                {"bid": bids.get(row.bid_id), "nature": row.nature,
                 "declared_at": row.declared_at.isoformat()}
                for row in session.scalars(
                    select(ConflictDeclaration).where(ConflictDeclaration.panellist_id == who)
                )
            ),
            "declared_at",
            "bid",
        ),
        "interview_questions_asked": [
            row.text
            for row in session.scalars(
                select(InterviewQuestion)
                .where(InterviewQuestion.asked_by_id == who)
                .order_by(InterviewQuestion.position, InterviewQuestion.text)
            )
        ],
        "speaking_turns": _by_date_then_name(
            (
                {"workshop": workshop_name(row.workshop_id), "started_at": row.started_at.isoformat(),
                 "seconds": row.seconds}
                for row in session.scalars(select(SpeakingTurn).where(SpeakingTurn.participant_id == who))
            ),
            "started_at",
            "workshop",
            "seconds",
        ),
        "feedback_sheets": _by_date_then_name(
            (
                {
                    "code": sheet.code,
                    "workshop": workshop_name(sheet.workshop_id),
                    "returned_at": sheet.returned_at.isoformat() if sheet.returned_at else None,
                    "answers": _answers(session, sheet.id, questions),
                }
                for sheet in session.scalars(select(FeedbackSheet).where(FeedbackSheet.participant_id == who))
            ),
            "returned_at",
            "code",
        ),
        # When cards were printed and used and phones joined: the codes and secrets are never held.
        "join_cards": _by_date_then_name(
            (
                {"issued_at": row.issued_at.isoformat(), "used_at": row.used_at.isoformat() if row.used_at else None}
                for row in session.scalars(select(JoinCard).where(JoinCard.participant_id == who))
            ),
            "issued_at",
        ),
        "room_phones": _by_date_then_name(
            (
                {"joined_at": row.joined_at.isoformat(),
                 "revoked_at": row.revoked_at.isoformat() if row.revoked_at else None}
                for row in session.scalars(select(RoomPhone).where(RoomPhone.participant_id == who))
            ),
            "joined_at",
        ),
        "audit_entries": [
            {"sequence": entry.sequence, "at": entry.at.isoformat(), "action": entry.action,
             "summary": entry.summary, "details": json.loads(entry.details_json or "{}")}
            for entry in session.scalars(
                select(AuditEntry)
                .where(AuditEntry.commission_id == commission.id, mentions)
                .order_by(AuditEntry.sequence)
            )
        ],
    }


def _answers(session: Session, sheet_id: str, questions: dict[str, FeedbackQuestion]) -> list[dict[str, Any]]:
    """A returned sheet's answers in the order of the questions on it, each in the words on the sheet."""
    found = []
    for answer in session.scalars(select(FeedbackResponse).where(FeedbackResponse.sheet_id == sheet_id)):
        question = questions[answer.question_id]
        found.append(
            {
                "question": question.text,
                "position": question.position,
                "kind": str(question.kind),
                "number": answer.answer_number,
                "text": answer.answer_text,
                "answer": answer_in_words(question.kind, answer.answer_number, answer.answer_text),
            }
        )
    return sorted(found, key=lambda row: (row["position"], row["question"]))
