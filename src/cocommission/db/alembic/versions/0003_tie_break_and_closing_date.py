"""A ranking round's tie-break rule and lot; a tender's closing date

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02

- ``vote_round.tie_break`` is the rule an instant-runoff count uses when several options tie
  for fewest votes, chosen before the round opens. Existing rounds get the default rule
  (earlier counts, then a lot).
- ``vote_round.lot_order`` keeps the order a lot drew, once one was needed.
- ``tender.closing_date`` is the last day bids are accepted.
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

TIE_BREAKS = ('earlier_counts_then_lot', 'lot')


def upgrade() -> None:
    with op.batch_alter_table('vote_round', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'tie_break',
            sa.Enum(*TIE_BREAKS, name='tie_break', native_enum=False, create_constraint=True, length=32),
            nullable=False,
            server_default='earlier_counts_then_lot',
        ))
        batch_op.add_column(sa.Column('lot_order', sa.Text(), nullable=True))
    with op.batch_alter_table('vote_round', schema=None) as batch_op:
        batch_op.alter_column('tie_break', server_default=None, existing_type=sa.String(length=32))
    with op.batch_alter_table('tender', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closing_date', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('tender', schema=None) as batch_op:
        batch_op.drop_column('closing_date')
    with op.batch_alter_table('vote_round', schema=None) as batch_op:
        batch_op.drop_column('lot_order')
        batch_op.drop_column('tie_break')
