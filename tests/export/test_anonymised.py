"""The anonymised export: no one can be named from it, and the counts are the same."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cocommission.db import open_database
from cocommission.export.anonymised import REMOVED, anonymise, anonymised_export
from cocommission.export.interchange import dumps, export_commission, import_commission, parse_document
from cocommission.services import voting
from cocommission.services.demo import YOUNG_PEOPLE, find_or_create_example
from cocommission.services.perform import perform, read


@pytest.fixture
def example(database) -> str:
    """The worked example commission's id."""
    return perform(database, find_or_create_example).result


def test_no_name_pseudonym_or_private_detail_survives(database, example):
    """Full names, pseudonyms, access needs and person-linked words are absent from the whole file."""
    document, report = read(database, lambda s: anonymised_export(s, commission_id=example))
    text = dumps(document)
    for pseudonym, full_name, _, _, access_needs in YOUNG_PEOPLE:
        assert full_name not in text
        assert f'"{pseudonym}"' not in text
        if access_needs:
            assert access_needs not in text
    pseudonyms = sorted(row["pseudonym"] for row in document["tables"]["participant"])
    assert pseudonyms == sorted(f"Participant {n}" for n in range(1, len(pseudonyms) + 1))
    assert report.participants == len(pseudonyms)
    assert all(row["comment"] == "" for row in document["tables"]["score"])
    assert "feedback_response.answer_text" in report.to_review


def test_a_name_written_in_free_text_is_replaced_and_reported():
    """A pseudonym or a full name's parts inside free text become [name removed], and the field is counted."""
    document = {
        "tables": {
            "participant": [
                {"id": "p1", "created_at": "2026-01-01", "pseudonym": "Kiki", "full_name": "Keisha Campbell",
                 "contact": "x", "consent_on": None, "guardian_consent_on": None, "under_18": True,
                 "language": "English", "access_needs": ""},
            ],
            "decision": [{"dissent": "KIKI and Ms Campbell wanted the other bid; Kikimora is a word."}],
        }
    }
    result, report = anonymise(document)
    assert result["tables"]["decision"][0]["dissent"] == (
        f"{REMOVED} and Ms {REMOVED} wanted the other bid; Kikimora is a word."
    )
    assert report.names_replaced == {"decision.dissent": 2}
    assert document["tables"]["decision"][0]["dissent"].startswith("KIKI")  # the original is untouched


def test_the_anonymised_file_imports_and_counts_the_same(database, example, tmp_path):
    """It is still a valid export: imported elsewhere, every round counts exactly as the original."""
    document, _ = read(database, lambda s: anonymised_export(s, commission_id=example))
    elsewhere = open_database(tmp_path / "research.sqlite")
    imported = perform(elsewhere, import_commission, document=parse_document(dumps(document))).result

    def rankings(db, commission_id):
        def gather(session):
            return [
                voting.tally_round(session, round_id=r.id).scores
                for r in voting.list_rounds(session, commission_id=commission_id)
            ]

        return read(db, gather)

    original = rankings(database, example)
    assert rankings(elsewhere, imported.commission_id) == original
    assert read(elsewhere, lambda s: export_commission(s, commission_id=imported.commission_id))["tables"]["participant"]
    elsewhere.close()


def test_participants_get_new_ids_so_nothing_links_to_a_subject_access_record(database, example):
    """No participant id of the original appears anywhere in the anonymised file."""
    original = read(database, lambda s: export_commission(s, commission_id=example))
    document, _ = read(database, lambda s: anonymised_export(s, commission_id=example))
    text = dumps(document)
    for person in original["tables"]["participant"]:
        assert person["id"] not in text
    assert len(document["tables"]["ballot"]) == len(original["tables"]["ballot"])


def _linked_document(people: int = 12) -> dict:
    """People who each attended two workshops, were paid for each, voted in two rounds (one named) and
    scored a bid: every row names its person."""
    participants = [
        {"id": f"p{n}", "created_at": f"2026-01-{n + 1:02d}", "pseudonym": f"Nick{n}", "full_name": f"Full Name{n}",
         "contact": "", "consent_on": None, "guardian_consent_on": None, "under_18": True, "language": "",
         "access_needs": "", "role": "young_person", "is_panellist": n % 2 == 0}
        for n in range(people)
    ]
    tables: dict = {"participant": participants, "attendance": [], "payment": [], "round_voter": [], "ballot": [],
                    "score": [], "feedback_sheet": [], "audit_entry": []}
    for n in range(people):
        for w in ("w1", "w2"):
            tables["attendance"].append({"id": f"a-{w}-{n}", "workshop_id": w, "participant_id": f"p{n}", "minutes": 60 + n})
            tables["payment"].append({"id": f"pay-{w}-{n}", "workshop_id": w, "participant_id": f"p{n}", "note": ""})
        for r in ("secret", "named"):
            tables["round_voter"].append({"id": f"v-{r}-{n}", "round_id": r, "participant_id": f"p{n}"})
        tables["ballot"].append({"id": f"b-secret-{n}", "round_id": "secret", "participant_id": None, "handle_hash": "x"})
        tables["ballot"].append({"id": f"b-named-{n}", "round_id": "named", "participant_id": f"p{n}", "handle_hash": None})
        if n % 2 == 0:
            tables["score"].append({"id": f"s-{n}", "bid_id": "bid1", "panellist_id": f"p{n}", "comment": "good"})
        tables["feedback_sheet"].append({"id": f"f-{n}", "participant_id": f"p{n}"})
        tables["audit_entry"].append({"id": f"e-{n}", "summary": "Payment recorded",
                                      "details_json": f'{{"participant_id": "p{n}", "workshop_id": "w1"}}'})
    return {"tables": tables}


def test_the_anonymised_tables_cannot_be_put_back_together_into_one_persons_record():
    """Each workshop, round and bid names its own random stand-ins: one person's attendance, payments, votes and
    scores in the anonymised file do not share a participant id, feedback sheets and the audit log name no one,
    and an anonymous ballot keeps no handle."""
    document = _linked_document()
    result, report = anonymise(document)
    tables = result["tables"]
    named = {row["id"]: row for rows in tables.values() for row in rows if isinstance(row, dict) and "id" in row}

    def stand_in(row_id: str, column: str = "participant_id") -> str:
        return named[row_id][column]

    same = total = 0
    for n in range(12):
        for w in ("w1", "w2"):
            total += 1
            same += stand_in(f"a-{w}-{n}") == stand_in(f"pay-{w}-{n}")
        total += 2
        same += stand_in("a-w1-" + str(n)) == stand_in("a-w2-" + str(n))
        same += stand_in(f"v-secret-{n}") == stand_in(f"v-named-{n}")
        # Within a round, a named ballot and its voter row stay together.
        assert stand_in(f"b-named-{n}") == stand_in(f"v-named-{n}")
        if n % 2 == 0:
            assert named[stand_in(f"s-{n}", "panellist_id")]["is_panellist"]
    # Kept together everywhere, every comparison would match; drawn afresh, about one in twelve does.
    assert same < total / 3, (same, total)
    # No person's two attendance rows or votes in one workshop or round share a stand-in.
    for table, owner in (("attendance", "workshop_id"), ("round_voter", "round_id"), ("payment", "workshop_id")):
        for group in {row[owner] for row in tables[table]}:
            people = [row["participant_id"] for row in tables[table] if row[owner] == group]
            assert len(people) == len(set(people))
    assert all(row["participant_id"] is None for row in tables["feedback_sheet"])
    assert all(row["handle_hash"] is None for row in tables["ballot"])
    ids = {row["id"] for row in tables["participant"]}
    for entry in tables["audit_entry"]:
        assert not any(person in entry["details_json"] for person in ids) and "[participant]" in entry["details_json"]
    assert any("not the same person" in line for line in report.lines())


def test_every_free_text_column_of_the_model_is_cleaned_and_listed_for_review(database, example):
    """A name typed in a workshop venue, a bid's title, a round's title or a paper tally's source is taken out,
    and each of those fields is listed for review."""
    from cocommission.model import Bid, PaperTally, VoteRound, Workshop

    pseudonym, full_name = YOUNG_PEOPLE[0][0], YOUNG_PEOPLE[0][1]

    def write_names(session):
        for model, column in ((Workshop, "venue"), (Bid, "title"), (VoteRound, "title"), (PaperTally, "source")):
            row = session.scalars(select(model).limit(1)).one()
            setattr(row, column, f"At {full_name}'s place, with {pseudonym}")

    perform(database, write_names)
    document, report = read(database, lambda s: anonymised_export(s, commission_id=example))
    text = dumps(document)
    assert full_name not in text and f"with {pseudonym}" not in text
    for field in ("workshop.venue", "bid.title", "vote_round.title", "paper_tally.source", "audit_entry.summary"):
        assert field in report.to_review, field
    assert "workshop.venue" in " ".join(report.lines())
