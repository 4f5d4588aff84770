"""Users and their managers, targets, the manager's forecast call, coaching actions, acknowledged
warnings, a forecast category per deal, a team scope on recorded reviews. Existing free-text names
(deal owners, survey answerers and reviewers, review scopes and reviewers) become users.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 11:50:00
"""

from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

MINOR = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
# every column holding a person's name before this revision (store.users.USER_COLUMNS after it)
NAMED = (('opportunity', 'owner'), ('survey', 'answered_by'), ('survey', 'reviewed_by'),
         ('review', 'owner'), ('review', 'by'))


def upgrade() -> None:
    op.create_table('app_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('manager', sa.String(), nullable=True),
    sa.Column('email', sa.String(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_app_user')),
    sa.UniqueConstraint('name', name=op.f('uq_app_user_name'))
    )
    op.create_index(op.f('ix_app_user_manager'), 'app_user', ['manager'], unique=False)
    for table in ('sales_target', 'forecast_call'):
        op.create_table(table,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user', sa.String(), nullable=False),
        sa.Column('period', sa.String(), nullable=False),
        sa.Column('amount_minor', MINOR, nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=False),
        *([sa.Column('note', sa.String(), nullable=True)] if table == 'forecast_call' else []),
        sa.Column('set_by', sa.String(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
        sa.UniqueConstraint('user', 'period', name=op.f(f'uq_{table}_user_period'))
        )
        op.create_index(op.f(f'ix_{table}_user'), table, ['user'], unique=False)
    op.create_table('coaching_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('opp_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(), nullable=False),
    sa.Column('owner', sa.String(), nullable=False),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('warning', sa.String(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('agreed_on', sa.Date(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('note', sa.String(), nullable=True),
    sa.Column('created_by', sa.String(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['opp_id'], ['opportunity.id'], name=op.f('fk_coaching_action_opp_id_opportunity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coaching_action')),
    sa.UniqueConstraint('code', name=op.f('uq_coaching_action_code'))
    )
    for col in ('opp_id', 'owner', 'due', 'status'):
        op.create_index(op.f(f'ix_coaching_action_{col}'), 'coaching_action', [col], unique=False)
    op.create_table('warning_ack',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('opp_id', sa.Integer(), nullable=False),
    sa.Column('warning', sa.String(), nullable=False),
    sa.Column('until', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(), nullable=False),
    sa.Column('facts', sa.String(), nullable=False),
    sa.Column('by', sa.String(), nullable=True),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['opp_id'], ['opportunity.id'], name=op.f('fk_warning_ack_opp_id_opportunity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_warning_ack'))
    )
    op.create_index(op.f('ix_warning_ack_opp_id'), 'warning_ack', ['opp_id'], unique=False)
    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('forecast_category', sa.String(), server_default='pipeline', nullable=False))
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team', sa.String(), nullable=True))

    # free-text names become users: one user per name as people type it again and again ("Mike Chen",
    # "mike chen ", " Mike Chen" are one person); every column is rewritten to that user's spelling (the
    # most used one; ties: the first in sort order), so each stored name is exactly a user's name
    bind = op.get_bind()
    used: dict[str, dict[str, int]] = {}
    for table, column in NAMED:
        rows = bind.execute(sa.text(f'SELECT "{column}", COUNT(*) FROM "{table}" WHERE "{column}" IS NOT NULL '
                                    f'GROUP BY "{column}"'))
        for name, n in rows:
            if name and name.strip():
                spellings = used.setdefault(name.strip().casefold(), {})
                spellings[name.strip()] = spellings.get(name.strip(), 0) + n
    canonical = {key: sorted(spellings.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
                 for key, spellings in used.items()}
    for table, column in NAMED:
        for name, in bind.execute(sa.text(f'SELECT DISTINCT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL')):
            if name and name.strip() and canonical[name.strip().casefold()] != name:
                bind.execute(sa.text(f'UPDATE "{table}" SET "{column}" = :new WHERE "{column}" = :old'),
                             {"new": canonical[name.strip().casefold()], "old": name})
    now = datetime.now(timezone.utc)
    users = sa.table('app_user', sa.column('name', sa.String()), sa.column('created_at', sa.DateTime(timezone=True)),
                     sa.column('updated_at', sa.DateTime(timezone=True)))
    if canonical:
        op.bulk_insert(users, [{'name': n, 'created_at': now, 'updated_at': now} for n in sorted(canonical.values())])


def downgrade() -> None:
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_column('team')
    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.drop_column('forecast_category')
    op.drop_index(op.f('ix_warning_ack_opp_id'), table_name='warning_ack')
    op.drop_table('warning_ack')
    for col in ('opp_id', 'owner', 'due', 'status'):
        op.drop_index(op.f(f'ix_coaching_action_{col}'), table_name='coaching_action')
    op.drop_table('coaching_action')
    for table in ('forecast_call', 'sales_target'):
        op.drop_index(op.f(f'ix_{table}_user'), table_name=table)
        op.drop_table(table)
    op.drop_index(op.f('ix_app_user_manager'), table_name='app_user')
    op.drop_table('app_user')
