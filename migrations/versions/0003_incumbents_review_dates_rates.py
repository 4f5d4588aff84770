"""Incumbents on deals, the date a survey was reviewed, exchange rates into the base currency

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 09:11:44.585430
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('fx_rate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('rate_micro', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('set_by', sa.String(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fx_rate')),
    sa.UniqueConstraint('currency', 'day', name=op.f('uq_fx_rate_currency'))
    )
    with op.batch_alter_table('fx_rate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fx_rate_currency'), ['currency'], unique=False)

    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('incumbent', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('incumbent_competitor_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_opportunity_incumbent_competitor_id_competitor'), 'competitor', ['incumbent_competitor_id'], ['id'])

    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reviewed_on', sa.Date(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.drop_column('reviewed_on')

    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_opportunity_incumbent_competitor_id_competitor'), type_='foreignkey')
        batch_op.drop_column('incumbent_competitor_id')
        batch_op.drop_column('incumbent')

    with op.batch_alter_table('fx_rate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fx_rate_currency'))

    op.drop_table('fx_rate')
