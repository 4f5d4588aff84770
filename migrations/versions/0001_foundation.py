"""foundation: accounts, contacts, deals, teams, history, compelling events

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 11:31:35.431112
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('industry', sa.String(), nullable=True),
    sa.Column('region', sa.String(), nullable=True),
    sa.Column('notes', sa.String(), nullable=True),
    sa.Column('external_id', sa.String(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account')),
    sa.UniqueConstraint('code', name=op.f('uq_account_code'))
    )
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_external_id'), ['external_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_account_name'), ['name'], unique=True)

    op.create_table('contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('title', sa.String(), nullable=True),
    sa.Column('department', sa.String(), nullable=True),
    sa.Column('reports_to_id', sa.Integer(), nullable=True),
    sa.Column('orientation', sa.String(), nullable=True),
    sa.Column('relationship', sa.String(), nullable=True),
    sa.Column('influence', sa.String(), nullable=True),
    sa.Column('circle', sa.String(), nullable=True),
    sa.Column('phone', sa.String(), nullable=True),
    sa.Column('email', sa.String(), nullable=True),
    sa.Column('notes', sa.String(), nullable=True),
    sa.Column('external_id', sa.String(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_contact_account_id_account')),
    sa.ForeignKeyConstraint(['reports_to_id'], ['contact.id'], name=op.f('fk_contact_reports_to_id_contact')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact')),
    sa.UniqueConstraint('account_id', 'name', name='uq_contact_account_name'),
    sa.UniqueConstraint('code', name=op.f('uq_contact_code'))
    )
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_external_id'), ['external_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_reports_to_id'), ['reports_to_id'], unique=False)

    op.create_table('opportunity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('owner', sa.String(), nullable=False),
    sa.Column('amount_minor', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('stage', sa.String(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('grade', sa.String(), nullable=False),
    sa.Column('grade_manual', sa.Boolean(), nullable=False),
    sa.Column('grade_reason', sa.String(), nullable=True),
    sa.Column('partner', sa.String(), nullable=True),
    sa.Column('registration_id', sa.String(), nullable=True),
    sa.Column('registration_status', sa.String(), nullable=True),
    sa.Column('close_date', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('lost_reason', sa.String(), nullable=True),
    sa.Column('approved_on', sa.Date(), nullable=True),
    sa.Column('approved_by', sa.String(), nullable=True),
    sa.Column('tender_issued_on', sa.Date(), nullable=True),
    sa.Column('bid_result', sa.String(), nullable=True),
    sa.Column('contract_signed_on', sa.Date(), nullable=True),
    sa.Column('external_id', sa.String(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_opportunity_account_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opportunity')),
    sa.UniqueConstraint('code', name=op.f('uq_opportunity_code'))
    )
    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opportunity_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_opportunity_close_date'), ['close_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_opportunity_external_id'), ['external_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_opportunity_grade'), ['grade'], unique=False)
        batch_op.create_index(batch_op.f('ix_opportunity_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_opportunity_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_opportunity_stage'), ['stage'], unique=False)
        batch_op.create_index(batch_op.f('ix_opportunity_status'), ['status'], unique=False)

    op.create_table('compelling_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('opp_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('evidence', sa.String(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('status_reason', sa.String(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['opp_id'], ['opportunity.id'], name=op.f('fk_compelling_event_opp_id_opportunity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_compelling_event')),
    sa.UniqueConstraint('code', name=op.f('uq_compelling_event_code'))
    )
    with op.batch_alter_table('compelling_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_compelling_event_opp_id'), ['opp_id'], unique=False)

    op.create_table('opp_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('opp_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('by', sa.String(), nullable=False),
    sa.Column('field', sa.String(), nullable=False),
    sa.Column('old', sa.String(), nullable=True),
    sa.Column('new', sa.String(), nullable=True),
    sa.Column('reason', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['opp_id'], ['opportunity.id'], name=op.f('fk_opp_change_opp_id_opportunity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opp_change'))
    )
    with op.batch_alter_table('opp_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opp_change_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_opp_change_opp_id'), ['opp_id'], unique=False)

    op.create_table('team_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('opp_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('department', sa.String(), nullable=False),
    sa.Column('role', sa.String(), nullable=True),
    sa.Column('stage_owner', sa.String(), nullable=True),
    sa.Column('person_days', sa.Float(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['opp_id'], ['opportunity.id'], name=op.f('fk_team_member_opp_id_opportunity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_member')),
    sa.UniqueConstraint('opp_id', 'name', name='uq_team_member_opp_name')
    )
    with op.batch_alter_table('team_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_member_opp_id'), ['opp_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('team_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_member_opp_id'))

    op.drop_table('team_member')
    with op.batch_alter_table('opp_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opp_change_opp_id'))
        batch_op.drop_index(batch_op.f('ix_opp_change_at'))

    op.drop_table('opp_change')
    with op.batch_alter_table('compelling_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_compelling_event_opp_id'))

    op.drop_table('compelling_event')
    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opportunity_status'))
        batch_op.drop_index(batch_op.f('ix_opportunity_stage'))
        batch_op.drop_index(batch_op.f('ix_opportunity_owner'))
        batch_op.drop_index(batch_op.f('ix_opportunity_name'))
        batch_op.drop_index(batch_op.f('ix_opportunity_grade'))
        batch_op.drop_index(batch_op.f('ix_opportunity_external_id'))
        batch_op.drop_index(batch_op.f('ix_opportunity_close_date'))
        batch_op.drop_index(batch_op.f('ix_opportunity_account_id'))

    op.drop_table('opportunity')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_reports_to_id'))
        batch_op.drop_index(batch_op.f('ix_contact_external_id'))
        batch_op.drop_index(batch_op.f('ix_contact_account_id'))

    op.drop_table('contact')
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_name'))
        batch_op.drop_index(batch_op.f('ix_account_external_id'))

    op.drop_table('account')
