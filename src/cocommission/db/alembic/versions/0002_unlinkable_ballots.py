"""Anonymous ballots unlinkable from voters; 64-bit money; audit entries carry a record digest

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02

- ``round_voter`` records who has voted in each round (turnout, one ballot each), apart from
  what they chose. Existing ballots each get their voter row.
- In anonymous rounds, the ballots' link to a participant and their cast time are dropped, and
  each ballot and ballot line gets a new random id, so nothing stored lines a person up with
  their choices. Named rounds keep the link.
- On SQLite, ``ballot`` and ``ballot_choice`` are rebuilt without a rowid, so they are stored
  in the order of their random ids rather than the order they were cast.
- Every money column becomes 64-bit.
- ``audit_entry.record_digest`` holds a digest of the record an entry changed.
"""

import secrets
import uuid
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

#: What the migration tells the person upgrading (read by the app's upgrade report).
NOTICE = (
    "Anonymous rounds' ballots no longer name who cast them: who has voted is now kept apart "
    "from what was chosen, in this database and its backups. Commission files exported before "
    "this upgrade still hold the old link: delete them, or export again."
)

MONEY_COLUMNS = (
    ('bid', 'amount_minor'),
    ('commission', 'budget_minor'),
    ('commission', 'honorarium_rate_minor'),
    ('funded_bid', 'amount_minor'),
    ('payment', 'amount_minor'),
)


def upgrade() -> None:
    op.create_table('round_voter',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('round_id', sa.String(length=36), nullable=False),
    sa.Column('participant_id', sa.String(length=36), nullable=False),
    sa.Column('voted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_round_voter_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['vote_round.id'], name=op.f('fk_round_voter_round_id_vote_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round_voter')),
    sa.UniqueConstraint('round_id', 'participant_id', name=op.f('uq_round_voter_round_id_participant_id'))
    )
    with op.batch_alter_table('round_voter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_voter_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_round_voter_round_id'), ['round_id'], unique=False)

    connection = op.get_bind()
    connection.execute(sa.text(
        "INSERT INTO round_voter (id, round_id, participant_id, voted_at) "
        "SELECT id, round_id, participant_id, cast_at FROM ballot"
    ))
    # The voter rows took the ballots' ids above only to be filled in one statement: give them
    # their own, so no voter row shares an id with a ballot.
    for (voter_id,) in connection.execute(sa.text("SELECT id FROM round_voter")).all():
        connection.execute(
            sa.text("UPDATE round_voter SET id = :new WHERE id = :old"), {"new": str(uuid.uuid4()), "old": voter_id}
        )

    # SQLite rebuilds both tables without a rowid; PostgreSQL has no rowid and alters in place.
    sqlite = connection.dialect.name == 'sqlite'
    rebuild: dict[str, Any] = {'recreate': 'always', 'table_kwargs': {'sqlite_with_rowid': False}} if sqlite else {}
    with op.batch_alter_table('ballot', schema=None, **rebuild) as batch_op:
        batch_op.alter_column('participant_id', existing_type=sa.String(length=36), nullable=True)
        batch_op.alter_column('cast_at', existing_type=sa.DateTime(timezone=True), nullable=True)
        batch_op.add_column(sa.Column('handle_hash', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_ballot_handle_hash'), ['handle_hash'])
    if sqlite:
        with op.batch_alter_table('ballot_choice', schema=None, **rebuild):
            pass

    anonymous_ballots = connection.execute(sa.text(
        "SELECT ballot.id FROM ballot JOIN vote_round ON vote_round.id = ballot.round_id "
        "WHERE vote_round.anonymous"
    )).scalars().all()
    # Written back in a random order: the order a query returns them in (on PostgreSQL, a hash join
    # gives them last-cast-first) would line the new rows up with round_voter's.
    anonymous_ballots = list(anonymous_ballots)
    secrets.SystemRandom().shuffle(anonymous_ballots)
    for ballot_id in anonymous_ballots:
        new_ballot = str(uuid.uuid4())
        # The lines move to the new id first; the foreign key is checked at the end of the statement.
        connection.execute(
            sa.text("INSERT INTO ballot (id, round_id, participant_id, cast_at, handle_hash) "
                    "SELECT :new, round_id, NULL, NULL, NULL FROM ballot WHERE id = :old"),
            {"new": new_ballot, "old": ballot_id},
        )
        for (line_id,) in connection.execute(
            sa.text("SELECT id FROM ballot_choice WHERE ballot_id = :old"), {"old": ballot_id}
        ).all():
            connection.execute(
                sa.text("UPDATE ballot_choice SET id = :line, ballot_id = :new WHERE id = :old_line"),
                {"line": str(uuid.uuid4()), "new": new_ballot, "old_line": line_id},
            )
        connection.execute(sa.text("DELETE FROM ballot WHERE id = :old"), {"old": ballot_id})

    for table, column in MONEY_COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=sa.Integer(), type_=sa.BigInteger(), existing_nullable=False)

    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('record_digest', sa.String(length=64), nullable=True))


def downgrade() -> None:
    raise RuntimeError("Anonymous ballots cannot be linked to their voters again; restore the backup taken before the upgrade instead.")
