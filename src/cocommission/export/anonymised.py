"""A whole commission, anonymised for research or publication.

Starts from the ordinary interchange document (so it has the same documented format and can
be opened in CoCommission) and removes what identifies people:

- participants become "Participant 1", "Participant 2", … (in the order they joined); their full
  names, contact details, consent dates, age band, language and access needs are removed;
- a bidder's contact person is removed (organisation names stay: they bid for public money);
- words written about or by one person — score comments, the wording of declared conflicts,
  payment notes, who proposed an outcome — are removed;
- every other free-text field (outcome statements, tender sections, reasons and dissent,
  interview questions, moderation reasons, feedback answers, agenda items, workshop venues,
  round titles… every column people type into, read from the model) keeps its words, but any
  participant's name or pseudonym in it is replaced with "[name removed]".

Names can hide in free text in forms no program can catch (nicknames, "my cousin"), so the
report lists each free-text field that still holds words, for a person to read before
publishing. Participants also get new ids, so the file cannot be linked to a subject access
record.

Nor can the file's tables be put back together into one person's record. A researcher needs
what happened in each workshop, round and bid (how many came and for how long, what was paid,
turnout and counts, how the panel scored), not whose attendance goes with whose payments,
votes and scores — and it is that combination that names someone. So every row that names a
participant (attendance, payments and speaking turns per workshop; voters and named ballots per
round; scores and declared conflicts per bid) names a stand-in drawn afresh, at random, for
that one workshop, round or bid, from the participants of the same role (panellists for the
panel's rows). Within a workshop, round or bid the rows of one person still go together;
"Participant 3" in two of them is not the same person. Feedback sheets and interview questions
name no one. An anonymous round's ballots already name no one, and keep no handle here. The
audit log's references to participants are replaced with "[participant]", so its hash chain
only verifies in the original database.
"""

from __future__ import annotations

import copy
import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from cocommission import __version__
from cocommission.export.interchange import export_commission
from cocommission.model import new_id
from cocommission.services.free_text import free_text_columns
from cocommission.services.name_scrubbing import REMOVED, name_pattern, scrub

#: Person-linked words, removed outright: (table, column, value put in their place).
_REMOVED_FIELDS: tuple[tuple[str, str, Any], ...] = (
    ("participant", "full_name", None),
    ("participant", "contact", None),
    ("participant", "consent_on", None),
    ("participant", "guardian_consent_on", None),
    ("participant", "under_18", False),
    ("participant", "language", ""),
    ("participant", "access_needs", ""),
    ("bidder", "contact", ""),
    ("score", "comment", ""),
    ("conflict_declaration", "nature", "A conflict of interest was declared."),
    ("payment", "note", ""),
    ("outcome_statement", "proposed_by", ""),
)

#: Free text kept for its words, with names taken out, for a person to review before publishing:
#: every column people type into (read from the model, so new ones are covered), and the audit
#: log's summaries, which entries written by older versions could fill with typed titles.
_REVIEWED_FIELDS: tuple[tuple[str, str], ...] = (
    *(
        (column.table.name, column.column.name)
        for column in free_text_columns()
        if (column.table.name, column.column.name) not in {(table, name) for table, name, _ in _REMOVED_FIELDS}
    ),
    ("audit_entry", "summary"),
)


@dataclass(frozen=True)
class AnonymisationReport:
    """What was done: names replaced per field, and the free-text fields a person should read."""

    participants: int
    names_replaced: dict[str, int]
    to_review: dict[str, int]

    def lines(self) -> list[str]:
        """The report in words, one line each."""
        said = [f"{self.participants} participants renamed Participant 1 to {self.participants}; "
                "names, contact details, consent dates, age band, language and access needs removed.",
                "Each workshop, round and bid names its own stand-ins, drawn at random: the same participant "
                "number in two of them is not the same person. Feedback sheets and interview questions name no one."]
        if self.names_replaced:
            replaced = ", ".join(f"{field} ({count})" for field, count in sorted(self.names_replaced.items()))
            said.append(f"Names replaced with {REMOVED} in: {replaced}.")
        if self.to_review:
            fields = ", ".join(f"{field} ({count})" for field, count in sorted(self.to_review.items()))
            said.append(f"Read these free-text fields before publishing, for names in other forms: {fields}.")
        return said


#: What the audit log says in place of a participant's id.
PARTICIPANT_REMOVED = "[participant]"

#: Rows that name a participant, and the column that says which workshop, round or bid the row is
#: about: within one of those the same person keeps one stand-in; across them, stand-ins are
#: drawn afresh. Tables listed together share their stand-ins (a round's voters and its named
#: ballots; a bid's scores and declared conflicts).
_STAND_IN_GROUPS: tuple[tuple[tuple[tuple[str, str], ...], str, bool], ...] = (
    ((("attendance", "participant_id"),), "workshop_id", False),
    ((("payment", "participant_id"),), "workshop_id", False),
    ((("speaking_turn", "participant_id"),), "workshop_id", False),
    ((("round_voter", "participant_id"), ("ballot", "participant_id")), "round_id", False),
    ((("score", "panellist_id"), ("conflict_declaration", "panellist_id")), "bid_id", True),
)

#: References to a participant dropped outright: the row stays, naming no one.
_UNLINKED: tuple[tuple[str, str], ...] = (
    ("feedback_sheet", "participant_id"),
    ("interview_question", "asked_by_id"),
)


def anonymise(document: dict[str, Any]) -> tuple[dict[str, Any], AnonymisationReport]:
    """An anonymised copy of an interchange document, and what was done to it."""
    result = copy.deepcopy(document)
    tables = result["tables"]
    people = sorted(tables["participant"], key=lambda person: (person["created_at"], person["id"]))
    pattern = name_pattern((person.get("pseudonym"), person.get("full_name")) for person in people)
    replaced: Counter[str] = Counter()
    to_review: Counter[str] = Counter()

    for table, column in _REVIEWED_FIELDS:
        for row in tables.get(table, []):
            value = row.get(column)
            if not isinstance(value, str) or not value.strip():
                continue
            value, count = scrub(value, pattern)
            if count:
                replaced[f"{table}.{column}"] += count
                row[column] = value
            to_review[f"{table}.{column}"] += 1
    for number, person in enumerate(people, start=1):
        person["pseudonym"] = f"Participant {number}"
    _rekey_participants(tables, [person["id"] for person in people])
    _stand_ins(tables, people)
    for ballot in tables.get("ballot", []):
        ballot["handle_hash"] = None
    for table, column, blank in _REMOVED_FIELDS:
        for row in tables.get(table, []):
            row[column] = blank
    result["exported_by"] = f"CoCommission {__version__}, anonymised for research or publication"
    return result, AnonymisationReport(len(people), dict(replaced), dict(to_review))


def _rekey_participants(tables: dict[str, list[dict[str, Any]]], ids: list[str]) -> None:
    """Give participants new ids everywhere, so nothing links them to a subject access record."""
    fresh = {old: new_id() for old in ids}
    for rows in tables.values():
        for row in rows:
            for column, value in row.items():
                if isinstance(value, str) and value in fresh:
                    row[column] = fresh[value]
    # The audit log names people by id inside its details, beside when and what they did: one id
    # across entries would tie a person's actions together again. Its hash chain, which covers
    # those details, therefore no longer verifies in an anonymised copy (the original still does).
    for entry in tables.get("audit_entry", []):
        for field in ("details_json", "summary"):
            text = entry.get(field) or ""
            for old in fresh:
                text = text.replace(old, PARTICIPANT_REMOVED)
            entry[field] = text


def _stand_ins(tables: dict[str, list[dict[str, Any]]], people: list[dict[str, Any]]) -> None:
    """Replace each reference to a participant with a stand-in drawn for its workshop, round or bid alone."""
    draw = secrets.SystemRandom()
    # Pools that never overlap, so two people of one group never get the same stand-in: by role,
    # and for the panel's rows also by whether they sit on the panel.
    pools: dict[tuple[Any, Any], list[str]] = defaultdict(list)
    kind: dict[str, tuple[Any, bool]] = {}
    for person in people:
        kind[person["id"]] = (person.get("role"), bool(person.get("is_panellist")))
        pools[kind[person["id"]]].append(person["id"])
        pools[(person.get("role"), None)].append(person["id"])
    for columns, owner, panel in _STAND_IN_GROUPS:
        groups: dict[Any, list[tuple[dict[str, Any], str]]] = defaultdict(list)
        for table, column in columns:
            for row in tables.get(table, []):
                if row.get(column) is not None:
                    groups[row.get(owner)].append((row, column))
        for refs in groups.values():
            _stand_in_group(refs, kind, pools, panel=panel, draw=draw)
    for table, column in _UNLINKED:
        for row in tables.get(table, []):
            row[column] = None


def _stand_in_group(
    refs: list[tuple[dict[str, Any], str]],
    kind: dict[str, tuple[Any, bool]],
    pools: dict[tuple[Any, Any], list[str]],
    *,
    panel: bool,
    draw: secrets.SystemRandom,
) -> None:
    """Give the people one workshop, round or bid refers to (``refs``: row and column) different stand-ins."""
    by_pool: dict[tuple[Any, Any], list[str]] = defaultdict(list)
    for row, column in refs:
        person = row[column]
        if person in kind:
            role, on_panel = kind[person]
            pool = by_pool[(role, on_panel if panel else None)]
            if person not in pool:
                pool.append(person)
    chosen: dict[str, str] = {}
    for pool_key, originals in by_pool.items():
        chosen.update(zip(originals, draw.sample(pools[pool_key], len(originals)), strict=True))
    for row, column in refs:
        row[column] = chosen.get(row[column], row[column])


def anonymised_export(session: Session, *, commission_id: str) -> tuple[dict[str, Any], AnonymisationReport]:
    """The commission as an anonymised interchange document, and the report of what was done."""
    return anonymise(export_commission(session, commission_id=commission_id))
