"""explanation: word attributions of turn tags, cached per turn and model version (pipelines/explanations.py)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

Nothing to backfill: explanations are computed on demand.
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('explanation',
    sa.Column('model_version', sa.String(length=128), nullable=False),
    sa.Column('attributions', sa.JSON(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('turn_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], ),
    sa.ForeignKeyConstraint(['turn_id'], ['turn.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('turn_id', 'model_version', name='uq_explanation_turn_version')
    )
    with op.batch_alter_table('explanation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_explanation_contact_id'), ['contact_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('explanation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_explanation_contact_id'))
    op.drop_table('explanation')
