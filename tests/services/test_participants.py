"""Participants: pseudonyms, consent, importing a list, withdrawal, and what the audit log may say."""

from __future__ import annotations

from datetime import date

import pytest
from people_fixtures import CONSENT, commission_paid_by_the_hour, person
from sqlalchemy import select

from cocommission.model import AuditEntry, Role
from cocommission.services import participants
from cocommission.services.audit import list_audit
from cocommission.services.errors import InvalidInput, NotFound, RuleBroken


def test_adult_with_consent_can_take_part(session):
    """An adult whose consent is recorded is added with every detail and may take part."""
    cid = commission_paid_by_the_hour(session)
    row = participants.add_participant(
        session,
        commission_id=cid,
        pseudonym="  Blaze ",
        full_name="Marcus Okoro",
        consent_on=CONSENT,
        language="Polish",
        access_needs="Step-free access",
    )
    assert (row.pseudonym, row.full_name, row.role, row.language) == (
        "Blaze",
        "Marcus Okoro",
        Role.YOUNG_PERSON,
        "Polish",
    )
    assert row.consent_complete and row.can_take_part
    assert not row.erased and row.withdrawn_on is None


def test_under_18_cannot_take_part_until_guardian_consents(session):
    """An under-18 may be added without a guardian's consent but cannot take part until it is recorded."""
    cid = commission_paid_by_the_hour(session)
    row = participants.add_participant(
        session, commission_id=cid, pseudonym="Kiki", under_18=True, consent_on=CONSENT
    )
    assert not row.consent_complete and not row.can_take_part
    updated = participants.update_participant(session, participant_id=row.id, guardian_consent_on=date(2026, 1, 30))
    assert updated.consent_complete and updated.can_take_part


def test_participant_without_any_consent_cannot_take_part(session):
    """Someone with no consent date recorded cannot take part."""
    cid = commission_paid_by_the_hour(session)
    row = participants.add_participant(session, commission_id=cid, pseudonym="Zo")
    assert not row.consent_complete and not row.can_take_part


def test_duplicate_pseudonym_is_refused_whatever_the_case(session):
    """A pseudonym already used in the commission is refused, even written in another case."""
    cid = commission_paid_by_the_hour(session)
    person(session, cid, "Blaze")
    with pytest.raises(RuleBroken, match="'blaze' is already taken"):
        participants.add_participant(session, commission_id=cid, pseudonym="blaze")
    assert [p.pseudonym for p in participants.list_participants(session, commission_id=cid)] == ["Blaze"]


def test_same_pseudonym_is_allowed_in_another_commission(session):
    """Pseudonyms need only be unique within one commission."""
    first, second = commission_paid_by_the_hour(session), commission_paid_by_the_hour(session)
    person(session, first, "Blaze")
    assert participants.add_participant(session, commission_id=second, pseudonym="Blaze").pseudonym == "Blaze"


def test_renaming_to_a_taken_pseudonym_is_refused(session):
    """Changing a pseudonym to one someone else has is refused; changing its case alone is fine."""
    cid = commission_paid_by_the_hour(session)
    person(session, cid, "Blaze")
    kiki = person(session, cid, "Kiki")
    with pytest.raises(RuleBroken, match="already taken"):
        participants.update_participant(session, participant_id=kiki, pseudonym="BLAZE")
    assert participants.update_participant(session, participant_id=kiki, pseudonym="KIKI").pseudonym == "KIKI"


def test_blank_pseudonym_and_unknown_role_are_refused(session):
    """A participant needs a pseudonym and a known role."""
    cid = commission_paid_by_the_hour(session)
    with pytest.raises(InvalidInput, match="pseudonym"):
        participants.add_participant(session, commission_id=cid, pseudonym="   ")
    with pytest.raises(InvalidInput, match="not a role"):
        participants.add_participant(session, commission_id=cid, pseudonym="Ace", role="boss")


def test_update_leaves_unnamed_details_and_clears_with_empty_text(session):
    """None leaves a detail unchanged; an empty full name removes it."""
    cid = commission_paid_by_the_hour(session)
    pid = person(session, cid, "Luka", full_name="Łukasz Nowak", contact="07700 900123", language="Polish")
    row = participants.update_participant(session, participant_id=pid, full_name="", role=Role.SERVICE_USER)
    assert row.full_name is None
    assert (row.contact, row.language, row.role) == ("07700 900123", "Polish", Role.SERVICE_USER)


def test_withdrawn_participants_can_be_left_out_of_the_list(session):
    """A withdrawn participant stays on the full list but not on the list of those taking part."""
    cid = commission_paid_by_the_hour(session)
    person(session, cid, "Ngozi")
    ace = person(session, cid, "Ace")
    row = participants.withdraw_participant(session, participant_id=ace, withdrawn_on=date(2026, 2, 14))
    assert row.withdrawn_on == date(2026, 2, 14) and not row.can_take_part
    everyone = participants.list_participants(session, commission_id=cid)
    taking_part = participants.list_participants(session, commission_id=cid, include_withdrawn=False)
    assert [p.pseudonym for p in everyone] == ["Ace", "Ngozi"]
    assert [p.pseudonym for p in taking_part] == ["Ngozi"]
    with pytest.raises(RuleBroken, match="already withdrew on 2026-02-14"):
        participants.withdraw_participant(session, participant_id=ace)


def test_audit_log_never_names_participants(session):
    """Adding and changing a participant is audited by id, without their pseudonym or name."""
    cid = commission_paid_by_the_hour(session)
    pid = person(session, cid, "Blaze", full_name="Marcus Okoro")
    participants.update_participant(session, participant_id=pid, full_name="Marcus O.")
    entries = session.scalars(select(AuditEntry).where(AuditEntry.commission_id == cid)).all()
    text = " ".join(e.summary + e.details_json for e in entries)
    assert pid in text
    assert "Blaze" not in text and "Marcus" not in text
    assert [line.action for line in list_audit(session, commission_id=cid)][-2:] == [
        "participant.added",
        "participant.updated",
    ]


def test_importing_a_list_adds_everyone_and_audits_only_counts(session):
    """A list is added in one go; the audit entry gives how many by role, and no pseudonym or name."""
    cid = commission_paid_by_the_hour(session)
    added = participants.import_participants(
        session,
        commission_id=cid,
        rows=[
            participants.NewParticipant("Blaze", full_name="Marcus Okoro", under_18=True, consent_on=CONSENT, line=2),
            participants.NewParticipant("Kit", role="facilitator", language="Welsh", line=3),
        ],
    )
    assert [(p.pseudonym, p.role, p.under_18, p.language) for p in added] == [
        ("Blaze", Role.YOUNG_PERSON, True, "English"),
        ("Kit", Role.FACILITATOR, False, "Welsh"),
    ]
    assert {p.pseudonym for p in participants.list_participants(session, commission_id=cid)} == {"Blaze", "Kit"}
    entry = session.scalars(select(AuditEntry).where(AuditEntry.commission_id == cid)).all()[-1]
    assert entry.action == "participants.imported"
    assert "Blaze" not in entry.summary + entry.details_json and "Marcus" not in entry.details_json
    assert '"count": 2' in entry.details_json and '"facilitator": 1' in entry.details_json


def test_importing_refuses_the_whole_list_naming_every_problem_by_line(session):
    """Clashing pseudonyms (with the commission or within the list) and bad details refuse everyone at once."""
    cid = commission_paid_by_the_hour(session)
    person(session, cid, "Blaze")
    with pytest.raises(InvalidInput) as refused:
        participants.import_participants(
            session,
            commission_id=cid,
            rows=[
                participants.NewParticipant("Nova", line=2),
                participants.NewParticipant("blaze", line=3),
                participants.NewParticipant("NOVA", line=4),
                participants.NewParticipant(" ", role="boss", line=5),
                participants.NewParticipant("Rook", language="x" * 41, line=6),
            ],
        )
    message = refused.value.message
    assert message.startswith("No one was added: there are 5 problems")
    assert "Line 3: the pseudonym 'blaze' is already taken" in message
    assert "Line 4: the pseudonym 'NOVA' is also on line 2" in message
    assert "Line 5: Give the participant a pseudonym" in message and "'boss' is not a role" in message
    assert "Line 6: The language is too long" in message
    assert len(message.splitlines()) == 1
    assert [p.pseudonym for p in participants.list_participants(session, commission_id=cid)] == ["Blaze"]


def test_a_long_list_of_problems_is_cut_short_with_a_count(session):
    """Only the first ten problems are spelt out; the rest are counted."""
    cid = commission_paid_by_the_hour(session)
    with pytest.raises(InvalidInput) as refused:
        participants.import_participants(
            session, commission_id=cid, rows=[participants.NewParticipant("", line=n) for n in range(2, 27)]
        )
    message = refused.value.message
    assert "Line 11:" in message and "Line 12:" not in message
    assert message.endswith("And 15 more.")


def test_importing_an_empty_list_or_into_no_commission_is_refused(session):
    """An empty list, or a commission that does not exist, is refused with a clear message."""
    cid = commission_paid_by_the_hour(session)
    with pytest.raises(InvalidInput, match="no one in the list"):
        participants.import_participants(session, commission_id=cid, rows=[])
    with pytest.raises(NotFound):
        participants.import_participants(session, commission_id="nope", rows=[participants.NewParticipant("Ash")])


def test_consent_for_many_keeps_earlier_consent_and_adds_guardians_for_under_18s(session):
    """Consent is recorded for those without it; an under-18's guardian consent only when given."""
    cid = commission_paid_by_the_hour(session)
    had = person(session, cid, "Blaze")
    kid = participants.add_participant(session, commission_id=cid, pseudonym="Kid", under_18=True).id
    adult = participants.add_participant(session, commission_id=cid, pseudonym="Ade").id
    before = participants.get_participant(session, participant_id=had).consent_on
    rows = participants.record_consent(
        session, participant_ids=[had, kid, adult], consent_on=date(2026, 3, 1), guardian_consent_on=date(2026, 3, 1)
    )
    by_name = {row.pseudonym: row for row in rows}
    assert by_name["Blaze"].consent_on == before
    assert by_name["Kid"].consent_complete and by_name["Kid"].guardian_consent_on == date(2026, 3, 1)
    assert by_name["Ade"].consent_on == date(2026, 3, 1) and by_name["Ade"].guardian_consent_on is None
    with pytest.raises(InvalidInput, match="Choose the people"):
        participants.record_consent(session, participant_ids=[], consent_on=date(2026, 3, 1))


def test_counts_say_how_many_can_take_part_and_how_many_withdrew(session):
    """Taking part means consent complete, not withdrawn and not erased; a withdrawal is counted apart."""
    cid = commission_paid_by_the_hour(session)
    person(session, cid, "Blaze")
    person(session, cid, "Kiki", under_18=True)
    person(session, cid, "Nova", consent_on=None)
    gone = person(session, cid, "Zo")
    participants.withdraw_participant(session, participant_id=gone)
    counts = participants.count_participants(participants.list_participants(session, commission_id=cid))
    assert (counts.everyone, counts.taking_part, counts.withdrawn) == (4, 1, 1)
    assert participants.count_participants(()) == participants.ParticipantCounts(0, 0, 0)


def test_still_taking_part_asks_about_withdrawal_and_erasure_not_consent(session):
    """Someone without consent yet is still taking part; someone withdrawn or erased is not."""
    cid = commission_paid_by_the_hour(session)
    person(session, cid, "Nova", consent_on=None)
    gone = person(session, cid, "Zo")
    participants.withdraw_participant(session, participant_id=gone)
    rows = {row.pseudonym: row for row in participants.list_participants(session, commission_id=cid)}
    assert participants.still_taking_part(rows["Nova"]) and not rows["Nova"].can_take_part
    assert not participants.still_taking_part(rows["Zo"])
