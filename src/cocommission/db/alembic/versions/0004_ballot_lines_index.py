"""An index holding every ballot line a count reads

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03

- ``ix_ballot_choice_lines`` on ``ballot_choice (ballot_id, option_id, value)``. Counting a round
  reads every line of its ballots; with the whole line in the index, the database answers from
  the index alone instead of looking each line up again. No data changes.
"""

from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('ballot_choice', schema=None) as batch_op:
        batch_op.create_index(op.f('ix_ballot_choice_lines'), ['ballot_id', 'option_id', 'value'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('ballot_choice', schema=None) as batch_op:
        batch_op.drop_index(op.f('ix_ballot_choice_lines'))
