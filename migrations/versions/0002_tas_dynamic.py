"""TAS+ dynamic half: competitors, surveys, win rate, stakeholders, activities, plan, reviews

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 11:31:43.586411
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # 0001 made opportunity.amount_minor INTEGER: 64-bit on SQLite, 32-bit on
    # PostgreSQL (at most 21 million in major units), so widen it there only.
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column('opportunity', 'amount_minor', type_=sa.BigInteger(), existing_type=sa.Integer(),
                        existing_nullable=False)
    op.create_table('competitor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('website', sa.String(), nullable=True),
    sa.Column('description', sa.String(), nullable=True),
    sa.Column('strengths', sa.String(), nullable=True),
    sa.Column('weaknesses', sa.String(), nullable=True),
    sa.Column('tactics', sa.String(), nullable=True),
    sa.Column('notes', sa.String(), nullable=True),
    sa.Column('external_id', sa.String(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competitor')),
    sa.UniqueConstraint('code', name=op.f('uq_competitor_code'))
    )
    with op.batch_alter_table('competitor', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competitor_external_id'), ['external_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_competitor_name'), ['name'], unique=True)

    op.create_table('review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('by', sa.String(), nullable=False),
    sa.Column('owner', sa.String(), nullable=True),
    sa.Column('since', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.String(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review'))
    )
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_at'), ['at'], unique=False)

    op.create_table('competitor_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competitor_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('text', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['competitor_id'], ['competitor.id'], name=op.f('fk_competitor_event_competitor_id_competitor')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competitor_event'))
    )
    with op.batch_alter_table('competitor_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competitor_event_competitor_id'), ['competitor_id'], unique=False)

    op.create_table('competitor_partner',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competitor_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('notes', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['competitor_id'], ['competitor.id'], name=op.f('fk_competitor_partner_competitor_id_competitor')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competitor_partner')),
    sa.UniqueConstraint('competitor_id', 'name', name='uq_competitor_partner_competitor_name')
    )
    with op.batch_alter_table('competitor_partner', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competitor_partner_competitor_id'), ['competitor_id'], unique=False)

    op.create_table('activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('opp_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('summary', sa.String(), nullable=False),
    sa.Column('outcome', sa.String(), nullable=True),
    sa.Column('tactic', sa.String(), nullable=True),
    sa.Column('answers', sa.String(), nullable=True),
    sa.Column('created_by', sa.String(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_activity_account_id_account')),
    sa.ForeignKeyConstraint(['opp_id'], ['opportunity.id'], name=op.f('fk_activity_opp_id_opportunity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity')),
    sa.UniqueConstraint('code', name=op.f('uq_activity_code'))
    )
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_opp_id'), ['opp_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_status'), ['status'], unique=False)

    op.create_table('competitor_quote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competitor_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('opp_id', sa.Integer(), nullable=True),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('amount_minor', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('product', sa.String(), nullable=True),
    sa.Column('notes', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_competitor_quote_account_id_account')),
    sa.ForeignKeyConstraint(['competitor_id'], ['competitor.id'], name=op.f('fk_competitor_quote_competitor_id_competitor')),
    sa.ForeignKeyConstraint(['opp_id'], ['opportunity.id'], name=op.f('fk_competitor_quote_opp_id_opportunity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competitor_quote'))
    )
    with op.batch_alter_table('competitor_quote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competitor_quote_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_competitor_quote_competitor_id'), ['competitor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_competitor_quote_opp_id'), ['opp_id'], unique=False)

    op.create_table('competitor_relation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competitor_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('relationship', sa.String(), nullable=True),
    sa.Column('notes', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_competitor_relation_account_id_account')),
    sa.ForeignKeyConstraint(['competitor_id'], ['competitor.id'], name=op.f('fk_competitor_relation_competitor_id_competitor')),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_competitor_relation_contact_id_contact')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competitor_relation'))
    )
    with op.batch_alter_table('competitor_relation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competitor_relation_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_competitor_relation_competitor_id'), ['competitor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_competitor_relation_contact_id'), ['contact_id'], unique=False)

    op.create_table('deal_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('opp_id', sa.Integer(), nullable=False),
    sa.Column('strategy', sa.String(), nullable=True),
    sa.Column('rationale', sa.String(), nullable=True),
    sa.Column('solution', sa.String(), nullable=True),
    sa.Column('business_value', sa.String(), nullable=True),
    sa.Column('proof_points', sa.String(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['opp_id'], ['opportunity.id'], name=op.f('fk_deal_plan_opp_id_opportunity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deal_plan')),
    sa.UniqueConstraint('opp_id', name=op.f('uq_deal_plan_opp_id'))
    )
    op.create_table('opp_competitor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('opp_id', sa.Integer(), nullable=False),
    sa.Column('competitor_id', sa.Integer(), nullable=False),
    sa.Column('is_winner', sa.Boolean(), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['competitor_id'], ['competitor.id'], name=op.f('fk_opp_competitor_competitor_id_competitor')),
    sa.ForeignKeyConstraint(['opp_id'], ['opportunity.id'], name=op.f('fk_opp_competitor_opp_id_opportunity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opp_competitor')),
    sa.UniqueConstraint('opp_id', 'competitor_id', name='uq_opp_competitor_opp_competitor')
    )
    with op.batch_alter_table('opp_competitor', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opp_competitor_competitor_id'), ['competitor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_opp_competitor_opp_id'), ['opp_id'], unique=False)

    op.create_table('stakeholder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('opp_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(), nullable=False),
    sa.Column('relationship', sa.String(), nullable=True),
    sa.Column('inside_source', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.String(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_stakeholder_contact_id_contact')),
    sa.ForeignKeyConstraint(['opp_id'], ['opportunity.id'], name=op.f('fk_stakeholder_opp_id_opportunity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stakeholder')),
    sa.UniqueConstraint('opp_id', 'contact_id', name='uq_stakeholder_opp_contact')
    )
    with op.batch_alter_table('stakeholder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stakeholder_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stakeholder_opp_id'), ['opp_id'], unique=False)

    op.create_table('survey',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('opp_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('inside_source', sa.Boolean(), nullable=False),
    sa.Column('source_contact_id', sa.Integer(), nullable=True),
    sa.Column('source_name', sa.String(), nullable=True),
    sa.Column('our_fit', sa.Integer(), nullable=False),
    sa.Column('our_closeness', sa.Integer(), nullable=False),
    sa.Column('answered_by', sa.String(), nullable=True),
    sa.Column('reviewed_by', sa.String(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['opp_id'], ['opportunity.id'], name=op.f('fk_survey_opp_id_opportunity')),
    sa.ForeignKeyConstraint(['source_contact_id'], ['contact.id'], name=op.f('fk_survey_source_contact_id_contact')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey')),
    sa.UniqueConstraint('code', name=op.f('uq_survey_code'))
    )
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_opp_id'), ['opp_id'], unique=False)

    op.create_table('tactic',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('opp_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(), nullable=False),
    sa.Column('strategy', sa.String(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['opp_id'], ['opportunity.id'], name=op.f('fk_tactic_opp_id_opportunity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tactic'))
    )
    with op.batch_alter_table('tactic', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tactic_opp_id'), ['opp_id'], unique=False)

    op.create_table('value_comparison',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('opp_id', sa.Integer(), nullable=False),
    sa.Column('competitor_id', sa.Integer(), nullable=False),
    sa.Column('dimension', sa.String(), nullable=False),
    sa.Column('verdict', sa.String(), nullable=False),
    sa.Column('note', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['competitor_id'], ['competitor.id'], name=op.f('fk_value_comparison_competitor_id_competitor')),
    sa.ForeignKeyConstraint(['opp_id'], ['opportunity.id'], name=op.f('fk_value_comparison_opp_id_opportunity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_value_comparison')),
    sa.UniqueConstraint('opp_id', 'competitor_id', 'dimension', name='uq_value_comparison_key')
    )
    with op.batch_alter_table('value_comparison', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_value_comparison_competitor_id'), ['competitor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_value_comparison_opp_id'), ['opp_id'], unique=False)

    op.create_table('activity_contact',
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_activity_contact_activity_id_activity')),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_activity_contact_contact_id_contact')),
    sa.PrimaryKeyConstraint('activity_id', 'contact_id', name=op.f('pk_activity_contact'))
    )
    with op.batch_alter_table('activity_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_contact_contact_id'), ['contact_id'], unique=False)

    op.create_table('survey_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('competitor_id', sa.Integer(), nullable=False),
    sa.Column('fit', sa.Integer(), nullable=False),
    sa.Column('closeness', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['competitor_id'], ['competitor.id'], name=op.f('fk_survey_score_competitor_id_competitor')),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_survey_score_survey_id_survey')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_score')),
    sa.UniqueConstraint('survey_id', 'competitor_id', name='uq_survey_score_survey_competitor')
    )
    with op.batch_alter_table('survey_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_score_competitor_id'), ['competitor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_score_survey_id'), ['survey_id'], unique=False)

    op.create_table('win_rate_point',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('opp_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('win_rate', sa.Integer(), nullable=True),
    sa.Column('rank', sa.Integer(), nullable=True),
    sa.Column('previous', sa.Integer(), nullable=True),
    sa.Column('is_event', sa.Boolean(), nullable=False),
    sa.Column('trigger', sa.String(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=True),
    sa.Column('reasons', sa.String(), nullable=False),
    sa.Column('inputs', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['opp_id'], ['opportunity.id'], name=op.f('fk_win_rate_point_opp_id_opportunity')),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_win_rate_point_survey_id_survey')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_win_rate_point'))
    )
    with op.batch_alter_table('win_rate_point', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_win_rate_point_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_win_rate_point_opp_id'), ['opp_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('win_rate_point', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_win_rate_point_opp_id'))
        batch_op.drop_index(batch_op.f('ix_win_rate_point_day'))

    op.drop_table('win_rate_point')
    with op.batch_alter_table('survey_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_score_survey_id'))
        batch_op.drop_index(batch_op.f('ix_survey_score_competitor_id'))

    op.drop_table('survey_score')
    with op.batch_alter_table('activity_contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_contact_contact_id'))

    op.drop_table('activity_contact')
    with op.batch_alter_table('value_comparison', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_value_comparison_opp_id'))
        batch_op.drop_index(batch_op.f('ix_value_comparison_competitor_id'))

    op.drop_table('value_comparison')
    with op.batch_alter_table('tactic', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tactic_opp_id'))

    op.drop_table('tactic')
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_opp_id'))
        batch_op.drop_index(batch_op.f('ix_survey_day'))

    op.drop_table('survey')
    with op.batch_alter_table('stakeholder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stakeholder_opp_id'))
        batch_op.drop_index(batch_op.f('ix_stakeholder_contact_id'))

    op.drop_table('stakeholder')
    with op.batch_alter_table('opp_competitor', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opp_competitor_opp_id'))
        batch_op.drop_index(batch_op.f('ix_opp_competitor_competitor_id'))

    op.drop_table('opp_competitor')
    op.drop_table('deal_plan')
    with op.batch_alter_table('competitor_relation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competitor_relation_contact_id'))
        batch_op.drop_index(batch_op.f('ix_competitor_relation_competitor_id'))
        batch_op.drop_index(batch_op.f('ix_competitor_relation_account_id'))

    op.drop_table('competitor_relation')
    with op.batch_alter_table('competitor_quote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competitor_quote_opp_id'))
        batch_op.drop_index(batch_op.f('ix_competitor_quote_competitor_id'))
        batch_op.drop_index(batch_op.f('ix_competitor_quote_account_id'))

    op.drop_table('competitor_quote')
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_status'))
        batch_op.drop_index(batch_op.f('ix_activity_opp_id'))
        batch_op.drop_index(batch_op.f('ix_activity_day'))
        batch_op.drop_index(batch_op.f('ix_activity_account_id'))

    op.drop_table('activity')
    with op.batch_alter_table('competitor_partner', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competitor_partner_competitor_id'))

    op.drop_table('competitor_partner')
    with op.batch_alter_table('competitor_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competitor_event_competitor_id'))

    op.drop_table('competitor_event')
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_at'))

    op.drop_table('review')
    with op.batch_alter_table('competitor', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competitor_name'))
        batch_op.drop_index(batch_op.f('ix_competitor_external_id'))

    op.drop_table('competitor')
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column('opportunity', 'amount_minor', type_=sa.Integer(), existing_type=sa.BigInteger(),
                        existing_nullable=False)
