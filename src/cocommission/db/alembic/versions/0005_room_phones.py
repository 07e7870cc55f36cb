"""Phones as ballots: printed join cards and the phones that joined the room

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03

- ``join_card`` holds each participant's printed card to join room voting with: only the
  digests of its token and short code, when it was printed and when it was used (once).
- ``room_phone`` holds each phone bound to a participant: only the digest of the secret in its
  cookie, when it joined and when it was revoked.
No data changes. Neither table is part of the interchange file.
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('join_card',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('commission_id', sa.String(length=36), nullable=False),
    sa.Column('participant_id', sa.String(length=36), nullable=False),
    sa.Column('token_digest', sa.String(length=64), nullable=False),
    sa.Column('code_digest', sa.String(length=64), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['commission_id'], ['commission.id'], name=op.f('fk_join_card_commission_id_commission'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_join_card_participant_id_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_join_card')),
    sa.UniqueConstraint('code_digest', name=op.f('uq_join_card_code_digest')),
    sa.UniqueConstraint('token_digest', name=op.f('uq_join_card_token_digest'))
    )
    with op.batch_alter_table('join_card', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_join_card_commission_id'), ['commission_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_join_card_participant_id'), ['participant_id'], unique=True)

    op.create_table('room_phone',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('commission_id', sa.String(length=36), nullable=False),
    sa.Column('participant_id', sa.String(length=36), nullable=False),
    sa.Column('secret_digest', sa.String(length=64), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['commission_id'], ['commission.id'], name=op.f('fk_room_phone_commission_id_commission'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_room_phone_participant_id_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_room_phone')),
    sa.UniqueConstraint('secret_digest', name=op.f('uq_room_phone_secret_digest'))
    )
    with op.batch_alter_table('room_phone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_room_phone_commission_id'), ['commission_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_room_phone_participant_id'), ['participant_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('room_phone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_room_phone_participant_id'))
        batch_op.drop_index(batch_op.f('ix_room_phone_commission_id'))
    op.drop_table('room_phone')
    with op.batch_alter_table('join_card', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_join_card_participant_id'))
        batch_op.drop_index(batch_op.f('ix_join_card_commission_id'))
    op.drop_table('join_card')
