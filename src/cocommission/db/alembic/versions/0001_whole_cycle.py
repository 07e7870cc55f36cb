"""The whole commission cycle

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('commission',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('service_area', sa.String(length=200), nullable=False),
    sa.Column('commissioning_body', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('budget_minor', sa.Integer(), nullable=False),
    sa.Column('budget_currency_code', sa.String(length=8), nullable=False),
    sa.Column('honorarium_rate_minor', sa.Integer(), nullable=False),
    sa.Column('honorarium_currency_code', sa.String(length=8), nullable=False),
    sa.Column('honorarium_basis', sa.Enum('hour', 'session', name='honorarium_basis', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('stage', sa.Enum('people', 'outcomes', 'priorities', 'tender', 'bids', 'decision', 'feedback', 'closed', name='stage', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('retention_until', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commission'))
    )
    op.create_table('audit_entry',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('commission_id', sa.String(length=36), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('action', sa.String(length=80), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('details_json', sa.Text(), nullable=False),
    sa.Column('previous_hash', sa.String(length=64), nullable=False),
    sa.Column('entry_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['commission_id'], ['commission.id'], name=op.f('fk_audit_entry_commission_id_commission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry')),
    sa.UniqueConstraint('commission_id', 'sequence', name=op.f('uq_audit_entry_commission_id_sequence'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_commission_id'), ['commission_id'], unique=False)

    op.create_table('bidder',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('commission_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('organisation_type', sa.String(length=80), nullable=False),
    sa.Column('contact', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['commission_id'], ['commission.id'], name=op.f('fk_bidder_commission_id_commission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bidder'))
    )
    with op.batch_alter_table('bidder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bidder_commission_id'), ['commission_id'], unique=False)

    op.create_table('currency',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('commission_id', sa.String(length=36), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('symbol', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('decimals', sa.Integer(), nullable=False),
    sa.Column('is_local', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['commission_id'], ['commission.id'], name=op.f('fk_currency_commission_id_commission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_currency')),
    sa.UniqueConstraint('commission_id', 'code', name=op.f('uq_currency_commission_id_code'))
    )
    with op.batch_alter_table('currency', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_currency_commission_id'), ['commission_id'], unique=False)

    op.create_table('evaluation_criterion',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('commission_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('weight', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['commission_id'], ['commission.id'], name=op.f('fk_evaluation_criterion_commission_id_commission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_criterion'))
    )
    with op.batch_alter_table('evaluation_criterion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_criterion_commission_id'), ['commission_id'], unique=False)

    op.create_table('feedback_question',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('commission_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('kind', sa.Enum('faces', 'yes_no', 'text', name='question_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.ForeignKeyConstraint(['commission_id'], ['commission.id'], name=op.f('fk_feedback_question_commission_id_commission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_question'))
    )
    with op.batch_alter_table('feedback_question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_question_commission_id'), ['commission_id'], unique=False)

    op.create_table('outcome_statement',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('commission_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('measure', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('proposed', 'agreed', 'merged', 'dropped', name='outcome_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('merged_into_id', sa.String(length=36), nullable=True),
    sa.Column('proposed_by', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['commission_id'], ['commission.id'], name=op.f('fk_outcome_statement_commission_id_commission'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['merged_into_id'], ['outcome_statement.id'], name=op.f('fk_outcome_statement_merged_into_id_outcome_statement'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_statement'))
    )
    with op.batch_alter_table('outcome_statement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_statement_commission_id'), ['commission_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_statement_merged_into_id'), ['merged_into_id'], unique=False)

    op.create_table('participant',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('commission_id', sa.String(length=36), nullable=False),
    sa.Column('pseudonym', sa.String(length=80), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=True),
    sa.Column('contact', sa.String(length=200), nullable=True),
    sa.Column('role', sa.Enum('young_person', 'service_user', 'facilitator', 'commissioner', 'observer', name='role', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('under_18', sa.Boolean(), nullable=False),
    sa.Column('consent_on', sa.Date(), nullable=True),
    sa.Column('guardian_consent_on', sa.Date(), nullable=True),
    sa.Column('language', sa.String(length=40), nullable=False),
    sa.Column('access_needs', sa.Text(), nullable=False),
    sa.Column('is_panellist', sa.Boolean(), nullable=False),
    sa.Column('withdrawn_on', sa.Date(), nullable=True),
    sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['commission_id'], ['commission.id'], name=op.f('fk_participant_commission_id_commission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participant')),
    sa.UniqueConstraint('commission_id', 'pseudonym', name=op.f('uq_participant_commission_id_pseudonym'))
    )
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participant_commission_id'), ['commission_id'], unique=False)

    op.create_table('tender',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('commission_id', sa.String(length=36), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('status', sa.Enum('draft', 'agreed', name='tender_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('scoring_scale_max', sa.Integer(), nullable=False),
    sa.Column('duration_months', sa.Integer(), nullable=False),
    sa.Column('agreed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['commission_id'], ['commission.id'], name=op.f('fk_tender_commission_id_commission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tender')),
    sa.UniqueConstraint('commission_id', name=op.f('uq_tender_commission_id'))
    )
    op.create_table('workshop',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('commission_id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.Column('venue', sa.String(length=200), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['commission_id'], ['commission.id'], name=op.f('fk_workshop_commission_id_commission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshop'))
    )
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_commission_id'), ['commission_id'], unique=False)

    op.create_table('agenda_item',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('workshop_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_agenda_item_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_item'))
    )
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_item_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('attendance',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('workshop_id', sa.String(length=36), nullable=False),
    sa.Column('participant_id', sa.String(length=36), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_attendance_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_attendance_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance')),
    sa.UniqueConstraint('workshop_id', 'participant_id', name=op.f('uq_attendance_workshop_id_participant_id'))
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendance_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('bid',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('commission_id', sa.String(length=36), nullable=False),
    sa.Column('bidder_id', sa.String(length=36), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('amount_minor', sa.Integer(), nullable=False),
    sa.Column('currency_code', sa.String(length=8), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('shortlisted', sa.Boolean(), nullable=False),
    sa.Column('interviewed_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['bidder_id'], ['bidder.id'], name=op.f('fk_bid_bidder_id_bidder'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['commission_id'], ['commission.id'], name=op.f('fk_bid_commission_id_commission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bid'))
    )
    with op.batch_alter_table('bid', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bid_bidder_id'), ['bidder_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bid_commission_id'), ['commission_id'], unique=False)

    op.create_table('feedback_sheet',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('commission_id', sa.String(length=36), nullable=False),
    sa.Column('workshop_id', sa.String(length=36), nullable=True),
    sa.Column('participant_id', sa.String(length=36), nullable=True),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('returned_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['commission_id'], ['commission.id'], name=op.f('fk_feedback_sheet_commission_id_commission'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_feedback_sheet_participant_id_participant'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_feedback_sheet_workshop_id_workshop'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_sheet')),
    sa.UniqueConstraint('code', name=op.f('uq_feedback_sheet_code'))
    )
    with op.batch_alter_table('feedback_sheet', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_sheet_commission_id'), ['commission_id'], unique=False)

    op.create_table('interview_question',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('commission_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('asked_by_id', sa.String(length=36), nullable=True),
    sa.Column('criterion_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['asked_by_id'], ['participant.id'], name=op.f('fk_interview_question_asked_by_id_participant'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['commission_id'], ['commission.id'], name=op.f('fk_interview_question_commission_id_commission'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['criterion_id'], ['evaluation_criterion.id'], name=op.f('fk_interview_question_criterion_id_evaluation_criterion'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interview_question'))
    )
    with op.batch_alter_table('interview_question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interview_question_commission_id'), ['commission_id'], unique=False)

    op.create_table('payment',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('commission_id', sa.String(length=36), nullable=False),
    sa.Column('participant_id', sa.String(length=36), nullable=False),
    sa.Column('workshop_id', sa.String(length=36), nullable=True),
    sa.Column('amount_minor', sa.Integer(), nullable=False),
    sa.Column('currency_code', sa.String(length=8), nullable=False),
    sa.Column('method', sa.Enum('cash', 'local_currency', 'voucher', 'bank_transfer', name='payment_method', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('receipt_number', sa.String(length=40), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['commission_id'], ['commission.id'], name=op.f('fk_payment_commission_id_commission'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_payment_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_payment_workshop_id_workshop'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment')),
    sa.UniqueConstraint('commission_id', 'receipt_number', name=op.f('uq_payment_commission_id_receipt_number'))
    )
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_commission_id'), ['commission_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_participant_id'), ['participant_id'], unique=False)

    op.create_table('speaking_turn',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('commission_id', sa.String(length=36), nullable=False),
    sa.Column('workshop_id', sa.String(length=36), nullable=True),
    sa.Column('participant_id', sa.String(length=36), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('seconds', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['commission_id'], ['commission.id'], name=op.f('fk_speaking_turn_commission_id_commission'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_speaking_turn_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_speaking_turn_workshop_id_workshop'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speaking_turn'))
    )
    with op.batch_alter_table('speaking_turn', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_speaking_turn_commission_id'), ['commission_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_speaking_turn_participant_id'), ['participant_id'], unique=False)

    op.create_table('tender_section',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('tender_id', sa.String(length=36), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('heading', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['tender_id'], ['tender.id'], name=op.f('fk_tender_section_tender_id_tender'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tender_section')),
    sa.UniqueConstraint('tender_id', 'key', name=op.f('uq_tender_section_tender_id_key'))
    )
    with op.batch_alter_table('tender_section', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tender_section_tender_id'), ['tender_id'], unique=False)

    op.create_table('tender_version',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('tender_id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('sections_json', sa.Text(), nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tender_id'], ['tender.id'], name=op.f('fk_tender_version_tender_id_tender'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tender_version')),
    sa.UniqueConstraint('tender_id', 'number', name=op.f('uq_tender_version_tender_id_number'))
    )
    with op.batch_alter_table('tender_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tender_version_tender_id'), ['tender_id'], unique=False)

    op.create_table('vote_round',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('commission_id', sa.String(length=36), nullable=False),
    sa.Column('workshop_id', sa.String(length=36), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('method', sa.Enum('dots', 'ranking', 'approval', 'score', name='vote_method', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('count_method', sa.Enum('dots', 'borda', 'schulze', 'irv', 'approval', 'score', name='count_method', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('dots_per_person', sa.Integer(), nullable=False),
    sa.Column('max_dots_per_option', sa.Integer(), nullable=False),
    sa.Column('score_min', sa.Integer(), nullable=False),
    sa.Column('score_max', sa.Integer(), nullable=False),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('visibility', sa.Enum('live', 'hidden_until_reveal', name='visibility', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('state', sa.Enum('draft', 'open', 'closed', 'revealed', name='round_state', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revealed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['commission_id'], ['commission.id'], name=op.f('fk_vote_round_commission_id_commission'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_vote_round_workshop_id_workshop'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vote_round'))
    )
    with op.batch_alter_table('vote_round', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vote_round_commission_id'), ['commission_id'], unique=False)

    op.create_table('ballot',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('round_id', sa.String(length=36), nullable=False),
    sa.Column('participant_id', sa.String(length=36), nullable=False),
    sa.Column('cast_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_ballot_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['vote_round.id'], name=op.f('fk_ballot_round_id_vote_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot')),
    sa.UniqueConstraint('round_id', 'participant_id', name=op.f('uq_ballot_round_id_participant_id'))
    )
    with op.batch_alter_table('ballot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ballot_round_id'), ['round_id'], unique=False)

    op.create_table('conflict_declaration',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('bid_id', sa.String(length=36), nullable=False),
    sa.Column('panellist_id', sa.String(length=36), nullable=False),
    sa.Column('nature', sa.Text(), nullable=False),
    sa.Column('declared_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['bid_id'], ['bid.id'], name=op.f('fk_conflict_declaration_bid_id_bid'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['panellist_id'], ['participant.id'], name=op.f('fk_conflict_declaration_panellist_id_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conflict_declaration')),
    sa.UniqueConstraint('bid_id', 'panellist_id', name=op.f('uq_conflict_declaration_bid_id_panellist_id'))
    )
    with op.batch_alter_table('conflict_declaration', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conflict_declaration_bid_id'), ['bid_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conflict_declaration_panellist_id'), ['panellist_id'], unique=False)

    op.create_table('decision',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('commission_id', sa.String(length=36), nullable=False),
    sa.Column('professional_recommendation_id', sa.String(length=36), nullable=True),
    sa.Column('professional_reasons', sa.Text(), nullable=False),
    sa.Column('group_reasons', sa.Text(), nullable=False),
    sa.Column('dissent', sa.Text(), nullable=False),
    sa.Column('how_decided', sa.Text(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['commission_id'], ['commission.id'], name=op.f('fk_decision_commission_id_commission'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['professional_recommendation_id'], ['bid.id'], name=op.f('fk_decision_professional_recommendation_id_bid'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision')),
    sa.UniqueConstraint('commission_id', name=op.f('uq_decision_commission_id'))
    )
    op.create_table('feedback_response',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('sheet_id', sa.String(length=36), nullable=False),
    sa.Column('question_id', sa.String(length=36), nullable=False),
    sa.Column('answer_number', sa.Integer(), nullable=True),
    sa.Column('answer_text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['feedback_question.id'], name=op.f('fk_feedback_response_question_id_feedback_question'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sheet_id'], ['feedback_sheet.id'], name=op.f('fk_feedback_response_sheet_id_feedback_sheet'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_response')),
    sa.UniqueConstraint('sheet_id', 'question_id', name=op.f('uq_feedback_response_sheet_id_question_id'))
    )
    with op.batch_alter_table('feedback_response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_response_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_response_sheet_id'), ['sheet_id'], unique=False)

    op.create_table('moderated_score',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('bid_id', sa.String(length=36), nullable=False),
    sa.Column('criterion_id', sa.String(length=36), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('mean_before', sa.Float(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('moderated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['bid_id'], ['bid.id'], name=op.f('fk_moderated_score_bid_id_bid'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['criterion_id'], ['evaluation_criterion.id'], name=op.f('fk_moderated_score_criterion_id_evaluation_criterion'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderated_score')),
    sa.UniqueConstraint('bid_id', 'criterion_id', name=op.f('uq_moderated_score_bid_id_criterion_id'))
    )
    with op.batch_alter_table('moderated_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderated_score_bid_id'), ['bid_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_moderated_score_criterion_id'), ['criterion_id'], unique=False)

    op.create_table('score',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('bid_id', sa.String(length=36), nullable=False),
    sa.Column('criterion_id', sa.String(length=36), nullable=False),
    sa.Column('panellist_id', sa.String(length=36), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('scored_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['bid_id'], ['bid.id'], name=op.f('fk_score_bid_id_bid'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['criterion_id'], ['evaluation_criterion.id'], name=op.f('fk_score_criterion_id_evaluation_criterion'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['panellist_id'], ['participant.id'], name=op.f('fk_score_panellist_id_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_score')),
    sa.UniqueConstraint('bid_id', 'criterion_id', 'panellist_id', name=op.f('uq_score_bid_id_criterion_id_panellist_id'))
    )
    with op.batch_alter_table('score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_score_bid_id'), ['bid_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_score_criterion_id'), ['criterion_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_score_panellist_id'), ['panellist_id'], unique=False)

    op.create_table('vote_option',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('round_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('outcome_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['outcome_id'], ['outcome_statement.id'], name=op.f('fk_vote_option_outcome_id_outcome_statement'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['round_id'], ['vote_round.id'], name=op.f('fk_vote_option_round_id_vote_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vote_option'))
    )
    with op.batch_alter_table('vote_option', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vote_option_round_id'), ['round_id'], unique=False)

    op.create_table('ballot_choice',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('ballot_id', sa.String(length=36), nullable=False),
    sa.Column('option_id', sa.String(length=36), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['ballot_id'], ['ballot.id'], name=op.f('fk_ballot_choice_ballot_id_ballot'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['option_id'], ['vote_option.id'], name=op.f('fk_ballot_choice_option_id_vote_option'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot_choice')),
    sa.UniqueConstraint('ballot_id', 'option_id', name=op.f('uq_ballot_choice_ballot_id_option_id'))
    )
    with op.batch_alter_table('ballot_choice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_choice_ballot_id'), ['ballot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ballot_choice_option_id'), ['option_id'], unique=False)

    op.create_table('funded_bid',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('decision_id', sa.String(length=36), nullable=False),
    sa.Column('bid_id', sa.String(length=36), nullable=False),
    sa.Column('amount_minor', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['bid_id'], ['bid.id'], name=op.f('fk_funded_bid_bid_id_bid'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_funded_bid_decision_id_decision'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funded_bid')),
    sa.UniqueConstraint('decision_id', 'bid_id', name=op.f('uq_funded_bid_decision_id_bid_id'))
    )
    with op.batch_alter_table('funded_bid', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_funded_bid_bid_id'), ['bid_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_funded_bid_decision_id'), ['decision_id'], unique=False)

    op.create_table('paper_tally',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('round_id', sa.String(length=36), nullable=False),
    sa.Column('option_id', sa.String(length=36), nullable=False),
    sa.Column('dots', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=120), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['option_id'], ['vote_option.id'], name=op.f('fk_paper_tally_option_id_vote_option'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['vote_round.id'], name=op.f('fk_paper_tally_round_id_vote_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_paper_tally'))
    )
    with op.batch_alter_table('paper_tally', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paper_tally_option_id'), ['option_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_paper_tally_round_id'), ['round_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('paper_tally', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_paper_tally_round_id'))
        batch_op.drop_index(batch_op.f('ix_paper_tally_option_id'))

    op.drop_table('paper_tally')
    with op.batch_alter_table('funded_bid', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_funded_bid_decision_id'))
        batch_op.drop_index(batch_op.f('ix_funded_bid_bid_id'))

    op.drop_table('funded_bid')
    with op.batch_alter_table('ballot_choice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_choice_option_id'))
        batch_op.drop_index(batch_op.f('ix_ballot_choice_ballot_id'))

    op.drop_table('ballot_choice')
    with op.batch_alter_table('vote_option', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vote_option_round_id'))

    op.drop_table('vote_option')
    with op.batch_alter_table('score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_score_panellist_id'))
        batch_op.drop_index(batch_op.f('ix_score_criterion_id'))
        batch_op.drop_index(batch_op.f('ix_score_bid_id'))

    op.drop_table('score')
    with op.batch_alter_table('moderated_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_moderated_score_criterion_id'))
        batch_op.drop_index(batch_op.f('ix_moderated_score_bid_id'))

    op.drop_table('moderated_score')
    with op.batch_alter_table('feedback_response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_response_sheet_id'))
        batch_op.drop_index(batch_op.f('ix_feedback_response_question_id'))

    op.drop_table('feedback_response')
    op.drop_table('decision')
    with op.batch_alter_table('conflict_declaration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conflict_declaration_panellist_id'))
        batch_op.drop_index(batch_op.f('ix_conflict_declaration_bid_id'))

    op.drop_table('conflict_declaration')
    with op.batch_alter_table('ballot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_round_id'))
        batch_op.drop_index(batch_op.f('ix_ballot_participant_id'))

    op.drop_table('ballot')
    with op.batch_alter_table('vote_round', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vote_round_commission_id'))

    op.drop_table('vote_round')
    with op.batch_alter_table('tender_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tender_version_tender_id'))

    op.drop_table('tender_version')
    with op.batch_alter_table('tender_section', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tender_section_tender_id'))

    op.drop_table('tender_section')
    with op.batch_alter_table('speaking_turn', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_speaking_turn_participant_id'))
        batch_op.drop_index(batch_op.f('ix_speaking_turn_commission_id'))

    op.drop_table('speaking_turn')
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_participant_id'))
        batch_op.drop_index(batch_op.f('ix_payment_commission_id'))

    op.drop_table('payment')
    with op.batch_alter_table('interview_question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interview_question_commission_id'))

    op.drop_table('interview_question')
    with op.batch_alter_table('feedback_sheet', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_sheet_commission_id'))

    op.drop_table('feedback_sheet')
    with op.batch_alter_table('bid', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bid_commission_id'))
        batch_op.drop_index(batch_op.f('ix_bid_bidder_id'))

    op.drop_table('bid')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_attendance_participant_id'))

    op.drop_table('attendance')
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_item_workshop_id'))

    op.drop_table('agenda_item')
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_commission_id'))

    op.drop_table('workshop')
    op.drop_table('tender')
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participant_commission_id'))

    op.drop_table('participant')
    with op.batch_alter_table('outcome_statement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outcome_statement_merged_into_id'))
        batch_op.drop_index(batch_op.f('ix_outcome_statement_commission_id'))

    op.drop_table('outcome_statement')
    with op.batch_alter_table('feedback_question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_question_commission_id'))

    op.drop_table('feedback_question')
    with op.batch_alter_table('evaluation_criterion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_criterion_commission_id'))

    op.drop_table('evaluation_criterion')
    with op.batch_alter_table('currency', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_currency_commission_id'))

    op.drop_table('currency')
    with op.batch_alter_table('bidder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bidder_commission_id'))

    op.drop_table('bidder')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_commission_id'))

    op.drop_table('audit_entry')
    op.drop_table('commission')

